"""Alert rules: a pure matcher, the ingest-time firing, and the queries every viewer uses.

Semantics (the `alerts:` section of feeds.yaml):

- A rule's conditions must all hold. `kind` picks the subject: an event of that kind
  (contact | strike | statement), an event of any kind when omitted, or the article itself
  (`kind: article`). `labels`: any of them is among the article's labels. `keywords`: any of them,
  `all_keywords`: every one of them, as whole words, case-insensitive, over the event's sentence
  plus the article title (title, summary and text for `kind: article`); a space or hyphen in a
  keyword matches any run of spaces/hyphens, and a trailing `*` matches a word's rest (`kill*`).
  `parties`: every one of them takes part (parties, people, attacker, target, speaker), names
  normalised by the tagger's gazetteer so "Tehran" is Iran. `places`: any of them is among the
  event's places (or is a strike's target). `statuses`: the event's status is one of them.
  `direct: true`: a contact without a mediator. `min_killed`: a strike's reported dead are at
  least that many. A keyword may list alternatives, `"ceasefire | truce"`. `min_sources`: the event's cluster has at least
  that many independent sources (an article rule counts the feeds that carried the article).
- One alert per rule and subject: the event cluster (the same occurrence reported by several
  outlets) or, for `kind: article` rules, the article. Later sources of a subject update the
  alert's source count, latest source and `updated`; they never create a second alert.
- `cooldown`: a rule fires at most once per *story* within its cooldown, counted from the alert's
  creation. The story of an event is its kind and places (else its actors, in order); of an
  article, the rule itself. A match on another subject of the same story within the cooldown is
  folded into the existing alert (its sources are added) instead of firing again; after the
  cooldown, the next new subject of that story fires a new alert.
- Alerts are written inside the ingest transaction, so an alert's id is assigned at commit by
  the single writer and ids grow in commit order: a viewer that remembers the last id it
  delivered sees every alert exactly once (`alerts_after`). Acknowledging is stored
  (`acked`, `acked_by`), so every viewer sees it.

The matcher (`Subject`, `rule_matches`) is pure and does no I/O; the rest takes a sqlite-utils
`Database` or a `sqlite3.Connection`.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Iterable, Sequence

from crisis_tui.models import SOURCE_NAME_SQL

SEVERITIES = ("info", "warning", "critical")
SEVERITY_RANK = {name: i for i, name in enumerate(SEVERITIES)}
SUMMARY_LIMIT = 240


# --------------------------------------------------------------------------------------------
# The pure matcher


@dataclass(frozen=True, slots=True)
class Subject:
    """What a rule looks at: one event (with its article's title and labels) or one article."""

    kind: str  # contact | strike | statement | article
    text: str  # keywords are matched here
    labels: frozenset[str] = frozenset()
    actors: tuple[str, ...] = ()  # as stored; normalised when matched
    places: tuple[str, ...] = ()
    status: str | None = None
    mediated: bool = False
    killed: int | None = None
    n_sources: int = 1


def rule_matches(rule, subject: Subject) -> bool:
    """Whether every condition of `rule` (a config.AlertRule) holds for `subject`."""
    if rule.kind == "article":
        if subject.kind != "article":
            return False
    elif subject.kind == "article" or (rule.kind is not None and rule.kind != subject.kind):
        return False
    if subject.n_sources < rule.min_sources:
        return False
    if rule.labels and not subject.labels.intersection(rule.labels):
        return False
    if rule.statuses and subject.status not in rule.statuses:
        return False
    if getattr(rule, "direct", False) and subject.mediated:
        return False
    min_killed = getattr(rule, "min_killed", None)
    if min_killed and (subject.killed or 0) < min_killed:
        return False
    text = _fold(subject.text) if (rule.keywords or rule.all_keywords or subject.kind == "article") else ""
    if rule.keywords and not any(_keyword_re(k).search(text) for k in rule.keywords):
        return False
    if rule.all_keywords and not all(_keyword_re(k).search(text) for k in rule.all_keywords):
        return False
    if rule.parties:
        actors = {normalise_actor(a) for a in subject.actors}
        for party in rule.parties:
            if normalise_actor(party) in actors:
                continue
            # An article rule may name a party the events missed but the text mentions.
            if subject.kind == "article" and _keyword_re(party).search(text):
                continue
            return False
    if rule.places:
        places = {normalise_place(p) for p in subject.places}
        if not any(normalise_place(p) in places for p in rule.places) and not (
            subject.kind == "article" and any(_keyword_re(p).search(text) for p in rule.places)
        ):
            return False
    return True


def matching_rules(rules: Iterable, subject: Subject) -> list:
    """The rules that match `subject`, in configuration order."""
    return [r for r in rules if rule_matches(r, subject)]


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u2010": "-", "\u2011": "-", "\u2013": "-"})


def _fold(text: str) -> str:
    return text.translate(_APOSTROPHES)


@lru_cache(maxsize=4096)
def _keyword_re(keyword: str) -> re.Pattern:
    """A whole-word, case-insensitive pattern for a keyword or phrase (`kill*` for a prefix).

    `a | b` lists alternatives for one keyword, so that `all_keywords: ["ceasefire | truce",
    "violat*"]` means (ceasefire or truce) and violat*.
    """
    alternatives = []
    for alternative in keyword.split("|"):
        parts = [p for p in re.split(r"[\s\-]+", _fold(alternative.strip())) if p]
        pieces = []
        for part in parts:
            prefix = part.endswith("*") and len(part) > 1
            piece = re.escape(part.rstrip("*") if prefix else part)
            pieces.append(piece + (r"\w*" if prefix else ""))
        if pieces:
            alternatives.append(r"[\s\-]+".join(pieces))
    body = "|".join(alternatives) or re.escape(keyword)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", re.IGNORECASE)


def _tagger_function(name: str):
    # Imported lazily: the tagger loads its gazetteers once, and the matcher still works
    # (by plain case-folding) where the tagger is not available.
    try:
        import crisis_tui.tagger as tagger
    except Exception:
        return None
    return getattr(tagger, name, None)


def _canonical(function: str, name: str) -> str:
    """The tagger's canonical form of a name, case-folded; the name itself if it has none."""
    fn = _tagger_function(function)
    canonical = None
    if fn is not None:
        try:
            canonical = fn(name)
        except Exception:
            canonical = None
    return " ".join(str(canonical or name).split()).casefold()


@lru_cache(maxsize=8192)
def normalise_actor(name: str) -> str:
    """An actor's canonical name, case-folded ("Tehran", "Iranian" -> "iran")."""
    return _canonical("normalise_actor", name)


@lru_cache(maxsize=8192)
def normalise_place(name: str) -> str:
    """A place's canonical name, case-folded ("Fordo" -> "fordow")."""
    return _canonical("normalise_place", name)


def event_subject(row: dict, n_sources: int = 1) -> Subject:
    """A Subject from an `events` row joined with its article's `title` and `labels`."""
    kind = row["kind"]
    actors: list[str] = []
    for key in ("parties", "people"):
        actors += _json_list(row.get(key))
    actors += [row[k] for k in ("attacker", "target", "speaker") if row.get(k)]
    places = _json_list(row.get("places"))
    if kind == "strike" and row.get("target"):
        places.append(row["target"])  # "struck Natanz": the target is a place
    return Subject(
        kind=kind,
        text=f"{row.get('title') or ''}\n{row.get('sentence') or ''}",
        labels=frozenset((row.get("labels") or "").split()),
        actors=tuple(actors),
        places=tuple(places),
        status=row.get("status"),
        mediated=bool(row.get("mediator")) or row.get("mode") == "mediated",
        killed=row.get("killed"),
        n_sources=n_sources,
    )


def article_subject(row: dict, events: Sequence[dict] = (), n_sources: int = 1) -> Subject:
    """A Subject for a `kind: article` rule: the article's text, with its events' actors and places."""
    actors: list[str] = []
    places: list[str] = []
    for ev in events:
        s = event_subject(ev)
        actors += s.actors
        places += s.places
    return Subject(
        kind="article",
        text="\n".join(row.get(k) or "" for k in ("title", "summary", "content")),
        labels=frozenset((row.get("labels") or "").split()),
        actors=tuple(actors),
        places=tuple(places),
        n_sources=n_sources,
    )


def story_of(rule, row: dict | None) -> str:
    """The identity the cooldown works on: kind + places, else kind + actors; the rule for articles."""
    if rule.kind == "article" or row is None:
        return "article"
    kind = row["kind"]
    places = sorted({normalise_place(p) for p in _json_list(row.get("places"))})
    if places:
        return f"{kind}@{','.join(places)}"
    if kind == "contact":
        # the parties (countries) when known: another envoy of the same two sides is the same story
        names = _json_list(row.get("parties")) or _json_list(row.get("people"))
        actors = sorted({normalise_actor(a) for a in names})
    elif kind == "strike":
        actors = [normalise_actor(row.get("attacker") or "?"), normalise_actor(row.get("target") or "?")]
    else:
        actors = [normalise_actor(row.get("speaker") or "?")]
    return f"{kind}:{'>'.join(actors) if kind == 'strike' else ','.join(actors)}"


def summarise(row: dict, kind: str) -> str:
    """One line for an alert: the event's who/where, then its sentence (or the article title)."""
    if kind == "article":
        return _one_line(row.get("title") or "(untitled)")
    head = [row["kind"]]
    if row["kind"] == "strike":
        head.append(f"{row.get('attacker') or '?'} → {row.get('target') or '?'}")
    elif row["kind"] == "contact":
        who = _json_list(row.get("parties")) or _json_list(row.get("people"))
        head.append(" – ".join(who) or "?")
        if row.get("mediator"):
            head.append(f"via {row['mediator']}")
    elif row.get("speaker"):
        head.append(row["speaker"])
    places = _json_list(row.get("places"))
    if places:
        head.append(", ".join(places))
    return _one_line(" · ".join(head) + " — " + (row.get("sentence") or row.get("title") or ""))


def _one_line(s: str) -> str:
    s = " ".join(str(s).split())
    return s if len(s) <= SUMMARY_LIMIT else s[: SUMMARY_LIMIT - 1].rstrip() + "…"


def _json_list(value) -> list[str]:
    if not value:
        return []
    if isinstance(value, (list, tuple)):
        return [str(v) for v in value if v]
    try:
        data = json.loads(value)
    except (TypeError, ValueError):
        return [str(value)]
    return [str(v) for v in data if v] if isinstance(data, list) else []


# --------------------------------------------------------------------------------------------
# Firing, inside the ingest transaction


_EVENT_ROW = """
    SELECT e.*, a.title, a.labels, a.link
    FROM events e JOIN articles a ON a.id = e.article_id
"""


def fire_alerts(db, rules, article_id: int, event_ids, now: str, checked: dict | None = None) -> list[int]:
    """Evaluate `rules` for an article and its events; store new alerts, update known ones.

    Called by ingest inside its transaction, after the article, its labels, events and clusters
    are written (also when a known article gets a sighting from another feed). Returns the ids
    of the alerts created now (not of the ones only updated).

    `checked` (the writer's, see ingest.ClusterBook): {(rule, cluster): (n_sources, last event
    id)} for clusters a rule was matched against without a match. A later report then reads
    only the cluster's newer events: a report's own events never change (a re-tagged or
    updated article gets new event rows), and a story's sources only grow, so the old events
    still fail the rule as long as the source count met `min_sources` then. The owner must drop
    it on a rollback (ids may be given again).
    """
    rules = tuple(rules)
    if not rules:
        return []
    art = _row(db, "SELECT id, title, link, labels, summary, content FROM articles WHERE id = ?", [article_id])
    if art is None:
        return []
    source = _latest_source(db, article_id)
    fired: list[int] = []

    event_rules = [r for r in rules if r.kind != "article"]
    event_ids = list(event_ids or ())
    if event_rules and event_ids:
        marks = ",".join("?" * len(event_ids))
        clusters = db.execute(
            f"SELECT DISTINCT c.id, c.kind, c.n_sources FROM events e JOIN event_clusters c ON c.id = e.cluster_id "
            f"WHERE e.id IN ({marks}) ORDER BY c.id", event_ids).fetchall()
        for cid, kind, n_sources in clusters:
            n_sources = n_sources or 1
            read: dict[int, list] = {}  # events after an id -> [(row, subject)], read once per call

            def find_match(rule, cid=cid, n_sources=n_sources, read=read):
                # Read only when a rule has no alert for this story yet and could match it: a big
                # story has thousands of reports, and every new one used to read them all.
                if n_sources < rule.min_sources:
                    return None
                seen = checked.get((rule.name, cid)) if checked is not None else None
                after = seen[1] if seen is not None and seen[0] >= rule.min_sources else 0
                subjects = read.get(after)
                if subjects is None:
                    # Every event of the cluster counts: one outlet may name the hospital, another not.
                    rows = _rows(db, _EVENT_ROW + " WHERE e.cluster_id = ? AND e.id > ? "
                                 "ORDER BY e.article_id = ? DESC, e.id", [cid, after, article_id])
                    subjects = read[after] = [(row, event_subject(row, n_sources)) for row in rows]
                match = next((row for row, subject in subjects if rule_matches(rule, subject)), None)
                if match is None and checked is not None:
                    checked[(rule.name, cid)] = (n_sources, max((row["id"] for row, _ in subjects), default=after))
                return match

            for rule in event_rules:
                if rule.kind is not None and rule.kind != kind:
                    continue  # a cluster holds one kind of event: this rule can never match it
                new = _raise(db, rule, f"cluster:{cid}", cid, None, find_match, now, source)
                if new:
                    fired.append(new)

    article_rules = [r for r in rules if r.kind == "article"]
    if article_rules:
        n_sources = _article_sources(db, article_id)
        events = _rows(db, _EVENT_ROW + " WHERE e.article_id = ? ORDER BY e.id", [article_id])
        subject = article_subject(art, events, n_sources)
        for rule in article_rules:
            new = _raise(db, rule, f"article:{article_id}", None, article_id,
                         lambda rule: art if rule_matches(rule, subject) else None, now, source)
            if new:
                fired.append(new)
    return fired


def _raise(db, rule, key: str, cluster_id, article_id, find_match, now: str, source: str | None) -> int | None:
    """Create, fold or update the alert of `rule` for one subject. Returns a new alert's id.

    `find_match(rule)` gives the row that matches the rule, or None; it is asked only when the
    subject has no alert of this rule yet."""
    known = _row(db, "SELECT alert_id FROM alert_subjects WHERE rule = ? AND subject_key = ?", [rule.name, key])
    if known is not None:
        _refresh(db, known["alert_id"], now, source)  # a later source of a subject already alerted
        return None
    match = find_match(rule)
    if match is None:
        return None
    if rule.kind != "article" and match.get("span_start") is not None:
        # One sentence can be two events (a strike and the statement reporting it): a rule
        # that matches both fires once, for whichever cluster came first.
        same = _row(db, "SELECT x.alert_id FROM alert_subjects x JOIN events e ON e.cluster_id = x.cluster_id "
                        "WHERE x.rule = ? AND e.article_id = ? AND e.span_start = ? LIMIT 1",
                    [rule.name, match["article_id"], match["span_start"]])
        if same is not None:
            _link(db, rule, key, same["alert_id"], cluster_id, article_id)
            _refresh(db, same["alert_id"], now, source)
            return None
    story = story_of(rule, match if rule.kind != "article" else None)
    if rule.cooldown > 0:
        from crisis_tui.store import iso, parse_iso

        since = iso(parse_iso(now) - timedelta(seconds=rule.cooldown))
        recent = _row(db, "SELECT id FROM alerts WHERE rule = ? AND story = ? AND created >= ? ORDER BY id DESC LIMIT 1",
                      [rule.name, story, since])
        if recent is not None:
            _link(db, rule, key, recent["id"], cluster_id, article_id)
            _refresh(db, recent["id"], now, source)
            return None
    kind = "article" if rule.kind == "article" else match["kind"]
    first = _first_source(db, cluster_id, article_id)
    cur = db.execute(
        "INSERT INTO alerts (rule, severity, kind, alert_key, event_id, cluster_id, article_id, summary, link, "
        "first_source, latest_source, n_sources, created, updated, story) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?) ON CONFLICT (rule, alert_key) DO NOTHING",
        [rule.name, rule.severity, kind, key, match.get("id") if kind != "article" else None, cluster_id,
         match.get("article_id") if kind != "article" else article_id, summarise(match, kind), match.get("link"),
         first or source, source or first, now, now, story],
    )
    if not cur.rowcount:  # an alert from before subjects were recorded: adopt it
        alert_id = _row(db, "SELECT id FROM alerts WHERE rule = ? AND alert_key = ?", [rule.name, key])["id"]
        _link(db, rule, key, alert_id, cluster_id, article_id)
        _refresh(db, alert_id, now, source)
        return None
    alert_id = cur.lastrowid
    _link(db, rule, key, alert_id, cluster_id, article_id)
    _refresh(db, alert_id, now, source, created=True)
    return alert_id


def _link(db, rule, key, alert_id, cluster_id, article_id) -> None:
    db.execute(
        "INSERT OR IGNORE INTO alert_subjects (rule, subject_key, alert_id, cluster_id, article_id) VALUES (?, ?, ?, ?, ?)",
        [rule.name, key, alert_id, cluster_id, article_id],
    )


# Independent sources of everything an alert stands for: its clusters' sources (kept by ingest
# in cluster_sources as 'feed:<name>' / 'doc:<outlet>'; counted here by name, as
# SOURCE_NAME_SQL gives them) and its articles' sources. Reading cluster_sources, not every event of a big story, keeps an update of
# an alert as cheap on its thousandth report as on its second.
_ALERT_SOURCES = f"""
    WITH names(name) AS (
        SELECT substr(cs.source_key, instr(cs.source_key, ':') + 1)
        FROM alert_subjects x JOIN cluster_sources cs ON cs.cluster_id = x.cluster_id
        WHERE x.alert_id = :alert AND x.cluster_id IS NOT NULL
        UNION
        SELECT {SOURCE_NAME_SQL} FROM alert_subjects x JOIN articles a ON a.id = x.article_id
        JOIN sightings s ON s.article_id = a.id JOIN feeds f ON f.id = s.feed_id
        WHERE x.alert_id = :alert AND x.article_id IS NOT NULL
    )
    SELECT COUNT(*) FROM names
"""


def _refresh(db, alert_id: int, now: str, source: str | None, created: bool = False) -> None:
    """Recount an alert's sources; a change of count or latest source moves `updated`."""
    n = db.execute(_ALERT_SOURCES, {"alert": alert_id}).fetchone()[0] or 1
    if created:
        db.execute("UPDATE alerts SET n_sources = ? WHERE id = ?", [n, alert_id])
        return
    db.execute(
        "UPDATE alerts SET n_sources = ?, latest_source = COALESCE(?, latest_source), updated = ? "
        "WHERE id = ? AND (n_sources != ? OR latest_source IS NOT COALESCE(?, latest_source))",
        [n, source, now, alert_id, n, source],
    )


def _latest_source(db, article_id: int) -> str | None:
    row = db.execute(
        f"SELECT {SOURCE_NAME_SQL} FROM sightings s JOIN feeds f ON f.id = s.feed_id JOIN articles a ON a.id = s.article_id "
        "WHERE s.article_id = ? ORDER BY s.last_seen DESC, s.rowid DESC LIMIT 1", [article_id]).fetchone()
    return row[0] if row else None


def _first_source(db, cluster_id, article_id) -> str | None:
    if cluster_id is not None:
        where, arg = "s.article_id IN (SELECT article_id FROM events WHERE cluster_id = ?)", cluster_id
    else:
        where, arg = "s.article_id = ?", article_id
    row = db.execute(
        f"SELECT {SOURCE_NAME_SQL} FROM sightings s JOIN feeds f ON f.id = s.feed_id JOIN articles a ON a.id = s.article_id "
        f"WHERE {where} ORDER BY s.first_seen, s.rowid LIMIT 1", [arg]).fetchone()
    return row[0] if row else None


def _article_sources(db, article_id: int) -> int:
    row = db.execute(
        f"SELECT COUNT(DISTINCT {SOURCE_NAME_SQL}) FROM sightings s JOIN feeds f ON f.id = s.feed_id "
        "JOIN articles a ON a.id = s.article_id WHERE s.article_id = ?", [article_id]).fetchone()
    return max(row[0] or 0, 1)


def _rows(db, sql: str, params=()) -> list[dict]:
    cur = db.execute(sql, params)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r)) for r in cur.fetchall()]


def _row(db, sql: str, params=()) -> dict | None:
    rows = _rows(db, sql, params)
    return rows[0] if rows else None


# --------------------------------------------------------------------------------------------
# Reading and acknowledging (every viewer: dashboard, watch, status)


@dataclass(frozen=True, slots=True)
class Alert:
    """A stored alert, as every viewer shows it."""

    id: int
    rule: str
    severity: str
    kind: str
    summary: str
    link: str | None
    first_source: str | None
    latest_source: str | None
    n_sources: int
    created: str
    updated: str
    acked: str | None = None
    acked_by: str | None = None
    event_id: int | None = None
    cluster_id: int | None = None
    article_id: int | None = None

    @property
    def is_open(self) -> bool:
        return self.acked is None

    def to_dict(self) -> dict:
        return asdict(self)


_ALERT_COLUMNS = ("id, rule, severity, kind, summary, link, first_source, latest_source, n_sources, created, "
                  "updated, acked, acked_by, event_id, cluster_id, article_id")


def _alerts(db, where: str, params=(), order: str = "id", limit: int | None = None) -> list[Alert]:
    sql = f"SELECT {_ALERT_COLUMNS} FROM alerts {where} ORDER BY {order}"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [Alert(*row) for row in db.execute(sql, params).fetchall()]


def severities_at_or_above(severity: str | None) -> tuple[str, ...]:
    """('warning', 'critical') for 'warning'; every severity for None."""
    if not severity:
        return SEVERITIES
    return SEVERITIES[SEVERITY_RANK[severity]:]


def last_alert_id(db) -> int:
    """The newest alert's id (0 when there is none): where a new watcher starts."""
    return db.execute("SELECT COALESCE(MAX(id), 0) FROM alerts").fetchone()[0]


def alerts_after(db, last_id: int, limit: int = 500) -> list[Alert]:
    """Alerts with an id above `last_id`, oldest first: what a viewer has not delivered yet."""
    return _alerts(db, "WHERE id > ?", [last_id], limit=limit)


def alerts_since(db, since: str, up_to_id: int | None = None) -> list[Alert]:
    """Alerts created at or after `since` (ISO UTC), oldest first, up to an id if given."""
    if up_to_id is None:
        return _alerts(db, "WHERE created >= ?", [since])
    return _alerts(db, "WHERE created >= ? AND id <= ?", [since, up_to_id])


def open_alerts(db, min_severity: str | None = None) -> list[Alert]:
    """Alerts nobody has acknowledged, oldest first, at or above `min_severity` if given."""
    sev = severities_at_or_above(min_severity)
    return _alerts(db, f"WHERE acked IS NULL AND severity IN ({','.join('?' * len(sev))})", list(sev))


def get_alert(db, alert_id: int) -> Alert | None:
    found = _alerts(db, "WHERE id = ?", [alert_id])
    return found[0] if found else None


def ack_alert(db, alert_id: int, by: str | None = None, now: str | None = None) -> bool:
    """Acknowledge one alert for every viewer. False when it was already acknowledged or is unknown."""
    from crisis_tui.store import now_iso

    cur = db.execute("UPDATE alerts SET acked = ?, acked_by = ? WHERE id = ? AND acked IS NULL",
                     [now or now_iso(), by or default_acker(), alert_id])
    _commit(db)
    return cur.rowcount > 0


def ack_all(db, by: str | None = None, up_to_id: int | None = None, now: str | None = None) -> int:
    """Acknowledge every open alert (up to an id, so one that lands meanwhile stays open). Returns how many."""
    from crisis_tui.store import now_iso

    sql = "UPDATE alerts SET acked = ?, acked_by = ? WHERE acked IS NULL"
    params: list = [now or now_iso(), by or default_acker()]
    if up_to_id is not None:
        sql += " AND id <= ?"
        params.append(up_to_id)
    cur = db.execute(sql, params)
    _commit(db)
    return cur.rowcount


def _commit(db) -> None:
    # A sqlite3.Connection opened with the default isolation level holds the write open; the
    # archive's own connections autocommit (isolation_level=None) and need nothing.
    conn = getattr(db, "conn", db)
    if getattr(conn, "in_transaction", False) and getattr(conn, "isolation_level", None) is not None:
        conn.commit()


def default_acker() -> str:
    """Who acknowledges, when nobody says: user@host."""
    import getpass
    import socket

    try:
        user = getpass.getuser()
    except Exception:
        user = "unknown"
    return f"{user}@{socket.gethostname()}"


# --------------------------------------------------------------------------------------------
# The one-line status (tmux)

NEW_WINDOW_HOURS = 24


@dataclass(frozen=True, slots=True)
class Status:
    """Counts behind `crisis-tui status`."""

    open: dict  # severity -> open alerts
    strikes: int  # strike clusters reported in the last NEW_WINDOW_HOURS
    contacts: int  # contact clusters reported in the last NEW_WINDOW_HOURS
    latest_alert: Alert | None
    poller_heartbeat: str | None

    @property
    def open_total(self) -> int:
        return sum(self.open.values())


def status(db, now=None) -> Status:
    """The counts for the status line, with indexed queries only (fast on a large archive)."""
    # No crisis_tui.store here: importing sqlite-utils costs a tmux status bar more than the query.
    now = now or datetime.now(timezone.utc)
    counts = {s: 0 for s in SEVERITIES}
    # idx_alerts_open (acked, severity): an index-only count
    for severity, n in db.execute("SELECT severity, COUNT(*) FROM alerts WHERE acked IS NULL GROUP BY severity"):
        counts[severity] = n
    since = (now - timedelta(hours=NEW_WINDOW_HOURS)).astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    kinds = {}
    for kind in ("strike", "contact"):
        # idx_events_kind_occurred bounds the scan to the last day's events of that kind
        kinds[kind] = db.execute(
            "SELECT COUNT(DISTINCT COALESCE(cluster_id, -id)) FROM events WHERE kind = ? AND occurred >= ?",
            [kind, since]).fetchone()[0]
    latest = _alerts(db, "WHERE acked IS NULL", order="id DESC", limit=1)
    try:
        beat = db.execute("SELECT MAX(heartbeat) FROM pollers").fetchone()[0]
    except Exception:
        beat = None
    return Status(counts, kinds["strike"], kinds["contact"], latest[0] if latest else None, beat)


def status_line(db, fmt: str = "text", now=None) -> str:
    """One short line: `2 critical, 1 warning · 5 new strikes`; `fmt` is text, tmux or json."""
    st = status(db, now)
    if fmt == "json":
        latest = st.latest_alert.to_dict() if st.latest_alert else None
        return json.dumps({
            "open": st.open, "open_total": st.open_total,
            f"strikes_{NEW_WINDOW_HOURS}h": st.strikes, f"contacts_{NEW_WINDOW_HOURS}h": st.contacts,
            "latest_open_alert": latest, "poller_heartbeat": st.poller_heartbeat,
        }, ensure_ascii=False)
    tmux = fmt == "tmux"
    colours = {"critical": "red", "warning": "yellow", "info": "default"}
    parts = []
    for severity in reversed(SEVERITIES):
        n = st.open[severity]
        if n:
            piece = f"{n} {severity}"
            if tmux and severity != "info":
                piece = f"#[fg={colours[severity]},bold]{piece}#[default]"
            parts.append(piece)
    alerts = ", ".join(parts) if parts else "no open alerts"
    news = [f"{st.strikes} new strike{'s' if st.strikes != 1 else ''}"]
    if st.contacts:
        news.append(f"{st.contacts} contact{'s' if st.contacts != 1 else ''}")
    return f"{alerts} · {', '.join(news)}"
