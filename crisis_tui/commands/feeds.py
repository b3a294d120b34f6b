"""crisis-tui feeds [--json]: every feed's health, with its last error in words."""

from __future__ import annotations

import json

from crisis_tui.display import safe


def add_arguments(parser):
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--all", action="store_true", help="include disabled feeds")


FIELDS = ("name", "kind", "url", "path", "enabled", "status", "last_attempt", "last_success", "last_error",
          "last_warning", "http_status", "consecutive_failures", "next_poll", "items_seen", "etag", "last_modified")


def run(args, ctx) -> int:
    from crisis_tui.store import feed_rows, open_db, sync_feeds

    db = open_db(ctx.db_path)
    sync_feeds(db, ctx.settings)
    rows = [r for r in feed_rows(db) if args.all or r["enabled"]]
    if args.json:
        print(json.dumps([{k: r.get(k) for k in FIELDS} for r in rows], indent=2, ensure_ascii=False))
        return 0
    for r in rows:
        when = (r["last_success"] or "never").replace("T", " ").replace("Z", "")
        status = r["status"] if r["enabled"] else "disabled"
        print(f"{status:<12} {safe(r['name'], 40):<40} last ok {when:<19}  next {(r['next_poll'] or 'now')[11:16]:<5}"
              + (f"  x{r['consecutive_failures']}" if r["consecutive_failures"] else ""))
        if r["last_error"]:
            print(f"{'':13}error: {safe(r['last_error'], 300)}")
        elif r["last_warning"]:
            print(f"{'':13}warning: {safe(r['last_warning'], 300)}")
    failing = sum(1 for r in rows if r["status"] == "error")
    print(f"{len(rows)} feeds, {failing} failing")
    return 0
