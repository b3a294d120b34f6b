"""crisis-tui export --format csv|jsonl|md: articles or events, or the Markdown situation report."""

from __future__ import annotations

import io
import sys

from crisis_tui.display import safe


def add_arguments(parser):
    parser.add_argument("--format", choices=("csv", "jsonl", "md"), default="csv",
                        help="csv or jsonl rows, or md for a situation report (default csv)")
    parser.add_argument("--kind", choices=("contact", "strike", "statement", "events"),
                        help="export events of this kind ('events': all kinds) instead of articles")
    parser.add_argument("--label", choices=("military", "diplomatic", "humanitarian"), help="only articles with this label")
    parser.add_argument("--source", metavar="S", help="only articles from an outlet or feed whose name contains S")
    parser.add_argument("--since", metavar="DUR|DATE", help="since a duration ago (2h, 7d) or a date (2025-06-13)")
    parser.add_argument("--until", metavar="DATE", help="until this date (inclusive)")
    parser.add_argument("--starred", action="store_true", help="only starred items")
    parser.add_argument("--search", metavar="QUERY", help="only articles matching this full-text query")
    parser.add_argument("--out", metavar="FILE", help="write to FILE instead of standard output")


def run(args, ctx) -> int:
    from crisis_tui.export import export_view, write_export
    from crisis_tui.search import QueryError
    from crisis_tui.store import open_db

    filters = dict(kind=args.kind, label=args.label, source=args.source, since=args.since, until=args.until,
                   starred=args.starred or None, query=args.search)
    try:
        db = open_db(ctx.db_path)
        if args.out:
            path = export_view(db, args.format, args.out, **filters)
            print(f"wrote {path}", file=sys.stderr)
        else:
            buf = io.StringIO()
            write_export(db, args.format, buf, **filters)
            sys.stdout.write(buf.getvalue())
            sys.stdout.flush()
    except QueryError as exc:
        print(f"crisis-tui export: {safe(exc, 300)}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"crisis-tui export: cannot write {safe(args.out)}: {safe(exc.strerror or exc)}", file=sys.stderr)
        return 1
    return 0
