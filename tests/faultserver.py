"""A misbehaving HTTP server on 127.0.0.1 for tests and the benchmark.

Real sockets, real HTTP/1.1 (keep-alive, chunked, gzip), served from a
background thread on an ephemeral port. Every wait inside the server is
bounded and interrupted by ``close()``, so a test can never hang on it.

Use (pytest puts ``tests/`` on sys.path; from the repo root
``from tests.faultserver import ...`` works too)::

    from faultserver import FaultServer, Route, faultserver, redirect, bomb

    def test_x(faultserver):                       # fixture: started, closed after
        faultserver.add("/feed", Route(body="<rss/>", content_type="application/rss+xml"))
        faultserver.add("/flaky", Route(503), Route(503), Route(body="ok"))   # a sequence
        url = faultserver.url("/feed")
        ...
        assert faultserver.hits["/flaky"] == 3
        assert faultserver.requests[-1].headers["user-agent"].startswith("kr-news")

    with FaultServer(latency=0.05) as srv:         # outside pytest (benchmark)
        srv.add("/a", Route(body=b"x" * 1000))

Routing is by path without the query string. ``add(path, r1, r2, ...)``
answers the n-th request with ``r_n`` and repeats the last one afterwards;
``add(path, func)`` calls ``func(request) -> Route`` for every request.
Unknown paths get 404.

Route fields (all optional):
    status, body (str is UTF-8 encoded unless ``charset`` says otherwise),
    headers, content_type, charset (appended to content_type and used to
    encode a str body, e.g. "euc-kr"),
    encoding: "gzip" | "deflate" | "deflate-raw" (body is compressed when
      served; ``compressed=`` gives pre-compressed bytes to send verbatim),
    framing: "length" (Content-Length), "chunked", or "close" (no length,
      body ends when the connection closes),
    declared_length: send this Content-Length instead of the real one,
    delay: seconds before the status line (per-response latency),
    drip: seconds between chunks of ``drip_size`` bytes (slow body),
    hang: read the request and never answer (until close() or hang_max),
    etag / last_modified: served, and a matching If-None-Match /
      If-Modified-Since gets 304 Not Modified,
    retry_after: Retry-After header value (seconds or an HTTP-date string).

Helpers: ``redirect(location, status=302)``, ``bomb(decompressed_bytes)``
(gzip body of zeros: kilobytes on the wire, megabytes decoded),
``robots(text)``, ``http_date(datetime_or_epoch)``.

Statistics: ``hits`` (Counter by path), ``requests`` (list of Request with
method, path, query, headers lower-cased, time, client port, and ``done``:
when the answer ended), ``active`` / ``max_active`` (requests in flight now /
at most, server-wide), ``max_active_by_path``, ``conns_open`` /
``max_conns_open`` (TCP connections open now / at most, counted from accept
to close), ``connections`` (list of Connection: client port, opened, closed);
``reset_stats()`` clears them. A ``hang`` route watches its connection and
ends as soon as the client closes it, so ``Connection.closed`` says when the
client really let go.
"""
from __future__ import annotations

import email.utils
import gzip
import select
import socket
import threading
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable, Iterator, Union
from urllib.parse import urlsplit

import pytest

HANG_MAX = 60.0  # even a "hanging" route gives up after this long
IDLE_TIMEOUT = 30.0  # keep-alive connections idle longer than this are closed


@dataclass
class Route:
    status: int = 200
    body: bytes | str = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str | None = "text/html"
    charset: str | None = "utf-8"
    encoding: str | None = None
    compressed: bytes | None = None
    framing: str = "length"
    declared_length: int | None = None
    delay: float = 0.0
    drip: float | None = None
    drip_size: int = 1
    hang: bool = False
    hang_max: float = HANG_MAX
    etag: str | None = None
    last_modified: str | None = None
    retry_after: str | float | None = None
    _wire: bytes | None = field(default=None, init=False, repr=False, compare=False)

    def payload(self) -> bytes:
        """The bytes on the wire (after content coding), computed once."""
        if self.compressed is not None:
            return self.compressed
        if self._wire is None:
            self._wire = self._encode()
        return self._wire

    def _encode(self) -> bytes:
        raw = self.body.encode(self.charset or "utf-8") if isinstance(self.body, str) else self.body
        if self.encoding == "gzip":
            return gzip.compress(raw, mtime=0)
        if self.encoding == "deflate":
            return zlib.compress(raw)
        if self.encoding == "deflate-raw":
            c = zlib.compressobj(wbits=-zlib.MAX_WBITS)
            return c.compress(raw) + c.flush()
        return raw


@dataclass
class Request:
    method: str
    path: str
    query: str
    headers: dict[str, str]
    time: float
    client_port: int
    done: float | None = None


@dataclass
class Connection:
    client_port: int
    opened: float
    closed: float | None = None


Handler = Callable[[Request], Route]
RouteSpec = Union[Route, Handler]


def redirect(location: str, status: int = 302) -> Route:
    return Route(status=status, headers={"Location": location}, content_type=None)


def bomb(decompressed_bytes: int = 50_000_000) -> Route:
    """gzip of zeros: about a thousandth of its decoded size on the wire."""
    comp = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    block = bytes(1 << 20)
    parts = []
    left = decompressed_bytes
    while left > 0:
        n = min(left, len(block))
        parts.append(comp.compress(block[:n]))
        left -= n
    parts.append(comp.flush())
    return Route(compressed=b"".join(parts), encoding="gzip")


def robots(text: str) -> Route:
    return Route(body=text, content_type="text/plain")


def http_date(when: datetime | float) -> str:
    ts = when.timestamp() if isinstance(when, datetime) else when
    return email.utils.formatdate(ts, usegmt=True)


class FaultServer:
    def __init__(self, latency: float = 0.0) -> None:
        self.latency = latency  # added before every response (benchmark)
        self.hits: Counter[str] = Counter()
        self.requests: list[Request] = []
        self.active = 0
        self.max_active = 0
        self.max_active_by_path: Counter[str] = Counter()
        self._active_by_path: Counter[str] = Counter()
        self.conns_open = 0
        self.max_conns_open = 0
        self.connections: list[Connection] = []
        self._routes: dict[str, list[RouteSpec]] = {}
        self._lock = threading.Lock()
        self._closing = threading.Event()
        self._conns: set[socket.socket] = set()
        self._httpd = _Server(("127.0.0.1", 0), _Handler)
        self._httpd.owner = self
        self.port = self._httpd.server_address[1]
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True, name="faultserver"
        )
        self._thread.start()

    # -- public API ---------------------------------------------------------
    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.base + (path if path.startswith("/") else "/" + path)

    def add(self, path: str, *routes: RouteSpec) -> None:
        if not routes:
            raise ValueError("add() needs at least one Route or handler")
        with self._lock:
            self._routes[path] = list(routes)

    def reset_stats(self) -> None:
        with self._lock:
            self.hits.clear()
            self.requests.clear()
            self.max_active = self.active
            self.max_active_by_path.clear()
            self.max_conns_open = self.conns_open
            self.connections = [c for c in self.connections if c.closed is None]

    def close(self) -> None:
        if self._closing.is_set():
            return
        self._closing.set()  # wakes every delay/drip/hang wait
        self._httpd.shutdown()
        with self._lock:
            conns = list(self._conns)
        for c in conns:  # unblock handlers waiting on idle keep-alive reads
            try:
                c.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        self._httpd.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> "FaultServer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- used by the handler ------------------------------------------------
    def _pick(self, req: Request) -> Route | None:
        with self._lock:
            n = self.hits[req.path]
            self.hits[req.path] += 1
            self.requests.append(req)
            specs = self._routes.get(req.path)
        if specs is None:
            return None
        spec = specs[min(n, len(specs) - 1)]
        return spec if isinstance(spec, Route) else spec(req)

    def _enter(self, path: str) -> None:
        with self._lock:
            self.active += 1
            self.max_active = max(self.max_active, self.active)
            self._active_by_path[path] += 1
            self.max_active_by_path[path] = max(self.max_active_by_path[path], self._active_by_path[path])

    def _leave(self, path: str) -> None:
        with self._lock:
            self.active -= 1
            self._active_by_path[path] -= 1

    def _sleep(self, seconds: float) -> bool:
        """Sleep unless the server is closing; False means stop now."""
        if seconds <= 0:
            return not self._closing.is_set()
        return not self._closing.wait(seconds)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False
    allow_reuse_address = True
    request_queue_size = 128
    owner: FaultServer

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients hanging up mid-response is the point of these tests


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = IDLE_TIMEOUT
    # Headers and body go out in separate writes; with Nagle on, the body
    # waits for the client's delayed ACK (~40 ms), which real servers avoid.
    disable_nagle_algorithm = True
    server: _Server

    def setup(self) -> None:
        super().setup()
        owner = self.server.owner
        self._conn_stat = Connection(self.client_address[1], time.monotonic())
        with owner._lock:
            owner._conns.add(self.connection)
            owner.conns_open += 1
            owner.max_conns_open = max(owner.max_conns_open, owner.conns_open)
            owner.connections.append(self._conn_stat)

    def finish(self) -> None:
        owner = self.server.owner
        with owner._lock:
            owner._conns.discard(self.connection)
            owner.conns_open -= 1
            self._conn_stat.closed = time.monotonic()
        try:
            super().finish()
        except OSError:
            pass

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def do_GET(self) -> None:
        self._serve(head=False)

    def _serve(self, head: bool) -> None:
        owner = self.server.owner
        parts = urlsplit(self.path)
        req = Request(
            method=self.command,
            path=parts.path,
            query=parts.query,
            headers={k.lower(): v for k, v in self.headers.items()},
            time=time.monotonic(),
            client_port=self.client_address[1],
        )
        owner._enter(req.path)
        try:
            route = owner._pick(req)
            if route is None:
                route = Route(status=404, body="not found", content_type="text/plain")
            self._respond(owner, route, req, head)
        except (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, socket.timeout):
            self.close_connection = True
        finally:
            req.done = time.monotonic()
            owner._leave(req.path)

    def _respond(self, owner: FaultServer, route: Route, req: Request, head: bool) -> None:
        if route.hang:
            self._hang(owner, min(route.hang_max, HANG_MAX))
            self.close_connection = True
            return
        if not owner._sleep(owner.latency + route.delay):
            self.close_connection = True
            return
        status = route.status
        if status == 200 and _not_modified(route, req.headers):
            status = 304
        payload = b"" if status in (204, 304) or status < 200 else route.payload()
        self.send_response(status)
        if route.content_type and status != 304:
            ctype = route.content_type
            if route.charset and "charset" not in ctype and ctype.startswith(("text/", "application/")):
                ctype += f"; charset={route.charset}"
            self.send_header("Content-Type", ctype)
        if route.encoding and status != 304:
            self.send_header("Content-Encoding", "deflate" if route.encoding == "deflate-raw" else route.encoding)
        if route.etag:
            self.send_header("ETag", route.etag)
        if route.last_modified:
            self.send_header("Last-Modified", route.last_modified)
        if route.retry_after is not None:
            ra = route.retry_after
            self.send_header("Retry-After", str(int(ra)) if isinstance(ra, (int, float)) else ra)
        for k, v in route.headers.items():
            self.send_header(k, v)
        framing = route.framing if status not in (204, 304) else "length"
        if framing == "chunked":
            self.send_header("Transfer-Encoding", "chunked")
        elif framing == "close":
            self.send_header("Connection", "close")
            self.close_connection = True
        elif status not in (204, 304) or route.declared_length is not None:
            length = route.declared_length if route.declared_length is not None else len(payload)
            self.send_header("Content-Length", str(length))
        self.end_headers()
        if head or not payload:
            if framing == "chunked" and not head:
                self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
            return
        for chunk in _chunks(payload, route):
            if route.drip is not None and not owner._sleep(route.drip):
                self.close_connection = True
                return
            if framing == "chunked":
                self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            else:
                self.wfile.write(chunk)
            self.wfile.flush()
        if framing == "chunked":
            self.wfile.write(b"0\r\n\r\n")
            self.wfile.flush()
        if route.declared_length is not None and route.declared_length != len(payload):
            self.close_connection = True  # framing is broken; do not reuse


    def _hang(self, owner: FaultServer, limit: float) -> None:
        """Answer nothing until the client hangs up, the server closes or *limit* passes."""
        deadline = time.monotonic() + limit
        conn = self.connection
        while time.monotonic() < deadline and not owner._closing.is_set():
            ready, _, _ = select.select([conn], [], [], 0.05)
            if ready:
                try:
                    if conn.recv(1, socket.MSG_PEEK) == b"":
                        return  # the client closed its end
                except OSError:
                    return
                owner._sleep(0.05)  # pipelined bytes: keep hanging, without spinning


def _chunks(payload: bytes, route: Route) -> Iterator[bytes]:
    size = route.drip_size if route.drip is not None else 64 * 1024
    size = max(1, size)
    for i in range(0, len(payload), size):
        yield payload[i : i + size]


def _not_modified(route: Route, headers: dict[str, str]) -> bool:
    inm = headers.get("if-none-match")
    if inm is not None and route.etag:
        tags = [t.strip() for t in inm.split(",")]
        weak = [t.removeprefix("W/") for t in tags]  # If-None-Match uses weak comparison
        return "*" in tags or route.etag.removeprefix("W/") in weak
    ims = headers.get("if-modified-since")
    if inm is None and ims and route.last_modified:
        try:
            since = email.utils.parsedate_to_datetime(ims)
            modified = email.utils.parsedate_to_datetime(route.last_modified)
        except (TypeError, ValueError):
            return False
        return modified <= since
    return False


@pytest.fixture
def faultserver() -> Iterator[FaultServer]:
    srv = FaultServer()
    try:
        yield srv
    finally:
        srv.close()
