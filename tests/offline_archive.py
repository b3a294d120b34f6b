"""An archive for the offline-review tests: the seeds, real feed files, and a few hand-made reports.

The real parts (seeds, five real feeds, the real tagger) give volume and realistic text; the
hand-made part (two wires reporting the same strike with different casualty figures, contacts,
a statement, a hostile title, an alert, a failing feed) gives figures a test can check exactly.
Built once per test session, then copied into each test's tmp_path.
"""

from __future__ import annotations

from pathlib import Path

from archive_cache import cached_copy
from crisis_tui.ingest import Ingestor
from crisis_tui.models import Article, Casualties, Event, Label, Tagging
from crisis_tui.poller import import_documents
from crisis_tui.sources.feed import parse_feed
from crisis_tui.store import open_db

SHARED = Path("/work/shared")
REPO = Path(__file__).resolve().parents[1]
REAL_FEEDS = (
    "fastnewsreader__bbc.xml",
    "prettyparser__theguardian_world.xml",
    "prettyparser__aljazeera.xml",
    "evilgodfahim_wl__reuters_direct.xml",
    "rssparser__guardian.rss",
)
HAND_NOW = "2025-06-17T00:00:00Z"  # when the hand-made reports were stored (old: prunable)
HOSTILE_TITLE = "# Breaking [click here](http://evil.example/x) <b>**bold**</b> | cell | \x1b[31mred\x1b[0m =1+1"
FORMULA_TITLE = "=HYPERLINK(\"http://evil.example\",\"Open\") wire report"


def _tagging(labels, events) -> Tagging:
    scores = {name: (0.9 if name in labels else 0.1) for name in ("military", "diplomatic", "humanitarian")}
    return Tagging(labels=tuple(Label(n, 0.9) for n in labels), scores=scores, events=tuple(events), version="hand-1")


def strike(killed, injured) -> Event:
    return Event(kind="strike", sentence="An Israeli air strike hit the Natanz enrichment site.", start=0, end=52,
                 attacker="Israel", target="Iran", places=("Natanz",), weapon="air",
                 casualties=Casualties(killed=killed, injured=injured, text=f"{killed} killed"), status="reported",
                 phrases=("air strike",))


HAND_REPORTS = {
    # feed name -> [(Article, Tagging)]
    "wire-a": [
        (Article(entry_key="a-1", title="Israeli air strike hits Natanz enrichment site", link="https://wire-a.example/natanz",
                 canonical_url="https://wire-a.example/natanz", published="2025-06-14T08:00:00Z", source="Wire A",
                 summary="Ten people were killed when an Israeli air strike hit the Natanz site, officials said.",
                 content="An Israeli air strike hit the Natanz enrichment site. Ten people were killed and 30 injured."),
         _tagging(["military"], [strike(10, 30)])),
        (Article(entry_key="a-2", title="Araghchi and Witkoff speak by phone, Oman mediating", link="https://wire-a.example/call",
                 canonical_url="https://wire-a.example/call", published="2025-06-15T09:00:00Z", source="Wire A",
                 summary="Iran's foreign minister and the US envoy held a phone call mediated by Oman."),
         _tagging(["diplomatic"], [
             Event(kind="contact", sentence="Araghchi and Witkoff spoke by phone.", start=0, end=36,
                   parties=("Iran", "United States"), people=("Abbas Araghchi", "Steve Witkoff"), mode="phone",
                   status="occurred", mediator="Oman", phrases=("spoke by phone",)),
             Event(kind="statement", sentence="Araghchi said Iran will not negotiate while under attack.", start=37, end=94,
                   speaker="Abbas Araghchi", role="foreign minister", quote="Iran will not negotiate while under attack",
                   verb="said", phrases=("said",)),
         ])),
        (Article(entry_key="a-3", title=HOSTILE_TITLE, link="https://wire-a.example/hostile",
                 canonical_url="https://wire-a.example/hostile", published="2025-06-15T11:00:00Z", source="Wire A",
                 summary="zephyrine appears once in the body of this hostile report."),
         _tagging(["humanitarian"], [
             Event(kind="statement", sentence="[evil](http://evil.example) said things.", start=0, end=40,
                   speaker="[evil](http://evil.example)", role="# role", quote="# heading\n- list item `code`",
                   phrases=("said",)),
         ])),
        (Article(entry_key="a-4", title=FORMULA_TITLE, link="https://wire-a.example/formula",
                 canonical_url="https://wire-a.example/formula", published="2025-06-15T12:00:00Z", source="Wire A",
                 summary="A report whose title a spreadsheet would run as a formula."),
         _tagging([], [])),
    ],
    "wire-b": [
        (Article(entry_key="b-1", title="Strike on Natanz kills 25, Iranian officials say", link="https://wire-b.example/natanz",
                 canonical_url="https://wire-b.example/natanz", published="2025-06-14T12:00:00Z", source="Wire B",
                 summary="Iranian officials said 25 people were killed and 12 injured at Natanz."),
         _tagging(["military", "humanitarian"], [strike(25, 12)])),
        (Article(entry_key="b-2", title="Iran and US plan talks in Muscat", link="https://wire-b.example/talks",
                 canonical_url="https://wire-b.example/talks", published="2025-06-16T10:00:00Z", source="Wire B",
                 summary="zephyrine zephyrine: Iranian and American negotiators plan a meeting in Muscat, Oman."),
         _tagging(["diplomatic"], [
             Event(kind="contact", sentence="Negotiators plan a meeting in Muscat.", start=0, end=37,
                   parties=("Iran", "United States"), mode="meeting", status="planned", places=("Oman",),
                   phrases=("plan a meeting",)),
         ])),
        (Article(entry_key="b-3", title="Zephyrine talks resume", link="https://wire-b.example/zephyrine",
                 canonical_url="https://wire-b.example/zephyrine", published="2025-06-16T11:00:00Z", source="Wire B",
                 summary="A title match must rank above body matches."),
         _tagging([], [])),
    ],
}


def build_archive(path: Path) -> Path:
    """Build the test archive at `path` (slow part: the real tagger over the real feeds)."""
    db = open_db(path)
    from crisis_tui.tagger import Tagger

    ingestor = Ingestor(db, tagger=Tagger())
    import_documents(db, ingestor, [REPO / "seeds"])
    for name in REAL_FEEDS:
        url = f"https://feeds.example/{name}"
        parsed = parse_feed((SHARED / "feeds" / "real" / name).read_bytes(), url)
        feed_id = db["feeds"].insert({"name": name.rsplit(".", 1)[0], "kind": "http", "url": url, "config_url": url,
                                      "title": parsed.title}).last_pk
        ingestor.store_feed(feed_id, [(a, None) for a in parsed.articles], {"status": "ok"})
    hand = Ingestor(db, tagger=Tagger(), now=lambda: HAND_NOW)
    for feed, items in HAND_REPORTS.items():
        url = f"https://{feed}.example/rss"
        feed_id = db["feeds"].insert({"name": feed, "kind": "http", "url": url, "config_url": url}).last_pk
        hand.store_feed(feed_id, items, {"status": "ok", "last_success": HAND_NOW})
    # A feed that is failing, and an alert that fired on the strike.
    db["feeds"].insert({"name": "broken-wire", "kind": "http", "url": "https://broken.example/rss", "status": "error",
                        "last_error": "HTTP 503 from the server [retry](http://evil.example)",
                        "consecutive_failures": 4, "last_attempt": HAND_NOW})
    cluster_id, event_id, article_id = db.execute(
        "SELECT e.cluster_id, e.id, e.article_id FROM events e JOIN articles a ON a.id = e.article_id "
        "WHERE a.link = 'https://wire-a.example/natanz' AND e.kind = 'strike'").fetchone()
    db["alerts"].insert({"rule": "strikes on nuclear sites", "severity": "critical", "kind": "strike",
                         "alert_key": f"cluster:{cluster_id}", "event_id": event_id, "cluster_id": cluster_id,
                         "article_id": article_id, "summary": "Israel struck Natanz (air)",
                         "link": "https://wire-a.example/natanz", "first_source": "Wire A", "latest_source": "Wire B",
                         "n_sources": 2, "created": "2025-06-14T12:05:00Z", "updated": "2025-06-14T12:05:00Z"})
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    return path


def archive_copy(tmp_path_factory, dest: Path) -> Path:
    """A fresh copy of the session's test archive at `dest`."""
    return cached_copy(build_archive, "offline_archive", tmp_path_factory, dest)
