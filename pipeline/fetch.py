"""Polite, bounded HTTP fetching for feeds and article pages.

Everything a remote server could do to us is bounded:

* time: connect/read timeouts per socket operation plus a total deadline per
  attempt (``total_timeout``), so a server dripping one byte per second
  cannot hold a worker; waiting for a concurrency slot does not count;
* size: at most ``max_bytes`` of *decoded* body. Content-Length above the
  limit is refused before reading, and gzip/deflate are decoded here with a
  bounded output size, so a few kilobytes of compressed zeros (a
  decompression bomb) never expand into memory;
* redirects: followed by hand, at most ``max_redirects`` hops (20, as
  browsers), with loop detection, and every hop passes the SSRF checks of
  netsafety;
* addresses: a host name is resolved by the fetcher itself (through a
  ``Resolver`` that tests can replace), every address is checked, and the
  connection goes only to a checked address; the peer of the connection
  actually made is checked again (DNS rebinding). Private addresses are
  allowed per host, never per fetch: ``private_hosts`` names the hosts
  (a feed's own, see run.py) whose hops may use them, and a redirect from
  there to any other private address is refused;
* load on sites: a global limit (``concurrency``) and a per-origin limit
  (``per_host``, keyed by scheme://host:port); robots.txt on request;
* retries: timeouts, connection errors, 5xx, 408 and 429 are retried with
  jittered exponential waits, at most ``retries`` attempts in all. A
  Retry-After (seconds or HTTP-date) longer than the backoff is honoured;
  one longer than ``retry_wait_max`` is not slept on: the error is raised at
  once with ``retry_after`` set, for the per-feed backoff (health.py).

Conditional GET: pass the ``etag``/``last_modified`` of the previous fetch;
a 304 comes back as ``FetchResult(not_modified=True, content=b"")``.

Environment proxies are ignored (``trust_env=False``): cron jobs should not
change behaviour with the shell they run in, and loopback test traffic must
never go to a proxy.
"""
from __future__ import annotations

import asyncio
import contextvars
import email.utils
import logging
import random
import time
import zlib
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from collections.abc import Collection
from typing import AsyncIterator

import httpcore
import httpx
from tenacity import AsyncRetrying, RetryCallState, retry_if_exception, stop_after_attempt

from . import netsafety
from .config import FetchSettings
from .models import FetchResult
from .robots import RobotsCache, origin

log = logging.getLogger(__name__)

RETRYABLE = {"timeout", "connect", "network", "dns", "http_5xx", "http_429"}
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
PERMANENT_REDIRECTS = {301, 308}
DEFAULT_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ACCEPT_LANGUAGE = "ko-KR,ko;q=0.9,en;q=0.5"
_BACKOFF_START = 0.5  # first retry wait before jitter, in seconds


class FetchError(Exception):
    """A fetch that did not produce a usable response.

    ``error_class`` is a short stable string for reports and the per-feed
    backoff: timeout, connect, dns, network, http_4xx, http_429, http_5xx,
    too_large, too_many_redirects, redirect_loop, bad_redirect, unsafe_url,
    robots, robots_unavailable, bad_scheme, bad_url, decode.
    """

    def __init__(
        self,
        url: str,
        error_class: str,
        message: str,
        *,
        status: int | None = None,
        retry_after: float | None = None,
    ) -> None:
        super().__init__(f"{error_class}: {message} ({url})")
        self.url = url
        self.error_class = error_class
        self.message = message
        self.status = status
        self.retry_after = retry_after

    @property
    def retryable(self) -> bool:
        return self.error_class in RETRYABLE or self.status == 408


@dataclass
class _Redirect:
    location: str
    set_cookie: bool
    status: int = 302


# Whether the hop being connected may use private addresses. The connection
# pool is shared by every fetch, so the decision travels with the request's
# task rather than with the pool.
_HOP_PRIVATE: contextvars.ContextVar[bool] = contextvars.ContextVar("hop_private", default=False)


class _PinnedBackend(httpcore.AsyncNetworkBackend):
    """Connects only to addresses it resolved and checked itself, so the
    address checked and the address connected to are the same one."""

    def __init__(self, resolver: netsafety.Resolver | None, dns_timeout: float) -> None:
        self._inner = httpcore.AnyIOBackend()
        self._resolver = resolver
        self._dns_timeout = dns_timeout

    async def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        try:
            addrs = await netsafety.resolve_checked(
                host, _HOP_PRIVATE.get(), timeout=self._dns_timeout, resolver=self._resolver)
        except (TimeoutError, OSError) as e:
            raise httpcore.ConnectError(f"cannot resolve {host}: {e}") from None
        last: Exception | None = None
        for addr in addrs:
            try:
                return await self._inner.connect_tcp(addr, port, timeout=timeout, local_address=local_address,
                                                     socket_options=socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as e:
                last = e
        assert last is not None
        raise last

    async def connect_unix_socket(self, path, timeout=None, socket_options=None):  # pragma: no cover
        raise httpcore.ConnectError("unix sockets are not used")

    async def sleep(self, seconds: float) -> None:
        await self._inner.sleep(seconds)


class Fetcher:
    """``async with Fetcher(settings) as f: res = await f.fetch(url)``.

    ``transport`` replaces the network (an offline mirror, httpx.MockTransport);
    ``offline=True`` says that transport never touches the network, so the
    DNS part of the SSRF checks is skipped (scheme and literal-address checks
    still apply). ``resolver`` answers host names instead of the system's
    DNS (tests: any answer, no real lookup).
    """

    def __init__(
        self,
        settings: FetchSettings,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        offline: bool = False,
        resolver: netsafety.Resolver | None = None,
    ) -> None:
        self.settings = settings
        self.offline = offline
        self.resolver = resolver
        conc = max(1, settings.concurrency)
        limits = httpx.Limits(max_connections=conc, max_keepalive_connections=conc)
        if transport is None:
            transport = _pinned_transport(limits, resolver, settings.connect_timeout)
        self._client = httpx.AsyncClient(
            transport=transport,
            headers={
                "User-Agent": settings.user_agent,
                "Accept-Language": ACCEPT_LANGUAGE,
                # Only what _Decoder can bound; httpx would add br/zstd when installed.
                "Accept-Encoding": "gzip, deflate",
            },
            timeout=httpx.Timeout(
                connect=settings.connect_timeout,
                read=settings.read_timeout,
                write=settings.read_timeout,
                pool=settings.total_timeout,
            ),
            limits=limits,
            follow_redirects=False,
            trust_env=False,
        )
        self._global = asyncio.Semaphore(conc)
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self.robots = RobotsCache(self)

    async def __aenter__(self) -> "Fetcher":
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        await self._client.aclose()

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        allow_private: bool = False,
        private_hosts: Collection[str] = (),
        check_robots: bool = False,
        accept: str | None = None,
        max_bytes: int | None = None,
    ) -> FetchResult:
        """GET *url*; raises FetchError. ``max_bytes`` overrides the setting
        (robots.txt uses a smaller one).

        Private addresses: a hop whose host is in ``private_hosts`` (see
        netsafety.host_listed) may use them; ``allow_private=True`` admits
        them for every hop of this one fetch (a feed URL the operator
        configured and the redirects it takes)."""
        try:
            scheme = httpx.URL(url).scheme
        except (httpx.InvalidURL, TypeError) as e:
            raise FetchError(str(url), "bad_scheme", f"not a valid URL: {e}") from None
        if scheme not in ("http", "https"):
            raise FetchError(url, "bad_scheme", f"scheme {scheme!r} is not http or https")
        try:
            self._client.build_request("GET", url)  # host encodable? (before robots.txt is asked)
        except (httpx.InvalidURL, UnicodeError, ValueError) as e:
            raise FetchError(url, "bad_url", f"cannot request this URL: {e}") from None
        headers = {"Accept": accept or DEFAULT_ACCEPT}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        limit = max_bytes if max_bytes is not None else self.settings.max_bytes
        check_robots = check_robots and self.settings.robots

        retrying = AsyncRetrying(
            stop=stop_after_attempt(max(1, self.settings.retries)),
            wait=self._wait,
            retry=retry_if_exception(self._should_retry),
            before_sleep=_log_retry,
            reraise=True,
        )
        async for attempt in retrying:
            with attempt:
                result = await self._attempt(url, headers, limit, allow_private, tuple(private_hosts),
                                             check_robots)
        return result

    # -- retry policy ---------------------------------------------------------
    def _should_retry(self, exc: BaseException) -> bool:
        if not isinstance(exc, FetchError) or not exc.retryable:
            return False
        # A server asking for a longer pause than we are willing to sleep
        # gets it through the per-feed backoff instead of a blocked worker.
        return exc.retry_after is None or exc.retry_after <= self.settings.retry_wait_max

    def _wait(self, state: RetryCallState) -> float:
        cap = max(0.0, self.settings.retry_wait_max)
        # Full jitter keeps many workers that failed together from retrying together.
        backoff = random.uniform(0, min(cap, _BACKOFF_START * 2 ** (state.attempt_number - 1)))
        exc = state.outcome.exception() if state.outcome else None
        retry_after = getattr(exc, "retry_after", None)
        if retry_after is not None:
            backoff = max(backoff, retry_after)
        return min(backoff, cap)

    # -- one attempt: a chain of redirect hops under one deadline ---------------
    async def _attempt(
        self, url: str, headers: dict[str, str], limit: int, allow_private: bool,
        private_hosts: tuple[str, ...], check_robots: bool,
    ) -> FetchResult:
        budget = self.settings.total_timeout
        visits: dict[str, int] = {}
        current = url
        permanent = True  # every hop so far a 301/308
        for _hop in range(self.settings.max_redirects + 1):
            private = allow_private or netsafety.host_listed(current, private_hosts)
            await self._check_hop(current, private, check_robots)
            visits[current] = visits.get(current, 0) + 1
            async with self._slot(current):
                started = time.monotonic()
                token = _HOP_PRIVATE.set(private)
                try:
                    async with asyncio.timeout(max(budget, 0.001)):
                        outcome = await self._request(current, headers, limit, private)
                except TimeoutError:
                    raise FetchError(
                        current, "timeout", f"no complete response within {self.settings.total_timeout:g}s"
                    ) from None
                finally:
                    _HOP_PRIVATE.reset(token)
                budget -= time.monotonic() - started
            if isinstance(outcome, FetchResult):
                if permanent and current != url:
                    outcome.moved_to = current
                return outcome
            permanent = permanent and outcome.status in PERMANENT_REDIRECTS
            try:
                nxt = str(httpx.URL(current).join(outcome.location).copy_with(fragment=None))
            except (httpx.InvalidURL, TypeError) as e:
                raise FetchError(current, "bad_redirect", f"unusable Location {outcome.location!r}: {e}") from None
            seen = visits.get(nxt, 0)
            # A -> B -> A is a loop unless B set a cookie (consent/session
            # dances do that); even then, only one more visit.
            if seen >= 2 or (seen == 1 and not outcome.set_cookie):
                raise FetchError(url, "redirect_loop", f"redirect loop back to {nxt}")
            current = nxt
        raise FetchError(url, "too_many_redirects", f"more than {self.settings.max_redirects} redirects")

    async def _check_hop(self, url: str, allow_private: bool, check_robots: bool) -> None:
        try:
            await netsafety.check_url_async(
                url, allow_private, resolve=not self.offline, timeout=self.settings.connect_timeout,
                resolver=self.resolver,
            )
        except netsafety.UnsafeURL as e:
            raise FetchError(url, "unsafe_url", str(e)) from None
        except TimeoutError as e:
            raise FetchError(url, "timeout", f"DNS: {e}") from None
        except OSError as e:
            raise FetchError(url, "dns", f"cannot resolve host: {e}") from None
        if check_robots:
            rules = await self.robots.get(url, allow_private=allow_private)
            if not rules.can_fetch(url, self.settings.user_agent):
                # "robots_unavailable" passes (the site is down); "robots" is the site's answer.
                raise FetchError(url, "robots_unavailable" if rules.temporary else "robots",
                                 rules.reason or "disallowed by robots.txt")

    @asynccontextmanager
    async def _slot(self, url: str) -> AsyncIterator[None]:
        key = origin(url)
        host = self._hosts.get(key)
        if host is None:
            host = self._hosts[key] = asyncio.Semaphore(max(1, self.settings.per_host))
        # Host first: a task queued behind a busy site must not sit on a
        # global slot that another site could use.
        async with host, self._global:
            yield

    async def _request(
        self, url: str, headers: dict[str, str], limit: int, allow_private: bool
    ) -> FetchResult | _Redirect:
        try:
            request = self._client.build_request("GET", url, headers=headers)
        except (httpx.InvalidURL, UnicodeError, ValueError) as e:
            # e.g. a malformed internationalised host name (xn--zz): the link is bad, not the network.
            raise FetchError(url, "bad_url", f"cannot request this URL: {e}") from None
        try:
            response = await self._client.send(request, stream=True)
        except netsafety.UnsafeURL as e:  # from _PinnedBackend: the address at connect time
            raise FetchError(url, "unsafe_url", f"refused at connect: {e}") from None
        except httpx.TimeoutException as e:
            limits = f"connect {self.settings.connect_timeout:g}s, read {self.settings.read_timeout:g}s"
            raise FetchError(url, "timeout", f"{_describe(e)} ({limits})") from None
        except httpx.ConnectError as e:
            raise FetchError(url, "connect", _describe(e)) from None
        except (httpx.NetworkError, httpx.RemoteProtocolError, httpx.ProxyError) as e:
            raise FetchError(url, "network", _describe(e)) from None
        except httpx.UnsupportedProtocol as e:
            raise FetchError(url, "bad_scheme", _describe(e)) from None
        except (httpx.InvalidURL, UnicodeError) as e:
            raise FetchError(url, "bad_url", f"cannot request this URL: {e}") from None
        try:
            self._check_peer(url, response, allow_private)
            return await self._handle(url, response, limit)
        finally:
            await response.aclose()

    def _check_peer(self, url: str, response: httpx.Response, allow_private: bool) -> None:
        # Also with allow_private: metadata and link-local stay refused, and a
        # reused keep-alive connection is judged by this request's rules.
        if self.offline:
            return
        stream = response.extensions.get("network_stream")
        addr = stream.get_extra_info("server_addr") if stream is not None else None
        if not addr:
            return
        try:
            netsafety.check_ip(addr[0], allow_private)
        except netsafety.UnsafeURL as e:
            raise FetchError(url, "unsafe_url", f"connected to a forbidden address: {e}") from None
        except ValueError:
            pass

    async def _handle(self, url: str, response: httpx.Response, limit: int) -> FetchResult | _Redirect:
        status = response.status_code
        headers = {k.lower(): v for k, v in response.headers.items()}
        if status in REDIRECT_STATUSES:
            location = _location(response)
            if not location:
                raise FetchError(url, "bad_redirect", f"HTTP {status} without Location", status=status)
            return _Redirect(location, "set-cookie" in headers, status)
        if status == 304:
            return FetchResult(
                url=url,
                status=304,
                content=b"",
                headers=headers,
                not_modified=True,
                etag=headers.get("etag"),
                last_modified=headers.get("last-modified"),
            )
        if status >= 400 or status < 200:
            retry_after = parse_retry_after(response.headers.get("retry-after"))
            if status == 429:
                cls = "http_429"
            elif status >= 500:
                cls = "http_5xx"
            else:
                cls = "http_4xx"
            message = f"HTTP {status} {response.reason_phrase}"
            raise FetchError(url, cls, message, status=status, retry_after=retry_after)
        if 300 <= status < 400:
            raise FetchError(url, "bad_redirect", f"HTTP {status} is not a redirect we follow", status=status)

        declared = response.headers.get("content-length", "").strip()
        if declared.isdigit() and int(declared) > limit:
            raise FetchError(url, "too_large", f"Content-Length {declared} exceeds {limit} bytes", status=status)
        try:
            decoder = _Decoder(response.headers.get("content-encoding", ""), limit)
        except ValueError as e:
            raise FetchError(url, "decode", str(e), status=status) from None
        if response.is_stream_consumed:
            # In-memory responses (offline mirror, httpx.MockTransport) arrive
            # already read and decoded by httpx; only the size cap is left to apply.
            if len(response.content) > limit:
                raise FetchError(url, "too_large", f"body exceeds {limit} bytes", status=status)
            return FetchResult(
                url=url,
                status=status,
                content=response.content,
                headers=headers,
                etag=headers.get("etag"),
                last_modified=headers.get("last-modified"),
            )
        body = bytearray()
        try:
            async for chunk in response.aiter_raw():
                decoder.feed(chunk, body)
            decoder.flush(body)
        except _TooLarge:
            raise FetchError(url, "too_large", f"body exceeds {limit} bytes", status=status) from None
        except zlib.error as e:
            raise FetchError(url, "decode", f"corrupt {decoder.codings} body: {e}", status=status) from None
        except httpx.TimeoutException as e:
            message = f"{_describe(e)} while reading the body (read {self.settings.read_timeout:g}s)"
            raise FetchError(url, "timeout", message, status=status) from None
        except (httpx.NetworkError, httpx.RemoteProtocolError) as e:
            raise FetchError(url, "network", _describe(e), status=status) from None
        return FetchResult(
            url=url,
            status=status,
            content=bytes(body),
            headers=headers,
            etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
        )


def _pinned_transport(limits: httpx.Limits, resolver: netsafety.Resolver | None,
                      dns_timeout: float) -> httpx.AsyncHTTPTransport:
    """httpx's own transport (its exception mapping, TLS setup) over a pool
    whose connections go through _PinnedBackend."""
    transport = httpx.AsyncHTTPTransport(limits=limits, trust_env=False)
    old = transport._pool  # httpx offers no public way to pass a network backend
    transport._pool = httpcore.AsyncConnectionPool(
        ssl_context=old._ssl_context,
        max_connections=limits.max_connections,
        max_keepalive_connections=limits.max_keepalive_connections,
        keepalive_expiry=limits.keepalive_expiry,
        network_backend=_PinnedBackend(resolver, dns_timeout),
    )
    return transport


class _TooLarge(Exception):
    pass


class _Decoder:
    """Undo Content-Encoding with a hard cap on the decoded size.

    zlib's ``max_length`` keeps each step's output within what is left of
    the budget, so memory never exceeds the limit however compressible the
    input is (httpx's own decoders have no such cap).
    """

    def __init__(self, header: str, limit: int) -> None:
        self.codings = [c.strip().lower() for c in header.split(",") if c.strip() and c.strip().lower() != "identity"]
        for c in self.codings:
            if c not in ("gzip", "x-gzip", "deflate"):
                raise ValueError(f"unsupported Content-Encoding {c!r}")
        if len(self.codings) > 2:
            raise ValueError(f"too many content codings: {header!r}")
        self.limit = limit
        # Codings are listed in the order applied, so they are undone in reverse.
        self._stages = [_Inflate(c) for c in reversed(self.codings)]

    def feed(self, data: bytes, out: bytearray) -> None:
        self._emit(self._run(data, len(out), final=False), out)

    def flush(self, out: bytearray) -> None:
        self._emit(self._run(b"", len(out), final=True), out)

    def _run(self, data: bytes, produced: int, final: bool) -> bytes:
        for i, stage in enumerate(self._stages):
            last = i == len(self._stages) - 1
            # An inner stage yields still-compressed data for the outer one;
            # it only needs a loose bound.
            budget = self.limit - produced if last else 4 * self.limit + 1024
            data = stage.run(data, budget, final)
        return data

    def _emit(self, data: bytes, out: bytearray) -> None:
        if len(out) + len(data) > self.limit:
            raise _TooLarge
        out += data


class _Inflate:
    def __init__(self, coding: str) -> None:
        self.coding = coding
        self._raw_fallback = coding == "deflate"
        self._started = False
        self._obj = self._new()

    def _new(self) -> "zlib._Decompress":
        if self.coding == "deflate":
            return zlib.decompressobj()
        return zlib.decompressobj(zlib.MAX_WBITS | 16)

    def run(self, data: bytes, budget: int, final: bool) -> bytes:
        out = bytearray()
        pending = data
        while pending or final:
            try:
                # max_length 0 would mean "unlimited"; budget+1 lets an
                # overflow show itself without ever holding more.
                piece = self._obj.decompress(pending, max(1, budget - len(out) + 1))
            except zlib.error:
                # Servers disagree on what "deflate" means: zlib-wrapped per
                # the RFC, or raw deflate (old IIS). Try raw once, at the start.
                if self._raw_fallback and not self._started:
                    self._raw_fallback = False
                    self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
                    continue
                raise
            self._started = True
            out += piece
            if len(out) > budget:
                raise _TooLarge
            if self._obj.eof and self._obj.unused_data and self.coding != "deflate":
                # Concatenated gzip members form one valid gzip stream.
                pending = self._obj.unused_data
                self._obj = self._new()
                continue
            pending = self._obj.unconsumed_tail
            if not pending:
                break
        if final and self._started and not self._obj.eof:
            # A body cut short would otherwise be handed on as if complete.
            raise zlib.error("compressed stream ends before its end marker")
        return bytes(out)


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds from now: delta-seconds or an HTTP-date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        seconds = float(value)
    except ValueError:
        pass
    else:
        return max(0.0, seconds) if seconds == seconds and seconds != float("inf") else None
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    now = now or datetime.now(timezone.utc)
    return max(0.0, (when - now).total_seconds())


def _log_retry(state: RetryCallState) -> None:
    exc = state.outcome.exception() if state.outcome else None
    wait = state.next_action.sleep if state.next_action else 0.0
    log.info("attempt %d failed (%s); retrying in %.2fs", state.attempt_number, exc, wait)


def _location(response: httpx.Response) -> str | None:
    """The Location header with non-ASCII bytes percent-encoded as sent.

    Some Korean sites put raw UTF-8, or even EUC-KR, bytes in Location;
    httpx would read them as Latin-1 and request a mangled URL. Escaping the
    original bytes is lossless whatever the charset, and for UTF-8 it is
    exactly what a browser requests.
    """
    for name, value in response.headers.raw:
        if name.lower() == b"location":
            text = "".join(chr(b) if 0x20 < b < 0x7F else f"%{b:02X}" for b in value.strip())
            return text or None
    return None


def _describe(e: Exception) -> str:
    text = str(e) or type(e).__name__
    return f"{type(e).__name__}: {text}" if text != type(e).__name__ else text
