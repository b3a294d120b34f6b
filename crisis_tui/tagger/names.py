"""Names in running text: people and bodies with their roles, found without a gazetteer entry.

The gazetteer knows the crisis's main actors; everyone else ("Health Minister Uriel Buso",
"said Aijaz Jan, the MLA for Poonch Haveli") is found as a run of capitalised words, and the
title words in front of it become the role.
"""

from __future__ import annotations

import re

from crisis_tui.tagger.text import ascii_form


# Words that make up titles; a capitalised run of them before a name is its role.
ROLE_WORDS = frozenset(
    """president prime minister foreign defence defense secretary press spokesperson spokesman
    spokeswoman envoy special ambassador chancellor king queen emir general gen gen. lt lt.
    director chief commander deputy health energy interior finance chairman chairwoman head
    leader supreme ayatollah dr dr. prof prof. senator sen. governor mayor mla mp official
    adviser advisor executive ceo secretary-general state house white military army affairs
    high representative vice crown prince sheikh lieutenant colonel major captain admiral
    marshal presidential policy national security council cabinet justice attorney ministry
    office the of to for and middle east coordinator commissioner undersecretary assistant
    parliament speaker member spokesperson, seyed sayyed
    information broadcasting education agriculture commerce industries railways petroleum
    tourism housing communications revenue environment planning aviation irrigation fisheries
    forest forests excise taxation""".split()
)
# (the portfolios of "Minister for Information Attaullah Tarar", as Pakistani and Indian English
# name them; words that are also surnames, such as Power or Law, are left out)
# Capitalised words that are not names when they start a run.
_NOT_NAME = frozenset(
    """the a an in on at as after before during while when but and or if this that these those
    it its he she they we i his her their our according meanwhile however nonetheless though
    although both two three four five six seven eight nine ten several some many most more
    monday tuesday wednesday thursday friday saturday sunday january february march april may
    june july august september october november december local western eastern southern
    northern central state official officials earlier later today tonight yesterday one there
    what where which who whom whose how why since until for from with by to of also then now
    speaking thanking responding following asked told said says""".split()
)
# words of both lists that are never a title's last word ("Mukherji's The")
_NOT_NAME_ONLY = frozenset(("the", "a", "an", "of", "to", "for", "and"))
GENERIC_SPEAKERS = frozenset(
    """officials official witnesses witness residents resident sources source analysts analyst
    experts expert observers diplomats diplomat reports report media agency agencies
    television broadcaster newspaper people police authorities spokespeople spokesperson
    spokesman spokeswoman investigators rescuers doctors medics someone critics activists
    statement he she they it we you i who which that this""".split()
)


_CAP = r"(?:[A-ZÀ-Þ][\w'’.\-]*|(?:al|el)-[\w'’.\-]+|(?:bin|ibn|von|van|de)(?![\w'’\-]))"
# a run starts at the start of a word: "de" ends "outside", it is no particle in "outside of Iran"
_WORD_START = r"(?<![\w'’\-])"
# the same test made after the first character (the regex engine then still skips ahead to the
# characters a run can start with, instead of trying the look-behind at every position)
_STARTED_WORD = r"(?<![\w'’\-].)"
# One pass of the regex engine finds the runs of capitalised words ("Foreign Minister Abbas
# Araghchi", "Ministry of Foreign Affairs"); "of", "the", "for" may join two of them.
# Only runs of two or more words can be a name or carry a role, so the regex asks for two: a
# single capitalised word ("The", "Iran") costs no Python work. A word it skips is never the
# start of a longer run, so the runs found are those of the one-or-more pattern.
_RUN_PLAIN = re.compile(_WORD_START + _CAP + r"(?:\s+(?:(?:of|the|for)\s+)?" + _CAP + r")+")
# The same matches, faster: the first word starts with a character class the regex engine skips
# by (the branch is then picked by a look-behind at that character), and the words' letters are
# taken possessively: a word is always followed by a space or by the end of the run, neither of
# which a shorter word could make room for, so giving letters back never finds another match.
# Each branch is spelled out with its own first character or word ("al-...|el-...", not
# "(?:al|el)-..."): the engine tests that before it enters the branch, where it enters a nested
# group first (a further word is tried at every capitalised word, and most fail).
_CAP_FAST = "(?:" + "|".join((
    r"[A-ZÀ-Þ][\w'’.\-]*+", r"al-[\w'’.\-]++", r"el-[\w'’.\-]++", *(w + r"(?![\w'’\-])" for w in ("bin", "ibn", "von", "van", "de")),
)) + ")"
_CAP_FIRST = (
    r"[A-ZÀ-Þaebivd]" + _STARTED_WORD + r"(?:(?<=[A-ZÀ-Þ])[\w'’.\-]*+|(?<=[ae])l-[\w'’.\-]++|(?<=b)in(?![\w'’\-])|(?<=i)bn(?![\w'’\-])"
    r"|(?<=v)[oa]n(?![\w'’\-])|(?<=d)e(?![\w'’\-]))"
)
# Each further word with the white space and joiner before it. "(?:...|)" rather than "(?:...)?"
# and the second word spelled out before "(?:...)*" rather than "(?:...)+": the same matches
# (greedy, tried in the same order), but the engine takes a plain branch and sequence where a
# repeat's bookkeeping cost it more, at every capital letter, most of which start no run. The
# white space is taken possessively: what follows it never starts with white space, and the
# engine keeps no places to give characters back from.
_MORE = r"(?:\s++(?:of\s++|the\s++|for\s++|)" + _CAP_FAST + ")"
_RUN = re.compile(_CAP_FIRST + _MORE + _MORE + "*")
# Most texts hold no run that starts with a lower-case word ("bin Salman", "de Mistura",
# "al-Sisi"): for them the runs are those of the pattern whose first word is capitalised, which
# the engine tries only at capital letters. A run that starts in lower case needs one of these,
# each searched by its literal start.
_RUN_UPPER = re.compile(r"[A-ZÀ-Þ]" + _STARTED_WORD + r"[\w'’.\-]*+" + _MORE + _MORE + "*")
_NEXT_CAP = r"(?![\w'’\-])\s+(?:(?:of|the|for)\s+)?(?:[A-ZÀ-Þ]|[ae]l-|bin|ibn|von|van|de)"
_PARTICLES = ("de", "bin", "ibn", "von", "van")
_LOWER_START_RX = tuple(re.compile(w + r"(?<![\w'’\-]" + w + ")" + _NEXT_CAP) for w in _PARTICLES)
_LOWER_STARTS = tuple(rx.search for rx in _LOWER_START_RX)
# the same for ASCII text (text.ascii_form)
_RUN_ASCII = ascii_form(_RUN)
_RUN_UPPER_ASCII = ascii_form(_RUN_UPPER)
_LOWER_STARTS_ASCII = tuple(ascii_form(rx).search for rx in _LOWER_START_RX)


def _run_pattern(s: str) -> re.Pattern:
    """A pattern with the matches of `_RUN` in s: the plainer form when s can hold no run that
    starts in lower case, the ASCII form for ASCII text."""
    # (the searches of a lower-case start taken from the tuple only when needed: unpacking
    # all five cost more than the tests, for every window and sentence)
    if s.isascii():
        run, upper, starts = _RUN_ASCII, _RUN_UPPER_ASCII, _LOWER_STARTS_ASCII
    else:
        run, upper, starts = _RUN, _RUN_UPPER, _LOWER_STARTS
    # every match of a lower-case start begins with its word (_PARTICLES, in that order: de,
    # bin, ibn, von, van): without the word, no regex (one expression, not a loop: this runs
    # for every sentence). The rarer words are looked for only in text with their first or last
    # letter: a search for one character is several times faster than one for a word, and most
    # text has no "-", and no "v", half of it no "b".
    # ("de" is in a quarter of the short texts, inside words: "leader", "president", "defence";
    # a match has white space right after it, which is a space, or a character that is not
    # printable. In a longer text, the test of each character costs more than the search.)
    if (("-" in s and "l-" in s) or ("de" in s and ("de " in s or len(s) > 60 or not s.isprintable()) and starts[0](s))
            or ("b" in s and ("bin" in s and starts[1](s) or "ibn" in s and starts[2](s)))
            or ("v" in s and ("von" in s and starts[3](s) or "van" in s and starts[4](s)))):
        return run
    return upper


_WORD = re.compile(r"[^\s]+")
_JOINERS = ("of", "the", "for")
# plural nouns of a group of people, before "of" and a place or a body
_GROUPS = frozenset("students members supporters families citizens villagers farmers workers relatives".split())
# titles before a name that are no role word ("Professor Samuel Moyn of Yale University")
_PERSON_TITLES = frozenset(
    """professor mr mr. mrs mrs. ms ms. superintendent inspector officer collector magistrate
    registrar principal dean rector bishop archbishop cardinal pope imam rabbi judge sheriff
    sergeant""".split()
)
assert ROLE_WORDS.issuperset(_JOINERS) and _NOT_NAME.issuperset(_JOINERS)


def run_matches(s: str) -> list[tuple[int, int, tuple[int, int, str, str | None] | None]]:
    """[(match start, match end, run or None)] for each run of two or more capitalised words;
    the run is (start, end, name, role) when the words look like a name, else None."""
    out = []
    # the matches of `_run_pattern(s).finditer(s)`, by one search after another from the end of the last
    # (a run is never empty; the look-behinds still see the text before the start): most
    # pieces hold one run or none, and a search that finds none costs less than a finditer
    rx = _run_pattern(s)
    # (a whole sentence in ASCII, as nearly always, is searched as bytes with every capital
    # made an "A" (_CAPS_TO_A): the pattern then opens with that letter, which the regex engine
    # finds by a plain character scan, where it tests a class at every character of the text)
    t = s.encode("ascii").translate(_CAPS_TO_A) if rx is _RUN_UPPER_ASCII and len(s) > _BYTES_LONG else s
    search = _RUN_UPPER_A_SEARCH if t is not s else rx.search
    m = search(t)
    end = len(s) - 3  # (a run has three characters at least, "A B")
    while m is not None:
        base, stop = m.span()
        out.append((base, stop, _run_of(s[base:stop], base)))
        if stop > end:
            break  # (no room for another run: no search)
        m = search(t, stop)
    return out


# `_RUN_UPPER_ASCII` for the bytes of an ASCII text whose capitals are all made "A": the same
# matches (every test of the pattern reads a capital as it does an "A": a capital, a word
# character; its literal words are all in lower case)
# (checked: the pattern opens with "[A-Z]", names no capital outside a class, and each class
# that holds a capital holds them all)
assert _RUN_UPPER_ASCII.pattern.startswith("[A-Z]") and _RUN_UPPER_ASCII.pattern.isascii()
assert not re.search("[A-Z]", re.sub(r"\[[^\]]*\]", "", _RUN_UPPER_ASCII.pattern))
assert all("A-Z" in c for c in re.findall(r"\[[^\]]*\]", _RUN_UPPER_ASCII.pattern) if re.search("[A-Z]", c))
# (its search kept, not the pattern: a bytes pattern has no text.ascii_form)
_RUN_UPPER_A_SEARCH = re.compile(("A" + _RUN_UPPER_ASCII.pattern[len("[A-Z]"):]).encode("ascii")).search
_CAPS_TO_A = bytes.maketrans(b"BCDEFGHIJKLMNOPQRSTUVWXYZ", b"A" * 25)
_BYTES_LONG = 60  # characters: in a short text the copy costs more than the scan it saves


def _run_of(g: str, base: int) -> tuple[int, int, str, str | None] | None:
    """The run (start, end, name, role) of a match `g` found at `base`, or None when its words
    do not look like a name (a role alone, "The Monday")."""
    # the words lower-cased: g.lower() cuts into the same words as g (lower-casing makes and
    # takes no white space) and lower-cases each as words[j].lower() does
    lows = g.lower().split()
    n = len(lows)
    # split the run into a role part and a name part: the name is the trailing run of
    # capitalised words that are not title words (k: where it starts, after the last title
    # word or joiner: "of", "the" and "for" are title words too)
    if "." in g:
        # (a word's dots taken off: only in a run with a dot, most have none, is a word's last
        # character read)
        k = n
        while k:
            w = lows[k - 1]
            if (w.rstrip(".") if w[-1] == "." else w) in ROLE_WORDS:
                break
            k -= 1
    elif ROLE_WORDS.isdisjoint(lows):
        # no title word, as in most runs (one set test, not one per word)
        if lows[0] not in _NOT_NAME:
            return base, base + len(g), g, None  # the whole run is the name (it has no dot)
        k = 0
    else:
        k = n
        while lows[k - 1] not in ROLE_WORDS:  # (one of them is)
            k -= 1
        # the most common shape, "US President Donald Trump": the title words from the first
        # (no non-name word at either end of them), then the name, no "of" to read. What the
        # steps below give for it (the role the words before the name, the name the rest: no
        # dot to take off), without them.
        if k < n and lows[k] not in _NOT_NAME and lows[k - 1] not in _NOT_NAME and lows[0] not in _NOT_NAME and (
            k < 3 or "of" not in lows
        ):
            rest = g.split(None, k)[k]
            p = len(g) - len(rest)
            return base + p, base + len(g), rest, g[:p].rstrip()
    if k > 2 and "of" in lows:
        found = _name_of_body(g, lows, k, base)
        if found is not None:
            return found
    elif k == 2 and lows[1] == "of" and (lows[0] in GENERIC_SPEAKERS or lows[0] in _GROUPS):
        return None  # "Residents of Ellapatti", "Students of JNU": people of a place, no name
    i = k
    while i < n and lows[i] in _NOT_NAME:
        i += 1
    if i == n:
        return None
    if k == 0 and i == 0:
        # no title word and no leading non-name word: the whole run (two words or more, first
        # and last not white space) is the name
        return base, base + len(g), g.rstrip("."), None
    # the name runs from word i to the end of the run (which ends with a word); the role, if
    # any, from the first title word that is kept and no joiner to the last one kept (words
    # that are no name, "The", "Monday", are not kept; joiners are)
    # (read in the lower-cased words alone: a joiner, "of", "the" or "for", is a _NOT_NAME
    # word too, and a word is a joiner only when its lower-cased form is one and it is in lower
    # case itself, which only then needs the words as they are)
    first = last = -1
    if k:
        first = 0
        while first < k and lows[first] in _NOT_NAME:
            first += 1
        if first == k:
            first = -1
        else:
            last = k - 1
            # (a title word that is also no name, "State" of "Secretary of State", is kept;
            # the loop stops at `first` at the latest)
            while lows[last] in _NOT_NAME and (lows[last] not in ROLE_WORDS or lows[last] in _NOT_NAME_ONLY) and not (
                lows[last] in _JOINERS and g.split()[last] in _JOINERS
            ):
                last -= 1
    if n - i < 2 and first < 0:
        return None
    if (last == i - 1) if first == 0 else (first < 0):
        # the role, if any, the words right before the name from the first, as nearly always:
        # the name is the rest of the run after its first i words (white space as it stands
        # inside it) and the role the text before the name (one split, no words joined)
        rest = g.split(None, i)[i]
        p = len(g) - len(rest)
        return base + p, base + len(g), rest.rstrip("."), g[:p].rstrip() if first == 0 else None
    words = g.split()
    starts = _word_starts(g, words)
    role = g[starts[first]:starts[last] + len(words[last])] if first >= 0 else None
    return base + starts[i], base + len(g), g[starts[i]:].rstrip("."), role


# words of a body's or a place's name, never of a person's ("Islamic Republic of Iran", "Red
# Crescent Society of Iran", "Raichur Institute of Medical Sciences")
_BODY_WORDS = frozenset(
    """republic kingdom states emirates union bank university institute institution college school
    academy church mosque temple shrine council committee commission organisation organization
    association society foundation federation league confederation centre center court house
    department agency authority board bureau corporation company group party front movement forces
    corps guard guards navy command museum hospital port airport city province county district
    region islands sea gulf bay act law fund trust alliance coalition assembly tribunal order village
    town camp""".split()
)


def _name_of_body(g: str, lows: list[str], k: int, base: int) -> tuple[int, int, str, str | None] | None:
    """The person in a run "[title] Name of Body" ("Professor Samuel Moyn of Yale University",
    "Giorgio Cafiero of Gulf State Analytics"), whose title part (the first k words) holds the
    "of": the name, and for role the title and the body ("Professor of Yale University",
    "Gulf State Analytics"); None when the words before "of" are no person's name (two words
    at least, none a title or a body's word: "Islamic Republic of Iran", "Bank of India")."""
    j = lows.index("of")
    if j < 2 or j >= k:
        return None
    p = j - 1
    while p >= 0 and lows[p] not in ROLE_WORDS and lows[p] not in _PERSON_TITLES:
        p -= 1
    if j - p - 1 < 2:
        return None
    for x in range(p + 1, j):
        if lows[x] in _NOT_NAME or lows[x] in _BODY_WORDS:
            return None
    words = g.split()
    starts = _word_starts(g, words)
    a, b = starts[p + 1], starts[j - 1] + len(words[j - 1])
    body = g[starts[j + 1]:].rstrip(".") if j + 1 < len(words) else ""
    title = g[starts[0]:starts[p] + len(words[p])] if p >= 0 else ""
    if not body:
        return None
    role = f"{title} of {body}" if title else body
    return base + a, base + b, g[a:b], role


def _word_starts(g: str, words: list[str]) -> list[int]:
    """Where each of the words of `g` (`g.split()`, g with no white space at either end)
    starts in it: what _WORD.finditer(g) gives."""
    starts = []
    pos = 0
    for w in words:
        pos = g.find(w, pos)
        starts.append(pos)
        pos += len(w)
    return starts


def capitalised_runs(s: str) -> list[tuple[int, int, str, str | None]]:
    """[(start, end, name, role)] for each run of capitalised words that looks like a name."""
    # (`[r for _, _, r in run_matches(s) if r is not None]`, by run_matches's own loop: no
    # list of matches to build and walk again, for each speaker's piece)
    out = []
    search = _run_pattern(s).search
    m = search(s)
    # (a run has three characters at least, "A B": after one that ends less than three
    # before the end, as a speaker's name before the verb does, no other is searched for)
    end = len(s) - 3
    while m is not None:
        base, stop = m.span()
        r = _run_of(s[base:stop], base)
        if r is not None:
            out.append(r)
        if stop > end:
            break
        m = search(s, stop)
    return out


# A character after which "bin", "de"... would not end a word: the one place where cutting a
# text changes what _RUN finds in it (its look-ahead sees the end of the piece instead).
_JOINS_ON = re.compile(r"[\w'’\-]")


def _ends_in_particle(s: str, y: int) -> bool:
    """Whether a piece of s that ends at y ends inside a word of which it holds "de", "bin",
    "ibn", "von" or "van": the pattern's look-ahead after that particle would see the piece's
    end where the whole text goes on, so the piece must be searched by itself."""
    return 0 < y < len(s) and s[y - 1] in "en" and _JOINS_ON.match(s, y) is not None


def found_alone(s: str, x: int) -> bool:
    """Whether every piece s[x:y] finds by itself the runs that the whole of s gives for it
    (`capitalised_runs(s[x:y]) == runs_in_piece(s, run_matches(s), x, y)` for every y): so
    it does unless a run could start at x right after a word character, which the look-behind
    of a search of s sees and that of the piece does not ("xAbbas Araghchi" from x = 1).

    The patterns look behind a run's first character only, and ahead of a run only after "de",
    "bin"...: the runs of s that lie in the piece are runs of the piece, and where one of s
    straddles an end of the piece or a particle's word goes on after it, runs_in_piece searches
    the piece itself."""
    if not x or x >= len(s) or s[x].isspace():
        return True
    c = s[x - 1]
    return not (c.isalnum() or c in "_'’-")  # (_JOINS_ON.match(s, x - 1) is None: \w is isalnum or "_")


def runs_in_piece(s: str, matches: list, x: int, y: int) -> list[tuple[int, int, str, str | None]]:
    """The runs of s[x:y] as the whole text gives them, taken from `matches = run_matches(s)`:
    `capitalised_runs(s[x:y])`, but that a run cannot start at x right after a word character
    (the look-behind sees it; see `found_alone`).

    A piece finds the runs of the whole text that lie inside it, provided that no run of the
    text straddles either end of the piece and that the piece does not end inside a word that
    ends in "de"/"bin"... (where the look-ahead would see the end of the piece). Otherwise the
    piece is searched itself.
    """
    if _ends_in_particle(s, y):
        return capitalised_runs(s[x:y])
    out = []
    for ms, me, r in matches:
        if ms >= y:
            break
        if ms < x < me or ms < y < me:
            return capitalised_runs(s[x:y])
        if r is not None and ms >= x and me <= y:
            out.append((r[0] - x, r[1] - x, r[2], r[3]))
    return out
