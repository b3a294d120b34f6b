"""`?`: every key of the screen it was opened from, with what it does."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

GENERAL = [
    ("ctrl+p", "Command palette: every action by name"),
    ("up/down, pgup/pgdn", "Move in a list (older rows load as you reach the bottom)"),
    ("escape", "Back / close"),
]


class HelpScreen(ModalScreen):
    """The keys, generated from the bindings so it never drifts from them."""

    BINDINGS = [Binding("escape", "app.pop_screen", "Close"), Binding("q", "app.pop_screen", "Close", show=False)]

    def __init__(self, active_bindings: dict):
        super().__init__()
        self.lines: list[tuple[str, str]] = []
        seen = set()
        for key, active in active_bindings.items():
            b = active.binding
            if not b.description or (b.action, b.description) in seen:
                continue
            if b.action.startswith(("cursor_", "scroll_", "page_", "select_cursor")):
                continue
            seen.add((b.action, b.description))
            self.lines.append((b.key_display or key, b.description))

    def compose(self) -> ComposeResult:
        text = Text()
        text.append("Keys\n\n", style=Style(bold=True))
        for key, what in self.lines + GENERAL:
            text.append(f"{key:>18}  ", style=Style(bold=True))
            text.append(f"{what}\n")
        text.append("\nFilters (military, diplomatic, humanitarian, time window, source) show in the status line.",
                    style=Style(dim=True))
        with VerticalScroll(id="help-box"):
            yield Static(text)
