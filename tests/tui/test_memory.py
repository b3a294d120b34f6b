"""The dashboard lets go of what it replaced: long sessions must not pile up widgets or threads."""

from __future__ import annotations

import gc
import re
import threading

from textual.widgets._footer import FooterKey

from dashboard_archive import store_live, wait_until
from crisis_tui.tui.app import CrisisApp
from crisis_tui.tui.screens.alerts import AlertsScreen
from crisis_tui.tui.screens.detail import DetailScreen
from crisis_tui.tui.screens.feeds import FeedsScreen
from crisis_tui.tui.screens.search import SearchScreen


def live_footer_keys() -> int:
    gc.collect()
    return sum(1 for o in gc.get_objects() if isinstance(o, FooterKey))


async def test_footer_keys_do_not_pile_up_as_focus_and_screens_change(archive, settings):
    app = CrisisApp(settings, archive, offline=True)
    async with app.run_test(size=(160, 48)) as pilot:
        assert await wait_until(pilot, lambda: app.main is not None and all(p.loaded for p in app.main.panes.values()))
        await pilot.pause()
        shown = len(app.main.query(FooterKey))
        assert shown > 5
        # Every focus move and screen change rebuilds the footer's keys.
        for _ in range(10):
            await pilot.press("tab", "tab", "enter")
            await pilot.pause()
            await pilot.press("escape")
            await pilot.pause()
        await pilot.pause()
        assert len(app.main.query(FooterKey)) == shown  # the footer still shows its keys
        # 40 rebuilds of ~10 keys each would leave ~400 alive if the replaced ones were kept.
        assert live_footer_keys() <= 3 * shown


async def test_every_read_runs_on_the_two_archive_threads(archive, settings):
    before = {t.ident for t in threading.enumerate()}
    app = CrisisApp(settings, archive, offline=True)
    async with app.run_test(size=(160, 48)) as pilot:
        assert await wait_until(pilot, lambda: app.main is not None and all(p.loaded for p in app.main.panes.values()))
        wire = app.main.panes["wire"]
        for n in range(3):
            # another process commits: the watcher reads the new rows
            store_live(archive, f"live-{n}", f"Live report {n}", f"2026-06-19T0{n}:00:00Z")
            assert await wait_until(pilot, lambda: f"Live report {n}" in {r["title"] for r in wire.rows_by_key.values()})
            await pilot.press("m", "4", "enter")  # a filter reloads the panes; enter opens a detail
            assert await wait_until(pilot, lambda: isinstance(app.screen, DetailScreen) and app.screen.detail is not None)
            await pilot.press("escape", "x", "s", "r")  # marks are written on the reader's thread too
            for key, screen in (("a", AlertsScreen), ("f", FeedsScreen), ("slash", SearchScreen)):
                await pilot.press(key)
                assert isinstance(app.screen, screen)
                await pilot.press("escape")
        await pilot.press(*"/Haifa", "enter")
        assert await wait_until(pilot, lambda: len(app.screen.rows) > 0)
        await app.workers.wait_for_complete()
        new = [t.name for t in threading.enumerate() if t.ident not in before]
    # a thread per read would show up here as asyncio's pool threads (up to 32, one malloc arena each)
    assert sorted(new) == ["archive-reader_0", "archive-watcher_0"]


async def test_rows_arriving_live_keep_the_window_bounded_and_the_oldest_page_back_in(archive, settings):
    app = CrisisApp(settings, archive, offline=True)
    async with app.run_test(size=(160, 48)) as pilot:
        assert await wait_until(pilot, lambda: app.main is not None and all(p.loaded for p in app.main.panes.values()))
        await pilot.press("4")
        wire = app.main.panes["wire"]
        window = wire.row_count
        assert window > 10
        wire.live_window = window  # a small window, so that a few arrivals overflow it
        oldest = [row.key.value for row in wire.ordered_rows][-3:]
        for n in range(3):
            store_live(archive, f"live-{n}", f"Live report {n}", f"2026-06-19T0{n}:00:00Z")
        assert await wait_until(pilot, lambda: {f"Live report {n}" for n in range(3)}
                                <= {r["title"] for r in wire.rows_by_key.values()})
        assert wire.row_count == len(wire.rows_by_key) == window
        assert not set(oldest) & set(wire.rows_by_key) and wire.has_more
        assert wire.cursor_key() is not None and wire.cursor_row == 3  # still on its row, below the new ones
        # the dropped rows are still in the archive: going down pages them in again
        await pilot.press("end")
        assert await wait_until(pilot, lambda: set(oldest) <= set(wire.rows_by_key))


async def test_the_ui_thread_never_queries_the_archive(archive, settings, monkeypatch):
    """Start-up (open alerts), the source prompt's suggestions, filters, screens: all read on the
    archive threads, so a slow query or a busy archive never freezes the screen."""
    import crisis_tui.views as views
    from crisis_tui.tui.screens.prompt import Prompt
    from textual.widgets import Input

    on_ui: list[str] = []
    ui = threading.current_thread()
    real_connect = views.connect

    def note(sql: str) -> None:
        # setting a connection's pragma (sqlite-utils does one as it wraps it) reads nothing
        if threading.current_thread() is ui and not re.match(r"PRAGMA \w+\s*=", sql):
            on_ui.append(sql)

    def traced(path):
        conn = real_connect(path)
        conn.set_trace_callback(note)
        return conn

    monkeypatch.setattr(views, "connect", traced)
    app = CrisisApp(settings, archive, offline=True)
    async with app.run_test(size=(160, 48)) as pilot:
        assert await wait_until(pilot, lambda: app.main is not None and all(p.loaded for p in app.main.panes.values()))
        await pilot.press("S")
        assert isinstance(app.screen, Prompt)  # open at once; the suggestions follow
        field = app.screen.query_one(Input)
        assert await wait_until(pilot, lambda: field.suggester is not None)
        assert await field.suggester.get_suggestion("hand") is not None  # an outlet of the archive
        await pilot.press("escape", "m", "a")
        assert await wait_until(pilot, lambda: isinstance(app.screen, AlertsScreen))
        await pilot.press("escape", "f")
        await pilot.press("escape")
        await app.workers.wait_for_complete()
    assert on_ui == [], on_ui
