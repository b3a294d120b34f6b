"""crisis-tui prune: not implemented yet."""

import sys


def add_arguments(parser):
    pass


def run(args, ctx) -> int:
    print("crisis-tui prune: not implemented yet", file=sys.stderr)
    return 1
