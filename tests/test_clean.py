"""Boilerplate removal: bylines, credits, copyright, widgets; real sentences kept."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import shared_dir

from pipeline.clean import clean_article
from pipeline.models import Article, Block

BODY = "교육부는 직업교육 혁신지구에 서울특별시를 새로 선정했다고 7일 밝혔다."


def _clean(*paras: str, title: str = "제목", kinds: str | None = None) -> Article:
    kinds = kinds or "p" * len(paras)
    return clean_article(Article("https://x.kr/1", title, [Block(k, p) for k, p in zip(kinds, paras)]))


def _texts(a: Article) -> list[str]:
    return [b.text for b in a.blocks]


@pytest.mark.parametrize(
    "para, reporters",
    [
        # Wire services and outlets' lead bylines
        (f"(서울=연합뉴스) 홍길동 기자 = {BODY}", ["홍길동"]),
        (f"(세종=연합뉴스) 김민수 이지은 기자 = {BODY}", ["김민수", "이지은"]),
        (f"(로마=연합뉴스) 전성훈 특파원 = {BODY}", ["전성훈"]),
        (f"[서울=뉴시스]김진아 기자 = {BODY}", ["김진아"]),
        (f"【서울=뉴시스】 박상철 기자 = {BODY}", ["박상철"]),
        (f"(세종=뉴스1) 이정현 기자 = {BODY}", ["이정현"]),
        (f"[뉴욕=뉴스핌] 황숙혜 특파원 =\u00a0{BODY}", ["황숙혜"]),
        (f"[이데일리 김철수 기자] {BODY}", ["김철수"]),
        (f"[헤럴드경제=박지영 기자] {BODY}", ["박지영"]),
        (f"[데일리안 = 최정훈 기자] {BODY}", ["최정훈"]),
        (f"[아시아경제 정민우 기자] {BODY}", ["정민우"]),
        (f"(대전=홍길순 기자) {BODY}", ["홍길순"]),
        (f"[OSEN=강필수 기자] {BODY}", ["강필수"]),
        (f"[스포츠서울 | 윤세영 기자] {BODY}", ["윤세영"]),
        (f"홍길동 기자 = {BODY}", ["홍길동"]),
        (f"박영수·최민호 기자 = {BODY}", ["박영수", "최민호"]),
        # Trailing bylines
        (f"{BODY} 홍길동 기자 hong@example.com", ["홍길동"]),
        (f"{BODY} /워싱턴=김태평 특파원 peace@example.com", ["김태평"]),
        (f"{BODY} 서울신문 김서울 선임기자", ["김서울"]),
        (f"{BODY} (끝)", []),
        (f"[파이낸셜뉴스] {BODY}", []),
        (f"(서울=연합뉴스) {BODY}", []),
    ],
)
def test_bylines_removed_and_collected(para, reporters):
    a = _clean(para)
    assert _texts(a) == [BODY]
    assert a.reporters == reporters


@pytest.mark.parametrize(
    "line, name",
    [
        ("홍길동 기자 hong@example.com", "홍길동"),
        ("글·사진=이영희 기자", "이영희"),
        ("정리=김정리 기자", "김정리"),
        ("박영수·최민호 기자 park@hani.co.kr", "박영수"),
        ("/워싱턴=김태평 특파원", "김태평"),
        ("이학영 상임논설고문", "이학영"),
        ("서울경제 조윤희 기자 (choyh@sedaily.com)", "조윤희"),
    ],
)
def test_byline_lines_dropped(line, name):
    a = _clean(BODY, line)
    assert _texts(a) == [BODY]
    assert name in a.reporters


@pytest.mark.parametrize(
    "line",
    [
        "lucho@yna.co.kr",
        "(끝)",
        "▶코로나19 속보는 네이버 연합뉴스에서 [구독 클릭]",
        "▶제보하기",
        "☞ 네이버 메인에서 한겨레 받아보기",
        "ⓒ 한국경제 & hankyung.com , 무단전재 및 재배포 금지",
        "<저작권자 © 연합뉴스, 무단 전재-재배포, AI 학습 및 활용 금지>",
        "저작권자 © 뉴스다오 무단전재 및 재배포 금지",
        "Copyright ⓒ 서울신문 All rights reserved.",
        "기사 URL이 복사되었습니다",
        "공유하기 댓글 0 좋아요 구독",
        "페이스북 트위터 카카오톡 URL복사",
        "좋아요 0 훈훈해요 0 슬퍼요 0 화나요 0 후속기사 원해요 0",
        "본문 듣기 글자 크기 공유하기",
        "#교육부 #직업교육 #혁신지구",
        "[광고]",
        "사진=연합뉴스",
        "[사진=교육부 제공]",
        "<사진> 서울 동대문디자인플라자 전경.",
        "입력 2024.03.07 14:22 수정 2024.03.07 15:10",
        "기사입력 2024-03-07 09:30",
        "2024.03.07 오후 2:22",
        "월가 [사진=로이터 뉴스핌]",
        "<출연 : 이은희 인하대 소비자학과 교수>",
        "[앵커]",
        "◀ 리포트 ▶",
        "연합뉴스TV 기사문의 및 제보 : 카톡/라인 jebo23",
    ],
)
def test_boilerplate_lines_dropped(line):
    a = _clean(BODY, line, "이어 교육부는 다른 지구도 추가로 선정할 계획이라고 덧붙였다.")
    assert _texts(a) == [BODY, "이어 교육부는 다른 지구도 추가로 선정할 계획이라고 덧붙였다."]


def test_inline_credits_and_emails_removed():
    a = _clean(
        "정부는 3일 새 대책을 발표했다.(사진=교육부 제공) 문의는 담당 부서로 하면 된다.",
        "이번 조사는 전국 1천 가구를 대상으로 했다[자료=통계청]. 결과는 다음 달 공개된다.",
        "자세한 내용은 누리집에서 확인할 수 있다(문의 help@example.go.kr).",
    )
    assert _texts(a) == [
        "정부는 3일 새 대책을 발표했다. 문의는 담당 부서로 하면 된다.",
        "이번 조사는 전국 1천 가구를 대상으로 했다. 결과는 다음 달 공개된다.",
        "자세한 내용은 누리집에서 확인할 수 있다.",
    ]


@pytest.mark.parametrize(
    "caption, reporters",
    [
        ("청주지법 전경. /신정훈 기자", ["신정훈"]),
        ("23일 오전 대회에서 협회장이 경기를 참관하고 있다./김도연 기자", ["김도연"]),
        ("9일 단장(오른쪽)과 막내아들./ 최혜승 기자", ["최혜승"]),
        ("사진은 20일 서울 역삼역 근처에서 시민들이 길을 건너는 모습. /연합뉴스", []),
        ("이 사고로 교각 난간이 무너졌다. 사진은 사고 현장 모습. 2023.4.5 photo@example.co.kr", []),
    ],
)
def test_photo_captions_dropped(caption, reporters):
    a = _clean(BODY, caption)
    assert _texts(a) == [BODY]
    assert a.reporters == reporters


def test_transcript_speaker_tags_stripped():
    a = _clean("[앵커] 고물가 속에 소비문화가 바뀌고 있습니다.", "<질문 1> 최근 유행은 어떤가요?", "[기자]",
               "편의점 도시락 판매가 늘었습니다.")
    # The interviewer's question is not story text (issue 10): the answer is.
    assert _texts(a) == ["고물가 속에 소비문화가 바뀌고 있습니다.", "편의점 도시락 판매가 늘었습니다."]


def test_copyright_glued_to_last_sentence():
    a = _clean(f"{BODY} ⓒ 뉴스다오 무단전재 및 재배포 금지")
    assert _texts(a) == [BODY]


def test_photo_caption_before_wire_byline():
    para = ("\"치료 효과\" 클로로퀸 생산 재개한 제약사(난퉁 EPA=연합뉴스) 직원들이 27일 약품을 포장하고 있다. "
            "jsmoon@yna.co.kr (로마=연합뉴스) 전성훈 특파원 = 이탈리아 당국이 치료제 투약을 승인했다.")
    a = _clean(para)
    assert _texts(a) == ["이탈리아 당국이 치료제 투약을 승인했다."]
    assert a.reporters == ["전성훈"]


@pytest.mark.parametrize(
    "sentence",
    [
        "장관은 이날 기자회견에서 3조 원을 투입한다고 밝혔다.",
        "한동훈 장관은 이날 국회에서 기자들과 만난 자리에서 답했다.",
        "현장을 찾은 한 기자는 \u201c피해가 생각보다 크다\u201d고 전했다.",
        "기자협회는 성명을 내고 유감을 표했다.",
        "그는 \u201c좋아요 수보다 내용이 중요하다\u201d고 말했다.",
        "구독 경제 시장 규모는 지난해 40조 원을 넘어섰다.",
        "댓글 조작 의혹에 대한 수사가 시작됐다.",
        "▲랩지노믹스=쿠웨이트 보건복지부와 36억원 규모 진단키트 공급계약 체결.",
        "김철수 기자가 쓴 책이 베스트셀러에 올랐다.",
        "저작권 분쟁이 늘면서 관련 소송은 2배로 증가했다.",
    ],
)
def test_real_sentences_kept(sentence):
    a = _clean(sentence)
    assert _texts(a) == [sentence]
    assert a.reporters == []


def test_related_articles_list_dropped():
    a = _clean(BODY, "관련기사", "삼성전자, 3분기 실적 발표", "SK하이닉스 주가 급등", "ⓒ 한국경제")
    assert _texts(a) == [BODY]
    # Prose after the list ends it.
    a = _clean(BODY, "관련기사", "삼성전자, 3분기 실적 발표", "교육부는 이어 내년에도 공모를 이어 가겠다고 설명했다.")
    assert _texts(a)[-1] == "교육부는 이어 내년에도 공모를 이어 가겠다고 설명했다."


def test_duplicated_title_and_subheadings():
    title = "직업교육 혁신지구 ‘서울특별시’ 신규 선정"
    a = _clean(title, BODY, "■ 4개 전략 산업에 맞춘 인재 양성", "서울시교육청은 센터를 운영한다.", "공유하기", title=title,
               kinds="pphpp")
    assert [(b.kind, b.text) for b in a.blocks] == [
        ("p", BODY), ("h", "■ 4개 전략 산업에 맞춘 인재 양성"), ("p", "서울시교육청은 센터를 운영한다."),
    ]


def test_multiline_block_and_whitespace():
    a = _clean(f"홍길동 기자\n{BODY}\n\n  \n사진=뉴스1\nhong@example.com")
    assert _texts(a) == [BODY]
    assert a.reporters == ["홍길동"]


def test_reporters_deduplicated_and_existing_kept():
    art = Article("u", "t", [Block("p", f"(서울=연합뉴스) 홍길동 기자 = {BODY}"), Block("p", "홍길동 기자 hong@x.com")],
                  reporters=["김기존"])
    a = clean_article(art)
    assert a.reporters == ["김기존", "홍길동"]
    assert art.blocks[0].text.startswith("(서울=")  # pure: the input is untouched


def test_nfc():
    decomposed = "\u1100\u1161\u11a8 기자 = " + BODY  # 각 in Jamo
    a = _clean(decomposed)
    assert all(b.text == b.text.__class__(b.text) for b in a.blocks)
    assert BODY in _texts(a)[0]


def test_real_yonhap_fragment():
    import html
    import re

    raw = (shared_dir("real-samples/html") / "fragment-naver-yonhap-italy-chloroquine-20200327.html").read_text(encoding="utf-8")
    raw = raw.replace("\\n", "\n").replace('\\"', '"')
    text = html.unescape(re.sub(r"<br\s*/?>", "\n", re.sub(r"<(?!br)[^>]+>", " ", raw)))
    blocks = [Block("p", p) for p in re.split(r"\n\s*\n|\n", text) if p.strip()]
    a = clean_article(Article("u", "이탈리아도 말라리아·에이즈 치료제 사용 승인", blocks))
    out = "\n".join(_texts(a))
    assert "전성훈" in a.reporters
    for junk in ("@yna.co.kr", "구독", "제보하기", "특파원 =", "(로마=연합뉴스)"):
        assert junk not in out
    assert "8만539명" in out and "이탈리아 당국이" in out


# ------------------------------------------- the body is prose (issue 10)
# Lines written for these tests in the shapes real pages show.

LEAD = "군은 마을 도서관 두 곳을 새로 연다고 3일 밝혔다."
MORE = "도서관은 주민자치회가 맡아 운영한다."


@pytest.mark.parametrize("para, reporter", [
    (f"[한빛신문-나소연 기자] {LEAD}", "나소연"),
    (f"[한빛신문=나소연 기자] {LEAD}", "나소연"),
])
def test_bracket_bylines_with_any_separator(para, reporter):
    a = _clean(para, MORE)
    assert _texts(a) == [LEAD, MORE] and reporter in a.reporters


@pytest.mark.parametrize("lines", [
    ["나소연 기자 |"],
    ["나소연 기자 (", "[email protected])"],
    ["• 나소연 기자 nso@hanbit.example"],
])
def test_byline_lines_with_table_bars_or_hidden_addresses(lines):
    a = _clean(LEAD, MORE, *lines)
    assert _texts(a) == [LEAD, MORE]
    assert "나소연" in a.reporters


@pytest.mark.parametrize("stamp", [
    "수정 : 2025.03.04 10:12기사원문",
    "작성 2025.03.04 10:12 조회수",
    "경제입력 :2025/03/04 10:12 수정: 2025/03/04 11:40",
    "• 입력 2025년 3월 4일 10시 12분",
    "| 2025-03-04 10:12:07",
    "2025.03.04 국토교통부",
])
def test_timestamp_lines_in_any_dress(stamp):
    a = _clean(stamp, LEAD, MORE)
    assert _texts(a) == [LEAD, MORE] and a.deck == []


def test_a_metadata_date_glued_before_the_lead_is_cut():
    assert _texts(_clean(f"date 2025-03-04 {LEAD}", MORE)) == [LEAD, MORE]


@pytest.mark.parametrize("junk", [
    "[사진 출처 : 연합뉴스]",
    "사진 제공: 연합뉴스",
    "▲ 도서관 개관식에 참석한 군수",
    "개관식에서 군수가 인사말을 하고 있다. (군청 제공. 재판매 및 DB 금지) 2026.5.9/뉴스1",
    "열람실 모습. 2026.5.9/뉴스1 ⓒ News1 나소연 기자",
    "Copyright Ⓒ 한빛방송. All rights reserved. 무단 전재, 재배포 금지",
    "![군립 도서관 전경](https://img.hanbit.example/2503/lib.jpg)",
    "출처: https://news.hanbit.example/view?id=77",
    "(단위 : 억원)",
    "구분 |",
    "2024년 | 2025년 |",
    "|||||",
    "12.5 |",
])
def test_captions_credits_images_and_table_cells_are_not_body(junk):
    a = _clean(LEAD, junk, MORE)
    assert _texts(a) == [LEAD, MORE]


def test_a_credit_glued_to_the_lead_is_cut():
    assert _texts(_clean(f"한빛군청 제공{LEAD}", MORE)) == [LEAD, MORE]
    # 제공하다 itself is prose.
    assert _texts(_clean("군청 제공한 자료에 따르면 이용자가 늘었다.", MORE))[0].startswith("군청 제공한")


def test_deck_lines_before_the_lead_go_to_the_deck():
    a = _clean("도서관 두 곳 개관…예산 8억 원", "주민 이용 시간 늘려", LEAD, MORE)
    assert _texts(a) == [LEAD, MORE]
    assert a.deck == ["도서관 두 곳 개관…예산 8억 원", "주민 이용 시간 늘려"]


def test_the_headline_repeated_above_the_lead_is_dropped():
    a = _clean("나소연 기자", "마을 도서관 두 곳 연다", LEAD, MORE, title="마을 도서관 두 곳 연다")
    assert _texts(a) == [LEAD, MORE] and a.deck == []


def test_a_cut_off_last_line_keeps_its_finished_sentences():
    a = _clean(LEAD, f"{MORE} 군은 내년에도 세 곳을 더")
    assert _texts(a) == [LEAD, MORE]
    a = _clean(LEAD, MORE, "군은 내년에도 도서관 세 곳을 더 열고 이용 시간을")
    assert _texts(a) == [LEAD, MORE]


def test_short_fact_sentences_survive():
    # Issue 12: "예산은 8억 원이다." must never be cleaned away, wherever it stands.
    a = _clean(LEAD, "예산은 8억 원이다.", "[사진 출처 : 한빛군]", "예산은 8억 원이다.", "개관은 4월이다.")
    assert _texts(a) == [LEAD, "예산은 8억 원이다.", "예산은 8억 원이다.", "개관은 4월이다."]
    a = _clean("예산은 8억 원이다.", MORE)
    assert _texts(a) == ["예산은 8억 원이다.", MORE]


def test_a_short_label_between_paragraphs_becomes_a_subheading():
    a = _clean(LEAD, "운영 계획", MORE)
    assert [(b.kind, b.text) for b in a.blocks] == [("p", LEAD), ("h", "운영 계획"), ("p", MORE)]
    # A label with nothing after it heads nothing.
    a = _clean(LEAD, MORE, "2025년 도서관 운영 예산")
    assert _texts(a) == [LEAD, MORE]


def test_bullet_fragments_between_paragraphs_are_not_body():
    a = _clean(LEAD, "o (열람실) 좌석 확충(+30석, 120→150석)", MORE)
    assert _texts(a) == [LEAD, MORE]


def test_an_anchor_question_on_its_own_line_is_dropped():
    a = _clean("[앵커]", "도서관이 왜 이렇게 붐비는 걸까요?", "[기자]", LEAD, MORE)
    assert _texts(a) == [LEAD, MORE]


def test_quoted_questions_and_finished_quotes_stay():
    q = "군수는 “주민이 원하는 곳이 어디일까요?”라고 물었다."
    e = "군수는 “도서관을 늘리겠다”고 말했다."
    assert _texts(_clean(LEAD, q, e)) == [LEAD, q, e]


# ------------------------------------------- leaks on the real corpus (issue 10)

def _eval_real():
    import importlib
    import sys

    scripts = str(Path(__file__).resolve().parents[1] / "scripts")
    if scripts not in sys.path:
        sys.path.insert(0, scripts)
    return importlib.import_module("eval_real")


def test_leak_detectors_see_every_kind_of_leak():
    from pipeline.models import KST, OutSentence, Post, Section
    from datetime import datetime

    ev = _eval_real()
    bad = ["나소연 기자 nso@hanbit.example", "입력 2025.03.04 10:12", "[email protected]", "ⓒ 한빛신문 무단전재 및 재배포 금지",
           "군수가 인사말을 하고 있다. 사진=한빛군", "![전경](https://img.example/a.jpg)", "구분 | 2024년 | 2025년",
           "도서관은 언제 문을 여나요?", "군은 내년에도 세 곳을 더", "도서관 두 곳 개관…예산 8억 원"]
    post = Post("x", "제목", [], "", datetime(2025, 3, 4, tzinfo=KST), "s", "u", "t", "l",
                [Section("소제목", [OutSentence(t, [0]) for t in bad])])
    kinds = {lk["kind"] for lk in ev.leaks_of(post, "도서관 두 곳 개관…예산 8억 원\n\n" + LEAD)}
    assert {"byline", "timestamp", "email", "copyright", "caption", "image", "table", "question", "cut_off",
            "deck"} <= kinds
    clean = Post("x", "제목", [], LEAD, datetime(2025, 3, 4, tzinfo=KST), "s", "u", "t", "l",
                 [Section("소제목", [OutSentence(LEAD, [0]), OutSentence(MORE, [1])])], description=LEAD)
    assert ev.leaks_of(clean, LEAD + "\n\n" + MORE) == []


def test_posts_from_the_real_corpus_leak_nothing():
    """Every real article of ../shared/real-corpus/ through the ingest chain: no byline,
    timestamp, address, copyright, caption, image, table cell, question, cut-off or deck line."""
    import json
    from datetime import datetime

    from pipeline.config import load
    from pipeline.models import KST
    from pipeline.stages import SkipItem

    corpus = shared_dir("real-corpus")
    ev = _eval_real()
    cfg = load(Path(__file__).resolve().parents[1] / "configs" / "default.yaml")
    posts, leaks = 0, []
    for line in (corpus / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        art = json.loads(line)
        try:
            post = ev.compose_post(art, cfg, datetime(2024, 1, 1, 9, tzinfo=KST))
        except SkipItem:
            continue
        posts += 1
        leaks += [(art["id"], lk["kind"]) for lk in ev.leaks_of(post, art["text"])]
    assert posts >= 40
    assert leaks == []


def test_a_deck_line_with_a_full_stop_inside_stays_deck():
    a = _clean("도서관 두 곳 개관 확정. 주민 이용 시간 연장 추진", LEAD, MORE)
    assert _texts(a) == [LEAD, MORE] and a.deck == ["도서관 두 곳 개관 확정. 주민 이용 시간 연장 추진"]


def test_a_sentence_with_a_stray_bar_and_compounds_with_jegong_stay():
    assert _texts(_clean(LEAD, f"{MORE} |")) == [LEAD, MORE]
    s = "정보제공기관은 열람 기록을 1년간 보관한다."
    assert _texts(_clean(LEAD, s)) == [LEAD, s]
