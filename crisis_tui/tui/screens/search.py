"""`/`: full-text search over the archive, with the main screen's filters; Enter opens a result."""

from __future__ import annotations

from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from crisis_tui.display import plural
from crisis_tui.tui import cells
from crisis_tui.tui.reading import on_reader_thread
from crisis_tui.tui.widgets.footer import BindingsFooter
from crisis_tui.views import Filters, SearchError, search_archive


class SearchScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("ctrl+k", "toggle_kind", "Only this pane's kind"),
    ]

    @dataclass
    class Found(Message):
        query: str
        rows: list[dict]
        error: str | None = None

    def __init__(self, filters: Filters, kind: str | None = None, query: str = ""):
        super().__init__()
        self.filters = filters
        self.pane_kind = kind if kind != "wire" else None
        self.kind: str | None = None
        self.query_text = query
        self.rows: dict[str, dict] = {}

    def compose(self) -> ComposeResult:
        yield Input(self.query_text, placeholder='words, "a phrase", prefix*, AND / OR / NOT', id="search-input")
        yield Static(self._scope(), id="search-status", markup=False)
        yield DataTable(id="search-results", cursor_type="row")
        yield BindingsFooter()

    def _scope(self, note: str = "") -> str:
        parts = [f"filters: {self.filters.describe() or 'none'}", f"kind: {self.kind or 'any'}"]
        return (note + " · " if note else "") + " · ".join(parts)

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, label in (("time", "Time"), ("labels", "Labels"), ("source", "Source"), ("title", "Title")):
            table.add_column(label, key=key)
        self.query_one(Input).focus()
        if self.query_text:
            self.run_search(self.query_text)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.run_search(event.value)

    def action_toggle_kind(self) -> None:
        """Limit results to articles with events of the current pane's kind (or not)."""
        self.kind = None if self.kind else self.pane_kind
        self.query_one("#search-status", Static).update(self._scope())
        value = self.query_one(Input).value
        if value.strip():
            self.run_search(value)

    @on_reader_thread(group="search", exclusive=True)
    def run_search(self, query: str) -> None:
        if not query.strip():
            self.post_message(self.Found(query, []))
            return
        try:
            rows = search_archive(self.app.reader, query, self.filters, kind=self.kind)
        except SearchError as exc:
            self.post_message(self.Found(query, [], str(exc)))
            return
        self.post_message(self.Found(query, rows))

    def on_search_screen_found(self, message: Found) -> None:
        table = self.query_one(DataTable)
        table.clear()
        self.rows = {}
        status = self.query_one("#search-status", Static)
        if message.error:
            status.update(self._scope(cells.clean(message.error)))
            return
        colours = self.app.colours
        for row in message.rows:
            key = str(row["id"])
            if key in self.rows:
                continue
            self.rows[key] = row
            table.add_row(cells.plain(cells.short_time(row["time"])), cells.badges(row["labels"], colours),
                          cells.plain(row["source"], 18), cells.plain(row["title"], 110), key=key)
        status.update(self._scope(f"{plural(len(self.rows), 'result')} for {cells.clean(message.query)}"))
        if self.rows:
            table.focus()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        row = self.rows.get(event.row_key.value)
        if row:
            from crisis_tui.tui.screens.detail import DetailScreen

            self.app.push_screen(DetailScreen(row["id"], event_id=row.get("event_id")))
