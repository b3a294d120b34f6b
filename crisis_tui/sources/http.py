"""Fetching one feed over HTTP, politely and defensively.

Conditional GET (If-None-Match / If-Modified-Since), redirects followed by hand (at most
`max_redirects` hops, loops detected, a 301 reported so the stored URL is updated), a body cap
enforced while streaming AND after decompression (we decompress ourselves with a bounded
output, so a gzip bomb cannot exhaust memory), a total deadline so a trickling server cannot
hold a slot forever. Every failure becomes a `Fetch` with a one-line human `error`.
"""

from __future__ import annotations

import asyncio
import email.utils
import socket
import time
import zlib
from dataclasses import dataclass
from datetime import datetime, timezone
from urllib.parse import urljoin, urlsplit

import httpx

from crisis_tui.sanitize import clean_line


@dataclass
class Fetch:
    url: str  # the URL finally answered
    status: int | None = None  # HTTP status, None when no answer
    body: bytes | None = None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    moved_to: str | None = None  # new permanent URL after a 301/308 chain
    error: str | None = None  # one line, in words
    retry_after: float | None = None  # seconds, from a 429/503 Retry-After
    elapsed: float = 0.0

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class _TooBig(Exception):
    pass


class _SetCookiesOnly(httpx.Cookies):
    """Cookies read only from responses that set one: the same jar, at a fraction of the cost.

    httpx reads every response into its cookie jar through urllib's CookieJar, building a
    urllib Request and Response for it (about 45 us of CPU per request here, 7% of a warm round
    of 1,000 feeds answering 304). Feeds rarely set cookies, but a site that sets one on a
    redirect and wants it back on the next hop must still work.
    """

    def extract_cookies(self, response: httpx.Response) -> None:
        if "set-cookie" in response.headers:
            super().extract_cookies(response)


class FeedClient(httpx.AsyncClient):
    """httpx's AsyncClient whose cookie jar skips responses that set no cookie."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._feed_cookies = _SetCookiesOnly(kwargs.get("cookies"))

    @property
    def cookies(self) -> httpx.Cookies:
        return self._feed_cookies

    @cookies.setter
    def cookies(self, cookies) -> None:
        self._feed_cookies = _SetCookiesOnly(cookies)


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Retry-After as seconds (delta-seconds or an HTTP date), capped at one day."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():  # "²" is a digit to str.isdigit, not to float
        return min(float(value), 86400.0)
    try:
        dt = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    delta = dt.timestamp() - (now if now is not None else time.time())
    return min(max(delta, 0.0), 86400.0)


class _Decoder:
    """gzip/deflate decompression with a cap on the output size."""

    def __init__(self, encoding: str, limit: int):
        self.limit = limit
        self.size = 0
        enc = (encoding or "identity").lower().strip()
        if enc in ("gzip", "x-gzip"):
            self.z = zlib.decompressobj(16 + zlib.MAX_WBITS)
        elif enc == "deflate":
            self.z = zlib.decompressobj(zlib.MAX_WBITS)  # zlib-wrapped; raw deflate on failure
        elif enc in ("identity", ""):
            self.z = None
        else:
            raise ValueError(f"unsupported content encoding {clean_line(enc, 40)!r}")
        self.raw_deflate_tried = enc != "deflate"

    def feed(self, data: bytes) -> bytes:
        if self.z is None:
            out = data
        else:
            try:
                out = self.z.decompress(data, self.limit - self.size + 1)
            except zlib.error:
                if not self.raw_deflate_tried:  # some servers send raw deflate
                    self.raw_deflate_tried = True
                    self.z = zlib.decompressobj(-zlib.MAX_WBITS)
                    out = self.z.decompress(data, self.limit - self.size + 1)
                else:
                    raise
            if self.z.unconsumed_tail:
                # more output is waiting than the cap allows: that is over the limit
                raise _TooBig()
        self.size += len(out)
        if self.size > self.limit:
            raise _TooBig()
        return out

    def flush(self) -> bytes:
        if self.z is None:
            return b""
        out = self.z.flush()
        self.size += len(out)
        if self.size > self.limit:
            raise _TooBig()
        return out


def _human_size(n: int) -> str:
    for unit in ("bytes", "KB", "MB", "GB"):
        if n < 1000 or unit == "GB":
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}".replace(".0 ", " ")
        n /= 1000
    return str(n)


def _status_words(status: int, reason: str) -> str:
    reason = clean_line(reason, 60) or httpx.codes.get_reason_phrase(status)
    if status == 404:
        return "HTTP 404 Not Found: the feed is not at this URL any more"
    if status in (401, 403):
        return f"HTTP {status} {reason}: the server refuses us"
    if status == 410:
        return "HTTP 410 Gone: the feed was removed"
    if status == 429:
        return "HTTP 429 Too Many Requests: the server asks us to slow down"
    if 500 <= status < 600:
        return f"HTTP {status} {reason}: the server failed"
    return f"HTTP {status} {reason}"


async def fetch_feed(
    client: httpx.AsyncClient,
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    max_bytes: int = 10_000_000,
    deadline: float = 60.0,
    max_redirects: int = 5,
) -> Fetch:
    """GET a feed; never raises (except cancellation)."""
    start = time.monotonic()
    try:
        async with asyncio.timeout(deadline):  # cheaper than wait_for: no task per fetch
            result = await _fetch(client, url, etag, last_modified, max_bytes, max_redirects)
    except TimeoutError:
        result = Fetch(url, error=f"gave up after {deadline:g} s: the server is too slow (total deadline)")
    result.elapsed = time.monotonic() - start
    return result


async def _fetch(client, url, etag, last_modified, max_bytes, max_redirects) -> Fetch:
    headers = {"Accept-Encoding": "gzip, deflate",
               "Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.8, */*;q=0.5"}
    # validators go back as the bytes they came as (read as Latin-1, see _validator): an ETag
    # with UTF-8 in it is opaque bytes to HTTP, and would not encode as httpx's default ASCII
    if etag:
        headers["If-None-Match"] = _header_bytes(etag)
    if last_modified:
        headers["If-Modified-Since"] = _header_bytes(last_modified)
    current = url
    seen = {url}
    moved_to = None
    permanent = True
    for _hop in range(max_redirects + 1):
        try:
            async with client.stream("GET", current, headers=headers, follow_redirects=False) as resp:
                status = resp.status_code
                if status in (301, 302, 303, 307, 308):
                    location = resp.headers.get("location")
                    if not location:
                        return Fetch(current, status, error=f"HTTP {status} redirect without a Location")
                    nxt = urljoin(current, clean_line(location, 2000))
                    if urlsplit(nxt).scheme not in ("http", "https"):
                        return Fetch(current, status, error="redirected to a non-HTTP address")
                    # a page visited again is a loop, unless this hop set a cookie for it (a
                    # consent or bot check that sends the reader back where it came from)
                    if nxt in seen and "set-cookie" not in resp.headers:
                        return Fetch(current, status, error=f"redirect loop: {clean_line(nxt, 200)} was already visited")
                    seen.add(nxt)
                    permanent = permanent and status in (301, 308)
                    if permanent:
                        moved_to = nxt
                    current = nxt
                    continue
                retry = parse_retry_after(resp.headers.get("retry-after")) if status in (429, 503) else None
                common = dict(
                    url=current,
                    status=status,
                    content_type=resp.headers.get("content-type"),
                    etag=_validator(resp.headers, b"etag"),
                    last_modified=_validator(resp.headers, b"last-modified"),
                    moved_to=moved_to,
                    retry_after=retry,
                )
                if status == 304:
                    return Fetch(**common)
                if status >= 400:
                    words = _status_words(status, resp.reason_phrase)
                    if retry is not None:
                        words += f" (retry after {retry:.0f} s)"
                    return Fetch(**common, error=words)
                if status != 200:
                    return Fetch(**common, error=f"HTTP {status}: unexpected answer for a feed")
                declared = resp.headers.get("content-length")
                if declared and declared.isdigit() and int(declared) > max_bytes:
                    return Fetch(**common, error=f"the feed is {_human_size(int(declared))}, over the {_human_size(max_bytes)} limit")
                try:
                    decoder = _Decoder(resp.headers.get("content-encoding", ""), max_bytes)
                except ValueError as exc:
                    return Fetch(**common, error=str(exc))
                chunks = []
                raw_size = 0
                try:
                    async for raw in resp.aiter_raw():
                        raw_size += len(raw)
                        if raw_size > max_bytes:
                            raise _TooBig()
                        chunks.append(decoder.feed(raw))
                    chunks.append(decoder.flush())
                except _TooBig:
                    return Fetch(**common, error=f"the feed is over the {_human_size(max_bytes)} limit (cut off while downloading)")
                except zlib.error:
                    return Fetch(**common, error="the compressed body is corrupt")
                return Fetch(**common, body=b"".join(chunks))
        except httpx.ConnectTimeout:
            return Fetch(current, error="timed out connecting to the server")
        except httpx.ReadTimeout:
            return Fetch(current, error="timed out waiting for the server to send data")
        except httpx.TimeoutException:
            return Fetch(current, error="timed out")
        except httpx.ConnectError as exc:
            return Fetch(current, error=_connect_words(exc, current))
        except httpx.RemoteProtocolError as exc:
            return Fetch(current, error=f"the server broke the HTTP protocol ({clean_line(exc, 120)})")
        except httpx.UnsupportedProtocol:
            return Fetch(current, error="not an http:// or https:// address")
        except httpx.HTTPError as exc:
            return Fetch(current, error=f"network error: {type(exc).__name__}: {clean_line(exc, 160)}")
        except OSError as exc:
            return Fetch(current, error=f"network error: {clean_line(exc, 160)}")
    return Fetch(current, error=f"too many redirects (more than {max_redirects})")


def _header_bytes(value: str) -> bytes:
    """A stored header value back to its bytes (anything outside Latin-1 was stored by an older
    version decoding as UTF-8: those bytes); line breaks never go out (h11 would refuse them)."""
    value = value.replace("\r", " ").replace("\n", " ")
    try:
        return value.encode("latin-1")
    except UnicodeEncodeError:
        return value.encode("utf-8")


def _validator(headers: httpx.Headers, name: bytes) -> str | None:
    """An ETag or Last-Modified as its bytes read as Latin-1, so that `_header_bytes` sends back
    exactly the bytes that came (httpx would decode them as UTF-8 when they all are)."""
    for key, value in headers.raw:
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def _connect_words(exc: Exception, url: str) -> str:
    # httpx wraps the OS error ("All connection attempts failed"): the cause says what happened
    causes, seen = [str(exc)], exc
    while seen.__cause__ or seen.__context__:
        seen = seen.__cause__ or seen.__context__
        if isinstance(seen, ConnectionRefusedError):
            causes.append("connection refused")
        elif isinstance(seen, socket.gaierror):
            causes.append("name or service not known")
        causes.append(str(seen))
        if len(causes) > 8:
            break
    text = str(exc)
    host = urlsplit(url).hostname or url
    low = " ".join(causes).lower()
    if "name or service not known" in low or "nodename nor servname" in low or "temporary failure in name resolution" in low \
            or "no address associated" in low or "getaddrinfo" in low:
        return f"cannot resolve {clean_line(host, 100)} (DNS lookup failed; is the network up?)"
    if "refused" in low:
        return f"connection refused by {clean_line(host, 100)}"
    if "unreachable" in low:
        return f"network unreachable for {clean_line(host, 100)}"
    if "ssl" in low or "certificate" in low:
        return f"TLS error with {clean_line(host, 100)}: {clean_line(text, 120)}"
    return f"cannot connect to {clean_line(host, 100)}: {clean_line(text, 120) or type(exc).__name__}"


def http_date(dt: datetime) -> str:
    return email.utils.format_datetime(dt.astimezone(timezone.utc), usegmt=True)
