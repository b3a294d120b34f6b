"""Time as the archive stores it: UTC, ISO 8601 with a Z, second precision.

Its own module (re-exported by crisis_tui.store) so the parser in a worker process can use it
without importing the store and sqlite-utils.
"""

from __future__ import annotations

from datetime import datetime, timezone


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def iso(dt: datetime | None) -> str | None:
    """A datetime as the archive stores it: ISO 8601 UTC with a Z, second precision."""
    if dt is None:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    dt = dt.astimezone(timezone.utc)
    # four-digit years always (strftime writes year 1 as "1-01-01"), so the text sorts as time
    return f"{dt.year:04d}-{dt:%m-%dT%H:%M:%S}Z"


def now_iso() -> str:
    return iso(utcnow())


def parse_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)
