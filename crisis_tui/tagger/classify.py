"""Labels: a sentence scorer over cue features, and the article score built from its sentences.

Each sentence becomes a handful of features: the cue phrases the Aho-Corasick pass found in it,
the cue classes (event triggers, traps, negation and hypothetical words) and the kinds of actors
named. A regularised logistic model per label (weights in data/label_weights.json, fitted on
dev.jsonl by tools/train_labels.py) turns them into a probability. An article carries a label
when its best few sentences do: one meeting sentence in a refugee story is not diplomatic.
"""

from __future__ import annotations

import json
import math
from importlib import resources

from crisis_tui.models import LABELS
from crisis_tui.tagger.extract import Sentence


def sentence_features(s: Sentence) -> list[str]:
    """The features of one sentence (a set, as a list)."""
    feats: set[str] = set()
    countries = set()
    for h in s.hits:
        t = h.term
        if t.classes:
            feats.add("w:" + t.phrase)
            for c in t.classes:
                feats.add("c:" + c)
        if t.actor:
            if t.actor_type == "country":
                countries.add(t.actor)
            elif t.actor_type == "person":
                feats.add("a:person")
            else:
                feats.add("a:org")
                feats.add("a:org:" + t.actor)
    if countries:
        feats.add("a:country")
        if len(countries) > 1:
            feats.add("a:country2")
    if s.quotes:
        feats.add("q:quote")
    return list(feats)


def load_weights() -> dict[str, dict]:
    """{label: {"bias": float, "w": {feature: weight}}} from the package data."""
    raw = resources.files("crisis_tui.tagger").joinpath("data").joinpath("label_weights.json").read_text("utf-8")
    return json.loads(raw)["labels"]


def prior_weights(cue_weights: dict[tuple[str, str], float]) -> dict[str, dict]:
    """Hand weights straight from the lexicon: every cue of a label counts the same.

    Used for articles: the fitted weights learn the broad sentence-level codings of dev.jsonl
    ("killed" is humanitarian there), which over-label whole articles; an article needs several
    sentences of plain domain vocabulary instead.
    """
    out = {label: {"bias": -2.0, "w": {}} for label in LABELS}
    for (cls, phrase), weight in cue_weights.items():
        if cls in out:
            out[cls]["w"]["w:" + phrase] = 1.5
    for label in ("military", "diplomatic"):
        for trap in ("trap.sport", "trap.cyber", "trap.tech", "trap.business"):
            out[label]["w"]["c:" + trap] = -2.0
    return out


def _sigmoid(z: float) -> float:
    if z < -30:
        return 0.0
    if z > 30:
        return 1.0
    return 1.0 / (1.0 + math.exp(-z))


class LabelModel:
    """Sentence probabilities per label, and the article score from them."""

    def __init__(self, weights: dict[str, dict]):
        self.bias = {label: weights[label]["bias"] for label in LABELS}
        self.w = {label: weights[label]["w"] for label in LABELS}

    def sentence_logits(self, feats: list[str]) -> dict[str, float]:
        out = {}
        for label in LABELS:
            w = self.w[label]
            out[label] = self.bias[label] + sum(w.get(f, 0.0) for f in feats)
        return out

    def decisive(self, label: str, feats: list[str], limit: int = 5) -> tuple[str, ...]:
        """The phrase features that pushed this sentence towards the label most."""
        w = self.w[label]
        best = sorted((w.get(f, 0.0), f) for f in feats if f.startswith("w:") and w.get(f, 0.0) > 0.3)
        return tuple(f[2:] for _, f in reversed(best[-limit:]))

    @staticmethod
    def article_score(probs: list[float]) -> float:
        """Mean of the best k sentence probabilities, k growing with length up to 3."""
        if not probs:
            return 0.0
        n = len(probs)
        k = max(1, min(3, math.ceil(n / 4)))
        top = sorted(probs, reverse=True)[:k]
        return sum(top) / k
