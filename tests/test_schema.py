"""The archive as Datasette and the sqlite3 shell see it: tables, views, and every one answers."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

from crisis_tui.store import open_db
from offline_archive import archive_copy

TABLES = {"feeds", "articles", "sightings", "articles_fts", "article_labels", "event_clusters", "events", "alerts",
          "pollers", "meta"}
VIEWS = {"contacts", "strikes", "statements", "events_with_sources", "article_sources"}


@pytest.fixture
def db_path(tmp_path_factory, tmp_path):
    path = archive_copy(tmp_path_factory, tmp_path / "archive.db")
    open_db(path).conn.close()  # apply any newer migration to the copy
    return path


def test_sqlite_utils_lists_tables_and_views(db_path):
    db = Database(sqlite3.connect(db_path))  # a plain connection, as Datasette opens it
    assert TABLES <= set(db.table_names())
    assert VIEWS <= set(db.view_names())
    assert {t.name for t in db.tables} >= TABLES and {v.name for v in db.views} >= VIEWS
    assert db["articles"].detect_fts() == "articles_fts"  # Datasette offers full-text search on articles
    for name in db.table_names() + db.view_names():
        db.execute(f'SELECT * FROM "{name}" LIMIT 5').fetchall()  # every table and view answers
    db.conn.close()


def test_views_answer_with_the_archive(db_path):
    db = Database(sqlite3.connect(db_path))
    strikes = list(db.query("SELECT * FROM strikes WHERE source = 'Wire B'"))
    assert [(s["attacker"], s["target"], s["killed"], s["injured"], s["n_sources"]) for s in strikes] == [
        ("Israel", "Iran", 25, 12, 2)]
    assert strikes[0]["link"] == "https://wire-b.example/natanz"
    contacts = list(db.query("SELECT * FROM contacts WHERE mediator = 'Oman' AND source = 'Wire A'"))
    assert contacts and contacts[0]["mode"] == "phone"
    statement = db.execute("SELECT speaker, role, quote FROM statements WHERE source = 'Wire A' AND speaker = 'Abbas Araghchi'").fetchone()
    assert statement == ("Abbas Araghchi", "foreign minister", "Iran will not negotiate while under attack")
    n_events = db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    assert db.execute("SELECT COUNT(*) FROM events_with_sources").fetchone()[0] == n_events
    kinds = db.execute("SELECT (SELECT COUNT(*) FROM contacts) + (SELECT COUNT(*) FROM strikes) + "
                       "(SELECT COUNT(*) FROM statements)").fetchone()[0]
    assert kinds == n_events
    sources = list(db.query("SELECT feed_name, feed_url FROM article_sources WHERE article_id = "
                            "(SELECT id FROM articles WHERE link = 'https://wire-a.example/natanz')"))
    assert sources == [{"feed_name": "wire-a", "feed_url": "https://wire-a.example/rss"}]
    # The full-text index answers plain FTS5 queries too.
    assert db.execute("SELECT COUNT(*) FROM articles_fts WHERE articles_fts MATCH 'natanz'").fetchone()[0] >= 2
    db.conn.close()


def test_columns_have_clear_names(db_path):
    db = Database(sqlite3.connect(db_path))
    assert {"id", "title", "link", "source", "published", "summary", "content", "labels", "read", "starred",
            "note"} <= set(db["articles"].columns_dict)
    assert {"kind", "occurred", "parties", "mode", "status", "attacker", "target", "weapon", "killed", "injured",
            "speaker", "role", "quote", "article_id", "cluster_id"} <= set(db["events"].columns_dict)
    assert {"article_title", "article_link", "article_source", "feed_name", "n_sources"} <= set(
        db["events_with_sources"].columns_dict)
    db.conn.close()
