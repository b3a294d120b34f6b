"""Terminal and markup injection through every command-line output path.

Hostile feeds (escape sequences, C0/C1 controls, bidi overrides, zero-width characters, Rich
markup, a 10,000-character title) are served by a real HTTP server on 127.0.0.1 and polled by the
real `crisis-tui poll`; then `feeds`, `search`, `watch`, `export` and `status` run as processes
and their raw stdout/stderr bytes are checked. A second archive has the hostile text written
straight into its rows (as an older version or another tool could have left it), so each output
path is proven safe on its own, not only because the poller cleaned the text first.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys

import pytest

from feedserver import FeedServer
from hostile_text import ALL, assert_safe, hostile_atom, hostile_raw, hostile_rss

# Machine formats (JSON, CSV) must never carry raw C0 controls, ESC above all.
C0_RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
# Markup must come out literally: the brackets survive, nothing is styled or linked.
LITERAL_MARKUP = "[bold red]LOUD[/bold red]"


class HostileServer(FeedServer):
    """The test feed server plus hostile answers in HTTP headers (reason phrases, redirects, encodings)."""

    def route(self, h) -> None:
        path = h.path.split("?", 1)[0]
        if path == "/hostile/rss":
            return self.send_body(h, hostile_rss())
        if path == "/hostile/raw":
            return self.send_body(h, hostile_raw())
        if path == "/hostile/atom":
            return self.send_body(h, hostile_atom(), content_type="application/atom+xml")
        if path == "/hostile/reason":
            h.send_response(503, "\x1b]52;c;QUFB\x07\x1b[2JBoom [bold]x[/bold]")
            h.send_header("Content-Length", "0")
            h.end_headers()
            return None
        if path.startswith("/hostile/loop"):
            return self.simple(h, 302, b"", {"Location": "/hostile/loop\x1b[31m\x1b]8;;http://evil/\x07"})
        if path == "/hostile/encoding":
            return self.simple(h, 200, b"<rss/>", {"Content-Encoding": "\x1b[31mbr\x1b]52;c;QUFB\x07"})
        return super().route(h)


FEEDS = {
    "hostile-rss": "/hostile/rss",
    "hostile-raw": "/hostile/raw",
    "hostile-atom": "/hostile/atom",
    "hostile-reason": "/hostile/reason",
    "hostile-loop": "/hostile/loop",
    "hostile-encoding": "/hostile/encoding",
}


def _config(server, path) -> None:
    lines = ["poll: {workers: 1, concurrency: 4}", "feeds:"]
    lines += [f"  - {{name: {name}, url: '{server.url(route)}'}}" for name, route in FEEDS.items()]
    lines += ["alerts:", "  - {name: hostile-article, kind: article, keywords: [hostile], severity: critical, cooldown: 0s}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run_cli(*args, env=None, check_safe=True, machine: bool | None = None) -> subprocess.CompletedProcess:
    """Run crisis-tui as a process; its raw output bytes are decoded strictly as UTF-8.

    `machine` (not None): CSV/JSON for programs, whose lines may end in CRLF (the CSV RFC); when
    true, only ESC and the other C0 controls are checked (a raw archive: JSON and CSV carry what
    the archive holds, and JSON escapes C0 itself).
    """
    proc = subprocess.run([sys.executable, "-m", "crisis_tui", *args], capture_output=True, timeout=120,
                          env={**os.environ, "NO_COLOR": "1", "COLUMNS": "200", **(env or {})})
    out = proc.stdout.decode("utf-8")
    err = proc.stderr.decode("utf-8")
    if check_safe:
        out = out.replace("\r\n", "\n") if machine is not None else out
        if machine:
            assert not C0_RAW.findall(out), f"stdout of {args[:3]}: {sorted(set(C0_RAW.findall(out)))}"
        else:
            assert_safe(out, f"stdout of {args[:3]}")
        assert_safe(err, f"stderr of {args[:3]}")
    proc.out, proc.err = out, err
    return proc


@pytest.fixture(scope="module")
def polled(tmp_path_factory):
    """(config, archive) after one real poll of the hostile feeds."""
    tmp = tmp_path_factory.mktemp("hostile")
    cfg, db = tmp / "feeds.yaml", tmp / "hostile.db"
    with HostileServer() as server:
        _config(server, cfg)
        proc = run_cli("poll", "--once", "--config", str(cfg), "--db", str(db))
    assert proc.returncode == 0, proc.err
    return cfg, db


@pytest.fixture(scope="module")
def raw_archive(polled, tmp_path_factory):
    """A copy of the archive with hostile text written straight into its rows, bypassing the boundary."""
    cfg, db = polled
    raw = tmp_path_factory.mktemp("raw") / "raw.db"
    src = sqlite3.connect(db)
    dst = sqlite3.connect(raw)
    src.backup(dst)
    src.close()
    hostile = "hostile raw row " + ALL
    dst.execute("UPDATE articles SET title = ?, summary = ?, content = ?, author = ?, source = ?, "
                "link = 'http://127.0.0.1/x' || char(27) || '[31m'", [hostile, hostile, hostile, hostile, hostile])
    dst.execute("UPDATE feeds SET title = ?, last_error = ?, last_warning = ?, status = 'error'",
                [hostile, hostile, hostile])
    dst.execute("UPDATE alerts SET summary = ?, latest_source = ?, first_source = ?", [hostile, hostile, hostile])
    dst.execute("UPDATE events SET sentence = ?, speaker = ?, quote = ?", [hostile, hostile, hostile])
    dst.commit()
    dst.close()
    return cfg, raw


def test_poll_stores_hostile_feeds_clean_and_reports_hostile_headers_safely(polled):
    cfg, db = polled
    conn = sqlite3.connect(db)
    rows = conn.execute("SELECT title, summary, content, author, link, source FROM articles").fetchall()
    titles = [r[0] for r in rows]
    assert any(t.startswith("hostile") and LITERAL_MARKUP in t for t in titles)  # markup kept as text
    assert any(t.startswith("hostile raw") for t in titles)  # the broken-XML feed was recovered, not lost
    assert any(t.startswith("hostile atom") for t in titles)
    assert any(t.startswith("Hostile AAAA") and len(t) <= 1000 for t in titles)  # 10,000 characters capped
    for row in rows:
        for value in row:
            assert_safe(value or "", "stored article")
    for (title, err) in conn.execute("SELECT title, last_error FROM feeds"):
        assert_safe(title or "", "feed title")
        assert_safe(err or "", "feed error")
    errors = dict(conn.execute("SELECT name, last_error FROM feeds WHERE status = 'error'").fetchall())
    assert set(errors) == {"hostile-reason", "hostile-loop", "hostile-encoding"}, errors
    assert "503" in errors["hostile-reason"] and "location" in errors["hostile-loop"].lower()
    assert conn.execute("SELECT link FROM articles WHERE title = 'hostile link'").fetchone()[0] is None  # javascript:
    assert conn.execute("SELECT COUNT(*) FROM alerts").fetchone()[0] >= 4
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


@pytest.mark.parametrize("which", ["polled", "raw_archive"])
def test_feeds_output_is_safe(which, request):
    cfg, db = request.getfixturevalue(which)
    raw = which == "raw_archive"
    for extra in ([], ["--json"], ["--all"]):
        proc = run_cli("feeds", *extra, "--config", str(cfg), "--db", str(db), machine=raw if extra else None)
        assert proc.returncode == 0, proc.err
        assert "hostile-reason" in proc.out


@pytest.mark.parametrize("which", ["polled", "raw_archive"])
def test_search_output_is_safe_and_markup_literal(which, request):
    cfg, db = request.getfixturevalue(which)
    raw = which == "raw_archive"
    for extra in ([], ["--json"], ["--jsonl"], ["--sort", "time"], ["--kind", "statement"]):
        machine = raw if "json" in str(extra) else None
        proc = run_cli("search", "hostile", *extra, "--config", str(cfg), "--db", str(db), machine=machine)
        assert proc.returncode == 0, proc.err
        if not extra and not raw:
            assert LITERAL_MARKUP in proc.out
    # a hostile query is refused or answered, safely either way
    for query in ('"\x1b]52;c;QUFB\x07', "\x1b[31m AND", "(" + "\u202e" * 3, "[@click=app.quit]", "\x9b2J OR"):
        proc = run_cli("search", query, "--config", str(cfg), "--db", str(db))
        assert proc.returncode in (0, 2), proc.err


@pytest.mark.parametrize("which", ["polled", "raw_archive"])
def test_watch_output_is_safe(which, request):
    cfg, db = request.getfixturevalue(which)
    for extra in ([], ["--jsonl"], ["--since", "100000d"]):
        proc = run_cli("watch", "--once", *extra, "--config", str(cfg), "--db", str(db))
        assert proc.returncode == 0, proc.err
        assert proc.out.count("hostile-article") >= 4
    assert LITERAL_MARKUP in run_cli("watch", "--once", "--config", str(cfg), "--db", str(db)).out


@pytest.mark.parametrize("which", ["polled", "raw_archive"])
def test_export_and_status_output_is_safe(which, request):
    cfg, db = request.getfixturevalue(which)
    raw = which == "raw_archive"
    for fmt in ("md", "csv", "jsonl"):
        for kind in ([], ["--kind", "events"]):
            # CSV and JSONL copy the archive exactly, by design (tests/test_export.py): their
            # safety rests on the boundary, so only the polled archive is checked strictly.
            proc = run_cli("export", "--format", fmt, *kind, "--config", str(cfg), "--db", str(db),
                           machine=None if fmt == "md" else raw, check_safe=fmt == "md" or not raw)
            assert proc.returncode == 0, proc.err
    md = run_cli("export", "--format", "md", "--config", str(cfg), "--db", str(db)).out
    assert "hostile" in md
    for fmt in ("text", "tmux", "json"):
        proc = run_cli("status", "--format", fmt, "--config", str(cfg), "--db", str(db),
                       machine=raw if fmt == "json" else None)
        assert proc.returncode == 0, proc.err


def test_error_messages_are_safe(polled, tmp_path):
    cfg, db = polled
    bad = "\x1b]52;c;QUFB\x07\x1b[2J\u202e\u009b31m"
    # a path that does not exist, named with escape sequences
    proc = run_cli("import", str(tmp_path / f"missing{bad}.txt"), "--config", str(cfg), "--db", str(db))
    assert proc.returncode != 0 and "no such file" in proc.err
    # a configuration with an unknown key made of escape sequences (double-quoted YAML escapes)
    hostile_cfg = tmp_path / "hostile.yaml"
    hostile_cfg.write_text('feeds: []\n"\\e[31mpoll\\e]52;c;QUFB\\a": 1\n', encoding="utf-8")
    proc = run_cli("feeds", "--config", str(hostile_cfg), "--db", str(db))
    assert proc.returncode == 2 and "hostile.yaml:2" in proc.err
    hostile_cfg.write_text('feeds:\n  - {name: x, url: "http://h/\\e[2J", interval: "\\e]52;c;QUFB\\a"}\n', encoding="utf-8")
    proc = run_cli("feeds", "--config", str(hostile_cfg), "--db", str(db))
    assert proc.returncode == 2 and "hostile.yaml:2" in proc.err
    # an archive path with escape sequences that is not an archive
    not_db = tmp_path / f"not-a-db{bad}.db"
    not_db.write_bytes(b"this is not SQLite " * 100)
    for command in (["feeds"], ["search", "x"], ["watch", "--once"], ["export", "--format", "md"], ["status"]):
        proc = run_cli(*command, "--config", str(cfg), "--db", str(not_db))
        assert proc.returncode != 0
        assert "Traceback" not in proc.err
    # a bad duration
    proc = run_cli("watch", "--since", bad, "--config", str(cfg), "--db", str(db))
    assert proc.returncode == 2


def test_tag_command_output_is_safe(polled, tmp_path):
    cfg, _db = polled
    texts = tmp_path / "texts.jsonl"
    import json

    texts.write_text(json.dumps({"id": ALL, "text": ALL + " Iran and Israel held talks in Geneva."}) + "\n")
    proc = run_cli("tag", "--jsonl", str(texts), "--config", str(cfg), check_safe=False)
    # JSON keeps control characters escaped (\u001b), never raw
    assert "\x1b" not in proc.out and "\x07" not in proc.out

