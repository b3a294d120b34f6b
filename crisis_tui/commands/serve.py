"""crisis-tui serve: the dashboard in a browser through textual-serve, bound to loopback by default."""

from __future__ import annotations

import shlex
import sys

from crisis_tui.display import safe

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def add_arguments(parser):
    parser.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default 127.0.0.1; anything else exposes the archive to the network)")
    parser.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    parser.add_argument("--live", action="store_true",
                        help="let each browser session poll the feeds too (default: review the archive offline)")


def dashboard_command(ctx, live: bool = False) -> str:
    """The command line textual-serve runs for each browser session: this archive and this config."""
    parts = [sys.executable, "-m", "crisis_tui", "--db", str(ctx.db_path), "--config", str(ctx.settings.path)]
    if not live:
        parts.append("--offline")
    return shlex.join(parts)


def run(args, ctx) -> int:
    from textual_serve.server import Server

    if args.host not in LOOPBACK:
        print(f"crisis-tui serve: warning: listening on {safe(args.host, 100)}; anyone who can reach it can read "
              "the archive and use the dashboard", file=sys.stderr)
    command = dashboard_command(ctx, live=args.live)
    print(f"serving the dashboard on http://{safe(args.host, 100)}:{args.port}/ (Ctrl-C to stop)", file=sys.stderr)
    try:
        Server(command, host=args.host, port=args.port, title="crisis-tui").serve()
    except OSError as exc:
        print(f"crisis-tui serve: cannot listen on {safe(args.host, 100)}:{args.port}: {safe(exc.strerror or exc)}",
              file=sys.stderr)
        return 1
    return 0
