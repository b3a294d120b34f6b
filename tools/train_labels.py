"""Fit the tagger's label weights (crisis_tui/tagger/data/label_weights.json) on dev.jsonl.

A logistic model per label over the tagger's own cue features (cue phrases, cue classes, actor
kinds, and the context classes ctx.* of cues.txt), L2-regularised, trained by full-batch gradient
descent in pure Python (1000 iterations: 300 had not converged). Only items whose `scope` holds
the label are used for it; context classes scoped to a label ("ctx.diplomatic.domestic") are
left out of the other labels' models (`scoped_out`). Prints k-fold (by item, with per-source figures) and
leave-one-source-out figures before writing the weights fitted on everything. Leave-one-source-
out is pessimistic here: most sources hold one class only for a label (m2e2_voa, rams and
wikievents have no military negatives; plover_gsr holds 126 of 142 diplomatic items), so the
held-out source is scored by a model that never saw its kind of negatives or positives.

    python tools/train_labels.py ../shared/eval/dev.jsonl [--write] [--folds 5] [--l2 1.0] [--seeds 4]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import sys
from collections import defaultdict
from pathlib import Path

from crisis_tui.models import LABELS
from crisis_tui.tagger import EVENT_FLOOR, Tagger, armed_strike, diplomatic_contact
from crisis_tui.tagger.classify import GATE_CAP, gate_open, item_trap_context, sentence_features

OUT = Path(__file__).resolve().parent.parent / "crisis_tui" / "tagger" / "data" / "label_weights.json"


def item_features(tagger: Tagger, text: str) -> list[str]:
    feats: set[str] = set()
    sents = tagger.sentences(text)
    trap_context = item_trap_context(sents)  # as Tagger.tag does
    for s in sents:
        if s.hits:
            feats.update(sentence_features(s, trap_context))
    return sorted(feats)


def scoped_out(tagger: Tagger) -> dict[str, frozenset[str]]:
    """Per label, the features it must not use: those of context classes scoped to other labels.

    A cue class named "ctx.<label>.<name>" (cues.txt) speaks about that label only: "protest" or
    "parliament" tell domestic politics from diplomacy, but the sources' codings of military
    differ on protests (one codes demonstrations as conflict), and a dashboard that calls a
    protest military would be wrong. Such a class, and the phrases that belong to scoped
    classes only, are left out of the other labels' models.
    """
    classes: dict[str, set[str]] = defaultdict(set)
    for cls, phrase in tagger.lexicon.cue_weights:
        classes[phrase].add(cls)
    out = {}
    for label in LABELS:
        def foreign(cls: str) -> bool:
            parts = cls.split(".")
            return len(parts) == 3 and parts[0] == "ctx" and parts[1] in LABELS and parts[1] != label
        drop = {"c:" + c for cs in classes.values() for c in cs if foreign(c)}
        drop |= {"w:" + p for p, cs in classes.items() if all(foreign(c) for c in cs)}
        out[label] = frozenset(drop)
    return out


def fit(samples: list[tuple[list[str], int]], l2: float, iters: int = 1000, lr: float = 0.5, min_count: int = 2,
        phrase_l2: float = 1.0):
    """Logistic regression by full-batch gradient descent: (bias, {feature: weight}).

    `phrase_l2` multiplies the L2 penalty of the phrase features ("w:..."): one phrase is seen
    in a handful of items, so its weight is shrunk harder than those of the cue classes, counts
    and conjunctions, which pool many phrases and generalise to phrases dev never showed.
    """
    counts: dict[str, int] = defaultdict(int)
    for feats, _ in samples:
        for f in feats:
            counts[f] += 1
    # features as list indices: the same sums in the same order as over dicts, in less time
    vocab = [f for f, c in counts.items() if c >= min_count]
    index = {f: i for i, f in enumerate(vocab)}
    n = len(samples)
    pos = sum(y for _, y in samples)
    # class weights: the positives of rare labels count more, so the optimum is not "never"
    # mild class weights: rare positives count a little more, without buying recall with noise
    wpos = (0.5 * n / max(1, pos)) ** 0.5
    wneg = (0.5 * n / max(1, n - pos)) ** 0.5
    data = [([index[f] for f in feats if f in index], y, wpos if y else wneg) for feats, y in samples]
    pen = [l2 * (phrase_l2 if f.startswith("w:") else 1.0) for f in vocab]
    w = [0.0] * len(vocab)
    b = 0.0
    exp = math.exp
    for it in range(iters):
        grad = [0.0] * len(vocab)
        gb = 0.0
        get = w.__getitem__
        for feats, y, cw in data:
            z = b + sum(map(get, feats))
            p = 1 / (1 + exp(-max(-30, min(30, z))))
            g = (p - y) * cw
            gb += g
            for i in feats:
                grad[i] += g
        b -= lr * gb / n
        w = [v - lr * (gi / n + pi * v / n) for v, gi, pi in zip(w, grad, pen)]
    w = dict(zip(vocab, w))
    return b, {f: round(v, 4) for f, v in w.items() if abs(v) > 1e-3}


def predict(b: float, w: dict[str, float], feats: list[str], label: str | None = None) -> float:
    """The probability the tagger gives (with `label`: capped as its gate does, classify.GATES)."""
    z = b + sum(w.get(f, 0.0) for f in feats)
    p = 1 / (1 + math.exp(-max(-30, min(30, z))))
    if label is not None and not gate_open(label, feats):
        p = min(p, GATE_CAP)
    return p


def prf(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(rows, folds_of, l2, label, by_source=None, totals=None):
    """Out-of-fold P/R/F1 for one label; `by_source` (a dict) collects [tp, fp, fn] per source,
    `totals` (a list) the [tp, fp, fn] of all items, added to what it holds."""
    tp = fp = fn = 0
    per_fold = defaultdict(list)
    for i, r in enumerate(rows):
        per_fold[folds_of(i, r)].append(i)
    for fold, idx in per_fold.items():
        test = set(idx)
        train = [(rows[j]["feats"], int(label in rows[j]["labels"])) for j in range(len(rows)) if j not in test]
        if not train or sum(y for _, y in train) == 0:
            continue
        b, w = fit(train, l2)
        for j in idx:
            y = label in rows[j]["labels"]
            p = predict(b, w, rows[j]["feats"], label)
            if rows[j].get("floor:" + label):
                p = max(p, EVENT_FLOOR)  # as Tagger.tag does (an item of one or two sentences)
            p = p >= 0.5
            tp += y and p
            fp += p and not y
            fn += y and not p
            if by_source is not None:
                c = by_source.setdefault(rows[j]["source"], [0, 0, 0])
                c[0] += y and p
                c[1] += p and not y
                c[2] += y and not p
    if totals is not None:
        totals[0] += tp
        totals[1] += fp
        totals[2] += fn
    return prf(tp, fp, fn)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("dev")
    ap.add_argument("--write", action="store_true")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--l2", type=float, default=1.0)
    ap.add_argument("--no-cv", action="store_true")
    # one 5-fold draw moves diplomatic F1 (142 items) by +-0.01 from draw to draw: compare
    # changes over several draws (the counts pooled)
    ap.add_argument("--seeds", type=int, default=1, help="k-fold CV repeated over this many fold draws")
    args = ap.parse_args(argv)
    tagger = Tagger()
    rows = [json.loads(line) for line in open(args.dev, encoding="utf-8") if line.strip()]
    for r in rows:
        r["feats"] = item_features(tagger, r["text"])
        # the event floors of Tagger.tag (its events do not depend on the label weights)
        events = tagger.tag(r["text"]).events
        r["floor:military"] = any(e.kind == "strike" and armed_strike(e) for e in events)
        r["floor:diplomatic"] = any(e.kind == "contact" and diplomatic_contact(e, tagger.lexicon.actor_type) for e in events)
    out = {}
    scoped = scoped_out(tagger)
    for label in LABELS:
        sub = [dict(r, feats=[f for f in r["feats"] if f not in scoped[label]]) for r in rows if label in r.get("scope", LABELS)]
        if not args.no_cv:
            per_source: dict[str, list[int]] = {}
            totals = [0, 0, 0]
            for seed in range(7, 7 + args.seeds):
                rnd = random.Random(seed)
                fold_id = {id(r): rnd.randrange(args.folds) for r in sub}
                evaluate(sub, lambda i, r, fold_id=fold_id: fold_id[id(r)], args.l2, label, per_source, totals)
            p, rc, f = prf(*totals)
            runs = f", {args.seeds} fold draws pooled" if args.seeds > 1 else ""
            print(f"{label:13s} {args.folds}-fold by item:        P={p:.3f} R={rc:.3f} F1={f:.3f}  (n={len(sub)}{runs})")
            for src, c in sorted(per_source.items()):
                sp, sr, sf = prf(*c)
                print(f"    {src:18s} P={sp:.3f} R={sr:.3f} F1={sf:.3f}  tp={c[0]} fp={c[1]} fn={c[2]}")
            p, rc, f = evaluate(sub, lambda i, r: r["source"], args.l2, label)
            print(f"{label:13s} leave-one-source-out: P={p:.3f} R={rc:.3f} F1={f:.3f}")
        b, w = fit([(r["feats"], int(label in r["labels"])) for r in sub], args.l2)
        out[label] = {"bias": round(b, 4), "w": dict(sorted(w.items()))}
    if args.write:
        OUT.write_text(json.dumps({"about": "fitted by tools/train_labels.py on dev.jsonl", "l2": args.l2, "labels": out}, indent=0, sort_keys=True) + "\n")
        print(f"wrote {OUT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
