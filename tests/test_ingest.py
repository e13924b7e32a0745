"""End to end: sample feeds over real HTTP on 127.0.0.1 -> archive -> posts."""
from __future__ import annotations

import html
import json
import re
import sqlite3
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from faultserver import FaultServer, Route
from sitefixture import config_for, serve_samples

from pipeline import config as config_mod
from pipeline import stages
from pipeline.decode import decode_bytes
from pipeline.frontmatter import load as load_frontmatter
from pipeline.rewrite.transforms import RELATIVE_YEAR_WORD
from pipeline.run import EXIT_ALL_FEEDS_FAILED, EXIT_OK, ingest

SEED_STYLES = ("color: #ee2323;", "background-color: #21538527;", "color: #1a5490;")


@pytest.fixture
def site():
    srv = FaultServer()
    try:
        yield serve_samples(srv)
    finally:
        srv.close()


def cfg_of(raw: dict, tmp: Path) -> config_mod.Config:
    p = tmp / "config.yaml"
    p.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return config_mod.load(p)


def posts(tmp: Path) -> list[Path]:
    return sorted((tmp / "out").rglob("*.md"))


def visible_text(body: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def test_ingest_writes_seed_format_posts_and_archive(site, tmp_path):
    cfg = cfg_of(config_for(site, tmp_path), tmp_path)
    report = ingest(cfg, workers=1)
    assert report.exit_code == EXIT_OK
    c = report.counts()
    files = posts(tmp_path)
    # every sample article page becomes exactly one post
    assert len(files) == len(site.articles)
    assert c["written"] == len(files)
    db = sqlite3.connect(tmp_path / "archive.sqlite3")
    states = dict(db.execute("SELECT state, COUNT(*) FROM items GROUP BY state").fetchall())
    assert states.get("written") == len(files)
    # the deliberately dead link is skipped with the HTTP reason, not lost
    dead = db.execute("SELECT reason FROM items WHERE state='skipped'").fetchall()
    assert dead and all(r[0] for r in dead)
    assert any("404" in r[0] or "http_4xx" in r[0] for r in dead)
    # raw pages are archived for re-rendering without the network
    assert db.execute("SELECT COUNT(*) FROM raw").fetchone()[0] >= len(files)

    for f in files:
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}-[a-z0-9-]+\.md", f.name), f.name
        text = f.read_text(encoding="utf-8")
        fm, body = load_frontmatter(text)
        # The seed's keys in its order, plus the time of day; a site without
        # a banner gets no image and nobody else's links.
        assert list(fm)[:5] == ["title", "date", "categories", "excerpt", "feature_text"]
        assert fm["date"].utcoffset().total_seconds() == 9 * 3600
        assert "newsdao" not in text and "korea.kr" not in text
        assert isinstance(fm["categories"], list) and fm["categories"]
        assert fm["title"] and "\ufffd" not in text
        assert body.count('<h2 data-ke-size="size26">') >= 2
        assert '<p data-ke-size="size16">' in body and "<hr" in body
        assert any(s in body for s in SEED_STYLES)
        assert "<script" not in body.lower() and "onclick" not in body.lower()
        # boilerplate never reaches a post
        for junk in ("무단전재", "기사 URL이 복사되었습니다", "공유하기", "@news.example", "@local.example"):
            assert junk not in body, (f.name, junk)
        # fidelity: every number in the post body appears in its source page
        src_url = re.search(r'href="(http://127\.0\.0\.1:\d+/[^"]+)"', body).group(1)
        src_path = site.articles[html.unescape(src_url)]
        source = decode_bytes(src_path.read_bytes(), None, "html").text
        source_digits = re.sub(r"[,\s]", "", html.unescape(source))
        # ...or is the year a relative one of the source resolves to (`내년` -> `2027년`).
        facts = stages.read(src_path.read_bytes(), src_url, feed_published=fm["date"]).facts
        years = {str(x.value)[:4] for x in facts if x.kind == "date" and x.value and RELATIVE_YEAR_WORD.match(x.text)}
        for num in re.findall(r"\d[\d,.]*\d|\d", visible_text(body.split("<hr")[0])):
            assert num.replace(",", "") in source_digits or num in years, (f.name, num)

    report_file = tmp_path / "reports" / "latest.json"
    data = json.loads(report_file.read_text(encoding="utf-8"))
    assert data["counts"]["written"] == len(files)


def test_second_run_writes_nothing_and_uses_conditional_get(site, tmp_path):
    cfg = cfg_of(config_for(site, tmp_path), tmp_path)
    ingest(cfg, workers=1)
    before = {p: p.stat().st_mtime_ns for p in posts(tmp_path)}
    site.srv.reset_stats()
    report = ingest(cfg, workers=1)
    c = report.counts()
    assert c["new"] == 0 and c["written"] == 0
    assert c["not_modified"] == len(site.feeds)
    assert {p: p.stat().st_mtime_ns for p in posts(tmp_path)} == before
    feed_reqs = [r for r in site.srv.requests if r.path.endswith((".xml", ".rss", ".atom"))]
    assert feed_reqs and all("if-modified-since" in r.headers for r in feed_reqs)
    # no article page is fetched again (local.example pages have no .html suffix)
    article_paths = {urlsplit(u).path for u in site.articles}
    assert site.srv.requests and not [r for r in site.srv.requests if r.path in article_paths]


def test_euc_kr_feed_and_page_decode_to_korean(site, tmp_path):
    cfg = cfg_of(config_for(site, tmp_path), tmp_path)
    report = ingest(cfg, workers=1)
    euc = [f for f in report.feeds if "euckr" in f.name]
    assert euc and euc[0].charset in ("cp949", "euc-kr")
    db = sqlite3.connect(tmp_path / "archive.sqlite3")
    titles = [r[0] for r in db.execute("SELECT title FROM items WHERE feed=?", (euc[0].name,))]
    assert titles and all(re.search(r"[가-힣]", t) and "\ufffd" not in t for t in titles)


def test_every_feed_failing_gives_exit_1_and_backoff(tmp_path):
    with FaultServer() as srv:
        srv.add("/a.xml", Route(500))
        srv.add("/b.xml", Route(404))
        raw = {
            "feeds": [{"name": "a", "url": srv.url("/a.xml"), "allow_private": True},
                      {"name": "b", "url": srv.url("/b.xml"), "allow_private": True}],
            "output_dir": str(tmp_path / "out"), "archive_path": str(tmp_path / "archive.sqlite3"),
            "report_dir": str(tmp_path / "reports"),
            "fetch": {"retries": 2, "retry_wait_max": 0.1},
        }
        cfg = cfg_of(raw, tmp_path)
        report = ingest(cfg, workers=1)
        assert report.exit_code == EXIT_ALL_FEEDS_FAILED
        assert {f.error_class for f in report.feeds} >= {"http_5xx"}
        hits = srv.hits["/a.xml"]
        # the next run leaves the failing feeds alone until their backoff ends
        report2 = ingest(cfg, workers=1)
        assert all(f.status == "backoff" and f.next_attempt for f in report2.feeds)
        assert srv.hits["/a.xml"] == hits
        # still an outage: cron keeps getting a non-zero exit while every feed is down
        assert report2.exit_code == EXIT_ALL_FEEDS_FAILED


def test_bad_feeds_are_reported_and_do_not_stop_the_run(site, tmp_path):
    good = site.feeds["news-example"]
    body = site.routes[good.split(str(site.srv.port), 1)[1].split("?")[0]][""].payload()
    # A feed cut off mid-item: what feedparser can read is used, the rest reported.
    site.srv.add("/broken.xml", Route(body=body[: int(len(body) * 0.6)], content_type="application/rss+xml"))
    site.srv.add("/notafeed.xml", Route(body="<html><body>점검 중입니다</body></html>", content_type="text/html"))
    raw = config_for(site, tmp_path)
    raw["feeds"] += [
        {"name": "broken", "url": site.srv.url("/broken.xml"), "allow_private": True},
        {"name": "notafeed", "url": site.srv.url("/notafeed.xml"), "allow_private": True},
    ]
    report = ingest(cfg_of(raw, tmp_path), workers=1)
    by_name = {f.name: f for f in report.feeds}
    assert report.exit_code == EXIT_OK
    assert by_name["broken"].problems  # malformed XML is reported ...
    assert by_name["notafeed"].status == "failed" and by_name["notafeed"].error_class == "bad_feed"
    # ... and every good feed still produced its posts
    assert len(posts(tmp_path)) == len(site.articles)
    data = json.loads((tmp_path / "reports" / "latest.json").read_text(encoding="utf-8"))
    assert {f["name"]: f["status"] for f in data["feeds"]}["notafeed"] == "failed"


def test_robots_txt_is_honoured_for_article_pages(site, tmp_path):
    from faultserver import robots

    site.srv.add("/robots.txt", robots("User-agent: *\nDisallow: /news.example/news/\n"))
    report = ingest(cfg_of(config_for(site, tmp_path), tmp_path), workers=1)
    blocked = [i for i in report.items if "/news.example/news/" in (i.url or "")]
    assert blocked and all(i.status == "skipped" and i.error_class == "robots" for i in blocked)
    written = [i for i in report.items if i.status == "written"]
    assert written and all("/news.example/news/" not in i.url for i in written)
    assert not [r for r in site.srv.requests if r.path.startswith("/news.example/news/")]


def test_retry_after_on_a_feed_sets_its_next_attempt(tmp_path):
    from datetime import datetime, timedelta

    from pipeline.models import KST

    now = datetime(2026, 11, 25, 9, 0, tzinfo=KST)
    with FaultServer() as srv:
        srv.add("/a.xml", Route(429, retry_after=7200))
        raw = {
            "feeds": [{"name": "a", "url": srv.url("/a.xml"), "allow_private": True}],
            "output_dir": str(tmp_path / "out"), "archive_path": str(tmp_path / "archive.sqlite3"),
            "report_dir": str(tmp_path / "reports"), "fetch": {"retries": 3, "retry_wait_max": 0.5},
        }
        cfg = cfg_of(raw, tmp_path)
        report = ingest(cfg, workers=1, clock=lambda: now)
        f = report.feeds[0]
        assert f.status == "failed" and f.error_class == "http_429"
        # Retry-After beyond the per-request wait is not slept on: one request,
        # and the feed's persistent backoff honours the server's two hours.
        assert srv.hits["/a.xml"] == 1
        assert datetime.fromisoformat(f.next_attempt) >= now + timedelta(seconds=7200)
        later = now + timedelta(seconds=7300)
        srv.add("/a.xml", Route(200, body="<rss version='2.0'><channel><title>t</title></channel></rss>",
                                content_type="application/rss+xml"))
        assert ingest(cfg, workers=1, clock=lambda: now + timedelta(seconds=3600)).feeds[0].status == "backoff"
        assert ingest(cfg, workers=1, clock=lambda: later).feeds[0].status == "ok"  # resumes by itself


def test_a_title_with_an_invented_number_falls_back_and_is_reported(site, tmp_path):
    raw = config_for(site, tmp_path)
    # A careless title rule that makes every headline claim a figure the source never gave.
    raw["compose"] = {"title_rules": [{"pattern": "^", "replace": "단독 99건: "}]}
    report = ingest(cfg_of(raw, tmp_path), workers=1)
    written = [i for i in report.items if i.status == "written"]
    assert len(written) == len(site.articles)
    # The guard refused every ruled title and used the safer form; no post claims 99건.
    assert all(i.guard["fallbacks"].get("title:number", 0) >= 1 for i in written)
    assert report.to_dict()["rewrite"]["fallbacks"]["title:number"] >= len(written)
    assert posts(tmp_path) and not any("99건" in p.read_text(encoding="utf-8") for p in posts(tmp_path))
    db = sqlite3.connect(tmp_path / "archive.sqlite3")
    stored = [json.loads(r[0]) for r in db.execute("SELECT rewrite_json FROM items WHERE state='written'")]
    assert stored and all(r["guard"]["fallbacks"].get("title:number") for r in stored)
