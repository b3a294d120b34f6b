"""crisis-tui dashboard: not implemented yet."""

import sys


def add_arguments(parser):
    pass


def run(args, ctx) -> int:
    print("crisis-tui dashboard: not implemented yet", file=sys.stderr)
    return 1
