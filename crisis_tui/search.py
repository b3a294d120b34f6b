"""Full-text search over the archive (FTS5, ranked by bm25 or by time), shared by the CLI and the UI.

The user's syntax is small and forgiving: words, "phrases", prefix*, upper-case AND/OR/NOT and
parentheses. Words match their other forms (the index and the query go through FTS5's porter
stemmer: "strike" finds "strikes"), and a person's name its other spellings in the gazetteer
("Araghchi" finds "Araqchi"; a quoted "Araghchi" only that spelling). Everything else a paste
brings along (colons, dashes, dots, apostrophes) is kept inside a quoted token, so FTS5 never sees its own syntax from user text and
`U.S.-Iran: talks` simply works. Only a query that cannot mean anything (unbalanced quotes or parentheses, an
operator with nothing on one side, nothing to search for) raises `QueryError`.
"""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import datetime, timedelta, timezone
from functools import cache

from crisis_tui.models import EVENT_KINDS, LABELS

SORTS = ("rank", "time")
# Title matches count most, then the summary, then the full text (bm25 column weights).
BM25_WEIGHTS = (10.0, 4.0, 1.0)
# Snippet highlight markers: printable, rare in news text, easy for a viewer to split on.
SNIPPET_OPEN = "«"
SNIPPET_CLOSE = "»"
SNIPPET_TOKENS = 14
OPERATORS = ("AND", "OR", "NOT")


class QueryError(ValueError):
    """A search query that cannot be run; the message is one line for the user."""


# --------------------------------------------------------------------------------------------
# The query language


_TOKEN = re.compile(r'"(?P<phrase>[^"]*)"(?P<pstar>\*?)|(?P<quote>")|(?P<paren>[()])|(?P<word>[^\s"()]+)')
_WORDCHAR = re.compile(r"\w", re.UNICODE)


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@cache
def _spellings() -> dict[str, tuple[str, ...]]:
    """lexicon.person_spellings, read once: "araghchi" -> ("Araghchi", "Araqchi")."""
    from crisis_tui.tagger.lexicon import person_spellings  # (the gazetteer's, not the tagger's start-up)

    return person_spellings()


def _lex(q: str) -> list[tuple[str, str]]:
    """(type, FTS5 text) tokens: 'term', 'op', '(' or ')'."""
    tokens: list[tuple[str, str]] = []
    for m in _TOKEN.finditer(q):
        if m.group("quote"):
            raise QueryError('unbalanced quotes: a "phrase" needs a closing quote')
        if m.group("paren"):
            tokens.append((m.group("paren"), m.group("paren")))
            continue
        if m.group("phrase") is not None:
            phrase = " ".join(m.group("phrase").split())
            if not _WORDCHAR.search(phrase):
                raise QueryError('empty phrase: put some words between the quotes')
            tokens.append(("term", _quote(phrase) + m.group("pstar")))
            continue
        word = m.group("word")
        if word in OPERATORS:
            tokens.append(("op", word))
            continue
        prefix = word.endswith("*")
        stem = word.rstrip("*")
        if not _WORDCHAR.search(stem):
            if prefix:
                raise QueryError(f"'{word}': a prefix* needs letters before the star")
            continue  # stray punctuation from a paste: nothing to search for in it
        spellings = None if prefix else _spellings().get(stem.lower())
        if spellings is not None:
            # a person's other spellings too (a quoted "Araghchi" is that spelling only)
            tokens.append(("term", "(" + " OR ".join(map(_quote, spellings)) + ")"))
            continue
        tokens.append(("term", _quote(stem) + ("*" if prefix else "")))
    return tokens


def to_fts_query(q: str) -> str:
    """Turn the user's query into a safe FTS5 MATCH expression, or raise QueryError."""
    if q is None or not str(q).strip():
        raise QueryError("empty query: type some words to search for")
    # SQLite ends a string at NUL ("unterminated string"): it can only come from a paste, drop it
    tokens = _lex(str(q).replace("\x00", " "))
    out: list[str] = []
    depth = 0
    prev = None  # type of the previous token: None (start), 'term', 'op', '(' or ')'
    for kind, text in tokens:
        if kind == "op":
            if prev == "op":
                raise QueryError(f"{out[-1]} {text}: two operators in a row, put words between them")
            if prev in (None, "("):
                where = "at the start" if prev is None else "after '('"
                hint = " (NOT means 'a NOT b': excluding needs something to exclude from)" if text == "NOT" else ""
                raise QueryError(f"{text} {where} has nothing before it{hint}")
            out.append(text)
        elif kind == "(":
            if prev in ("term", ")"):
                out.append("AND")
            depth += 1
            out.append("(")
        elif kind == ")":
            if depth == 0:
                raise QueryError("unbalanced parentheses: ')' without '('")
            if prev == "(":
                raise QueryError("empty parentheses: put some words inside ()")
            if prev == "op":
                raise QueryError(f"{out[-1]} before ')' has nothing after it")
            depth -= 1
            out.append(")")
        else:
            if prev in ("term", ")"):
                out.append("AND")
            out.append(text)
        prev = kind
    if prev == "op":
        raise QueryError(f"{out[-1]} at the end has nothing after it")
    if depth:
        raise QueryError("unbalanced parentheses: '(' without ')'")
    if not any(kind == "term" for kind, _ in tokens):
        raise QueryError("nothing to search for: the query has no words")
    return " ".join(out)


# --------------------------------------------------------------------------------------------
# Dates


_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(m|min|h|d|w)\s*$", re.I)
_DURATION_SECONDS = {"m": 60, "min": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_since(value: str, *, now: datetime | None = None) -> str:
    """'2h', '7d', '2025-06-13' or '2025-06-13T08:00' -> an ISO 8601 UTC time as the archive stores it.

    A duration counts back from now. Raises QueryError with a one-line message.
    """
    s = str(value or "").strip()
    m = _DURATION.match(s)
    if m:
        now = now or datetime.now(timezone.utc)
        when = now - timedelta(seconds=float(m.group(1)) * _DURATION_SECONDS[m.group(2).lower()])
        return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    try:
        when = datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        raise QueryError(f"'{s}' is not a duration like 2h or 7d, nor a date like 2025-06-13") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_until(value: str, *, now: datetime | None = None) -> str:
    """Like `parse_since`, but a bare date means the END of that day (until 2025-06-13 includes it)."""
    s = str(value or "").strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return s + "T23:59:59Z"
    return parse_since(s, now=now)


# --------------------------------------------------------------------------------------------
# Filters shared with exports


def article_filters(alias: str = "a", *, label=None, source=None, since=None, until=None,
                    starred: bool | None = None) -> tuple[list[str], list]:
    """SQL conditions (and their parameters) on the articles table aliased `alias`."""
    where: list[str] = []
    params: list = []
    if label:
        if label not in LABELS:
            raise QueryError(f"unknown label '{label}': use one of {', '.join(LABELS)}")
        where.append(f"EXISTS (SELECT 1 FROM article_labels l WHERE l.article_id = {alias}.id AND l.label = ?)")
        params.append(label)
    if source:
        # The outlet, or any feed that carried the story: case-insensitive substring.
        pattern = f"%{source}%"
        where.append(
            f"({alias}.source LIKE ? OR EXISTS (SELECT 1 FROM sightings s JOIN feeds f ON f.id = s.feed_id "
            f"WHERE s.article_id = {alias}.id AND (f.name LIKE ? OR f.title LIKE ?)))"
        )
        params += [pattern, pattern, pattern]
    if since:
        where.append(f"{alias}.published >= ?")
        params.append(parse_since(since))
    if until:
        where.append(f"{alias}.published <= ?")
        params.append(parse_until(until))
    if starred:
        where.append(f"{alias}.starred = 1")
    return where, params


# --------------------------------------------------------------------------------------------
# Search

ARTICLE_COLUMNS = ("id", "title", "link", "source", "published", "labels", "read", "starred", "note")
EVENT_COLUMNS = (
    "id", "article_id", "cluster_id", "kind", "occurred", "sentence", "parties", "people", "mode", "mediator",
    "status", "places", "attacker", "target", "weapon", "killed", "injured", "casualties_text", "speaker",
    "role", "quote", "gist", "verb", "read", "starred", "note",
)


def search(db, query: str, *, kind: str | None = None, label: str | None = None, source: str | None = None,
           since: str | None = None, until: str | None = None, limit: int = 50, sort: str = "rank") -> list[dict]:
    """Articles matching `query` (best first, or newest first with sort="time"), each with a snippet.

    With `kind`, the events of that kind found in the matching articles instead (each with its
    article's title, link, source and snippet). Raises QueryError for a malformed query or filter.
    """
    match = to_fts_query(query)
    if sort not in SORTS:
        raise QueryError(f"unknown sort '{sort}': use rank or time")
    if kind is not None and kind not in EVENT_KINDS:
        raise QueryError(f"unknown kind '{kind}': use one of {', '.join(EVENT_KINDS)}")
    limit = max(1, int(limit))
    where, params = article_filters("a", label=label, source=source, since=since, until=until)
    if kind is not None:
        where.append("EXISTS (SELECT 1 FROM events e WHERE e.article_id = a.id AND e.kind = ?)")
        params.append(kind)
    # Articles first (ids in order, with their score), then their rows, snippets and events.
    want = limit  # with a kind, each article found holds at least one such event
    if sort == "rank":
        ranked = _top_by_rank(db, match, where, params, want)
    else:
        ranked = _top_by_time(db, match, where, params, want)
    if not ranked:
        return []
    scores = dict(ranked)
    ids = [i for i, _ in ranked]
    marks = ",".join("?" * len(ids))
    snippet = f"snippet(articles_fts, -1, '{SNIPPET_OPEN}', '{SNIPPET_CLOSE}', '…', {SNIPPET_TOKENS})"
    # One pass over a rowid range: an IN list would make FTS5 re-read (for a prefix*, re-merge)
    # the query's doclists once per id. `+rowid` keeps the IN list out of the index plan.
    snippets = dict(_execute(db, f"SELECT rowid, {snippet} FROM articles_fts WHERE articles_fts MATCH ? "
                                 f"AND rowid BETWEEN ? AND ? AND +rowid IN ({marks})",
                             [match, min(ids), max(ids), *ids]).fetchall())
    if kind is None:
        cols = ", ".join(f"a.{c}" for c in ARTICLE_COLUMNS)
        rows = _run(db, f"SELECT {cols}, f.name AS feed_name FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id "
                        f"WHERE a.id IN ({marks})", ids)
        by_id = {r["id"]: r for r in rows}
        out = []
        for i in ids:
            row = by_id[i]
            row["snippet"], row["score"] = snippets.get(i, ""), scores[i]
            out.append(row)
        return out
    cols = ", ".join(f"e.{c}" for c in EVENT_COLUMNS)
    rows = _run(db, f"SELECT {cols}, a.title, a.link, a.source, c.n_sources FROM events e "
                    f"JOIN articles a ON a.id = e.article_id LEFT JOIN event_clusters c ON c.id = e.cluster_id "
                    f"WHERE e.article_id IN ({marks}) AND e.kind = ?", [*ids, kind])
    position = {i: n for n, i in enumerate(ids)}
    for row in rows:
        row["snippet"], row["score"] = snippets.get(row["article_id"], ""), scores[row["article_id"]]
    if sort == "rank":
        rows.sort(key=lambda r: (position[r["article_id"]], r["id"]))
    else:
        rows.sort(key=lambda r: (r["occurred"], r["id"]), reverse=True)
    return rows[:limit]


# Ranking: bm25 must score every match before the best can be known, which on a big archive is
# most of the cost for a common word (100,000 matches: ~150 ms). Past RANK_WINDOW matches, only
# the newest RANK_WINDOW are ranked; for news the recent matches are the ones wanted, and the
# idf statistics stay those of the whole archive. Filters are checked on the ranked candidates
# in batches, so the join to `articles` is paid for the few rows that are looked at.
RANK_WINDOW = 20_000
_BATCH = 200
# Newest first: ids grow with first_seen, and an article's published time is never later than
# when it was first seen (future dates are clamped), so once the k-th newest result is newer than
# the first_seen of the candidate at hand, no older id can beat it. The slack covers clocks that
# moved back and concurrent writers.
TIME_SLACK_SECONDS = 86_400


def _execute(db, sql: str, params: list):
    try:
        return db.execute(sql, params)
    except sqlite3.OperationalError as exc:
        # to_fts_query should make this impossible; keep the promise of one clear line anyway.
        if "fts5" in str(exc).lower() or "syntax" in str(exc).lower():
            raise QueryError(f"the search index refused the query ({exc})") from None
        raise


def _passing(db, ids: list[int], where: list[str], params: list) -> set[int]:
    """The ids among `ids` whose article passes the filters."""
    if not where:
        return set(ids)
    marks = ",".join("?" * len(ids))
    sql = f"SELECT a.id FROM articles a WHERE a.id IN ({marks}) AND " + " AND ".join(where)
    return {r[0] for r in db.execute(sql, [*ids, *params])}


def _top_by_rank(db, match: str, where: list[str], params: list, want: int) -> list[tuple[int, float]]:
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    window, wparams = "", []
    # The RANK_WINDOW-th newest match, if there are that many (one pass, stops there).
    bound = _execute(db, "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC "
                         "LIMIT 1 OFFSET ?", [match, RANK_WINDOW - 1]).fetchone()
    if bound is not None:
        window, wparams = " AND rowid >= ?", [bound[0]]
    ranked_sql = (f"SELECT rowid, bm25(articles_fts, {weights}) AS score FROM articles_fts "
                  f"WHERE articles_fts MATCH ?{window} ORDER BY score")
    if not where:
        return [tuple(r) for r in db.execute(ranked_sql + " LIMIT ?", [match, *wparams, want])]
    out: list[tuple[int, float]] = []
    cursor = db.execute(ranked_sql, [match, *wparams])
    while len(out) < want:
        batch = cursor.fetchmany(_BATCH)
        if not batch:
            break
        ok = _passing(db, [r[0] for r in batch], where, params)
        out += [tuple(r) for r in batch if r[0] in ok]
    if len(out) < want and window:
        # The filters kept too few of the newest matches (e.g. --until long ago): rank them all.
        filters = "".join(f" AND {w}" for w in where)
        sql = (f"SELECT a.id, bm25(articles_fts, {weights}) AS score FROM articles_fts "
               f"JOIN articles a ON a.id = articles_fts.rowid WHERE articles_fts MATCH ?{filters} ORDER BY score LIMIT ?")
        return [tuple(r) for r in db.execute(sql, [match, *params, want])]
    return out[:want]


def _top_by_time(db, match: str, where: list[str], params: list, want: int) -> list[tuple[int, float]]:
    from crisis_tui.store import iso, parse_iso
    from datetime import timedelta

    filters = "".join(f" AND {w}" for w in where)
    sql = (f"SELECT a.id, a.published, a.first_seen FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
           f"WHERE articles_fts MATCH ?{filters} ORDER BY articles_fts.rowid DESC")
    cursor = _execute(db, sql, [match, *params])
    found: list[tuple[str, int]] = []
    while True:
        batch = cursor.fetchmany(_BATCH)
        if not batch:
            break
        found += [(published, i) for i, published, _ in batch]
        if len(found) >= want:
            found.sort(reverse=True)
            found = found[:want]
            oldest_seen = parse_iso(batch[-1][2])
            if oldest_seen is None or found[-1][0] > iso(oldest_seen + timedelta(seconds=TIME_SLACK_SECONDS)):
                break
    found.sort(reverse=True)
    return [(i, 0.0) for _, i in found[:want]]


_JSON_LISTS = ("parties", "people", "places")


def _run(db, sql: str, params: list) -> list[dict]:
    cursor = _execute(db, sql, params)
    names = [d[0] for d in cursor.description]
    rows = []
    for values in cursor.fetchall():
        row = dict(zip(names, values))
        row["read"], row["starred"] = bool(row["read"]), bool(row["starred"])
        for name in _JSON_LISTS:
            if name in row:
                row[name] = json.loads(row[name]) if row[name] else []
        rows.append(row)
    return rows
