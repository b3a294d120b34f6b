"""Shared fixtures: a real feed server on 127.0.0.1, archives in tmp_path, configs written to disk."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from feedserver import SHARED, FeedServer  # noqa: E402

REPO = Path(__file__).resolve().parents[1]


def pytest_configure(config):
    # The feed files and labelled data live outside the repository: say so once, clearly,
    # instead of a FileNotFoundError from whichever test module is collected first.
    if not (SHARED / "feeds" / "real").is_dir():
        raise pytest.UsageError(
            f"the shared test material was not found at {SHARED}: clone crisis-tui next to "
            "../shared, or set CRISIS_TUI_SHARED=/path/to/shared")


@pytest.fixture(scope="session")
def shared() -> Path:
    if not SHARED.exists():
        pytest.fail(f"../shared is missing (looked for {SHARED})")
    return SHARED


@pytest.fixture
def feed_server():
    with FeedServer() as server:
        yield server


@pytest.fixture
def write_config(tmp_path):
    """Write a feeds.yaml into tmp_path from text and return its path."""

    def write(text: str, name: str = "feeds.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
