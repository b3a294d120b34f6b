"""Exports of the archive: CSV and JSONL of articles or events, and the Markdown situation report.

Every row carries all of its fields and its source links. JSONL keeps types (lists stay lists,
marks are booleans); CSV flattens lists with "; " and writes marks as 0/1 so a spreadsheet and
pandas read it without help. Text from feeds is already sanitised in the archive; CSV cells that
a spreadsheet would run as a formula (starting with = + - @) get a leading apostrophe, the usual
guard against formula injection.
"""

from __future__ import annotations

import csv
import io
import json
import os
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, TextIO

from crisis_tui.models import EVENT_KINDS
from crisis_tui.search import QueryError, article_filters, to_fts_query

FORMATS = ("csv", "jsonl", "md")
# --kind: one kind of event, or all of them; no kind exports articles.
KINDS = (*EVENT_KINDS, "events")

ARTICLE_FIELDS = (
    "id", "published", "title", "link", "canonical_url", "source", "feed_name", "feeds", "feed_urls",
    "author", "labels", "label_scores", "language", "date_note", "updated", "first_seen", "last_changed",
    "summary", "content", "n_events", "tagger_version", "read", "starred", "note",
)
EVENT_FIELDS = (
    "id", "kind", "occurred", "parties", "people", "mode", "status", "mediator", "places", "attacker",
    "target", "weapon", "killed", "injured", "casualties_text", "speaker", "role", "quote", "gist", "verb",
    "sentence", "span_start", "span_end", "phrases", "cluster_id", "n_sources", "sources", "source_links",
    "article_id", "article_title", "article_link", "article_source", "feed_name", "tagger_version", "created",
    "read", "starred", "note",
)
LIST_FIELDS = {"feeds", "feed_urls", "labels", "parties", "people", "places", "phrases", "sources", "source_links"}
BOOL_FIELDS = {"read", "starred"}
JSON_COLUMNS = {"parties", "people", "places", "phrases"}  # stored as JSON text in `events`
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


# --------------------------------------------------------------------------------------------
# Selecting rows


def _event_filters(kind, label, source, since, until, starred, query) -> tuple[str, list]:
    where, params = article_filters("a", label=label, source=source)
    if kind and kind != "events":
        if kind not in EVENT_KINDS:
            raise QueryError(f"unknown kind '{kind}': use one of {', '.join(KINDS)}")
        where.append("e.kind = ?")
        params.append(kind)
    # The period of an event is when it was reported (its article's publication time).
    from crisis_tui.search import parse_since, parse_until

    if since:
        where.append("e.occurred >= ?")
        params.append(parse_since(since))
    if until:
        where.append("e.occurred <= ?")
        params.append(parse_until(until))
    if starred:
        where.append("e.starred = 1")
    if query:
        where.append("e.article_id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(to_fts_query(query))
    return (" WHERE " + " AND ".join(where)) if where else "", params


def select_articles(db, *, label=None, source=None, since=None, until=None, starred=None, query=None,
                    limit: int | None = None) -> Iterator[dict]:
    """Articles with all their fields, the feeds that carried them and their label scores, oldest first."""
    where, params = article_filters("a", label=label, source=source, since=since, until=until, starred=starred)
    if query:
        where.append("a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(to_fts_query(query))
    sql = (
        "SELECT a.*, f.name AS feed_name, "
        "(SELECT json_group_array(name) FROM (SELECT f2.name FROM sightings s JOIN feeds f2 ON f2.id = s.feed_id "
        "  WHERE s.article_id = a.id ORDER BY s.first_seen, f2.name)) AS feeds, "
        "(SELECT json_group_array(url) FROM (SELECT DISTINCT COALESCE(f2.url, f2.path) AS url FROM sightings s "
        "  JOIN feeds f2 ON f2.id = s.feed_id WHERE s.article_id = a.id AND COALESCE(f2.url, f2.path) IS NOT NULL)) AS feed_urls, "
        "(SELECT json_group_object(label, score) FROM article_labels WHERE article_id = a.id) AS label_scores, "
        "(SELECT COUNT(*) FROM events WHERE article_id = a.id) AS n_events "
        "FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id"
        + ((" WHERE " + " AND ".join(where)) if where else "")
        + " ORDER BY a.published, a.id" + (f" LIMIT {int(limit)}" if limit else "")
    )
    for row in db.query(sql, params):
        out = {name: row.get(name) for name in ARTICLE_FIELDS}
        out["labels"] = row["labels"].split() if row["labels"] else []
        out["feeds"] = json.loads(row["feeds"] or "[]")
        out["feed_urls"] = json.loads(row["feed_urls"] or "[]")
        out["label_scores"] = json.loads(row["label_scores"] or "{}")
        for name in BOOL_FIELDS:
            out[name] = bool(row[name])
        yield out


def select_events(db, *, kind=None, label=None, source=None, since=None, until=None, starred=None, query=None,
                  limit: int | None = None) -> Iterator[dict]:
    """Events with all their fields, their article and every source that reported the same event."""
    where, params = _event_filters(kind, label, source, since, until, starred, query)
    sql = (
        "SELECT e.*, c.n_sources, a.title AS article_title, a.link AS article_link, a.source AS article_source, "
        "f.name AS feed_name FROM events e JOIN articles a ON a.id = e.article_id "
        "LEFT JOIN feeds f ON f.id = a.feed_id LEFT JOIN event_clusters c ON c.id = e.cluster_id"
        + where + " ORDER BY e.occurred, e.id" + (f" LIMIT {int(limit)}" if limit else "")
    )
    for row in db.query(sql, params):
        out = {name: row.get(name) for name in EVENT_FIELDS}
        for name in JSON_COLUMNS:
            out[name] = json.loads(row[name]) if row[name] else []
        for name in BOOL_FIELDS:
            out[name] = bool(row[name])
        out["sources"], out["source_links"] = cluster_sources(db, row["cluster_id"], row["article_id"])
        yield out


def cluster_sources(db, cluster_id: int | None, article_id: int) -> tuple[list[str], list[str]]:
    """The outlets that reported an event (its cluster), and their article links, first report first."""
    if cluster_id is None:
        rows = db.execute(
            "SELECT COALESCE(a.source, f.name), a.link FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id "
            "WHERE a.id = ?", [article_id]).fetchall()
    else:
        rows = db.execute(
            "SELECT COALESCE(a.source, f.name), a.link FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id "
            "WHERE a.id IN (SELECT article_id FROM events WHERE cluster_id = ?) ORDER BY a.published, a.id",
            [cluster_id]).fetchall()
    sources, links = [], []
    for source, link in rows:
        if source and source not in sources:
            sources.append(source)
        if link and link not in links:
            links.append(link)
    return sources, links


# --------------------------------------------------------------------------------------------
# Writing


def _csv_cell(name: str, value):
    if value is None:
        return ""
    if name in BOOL_FIELDS:
        return int(value)
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, str):
        if value.startswith(_FORMULA_START):
            value = "'" + value
    return value


def write_csv(rows, fields: tuple[str, ...], out: TextIO) -> int:
    """Rows as CSV with a header line; returns the number of rows."""
    writer = csv.writer(out)
    writer.writerow(fields)
    n = 0
    for row in rows:
        writer.writerow([_csv_cell(name, row.get(name)) for name in fields])
        n += 1
    return n


def write_jsonl(rows, fields: tuple[str, ...], out: TextIO) -> int:
    """One JSON object per line, keys in `fields` order; returns the number of rows."""
    n = 0
    for row in rows:
        out.write(json.dumps({name: row.get(name) for name in fields}, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_export(db, fmt: str, out: TextIO, *, kind=None, label=None, source=None, since=None, until=None,
                 starred=None, query=None, title: str | None = None) -> int:
    """Write an export of the archive to `out`; returns the number of rows (or report items)."""
    if fmt not in FORMATS:
        raise QueryError(f"unknown format '{fmt}': use one of {', '.join(FORMATS)}")
    if kind is not None and kind not in KINDS:
        raise QueryError(f"unknown kind '{kind}': use one of {', '.join(KINDS)}")
    filters = dict(label=label, source=source, since=since, until=until, starred=starred, query=query)
    if fmt == "md":
        from crisis_tui.report import write_report

        return write_report(db, out, kind=kind, title=title, **filters)
    if kind:
        rows, fields = select_events(db, kind=kind, **filters), EVENT_FIELDS
    else:
        rows, fields = select_articles(db, **filters), ARTICLE_FIELDS
    # Materialise first so a bad query fails before anything is written.
    rows = list(rows)
    return (write_csv if fmt == "csv" else write_jsonl)(rows, fields, out)


def default_export_dir() -> Path:
    """Where the dashboard writes exports: the user's Downloads (or Documents) folder, else the current one."""
    try:
        import platformdirs

        for candidate in (platformdirs.user_downloads_dir(), platformdirs.user_documents_dir()):
            if candidate and Path(candidate).is_dir() and os.access(candidate, os.W_OK):
                return Path(candidate)
    except Exception:  # platformdirs guesses from the environment; a guess that fails is not fatal
        pass
    return Path.cwd()


def default_export_name(fmt: str, kind: str | None = None, now: datetime | None = None) -> str:
    now = now or datetime.now(timezone.utc)
    what = "report" if fmt == "md" else (kind or "articles")
    return f"crisis-tui-{what}-{now.strftime('%Y%m%d-%H%M%S')}.{fmt}"


def export_view(db, fmt: str, out_path: str | os.PathLike | None = None, **filters) -> Path:
    """Export what a view shows (its filters: kind, label, source, since, until, starred, query) to a file.

    Without `out_path`, writes a new, time-stamped file in the user's Downloads/Documents folder
    (or the current directory). Returns the path written. Raises QueryError for a bad filter.
    """
    if out_path is None:
        path = default_export_dir() / default_export_name(fmt, filters.get("kind"))
        n = 1
        while path.exists():
            path = path.with_stem(f"{path.stem.rsplit('~', 1)[0]}~{n}")
            n += 1
    else:
        path = Path(out_path).expanduser()
    buf = io.StringIO()
    write_export(db, fmt, buf, **filters)  # build it fully first: a bad filter leaves no half file
    # CSV gets a byte order mark so spreadsheets read it as UTF-8 (pandas and csv skip it).
    encoding = "utf-8-sig" if fmt == "csv" else "utf-8"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding=encoding, newline="") as fh:
        fh.write(buf.getvalue())
    return path
