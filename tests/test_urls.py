"""urls.py: one spelling per article, ids for slugs, identities for entries."""
from __future__ import annotations

from datetime import datetime

import pytest

from pipeline.models import KST
from pipeline.urls import article_id, canonical_url, entry_identity, is_http_url

CANONICAL = [
    # case, default port, fragment, dot segments, tracking, sorting
    (
        "HTTP://News.Example.COM:80/a/../b/./c?utm_source=x&b=2&a=1&fbclid=z#frag",
        "http://news.example.com/b/c?a=1&b=2",
    ),
    ("https://example.com:443", "https://example.com/"),
    ("https://example.com:8443/x", "https://example.com:8443/x"),
    # article ids survive, trackers go
    (
        "http://www.ex.co.kr/news/articleView.html?idxno=12345&sc_section_code=S1N1&ref=main",
        "http://www.ex.co.kr/news/articleView.html?idxno=12345",
    ),
    (
        "https://news.naver.com/main/read.naver?oid=015&aid=0004321234&from=rss&mode=LSD",
        "https://news.naver.com/main/read.naver?aid=0004321234&mode=LSD&oid=015",
    ),
    (
        "http://news.khan.co.kr/kh_news/khan_art_view.html?artid=201804061932011&code=910100"
        "&utm_campaign=rss_btn_click&utm_source=khan_rss&utm_medium=rss&utm_content=total_news",
        "http://news.khan.co.kr/kh_news/khan_art_view.html?artid=201804061932011&code=910100",
    ),
    ("https://www.hani.co.kr/arti/society/1131234.html?_fr=mt2", "https://www.hani.co.kr/arti/society/1131234.html"),
    ("https://www.yna.co.kr/view/AKR20240307000100001?input=1195m", "https://www.yna.co.kr/view/AKR20240307000100001"),
    # `input` is only a tracker on the outlets that use it that way
    ("https://other.example/search?input=1195m", "https://other.example/search?input=1195m"),
    ("https://x.example/v?no=7&article_id=9&id=3", "https://x.example/v?article_id=9&id=3&no=7"),
    # Korean in path and query is percent-encoded as UTF-8; escapes upper-cased; unreserved decoded
    (
        "https://example.com/검색?q=한글 뉴스&page=2",
        "https://example.com/%EA%B2%80%EC%83%89?page=2&q=%ED%95%9C%EA%B8%80%20%EB%89%B4%EC%8A%A4",
    ),
    ("https://example.com/%ea%b2%80?x=%7e", "https://example.com/%EA%B2%80?x=~"),
    # EUC-KR-encoded query bytes are kept byte for byte
    ("https://example.com/s?q=%C7%D1%B1%DB", "https://example.com/s?q=%C7%D1%B1%DB"),
    # a bare key is not the same URL as `key=`
    ("https://ex.example/v?12345", "https://ex.example/v?12345"),
    ("https://ex.example/v?b=&a", "https://ex.example/v?a&b="),
    ("https://한국.example/뉴스", "https://xn--3e0b707e.example/%EB%89%B4%EC%8A%A4"),
    ("  https://example.com/a  ", "https://example.com/a"),
    ("http://[::1]:8080/x", "http://[::1]:8080/x"),
]


@pytest.mark.parametrize("url,expected", CANONICAL)
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected
    assert canonical_url(expected) == expected  # idempotent


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "JavaScript:void(0)", "mailto:a@b.example", "ftp://ex.example/f", "data:text/html,x",
     "//cdn.example/x", "/relative/path", "", "   ", None, "http://", "http://bad:port/", "tel:0212345678"],
)
def test_non_http_is_refused(url):
    assert canonical_url(url) is None
    assert not is_http_url(url)


def test_relative_links_resolve_against_base():
    base = "https://news.example/section/list.html?page=3"
    assert canonical_url("../news/articleView.html?idxno=5&utm_medium=rss", base) == (
        "https://news.example/news/articleView.html?idxno=5"
    )
    assert canonical_url("//cdn.example/a", base) == "https://cdn.example/a"
    assert canonical_url("?idxno=6", base) == "https://news.example/section/list.html?idxno=6"
    assert canonical_url("javascript:go()", base) is None


def test_tracking_variants_collapse_to_one_url():
    variants = [
        "https://news.example/articleView.html?idxno=77",
        "https://NEWS.example:443/articleView.html?idxno=77#comments",
        "https://news.example/articleView.html?utm_source=naver&idxno=77&utm_medium=referral",
        "https://news.example/./articleView.html?fbclid=IwAR0&idxno=77&gclid=x",
    ]
    assert len({canonical_url(v) for v in variants}) == 1


def test_is_http_url():
    assert is_http_url("https://example.com")
    assert is_http_url("HTTP://EXAMPLE.COM/x")
    assert not is_http_url("example.com/x")


def test_entry_identity_prefers_guid_then_link_then_hash():
    when = datetime(2024, 3, 7, 9, 0, tzinfo=KST)
    assert entry_identity(" g-1 ", "https://ex.example/a", "t", when, "s") == "guid:g-1\x1fhttps://ex.example/a"
    assert entry_identity("g-1", None, "t", when, "s") == "guid:g-1"
    # one GUID, two links: two identities
    assert entry_identity("g-1", "https://ex.example/b", "t", when, "s") != entry_identity(
        "g-1", "https://ex.example/a", "t", when, "s")
    assert entry_identity("  \n ", "https://ex.example/a?utm_source=x#f", "t", when, "s") == "url:https://ex.example/a"
    assert entry_identity(None, "javascript:void(0)", "t", when, "s").startswith("hash:")
    h = entry_identity(None, None, "청년 주거비 지원", when, "요약")
    assert h.startswith("hash:") and len(h) == len("hash:") + 16
    # stable across calls and insensitive to whitespace/normalisation noise
    assert h == entry_identity("", "", " 청년  주거비 지원 ", when, "요약")
    assert h != entry_identity(None, None, "청년 주거비 지원", when, "다른 요약")
    assert h != entry_identity(None, None, "청년 주거비 지원", datetime(2024, 3, 8, tzinfo=KST), "요약")
    # fields cannot slide into each other
    assert entry_identity(None, None, "ab", None, "c") != entry_identity(None, None, "a", None, "bc")


@pytest.mark.parametrize(
    "url,expected",
    [
        ("http://www.ex.co.kr/news/articleView.html?idxno=12345&sc_section_code=S1N1", "12345"),
        ("https://news.naver.com/main/read.naver?mode=LSD&oid=015&aid=0004321234", "015-0004321234"),
        ("https://n.news.naver.com/mnews/article/001/0014553386?sid=101", "001-0014553386"),
        ("https://news.example/article/2024/03/07/ABC123", "ABC123"),
        ("https://www.chosun.com/national/incident/2023/04/05/RNGKBEZYJJBWVLQZFEK4M6FMZQ/", "RNGKBEZYJJBWVLQZFEK4M6FMZQ"),
        ("https://www.donga.com/news/Society/article/all/20240307/123456789/1", "123456789"),
        ("https://www.hani.co.kr/arti/society/society_general/1131234.html", "1131234"),
        ("https://www.yna.co.kr/view/AKR20240307000100001?input=1195m", "AKR20240307000100001"),
        ("http://news.khan.co.kr/kh_news/khan_art_view.html?artid=201804061932011&code=910100", "201804061932011"),
        ("http://imnews.imbc.com/news/2015/society/article/3772395_14729.html", "3772395_14729"),
        ("http://ricanet.com/new/view.php?id=blog/100403", "100403"),
        ("https://blog.example/2024/03/07/some-story-title-20240307123", "20240307123"),
        ("https://small.example/view.php?no=7", "7"),
        # no id: a Korean slug under a date, a section page, a bare host
        ("https://example.com/2024/03/07/%ED%95%9C%EA%B8%80-%EC%A0%9C%EB%AA%A9/", None),
        ("https://example.com/news/politics/", None),
        ("https://example.com/", None),
        ("javascript:void(0)", None),
    ],
)
def test_article_id(url, expected):
    assert article_id(url) == expected
