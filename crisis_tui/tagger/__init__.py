"""The tagger: labels (military, diplomatic, humanitarian) and events (contacts, strikes,
statements) for one text, with the sentences and phrases that decided them.

Pure: no I/O after construction, no network, deterministic. Construct one `Tagger` per process
(it loads the shipped lexicons and weights once, in a few tens of milliseconds) or use
`default_tagger()`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from crisis_tui.models import LABELS, Evidence, Label, Tagging, slots_builder
from crisis_tui.tagger.classify import (
    SHORT_ITEM,
    LabelModel,
    article_weights,
    features_of,
    item_trap_context,
    load_weights,
)
from crisis_tui.tagger.extract import (
    LONG_TEXT,
    DocumentState,
    new_document_state,
    Sentence,
    extract_contacts,
    extract_statements,
    headline_statement,
    replace as replace_event,
    read_sentences,
    consolidate,
    extract_strikes,
)
from crisis_tui.tagger.lexicon import CONTACT, STATEMENT, STRIKE, Lexicon, read_forms, tidy_name
from crisis_tui.tagger.text import quote_spans, sentence_spans

TAGGER_VERSION = "tagger-1.17"
THRESHOLD = 0.5
MAX_EVIDENCE = 3
SHORT_TEXT = 2  # sentences: up to this many, the fitted sentence model decides alone

# the result's frozen dataclasses, built field by field (see models.slots_builder)
_new_evidence = slots_builder(Evidence)
_new_label = slots_builder(Label)
_new_tagging = slots_builder(Tagging)

__all__ = ["Tagger", "TAGGER_VERSION", "default_tagger", "normalise_actor", "normalise_place"]

# "the U.S.", "Iran's", "Tehran’s" -> the name itself
_POSSESSIVE = re.compile(r"(?:'s|’s|')$")


class Tagger:
    """Tags texts. `actors`/`places` extend the shipped gazetteers: {canonical: (aliases...)}."""

    def __init__(
        self,
        actors: dict[str, tuple[str, ...]] | None = None,
        places: dict[str, tuple[str, ...]] | None = None,
    ):
        self.lexicon = Lexicon(actors, places)
        self.model = LabelModel(load_weights())  # fitted: single sentences, short items
        self.article_model = LabelModel(article_weights(self.lexicon.cue_weights))  # articles

    # -- names

    def normalise_actor(self, name: str) -> str:
        """Canonical actor for a name, demonym or capital ("Tehran" -> "Iran"); else tidied."""
        s = tidy_name(name)
        lex = self.lexicon
        raw = _POSSESSIVE.sub("", " ".join(str(name).split())).strip(" \"'“”‘’,;:()[]")
        for cand in (raw, s, _POSSESSIVE.sub("", s)):
            key = cand.lower()
            if key.startswith("the "):
                key = key[4:]
            if key in lex.actor_alias:
                return lex.actor_alias[key]
        return s

    def normalise_place(self, name: str) -> str:
        """Canonical place for a spelling ("Fordo" -> "Fordow"); else tidied."""
        s = tidy_name(name)
        key = _POSSESSIVE.sub("", s).lower()
        lex = self.lexicon
        if key in lex.place_alias:
            return lex.place_alias[key]
        actor = lex.actor_alias.get(key)
        if actor and lex.actor_type.get(actor) == "country":
            return actor
        return s

    # -- tagging

    def sentences(self, text: str) -> list[Sentence]:
        """The text's sentences, each with its hits and quotations (offsets into `text`)."""
        return self._read(text)[0]

    def _read(self, text: str) -> tuple[list[Sentence], dict[str, int]]:
        """The sentences, and how many hits of each trap class they hold in all."""
        low, bounded = read_forms(text)
        quotes = quote_spans(text)
        spans = sentence_spans(text, quotes)
        out = read_sentences(text, spans)
        # each hit read into its sentence as the scan finds it, with the sentence's triggers,
        # kinds, trap classes and names, and the trap classes counted
        doc_classes = self.lexicon.read_hits(text, low, bounded, spans, out)
        if quotes and spans:
            # both in text order: each quotation is in the last sentence that starts at or
            # before it, if it ends there too (one that ends past it is in no sentence)
            i = 0
            last = len(spans) - 1
            for qa, qb in quotes:
                while i < last and spans[i + 1][0] <= qa:
                    i += 1
                a, b = spans[i]
                if a <= qa and qb <= b:
                    s = out[i]
                    if s.quotes:
                        s.quotes.append((qa - a, qb - a))
                    else:  # (read_sentences' shared empty tuple)
                        s.quotes = [(qa - a, qb - a)]
        return out, doc_classes

    def tag(self, text: str) -> Tagging:
        """Labels with evidence, label scores and events for one text (title + "\\n\\n" + body)."""
        text = text or ""
        sents, doc_classes = self._read(text)
        # a document is "about" a trap domain when it keeps coming back to it
        doc_traps = set()
        doc_feats = []
        if doc_classes:  # (most texts have no trap word: no comprehensions, each a call)
            least = max(3, len(sents) // 2)  # (once, not per class)
            doc_traps = {c for c, n in doc_classes.items() if n >= least}
            doc_feats = ["d:" + c for c in doc_traps]

        model = self.model if len(sents) <= SHORT_TEXT else self.article_model
        # (item_trap_context is False past SHORT_ITEM sentences: no call for an article)
        trap_context = len(sents) <= SHORT_ITEM and item_trap_context(sents)
        # each sentence's features (a set: its order is the one the features are summed in; a
        # sentence without hits has none), in one call
        feats_of = features_of(sents, trap_context)
        if doc_feats:  # (the document's features come after them)
            for i, feats in enumerate(feats_of):
                feats_of[i] = [*feats, *doc_feats]
        # and each label's probabilities of the sentences, in text order (model.sentence_probs of
        # each sentence, in one call, by label)
        label_probs = model.label_probs_of(feats_of)
        military_probs = label_probs[_MILITARY]
        diplomatic_probs = label_probs[_DIPLOMATIC]
        events = []
        lex = self.lexicon
        state = new_document_state(lex, len(sents) >= LONG_TEXT)
        seen = state.seen
        for i, s in enumerate(sents):
            if s.hits:
                kinds = s.kinds
                if kinds & CONTACT:
                    contacts = extract_contacts(s, lex, state)
                    if contacts:
                        events.extend(contacts)
                        if diplomatic_probs[i] < EVENT_FLOOR:
                            for e in contacts:
                                if diplomatic_contact(e, lex.actor_type):
                                    diplomatic_probs[i] = EVENT_FLOOR
                                    break
                if kinds & STRIKE:
                    strikes = extract_strikes(s, lex, state, doc_traps)
                    if strikes:
                        events.extend(strikes)
                        if military_probs[i] < EVENT_FLOOR:
                            for e in strikes:
                                if armed_strike(e):
                                    military_probs[i] = EVENT_FLOOR
                                    break
                if kinds & STATEMENT:
                    events.extend(extract_statements(s, lex, state))
                elif s is sents[0] and ":" in s.text:
                    events.extend(headline_statement(s, lex, state))  # "Netanyahu: Israel is ..."
                # the sentence remembered, for "he said" in the next ones (state.lex is set above)
                seen.append(s)
                state.index += 1

        scores = {}
        labels = []
        # model.article_score of each label's probabilities, written out: the index of the
        # k-th best is the same for all three
        rank = model.score_rank(len(sents)) - 1
        for i, label in enumerate(LABELS):
            probs = label_probs[i]
            desc = sorted(probs, reverse=True)  # (for the score and the evidence: one sort)
            score = scores[label] = _round4(desc[rank] if desc else 0.0)
            if score < THRESHOLD:
                continue
            ranked = _top_sentences(probs, desc)
            evidence = []  # (a loop: a generator expression resumes a frame for each item)
            for j in ranked:
                if probs[j] >= 0.3:
                    s = sents[j]
                    phrases = model.decisive(label, feats_of[j])
                    evidence.append(_new_evidence(s.text, s.start, s.start + len(s.text), phrases))
            labels.append(_new_label(label, score, tuple(evidence)))
        # a title line ("Strike on Natanz" + "\n\n" + body): its events may be the body's again
        headline_end = None
        if len(sents) >= 2:
            end = sents[0].start + len(sents[0].text)
            if "\n" in text[end:sents[1].start]:
                headline_end = end
        events = consolidate(events, len(sents), headline_end)
        for j, e in enumerate(events):
            if len(e.places) > 1:
                events[j] = _places_specific_first(e, lex.actor_type)
        return _new_tagging(tuple(labels), scores, tuple(events), TAGGER_VERSION)


# Event floors. A sentence that reports an armed attack, with a weapon of war or an attacker
# named ("an Israeli strike on a school sheltering displaced families killed 25"), is military
# whatever its relief words: the weights fitted on a disaster data set read a school, families or
# shelter as relief work, and the issue's own example is "a hospital hit by a missile is military
# and humanitarian". A sentence that reports a contact between a country and another party is
# diplomatic. Each raises that label's sentence probability to EVENT_FLOOR (tools/train_labels.py
# scores its cross-validation with the floors in place).
EVENT_FLOOR = 0.6
_MILITARY = LABELS.index("military")
_DIPLOMATIC = LABELS.index("diplomatic")
_WAR_WEAPONS = frozenset(("air", "missile", "drone", "artillery", "naval"))


def armed_strike(e) -> bool:
    """A strike with a weapon of war or an attacker named."""
    return e.attacker is not None or e.weapon in _WAR_WEAPONS


def diplomatic_contact(e, actor_type: dict[str, str]) -> bool:
    """A contact, not denied, between two parties or more, one of them a country ("UNICEF and
    WHO visits to the centres" is relief work)."""
    if len(e.parties) < 2 or e.status == "denied":
        return False
    for p in e.parties:
        if actor_type.get(p) == "country":
            return True
    return False


def _places_specific_first(e, actor_type: dict[str, str]):
    """`e` with its places in one order whatever the text's: the specific ones, then the
    countries, each alphabetically. The first is the most specific place ("Natanz, Iran"), which
    the store's event clusters key on (ingest.cluster_key): one report saying "Iran's Natanz
    site" and another "Natanz", or two naming Natanz and Fordow in either order, are one
    cluster."""
    places = e.places
    if len(places) == 2:  # (most often: no sort, no key function)
        a, b = places
        ca, cb = actor_type.get(a) == "country", actor_type.get(b) == "country"
        ordered = (b, a) if ca > cb or ca == cb and b < a else places
    else:
        ordered = tuple(sorted(places, key=lambda p: (actor_type.get(p) == "country", p)))
    return e if ordered is places or ordered == places else replace_event(e, places=ordered)


def _round4(x: float) -> float:
    """round(x, 4), faster for a probability. (round with digits formats the number, a few
    thousand instructions, three times a text.) The decimal k / 10**4 that round picks is
    turned into the float nearest to it, which is what k / 10000.0 is (a division of exact
    numbers, correctly rounded); k is x * 10000 rounded, found by float arithmetic except within
    1e-4 of a half (a tie, or a product whose last bit could decide), where round decides."""
    if 0.0 < x <= 1.0:  # (not 0.0: -0.0 too)
        m = x * 10000.0
        k = (m + 0.5) // 1.0
        if -0.4999 < m - k < 0.4999:
            return k / 10000.0
    return round(x, 4)


def _top_sentences(probs: list[float], desc: list[float] | None = None) -> list[int]:
    """The indices of the MAX_EVIDENCE most probable sentences, ties in text order. `desc`:
    `probs` sorted in descending order, when the caller has it.

    A sentence's probability sums its features' weights in set order, which the hash seed
    decides: equal sentences may differ in the last bit, so they are ranked on probabilities
    rounded to 1e-9, or the order of tied evidence would change from run to run. (round with
    digits formats the number, a few thousand instructions: only the sentences that can be
    among the first MAX_EVIDENCE are rounded. Rounding keeps the order and moves a probability
    by at most 5e-10, so one more than 1e-9 below the MAX_EVIDENCE-th highest stays below that
    one's rounded probability; the candidates are in text order, as the stable sort needs.)
    """
    if desc is None:
        desc = sorted(probs, reverse=True)
    # Most often the first MAX_EVIDENCE probabilities and the next one are each more than 2e-9
    # apart: then no two of them round alike and none is another sentence's too (it would be
    # next in `desc`), so the ranking is theirs, and each one's index is where it is in `probs`.
    top = desc[:MAX_EVIDENCE + 1]
    if len(top) > MAX_EVIDENCE:
        # (the three gaps written out, MAX_EVIDENCE being 3: a loop over them cost twice as much)
        d0, d1, d2, d3 = top
        if not (d0 - d1 <= 2e-9 or d1 - d2 <= 2e-9 or d2 - d3 <= 2e-9):
            index = probs.index
            return [index(d0), index(d1), index(d2)]
    else:
        for k in range(1, len(top)):
            if top[k - 1] - top[k] <= 2e-9:
                break
        else:
            return list(map(probs.index, top))
    if len(probs) > MAX_EVIDENCE:
        floor = desc[MAX_EVIDENCE - 1] - 2e-9
        rounded = {j: round(p, 9) for j, p in enumerate(probs) if p >= floor}
    else:
        rounded = {j: round(p, 9) for j, p in enumerate(probs)}
    return sorted(rounded, key=rounded.__getitem__, reverse=True)[:MAX_EVIDENCE]


assert MAX_EVIDENCE == 3  # (_top_sentences writes out the gaps between the first four)


@lru_cache(maxsize=1)
def default_tagger() -> Tagger:
    """One Tagger per process with the shipped gazetteers only."""
    return Tagger()


def normalise_actor(name: str) -> str:
    """Canonical actor name ("Tehran", "Iranian" -> "Iran"; "U.S." -> "United States")."""
    return default_tagger().normalise_actor(name)


def normalise_place(name: str) -> str:
    """Canonical place name ("Fordo" -> "Fordow"); unknown names are returned tidied."""
    return default_tagger().normalise_place(name)
