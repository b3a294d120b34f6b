"""crisis-tui dashboard: the Textual dashboard over the archive (the default command)."""

from __future__ import annotations

import argparse


def add_arguments(parser: argparse.ArgumentParser) -> None:
    # The top-level parser has --offline too; SUPPRESS keeps `crisis-tui --offline` working.
    parser.add_argument("--offline", action="store_true", default=argparse.SUPPRESS,
                        help="open the archive with no network at all (no polling)")
    parser.add_argument("--no-poll", action="store_true", default=False,
                        help="do not poll; watch the archive for what other processes store")


def run(args, ctx) -> int:
    from crisis_tui.store import open_db

    db = open_db(ctx.db_path)  # refuse a bad archive (StoreError) before the screen is taken
    empty = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 0
    db.conn.close()
    from crisis_tui.tui.app import CrisisApp

    offline = bool(getattr(args, "offline", False))
    if offline and empty:
        # only into an empty archive: offline review of an existing one changes nothing in it
        load_local_documents(ctx.db_path, ctx.settings)
    app = CrisisApp(ctx.settings, ctx.db_path, poll=not getattr(args, "no_poll", False), offline=offline)
    app.run()
    return int(app.return_code or 0)


def load_local_documents(db_path, settings) -> None:
    """Read the configured local documents and feed files (nothing from the network), so a first
    `crisis-tui --offline` on an empty archive shows the seeds rather than an empty screen."""
    from crisis_tui.poller import Poller, run_loop

    async def main():
        poller = Poller(db_path, settings, mode="offline")
        await poller.start()
        try:
            await poller.poll_local()
        finally:
            await poller.close()

    run_loop(main())
