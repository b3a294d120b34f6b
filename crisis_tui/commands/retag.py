"""crisis-tui retag: re-tag the archive with the current tagger, in short transactions.

Articles are read and tagged outside any transaction (in worker processes); each batch's new
labels and events are then written in one short transaction, so a running poller waits at most
one batch for the write lock.

Alert rules are run for articles first seen in the last ALERT_HOURS only (unless --all-alerts):
a new tagger finding an event in last month's news must not page the person watching.
"""

from __future__ import annotations

import concurrent.futures
import sys
import time
from datetime import timedelta

BATCH = 200
ALERT_HOURS = 48  # the event clusters' window: older news is no longer news to alert on


def add_arguments(parser):
    parser.add_argument("--all", action="store_true",
                        help="re-tag every article, not only those tagged by another tagger version")
    parser.add_argument("--workers", type=int, default=0, help="tagging processes (default: one per core, at most 4)")
    parser.add_argument("--all-alerts", action="store_true",
                        help=f"run the alert rules for every re-tagged article, not only those first seen in "
                             f"the last {ALERT_HOURS} hours")


def run(args, ctx) -> int:
    from crisis_tui.ingest import Ingestor, write_tagging
    from crisis_tui.models import Article
    from crisis_tui.poller import default_workers
    from crisis_tui.workers import init_worker, tag_texts, worker_context
    from crisis_tui.store import iso, now_iso, open_db, utcnow, write_transaction
    from crisis_tui.tagger import TAGGER_VERSION

    db = open_db(ctx.db_path)
    where = "" if args.all else "WHERE tagger_version IS NULL OR tagger_version != ?"
    params = [] if args.all else [TAGGER_VERSION]
    total = db.execute(f"SELECT COUNT(*) FROM articles {where}", params).fetchone()[0]
    if not total:
        print(f"nothing to re-tag: every article is tagged by {TAGGER_VERSION}")
        return 0
    ids = [r[0] for r in db.execute(f"SELECT id FROM articles {where} ORDER BY id", params)]
    ingestor = Ingestor(db, rules=ctx.settings.alerts)
    pool = concurrent.futures.ProcessPoolExecutor(
        default_workers(args.workers), mp_context=worker_context(),
        initializer=init_worker, initargs=(ctx.settings.actors, ctx.settings.places))
    progress = _progress(total)
    done = events = alerts = quiet = 0
    alert_since = "" if args.all_alerts else iso(utcnow() - timedelta(hours=ALERT_HOURS))
    started = time.monotonic()
    try:
        batches = [ids[i:i + BATCH] for i in range(0, len(ids), BATCH)]

        def texts_of(batch):
            rows = db.execute(
                f"SELECT id, first_seen, title, summary, content FROM articles WHERE id IN ({','.join('?' * len(batch))})",
                batch).fetchall()
            return [(r[0], r[1]) for r in rows], [Article(entry_key="", title=r[2], summary=r[3], content=r[4]).text
                                                  for r in rows]

        # keep two batches in the pool while one is written
        pending = []
        for batch in batches[:2]:
            got, texts = texts_of(batch)
            pending.append((got, pool.submit(tag_texts, texts)))
        next_batch = 2
        while pending:
            got, future = pending.pop(0)
            taggings = future.result()
            if next_batch < len(batches):
                more, texts = texts_of(batches[next_batch])
                pending.append((more, pool.submit(tag_texts, texts)))
                next_batch += 1
            now = now_iso()
            with write_transaction(db):  # takes the lock first: a poller may be writing too
                for (article_id, first_seen), tagging in zip(got, taggings):
                    event_ids = write_tagging(db, article_id, tagging, now)
                    events += len(event_ids)
                    if first_seen >= alert_since:
                        alerts += len(ingestor.fire_alerts(article_id, event_ids, now))
                    else:
                        quiet += 1
            done += len(got)
            progress(done)
    finally:
        pool.shutdown(cancel_futures=True)
    elapsed = time.monotonic() - started
    print(f"re-tagged {done} articles with {TAGGER_VERSION} in {elapsed:.1f} s "
          f"({done / elapsed if elapsed else 0:.0f}/s): {events} events, {alerts} new alerts")
    if quiet:
        print(f"alert rules not run for {quiet} articles first seen more than {ALERT_HOURS} hours ago "
              f"(--all-alerts runs them)")
    return 0


def _progress(total: int):
    """A progress bar on a terminal, a line every 10% otherwise."""
    if sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import Progress

        bar = Progress(console=Console(stderr=True), transient=True)
        task = bar.add_task("re-tagging", total=total)
        bar.start()

        def update(done: int) -> None:
            bar.update(task, completed=done)
            if done >= total:
                bar.stop()

        return update
    step = max(1, total // 10)
    state = {"next": step}

    def update(done: int) -> None:
        if done >= state["next"] or done >= total:
            print(f"re-tagged {done}/{total}", file=sys.stderr, flush=True)
            state["next"] = done + step

    return update
