"""Pruning the archive: old unstarred articles go, with their events, labels, sightings and index rows.

What stays: starred articles, articles with a starred event (and all their events), every alert
(an alert keeps its rule, summary, link and cluster; only its pointers to a removed article or
event become NULL), the clusters alerts point at, and the feeds with their health.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from crisis_tui.store import iso


@dataclass
class PruneResult:
    cutoff: str
    articles: int = 0  # articles removed
    events: int = 0  # events removed with them
    clusters: int = 0  # event clusters left empty and removed
    kept_starred: int = 0  # old articles kept because they or one of their events are starred
    bytes_before: int = 0
    bytes_after: int = 0
    vacuumed: bool = False
    vacuum_error: str | None = None


# Old: published AND first stored before the cutoff (an old story imported yesterday stays).
_OLD = "a.published < :cutoff AND a.first_seen < :cutoff"
_KEEP = "(a.starred = 1 OR EXISTS (SELECT 1 FROM events e WHERE e.article_id = a.id AND e.starred = 1))"


def _file_bytes(db) -> int:
    page_size = db.execute("PRAGMA page_size").fetchone()[0]
    return page_size * db.execute("PRAGMA page_count").fetchone()[0]


def prune_archive(db, older_than_seconds: float, *, now: datetime | None = None, dry_run: bool = False,
                  vacuum: bool = True) -> PruneResult:
    """Remove articles older than `older_than_seconds` that are not starred (nor have starred events)."""
    from crisis_tui.ingest import refresh_clusters

    now = now or datetime.now(timezone.utc)
    result = PruneResult(cutoff=iso(now - timedelta(seconds=older_than_seconds)))
    p = {"cutoff": result.cutoff}
    result.bytes_before = _file_bytes(db)
    result.kept_starred = db.execute(f"SELECT COUNT(*) FROM articles a WHERE {_OLD} AND {_KEEP}", p).fetchone()[0]
    doomed = f"SELECT a.id FROM articles a WHERE {_OLD} AND NOT {_KEEP}"
    if dry_run:
        result.articles = db.execute(f"SELECT COUNT(*) FROM ({doomed})", p).fetchone()[0]
        result.events = db.execute(f"SELECT COUNT(*) FROM events WHERE article_id IN ({doomed})", p).fetchone()[0]
        result.bytes_after = result.bytes_before
        return result
    with db.atomic():
        db.execute(f"CREATE TEMP TABLE IF NOT EXISTS prune_ids (id INTEGER PRIMARY KEY)")
        db.execute("DELETE FROM prune_ids")
        db.execute(f"INSERT INTO prune_ids {doomed}", p)
        touched = [r[0] for r in db.execute(
            "SELECT DISTINCT cluster_id FROM events WHERE article_id IN (SELECT id FROM prune_ids) AND cluster_id IS NOT NULL")]
        result.events = db.execute("SELECT COUNT(*) FROM events WHERE article_id IN (SELECT id FROM prune_ids)").fetchone()[0]
        # Events, labels and sightings go by ON DELETE CASCADE; the FTS rows by the articles_ad trigger;
        # alerts keep their row with article_id/event_id set to NULL.
        result.articles = db.execute("DELETE FROM articles WHERE id IN (SELECT id FROM prune_ids)").rowcount
        db.execute("DROP TABLE prune_ids")
        if touched:
            marks = ",".join("?" * len(touched))
            result.clusters = db.execute(
                f"DELETE FROM event_clusters WHERE id IN ({marks}) AND NOT EXISTS (SELECT 1 FROM events WHERE cluster_id = event_clusters.id) "
                "AND NOT EXISTS (SELECT 1 FROM alerts WHERE cluster_id = event_clusters.id)", touched).rowcount
            remaining = [r[0] for r in db.execute(
                f"SELECT id FROM event_clusters WHERE id IN ({marks}) AND EXISTS (SELECT 1 FROM events WHERE cluster_id = event_clusters.id)",
                touched)]
            refresh_clusters(db, remaining)
    if result.articles:
        # Merge the index segments so the deleted rows' postings are really gone.
        db.execute("INSERT INTO articles_fts(articles_fts) VALUES('optimize')")
    if vacuum:
        try:
            db.execute("VACUUM")
            db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            result.vacuumed = True
        except sqlite3.OperationalError as exc:  # another process is reading: space is reused later instead
            result.vacuum_error = str(exc)
    result.bytes_after = _file_bytes(db)
    return result
