"""Search speed on an archive of 1,000,000 articles: prints median and p95 per query and overall.

    python bench/search_bench.py [--articles 1000000] [--rebuild] [--runs 5]

The archive is built once (fixed seed, a few minutes) and cached as bench/out/search_<N>.db. Its
text is realistic: sentences from the labelled crisis data in /work/shared/eval and the seed
documents, recombined, with a share of words swapped for draws from the same corpus's word
frequencies, so common words are common and rare ones rare. The full-text index is built in bulk
(triggers dropped during the load, then FTS5 'rebuild'), the way a large import should be.
The goal is a median search under 50 ms.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crisis_tui.search import search  # noqa: E402
from crisis_tui.store import open_db  # noqa: E402

OUT = ROOT / "bench" / "out"
SHARED = Path("/work/shared")
SEED = 20250613

QUERIES = [
    # (what, query, filters)
    ("common word", "iran", {}),
    ("two words", "nuclear talks", {}),
    ("phrase", '"foreign minister"', {}),
    ("prefix", "negotiat*", {}),
    ("OR", "drone OR missile", {}),
    ("AND NOT", "strike NOT israel", {}),
    ("rare word", "consortium", {}),
    ("pasted headline", "Iran's FM: talks with U.S. 'constructive' - Reuters", {}),
    ("grouped", "(ceasefire OR truce) AND gaza", {}),
    ("label filter", "hospital", {"label": "humanitarian"}),
    ("since filter", "sanctions", {"since": "2025-06-01"}),
    ("by time", "ukraine", {"sort": "time"}),
    ("events of kind", "talks", {"kind": "contact"}),
    ("source filter", "attack", {"source": "wire-07"}),
]


def corpus_sentences() -> list[str]:
    sentences: list[str] = []
    for line in (SHARED / "eval" / "dev.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            sentences.append(json.loads(line)["text"])
    for line in (SHARED / "eval" / "news_dev.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            sentences += re.split(r"(?<=[.!?])\s+", json.loads(line)["text"])
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        sentences += re.split(r"(?<=[.!?])\s+", path.read_text(encoding="utf-8"))
    return [s.strip() for s in sentences if len(s.split()) >= 4]


def build(path: Path, n: int) -> None:
    rng = random.Random(SEED)
    sentences = corpus_sentences()
    words = [w for s in sentences for w in s.split()]
    vocab: dict[str, int] = {}
    for w in words:
        vocab[w] = vocab.get(w, 0) + 1
    # Unseen words too, so the index has a long tail like a real archive (names, places, typos).
    vocab_words = list(vocab) + [f"{rng.choice(words).strip('.,')}{rng.randrange(1000)}" for _ in range(50_000)]
    cum, total = [], 0
    for w in vocab_words:
        total += vocab.get(w, 1)
        cum.append(total)

    def text(k: int) -> str:
        out = []
        for s in rng.sample(sentences, k):
            ws = s.split()
            for i in range(len(ws)):
                if rng.random() < 0.3:
                    ws[i] = rng.choices(vocab_words, cum_weights=cum)[0]
            out.append(" ".join(ws))
        return " ".join(out)

    if path.exists():
        path.unlink()
    db = open_db(path)
    conn = db.conn
    triggers = [r[0] for r in conn.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'articles'")]
    for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'articles'").fetchall():
        conn.execute(f'DROP TRIGGER "{name}"')
    conn.execute("PRAGMA synchronous = OFF")
    feeds = [(i + 1, f"wire-{i:02d}", "http", f"https://example.org/{i}/rss") for i in range(40)]
    conn.executemany("INSERT INTO feeds (id, name, kind, url) VALUES (?, ?, ?, ?)", feeds)
    labels = ("military", "diplomatic", "humanitarian")
    kinds = ("contact", "strike", "statement")
    t0 = time.perf_counter()
    batch = 20_000
    event_id = 0
    for start in range(0, n, batch):
        arts, sights, labs, events = [], [], [], []
        for i in range(start + 1, min(n, start + batch) + 1):
            # Two years of news, evenly: newer articles have higher ids, as in a real archive.
            day = 730 * i // n
            published = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(1688169600 + day * 86400 + rng.randrange(86400)))
            feed = rng.randrange(40) + 1
            title = " ".join(rng.choice(sentences).split()[:rng.randint(6, 14)])
            lab = [lb for lb in labels if rng.random() < 0.25]
            arts.append((i, title, f"https://example.org/{feed}/{i}", f"https://example.org/{feed}/{i}", f"Wire {feed:02d}",
                         feed, published, text(rng.randint(1, 2)), text(rng.randint(3, 6)), f"{i:032x}",
                         published, published, " ".join(lab)))
            sights.append((feed, f"guid-{i}", i, published, published))
            labs += [(i, lb, 0.8, "[]", "bench") for lb in lab]
            if rng.random() < 0.15:
                event_id += 1
                events.append((event_id, i, rng.choice(kinds), published, published, title, 0, len(title), "bench"))
        with db.atomic():
            conn.executemany(
                "INSERT INTO articles (id, title, link, canonical_url, source, feed_id, published, summary, content, "
                "content_hash, first_seen, last_changed, labels) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", arts)
            conn.executemany("INSERT INTO sightings VALUES (?, ?, ?, ?, ?)", sights)
            conn.executemany("INSERT INTO article_labels VALUES (?, ?, ?, ?, ?)", labs)
            conn.executemany(
                "INSERT INTO events (id, article_id, kind, occurred, created, sentence, span_start, span_end, "
                "tagger_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", events)
        done = min(n, start + batch)
        print(f"\r  {done:,} articles ({time.perf_counter() - t0:.0f} s)", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    t1 = time.perf_counter()
    conn.execute("INSERT INTO articles_fts(articles_fts) VALUES('rebuild')")
    conn.execute("INSERT INTO articles_fts(articles_fts) VALUES('optimize')")
    for sql in triggers:
        conn.execute(sql)
    conn.execute("ANALYZE")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(f"  full-text index built in {time.perf_counter() - t1:.0f} s", file=sys.stderr)
    conn.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--rebuild", action="store_true", help="build the archive again even if cached")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each query (after one warm-up)")
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"search_{args.articles}.db"
    if args.rebuild or not path.exists():
        print(f"building {path} ({args.articles:,} articles; this takes a few minutes)", file=sys.stderr)
        t = time.perf_counter()
        build(path, args.articles)
        print(f"built in {time.perf_counter() - t:.0f} s, {path.stat().st_size / 1e9:.2f} GB", file=sys.stderr)

    db = open_db(path)
    n = db.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
    print(f"archive: {n:,} articles, {path.stat().st_size / 1e9:.2f} GB")
    print(f"{'query':<18} {'median ms':>10} {'p95 ms':>8} {'hits':>5}  text")
    all_times: list[float] = []
    for what, q, filters in QUERIES:
        hits = len(search(db, q, **filters))  # warm-up: page cache, statement cache
        times = []
        for _ in range(args.runs):
            t = time.perf_counter()
            search(db, q, **filters)
            times.append((time.perf_counter() - t) * 1000)
        all_times += times
        print(f"{what:<18} {statistics.median(times):>10.1f} {p95(times):>8.1f} {hits:>5}  {q} {filters or ''}")
    print(f"{'ALL':<18} {statistics.median(all_times):>10.1f} {p95(all_times):>8.1f}  "
          f"({len(all_times)} searches; goal: median < 50 ms)")
    return 0


def p95(values: list[float]) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, round(0.95 * (len(s) - 1)))]


if __name__ == "__main__":
    raise SystemExit(main())
