"""Hostile document folders: binary files, invalid UTF-8, a 1 GB file, symlinks, FIFOs and sockets.

Each is skipped with a message, the rest is imported; nothing blocks (a FIFO opened for reading
would wait forever for a writer) and nothing behind a link is read.
"""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys

import pytest

from hostile_text import assert_safe

from crisis_tui.sources.documents import scan_documents

SECRET = "S3CRET-behind-a-link-99"
GOOD = {
    "brief.txt": "Ceasefire talks resume in Doha\n\nPublished on April 24, 2026\n\nDelegations met on Sunday.",
    "notes.md": "# Strike reported near Isfahan\n\nDocument Date: Sun, Jun 14 2026 11:48:25 am\n\nA drone struck.",
    "page.html": "<html><body><h1>UN convoy reaches Gaza</h1><p>Aid trucks crossed.</p></body></html>",
    "escape\x1b[31m\u202ename.txt": "Hostile file name\n\nThe name of this file carries escape sequences.",
}


@pytest.fixture
def hostile_folder(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    for name, text in GOOD.items():
        (folder / name).write_text(text, encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text(SECRET, encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 64)
    (folder / "latin1.txt").write_bytes("Caf\u00e9 cr\u00e8me, d\u00e9j\u00e0 vu".encode("latin-1"))
    with open(folder / "huge.txt", "wb") as fh:  # 1 GB, sparse: no disk used
        fh.truncate(1_000_000_000)
    os.symlink(outside / "secret.txt", folder / "link.txt")
    os.symlink(outside, folder / "linked-dir")
    os.symlink(folder / "nowhere.txt", folder / "dangling.txt")
    os.mkfifo(folder / "fifo.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(folder / "socket.md"))
    (folder / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 100)
    yield folder
    sock.close()


def test_scan_skips_each_hostile_file_with_a_message_and_imports_the_rest(hostile_folder):
    scan = scan_documents([hostile_folder])
    titles = sorted(a.title for a in scan.articles)
    assert titles == sorted(["Ceasefire talks resume in Doha", "Strike reported near Isfahan", "UN convoy reaches Gaza",
                             "Hostile file name"])
    why = "\n".join(scan.skipped)
    expected = {
        "binary.txt": "binary", "latin1.txt": "not valid UTF-8", "huge.txt": "limit", "link.txt": "link",
        "dangling.txt": "link", "linked-dir": "link", "fifo.txt": "not a regular file", "socket.md": "not a regular file", "image.png": "not a",
    }
    for name, words in expected.items():
        line = next((s for s in scan.skipped if name in s), None)
        assert line is not None and words in line, (name, why)
    assert SECRET not in repr(scan.articles)
    assert all(SECRET not in a.content for a in scan.articles)


def test_import_command_reports_skips_safely_and_stores_the_rest(hostile_folder, tmp_path):
    db = tmp_path / "archive.db"
    proc = subprocess.run([sys.executable, "-m", "crisis_tui", "import", str(hostile_folder), "--db", str(db)],
                          capture_output=True, timeout=120)
    out, err = proc.stdout.decode(), proc.stderr.decode()
    assert proc.returncode == 0, err
    assert_safe(out, "import stdout")
    assert_safe(err, "import stderr")  # the file name's escape sequences are not printed raw
    assert "4 new" in out
    assert err.count("skipped:") >= 8
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 4
    assert conn.execute("SELECT COUNT(*) FROM articles WHERE content LIKE ?", [f"%{SECRET}%"]).fetchone()[0] == 0
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_a_folder_feed_records_the_skips_as_a_warning(hostile_folder, tmp_path, write_config):
    cfg = write_config(f"feeds:\n  - {{name: docs, path: '{hostile_folder}'}}\n")
    db = tmp_path / "archive.db"
    proc = subprocess.run([sys.executable, "-m", "crisis_tui", "poll", "--once", "--config", str(cfg), "--db", str(db)],
                          capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    assert_safe(proc.stdout.decode(), "poll stdout")
    conn = sqlite3.connect(db)
    status, warning, items = conn.execute("SELECT status, last_warning, items_seen FROM feeds WHERE name = 'docs'").fetchone()
    assert status == "ok" and items == 4 and "skipped" in warning
    assert_safe(warning, "feed warning")
    conn.close()


def test_a_single_hostile_path_is_skipped_not_followed(hostile_folder):
    for name in ("link.txt", "fifo.txt", "huge.txt", "binary.txt"):
        scan = scan_documents([hostile_folder / name])
        assert not scan.articles and len(scan.skipped) == 1, (name, scan.skipped)
