"""The core never imports Textual (import-linter contract in pyproject.toml)."""

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_import_linter_contracts_hold():
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    proc = subprocess.run([exe, "--no-cache"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "The core never imports Textual KEPT" in proc.stdout


def test_help_lists_every_subcommand():
    proc = subprocess.run([sys.executable, "-m", "crisis_tui", "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0
    for name in ("poll", "import", "feeds", "tag", "eval", "retag", "watch", "status", "search", "export",
                 "prune", "serve"):
        assert name in proc.stdout
