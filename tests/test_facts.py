"""pipeline.facts against the Korean facts checklist, traps, the span invariant
and the labelled corpus (tests/facts_corpus)."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import shared_dir

from pipeline.facts import NUMERIC_KINDS, extract_facts
from pipeline.models import KST, Fact
from pipeline.sentences import split_plain

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "facts_corpus"
PUB = datetime(2026, 3, 7, 9, 0, tzinfo=KST)


def facts_of(text: str, kind: str | None = None, published: datetime | None = PUB) -> list[Fact]:
    out = extract_facts(text, published=published)
    for f in out:
        assert f.text == text[f.start:f.end]
    return [f for f in out if kind is None or f.kind == kind]


def one(text: str, kind: str, published: datetime | None = PUB) -> Fact:
    got = facts_of(text, kind, published)
    assert len(got) == 1, [(f.kind, f.text, f.value) for f in facts_of(text, None, published)]
    return got[0]


# ---------------------------------------------------------------- money

@pytest.mark.parametrize("text,span,value,unit", [
    ("예산 10억 원을 썼다.", "10억 원", "1000000000", "KRW"),
    ("모두 1조 2천억 원이 든다.", "1조 2천억 원", "1200000000000", "KRW"),
    ("사업비 10억5000만원을 확보했다.", "10억5000만원", "1050000000", "KRW"),
    ("연봉 3,500만 원을 받는다.", "3,500만 원", "35000000", "KRW"),
    ("연봉 3,500만원을 받는다.", "3,500만원", "35000000", "KRW"),
    ("순이익 1,200억원을 냈다.", "1,200억원", "120000000000", "KRW"),
    ("총 2조 8,000억 원 규모다.", "2조 8,000억 원", "2800000000000", "KRW"),
    ("시장 규모는 1.5조 원이다.", "1.5조 원", "1500000000000", "KRW"),
    ("예산 0.5억 원을 배정했다.", "0.5억 원", "50000000", "KRW"),
    ("50억 달러를 투자한다.", "50억 달러", "5000000000", "USD"),
    ("527억 달러에 이른다.", "527억 달러", "52700000000", "USD"),
    ("3조 9천억 엔을 풀었다.", "3조 9천억 엔", "3900000000000", "JPY"),
    ("100억 위안을 지원한다.", "100억 위안", "10000000000", "CNY"),
    ("입장료는 20유로다.", "20유로", "20", "EUR"),
    ("이천칠백삼십오만원을 모았다.", "이천칠백삼십오만원", "27350000", "KRW"),
    ("입장료는 만원이다.", "만원", "10000", "KRW"),
    ("상금 백만 원을 준다.", "백만 원", "1000000", "KRW"),
    ("오천만 원을 빌렸다.", "오천만 원", "50000000", "KRW"),
    ("주가는 $150를 넘었다.", "$150", "150", "USD"),
    ("US$ 3억 규모다.", "US$ 3억", "300000000", "USD"),
    ("1,000만~3,000만 원을 선고받았다.", "1,000만~3,000만 원", "10000000", "KRW"),
])
def test_money_values(text: str, span: str, value: str, unit: str) -> None:
    f = one(text, "money")
    assert (f.text, f.value, f.unit) == (span, Decimal(value), unit)
    assert isinstance(f.value, Decimal)


def test_money_approx_and_conversion_linked() -> None:
    f = one("약 6조 7천억 원이 필요하다.", "money")
    assert f.approx and f.value == Decimal("6700000000000") and f.text == "6조 7천억 원"
    usd, krw = facts_of("50억 달러(약 6조 7천억 원)를 투자한다.", "money")
    assert (usd.unit, krw.unit) == ("USD", "KRW") and krw.approx
    assert usd.attrs["converted"] == {"value": Decimal("6700000000000"), "unit": "KRW"}
    assert krw.attrs["conversion_of"]["start"] == usd.start


@pytest.mark.parametrize("text", ["3천억~5천억 원이 든다.", "3천억-5천억 원이 든다.", "3~5천억 원이 든다."])
def test_money_range(text: str) -> None:
    f = one(text, "money")
    assert f.range and f.value == Decimal("300000000000") and f.attrs["high"] == Decimal("500000000000")


def test_money_over_marker() -> None:
    f = one("10여억 원을 들였다.", "money")
    assert f.value == Decimal("1000000000") and f.approx and f.bound == "min"


@pytest.mark.parametrize("text,bound", [
    ("소득 3,500만 원 미만 가구", "lt"), ("5000원 이상 구매 시", "min"), ("연간 최대 100만원까지", "max"),
    ("1조 원 넘게 팔았다.", "gt"), ("500만 원 이하", "max"), ("1억 원 초과분", "gt"),
])
def test_money_bounds(text: str, bound: str) -> None:
    assert one(text, "money").bound == bound


def test_money_distributive_qualifiers() -> None:
    f = one("1인당 분기별 25만원씩 준다.", "money")
    assert f.value == Decimal(250000) and f.attrs["per"] == "1인당" and f.attrs["each"] is True
    assert f.attrs["period"] == "분기별"
    f = one("1곳당 최대 1000억 원을 지원한다.", "money")
    assert f.value == Decimal("100000000000") and f.bound == "max" and f.attrs["per"] == "1곳당"
    f = one("연간 최대 100만원을 준다.", "money")
    assert f.bound == "max" and f.attrs["period"] == "연간"


def test_money_rate_base_is_not_an_amount() -> None:
    got = facts_of("원·엔 환율은 100엔당 948.2원이다.", "money")
    assert [(f.text, f.value) for f in got] == [("948.2원", Decimal("948.2"))]


# ---------------------------------------------------------------- counts

@pytest.mark.parametrize("text,span,value,unit,noun", [
    ("4개 전략 산업을 키운다.", "4개", 4, "개", "전략 산업"),
    ("4대 전략산업을 키운다.", "4대", 4, "대", "전략산업"),
    ("13개 지구를 지정했다.", "13개", 13, "개", "지구"),
    ("3곳을 선정했다.", "3곳", 3, "곳", None),
    ("10곳에 문을 연다.", "10곳", 10, "곳", None),
    ("108개교가 신청했다.", "108개교", 108, "개교", None),
    ("12만 명이 참가했다.", "12만 명", 120000, "명", None),
    ("세 곳을 지정한다.", "세 곳", 3, "곳", None),
    ("두 명이 다쳤다.", "두 명", 2, "명", None),
    ("일곱 개 팀이 겨룬다.", "일곱 개", 7, "개", "팀"),
    ("2,871만 4,000명으로 늘었다.", "2,871만 4,000명", 28714000, "명", None),
    ("사망자 수는 8천165명이다.", "8천165명", 8165, "명", None),
    ("미국(8만5천162명)을 넘었다.", "8만5천162명", 85162, "명", None),
])
def test_count_values(text: str, span: str, value: int, unit: str, noun: str | None) -> None:
    f = one(text, "count")
    assert (f.text, f.value, f.unit) == (span, value, unit)
    assert isinstance(f.value, int)
    assert f.attrs.get("noun") == noun


def test_count_approx() -> None:
    f = one("10여 개 기업이 참여했다.", "count")
    assert (f.value, f.approx, f.attrs["noun"]) == (10, True, "기업")
    f = one("200여 명이 모였다.", "count")
    assert (f.value, f.approx) == (200, True)


def test_counts_out_of_a_specific_base_are_counts() -> None:
    assert [f.value for f in facts_of("위원 6명 가운데 2명은 반대했다.", "count")] == [6, 2]


def test_count_members() -> None:
    f = one("인공지능, 로봇, 철도, 콘텐츠 등 4개 분야를 지원한다.", "count")
    assert f.attrs["members"] == ["인공지능", "로봇", "철도", "콘텐츠"] and f.attrs["noun"] == "분야"


@pytest.mark.parametrize("text", [
    "경쟁률은 10.8대 1을 기록했다.",  # ratio
    "1곳당 최대 1000억 원",  # per-basis
    "6개월마다 점검한다.",  # a period, not 6 items
    "2나노 공정을 개발했다.",  # a unit
    "30대 남성이 다쳤다.",  # an age band
    "22대 국회가 개원했다.",  # ordinal
    "제3차 회의를 열었다.",  # ordinal
    "4번 타자가 홈런을 쳤다.",  # label
    "어르신 10명 중 7명이 받는다.",  # proportion
    "문의는 044-203-4000으로 하면 된다.",  # phone
    "매각 조건을 완화하고 30년 만기 대출을 늘린다.",  # 조건/만기 are words
    "2030세대와 MZ세대가 늘었다. 빨리 느끼는 세대이기도 하다.",  # generations
    "단 한 명도 나오지 않게 하라.",  # not even one
    "기업 10곳 중 7곳이 동의했다.",  # proportion on a round base
])
def test_count_traps(text: str) -> None:
    assert facts_of(text, "count") == []


# ---------------------------------------------------------------- durations

@pytest.mark.parametrize("text,span,value", [
    ("3년간 지원한다.", "3년간", "P3Y"), ("5년간 이어진다.", "5년간", "P5Y"), ("6개월이 걸린다.", "6개월", "P6M"),
    ("6개월간 시범 운영한다.", "6개월간", "P6M"), ("2주간 진행된다.", "2주간", "P2W"), ("하루 만에 끝났다.", "하루", "P1D"),
    ("열흘간 이어졌다.", "열흘간", "P10D"), ("사흘 동안 내렸다.", "사흘", "P3D"), ("임기는 3년이다.", "3년", "P3Y"),
    ("향후 5년을 내다본다.", "5년", "P5Y"), ("1년 6개월이 걸렸다.", "1년 6개월", "P1Y6M"),
    ("5시간 넘게 멈췄다.", "5시간", "PT5H"), ("1주일 뒤 치러진다.", "1주일", "P1W"),
    ("일주일 만에 팔렸다.", "일주일", "P1W"), ("도보 10분 거리다.", "10분", "PT10M"),
    ("대금을 최대 20일 앞당겨 준다.", "20일", "P20D"),
])
def test_durations(text: str, span: str, value: str) -> None:
    f = one(text, "duration")
    assert (f.text, f.value) == (span, value)


def test_duration_elapsed() -> None:
    f = one("10년 만에 우승했다.", "duration")
    assert f.value == "P10Y" and f.attrs["elapsed"] is True


@pytest.mark.parametrize("text", ["하루 평균 3만 명이 찾는다.", "생후 6개월 아기", "9시 30분에 시작한다.", "3분의 1 수준",
                                  "전반 23분 선제골", "월가에서 수 십 년을 보냈다."])
def test_duration_traps(text: str) -> None:
    assert facts_of(text, "duration") == []


# ---------------------------------------------------------------- dates

@pytest.mark.parametrize("text,span,value", [
    ("정부는 7일 발표했다.", "7일", "2026-03-07"),
    ("지난해 실적이 좋았다.", "지난해", "2025"),
    ("올해 예산이 늘었다.", "올해", "2026"),
    ("내년에 시행한다.", "내년", "2027"),
    ("지난달 수출이 늘었다.", "지난달", "2026-02"),
    ("이달 중 발표한다.", "이달", "2026-03"),
    ("다음 달 시행한다.", "다음 달", "2026-04"),
    ("2024년 3월 통계다.", "2024년 3월", "2024-03"),
    ("2024년 3월부터 시행됐다.", "2024년 3월", "2024-03"),
    ("2027년까지 완공한다.", "2027년", "2027"),
    ("2024. 3. 7. 시행", "2024. 3. 7.", "2024-03-07"),
    ("’24.3.7 공고", "’24.3.7", "2024-03-07"),
    ("2024-03-07 개정", "2024-03-07", "2024-03-07"),
    ("3분기 실적이 좋다.", "3분기", "2026-Q3"),
    ("내년 1분기에 출시한다.", "내년 1분기", "2027-Q1"),
    ("올해 하반기에 착공한다.", "올해 하반기", "2026-H2"),
    ("3월 7일 열린다.", "3월 7일", "2026-03-07"),
    ("이날 회의가 열렸다.", "이날", "2026-03-07"),
])
def test_dates(text: str, span: str, value: str) -> None:
    f = one(text, "date")
    assert (f.text, f.value) == (span, value)


def test_date_relative_with_time_and_direction() -> None:
    f = one("오는 4월 1일 오전 9시에 문을 연다.", "date")
    assert (f.text, f.value, f.attrs["time"]) == ("4월 1일 오전 9시", "2026-04-01", "09:00")
    assert one("지난 11월 통계다.", "date").value == "2025-11"
    assert one("오는 2월 시행한다.", "date").value == "2027-02"
    assert one("지난 28일 발표했다.", "date").value == "2026-02-28"


def test_date_ranges() -> None:
    f = one("1~9월 누적 수출", "date")
    assert (f.value, f.range, f.attrs["high"]) == ("2026-01", True, "2026-09")
    got = facts_of("원서는 이달 29일부터 31일까지 받는다.", "date", datetime(2026, 12, 2, tzinfo=KST))
    assert [f.value for f in got] == ["2026-12-29", "2026-12-31"]


def test_dates_without_published() -> None:
    assert one("2024년 3월 7일 시행", "date", None).value == "2024-03-07"
    f = one("정부는 7일 발표했다.", "date", None)
    assert f.value is None and f.attrs["day"] == 7
    assert one("지난해 실적", "date", None).value is None


# ---------------------------------------------------------------- percent

@pytest.mark.parametrize("text,span,value,unit", [
    ("12.5%를 기록했다.", "12.5%", "12.5", "%"), ("87.3%에 달했다.", "87.3%", "87.3", "%"),
    ("0.3%p 올랐다.", "0.3%p", "0.3", "%p"), ("0.3%포인트 올랐다.", "0.3%포인트", "0.3", "%p"),
    ("3.5배로 늘었다.", "3.5배", "3.5", "x"), ("두 배 가까이 늘었다.", "두 배", "2", "x"),
])
def test_percent_values(text: str, span: str, value: str, unit: str) -> None:
    f = one(text, "percent")
    assert (f.text, f.value, f.unit) == (span, Decimal(value), unit)


def test_percent_approx_and_direction() -> None:
    assert one("약 40%가 찬성했다.", "percent").approx
    assert one("전년 동기 대비 8.7% 증가했다.", "percent").attrs["direction"] == "increase"
    assert one("수출이 3.2% 줄었다.", "percent").attrs["direction"] == "decrease"
    assert "direction" not in one("점유율은 9.3%다.", "percent").attrs


# ---------------------------------------------------------------- entities

def test_people() -> None:
    f = one("이주호 사회부총리 겸 교육부 장관은 말했다.", "person")
    assert f.value == "이주호" and f.attrs["titles"] == ["사회부총리", "교육부 장관"]
    assert one("안덕근 산업통상자원부 장관이 밝혔다.", "person").attrs["title"] == "산업통상자원부 장관"
    assert one("김동연 경기도지사가 말했다.", "person").attrs["title"] == "경기도지사"
    f = one("김 장관은 답했다.", "person")
    assert f.value == "김" and f.attrs["surname_only"]
    assert one("김철수 전 장관은 말했다.", "person").attrs["title"] == "전 장관"
    assert one("도널드 트럼프 미국 대통령이 말했다.", "person").value == "도널드 트럼프"
    assert facts_of("건설사 전 대표에게 실형이 선고됐다.", "person") == []
    people = facts_of("A씨(45)와 B씨는 구속됐다.", "person")
    assert [(p.text, p.attrs.get("age")) for p in people] == [("A씨", 45), ("B씨", None)]


@pytest.mark.parametrize("text", ["세종=홍길동 기자 hong@example.com", "홍길동 기자", "부동산 시장이 얼어붙었다."])
def test_not_people(text: str) -> None:
    assert facts_of(text, "person") == []
    assert all(f.kind != "person" for f in facts_of(text))


def test_organisations() -> None:
    text = "산업통상자원부, 교육부, 한국개발연구원(KDI)과 SK하이닉스, ㈜한화, 한국경제인협회, OECD가 참여했다."
    orgs = facts_of(text, "org")
    assert [o.value for o in orgs] == ["산업통상자원부", "교육부", "한국개발연구원", "SK하이닉스", "㈜한화", "한국경제인협회", "OECD"]
    assert orgs[2].attrs["acronym"] == "KDI"


@pytest.mark.parametrize("quoted,inner", [
    ("'2025년 글로컬대학 30'", "2025년 글로컬대학 30"),
    ("'지역혁신중심 대학지원체계(RISE)'", "지역혁신중심 대학지원체계(RISE)"),
    ("‘국가첨단전략산업 특화단지’", "국가첨단전략산업 특화단지"),
    ("“청년 기본소득”", "청년 기본소득"),
    ("'첨단전략산업 경쟁력 강화 방안'", "첨단전략산업 경쟁력 강화 방안"),
    ("「국가첨단전략산업법」", "국가첨단전략산업법"),
])
def test_programmes(quoted: str, inner: str) -> None:
    text = f"정부는 {quoted}을 추진한다."
    f = one(text, "programme")
    assert f.value == inner and f.text == inner
    # Numbers inside a programme's name are part of the name, not facts; only
    # the year a title opens with dates it (issue 10: real readers count it).
    assert all(g.kind == "programme" or (g.kind == "date" and g.start == f.start and len(g.value) == 4)
               for g in facts_of(text))


@pytest.mark.parametrize("text", [
    "'경기민원24' 누리집에서 신청한다.",
    "그는 “앞으로 5년이 골든타임”이라며 말했다.",
    "“지원을 늘리겠다”고 말했다.",
    "정부가 '백지화'를 선언했다.", "요즘 '짠테크'가 유행이다.", "태풍 '산산'이 북상한다.",
])
def test_not_programmes(text: str) -> None:
    assert facts_of(text, "programme") == []


# ---------------------------------------------------------------- API contract

def test_api_contract_sentences_and_order() -> None:
    text = "정부는 7일 10억 원을 투입한다고 밝혔다. 대상은 3곳이다.\n\n지난해보다 12.5% 늘었다."
    sents = split_plain(text)
    facts = extract_facts(text, sents, PUB)
    assert facts == extract_facts(text, published=PUB)
    assert [f.start for f in facts] == sorted(f.start for f in facts)
    for f in facts:
        s = sents[f.sentence]
        assert s.start <= f.start and f.end <= s.end
    assert NUMERIC_KINDS == ("money", "count", "duration", "date", "percent")
    assert extract_facts("") == []


def _corpus() -> list[tuple[str, dict]]:
    return [(p.name, json.loads(p.read_text(encoding="utf-8"))) for p in sorted(CORPUS.glob("*.json"))]


def test_corpus_is_substantial_and_labels_match_text() -> None:
    corpus = _corpus()
    assert len(corpus) >= 30
    for name, art in corpus:
        for lab in art["facts"]:
            assert art["text"][lab["start"]:lab["end"]] == lab["text"], name


def test_span_invariant_on_whole_corpus() -> None:
    for name, art in _corpus():
        text = art["text"]
        pub = datetime.fromisoformat(art["published"])
        sents = split_plain(text)
        for f in extract_facts(text, sents, pub):
            assert f.text == text[f.start:f.end], name
            assert f.kind in NUMERIC_KINDS + ("org", "person", "programme")
            assert sents[f.sentence].start <= f.start < sents[f.sentence].end + 1, name


def test_bylines_and_emails_are_not_facts() -> None:
    for name, art in _corpus():
        text = art["text"]
        for f in extract_facts(text, published=datetime.fromisoformat(art["published"])):
            assert "@" not in f.text and not f.text.endswith("기자"), (name, f.text)


def test_evaluation_meets_targets() -> None:
    proc = subprocess.run([sys.executable, str(ROOT / "scripts" / "eval_facts.py")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import eval_facts
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    num = eval_facts.evaluate().numeric()
    assert num.precision >= 0.97 and num.recall >= 0.95
    assert num.tp >= 500




def test_real_pages_keep_the_span_invariant_and_avoid_catchwords() -> None:
    real = shared_dir("real-samples/html")
    trafilatura = pytest.importorskip("trafilatura")
    seen = 0
    for page in sorted(real.glob("*.html")):
        raw = page.read_bytes()
        try:
            html = raw.decode("utf-8")
        except UnicodeDecodeError:
            html = raw.decode("cp949", errors="replace")
        text = trafilatura.extract(html) or ""
        if not text:
            continue
        seen += 1
        facts = extract_facts(text, published=PUB)
        for f in facts:
            assert f.text == text[f.start:f.end]
        # Quoted catchwords ('짠테크', '백지화') are not programmes, and generations are not counts.
        assert all(f.value not in ("짠테크", "백지화", "욜로족", "거지방") for f in facts if f.kind == "programme")
        assert all(f.unit != "세대" or f.value != 2030 for f in facts)
    assert seen >= 3


def test_corpus_json_matches_its_annotated_sources() -> None:
    sys.path.insert(0, str(CORPUS))
    try:
        import build
    finally:
        sys.path.remove(str(CORPUS))
    sources = sorted((CORPUS / "src").glob("*.txt"))
    assert len(sources) == len(list(CORPUS.glob("*.json")))
    for src in sources:
        on_disk = json.loads((CORPUS / f"{src.stem}.json").read_text(encoding="utf-8"))
        assert build.build(src) == on_disk, f"{src.name}: run python tests/facts_corpus/build.py"


@pytest.mark.parametrize("text", ["천" * 5000, "1조 " * 2000, "1" * 5000, "1억 " * 3000 + "원",
                                  "2024년 " * 2000, "'" * 3000, "123456789012345678901234567890명"])
def test_pathological_input_stays_linear(text: str) -> None:
    t = time.perf_counter()
    facts = extract_facts(text)
    assert time.perf_counter() - t < 0.5
    assert all(f.text == text[f.start:f.end] for f in facts)


# ---------------------------------------------------------------- blind-set fixes (041-055)

@pytest.mark.parametrize("text", [
    "당첨자 10명 중 4명은 30대였다.",
    "감독은 “30대 베테랑들의 체력 관리가 숙제”라고 말했다.",
    "조합원 10명 중 8명이 50대인 만큼 고용 안정이 중요하다.",
    "3-3으로 맞선 7회 말 1사 만루에서 싹쓸이 2루타를 때렸다.",
    "삼성 라이온즈가 롯데 자이언츠를 연장 11회 끝에 눌렀다.",
    "1회 초 투런 홈런으로 앞서 갔다.",
    "민선 9기 출범 후 처음 짜는 예산이다.",
    "65조 원 규모의 3기 펀드를 조성한다.",
    "점유율 5%를 달성해 4대 방산 수출국에 오른다.",
    "세계 방산 수출 4대 강국에 진입한다는 목표다.",
    "세계 10대 경제대국에 진입했다.",
    "한국은 세계 5대 수출국으로 도약했다.",
    "내년 하반기 2세대 칩을 양산하겠다.",
    "무역 3무 정책",
])
def test_not_counts_ordinals_ranks_innings_age_bands(text: str) -> None:
    assert facts_of(text, "count") == [], [(f.text, f.value) for f in facts_of(text, "count")]


def test_innings_in_a_baseball_story_are_not_counts() -> None:
    text = "선발 투수는 6회까지 공 98개를 던지며 삼진 7개를 잡았다. 마무리는 9회를 막았다. 불펜이 8회에만 무너졌다."
    assert [f.text for f in facts_of(text, "count")] == ["98개", "7개"]


@pytest.mark.parametrize("text,span,value,unit", [
    ("LG는 시즌 56승 2무 35패를 기록했다.", "2무", 2, "무"),
    ("한 달 가까이 잠잠하다가 두 번 정점을 찍었다.", "두 번", 2, "번"),
    ("위원회는 올해 회의를 3회 열었다.", "3회", 3, "회"),
    ("수도권 비상저감조치는 모두 6회 발령됐다.", "6회", 6, "회"),
    ("타자 홈런 투수 이야기와 별개로 대회에서 3회 연속 우승했다.", "3회", 3, "회"),
    ("원전 2기를 새로 짓는다.", "2기", 2, "기"),
    ("석탄발전소는 40기 가운데 28기를 닫는다.", "40기", 40, "기"),
    ("헬기 30대를 투입했다.", "30대", 30, "대"),
    ("국내 5대 가상자산 거래소의 하루 거래액", "5대", 5, "대"),
    ("4대 그룹 총수가 모였다.", "4대", 4, "대"),
    ("세 번 연속 우승했다.", "세 번", 3, "번"),
    ("이 단지는 1,200세대 규모다.", "1,200세대", 1200, "세대"),
])
def test_counts_kept_next_to_the_new_rules(text: str, span: str, value: int, unit: str) -> None:
    got = [f for f in facts_of(text, "count") if f.text == span]
    assert len(got) == 1 and got[0].value == value and got[0].unit == unit, facts_of(text)


def test_wins_record_counts_each_part() -> None:
    got = [(f.text, f.unit) for f in facts_of("시즌 56승 2무 35패", "count")]
    assert got == [("56승", "승"), ("2무", "무"), ("35패", "패")]


@pytest.mark.parametrize("text,span,value", [
    ("코스피는 사흘 만의 상승이다.", "사흘", "P3D"),
    ("2023년에도 한 달 가까이 잠잠했다.", "한 달", "P1M"),
    ("상견례 이후 두 달 만이다.", "두 달", "P2M"),
    ("올여름 폭염 일수가 24일로 평년의 2.4배다.", "24일", "P24D"),
    ("열대야 일수는 12일이었다.", "12일", "P12D"),
])
def test_blind_set_durations(text: str, span: str, value: str) -> None:
    got = [f for f in facts_of(text, "duration") if f.text == span]
    assert len(got) == 1 and got[0].value == value, facts_of(text)
    assert all(f.text != span for f in facts_of(text, "date"))


def test_elapsed_with_man_ui() -> None:
    assert one("사흘 만의 상승이다.", "duration").attrs.get("elapsed") is True


def test_reported_day_is_near_the_dateline_not_the_earlier_month() -> None:
    pub = datetime(2026, 12, 5, 10, 0, tzinfo=KST)
    text = "평가원은 지난달 19일 치러진 수능 채점 결과를 4일 발표했다."
    got = {f.text: f.value for f in facts_of(text, "date", pub)}
    assert got == {"지난달 19일": "2026-11-19", "4일": "2026-12-04"}


def test_reported_day_keeps_the_anchor_when_the_dateline_month_is_later() -> None:
    # Published 3 Dec: 4 Dec would be in the future, so `4일` stays in the month just named.
    pub = datetime(2026, 12, 3, 10, 0, tzinfo=KST)
    got = {f.text: f.value for f in facts_of("지난달 1일 시험을 치렀고 결과는 4일 발표했다.", "date", pub)}
    assert got["4일"] == "2026-11-04"


def test_bare_day_after_a_month_still_continues_it() -> None:
    pub = datetime(2026, 12, 5, 10, 0, tzinfo=KST)
    got = {f.text: f.value for f in facts_of("접수는 11월 19일부터 24일까지 받았다.", "date", pub)}
    assert got["24일"] == "2026-11-24"


def test_period_of_days_that_is_a_date_range_stays_a_date() -> None:
    got = {f.text: f.value for f in facts_of("신청 기간은 12일까지다.", "date")}
    assert got == {"12일": "2026-03-12"}


def test_month_inside_a_quoted_report_title_is_part_of_the_name() -> None:
    text = "산업통상자원부가 1일 발표한 '5월 수출입 동향'에 따르면 수출이 늘었다."
    assert [f.value for f in facts_of(text, "programme")] == ["5월 수출입 동향"]
    assert [f.text for f in facts_of(text, "date")] == ["1일"]


@pytest.mark.parametrize("text", ["한 번뿐인 인생을 즐기자.", "한 번쯤 가 볼 만하다.", "두 번 다시 없을 기회다.", "한 번도 빠지지 않았다.", "두 번째로 낮았다."])
def test_once_idioms_and_ordinals_are_not_counts(text: str) -> None:
    assert facts_of(text, "count") == []


def test_kbo_team_names_are_whole_organisations() -> None:
    text = "LG 트윈스가 두산 베어스를 꺾었다. KIA 타이거즈가 한화 이글스를 눌렀다. 두산은 4연패했고 KBO는 일정을 밝혔다."
    assert [o.text for o in facts_of(text, "org")] == ["LG 트윈스", "두산 베어스", "KIA 타이거즈", "한화 이글스", "두산", "KBO"]


@pytest.mark.parametrize("text,org", [
    ("국회예산정책처는 5년간 재정이 든다고 봤다.", "국회예산정책처"),
    ("중앙재난안전대책본부는 피해를 집계했다.", "중앙재난안전대책본부"),
    ("미국 연방준비제도가 금리를 내렸다.", "연방준비제도"),
    ("농협은 할인 행사를 연다.", "농협"),
    ("전국 하나로마트에서 판매한다.", "하나로마트"),
    ("문의는 평가원 메일로 받는다.", "평가원"),
    ("공연은 예술의전당에서 열린다.", "예술의전당"),
    ("미국 벤처캐피털 워든캐피털이 투자했다.", "워든캐피털"),
    ("제작사 빛나래컴퍼니는 밝혔다.", "빛나래컴퍼니"),
    ("공연은 샤롯데씨어터에서 이어진다.", "샤롯데씨어터"),
    ("부산시립교향악단은 투어에 나선다.", "부산시립교향악단"),
])
def test_institutions_and_name_suffixes(text: str, org: str) -> None:
    assert org in [o.value for o in facts_of(text, "org")]


@pytest.mark.parametrize("text", ["국내 벤처캐피털이 투자했다.", "시립교향악단 공연", "대형 엔터테인먼트 회사"])
def test_generic_heads_are_not_organisations(text: str) -> None:
    assert facts_of(text, "org") == []


@pytest.mark.parametrize("text,name,role", [
    ("4번 타자 문보경이 3안타를 쳤다.", "문보경", "타자"),
    ("선발 임찬규는 6회까지 던졌다.", "임찬규", "선발"),
    ("마무리 유영찬은 9회를 막았다.", "유영찬", "마무리"),
    ("지휘자 정명진이 이끄는 악단", "정명진", "지휘자"),
    ("주연 한도윤은 말했다.", "한도윤", "주연"),
])
def test_roles_written_before_a_name(text: str, name: str, role: str) -> None:
    f = one(text, "person")
    assert f.value == name and f.attrs["title"] == role


@pytest.mark.parametrize("text", ["선발 인원이 늘었다.", "선발 과정에서 논란이 있었다.", "주연 배우가 바뀌었다.",
                                  "마무리 투수진이 흔들렸다.", "선발 주자들이 나섰다."])
def test_role_words_before_ordinary_nouns_are_not_people(text: str) -> None:
    assert facts_of(text, "person") == []


def test_company_named_between_a_name_and_an_officer_title_is_learned() -> None:
    text = "스타트업 라온칩스가 투자를 유치했다. 2021년 설립된 라온칩스는 NPU를 만든다. 정도현 라온칩스 대표는 말했다."
    people = facts_of(text, "person")
    assert [(p.value, p.attrs["title"]) for p in people] == [("정도현", "라온칩스 대표")]
    orgs = [(o.value, o.start) for o in facts_of(text, "org")]
    assert orgs == [("라온칩스", text.index("라온칩스")), ("라온칩스", text.index("라온칩스는"))]


def test_unknown_word_before_a_government_title_is_not_learned() -> None:
    # Only company officers' titles teach a company name; 의원/장관 follow known bodies.
    assert facts_of("정도현 무소속 의원이 말했다. 무소속은 늘었다.", "org") == []


def test_day_running_back_before_an_earlier_months_date_is_near_the_dateline() -> None:
    pub = datetime(2026, 12, 5, 10, 0, tzinfo=KST)
    got = {f.text: f.value for f in facts_of("지난달 19일 치러진 시험의 결과가 4일 나왔다.", "date", pub)}
    assert got == {"지난달 19일": "2026-11-19", "4일": "2026-12-04"}


def test_day_running_back_within_the_dateline_month_keeps_it() -> None:
    pub = datetime(2026, 12, 20, 10, 0, tzinfo=KST)
    got = {f.text: f.value for f in facts_of("이달 18일 공고가 나왔고 앞서 12일에는 설명회가 열렸다.", "date", pub)}
    assert got["12일"] == "2026-12-12"


def test_half_year_naming_the_economic_policy_document_is_not_a_date() -> None:
    got = [f.text for f in facts_of("정부는 내년 6월 하반기 경제정책방향을 통해 발표한다.", "date")]
    assert got == ["내년 6월"]
    assert [f.text for f in facts_of("하반기에 경기가 회복된다.", "date")] == ["하반기"]


@pytest.mark.parametrize("text,name", [("1회 초 양의지의 투런 홈런으로 앞서 갔다.", "양의지"),
                                       ("후반 손흥민의 결승골이 터졌다.", "손흥민")])
def test_player_named_by_the_play(text: str, name: str) -> None:
    assert one(text, "person").value == name


@pytest.mark.parametrize("text", ["연장전의 결승골이 터졌다.", "이번 시즌의 홈런 수가 늘었다.", "올해의 골 장면"])
def test_play_after_an_ordinary_noun_is_not_a_person(text: str) -> None:
    assert facts_of(text, "person") == []


def test_play_word_must_end_the_noun() -> None:
    assert facts_of("김민수의 골목 상권이 살아났다.", "person") == []


def test_backward_ssi_scan_finds_what_finditer_finds() -> None:
    from pipeline.facts.entities import _ANON, _NAMED_SSI, _ssi_matches
    texts = [art["text"] for _, art in _corpus()] + [
        "A씨(45)와 B 씨, 김모씨, 이모 씨(30)는 홍길동 씨와 AB씨, 가나다라 씨, 씨앗 씨씨 A씨씨",
        "씨", "A씨", " 홍길동 씨", "X 씨 (52)가",
    ]
    for t in texts:
        assert [m.span() for m in _ssi_matches(_ANON, t, (3, 2, 1))] == [m.span() for m in _ANON.finditer(t)]
        assert [m.span() for m in _ssi_matches(_NAMED_SSI, t, (4,))] == [m.span() for m in _NAMED_SSI.finditer(t)]


def _prefix_scan_cases() -> list[tuple[str, str, str]]:
    """(name, pattern as written for speed, the plain pattern it stands for)."""
    from pipeline.facts import dates, entities, numeric
    from pipeline.facts.numerals import NATIVE_RE, not_after

    def swap(pattern: str, fast: str, plain: str) -> str:
        assert fast in pattern
        return pattern.replace(fast, plain)

    nd_words = (r"일주일|하루|이틀|사흘|나흘|닷새|엿새|이레|여드레|아흐레|열흘|보름|"
                r"한\s?달|두\s?달|석\s?달|넉\s?달|한\s?해|두\s?해")
    rw_words = (r"지난달|전달|이달|이번\s?달|다음\s?달|내달|지난\s?주|이번\s?주|다음\s?주|"
                r"이날|오늘|당일|어제|그제|내일|모레")
    times = "두|세|네|다섯|여섯|일곱|여덟|아홉|열"
    day_fast = dates._DAY.pattern[:dates._DAY.pattern.index("(?:\\s?[~∼〜\\-]\\s?(?P<d2>")]
    w, hot = entities._W, "".join(sorted(entities._HOT_LAST))
    particles = "|".join(sorted(entities._PARTICLES_LIST, key=len, reverse=True))
    return [
        ("native count", numeric._NATIVE_COUNT.pattern,
         swap(numeric._NATIVE_COUNT.pattern, f"(?P<n>{not_after(NATIVE_RE, '가-힣A-Za-z0-9')})",
              f"(?<![가-힣A-Za-z0-9])(?P<n>{NATIVE_RE})")),
        ("native times", numeric._NATIVE_TIMES.pattern,
         swap(numeric._NATIVE_TIMES.pattern, f"(?P<n>{not_after(times, '가-힣')})", f"(?<![가-힣])(?P<n>{times})")),
        ("native duration", numeric._NATIVE_DUR.pattern,
         swap(numeric._NATIVE_DUR.pattern, f"(?P<w>{not_after(nd_words, '가-힣')})", f"(?<![가-힣])(?P<w>{nd_words})")),
        ("relative word", dates._RELWORD.pattern,
         swap(dates._RELWORD.pattern, f"(?P<w>{not_after(rw_words, '가-힣')})", f"(?<![가-힣])(?P<w>{rw_words})")),
        ("bare day", dates._DAY.pattern,
         swap(dates._DAY.pattern, day_fast, r"(?<![\d.,가-힣])(?P<d>3[01]|[12]\d|0?[1-9])")),
        ("anchor word", entities._HOT.pattern,
         rf"(?<![{w}])(?:㈜[{w}]+|[{w}]*[{hot}](?:{particles})?)(?![{w}])"),
    ]


@pytest.mark.parametrize("name", [c[0] for c in _prefix_scan_cases()])
def test_prefix_scan_rewrites_find_what_the_plain_patterns_find(name: str) -> None:
    # The speed rewrites (lookbehind after the first character, whole-word
    # anchors) must not change a single match: compare on the corpus and on
    # random strings built from the characters the patterns care about.
    import random
    import re

    _, fast_src, plain_src = next(c for c in _prefix_scan_cases() if c[0] == name)
    fast, plain = re.compile(fast_src), re.compile(plain_src)
    assert fast_src != plain_src
    rnd = random.Random(7)
    pieces = (list("한두세네열다섯여일곱아홉스무서른이틀사흘하루달해주날오늘어제내모레지난번음전당")
              + list("0123456789０١.,~- \n가나A㈜") + ["개", "명", "곳", "배", "일", "월", "시", "분", "부", "청", "은", "의",
                                                  "에서", "으로", "장관", "대표", "간", "째", "동안", "오후 3시"])
    texts = [art["text"] for _, art in _corpus()]
    texts += ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 30))) for _ in range(20000)]
    for t in texts:
        got = [(m.span(), m.groupdict()) for m in fast.finditer(t)]
        assert got == [(m.span(), m.groupdict()) for m in plain.finditer(t)], (name, t)


def test_numeric_date_gate_admits_every_numeric_date() -> None:
    import random

    from pipeline.facts.dates import _NUMERIC, _NUMERIC_GATE
    rnd = random.Random(3)
    slots = [["", "1", ".", "’", "'", "‘", "가 "], ["2024", "1999", "24", "2", "20", "19", "3"], [".", "-", "/", ". ", ""],
             ["3", "12", "07", "13", " 5"], [".", "-", "/", ". ", ""], ["7", "31", "09", "32", ""], ["", ".", "1", "일"]]
    texts = ["".join(rnd.choice(slot) for slot in slots) for _ in range(30000)]
    hits = 0
    for t in texts:
        if _NUMERIC.search(t):
            hits += 1
            assert _NUMERIC_GATE.search(t), t
    assert hits > 100


def test_possessive_digits_change_no_number_match() -> None:
    import random
    import re

    from pipeline.facts import numeric, numerals
    rnd = random.Random(11)
    pieces = list("0123456789,.,. ~-천백십만억조여원개명%$일이삼오") + ["1,000", "3.5", "10억", "달러", "년", "개월", "간", "을", "곳당", "대 1"]
    texts = ["".join(rnd.choice(pieces) for _ in range(rnd.randint(1, 14))) for _ in range(30000)]
    texts += [art["text"] for _, art in _corpus()]
    hits = 0
    for fast in (numeric._MAIN, numeric._SYMBOL_MONEY):
        plain = re.compile(fast.pattern.replace(numerals.ARABIC, numerals.ARABIC_PLAIN))
        assert plain.pattern != fast.pattern
        for t in texts:
            got = [(m.span(), m.groupdict()) for m in fast.finditer(t)]
            assert got == [(m.span(), m.groupdict()) for m in plain.finditer(t)], t
            hits += len(got)
    assert hits > 1000


# ------------------------------------------- forms real pages showed (issue 10)
# Every sentence below is written for these tests, in the shape real articles use.

@pytest.mark.parametrize("text,span,value", [
    ("군 예산 3백 40억원이 확정됐다.", "3백 40억원", "34000000000"),
    ("총 6백 20억원의 사업비가 든다.", "6백 20억원", "62000000000"),
    ("관광 부문이 4천2백 8억여 원으로 가장 많다.", "4천2백 8억여 원", "420800000000"),
    ("지원금은 3천 500만원이다.", "3천 500만원", "35000000"),
    ("올해 예산은 41.2조 원입니다.", "41.2조 원", "41200000000000"),
])
def test_money_with_spaced_hangul_digit_numerals(text, span, value):
    f = one(text, "money")
    assert (f.text, f.value) == (span, Decimal(value))


def test_spaced_numerals_do_not_swallow_a_following_count():
    assert [(f.text, f.value) for f in facts_of("심사 대상은 10억 2건이다.", "count")] == [("2건", 2)]
    assert [f.text for f in facts_of("참가자 2천 3명이 왔다.", "count")] == ["2천 3명"]


def test_counts_before_the_formal_copula():
    assert one("이번 주 보도자료는 모두 17건입니다.", "count").value == 17


@pytest.mark.parametrize("text", [
    "정부는 3기 KTX 노선 계획을 세운다.",
    "지난 2백 30회 정기국회에서 법이 통과됐다.",
    "40~50대 자영업자의 대출이 늘었다.",
])
def test_series_sessions_and_age_band_ranges_are_not_counts(text):
    assert facts_of(text, "count") == []


def test_a_commute_era_is_a_duration():
    f = one("정부는 출퇴근 40분 시대를 열겠다고 했다.", "duration")
    assert (f.text, f.value) == ("40분", "PT40M")


@pytest.mark.parametrize("text,span,value", [
    ("’21년 지출 증가율은 7.1%였다.", "’21년", "2021"),
    ("C노선은 ‘29년까지 개통한다.", "‘29년", "2029"),
    ("A구간은 ‘25.6월 문을 연다.", "‘25.6월", "2025-06"),
    ("실적은 ’17.3Q부터 나아졌다.", "’17.3Q", "2017-Q3"),
])
def test_apostrophe_two_digit_years(text, span, value):
    f = one(text, "date")
    assert (f.text, f.value) == (span, value)
    assert facts_of(text, "duration") == []


def test_apostrophe_year_range_and_bracketed_year_range():
    f = one("최근 4년(‘19~’22) 평균 증가율은 6%다.", "date")
    assert (f.text, f.value, f.range, f.attrs["high"]) == ("‘19~’22", "2019", True, "2022")
    f = one("‘제2차 항만기본계획(2021∼2030)’을 확정했다.", "date")
    assert (f.text, f.value, f.attrs["high"]) == ("2021∼2030", "2021", "2030")
    f = one("3년간 (2024~2026) 예산을 나눠 쓴다.", "date")
    assert (f.text, f.value) == ("2024~2026", "2024")


def test_an_apostrophe_before_a_duration_is_a_quote_not_a_year():
    assert facts_of("그는 '12년 만에 돌아왔다'고 말했다.", "date") == []


def test_month_day_with_weekday_takes_the_publication_year():
    f = one("- 9.14.(목) 국무회의에서 확정 -", "date")
    assert (f.text, f.value) == ("9.14.", "2026-09-14")


def test_relative_year_glued_to_the_word_before():
    fs = facts_of("시설의 개관이내년 3월 2일로 미뤄졌다. 15일 시에 따르면 공사가 늦어졌다.", "date")
    assert [(f.text, f.value) for f in fs] == [("내년 3월 2일", "2027-03-02"), ("15일", "2026-03-15")]


def test_a_bare_day_with_its_own_modifier_reads_from_the_dateline():
    pub = datetime(2026, 3, 10, 9, 0, tzinfo=KST)
    fs = facts_of("1차 접수는 내달 12일까지다. 2차 접수는 오는 20일부터 5월 8일까지다.", "date", pub)
    assert [(f.text, f.value) for f in fs] == [("내달 12일", "2026-04-12"), ("20일", "2026-03-20"), ("5월 8일", "2026-05-08")]
    fs = facts_of("1차는 내달 5일까지, 2차는 오는 25일부터 받는다.", "date", pub)
    assert [(f.text, f.value) for f in fs] == [("내달 5일", "2026-04-05"), ("25일", "2026-03-25")]
    fs = facts_of("신청은 지난달 24일부터 이달 6일까지 받았다.", "date", pub)
    assert [(f.text, f.value) for f in fs] == [("지난달 24일", "2026-02-24"), ("이달 6일", "2026-03-06")]


def test_a_bare_day_starting_a_range_ends_before_the_range_end():
    pub = datetime(2026, 12, 4, 9, 0, tzinfo=KST)
    fs = facts_of("추가 접수는 28일부터 내년 1월 3일까지 한다.", "date", pub)
    assert [(f.text, f.value) for f in fs] == [("28일", "2026-12-28"), ("내년 1월 3일", "2027-01-03")]


def test_a_year_opening_a_quoted_title_is_a_date_but_a_month_is_not():
    f = one("시는 '2026년 청년 정책 시행계획'을 내놨다.", "date")
    assert (f.text, f.value) == ("2026년", "2026")
    assert facts_of("시는 '4월 고용 동향'을 내놨다.", "date") == []


def test_facts_right_after_a_corner_bracket_title():
    f = one("「물류 혁신 전략」통근 40분 시대를 연다.", "duration")
    assert (f.text, f.value) == ("40분", "PT40M")
    assert one("「물류 혁신 전략」에 2천억 원을 쓴다.", "money").value == Decimal("200000000000")


def test_a_title_naming_its_parts_states_a_count():
    f = one("정부는 「물류 분야 4대 혁신 과제」를 내놨다.", "count")
    assert (f.text, f.value, f.unit) == ("4대", 4, "대")
    assert one("정부는 「물류 분야 4대 혁신 과제」를 내놨다.", "programme").value == "물류 분야 4대 혁신 과제"
    assert facts_of("의장은 「22대 국회 운영 방안」을 밝혔다.", "count") == []
    assert facts_of("시는 '2025 도시 비전 30'을 밝혔다.", "count") == []


def test_a_year_clipped_after_a_bound_is_the_next_year_not_a_span_of_years():
    fs = facts_of("투자는 2030년까지 9조 원, 31년 이후 3조 원이다.", "date")
    assert [(f.text, f.value) for f in fs] == [("2030년", "2030"), ("31년", "2031")]
    assert facts_of("투자는 2030년까지 9조 원, 31년 이후 3조 원이다.", "duration") == []
    # Not the next year, or no bound before it: a length of time.
    assert [f.value for f in facts_of("2010년까지 운영한 시설은 15년 이후 문을 닫는다.", "duration")] == ["P15Y"]
    assert [f.value for f in facts_of("개관 31년 이후 처음으로 고친다.", "duration")] == ["P31Y"]
    assert [(f.text, f.value) for f in facts_of("1999년까지 운영하고 00년부터 새로 연다.", "date")][-1] == ("00년", "2000")


def test_a_sum_within_nae_is_a_bound_like_iinae():
    for s in ("기업당 5000만원 내에서 자금을 지원한다.", "기업당 5000만원 이내에서 자금을 지원한다."):
        (f,) = facts_of(s, "money")
        assert (f.value, f.bound) == (50000000, "max"), s
    (f,) = facts_of("기업당 5000만원 내외를 지원한다.", "money")
    assert f.bound is None and f.approx
