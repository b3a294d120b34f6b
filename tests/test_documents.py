"""Local documents: the seeds import with the right titles, dates and sources; bad files are skipped."""

from __future__ import annotations

import os
from pathlib import Path

from crisis_tui.ingest import Ingestor
from crisis_tui.poller import import_documents
from crisis_tui.sources.documents import parse_date_words, scan_documents
from crisis_tui.store import open_db

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"


def test_seed_documents_import_with_titles_dates_and_sources(tmp_path):
    db = open_db(tmp_path / "c.db")
    os.utime(SEEDS / "000_fdae7aa24de6f5c8.txt", (1_750_000_000, 1_750_000_000))  # 2025-06-15T15:06:40Z
    result, skipped = import_documents(db, Ingestor(db), [SEEDS])
    assert len(result.new) == 2 and skipped == []
    rows = {r["entry_key"]: r for r in db.query(
        "SELECT s.entry_key, a.* FROM articles a JOIN sightings s ON s.article_id = a.id")}
    dawn = rows["003_b47ca50f27cdb751.txt"]
    assert dawn["title"] == "US Signals Diplomatic Opening as Iran Engages Dialogue"
    assert dawn["published"] == "2026-04-24T00:00:00Z"
    assert dawn["updated"] == "2026-06-14T11:48:25Z"
    assert dawn["source"] == "rki.news (Dawn News)"
    assert dawn["content"].startswith("The United States has indicated a renewed willingness")
    assert "Show on website" not in dawn["content"] and "rki.news |" not in dawn["content"]
    phone = rows["000_fdae7aa24de6f5c8.txt"]
    assert phone["title"].startswith("U.S. Special Envoy Steve Witkoff and Iranian Foreign Minister Abbas Araqchi")
    assert phone["published"] == "2025-06-15T15:06:40Z" and phone["date_note"] == "file mtime"

    again, _ = import_documents(db, Ingestor(db), [SEEDS])
    assert again.new == [] and again.updated == [] and again.seen == 2


def test_changed_document_updates_its_article(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.md").write_text("# Talks in Muscat\n\nPublished on June 1, 2025\n\nFirst version.\n")
    db = open_db(tmp_path / "c.db")
    first, _ = import_documents(db, Ingestor(db), [docs])
    (docs / "a.md").write_text("# Talks in Muscat\n\nPublished on June 1, 2025\n\nSecond version.\n")
    second, _ = import_documents(db, Ingestor(db), [docs])
    assert len(first.new) == 1 and second.updated == first.new
    assert db.execute("SELECT content, published FROM articles").fetchone() == ("Second version.", "2025-06-01T00:00:00Z")


def test_bad_files_are_skipped_with_a_message_and_the_rest_imported(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "good.txt").write_text("A good document\n\nIt has text.")
    (docs / "page.html").write_text("<html><head><title>x</title></head><body><h1>Heading here</h1><p>Body &amp; more</p></body></html>")
    (docs / "binary.txt").write_bytes(b"\x00\x01\x02binary")
    (docs / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    (docs / "big.txt").write_bytes(b"a" * 6_000_000)
    (docs / "link.txt").symlink_to("/etc/passwd")
    (docs / "image.png").write_bytes(b"\x89PNG")
    os.mkfifo(docs / "fifo.txt")
    scan = scan_documents([docs])
    titles = sorted(a.title for a in scan.articles)
    assert titles == ["A good document", "Heading here"]
    html = next(a for a in scan.articles if a.title == "Heading here")
    assert html.content == "Body & more"
    reasons = " | ".join(scan.skipped)
    for words in ("binary.txt: skipped, a binary file", "latin1.txt: skipped, not valid UTF-8",
                  "big.txt: skipped, 6,000,000 bytes is over", "link.txt: skipped, a symbolic link",
                  "image.png: skipped, not a .txt", "fifo.txt: skipped, not a regular file"):
        assert words in reasons


def test_document_dates():
    assert parse_date_words("April 24, 2026").isoformat() == "2026-04-24T00:00:00+00:00"
    assert parse_date_words("Sun, Jun 14 2026 11:48:25 am").isoformat() == "2026-06-14T11:48:25+00:00"
    assert parse_date_words("2025-06-13") is not None
    assert parse_date_words("yesterday") is None


def test_offline_dashboard_start_reads_local_documents_and_nothing_else(tmp_path):
    from crisis_tui.commands.dashboard import load_local_documents
    from crisis_tui.config import load_settings

    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"feeds:\n  - {{name: remote, url: 'http://127.0.0.1:9/feed.xml'}}\n"
                   f"  - {{name: docs, path: '{SEEDS}'}}\n")
    load_local_documents(tmp_path / "c.db", load_settings(cfg))
    db = open_db(tmp_path / "c.db")
    health = dict(db.execute("SELECT name, status FROM feeds").fetchall())
    assert health == {"remote": "new", "docs": "ok"}  # the remote feed was not even attempted
    assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 2
    assert db.execute("SELECT COUNT(*) FROM pollers").fetchone()[0] == 0
