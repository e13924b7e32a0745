"""A deck or a table's title run into the text (a headline's noun phrase
with no sentence ending) is never said: the plan neither chooses it nor
counts it in the lead, and the story's sentences say its facts whole.
Articles written for these tests, planned by the real plan with the real
fact extractor."""
from __future__ import annotations

from datetime import datetime

import pytest

from pipeline.config import ComposeSettings
from pipeline.facts import extract_facts
from pipeline.models import KST, Article, Block
from pipeline.plan import is_fragment, make_plan
from pipeline.sentences import split_blocks

PUB = datetime(2024, 9, 2, 9, 0, tzinfo=KST)

DECKED = [
    "청년 월세 지원 대상 작년보다 30% 확대",
    "광주시는 내년부터 청년 1만 2천 명에게 월세를 최대 20만 원씩 지원한다고 2일 밝혔다.",
    "지원 대상은 작년보다 30% 늘었다.",
    "시는 이 사업에 해마다 240억 원을 들인다.",
    "신청은 10월 1일부터 누리집에서 받는다.",
]


def plan_of(sentences: list[str]):
    art = Article(url="https://news.example.kr/city/9901", title="광주 청년 월세 지원 확대", published=PUB,
                  blocks=[Block("p", t) for t in sentences])
    sents = split_blocks(art.blocks)
    return make_plan(art, extract_facts(art.text, sents, PUB), ComposeSettings(), sents)


def test_a_deck_is_neither_said_nor_the_lead():
    plan = plan_of(DECKED)
    chosen = [plan.texts[i] for s in plan.sections for i in s.chosen]
    assert DECKED[0] not in chosen
    assert plan.texts[plan.lead[0]] == DECKED[1]
    assert DECKED[2] in chosen  # the deck's figure, said as a sentence


@pytest.mark.parametrize("text", [
    "창업지원 규모 작년 대비 40% 증가",
    "전년대비 25%↑...수요 큰 분야 중심 지원",
    "도서관 3곳 신규 건립 추진",
    "'청년 주간' 등 개최로 참가자 5만명 목표…\"역량 집중\"",
    "2025년 시 문화 부문 신규 예산",
    "(5건: 도심선 연장, 외곽선 연결 사업 등)(3,000억 원)",  # a flattened table's cells
])
def test_headline_fragments(text):
    assert is_fragment(text)


@pytest.mark.parametrize("text", [
    "시는 도서관 3곳을 새로 짓는다.",
    "지원 대상은 120명입니다",
    "구는 올해 청년 쉼터 두 곳을 새로 연다",
    "시장은 “청년이 머무는 도시를 만들겠다”",  # a quote's own ending is a sentence's
    "o (청년) 월세 지원 확대",  # a bullet: the engines' rules judge it
    "1. 월세 지원 확대",
    "- 월세 지원 확대",
    "(시 제공) 2025.3.17/시청",  # a credit: text outside its bracket, the engines' to judge
])
def test_sentences_and_list_items_are_not_fragments(text):
    assert not is_fragment(text)
