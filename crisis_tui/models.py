"""Domain records shared by the poller, the tagger, the store and the viewers (no I/O)."""

from __future__ import annotations

import hashlib
from dataclasses import MISSING, asdict, dataclass, field, fields
from operator import attrgetter

LABELS = ("military", "diplomatic", "humanitarian")
EVENT_KINDS = ("contact", "strike", "statement")
CONTACT_MODES = ("phone", "meeting", "video", "visit", "talks", "mediated", "message")
CONTACT_STATUSES = ("occurred", "planned", "denied")
STRIKE_WEAPONS = ("air", "missile", "drone", "artillery", "ground", "naval", "unknown")
STRIKE_STATUSES = ("reported", "claimed", "denied")

# Fields that belong to each kind of event, in display/JSON order.
EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    "contact": ("parties", "people", "mode", "status", "places", "mediator"),
    "strike": ("attacker", "target", "places", "weapon", "casualties", "status"),
    "statement": ("speaker", "role", "quote", "gist", "verb"),
}


@dataclass(frozen=True, slots=True)
class Evidence:
    """A sentence (with its character span in the tagged text) and the phrases in it that decided."""

    sentence: str
    start: int
    end: int
    phrases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Label:
    name: str  # one of LABELS
    score: float  # in [0, 1]
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class Casualties:
    killed: int | None = None
    injured: int | None = None
    text: str | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One reported occurrence: a contact, a strike or a statement, with its sentence and span.

    One flat record for the three kinds keeps the store and the exports simple; `EVENT_FIELDS`
    says which fields belong to which kind.
    """

    kind: str  # one of EVENT_KINDS
    sentence: str
    start: int  # character span of `sentence` in the tagged text
    end: int
    # contact
    parties: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    mode: str | None = None
    mediator: str | None = None
    # contact and strike
    status: str | None = None
    places: tuple[str, ...] = ()
    # strike
    attacker: str | None = None
    target: str | None = None
    weapon: str | None = None
    casualties: Casualties | None = None
    # statement
    speaker: str | None = None
    role: str | None = None
    quote: str | None = None
    gist: str | None = None
    verb: str | None = None
    # the trigger phrases that made the tagger extract this event
    phrases: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        """The JSON shape of `crisis-tui tag --jsonl`: kind, the kind's fields, sentence, span."""
        out: dict = {"kind": self.kind}
        for name in EVENT_FIELDS[self.kind]:
            value = getattr(self, name)
            if isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, Casualties):
                value = asdict(value)
            out[name] = value
        out["sentence"] = self.sentence
        out["span"] = [self.start, self.end]
        out["phrases"] = list(self.phrases)
        return out

    @property
    def actors(self) -> tuple[str, ...]:
        """Normalised actors that identify the event: parties, attacker/target or speaker."""
        if self.kind == "contact":
            return tuple(sorted(set(self.parties) | set(self.people)))
        if self.kind == "strike":
            return tuple(a for a in (self.attacker, self.target) if a)
        return (self.speaker,) if self.speaker else ()


@dataclass(frozen=True, slots=True)
class Tagging:
    """What the tagger says about one text."""

    labels: tuple[Label, ...]  # only the labels assigned
    scores: dict[str, float]  # a score for each of LABELS
    events: tuple[Event, ...]
    version: str

    @property
    def label_names(self) -> tuple[str, ...]:
        return tuple(label.name for label in self.labels)

    def to_dict(self, id=None) -> dict:
        return {
            "id": id,
            "labels": list(self.label_names),
            "scores": {k: round(v, 4) for k, v in self.scores.items()},
            "events": [e.to_dict() for e in self.events],
            "evidence": {
                label.name: [
                    {"sentence": ev.sentence, "span": [ev.start, ev.end], "phrases": list(ev.phrases)}
                    for ev in label.evidence
                ]
                for label in self.labels
            },
            "tagger_version": self.version,
        }


# What counts as one independent source of a report, in SQL over `articles a` and the `feeds f`
# that carried it: an aggregator item's outlet, a document's own source line, else the feed.
# SOURCE_KEY_SQL keeps the kind ('doc:<outlet>' / 'feed:<name>', the keys of cluster_sources);
# SOURCE_NAME_SQL is the name alone (alerts count and show names).
SOURCE_NAME_SQL = ("CASE WHEN a.outlet IS NOT NULL THEN a.outlet "
                   "WHEN f.kind = 'file' AND a.source IS NOT NULL THEN a.source ELSE f.name END")
SOURCE_KEY_SQL = ("CASE WHEN a.outlet IS NOT NULL OR (f.kind = 'file' AND a.source IS NOT NULL) "
                  "THEN 'doc:' ELSE 'feed:' END || " + SOURCE_NAME_SQL)


@dataclass(slots=True)
class Article:
    """One normalised entry from a feed or a document, already sanitised at the boundary."""

    entry_key: str  # stable identity within its feed: guid, else link, else a hash
    title: str
    link: str | None = None
    canonical_url: str | None = None
    author: str | None = None
    published: str | None = None  # ISO 8601 UTC, "YYYY-MM-DDTHH:MM:SSZ"
    updated: str | None = None
    date_note: str | None = None  # None, "missing" (first seen used), "future" (clamped), "file mtime"
    summary: str = ""
    content: str = ""
    language: str | None = None
    source: str | None = None  # the outlet when known (document header, item's <source>, feed title)
    outlet: str | None = None  # the item's own outlet (an aggregator's <source>): a source of its own
    tags: tuple[str, ...] = field(default_factory=tuple)
    # content_hash, once computed (in the parse worker; it travels with the article)
    _hash: str | None = field(default=None, repr=False, compare=False)
    # fingerprint of the raw entry it was made from (sources.entry.fingerprint); None for documents
    # and for entries read by feedparser
    item_hash: str | None = field(default=None, repr=False, compare=False)

    @property
    def body(self) -> str:
        """The longest clean text we have: content, else summary."""
        return self.content or self.summary

    @property
    def text(self) -> str:
        """Title plus body: what the tagger reads."""
        return f"{self.title}\n\n{self.body}" if self.body else self.title

    @property
    def content_hash(self) -> str:
        """Hash of what a reader sees, so the same story in two feeds is recognised."""
        if self._hash is None:
            norm = " ".join(f"{self.title}\n{self.body}".lower().split())
            self._hash = hashlib.sha256(norm.encode("utf-8", "replace")).hexdigest()[:32]
        return self._hash


# --------------------------------------------------------------------------------------------
# Building and pickling the records fast


def slots_builder(cls):
    """`cls(...)` for a slots dataclass (same parameters, same defaults), faster: the object is
    made as a plain class with the same slots, filled by attribute stores, and then made a
    `cls` by setting its __class__ (Python allows that between classes of the same slots: the
    memory layout is the same). No frozen class's __setattr__ check, no generated __init__, no
    call per field (a slot descriptor's __set__ is one, and dearer than the rest put together;
    extract.new_event does the same). The class must have no __post_init__.

    A class that is not frozen (no __setattr__ of its own, as extract.Sentence) is filled in
    place: its attribute stores are plain slot stores already, and setting __class__ costs as
    much as a third of the rest."""
    assert not hasattr(cls, "__post_init__"), cls
    if cls.__setattr__ is object.__setattr__:
        draft = cls
    else:
        draft = type(f"_{cls.__name__}Draft", (), {"__slots__": cls.__slots__})
        probe = object.__new__(draft)
        probe.__class__ = cls  # (a TypeError here: the layouts differ)
    ns = {"_new": object.__new__, "_cls": cls, "_draft": draft, "_MISSING": MISSING}
    params, body = [], ["    o = _new(_draft)"]
    for i, f in enumerate(fields(cls)):
        if f.default is not MISSING:
            ns[f"_default{i}"] = f.default
            params.append(f"{f.name}=_default{i}")
        elif f.default_factory is not MISSING:
            ns[f"_factory{i}"] = f.default_factory
            params.append(f"{f.name}=_MISSING")
            body.append(f"    if {f.name} is _MISSING:\n        {f.name} = _factory{i}()")
        else:
            params.append(f.name)
        body.append(f"    o.{f.name} = {f.name}")
    if draft is not cls:
        body.append("    o.__class__ = _cls")
    exec(f"def build({', '.join(params)}):\n" + "\n".join(body) + "\n    return o\n", ns)
    build = ns["build"]
    build.__doc__ = f"`{cls.__name__}(...)`, faster."
    build.draft = draft  # (for other builders of the class, e.g. extract.replace)
    return build


def _pickled_by_fields(cls, builder_name: str) -> None:
    """Pickle `cls` as (its builder, its field values): the worker processes send every parsed
    article and its tagging to the poller this way. dataclasses' own pickling of slots classes
    calls `fields()` and sets each slot through Python code, and was a thirtieth of the
    poller's CPU in a first round (29 us per article to unpickle; 9 us this way)."""
    build = slots_builder(cls)
    build.__name__ = build.__qualname__ = builder_name
    build.__module__ = __name__
    globals()[builder_name] = build
    values = attrgetter(*(f.name for f in fields(cls)))

    def __reduce__(self):
        return build, values(self)

    cls.__reduce__ = __reduce__


for _cls in (Evidence, Label, Casualties, Event, Tagging, Article):
    _pickled_by_fields(_cls, f"_build_{_cls.__name__.lower()}")
