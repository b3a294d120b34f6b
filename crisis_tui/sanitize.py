"""The boundary: everything from a feed or a document passes through here once, before storage.

`clean_text` removes terminal escape sequences (CSI, OSC, DCS, ...), C0/C1 control characters,
bidi overrides and zero-width characters; `html_to_text` turns HTML into readable plain text.
Rich/Textual markup is not touched here: viewers render stored text as `rich.text.Text`, never
as markup, so `[bold]` stays literal text (see `crisis_tui.display`).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit, urlunsplit

# ESC-introduced sequences: CSI (ESC [ ... final), OSC/DCS/SOS/PM/APC (ESC ] ... BEL or ST),
# and two-character escapes. Also their 8-bit C1 forms (U+009B CSI, U+009D OSC, ...).
_ESCAPES = re.compile(
    r"""
    (?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?                  # CSI ... final byte
  | (?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]).*?(?:\x07|\x1b\\|\x9c|$)   # OSC, DCS, SOS, PM, APC
  | \x1b[ -/]*[0-~]?                                  # other escapes (ESC c, ESC ( B, ...)
    """,
    re.VERBOSE | re.DOTALL,
)
# C0 except tab and newline, DEL, C1; bidi embeddings/overrides/isolates; zero-width and BOM;
# line/paragraph separators (shown as newlines instead).
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
    "\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
_LINE_SEPS = re.compile("[\r\u2028\u2029\x85]")
# Everything a viewer must never send to a terminal: last-line checks for multi-line text and
# for one-line output (where line breaks and tabs are unsafe too).
UNSAFE_IN_TEXT = re.compile(_CONTROL.pattern[:-1] + "\r\u2028\u2029\x1b]")
UNSAFE_IN_LINE = re.compile(_CONTROL.pattern[:-1] + "\r\n\t\u2028\u2029\x1b]")
# Every character the four cleaning passes of `clean_text` act on (line separators, the
# introducers of escape sequences, C1, controls): text without any is left as it is by them.
_ANY_UNSAFE = re.compile(_CONTROL.pattern[:-1] + "\r\u2028\u2029]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")

# C1 code points left after escape removal are almost always Windows-1252 punctuation written
# as numeric references (&#146; for an apostrophe): read them as browsers do.
_C1_AS_CP1252 = {
    c: bytes([c]).decode("cp1252", errors="ignore") or None for c in range(0x80, 0xA0)
}

MAX_TITLE = 1_000
MAX_FIELD = 2_000  # author, link, source
MAX_TEXT = 200_000  # summary or content of one article


def clean_text(value: object, limit: int | None = MAX_TEXT, *, single_line: bool = False) -> str:
    """Strip escape sequences and control characters, tidy whitespace, cap the length."""
    if value is None:
        return ""
    s = str(value)
    if limit is not None and len(s) > limit * 4:
        s = s[: limit * 4]  # bound the work on hostile input before the regexes run
    if _ANY_UNSAFE.search(s):  # most text has none: the four passes below would change nothing
        s = _LINE_SEPS.sub("\n", s)
        s = _ESCAPES.sub("", s)
        s = s.translate(_C1_AS_CP1252)
        s = _CONTROL.sub("", s)
    if single_line:
        s = _SPACES.sub(" ", s.replace("\n", " ").replace("\t", " ")).strip()
    else:
        s = "\n".join(_SPACES.sub(" ", line).strip() for line in s.split("\n"))
        s = _BLANK_LINES.sub("\n\n", s).strip()
    if limit is not None and len(s) > limit:
        s = s[: limit - 1].rstrip() + "…"
    return s


def clean_line(value: object, limit: int = MAX_FIELD) -> str:
    """One line of clean text: titles, authors, names."""
    return clean_text(value, limit, single_line=True)


_BLOCK = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "blockquote", "pre", "section", "article", "header", "footer", "hr", "figure", "figcaption",
    "dd", "dt", "dl", "main", "aside", "nav",
}
_SKIP = {"script", "style", "head", "title", "noscript", "template", "svg", "iframe", "object"}


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0
        self.headings: list[str] = []
        self._heading: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skip += 1
        elif tag in _BLOCK:
            self.parts.append("\n")
        if tag in ("h1", "h2", "h3") and self._heading is None:
            self._heading = []

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
        elif tag in _BLOCK:
            self.parts.append("\n")
        if tag in ("h1", "h2", "h3") and self._heading is not None:
            self.headings.append(" ".join("".join(self._heading).split()))
            self._heading = None

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)
            if self._heading is not None:
                self._heading.append(data)


_LOOKS_HTML = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>|&(?:[a-zA-Z]+|#\d+|#x[0-9a-fA-F]+);")


def html_to_text(value: object, limit: int | None = MAX_TEXT) -> str:
    """HTML (or plain text with entities) -> clean readable text with paragraphs kept."""
    if value is None:
        return ""
    s = str(value)
    if limit is not None and len(s) > limit * 4:
        s = s[: limit * 4]
    if _LOOKS_HTML.search(s):
        p = _TextExtractor()
        try:
            p.feed(s)
            p.close()
            s = "".join(p.parts)
        except Exception:  # HTMLParser is lenient; this is a last resort for hostile input
            s = html.unescape(re.sub(r"<[^>]*>", " ", s))
    return clean_text(s, limit)


def html_headings(value: str) -> list[str]:
    """The h1-h3 headings of an HTML document, in order (for document titles)."""
    p = _TextExtractor()
    try:
        p.feed(value)
        p.close()
    except Exception:
        return []
    return [clean_line(h) for h in p.headings if h.strip()]


def clean_url(value: object, base: str | None = None) -> str | None:
    """A link resolved against its base; only http(s) survives (no javascript:, file:, data:)."""
    s = clean_line(value, MAX_FIELD)
    if not s:
        return None
    s = s.replace(" ", "%20")
    if base:
        try:
            s = urljoin(base, s)
        except ValueError:
            return None
    try:
        parts = urlsplit(s)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return urlunsplit(parts)


_TRACKING = re.compile(r"^(utm_[a-z]+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|at_medium|at_campaign)$", re.I)


def canonical_url(url: str | None) -> str | None:
    """A URL reduced to what identifies the story: lower-case host, no fragment, no tracking."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    query = "&".join(
        q for q in parts.query.split("&") if q and not _TRACKING.match(q.split("=", 1)[0])
    )
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    if parts.port and parts.port not in (80, 443):
        host = f"{host}:{parts.port}"
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(("https", host, path, query, ""))
