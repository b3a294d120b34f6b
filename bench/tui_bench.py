"""Dashboard speed: first paint, peak memory and key latency on a large archive.

    python bench/tui_bench.py [--articles 100000] [--events 50000] [--feeds 1000] [--runs 5]

Builds an archive with N articles and M events (bulk inserts with sqlite-utils, not through the
tagger), then, each in a fresh process so the numbers are the dashboard's own:
  * time to first paint: from creating the app to all four panes showing their rows;
  * peak memory (max RSS) of that process;
  * key latency: `down` presses answered while the dashboard's own poller polls F feeds served
    by a local HTTP server on 127.0.0.1 (median and p95 over many presses).
Prints medians over --runs runs. Goals (issue 4): paint < 500 ms, memory < 250 MB, keys < 50 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

LABELS = ("military", "diplomatic", "humanitarian")
KINDS = ("contact", "strike", "statement")
WORDS = ("Iran Israel strike missile talks ceasefire Oman envoy hospital Natanz Fordow Tehran Haifa "
         "drone minister said meeting phone aid convoy shelter refinery air defence").split()


def build(path: Path, n_articles: int, n_events: int) -> None:
    from crisis_tui.store import open_db

    rng = random.Random(7)
    db = open_db(path)
    feed_ids = [db["feeds"].insert({"name": f"bench-{i}", "kind": "http", "url": f"http://127.0.0.1/{i}",
                                    "status": "ok"}).last_pk for i in range(20)]
    start = time.time() - 30 * 86400

    def stamp(t: float) -> str:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))

    def articles():
        for i in range(1, n_articles + 1):
            t = start + i * (30 * 86400 / n_articles)
            title = " ".join(rng.choice(WORDS) for _ in range(8)).capitalize()
            labels = " ".join(sorted(rng.sample(LABELS, rng.randint(0, 2))))
            yield {"id": i, "title": title, "link": f"https://news.example/{i}", "canonical_url": f"https://news.example/{i}",
                   "source": f"Outlet {i % 40}", "feed_id": feed_ids[i % len(feed_ids)], "published": stamp(t),
                   "summary": " ".join(rng.choice(WORDS) for _ in range(30)), "content": "",
                   "content_hash": f"{i:032x}", "first_seen": stamp(t), "last_changed": stamp(t), "labels": labels,
                   "tagger_version": "bench"}

    db["articles"].insert_all(articles(), batch_size=5000)
    db["article_labels"].insert_all(
        ({"article_id": r[0], "label": label, "score": 0.8, "evidence": "[]", "tagger_version": "bench"}
         for r in db.execute("SELECT id, labels FROM articles WHERE labels != ''").fetchall()
         for label in r[1].split()), batch_size=5000)

    def events():
        for i in range(1, n_events + 1):
            article_id = rng.randint(1, n_articles)
            kind = KINDS[i % 3]
            t = start + article_id * (30 * 86400 / n_articles)
            row = {"id": i, "article_id": article_id, "kind": kind, "occurred": stamp(t), "created": stamp(t),
                   "sentence": "Iran and the United States spoke by phone.", "span_start": 0, "span_end": 10,
                   "tagger_version": "bench"}
            if kind == "contact":
                row.update(parties='["Iran", "United States"]', people='["Abbas Araghchi"]', mode="phone",
                           status="occurred", places="[]")
            elif kind == "strike":
                row.update(attacker="Israel", target="Iran", places='["Natanz"]', weapon="air", killed=rng.randint(0, 30))
            else:
                row.update(speaker="Abbas Araghchi", role="foreign minister", quote="We will respond", verb="said")
            yield row

    db["events"].insert_all(events(), batch_size=5000)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()


# --------------------------------------------------------------------------------------------
# Measurements, each run in a child process


def bench_settings(feeds: int = 0, port: int = 0):
    from crisis_tui.config import FeedConfig, bundled_config_path, load_settings

    settings = load_settings(bundled_config_path())
    feed_list = tuple(FeedConfig(name=f"load-{i}", url=f"http://127.0.0.1:{port}/feed/{i}", interval=10)
                      for i in range(feeds))
    poll = dataclasses.replace(settings.poll, concurrency=16, per_host=16, workers=2)
    return dataclasses.replace(settings, feeds=feed_list, poll=poll)


async def measure_paint(db: str) -> dict:
    from crisis_tui.tui.app import CrisisApp

    settings = bench_settings()  # loaded before the app, as the CLI does
    t0 = time.perf_counter()
    app = CrisisApp(settings, db, offline=True)
    async with app.run_test(size=(160, 48)) as pilot:
        while not (app.main is not None and app.main.is_mounted and all(p.loaded for p in app.main.panes.values())):
            await asyncio.sleep(0.002)
        painted = asyncio.get_running_loop().create_future()
        app.call_after_refresh(lambda: painted.done() or painted.set_result(time.perf_counter()))
        paint = await painted - t0  # the next screen refresh has drawn the rows
        rows = {k: p.row_count for k, p in app.main.panes.items()}
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"paint_ms": paint * 1000, "rss_mb": rss_mb, "rows": rows}


class FeedHandler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802
        n = self.path.rsplit("/", 1)[-1]
        items = "".join(
            f"<item><title>Report {n}-{j} at {time.time_ns()}: Iran and Israel exchange strikes near Natanz</title>"
            f"<link>http://127.0.0.1/{n}/{j}</link><guid>{n}-{j}-{time.time_ns()}</guid>"
            f"<description>Israel struck Iran at Natanz, officials said. Iran's foreign minister spoke by phone "
            f"with the Omani envoy.</description><pubDate>Mon, 16 Jun 2025 10:00:00 GMT</pubDate></item>"
            for j in range(3))
        body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>Load {n}</title>{items}</channel></rss>'.encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


async def measure_keys(db: str, feeds: int, presses: int) -> dict:
    from textual import events

    from crisis_tui.tui.app import CrisisApp

    server = ThreadingHTTPServer(("127.0.0.1", 0), FeedHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    app = CrisisApp(bench_settings(feeds, port), db, poll=True)
    latencies = []
    async with app.run_test(size=(160, 48)) as pilot:
        while not (app.main is not None and app.main.is_mounted and all(p.loaded for p in app.main.panes.values())):
            await asyncio.sleep(0.01)
        reader = app.reader
        start_id = reader.max_id("wire")
        # wait until the poll really stores articles (the parser processes take a moment to start)
        for _ in range(1200):
            if reader.max_id("wire") > start_id:
                break
            await asyncio.sleep(0.05)
        before = reader.max_id("wire")
        pane = app.main.panes["wire"]
        await pilot.press("4")
        loop = asyncio.get_running_loop()
        for i in range(presses):
            row = pane.cursor_row
            key = "down" if i % 40 < 20 else "up"
            t = time.perf_counter()
            # the key as the terminal driver delivers it; answered = the moved cursor is drawn
            app._driver.send_message(events.Key(key, None))
            while pane.cursor_row == row:
                await asyncio.sleep(0)
            painted = loop.create_future()
            app.call_after_refresh(lambda f=painted: f.done() or f.set_result(time.perf_counter()))
            latencies.append((await painted - t) * 1000)
            await asyncio.sleep(0.05)
        stored = reader.max_id("wire") - before
        feeds_done = reader._rows("SELECT COUNT(*) AS n FROM feeds WHERE status != 'new' AND name LIKE 'load-%'")[0]["n"]
        await app.stop_polling()
    server.shutdown()
    latencies.sort()
    return {"key_median_ms": statistics.median(latencies), "key_p95_ms": latencies[int(len(latencies) * 0.95) - 1],
            "articles_stored_during": stored, "feeds_polled": feeds_done}


def child(args) -> None:
    if args.child == "paint":
        result = asyncio.run(measure_paint(args.db))
    else:
        result = asyncio.run(measure_keys(args.db, args.feeds, args.presses))
    print(json.dumps(result))


def run_child(kind: str, db: Path, args) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", kind, "--db", str(db), "--feeds", str(args.feeds),
                          "--presses", str(args.presses)], capture_output=True, text=True, timeout=900)
    if out.returncode != 0:
        raise SystemExit(f"{kind} run failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=50_000)
    parser.add_argument("--feeds", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--presses", type=int, default=100)
    parser.add_argument("--child", choices=("paint", "keys"))
    parser.add_argument("--db")
    args = parser.parse_args()
    if args.child:
        child(args)
        return
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.db"
        t = time.perf_counter()
        build(db, args.articles, args.events)
        print(f"archive: {args.articles} articles, {args.events} events, built in {time.perf_counter() - t:.1f} s, "
              f"{db.stat().st_size / 1e6:.0f} MB")
        paints = [run_child("paint", db, args) for _ in range(args.runs)]
        print(f"first paint: median {statistics.median(p['paint_ms'] for p in paints):.0f} ms "
              "(runs: " + ", ".join(f"{p['paint_ms']:.0f}" for p in paints) + f"); rows per pane {paints[0]['rows']}")
        print(f"peak memory (max RSS): median {statistics.median(p['rss_mb'] for p in paints):.0f} MB")
        keys = [run_child("keys", Path(shutil_copy(db, tmp, i)), args) for i in range(max(1, args.runs // 2))]
        print(f"key latency during a poll of {args.feeds} local feeds: median "
              f"{statistics.median(k['key_median_ms'] for k in keys):.1f} ms, p95 "
              f"{statistics.median(k['key_p95_ms'] for k in keys):.1f} ms "
              "(articles stored while keys were pressed: " + ", ".join(str(k["articles_stored_during"]) for k in keys)
              + "; feeds polled by the end: " + ", ".join(str(k["feeds_polled"]) for k in keys) + ")")


def shutil_copy(db: Path, tmp: str, i: int) -> Path:
    import shutil

    dest = Path(tmp) / f"keys-{i}.db"
    shutil.copyfile(db, dest)
    return dest


if __name__ == "__main__":
    main()
