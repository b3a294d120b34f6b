"""Alerts: newest first, open ones marked; acknowledge one or all (stored, so every viewer sees it)."""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from crisis_tui.display import plural
from crisis_tui.tui import cells
from crisis_tui.tui.reading import on_reader_thread
from crisis_tui.tui.widgets.footer import BindingsFooter


class AlertsScreen(Screen):
    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("enter", "open_alert", "Open"),
        Binding("a", "ack", "Acknowledge"),
        Binding("A", "ack_all", "Acknowledge all"),
    ]

    @dataclass
    class Loaded(Message):
        alerts: list[dict]

    def __init__(self):
        super().__init__()
        self.alerts: dict[str, dict] = {}

    def compose(self) -> ComposeResult:
        yield Static("Alerts", id="alerts-title", markup=False)
        yield DataTable(id="alerts-table", cursor_type="row")
        yield BindingsFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        for key, label in (("state", ""), ("severity", "Sev"), ("time", "Time"), ("rule", "Rule"),
                           ("summary", "Summary"), ("src", "Src")):
            table.add_column(label, key=key)
        table.focus()
        self.reload()

    def alerts_changed(self) -> None:
        """New alerts landed while this screen is open."""
        self.reload()

    @on_reader_thread(group="alerts", exclusive=True)
    def reload(self) -> None:
        self.post_message(self.Loaded(self.app.reader.alerts()))

    def on_alerts_screen_loaded(self, message: Loaded) -> None:
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        self.alerts = {}
        colours = self.app.colours
        open_count = 0
        for a in message.alerts:
            key = str(a["id"])
            self.alerts[key] = a
            is_open = a["acked"] is None
            open_count += is_open
            dim = Style(dim=not is_open)
            table.add_row(cells.plain("●" if is_open else "✓", style=Style(bold=is_open)),
                          cells.severity(a["severity"], colours),
                          cells.plain(cells.short_time(a["created"]), style=dim),
                          cells.plain(a["rule"], 28, dim), cells.plain(a["summary"], 90, dim),
                          cells.plain(str(a["n_sources"]), style=dim), key=key)
        if table.row_count:
            table.move_cursor(row=min(cursor, table.row_count - 1), animate=False)
        self.query_one("#alerts-title", Static).update(
            f"Alerts: {open_count} open of {len(message.alerts)}  (a: acknowledge, A: all, enter: open)")

    def _current(self) -> dict | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.alerts.get(key)

    def action_open_alert(self) -> None:
        """Open the article behind the alert."""
        alert = self._current()
        if alert and alert.get("article_id"):
            from crisis_tui.tui.screens.detail import DetailScreen

            self.app.push_screen(DetailScreen(alert["article_id"], event_id=alert.get("event_id")))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open_alert()

    @on_reader_thread(group="ack")
    def action_ack(self) -> None:
        """Acknowledge the selected alert."""
        alert = self.app.call_from_thread(self._current)
        if alert and alert["acked"] is None:
            self.app.reader.ack_alert(alert["id"])
            self.post_message(self.Loaded(self.app.reader.alerts()))

    @on_reader_thread(group="ack")
    def action_ack_all(self) -> None:
        """Acknowledge every open alert."""
        n = self.app.reader.ack_all()
        self.app.notify(f"{plural(n, 'alert')} acknowledged", timeout=3)
        self.post_message(self.Loaded(self.app.reader.alerts()))
