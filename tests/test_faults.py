"""Reliability against a hostile server: nothing lost, nothing leaked, no one stuck.

Every test runs real ingests (or the real Fetcher) against the project's own
fault server (tests/faultserver.py) on 127.0.0.1, with real SQLite and real
worker processes. Host names other than 127.0.0.1 are answered by a test
resolver (``resolver=``), never by real DNS. Every wait is bounded.
"""
from __future__ import annotations

import asyncio
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
import yaml
from faultserver import Connection, FaultServer, Route, faultserver, redirect  # noqa: F401 - fixture
from sitefixture import ROOT, config_for, serve_samples

from pipeline import config as config_mod
from pipeline.archive import Archive
from pipeline.config import FetchSettings
from pipeline.fetch import Fetcher, FetchError
from pipeline.models import KST
from pipeline.run import EXIT_CONTENT_SKIPPED, EXIT_OK, ingest

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=KST)
RSS = "application/rss+xml"


def rss(items: list[tuple[str, str, str, str]]) -> str:
    """items: (guid, title, link, pubDate)"""
    body = "".join(f"<item><guid>{g}</guid><title>{t}</title><link>{link}</link><pubDate>{d}</pubDate></item>"
                   for g, t, link, d in items)
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>{body}</channel></rss>'


def day(n: int) -> str:
    """pubDate n minutes after a fixed time: larger n is newer."""
    t = datetime(2026, 11, 23, 9, 0, tzinfo=KST) + timedelta(minutes=n)
    return t.strftime("%a, %d %b %Y %H:%M:%S +0900")


def cfg_of(raw: dict, tmp: Path) -> config_mod.Config:
    p = tmp / "config.yaml"
    p.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return config_mod.load(p)


def base_raw(tmp: Path, **fetch) -> dict:
    return {
        "feeds": [],
        "output_dir": str(tmp / "out"),
        "archive_path": str(tmp / "archive.sqlite3"),
        "report_dir": str(tmp / "reports"),
        "fetch": {"retries": 1, "retry_wait_max": 0.1, "read_timeout": 5.0, "total_timeout": 10.0, **fetch},
        # These tests time the network; the extractive engine keeps the CPU
        # share of each item small, so a loaded machine cannot skew them.
        "rewrite": {"engine": "extractive"},
    }


def pages(srv: FaultServer, n: int, prefix: str = "/p", **route) -> list[str]:
    """n sample article pages served by srv under prefix; their URLs."""
    samples = sorted((ROOT / "samples" / "articles").glob("news-*.html"))
    assert samples, "sample articles missing"
    urls = []
    for i in range(n):
        path = f"{prefix}{i}.html"
        srv.add(path, Route(body=samples[i % len(samples)].read_bytes(), content_type="text/html", charset=None,
                            **route))
        urls.append(srv.url(path))
    return urls


# A page with no date anywhere, linked from an entry without pubDate: it can be
# fetched but cannot become a post (a content reason, never a silent loss).
UNDATED = ("<html><head><title>공원 정비 사업 발표</title></head><body><article>"
           + "".join(f"<p>시는 공원 정비 사업을 발표했다. 사업비는 {n}0억 원이다. 공사는 내년에 시작한다고 밝혔다.</p>"
                     for n in range(2, 8))
           + "</article></body></html>")


def undated_rss(items: list[tuple[str, str, str]]) -> str:
    body = "".join(f"<item><guid>{g}</guid><title>{t}</title><link>{link}</link></item>" for g, t, link in items)
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>{body}</channel></rss>'


def states(db_path: Path) -> dict[str, str]:
    db = sqlite3.connect(db_path)
    try:
        return {r[0]: r[1] for r in db.execute("SELECT url, state FROM items")}
    finally:
        db.close()


def max_overlap(intervals: list[tuple[float, float]]) -> int:
    events = sorted([(a, 1) for a, _ in intervals] + [(b, -1) for _, b in intervals], key=lambda e: (e[0], e[1]))
    now = best = 0
    for _, d in events:
        now += d
        best = max(best, now)
    return best


class Resolver:
    """Answers host names from a table (a list of answers is used in turn:
    rebinding); records what was asked. No real DNS."""

    def __init__(self, table: dict[str, list[list[str]] | list[str]]) -> None:
        self.table = table
        self.asked: list[str] = []

    async def __call__(self, host: str) -> list[str]:
        self.asked.append(host)
        answer = self.table.get(host)
        if answer is None:
            raise OSError(f"{host}: not in the test resolver")
        if answer and isinstance(answer[0], list):
            return answer.pop(0) if len(answer) > 1 else answer[0]
        return list(answer)


# 1. sockets ----------------------------------------------------------------

def test_a_timed_out_connection_closes_within_the_timeout_while_workers_run(tmp_path):
    with FaultServer() as srv:
        srv.add("/hang", Route(hang=True, hang_max=30))
        slow = pages(srv, 12, delay=0.6)
        items = [("h", "멈춘 기사", srv.url("/hang"), day(100))]
        items += [(f"g{i}", f"기사 {i}", u, day(i)) for i, u in enumerate(slow)]
        srv.add("/feed.xml", Route(body=rss(items), content_type=RSS))
        raw = base_raw(tmp_path, total_timeout=1.0, read_timeout=1.0, per_host=2, robots=False)
        raw["feeds"] = [{"name": "f", "url": srv.url("/feed.xml"), "allow_private": True}]
        t0 = time.monotonic()
        report = ingest(cfg_of(raw, tmp_path), workers=2)
        run_seconds = time.monotonic() - t0
        hang_ports = {r.client_port for r in srv.requests if r.path == "/hang"}
        conns = [c for c in srv.connections if c.client_port in hang_ports]
        assert conns and all(c.closed is not None for c in conns)
        # The client gave up after 1 s; the server saw the connection close
        # then, not when the run (and its worker pool) ended seconds later.
        assert run_seconds > 3.0
        assert max(c.closed - c.opened for c in conns) < 2.5
        assert sum(i.status == "written" for i in report.items) == 12
        # The per-host limit (2) holds for the connections the client used. The
        # server sees an abandoned connection close a moment after the client
        # dropped it, and the client's next request may connect in that moment,
        # so the hung one may overlap by one, never more.
        others = [c for c in srv.connections if c.client_port not in hang_ports]
        assert _most_open_at_once(others) <= 2
        assert srv.max_conns_open <= 2 + len(conns)


def _most_open_at_once(conns) -> int:
    end = time.monotonic()
    marks = sorted([(c.opened, 1) for c in conns] + [(c.closed if c.closed is not None else end, -1) for c in conns],
                   key=lambda m: (m[0], m[1]))
    most = now = 0
    for _, step in marks:
        now += step
        most = max(most, now)
    return most


# How late the server may see a client's close: its handler thread wakes on
# EOF only when the OS schedules it, and on a loaded two-core machine (worker
# processes composing) that has lagged the client by tens of milliseconds. In
# that moment the client's pool, having dropped an idle connection to make
# room for another host, may open a new one here: the server counted three
# while the client never held more than two.
CLOSE_LAG = 0.25


def _as_the_client_held(srv: FaultServer) -> list:
    """The server's connections with each close moved back by CLOSE_LAG, but
    never before the connection's last answer ended (it was surely open then)."""
    held = []
    for c in srv.connections:
        closed = c.closed if c.closed is not None else time.monotonic()
        answered = [r.done for r in srv.requests
                    if r.client_port == c.client_port and r.done is not None and c.opened <= r.time <= closed]
        held.append(Connection(c.client_port, c.opened, max([closed - CLOSE_LAG, *answered, c.opened])))
    return held


def test_connections_never_exceed_the_per_host_and_global_limits(tmp_path):
    servers = [FaultServer() for _ in range(3)]
    try:
        raw = base_raw(tmp_path, per_host=2, concurrency=3, robots=False)
        for k, srv in enumerate(servers):
            urls = pages(srv, 6, delay=0.15)  # the feed answers at once: its span is left out below
            srv.add("/feed.xml", Route(body=rss([(f"{k}-{i}", f"기사 {k}-{i}", u, day(i)) for i, u in enumerate(urls)]),
                                       content_type=RSS))
            raw["feeds"].append({"name": f"f{k}", "url": srv.url("/feed.xml"), "allow_private": True})
        report = ingest(cfg_of(raw, tmp_path), workers=2)
        assert sum(i.status == "written" for i in report.items) == 18
        # Counted by the server. Every answer takes 0.15 s, so trimming 30 ms
        # off each span only absorbs the server's own bookkeeping lag under
        # load (a page fully sent is not yet marked done), never a real overlap.
        for srv in servers:
            assert srv.max_conns_open >= 1
            assert _most_open_at_once(_as_the_client_held(srv)) <= 2  # TCP connections, accept to close
            assert max_overlap([(r.time, r.done - 0.03) for r in srv.requests if r.path != "/feed.xml"]) <= 2
        spans = [(r.time, r.done - 0.03) for srv in servers for r in srv.requests if r.path != "/feed.xml"]
        assert max_overlap(spans) <= 3  # the global limit, across every server
    finally:
        for srv in servers:
            srv.close()


# 2. no silent loss ---------------------------------------------------------

def test_two_items_sharing_a_guid_with_different_links_are_both_kept(tmp_path):
    with FaultServer() as srv:
        a, b = pages(srv, 2)
        srv.add("/feed.xml", Route(body=rss([("same", "첫 기사", a, day(1)), ("same", "둘째 기사", b, day(2))]),
                                   content_type=RSS))
        raw = base_raw(tmp_path, robots=False)
        raw["feeds"] = [{"name": "f", "url": srv.url("/feed.xml"), "allow_private": True}]
        cfg = cfg_of(raw, tmp_path)
        report = ingest(cfg, workers=1)
        assert report.feeds[0].new == 2 and not report.skipped_entries
        assert states(tmp_path / "archive.sqlite3") == {a: "written", b: "written"}
        assert srv.hits["/p0.html"] == srv.hits["/p1.html"] == 1
        # Nothing new on the next run.
        assert ingest(cfg, workers=1).feeds[0].new == 0


def test_an_archive_keyed_by_guid_alone_migrates_without_duplicates(tmp_path):
    with FaultServer() as srv:
        a, b = pages(srv, 2)
        srv.add("/feed.xml", Route(body=rss([("g1", "첫 기사", a, day(1)), ("g2", "둘째 기사", b, day(2))]),
                                   content_type=RSS))
        raw = base_raw(tmp_path, robots=False)
        raw["feeds"] = [{"name": "f", "url": srv.url("/feed.xml"), "allow_private": True}]
        cfg = cfg_of(raw, tmp_path)
        assert ingest(cfg, workers=1).feeds[0].new == 2
        # Rewind the archive to the old identity rule (GUID only).
        db = sqlite3.connect(tmp_path / "archive.sqlite3")
        db.execute("UPDATE items SET identity = substr(identity, 1, instr(identity, char(31)) - 1)")
        db.commit()
        assert not [r for r in db.execute("SELECT identity FROM items WHERE instr(identity, char(31)) > 0")]
        db.close()
        srv.add("/feed.xml", Route(body=rss([("g1", "첫 기사", a, day(1)), ("g2", "둘째 기사", b, day(2)),
                                             ("g1", "같은 GUID 새 기사", srv.url("/p9.html"), day(3))]),
                                   content_type=RSS))
        pages(srv, 10)  # serves /p9.html too
        report = ingest(cfg, workers=1)
        assert report.feeds[0].new == 1 and report.feeds[0].updated == 0
        assert len(list((tmp_path / "out").rglob("*.md"))) == 3


# The tables as the release before this one wrote them (no not_before,
# moved_to or rewrite_json; GUID identities without the link).
OLD_SCHEMA = """
CREATE TABLE feeds (name TEXT PRIMARY KEY, url TEXT, etag TEXT, last_modified TEXT, last_status INTEGER,
    last_success TEXT, last_attempt TEXT, last_error TEXT, last_error_class TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0, next_attempt TEXT);
CREATE TABLE items (id TEXT PRIMARY KEY, feed TEXT NOT NULL, identity TEXT NOT NULL, url TEXT, title TEXT NOT NULL,
    published TEXT, entry_json TEXT NOT NULL, state TEXT NOT NULL, reason TEXT, error_class TEXT,
    attempts INTEGER NOT NULL DEFAULT 0, post_path TEXT, facts_json TEXT, first_seen TEXT NOT NULL,
    updated TEXT NOT NULL, next_attempt TEXT, charset TEXT, charset_source TEXT);
CREATE TABLE raw (item_id TEXT PRIMARY KEY REFERENCES items(id), url TEXT NOT NULL, status INTEGER NOT NULL,
    headers_json TEXT NOT NULL, content BLOB NOT NULL, fetched_at TEXT NOT NULL);
"""


def test_an_archive_of_the_previous_release_opens_and_carries_on(tmp_path):
    from pipeline.archive import item_id_for

    with FaultServer() as srv:
        a, b = pages(srv, 2)
        db = sqlite3.connect(tmp_path / "archive.sqlite3")
        db.executescript(OLD_SCHEMA)
        ts = T0.isoformat()
        db.execute("INSERT INTO items(id,feed,identity,url,title,published,entry_json,state,post_path,first_seen,updated)"
                   " VALUES(?,?,?,?,?,?,?,?,?,?,?)",
                   (item_id_for("guid:g1", "f"), "f", "guid:g1", a, "첫 기사", T0.isoformat(), "{}", "written",
                    "_posts/2026-11-25-x.md", ts, ts))
        db.execute("INSERT INTO feeds(name,url,consecutive_failures) VALUES('f', ?, 0)", (srv.url("/feed.xml"),))
        db.commit()
        db.close()
        srv.add("/feed.xml", Route(body=rss([("g1", "첫 기사", a, T0.strftime("%a, %d %b %Y %H:%M:%S +0900")),
                                             ("g1", "같은 GUID 둘째", b, day(5))]), content_type=RSS))
        raw = base_raw(tmp_path, robots=False)
        raw["feeds"] = [{"name": "f", "url": srv.url("/feed.xml"), "allow_private": True}]
        report = ingest(cfg_of(raw, tmp_path), workers=1)
        # The known item is recognised (no refetch); the GUID's second link is a new item.
        assert report.feeds[0].new == 1 and report.feeds[0].updated == 0
        assert srv.hits["/p0.html"] == 0 and srv.hits["/p1.html"] == 1
        assert [i.status for i in report.items] == ["written"]


def test_a_ten_hop_redirect_chain_is_followed_and_loops_are_still_caught(faultserver):
    for i in range(10):
        faultserver.add(f"/r{i}", redirect(f"/r{i + 1}", 301 if i % 2 else 302))
    faultserver.add("/r10", Route(body="end"))
    faultserver.add("/loop-a", redirect("/loop-b"))
    faultserver.add("/loop-b", redirect("/loop-a"))

    async def go():
        async with Fetcher(FetchSettings(retries=1)) as f:
            res = await f.fetch(faultserver.url("/r0"), allow_private=True)
            with pytest.raises(FetchError) as loop:
                await f.fetch(faultserver.url("/loop-a"), allow_private=True)
            return res, loop.value

    res, loop = asyncio.run(asyncio.wait_for(go(), 30))
    assert res.content == b"end" and FetchSettings().max_redirects == 20
    assert loop.error_class == "redirect_loop"


# 4. allow_private, resolution, rebinding -----------------------------------

def test_allow_private_admits_only_the_feeds_own_host(tmp_path):
    with FaultServer() as home, FaultServer() as other, FaultServer() as listed:
        (own,) = pages(home, 1)
        (elsewhere,) = pages(other, 1, prefix="/o")
        (ok_listed,) = pages(listed, 1, prefix="/l")
        home.add("/bounce", redirect(other.url("/o0.html")))
        items = [
            ("a", "자기 호스트", own, day(1)),
            ("b", "다른 루프백 포트", elsewhere, day(2)),
            ("c", "사설망 주소", "http://10.0.0.5/a.html", day(3)),
            ("d", "사설망 주소 2", "http://192.168.0.1/a.html", day(4)),
            ("e", "레디스", "http://127.0.0.1:6379/", day(5)),
            ("f", "ECS 자격 증명", "http://169.254.170.2/v2/credentials", day(6)),
            ("g", "자기 호스트에서 다른 곳으로", home.url("/bounce"), day(7)),
            ("h", "내부 이름", f"http://internal.test:{other.port}/o0.html", day(8)),
            ("i", "명시한 호스트", ok_listed, day(9)),
        ]
        home.add("/feed.xml", Route(body=rss(items), content_type=RSS))
        raw = base_raw(tmp_path, robots=False)
        raw["feeds"] = [{"name": "f", "url": home.url("/feed.xml"), "allow_private": True,
                         "allow_hosts": [f"127.0.0.1:{listed.port}"]}]
        resolver = Resolver({"internal.test": ["127.0.0.1"]})
        report = ingest(cfg_of(raw, tmp_path), workers=1, resolver=resolver)
        by_title = {i.title: i for i in report.items}
        assert by_title["자기 호스트"].status == "written"
        assert by_title["명시한 호스트"].status == "written"
        for title in ("다른 루프백 포트", "사설망 주소", "사설망 주소 2", "레디스", "ECS 자격 증명",
                      "자기 호스트에서 다른 곳으로", "내부 이름"):
            assert by_title[title].status == "skipped", title
            assert by_title[title].error_class == "unsafe_url", title
        assert "internal.test" in resolver.asked  # resolved, and the answer checked
        assert not other.hits  # never connected, not even through the redirect
        assert listed.hits["/l0.html"] == 1


def test_resolved_and_connected_addresses_are_checked(faultserver):
    faultserver.add("/a", Route(body="ok"))
    port = faultserver.port
    resolver = Resolver({
        "meta.test": ["169.254.169.254"],
        "mixed.test": ["93.184.216.34", "127.0.0.1"],
        # Rebinding: a public answer for the check, loopback when connecting.
        "rebind.test": [["93.184.216.34"], ["127.0.0.1"]],
        "intranet.test": ["127.0.0.1"],
    })

    async def go():
        out = {}
        async with Fetcher(FetchSettings(retries=1), resolver=resolver) as f:
            for name in ("meta", "mixed", "rebind"):
                try:
                    await f.fetch(f"http://{name}.test:{port}/a")
                    out[name] = "fetched"
                except FetchError as e:
                    out[name] = e.error_class
            with pytest.raises(FetchError) as meta_private:
                await f.fetch(f"http://meta.test:{port}/a", private_hosts=[f"meta.test:{port}"])
            out["meta_private"] = meta_private.value.error_class
            # A listed host may be private: the connection goes to the address
            # the resolver gave (the fault server), not to one found elsewhere.
            res = await f.fetch(f"http://intranet.test:{port}/a", private_hosts=[f"intranet.test:{port}"])
            out["intranet"] = res.content
        return out

    out = asyncio.run(asyncio.wait_for(go(), 30))
    assert out["meta"] == out["mixed"] == out["rebind"] == out["meta_private"] == "unsafe_url"
    assert out["intranet"] == b"ok"
    assert faultserver.hits["/a"] == 1  # only the allowed one ever reached the server
    assert resolver.asked.count("rebind.test") >= 2  # checked, then resolved again at connect time


# 5. pipelining and fairness ------------------------------------------------

def test_items_start_while_a_slow_feed_is_still_loading(tmp_path):
    with FaultServer() as fast, FaultServer() as slow:
        urls = pages(fast, 3)
        fast.add("/feed.xml", Route(body=rss([(f"g{i}", f"기사 {i}", u, day(i)) for i, u in enumerate(urls)]),
                                    content_type=RSS))
        slow.add("/feed.xml", Route(body=rss([]), content_type=RSS, delay=3.0))
        raw = base_raw(tmp_path, robots=False)
        raw["feeds"] = [{"name": "fast", "url": fast.url("/feed.xml"), "allow_private": True},
                        {"name": "slow", "url": slow.url("/feed.xml"), "allow_private": True}]
        report = ingest(cfg_of(raw, tmp_path), workers=1)
        assert sum(i.status == "written" for i in report.items) == 3
        slow_done = slow.requests[0].done
        article_starts = [r.time for r in fast.requests if r.path.startswith("/p")]
        assert len(article_starts) == 3 and max(article_starts) < slow_done


def test_a_slow_host_does_not_hold_items_of_other_hosts(tmp_path):
    with FaultServer() as slowhost, FaultServer() as fasthost:
        slow_urls = pages(slowhost, 6, delay=1.5)
        fast_urls = pages(fasthost, 6)
        for srv, urls, tag in ((slowhost, slow_urls, "s"), (fasthost, fast_urls, "f")):
            srv.add("/feed.xml", Route(body=rss([(f"{tag}{i}", f"기사 {tag}{i}", u, day(i)) for i, u in enumerate(urls)]),
                                       content_type=RSS))
        raw = base_raw(tmp_path, per_host=2, concurrency=4, robots=False)
        raw["feeds"] = [{"name": "slow", "url": slowhost.url("/feed.xml"), "allow_private": True},
                        {"name": "fast", "url": fasthost.url("/feed.xml"), "allow_private": True}]
        report = ingest(cfg_of(raw, tmp_path), workers=1)
        assert sum(i.status == "written" for i in report.items) == 12
        slow_done = sorted(r.done for r in slowhost.requests if r.path.startswith("/p"))
        fast_done = max(r.done for r in fasthost.requests if r.path.startswith("/p"))
        # The slow host needs three rounds of 1.5 s for its six pages; the
        # fast host's pages were all served long before its last round.
        assert slow_done[-1] - slow_done[0] >= 2.9
        assert fast_done < slow_done[-1] - 1.5


def test_new_items_go_before_old_retries_and_feeds_take_turns(tmp_path):
    with FaultServer() as srv:
        a = pages(srv, 4, prefix="/a")
        b = pages(srv, 4, prefix="/b")
        srv.add("/retry.html", Route(503))
        srv.add("/a.xml", Route(body=rss([("r", "재시도", srv.url("/retry.html"), day(50))]), content_type=RSS))
        srv.add("/b.xml", Route(body=rss([]), content_type=RSS))
        raw = base_raw(tmp_path, per_host=1, concurrency=1, robots=False)
        raw["feeds"] = [{"name": "a", "url": srv.url("/a.xml"), "allow_private": True},
                        {"name": "b", "url": srv.url("/b.xml"), "allow_private": True}]
        cfg = cfg_of(raw, tmp_path)
        first = ingest(cfg, workers=1, clock=lambda: T0)
        assert [i.status for i in first.items] == ["failed"]
        # Later: the retry is due, and both feeds bring four new items each.
        srv.add("/a.xml", Route(body=rss([("r", "재시도", srv.url("/retry.html"), day(50))]
                                         + [(f"a{i}", f"가 {i}", u, day(i)) for i, u in enumerate(a)]), content_type=RSS))
        srv.add("/b.xml", Route(body=rss([(f"b{i}", f"나 {i}", u, day(i)) for i, u in enumerate(b)]), content_type=RSS))
        srv.reset_stats()
        ingest(cfg, workers=1, clock=lambda: T0 + timedelta(hours=1))
        order = [r.path for r in srv.requests if r.path.endswith(".html")]
        assert order[-1] == "/retry.html" and order.count("/retry.html") == 1
        feeds = [p[1] for p in order[:-1]]
        assert sorted(feeds) == ["a"] * 4 + ["b"] * 4
        # Round-robin: once both feeds are known (b's feed waits for the one
        # connection the host allows), the two alternate until a runs out.
        assert all(feeds[k] != feeds[k + 1] for k in range(1, 6)), feeds
        # Newest first within a feed.
        assert [p for p in order if p.startswith("/a")] == ["/a3.html", "/a2.html", "/a1.html", "/a0.html"]


def _cli(*args: str) -> subprocess.Popen:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.Popen([sys.executable, "-m", "pipeline", *args], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def test_a_killed_run_does_not_start_the_next_run_with_the_same_slow_page(tmp_path):
    with FaultServer() as srv:
        urls = pages(srv, 4, hang=True, hang_max=20)
        srv.add("/feed.xml", Route(body=rss([(f"g{i}", f"기사 {i}", u, day(i)) for i, u in enumerate(urls)]),
                                   content_type=RSS))
        raw = base_raw(tmp_path, per_host=1, concurrency=1, robots=False, total_timeout=15.0, read_timeout=15.0)
        raw["feeds"] = [{"name": "f", "url": srv.url("/feed.xml"), "allow_private": True}]
        cfg_path = tmp_path / "config.yaml"
        cfg_path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        first_pages = []
        for _run in range(3):  # three cron runs, each killed by its timeout
            srv.reset_stats()
            proc = _cli("ingest", "--config", str(cfg_path), "--workers", "1")
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline and not any(r.path.startswith("/p") for r in srv.requests):
                time.sleep(0.05)
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=10)
            started = [r.path for r in srv.requests if r.path.startswith("/p")]
            assert len(started) == 1
            first_pages.append(started[0])
        # Each run began with a page no earlier run had been stuck on.
        assert first_pages == ["/p3.html", "/p2.html", "/p1.html"]
        for i in range(4):
            srv.add(f"/p{i}.html", Route(body=(ROOT / "samples" / "articles" / "news-1001.html").read_bytes(),
                                         content_type="text/html", charset=None))
        report = ingest(config_mod.load(cfg_path), workers=1)
        assert sum(i.status == "written" for i in report.items) == 4
        assert len(set(states(tmp_path / "archive.sqlite3"))) == 4


# 6. smaller points ---------------------------------------------------------

def test_force_skips_our_backoff_but_never_a_servers_retry_after(tmp_path):
    with FaultServer() as srv:
        srv.add("/own.xml", Route(503))
        srv.add("/server.xml", Route(503, retry_after=3600))
        raw = base_raw(tmp_path, robots=False)
        raw["feeds"] = [{"name": "own", "url": srv.url("/own.xml"), "allow_private": True},
                        {"name": "server", "url": srv.url("/server.xml"), "allow_private": True}]
        cfg = cfg_of(raw, tmp_path)
        ingest(cfg, workers=1, clock=lambda: T0)
        hits = dict(srv.hits)
        later = lambda: T0 + timedelta(minutes=1)  # noqa: E731 - inside both pauses
        plain = ingest(cfg, workers=1, clock=later)
        assert {f.name: f.status for f in plain.feeds} == {"own": "backoff", "server": "backoff"}
        forced = ingest(cfg, workers=1, clock=later, force=True)
        assert {f.name: f.status for f in forced.feeds} == {"own": "failed", "server": "backoff"}
        assert srv.hits["/own.xml"] == hits["/own.xml"] + 1
        assert srv.hits["/server.xml"] == hits["/server.xml"]  # Retry-After: 3600 is honoured even so


def test_force_retries_items_early_but_never_before_their_retry_after(tmp_path):
    with FaultServer() as srv:
        srv.add("/busy.html", Route(429, retry_after=3600))
        srv.add("/down.html", Route(503))
        srv.add("/feed.xml", Route(body=rss([("1", "바쁨", srv.url("/busy.html"), day(1)),
                                             ("2", "다운", srv.url("/down.html"), day(2))]), content_type=RSS))
        raw = base_raw(tmp_path, robots=False)
        raw["feeds"] = [{"name": "f", "url": srv.url("/feed.xml"), "allow_private": True}]
        cfg = cfg_of(raw, tmp_path)
        first = ingest(cfg, workers=1, clock=lambda: T0)
        assert {i.title: i.status for i in first.items} == {"바쁨": "failed", "다운": "failed"}
        later = lambda: T0 + timedelta(minutes=1)  # noqa: E731 - inside both pauses
        assert not ingest(cfg, workers=1, clock=later).items
        forced = ingest(cfg, workers=1, clock=later, force=True)
        assert [i.title for i in forced.items] == ["다운"]  # our pause skipped, the server's kept
        assert srv.hits["/busy.html"] == 1 and srv.hits["/down.html"] == 2
        after = ingest(cfg, workers=1, clock=lambda: T0 + timedelta(hours=2))
        assert "바쁨" in [i.title for i in after.items]


def test_a_decode_error_is_final_for_the_item(tmp_path):
    with FaultServer() as srv:
        srv.add("/br.html", Route(body=b"\x8b\x00\x80garbage", headers={"Content-Encoding": "br"}))
        srv.add("/broken.html", Route(compressed=b"\x1f\x8b\x08\x00not-gzip-at-all", encoding="gzip"))
        srv.add("/feed.xml", Route(body=rss([("1", "브로틀리", srv.url("/br.html"), day(1)),
                                             ("2", "깨진 gzip", srv.url("/broken.html"), day(2))]), content_type=RSS))
        raw = base_raw(tmp_path, robots=False)
        raw["feeds"] = [{"name": "f", "url": srv.url("/feed.xml"), "allow_private": True}]
        report = ingest(cfg_of(raw, tmp_path), workers=1)
        assert {(i.status, i.error_class) for i in report.items} == {("skipped", "decode")}
        assert report.backlog["waiting_for_retry"] == 0


def test_a_feeds_permanent_redirect_is_saved(tmp_path):
    with FaultServer() as srv:
        (page,) = pages(srv, 1)
        srv.add("/old.xml", redirect("/new.xml", 301))
        srv.add("/new.xml", Route(body=rss([("1", "기사", page, day(1))]), content_type=RSS))
        raw = base_raw(tmp_path, robots=False)
        raw["feeds"] = [{"name": "f", "url": srv.url("/old.xml"), "allow_private": True}]
        cfg = cfg_of(raw, tmp_path)
        first = ingest(cfg, workers=1)
        assert first.feeds[0].moved_to == srv.url("/new.xml")
        with Archive(tmp_path / "archive.sqlite3") as archive:
            assert archive.feed("f").moved_to == srv.url("/new.xml")
        ingest(cfg, workers=1)
        assert srv.hits["/old.xml"] == 1 and srv.hits["/new.xml"] == 2
        # A changed URL in the config starts over from that URL.
        raw["feeds"][0]["url"] = srv.url("/new.xml") + "?v=2"
        ingest(cfg_of(raw, tmp_path), workers=1)
        assert srv.hits["/new.xml"] == 3


def test_the_report_counts_retries_and_content_skips_whatever_run_touched_them(tmp_path):
    with FaultServer() as srv:
        (good,) = pages(srv, 1)
        srv.add("/down.html", Route(503))
        srv.add("/u1.html", Route(body=UNDATED))
        srv.add("/u2.html", Route(body=UNDATED))
        srv.add("/feed.xml", Route(body=rss([("1", "정상", good, day(1)), ("2", "다운", srv.url("/down.html"), day(2))]),
                                   content_type=RSS))
        srv.add("/undated.xml", Route(body=undated_rss([("3", "날짜 없음", srv.url("/u1.html")),
                                                        ("4", "날짜 없음 2", srv.url("/u2.html"))]), content_type=RSS))
        raw = base_raw(tmp_path, robots=False)
        raw["feeds"] = [{"name": "f", "url": srv.url("/feed.xml"), "allow_private": True},
                        {"name": "u", "url": srv.url("/undated.xml"), "allow_private": True}]
        cfg = cfg_of(raw, tmp_path)
        first = ingest(cfg, workers=1, clock=lambda: T0)
        c = first.counts()
        assert c["written"] == 1 and c["failed"] == 1 and c["skipped_content"] == 2 and first.exit_code == EXIT_OK
        assert all("no publication date" in i.reason for i in first.items if i.status == "skipped_content")
        # A quiet run touches none of them, and still reports them.
        quiet = ingest(cfg, workers=1, clock=lambda: T0 + timedelta(minutes=1))
        assert not quiet.items
        assert quiet.counts()["waiting_for_retry"] == 1 and quiet.counts()["skipped_content_total"] == 2
        assert "1 waiting for retry, 2 skipped for content" in quiet.summary()


def test_strict_makes_content_skips_exit_non_zero(tmp_path):
    with FaultServer() as srv:
        srv.add("/u1.html", Route(body=UNDATED))
        srv.add("/u2.html", Route(body=UNDATED))
        srv.add("/feed.xml", Route(body=undated_rss([("1", "날짜 없음", srv.url("/u1.html"))]), content_type=RSS))
        raw = base_raw(tmp_path, robots=False)
        raw["feeds"] = [{"name": "f", "url": srv.url("/feed.xml"), "allow_private": True}]
        cfg_path = tmp_path / "config.yaml"
        cfg_path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        proc = _run_cli("ingest", "--config", str(cfg_path), "--workers", "1", "--strict")
        assert proc.returncode == EXIT_CONTENT_SKIPPED, proc.stdout + proc.stderr
        assert "skipped_content" in proc.stderr  # failures and skips are log lines on stderr
        status = _run_cli("status", "--config", str(cfg_path))
        assert "skipped for content: 1" in status.stdout and "no publication date" in status.stdout
        # The config switch does the same for a plain `ingest` (a new item to refuse).
        raw["strict"] = True
        srv.add("/feed.xml", Route(body=undated_rss([("2", "날짜 없음 2", srv.url("/u2.html"))]), content_type=RSS))
        cfg_path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        assert _run_cli("ingest", "--config", str(cfg_path), "--workers", "1").returncode == EXIT_CONTENT_SKIPPED
        # Without strict, the same skip exits 0 (and is still reported).
        raw["strict"] = False
        srv.add("/feed.xml", Route(body=undated_rss([("3", "날짜 없음 3", srv.url("/u1.html") + "?3")]),
                                   content_type=RSS))
        cfg_path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        assert _run_cli("ingest", "--config", str(cfg_path), "--workers", "1").returncode == EXIT_OK


def _run_cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
