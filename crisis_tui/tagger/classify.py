"""Labels: a sentence scorer over cue features, and the article score built from its sentences.

Each sentence becomes a handful of features: the cue phrases the Aho-Corasick pass found in it,
the cue classes (event triggers, traps, negation and hypothetical words), how many distinct cues
of each label it holds, a few conjunctions that a linear model cannot form by itself (violence
words with and without a trap context) and the kinds of actors named. The context classes of
cues.txt (ctx.violence, ctx.relief, ctx.development, ctx.diplomatic.*) are features like any
other class, but no label cue: they carry fitted weights only, and the article prior ignores them. A regularised logistic
model per label (weights in data/label_weights.json, fitted on dev.jsonl by
tools/train_labels.py) turns them into a probability.

Texts of one or two sentences (a feed item's title and summary, the sentences of dev.jsonl) take
the fitted model as it is. Longer texts use weights shrunk towards the hand cue lexicon
(`article_weights`): the fitted weights carry the broad codings of dev.jsonl's sources ("killed"
is humanitarian in a disaster data set), which over-label whole articles. And an article carries
a label only when at least two of its sentences do (`LabelModel.article_score`): one meeting
sentence in a refugee story is not diplomatic, one quoted "siege" in a missile story is not
humanitarian.
"""

from __future__ import annotations

import json
import math
import sys
from importlib import resources
from math import exp

from crisis_tui.models import LABELS
from crisis_tui.tagger.extract import Sentence
from crisis_tui.tagger.lexicon import CONTACT

# trap contexts that close the military and humanitarian gates to their common words (GATES);
# sport is left to the event extractors (a "team" of doctors, the "final" days of a war)
GATE_TRAPS = frozenset(("trap.crime", "trap.accident", "trap.business", "trap.tech", "trap.cyber"))

# share of the fitted weights in the article weights; the rest is the hand lexicon prior
ARTICLE_FIT_SHARE = 0.5

# label -> its count features by the count of its cue phrases (1, 2, 3 or more)
_K = {label: (None, f"k:{label}:1", f"k:{label}:2", f"k:{label}:3") for label in LABELS}

# A label needs some of its own vocabulary in the sentence: the feature that opens its gate.
# Without it, context alone (a plan, "will", a person, business words) cannot make
# the sentence that label: its probability is capped at GATE_CAP. Fitted on dev.jsonl alone the
# models learn that context is a cue there (its diplomatic items are nearly all diplomacy), and
# a weather report with "will" came out diplomatic.
#
# Which vocabulary counts was read off the saved real feeds (issue #3): a word of the label's
# cue list is not enough when it is common outside the domain. Each gate is one feature "g:<label>"
# (sentence_features), open when the sentence holds
# - military: a word that is armed force whatever the context (cues.txt gate.military: troops,
#   missile, militants...), or any military cue, strike trigger or violence word in a sentence
#   without a trap context (crime, business, accident, sport...): "attack on a woman, husband
#   held", "hit by tariffs", "court battle" are not war;
# - diplomatic: a word that is diplomacy whatever the context (gate.diplomatic: embassy, envoy,
#   summit...), two countries (a person of the gazetteer counts for the country it acts for:
#   "Macron spoke with Pezeshkian"), or a diplomatic cue, contact trigger or diplomatic title with a
#   country or an organisation: a chief minister's meeting, a company's talks or a state's
#   "sanctioned" funds are not;
# - humanitarian: a word that is humanitarian work or need whatever the context
#   (gate.humanitarian: refugees, displaced, famine...), a natural disaster, or another
#   humanitarian or relief cue (killed, injured, children, hospital, families) in a sentence
#   without a trap context or with armed force in it ("gunmen shot dead three villagers, police
#   said"): a road accident, a murder or bonds "coming to the rescue" are not humanitarian news.
GATES = {
    "military": "g:military",
    "diplomatic": "g:diplomatic",
    "humanitarian": "g:humanitarian",
}
GATE_CAP = 0.25


def gate_open(label: str, feats) -> bool:
    """Whether the features hold some of the label's own vocabulary (see GATES)."""
    return GATES[label] in feats


# the strike classes of a trigger that is only a verb of hitting, launching or damaging
_WEAK_STRIKE = ("ev.strike.unknown",)
# of those, the words for an attack itself: armed force when a country is named with them
_ATTACK_NOUNS = frozenset(("attack", "attacks", "strike", "strikes"))

SHORT_ITEM = 3  # sentences: up to this many, a trap context anywhere is the whole text's


def item_trap_context(sents: list[Sentence]) -> bool:
    """A feed item is one context: "Couple killed in road accident" + "A couple were killed when
    the car hit a tree" is an accident in both sentences (sentence_features' `trap_context`)."""
    if len(sents) > SHORT_ITEM:
        return False
    for s in sents:  # (a loop, not any() over a generator: most sentences have no trap class)
        if s.traps and not GATE_TRAPS.isdisjoint(s.traps):
            return True
    return False


def sentence_features(s: Sentence, trap_context: bool = False) -> set[str]:
    """The features of one sentence. `trap_context`: the text around it (a feed item's title,
    for its summary) has a crime, accident or market context (GATE_TRAPS)."""
    return features_of((s,), trap_context, False)[0]


def features_of(sents, trap_context: bool = False, hits_only: bool = True) -> list:
    """`sentence_features(s, trap_context)` of each sentence, in one call (Tagger.tag; a call per
    sentence cost ~500 instructions). `hits_only`: a sentence without hits has none (an empty
    list; most of its features come from hits)."""
    out = []
    for s in sents:
        if hits_only and not s.hits:
            out.append([])
            continue
        # the hits' label features in hit order, made a set at the end: the same additions in the
        # same order as a set.update per hit (so the same set), without a call per hit
        found: list[str] = []
        # the countries named: the first, and whether another one is too (no set: most sentences
        # name one or none)
        country = None
        countries2 = False
        # the country of the first person named for a country (Term.side), and whether another
        # person's is another: for the diplomatic gate only
        side = None
        sides2 = False
        keys: list[tuple[str, str]] = []  # (label, cue phrase), made a set like `found`
        violent = trapped = armed = attack = False
        # a trap context other than sport and nature: a crime, an accident, markets
        elsewhere = trap_context
        for h in s.hits:
            t = h.term
            if t.label_feats:
                found += t.label_feats
                if t.cue_keys:
                    keys += t.cue_keys
                if t.violence:  # a strike trigger or a violence trap: a few hits
                    if t.strike:
                        violent = True
                        # a trigger that is only a verb of hitting or launching ("launches",
                        # "targets", "hit", "damaged"), not a cue of armed force: a product launch,
                        # a tariff that hits, a storm that damaged crops
                        if t.strike != _WEAK_STRIKE or "military" in t.labels:
                            armed = True
                        elif t.phrase in _ATTACK_NOUNS:
                            attack = True
                    if t.violence_trap:
                        trapped = True
                        for c in t.traps:
                            if c in GATE_TRAPS:
                                elsewhere = True
            # (a country or a person's side is a name's: Term.named, one test for the two thirds of
            # the hits that name no one)
            if t.named:
                if t.country is not None:
                    if country is None:
                        country = t.country
                    elif t.country != country:
                        countries2 = True
                elif t.side is not None:
                    if side is None:
                        side = t.side
                    elif t.side != side:
                        sides2 = True
        feats = set(found)
        # how much of a label's vocabulary the sentence holds: one word is a mention, three a topic
        military = humanitarian = False
        if keys:
            if len(keys) == 1:
                # one cue (a quarter of the sentences with any): its label's count is 1, without a
                # set of the keys and a count per label
                labels_in = (keys[0][0],)
                feats.add(_K[labels_in[0]][1])
            elif len(keys) == 2 and keys[0][0] == keys[1][0]:
                # two of one label (a sixth): 1 or 2, as the two are one phrase or two
                labels_in = (keys[0][0],)
                feats.add(_K[labels_in[0]][1 if keys[0] == keys[1] else 2])
            else:
                keys = set(keys)
                # The labels the keys hold are those whose class feature the sentence has (a
                # phrase is a cue of a label when the label is a class of its term): one label
                # (a third of these sentences) counts all the keys, and of two (nearly all the
                # others) the one the set gives first is counted and added first, the other
                # counts the rest. (A count per key in a dict cost ~8K instructions a sentence.)
                m = "c:military" in feats
                d = "c:diplomatic" in feats
                h = "c:humanitarian" in feats
                if m + d + h == 1:
                    label = "military" if m else "diplomatic" if d else "humanitarian"
                    n = len(keys)
                    feats.add(_K[label][n if n < 3 else 3])
                    labels_in = (label,)
                elif m and d and h:
                    counts: dict[str, int] = {}
                    for label, _ in keys:
                        counts[label] = counts.get(label, 0) + 1
                    for label, n in counts.items():
                        feats.add(_K[label][n if n < 3 else 3])
                    labels_in = counts
                else:
                    for first, _ in keys:
                        break
                    n = 0
                    for label, _ in keys:
                        if label == first:
                            n += 1
                    feats.add(_K[first][n if n < 3 else 3])
                    if first == "military":
                        other = "diplomatic" if d else "humanitarian"
                    elif first == "diplomatic":
                        other = "military" if m else "humanitarian"
                    else:
                        other = "military" if m else "diplomatic"
                    n = len(keys) - n
                    feats.add(_K[other][n if n < 3 else 3])
                    labels_in = (first, other)
            military = "military" in labels_in
            humanitarian = "humanitarian" in labels_in
        else:
            labels_in = ()
        if violent:
            feats.add("x:violence+trap" if trapped else "x:violence")
            if military and not trapped:
                feats.add("x:violence+military")
        if military and humanitarian:
            feats.add("x:military+humanitarian")
        if attack and country is not None:
            armed = True  # "Israel strikes southern Syria", "Ukrainian attacks"
        if country is not None:
            feats.add("a:country")
            if countries2:
                feats.add("a:country2")
        # the gates (GATES)
        if "c:gate.military" in feats or (
            not elsewhere and "c:trap.nature" not in feats and (military or armed or "c:ctx.violence" in feats)
        ):
            feats.add("g:military")
        if side is not None and country is not None and country != side:
            sides2 = True  # a person and another country: "Macron spoke with Iran's president"
        if "c:gate.diplomatic" in feats or countries2 or sides2 or (
            (country is not None or "a:org" in feats)
            and ("diplomatic" in labels_in or s.kinds & CONTACT or "c:actor.diplomatic" in feats)
        ):
            feats.add("g:diplomatic")
        if "c:gate.humanitarian" in feats or "c:trap.nature" in feats or (
            (humanitarian or "c:ctx.relief" in feats) and (not elsewhere or "c:gate.military" in feats)
        ):
            feats.add("g:humanitarian")
        if s.quotes:
            feats.add("q:quote")
        out.append(feats)
    return out


def load_weights() -> dict[str, dict]:
    """{label: {"bias": float, "w": {feature: weight}}} from the package data."""
    raw = resources.files("crisis_tui.tagger").joinpath("data").joinpath("label_weights.json").read_text("utf-8")
    return json.loads(raw)["labels"]


def prior_weights(cue_weights: dict[tuple[str, str], float], fitted: dict[str, dict] | None = None) -> dict[str, dict]:
    """Article weights: the hand lexicon prior, blended with the fitted weights when given.

    The prior counts every cue of a label the same and makes traps (sport, business, tech,
    cyber, accidents, weather) count against military and diplomatic. Blending the fitted
    weights in (`ARTICLE_FIT_SHARE` of them) keeps what the data taught about context words
    while the prior keeps whole articles from inheriting one data set's coding habits. Linear
    logits blend exactly, so the result is again one weight table.
    """
    prior = {label: {"bias": -2.0, "w": {}} for label in LABELS}
    for (cls, phrase), _weight in cue_weights.items():
        if cls in prior:
            prior[cls]["w"]["w:" + phrase] = 1.5
    for label in ("military", "diplomatic"):
        for trap in ("trap.sport", "trap.cyber", "trap.tech", "trap.business", "trap.nature", "trap.accident"):
            prior[label]["w"]["c:" + trap] = -2.0
    if fitted is None:
        return prior
    a = ARTICLE_FIT_SHARE
    out = {}
    for label in LABELS:
        w = {f: (1 - a) * v for f, v in prior[label]["w"].items()}
        for f, v in fitted[label]["w"].items():
            w[f] = w.get(f, 0.0) + a * v
        out[label] = {"bias": a * fitted[label]["bias"] + (1 - a) * prior[label]["bias"], "w": w}
    return out


def article_weights(cue_weights: dict[tuple[str, str], float]) -> dict[str, dict]:
    """The weights used for texts longer than a feed item: prior blended with the fitted model."""
    return prior_weights(cue_weights, load_weights())


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
        # interned like the lexicon's feature strings (lexicon.Term.make), so that a look-up of
        # a sentence's feature finds its key by identity, without comparing the characters
        self.w = {label: {sys.intern(f): v for f, v in weights[label]["w"].items()} for label in LABELS}
        # feature -> its weight for each label, in LABELS order: one dict look-up per feature;
        # filled in for other features as they are met (the names come from the lexicon: a
        # bounded set)
        names = {f for label in LABELS for f in self.w[label]}
        self.table = {f: self._row(f) for f in names}
        self.gate_feats = tuple(GATES[label] for label in LABELS)
        self.biases = tuple(self.bias[label] for label in LABELS)
        # per label, the phrase features ("w:...") with a weight above 0.3, the candidates of
        # `decisive`: each one's place by weight, ties by feature, the strongest first (0), and
        # their phrases in that order
        self.phrase_rank = {}
        self.phrases = {}
        # (and the candidates as a frozenset: its intersection with a sentence's set of features
        # walks the smaller set in C on the hashes both tables keep; `phrase_rank.keys() &
        # feats`, through the generic iterator and dict look-ups, cost half as much again)
        self.phrase_set = {}
        for label in LABELS:
            ranked = sorted(
                ((v, f) for f, v in self.w[label].items() if f.startswith("w:") and v > 0.3), reverse=True,
            )
            self.phrase_rank[label] = {f: r for r, (_, f) in enumerate(ranked)}
            self.phrases[label] = [f[2:] for _, f in ranked]
            self.phrase_set[label] = frozenset(self.phrase_rank[label])
        # the probabilities of a sentence without features (no hit: most sentences of an
        # article), worked out once
        self.empty_probs = None
        self.empty_probs = self.sentence_probs([])

    def _row(self, f: str) -> tuple:
        return tuple(self.w[label].get(f, 0.0) for label in LABELS)

    def sentence_probs(self, feats: set[str] | list[str]) -> tuple[float, ...]:
        """The sentence's probability for each label, in LABELS order (capped at GATE_CAP for a
        label none of whose own vocabulary is in the sentence). `feats`: distinct features."""
        p0, p1, p2 = self.label_probs_of((feats,))
        return (p0[0], p1[0], p2[0])

    def label_probs_of(self, feats_of) -> tuple[list[float], list[float], list[float]]:
        """Each label's probabilities of a text's sentences, in LABELS order, each a list in text
        order: `self.sentence_probs(feats)` of each sentence in one call (Tagger.tag; a call per
        sentence cost ~500 instructions), and by label, as Tagger.tag reads them (a tuple per
        sentence, turned into a list per label by zip, cost more than the two more appends)."""
        out0 = []
        out1 = []
        out2 = []
        empty_probs = self.empty_probs
        if empty_probs is not None:  # (None: while __init__ works it out)
            e0, e1, e2 = empty_probs
        table = self.table
        b0, b1, b2 = self.biases
        gate0, gate1, gate2 = self.gate_feats
        for feats in feats_of:
            if not feats and empty_probs is not None:
                out0.append(e0)
                out1.append(e1)
                out2.append(e2)
                continue
            # the weight rows of the features, summed per label in feature order (the same
            # additions, in the same order, as a loop)
            # (the sums start as 0.0, not 0: the same sums, each addition float + float)
            z0 = z1 = z2 = 0.0
            for f in feats:
                try:
                    w0, w1, w2 = table[f]
                except KeyError:  # a feature met for the first time (a try costs nothing otherwise)
                    w0, w1, w2 = table[f] = self._row(f)
                z0 += w0
                z1 += w1
                z2 += w2
            z0 += b0
            z1 += b1
            z2 += b2
            # _sigmoid of each, written out (its three calls cost as much as the rest of the method)
            p0 = 0.0 if z0 < -30.0 else 1.0 if z0 > 30.0 else 1.0 / (1.0 + exp(-z0))
            p1 = 0.0 if z1 < -30.0 else 1.0 if z1 > 30.0 else 1.0 / (1.0 + exp(-z1))
            p2 = 0.0 if z2 < -30.0 else 1.0 if z2 > 30.0 else 1.0 / (1.0 + exp(-z2))
            # the gates: a feature's presence looked for only when the cap would change something
            if p0 > GATE_CAP and gate0 not in feats:
                p0 = GATE_CAP
            if p1 > GATE_CAP and gate1 not in feats:
                p1 = GATE_CAP
            if p2 > GATE_CAP and gate2 not in feats:
                p2 = GATE_CAP
            out0.append(p0)
            out1.append(p1)
            out2.append(p2)
        return out0, out1, out2

    def sentence_logits(self, feats: list[str]) -> dict[str, float]:
        out = {}
        for label in LABELS:
            w = self.w[label]
            out[label] = self.bias[label] + sum(w.get(f, 0.0) for f in feats)
        return out

    def decisive(self, label: str, feats: set[str] | list[str], limit: int = 5) -> tuple[str, ...]:
        """The phrase features that pushed this sentence towards the label most."""
        found = self.phrase_set[label].intersection(feats)  # the candidates, picked out in C
        if len(found) < 2:  # (none or one, as often as not: no sort, no look-ups)
            for f in found:
                return (f[2:],)  # (its phrase: the feature less its "w:", as in self.phrases)
            return ()
        # by weight, ties by feature, the strongest first (their places looked up and their
        # phrases gathered by loops: sorted(map(...)) and tuple(map(...)) through the method
        # wrappers cost a quarter more for the few candidates)
        rank = self.phrase_rank[label]
        ranks = []
        for f in found:
            ranks.append(rank[f])
        ranks.sort()
        if len(ranks) > limit:
            ranks = ranks[:limit]
        phrases = self.phrases[label]
        out = []
        for r in ranks:
            out.append(phrases[r])
        return tuple(out)

    @staticmethod
    def article_score(probs: list[float], desc: list[float] | None = None) -> float:
        """The k-th best sentence probability: k = 1 for one or two sentences, else 2 (3 past 40).
        `desc`: `probs` sorted in descending order, when the caller has it.

        A text substantially reports on a domain when several of its sentences do; a single
        sentence decides only for a feed item or a lone sentence.
        """
        if not probs:
            return 0.0
        if desc is None:
            desc = sorted(probs, reverse=True)
        return desc[LabelModel.score_rank(len(probs)) - 1]

    @staticmethod
    def score_rank(n: int) -> int:
        """Which best sentence probability `article_score` takes for a text of n sentences."""
        return 1 if n <= 2 else (2 if n <= 40 else 3)
