"""What runs in the worker processes: parsing feeds and tagging articles (pure, CPU-bound).

Kept apart from the poller so a spawned worker imports only the parser and the tagger, not the
HTTP client, the store or the alert rules: a worker is ready sooner, which is most of the time
of a small round (a few changed feeds among many unchanged ones).
"""

from __future__ import annotations

from crisis_tui.models import Tagging
from crisis_tui.sources.feed import ParsedFeed, parse_feed

_tagger = None


def init_worker(actors=None, places=None) -> None:
    """Pool initializer: build this process's tagger once, with the configured gazetteer."""
    global _tagger
    from crisis_tui.tagger import Tagger

    _tagger = Tagger(actors=actors, places=places)


def tagger():
    if _tagger is None:
        init_worker()
    return _tagger


def parse_and_tag(body: bytes, url: str, content_type: str | None,
                  known: dict[str, str] | None = None) -> tuple[ParsedFeed, list[Tagging | None]]:
    """Parse a feed body and tag its new or changed articles.

    `known` maps the feed's stored entry keys to their content hashes: an entry whose text has
    not changed is not tagged again (its tagging would not be used). The content hash is
    computed here, once, and travels with the article to the writer.
    """
    parsed = parse_feed(body, url, content_type)
    known = known or {}
    tag = tagger().tag
    return parsed, [None if known.get(a.entry_key) == a.content_hash else tag(a.text) for a in parsed.articles]


def tag_texts(texts: list[str]) -> list[Tagging]:
    """Tag a batch of article texts (`crisis-tui retag`)."""
    tag = tagger().tag
    return [tag(t) for t in texts]
