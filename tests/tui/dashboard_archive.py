"""A fixed archive for the dashboard tests: the seeds, two real feed files, and hand-made reports.

Everything is stored with a fixed clock (FIXED_NOW) and fixed feed names, so nothing on the main
or the detail screen depends on the wall clock or on where the test runs: snapshots stay stable.
Built once per session with the real tagger, then copied into each test's tmp_path.
"""

from __future__ import annotations

from pathlib import Path

from crisis_tui.config import bundled_config_path, load_settings
from archive_cache import cached_copy
from crisis_tui.ingest import Ingestor
from crisis_tui.models import Article, Casualties, Event, Label, Tagging
from crisis_tui.poller import import_documents
from crisis_tui.sources.feed import parse_feed
from crisis_tui.store import open_db

REPO = Path(__file__).resolve().parents[2]
SHARED = Path("/work/shared")
SEEDS = REPO / "seeds"
REAL_FEEDS = ("fastnewsreader__bbc.xml", "prettyparser__aljazeera.xml")
FIXED_NOW = "2026-06-20T12:00:00Z"

# A title that would do harm if it were read as Rich markup or reached the terminal raw.
HOSTILE_TITLE = "[bold]Loud[/bold] [link=https://evil.example]click[/link] [@click=app.quit]quit[/] \x1b[31mred\x1b]8;;x\x07"


def tagging(labels, events, version: str = "hand-1") -> Tagging:
    scores = {name: (0.9 if name in labels else 0.1) for name in ("military", "diplomatic", "humanitarian")}
    return Tagging(labels=tuple(Label(n, 0.9) for n in labels), scores=scores, events=tuple(events), version=version)


def strike_event(attacker: str, target: str, place: str, killed: int | None = None) -> Event:
    sentence = f"{attacker} struck {target} at {place}."
    return Event(kind="strike", sentence=sentence, start=0, end=len(sentence), attacker=attacker, target=target,
                 places=(place,), weapon="missile", casualties=Casualties(killed=killed) if killed else None,
                 status="reported", phrases=("struck",))


def hand_reports() -> list[tuple[Article, Tagging]]:
    """A few reports with known events, one with a hostile title."""
    text = "Hostile body: [red]not red[/red] and [@click=app.bell]no bell[/]."
    return [
        (Article(entry_key="h-1", title=HOSTILE_TITLE, link="https://wire.example/hostile",
                 canonical_url="https://wire.example/hostile", published="2026-06-16T10:00:00Z", source="Hand Wire",
                 summary=text),
         tagging(["military"], [Event(kind="statement", sentence="[bold]Speaker[/bold] said [link=x]y[/link].",
                                      start=0, end=10, speaker="[bold]Speaker[/bold]", role="[i]role[/i]",
                                      quote="[@click=app.quit]quote[/]", verb="said")])),
        (Article(entry_key="h-2", title="Missiles hit Haifa refinery", link="https://wire.example/haifa",
                 canonical_url="https://wire.example/haifa", published="2026-06-16T09:00:00Z", source="Hand Wire",
                 summary="Iran struck Israel at Haifa. Three people were killed."),
         tagging(["military"], [strike_event("Iran", "Israel", "Haifa", 3)])),
    ]


def build_archive(path: Path) -> Path:
    """Build the archive at `path` with the real tagger (a few seconds)."""
    db = open_db(path)
    settings = load_settings(bundled_config_path())
    ingestor = Ingestor.from_settings(db, settings, now=lambda: FIXED_NOW)
    import_documents(db, ingestor, [SEEDS])
    # The import names its feed after the absolute path: give it a fixed name for the screen.
    db.execute("UPDATE feeds SET name = 'seeds', title = 'Seed documents', last_attempt = ?, last_success = ? "
               "WHERE name LIKE 'import: %'", [FIXED_NOW, FIXED_NOW])
    for name in REAL_FEEDS:
        url = f"https://feeds.example/{name}"
        parsed = parse_feed((SHARED / "feeds" / "real" / name).read_bytes(), url)
        feed_id = db["feeds"].insert({"name": name.split("__")[1].rsplit(".", 1)[0], "kind": "http", "url": url,
                                      "config_url": url, "title": parsed.title}).last_pk
        ingestor.store_feed(feed_id, [(a, None) for a in parsed.articles],
                            {"status": "ok", "last_success": FIXED_NOW, "last_attempt": FIXED_NOW})
    feed_id = db["feeds"].insert({"name": "hand-wire", "kind": "http", "url": "https://wire.example/rss",
                                  "config_url": "https://wire.example/rss", "title": "Hand Wire"}).last_pk
    ingestor.store_feed(feed_id, hand_reports(), {"status": "ok", "last_success": FIXED_NOW})
    db["feeds"].insert({"name": "broken-wire", "kind": "http", "url": "https://broken.example/rss", "status": "error",
                        "last_error": "HTTP 503 [retry](http://evil.example)", "consecutive_failures": 4,
                        "last_attempt": FIXED_NOW})
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()
    return path


def archive_copy(tmp_path_factory, dest: Path) -> Path:
    """A fresh copy of the session's dashboard archive at `dest`."""
    return cached_copy(build_archive, "tui_archive", tmp_path_factory, dest)


def store_live(db_path: Path, entry_key: str, title: str, published: str, events=(), labels=("military",)) -> None:
    """Store one report from a second connection, as another process would."""
    db = open_db(db_path)
    try:
        row = db.execute("SELECT id FROM feeds WHERE name = 'live-wire'").fetchone()
        feed_id = row[0] if row else db["feeds"].insert({"name": "live-wire", "kind": "http",
                                                         "url": "https://live.example/rss", "title": "Live Wire"}).last_pk
        article = Article(entry_key=entry_key, title=title, link=f"https://live.example/{entry_key}",
                          canonical_url=f"https://live.example/{entry_key}", published=published, source="Live Wire",
                          summary=f"{title}. More to follow.")
        Ingestor(db, now=lambda: FIXED_NOW).store_feed(feed_id, [(article, tagging(list(labels), list(events)))])
    finally:
        db.conn.close()


async def wait_until(pilot, condition, tries: int = 200, step: float = 0.05) -> bool:
    """Let the app run until `condition()` holds (bounded); returns whether it did."""
    for _ in range(tries):
        if condition():
            return True
        await pilot.pause(step)
    return condition()
