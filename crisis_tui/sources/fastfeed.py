"""A fast path for well-formed RSS 2.0, RSS 1.0 and Atom: expat through defusedxml.

feedparser is thorough and forgiving, and slow (about 2,600 items/s here, the largest cost of a
cold poll). Most feeds are plain, well-formed XML in UTF-8: for those, this module reads the few
fields we store straight from the element tree (about 10x faster) with defusedxml refusing DTDs
and entities. Anything unusual (a DTD, a parse error, an encoding expat does not know, an HTTP
charset that is not UTF-8, an unknown root, an unparseable date) returns None and the caller
uses feedparser, so its recovery and encoding detection are never lost.
"""

from __future__ import annotations

import email.utils
from collections.abc import Mapping
from datetime import datetime, timezone
from urllib.parse import urljoin

import defusedxml.ElementTree as DET

from crisis_tui.sanitize import clean_line, html_to_text
from crisis_tui.sources.entry import fingerprint, make_article

ATOM = "{http://www.w3.org/2005/Atom}"
RSS1 = "{http://purl.org/rss/1.0/}"
RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
DC = "{http://purl.org/dc/elements/1.1/}"
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class _Unsure(Exception):
    """Something the fast path will not guess about: let feedparser decide."""


def fast_parse(body: bytes, url: str, content_type: str | None, now: datetime, source: str | None,
               max_entries: int, known_items: Mapping[str, str] | None = None):
    """-> (title, language, articles, unchanged entry keys, total entries), or None when
    feedparser should parse. `known_items`: the fingerprints of the feed's stored entries, with
    their entry keys; an entry with one of them is not made again (its key is returned instead)."""
    if content_type and "charset=" in content_type.lower():
        charset = content_type.lower().split("charset=", 1)[1].split(";")[0].strip(" \"'")
        if charset not in ("utf-8", "utf8"):
            return None
    try:
        root = DET.fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
        if root.tag == "rss":
            channel = root.find("channel")
            if channel is None:
                return None
            items = channel.findall("item")
            title = _text(channel.find("title"))
            language = _text(channel.find("language")) or None
            convert = _rss_item
            base = url
        elif root.tag == f"{ATOM}feed":
            channel = root
            items = root.findall(f"{ATOM}entry")
            title = _atom_text(root.find(f"{ATOM}title"))
            language = root.get(XML_LANG)
            convert = _atom_entry
            base = urljoin(url, root.get(XML_BASE) or "")
        elif root.tag == f"{RDF}RDF":
            channel = root.find(f"{RSS1}channel")
            items = root.findall(f"{RSS1}item")
            title = _text(channel.find(f"{RSS1}title")) if channel is not None else ""
            language = _text(channel.find(f"{DC}language")) if channel is not None else None
            convert = _rdf_item
            base = url
        else:
            return None
        feed_title = clean_line(html_to_text(title), 300) or None
        language = clean_line(language, 20) or None
        out, unchanged = [], []
        known_items = known_items or {}
        for el in items[:max_entries]:
            base_, fields = convert(el, base, language, source or feed_title)
            item_hash = fingerprint(base_, fields)
            if item_hash in known_items:
                unchanged.append(known_items[item_hash])
                continue
            art = make_article(base_, now, **fields)
            if art is not None:
                art.item_hash = item_hash
                out.append(art)
        return feed_title, language, out, unchanged, len(items)
    except (_Unsure, DET.ParseError, ValueError, LookupError, TypeError, AttributeError):
        return None
    except Exception:  # defusedxml's refusals (DTDForbidden, EntitiesForbidden, ...) and the rest
        return None


def _text(el) -> str:
    if el is None:
        return ""
    return "".join(el.itertext()).strip()


def _atom_text(el) -> str:
    """Atom text constructs: text, html (escaped markup) or xhtml (inline elements)."""
    if el is None:
        return ""
    if el.get("type") == "xhtml":
        return " ".join("".join(el.itertext()).split())
    return (el.text or "").strip() if len(el) == 0 else "".join(el.itertext()).strip()


def _rfc822(value: str) -> datetime | None:
    if not value:
        return None
    try:
        dt = email.utils.parsedate_to_datetime(value.strip())
    except (TypeError, ValueError, IndexError):
        dt = None
    if dt is None:
        return _fallback_date(value)
    return dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt.astimezone(timezone.utc)


def _iso(value: str) -> datetime | None:
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.strip())
    except ValueError:
        return _fallback_date(value)
    return dt.replace(tzinfo=timezone.utc) if dt.tzinfo is None else dt.astimezone(timezone.utc)


def _fallback_date(value: str) -> datetime:
    """feedparser's date parser knows dozens of broken formats; if it fails too, give up the fast path."""
    from feedparser.datetimes import _parse_date
    import calendar

    parsed = _parse_date(value)
    if not parsed:
        raise _Unsure(value)
    return datetime.fromtimestamp(calendar.timegm(parsed), tz=timezone.utc)


# The converters: an entry's element -> (base URL, the raw fields make_article takes)

def _rss_item(el, base, language, source):
    guid = _text(el.find("guid"))
    link = _text(el.find("link"))
    if not link:
        g = el.find("guid")
        if g is not None and g.get("isPermaLink", "true").lower() != "false" and guid.startswith(("http://", "https://")):
            link = guid
    return base, dict(
        guid=guid, link_raw=link, title_raw=_text(el.find("title")),
        summary_raw=_text(el.find("description")), contents_raw=[_text(el.find(CONTENT))],
        published=_rfc822(_text(el.find("pubDate"))), updated=_iso(_text(el.find(f"{DC}date"))), author=_text(el.find("author")) or _text(el.find(f"{DC}creator")),
        tags=[_text(c) for c in el.findall("category")], language=language, source=source,
        outlet_raw=_text(el.find("source")),
    )


def _rdf_item(el, base, language, source):
    link = _text(el.find(f"{RSS1}link"))
    return base, dict(
        guid=el.get(f"{RDF}about") or link, link_raw=link, title_raw=_text(el.find(f"{RSS1}title")),
        summary_raw=_text(el.find(f"{RSS1}description")), contents_raw=[_text(el.find(CONTENT))],
        published=None, updated=_iso(_text(el.find(f"{DC}date"))), author=_text(el.find(f"{DC}creator")),
        tags=[_text(c) for c in el.findall(f"{DC}subject")], language=language, source=source,
    )


def _atom_entry(el, base, language, source):
    base = urljoin(base, el.get(XML_BASE) or "")
    link = ""
    for ln in el.findall(f"{ATOM}link"):
        if ln.get("rel", "alternate") == "alternate" and ln.get("href"):
            link = ln.get("href")
            break
    content_el = el.find(f"{ATOM}content")
    if content_el is not None and content_el.get("src"):
        content_el = None
    author = el.find(f"{ATOM}author")
    return base, dict(
        guid=_text(el.find(f"{ATOM}id")), link_raw=link, title_raw=_atom_text(el.find(f"{ATOM}title")),
        summary_raw=_atom_text(el.find(f"{ATOM}summary")), contents_raw=[_atom_text(content_el)],
        published=_iso(_text(el.find(f"{ATOM}published"))), updated=_iso(_text(el.find(f"{ATOM}updated"))),
        author=_text(author.find(f"{ATOM}name")) if author is not None else "",
        tags=[c.get("term", "") for c in el.findall(f"{ATOM}category")], language=el.get(XML_LANG) or language,
        source=source,
    )
