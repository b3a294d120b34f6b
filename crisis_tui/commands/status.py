"""crisis-tui status: one short line for a tmux status bar (`2 critical, 1 warning · 5 new strikes`).

Only indexed counts are read, so it answers fast on a large archive; it never creates or
upgrades an archive (a missing one is reported as such, with exit status 1).
"""

from __future__ import annotations

# A tmux status bar runs this every few seconds: it reads only the archive, so it skips loading
# (and validating) feeds.yaml, which would double its start-up time.
READS_CONFIG = False

import sys

from crisis_tui.display import safe


def add_arguments(parser):
    parser.add_argument("--format", dest="status_format", choices=("text", "tmux", "json"), default="text",
                        help="text (default), tmux (with #[fg=...] colours) or json")


def run(args, ctx) -> int:
    import sqlite3

    from crisis_tui.alerts import status_line

    path = ctx.db_path
    if not path.exists():
        print("no archive yet" if args.status_format != "json" else '{"error": "no archive yet"}')
        return 1
    try:
        # A plain read-only connection: no migrations, no sqlite-utils import, nothing written.
        conn = _connect_read_only(path)
        print(status_line(conn, args.status_format))
    except sqlite3.DatabaseError as exc:
        print(f"crisis-tui status: {safe(exc)}", file=sys.stderr)
        return 1
    return 0


def _connect_read_only(path):
    """A plain read-only connection: no migrations, no sqlite-utils import, nothing written."""
    import sqlite3
    from urllib.parse import quote

    try:
        conn = sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True, timeout=5)
        conn.execute("SELECT 1 FROM alerts LIMIT 1")
    except sqlite3.OperationalError:
        # mode=ro cannot open a WAL archive whose -shm is missing; query_only still never writes.
        conn = sqlite3.connect(str(path), timeout=5)
    conn.execute("PRAGMA query_only = ON")
    return conn
