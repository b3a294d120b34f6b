"""Messages that cross the dashboard: what the background workers found in the archive."""

from __future__ import annotations

from dataclasses import dataclass, field

from textual.message import Message

from crisis_tui.views import Filters, StatusCounts


@dataclass
class PaneLoaded(Message):
    """A window (or one more page) of a pane's rows came back from the archive."""

    kind: str
    rows: list[dict]
    generation: int
    has_more: bool
    append: bool = False  # a page of older rows, below the window
    max_id: int = 0


@dataclass
class ArchiveChanged(Message):
    """Another commit landed: the new rows of each pane, current marks, status and new alerts."""

    filters: Filters
    generation: int
    new_rows: dict[str, list[dict]] = field(default_factory=dict)
    marks: dict[str, dict[int, tuple]] = field(default_factory=dict)
    status: StatusCounts | None = None
    alerts: list[dict] = field(default_factory=list)


@dataclass
class StatusUpdated(Message):
    """Fresh counts for the status line."""

    status: StatusCounts

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, StatusUpdated)


@dataclass
class AlertsFired(Message):
    """Alerts stored since the dashboard last looked (by this or any other process)."""

    alerts: list[dict]
