"""`crisis-tui watch` and `status` as real processes on a real archive, written by a real poller."""

from __future__ import annotations

import json
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from crisis_tui import alerts
from crisis_tui.store import open_db
from feedserver import rss
from test_alerts import Archive, natanz_strike

pytestmark = pytest.mark.slow

NATANZ_ITEM = {
    "title": "Israel strikes Iran's Natanz site \u202e[bold red]URGENT[/]",
    "link": "http://127.0.0.1/wire/natanz",
    "guid": "wire-natanz",
    "date": "Fri, 13 Jun 2025 03:00:00 GMT",
    "description": "Israeli air strikes hit the Natanz nuclear facility on Friday, Iranian officials said.",
}
NATANZ_AGAIN = {
    "title": "Blasts reported at Natanz",
    "link": "http://127.0.0.1/agency/natanz",
    "guid": "agency-natanz",
    "date": "Fri, 13 Jun 2025 03:30:00 GMT",
    # Worded so the tagger extracts the same attacker, target and place: the same event cluster.
    "description": "Israeli air strikes hit the Natanz nuclear facility overnight, state television said.",
}
BENIGN = {
    "title": "Markets steady in Asia",
    "link": "http://127.0.0.1/wire/markets",
    "guid": "wire-markets",
    "date": "Fri, 13 Jun 2025 01:00:00 GMT",
    "description": "Stock markets in Tokyo and Seoul were little changed on Friday.",
}


class Proc:
    """A `python -m crisis_tui ...` subprocess whose stdout and stderr lines land in queues."""

    def __init__(self, *args: str, cwd: Path):
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "NO_COLOR": "1"}
        self.p = subprocess.Popen([sys.executable, "-m", "crisis_tui", *args], cwd=cwd, env=env,
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                                  text=True, encoding="utf-8", errors="replace")
        self.out: queue.Queue[str] = queue.Queue()
        self.err: queue.Queue[str] = queue.Queue()
        self.err_lines: list[str] = []
        for stream, q in ((self.p.stdout, self.out), (self.p.stderr, self.err)):
            threading.Thread(target=self._pump, args=(stream, q), daemon=True).start()

    @staticmethod
    def _pump(stream, q):
        for line in stream:
            q.put(line.rstrip("\n"))

    def line(self, timeout: float = 30.0) -> str:
        return self.out.get(timeout=timeout)

    def lines_now(self) -> list[str]:
        got = []
        while True:
            try:
                got.append(self.out.get_nowait())
            except queue.Empty:
                return got

    def wait_err(self, words: str, timeout: float = 30.0) -> str:
        for line in self.err_lines:
            if words in line:
                return line
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                line = self.err.get(timeout=0.2)
            except queue.Empty:
                if self.p.poll() is not None:
                    break
                continue
            self.err_lines.append(line)
            if words in line:
                return line
        raise AssertionError(f"no {words!r} on stderr; got {self.err_lines}")

    def stop(self, sig=signal.SIGTERM, timeout: float = 10.0) -> int:
        if self.p.poll() is None:
            self.p.send_signal(sig)
        return self.p.wait(timeout=timeout)

    def kill(self):
        if self.p.poll() is None:
            self.p.kill()
            self.p.wait()


def wait_for(condition, timeout: float = 30.0, what: str = "condition"):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def query(db_path: Path, sql: str, params=()):
    conn = sqlite3.connect(db_path, timeout=30)
    try:
        return conn.execute(sql, params).fetchall()
    except sqlite3.OperationalError:
        return []  # the poller is still creating the schema
    finally:
        conn.close()


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "crisis_tui", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", timeout=60)


def test_a_natanz_strike_reaches_each_watcher_exactly_once(tmp_path, feed_server):
    feed_server.set_feed("wire", rss("Wire", [BENIGN]))
    feed_server.set_feed("agency", rss("Agency", []))
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(
        "poll:\n  interval: 1s\n  jitter: 0\n  timeout: 3s\n  deadline: 5s\n  workers: 1\n"
        "feeds:\n"
        f"  - {{name: Wire, url: '{feed_server.url('/doc/wire')}'}}\n"
        f"  - {{name: Agency, url: '{feed_server.url('/doc/agency')}'}}\n"
        "alerts:\n"
        "  - {name: nuclear-site-strike, severity: critical, kind: strike, places: [Natanz, Fordow], cooldown: 1h}\n"
        "  - {name: confirmed-strike, severity: warning, kind: strike, min_sources: 2}\n",
        encoding="utf-8")
    db = tmp_path / "crisis.db"
    common = ("--config", str(cfg), "--db", str(db))
    poller = Proc("poll", *common, cwd=tmp_path)
    watchers: list[Proc] = []
    try:
        wait_for(lambda: query(db, "SELECT COUNT(*) FROM articles")[0][0] == 1 if query(db, "SELECT 1 FROM articles")
                 else False, what="the first poll")
        watchers = [Proc("watch", *common, "--jsonl", "--since", "1h", cwd=tmp_path),
                    Proc("watch", *common, "--jsonl", cwd=tmp_path),
                    Proc("watch", *common, cwd=tmp_path)]  # plain text lines
        for w in watchers:
            w.wait_err("watching")

        feed_server.set_feed("wire", rss("Wire", [BENIGN, NATANZ_ITEM]))
        got = [json.loads(w.line()) for w in watchers[:2]]
        text = watchers[2].line()
        assert got[0] == got[1]
        alert = got[0]
        assert (alert["rule"], alert["severity"], alert["kind"]) == ("nuclear-site-strike", "critical", "strike")
        assert "Natanz" in alert["summary"] and alert["link"] == NATANZ_ITEM["link"]
        assert alert["first_source"] == "Wire" and alert["n_sources"] == 1
        assert "\u202e" not in json.dumps(alert, ensure_ascii=False)
        assert text.split()[2:4] == ["CRITICAL", "nuclear-site-strike"] and NATANZ_ITEM["link"] in text
        assert "\u202e" not in text and "\x1b" not in text and "[1 source]" in text

        # A second outlet reports the same strike: the alert gains a source, no new nuclear alert.
        feed_server.set_feed("agency", rss("Agency", [NATANZ_AGAIN]))
        wait_for(lambda: query(db, "SELECT n_sources FROM alerts WHERE id = ?", [alert["id"]]) == [(2,)],
                 what="the second source")
        confirmed = [json.loads(w.line()) for w in watchers[:2]]
        assert confirmed[0] == confirmed[1] and confirmed[0]["rule"] == "confirmed-strike"
        assert "confirmed-strike" in watchers[2].line()
        # More polling rounds of unchanged feeds deliver nothing more to anyone.
        time.sleep(3)
        assert [w.lines_now() for w in watchers] == [[], [], []]
        assert query(db, "SELECT rule, n_sources FROM alerts ORDER BY id") == [("nuclear-site-strike", 2),
                                                                               ("confirmed-strike", 2)]

        # What is pending, for a watcher started now.
        pending = run_cli("watch", *common, "--once", "--jsonl", cwd=tmp_path)
        assert pending.returncode == 0
        assert [json.loads(line)["id"] for line in pending.stdout.splitlines()] == [alert["id"], confirmed[0]["id"]]
        st = json.loads(run_cli("status", *common, "--format", "json", cwd=tmp_path).stdout)
        assert st["open"]["critical"] == 1 and st["open"]["warning"] == 1

        # Acknowledged in one place, acknowledged everywhere.
        viewer = open_db(db)
        assert alerts.ack_alert(viewer, alert["id"], by="analyst@desk")
        for conn in (viewer, open_db(db), sqlite3.connect(db)):
            acked = alerts.get_alert(conn, alert["id"])
            assert acked.acked and acked.acked_by == "analyst@desk"
        pending = run_cli("watch", *common, "--once", "--jsonl", cwd=tmp_path)
        assert [json.loads(line)["id"] for line in pending.stdout.splitlines()] == [confirmed[0]["id"]]
        assert run_cli("status", *common, cwd=tmp_path).stdout.startswith("1 warning")

        # Ctrl-C and SIGTERM end a watcher cleanly.
        assert watchers[0].stop(signal.SIGTERM) == 0
        assert watchers[1].stop(signal.SIGINT) == 0
        assert watchers[2].stop(signal.SIGTERM) == 0
        assert not any("Traceback" in line for w in watchers for line in w.err_lines + w.lines_now())
        assert poller.stop(signal.SIGTERM, timeout=30) == 0
    finally:
        for w in watchers:
            w.kill()
        poller.kill()


def test_exec_runs_per_alert_and_survives_failing_and_hanging_commands(tmp_path):
    ar = Archive(tmp_path / "a.db")  # this test process is the writer
    record = tmp_path / "exec.log"
    script = tmp_path / "notify.sh"
    script.write_text(
        '#!/bin/sh\n'
        'case "$CRISIS_ALERT_RULE" in\n'
        '  nuclear-site-strike) sleep 60 ;;\n'  # hangs: killed at the time limit
        '  confirmed-strike) exit 3 ;;\n'  # fails: reported
        'esac\n'
        f'printf "%s|%s|%s|%s|%s|%s\\n" "$CRISIS_ALERT_ID" "$CRISIS_ALERT_SEVERITY" "$CRISIS_ALERT_RULE" '
        f'"$CRISIS_ALERT_SOURCES" "$CRISIS_ALERT_LINK" "$CRISIS_ALERT_SUMMARY" >> "{record}"\n',
        encoding="utf-8")
    script.chmod(0o755)
    w = Proc("watch", "--db", str(ar.path), "--exec", f"'{script}'", "--exec-timeout", "1s", cwd=tmp_path)
    try:
        w.wait_err("watching")
        s = "Israeli air strikes hit the Natanz nuclear facility on Friday."
        ar.store("Reuters", "r1", "Israel strikes Natanz", s, [natanz_strike(s)])
        ar.store("AP", "a1", "Blasts at Natanz", s + " More.", [natanz_strike(s + " More.")])  # confirmed-strike
        ar.store("UN", "u1", "Ceasefire \x1b[2J announced", "A ceasefire was announced.", labels=())
        lines = [w.line() for _ in range(3)]
        assert [line.split()[3] for line in lines] == ["nuclear-site-strike", "confirmed-strike", "ceasefire"]
        w.wait_err("failed with exit status 3")
        w.wait_err("ran over 1s and was stopped")
        wait_for(lambda: record.exists() and record.read_text().strip(), what="the ceasefire command")
        [row] = record.read_text().splitlines()
        alert_id, severity, rule, sources, link, summary = row.split("|")
        assert (severity, rule, sources, link) == ("warning", "ceasefire", "1", "http://127.0.0.1/UN/u1")
        assert "\x1b" not in summary and summary.startswith("Ceasefire")
        # The watch is still alive and delivering after both bad commands.
        ar.now = "2025-06-13T08:00:00Z"
        ar.store("UN", "u2", "Truce broken", "The ceasefire collapsed.", labels=())
        assert "ceasefire" in w.line()
        assert w.stop(signal.SIGTERM) == 0
    finally:
        w.kill()


def test_since_prints_what_was_missed_then_only_new_ones(tmp_path):
    ar = Archive(tmp_path / "a.db", now=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
    s = "Israeli air strikes hit the Natanz nuclear facility on Friday."
    ar.store("Reuters", "r1", "Israel strikes Natanz", s, [natanz_strike(s)])
    ar.store("UN", "u1", "Ceasefire announced", "A ceasefire was announced.", labels=())
    old = alerts.open_alerts(ar.db)
    assert len(old) == 2
    # An old alert (three hours ago) is not printed by --since 2h.
    ar.db.execute("UPDATE alerts SET created = '2000-01-01T00:00:00Z' WHERE id = ?", [old[0].id])
    w = Proc("watch", "--db", str(ar.path), "--jsonl", "--since", "2h", cwd=tmp_path)
    quiet = Proc("watch", "--db", str(ar.path), "--jsonl", "--severity", "critical", cwd=tmp_path)
    try:
        assert json.loads(w.line())["id"] == old[1].id
        w.wait_err("watching")
        quiet.wait_err("watching")
        ar.now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 7200))
        s2 = "Israeli jets struck the Fordow enrichment site."
        [new] = ar.store("AP", "a2", "Fordow", s2, [natanz_strike(s2, places=("Fordow",))])
        assert json.loads(w.line())["id"] == new
        assert json.loads(quiet.line())["id"] == new
        assert w.stop(signal.SIGINT) == 0 and quiet.stop() == 0
        assert w.lines_now() == [] and quiet.lines_now() == []
    finally:
        w.kill()
        quiet.kill()


def test_bad_duration_and_missing_archive(tmp_path):
    bad = run_cli("watch", "--db", str(tmp_path / "a.db"), "--since", "soon", cwd=tmp_path)
    assert bad.returncode == 2 and "not a duration" in bad.stderr
    missing = run_cli("status", "--db", str(tmp_path / "none.db"), cwd=tmp_path)
    assert missing.returncode == 1 and missing.stdout.strip() == "no archive yet"
