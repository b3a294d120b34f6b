"""The status line: feeds, last poll, articles today, open alerts, who polls, filters, activity."""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, Sparkline, Static

from crisis_tui.models import LABELS
from crisis_tui.tui import cells
from crisis_tui.views import Filters, StatusCounts


class StatusLine(Vertical):
    """Two lines on top of the main screen."""

    DEFAULT_CSS = """
    StatusLine { height: 2; }
    StatusLine > #status-text { height: 1; }
    StatusLine > #activity { height: 1; }
    StatusLine Sparkline { width: 1fr; height: 1; margin-right: 1; }
    StatusLine .spark-label { width: auto; margin-right: 1; }
    StatusLine #filters-label { width: auto; margin-right: 1; text-style: bold reverse; display: none; }
    """

    def __init__(self, **kw):
        super().__init__(**kw)
        self.counts = StatusCounts()
        self.filters = Filters()
        self.polling = "offline"  # offline | polling | watching | starting
        self.colours = dict(cells.THEME_DEFAULTS)

    def compose(self) -> ComposeResult:
        yield Static(id="status-text", markup=False)
        with Horizontal(id="activity"):
            yield Label("", id="filters-label", markup=False)
            for label in LABELS:
                yield Label(cells.BADGES[label], classes="spark-label", id=f"spark-label-{label}")
                yield Sparkline([0] * 24, id=f"spark-{label}", summary_function=max)

    def on_mount(self) -> None:
        self.polling = getattr(self.app, "polling", self.polling)
        self.redraw()

    def update_counts(self, counts: StatusCounts) -> None:
        self.counts = counts
        if not self.is_mounted:
            return
        for label in LABELS:
            data = counts.activity.get(label) or [0] * 24
            self.query_one(f"#spark-{label}", Sparkline).data = data
            total = sum(data)
            self.query_one(f"#spark-label-{label}", Label).update(f"{cells.BADGES[label]} {total}")
        self.redraw()

    def set_filters(self, filters: Filters) -> None:
        self.filters = filters
        self.redraw()

    def set_polling(self, polling: str) -> None:
        self.polling = polling
        self.redraw()

    def redraw(self) -> None:
        if not self.is_mounted:
            return  # on_mount draws
        c = self.counts
        text = Text(no_wrap=True, overflow="ellipsis")
        text.append(f"feeds {c.feeds_ok} ok")
        if c.feeds_failing:
            text.append(f" {c.feeds_failing} failing", style=Style(color=self.colours["sev-critical"], bold=True))
        text.append(" · last poll ")
        text.append(cells.short_time(c.last_poll) if c.last_poll else "never")
        text.append(f" · today {c.articles_today}")
        text.append(" · alerts ")
        if c.open_alerts:
            crit = c.open_by_severity.get("critical", 0)
            text.append(str(c.open_alerts), style=Style(bold=True, color=self.colours["sev-warning"]))
            if crit:
                text.append(f" ({crit} crit)", style=Style(bold=True, color=self.colours["sev-critical"]))
        else:
            text.append("0")
        text.append(" · ")
        text.append(self._who_polls())
        self.query_one("#status-text", Static).update(text)
        label = self.query_one("#filters-label", Label)
        label.display = self.filters.active
        label.update(f"filter: {cells.clean(self.filters.describe())}" if self.filters.active else "")

    def _who_polls(self) -> str:
        if self.polling == "polling":
            return "polling"
        if self.polling == "starting":
            return "starting poll"
        others = [p for p in self.counts.pollers if p.get("id")]
        if self.polling == "watching":
            if others:
                return "polled by " + ", ".join(cells.clean(p["id"]) for p in others[:2])
            return "watching (nobody polls)"
        if others:
            return "offline · polled by " + ", ".join(cells.clean(p["id"]) for p in others[:2])
        return "offline"
