"""One feed entry's raw fields -> a clean Article: shared by the fast path and feedparser's."""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta

from crisis_tui.models import Article
from crisis_tui.sanitize import MAX_TITLE, canonical_url, clean_line, clean_url, html_to_text
from crisis_tui.times import iso

# A date this far ahead of our clock is a publisher's mistake: clamp it to now.
FUTURE_SLACK = timedelta(minutes=15)


def make_article(base: str, now: datetime, *, guid: str | None, link_raw: str | None, title_raw: str | None,
                 summary_raw: str | None, contents_raw: list[str], published: datetime | None,
                 updated: datetime | None, author: str | None, tags: list[str], language: str | None,
                 source: str | None) -> Article | None:
    """Sanitise and normalise an entry; None when it has neither a title, a text nor a link."""
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
    if not title:
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
        language=language, source=source,
        tags=tuple(t for t in (clean_line(t, 80) for t in tags) if t)[:20],
    )
