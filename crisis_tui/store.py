"""The archive: one SQLite file shared by the poller and any number of viewers (WAL mode).

`open_db` is the only way in: it creates the directory (0700) and file (0600), turns on WAL, a
busy timeout and foreign keys, applies pending migrations and refuses a database written by a
newer crisis-tui. Writes go through `crisis_tui.ingest`; viewers only read (and set marks).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

from crisis_tui.errors import StoreError  # noqa: F401 (part of this module's interface)
from crisis_tui.migrations import migrations
from crisis_tui.times import iso, now_iso, parse_iso, utcnow  # noqa: F401 (likewise)

BUSY_TIMEOUT_MS = 30_000




# Python's sqlite3 binds str, int and float directly, but sends every other parameter, None
# included, through its adapter protocol: with no adapter registered for it, a None costs a
# failed class attribute lookup whose AttributeError message is formatted and thrown away
# (about 2,000 instructions). An event row binds fifteen Nones. With this identity adapter a
# None is one dict lookup and a call: an insert of ten Nones went from 7.1 to 3.8 us. The
# registry is the sqlite3 module's, for the whole process; None still binds as NULL.
sqlite3.register_adapter(type(None), lambda value: value)


def connect(path: str | os.PathLike) -> sqlite3.Connection:
    """A raw connection with the archive's pragmas (no migrations)."""
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None,
                           check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def open_db(path: str | os.PathLike, *, migrate: bool = True) -> Database:
    """Open (creating if needed) the archive at `path`, migrated to the current schema."""
    path = Path(path)
    if str(path) != ":memory:":
        if not path.parent.exists():
            path.parent.mkdir(parents=True, mode=0o700, exist_ok=True)
        if not path.exists():
            # Create the file with owner-only permissions before SQLite opens it.
            fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
            os.close(fd)
    try:
        conn = connect(path)
        db = Database(conn)
        mode = conn.execute("PRAGMA journal_mode").fetchone()[0]
        if mode != "wal":
            conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: cannot open the archive: {exc}") from None
    check_schema(db, path)
    if migrate and migrations.pending(db):
        try:
            migrations.apply(db)
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{path}: cannot upgrade the archive: {exc}") from None
    return db


def known_migrations() -> list[str]:
    return [m.name for m in migrations._migrations]


def check_schema(db: Database, path) -> None:
    """Refuse an archive that a newer crisis-tui has migrated further than we know."""
    try:
        applied = [m.name for m in migrations.applied(db)]
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: not a crisis-tui archive: {exc}") from None
    unknown = [name for name in applied if name not in known_migrations()]
    if unknown:
        raise StoreError(
            f"{path}: this archive was written by a newer crisis-tui (schema {unknown[-1]}); "
            "upgrade crisis-tui to open it. Nothing was changed."
        )


def schema_version(db: Database) -> str | None:
    applied = migrations.applied(db)
    return applied[-1].name if applied else None


# --------------------------------------------------------------------------------------------
# Plain-SQL row writes for the hot paths (sqlite-utils' insert()/update() introspect the table
# on every call, which dominated a poll round)


@contextlib.contextmanager
def write_transaction(db: Database):
    """A transaction that takes the write lock first (BEGIN IMMEDIATE, waiting up to the busy timeout).

    sqlite-utils' atomic() begins DEFERRED: a transaction that reads first and writes later
    cannot upgrade its snapshot once another connection (the dashboard setting a mark) has
    committed, and SQLite answers "database is locked" at once, without waiting.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.conn.execute("ROLLBACK")
        raise
    if db.conn.in_transaction:  # not when SQLite already rolled it back (the caller was told)
        db.conn.execute("COMMIT")


def insert_row(db: Database, table: str, values: dict) -> int:
    cols = ", ".join(f"[{k}]" for k in values)
    marks = ", ".join("?" * len(values))
    return db.conn.execute(f"INSERT INTO [{table}] ({cols}) VALUES ({marks})", list(values.values())).lastrowid


def update_row(db: Database, table: str, row_id: int, values: dict) -> None:
    if values:
        cols = ", ".join(f"[{k}] = ?" for k in values)
        db.conn.execute(f"UPDATE [{table}] SET {cols} WHERE id = ?", [*values.values(), row_id])


# --------------------------------------------------------------------------------------------
# Feeds


def sync_feeds(db: Database, settings) -> None:
    """Make the feeds table match the configuration (new feeds added, removed ones disabled).

    Health columns and validators are kept; a URL changed in feeds.yaml resets the validators
    and the URL learnt from a 301.
    """
    configured = {f.name for f in settings.feeds}
    with write_transaction(db):
        for f in settings.feeds:
            row = db.execute("SELECT id, config_url, path FROM feeds WHERE name = ?", [f.name]).fetchone()
            values = {
                "kind": "http" if f.url else "file",
                "path": str(f.path) if f.path else None,
                "enabled": int(f.enabled),
                "tags": json.dumps(list(f.tags)),
                "interval_s": f.interval if f.interval is not None else settings.poll.interval,
            }
            if row is None:
                insert_row(db, "feeds", {"name": f.name, "url": f.url, "config_url": f.url, **values})
            else:
                if row[1] != f.url or row[2] != values["path"]:
                    values.update(url=f.url, config_url=f.url, etag=None, last_modified=None,
                                  body_hash=None, next_poll=None)
                update_row(db, "feeds", row[0], values)
        for (fid, name) in db.execute("SELECT id, name FROM feeds WHERE enabled = 1").fetchall():
            if name not in configured:
                update_row(db, "feeds", fid, {"enabled": 0})


def feed_rows(db: Database, enabled_only: bool = False) -> list[dict]:
    where = "WHERE enabled = 1" if enabled_only else ""
    return list(db.query(f"SELECT * FROM feeds {where} ORDER BY name"))
