"""Prune: old unstarred articles go with their events and index rows; starred ones and alerts stay."""

from __future__ import annotations

import subprocess
import sys

import pytest

from crisis_tui.marks import toggle_star
from crisis_tui.prune import prune_archive
from crisis_tui.search import search
from crisis_tui.store import open_db
from offline_archive import REPO, archive_copy


@pytest.fixture
def db_path(tmp_path_factory, tmp_path):
    return archive_copy(tmp_path_factory, tmp_path / "archive.db")


def _id(db, link):
    return db.execute("SELECT id FROM articles WHERE link = ?", [link]).fetchone()[0]


def test_prune_keeps_starred_items_and_alerts(db_path):
    db = open_db(db_path)
    starred_article = _id(db, "https://wire-b.example/natanz")
    toggle_star(db, "articles", starred_article)
    call = _id(db, "https://wire-a.example/call")
    starred_event = db.execute("SELECT id FROM events WHERE article_id = ? AND kind = 'statement'", [call]).fetchone()[0]
    toggle_star(db, "events", starred_event)
    hand = {r[0] for r in db.execute("SELECT id FROM articles WHERE first_seen = '2025-06-17T00:00:00Z'")}
    total = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert len(hand) == 7
    dry = prune_archive(db, 90 * 86400, dry_run=True)
    assert dry.articles == 5 and dry.kept_starred == 2
    assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == total

    result = prune_archive(db, 90 * 86400)
    assert result.articles == 5 and result.kept_starred == 2 and result.vacuumed
    left = {r[0] for r in db.execute("SELECT id FROM articles")}
    assert left & hand == {starred_article, call}
    assert len(left) == total - 5
    # The starred article's events and the starred event's article with all its events stay.
    assert db.execute("SELECT COUNT(*) FROM events WHERE article_id = ?", [starred_article]).fetchone()[0] == 1
    assert db.execute("SELECT COUNT(*) FROM events WHERE article_id = ?", [call]).fetchone()[0] == 2
    # Nothing dangles: events, labels, sightings and index rows of removed articles are gone.
    for table in ("events", "article_labels", "sightings"):
        assert db.execute(f"SELECT COUNT(*) FROM {table} WHERE article_id NOT IN (SELECT id FROM articles)").fetchone()[0] == 0
    assert [r["title"] for r in search(db, "natanz", source="wire")] == ["Strike on Natanz kills 25, Iranian officials say"]
    assert search(db, "zephyrine") == []
    db.execute("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')")
    # The alert still reads, and its cluster still exists (now with the one report left).
    alert = db.execute("SELECT rule, summary, cluster_id, article_id FROM alerts").fetchone()
    assert alert[0] == "strikes on nuclear sites" and alert[3] is None
    assert db.execute("SELECT n_events FROM event_clusters WHERE id = ?", [alert[2]]).fetchone()[0] == 1
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    db.conn.close()


def test_prune_reclaims_space(db_path):
    db = open_db(db_path)
    db.execute("UPDATE articles SET first_seen = '2020-01-01T00:00:00Z', published = '2020-01-01T00:00:00Z'")
    db.execute("VACUUM")
    result = prune_archive(db, 30 * 86400)
    assert result.articles == db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] + result.articles
    assert result.bytes_after < result.bytes_before / 2
    db.conn.close()


def test_cli_prune(db_path):
    def cli(*args):
        return subprocess.run([sys.executable, "-m", "crisis_tui", "--db", str(db_path), "--config", str(REPO / "feeds.yaml"),
                               "prune", *args], capture_output=True, text=True, timeout=60)

    result = cli("--older-than", "90d")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("removed 7 articles")
    bad = cli("--older-than", "ninety days")
    assert bad.returncode == 2 and "not a duration" in bad.stderr and "Traceback" not in bad.stderr
