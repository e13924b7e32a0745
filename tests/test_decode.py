"""decode.py against real Korean feeds/pages and bytes built to lie."""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import feedparser
import pytest

from pipeline.decode import META_SCAN_BYTES, decode_bytes, normalize_charset, xml_to_utf8

from conftest import find_shared, shared_dir

REAL = find_shared("real-samples") or Path("shared-absent")
HANGUL = re.compile("[\uac00-\ud7a3]")


def _manifest(kind: str) -> list[dict]:
    path = REAL / kind / "manifest.jsonl"
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _need_real() -> None:
    shared_dir("real-samples")


def _cp949_only(ch: str) -> bool:
    """A syllable CP949 has but strict EUC-KR (KS X 1001) cannot decode."""
    try:
        ch.encode("cp949").decode("euc_kr")
    except UnicodeError:
        return True
    return False


# -------------------------------------------------------------- real samples

FEEDS = _manifest("feeds")
PAGES = _manifest("html")


@pytest.mark.parametrize("item", FEEDS, ids=[m["id"] for m in FEEDS])
@pytest.mark.parametrize(
    "headers",
    [None, {"Content-Type": "text/xml; charset=utf-8"}, {"content-type": "text/xml; charset=ISO-8859-1"}],
    ids=["no-header", "header-utf8", "header-latin1"],
)
def test_real_feeds_decode_to_hangul_whatever_the_header_says(item, headers):
    _need_real()
    raw = (REAL / "feeds" / Path(item["stored_at"]).name).read_bytes()
    d = decode_bytes(raw, headers, kind="xml")
    assert "\ufffd" not in d.text
    assert len(HANGUL.findall(d.text)) > 50
    actual = item["actual_encoding"].lower()
    assert d.charset == ("utf-8" if actual.startswith("utf") else "cp949")
    if headers and d.charset not in headers.get("Content-Type", headers.get("content-type", "")).lower():
        # The header lied; the XML declaration decided (or detection did).
        assert d.source in ("xml", "detected")
    assert unicodedata.is_normalized("NFC", d.text)


def test_real_feed_that_declares_euckr_needs_cp949():
    _need_real()
    path = REAL / "feeds" / "ricanet-20100403-cp949.xml"
    if not path.is_file():
        pytest.skip("sample absent")
    raw = path.read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("euc_kr")
    d = decode_bytes(raw, {"Content-Type": "application/rss+xml; charset=euc-kr"}, kind="xml")
    assert d.charset == "cp949" and d.source == "http"
    assert any(_cp949_only(ch) for ch in set(HANGUL.findall(d.text)))
    assert "리카넷" in d.text and "\ufffd" not in d.text


@pytest.mark.parametrize("item", PAGES, ids=[m["id"] for m in PAGES])
def test_real_pages_decode(item):
    _need_real()
    raw = (REAL / "html" / Path(item["stored_at"]).name).read_bytes()
    d = decode_bytes(raw, None, kind="html")
    assert d.charset == "utf-8"
    assert "\ufffd" not in d.text
    assert HANGUL.search(d.text)
    if item["kind"] == "full_page":
        assert d.source == "meta"  # both full pages carry <meta charset> near the top
    title = item.get("title_if_known")
    if title and item["kind"] == "full_page":
        assert title.split("…")[0][:10] in d.text


# -------------------------------------------------------------- synthetic

ARTICLE = "똠방각하 햏자 모임이 뷁 축제를 열었다. 참가자는 1,500명이었다."


def test_cp949_only_syllables_really_are_cp949_only():
    # The premise of the alias table: strict EUC-KR rejects these.
    for ch in "똠햏뷁":
        assert _cp949_only(ch)
    assert not _cp949_only("한")
    with pytest.raises(UnicodeDecodeError):
        ARTICLE.encode("cp949").decode("euc_kr")


@pytest.mark.parametrize("label", ["euc-kr", "EUC-KR", "ks_c_5601-1987", "ksc5601", "x-windows-949", "uhc", "ms949", "korean"])
def test_korean_labels_fold_to_cp949(label):
    assert normalize_charset(label) == "cp949"
    body = f'<html><head><meta charset="{label}"></head><body><p>{ARTICLE}</p></body></html>'.encode("cp949")
    d = decode_bytes(body, {"Content-Type": f"text/html; charset={label}"})
    assert (d.charset, d.source) == ("cp949", "http")
    assert ARTICLE in d.text


def test_unknown_labels_are_ignored():
    assert normalize_charset("no-such-charset") is None
    body = f"<p>{ARTICLE}</p>".encode("utf-8")
    d = decode_bytes(body, {"Content-Type": "text/html; charset=no-such-charset"})
    assert d.text == f"<p>{ARTICLE}</p>" and d.source == "detected"


@pytest.mark.parametrize("lie", ["utf-8", "iso-8859-1", "windows-1252", "us-ascii"])
def test_header_that_lies_about_cp949_bytes(lie):
    body = f"<html><body><h1>{ARTICLE}</h1></body></html>".encode("cp949")
    d = decode_bytes(body, {"Content-Type": f"text/html; charset={lie}"})
    assert ARTICLE in d.text
    assert (d.charset, d.source) == ("cp949", "detected")


def test_lying_header_falls_through_to_meta():
    body = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=euc-kr">'
        f"</head><body>{ARTICLE}</body></html>"
    ).encode("cp949")
    d = decode_bytes(body, {"content-type": "text/html; charset=UTF-8"})
    assert (d.charset, d.source) == ("cp949", "meta")
    assert ARTICLE in d.text


def test_utf8_bytes_declared_euckr_are_read_as_utf8():
    body = f'<meta charset="euc-kr"><p>{ARTICLE}</p>'.encode("utf-8")
    for headers in (None, {"Content-Type": "text/html; charset=euc-kr"}):
        d = decode_bytes(body, headers)
        assert (d.charset, d.source) == ("utf-8", "detected")
        assert ARTICLE in d.text


def test_utf8_bytes_declared_latin1_are_not_mojibake():
    body = f"<p>{ARTICLE}</p>".encode("utf-8")
    d = decode_bytes(body, {"Content-Type": "text/html; charset=iso-8859-1"})
    assert d.charset == "utf-8" and ARTICLE in d.text


def test_honest_latin_page_keeps_its_charset():
    body = "<p>Café crème, naïve résumé</p>".encode("cp1252")
    d = decode_bytes(body, {"Content-Type": "text/html; charset=iso-8859-1"})
    assert (d.charset, d.source) == ("cp1252", "http")
    assert "Café crème" in d.text


@pytest.mark.parametrize(
    "bom,codec,expected",
    [(b"\xef\xbb\xbf", "utf-8", "utf-8"), (b"\xff\xfe", "utf-16-le", "utf-16-le"), (b"\xfe\xff", "utf-16-be", "utf-16-be")],
)
def test_bom_beats_every_declaration(bom, codec, expected):
    body = bom + f'<meta charset="euc-kr"><p>{ARTICLE}</p>'.encode(codec)
    d = decode_bytes(body, {"Content-Type": "text/html; charset=euc-kr"})
    assert (d.charset, d.source) == (expected, "bom")
    assert d.text.startswith("<meta") and ARTICLE in d.text  # BOM itself removed


def test_meta_only_counts_in_the_first_2kb():
    head = '<html><head><meta charset="euc-kr"><title>x</title></head>'
    body = f"<body>{ARTICLE}</body></html>"
    early = (head + body).encode("cp949")
    d = decode_bytes(early)
    assert (d.charset, d.source) == ("cp949", "meta")

    padding = "<!-- " + "x" * META_SCAN_BYTES + " -->"
    late = (padding + head + body).encode("cp949")
    d = decode_bytes(late)
    assert d.charset == "cp949" and d.source == "detected"  # the late meta was not honoured
    assert ARTICLE in d.text


def test_xml_declaration_is_used_for_xml_and_not_meta():
    body = f'<?xml version="1.0" encoding="EUC-KR"?><rss><title>{ARTICLE}</title></rss>'.encode("cp949")
    d = decode_bytes(body, None, kind="xml")
    assert (d.charset, d.source) == ("cp949", "xml")
    fake_meta = f'<?xml version="1.0"?><rss><description>&lt;meta charset="euc-kr"&gt;</description><title>{ARTICLE}</title></rss>'
    d = decode_bytes(fake_meta.encode("utf-8"), None, kind="xml")
    assert (d.charset, d.source) == ("utf-8", "detected")


def test_output_is_nfc():
    decomposed = unicodedata.normalize("NFD", ARTICLE)
    assert decomposed != ARTICLE
    d = decode_bytes(decomposed.encode("utf-8"), {"Content-Type": "text/plain; charset=utf-8"})
    assert d.text == ARTICLE


def test_a_few_broken_bytes_keep_the_declared_charset():
    text = "<p>" + ARTICLE * 20 + "</p>"
    body = text.encode("utf-8")[:-6]  # cut inside the last syllable, as truncating CMSs do
    body = body[:40] + b"\xff" + body[40:]
    d = decode_bytes(body, {"Content-Type": "text/html; charset=utf-8"})
    assert (d.charset, d.source) == ("utf-8", "http")
    assert d.text.count("\ufffd") <= 2
    assert ARTICLE in d.text


def test_ascii_under_a_wide_charset_label_is_not_turned_into_cjk():
    d = decode_bytes(b"<html><p>hello</p></html>", {"Content-Type": "text/html; charset=utf-16"})
    assert d.text == "<html><p>hello</p></html>"


@pytest.mark.parametrize(
    "junk",
    [b"", b"\x00\x01\x02\xff\xfe\xfd" * 50, bytes(range(256)) * 4, b"\x80" * 1000, b"\xc3"],
    ids=["empty", "binary", "all-bytes", "continuations", "lone-lead"],
)
def test_bad_bytes_never_raise(junk):
    for kind in ("html", "xml"):
        d = decode_bytes(junk, {"Content-Type": "text/html; charset=utf-8"}, kind=kind)
        assert isinstance(d.text, str)
        assert d.source in ("http", "bom", "meta", "xml", "detected", "default")


def test_binary_junk_without_declaration_falls_back_to_default():
    d = decode_bytes(b"\x80\x81" * 3 + b"\xff")
    assert (d.charset, d.source) == ("utf-8", "default")
    assert "\ufffd" in d.text


# -------------------------------------------------------------- xml_to_utf8


def _feed(title: str, encoding: str) -> str:
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel><title>{title}</title>'
        f"<item><title>{title}</title><link>http://ex.example/1</link></item></channel></rss>"
    )


@pytest.mark.parametrize(
    "headers",
    [None, {"Content-Type": "application/rss+xml; charset=utf-8"}, {"Content-Type": "text/xml; charset=iso-8859-1"}],
)
def test_xml_to_utf8_lets_feedparser_read_korean(headers):
    raw = _feed(ARTICLE, "euc-kr").encode("cp949")
    # Without the helper feedparser turns it into windows-1252 mojibake.
    naive = feedparser.parse(raw, response_headers=headers or {})
    assert naive.entries[0].title != ARTICLE and not HANGUL.search(naive.entries[0].title)

    data, decoded = xml_to_utf8(raw, headers)
    assert decoded.charset == "cp949"
    assert data.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    parsed = feedparser.parse(data)
    assert parsed.entries[0].title == ARTICLE
    assert not parsed.bozo


def test_xml_to_utf8_adds_encoding_and_drops_illegal_characters():
    raw = (
        "  \n<?xml version='1.0'?><rss version=\"2.0\"><channel><title>제목\x0b에\x08 제어문자</title></channel></rss>"
    ).encode("utf-8")
    data, _ = xml_to_utf8(raw, None)
    assert data.startswith(b"<?xml version='1.0' encoding=\"utf-8\"?>")
    parsed = feedparser.parse(data)
    assert not parsed.bozo
    assert parsed.feed.title == "제목에 제어문자"


def test_undeclared_non_korean_text_goes_to_the_detector():
    text = "日本語のニュース記事です。東京の天気は晴れ、気温は十五度でした。" * 3
    d = decode_bytes(f"<p>{text}</p>".encode("shift_jis"))
    assert d.source == "detected"
    assert text in d.text


def test_damaged_cp949_under_a_latin1_label_is_not_read_as_latin1():
    body = ("<p>" + ARTICLE * 20 + "</p>").encode("cp949")
    body = body[:100] + b"\xff" + body[100:]  # one stray byte: strict CP949 fails
    with pytest.raises(UnicodeDecodeError):
        body.decode("cp949")
    d = decode_bytes(body, {"Content-Type": "text/html; charset=iso-8859-1"})
    assert d.charset == "cp949"
    assert d.text.count("\ufffd") == 1
    assert d.text.count(ARTICLE) >= 18
