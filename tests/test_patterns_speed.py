"""Patterns rewritten for speed read the same as the patterns they stand for."""

from __future__ import annotations

import json
import random

from crisis_tui.tagger import extract as X
from feedserver import SHARED  # ../shared or $CRISIS_TUI_SHARED; conftest stops the run when missing


def _place_use_plain(text: str, a: int, prev_place: bool) -> bool:
    # _is_place_use as it read before the reversed pattern: the _PLACE_PREP_LOW and _AND_END searches
    before = text[max(0, a - 25):a]
    return X._PLACE_PREP_LOW.search(before.lower()) is not None or prev_place and X._AND_END.search(before) is not None


def test_is_place_use_reads_the_place_prep_and_and_end_patterns():
    texts = [json.loads(line).get("text", "") for line in (SHARED / "eval" / "news_dev.jsonl").read_text().splitlines() if line.strip()]
    for t in texts[:150]:
        for a in range(0, len(t) + 1, 7):
            for prev in (False, True):
                assert X._is_place_use(t, a, prev) == _place_use_plain(t, a, prev), (t[max(0, a - 25):a], prev)
    rnd = random.Random(7)
    atoms = ["in", "at", "near", "from", "to", "into", "across", "outside", "inside", "over", "toward", "towards",
             "around", "of", "the", "The", "IN", "Of", "and", "And", "band", ",", " ", "  ", "\n", "\t", "-", "'", "’",
             "x", "_", "Gaza", "é", "İ", "Σ", "\u00a0", "\x1c", "1", "½"]
    for _ in range(40000):
        s = "".join(rnd.choice(atoms) + (" " if rnd.random() < 0.5 else "") for _ in range(rnd.randint(0, 12)))
        a = rnd.randint(0, len(s))
        for prev in (False, True):
            assert X._is_place_use(s, a, prev) == _place_use_plain(s, a, prev), (s, a, prev)


def test_target_object_is_the_target_obj_patterns_group():
    # _target_object works out _TARGET_OBJ's match for ASCII text by cheaper searches
    def plain(rest):
        m = X._TARGET_OBJ_ASCII.match(rest)
        return None if m is None else m.group(1)

    texts = [json.loads(line).get("text", "") for line in (SHARED / "eval" / "news_dev.jsonl").read_text().splitlines() if line.strip()]
    for t in texts[:150]:
        if t.isascii():
            for a in range(0, len(t), 11):
                for rest in (t[a:], t[a:a + 40]):
                    assert X._target_object(rest, X._TARGET_OBJ_ASCII) == plain(rest), rest
    rnd = random.Random(8)
    atoms = X._TARGET_OBJ_ENDS + ["the", "a", "an", "The", "x", "Gaza", "inside", "within", "and", "abcdefghij", ",", ".",
                                  ";", ":", " ", "  ", "\n", "\t", "\x1c", "-", "'"]
    for _ in range(40000):
        rest = " " * rnd.choice((0, 0, 1, 2)) + "".join(
            rnd.choice(atoms) + (" " if rnd.random() < 0.6 else "") for _ in range(rnd.randint(0, 30))
        )
        assert X._target_object(rest, X._TARGET_OBJ_ASCII) == plain(rest), rest
    m = X._TARGET_OBJ.match(" the dam’s gate, ")  # not ASCII: the pattern itself
    assert X._target_object(" the dam’s gate, ", X._TARGET_OBJ) == m.group(1)


# Word pre-checks written out in place as `"w" in x or ...` chains (a call less per test) copy a
# constant's words; each chain must list exactly its constant's words, or a word added to the
# constant would be missed by the chain (and the regex after it never tried).
_CHAINS = [
    (X._casualties, "low", X._KILL_NEEDS),
    (X._casualties, "low", X._HURT_NEEDS),
    (X.extract_strikes, "low", X._HARD_WEAPON_WORDS),
    (X.extract_strikes, "clause_low", X._GUNFIRE_NEEDS),
    (X.extract_contacts, "w", X._DENIED_BEFORE_WORDS),
    (X.extract_contacts, "clause", X._DENIED_WORDS),
]


def _chains_in(func, var: str) -> list[set[str]]:
    """The word sets of the `"a" in var or "b" in var ...` chains in func's source."""
    import inspect
    import re

    src = inspect.getsource(func)
    word = r'"((?:[^"\\]|\\.)*)" in ' + re.escape(var) + r"\b"
    chain = re.compile(word + r"(?:\s+or\s+" + word.replace("(", "(?:", 1) + r")+")
    return [set(re.findall(word, m.group(0))) for m in chain.finditer(src)]


def test_word_chains_written_in_place_list_their_constants_words():
    for func, var, words in _CHAINS:
        assert set(words) in _chains_in(func, var), (func.__name__, var, words, _chains_in(func, var))


def test_every_phrase_contact_sense_reads_is_one_extract_contacts_calls_it_for():
    # extract_contacts calls _contact_sense only for _SENSE_PHRASES: a phrase tested there and
    # missing here would never have its sense read
    import inspect
    import re

    src = inspect.getsource(X._contact_sense)
    compared = set(re.findall(r'phrase == "([^"]+)"', src))
    sets = {name: getattr(X, name) for name in re.findall(r"phrase in (_[A-Z_]+)", src)}
    assert compared and sets
    assert compared <= X._SENSE_PHRASES, compared - X._SENSE_PHRASES
    for name, words in sets.items():
        assert words <= X._SENSE_PHRASES, name


def test_has_trap_strike_is_the_trap_strike_pattern():
    # _has_trap_strike runs _TRAP_STRIKE only after _TRAP_ATTACK / _TRAP_HIT in a sentence
    # without "strike", "struck" and "target": every alternative, planted in real sentences with
    # those verbs (and at times "hit" or "attack") taken out, reads as the pattern does
    plain = X._has(X._TRAP_STRIKE)
    news = [json.loads(l)["text"] for l in (SHARED / "eval/news_dev.jsonl").read_text().splitlines() if l.strip()]
    sentences = [s.lower() for t in news for s in t.split(". ")]
    plants = [
        "heart attack", "panic attacks", "asthma attack", "shark attack", "dog attacks", "bear attack", "animal attack",
        "crocodile attack", "alligator attack", "tiger attack", "leopard attack", "lion attack", "elephant attack",
        "bee attack", "wolf attacks", "snake attack", "cyber attack", "cyber-attacks", "cyberattack", "attack on democracy",
        "attacks on the press", "attack on free speech", "hit a record", "hit the high", "hit a low", "hit the market",
        "hit the shelves", "hit the headlines", "shares hit", "stocks hit", "prices hit", "profits hit", "hit back at",
        "hits back at", "hitting back at", "hit china with tariffs", "hits the top bank with fresh sanctions",
        "hitting a b c d with a fine", "hit him with visa bans", "hit iran with export controls", "hit it with a ban",
        "sanctions hit", "tariffs new hit", "penalties hits", "export controls hitting", "labour strike",
        "struck a deal", "targets overseas markets",
    ]
    rnd = random.Random(7)
    for _ in range(4000):
        s = rnd.choice(sentences).replace("strike", "raid").replace("struck", "raided").replace("target", "aim")
        if rnd.random() < 0.5:
            s = s.replace("hit", "xx")
        if rnd.random() < 0.5:
            s = s.replace("attack", "assault")
        if rnd.random() < 0.8:
            w = s.split(" ")
            w.insert(rnd.randrange(len(w) + 1), rnd.choice(plants) + rnd.choice([" ", ",", "-", ""]))
            s = " ".join(w)
        assert X._has_trap_strike(s) == plain(s), s


def test_target_after_is_the_target_after_patterns_group():
    # _target_after works out _TARGET_AFTER's match for ASCII text by cheaper searches
    def plain(rest):
        m = X._TARGET_AFTER_ASCII.match(rest)
        return None if m is None else m.group(1)

    texts = [json.loads(line).get("text", "") for line in (SHARED / "eval" / "news_dev.jsonl").read_text().splitlines() if line.strip()]
    for t in texts[:150]:
        if t.isascii():
            for a in range(0, len(t), 5):
                for rest in (t[a:], t[a:a + 40]):
                    assert X._target_after(rest, X._TARGET_AFTER_ASCII) == plain(rest), rest
    rnd = random.Random(9)
    atoms = X._TARGET_AFTER_ENDS + ["on", "against", "at", "targeting", "hit", "hitting", "struck", "striking", "into",
                                    "the", "The", "a", "x", "Gaza", "onward", "inn", "thee", "abcdefghij", ",", ".", ";",
                                    ":", " ", "  ", "\n", "\t", "\x1c", "-", "'"]
    for _ in range(40000):
        rest = " " * rnd.choice((0, 0, 1, 2)) + "".join(
            rnd.choice(atoms) + (" " if rnd.random() < 0.6 else "") for _ in range(rnd.randint(0, 30))
        )
        if rnd.random() < 0.2:
            rest += "y" * rnd.randint(60, 100) + rnd.choice(("", " in x", ","))
        assert X._target_after(rest, X._TARGET_AFTER_ASCII) == plain(rest), rest
    m = X._TARGET_AFTER.match(" on the dam’s gate, ")  # not ASCII: the pattern itself
    assert X._target_after(" on the dam’s gate, ", X._TARGET_AFTER) == m.group(1)


def test_speaker_phrase_reads_a_piece_as_piece_names_does():
    # _speaker_phrase finds a piece's names itself (for speed): the same speaker and role as
    # from the piece's _piece_names, whether or not the sentence's runs were worked out before
    from crisis_tui.tagger import Tagger

    tagger = Tagger()
    lex = tagger.lexicon
    texts = [json.loads(line)["text"] for line in (SHARED / "eval" / "news_dev.jsonl").read_text().splitlines() if line.strip()]
    texts += [p.read_text() for p in sorted((SHARED / "seeds").glob("*.txt"))]
    checked = 0
    for t in texts:
        for before in (False, True):
            sents, _ = tagger._read(t)
            for s in sents:
                if before:
                    X._sentence_runs(s)  # another extractor read the sentence's runs first
                n = len(s.text)
                for x in range(0, n, 11):
                    for y in (min(n, x + 40), min(n, x + 120)):
                        frag = s.text[x:y]
                        for from_end in (False, True):
                            inline = X._speaker_phrase(frag, lex, from_end, at=(s, x))
                            given = X._speaker_phrase(frag, lex, from_end, names=X._piece_names(s, x, y))
                            assert inline == given, (frag, from_end, before)
                            checked += 1
    assert checked > 10000


def test_has_time_is_the_time_pattern():
    # _has_time runs _TIME only in a clause with a weekday's, month's or "next" letters, a digit, or
    # non-ASCII text: every alternative, planted in real clauses with those letters and digits
    # taken out, reads as the pattern does
    news = [json.loads(l)["text"] for l in (SHARED / "eval/news_dev.jsonl").read_text().splitlines() if l.strip()]
    clauses = [c.lower() for t in news for c in t.split(", ")]
    plants = [
        "monday", "on tuesday", "wednesday's", "thursday", "friday", "saturday", "sunday", "tomorrow", "next week",
        "next month", "on june 5", "on may 12", "on the 3rd", "on x ٣", "on day ٣", "in january", "since february",
        "last march", "in april", "in may", "in june", "in july", "in august", "since september", "in october",
        "last november", "in december", "mondays", "sundayx", "xmonday", "in mayhem", "nextweek", "on 5", "on x 5",
    ]
    rnd = random.Random(7)
    for _ in range(6000):
        s = rnd.choice(clauses)
        for w in ("day", "tomorrow", "next", "uary", "march", "april", "may", "june", "july", "august", "ember",
                  "october"):
            s = s.replace(w, "x")
        s = "".join("x" if ch.isdigit() else ch for ch in s)
        if rnd.random() < 0.8:
            w = s.split(" ")
            w.insert(rnd.randrange(len(w) + 1), rnd.choice(plants) + rnd.choice([" ", ",", "-", ""]))
            s = " ".join(w)
        assert X._has_time(s) == (X._TIME.search(s) is not None), s


def test_contact_searches_read_first_what_every_match_holds():
    # _named_contact searches _NAMED_BEFORE only when the window's last word starts with a
    # capital; extract_contacts searches _MEDIATION_OFFER only in a window with "to"
    rnd = random.Random(7)
    atoms = ["the", "this", "those", "The", "Geneva", "G7", "UN", "Oman-US", "o'Neil", "x", "ready", "willing", "offered",
             "to", "help", "mediate", "broker", "mediation", "(", ")", ",", "é", "Élysée", "\n", "\t", "\u00a0", " ", "  "]
    for _ in range(40000):
        w = "".join(rnd.choice(atoms) + (" " if rnd.random() < 0.6 else "") for _ in range(rnd.randint(0, 10)))
        if X._NAMED_BEFORE.search(w) is not None:
            last = w.rsplit(None, 1)
            assert last and "A" <= last[-1][0] <= "Z", w
        if X._MEDIATION_OFFER.search(w.lower()) is not None:
            assert "to" in w.lower(), w
