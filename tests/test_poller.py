"""The poller against a real HTTP server on 127.0.0.1: good feeds stored once, bad ones recorded."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from crisis_tui.config import load_settings
from crisis_tui.poller import Poller
from crisis_tui.sources.feed import parse_feed
from crisis_tui.store import open_db, parse_iso, utcnow
from feedserver import FEEDS, rss
from polling import poll_round

HOSTILE = {
    # name: (path, words the recorded error must contain)
    "not-found": ("/status/404", "HTTP 404"),
    "server-error": ("/status/500", "HTTP 500"),
    "rate-limited": ("/status/429", "HTTP 429"),
    "unavailable": ("/status/503", "HTTP 503"),
    "loop": ("/loop/a", "redirect loop"),
    "slow": ("/slow", "gave up after"),
    "hang": ("/hang", "timed out"),
    "huge": ("/huge", "over the"),
    "huge-declared": ("/huge-declared", "over the"),
    "gzip-bomb": ("/gzip-bomb", "over the"),
    "html": ("/html", "HTML page, not a feed"),
    "empty": ("/empty", "empty body"),
    "empty-document": ("/illformed/feedparser__illformed__rss_empty_document.xml", "not a feed"),
}
REFUSED = "http://127.0.0.1:9/nothing-listens-here"


def farm_config(server, tmp_path: Path, extra: str = "") -> Path:
    lines = [
        "poll:",
        "  interval: 1h",
        "  concurrency: 8",
        "  per_host: 8",
        "  timeout: 2s",
        "  deadline: 4s",
        "  max_bytes: 5MB",
        "  workers: 2",
        "feeds:",
    ]
    for f in sorted((FEEDS / "real").iterdir()):
        lines.append(f"  - {{name: 'real {f.name}', url: '{server.url('/real/' + f.name)}'}}")
    for f in sorted((FEEDS / "illformed").iterdir()):
        if "empty_document" in f.name:
            continue
        lines.append(f"  - {{name: 'illformed {f.name}', url: '{server.url('/illformed/' + f.name)}'}}")
    for name, (path, _words) in HOSTILE.items():
        lines.append(f"  - {{name: '{name}', url: '{server.url(path)}'}}")
    lines.append(f"  - {{name: refused, url: '{REFUSED}'}}")
    lines.append(f"  - {{name: wrong-charset, url: '{server.url('/wrong-charset')}'}}")
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text("\n".join(lines) + "\n" + extra, encoding="utf-8")
    return cfg


def run_round(cfg: Path, db_path: Path):
    return poll_round(load_settings(cfg), db_path)


def test_round_over_real_illformed_and_hostile_feeds(feed_server, tmp_path):
    cfg = farm_config(feed_server, tmp_path)
    db_path = tmp_path / "crisis.db"
    first = run_round(cfg, db_path)
    db = open_db(db_path)
    feeds = {r["name"]: r for r in db.query("SELECT * FROM feeds")}

    # every bad feed has a clear recorded error, in words
    for name, (_path, words) in HOSTILE.items():
        assert feeds[name]["status"] == "error", (name, feeds[name])
        assert words in feeds[name]["last_error"], (name, feeds[name]["last_error"])
        assert feeds[name]["consecutive_failures"] == 1
    assert "connection refused" in feeds["refused"]["last_error"]
    for name in ("rate-limited", "unavailable"):  # Retry-After: 120 is honoured
        assert parse_iso(feeds[name]["next_poll"]) >= utcnow() + timedelta(seconds=110)

    # every good article is stored once, with one sighting per entry
    for f in sorted((FEEDS / "real").iterdir()):
        row = feeds[f"real {f.name}"]
        assert row["status"] == "ok", (f.name, row["last_error"])
        assert row["etag"] and row["last_modified"]
        keys = {a.entry_key for a in parse_feed(f.read_bytes(), "http://x/").articles}
        stored = db.execute("SELECT COUNT(*) FROM sightings WHERE feed_id = ?", [row["id"]]).fetchone()[0]
        assert stored == len(keys), f.name
    assert feeds["real rssparser__uolNoticias.rss"]["last_warning"]  # not well-formed: recovered, recorded
    ru = db.execute("SELECT title FROM articles WHERE link = 'http://127.0.0.1/ru/1'").fetchone()
    assert ru is not None  # wrong declared charset: kept, not lost
    assert feeds["wrong-charset"]["status"] == "ok"

    n_articles = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    assert first.failed == len(HOSTILE) + 1
    assert len(first.result.new) == n_articles
    # no article twice: canonical URLs unique, no (feed, entry) twice
    assert db.execute("SELECT COUNT(*) FROM (SELECT canonical_url FROM articles WHERE canonical_url IS NOT NULL "
                      "GROUP BY canonical_url HAVING COUNT(*) > 1)").fetchone()[0] == 0
    fts = db.execute("SELECT COUNT(*) FROM articles_fts").fetchone()[0]
    assert fts == n_articles
    db.close()

    second = run_round(cfg, db_path)
    assert second.result.new == [] and second.result.updated == []
    assert second.not_modified == first.ok
    db = open_db(db_path)
    assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == n_articles
    real_hits = [p for p in feed_server.hits if p.startswith("/real/")]
    assert real_hits and all(feed_server.hits[p] == 2 for p in real_hits)
    failures = dict(db.execute("SELECT name, consecutive_failures FROM feeds").fetchall())
    assert failures["not-found"] == 2 and failures["real fastnewsreader__bbc.xml"] == 0


def _story(n: int, text: str = "") -> dict:
    return {"title": f"Story {n}", "link": f"http://127.0.0.1/story/{n}?utm_source=rss", "guid": f"story-{n}",
            "description": text or f"Body of story {n}."}


def test_same_story_in_two_feeds_is_one_article_with_two_sightings(feed_server, tmp_path):
    feed_server.set_feed("a", rss("A", [_story(1), _story(2)]))
    feed_server.set_feed("b", rss("B", [{**_story(2), "guid": "b-2", "link": "https://127.0.0.1/story/2"}, _story(3)]))
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"poll: {{workers: 1}}\nfeeds:\n  - {{name: a, url: '{feed_server.url('/doc/a')}'}}\n"
                   f"  - {{name: b, url: '{feed_server.url('/doc/b')}'}}\n")
    run_round(cfg, tmp_path / "c.db")
    db = open_db(tmp_path / "c.db")
    assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 3
    two = db.execute("SELECT a.title, COUNT(s.feed_id) FROM articles a JOIN sightings s ON s.article_id = a.id "
                     "GROUP BY a.id HAVING COUNT(s.feed_id) = 2").fetchall()
    assert two == [("Story 2", 2)]


def _aggregated_item(n: int, headline: str, outlet: str) -> str:
    return (f"<item><title>{headline} - {outlet}</title><link>https://agg.example/{n}</link><guid>agg-{n}</guid>"
            f"<pubDate>Mon, 16 Jun 2025 10:0{n}:00 GMT</pubDate>"
            f"<description>{headline}&amp;nbsp;&amp;nbsp;{outlet}</description><source url='https://x'>{outlet}</source></item>")


def test_an_aggregator_feed_counts_each_outlet_as_a_source(feed_server, tmp_path):
    # one Google-News-like feed carries the same strike from two outlets (and once more from the
    # first): two independent sources, not one feed
    strike = "Israeli air strikes hit Natanz nuclear site in Iran"
    items = [_aggregated_item(1, strike, "Reuters"), _aggregated_item(2, strike + " overnight", "Al Jazeera"),
             _aggregated_item(3, strike + ", officials say", "Reuters")]
    feed_server.set_feed("g", ("<?xml version='1.0'?><rss version='2.0'><channel><title>Google News</title>"
                               + "".join(items) + "</channel></rss>").encode())
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"poll: {{workers: 1}}\nfeeds:\n  - {{name: g, url: '{feed_server.url('/doc/g')}'}}\n")
    first = run_round(cfg, tmp_path / "c.db")
    assert first.ok == 1 and len(first.result.new) == 3, first.failures
    db = open_db(tmp_path / "c.db")
    assert db.execute("SELECT title, source, outlet FROM articles ORDER BY id").fetchall() == [
        (strike, "Reuters", "Reuters"), (strike + " overnight", "Al Jazeera", "Al Jazeera"),
        (strike + ", officials say", "Reuters", "Reuters")]
    clusters = db.execute("SELECT c.n_sources, COUNT(*) FROM events e JOIN event_clusters c ON c.id = e.cluster_id "
                          "WHERE e.kind = 'strike' GROUP BY c.id").fetchall()
    assert clusters == [(2, 3)]


def test_updated_entry_updates_article_and_keeps_first_seen(feed_server, tmp_path):
    feed_server.set_feed("a", rss("A", [_story(1), _story(2)]))
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"poll: {{workers: 1}}\nfeeds:\n  - {{name: a, url: '{feed_server.url('/doc/a')}'}}\n")
    run_round(cfg, tmp_path / "c.db")
    db = open_db(tmp_path / "c.db")
    first_seen = db.execute("SELECT first_seen FROM articles WHERE title = 'Story 1'").fetchone()[0]
    db.execute("UPDATE articles SET first_seen = '2025-06-13T00:00:00Z' WHERE title = 'Story 1'")
    db.close()
    feed_server.set_feed("a", rss("A", [_story(1, "Body of story 1, now with more detail."), _story(2)]))
    result = run_round(cfg, tmp_path / "c.db")
    assert len(result.result.updated) == 1 and result.result.new == []
    db = open_db(tmp_path / "c.db")
    row = db.execute("SELECT summary, first_seen FROM articles WHERE title = 'Story 1'").fetchone()
    assert row == ("Body of story 1, now with more detail.", "2025-06-13T00:00:00Z")
    assert first_seen


def test_permanent_redirect_updates_stored_url(feed_server, tmp_path):
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"poll: {{workers: 1}}\nfeeds:\n  - {{name: m, url: '{feed_server.url('/moved/fastnewsreader__bbc.xml')}'}}\n")
    run_round(cfg, tmp_path / "c.db")
    db = open_db(tmp_path / "c.db")
    url, status = db.execute("SELECT url, status FROM feeds WHERE name = 'm'").fetchone()
    assert status == "ok" and url == feed_server.url("/real/fastnewsreader__bbc.xml")


def test_failures_back_off_exponentially(feed_server, tmp_path):
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"poll: {{interval: 60s, jitter: 0, workers: 1}}\nfeeds:\n  - {{name: x, url: '{feed_server.url('/status/500')}'}}\n")
    delays = []
    for _ in range(3):
        run_round(cfg, tmp_path / "c.db")
        db = open_db(tmp_path / "c.db")
        nxt, attempt = db.execute("SELECT next_poll, last_attempt FROM feeds").fetchone()
        delays.append((parse_iso(nxt) - parse_iso(attempt)).total_seconds())
        db.close()
    assert delays[0] == pytest.approx(60, abs=2) and delays[1] == pytest.approx(120, abs=2)
    assert delays[2] == pytest.approx(240, abs=2)


def test_poll_once_cli_completes_with_failures_and_prints_summary(feed_server, tmp_path):
    feed_server.set_feed("a", rss("A", [_story(1)]))
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"poll: {{workers: 1}}\nfeeds:\n  - {{name: good, url: '{feed_server.url('/doc/a')}'}}\n"
                   f"  - {{name: bad, url: '{feed_server.url('/status/404')}'}}\n")
    proc = subprocess.run([sys.executable, "-m", "crisis_tui", "poll", "--once", "--config", str(cfg),
                           "--db", str(tmp_path / "c.db")], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "feeds: 1 ok, 0 not modified, 1 failed; articles: 1 new, 0 updated" in proc.stdout
    assert "failed: bad: HTTP 404" in proc.stdout
    proc = subprocess.run([sys.executable, "-m", "crisis_tui", "feeds", "--json", "--config", str(cfg),
                           "--db", str(tmp_path / "c.db")], capture_output=True, text=True, timeout=60)
    health = {f["name"]: f for f in json.loads(proc.stdout)}
    assert health["good"]["status"] == "ok" and health["bad"]["last_error"].startswith("HTTP 404")


def test_readers_are_not_locked_out_while_the_writer_holds_a_transaction(tmp_path):
    db = open_db(tmp_path / "c.db")
    db.execute("BEGIN IMMEDIATE")
    db.execute("INSERT INTO meta (key, value) VALUES ('x', 'y')")
    reader = sqlite3.connect(tmp_path / "c.db", timeout=0.1)
    assert reader.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 0  # WAL: no "database is locked"
    db.execute("COMMIT")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_poll_daemon_stops_cleanly_on_sigterm_and_sigint(feed_server, tmp_path):
    import signal
    import time

    feed_server.set_feed("a", rss("A", [_story(n) for n in range(30)]))
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"poll: {{interval: 2s, workers: 1}}\nfeeds:\n  - {{name: a, url: '{feed_server.url('/doc/a')}'}}\n")
    db_path = tmp_path / "c.db"
    for sig in (signal.SIGTERM, signal.SIGINT):
        proc = subprocess.Popen([sys.executable, "-m", "crisis_tui", "poll", "--config", str(cfg), "--db", str(db_path)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        # SIGTERM once the first round is stored; SIGINT while the second process is at work
        wanted = "SELECT COUNT(*) FROM articles" if sig == signal.SIGTERM else "SELECT COUNT(*) FROM pollers"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if sqlite3.connect(db_path).execute(wanted).fetchone()[0]:
                    break
            except sqlite3.OperationalError:  # not created yet
                pass
            time.sleep(0.1)
        proc.send_signal(sig)
        out, err = proc.communicate(timeout=30)
        assert proc.returncode == 0, err
        assert "Traceback" not in err
        conn = sqlite3.connect(db_path)
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT COUNT(*) FROM pollers").fetchone()[0] == 0  # unregistered on the way out
    assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 30


def test_identical_body_without_validators_is_not_parsed_again(feed_server, tmp_path):
    feed_server.set_feed("p", rss("P", [_story(1), _story(2)]))
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"poll: {{workers: 1}}\nfeeds:\n  - {{name: p, url: '{feed_server.url('/plain/p')}'}}\n")
    first = run_round(cfg, tmp_path / "c.db")
    second = run_round(cfg, tmp_path / "c.db")
    assert first.ok == 1 and len(first.result.new) == 2
    assert second.not_modified == 1 and second.ok == 0 and second.result.seen == 0  # nothing parsed
    db = open_db(tmp_path / "c.db")
    assert db.execute("SELECT status, http_status, etag FROM feeds").fetchone() == ("not_modified", 200, None)
    assert feed_server.hits["/plain/p"] == 2


def test_validators_outside_ascii_are_sent_back_byte_for_byte(feed_server, tmp_path):
    # an ETag is opaque bytes: one with UTF-8 in it must come back as the same bytes, not fail
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"poll: {{workers: 1}}\nfeeds:\n  - {{name: o, url: '{feed_server.url('/odd-etag')}'}}\n")
    first = run_round(cfg, tmp_path / "c.db")
    second = run_round(cfg, tmp_path / "c.db")
    assert first.ok == 1 and len(first.result.new) == 1, first.failures
    assert second.not_modified == 1 and not second.failures, second.failures
    db = open_db(tmp_path / "c.db")
    assert db.execute("SELECT status, http_status FROM feeds").fetchone() == ("not_modified", 304)


def test_a_cookie_set_on_a_redirect_goes_back_on_the_next_hop(feed_server, tmp_path):
    # a consent check: the feed's URL redirects to itself with a cookie, then serves the feed.
    # The client's jar skips responses without Set-Cookie (a warm round's 304s), not cookies,
    # and a page visited again with a new cookie is not a redirect loop
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"poll: {{workers: 1}}\nfeeds:\n  - {{name: g, url: '{feed_server.url('/cookie-gate')}'}}\n")
    first = run_round(cfg, tmp_path / "c.db")
    assert first.ok == 1 and len(first.result.new) == 1, first.failures
    assert feed_server.hits["/cookie-gate"] == 2  # the redirect, then the feed


def test_a_dead_parser_process_is_replaced_and_the_round_goes_on(feed_server, tmp_path):
    import os
    import signal as sig

    feed_server.set_feed("a", rss("A", [_story(1)]))
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"poll: {{workers: 1}}\nfeeds:\n  - {{name: a, url: '{feed_server.url('/doc/a')}'}}\n")
    settings = load_settings(cfg)

    async def main():
        poller = Poller(tmp_path / "c.db", settings)
        await poller.start()
        try:
            first = await poller.poll_once()
            for pid in list(poller._pool._processes):  # the parser process dies (OOM killer, kill -9)
                os.kill(pid, sig.SIGKILL)
            await asyncio.sleep(0.5)
            feed_server.set_feed("a", rss("A", [_story(1), _story(2)]))
            second = await poller.poll_once()
            return first, second
        finally:
            await poller.close()

    first, second = asyncio.run(main())
    assert first.ok == 1 and second.ok == 1, second.failures
    assert len(second.result.new) == 1


def test_parse_results_cross_the_process_boundary_whole():
    # the workers pickle every parsed article and its tagging for the writer (models' builders)
    import pickle

    from crisis_tui.workers import parse_and_tag

    body = (FEEDS / "real" / "prettyparser__theguardian_world.xml").read_bytes()
    parsed, taggings = parse_and_tag(body, "http://127.0.0.1/feed", "application/xml", {})
    assert any(t.events for t in taggings) and any(e.casualties for t in taggings for e in t.events)
    hashes = [a.content_hash for a in parsed.articles]
    parsed2, taggings2 = pickle.loads(pickle.dumps((parsed, taggings), protocol=pickle.HIGHEST_PROTOCOL))
    assert parsed2.articles == parsed.articles and taggings2 == taggings
    assert [a._hash for a in parsed2.articles] == hashes  # the hash travels, not recomputed
    assert type(taggings2[0].events[0]).__name__ == "Event" and isinstance(taggings2[0].scores, dict)


def test_a_worker_makes_and_tags_only_what_changed_in_a_feed(feed_server, tmp_path):
    # The worker looks the feed's stored entries up in the archive itself. An entry that is what
    # was stored is not made into an article again (only its key comes back, as unchanged); an
    # entry edited without a change to its text (a new date) is made again but not tagged; a
    # new entry and one whose text changed are made and tagged.
    from crisis_tui import workers

    feed_server.set_feed("k", rss("K", [_story(1), _story(2), _story(4)]))
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"poll: {{workers: 1}}\nfeeds:\n  - {{name: k, url: '{feed_server.url('/doc/k')}'}}\n")
    run_round(cfg, tmp_path / "c.db")
    feed_id = open_db(tmp_path / "c.db").execute("SELECT id FROM feeds").fetchone()[0]
    body = rss("K", [_story(3), _story(1), {**_story(2), "date": "Tue, 17 Jun 2025 08:00:00 GMT"},
                     _story(4, "Body of story 4, now with more.")])
    workers.init_worker(archive=str(tmp_path / "c.db"))
    try:
        parsed, taggings = workers.parse_and_tag(body, feed_server.url("/doc/k"), "application/xml", None, feed_id)
        unknown, untold = workers.parse_and_tag(body, feed_server.url("/doc/k"), "application/xml", None, None)
    finally:
        workers.init_worker()  # this process's worker state back to no archive
    assert parsed.unchanged == ["story-1"]
    assert [a.entry_key for a in parsed.articles] == ["story-3", "story-2", "story-4"]
    assert [t is None for t in taggings] == [False, True, False]
    assert all(a.item_hash for a in parsed.articles)
    # no feed: nothing is known, everything is made and tagged
    assert unknown.unchanged == [] and len(unknown.articles) == 4 and None not in untold


def test_a_changed_feed_stores_its_entries_once_and_keeps_every_sighting_current(feed_server, tmp_path):
    # Round 2 sees the feed changed in one entry and grown by another: the unchanged entries are
    # not made again but still count as seen (last_seen, items_seen), the edited one is updated,
    # and every sighting holds the fingerprint of the entry it was last stored from.
    feed_server.set_feed("k", rss("K", [_story(1), _story(2), _story(3)]))
    cfg = tmp_path / "feeds.yaml"
    cfg.write_text(f"poll: {{workers: 1}}\nfeeds:\n  - {{name: k, url: '{feed_server.url('/doc/k')}'}}\n")
    db_path = tmp_path / "c.db"
    run_round(cfg, db_path)
    db = open_db(db_path)
    before = dict(db.execute("SELECT entry_key, item_hash FROM sightings").fetchall())
    assert len(before) == 3 and all(before.values())
    db.execute("UPDATE sightings SET last_seen = '2000-01-01T00:00:00Z'")
    db.conn.commit()
    feed_server.set_feed("k", rss("K", [_story(4), _story(1), _story(2, "Body of story 2, revised."), _story(3)]))
    second = run_round(cfg, db_path)
    assert len(second.result.new) == 1 and len(second.result.updated) == 1 and second.result.seen == 2
    after = dict(db.execute("SELECT entry_key, item_hash FROM sightings").fetchall())
    assert after["story-1"] == before["story-1"] and after["story-3"] == before["story-3"]
    assert after["story-2"] != before["story-2"] and after["story-4"]
    assert db.execute("SELECT COUNT(*) FROM sightings WHERE last_seen = '2000-01-01T00:00:00Z'").fetchone()[0] == 0
    assert db.execute("SELECT items_seen FROM feeds").fetchone()[0] == 4
    assert db.execute("SELECT summary FROM articles a JOIN sightings s ON s.article_id = a.id "
                      "WHERE s.entry_key = 'story-2'").fetchone()[0] == "Body of story 2, revised."
    assert db.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 4


def test_the_pipeline_holds_a_bounded_number_and_size_of_bodies_but_always_one():
    from crisis_tui.poller import Pipeline

    async def main():
        pipe = Pipeline(places=3, max_bytes=100)
        await pipe.enter(150)  # over the budget alone: it gets in, being the only one
        blocked = asyncio.create_task(pipe.enter(10))
        await asyncio.sleep(0.01)
        assert not blocked.done()  # 150 + 10 bytes would be over the budget
        await pipe.leave(150)
        await asyncio.wait_for(blocked, 1)
        await pipe.enter(40)
        await pipe.enter(40)  # three bodies, 90 bytes
        fourth = asyncio.create_task(pipe.enter(1))
        await asyncio.sleep(0.01)
        assert not fourth.done() and (pipe.count, pipe.bytes) == (3, 90)  # no fourth place
        await pipe.leave(40)
        await asyncio.wait_for(fourth, 1)
        return pipe.count, pipe.bytes

    assert asyncio.run(main()) == (3, 51)
