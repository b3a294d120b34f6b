"""The poller: fetches feeds and documents on their schedules and hands them to the ingest path.

One asyncio loop with one shared httpx.AsyncClient (on our lean HTTP/1.1 transport); a global
limit and a per-host limit on requests in flight; feeds parsed and tagged in a process pool
(parsing and tagging are the expensive part); every database write on one writer thread, each
feed all-or-nothing, feeds that queue up for the writer committed together. A feed's failure
is a result recorded on its row, never an exception that stops the loop."""

from __future__ import annotations

import asyncio
import collections
import concurrent.futures
import contextlib
import hashlib
import json
import os
import random
import socket
import sqlite3
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Callable
from urllib.parse import urlsplit

import httpx

from crisis_tui.display import plural
from crisis_tui.ingest import Ingestor, IngestResult
from crisis_tui.sources.documents import FEED_SUFFIXES, scan_documents
from crisis_tui.sources.http import Fetch, FeedClient, fetch_feed
from crisis_tui.sources.transport import LeanTransport
from crisis_tui.store import iso, now_iso, open_db, sync_feeds, update_row, utcnow
# (crisis_tui.workers, with the parser and multiprocessing, is imported when the workers are
# first needed: a round where every feed answers 304 never parses, and its start is a tenth of it)

HEARTBEAT_SECONDS = 5.0
STALE_HEARTBEAT_SECONDS = 20.0  # a poller silent this long is gone
WRITER_CACHE_KB = 16 * 1024  # the writer connection's page cache
WRITER_CHECKPOINT_PAGES = 8192  # WAL pages (of 4 KB) before the writer checkpoints
# Bodies waiting for the workers and the writer: places per request slot (concurrency; fewer
# made the bench farm's cold round slower), and a byte budget, so that memory stays bounded
# whatever the feeds' sizes (places alone allowed 16 bodies of max_bytes each: 160 MB).
PIPELINE_PLACES_PER_SLOT = 2
PIPELINE_BYTES = 32 * 1024 * 1024
GROUP_COMMIT_ITEMS = 2000  # entries committed together at most when feeds queue up for the writer


class Pipeline:
    """Feed bodies between their fetch and their commit: at most `places` of them, and at most
    `max_bytes` of body, except that one body always gets in (so memory stays bounded whatever
    the feeds' sizes, and a feed as large as the limit still goes through)."""

    def __init__(self, places: int, max_bytes: int):
        self.places = places
        self.max_bytes = max_bytes
        self.count = 0
        self.bytes = 0
        self._changed = asyncio.Condition()

    def _room_for(self, size: int) -> bool:
        return self.count == 0 or (self.count < self.places and self.bytes + size <= self.max_bytes)

    async def enter(self, size: int) -> None:
        async with self._changed:
            await self._changed.wait_for(lambda: self._room_for(size))
            self.count += 1
            self.bytes += size

    async def leave(self, size: int) -> None:
        self.count -= 1  # first: a task cancelled while waiting for the lock below still leaves
        self.bytes -= size
        async with self._changed:
            self._changed.notify_all()

    @contextlib.asynccontextmanager
    async def place(self, size: int):
        await self.enter(size)
        try:
            yield
        finally:
            await self.leave(size)


@dataclass
class FeedOutcome:
    """What happened to one feed in one poll."""

    feed_id: int
    name: str
    status: str  # ok | not_modified | error
    message: str | None = None  # error or warning, in words
    result: IngestResult = field(default_factory=IngestResult)


@dataclass
class RoundSummary:
    ok: int = 0
    not_modified: int = 0
    failed: int = 0
    result: IngestResult = field(default_factory=IngestResult)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (feed name, message)

    def add(self, outcome: FeedOutcome) -> None:
        if outcome.status == "ok":
            self.ok += 1
        elif outcome.status == "not_modified":
            self.not_modified += 1
        else:
            self.failed += 1
            self.failures.append((outcome.name, outcome.message or "failed"))
        self.result += outcome.result

    def line(self) -> str:
        r = self.result
        return (f"feeds: {self.ok} ok, {self.not_modified} not modified, {self.failed} failed; "
                f"articles: {len(r.new)} new, {len(r.updated)} updated; "
                f"events: {len(r.events)}; alerts: {len(r.alerts)}")


def run_loop(coro):
    """Run a poller coroutine on its own event loop: uvloop's where it is installed (Linux and
    macOS), else asyncio's. uvloop cut a round of 1,000 conditional GETs by about 30% of CPU."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(coro)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(coro)


def _settle(future: asyncio.Future, result, exc: BaseException | None) -> None:
    if not future.done():  # the waiting task may have been cancelled
        if exc is not None:
            future.set_exception(exc)
        else:
            future.set_result(result)


def _failure_words(exc: Exception) -> str:
    """An unexpected failure of one feed, in words: the archive's own troubles said plainly."""
    text = str(exc)
    if isinstance(exc, sqlite3.OperationalError):
        low = text.lower()
        if "disk is full" in low or "database or disk is full" in low:
            return "the archive's disk is full: nothing of this feed was stored; will retry"
        if "readonly" in low or "read-only" in low:
            return "the archive is read-only: nothing of this feed was stored; will retry"
        if "locked" in low:
            return "the archive was locked by another writer for too long; will retry"
        return f"archive error: {text}; will retry"
    return f"internal error: {type(exc).__name__}: {text}"


def default_workers(configured: int) -> int:
    if configured:
        return configured
    return max(1, min(4, os.cpu_count() or 1))


# --------------------------------------------------------------------------------------------


class Poller:
    """Polls the configured feeds into the archive at `db_path`."""

    def __init__(
        self,
        db_path: str | os.PathLike,
        settings,
        *,
        mode: str = "poll",
        on_feed: Callable[[FeedOutcome], None] | None = None,
        workers: int | None = None,
    ):
        self.db_path = Path(db_path)
        self.settings = settings
        self.poll = settings.poll
        self.mode = mode
        self.on_feed = on_feed
        self.workers = default_workers(workers if workers is not None else self.poll.workers)
        self._writer = concurrent.futures.ThreadPoolExecutor(1, thread_name_prefix="crisis-writer")
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._pool_lock = asyncio.Lock()
        self._db = None
        self._ingestor: Ingestor | None = None
        self._global = asyncio.Semaphore(self.poll.concurrency)
        # Fetched bodies waiting to be parsed and stored: bounds memory when parsing or writing is
        # slower than downloading (the round is processed as it arrives, never held whole).
        self._pipeline = Pipeline(max(4, self.poll.concurrency * PIPELINE_PLACES_PER_SLOT), PIPELINE_BYTES)
        self._health: list[tuple[int, dict]] = []  # not-modified updates, written in batches
        self._store_queue: collections.deque = collections.deque()  # feeds waiting for the writer
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._inflight: set[int] = set()
        self.poller_id = f"{socket.gethostname()}:{os.getpid()}"
        self._rng = random.Random()

    # -- database access, always on the writer thread ----------------------------------------

    async def _db_call(self, fn, *args):
        return await asyncio.get_running_loop().run_in_executor(self._writer, fn, *args)

    def _open(self) -> None:
        self._db = open_db(self.db_path)
        # A batch of feeds dirties more pages than SQLite's default 2 MB cache holds: it then
        # spills them to the WAL mid-transaction and reads index pages back. 16 MB cut the
        # writer's CPU for the bench farm's cold round by about a fifth.
        self._db.conn.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KB}")
        # Checkpoint the WAL every 32 MB instead of every 4 MB: pages written again and again in
        # a busy round (index and FTS pages) are copied into the database once, and the writer
        # stops for fewer fsyncs (-10% of its time in a first round of the bench farm).
        self._db.conn.execute(f"PRAGMA wal_autocheckpoint = {WRITER_CHECKPOINT_PAGES}")
        self._ingestor = Ingestor.from_settings(self._db, self.settings)
        sync_feeds(self._db, self.settings)

    async def start(self) -> None:
        await self._db_call(self._open)
        await self._db_call(self._heartbeat, True)

    async def close(self) -> None:
        try:
            await self._db_call(self._unregister)
        except Exception:
            pass
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
        self._writer.shutdown(wait=True)  # writes in flight finish

    def _heartbeat(self, starting: bool = False, round_started: str | None = None,
                   round_finished: str | None = None) -> None:
        now = now_iso()
        host, pid = self.poller_id.rsplit(":", 1)
        with self._db.atomic():
            self._db.execute(
                "INSERT INTO pollers (id, host, pid, mode, started, heartbeat) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(id) DO UPDATE SET heartbeat = excluded.heartbeat, mode = excluded.mode",
                [self.poller_id, host, int(pid), self.mode, now, now],
            )
            if round_started:
                self._db.execute("UPDATE pollers SET round_started = ? WHERE id = ?", [round_started, self.poller_id])
            if round_finished:
                self._db.execute("UPDATE pollers SET round_finished = ? WHERE id = ?", [round_finished, self.poller_id])
                self._db.execute("INSERT INTO meta (key, value) VALUES ('last_round', ?) "
                                 "ON CONFLICT(key) DO UPDATE SET value = excluded.value", [round_finished])

    def _unregister(self) -> None:
        with self._db.atomic():
            self._db.execute("DELETE FROM pollers WHERE id = ?", [self.poller_id])

    async def _in_pool(self, fn, *args):
        """Run fn in a worker process; a pool broken by a dead worker is replaced, once per call."""
        loop = asyncio.get_running_loop()
        for attempt in (1, 2):
            pool = await self._pool_get()
            try:
                return await loop.run_in_executor(pool, fn, *args)
            except concurrent.futures.BrokenExecutor:  # (the process pool's BrokenProcessPool)
                if self._pool is pool:  # the first task to notice replaces it
                    self._pool = None
                    pool.shutdown(wait=False, cancel_futures=True)
                if attempt == 2:
                    raise

    async def _pool_get(self) -> concurrent.futures.ProcessPoolExecutor:
        async with self._pool_lock:
            if self._pool is None:
                # started in a thread: starting a process blocks (a fork server answers once it
                # has imported the tagger, 0.1 s), and the loop must go on fetching meanwhile
                self._pool = await asyncio.to_thread(self._start_pool)
        return self._pool

    def _start_pool(self) -> concurrent.futures.ProcessPoolExecutor:
        from crisis_tui.workers import init_worker, worker_context

        pool = concurrent.futures.ProcessPoolExecutor(
            self.workers, mp_context=worker_context(),
            initializer=init_worker, initargs=(self.settings.actors, self.settings.places, str(self.db_path)),
        )
        for _ in range(self.workers):  # a task that finds no idle worker starts one: all start here
            pool.submit(os.getpid)
        return pool

    # -- scheduling -------------------------------------------------------------------------

    def _feed_rows(self, due_only: bool) -> list[dict]:
        sql = "SELECT * FROM feeds WHERE enabled = 1"
        args: list = []
        if due_only:
            sql += " AND (next_poll IS NULL OR next_poll <= ?)"
            args.append(now_iso())
        return list(self._db.query(sql + " ORDER BY name", args))

    async def poll_once(self, client: httpx.AsyncClient | None = None) -> RoundSummary:
        """Poll every enabled feed once, whatever its schedule."""
        rows = await self._db_call(self._feed_rows, False)
        # grouped by host, so kept-alive connections are reused instead of churned
        rows.sort(key=lambda r: (urlsplit(r["url"]).hostname or "") if r.get("url") else "")
        return await self._poll_rows(rows, client)

    async def poll_local(self) -> RoundSummary:
        """Poll only the local documents and feed files (no network): for --offline."""
        rows = await self._db_call(self._feed_rows, False)
        return await self._poll_rows([r for r in rows if r["kind"] == "file"], None)

    async def _poll_rows(self, rows: list[dict], client: httpx.AsyncClient | None) -> RoundSummary:
        summary = RoundSummary()
        started = now_iso()
        await self._db_call(lambda: self._heartbeat(round_started=started))
        # no HTTP client at all when only local documents and files are polled (offline)
        own = client is None and any(r["kind"] == "http" for r in rows)
        if own:
            client = self.make_client()
        try:
            tasks = [asyncio.create_task(self.poll_feed(row, client)) for row in rows]
            for task in asyncio.as_completed(tasks):
                outcome = await task
                summary.add(outcome)
                if self.on_feed:
                    self.on_feed(outcome)
        finally:
            if own:
                await client.aclose()
            await self.flush_health()
        await self._db_call(lambda: self._heartbeat(round_finished=now_iso()))
        return summary

    async def run(self, stop: asyncio.Event) -> None:
        """Poll each feed on its own interval until `stop` is set."""
        client = self.make_client()
        tasks: set[asyncio.Task] = set()
        last_beat = 0.0
        loop = asyncio.get_running_loop()
        try:
            while not stop.is_set():
                await self.flush_health()
                if loop.time() - last_beat >= HEARTBEAT_SECONDS:
                    await self._db_call(self._heartbeat)
                    last_beat = loop.time()
                rows = await self._db_call(self._feed_rows, True)
                for row in rows:
                    if row["id"] not in self._inflight:
                        self._inflight.add(row["id"])
                        task = asyncio.create_task(self._run_one(row, client))
                        tasks.add(task)
                        task.add_done_callback(tasks.discard)
                try:
                    await asyncio.wait_for(stop.wait(), timeout=1.0)
                except asyncio.TimeoutError:
                    pass
        finally:
            for t in tasks:
                t.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await client.aclose()
            await self.flush_health()

    async def _run_one(self, row: dict, client) -> None:
        try:
            outcome = await self.poll_feed(row, client)
            if self.on_feed:
                self.on_feed(outcome)
        finally:
            self._inflight.discard(row["id"])

    def make_client(self) -> httpx.AsyncClient:
        p = self.poll
        # requests in flight are bounded by our semaphores; the transport keeps up to per_host
        # idle connections per host, so the next request to a host reuses one
        return FeedClient(
            transport=LeanTransport(max_idle_per_origin=p.per_host, keepalive_expiry=30.0),
            timeout=httpx.Timeout(p.timeout, connect=min(p.timeout, 10.0)),
            headers={"User-Agent": p.user_agent},
            follow_redirects=False,
            trust_env=False,
        )

    def _next_poll(self, row: dict, failures: int, retry_after: float | None = None) -> str:
        interval = row.get("interval_s") or self.poll.interval
        if failures:
            delay = min(interval * (2 ** (failures - 1)), max(self.poll.backoff_max, interval))
        else:
            delay = interval
        delay *= 1 + self._rng.uniform(-self.poll.jitter, self.poll.jitter)
        if retry_after:
            delay = max(delay, retry_after)
        return iso(utcnow() + timedelta(seconds=delay))

    # -- one feed ---------------------------------------------------------------------------

    async def poll_feed(self, row: dict, client: httpx.AsyncClient) -> FeedOutcome:
        """Fetch, parse, tag and store one feed; record its health. Never raises."""
        try:
            if row["kind"] == "file":
                async with self._pipeline.place(0):
                    return await self._poll_path(row)
            return await self._poll_http(row, client)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a bug must not stop the loop: record it on the feed
            message = _failure_words(exc)
            try:
                await self._db_call(self._record_failure, row, message, None, None)
            except Exception:
                pass
            return FeedOutcome(row["id"], row["name"], "error", message)

    async def _poll_http(self, row: dict, client) -> FeedOutcome:
        url = row["url"]
        host = urlsplit(url).hostname or ""
        sem = self._hosts.setdefault(host, asyncio.Semaphore(self.poll.per_host))
        attempt = now_iso()
        # The host's slot first: a task waiting for a busy host must hold no global slot (feeds
        # come sorted by host). Only a body to parse takes a place in the pipeline, and it takes
        # it while still holding its slots: when the parsers and the writer fall behind, fetching
        # slows down (in memory: the bodies being fetched and the pipeline's), but a 304 or a
        # failure never waits behind bodies. (When every fetch took a place first, a round with 10% of
        # its feeds changed stalled its 304s for half a second while the workers started.)
        async with sem:
            async with self._global:
                fetch = await fetch_feed(
                    client, url, etag=row.get("etag"), last_modified=row.get("last_modified"),
                    max_bytes=self.poll.max_bytes, deadline=self.poll.deadline,
                    max_redirects=self.poll.max_redirects,
                )
                has_body = not (fetch.error or fetch.not_modified)
                size = len(fetch.body) if has_body else 0
                if has_body:
                    await self._pipeline.enter(size)  # held until the feed is stored
        if not has_body:
            return await self._after_fetch(row, fetch, attempt)
        try:
            return await self._after_fetch(row, fetch, attempt)
        finally:
            await self._pipeline.leave(size)

    async def _after_fetch(self, row: dict, fetch: Fetch, attempt: str) -> FeedOutcome:
        if fetch.error:
            await self._db_call(self._record_failure, row, fetch.error, fetch, attempt)
            return FeedOutcome(row["id"], row["name"], "error", fetch.error)
        if fetch.not_modified:
            self._queue_not_modified(row, fetch, attempt)
            return FeedOutcome(row["id"], row["name"], "not_modified")
        return await self._ingest_body(row, attempt, fetch.body, fetch.url, fetch.content_type, fetch)

    async def _ingest_body(self, row: dict, attempt: str, body: bytes, url: str, content_type: str | None,
                           fetch: Fetch | None) -> FeedOutcome:
        """A feed body, from HTTP or a file: skipped when byte-identical to the last one, else
        parsed and tagged in a worker and stored with the feed's new health in one transaction."""
        body_hash = hashlib.sha256(body).hexdigest()
        if body_hash == row.get("body_hash"):
            self._queue_not_modified(row, fetch, attempt)
            return FeedOutcome(row["id"], row["name"], "not_modified")
        # the worker reads the feed's known entries from the archive; a feed never stored has none
        known = None if row.get("last_success") else {}
        from crisis_tui.workers import parse_and_tag

        parsed, taggings = await self._in_pool(parse_and_tag, body, url, content_type, known, row["id"])
        if parsed.error:
            await self._db_call(self._record_failure, row, parsed.error, fetch, attempt)
            return FeedOutcome(row["id"], row["name"], "error", parsed.error)
        update = self._success_update(row, attempt, fetch, parsed, body_hash)
        result = await self._store(row["id"], parsed, taggings, update)
        return FeedOutcome(row["id"], row["name"], "ok", parsed.warning, result)

    async def _poll_path(self, row: dict) -> FeedOutcome:
        path = Path(row["path"])
        attempt = now_iso()
        if not path.exists():
            message = f"no such file or folder: {path}"
            await self._db_call(self._record_failure, row, message, None, attempt)
            return FeedOutcome(row["id"], row["name"], "error", message)
        if path.is_file() and path.suffix.lower() in FEED_SUFFIXES:
            body = await asyncio.to_thread(path.read_bytes)
            return await self._ingest_body(row, attempt, body, path.resolve().as_uri(), "application/xml", None)
        scan = await asyncio.to_thread(scan_documents, [path])
        warning = f"{plural(len(scan.skipped), 'file')} skipped: {scan.skipped[0]}" if scan.skipped else None
        update = {
            "status": "ok", "last_attempt": attempt, "last_success": attempt, "last_error": None,
            "last_warning": warning, "consecutive_failures": 0, "http_status": None,
            "next_poll": self._next_poll(row, 0), "items_seen": len(scan.articles),
        }
        from crisis_tui.sources.feed import ParsedFeed

        parsed = ParsedFeed(articles=scan.articles)
        result = await self._store(row["id"], parsed, None, update)
        return FeedOutcome(row["id"], row["name"], "ok", warning, result)

    def _success_update(self, row, attempt, fetch: Fetch | None, parsed: ParsedFeed, body_hash) -> dict:
        update = {
            "status": "ok", "last_attempt": attempt, "last_success": attempt, "last_error": None,
            "last_warning": parsed.warning, "consecutive_failures": 0, "body_hash": body_hash,
            "next_poll": self._next_poll(row, 0), "items_seen": len(parsed.articles) + len(parsed.unchanged),
        }
        if parsed.title:
            update["title"] = parsed.title
        if fetch is not None:
            update.update(http_status=fetch.status, etag=fetch.etag, last_modified=fetch.last_modified)
            if fetch.moved_to:
                update["url"] = fetch.moved_to
        return update

    # -- writer-thread bodies -----------------------------------------------------------------

    async def _store(self, feed_id: int, parsed: ParsedFeed, taggings, update: dict) -> IngestResult:
        """Store one feed's articles and health; feeds that queue up while the writer is busy
        are committed together (group commit).

        Each feed is still all-or-nothing (its own savepoint inside the shared transaction), and
        its caller hears only after the commit. Fewer, larger commits matter: each commit
        flushes a new FTS5 segment (and the merges that follow) and may checkpoint the WAL;
        with one commit per feed, commits were a quarter of a cold round's writer time.
        """
        loop = asyncio.get_running_loop()
        done = loop.create_future()
        self._store_queue.append((feed_id, parsed, taggings or [None] * len(parsed.articles), update, done))
        # one job per feed: the first job to run takes everything queued, the others find it empty
        loop.run_in_executor(self._writer, self._store_queued, loop)
        return await done

    def _store_queued(self, loop: asyncio.AbstractEventLoop) -> None:
        """Writer thread: commit the queued feeds, up to GROUP_COMMIT_ITEMS entries at a time."""
        while self._store_queue:
            batch, size = [], 0
            while self._store_queue and size < GROUP_COMMIT_ITEMS:
                item = self._store_queue.popleft()
                batch.append(item)
                size += len(item[1].articles) + 1
            outcomes = []
            try:
                with self._ingestor.batch():
                    for i, (feed_id, parsed, taggings, update, done) in enumerate(batch):
                        try:  # nested: a savepoint, so one feed's failure leaves the others
                            outcomes.append((done, self._ingestor.store_feed(
                                feed_id, zip(parsed.articles, taggings), update, parsed.unchanged), None))
                        except Exception as exc:
                            if self._db.conn.in_transaction:
                                outcomes.append((done, None, exc))
                                continue
                            # SQLite rolled the whole transaction back (disk full, I/O error):
                            # the feeds before this one are lost too; the rest go in a new one
                            outcomes = [(item[-1], None, exc) for item in batch[:i + 1]]
                            self._store_queue.extendleft(reversed(batch[i + 1:]))
                            break
            except Exception as exc:  # the commit itself failed (disk full...): nothing was stored
                outcomes = [(item[-1], None, exc) for item in batch]
            for done, result, exc in outcomes:
                loop.call_soon_threadsafe(_settle, done, result, exc)

    def _queue_not_modified(self, row, fetch: Fetch | None, attempt: str) -> None:
        """A 304 changes only health columns: queue it, to be written with the next batch.

        Losing one to a crash costs nothing: validators on a 304 are the ones already stored.
        """
        self._health.append((row["id"], self._not_modified_update(row, fetch, attempt)))
        if len(self._health) >= 200:
            self._flush_soon()

    def _flush_soon(self) -> None:
        batch, self._health = self._health, []
        if batch:
            asyncio.get_running_loop().run_in_executor(self._writer, self._write_health, batch)

    async def flush_health(self) -> None:
        batch, self._health = self._health, []
        if batch:
            await self._db_call(self._write_health, batch)

    def _write_health(self, batch: list[tuple[int, dict]]) -> None:
        with self._db.atomic():
            for feed_id, update in batch:
                update_row(self._db, "feeds", feed_id, update)

    def _not_modified_update(self, row, fetch: Fetch | None, attempt: str) -> dict:
        update = {"status": "not_modified", "last_attempt": attempt, "last_success": attempt, "last_error": None,
                  "consecutive_failures": 0, "next_poll": self._next_poll(row, 0)}
        if fetch is not None:
            update["http_status"] = fetch.status
            # a 200 with the same body may carry new validators; a 304 keeps the old ones
            if fetch.etag:
                update["etag"] = fetch.etag
            if fetch.last_modified:
                update["last_modified"] = fetch.last_modified
            if fetch.moved_to:
                update["url"] = fetch.moved_to
        return update

    def _record_failure(self, row, message: str, fetch: Fetch | None, attempt: str | None) -> None:
        current = self._db.execute("SELECT consecutive_failures FROM feeds WHERE id = ?", [row["id"]]).fetchone()
        failures = (current[0] if current else 0) + 1
        update = {
            "status": "error", "last_attempt": attempt or now_iso(), "last_error": message,
            "consecutive_failures": failures,
            "next_poll": self._next_poll(row, failures, fetch.retry_after if fetch else None),
            "http_status": fetch.status if fetch else None,
        }
        if fetch is not None and fetch.moved_to:
            update["url"] = fetch.moved_to
        with self._db.atomic():
            update_row(self._db, "feeds", row["id"], update)


# --------------------------------------------------------------------------------------------


def import_documents(db, ingestor: Ingestor, paths: list[Path]) -> tuple[IngestResult, list[str]]:
    """Import document files/folders once (`crisis-tui import`), each path as its own source."""
    total = IngestResult()
    skipped: list[str] = []
    for path in paths:
        path = path.resolve()
        name = f"import: {path}"
        row = db.execute("SELECT id FROM feeds WHERE name = ?", [name]).fetchone()
        if row is None:
            with db.atomic():
                feed_id = db["feeds"].insert({"name": name, "kind": "file", "path": str(path), "enabled": 0,
                                              "tags": json.dumps(["import"])}).last_pk
        else:
            feed_id = row[0]
        scan = scan_documents([path])
        skipped += scan.skipped
        now = now_iso()
        total += ingestor.store_feed(feed_id, [(a, None) for a in scan.articles], {
            "status": "ok", "last_attempt": now, "last_success": now, "items_seen": len(scan.articles),
            "last_warning": f"{plural(len(scan.skipped), 'file')} skipped" if scan.skipped else None,
        })
    return total, skipped


def active_pollers(db, exclude: str | None = None) -> list[dict]:
    """Pollers whose heartbeat is recent (another process polling this archive)."""
    cutoff = iso(utcnow() - timedelta(seconds=STALE_HEARTBEAT_SECONDS))
    rows = list(db.query("SELECT * FROM pollers WHERE heartbeat >= ? ORDER BY started", [cutoff]))
    return [r for r in rows if r["id"] != exclude]
