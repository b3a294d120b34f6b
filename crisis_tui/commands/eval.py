"""crisis-tui eval: score the tagger on a labelled JSONL file (dev.jsonl or news_dev.jsonl format)."""

from __future__ import annotations

import json
import sys

from crisis_tui.sanitize import clean_text


def add_arguments(parser):
    parser.add_argument("file", metavar="FILE.jsonl", help="labelled items: text, labels, events, optional scope")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--by", metavar="FIELD", help="also score each value of FIELD separately (e.g. source)")


def _table(name: str, res: dict) -> list[str]:
    lines = [f"{name}  ({res['items']} items)", f"  {'target':14s} {'P':>6s} {'R':>6s} {'F1':>6s} {'support':>8s}"]
    for t, v in res["targets"].items():
        lines.append(f"  {t:14s} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f} {v['support']:8d}")
    if res.get("macro_f1") is not None:
        lines.append(f"  {'macro F1':14s} {'':6s} {'':6s} {res['macro_f1']:6.3f}")
    if res.get("events"):
        lines.append("  matched events (kind + identifying fields)")
        for k, v in res["events"].items():
            lines.append(f"  {k:14s} {v['precision']:6.3f} {v['recall']:6.3f} {v['f1']:6.3f} {v['support']:8d}")
    return lines


def run(args, ctx) -> int:
    from crisis_tui.tagger import Tagger
    from crisis_tui.tagger.evaluate import score

    rows = []
    try:
        with open(args.file, encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.strip():
                    try:
                        rows.append(json.loads(line))
                    except json.JSONDecodeError as exc:
                        print(f"crisis-tui eval: {args.file}:{n}: not JSON: {exc}", file=sys.stderr)
                        return 2
    except OSError as exc:
        print(f"crisis-tui eval: {exc}", file=sys.stderr)
        return 2
    tagger = Tagger(ctx.settings.actors, ctx.settings.places)
    res = score(tagger, rows, by=args.by)
    if args.json:
        print(json.dumps(res, indent=2))
        return 0
    out = []
    for name, r in res.items():
        out.extend(_table(clean_text(name, 200, single_line=True), r))
        out.append("")
    print("\n".join(out).rstrip())
    return 0
