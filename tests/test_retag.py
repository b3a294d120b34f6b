"""crisis-tui retag re-tags what an older tagger stored, and only that (unless --all)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from crisis_tui.ingest import Ingestor
from crisis_tui.poller import import_documents
from crisis_tui.config import load_settings
from crisis_tui.store import now_iso, open_db
from crisis_tui.tagger import TAGGER_VERSION

SEEDS = Path(__file__).resolve().parents[1] / "seeds"


def _retag(db_path, *extra):
    return subprocess.run([sys.executable, "-m", "crisis_tui", "retag", "--db", str(db_path), "--workers", "1", *extra],
                          capture_output=True, text=True, timeout=180)


def test_retag_replaces_an_older_taggers_output(tmp_path):
    db_path = tmp_path / "c.db"
    db = open_db(db_path)
    import_documents(db, Ingestor(db), [SEEDS])
    before = db.execute("SELECT kind, COUNT(*) FROM events GROUP BY kind ORDER BY kind").fetchall()
    labels = db.execute("SELECT id, labels FROM articles ORDER BY id").fetchall()
    # what an older tagger would have left: other labels, another version
    db.execute("DELETE FROM article_labels")
    db.execute("UPDATE articles SET labels = 'military', tagger_version = 'tagger-0.1'")
    db.close()

    proc = _retag(db_path)
    assert proc.returncode == 0, proc.stderr
    assert f"re-tagged 2 articles with {TAGGER_VERSION}" in proc.stdout
    db = open_db(db_path)
    assert db.execute("SELECT kind, COUNT(*) FROM events GROUP BY kind ORDER BY kind").fetchall() == before
    assert db.execute("SELECT id, labels FROM articles ORDER BY id").fetchall() == labels
    assert {r[0] for r in db.execute("SELECT tagger_version FROM articles")} == {TAGGER_VERSION}
    n_events = db.execute("SELECT SUM(n_events) FROM event_clusters").fetchone()[0]
    assert n_events == sum(n for _k, n in before)  # counts follow the replaced events, none doubled

    again = _retag(db_path)
    assert again.returncode == 0 and "nothing to re-tag" in again.stdout
    forced = _retag(db_path, "--all")
    assert forced.returncode == 0 and "re-tagged 2 articles" in forced.stdout
    assert db.execute("SELECT kind, COUNT(*) FROM events GROUP BY kind ORDER BY kind").fetchall() == before


def test_retag_runs_alert_rules_only_for_recent_articles(tmp_path):
    # A new tagger finding events in old news must not page the person watching.
    db_path = tmp_path / "c.db"
    db = open_db(db_path)
    import_documents(db, Ingestor(db, rules=load_settings(None).alerts), [SEEDS])
    assert db.execute("SELECT COUNT(*) FROM alerts").fetchone()[0] > 0  # the seeds match the bundled rules

    def older_tagging(first_seen):
        db.execute("DELETE FROM alert_subjects")
        db.execute("DELETE FROM alerts")
        db.execute("UPDATE articles SET tagger_version = 'tagger-0.1', first_seen = ?", [first_seen])

    older_tagging("2025-06-01T00:00:00Z")
    db.close()
    proc = _retag(db_path)
    assert proc.returncode == 0, proc.stderr
    assert "0 new alerts" in proc.stdout and "alert rules not run for 2 articles" in proc.stdout
    db = open_db(db_path)
    assert db.execute("SELECT COUNT(*) FROM alerts").fetchone()[0] == 0

    forced = _retag(db_path, "--all", "--all-alerts")
    assert forced.returncode == 0, forced.stderr
    assert db.execute("SELECT COUNT(*) FROM alerts").fetchone()[0] > 0

    older_tagging(now_iso())  # seen just now: its events are news
    db.close()
    proc = _retag(db_path)
    assert proc.returncode == 0 and "not run" not in proc.stdout
    db = open_db(db_path)
    assert db.execute("SELECT COUNT(*) FROM alerts").fetchone()[0] > 0
