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
