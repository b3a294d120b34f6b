"""The ingest path: the one place where articles, their tagging and their alerts are written.

A feed's new and changed articles, their labels and events, the alerts they fire and the feed's
new validators (ETag/Last-Modified) are committed in ONE transaction, so a kill -9 at any moment
never skips an article and never leaves half a feed.

Identity: an entry is known by (feed, entry_key); the same story in another feed is recognised
by its canonical URL or its content hash and becomes a second sighting of the same article.
"""

from __future__ import annotations

import contextlib
import json
from json.encoder import encode_basestring_ascii as _encode_string
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Callable, Iterable, Sequence

from sqlite_utils import Database

from crisis_tui.models import SOURCE_KEY_SQL, Article, Tagging
from crisis_tui.store import insert_row, now_iso, parse_iso, update_row, write_transaction

# How close in time two reports must be to count as the same event (see `cluster_key`).
CLUSTER_WINDOW_HOURS = 48


@dataclass
class IngestResult:
    new: list[int] = field(default_factory=list)  # article ids stored for the first time
    updated: list[int] = field(default_factory=list)  # article ids whose text changed
    seen: int = 0  # entries already stored and unchanged
    events: list[int] = field(default_factory=list)  # event ids written
    alerts: list[int] = field(default_factory=list)  # alert ids newly fired

    def __iadd__(self, other: "IngestResult") -> "IngestResult":
        self.new += other.new
        self.updated += other.updated
        self.seen += other.seen
        self.events += other.events
        self.alerts += other.alerts
        return self


TagFn = Callable[[str], Tagging]


class Ingestor:
    """Writes articles into the archive; tags each new or changed one in the same transaction."""

    def __init__(self, db: Database, *, tagger=None, rules: Sequence = (), now: Callable[[], str] = now_iso,
                 gazetteer: tuple[dict, dict] = ({}, {})):
        self.db = db
        self._tagger = tagger
        self._gazetteer = gazetteer  # (actors, places) for a tagger built when first needed
        self.rules = tuple(rules)
        self.now = now
        self._feeds: dict[int, tuple[str, str]] = {}  # id -> (name, kind), for source keys
        # New articles not yet in the full-text index (see `_index_new`), and whether a batch of
        # feeds (one transaction) is open, so they are indexed once at its end.
        self._unindexed: dict[int, None] = {}
        self._batched = False
        self._book = ClusterBook()  # event clusters as this connection last wrote them
        self._book_version = None  # PRAGMA data_version when the book was last known valid

    @property
    def tagger(self):
        # built on first use: a poller whose workers tag everything never needs one here
        if self._tagger is None:
            from crisis_tui.tagger import Tagger

            actors, places = self._gazetteer
            self._tagger = Tagger(actors=actors, places=places)
        return self._tagger

    @classmethod
    def from_settings(cls, db: Database, settings, **kw) -> "Ingestor":
        return cls(db, rules=settings.alerts, gazetteer=(settings.actors, settings.places), **kw)

    # ----------------------------------------------------------------------------------------

    def store_feed(
        self,
        feed_id: int,
        items: Iterable[tuple[Article, Tagging | None]],
        feed_update: dict | None = None,
        unchanged: Sequence[str] = (),
    ) -> IngestResult:
        """Store one feed's entries and its new health/validators in one transaction.

        `unchanged`: the keys of the feed's entries that the parser found to be what was stored
        from it last time (ParsedFeed.unchanged): only seen again."""
        result = IngestResult()
        items = list(items)
        # BEGIN IMMEDIATE, not atomic()'s deferred BEGIN: reading first and writing later fails at
        # once with "database is locked" when another connection (a dashboard mark) commits between
        try:
            with write_transaction(self.db):
                if not self._batched:
                    self._check_book()
                now = self.now()
                known = self._lookups(feed_id, [a for a, _t in items])
                alert_work: list[tuple[int, list[int]]] = []  # (article, events) to evaluate
                for article, tagging in items:
                    self._store_one(feed_id, article, tagging, now, result, alert_work, known)
                if unchanged:
                    known["seen again"].extend(unchanged)
                    result.seen += len(unchanged)
                if known["new fingerprints"]:
                    self.db.conn.executemany(
                        "UPDATE sightings SET item_hash = ? WHERE feed_id = ? AND entry_key = ?",
                        [(item_hash, feed_id, key) for key, item_hash in known["new fingerprints"]])
                if known["seen again"]:
                    # one statement for the feed: each statement lets the event loop's thread
                    # take the GIL, and the writer waits to get it back (a changed feed in a busy
                    # round: 34 entries seen again, 0.7 ms of waiting)
                    self.db.conn.execute(
                        "UPDATE sightings SET last_seen = ? WHERE feed_id = ? AND entry_key IN (SELECT value FROM json_each(?))",
                        [now, feed_id, json.dumps(known["seen again"])])
                self._book.flush(self.db)
                # after every article of the feed, so rules see this feed's sources (min_sources)
                for article_id, event_ids in alert_work:
                    result.alerts += self.fire_alerts(article_id, event_ids, now)
                if feed_update:
                    update_row(self.db, "feeds", feed_id, feed_update)
                if not self._batched:
                    self._index_new()
        except BaseException:
            self._book.forget()  # it may hold clusters that were rolled back
            if not self._batched:
                # rolled back: once the write lock is released another writer may reuse the ids
                self._unindexed.clear()
            raise
        return result

    @contextlib.contextmanager
    def batch(self):
        """One write transaction for several `store_feed` calls (each still all-or-nothing, in
        its own savepoint): new articles enter the full-text index together at the end."""
        try:
            with write_transaction(self.db):
                self._check_book()
                self._batched = True
                try:
                    yield self
                    if self.db.conn.in_transaction:
                        self._index_new()
                    else:  # SQLite rolled it all back (disk full...): the book saw rows that are gone
                        self._book.forget()
                finally:
                    self._batched = False
                    self._unindexed.clear()
        except BaseException:
            self._book.forget()
            raise

    def _check_book(self) -> None:
        """At the start of a write transaction: the cluster book holds only while no other
        connection has committed since (SQLite's data_version says so)."""
        version = self.db.conn.execute("PRAGMA data_version").fetchone()[0]
        if version != self._book_version or self._book.size > ClusterBook.MAX_IDENTITIES:
            self._book.forget()
            self._book_version = version

    def _index_new(self) -> None:
        """Put the new articles into the FTS5 index with one statement (by id: an id whose row
        was rolled back is either absent, or reused by a newer row, whose text is what counts).

        There is no insert trigger (migration m031): with one, every article's INSERT made FTS5
        flush its pending index data into a new segment (FTS5 flushes at each statement
        savepoint), and the merges of those thousands of tiny segments were most of the cost
        of storing an article. Indexed in bulk, the same rows cost a sixth.
        """
        if self._unindexed:
            ids, self._unindexed = list(self._unindexed), {}
            self.db.conn.execute(
                "INSERT INTO articles_fts (rowid, title, summary, content) "
                "SELECT id, title, summary, content FROM articles WHERE id IN (SELECT value FROM json_each(?))",
                [json.dumps(ids)])

    def _lookups(self, feed_id: int, articles: list[Article]) -> dict:
        """What the archive already knows of these entries, in three queries for the whole feed."""
        conn = self.db.conn
        by_entry = {k: (i, h) for k, i, h in conn.execute(
            "SELECT s.entry_key, a.id, a.content_hash FROM sightings s JOIN articles a ON a.id = s.article_id "
            "WHERE s.feed_id = ?", [feed_id])}
        by_url: dict[str, tuple[int, str]] = {}
        by_hash: dict[str, tuple[int, str]] = {}
        urls = list({a.canonical_url for a in articles if a.canonical_url and a.entry_key not in by_entry})
        hashes = list({a.content_hash for a in articles if a.entry_key not in by_entry})
        for i in range(0, len(urls), 500):
            chunk = urls[i:i + 500]
            by_url.update((u, (i_, h)) for u, i_, h in conn.execute(
                f"SELECT canonical_url, id, content_hash FROM articles WHERE canonical_url IN ({','.join('?' * len(chunk))})",
                chunk))
        for i in range(0, len(hashes), 500):
            chunk = hashes[i:i + 500]
            for h, i_ in conn.execute(
                    f"SELECT content_hash, MIN(id) FROM articles WHERE content_hash IN ({','.join('?' * len(chunk))}) "
                    "GROUP BY content_hash", chunk):
                by_hash[h] = (i_, h)
        return {"entry": by_entry, "url": by_url, "hash": by_hash, "seen again": [], "new fingerprints": []}

    def _store_one(self, feed_id: int, art: Article, tagging: Tagging | None, now: str, result: IngestResult,
                   alert_work: list, known: dict) -> None:
        db = self.db
        chash = art.content_hash
        row = known["entry"].get(art.entry_key)
        new_sighting = row is None
        if row is None and art.canonical_url:
            row = known["url"].get(art.canonical_url)
        if row is None:
            row = known["hash"].get(chash)

        is_new = row is None
        changed = is_new or row[1] != chash
        if changed and tagging is None:
            tagging = self.tagger.tag(art.text)  # the one place an article is tagged
        if is_new:
            article_id = self._insert_article(feed_id, art, chash, now, tagging)
            result.new.append(article_id)
            if art.canonical_url:
                known["url"][art.canonical_url] = (article_id, chash)
            known["hash"].setdefault(chash, (article_id, chash))
        else:
            article_id = row[0]
            if changed:
                self._update_article(article_id, art, chash, now)
                result.updated.append(article_id)
                if art.canonical_url:
                    known["url"][art.canonical_url] = (article_id, chash)
            else:
                result.seen += 1

        known["entry"][art.entry_key] = (article_id, chash)
        if new_sighting:
            db.conn.execute(
                "INSERT INTO sightings (feed_id, entry_key, article_id, first_seen, last_seen, item_hash) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(feed_id, entry_key) DO UPDATE SET "
                "article_id = excluded.article_id, last_seen = excluded.last_seen, item_hash = excluded.item_hash",
                [feed_id, art.entry_key, article_id, now, now, art.item_hash],
            )
        else:
            known["seen again"].append(art.entry_key)  # last_seen, for the whole feed at once
            if art.item_hash is not None:
                # the parser made it again, so its raw entry is not the one stored last time
                known["new fingerprints"].append((art.entry_key, art.item_hash))

        if changed:
            if is_new:
                # nothing to replace, and its only source is this feed
                event_ids = write_tagging(db, article_id, tagging, now, fresh=True,
                                          published=art.published or now,
                                          sources=[self._source_key(feed_id, art)], book=self._book)
            else:
                self._book.flush(db)
                self._book.forget()  # clusters are recounted from the tables: no cached view
                event_ids = write_tagging(db, article_id, tagging, now)
            result.events += event_ids
            alert_work.append((article_id, event_ids))
        elif new_sighting:
            # Another source carries a story we know: its events now have one more source.
            keys = source_keys_of_article(db, article_id)
            for cid in cluster_ids_of_article(db, article_id):
                add_cluster_sources(db, cid, keys)
            alert_work.append((article_id, event_ids_of_article(db, article_id)))

    def fire_alerts(self, article_id: int, event_ids: list[int], now: str) -> list[int]:
        if not self.rules:
            return []
        from crisis_tui.alerts import fire_alerts

        checks = self._book.alert_checks
        if len(checks) > ClusterBook.MAX_IDENTITIES:  # retag never starts a batch that would drop them
            checks.clear()
        return fire_alerts(self.db, self.rules, article_id, event_ids, now, checked=checks)

    @staticmethod
    def _article_values(art: Article, chash: str, now: str) -> tuple:
        """What an article's text gives its row, in the order of _ARTICLE_COLUMNS."""
        published = art.published
        return (art.title, art.link, art.author, art.source, art.outlet, published or now, art.updated,
                art.date_note if published else "missing", art.summary, art.content, art.language, chash, now)

    def _insert_article(self, feed_id: int, art: Article, chash: str, now: str, tagging: Tagging) -> int:
        article_id = self.db.conn.execute(_INSERT_ARTICLE, self._article_values(art, chash, now) + (
            art.canonical_url, feed_id, now, " ".join(tagging.label_names), tagging.version,
        )).lastrowid
        self._unindexed[article_id] = None
        return article_id

    def _source_key(self, feed_id: int, art: Article) -> str:
        """The same key as `models.SOURCE_KEY_SQL`, for an article seen in one feed."""
        feed = self._feeds.get(feed_id)
        if feed is None:
            feed = self._feeds[feed_id] = tuple(self.db.execute(
                "SELECT name, kind FROM feeds WHERE id = ?", [feed_id]).fetchone())
        name, kind = feed
        if art.outlet:
            return f"doc:{art.outlet}"
        return f"doc:{art.source}" if kind == "file" and art.source else f"feed:{name}"

    def _update_article(self, article_id: int, art: Article, chash: str, now: str) -> None:
        values = dict(zip(_ARTICLE_COLUMNS, self._article_values(art, chash, now)))
        # keep the first published date we saw unless the feed gives one now
        if not art.published:
            values.pop("published")
            values.pop("date_note")
        if article_id in self._unindexed:
            # the update trigger takes the old text out of the index: it must be in it first
            self._index_new()
        update_row(self.db, "articles", article_id, values)


# --------------------------------------------------------------------------------------------
# Tagging -> tables


def write_tagging(db: Database, article_id: int, tagging: Tagging, now: str, *, fresh: bool = False,
                  published: str | None = None, sources: list[str] | None = None,
                  book: "ClusterBook | None" = None) -> list[int]:
    """Replace an article's labels and events with `tagging`; cluster the events. Returns event ids.

    Cluster counts are kept incrementally (cluster_sources holds each cluster's distinct
    sources), so a busy story does not make every new report recount the whole cluster.
    `fresh`: a new article, inserted with its labels, with nothing to replace (the hot path).
    `book`: the writer's cached view of the clusters (flushed by its owner); without one, a book
    for this article alone.
    """
    if published is None:
        published = db.execute("SELECT published FROM articles WHERE id = ?", [article_id]).fetchone()[0]
    # the article's events per cluster, before they are replaced
    old_clusters = {} if fresh else dict(db.conn.execute(
        "SELECT cluster_id, COUNT(*) FROM events WHERE article_id = ? AND cluster_id IS NOT NULL GROUP BY cluster_id",
        [article_id]))
    if not fresh:
        db.execute("DELETE FROM article_labels WHERE article_id = ?", [article_id])
    # Alerts keep pointing at the cluster; the event row they named is replaced.
    if old_clusters:
        db.execute("DELETE FROM events WHERE article_id = ?", [article_id])
    if tagging.labels:
        db.conn.executemany(
            "INSERT INTO article_labels (article_id, label, score, evidence, tagger_version) VALUES (?, ?, ?, ?, ?)",
            [[article_id, label.name, round(label.score, 4),
              json.dumps([{"sentence": e.sentence, "span": [e.start, e.end], "phrases": list(e.phrases)}
                          for e in label.evidence]),
              tagging.version] for label in tagging.labels],
        )
    if not fresh:
        db.execute(
            "UPDATE articles SET labels = ?, tagger_version = ? WHERE id = ?",
            [" ".join(tagging.label_names), tagging.version, article_id],
        )
    if sources is None:
        sources = source_keys_of_article(db, article_id) if tagging.events else []
    event_ids = []
    new_clusters = set()
    conn = db.conn
    own_book = book is None
    if own_book:
        book = ClusterBook()
    window = _window(published) if tagging.events else ("", "")
    for ev in tagging.events:
        cluster_id = book.cluster_for(db, ev, published, window, sources)
        new_clusters.add(cluster_id)
        cas = ev.casualties
        contact, statement = ev.kind == "contact", ev.kind == "statement"
        event_ids.append(conn.execute(_INSERT_EVENT, (
            article_id, cluster_id, ev.kind, published, now, ev.sentence, ev.start, ev.end,
            _json_strings(ev.phrases),
            _json_strings(ev.parties) if contact else None,
            _json_strings(ev.people) if contact else None,
            ev.mode, ev.mediator, ev.status,
            None if statement else _json_strings(ev.places),
            ev.attacker, ev.target, ev.weapon,
            cas.killed if cas else None, cas.injured if cas else None, cas.text if cas else None,
            ev.speaker, ev.role, ev.quote, ev.gist, ev.verb, tagging.version,
        )).lastrowid)
    if own_book:
        book.flush(db)  # before the recount below reads the counts
    if old_clusters:
        # A cluster that got one of the new events keeps this article's sources: only its
        # event count drops by the events replaced. The others may have lost a source: recount.
        kept = [(n, cid) for cid, n in old_clusters.items() if cid in new_clusters]
        conn.executemany("UPDATE event_clusters SET n_events = n_events - ? WHERE id = ?", kept)
        refresh_clusters(db, [cid for cid in old_clusters if cid not in new_clusters])
    return event_ids


# the columns of `Ingestor._article_values`, then those only a new article sets; one statement
# text and a value tuple: a dict and a freshly built SQL string per row cost more than SQLite's
# own work for it
_ARTICLE_COLUMNS = (
    "title", "link", "author", "source", "outlet", "published", "updated", "date_note", "summary", "content", "language",
    "content_hash", "last_changed", "canonical_url", "feed_id", "first_seen", "labels", "tagger_version",
)
_INSERT_ARTICLE = f"INSERT INTO articles ({', '.join(_ARTICLE_COLUMNS)}) VALUES ({', '.join('?' * len(_ARTICLE_COLUMNS))})"

_EVENT_COLUMNS = (
    "article_id", "cluster_id", "kind", "occurred", "created", "sentence", "span_start", "span_end", "phrases",
    "parties", "people", "mode", "mediator", "status", "places", "attacker", "target", "weapon", "killed",
    "injured", "casualties_text", "speaker", "role", "quote", "gist", "verb", "tagger_version",
)
_INSERT_EVENT = f"INSERT INTO events ({', '.join(_EVENT_COLUMNS)}) VALUES ({', '.join('?' * len(_EVENT_COLUMNS))})"


def _json_strings(strings) -> str:
    """json.dumps(list(strings)) for strings, character for character, at a quarter of the cost
    (json.dumps checks its options and builds an encoder per call: 2.7 us for a list of two
    names, and a cold round stores 150,000 such lists)."""
    return "[" + ", ".join(map(_encode_string, strings)) + "]"


def cluster_key(ev, published: str) -> tuple[str, str]:
    """(identity, day) of an event: kind, normalised actors, first place (the tagger puts the most
    specific first: "Natanz" before "Iran"); the day buckets time."""
    if ev.kind == "contact":
        actors = sorted(set(ev.parties)) or sorted(set(ev.people))
    elif ev.kind == "strike":
        actors = [ev.attacker or "?", ev.target or "?"]
    else:
        actors = [ev.speaker or "?", (ev.quote or ev.gist or "")[:40].lower()]
    place = ev.places[0] if ev.places else ""
    identity = "|".join([ev.kind, ",".join(a.lower() for a in actors), place.lower()])
    return identity, published[:10]


def _window(published: str) -> tuple[str, str]:
    when = parse_iso(published)
    lo = when - timedelta(hours=CLUSTER_WINDOW_HOURS)
    hi = when + timedelta(hours=CLUSTER_WINDOW_HOURS)
    return lo.strftime("%Y-%m-%dT%H:%M:%SZ"), hi.strftime("%Y-%m-%dT%H:%M:%SZ")


class ClusterBook:
    """The event clusters a writer has met, kept in memory: which cluster an event belongs to
    (the oldest of its identity whose time span meets CLUSTER_WINDOW_HOURS around it), with the
    event and its sources counted.

    Storing a new report used to cost four statements per event (find its cluster, add the
    source, bump the counts, insert the event). While the transaction holds the write lock
    nobody else can change event_clusters, so an identity's clusters are read once, found and
    widened in memory, and the counts are written once per cluster when the owner flushes
    (before anything reads them: alert rules, recounts). The owner forgets it on any rollback
    and whenever another connection may have changed the clusters.
    """

    MAX_IDENTITIES = 10_000  # a poller runs for weeks: start afresh past this many (~4 MB; a cold round of 1,000 feeds met 5,900)

    def __init__(self):
        self.forget()

    @property
    def size(self) -> int:
        return max(len(self._by_identity), len(self.alert_checks))

    def forget(self) -> None:
        self._by_identity: dict[str, list[list]] = {}  # identity -> [[id, first_seen, last_seen]] by id
        self._sources: set[tuple[int, str]] = set()  # (cluster, source) known to be counted
        self._pending: dict[int, list] = {}  # id -> [events added, sources added, first, last]
        # (rule, cluster) -> (n_sources, last event id) checked without a match (alerts.fire_alerts)
        self.alert_checks: dict[tuple[str, int], tuple[int, int]] = {}

    def cluster_for(self, db: Database, ev, published: str, window: tuple[str, str], sources: list[str]) -> int:
        identity, _day = cluster_key(ev, published)
        lo, hi = window
        clusters = self._by_identity.get(identity)
        if clusters is None:
            clusters = self._by_identity[identity] = [list(r) for r in db.conn.execute(
                "SELECT id, first_seen, last_seen FROM event_clusters WHERE cluster_key > ? AND cluster_key < ? "
                "ORDER BY id", [identity + "@", identity + "A"])]
        for cluster in clusters:  # the oldest cluster of this identity whose time span meets the window
            if cluster[1] <= hi and cluster[2] >= lo:
                break
        else:
            cluster = [insert_row(db, "event_clusters", {
                "kind": ev.kind, "cluster_key": f"{identity}@{published}", "first_seen": published,
                "last_seen": published, "n_sources": 0, "n_events": 0}), published, published]
            clusters.append(cluster)
        cluster_id = cluster[0]
        cluster[1], cluster[2] = min(cluster[1], published), max(cluster[2], published)
        added = 0
        for key in sources:
            if (cluster_id, key) not in self._sources:
                self._sources.add((cluster_id, key))
                added += db.conn.execute("INSERT OR IGNORE INTO cluster_sources (cluster_id, source_key) VALUES (?, ?)",
                                         [cluster_id, key]).rowcount
        pending = self._pending.get(cluster_id)
        if pending is None:
            self._pending[cluster_id] = [1, added, published, published]
        else:
            pending[0] += 1
            pending[1] += added
            pending[2], pending[3] = min(pending[2], published), max(pending[3], published)
        return cluster_id

    def flush(self, db: Database) -> None:
        """Write the counts and time spans gathered since the last flush."""
        if self._pending:
            db.conn.executemany(
                "UPDATE event_clusters SET first_seen = MIN(first_seen, ?), last_seen = MAX(last_seen, ?), "
                "n_events = n_events + ?, n_sources = n_sources + ? WHERE id = ?",
                [(first, last, n_events, n_sources, cid) for cid, (n_events, n_sources, first, last) in self._pending.items()])
            self._pending = {}


def cluster_ids_of_article(db: Database, article_id: int) -> list[int]:
    return [r[0] for r in db.execute(
        "SELECT DISTINCT cluster_id FROM events WHERE article_id = ? AND cluster_id IS NOT NULL", [article_id])]


def event_ids_of_article(db: Database, article_id: int) -> list[int]:
    return [r[0] for r in db.execute("SELECT id FROM events WHERE article_id = ? ORDER BY id", [article_id])]


def source_keys_of_article(db: Database, article_id: int) -> list[str]:
    return [r[0] for r in db.execute(
        f"SELECT DISTINCT {SOURCE_KEY_SQL} FROM sightings s JOIN feeds f ON f.id = s.feed_id "
        "JOIN articles a ON a.id = s.article_id WHERE s.article_id = ?", [article_id])]


def add_cluster_sources(db: Database, cluster_id: int, keys: Iterable[str]) -> None:
    """Count new independent sources of a cluster (a source already counted is not counted again)."""
    added = 0
    for key in keys:
        added += db.execute("INSERT OR IGNORE INTO cluster_sources (cluster_id, source_key) VALUES (?, ?)",
                            [cluster_id, key]).rowcount
    if added:
        db.execute("UPDATE event_clusters SET n_sources = n_sources + ? WHERE id = ?", [added, cluster_id])


def refresh_clusters(db: Database, cluster_ids: Iterable[int]) -> None:
    """Recount the sources and events of clusters from scratch (after events were removed)."""
    for cid in set(cluster_ids):
        db.execute("DELETE FROM cluster_sources WHERE cluster_id = ?", [cid])
        db.execute(
            f"INSERT OR IGNORE INTO cluster_sources (cluster_id, source_key) SELECT DISTINCT e.cluster_id, {SOURCE_KEY_SQL} "
            "FROM events e JOIN articles a ON a.id = e.article_id JOIN sightings s ON s.article_id = a.id "
            "JOIN feeds f ON f.id = s.feed_id WHERE e.cluster_id = ?", [cid])
        db.execute(
            "UPDATE event_clusters SET n_sources = (SELECT COUNT(*) FROM cluster_sources WHERE cluster_id = :c), "
            "n_events = (SELECT COUNT(*) FROM events WHERE cluster_id = :c) WHERE id = :c", {"c": cid})
