"""Rich Text pieces for cells and lines built from archive rows.

Everything that came from a feed goes through `plain()`: a `rich.text.Text` built from the value,
so `[bold]`, `[link=...]` or `[@click=...]` in a title stay characters, never markup. Control
characters (already stripped at ingest) are replaced once more here, as a second belt.
"""

from __future__ import annotations


from rich.style import Style
from rich.text import Text

from crisis_tui.sanitize import UNSAFE_IN_LINE, UNSAFE_IN_TEXT

# Default colours of the theme variables (see CrisisApp.get_theme_variable_defaults). Mid tones
# that read on dark and light backgrounds; NO_COLOR terminals still see the words.
THEME_DEFAULTS = {
    "cat-military": "#d9534f",
    "cat-diplomatic": "#4a90d9",
    "cat-humanitarian": "#d4a017",
    "sev-critical": "#e5484d",
    "sev-warning": "#d4a017",
    "sev-info": "#4a90d9",
    "unseen": "#3fb950",
}

BADGES = {"military": "MIL", "diplomatic": "DIP", "humanitarian": "HUM"}
SEVERITY_WORDS = {"critical": "CRIT", "warning": "WARN", "info": "info"}

# the sanitiser's own set: stored text passed it already, this is the last line of defence
_CONTROL = UNSAFE_IN_LINE


def clean(value: object) -> str:
    """A value as one line of printable text."""
    if value is None:
        return ""
    text = str(value).replace("\r\n", " ").replace("\n", " ").replace("\t", " ")
    return _CONTROL.sub("\ufffd", text)


def plain(value: object, limit: int | None = None, style: str | Style = "") -> Text:
    """Untrusted text as a Text: no markup, one line, capped at `limit` characters."""
    text = clean(value)
    if limit is not None and len(text) > limit:
        text = text[: max(1, limit - 1)] + "…"
    return Text(text, style=style, no_wrap=True, overflow="ellipsis")


def block(value: object) -> Text:
    """Untrusted multi-line text (an article body) as a Text: newlines kept, nothing interpreted."""
    # one character for one, so the tagger's spans still point at the right place
    text = "" if value is None else str(value).replace("\r", " ").replace("\t", " ")
    return Text(UNSAFE_IN_TEXT.sub("\ufffd", text))


def short_time(value: str | None) -> str:
    """'2026-06-14T11:48:25Z' -> '2026-06-14 11:48' (UTC; the year stays: archives span years)."""
    if not value or len(value) < 16:
        return value or ""
    return f"{value[:10]} {value[11:16]}"


def day_time(value: str | None) -> str:
    """'2026-06-14T11:48:25Z' -> '2026-06-14 11:48 UTC'."""
    if not value or len(value) < 16:
        return value or "never"
    return f"{value[:10]} {value[11:16]} UTC"


class SortText(Text):
    """A Text cell that carries the row's sort key, so DataTable.sort can order rows by (time, id)."""

    def __init__(self, text: str, order: tuple, **kw):
        super().__init__(text, **kw)
        self.order = order


def badges(labels, colours: dict[str, str]) -> Text:
    """Short badges for the labels: 'MIL DIP'."""
    out = Text(no_wrap=True)
    for name in ("military", "diplomatic", "humanitarian"):
        if name in labels:
            if out:
                out.append(" ")
            out.append(BADGES[name], style=Style(bold=True, color=colours.get(f"cat-{name}")))
    return out


def severity(value: str, colours: dict[str, str]) -> Text:
    return Text(SEVERITY_WORDS.get(value, value), style=Style(bold=value == "critical",
                                                              color=colours.get(f"sev-{value}")))


def join(values, sep: str = ", ") -> str:
    return sep.join(clean(v) for v in values if v)


def casualties(row: dict) -> str:
    parts = []
    if row.get("killed") is not None:
        parts.append(f"{row['killed']} killed")
    if row.get("injured") is not None:
        parts.append(f"{row['injured']} hurt")
    if parts:
        return ", ".join(parts)
    return clean(row.get("casualties_text") or "")


def safe_link(url: str | None) -> str | None:
    """The URL when it is an http(s) link a terminal may open, else None."""
    if not url:
        return None
    url = clean(url).strip()
    if url.lower().startswith(("http://", "https://")) and " " not in url:
        return url
    return None
