"""Hostile text for the injection tests: what a feed could carry to attack a terminal or the UI.

`UNSAFE` matches every character that must never reach a terminal from untrusted text: C0
controls except tab and newline (ESC starts every ANSI/CSI/OSC sequence), DEL, C1 controls
(8-bit CSI/OSC), bidi embeddings/overrides/isolates and zero-width characters.
"""

from __future__ import annotations

import re

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
