"""Making stored text safe for a terminal line (for the CLI's plain output; no Textual here)."""

from __future__ import annotations

from crisis_tui.sanitize import clean_line


def safe(value: object, limit: int = 500) -> str:
    """One printable line: escape sequences and control characters gone, length capped."""
    return clean_line(value, limit)
