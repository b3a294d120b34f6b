"""Sentences and quotations: where a text breaks, with character offsets into the text."""

from __future__ import annotations

import itertools
import re
import string

# A full stop after one of these does not end a sentence.
_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen lt col maj capt sgt st sen rep gov pres jr sr no vs etc inc ltd co corp
    jan feb mar apr aug sept sep oct nov dec u.s u.n u.k e.u a.m p.m approx est fig dept adm cmdr h.e""".split()
)
# "[.!?…]+ closing quotes/brackets, then a space" or a line break; written to start with one
# character class, which the regex engine skips to quickly (same matches as the plain form)
# a sentence ends at . ! ? … before white space, at a line break, and at a full stop between a
# word and a capitalised one with no space ("in Haryana.Accusing the BJP": paragraphs some
# publishers' feeds run together)
_BREAK_AFTER = r"(?:(?<=\n)|[.!?…]*[\"'”’)\]]*(?=\s)|(?<=[a-z]{3}\.)(?=[A-Z][a-z]))"
_BREAK = re.compile(r"[.!?…\n]" + _BREAK_AFTER)
# _BREAK's matches that start with a full stop: in a text without ! ? …, all of them but the
# line breaks (each one a match of its own). The regex engine finds one given character several
# times faster than one of a set.
_FULL_STOP_BREAK = re.compile(r"\." + _BREAK_AFTER)
# _FULL_STOP_BREAK's matches less those before a word in lower case (spaces or tabs between):
# sentence_spans' test "the next word must look like a sentence start", which the regex can make
# in an ASCII text (str.islower() is [a-z] there; made ASCII below). The runs are possessive: a
# shorter one is never followed by white space, and a full stop of a run fails as its first does.
_FULL_STOP_END = r"\.(?:(?<=\n)|[.!?…]*+[\"'”’)\]]*+(?=\s)(?![ \t]*+[a-z])|(?<=[a-z]{3}\.)(?=[A-Z][a-z]))"
_QUOTE_PLAIN = re.compile(r"“([^”\n]{2,600})”|\"([^\"\n]{2,600})\"|‘([^’\n]{3,300})’(?!\w)")
# The same matches, faster: the pattern starts with one character class the regex engine skips
# to (the branch is then picked by a look-behind at that character), and the runs are
# possessive: a run stops at its closing mark, a line break or its length limit, and giving
# characters back never puts a closing mark next.
_QUOTE = re.compile(r"[“\"‘](?:(?<=“)([^”\n]{2,600}+)”|(?<=\")([^\"\n]{2,600}+)\"|(?<=‘)([^’\n]{3,300}+)’(?!\w))")
# _QUOTE's matches in a text without “ and ‘ (any ASCII text): the straight quotes' branch
# alone, which starts with one character (the regex engine finds it several times faster than
# one of a set)
_QUOTE_STRAIGHT = re.compile(r"\"([^\"\n]{2,600}+)\"")
# _QUOTE's matches in a text with “ but neither " nor ‘ (most news text past ASCII): the curly
# double quotes' branch alone, led by its one character
_QUOTE_CURLY = re.compile(r"“([^”\n]{2,600}+)”")


# What \w, \d and \s match among ASCII characters (Python's str patterns: \w is alphanumeric or
# "_", \s is str.isspace(), which also holds for the separators \x1c-\x1f).
_ASCII_CLASSES = {"w": "0-9A-Za-z_", "d": "0-9", "s": r"\t\n\x0b\x0c\r\x1c-\x1f "}


def ascii_form(rx: re.Pattern) -> re.Pattern:
    r"""`rx` for ASCII strings: the same matches on any string for which str.isascii() holds.

    \w, \W, \d, \D, \s and \S are spelled out as ASCII character sets, and the non-ASCII
    characters and ranges of character classes are left out (an ASCII string holds none).
    The regex engine tests a set by one bit, where a Unicode category costs it several
    table look-ups for every character it scans.
    """
    p = rx.pattern
    out = []
    i = 0
    in_class = False
    class_start = False  # right after "[" or "[^": a "]" there is a literal
    class_open = 0  # len(out) when the class opened
    while i < len(p):
        c = p[i]
        if c == "\\":
            esc = p[i + 1]
            low = esc.lower()
            if low in _ASCII_CLASSES and (esc == low or not in_class):
                chars = _ASCII_CLASSES[low]
                out.append(chars if in_class else ("[" if esc == low else "[^") + chars + "]")
            else:
                assert low not in _ASCII_CLASSES, p  # a negated class inside a class
                out.append(p[i:i + 2])
            i += 2
            class_start = False
            continue
        if in_class:
            if c == "]" and not class_start:
                assert len(out) > class_open, p  # no class left empty
                in_class = False
            elif not c.isascii():
                # a non-ASCII character or a range of them: no ASCII string holds one
                if p[i + 1:i + 2] == "-" and p[i + 2:i + 3] not in ("", "]"):
                    assert not p[i + 2].isascii(), p
                    i += 3
                else:
                    i += 1
                class_start = False
                continue
            elif p[i + 1:i + 2] == "-" and p[i + 2:i + 3] not in ("", "]") and not p[i + 2].isascii():
                raise AssertionError(p)  # a range from ASCII to beyond it
            class_start = False
        elif c == "[":
            in_class = class_start = True
            out.append(c)
            if p[i + 1:i + 2] == "^":
                out.append("^")
                i += 1
            class_open = len(out)
            i += 1
            continue
        out.append(c)
        i += 1
    return re.compile("".join(out), rx.flags)


def quote_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each direct quotation's inner text."""
    if "“" in text:
        rx = _QUOTE if "‘" in text or '"' in text else _QUOTE_CURLY
    elif "‘" in text:
        rx = _QUOTE
    elif '"' in text:
        rx = _QUOTE_STRAIGHT
    else:
        return []  # most feed items
    # the inner text is the one group that took part in the match
    return [m.span(m.lastindex) for m in rx.finditer(text)]


def sentence_spans(text: str, quotes: list[tuple[int, int]] | None = None) -> list[tuple[int, int]]:
    """(start, end) of each sentence, whitespace trimmed; a quotation is not cut in two."""
    quotes = quotes if quotes is not None else quote_spans(text)
    spans = []
    start = 0
    n = len(text)
    # the first quotation that does not end before the break, as (qa, qb): a break in
    # [qa, qb - 1) is inside it (none: past every break)
    qi = 0
    nq = len(quotes)
    qa, qb = quotes[0] if nq else (n + 1, n + 2)
    breaks, lower_cut = _breaks(text, True)
    breaks.append((n, n))  # the end of the text: the last sentence ends there
    for at, end in breaks:
        first = text[at] if at < n else "\n"  # (the end passes the tests as a line break does)
        after = end  # the next sentence starts here or past white space
        # a match that starts with a line break is that line break alone
        if first != "\n":
            # inside a quotation: keep going ("Big egos involved. But I think...")
            if qb < at:
                qi += 1
                while qi < nq and quotes[qi][1] < at:
                    qi += 1
                qa, qb = quotes[qi] if qi < nq else (n + 1, n + 2)
            if qa <= at < qb - 1:
                continue
            if first == ".":
                # (a word that ends in three letters or digits that end no abbreviation is
                # neither one nor an initial: a cheap test that spares most full stops the word)
                end3 = text[at - 3:at] if at >= 3 else ""
                if end3 in _ABBREVIATION_END_FORMS or not end3.isalnum():
                    word = _word_before(text, at).lower()
                    if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha() and not _on_platform(text, at)):
                        continue
                # the next word must look like a sentence start (`lower_cut`: the search has
                # left out the full stops before one that does not; the next sentence's start
                # then skips the white space)
                if not lower_cut:
                    k = end
                    while k < n and text[k] in " \t":
                        k += 1
                    if k < n and text[k].islower():
                        continue
                    after = k  # (no break starts with a space or tab)
        # the sentence, white space trimmed at both ends (what str.strip() takes off: the
        # characters for which str.isspace() holds), walked rather than sliced: a sentence has a
        # space or two before it and none after, and a slice would copy it all
        while start < end and text[start].isspace():
            start += 1
        e = end
        if first == "\n":  # (any other break ends with . ! ? … or a closing mark)
            while e > start and text[e - 1].isspace():
                e -= 1
            # a title's trailing attribution is no part of what it says ("... port project -
            # Reuters", "... says Obama – video"): the title ends before it (the first line only:
            # an aggregator's summary that repeats it is dropped when the feed is read, and the
            # test costs as much as the rest of the line's reading; tested first by the line's
            # last word, which every match ends with)
            if not spans and text.endswith(_OUTLET_ENDS, start, e) and (
                m := _OUTLET_TAIL.search(text, e - _OUTLET_TAIL_MAX if e - _OUTLET_TAIL_MAX > start else start, e)
            ):
                e = m.start()
                while e > start and text[e - 1].isspace():
                    e -= 1
        if e - start > MAX_SENTENCE:  # a run-on: cut into pieces the extractors read in linear time
            _cut_run_on(text, start, e, spans)
        elif e > start:
            spans.append((start, e))
        start = after
    return spans


# The longest sentence read as one. Some extractors' work grows with a sentence's length times
# its cue words: one 200,000-character text with no full stop (a hostile feed, a flattened
# list) took seconds to tag, where a long news sentence is 500 characters and a quotation at
# most 600. A longer run is cut at its last clause break (";", ",", a dash) before the limit,
# else at its last space, else at the limit.
MAX_SENTENCE = 2000
_CLAUSE_CUTS = ("; ", ", ", " - ", " – ", " — ")


def _cut_run_on(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> None:
    """Append to `spans` the pieces of text[start:end] (trimmed, longer than MAX_SENTENCE): each
    at most MAX_SENTENCE long, white space trimmed, cut as late as a break allows past half of it."""
    while end - start > MAX_SENTENCE:
        limit = start + MAX_SENTENCE
        half = start + MAX_SENTENCE // 2
        cut = -1
        for mark in _CLAUSE_CUTS:  # the latest clause break, its mark kept with the first piece
            i = text.rfind(mark, half, limit)
            if i >= 0 and i + len(mark.rstrip()) > cut:
                cut = i + len(mark.rstrip())
        if cut < 0:
            i = max(text.rfind(" ", half, limit), text.rfind("\n", half, limit), text.rfind("\t", half, limit))
            cut = i if i >= 0 else limit
        e = cut
        while e > start and text[e - 1].isspace():
            e -= 1
        if e > start:
            spans.append((start, e))
        start = cut
        while start < end and text[start].isspace():
            start += 1
    if end > start:
        spans.append((start, end))


# A title's trailing attribution, after a separator (" - ", " | ", " – ", or two spaces, an
# aggregator's "&nbsp;&nbsp;"): a news outlet, a web address, or the page's format ("- video",
# "| in pictures", "– as it happened"). A person's name is kept: "Iran will pay - Netanyahu"
# says who said it. (The poller's sources.entry._aggregated takes an aggregator's " - Outlet"
# off when the item names its source; this reads any text given to the tagger. extract._MEDIA
# lists outlets too, as words a speaker may be, in lower case and with generic ones.)
_OUTLETS = (
    "Reuters", "AP", "AP News", "AFP", "BBC", "BBC News", "CNN", "Al Jazeera", "Al Jazeera English",
    "Associated Press", "Bloomberg", "Axios", "Politico", "NPR", "Sky News", "Fox News", "CBS News", "NBC News",
    "ABC News", "The Guardian", "The New York Times", "The Washington Post", "The Wall Street Journal",
    "Financial Times", "The Economist", "The Times of Israel", "Times of Israel", "Haaretz", "Al-Monitor",
    "Middle East Eye", "Iran International", "Tehran Times", "Press TV", "IRNA", "Tasnim", "Fars", "Xinhua",
    "TASS", "DW", "France 24", "Euronews", "Arab News", "The National", "Anadolu Agency", "Anadolu",
)
_PAGE_FORMATS = ("video", "live", "live updates", "in pictures", "as it happened", "podcast", "explainer")
_OUTLET_TAIL = re.compile(
    r"(?:\s[-–|]|\s\s|\xa0)\s*(?:"
    + "|".join(re.escape(o) for o in sorted(_OUTLETS + _PAGE_FORMATS, key=len, reverse=True))
    + r"|[\w-]+\.(?:com|org|net|co\.uk|news))\s*$"
)
_OUTLET_TAIL_MAX = 3 + max(map(len, _OUTLETS + _PAGE_FORMATS)) + 2  # (a web address longer is not looked for)
# how every match ends (one str.endswith call, in C, tells most titles from them)
_OUTLET_ENDS = tuple(sorted({o.rsplit(" ", 1)[-1] for o in _OUTLETS + _PAGE_FORMATS})) + (".com", ".org", ".net", ".co.uk", ".news")


def _break_spans(text: str) -> list[tuple[int, int]]:
    """The spans of _BREAK's matches in the text, in order."""
    return _breaks(text, False)[0]


def _breaks(text: str, lower_cut: bool) -> tuple[list[tuple[int, int]], bool]:
    """_break_spans, and whether it has left out the full stops before a word in lower case:
    with `lower_cut`, in an ASCII text without ! and ? (_FULL_STOP_END_ASCII)."""
    ascii = text.isascii()
    if "!" in text or "?" in text or (not ascii and "…" in text):
        return list(map(_SPAN, (_BREAK_ASCII if ascii else _BREAK).finditer(text))), False
    # full stops and line breaks: the two searches, merged (a line break is never in the match
    # of a full stop)
    if ascii:
        rx = _FULL_STOP_END_ASCII if lower_cut else _FULL_STOP_BREAK_ASCII
    else:
        rx, lower_cut = _FULL_STOP_BREAK, False
    # (map: a list comprehension is a call of its own, and a frame resumed for each match)
    out = list(map(_SPAN, rx.finditer(text)))
    i = text.find("\n")  # (str.find: a feed item has two or so, and a regex search costs more)
    if i < 0:
        return out, lower_cut
    while i >= 0:
        out.append((i, i + 1))
        i = text.find("\n", i + 1)
    out.sort()
    return out, lower_cut


_SPAN = re.Match.span
_BREAK_ASCII = ascii_form(_BREAK)
_FULL_STOP_BREAK_ASCII = ascii_form(_FULL_STOP_BREAK)
_FULL_STOP_END_ASCII = ascii_form(re.compile(_FULL_STOP_END))


def _word_before(text: str, j: int) -> str:
    """The letters, digits and dots right before `j`, or their last `_WORD_WINDOW` characters
    (longer words are no abbreviations either way)."""
    window = text[j - _WORD_WINDOW:j] if j >= _WORD_WINDOW else text[:j]  # (no max(): a call)
    if window.isascii():
        # an ASCII character is alphanumeric exactly when it is a letter or digit of ASCII
        return window[len(window.rstrip(_ASCII_WORD)):]
    i = len(window)
    while i > 0 and (window[i - 1].isalnum() or window[i - 1] == "."):
        i -= 1
    return window[i:]


def _on_platform(text: str, j: int) -> bool:
    """The one capital letter before `j` is a platform ("posted it on X.", "said via X."), not
    an initial ("George W. Bush"): an initial follows a name, not a lower-case preposition."""
    return text[j - 1].isupper() and text[max(0, j - 5):j - 1] in (" on ", "via ")


_ASCII_WORD = string.ascii_letters + string.digits + "."
# longer than every abbreviation (and than one letter): a word cut to this length decides alike
_WORD_WINDOW = 8
assert _WORD_WINDOW > max(map(len, _ABBREVIATIONS)) + 1
# the last three characters of the abbreviations that end in three letters or digits: a word
# that ends in three others is no abbreviation (the shorter ones and "u.s", "a.m" have fewer)
_ABBREVIATION_ENDS = frozenset(a[-3:] for a in _ABBREVIATIONS if a[-3:].isalnum() and len(a) >= 3)
# the three characters whose lower case is one of them: each letter in either case (and the
# Kelvin sign, the one other character whose lower case is an ASCII letter, for a "k"), so that
# the test needs no lower-cased copy of every word before a full stop
_ABBREVIATION_END_FORMS = frozenset(
    "".join(chars)
    for end in _ABBREVIATION_ENDS
    for chars in itertools.product(*({c, c.upper()} | ({"\u212a"} if c == "k" else set()) for c in end))
)
