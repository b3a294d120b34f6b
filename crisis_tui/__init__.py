"""crisis-tui: a terminal dashboard for following a crisis as it unfolds."""

__version__ = "0.1.0"
