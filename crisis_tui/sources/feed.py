"""Feed bytes -> normalised, sanitised Articles (pure: no I/O, runs in a worker process)."""

from __future__ import annotations

import calendar
import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone


from crisis_tui.models import Article
from crisis_tui.sources.entry import make_article
from crisis_tui.sources.fastfeed import fast_parse
from crisis_tui.sanitize import clean_line

MAX_ENTRIES = 2_000  # per feed body: a feed with more is cut, with a warning

_HTML_PAGE = re.compile(rb"^\s*(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html[\s>])", re.I | re.S)


@dataclass
class ParsedFeed:
    articles: list[Article] = field(default_factory=list)
    # entry keys of the entries that are what the archive already holds (not made again: see
    # sources.entry.fingerprint)
    unchanged: list[str] = field(default_factory=list)
    title: str | None = None
    warning: str | None = None  # recovered from a problem (not well-formed XML, ...)
    error: str | None = None  # nothing usable: the feed failed


def parse_feed(body: bytes, url: str, content_type: str | None = None, now: datetime | None = None,
               source: str | None = None, known_items: Mapping[str, str] | None = None) -> ParsedFeed:
    """Parse a feed body; never raises. `url` resolves relative links. `known_items`: the
    fingerprints of the feed's stored entries (-> entry key); the entries that have one are
    listed in `unchanged` instead of being made into articles again."""
    now = now or datetime.now(timezone.utc)
    if not body or not body.strip():
        return ParsedFeed(error="the server sent an empty body")
    fast = fast_parse(body, url, content_type, now, source, MAX_ENTRIES, known_items)
    if fast is not None:
        title, _language, articles, unchanged, total = fast
        out = ParsedFeed(articles=articles, unchanged=unchanged, title=title)
        if total > MAX_ENTRIES:
            out.warning = f"{total} entries, kept the first {MAX_ENTRIES}"
        return out
    attack = entity_attack(body)
    if attack:
        return ParsedFeed(error=attack)
    # Only a declared charset is worth passing on: any response header makes feedparser assume
    # HTTP defaults (ISO-8859-1) instead of sniffing the XML declaration and the bytes.
    headers = None
    if content_type and "charset=" in content_type.lower():
        headers = {"content-type": content_type, "content-location": url}
    import feedparser  # only here: most feeds never need it (and the poller's main process never)

    try:
        parsed = feedparser.parse(io.BytesIO(body), response_headers=headers, resolve_relative_uris=True,
                                  sanitize_html=True)
    except Exception as exc:  # feedparser is defensive, but hostile bytes find corners
        return ParsedFeed(error=f"the feed could not be parsed ({type(exc).__name__}: {clean_line(exc, 200)})")

    entries = parsed.get("entries") or []
    version = parsed.get("version") or ""
    if not entries:
        if _HTML_PAGE.match(body[:2048]) or (not version and b"<html" in body[:4096].lower()):
            return ParsedFeed(error="the URL returned an HTML page, not a feed")
        if parsed.get("bozo") and not version and type(parsed.get("bozo_exception")).__name__ != "NonXMLContentType":
            return ParsedFeed(error=f"not a feed: {_bozo_words(parsed)}")

    feed_title = clean_line(parsed.feed.get("title"), 300) or None
    language = clean_line(parsed.feed.get("language"), 20) or None
    out = ParsedFeed(title=feed_title)
    if parsed.get("bozo") and type(parsed.get("bozo_exception")).__name__ != "NonXMLContentType":
        # (a feed served as text/html or without a type is common and harmless)
        out.warning = f"{_bozo_words(parsed)}; kept the {len(entries)} entries recovered"
    if len(entries) > MAX_ENTRIES:
        out.warning = ((out.warning + "; ") if out.warning else "") + f"{len(entries)} entries, kept the first {MAX_ENTRIES}"
        entries = entries[:MAX_ENTRIES]
    for entry in entries:
        art = entry_to_article(entry, url, now, language=language, source=source or feed_title)
        if art is not None:
            out.articles.append(art)
    return out


# Entity declarations in the document type (before the root element). Feeds have no use for
# entities beyond a short character alias (&nbsp;): nested references (a "billion laughs"), long
# replacement texts (quadratic blow-up), parameter and external entities (which could read local
# files) are attacks. expat caps the amplification and feedparser never fetches, but the
# fallback parser still spends seconds and hundreds of MB on them: refuse the feed instead.
_ENTITY_DECL = re.compile(rb"""<!ENTITY\s+(%\s*)?[^\s>]+\s+(SYSTEM|PUBLIC|"([^"]*)"|'([^']*)')""", re.I)
_FIRST_ELEMENT = re.compile(rb"<[A-Za-z_]")
MAX_ENTITY_TEXT = 200


def entity_attack(body: bytes) -> str | None:
    """Why a feed's entity declarations are refused, or None when it has only harmless ones."""
    m = _FIRST_ELEMENT.search(body, 0, 4_000_000)
    head = body[: m.start()] if m else body[:4_000_000]
    if b"<!ENTITY" not in head.upper():
        return None
    for decl in _ENTITY_DECL.finditer(head):
        value = decl.group(3) if decl.group(3) is not None else decl.group(4)
        if decl.group(1) or value is None:
            why = "a parameter or external entity (which could read local files)"
        elif len(value) > MAX_ENTITY_TEXT:
            why = f"an entity of {len(value):,} characters (quadratic blow-up)"
        elif re.search(rb"&(?!#)", value) or b"%" in value:
            why = "entities made of other entities (a billion laughs)"
        else:
            continue
        return f"refused: the feed declares {why}; XML entity attacks are not parsed"
    return None


def _bozo_words(parsed) -> str:
    exc = parsed.get("bozo_exception")
    name = type(exc).__name__ if exc else "error"
    text = clean_line(getattr(exc, "getMessage", lambda: str(exc))() if exc else "", 200)
    line = getattr(exc, "getLineNumber", lambda: None)() if exc is not None and hasattr(exc, "getLineNumber") else None
    if name == "CharacterEncodingOverride":
        return f"the declared character encoding was wrong ({text})"
    if name == "NonXMLContentType":
        return f"served with a non-XML content type ({text})"
    where = f" at line {line}" if line else ""
    return f"the feed is not well-formed XML{where} ({text or name})"


def _date(entry, key: str) -> datetime | None:
    # dict.get: FeedParserDict.get maps a missing updated_parsed onto published_parsed (deprecated)
    value = dict.get(entry, f"{key}_parsed")
    if not value:
        return None
    try:
        return datetime.fromtimestamp(calendar.timegm(value), tz=timezone.utc)
    except (OverflowError, ValueError, TypeError, OSError):
        return None


def entry_to_article(entry, base_url: str, now: datetime, *, language: str | None = None,
                     source: str | None = None) -> Article | None:
    """One feedparser entry -> an Article, or None when it has neither title nor text."""
    published = _date(entry, "published") or _date(entry, "created")
    return make_article(
        base_url, now, guid=entry.get("id"), link_raw=entry.get("link"), title_raw=entry.get("title"),
        summary_raw=entry.get("summary"), contents_raw=[c.get("value") for c in entry.get("content") or []],
        published=published, updated=_date(entry, "updated"), author=entry.get("author"),
        tags=[t.get("term") for t in entry.get("tags") or []], language=language, source=source,
        outlet_raw=(entry.get("source") or {}).get("title"),
    )
