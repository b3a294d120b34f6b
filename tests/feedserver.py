"""A real HTTP server on 127.0.0.1 serving feed files and hostile endpoints (tests and benches).

Routes:
  /real/<file>, /illformed/<file>   files from ../shared/feeds, with ETag/Last-Modified, 304s, gzip
  /doc/<name>                       a feed whose body a test sets with `server.set_feed(name, bytes)`
  /plain/<name>                     the same without validators (never a 304)
  /status/<code>                    that HTTP status (429/503 carry Retry-After: 120)
  /loop/a, /loop/b                  a redirect loop
  /moved/<file>                     301 to /real/<file>
  /slow                             a body trickled one byte every 0.5 s
  /hang                             headers never sent
  /huge                             a 50 MB body (no Content-Length)
  /huge-declared                    a 50 MB body with Content-Length
  /gzip-bomb                        ~100 KB of gzip that inflates to 100 MB
  /html                             an HTML page, not a feed
  /empty                            200 with an empty body
  /wrong-charset                    declares UTF-8, sends KOI8-R bytes
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import io
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import os

# ../shared beside the checkout (as in CI), unless CRISIS_TUI_SHARED says otherwise
SHARED = Path(os.environ.get("CRISIS_TUI_SHARED") or Path(__file__).resolve().parents[2] / "shared")
FEEDS = SHARED / "feeds"
FIXED_DATE = email.utils.formatdate(1_750_000_000, usegmt=True)

_BOMB: bytes | None = None


def gzip_bomb() -> bytes:
    global _BOMB
    if _BOMB is None:
        buf = io.BytesIO()
        with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9) as gz:
            chunk = b"\0" * 1_000_000
            for _ in range(100):
                gz.write(chunk)
        _BOMB = buf.getvalue()
    return _BOMB


RSS_TEMPLATE = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>{title}</title><link>http://127.0.0.1/</link>
<description>test feed</description>
{items}
</channel></rss>"""
ITEM_TEMPLATE = """<item><title>{title}</title><link>{link}</link><guid>{guid}</guid>
<pubDate>{date}</pubDate><description>{description}</description></item>"""


def rss(title: str, items: list[dict]) -> bytes:
    """A small RSS 2.0 document; item dicts have title, link, guid, date (RFC 822), description."""
    from xml.sax.saxutils import escape

    body = "\n".join(
        ITEM_TEMPLATE.format(
            title=escape(i["title"]), link=escape(i.get("link", "")), guid=escape(i.get("guid", i.get("link", ""))),
            date=i.get("date", "Mon, 16 Jun 2025 10:00:00 GMT"), description=escape(i.get("description", "")),
        )
        for i in items
    )
    return RSS_TEMPLATE.format(title=escape(title), items=body).encode("utf-8")


class FeedServer:
    """Start with `with FeedServer() as s:`; `s.url(path)` gives an absolute URL."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0):
        self.docs: dict[str, bytes] = {}
        self.hits: dict[str, int] = {}
        self.lock = threading.Lock()
        self.connections: set[socket.socket] = set()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):
                with server.lock:
                    server.hits[self.path] = server.hits.get(self.path, 0) + 1
                try:
                    server.route(self)
                except (BrokenPipeError, ConnectionResetError):
                    pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):  # clients hanging up early is expected
                pass

            # open connections are kept, so that stopping the server cuts them as a network
            # outage would: an HTTP/1.1 handler thread otherwise keeps serving its kept-alive
            # connection after shutdown()
            def process_request(self, request, client_address):
                with server.lock:
                    server.connections.add(request)
                super().process_request(request, client_address)

            def shutdown_request(self, request):
                with server.lock:
                    server.connections.discard(request)
                super().shutdown_request(request)

        self.httpd = Server((host, port), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> "FeedServer":
        # built before serving: made on its first request, on a busy machine, it took longer
        # than a test poller's read timeout and the feed failed with a timeout instead
        gzip_bomb()
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        with self.lock:
            open_connections = list(self.connections)
        for conn in open_connections:
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed by its handler

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def set_feed(self, name: str, body: bytes) -> None:
        with self.lock:
            self.docs[name] = body

    # ------------------------------------------------------------------------------------

    def send_body(self, h, body: bytes, content_type="application/rss+xml; charset=utf-8", validators=True):
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if validators and (h.headers.get("If-None-Match") == etag or
                           (h.headers.get("If-Modified-Since") == FIXED_DATE and not h.headers.get("If-None-Match"))):
            h.send_response(304)
            h.send_header("ETag", etag)
            h.send_header("Content-Length", "0")
            h.end_headers()
            return
        data = body
        gz = "gzip" in (h.headers.get("Accept-Encoding") or "")
        if gz:
            data = gzip.compress(body, 5)
        h.send_response(200)
        h.send_header("Content-Type", content_type)
        if validators:
            h.send_header("ETag", etag)
            h.send_header("Last-Modified", FIXED_DATE)
        if gz:
            h.send_header("Content-Encoding", "gzip")
        h.send_header("Content-Length", str(len(data)))
        h.end_headers()
        h.wfile.write(data)

    def simple(self, h, status: int, body: bytes = b"", headers: dict | None = None, content_type="text/plain"):
        h.send_response(status)
        for k, v in (headers or {}).items():
            h.send_header(k, v)
        h.send_header("Content-Type", content_type)
        h.send_header("Content-Length", str(len(body)))
        h.end_headers()
        h.wfile.write(body)

    def route(self, h) -> None:
        path = h.path.split("?", 1)[0]
        parts = path.strip("/").split("/", 1)
        top = parts[0]
        rest = parts[1] if len(parts) > 1 else ""
        if top in ("real", "illformed") and rest and "/" not in rest and not rest.startswith("."):
            f = FEEDS / top / rest
            if f.is_file():
                return self.send_body(h, f.read_bytes(), content_type="application/xml")
            return self.simple(h, 404, b"not found")
        if top in ("doc", "plain"):  # plain: the same feed without ETag/Last-Modified
            with self.lock:
                body = self.docs.get(rest)
            if body is None:
                return self.simple(h, 404, b"not found")
            return self.send_body(h, body, validators=top == "doc")
        if top == "status":
            code = int(rest or 500)
            headers = {"Retry-After": "120"} if code in (429, 503) else {}
            return self.simple(h, code, f"status {code}".encode(), headers)
        if top == "loop":
            nxt = "/loop/b" if rest == "a" else "/loop/a"
            return self.simple(h, 302, b"", {"Location": nxt})
        if top == "cookie-gate":  # a feed behind a redirect that sets the cookie it wants back
            if "gate=open" in (h.headers.get("Cookie") or ""):
                return self.send_body(h, rss("Behind a cookie", [{"title": "Let in", "link": "http://127.0.0.1/gate/1",
                                                                   "description": "x"}]))
            return self.simple(h, 302, b"", {"Location": "/cookie-gate", "Set-Cookie": "gate=open; Path=/"})
        if top == "moved":
            return self.simple(h, 301, b"", {"Location": f"/real/{rest}"})
        if top == "slow":
            h.send_response(200)
            h.send_header("Content-Type", "application/rss+xml")
            h.send_header("Content-Length", "100000")
            h.end_headers()
            for _ in range(1000):
                h.wfile.write(b" ")
                h.wfile.flush()
                time.sleep(0.5)
            return None
        if top == "hang":
            time.sleep(60)
            return None
        if top in ("huge", "huge-declared"):
            h.send_response(200)
            h.send_header("Content-Type", "application/rss+xml")
            total = 50_000_000
            if top == "huge-declared":
                h.send_header("Content-Length", str(total))
            else:
                h.send_header("Connection", "close")
            h.end_headers()
            chunk = b"<!-- padding -->" * 4096
            sent = 0
            while sent < total:
                h.wfile.write(chunk)
                sent += len(chunk)
            return None
        if top == "gzip-bomb":
            data = gzip_bomb()
            return self.simple(h, 200, data, {"Content-Encoding": "gzip"}, "application/rss+xml")
        if top == "html":
            page = b"<!DOCTYPE html><html><head><title>Welcome</title></head><body><h1>Not a feed</h1></body></html>"
            return self.simple(h, 200, page, content_type="text/html; charset=utf-8")
        if top == "empty":
            return self.simple(h, 200, b"", content_type="application/rss+xml")
        if top == "odd-etag":  # validators with bytes outside ASCII (UTF-8 in the ETag)
            body = rss("Odd validators", [{"title": "One", "link": "http://127.0.0.1/odd/1", "description": "x"}])
            etag = '"caf\u00e9-1"'.encode("utf-8").decode("latin-1")  # the header's bytes, as http.server keeps them
            if h.headers.get("If-None-Match") == etag:
                return self.simple(h, 304, b"", {"ETag": etag})
            return self.simple(h, 200, body, {"ETag": etag}, "application/rss+xml")
        if top == "wrong-charset":
            text = ("<?xml version='1.0'?><rss version='2.0'><channel><title>Лента</title><item>"
                    "<title>Как пережить новогоднюю ночь</title><link>http://127.0.0.1/ru/1</link>"
                    "<description>Текст</description></item></channel></rss>")
            return self.simple(h, 200, text.encode("koi8-r"), content_type="application/rss+xml; charset=utf-8")
        return self.simple(h, 404, b"not found")
