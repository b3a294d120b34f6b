"""serve: textual-serve answers a real HTTP request on 127.0.0.1, and only on loopback by default."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from offline_archive import REPO


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _non_loopback_address() -> str | None:
    # A UDP "connect" picks the outgoing interface without sending anything.
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        try:
            s.connect(("192.0.2.1", 9))
            address = s.getsockname()[0]
        except OSError:
            return None
    return None if address.startswith("127.") or address == "0.0.0.0" else address


@pytest.mark.slow
def test_serve_answers_on_loopback(tmp_path):
    port = _free_port()
    db = tmp_path / "archive.db"
    proc = subprocess.Popen(
        [sys.executable, "-m", "crisis_tui", "--db", str(db), "--config", str(REPO / "feeds.yaml"), "serve",
         "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
    )
    try:
        body, status = None, None
        deadline = time.monotonic() + 60  # how long to wait for the server to come up, not a speed assert
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                    status, body = response.status, response.read().decode("utf-8", "replace")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.2)
        assert proc.poll() is None, proc.stderr.read()
        assert status == 200
        assert "<html" in body.lower() and "crisis-tui" in body
        # The page's websocket runs this archive's dashboard, offline.
        assert f"127.0.0.1:{port}" in body
        # Bound to loopback only: the machine's other address (if it has one) refuses the connection.
        other = _non_loopback_address()
        if other:
            with socket.socket() as s, pytest.raises(ConnectionRefusedError):
                s.settimeout(5)
                s.connect((other, port))
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()


def test_dashboard_command_names_this_archive(tmp_path):
    import argparse
    import shlex

    from crisis_tui.cli import Context
    from crisis_tui.commands.serve import dashboard_command

    ctx = Context(argparse.Namespace(db=str(tmp_path / "a b.db"), config=str(REPO / "feeds.yaml")))
    argv = shlex.split(dashboard_command(ctx))
    assert argv[:3] == [sys.executable, "-m", "crisis_tui"]
    assert argv[argv.index("--db") + 1] == str(tmp_path / "a b.db")
    assert argv[argv.index("--config") + 1] == str(REPO / "feeds.yaml")
    assert "--offline" in argv and "--offline" not in shlex.split(dashboard_command(ctx, live=True))
