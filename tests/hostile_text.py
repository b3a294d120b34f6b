"""Hostile text for the injection tests: what a feed could carry to attack a terminal or the UI.

`UNSAFE` matches every character that must never reach a terminal from untrusted text: C0
controls except tab and newline (ESC starts every ANSI/CSI/OSC sequence), DEL, C1 controls
(8-bit CSI/OSC), bidi embeddings/overrides/isolates and zero-width characters.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

ANSI_COLOUR = "\x1b[31;1mRED\x1b[0m"
CURSOR = "\x1b[2J\x1b[H\x1b[10A\x1b[999C\x1b7\x1b8"
OSC52 = "\x1b]52;c;cm0gLXJmIH4K\x07"  # writes "rm -rf ~" to the clipboard
OSC8 = "\x1b]8;;https://evil.example/fake\x1b\\trusted link\x1b]8;;\x1b\\"
C0 = "bell\x07back\x08vt\x0bff\x0cso\x0ecr\rend"
C1 = "\u009b31mcsi\u009d52;c;QUFB\u009cosc\u0085nel\u0090dcs\u009c"
BIDI = "invoice\u202egpj.exe\u202c \u2066iso\u2069"
ZERO_WIDTH = "ze\u200bro\u200cwi\u200ddth\u2060jo\ufeffin"
MARKUP = "[bold red]LOUD[/bold red] [link=https://evil.example/m]click me[/link] [@click=app.quit]quit now[/]"
LONG = "Hostile " + "A" * 10_000

# Everything at once, as one field (with the word the alert rule and the searches look for).
ALL = f"hostile {ANSI_COLOUR} {CURSOR} {OSC52} {OSC8} {C0} {C1} {BIDI} {ZERO_WIDTH} {MARKUP}"

UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def unsafe_chars(text: str) -> list[str]:
    """The unsafe characters in `text`, as readable escapes (empty when the text is safe)."""
    return sorted({repr(c) for c in UNSAFE.findall(text)})


def assert_safe(text: str, where: str = "") -> None:
    found = unsafe_chars(text)
    assert not found, f"{where}: unsafe characters reached the output: {found}"


def _entity_escaped(s: str) -> str:
    """Control characters as HTML numeric references inside escaped HTML (legal XML, hostile once unescaped)."""
    return escape("".join(f"&#{ord(c)};" if ord(c) < 32 or 0x7F <= ord(c) <= 0x9F else c for c in s))


def hostile_rss() -> bytes:
    """Well-formed RSS: C1, bidi, zero-width and markup as characters; ESC sequences as escaped HTML."""
    legal = f"hostile {C1} {BIDI} {ZERO_WIDTH} {MARKUP}"
    items = [
        f"<item><title>{escape(legal)}</title><link>http://127.0.0.1/story/1?{escape(ZERO_WIDTH)}</link>"
        f"<guid>h1</guid><author>{escape(BIDI + MARKUP)}</author><pubDate>Mon, 16 Jun 2025 10:00:00 GMT</pubDate>"
        f"<description>{_entity_escaped('<p>' + ALL + '</p>')}</description></item>",
        f"<item><title>{LONG}</title><link>http://127.0.0.1/story/long</link><guid>h2</guid>"
        "<pubDate>Mon, 16 Jun 2025 11:00:00 GMT</pubDate><description>hostile and long</description></item>",
        f"<item><title>hostile link</title><link>javascript:alert(1)</link><guid>h3</guid>"
        f"<pubDate>Mon, 16 Jun 2025 12:00:00 GMT</pubDate><description>{escape(MARKUP)}</description></item>",
    ]
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
            f"<title>{escape(MARKUP + BIDI)}</title><link>http://127.0.0.1/</link>"
            + "".join(items) + "</channel></rss>").encode("utf-8")


def hostile_raw() -> bytes:
    """Not well-formed: raw ESC, BEL and other C0 bytes in the XML (feedparser's lenient path)."""
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>raw wire</title>'
            f"<item><title>hostile raw {ALL}</title><link>http://127.0.0.1/raw/1</link><guid>r1</guid>"
            f"<pubDate>Mon, 16 Jun 2025 09:00:00 GMT</pubDate><description>{ALL}</description></item>"
            "</channel></rss>").encode("utf-8")


def hostile_atom() -> bytes:
    return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title type=\"html\">{_entity_escaped(ALL)}</title><id>urn:x</id><updated>2025-06-16T08:00:00Z</updated>"
            "<entry><id>urn:a1</id><updated>2025-06-16T08:00:00Z</updated>"
            f"<title type=\"html\">{_entity_escaped('hostile atom ' + ALL)}</title>"
            f"<link href=\"http://127.0.0.1/atom/1#{_entity_escaped(ZERO_WIDTH)}\"/>"
            f"<author><name>{_entity_escaped(ALL)}</name></author>"
            f"<content type=\"html\">{_entity_escaped('<b>' + ALL + '</b>')}</content></entry></feed>").encode("utf-8")
