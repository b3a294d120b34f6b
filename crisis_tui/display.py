"""Making stored text safe for a terminal line (for the CLI's plain output; no Textual here)."""

from __future__ import annotations

from crisis_tui.sanitize import clean_line


def safe(value: object, limit: int = 500) -> str:
    """One printable line: escape sequences and control characters gone, length capped."""
    return clean_line(value, limit)


def plural(n: int, word: str) -> str:
    """"1 source", "3 sources": a count with its noun (regular plurals only)."""
    return f"{n} {word}" if n == 1 else f"{n} {word}s"
