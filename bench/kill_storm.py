"""kill -9 of the poller at random moments, N times (default 50), against a local farm.

After every kill the archive must pass PRAGMA integrity_check; at the end (the farm having changed
half-way, and one run finishing) every served article is stored exactly once, no feed skipped an
entry, and every alert-worthy article has exactly one alert. Prints what it found.

    python bench/kill_storm.py [--kills 50] [--feeds 60] [--items 30] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))

from fault_farm import build_farm, check_archive, count, kill_at_random_moments, poll_command, write_config  # noqa: E402
from feedserver import FeedServer  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kills", type=int, default=50)
    ap.add_argument("--feeds", type=int, default=60)
    ap.add_argument("--items", type=int, default=30)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    started = time.monotonic()
    with tempfile.TemporaryDirectory() as tmp, FeedServer() as server:
        tmp = Path(tmp)
        db = tmp / "archive.db"
        cfg = write_config(tmp / "feeds.yaml", server, args.feeds)
        expected = build_farm(server, args.feeds, args.items)
        mid_ingest, bad_integrity = 0, 0
        for i in range(args.kills):
            if i == args.kills // 2:
                expected = build_farm(server, args.feeds, args.items, round_=5)  # the farm changes
            total = sum(expected.values())
            at = kill_at_random_moments(cfg, db, 1, rng, total)[0]
            mid_ingest += 0 < at < total
            conn = sqlite3.connect(db, timeout=30)
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
            conn.close()
            bad_integrity += ok != "ok"
            if at >= total:  # everything stored: start again so the next kill lands mid-ingest
                db.unlink()
                for extra in tmp.glob("archive.db-*"):
                    extra.unlink()
            print(f"kill {i + 1:>3}: {at:>6} of {total} entries stored, integrity {ok}", flush=True)
        done = subprocess.run(poll_command(cfg, db), capture_output=True, text=True, timeout=600)
        problems = check_archive(db, expected) if done.returncode == 0 else [f"final run failed: {done.stderr[-500:]}"]
        print(f"\nkills: {args.kills} ({mid_ingest} mid-ingest), integrity failures: {bad_integrity}")
        print(f"final: {count(db, 'SELECT COUNT(*) FROM articles')} articles, "
              f"{count(db, 'SELECT COUNT(*) FROM alerts')} alerts for {sum(expected.values())} served")
        print("problems: " + ("; ".join(problems) if problems else "none"))
        print(f"wall time: {time.monotonic() - started:.0f} s")
        return 1 if problems or bad_integrity else 0


if __name__ == "__main__":
    sys.exit(main())
