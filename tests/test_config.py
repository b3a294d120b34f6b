"""feeds.yaml: every mistake is refused before anything runs, naming file, line and field."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from crisis_tui.config import ConfigError, load_settings, parse_duration, parse_size

REPO = Path(__file__).resolve().parents[1]

GOOD = """\
poll:
  interval: 5m
  concurrency: 4
feeds:
  - name: One
    url: http://127.0.0.1:1/feed.xml
  - name: Docs
    path: docs
"""


def test_bundled_and_top_level_configs_load_and_agree():
    top = load_settings(REPO / "feeds.yaml")
    bundled = load_settings(REPO / "crisis_tui" / "feeds.yaml")
    assert 18 <= len([f for f in top.feeds if f.url]) <= 30
    assert [f.name for f in top.feeds] == [f.name for f in bundled.feeds]
    seeds_top = top.feed("Seed documents").path
    seeds_bundled = bundled.feed("Seed documents").path
    assert seeds_top == REPO / "seeds" and seeds_bundled == REPO / "crisis_tui" / "data" / "seeds"
    for f in seeds_top.iterdir():
        assert (seeds_bundled / f.name).read_bytes() == f.read_bytes()
    a = (REPO / "feeds.yaml").read_text().splitlines()
    b = (REPO / "crisis_tui" / "feeds.yaml").read_text().splitlines()
    assert [x for x, y in zip(a, b) if x != y] == ["  - {name: Seed documents, path: seeds, interval: 5m, tags: [documents]}"]


def test_good_config(write_config):
    s = load_settings(write_config(GOOD))
    assert s.poll.interval == 300 and s.poll.concurrency == 4
    assert s.feeds[0].url.endswith("feed.xml") and s.feeds[0].interval is None
    assert s.feeds[1].path == write_config(GOOD).parent / "docs"


@pytest.mark.parametrize(
    "text, expected",
    [
        (GOOD.replace("interval: 5m", "interval: '5 minutes'"),
         "feeds.yaml:2: poll.interval: '5 minutes' is not a duration like 90s, 5m, 1h"),
        (GOOD + "  - name: Three\n    url: http://127.0.0.1:1/x\n    interval: 5 minutes\n",
         "feeds.yaml:11: feeds[2].interval: '5 minutes' is not a duration like 90s, 5m, 1h"),
        (GOOD.replace("concurrency: 4", "concurrancy: 4"),
         "feeds.yaml:3: poll.concurrancy: unknown key (did you mean 'concurrency'?)"),
        (GOOD.replace("    url: http://127.0.0.1:1/feed.xml", "    url: ftp://x/feed"),
         "feeds.yaml:6: feeds[0].url: 'ftp://x/feed' is not an http:// or https:// URL"),
        (GOOD + "  - name: One\n    url: http://127.0.0.1:1/y\n", "feeds.yaml:9: feeds[2].name: 'One' is already"),
        (GOOD + "  - name: Both\n    url: http://a/\n    path: x\n", "feeds.yaml:9: feeds[2]: a feed needs exactly one of url or path"),
        (GOOD + "  - name: E\n    url: http://a/\n    enabled: sometimes\n", "feeds.yaml:11: feeds[2].enabled: 'sometimes' is not true or false"),
        (GOOD + "  - name: T\n    url: http://a/\n    tags: [1, 2]\n", "feeds.yaml:11: feeds[2].tags[0]: 1 is not a non-empty string"),
        (GOOD.replace("concurrency: 4", "concurrency: 0"), "feeds.yaml:3: poll.concurrency: 0 is not a whole number >= 1"),
        (GOOD + "colour: red\n", "feeds.yaml:9: colour: unknown key"),
        ("feeds: [\n", "feeds.yaml:2: not valid YAML"),
        ("feeds:\n  - !!python/object/apply:os.system ['echo pwned']\n", "feeds.yaml:2: feeds[0]: the YAML tag"),
        ("alerts:\n  - name: x\n    severity: urgent\n    kind: strike\n",
         "feeds.yaml:3: alerts[0].severity: 'urgent' is not one of: info, warning, critical"),
        ("alerts:\n  - name: x\n    kind: battle\n", "feeds.yaml:3: alerts[0].kind: 'battle' is not one of"),
        ("alerts:\n  - name: x\n    severity: info\n", "feeds.yaml:2: alerts[0]: a rule needs at least one condition"),
        ("poll:\n  max_bytes: lots\n", "feeds.yaml:2: poll.max_bytes: 'lots' is not a size like 500KB, 10MB"),
    ],
)
def test_bad_config_names_file_line_and_field(write_config, monkeypatch, text, expected):
    path = write_config(text)
    monkeypatch.chdir(path.parent)
    with pytest.raises(ConfigError) as err:
        load_settings("feeds.yaml")
    assert str(err.value).startswith(expected), str(err.value)


def test_cli_refuses_bad_config_with_exit_2_before_anything_runs(write_config, tmp_path):
    path = write_config(GOOD.replace("interval: 5m", "interval: '5 minutes'"))
    db = tmp_path / "never.db"
    proc = subprocess.run([sys.executable, "-m", "crisis_tui", "poll", "--once", "--config", str(path), "--db", str(db)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert "feeds.yaml:2: poll.interval: '5 minutes' is not a duration like 90s, 5m, 1h" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not db.exists()


def test_config_resolution_order(tmp_path, monkeypatch, write_config):
    from crisis_tui.config import bundled_config_path, resolve_config_path, resolve_db_path

    monkeypatch.chdir(tmp_path)
    assert resolve_config_path(None) == bundled_config_path()
    write_config(GOOD)
    assert resolve_config_path(None) == tmp_path / "feeds.yaml"
    assert resolve_config_path("other.yaml") == Path("other.yaml")
    monkeypatch.setenv("CRISIS_TUI_DB", str(tmp_path / "env.db"))
    assert resolve_db_path(None) == tmp_path / "env.db"
    assert resolve_db_path("x.db") == Path("x.db")
    monkeypatch.delenv("CRISIS_TUI_DB")
    assert resolve_db_path(None).name == "crisis.db"


def test_durations_and_sizes():
    assert parse_duration("90s") == 90 and parse_duration("5m") == 300 and parse_duration("1h") == 3600
    assert parse_duration("2d") == 172800 and parse_duration(30) == 30
    assert parse_size("10MB") == 10_000_000 and parse_size("1KiB") == 1024 and parse_size(5) == 5
    for bad in ("5 minutes", "", "-1s", "1y", True):
        with pytest.raises(ValueError):
            parse_duration(bad)
    for bad in ("lots", "0", -3, "1TB"):
        with pytest.raises(ValueError):
            parse_size(bad)
