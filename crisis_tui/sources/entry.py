"""One feed entry's raw fields -> a clean Article: shared by the fast path and feedparser's."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from pathlib import Path

from crisis_tui.models import Article
from crisis_tui.sanitize import MAX_TITLE, canonical_url, clean_line, clean_url, html_to_text
from crisis_tui.times import iso


def _code_digest() -> str:
    """A digest of the code that turns raw entries into Articles (this module, the sanitiser and
    the fast parser's field readers): part of every fingerprint, so that when that code changes
    (a new version is installed), stored entries are made again once rather than being taken
    for unchanged. The package version where the sources cannot be read."""
    from crisis_tui import sanitize
    from crisis_tui.sources import fastfeed

    digest = hashlib.blake2b(digest_size=8)
    try:
        for module in (sanitize, fastfeed):
            digest.update(Path(module.__file__).read_bytes())
        digest.update(Path(__file__).read_bytes())
    except (OSError, TypeError):
        from crisis_tui import __version__

        return f"v{__version__}"
    return digest.hexdigest()


_ENTRY_FORMAT: str | None = None

# A date this far ahead of our clock is a publisher's mistake: clamp it to now.
FUTURE_SLACK = timedelta(minutes=15)
MAX_OUTLET = 80  # characters of an outlet's name


def make_article(base: str, now: datetime, *, guid: str | None, link_raw: str | None, title_raw: str | None,
                 summary_raw: str | None, contents_raw: list[str], published: datetime | None,
                 updated: datetime | None, author: str | None, tags: list[str], language: str | None,
                 source: str | None, outlet_raw: str | None = None) -> Article | None:
    """Sanitise and normalise an entry; None when it has neither a title, a text nor a link.

    `source`: the feed's outlet (its title); `outlet_raw`: the item's own, when it names one
    (RSS `<source>`, as aggregators such as Google News give for each item)."""
    link = clean_url(link_raw, base)
    title = clean_line(html_to_text(title_raw, MAX_TITLE), MAX_TITLE)
    summary = html_to_text(summary_raw)
    content = ""
    for raw in contents_raw:
        text = html_to_text(raw) if raw else ""
        if len(text) > len(content):
            content = text
    if content and content == summary:
        content = ""
    outlet = clean_line(outlet_raw, MAX_OUTLET) or None
    if title:
        title, summary, outlet = _aggregated(title, summary, outlet)
        if summary and " ".join(summary.split()) == " ".join(title.split()):
            summary = ""  # the headline again: no text of its own
    else:
        title = clean_line((summary or content).split("\n", 1)[0], 160)
    if not title and not link:
        return None
    published = published or updated
    note = None
    if published is None:
        note = "missing"
    elif published > now + FUTURE_SLACK:
        published, note = now, "future"
    if updated and updated > now + FUTURE_SLACK:
        updated = now
    guid = clean_line(guid, 1000)
    key = guid or link or hashlib.sha256(f"{title}\n{summary}".encode()).hexdigest()[:32]
    return Article(
        entry_key=key, title=title or link or "(untitled)", link=link, canonical_url=canonical_url(link),
        author=clean_line(author, 300) or None, published=iso(published) if published else None,
        updated=iso(updated) if updated else None, date_note=note, summary=summary, content=content,
        language=language, source=outlet or source, outlet=outlet,
        tags=tuple(t for t in (clean_line(t, 80) for t in tags) if t)[:20],
    )


def fingerprint(base: str, fields: dict) -> str:
    """A short hash of everything `make_article(base, now, **fields)` reads, but the clock.

    A feed that changed usually changed in a few entries: an entry whose fingerprint its feed's
    sighting already holds would make the same Article again (its text, its links, its dates),
    so the parser skips making it. That work (HTML to text, sanitising, URLs) is three quarters
    of parsing a feed. The clock is left out: it only dates an entry without a date, or clamps
    one from the future, and an entry seen again keeps its first date anyway."""
    global _ENTRY_FORMAT
    if _ENTRY_FORMAT is None:
        _ENTRY_FORMAT = _code_digest()
    # each field as its length and its text (repr for the dates, lists and None): no two
    # entries give the same string; 3 us an entry, where repr() of the whole dict took 5
    parts = [_ENTRY_FORMAT, base]
    for value in fields.values():
        if type(value) is not str:
            value = repr(value)
        parts.append(f"{len(value)}:{value}")
    raw = "\x1f".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def _aggregated(title: str, summary: str, outlet: str | None) -> tuple[str, str, str | None]:
    """An aggregator's item (Google News and feeds built from it): the title is "Headline -
    Outlet" and the summary only the headline again, with the outlet after it. -> the headline,
    no summary, the outlet. The suffix is taken off only when the item's own <source> names
    that outlet, or when the summary repeats the headline and the outlet: a title that merely
    has a dash in it ("Iran - the talks resume") is left as it is."""
    head, sep, tail = title.rpartition(" - ")
    tail = tail.strip()
    if not sep or not head.strip() or not tail:
        return title, summary, outlet
    named = outlet is not None and tail.casefold() == outlet.casefold()
    if not named and (outlet is not None or len(tail) > MAX_OUTLET or len(tail.split()) > 6):
        return title, summary, outlet
    flat = " ".join(summary.split())
    head_flat = " ".join(head.split())
    repeated = flat in ("", head_flat, f"{head_flat} {tail}", " ".join(title.split()))
    if repeated and (named or flat):
        return head.strip(), "", outlet or tail
    if named:
        return head.strip(), summary, outlet
    return title, summary, outlet
