"""Analyst marks: read/unread, starred and a free-text note on articles and events.

Marks live in the archive (columns `read`, `starred`, `note` of `articles` and `events`), so every
viewer of the same file sees them and they survive a restart. Marks are the one thing viewers
write; each call is its own short transaction.
"""

from __future__ import annotations

from typing import Iterable

from crisis_tui.models import EVENT_KINDS
from crisis_tui.sanitize import clean_text
from crisis_tui.store import write_transaction

MARKABLE = ("articles", "events")
# "wire" is the pane of all articles; the others are the event panes.
PANES = (*EVENT_KINDS, "wire")
MAX_NOTE = 4_000
_CHUNK = 500  # ids per statement (SQLite's parameter limit is far above; keeps statements small)


def _check_table(table: str) -> str:
    if table not in MARKABLE:
        raise ValueError(f"marks apply to {' or '.join(MARKABLE)}, not {table!r}")
    return table


def set_read(db, table: str, ids: Iterable[int], read: bool = True) -> int:
    """Mark rows read (or unread). Returns how many rows changed."""
    _check_table(table)
    ids = [int(i) for i in ids]
    changed = 0
    with write_transaction(db):  # IMMEDIATE: a read-then-write must not fail when the poller commits
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i:i + _CHUNK]
            marks = ",".join("?" * len(chunk))
            cur = db.execute(f"UPDATE {table} SET read = ? WHERE id IN ({marks}) AND read != ?",
                             [int(read), *chunk, int(read)])
            changed += cur.rowcount
    return changed


def toggle_star(db, table: str, id: int) -> bool:
    """Star an unstarred row, unstar a starred one; returns the new state."""
    _check_table(table)
    with write_transaction(db):  # IMMEDIATE: a read-then-write must not fail when the poller commits
        row = db.execute(f"SELECT starred FROM {table} WHERE id = ?", [int(id)]).fetchone()
        if row is None:
            raise KeyError(f"no row {id} in {table}")
        starred = not row[0]
        db.execute(f"UPDATE {table} SET starred = ? WHERE id = ?", [int(starred), int(id)])
    return starred


def set_star(db, table: str, id: int, starred: bool = True) -> None:
    """Set the star explicitly (the palette's star/unstar)."""
    _check_table(table)
    with write_transaction(db):  # IMMEDIATE: a read-then-write must not fail when the poller commits
        db.execute(f"UPDATE {table} SET starred = ? WHERE id = ?", [int(starred), int(id)])


def set_note(db, table: str, id: int, note: str | None) -> str | None:
    """Set (or clear, with an empty note) a row's note; returns the note as stored.

    Notes are sanitised like feed text: they end up in exports and on other people's screens.
    """
    _check_table(table)
    cleaned = clean_text(note, MAX_NOTE) if note is not None else ""
    stored = cleaned or None
    with write_transaction(db):  # IMMEDIATE: a read-then-write must not fail when the poller commits
        cur = db.execute(f"UPDATE {table} SET note = ? WHERE id = ?", [stored, int(id)])
        if cur.rowcount == 0:
            raise KeyError(f"no row {id} in {table}")
    return stored


def mark_all_read(db, kind: str) -> int:
    """Mark everything in a pane read: 'wire' (all articles) or an event kind. Returns rows changed."""
    if kind not in PANES:
        raise ValueError(f"unknown pane {kind!r}: use one of {', '.join(PANES)}")
    with write_transaction(db):  # IMMEDIATE: a read-then-write must not fail when the poller commits
        if kind == "wire":
            cur = db.execute("UPDATE articles SET read = 1 WHERE read = 0")
        else:
            cur = db.execute("UPDATE events SET read = 1 WHERE kind = ? AND read = 0", [kind])
    return cur.rowcount


def marks_of(db, table: str, id: int) -> dict | None:
    """{'read', 'starred', 'note'} of one row, or None when it does not exist."""
    _check_table(table)
    row = db.execute(f"SELECT read, starred, note FROM {table} WHERE id = ?", [int(id)]).fetchone()
    return None if row is None else {"read": bool(row[0]), "starred": bool(row[1]), "note": row[2]}
