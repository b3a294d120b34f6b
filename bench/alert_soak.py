"""Alert soak: a real poller, feeds that change every few seconds, several `crisis-tui watch`
processes on the same archive, for N minutes. Prints alerts fired, alerts delivered per watcher
(with duplicates and misses), lock errors and delivery latency (median, p95, max), then how fast
the status line answers on that archive and on a large synthetic one.

    python bench/alert_soak.py [--minutes 10] [--feeds 6] [--watchers 3] [--change 3]
                               [--large-events 300000] [--keep DIR]

Latency is measured from the moment the alert is visible in the archive (an observer in this
process polls the alerts table every 20 ms; the alert is committed in the same transaction as the
article that fired it, so this is "after the article is stored") to the moment a watcher's line
reaches this process. Goal: under 2 s; lock errors: 0; every watcher gets every alert once.
"""

from __future__ import annotations

import argparse
import json
import os
import queue
import random
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from feedserver import FeedServer, rss  # noqa: E402

NUCLEAR = ["Natanz", "Fordow", "Isfahan", "Arak", "Bushehr"]
IRAN = ["Tehran", "Tabriz", "Kermanshah", "Shiraz", "Mashhad"]
ISRAEL = ["Tel Aviv", "Haifa", "Beersheba", "Ramat Gan", "Holon", "Bat Yam", "Rehovot"]
GAZA = ["Gaza", "Rafah", "Khan Younis"]

TEMPLATES = [
    # (weight, headline, sentence)
    (3, "Strikes reported at {p}", "Israeli air strikes hit the {p} nuclear facility on {d}, Iranian officials said."),
    (3, "Explosions in {q}", "Israeli air strikes hit {q} on {d}, state media said."),
    (3, "Missiles hit {c}", "Iranian missiles struck {c} on {d}, Israeli emergency services said."),
    (2, "Hospital hit in {g}", "An Israeli strike on a hospital in {g} killed {n} people on {d}, health officials said."),
    (2, "US and Iran talk", "US envoy Steve Witkoff and Iranian Foreign Minister Abbas Araghchi spoke by phone on {d}."),
    (1, "Ceasefire {v}", "A ceasefire between Israel and Iran was {v} on {d}, officials said."),
    (4, "Markets in Asia", "Stock markets in Tokyo and Seoul were little changed on {d} as traders waited."),
]

LOCK_WORDS = re.compile(r"database is locked|database table is locked|SQLITE_BUSY", re.I)


def config_text(server: FeedServer, feeds: int) -> str:
    lines = ["poll:", "  interval: 1s", "  jitter: 0", "  timeout: 5s", "  deadline: 10s", "feeds:"]
    lines += [f"  - {{name: 'Outlet {i}', url: '{server.url(f'/doc/f{i}')}'}}" for i in range(feeds)]
    bundled = (ROOT / "feeds.yaml").read_text(encoding="utf-8")
    # The bundled rules, so the soak exercises what users run, plus a catch-all that fires often.
    lines.append(bundled[bundled.index("\nalerts:") + 1:].rstrip())
    lines.append("  - {name: any-strike, severity: info, kind: strike, cooldown: 0}")
    return "\n".join(lines) + "\n"


class Newsroom:
    """Rewrites every feed every `change` seconds with new items (some stories in two feeds)."""

    def __init__(self, server: FeedServer, feeds: int, change: float, seed: int = 13):
        self.server, self.feeds, self.change = server, feeds, change
        self.rng = random.Random(seed)
        self.items: list[list[dict]] = [[] for _ in range(feeds)]
        self.serial = 0
        # Past dates three days apart: every story is a new event cluster, never a future date.
        self.day = datetime(2019, 1, 1, 12, tzinfo=timezone.utc)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def story(self) -> tuple[str, str, datetime]:
        weights = [t[0] for t in TEMPLATES]
        _w, head, sentence = self.rng.choices(TEMPLATES, weights)[0]
        self.day += timedelta(days=3)
        fill = dict(p=self.rng.choice(NUCLEAR), q=self.rng.choice(IRAN), c=self.rng.choice(ISRAEL),
                    g=self.rng.choice(GAZA), n=self.rng.randint(3, 60), v=self.rng.choice(["announced", "broken"]),
                    d=self.day.strftime("%A %d %B %Y"))
        return head.format(**fill), sentence.format(**fill), self.day

    def publish(self) -> None:
        for i in range(self.feeds):
            head, sentence, day = self.story()
            self.serial += 1
            item = {"title": f"{head} ({self.serial})", "link": f"http://127.0.0.1/story/{self.serial}",
                    "guid": f"s{self.serial}", "date": format_datetime(day, usegmt=True), "description": sentence}
            self.items[i] = ([item] + self.items[i])[:20]
            if self.rng.random() < 0.3:  # the same story, another outlet, its own words and guid
                j = (i + 1) % self.feeds
                twin = {**item, "guid": f"s{self.serial}-twin", "link": f"http://127.0.0.1/twin/{self.serial}",
                        "title": f"Report: {head}", "description": sentence.replace(" said.", " reported.")}
                self.items[j] = ([twin] + self.items[j])[:20]
        for i in range(self.feeds):
            self.server.set_feed(f"f{i}", rss(f"Outlet {i}", self.items[i]))

    def run(self) -> None:
        while not self.stop.wait(self.change):
            self.publish()


class Watcher:
    """A `crisis-tui watch --jsonl` process; records when each alert line arrived."""

    def __init__(self, n: int, args: list[str]):
        self.n = n
        self.p = subprocess.Popen([sys.executable, "-m", "crisis_tui", "watch", "--jsonl", *args],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                  env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.got: list[tuple[int, float]] = []
        self.err: list[str] = []
        self.ready = threading.Event()
        threading.Thread(target=self._out, daemon=True).start()
        threading.Thread(target=self._err, daemon=True).start()

    def _out(self):
        for line in self.p.stdout:
            t = time.monotonic()
            try:
                self.got.append((json.loads(line)["id"], t))
            except (ValueError, KeyError):
                self.err.append(f"bad line: {line!r}")

    def _err(self):
        for line in self.p.stderr:
            if "watching" in line:
                self.ready.set()
            self.err.append(line.rstrip())


def observe(db_path: Path, seen: dict[int, float], stop: threading.Event, errors: list[str]) -> None:
    """The reference clock: when each alert id first became visible in the archive."""
    last = 0
    conn = None
    while not stop.is_set():
        try:
            if conn is None:
                conn = sqlite3.connect(db_path, timeout=30)
            for (alert_id,) in conn.execute("SELECT id FROM alerts WHERE id > ? ORDER BY id", [last]):
                seen.setdefault(alert_id, time.monotonic())
                last = alert_id
        except sqlite3.OperationalError as exc:
            if "no such table" not in str(exc):
                errors.append(f"observer: {exc}")
        time.sleep(0.02)


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")


def time_status(db_path: Path, runs: int = 30) -> tuple[float, float]:
    """Median in-process status_line time (ms) and median `crisis-tui status` process time (ms)."""
    from crisis_tui.alerts import status_line

    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
    inner = []
    for _ in range(runs):
        t = time.perf_counter()
        status_line(conn, "tmux")
        inner.append((time.perf_counter() - t) * 1000)
    conn.close()
    outer = []
    for _ in range(5):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "crisis_tui", "status", "--db", str(db_path), "--format", "tmux"],
                       capture_output=True, check=True)
        outer.append((time.perf_counter() - t) * 1000)
    return statistics.median(inner), statistics.median(outer)


def large_archive(src: Path, dst: Path, n_events: int) -> None:
    """A copy of the soak archive grown to `n_events` events and n_events/10 alerts (bulk SQL)."""
    shutil.copy(src, dst)
    for suffix in ("-wal", "-shm"):
        if Path(str(src) + suffix).exists():
            shutil.copy(str(src) + suffix, str(dst) + suffix)
    conn = sqlite3.connect(dst)
    rng = random.Random(7)
    article = conn.execute("SELECT MIN(id) FROM articles").fetchone()[0]
    now = datetime.now(timezone.utc)
    kinds = ("strike", "contact", "statement")
    with conn:
        conn.executemany(
            "INSERT INTO events (article_id, cluster_id, kind, occurred, created, sentence, span_start, span_end, "
            "tagger_version) VALUES (?, NULL, ?, ?, ?, 'x', 0, 1, 'bench')",
            ((article, kinds[i % 3], (now - timedelta(minutes=rng.randint(0, 60 * 24 * 365))).strftime("%Y-%m-%dT%H:%M:%SZ"),
              "2025-01-01T00:00:00Z") for i in range(n_events)))
        conn.executemany(
            "INSERT INTO alerts (rule, severity, kind, alert_key, summary, n_sources, created, updated, acked) "
            "VALUES ('bench', ?, 'strike', ?, 'x', 1, '2025-01-01T00:00:00Z', '2025-01-01T00:00:00Z', ?)",
            ((("info", "warning", "critical")[i % 3], f"bench:{i}", None if i % 50 == 0 else "2025-01-02T00:00:00Z")
             for i in range(n_events // 10)))
    conn.close()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=10.0)
    ap.add_argument("--feeds", type=int, default=6)
    ap.add_argument("--watchers", type=int, default=3)
    ap.add_argument("--change", type=float, default=3.0, help="seconds between feed updates")
    ap.add_argument("--large-events", type=int, default=300_000)
    ap.add_argument("--keep", metavar="DIR", help="keep the archive and logs in DIR")
    args = ap.parse_args()

    work = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="alert_soak_"))
    work.mkdir(parents=True, exist_ok=True)
    db_path = work / "crisis.db"
    for p in work.glob("crisis.db*"):
        p.unlink()

    with FeedServer() as server:
        room = Newsroom(server, args.feeds, args.change)
        for i in range(args.feeds):  # empty until every watcher is watching
            server.set_feed(f"f{i}", rss(f"Outlet {i}", []))
        cfg = work / "feeds.yaml"
        cfg.write_text(config_text(server, args.feeds), encoding="utf-8")
        common = ["--config", str(cfg), "--db", str(db_path)]
        poll_log = open(work / "poll.log", "w")
        poller = subprocess.Popen([sys.executable, "-m", "crisis_tui", "poll", *common], stdout=poll_log,
                                  stderr=subprocess.STDOUT)
        while not db_path.exists() or not _has_table(db_path, "alerts"):
            time.sleep(0.1)
        watchers = [Watcher(i, common) for i in range(args.watchers)]
        for w in watchers:
            w.ready.wait(30)
        seen: dict[int, float] = {}
        observer_errors: list[str] = []
        stop = threading.Event()
        obs = threading.Thread(target=observe, args=(db_path, seen, stop, observer_errors), daemon=True)
        obs.start()
        room.thread.start()
        started = time.monotonic()
        end = started + args.minutes * 60
        try:
            while time.monotonic() < end:
                time.sleep(min(15, max(0.1, end - time.monotonic())))
                print(f"  {int(time.monotonic() - started):>5}s  alerts {len(seen):>5}  "
                      f"delivered {[len(w.got) for w in watchers]}", flush=True)
        except KeyboardInterrupt:
            pass
        room.stop.set()
        time.sleep(5)  # the last round lands and is delivered
        stop.set()
        obs.join()
        codes = []
        for w in watchers:
            w.p.send_signal(signal.SIGTERM)
        for w in watchers:
            codes.append(w.p.wait(30))
        poller.send_signal(signal.SIGTERM)
        poll_code = poller.wait(60)
        poll_log.close()

    elapsed = time.monotonic() - started
    conn = sqlite3.connect(db_path)
    fired = conn.execute("SELECT COUNT(*) FROM alerts").fetchone()[0]
    articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    by_rule = conn.execute("SELECT rule, COUNT(*) FROM alerts GROUP BY rule ORDER BY 2 DESC").fetchall()
    feed_locks = conn.execute("SELECT COUNT(*) FROM feeds WHERE last_error LIKE '%locked%'").fetchone()[0]
    conn.close()
    all_ids = set(seen)
    poll_text = (work / "poll.log").read_text(errors="replace")
    lock_errors = (len(LOCK_WORDS.findall(poll_text)) + feed_locks + len(observer_errors)
                   + sum(len(LOCK_WORDS.findall("\n".join(w.err))) for w in watchers))

    print(f"\nalert soak: {elapsed / 60:.1f} min, {args.feeds} feeds changing every {args.change:g}s, "
          f"{args.watchers} watchers")
    print(f"articles stored           {articles}")
    print(f"alerts fired              {fired}  ({', '.join(f'{r} {n}' for r, n in by_rule)})")
    latencies = []
    for w in watchers:
        ids = [i for i, _ in w.got]
        dup = len(ids) - len(set(ids))
        missing = len(all_ids - set(ids))
        print(f"watcher {w.n}: delivered {len(set(ids))}, duplicates {dup}, missing {missing}, exit {codes[w.n]}")
        latencies += [t - seen[i] for i, t in w.got if i in seen]
    print(f"lock errors               {lock_errors}")
    print(f"poller exit               {poll_code}")
    if latencies:
        print(f"delivery latency          median {statistics.median(latencies):.3f}s  "
              f"p95 {pct(latencies, 0.95):.3f}s  max {max(latencies):.3f}s  (goal < 2 s)")
    inner, outer = time_status(db_path)
    print(f"status on this archive    query {inner:.2f} ms median; `crisis-tui status` process {outer:.0f} ms median")
    if args.large_events:
        big = work / "large.db"
        large_archive(db_path, big, args.large_events)
        inner, outer = time_status(big)
        print(f"status, {args.large_events} events / {args.large_events // 10} alerts: "
              f"query {inner:.2f} ms median; process {outer:.0f} ms median")
        big.unlink()
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    ok = lock_errors == 0 and all(len(set(i for i, _ in w.got)) == fired == len(w.got) for w in watchers)
    return 0 if ok else 1


def _has_table(db_path: Path, name: str) -> bool:
    try:
        conn = sqlite3.connect(db_path, timeout=5)
        try:
            return bool(conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", [name]).fetchone())
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return False


if __name__ == "__main__":
    sys.exit(main())
