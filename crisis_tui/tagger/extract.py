"""Contacts, strikes and statements from the sentences where a trigger fired.

Each extractor looks only at one sentence (plus the name of the last person mentioned, for
"he said"), at the hits the one Aho-Corasick pass found in it, and at the words right before a
trigger: negation ("did not meet", "fell through"), hypotheticals ("could strike", "threatened
to strike", "has not ruled out strikes") and traps (a striker in a football match, a
cyberattack, a rocket on a test stand).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from crisis_tui.models import Casualties, Event
from crisis_tui.tagger.lexicon import Hit, Lexicon, tidy_name
from crisis_tui.tagger.names import GENERIC_SPEAKERS, capitalised_runs

MODE_PRIORITY = ("mediated", "video", "phone", "visit", "meeting", "talks", "message")
WEAPON_PRIORITY = ("drone", "missile", "air", "artillery", "naval", "ground")

# Triggers strong enough on their own; the rest need a military or diplomatic context.
STRONG_CONTACT = frozenset(
    """phone call phone calls telephone call telephone calls telephone conversation phone conversation
    spoke by phone spoken by phone talked by phone phone discussions phone talks telephone talks
    telephone exchanges phoned telephoned called his counterpart called her counterpart spoke with
    had spoken with talked with spoke on the phone calls with call with videoconference
    video conference video call virtual meeting met met with will meet to meet hold a meeting
    held a meeting meeting meetings summit hosted visited visit talks held talks round of talks
    negotiations indirect talks indirect negotiations indirect diplomacy indirect format
    mediat mediated mediating mediation mediator mediators shuttle diplomacy letter to exchanged letters
    stop over stopover sidelines negotiated negotiating discussed conferred""".split("\n")
)
STRONG_CONTACT = frozenset(w.strip() for line in STRONG_CONTACT for w in [line] if w)
_STRONG_CONTACT_WORDS = {
    "phone call", "phone calls", "telephone call", "telephone calls", "telephone conversation",
    "phone conversation", "spoke by phone", "spoken by phone", "talked by phone", "phone discussions",
    "phone talks", "telephone talks", "telephone exchanges", "phoned", "telephoned",
    "called his counterpart", "called her counterpart", "spoke with", "had spoken with", "spoke to",
    "talked with", "spoke on the phone", "calls with", "call with", "videoconference",
    "video conference", "video call", "virtual meeting", "met", "met with", "meet", "will meet",
    "to meet", "hold a meeting", "held a meeting", "meeting", "meetings", "summit", "hosted",
    "hosting", "visited", "visit", "visits", "talks", "held talks", "round of talks", "negotiations",
    "indirect talks", "indirect negotiations", "indirect diplomacy", "indirect format", "mediat",
    "shuttle diplomacy", "letter to", "exchanged letters", "stop over", "stopover", "sidelines",
    "negotiated", "negotiating", "discussed", "conferred", "phone", "telephone", "spoken with",
}
_WEAK_STRIKE = {
    "strike", "strikes", "struck", "attack", "attacks", "attacked", "attacking", "hit", "hits",
    "targeted", "targeting", "targets", "pounded", "pounding", "destroyed", "damaged", "wounded",
    "injured", "fired", "fire at", "launched", "launches", "punitive", "retaliation", "retaliatory",
    "operation", "operations", "war", "wage war", "fight", "fights", "fighters", "intercepted",
    "killed", "kill", "killing", "explosion", "exploded", "blast", "blasts", "seized", "captured",
    "shooting", "rocket", "drones", "drone", "missile", "shells", "fighting", "battle", "clashes",
    "clashed", "fought", "executed", "downed", "shot down", "detonat", "bomb", "bombs", "offensive",
    "raid", "raids", "assault", "blockade", "sank", "gunmen", "opened fire", "gunfire", "barrage",
}
# a strike needs one of these near a weak trigger
_ARMED_WORDS = re.compile(
    r"\b(?:troops|soldiers?|army|armed|forces|military|militants?|insurgents?|rebels?|jihadists?|"
    r"militia\w*|fighters?|warplanes?|jets?|bombers?|missiles?|rockets?|drones?|artillery|shell(?:s|ing)|"
    r"mortars?|air ?strikes?|air raids?|bomb(?:s|ing|ed)?|gunmen|gunfire|explosives?|grenades?|"
    r"suicide|idf|irgc|guards?|navy|naval|warships?|tanks|snipers?|airstrikes?|war|terrorists?|police|"
    r"strikes?\s+(?:hit|on|against|targeted|struck|damaged|destroyed))\b"
)
_HYP_BEFORE = re.compile(
    r"\b(?:could|would|might|may|should|can|will|shall|must|threaten(?:ed|s)?|threat(?:s)? (?:of|to)|"
    r"warn(?:ed|s|ing)? (?:of|against)|ready to|prepared to|plans? to|planning|consider(?:ing|ed)?|"
    r"possible|possibility of|potential|prospect of|risk of|fears? of|not ruled out|nor ruled out|"
    r"rule out|ruled out|vow(?:ed|s)? to|intend(?:s|ed)? to|pledged to|seek(?:s)? to|"
    r"(?:halt|halts|halting|stop|stops|end|cease|avoid|refrain(?:s)?(?: from)?|prevent|deter|"
    r"condemn(?:ed|s)?|denounc(?:ed|es)|unless|if|whether|no|not|never|without|against any|"
    r"deny|denied|denies|further|any|new wave of|future|called for|urged?))\b[^.;]{0,30}$"
)
_CLAIM = re.compile(r"\b(?:claimed?|claims|took responsibility|said (?:it|they) (?:had )?(?:carried out|launched|fired|targeted|struck|hit))\b")
_DENY_STRIKE = re.compile(r"\b(?:denied|denies|deny)\b[^.]{0,40}\b(?:strike|attack|responsib)")
_TRAP_STRIKE = re.compile(
    r"\b(?:labou?r|workers?|general|hunger|union|transport|rail|teachers?|doctors'?|nurses'?) strikes?\b|"
    r"\bstrikes? (?:action|a deal|a balance|a chord|a tone|an agreement|deal)\b|\bstruck (?:a|an) (?:deal|agreement|balance|chord|tone)\b|"
    r"\b(?:heart|panic|asthma) attacks?\b|\bcyber[- ]?attacks?\b|\battacks? on (?:democracy|the press|free speech)\b|"
    r"\b(?:struck|strikes?) (?:in|again) the \d+|\bhit (?:a|the) (?:record|high|low|market|shelves|headlines)\b|"
    r"\b(?:shares|stocks?|prices?|profits?) (?:hit|struck)\b"
)
_CONTEXT_TRAPS = ("trap.sport", "trap.cyber", "trap.tech")

_NUM_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100, "dozens": None, "scores": None, "several": None,
    "hundreds": None, "dozen": 12,
}
_NUM = r"(\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|a dozen|dozens|scores|several|hundreds)"
_KILLED = re.compile(
    r"(?:killing|killed|kills|left)\s+(?:at least |more than |over |some )?" + _NUM + r"\b|"
    r"(?:at least |more than |over |some )?" + _NUM + r"\s+(?:\w+\s+){0,3}?(?:were |have been |had been |was |are )?(?:killed|dead|died)\b",
    re.I,
)
_INJURED = re.compile(
    r"(?:wounding|injuring|injured|wounded|leaving)\s+(?:at least |more than |over |some )?" + _NUM + r"\b|"
    r"(?:at least |more than |over |some )?" + _NUM + r"\s+(?:\w+\s+){0,3}?(?:were |have been |had been |was |are |others )?(?:injured|wounded|hurt)\b",
    re.I,
)
_NO_CASUALTIES = re.compile(r"\bno (?:\w+ )?(?:casualties|injuries|deaths)\b|\bcaused no (?:injuries|casualties)\b", re.I)

_TARGET_AFTER = re.compile(
    r"^\s*(?:on|against|at|targeting|hit|hitting|struck|striking|into|in)\s+((?:the\s+)?[^,.;:]{2,80}?)"
    r"(?=\s+(?:in|on|at|near|across|with|after|before|while|as|during|late|early|overnight|last|this|that|which|who|killing|leaving|wounding|injuring|and cut)\b|[,.;:—–]|$)"
)
_TARGET_OBJ = re.compile(
    r"^\s*((?:the\s+|a\s+|an\s+)?[^,.;:]{2,80}?)(?=\s+(?:in|on|at|near|across|with|after|before|while|as|during|late|early|overnight|last|this|which|who|killing|leaving|wounding|injuring)\b|[,.;:—–]|$)"
)
_PLACE_PREP = re.compile(r"\b(?:in|at|near|from|to|into|across|outside|inside|over|towards?|around|of)\s*(?:the\s+)?(?:[\w'’\-]+\s+)?$", re.I)
_CLAUSE_SPLIT = re.compile(r";|\s+while\s+|\s+whereas\s+|,\s+and\s+|\s+but\s+|\s+after\s+|—|–|\s+as\s+|\s+following\s+|\s+before\s+")

_SPEECH_OBJECT = re.compile(r"^\s*(?:that\s+)?")
_SUBJECT_PRONOUN = re.compile(r"\b(he|she|they|it)\s*$", re.I)


@dataclass
class Sentence:
    """A sentence with its offset, its hits (relative offsets) and the document's quotes in it."""

    text: str
    start: int
    hits: list[Hit]
    quotes: list[tuple[int, int]] = field(default_factory=list)  # relative to the sentence

    def classes(self) -> set[str]:
        out = set()
        for h in self.hits:
            out.update(h.term.classes)
        return out


@dataclass
class DocumentState:
    """What later sentences need from earlier ones ("he said"), worked out only when asked."""

    seen: list = field(default_factory=list)
    lex: Lexicon | None = None

    def last_person(self) -> tuple[str | None, str | None]:
        for s in reversed(self.seen):
            found = _last_person_in(s, self.lex)
            if found:
                return found
        return None, None


def _rel(h: Hit, s: Sentence) -> tuple[int, int]:
    return h.start - s.start, h.end - s.start


def _names(s: Sentence, lex: Lexicon):
    """Actor and place mentions in the sentence, leftmost-longest, relative offsets."""
    out = []
    last_end = -1
    for h in s.hits:
        t = h.term
        if t.actor is None and t.place is None:
            continue
        a, b = _rel(h, s)
        if a < last_end:
            continue
        out.append((a, b, t))
        last_end = b
    return out


def _is_place_use(text: str, a: int, prev_place: bool) -> bool:
    before = text[max(0, a - 25):a]
    if _PLACE_PREP.search(before):
        return True
    if prev_place and re.search(r"(?:,|\band)\s*$", before):
        return True
    return False


def _hyp_or_neg(text: str, a: int, mods: list[int] | None = None) -> bool:
    # the lexicon pass already found the context words: no regex unless one is close before
    if mods is not None and not any(a - 60 <= m < a for m in mods):
        return False
    before = text[max(0, a - 60):a].lower()
    return bool(_HYP_BEFORE.search(before))


# ---------------------------------------------------------------- contacts


def extract_contacts(s: Sentence, lex: Lexicon, state: DocumentState) -> list[Event]:
    text = s.text
    low = text.lower()
    triggers = [(h, c) for h in s.hits for c in h.term.classes if c.startswith("ev.contact.")]
    if not triggers:
        return []
    classes = s.classes()
    if any(c in classes for c in ("trap.sport", "trap.tech")):
        return []
    parties: list[str] = []
    people: list[str] = []
    places: list[str] = []
    prev_place = False
    for a, b, t in _names(s, lex):
        is_place = t.place is not None and (t.actor is None or _is_place_use(text, a, prev_place))
        prev_place = is_place
        if is_place:
            if t.place not in places:
                places.append(t.place)
            continue
        if t.actor_type == "person":
            if t.actor not in people:
                people.append(t.actor)
            country = lex.actor_country.get(t.actor)
            if country and country not in parties:
                parties.append(country)
        elif t.actor:
            actor = lex.actor_country.get(t.actor, t.actor) if t.actor_type != "organisation" or t.actor in ("Islamic Revolutionary Guard Corps", "Israel Defense Forces") else t.actor
            if actor not in parties:
                parties.append(actor)
    # named people the gazetteer does not know, with a diplomatic title
    for a, b, name, role in capitalised_runs(text):
        if role and re.search(r"minister|president|envoy|ambassador|secretary|chancellor|king|emir|prime", role, re.I):
            canon = lex.actor_alias.get(name.lower(), name)
            if canon not in people and not any(canon in p or p in canon for p in people) and lex.actor_type.get(canon) != "country":
                people.append(canon)
    strong = [h for h, c in triggers if h.term.phrase in _STRONG_CONTACT_WORDS or c == "ev.contact.mediated"]
    if not strong:
        return []
    n_actors = len(parties) + len([p for p in people if p not in parties])
    if n_actors == 0 and capitalised_runs(text):
        n_actors = 1  # someone named, though not in the gazetteer ("Gen. Salim Idris meets ...")
    if n_actors == 0 and "diplomatic" not in classes:
        return []
    if n_actors == 0 and not re.search(r"\b(?:he|she|they|the two|both|leaders?|ministers?|delegations?|envoys?|sides)\b", low):
        return []
    # "meeting"/"visit" used as a plain noun about something else ("a meeting of the cabinet")
    if re.search(r"\b(?:cabinet|parliament|board|shareholders?|committee)\b", low) and len(parties) < 2 and not people:
        return []
    modes = set()
    for h, c in triggers:
        if h in strong or c == "ev.contact.mediated":
            modes.add(c.rsplit(".", 1)[1])
    if "indirect" in low or "mediat" in low or "intermediar" in low:
        modes.add("mediated")
    mode = next((m for m in MODE_PRIORITY if m in modes), "talks")
    first = min(strong, key=lambda h: h.start)
    a, _ = _rel(first, s)
    before = low[max(0, a - 50):a]
    status = "occurred"
    if re.search(r"\b(?:not|never|no|denied|denies|deny|without|declined|refused)\b[^.;]{0,40}$", before) or re.search(
        r"\b(?:fell through|fallen through|called off|cancel(?:l)?ed|turned down|declined|rejected|postponed|never took place|did not take place|has never accepted|will not accept)\b",
        low,
    ):
        status = "denied"
    elif re.search(
        r"\b(?:will|would|to be held|scheduled|planned|plans?|planning|set to|expected to|next|upcoming|due to|are to|is to|later (?:this|in the) week|agreed to (?:meet|hold)|invit\w+|proposed)\b",
        low,
    ) and not re.search(r"\b(?:held|met|hosted|had|spoke|discussed|took place|have held|engaged|exchanged)\b", low[: a + 30]):
        status = "planned"
    mediator = None
    if mode == "mediated":
        for p in parties:
            if re.search(re.escape(p.lower()) + r"\b[^.]{0,30}\b(?:mediat|host|facilitat)", low) or p in ("Oman", "Qatar", "Egypt"):
                mediator = p
                break
        if mediator is None:
            for pl in places:
                if pl in ("Oman", "Qatar", "Egypt", "Muscat", "Doha", "Cairo"):
                    mediator = {"Muscat": "Oman", "Doha": "Qatar", "Cairo": "Egypt"}.get(pl, pl)
                    break
    phrases = tuple(dict.fromkeys(text[_rel(h, s)[0]:_rel(h, s)[1]] for h in strong))
    return [Event(
        kind="contact", sentence=text, start=s.start, end=s.start + len(text),
        parties=tuple(parties), people=tuple(people), mode=mode, status=status,
        places=tuple(places), mediator=mediator, phrases=phrases,
    )]


# ---------------------------------------------------------------- strikes


def _casualties(text: str) -> Casualties | None:
    killed = injured = None
    pieces = []
    m = _KILLED.search(text)
    if m:
        num = m.group(1) or m.group(2)
        killed = _to_int(num)
        pieces.append(m.group(0))
    m = _INJURED.search(text)
    if m:
        num = m.group(1) or m.group(2)
        injured = _to_int(num)
        pieces.append(m.group(0))
    if _NO_CASUALTIES.search(text):
        killed = killed or 0
        injured = injured or 0
        pieces.append(_NO_CASUALTIES.search(text).group(0))
    if not pieces:
        return None
    return Casualties(killed=killed, injured=injured, text="; ".join(p.strip() for p in pieces))


def _to_int(num: str | None) -> int | None:
    if not num:
        return None
    num = num.lower().replace(",", "")
    if num.isdigit():
        return int(num)
    return _NUM_WORDS.get(num.replace("a ", ""))


def extract_strikes(s: Sentence, lex: Lexicon, state: DocumentState, doc_traps: set[str]) -> list[Event]:
    text = s.text
    low = text.lower()
    trig = [(h, c) for h in s.hits for c in h.term.classes if c.startswith("ev.strike.")]
    if not trig:
        return []
    classes = s.classes()
    if any(c in classes for c in _CONTEXT_TRAPS) or any(c in doc_traps for c in _CONTEXT_TRAPS):
        return []
    if _TRAP_STRIKE.search(low) and not re.search(r"air ?strikes?|missile|drone|bomb", low):
        return []
    armed = bool(_ARMED_WORDS.search(low))
    mods = [h.start - s.start for h in s.hits if any(c in ("mod.neg", "mod.hyp") for c in h.term.classes)]
    # keep the triggers that are not hypothetical or negated
    real = []
    for h, c in trig:
        a, b = _rel(h, s)
        weak = h.term.phrase in _WEAK_STRIKE or c == "ev.strike.unknown"
        if weak and not armed:
            continue
        if _hyp_or_neg(text, a, mods):
            continue
        if re.match(r"\s*(?:to|of)\s+(?:strike|attack|hit)\b", low[b:b + 12]) is not None and h.term.phrase in ("threat", "ready"):
            continue
        real.append((h, c, weak))
    if not real:
        return []
    # one strike per clause that has a real, strong-enough trigger
    bounds = [0] + [m.end() for m in _CLAUSE_SPLIT.finditer(text)] + [len(text) + 1]
    clauses: dict[int, list] = {}
    for h, c, weak in real:
        a, _ = _rel(h, s)
        idx = max(i for i, v in enumerate(bounds) if v <= a)
        clauses.setdefault(idx, []).append((h, c, weak))
    names = _names(s, lex)
    events = []
    for idx, items in sorted(clauses.items()):
        c_start, c_end = bounds[idx], min(bounds[idx + 1], len(text))
        clause_low = low[c_start:c_end]
        if all(weak for _, _, weak in items):
            # a weak trigger alone needs a weapon or an armed actor in its own clause
            if not _ARMED_WORDS.search(clause_low) and not re.search(r"\bhit\b|\bstruck\b|\bstrikes?\b", clause_low):
                continue
            if not _ARMED_WORDS.search(clause_low) and len(events) > 0:
                continue
        if re.search(r"\b(?:opened fire|shot|shooting|gunfire|gunmen)\b", clause_low) and not re.search(
            r"air|missile|drone|bomb|shell|artillery|rocket|mortar|raid|attack|strike|explosi|grenade|blast", clause_low
        ) and not re.search(r"\bkill|\bdead\b|\bdied\b", clause_low):
            continue
        weapons = set()
        for h, c, weak in items:
            kind = c.rsplit(".", 1)[1]
            if kind != "unknown":
                weapons.add(kind)
        for w in ("drone", "missile", "artillery"):
            if re.search({"drone": r"\bdrones?\b|\buavs?\b", "missile": r"\bmissiles?\b|\brockets?\b", "artillery": r"\bshell(?:s|ing|ed)\b|\bartillery\b|\bmortars?\b"}[w], clause_low):
                weapons.add(w)
        if re.search(r"\bair ?strikes?\b|\bwarplanes?\b|\bjets?\b|\bbomb(?:ers?|ing|ed)\b|\bair operations\b|\bair raids?\b", clause_low):
            weapons.add("air")
        weapon = next((w for w in WEAPON_PRIORITY if w in weapons), "unknown")
        if weapon == "ground" and weapons - {"ground"}:
            weapon = next(w for w in WEAPON_PRIORITY if w in weapons and w != "ground")
        first = min((h for h, _, _ in items), key=lambda h: h.start)
        ta, tb = _rel(first, s)
        attacker, target, places = _strike_roles(text, low, names, lex, ta, tb, c_start, c_end)
        status = "reported"
        if _DENY_STRIKE.search(low):
            status = "denied"
        elif _CLAIM.search(low):
            status = "claimed"
        events.append(Event(
            kind="strike", sentence=text, start=s.start, end=s.start + len(text),
            attacker=attacker, target=target, places=tuple(places), weapon=weapon,
            casualties=_casualties(text[c_start:c_end]) or (_casualties(text) if len(clauses) == 1 else None),
            status=status,
            phrases=tuple(dict.fromkeys(text[_rel(h, s)[0]:_rel(h, s)[1]] for h, _, _ in items)),
        ))
    return events


def _actor_of(t, lex: Lexicon) -> str | None:
    if t.actor is None:
        return None
    if t.actor_type == "person":
        return lex.actor_country.get(t.actor, t.actor)
    return lex.actor_country.get(t.actor, t.actor) if t.actor_type != "organisation" else (
        lex.actor_country.get(t.actor) if t.actor in ("Israel Defense Forces", "Islamic Revolutionary Guard Corps") else t.actor
    )


def _strike_roles(text, low, names, lex, ta, tb, c_start, c_end):
    attacker = None
    target = None
    places: list[str] = []
    prev_place = False
    before_names = []
    after_names = []
    for a, b, t in names:
        is_place_use = t.place is not None and (t.actor is None or _is_place_use(text, a, prev_place))
        prev_place = is_place_use
        if t.place and (is_place_use or t.actor is None or t.actor_type == "country" and a > tb):
            if t.place not in places:
                places.append(t.place)
        if c_start <= a < ta and not is_place_use:
            before_names.append((a, b, t))
        elif a >= tb and a < c_end + 40:
            after_names.append((a, b, t, is_place_use))
    # attacker: the nearest actor before the trigger in its clause, else "by X" after it
    for a, b, t in reversed(before_names):
        actor = _actor_of(t, lex)
        if actor:
            attacker = actor
            break
    if attacker is None:
        m = re.search(r"\bby\s+(?:the\s+)?", low[tb:c_end])
        if m:
            pos = tb + m.end()
            for a, b, t, _ in after_names:
                if a == pos or a == pos + 0:
                    attacker = _actor_of(t, lex)
                    break
    if attacker is None:
        # "X launched/fired ... at" with X before the clause
        for a, b, t in names:
            if a < ta and t.actor and not _is_place_use(text, a, False):
                attacker = _actor_of(t, lex)
    # target: "on/against/at/hit X" after the trigger, else the object after a verb trigger
    rest = text[tb:c_end]
    m = _TARGET_AFTER.match(rest)
    if m is None:
        m2 = re.search(r"\b(?:on|against|at|targeting|hit|hitting|struck|striking)\s+", rest[:80])
        if m2:
            m = _TARGET_AFTER.match(rest[m2.start():])
    if m is None and re.match(r"^(?:hit|struck|targeted|bombed|shelled|attacked|pounded|destroyed|damaged)$", low[ta:tb]):
        m = _TARGET_OBJ.match(rest)
    if m:
        target = tidy_name(m.group(1))
        target = re.sub(r"^(?:the|a|an)\s+", "", target, flags=re.I)
        if len(target) < 2 or target.lower() in ("it", "them", "him", "her", "their", "its"):
            target = None
    if target is None:
        for a, b, t, is_place_use in after_names:
            if t.actor and not is_place_use:
                target = _actor_of(t, lex)
                break
    if attacker is not None and target is not None and target == attacker:
        target = None
    return attacker, target, places


# ---------------------------------------------------------------- statements

_SAY_VERB = {
    "ev.statement.said": "said", "ev.statement.urged": "urged", "ev.statement.warned": "warned",
    "ev.statement.condemned": "condemned", "ev.statement.denied": "denied",
}
_VERB_OVERRIDE = {
    "threatened": "threatened", "threatens": "threatened", "accused": "accused", "accuses": "accused",
    "rejected": "rejected", "rejects": "rejected", "announced": "announced", "confirmed": "confirmed",
    "called for": "urged", "called on": "urged", "told": "said", "stated": "said", "described": "said",
    "criticized": "criticised", "criticised": "criticised", "blamed": "blamed",
}
_NOT_STATEMENT_VERB = {"statement", "spokesman", "spokeswoman", "spokesperson", "briefing", "press conference", "reports", "reported", "according to", "praise", "threat", "warning", "claims", "states", "say", "demand", "urge", "appeal to", "appeals", "invited", "asked", "asks"}
_MEDIA = re.compile(
    r"\b(?:agency|news|media|tv|television|broadcaster|newspaper|press tv|reuters|associated press|ap|afp|irna|tasnim|fars|isna|mehr|tass|xinhua|cnn|bbc|al jazeera|report|reports|sources?|witnesses|residents|officials|analysts|observers|experts)\b",
    re.I,
)
_ORG_HEAD = re.compile(
    r"((?:[A-Z][\w'’\-]*\s+){0,4}(?:Ministry|Office|Council|Foundation|Organi[sz]ation|Agency|Forces|Force|Army|Guard|Corps|Committee|Company|Department|Government|Cabinet|Centre|Center|Commission|Programme|Program|Fund|Movement|Party|Authority|Service|Court|Parliament|Kremlin|Pentagon)(?:\s+(?:of|for)\s+(?:the\s+)?(?:[A-Z][\w'’\-]*\s*){1,4})?)"
)


def _speaker_phrase(fragment: str, lex: Lexicon, from_end: bool):
    """Best name in a fragment next to a speech verb: (speaker, role) or (None, None)."""
    runs = capitalised_runs(fragment)
    cands = []
    # gazetteer actors first: they normalise well
    for m in re.finditer(r"[\w'’.\-]+(?:\s+[\w'’.\-]+){0,3}", fragment):
        pass
    low = fragment.lower()
    for alias, canon in ():
        pass
    for start, end, name, role in runs:
        canon = lex.actor_alias.get(name.lower())
        if canon is None:
            # "Iran's Foreign Ministry", "the Israeli military"
            canon = name
        cands.append((start, end, canon, role))
    orgs = [(m.start(1), m.end(1), tidy_name(m.group(1)), None) for m in _ORG_HEAD.finditer(fragment)]
    cands += orgs
    if not cands:
        return None, None
    cands.sort(key=lambda c: (c[1] if from_end else -c[0]))
    start, end, name, role = cands[-1]
    return name, role


def _resolve_speaker(name: str | None, role: str | None, lex: Lexicon):
    if not name:
        return None, role
    key = name.lower()
    if key in lex.actor_alias:
        return lex.actor_alias[key], role
    # possessive body: "Iran's Foreign Ministry" -> "Iranian Ministry of Foreign Affairs" style is
    # left as written but with the country normalised in front
    m = re.match(r"^(?:the\s+)?([\w\-]+)(?:'s|’s)?\s+(.+)$", name, re.I)
    if m and m.group(1).lower() in lex.actor_alias and lex.actor_type.get(lex.actor_alias[m.group(1).lower()]) == "country":
        country = lex.actor_alias[m.group(1).lower()]
        rest = m.group(2)
        if re.fullmatch(r"(?:military|army|armed forces|forces|defence forces|defense forces)", rest, re.I) and country == "Israel":
            return "Israel Defense Forces", role
        rest = re.sub(r"^Foreign Ministry$", "Ministry of Foreign Affairs", rest)
        return f"{country} {rest}", role
    return tidy_name(name), role


def extract_statements(s: Sentence, lex: Lexicon, state: DocumentState) -> list[Event]:
    text = s.text
    low = text.lower()
    trig = [(h, c) for h in s.hits for c in h.term.classes if c.startswith("ev.statement.")]
    quote = None
    q_span = None
    if s.quotes:
        q_span = max(s.quotes, key=lambda q: q[1] - q[0])
        quote = text[q_span[0]:q_span[1]].strip().rstrip(",").strip()
        if len(quote.split()) < 2:
            quote, q_span = None, None
    verbs = [(h, c) for h, c in trig if h.term.phrase not in _NOT_STATEMENT_VERB or h.term.phrase == "according to"]
    if not verbs and quote is None:
        return []
    if not verbs:
        return []
    # skip hypothetical speech ("could say") and speech inside a quotation
    picked = None
    for h, c in verbs:
        a, b = _rel(h, s)
        if q_span and q_span[0] <= a < q_span[1]:
            continue
        picked = (h, c, a, b)
        break
    if picked is None:
        return []
    h, c, a, b = picked
    phrase = h.term.phrase
    verb = _VERB_OVERRIDE.get(phrase, _SAY_VERB.get(c, "said"))
    speaker = role = None
    subj_text = ""
    if phrase == "according to":
        frag = text[b:b + 80].split(",")[0]
        speaker, role = _speaker_phrase(frag, lex, from_end=False)
    else:
        before = text[max(0, a - 120):a]
        # cut the subject clause at the last quotation/clause boundary
        cut = max(before.rfind("”"), before.rfind('"'), before.rfind(";"), before.rfind(":"))
        subj = before[cut + 1:] if cut >= 0 else before
        subj = re.split(r",\s+(?:who|which|whose)\b", subj)[0] if re.search(r",\s+(?:who|which)\b", subj) else subj
        subj = re.sub(r"\s+(?:have|has|had|also|reportedly|then|later|repeatedly|publicly)\s*$", "", subj)
        subj = re.sub(r"\s+(?:have|has|had)\s*$", "", subj)
        subj_text = re.sub(r"^.*?\b(?:In|At|On|From)\s+[A-Z][\w.]*,\s*", "", subj)
        if _SUBJECT_PRONOUN.search(subj[-12:] if len(subj) > 12 else subj) or re.search(r"\b(?:he|she)\s+(?:had\s+|has\s+)?$", subj.lower()):
            speaker, role = state.last_person()
        else:
            speaker, role = _speaker_phrase(subj, lex, from_end=True)
            after = text[b:b + 80]
            if speaker is None or re.match(r"^\s*,?\s*(?:[A-Z]|the\s+[a-z]+\s+[A-Z])", after) and cut >= 0 and cut > len(before) - 6:
                # '"...," said Aijaz Jan, the MLA'
                sp2, r2 = _speaker_phrase(re.split(r"[,.;]", after.lstrip(" ,"))[0] if after.strip() else "", lex, from_end=False)
                if sp2:
                    speaker, role = sp2, r2
                    m = re.match(r"^\s*,?\s*[^,]+,\s+(?:the\s+)?([^,.;]{3,60})", after)
                    if m and role is None and not re.search(r"\b(?:who|which|that|said|says)\b", m.group(1)):
                        role = m.group(1).strip()
    # an unnamed or generic speaker ("officials said", "he said") still makes a statement when
    # the verb is plainly speech; the speaker then stays empty
    verb_strong = phrase not in ("reported", "reports", "according to", "noted", "added", "statement", "described")
    generic_ok = True
    if speaker and _MEDIA.fullmatch(speaker.split()[-1]) and len(speaker.split()) <= 2:
        speaker = None
    if speaker and speaker.lower() in GENERIC_SPEAKERS:
        speaker = None
    speaker, role = _resolve_speaker(speaker, role, lex)
    if speaker and _MEDIA.search(speaker) and not re.search(r"ministry|office|council|forces|army", speaker, re.I):
        speaker = None
    if speaker is None and quote is None and not (generic_ok and verb_strong):
        return []
    speakers = [(speaker, role)]
    # "Chinese and U.N. spokespeople have urged", "Chancellor Olaf Scholz and President
    # Emmanuel Macron have supported": one statement per speaker
    if phrase != "according to" and " and " in subj_text:
        parts = [p.strip() for p in re.split(r"\s+and\s+|,\s+", subj_text.strip()) if p.strip()]
        found = []
        for part in parts[-3:]:
            sp, rl = _speaker_phrase(part, lex, from_end=True)
            if sp is None:
                words = part.split()
                for cand in (part, " ".join(words[:2]), words[0] if words else ""):
                    if cand.lower() in lex.actor_alias:
                        sp = lex.actor_alias[cand.lower()]
                        break
            if sp:
                found.append(_resolve_speaker(sp, rl, lex))
        if len(found) >= 2:
            speakers = found
    gist = None
    if quote is None:
        rest = text[b:].strip(" ,:")
        rest = re.sub(r"^that\s+", "", rest)
        gist = rest[:160].rstrip(".") or None
    return [Event(
        kind="statement", sentence=text, start=s.start, end=s.start + len(text),
        speaker=sp, role=rl, quote=quote, gist=gist, verb=verb,
        phrases=(text[a:b],),
    ) for sp, rl in speakers]


def update_state(s: Sentence, lex: Lexicon, state: DocumentState) -> None:
    """Remember the sentence, for "he said" in the next ones."""
    state.lex = lex
    state.seen.append(s)


def _last_person_in(s: Sentence, lex: Lexicon):
    last = None
    for h in s.hits:
        if h.term.actor_type == "person":
            last = (h.start, h.term.actor, None)
    for start, end, name, role in capitalised_runs(s.text):
        canon = lex.actor_alias.get(name.lower())
        if canon and lex.actor_type.get(canon) != "person":
            continue
        if role or canon:
            pos = s.start + start
            if last is None or pos >= last[0]:
                last = (pos, canon or name, role)
    return (last[1], last[2]) if last else None
