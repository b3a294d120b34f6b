"""A lean HTTP/1.1 transport for the poller's httpx.AsyncClient: h11 over asyncio protocols.

Why not httpx's default transport (httpcore over anyio)? Measured on the 1,000-feed bench farm
(bench/poll_bench.py), it costs about 1.3 ms of CPU per conditional GET, and its pool rescans
every pooled connection, with a poll() system call each, on every request: the more hosts are
kept alive, the dearer each request. A poller makes thousands of small GETs to many hosts, so
that cost is the whole warm round. This transport keeps a few idle connections per origin in a
dict (O(1) per request whatever the number of hosts) and reads with asyncio protocols directly.

It speaks what the poller needs and no more: HTTP/1.1 over TCP or TLS, requests with small
bodies, streamed response bodies, keep-alive. Parsing is h11's (the parser httpcore uses);
failures are raised as httpx's own exceptions, so code above the client cannot tell the
difference. No proxies (the poller's client does not trust the environment either).
"""

from __future__ import annotations

import asyncio
import ssl
import time
from collections import deque

import h11
import httpx

READ_AHEAD = 256 * 1024  # unread bytes buffered before the socket is paused
MAX_HEADER_BYTES = 100 * 1024  # a response head larger than this is refused
SWEEP_SECONDS = 10.0  # how often idle connections past their keep-alive are closed


def _happy_eyeballs(loop) -> dict:
    # asyncio races IPv6 and IPv4 addresses (RFC 8305); uvloop has no such option and tries them in turn
    return {"happy_eyeballs_delay": 0.25} if isinstance(loop, asyncio.BaseEventLoop) else {}


class _StaleConnection(Exception):
    """A kept-alive connection the server had already closed: safe to retry on a new one."""


def _expire(waiter: asyncio.Future, exc: Exception) -> None:
    if not waiter.done():
        waiter.set_exception(exc)


class _Connection(asyncio.Protocol):
    """One socket and its h11 state machine; received data waits in a bounded queue."""

    def __init__(self, loop: asyncio.AbstractEventLoop, origin: tuple[str, str, int]):
        self.loop = loop
        self.origin = origin
        self.h11 = h11.Connection(h11.CLIENT, max_incomplete_event_size=MAX_HEADER_BYTES)
        self.transport: asyncio.Transport | None = None
        self.chunks: deque[bytes] = deque()
        self.buffered = 0
        self.eof = False
        self.eof_fed = False
        self.lost = False
        self.paused = False
        self.waiter: asyncio.Future | None = None
        self.idle_since = 0.0
        self.used = False  # has carried a request before (a failure may be a stale keep-alive)
        self.answered = False  # any byte received since the current request was sent

    # -- asyncio.Protocol ---------------------------------------------------------------

    def connection_made(self, transport) -> None:
        self.transport = transport

    def data_received(self, data: bytes) -> None:
        self.answered = True
        self.chunks.append(data)
        self.buffered += len(data)
        if self.buffered > READ_AHEAD and not self.paused:
            self.paused = True
            self.transport.pause_reading()
        self._wake()

    def eof_received(self):
        self.eof = True
        self._wake()
        return None  # close our side too

    def connection_lost(self, exc) -> None:
        self.eof = self.lost = True
        self._wake()

    def _wake(self) -> None:
        waiter = self.waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    # -- used by the transport ------------------------------------------------------------

    @property
    def reusable(self) -> bool:
        """Idle, open and quiet: a server that closed or wrote to an idle connection killed it."""
        return not (self.eof or self.lost or self.chunks) and self.h11.our_state is h11.IDLE

    def send(self, event) -> None:
        data = self.h11.send(event)
        if data:
            self.transport.write(data)

    async def next_event(self, timeout: float | None, request: httpx.Request):
        while True:
            try:
                event = self.h11.next_event()
            except h11.RemoteProtocolError as exc:
                raise httpx.RemoteProtocolError(str(exc), request=request) from exc
            if event is not h11.NEED_DATA:
                return event
            if self.chunks:
                data = self.chunks.popleft()
                self.buffered -= len(data)
                if self.paused and self.buffered <= READ_AHEAD // 2:
                    self.paused = False
                    self.transport.resume_reading()
                self.h11.receive_data(data)
                continue
            if self.eof:
                if self.eof_fed:  # h11 wants more after the end: treat as a broken answer
                    raise httpx.RemoteProtocolError("the server closed the connection mid-answer", request=request)
                self.eof_fed = True
                self.h11.receive_data(b"")
                continue
            waiter = self.waiter = self.loop.create_future()
            timer = None
            if timeout is not None:
                timer = self.loop.call_later(timeout, _expire, waiter,
                                             httpx.ReadTimeout("timed out waiting for data", request=request))
            try:
                await waiter
            finally:
                self.waiter = None
                if timer is not None:
                    timer.cancel()

    def finish_buffered(self, limit: int = 65536) -> bool:
        """Read the rest of an answer if it has already arrived (a 304's empty body, a short
        redirect page), so the connection can be kept; never waits for the network."""
        try:
            while True:
                event = self.h11.next_event()
                if event is h11.NEED_DATA:
                    if not self.chunks or self.buffered > limit:
                        return False
                    data = self.chunks.popleft()
                    self.buffered -= len(data)
                    self.h11.receive_data(data)
                elif type(event) is h11.EndOfMessage:
                    return True
                elif type(event) is not h11.Data:
                    return False
        except h11.RemoteProtocolError:
            return False

    def close(self) -> None:
        if self.transport is not None and not self.lost:
            self.transport.close()
        self.lost = True

    def abort(self) -> None:
        if self.transport is not None and not self.lost:
            self.transport.abort()
        self.lost = True


class _Body(httpx.AsyncByteStream):
    """A response body read from its connection; the connection goes back to the pool when the
    body was read to its end, and is closed otherwise."""

    def __init__(self, pool: "LeanTransport", conn: _Connection, request: httpx.Request, timeout):
        self.pool = pool
        self.conn = conn
        self.request = request
        self.timeout = timeout
        self.complete = False
        self.closed = False

    async def __aiter__(self):
        conn = self.conn
        try:
            while True:
                event = await conn.next_event(self.timeout, self.request)
                kind = type(event)
                if kind is h11.Data:
                    yield bytes(event.data)
                elif kind is h11.EndOfMessage:
                    self.complete = True
                    return
                elif kind is h11.ConnectionClosed:
                    raise httpx.RemoteProtocolError("the server closed the connection mid-body", request=self.request)
        except BaseException:
            await self.aclose()
            raise

    async def aclose(self) -> None:
        if not self.closed:
            self.closed = True
            self.pool._release(self.conn, self.complete or self.conn.finish_buffered())


class LeanTransport(httpx.AsyncBaseTransport):
    """An httpx transport: HTTP/1.1 with a few kept-alive connections per origin."""

    def __init__(self, *, verify: bool | ssl.SSLContext = True, max_idle_per_origin: int = 4,
                 keepalive_expiry: float = 30.0):
        self._verify = verify
        self._ssl: ssl.SSLContext | None = verify if isinstance(verify, ssl.SSLContext) else None
        self.max_idle_per_origin = max_idle_per_origin
        self.keepalive_expiry = keepalive_expiry
        self._idle: dict[tuple[str, str, int], list[_Connection]] = {}
        self._last_sweep = time.monotonic()
        self.connections_made = 0  # for tests and the bench: reuse is observable

    def _ssl_context(self) -> ssl.SSLContext:
        if self._ssl is None:  # loading the CA bundle costs ~20 ms: only when a feed is https
            self._ssl = httpx.create_ssl_context(verify=self._verify)
        return self._ssl

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        url = request.url
        scheme = url.scheme
        if scheme not in ("http", "https"):
            raise httpx.UnsupportedProtocol(f"not an http:// or https:// address: {scheme!r}", request=request)
        origin = (scheme, url.host, url.port or (443 if scheme == "https" else 80))
        timeouts = request.extensions.get("timeout") or {}
        conn = self._take_idle(origin)
        while True:
            if conn is None:
                conn = await self._connect(origin, timeouts.get("connect"), request)
            try:
                return await self._exchange(conn, request, timeouts.get("read"))
            except _StaleConnection:
                conn.abort()
                conn = self._take_idle(origin)  # another idle one, else a new connection
            except BaseException:
                conn.abort()
                raise

    async def _exchange(self, conn: _Connection, request: httpx.Request, timeout) -> httpx.Response:
        reused = conn.used
        conn.used = True
        conn.answered = False
        try:
            conn.send(h11.Request(method=request.method, target=request.url.raw_path, headers=request.headers.raw))
            async for chunk in request.stream:
                if chunk:
                    conn.send(h11.Data(data=chunk))
            conn.send(h11.EndOfMessage())
        except h11.LocalProtocolError as exc:
            raise httpx.LocalProtocolError(str(exc), request=request) from exc
        while True:
            try:
                event = await conn.next_event(timeout, request)
            except httpx.RemoteProtocolError:
                if reused and conn.eof and not conn.answered:  # closed before a byte of the answer
                    raise _StaleConnection() from None
                raise
            kind = type(event)
            if kind is h11.Response:
                break
            if kind is h11.ConnectionClosed:
                if reused and not conn.answered:
                    raise _StaleConnection()
                raise httpx.RemoteProtocolError("the server closed the connection without answering", request=request)
            # h11.InformationalResponse (1xx): wait for the real answer
        return httpx.Response(
            event.status_code,
            headers=event.headers.raw_items(),
            stream=_Body(self, conn, request, timeout),
            extensions={"http_version": b"HTTP/" + event.http_version, "reason_phrase": event.reason},
            request=request,
        )

    async def _connect(self, origin, timeout, request: httpx.Request) -> _Connection:
        scheme, host, port = origin
        loop = asyncio.get_running_loop()
        context = self._ssl_context() if scheme == "https" else None
        try:
            async with asyncio.timeout(timeout):
                _, conn = await loop.create_connection(
                    lambda: _Connection(loop, origin), host, port, ssl=context,
                    server_hostname=host if context is not None else None, **_happy_eyeballs(loop),
                )
        except TimeoutError as exc:
            raise httpx.ConnectTimeout("timed out connecting", request=request) from exc
        except OSError as exc:  # DNS failures, refusals, unreachable networks, TLS errors
            raise httpx.ConnectError(str(exc) or type(exc).__name__, request=request) from exc
        self.connections_made += 1
        return conn

    def _take_idle(self, origin) -> _Connection | None:
        now = time.monotonic()
        if now - self._last_sweep > SWEEP_SECONDS:
            self._sweep(now)
        idle = self._idle.get(origin)
        while idle:
            conn = idle.pop()
            if conn.reusable and now - conn.idle_since < self.keepalive_expiry:
                return conn
            conn.abort()
        return None

    def _release(self, conn: _Connection, complete: bool) -> None:
        if complete and not conn.lost and conn.h11.our_state is h11.DONE and conn.h11.their_state is h11.DONE:
            conn.h11.start_next_cycle()
            conn.eof_fed = False
            idle = self._idle.setdefault(conn.origin, [])
            if len(idle) >= self.max_idle_per_origin:
                idle.pop(0).close()
            conn.idle_since = time.monotonic()
            idle.append(conn)
        else:
            conn.abort()  # half-read or not kept alive: never reuse

    def _sweep(self, now: float) -> None:
        self._last_sweep = now
        for origin in list(self._idle):
            keep = []
            for conn in self._idle[origin]:
                if conn.reusable and now - conn.idle_since < self.keepalive_expiry:
                    keep.append(conn)
                else:
                    conn.abort()
            if keep:
                self._idle[origin] = keep
            else:
                del self._idle[origin]

    async def aclose(self) -> None:
        for idle in self._idle.values():
            for conn in idle:
                conn.close()
        self._idle.clear()
