"""The dashboard lets go of what it replaced: long sessions must not pile up widgets or threads."""

from __future__ import annotations

import gc

from textual.widgets._footer import FooterKey

from dashboard_archive import wait_until
from crisis_tui.tui.app import CrisisApp


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
