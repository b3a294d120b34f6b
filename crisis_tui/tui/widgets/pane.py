"""A pane of the main screen: a DataTable holding a window of one kind of row.

The pane keeps the newest rows (a window) and pages in older ones when the cursor nears the
bottom. Rows that arrive live are inserted at their place in time without moving the cursor off
its row or scrolling the view, and stay marked unseen until the cursor passes over them.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style
from rich.text import Text
from textual.binding import Binding
from textual.message import Message
from textual.widgets import DataTable

from crisis_tui.tui import cells
from crisis_tui.views import PANE_TITLES

FIRST_WINDOW = 60  # rows loaded at first: more than a tall pane shows, few enough to paint at once
PAGE = 200  # rows fetched per page when the cursor nears the bottom
PAGE_MARGIN = 30  # fetch the next page when the cursor is this close to the bottom
# Rows kept while rows arrive live: a dashboard left open for weeks would otherwise hold every
# row stored since its last filter change (memory, and the watcher's marks query, grow with it).
# The oldest drop off the bottom and are paged in again if the cursor goes down there.
LIVE_WINDOW = 1000

# (key, header, min width, max width): columns are fitted to the pane's width on resize, with
# fixed widths, so they do not jump as rows arrive; the last column takes what is left.
COLUMNS: dict[str, list[tuple[str, str, int, int]]] = {
    "contact": [("flags", "", 3, 3), ("time", "Time (UTC)", 11, 16), ("parties", "Parties", 10, 26),
                ("people", "People", 12, 30), ("mode", "Mode", 5, 9), ("status", "Status", 6, 9), ("src", "Src", 3, 3)],
    "strike": [("flags", "", 3, 3), ("time", "Time (UTC)", 11, 16), ("who", "Attacker → Target", 16, 40),
               ("place", "Place", 6, 18), ("weapon", "Weapon", 6, 9), ("cas", "Casualties", 6, 20), ("src", "Src", 3, 3)],
    "statement": [("flags", "", 3, 3), ("time", "Time (UTC)", 11, 16), ("speaker", "Speaker", 8, 22),
                  ("role", "Role", 4, 18), ("quote", "Quote or gist", 30, 400)],
    "wire": [("flags", "", 3, 3), ("time", "Time (UTC)", 11, 16), ("labels", "Labels", 3, 11),
             ("source", "Source", 6, 18), ("title", "Title", 30, 400)],
}
CELL_PADDING = 1


# The column that takes the width left over once every column has its maximum.
FLEX = {"contact": "people", "strike": "who", "statement": "quote", "wire": "title"}


def fit_widths(kind: str, width: int) -> list[int]:
    """Column widths for a pane `width` cells wide: minimums first, the rest shared out."""
    cols = COLUMNS[kind]
    flex = [key for key, *_ in cols].index(FLEX[kind])
    avail = width - 2 * CELL_PADDING * len(cols) - 2  # the vertical scrollbar
    widths = [lo for _, _, lo, _ in cols]
    spare = avail - sum(widths)
    if spare <= 0:
        return widths
    # The flex column keeps its minimum until the others reach their maximum.
    room = [0 if i == flex else hi - lo for i, (_, _, lo, hi) in enumerate(cols)]
    total = sum(room)
    if spare >= total:
        widths = [lo if i == flex else hi for i, (_, _, lo, hi) in enumerate(cols)]
    else:
        for i, r in enumerate(room):
            widths[i] += spare * r // total
    widths[flex] += max(0, avail - sum(widths))
    return widths


def row_values(kind: str, row: dict) -> dict[str, str]:
    """The text of each column of a row (before styling)."""
    if kind == "contact":
        return {"parties": cells.join(row["parties"], "–"), "people": cells.join(row["people"]),
                "mode": cells.clean(row["mode"]), "status": cells.clean(row["status"]), "src": str(row["n_sources"])}
    if kind == "strike":
        who = f"{cells.clean(row['attacker'] or '?')} → {cells.clean(row['target'] or '?')}"
        return {"who": who, "place": cells.join(row["places"]), "weapon": cells.clean(row["weapon"]),
                "cas": cells.casualties(row), "src": str(row["n_sources"])}
    if kind == "statement":
        quote = row["quote"]
        said = f"“{cells.clean(quote)}”" if quote else cells.clean(row["gist"] or row["sentence"])
        return {"speaker": cells.clean(row["speaker"]), "role": cells.clean(row["role"]), "quote": said}
    return {"source": cells.clean(row["source"]), "title": cells.clean(row["title"])}


class Pane(DataTable):
    """One of Contacts, Strikes, Statements or Wire."""

    BINDINGS = [
        Binding("home", "scroll_top", "First row", show=False),
        Binding("end", "scroll_bottom", "Last row", show=False),
    ]

    @dataclass
    class NeedsPage(Message):
        """The cursor nears the bottom of the window: load older rows."""

        pane: "Pane"

    def __init__(self, kind: str, **kw):
        super().__init__(id=f"pane-{kind}", cursor_type="row", cell_padding=CELL_PADDING, **kw)
        self.widths: list[int] = []
        self.kind = kind
        self.rows_by_key: dict[str, dict] = {}
        self.unseen: set[str] = set()
        self.max_id = 0  # the newest id this pane has looked at (rows after it are new)
        self.has_more = False
        self.loading_more = False
        self.loaded = False
        self.generation = 0
        self.live_window = LIVE_WINDOW
        self.colours: dict[str, str] = dict(cells.THEME_DEFAULTS)
        self.border_title = PANE_TITLES[kind]

    def on_mount(self) -> None:
        self._build_columns(self.size.width)

    def _build_columns(self, width: int) -> None:
        self.widths = fit_widths(self.kind, width)
        for (key, header, _, _), w in zip(COLUMNS[self.kind], self.widths):
            self.add_column(header, key=key, width=w)

    def on_resize(self, event) -> None:
        widths = fit_widths(self.kind, self.size.width)
        if widths == self.widths:
            return
        # Rebuild with the new widths, rows in their current order, cursor on its row.
        order = [row.key.value for row in self.ordered_rows]
        cursor_key = self.cursor_key()
        self.clear(columns=True)
        self._build_columns(self.size.width)
        for key in order:
            self.add_row(*self._cells(self.rows_by_key[key], key), key=key)
        if cursor_key is not None:
            self.move_cursor(row=self.get_row_index(cursor_key), animate=False)

    # -- building cells -----------------------------------------------------------------------

    def _cells(self, row: dict, key: str) -> list[Text]:
        dim = bool(row.get("read"))
        style = Style(dim=True) if dim else Style()
        values = row_values(self.kind, row)
        out: list[Text] = []
        for (col, _, _, _), width in zip(COLUMNS[self.kind], self.widths):
            if col == "flags":
                flags = Text(no_wrap=True)
                flags.append("●" if key in self.unseen else " ", style=Style(color=self.colours.get("unseen"), bold=True))
                flags.append("★" if row.get("starred") else " ", style=Style(color=self.colours.get("sev-warning")))
                flags.append("✎" if row.get("note") else " ")
                out.append(flags)
            elif col == "time":
                shown = cells.short_time(row["time"])
                if width < 16:
                    shown = shown[5:]  # a narrow pane drops the year
                out.append(cells.SortText(shown, (row["time"] or "", row["id"]), style=style, no_wrap=True))
            elif col == "labels":
                text = cells.badges(row["labels"], self.colours)
                if dim:
                    text.stylize(Style(dim=True))
                out.append(text)
            else:
                out.append(cells.plain(values.get(col, ""), width, style))
        return out

    def _add(self, row: dict) -> str | None:
        key = str(row["id"])
        if key in self.rows_by_key:
            return None
        self.rows_by_key[key] = row
        self.add_row(*self._cells(row, key), key=key)
        return key

    def redraw_row(self, key: str) -> None:
        """Rebuild a row's cells after its marks or seen state changed."""
        row = self.rows_by_key.get(key)
        if row is None or key not in self.rows:
            return
        for (col, _, _, _), cell in zip(COLUMNS[self.kind], self._cells(row, key)):
            self.update_cell(key, col, cell)

    def _sort(self) -> None:
        self.sort("time", key=lambda cell: cell.order, reverse=True)

    def _update_title(self) -> None:
        title = PANE_TITLES[self.kind]
        self.border_title = f"{title} · {len(self.unseen)} new" if self.unseen else title
        self.border_subtitle = f"{len(self.rows_by_key)}{'+' if self.has_more else ''} rows"

    def title_with_count(self) -> str:
        return f"{PANE_TITLES[self.kind]} ({len(self.unseen)})" if self.unseen else PANE_TITLES[self.kind]

    # -- filling the window ---------------------------------------------------------------------

    def load(self, rows: list[dict], has_more: bool, max_id: int) -> None:
        """Replace the window (first load, or the filters changed)."""
        self.clear()
        self.rows_by_key.clear()
        self.unseen.clear()
        for row in rows:
            self._add(row)
        self.has_more = has_more
        self.max_id = max(max_id, max((r["id"] for r in rows), default=0))
        self.loaded = True
        self._update_title()

    def append_page(self, rows: list[dict], has_more: bool) -> None:
        """Older rows below the window (they sort after everything shown)."""
        for row in rows:
            self._add(row)
        self.has_more = has_more
        self.loading_more = False
        self._update_title()

    def oldest(self) -> tuple[str, int] | None:
        if not self.row_count:
            return None
        last = self.get_row_at(self.row_count - 1)
        order = next(c.order for c in last if isinstance(c, cells.SortText))
        return order

    def add_live(self, rows: list[dict]) -> list[str]:
        """Insert rows that just arrived, keeping the cursor on its row and the view where it was."""
        if not rows:
            return []
        self.max_id = max(self.max_id, max(r["id"] for r in rows))
        oldest = self.oldest()
        cursor_key = self.cursor_key()
        offset = self.cursor_row - round(self.scroll_y) if cursor_key else 0
        added = []
        for row in rows:
            # A row older than the bottom of a partial window belongs to a page not loaded yet.
            if self.has_more and oldest is not None and (row["time"] or "", row["id"]) < oldest:
                continue
            key = str(row["id"])
            if key in self.rows_by_key:
                continue
            self.unseen.add(key)
            if self._add(row):
                added.append(key)
        if added:
            self._sort()
            index = self.get_row_index(cursor_key) if cursor_key is not None else 0
            self._drop_oldest(keep=max(self.live_window, index + PAGE_MARGIN + 1))
            if cursor_key is not None:
                self.move_cursor(row=index, animate=False, scroll=False)
                self.scroll_to(y=max(0, index - offset), animate=False, immediate=True)
            added = [key for key in added if key in self.rows_by_key]
        self._update_title()
        return added

    def _drop_oldest(self, keep: int) -> None:
        """Keep the newest `keep` rows; the older ones stay in the archive for paging."""
        excess = self.row_count - keep
        if excess <= 0:
            return
        order = [row.key.value for row in self.ordered_rows]
        for key in order[keep:]:
            self.rows_by_key.pop(key, None)
            self.unseen.discard(key)
        if excess <= 20:
            for key in order[keep:]:
                self.remove_row(key)
        else:  # remove_row costs a pass over every row: rebuild instead
            self.clear()
            for key in order[:keep]:
                self.add_row(*self._cells(self.rows_by_key[key], key), key=key)
        self.has_more = True

    def apply_marks(self, marks: dict[int, tuple]) -> None:
        """Bring read/starred/note up to date; drop rows that no longer exist."""
        cursor_key = self.cursor_key()
        gone = []
        for key, row in self.rows_by_key.items():
            current = marks.get(row["id"])
            if current is None:
                gone.append(key)
                continue
            if (row.get("read"), row.get("starred"), row.get("note")) != current:
                row["read"], row["starred"], row["note"] = current
                self.redraw_row(key)
        if gone:
            offset = self.cursor_row - round(self.scroll_y)
            for key in gone:
                self.rows_by_key.pop(key, None)
                self.unseen.discard(key)
                if key in self.rows:
                    self.remove_row(key)
            if cursor_key is not None and cursor_key in self.rows:
                index = self.get_row_index(cursor_key)
                self.move_cursor(row=index, animate=False, scroll=False)
                self.scroll_to(y=max(0, index - offset), animate=False, immediate=True)
            self._update_title()

    # -- the row under the cursor ---------------------------------------------------------------

    def cursor_key(self) -> str | None:
        if not self.row_count:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except Exception:
            return None

    def current(self) -> dict | None:
        key = self.cursor_key()
        return self.rows_by_key.get(key) if key else None

    def mark_seen(self, key: str | None) -> None:
        if key and key in self.unseen:
            self.unseen.discard(key)
            self.redraw_row(key)
            self._update_title()

    def mark_all_seen(self) -> None:
        keys = list(self.unseen)
        self.unseen.clear()
        for key in keys:
            self.redraw_row(key)
        self._update_title()

    def set_marks(self, key: str, **marks) -> None:
        row = self.rows_by_key.get(key)
        if row is not None:
            row.update(marks)
            self.redraw_row(key)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.mark_seen(event.row_key.value)
        if self.has_more and not self.loading_more and event.cursor_row >= self.row_count - PAGE_MARGIN:
            self.loading_more = True
            self.post_message(self.NeedsPage(self))
