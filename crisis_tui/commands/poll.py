"""crisis-tui poll [--once]: poll the configured feeds and documents into the archive."""

from __future__ import annotations

import asyncio
import signal
import sys

from crisis_tui.display import safe


def add_arguments(parser):
    parser.add_argument("--once", action="store_true", help="poll every feed once, print a summary and exit")
    parser.add_argument("--quiet", "-q", action="store_true", help="print only the summary")


def run(args, ctx) -> int:
    from crisis_tui.poller import Poller, run_loop
    return run_loop(_main(args, ctx, Poller))


async def _main(args, ctx, Poller) -> int:
    progress = _Progress(total=sum(1 for f in ctx.settings.feeds if f.enabled), quiet=args.quiet,
                         live=args.once and sys.stderr.isatty())
    poller = Poller(ctx.db_path, ctx.settings, mode="poll", on_feed=progress.feed_done)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await poller.start()
    try:
        if args.once:
            round_task = asyncio.create_task(poller.poll_once())
            stopper = asyncio.create_task(stop.wait())
            done, _ = await asyncio.wait({round_task, stopper}, return_when=asyncio.FIRST_COMPLETED)
            if round_task not in done:
                round_task.cancel()
                await asyncio.gather(round_task, return_exceptions=True)
                progress.close()
                print("interrupted: writes in flight were finished; the round is incomplete", file=sys.stderr)
                return 0
            stopper.cancel()
            summary = round_task.result()
            progress.close()
            print(summary.line())
            for name, message in summary.failures:
                print(f"  failed: {safe(name, 80)}: {safe(message, 300)}")
            return 0
        print(f"polling {progress.total} feeds into {ctx.db_path} (Ctrl-C to stop)", file=sys.stderr)
        await poller.run(stop)
        return 0
    finally:
        await poller.close()


class _Progress:
    """A progress bar on a terminal, plain lines otherwise."""

    def __init__(self, total: int, quiet: bool, live: bool):
        self.total, self.quiet, self.done = total, quiet, 0
        self.bar = None
        if live and not quiet:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(TextColumn("polling"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                                TextColumn("{task.description}"), transient=True, console=_stderr_console())
            self.task = self.bar.add_task("", total=total)
            self.bar.start()

    def feed_done(self, outcome) -> None:
        self.done += 1
        r = outcome.result
        if self.bar is not None:
            self.bar.update(self.task, advance=1, description=safe(outcome.name, 40))
        elif not self.quiet:
            detail = f"{len(r.new)} new, {len(r.updated)} updated" if outcome.status == "ok" else ""
            if outcome.message:
                detail = f"{detail}; {outcome.message}" if detail else outcome.message
            print(f"{outcome.status:<12} {safe(outcome.name, 60)}: {safe(detail, 300)}", flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)
