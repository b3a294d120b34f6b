"""kill -9 of a real poller mid-run never skips an article and never leaves half a feed."""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

from feedserver import rss

N_FEEDS = 40
N_ITEMS = 30


def _farm(server):
    total = 0
    for f in range(N_FEEDS):
        items = [{"title": f"Feed {f} story {i}: talks and strikes", "link": f"http://127.0.0.1/f{f}/s{i}",
                  "guid": f"f{f}-s{i}", "description": f"Iran and Israel, feed {f}, story {i}. " * 20}
                 for i in range(N_ITEMS)]
        server.set_feed(f"f{f}", rss(f"Feed {f}", items))
        total += N_ITEMS
    return total


def _count(db_path, sql):
    conn = sqlite3.connect(db_path, timeout=30)
    try:
        return conn.execute(sql).fetchone()[0]
    except sqlite3.OperationalError:
        return 0
    finally:
        conn.close()


@pytest.mark.slow
def test_kill_9_mid_run_then_restart_loses_nothing(feed_server, tmp_path):
    total = _farm(feed_server)
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text("poll: {concurrency: 4, per_host: 4, workers: 1}\nfeeds:\n" + "".join(
        f"  - {{name: f{f}, url: '{feed_server.url(f'/doc/f{f}')}'}}\n" for f in range(N_FEEDS)))
    db_path = tmp_path / "c.db"
    cmd = [sys.executable, "-m", "crisis_tui", "poll", "--once", "--quiet", "--config", str(cfg), "--db", str(db_path)]
    rng = random.Random(7)
    kills = 0
    for attempt in range(3):
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # wait until ingest has started and stored part of the farm, then kill at a random moment
        target = rng.randint(1, total // 2) + (attempt * total // 6)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and proc.poll() is None:
            if _count(db_path, "SELECT COUNT(*) FROM sightings") >= min(target, total - 1):
                break
            time.sleep(0.02)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait(timeout=30)
        # never half a feed: a feed whose validators were stored has all of its articles
        half = _count(db_path, "SELECT COUNT(*) FROM feeds f WHERE f.etag IS NOT NULL AND "
                               f"(SELECT COUNT(*) FROM sightings s WHERE s.feed_id = f.id) != {N_ITEMS}")
        assert half == 0
    assert kills >= 1
    # restart and finish
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT COUNT(*) FROM sightings").fetchone()[0] == total
    assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == total
    per_feed = conn.execute("SELECT f.name, COUNT(s.entry_key) FROM feeds f LEFT JOIN sightings s ON s.feed_id = f.id "
                            "GROUP BY f.id").fetchall()
    assert all(n == N_ITEMS for _name, n in per_feed), per_feed
    assert conn.execute("SELECT COUNT(*) FROM feeds WHERE etag IS NOT NULL").fetchone()[0] == N_FEEDS
    assert conn.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0] == total
