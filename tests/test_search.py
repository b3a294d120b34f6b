"""Search: the query language (including malformed queries, via the real CLI too), filters, ranking."""

from __future__ import annotations

import subprocess
import sys

import pytest

from crisis_tui.search import QueryError, parse_since, search, to_fts_query
from crisis_tui.store import open_db
from offline_archive import REPO, archive_copy


@pytest.fixture
def db_path(tmp_path_factory, tmp_path):
    return archive_copy(tmp_path_factory, tmp_path / "archive.db")


@pytest.fixture
def db(db_path):
    db = open_db(db_path)
    yield db
    db.conn.close()


@pytest.mark.parametrize("query, fts", [
    ("iran talks", '"iran" AND "talks"'),
    ('"air strike" OR drone*', '"air strike" OR "drone"*'),
    ("a AND (b OR c) NOT d", '"a" AND ( "b" OR "c" ) NOT "d"'),
    ("U.S.-Iran: talks (Reuters)", '"U.S.-Iran:" AND "talks" AND ( "Reuters" )'),
    ("don't - stop", '"don\'t" AND "stop"'),
    ("and or not", '"and" AND "or" AND "not"'),  # lower-case operators are words
    ('"phrase"* x', '"phrase"* AND "x"'),
])
def test_query_language(query, fts):
    assert to_fts_query(query) == fts


@pytest.mark.parametrize("query, words", [
    ('"unclosed phrase', "unbalanced quotes"),
    ("NOT iran", "NOT at the start"),
    ("iran OR", "OR at the end"),
    ("iran AND OR talks", "two operators in a row"),
    ("(iran", "unbalanced parentheses"),
    ("iran)", "unbalanced parentheses"),
    ("()", "empty parentheses"),
    ("", "empty query"),
    ("   ", "empty query"),
    (" - : ; ", "no words"),
    ("*", "prefix"),
    ('""', "empty phrase"),
    ("iran (OR talks)", "OR after '('"),
])
def test_malformed_queries_raise_one_line(query, words):
    with pytest.raises(QueryError) as info:
        to_fts_query(query)
    message = str(info.value)
    assert words in message
    assert "\n" not in message


def test_every_accepted_query_runs(db):
    for q in ["iran", "U.S.-Iran: talks (Reuters)", "Iran's FM: 'constructive' — Reuters", 'nat* OR "air strike"',
              "strike NOT israel", "(ceasefire OR truce) AND gaza", "AND-OR", "c++ 100% #hashtag @user"]:
        search(db, q)  # must not raise


def test_phrase_prefix_and_not(db):
    titles = {r["title"] for r in search(db, '"air strike" natanz')}
    assert "Israeli air strike hits Natanz enrichment site" in titles
    assert {r["title"] for r in search(db, "zephyr*")} >= {"Zephyrine talks resume", "Iran and US plan talks in Muscat"}
    without = {r["title"] for r in search(db, "natanz NOT iranian")}
    assert "Strike on Natanz kills 25, Iranian officials say" not in without
    assert "Israeli air strike hits Natanz enrichment site" in without
    either = {r["title"] for r in search(db, "muscat OR zephyrine")}
    assert {"Iran and US plan talks in Muscat", "Zephyrine talks resume"} <= either


def test_a_persons_name_finds_its_other_spellings(db):
    # the first seed spells him Araqchi, the other seed Araghchi
    seed_titles = {r["title"] for r in search(db, "Araqchi")}
    assert seed_titles and seed_titles == {r["title"] for r in search(db, "Araghchi")}
    exact = {r["title"] for r in search(db, '"Araghchi"')}
    assert exact and exact < seed_titles  # a quoted name is that spelling only
    assert to_fts_query("Araghchi talks") == '("Araghchi" OR "Araqchi") AND "talks"'
    assert to_fts_query("Araghchi*") == '"Araghchi"*'  # a prefix is the user's own


def test_words_match_their_other_forms(db):
    # the index and the query are stemmed alike: the archive says "air strike", "killed", "hits"
    assert "Israeli air strike hits Natanz enrichment site" in {r["title"] for r in search(db, "strikes natanz")}
    assert "Israeli air strike hits Natanz enrichment site" in {r["title"] for r in search(db, '"air strikes" hitting')}
    assert "Israeli air strike hits Natanz enrichment site" in {r["title"] for r in search(db, "kills")}
    assert search(db, "striking natanz") and not search(db, "strikeout")


def test_title_match_ranks_first_with_snippet(db):
    rows = search(db, "zephyrine")
    assert rows[0]["title"] == "Zephyrine talks resume"  # title weight beats two body mentions
    assert len(rows) == 3
    hit = next(r for r in rows if r["title"] == "Iran and US plan talks in Muscat")
    assert "«zephyrine»" in hit["snippet"]
    assert [r["score"] for r in rows] == sorted(r["score"] for r in rows)


def test_sort_by_time_and_limit(db):
    rows = search(db, "iran", sort="time", limit=20)
    assert len(rows) == 20
    published = [r["published"] for r in rows]
    assert published == sorted(published, reverse=True)


def test_filters(db):
    rows = search(db, "natanz", label="humanitarian", source="wire")
    assert [r["title"] for r in rows] == ["Strike on Natanz kills 25, Iranian officials say"]
    rows = search(db, "natanz", source="wire-b")
    assert all(r["source"] == "Wire B" for r in rows) and rows
    rows = search(db, "natanz OR muscat", since="2025-06-14T10:00:00", until="2025-06-16")
    assert {r["title"] for r in rows} == {"Strike on Natanz kills 25, Iranian officials say",
                                         "Iran and US plan talks in Muscat"} | {
        r["title"] for r in rows if r["source"] is None}  # the seeds (no outlet) mention Natanz too
    for r in rows:
        assert "2025-06-14T10:00:00Z" <= r["published"] <= "2025-06-16T23:59:59Z"
    with pytest.raises(QueryError):
        search(db, "iran", label="sports")


def test_kind_returns_events_of_matching_articles(db):
    rows = search(db, "natanz", kind="strike", source="wire")
    assert {(r["attacker"], r["target"], r["killed"]) for r in rows} == {("Israel", "Iran", 10), ("Israel", "Iran", 25)}
    assert all(r["kind"] == "strike" and r["places"] == ["Natanz"] and r["n_sources"] == 2 for r in rows)
    contacts = search(db, "muscat", kind="contact")
    assert contacts[0]["parties"] == ["Iran", "United States"] and contacts[0]["status"] == "planned"


def test_parse_since():
    assert parse_since("2025-06-13") == "2025-06-13T00:00:00Z"
    assert parse_since("2025-06-13T08:30:00+02:00") == "2025-06-13T06:30:00Z"
    from datetime import datetime, timezone

    now = datetime(2025, 6, 20, 12, 0, tzinfo=timezone.utc)
    assert parse_since("2h", now=now) == "2025-06-20T10:00:00Z"
    assert parse_since("7d", now=now) == "2025-06-13T12:00:00Z"
    with pytest.raises(QueryError, match="not a duration"):
        parse_since("last tuesday")


def _cli(db_path, *args):
    return subprocess.run([sys.executable, "-m", "crisis_tui", "--db", str(db_path), "--config",
                           str(REPO / "feeds.yaml"), "search", *args], capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("query", ['"unbalanced', "NOT iran", "iran OR", "( iran", "-- : --"])
def test_cli_malformed_query_exits_2_with_one_line(db_path, query):
    result = _cli(db_path, query)
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("crisis-tui search: ")
    assert "Traceback" not in result.stderr


def test_cli_json_and_jsonl(db_path):
    import json

    result = _cli(db_path, "natanz", "--source", "wire", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert {r["title"] for r in rows} == {"Israeli air strike hits Natanz enrichment site",
                                         "Strike on Natanz kills 25, Iranian officials say"}
    result = _cli(db_path, "U.S. envoy: Witkoff —", "--jsonl", "--sort", "time", "--limit", "3")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert 1 <= len(lines) <= 3 and all(json.loads(line)["id"] for line in lines)
    plain = _cli(db_path, "natanz", "--kind", "strike")
    assert plain.returncode == 0 and "Israel -> Iran" in plain.stdout
