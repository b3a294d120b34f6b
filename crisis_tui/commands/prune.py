"""crisis-tui prune --older-than 90d: remove old unstarred articles with their events, reclaim space."""

from __future__ import annotations

import sys

from crisis_tui.display import safe


def add_arguments(parser):
    parser.add_argument("--older-than", required=True, metavar="DURATION",
                        help="remove articles published (and stored) longer ago than this: 90d, 12w, 36h")
    parser.add_argument("--dry-run", action="store_true", help="only say what would be removed")
    parser.add_argument("--no-vacuum", action="store_true", help="skip VACUUM (space is then reused, not returned)")


def run(args, ctx) -> int:
    from crisis_tui.config import parse_duration
    from crisis_tui.prune import prune_archive
    from crisis_tui.store import open_db

    try:
        seconds = parse_duration(args.older_than)
    except ValueError:
        print(f"crisis-tui prune: --older-than {safe(args.older_than, 40)!s} is not a duration like 90d, 12w or 36h",
              file=sys.stderr)
        return 2
    db = open_db(ctx.db_path)
    r = prune_archive(db, seconds, dry_run=args.dry_run, vacuum=not args.no_vacuum)
    verb = "would remove" if args.dry_run else "removed"
    print(f"{verb} {r.articles} articles and {r.events} events published before {r.cutoff}; "
          f"kept {r.kept_starred} old starred articles")
    if not args.dry_run:
        mb = lambda n: f"{n / 1e6:.1f} MB"  # noqa: E731
        print(f"archive {mb(r.bytes_before)} -> {mb(r.bytes_after)}"
              + ("" if r.vacuumed or args.no_vacuum else f" (VACUUM skipped: {safe(r.vacuum_error)})"))
    return 0
