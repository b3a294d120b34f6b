"""crisis-tui tag: tag one text (a file or stdin), or a JSONL file of texts, with the tagger."""

from __future__ import annotations

import json
import sys

from crisis_tui.sanitize import clean_text


def add_arguments(parser):
    parser.add_argument("file", nargs="?", default="-", metavar="FILE", help="text to tag (default: - for stdin)")
    parser.add_argument("--json", action="store_true", help="print the tagging as JSON")
    parser.add_argument("--jsonl", metavar="IN.jsonl", help='tag each {"id", "text"} line; one JSON object per line out, same order')


def _safe(s, limit=2000) -> str:
    return clean_text(s, limit, single_line=True)


def readable(tagging) -> str:
    """The tagging as terminal-safe text: labels with evidence, then one line per event."""
    lines = []
    scores = "  ".join(f"{k} {v:.2f}" for k, v in tagging.scores.items())
    lines.append(f"labels: {', '.join(tagging.label_names) or '(none)'}    scores: {scores}")
    for label in tagging.labels:
        for ev in label.evidence:
            phrases = f"  [{', '.join(_safe(p, 80) for p in ev.phrases)}]" if ev.phrases else ""
            lines.append(f"  {label.name}: {_safe(ev.sentence, 300)}{phrases}")
    if tagging.events:
        lines.append("events:")
    for e in tagging.events:
        d = e.to_dict()
        fields = []
        for k, v in d.items():
            if k in ("kind", "sentence", "span", "phrases") or v in (None, [], ""):
                continue
            if isinstance(v, dict):
                v = ", ".join(f"{a}={b}" for a, b in v.items() if b is not None)
            elif isinstance(v, list):
                v = ", ".join(map(str, v))
            fields.append(f"{k}={_safe(v, 200)}")
        lines.append(f"  {e.kind:9s} {'; '.join(fields)}")
        lines.append(f"            \u2190 {_safe(e.sentence, 300)}")
    return "\n".join(lines)


def run(args, ctx) -> int:
    from crisis_tui.tagger import Tagger

    tagger = Tagger(ctx.settings.actors, ctx.settings.places)
    if args.jsonl:
        try:
            fh = sys.stdin if args.jsonl == "-" else open(args.jsonl, encoding="utf-8")
        except OSError as exc:
            print(f"crisis-tui tag: {exc}", file=sys.stderr)
            return 2
        with fh:
            out = sys.stdout
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    item = json.loads(line)
                    text = item["text"] if isinstance(item, dict) else None
                    if not isinstance(text, str):
                        raise KeyError("text")
                except (json.JSONDecodeError, KeyError, TypeError) as exc:
                    print(f"crisis-tui tag: {args.jsonl}:{n}: needs a JSON object with a text: {exc}", file=sys.stderr)
                    return 2
                out.write(json.dumps(tagger.tag(text).to_dict(item.get("id")), ensure_ascii=False) + "\n")
        return 0
    try:
        if args.file == "-":
            text = sys.stdin.read()
        else:
            with open(args.file, encoding="utf-8", errors="replace") as fh:
                text = fh.read()
    except OSError as exc:
        print(f"crisis-tui tag: {exc}", file=sys.stderr)
        return 2
    tagging = tagger.tag(text)
    if args.json:
        print(json.dumps(tagging.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(readable(tagging))
    return 0
