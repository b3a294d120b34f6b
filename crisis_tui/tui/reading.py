"""Background reads for the dashboard: workers whose work runs on an archive reader's own thread.

Like `@work(thread=True)`, but instead of a thread from asyncio's pool (up to 32, one malloc arena
each) the work runs on the one long-lived thread of `app.reader` (or `app.watcher`), so the
dashboard has a fixed number of threads however long it runs. The UI thread still never queries:
it only awaits the result, and a cancelled worker (exclusive groups) skips work not yet started.
"""

from __future__ import annotations

from functools import partial, wraps

from textual.dom import DOMNode
from textual.worker import Worker


def read_in_background(node: DOMNode, fn, *, group: str, exclusive: bool = False, reader: str = "reader") -> Worker:
    """Start a worker of `node` that runs `fn()` on the thread of `node.app.<reader>`."""
    archive = getattr(node.app, reader)
    # the read's coroutine is made when the worker starts: a worker cancelled before it starts
    # (an exclusive group, the app closing) leaves no coroutine that was never awaited
    return node.run_worker(partial(archive.run, fn), name=getattr(fn, "__name__", group), group=group,
                           exclusive=exclusive, exit_on_error=False)


def on_reader_thread(*, group: str, exclusive: bool = False, reader: str = "reader"):
    """Decorate a widget or screen method so that calling it runs it as such a worker."""

    def decorate(method):
        @wraps(method)
        def start(self, *args, **kw) -> Worker:
            return read_in_background(self, partial(method, self, *args, **kw), group=group,
                                      exclusive=exclusive, reader=reader)

        return start

    return decorate
