"""crisis-tui search QUERY: full-text search over the archive, ranked by relevance or by time."""

from __future__ import annotations

import json
import sys

from crisis_tui.display import safe


def add_arguments(parser):
    parser.add_argument("query", nargs="+", metavar="QUERY",
                        help='words, "phrases", prefix*, AND/OR/NOT (upper case) and parentheses')
    parser.add_argument("--kind", choices=("contact", "strike", "statement"),
                        help="list the events of this kind found in the matching articles")
    parser.add_argument("--label", choices=("military", "diplomatic", "humanitarian"), help="only articles with this label")
    parser.add_argument("--source", metavar="S", help="only articles from an outlet or feed whose name contains S")
    parser.add_argument("--since", metavar="DUR|DATE", help="published since a duration ago (2h, 7d) or a date (2025-06-13)")
    parser.add_argument("--until", metavar="DATE", help="published until this date (inclusive) or duration ago")
    parser.add_argument("--limit", type=int, default=50, metavar="N", help="at most N results (default 50)")
    parser.add_argument("--sort", choices=("rank", "time"), default="rank", help="best match first (rank) or newest first (time)")
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print a JSON array")
    out.add_argument("--jsonl", action="store_true", help="print one JSON object per line")


def run(args, ctx) -> int:
    from crisis_tui.search import QueryError, search, to_fts_query
    from crisis_tui.store import open_db

    query = " ".join(args.query)
    try:
        to_fts_query(query)  # a malformed query is refused before the archive is opened
        db = open_db(ctx.db_path)
        rows = search(db, query, kind=args.kind, label=args.label, source=args.source, since=args.since,
                      until=args.until, limit=args.limit, sort=args.sort)
    except QueryError as exc:
        print(f"crisis-tui search: {safe(exc, 300)}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif args.jsonl:
        for row in rows:
            print(json.dumps(row, ensure_ascii=False))
    else:
        _print_table(rows, args.kind)
    return 0


def _print_table(rows: list[dict], kind: str | None) -> None:
    for r in rows:
        when = (r.get("occurred") or r.get("published") or "")[:16].replace("T", " ")
        star = "*" if r["starred"] else " "
        if kind is None:
            labels = f" [{r['labels']}]" if r["labels"] else ""
            print(f"{star}{when}  {safe(r['source'] or r['feed_name'] or '', 24):<24} {safe(r['title'], 120)}{labels}")
        else:
            print(f"{star}{when}  {kind:<9} {safe(_event_line(r), 140)}  ({safe(r['source'] or '', 24)})")
        print(f"{'':18}{safe(r['snippet'], 200)}")
        if r.get("link"):
            print(f"{'':18}{safe(r['link'], 300)}")
    print(f"{len(rows)} result{'s' if len(rows) != 1 else ''}", file=sys.stderr)


def _event_line(r: dict) -> str:
    if r["kind"] == "contact":
        parties = ", ".join(r["parties"])
        return f"{parties or 'unnamed parties'} ({r['mode'] or 'contact'}, {r['status'] or 'reported'})"
    if r["kind"] == "strike":
        killed = f", {r['killed']} killed" if r["killed"] is not None else ""
        return f"{r['attacker'] or '?'} -> {r['target'] or '?'} ({r['weapon'] or 'unknown'}{killed})"
    return f"{r['speaker'] or '?'}: {r['quote'] or r['gist'] or r['sentence']}"
