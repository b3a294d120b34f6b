"""A one-line question in a modal: a note, a source filter."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label


class Prompt(ModalScreen[str | None]):
    """Ask for one line of text; Enter answers, Escape cancels (None)."""

    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, question: str, value: str = "", *, suggestions: list[str] | None = None):
        super().__init__()
        self.question = question
        self.value = value
        self.suggestions = suggestions or []

    def compose(self) -> ComposeResult:
        with Vertical(id="prompt-box"):
            yield Label(self.question, markup=False)
            suggester = SuggestFromList(self.suggestions, case_sensitive=False) if self.suggestions else None
            yield Input(self.value, id="prompt-input", suggester=suggester)

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def set_suggestions(self, suggestions: list[str]) -> None:
        """Offer completions that arrived after the prompt opened (read off the UI thread)."""
        self.suggestions = suggestions  # for compose, if it has not run yet
        for field in self.query(Input):
            field.suggester = SuggestFromList(suggestions, case_sensitive=False) if suggestions else None

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)
