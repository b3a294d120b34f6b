"""Feeds health: every feed with its status, last success, last error in words and next poll."""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from crisis_tui.tui import cells
from crisis_tui.tui.reading import on_reader_thread
from crisis_tui.tui.widgets.footer import BindingsFooter

STATUS_WORDS = {"ok": "ok", "not_modified": "ok (unchanged)", "error": "FAILING", "new": "not polled yet"}


class FeedsScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("ctrl+r", "reload", "Reload"),
    ]

    @dataclass
    class Loaded(Message):
        feeds: list[dict]

    def compose(self) -> ComposeResult:
        yield Static("Feeds", id="feeds-title", markup=False)
        yield DataTable(id="feeds-table", cursor_type="row")
        yield BindingsFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, label in (("name", "Feed"), ("status", "Status"), ("success", "Last success"),
                           ("error", "Last error"), ("next", "Next poll"), ("items", "Items")):
            table.add_column(label, key=key)
        table.focus()
        self.action_reload()

    @on_reader_thread(group="feeds", exclusive=True)
    def action_reload(self) -> None:
        """Read the feeds' health again."""
        self.post_message(self.Loaded(self.app.reader.feeds()))

    def on_feeds_screen_loaded(self, message: Loaded) -> None:
        table = self.query_one(DataTable)
        table.clear()
        colours = self.app.colours
        failing = 0
        for f in message.feeds:
            status = STATUS_WORDS.get(f["status"], f["status"])
            if not f["enabled"]:
                status = "disabled" if not f["name"].startswith("import: ") else "imported"
            style = Style(color=colours["sev-critical"], bold=True) if f["status"] == "error" and f["enabled"] else ""
            failing += f["status"] == "error" and f["enabled"]
            error = f["last_error"] or f["last_warning"] or ""
            if f["consecutive_failures"] and f["status"] == "error":
                error = f"{error} (×{f['consecutive_failures']})"
            table.add_row(cells.plain(f["title"] or f["name"], 30), cells.plain(status, 16, style),
                          cells.plain(cells.short_time(f["last_success"]) or "never"),
                          cells.plain(error, 70), cells.plain(cells.short_time(f["next_poll"]) or "—"),
                          cells.plain(str(f["items_seen"])), key=str(f["id"]))
        self.query_one("#feeds-title", Static).update(
            f"Feeds: {len(message.feeds)}, {failing} failing  (escape: back)")
