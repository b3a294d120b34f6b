"""A local farm for the fault tests and bench/kill_storm.py: feeds with alert-worthy items, and the
checks that an archive lost nothing and doubled nothing after crashes."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from feedserver import rss

ALERT_WORD = "alertme"


def build_farm(server, n_feeds: int, n_items: int, round_: int = 0) -> dict[str, int]:
    """Serve `n_feeds` feeds of `n_items` items (every 4th one alert-worthy); returns items per feed.

    `round_` > 0 adds that many new items per feed on top (the farm changing between runs).
    """
    expected = {}
    for f in range(n_feeds):
        items = [{"title": f"Feed {f} story {i}: {'alertme ' if i % 4 == 0 else ''}talks in Geneva",
                  "link": f"http://127.0.0.1/f{f}/s{i}", "guid": f"f{f}-s{i}",
                  "description": f"Iran and Israel, feed {f}, story {i}. The ministers met in Geneva. " * 6}
                 for i in range(n_items + round_)]
        server.set_feed(f"f{f}", rss(f"Feed {f}", items))
        expected[f"f{f}"] = len(items)
    return expected


def write_config(path: Path, server, n_feeds: int, extra: str = "") -> Path:
    path.write_text(
        "poll: {concurrency: 4, per_host: 4, workers: 1, interval: 1s, jitter: 0}\n"
        "alerts:\n  - {name: alert-word, kind: article, keywords: [alertme], cooldown: 0s, severity: warning}\n"
        + extra + "feeds:\n"
        + "".join(f"  - {{name: f{f}, url: '{server.url(f'/doc/f{f}')}'}}\n" for f in range(n_feeds)),
        encoding="utf-8")
    return path


def count(db_path, sql: str, args=()) -> int:
    conn = sqlite3.connect(db_path, timeout=30)
    try:
        return conn.execute(sql, args).fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        conn.close()


def poll_command(cfg: Path, db: Path, once: bool = True) -> list[str]:
    return [sys.executable, "-m", "crisis_tui", "poll", *(["--once"] if once else []), "--quiet",
            "--config", str(cfg), "--db", str(db)]


def kill_at_random_moments(cfg: Path, db: Path, kills: int, rng: random.Random, total: int) -> list[int]:
    """Start `poll --once` and kill -9 it at a random moment while it ingests, `kills` times.

    Returns the number of sightings stored at each kill. A run that finished before its kill
    simply counts as a finished run (the farm is then re-polled by the next one).
    """
    at = []
    for _ in range(kills):
        before = count(db, "SELECT COUNT(*) FROM sightings")
        proc = subprocess.Popen(poll_command(cfg, db), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # wait for the first commit of this run (ingest under way), then a random extra moment
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if count(db, "SELECT COUNT(*) FROM sightings") > before or before >= total:
                break
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.08))  # ingest of the whole farm takes a few tenths of a second
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        at.append(count(db, "SELECT COUNT(*) FROM sightings"))
    return at


def check_archive(db: Path, expected: dict[str, int]) -> list[str]:
    """What is wrong with the archive after the crashes (empty when nothing)."""
    problems = []
    conn = sqlite3.connect(db, timeout=30)
    try:
        if (ok := conn.execute("PRAGMA integrity_check").fetchone()[0]) != "ok":
            problems.append(f"integrity_check: {ok}")
        total = sum(expected.values())
        per_feed = dict(conn.execute("SELECT f.name, COUNT(s.entry_key) FROM feeds f LEFT JOIN sightings s "
                                     "ON s.feed_id = f.id GROUP BY f.id"))
        for name, n in expected.items():
            if per_feed.get(name) != n:
                problems.append(f"{name}: {per_feed.get(name)} entries stored, {n} served")
        n_articles, n_links = conn.execute("SELECT COUNT(*), COUNT(DISTINCT canonical_url) FROM articles").fetchone()
        if n_articles != total or n_links != total:
            problems.append(f"{n_articles} articles ({n_links} distinct links) for {total} served")
        if (fts := conn.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0]) != total:
            problems.append(f"{fts} rows in the full-text index for {total} articles")
        want = conn.execute("SELECT COUNT(*) FROM articles WHERE title LIKE ?", [f"%{ALERT_WORD}%"]).fetchone()[0]
        n_alerts, distinct = conn.execute("SELECT COUNT(*), COUNT(DISTINCT article_id) FROM alerts").fetchone()
        if not (n_alerts == distinct == want):
            problems.append(f"{n_alerts} alerts on {distinct} articles, {want} alert-worthy articles")
        fired = conn.execute("SELECT COUNT(*) FROM articles a WHERE a.title LIKE ? AND NOT EXISTS "
                             "(SELECT 1 FROM alerts x WHERE x.article_id = a.id)", [f"%{ALERT_WORD}%"]).fetchone()[0]
        if fired:
            problems.append(f"{fired} alert-worthy articles without an alert")
    finally:
        conn.close()
    return problems
