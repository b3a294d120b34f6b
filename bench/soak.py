"""Soak: 2,000 feeds changing continuously, the poller, the dashboard under run_test(), three
`crisis-tui watch` processes and searches in a loop, for N minutes (default 10).

Prints articles stored, lock errors (goal 0), the memory growth of each process after a warm-up
(goal: flat) and the slowest dashboard response to a key press.

    python bench/soak.py [--minutes 10] [--feeds 2000] [--interval 60s] [--keep DIR]

Roles used internally: `--role farm` (the feed server, its own process) and `--role searcher`.
"""

from __future__ import annotations

import argparse
import asyncio
import email.utils
import json
import os
import random
import re
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

LOCK = re.compile(r"database is locked|database table is locked|SQLITE_BUSY", re.I)
WORDS = ("Iran Israel talks strike missile Geneva ceasefire minister said aid Gaza drone envoy phone call met "
         "hospital killed reported Tehran Haifa markets officials statement army").split()


def rss_item(rng, feed: int, n: int) -> dict:
    text = " ".join(rng.choice(WORDS) for _ in range(40))
    # dated now, so the dashboard's time window shows them
    return {"title": f"Feed {feed} story {n}: {' '.join(rng.choice(WORDS) for _ in range(6))}",
            "link": f"http://127.0.0.1/f{feed}/s{n}", "guid": f"f{feed}-s{n}", "description": text,
            "date": email.utils.formatdate(time.time() - rng.uniform(0, 3600), usegmt=True)}


def role_farm(port_file: str, n_feeds: int, change_per_s: float) -> None:
    """Serve n_feeds feeds of 10 items; add a new item to random feeds, change_per_s per second."""
    from feedserver import FeedServer, rss

    from http.server import ThreadingHTTPServer

    ThreadingHTTPServer.request_queue_size = 512  # the default 5 refuses bursts of 16 connections
    rng = random.Random(5)
    items = {f: [rss_item(rng, f, i) for i in range(10)] for f in range(n_feeds)}
    server = FeedServer()
    for f, its in items.items():
        server.set_feed(f"f{f}", rss(f"Feed {f}", its))
    with server:
        Path(port_file).write_text(str(server.httpd.server_address[1]))
        counter = 10
        while True:
            time.sleep(1.0)
            for _ in range(int(change_per_s)):
                f = rng.randrange(n_feeds)
                counter += 1
                items[f] = ([rss_item(rng, f, counter)] + items[f])[:10]
                server.set_feed(f"f{f}", rss(f"Feed {f}", items[f]))


def role_searcher(db: str, stop_file: str) -> None:
    """Search in a loop until stop_file exists; print one JSON line with counts and timings."""
    from crisis_tui.search import search
    from crisis_tui.store import open_db

    queries = ["Iran", "talks AND Geneva", '"air strike"', "missile OR drone", "ceasefire NOT markets", "envoy*"]
    conn = open_db(db)
    n, errors, locks, times = 0, 0, 0, []
    while not os.path.exists(stop_file):
        t = time.perf_counter()
        try:
            search(conn, queries[n % len(queries)], limit=50, sort="time" if n % 2 else "rank")
        except Exception as exc:  # counted, never fatal: the soak reports them
            errors += 1
            locks += bool(LOCK.search(str(exc)))
        times.append(time.perf_counter() - t)
        n += 1
        time.sleep(0.2)
    print(json.dumps({"searches": n, "errors": errors, "locks": locks,
                      "median_ms": round(statistics.median(times) * 1000, 1) if times else None,
                      "max_ms": round(max(times) * 1000, 1) if times else None}), flush=True)


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def tree_rss_mb(pid: int) -> float:
    """RSS of a process and its children (the poller's parser processes)."""
    total = rss_mb(pid)
    try:
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        children = []
    return total + sum(tree_rss_mb(int(c)) for c in children)


async def drive_dashboard(db: Path, settings, seconds: float, warmup: float, samples: dict) -> dict:
    """The dashboard under run_test(): keys pressed in a loop; the time each takes to be handled."""
    from crisis_tui.tui.app import CrisisApp

    app = CrisisApp(settings, db, poll=False)
    keys = ["1", "2", "3", "4", "tab", "down", "down", "enter", "escape", "w", "w", "w", "w", "m", "m", "x"]
    times = []
    async with app.run_test(size=(160, 48)) as pilot:
        start = time.monotonic()
        i = 0
        while time.monotonic() - start < seconds:
            key = keys[i % len(keys)]
            t = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            elapsed = time.perf_counter() - t
            if time.monotonic() - start > warmup:
                times.append((elapsed, key))
            if "dashboard_warm" not in samples and time.monotonic() - start > warmup:
                samples["dashboard_warm"] = rss_mb(os.getpid())
            i += 1
            await asyncio.sleep(0.25)
        rows = sum(p.row_count for p in app.main.panes.values()) if app.main else 0
    samples["dashboard_end"] = rss_mb(os.getpid())
    times.sort()
    return {"presses": len(times), "median_ms": round(statistics.median(t for t, _ in times) * 1000, 1) if times else None,
            "slowest_ms": round(times[-1][0] * 1000, 1) if times else None, "slowest_key": times[-1][1] if times else None,
            "rows_on_screen": rows}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--minutes", type=float, default=10)
    ap.add_argument("--feeds", type=int, default=2000)
    ap.add_argument("--interval", default="60s", help="each feed's poll interval")
    ap.add_argument("--changes", type=float, default=10, help="feeds changed per second")
    ap.add_argument("--watchers", type=int, default=3)
    ap.add_argument("--keep", metavar="DIR")
    ap.add_argument("--role", choices=("farm", "searcher"))
    ap.add_argument("args", nargs="*")
    args = ap.parse_args()
    if args.role == "farm":
        role_farm(args.args[0], int(args.args[1]), float(args.args[2]))
        return 0
    if args.role == "searcher":
        role_searcher(args.args[0], args.args[1])
        return 0

    from crisis_tui.config import load_settings

    tmp = Path(args.keep or tempfile.mkdtemp(prefix="soak-"))
    tmp.mkdir(parents=True, exist_ok=True)
    db, cfg, port_file, stop_file = tmp / "soak.db", tmp / "feeds.yaml", tmp / "port", tmp / "stop"
    for p in (port_file, stop_file):
        p.unlink(missing_ok=True)
    me = [sys.executable, str(Path(__file__).resolve())]
    procs: dict[str, subprocess.Popen] = {}
    logs = {}

    def start(name, cmd, stdout=subprocess.DEVNULL):
        logs[name] = open(tmp / f"{name}.err", "w")
        procs[name] = subprocess.Popen(cmd, stdout=stdout, stderr=logs[name], text=True)

    start("farm", [*me, "--role", "farm", str(port_file), str(args.feeds), str(args.changes)])
    while not port_file.exists():
        time.sleep(0.1)
    port = int(port_file.read_text())
    cfg.write_text(
        f"poll: {{interval: {args.interval}, concurrency: 8, per_host: 8}}\n"
        "alerts:\n  - {name: strikes, kind: strike, severity: warning}\n"
        "  - {name: talks, kind: contact, severity: info}\n"
        "feeds:\n" + "".join(f"  - {{name: f{f}, url: 'http://127.0.0.1:{port}/doc/f{f}'}}\n" for f in range(args.feeds)))
    cli = [sys.executable, "-m", "crisis_tui", "--config", str(cfg), "--db", str(db)]
    start("poller", [*cli, "poll"])
    while not db.exists():
        time.sleep(0.1)
    time.sleep(2)
    for w in range(args.watchers):
        start(f"watch{w}", [*cli, "watch", "--jsonl"], stdout=subprocess.PIPE)
    watch_lines = {f"watch{w}": 0 for w in range(args.watchers)}

    def count_lines(name):
        for _line in procs[name].stdout:
            watch_lines[name] += 1

    for w in range(args.watchers):
        threading.Thread(target=count_lines, args=(f"watch{w}",), daemon=True).start()
    start("searcher", [*me, "--role", "searcher", str(db), str(stop_file)], stdout=subprocess.PIPE)

    seconds = args.minutes * 60
    warmup = min(60.0, seconds / 4)
    samples: dict = {}

    def sample_memory():
        time.sleep(warmup)
        samples["warm"] = {name: tree_rss_mb(p.pid) for name, p in procs.items() if name != "farm"}
        # one line per process at the end: flat, a plateau, or a climb
        while True:
            for name, p in procs.items():
                if name != "farm":
                    samples.setdefault("series", {}).setdefault(name, []).append(tree_rss_mb(p.pid))
            samples.setdefault("series", {}).setdefault("dashboard", []).append(rss_mb(os.getpid()))
            time.sleep(60)

    threading.Thread(target=sample_memory, daemon=True).start()
    print(f"soak: {args.feeds} feeds every {args.interval}, {args.changes:g} changes/s, "
          f"{args.watchers} watchers, searches, dashboard; {args.minutes:g} min in {tmp}", flush=True)
    settings = load_settings(cfg)
    ui = asyncio.run(drive_dashboard(db, settings, seconds, warmup, samples))
    end = {name: tree_rss_mb(p.pid) for name, p in procs.items() if name != "farm"}

    stop_file.write_text("stop")
    search_stats = json.loads(procs["searcher"].communicate(timeout=60)[0].strip().splitlines()[-1])
    for name, p in procs.items():
        if p.poll() is None:
            p.send_signal(signal.SIGTERM)
    for name, p in procs.items():
        try:
            p.wait(timeout=60)
        except subprocess.TimeoutExpired:
            p.kill()
    for f in logs.values():
        f.close()

    conn = sqlite3.connect(db, timeout=30)
    articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    alerts = conn.execute("SELECT COUNT(*) FROM alerts").fetchone()[0]
    feed_errors = conn.execute("SELECT COUNT(*) FROM feeds WHERE status = 'error'").fetchone()[0]
    feed_locks = conn.execute("SELECT COUNT(*) FROM feeds WHERE last_error LIKE '%locked%'").fetchone()[0]
    integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    conn.close()
    lock_errors = feed_locks + search_stats["locks"]
    for name in logs:
        lock_errors += len(LOCK.findall((tmp / f"{name}.err").read_text(errors="replace")))

    print(f"\narticles stored: {articles:,}  alerts: {alerts:,}  feeds in error: {feed_errors}  integrity: {integrity}")
    print(f"lock errors: {lock_errors}")
    print("watchers: " + ", ".join(f"{n} printed {c} alerts" for n, c in watch_lines.items()))
    print(f"searches: {search_stats['searches']} (errors {search_stats['errors']}), median {search_stats['median_ms']} ms, "
          f"max {search_stats['max_ms']} ms")
    print(f"dashboard: {ui['presses']} key presses, median {ui['median_ms']} ms, slowest {ui['slowest_ms']} ms "
          f"({ui['slowest_key']!r}); {ui['rows_on_screen']} rows in the panes")
    print("memory (RSS MB, with child processes) after warm-up -> end:")
    warm = samples.get("warm", {})
    for name in end:
        print(f"  {name:<9} {warm.get(name, float('nan')):7.1f} -> {end[name]:7.1f}  ({end[name] - warm.get(name, float('nan')):+.1f})")
    dw, de = samples.get("dashboard_warm", float("nan")), samples.get("dashboard_end", float("nan"))
    print(f"  {'dashboard':<9} {dw:7.1f} -> {de:7.1f}  ({de - dw:+.1f})  (this process)")
    print("memory every minute after warm-up (RSS MB):")
    for name, series in samples.get("series", {}).items():
        print(f"  {name:<9} " + " ".join(f"{v:.0f}" for v in series))
    return 1 if lock_errors or integrity != "ok" else 0


if __name__ == "__main__":
    sys.exit(main())
