"""Build a test archive once per session and hand out copies (each test writes its own copy)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Callable

_TEMPLATES: dict[str, Path] = {}


def cached_copy(build: Callable[[Path], Path], name: str, tmp_path_factory, dest: Path) -> Path:
    """A fresh copy at `dest` of the archive `build` makes, built the first time `name` is asked for."""
    if name not in _TEMPLATES:
        _TEMPLATES[name] = build(tmp_path_factory.mktemp(name) / "template.db")
    shutil.copyfile(_TEMPLATES[name], dest)
    return dest
