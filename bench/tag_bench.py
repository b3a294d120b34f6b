"""Tagger speed on one core: feed items/s (~80 words), full articles/s (~600 words),
sentences/s over dev.jsonl, the time for one run-on text (the poller's cap, 200,000 characters
with no full stop: the news words, and a hostile one of cue words and names over and over), and
peak memory. Prints medians of 5 runs (3 for the last two).

Time is CPU time of this process (`time.process_time`), not wall time: the figures hold on a
machine busy with other work.

    python bench/tag_bench.py [path/to/dev.jsonl]

On a busy machine even CPU time moves by 20% from run to run. To compare two versions of the
tagger, count instructions instead (deterministic to about 3%; fix PYTHONHASHSEED):

    PYTHONHASHSEED=0 valgrind --tool=cachegrind --cache-sim=no --cachegrind-out-file=/dev/null \
        python -c "..."   # tag the texts N times and once; the difference over N-1 runs
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
import time
from pathlib import Path

from crisis_tui.tagger import Tagger

HERE = Path(__file__).resolve().parent
DEV = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parents[1] / "shared" / "eval" / "dev.jsonl"
NEWS = DEV.parent / "news_dev.jsonl"


def rate(tagger, texts, runs=5):
    out = []
    for _ in range(runs):
        t0 = time.process_time()
        for t in texts:
            tagger.tag(t)
        out.append(len(texts) / max(1e-9, time.process_time() - t0))
    return statistics.median(out)


def main() -> int:
    t0 = time.perf_counter()
    tagger = Tagger()
    build = time.perf_counter() - t0
    news = [json.loads(line)["text"] for line in NEWS.read_text().splitlines() if line.strip()]
    dev = [json.loads(line)["text"] for line in DEV.read_text().splitlines() if line.strip()]
    words = " ".join(news).split()
    # feed items: title + summary of about 80 words; articles: about 600 words
    feed = [" ".join(words[i:i + 12]) + "\n\n" + " ".join(words[i + 12:i + 80]) for i in range(0, len(words) - 80, 37)]
    feed = (feed * (2000 // len(feed) + 1))[:2000]
    articles = [" ".join(words[i:i + 600]) for i in range(0, len(words) - 600, 97)]
    articles = (articles * (300 // max(1, len(articles)) + 1))[:300]
    print(f"tagger build: {build * 1000:.0f} ms")
    print(f"feed items/s (~80 words):     {rate(tagger, feed):,.0f}")
    print(f"full articles/s (~600 words): {rate(tagger, articles):,.0f}")
    print(f"dev sentences/s:              {rate(tagger, dev, runs=3):,.0f}")
    news_run_on = " ".join(w.strip(".!?") for w in words)
    cue_run_on = "the Iranian missile strike on Israel killed 5 and Araghchi said in Tehran talks with Oman "
    ms = [1000 / rate(tagger, [(t * (200_000 // len(t) + 1))[:200_000]], runs=3) for t in (news_run_on, cue_run_on)]
    print(f"run-on text (200,000 chars):  {ms[0]:,.0f} ms (news words), {ms[1]:,.0f} ms (cue words)")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
