"""The guard: a changed number, unit, scale, date, name, quote, negation or
modality is refused and the next safer form used; copying is measured.

Drafts are built by hand over real plans (pipeline.plan.make_plan with the
real fact extractor) of Korean articles written for these tests, so each
test says exactly which words an engine changed.
"""
from __future__ import annotations

import dataclasses
import json
import random
import re
import unicodedata

import pytest
import yaml

from pipeline import fidelity, korean
from pipeline.config import ComposeSettings
from pipeline.facts import extract_facts
from pipeline.fidelity import scan_numbers
from pipeline.guard import (REASON_KINDS, Context, audit, copy_metrics, guard, norm, reason_kind,
                            sentence_reasons, whole_reasons)
from pipeline.models import Article, Draft, OutSentence, Section
from pipeline.plan import make_plan
from pipeline.rewrite.extractive import ExtractiveEngine
from pipeline.sentences import split_blocks
from test_compose import ALL, BRIDGE, EDU, EXPORT, HEAT, HOUSING, PUB, _p, compose, hand_facts

# A local-news item with a programme name, a person with a title, direct
# speech, negations and plans (written for these tests).
CITY = Article(
    url="https://news.example.kr/local/4410",
    title="부산시, 청년 월세 지원 ‘부산청년 주거드림’ 11일부터 접수",
    published=PUB,
    blocks=[
        _p("부산시는 청년 1인 가구의 주거비 부담을 덜기 위해 ‘부산청년 주거드림’ 사업 신청을 오는 11일부터 받는다고 7일 밝혔다. "
           "지원 대상은 부산에 사는 19~39세 무주택 청년 2,000명이다. "
           "선정된 청년은 월 20만 원씩 최대 12개월 동안 월세를 지원받는다."),
        _p("소득이 기준 중위소득의 150%를 넘는 청년은 신청할 수 없다. "
           "지난해 지원을 받은 청년도 다시 신청할 수 있지만 중복 지원은 받지 못한다. "
           "시는 지난해 신청자가 몰려 예산이 바닥나자 추가 모집을 하지 않았다."),
        _p("박형준 부산시장은 \u201c청년이 떠나지 않는 부산을 만들겠다\u201d고 말했다. "
           "시는 내년에 지원 인원을 3,000명으로 늘리는 방안을 검토하고 있다. "
           "신청은 부산시 누리집에서 할 수 있으며 결과는 다음 달 20일 발표할 예정이다."),
    ],
)
ARTICLES = {**ALL, "city": CITY}


def plan_of(art: Article):
    sents = split_blocks(art.blocks)
    return make_plan(art, extract_facts(art.text, sents, art.published), ComposeSettings(), sents)


def at(plan, prefix: str) -> int:
    """The index of the source sentence starting with `prefix`."""
    hits = [s.index for s in plan.sentences if norm(s.text).startswith(prefix)]
    assert len(hits) == 1, prefix
    return hits[0]


def draft_of(plan, *outs: OutSentence, title: str | None = None, **kw) -> Draft:
    return Draft("test", title if title is not None else norm(plan.article.title), "",
                 [Section("머리말", list(outs))], **kw)


def _tokens(text):
    return [(t.value, t.unit) for t in scan_numbers(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("서울특별시는 10억 원의 지원을", [("1000000000", "원")]),
        ("10억원", [("1000000000", "원")]),
        ("1조 2천억 원", [("1200000000000", "원")]),
        # an amount is its value, however written: 조 or ten thousand 억, 백 or digits
        ("30조 1,364억 원, 301,364억 원", [("30136400000000", "원"), ("30136400000000", "원")]),
        ("제1백 50회, 제150회", [("150", "회"), ("150", "회")]),
        ("5천6백6억 원", [("560600000000", "원")]),
        ("10억5000만원", [("1050000000", "원")]),
        ("3,500만 원 미만", [("35000000", "원")]),
        ("8만5천162명과 중국(8만1천340명)", [("85162", "명"), ("81340", "명")]),
        ("3천억~5천억 원", [("300000000000", "원"), ("500000000000", "원")]),
        ("87.3%에 달했다, 0.3%p 올라", [("87.3", "%"), ("0.3", "%p")]),
        ("0.2%포인트씩", [("0.2", "%p")]),
        ("세 곳에 두 명씩", [("세", "곳"), ("두", "명")]),
        ("열흘간 하루도", [("열흘", None), ("하루", None)]),
        ("이천칠백삼십오만원, 수억 원", [("이천칠백삼십오만", "원"), ("수억", "원")]),
        ("3년간 6개월간", [("3", "년"), ("6", "개월")]),
        ("2024. 3. 7. 발표", [("2024", None), ("3", None), ("7", None)]),
        ("세계 최대 세대 교체", []),
        ("한국은행 금융통화위원회", []),
        # odds are two bare numbers however written; 대 before a number counts nothing
        ("경쟁률 6.7대 1, 6.7: 1", [("6.7", None), ("1", None), ("6.7", None), ("1", None)]),
        ("차량 3대를", [("3", "대")]),
        ("3세대 2곳", [("3", "세대"), ("2", "곳")]),  # only the counter 대 itself is the odds word
    ],
)
def test_scan_numbers(text, expected):
    assert _tokens(text) == expected


# (article, the cited sentence's first words, what an engine wrote, the reason's kind)
REFUSED = [
    # numbers: value, scale, unit, currency, percentage points
    ("edu", "선정된 지구는", "선정된 지구는 4년간 매년 10억 원 안팎을 지원받는다.", "number"),
    ("edu", "선정된 지구는", "선정된 지구는 3년간 매년 1억 원 안팎을 지원받는다.", "number"),
    ("edu", "선정된 지구는", "선정된 지구는 3년간 매년 10억 달러 안팎을 지원받는다.", "unit"),
    ("edu", "선정된 지구는", "선정된 지구는 3개월간 매년 10억 원 안팎을 지원받는다.", "unit"),
    ("heat", "질병관리청에 따르면", "질병관리청에 따르면 지난해 경기도의 온열질환자는 612명으로 전년보다 18.5%p 늘었다.", "unit"),
    ("export", "산업통상자원부는 2월", "산업통상자원부에 따르면 2월 수출액은 1년 전보다 4.8% 늘어난 524억 달러다.", "unit"),
    ("housing", "대출 한도도", "대출 한도도 수도권 기준 4억 원에서 4억 원으로 늘어난다.", "number"),  # one figure for another
    # bounds and directions: `최대 12개월` is not `12개월`, an increase not a decrease
    ("city", "선정된 청년은", "선정된 청년은 월 20만 원씩 12개월 동안 월세를 지원받는다.", "number"),
    ("export", "산업통상자원부는 2월", "산업통상자원부는 2월 수출액이 524억 달러로 지난해 같은 달보다 4.8% 감소했다고 1일 밝혔다.", "number"),
    ("export", "수입은", "수입은 481억 달러로 13.1% 늘었다.", "number"),
    # an approximate sum said exactly (`10억 원 안팎` -> `10억 원`)
    ("edu", "선정된 지구는", "선정된 지구는 3년간 매년 10억 원을 지원받는다.", "number"),
    # dates after resolution: another day, another month
    ("edu", "교육부는 2024년", "교육부는 8일 서울특별시가 2024년 직업교육 혁신지구에 새로 선정됐다고 밝혔다.", "date"),
    ("edu", "교육부는 2024년", "교육부는 4월 7일 서울특별시가 2024년 직업교육 혁신지구에 새로 선정됐다고 밝혔다.", "date"),
    ("housing", "바뀐 기준은", "바뀐 기준은 3월 1일 신청분부터 적용된다.", "date"),
    ("bridge", "5일 오전", "5일 오전 10시 45분께 경기 성남시 분당구 정자동의 한 교량에서 보행로 일부가 무너져 내렸다.", "date"),
    ("city", "부산시는 청년", "부산시는 ‘부산청년 주거드림’ 사업 신청을 4월 11일부터 받는다.", "date"),
    # names: organisation, title, a short reference to nobody, a programme
    ("edu", "교육청은 직업계고", "서울시는 직업계고 학생과 기업이 직접 만나는 ‘매칭데이 인 서울’ 프로그램을 연다.", "name"),
    ("export", "안덕근 산업통상자원부", "안덕근 기획재정부 장관은 “올해 수출 7천억 달러 달성을 위해 총력을 다하겠다”고 말했다.", "name"),
    ("edu", "이주호 사회부총리", "이주호 교육부 차관은 “지자체와 교육청, 대학이 힘을 모아 지역 산업에 특화된 인재를 키워 달라”고 말했다.", "name"),
    ("city", "박형준 부산시장은", "김 시장은 “청년이 떠나지 않는 부산을 만들겠다”고 말했다.", "name"),
    ("city", "부산시는 청년", "부산시는 ‘부산 청년드림’ 사업 신청을 11일부터 받는다.", "name"),
    # quotes: direct speech verbatim or not at all
    ("city", "박형준 부산시장은", "박형준 부산시장은 “청년이 떠나는 부산을 만들겠다”고 말했다.", "quote"),
    ("edu", "이주호 사회부총리", "이주호 장관은 “지자체와 교육청이 힘을 모아 인재를 키워 달라”고 말했다.", "quote"),
    ("heat", "도 관계자는", "도 관계자는 ‘낮에는 물을 자주 마셔 달라’고 당부했다.", "quote"),
    # negation: dropped while its predicate stays, or added
    ("bridge", "추가 피해자는", "추가 피해자는 발견됐다.", "negation"),
    ("bridge", "두 사람은", "두 사람은 인근 병원으로 옮겨졌으며 생명에 지장이 있는 것으로 전해졌다.", "negation"),
    ("bridge", "소방당국은", "소방당국은 구조대원 60명과 장비 20대를 투입하지 않았다.", "negation"),
    ("city", "소득이 기준", "소득이 기준 중위소득의 150%를 넘는 청년도 신청할 수 있다.", "negation"),
    ("city", "지난해 지원을", "지난해 지원을 받은 청년도 다시 신청할 수 있고 중복 지원도 받는다.", "negation"),
    ("city", "시는 지난해", "시는 지난해 신청자가 몰려 예산이 바닥나자 추가 모집을 했다.", "negation"),
    ("short", "한국은행 금융통화위원회는", "한국은행 금융통화위원회는 22일 기준금리를 연 3.50%로 동결하지 못했다.", "negation"),
    # modality: a plan written as done, and what was done written as a plan
    ("edu", "교육청은 올해", "교육청은 올해 하반기까지 기업 30곳과 협약을 맺었다.", "modality"),
    ("edu", "교육부는 내년에", "교육부는 내년에 지구당 지원액을 12억 원까지 늘렸다.", "modality"),
    ("export", "정부는 무역금융", "정부는 무역금융 공급을 지난해보다 5조 원 늘린 360조 원으로 확대했다.", "modality"),
    ("export", "반도체 업계는", "반도체 업계에 따르면 고대역폭메모리 수요가 당분간 이어졌다.", "modality"),
    ("bridge", "조사위원회는", "조사위원회는 두 달 동안 구조물 설계와 유지관리 기록을 살펴봤다.", "modality"),
    ("bridge", "국토교통부는 사고", "국토교통부는 사고 원인을 밝히기 위해 전문가 8명으로 조사위원회를 꾸릴 예정이다.", "modality"),
    ("housing", "대출 한도도", "대출 한도도 수도권 기준 3억 원에서 4억 원으로 늘어났다.", "modality"),
    ("city", "신청은 부산시", "결과는 다음 달 20일 발표됐다.", "modality"),
    ("bridge", "성남시는 사고", "성남시는 사고 직후 교량 통행을 전면 통제할 예정이다.", "modality"),
    # the main verb swapped too: the sentence's own mode is compared
    ("edu", "교육청은 올해", "교육청은 올해 하반기까지 기업 30곳과 손을 잡았다.", "modality"),
    ("city", "시는 내년에", "시는 내년에 지원 인원을 3,000명으로 키웠다.", "modality"),
]


@pytest.mark.parametrize("key, prefix, bad, kind", REFUSED, ids=[f"{r[3]}-{i}" for i, r in enumerate(REFUSED)])
def test_a_changed_fact_is_refused_and_the_source_used(key, prefix, bad, kind):
    plan = plan_of(ARTICLES[key])
    i = at(plan, prefix)
    out, report = guard(draft_of(plan, OutSentence(bad, [i], 0)), plan)
    [said] = [s for sec in out.sections for s in sec.sentences]
    assert said.text == norm(plan.sentences[i].text) and said.sources == [i] and said.highlight == 0
    assert report.fallbacks == {f"body:{kind}": 1}, report.violations
    assert report.dropped == 0 and report.violations and kind in report.violations[0]


@pytest.mark.parametrize("key, prefix, bad, kind", REFUSED, ids=[f"{r[3]}-{i}" for i, r in enumerate(REFUSED)])
def test_every_reason_starts_with_its_kind(key, prefix, bad, kind):
    plan = plan_of(ARTICLES[key])
    reasons = sentence_reasons(bad, [at(plan, prefix)], Context.of(plan))
    assert reasons and reason_kind(reasons[0]) == kind
    assert all(reason_kind(r) in REASON_KINDS for r in reasons)


# Rewrites that keep every fact: the guard must let them stand.
ALLOWED = [
    ("edu", "교육부는 2024년", "교육부는 3월 7일 서울특별시가 2024년 직업교육 혁신지구에 새로 선정됐다고 밝혔다."),
    ("edu", "교육부는 2024년", "교육부에 따르면 2024년 직업교육 혁신지구 신규 선정 결과 서울특별시가 선정됐다."),
    ("edu", "교육부는 2024년", "2024년 직업교육 혁신지구에 서울특별시가 새로 선정됐다고 교육부가 2024년 3월 7일 전했다."),
    ("edu", "선정된 지구는", "선정된 지구는 3년 동안 매년 10억원 안팎을 지원받는다."),
    ("edu", "선정된 지구는", "선정된 지구는 3년간 매년 10억 안팎을 지원받는다."),  # a unit dropped, the value cited
    ("export", "산업통상자원부는 2월", "2월 수출액은 지난해 같은 달보다 4.8% 늘어난 524억 달러라고 산업통상자원부가 3월 1일 밝혔다."),
    ("city", "선정된 청년은", "선정된 청년은 최대 12개월 동안 월 20만 원씩 월세를 지원받는다."),
    ("edu", "참여 학교는", "참여 학교는 13개 직업계고이며 학생 1200명이 현장 실습에 참여한다."),
    ("edu", "첫 행사는", "첫 행사는 2024년 5월 14일 서울 동대문디자인플라자에서 열린다."),
    ("edu", "이주호 사회부총리", "이 장관은 “지자체와 교육청, 대학이 힘을 모아 지역 산업에 특화된 인재를 키워 달라”고 말했다."),
    ("edu", "이주호 사회부총리", "이주호 교육부 장관은 지자체와 교육청, 대학이 힘을 모아 인재를 키워 달라고 당부했다."),
    ("edu", "교육청은 직업계고", "교육청은 ‘매칭데이 인 서울’ 프로그램을 열어 직업계고 학생과 기업을 잇는다."),
    ("export", "안덕근 산업통상자원부", "안덕근 산업부 장관은 “올해 수출 7천억 달러 달성을 위해 총력을 다하겠다”고 말했다."),
    ("export", "산업통상자원부는 2월", "산업부에 따르면 2월 수출액은 524억 달러로 지난해 같은 달보다 4.8% 증가했다."),
    ("edu", "교육청은 올해", "교육청은 올해 하반기까지 기업 30곳과 협약을 맺기로 했다."),
    ("housing", "바뀐 기준은", "바뀐 기준은 4월 1일 신청분부터 적용된다."),
    ("bridge", "5일 오전", "3월 5일 오전 9시 45분께 성남시 분당구 정자동의 한 교량에서 보행로 일부가 무너졌다."),
    ("bridge", "두 사람은", "두 사람은 인근 병원으로 옮겨져 치료를 받고 있다."),  # the negated clause dropped whole
    ("bridge", "추가 피해자는", "추가 피해자는 나오지 않았다."),
    ("bridge", "조사위원회는", "조사위원회는 두 달 동안 구조물 설계와 유지관리 기록을 살펴볼 계획이다."),
    ("city", "부산시는 청년", "부산시는 3월 11일부터 ‘부산청년 주거드림’ 사업 신청을 받는다."),
    ("city", "부산시는 청년", "부산시는 ‘부산청년주거드림’ 사업 신청을 11일부터 받는다."),
    ("city", "박형준 부산시장은", "박 시장은 “청년이 떠나지 않는 부산을 만들겠다”고 말했다."),
    ("city", "소득이 기준", "기준 중위소득의 150%를 넘는 소득의 청년은 신청할 수 없다."),
    ("city", "시는 내년에", "시는 내년에 지원 인원을 3,000명으로 늘리는 방안을 검토 중이다."),
    ("city", "신청은 부산시", "결과는 4월 20일 발표할 예정이다."),
    # a connective clause split off takes the tense of the clause it leaned on
    ("export", "품목별로는", "품목별로는 반도체 수출이 99억 달러로 66.7% 늘었다."),
    ("bridge", "성남시는 사고", "성남시는 사고 직후 교량 통행을 전면 통제했다."),
    ("bridge", "성남시는 사고", "성남시는 시내 교량 211곳에 대한 긴급 안전점검에 들어갔다."),
    ("bridge", "성남시는 사고", "성남시는 사고 직후 교량 통행을 모두 막았다."),  # a done source, a done rewrite
    ("city", "시는 내년에", "시는 내년에 지원 인원을 3,000명으로 키우는 방안을 살피고 있다."),
]


@pytest.mark.parametrize("key, prefix, text", ALLOWED)
def test_a_faithful_rewrite_stands(key, prefix, text):
    plan = plan_of(ARTICLES[key])
    i = at(plan, prefix)
    assert sentence_reasons(text, [i], Context.of(plan)) == []
    out, report = guard(draft_of(plan, OutSentence(text, [i])), plan)
    assert out.sections[0].sentences[0].text == text and report.fallbacks == {}


def test_a_sentence_citing_two_sources_may_use_both():
    plan = plan_of(EXPORT)
    a, b = at(plan, "산업통상자원부는 2월"), at(plan, "수입은")
    text = "2월 수출액은 524억 달러로 4.8% 늘었고 수입은 481억 달러로 13.1% 줄었다."
    assert sentence_reasons(text, [a, b], Context.of(plan)) == []
    # ...but not figures of a sentence it does not cite
    assert reason_kind(sentence_reasons(text, [a], Context.of(plan))[0]) == "number"


def test_the_lighter_form_comes_before_the_source():
    plan = plan_of(EDU)
    i = at(plan, "교육청은 올해")
    lighter = "교육청은 올해 하반기까지 기업 30곳과 협약을 맺기로 했다."
    outs = OutSentence("교육청은 올해 하반기까지 기업 30곳과 협약을 맺었다.", [i], None,
                       ["교육청은 올해 하반기까지 기업 40곳과 협약을 맺기로 했다.", lighter])
    out, report = guard(draft_of(plan, outs), plan)
    said = out.sections[0].sentences[0]
    assert said.text == lighter and said.fallbacks == []
    assert report.fallbacks == {"body:modality": 1, "body:number": 1}


def test_nothing_is_dropped_silently():
    plan = plan_of(EDU)
    good = OutSentence(norm(plan.sentences[0].text), [0])
    for sources in ([], [999]):
        out, report = guard(draft_of(plan, good, OutSentence("교육부는 13개 지구를 선정했다.", sources)), plan)
        assert [s.text for s in out.sections[0].sentences] == [good.text]
        assert report.dropped == 1 and report.fallbacks == {"body:citation": 1}


def test_title_excerpt_and_headings_fall_back_to_safe_forms():
    plan = plan_of(EDU)
    body = OutSentence(norm(plan.sentences[0].text), [0])
    d = Draft("test", "교육부, 서울 직업교육 혁신지구 선정…3년간 20억 원 지원", "교육부는 4월 7일 서울특별시를 선정했다…",
              [Section("지원 규모 20억 원", [body], heading_fallbacks=["선정 결과 발표"])],
              title_fallbacks=["산업부, 서울 직업교육 혁신지구 선정", "교육부, 서울 직업교육 혁신지구 선정…3년간 10억 원 지원"],
              excerpt_fallbacks=["교육부는 3월 7일 서울특별시를 혁신지구로 선정했다…"])
    out, report = guard(d, plan)
    assert out.title == "교육부, 서울 직업교육 혁신지구 선정…3년간 10억 원 지원"
    assert out.excerpt == "교육부는 3월 7일 서울특별시를 혁신지구로 선정했다…"
    assert out.sections[0].heading == "선정 결과 발표"
    assert report.fallbacks == {"title:number": 1, "title:name": 1, "excerpt:date": 1, "heading:number": 1}
    # no safe form at all: the source headline, an empty excerpt; never an invented figure
    out, _ = guard(dataclasses.replace(d, title_fallbacks=[], excerpt_fallbacks=[]), plan)
    assert out.title == norm(EDU.title) and out.excerpt == ""


def test_a_title_keeps_the_lead_s_negation_and_modality():
    from pipeline.guard import title_reasons

    ctx = Context.of(plan_of(EXPORT))
    assert title_reasons("2월 수출 524억 달러…지난해보다 4.8% 증가", ctx) == []
    assert title_reasons("산업부 “2월 수출 4.8% 늘었다”", ctx)[0].startswith("quote")
    assert reason_kind(title_reasons("2월 수출 4.8% 증가하지 않아", ctx)[0]) == "negation"
    assert reason_kind(title_reasons("2월 수출 524억 달러로 4.8% 증가할 전망", ctx)[0]) == "modality"
    ctx = Context.of(plan_of(BRIDGE))
    assert title_reasons("분당 교량 보행로 붕괴…2명 중상, 생명에는 지장 없어", ctx) == []
    assert reason_kind(title_reasons("분당 교량 붕괴…2명 생명에 지장 있어", ctx)[0]) == "negation"


def test_whole_parts_are_held_to_the_whole_source():
    ctx = Context.of(plan_of(EXPORT))
    assert whole_reasons("2월 수출 524억 달러…대미 수출 102억 달러", ctx) == []
    assert reason_kind(whole_reasons("2월 수출 524억 원", ctx)[0]) == "unit"
    assert reason_kind(whole_reasons("4월 수출 524억 달러", ctx)[0]) == "date"
    assert reason_kind(whole_reasons("안덕근 장관 “수출 7천억 달러 자신”", ctx)[0]) == "quote"
    assert whole_reasons("안덕근 장관 “수출 7천억 달러 달성”", ctx) == []  # a piece of the quote, verbatim
    assert whole_reasons("안덕근 장관 “올해 수출 7천억 달러 달성을 위해 총력을 다하겠다”", ctx) == []


def test_number_in_an_agreeing_date_is_not_a_number():
    ctx = Context.of(plan_of(EDU))
    # `3월` is nowhere in the cited sentence, but `3월 7일` is its `7일`.
    assert sentence_reasons("교육부는 3월 7일 서울특별시가 선정됐다고 밝혔다.", [0], ctx) == []
    assert reason_kind(sentence_reasons("교육부는 3월 서울특별시 3곳이 선정됐다고 밝혔다.", [0], ctx)[0]) == "number"


def test_a_day_word_named_at_its_sentences_own_clock_time_stands():
    art = Article(url="https://news.example.kr/brief/7", title="구청 정례 브리핑", published=PUB,
                  blocks=[_p("오늘 주민 공청회가 오후 3시 구청 대강당에서 열립니다. "
                             "구는 공청회에서 나온 의견을 정리해 다음 달 계획에 반영합니다. "
                             "접수 창구는 오후 6시에 닫습니다.")])
    plan = plan_of(art)
    ctx, i = Context.of(plan), at(plan, "오늘 주민")
    day = f"{PUB.month}월 {PUB.day}일"
    assert sentence_reasons(f"주민 공청회가 {day} 오후 3시 구청 대강당에서 열린다.", [i], ctx) == []
    # A clock time the sentence does not say, or a day it does not mean, still fails.
    assert reason_kind(sentence_reasons(f"주민 공청회가 {day} 오후 4시 구청 대강당에서 열린다.", [i], ctx)[0]) == "date"
    other = f"{PUB.month}월 {PUB.day + 1}일"
    assert reason_kind(sentence_reasons(f"주민 공청회가 {other} 오후 3시 구청 대강당에서 열린다.", [i], ctx)[0]) == "date"
    # A title or excerpt too, but only with the clock words of the day's own sentence.
    assert whole_reasons(f"주민 공청회 {day} 오후 3시 구청 대강당서", ctx) == []
    assert reason_kind(whole_reasons(f"주민 공청회 {day} 오후 6시 구청 대강당서", ctx)[0]) == "date"


def test_a_year_the_source_says_once_is_not_said_for_two_figures():
    art = Article(url="https://news.example.kr/ai/9", title="AI 이용률 목표", published=PUB,
                  blocks=[_p("정부는 국민의 AI 이용률을 작년 40%에서 올해 55%로 높인다는 구상이다. "
                             "공공 부문 도입률도 함께 끌어올린다.")])
    plan = plan_of(art)
    ctx, i = Context.of(plan), at(plan, "정부는 국민의")
    last, this = PUB.year - 1, PUB.year
    assert sentence_reasons(f"정부는 국민의 AI 이용률을 {last}년 40%에서 {this}년 55%로 높인다는 구상이다.", [i], ctx) == []
    # Each year is the source's, but 40% is now pinned to this year: refused.
    reasons = sentence_reasons(f"정부는 국민의 AI 이용률을 {this}년 40%에서 {this}년 55%로 높인다는 구상이다.", [i], ctx)
    assert reasons and reason_kind(reasons[0]) == "date"


@pytest.mark.parametrize("key", sorted(ARTICLES))
def test_composed_posts_pass_the_audit(key):
    art = ARTICLES[key]
    plan = plan_of(art)
    post = compose(art, plan.facts, ComposeSettings(), item_id="x", source_label="t")
    assert audit(post, plan) == []


def test_audit_names_every_departure():
    art = EXPORT
    plan = plan_of(art)
    post = compose(art, plan.facts, ComposeSettings(), item_id="x", source_label="t")
    bad = dataclasses.replace(post, title="2월 수출 5.9% 증가", description="무역수지는 44억 달러 흑자를 기록했다.",
                              tags=["수출 3천억"])
    wheres = [r.split(":", 1)[0] for r in audit(bad, plan)]
    assert wheres == ["title", "description", "tags"]
    f = post.facts[0]
    bad = dataclasses.replace(post, facts=[dataclasses.replace(f, start=f.start + 1, end=f.end + 1)])
    assert [r.split(":", 1)[0] for r in audit(bad, plan)] == ["facts"]


def test_an_unchanged_draft_never_runs_the_analyser():
    plan = plan_of(HOUSING)
    draft = ExtractiveEngine(__import__("pipeline.config", fromlist=["Config"]).Config(feeds=[])).rewrite(plan)
    before = korean.stats()
    out, report = guard(draft, plan)
    assert korean.stats() == before
    assert report.fallbacks == {} and out == dataclasses.replace(draft, title_fallbacks=[], excerpt_fallbacks=[])


def test_cited_sentences_analysed_by_the_engine_are_not_analysed_again():
    plan = plan_of(BRIDGE)
    i = at(plan, "추가 피해자는")
    korean.tokens(plan.texts[i])  # as an engine analyses the sentences it rewrites
    before = korean.stats()
    guard(draft_of(plan, OutSentence("추가 피해자는 새로 나오지 않았다.", [i])), plan)
    after = korean.stats()
    assert after["analysed"] - before["analysed"] == 1  # the rewrite only
    shape = lambda toks: [(t.form, t.tag, t.start, t.len) for t in toks]  # noqa: E731
    assert shape(korean.tokens(plan.texts[i])) == shape(korean.kiwi().tokenize(plan.texts[i]))


def test_guard_is_deterministic():
    plan = plan_of(CITY)
    outs = [OutSentence(t, [at(plan, p)]) for p, t in [
        ("부산시는 청년", "부산시는 3월 11일부터 ‘부산청년 주거드림’ 사업 신청을 받는다."),
        ("시는 지난해", "시는 지난해 신청자가 몰려 예산이 바닥나자 추가 모집을 했다."),
        ("신청은 부산시", "결과는 다음 달 20일 발표됐다.")]]
    first = guard(draft_of(plan, *outs), plan)
    again = guard(draft_of(plan_of(CITY), *[dataclasses.replace(o) for o in outs]), plan_of(CITY))
    assert first == again
    assert first[1].fallbacks == {"body:negation": 1, "body:modality": 1}


def test_a_title_rule_that_invents_a_figure_falls_back():
    from pipeline.config import TitleRule

    s = ComposeSettings(title_rules=[TitleRule(r"^", "[2배] ")])
    post = compose(HEAT, hand_facts(HEAT, "heat"), s, item_id="x", source_label="t")
    assert "2배" not in post.title and post.title


# -- copying ---------------------------------------------------------------------


def test_spacing_and_digit_commas_are_not_rewording():
    plan = plan_of(EDU)
    body = [re.sub(r"(?<=\d),(?=\d)", "", plan.texts[i]).replace(" ", "") for i in plan.texts
            if len(plan.texts[i]) > 30 and "“" not in plan.texts[i]]
    m = copy_metrics(body, plan)
    assert m.share == 1.0 and m.verbatim == 1.0
    assert m.longest == max(len(t) for t in body)


def test_rewritten_words_are_not_copying():
    plan = plan_of(EDU)
    m = copy_metrics(["서울이 새 혁신지구가 됐다. 해마다 10억 원 안팎이 3년 동안 들어간다."], plan)
    assert m.share == 0.0 and m.longest < 20 and m.verbatim == 0.0


def test_direct_speech_is_not_counted_as_copying():
    plan = plan_of(EDU)
    quote = "“지자체와 교육청, 대학이 힘을 모아 지역 산업에 특화된 인재를 키워 달라”"
    m = copy_metrics([f"이 장관은 {quote}고 당부했다."], plan)
    assert m.share == 0.0 and m.longest < 20
    # the same words outside quotation marks are copying
    m = copy_metrics([quote.strip("“”") + "고 이 장관이 당부했다."], plan)
    assert m.share >= 0.7 and m.longest >= 30


def test_longest_run_is_a_run_the_source_holds_whole():
    plan = plan_of(EXPORT)
    src = plan.texts[at(plan, "반도체 업계는")].replace(" ", "")
    other = plan.texts[at(plan, "대미 수출은")].replace(" ", "")
    copied = src[:25]
    m = copy_metrics([f"한편{copied}새말"], plan)
    assert m.longest == 25 and m.share == pytest.approx(25 / (len(copied) + 4))
    # two runs from different places, end to end: all copied, but no 40-character run of the source
    glued = src[:20] + other[:20]
    m = copy_metrics([glued], plan)
    assert m.share == 1.0 and 20 <= m.longest < 40


def test_scan_tries_every_position_a_token_can_start_at():
    # scan_numbers only tries the token pattern where a token can begin (a
    # digit, or a word start with a numeral's first letter); a new branch
    # with other first letters would be missed silently. Compare with the
    # pattern run over every position.
    rng = random.Random(11)
    alphabet = list("0123456789,. ~-%수몇일이삼사오육칠팔구십백천만억조한두세네다섯여열스무물서른마흔쉰예순아흔하루틀흘닷새"
                    "엿레보름곳명개가지번달해시간월배대분주원러엔표가나") + ["１", "\n", "ᄒ", "ᅡ", "ᆫ"]
    texts = [o.text for a in ALL.values() for o in a.blocks]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 24))) for _ in range(20000)]
    for text in texts:
        text = text + " " * 65 if len(text) <= 64 else text  # past the short-string cache
        norm = unicodedata.normalize("NFC", text)
        want = [(m.start(), m.end(), m.group(0)) for m in fidelity._TOKEN.finditer(norm)]
        assert [(t.start, t.end, t.raw) for t in scan_numbers(text)] == want, text


# -- end to end: the run report and `show` ------------------------------------


class TamperingEngine:
    """An engine that states figures its source does not: every body sentence
    with a number gets a tenfold figure (its untouched text offered as the
    lighter form), the title an invented amount. Registered under its own
    name in the real engine registry, so the run goes through the real chain."""

    name = "tampering"

    def __init__(self, cfg):
        self.inner = ExtractiveEngine(cfg)

    def rewrite(self, plan):
        d = self.inner.rewrite(plan)
        for sec in d.sections:
            for s in sec.sentences:
                m = re.search(r"(?<![\d,.])\d+(?![\d,.])", s.text)
                if m:
                    s.fallbacks = [s.text]
                    s.text = s.text[:m.end()] + "0" + s.text[m.end():]
        return dataclasses.replace(d, engine=self.name, title=d.title + " 999억 원")


def test_fallbacks_and_copy_ceiling_reach_the_run_report_and_show(tmp_path, monkeypatch, capsys):
    from faultserver import FaultServer
    from sitefixture import config_for, serve_samples

    from pipeline import cli
    from pipeline import config as config_mod
    from pipeline.rewrite import ENGINES
    from pipeline.run import ingest

    monkeypatch.setitem(ENGINES, "tampering", "test_guard:TamperingEngine")
    with FaultServer() as srv:
        site = serve_samples(srv)
        raw = config_for(site, tmp_path, rewrite={"engine": "tampering", "copy_ceiling": 0.5})
        cfg_path = tmp_path / "config.yaml"
        cfg_path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        report = ingest(config_mod.load(cfg_path), workers=1)
    written = [i for i in report.items if i.status == "written"]
    assert written and all(i.engine == "tampering" for i in written)
    summary = report.to_dict()["rewrite"]
    # every tampered title fell back to the source headline, every tampered figure to the lighter form
    assert summary["fallbacks"]["title:number"] == len(written)
    assert summary["fallbacks"]["body:number"] == sum(i.guard["fallbacks"].get("body:number", 0) for i in written) > 0
    assert all(i.guard["verbatim_share"] == 1.0 and i.guard["dropped"] == 0 for i in written)
    # the extractive wording is all copying: every post is over a 0.5 ceiling
    assert summary["over_copy_ceiling"] == len(written) and all(i.guard["copy_share"] > 0.5 for i in written)
    line = report.summary()
    assert re.search(r"guard fallbacks [a-z ,0-9]*number \d+", line) and f"{len(written)} over the copy ceiling 0.5" in line
    posts = [p.read_text(encoding="utf-8") for p in (tmp_path / "out").rglob("*.md")]
    assert posts and not any("999억" in p for p in posts)

    capsys.readouterr()
    assert cli.main(["show", written[0].id[:8], "--config", str(cfg_path)]) == 0
    screen = capsys.readouterr().out
    assert re.search(r"copy\s+\d+% of the body in runs of 20\+ characters of the source, longest \d+; ceiling 50% \(over\)",
                     screen), screen
    assert re.search(r"guard\s+.*title:number 1", screen), screen
    assert cli.main(["show", written[0].id[:8], "--json", "--config", str(cfg_path)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["rewrite"]["guard"]["fallbacks"]["title:number"] == 1
    copy = shown["copy"]
    assert copy["share"] > 0.5 and copy["ceiling"] == 0.5 and copy["over_ceiling"] is True
    assert copy["longest_run"] >= 20 and copy["verbatim_sentences"] == 1.0


# -- real articles (read at run time, never copied) ------------------------------


def _shared() -> "Path | None":
    from pathlib import Path

    for p in (Path(__file__).resolve().parents[1].parent / "shared", Path("/work/shared")):
        if (p / "real-corpus" / "articles.jsonl").is_file():
            return p
    return None


def test_every_real_source_sentence_passes_every_check_against_itself():
    """No false refusal where nothing changed: each check, run without the
    unchanged-sentence shortcut, finds nothing wrong with a source sentence
    citing itself, nor with the article's own headline."""
    import os
    from datetime import datetime

    from pipeline.errors import ComposeError
    from pipeline.guard import SENTENCE_CHECKS
    from pipeline.models import KST, Block

    shared = _shared()
    if shared is None:
        if os.environ.get("REQUIRE_SHARED") == "1":
            pytest.fail("../shared/real-corpus/ is absent but REQUIRE_SHARED=1")
        pytest.skip("../shared/real-corpus/ is absent (real articles are read at run time only)")
    checked = 0
    refused = []
    for line in (shared / "real-corpus" / "articles.jsonl").read_text(encoding="utf-8").splitlines():
        a = json.loads(line)
        pub = datetime.fromisoformat(a["published"]) if a.get("published") else PUB
        pub = pub if pub.tzinfo else pub.replace(tzinfo=KST)
        art = Article(a["url"], a.get("title") or "", [Block("p", t) for t in a["text"].split("\n\n")], published=pub)
        try:
            plan = plan_of(art)
        except ComposeError:
            continue
        ctx = Context.of(plan)
        for i, text in plan.texts.items():
            for check in SENTENCE_CHECKS:
                checked += 1
                refused += [(a["id"], r) for r in check(text, [i], ctx)]
        if art.title:
            refused += [(a["id"], r) for r in whole_reasons(art.title, ctx)]
    assert checked > 1000 and refused == []


def test_the_guard_accepts_a_bodys_own_name_only_where_the_source_gives_it():
    from pipeline.guard.surface import name_reasons

    said = "과기정통부는 연구소 10곳을 선정한다."
    assert name_reasons(said, "과기부는연구소10곳을선정한다.", "", None,
                        "과학기술정보통신부는…과기부는연구소10곳을선정한다.") == []
    assert name_reasons(said, "과기부는연구소10곳을선정한다.", "", None, "과기부는연구소10곳을선정한다.")


def test_a_quote_given_its_verb_stands_but_its_plan_may_not_become_done():
    # a page cut off after the quote: the rules say it with `…고 말했다`
    art = Article(url="https://news.example/q", title="환경부, 친환경 학교 100곳 선정", published=PUB, blocks=[
        _p("환경부는 친환경 학교 100곳을 새로 선정했다고 7일 밝혔다. "
           "김철수 환경부 장관은 “학교가 탄소중립의 출발점이 되도록 끝까지 지원하겠다”")])
    plan = plan_of(art)
    i, ctx = at(plan, "김철수"), Context.of(plan)
    assert sentence_reasons("김철수 환경부 장관은 “학교가 탄소중립의 출발점이 되도록 끝까지 지원하겠다”고 말했다.",
                            [i], ctx) == []
    # said as a thing done, it is refused: the plan is the quote's own
    done = sentence_reasons("김철수 환경부 장관은 학교가 탄소중립의 출발점이 되도록 끝까지 지원했다고 말했다.", [i], ctx)
    assert done and reason_kind(done[0]) == "modality", done


def test_a_plan_named_by_what_it_is_plans_nothing_but_a_plan_said_done_is_refused():
    art = Article(url="https://news.example/r", title="국토부, 철도망 계획 발표", published=PUB, blocks=[
        _p("국토부는 2030년까지 철도 확장 계획을 발표했다. 국토부는 내년에 노선 3곳을 확장할 계획이다.")])
    plan = plan_of(art)
    ctx = Context.of(plan)
    # `확장 계획인 제4차 …계획안을`: the name of what was put out, no plan of its own
    said = sentence_reasons("국토부는 2030년까지 철도 확장 계획인 철도망 구축계획안을 발표했다.",
                            [at(plan, "국토부는 2030년")], ctx)
    assert said == [], said
    done = sentence_reasons("국토부는 내년에 노선 3곳을 확장했다.", [at(plan, "국토부는 내년에")], ctx)
    assert done and reason_kind(done[0]) == "modality", done
