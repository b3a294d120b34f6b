"""Scoring the tagger on labelled JSONL (dev.jsonl and news_dev.jsonl formats) and on the seeds.

Targets are the three labels and the three event kinds. An item is scored only on the targets
in its `scope` (all six when it has none); a target in scope and absent from `labels`/`events`
is a negative. When an item's gold events are records (news_dev), predicted events are also
matched to them one to one by kind and identifying fields: parties or people for contacts;
places, or attacker and target, for strikes; speaker or quote for statements.
"""

from __future__ import annotations

import re
from collections import defaultdict

from crisis_tui.models import EVENT_KINDS, LABELS

TARGETS = LABELS + EVENT_KINDS
_STOP = frozenset("the a an of in on at and to for from with by its their his her".split())
_BODY_WORDS = frozenset(
    """ministry office council forces force army military government agency organisation organization
    department committee guard corps centre center company foundation programme program fund union
    commission authority service court parliament navy police group""".split()
)


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": tp + fn, "tp": tp, "fp": fp, "fn": fn}


def _as_list(v) -> list:
    if v is None:
        return []
    if isinstance(v, (list, tuple)):
        return [x for x in v if x]
    return [v]


def _words(s: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", (s or "").lower()) if w not in _STOP}


class EventMatcher:
    """Decides whether a predicted event matches a gold record (names normalised both sides)."""

    def __init__(self, tagger):
        self.tagger = tagger

    def _actors(self, values) -> set[str]:
        out = set()
        for v in _as_list(values):
            for part in re.split(r"\s*,\s*", str(v)) if isinstance(v, str) and "," in v else [v]:
                out.add(self.tagger.normalise_actor(str(part)).lower())
        return out

    def _places(self, values) -> set[str]:
        return {self.tagger.normalise_place(str(v)).lower() for v in _as_list(values)}

    def _same_person(self, a: str, b: str) -> bool:
        """One speaker or person under two spellings ("Zelensky" / "Volodymyr Zelensky")."""
        a, b = self._canon(a), self._canon(b)
        if a == b:
            return True
        wa, wb = _words(a), _words(b)
        if not wa or not wb:
            return False
        if self._person_like(a) and self._person_like(b):
            # a surname alone names the person; two different bodies never share one
            return a.split()[-1] == b.split()[-1]
        small, big = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
        # "Foreign Ministry" inside "Iran Foreign Ministry"; one country word is not enough
        return len(small) >= 2 and small <= big

    def _canon(self, name: str) -> str:
        """Normalised name, with a leading demonym as its country ("Ukrainian Air Force")."""
        name = self.tagger.normalise_actor(name)
        words = name.split()
        lex = self.tagger.lexicon
        if len(words) > 1:
            c = lex.actor_alias.get(re.sub(r"(?:'s|’s)$", "", words[0]).lower())
            if c and lex.actor_type.get(c) == "country":
                name = " ".join([c] + words[1:])
        return name.lower()

    def _person_like(self, name: str) -> bool:
        lex = self.tagger.lexicon
        canon = lex.actor_alias.get(name)
        if canon is not None and lex.actor_type.get(canon) in ("country", "organisation"):
            return False
        return not (_words(name) & _BODY_WORDS)

    def matches(self, pred: dict, gold: dict) -> bool:
        if pred.get("kind") != gold.get("kind"):
            return False
        kind = gold["kind"]
        if kind == "contact":
            gp, pp = self._actors(gold.get("parties")), self._actors(pred.get("parties"))
            if gp and pp and len(gp & pp) / len(gp | pp) >= 0.5:
                return True
            gpe, ppe = _as_list(gold.get("people")), _as_list(pred.get("people"))
            hits = sum(1 for g in gpe if any(self._same_person(g, p) for p in ppe))
            return hits >= max(1, min(2, len(gpe)))
        if kind == "strike":
            gpl, ppl = self._places(gold.get("places")), self._places(pred.get("places"))
            # a country alone is too coarse to identify a strike when a city is named
            specific = {p for p in gpl if p not in self._countries()}
            if specific and specific & ppl:
                return True
            if not specific and gpl and gpl & ppl:
                return True
            ga, pa = self._actors(gold.get("attacker")), self._actors(pred.get("attacker"))
            if ga and pa and ga & pa:
                gt, pt = _words(str(gold.get("target") or "")), _words(str(pred.get("target") or ""))
                gt_actor = self._actors(gold.get("target"))
                pt_actor = self._actors(pred.get("target"))
                if gt & pt or gt_actor & pt_actor:
                    return True
            return False
        if kind == "statement":
            gs, ps = gold.get("speaker"), pred.get("speaker")
            if gs and ps and self._same_person(str(gs), str(ps)):
                return True
            gq, pq = gold.get("quote"), pred.get("quote")
            if gq and pq:
                a, b = _words(gq), _words(pq)
                if a and b and len(a & b) / min(len(a), len(b)) >= 0.6:
                    return True
            return False
        return False

    def _countries(self) -> set[str]:
        lex = self.tagger.lexicon
        return {c.lower() for c, k in lex.actor_type.items() if k == "country"}

    def match(self, preds: list[dict], golds: list[dict]) -> tuple[int, int, int, list]:
        """One-to-one maximum matching: (tp, fp, fn, [(gold, pred or None)]).

        Each gold record takes at most one prediction and each prediction at most one record;
        among all such pairings the largest is counted (augmenting paths), so the order of the
        predictions does not change the score.
        """
        edges = [[i for i, p in enumerate(preds) if self.matches(p, g)] for g in golds]
        owner: dict[int, int] = {}  # pred index -> gold index

        def augment(gi: int, seen: set) -> bool:
            for pi in edges[gi]:
                if pi in seen:
                    continue
                seen.add(pi)
                if pi not in owner or augment(owner[pi], seen):
                    owner[pi] = gi
                    return True
            return False

        for gi in range(len(golds)):
            augment(gi, set())
        by_gold = {gi: pi for pi, gi in owner.items()}
        pairs = [(g, preds[by_gold[gi]] if gi in by_gold else None) for gi, g in enumerate(golds)]
        tp = len(owner)
        return tp, len(preds) - tp, len(golds) - tp, pairs


def score(tagger, rows: list[dict], by: str | None = None) -> dict:
    """Per-target P/R/F1 (and event matching when gold events are records), optionally per group."""
    groups: dict[str, list[dict]] = defaultdict(list)
    for r in rows:
        groups["all"].append(r)
        if by:
            groups[f"{by}={r.get(by)}"].append(r)
    taggings = {id(r): tagger.tag(r.get("text", "")) for r in rows}
    out = {}
    matcher = EventMatcher(tagger)
    for name, items in groups.items():
        counts = {t: [0, 0, 0] for t in TARGETS}
        ev_counts = {k: [0, 0, 0] for k in EVENT_KINDS}
        has_records = False
        for r in items:
            tg = taggings[id(r)]
            scope = r.get("scope") or list(TARGETS)
            gold_events = r.get("events") or []
            gold_kinds = {e if isinstance(e, str) else e.get("kind") for e in gold_events}
            gold = set(r.get("labels") or []) | gold_kinds
            pred = set(tg.label_names) | {e.kind for e in tg.events}
            for t in scope:
                if t not in counts:
                    continue
                y, p = t in gold, t in pred
                counts[t][0] += y and p
                counts[t][1] += p and not y
                counts[t][2] += y and not p
            if gold_events and isinstance(gold_events[0], dict) or ("events" in r and not gold_events and "url" in r):
                has_records = True
                preds = [e.to_dict() for e in tg.events]
                for k in EVENT_KINDS:
                    tp, fp, fn, _ = matcher.match([p for p in preds if p["kind"] == k], [g for g in gold_events if g.get("kind") == k])
                    ev_counts[k][0] += tp
                    ev_counts[k][1] += fp
                    ev_counts[k][2] += fn
        targets = {t: prf(*c) for t, c in counts.items() if sum(c)}
        res = {"items": len(items), "targets": targets}
        scored = [v["f1"] for t, v in targets.items() if v["support"]]
        res["macro_f1"] = round(sum(scored) / len(scored), 4) if scored else None
        if has_records:
            res["events"] = {k: prf(*c) for k, c in ev_counts.items()}
        out[name] = res
    return out


def check_seeds(tagger, gold: dict, read_text) -> list[dict]:
    """For each seed document: labels exact? each gold event found? (`read_text(file)` -> text)."""
    matcher = EventMatcher(tagger)
    results = []
    for doc in gold["documents"]:
        tg = tagger.tag(read_text(doc["file"]))
        preds = [e.to_dict() for e in tg.events]
        _, _, fn, pairs = matcher.match(preds, doc["events"])
        results.append({
            "file": doc["file"],
            "labels_expected": sorted(doc["labels"]),
            "labels_found": sorted(tg.label_names),
            "labels_ok": sorted(doc["labels"]) == sorted(tg.label_names),
            "missing": [g for g, p in pairs if p is None],
            "found": len(pairs) - fn,
            "expected": len(pairs),
            "unwanted": [k["kind"] for k in doc.get("not_events", []) if any(p["kind"] == k["kind"] for p in preds)],
        })
    return results
