"""Pilot tests of the dashboard over a real archive file: keys in, state and screen out."""

from __future__ import annotations

import socket
import sqlite3

from rich.text import Text
from textual.widgets import Static

from dashboard_archive import HOSTILE_TITLE, FIXED_NOW, store_live, strike_event, wait_until
from crisis_tui.store import now_iso
from crisis_tui.tui.app import CrisisApp
from crisis_tui.tui.screens.alerts import AlertsScreen
from crisis_tui.tui.screens.detail import DetailScreen
from crisis_tui.tui.screens.feeds import FeedsScreen
from crisis_tui.tui.screens.help import HelpScreen
from crisis_tui.tui.screens.search import SearchScreen
from crisis_tui.tui.widgets.pane import Pane


async def started(app, pilot) -> None:
    """Wait until every pane has its first window."""
    assert await wait_until(pilot, lambda: app.main is not None and app.main.is_mounted
                            and all(p.loaded for p in app.main.panes.values()))


def status_text(app) -> str:
    line = str(app.main.query_one("#status-text", Static).content)
    filters = app.main.query_one("#filters-label")
    return line + (" " + str(filters.content) if filters.display else "")


def cell_texts(pane: Pane, key: str) -> list[Text]:
    return list(pane.get_row(key))


def db_value(path, sql, args=()):
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, args).fetchone()
    finally:
        conn.close()


async def test_panes_are_tabs_at_80x24_and_keys_move_between_them(archive, settings):
    app = CrisisApp(settings, archive, offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(app, pilot)
        main = app.main
        assert main.narrow
        assert main.active_kind == "contact" and app.focused is main.panes["contact"]
        await pilot.press("2")
        assert main.active_kind == "strike" and app.focused is main.panes["strike"]
        assert main.panes["strike"].display and not main.panes["contact"].display
        await pilot.press("tab")
        assert main.active_kind == "statement"
        await pilot.press("shift+tab", "shift+tab")
        assert main.active_kind == "contact"
        await pilot.press("4")
        assert app.focused is main.panes["wire"] and main.panes["wire"].row_count > 10


async def test_panes_stand_side_by_side_at_160_columns(archive, settings):
    app = CrisisApp(settings, archive, offline=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(app, pilot)
        main = app.main
        assert not main.narrow
        regions = [main.panes[k].region for k in ("contact", "strike", "statement", "wire")]
        assert all(r.width > 60 and r.height > 10 for r in regions)
        assert regions[0].y == regions[1].y and regions[0].x < regions[1].x  # side by side
        await pilot.press("3")
        assert app.focused is main.panes["statement"]


async def test_enter_opens_the_detail_with_labels_events_and_evidence(archive, settings):
    app = CrisisApp(settings, archive, offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("2")
        pane = app.main.panes["strike"]
        row = pane.current()
        await pilot.press("enter")
        assert isinstance(app.screen, DetailScreen)
        screen = app.screen
        assert await wait_until(pilot, lambda: screen.detail is not None)
        assert screen.article_id == row["article_id"] and screen.event_id == row["id"]
        head = str(screen.query_one("#detail-head", Static).content)
        assert row["title"].split()[0] in head
        events = str(screen.query_one("#detail-events", Static).content)
        assert "strike:" in events
        body = screen.query_one("#detail-text", Static).content
        # the selected event's sentence is highlighted in the text
        ev = next(e for e in screen.detail.events if e["id"] == row["id"])
        assert any(span.style.bold for span in body.spans if getattr(span.style, "bold", False))
        assert ev["sentence"][:20] in body.plain
        # opening marks the row read, in the archive too
        await app.workers.wait_for_complete()
        assert db_value(archive, "SELECT read FROM events WHERE id = ?", [row["id"]]) == (1,)
        await pilot.press("escape")
        assert app.screen is app.main


async def test_detail_link_is_an_osc8_hyperlink_and_o_shows_it_without_a_browser(archive, settings, monkeypatch):
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    app = CrisisApp(settings, archive, offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("4")
        await pilot.press("enter")
        screen = app.screen
        assert await wait_until(pilot, lambda: getattr(screen, "detail", None) is not None)
        link = screen.detail.article["link"]
        head = screen.query_one("#detail-head", Static).content
        assert any(span.style.link == link for span in head.spans if hasattr(span.style, "link"))
        await pilot.press("o")
        assert any(n.message == link for n in app._notifications)


async def test_label_time_and_source_filters_show_in_the_status_line(archive, settings):
    app = CrisisApp(settings, archive, offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        wire = app.main.panes["wire"]
        everything = wire.row_count
        await pilot.press("m")
        assert await wait_until(pilot, lambda: wire.loaded and wire.row_count < everything and wire.row_count > 0)
        assert all("military" in row["labels"] for row in wire.rows_by_key.values())
        assert "mil" in status_text(app)
        await pilot.press("w")  # 1h: nothing in a fixed archive from the past
        assert await wait_until(pilot, lambda: wire.row_count == 0)
        assert "1h" in status_text(app)
        await pilot.press("x")
        assert await wait_until(pilot, lambda: wire.row_count == everything)
        assert "filter" not in status_text(app)
        await pilot.press("S")
        await pilot.press(*"Hand Wire", "enter")
        assert await wait_until(pilot, lambda: 0 < wire.row_count < everything)
        assert {row["source"] for row in wire.rows_by_key.values()} == {"Hand Wire"}
        assert "src:Hand Wire" in status_text(app)


async def test_search_finds_opens_and_reports_malformed_queries(archive, settings):
    app = CrisisApp(settings, archive, offline=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await started(app, pilot)
        await pilot.press("slash")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        await pilot.press(*"Haifa", "enter")
        assert await wait_until(pilot, lambda: len(screen.rows) > 0)
        assert any("Haifa" in r["title"] for r in screen.rows.values())
        await pilot.press("enter")  # the results table has focus: open the first
        assert isinstance(app.screen, DetailScreen)
        await pilot.press("escape")
        assert app.screen is screen
        screen.query_one("#search-input").value = ""
        screen.query_one("#search-input").focus()
        await pilot.press(*'"unbalanced', "enter")
        status = screen.query_one("#search-status", Static)
        assert await wait_until(pilot, lambda: "quote" in str(status.content).lower())
        assert len(screen.rows) == 0


async def test_a_row_arriving_live_does_not_move_the_cursor(archive, settings):
    app = CrisisApp(settings, archive, offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(app, pilot)
        await pilot.press("4")
        wire = app.main.panes["wire"]
        await pilot.press("down", "down", "down", "down", "down")
        key = wire.cursor_key()
        row_before = wire.cursor_row
        scroll_before = wire.scroll_y
        assert row_before == 5
        # Another process stores a newer report (it sorts above the cursor).
        store_live(archive, "live-1", "Live report from the front", "2026-06-19T08:00:00Z")
        assert await wait_until(pilot, lambda: len(wire.unseen) == 1)
        assert wire.cursor_key() == key  # same row under the cursor
        new_key = next(iter(wire.unseen))
        assert wire.get_row_index(new_key) == 0 and wire.cursor_row == row_before + 1
        assert wire.scroll_y == scroll_before + 1  # the same rows stay in view
        assert "1 new" in wire.border_title
        assert "(1)" in app.main.query_one("#tab-wire").label.plain
        # the unseen mark goes once the cursor passes over the row
        await pilot.press("home")
        assert wire.unseen == set()


async def test_live_event_rows_reach_their_pane(archive, settings):
    app = CrisisApp(settings, archive, offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(app, pilot)
        strikes = app.main.panes["strike"]
        before = strikes.row_count
        store_live(archive, "live-2", "Strike on Tabriz", "2026-06-19T09:00:00Z",
                   events=[strike_event("Israel", "Iran", "Tabriz", 7)])
        assert await wait_until(pilot, lambda: strikes.row_count == before + 1)
        newest = strikes.rows_by_key[next(iter(strikes.unseen))]
        assert newest["places"] == ["Tabriz"] and newest["killed"] == 7


async def test_offline_mode_creates_no_poller(archive, settings):
    app = CrisisApp(settings, archive, offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(app, pilot)
        await app.workers.wait_for_complete()
        assert app.poller is None and app.polling == "offline"
        assert not [w for w in app.workers if w.group in ("poller", "decide")]
        assert "offline" in status_text(app)
    assert db_value(archive, "SELECT COUNT(*) FROM pollers") == (0,)


async def test_when_another_process_polls_the_dashboard_only_watches(archive, settings):
    now = now_iso()
    host = socket.gethostname()
    conn = sqlite3.connect(archive)
    conn.execute("INSERT INTO pollers (id, host, pid, mode, started, heartbeat) VALUES (?, ?, ?, 'poll', ?, ?)",
                 [f"{host}:999999", host, 999999, now, now])
    conn.commit()
    conn.close()
    app = CrisisApp(settings, archive, poll=True, offline=False)
    async with app.run_test(size=(120, 30)) as pilot:
        await started(app, pilot)
        assert await wait_until(pilot, lambda: app.polling == "watching")
        assert app.poller is None
        assert await wait_until(pilot, lambda: f"polled by {host}:999999" in status_text(app))


async def test_hostile_feed_text_renders_literally(archive, settings):
    app = CrisisApp(settings, archive, offline=True)
    async with app.run_test(size=(160, 48)) as pilot:
        await started(app, pilot)
        wire = app.main.panes["wire"]
        key = next(k for k, r in wire.rows_by_key.items() if r["title"] == HOSTILE_TITLE)
        title_cell = cell_texts(wire, key)[-1]
        assert isinstance(title_cell, Text)
        assert title_cell.plain.startswith("[bold]Loud[/bold] [link=")  # cut to the column, never parsed
        assert "\x1b" not in title_cell.plain and "\x07" not in title_cell.plain
        assert not any(getattr(s.style, "link", None) or getattr(s.style, "meta", None) for s in title_cell.spans)
        statements = app.main.panes["statement"]
        skey = next(k for k, r in statements.rows_by_key.items() if r["speaker"] == "[bold]Speaker[/bold]")
        assert any("[@click=app.quit]quote[/]" in c.plain for c in cell_texts(statements, skey))
        # the screen shows the characters
        await pilot.press("4")
        wire.move_cursor(row=wire.get_row_index(key))
        await pilot.press("enter")
        screen = app.screen
        assert await wait_until(pilot, lambda: getattr(screen, "detail", None) is not None)
        head = screen.query_one("#detail-head", Static).content
        assert "[bold]Loud[/bold]" in head.plain and "\x1b" not in head.plain
        body = screen.query_one("#detail-text", Static).content
        assert "[@click=app.bell]no bell[/]" in body.plain
        await pilot.pause(0.2)
        assert app.is_running  # [@click=app.quit] did nothing


async def test_marks_star_read_note_and_mark_all_read_are_stored(archive, settings):
    app = CrisisApp(settings, archive, offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(app, pilot)
        await pilot.press("2")
        pane = app.main.panes["strike"]
        row = pane.current()
        await pilot.press("s")
        await app.workers.wait_for_complete()
        assert db_value(archive, "SELECT starred FROM events WHERE id = ?", [row["id"]]) == (1,)
        assert "★" in cell_texts(pane, str(row["id"]))[0].plain
        await pilot.press("r")
        await app.workers.wait_for_complete()
        assert db_value(archive, "SELECT read FROM events WHERE id = ?", [row["id"]]) == (1,)
        await pilot.press("n", *"check casualty figure", "enter")
        await app.workers.wait_for_complete()
        assert db_value(archive, "SELECT note FROM events WHERE id = ?", [row["id"]]) == ("check casualty figure",)
        await pilot.press("R")
        await app.workers.wait_for_complete()
        assert db_value(archive, "SELECT COUNT(*) FROM events WHERE kind = 'strike' AND read = 0") == (0,)
        assert db_value(archive, "SELECT COUNT(*) FROM events WHERE kind = 'contact' AND read = 1") == (0,)


async def test_marks_set_by_another_viewer_show_up(archive, settings):
    app = CrisisApp(settings, archive, offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(app, pilot)
        pane = app.main.panes["contact"]
        row = pane.current()
        conn = sqlite3.connect(archive)
        conn.execute("UPDATE events SET starred = 1 WHERE id = ?", [row["id"]])
        conn.commit()
        conn.close()
        assert await wait_until(pilot, lambda: pane.rows_by_key[str(row["id"])]["starred"] == 1)
        assert "★" in cell_texts(pane, str(row["id"]))[0].plain


async def test_alerts_screen_acknowledges_one_and_all(archive, settings):
    open_before = db_value(archive, "SELECT COUNT(*) FROM alerts WHERE acked IS NULL")[0]
    assert open_before >= 2
    app = CrisisApp(settings, archive, offline=True)
    async with app.run_test(size=(120, 30)) as pilot:
        await started(app, pilot)
        assert any("open alert" in n.message for n in app._notifications)  # waiting since before
        await pilot.press("a")
        screen = app.screen
        assert isinstance(screen, AlertsScreen)
        assert await wait_until(pilot, lambda: len(screen.alerts) == open_before)
        await pilot.press("a")
        assert await wait_until(pilot, lambda: db_value(archive, "SELECT COUNT(*) FROM alerts WHERE acked IS NULL")
                                == (open_before - 1,))
        await pilot.press("A")
        assert await wait_until(pilot, lambda: db_value(archive, "SELECT COUNT(*) FROM alerts WHERE acked IS NULL")
                                == (0,))
        await pilot.press("escape")
        assert await wait_until(pilot, lambda: "alerts 0" in status_text(app))


async def test_a_new_alert_from_another_process_raises_a_toast(archive, settings):
    app = CrisisApp(settings, archive, offline=True)
    async with app.run_test(size=(120, 30)) as pilot:
        await started(app, pilot)
        conn = sqlite3.connect(archive)
        conn.execute(
            "INSERT INTO alerts (rule, severity, kind, alert_key, summary, n_sources, created, updated) "
            "VALUES ('nuclear-site-strike', 'critical', 'strike', 'test:1', '[bold]Strike[/bold] on Fordow', 2, ?, ?)",
            [FIXED_NOW, FIXED_NOW])
        conn.commit()
        conn.close()
        assert await wait_until(pilot, lambda: any("Fordow" in n.message for n in app._notifications))
        toast = next(n for n in app._notifications if "Fordow" in n.message)
        assert toast.message.startswith("[bold]Strike[/bold]") and not toast.markup
        assert toast.message.endswith("(2 sources)")
        assert toast.severity == "error"


async def test_help_lists_every_key_and_the_palette_offers_every_action(archive, settings):
    app = CrisisApp(settings, archive, offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(app, pilot)
        titles = {c.title for c in app.get_system_commands(app.main)}
        for action in ("Search", "Alerts", "Feeds", "Military", "Window", "Source filter", "Star", "Note",
                       "All read", "Export", "Open link", "Help"):
            assert action in titles
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        described = {what for _, what in app.screen.lines}
        assert {"Search", "Star", "Export", "Humanitarian", "Clear filters"} <= described
        await pilot.press("escape")
        assert app.screen is app.main


async def test_feeds_screen_shows_failing_feeds_in_words(archive, settings):
    app = CrisisApp(settings, archive, offline=True)
    async with app.run_test(size=(120, 30)) as pilot:
        await started(app, pilot)
        await pilot.press("f")
        screen = app.screen
        assert isinstance(screen, FeedsScreen)
        table = screen.query_one("#feeds-table")
        assert await wait_until(pilot, lambda: table.row_count >= 4)
        rows = [[c.plain for c in table.get_row_at(i)] for i in range(table.row_count)]
        broken = next(r for r in rows if r[0] == "broken-wire")
        assert broken[1] == "FAILING" and "HTTP 503 [retry](http://evil.example)" in broken[3]


async def test_e_exports_the_current_view(archive, settings, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DOWNLOAD_DIR", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    app = CrisisApp(settings, archive, offline=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(app, pilot)
        await pilot.press("2", "e")
        await app.workers.wait_for_complete()
        assert app.last_export is not None and app.last_export.exists()
        text = app.last_export.read_text(encoding="utf-8-sig")
        assert "Haifa" in text
        assert any("wrote" in n.message for n in app._notifications)


async def test_the_dashboard_polls_a_local_feed_and_shows_its_rows(archive, settings, feed_server):
    import dataclasses

    from feedserver import rss

    from crisis_tui.config import FeedConfig

    feed_server.set_feed("live", rss("Live", [
        {"title": "Strike reported near Isfahan", "link": "https://127.0.0.1/isfahan", "guid": "isfahan",
         "date": "Fri, 19 Jun 2026 08:00:00 GMT", "description": "Israel struck Iran near Isfahan, officials said."},
    ]))
    polled = dataclasses.replace(settings, feeds=(FeedConfig(name="live", url=feed_server.url("/doc/live")),),
                                 poll=dataclasses.replace(settings.poll, workers=1))
    app = CrisisApp(polled, archive, poll=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await started(app, pilot)
        assert await wait_until(pilot, lambda: app.polling == "polling")
        wire = app.main.panes["wire"]
        assert await wait_until(pilot, lambda: any(r["title"] == "Strike reported near Isfahan"
                                                   for r in wire.rows_by_key.values()), tries=400)
        assert "polling" in status_text(app)
        await app.stop_polling()
        assert app.poller is None
    assert db_value(archive, "SELECT status FROM feeds WHERE name = 'live'") == ("ok",)
    assert db_value(archive, "SELECT COUNT(*) FROM pollers") == (0,)  # unregistered on the way out
