"""What runs in the worker processes: parsing feeds and tagging articles (CPU-bound).

Kept apart from the poller so a worker imports only the parser and the tagger, not the HTTP
client, the store or the alert rules: a worker is ready sooner, which is most of the time of a
small round (a few changed feeds among many unchanged ones).
"""

from __future__ import annotations

import multiprocessing
import sqlite3

from crisis_tui.models import Tagging
from crisis_tui.sources.feed import ParsedFeed, parse_feed

_tagger = None
_archive: str | None = None  # the archive's path, read for the entries a feed already has
_reader: sqlite3.Connection | None = None

# A feed's entries already stored, with their content hashes and the fingerprints of the raw
# entries they were stored from (read-only; see parse_and_tag)
KNOWN_ENTRIES_SQL = ("SELECT s.entry_key, a.content_hash, s.item_hash FROM sightings s "
                     "JOIN articles a ON a.id = s.article_id WHERE s.feed_id = ?")


def worker_context() -> multiprocessing.context.BaseContext:
    """How worker processes start: never a plain fork, whose child inherits the locks of other
    threads (the poller may live in the dashboard, a threaded process).

    A fork server where there is one: a fresh process (as safe as spawn) that imports the parser
    and the tagger once, of which each worker is a fork, ready in milliseconds with the tagger's
    patterns compiled. A spawned worker is a new interpreter that imports them again: 0.17 s of
    CPU each, a good part of a small round (100 feeds changed among 1,000)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["crisis_tui.workers", "crisis_tui.tagger"])
        return ctx
    return multiprocessing.get_context("spawn")


def init_worker(actors=None, places=None, archive: str | None = None) -> None:
    """Pool initializer: build this process's tagger once, with the configured gazetteer."""
    global _tagger, _archive, _reader
    from crisis_tui.tagger import Tagger

    _tagger = Tagger(actors=actors, places=places)
    if _reader is not None:
        _reader.close()
    _archive, _reader = archive, None


def tagger():
    if _tagger is None:
        init_worker()
    return _tagger


def known_entries(feed_id: int) -> tuple[dict[str, str], dict[str, str]]:
    """The feed's stored entries, read from the archive by this worker: entry key -> content
    hash, and raw entry fingerprint -> entry key.

    Read here rather than by the poller: there the lookup queued behind the writer's commits
    (30 ms for a changed feed in a round of 100 changed among 1,000), holding a pipeline place.
    WAL lets readers in while the poller writes; a feed is never being stored while it is
    parsed again, so what is read is its last committed round.
    """
    global _reader
    if _reader is None:
        if _archive is None:
            return {}, {}
        _reader = sqlite3.connect(_archive, timeout=30.0, isolation_level=None, check_same_thread=False)
        _reader.execute("PRAGMA query_only = ON")
    hashes, items = {}, {}
    for key, content_hash, item_hash in _reader.execute(KNOWN_ENTRIES_SQL, [feed_id]):
        hashes[key] = content_hash
        if item_hash is not None:
            items[item_hash] = key
    return hashes, items


def parse_and_tag(body: bytes, url: str, content_type: str | None, known: dict[str, str] | None = None,
                  feed_id: int | None = None) -> tuple[ParsedFeed, list[Tagging | None]]:
    """Parse a feed body and tag its new or changed articles.

    `known` maps the feed's stored entry keys to their content hashes (read from the archive
    for `feed_id` when not given, with the fingerprints of their raw entries): an entry that is
    what was stored is not made into an article again (`ParsedFeed.unchanged`), and an entry
    whose text has not changed is not tagged again (its tagging would not be used). The content
    hash is computed here, once, and travels with the article to the writer.
    """
    items: dict[str, str] = {}
    if known is None:
        known, items = known_entries(feed_id) if feed_id is not None else ({}, {})
    parsed = parse_feed(body, url, content_type, known_items=items)
    tag = tagger().tag
    return parsed, [None if known.get(a.entry_key) == a.content_hash else tag(a.text) for a in parsed.articles]


def tag_texts(texts: list[str]) -> list[Tagging]:
    """Tag a batch of article texts (`crisis-tui retag`)."""
    tag = tagger().tag
    return [tag(t) for t in texts]
