"""Smoke test: the real `crisis-tui --offline` in tmux at 80x24, keys sent, the screen read back."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


def capture(session: str) -> str:
    return subprocess.run(["tmux", "capture-pane", "-p", "-t", session], capture_output=True, text=True).stdout


def wait_for(session: str, text: str, tries: int = 100) -> str:
    screen = ""
    for _ in range(tries):
        screen = capture(session)
        if text in screen:
            return screen
        time.sleep(0.1)
    return screen


def test_dashboard_runs_in_tmux_at_80x24(archive, tmp_path):
    session = f"crisis-tui-test-{uuid.uuid4().hex[:8]}"
    exe = Path(sys.executable).with_name("crisis-tui")
    command = f"{exe} --offline --db {archive}; sleep 5" if exe.exists() else \
        f"{sys.executable} -m crisis_tui --offline --db {archive}; sleep 5"
    env = {**os.environ, "TERM": "xterm-256color"}
    env.pop("TMUX", None)
    subprocess.run(["tmux", "new-session", "-d", "-s", session, "-x", "80", "-y", "24", "-c", str(tmp_path), command],
                   check=True, env=env)
    try:
        screen = wait_for(session, "feeds 3 ok 1 failing")
        assert "feeds 3 ok 1 failing" in screen and "Contacts" in screen
        assert "United States" in screen  # a real contact row from the seeds
        subprocess.run(["tmux", "send-keys", "-t", session, "4"], check=True)
        screen = wait_for(session, "Missiles hit Haifa")
        assert "Missiles hit Haifa" in screen and "[bold]Loud[/bold]" in screen
        assert "\x1b" not in screen
        subprocess.run(["tmux", "send-keys", "-t", session, "Down", "Enter"], check=True)
        screen = wait_for(session, "Iran struck Israel at Haifa")
        assert "Events (1)" in screen
        # Escape alone (a key right after it would read as alt+key), then q.
        subprocess.run(["tmux", "send-keys", "-t", session, "Escape"], check=True)
        screen = wait_for(session, "Contacts")
        assert "1 Contacts" in screen and "Events (1)" not in screen
        subprocess.run(["tmux", "send-keys", "-t", session, "q"], check=True)
        for _ in range(100):
            if "feeds 3 ok" not in capture(session):
                break
            time.sleep(0.1)
        assert "feeds 3 ok" not in capture(session)  # q quit the app
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
