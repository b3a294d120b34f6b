"""crisis-tui watch: print alerts as they land (one line each, or JSON Lines), for SSH and tmux.

The watcher only reads the archive: it remembers the id of the last alert it delivered and asks
for newer ones every half second. Alerts are written by the single ingest writer inside its
transaction, so ids become visible in increasing order and each watcher, however many there are,
prints each alert exactly once.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import timedelta

from crisis_tui.display import safe

EXEC_TIMEOUT = 10.0
EXEC_MAX_RUNNING = 4
POLL_INTERVAL = 0.5


def add_arguments(parser):
    parser.add_argument("--jsonl", action="store_true", help="one JSON object per alert instead of a text line")
    parser.add_argument("--since", metavar="DURATION",
                        help="first print the alerts of the last DURATION (e.g. 30m, 2h, 1d) that were missed")
    parser.add_argument("--once", action="store_true",
                        help="print the open (unacknowledged) alerts and exit")
    parser.add_argument("--bell", action="store_true", help="ring the terminal bell for each new alert")
    parser.add_argument("--exec", dest="exec_cmd", metavar="CMD",
                        help="run CMD (with sh) for each new alert; its fields are in CRISIS_ALERT_* variables")
    parser.add_argument("--exec-timeout", metavar="DURATION", default="10s",
                        help="kill an --exec command that runs longer than this (default 10s)")
    parser.add_argument("--severity", choices=("info", "warning", "critical"),
                        help="only alerts at or above this severity")
    parser.add_argument("--interval", metavar="DURATION", default="0.5s",
                        help="how often to look for new alerts (default 0.5s)")


def run(args, ctx) -> int:
    from crisis_tui.config import parse_duration

    try:
        since = parse_duration(args.since) if args.since else None
        exec_timeout = parse_duration(args.exec_timeout)
        interval = max(0.05, parse_duration(args.interval))
    except ValueError as exc:
        print(f"crisis-tui watch: {safe(exc.args[0] if exc.args else exc)!r} is not a duration like 30s, 2h",
              file=sys.stderr)
        return 2
    db = _open(ctx.db_path)
    if db is None:
        return 1
    out = AlertPrinter(jsonl=args.jsonl, bell=args.bell)
    runner = CommandRunner(args.exec_cmd, exec_timeout) if args.exec_cmd else None
    return watch(db, out, runner, since=since, once=args.once, severity=args.severity, interval=interval)


def _open(path):
    """The archive, waiting a little if a poller is creating or upgrading it right now."""
    import sqlite3

    from crisis_tui.store import StoreError, open_db

    deadline = time.monotonic() + 10
    while True:
        try:
            return open_db(path)
        except (StoreError, sqlite3.OperationalError) as exc:
            if "newer crisis-tui" in str(exc) or time.monotonic() > deadline:
                print(f"crisis-tui watch: {safe(exc)}", file=sys.stderr)
                return None
            time.sleep(0.2)


def watch(db, out: "AlertPrinter", runner: "CommandRunner | None", *, since: float | None = None,
          once: bool = False, severity: str | None = None, interval: float = POLL_INTERVAL) -> int:
    """The watch loop; returns the exit status (0 after Ctrl-C or SIGTERM)."""
    from crisis_tui import alerts
    from crisis_tui.store import iso, utcnow

    wanted = set(alerts.severities_at_or_above(severity))
    if once:
        pending = [a for a in alerts.open_alerts(db, severity)]
        if since is not None:
            cutoff = iso(utcnow() - timedelta(seconds=since))
            pending = [a for a in pending if a.created >= cutoff]
        for alert in pending:
            out.alert(alert)
        if runner:
            for alert in pending:
                runner.submit(alert)
            runner.close()
        return 0

    # A plain flag: setting a threading.Event from a signal handler can deadlock on its lock.
    stopping: list[int] = []
    previous = {sig: signal.signal(sig, lambda signum, _frame: stopping.append(signum))
                for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        # Start after the newest alert; what was missed before it comes from --since.
        last_id = alerts.last_alert_id(db)
        if since is not None:
            cutoff = iso(utcnow() - timedelta(seconds=since))
            for alert in alerts.alerts_since(db, cutoff, up_to_id=last_id):
                if alert.severity in wanted:
                    out.alert(alert)
        out.note(f"watching {last_id and f'after alert {last_id}' or 'for alerts'} (Ctrl-C to stop)")
        while not stopping:
            try:
                batch = alerts.alerts_after(db, last_id)
            except Exception as exc:  # a locked or busy archive is retried, never fatal
                out.note(f"cannot read alerts yet: {safe(exc)}")
                batch = []
            for alert in batch:
                last_id = alert.id
                if alert.severity not in wanted:
                    continue
                out.alert(alert)
                if runner:
                    runner.submit(alert)
            if runner:
                runner.reap()
            if len(batch) < 500 and not stopping:
                time.sleep(interval)  # a signal ends the sleep's effect: the loop checks the flag
    finally:
        if runner:
            runner.close(grace=min(2.0, runner.timeout))
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0


class AlertPrinter:
    """Writes alerts to stdout: a safe text line each, or JSON Lines; notes go to stderr."""

    SEVERITY_WORD = {"critical": "CRITICAL", "warning": "WARNING ", "info": "info    "}

    def __init__(self, jsonl: bool = False, bell: bool = False, stream=None, err=None):
        self.jsonl, self.bell = jsonl, bell
        self.stream = stream or sys.stdout
        self.err = err or sys.stderr

    def alert(self, alert) -> None:
        if self.jsonl:
            line = json.dumps(alert_json(alert), ensure_ascii=False)
        else:
            line = format_alert(alert)
        if self.bell:
            # The bell on stdout in text mode; on stderr with --jsonl, so the JSON stays clean.
            (self.err if self.jsonl else self.stream).write("\a")
            if self.jsonl:
                self.err.flush()
        self.stream.write(line + "\n")
        self.stream.flush()

    def note(self, message: str) -> None:
        print(f"crisis-tui watch: {message}", file=self.err, flush=True)


def format_alert(alert) -> str:
    """`2025-06-13 04:12:07Z CRITICAL nuclear-site-strike  strike · ... [2 sources] https://...`"""
    when = alert.created.replace("T", " ")
    n = alert.n_sources
    parts = [when, AlertPrinter.SEVERITY_WORD.get(alert.severity, safe(alert.severity, 8)), safe(alert.rule, 60),
             " " + safe(alert.summary, 240), f"[{n} source{'s' if n != 1 else ''}]"]
    if alert.link:
        parts.append(safe(alert.link, 300))
    if alert.acked:
        parts.append(f"(acknowledged by {safe(alert.acked_by or '?', 60)})")
    return " ".join(parts)


def alert_json(alert) -> dict:
    """The alert's fields, every string made safe for a terminal."""
    return {k: (safe(v, 2000) if isinstance(v, str) else v) for k, v in alert.to_dict().items()}


def alert_environment(alert) -> dict[str, str]:
    """CRISIS_ALERT_* variables for an --exec command (values are single safe lines)."""
    fields = {
        "ID": alert.id, "SEVERITY": alert.severity, "RULE": alert.rule, "KIND": alert.kind,
        "SUMMARY": alert.summary, "LINK": alert.link or "", "SOURCES": alert.n_sources,
        "FIRST_SOURCE": alert.first_source or "", "LATEST_SOURCE": alert.latest_source or "",
        "CREATED": alert.created, "TEXT": format_alert(alert),
    }
    env = {f"CRISIS_ALERT_{k}": safe(v, 2000) for k, v in fields.items()}
    env["CRISIS_ALERT_JSON"] = json.dumps(alert_json(alert), ensure_ascii=True)
    return env


class CommandRunner:
    """Runs --exec commands in the background, a few at a time, each with a time limit.

    A command that fails or hangs is reported on stderr and killed; the watch goes on. Alert
    fields reach the command only through the environment, never through the shell's parsing.
    """

    def __init__(self, command: str, timeout: float = EXEC_TIMEOUT, max_running: int = EXEC_MAX_RUNNING, err=None):
        self.command, self.timeout, self.max_running = command, timeout, max_running
        self.err = err or sys.stderr
        self.running: list[tuple[subprocess.Popen, float, int]] = []
        self.queue: list = []

    def submit(self, alert) -> None:
        self.queue.append(alert)
        self.reap()

    def _start(self, alert) -> None:
        env = {**os.environ, **alert_environment(alert)}
        try:
            proc = subprocess.Popen(self.command, shell=True, env=env, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.DEVNULL if not sys.stdout.isatty() else None,
                                    start_new_session=True)
        except OSError as exc:
            self._say(f"--exec could not start for alert {alert.id}: {safe(exc)}")
            return
        self.running.append((proc, time.monotonic() + self.timeout, alert.id))

    def reap(self) -> None:
        now = time.monotonic()
        still = []
        for proc, deadline, alert_id in self.running:
            code = proc.poll()
            if code is None and now > deadline:
                self._kill(proc)
                self._say(f"--exec for alert {alert_id} ran over {self.timeout:g}s and was stopped")
            elif code is None:
                still.append((proc, deadline, alert_id))
            elif code != 0:
                self._say(f"--exec for alert {alert_id} failed with exit status {code}")
        self.running = still
        while self.queue and len(self.running) < self.max_running:
            self._start(self.queue.pop(0))

    def close(self, grace: float | None = None) -> None:
        """Let running commands finish within their time limit, then stop the rest."""
        end = time.monotonic() + (self.timeout if grace is None else grace)
        while (self.running or self.queue) and time.monotonic() < end:
            self.reap()
            time.sleep(0.05)
        for proc, _deadline, alert_id in self.running:
            self._kill(proc)
            self._say(f"--exec for alert {alert_id} was stopped at exit")
        self.running = []

    @staticmethod
    def _kill(proc: subprocess.Popen) -> None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the shell and whatever it started
        except (ProcessLookupError, PermissionError):
            pass
        try:
            proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            pass

    def _say(self, message: str) -> None:
        print(f"crisis-tui watch: {message}", file=self.err, flush=True)
