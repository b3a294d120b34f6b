"""Contacts, strikes and statements from the sentences where a trigger fired.

Each extractor looks only at one sentence (plus the name of the last person mentioned, for
"he said"), at the hits the one Aho-Corasick pass found in it, and at the words right before a
trigger: negation ("did not meet", "fell through"), hypotheticals ("could strike", "threatened
to strike", "has not ruled out strikes") and traps (a striker in a football match, a
cyberattack, a rocket on a test stand).
"""

from __future__ import annotations

import re
import weakref
from bisect import bisect_right
from dataclasses import dataclass, field, fields
from operator import attrgetter

from crisis_tui.models import Casualties, Event, slots_builder
from crisis_tui.tagger.lexicon import Hit, Lexicon, tidy_name
from crisis_tui.tagger.text import ascii_form
from crisis_tui.tagger.names import GENERIC_SPEAKERS, ROLE_WORDS, capitalised_runs, found_alone, run_matches, runs_in_piece

# Events are built by models.slots_builder: a plain object with Event's slots, filled by
# attribute stores and then made an Event by its __class__. The frozen dataclass __init__ (and
# dataclasses.replace) go through object.__setattr__ with its frozen check for each of the 20
# fields, and filling them through the slot descriptors' __set__ is a call each: both cost
# about three times as much. The result is the same Event, field for field.
new_event = slots_builder(Event)
_EVENT_NAMES = tuple(f.name for f in fields(Event))


def _event_replace():
    """`replace(e, **kw)`: `dataclasses.replace` for an Event, written out field by field once,
    on new_event's draft class."""
    ns = {"_new": object.__new__, "Event": Event, "_EventDraft": new_event.draft, "_setattr": setattr}
    exec(
        "def replace(old, /, **kw):\n"
        '    """`dataclasses.replace(old, **kw)` for an Event, faster."""\n'
        "    e = _new(_EventDraft)\n"
        + "".join(f"    e.{name} = old.{name}\n" for name in _EVENT_NAMES)
        + "    for name, value in kw.items():\n"
        "        _setattr(e, name, value)\n"
        "    e.__class__ = Event\n"
        "    return e\n",
        ns)
    return ns["replace"]


replace = _event_replace()


_new_casualties = slots_builder(Casualties)


MODE_PRIORITY = ("mediated", "video", "phone", "visit", "meeting", "talks", "message")
WEAPON_PRIORITY = ("drone", "missile", "air", "artillery", "naval", "ground")
_WEAPON_CLASSES = tuple((w, "ev.strike." + w) for w in WEAPON_PRIORITY)  # the trigger class naming each

# Triggers strong enough on their own; the rest need a military or diplomatic context.
_STRONG_CONTACT_WORDS = {
    "phone call", "phone calls", "telephone call", "telephone calls", "telephone conversation",
    "phone conversation", "spoke by phone", "spoken by phone", "talked by phone", "phone discussions",
    "phone talks", "telephone talks", "telephone exchanges", "phoned", "telephoned",
    "called his counterpart", "called her counterpart", "spoke with", "had spoken with", "spoke to",
    "talked with", "spoke on the phone", "calls with", "call with", "videoconference",
    "video conference", "video call", "virtual meeting", "met", "met with", "meet", "will meet",
    "to meet", "hold a meeting", "held a meeting", "meeting", "meetings", "summit", "hosted",
    "hosts", "hosting", "visited", "visit", "visits", "talks", "held talks", "round of talks", "negotiations",
    "indirect talks", "indirect negotiations", "indirect diplomacy", "indirect format", "mediat",
    "shuttle diplomacy", "letter to", "exchanged letters", "stop over", "stopover", "sidelines",
    "negotiated", "negotiating", "discussed", "conferred", "phone", "telephone", "spoken with",
    "meets", "meets with", "gathered with", "gather with", "sit down with", "audience with", "received",
    "receives", "talked", "talks with", "greeted", "greets", "convened", "welcomes", "warm welcome", "sit down to",
    "sat down with", "chatting with", "chatted with", "conferred with", "dialogue", "negotiating with",
    "negotiate with", "called me", "called him", "the call", "a call", "spoken to", "speaks to", "dialogue with",
    "conference", "convene", "convenes", "convening", "negotiates",
    "consulted with", "consults with", "consulting with", "held consultations", "consultations with", "confer with",
    "confers with", "lunch with", "dinner with", "dined with", "breakfast with", "by video link", "via video link", "exchanged views", "exchange of views", "wrote to",
    "sent a letter", "sent a message", "received a message", "received a letter", "delivered a message",
    "spoke directly", "talked directly", "emergency session", "special session", "closed-door session",
    "closed session",
}
# these make a contact only with someone named right after them ("received the Iranian envoy",
# not "the hospital received 184 wounded")
_NEEDS_OBJECT = frozenset({
    "received", "receives", "hosted", "hosts", "hosting", "welcomes",
    # a meal with someone named ("had lunch with Trump"), not "dinner with friends"
    "lunch with", "dinner with", "dined with", "breakfast with",
})
# "spoke by phone", "reached out by telephone" are calls; "the phone lines", "telephone
# diplomacy" are not
_BY_PHONE = frozenset({"phone", "telephone"})
_BY_PHONE_BEFORE = re.compile(r"\b(?:by|on the|over the|via)\s+$")
# a conference is a meeting of its participants; a news conference is one speaker's (unless
# joint: two leaders before the press have met)
_NEWS_CONFERENCE = re.compile(r"(?<!joint )\b(?:news|press)\s+$")
_OBJECT_NAME = re.compile(r"^\s+(?:(?:the|a|an|his|her|their|its|visiting|\w+'s|\w+’s)\s+)?(?:[a-z\-]+\s+){0,3}?[A-Z]")
# an offer to mediate ("Erdogan told Pezeshkian in a phone call that Turkey was ready to
# mediate"): the contact is the call, and no mediation has happened
_MEDIATION_OFFER = re.compile(
    r"\b(?:ready|willing|prepared|offer(?:ed|s|ing)?|propos(?:ed|es|ing)|able|volunteered)\s+to\s+(?:help\s+)?(?:mediat|broker)"
)
# "brokered", "to broker": a mediation only between sides named ("brokered a ceasefire between
# Israel and Iran"); "brokered the deal", "efforts to broker a settlement" tell of an outcome
_BROKER_WORDS = frozenset({"brokered", "brokering", "broker a", "broker an", "broker the", "to broker"})
# mediation and hosting words at a word's start: "immediately", "hostilities", "hostages" are
# none (each searched only in a clause that holds its letters)
_MEDIATES = re.compile(r"\bmediat")
_HOSTS = re.compile(r"\bhost(?:s|ed|ing)?\b")
# "received a message from Washington", "received a call from": the object tells the contact
# (a message, a call), not a meeting
_NOT_MET_OBJECT = re.compile(r"\s+(?:a|an|the)\s+(?:\w+\s+)?(?:message|letter|call|phone call|reply|response)\b")
# "Qatar, which hosts the largest US base", "Jordan hosts Syrian refugees": a country that hosts
# forces or people in its land, not a meeting with the name
_HOSTED_NOT_MET = re.compile(
    r"^\s+(?:(?:the|a|an|its|their)\s+)?(?:[a-z\-]+\s+){0,3}?(?:[A-Z][\w.\-]*\s+){1,3}(?:[a-z\-]+\s+){0,2}?"
    r"(?:troops|forces|soldiers|military|base|bases|personnel|warships|jets|aircraft|missiles|marines|"
    r"refugees|migrants|asylum|workers|students|tourists|fans|players|team)\b"
)
_WEAK_STRIKE = {
    "strike", "strikes", "struck", "attack", "attacks", "attacked", "attacking", "hit", "hits",
    "targeted", "targeting", "targets", "pounded", "pounding", "destroyed", "damaged", "wounded",
    "injured", "fired", "fire at", "launched", "launches", "punitive", "retaliation", "retaliatory",
    "operation", "operations", "war", "wage war", "fight", "fights", "fighters", "intercepted",
    "killed", "kill", "killing", "explosion", "exploded", "blast", "blasts", "seized", "captured",
    "shooting", "rocket", "drones", "drone", "missile", "shells", "fighting", "battle", "battles", "clashes",
    "clashed", "fought", "executed", "downed", "shot down", "detonat", "bomb", "bombs", "offensive",
    "raid", "raids", "assault", "blockade", "sank", "gunmen", "opened fire", "gunfire", "barrage",
    # a campaign is many attacks over time ("taking part in the air campaign"), ethnic cleansing
    # a charge as often as a report: both need an armed side or a weapon
    "air campaign", "air operations", "ethnic cleansing",
}
# a strike needs one of these near a weak trigger
_ARMED_WORDS = re.compile(
    r"\b(?:troops|soldiers?|army|armed|forces|military|militants?|insurgents?|rebels?|jihadists?|"
    r"militia\w*|fighters?|warplanes?|jets?|bombers?|missiles?|rockets?|drones?|artillery|shell(?:s|ing)|"
    # a warplane by its designation: "F-35s", "an F-16", "B-2s", "Su-25", "MiG-29" (two digits at
    # most: not a Ford "F-150")
    r"(?:f|b|su|mig)-\d{1,2}s?|"
    r"mortars?|air ?strikes?|air raids?|bomb(?:s|ing|ed)?|gunmen|gunfire|explosives?|grenades?|"
    r"suicide|idf|irgc|guards?|navy|naval|warships?|tanks|snipers?|airstrikes?|war|terrorists?|police|"
    r"strikes?\s+(?:hit|on|against|targeted|struck|damaged|destroyed)|"
    # armed groups by name, and who attacks: "Hamas attacked", "assailants", "helicopter gunships"
    r"hamas|hezbollah|houthis?|taliban|al[- ]qaeda|al[- ]shabaab|isis|isil|daesh|islamic state|boko haram|"
    r"gunships?|assailants?|attackers|paramilitar\w*|"
    # an attack or strike that kills people, or that is carried out: "the attacks have killed
    # eight leaders", "an Israeli strike killed 12 people", "carried out a series of attacks"
    # (the verbs by their stems: tried after every character of the gap, one test per stem)
    r"(?:attacks?|strikes?)\b[^.;]{0,60}?\b(?:kill(?:ed|ing|s)|wound(?:ed|ing)|injur(?:ed|ing))\s+(?:at\s+least\s+|more\s+than\s+|some\s+)?"
    r"(?:\d+|(?:one|two|three|four|five|six|seven|eight|nine|ten|dozens|scores|several|hundreds)\b|(?:\w+\s+){0,2}"
    r"(?:people|civilians|soldiers|residents|villagers|worshippers|children|women|men|policemen|officers|"
    r"commanders?|leaders?|members|officials?|guards?|bodyguards?|scientists?|journalists?|famil(?:y|ies))\b)|"
    r"carr(?:y|ies|ied|ying)\s+out\s+(?:[\w-]+\s+){0,4}?(?:attacks?|raids?|assaults?|bombings?|ambush(?:es)?)|"

    r"(?:set|sets|setting)\s+off\s+(?:an?\s+|the\s+|two\s+|several\s+)?(?:explosions?|blasts?|bombs?|explosives?)|"
    # a blast an armed group would claim: "no group had claimed responsibility for the explosion"
    # (not "took responsibility": a company takes it for the blast at its plant)
    r"claim\w*\s+responsibility\s+for\s+(?:the\s+|an?\s+|this\s+|these\s+)?(?:\w+\s+)?(?:explosions?|blasts?|bombings?))\b"
)
_HYP_BEFORE = re.compile(
    r"\b(?:could|would|might|may(?!\s*\d)(?<!\d\smay)|should|can|will|shall|must|threaten(?:ed|s)?|threat(?:s)? (?:of|to)|"
    r"warn(?:ed|s|ing)? (?:of|against)|ready to|prepared to|plans? to|planning|consider(?:ing|ed)?|"
    r"possible|possibility of|potential|prospect of|risk of|fears? of|not ruled out|nor ruled out|"
    r"rule out|ruled out|vow(?:ed|s)? to|intend(?:s|ed)? to|pledged to|seek(?:s)? to|"
    r"(?:halt|halts|halting|stop|stops|end|cease|avoid|refrain(?:s)?(?: from)?|prevent|deter|"
    # ("has not commented on the reported strike", "did not confirm the strike": the strike
    # is told, only the speaker's word is missing)
    r"unless|if|whether|no(?!\s+comment)|"
    r"not(?!\s+(?:\w+ly\s+)?(?:comment|commented|confirm|confirmed|verify|verified|disclose|disclosed|say|said)\b)|"
    r"never|without|against any|"
    r"further|any|(?<!launched )(?<!launches )(?<!launched a )(?<!launches a )(?<!began )(?<!fired )new wave of|future|called for|urged?|halted|paused|suspended))\b[^.;]{0,30}$"
)
# "the injured officers", "a wounded woman", "those injured", "nobody was injured": a casualty
# word that is an adjective, a noun for the casualties or negated tells of no attack by itself
_CASUALTY_ADJECTIVE = re.compile(
    r"(?:\b(?:the|a|an|his|her|their|its|our|those|these)\s+(?:\w+ly\s+)?|"
    r"\b(?:nobody|no one|none)\s+(?:\w+\s+)?(?:was|were|is|are|has been|had been|have been)\s+(?:\w+ly\s+)?)$"
)
_CASUALTY_WORDS = frozenset({"wounded", "injured"})
_KILL_VERBS = frozenset({"killed", "killing"})
# "launched a new bid", "fired the minister": launching and firing are attacks only with a
# weapon or an attack as their object, a target after "at/on/into", or a weapon before them
_LAUNCH_WORDS = frozenset({"launched", "launches", "fired"})
_LAUNCH_AFTER = re.compile(
    r"\s+(?:at|on|upon|into|towards?|against|from|across)\b|[^.;]{0,40}?\b(?:strikes?|attacks?|assaults?|"
    r"(?:counter-?)?offensives?|raids?|missiles?|rockets?|drones?|shells?|mortars?|barrages?|salvos?|air ?strikes?|"
    r"bombs?|projectiles?|grenades?|torpedo(?:es)?|operations?|incursions?|invasion|volleys?|waves? of|bombardments?|"
    r"shots|rounds|fire|artillery|uavs?)\b"
)
_LAUNCH_BEFORE = re.compile(
    r"\b(?:missiles?|rockets?|drones?|shells?|mortars?|projectiles?|shots|rounds|uavs?|artillery)\b[^.;]{0,30}$"
)
_INSTRUMENT = re.compile(
    r"^(?:warplanes?|fighter jets?|bombers?|warships?|howitzers?|snipers?|drones?|uavs?|missiles?|rockets?|"
    r"ballistic missiles?|cruise missiles?|artillery|mortars?|tanks|shells|aerial|navy vessels?)$"
)
_INSTRUMENTS: dict[str, bool] = {}


def _instrument(phrase: str) -> bool:
    """`_INSTRUMENT.match(phrase)`, once per trigger phrase (the lexicon's phrases: a bounded set)."""
    found = _INSTRUMENTS.get(phrase)
    if found is None:
        found = _INSTRUMENTS[phrase] = _INSTRUMENT.match(phrase) is not None
    return found


_ACTION = re.compile(
    r"\b(?:struck|strikes?|hit|hits|attack\w*|fired|fires|firing|launch\w*|bomb\w*|shell(?:ed|ing)|pounded|target\w*|"
    r"killed|killing|wounded|injured|destroyed|damaged|intercepted|shot down|downed|raid\w*|barrage|landed|slammed|"
    r"exploded|rained)\b"
)
# "North Korea fires suspected ballistic missile": a launch aimed at nothing named (a test, a
# show of force) is no attack; "fires missiles at a US base", "into northern Israel" are
_LAUNCH_ACTIONS = frozenset({"fired", "fires", "firing", "launch", "launches", "launched", "launching"})
_AIMED = re.compile(r"\b(?:at|on|into|towards?|against|upon)\b")


def _launch_only(clause_low: str) -> bool:
    """The clause's only verbs of attack (`_ACTION`) are of firing or launching, at nothing."""
    for w in _ACTION.findall(clause_low):
        if w not in _LAUNCH_ACTIONS:
            return False
    return _AIMED.search(clause_low) is None


# an opening phrase that names the attack this one answers: a clause of its own, whose strike is
# another (the US strikes, then Iran's salvo in "In what it called retaliation for weekend US
# strikes on its nuclear sites, Iran launched a salvo ... at Al-Udeid")
_INTRO_CAUSE = re.compile(
    r"\s*in (?:what (?:it|they|he|she|tehran|israel|moscow|kyiv) (?:called|described as|said was) (?:an? )?)?"
    r"(?:retaliation|response|revenge|reprisal)s? (?:for|to)\b[^,;]{3,160},\s*"
)
# a weapons test ("North Korea test-fires missile", "fired two missiles into the sea"): no attack
_MISSILE_TEST = re.compile(
    r"\btest[- ]?(?:fir\w*|launch\w*)|\b(?:missile|rocket|weapons?) tests?\b|"
    r"\btest(?:ed|s|ing)? (?:(?:a|an|the|its|two|three|several|new|another) )*(?:[\w-]+ )?(?:missiles?|rockets?)\b|"
    r"\b(?:fire[sd]?|firing|launch(?:es|ed|ing)?) (?:[\w-]+ ){0,4}?(?:into|in) (?:the )?(?:sea|ocean|waters)\b"
)
_NO_CLAIM = re.compile(r"\b(?:no (?:group|one|organi[sz]ation)|nobody|none)\b[^.;]{0,30}\bclaim")
_CLAIM = re.compile(r"(?<!not )\b(?:claimed?|claims|took responsibility|said (?:it|they) (?:had )?(?:carried out|launched|fired|targeted|struck|hit))\b")
# a denial keeps the strike, with its status: "Hamas denied carrying out the rocket attack",
# "Iran denied that it had launched drones at Saudi oil facilities"
_DENY_STRIKE = re.compile(
    r"\b(?:denied|denies|deny|denying)\b[^.]{0,60}?\b(?:strik|struck|attack|responsib|carr(?:y|ied|ying) out|launch|fir(?:e|ed|ing)\b|"
    r"target|hit\b|bomb|shell)"
)
_TRAP_STRIKE = re.compile(
    r"\b(?:labou?r|workers?|general|hunger|union|transport|rail|teachers?|doctors'?|nurses'?) strikes?\b|"
    r"\bstrikes? (?:action|a deal|a balance|a chord|a tone|an agreement|deal)\b|\bstruck (?:a|an) (?:deal|agreement|balance|chord|tone)\b|"
    r"\b(?:heart|panic|asthma) attacks?\b|\b(?:shark|dog|bear|animal|crocodile|alligator|tiger|leopard|lion|elephant|bee|wolf|snake) attacks?\b|\bcyber[- ]?attacks?\b|\battacks? on (?:democracy|the press|free speech)\b|"
    r"\b(?:struck|strikes?) (?:in|again) the \d+|\bhit (?:a|the) (?:record|high|low|market|shelves|headlines)\b|"
    r"\b(?:shares|stocks?|prices?|profits?) (?:hit|struck)\b|"
    # a retort: "rebels hit back at Deve Gowda" (with a weapon named it is an attack again)
    r"\b(?:hit|hits|hitting|strikes?|struck) back at\b|"
    # a penalty is no attack: "hits Hezbollah with fresh sanctions", "sanctions targeting banks"
    r"\b(?:hit|hits|hitting|struck|strikes?|target(?:s|ed|ing)?) (?:[\w'’.-]+ ){0,4}?with (?:\w+ )?"
    r"(?:sanctions|tariffs|fines?|penalties|duties|levies|export controls|restrictions|lawsuits?|bans?|visa bans?)\b|"
    r"\b(?:sanctions|tariffs|penalties|export controls) (?:\w+ )?(?:target(?:s|ed|ing)?|hit(?:s|ting)?)\b|"
    # a market aimed at: "targets overseas markets", "targeting growth" (not "targeted a crowded
    # market": gunmen do)
    r"\btarget(?:s|ed|ing)? (?:the |an? )?(?:(?:overseas|foreign|export|global|emerging|domestic|international|"
    r"mass|consumer|premium|luxury|retail|[\w]+-end) markets?|investors|sales|growth|inflation)\b|"
    # a work stoppage named by its kind or by what it closes ("indefinite strike", "went on a
    # flash strike", "strikes close the Eiffel Tower")
    r"\b(?:indefinite|flash|token|wildcat|nationwide|day-long|one-day|two-day|\d+-day) strikes?\b|"
    r"\b(?:went|go|goes|going|gone) on (?:an? )?(?:\w+ )?strike\b|\bstrikes? (?:close|closed|shut|disrupt\w*|cripple\w*|paraly[sz]\w*)\b|"
    r"\bstrikes? by (?:\w+ )?(?:workers|nurses|doctors|teachers|staff|employees|drivers|pilots|unions?|miners|dockers)\b"
)
# accidents, weather and crimes at home kill too: without a weapon of war or an armed force,
# a casualty word beside them is no strike ("killed when the car hit a tree", "helicopter
# crashes, seven killed", "killed in rain-related incidents", "attacking his wife with a knife")
_MISHAP = re.compile(
    r"\b(?:crash(?:es|ed)?|collid\w*|collision|accident\w*|drown\w*|electrocut\w*|snake ?bite|lightning|"
    r"rain-related|stampede|derail\w*|capsiz\w*|(?:his|her) (?:wife|husband))\b"
)
_WAR_ACTOR = re.compile(
    r"\b(?:troops|soldiers?|army|armed forces|military|militants?|insurgents?|rebels?|jihadists?|militia\w*|"
    r"warplanes?|artillery|shell(?:s|ing)|rockets?|mortars?|grenades?|explosives?)\b"
)
# ---------------------------------------------------------------- fast regex forms
#
# Python's regex engine skips ahead quickly only when a pattern starts with a literal or a
# character class; a pattern that starts with \b (or with an alternation) is tried at every
# position of the text, which makes a word-list search cost several microseconds a sentence.
# The forms below give the engine a class to skip by, and find exactly the same matches.


def _structure(pattern: str):
    """(index, character, groups open before it) of each "(", ")" and "|" of a pattern that is
    neither escaped nor inside a [...] class."""
    depth, cls, esc = 0, False, False
    for i, ch in enumerate(pattern):
        if esc:
            esc = False
        elif ch == "\\":
            esc = True
        elif cls:
            cls = ch != "]"
        elif ch == "[":
            cls = True
        elif ch in "()|":
            yield i, ch, depth
            depth += (ch == "(") - (ch == ")")


def _top_alternatives(pattern: str) -> list[str]:
    """The top-level alternatives of a pattern (split on | outside groups and classes)."""
    cuts = [i for i, ch, depth in _structure(pattern) if ch == "|" and depth == 0]
    return [pattern[x + 1:y] for x, y in zip([-1] + cuts, cuts + [len(pattern)])]


def _after_boundary(rx: re.Pattern) -> re.Pattern:
    r"""`rx`, every alternative of which starts with \b before a word character, as
    \W(?:...) to be searched in " " + text: a match there starts at a non-word character, the
    one before the word (the added space at the start), so the engine only tries those
    positions. `m.start()` is the word's start in text, `m.end() - 1` its end."""
    alts = _top_alternatives(rx.pattern)
    assert all(a.startswith(r"\b") for a in alts), rx.pattern
    return re.compile(r"\W(?:" + "|".join(a[2:] for a in alts) + ")", rx.flags)


def _group_end(pattern: str) -> int:
    """The index of the ")" that closes the group opening the pattern."""
    for i, ch, depth in _structure(pattern):
        if ch == ")" and depth == 1:
            return i
    raise ValueError(pattern)


def _spread(alt: str) -> list[str]:
    """An alternative that starts with a (?:...) group, as one alternative per alternative of
    the group: "(?:a|b)c" -> ["ac", "bc"] (the same strings)."""
    if alt.startswith("(?:"):
        end = _group_end(alt)
        rest = alt[end + 1:]
        if rest[:1] not in ("?", "*", "+", "{"):
            return [x for g in _top_alternatives(alt[3:end]) for x in _spread(g + rest)]
    return [alt]


def _by_first_letter(alts: list[str]) -> str:
    """Alternatives gathered under their first letter: "army|armed|troops" -> "a(?:rmy|rmed)|troops".

    The regex engine tries the branches of an alternation one by one (a branch whose first
    letter differs costs it a comparison); gathered, it tries one branch per first letter. The
    order of the alternatives changes (those that start with no plain letter go last), so in
    general this serves only a test whether there is a match; the matches themselves stay the
    same when no such alternative can start where a letter one does (those with one first
    letter keep their order)."""
    groups: dict[str, list[str]] = {}
    other = []
    for a in alts:
        if a[:1].isascii() and a[:1].isalpha() and a[1:2] not in ("?", "*", "+", "{"):
            groups.setdefault(a[0], []).append(a[1:])
        else:
            other.append(a)
    out = [c + (rests[0] if len(rests) == 1 else "(?:" + "|".join(rests) + ")") for c, rests in groups.items()]
    return "|".join(out + other)


def _fast_form(rx: re.Pattern) -> re.Pattern:
    """`rx` (its alternatives each opening with \\b) in its `_after_boundary` form, the
    alternatives (those of a group it starts with, too) gathered by `_by_first_letter`: a match
    in " " + s wherever rx matches in s, its first character the one before rx's match."""
    alts = _top_alternatives(rx.pattern)
    assert all(a.startswith(r"\b") for a in alts), rx.pattern
    return re.compile(r"\W(?:" + _by_first_letter([x for a in alts for x in _spread(a[2:])]) + ")", rx.flags)


def _has(rx: re.Pattern, needs: tuple[str, ...] = ()):
    """`lambda s: rx.search(s) is not None`, for a pattern `_after_boundary` can take.

    `needs`: substrings one of which every match contains (each alternative of the pattern
    spells one of them out): without any of them in the text, no regex is run at all.
    The pattern is searched in its `_after_boundary` form with its alternatives (those of a
    group it starts with, too) gathered by `_by_first_letter`."""
    fast = _fast_form(rx)
    search, search_ascii = fast.search, ascii_form(fast).search  # see text.ascii_form
    if needs:
        # (the pre-check written out, not `_any_in(s, needs) and ...`: a Python call less per
        # test, ~70 tests an article; and generated as one `or` chain of `in` tests, not a loop
        # over `needs`: no iteration step per word)
        ns = {"search": search, "search_ascii": search_ascii}
        exec(
            "def has(s):\n"
            f"    if {' or '.join(f'{w!r} in s' for w in needs)}:\n"
            "        return (search_ascii if s.isascii() else search)(' ' + s) is not None\n"
            "    return False\n",
            ns)
        return ns["has"]
    return lambda s: (search_ascii if s.isascii() else search)(" " + s) is not None


# `_CLAUSE_SPLIT` and `_CONTACT_CLAUSE` with the first character taken by a class, the branch
# then chosen by a look-behind at it: same matches, same order of trial.
_CLAUSE_SPLIT_FAST = re.compile(
    r"[;—–,\s](?:(?<=[;—–])|(?<=,)\s+and\s+|(?<=\s)\s*(?:while|whereas|but|after|as|following|before)\s+)"
)


def _clause_ends(rx: re.Pattern, text: str) -> list[int]:
    """`[m.end() for m in rx.finditer(text)]` for a clause pattern (`_CLAUSE_SPLIT_FAST` or
    `_CONTACT_CLAUSE_FAST`); in a text whose only white space is " " (a printable text) from
    cheaper searches (`_split_spans`, `_contact_spans`)."""
    # (the pattern told by identity: a dict keyed by patterns hashes the compiled code each
    # time, ~4,000 instructions)
    contact = rx is _CONTACT_CLAUSE_FAST
    if contact and "before" not in text:
        # the contact breaks but "before" (";", ", and", ", while") are found by the same
        # searches whatever the white space (_CONTACT_COMMA takes any): no printable test,
        # which looks every character up in the Unicode tables
        return _contact_ends(text)
    ascii = text.isascii()
    # The cheaper searches need a text whose only white space is " " (a printable text's is).
    # In ASCII text the rest of it is one of the control characters below: a str.find of each
    # (a memchr) costs less than half of text.isprintable(), which looks every character up in
    # the Unicode tables. (Other control characters are no white space to either search.)
    if (
        not ("\t" in text or "\r" in text or "\n" in text or "\x0b" in text or "\x0c" in text or "\x1c" in text
             or "\x1d" in text or "\x1e" in text or "\x1f" in text)
        if ascii else text.isprintable()
    ):
        ends = _contact_spans(text) if contact else _split_spans(text)
        if ends is not None:
            return ends
    if ascii:
        rx = _CONTACT_CLAUSE_ASCII if contact else _CLAUSE_SPLIT_ASCII
    return [m.end() for m in rx.finditer(text)]


_CONTEXT_TRAPS = ("trap.sport", "trap.cyber", "trap.tech")

_NUM_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30,
    "forty": 40, "fifty": 50, "hundred": 100, "dozens": None, "scores": None, "several": None,
    "hundreds": None, "dozen": 12,
}
_NUM = r"(\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|a dozen|dozens|scores|several|hundreds)"


def _casualty_pattern(verb: str, after: str, num: str = _NUM, start: str = "") -> str:
    """"killing at least 7" (`verb` and a number) or "7 people were killed" (a number and `after`;
    not across "and": in "killed 50 and injured 53" the 50 are the dead)."""
    return (
        verb + r"\s+(?:at least |more than |over |some )?" + num + r"\b|"
        # (a number is a word of its own: not the "one" of "drone attack wounded")
        + r"\b" + start + r"(?:at least |more than |over |some )?" + num + r"\s+(?:(?!and\s)\w+\s+){0,3}?" + after + r"\b"
    )


_KILLED_WORDS = (r"(?:killing|killed|kills|left)", r"(?:were |have been |had been |was |are )?(?:killed|dead|died)")
_INJURED_WORDS = (
    r"(?:wounding|injuring|injured|wounded|leaving)",
    r"(?:were |have been |had been |was |are |others )?(?:injured|wounded|hurt)",
)
_KILLED = re.compile(_casualty_pattern(*_KILLED_WORDS), re.I)
_INJURED = re.compile(_casualty_pattern(*_INJURED_WORDS), re.I)
# The regex engine tries these at every character of the window: the same patterns with the
# number words gathered by first letter (`_by_first_letter`; here the matches are the same: two
# words with different first letters never match at one place, and those with the same keep
# their order) and, before the second form, a look-ahead for the characters it can start with
# (those of "at least", "more", "over", "some" and of the numbers).
_NUM_FAST = "(" + _by_first_letter(_top_alternatives(_NUM[1:-1])) + ")"
_NUM_START = r"(?=[\dadefhmnost])"
_NO_CASUALTIES = re.compile(r"\bno (?:\w+ )?(?:casualties|injuries|deaths)\b|\bcaused no (?:injuries|casualties)\b", re.I)

# The target phrase after a trigger ends before one of these words (a preposition, a linking
# word, a participle of its own), at a mark or at the end. The look-ahead is tried after every
# character of the phrase: its words gathered by first letter (`_by_first_letter`) cost the
# regex engine one test per letter, not one per word, at each space (a look-ahead only asks
# whether one of them matches: the order of the words does not change the match).
_TARGET_AFTER_ENDS = (
    "in on at near across with after before while as during late early overnight last this that which who killing "
    "leaving wounding injuring killed was were has have had"
).split() + ["and cut"]
_TARGET_OBJ_ENDS = (
    "in on at near across with after before while as during late early overnight last this which who killing leaving "
    "wounding injuring killed wounded injured"
).split()
# the words that open a target after its trigger ("struck | on the base", "hit | at ...")
_TARGET_AFTER_OPEN = r"(?:on|against|at|targeting|hit|hitting|struck|striking|into|in)"
_TARGET_AFTER = re.compile(
    r"^\s*" + _TARGET_AFTER_OPEN + r"\s+((?:the\s+)?[^,.;:]{2,80}?)"
    r"(?=\s+(?:" + _by_first_letter(_TARGET_AFTER_ENDS) + r")\b|[,.;:—–]|$)"
)
_TARGET_OBJ = re.compile(
    r"^\s*((?:the\s+|a\s+|an\s+)?[^,.;:]{2,80}?)(?=\s+(?:" + _by_first_letter(_TARGET_OBJ_ENDS) + r")\b|[,.;:—–]|$)"
)
# the prepositions before a place ("in", "near the", ...): _PLACE_PREP's, and read backwards
# by _PLACE_PREP_REVERSED
_PLACE_PREP_WORDS = ("in", "at", "near", "from", "to", "into", "across", "outside", "inside", "over", "toward", "towards",
                     "around", "of")
_PLACE_PREP = re.compile(r"\b(?:" + "|".join(_PLACE_PREP_WORDS) + r")\s+(?:the\s+)?(?:[\w'’\-]+\s+)?$", re.I)
_PLACE_PREP_LOW = re.compile(_PLACE_PREP.pattern)  # the same, on lower-cased text: no re.I
# ";", a dash, ", and", or one of the linking words between spaces ("while", "but", "after", ...)
_CLAUSE_SPLIT = re.compile(r";|—|–|,\s+and\s+|\s+(?:while|whereas|but|after|as|following|before)\s+")

_SPEECH_OBJECT = re.compile(r"^\s*(?:that\s+)?")
_SUBJECT_PRONOUN = re.compile(r"\b(he|she|they|it)\s*$", re.I)


# precompiled: these run once per trigger or clause
_AND_END = re.compile(r"(?:,|\band)\s*$")
_HARD_WEAPON = re.compile(r"air ?strikes?|missile|drone|bomb")
_TO_STRIKE = re.compile(r"\s*(?:to|of)\s+(?:strike|attack|hit)\b")
_HIT_WORD = re.compile(r"\bhit\b|\bstruck\b|\bstrikes?\b")
_GUNFIRE = re.compile(r"\b(?:opened fire|shot|shooting|gunfire|gunmen)\b")
_HEAVY = re.compile(r"air|missile|drone|bomb|shell|artillery|rocket|mortar|raid|attack|strike|explosi|grenade|blast|jet|warplane|helicopter|shot down")
# The two above as substring tests (a match of either is one of these strings): the regex engine
# would stop at every character that can start a word of the list, str.find runs in C.
_HARD_WEAPON_WORDS = ("missile", "drone", "airstrike", "air strike", "bomb")
_HEAVY_WORDS = tuple(_HEAVY.pattern.split("|"))
_DEATH = re.compile(r"\bkill|\bdead\b|\bdied\b")
_WEAPON_WORDS = {
    "drone": re.compile(r"\bdrones?\b|\buavs?\b"),
    "missile": re.compile(r"\bmissiles?\b|\brockets?\b"),
    # (not a bombing on the ground: "a suicide bomber", "a car bombing", "a roadside bomb")
    "air": re.compile(
        r"\bair ?strikes?\b|\bwarplanes?\b|\bjets?\b|\b(?<!suicide )(?<!car )(?<!truck )(?<!roadside )(?<!pipe )"
        r"(?<!nail )(?<!bus )bomb(?:ers?|ing|ed)\b|\bair operations\b|\bair raids?\b"
    ),
    "artillery": re.compile(r"\bshell(?:s|ing|ed)\b|\bartillery\b|\bmortars?\b"),
}
# a substring of every match of each _WEAPON_WORDS pattern
_WEAPON_NEEDS = {
    "drone": ("drone", "uav"),
    "missile": ("missile", "rocket"),
    "air": ("air", "warplane", "jet", "bomb"),
    "artillery": ("shell", "artillery", "mortar"),
}
_BY = re.compile(r"\bby\s+(?:the\s+)?")
_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.I)
_POSS_NAME = re.compile(r"^(?:the\s+)?([\w\-]+)(?:'s|’s)?\s+(.+)$", re.I)
_FORCES = re.compile(r"(?:military|army|armed forces|forces|defence forces|defense forces)", re.I)
_RELATIVE = re.compile(r",\s+(?:who|which|whose)\b")
_COMMA_SEMI = re.compile(r"[,;]")
_HE_SHE = re.compile(r"\b(?:he|she)\s+(?:had\s+|has\s+)?$")
_INVERTED = re.compile(r"^\s*,?\s*(?:[A-Z]|the\s+[a-z]+\s+[A-Z])")
_COMMA_DOT_SEMI = re.compile(r"[,.;]")
_APPOSITION = re.compile(r"^\s*,?\s*[^,]+,\s+(?:the\s+)?([^,.;]{3,60})")
_NOT_ROLE = re.compile(r"\b(?:who|which|that|said|says)\b")
_MEDIA_BODY = re.compile(r"ministry|office|council|forces|army|organi[sz]ations", re.I)
_LEAD_PLACE = re.compile(r"^.*?\b(?:In|At|On|From)\s+[A-Z][\w.]*,\s*")
_AND_COMMA = re.compile(r",?\s+and\s+|,\s+")
_LETTERS = re.compile(r"[a-z]+")
_ALSO = re.compile(r"\balso\b")


@dataclass(slots=True)
class Sentence:
    """A sentence with its offset, its hits (relative offsets) and the document's quotes in it."""

    text: str
    start: int
    hits: list[Hit]
    quotes: list[tuple[int, int]] = field(default_factory=list)  # relative to the sentence
    _names: list | None = None  # computed once, by `_names` (Tagger._read fills it in its walk)
    _runs: list | None = None  # capitalised runs, computed once, by `_runs`
    _low: str | None = None
    _run_matches: list | None = None  # names.run_matches of the text, computed once
    _report: int | None = None  # `_closing_report`, computed once
    kinds: int = 0  # lexicon.CONTACT | STRIKE | STATEMENT: the extractors its hits trigger
    traps: tuple = ()  # the trap classes of its hits, in hit order (most sentences have none)
    # its hits that trigger an extractor (Term.kinds set), in hit order: what the extractors
    # look for triggers in (a few hits of the sentence's many); None: all of `hits`
    triggers: list | None = None

    @property
    def low(self) -> str:
        if self._low is None:
            self._low = self.text.lower()
        return self._low


# `Sentence(...)`, faster (models.slots_builder)
new_sentence = slots_builder(Sentence)
_new_object = object.__new__
_NO_QUOTES = ()  # (read_sentences: a sentence's quotes until it has one, then a list)


def read_sentences(text: str, spans: list[tuple[int, int]]) -> list[Sentence]:
    """`[new_sentence(text[a:b], a, [], (), triggers=[]) for a, b in spans]` for the reader:
    no call per sentence, no keyword argument, no defaults to take, no test for a default
    factory (less than half the cost). A sentence's quotes are a shared empty tuple, which the
    reader replaces with a list when it finds one in the sentence (most sentences have none)."""
    out = []
    for a, b in spans:
        o = _new_object(Sentence)
        o.text = text[a:b]
        o.start = a
        o.hits = []
        o.quotes = _NO_QUOTES
        o._names = None
        o._runs = None
        o._low = None
        o._run_matches = None
        o._report = None
        o.kinds = 0
        o.traps = ()
        o.triggers = []
        out.append(o)
    return out


# (read_sentences fills every field: one added to Sentence must be filled there too)
assert [f.name for f in fields(Sentence)] == [
    "text", "start", "hits", "quotes", "_names", "_runs", "_low", "_run_matches", "_report", "kinds", "traps",
    "triggers"]


def _triggers(s: Sentence) -> list:
    """The sentence's hits that can trigger an extractor (every other hit has no event class)."""
    return s.hits if s.triggers is None else s.triggers


class DocumentState:
    """What later sentences need from earlier ones ("he said"), worked out only when asked."""

    # (a plain class with slots and its own __init__: the dataclass's, with three default
    # factories, cost ~4.9K instructions per text)
    __slots__ = ("seen", "lex", "contacts", "index", "long_text", "strike_places")

    def __init__(
        self, seen: list | None = None, lex: Lexicon | None = None, contacts: list | None = None,
        index: int = 0, long_text: bool = False, strike_places: set | None = None,
    ):
        self.seen = [] if seen is None else seen
        self.lex = lex
        self.contacts = [] if contacts is None else contacts  # ContactDraft, in order
        self.index = index  # of the sentence being read
        self.long_text = long_text  # an article (LONG_TEXT sentences or more), not a feed item
        # places of the article's strikes so far
        self.strike_places = set() if strike_places is None else strike_places

    def last_person(self) -> tuple[str | None, str | None]:
        for s in reversed(self.seen):
            found = _last_person_in(s, self.lex)
            if found:
                return found
        return None, None

    def body_country(self, body: str) -> str | None:
        """Whose ministry "the Foreign Office" is: the country last named with that body."""
        key = next((k for k, rx in _BODY_KEYS if rx.search(body)), None)
        if key is None or self.lex is None:
            return None
        for s in reversed(self.seen):
            # every match says "ministry" or "office" (in any case): "try" or "ff" in the lower
            # case, letters that re.I matches with nothing else (as it does "i" with "ı")
            low = s.low
            if "try" not in low and "ff" not in low:
                continue
            for m in reversed(list(_COUNTRY_BODY.finditer(s.text))):
                if next((k for k, rx in _BODY_KEYS if rx.search(m.group(2))), None) != key:
                    continue
                c = self.lex.actor_alias.get(m.group(1).lower())
                if c and self.lex.actor_type.get(c) == "country":
                    return c
        return None


def new_document_state(lex: Lexicon, long_text: bool) -> DocumentState:
    """`DocumentState(lex=lex, long_text=long_text)`, faster: the slots stored by a function that
    takes its two values by position (a keyword call, and __init__'s tests of its defaults, cost
    as much again; Tagger.tag makes one for every text)."""
    o = _new_object(DocumentState)
    o.seen = []
    o.lex = lex
    o.contacts = []
    o.index = 0
    o.long_text = long_text
    o.strike_places = set()
    return o


# (new_document_state fills every slot: one added to DocumentState must be filled there too)
assert DocumentState.__slots__ == ("seen", "lex", "contacts", "index", "long_text", "strike_places")


_STATE_FORCES = ("Islamic Revolutionary Guard Corps", "Israel Defense Forces", "Sudanese Armed Forces")
# state bodies whose strikes are their country's (the council that orders them, too)
_STATE_ATTACKERS = ("Israel Defense Forces", "Islamic Revolutionary Guard Corps", "Supreme National Security Council")


def _before_that(clause: str, a: int) -> str:
    """The clause up to the words reported after its trigger at `a` ("told Macron in a phone call
    that Iran would respond": the call is no plan)."""
    k = clause.find(" that ", a)
    return clause if k < 0 else clause[:k]


def _trapped(s: Sentence, traps) -> bool:
    """Two cue words of a trap domain (a match, a product launch) in the sentence."""
    n = 0
    for c in s.traps:
        if c in traps:
            n += 1
    return n >= 2


_TITLE_BEFORE = re.compile(
    r"\b(?:chief|minister|envoy|ambassador|president|secretary|adviser|advisor|spokes(?:man|woman|person)|negotiator|"
    r"diplomat|counterpart|premier|chancellor|leader|official)\s*$"
)


def _runs(s: Sentence) -> list:
    """Capitalised name runs of the sentence, computed once."""
    runs = s._runs
    if runs is None:
        # (a loop: a list comprehension is a function made and called, ~2K instructions)
        runs = []
        for _, _, r in _sentence_runs(s):
            if r is not None:
                runs.append(r)
        s._runs = runs
    return runs


def _runs_in(s: Sentence, lo: int, hi: int) -> bool:
    for r in _runs(s):  # (a loop, not any() over a generator: no call)
        if lo <= r[0] < hi:
            return True
    return False


def _rel(h: Hit, s: Sentence) -> tuple[int, int]:
    return h.start - s.start, h.end - s.start


def _names(s: Sentence, lex: Lexicon | None):
    """Actor and place mentions in the sentence, leftmost-longest, relative offsets."""
    if s._names is not None:
        return s._names
    out = s._names = []
    last_end = -1
    base = s.start
    for h in s.hits:
        t = h.term
        if not t.named:  # (neither an actor nor a place)
            continue
        a = h.start - base
        if a < last_end:
            continue
        last_end = h.end - base
        out.append((a, last_end, t))
    return out


# _PLACE_PREP read backwards, for the reversed window: a match of it at the start (`match`, one
# try) is a match of _PLACE_PREP at the window's end, where a search tries each non-word
# character of the window (its \b: no word character after the reversed preposition; its $ at a
# final line break: the white space before it takes that too)
_PLACE_PREP_REVERSED = ascii_form(re.compile(
    r"\s+(?:[\w'’\-]+\s+)?(?:eht\s+)?(?:"
    + "|".join(p[::-1] for p in _PLACE_PREP_WORDS)
    + r")(?!\w)"
))


def _is_place_use(text: str, a: int, prev_place: bool) -> bool:
    # the 25 characters before `a`, reversed: one slice with a step of -1 (not a slice and then
    # its reversal); its stop, a - 26, would count from the text's end below 0
    if a > 25:
        rev = text[a - 1:a - 26:-1]
    else:
        rev = text[a - 1::-1] if a else ""
    if rev.isascii():
        # (lower-cased: for ASCII the same as lower-cased and reversed; a lower-cased copy costs
        # less than re.I, which looks each character's case up in the Unicode tables)
        if _PLACE_PREP_REVERSED.match(rev.lower()) is not None:
            return True
    elif _HAS_PLACE_PREP(rev[::-1].lower()):
        return True
    if prev_place:
        # _AND_END.search(before), read at the end: "," or the word "and", then white space only
        # (no search from every character of the window; in the reversed window, at its start)
        end = rev.lstrip()
        if end[:1] == "," or end[:3] == "dna" and not (end[3:4].isalnum() or end[3:4] == "_"):
            return True
    return False


def _hyp_or_neg(text: str, a: int, mods: list[int] | None = None) -> bool:
    # the lexicon pass already found the context words: no regex unless one is close before
    if mods is not None:
        for m in mods:  # (a loop, not any() over a generator: no call)
            if a - 60 <= m < a:
                break
        else:
            return False
    before = text[a - 60 if a > 60 else 0:a].lower()
    return _HAS_HYP_BEFORE(before)


# ---------------------------------------------------------------- contacts


_CONTACT_CLAUSE = re.compile(r";|,\s+and\s+(?!the\s+\w+\s+(?:of|and)\b)|,?\s+before\s+(?=the|they|both)|,\s+while\s+")
_CONTACT_CLAUSE_FAST = re.compile(
    r"[;,\s](?:(?<=;)|(?<=,)(?:\s+and\s+(?!the\s+\w+\s+(?:of|and)\b)|\s+before\s+(?=the|they|both)|\s+while\s+)"
    r"|(?<=\s)\s*before\s+(?=the|they|both))"
)
# text.ascii_form of the clause patterns, for sentences that are ASCII text
_CLAUSE_SPLIT_ASCII = ascii_form(_CLAUSE_SPLIT_FAST)
_CONTACT_CLAUSE_ASCII = ascii_form(_CONTACT_CLAUSE_FAST)

# The clause patterns in a printable text, where the only white space is " " (every other
# character \s matches is a separator or a control character, which str.isprintable() rejects).
# The patterns stop at every space (a class the regex engine tests each character against) to
# try the linking words after it; instead each kind of break is searched for by itself, with a
# literal first character the engine skips ahead to: a mark by str.find, ", and" from its comma,
# a linking word between single spaces, its match then widened to the runs of spaces around it
# (the pattern's match starts at the run's first space and takes the run after it). When no two
# of the matches overlap, they are the pattern's; when two do (", and but", "but  as"), a match
# that the pattern would skip could hide one it would not, so the pattern is run after all.
_LINK_WORD = re.compile(r" (?:w(?:hile|hereas)|b(?:ut|efore)|a(?:fter|s)|following) ")
_COMMA_AND = re.compile(r",\s+and\s+")
# the contact pattern's: ", and" (not before "the <word> of/and") or ", while"; "before" then "the/both"
_CONTACT_COMMA = re.compile(r",\s+(?:and\s+(?!the\s+\w+\s+(?:of|and)\b)|while\s+)")
_CONTACT_BEFORE = re.compile(r" \s*before\s+(?=the|they|both)")


def _space_run(text: str, i: int, j: int) -> tuple[int, int]:
    """The start of the run of spaces that text[i] (a space) ends, and the end of the run that
    text[j] (a space) starts."""
    while i > 0 and text[i - 1] == " ":
        i -= 1
    n = len(text)
    while j < n and text[j] == " ":
        j += 1
    return i, j


def _ends_apart(found: list) -> list[int] | None:
    """The ends of the (start, end) matches in order of start; None if two overlap."""
    if len(found) > 1:
        found.sort()
        last = -1
        for a, b in found:
            if a < last:
                return None
            last = b
    # (a loop, not a list comprehension: that is a function made and called, ~2K instructions)
    ends = []
    for _, b in found:
        ends.append(b)
    return ends


def _add_spans(rx: re.Pattern, text: str, found: list) -> None:
    """`rx.finditer(text)`'s spans (a search after another: with no match, one search)."""
    m = rx.search(text)
    while m is not None:
        found.append(m.span())
        m = rx.search(text, m.end())


def _add_marks(text: str, marks: tuple[str, ...], found: list) -> None:
    """The spans of each one-character mark in `text` (by str.find: the fastest search)."""
    for mark in marks:
        i = text.find(mark)
        while i >= 0:
            found.append((i, i + 1))
            i = text.find(mark, i + 1)


def _split_spans(text: str) -> list[int] | None:
    """`_CLAUSE_SPLIT_FAST`'s ends in a printable text (None: the pattern must be run)."""
    found = []
    # (each search only in a text with its first character; no call to sort no break)
    if not text.isascii():
        _add_marks(text, (";", "—", "–"), found)
    elif ";" in text:
        _add_marks(text, (";",), found)
    if "," in text:
        # (`_add_spans(_COMMA_AND, text, found)`, its first search in place: most commas have
        # no "and" after them, and then no call)
        m = _COMMA_AND.search(text)
        while m is not None:
            found.append(m.span())
            m = _COMMA_AND.search(text, m.end())
    m = _LINK_WORD.search(text)
    while m is not None:
        a, b = m.span()
        found.append(_space_run(text, a, b - 1))
        m = _LINK_WORD.search(text, b)
    return _ends_apart(found) if found else found


def _contact_spans(text: str) -> list[int] | None:
    """`_CONTACT_CLAUSE_FAST`'s ends in a printable text (None: the pattern must be run)."""
    found = []
    _add_marks(text, (";",), found)
    _add_spans(_CONTACT_COMMA, text, found)
    if " before " in text:
        _add_spans(_CONTACT_BEFORE, text, found)
    return _ends_apart(found)


def _clauses(ends: list[int], items: list, base: int, n: int):
    """(start, end, its items) of each clause of a sentence of length `n` that holds one of
    `items` (tuples, a trigger hit first, in text order as the sentence's hits are), in text
    order; `ends`: the clause breaks' ends. With no break, the one clause is the sentence (most
    sentences): no bounds or bisect."""
    if not ends:
        return ((0, n, items),)
    bounds = [0, *ends, n + 1]
    out = []
    last = -1
    for item in items:
        # the clause: the last whose start is at or before the trigger (bounds ascend)
        i = bisect_right(bounds, item[0].start - base) - 1
        # (the items are in text order, as the hits are: an item's clause is the last one's or
        # a later one, so the clauses come in text order without a dict or a sort)
        if i != last:
            last = i
            its = []
            hi = bounds[i + 1]
            out.append((bounds[i], hi if hi < n else n, its))
        its.append(item)
    return out


def _contact_ends(text: str) -> list[int]:
    """`_CONTACT_CLAUSE_FAST`'s ends in a text without "before", printable or not: a ";", or a
    comma with "and" or "while" (_CONTACT_COMMA, the pattern's own branches). No two of these
    overlap (a comma's match holds one comma and no ";"), so the pattern finds them all."""
    if ";" not in text:
        if "," not in text:
            return []
        m = _CONTACT_COMMA.search(text)
        if m is None:
            return []  # (most sentences: no list and no loops)
        # (no ";": the comma matches alone, found in text order by one search after another
        # from the first, kept: no second search from the start, no spans to sort)
        ends = []
        while m is not None:
            e = m.end()
            ends.append(e)
            m = _CONTACT_COMMA.search(text, e)
        return ends
    found = []
    _add_marks(text, (";",), found)
    if "," in text:
        _add_spans(_CONTACT_COMMA, text, found)
        found.sort()
    ends = []
    for _, b in found:  # (a loop, not a list comprehension: no call)
        ends.append(b)
    return ends


_GROUP_TWO = re.compile(r"\b(?:the two sides|both sides|the two(?: men| leaders| ministers| countries| delegations)?|the sides|the delegations|the leaders|both leaders|both ministers|the pair|they)\b")
_GROUP_MANY = re.compile(r"\b(?:the trio|the three|the three countries|the europeans|the european trio)\b")
_DENIED_BEFORE = re.compile(
    r"\b(?:not|never|no|denied|denies|deny|without|declined|refused|ruled out|rules out|rule out|ruling out)\b[^.;]{0,40}$"
)
_DENIED_ANY = re.compile(
    r"\b(?:fell through|fallen through|called off|cancel(?:l)?ed|turned down|declined|rejected|postponed|never took place|"
    r"did not take place|has never accepted|will not accept|never accepted)\b"
)
# the talks themselves called off: "talks with the US were off", "the negotiations have been
# suspended" (not "halted its strikes" in a call; talks that broke down did take place)
_CONTACT_OFF = re.compile(
    r"\b(?:talks|negotiations|meeting|meetings|dialogue|contacts)\b(?:\s+[\w\-'’]+){0,8}?\s+"
    r"(?:were|was|are|is|now|have been|has been|had been)\s+(?:off|suspended|halted)\b"
)
_PLANNED = re.compile(
    r"\b(?:will|would|to be held|scheduled|planned|plans?|planning|set to|expected to|next|upcoming|due to|are to|is to|"
    r"later (?:this|in the) week|agreed to (?:meet|hold)|invit\w+|proposed|follow|"
    # a headline's infinitive: "Witkoff and Araghchi to hold talks in Oman", "Macron to visit Kyiv"
    r"to (?:hold|meet|visit|host|attend|resume|start|begin|open|chair|co-chair|join|travel)|"
    # a meeting only wanted: "wants a new meeting", "pushes for a summit", "seeks talks"
    r"wants?|wanted|seeks?|seeking|sought|push(?:es|ed|ing)? for|hop(?:es|ed|ing) (?:to|for)|calls? for|called for|"
    # asked for: "the E3 urged Iran to return to negotiations", "called on both sides to resume talks"
    r"urg(?:e|es|ed|ing)|calls on|called on|calling on|return to|resume|resumption|"
    # on the way: "the King heads to visit Trump", "Araghchi leaves for Oslo for talks"
    r"head(?:s|ing)? to|en route to|leav(?:es|ing) for)\b"
)
_OCCURRED = re.compile(r"\b(?:held|met|hosted|had|spoke|discussed|took place|have held|engaged|exchanged|has already)\b")
_TIME = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|next week|next month|on \w+ \d+|"
    r"(?:in|since|last) (?:january|february|march|april|may|june|july|august|september|october|november|december))\b"
)


def _has_time(clause: str) -> bool:
    """`_HAS_TIME(clause)` (a lower-cased clause): every match of _TIME holds "day" (a weekday),
    "tomorrow", "next ", a month's letters ("uary", "ember", ...) or a digit ("on may 5"); in a
    clause with none of them (most) the regex, ~20 K instructions, is not run. (In non-ASCII text
    \\d takes the digits of other scripts too: it is searched.)"""
    if (
        "day" in clause or "tomorrow" in clause or "next " in clause or "uary" in clause or "march" in clause
        or "april" in clause or "may" in clause or "june" in clause or "july" in clause or "august" in clause
        or "ember" in clause or "october" in clause or "0" in clause or "1" in clause or "2" in clause
        or "3" in clause or "4" in clause or "5" in clause or "6" in clause or "7" in clause or "8" in clause
        or "9" in clause or not clause.isascii()
    ):
        return _HAS_TIME(clause)
    return False


_DIPLOMATIC_TITLE = re.compile(r"minister|president|envoy|ambassador|secretary|chancellor|king|emir|prime|chief|leader|diplomat", re.I)
_DIPLOMATIC_WORDS = tuple(_DIPLOMATIC_TITLE.pattern.split("|"))


def _diplomatic(role: str) -> bool:
    """`_DIPLOMATIC_TITLE.search(role)`: in ASCII text, one of its words in the lower-cased text
    (a case-insensitive regex costs the engine a case fold at every comparison)."""
    if role.isascii():
        low = role.lower()
        # (the words tested in place, not by `_any_in`: no call and no loop, for each run with a
        # role; the assert below keeps them those of _DIPLOMATIC_WORDS)
        return (
            "minister" in low or "president" in low or "envoy" in low or "ambassador" in low or "secretary" in low
            or "chancellor" in low or "king" in low or "emir" in low or "prime" in low or "chief" in low
            or "leader" in low or "diplomat" in low
        )
    return _DIPLOMATIC_TITLE.search(role) is not None


assert set(_DIPLOMATIC_WORDS) <= set(_diplomatic.__code__.co_consts)


_DOMESTIC_BODY = re.compile(r"\b(?:cabinet|parliament|board|shareholders?|committee)\b")
# a domestic body that meets by itself: the body right before the verb, no "with" after it
_BODY_MET = re.compile(r"\b(?:cabinet|parliament|board|committee)\s+(?:met|meets|convened|convenes)\b(?!\s+with\b)")
_MEDIATOR_CUE = {"Muscat": "Oman", "Doha": "Qatar", "Cairo": "Egypt"}
# substrings that every match of _DENIED_ANY contains: exact pre-checks
_DENIED_WORDS = (
    "through", "called off", "cancel", "turned down", "declined", "rejected", "postponed", "took place", "take place",
    "accept",
)


_MEDIATOR_RX: dict[str, re.Pattern] = {}


def _mediator_rx(party: str) -> re.Pattern:
    """"<party> ... mediated/hosted/facilitated", compiled once per party name."""
    rx = _MEDIATOR_RX.get(party)
    if rx is None:
        if len(_MEDIATOR_RX) > 10_000:
            _MEDIATOR_RX.clear()  # names from feeds are unbounded: keep the cache small
        rx = _MEDIATOR_RX[party] = re.compile(re.escape(party.lower()) + r"\b[^.]{0,30}\b(?:mediat|host(?:s|ed|ing)?\b|facilitat)")
    return rx


def _any_in(text: str, words: tuple[str, ...]) -> bool:
    for w in words:
        if w in text:
            return True
    return False


@dataclass(slots=True)
class ContactDraft:
    """A contact being built: later sentences may add to it ("the two sides will meet again")."""

    sentence: str
    start: int
    parties: list
    people: list
    mode: str
    status: str
    places: list
    mediator: str | None
    phrases: tuple
    sentence_index: int

    people_countries: dict = field(default_factory=dict)

    def sides(self) -> int:
        """Parties, plus people who do not act for one of them; a multilateral body that meets
        ("the Security Council held an emergency meeting") is its members, two sides or more."""
        n = _count_sides(self.parties, self.people, self.people_countries)
        if n == 1 and self.parties and self.parties[0] in MULTILATERAL and self.mode in _MEETING_MODES:
            n = 2
        return n


# `ContactDraft(...)`, faster (models.slots_builder): a draft for most contacts
new_contact_draft = slots_builder(ContactDraft)

# bodies whose meetings are meetings of their member states
MULTILATERAL = frozenset({
    "UN Security Council", "NATO", "G7", "G20", "Arab League", "African Union", "Gulf Cooperation Council",
    "Shanghai Cooperation Organisation", "Organisation of Islamic Cooperation", "ECOWAS", "ASEAN", "BRICS", "OPEC",
    "OSCE", "Council of Europe", "UN Human Rights Council", "E3",
})


# how the text before a match of _TITLE_BEFORE ends, white space stripped: its words
_TITLE_BEFORE_ENDS = (
    "chief", "minister", "envoy", "ambassador", "president", "secretary", "adviser", "advisor", "spokesman",
    "spokeswoman", "spokesperson", "negotiator", "diplomat", "counterpart", "premier", "chancellor", "leader",
    "official",
)


def _title_before(window: str) -> bool:
    """`_TITLE_BEFORE.search(window)`: a title word right before a name ("minister Abbas
    Araghchi"); the regex only for a window that ends with one (most end with no title)."""
    return window.rstrip().endswith(_TITLE_BEFORE_ENDS) and _HAS_TITLE_BEFORE(window)


# what opens a reported clause that speaks of its teller, after a few words at most ("Araghchi
# said he met Witkoff", "Iran said its envoy met ...", "Trump told Turnbull he had spoken to"):
# the teller is a side
_TELLER_AFTER = re.compile(  # (on lower-cased text)
    r"(?:\s+[\w'’.\-]+){0,4}?\s+(?:that\s+)?(?:he|she|it|they|we|i|his|her|its|their|our|my)\b"
)
# verbs of conversation among the speech verbs: "Trump speaks by phone with Putin" is the contact
_TALK_VERBS = frozenset({"speaks", "spoke", "speak", "spoken", "talked", "talks", "talk"})


def _reported_span(s: Sentence, lo: int, hi: int, a: int, low: str) -> tuple[int, int] | None:
    """The clause [lo, hi) less its teller, for a contact trigger at `a`: from the last speech
    verb before the trigger ("Trump said | Witkoff met Araghchi", "Macron called for | talks
    between ..."), unless the reported clause goes on with its teller ("Araghchi said he met
    ..."), and up to a closing reporting clause ("Witkoff met Araghchi | , Trump said") or what
    the contact is about ("talks to the BBC | about Starmer and Iran"). None when the clause has
    none of them. (`low`: the sentence's lower case.)"""
    cut = end = None
    base = s.start
    text = s.text
    # (the `in` test first: no method call for most texts, which have no " about ")
    if " about " in text and (k := text.find(" about ", a, hi)) > 0:
        end = k
    elif (" since " in text or " after " in text or " following " in text) and (m := _TIME_CLAUSE.search(low, a, hi)):
        # "engaged in direct phone discussions | since Israel escalated air strikes": what the
        # contact came after is no side of it, unless it is a contact too ("told the Guardian
        # after he sat down with Justin Trudeau")
        k = m.start()
        for h in s.hits if s.triggers is None else s.triggers:  # (`_triggers(s)`, no call)
            if h.term.contact and h.start - base > k:
                break
        else:
            end = k
    elif " on " in text:
        # "an emergency session on the Israel-Iran war": " on " after a contact noun, not before
        # a day ("talks on Saturday"); the " on "s found by str.find, each checked in place
        j = low.find(" on ", a, hi)
        while j >= 0:
            # (the search, tried at every character of the window, only in a window with a topic
            # noun: `_TOPIC_NOUN_WORDS` by str.find, "ations" for consultations and negotiations)
            x = a if a > j - 60 else j - 60
            if (low.endswith(_TOPIC_NOUNS, a, j) or (
                (low.find("talks", x, j) >= 0 or low.find("meeting", x, j) >= 0 or low.find("summit", x, j) >= 0
                 or low.find("session", x, j) >= 0 or low.find("ations", x, j) >= 0)
                and _TOPIC_NOUN_BEFORE.search(low, x, j) is not None
            )) and (
                _NOT_TOPIC.match(low, j + 4) is None
            ):
                end = j
                break
            j = low.find(" on ", j + 4, hi)
    # the last speech verb before the trigger, and whether one comes after it (one pass: the
    # triggers are in text order)
    before = None
    after = False
    for h in s.hits if s.triggers is None else s.triggers:  # (`_triggers(s)`, no call)
        if h.term.speech and h.term.phrase not in _TALK_VERBS:
            if h.end - base > a:
                after = True
                break
            if h.start - base >= lo:
                before = h
    if after:
        # (a closing clause starts at a comma after the trigger, and is read only when it names
        # someone: the clause's names and runs are at hand, worked out by `_contact_actors`;
        # both are in text order, so the last starts last: no generator over the runs)
        c = text.rfind(", ", a, hi)
        names = s._names
        runs = s._runs
        if runs is None:
            runs = _runs(s)
        if c > 0 and ((names and names[-1][0] > c) or (runs and runs[-1][0] > c)):
            k = _closing_report(s)
            if a < k < hi and (end is None or k < end):
                end = k
    if before is not None:
        vb = before.end - base
        if _TELLER_AFTER.match(low, vb, a) is None:
            cut = vb
    if cut is None and end is None:
        return None
    return (lo if cut is None else cut, hi if end is None else end)


# a contact noun's topic: "an emergency session | on the Israel-Iran war", "talks | on Ukraine"
_TOPIC_NOUNS = (
    "meeting", "meetings", "session", "sessions", "summit", "talks", "consultations", "negotiations",
)
# what each of _TOPIC_NOUNS holds, as `_reported_span` looks for them before _TOPIC_NOUN_BEFORE
_TOPIC_NOUN_WORDS = ("talks", "meeting", "summit", "session", "ations")
assert all(any(w in n for w in _TOPIC_NOUN_WORDS) for n in _TOPIC_NOUNS)
assert set(_TOPIC_NOUN_WORDS) <= set(_reported_span.__code__.co_consts)
# a clause of time after a contact: "since Israel escalated", "after the strikes on Iran",
# "following Israel's attack" (on lower-cased text)
_TIME_CLAUSE = re.compile(r" (?:since|after|following) ")
# a contact noun and its place or other side before " on ": "talks in Ankara | on ending the
# hostilities with Israel", "a meeting at the White House | on Iran", "talks with Turkey | on Syria"
# (three words at most after the preposition; searched in the 60 characters before " on ", on
# lower-cased text, only where the noun is not right before it)
_TOPIC_NOUN_BEFORE = re.compile(
    r"\b(?:" + "|".join(_TOPIC_NOUNS) + r")\s+(?:in|at|with)\s+(?:the\s+)?[^\s,;:()\"“”]+(?:\s+[^\s,;:()\"“”]+){0,2}$"
)
# what follows " on " when it is no topic: a day, a date, the phone (on lower-cased text)
_NOT_TOPIC = re.compile(
    r"\s*(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|july|"
    r"august|september|october|november|december|\d|the\s+(?:sidelines|margins|eve|phone|telephone|same|day|weekend)|"
    r"(?:the\s+)?(?:phone|telephone|video))\b"
)


def _closing_report(s: Sentence) -> int:
    """Where the content ends (its comma) when the sentence closes with a short reporting clause
    ("Hall was killed by militants, Philippines confirms", "..., the military said"); else -1.
    (Worked out once a sentence: contacts and strikes both ask.)"""
    k = s._report
    if k is None:
        k = s._report = -1
        text = s.text
        if ", " in text:
            base = s.start
            for h in reversed(s.hits if s.triggers is None else s.triggers):  # (`_triggers(s)`, no call)
                if h.term.speech:
                    # (a closing clause has a short adverbial at most after its verb, 60
                    # characters of _REPORT_AFTER, or its subject there, 8 words)
                    if len(text) - (h.end - base) < 100:
                        k = s._report = _reporting_clause(text, h.start - base, h.end - base)
                    break
    return k


def _count_sides(parties: list[str], people: list[str], countries: dict[str, str]) -> int:
    """Parties, plus people who do not act for one of them (`countries`: a person's country)."""
    n = len(parties)
    for p in people:  # (a loop, not a comprehension: no call)
        if countries.get(p) not in parties:
            n += 1
    return n


# where a contact happened, named by the gathering it happened at: "on the sidelines of the UN
# General Assembly", "on the G7 sidelines", "at the NATO summit", "at an ASEAN meeting in Kuala
# Lumpur" (on lower-cased text; the gathering's words end at a comma, a preposition or the clause)
_VENUE = re.compile(
    r"\bon\s+the\s+sidelines\s+of\s+(?:the\s+|an?\s+)?((?:(?!in\b|on\b|to\b|with\b|and\b)[^\s,;:.()]+\s*){1,6})"
    r"|\bon\s+the\s+((?:[^\s,;:.()]+\s+){1,3})sidelines\b"
    r"|\bat\s+(?:the\s+|an?\s+)((?:[^\s,;:.()]+\s+){1,4})(?:summit|meeting|assembly|conference|forum)\b"
)


def _less_venues(s: Sentence, lex: Lexicon, lo: int, hi: int, low: str, parties: list[str], people: list[str]) -> list[str]:
    """`parties` less the bodies that name only where the contact happened ("Araghchi met Wang Yi
    on the sidelines of the UN General Assembly": Iran and China, not the United Nations), as long
    as two sides are left. A body named elsewhere in the clause too stays."""
    out = parties
    for m in _VENUE.finditer(low, lo, hi):
        a, b = m.span(m.lastindex)
        venue = _contact_actors(s, lex, a, b)[0]
        if not venue:
            continue
        outside = _contact_actors(s, lex, lo, a)[0] + _contact_actors(s, lex, b, hi)[0]
        kept = [p for p in out if p not in venue or p in outside]
        if _count_sides(kept, people, lex.actor_country) >= 2:
            out = kept
    return out


def _less_topics(s: Sentence, lex: Lexicon, lo: int, hi: int, items, parties: list, people: list):
    """(parties, people) less those named only in what was discussed or talked about: "Araghchi
    and Witkoff discussed Israel's strikes on Iran", "Macron discussed Ukraine with Trump", "The
    president talks to a reporter about Starmer and Iran" (the sides are before the topic and
    after a "with" past it). After "discussed", unchanged when nobody is named before the verb
    ("discussed the war with Putin" tells of someone else's contact)."""
    base = s.start
    text = s.text
    for h, _ in items:
        if h.term.phrase.startswith("discuss"):
            a, topic = h.start - base, h.end - base
            discussed = True
            break
    else:
        a = items[0][0].start - base
        topic = text.find(" about ", a, hi)
        if topic < 0:
            return parties, people
        discussed = False
    if not lo <= a < hi:
        return parties, people
    side_parties, side_people, _ = _contact_actors(s, lex, lo, topic)
    if not side_parties and not side_people and discussed:
        return parties, people
    w = text.find(" with ", topic, hi)
    if w >= 0:
        with_parties, with_people, _ = _contact_actors(s, lex, w, hi)
        side_parties = side_parties + with_parties
        side_people = side_people + with_people
    return [p for p in parties if p in side_parties], [p for p in people if p in side_people]


def _contact_actors(s: Sentence, lex: Lexicon, lo: int, hi: int):
    text = s.text
    parties: list[str] = []
    people: list[str] = []
    places: list[str] = []
    prev_place = False
    names = s._names  # (the reader's, as nearly always: no call)
    for a, b, t in names if names is not None else _names(s, lex):
        if a < lo or a >= hi:
            continue
        is_place = t.place is not None and (t.actor is None or _is_place_use(text, a, prev_place))
        if is_place and text[a - 40 if a > 40 else 0:a].rstrip().lower().endswith(_TITLE_OF_ENDS):
            title = _TITLE_OF.search(text, a - 40, a)  # (a negative pos is 0)
            if title is not None:
                # "Special Envoy to the Middle East", "the foreign ministers of Iran": a title's
                # country; "of" names the side the person acts for, "to/for" neither side nor place
                prev_place = False
                if title.group(1).lower() != "of" or t.actor is None:
                    continue
                is_place = False
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
            # (`_actor_of(t, lex)` of a country or group written out: no call for most actors)
            if t.actor_type != "organisation":
                actor = lex.actor_country.get(t.actor, t.actor)
            else:
                actor = _actor_of(t, lex) if t.actor in _STATE_FORCES else t.actor
            if actor and actor not in parties:
                parties.append(actor)
    # named people the gazetteer does not know, with a diplomatic title
    runs = s._runs  # (read in place when worked out already, by an earlier clause: no call)
    for a, b, name, role in runs if runs is not None else _runs(s):
        if a < lo or a >= hi:
            continue
        # (the name looked up before its title is read: most runs with a title are of someone
        # the gazetteer found already, "Foreign Minister Abbas Araghchi"; the tests are pure, so
        # their order is free)
        canon = lex.actor_alias.get(name.lower(), name)
        if canon in people:
            continue
        if (role and _diplomatic(role)) or (
            role is None and len(name.split()) >= 2 and _title_before(text[a - 25 if a > 25 else 0:a])
        ):
            if lex.actor_type.get(canon) != "country":
                # (a loop, not any() over a generator: no call)
                for p in people:
                    if canon in p or p in canon:
                        break
                else:
                    people.append(canon)
    return parties, people, places


_TITLE_OF = re.compile(
    r"\b(?:envoys?|ambassadors?|ministers?|secretary|secretaries|representatives?|coordinators?|delegates?|"
    r"delegations?|commissioners?|spokes(?:man|woman|person)|chiefs?|heads?|presidents?|leaders?)\s+(to|of|for)\s+(?:the\s+)?$",
    re.I,
)
# how the text before a match of _TITLE_OF ends, white space stripped and lower-cased: an exact
# pre-check (the regex, case-insensitive and tried at every place before the name, is dear)
_TITLE_OF_ENDS = ("to", "of", "for", "the")


def _group_actor(state: "DocumentState", lex: Lexicon) -> str | None:
    """"The trio": the last group body (E3, EU, G7) named in the previous sentences."""
    for prev in reversed(state.seen[-2:]):
        for a, b, t in reversed(_names(prev, lex)):
            if t.actor and t.actor_type == "organisation":
                return t.actor
    return None


# nouns that name a contact ("the Geneva meeting", "the Trump-Putin summit")
_CONTACT_NOUNS = frozenset({"meeting", "meetings", "summit", "talks", "negotiations", "dialogue", "visit", "phone call"})
_NAMED_BEFORE = re.compile(r"\b(?:the|this|that|these|those)\s+((?:[A-Z][\w'’.\-]*\s+){1,3})$")
# ... unless a verb or preposition before it puts the clause's actors there
_NAMED_LINKED = re.compile(r"\b(?:attend\w*|held|hold\w*|host\w*|chair\w*|join\w*|at|during|in|to|for|into|ahead of|after|before|sidelines of)\s+$")
_NAMED_AFTER = re.compile(r"\s+(?:between|with|among|of)\b")


_MEETING_MODES = ("meeting", "talks", "mediated")
# a contact class's mode (the part after its last "."), for the classes whose mode is one of
# MODE_PRIORITY
_MODE_OF = {"ev.contact." + m: m for m in MODE_PRIORITY}


def _same_mode(a: str, b: str) -> bool:
    """Could two mentions be of one contact? Talks, a meeting and its mediation can; a call,
    a visit, a video call or a letter is its own contact."""
    return a == b or a == "talks" or b == "talks" or (a in _MEETING_MODES and b in _MEETING_MODES)


def _named_contact(text: str, items: list, base: int, lo: int) -> tuple[int, int] | None:
    """(start, end) of the name when every trigger of the clause is a contact noun named by
    capitalised words after "the" ("the Geneva meeting") and nothing links the clause to it."""
    span = None
    for h, _ in items:
        a, b = h.start - base, h.end - base
        if h.term.phrase not in _CONTACT_NOUNS or not text[a:a + 1].islower():
            return None
        # (a match ends with a capitalised word, a whole word of the window, and the white space
        # before the trigger: the window's last word read first, by one split from its end; most
        # contact nouns follow a lower-case word, "held talks", and then no search from every
        # character of the window)
        x = lo if a - 60 < lo else a - 60
        last = text[x:a].rsplit(None, 1)
        if not last or not "A" <= last[-1][0] <= "Z":
            return None
        m = _NAMED_BEFORE.search(text, x, a)
        if m is None or _NAMED_LINKED.search(text, max(lo, m.start() - 20), m.start()) or _NAMED_AFTER.match(text, b):
            return None
        span = (m.start(1), b) if span is None else (min(span[0], m.start(1)), max(span[1], b))
    return span


# senses of contact words that are no contact: "the met office has forecast rain", "demands were
# not met", "meeting the irrigation needs", "Meet the invisible victims" (a headline's invitation),
# "a district sports meet", "51,000 pilgrims visited the shrine", "ER visits", "a court-ordered
# hospital visit", "conferred with an award", "talks up energy projects"
_MEET_WORDS = frozenset({"met", "meet", "meets", "meeting", "meetings"})
_VISIT_WORDS = frozenset({"visit", "visits", "visited", "visiting"})
_MET_PASSIVE = re.compile(r"\b(?:be|been|being|is|are|was|were|get|gets|got)(?:\s+not|n[’']t)?\s+(?:\w+ly\s+)?$")
_MEET_NEED = re.compile(
    r"\s+(?:(?:the|its|their|his|her|our|this|these|those|all|any|growing|rising|its own)\s+)?(?:[\w\-]+\s+){0,2}?"
    r"(?:demands?|needs?|requirements?|targets?|deadlines?|criteria|standards?|costs?|expenses|expectations?|"
    r"challenges?|goals?|obligations?|norms?|shortfalls?|quotas?|conditions?|commitments?)\b"
)
_SPORTS_MEET = re.compile(r"\b(?:sports?|athletics|swimming|track|aquatics?|chess|games)\s+$")
_CROWD_BEFORE = re.compile(
    r"(?:\b(?:pilgrims|devotees|tourists|visitors|worshippers|people|fans|patients|shoppers|crowds?)|\d[\d,.]*(?:\s*(?:lakh|crore|million|thousand))?)"
    r"\s+(?:(?:have|had|who|to|would|will)\s+)?$"
)
_VISIT_NOUN_BEFORE = re.compile(r"\b(?:er|emergency(?:[- ]room)?|hospital|doctor|clinic|dental|home|site|museum|website|court-ordered)\s+$")
_AWARD_AFTER = re.compile(
    r"\s+(?:with\s+)?(?:the\s+|an?\s+)?(?:[\w\-]+\s+){0,3}?(?:awards?|degrees?|titles?|honou?rs?|doctorates?|prizes?|medals?|fellowships?)\b"
)


# the phrases `_contact_sense` reads more of the text for (every other sense is a contact)
_SENSE_PHRASES = _MEET_WORDS | _VISIT_WORDS | {"conferred with", "conferred", "talks"}


def _contact_sense(low: str, phrase: str, a: int, b: int) -> bool:
    """False when a contact word (`phrase`, at [a, b) of the sentence's lower case `low`) is
    used in a sense that is no contact (see above). extract_contacts calls it only for the
    phrases in _SENSE_PHRASES: a phrase read here must be there too."""
    if phrase in _MEET_WORDS:
        if phrase == "met":
            if low.startswith(" office", b) or (
                _MET_PASSIVE.search(low, a - 20, a) and not low.startswith((" by", " with"), b)
            ):
                return False
        elif phrase != "meetings" and _MEET_NEED.match(low, b):
            return False
        if phrase == "meet":
            if a == 0 and low.startswith(" the ", b):
                return False
            if _SPORTS_MEET.search(low, a - 12, a):
                return False
        return True
    if phrase in _VISIT_WORDS:
        return not (_CROWD_BEFORE.search(low, a - 30, a) or _VISIT_NOUN_BEFORE.search(low, a - 20, a))
    if phrase == "conferred with" or phrase == "conferred":
        return _AWARD_AFTER.match(low, b) is None
    if phrase == "talks":
        return not low.startswith(" up ", b)
    return True


def extract_contacts(s: Sentence, lex: Lexicon, state: DocumentState) -> list:
    """Contact drafts for a sentence; re-mentions of the document's last contact add to it."""
    text = s.text
    if s.traps and _trapped(s, ("trap.sport", "trap.tech")):
        return []
    low = s._low  # (`s.low`, read in place when worked out already: no property call)
    if low is None:
        low = s.low
    base = s.start
    strong = []
    # (each trigger with each of its contact classes, read in place: no list of the pairs)
    # (a trigger inside a quotation counts: "We will meet the Europeans in Geneva on Friday," he
    # said; "Washington had no dialogue with us," the adviser said, a denied contact)
    # (`_triggers(s)` written out: no call)
    for h in s.hits if s.triggers is None else s.triggers:
        for c in h.term.contact:
            phrase = h.term.phrase
            if not (phrase in _STRONG_CONTACT_WORDS or c == "ev.contact.mediated"):
                continue
            a, b = h.start - base, h.end - base
            if (
                (phrase in _NEEDS_OBJECT and (
                    not _OBJECT_NAME.match(text[b:b + 60]) or _HOSTED_NOT_MET.match(text[b:b + 60])
                    or _NOT_MET_OBJECT.match(text, b)
                ))
                or (phrase in _BY_PHONE and not _BY_PHONE_BEFORE.search(low, a - 12, a))
                or (phrase == "conference" and _NEWS_CONFERENCE.search(low, a - 20, a))
            ):
                continue
            # (every match of _MEDIATION_OFFER holds "to", looked for first by str.find: the search,
            # a try at every character of the window, ~9 K instructions, only in a window with it)
            if c == "ev.contact.mediated" and (
                (low.find("to", a - 30 if a > 30 else 0, b) >= 0 and _MEDIATION_OFFER.search(low, a - 30 if a > 30 else 0, b))
                or (phrase in _BROKER_WORDS and low.find(" between ", a - 60 if a > 60 else 0, b + 60) < 0)
            ):
                continue  # "Turkey was ready to mediate": an offer, no mediation yet
            # (no call for a phrase with one sense: most triggers)
            if phrase not in _SENSE_PHRASES or _contact_sense(low, phrase, a, b):
                strong.append((h, c))
    if not strong:
        return []
    # (`_clause_ends(_CONTACT_CLAUSE_FAST, text)`'s own first test in place, and `_clauses`
    # called only for a sentence with a break: most sentences have none, and then no call)
    ends = _contact_ends(text) if "before" not in text else _clause_ends(_CONTACT_CLAUSE_FAST, text)
    clauses = _clauses(ends, strong, base, len(text)) if ends else ((0, len(text), strong),)
    out = []
    for lo, hi, items in clauses:
        clause = low[lo:hi]
        # (no call when the first trigger is no contact noun: most clauses, and no name then)
        named = _named_contact(text, items, s.start, lo) if items[0][0].term.phrase in _CONTACT_NOUNS else None
        if named is None:
            parties, people, places = _contact_actors(s, lex, lo, hi)
            if parties or people:
                span = _reported_span(s, lo, hi, items[0][0].start - base, low)
                if span is not None:
                    # "Trump said Witkoff met Araghchi", "Witkoff met Araghchi, Trump said": the
                    # sides are the reported clause's when it names two; the one who tells of the
                    # contact is no side to it
                    r_parties, r_people, _ = _contact_actors(s, lex, span[0], span[1])
                    if _count_sides(r_parties, r_people, lex.actor_country) >= 2 or (
                        r_parties and r_parties[0] in MULTILATERAL and not r_people  # (its members)
                    ):
                        # (in the clause's order: the reported clause's sides are among its own)
                        # (the places stay the clause's: where the contact was told or what it
                        # was about may be where it happened)
                        parties = [p for p in parties if p in r_parties]
                        people = [p for p in people if p in r_people]
                if ("discuss" in clause or " about " in clause) and (parties or people):
                    parties, people = _less_topics(s, lex, lo, hi, items, parties, people)
                if len(parties) >= 3 and (" sidelines" in clause or " summit" in clause or " assembly" in clause
                                          or " meeting" in clause or " conference" in clause or " forum" in clause):
                    parties = _less_venues(s, lex, lo, hi, low, parties, people)
        else:
            # "... have supported diplomacy, framing the Geneva meeting as crucial": a contact
            # named by its place or sides is told elsewhere; its sides are in the name, not
            # the clause's other actors
            parties, people, places = _contact_actors(s, lex, named[0], named[1])
            if not parties and not people:
                continue
        # (every match of _GROUP_MANY holds one of the three)
        group_many = ("the three" in clause or "the trio" in clause or "the european" in clause) and _HAS_GROUP_MANY(clause)
        if group_many:
            g = _group_actor(state, lex)
            if g and g not in parties:
                parties.insert(0, g)
        # (a word that every match of _DOMESTIC_BODY holds, tested in place: no call, no loop)
        if (
            "cabinet" in clause or "parliament" in clause or "board" in clause or "shareholder" in clause
            or "committee" in clause
        ) and _DOMESTIC_BODY.search(clause) and (
            (len(parties) < 2 and not people)
            # "Israel's Cabinet met Sunday and decided ... Hamas": the body met, with no one
            or _BODY_MET.search(low, lo, items[0][0].end - base + 12) is not None
        ):
            continue  # "a meeting of the cabinet"
        # the first in MODE_PRIORITY of the triggers' modes, "talks" if none is; "mediated" (the
        # first) in a clause that speaks of mediation
        mode = "talks"
        # ("intermediar" holds "mediat": looked for only in a clause with "mediat", which most
        # lack; one scan of the clause less)
        if "indirect" in clause or "mediat" in clause and (
            "intermediar" in clause or _MEDIATES.search(clause) and not _MEDIATION_OFFER.search(clause)
        ):
            mode = "mediated"
        elif len(items) == 1:  # (most clauses: no set of modes)
            c = items[0][1]
            if c in _MODE_OF:  # (a look-up, not a rsplit call: every class of the lexicon's data)
                mode = _MODE_OF[c]
            else:
                m = c.rsplit(".", 1)[1]
                if m in MODE_PRIORITY:
                    mode = m
        else:
            modes = set()
            for _, c in items:
                modes.add(_MODE_OF[c] if c in _MODE_OF else c.rsplit(".", 1)[1])
            for m in MODE_PRIORITY:  # (a loop, not next() over a generator: no call)
                if m in modes:
                    mode = m
                    break
        a = items[0][0].start - s.start  # the first trigger: hits, so items, are in text order
        status = "occurred"
        # (the words _HAS_DENIED_BEFORE (_DENIED_BEFORE_WORDS) and _HAS_DENIED_ANY (_DENIED_WORDS)
        # look for before their regex, tested here first in place: no call for most clauses,
        # which have none; tests/test_patterns_speed.py keeps the lists and these chains alike)
        w = low[a - 50 if a - 50 > lo else lo:a]
        if (
            (
                "no" in w or "never" in w or "den" in w or "without" in w or "declined" in w or "refused" in w
                or "rul" in w
            ) and _HAS_DENIED_BEFORE(w)
        ) or (
            (
                "through" in clause or "called off" in clause or "cancel" in clause or "turned down" in clause
                or "declined" in clause or "rejected" in clause or "postponed" in clause or "took place" in clause
                or "take place" in clause or "accept" in clause
            ) and _HAS_DENIED_ANY(clause)
        ) or (
            # (one of these in every match of _CONTACT_OFF, tested in place: no call, no loop)
            (" off" in clause or "suspended" in clause or "halted" in clause) and _CONTACT_OFF.search(clause)
        ):
            status = "denied"
        elif not _HAS_OCCURRED(low[lo:a + 30]) and _HAS_PLANNED(  # (the cheaper test first)
            _before_that(clause, a - lo) if " that " in clause else clause  # (no call without " that ")
        ):
            status = "planned"
        last = state.contacts[-1] if state.contacts else None
        recent = last is not None and state.index - last.sentence_index <= 3
        # the same meeting told again ("the talks, mediated by Oman, ..."): the same sides,
        # the same status, no new place or date
        # the mediator of the meeting may be named only now ("with Oman's minister acting as
        # mediator"): one side more than before, in a clause that speaks of mediation
        # (`brokered`, read when first needed)
        same = None
        if len(parties) >= 2:
            brokered = None
            for d in reversed(state.contacts):
                if state.index - d.sentence_index > 3:
                    break  # the drafts are in sentence order: the rest are older still
                if d.sentence_index < state.index and d.status == status and _same_mode(mode, d.mode):
                    if set(parties) <= set(d.parties):
                        same = d
                        break
                    if brokered is None:
                        brokered = (
                            ("mediat" in clause and _MEDIATES.search(clause) is not None) or "intermediar" in clause
                            or ("host" in clause and _HOSTS.search(clause) is not None) or "facilitat" in clause
                        )
                    if brokered and len(set(parties) - set(d.parties)) == 1 and len(set(d.parties) & set(parties)) >= 2:
                        same = d
                        break
        # (the pure tests in order of cost: the date search, dearest, last)
        # (loops here and below, not all() or any() over a generator, or a comprehension: no call)
        if same is not None:
            for p in places:
                if p not in same.places:
                    same = None  # a new place: another contact
                    break
        # (`_has_time(clause)` once a clause: both tests below may ask; None until asked)
        timed = None
        if same is not None and not (timed := _has_time(clause)):
            if mode == "mediated":
                same.mode = "mediated"
            for p in parties:
                if p not in same.parties:
                    same.parties.append(p)
            for p in people:
                if p not in same.people:
                    same.people.append(p)
            for p in people:
                same.people_countries[p] = lex.actor_country.get(p)
            continue
        # "the two sides" (read only now: without a recent contact it says nothing)
        if recent:
            # (the sides counted only now: only a recent contact asks)
            n_actors = _count_sides(parties, people, lex.actor_country)
            if n_actors == 0 and _runs_in(s, lo, hi):
                n_actors = 1  # someone named, though not in the gazetteer ("Gen. Salim Idris meets ...")
        if recent and (n_actors == 0 or (n_actors == 1 and mode == "mediated") or (
            not group_many and _HAS_GROUP_TWO(clause)
        )):
            # the two sides of the last contact, again
            merged_parties = list(dict.fromkeys(last.parties + parties))
            merged_people = list(dict.fromkeys(last.people + people))
            new_place = False
            for p in places:
                if p not in last.places:
                    new_place = True
                    break
            # "the meeting took place in a friendly atmosphere" after mediated talks: the same
            # meeting (a call, a visit or a letter stays its own contact)
            if status == last.status and not new_place and (
                mode == "mediated" or _same_mode(mode, last.mode)
            ) and not (timed if timed is not None else _has_time(clause)):
                last.parties, last.people = merged_parties, merged_people
                for p in people:
                    last.people_countries[p] = lex.actor_country.get(p)
                if mode == "mediated":
                    last.mode = "mediated"
                for p in places:
                    if p not in last.places:
                        last.places.append(p)
                continue
            parties, people = merged_parties, merged_people
        # (the phrases only now: a clause told again above makes no draft)
        if len(items) == 1:
            phrases = (text[a:items[0][0].end - base],)  # (one trigger, at a)
        else:
            # (each phrase once, in text order: a loop, not dict.fromkeys over a list comprehension,
            # which is a function made and called, ~2 K instructions)
            phrases = []
            for h, _ in items:
                p = text[h.start - base:h.end - base]
                if p not in phrases:
                    phrases.append(p)
            phrases = tuple(phrases)
        mediator = None
        if mode == "mediated":
            for p in parties:
                if p in ("Oman", "Qatar", "Egypt") or _mediator_rx(p).search(low):  # (the look-up first)
                    mediator = p
                    break
            if mediator is None:
                for pl in places:
                    if pl in ("Oman", "Qatar", "Egypt") or pl in _MEDIATOR_CUE:
                        mediator = _MEDIATOR_CUE.get(pl, pl)
                        break
        countries = {}
        for p in people:
            countries[p] = lex.actor_country.get(p)
        d = new_contact_draft(text, s.start, parties, people, mode, status, places, mediator, phrases, state.index, countries)
        state.contacts.append(d)
        out.append(d)
    return out


# ---------------------------------------------------------------- strikes


_KILL_WORD = re.compile(r"\b(?:kill|dead\b|died\b|left\b)", re.I)
_HURT_WORD = re.compile(r"\b(?:injur|wound|hurt\b|leaving\b)", re.I)


# The same patterns without re.I, for lower-cased text: a case-insensitive search costs the
# regex engine about three times as much.
_KILL_WORD_LOW = re.compile(_KILL_WORD.pattern)
_HURT_WORD_LOW = re.compile(_HURT_WORD.pattern)
_KILLED_LOW = re.compile(_casualty_pattern(*_KILLED_WORDS, _NUM_FAST, _NUM_START))
_INJURED_LOW = re.compile(_casualty_pattern(*_INJURED_WORDS, _NUM_FAST, _NUM_START))
_NO_CASUALTIES_LOW = re.compile(_NO_CASUALTIES.pattern)
_NO_CASUALTIES_NEEDS = ("casualties", "injuries", "deaths")  # one in every match of _NO_CASUALTIES_LOW
# a substring of every match of _KILL_WORD_LOW / _HURT_WORD_LOW
_KILL_NEEDS = ("kill", "dead", "died", "left")
_HURT_NEEDS = ("injur", "wound", "hurt", "leaving")
_KILL_WORD_B = _after_boundary(_KILL_WORD)
_HURT_WORD_B = _after_boundary(_HURT_WORD)
_KILL_WORD_LOW_B = _after_boundary(_KILL_WORD_LOW)
_HURT_WORD_LOW_B = _after_boundary(_HURT_WORD_LOW)


def _window(text: str, word: re.Pattern) -> tuple[int, str] | None:
    """(offset, text) around the first casualty word (the number is near it), or None.
    (_casualties tests the words one of which every match contains before the call.)"""
    m = word.search(" " + text)  # `word` in its _after_boundary form
    if m is None:
        return None
    a = m.start() - 70
    if a < 0:
        a = 0
    return a, text[a:m.end() - 1 + 40]


# the patterns `_casualties` searches lower-cased text with, and their text.ascii_form
_CASUALTY_RX = (_KILL_WORD_LOW_B, _HURT_WORD_LOW_B, _KILLED_LOW, _INJURED_LOW, _NO_CASUALTIES_LOW)
_CASUALTY_RX_ASCII = tuple(map(ascii_form, _CASUALTY_RX))


def _count_forms(rx: re.Pattern, verbs: tuple[str, ...], afters: tuple[str, ...]) -> tuple:
    """(rx, its verb form alone, its number form alone, `verbs`, `afters`) for a lower-case
    _casualty_pattern: every match of the verb form ("killing 7") holds one of `verbs`, every
    match of the number form ("7 people were killed") one of `afters`. A window without one
    form's words is searched with the other form alone: the same match, and the number form,
    tried at nearly every character, is the costly one (a verb form has a first letter the
    regex engine skips to)."""
    verb_form, number_form = _top_alternatives(rx.pattern)
    return rx, re.compile(verb_form), re.compile(number_form), verbs, afters


_KILL_FORMS = ("killing", "killed", "kills", "left"), ("killed", "dead", "died")
_HURT_FORMS = ("wounding", "injuring", "injured", "wounded", "leaving"), ("injured", "wounded", "hurt")
_KILLED_FORMS = _count_forms(_KILLED_LOW, *_KILL_FORMS)
_INJURED_FORMS = _count_forms(_INJURED_LOW, *_HURT_FORMS)
_KILLED_FORMS_ASCII = _count_forms(_CASUALTY_RX_ASCII[2], *_KILL_FORMS)
_INJURED_FORMS_ASCII = _count_forms(_CASUALTY_RX_ASCII[3], *_HURT_FORMS)


# one victim named by a singular noun, as the subject of a passive or the object of the verb
# (the passive with its auxiliary: "an armed man shot dead 49 people" is the killer)
_ONE_VICTIM = (
    r"(?:man|woman|boy|girl|child|baby|soldier|civilian|person|officer|policeman|policewoman|journalist|"
    r"reporter|worker|militant|resident|guard|teenager|hostage|commander|fighter|paramedic|doctor|nurse|"
    r"farmer|fisherman|student|pilot|colonel|general|official|leader)"
)
_ONE_KILLED = re.compile(
    r"\b(?:a|an|one|lone)\s+(?:[\w\-]+\s+){0,3}?" + _ONE_VICTIM + r"\s+(?:(?:was|has\s+been|had\s+been)\s+"
    r"(?:killed|shot dead)|(?:has\s+|had\s+|later\s+)?died)\b|\b(?:killed|killing|kills)\s+(?:a|an|one)\s+(?:[\w\-]+\s+){0,2}?" + _ONE_VICTIM + r"\b"
)
_ONE_INJURED = re.compile(
    r"\b(?:a|an|one|lone)\s+(?:[\w\-]+\s+){0,3}?" + _ONE_VICTIM + r"\s+(?:was|has\s+been|had\s+been)\s+"
    r"(?:wounded|injured|hurt)\b|\b(?:wounded|wounding|injured|injuring)\s+(?:a|an|one)\s+(?:[\w\-]+\s+){0,2}?"
    + _ONE_VICTIM + r"\b"
)


# a substring of every match of _ONE_KILLED / _ONE_INJURED: the regexes, tried at every word,
# only for a sentence with one
_ONE_KILLED_NEEDS = (
    "was killed", "been killed", "shot dead", "died", "killed a", "killed one", "killing a", "killing one",
    "kills a", "kills one",
)
_ONE_INJURED_NEEDS = (
    "was wounded", "been wounded", "was injured", "been injured", "was hurt", "been hurt", "wounded a",
    "wounded one", "wounding a", "wounding one", "injured a", "injured one", "injuring a", "injuring one",
)


def _count_search(forms: tuple, window: str) -> re.Match | None:
    """`forms[0].search(window)` (see `_count_forms`); the number is the match's last group."""
    rx, verb_rx, number_rx, verbs, afters = forms
    # (the words tested by loops in place: no _any_in calls)
    after = False
    for w in afters:
        if w in window:
            after = True
            break
    for w in verbs:
        if w in window:
            return (rx if after else verb_rx).search(window)
    return number_rx.search(window) if after else None


def _casualties(text: str, low: str | None = None) -> Casualties | None:
    """Killed and injured counts near the casualty words of `text` (`low`: its lower case)."""
    if low is None:
        low = text.lower()
    if len(low) != len(text):
        # lower-casing changed the length (a rare letter): offsets would not line up
        low = text
        kill_word, hurt_word, killed_rx, injured_rx, none_rx = _KILL_WORD_B, _HURT_WORD_B, _KILLED, _INJURED, _NO_CASUALTIES
        kill_in = hurt_in = True  # any case: search
        killed_forms = injured_forms = None
    else:
        # (_KILL_NEEDS and _HURT_NEEDS, the words one of which every match of the word has, tested
        # here in place: no _window call for the many clauses with none; and a clause with
        # neither and no "no" has no casualties: answered before anything else is set up)
        kill_in = "kill" in low or "dead" in low or "died" in low or "left" in low
        hurt_in = "injur" in low or "wound" in low or "hurt" in low or "leaving" in low
        if not kill_in and not hurt_in and "no " not in text and "No " not in text:
            return None
        if text.isascii():
            kill_word, hurt_word, _, _, none_rx = _CASUALTY_RX_ASCII
            killed_forms, injured_forms = _KILLED_FORMS_ASCII, _INJURED_FORMS_ASCII
        else:
            kill_word, hurt_word, _, _, none_rx = _CASUALTY_RX
            killed_forms, injured_forms = _KILLED_FORMS, _INJURED_FORMS
        killed_rx = injured_rx = None  # (searched in their two forms: _count_search)
    killed = injured = None
    pieces = []
    w = _window(low, kill_word) if kill_in else None
    if w is None:
        m = None
    else:
        m = killed_rx.search(w[1]) if killed_forms is None else _count_search(killed_forms, w[1])
        if m is None and killed_forms is not None and _any_in(w[1], _ONE_KILLED_NEEDS):
            # one victim named by a singular noun: "a woman was killed", "killed a Hamas commander"
            one = _ONE_KILLED.search(w[1])
            if one is not None:
                killed = 1
                pieces.append(text[w[0] + one.start():w[0] + one.end()])
    if m:
        num = m[m.lastindex]  # (the number: the one group of the form that matched)
        killed = _to_int(num)
        pieces.append(text[w[0] + m.start():w[0] + m.end()])
    w = _window(low, hurt_word) if hurt_in else None
    if w is None:
        m = None
    else:
        m = injured_rx.search(w[1]) if injured_forms is None else _count_search(injured_forms, w[1])
        if m is None and injured_forms is not None and _any_in(w[1], _ONE_INJURED_NEEDS):
            one = _ONE_INJURED.search(w[1])  # "wounded a child"
            if one is not None:
                injured = 1
                pieces.append(text[w[0] + one.start():w[0] + one.end()])
    if m:
        num = m[m.lastindex]
        injured = _to_int(num)
        pieces.append(text[w[0] + m.start():w[0] + m.end()])
    # (the case-insensitive path, killed_forms None, searches without the words test)
    if ("no " in text or "No " in text) and (killed_forms is None or _any_in(low, _NO_CASUALTIES_NEEDS)):
        m = none_rx.search(low)
        if m:
            killed = killed or 0
            injured = injured or 0
            pieces.append(text[m.start():m.end()])
    if not pieces:
        return None
    # (one piece, as most: no generator and join)
    return _new_casualties(killed, injured, pieces[0].strip() if len(pieces) == 1 else "; ".join(p.strip() for p in pieces))


def _to_int(num: str | None) -> int | None:
    if not num:
        return None
    if num.isdigit():  # (most counts: "12", no lower-casing or replace first)
        return int(num)
    num = num.lower().replace(",", "")
    if num.isdigit():
        return int(num)
    return _NUM_WORDS.get(num.replace("a ", ""))


def extract_strikes(s: Sentence, lex: Lexicon, state: DocumentState, doc_traps: set[str]) -> list[Event]:
    text = s.text
    low = s.low
    base = s.start
    if doc_traps and not doc_traps.isdisjoint(_CONTEXT_TRAPS):
        return []
    n_traps = 0
    for c in s.traps:
        if c == "trap.cyber":
            return []
        if c in _CONTEXT_TRAPS:
            n_traps += 1
    if n_traps >= 2:
        return []
    armed = None  # searched for only when a weak trigger asks
    armed_at = None  # the first armed word's match found in the sentence, if that search found one
    mods = None
    # keep the triggers that are not hypothetical or negated
    real = []
    # (each trigger with each of its strike classes, read in place: no list of the pairs)
    for h in _triggers(s):
        for c in h.term.strike:
            phrase = h.term.phrase
            weak = phrase in _WEAK_STRIKE or c == "ev.strike.unknown"
            if weak:
                if armed is None:
                    armed_at = _armed_at(low)
                    armed = armed_at is not None or _country_strikes_country(s, lex)
                if not armed:
                    continue
            a = h.start - base
            if (phrase == "hit" or phrase == "struck") and a > 0 and text[a - 1] in "-‐":
                continue  # "war-hit markets", "drought-struck farms": an adjective
            if weak:
                if phrase in _CASUALTY_WORDS and _CASUALTY_ADJECTIVE.search(low, a - 40, a):
                    continue
                if phrase in _LAUNCH_WORDS and not (
                    _LAUNCH_AFTER.match(low, h.end - base) or _LAUNCH_BEFORE.search(low, a - 50, a)
                ):
                    continue
            if mods is None:
                # (most sentences have no negation or hypothetical word: looked for in C first)
                mods = [m.start - base for m in s.hits if m.term.modifier] if any(map(_MODIFIER, s.hits)) else ()
            if mods and _hyp_or_neg(text, a, mods):
                continue
            if (phrase == "threat" or phrase == "ready") and _TO_STRIKE.match(low[h.end - base:h.end - base + 12]) is not None:
                continue
            real.append((h, c, weak))
    if not real:
        return []
    if ("test" in low or "sea" in low or "ocean" in low) and _MISSILE_TEST.search(low):
        return []  # a weapons test, no attack: "test-fired a ballistic missile", "fires missile into the sea"
    # traps and mishaps: pure tests, so read only now (a sentence without a real trigger is
    # common, a trap rare); a weapon named, the cheaper test, first
    # (_HARD_WEAPON_WORDS tested in place: no call)
    if not ("missile" in low or "drone" in low or "airstrike" in low or "air strike" in low or "bomb" in low) and (
        _HAS_TRAP_STRIKE(low) or (_HAS_MISHAP(low) and not _HAS_WAR_ACTOR(low))
    ):
        return []
    # one strike per clause that has a real, strong-enough trigger
    ends = _clause_ends(_CLAUSE_SPLIT_FAST, text)
    if ("retaliat" in low or "response" in low or "revenge" in low or "reprisal" in low) and (
        m := _INTRO_CAUSE.match(low)
    ) is not None:
        ends = sorted((m.end(), *ends))  # "In retaliation for US strikes on its sites, Iran launched ..."
    clauses = _clauses(ends, real, base, len(text))
    names = _names(s, lex)
    # a closing reporting clause (", Philippines confirms", ", the military said") names who
    # tells of the strike: no attacker, target or place of it
    report = _closing_report(s)
    if report > 0:
        # (a loop, not a comprehension: no call; names are in text order, so the loop stops at
        # the first at the report or after it)
        kept = []
        for n in names:
            if n[0] >= report:
                break
            kept.append(n)
        names = kept
    events = []
    status = None  # the sentence's: reported, denied or claimed
    same_len = len(low) == len(text)
    for c_start, c_end, items in clauses:
        clause_low = low[c_start:c_end]
        # (one loop over the triggers, not all() over generators: each of those is a call)
        instruments_only = weak_only = True
        classes = set()
        for h, c, weak in items:
            if c != "ev.strike.ground" or h.term.phrase not in _KILL_VERBS:
                if c == "ev.strike.air" and _inside_ground(h, items):
                    pass  # the "bomber" of "a suicide bomber", the "bombing" of "a car bombing"
                else:
                    classes.add(c)  # (a death names no weapon: "an Israeli strike killed 12")
            if not weak:
                weak_only = False
            # (_instrument's cache read in place: no call for a phrase met before, as most are)
            if instruments_only and not (
                _INSTRUMENTS[h.term.phrase] if h.term.phrase in _INSTRUMENTS else _instrument(h.term.phrase)
            ):
                instruments_only = False
        if instruments_only and (not _HAS_ACTION(clause_low) or _launch_only(clause_low)):
            continue  # a warplane, a warship or a howitzer in a picture is not an attack
        if weak_only:
            # a weak trigger alone needs a weapon or an armed actor in its own clause (a clause
            # that is the whole sentence: the sentence's answer, `armed`, set by a weak trigger)
            # (the sentence's armed word inside the clause is one of the clause's: no second search)
            clause_armed = armed if c_start == 0 and c_end >= len(low) else (
                armed_at is not None and c_start <= armed_at.start() and armed_at.end() - 1 <= c_end
                or _HAS_ARMED(clause_low) or _country_strikes_country(s, lex, c_start, c_end)
            )
            if not clause_armed and (events or not _HIT_WORD.search(clause_low)):
                continue
        # (a gunfire word, the cheap test, then a heavy weapon, named in most strike clauses, before
        # the search for gunfire: most clauses with "fire" have one)
        # (_GUNFIRE_NEEDS tested in place: no call for the many clauses without one)
        if ("fire" in clause_low or "shot" in clause_low or "shoot" in clause_low or "gunmen" in clause_low) and not _any_in(
            clause_low, _HEAVY_WORDS
        ) and _HAS_GUNFIRE(
            clause_low
        ) and not _HAS_DEATH(clause_low):
            continue
        # the weapon: the first of WEAPON_PRIORITY named by a trigger (`classes`) or a weapon
        # word; the words are looked for in that order and only until one is found
        # (_weapon_of: the loop over _WEAPON_TESTS written out, the word tests in place: one call)
        weapon = _weapon_of(clause_low, classes)
        first = items[0][0]  # the first trigger: hits, so items, are in text order
        # the trigger its actor stands closest to ("US B-2 bombers dropped"), else the first
        best_gap = None
        # (a clause with one trigger has no other to choose: no loop)
        for h, _, weak in items if names and len(items) > 1 else ():
            if h.term.phrase in ("targets", "targeted", "targeting", "target", "killed", "wounded", "injured"):
                continue  # the actor before these is their victim or object
            if h.term.phrase in _DEFENCE_WORDS and h is not items[0][0]:
                # "claimed a drone attack on Eilat, which the IDF said it intercepted": a defence
                # told after the attack is not the verb the strike's roles are read by
                continue
            ha = h.start - base
            for a, b, t in names:
                if a >= ha:
                    break  # (names are in text order and do not overlap: the rest end after ha)
                # (the gap compared before the place test: no _is_place_use call for an actor that
                # would not be chosen anyway)
                if c_start <= a and b <= ha and t.actor and ha - b <= 12 and (
                    best_gap is None or ha - b < best_gap
                ) and not (t.place is not None and _is_place_use(text, a, False)):
                    best_gap, first = ha - b, h
        ta, tb = first.start - base, first.end - base
        roles_end = c_end if report < 0 or c_end <= report else max(report, items[-1][0].end - base)
        attacker, target, places = _strike_roles(text, low, names, lex, ta, tb, c_start, roles_end, items)
        # (isdisjoint: no set of the common places built; and no call for a strike with no place)
        if state.long_text and places and not state.strike_places.isdisjoint(places) and _named_strike(
            text, items, base, c_start
        ):
            continue  # "missiles were used in the Kyiv strike": the article's strike, told again
        if first.term.phrase in _DEFENCE_WORDS and (
            launcher := _launcher(text, low, names, lex, tb, c_end)
        ) is not None:
            # "Israel intercepted missiles launched by Iran": who launched them is the attacker;
            # where they were fired at ("at Al Udeid", "toward Jizan") or, if the clause does not
            # say, the defender is the target; and the launcher is no place of the strike
            lname, lend, defender = launcher[0], launcher[1], attacker
            attacker = lname
            if target is None or target == lname:
                aim = _target_after(text[lend:c_end], _TARGET_AFTER_ASCII if text.isascii() else _TARGET_AFTER)
                target = _tidy_target(tidy_name(aim)) if aim is not None and not _bad_target(aim) else None
                if target is None and defender != lname:
                    target = defender
            if launcher[2] in places and launcher[2] != target:
                places = [p for p in places if p != launcher[2]]
        elif first.term.phrase in _DEFENCE_WORDS and attacker is not None:
            if target is not None and target != attacker and target in lex.actor_type:
                # "Israel intercepted Iranian missiles", "Iran said it shot down two Israeli F-35
                # jets": whose weapons were stopped is the attacker, the defender its target
                attacker, target = target, attacker
            else:
                # "Qatari air defences intercepted the missiles": the actor defends, it is the target
                attacker, target = None, target or attacker
        elif first.term.phrase in _EXCHANGE_WORDS:
            # "Israel and Hezbollah exchanged fire": each side fires at the other; the first named
            # is read as the attacker, the second as the target (not the second as attacker)
            pair = _pair_before(text, names, lex, c_start, ta)
            if pair is not None:
                attacker, target = pair
        if target is not None and target in _EXCHANGE_TARGETS:
            target = None  # "killed in an exchange of fire": the exchange is no target
        if state.long_text and places:
            state.strike_places.update(places)
        if status is None:
            status = "reported"
            if ("deni" in low or "deny" in low) and _HAS_DENY_STRIKE(low):  # (every match starts so)
                status = "denied"
            elif ("claim" in low or "took responsibility" in low or "said it" in low or "said they" in low) and (
                claim := _CLAIM.search(low)
            ):
                # (not when nobody has: "no group had yet claimed responsibility"; nor when the
                # claim names the attacker, another: "Tehran claims Israel struck a hospital")
                if _NO_CLAIM.search(low) is None and not (
                    attacker is not None and _claims_of_other(text, lex, names, claim.end(), attacker)
                ) and not (claim.group() == "claims" and _claims_noun(text, low, claim.end())):
                    status = "claimed"
        casualties = _casualties(text[c_start:c_end], clause_low if same_len else None)  # (low[c_start:c_end])
        if casualties is None and len(clauses) == 1 and (c_start > 0 or c_end < len(text)):
            # (a clause that is the whole sentence has been read already)
            casualties = _casualties(text, low if same_len else None)
        # (_new_strike: new_event's result, from positional arguments)
        events.append(_new_strike(
            text, base, base + len(text), status, tuple(places), attacker, target, weapon, casualties,
            # (one trigger: `first`, at ta:tb)
            (text[ta:tb],) if len(items) == 1 else _phrases(text, items, base),
        ))
    return events


def _event_builder(kind: str, taken: tuple[str, ...]):
    """`new_event(kind=kind, **dict(zip(taken, args)))`, the fields of `taken` by position and
    every other field at its default, written out once on new_event's draft class: the keyword
    call, which matches each name against Event's twenty parameters, cost a fifth more."""
    from dataclasses import MISSING

    assert set(taken) <= {f.name for f in fields(Event)}
    ns = {"_new": object.__new__, "Event": Event, "_EventDraft": new_event.draft}
    body = ["    e = _new(_EventDraft)"]
    for f in fields(Event):
        if f.name in taken:
            body.append(f"    e.{f.name} = {f.name}")
        else:
            assert f.name == "kind" or f.default_factory is MISSING and f.default is not MISSING, f.name
            ns[f"_{f.name}"] = kind if f.name == "kind" else f.default
            body.append(f"    e.{f.name} = _{f.name}")
    exec(f"def build({', '.join(taken)}):\n" + "\n".join(body) + "\n    e.__class__ = Event\n    return e\n", ns)
    return ns["build"]


_new_strike = _event_builder(
    "strike", ("sentence", "start", "end", "status", "places", "attacker", "target", "weapon", "casualties", "phrases")
)


def _phrases(text: str, items: list, base: int) -> tuple[str, ...]:
    """The words of the clause's triggers, each once, in text order (a loop: no comprehension
    and no dict of them for a clause of two, as most with more than one)."""
    out = []
    for h, _, _ in items:
        p = text[h.start - base:h.end - base]
        if p not in out:
            out.append(p)
    return tuple(out)


# "Israel strikes Iran's nuclear sites", "Russia hit Kyiv overnight": a verb of striking between
# a country and a country (or a place) is armed force even with no armed word. (Not "attacked"
# or "targeted": a country "attacked" another's policy in a speech, "targeted" its banks.)
_STATE_ATTACK_VERBS = frozenset({"strike", "strikes", "struck", "hit", "hits", "pounded"})
# a country that launches a wave of strikes
_STATE_LAUNCH = re.compile(
    r" (?:launch(?:es|ed)?|began|begins|unleashed|unleashes)\s+(?:an?\s+)?(?:new\s+|fresh\s+|second\s+|third\s+|massive\s+)?"
    r"(?:wave|round|series|barrage)\s+of\s+(?:strikes|attacks|air\s?strikes|raids)\b"
)
# what a country's verb of striking hits when it is an attack: a site or a force's position
_TARGET_NOUN_OBJECT = re.compile(
    r" (?:(?:a|an|the|its|their|two|three|four|five|several|dozens of|multiple)\s+)?(?:[a-z\-]+\s+){0,2}?"
    r"(?:hospitals?|schools?|bases?|airbases?|buildings?|camps?|convoys?|ships?|vessels?|tankers?|sites?|facilit(?:y|ies)|"
    r"power plants?|refiner(?:y|ies)|ports?|airports?|airfields?|bridges?|mosques?|headquarters|compounds?|depots?|"
    r"positions|launchers?|command cent(?:re|er)s?|military targets)\b"
)
# a country that says it attacked (not "hit": "said it hit its targets for growth")
_CLAIMS_IT = re.compile(
    r" (?:said|says|announced|confirmed|claimed)(?: on \w+)?(?: that)? (?:it|they) (?:had |has |have )?"
    r"(?:struck|attacked|bombed|targeted|shelled|pounded)\b"
)
# between the verb and the place hit: nothing, "the", or up to three lower-case words ("southern",
# "nine camps in"), none of them "with", "to" or "for" ("strikes a trade pact with Australia",
# "hit record exports to China": a partner, not a target)
_STATE_ATTACK_GAP = re.compile(r"\s+(?:(?!(?:with|to|for)\s)[a-z0-9\-]+\s+){0,3}$")


def _country_strikes_country(s: Sentence, lex: Lexicon, lo: int = 0, hi: int | None = None) -> bool:
    """A weak attack verb (in the sentence, or its clause `lo`:`hi`) with a country right before it
    (its subject) and a country or a place right after it (its object, up to three lower-case
    words between: `_STATE_ATTACK_GAP`), in a sentence with no trap context
    ("Germany struck France with a late goal"; a trade sense is `_TRAP_STRIKE`'s: "hits China
    with tariffs", "strikes a deal")."""
    if s.traps:
        return False
    names = _names(s, lex)
    if not names:
        return False
    text = s.text
    if hi is None:
        hi = len(text)
    # (from the names, not the triggers: a country name, the word after it a verb of striking)
    last = len(names) - 1
    for i, (a, b, t) in enumerate(names):
        if t.actor_type != "country" or not lo <= b < hi or text[b:b + 1] != " ":
            continue
        if _CLAIMS_IT.match(text, b) is not None:
            return True  # "Israel said it struck targets in Tehran": a country claims an attack
        if text.startswith((" attack on ", " attacks on ", " attack against ", " attacks against "), b):
            return True  # "Qatar condemns Iranian attack on Al Udeid base"
        if _STATE_LAUNCH.match(text, b) is not None:
            return True  # "Israel launches new wave of strikes" (not "the union launched ...")
        end = text.find(" ", b + 1)
        if text[b + 1:end if end > 0 else len(text)].lower() not in _STATE_ATTACK_VERBS:
            continue
        verb_end = end if end > 0 else len(text)
        if _TARGET_NOUN_OBJECT.match(text, verb_end) is not None:
            return True  # "Israel struck a hospital", "Russia hit two power plants"
        if i == last:
            break
        for na, nb, t2 in names[i + 1:]:
            if na >= verb_end and (t2.actor_type == "country" or t2.place is not None):
                if _STATE_ATTACK_GAP.match(text, verb_end, na) is not None:
                    return True
                break
    return False


def _inside_ground(h, items) -> bool:
    """The trigger `h` lies inside a longer ground trigger of the clause ("suicide bomber")."""
    for h2, c2, _ in items:
        if c2 == "ev.strike.ground" and h2.start <= h.start and h.end <= h2.end and h2 is not h:
            return True
    return False


_EXCHANGE_WORDS = frozenset({
    "exchanged fire", "exchange fire", "exchanging fire", "exchange of fire", "exchanges of fire", "traded fire",
    "trading fire",
})


_EXCHANGE_TARGETS = frozenset(w for p in _EXCHANGE_WORDS if " of " in p for w in (p, p.capitalize()))


def _pair_before(text: str, names: list, lex: Lexicon, lo: int, ta: int) -> tuple[str, str] | None:
    """(first, second) for the last two actors before `ta` in the clause, joined by "and" ("India
    and Pakistan exchanged fire", "Indian and Pakistani troops"); else None."""
    acts = [(a, b, t) for a, b, t in names if lo <= a and b <= ta and t.actor is not None]
    if len(acts) < 2:
        return None
    (a1, b1, t1), (a2, b2, t2) = acts[-2], acts[-1]
    if text[b1:a2].strip().lower() != "and":
        return None
    first, second = _actor_of(t1, lex), _actor_of(t2, lex)
    return (first, second) if first and second and first != second else None


def _claims_of_other(text: str, lex: Lexicon, names: list, b: int, attacker: str) -> bool:
    """The claim word ending at b is followed by the attacker's name ("claims Israel struck",
    "claimed that the US hit"): one who claims another attacked, a report, not a claim."""
    m = _THAT_THE.match(text, b)
    at = m.end() if m is not None else b
    for x, y, t in names:
        if x >= at:
            return x == at and t.actor is not None and _actor_of(t, lex) == attacker
    return False


_THAT_THE = re.compile(r"\s+(?:that\s+)?(?:the\s+)?")


def _claims_noun(text: str, low: str, b: int) -> bool:
    """"claims" ending at b is the noun ("Israel's 'untenable' claims after strikes"): neither a
    clause nor what is claimed follows it."""
    return _CLAIMS_CLAUSE_AFTER.match(text, b) is None and not low.startswith(
        (" responsibility", " credit", " the attack", " an attack", " attack", " the strike", " a strike"), b
    )


# strike nouns that name an attack ("the Kyiv strike"); with weapons only beside them, a
# definite mention of an attack named by its place is the article's attack again
_STRIKE_NOUNS = frozenset({"strike", "strikes", "attack", "attacks", "raid", "raids", "bombing", "airstrike", "airstrikes", "air strike", "air strikes", "missile strike", "drone strike"})
_DEFENCE_WORDS = frozenset({"intercepted", "shot down", "downed"})
_MODIFIER = attrgetter("term.modifier")  # a hit's: a negation or hypothetical word


def _named_strike(text: str, items: list, base: int, lo: int) -> bool:
    """Every trigger of the clause is a weapon or a strike noun named after "the" by
    capitalised words ("the Kyiv strike"), and there is one such noun."""
    named = False
    for h, _, _ in items:
        phrase = h.term.phrase
        if phrase in _STRIKE_NOUNS:
            a = h.start - base
            if _NAMED_BEFORE.search(text, max(lo, a - 60), a) is None:
                return False
            named = True
        elif not _instrument(phrase):
            return False
    return named


# the verbs that say who sent a weapon an interception or a shooting-down stopped: "the missiles
# fired by Iran", "a drone launched by the Houthis"
_LAUNCHED_BY = ("fired", "launched", "sent", "lobbed")


def _launcher(text: str, low: str, names, lex: Lexicon, tb: int, c_end: int) -> tuple[str, int, str | None] | None:
    """Who launched what a defence word's actor stopped, named in the clause after it ("the
    missiles fired by Iran", "a drone launched by the Houthis toward Jizan"): the attacker, the
    end of its name, and its place; None when the clause names no launcher."""
    by = low.find(" by ", tb, c_end)
    while by >= 0:
        if low[:by].endswith(_LAUNCHED_BY):
            at = by + 4
            if low.startswith("the ", at):
                at += 4
            for a, b, t in names:
                if a == at:
                    actor = _actor_of(t, lex)
                    return None if actor is None else (actor, b, t.place)
                if a > at:
                    break
            return None
        by = low.find(" by ", by + 1, c_end)
    return None


def _actor_of(t, lex: Lexicon) -> str | None:
    if t.actor is None:
        return None
    if t.actor_type == "person":
        return lex.actor_country.get(t.actor, t.actor)
    return lex.actor_country.get(t.actor, t.actor) if t.actor_type != "organisation" else (
        lex.actor_country.get(t.actor) if t.actor in _STATE_ATTACKERS else t.actor
    )


_THEN_VERB = re.compile(r"^\s*(?:have|has|had|also|reportedly)?\s*(?:damaged|hit|struck|destroyed|targeted|pounded|killed)\s+")
# "Russian drones attacked a fuel depot": a weapon or force named as the trigger, the verb of
# hitting right after it, its object the target (not "killed": its object is the victims)
_WEAPON_THEN_VERB = re.compile(
    r"\s*(?:have|has|had|also|reportedly|again|then)?\s*"
    # (and a headline's present: "Israeli strike hits Iranian state TV")
    r"(?:attacked|bombed|shelled|hit|struck|targeted|pounded|destroyed|damaged|raided|"
    r"attacks|bombs|shells|hits|strikes|targets|pounds|destroys|damages|raids)\s+"
)
_PASSIVE = re.compile(r"\b(?:been|was|were|being)\s+(?:\w+ly\s+)?$")
# what a window's last word (before white space) is in every match of _PASSIVE
_PASSIVE_ENDS_STRIKE = ("been", "was", "were", "being", "ly")
_BLAME_ON = re.compile(r"\bon\s+(?:the\s+)?(?:[a-z\-]+\s+)?(?=[A-Z])")
_VICTIM_AFTER = re.compile(
    r"\s+(?:were|was|had been|have been|are)\s+(?:\w+\s+)?(?:killed|wounded|injured|hurt|dead)|"
    # a headline's reduced passive: "French police officer and partner murdered in attack",
    # "Canadian hostage Robert Hall killed by militants" (the participle then has no object)
    r"(?:'s|’s)?\s+(?:[\w\-’'.]+\s+){0,5}?(?:killed|murdered|shot dead|beheaded|stabbed|wounded|injured)"
    # ("an Israeli strike killed at least 12": a count, the object of an active verb)
    r"(?=\s+(?:in|by|at(?!\s+least\b)|during|after|outside|near|while|when|on|as|amid)\b|\s*[,;:–—]|\s*$)|"
    # who bears the brunt of the strikes: "the FSA and Islamist militias are bearing much of the brunt"
    r"(?:\s+[\w\-]+){0,4}?\s+(?:bear|bears|bore|borne|bearing)\s+(?:\w+\s+){0,2}?the\s+brunt\b"
)
# (spelt out, too, in _strike_roles' test of them in place: the two lists go together)
_VICTIM_WORDS = ("killed", "dead", "wounded", "injured", "hurt", "murdered", "stabbed", "beheaded", "brunt")
_VERB_TRIGGER = re.compile(r"^(?:hit|hits|struck|strikes|targeted|targeting|targets|bombed|shelled|attacked|attacking|pounded|pounding|destroyed|damaged|striking)$")
# its words: _VERB_TRIGGER matches a word that is one of them, or one of them and a line break
# (where its $ matches too)
_VERB_TRIGGER_WORDS = frozenset(_VERB_TRIGGER.pattern[4:-2].split("|"))
_TARGET_PREP = re.compile(r"\b(?:on|against|at|targeting|hit|hitting|struck|striking)\s+")
_BAD_TARGET = re.compile(
    r"^\s*(?:the\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|may|june|"
    r"july|august|september|october|november|december|night|dawn|morning|evening|afternoon|overnight|\d|least|"
    r"tuesday|when|where|which|who|that|what|some|least|about|around|them|it|him|her|"
    # "hit back at X": the adverb; "the largest attack in years": a time, not a target
    r"back|years|decades|months|weeks|days|generations|history|memory)\b", re.I,
)
# For an ASCII name: the same pattern without re.I on the lower-cased name (with re.I the regex
# engine cannot skip a branch by its first letter and folds case at every comparison).
_BAD_TARGET_LOW_ASCII = ascii_form(re.compile(_BAD_TARGET.pattern))


def _bad_target(name: str) -> bool:
    """`_BAD_TARGET.match(name)`: the words after a strike are a time or a pronoun, no target."""
    if name.isascii():
        return _BAD_TARGET_LOW_ASCII.match(name.lower()) is not None
    return _BAD_TARGET.match(name) is not None


_TARGET_DAYS = r"(?:[Mm]onday|[Tt]uesday|[Ww]ednesday|[Tt]hursday|[Ff]riday|[Ss]aturday|[Ss]unday)"
_TARGET_MONTHS = (r"(?:[Jj]an(?:uary)?|[Ff]eb(?:ruary)?|[Mm]ar(?:ch)?|[Aa]pr(?:il)?|[Mm]ay|[Jj]une?|[Jj]uly?|[Aa]ug(?:ust)?|"
           r"[Ss]ep(?:t(?:ember)?)?|[Oo]ct(?:ober)?|[Nn]ov(?:ember)?|[Dd]ec(?:ember)?)")
# the words that open a target phrase but are not part of it ("on Soroka Hospital")
_TARGET_LEAD = re.compile(r"^(?:on|against|in|into|at|near)\s+")
# verbs of their own after "and" that end a target phrase ("placed at the entrance and exploded")
_TARGET_AND_VERBS = frozenset(("exploded", "detonated", "killed", "wounded", "injured", "caused", "left"))
# where a target phrase stops: a linking or relative word, an agent ("by"), a time, a verb of its own
_TARGET_STOP = re.compile(
    r"\s+(?:where|when|but|so|because|since|until|by|beginning|starting|today|tonight|yesterday|"
    r"for the first time|the (?:same|previous|following) (?:day|night|morning|evening)|(?:this|last|next) (?:week|month|year)|"
    rf"(?:on\s+)?{_TARGET_DAYS}|"
    r"is|are|was|were|will|would|has|have|had|be|been|being|could|can|may|might|should|"
    r"claimed|hard|again|twice|repeatedly|rises|rose|climbs|climbed|reaches|reached|mounts|"
    r"and (?:of|more|a|an|taken|not|" + "|".join(sorted(_TARGET_AND_VERBS)) + r")|I|we|they|he|she)(?:\s.*)?$"
)
# a target that names an attack, a time or nothing: the words after the trigger were no target
_NOT_TARGET_HEAD = frozenset(
    """attack attacks raid raids strike strikes airstrike airstrikes blast blasts explosion explosions
    clashes clash combat conflict encounter fighting battle battles gunbattle shooting shootings
    violence interview war shelling stabbing bombing bombings terror
    request behest invitation urging insistence""".split()  # ("at Iran's request")
)
_NOT_TARGET = frozenset(
    ("board", "ground", "first", "scene", "everything", "targets", "end", "end up", "early", "weekend",
     # a preposition with nothing after it ("US strikes on", a cut-off line)
     "on", "against", "in", "into", "at",
     "up", "his life", "her life", "their lives", "line of duty", "densely populated", "present", "time", "distance",
     # adverbs read as an object ("struck again in ...")
     "again", "twice", "hard", "repeatedly", "later", "earlier", "overnight")
)
_ARTICLES = ("the", "a", "an")
# how every match of _TARGET_LEAD starts; and a word that every match of _TARGET_STOP has after
# white space, followed by white space or the end (a word of its own): each alternative's first
# word, or a later one where that is common ("the same day": "same"; "on Monday": "Monday");
# not "and", common in targets, which _tidy_target tests with the word after it
_TARGET_LEAD_STARTS = ("on", "against", "in", "at", "near")
_TARGET_STOP_FIRST = frozenset(
    """where when but so because since until by beginning starting today tonight yesterday first same
    previous following week month year is are was were will would has have had be been being could can
    may might should claimed hard again twice repeatedly rises rose climbs climbed reaches reached mounts
    I we they he she""".split()
) | {d + "day" for w in ("Mon", "Tues", "Wednes", "Thurs", "Fri", "Satur", "Sun") for d in (w, w.lower())}
_TIME_PHRASE = re.compile(
    rf"^(?:\d|{_TARGET_MONTHS}\.?(?:\s+\d|$)|{_TARGET_DAYS}\b|(?:recent|past|last|next|coming)\s+(?:days|weeks|months|years|decades)$)"
)
# the first letters of _TIME_PHRASE's words (a month's, a day's, "recent"'s, ...): a phrase that starts
# with none of them, nor with a digit (\d: str.isdecimal), is no time, and its regex call is saved
_TIME_PHRASE_FIRST = frozenset("0123456789JjFfMmAaSsOoNnDdTtWwrplnc")


def _tidy_target(name: str) -> str | None:
    """The target phrase read after a strike trigger, cut to the thing hit ("on Soroka Hospital
    the same night" -> "Soroka Hospital"); None when it names an attack ("clashes"), a time
    ("recent weeks"), the agent of a passive ("by shelling") or a clause rather than a thing."""
    # (the three prefixes below start with one of these letters: most targets, "the ...", are
    # told by one test, not three startswith calls)
    if name[:1] in "bBoailn":
        if name.startswith(("by ", "By ")):
            return None  # the agent of a passive ("destroyed by shelling")
        if name.startswith(_TARGET_LEAD_STARTS):  # (the pattern's one place: no search without one)
            # (its ^ matches only at the start, without re.M: one match and a slice, as the sub,
            # which builds its result in a list)
            m = _TARGET_LEAD.match(name)
            if m is not None:
                name = name[m.end():]
        if name.startswith("least "):
            return None  # "killed at least 60 people": a count of the dead, not the thing hit
    words = name.split()
    # (a stop holds a word of _TARGET_STOP_FIRST after white space: without one, as in most
    # targets, no search, which tries its 60 words at every space; the first word is tested
    # too, though no white space may come before it: a rare needless search, but no slice and
    # no isspace call for every target. "and" stops only as "and of", "and more", "and a(n)",
    # "and taken", "and not": the word alone, as in "Murid and Rafiqui bases", asks no search)
    if not _TARGET_STOP_FIRST.isdisjoint(words) or "and" in words and (
        "and a" in name or "and of" in name or "and more" in name or "and taken" in name or "and not" in name
        # a verb of its own: "placed at the entrance to the building and exploded"
        or not _TARGET_AND_VERBS.isdisjoint(words)
    ):
        name = _TARGET_STOP.sub("", name)
    name = name.strip(" ,-")
    if name.endswith((" and", " or")):
        name = name.rsplit(" ", 1)[0].rstrip(" ,")  # "struck homes and killed 12": the object read up to a verb
    if name[:1] in "tTaA":  # (see _strike_roles)
        # (anchored, as _TARGET_LEAD: one match and a slice, not a sub)
        m = _ARTICLE.match(name)
        if m is not None:
            name = name[m.end():]
    if not name:
        return None
    low = name.lower()
    words = low.split()
    first = name[0]
    if words[-1] in _NOT_TARGET_HEAD or low in _NOT_TARGET or low in _ARTICLES or len(words) > 8 or (
        (first in _TIME_PHRASE_FIRST or first > "\x7f" and first.isdecimal()) and _TIME_PHRASE.match(name)
    ):
        return None  # an attack, a time, a clause: not the thing hit
    return name


# a name in an adjective ("Russia-backed port project", "Israeli-occupied Golan"): no place
_COMPOUND_AFTER = re.compile(
    r"-(?:backed|led|funded|based|made|built|brokered|allied|aligned|controlled|held|occupied|supported|sponsored|"
    r"armed|trained|linked|affiliated|run|owned)\b"
)
_ARMED_ADJECTIVE = re.compile(
    r" (?:air ?|missile |drone |rocket |military |armed )?(?:strikes?|attacks?|missiles?|drones?|rockets?|forces|troops|"
    r"soldiers|jets|warplanes|shelling|bombardment|army|military|raids?|fire|tanks|navy|officials?|bombs?)\b"
)
def _demonym(name: str, lex: Lexicon) -> bool:
    """A country's name that is no place name: a demonym or an acronym ("Israeli", "US"; not
    "Israel" or "Kyiv", which can be where the strike was: "the Kyiv strike")."""
    key = name.lower()
    return key not in lex.place_alias and lex.actor_type.get(lex.actor_alias.get(key)) == "country"


_PLACE_RUN = re.compile(r"\b(?:in|at|near|outside|across)\s+(?:the\s+)?([A-Z][\w'’\-]+(?:\s+[A-Z][\w'’\-]+){0,2})")
_POSSESSOR = re.compile(r"['’]s\s+")
_CAP_MORE = re.compile(r"(?:\s+[A-Z][\w\-]+)*")
_NOT_PLACE = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday january february march april may june july
    august september october november december the a an this that his her their its""".split()
)


def _strike_passive(low: str, passive_rx: re.Pattern, ta: int, tb: int, c_start: int) -> bool:
    """The trigger at [ta, tb) is a passive's participle: "were struck", "had been repeatedly
    targeted" (`_PASSIVE` in the 20 characters before), or a headline's "Israel hit by Iranian
    missiles" (a participle with its agent right after)."""
    if low.startswith(" by ", tb) and low[ta:tb] in _REDUCED_PASSIVE_VERBS:
        return True
    lo = ta - 20 if ta - 20 > c_start else c_start
    # (every match ends, but for white space, with one of _PASSIVE_ENDS_STRIKE: a cheaper test first)
    return low[lo:ta].rstrip().endswith(_PASSIVE_ENDS_STRIKE) and passive_rx.search(low, lo, ta) is not None


# the subject of a passive strike, as the thing hit: "The Soroka hospital in Beersheba was hit by
# an Iranian missile", "Iran's state broadcaster was struck during a live broadcast"; the verbs
# that take a thing, not a person (those "killed" or "wounded" are victims, not targets)
_REDUCED_PASSIVE_VERBS = frozenset(
    ("hit", "struck", "targeted", "bombed", "shelled", "attacked", "pounded", "destroyed", "damaged")
)
_PASSIVE_HIT_VERB = re.compile(r"(?:\w+ly\s+)?(?:" + "|".join(sorted(_REDUCED_PASSIVE_VERBS)) + r")\b")
_PASSIVE_HIT_AUX = (" was ", " were ", " been ", " being ")
_REDUCED_PASSIVE = re.compile(r" (?:" + "|".join(sorted(_REDUCED_PASSIVE_VERBS)) + ") ")
_SUBJECT_LEAD = re.compile(
    r"^(?:and|but|while|as|when|after|before|since|because|where|then|also|meanwhile|overnight|earlier|later|"
    r"their|his|her|its|our)\s+", re.I
)
# a clause of its own before the subject: "Three people were killed when their car was hit",
# "officials said the hospital was hit" (the subject starts after the last of these words)
_SUBJECT_AFTER = re.compile(
    r".*\b(?:when|as|after|while|where|because|since|before|but|that|said|says|say|reported|confirmed)\s+", re.I | re.S
)
_SUBJECT_TAIL = re.compile(r"\s+(?:had|has|have|also|reportedly|itself)$", re.I)
# where the thing hit is, told in the subject: a place of the strike, not part of its target
_SUBJECT_PLACE = re.compile(r"\s+(?:in|near|at|outside)\s+(?:the\s+)?[A-Z][\w'’\-]*(?:\s+[A-Z][\w'’\-]*)*$")
# a relative clause inside the subject ("Evin prison, which holds ..., was hit")
_SUBJECT_RELATIVE = re.compile(r",\s+(?:which|who|where|whose)\b[^,]*,?")
# a subject that is a person or people: the passive reports victims, not a thing hit
_PEOPLE_HEAD = frozenset(
    """people person civilians civilian residents resident soldiers soldier troops children child women men
    man woman family families worshippers protesters fighters militants officers officer police policemen
    patients staff workers journalists members he she they it we i you who which that this these those""".split()
)


_SUBJECT_PREPS = frozenset(("of", "in", "at", "for", "from", "near", "on", "outside", "belonging", "used", "run", "housing"))


def _passive_subject(text: str, low: str, c_start: int, c_end: int) -> str | None:
    """The thing hit, read as the subject of a passive strike verb in the clause ("The Weizmann
    Institute was hit" -> "Weizmann Institute"); None when there is none, or the subject is a
    person or people, a pronoun, or not a short noun phrase."""
    # the first "was/were/been/being" followed by a strike verb (found with str.find: a regex
    # search would try each character of the clause)
    aux = -1
    lo = c_start - 1 if c_start else 0  # (the space before a clause that starts "being attacked")
    for word in _PASSIVE_HIT_AUX:
        i = low.find(word, lo, c_end)
        while i >= 0 and (aux < 0 or i < aux):
            if _PASSIVE_HIT_VERB.match(low, i + len(word), c_end):
                aux = i
                break
            i = low.find(word, i + 1, c_end)
    if aux < 0:
        # a headline's reduced passive: "Soroka hospital hit by Iranian missile"
        by = low.find(" by ", c_start, c_end)
        if by < 0:
            return None
        verb = _REDUCED_PASSIVE.search(low, c_start, by + 1)
        if verb is None or verb.end() != by + 1:
            return None
        aux = verb.start()
    if aux < c_start:
        return None  # "... after being attacked": the subject is in another clause
    subject = _SUBJECT_RELATIVE.sub("", text[c_start:aux])
    subject = _COMMA_SEMI.split(subject)[-1].strip()
    after = _SUBJECT_AFTER.match(subject)
    if after is not None:
        subject = subject[after.end():]
    subject = _SUBJECT_PLACE.sub("", _SUBJECT_TAIL.sub("", _SUBJECT_LEAD.sub("", subject)))
    if not subject or not subject[0].isalnum():
        return None
    words = subject.lower().split()
    if len(words) > 8:
        return None
    # its head: the last word before a preposition ("camp for Congolese refugees": camp; "some
    # people in this region": people)
    head = words[0]
    for w in words:
        if w in _SUBJECT_PREPS:
            break
        head = w
    if head in _PEOPLE_HEAD or words[0] in _PEOPLE_HEAD:
        return None
    return _tidy_target(subject)


# "Israel came under missile attack from Iran", "Kharkiv came under heavy Russian shelling": the
# subject is what was attacked; the attacker is named between "under" and the trigger, or after
# "from"
_UNDER_ATTACK = re.compile(
    r"\b(?:came|come|comes|coming|was|were|is|are|been|be|being|remains?|remained)\s+under\s+(?:[\w\-'’]+\s+){0,3}"
)
_FROM_AFTER = re.compile(r"\s+(?:[\w\-]+\s+){0,3}?from\s+(?:the\s+)?")


# a name that speaks of a strike others made: "The IAEA said there was no radiation after the
# strike on Fordow", "Israel's emergency service said a missile hit a hospital"; not one that
# claims it ("Hezbollah said it fired rockets", "the IDF said that its jets struck")
_SAID_AFTER = re.compile(
    r"(?:'s|’s)?(?:\s+[\w\-]+){0,3}?\s+(?:said|says|say|told|tells|stated|reported|reports|announced|added|warned|"
    r"confirmed|confirm|noted|commented|comment)\b"
    r"\s+(?!(?:on\s+\w+\s+)?(?:that\s+)?(?:it|they|its|their|we|our|he|she|his|her)\b)"
)


# a name whose verb or meeting has the strike for its topic: "the Security Council held an
# emergency meeting on the strikes", "the EU discussed the attacks", "Qatar condemned the attack"
_TOPIC_AFTER = re.compile(
    r"(?:'s|’s)?(?:\s+[\w\-]+){0,4}?\s+(?:discuss\w*|condemn\w*|denounc\w+|criticis\w+|criticiz\w+|investigat\w+|"
    r"debat\w+|decr(?:ied|ies|y)|deplor\w+|(?:meeting|meetings|session|talks|debate|discussion|inquiry|investigation|"
    r"statement)\s+(?:on|about|over|into))\s+(?:the\s+|these\s+|those\s+|an?\s+|recent\s+|latest\s+)*$"
)


def _reporter(low: str, names, lex: Lexicon, ta: int, attacker: str | None) -> str | None:
    """Who reports the strike at `ta`, named before it with a verb of saying ("UAE says Iran
    launched two missiles at it"): the one a pronoun target stands for; None when nobody does,
    or the reporter is the attacker."""
    for a, b, t in names:
        if a >= ta:
            break  # (names are in text order)
        if t.actor and ta - b >= 5:
            said = _SAID_AFTER.match(low, b, ta)
            if said is not None and said.end() <= ta:
                actor = _actor_of(t, lex)
                return None if actor == attacker else actor
    return None


def _speaks_of_it(low: str, b: int, ta: int) -> bool:
    """The name ending at `b` speaks of the strike at `ta` without claiming it: a headline's
    speaker ("IAEA: no radiation after strike on Fordow"), one who reports it (`_SAID_AFTER`)
    or one whose words or meeting are about it (`_TOPIC_AFTER`)."""
    if ta - b < 5:
        # (no room for a verb of saying or of a topic between: every match of _SAID_AFTER holds
        # 5 characters at least, " say ", of _TOPIC_AFTER 7, " decry ": the two regex calls saved
        # for the name right before its trigger, "Israeli strikes", most of those asked about)
        return low.startswith(":", b)
    if low.startswith(":", b):
        return True
    said = _SAID_AFTER.match(low, b, ta)
    if said is not None and said.end() <= ta:
        return True
    return _TOPIC_AFTER.match(low, b, ta) is not None


def _under_attack_roles(text, low, names, lex, ta, tb, c_start):
    """(attacker, target) when the trigger at [ta, tb) is an attack its subject came under
    (`_UNDER_ATTACK` right before it), else None."""
    lo = ta - 60 if ta - 60 > c_start else c_start
    m = None
    for m in _UNDER_ATTACK.finditer(low, lo, ta):
        pass  # (the last match: the one that ends at the trigger, if any)
    if m is None or m.end() != ta:
        return None
    attacker = target = None
    after = _FROM_AFTER.match(low, tb)
    for a, b, t in names:
        if a < m.start() and c_start <= a and (t.actor or t.place):
            # the last name before the verb, not one in a possessive ("the seat of Sudan's
            # government": the seat, not Sudan)
            target = None if text.startswith(("'s", "’s"), b) else _actor_of(t, lex) or t.place
        elif m.start() <= a < ta and t.actor:
            attacker = _actor_of(t, lex)  # "heavy Russian shelling"
        elif after is not None and a == after.end() and t.actor and attacker is None:
            attacker = _actor_of(t, lex)  # "attack from Iran"
    return attacker, target


def _phrase_stop_ascii(ends: list[str]) -> re.Pattern:
    """Where the look-ahead that ends a target phrase (_TARGET_OBJ's, _TARGET_AFTER's) holds, for
    ASCII text: a mark, white space before one of its end words `ends`, or a final line break
    (its $; the text's end, where this finds nothing, is one too). (_phrase_after's `stop_rx`)"""
    return ascii_form(re.compile(
        r"[\s,.;:](?:(?<=[,.;:])|(?<=\s)\s*(?:" + _by_first_letter(ends) + r")\b|(?<=\n)\Z)"
    ))


# where _TARGET_OBJ's look-ahead holds, and the white space and article the pattern takes first
_TARGET_OBJ_STOP_ASCII = _phrase_stop_ascii(_TARGET_OBJ_ENDS)
_TARGET_OBJ_LEAD_ASCII = ascii_form(re.compile(r"\s*((?:the\s+|a\s+|an\s+)?)"))


def _target_object(rest: str, target_obj_rx: re.Pattern) -> str | None:
    """Group 1 of `target_obj_rx.match(rest)` (_TARGET_OBJ or its ascii_form), or None.

    For ASCII text the regex's first try is worked out by two cheaper ones: its lazy phrase of
    2 to 80 characters tries the look-ahead at every character; the phrase is the one up to the
    first end (_TARGET_OBJ_STOP_ASCII, which the engine skips ahead to) 2 characters or more
    after the white space and article the regex takes first. Where that try fails and no end
    comes before the 80 characters of the latest start are out, every try fails; else (rare)
    the regex itself is run."""
    if target_obj_rx is not _TARGET_OBJ_ASCII:
        m = target_obj_rx.match(rest)
        return None if m is None else m.group(1)
    if rest[:1] in ",.;:":
        return None  # (no white space, no article: the one start, where no phrase can begin)
    return _phrase_after(rest, _TARGET_OBJ_LEAD_ASCII.match(rest), _TARGET_OBJ_STOP_ASCII, target_obj_rx)


def _phrase_after(rest: str, lead: re.Match, stop_rx: re.Pattern, rx: re.Pattern) -> str | None:
    """Group 1 of `rx.match(rest)`, for a pattern that reads `lead` (its lead: white space, a
    word, an article; group 1 starts in it) and then a lazy phrase of 2 to 80 characters up to
    where `stop_rx` (its look-ahead, less its first character) holds: the phrase's end found by
    one search, not by the look-ahead tried after every character. (_target_object,
    _target_after)"""
    s = lead.end()
    n = len(rest)
    if s + 2 <= n and rest[s] not in ",.;:" and rest[s + 1] not in ",.;:":
        stop = stop_rx.search(rest, s + 2)
        e = n if stop is None else stop.start()  # (the end of the text: $)
        if e <= s + 80:
            return rest[lead.start(1):e]
    # (every try of the regex starts its phrase at s or before: with no end before s + 80, all fail)
    stop = stop_rx.search(rest, 2)
    if (n if stop is None else stop.start()) > s + 80:
        return None
    m = rx.match(rest)
    return None if m is None else m.group(1)


# the same for _TARGET_AFTER: where its look-ahead holds (its end words), and the preposition,
# white space and article its regex takes first
_TARGET_AFTER_STOP_ASCII = _phrase_stop_ascii(_TARGET_AFTER_ENDS)
_TARGET_AFTER_LEAD_ASCII = ascii_form(re.compile(r"\s*" + _TARGET_AFTER_OPEN + r"\s+((?:the\s+)?)"))


def _target_after(rest: str, target_after_rx: re.Pattern) -> str | None:
    """Group 1 of `target_after_rx.match(rest)` (_TARGET_AFTER or its ascii_form), or None.

    Worked out for ASCII text as `_target_object` works out _TARGET_OBJ's (the same lazy phrase
    and look-ahead, after a preposition): no regex call for a text that does not start with a
    preposition (its lead fails: so does the regex, which starts so), and the phrase found by
    a search for its end, not by the look-ahead tried after every character."""
    if target_after_rx is not _TARGET_AFTER_ASCII:
        m = target_after_rx.match(rest)
        return None if m is None else m.group(1)
    lead = _TARGET_AFTER_LEAD_ASCII.match(rest)
    if lead is None:
        return None
    return _phrase_after(rest, lead, _TARGET_AFTER_STOP_ASCII, target_after_rx)


def _strike_roles(text, low, names, lex, ta, tb, c_start, c_end, items=()):
    ascii = text.isascii()
    passive_rx, victim_rx, by_rx, then_verb_rx, target_obj_rx, target_after_rx, target_prep_rx = (
        _ROLE_RX_ASCII if ascii else _ROLE_RX
    )
    # (every match says "under": no search without it)
    # ("in", the cheaper test, first: most sentences say no "under")
    under = _under_attack_roles(text, low, names, lex, ta, tb, c_start) if "under " in low and low.find(
        "under ", c_start, ta
    ) >= 0 else None
    attacker = None if under is None else under[0]
    target = None
    places: list[str] = []
    prev_place = False
    before_names = []
    after_names = []
    end_after = c_end + 40
    for a, b, t in names:
        if a >= end_after:
            break  # (names are in text order: none after this is read below)
        if a >= c_end:
            # past the clause (the 40 characters after it): an after name, no place of the strike;
            # whether it is a place's use is read only by the target's last resort below, and
            # worked out there when asked (prev_place stays the last in the clause, for the first)
            after_names.append((a, b, t, None))
            continue
        is_place_use = t.place is not None and (t.actor is None or _is_place_use(text, a, prev_place) and not (
            _ARMED_ADJECTIVE.match(text, b) is not None and _demonym(text[a:b], lex)  # "in Israeli strikes": no place
        ))
        prev_place = is_place_use
        if t.place and c_start <= a < c_end and (text[b:b + 1] != "-" or _COMPOUND_AFTER.match(text, b) is None) and (
            is_place_use or t.actor is None
            # a country named after the trigger, not as the adjective of an armed force or an
            # attack ("killed in Israeli strikes on Gaza": Gaza, not Israel)
            or t.actor_type == "country" and a > tb and not (
                _ARMED_ADJECTIVE.match(text, b) is not None and _demonym(text[a:b], lex)
            )
        ):
            if t.place not in places:
                places.append(t.place)
        if c_start <= a < ta and not is_place_use:
            before_names.append((a, b, t))
        elif a >= tb:
            after_names.append((a, b, t, is_place_use))
    # attacker: the nearest actor before the trigger in its clause, else "by X" after it; a
    # victim ("27 Palestinians were killed") is not an attacker
    # (the tests below that only choose among names are made only when there are names to choose:
    # many strike sentences name nobody)
    # whether the trigger is a passive's participle ("were struck"), when asked (an attack the
    # subject came under is read as one: the subject is no attacker)
    passive = None if under is None else True
    if after_names and low.find("blame", c_start, c_end) >= 0:
        blame = _BLAME_ON.search(text, tb, c_end)
        if blame:
            # "the army blamed the strikes on the RSF"
            for a, b, t, _ in after_names:
                if a >= blame.end() - 1 and t.actor:
                    attacker = _actor_of(t, lex)
                    break
    # whether the sentence has one of the participles every match of _VICTIM_AFTER ends with
    # (found when first asked; without one, no match is tried)
    victims = None
    if before_names and attacker is None and under is None:
        passive = _strike_passive(low, passive_rx, ta, tb, c_start)
        if not passive:
            for a, b, t in reversed(before_names):
                if victims is None:
                    # (_VICTIM_WORDS tested in place: no _any_in call, no loop)
                    victims = (
                        "killed" in low or "dead" in low or "wounded" in low or "injured" in low or "hurt" in low
                        or "murdered" in low or "stabbed" in low or "beheaded" in low or "brunt" in low
                    )
                if victims and victim_rx.match(low, b):
                    continue
                if _speaks_of_it(low, b, ta):
                    continue  # a speaker who reports the strike, not one who claims it
                actor = _actor_of(t, lex)
                if actor:
                    attacker = actor
                    break
    if attacker is None and after_names and low.find("by", tb, c_end) >= 0:
        # _after_boundary form: the end is one on ("by" in every match: no search without it)
        m = by_rx.search(" " + low[tb:c_end])
        if m:
            pos = tb + m.end() - 1
            for a, b, t, _ in after_names:
                if a == pos or a == pos + 0:
                    attacker = _actor_of(t, lex)
                    break
    if attacker is None and names and names[0][0] < ta:
        if passive is None:
            passive = _strike_passive(low, passive_rx, ta, tb, c_start)
    if attacker is None and passive is False:
        # "X launched/fired ... at" with X before the clause
        for a, b, t in names:
            if a >= ta:
                break  # (names are in text order)
            if t.actor and not (t.place is not None and _is_place_use(text, a, False)) and not _speaks_of_it(low, b, ta):
                if victims is None:
                    victims = _any_in(low, _VICTIM_WORDS)
                if not (victims and victim_rx.match(low, b)):
                    attacker = _actor_of(t, lex)
    # target: "on/against/at/hit X" after the trigger, else the object after a verb trigger
    rest = text[tb:c_end]
    obj = None  # the phrase read where the target stands (group 1 of the pattern that read it)
    verb = low[ta:tb]
    if " " in verb:  # (most triggers are one word: no rsplit call)
        verb = verb.rsplit(" ", 1)[-1]
    if verb in _VERB_TRIGGER_WORDS or verb[-1:] == "\n" and verb[:-1] in _VERB_TRIGGER_WORDS:
        v = then_verb_rx.match(rest)  # "strikes have damaged X": the object of the verb after
        obj = _target_object(rest[v.end():] if v else rest, target_obj_rx)
    else:
        v = _WEAPON_THEN_VERB.match(low, tb, c_end)
        if v is not None:
            obj = _target_object(rest[v.end() - tb:], target_obj_rx)
    found = obj is not None and not _bad_target(obj)
    # (group 1 of target_after_rx.match: _target_after)
    if not found:
        after = _target_after(rest, target_after_rx)
        if after is not None:
            obj = after
            found = not _bad_target(obj)
    if not found:
        m2 = target_prep_rx.search(" " + rest[:80])  # _after_boundary form: same start
        after = _target_after(rest[m2.start():], target_after_rx) if m2 else None
        if after is not None:
            obj = after
            found = not _bad_target(obj)
    refused = False  # a phrase read where a target stands and turned down by _tidy_target
    if found:
        target = _tidy_target(tidy_name(obj))  # (the article goes there)
        if target is None:
            refused = True  # no actor named later in the sentence is taken for it (below)
        elif len(target) < 2 or target.lower() in ("it", "them", "him", "her", "their", "its"):
            target = None
    if target is None and obj is not None and not refused and obj[:2] in ("it", "th", "us") and (
        obj.split(None, 1)[0] in ("it", "them", "us")
    ):
        # a pronoun where the target stands: the one who reports the strike, when one does ("UAE
        # says Iran launched two missiles at it", "Hamas said Israeli jets struck them")
        target = _reporter(low, names, lex, ta, attacker)
    # places the gazetteer does not know: "in Poonch", "near Port Sudan"
    # _after_boundary form over " " + text: from the character before the clause, same groups
    place_run = _PLACE_RUN_ASCII if ascii else _PLACE_RUN_B
    for m in place_run.finditer(" " + text, c_start, c_end + 1):
        name = m.group(1)
        # (the last letter first: an endswith call only for a name that ends in "s")
        if name[-1] == "s" and name.endswith(("'s", "’s")) or (
            _ARMED_ADJECTIVE.match(text, m.end(1) - 1) is not None and _demonym(name, lex)
        ):
            continue  # "at Iran's request", "in Israeli strikes": the possessor or adjective of what follows
        if "'s " in name or "’s " in name:
            # "in Russia's Saratov region": Saratov (Russia is a name of its own); "New York's
            # Times Square": the run goes on after the possessor
            name = _POSSESSOR.split(name)[-1]
            more = _CAP_MORE.match(" " + text, m.end(1))
            name = " ".join((name + more.group()).split()[:3])
        key = name.lower()
        if key in _NOT_PLACE or key in lex.actor_alias and lex.actor_type.get(lex.actor_alias[key]) != "country":
            continue
        place = lex.place_alias.get(key, lex.actor_alias.get(key, name))
        if place not in places:
            longer = place + " "
            for p in places:
                if p.startswith(longer):
                    break  # "Ben Gurion" beside the gazetteer's "Ben Gurion Airport"
            else:
                places.append(place)
    if target is None and under is None:
        # the subject of a passive verb of the clause's triggers (`items`), also when the
        # phrase after the trigger was refused: "was hit by a missile" reads "by a missile"
        # there, the agent of this very passive
        for h, _, _ in items:
            if h.term.phrase in _REDUCED_PASSIVE_VERBS:
                target = _passive_subject(text, low, c_start, c_end)
                if target is not None and target not in places and lex.actor_type.get(target) == "country":
                    places.append(target)  # "Israel was hit by missiles": struck in Israel
                break
    if target is None and not refused:
        for a, b, t, is_place_use in after_names:
            if is_place_use is None:
                # (a name past the clause: as in the loop above, in text order from the clause's last)
                is_place_use = t.place is not None and (t.actor is None or _is_place_use(text, a, prev_place) and not (
                    _ARMED_ADJECTIVE.match(text, b) is not None and _demonym(text[a:b], lex)
                ))
                prev_place = is_place_use
            if t.actor and not is_place_use and not low.endswith(_RELATIVE_OPENERS, 0, a):
                # (not the subject of a relative clause: "the bombs that US B-2 bombers dropped")
                target = _actor_of(t, lex)
                if text[b:b + 1] == " " and _demonym(text[a:b], lex):
                    # a demonym is the adjective of what was hit: "killing two French police
                    # officers", "beheaded a Canadian man" (the phrase, not France or Canada)
                    m = _DEMONYM_NOUNS.match(text, b)
                    if m is not None:
                        # up to the last word that names people or a thing hit ("Indian security
                        # forces firing": the forces; "the Russian government" stays Russia)
                        words = m.group().split()
                        while words and words[-1] not in _DEMONYM_HEADS:
                            words.pop()
                        if words:
                            target = text[a:b] + " " + " ".join(words)
                break
    if under is not None:
        # the subject is the target when the clause names no other ("... came under attack as
        # drones hit the airport": the airport); the attacker's country is no place of the strike
        if target is None:
            target = under[1]
        if attacker in places:
            places.remove(attacker)
        if target is not None and target not in places and lex.actor_type.get(target) == "country":
            places.append(target)  # "Israel came under attack": struck in Israel
    if attacker is not None and target is not None and target == attacker:
        target = None
    return attacker, target, places


_RELATIVE_OPENERS = ("that ", "which ", "that the ", "which the ")
# the lower-case nouns after a demonym ("French police officers"), up to three, none a word
# that starts a phrase or clause of its own
_DEMONYM_NOUNS = re.compile(
    r"(?: (?!(?:in|on|at|of|and|or|but|who|whom|which|that|were|was|is|are|had|has|have|as|after|before|from|"
    r"with|by|to|for|near|during|while|when|the|a|an|said|says|say|told|killed|wounded|died)\b)[a-z][a-z\-]*){1,3}"
)
_DEMONYM_HEADS = frozenset(
    """man men woman women child children boy boys girl girls civilian civilians citizen citizens national
    nationals people person police policeman policemen officer officers soldier soldiers troops forces army
    pilot pilots journalist journalists reporter reporters worker workers hostage hostages tourist tourists
    sailor sailors rebel rebels fighter fighters militant militants captain commander commanders guard guards
    diplomat diplomats envoy ambassador jetliner airliner aircraft carrier ship ships vessel vessels tanker
    tankers warship warships base bases embassy consulate convoy patrol patrols checkpoint checkpoints plane
    planes jet jets helicopter helicopters positions outpost outposts""".split()
)
# word-list tests in their fast form (see `_after_boundary`)
_HAS_ARMED = _has(_ARMED_WORDS)
# _HAS_ARMED's search, for its match: `_has`'s fast form of _ARMED_WORDS and its ascii_form
_ARMED_FAST = _fast_form(_ARMED_WORDS)
_ARMED_FAST_ASCII = ascii_form(_ARMED_FAST)


def _armed_at(low: str) -> re.Match | None:
    """A match of _ARMED_WORDS in `low` (`_HAS_ARMED(low)` is whether there is one), searched in
    " " + low: the armed words are low[m.start():m.end() - 1]. A clause of `low` that holds them
    has them too (each match ends with a word character: the clause's end is a boundary)."""
    return (_ARMED_FAST_ASCII if low.isascii() else _ARMED_FAST).search(" " + low)


# every alternative of _TRAP_STRIKE spells out one of these words
_TRAP_STRIKE_SEARCH = _has(_TRAP_STRIKE, ("strike", "struck", "attack", "hit", "target"))
# What _TRAP_STRIKE's alternatives that spell out none of "strike", "struck" and "target" need
# (most strike sentences asked about have neither of those three, but "attack" or "hit"):
# _TRAP_ATTACK, an "attack" one's "heart attack", "dog attack", "cyber-attack", "attacks on
# democracy"; _TRAP_HIT, a "hit" one's "hit a record", "shares hit", "hit back at", "hit ...
# with sanctions" (its "sanctions hit", with a word between, is tested by `in`). Each starts
# with its verb: the regex engine skips to each "attack" or "hit" as str.find does, where
# _TRAP_STRIKE, tried at every word, costs 20-30 K instructions.
_TRAP_ATTACK = re.compile(
    r"attack(?:"
    + "|".join(
        f"(?<={w} attack)" for w in (
            "heart", "panic", "asthma", "shark", "dog", "bear", "animal", "crocodile", "alligator", "tiger",
            "leopard", "lion", "elephant", "bee", "wolf", "snake", "cyber",
        )
    )
    + r"|(?<=cyber-attack)|(?<=cyberattack)|s? on (?:democracy|the press|free speech))"
)
_TRAP_HIT = re.compile(
    r"hit(?:"
    + "|".join(f"(?<={w} hit)" for w in ("shares", "stock", "stocks", "price", "prices", "profit", "profits"))
    + r"| (?:a|the) (?:record|high|low|market|shelves|headlines)|(?:s|ting)? back at"
    r"|(?:s|ting)? (?:[\w'’.-]+ ){0,4}?with (?:\w+ )?(?:sanctions|tariffs|fines?|penalties|duties|levies|export controls|"
    r"restrictions|lawsuits?|bans?|visa bans?))"
)


def _has_trap_strike(low: str) -> bool:
    """`_TRAP_STRIKE.search(low) is not None` for lower-cased text; the regex runs only when
    _TRAP_ATTACK or _TRAP_HIT finds what an alternative needs in a sentence with none of
    "strike", "struck" and "target" (see above)."""
    if "strike" in low or "struck" in low or "target" in low:
        return _TRAP_STRIKE_SEARCH(low)
    if "hit" in low and (
        _TRAP_HIT.search(low) is not None
        or "sanctions" in low or "tariffs" in low or "penalties" in low or "export controls" in low
    ) or "attack" in low and _TRAP_ATTACK.search(low) is not None:
        return _TRAP_STRIKE_SEARCH(low)
    return False


_HAS_TRAP_STRIKE = _has_trap_strike
_HAS_MISHAP = _has(_MISHAP, (
    "crash", "collid", "collision", "accident", "drown", "electrocut", "snake", "lightning", "rain-related",
    "stampede", "derail", "capsiz", "wife", "husband",
))
_HAS_WAR_ACTOR = _has(_WAR_ACTOR)
_GUNFIRE_NEEDS = ("fire", "shot", "shoot", "gunmen")  # one in every match of _GUNFIRE
_HAS_GUNFIRE = _has(_GUNFIRE, _GUNFIRE_NEEDS)
_HAS_DEATH = _has(_DEATH)
_HAS_ACTION = _has(_ACTION)
_HAS_DENY_STRIKE = _has(_DENY_STRIKE)
_HAS_WEAPON = {w: _has(rx, _WEAPON_NEEDS[w]) for w, rx in _WEAPON_WORDS.items()}
# (weapon, its trigger class, its word test or None), in WEAPON_PRIORITY order
_WEAPON_TESTS = tuple((w, cls, _HAS_WEAPON.get(w)) for w, cls in _WEAPON_CLASSES)


def _weapon_of_fn():
    """`_weapon_of(clause_low, classes)`: the first weapon of _WEAPON_TESTS whose trigger class is
    in `classes` or whose word test (_HAS_WEAPON's: its words by `in`, then its fast regex)
    holds, else "unknown"; generated as one function with the tests written out in order, not
    a loop that calls a word test for each weapon before the one found."""
    ns: dict = {}
    lines = ["def weapon_of(s, classes):\n"]
    for w, cls, has_word in _WEAPON_TESTS:
        lines.append(f"    if {cls!r} in classes:\n        return {w!r}\n")
        if has_word is not None:
            # (the fast form _has searches, and its ascii_form)
            fast = _fast_form(_WEAPON_WORDS[w])
            ns[f"search_{w}"], ns[f"ascii_{w}"] = fast.search, ascii_form(fast).search
            lines.append(
                f"    if ({' or '.join(f'{n!r} in s' for n in _WEAPON_NEEDS[w])}) and "
                f"(ascii_{w} if s.isascii() else search_{w})(' ' + s) is not None:\n        return {w!r}\n"
            )
    exec("".join(lines) + "    return 'unknown'\n", ns)
    return ns["weapon_of"]


_weapon_of = _weapon_of_fn()
_HAS_GROUP_TWO = _has(_GROUP_TWO, ("the two", "both ", "the sides", "the delegations", "the leaders", "the pair", "they"))
_HAS_GROUP_MANY = _has(_GROUP_MANY)
# (no substring pre-check: with its alternatives by first letter, the regex costs less than
# testing its 26 words)
_HAS_PLANNED = _has(_PLANNED)
_HAS_OCCURRED = _has(_OCCURRED, (
    "held", "met", "hosted", "had", "spoke", "discussed", "took place", "engaged", "exchanged", "has already",
))
_HAS_TIME = _has(_TIME)
_HAS_HE_SHE = _has(_HE_SHE)
_HAS_PLACE_PREP = _has(_PLACE_PREP_LOW)
_HAS_HYP_BEFORE = _has(_HYP_BEFORE)
_HAS_TITLE_BEFORE = _has(_TITLE_BEFORE)
_DENIED_BEFORE_WORDS = ("no", "never", "den", "without", "declined", "refused", "rul")  # one in every match
_HAS_DENIED_BEFORE = _has(_DENIED_BEFORE, _DENIED_BEFORE_WORDS)
_HAS_DENIED_ANY = _has(_DENIED_ANY, _DENIED_WORDS)
_BY_B = _after_boundary(_BY)
_TARGET_PREP_B = _after_boundary(_TARGET_PREP)
_PLACE_RUN_B = _after_boundary(_PLACE_RUN)
_PLACE_RUN_ASCII = ascii_form(_PLACE_RUN_B)
# the patterns `_strike_roles` reads a clause with, and their text.ascii_form
_ROLE_RX = (_PASSIVE, _VICTIM_AFTER, _BY_B, _THEN_VERB, _TARGET_OBJ, _TARGET_AFTER, _TARGET_PREP_B)
_ROLE_RX_ASCII = tuple(map(ascii_form, _ROLE_RX))
_TARGET_OBJ_ASCII = _ROLE_RX_ASCII[4]
_TARGET_AFTER_ASCII = _ROLE_RX_ASCII[5]

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
    # approval is its own act, not a plain "said": "Qatar welcomed the ceasefire"
    "welcomed": "welcomed", "praised": "praised", "praising": "praised", "hailed": "praised",
    "thanked": "thanked", "pledged": "pledged", "pledges": "pledged", "pledging": "pledged",
    "promised": "pledged", "vowed": "vowed", "vows": "vowed", "vowing": "vowed",
}
_MEDIA = re.compile(
    r"\b(?:agency|news|media|tv|television|broadcaster|newspaper|press tv|reuters|associated press|ap|afp|irna|tasnim|fars|isna|mehr|tass|xinhua|cnn|bbc|al jazeera|report|reports|sources?|witnesses|residents|officials|analysts|observers|experts)\b",
    re.I,
)
_ORG_HEAD = re.compile(
    r"((?:[A-Z][\w'’\-]*\s+){0,4}(?:Ministry|Office|Council|Foundation|Organi[sz]ation|Agency|Forces|Force|Army|Guard|Corps|Committee|Company|Department|Government|Cabinet|Centre|Center|Commission|Programme|Program|Fund|Movement|Party|Authority|Service|Court|Parliament|Kremlin|Pentagon)(?:\s+(?:of|for)\s+(?:the\s+)?(?:[A-Z][\w'’\-]*\s*){1,4})?)"
)


_COLLECTIVE = re.compile(
    r"\b((?:[A-Z][a-z]+\s+){1,2}(?:organi[sz]ations|agencies|charities|NGOs))\s*$"
)
# A national body named without its country ("the Foreign Office said"): the document says whose.
_BODY_KEYS = (
    ("foreign", re.compile(r"\b(?:foreign (?:office|ministry)|ministry of foreign affairs)\b", re.I)),
    ("health", re.compile(r"\b(?:health ministry|ministry of health)\b", re.I)),
    ("defence", re.compile(r"\b(?:defen[cs]e ministry|ministry of defen[cs]e)\b", re.I)),
)
_BARE_BODY = re.compile(
    r"^(?:the\s+)?(?:foreign (?:office|ministry)|ministry of foreign affairs|health ministry|ministry of health|"
    r"defen[cs]e ministry|ministry of defen[cs]e)$", re.I,
)
_COUNTRY_BODY = re.compile(
    r"\b([A-Z][\w\-]+)(?:'s|’s)?\s+(foreign (?:office|ministry)|ministry of foreign affairs|health ministry|"
    r"ministry of health|defen[cs]e ministry|ministry of defen[cs]e)\b", re.I,
)
_PASSIVE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?$")
# passives that still report speech by someone named ("was quoted as saying")
_PASSIVE_OK = frozenset({"quoted", "according to"})
# "asked/asks/asking X to do Y" is a request (an appeal); asking a question is no statement
_ASK_WORDS = frozenset({"asked", "asks", "asking"})
_ASK_TO = re.compile(
    r"\s+(?:(?!(?:about|whether|why|how|what|when|where|if|for|questions?|reporters?)\b)[\w'’.\-]+,?\s+){0,6}?"
    r"(?:not\s+)?to\s+(?!(?:be|the|an?|his|her|their|its|this|that|me|him|them|us)\b)[a-z]"
)
# office-holders of several countries acting together: "the foreign ministers of Iran, China and Russia"
_JOINT = re.compile(
    r"\b((?:[a-z]+\s+)?(?:ministers|leaders|presidents|heads of state|heads|envoys|ambassadors|representatives|"
    r"delegations|governments|chiefs)\s+of\s+(?:the\s+)?[A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*)*"
    r"(?:,\s+(?:the\s+)?[A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*)*)*,?\s+and\s+(?:the\s+)?[A-Z][\w.’'\-]*(?:\s+[A-Z][\w.’'\-]*)*)"
    r"(?:\s+(?:have|has|had|also|jointly|on\s+\w+day))*\s*$"
)
# speech acts still reported in the passive: by a named agent ("the strike was condemned by the
# UN"), or by nobody named ("it was announced that ...")
_PASSIVE_SPEECH = frozenset({
    "announced", "declared", "confirmed", "stated", "revealed", "disclosed", "condemned", "denounced", "criticized",
    "criticised", "rejected", "denied", "dismissed", "welcomed", "praised", "hailed", "warned", "urged", "threatened",
    "accused", "blamed", "claimed", "alleged", "said",
})
_PASSIVE_BY = re.compile(r"\s+(?:[a-z]+\s+){0,2}?by\s+(?:the\s+)?(?=[A-Z])")
_ACCUSED_OF_BY = re.compile(r" of\s+[^,;.]{1,80}?\bby\s+(?:the\s+)?(?=[A-Z])")


def _speech_agent(text: str, b: int, phrase: str) -> re.Match | None:
    """The "by" and what comes before the agent of a passive speech verb ending at b, up to the
    agent's name ("condemned by the UN"; "accused of war crimes by Amnesty"), or None."""
    m = _PASSIVE_BY.match(text, b)
    if m is None and phrase == "accused":
        m = _ACCUSED_OF_BY.match(text, b)
    return m
_IT_PASSIVE = re.compile(r"\bit\s+(?:is|was|has\s+been|had\s+been|will\s+be)\s+(?:\w+ly\s+)?$")
_WHEN_ASKED = re.compile(r"\b(?:when|if|once|after|before|being)\s+$")
_PLEA = re.compile(r"\s+(?:not\s+)?(?:guilty|innocent|no contest)\b", re.I)
_NOT_BEFORE = re.compile(r"(?:\bnot|\bnever|n't|n’t)\s+$", re.I)
_POSSESSIVE_BODY = re.compile(
    r"\b[A-Z][\w\-]+(?:'s|’s)\s+(?:[a-z]+\s+){0,2}?(?:air force|military|army|navy|armed forces|foreign ministry|"
    r"health ministry|defen[cs]e ministry|government|foreign office|presidency|cabinet|police)\b"
)
_SUBJ_TAIL = re.compile(r"\s+(?:have|has|had|also|reportedly|then|later|repeatedly|publicly|again|previously|earlier|on \w+day)\s*$")
_MEDIA_SUBJ = re.compile(
    r"\b(?:media|agency|agencies|news|tv|television|broadcaster|newspaper|reports?|sources?|witnesses|residents|"
    r"officials?|analysts|observers|experts|diplomats|groups)\s*$", re.I,
)
# Cheap exact pre-checks: each pattern above can only match where these hold, and a plain
# substring test or a literal alternation costs the regex engine far less than the pattern.
_ORG_HEAD_WORD = re.compile(
    r"Ministry|Office|Council|Foundation|Organi[sz]ation|Agency|Forces|Force|Army|Guard|Corps|Committee|Company|"
    r"Department|Government|Cabinet|Centre|Center|Commission|Programme|Program|Fund|Movement|Party|Authority|"
    r"Service|Court|Parliament|Kremlin|Pentagon"
)
# `_ORG_HEAD` with its first capital taken by a class the engine skips by: either the first of
# one to four words before the head word, or the head word's own first letter (then checked by
# a look-behind); both tried in the original's order (most words first). Words before the head
# take their letters possessively (a space must follow them). Same matches.
_HEAD_WORDS = _ORG_HEAD_WORD.pattern.split("|")
_ORG_HEAD_FAST = re.compile(
    r"([A-Z](?:[\w'’\-]*+\s+(?:[A-Z][\w'’\-]*+\s+){0,3}(?:" + "|".join(_HEAD_WORDS) + ")|"
    + "|".join(f"(?<={w[0]}){w[1:]}" for w in _HEAD_WORDS)
    + r")(?:\s+(?:of|for)\s+(?:the\s+)?(?:[A-Z][\w'’\-]*\s*){1,4})?)"
)
_COLLECTIVE_ENDS = ("organisations", "organizations", "agencies", "charities", "NGOs")
_COLLECTIVE_LAST2 = frozenset(e[-2:] for e in _COLLECTIVE_ENDS)
_SUBJ_TAIL_ENDS = (
    "have", "has", "had", "also", "reportedly", "then", "later", "repeatedly", "publicly", "again", "previously",
    "earlier", "day",
)
# the last two characters of each of the ends (all have two at least)
_SUBJ_TAIL_LAST2 = frozenset(e[-2:] for e in _SUBJ_TAIL_ENDS)
assert min(map(len, _SUBJ_TAIL_ENDS)) >= 2
_MEDIA_LOW = re.compile(_MEDIA.pattern)  # on lower-cased text
# the one-word alternatives of _MEDIA: what `_MEDIA.fullmatch(word)` accepts, as a set
_MEDIA_WORDS = frozenset(
    """agency news media tv television broadcaster newspaper reuters ap afp irna tasnim fars isna mehr tass
    xinhua cnn bbc report reports source sources witnesses residents officials analysts observers experts""".split()
)
_MEDIA_SUBJ_LOW = re.compile(_MEDIA_SUBJ.pattern)  # on the lower-cased last 13 characters


def _org_heads(fragment: str):
    """_ORG_HEAD matches in a fragment (`_ORG_HEAD.finditer`), the full pattern run only when a
    head word is there, and then only from a few words before it (see `_org_heads_near`)."""
    head = _ORG_HEAD_WORD_SEARCH(fragment)
    if head is None:
        return ()
    return _org_heads_at(fragment, head)


def _org_heads_at(fragment: str, head: re.Match):
    """`_org_heads(fragment)` for a fragment whose first head word is `head` (the caller that
    searched for it makes no call for a fragment without one, as most are)."""
    rx = _ORG_HEAD_ASCII if fragment.isascii() else _ORG_HEAD_FAST
    # (a short fragment, such as the window around a speaker, is scanned from its start: the
    # walk of `_org_heads_near` pays only where the matches lie far apart in a long text)
    if len(fragment) <= _HEADS_SHORT or not fragment.isprintable():
        # `list(rx.finditer(fragment))`, but that the search stops where no head word is left:
        # every match holds one (most fragments hold one match, and the pattern's search of the
        # rest, tried at each capital, costs several times the head words' search)
        out = []
        m = rx.search(fragment)
        while m is not None:
            out.append(m)
            pos = m.end()
            # (a head word has four letters at least: none after a match that ends closer to
            # the end, as a speaker's body before the verb does; no search)
            if len(fragment) - pos < 4 or _ORG_HEAD_WORD_SEARCH(fragment, pos) is None:
                break
            m = rx.search(fragment, pos)
        return out
    return _org_heads_near(rx, fragment, head)


_HEADS_SHORT = 60  # characters
assert _HEADS_SHORT >= 40  # (_statement_for_verb reads the bodies of 40 characters as a list)


def _org_heads_near(rx: re.Pattern, fragment: str, head: re.Match):
    """`rx.finditer(fragment)` for a printable fragment, `head` its first head word.

    Every match holds a head word, and before it at most four capitalised words, each followed
    by white space, which in a printable text is spaces only. So no match whose head word
    starts at q or after starts before the fourth space-separated token before the one that
    holds q, and no match starts before the one that holds the first head word after the last
    match: the search for the next match can start there instead of at every capital letter."""
    pos = 0
    search_head = _ORG_HEAD_WORD_SEARCH
    while head is not None:
        # the start of the token that holds the head word ("Iran’Corps" may open a match
        # whose head word is a later one), then four tokens back
        k = fragment.rfind(" ", pos, head.start()) + 1 or pos
        for _ in range(4):
            j = k
            while j > pos and fragment[j - 1] == " ":
                j -= 1
            if j == k:
                break  # k == pos
            k = fragment.rfind(" ", pos, j) + 1 or pos
        m = rx.search(fragment, k)
        if m is None:
            return
        yield m
        pos = m.end()
        head = search_head(fragment, pos)


_ORG_HEAD_ASCII = ascii_form(_ORG_HEAD_FAST)
# `_ORG_HEAD_WORD` searched with its words gathered under their first letters: the first match
# starts where the original's does (each letter's words keep their order), and only where a
# match starts is used
_ORG_HEAD_WORD_SEARCH = re.compile(_by_first_letter(_HEAD_WORDS)).search


# `_POSSESSIVE_BODY` with its first capital taken by a class the regex engine skips by, and
# the word boundary before it checked by a look-behind after it (a capital is a word character:
# the boundary is no word character before it). Same matches; the original's `\b` start is
# tried at every position of the fragment.
assert _POSSESSIVE_BODY.pattern.startswith(r"\b[A-Z]")
_POSSESSIVE_BODY_FAST = re.compile(r"[A-Z](?<!\w[A-Z])" + _POSSESSIVE_BODY.pattern[len(r"\b[A-Z]"):])
# a word of each of `_POSSESSIVE_BODY`'s bodies ("air force" and "armed forces" hold "force"),
# in lower case as the pattern has them: a fragment with none of them (most of those with a
# possessive, "Iran's nuclear programme") needs no search of the pattern, tried at each capital
_POSSESSIVE_BODY_WORDS = (
    "force", "military", "army", "navy", "ministry", "government", "office", "presidency", "cabinet", "police",
)
assert all(any(w in body for w in _POSSESSIVE_BODY_WORDS) for body in re.search(
    r"\(\?:(air force\|.*?police)\)", _POSSESSIVE_BODY.pattern).group(1).split("|"))
_has_body_word = eval(  # (one 'or' chain of 'in' tests, no loop: as `_has` with needs does)
    "lambda t: " + " or ".join(f"{w!r} in t" for w in _POSSESSIVE_BODY_WORDS)
)
# `_JOINT`'s group words, one of which each of its matches holds ("heads of state" holds
# "heads"): a subject without one needs no search of the whole pattern (whose `\b` start with
# an optional word is tried at every position)
_JOINT_WORD_SEARCH = re.compile(_by_first_letter(
    ["ministers", "leaders", "presidents", "heads", "envoys", "ambassadors", "representatives", "delegations",
     "governments", "chiefs"]
)).search


_MEDIA_NAME: dict[str, bool] = {}


def _media_name(name: str) -> bool:
    """`_MEDIA_LOW.search(name.lower())`, remembered per name (speakers come back often)."""
    found = _MEDIA_NAME.get(name)
    if found is None:
        if len(_MEDIA_NAME) > 10_000:
            _MEDIA_NAME.clear()  # names from feeds are unbounded: keep the cache small
        found = _MEDIA_NAME[name] = _MEDIA_LOW.search(name.lower()) is not None
    return found


def _strip_subj_tail(subj: str) -> str:
    """`_SUBJ_TAIL` removed from the end of a subject, twice ("has also"), each time only when
    it ends with one of its words."""
    if not subj.rstrip().endswith(_SUBJ_TAIL_ENDS):
        return subj
    subj = _SUBJ_TAIL.sub("", subj)
    if subj.rstrip().endswith(_SUBJ_TAIL_ENDS):
        subj = _SUBJ_TAIL.sub("", subj)
    return subj


def _ends_with_pronoun(tail: str) -> bool:
    """`_SUBJECT_PRONOUN.search(tail)`; an ASCII tail that does not end with one of its words
    (the match ends at the end but for white space) is answered without the regex."""
    if tail.isascii() and not tail.rstrip().lower().endswith(("he", "they", "it")):
        return False
    return _SUBJECT_PRONOUN.search(tail) is not None


def _not_before(text: str, a: int, window: str | None = None) -> bool:
    """`_NOT_BEFORE.search(text, max(0, a - 8), a)`, the regex run only when the ASCII window
    (that text, `text[max(0, a - 8):a]`; the caller may have it) ends (but for white space)
    with one of its words."""
    if window is None:
        window = text[a - 8 if a > 8 else 0:a]
    if window.isascii() and not window.rstrip().lower().endswith(_NOT_ENDS):
        return False
    return _NOT_BEFORE.search(text, a - 8, a) is not None  # (a negative pos is 0)


_NOT_ENDS = ("not", "never", "n't")


def _passive_before(text: str, a: int) -> bool:
    """`_PASSIVE_BEFORE.search(text, max(0, a - 16), a)`, the regex run only when the window
    ends (but for white space) with one of its verbs or an adverb in -ly: every match does."""
    lo = a - 16 if a > 16 else 0
    if not text[lo:a].rstrip().endswith(_PASSIVE_ENDS):
        return False
    return _PASSIVE_BEFORE.search(text, lo, a) is not None


_PASSIVE_ENDS = ("is", "are", "was", "were", "be", "been", "being", "ly")
_PASSIVE_LAST2 = frozenset(e[-2:] for e in _PASSIVE_ENDS)  # (all have two characters at least)
assert min(map(len, _PASSIVE_ENDS)) >= 2


def _media_subject(subj: str) -> bool:
    """The subject ends with a media or generic-source word ("Iranian state media")."""
    # the longest word is 11 letters: the last 13 characters hold it and the one before it
    tail = subj.rstrip()[-13:].lower()
    # a match ends at the end of the tail (nothing but white space can follow `$` there, and
    # the tail has none at its end): the tail ends with one of the pattern's words
    return tail.endswith(_MEDIA_SUBJ_ENDS) and _MEDIA_SUBJ_LOW.search(tail) is not None


_MEDIA_SUBJ_ENDS = (
    "media", "agency", "agencies", "news", "tv", "television", "broadcaster", "newspaper", "report", "reports",
    "source", "sources", "witnesses", "residents", "official", "officials", "analysts", "observers", "experts",
    "diplomats", "groups",
)


def _actors_in(s: Sentence, lo: int, hi: int):
    """Gazetteer actors in s.text[lo:hi], leftmost-longest, as (start, end, term) with offsets
    in that piece."""
    out = []
    names = s._names
    for a, b, t in names if names is not None else _names(s, None):
        if a >= hi:
            break  # (the names are in text order: none of the rest ends by hi either)
        if t.actor and lo <= a and b <= hi:
            out.append((a - lo, b - lo, t))
    return out


def _sentence_runs(s: Sentence) -> list:
    """Capitalised-run matches of the whole sentence (names.run_matches), computed once."""
    if s._run_matches is None:
        s._run_matches = run_matches(s.text)
    return s._run_matches


def _piece_names(s: Sentence, x: int, y: int) -> tuple[list, list]:
    """The names of s.text[x:y]: what the whole sentence's
    runs and bodies give for that piece, found in the piece itself (names.found_alone; the
    _ORG_HEAD pattern has no look-arounds), or taken from the sentence's runs when another
    extractor found them already: most speakers stand in a short part of a long sentence, and
    most sentences need no other names. (`_speaker_phrase` has these steps written out: a
    change here is one there too.)"""
    text = s.text
    piece = text[x:y]
    if s._run_matches is not None:
        runs = runs_in_piece(text, s._run_matches, x, y)
    elif not x or text[x:x + 1].isspace() or found_alone(text, x):  # (found_alone's first test, no call)
        runs = capitalised_runs(piece)
    else:
        runs = runs_in_piece(text, _sentence_runs(s), x, y)  # (a piece that starts inside a word)
    head = _ORG_HEAD_WORD_SEARCH(piece)  # (None for most pieces)
    if head is None:
        return runs, []
    return runs, [(m.start(1), m.end(1), m.group(1)) for m in _org_heads_at(piece, head)]


def _speaker_phrase(fragment: str, lex: Lexicon, from_end: bool, actors=(), at: "tuple[Sentence, int] | None" = None,
                    names: "tuple[list, list] | None" = None):
    """Best name in a fragment next to a speech verb: (speaker, role) or (None, None).

    `actors` are the gazetteer actors in the fragment ((start, end, term), fragment offsets):
    single names the capitalised-run finder leaves out ("Iran", "Araqchi"). `at` = (sentence,
    offset) when the fragment is that sentence's text from that offset: the names found in the
    whole sentence once are then reused. `names`: the fragment's `_piece_names`, when the
    caller has them.
    """
    # Candidates (start, end, name, role). A run's name is its alias and an _ORG_HEAD body's
    # its tidy_name, but only the winner's is worked out: runs go in as they are (their role
    # a string or None), the others with a marker in the role's place (_HEAD, _NAMED).
    if names is not None:
        runs, heads = names
        cands = list(runs)  # (the caller reads its runs again)
        for start, end, head in heads:
            cands.append((start, end, head, _HEAD))
    else:
        if at is None:
            cands = capitalised_runs(fragment)
            head = _ORG_HEAD_WORD_SEARCH(fragment)  # (`_org_heads(fragment)`, its first test here)
        else:
            # (`_piece_names(s, x, x + len(fragment))` written out, the fragment being that
            # piece: no call, no slice of the piece, no pair of lists to return; this runs for
            # nearly every speech verb)
            s, x = at
            text = s.text
            if s._run_matches is not None:
                cands = runs_in_piece(text, s._run_matches, x, x + len(fragment))
            elif not x or text[x:x + 1].isspace() or found_alone(text, x):
                cands = capitalised_runs(fragment)
            else:
                cands = runs_in_piece(text, _sentence_runs(s), x, x + len(fragment))
            head = _ORG_HEAD_WORD_SEARCH(fragment)  # (None for most pieces)
        # (the runs, a new list from either function, are the first candidates: no copy)
        if head is not None:
            for m in _org_heads_at(fragment, head):
                cands.append((m.start(1), m.end(1), m.group(1), _HEAD))
    for start, end, t in actors:
        for c in cands:
            if c[0] <= start and end <= c[1]:
                break  # inside a longer name
        else:
            # "IOM Director General Amy Pope", "Kremlin foreign policy adviser": a title's qualifier
            nxt = fragment[end:end + 30].split(None, 1)  # (only the first word is read)
            if nxt:
                word = nxt[0].lower()
                if word.strip(",") in ROLE_WORDS and word not in ("the", "of", "and", "for", "to", "state"):
                    continue
            cands.append((start, end, t.actor, _NAMED))
    if ("'s" in fragment or "’s" in fragment) and _has_body_word(fragment):
        for m in _POSSESSIVE_BODY_FAST.finditer(fragment):
            cands.append((m.start(), m.end(), m.group(0), _NAMED))
    # (the right-stripped fragment's last two characters first, one set test: most end with
    # none of the ends')
    if from_end and (stripped := fragment.rstrip())[-2:] in _COLLECTIVE_LAST2 and stripped.endswith(_COLLECTIVE_ENDS):
        m = _COLLECTIVE.search(fragment)
        if m:
            cands.append((m.start(1), m.end(1), m.group(1), _NAMED))
    if not cands:
        return None, None
    # nearest the verb; at the same place the longest (a body beats its country); of equals the
    # last found (what a stable sort puts last). (A loop that keeps the best so far: max of
    # the reversed list with a key function made a call per candidate.)
    best = cands[0]
    if len(cands) > 1:
        if from_end:  # the greatest end
            be, bl = best[1], best[1] - best[0]
            for c in cands:
                e = c[1]
                if e > be or (e == be and e - c[0] >= bl):
                    best, be, bl = c, e, e - c[0]
        else:  # the least start
            bs, bl = best[0], best[1] - best[0]
            for c in cands:
                st = c[0]
                if st < bs or (st == bs and c[1] - st >= bl):
                    best, bs, bl = c, st, c[1] - st
    name, role = best[2], best[3]
    if role is _NAMED:
        return name, None
    if role is _HEAD:
        if name.startswith(("A ", "An ", "The ")):
            # "A Pentagon official said", "The Foreign Ministry said": the body after the article
            name = name.split(" ", 1)[1]
            return lex.actor_alias.get(name.lower(), tidy_name(name)), None
        return tidy_name(name), None
    return lex.actor_alias.get(name.lower(), name), role


# markers in a `_speaker_phrase` candidate's role place: an _ORG_HEAD body, a name as it stands
_HEAD = object()
_NAMED = object()


def _speaker_memo(table: int, name: str, lex: Lexicon, make):
    """`make(name, lex)`, worked out once per name and lexicon in `_SPEAKER_MEMO[table]` (1:
    `_resolve_name`, 2: `_statement_speaker`); a table is emptied past 10,000 names (names from
    feeds are unbounded: keep the memo small)."""
    memo = _SPEAKER_MEMO
    if memo[0]() is not lex:
        memo[0], memo[1], memo[2] = weakref.ref(lex), {}, {}
    known = memo[table].get(name)
    if known is None:
        if len(memo[table]) > 10_000:
            memo[table].clear()
        known = memo[table][name] = make(name, lex)
    return known


def _resolve_speaker(name: str | None, role: str | None, lex: Lexicon, state: "DocumentState | None" = None):
    if not name:
        return None, role
    # speakers come back often: each name is resolved once per lexicon (all but a bare body's
    # country, which the document says)
    speaker, bare_body = _speaker_memo(1, name, lex, _resolve_name)
    if bare_body and state is not None:
        country = state.body_country(name)
        if country:
            return f"{country} {name[4:] if name.lower().startswith('the ') else name}", role
    return speaker, role


# [a weak reference to the lexicon, {name: _resolve_name(name, that lexicon)},
#  {name: _statement_speaker(name, that lexicon)}]
_SPEAKER_MEMO: list = [lambda: None, {}, {}]


def _statement_speaker(name: str, lex: Lexicon) -> tuple[str | None, bool]:
    """What `_statement_events` makes of a picked speaker's name (not empty), with no
    document to read: (speaker, False), the speaker None for a media or generic source; or
    (None, True) for a bare body, whose country the document may say (then the caller works
    it out with the document)."""
    low = name.lower()
    # (the words of the lower-cased name are the lower-cased words: lower() makes and takes
    # no white space)
    words = low.split()
    if (words[-1] in _MEDIA_WORDS and len(words) <= 2) or low in GENERIC_SPEAKERS:
        return None, False
    speaker, bare_body = _resolve_name(name, lex)
    if bare_body:
        return None, True
    if speaker and _media_name(speaker) and not _MEDIA_BODY.search(speaker):
        speaker = None
    return speaker, False


def _resolve_name(name: str, lex: Lexicon) -> tuple[str, bool]:
    """A speaker's name as the lexicon knows it, and whether it is a bare body ("the Foreign
    Ministry", not an alias): then its country is the document's (`DocumentState.body_country`)
    when the document names one."""
    key = name.lower()
    if key.startswith("the "):
        key = key[4:]
    if key in lex.actor_alias:
        return lex.actor_alias[key], False
    # (a bare body says "ministry" or "office")
    bare_body = (not name.isascii() or "ministry" in key or "office" in key) and _BARE_BODY.match(name) is not None
    # possessive body: "Iran's Foreign Ministry" -> "Iran Foreign Ministry"
    m = _POSS_NAME.match(name)
    if m and m.group(1).lower() in lex.actor_alias and lex.actor_type.get(lex.actor_alias[m.group(1).lower()]) == "country":
        country = lex.actor_alias[m.group(1).lower()]
        rest = m.group(2)
        if _FORCES.fullmatch(rest) and country == "Israel":
            return "Israel Defense Forces", bare_body
        full = f"{country} {rest}"
        if full.lower() in lex.actor_alias:
            return lex.actor_alias[full.lower()], bare_body
        if rest.lower() in lex.actor_alias and lex.actor_type.get(lex.actor_alias[rest.lower()]) != "country":
            return lex.actor_alias[rest.lower()], bare_body
        return full, bare_body
    return tidy_name(name), bare_body


def _has_upper(s: str) -> bool:
    """`any(ch.isupper() for ch in s)` (in ASCII, the upper-case letters are those lower() changes)."""
    if s.isascii():
        return s.lower() != s
    return any(ch.isupper() for ch in s)


_ASIDE = re.compile(r"\s*(?:in|on|at|during|via|through|speaking|writing|posting|according|after|before|while)\b")
_ENVOY_TO = re.compile(
    r"\b(?:ambassador|envoy|representative|delegate|emissary)(\s+to\s+(?:the\s+)?(?:[A-Z][\w.’'\-]*\s+){1,4})$"
)


def _subject_before(text: str, a: int) -> tuple[str, int, str]:
    """The subject fragment before a verb at `a`, where it starts, and the fragment without
    its trailing white space (which the caller reads too)."""
    lo = a - 120 if a > 120 else 0  # (max(0, a - 120): no call)
    before = text[lo:a]
    if "”" in before or '"' in before or ";" in before or ":" in before:  # (`in` costs less than rfind)
        cut = max(before.rfind("”"), before.rfind('"'), before.rfind(";"), before.rfind(":")) + 1
        subj = before[cut:]
        off = lo + cut
    else:  # (as most subjects: no cut)
        subj = before
        off = lo
    # (the tests of a comma, the relative clause's, the clause's and the aside's, made only in
    # a subject with one: most have none)
    aside = False
    if "," in subj:
        # (every match has both; the comma looked for first: most subjects have none, and one
        # character is found faster than two)
        if "wh" in subj:
            m = _RELATIVE.search(subj)
            if m:
                subj = subj[:m.start()]
        if ", and " in subj:
            # "The attack was tied to the group Scattered Spider, and M&S has since confirmed": a
            # clause before ", and" is another clause; a short item before it is a list of names
            k = subj.rfind(", and ")
            if len(subj[subj.rfind(",", 0, k) + 1:k].split()) > 4:
                subj = subj[k + 6:]
                off += k + 6
        if subj.endswith(", ") and "," in subj[:-2]:
            aside = True
            # "Trump, in a post on Truth Social, demanded": an aside between commas is no subject
            k = subj.rfind(",", 0, len(subj) - 2)
            if _ASIDE.match(subj, k + 1):
                subj = subj[:k] + " "
    if not aside and " to " in subj and (
        "ambassador" in subj or "envoy" in subj or "representative" in subj or "delegate" in subj or "emissary" in subj
    ):  # (a word of every match first, in place: most subjects have none)
        # "Iran's ambassador to the UN said": the envoy speaks for the sender, not the host
        m = _ENVOY_TO.search(subj)
        if m is not None:
            subj = subj[:m.start(1)]
    stripped = subj.rstrip()
    # (`_strip_subj_tail`'s own first test, made only when the last two characters are those of
    # one of the ends: one set test, where the test of each of the thirteen ends costs three
    # times as much; most subjects pass)
    if stripped[-2:] in _SUBJ_TAIL_LAST2 and stripped.endswith(_SUBJ_TAIL_ENDS):
        subj = _strip_subj_tail(subj)
        stripped = subj.rstrip()
    return subj, off, stripped


# a document or proceeding right before a participle speech verb: the participle describes it
# ("a lawsuit claiming damages", "the order denying clearance", "a statement denying the affair")
_INSTRUMENT_BEFORE = re.compile(
    r"\b(?:lawsuits?|suits?|countersuits?|complaints?|petitions?|pleas?|orders?|rulings?|verdicts?|bills?|"
    r"motions?|resolutions?|statements?|reports?|documents?|posts?|videos?|ads?|advert\w*|campaigns?) $"
)


# a clause's first noun phrase: capitalised words, titles and the small words inside names
# ("China's foreign minister Wang Yi"), up to the first other word (its verb)
_SUBJECT_NP = re.compile(
    r"(?:(?:[A-Z0-9][\w'’.\-]*|"
    + "|".join(sorted((ROLE_WORDS | {"senior", "top", "former"}) - {"and", "to"}, key=len, reverse=True)).replace(".", r"\.")
    + r")\s+)*"
)


# the words of a clause's subject at its start: capitalised words and the small words inside
# names ("Iran's Foreign Ministry", "the Kremlin", "Ministry of Defence"), up to the first other word
_CLAUSE_HEAD = re.compile(r"(?:(?:[A-Z0-9][\w'’.\-]*|the|of|for|and|al|bin|de|von|van)(?:,?\s+|,$))*")


# the first words of a short adverbial after a speech verb ("on Sunday", "in a statement", "late on Monday")
_ADVERBIAL_START = r"on|in|at|late|early|last|this|earlier|later|to|told"
# what may follow a reporting clause at the end of a sentence: "..., the military said on Sunday",
# "..., Carney says", "..., officials said in a statement late on Monday"
_REPORT_AFTER_WORDS = (*_ADVERBIAL_START.split("|"), "during", "after", "before", "via", "through", "from")
_REPORT_AFTER = re.compile(r"(?:(?:" + "|".join(_REPORT_AFTER_WORDS) + r")\b[^,;:\"“”]{0,60})?")
# what a match can be: empty, or one of its words and at most 60 characters after it (read by
# _reporting_clause before the regex is tried)
_REPORT_AFTER_FIRST = "".join(sorted({w[0] for w in _REPORT_AFTER_WORDS}))
_REPORT_AFTER_LONGEST = max(map(len, _REPORT_AFTER_WORDS)) + 60


# a short adverbial between a speech verb and its "that" clause
_TIME_THAT = re.compile(r"(?:" + _ADVERBIAL_START + r")\b[^,;:\"“”]{0,50}?\s(?=that\s)")


# a name alone: one to three capitalised words ("Carney", "UKMTO", "Kaja Kallas")
_BARE_NAME = re.compile(r"[A-Z][\w'’.\-]*(?: [A-Z][\w'’.\-]*){0,2}")


def _reporting_clause(text: str, a: int, b: int) -> int:
    """Where the content ends (its comma) when the speech verb at [a, b) closes the sentence as
    a short reporting clause ("Israel struck 40 targets, the military said."); else -1."""
    k = text.rfind(", ", 0, a)
    if k <= 0:
        return -1
    # (the length after the verb tested before the subject is cut out: past 100 characters
    # only a subject after the verb, right after the comma, can make a reporting clause; a
    # blank subject further on makes none)
    if k + 2 == a or len(text) - b <= 100:
        subject = text[k + 2:a]
    else:
        return -1  # (more after the verb than _REPORT_AFTER's 70 characters and a full stop)
    if not subject.strip():
        # "..., says Unicef", "..., says IDF spokesman Effie Defrin": the subject after the verb
        # (only after a verb that takes no object: "..., the police chief, told Reuters" names
        # who heard it, "..., described Pakistan's moves as defensive" what was described)
        return k if k + 2 == a and text[a:b].lower() in _INVERTED_VERBS and _inverted_subject(text, b) else -1
    if len(text) - b > 100:
        return -1  # (more after the verb than _REPORT_AFTER's 70 characters and a full stop)
    # (what follows the verb read before the subject's words are counted: the two tests are
    # pure, and the first turns down more verbs for less)
    rest = text[b:].strip().rstrip(".!?").strip()
    if rest and text[a:b].lower() in _TELL_VERBS:
        # "..., Araghchi told the BBC", "..., Araghchi tells parliament on Sunday": whom the
        # speaker told (four words at most, no clause of their own), then what may follow
        words = rest.split()
        i = 0
        while i < len(words) and i < 5 and words[i] not in _REPORT_AFTER_WORDS:
            if words[i].lower() in _CLAUSE_WORDS or not words[i].replace("'", "").replace("’", "").isalnum():
                return -1  # ("told him to leave", "told the BBC: ...")
            i += 1
        if not 0 < i <= 4 or i < len(words) and words[i] == "to":
            return -1  # ("told residents to get out": what they were told to do is the content)
        rest = " ".join(words[i:])
    if rest and (len(rest) > _REPORT_AFTER_LONGEST or rest[0] not in _REPORT_AFTER_FIRST):
        return -1  # (no regex: no match can be that long or start with that character)
    # (`len(subject.split()) > 7`: eight parts at most, the eighth there when an eighth word is)
    if len(subject.split(None, 7)) > 7 or (
        '"' in subject or "“" in subject or "”" in subject or ";" in subject or ":" in subject
    ):
        return -1
    return k if _REPORT_AFTER.fullmatch(rest) else -1


# verbs of telling: the words after them name who was told
_TELL_VERBS = frozenset({"told", "tells", "tell"})


# words of a clause, not of a name: "..., says two sides have a deal" is no inverted subject
_CLAUSE_WORDS = frozenset({
    "that", "have", "has", "had", "is", "are", "was", "were", "will", "would", "can", "could", "should",
    "must", "may", "might", "do", "does", "did", "not", "it", "he", "she", "they", "we", "there", "to",
})


# how an inverted subject may open besides a capital, a title word or a generic speaker ("says
# manager Arne Slot", "says law minister", "says officials")
_INVERTED_OPENERS = frozenset({
    "the", "a", "an", "his", "her", "their", "its", "manager", "coach", "author", "analyst", "expert", "lawyer",
    "former", "senior", "top", "local", "state",
})
# speech verbs that come before their subject at the end of a sentence ("..., says Unicef")
_INVERTED_VERBS = frozenset({
    "says", "said", "say", "according to", "adds", "added", "notes", "noted", "writes", "wrote", "reports",
    "reported", "warns", "warned", "insists", "insisted", "argues", "argued", "explains", "explained", "claims",
    "claimed", "confirms", "confirmed", "stated", "states", "announced", "announces", "alleges", "alleged",
    "urges", "urged", "vows", "vowed", "declares", "declared", "admits", "admitted", "predicts", "predicted",
    "suggests", "suggested", "recalls", "recalled", "observes", "observed", "cautions", "cautioned",
})


def _inverted_subject(text: str, b: int) -> bool:
    """The rest of the sentence after a speech verb ending at b is its subject alone, a short
    name with no clause of its own ("says Unicef", "said the military on Sunday")."""
    rest = text[b:].strip().rstrip(".!?").strip()
    # (nine parts at most, the ninth there when a ninth word is: more than eight words is no
    # subject alone, and the words of a shorter rest are all there)
    words = rest.split(None, 8)
    if not words or len(words) > 8 or not (
        rest[0].isupper() or words[0] in _INVERTED_OPENERS or words[0] in ROLE_WORDS or words[0] in GENERIC_SPEAKERS
        # a short common noun phrase, no name ("..., says nightclubber", "says irrigation expert")
        or len(words) <= 3 and rest.isascii() and rest.replace(" ", "").replace("-", "").isalpha() and rest.islower()
    ):
        return False
    # (no word of a clause: one set test of all the words; no word that opens with a quotation
    # mark: the words read one by one only when the rest holds such a mark at all)
    if not _CLAUSE_WORDS.isdisjoint(words):
        return False
    if '"' in rest or "“" in rest or "”" in rest or "‘" in rest or "'" in rest:
        for w in words:
            if w[:1] in "\"“”‘'":
                return False
    return ";" not in rest and ":" not in rest


def _bare_speaker(bare: str, lex: Lexicon) -> str | None:
    """A reporting clause's subject that is a bare capitalised name ("Carney", "UKMTO", "BJP
    MP"), not a generic word or a title alone, as a speaker; else None."""
    if len(bare) > 1 and _BARE_NAME.fullmatch(bare) and bare.lower() not in GENERIC_SPEAKERS and not all(
        w.lower() in ROLE_WORDS for w in bare.split()
    ):
        return lex.actor_alias.get(bare.lower(), bare)
    return None


def _official_of(subj: str, acts: list) -> tuple[str | None, str | None]:
    """(country, role) for a subject that is a country's official and nothing else: its last
    gazetteer actor and title words around it ("the Iranian foreign minister" -> Iran,
    "foreign minister"); (None, None) when another word is there."""
    x, y, term = acts[-1]
    words = [w for w in (subj[:x] + " " + subj[y:]).split() if w.lower() not in ("a", "an", "the")]
    if not words or term.actor_type not in ("country", "organisation"):
        return None, None
    role = False  # (a title's head among them: "the US military" names no role)
    for w in words:
        low = w.lower()
        if low in _ROLE_HEADS:
            role = True
        elif not _title_word(w, low) and low not in GENERIC_SPEAKERS:
            return None, None
    return term.actor, (" ".join(words) if role else None)


def _statement_for_verb(s: Sentence, lex: Lexicon, state: "DocumentState", a: int, b: int, phrase: str, k: int):
    """(speaker, role, subject text, generic) for the speech verb at [a, b).

    `k`: `_reporting_clause(s.text, a, b)`, or -1 where no reporting clause is looked for (a
    participle, a quotation in the sentence)."""
    text = s.text
    if phrase == "according to":
        # (the first piece of `_COMMA_SEMI.split(text[b:b + 100])`, with no list of the others)
        m = _COMMA_SEMI.search(text, b, b + 100)
        frag = text[b:m.start()] if m is not None else text[b:b + 100]
        acts = _actors_in(s, b, b + len(frag))
        names = _piece_names(s, b, b + len(frag))
        sp, rl = _speaker_phrase(frag, lex, from_end=False, actors=acts, names=names)
        # "according to Kremlin adviser Yuri Ushakov": the person, not the body in the title
        for r in names[0]:
            canon = lex.actor_alias.get(r[2].lower())
            if (canon is None and len(r[2].split()) >= 2) or (canon and lex.actor_type.get(canon) == "person"):
                sp, rl = canon or r[2], r[3]
                break
        return sp, rl, frag, sp is None
    if k > 0:
        if k + 2 == a:
            # "..., says Unicef": the subject after the verb (`_inverted_subject`)
            sp, rl = _closing_subject(s, lex, b)
            return sp, rl, "", sp is None
        # "..., Carney says": the speaker is in the reporting clause, not in the content
        subj, off = _strip_subj_tail(text[k + 2:a]), k + 2
        if "its " in subj or "their " in subj:
            sp, rl = _possessed_body(s, lex, subj, off)  # "..., its military said"
            if sp is not None:
                return sp, rl, subj, False
        acts = _actors_in(s, off, a)
        sp, rl = _speaker_phrase(subj, lex, from_end=True, actors=acts, at=(s, off))
        bare = subj.strip()
        if sp is None and acts:
            # "Romanian minister says", "a senior US official said": the official's country
            x, y, term = acts[-1]
            role = " ".join(w for w in (bare[:x] + bare[y:]).split() if w.lower() not in ("a", "an", "the"))
            if role and any(w.lower() in ROLE_WORDS or w.lower() in GENERIC_SPEAKERS for w in role.split()):
                sp, rl = term.actor, (role if any(w.lower() in ROLE_WORDS for w in role.split()) else None)
        if sp is None:
            sp = _bare_speaker(bare, lex)  # "Carney says", "UKMTO says"
        return sp, rl, subj, sp is None
    subj, off, stripped = _subject_before(text, a)
    if subj.endswith(", ") and phrase.endswith("ing"):
        # "Iran fired missiles at Israel, saying ...": a participle after a comma speaks for
        # the main clause's subject, at its start; not for the last name before the comma
        lead = len(subj) - len(subj.lstrip())
        head = _CLAUSE_HEAD.match(subj, lead).group(0)
        sp = rl = None
        if head.strip():
            # the match starts at `lead`: head is the clause head itself, without the white space
            acts = _actors_in(s, off + lead, off + lead + len(head))
            sp, rl = _speaker_phrase(head, lex, from_end=False, actors=acts, at=(s, off + lead))
        return sp, rl, subj, sp is None
    # a subject that ends in a pronoun, "he has" or "she had" ends with one of these words: an
    # ASCII end without them needs neither test
    end = stripped[-13:]
    low_end = end.lower()  # (also the tail `_media_subject` reads)
    # (which of the two lists of ends below the tail can end with, by its last two characters:
    # one look-up, where the endswith tests of five and of twenty-one ends cost several times
    # as much; most subjects end with none)
    ends = _END_TESTS.get(low_end[-2:], 0)
    if (not end.isascii() or (ends & _PRONOUN_END and low_end.endswith(_PRONOUN_ENDS))) and (
        _ends_with_pronoun(subj[-12:]) or (subj.lower().rstrip().endswith(("he", "had", "has")) and _HAS_HE_SHE(subj.lower()))
    ):
        sp, rl = state.last_person()
        return sp, rl, subj, sp is None
    # (`_media_subject(subj)`, its tail at hand)
    # (`not any(True for _ in _org_heads(subj[-40:]))`: a text of 40 characters is short, its
    # bodies a list, and a text without a head word has none; no generator made and called)
    if ends & _MEDIA_END and low_end.endswith(_MEDIA_SUBJ_ENDS) and _MEDIA_SUBJ_LOW.search(low_end) and not _org_heads(subj[-40:]):
        # '"...," a senior Iranian official said': a country's official speaks for it
        acts = _actors_in(s, off, off + len(subj)) if low_end.endswith(("official", "officials")) and not text.startswith(" by ", b) else None
        if acts:
            sp, rl = _official_of(subj, acts)
            if sp is not None:
                return sp, rl, subj, False
        return None, None, subj, True
    comma = subj.rfind(",")
    if comma >= 0 and not _has_upper(subj[comma:]) and _LETTERS.search(subj, comma):
        # "..., off Tunisia, group says", "..., senior diplomat says": the subject is the plain
        # noun after the last comma; a name before it is in another clause, not the speaker
        return None, None, subj, True
    # a sentence that closes with the verb's subject after it ("..., says her father"; '"...,"
    # said Aldridge, the youngest member of the commission'), read once for the tests below
    blank = not stripped  # (white space alone, as after a quotation: '"...," said X')
    closing = (blank or stripped[-1:] in ",\"”'’") and _inverted_subject(text, b)
    if stripped.endswith(" and") or (
        # (one comma, the last: not after an aside, "X, a Democrat, said")
        subj.endswith(", ") and subj.count(",") == 1 and '"' not in subj and "“" not in subj and "”" not in subj
        and not closing
    ):
        # "Wang Yi spoke with his Iranian counterpart by phone and called for a ceasefire",
        # "Trump pauses tariffs on Canada, says two sides have a deal": a verb joined to an
        # earlier one has that one's subject, the clause's first noun phrase
        lead = len(subj) - len(subj.lstrip())
        np = _SUBJECT_NP.match(subj, lead).group(0)
        if np.strip():
            acts = _actors_in(s, off + lead, off + lead + len(np))
            sp, rl = _speaker_phrase(np, lex, from_end=True, actors=acts, at=(s, off + lead))
            if sp is not None:
                return sp, rl, subj, False
    if "its " in subj or "their " in subj:
        sp, rl = _possessed_body(s, lex, subj, off)  # "Israel struck Iran and its military said ..."
        if sp is not None:
            return sp, rl, subj, False
    tried = False  # (`_closing_subject` asked already, and it found no one)
    if closing and stripped[-1:] == "," and text[a:b].lower() in _INVERTED_VERBS:
        # '... "wait and see" whether Salah has played his last game, says manager Arne Slot':
        # the subject after the verb, not a name in the content before it
        sp, rl = _closing_subject(s, lex, b)
        if sp is not None:
            return sp, rl, subj, False
        tried = True
    if not blank:  # (white space alone names no one: no names to look for)
        acts = _actors_in(s, off, off + len(subj))
        sp = None
        if comma >= 0:
            # The names after the subject's last comma first ('Responding via the Tasnim news
            # agency, Iranian Foreign Minister Abbas Araqchi said'): no run, body or collective
            # holds a comma, so one there ends after every name before it, and the pick nearest
            # the verb is among them when there is one (then the text before the comma, often
            # most of the subject, is not searched). A gazetteer name across the comma, or no
            # name after it, leaves the subject to be read whole.
            x = comma + 1
            for ax, bx, t in acts:
                if ax < x < bx:
                    break
            else:
                tail_acts = []  # (a loop, not a comprehension: no function made and called)
                for ax, bx, t in acts:
                    if ax >= x:
                        tail_acts.append((ax - x, bx - x, t))
                sp, rl = _speaker_phrase(subj[x:], lex, from_end=True, actors=tail_acts, at=(s, off + x))
        if sp is None:
            sp, rl = _speaker_phrase(subj, lex, from_end=True, actors=acts, at=(s, off))
        if sp is None and acts and not text.startswith(" by ", b):  # (not "governor accused by US")
            sp, rl = _official_of(subj, acts)  # '"...," the Iranian foreign minister told reporters'
        if sp is not None:
            return sp, rl, subj, False
    # '"...," said Aijaz Jan, the MLA' / '..., President Volodymyr Zelenskyy said.'
    if (blank or stripped[-1:] in ",\"”'’") and not tried:
        # (a sentence that ends with the subject: also a name the gazetteer and the runs do
        # not know, '"...," said Aldridge, the youngest member of the commission')
        sp2, r2 = _closing_subject(s, lex, b) if closing else _inverted_speaker(s, lex, b)
        if sp2:
            return sp2, r2, subj, False
    # (no name is looked for after the subject's last comma, '"...", the Foreign Ministry
    # said': one there would be among the subject's names, in which `_speaker_phrase` found none)
    return None, None, subj, True


# `_statement_for_verb`'s tests of a subject's lower-cased end, keyed by the last two characters
# of the ends each reads (all have two at least): {last two: _PRONOUN_END | _MEDIA_END}
_PRONOUN_ENDS = ("he", "they", "it", "had", "has")  # (a pronoun, "he has", "she had")
_PRONOUN_END, _MEDIA_END = 1, 2
_END_TESTS: dict[str, int] = {}
for _flag, _ends in ((_PRONOUN_END, _PRONOUN_ENDS), (_MEDIA_END, _MEDIA_SUBJ_ENDS)):
    assert min(map(len, _ends)) >= 2
    for _e in _ends:
        _END_TESTS[_e[-2:]] = _END_TESTS.get(_e[-2:], 0) | _flag


# a body named by its owner's pronoun at the end of a subject: "its military", "their foreign
# ministry"
_ITS_BODY = re.compile(
    r"\b(?:its|their)\s+((?:[a-z]+\s+){0,2}?(?:military|army|armed forces|navy|air force|forces|ministry|government|"
    r"embassy|mission|spokes(?:man|woman|person)|foreign office|president|leader|leadership))\s*$"
)


def _possessed_body(s: Sentence, lex: Lexicon, subj: str, off: int) -> tuple[str | None, str | None]:
    """"Israel launched strikes, its military said": (the body of the sentence's first country
    or organisation before it, "Israel's military", None), or for a person's title (the
    country, the title): "..., its spokesman said"; (None, None) when there is none."""
    m = _ITS_BODY.search(subj)
    if m is None:
        return None, None
    at = off + m.start()
    for a, b, t in _names(s, lex):
        if a >= at:
            break  # (names are in text order)
        if t.actor is not None and t.actor_type in ("country", "organisation") and not (
            t.place is not None and _is_place_use(s.text, a, False)
        ):
            body = m.group(1)
            if body.endswith(_PERSON_BODY_ENDS):
                return t.actor, body
            return f"{t.actor}'s {body}", None
    return None, None


_PERSON_BODY_ENDS = ("spokesman", "spokeswoman", "spokesperson", "president", "leader")


def _closing_subject(s: Sentence, lex: Lexicon, b: int) -> tuple[str | None, str | None]:
    """(speaker, role) of a sentence that closes with its speech verb's subject after the verb
    ending at b (`_inverted_subject`: "..., says Unicef", "..., says manager Arne Slot")."""
    sp, rl = _inverted_speaker(s, lex, b)
    if sp is None:
        text = s.text
        off = b + len(text[b:]) - len(text[b:].lstrip())
        # (up to a comma: "said Aldridge, the youngest member of the Ferguson Commission")
        bare = _COMMA_SEMI.split(text[off:].rstrip().rstrip(".!?").rstrip(), 1)[0]
        sp, rl = _speaker_phrase(bare, lex, from_end=False, actors=_actors_in(s, off, off + len(bare)), at=(s, off))
        if sp is None:
            sp = _bare_speaker(bare, lex)  # "..., says Fitzpatrick"
    return sp, rl


def _inverted_speaker(s: Sentence, lex: Lexicon, b: int) -> tuple[str | None, str | None]:
    """(speaker, role) named right after a speech verb ending at b ('"...," said Aijaz Jan, the
    MLA'), or (None, None)."""
    text = s.text
    after = text[b:b + 90]
    if not _INVERTED.match(after):
        return None, None
    lead = after.lstrip(" ,")
    # (the first piece of `_COMMA_SEMI.split(lead)`, with no list of the others; no full stop:
    # "said H.E. Mbaye Ndiaye")
    m = _COMMA_SEMI.search(lead)
    frag = lead[:m.start()] if m is not None else lead
    off2 = b + (len(after) - len(lead))
    acts = _actors_in(s, off2, off2 + len(frag))
    sp2, r2 = _speaker_phrase(frag, lex, from_end=False, actors=acts, at=(s, off2))
    if sp2:
        m = _APPOSITION.match(after)
        if m and r2 is None and not _NOT_ROLE.search(m.group(1)):
            r2 = m.group(1).strip()
    return sp2, r2


# speech words used as adjectives, nouns or passives of report: "over alleged manipulation",
# "the accused was sloshed", "Goa blast accused", "much demanded varieties", "youths said to be
# involved", "sentencing condemns prisoners to serve longer"
_NOT_SPEECH_USE = frozenset({
    "alleged", "accused", "demanded", "said", "condemns", "condemned", "condemn", "claimed", "claims", "claim",
    "claiming", "voiced",
})
# "the blast claimed the lives of 19", "the war has claimed thousands of lives", "claimed the
# title": a toll or a prize, no claim
_CLAIMED_THING = re.compile(
    r"\s+(?:the\s+|a\s+|its\s+|their\s+|his\s+|her\s+)?(?:[\w,\-]+\s+){0,3}?"
    r"(?:lives|life|victims|toll|title|titles|crown|trophy|medal|prize|seat|seats|gold|silver|bronze|victory|win)\b"
)
_DETERMINER_BEFORE = re.compile(
    r"\b(?:the|an?|for|over|of|in|on|with|about|his|her|their|its|into|to|and|or|by|from|against|all|two|three|\d+)\s+$"
)
_ACCUSED_NOUN_AFTER = re.compile(r"\s*(?:$|[,.;:)]|\s(?:was|were|is|are|has|had|have|persons?|identified|in the|and|had)\b)")
_MUCH_BEFORE = re.compile(r"\b(?:much|most|highly|in|often|frequently|long)[\s\-]+$")
_SAID_TO_BE = re.compile(r"\s+to\s+(?:be|have)\b")
_CONDEMN_TO = re.compile(r"\s+(?:[\w\-]+\s+){1,3}?to\s+(?:death|serve|life|die|years|a life|poverty|prison|oblivion|failure|hang)\b")


def _not_speech_use(low: str, a: int, b: int, phrase: str) -> bool:
    """True when a speech word at [a, b) is no speech act (see _NOT_SPEECH_USE)."""
    if phrase == "alleged":
        return _DETERMINER_BEFORE.search(low, a - 12, a) is not None
    if phrase == "accused":
        return _DETERMINER_BEFORE.search(low, a - 12, a) is not None or _ACCUSED_NOUN_AFTER.match(low, b) is not None or (
            # "a woman accused of vandalism": a participle with no accuser ("Russia accused of
            # war crimes by the UN" has one)
            low.startswith(" of ", b) and " by " not in low[b:]
        )
    if phrase == "voiced":
        return low.startswith(" by ", b)  # "Puss in Boots, voiced by Antonio Banderas": an actor's voice
    if phrase == "demanded":
        return _MUCH_BEFORE.search(low, a - 12, a) is not None
    if phrase == "said":
        return _SAID_TO_BE.match(low, b) is not None
    if phrase.startswith("claim"):
        return _CLAIMED_THING.match(low, b) is not None
    return _CONDEMN_TO.match(low, b) is not None


# `before[-3:].lower() == "to "`, one call: only these lower-case to "to " (no other character
# lower-cases to "t", "o" or a space, and one that lower-cases to two would make it longer)
_TO_ENDS = ("to ", "To ", "tO ", "TO ")
_TO_CASES = ("to", "To", "tO", "TO")  # (what lower-cases to "to", as above)


def extract_statements(s: Sentence, lex: Lexicon, state: DocumentState) -> list[Event]:
    text = s.text
    verbs = []  # (hit, class) (a loop: most sentences have a few triggers, one of them a verb)
    last_speech = None  # the last speech verb, whose reporting clause `_closing_report` reads
    for h in s.hits if s.triggers is None else s.triggers:  # (`_triggers(s)`)
        speech = h.term.speech  # (its statement classes, when a speech verb: lexicon.NOT_SPEECH_VERBS)
        if speech:
            last_speech = h
            for c in speech:
                verbs.append((h, c))
        elif h.term.phrase == "claims" and _claims_verb(s, lex, h):
            verbs.append((h, "ev.statement.said"))  # "Hamas claims Israel violated the truce"
    if not verbs:
        return []
    quote = None
    q_span = None
    quotes = s.quotes
    if quotes:
        q_span = quotes[0] if len(quotes) == 1 else max(quotes, key=_span_length)
        quote = text[q_span[0]:q_span[1]].strip().rstrip(",").strip()
        words = quote.split(None, 4)  # (five words at most: only whether there are five is read)
        if len(words) <= 4:
            # a title ("This Week") or a name, not a quotation: one word, or each capitalised
            # (a loop, not all() over a generator expression: no function made and called)
            for w in words if len(words) >= 2 else ():
                if not w[:1].isupper():
                    break
            else:
                quote, q_span = None, None
    # the first speech verb outside quotations whose speaker is named; else the first one
    picked = second = None
    base = s.start
    # (`_new_clause` can be true only in a sentence with one of its marks: most have none)
    clauses = ", and " in text or ";" in text
    for h, c in verbs:
        a = h.start - base
        b = h.end - base
        phrase = h.term.phrase
        participle = phrase.endswith("ing")  # "saying", "accusing"
        if picked is not None and picked[4] is not None and not (clauses and _new_clause(text, picked[3], a)):
            continue  # after a named speaker, only a verb in a clause of its own can add one
        sa = a  # where the verb's subject ends
        if q_span and q_span[0] <= a < q_span[1]:
            # 'President Obama "urged China to ..."': a quotation that opens with the speech
            # verb quotes the words of the subject right before it
            if a - q_span[0] > 1 or not text[:q_span[0] - 1].strip() or text[:q_span[0] - 1].rstrip()[-1] in ",:;.!?\"“”'‘’":
                continue
            sa = q_span[0] - 1
        if a > 0 and text[a - 1] in "-‐":
            continue  # "so-called", "well-said"
        # the windows 8 and 16 characters back (max(0, a - 8) ...: a conditional costs less
        # than a call of max)
        lo8 = a - 8 if a > 8 else 0
        lo16 = a - 16 if a > 16 else 0
        before = text[lo8:a]  # (its last 3 characters are text[max(0, a - 3):a])
        before_r = before.rstrip()
        # (the "o" of "to " read first, one character: most verbs follow another word)
        if (before[-2:-1] in "oO" and before.endswith(_TO_ENDS) and (a < 4 or not text[a - 4].isalnum())) or (
            # (`_not_before(text, a, before)`, its ASCII pre-test made here: no call for most
            # verbs; the words end in "t" or "r", read first: no lower-cased copy for most)
            (not before.isascii() or (before_r[-1:] in "tTrR" and before_r.lower().endswith(_NOT_ENDS)))
            and _NOT_BEFORE.search(text, lo8, a) is not None
        ):
            continue  # "asked the Council to reject": the asking is the statement
        if participle and _INSTRUMENT_BEFORE.search(text, lo16, a):
            continue  # "a lawsuit accusing", "an order denying": what a document says, no one's words
        by = None  # where the agent of a passive speech act starts ("was condemned by the UN")
        if (
            not participle  # "are demanding": the progressive is active
            and phrase not in _PASSIVE_OK
            # (`_passive_before(text, a)`, its pre-test made here: no call for most verbs; the
            # 16 characters' right-stripped form ends with the 8's when that has 5 characters,
            # as many as the longest of the ends)
            # (and its last two characters first, one set test: most end with no verb of these)
            and (end_r := before_r if len(before_r) >= 5 else text[lo16:a].rstrip())[-2:] in _PASSIVE_LAST2
            and end_r.endswith(_PASSIVE_ENDS)
            and _PASSIVE_BEFORE.search(text, lo16, a) is not None
        ):
            if phrase in _PASSIVE_SPEECH:
                m = _speech_agent(text, b, phrase)
                if m is not None:
                    by = m.end()
                elif not _IT_PASSIVE.search(s.low, a - 24, a):
                    continue
            else:
                continue  # "the ceasefire was maintained", "the plan was backed by the council"
        if phrase in _ASK_WORDS and (
            _ASK_TO.match(s.low, b) is None or _WHEN_ASKED.search(s.low, a - 8, a) is not None
        ):
            continue  # a question ("asked about the talks", "when asked"), not a request to act
        if phrase == "pleaded" and _PLEA.match(text, b):
            continue  # a plea in court ("pleaded guilty to a charge"), not an appeal
        if phrase in _NOT_SPEECH_USE and (
            # (the most common: no call; in ASCII text, whose lower-cased copy has the same
            # offsets, only where white space and then "to" or more white space follow the verb:
            # no lower-cased copy and no regex for most, "said that", "said the", "said Tuesday")
            (
                (not text.isascii() or (text[b:b + 1].isspace() and (text.startswith(_TO_CASES, b + 1) or text[b + 1:b + 2].isspace())))
                and _SAID_TO_BE.match(s.low, b) is not None
            ) if phrase == "said"
            else _not_speech_use(s.low, a, b, phrase)
        ):
            continue  # "over alleged manipulation", "the accused", "said to be involved"
        if by is None and phrase == "accused" and s.low.startswith(" of ", b):
            # a headline's passive without "was": "Russia accused of war crimes by UN
            # investigators" is the investigators' accusation (the "of" branch of _speech_agent)
            m = _ACCUSED_OF_BY.match(text, b)
            if m is not None:
                by = m.end()
        k = None  # _reporting_clause(text, a, b), when worked out here (_statement_events needs it too)
        if by is not None:
            # the agent named after "by" is the speaker, read as after "according to"
            sp, rl, subj, generic = _statement_for_verb(s, lex, state, sa, by, "according to", -1)
        elif q_span is not None or phrase == "according to":
            sp, rl, subj, generic = _statement_for_verb(s, lex, state, sa, b, phrase, -1)
        else:
            # (sa == a) "..., the military said": the reporting clause's subject is the speaker
            # (no reporting clause without a comma: no call for a sentence without one)
            # (`_reporting_clause`'s own first test, the comma before the verb, made here: no
            # call for a verb with none)
            if participle or text.rfind(", ", 0, a) <= 0:
                k = -1
            elif h is last_speech and s._report is not None and len(text) - b < 100:
                # (the sentence's last speech verb, for which contacts or strikes have asked
                # `_closing_report` already: it is `_reporting_clause(text, a, b)` there)
                k = s._report
            else:
                k = _reporting_clause(text, a, b)
            sp, rl, subj, generic = _statement_for_verb(s, lex, state, sa, b, phrase, k)
        cand = (h, c, a, b, sp, rl, subj, k)
        if picked is not None and picked[4] is not None:
            # a second speaker in a clause of its own: "the ministry said ..., and spokesperson
            # X said ..."
            if sp is not None and sp != picked[4]:
                second = cand
                break
            continue
        if picked is None:
            picked = cand
        if sp is not None:
            picked = cand
            if not (clauses and _new_clause(text, b, len(text))):
                break
    if picked is None:
        return []
    if second is None:
        return _statement_events(s, lex, state, picked, quote)
    # the quotation goes with the clause that holds it
    cut = second[3] - len(second[6])
    first_quote, second_quote = (quote, None) if q_span is None or q_span[0] < cut else (None, quote)
    return _statement_events(s, lex, state, picked, first_quote) + _statement_events(s, lex, state, second, second_quote)


# what follows "claims" the verb: a clause, opened by a name or a pronoun ("claims Israel
# violated", "claims it shot down"), not an object ("claims victory", "claims most of the sea")
# nor what follows the noun ("claims of downed jets", "claims were false")
_CLAIMS_CLAUSE_AFTER = re.compile(r"\s+(?:[A-Z]|(?:it|they|he|she|we|that|its)\b)")
# a demonym's ends: "Iranian claims" is the noun with its adjective
_DEMONYM_ENDS = ("ian", "ean", "ese", "ish", "i", "ic")


def _claims_verb(s: Sentence, lex: Lexicon, h) -> bool:
    """"claims" right after the name of its subject, a clause after it ("Hamas claims Israel
    violated the truce", "Iran claims it shot down two jets"): the verb, not the noun."""
    text = s.text
    a = h.start - s.start
    if a < 2 or text[a - 1] != " " or _CLAIMS_CLAUSE_AFTER.match(text, h.end - s.start) is None:
        return False
    for x, y, t in _names(s, lex):
        if y == a - 1:
            if t.actor is None:
                return False
            name = text[x:y]
            return not (t.actor_type == "country" and name.lower() != t.actor.lower() and name.endswith(_DEMONYM_ENDS))
        if x >= a:
            break
    return False


def _span_length(span: tuple[int, int]) -> int:
    return span[1] - span[0]


def _new_clause(text: str, b: int, a: int) -> bool:
    """A clause boundary (", and" or ";") between a speech verb ending at b and one at a."""
    # (most sentences hold neither: `in` costs less than find)
    return (", and " in text and 0 <= text.find(", and ", b, a)) or (";" in text and 0 <= text.find(";", b, a))


def _unnamed_role(text: str, a: int, b: int, k: int | None, subj: str) -> str | None:
    """What an unnamed speaker is, when the reporting clause says it in a few plain words ("...,
    senior diplomat says", "..., says law minister", '"...," a military spokesman said'): the
    statement's role, where its speaker is None. `k`: the reporting clause's comma, as in
    `_statement_for_verb` (k + 2 == a: the subject after the verb)."""
    if k is not None and k > 0 and k + 2 == a:
        m = _COMMA_SEMI.search(text, b)
        phrase = text[b:m.start() if m is not None else len(text)]
    else:
        phrase = subj[subj.rfind(",") + 1:]
    words = phrase.strip().rstrip(".!?:").split()
    while words and words[0].lower() in _ROLE_DETERMINERS:
        del words[0]
    if not 1 <= len(words) <= 4 or words[-1] not in _UNNAMED_HEADS:
        return None
    for w in words:  # plain lower-case words, no phrase of its own: a name is read as a speaker elsewhere
        if not w.replace("-", "").isalpha() or not w.islower() or w in _ROLE_NOT_WORDS:
            return None
    return " ".join(words)


_ROLE_DETERMINERS = frozenset(
    "a an the his her its their our one two three four five six seven eight nine ten some several many other but and"
    " while yet so".split()
)
_ROLE_NOT_WORDS = frozenset("with from of in at on by to for about after before as than".split())
# the last word of an unnamed speaker's description: a post, a body or a kind of source
_UNNAMED_HEADS = (
    (ROLE_WORDS | GENERIC_SPEAKERS)
    - frozenset("""he she they it we you i who which that this statement someone people the of to for and
    state house white high middle east special foreign defence defense press health energy interior finance
    national security policy presidential information vice crown supreme deputy dr dr. prof prof. gen gen. lt
    lt. seyed sayyed spokesperson, affairs""".split())
) | frozenset(
    """guard guards party aide aides negotiator negotiators government group groups lobby firm company
    lawyer lawyers prosecutor prosecutors judge court regulator watchdog union monitor charity family
    father mother son daughter wife husband brother sister grandfather grandmother friend relatives
    neighbours neighbors survivor survivors victim victims organisers organizers operator owner
    employees staff militia rebels insurgents army navy airforce forces troops ministries""".split()
)


def _passive_gist(text: str, a: int, b: int, phrase: str) -> str | None:
    """What a passive speech act with its agent after it is about: its subject, and the words
    between the verb and "by" ("The strike was condemned by the UN": "The strike"; "Israel was
    accused of war crimes by Amnesty": "Israel of war crimes", as "Iran accused Israel of ..."
    reads); None when the verb is no such passive."""
    m = _speech_agent(text, b, phrase)
    if m is None:
        return None
    before = text[:a].rstrip()
    aux = _PASSIVE_AUX_END.search(before)
    if aux is not None:
        before = before[:aux.start()]
    elif phrase != "accused":  # (a headline's "Russia accused of ... by ..." has no auxiliary)
        return None
    subject = before[before.rfind(",") + 1:].strip()
    words = subject.split()
    if not words or len(words) > 12 or words[-1].lower() in _NO_SUBJECT or "<" in subject:
        return None  # "after being warned by ...": no subject of its own; a paragraph, not a subject
    middle = text[b:text.rfind("by", b, m.end())].strip()
    return (subject + " " + middle).strip()


_PASSIVE_AUX_END = re.compile(r"\b(?:was|were|is|are|been|be|being)(?:\s+\w+ly)?\s*$", re.I)
# the passive speech verbs whose subject is what they are about ("The strike was condemned by
# the UN"); the others say their content after the agent ("was urged by X to ...", "was
# announced by X that ...")
_PASSIVE_ABOUT = frozenset((
    "condemned", "denounced", "criticized", "criticised", "rejected", "denied", "dismissed", "welcomed", "praised",
    "hailed", "accused", "blamed",
))
assert _PASSIVE_ABOUT <= _PASSIVE_SPEECH
_NO_SUBJECT = frozenset(("after", "before", "while", "when", "since", "upon", "by", "for", "and", "but", "as", "if"))


def _statement_events(s: Sentence, lex: Lexicon, state: DocumentState, picked: tuple, quote: str | None) -> list:
    """The statement events of one picked speech verb: (hit, class, start, end, speaker, role,
    subject, _reporting_clause(text, start, end) or None when not yet worked out)."""
    text = s.text
    h, c, a, b, speaker, role, subj_text, k = picked
    phrase = h.term.phrase
    if speaker:
        # (a speaker's name comes back often: what it makes is worked out once per lexicon,
        # `_statement_speaker`, but for a bare body's country, which the document says)
        # (`_speaker_memo`'s look-up made here for a name seen before, as most are: no call)
        memo = _SPEAKER_MEMO
        known = memo[2].get(speaker) if memo[0]() is lex else None
        if known is None:
            known = _speaker_memo(2, speaker, lex, _statement_speaker)
        if known[1]:
            speaker, role = _resolve_speaker(speaker, role, lex, state)
            if speaker and _media_name(speaker) and not _MEDIA_BODY.search(speaker):
                speaker = None
        else:
            speaker = known[0]
    else:
        speaker = None  # (what _resolve_speaker gives for no name)
    if not speaker and state.long_text and (phrase == "according to" or " and " not in subj_text):
        return []  # an article keeps only statements with a speaker (below), and here is none
    speakers = [(speaker, role)]
    # "Chinese and U.N. spokespeople have urged", "Chancellor Olaf Scholz and President
    # Emmanuel Macron have supported": one statement per speaker
    if phrase != "according to" and " and " in subj_text:
        joint = _JOINT.search(subj_text) if " of " in subj_text and _JOINT_WORD_SEARCH(subj_text) else None
        if joint is not None:
            # "the foreign ministers of Iran, China and Russia have asked": one joint act (the
            # speakers of the parts are not looked for)
            g = joint.group(1)
            speakers = [(g[0].upper() + g[1:], None)]
        else:
            subj_clause = subj_text
            if "," in subj_text and _has_lead_place_word(subj_text):  # (a match holds both)
                subj_clause = _LEAD_PLACE.sub("", subj_text)
            parts = []  # (a loop, not a comprehension: no function made and called)
            for p in _AND_COMMA_SPLIT(subj_clause.strip()):
                p = p.strip()
                if p:
                    parts.append(p)
            found = []
            left = len(parts[-3:])  # (the parts not yet read)
            for part in parts[-3:]:
                left -= 1
                sp, rl = _speaker_phrase(part, lex, from_end=True)
                if sp is None:
                    words = part.split()
                    for cand in (part, " ".join(words[:2]), words[0] if words else ""):
                        if cand.lower() in lex.actor_alias:
                            sp = lex.actor_alias[cand.lower()]
                            break
                if sp:
                    found.append(_resolve_speaker(sp, rl, lex, state))
                elif len(found) + left < 2:
                    break  # two speakers can no longer be found: the parts left are not read
            if len(found) >= 2:
                speakers = found
        if state.long_text:
            # an article keeps only statements with a speaker (see `consolidate`)
            # (only here: a speaker that is not looked for in the parts of a subject is there,
            # else the article's statement is left out above)
            if len(speakers) == 1:
                if not speakers[0][0]:
                    return []
            else:
                speakers = [(sp, rl) for sp, rl in speakers if sp]
                if not speakers:
                    return []
    gist = None
    if quote is None:
        if k is None:
            k = _reporting_clause(text, a, b) if not phrase.endswith("ing") else -1
        if k > 0:
            gist = text[:k].strip()[:160] or None  # the content before the reporting clause
        else:
            rest = text[b:].strip(" ,:")
            if speaker and text.startswith(" ", b) and "by " in rest and phrase in _PASSIVE_ABOUT:
                passive = _passive_gist(text, a, b, phrase)
                if passive is not None:
                    rest = passive  # "The strike was condemned by the UN": what was condemned
            if phrase == "according to" and a < 3 and speaker:
                # "According to Qatar's Foreign Ministry, 49 aid trucks have arrived": the words
                # after the source's comma
                m = _COMMA_SEMI.search(text, b, b + 100)
                if m is not None:
                    rest = text[m.end():].strip(" ,:")
                    # (past the source's aside, a title in capitals: "According to Prof.
                    # Rajendra Singh, Dean Undergraduate Studies, ...")
                    aside, comma, after = rest.partition(", ")
                    if comma and len(aside) < 50:
                        for w in aside.split():  # (a loop, not all(): no generator made and called)
                            if not w[:1].isupper():
                                break
                        else:
                            rest = after
            # "said on Sunday that ...", "told reporters in Doha that ...": the words after "that"
            # (which a match holds by its 62nd character: no match without it there)
            # (whether the rest starts with "that" asked once: a match of _TIME_THAT is followed
            # by "that" and white space, and a rest that starts with neither is left as it is)
            if rest.startswith("that"):
                that = rest[4:5].isspace()
            elif "that" in rest[:62] and (m := _TIME_THAT.match(rest)):
                rest = rest[m.end():]
                that = True  # (the match's look-ahead: "that" and white space)
            else:
                that = False
            if that:
                # ("that" and the white space after it, as `re.sub(r"^that\s+", "", rest)` took off:
                # re's \s and str.isspace are the same characters)
                rest = rest[4:].lstrip()
            gist = rest[:160].rstrip(".") or None
    if quote is None and gist is None:
        for sp, _ in speakers:  # (a loop, not any() over a generator expression)
            if sp:
                break
        else:
            return []  # no speaker, no words: nothing an analyst could read off it
    verb = _VERB_OVERRIDE.get(phrase, _SAY_VERB.get(c, "said"))
    out = []  # (a loop, not a comprehension: nearly always one speaker)
    for sp, rl in speakers:
        if sp is None:
            if rl is None:
                rl = _unnamed_role(text, a, b, k, subj_text)  # "..., senior diplomat says"
        elif rl is None:
            # (`_person_like(sp, lex)` written out: its look-up of the speaker's type also says
            # whether the gazetteer knows it, which `_role_near` is told; no call)
            kind = lex.actor_type.get(sp)
            if kind is not None:
                if kind == "person":
                    rl = _role_near(s, sp, True)
            else:
                words = sp.lower().split()
                if 2 <= len(words) <= 4 and _NOT_PERSON_WORDS.isdisjoint(words):
                    rl = _role_near(s, sp, False)
        # (sentence, start, end, speaker, role, quote, gist, verb, phrases: `_new_statement`)
        out.append(_new_statement(text, s.start, s.start + len(text), sp, rl, quote, gist, verb, (text[a:b],)))
    return out


_new_statement = _event_builder(
    "statement", ("sentence", "start", "end", "speaker", "role", "quote", "gist", "verb", "phrases")
)


# A person's role told next to the name in words the name runs leave out: before it in lower
# case ("Iran foreign ministry spokesman Esmaeil Baghaei", "IAEA chief Rafael Grossi") or in an
# apposition after it ("Karoline Leavitt, the White House press secretary, said"). A role has
# one of these words (a title's head), not only qualifiers ("foreign", "state", "the").
_ROLE_HEADS = frozenset(
    """spokesman spokeswoman spokesperson minister secretary chief president envoy ambassador commander
    leader head director adviser advisor official general governor mayor speaker chairman chairwoman
    negotiator representative coordinator commissioner undersecretary premier chancellor
    secretary-general deputy prosecutor""".split()
)
_ROLE_EDGE = frozenset(("the", "of", "to", "for", "and", "a", "an"))  # no role starts or ends with one
_ROLE_QUALIFIERS = frozenset(("senior", "top", "former", "acting", "interim", "outgoing", "incoming", "regional"))
_ROLE_APPOSITION = re.compile(
    r",\s+(?:the\s+|an?\s+|[A-Z][\w\-]*(?:'s|’s)\s+)?([\w\- ]{3,60}?)(?=,|\s+(?:said|says|told|added|warned|urged)\b)"
)


def _role_words(words: list[str]) -> str | None:
    """`words` as a role: each a title word or an acronym (IAEA, IDF), one of them a head, and
    no joiner at either end; else None."""
    while words and words[0].lower() in _ROLE_EDGE:
        del words[0]
    while words and words[-1].lower() in _ROLE_EDGE:
        del words[-1]
    if not words or len(words) > 7:
        return None
    head = False
    for w in words:
        low = w.lower()
        if low in _ROLE_HEADS:
            head = True
        elif not (low in ROLE_WORDS or low in _ROLE_QUALIFIERS or (w.isupper() and w.isalpha() and len(w) <= 6)):
            return None  # (no title word: `_title_word(w, low)`, in place)
    return " ".join(words) if head else None


def _title_word(w: str, low: str) -> bool:
    """A word of a title (`low`: w lower-cased): a title word, a qualifier or an acronym."""
    return low in ROLE_WORDS or low in _ROLE_QUALIFIERS or (w.isupper() and w.isalpha() and len(w) <= 6)


# words of a body's or a place's name, not a person's ("Department of Agriculture", "U.S.
# Pacific Fleet", "Southeast Asia")
_NOT_PERSON_WORDS = frozenset(
    """ministry office council foundation organisation organization agency forces force army guard
    corps committee company department government cabinet centre center commission programme program
    fund movement party authority service court parliament fleet assessment district asia africa
    europe america pacific atlantic association union group institute bank news times post network
    university police navy command headquarters state states nations league alliance front
    monday tuesday wednesday thursday friday saturday sunday""".split()
)


def _person_like(speaker: str, lex: Lexicon) -> bool:
    """A speaker that is a person: the gazetteer's, or a name of two to four words none of
    which names a body or a place."""
    kind = lex.actor_type.get(speaker)
    if kind is not None:
        return kind == "person"
    words = speaker.lower().split()
    return 2 <= len(words) <= 4 and _NOT_PERSON_WORDS.isdisjoint(words)


def _role_near(s: Sentence, speaker: str, known: bool = True) -> str | None:
    """The role told next to a person speaker's name in the sentence (see `_ROLE_HEADS`).
    `known`: whether the speaker is a gazetteer actor (`lex.actor_type` has it)."""
    text = s.text
    a = -1
    # (a speaker the gazetteer does not know, as most that are found here, is no hit's actor:
    # every term's actor is one of `lex.actor_type`; no walk of the hits)
    if known:
        for h in s.hits:
            if h.term.actor == speaker:
                a, b = h.start - s.start, h.end - s.start
                break
    if a < 0:
        a = text.find(speaker)
        if a < 0:
            return None
        b = a + len(speaker)
    before = []
    for w in reversed(text[a - 60 if a > 60 else 0:a].split()):
        low = w.lower()
        if w[-1] in ",;:\"”" or not (low in ROLE_WORDS or low in _ROLE_QUALIFIERS or (w.isupper() and w.isalpha() and len(w) <= 6)):
            break  # (not a title word: `_title_word(w, low)`, in place)
        before.append(w)
    if before:
        before.reverse()
        role = _role_words(before)
        if role:
            return role
    if text.startswith(",", b):
        m = _ROLE_APPOSITION.match(text, b)
        if m:
            return _role_words(m.group(1).split())
    return None


# a headline that gives its speaker before a colon: "Netanyahu: Israel is on the verge of
# victory", "IAEA: no rise in radiation levels after strike on Fordow"
_HEADLINE_SPEAKER = re.compile(r"^([A-Z][\w.'’\- ]{1,40}?)\s*:\s+(\S.{8,})$")


def headline_statement(s: Sentence, lex: Lexicon, state: DocumentState) -> list[Event]:
    """The statement of a title "Speaker: words" whose speaker is a person or an organisation
    of the gazetteer (a country or a word before the colon is a rubric: "Sudan: ...",
    "Explainer: ..."). Quotation marks around the words make them a quote, else a gist."""
    m = _HEADLINE_SPEAKER.match(s.text)
    if m is None:
        return []
    name = lex.actor_alias.get(m.group(1).strip().lower())
    if name is None or lex.actor_type.get(name) not in ("person", "organisation"):
        return []
    words = m.group(2).strip()
    quoted = len(words) > 2 and words[0] in "\"“'‘" and words[-1] in "\"”'’"
    speaker, role = _resolve_speaker(name, None, lex, state)
    return [_new_statement(
        s.text, s.start, s.start + len(s.text), speaker, role, words[1:-1].strip() if quoted else None,
        None if quoted else words[:160], "said", (m.group(1),),
    )]


# `_AND_COMMA.split`, faster: the pattern starts with the class of its first characters (a comma
# or white space), by which the regex engine skips the rest of the text; the comma or white
# space it took is told apart by a look-behind. Same matches: ",\s+" with "and\s+" after it
# when there is one (the original's two branches that start with a comma), or "\s+and\s+".
_AND_COMMA_SPLIT = re.compile(r"[,\s](?:(?<=,)\s+(?:and\s+)?|(?<!,)\s*and\s+)").split


def _has_lead_place_word(text: str) -> bool:
    """Whether `text` holds one of the words `_LEAD_PLACE` needs ("In", "At", "On", "From"):
    without one it has no match (its lazy start is tried at every position)."""
    return "In" in text or "At" in text or "On" in text or "From" in text


def _last_person_in(s: Sentence, lex: Lexicon):
    last = None
    for h in reversed(s.hits):  # (the last person hit: from the end, no walk past it)
        if h.term.actor_type == "person":
            last = (h.start, h.term.actor, None)
            break
    # the last run that names a person at or after that hit: the runs are in text order, so
    # from the end the first such one, and none once they start before the hit (no look-up of
    # the names before it)
    for start, end, name, role in reversed(_runs(s)):
        pos = s.start + start
        if last is not None and pos < last[0]:
            break
        canon = lex.actor_alias.get(name.lower())
        if canon and lex.actor_type.get(canon) != "person":
            continue
        if role or canon:
            last = (pos, canon or name, role)
            break
    return (last[1], last[2]) if last else None


# ---------------------------------------------------------------- the document's events

LONG_TEXT = 3  # sentences: from this many, a text is an article, not a feed item or a sentence


# A sentence that reports another attack, not more about the last one.
_ANOTHER = re.compile(
    r"\b(?:another|other|earlier|second|separate|previous|last week|yesterday|over the weekend|"
    r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:'s|’s)|in (?:a|an) (?:separate|new)|meanwhile|"
    r"retaliat\w*|in response|responded)\b", re.I,
)
_ANOTHER_LOW = re.compile(_ANOTHER.pattern)  # on lower-cased text: no re.I
_ANOTHER_B = _after_boundary(_ANOTHER_LOW)
# a substring of every match of _ANOTHER_LOW, each alternative in turn ("other" for "another",
# "day's" for "monday's", "a new"/"an new" for "in a new"/"in an new", ...)
_ANOTHER_NEEDS = (
    "other", "earlier", "second", "separate", "previous", "last week", "yesterday", "over the weekend", "day's",
    "day’s", "a new", "an new", "meanwhile", "retaliat", "in response", "responded",
)


_OVERLAP_STOP = frozenset({"the", "a", "an", "of", "in", "on", "at", "and", "its", "their"})


def _words_overlap(a: str, b: str) -> bool:
    """`a` and `b` share a word besides _OVERLAP_STOP's."""
    return not (set(_LETTERS.findall(a.lower())) - _OVERLAP_STOP).isdisjoint(_LETTERS.findall(b.lower()))


_UNREAD = object()  # (_fold_strikes: a sentence's _another_in not read yet)


def _another_in_rx():
    """`_another_in`: `_ANOTHER_B.search(" " + sentence.lower())`, a sentence that reports another
    attack (the match is one character longer than _ANOTHER's, in front). Generated with its
    pre-check written out as one `or` chain of `in` tests of _ANOTHER_NEEDS (as `_has` does):
    no _any_in call and no loop over the 16 words, which most sentences asked about lack."""
    ns = {"_ANOTHER_B": _ANOTHER_B}
    exec(
        "def _another_in(sentence):\n"
        "    low = sentence.lower()\n"
        f"    if {' or '.join(f'{w!r} in low' for w in _ANOTHER_NEEDS)}:\n"
        "        return _ANOTHER_B.search(' ' + low)\n"
        "    return None\n",
        ns)
    return ns["_another_in"]


_another_in = _another_in_rx()


def _fold_strikes(events: list[Event]) -> list[Event]:
    """In an article, later sentences about the same attack ("the Kyiv strike", "air defences
    intercepted the missiles") add to it instead of counting again."""
    out: list[Event] = []
    last: int | None = None
    earlier: list[int] = []  # where in `out` the strikes are (`last` is the last of them)
    read_sentence = read_another = None
    for e in events:
        if e.kind != "strike":
            out.append(e)
            continue
        if last is None:  # the first strike: nothing to fold it into
            last = len(out)
            earlier.append(last)
            out.append(e)
            continue
        p = out[last]
        # read only with a strike before (and once for the strikes of one sentence), and only
        # when asked: for a strike with no attacker, or one that would fold into the last
        if e.sentence is not read_sentence:
            read_sentence = e.sentence
            read_another = _UNREAD
        if e.attacker is None:
            if read_another is _UNREAD:
                read_another = _another_in(e.sentence)
            if read_another and read_another.group(0)[1:].lower() in ("another", "other", "second"):
                # "another missile hit the complex": the same hand, the same place unless told
                e = _strike_replace(e, p.attacker, e.target, e.places or p.places, e.weapon, e.casualties)
        same_sentence = e.start == p.start
        if (
            # (isdisjoint, not set & set: one set built, no set of the common places)
            e.attacker is None or p.attacker is None and (same_sentence or not set(e.places).isdisjoint(p.places))
            or e.attacker == p.attacker
        ) and (
            same_sentence or not e.places or not p.places or not set(e.places).isdisjoint(p.places)
        ) and (
            same_sentence or ("also" in e.sentence and _ALSO.search(e.sentence) is not None) or not e.target
            or not p.target or _words_overlap(e.target, p.target)
            or e.target in p.places  # "Qatar" hit, where the last strike was
        ):
            if read_another is _UNREAD:
                read_another = _another_in(e.sentence)
            if not read_another:  # (another attack is told apart)
                out[last] = _merge_strike(p, e)
                continue
        if e.attacker is not None and len(earlier) > 1:
            # an earlier attack told again after another one ("India hit nine camps", then
            # "killed in the Pakistani shelling" of Poonch): the same attacker at the same place,
            # or at the same target where a place is missing ("US strikes on its nuclear sites",
            # "US B-2 bombers dropped on Iranian nuclear targets")
            for j in reversed(earlier[:-1]):
                q = out[j]
                if q.attacker == e.attacker and (
                    (not set(e.places).isdisjoint(q.places) and (
                        not e.target or not q.target or _words_overlap(e.target, q.target)))
                    or ((not e.places or not q.places) and e.target and q.target and _words_overlap(e.target, q.target))
                ):
                    if read_another is _UNREAD:
                        read_another = _another_in(e.sentence)
                    if not read_another:
                        out[j] = _merge_strike(q, e)
                        e = None
                    break
            if e is None:
                continue
        last = len(out)
        earlier.append(last)
        out.append(e)
    return out


def _event_strike_replace():
    """`replace(old, attacker=..., target=..., places=..., weapon=..., casualties=...)` for an
    Event, the strike fields a fold sets, written out field by field once (as `replace` is): no
    keyword dict, and no setattr call for each field set."""
    given = ("attacker", "target", "places", "weapon", "casualties")
    ns = {"_new": object.__new__, "Event": Event, "_EventDraft": new_event.draft}
    exec(
        f"def strike_replace(old, {', '.join(given)}):\n"
        "    e = _new(_EventDraft)\n"
        + "".join(f"    e.{name} = {name if name in given else 'old.' + name}\n" for name in _EVENT_NAMES)
        + "    e.__class__ = Event\n"
        "    return e\n",
        ns)
    return ns["strike_replace"]


_strike_replace = _event_strike_replace()


def _merge_strike(p: Event, e: Event) -> Event:
    """Strike `p` with what `e`, the same attack told again, adds to it."""
    return _strike_replace(
        p,
        p.attacker or e.attacker,
        p.target or e.target,
        tuple(dict.fromkeys(p.places + e.places)),
        p.weapon if p.weapon != "unknown" else e.weapon,
        p.casualties or e.casualties,
    )


def _goes_on(prev: Event, e: Event) -> bool:
    """`e` is told in the sentence right after `prev`'s, by a pronoun ("He said ..."): the
    speaker goes on with the same remarks; a later sentence or a named speaker is a new one."""
    if e.start - prev.end > 2 or not e.phrases:
        return False
    at = e.sentence.find(e.phrases[0])
    return at > 0 and _ends_with_pronoun(e.sentence[at - 12 if at > 12 else 0:at])


def _fold_headline_strikes(events: list[Event], headline_end: int) -> list[Event]:
    """A headline's strike ("Strike on Natanz") told again by the body ("Israeli air strikes hit
    the Natanz nuclear facility") is the body's event: the headline adds only what the body
    leaves out. They are one when they share a place or a target word and no attacker differs."""
    # (a loop, not a comprehension: no call)
    heads = []
    for e in events:
        if e.kind == "strike" and e.start < headline_end:
            heads.append(e)
    if not heads:
        return events
    out = list(events)
    for h in heads:
        for i, e in enumerate(out):
            if e.kind != "strike" or e.start < headline_end:
                continue
            if h.attacker and e.attacker and h.attacker != e.attacker:
                continue
            # (isdisjoint: one set built, not two and their intersection; no bool calls)
            if set(h.places).isdisjoint(e.places) and not (
                h.target and e.target and _words_overlap(h.target, e.target)
            ):
                continue
            out[i] = _strike_replace(
                e,
                e.attacker or h.attacker,
                e.target or h.target,
                tuple(dict.fromkeys(e.places + h.places)),
                e.weapon if e.weapon != "unknown" else h.weapon,
                e.casualties or h.casualties,
            )
            out.remove(h)
            break
    return out


def _identity(e: Event) -> tuple:
    """What makes two events one report of one occurrence, whatever sentence told it."""
    if e.kind == "contact":
        return ("contact", frozenset(e.parties), frozenset(e.people), e.mode, e.status, frozenset(e.places))
    if e.kind == "strike":
        return ("strike", e.attacker, e.target, frozenset(e.places), e.weapon, e.status)
    return ("statement", (e.speaker or "").lower(), e.quote)


def _said_words(e: Event) -> frozenset:
    return frozenset(_LETTERS.findall((e.gist or "").lower()))


def _drop_headline_repeats(events: list[Event], headline_end: int) -> list[Event]:
    """A feed item whose summary repeats its title ("Trump says Iran not ready - Reuters" twice)
    reports each event once: the title's copy goes when the body has the same event (the same
    identity and, for a statement without a quote, the same words said, give or take some)."""
    # (events come in text order: the headline's, if any, first)
    if not events or events[0].start >= headline_end:
        return events
    # (the body's events with their identities, each worked out once, not per headline event;
    # built by a loop, not comprehensions: no call each)
    body_ids = []
    for b in events:
        if b.start >= headline_end:
            body_ids.append((_identity(b), b))
    if not body_ids:
        return events
    out = []
    for e in events:
        if e.start < headline_end:
            ident = _identity(e)
            same = []
            for i, b in body_ids:
                if i == ident:
                    same.append(b)
            if e.kind == "statement" and e.quote is None:
                words = _said_words(e)
                same = [b for b in same if words <= _said_words(b) or _said_words(b) <= words]
            if not (e.parties or e.people or e.attacker or e.target or e.places or e.speaker or e.quote):
                # nobody and nowhere named: one only when the body's sentence repeats the headline's
                title = frozenset(_LETTERS.findall(e.sentence.lower()))
                same = [b for b in same if title <= frozenset(_LETTERS.findall(b.sentence.lower()))]
            if same:
                continue
        out.append(e)
    return out


# a ContactDraft's event, the fields by position (consolidate)
_new_contact = _event_builder(
    "contact", ("sentence", "start", "end", "parties", "people", "mode", "status", "places", "mediator", "phrases")
)


def consolidate(events: list[Event], n_sentences: int, headline_end: int | None = None) -> list[Event]:
    """One statement per speaker in an article, and no statements from nobody.

    In an article, "officials said" and "local media said" attribute facts rather than report a
    statement, and a speaker quoted in three sentences made one statement: the first sentence
    keeps the event (with the first direct quote the speaker gave, when the first had none).
    A single sentence or a feed item keeps what it says, except that a headline's strike that the
    body reports again folds into the body's (`headline_end`: where the headline ends, if any).
    """
    long_text = n_sentences >= LONG_TEXT
    drafts = events
    events = []
    n_strikes = 0  # (a text with one strike or none has none to fold)
    for e in drafts:
        if type(e) is ContactDraft:
            # In an article a contact needs two sides: "the minister visited the site" is not
            # one. A feed item's needs one side at least ("Meet mulls steps to bring down
            # maternal mortality", "KTR makes surprise visit": a row with no one in the Contacts
            # pane); a lone sentence keeps its contact, whose sides may be in the sentences
            # around it ("He met them on Sunday"). (Two parties are two sides: ContactDraft.sides
            # counts the parties and adds to them; its call only for a draft with fewer.)
            if long_text and len(e.parties) < 2 and e.sides() < 2 or n_sentences >= 2 and not e.parties and not e.people:
                continue
            # (by position: a keyword call of new_event cost as much again)
            e = _new_contact(
                e.sentence, e.start, e.start + len(e.sentence), tuple(e.parties), tuple(e.people), e.mode,
                e.status, tuple(e.places), e.mediator, e.phrases,
            )
        elif e.kind == "strike":
            n_strikes += 1
        events.append(e)
    if headline_end is not None:
        if n_strikes:
            events = _fold_headline_strikes(events, headline_end)
        events = _drop_headline_repeats(events, headline_end)
    if not long_text:
        return events
    if n_strikes >= 2:
        events = _fold_strikes(events)
    out: list[Event] = []
    by_speaker: dict[str, list[int]] = {}
    for e in events:
        if e.kind != "statement":
            out.append(e)
            continue
        if not e.speaker:
            continue
        # the speaker's key: lower case, "’" as "'", the words one space apart (worked out in
        # place, no call; no split and join for a name whose only white space is single spaces
        # between words, as most: printable, no "  ", none at its ends)
        key = e.speaker.lower()
        if "’" in key:
            key = key.replace("’", "'")
        # (key[0], key[-1]: the speaker is not empty; an index, unlike a slice, builds nothing)
        if not key.isprintable() or "  " in key or key[0] == " " or key[-1] == " ":
            key = " ".join(key.split())
        # the surname alone: the last word (words in the key are one space apart)
        surname = "~" + key.rpartition(" ")[2] if " " in key else None
        group = by_speaker.get(key)
        if group is None and surname is not None:
            group = by_speaker.get(surname)
        if group is None:
            group = by_speaker[key] = []
            if surname is not None:
                by_speaker[surname] = group
        # a second direct quotation is a second statement; anything else adds to the first
        # (loops, not next()/any() over generators: each of those is a call)
        free = None
        if e.quote:
            quoted = False  # the same quotation again
            for i in group:
                q = out[i].quote
                if q is None:
                    free = i
                    break
                if q == e.quote:
                    quoted = True
            if free is None and quoted:
                continue
        elif group:
            free = group[0]
        if free is None and group and _goes_on(out[group[-1]], e):
            continue  # '"...," X posted. He said ... "...": the same remarks, told on
        if free is None:
            group.append(len(out))
            out.append(e)
            continue
        first = out[free]
        if first.quote is None and e.quote is not None:
            first = replace(first, quote=e.quote)
        if first.role is None and e.role is not None:
            first = replace(first, role=e.role)
        out[free] = first
    return out
