"""crisis-tui serve: not implemented yet."""

import sys


def add_arguments(parser):
    pass


def run(args, ctx) -> int:
    print("crisis-tui serve: not implemented yet", file=sys.stderr)
    return 1
