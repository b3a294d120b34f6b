"""Alert rules: the pure matcher as a table, and firing through the real ingest path into SQLite."""

from __future__ import annotations

import sqlite3

import pytest

from crisis_tui import alerts
from crisis_tui.alerts import Subject, rule_matches
from crisis_tui.config import AlertRule, ConfigError, parse_settings
from crisis_tui.ingest import Ingestor
from crisis_tui.models import Article, Casualties, Event, Label, Tagging
from crisis_tui.store import open_db

NATANZ = Subject(
    kind="strike",
    text="Israel hits Iran\nIsraeli air strikes hit the Natanz nuclear facility on Friday, officials said.",
    labels=frozenset({"military"}),
    actors=("Israel", "Iran"),
    places=("Natanz",),
    status="reported",
)
CONTACT = Subject(
    kind="contact",
    text="Witkoff and Araghchi spoke by phone about a ceasefire.",
    labels=frozenset({"diplomatic"}),
    actors=("United States", "Iran", "Steve Witkoff", "Abbas Araghchi"),
    status="occurred",
)
MEDIATED = Subject(
    kind="contact",
    text="Oman relayed messages between Washington and Tehran.",
    labels=frozenset({"diplomatic"}),
    actors=("United States", "Iran"),
    status="occurred",
    mediated=True,
)
ARTICLE = Subject(
    kind="article",
    text="Ceasefire holds in Gaza\nThe truce announced on Monday held overnight; dozens killed earlier.",
    labels=frozenset({"humanitarian", "diplomatic"}),
    places=("Gaza",),
)


def rule(**kw) -> AlertRule:
    kw.setdefault("name", "r")
    return AlertRule(**kw)


@pytest.mark.parametrize(
    "conditions, subject, expected",
    [
        (dict(kind="strike", places=("Natanz", "Fordow")), NATANZ, True),
        (dict(kind="strike", places=("Fordow",)), NATANZ, False),
        (dict(kind="strike", places=("natanz",)), NATANZ, True),  # case does not matter
        (dict(kind="contact", places=("Natanz",)), NATANZ, False),  # wrong kind
        (dict(places=("Natanz",)), NATANZ, True),  # no kind: any event
        (dict(places=("Natanz",)), ARTICLE, False),  # ... but not an article
        (dict(kind="strike", labels=("military", "humanitarian")), NATANZ, True),  # any label
        (dict(kind="strike", labels=("humanitarian",)), NATANZ, False),
        (dict(keywords=("nuclear",)), NATANZ, True),
        (dict(keywords=("NUCLEAR FACILITY",)), NATANZ, True),  # phrase, case-insensitive
        (dict(keywords=("Iran",)), NATANZ, True),  # the title counts
        (dict(keywords=("Isra",)), NATANZ, False),  # whole words only
        (dict(keywords=("Isra*",)), NATANZ, True),  # unless a prefix is asked for
        (dict(keywords=("nuclear facilities",)), NATANZ, False),
        (dict(all_keywords=("air", "nuclear")), NATANZ, True),
        (dict(all_keywords=("air", "hospital")), NATANZ, False),
        (dict(keywords=("hospital", "clinic")), NATANZ, False),
        (dict(kind="strike", parties=("Israel", "Iran")), NATANZ, True),  # every party takes part
        (dict(kind="strike", parties=("Israel", "United States")), NATANZ, False),
        (dict(kind="strike", min_sources=2), NATANZ, False),
        (dict(kind="strike", statuses=("reported", "claimed")), NATANZ, True),
        (dict(kind="strike", statuses=("denied",)), NATANZ, False),
        (dict(kind="contact", parties=("United States", "Iran")), CONTACT, True),
        (dict(kind="contact", parties=("United States", "Iran"), direct=True), CONTACT, True),
        (dict(kind="contact", parties=("United States", "Iran"), direct=True), MEDIATED, False),
        (dict(kind="contact", parties=("United States", "Iran")), MEDIATED, True),
        (dict(kind="article", keywords=("ceasefire", "truce")), ARTICLE, True),
        (dict(kind="article", keywords=("cease-fire",)), Subject("article", "a cease fire was agreed"), True),
        (dict(kind="article", keywords=("dozens killed", "scores killed")), ARTICLE, True),
        (dict(kind="article", keywords=("ceasefire",)), NATANZ, False),  # an event is not an article
        (dict(kind="article", places=("Gaza",)), ARTICLE, True),
        (dict(kind="article", places=("Rafah",)), ARTICLE, False),
        (dict(kind="article", labels=("humanitarian",), keywords=("killed",)), ARTICLE, True),
        (dict(kind="article", labels=("military",), keywords=("killed",)), ARTICLE, False),
        (dict(kind="article", all_keywords=("ceasefire | cease-fire | truce", "announced")), ARTICLE, True),
        (dict(kind="article", all_keywords=("ceasefire | cease-fire", "broken | violat*")), ARTICLE, False),
        (dict(kind="strike", min_killed=20), NATANZ, False),  # no count reported
        (dict(kind="strike", min_killed=20), Subject("strike", "x", killed=45), True),
        (dict(kind="strike", min_killed=20), Subject("strike", "x", killed=3), False),
    ],
)
def test_rule_matches(conditions, subject, expected):
    assert rule_matches(rule(**conditions), subject) is expected


def test_keywords_ignore_curly_apostrophes_and_dashes():
    subject = Subject("article", "Iran\u2019s foreign minister called the cease\u2013fire \u201cfragile\u201d")
    assert rule_matches(rule(kind="article", keywords=("Iran's",)), subject)
    assert rule_matches(rule(kind="article", keywords=("cease-fire",)), subject)


def test_names_are_normalised_by_the_tagger_gazetteer():
    alerts.normalise_actor.cache_clear()
    alerts.normalise_place.cache_clear()
    tehran = Subject("strike", "Tehran struck Haifa", actors=("Tehran", "Israel"), places=("Haifa",))
    assert rule_matches(rule(kind="strike", parties=("Iran",)), tehran)
    assert rule_matches(rule(kind="strike", parties=("Iranian",)), tehran)
    fordo = Subject("strike", "Fordo was hit", actors=("Israel", "Iran"), places=("Fordo",))
    assert rule_matches(rule(kind="strike", places=("Fordow",)), fordo)


# --------------------------------------------------------------------------------------------
# Firing through the real ingest path

RULES = (
    AlertRule(name="nuclear-site-strike", severity="critical", kind="strike",
              places=("Natanz", "Fordow", "Isfahan", "Arak", "Bushehr"), cooldown=3600),
    AlertRule(name="confirmed-strike", severity="warning", kind="strike", min_sources=2, cooldown=0),
    AlertRule(name="ceasefire", severity="warning", kind="article", keywords=("ceasefire", "truce"), cooldown=3600),
)


class Archive:
    """A real archive in tmp_path with feeds, written to through the real Ingestor."""

    def __init__(self, path, rules=RULES, now="2025-06-13T04:00:00Z"):
        self.path = path
        self.db = open_db(path)
        self.now = now
        self.ingestor = Ingestor(self.db, tagger=object(), rules=rules, now=lambda: self.now)
        self.feeds: dict[str, int] = {}

    def feed(self, name: str) -> int:
        if name not in self.feeds:
            self.feeds[name] = self.db["feeds"].insert({"name": name, "kind": "http", "url": f"http://127.0.0.1/{name}"}).last_pk
        return self.feeds[name]

    def store(self, feed: str, key: str, title: str, sentence: str, events=(), labels=("military",),
              published="2025-06-13T03:00:00Z") -> list[int]:
        art = Article(entry_key=key, title=title, link=f"http://127.0.0.1/{feed}/{key}", published=published,
                      summary=sentence)
        tagging = Tagging(labels=tuple(Label(n, 0.9) for n in labels), scores={}, events=tuple(events), version="t")
        return self.ingestor.store_feed(self.feed(feed), [(art, tagging)]).alerts

    def alerts(self) -> list[alerts.Alert]:
        return alerts.alerts_after(self.db, 0)


def natanz_strike(sentence="Israeli air strikes hit the Natanz nuclear facility on Friday.", **kw) -> Event:
    kw = {"attacker": "Israel", "target": "Iran", "places": ("Natanz",), "weapon": "air", "status": "reported", **kw}
    return Event(kind="strike", sentence=sentence, start=0, end=len(sentence), **kw)


def test_one_alert_per_rule_and_cluster_later_sources_update_it(tmp_path):
    ar = Archive(tmp_path / "a.db")
    s1 = "Israeli air strikes hit the Natanz nuclear facility on Friday."
    fired = ar.store("Reuters", "r1", "Israel strikes Natanz", s1, [natanz_strike(s1)])
    [alert] = ar.alerts()
    assert fired == [alert.id]
    assert (alert.rule, alert.severity, alert.kind, alert.n_sources) == ("nuclear-site-strike", "critical", "strike", 1)
    assert alert.first_source == alert.latest_source == "Reuters"
    assert "Natanz" in alert.summary and alert.link == "http://127.0.0.1/Reuters/r1"

    # The same occurrence from another outlet, in other words: same cluster, one more source.
    ar.now = "2025-06-13T04:05:00Z"
    s2 = "Explosions were reported at Natanz after Israeli jets struck."
    fired = ar.store("AP", "a1", "Blasts at Natanz", s2, [natanz_strike(s2)])
    by_rule = {a.rule: a for a in ar.alerts()}
    assert set(by_rule) == {"nuclear-site-strike", "confirmed-strike"}  # min_sources 2 is reached now
    assert fired == [by_rule["confirmed-strike"].id]
    nuclear = by_rule["nuclear-site-strike"]
    assert nuclear.id == alert.id and nuclear.n_sources == 2
    assert (nuclear.first_source, nuclear.latest_source, nuclear.updated) == ("Reuters", "AP", "2025-06-13T04:05:00Z")
    assert by_rule["confirmed-strike"].n_sources == 2

    # Seen again in the same feed: nothing new, nothing moves.
    ar.now = "2025-06-13T04:10:00Z"
    assert ar.store("AP", "a1", "Blasts at Natanz", s2, [natanz_strike(s2)]) == []
    assert len(ar.alerts()) == 2 and ar.alerts()[0].updated == "2025-06-13T04:05:00Z"


def test_a_new_sighting_of_a_known_article_counts_as_a_source(tmp_path):
    ar = Archive(tmp_path / "a.db")
    s = "Israeli air strikes hit the Natanz nuclear facility on Friday."
    ar.store("Reuters", "r1", "Israel strikes Natanz", s, [natanz_strike(s)])
    assert [a.rule for a in ar.alerts()] == ["nuclear-site-strike"]
    # The identical story syndicated by another feed: the same article, a second sighting.
    fired = ar.store("Yahoo", "y1", "Israel strikes Natanz", s, [natanz_strike(s)])
    assert ar.db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1
    by_rule = {a.rule: a for a in ar.alerts()}
    assert fired == [by_rule["confirmed-strike"].id]
    assert by_rule["nuclear-site-strike"].n_sources == 2
    assert by_rule["nuclear-site-strike"].latest_source == "Yahoo"


def test_cooldown_folds_the_same_story_into_one_alert(tmp_path):
    ar = Archive(tmp_path / "a.db")
    s1 = "Israeli air strikes hit the Natanz nuclear facility on Friday."
    ar.store("Reuters", "r1", "Israel strikes Natanz", s1, [natanz_strike(s1)])
    # Same place, the attacker not named: another cluster, but the same story within the cooldown.
    ar.now = "2025-06-13T04:30:00Z"
    s2 = "Natanz was hit overnight, state television said."
    assert ar.store("IRNA", "i1", "Natanz hit", s2, [natanz_strike(s2, attacker=None)]) == []
    [alert] = [a for a in ar.alerts() if a.rule == "nuclear-site-strike"]
    assert alert.n_sources == 2 and alert.latest_source == "IRNA"
    clusters = ar.db.execute("SELECT COUNT(*) FROM event_clusters").fetchone()[0]
    assert clusters == 2
    # A later source of the folded cluster updates the same alert, even after the cooldown.
    ar.now = "2025-06-13T09:00:00Z"
    fired = ar.store("Mehr", "m1", "Natanz hit", s2, [natanz_strike(s2, attacker=None)])
    # ... while confirmed-strike (min_sources 2, no cooldown) now fires for that cluster.
    assert [alerts.get_alert(ar.db, i).rule for i in fired] == ["confirmed-strike"]
    assert [a.n_sources for a in ar.alerts() if a.rule == "nuclear-site-strike"] == [3]
    # Another place is another story: it fires.
    s3 = "Israeli jets struck the Fordow enrichment site."
    fired = ar.store("Reuters", "r2", "Fordow struck", s3, [natanz_strike(s3, places=("Fordow",))])
    assert len(fired) == 1
    # After the cooldown, a new cluster of the first story fires again.
    ar.now = "2025-06-15T09:00:00Z"
    s4 = "A second wave of strikes hit Natanz on Sunday."
    fired = ar.store("Reuters", "r3", "Natanz again", s4, [natanz_strike(s4)], published="2025-06-15T08:00:00Z")
    assert [alerts.get_alert(ar.db, i).rule for i in fired] == ["nuclear-site-strike"]


def test_article_rules_fire_once_per_cooldown(tmp_path):
    ar = Archive(tmp_path / "a.db")
    assert ar.store("UN", "u1", "Rains in Gaza", "Heavy rain fell.", labels=("humanitarian",)) == []
    [fired] = ar.store("UN", "u2", "Ceasefire announced", "A ceasefire was announced at midnight.", labels=())
    ar.now = "2025-06-13T04:20:00Z"
    assert ar.store("BBC", "b1", "Truce holds", "The truce held overnight.", labels=()) == []
    [alert] = ar.alerts()
    assert alert.id == fired and alert.kind == "article" and alert.n_sources == 2
    assert alert.summary == "Ceasefire announced" and alert.latest_source == "BBC"
    ar.now = "2025-06-13T06:00:00Z"
    assert len(ar.store("BBC", "b2", "Ceasefire broken", "The ceasefire collapsed.", labels=())) == 1


def test_hostile_text_is_stored_clean_in_the_summary(tmp_path):
    ar = Archive(tmp_path / "a.db")
    s = "Israeli strikes hit Natanz [bold red]now[/]\n\n   again."
    ar.store("X", "x1", "t", s, [natanz_strike(s)])
    [alert] = ar.alerts()
    assert "\n" not in alert.summary and "[bold red]now[/]" in alert.summary  # text, never markup


def test_ack_is_seen_by_every_connection(tmp_path):
    ar = Archive(tmp_path / "a.db")
    s = "Israeli air strikes hit the Natanz nuclear facility on Friday."
    ar.store("Reuters", "r1", "Israel strikes Natanz", s, [natanz_strike(s)])
    ar.store("UN", "u2", "Ceasefire announced", "A ceasefire was announced.", labels=())
    viewer = open_db(ar.path)
    plain = sqlite3.connect(ar.path)  # e.g. Datasette or sqlite3 on the command line
    first, second = [a.id for a in alerts.open_alerts(viewer)]
    assert [a.id for a in alerts.open_alerts(viewer, "critical")] == [first]

    assert alerts.ack_alert(viewer, first, by="ana@desk") is True
    assert alerts.ack_alert(viewer, first, by="bob@desk") is False  # already acknowledged
    for conn in (ar.db, plain, open_db(ar.path)):
        got = alerts.get_alert(conn, first)
        assert got.acked and got.acked_by == "ana@desk"
        assert [a.id for a in alerts.open_alerts(conn)] == [second]

    assert alerts.ack_all(plain, by="bob@desk", up_to_id=first) == 0  # the newer one stays open
    assert alerts.ack_all(plain, by="bob@desk") == 1
    assert alerts.open_alerts(viewer) == []
    assert alerts.get_alert(viewer, second).acked_by == "bob@desk"


def test_alerts_after_and_since(tmp_path):
    ar = Archive(tmp_path / "a.db")
    assert alerts.last_alert_id(ar.db) == 0
    s = "Israeli air strikes hit the Natanz nuclear facility on Friday."
    ar.store("Reuters", "r1", "Israel strikes Natanz", s, [natanz_strike(s)])
    ar.now = "2025-06-13T06:00:00Z"
    ar.store("UN", "u2", "Ceasefire announced", "A ceasefire was announced.", labels=())
    first, second = ar.alerts()
    assert [a.id for a in alerts.alerts_after(ar.db, first.id)] == [second.id]
    assert alerts.alerts_after(ar.db, second.id) == []
    assert [a.id for a in alerts.alerts_since(ar.db, "2025-06-13T05:00:00Z")] == [second.id]
    assert [a.id for a in alerts.alerts_since(ar.db, "2025-06-13T00:00:00Z", up_to_id=first.id)] == [first.id]
    assert alerts.last_alert_id(ar.db) == second.id
    assert second.to_dict()["rule"] == "ceasefire"


def test_status_line(tmp_path):
    from datetime import datetime, timezone

    ar = Archive(tmp_path / "a.db")
    now = datetime(2025, 6, 13, 5, 0, tzinfo=timezone.utc)
    assert alerts.status_line(ar.db, now=now) == "no open alerts · 0 new strikes"
    s = "Israeli air strikes hit the Natanz nuclear facility on Friday."
    ar.store("Reuters", "r1", "Israel strikes Natanz", s, [natanz_strike(s)])
    ar.store("AP", "a1", "Blasts at Natanz", s + " Again.", [natanz_strike(s + " Again.")])
    s2 = "Israeli jets struck the Fordow enrichment site."
    ar.store("AP", "a2", "Fordow", s2, [natanz_strike(s2, places=("Fordow",))])
    assert alerts.status_line(ar.db, now=now) == "2 critical, 1 warning · 2 new strikes"
    assert alerts.status_line(ar.db, "tmux", now=now).startswith("#[fg=red,bold]2 critical#[default]")
    import json

    data = json.loads(alerts.status_line(ar.db, "json", now=now))
    assert data["open"] == {"info": 0, "warning": 1, "critical": 2} and data["strikes_24h"] == 2
    assert data["latest_open_alert"]["rule"] == "nuclear-site-strike"


# --------------------------------------------------------------------------------------------
# Configuration


def test_rules_parse_with_new_conditions(tmp_path):
    settings = parse_settings(
        "alerts:\n"
        "  - {name: us-iran, severity: critical, kind: contact, parties: [United States, Iran], direct: true,\n"
        "     statuses: [occurred, planned]}\n", tmp_path / "feeds.yaml")
    [r] = settings.alerts
    assert r.direct and r.statuses == ("occurred", "planned") and r.parties == ("United States", "Iran")


@pytest.mark.parametrize("text, message", [
    ("alerts:\n  - name: x\n    kind: strike\n    direct: true\n",
     "feeds.yaml:4: alerts[0].direct: only a kind: contact rule can ask for a direct contact"),
    ("alerts:\n  - name: x\n    kind: strike\n    statuses: [happened]\n",
     "feeds.yaml:4: alerts[0].statuses[0]: 'happened' is not one of"),
    ("alerts:\n  - name: x\n    kind: strike\n    min_sources: 0\n",
     "feeds.yaml:4: alerts[0].min_sources: 0 is not a whole number >= 1"),
    ("alerts:\n  - name: x\n    kind: strike\n    cooldown: soon\n",
     "feeds.yaml:4: alerts[0].cooldown: 'soon' is not a duration"),
    ("alerts:\n  - name: x\n    kind: strike\n  - name: x\n    kind: contact\n",
     "feeds.yaml:4: alerts[1].name: 'x' is already the name of another rule"),
])
def test_invalid_rules_are_refused_with_file_and_line(tmp_path, text, message):
    with pytest.raises(ConfigError) as err:
        parse_settings(text, tmp_path / "feeds.yaml", "feeds.yaml")
    assert str(err.value).startswith(message)


@pytest.mark.parametrize("path", ["feeds.yaml", "crisis_tui/feeds.yaml"])
def test_bundled_rules_load(path):
    from pathlib import Path

    from crisis_tui.config import load_settings

    settings = load_settings(Path(__file__).resolve().parents[1] / path)
    names = {r.name for r in settings.alerts}
    assert {"nuclear-site-strike", "hospital-or-shelter-strike", "us-iran-direct-contact", "ceasefire",
            "mass-casualties"} <= names


def test_one_sentence_fires_a_rule_once_even_as_two_events(tmp_path):
    any_kind = AlertRule(name="hospital", severity="critical", keywords=("hospital",), cooldown=0)
    ar = Archive(tmp_path / "a.db", rules=(any_kind,))
    s = "An Israeli strike on a hospital in Gaza killed 45 people, health officials said."
    strike = natanz_strike(s, target="hospital", places=("Gaza",))
    statement = Event(kind="statement", sentence=s, start=0, end=len(s), verb="said")
    assert len(ar.store("AP", "a1", "Gaza hospital hit", s, [strike, statement])) == 1
    assert len(ar.store("BBC", "b1", "Gaza hospital hit", s, [strike, statement])) == 0  # a second sighting
    [alert] = ar.alerts()
    assert alert.n_sources == 2


def test_a_story_no_rule_matches_is_not_read_again_with_each_new_report(tmp_path):
    # A big story that a rule checks and does not match: each new report must not re-read the
    # story's earlier reports (that made a poller and `retag` slow down with every report).
    deadly = AlertRule(name="natanz-casualties", severity="critical", kind="strike", places=("Natanz",),
                       min_killed=10, cooldown=0)
    ar = Archive(tmp_path / "a.db", rules=(deadly,))
    for i in range(20):
        s = f"Israeli jets struck Natanz again, report {i} said."
        ar.store(f"outlet{i}", f"k{i}", "Natanz struck", s, [natanz_strike(s)])
    assert ar.alerts() == []
    statements: list[str] = []
    ar.db.conn.set_trace_callback(statements.append)
    s = "Israeli jets struck Natanz again, report 20 said."
    assert ar.store("outlet20", "k20", "Natanz struck", s, [natanz_strike(s)]) == []
    ar.db.conn.set_trace_callback(None)
    reads = [q for q in statements if "FROM events e JOIN articles a" in q and "e.cluster_id" in q]
    # one read of the story: of the events after the last one checked, here only the new report's
    assert len(reads) == 1 and "e.id > 20 " in reads[0], reads
    # ... and a later report that does match still fires
    s = "Israeli jets struck Natanz, killing 12 people, report 21 said."
    fired = ar.store("outlet21", "k21", "Natanz struck", s, [natanz_strike(s, casualties=Casualties(killed=12))])
    assert [a.rule for a in ar.alerts()] == ["natanz-casualties"] and len(fired) == 1


def test_a_new_report_of_an_alerted_story_does_not_read_all_its_reports(tmp_path):
    # Big stories get thousands of reports: each new one must cost the same, not re-read the rest.
    ar = Archive(tmp_path / "a.db", rules=RULES[:2])
    outlets = [f"outlet{i}" for i in range(30)]
    for i, outlet in enumerate(outlets[:-1]):
        s = f"Israeli jets struck Natanz again, report {i} said."
        ar.store(outlet, f"k{i}", "Natanz struck", s, [natanz_strike(s)])
    assert {a.rule for a in ar.alerts()} == {"nuclear-site-strike", "confirmed-strike"}
    statements: list[str] = []
    ar.db.conn.set_trace_callback(statements.append)
    s = "Israeli jets struck Natanz again, the last report said."
    assert ar.store(outlets[-1], "last", "Natanz struck", s, [natanz_strike(s)]) == []
    ar.db.conn.set_trace_callback(None)
    reads_story = [q for q in statements if "FROM events e JOIN articles a" in q and "e.cluster_id" in q]
    assert reads_story == [], reads_story
    # ... and the alerts still count every outlet
    assert {a.rule: a.n_sources for a in ar.alerts()} == {"nuclear-site-strike": 30, "confirmed-strike": 30}
