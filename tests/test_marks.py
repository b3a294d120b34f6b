"""Analyst marks: stored in the archive, visible after a restart, notes sanitised."""

from __future__ import annotations

import pytest

from crisis_tui.marks import mark_all_read, marks_of, set_note, set_read, toggle_star
from crisis_tui.search import search
from crisis_tui.store import open_db
from offline_archive import archive_copy


@pytest.fixture
def db_path(tmp_path_factory, tmp_path):
    return archive_copy(tmp_path_factory, tmp_path / "archive.db")


def test_marks_survive_a_restart(db_path):
    db = open_db(db_path)
    article = db.execute("SELECT id FROM articles WHERE link = 'https://wire-a.example/natanz'").fetchone()[0]
    event = db.execute("SELECT id FROM events WHERE article_id = ?", [article]).fetchone()[0]
    assert set_read(db, "articles", [article]) == 1
    assert toggle_star(db, "articles", article) is True
    assert set_note(db, "articles", article, "check casualty figures\x1b[2J with wire B") == \
        "check casualty figures with wire B"
    assert toggle_star(db, "events", event) is True
    set_note(db, "events", event, "first report")
    db.conn.close()

    db = open_db(db_path)  # a new process would see the same
    assert marks_of(db, "articles", article) == {"read": True, "starred": True, "note": "check casualty figures with wire B"}
    assert marks_of(db, "events", event) == {"read": False, "starred": True, "note": "first report"}
    assert toggle_star(db, "articles", article) is False
    set_read(db, "articles", [article], read=False)
    set_note(db, "articles", article, "   ")  # an empty note clears it
    assert marks_of(db, "articles", article) == {"read": False, "starred": False, "note": None}
    db.conn.close()


def test_marks_do_not_touch_the_search_index(db_path):
    db = open_db(db_path)
    before = db.execute("SELECT COUNT(*) FROM articles_fts_data").fetchone()[0]
    assert mark_all_read(db, "wire") > 100
    assert db.execute("SELECT COUNT(*) FROM articles_fts_data").fetchone()[0] == before  # nothing re-indexed
    assert db.execute("SELECT COUNT(*) FROM articles WHERE read = 0").fetchone()[0] == 0
    assert search(db, "natanz")[0]["read"] is True
    db.conn.close()


def test_mark_all_read_per_pane(db_path):
    db = open_db(db_path)
    n_strikes = db.execute("SELECT COUNT(*) FROM events WHERE kind = 'strike'").fetchone()[0]
    assert mark_all_read(db, "strike") == n_strikes
    assert db.execute("SELECT COUNT(*) FROM events WHERE kind = 'strike' AND read = 0").fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM events WHERE kind = 'contact' AND read = 1").fetchone()[0] == 0
    assert mark_all_read(db, "strike") == 0
    with pytest.raises(ValueError):
        mark_all_read(db, "sports")
    with pytest.raises(ValueError):
        set_read(db, "feeds", [1])
    with pytest.raises(KeyError):
        toggle_star(db, "articles", 10**9)
    db.conn.close()
