"""The plan never says a sentence that points back (`이를 위해`, `이에 따라`,
`이 가운데` …) without the sentence it points at right before it: that
sentence is added when cheap, else the pointing one goes; a section never
starts with one. Articles written for these tests, planned by the real
plan with the real fact extractor.
"""
from __future__ import annotations

from datetime import datetime

import pytest

from pipeline.config import ComposeSettings
from pipeline.facts import extract_facts
from pipeline.models import KST, Article, Block
from pipeline.plan import make_plan, is_anaphoric
from pipeline.sentences import split_blocks

PUB = datetime(2024, 9, 2, 9, 0, tzinfo=KST)

BUS = [
    "광주시는 내년부터 65세 이상 어르신 12만 명에게 시내버스 요금을 전액 지원한다고 2일 밝혔다.",
    "시는 이 사업에 해마다 180억 원을 들인다.",
    "대상자는 주소지 행정복지센터에서 교통카드를 새로 발급받아야 한다.",
    "시는 교통카드 발급 창구도 늘리기로 했다.",  # plain, few facts: a section's limit passes it over
    "이를 위해 시는 10월까지 창구 직원 46명을 뽑고 예산 3억 원을 쓴다.",  # ...but this points at it
    "시민 의견은 9월 30일까지 누리집에서 받으며 설명회는 10월 7일 시청에서 연다.",
]


def plan_of(sentences: list[str], **settings):
    art = Article(url="https://news.example.kr/city/8801", title="광주 어르신 버스요금 무료", published=PUB,
                  blocks=[Block("p", t) for t in sentences])
    sents = split_blocks(art.blocks)
    return make_plan(art, extract_facts(art.text, sents, PUB), ComposeSettings(**settings), sents)


def said(plan) -> list[list[int]]:
    return [s.chosen for s in plan.sections]


def assert_referents_said(plan):
    """Every chosen sentence that points back comes right after the usable
    sentence before it, in its own section."""
    order = sorted(plan.texts)
    for sec in plan.sections:
        for k, i in enumerate(sec.chosen):
            if is_anaphoric(plan.texts[i]) and order.index(i) > 0:
                prev = order[order.index(i) - 1]
                assert k > 0 and sec.chosen[k - 1] == prev, (plan.texts[i], said(plan))


@pytest.mark.parametrize("text", [
    "이를 위해 시는 직원을 뽑는다.", "이를 통해 청년 일자리를 늘린다.", "이에 따라 요금이 오른다.",
    "이 가운데 3곳은 서울에 있다.", "이는 지난해보다 5% 늘어난 규모다.", "이같은 조치는 처음이다.",
    "이와 함께 시는 설명회를 연다.", "그러면서 그는 협조를 당부했다.", "이 때문에 공사가 늦어졌다.",
    "또한 이들은 다음 달 회의를 연다.", "이중 절반은 청년이다.", "해당 기업은 10억 원을 받는다.",
    "특히 이를 위해 예산을 늘린다.", "이후 5년마다 다시 지정한다.", "이후, 시는 공청회를 연다.",
    # Subjectless: it says what the sentence before it was.
    "올해 구 전체 예산의 3.2%를 차지하는 수치다.", "지난해보다 18% 늘어난 규모다.", "도내에서 처음 시도되는 것이다.",
])
def test_openers_that_point_back(text):
    assert is_anaphoric(text)


@pytest.mark.parametrize("text", [
    "이번 사업은 3년간 이어진다.", "이주호 장관은 협조를 당부했다.", "이달 말까지 신청을 받는다.",
    "이후 일정은 정해지지 않았다.", "그동안 지원이 없었다.", "시는 이를 위해 직원을 뽑는다.",
    "이용자는 1만 명이다.", "이들레 마을에서 축제가 열린다.",
    "이번 예산은 구 전체 예산의 3.2%를 차지하는 규모다.", "구가 직접 운영하는 것이다.",
    "지원 규모는 지난해보다 늘었다.",
])
def test_openers_that_do_not(text):
    assert not is_anaphoric(text)


def test_the_sentence_pointed_at_is_added_when_cheap():
    plan = plan_of(BUS, sentences_per_section=2)
    chosen = [i for ids in said(plan) for i in ids]
    assert 4 in chosen and 3 in chosen and chosen.index(3) + 1 == chosen.index(4)
    assert_referents_said(plan)


def test_the_pointing_sentence_goes_when_its_referent_does_not_fit():
    # A short budget: the sentence pointed at cannot be added, so the one
    # pointing at it is not said either (never a dangling `이를 위해`).
    plan = plan_of(BUS, sentences_per_section=2, summary_min_source=100, summary_ratio=0.5)
    chosen = [i for ids in said(plan) for i in ids]
    assert 4 not in chosen and 3 not in chosen
    assert chosen[:2] == [0, 1]  # the lead's first sentences stay
    assert_referents_said(plan)


def test_a_repeat_is_not_brought_back_to_be_pointed_at():
    # The sentence before `이에 따라` repeats the lead almost word for word:
    # the redundancy filter left it out, and it is not brought back.
    lead = "부산시는 다음 달부터 청년 2천 명에게 월세를 최대 20만 원씩 지원한다고 5일 밝혔다."
    text = [lead, "지원 기간은 최대 12개월이며 소득 기준을 넘는 청년은 신청할 수 없다.",
            "신청은 부산시 누리집에서 받고 결과는 10월 20일 발표한다.",
            "부산시는 다음 달부터 청년 2천 명에게 월세를 최대 20만 원씩 지원한다.",
            "이에 따라 청년 1인 가구의 주거비 부담이 해마다 240만 원가량 줄어든다.",
            "시는 내년에 지원 인원을 3천 명으로 늘리는 방안도 검토하고 있다."]
    plan = plan_of(text)
    chosen = [i for ids in said(plan) for i in ids]
    assert 3 not in chosen and 4 not in chosen
    assert_referents_said(plan)


def test_a_section_never_starts_with_a_sentence_pointing_back():
    # Two topics; the sentence where the second one starts points back at the
    # first (`이에 따라`): the cut goes elsewhere, so it keeps its referent.
    text = ["교육청은 올해 직업계고 13곳에 실습 장비 구입비 26억 원을 지원한다고 4일 밝혔다.",
            "학교마다 2억 원 안팎을 받아 용접과 전기 실습실의 장비를 바꾼다.",
            "장비 교체는 11월까지 마친다.",
            "이에 따라 기업 현장 실습에 나서는 학생 1천200명의 안전 교육도 강화된다.",
            "학생들은 실습 전에 8시간의 안전 교육을 반드시 받아야 한다.",
            "현장 실습 기업은 안전 점검을 받은 곳 150곳으로 제한된다."]
    plan = plan_of(text)
    assert len(plan.sections) == 2
    for sec in plan.sections:
        assert not is_anaphoric(plan.texts[sec.members[0]])
    assert 3 in [i for ids in said(plan) for i in ids]
    assert_referents_said(plan)


@pytest.mark.parametrize("per_section", [1, 2, 3, 6])
def test_referents_hold_under_any_section_limit(per_section):
    for budget in ({}, {"summary_min_source": 100, "summary_ratio": 0.5}):
        assert_referents_said(plan_of(BUS, sentences_per_section=per_section, **budget))


PARK = [
    "부산시가 북항 부지에 공연장과 박물관을 갖춘 문화 지구를 만든다고 2일 밝혔다.",
    "총사업비는 1조 원으로, 국비 3천억 원과 시비 2천억 원, 민간 투자 5천억 원으로 마련한다.",
    "시는 2028년 공사를 시작해 2030년 문을 열 계획이다.",
    "중심 시설은 2,500석 규모의 대공연장과 800석 규모의 중공연장을 갖춘 아트센터다.",
    "시는 국제 설계 공모로 내년 9월까지 설계자를 뽑는다.",
    "박물관에는 부산항 150년의 역사를 담은 상설 전시관과 어린이 체험관이 들어선다.",
    "바다를 따라서는 산책로와 수변 공원이 조성된다. 공원 면적은 축구장 16개 크기인 11만 5천㎡다.",
    "해양수산부와 부산항만공사도 힘을 보탠다.",
    "부지 조성과 방파제 보강에 드는 1,100억 원은 부산항만공사가 2027년까지 부담한다.",
    "시는 개장 이후 연간 방문객 800만 명과 일자리 6,400개를 기대하고 있다.",
    "원도심 상인들은 기대와 걱정을 함께 내놓았다.",
    "시는 12월 3일 시청에서 시민 설명회를 열고 의견을 모은다.",
]


def test_a_part_of_what_the_sentence_before_introduced_is_said_after_it():
    plan = plan_of(PARK, summary_ratio=0.5, summary_min_source=100)
    order = [i for sec in plan.sections for i in sec.chosen]
    area = next(i for i in plan.texts if plan.texts[i].startswith("공원 면적은"))
    assert len(order) < len(plan.texts)  # the plan cuts this article
    # Said only right after the park it measures (here the park is not said, so neither is its area).
    assert area not in order or order[order.index(area) - 1] == area - 1, [plan.texts[i] for i in order]


def test_a_sentence_saying_what_the_one_before_was_stays_in_its_section():
    # Paragraph breaks too few for even sections: the cuts fall between
    # sentences, never before the subjectless `…수치다` that says what the
    # lead's budget was.
    paras = [["구는 올해 청년 창업 지원 예산을 640억 원으로 확정했다고 3일 밝혔다."],
             ["창업 공간 지원 예산은 지난해보다 120억 원 늘어난 210억 원이다.",
              "구 전체 예산의 7.5%를 차지하는 수치다."],
             ["구는 창업 공간 다섯 곳을 새로 열고 입주 기업에 임대료를 지원한다."],
             ["입주 기업은 최대 2년간 사무실을 무료로 쓴다."],
             ["창업 교육은 4월부터 구청 별관에서 열린다."],
             ["교육 과정은 마케팅과 회계, 투자 유치 등 12개로 짜였다.",
              "수료생에게는 사업화 자금 500만 원을 준다.",
              "구는 하반기에 투자 설명회도 두 차례 연다."],
             ["신청은 3월 31일까지 구 누리집에서 받는다."]]
    art = Article(url="https://news.example.kr/city/8802", title="구 청년 창업 예산 확정", published=PUB,
                  blocks=[Block("p", " ".join(p)) for p in paras])
    sents = split_blocks(art.blocks)
    plan = make_plan(art, extract_facts(art.text, sents, PUB), ComposeSettings(), sents)
    assert len(plan.sections) > 1
    for sec in plan.sections:
        assert not is_anaphoric(plan.texts[sec.members[0]])
    assert 2 in [i for ids in said(plan) for i in ids]
    assert_referents_said(plan)


BRIEFING = [
    "과학기술정보통신부는 이번 주 주요 일정을 21일 발표했다.",
    "22일에는 인공지능 반도체 협의회 출범식이 서울 코엑스에서 있습니다.",
    "같은 날, 해양바이오 거점연구소 운영방안 논의가 있습니다.",
    "해양바이오 거점연구소 현장 방문을 통해서 해양바이오 거점연구소 운영방안을 논의합니다.",
    "24일에는 월드IT쇼가 코엑스에서 개막합니다.",
]


def test_a_detail_naming_no_one_is_said_with_the_lead_in_that_names_its_day():
    plan = plan_of(BRIEFING)
    chosen = [i for ids in said(plan) for i in ids]
    # the selection passes the lead-in over as a repeat of its detail; said
    # alone, the detail has no day and nothing that is held
    assert 3 in chosen and 2 in chosen and chosen.index(2) + 1 == chosen.index(3), said(plan)


def test_a_repeat_that_names_its_own_subject_is_still_dropped():
    plan = plan_of([*BRIEFING[:3], "해양바이오 거점연구소 운영방안 논의는 연구소 현장에서 있습니다.", *BRIEFING[4:]])
    chosen = [i for ids in said(plan) for i in ids]
    assert not (2 in chosen and 3 in chosen), said(plan)
