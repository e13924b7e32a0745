"""Modality held clause by clause: a rewritten clause is anchored to the
source clause holding the same figures, time words or verb, and keeps that
clause's mode, even where the source has clauses of both modes and the
rewrite swapped the verb. Sentences written for these tests; the real
Korean analyser (kiwipiepy) reads them.
"""
from __future__ import annotations

from datetime import datetime

import pytest

from pipeline.config import ComposeSettings
from pipeline.facts import extract_facts
from pipeline.guard import guard, norm, reason_kind
from pipeline.guard.morph import anchor, modality_reasons, read
from pipeline.models import KST, Article, Block, Draft, OutSentence, Section
from pipeline.plan import make_plan
from pipeline.sentences import split_blocks

TWO_MODES = "시는 올해 대여소 50곳을 세웠고, 연말까지 150곳을 더 설치할 계획이다."
MEETINGS = "시는 지난달 공청회를 열었고, 다음 달 설명회를 열 예정이다."

# (source, rewrite): the rewrite flips the mode of what it restates.
REFUSED = [
    # one clause of a two-mode source, the verb swapped: anchored by figures and time words
    (TWO_MODES, "연말까지 150곳이 더 들어섰다."),
    (TWO_MODES, "올해 대여소 50곳이 들어설 예정이다."),
    (MEETINGS, "다음 달 설명회가 개최됐다."),
    (MEETINGS, "지난달 공청회를 개최할 예정이다."),
    # -기로 했다 is a decision to do, not a thing done
    ("시는 대여소 150곳을 더 설치하기로 했다.", "시는 대여소 150곳을 더 설치했다."),
    ("시는 대여소 150곳을 더 설치하기로 했다.", "시는 대여소 150곳을 더 세웠다."),
    # 예정이다, 방침이다, -한다는 방침이다
    ("시는 다음 달 공청회를 열 예정이다.", "시는 다음 달 공청회를 개최했다."),
    ("시는 대여소 150곳을 더 설치할 방침이다.", "시는 대여소 150곳을 더 마련했다."),
    ("시는 핵심기술을 조속히 확보한다는 방침이다.", "시는 핵심기술을 조속히 마련했다."),
    # 검토 중이다, 검토하고 있다
    ("시는 요금 인하를 검토 중이다.", "시는 요금을 내렸다."),
    ("시는 요금 인하를 검토하고 있다.", "시는 요금을 인하했다."),
    # passive swaps: not yet done <-> done
    ("대여소 150곳이 연말까지 설치된다.", "대여소 150곳이 연말까지 설치됐다."),
    ("대여소 150곳이 연말까지 설치된다.", "대여소 150곳이 연말까지 들어섰다."),
    ("대여소 150곳이 설치됐다.", "대여소 150곳이 설치된다."),
    # done written as planned, the verb swapped
    ("시는 지난달 공청회를 열었다.", "시는 지난달 공청회를 개최할 예정이다."),
    # a planning noun heading an object is no plan: `추진 계획을 발표했다` is done
    ("문체부는 6일 주요 정책 추진 계획을 발표했다.", "문체부는 6일 주요 정책 추진 계획을 내놓을 계획이다."),
    # `늘릴 수 있는 사업`: the prospective is inside a noun phrase, the sentence is done
    ("시는 관광객을 늘릴 수 있는 사업을 중점 선정했다.", "시는 관광객을 늘릴 수 있는 사업을 중점 뽑을 계획이다."),
]

# (source, rewrite): faithful, must stand.
ALLOWED = [
    (TWO_MODES, "연말까지 150곳을 더 세울 계획이다."),
    (TWO_MODES, "연말까지 150곳이 더 들어설 예정이다."),
    (TWO_MODES, "시는 올해 대여소 50곳을 세웠다."),
    (TWO_MODES, "올해 50곳을 설치했다."),  # the done clause restated with the planned clause's verb
    (MEETINGS, "지난달 공청회가 개최됐다."),
    ("시는 대여소 150곳을 더 설치할 계획이다.", "시는 대여소 150곳을 더 세울 계획이다."),
    ("시는 대여소 150곳을 더 설치할 계획이다.", "대여소 150곳이 더 들어설 예정이다."),
    ("시는 대여소 150곳을 더 설치할 방침이다.", "시는 대여소 150곳을 더 설치하기로 했다."),
    ("시는 요금 인하를 검토하고 있다.", "시는 요금 인하를 검토 중이다."),
    ("시는 요금 인하를 검토 중이다.", "시는 요금 인하를 검토하고 있다."),
    ("시는 다음 달 공청회를 열 예정이다.", "시는 다음 달 공청회를 개최할 예정이다."),
    # a report turned round: the subject moves into the reporting clause
    ("대전시는 노후 버스 120대를 전기버스로 바꾼다고 13일 밝혔다.", "노후 버스 120대를 전기버스로 바꾼다고 대전시가 5월 13일 밝혔다."),
    ("방문규 장관은 “투자 환경 개선 노력을 지속하겠다”라고 밝혔다.", "“투자 환경 개선 노력을 지속하겠다”라고 방문규 장관이 밝혔다."),
    # an action under way is not one still to come
    ("두 사람은 인근 병원으로 옮겨졌으며 생명에 지장이 없는 것으로 전해졌다.", "두 사람은 인근 병원으로 옮겨져 치료를 받고 있다."),
    # a connective clause keeps the tense of the clause it leaned on
    ("조업일수는 작년과 비교해 8.5일로 같았고, 일평균수출액은 9.5% 증가했다.", "조업일수는 작년과 비교해 8.5일로 같았다."),
]


@pytest.mark.parametrize("src, out", REFUSED)
def test_a_flipped_clause_is_refused(src, out):
    reasons = modality_reasons(read(out), read(src))
    assert reasons and all(reason_kind(r) == "modality" for r in reasons), reasons


@pytest.mark.parametrize("src, out", ALLOWED)
def test_a_faithful_clause_stands(src, out):
    assert modality_reasons(read(out), read(src)) == []


def test_a_clause_is_anchored_by_its_figures_and_time_words():
    src = read(TWO_MODES)
    assert [c.mode for c in src.clauses] == ["done", "planned"]
    [late] = read("연말까지 150곳이 더 들어섰다.").clauses
    assert anchor(late, src) is src.clauses[1]
    [early] = read("올해 50곳을 세울 계획이다.").clauses
    assert anchor(early, src) is src.clauses[0]
    # nothing to tie it to (no figure, time word or shared verb): no anchor
    [loose] = read("시설이 더 생겼다.").clauses
    assert anchor(loose, src) is None


def test_the_guard_falls_back_for_an_anchored_flip():
    art = Article(
        url="https://news.example.kr/city/7781", title="공공자전거 대여소 연말까지 150곳 추가",
        published=datetime(2024, 6, 3, 9, 0, tzinfo=KST),
        blocks=[Block("p", "세종시는 공공자전거 이용이 늘어 대여소를 확충한다고 3일 밝혔다. " + TWO_MODES
                      + " 새 대여소는 주로 아파트 단지와 버스 정류장 주변에 들어선다.")])
    sents = split_blocks(art.blocks)
    plan = make_plan(art, extract_facts(art.text, sents, art.published), ComposeSettings(), sents)
    [i] = [s.index for s in plan.sentences if norm(s.text) == TWO_MODES]
    pieces = [OutSentence("시는 올해 대여소 50곳을 세웠다.", [i]), OutSentence("연말까지 150곳이 더 들어섰다.", [i])]
    out, report = guard(Draft("test", art.title, "", [Section("머리말", pieces)]), plan)
    assert [s.text for sec in out.sections for s in sec.sentences] == [TWO_MODES]
    assert report.fallbacks == {"body:modality": 1, "body:repeat": 1}
