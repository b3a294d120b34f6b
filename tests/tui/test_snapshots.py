"""Snapshots of the dashboard over the fixed archive (no wall-clock text on these screens).

After a deliberate change of the screens or the tagger: `pytest tests/tui/test_snapshots.py
--snapshot-update`, then look at the SVGs before committing them.
"""

from __future__ import annotations

import pytest

from dashboard_archive import wait_until
from crisis_tui.tui.app import CrisisApp
from crisis_tui.tui.widgets.status import StatusLine


def ready(app):
    if app.main is None or not app.main.is_mounted or not all(p.loaded for p in app.main.panes.values()):
        return False
    # and the status line has read the archive (the watcher's first read comes after the panes
    # have loaded, half a second later at most, or later on a busy machine)
    return app.main.query_one(StatusLine).counts.feeds_total > 0


async def loaded(pilot) -> None:
    app = pilot.app
    assert await wait_until(pilot, lambda: ready(app))
    await app.workers.wait_for_complete()
    await pilot.pause(0.3)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_main_screen(snap_compare, archive, settings, size):
    app = CrisisApp(settings, archive, offline=True)
    assert snap_compare(app, terminal_size=size, run_before=loaded)


def test_detail_screen(snap_compare, archive, settings):
    app = CrisisApp(settings, archive, offline=True)

    async def open_detail(pilot):
        await loaded(pilot)
        await pilot.press("enter")  # the newest contact: a real article tagged by the real tagger
        screen = pilot.app.screen
        assert await wait_until(pilot, lambda: getattr(screen, "detail", None) is not None)
        await pilot.pause(0.2)

    assert snap_compare(app, terminal_size=(100, 40), run_before=open_detail)


def test_main_screen_filtered_light_theme(snap_compare, archive, settings):
    app = CrisisApp(settings, archive, offline=True)

    async def filter_military(pilot):
        await loaded(pilot)
        await pilot.press("t", "m", "4")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.3)

    assert snap_compare(app, terminal_size=(100, 30), run_before=filter_military)
