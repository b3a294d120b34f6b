"""Command-line entry point: parses arguments, loads the configuration once, dispatches.

Each subcommand lives in `crisis_tui/commands/<name>.py` with `add_arguments(parser)` and
`run(args, ctx) -> int`; this module only wires them together.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from crisis_tui import __version__

# (subcommand, module under crisis_tui.commands, one-line help)
COMMANDS: list[tuple[str, str, str]] = [
    ("dashboard", "dashboard", "open the dashboard (the default when no subcommand is given)"),
    ("poll", "poll", "poll the configured feeds and documents into the archive"),
    ("import", "import_", "import document files or folders into the archive once"),
    ("feeds", "feeds", "show every feed's health"),
    ("tag", "tag", "tag one text, or a JSONL file of texts"),
    ("eval", "eval", "score the tagger on a labelled JSONL file"),
    ("retag", "retag", "re-tag the whole archive with the current tagger"),
    ("watch", "watch", "print alerts as they land"),
    ("status", "status", "one short status line (for a tmux status bar)"),
    ("search", "search", "full-text search over the archive"),
    ("export", "export", "export articles or events as CSV, JSONL or a Markdown situation report"),
    ("prune", "prune", "remove old unstarred articles and reclaim space"),
    ("serve", "serve", "serve the dashboard in a browser (textual-serve, loopback by default)"),
]

EXIT_USAGE = 2


@dataclass
class Context:
    """What every subcommand gets: the parsed arguments, the settings and the database path."""

    args: argparse.Namespace

    @cached_property
    def settings(self):
        from crisis_tui.config import load_settings

        return load_settings(self.args.config)

    @cached_property
    def db_path(self) -> Path:
        from crisis_tui.config import resolve_db_path

        return resolve_db_path(self.args.db)


def _common(parser: argparse.ArgumentParser, default=None) -> None:
    # Subcommands take the same options with SUPPRESS defaults, so that
    # `crisis-tui --db X poll` and `crisis-tui poll --db X` mean the same.
    parser.add_argument("--config", metavar="PATH", default=default,
                        help="feeds.yaml to use (default: ./feeds.yaml, else the bundled one)")
    parser.add_argument("--db", metavar="PATH", default=default,
                        help="SQLite archive (default: $CRISIS_TUI_DB, else the user data directory)")


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The argument parser; with `only`, other subcommands' modules are not imported (start-up
    time matters for `crisis-tui status` in a tmux status bar)."""
    parser = argparse.ArgumentParser(
        prog="crisis-tui",
        description="A terminal dashboard for following a crisis: feeds, tagged events, alerts.",
    )
    parser.add_argument("--version", action="version", version=f"crisis-tui {__version__}")
    _common(parser)
    parser.add_argument("--offline", action="store_true", help="open the archive with no network at all")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, module, help_text in COMMANDS:
        p = sub.add_parser(name, help=help_text, description=help_text)
        _common(p, default=argparse.SUPPRESS)
        if only is None or only == name:
            mod = importlib.import_module(f"crisis_tui.commands.{module}")
            mod.add_arguments(p)
            p.set_defaults(_module=mod)
    return parser


def _command_in(argv: list[str]) -> str | None:
    """The subcommand named in argv (skipping --config/--db values), 'dashboard' when none."""
    names = {name for name, _m, _h in COMMANDS}
    skip = False
    for arg in argv:
        if skip:
            skip = False
        elif arg in ("--config", "--db"):
            skip = True
        elif arg in names:
            return arg
        elif not arg.startswith("-"):
            return None  # something argparse will complain about: build everything
    return "dashboard"


def main(argv: list[str] | None = None) -> int:

    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(only=_command_in(argv))
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args([*argv, "dashboard"])
    from crisis_tui.errors import ConfigError

    ctx = Context(args)
    if getattr(args._module, "READS_CONFIG", True):
        try:
            ctx.settings  # a bad config is refused before anything runs
        except ConfigError as exc:
            print(f"crisis-tui: {exc}", file=sys.stderr)
            return EXIT_USAGE
    from crisis_tui.errors import StoreError

    try:
        return int(args._module.run(args, ctx) or 0)
    except StoreError as exc:  # an archive we cannot use: one line, never a traceback
        from crisis_tui.display import safe

        print(f"crisis-tui: {safe(exc, 1000)}", file=sys.stderr)
        return 1
    except sqlite3.DatabaseError as exc:  # a read-only file, a full disk, a damaged archive: one line too
        from crisis_tui.display import safe

        print(f"crisis-tui: {safe(ctx.db_path, 500)}: cannot use the archive: {safe(exc, 500)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # `crisis-tui search ... | head`: stop quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
