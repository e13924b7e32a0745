"""feeds.py on self-written Korean feeds, real outlet feeds, and broken input."""
from __future__ import annotations

import json
import re
import unicodedata
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from conftest import find_shared, shared_dir

from pipeline.feeds import ParsedFeed, clean_text, parse_date, parse_feed
from pipeline.models import KST

DATA = Path(__file__).parent / "data" / "feeds"
REAL = find_shared("real-samples/feeds") or Path("shared-absent")
HANGUL = re.compile("[\uac00-\ud7a3]")
NINE = timedelta(hours=9)


def _load(name: str) -> bytes:
    return (DATA / name).read_bytes()


def _by_title(feed: ParsedFeed) -> dict:
    return {e.title: e for e in feed.entries}


# -------------------------------------------------------------- RSS 2.0


@pytest.fixture(scope="module")
def rss() -> ParsedFeed:
    return parse_feed(_load("rss_ko.xml"), {"Content-Type": "application/rss+xml"}, "https://news.hanbit.example/rss/all.xml")


def test_rss_channel(rss):
    assert rss.title == "한빛일보 :: 전체기사"
    assert rss.link == "https://news.hanbit.example/"
    assert (rss.charset, rss.charset_source) == ("utf-8", "xml")
    assert rss.ok and not rss.bozo


def test_rss_entry_fields(rss):
    first = rss.entries[0]
    # markup stripped, double-escaped quotes resolved
    assert first.title == '한빛시, 청년 주거비 월 20만원 지원 "내달 신청"'
    assert first.identity == "guid:hanbit-10234\x1fhttps://news.hanbit.example/news/articleView.html?idxno=10234"
    assert first.guid == "hanbit-10234"
    assert first.link == "https://news.hanbit.example/news/articleView.html?idxno=10234"  # utm_* gone
    assert first.published == datetime(2024, 3, 7, 9, 0, tzinfo=KST)
    assert first.published.utcoffset() == NINE
    assert first.summary == "한빛시가 만 19~34세 청년 1,200명에게 월 20만원의 주거비를 지원한다. 신청은 다음 달 1일부터 받는다."
    assert first.content_html.startswith("<p>한빛시가 만 19~34세") and "최대 12개월" in first.content_html
    assert first.author == "김하늘 기자"  # e-mail dropped


def test_rss_relative_link_and_naive_date(rss):
    e = _by_title(rss)["도서관 야간 개방 시간 연장"]
    assert e.link == "https://news.hanbit.example/news/articleView.html?idxno=10235"
    # `2024-03-07 10:30:00` has no zone: it is Korean time, not UTC
    assert e.published == datetime(2024, 3, 7, 10, 30, tzinfo=KST)
    assert e.published.utcoffset() == NINE
    assert e.author == "박도윤"


def test_rss_javascript_link_refused_but_entry_kept_for_its_content(rss):
    e = _by_title(rss)["스크립트 링크는 거부한다"]
    assert e.link is None
    assert e.content_html == "<p>본문은 피드에 실려 있다.</p>"
    assert e.published == datetime(2024, 3, 7, 12, 0, tzinfo=KST)  # `2024.03.07 12:00`
    assert any("javascript:" in p for p in rss.problems)


def test_rss_duplicates_and_unusable_entries_are_skipped_with_reasons(rss):
    skipped = dict(rss.skipped)
    # One GUID under two different links names two articles: both are kept.
    assert "같은 GUID가 다시 나온 항목" not in skipped
    assert skipped["같은 기사, 다른 GUID"] == "duplicate link"  # same canonical URL as an earlier item
    assert skipped["링크도 본문도 없는 항목"] == "no link and no content"
    titles = [e.title for e in rss.entries]
    assert "같은 GUID가 다시 나온 항목" in titles
    assert len(rss.entries) + len(rss.skipped) == 8
    assert len({e.identity for e in rss.entries}) == len(rss.entries)


def test_rss_missing_title_is_derived_from_summary(rss):
    e = next(e for e in rss.entries if e.link and e.link.endswith("idxno=10238"))
    assert e.title == "제목이 빠진 기사다."
    assert e.identity == "url:https://news.hanbit.example/news/articleView.html?idxno=10238"
    assert e.published == datetime(2024, 3, 7, 15, 5, tzinfo=KST)  # 2024년 3월 7일 오후 3시 5분
    assert any("no title" in p for p in rss.problems)


def test_rss_entry_without_date_or_summary(rss):
    e = _by_title(rss)["날짜가 없는 기사"]
    assert e.published is None and e.summary is None
    assert e.link == "https://news.hanbit.example/news/articleView.html?idxno=10239"  # fbclid, fragment gone


def test_relative_links_fall_back_to_the_channel_link_without_base_url():
    feed = parse_feed(_load("rss_ko.xml"))
    e = _by_title(feed)["도서관 야간 개방 시간 연장"]
    assert e.link == "https://news.hanbit.example/news/articleView.html?idxno=10235"


# -------------------------------------------------------------- Atom


def test_atom():
    feed = parse_feed(_load("atom_ko.xml"), None, "https://nuri.example/atom.xml")
    assert feed.title == "누리경제 산업 뉴스"
    assert feed.link == "https://nuri.example/industry/"
    chip, ship = feed.entries
    assert chip.title == "반도체 수출 3개월 연속 증가"
    assert chip.link == "https://nuri.example/articles/2024/03/08/NR20240308001"  # relative, rel=alternate
    assert chip.published == datetime(2024, 3, 8, 5, 30, tzinfo=timezone.utc)  # explicit Z is kept
    assert chip.author == "이수민"
    assert "12.4%" in chip.content_html
    assert 'href="https://nuri.example/data/export.csv"' in chip.content_html  # links in content resolved
    assert chip.summary == "지난달 반도체 수출액이 1년 전보다 12.4% 늘었다."
    assert ship.published == datetime(2024, 3, 8, 14, 10, tzinfo=KST)  # naive <updated> -> KST
    # an entry whose only id is a urn has no link and no content
    assert feed.skipped == [("식별자만 있는 항목", "no link and no content")]
    assert not any("urn:" in p for p in feed.problems)  # a non-URL id is not a bad link


# -------------------------------------------------------------- encodings


@pytest.mark.parametrize(
    "headers",
    [None, {"Content-Type": "application/rss+xml; charset=UTF-8"}, {"Content-Type": "text/xml; charset=iso-8859-1"},
     {"Content-Type": "text/xml; charset=euc-kr"}],
    ids=["no-header", "lying-utf8", "lying-latin1", "honest"],
)
def test_cp949_feed_declared_euckr(headers):
    raw = _load("cp949_declared_euckr.xml")
    with pytest.raises(UnicodeDecodeError):
        raw.decode("euc_kr")  # the fixture really needs CP949
    feed = parse_feed(raw, headers)
    assert feed.charset == "cp949"
    assert feed.title == "똠방골 소식"
    first, second = feed.entries
    assert first.title == "똠방각하 동상 제막식에 주민 300명 참석"
    assert first.summary == "똠방골 주민 300명이 모였다. 햏자 모임과 뷁 동호회도 함께했다."
    assert first.published == datetime(2015, 9, 16, 22, 53, 16, tzinfo=KST)
    assert second.published == datetime(2015, 9, 16, 18, 0, tzinfo=KST)
    assert first.link == "http://ddom.example/view.php?no=501"
    assert not feed.bozo and not feed.problems


@pytest.mark.parametrize("headers", [None, {"Content-Type": "text/xml; charset=utf-8"}])
def test_strict_euckr_feed(headers):
    feed = parse_feed(_load("euckr_strict.xml"), headers)
    assert feed.title == "한솔골 소식"
    assert [e.title for e in feed.entries] == ["한솔각하 동상 제막식에 주민 300명 참석", "마을 도서관 새 단장"]
    assert feed.charset_source in ("xml", "detected")


# -------------------------------------------------------------- broken input


def test_malformed_xml_is_read_as_far_as_possible():
    feed = parse_feed(_load("malformed.xml"))
    assert feed.bozo
    assert any(p.startswith("malformed feed") for p in feed.problems)
    assert any("bare '&'" in p for p in feed.problems)
    titles = [e.title for e in feed.entries]
    assert titles == ["첫 기사는 온전하다", "R&D 예산 5% 증액"]  # the & is text, not `R&D;`
    assert feed.title == "깨진 피드 & 잘린 문서"
    assert feed.ok


def test_bare_ampersand_alone_does_not_make_a_feed_malformed():
    raw = (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>M&A 소식</title>'
        "<item><title>A사, B사 M&A 완료</title><link>https://m.example/a?x=1&idxno=3</link>"
        "<description><![CDATA[이미 CDATA 안의 &amp;는 그대로 둔다 &]]></description></item></channel></rss>"
    ).encode("utf-8")
    feed = parse_feed(raw)
    assert not feed.bozo
    e = feed.entries[0]
    assert e.title == "A사, B사 M&A 완료"
    assert e.link == "https://m.example/a?idxno=3&x=1"
    assert e.summary == "이미 CDATA 안의 &는 그대로 둔다 &"


@pytest.mark.parametrize(
    "raw,headers,problem",
    [
        (b"", None, "empty document"),
        (b"   \n\t ", None, "empty document"),
        ((DATA / "not_a_feed.html").read_bytes(), {"Content-Type": "text/html; charset=utf-8"}, "not a feed: an HTML page"),
        (bytes(range(256)) * 40, None, "not a feed"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00\x10\xff" * 300, {"Content-Type": "image/png"}, "not a feed"),
        (b'{"items": [{"title": "json"}]}', {"Content-Type": "application/json"}, "not a feed"),
    ],
    ids=["empty", "whitespace", "html", "binary", "png", "json"],
)
def test_bad_input_never_raises(raw, headers, problem):
    feed = parse_feed(raw, headers, "https://example.com/feed")
    assert feed.entries == []
    assert feed.bozo and not feed.ok
    assert any(p.startswith(problem) for p in feed.problems), feed.problems


def test_empty_but_valid_feed_is_ok():
    raw = b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title></channel></rss>'
    feed = parse_feed(raw)
    assert feed.entries == [] and feed.ok and not feed.bozo


def test_bytes_naming_a_local_file_are_not_opened(tmp_path):
    # feedparser opens a bytes argument that names an existing file; a body
    # like that from a server must stay a (broken) document.
    secret = tmp_path / "local.xml"
    secret.write_bytes(_load("rss_ko.xml"))
    feed = parse_feed(str(secret).encode())
    assert feed.entries == [] and not feed.ok


# -------------------------------------------------------------- real samples

REAL_FEEDS = sorted(REAL.glob("*.xml")) if REAL.is_dir() else []
MANIFEST = (
    {json.loads(l)["id"]: json.loads(l) for l in (REAL / "manifest.jsonl").read_text().splitlines() if l.strip()}
    if (REAL / "manifest.jsonl").is_file()
    else {}
)


@pytest.mark.parametrize("path", REAL_FEEDS, ids=[p.stem for p in REAL_FEEDS])
@pytest.mark.parametrize("lie", [None, "utf-8", "iso-8859-1"])
def test_real_feeds(path, lie):
    shared_dir("real-samples/feeds")
    headers = {"Content-Type": f"application/rss+xml; charset={lie}"} if lie else None
    feed = parse_feed(path.read_bytes(), headers)
    assert feed.ok and not feed.bozo, feed.problems
    assert feed.entries
    meta = MANIFEST.get(path.stem, {})
    if meta.get("items"):
        assert len(feed.entries) + len(feed.skipped) == meta["items"]
    for e in feed.entries:
        assert "\ufffd" not in e.title and HANGUL.search(e.title) or e.title.isascii(), e.title
        assert unicodedata.is_normalized("NFC", e.title)
        assert e.title == " ".join(e.title.split()) and "<" not in e.title.replace("<타워>", "")
        if e.published is not None:
            assert e.published.utcoffset() is not None
        assert e.link is None or e.link.startswith("http")
        assert "utm_" not in (e.link or "")
    assert sum(1 for e in feed.entries if HANGUL.search(e.title)) >= len(feed.entries) // 2
    assert len({e.identity for e in feed.entries}) == len(feed.entries)


def test_real_mbc_dotted_dates_are_kst():
    path = shared_dir("real-samples/feeds") / "mbc-imnews-all-20150917-euckr.xml"
    feed = parse_feed(path.read_bytes())
    assert len(feed.entries) == 30
    # `<pubDate>2015.09.16 22:53:16</pubDate>`: feedparser alone makes this 1 November (UTC)
    assert all(e.published and e.published.date().isoformat() == "2015-09-16" for e in feed.entries)
    assert all(e.published.utcoffset() == NINE for e in feed.entries)
    assert feed.entries[0].published == datetime(2015, 9, 16, 22, 53, 16, tzinfo=KST)


def test_real_ricanet_cp949_feed_keeps_angle_bracket_titles():
    path = shared_dir("real-samples/feeds") / "ricanet-20100403-cp949.xml"
    feed = parse_feed(path.read_bytes(), {"Content-Type": "text/xml; charset=euc-kr"})
    assert feed.title == "리카넷" and feed.charset == "cp949"
    assert len(feed.entries) == 10
    assert feed.entries[0].published == datetime(2010, 4, 3, 21, 15, 6, tzinfo=KST)


# -------------------------------------------------------------- dates and text


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("Thu, 07 Mar 2024 09:00:00 +0900", datetime(2024, 3, 7, 9, tzinfo=KST)),
        ("Thu, 07 Mar 2024 00:00:00 GMT", datetime(2024, 3, 7, 0, tzinfo=timezone.utc)),
        ("Thu, 07 Mar 2024 09:00:00", datetime(2024, 3, 7, 9, tzinfo=KST)),  # naive RFC 822
        ("Thu, 07 Mar 2024 09:00:00 KST", datetime(2024, 3, 7, 9, tzinfo=KST)),
        ("Sat, 31 Dec 2005 13:47:03+0900", datetime(2005, 12, 31, 13, 47, 3, tzinfo=KST)),
        ("Mon, 26 Sept 2005 21:46:23 +0900", datetime(2005, 9, 26, 21, 46, 23, tzinfo=KST)),
        ("Thu, 07 Mar 2024 09:00:00 -0000", datetime(2024, 3, 7, 9, tzinfo=timezone.utc)),
        ("Thu, 07 Mar 2024 04:00:00 EST", datetime(2024, 3, 7, 4, tzinfo=timezone(timedelta(hours=-5)))),
        ("2024-03-07T09:00:00+09:00", datetime(2024, 3, 7, 9, tzinfo=KST)),
        ("2024-03-07T00:00:00Z", datetime(2024, 3, 7, 0, tzinfo=timezone.utc)),
        ("2024-03-07T09:00:00.250+0900", datetime(2024, 3, 7, 9, 0, 0, 250000, tzinfo=KST)),
        ("2024-03-07T09:00:00", datetime(2024, 3, 7, 9, tzinfo=KST)),
        ("2024-03-07 09:00:00", datetime(2024, 3, 7, 9, tzinfo=KST)),
        ("2024.03.07", datetime(2024, 3, 7, tzinfo=KST)),
        ("2024. 3. 7.", datetime(2024, 3, 7, tzinfo=KST)),
        ("2015.09.16 22:53:16", datetime(2015, 9, 16, 22, 53, 16, tzinfo=KST)),
        ("2024/3/7 9:05", datetime(2024, 3, 7, 9, 5, tzinfo=KST)),
        ("2024년 3월 7일 오후 3시 5분", datetime(2024, 3, 7, 15, 5, tzinfo=KST)),
        ("2024년 03월 07일 (목) 15:05", datetime(2024, 3, 7, 15, 5, tzinfo=KST)),
        ("2024-03-07 오전 12:10:00", datetime(2024, 3, 7, 0, 10, tzinfo=KST)),
        ("2004년 05월 28일  01:31:15 PM", datetime(2004, 5, 28, 13, 31, 15, tzinfo=KST)),
        ("20240307", datetime(2024, 3, 7, tzinfo=KST)),
    ],
)
def test_parse_date(raw, expected):
    got = parse_date(raw)
    assert got == expected
    assert got.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "raw", ["", None, "garbage", "2024-13-45", "2024-03-07 09:00:00 blah", "Thu, 32 Mar 2024 09:00:00 +0900",
            "Thu, 07 Mar 2024 09:00:00 XYZ", "0001-01-01"]
)
def test_parse_date_refuses_rather_than_guesses(raw):
    assert parse_date(raw) is None


def test_unreadable_date_is_reported_not_guessed():
    raw = (
        '<rss version="2.0"><channel><title>t</title><item><title>날짜가 이상한 기사</title>'
        "<link>https://d.example/1</link><pubDate>어제 저녁</pubDate></item></channel></rss>"
    ).encode("utf-8")
    feed = parse_feed(raw)
    assert feed.entries[0].published is None
    assert any("unreadable date" in p for p in feed.problems)


def test_clean_text():
    assert clean_text("<b>굵은</b>&nbsp;제목 \n\t 둘째  줄") == "굵은 제목 둘째 줄"
    assert clean_text("&amp;#39;인용&amp;#39;") == "'인용'"
    assert clean_text("소설 <타워> 서평") == "소설 <타워> 서평"  # not a tag
    assert clean_text("3 < 5 and 7 > 2") == "3 < 5 and 7 > 2"
    assert clean_text("제\u200b목<script>alert(1)</script>") == "제목"
    assert clean_text(unicodedata.normalize("NFD", "한글")) == "한글"


def test_items_sharing_a_home_page_link_are_not_duplicates():
    items = "".join(
        f"<item><title>{t}</title><link>https://home.example/</link><guid isPermaLink=\"false\">g{i}</guid>"
        f"<content:encoded><![CDATA[<p>{t} 본문</p>]]></content:encoded></item>"
        for i, t in enumerate(["첫 소식", "둘째 소식", "첫 소식"])
    )
    raw = (
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title>'
        f"{items}</channel></rss>"
    ).encode("utf-8")
    feed = parse_feed(raw)
    assert [e.title for e in feed.entries] == ["첫 소식", "둘째 소식"]
    assert feed.skipped == [("첫 소식", "duplicate link")]  # same link and same title


def test_file_base_url_does_not_make_local_links(tmp_path):
    raw = _load("rss_ko.xml")
    feed = parse_feed(raw, {}, (tmp_path / "feed.xml").as_uri())
    assert all(e.link is None or e.link.startswith("https://news.hanbit.example/") for e in feed.entries)
    assert _by_title(feed)["도서관 야간 개방 시간 연장"].link.endswith("idxno=10235")
