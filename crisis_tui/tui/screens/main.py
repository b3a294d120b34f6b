"""The main screen: status line and the four panes (side by side when wide, tabs when narrow)."""

from __future__ import annotations

from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import DataTable, Tab, Tabs

from crisis_tui.tui.messages import ArchiveChanged, PaneLoaded
from crisis_tui.tui.reading import on_reader_thread, read_in_background
from crisis_tui.tui.widgets.footer import BindingsFooter
from crisis_tui.tui.widgets.pane import FIRST_WINDOW, PAGE, Pane
from crisis_tui.tui.widgets.status import StatusLine
from crisis_tui.views import PANE_TITLES, PANES, Filters, pane_table

WIDE = 120  # columns from which the panes stand side by side


class MainScreen(Screen):
    """Contacts, Strikes, Statements and the Wire, updating live."""

    BINDINGS = [
        Binding("1", "show_pane('contact')", "Contacts", show=False),
        Binding("2", "show_pane('strike')", "Strikes", show=False),
        Binding("3", "show_pane('statement')", "Statements", show=False),
        Binding("4", "show_pane('wire')", "Wire", show=False),
        Binding("tab", "next_pane(1)", "Next pane", show=False),
        Binding("shift+tab", "next_pane(-1)", "Previous pane", show=False),
        Binding("enter", "open_detail", "Open", show=True),
        Binding("slash", "search", "Search", key_display="/"),
        Binding("a", "alerts", "Alerts"),
        Binding("f", "feeds", "Feeds"),
        Binding("m", "toggle_label('military')", "Military", show=False),
        Binding("d", "toggle_label('diplomatic')", "Diplomatic", show=False),
        Binding("h", "toggle_label('humanitarian')", "Humanitarian", show=False),
        Binding("w", "cycle_window", "Window"),
        Binding("S", "source_filter", "Source filter", show=False),
        Binding("x", "clear_filters", "Clear filters", show=False),
        Binding("r", "toggle_read", "Read", show=False),
        Binding("R", "mark_all_read", "All read", show=False),
        Binding("s", "toggle_star", "Star", show=False),
        Binding("n", "note", "Note", show=False),
        Binding("o", "open_link", "Open link", show=False),
        Binding("e", "export", "Export", show=False),
        Binding("E", "export_report", "Export report", show=False),
    ]

    active_kind: reactive[str] = reactive("contact", init=False)
    filters: reactive[Filters] = reactive(Filters, init=False, always_update=True)

    def __init__(self, **kw):
        super().__init__(**kw)
        self.generation = 0

    def compose(self) -> ComposeResult:
        yield StatusLine(id="status")
        yield Tabs(*[Tab(f"{i} {PANE_TITLES[k]}", id=f"tab-{k}") for i, k in enumerate(PANES, 1)], id="pane-tabs")
        with Container(id="panes"):
            for kind in PANES:
                yield Pane(kind)
        yield BindingsFooter()

    # -- layout -------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._apply_layout(self.app.size.width)
        self.panes["contact"].add_class("-active")
        self.panes["contact"].focus()
        self.reload()

    def on_resize(self, event) -> None:
        self._apply_layout(event.size.width)

    def _apply_layout(self, width: int) -> None:
        self.set_class(width < WIDE, "-narrow")

    @property
    def narrow(self) -> bool:
        return self.has_class("-narrow")

    @property
    def panes(self) -> dict[str, Pane]:
        return {kind: self.query_one(f"#pane-{kind}", Pane) for kind in PANES}

    @property
    def active_pane(self) -> Pane:
        return self.query_one(f"#pane-{self.active_kind}", Pane)

    def watch_active_kind(self, kind: str) -> None:
        for k, pane in self.panes.items():
            pane.set_class(k == kind, "-active")
        tabs = self.query_one("#pane-tabs", Tabs)
        if tabs.active != f"tab-{kind}":
            tabs.active = f"tab-{kind}"

    def on_descendant_focus(self, event) -> None:
        if isinstance(event.widget, Pane) and event.widget.kind != self.active_kind:
            self.active_kind = event.widget.kind

    @on(Tabs.TabActivated, "#pane-tabs")
    def _tab_activated(self, event: Tabs.TabActivated) -> None:
        kind = event.tab.id.removeprefix("tab-")
        if kind != self.active_kind:
            self.action_show_pane(kind)

    def action_show_pane(self, kind: str) -> None:
        """Show and focus a pane."""
        self.active_kind = kind
        self.panes[kind].focus()

    def action_next_pane(self, step: int) -> None:
        i = PANES.index(self.active_kind)
        self.action_show_pane(PANES[(i + step) % len(PANES)])

    # -- loading windows ----------------------------------------------------------------------

    def reload(self) -> None:
        """(Re)load every pane's window with the current filters."""
        self.generation += 1
        for kind in PANES:
            self._load(kind, self.filters, self.generation)
        self.query_one(StatusLine).set_filters(self.filters)

    def _load(self, kind: str, filters: Filters, generation: int) -> None:
        reader = self.app.reader

        def work_fn():
            max_id = reader.max_id(kind)
            rows = reader.pane_rows(kind, filters, limit=FIRST_WINDOW)
            self.post_message(PaneLoaded(kind, rows, generation, len(rows) == FIRST_WINDOW, max_id=max_id))

        read_in_background(self, work_fn, group=f"load-{kind}", exclusive=True)

    @on(Pane.NeedsPage)
    def _page(self, event: Pane.NeedsPage) -> None:
        pane, filters, generation = event.pane, self.filters, self.generation
        before = pane.oldest()
        reader = self.app.reader

        def work_fn():
            rows = reader.pane_rows(pane.kind, filters, limit=PAGE, before=before)
            self.post_message(PaneLoaded(pane.kind, rows, generation, len(rows) == PAGE, append=True))

        read_in_background(self, work_fn, group=f"page-{pane.kind}", exclusive=True)

    def on_pane_loaded(self, message: PaneLoaded) -> None:
        if message.generation != self.generation:
            return  # loaded under filters that changed since
        pane = self.panes[message.kind]
        if message.append:
            pane.append_page(message.rows, message.has_more)
        else:
            pane.load(message.rows, message.has_more, message.max_id)
        self._update_tab(message.kind)

    def watch_snapshot(self) -> tuple[Filters, int, dict[str, int], dict[str, list[int]]] | None:
        """What the archive watcher needs to know: filters and each pane's newest id and window."""
        panes = self.panes
        if not all(p.loaded for p in panes.values()):
            return None
        return (self.filters, self.generation, {k: p.max_id for k, p in panes.items()},
                {k: [r["id"] for r in p.rows_by_key.values()] for k, p in panes.items()})

    def on_archive_changed(self, message: ArchiveChanged) -> None:
        if message.generation != self.generation:
            return
        for kind, pane in self.panes.items():
            if kind in message.marks:
                pane.apply_marks(message.marks[kind])
            if message.new_rows.get(kind):
                pane.add_live(message.new_rows[kind])
            self._update_tab(kind)
        if message.status is not None:
            self.query_one(StatusLine).update_counts(message.status)

    def _update_tab(self, kind: str) -> None:
        pane = self.panes[kind]
        tab = self.query_one(f"#tab-{kind}", Tab)
        label = f"{PANES.index(kind) + 1} {pane.title_with_count()}"
        if tab.label_text != label:
            tab.label = label

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if isinstance(event.data_table, Pane):
            self._update_tab(event.data_table.kind)

    # -- filters ------------------------------------------------------------------------------

    def watch_filters(self, filters: Filters) -> None:
        self.reload()

    def action_toggle_label(self, label: str) -> None:
        """Show only articles with this label (toggles; several labels: any of them)."""
        self.filters = self.filters.toggle_label(label)

    def action_cycle_window(self) -> None:
        """Cycle the time window: 1h, 6h, 24h, 7d, all."""
        self.filters = self.filters.next_window()
        self.notify(f"time window: {self.filters.window}", timeout=2)

    def action_clear_filters(self) -> None:
        self.filters = Filters()

    def action_source_filter(self) -> None:
        """Ask for a source; the archive's outlets and feeds are offered as they are read."""
        from crisis_tui.tui.screens.prompt import Prompt

        def done(value: str | None) -> None:
            if value is None:
                return
            from dataclasses import replace

            self.filters = replace(self.filters, source=value.strip() or None)

        # the prompt opens at once (keys typed now go to it); suggestions follow from the reader
        prompt = Prompt("Source (part of a feed or outlet name; empty: all)", self.filters.source or "")
        self.app.push_screen(prompt, done)
        self._suggest_sources(prompt)

    @on_reader_thread(group="sources", exclusive=True)
    def _suggest_sources(self, prompt) -> None:
        sources = [s for s, _ in self.app.reader.sources()]
        self.app.call_from_thread(prompt.set_suggestions, sources)

    # -- rows ---------------------------------------------------------------------------------

    def _current(self) -> tuple[Pane, dict] | None:
        pane = self.active_pane
        row = pane.current()
        if row is None:
            self.notify("no row selected", timeout=2)
            return None
        return pane, row

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if isinstance(event.data_table, Pane):
            event.stop()
            self.action_open_detail()

    def action_open_detail(self) -> None:
        """Open the article of the selected row."""
        current = self._current()
        if current is None:
            return
        pane, row = current
        from crisis_tui.tui.screens.detail import DetailScreen

        pane.set_marks(str(row["id"]), read=1)
        event_id = row["id"] if pane.kind != "wire" else None
        self.app.push_screen(DetailScreen(row["article_id"], event_id=event_id,
                                          before_load=partial(self._mark_read, pane.kind, row, True)))

    def _mark_read(self, kind: str, row: dict, read: bool) -> None:
        reader = self.app.reader
        reader.set_read(pane_table(kind), [row["id"]], read)
        if kind != "wire" and read:
            reader.set_read("articles", [row["article_id"]], True)

    def _write(self, fn) -> None:
        read_in_background(self, fn, group="marks")

    def action_toggle_read(self) -> None:
        """Mark the selected row read or unread."""
        current = self._current()
        if current:
            pane, row = current
            read = not row.get("read")
            pane.set_marks(str(row["id"]), read=int(read))
            self._write(partial(self.app.reader.set_read, pane_table(pane.kind), [row["id"]], read))

    def action_mark_all_read(self) -> None:
        """Mark every row of the pane (as filtered) read."""
        pane, filters = self.active_pane, self.filters
        for key in list(pane.rows_by_key):
            pane.set_marks(key, read=1)
        pane.mark_all_seen()
        self._update_tab(pane.kind)
        self._write(partial(self.app.reader.mark_all_read, pane.kind, filters))

    def action_toggle_star(self) -> None:
        """Star or unstar the selected row."""
        current = self._current()
        if current:
            pane, row = current
            starred = not row.get("starred")
            pane.set_marks(str(row["id"]), starred=int(starred))
            self._write(partial(self.app.reader.toggle_star, pane_table(pane.kind), row["id"]))

    def action_note(self) -> None:
        """Write a note on the selected row."""
        current = self._current()
        if current is None:
            return
        pane, row = current
        from crisis_tui.tui.screens.prompt import Prompt

        def done(value: str | None) -> None:
            if value is None:
                return
            note = value.strip() or None
            pane.set_marks(str(row["id"]), note=note)
            self._write(partial(self.app.reader.set_note, pane_table(pane.kind), row["id"], note))

        self.app.push_screen(Prompt("Note (empty removes it)", row.get("note") or ""), done)

    def action_open_link(self) -> None:
        """Open the selected row's link in a browser, or show it."""
        current = self._current()
        if current:
            self.app.open_link(current[1].get("link"))

    def action_search(self) -> None:
        from crisis_tui.tui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen(self.filters, self.active_kind))

    def action_alerts(self) -> None:
        from crisis_tui.tui.screens.alerts import AlertsScreen

        self.app.push_screen(AlertsScreen())

    def action_feeds(self) -> None:
        from crisis_tui.tui.screens.feeds import FeedsScreen

        self.app.push_screen(FeedsScreen())

    def action_export(self) -> None:
        """Export the rows of the current pane (filters applied) as CSV."""
        self.app.export_view(self.active_kind, self.filters, "csv")

    def action_export_report(self) -> None:
        """Export a Markdown situation report of the current view."""
        self.app.export_view(None, self.filters, "md")
