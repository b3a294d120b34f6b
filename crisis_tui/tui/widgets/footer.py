"""Textual's Footer without its memory leak: the key bar at the bottom of every screen.

Textual's Footer rebuilds its FooterKeys whenever the bindings change (every focus move, screen
push or pop) and binds each new key to `Footer.compact` with `data_bind`. That binding stores the
key in the footer's watcher list, which Textual prunes only when `compact` itself changes: never,
here. So every rebuild left ~10 dead FooterKeys (~50 KB each with their caches) attached to the
main screen's footer for the life of the app: +100 MB in a 10-minute soak with a key press every
quarter second (Textual issue #6666, open in textual 8.2.8).
"""

from __future__ import annotations

from textual.widgets import Footer


class BindingsFooter(Footer):
    """A Footer that lets go of the keys it replaced."""

    async def recompose(self) -> None:
        await super().recompose()
        # Re-setting the reactive is what makes Textual drop watchers of closed widgets (the
        # replaced keys); the live keys just get the same `compact` value again.
        self.mutate_reactive(Footer.compact)
