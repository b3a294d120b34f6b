"""crisis-tui import PATH...: import document files or folders into the archive once."""

from __future__ import annotations

import sys
from pathlib import Path

from crisis_tui.display import safe


def add_arguments(parser):
    parser.add_argument("paths", nargs="+", metavar="PATH", help="a document file (.txt, .md, .html) or a folder of them")


def run(args, ctx) -> int:
    from crisis_tui.ingest import Ingestor
    from crisis_tui.poller import import_documents
    from crisis_tui.store import open_db

    db = open_db(ctx.db_path)
    ingestor = Ingestor.from_settings(db, ctx.settings)
    missing = [p for p in args.paths if not Path(p).exists()]
    for p in missing:
        print(f"crisis-tui import: {safe(p)}: no such file or folder", file=sys.stderr)
    result, skipped = import_documents(db, ingestor, [Path(p) for p in args.paths if Path(p).exists()])
    for why in skipped:
        print(f"skipped: {safe(why)}", file=sys.stderr)
    print(f"imported: {len(result.new)} new, {len(result.updated)} updated, {result.seen} unchanged, "
          f"{len(skipped)} skipped; {len(result.events)} events")
    return 1 if missing and not (result.new or result.updated or result.seen) else 0
