"""Fixtures for the dashboard tests: a fixed archive copied per test, settings without feeds."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from dashboard_archive import archive_copy  # noqa: E402

from crisis_tui.config import bundled_config_path, load_settings  # noqa: E402


@pytest.fixture
def archive(tmp_path_factory, tmp_path) -> Path:
    """A copy of the fixed dashboard archive (seeds, two real feeds, hand-made reports)."""
    return archive_copy(tmp_path_factory, tmp_path / "archive.db")


@pytest.fixture
def settings():
    """The bundled settings (rules, gazetteer) with no feeds: nothing here may reach the network."""
    return dataclasses.replace(load_settings(bundled_config_path()), feeds=())
