"""The dashboard: a Textual app over the archive, polling in the background unless told not to.

Data flow: the poller (a thread worker running its own asyncio loop) writes the archive; a timer
checks `PRAGMA data_version` twice a second and, when any process committed, the watcher's thread
reads only what is new and posts `ArchiveChanged`; panes insert the rows without moving the
cursor. The UI thread never runs a query: reads run on the reader's and the watcher's own
long-lived threads (crisis_tui.tui.reading), so the thread count stays fixed.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
import threading
import webbrowser
from functools import partial
from pathlib import Path
from typing import Iterable

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.screen import Screen

from crisis_tui.display import plural
from crisis_tui.store import open_db
from crisis_tui.tui import cells
from crisis_tui.tui.messages import AlertsFired, ArchiveChanged
from crisis_tui.tui.reading import on_reader_thread, read_in_background
from crisis_tui.tui.screens.main import MainScreen
from crisis_tui.views import PANES, SEVERITY_RANK, ArchiveReader, Filters

WATCH_SECONDS = 0.5  # how often the archive is checked for commits by any process
STATUS_EVERY = 20  # force a status refresh every this many checks (10 s), for clocks and heartbeats


def browser_available() -> bool:
    """Whether `webbrowser` would open a graphical browser (not a text one taking the terminal)."""
    if os.environ.get("SSH_CONNECTION") or os.environ.get("SSH_TTY"):
        return False
    if sys.platform == "darwin" or os.name == "nt":
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


class CrisisApp(App):
    """crisis-tui's dashboard."""

    CSS_PATH = "app.tcss"
    TITLE = "crisis-tui"
    BINDINGS = [
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("t", "toggle_theme", "Theme", show=False),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(self, settings, db_path: str | os.PathLike, *, poll: bool = True, offline: bool = False,
                 watch_seconds: float = WATCH_SECONDS):
        super().__init__()
        self.settings = settings
        self.db_path = Path(db_path)
        self.offline = offline
        self.poll_wanted = poll and not offline
        self.watch_seconds = watch_seconds
        self.reader: ArchiveReader | None = None
        self.watcher: ArchiveReader | None = None
        self.main: MainScreen | None = None
        self.poller = None  # the Poller, while this dashboard polls
        self.polling = "offline" if not self.poll_wanted else "starting"
        self._poll_loop: asyncio.AbstractEventLoop | None = None
        self._poll_stop: asyncio.Event | None = None
        self._stop_requested = threading.Event()
        self._poller_done = threading.Event()
        self._poller_done.set()
        self._watch_busy = False
        self._data_version: int | None = None
        self._checks = 0
        self._last_alert_id = 0
        self.who = f"{socket.gethostname()}:{os.getpid()}"
        if self.poll_wanted:
            # The poller's parser processes need multiprocessing's resource tracker, which is
            # started with sys.stderr's descriptor; inside the app stderr is captured (fileno -1)
            # and the start would fail ("bad value(s) in fds_to_keep"). Start it now, before.
            from multiprocessing import resource_tracker

            resource_tracker.ensure_running()
        self.last_export: Path | None = None

    # -- theme ----------------------------------------------------------------------------------

    def get_theme_variable_defaults(self) -> dict[str, str]:
        return dict(cells.THEME_DEFAULTS)

    @property
    def colours(self) -> dict[str, str]:
        return {k: self.theme_variables.get(k, v) for k, v in cells.THEME_DEFAULTS.items()}

    def action_toggle_theme(self) -> None:
        """Switch between the dark and the light theme."""
        self.theme = "textual-light" if self.current_theme.dark else "textual-dark"

    # -- start and stop ---------------------------------------------------------------------------

    def on_mount(self) -> None:
        open_db(self.db_path).conn.close()  # create or migrate once, before the readers
        self.reader = ArchiveReader(self.db_path, "reader")
        self.watcher = ArchiveReader(self.db_path, "watcher")
        theme = getattr(getattr(self.settings, "dashboard", None), "theme", None)
        if theme and theme in self.available_themes:
            self.theme = theme
        self.main = MainScreen()
        self.push_screen(self.main)
        # queued on the watcher's thread before its first check: alerts already in the archive
        # are announced once, not toasted one by one as new
        self._watch_busy = True
        self._alerts_so_far()
        self.set_interval(self.watch_seconds, self.check_archive)
        self.call_after_refresh(self.check_archive)
        if self.poll_wanted:
            self.decide_polling()

    @on_reader_thread(group="watch", reader="watcher")
    def _alerts_so_far(self) -> None:
        """Note the last alert already stored, and say how many are still open."""
        try:
            self._last_alert_id = self.watcher.max_alert_id()
            open_alerts = self.watcher.alerts(open_only=True, limit=1000)
        finally:
            self._watch_busy = False
        if open_alerts:
            crit = sum(1 for a in open_alerts if a["severity"] == "critical")
            extra = f" ({crit} critical)" if crit else ""
            self.notify(f"{plural(len(open_alerts), 'open alert')}{extra} waiting: press a to see them",
                        title="Alerts", severity="warning", markup=False, timeout=8)

    async def action_quit(self) -> None:
        await self.stop_polling()
        self.exit()

    def on_unmount(self) -> None:
        self._request_stop()
        for reader in (self.reader, self.watcher):
            if reader is not None:
                try:
                    reader.close()
                except Exception:
                    pass

    # -- polling ----------------------------------------------------------------------------------

    @on_reader_thread(group="decide", exclusive=True)
    def decide_polling(self) -> None:
        """Poll here unless another process already polls this archive (then only watch it)."""
        from crisis_tui.poller import active_pollers

        with self.reader.lock:
            others = active_pollers(self.reader.db, exclude=self.who)
        if others:
            self.call_from_thread(self._set_polling, "watching")
        else:
            self.call_from_thread(self.run_poller)

    def _set_polling(self, state: str) -> None:
        self.polling = state
        if self.main is not None:
            from crisis_tui.tui.widgets.status import StatusLine

            for status in self.main.query(StatusLine):  # none yet while the screen mounts
                status.set_polling(state)

    @work(thread=True, exclusive=True, group="poller", exit_on_error=False)
    def run_poller(self) -> None:
        """Run the poller's asyncio loop in this thread until `stop_polling`."""
        self._poller_done.clear()
        self._stop_requested.clear()
        self.call_from_thread(self._set_polling, "polling")
        from crisis_tui.poller import run_loop

        try:
            run_loop(self._poll_forever())
        finally:
            self.poller = None
            self._poller_done.set()

    async def _poll_forever(self) -> None:
        from crisis_tui.poller import Poller

        self._poll_loop = asyncio.get_running_loop()
        self._poll_stop = asyncio.Event()
        if self._stop_requested.is_set():
            return
        poller = Poller(self.db_path, self.settings, mode="dashboard")
        self.poller = poller
        try:
            await poller.start()
            await poller.run(self._poll_stop)
        finally:
            await poller.close()

    def _request_stop(self) -> None:
        self._stop_requested.set()
        loop, stop = self._poll_loop, self._poll_stop
        if loop is not None and stop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(stop.set)
            except RuntimeError:
                pass  # the loop just finished

    async def stop_polling(self, timeout: float = 15.0) -> None:
        """Ask the poller to stop and wait until its writes are committed."""
        self._request_stop()
        await asyncio.to_thread(self._poller_done.wait, timeout)

    # -- watching the archive -----------------------------------------------------------------------

    def check_archive(self) -> None:
        """Timer: look for commits by any process; a worker reads what is new."""
        if self._watch_busy or self.main is None or self.watcher is None:
            return
        try:
            snapshot = self.main.watch_snapshot()
        except NoMatches:  # the app is closing: the screen's panes are already gone
            return
        if snapshot is None:
            return
        self._checks += 1
        force = self._checks % STATUS_EVERY == 1
        self._watch_busy = True
        read_in_background(self, partial(self._watch, snapshot, force), group="watch", reader="watcher")

    def _watch(self, snapshot, force: bool) -> None:
        try:
            watcher = self.watcher
            version = watcher.data_version()
            if version == self._data_version and not force:
                return
            changed = version != self._data_version
            self._data_version = version
            filters, generation, max_ids, windows = snapshot
            message = ArchiveChanged(filters, generation)
            if changed:
                for kind in PANES:
                    message.new_rows[kind] = watcher.rows_after(kind, filters, max_ids[kind])
                    message.marks[kind] = watcher.marks_of(kind, windows[kind])
                alerts = watcher.alerts_after(self._last_alert_id)
                if alerts:
                    self._last_alert_id = alerts[-1]["id"]
                    self.post_message(AlertsFired(alerts))
            message.status = watcher.status()
            self.main.post_message(message)
            if self.polling == "watching" and self.poll_wanted and not message.status.pollers:
                # The process that polled is gone: take over.
                self.call_from_thread(self.decide_polling)
        finally:
            self._watch_busy = False

    def on_alerts_fired(self, message: AlertsFired) -> None:
        """Toast and bell for new alerts at or above the configured severity."""
        threshold = SEVERITY_RANK.get(self.settings.dashboard.notify_severity, 1)
        loud = [a for a in message.alerts if SEVERITY_RANK.get(a["severity"], 0) >= threshold]
        # most severe first; a small terminal has room for few toasts before they hide the panes
        loud.sort(key=lambda a: -SEVERITY_RANK.get(a["severity"], 0))
        room = 2 if self.size.height < 30 else 5
        for alert in loud[:room]:
            self.notify(f"{cells.clean(alert['summary'])} ({plural(alert['n_sources'] or 1, 'source')})",
                        title=f"{alert['severity'].upper()}: {cells.clean(alert['rule'])}",
                        severity="error" if alert["severity"] == "critical" else "warning",
                        markup=False, timeout=15)
        if len(loud) > room:
            self.notify(f"and {len(loud) - room} more alerts: press a", severity="warning", markup=False)
        if loud:
            self.bell()
        for screen in self.screen_stack:
            if hasattr(screen, "alerts_changed"):
                screen.alerts_changed()

    # -- shared actions ---------------------------------------------------------------------------

    def open_link(self, url: str | None) -> None:
        """Open an article's link in a browser when there is one; otherwise show it to copy."""
        link = cells.safe_link(url)
        if link is None:
            self.notify("this article has no web link", severity="warning", timeout=3)
            return
        if self.is_web:
            self.open_url(link)
            return
        if browser_available():
            threading.Thread(target=webbrowser.open, args=(link,), daemon=True).start()
            self.notify(link, title="Opening in the browser", markup=False, timeout=5)
            return
        self.copy_to_clipboard(link)  # OSC 52: works in many terminals, even over SSH
        self.notify(link, title="No browser here: the link (copied where the terminal allows)",
                    markup=False, timeout=20)

    def export_view(self, kind: str | None, filters: Filters, fmt: str = "csv") -> None:
        """Write the current view (filters applied) to a new file and say where."""
        self._export(kind, filters, fmt)

    @on_reader_thread(group="export")
    def _export(self, kind: str | None, filters: Filters, fmt: str) -> None:
        from crisis_tui.export import export_view

        label = next(iter(filters.labels)) if len(filters.labels) == 1 else None
        try:
            with self.reader.lock:
                path = export_view(self.reader.db, fmt, None, kind=None if kind in (None, "wire") else kind,
                                   label=label, source=filters.source, since=filters.since())
        except Exception as exc:  # a full disk or a bad filter: say so, keep the dashboard
            self.notify(f"export failed: {cells.clean(exc)}", severity="error", markup=False)
            return
        note = " (label filter: first label only)" if len(filters.labels) > 1 else ""
        self.notify(f"wrote {path}{note}", title="Exported", markup=False, timeout=10)
        self.last_export = path

    def action_help(self) -> None:
        """Show every key of this screen."""
        from crisis_tui.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            self.pop_screen()
            return
        self.push_screen(HelpScreen(self.screen.active_bindings))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette (ctrl+p) offers every action bound on the current screen."""
        yield from super().get_system_commands(screen)
        seen = set()
        for key, active in screen.active_bindings.items():
            binding = active.binding
            if not binding.description or binding.action in seen or active.node is self and binding.action == "quit":
                continue
            if binding.action.startswith(("cursor_", "scroll_", "page_", "select_cursor")):
                continue
            seen.add(binding.action)
            shown = binding.key_display or self.get_key_display(binding)
            yield SystemCommand(binding.description, f"key: {shown}",
                                partial(self.call_later, active.node.run_action, binding.action))

    def on_worker_state_changed(self, event) -> None:
        from textual.worker import WorkerState

        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.notify(f"{event.worker.group}: {type(error).__name__}: {cells.clean(error)}",
                        title="Background error", severity="error", markup=False, timeout=10)
            if event.worker.group == "poller":
                self._set_polling("watching")
