"""Items survive outages, odd links and feed edits across cron runs; nothing is lost."""
from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import yaml
from faultserver import FaultServer, Route, robots
from sitefixture import config_for, serve_samples

from pipeline import cli
from pipeline import config as config_mod
from pipeline.models import KST
from pipeline.run import ingest

T0 = datetime(2026, 11, 25, 9, 0, tzinfo=KST)


def cfg_of(raw: dict, tmp: Path) -> config_mod.Config:
    p = tmp / "config.yaml"
    p.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return config_mod.load(p)


def rss(items: list[tuple[str, str, str, str]]) -> str:
    """items: (guid, title, link, pubDate)"""
    body = "".join(f"<item><guid>{g}</guid><title>{t}</title><link>{link}</link><pubDate>{d}</pubDate></item>"
                   for g, t, link, d in items)
    return f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>{body}</channel></rss>'


def states(tmp: Path) -> dict[str, tuple[str, str | None]]:
    db = sqlite3.connect(tmp / "archive.sqlite3")
    return {r[0]: (r[1], r[2]) for r in db.execute("SELECT url, state, reason FROM items")}


def test_a_malformed_host_name_is_skipped_and_the_run_goes_on(tmp_path):
    with FaultServer() as srv:
        site = serve_samples(srv)
        article = next(iter(site.articles))
        srv.add("/odd.xml", Route(body=rss([
            ("o1", "이상한 주소", "http://xn--zz.com/a", "Mon, 23 Nov 2026 09:00:00 +0900"),
            ("o2", "정상 기사", article, "Mon, 23 Nov 2026 09:00:00 +0900"),
        ]), content_type="application/rss+xml"))
        raw = config_for(site, tmp_path)
        raw["feeds"] = [{"name": "odd", "url": srv.url("/odd.xml"), "allow_private": True}]
        report = ingest(cfg_of(raw, tmp_path), workers=1)
        by_title = {i.title: i for i in report.items}
        assert by_title["이상한 주소"].status == "skipped" and by_title["이상한 주소"].error_class == "bad_url"
        assert by_title["정상 기사"].status == "written"
        assert (tmp_path / "reports" / "latest.json").exists()


def test_robots_outage_and_page_outage_are_retried_not_lost(tmp_path):
    with FaultServer() as srv:
        site = serve_samples(srv)
        srv.add("/robots.txt", Route(503))  # robots.txt unreachable: nothing may be fetched for now
        cfg = cfg_of(config_for(site, tmp_path), tmp_path)
        report = ingest(cfg, workers=1, clock=lambda: T0)
        assert report.items and all(i.status == "failed" for i in report.items if i.url in site.articles)
        assert {i.error_class for i in report.items if i.url in site.articles} == {"robots_unavailable"}
        # a run before the item's pause is over leaves it alone ...
        again = ingest(cfg, workers=1, clock=lambda: T0 + timedelta(seconds=60))
        assert not [i for i in again.items if i.url in site.articles]
        # ... and once robots.txt answers, the items are written
        srv.add("/robots.txt", robots("User-agent: *\nAllow: /\n"))
        later = ingest(cfg, workers=1, clock=lambda: T0 + timedelta(hours=1))
        written = [i for i in later.items if i.status == "written"]
        assert len(written) == len(site.articles)


def test_a_page_down_for_days_falls_back_to_the_feeds_own_text(tmp_path):
    text = "".join(f"<p>시는 {n}일 공원 정비 사업을 발표했다. 사업비는 {n}0억 원이다. 공사는 내년에 시작한다.</p>" for n in range(2, 9))
    with FaultServer() as srv:
        srv.add("/feed.xml", Route(body=(
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
            'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title>'
            f'<item><guid>p1</guid><title>공원 정비 사업 발표</title><link>{srv.url("/down")}</link>'
            '<pubDate>Mon, 23 Nov 2026 09:00:00 +0900</pubDate>'
            f'<content:encoded><![CDATA[{text}]]></content:encoded></item></channel></rss>'),
            content_type="application/rss+xml"))
        srv.add("/down", Route(503))
        raw = {"feeds": [{"name": "f", "url": srv.url("/feed.xml"), "allow_private": True}],
               "output_dir": str(tmp_path / "out"), "archive_path": str(tmp_path / "archive.sqlite3"),
               "report_dir": str(tmp_path / "reports"), "fetch": {"retries": 1, "robots": False}}
        cfg = cfg_of(raw, tmp_path)
        now = T0
        statuses = []
        for _ in range(12):  # bounded: one run per pause, about three days of outage
            report = ingest(cfg, workers=1, clock=lambda: now)
            statuses += [i.status for i in report.items]
            if "written" in statuses:
                break
            now += timedelta(days=1)
        assert statuses[:3] == ["failed"] * 3  # retried, not dropped
        assert statuses[-1] == "written"  # and in the end the feed's full text became the post
        assert len(list((tmp_path / "out").rglob("*.md"))) == 1


def test_same_guid_in_two_feeds_are_two_items_and_duplicates_are_reported(tmp_path):
    with FaultServer() as srv:
        site = serve_samples(srv)
        a1, a2 = list(site.articles)[:2]
        day = "Mon, 23 Nov 2026 09:00:00 +0900"
        srv.add("/a.xml", Route(body=rss([("1", "가 신문 기사", a1, day)]), content_type="application/rss+xml"))
        srv.add("/b.xml", Route(body=rss([("1", "나 신문 기사", a2, day), ("2", "같은 기사", a1, day)]),
                                content_type="application/rss+xml"))
        raw = config_for(site, tmp_path)
        raw["feeds"] = [{"name": "a", "url": srv.url("/a.xml"), "allow_private": True},
                        {"name": "b", "url": srv.url("/b.xml"), "allow_private": True}]
        report = ingest(cfg_of(raw, tmp_path), workers=1)
        written = sorted(i.title for i in report.items if i.status == "written")
        # GUID "1" of feed a and of feed b are different articles: both kept
        assert "나 신문 기사" in written and len(written) == 2
        # a1 came through both feeds: whichever feed was read second reports the duplicate
        assert {"가 신문 기사", "같은 기사"} - set(written) == {s["entry"] for s in report.skipped_entries}
        assert all("duplicate" in s["reason"] for s in report.skipped_entries)


def test_feed_edit_of_a_known_item_refreshes_its_post_with_a_conditional_get(tmp_path):
    with FaultServer() as srv:
        site = serve_samples(srv)
        url = next(iter(site.articles))
        path = url.split(str(srv.port), 1)[1].split("?")[0]
        page = site.articles[url].read_bytes()
        site.set(url, Route(body=page, content_type="text/html", charset=None, etag='"v1"'))
        feed = lambda title: Route(body=rss([("g1", title, url, "Mon, 23 Nov 2026 09:00:00 +0900")]),  # noqa: E731
                                   content_type="application/rss+xml")
        srv.add("/f.xml", feed("처음 제목"))
        raw = config_for(site, tmp_path)
        raw["feeds"] = [{"name": "f", "url": srv.url("/f.xml"), "allow_private": True}]
        cfg = cfg_of(raw, tmp_path)
        ingest(cfg, workers=1)
        first = list((tmp_path / "out").rglob("*.md"))
        assert len(first) == 1
        before = first[0].read_bytes()

        # the feed changes the item but the page has not changed: a 304, same post
        srv.add("/f.xml", feed("고친 제목"))
        srv.reset_stats()
        report = ingest(cfg, workers=1)
        assert report.feeds[0].updated == 1
        reqs = [r for r in srv.requests if r.path == path]
        assert len(reqs) == 1 and reqs[0].headers.get("if-none-match") == '"v1"'
        assert [p.read_bytes() for p in (tmp_path / "out").rglob("*.md")] == [before]

        # the outlet rewrites the headline: new bytes, the post is refreshed and moved, never two files
        title = "산업부, 특화단지 세 곳 추가 지정".encode()
        edited = page.replace("산업부, 반도체·이차전지 등 ‘첨단전략산업 특화단지’ 세 곳 추가 지정".encode(), title)
        assert edited != page
        site.set(url, Route(body=edited, content_type="text/html", charset=None, etag='"v2"'))
        srv.add("/f.xml", feed("산업부, 특화단지 세 곳 추가 지정"))
        ingest(cfg, workers=1)
        after = list((tmp_path / "out").rglob("*.md"))
        assert len(after) == 1 and after[0] != first[0]
        assert "title: 산업부, 특화단지 세 곳 추가 지정" in after[0].read_text(encoding="utf-8")


def test_charset_decision_is_recorded_per_article(tmp_path, capsys):
    with FaultServer() as srv:
        site = serve_samples(srv)
        cfg = cfg_of(config_for(site, tmp_path), tmp_path)
        report = ingest(cfg, workers=1)
    euc = [i for i in report.items if "303" in (i.url or "")]
    assert euc and (euc[0].charset, euc[0].charset_source) == ("cp949", "meta")
    assert cli.main(["show", euc[0].id, "--json", "--config", cfg.source_file]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["charset"], shown["charset_source"]) == ("cp949", "meta")


def test_only_the_writers_own_temp_files_are_swept(tmp_path):
    with FaultServer() as srv:
        site = serve_samples(srv)
        cfg = cfg_of(config_for(site, tmp_path), tmp_path)
        ingest(cfg, workers=1)
        out = tmp_path / "out"
        post = next(out.rglob("*.md"))
        mine = post.with_name(f".{post.name}.x1y2z3.tmp")
        theirs = [out / ".git" / "objects" / ".pack.tmp", out / "assets" / ".upload.tmp", post.with_name(".notes.tmp")]
        for p in [mine, *theirs]:
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text("x", encoding="utf-8")
        ingest(cfg, workers=1)
        assert not mine.exists()
        assert all(p.exists() for p in theirs)


def test_since_and_list_use_kst_days(tmp_path, capsys):
    with FaultServer() as srv:
        site = serve_samples(srv)
        url = next(iter(site.articles))
        srv.add("/f.xml", Route(body=rss([("g1", "늦은 밤 기사", url, "Tue, 24 Nov 2026 23:30:00 +0000")]),
                                content_type="application/rss+xml"))
        raw = config_for(site, tmp_path)
        raw["feeds"] = [{"name": "f", "url": srv.url("/f.xml"), "allow_private": True}]
        # the page's own date must not override the feed's for this check
        site.set(url, Route(body=site.articles[url].read_bytes().replace(b"article:published_time", b"x-none"),
                            content_type="text/html", charset=None))
        cfg = cfg_of(raw, tmp_path)
        ingest(cfg, workers=1)
    assert cli.main(["list", "--config", cfg.source_file]) == 0
    assert "2026-11-25" in capsys.readouterr().out
    assert cli.main(["rerender", "--config", cfg.source_file, "--since", "2026-11-25", "--workers", "1"]) == 0
    assert "1 unchanged" in capsys.readouterr().out


def test_older_archives_are_rekeyed_so_nothing_is_duplicated(tmp_path):
    import hashlib

    from pipeline.archive import Archive, item_id_for

    db_path = tmp_path / "archive.sqlite3"
    old_id = hashlib.sha256(b"guid:g1").hexdigest()[:16]  # how GUID items were keyed before
    db = sqlite3.connect(db_path)
    db.executescript("""
        CREATE TABLE items (id TEXT PRIMARY KEY, feed TEXT NOT NULL, identity TEXT NOT NULL, url TEXT,
            title TEXT NOT NULL, published TEXT, entry_json TEXT NOT NULL, state TEXT NOT NULL, reason TEXT,
            error_class TEXT, attempts INTEGER NOT NULL DEFAULT 0, post_path TEXT, facts_json TEXT,
            first_seen TEXT NOT NULL, updated TEXT NOT NULL);
        CREATE TABLE raw (item_id TEXT PRIMARY KEY, url TEXT NOT NULL, status INTEGER NOT NULL,
            headers_json TEXT NOT NULL, content BLOB NOT NULL, fetched_at TEXT NOT NULL);""")
    db.execute("INSERT INTO items VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
               (old_id, "f", "guid:g1", None, "제목", None, "{}", "written", None, None, 0, "_posts/x.md", None, "t", "t"))
    db.execute("INSERT INTO raw VALUES (?,?,?,?,?,?)", (old_id, "u", 200, "{}", b"x", "t"))
    db.commit()
    db.close()
    with Archive(db_path) as ar:
        new_id = item_id_for("guid:g1", "f")
        it = ar.item(new_id)
        assert it is not None and it.state == "written" and it.post_path == "_posts/x.md"
        assert ar.has_raw(new_id) and ar.item(old_id) is None


def test_a_skipped_item_whose_link_the_feed_corrects_is_written(tmp_path):
    with FaultServer() as srv:
        site = serve_samples(srv)
        good = next(iter(site.articles))
        day = "Mon, 23 Nov 2026 09:00:00 +0900"
        srv.add("/f.xml", Route(body=rss([("g1", "링크 고친 기사", srv.url("/missing"), day)]),
                                content_type="application/rss+xml"))
        raw = config_for(site, tmp_path)
        raw["feeds"] = [{"name": "f", "url": srv.url("/f.xml"), "allow_private": True}]
        cfg = cfg_of(raw, tmp_path)
        assert ingest(cfg, workers=1).items[0].status == "skipped"
        srv.add("/f.xml", Route(body=rss([("g1", "링크 고친 기사", good, day)]), content_type="application/rss+xml"))
        report = ingest(cfg, workers=1)
        assert report.feeds[0].updated == 1 and report.items[0].status == "written"


def test_a_refresh_whose_page_is_now_gone_keeps_the_archived_page(tmp_path):
    with FaultServer() as srv:
        site = serve_samples(srv)
        url = next(iter(site.articles))
        feed = lambda title: Route(body=rss([("g1", title, url, "Mon, 23 Nov 2026 09:00:00 +0900")]),  # noqa: E731
                                   content_type="application/rss+xml")
        srv.add("/f.xml", feed("처음"))
        raw = config_for(site, tmp_path)
        raw["feeds"] = [{"name": "f", "url": srv.url("/f.xml"), "allow_private": True}]
        cfg = cfg_of(raw, tmp_path)
        ingest(cfg, workers=1)
        db = sqlite3.connect(tmp_path / "archive.sqlite3")
        size = db.execute("SELECT length(content) FROM raw").fetchone()[0]
        post = next((tmp_path / "out").rglob("*.md")).read_bytes()
        site.set(url, Route(404, body="gone"))
        srv.add("/f.xml", feed("고침"))
        report = ingest(cfg, workers=1)
        assert report.items[0].status in ("written", "unchanged") and report.items[0].error_class is None
        assert db.execute("SELECT length(content) FROM raw").fetchone()[0] == size
        assert [p.read_bytes() for p in (tmp_path / "out").rglob("*.md")] == [post]
