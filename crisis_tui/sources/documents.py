"""Local documents (.txt, .md, .html) -> Articles.

Title from the first heading or line; date from a `Published on April 24, 2026` or `Document
Date: Sun, Jun 14 2026 11:48:25 am` line when present, else the file's modification time; source
from a line like `rki.news | Sources: Dawn News`. Binary files, invalid UTF-8, oversized files,
symlinks and special files are skipped with a message, never a crash.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from crisis_tui.models import Article
from crisis_tui.sanitize import MAX_TITLE, clean_line, clean_text, html_headings, html_to_text
from crisis_tui.times import iso

DOCUMENT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".rdf")
MAX_DOCUMENT_BYTES = 5_000_000


@dataclass
class DocumentScan:
    articles: list[Article] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # one human message per file skipped


_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
_PUBLISHED = re.compile(
    rf"^\s*(?:published|posted|updated)(?:\s+on)?\s*:?\s*(?P<date>(?:\w+,?\s+)?(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}"
    rf"(?:\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s*(?:am|pm)?)?|\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?Z?)?)\s*$",
    re.I | re.M,
)
_DOCUMENT_DATE = re.compile(
    rf"^\s*document\s+date\s*:\s*(?P<date>(?:\w+,?\s+)?(?:{_MONTHS})\.?\s+\d{{1,2}},?\s+\d{{4}}"
    rf"(?:\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?\s*(?:am|pm)?)?|\d{{4}}-\d{{2}}-\d{{2}}(?:[T ]\d{{2}}:\d{{2}}(?::\d{{2}})?Z?)?)\s*$",
    re.I | re.M,
)
_SOURCE = re.compile(r"^\s*(?P<site>[\w.-]+\.[a-z]{2,})\s*\|\s*sources?\s*:\s*(?P<src>[^\n|]{2,80}?)\s*$", re.I | re.M)
_BOILERPLATE = re.compile(r"^\s*(?:published|posted|document date|category|show on website|tags?)\b.*$|^\s*-{3,}\s*$", re.I)


def parse_date_words(text: str) -> datetime | None:
    """'April 24, 2026', 'Sun, Jun 14 2026 11:48:25 am', '2026-04-24' -> aware UTC datetime."""
    s = " ".join(text.replace(",", " ").split())
    s = re.sub(r"^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\s+", "", s, flags=re.I)
    s = re.sub(r"\bsept\b", "sep", s, flags=re.I)
    for fmt in ("%B %d %Y %I:%M:%S %p", "%b %d %Y %I:%M:%S %p", "%B %d %Y %I:%M %p", "%b %d %Y %I:%M %p",
                "%B %d %Y %H:%M:%S", "%b %d %Y %H:%M:%S", "%B %d %Y %H:%M", "%b %d %Y %H:%M",
                "%B %d %Y", "%b %d %Y", "%Y-%m-%dT%H:%M:%SZ", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S",
                "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d"):
        try:
            return datetime.strptime(s, fmt).replace(tzinfo=timezone.utc)
        except ValueError:
            continue
    return None


def document_to_article(path: Path, raw: str, mtime: float, now: datetime | None = None) -> Article:
    """The text of one document -> an Article (entry_key: the file name)."""
    now = now or datetime.now(timezone.utc)
    is_html = path.suffix.lower() in (".html", ".htm")
    if is_html:
        headings = html_headings(raw)
        text = html_to_text(raw)
    else:
        headings = []
        text = clean_text(raw)

    published = None
    m = _PUBLISHED.search(text)
    if m:
        published = parse_date_words(m.group("date"))
    document_date = None
    m = _DOCUMENT_DATE.search(text)
    if m:
        document_date = parse_date_words(m.group("date"))
    source = None
    m = _SOURCE.search(text)
    if m:
        source = f"{clean_line(m.group('site'), 100)} ({clean_line(m.group('src'), 100)})"

    title = headings[0] if headings else ""
    lines = text.split("\n")
    if not title:
        for line in lines:
            stripped = line.strip()
            if stripped.startswith("#"):
                title = stripped.lstrip("#").strip()
                break
        else:
            for line in lines:
                if line.strip():
                    title = line.strip()
                    break
    title = clean_line(title, MAX_TITLE)
    if len(title) > 200:  # a first paragraph, not a title: cut at a word
        title = title[:200].rsplit(" ", 1)[0] + "…"

    # The body without the header block: drop boilerplate lines, repeated headings and the source line.
    body_lines = []
    for line in lines:
        s = line.strip()
        if _BOILERPLATE.match(s) or (s.lstrip("#").strip() == title and s) or _SOURCE.match(s):
            continue
        body_lines.append(line.lstrip("#").strip() if s.startswith("#") else line)
    body = clean_text("\n".join(body_lines))

    note = None
    if published is None and document_date is None:
        published, note = datetime.fromtimestamp(mtime, tz=timezone.utc), "file mtime"
    elif published is None:
        published = document_date
    if published > now:
        published, note = now, "future"
    return Article(
        entry_key=path.name,
        title=title or path.stem,
        link=None,
        canonical_url=None,
        published=iso(published),
        updated=iso(document_date) if document_date and document_date != published else None,
        date_note=note,
        summary=body[:400].rsplit(" ", 1)[0] + "…" if len(body) > 400 else body,
        content=body,
        source=source,
    )


def read_document(path: Path, max_bytes: int = MAX_DOCUMENT_BYTES) -> tuple[Article | None, str | None]:
    """Read one document file safely -> (article, None) or (None, why it was skipped)."""
    try:
        st = os.lstat(path)
    except OSError as exc:
        return None, f"{path}: cannot be read ({exc.strerror})"
    if stat.S_ISLNK(st.st_mode):
        return None, f"{path}: skipped, a symbolic link"
    if not stat.S_ISREG(st.st_mode):
        return None, f"{path}: skipped, not a regular file"
    if st.st_size > max_bytes:
        return None, f"{path}: skipped, {st.st_size:,} bytes is over the {max_bytes:,}-byte limit"
    try:
        # O_NOFOLLOW: the file cannot be swapped for a link between the check and the open.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        return None, f"{path}: cannot be read ({exc.strerror})"
    if len(data) > max_bytes:
        return None, f"{path}: skipped, over the {max_bytes:,}-byte limit"
    if b"\x00" in data[:8192]:
        return None, f"{path}: skipped, a binary file"
    try:
        raw = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, f"{path}: skipped, not valid UTF-8 (byte {exc.start})"
    if not raw.strip():
        return None, f"{path}: skipped, empty"
    return document_to_article(path, raw, st.st_mtime), None


def iter_document_files(root: Path) -> tuple[list[Path], list[str]]:
    """The document files under a folder (not following links), and messages for what was skipped."""
    files, skipped = [], []
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        # os.walk does not enter a linked folder; say so instead of leaving it out silently
        links = {d for d in dirnames if os.path.islink(os.path.join(dirpath, d))}
        skipped += [f"{Path(dirpath) / d}: skipped, a symbolic link" for d in sorted(links)]
        dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in links)
        for name in sorted(filenames):
            if name.startswith("."):
                continue
            p = Path(dirpath) / name
            if p.suffix.lower() in DOCUMENT_SUFFIXES:
                files.append(p)
            else:
                skipped.append(f"{p}: skipped, not a .txt, .md or .html document")
    return files, skipped


def scan_documents(paths: list[Path], max_bytes: int = MAX_DOCUMENT_BYTES) -> DocumentScan:
    """Read every document under `paths` (files or folders)."""
    scan = DocumentScan()
    for root in paths:
        if root.is_dir() and not root.is_symlink():
            files, skipped = iter_document_files(root)
            scan.skipped += skipped
        else:
            files = [root]
        for f in files:
            art, why = read_document(f, max_bytes)
            if art is not None:
                # Keys are relative to the folder so a moved archive keeps its identities.
                if root.is_dir():
                    art.entry_key = str(f.relative_to(root))
                scan.articles.append(art)
            else:
                scan.skipped.append(why)
    return scan
