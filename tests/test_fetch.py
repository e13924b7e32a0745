"""Fetcher against a real misbehaving HTTP server on 127.0.0.1.

The server is on loopback, so these tests pass allow_private=True except
where the refusal of private addresses is what is being tested. Every test
is bounded by asyncio.wait_for and by small timeouts in the settings.
"""
from __future__ import annotations

import asyncio
import gzip
import time
import tracemalloc
from datetime import datetime, timedelta, timezone

import httpx
import pytest

from faultserver import FaultServer, Route, bomb, faultserver, http_date, redirect, robots  # noqa: F401
from pipeline.config import FetchSettings
from pipeline.fetch import Fetcher, FetchError, parse_retry_after
from pipeline.robots import Robots

UA = "kr-news-pipeline/0.1 (+https://example.org/; feed reader)"


def fast(**kw) -> FetchSettings:
    base = dict(
        user_agent=UA,
        connect_timeout=1.0,
        read_timeout=1.0,
        total_timeout=3.0,
        retries=3,
        retry_wait_max=0.05,
        max_bytes=1_000_000,
        max_redirects=5,
        concurrency=8,
        per_host=8,
    )
    base.update(kw)
    return FetchSettings(**base)


def run(coro, timeout: float = 20.0):
    return asyncio.run(asyncio.wait_for(coro, timeout))


async def get(url: str, settings: FetchSettings | None = None, **kw):
    kw.setdefault("allow_private", True)
    async with Fetcher(settings or fast()) as f:
        return await f.fetch(url, **kw)


async def get_error(url: str, settings: FetchSettings | None = None, **kw) -> FetchError:
    with pytest.raises(FetchError) as info:
        await get(url, settings, **kw)
    return info.value


# -- plain responses ---------------------------------------------------------------


def test_success_keeps_bytes_headers_and_sends_our_headers(faultserver):
    body = "속보: 정부, 3조원 규모 추경 편성".encode("euc-kr")
    faultserver.add(
        "/a",
        Route(body=body, charset="euc-kr", etag='"v1"', last_modified="Tue, 24 Nov 2026 01:00:00 GMT",
              headers={"X-Custom": "yes"}),
    )
    res = run(get(faultserver.url("/a"), accept="application/rss+xml"))
    assert res.status == 200 and not res.not_modified
    assert res.content == body  # bytes untouched: decoding is the extractor's job
    assert res.url == faultserver.url("/a")
    assert res.headers["content-type"] == "text/html; charset=euc-kr"
    assert res.headers["x-custom"] == "yes"
    assert all(k == k.lower() for k in res.headers)
    assert (res.etag, res.last_modified) == ('"v1"', "Tue, 24 Nov 2026 01:00:00 GMT")
    sent = faultserver.requests[0].headers
    assert sent["user-agent"] == UA
    assert sent["accept"] == "application/rss+xml"
    assert sent["accept-encoding"] == "gzip, deflate"
    assert "if-none-match" not in sent


def test_bad_scheme_refused_without_network():
    for url in ("ftp://example.com/feed", "file:///etc/passwd", "javascript:alert(1)"):
        err = run(get_error(url))
        assert err.error_class == "bad_scheme", url


def test_404_is_not_retried(faultserver):
    err = run(get_error(faultserver.url("/missing")))
    assert (err.error_class, err.status, err.retryable) == ("http_4xx", 404, False)
    assert faultserver.hits["/missing"] == 1


def test_5xx_retried_until_success(faultserver):
    faultserver.add("/flaky", Route(503), Route(500), Route(body="ok"))
    res = run(get(faultserver.url("/flaky"), fast(retries=3)))
    assert res.content == b"ok"
    assert faultserver.hits["/flaky"] == 3


def test_5xx_gives_up_after_configured_attempts(faultserver):
    faultserver.add("/down", Route(502))
    err = run(get_error(faultserver.url("/down"), fast(retries=4)))
    assert (err.error_class, err.status) == ("http_5xx", 502)
    assert faultserver.hits["/down"] == 4


def test_single_attempt_when_retries_is_one(faultserver):
    faultserver.add("/down", Route(500))
    run(get_error(faultserver.url("/down"), fast(retries=1)))
    assert faultserver.hits["/down"] == 1


# -- Retry-After --------------------------------------------------------------------


def _gap(srv: FaultServer, path: str) -> float:
    times = [r.time for r in srv.requests if r.path == path]
    return times[1] - times[0]


def test_429_retry_after_seconds_is_waited_for(faultserver):
    faultserver.add("/rl", Route(429, retry_after=1), Route(body="ok"))
    res = run(get(faultserver.url("/rl"), fast(retry_wait_max=2.0)))
    assert res.content == b"ok"
    assert _gap(faultserver, "/rl") >= 0.95  # not the 0.05 s jittered backoff


def test_503_retry_after_http_date_is_waited_for(faultserver):
    # HTTP-dates have whole-second precision: aim 2 s ahead, expect at least ~1 s.
    when = http_date(time.time() + 2)
    faultserver.add("/rl", Route(503, retry_after=when), Route(body="ok"))
    res = run(get(faultserver.url("/rl"), fast(retry_wait_max=3.0)))
    assert res.content == b"ok"
    assert _gap(faultserver, "/rl") >= 0.95


def test_retry_after_longer_than_we_wait_is_raised_at_once(faultserver):
    faultserver.add("/rl", Route(429, retry_after=3600))
    faultserver.add("/rl-date", Route(503, retry_after=http_date(time.time() + 7200)))
    t0 = time.monotonic()
    err = run(get_error(faultserver.url("/rl"), fast(retries=5, retry_wait_max=1.0)))
    assert (err.error_class, err.retry_after) == ("http_429", 3600.0)
    err2 = run(get_error(faultserver.url("/rl-date"), fast(retries=5, retry_wait_max=1.0)))
    assert err2.error_class == "http_5xx" and 7100 <= err2.retry_after <= 7200
    assert time.monotonic() - t0 < 1.0
    assert faultserver.hits["/rl"] == 1 and faultserver.hits["/rl-date"] == 1


def test_parse_retry_after_forms():
    now = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
    assert parse_retry_after("120", now) == 120.0
    assert parse_retry_after(" 0 ", now) == 0.0
    assert parse_retry_after("Wed, 25 Nov 2026 12:01:30 GMT", now) == 90.0
    assert parse_retry_after("Wed, 25 Nov 2026 11:00:00 GMT", now) == 0.0  # in the past
    assert parse_retry_after((now + timedelta(hours=2)).strftime("%A, %d-%b-%y %H:%M:%S GMT"), now) == 7200.0
    for junk in (None, "", "soon", "-5", "NaN", "inf"):
        got = parse_retry_after(junk, now)
        assert got is None or got == 0.0, junk


# -- time bounds ------------------------------------------------------------------


def test_slow_drip_is_cut_by_total_timeout(faultserver):
    # 100 bytes at one per 0.2 s would take 20 s; every byte arrives well within
    # the read timeout, so only the total deadline can stop it.
    faultserver.add("/drip", Route(body=b"x" * 100, drip=0.2))
    t0 = time.monotonic()
    err = run(get_error(faultserver.url("/drip"), fast(read_timeout=1.0, total_timeout=1.0, retries=1)))
    elapsed = time.monotonic() - t0
    assert err.error_class == "timeout" and err.retryable
    assert 0.9 <= elapsed < 2.5


def test_hanging_server_times_out_each_attempt(faultserver):
    faultserver.add("/hang", Route(hang=True))
    t0 = time.monotonic()
    err = run(get_error(faultserver.url("/hang"), fast(read_timeout=0.3, total_timeout=5.0, retries=2)))
    elapsed = time.monotonic() - t0
    assert err.error_class == "timeout"
    assert faultserver.hits["/hang"] == 2
    assert 0.5 <= elapsed < 2.5


def test_body_cut_short_is_retried(faultserver):
    # Content-Length promises more than is sent, then the connection closes.
    faultserver.add("/cut", Route(body=b"x" * 100, declared_length=1000), Route(body=b"whole"))
    res = run(get(faultserver.url("/cut")))
    assert res.content == b"whole" and faultserver.hits["/cut"] == 2


def test_connection_refused_is_a_connect_error():
    srv = FaultServer()
    url = srv.url("/gone")
    srv.close()  # nothing listens on that port any more
    err = run(get_error(url, fast(retries=2)))
    assert err.error_class == "connect" and err.retryable


# -- size bounds ------------------------------------------------------------------


def test_declared_content_length_over_limit_refused_before_reading(faultserver):
    # The body would take 10 s to drip; refusing on the header alone is instant.
    faultserver.add("/big", Route(body=b"x" * 10, drip=1.0, declared_length=50_000_000))
    t0 = time.monotonic()
    err = run(get_error(faultserver.url("/big"), fast(max_bytes=1_000_000)))
    assert err.error_class == "too_large" and not err.retryable
    assert time.monotonic() - t0 < 0.8
    assert faultserver.hits["/big"] == 1


@pytest.mark.parametrize("framing", ["chunked", "close"])
def test_streamed_body_over_limit_refused(faultserver, framing):
    faultserver.add("/big", Route(body=b"y" * 3_000_000, framing=framing))
    faultserver.add("/fits", Route(body=b"y" * 1_000_000, framing=framing))
    err = run(get_error(faultserver.url("/big"), fast(max_bytes=1_000_000)))
    assert err.error_class == "too_large"
    assert len(run(get(faultserver.url("/fits"), fast(max_bytes=1_000_000))).content) == 1_000_000


def test_gzip_bomb_refused_without_inflating_it(faultserver):
    b = bomb(200_000_000)
    assert len(b.compressed) < 1_000_000  # passes the Content-Length check
    faultserver.add("/bomb", b)
    tracemalloc.start()
    try:
        err = run(get_error(faultserver.url("/bomb"), fast(max_bytes=1_000_000)))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert err.error_class == "too_large"
    assert peak < 8_000_000, f"peak {peak} bytes while refusing a bomb"


def test_content_codings_decoded(faultserver):
    text = "서울 아파트값 0.12% 상승, 3주 연속 오름세. " * 200
    raw = text.encode("utf-8")
    faultserver.add("/gzip", Route(body=text, encoding="gzip", framing="chunked"))
    faultserver.add("/deflate", Route(body=text, encoding="deflate"))
    faultserver.add("/raw-deflate", Route(body=text, encoding="deflate-raw"))
    two_members = gzip.compress(raw[:1000]) + gzip.compress(raw[1000:])
    faultserver.add("/members", Route(compressed=two_members, encoding="gzip"))
    for path in ("/gzip", "/deflate", "/raw-deflate", "/members"):
        assert run(get(faultserver.url(path))).content == raw, path


def test_corrupt_and_truncated_compression_is_a_decode_error(faultserver):
    good = gzip.compress(b"z" * 100_000)
    faultserver.add("/corrupt", Route(compressed=b"\x1f\x8b\x08\x00garbage-not-deflate", encoding="gzip"))
    faultserver.add("/cut", Route(compressed=good[: len(good) // 2], encoding="gzip", framing="close"))
    faultserver.add("/odd", Route(body=b"x", headers={"Content-Encoding": "br"}))
    for path in ("/corrupt", "/cut", "/odd"):
        err = run(get_error(faultserver.url(path)))
        assert err.error_class == "decode", path


# -- redirects --------------------------------------------------------------------


def test_redirect_chain_followed_to_final_url(faultserver):
    faultserver.add("/r1", redirect("/r2", 301))
    faultserver.add("/r2", redirect(faultserver.url("/r3"), 307))  # absolute
    faultserver.add("/r3", redirect("final?x=1#frag", 308))  # relative, fragment dropped
    faultserver.add("/final", Route(body="done"))
    res = run(get(faultserver.url("/r1")))
    assert res.content == b"done"
    assert res.url == faultserver.url("/final?x=1")


def test_too_many_redirects(faultserver):
    for i in range(10):
        faultserver.add(f"/h{i}", redirect(f"/h{i + 1}"))
    faultserver.add("/h10", Route(body="end"))
    err = run(get_error(faultserver.url("/h0"), fast(max_redirects=3)))
    assert err.error_class == "too_many_redirects"
    assert sum(faultserver.hits.values()) == 4  # the first request and three hops
    assert run(get(faultserver.url("/h7"), fast(max_redirects=3))).content == b"end"  # 3 hops is fine


def test_redirect_loop_detected_early(faultserver):
    faultserver.add("/a", redirect("/b"))
    faultserver.add("/b", redirect("/a"))
    err = run(get_error(faultserver.url("/a"), fast(max_redirects=20)))
    assert err.error_class == "redirect_loop" and not err.retryable
    assert faultserver.hits["/a"] == 1 and faultserver.hits["/b"] == 1


def test_cookie_bounce_is_not_a_loop(faultserver):
    # Consent walls: A -> B (sets cookie) -> A -> page.
    faultserver.add("/article", redirect("/consent"), Route(body="본문"))
    faultserver.add("/consent", Route(302, headers={"Location": "/article", "Set-Cookie": "ok=1; Path=/"}))
    res = run(get(faultserver.url("/article")))
    assert res.content == "본문".encode()


@pytest.mark.parametrize("charset", ["utf-8", "euc-kr"])
def test_non_ascii_location_bytes_kept(faultserver, charset):
    raw = "/기사/속보".encode(charset)
    escaped = "".join(f"%{b:02X}" if b > 0x7F else chr(b) for b in raw)
    # BaseHTTPRequestHandler writes header values as Latin-1, i.e. byte for byte.
    faultserver.add("/go", Route(302, headers={"Location": raw.decode("latin-1")}))
    faultserver.add(escaped, Route(body="기사 본문"))
    res = run(get(faultserver.url("/go")))
    assert res.content == "기사 본문".encode()
    assert res.url == faultserver.url(escaped)


def test_redirect_without_location(faultserver):
    faultserver.add("/r", Route(302))
    assert run(get_error(faultserver.url("/r"))).error_class == "bad_redirect"


# -- SSRF -------------------------------------------------------------------------


class _Resolver(httpx.AsyncBaseTransport):
    """Stands in for DNS: sends requests for public-looking names to the fault
    server over a real socket, like a resolver answering with its address."""

    def __init__(self, srv: FaultServer) -> None:
        self._srv = srv
        self._inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        if request.url.host.endswith(".example") or request.url.host == "93.184.216.34":
            request.url = request.url.copy_with(host="127.0.0.1", port=self._srv.port)
        return await self._inner.handle_async_request(request)

    async def aclose(self) -> None:
        await self._inner.aclose()


@pytest.mark.parametrize(
    "target",
    [
        "http://127.0.0.1:{port}/secret",
        "http://2130706433:{port}/secret",
        "http://0x7f.1:{port}/secret",
        "http://[::ffff:127.0.0.1]:{port}/secret",
        "http://localhost:{port}/secret",
        "http://169.254.169.254/latest/meta-data/",
    ],
)
def test_redirect_from_public_host_into_loopback_refused(faultserver, target):
    faultserver.add("/go", redirect(target.format(port=faultserver.port)))
    faultserver.add("/secret", Route(body="internal"))

    async def go():
        async with Fetcher(fast(), transport=_Resolver(faultserver), offline=True) as f:
            with pytest.raises(FetchError) as info:
                await f.fetch("http://news.example/go")
            return info.value

    err = run(go())
    assert err.error_class == "unsafe_url" and not err.retryable
    assert faultserver.hits["/go"] == 1  # the public hop was fetched ...
    assert faultserver.hits["/secret"] == 0  # ... the internal one never


def test_connection_that_lands_on_loopback_is_refused(faultserver):
    # DNS rebinding, seen from our side: the name (here a public IP literal,
    # so no DNS is needed) passed the check, yet the socket we got is
    # connected to 127.0.0.1. The peer address check refuses the response.
    faultserver.add("/secret", Route(body="internal"))

    async def go():
        async with Fetcher(fast(retries=1), transport=_Resolver(faultserver)) as f:
            with pytest.raises(FetchError) as info:
                await f.fetch("http://93.184.216.34/secret")
            return info.value

    err = run(go())
    assert err.error_class == "unsafe_url" and "connected to a forbidden address: address 127.0.0.1" in str(err)


def test_private_target_refused_unless_allowed(faultserver):
    faultserver.add("/a", Route(body="ok"))
    err = run(get_error(faultserver.url("/a"), allow_private=False))
    assert err.error_class == "unsafe_url"
    assert faultserver.hits["/a"] == 0
    assert run(get(faultserver.url("/a"), allow_private=True)).content == b"ok"


def test_metadata_refused_even_when_private_allowed(faultserver):
    faultserver.add("/go", redirect("http://169.254.169.254/latest/meta-data/iam/"))
    err = run(get_error(faultserver.url("/go"), allow_private=True))
    assert err.error_class == "unsafe_url"


def test_offline_transport_serves_without_dns():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(str(request.url))
        return httpx.Response(200, content="<rss/>".encode(), headers={"Content-Type": "application/rss+xml"})

    async def go():
        async with Fetcher(fast(), transport=httpx.MockTransport(handler), offline=True) as f:
            return await f.fetch("https://www.news.example/rss/all.xml")

    res = run(go())
    assert res.content == b"<rss/>" and seen == ["https://www.news.example/rss/all.xml"]


# -- conditional GET --------------------------------------------------------------


def test_conditional_get_etag_and_last_modified(faultserver):
    lm = "Tue, 24 Nov 2026 01:00:00 GMT"
    faultserver.add("/feed", Route(body="<rss>v1</rss>", etag='"abc"', last_modified=lm))
    first = run(get(faultserver.url("/feed")))
    assert first.content == b"<rss>v1</rss>"

    again = run(get(faultserver.url("/feed"), etag=first.etag, last_modified=first.last_modified))
    assert again.not_modified and again.status == 304 and again.content == b""
    assert again.etag == '"abc"'
    sent = faultserver.requests[-1].headers
    assert sent["if-none-match"] == '"abc"' and sent["if-modified-since"] == lm

    by_date = run(get(faultserver.url("/feed"), last_modified=lm))
    assert by_date.not_modified

    stale = run(get(faultserver.url("/feed"), etag='"old"'))
    assert not stale.not_modified and stale.content == b"<rss>v1</rss>"


# -- concurrency --------------------------------------------------------------------


async def _many(settings: FetchSettings, urls: list[str]):
    async with Fetcher(settings) as f:
        return await asyncio.gather(*(f.fetch(u, allow_private=True) for u in urls))


def test_per_host_limit(faultserver):
    faultserver.add("/slow", Route(body="ok", delay=0.3))
    urls = [faultserver.url("/slow") for _ in range(8)]
    res = run(_many(fast(concurrency=10, per_host=2), urls))
    assert len(res) == 8 and faultserver.max_active == 2


def test_global_limit(faultserver):
    faultserver.add("/slow", Route(body="ok", delay=0.3))
    urls = [faultserver.url("/slow") for _ in range(9)]
    run(_many(fast(concurrency=3, per_host=10), urls))
    assert faultserver.max_active == 3


def test_busy_host_does_not_block_other_hosts(faultserver):
    faultserver.add("/slow", Route(body="ok", delay=0.5))
    with FaultServer() as other:
        other.add("/fast", Route(body="ok"))

        async def go():
            async with Fetcher(fast(concurrency=2, per_host=1)) as f:
                slow = [asyncio.create_task(f.fetch(faultserver.url("/slow"), allow_private=True)) for _ in range(3)]
                await asyncio.sleep(0.1)
                t0 = time.monotonic()
                await f.fetch(other.url("/fast"), allow_private=True)
                fast_took = time.monotonic() - t0
                await asyncio.gather(*slow)
                return fast_took

        assert run(go()) < 0.3  # not queued behind the 1.5 s of slow requests
    assert faultserver.max_active == 1


# -- robots.txt -------------------------------------------------------------------


def test_robots_disallow_blocks_and_is_fetched_once(faultserver):
    faultserver.add("/robots.txt", robots("User-agent: *\nDisallow: /private\n"))
    faultserver.add("/private/a", Route(body="no"))
    faultserver.add("/public", Route(body="yes"))

    async def go():
        async with Fetcher(fast()) as f:
            ok = await asyncio.gather(*(f.fetch(faultserver.url("/public"), allow_private=True, check_robots=True)
                                        for _ in range(3)))
            with pytest.raises(FetchError) as info:
                await f.fetch(faultserver.url("/private/a"), allow_private=True, check_robots=True)
            unchecked = await f.fetch(faultserver.url("/private/a"), allow_private=True)
            return ok, info.value, unchecked

    ok, err, unchecked = run(go())
    assert [r.content for r in ok] == [b"yes"] * 3
    assert err.error_class == "robots" and not err.retryable
    assert unchecked.content == b"no"
    assert faultserver.hits["/robots.txt"] == 1
    assert faultserver.hits["/private/a"] == 1


def test_robots_with_single_slot_does_not_deadlock(faultserver):
    # The robots.txt fetch needs a slot of its own; it must not wait for the
    # slot its caller would hold.
    faultserver.add("/robots.txt", robots("User-agent: *\nAllow: /\n"))
    faultserver.add("/a", Route(body="ok", delay=0.05))

    async def go():
        async with Fetcher(fast(concurrency=1, per_host=1)) as f:
            return await asyncio.gather(
                *(f.fetch(faultserver.url("/a"), allow_private=True, check_robots=True) for _ in range(4))
            )

    assert [r.content for r in run(go(), timeout=10)] == [b"ok"] * 4
    assert faultserver.hits["/robots.txt"] == 1 and faultserver.max_active == 1


def test_robots_checked_on_redirect_target(faultserver):
    faultserver.add("/robots.txt", robots("User-agent: *\nDisallow: /members/\n"))
    faultserver.add("/go", redirect("/members/only"))
    err = run(get_error(faultserver.url("/go"), check_robots=True))
    assert err.error_class == "robots" and faultserver.hits["/members/only"] == 0


def test_robots_setting_off_skips_check(faultserver):
    faultserver.add("/robots.txt", robots("User-agent: *\nDisallow: /\n"))
    faultserver.add("/a", Route(body="ok"))
    assert run(get(faultserver.url("/a"), fast(robots=False), check_robots=True)).content == b"ok"
    assert faultserver.hits["/robots.txt"] == 0


@pytest.mark.parametrize("status,allowed", [(404, True), (403, True), (503, False), (429, False)])
def test_robots_fetch_failures(faultserver, status, allowed):
    faultserver.add("/robots.txt", Route(status))
    faultserver.add("/a", Route(body="ok"))

    async def go():
        async with Fetcher(fast(retries=1)) as f:
            return await f.robots.allowed(faultserver.url("/a"), allow_private=True)

    assert run(go()) is allowed


def test_robots_unreachable_disallows():
    srv = FaultServer()
    url = srv.url("/a")
    srv.close()

    async def go():
        async with Fetcher(fast(retries=1)) as f:
            return await f.robots.allowed(url, allow_private=True)

    assert run(go()) is False


def test_robots_refusal_says_why(faultserver):
    faultserver.add("/robots.txt", Route(500))
    err = run(get_error(faultserver.url("/a"), fast(retries=1), check_robots=True))
    assert err.error_class == "robots_unavailable" and "unreachable (http_5xx)" in str(err)
    assert faultserver.hits["/a"] == 0


def test_robots_rfc9309_matching():
    r = Robots.parse(
        "# comment\n"
        "User-agent: *\n"
        "Disallow: /\n"
        "Allow: /rss\n"
        "Allow: /news/*.html$\n"
        "\n"
        "User-agent: OtherBot\n"
        "User-agent: Kr-News-Pipeline\n"
        "Disallow: /admin\n"
        "Allow: /admin/public\n"
        "Disallow: /*.pdf$\n"
        "Disallow: /검색\n"
    )
    other = "SomeCrawler/2.0"
    assert r.can_fetch("https://s.kr/rss/all.xml", other)  # longest match beats "Disallow: /"
    assert not r.can_fetch("https://s.kr/news/1", other)
    assert r.can_fetch("https://s.kr/news/2026/1.html", other)
    assert not r.can_fetch("https://s.kr/news/2026/1.html?page=2", other)  # $ anchors
    assert r.can_fetch("https://s.kr/robots.txt", other)
    # Our own group replaces the * group entirely.
    assert r.can_fetch("https://s.kr/news/1", UA)
    assert not r.can_fetch("https://s.kr/admin/x", UA)
    assert r.can_fetch("https://s.kr/admin/public/x", UA)
    assert not r.can_fetch("https://s.kr/files/a.pdf", UA)
    assert r.can_fetch("https://s.kr/files/a.pdf?x", UA)
    assert not r.can_fetch("https://s.kr/%EA%B2%80%EC%83%89?q=1", UA)  # UTF-8 path matched encoded
    assert not r.can_fetch("https://s.kr/%ea%b2%80%ec%83%89", UA)

    tie = Robots.parse("User-agent: *\nDisallow: /page\nAllow: /page\n")
    assert tie.can_fetch("https://s.kr/page", UA)  # Allow wins a tie
    empty = Robots.parse("User-agent: *\nDisallow:\n")
    assert empty.can_fetch("https://s.kr/anything", UA)
    assert Robots.parse("<html>not a robots file</html>").can_fetch("https://s.kr/x", UA)


# -- the fault server itself --------------------------------------------------------


def test_faultserver_closes_promptly_with_requests_in_flight():
    import socket

    srv = FaultServer()
    srv.add("/hang", Route(hang=True))
    srv.add("/drip", Route(body=b"x" * 1000, drip=0.5))
    srv.add("/idle", Route(body="ok"))
    socks = []
    for path in ("/hang", "/drip", "/idle"):
        s = socket.create_connection(("127.0.0.1", srv.port), timeout=5)
        s.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
        socks.append(s)
    deadline = time.monotonic() + 5
    while srv.hits.total() < 3 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert srv.hits.total() == 3
    t0 = time.monotonic()
    srv.close()
    assert time.monotonic() - t0 < 1.0
    for s in socks:  # every connection was ended by the server, none left hanging
        s.settimeout(2)
        while s.recv(65536):
            pass
        s.close()
