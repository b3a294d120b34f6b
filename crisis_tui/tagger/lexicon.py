"""The tagger's lexicons and gazetteers, loaded once from the package data, searched in one pass.

Every phrase the tagger cares about (label cues, event triggers, context words, actor and place
names) goes into a single Aho-Corasick automaton over lower-cased text. `Lexicon.scan` returns
the hits on word boundaries, leftmost-longest among names so that "Israel Katz" is a person and
not the country Israel.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, replace
from importlib import resources

import ahocorasick

from crisis_tui.models import LABELS

_WORD = re.compile(r"\w")
# contexts in which violence words are metaphors, accidents, crimes or weather
VIOLENCE_TRAPS = frozenset(
    ("trap.sport", "trap.business", "trap.tech", "trap.cyber", "trap.accident", "trap.crime", "trap.nature")
)
# Term.kinds bits
CONTACT = 1
STRIKE = 2
STATEMENT = 4
# statement triggers that are no speech verb themselves (a noun, a report, a bare infinitive):
# they open the statement extractor but give no verb of their own (Term.speech is empty)
NOT_SPEECH_VERBS = frozenset({
    "statement", "spokesman", "spokeswoman", "spokesperson", "briefing", "press conference", "reports", "reported",
    "praise", "threat", "warning", "claims", "states", "say", "demand", "urge", "appeal to", "appeals", "invited",
})


@dataclass(frozen=True, slots=True)
class Term:
    """One phrase of the automaton and everything it means."""

    phrase: str  # lower-cased
    prefix: bool  # "evacuat*": any word ending may follow
    case: str | None  # exact spelling required (US, UN, WHO), else None
    classes: tuple[str, ...]  # cue classes: "military", "ev.strike.air", "mod.neg", ...
    actor: str | None = None  # canonical actor name when the phrase names one
    actor_type: str | None = None  # country | organisation | person
    place: str | None = None  # canonical place name when the phrase names one
    # derived from `classes` once, so that the per-sentence code does no string tests
    contact: tuple[str, ...] = ()  # the "ev.contact.*" classes
    strike: tuple[str, ...] = ()  # the "ev.strike.*" classes
    statement: tuple[str, ...] = ()  # the "ev.statement.*" classes
    modifier: bool = False  # a negation or hypothetical word ("mod.neg", "mod.hyp")
    traps: tuple[str, ...] = ()  # the "trap.*" classes
    labels: tuple[str, ...] = ()  # the label classes ("military", ...) the phrase is a cue of
    feats: tuple[str, ...] = ()  # the label model's features of the phrase: "w:<phrase>", "c:<class>"
    kinds: int = 0  # CONTACT | STRIKE | STATEMENT bits: which extractors the phrase can trigger
    # for the label features (classify.sentence_features), worked out once
    cue_keys: tuple[tuple[str, str], ...] = ()  # (label, phrase) for each label it is a cue of
    violence_trap: bool = False  # one of its trap classes makes violence words metaphors
    actor_feats: tuple[str, ...] = ()  # "a:person", or "a:org" and "a:org:<actor>"
    label_feats: tuple[str, ...] = ()  # feats + actor_feats: every label feature of a hit of it
    country: str | None = None  # `actor` when that is a country
    violence: bool = False  # a strike trigger (`strike`) or a violence trap (`violence_trap`)
    # kinds or traps or a name (a bool: the reader's one test for the half of the hits that
    # have none of them)
    marked: bool = False
    # the country a person named by the term acts for (actors.txt "@"): two sides met or spoke
    # ("Macron spoke with Pezeshkian") open the diplomatic gate as two countries do
    side: str | None = None
    # the term as read in a longer word ("battle" in "battlefield", "urge" in "urgent") when
    # the phrase has a word ending (*) from a label cue but not from its event classes: the
    # same cue, but no trigger of those events (None: the term itself)
    longer: "Term | None" = None
    named: bool = False  # an actor or a place (`actor` or `place` set): the reader lists its names
    # `statement` of a speech verb ("said", "urged", "according to"), () for the other phrases
    # (NOT_SPEECH_VERBS): the statement extractor's verbs, with no test per trigger
    speech: tuple[str, ...] = ()

    @staticmethod
    def make(phrase, prefix, case, classes, actor=None, actor_type=None, place=None, side=None) -> "Term":
        """A term with its derived class groups filled in."""
        strike = tuple(c for c in classes if c.startswith("ev.strike."))
        # (interned: the label model's tables, when their keys are interned too, find a
        # feature by identity, without comparing the strings)
        feats = tuple(map(sys.intern, ("w:" + phrase, *("c:" + c for c in classes)))) if classes else ()
        violence_trap = any(c in VIOLENCE_TRAPS for c in classes)
        actor_feats = () if actor is None or actor_type == "country" else (
            ("a:person",) if actor_type == "person" else ("a:org", sys.intern("a:org:" + actor))
        )
        traps = tuple(c for c in classes if c.startswith("trap."))
        named = actor is not None or place is not None
        statement = tuple(c for c in classes if c.startswith("ev.statement."))
        kinds = (
            (CONTACT if any(c.startswith("ev.contact.") for c in classes) else 0)
            | (STRIKE if strike else 0)
            | (STATEMENT if any(c.startswith("ev.statement.") for c in classes) else 0)
        )
        return Term(
            phrase, prefix, case, classes, actor, actor_type, place,
            tuple(c for c in classes if c.startswith("ev.contact.")),
            strike,
            statement,
            any(c in ("mod.neg", "mod.hyp") for c in classes),
            traps,
            tuple(c for c in classes if c in LABELS),
            feats,
            kinds,
            tuple((c, phrase) for c in classes if c in LABELS),
            violence_trap,
            actor_feats,
            feats + actor_feats,
            actor if actor_type == "country" else None,
            bool(strike) or violence_trap,
            bool(kinds or traps or named),
            side if actor_type == "person" else None,
            None,
            named,
            () if phrase in NOT_SPEECH_VERBS else statement,
        )


@dataclass(slots=True, init=False)
class Hit:
    """A term's occurrence in a text: [start, end). Built by Lexicon.scan as `Hit()` with its
    three slots set: a class without an __init__ is called in C alone (a hit costs a quarter
    less than through object.__new__, half as much as through a generated __init__)."""

    start: int
    end: int
    term: Term


def _data(name: str) -> str:
    return resources.files("crisis_tui.tagger").joinpath("data").joinpath(name).read_text(encoding="utf-8")


def _lines(text: str):
    for line in text.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            yield line


def parse_cues(text: str) -> list[tuple[str, float, str]]:
    """cues.txt -> [(class, weight, phrase)]."""
    out = []
    for line in _lines(text):
        head, _, body = line.partition(":")
        parts = head.split()
        cls = parts[0]
        weight = float(parts[1]) if len(parts) > 1 else 1.0
        for phrase in body.split("|"):
            phrase = phrase.strip()
            if phrase:
                out.append((cls, weight, phrase))
    return out


def parse_gazetteer(text: str, default_type: str | None = None) -> list[tuple]:
    """actors.txt / places.txt -> [(canonical, type, aliases, country or None)]."""
    out = []
    kind = default_type
    for line in _lines(text):
        if line.startswith("[") and line.endswith("]"):
            kind = line[1:-1]
            continue
        line, _, country = line.partition("@")
        names = [n.strip() for n in line.split("|") if n.strip()]
        out.append((names[0], kind, tuple(names[1:]), country.strip() or None))
    return out


def person_spellings() -> dict[str, tuple[str, ...]]:
    """A person's one-word spellings in the bundled gazetteer, by each of them in lower case:
    "araghchi" -> ("Araghchi", "Araqchi") (search: a query for one finds reports that use another)."""
    out: dict[str, tuple[str, ...]] = {}
    for canonical, kind, aliases, _ in parse_gazetteer(_data("actors.txt")):
        if kind != "person":
            continue
        words = tuple(dict.fromkeys(n for n in (canonical, *aliases) if n.isalpha()))
        if len(words) > 1:
            for w in words:
                out[w.lower()] = words
    return out


def _case_rule(alias: str) -> str | None:
    # Acronyms (US, UN, WHO) and very short names (Xi, Dar) only match as spelled, so that
    # the pronouns "us" and "who" are not countries and organisations.
    letters = alias.replace(".", "").replace("-", "")
    if letters.isupper() and len(letters) <= 5:
        return alias
    if len(letters) <= 3:
        return alias
    return None


def tidy_name(name: str) -> str:
    """Whitespace and quotes tidied, possessive dropped: the fallback normal form of a name."""
    s = " ".join(str(name).split()).strip(" \"'“”‘’.,;:()[]")
    # (the text has no line break left: a regex's $ would be its end, and a substitution
    # searches all of it)
    return s[:-2] if s.endswith(_POSSESSIVE_ENDS) else s


_POSSESSIVE_ENDS = ("'s", "’s")


class Lexicon:
    """All phrases in one automaton, plus the canonical name tables used by the normalisers."""

    def __init__(
        self,
        actors: dict[str, tuple[str, ...]] | None = None,
        places: dict[str, tuple[str, ...]] | None = None,
    ):
        self.cue_weights: dict[tuple[str, str], float] = {}
        entries: dict[tuple[str, str | None], dict] = {}

        def entry(phrase: str) -> dict:
            prefix = phrase.endswith("*")
            core = phrase.rstrip("*").strip()
            case = _case_rule(core) if core != core.lower() else None
            key = (core.lower(), case)
            e = entries.get(key)
            if e is None:
                e = entries[key] = {
                    "prefix": prefix, "classes": [], "actor": None, "actor_type": None, "place": None, "ev_prefix": set(),
                }
            e["prefix"] = e["prefix"] or prefix
            return e

        for cls, weight, phrase in parse_cues(_data("cues.txt")):
            e = entry(phrase)
            if cls not in e["classes"]:
                e["classes"].append(cls)
            if cls.startswith("ev.") and phrase.endswith("*"):
                e["ev_prefix"].add(cls)
            self.cue_weights[(cls, phrase.rstrip("*").strip().lower())] = weight

        # canonical name tables: lower-cased alias -> canonical
        self.actor_alias: dict[str, str] = {}
        self.actor_type: dict[str, str] = {}
        self.place_alias: dict[str, str] = {}
        self.actor_country: dict[str, str] = {}  # person or armed body -> the country it acts for
        gaz = parse_gazetteer(_data("actors.txt"))
        for canonical, kind, aliases, country in gaz + [(k, "extra", tuple(v), None) for k, v in (actors or {}).items()]:
            if country:
                self.actor_country[canonical] = country
            kind = self.actor_type.get(canonical, kind if kind != "extra" else "organisation")
            self.actor_type[canonical] = kind
            for alias in (canonical, *aliases):
                self.actor_alias.setdefault(alias.lower(), canonical)
                e = entry(alias)
                if e["actor"] is None or alias == canonical:
                    e["actor"], e["actor_type"] = canonical, kind
        place_rows = parse_gazetteer(_data("places.txt"))
        place_rows += [(k, None, tuple(v), None) for k, v in (places or {}).items()]
        for canonical, _kind, aliases, _country in place_rows:
            for alias in (canonical, *aliases):
                self.place_alias.setdefault(alias.lower(), canonical)
                entry(alias)["place"] = canonical
        # countries are places too
        for canonical, kind in self.actor_type.items():
            if kind == "country":
                self.place_alias.setdefault(canonical.lower(), canonical)
                entry(canonical)["place"] = entry(canonical)["place"] or canonical

        self.automaton = ahocorasick.Automaton()
        by_phrase: dict[str, list[Term]] = {}
        keys: dict[str, list[tuple]] = {}  # automaton key -> [(phrase, terms, simple term or None)]
        ev_prefix: dict[str, set] = {}  # phrase -> the event classes that take a word ending
        for (phrase, case), e in entries.items():
            term = Term.make(phrase, e["prefix"], case, tuple(e["classes"]), e["actor"], e["actor_type"], e["place"],
                             self.actor_country.get(e["actor"]))
            by_phrase.setdefault(phrase, []).append(term)
            ev_prefix.setdefault(phrase, set()).update(e["ev_prefix"])
        for phrase, terms in by_phrase.items():
            # an exact spelling ("E3", "UN") is the more specific reading and carries the cue
            # classes of the plain phrase too; the plain phrase is the fallback
            plain = [t for t in terms if t.case is None]
            if plain:
                terms = [
                    Term.make(t.phrase, t.prefix, t.case, tuple(dict.fromkeys(t.classes + plain[0].classes)),
                         t.actor or plain[0].actor, t.actor_type or plain[0].actor_type, t.place or plain[0].place,
                         t.side or plain[0].side)
                    if t.case is not None else t
                    for t in terms
                ]
            terms = [_with_longer(t, ev_prefix[phrase]) for t in terms]
            terms.sort(key=lambda t: t.case is None)
            # the common case (one plain term, whole words) is checked without a loop
            simple = terms[0] if len(terms) == 1 and not terms[0].prefix and terms[0].case is None else None
            # The automaton searches the text's boundary form (boundary_form: every character
            # but letters and digits a space) for the phrase's, with a space in front: a match
            # starts at the start of a word. A phrase none of whose terms takes a word ending
            # needs a word end as well: its key ends with a space too. (Most matches inside
            # words, "aid" in "said", "ira" in "Iran", "us" in "used", are no longer matches, and
            # within a word the automaton stays at its root, which has one child.)
            whole = not any(t.prefix for t in terms)
            key = " " + boundary_form(phrase) + (" " if whole else "")
            keys.setdefault(key, []).append((phrase, tuple(terms), simple))
        words = []
        for key, found in keys.items():
            phrase, terms, simple = found[0]
            whole = not any(t.prefix for _, ts, _ in found for t in ts)
            if simple is not None and any(sim is None for _, _, sim in found):
                simple = None  # (a simple phrase and another, of the same boundary form: their terms)
                found = [(p, ts, None) for p, ts, _ in found]
            # A phrase with a space or punctuation in it matches the boundary form of other
            # spellings too ("prime-minister", "al qaeda" for "al-qaeda"): the text at the match
            # picks the phrase (`variants`: phrase -> its simple term, or its terms)
            variants = None
            gap = 0
            if len(found) == 1 and phrase.count(" ") == 1 and phrase.replace(" ", "").isalnum():
                # (one phrase of two words, the most common: the text at the match is the phrase
                # when the character between them is a space, its letters and digits matched
                # already; one character read, not a slice lower-cased and looked up)
                gap = phrase.index(" ")
            elif len(found) > 1 or not phrase.isalnum():
                variants = {p: (ts if sim is None else sim) for p, ts, sim in found}
            # (the common match, a simple term that needs no check of the text at the match, is
            # told by its second item: the loop unpacks three items for it, and no more tests)
            plain = simple if variants is None and not gap else None
            words.append((key, (len(key) - 1, plain, (terms, simple, variants, whole, gap))))
        # The automaton finds the same matches whatever the order the phrases go in, but each
        # trie node looks for the next character by a linear walk over its children in the order
        # they were added: phrases added in English letter-frequency order put the common letters
        # first (about a third less time per character of text).
        words.sort(key=_frequency_key)
        for key, value in words:
            self.automaton.add_word(key, value)
        self.automaton.make_automaton()

    def scan(self, text: str, low: str | None, bounded: str | None = None) -> list[Hit]:
        """Every term occurrence on word boundaries, sorted by start (names: leftmost-longest).
        `low` is text.lower(); `bounded`, when given, its boundary form (see read_forms).
        With `bounded`, `low` may be None: text.lower() is then the text lower-cased character
        by character, and a slice of it is the text's slice lower-cased (only a few are read)."""
        # the text between two spaces, every character but letters and digits a space: a key
        # (" " + phrase) matches only at the start of a word, and every match has a character
        # on both sides (one to the right of its offsets in `low`)
        if bounded is None:
            bounded = boundary_form(" " + low + " ")
        # (read_hits into one sentence that spans the text: no hit runs past its end)
        whole = _Whole()
        whole.start = 0
        whole.hits = []
        whole.triggers = []
        whole.kinds = 0
        whole.traps = ()
        self.read_hits(text, low, bounded, [(0, len(bounded) - 2)], [whole])
        return whole.hits

    def read_hits(self, text: str, low: str | None, bounded: str, spans: list, sents: list) -> dict[str, int]:
        """`scan`'s hits, read into the text's sentences: `spans` their offsets, `sents` the
        sentences (extract.read_sentences': empty hits and triggers, no kinds or traps). Each hit
        goes to the sentence it lies in (one that runs past its sentence's end, "in the United.
        States", to none), and the sentence gets its triggers (the hits whose term has kinds),
        kinds, trap classes and names (extract._names' list: offsets from the sentence's start,
        leftmost-longest). Returns how many hits of each trap class the sentences hold in all.
        (The matches read into the sentences as they come: a list of the text's hits, walked
        again, cost a quarter as much again.)"""
        doc_classes: dict[str, int] = {}
        if not spans:
            return doc_classes
        # The sentences and the hits are both in text order: each hit goes to the last sentence
        # that starts at or before it (`i`), if it ends by that sentence's end (`b`).
        i = 0
        last = len(spans) - 1
        # the "next sentence start" of the last sentence: past every hit's start (hits are offsets
        # into text.lower(), which is longer than `text` when the text has an "İ"; `bounded` is
        # that with a space at either end)
        beyond = len(bounded) - 2
        b = spans[0][1]
        next_a = spans[1][0] if last else beyond
        cur = sents[0]
        cur_hits = cur.hits
        cur_triggers = cur.triggers
        kinds = 0
        # its names as extract._names lists them (most sentences with a hit are asked for them:
        # here they cost no second walk over the hits); offsets from the sentence's start
        base = cur.start
        cur._names = cur_names = []
        names_end = -1
        # Hits are kept in order of (start, -end), ties in scan order, as they come: the
        # automaton reports matches by where they end, so a hit is out of order only when it
        # contains the hit(s) before it ("prime minister" after "minister"), or on a tie
        # (`last_start`: the greatest start so far; those are the rare path below).
        last_start = -1
        for end, (length, term, rest) in self.automaton.iter(bounded):
            # in `low`, the key less its space in front is [end - length, end)
            start = end - length
            if term is not None:  # (a simple term, a whole word: most matches)
                stop = end - 1  # (the key's space after the phrase: a word end)
            else:
                terms, simple, variants, whole, gap = rest
                if simple is not None:
                    stop = end - 1
                    if variants is None:  # (then a phrase of two words: `gap` is set)
                        if (text if low is None else low)[start + gap] != " ":
                            continue  # ("foreign-minister" for "foreign minister")
                        term = simple
                    else:
                        term = variants.get(low[start:stop] if low is not None else text[start:stop].lower())
                        if term is None:
                            continue
                else:
                    stop = end - 1 if whole else end
                    if variants is not None:
                        terms = variants.get(low[start:stop] if low is not None else text[start:stop].lower())
                        if terms is None:
                            continue
                    elif gap and (text if low is None else low)[start + gap] != " ":
                        continue
                    # a letter or digit right after the match (never after a whole word's key)
                    after = not whole and bounded[end + 1] != " "
                    for term in terms:
                        if after and not term.prefix:
                            continue
                        if term.case is not None and text[start:stop] != term.case:
                            continue
                        if term.prefix and after:
                            # the word's end: `bounded` has a space for every character of `low`
                            # that is no letter or digit, and one past its end (one ahead of `low`)
                            stop = bounded.find(" ", end + 2) - 1
                            if term.longer is not None:
                                term = term.longer
                        break
                    else:
                        continue
            if start > last_start:
                last_start = start
                # A hit that ends by the sentence's end starts before the next sentence (b <=
                # next_a): it is the sentence's, and its start is not read. (A hit never starts
                # before its sentence: the sentence is the last that starts at or before the
                # hit, and no phrase starts with white space, the only text before the first.)
                if stop > b:
                    if start < next_a:
                        continue  # (it runs past its sentence's end: "in the United. States")
                    cur.kinds = kinds
                    i += 1
                    while i < last and spans[i + 1][0] <= start:
                        i += 1
                    b = spans[i][1]
                    next_a = spans[i + 1][0] if i < last else beyond
                    cur = sents[i]
                    cur_hits = cur.hits
                    cur_triggers = cur.triggers
                    kinds = 0
                    base = cur.start
                    cur._names = cur_names = []
                    names_end = -1
                    if stop > b:
                        continue
                h = Hit()
                h.start = start
                h.end = stop
                h.term = term
            else:
                # (rare: a few hits an article) a hit that contains the last ("prime minister"
                # after "minister"), or has its start and is as long or shorter: it is in the
                # sentence of the last, or in none
                if start < base or stop > b:
                    if start < base:
                        _place_early(start, stop, term, spans, sents, i, doc_classes)
                    continue
                h = Hit()
                h.start = start
                h.end = stop
                h.term = term
                k = _insertion_point(cur_hits, start, stop)
                if k < len(cur_hits):
                    # it goes before the hit(s) it contains: hits[k] is the first of them
                    cur_hits.insert(k, h)
                    if term.marked:
                        if term.kinds:
                            kinds |= term.kinds
                            cur_triggers.insert(_insertion_point(cur_triggers, start, stop), h)
                        if term.traps:
                            _recount_traps(cur, sents, i, doc_classes)
                        if term.named:
                            # the names of the hits from k on read again: those of the hits it
                            # contains left out, and it read before them
                            a = start - base
                            e = stop - base
                            while cur_names and (cur_names[-1][0] > a or cur_names[-1][0] == a and cur_names[-1][1] < e):
                                del cur_names[-1]
                            names_end = _read_names(cur_hits[k:], base, cur_names, cur_names[-1][1] if cur_names else -1)
                    continue
            # (cur_hits.append, not a bound method kept: the interpreter calls list.append in
            # place when it sees the list)
            cur_hits.append(h)
            if term.marked:  # (kinds, traps or a name: half of the hits)
                if term.kinds:
                    kinds |= term.kinds
                    cur_triggers.append(h)
                if term.traps:
                    cur.traps += term.traps
                    for c in term.traps:
                        doc_classes[c] = doc_classes.get(c, 0) + 1
                if term.named:  # (leftmost-longest: one that starts inside the last is left out)
                    a = start - base
                    if a >= names_end:
                        names_end = stop - base
                        cur_names.append((a, names_end, term))
        cur.kinds = kinds
        return doc_classes


class _Whole:
    """The text as one sentence, for Lexicon.scan (the slots read_hits fills)."""

    __slots__ = ("start", "hits", "triggers", "kinds", "traps", "_names")


def _recount_traps(s, sents: list, i: int, doc_classes: dict) -> None:
    """The sentence's trap classes, and the counts of the sentences' (`sents[:i + 1]`), read again
    in the order of their hits (read_hits, when a hit with traps goes before others)."""
    traps = ()
    for h in s.hits:
        traps += h.term.traps
    s.traps = traps
    doc_classes.clear()
    for x in sents[:i + 1]:
        for h in x.hits:
            for c in h.term.traps:
                doc_classes[c] = doc_classes.get(c, 0) + 1


def _place_early(start: int, stop: int, term: Term, spans: list, sents: list, i: int, doc_classes: dict) -> None:
    """read_hits' hit that came after one of sentence `i` (the current one) and starts before
    that sentence: it goes to the last sentence that starts at or before it, in its place, if it
    ends by that one's end too (that sentence, and the counts, read again). (The automaton
    reports matches by where they end: such a hit ends at or past the start of sentence `i`, so
    it runs past its own sentence's end, but for offsets moved by an "İ", whose lower case is
    longer.)"""
    j = i
    while j > 0 and spans[j][0] > start:
        j -= 1
    if stop > spans[j][1]:
        return
    s = sents[j]
    h = Hit()
    h.start = start
    h.end = stop
    h.term = term
    hits = s.hits
    hits.insert(_insertion_point(hits, start, stop), h)
    s.kinds |= term.kinds
    s.triggers = [x for x in hits if x.term.kinds]
    s._names = []
    _read_names(hits, s.start, s._names)
    _recount_traps(s, sents, i, doc_classes)


def _insertion_point(hits: list, start: int, stop: int) -> int:
    """Where a hit at [start, stop) goes in `hits`, kept in order of (start, -end): before those
    that start later or are shorter at its start, after the others (read_hits' rare path)."""
    k = len(hits)
    while k and (hits[k - 1].start > start or hits[k - 1].start == start and hits[k - 1].end < stop):
        k -= 1
    return k


def _read_names(hits: list, base: int, names: list, names_end: int = -1) -> int:
    """Append to `names` the names of `hits` as read_hits lists them (leftmost-longest: one that
    starts inside the last is left out; offsets from `base`); the last one's end."""
    for x in hits:
        if x.term.named:
            a = x.start - base
            if a >= names_end:
                names_end = x.end - base
                names.append((a, names_end, x.term))
    return names_end


# every ASCII character but letters and digits -> a space (the bytes of UTF-8 past ASCII kept)
_BOUNDARY_BYTES = bytes(i if chr(i).isalnum() or i > 127 else 32 for i in range(256))
# the same with capitals lower-cased: the boundary form of the text's lower case
_LOWER_BOUNDARY_BYTES = bytes(_BOUNDARY_BYTES[i] + 32 if 65 <= i <= 90 else _BOUNDARY_BYTES[i] for i in range(256))
_ASCII_BYTES = bytes(range(128))
# the characters past ASCII that are no letter or digit (str.isalnum): “ ” ’ — …
_NOT_ALNUM = re.compile(r"[^\w\x00-\x7f]")


def boundary_form(s: str) -> str:
    """`s` with every character that is no letter or digit (str.isalnum) as a space."""
    # (bytes.translate takes a few instructions a character: str.translate looks each up, and
    # a regex substitution for every space and comma costs more still)
    if s.isascii():
        return s.encode("ascii").translate(_BOUNDARY_BYTES).decode("ascii")
    # (a lone surrogate, which a JSON escape can make, goes through UTF-8 and back as it is)
    utf8 = s.encode("utf-8", "surrogatepass")
    return _blank_others(utf8.translate(_BOUNDARY_BYTES), utf8.translate(None, _ASCII_BYTES))


def _blank_others(utf8: bytes, others: bytes) -> str:
    """`utf8` (UTF-8 with surrogates, its ASCII in boundary form) as text, with the characters
    past ASCII that are no letter or digit as spaces; `others`: its bytes past ASCII."""
    # A text has a few kinds of them (“ ” ’ — …): each is replaced in the text at once (a
    # character for a character, str.replace's fast loop; in the bytes, its UTF-8 form of two or
    # three bytes for one, bytes.replace took several times as long). A tenth of the cost of a
    # regex substitution, which tests a Unicode class at every character; that is kept for a
    # text with many kinds.
    marks = [c for c in set(others.decode("utf-8", "surrogatepass")) if not c.isalnum()]
    out = utf8.decode("utf-8", "surrogatepass")
    if len(marks) > 16:
        return _NOT_ALNUM.sub(" ", out)
    for c in marks:
        out = out.replace(c, " ")
    return out


def read_forms(text: str) -> tuple[str | None, str]:
    """text.lower(), and boundary_form(" " + text.lower() + " "): what Lexicon.scan searches.
    The first is None when text.lower() lower-cases each character on its own (ASCII text, and
    text whose characters past ASCII are their own lower case): the scan then lower-cases the
    few slices it looks up (the whole text was lower-cased for them), and the boundary form is
    lower-cased by the table that makes it."""
    if text.isascii():
        return None, (" " + text + " ").encode("ascii").translate(_LOWER_BOUNDARY_BYTES).decode("ascii")
    # Text past ASCII: str.lower looks every character up in the Unicode tables (a few times
    # the cost of the rest). The characters past ASCII are few and of a few kinds (“ ” — é):
    # when each is its own lower case, text.lower() lower-cases the ASCII letters alone, which
    # the boundary table does to the UTF-8 form (every byte of a character past ASCII is past
    # ASCII, and kept).
    utf8 = text.encode("utf-8", "surrogatepass")
    others = utf8.translate(None, _ASCII_BYTES)
    past = others.decode("utf-8", "surrogatepass")
    if past.lower() != past:  # a capital past ASCII (É, Σ, İ): str.lower's own rules
        low = text.lower()
        return low, boundary_form(" " + low + " ")
    return None, _blank_others((b" " + utf8 + b" ").translate(_LOWER_BOUNDARY_BYTES), others)


def _kind_bits(classes) -> int:
    return (
        (CONTACT if any(c.startswith("ev.contact.") for c in classes) else 0)
        | (STRIKE if any(c.startswith("ev.strike.") for c in classes) else 0)
        | (STATEMENT if any(c.startswith("ev.statement.") for c in classes) else 0)
    )


def _with_longer(term: Term, ev_prefix: set) -> Term:
    """`term` with its `longer` reading when a word ending would make it trigger events its
    event classes did not ask for ("battle*" a military cue, "battle" a strike trigger: not
    "battlefield"). Only the trigger bits change: the label features stay the phrase's."""
    if not term.prefix or not term.kinds:
        return term
    kinds = _kind_bits(ev_prefix)
    if kinds == term.kinds:
        return term
    return replace(term, longer=replace(term, kinds=kinds, marked=bool(kinds or term.traps or term.named)))


# letters and digits, most frequent in English text first; anything else after them
_FREQUENCY = {c: i for i, c in enumerate("etaoinsrhldcumfpgwybvkxjqz0123456789")}


def _frequency_key(item) -> list[int]:
    return [_FREQUENCY.get(c, 100 + ord(c)) for c in item[0]]
