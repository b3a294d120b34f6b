"""The wheel carries what the installed program needs: bundled config, seeds, lexicons, CSS."""

import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_wheel_contains_package_data(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", str(REPO), "--no-deps", "--no-build-isolation",
                           "-q", "-w", str(tmp_path)], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    wheel = next(tmp_path.glob("crisis_tui-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {"crisis_tui/feeds.yaml", "crisis_tui/tui/app.tcss", "crisis_tui/tagger/data/cues.txt",
                "crisis_tui/tagger/data/actors.txt", "crisis_tui/tagger/data/places.txt",
                "crisis_tui/tagger/data/label_weights.json"}
    expected |= {f"crisis_tui/data/seeds/{p.name}" for p in (REPO / "seeds").iterdir()}
    assert expected <= names, expected - names
