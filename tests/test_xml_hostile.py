"""Hostile XML: entity expansion, external entities, deep nesting, a 10 MB text node.

Each body is parsed by the real `parse_feed` in a child process whose address space is capped
(RLIMIT_AS, a generous safety limit rather than a measurement): a parser that expands a billion
laughs dies with MemoryError instead of taking the machine down, and the test fails. Then the
same bodies go through a real poll from a local HTTP server into an archive: the entity attacks
are refused with a per-feed error, nothing of the local "secret" file reaches the archive (its
bytes are searched for it), and the archive passes its integrity check.
"""

from __future__ import annotations

import json
import resource
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from crisis_tui.config import FeedConfig, PollSettings, Settings
from polling import poll_round

SECRET = "S3CRET-0f-the-h0st-7c1d"
ADDRESS_SPACE_LIMIT = 2_000_000_000  # bytes: far above what a sane parse needs, far below a blow-up
TEXT_NODE = 10 * 1024 * 1024

WRAP = ('<?xml version="1.0" encoding="utf-8"?>{dtd}<rss version="2.0"><channel><title>t</title>'
        '<item><title>{title}</title><link>http://127.0.0.1/x/{name}</link><guid>{name}</guid>'
        '<description>{description}</description></item>'
        '<item><title>Second item {name}</title><link>http://127.0.0.1/y/{name}</link></item></channel></rss>')


def bodies(secret_dir: Path) -> dict[str, bytes]:
    secret = secret_dir / "secret.txt"
    secret.write_text(SECRET + "\n", encoding="utf-8")
    dtd = secret_dir / "evil.dtd"
    dtd.write_text(f'<!ENTITY leak SYSTEM "{secret.as_uri()}">', encoding="utf-8")
    lol = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    big_entity = "A" * 50_000

    def wrap(name, dtd_="", title="t", description="d") -> bytes:
        return WRAP.format(dtd=dtd_, title=title, description=description, name=name).encode("utf-8")

    return {
        "billion-laughs": wrap("billion-laughs", f"<!DOCTYPE rss [{lol}]>", "&lol9;", "&lol9;"),
        "quadratic-blowup": wrap("quadratic-blowup", f'<!DOCTYPE rss [<!ENTITY a "{big_entity}">]>', "&a;" * 20, "&a;" * 20_000),
        "external-entity": wrap("external-entity", f'<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{secret.as_uri()}">]>',
                                "leak &xxe;", "leak &xxe;"),
        "parameter-entity": wrap("parameter-entity",
                                 f'<!DOCTYPE rss [<!ENTITY % ext SYSTEM "{dtd.as_uri()}"> %ext;]>', "leak &leak;", "&leak;"),
        "external-dtd": wrap("external-dtd", f'<!DOCTYPE rss SYSTEM "{dtd.as_uri()}">', "leak &leak;", "&leak;"),
        "deep-nesting": wrap("deep-nesting", "", "deep", "<x>" * 100_000 + "bottom" + "</x>" * 100_000),
        "deep-html": wrap("deep-html", "", "deep html", "&lt;div&gt;" * 100_000 + "bottom"),
        "huge-text-node": wrap("huge-text-node", "", "huge", "word " * (TEXT_NODE // 5)),
    }


ENTITY_ATTACKS = ("billion-laughs", "quadratic-blowup", "external-entity", "parameter-entity")

CHILD = r"""
import json, resource, sys
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[2]), int(sys.argv[2])))
from crisis_tui.sources.feed import parse_feed
body = open(sys.argv[1], "rb").read()
p = parse_feed(body, "http://127.0.0.1/feed")
print(json.dumps({"error": p.error, "warning": p.warning, "articles": [
    {k: getattr(a, k) for k in ("title", "summary", "content", "author", "link")} for a in p.articles],
    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}))
"""


@pytest.fixture(scope="module")
def hostile_bodies(tmp_path_factory) -> dict[str, bytes]:
    return bodies(tmp_path_factory.mktemp("secret"))


@pytest.mark.parametrize("name", ["billion-laughs", "quadratic-blowup", "external-entity", "parameter-entity",
                                  "external-dtd", "deep-nesting", "deep-html", "huge-text-node"])
def test_parse_feed_is_bounded_and_reads_no_local_file(name, hostile_bodies, tmp_path):
    body_file = tmp_path / "body.xml"
    body_file.write_bytes(hostile_bodies[name])
    proc = subprocess.run([sys.executable, "-c", CHILD, str(body_file), str(ADDRESS_SPACE_LIMIT)],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-2000:]  # MemoryError or a crash fails here
    out = json.loads(proc.stdout)
    assert SECRET not in proc.stdout
    if name in ENTITY_ATTACKS:
        assert out["error"] and "entit" in out["error"], out["error"]
        assert not out["articles"]
        return
    assert out["error"] is None, out["error"]
    titles = [a["title"] for a in out["articles"]]
    assert f"Second item {name}" in titles  # the rest of the feed is kept
    for a in out["articles"]:
        assert len(a["title"]) <= 1000 and len(a["summary"]) <= 200_000 and len(a["content"]) <= 200_000
    if name.startswith("deep"):
        assert "bottom" in out["articles"][0]["summary"]
    print(f"{name}: peak {out['peak_mb']} MB")


def test_poll_refuses_entity_attacks_per_feed_and_never_stores_the_secret(hostile_bodies, tmp_path, feed_server):
    for name, body in hostile_bodies.items():
        feed_server.set_feed(name, body)
    feeds = tuple(FeedConfig(name=name, url=feed_server.url(f"/doc/{name}")) for name in hostile_bodies)
    feeds += (FeedConfig(name="good", url=feed_server.url("/real/fastnewsreader__bbc.xml")),)
    settings = Settings(path=tmp_path / "feeds.yaml", poll=PollSettings(workers=1), feeds=feeds)
    db_path = tmp_path / "archive.db"

    summary = poll_round(settings, db_path)
    assert summary.ok + summary.failed + summary.not_modified == len(feeds)
    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    health = {name: (status, err) for name, status, err in conn.execute("SELECT name, status, last_error FROM feeds")}
    for name in ENTITY_ATTACKS:
        status, err = health[name]
        assert status == "error" and "entit" in err, (name, err)
    # a 10 MB text node is over the default 10,000,000-byte cap: refused while downloading, recorded
    assert health["huge-text-node"][0] == "error" and "limit" in health["huge-text-node"][1]
    for name in ("external-dtd", "deep-nesting", "deep-html", "good"):
        assert health[name][0] == "ok", (name, health[name])
    assert conn.execute("SELECT COUNT(*) FROM articles WHERE title LIKE 'Second item%'").fetchone()[0] == 3
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    for f in tmp_path.glob("archive.db*"):
        assert SECRET.encode() not in f.read_bytes(), f


def test_child_limit_is_effective():
    """The address-space cap really stops a runaway allocation (else the tests above prove less)."""
    code = ("import resource, sys; resource.setrlimit(resource.RLIMIT_AS, (%d, %d)); b = bytearray(%d)"
            % (ADDRESS_SPACE_LIMIT, ADDRESS_SPACE_LIMIT, ADDRESS_SPACE_LIMIT * 2))
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0 and "MemoryError" in proc.stderr
    assert resource.RLIMIT_AS is not None


def test_harmless_entities_are_still_parsed():
    from crisis_tui.sources.feed import parse_feed

    body = WRAP.format(dtd='<!DOCTYPE rss [<!ENTITY nbsp "&#160;"><!ENTITY org "Example Org">]>',
                       title="Talks&nbsp;at &org;", description="d", name="ok").encode()
    parsed = parse_feed(body, "http://127.0.0.1/feed")
    assert parsed.error is None
    assert parsed.articles[0].title == "Talks at Example Org"
