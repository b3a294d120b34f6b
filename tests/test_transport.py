"""The poller's HTTP transport (crisis_tui.sources.transport) against a real HTTP/1.1 server on
127.0.0.1 that keeps connections alive, drops them, stalls, and sends big or chunked bodies."""

from __future__ import annotations

import asyncio
import gzip
import socket

import httpx
import pytest

from crisis_tui.sources.http import fetch_feed
from crisis_tui.sources.transport import READ_AHEAD, LeanTransport

BIG = bytes(range(256)) * (4 * READ_AHEAD // 256)  # several read-ahead windows: pausing is exercised


class Server:
    """HTTP/1.1 on 127.0.0.1; `mode` decides how each connection behaves."""

    def __init__(self, mode: str = "keepalive"):
        self.mode = mode
        self.connections = 0
        self.requests = 0
        self.server: asyncio.base_events.Server | None = None

    async def __aenter__(self) -> "Server":
        self.server = await asyncio.start_server(self._serve, "127.0.0.1", 0)
        return self

    async def __aexit__(self, *exc) -> None:
        self.server.close()
        await self.server.wait_closed()

    @property
    def base(self) -> str:
        host, port = self.server.sockets[0].getsockname()[:2]
        return f"http://{host}:{port}"

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        served = 0
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                self.requests += 1
                path = head.split(b" ", 2)[1].decode()
                served += 1
                if self.mode == "hang":
                    await asyncio.sleep(30)
                    return
                if self.mode == "drop-second" and served == 2:
                    return  # read the request, then hang up without answering (a keep-alive race)
                if path == "/big":
                    writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(BIG) + BIG)
                elif path == "/chunked":
                    body = gzip.compress(b"<rss>" + b"x" * 5000 + b"</rss>")
                    writer.write(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n")
                    for i in range(0, len(body), 700):
                        part = body[i:i + 700]
                        writer.write(b"%x\r\n" % len(part) + part + b"\r\n")
                        await writer.drain()
                    writer.write(b"0\r\n\r\n")
                elif path == "/not-modified":
                    writer.write(b'HTTP/1.1 304 Not Modified\r\nETag: "v1"\r\n\r\n')
                else:
                    body = f"answer {self.requests} for {path}".encode()
                    writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
                await writer.drain()
                if self.mode == "close-idle":
                    await asyncio.sleep(0.05)
                    return  # closes an idle kept-alive connection, as servers do after a timeout
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()


def client(transport: LeanTransport, **kw) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=transport, timeout=httpx.Timeout(5.0, **kw), trust_env=False)


async def test_connections_are_kept_alive_and_reused():
    async with Server() as server:
        transport = LeanTransport()
        async with client(transport) as c:
            for i in range(20):
                r = await c.get(f"{server.base}/feed{i}")
                assert r.status_code == 200 and r.text == f"answer {i + 1} for /feed{i}"
            # a 304 (no body read by the caller) leaves the connection usable too
            f = await fetch_feed(c, f"{server.base}/not-modified", etag='"v1"')
            assert f.status == 304 and f.error is None
            r = await c.get(f"{server.base}/after")
            assert r.status_code == 200
    assert server.connections == 1
    assert transport.connections_made == 1


@pytest.mark.parametrize("mode, pause", [
    ("close-idle", 0.3),  # the server closed the idle connection (its keep-alive timeout) before we came back
    ("drop-second", 0.0),  # a keep-alive race: the old connection takes the request and hangs up
])
async def test_a_kept_alive_connection_the_server_dropped_is_replaced(mode, pause):
    async with Server(mode) as server:
        transport = LeanTransport()
        async with client(transport) as c:
            assert (await c.get(f"{server.base}/a")).status_code == 200
            await asyncio.sleep(pause)
            r = await c.get(f"{server.base}/b")
            assert r.status_code == 200 and r.text.endswith("/b")
    assert server.connections == 2 and transport.connections_made == 2


async def test_a_silent_server_is_a_read_timeout():
    async with Server("hang") as server:
        async with client(LeanTransport(), read=0.3) as c:
            with pytest.raises(httpx.ReadTimeout):
                await c.get(f"{server.base}/x")


async def test_a_refused_connection_is_said_in_words():
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    async with client(LeanTransport()) as c:
        f = await fetch_feed(c, f"http://127.0.0.1:{port}/feed")
    assert f.body is None and f.error == "connection refused by 127.0.0.1"


async def test_big_bodies_arrive_whole_and_chunked_gzip_is_decoded():
    async with Server() as server:
        transport = LeanTransport()
        async with client(transport) as c:
            f = await fetch_feed(c, f"{server.base}/big", max_bytes=10 * len(BIG))
            assert f.error is None and f.body == BIG
            f = await fetch_feed(c, f"{server.base}/chunked")
            assert f.error is None and f.body == b"<rss>" + b"x" * 5000 + b"</rss>"
            # a body cut off by the size cap: that connection is not reused, the next works
            f = await fetch_feed(c, f"{server.base}/big", max_bytes=1000)
            assert f.body is None and "limit" in f.error
            r = await c.get(f"{server.base}/after")
            assert r.status_code == 200
    assert transport.connections_made == 2


async def _tls_server(ca, body: bytes = b"<rss/>"):
    import ssl

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)

    async def serve(reader, writer):
        try:
            while True:
                await reader.readuntil(b"\r\n\r\n")
                writer.write(b"HTTP/1.1 200 OK\r\nContent-Length: %d\r\n\r\n" % len(body) + body)
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError):
            pass
        finally:
            writer.close()

    return await asyncio.start_server(serve, "127.0.0.1", 0, ssl=context)


async def test_https_feeds_are_fetched_over_verified_tls_on_kept_alive_connections():
    import trustme

    ca = trustme.CA()
    server = await _tls_server(ca)
    port = server.sockets[0].getsockname()[1]
    import ssl

    client_context = ssl.create_default_context()  # verifies the chain and the host name
    ca.configure_trust(client_context)  # ... against the test CA only
    transport = LeanTransport(verify=client_context)
    try:
        async with client(transport) as c:
            for _ in range(3):
                f = await fetch_feed(c, f"https://localhost:{port}/feed")
                assert f.error is None and f.body == b"<rss/>"
    finally:
        server.close()
        await server.wait_closed()
    assert transport.connections_made == 1


async def test_an_untrusted_certificate_is_a_tls_error_in_words():
    import trustme

    server = await _tls_server(trustme.CA())  # signed by a CA the client does not know
    port = server.sockets[0].getsockname()[1]
    try:
        async with client(LeanTransport()) as c:  # the system's and certifi's roots
            f = await fetch_feed(c, f"https://localhost:{port}/feed")
    finally:
        server.close()
        await server.wait_closed()
    assert f.body is None and f.error.startswith("TLS error with localhost"), f.error


@pytest.mark.parametrize("value, seconds", [
    ("120", 120.0),
    ("99999999", 86400.0),  # capped at a day
    ("²", None),  # a digit to str.isdigit, not a number: ignored, not an error
    ("٣", None),
    ("soon", None),
    ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),  # a date in the past: now
])
def test_retry_after_values(value, seconds):
    from crisis_tui.sources.http import parse_retry_after

    assert parse_retry_after(value) == seconds
