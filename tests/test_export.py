"""Exports: CSV and JSONL parsed back and checked field by field against the archive."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from crisis_tui.export import ARTICLE_FIELDS, EVENT_FIELDS, export_view, write_export
from crisis_tui.store import open_db
from offline_archive import FORMULA_TITLE, REPO, archive_copy


@pytest.fixture
def db_path(tmp_path_factory, tmp_path):
    return archive_copy(tmp_path_factory, tmp_path / "archive.db")


@pytest.fixture
def db(db_path):
    db = open_db(db_path)
    yield db
    db.conn.close()


def _articles_in_db(db, where="1=1", params=()):
    """The expected rows, read straight from the tables (not through the export code)."""
    out = {}
    for row in db.query(f"SELECT a.*, f.name AS feed_name FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id WHERE {where}",
                        list(params)):
        row["feeds"] = [r[0] for r in db.execute(
            "SELECT f.name FROM sightings s JOIN feeds f ON f.id = s.feed_id WHERE s.article_id = ?", [row["id"]])]
        row["labels_list"] = row["labels"].split()
        out[row["id"]] = row
    return out


def _csv_text(value) -> str:
    if value is None:
        return ""
    s = str(value)
    return "'" + s if s.startswith(("=", "+", "-", "@")) else s


def test_csv_articles_field_by_field(db):
    buf = io.StringIO()
    n = write_export(db, "csv", buf)
    rows = list(csv.DictReader(io.StringIO(buf.getvalue())))
    expected = _articles_in_db(db)
    assert n == len(rows) == len(expected)
    assert tuple(rows[0].keys()) == ARTICLE_FIELDS
    for row in rows:
        exp = expected[int(row["id"])]
        for name in ("title", "link", "canonical_url", "source", "author", "published", "summary", "content",
                     "language", "date_note", "updated", "first_seen", "feed_name", "note", "tagger_version"):
            assert row[name] == _csv_text(exp[name]), (name, row["id"])
        assert row["labels"] == "; ".join(exp["labels_list"])
        assert set(row["feeds"].split("; ")) == set(exp["feeds"])
        assert row["read"] == str(exp["read"]) and row["starred"] == str(exp["starred"])
        assert int(row["n_events"]) == db.execute("SELECT COUNT(*) FROM events WHERE article_id = ?", [exp["id"]]).fetchone()[0]
    # A title a spreadsheet would run as a formula is defused in CSV only.
    formula = next(r for r in rows if r["link"] == "https://wire-a.example/formula")
    assert formula["title"] == "'" + FORMULA_TITLE


def test_jsonl_events_field_by_field(db):
    buf = io.StringIO()
    write_export(db, "jsonl", buf, kind="events")
    rows = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert len(rows) == db.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    db_rows = {r["id"]: r for r in db.query("SELECT * FROM events_with_sources")}
    for row in rows:
        assert tuple(row.keys()) == EVENT_FIELDS
        exp = db_rows[row["id"]]
        for name in ("kind", "occurred", "mode", "status", "mediator", "attacker", "target", "weapon", "killed", "injured",
                     "casualties_text", "speaker", "role", "quote", "gist", "verb", "sentence", "span_start", "span_end",
                     "cluster_id", "n_sources", "article_id", "tagger_version", "created", "note"):
            assert row[name] == exp[name], (name, row["id"])
        for name in ("parties", "people", "places", "phrases"):
            assert row[name] == (json.loads(exp[name]) if exp[name] else []), (name, row["id"])
        assert row["article_title"] == exp["article_title"] and row["article_link"] == exp["article_link"]
        assert row["feed_name"] == exp["feed_name"] and row["starred"] is bool(exp["starred"])
    # The strike two wires reported: both sources and both links on each report.
    strikes = [r for r in rows if r["kind"] == "strike" and r["places"] == ["Natanz"] and r["attacker"] == "Israel"
               and r["tagger_version"] == "hand-1"]
    assert sorted(r["killed"] for r in strikes) == [10, 25]
    for r in strikes:
        assert r["sources"] == ["Wire A", "Wire B"] and r["n_sources"] == 2
        assert r["source_links"] == ["https://wire-a.example/natanz", "https://wire-b.example/natanz"]


def test_filters_and_starred(db):
    from crisis_tui.marks import toggle_star

    buf = io.StringIO()
    write_export(db, "jsonl", buf, kind="contact", since="2025-06-16", until="2025-06-16")
    rows = [json.loads(line) for line in buf.getvalue().splitlines()]
    assert [(r["parties"], r["mode"], r["status"], r["places"]) for r in rows] == [
        (["Iran", "United States"], "meeting", "planned", ["Oman"])]
    article = db.execute("SELECT id FROM articles WHERE link = 'https://wire-b.example/zephyrine'").fetchone()[0]
    toggle_star(db, "articles", article)
    buf = io.StringIO()
    write_export(db, "csv", buf, starred=True)
    assert [r["id"] for r in csv.DictReader(io.StringIO(buf.getvalue()))] == [str(article)]
    buf = io.StringIO()
    write_export(db, "jsonl", buf, query="zephyrine", label="diplomatic")
    assert [json.loads(line)["title"] for line in buf.getvalue().splitlines()] == ["Iran and US plan talks in Muscat"]


def test_export_view_writes_a_file(db, tmp_path, monkeypatch):
    path = export_view(db, "csv", tmp_path / "out" / "strikes.csv", kind="strike")
    with open(path, encoding="utf-8-sig", newline="") as fh:  # BOM for spreadsheets; csv reads it
        rows = list(csv.DictReader(fh))
    assert rows and all(r["kind"] == "strike" for r in rows)
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    # Without a path: a new, time-stamped file in a sensible folder (here: the current one).
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("crisis_tui.export.default_export_dir", lambda: tmp_path)
    first = export_view(db, "md")
    second = export_view(db, "md")
    assert first != second and first.parent == tmp_path and first.suffix == ".md"
    assert first.read_text(encoding="utf-8").startswith("# Situation report")


def test_pandas_reads_both_formats_if_installed(db, tmp_path):
    pd = pytest.importorskip("pandas")
    csv_path = export_view(db, "csv", tmp_path / "a.csv")
    jsonl_path = export_view(db, "jsonl", tmp_path / "a.jsonl", kind="events")
    frame = pd.read_csv(csv_path)
    assert list(frame.columns) == list(ARTICLE_FIELDS)
    assert len(frame) == db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    events = pd.read_json(jsonl_path, lines=True)
    assert len(events) == db.execute("SELECT COUNT(*) FROM events").fetchone()[0]


def test_cli_export(db_path, tmp_path):
    def cli(*args):
        return subprocess.run([sys.executable, "-m", "crisis_tui", "--db", str(db_path), "--config", str(REPO / "feeds.yaml"),
                               "export", *args], capture_output=True, text=True, timeout=60)

    result = cli("--format", "jsonl", "--kind", "strike", "--source", "wire-b")
    assert result.returncode == 0, result.stderr
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(r["attacker"], r["killed"], r["injured"]) for r in rows] == [("Israel", 25, 12)]
    out = tmp_path / "report.md"
    result = cli("--format", "md", "--since", "2025-06-14", "--until", "2025-06-16", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "## Strikes" in out.read_text(encoding="utf-8")
    bad = cli("--format", "csv", "--since", "last tuesday")
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1 and "Traceback" not in bad.stderr
