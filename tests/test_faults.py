"""Faults: kill -9 at random moments, a full disk, a read-only archive, old and new schemas, the
network going away mid-poll. (bench/kill_storm.py runs the kill test 50 times.)"""

from __future__ import annotations

import asyncio
import dataclasses
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fault_farm import build_farm, check_archive, count, kill_at_random_moments, poll_command, write_config
from feedserver import FeedServer

from crisis_tui.cli import main
from crisis_tui.config import load_settings
from crisis_tui.migrations import migrations
from crisis_tui.poller import Poller
from crisis_tui.store import StoreError, known_migrations, open_db, schema_version


# --------------------------------------------------------------------------------------------
# kill -9


@pytest.mark.slow
def test_kill_9_at_random_moments_loses_and_doubles_nothing(feed_server, tmp_path):
    expected = build_farm(feed_server, n_feeds=30, n_items=25)
    cfg = write_config(tmp_path / "feeds.yaml", feed_server, 30)
    db = tmp_path / "archive.db"
    at = kill_at_random_moments(cfg, db, kills=5, rng=random.Random(11), total=sum(expected.values()))
    assert any(0 < n < sum(expected.values()) for n in at), at  # at least one kill landed mid-ingest
    # the farm changes (new items in every feed), then one run finishes
    expected = build_farm(feed_server, n_feeds=30, n_items=25, round_=3)
    kill_at_random_moments(cfg, db, kills=2, rng=random.Random(12), total=sum(expected.values()))
    done = subprocess.run(poll_command(cfg, db), capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr
    assert check_archive(db, expected) == []


# --------------------------------------------------------------------------------------------
# A full disk


async def _run_poller_until(poller: Poller, condition, timeout: float) -> bool:
    """Run the poller's own loop until `condition()` holds (bounded); returns whether it did."""
    stop = asyncio.Event()
    task = asyncio.create_task(poller.run(stop))
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if task.done():
                task.result()  # the loop died: raise its exception here
            if condition():
                return True
            await asyncio.sleep(0.1)
        return condition()
    finally:
        stop.set()
        await asyncio.wait_for(task, 30)


async def test_disk_full_is_a_clear_error_and_the_poller_retries_when_space_returns(feed_server, tmp_path):
    expected = build_farm(feed_server, n_feeds=6, n_items=30)
    settings = load_settings(write_config(tmp_path / "feeds.yaml", feed_server, 6))
    db = tmp_path / "archive.db"
    outcomes = []
    poller = Poller(db, settings, on_feed=outcomes.append, workers=1)
    await poller.start()
    try:
        def cap(pages: int | None):
            conn = poller._db.conn  # the writer's own connection: max_page_count is per connection
            if pages is None:
                conn.execute("PRAGMA max_page_count = 4294967294")
            else:
                now = conn.execute("PRAGMA page_count").fetchone()[0]
                conn.execute(f"PRAGMA max_page_count = {now + pages}")

        await poller._db_call(cap, 8)  # room for a feed or two, not six
        full = await _run_poller_until(poller, lambda: any(o.status == "error" for o in outcomes), 60)
        assert full, [o.status for o in outcomes]
        errors = [o.message for o in outcomes if o.status == "error"]
        assert all("disk is full" in m and "internal error" not in m for m in errors), errors
        conn = sqlite3.connect(db)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # never half a feed: a feed with validators stored has all of its articles
        half = conn.execute("SELECT COUNT(*) FROM feeds f WHERE f.etag IS NOT NULL AND "
                            "(SELECT COUNT(*) FROM sightings s WHERE s.feed_id = f.id) != 30").fetchone()[0]
        conn.close()
        assert half == 0
        # space returns: the same loop, left alone, stores the rest
        await poller._db_call(cap, None)
        assert await _run_poller_until(poller, lambda: not check_archive(db, expected), 60), check_archive(db, expected)
    finally:
        await poller.close()


def _immutable(paths, on: bool) -> bool:
    for p in paths:
        if subprocess.run(["chattr", "+i" if on else "-i", str(p)], capture_output=True).returncode != 0:
            return False
    return True


@pytest.mark.parametrize("locked", ["file", "file-and-folder"])
def test_read_only_archive_is_a_clear_error_not_a_traceback(locked, feed_server, tmp_path):
    expected = build_farm(feed_server, n_feeds=3, n_items=10)
    folder = tmp_path / "ro"
    folder.mkdir()
    cfg = write_config(tmp_path / "feeds.yaml", feed_server, 3)
    db = folder / "archive.db"
    assert subprocess.run(poll_command(cfg, db), capture_output=True, timeout=120).returncode == 0
    expected = build_farm(feed_server, n_feeds=3, n_items=10, round_=2)  # something new to write
    locked_paths = [db] if locked == "file" else [db, folder]
    # chattr +i, not chmod: the tests may run as root, which ignores permission bits
    if shutil.which("chattr") is None or not _immutable(locked_paths, True):
        _immutable(locked_paths, False)
        pytest.skip("chattr +i is not available here")
    try:
        for command in (["poll", "--once"], ["feeds"], ["search", "talks"], ["status"], ["import", str(cfg)]):
            proc = subprocess.run([sys.executable, "-m", "crisis_tui", *command, "--config", str(cfg), "--db", str(db)],
                                  capture_output=True, text=True, timeout=120)
            assert "Traceback" not in proc.stderr, (command, proc.stderr[-1500:])
            if command[0] in ("poll", "import", "feeds"):  # they write: refused, in one line
                assert proc.returncode != 0, (command, proc.stdout)
                assert len(proc.stderr.strip().splitlines()) == 1 and "archive" in proc.stderr, proc.stderr
    finally:
        _immutable(locked_paths, False)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert subprocess.run(poll_command(cfg, db), capture_output=True, timeout=120).returncode == 0
    assert check_archive(db, expected) == []


# --------------------------------------------------------------------------------------------
# Schemas


def _older_archive(path: Path, stop_before: str) -> None:
    """An archive as an older crisis-tui left it: migrations up to `stop_before`, with an article."""
    from sqlite_utils import Database

    db = Database(path)
    db.execute("PRAGMA journal_mode = WAL")
    migrations.apply(db, stop_before=stop_before)
    db.execute("INSERT INTO feeds (name, kind, url) VALUES ('old-feed', 'http', 'http://127.0.0.1/old')")
    db.execute("INSERT INTO articles (title, link, canonical_url, feed_id, published, summary, content, content_hash, "
               "first_seen, last_changed) VALUES ('Old ceasefire report', 'http://127.0.0.1/old/1', "
               "'https://127.0.0.1/old/1', 1, '2025-06-01T00:00:00Z', 'An old summary about Geneva talks', '', 'h0', "
               "'2025-06-01T00:00:00Z', '2025-06-01T00:00:00Z')")
    db.execute("INSERT INTO sightings VALUES (1, 'old-1', 1, '2025-06-01T00:00:00Z', '2025-06-01T00:00:00Z')")
    has_fts = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles_fts'").fetchone()
    if has_fts and not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'articles_ai'").fetchone():
        # since m031 the ingest path indexes new articles itself (no insert trigger): as it did
        db.execute("INSERT INTO articles_fts (rowid, title, summary, content) SELECT id, title, summary, content FROM articles")
    db.conn.commit()
    db.conn.close()


@pytest.mark.parametrize("stop_before", known_migrations()[1:])
def test_an_older_archive_is_migrated_on_open_and_keeps_its_articles(stop_before, tmp_path, feed_server):
    path = tmp_path / "old.db"
    _older_archive(path, stop_before)
    db = open_db(path)
    assert schema_version(db) == known_migrations()[-1]
    assert not migrations.pending(db)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT title FROM articles").fetchall() == [("Old ceasefire report",)]
    db.conn.close()
    # the upgraded archive works: a poll stores new articles, search finds old and new
    expected = build_farm(feed_server, n_feeds=1, n_items=4)
    cfg = write_config(tmp_path / "feeds.yaml", feed_server, 1)
    assert main(["poll", "--once", "--quiet", "--config", str(cfg), "--db", str(path)]) == 0
    from crisis_tui.search import search

    db = open_db(path)
    assert {r["title"] for r in search(db, "Geneva", limit=10)} >= {"Old ceasefire report"}
    assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1 + sum(expected.values())
    db.conn.close()


# (`status` is left out on purpose: it opens the archive read-only for a tmux bar and never writes)
COMMANDS = [["poll", "--once"], ["feeds"], ["search", "talks"], ["watch", "--once"], ["export", "--format", "md"],
            ["import", "."], ["prune", "--older-than", "30d"], ["dashboard"]]


def test_a_newer_archive_is_refused_with_one_line_and_left_untouched(tmp_path, capsys, write_config):
    path = tmp_path / "new.db"
    db = open_db(path)
    db.execute("INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
               ["crisis_tui", "m999_from_the_future", "2030-01-01T00:00:00"])
    db.conn.commit()
    db.conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer crisis-tui"):
        open_db(path)
    cfg = write_config("feeds: []\n")
    for command in COMMANDS:
        code = main([*command, "--config", str(cfg), "--db", str(path)])
        err = capsys.readouterr().err
        assert code != 0, command
        lines = [line for line in err.splitlines() if line.strip()]
        assert len(lines) == 1 and "newer crisis-tui" in lines[0], (command, err)
    assert path.read_bytes() == before


# --------------------------------------------------------------------------------------------
# The network goes away mid-poll and comes back


async def test_feeds_recover_by_themselves_when_the_network_returns(tmp_path):
    server = FeedServer().__enter__()
    port = server.httpd.server_address[1]
    expected = build_farm(server, n_feeds=5, n_items=10)
    settings = load_settings(write_config(tmp_path / "feeds.yaml", server, 5))
    # back-off capped at 2 s so the test does not wait hours for the retry it proves
    settings = dataclasses.replace(settings, poll=dataclasses.replace(settings.poll, backoff_max=2.0, timeout=2.0))
    db = tmp_path / "archive.db"
    outcomes = []
    poller = Poller(db, settings, on_feed=outcomes.append, workers=1)
    await poller.start()
    try:
        assert await _run_poller_until(poller, lambda: not check_archive(db, expected), 60)
        # the network goes away while the loop keeps polling
        expected = build_farm(server, n_feeds=5, n_items=10, round_=2)
        server.__exit__(None, None, None)
        outcomes.clear()
        failed = lambda: {o.name for o in outcomes if o.status == "error"}  # noqa: E731
        assert await _run_poller_until(poller, lambda: len(failed()) == 5, 60), failed()
        assert all(count(db, "SELECT consecutive_failures FROM feeds WHERE name = ?", [f"f{f}"]) >= 1 for f in range(5))
        # ... and comes back on the same address: the feeds recover without anyone's help
        server = FeedServer(port=port).__enter__()
        build_farm(server, n_feeds=5, n_items=10, round_=2)
        assert await _run_poller_until(poller, lambda: not check_archive(db, expected), 60), check_archive(db, expected)
        # every feed back to ok (a feed may have fetched round 2 just before the outage: its items
        # are in before the others', and its next poll, after its back-off, clears its failures)
        recovered = lambda: count(db, "SELECT COUNT(*) FROM feeds WHERE status = 'ok' AND consecutive_failures = 0")  # noqa: E731
        assert await _run_poller_until(poller, lambda: recovered() == 5, 30), recovered()
    finally:
        await poller.close()
        server.__exit__(None, None, None)


# --------------------------------------------------------------------------------------------
# Where the data lives


def test_a_new_archive_and_its_folder_are_private(tmp_path):
    path = tmp_path / "new" / "deeper" / "archive.db"
    db = open_db(path)
    db.execute("CREATE TABLE IF NOT EXISTS probe (x)")  # a write, so the -wal and -shm files exist
    for p in (path, path.with_name("archive.db-wal"), path.with_name("archive.db-shm")):
        assert p.exists() and p.stat().st_mode & 0o777 == 0o600, (p, oct(p.stat().st_mode))
    # the archive's own folder (crisis-tui/ under the user data directory); parents such as
    # ~/.local/share keep the usual modes
    assert path.parent.stat().st_mode & 0o777 == 0o700, oct(path.parent.stat().st_mode)
    db.conn.close()


# --------------------------------------------------------------------------------------------
# A second writer (the dashboard setting marks, a watcher acknowledging) while the poller ingests


def test_ingest_never_fails_with_database_is_locked_while_another_process_writes(tmp_path):
    import threading

    from crisis_tui.ingest import Ingestor
    from crisis_tui.models import Article, Tagging

    path = tmp_path / "archive.db"
    db = open_db(path)
    feed_id = db["feeds"].insert({"name": "wire", "kind": "http", "url": "http://127.0.0.1/w"}).last_pk
    empty = Tagging(labels=(), scores={"military": 0, "diplomatic": 0, "humanitarian": 0}, events=(), version="t")
    ingestor = Ingestor(db)
    ingestor.store_feed(feed_id, [(Article(entry_key="seed", title="seed", published="2025-06-01T00:00:00Z"), empty)])
    stop = threading.Event()
    marks = []

    def mark_read_in_a_loop():  # as the dashboard does, from its own connection
        other = open_db(path)
        while not stop.is_set():
            with other.atomic():
                other.execute("UPDATE articles SET read = 1 - read WHERE id = 1")
            marks.append(1)
        other.conn.close()

    thread = threading.Thread(target=mark_read_in_a_loop)
    thread.start()
    failures = []
    try:
        for batch in range(150):
            items = [(Article(entry_key=f"{batch}-{i}", title=f"Story {batch}-{i}", summary=f"text {batch} {i}",
                              published="2025-06-01T00:00:00Z"), empty) for i in range(5)]
            try:
                ingestor.store_feed(feed_id, items)
            except sqlite3.OperationalError as exc:
                failures.append(str(exc))
            time.sleep(0.003)  # a poller waits for the network between feeds: the other writer gets turns
    finally:
        stop.set()
        thread.join()
    assert len(marks) > 10  # the other writer really ran
    assert failures == [], f"{len(failures)} of 150 feeds failed: {failures[0]}"
    db.conn.close()
