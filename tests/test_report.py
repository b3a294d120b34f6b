"""The Markdown situation report: sections, figures, and hostile text made harmless."""

from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from crisis_tui.report import md, md_link, report_text
from crisis_tui.store import open_db
from offline_archive import archive_copy

NOW = datetime(2025, 6, 17, 12, 0, tzinfo=timezone.utc)
SECTIONS = ["## Headline counts", "## Contacts", "## Strikes", "## Key statements", "## Alerts fired", "## Feeds failing"]


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    path = archive_copy(tmp_path_factory, tmp_path_factory.mktemp("report") / "archive.db")
    db = open_db(path)
    text = report_text(db, since="2025-06-14", until="2025-06-16", now=NOW)
    counts = {
        "articles": db.execute("SELECT COUNT(*) FROM articles WHERE published BETWEEN '2025-06-14' AND '2025-06-16T23:59:59Z'").fetchone()[0],
        "strikes": db.execute("SELECT COUNT(*) FROM events WHERE kind = 'strike' AND occurred BETWEEN '2025-06-14' AND '2025-06-16T23:59:59Z'").fetchone()[0],
        "day14": db.execute("SELECT COUNT(*) FROM articles WHERE published LIKE '2025-06-14%'").fetchone()[0],
        "military14": db.execute("SELECT COUNT(*) FROM articles WHERE published LIKE '2025-06-14%' AND labels LIKE '%military%'").fetchone()[0],
    }
    db.conn.close()
    return text, counts


def test_sections_in_order(report):
    text, _ = report
    assert text.startswith("# Situation report: 2025-06-14 to 2025-06-16\n")
    positions = [text.index(s + "\n") for s in SECTIONS]
    assert positions == sorted(positions)


def test_headline_counts_per_category_and_day(report):
    text, counts = report
    assert f"| articles | {counts['articles']} |" in text
    assert f"| strike reports | {counts['strikes']} |" in text
    day = next(line for line in text.splitlines() if line.startswith("| 2025-06-14 |"))
    cells = [c.strip() for c in day.strip("|").split("|")]
    assert cells[1] == str(counts["day14"]) and cells[2] == str(counts["military14"])
    assert cells[6] == "2"  # the two wires' reports of the Natanz strike


def test_contacts_chronology_per_pair(report):
    text, _ = report
    section = text[text.index("## Contacts"):text.index("## Strikes")]
    pair = section[section.index("### Iran – United States\n"):]
    pair = pair[:pair.find("\n### ") if "\n### " in pair else len(pair)]
    lines = [line for line in pair.splitlines() if line.startswith("- ")]
    times = [line[2:18] for line in lines]
    assert times == sorted(times)  # chronological
    call = next(line for line in lines if "[Wire A](https://wire-a.example/call)" in line)
    assert call.startswith("- 2025-06-15 09:00 · phone · occurred · mediator Oman · with Abbas Araghchi, Steve Witkoff")
    talks = next(line for line in lines if "wire-b.example/talks" in line)
    assert talks.startswith("- 2025-06-16 10:00 · meeting · planned · in Oman; 1 source, 1 report")


def test_strike_casualties_lowest_and_highest_with_sources(report):
    text, _ = report
    i = text.index("- **2025-06-14 08:00 · Israel → Iran · in Natanz · air**")
    block = text[i:].split("\n- ")[0]
    assert ("killed 10 (lowest, [Wire A](https://wire-a.example/natanz)) to 25 (highest, "
            "[Wire B](https://wire-b.example/natanz))") in block
    assert ("injured 12 (lowest, [Wire B](https://wire-b.example/natanz)) to 30 (highest, "
            "[Wire A](https://wire-a.example/natanz))") in block
    assert "2 sources, 2 reports: [Wire A](https://wire-a.example/natanz), [Wire B](https://wire-b.example/natanz)" in block


def test_key_statements_alerts_and_failing_feeds(report):
    text, _ = report
    assert ("**Abbas Araghchi (foreign minister)**: “Iran will not negotiate while under attack”; "
            "1 source, 1 report: [Wire A](https://wire-a.example/call)") in text
    alerts = text[text.index("## Alerts fired"):text.index("## Feeds failing")]
    assert "2025-06-14 12:05 · **critical** · strikes on nuclear sites: Israel struck Natanz \\(air\\)" in alerts
    assert "2 sources, first reported by Wire A, open" in alerts
    feeds = text[text.index("## Feeds failing"):]
    assert "- **broken-wire**: HTTP 503 from the server \\[retry\\]\\(http://evil.example\\) (4 failures in a row" in feeds


def test_hostile_text_cannot_inject_markdown_or_escapes(report):
    text, _ = report
    assert "\x1b" not in text and not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", text)
    # Every heading and link is ours: headings are the fixed sections or party pairs, links the archive's.
    for line in text.splitlines():
        if line.startswith("#"):
            assert line.startswith(("# Situation report", "## ", "### ")), line
    for label, url in re.findall(r"(?<!\\)\[([^\]]*)\]\(([^)]*)\)", text):
        assert "evil.example" not in url, (label, url)
    assert "**\\[evil\\]\\(http://evil.example\\) (\\# role)**: “\\# heading - list item \\`code\\`”" in text


@pytest.mark.parametrize("raw, safe", [
    ("# Title", "\\# Title"),
    ("[x](http://e)", "\\[x\\]\\(http://e\\)"),
    ("- item", "\\- item"),
    ("1. item", "1\\. item"),
    ("a | b", "a \\| b"),
    ("<script>", "\\<script\\>"),
    ("line\nbreak\x1b[2J", "line break"),
    ("AT&T *bold* _it_", "AT\\&T \\*bold\\* \\_it\\_"),
])
def test_md_escaping(raw, safe):
    assert md(raw) == safe


def test_md_link_only_http():
    assert md_link("ok", "https://a.example/x(1) y") == "[ok](https://a.example/x%281%29%20y)"
    assert md_link("no", "javascript:alert(1)") == "no"
