"""Every field of feeds.yaml with a wrong type, value or key: a file:line message and exit 2.

YAML tags that would construct objects are refused wherever they appear (safe loading only), and
nested aliases (a YAML "billion laughs") are refused instead of expanding without end.
"""

from __future__ import annotations

import pytest

from hostile_text import assert_safe

from crisis_tui.cli import main

FEED = "  - {name: a, url: 'http://127.0.0.1/a'}"

# (YAML, line of the error, field named in the message)
CASES = [
    ("poll: 5\n", 1, "poll"),
    ("poll:\n  interval: 5 minutes\n", 2, "poll.interval"),
    ("poll:\n  interval: -5\n", 2, "poll.interval"),
    ("poll:\n  interval: 0s\n", 2, "poll.interval"),
    ("poll:\n  interval: true\n", 2, "poll.interval"),
    ("poll:\n  concurrency: 0\n", 2, "poll.concurrency"),
    ("poll:\n  concurrency: two\n", 2, "poll.concurrency"),
    ("poll:\n  concurrency: 1.5\n", 2, "poll.concurrency"),
    ("poll:\n  concurrency: true\n", 2, "poll.concurrency"),
    ("poll:\n  per_host: -1\n", 2, "poll.per_host"),
    ("poll:\n  timeout: []\n", 2, "poll.timeout"),
    ("poll:\n  deadline: {a: 1}\n", 2, "poll.deadline"),
    ("poll:\n  max_bytes: 10 parsecs\n", 2, "poll.max_bytes"),
    ("poll:\n  max_bytes: 0\n", 2, "poll.max_bytes"),
    ("poll:\n  user_agent: ''\n", 2, "poll.user_agent"),
    ("poll:\n  user_agent: [a]\n", 2, "poll.user_agent"),
    ("poll:\n  jitter: 2\n", 2, "poll.jitter"),
    ("poll:\n  jitter: lots\n", 2, "poll.jitter"),
    ("poll:\n  backoff_max: forever\n", 2, "poll.backoff_max"),
    ("poll:\n  max_redirects: -1\n", 2, "poll.max_redirects"),
    ("poll:\n  workers: many\n", 2, "poll.workers"),
    ("poll:\n  intervall: 5m\n", 2, "poll.intervall"),
    ("feeds: {a: 1}\n", 1, "feeds"),
    ("feeds: 3\n", 1, "feeds"),
    ("feeds:\n  - just-a-string\n", 2, "feeds[0]"),
    ("feeds:\n  - {url: 'http://x'}\n", 2, "feeds[0]"),
    ("feeds:\n  - {name: a}\n", 2, "feeds[0]"),
    ("feeds:\n  - {name: a, url: 'http://x', path: /tmp}\n", 2, "feeds[0]"),
    ("feeds:\n  - {name: a, url: 'ftp://x'}\n", 2, "feeds[0].url"),
    ("feeds:\n  - {name: a, url: 5}\n", 2, "feeds[0].url"),
    ("feeds:\n  - {name: a, path: [x]}\n", 2, "feeds[0].path"),
    ("feeds:\n  - {name: a, url: 'http://x', interval: '5 minutes'}\n", 2, "feeds[0].interval"),
    ("feeds:\n  - {name: a, url: 'http://x', interval: 0}\n", 2, "feeds[0].interval"),
    ("feeds:\n  - {name: a, url: 'http://x', enabled: yes please}\n", 2, "feeds[0].enabled"),
    ("feeds:\n  - {name: a, url: 'http://x', enabled: 1}\n", 2, "feeds[0].enabled"),
    ("feeds:\n  - {name: a, url: 'http://x', tags: {a: b}}\n", 2, "feeds[0].tags"),
    ("feeds:\n  - {name: a, url: 'http://x', tags: [1]}\n", 2, "feeds[0].tags[0]"),
    ("feeds:\n  - {name: a, url: 'http://x', tag: [x]}\n", 2, "feeds[0].tag"),
    ("feeds:\n  - {name: [a], url: 'http://x'}\n", 2, "feeds[0].name"),
    ("feeds:\n  - {name: '', url: 'http://x'}\n", 2, "feeds[0].name"),
    (f"feeds:\n{FEED}\n  - {{name: a, url: 'http://127.0.0.1/b'}}\n", 3, "feeds[1].name"),
    ("feeds:\n  - name: a\n    url: 'http://x'\n    name: b\n", 4, "feeds[0].name"),
    ("alerts: 3\n", 1, "alerts"),
    ("alerts:\n  - {name: r}\n", 2, "alerts[0]"),
    ("alerts:\n  - {severity: critical, kind: strike}\n", 2, "alerts[0]"),
    ("alerts:\n  - {name: r, kind: strike, severity: loud}\n", 2, "alerts[0].severity"),
    ("alerts:\n  - {name: r, kind: explosion}\n", 2, "alerts[0].kind"),
    ("alerts:\n  - {name: r, labels: [sports]}\n", 2, "alerts[0].labels[0]"),
    ("alerts:\n  - {name: r, kind: strike, min_sources: 0}\n", 2, "alerts[0].min_sources"),
    ("alerts:\n  - {name: r, kind: strike, cooldown: soon}\n", 2, "alerts[0].cooldown"),
    ("alerts:\n  - {name: r, kind: strike, statuses: [maybe]}\n", 2, "alerts[0].statuses[0]"),
    ("alerts:\n  - {name: r, kind: strike, direct: true}\n", 2, "alerts[0].direct"),
    ("alerts:\n  - {name: r, kind: contact, direct: 'no'}\n", 2, "alerts[0].direct"),
    ("alerts:\n  - {name: r, kind: contact, min_killed: 5}\n", 2, "alerts[0].min_killed"),
    ("alerts:\n  - {name: r, kind: strike, min_killed: 0}\n", 2, "alerts[0].min_killed"),
    ("alerts:\n  - {name: r, keywords: 5}\n", 2, "alerts[0].keywords"),
    ("alerts:\n  - {name: r, keywords: [[a]]}\n", 2, "alerts[0].keywords[0]"),
    ("alerts:\n  - {name: r, parties: {a: b}}\n", 2, "alerts[0].parties"),
    ("alerts:\n  - {name: r, kind: strike, keyword: x}\n", 2, "alerts[0].keyword"),
    ("alerts:\n  - {name: r, kind: strike}\n  - {name: r, kind: contact}\n", 3, "alerts[1].name"),
    ("actors: 5\n", 1, "actors"),
    ("actors:\n  Iran: 5\n", 2, "actors.Iran"),
    ("actors:\n  Iran: [[Tehran]]\n", 2, "actors.Iran[0]"),
    ("places:\n  - [Gaza]\n", 2, "places[0]"),
    ("dashboard:\n  notify_severity: loud\n", 2, "dashboard.notify_severity"),
    ("dashboard:\n  theme: 5\n", 2, "dashboard.theme"),
    ("dashboard:\n  colour: red\n", 2, "dashboard.colour"),
    ("dashboard: [a]\n", 1, "dashboard"),
    ("feed:\n" + FEED + "\n", 1, "feed"),
    ("- a\n- b\n", 1, ""),
    ("feeds:\n  - {name: a, url: 'http://x'\n", 3, ""),  # unbalanced flow mapping: not valid YAML
    ("feeds:\n\t- a\n", 2, ""),  # a tab for indentation
]


def _run(tmp_path, text: str, capsys) -> tuple[int, str]:
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(text, encoding="utf-8")
    code = main(["feeds", "--config", str(cfg), "--db", str(tmp_path / "archive.db")])
    err = capsys.readouterr().err
    return code, err


@pytest.mark.parametrize("text, line, field", CASES, ids=[f"{i:02d}" for i in range(len(CASES))])
def test_a_wrong_field_is_refused_with_file_line_and_field(text, line, field, tmp_path, capsys):
    code, err = _run(tmp_path, text, capsys)
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err  # one line, no traceback
    assert f"feeds.yaml:{line}: " in lines[0], lines[0]
    if field:
        assert f":{line}: {field}: " in lines[0], lines[0]
    assert not (tmp_path / "archive.db").exists()  # refused before anything ran


TAGS = [
    "!!python/object/apply:os.system ['touch {pwned}']",
    "!!python/object/new:os.system ['touch {pwned}']",
    "!!python/name:os.system",
    "!!python/object:builtins.object {{}}",
    "!!binary aGVsbG8=",
    "!!set {{a, b}}",
    "!custom thing",
]


@pytest.mark.parametrize("tag", TAGS)
@pytest.mark.parametrize("where", ["top", "feed-name", "poll-value", "key", "alert-list"])
def test_yaml_tags_are_refused_and_construct_nothing(tag, where, tmp_path, capsys):
    pwned = tmp_path / "pwned"
    value = tag.format(pwned=pwned)
    text = {
        "top": f"poll: {value}\nfeeds:\n{FEED}\n",
        "feed-name": f"feeds:\n  - name: {value}\n    url: 'http://127.0.0.1/a'\n",
        "poll-value": f"poll:\n  interval: {value}\nfeeds:\n{FEED}\n",
        "key": f"actors:\n  ? {value}\n  : [x]\nfeeds:\n{FEED}\n",
        "alert-list": f"alerts:\n  - name: r\n    keywords: [{value}]\n",
    }[where]
    code, err = _run(tmp_path, text, capsys)
    assert code == 2, err
    assert ("not allowed" in err or "not valid YAML" in err) and "feeds.yaml:" in err, err
    assert not pwned.exists()


def test_nested_aliases_are_refused_quickly(tmp_path, capsys):
    levels = ['["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    levels += ["[" + ", ".join([f"*l{i}"] * 9) + "]" for i in range(9)]
    text = "places:\n" + "".join(f"  P{i}: &l{i} {v}\n" for i, v in enumerate(levels))
    text += "feeds:\n  - {name: *l9, url: 'http://127.0.0.1/a'}\n"
    code, err = _run(tmp_path, text, capsys)  # 9**10 values if expanded
    assert code == 2 and "feeds.yaml:" in err


def test_escape_sequences_in_a_config_never_reach_the_terminal(tmp_path, capsys):
    code, err = _run(tmp_path, 'feeds:\n  - {name: "\\e]52;c;QUFB\\a", url: "http://\\e[2J/", interval: "\\x9b5m"}\n', capsys)
    assert code == 2 and "feeds.yaml:2" in err
    assert_safe(err, "config error")


def test_a_valid_config_still_loads(tmp_path, capsys):
    code, err = _run(tmp_path, f"poll:\n  interval: 5m\nfeeds:\n{FEED}\n", capsys)
    assert code == 0, err
