"""Read-side queries the dashboard panes use: windows of rows, counts, sparklines, an article's detail.

No Textual here: the UI runs these on a reader's own thread and turns the plain dicts into
widgets. Each `ArchiveReader` owns one SQLite connection and one long-lived thread that runs its
queries (`await reader.run(fn)`); a lock still guards the connection for the few callers off
that thread. Panes hold a window of the newest rows and page in older ones with keyset
pagination on (time, id), so the cost of a query does not grow with the archive.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path

from sqlite_utils import Database

from crisis_tui import alerts as alerts_mod
from crisis_tui import marks
from crisis_tui.models import LABELS
from crisis_tui.store import connect, iso, parse_iso, utcnow

# The four panes of the main screen: three kinds of event and the wire of articles.
PANES = ("contact", "strike", "statement", "wire")
PANE_TITLES = {"contact": "Contacts", "strike": "Strikes", "statement": "Statements", "wire": "Wire"}

# Time windows offered by the filter, in the order the key cycles through them.
WINDOWS: dict[str, float | None] = {"1h": 3600, "6h": 6 * 3600, "24h": 86400, "7d": 7 * 86400, "all": None}
SEVERITY_RANK = {"info": 0, "warning": 1, "critical": 2}
STALE_HEARTBEAT_SECONDS = 20.0  # same as crisis_tui.poller: a poller silent this long is gone


@dataclass(frozen=True)
class Filters:
    """What the panes show: labels (any of them; empty = all), a time window and a source."""

    labels: frozenset[str] = frozenset()
    window: str = "all"
    source: str | None = None

    def toggle_label(self, label: str) -> "Filters":
        return replace(self, labels=self.labels ^ {label})

    def next_window(self) -> "Filters":
        keys = list(WINDOWS)
        return replace(self, window=keys[(keys.index(self.window) + 1) % len(keys)])

    def since(self, now: datetime | None = None) -> str | None:
        seconds = WINDOWS.get(self.window)
        if seconds is None:
            return None
        return iso((now or utcnow()) - timedelta(seconds=seconds))

    @property
    def active(self) -> bool:
        return bool(self.labels or self.window != "all" or self.source)

    def describe(self) -> str:
        """The filters in a few words for the status line ('' when none is active)."""
        parts = []
        if self.labels:
            parts.append("+".join(sorted(label[:3] for label in self.labels)))
        if self.window != "all":
            parts.append(self.window)
        if self.source:
            parts.append(f"src:{self.source}")
        return " ".join(parts)


@dataclass
class StatusCounts:
    """Everything the status line shows."""

    feeds_ok: int = 0
    feeds_failing: int = 0
    feeds_total: int = 0
    last_poll: str | None = None
    articles_today: int = 0
    articles_total: int = 0
    open_alerts: int = 0
    open_by_severity: dict[str, int] = field(default_factory=dict)
    pollers: list[dict] = field(default_factory=list)
    activity: dict[str, list[int]] = field(default_factory=dict)  # label -> 24 hourly counts


@dataclass
class ArticleDetail:
    """An article with what the tagger found in it and who else reported the same events."""

    article: dict
    text: str  # title + "\n\n" + body: the text that spans point into
    labels: list[dict]  # label, score, evidence: [{sentence, span, phrases}]
    events: list[dict]
    carried_by: list[dict]  # feeds that carried this very article (sightings)
    other_sources: list[dict]  # other articles in the same event clusters


def article_text(title: str, content: str, summary: str) -> str:
    """The tagged text of an article (same as models.Article.text)."""
    body = content or summary
    return f"{title}\n\n{body}" if body else title


def _like(value: str) -> str:
    return "%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _json_list(value) -> list:
    if not value:
        return []
    try:
        out = json.loads(value)
    except (TypeError, ValueError):
        return []
    return out if isinstance(out, list) else []


_EVENT_COLUMNS = """
    e.id, e.kind, e.occurred AS time, e.article_id, e.cluster_id, e.sentence, e.parties, e.people,
    e.mode, e.status, e.places, e.mediator, e.attacker, e.target, e.weapon, e.killed, e.injured,
    e.casualties_text, e.speaker, e.role, e.quote, e.gist, e.read, e.starred, e.note,
    COALESCE(c.n_sources, 1) AS n_sources, a.title, a.link, a.labels,
    COALESCE(a.source, f.title, f.name) AS source
"""
_EVENT_FROM = """
    FROM events e JOIN articles a ON a.id = e.article_id
    LEFT JOIN event_clusters c ON c.id = e.cluster_id
    LEFT JOIN feeds f ON f.id = a.feed_id
"""
_WIRE_COLUMNS = """
    a.id, 'wire' AS kind, a.published AS time, a.id AS article_id, a.title, a.link, a.labels,
    a.read, a.starred, a.note, COALESCE(a.source, f.title, f.name) AS source, a.date_note
"""
_WIRE_FROM = "FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id"


def _decode(row: dict) -> dict:
    for key in ("parties", "people", "places"):
        if key in row:
            row[key] = _json_list(row[key])
    row["labels"] = (row.get("labels") or "").split()
    return row


class ArchiveReader:
    """One read connection to the archive and the one thread that queries it (a lock serialises
    the few callers on other threads)."""

    def __init__(self, path: str | Path, name: str = "reader"):
        self.path = Path(path)
        self.conn = connect(self.path)
        self.conn.row_factory = sqlite3.Row
        self.db = Database(self.conn)
        self.lock = threading.RLock()
        # One long-lived thread per connection instead of whichever pool thread is free: glibc
        # gives each thread that allocates its own malloc arena, and rows and SQLite's page cache
        # spread over six or more of them kept ~20 MB of free but unreturnable memory in a
        # dashboard that otherwise holds ~15 MB. The thread starts on the first `run`.
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"archive-{name}")

    async def run(self, fn, *args, **kw):
        """Run `fn(*args, **kw)` on this reader's thread and return what it returns.

        Cancelling the awaiting task skips `fn` if it has not started yet."""
        return await asyncio.wrap_future(self._thread.submit(fn, *args, **kw))

    def close(self) -> None:
        # queued work is dropped; a query already running finishes before the lock is ours
        self._thread.shutdown(wait=False, cancel_futures=True)
        with self.lock:
            self.conn.close()

    def _rows(self, sql: str, args=()) -> list[dict]:
        with self.lock:
            return [dict(r) for r in self.conn.execute(sql, args).fetchall()]

    def data_version(self) -> int:
        """Changes whenever another connection (any process) commits to the archive."""
        with self.lock:
            return self.conn.execute("PRAGMA data_version").fetchone()[0]

    # -- pane windows --------------------------------------------------------------------------

    def _where(self, kind: str, filters: Filters, now: datetime | None) -> tuple[list[str], dict]:
        alias_time = "a.published" if kind == "wire" else "e.occurred"
        where: list[str] = [] if kind == "wire" else ["e.kind = :kind"]
        args: dict = {"kind": kind}
        since = filters.since(now)
        if since:
            where.append(f"{alias_time} >= :since")
            args["since"] = since
        if filters.labels:
            ors = []
            for i, label in enumerate(sorted(filters.labels)):
                ors.append(f"(' ' || a.labels || ' ') LIKE :label{i}")
                args[f"label{i}"] = f"% {label} %"
            where.append("(" + " OR ".join(ors) + ")")
        if filters.source:
            args["source"] = _like(filters.source)
            where.append(
                "(a.source LIKE :source ESCAPE '\\' OR EXISTS (SELECT 1 FROM sightings s JOIN feeds sf "
                "ON sf.id = s.feed_id WHERE s.article_id = a.id AND (sf.name LIKE :source ESCAPE '\\' "
                "OR sf.title LIKE :source ESCAPE '\\')))"
            )
        return where, args

    def pane_rows(self, kind: str, filters: Filters, *, limit: int = 200,
                  before: tuple[str, int] | None = None, now: datetime | None = None) -> list[dict]:
        """The newest `limit` rows of a pane, or those just older than `before` (time, id)."""
        where, args = self._where(kind, filters, now)
        t, i = ("a.published", "a.id") if kind == "wire" else ("e.occurred", "e.id")
        if before is not None:
            where.append(f"({t} < :bt OR ({t} = :bt AND {i} < :bi))")
            args.update(bt=before[0], bi=before[1])
        cols, src = (_WIRE_COLUMNS, _WIRE_FROM) if kind == "wire" else (_EVENT_COLUMNS, _EVENT_FROM)
        sql = f"SELECT {cols} {src} {'WHERE ' + ' AND '.join(where) if where else ''} ORDER BY {t} DESC, {i} DESC LIMIT :limit"
        args["limit"] = limit
        return [_decode(r) for r in self._rows(sql, args)]

    def rows_after(self, kind: str, filters: Filters, after_id: int, *, limit: int = 500,
                   now: datetime | None = None) -> list[dict]:
        """Rows stored after id `after_id` (what arrived since the pane last looked)."""
        where, args = self._where(kind, filters, now)
        i = "a.id" if kind == "wire" else "e.id"
        where.append(f"{i} > :after")
        args.update(after=after_id, limit=limit)
        cols, src = (_WIRE_COLUMNS, _WIRE_FROM) if kind == "wire" else (_EVENT_COLUMNS, _EVENT_FROM)
        sql = f"SELECT {cols} {src} WHERE {' AND '.join(where)} ORDER BY {i} LIMIT :limit"
        return [_decode(r) for r in self._rows(sql, args)]

    def max_id(self, kind: str) -> int:
        table = "articles" if kind == "wire" else "events"
        with self.lock:
            return self.conn.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}").fetchone()[0]

    def marks_of(self, kind: str, ids: list[int]) -> dict[int, tuple[int, int, str | None]]:
        """Current read/starred/note of the given rows; a row missing from the answer is gone."""
        table = "articles" if kind == "wire" else "events"
        out: dict[int, tuple[int, int, str | None]] = {}
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for r in self._rows(f"SELECT id, read, starred, note FROM {table} WHERE id IN ({marks})", chunk):
                out[r["id"]] = (r["read"], r["starred"], r["note"])
        return out

    # -- status line -----------------------------------------------------------------------------

    def status(self, now: datetime | None = None) -> StatusCounts:
        now = now or utcnow()
        counts = StatusCounts()
        for r in self._rows("SELECT status, COUNT(*) AS n FROM feeds WHERE enabled = 1 GROUP BY status"):
            counts.feeds_total += r["n"]
            if r["status"] == "error":
                counts.feeds_failing += r["n"]
            elif r["status"] in ("ok", "not_modified"):
                counts.feeds_ok += r["n"]
        # the last attempt on any feed: a daemon polling on schedules has no "rounds"
        row = self._rows("SELECT MAX(last_attempt) AS t FROM feeds WHERE enabled = 1")
        counts.last_poll = row[0]["t"] if row else None
        midnight = iso(now.replace(hour=0, minute=0, second=0))
        counts.articles_today = self._rows("SELECT COUNT(*) AS n FROM articles WHERE first_seen >= ?",
                                           [midnight])[0]["n"]
        counts.articles_total = self._rows("SELECT COALESCE(MAX(id), 0) AS n FROM articles")[0]["n"]
        for r in self._rows("SELECT severity, COUNT(*) AS n FROM alerts WHERE acked IS NULL GROUP BY severity"):
            counts.open_by_severity[r["severity"]] = r["n"]
            counts.open_alerts += r["n"]
        counts.pollers = self.pollers(now)
        counts.activity = self.activity(now)
        return counts

    def pollers(self, now: datetime | None = None) -> list[dict]:
        cutoff = iso((now or utcnow()) - timedelta(seconds=STALE_HEARTBEAT_SECONDS))
        return self._rows("SELECT * FROM pollers WHERE heartbeat >= ? ORDER BY started", [cutoff])

    def activity(self, now: datetime | None = None, hours: int = 24) -> dict[str, list[int]]:
        """Articles per label per hour over the last `hours` hours, oldest bucket first."""
        now = (now or utcnow()).replace(minute=0, second=0)
        start = now - timedelta(hours=hours - 1)
        out = {label: [0] * hours for label in LABELS}
        rows = self._rows(
            "SELECT l.label, substr(a.published, 1, 13) AS hour, COUNT(*) AS n "
            "FROM articles a JOIN article_labels l ON l.article_id = a.id "
            "WHERE a.published >= ? AND a.published <= ? GROUP BY l.label, hour",
            [iso(start), iso(now + timedelta(hours=1))],
        )
        for r in rows:
            when = parse_iso(r["hour"] + ":00:00Z")
            if when is None or r["label"] not in out:
                continue
            index = int((when - start).total_seconds() // 3600)
            if 0 <= index < hours:
                out[r["label"]][index] += r["n"]
        return out

    # -- detail ----------------------------------------------------------------------------------

    def article_detail(self, article_id: int) -> ArticleDetail | None:
        rows = self._rows(
            "SELECT a.*, f.name AS feed_name, f.title AS feed_title FROM articles a "
            "LEFT JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?", [article_id])
        if not rows:
            return None
        article = rows[0]
        text = article_text(article["title"], article["content"], article["summary"])
        labels = []
        for r in self._rows("SELECT label, score, evidence FROM article_labels WHERE article_id = ? "
                            "ORDER BY score DESC", [article_id]):
            r["evidence"] = [e for e in _json_list(r["evidence"]) if isinstance(e, dict)]
            labels.append(r)
        events = [_decode(r) for r in self._rows(
            f"SELECT {_EVENT_COLUMNS}, e.span_start, e.span_end, e.phrases {_EVENT_FROM} "
            "WHERE e.article_id = ? ORDER BY e.span_start, e.id", [article_id])]
        for ev in events:
            ev["phrases"] = _json_list(ev.get("phrases"))
        carried_by = self._rows(
            "SELECT f.name AS feed_name, f.title AS feed_title, s.first_seen FROM sightings s "
            "JOIN feeds f ON f.id = s.feed_id WHERE s.article_id = ? ORDER BY s.first_seen", [article_id])
        clusters = sorted({ev["cluster_id"] for ev in events if ev["cluster_id"] is not None})
        other_sources: list[dict] = []
        if clusters:
            marks = ",".join("?" * len(clusters))
            other_sources = self._rows(
                "SELECT DISTINCT a.id, a.title, a.link, a.published, "
                "COALESCE(a.source, f.title, f.name) AS source FROM events e "
                "JOIN articles a ON a.id = e.article_id LEFT JOIN feeds f ON f.id = a.feed_id "
                f"WHERE e.cluster_id IN ({marks}) AND a.id != ? ORDER BY a.published DESC LIMIT 50",
                [*clusters, article_id])
        return ArticleDetail(article, text, labels, events, carried_by, other_sources)

    # -- feeds and alerts ------------------------------------------------------------------------

    def feeds(self) -> list[dict]:
        return self._rows("SELECT * FROM feeds ORDER BY enabled DESC, status = 'error' DESC, name")

    def alerts(self, *, open_only: bool = False, limit: int = 500) -> list[dict]:
        where = "WHERE acked IS NULL" if open_only else ""
        return self._rows(f"SELECT * FROM alerts {where} ORDER BY created DESC, id DESC LIMIT ?", [limit])

    def alerts_after(self, after_id: int) -> list[dict]:
        return self._rows("SELECT * FROM alerts WHERE id > ? ORDER BY id", [after_id])

    def max_alert_id(self) -> int:
        return self._rows("SELECT COALESCE(MAX(id), 0) AS n FROM alerts")[0]["n"]

    def sources(self, limit: int = 200) -> list[tuple[str, int]]:
        """Known sources (outlets and feeds) with their article counts, for the source filter."""
        rows = self._rows(
            "SELECT COALESCE(a.source, f.title, f.name) AS source, COUNT(*) AS n FROM articles a "
            "LEFT JOIN feeds f ON f.id = a.feed_id GROUP BY 1 ORDER BY n DESC LIMIT ?", [limit])
        return [(r["source"], r["n"]) for r in rows if r["source"]]

    # -- writes the viewer is allowed: marks and acknowledgements --------------------------------

    def set_read(self, table: str, ids: list[int], read: bool = True) -> None:
        with self.lock:
            marks.set_read(self.db, table, ids, read)

    def toggle_star(self, table: str, row_id: int) -> bool:
        with self.lock:
            return marks.toggle_star(self.db, table, row_id)

    def set_note(self, table: str, row_id: int, note: str | None) -> str | None:
        with self.lock:
            return marks.set_note(self.db, table, row_id, note)

    def mark_all_read(self, kind: str, filters: Filters) -> int:
        """Mark every row of a pane (as filtered) read; returns how many changed."""
        if not filters.active:
            with self.lock:
                return marks.mark_all_read(self.db, kind)
        where, args = self._where(kind, filters, None)
        table, alias, src = ("articles", "a", _WIRE_FROM) if kind == "wire" else ("events", "e", _EVENT_FROM)
        where.append(f"{alias}.read = 0")
        with self.lock, self.db.atomic():
            cur = self.conn.execute(
                f"UPDATE {table} SET read = 1 WHERE id IN (SELECT {alias}.id {src} WHERE {' AND '.join(where)})", args)
            return cur.rowcount

    def ack_alert(self, alert_id: int, who: str | None = None) -> bool:
        with self.lock:
            return alerts_mod.ack_alert(self.db, alert_id, who)

    def ack_all(self, who: str | None = None) -> int:
        with self.lock:
            return alerts_mod.ack_all(self.db, who)


def pane_table(kind: str) -> str:
    """The table holding a pane's rows (what marks apply to)."""
    return "articles" if kind == "wire" else "events"


class SearchError(Exception):
    """A malformed query, in one line."""


def search_archive(reader: ArchiveReader, query: str, filters: Filters, *, kind: str | None = None,
                   limit: int = 100) -> list[dict]:
    """Full-text search with the dashboard's filters; rows have id (article), title, source, time, labels."""
    from crisis_tui import search as search_mod

    label = next(iter(filters.labels)) if len(filters.labels) == 1 else None
    with reader.lock:
        try:
            found = search_mod.search(reader.db, query, kind=kind, label=label, source=filters.source,
                                      since=filters.since(), limit=limit)
        except search_mod.QueryError as exc:
            raise SearchError(str(exc)) from None
    rows = [_search_row(r) for r in found]
    if len(filters.labels) > 1:
        rows = [r for r in rows if set(r["labels"]) & filters.labels]
    return rows


def _search_row(r: dict) -> dict:
    labels = r.get("labels") or ""
    if isinstance(labels, str):
        labels = labels.split()
    return {
        "id": r.get("article_id") or r.get("id"),
        "event_id": r.get("event_id") if r.get("article_id") else None,
        "title": r.get("title") or r.get("article_title") or "",
        "source": r.get("source") or r.get("feed_name") or r.get("feed") or "",
        "time": r.get("published") or r.get("occurred") or r.get("time") or "",
        "labels": list(labels),
        "snippet": r.get("snippet") or r.get("sentence") or "",
        "link": r.get("link"),
    }
