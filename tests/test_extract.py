"""Page bytes -> Article: structure, metadata, decoding and the JSON fallbacks."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import shared_dir

from pipeline.extract import ExtractError, extract_article

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "articles"


def test_subheadings_paragraphs_and_metadata_survive():
    a = extract_article((SAMPLES / "news-1001.html").read_bytes(), "https://news.example/news/articleView.html?idxno=1001")
    heads = [b.text for b in a.blocks if b.kind == "h"]
    assert heads[:2] == ["1곳당 최대 1000억 원 기반시설 지원", "민간 투자 62조 원 유치 목표"]
    assert all(not h.startswith("■") for h in heads)
    assert sum(b.kind == "p" for b in a.blocks) >= 10
    assert a.title.startswith("산업부, 반도체·이차전지")
    assert a.published.isoformat() == "2026-11-17T10:32:00+09:00"  # full time from article:published_time
    assert a.image and a.image.startswith("https://")
    assert a.charset == "utf-8"


def test_euc_kr_page_decided_by_meta_without_http_charset():
    a = extract_article((SAMPLES / "press-303-euckr.html").read_bytes(), "https://press.example/briefing/view.do?id=303",
                        {"content-type": "text/html"})
    assert (a.charset, a.charset_source) == ("cp949", "meta")
    assert "보건복지부" in a.text and "\ufffd" not in a.text
    # press-release bullets are layout, not text
    assert not any(b.text.startswith(("□", "○")) for b in a.blocks)


def _page(body_script: str, title: str = "시험 기사 제목") -> bytes:
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title} - 예시일보</title>
<meta property="og:title" content="{title}"><meta property="og:site_name" content="예시일보">
<meta property="article:published_time" content="2026-11-20T08:15:00+09:00">
{body_script}</head><body><div id="app"></div><nav><a href="/">홈</a></nav></body></html>""".encode()


def test_arc_fusion_json_body_when_markup_is_empty():
    content = {"content_elements": [
        {"type": "text", "content": "시청은 20일 도심 공원 다섯 곳을 새로 단장한다고 밝혔다. 사업비는 <b>48억 원</b>이다."},
        {"type": "header", "content": "시민 의견 반영"},
        {"type": "text", "content": "시는 지난달 설문조사에서 시민 1,200명의 의견을 받았다. 공사는 내년 3월 시작된다."},
        {"type": "image", "url": "https://img.example/1.jpg"},
        {"type": "text", "content": "완공은 2028년 예정이며 야간 조명도 설치된다. 관리 인력도 늘린다."},
    ]}
    script = f"<script>Fusion.globalContent={json.dumps(content, ensure_ascii=False)};Fusion.globalContentConfig={{}};</script>"
    a = extract_article(_page(script), "https://daily.example/a/1")
    assert [b.kind for b in a.blocks] == ["p", "h", "p", "p"]
    assert "48억 원" in a.text and "<b>" not in a.text
    assert a.title == "시험 기사 제목" and a.site_name == "예시일보"
    assert a.published.isoformat() == "2026-11-20T08:15:00+09:00"


def test_json_ld_article_body_fallback():
    body = ("군은 20일 농가 300곳에 드론 방제를 지원한다고 밝혔다.\n예산은 12억 원이며 내년 4월부터 시행한다."
            "\n신청은 읍면 사무소에서 받는다. 방제 대상 작물은 벼와 콩, 고추 등 세 가지다.")
    ld = {"@type": "NewsArticle", "headline": "드론 방제 지원", "articleBody": body}
    script = f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'
    a = extract_article(_page(script, "드론 방제 지원"), "https://daily.example/a/2")
    # trafilatura reads JSON-LD itself (as one block); either way the body is the article's
    assert all(line in a.text for line in body.split("\n"))
    assert "홈" not in a.text


def test_feed_content_is_the_last_resort_and_empty_pages_fail_clearly():
    html = "<p>도는 20일 청년 주택 150호를 공급한다고 밝혔다. 임대료는 시세의 60% 수준이다.</p><p>입주는 내년 5월부터다. 모집은 다음 달 시작한다. 경쟁률이 높을 것으로 보인다.</p>"
    a = extract_article(_page(""), "https://daily.example/a/3", fallback_html=html)
    assert len(a.blocks) == 2 and "150호" in a.text
    with pytest.raises(ExtractError, match="no article text"):
        extract_article(_page(""), "https://daily.example/a/4")


def test_real_arc_page_body_comes_from_its_json():
    page = shared_dir("real-samples/html") / "chosun-20230405-construction-union-extortion.html"
    a = extract_article(page.read_bytes(), "https://www.chosun.com/national/incident/2023/04/05/RNGKBEZYJJBWVLQZFEK4M6FMZQ/")
    assert "조폭 3명" in a.text or "조폭" in a.text
    assert len([b for b in a.blocks if b.kind == "p"]) >= 5
    assert a.title.startswith("진짜")


def test_pages_without_open_graph_fall_back_to_trafilatura_metadata():
    body = "".join(f"<p>군은 {n}일 마을 도서관 {n}곳을 새로 연다고 밝혔다. 예산은 {n}억 원이다. 운영은 주민자치회가 맡는다.</p>"
                   for n in range(2, 8))
    page = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>마을 도서관 여섯 곳 개관 | 예시군청</title></head>
<body><article><h1>마을 도서관 여섯 곳 개관</h1><p class="date">2026-11-19</p>{body}</article></body></html>""".encode()
    a = extract_article(page, "https://county.example/news/7")
    assert a.title.startswith("마을 도서관 여섯 곳 개관")
    assert a.published is not None and a.published.date().isoformat() == "2026-11-19"


def test_site_name_appended_to_the_title_is_dropped():
    body = "".join(f"<p>시는 {n}일 하천 정비 사업을 시작한다고 밝혔다. 사업비는 {n}0억 원이다.</p>" for n in range(2, 8))
    page = f"""<html><head><meta charset="utf-8"><meta property="og:title" content="하천 정비 사업 시작 | 한국뉴스">
<meta property="og:site_name" content="한국뉴스"><meta property="article:published_time" content="2026-11-20T10:00:00+09:00">
</head><body><article>{body}</article></body></html>""".encode()
    a = extract_article(page, "https://kr.example/n/1")
    assert a.title == "하천 정비 사업 시작" and a.site_name == "한국뉴스"


# ------------------------------------------- body fragments (issue 10)

FRAGMENT = ("<p>군은 마을 도서관 두 곳을 새로 연다고 3일 밝혔다. 예산은 8억 원이다. 운영은 주민자치회가 맡는다. "
            "도서관은 평일 밤 10시까지 문을 열고 주말에는 어린이 독서 교실을 운영한다.</p>").encode()

def test_a_fragment_without_title_takes_the_feed_title_and_its_paragraphs():
    # Some CMSs expose the body alone: no <html>, no <head>, no <title>, one paragraph.
    frag = FRAGMENT
    a = extract_article(frag, "https://county.example/news/8", fallback_title="마을 도서관 두 곳 개관")
    assert a.title == "마을 도서관 두 곳 개관"
    assert a.text.startswith("군은 마을 도서관 두 곳을") and "예산은 8억 원이다." in a.text


def test_a_fragment_of_several_paragraphs_keeps_them_apart():
    paras = [f"군은 {n}일 하천 정비 구간 {n}곳을 정했다고 밝혔다." for n in range(2, 6)]
    frag = ("<article>" + "".join(f"<p>{p}</p>" for p in paras) + "</article>").encode()
    a = extract_article(frag, "https://county.example/news/9", fallback_title="하천 정비 구간 확정")
    assert a.title == "하천 정비 구간 확정"
    assert [b.text for b in a.blocks] == paras


def test_a_fragment_without_any_title_still_fails_clearly():
    frag = FRAGMENT
    with pytest.raises(ExtractError):
        extract_article(frag, "https://county.example/news/10")


def test_a_scraped_body_with_deck_byline_and_hard_wrapped_lines():
    # <html><body> around a bare body: no <head>, no <title>; the deck in <strong>
    # with <br>, the byline glued to a photo, the text wrapped by the saving tool.
    frag = """<html>
<body>
<div id="articleBody">
    <strong class="summary">하천 정비 예산 확정<br/>주민 설명회 이달 열어<br/><br/>나소연 논설위원</strong><span
        class="photo"><img alt="" src="https://img.example/river.jpg"/></span>군은
    하천 정비 사업에 예산 12억 원을 쓰기로 했다고 3일 밝혔다. 공사는 4월에 시작해
    연말에 끝난다.<br/><br/>군은 이달 말 주민 설명회를 열어 공사 구간을 알린다. 설명회는 두 차례 열린다.
</div>
</body>
</html>""".encode()
    from pipeline.clean import clean_article

    a = clean_article(extract_article(frag, "https://county.example/news/11", fallback_title="하천 정비 예산 확정"))
    assert a.title == "하천 정비 예산 확정"
    assert [b.text for b in a.blocks] == [
        "군은 하천 정비 사업에 예산 12억 원을 쓰기로 했다고 3일 밝혔다. 공사는 4월에 시작해 연말에 끝난다.",
        "군은 이달 말 주민 설명회를 열어 공사 구간을 알린다. 설명회는 두 차례 열린다.",
    ]
    assert a.deck == ["주민 설명회 이달 열어"]  # the headline itself is not repeated as deck
    assert a.reporters == ["나소연"]


def test_real_fragments_read_as_paragraphs():
    """Real scraped bodies without <title>: every paragraph ends like a sentence and
    no sentence is broken by the saving tool's line wrapping."""
    from pipeline.clean import clean_article

    real = shared_dir("real-samples/html")
    seen = 0
    for page in sorted(real.glob("fragment-*.html")):
        try:
            a = clean_article(extract_article(page.read_bytes(), "https://real.example/x", fallback_title="기사 제목"))
        except ExtractError:
            continue
        seen += 1
        assert a.title == "기사 제목"
        for b in a.blocks:
            if b.kind == "p":
                assert all(line.rstrip().endswith(("다.", "다", ".", "?", "!", "”", "’", "'", '"', ")"))
                           for line in b.text.split("\n")), b.text[-40:]
    assert seen >= 4
