"""Terminal and markup injection through the dashboard, under `run_test()`.

An archive holds the hostile feeds (parsed by the real parser) and, as defence in depth, rows with
hostile text written straight into the database. Every screen (the four panes, the detail view,
feeds, alerts, search, toasts) is rendered and the segments the terminal would receive are
checked: no control or escape character, no link or click action coming from feed text; markup
shows literally; clicking on `[@click=app.quit]` text does nothing.
"""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path

from feedserver import FeedServer  # noqa: F401  (conftest puts tests/ on sys.path)
import re

from hostile_text import ALL, MARKUP, hostile_atom, hostile_raw, hostile_rss

from crisis_tui.config import AlertRule, bundled_config_path, load_settings
from crisis_tui.ingest import Ingestor
from crisis_tui.models import Article, Event, Label, Tagging
from crisis_tui.sources.feed import parse_feed
from crisis_tui.store import open_db
from crisis_tui.tui.app import CrisisApp

# What must never reach the terminal from a row, even one that bypassed the boundary: C0 (ESC
# first), DEL, C1, bidi controls, zero-width and invisible format characters (U+2060-2064,
# U+FEFF). Written out here rather than imported, so the test does not share the code's set.
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")

RULE = AlertRule(name="hostile-article", severity="critical", kind="article", keywords=("hostile",), cooldown=0)
RAW = "hostile raw row " + ALL


def _settings():
    base = load_settings(bundled_config_path())
    return dataclasses.replace(base, feeds=(), alerts=(RULE,))


def _raw_tagging() -> Tagging:
    """Events whose fields carry raw hostile text (as if the tagger or an old version let it through)."""
    ev = Event(kind="statement", sentence=RAW, start=0, end=10, speaker="Speaker " + ALL, role=MARKUP,
               quote="[@click=app.quit]quote[/] " + ALL, verb="said")
    strike = Event(kind="strike", sentence=RAW, start=0, end=10, attacker="Iran " + ALL, target="[link=x]t[/link]",
                   places=("Haifa" + ALL,), weapon="missile", status="reported")
    contact = Event(kind="contact", sentence=RAW, start=0, end=10, parties=("Iran" + ALL, MARKUP), mode="phone",
                    status="occurred")
    return Tagging(labels=(Label("military", 0.9),), scores={"military": 0.9, "diplomatic": 0.1, "humanitarian": 0.1},
                   events=(ev, strike, contact), version="hand-1")


def build_archive(path: Path) -> Path:
    db = open_db(path)
    ingestor = Ingestor.from_settings(db, _settings())
    for name, body in (("hostile-rss", hostile_rss()), ("hostile-raw", hostile_raw()), ("hostile-atom", hostile_atom())):
        url = f"http://127.0.0.1/{name}"
        parsed = parse_feed(body, url)
        assert parsed.articles, (name, parsed.error)
        feed_id = db["feeds"].insert({"name": name, "kind": "http", "url": url, "config_url": url,
                                      "title": parsed.title}).last_pk
        ingestor.store_feed(feed_id, [(a, None) for a in parsed.articles], {"status": "ok"})
    # defence in depth: text that never went through the boundary
    feed_id = db["feeds"].insert({"name": "raw-wire", "kind": "http", "url": "http://127.0.0.1/raw",
                                  "title": RAW, "status": "error", "last_error": RAW, "last_warning": RAW,
                                  "consecutive_failures": 3}).last_pk
    art = Article(entry_key="raw-1", title="placeholder", link="http://127.0.0.1/rawrow/1",
                  canonical_url="http://127.0.0.1/rawrow/1", published="2025-06-16T12:00:00Z", summary="x")
    ingestor.store_feed(feed_id, [(art, _raw_tagging())])
    db.execute("UPDATE articles SET title = ?, summary = ?, content = ?, author = ?, source = ?, "
               "link = 'http://127.0.0.1/raw' || char(27) || ']8;;http://evil/' || char(7) WHERE link = ?",
               [RAW, RAW, RAW, RAW, RAW, "http://127.0.0.1/rawrow/1"])
    db.execute("UPDATE alerts SET summary = ?, latest_source = ?, first_source = ?", [RAW, RAW, RAW])
    db.conn.close()
    return path


def screen_problems(app) -> tuple[list[str], str]:
    """(what is wrong in the segments the terminal would receive, the screen's plain text)."""
    problems: list[str] = []
    lines = []
    for y, strip in enumerate(app.screen._compositor.render_strips()):
        line = []
        for seg in strip:
            text, style = seg.text, seg.style
            line.append(text)
            bad = UNSAFE.findall(text)
            if bad:
                problems.append(f"row {y}: {sorted(set(map(repr, bad)))} in {text[:60]!r}")
            if style is not None:
                # the article's own link may be a hyperlink; a target from markup or OSC 8 in the
                # text (evil.example) may not, and no link carries control characters
                if style.link and ("evil.example" in style.link or UNSAFE.search(style.link)
                                   or not style.link.startswith(("http://", "https://"))):
                    problems.append(f"row {y}: a link to {style.link!r}")
                click = (style.meta or {}).get("@click")
                if click and "quit" in str(click) and "[@click" not in text:
                    problems.append(f"row {y}: a click action {click!r} on {text[:40]!r}")
        lines.append("".join(line))
    return problems, "\n".join(lines)


async def wait_for(pilot, condition, tries: int = 100) -> bool:
    for _ in range(tries):
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()


async def settle(app, pilot) -> None:
    await app.workers.wait_for_complete()
    await pilot.pause(0.1)


async def check(app, pilot, where: str) -> str:
    await settle(app, pilot)
    problems, text = screen_problems(app)
    assert not problems, f"{where}: {problems[:5]}"
    return text


async def test_every_screen_renders_hostile_text_inert(tmp_path):
    path = build_archive(tmp_path / "hostile.db")
    app = CrisisApp(_settings(), path, offline=True)
    async with app.run_test(size=(160, 48), notifications=True) as pilot:
        assert await wait_for(pilot, lambda: app.main is not None and app.main.is_mounted
                              and all(p.loaded for p in app.main.panes.values()))
        seen = ""
        for key in ("1", "2", "3", "4"):
            await pilot.press(key)
            seen += await check(app, pilot, f"pane {key}")
        assert "[bold r" in seen and "[@click=app.quit]" in seen  # markup is shown as the characters it is
        # the detail view of each wire row near the top (hostile rows are the newest)
        for row in range(4):
            app.main.panes["wire"].move_cursor(row=row)
            await pilot.press("enter")
            await settle(app, pilot)
            text = await check(app, pilot, f"detail of wire row {row}")
            assert app.screen is not app.main, "enter opened no detail view"
            assert "\x1b" not in text
            await pilot.press("escape")
            await settle(app, pilot)
        await pilot.press("f")
        # (the feeds table fills from a worker after the screen shows: on a loaded machine that
        # can take longer than settle's pause)
        await wait_for(pilot, lambda: "[bold red]LOUD" in screen_problems(app)[1], tries=200)
        text = await check(app, pilot, "feeds screen")
        assert "FAILING" in text and "[bold red]LOUD" in text  # feed titles shown, markup literal
        await pilot.press("escape")
        await pilot.press("a")
        await check(app, pilot, "alerts screen")
        await pilot.press("escape")
        await pilot.press("slash")
        await settle(app, pilot)
        await pilot.press(*"hostile", "enter")
        await check(app, pilot, "search screen")
        await pilot.press("escape")
        await settle(app, pilot)
        # click on the literal [@click=app.quit] text wherever it is shown: nothing happens
        await pilot.press("4")
        _problems, text = screen_problems(app)
        clicked = 0
        for y, line in enumerate(text.split("\n")):
            x = line.find("[@click")
            if x >= 0:
                await pilot.click(offset=(x + 3, y))
                await pilot.pause(0.1)
                clicked += 1
        assert clicked and app.is_running
        for note in app._notifications:
            assert not note.markup or not UNSAFE.search(note.message), note
            assert not UNSAFE.search(note.message) and not UNSAFE.search(note.title or ""), note


async def test_a_live_hostile_alert_toast_is_plain_text(tmp_path):
    path = build_archive(tmp_path / "hostile.db")
    app = CrisisApp(_settings(), path, offline=True, watch_seconds=0.1)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        assert await wait_for(pilot, lambda: app.main is not None and app.main.is_mounted)
        before = len(app._notifications)
        # another process stores a hostile article that fires the rule
        db = open_db(path)
        feed_id = db.execute("SELECT id FROM feeds WHERE name = 'raw-wire'").fetchone()[0]
        art = Article(entry_key="live-1", title="hostile live " + MARKUP, link="http://127.0.0.1/live/1",
                      canonical_url="http://127.0.0.1/live/1", published="2025-06-17T12:00:00Z",
                      summary="hostile [@click=app.quit]x[/]")
        Ingestor(db, rules=(RULE,)).store_feed(feed_id, [(art, _raw_tagging())])
        alert_id = db.execute("SELECT MAX(id) FROM alerts").fetchone()[0]
        db.execute("UPDATE alerts SET summary = ? WHERE id = ?", ["hostile live " + ALL, alert_id])
        db.conn.close()
        assert await wait_for(pilot, lambda: len(app._notifications) > before, tries=200)
        for note in list(app._notifications)[before:]:
            assert not UNSAFE.search(note.message), repr(note.message)
            assert not note.markup, note
        await check(app, pilot, "after the toast")
        assert app.is_running


def test_archive_builder_keeps_raw_rows_raw(tmp_path):
    """The defence-in-depth rows really hold raw escapes (else the tests above prove less)."""
    path = build_archive(tmp_path / "hostile.db")
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM articles WHERE instr(title, char(27)) > 0").fetchone()[0] == 1
    assert conn.execute("SELECT COUNT(*) FROM events WHERE instr(speaker, char(27)) > 0").fetchone()[0] >= 1
    conn.close()
