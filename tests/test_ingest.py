"""Ingest: one event reported by several sources is one cluster with N sources."""

from __future__ import annotations

from crisis_tui.ingest import Ingestor
from crisis_tui.models import Article
from crisis_tui.store import insert_row, open_db

STRIKE = ("Israeli air strikes hit the Natanz nuclear facility on Friday, Iranian officials said, "
          "killing at least 12 people.")


def _article(key: str, text: str, link: str) -> Article:
    return Article(entry_key=key, title="Overnight in Iran", link=link, canonical_url=link,
                   published="2025-06-13T08:00:00Z", summary=text)


def test_same_strike_from_three_feeds_is_one_cluster_with_three_sources(tmp_path):
    db = open_db(tmp_path / "c.db")
    feeds = [insert_row(db, "feeds", {"name": n, "kind": "http"}) for n in ("wire-a", "wire-b", "wire-c")]
    ing = Ingestor(db)
    ing.store_feed(feeds[0], [(_article("a1", STRIKE, "https://a.example/1"), None)])
    # another outlet's own report of the same strike
    ing.store_feed(feeds[1], [(_article("b1", STRIKE.replace("at least 12", "12"), "https://b.example/1"), None)])
    # the first outlet's story syndicated by a third feed: same article, one more sighting
    ing.store_feed(feeds[2], [(_article("c1", STRIKE, "https://a.example/1"), None)])
    strikes = db.execute("SELECT cluster_id, places FROM events WHERE kind = 'strike'").fetchall()
    assert len(strikes) == 2 and len({c for c, _ in strikes}) == 1
    assert "Natanz" in strikes[0][1]
    n_sources, n_events = db.execute("SELECT n_sources, n_events FROM event_clusters WHERE id = ?",
                                     [strikes[0][0]]).fetchone()
    assert (n_sources, n_events) == (3, 2)
    assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 2

    # the second report is corrected upstream and no longer reports a strike: counts follow
    ing.store_feed(feeds[1], [(_article("b1", "Talks resumed in Geneva on Friday.", "https://b.example/1"), None)])
    assert db.execute("SELECT n_sources, n_events FROM event_clusters WHERE id = ?",
                      [strikes[0][0]]).fetchone() == (2, 1)


def _search(db, query: str) -> list[int]:
    return [r[0] for r in db.execute("SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid", [query])]


def _fts_consistent(db) -> bool:
    # FTS5's own check of an external-content index against the articles table
    try:
        db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
    except Exception:
        return False
    return True


def test_a_batch_of_feeds_enters_the_full_text_index_once_and_stays_consistent(tmp_path):
    db = open_db(tmp_path / "c.db")
    feeds = [insert_row(db, "feeds", {"name": n, "kind": "http"}) for n in ("wire-a", "wire-b", "wire-c")]
    ing = Ingestor(db)
    with ing.batch():
        ing.store_feed(feeds[0], [(_article("a1", "Envoys met in Muscat on Saturday.", "https://a.example/1"), None)])
        # the same story, rewritten upstream, in the next feed of the same batch: an update of an
        # article not yet indexed (the update trigger removes the old text from the index)
        ing.store_feed(feeds[1], [(_article("b1", "Envoys met in Geneva on Saturday.", "https://a.example/1"), None)])
        # a feed that fails half-way: rolled back to its savepoint, its rows never indexed
        try:
            ing.store_feed(feeds[2], [(_article("c1", "Drones struck Haifa overnight.", "https://c.example/1"), None)],
                           {"no_such_column": 1})
        except Exception:
            pass
        # a later feed whose new article may take the failed one's rowid
        ing.store_feed(feeds[2], [(_article("c2", "Aid convoys reached Rafah.", "https://c.example/2"), None)])
    assert _fts_consistent(db)
    assert _search(db, "Geneva") and not _search(db, "Muscat")
    assert not _search(db, "Haifa")
    rafah = db.execute("SELECT id FROM articles WHERE summary LIKE '%Rafah%'").fetchone()[0]
    assert _search(db, "Rafah") == [rafah]
    # outside a batch every feed is indexed in its own transaction
    ing.store_feed(feeds[0], [(_article("a2", "Missiles hit Beersheba.", "https://a.example/2"), None)])
    assert len(_search(db, "Beersheba")) == 1 and _fts_consistent(db)


def test_clusters_cached_by_one_writer_are_reread_after_another_connection_commits(tmp_path):
    import sqlite3

    db = open_db(tmp_path / "c.db")
    feeds = [insert_row(db, "feeds", {"name": n, "kind": "http"}) for n in ("wire-a", "wire-b")]
    ing = Ingestor(db)
    with ing.batch():
        ing.store_feed(feeds[0], [(_article("a1", STRIKE, "https://a.example/1"), None)])
    # another process (a prune, say) removes the story and its cluster between two batches
    other = sqlite3.connect(tmp_path / "c.db")
    other.execute("PRAGMA foreign_keys = ON")
    with other:
        other.execute("DELETE FROM articles")
        other.execute("DELETE FROM event_clusters")
    other.close()
    with ing.batch():
        ing.store_feed(feeds[1], [(_article("b1", STRIKE, "https://b.example/1"), None)])
    rows = db.execute("SELECT e.cluster_id, c.n_events, c.n_sources FROM events e "
                      "LEFT JOIN event_clusters c ON c.id = e.cluster_id WHERE e.kind = 'strike'").fetchall()
    assert rows and all(n_events == 1 and n_sources == 1 for _cid, n_events, n_sources in rows), rows


def test_a_feed_polled_again_moves_last_seen_of_every_entry_it_still_carries(tmp_path):
    db = open_db(tmp_path / "c.db")
    feed = insert_row(db, "feeds", {"name": "wire", "kind": "http"})
    other = insert_row(db, "feeds", {"name": "other", "kind": "http"})
    stories = [_article(f"e{i}", f"Envoys met in Muscat for round {i} of talks.", f"https://a.example/{i}") for i in range(3)]
    clock = iter(["2025-06-13T08:00:00Z", "2025-06-13T08:00:00Z", "2025-06-13T09:30:00Z"])
    ing = Ingestor(db, now=lambda: next(clock))
    ing.store_feed(feed, [(a, None) for a in stories])
    ing.store_feed(other, [(stories[0], None)])  # the same story elsewhere: its own sighting
    ing.store_feed(feed, [(a, None) for a in stories[1:]])  # e0 dropped out of the feed
    rows = db.execute("SELECT feed_id, entry_key, first_seen, last_seen FROM sightings ORDER BY feed_id, entry_key").fetchall()
    assert rows == [
        (feed, "e0", "2025-06-13T08:00:00Z", "2025-06-13T08:00:00Z"),
        (feed, "e1", "2025-06-13T08:00:00Z", "2025-06-13T09:30:00Z"),
        (feed, "e2", "2025-06-13T08:00:00Z", "2025-06-13T09:30:00Z"),
        (other, "e0", "2025-06-13T08:00:00Z", "2025-06-13T08:00:00Z"),
    ]


def test_event_lists_are_stored_as_json_dumps_would_write_them():
    """The writer's list encoder (ingest._json_strings) must write what json.dumps writes, so the
    readers' json.loads and any SQL over the JSON see the same thing: quotes, backslashes, control
    characters, non-ASCII names and the empty list included."""
    import json

    from hypothesis import given
    from hypothesis import strategies as st

    from crisis_tui.ingest import _json_strings

    @given(st.lists(st.text(), max_size=6))
    def check(strings):
        assert _json_strings(strings) == json.dumps(list(strings))
        assert _json_strings(tuple(strings)) == json.dumps(list(strings))

    check()
    assert _json_strings(("Abbas Araghchi", 'the "E3"', "Tel\u00a0Aviv")) == json.dumps(["Abbas Araghchi", 'the "E3"', "Tel\u00a0Aviv"])


def test_missing_fields_are_stored_as_sql_null(tmp_path):
    """None binds as NULL (store.py registers an identity adapter for it, for speed): an article
    without an author and a strike without a mediator or quote have NULL columns, which the
    dashboard's `IS NULL` filters and the exports rely on."""
    db = open_db(tmp_path / "c.db")
    feed = insert_row(db, "feeds", {"name": "wire-a", "kind": "http"})
    Ingestor(db).store_feed(feed, [(_article("a1", STRIKE, "https://a.example/1"), None)])
    assert db.execute("SELECT typeof(author), typeof(updated), typeof(language) FROM articles").fetchone() == (
        "null", "null", "null")
    assert db.execute("SELECT typeof(mediator), typeof(quote), typeof(speaker) FROM events WHERE kind = 'strike'").fetchone() == (
        "null", "null", "null")
