"""Headings and titles of the rules engine, as a reader sees them.

Every sentence here is written for this test (none is taken from a real
article). The headings are built from the source's own words, so each case
asserts the exact phrase: an object with its verbal noun, a frame only
where the section's content fits it, a title naming who did what to which
object, with a count that keeps its noun and the lead's key figure.
"""
from __future__ import annotations

from datetime import datetime

import pytest

from pipeline import stages
from pipeline.config import Config
from pipeline.guard import audit
from pipeline.models import KST, Article, Block
from pipeline.rewrite.heads import (DEFAULT_FRAMES, GENERIC, descriptive, frame_headings, make_titles, predicates,
                                    story_of)

ARTICLE = [
    # lead
    "환경부는 전국 초등학교 120곳을 ‘기후 행동 학교’로 선정했다고 7일 밝혔다. "
    "선정된 학교는 3년간 1곳당 3억 원씩, 총 360억 원을 지원받는다. "
    "학교들은 내년 3월부터 지역 환경단체와 공동으로 기후 교육 과정을 설계한다.",
    # amounts, and what they are for
    "학교마다 태양광 설비 설치비로 최대 5천만 원을 지원한다. "
    "교사 연수비로는 1곳당 연간 800만 원이 배정된다. "
    "환경부는 이를 위해 올해 예산 120억 원을 편성했다.",
    # one amount among actions: not a money section
    "환경부는 학생들의 탄소 절감 활동도 지원한다. "
    "학교별로 에너지 사용량을 매달 점검한다. "
    "우수 학교에는 1천만 원의 포상금을 준다.",
    # direct speech
    "김민호 환경부 장관은 \"학교가 기후 위기 대응의 출발점이 되길 바란다\"고 말했다. "
    "한 초등학교 교장은 \"아이들이 직접 바꾸는 경험이 중요하다\"며 \"예산이 끊기지 않아야 한다\"고 말했다.",
    # dates of an application
    "2차 신청은 내년 4월 1일부터 4월 30일까지 환경부 누리집에서 받는다. "
    "선정 결과는 6월 중 발표할 예정이다.",
]
HEADLINE = "환경부, 기후 학교 사업 본격 시작"


def _plan():
    art = Article(url="https://news.example/a/7", title=HEADLINE, blocks=[Block("p", p) for p in ARTICLE],
                  published=datetime(2026, 3, 7, 9, 0, tzinfo=KST))
    src = stages.source_of(art)
    return stages.make_plan(art, src.facts, Config(feeds=[]).compose, src.sentences)


def _by_paragraph(plan) -> list[list[int]]:
    return [[s.index for s in plan.sentences if s.block == b] for b in range(len(ARTICLE))]


@pytest.mark.parametrize("sentence, heading", [
    ("교육부는 졸업생의 취업 연계도 강화한다.", "졸업생 취업 연계 강화"),
    ("선정 학교는 내년 3월부터 지역 기업과 공동으로 교육과정을 설계한다.", "교육과정 공동 설계"),
    ("뿌리·식품·섬유 등 6개 업종을 대상으로 업종별 표준 AI 모델을 개발해 보급한다.", "업종별 표준 AI 모델 개발·보급"),
    ("스마트공장 운영 인력 양성도 병행한다.", "스마트공장 운영 인력 양성"),
    ("지원금 신청 절차도 간소화된다.", "지원금 신청 절차 간소화"),
    ("교육부는 응시료를 1인당 연간 최대 20만 원까지 지원한다.", "응시료 지원"),
    ("시는 올해 5개 구에서 시범사업을 운영한 결과, 대기 시간이 평균 12분 줄었다.", "시범사업 운영 결과"),
    ("가장 큰 변화는 ‘청년 도약 트랙’ 신설이다.", "‘청년 도약 트랙’ 신설"),
    ("중기부는 6개월 과정의 ‘AI 전환 아카데미’를 운영한다.", "‘AI 전환 아카데미’ 운영"),
])
def test_a_heading_is_the_object_and_verbal_noun_of_the_sentence(sentence, heading):
    assert predicates(sentence)[0].phrase() == heading


def test_a_relative_clause_or_a_purpose_is_not_what_the_sentence_does():
    preds = predicates("교육부는 지역 산업과 연계한 학교를 돕기 위해 실습 장비 구입비를 지원한다.")
    assert [p.phrase() for p in preds] == ["실습 장비 구입비 지원"]
    # A serial verb inside a relative clause on the subject does not head the sentence.
    # (the main clause's native verb, 준다, heads in the editor's word)
    assert [p.phrase() for p in predicates("청년을 정규직으로 채용해 고용을 유지한 기업에는 1년간 지원금을 준다.")] \
        == ["지원금 지급"]


def test_a_title_keeps_a_count_with_its_noun_and_a_quoted_name_whole():
    p = predicates("교육부는 직업계고 15개교를 ‘미래 기술 인재 캠퍼스’로 선정했다고 19일 밝혔다.")[0]
    assert p.phrase(numbers=True) == "직업계고 15개교 ‘미래 기술 인재 캠퍼스’ 선정"
    assert p.phrase() == "직업계고 ‘미래 기술 인재 캠퍼스’ 선정"  # a heading has no figure
    p = predicates("서울시가 ‘청년 창업 도약 패키지’를 내년 1월부터 처음 시행한다고 18일 밝혔다.")[0]
    assert p.phrase(numbers=True) == "‘청년 창업 도약 패키지’ 첫 시행"


def test_title_names_who_did_what_to_which_object_and_the_total():
    plan = _plan()
    story = story_of(plan)
    assert story.subject == "환경부" and story.topic == "‘기후 행동 학교’"
    titles = make_titles(plan, [], story.topic, [], story)
    # The total, not the per-school amount; the count keeps its noun.
    assert titles[0] == "환경부, 전국 초등학교 120곳 ‘기후 행동 학교’ 선정…총 360억 원"
    assert HEADLINE not in titles


def test_frames_only_where_the_content_fits_them():
    plan = _plan()
    heads = frame_headings(plan, _by_paragraph(plan), {}, 30, HEADLINE)
    assert heads == [
        "‘기후 행동 학교’의 개요",
        "지원 규모",  # every sentence states an amount, and what it is for
        "학생 탄소 절감 활동 지원",  # one amount among actions; its opening line heads what follows
        "‘기후 행동 학교’에 대한 반응과 평가",  # direct speech: the story, never a noun inside a quote
        "신청 일정",
    ]
    assert all(descriptive(h) for h in heads)
    assert not any("김민호" in h for h in heads)


def test_operators_frames_still_replace_the_built_in_ones():
    plan = _plan()
    heads = frame_headings(plan, _by_paragraph(plan), {"quote": "{topic}, 현장의 목소리"}, 30, HEADLINE)
    assert heads[3] == "‘기후 행동 학교’, 현장의 목소리"
    assert set(DEFAULT_FRAMES) >= {"lead", "quote", "schedule", "money", "background", "default"}
    assert GENERIC["plan"] == "향후 계획과 전망"


def test_the_post_passes_the_guard_with_the_new_title_and_headings():
    art = Article(url="https://news.example/a/7", title=HEADLINE, blocks=[Block("p", p) for p in ARTICLE],
                  published=datetime(2026, 3, 7, 9, 0, tzinfo=KST))
    built = stages.compose(stages.source_of(art), Config(feeds=[]), item_id="h1", source_label="테스트")
    post = built.post
    assert post.title.startswith("환경부, ") and "…" in post.title and post.title != HEADLINE
    assert not built.guard.fallbacks.get("title:number")
    assert audit(post, built.plan) == []


SECOND = [
    "중소벤처기업부는 소상공인 정책자금 2조 원을 공급한다고 3일 밝혔다. 대출 금리는 연 3.1%다.",
    "품목별로는 반도체 수출이 20% 늘었다. 자동차 수출은 5% 줄었다.",
    "중기부는 자금 지원에 그치지 않고 민간 투자 유치까지 돕는다. 상담 창구는 전국 12곳에 둔다.",
    "다만 재원 대책은 아직 구체화되지 않았다. 업계에서는 속도가 관건이라는 지적이 나온다.",
    "투자 대상은 창업 7년 이내 기업이다. 운용 기간은 8년이다.",
    "기업 재직자 재교육도 포함됐다. 교육비의 90%를 정부가 부담한다.",
]


def test_sections_without_a_verbal_noun_are_named_by_what_they_hold():
    art = Article(url="https://news.example/a/8", title="중기부, 정책자금 공급", blocks=[Block("p", p) for p in SECOND],
                  published=datetime(2026, 3, 3, 9, 0, tzinfo=KST))
    src = stages.source_of(art)
    plan = stages.make_plan(art, src.facts, Config(feeds=[]).compose, src.sentences)
    ids = [[s.index for s in plan.sentences if s.block == b] for b in range(len(SECOND))]
    heads = frame_headings(plan, ids, {}, 30, art.title)
    assert heads[1:] == [
        "품목별 현황",  # a breakdown
        "민간 투자 유치 지원",  # a native verb (돕는다): the editor's verbal noun for it
        "남은 과제",  # an open problem in the source's words
        "투자 대상",  # a section that states: the state it names
        "기업 재직자 재교육",  # a reporting verb (포함됐다) goes, the activity stays
    ]
    assert all(descriptive(h) for h in heads)


def test_no_heading_invents_a_verb_or_stands_on_a_bare_figure():
    # `늘린다` is native and `대상` is no activity: nothing to head with here.
    assert [p.phrase() for p in predicates("시는 지원 대상을 5만 명으로 늘린다.")] == []
    # A figure with its counter is not an object (`최대 2억 원까지`).
    assert [p.phrase() for p in predicates("정부는 1곳당 최대 2억 원까지 지원한다.")] == []


def test_a_list_item_keeps_its_place_and_a_named_facility_its_name():
    art = Article(url="https://news.example/a/9", title="시, 해양 문화 지구 조성",
                  blocks=[Block("p", "부산시가 북항에 ‘해양 문화 지구’를 조성한다고 2일 밝혔다. 총사업비는 1조 원이다."),
                          Block("p", "지구의 중심 시설은 2,000석 규모의 공연장을 갖춘 ‘북항 아트센터’다. 공원 면적은 10만㎡다."),
                          Block("p", "(천안) 역 일대에 자율주행 셔틀 12대를 투입해 노선 4개를 운영한다. 배차 간격은 15분이다.")],
                  published=datetime(2026, 3, 2, 9, 0, tzinfo=KST))
    src = stages.source_of(art)
    plan = stages.make_plan(art, src.facts, Config(feeds=[]).compose, src.sentences)
    ids = [[s.index for s in plan.sentences if s.block == b] for b in range(3)]
    assert frame_headings(plan, ids, {}, 30, art.title) == [
        "‘해양 문화 지구’의 개요", "지구 중심 시설 ‘북항 아트센터’", "천안 자율주행 셔틀 투입"]


@pytest.mark.parametrize("sentence, heading", [
    # coordinated objects stay whole
    ("복지관은 홀몸 어르신 가정에 안부 확인 스피커와 낙상 감지 센서를 설치한다.", "안부 확인 스피커·낙상 감지 센서 설치"),
    # a plan is said as a plan, never as a thing done
    ("환경부는 내년 상반기 중 수자원공사와 함께 하천 정비 계획을 확정해 발표할 예정이다.", "하천 정비 계획 확정·발표 예정"),
    ("노동부는 지원 기준 변경 여부를 결정할 예정이다.", "지원 기준 변경 여부 결정 예정"),
    # a native verb is said with the editor's verbal noun
    ("시는 돌봄 센터를 현재 40곳에서 내년까지 60곳으로 늘린다.", "돌봄 센터 확대"),
    ("상담 대기 기간도 줄인다.", "상담 대기 기간 단축"),
    ("구청은 주민들의 자격증 취득도 돕는다.", "주민 자격증 취득 지원"),
    # who pays: the topic is what is paid, the 로 its payers
    ("센서 설치비와 관리비는 국비와 시비로 전액 부담한다.", "센서 설치비·관리비 전액 부담"),
])
def test_what_a_sentence_does_as_a_reader_reads_it(sentence, heading):
    assert [p.phrase() for p in predicates(sentence)][:1] == [heading]


MIXED = [
    "행정안전부는 ‘스마트 마을 만들기 사업’ 대상지로 경북 안동시와 전북 남원시를 선정했다고 5일 밝혔다. "
    "두 곳은 3년간 1곳당 국비 50억 원을 지원받는다.",
    # two places of a list, of like weight
    "(안동) 구도심 골목에 무인 순찰 로봇 여섯 대를 투입해 야간 순찰을 맡긴다. 순찰 시간은 하루 8시간이다. "
    "(남원) 시내 전체를 3차원 지도로 구현해 산사태 위험 지역을 미리 알려 주고, 주민 대피 시간을 절반으로 줄인다.",
    # two topics of like weight: both named
    "행정안전부는 마을 주민 교육도 확대한다. 주민 200명에게 스마트 기기 사용법을 가르친다. "
    "보안 관리도 강화된다. 행정안전부는 모든 기기의 보안 점검을 매달 실시하고 결과를 공개한다.",
    # the announcing ministry's own words: its explanation, not a reaction
    "김서준 행정안전부 장관은 \"주민이 체감하는 변화를 만들겠다\"며 \"성과를 꼼꼼히 점검하겠다\"고 말했다. "
    "정인호 행정안전부 차관은 \"다른 지역으로 넓혀 가겠다\"고 말했다.",
    # others' words: a reaction
    "한 주민은 \"밤길이 훨씬 든든해졌다\"고 말했다. 한 전문가는 \"유지 비용 대책이 함께 나와야 한다\"고 말했다.",
]


def _mixed_heads():
    art = Article(url="https://news.example/a/10", title="행안부, 스마트 마을 두 곳 선정", blocks=[Block("p", p) for p in MIXED],
                  published=datetime(2026, 3, 5, 9, 0, tzinfo=KST))
    src = stages.source_of(art)
    plan = stages.make_plan(art, src.facts, Config(feeds=[]).compose, src.sentences)
    ids = [[s.index for s in plan.sentences if s.block == b] for b in range(len(MIXED))]
    return frame_headings(plan, ids, {}, 30, art.title)


def test_a_heading_names_most_of_its_section_not_only_its_first_sentence():
    heads = _mixed_heads()
    assert heads[1] == "안동·남원 주요 사업"  # not `안동 무인 순찰 로봇 투입` over 남원's half
    assert heads[2] == "마을 주민 교육 확대·보안 관리 강화"
    assert all(descriptive(h) for h in heads)


def test_the_announcing_ministrys_words_are_its_explanation_and_others_a_reaction():
    heads = _mixed_heads()
    assert heads[3] == "‘스마트 마을 만들기 사업’에 대한 정부 설명"
    assert heads[4] == "반응과 평가" or heads[4].endswith("에 대한 반응과 평가")


def test_a_title_keeps_both_clauses_and_an_amount_with_what_it_is_of():
    lead = ("중소벤처기업부는 내년 창업 지원 자금을 올해보다 2,000억 원 늘린 1조 5,000억 원 규모로 공급하고, "
            "보증 수수료를 0.2%p 인하한다고 4일 밝혔다.")
    art = Article(url="https://news.example/a/11", title="중기부, 창업 자금 확대", blocks=[Block("p", lead)],
                  published=datetime(2026, 3, 4, 9, 0, tzinfo=KST))
    src = stages.source_of(art)
    plan = stages.make_plan(art, src.facts, Config(feeds=[]).compose, src.sentences)
    titles = make_titles(plan, [lead], "")
    assert titles[0] == "중소벤처기업부, 창업 지원 자금 1조 5,000억 원 공급…보증 수수료 0.2%p 인하"
    assert "2,000억 원 공급" not in " ".join(titles)  # the increase is not what is supplied


def test_a_title_keeps_the_count_a_plan_is_about():
    lead = ("해양수산부는 스마트 항만 운영 인력 3,000명을 2030년까지 길러내는 중장기 인재 양성 계획을 "
            "마련했다고 9일 밝혔다. 5년간 예산 2,400억 원이 들어간다.")
    art = Article(url="https://news.example/a/12", title="해수부, 항만 인재 계획", blocks=[Block("p", lead)],
                  published=datetime(2026, 3, 9, 9, 0, tzinfo=KST))
    src = stages.source_of(art)
    plan = stages.make_plan(art, src.facts, Config(feeds=[]).compose, src.sentences)
    title = make_titles(plan, [lead], "")[0]
    assert title.startswith("해양수산부, 중장기 인재 양성 계획 마련…스마트 항만 운영 인력 3,000명")


def _heads_of(paragraphs: list[str], title: str) -> list[str]:
    art = Article(url="https://news.example/a/13", title=title, blocks=[Block("p", p) for p in paragraphs],
                  published=datetime(2026, 3, 6, 9, 0, tzinfo=KST))
    src = stages.source_of(art)
    plan = stages.make_plan(art, src.facts, Config(feeds=[]).compose, src.sentences)
    ids = [[s.index for s in plan.sentences if s.block == b] for b in range(len(paragraphs))]
    return frame_headings(plan, ids, {}, 30, art.title)


def test_a_breakdown_that_opens_a_section_but_does_not_fill_it_is_joined_with_the_rest():
    heads = _heads_of([
        "농림축산식품부는 ‘스마트 농업 학교’ 20곳을 선정했다고 6일 밝혔다. 학교마다 3년간 5억 원을 지원한다.",
        "지역별로는 전남이 다섯 곳으로 가장 많았다. 경북과 충남이 각각 세 곳이다. "
        "선정 학교는 내년 3월부터 지역 농가와 공동으로 교육과정을 설계한다. "
        "농가 전문가가 교사와 함께 수업하는 실습 수업을 매주 두 차례 운영하고, 졸업반 학생은 한 학기 동안 농가에서 실습을 한다.",
    ], "농식품부, 스마트 농업 학교 선정")
    assert heads[1] == "지역별 현황·교육과정 공동 설계"


def test_an_opening_line_names_what_follows_it():
    heads = _heads_of([
        "보건복지부는 ‘마음 돌봄 바우처’ 사업을 전국으로 확대한다고 6일 밝혔다. 지원 대상은 청년 2만 명이다.",
        "복지부는 이를 위해 내년 예산 90억 원을 편성했다. "
        "시범사업 성과도 확인됐다. 올해 청년 3,000명이 상담을 받았고, 우울 점수는 평균 20% 낮아졌다. "
        "참여자 만족도는 90.1%였고, 상담을 끝까지 받은 비율도 80%를 넘었다.",
    ], "복지부, 마음 돌봄 바우처 확대")
    # the pilot's results, not `예산 편성`: the budget is one sentence of four
    assert heads[1].startswith("시범사업 성과") and "예산" not in heads[1]


def test_a_title_says_a_whole_province_as_a_desk_writes_it():
    lead = "경기도는 청년 심리상담 비용을 지원하는 ‘청년 마음 바우처’ 사업을 내년부터 도 전역으로 확대한다고 6일 밝혔다."
    art = Article(url="https://news.example/a/14", title="경기도, 마음 바우처 확대", blocks=[Block("p", lead)],
                  published=datetime(2026, 3, 6, 9, 0, tzinfo=KST))
    src = stages.source_of(art)
    plan = stages.make_plan(art, src.facts, Config(feeds=[]).compose, src.sentences)
    title = make_titles(plan, [lead], "")[0]
    assert "경기 전역으로 확대" in title and " 도 전역" not in title


def test_a_schedule_half_of_others_asking_for_more_says_so():
    heads = _heads_of([
        "부산시는 ‘청년 주거 바우처’ 사업을 시작한다고 6일 밝혔다. 1인당 월 20만 원을 지원한다.",
        "신청은 내년 1월 5일부터 1월 30일까지 시 누리집에서 받는다. "
        "시의회에서는 지원 인원을 더 늘려야 한다는 목소리도 나왔다. "
        "한 시의원은 \"신청자가 몰리면 금방 마감될 것\"이라며 \"추경으로 인원을 두 배로 늘려야 한다\"고 말했다.",
    ], "부산시, 청년 주거 바우처")
    assert heads[1] == "신청 일정과 반응"
    assert descriptive(heads[1])


def test_a_pledge_and_a_welcome_are_no_open_issue():
    heads = _heads_of([
        "광주시는 1,000억 원 규모의 ‘광주 AI 펀드’를 만든다고 6일 밝혔다. 운용 기간은 8년이다.",
        "김도현 광주시장은 \"지역 기술이 시장에서 인정받도록 돕겠다\"고 말했다. "
        "지역 업계는 반기는 분위기다. "
        "한 스타트업 대표는 \"이런 규모의 펀드는 처음\"이라고 말했다. "
        "다만 민간 출자자 모집이 관건이다. "
        "올해 지역 벤처 투자액은 작년보다 8% 줄었다.",
    ], "광주시, AI 펀드 조성")
    assert heads[1] == "전망과 과제"  # not `남은 과제` over a pledge and a welcome
    assert descriptive(heads[1])


def test_what_will_decide_success_is_an_open_issue():
    heads = _heads_of([
        "국토교통부는 ‘수소 도시 시범 사업’ 대상지 두 곳을 선정했다고 6일 밝혔다. 1곳당 국비 100억 원을 지원한다.",
        "업계에서는 충전소 확충 속도가 사업 성패를 가를 것으로 보고 있다. "
        "국토교통부는 내년 상반기 중 충전소 구축 계획을 확정해 발표할 예정이다.",
    ], "국토부, 수소 도시 선정")
    assert heads[1] == "남은 과제"  # not `충전소 구축 계획 확정·발표 예정` over the industry's worry


def test_a_topic_with_a_figure_is_refused_before_kiwi_reads_it():
    from pipeline import korean
    from pipeline.rewrite.heads import _framed_topic

    frame = DEFAULT_FRAMES["default"]
    korean.forget()
    before = korean.stats()["analysed"]
    assert _framed_topic("태양광 설비 5천만 원", frame, 30, [], set()) == ""
    assert _framed_topic("김민호 장관", frame, 30, [], set()) == ""  # a title: a person, not a topic
    assert korean.stats()["analysed"] == before  # refused by its letters
    assert _framed_topic("태양광 설비 지원", frame, 30, [], set()) == "태양광 설비 지원의 주요 내용"
    assert _framed_topic("태양광 설비 지원", frame, 30, [], {"태양광 설비 지원의 주요 내용"}) == ""  # used


def test_ranking_only_the_phrases_a_heading_can_take_keeps_their_order():
    from pipeline.rewrite.heads import _shared_first

    sents = ["학교마다 태양광 설비 설치비로 최대 5천만 원을 지원한다.",
             "태양광 설비는 내년 3월까지 학교 옥상에 들어선다.",
             "교사 연수비로는 1곳당 연간 800만 원이 배정된다.",
             "연수는 태양광 설비 관리 요령을 다룬다."]
    phrases = ["태양광 설비", "교사 연수비", "학교 옥상", "설치비", "태양광 설비 관리 요령", "연수"]
    every = _shared_first(phrases, sents, set())
    assert len(every) >= 3
    for refused in every:  # whichever phrase the caller refuses, the others keep their order
        assert _shared_first(phrases, sents, set(), lambda ph: ph != refused) == [p for p in every if p != refused]


def test_a_candidate_topic_never_ends_on_a_channel_word_that_modifies_the_next_noun():
    from pipeline.headings import phrases_of
    phrases = [p for p, _ in phrases_of("구는 지역 예술인의 신기술 활용 온·오프라인 공연 제작 지원에 5억 원을 쓴다.")]
    assert not [p for p in phrases if p.split()[-1] == "온·오프라인" or p.split()[0] == "활용"]
    assert any(p.endswith("공연 제작") or p.endswith("제작 지원") for p in phrases)


def _first_title(lead: str, headline: str) -> str:
    art = Article(url="https://news.example/a/15", title=headline, blocks=[Block("p", lead)],
                  published=datetime(2026, 3, 5, 9, 0, tzinfo=KST))
    src = stages.source_of(art)
    plan = stages.make_plan(art, src.facts, Config(feeds=[]).compose, src.sentences)
    return (make_titles(plan, [lead], "") or [""])[0]


def test_a_release_whose_source_opens_the_lead_names_it_as_who_acted():
    lead = ("5일 해양수산부와 환경부에 따르면 이날 제3차 해양보호위원회 심의를 열고 12개 해역을 해양보호구역으로 "
            "지정했다. 지정된 해역에는 5년간 관리 예산이 배정된다.")
    assert _first_title(lead, "바다 보호 넓힌다") == "해양수산부·환경부, 12개 해역 해양보호구역 지정"


def _story_subject(lead: str) -> str:
    art = Article(url="https://news.example/a/16", title="제목", blocks=[Block("p", lead)],
                  published=datetime(2026, 3, 5, 9, 0, tzinfo=KST))
    src = stages.source_of(art)
    return story_of(stages.make_plan(art, src.facts, Config(feeds=[]).compose, src.sentences)).subject


def test_a_survey_that_a_lead_cites_is_not_who_acted():
    cited = "한국노동연구원 조사에 따르면 청년 구직자 1,200명 가운데 절반이 첫 직장을 1년 안에 그만뒀다. 9월에 온라인으로 물었다."
    acting = "한국노동연구원에 따르면 청년 구직자 1,200명 가운데 절반이 첫 직장을 1년 안에 그만뒀다. 9월에 온라인으로 물었다."
    assert "한국노동연구원" not in _story_subject(cited)
    assert _story_subject(acting) == "한국노동연구원"  # the same lead naming the institute itself


def test_a_minister_with_two_posts_is_named_by_the_first():
    lead = ("김하늘 부총리 겸 교육부 장관은 전국 대학 총장 200명과 간담회를 열고 등록금 동결 방안을 논의했다고 5일 밝혔다. "
            "간담회는 세종청사에서 열렸다.")
    assert _first_title(lead, "등록금 간담회").startswith("김하늘 부총리, ")


@pytest.mark.parametrize("sentence, title", [
    # a native verb done: its verbal noun, object particles dropped
    ("해양경찰청이 석 달 동안 불법 조업 특별단속을 벌여 선원 320여명을 붙잡았다.",
     "해양경찰청, 석 달 동안 불법 조업 특별단속 벌여 선원 320여명 검거"),
    # a verbal noun: bare at the end; a time word at the clause's start goes
    ("구는 올해 청년 창업팀 40곳을 선정했다.", "구, 청년 창업팀 40곳 선정"),
    # a present native verb stays; the reported clause, not who reported it
    ("시는 오는 12일 시청 대강당에서 주민 설명회를 연다고 10일 밝혔다.", "시, 시청 대강당에서 주민 설명회 연다"),
    ("장관은 다음 주 지역 대학 총장 20명으로부터 현안 보고를 받는다고 교육부가 3일 밝혔다.",
     "장관, 다음 주 지역 대학 총장 20명으로부터 현안 보고 받는다"),
    # a plan stays a plan; a decision is said by its -기로
    ("공사는 하반기에 2,400억 원을 투입할 예정이다.", "공사, 하반기에 2,400억 원 투입 예정"),
    ("도가 5년간 3조 원을 들여 일자리 2만 개를 만들기로 했다.", "도, 5년간 3조 원 들여 일자리 2만 개 만들기로"),
    # a subject that does nothing takes no comma
    ("월평균 판매액은 3.2억 원으로 작년 같은 달 대비 7.5% 올랐다.", "월평균 판매액 3.2억 원으로 작년 같은 달 대비 7.5% 상승"),
])
def test_a_lead_with_no_verbal_noun_is_said_as_a_headline(sentence, title):
    from pipeline.rewrite.heads import headline_of

    assert headline_of(sentence) == title


@pytest.mark.parametrize("sentence", [
    "수입이 수출을 웃돌면서 무역수지는 3억 달러 적자를 냈다.",  # two clauses
    "장관은 \"예산을 늘리겠다\"고 말했다.",  # direct speech
    "같은 기간 판매액은 20억 원으로 늘었다.",  # no subject opens it
    "시는 주민들과 함께 오래된 골목의 담장과 계단과 가로등을 하나하나 손보는 정비 사업을 벌여 마을 전체 분위기를 바꿨다.",
])
def test_a_lead_that_is_not_one_headline_clause_gives_none(sentence):
    from pipeline.rewrite.heads import headline_of

    assert headline_of(sentence) == ""


def _plan_of(text: str, published: datetime):
    art = Article(url="https://news.example/a/9", title="", blocks=[Block("p", text)], published=published)
    src = stages.source_of(art)
    return stages.make_plan(art, src.facts, Config(feeds=[]).compose, src.sentences)


def test_a_topic_title_takes_only_a_figure_said_of_that_topic():
    plan = _plan_of("지난달 판매액이 52억 원으로 작년보다 3% 줄었다. "
                    "그러나 상반기 일평균 판매액은 2.1억 원으로 역대 최고치를 기록했다.", datetime(2026, 7, 1, 9, 0, tzinfo=KST))
    titles = make_titles(plan, [], "상반기 일평균 판매액", [], story_of(plan))
    assert not any("상반기 일평균 판매액…52억" in t for t in titles), titles
    # and a subject that does nothing is not given another topic (`판매액, 상반기 …`)
    assert not any(t.startswith("판매액, ") or t.startswith("지난달 판매액, ") for t in titles), titles


def test_a_count_of_another_act_is_not_the_titles_figure():
    plan = _plan_of("교육부는 지역 혁신 대학 지원사업에 40개 대학이 최종 선정됐다고 3일 발표했다. "
                    "올해 사업에는 4년제 대학 120곳이 신청했다. 선정 대학은 2년간 지원을 받는다.",
                    datetime(2026, 5, 3, 9, 0, tzinfo=KST))
    titles = make_titles(plan, [], "", [], story_of(plan))
    assert titles and titles[0].startswith("교육부, ") and "40개 대학" in titles[0], titles
    assert not any("120곳" in t for t in titles), titles


@pytest.mark.parametrize("lead, want", [
    # what the money is for, from `…을 위해` or `…에`
    ("환경부가 올해 하천 복원을 위해 3200억원의 예산을 투입한다.", "환경부, 하천 복원에 3200억원 투입"),
    ("농림부는 스마트팜(SF) 분야에 450억원 규모 예산을 추가 투입한다고 5일 밝혔다.", "농림부, 스마트팜 분야에 450억원 추가 투입"),
    # a budget the sum is
    ("해양수산부는 2027년 예산으로 7조2000억원을 최종 확정했다고 5일 밝혔다.", "해양수산부, 2027년 예산 7조2000억원 최종 확정"),
    # the act the money follows names what it is for (decided, still to be paid: 예정)
    ("산림청은 산불 대응을 강화하고자 12개 진화헬기 사업을 선정해 총 380억원을 지원하기로 했다고 5일 밝혔다.",
     "산림청, 12개 진화헬기 사업 선정…380억원 지원 예정"),
    # a sum spent through a native verb: the act it makes (`일자리를 만든다` is 창출)
    ("행정안전부가 올해 2조원을 투입해 지역 일자리 10만개를 만들기로 했다.",
     "행정안전부, 지역 일자리 10만개 창출 예정…2조원"),
])
def test_a_money_title_says_what_the_money_is_for(lead, want):
    plan = _plan_of(lead, datetime(2026, 3, 5, 9, 0, tzinfo=KST))
    assert make_titles(plan, [lead], "", [], story_of(plan))[0] == want


def test_a_sum_shared_by_a_list_is_not_given_to_its_last_item():
    lead = "공단은 우선 동해선(1단계), 서해선 개량, 경전선 복선화 사업에 2,100억 원을 투입할 계획이다."
    plan = _plan_of(lead, datetime(2026, 3, 5, 9, 0, tzinfo=KST))
    titles = make_titles(plan, [lead], "", [], story_of(plan))
    assert not any("복선화 사업에 2,100억" in t for t in titles), titles
    assert all("예정" in t for t in titles if "투입" in t), titles  # a plan stays a plan


def test_a_lead_with_no_doer_is_titled_by_its_act_not_a_bare_noun():
    lead = "세계 곳곳에서 관심이 커지는 가운데 정부 부처들이 반도체 투자를 지난해보다 확대한다. 총 예산은 2,400억원이다."
    plan = _plan_of(lead, datetime(2026, 3, 5, 9, 0, tzinfo=KST))
    titles = make_titles(plan, [lead], "반도체 투자", [], story_of(plan))
    assert titles[0].startswith("반도체 투자 확대"), titles


def test_a_lead_with_no_doer_and_a_one_word_object_is_not_titled_by_its_act():
    for lead in ("회삿돈 212억 원을 빼돌린 혐의로 기소된 전 대표에게 1심에서 징역 5년의 실형을 선고했다.",
                 "비수도권 중소기업에는 1곳당 최대 720만 원까지 지원을 강화한다."):
        plan = _plan_of(lead, datetime(2026, 3, 5, 9, 0, tzinfo=KST))
        titles = make_titles(plan, [lead], "", [], story_of(plan))
        assert not any(t.startswith(("실형 선고", "지원 강화")) for t in titles), titles


@pytest.mark.parametrize("paragraphs, title, want", [
    # what a designation makes, not one of the places designated
    (["국토부는 이날 위원회 심의를 열고 12개 군을 농촌활력지역으로 지정했다. "
      "새로 지정된 곳은 강원 평창, 충북 단양, 전남 구례 등이다.",
      "지정된 군은 5년간 기반시설 사업비를 우선 지원받는다. 지원 규모는 군마다 다르다."],
     "국토부, 농촌활력지역 지정", "농촌활력지역 지정의 개요"),
    # the budget a lead's sum is, not a phrase of one sentence (`부처 출범`)
    (["해양수산부는 2027년 예산으로 7조2000억원을 최종 확정했다고 5일 밝혔다. "
      "부처가 출범한 뒤 처음으로 7조원을 넘었다.",
      "항만 분야에는 2조원이 배정됐다. 어촌 분야는 1조원이다."],
     "해수부 예산 확정", "2027년 예산의 개요"),
    # the budget whose total a lead fixes, not a clause of a later sentence (`제조업 수출 확대`)
    (["문화체육관광부가 2027년 게임 분야 예산 총지출 규모를 3200억원으로 확정했다. "
      "올해 문체부 전체 예산의 5%를 차지한다. "
      "문체부는 게임 수출을 늘리고 게임을 통한 제조업 수출 확대도 돕는다.",
      "신규 사업으로 인디 게임 제작 지원(40억원), 게임 인재 양성(30억원), 해외 전시 참가 지원(20억원) 등을 추진한다."],
     "문체부, 게임 예산 확정", "게임 분야 예산의 개요"),
])
def test_a_lead_section_with_no_topic_is_headed_by_what_its_lead_makes(paragraphs, title, want):
    heads = _heads_of(paragraphs, title)
    assert heads[0] == want, heads


def test_a_count_is_not_paired_with_a_name_inside_another_phrase_and_the_act_before_it_says_of_what():
    lead = ("부산경찰청은 생활 주변 폭력배 특별단속을 실시해 10년간 도피 중이던 ‘◇◇파’ 두목 B씨 등 "
            "조직폭력배 120명, 주취폭력배 200명 등 총 320명을 검거했다고 5일 밝혔다.")
    plan = _plan_of(lead, datetime(2026, 3, 5, 9, 0, tzinfo=KST))
    titles = make_titles(plan, [lead], "", [], story_of(plan))
    assert not any("‘◇◇파’ 320명" in t for t in titles), titles
    assert titles[0] == "부산경찰청, 생활 주변 폭력배 특별단속 실시…320명 검거", titles


def test_a_selection_title_says_what_they_are_selected_for():
    lead = "교육부는 ‘지역 혁신 대학 지원사업’에 부산대, 전남대 등 40개 대학이 최종 선정됐다고 3일 발표했다."
    plan = _plan_of(lead, datetime(2026, 5, 3, 9, 0, tzinfo=KST))
    titles = make_titles(plan, [lead], "", [], story_of(plan))
    assert titles[0] == "교육부, ‘지역 혁신 대학 지원사업’에 40개 대학 최종 선정", titles


def test_a_second_breakdown_by_another_key_gets_its_own_heading():
    paragraphs = ["관세청에 따르면 이달 수출은 148억 달러로 집계됐다. 일평균 수출액은 17억 달러다.",
                  "품목별로는 반도체(41%), 선박(56%) 등은 늘고 가전(△12%) 등은 줄었다. 수입은 원유(58%) 등이 늘었다.",
                  "국가별로는 중국(28%), 베트남(35%) 등은 늘고 호주(△8%) 등은 줄었다. 수입은 일본(△1%) 등이 줄었다."]
    heads = _heads_of(paragraphs, "수출 148억 달러")
    assert heads[1:] == ["품목별 현황", "국가별 현황"], heads


def test_a_past_figure_of_a_half_year_is_not_a_schedule():
    from pipeline.rewrite.heads import section_kinds

    past = ["상반기에는 7대 1, 하반기에는 9대 1 등 모집 경쟁률이 높았다.", "대상은 300개사다."]
    assert not any(k == "schedule" for k, _ in section_kinds(1, past, [False, False]))
    coming = ["신청은 오는 3월 2일부터 받는다.", "모집 인원은 300명이다."]
    assert ("schedule", "신청") in section_kinds(1, coming, [False, False])


def test_a_titles_relative_year_or_month_is_said_as_its_date_as_the_body_says_it():
    art = Article(url="https://news.example/a/21", title="", published=datetime(2026, 7, 1, 9, 0, tzinfo=KST),
                  blocks=[Block("p", "해양수산부의 내년 어촌 분야 예산이 2조 3,100억 원으로 확정됐다. "
                                     "이는 올해보다 800억 원 늘어난 것이다. 어항 정비 부문이 가장 많다.")])
    built = stages.compose(stages.source_of(art), Config(feeds=[]), item_id="t", source_label="t")
    assert "2027년" in built.post.title and "내년" not in built.post.title, built.post.title
    assert audit(built.post, built.plan) == [] and not built.guard.fallbacks


def test_a_reported_clauses_own_doer_heads_the_title_not_the_reporter():
    lead = "산업부는 A사, B사 등 3개 유럽 기업이 배터리 분야에 총 8000억 원의 국내 투자를 신고했다고 9일 밝혔다."
    plan = _plan_of(lead, datetime(2026, 3, 9, 9, 0, tzinfo=KST))
    titles = make_titles(plan, [lead], "", [], story_of(plan))
    assert titles[0] == "3개 유럽 기업, 8000억 원 국내 투자 신고", titles
    # A passive clause's subject is what was done to: the reporter stays the doer.
    lead = "교육부는 ‘지역 혁신 대학 지원사업’에 40개 대학이 최종 선정됐다고 3일 발표했다."
    plan = _plan_of(lead, datetime(2026, 5, 3, 9, 0, tzinfo=KST))
    assert make_titles(plan, [lead], "", [], story_of(plan))[0].startswith("교육부, ")


def test_a_verbal_noun_in_go_ends_a_heading_and_a_clauses_go_does_not():
    from pipeline.headings import heading_ok

    assert heading_ok("국내 투자 신고") and heading_ok("시행계획 공고") and heading_ok("부처 업무보고")
    assert not heading_ok("현장을 보고") and not heading_ok("예산을 지원하고")


def test_a_programme_a_count_is_selected_into_names_the_count_even_at_a_distance():
    lead = "산림청은 ‘도시 숲 가꾸기 사업’ 공모 결과 강원 춘천시, 전북 전주시 등 두 곳을 최종 선정했다고 5일 밝혔다."
    plan = _plan_of(lead, datetime(2026, 3, 5, 9, 0, tzinfo=KST))
    titles = make_titles(plan, [lead], "", [], story_of(plan))
    assert titles[0].startswith("산림청, ‘도시 숲 가꾸기 사업’ 두 곳 최종 선정"), titles


def test_a_section_listing_what_each_item_gets_is_headed_by_item_not_as_one_sum():
    heads = _heads_of([
        "해양수산부는 내년 어촌 예산 4,200억 원을 편성했다고 6일 밝혔다. 올해보다 8% 늘어난 규모다.",
        "어촌 체험마을 조성에는 320억 원을 편성했다. 수산물 직판장 개선에 150억 원, 청년 어부 정착 지원에 90억 원을 쓴다. "
        "어항 안전 시설(75억 원)도 새로 짓는다.",
    ], "해수부, 어촌 예산 편성")
    assert heads[1] == "사업별 예산"


@pytest.mark.parametrize("money, heading", [
    # what one recipient gets is the seed's 지원 규모, however many sums
    ("선정된 기업에는 기업당 5천만 원 이내에서 사업화 자금을 지원한다. 시제품 제작에 3천만 원, 멘토링에 2천만 원까지 쓸 수 있다. "
     "우수 기업은 1억 원을 더 지원받는다.", "지원 규모"),
    # one sum said again as it changed is one item, not a list
    ("사업비는 애초 490억 원으로 잡혔다. 이후 250억 원으로 줄었고, 지금은 50억 원만 확보돼 있다.", "사업비 규모"),
])
def test_sums_for_one_recipient_or_one_item_keep_the_amount_frame(money, heading):
    heads = _heads_of([
        "중소벤처기업부는 창업기업 200곳을 뽑아 지원한다고 6일 밝혔다. 선정은 다음 달에 끝난다.",
        money,
    ], "중기부, 창업기업 지원")
    assert heads[1] == heading


def test_a_briefing_session_and_a_later_day_of_events_are_schedules_of_their_own():
    heads = _heads_of([
        "과학기술정보통신부는 이번 주 주요 일정을 6일 공개했다. 4월 8일에는 국제 로봇 포럼이 서울에서 열린다. "
        "4월 9일에는 청년 연구자 간담회가 열린다.",
        "4월 10일에는 과학의 날 기념식이 열린다. 같은 날 오후에는 우수 연구자 시상식이 열린다.",
        "4월 11일에는 우주 산업 협력 출범식이 열린다. 같은 날 업계 간담회도 진행된다.",
        "1차 사업설명회는 4월 13일 대전에서 개최한다. 2차 설명회는 4월 15일 부산에서 연다.",
        "시의회는 4월 중 관련 예산을 심사한다. 시는 4월 17일 시민 설명회를 열고 의견을 모은다.",
    ], "과기정통부 주간 일정")
    assert heads[1] == "행사 일정"
    assert heads[2] == "우주 산업 협력 출범식"  # (not `행사 일정` again, nor `향후 일정`)
    assert heads[3] == "설명회 일정"
    # a budget review and one session: the session is not what the section is
    assert heads[4] != "설명회 일정" and heads[4]


@pytest.mark.parametrize("sentence, phrases", [
    ("시는 12월 3일 시민 설명회를 열고 의견을 모은다.", ["시민 설명회 개최"]),
    ("참여를 바라는 기업과 대학을 대상으로 사업설명회도 연다.", ["사업설명회 개최"]),
    ("부산항이 새 시대의 문을 연다.", []),  # a door opened is no event held
])
def test_an_event_opened_is_held(sentence, phrases):
    assert [p.phrase() for p in predicates(sentence)] == phrases


def test_a_session_a_lead_announces_is_titled_by_what_it_is_about():
    lead = "환경부는 수소 버스 보급사업 공모에 참여할 기업을 위해 24일 세종에서 설명회를 연다고 23일 밝혔다."
    assert _first_title(lead, "환경부, 설명회") == "환경부, 수소 버스 보급사업 공모 설명회 개최"


def test_an_act_that_names_a_section_is_its_heading_without_a_frame():
    heads = _heads_of([
        "산업통상자원부는 로봇 산업 예산 900억 원을 확정했다고 6일 밝혔다. 올해보다 10% 늘었다.",
        "국산 로봇 부품 역시 조기 상용화 지원에 주력한다. 지난해 예산 120억 원에 더해 올해 새로 나온 수요를 사업에 반영했다는 설명이다.",
        "시는 12월 3일 시민 설명회를 열고 의견을 모은다. 설명회에는 누구나 참석할 수 있다.",
    ], "산업부, 로봇 예산 확정")
    assert heads[1] == "조기 상용화 지원"  # not `조기 상용화 지원의 주요 내용`


def test_a_closing_section_of_decisions_taken_is_not_a_plan():
    heads = _heads_of([
        "정부는 7일 국무회의에서 내년 예산안 500조 원을 확정했다. 올해보다 5% 늘었다.",
        "보건 분야 예산은 120조 원이다. 교육 분야는 90조 원이다.",
        "정부는 이날 국무회의에서 불법 명칭을 쓴 경우 100만원의 과태료를 부과하는 내용의 건설촉진법 시행령 개정안도 의결했다. "
        "또 피해자가 스스로 손해배상을 청구할 수 있게 소멸시효를 늦추는 내용의 민법 개정안도 의결하고 국회로 보냈다.",
    ], "정부, 내년 예산안 확정")
    # `청구할 수 있게` is no plan: the section is what the cabinet passed, said without `내용`
    assert heads[2] == "건설촉진법 시행령 개정안·민법 개정안 의결"


@pytest.mark.parametrize("section, heading", [
    # who may have it, then how to apply
    ("이 카드는 만 19세 청년 10만명이 대상으로 선착순으로 쓸 수 있다. 신청방법과 사용법은 3월 중 안내된다.",
     "지원 대상과 신청 방법"),
    ("대상은 창업 3년 미만 기업 300곳이다. 지난해 경쟁률은 5대 1이었다.", "지원 대상"),
])
def test_who_may_have_it_is_its_own_heading_and_a_month_is_no_application_schedule(section, heading):
    heads = _heads_of([
        "문화체육관광부는 청년 문화카드를 새로 만든다고 6일 밝혔다. 1인당 최대 10만원을 지원한다.",
        section,
    ], "문체부, 청년 문화카드 도입")
    assert heads[1] == heading


def test_a_sum_for_firms_to_be_selected_says_no_one_eligible():
    heads = _heads_of([
        "환경부는 감축설비 지원사업 공모를 시작한다고 6일 밝혔다. 4월 18일까지 참여 기업을 모집한다.",
        "설비 설치 사업은 1건당 최대 40억 원까지 지원될 예정이다. 조사 사업은 1건당 3억 원 한도에서 지원한다. "
        "공단은 심의를 거쳐 지원 대상으로 선정된 기업에 지원금을 지급할 예정이다.",
    ], "환경부, 감축설비 공모")
    assert heads[1] == "지원 규모"  # not `지원 규모와 대상`: no one is said to be eligible


@pytest.mark.parametrize("lead, planned", [
    ("노동부는 7월 1일(목) 오전 11시 서울에서 청년고용 홈페이지 구축 내용의 양해각서를 체결한다고 밝혔다.", True),
    ("정부는 1월 25일 의정부시에서 토론회를 열고 「교통 3대 전략」을 발표한다.", True),
    # the day is the vote's, not the act's; a past act stays done
    ("과기정통부가 4일 국회를 통과한 추경으로 인공지능 분야에 1793억원을 추가 투입한다.", False),
    ("노동부는 1일 서울에서 양해각서를 체결했다고 밝혔다.", False),
])
def test_an_act_set_for_a_day_is_titled_as_to_come(lead, planned):
    title = _first_title(lead, "보도자료")
    assert title.endswith("예정") or " 예정…" in title if planned else "예정" not in title, title


def test_a_title_keeps_an_approximate_sum_approximate():
    lead = "정부가 1793억 원을 추가 투입해 총 2조 8000억 원 가량의 인공지능 예산이 확정됐다."
    title = _first_title(lead, "AI 예산 확정")
    assert "2조 8000억 원가량" in title or "약 2조 8000억 원" in title, title


def test_a_heading_takes_no_words_from_inside_a_quote():
    heads = _heads_of([
        "김민수 장관은 이날 국회 업무보고에서 “문화가 이끄는 국가 번영 문화로 행복한 국민이라는 방향을 세웠다”고 밝혔다. "
        "장관은 “6대 과제를 차례로 추진하겠다”고 덧붙였다.",
    ], "김 장관, 국회 업무보고")
    assert "국가 번영" not in heads[0] and "행복한 국민" not in heads[0], heads


@pytest.mark.parametrize("sentence, phrase", [
    ("장관이 국감에 출석해 업무 현황을 보고했다.", "국감 출석"),
    ("시는 올해 해외 박람회에 참가해 투자를 유치했다.", "해외 박람회 참가"),
])
def test_where_one_takes_part_is_what_the_act_is_of(sentence, phrase):
    assert phrase in [p.phrase() for p in predicates(sentence)]


def test_a_section_of_what_is_given_is_headed_by_the_support_and_its_size():
    heads = _heads_of([
        "교육부는 ‘지역 인재 대학’ 30곳을 선정했다고 6일 밝혔다. 올해 처음 시작하는 사업이다.",
        "정부는 지역 인재를 길러 내는 대학을 뽑아 교육과정 개발비 등을 지원한다. "
        "선정된 대학은 3년간 재정 지원을 받고, 평가를 거쳐 2년을 더 지원받을 수 있다. "
        "올해는 대학마다 많게는 5억원, 적게는 2억원을 지원한다.",
    ], "교육부, 지역 인재 대학 선정")
    assert heads[1] == "지원 내용과 규모"


def test_a_closing_section_of_plans_and_days_ahead_is_the_outlook():
    heads = _heads_of([
        "고용노동부는 ‘청년 지역 일자리’ 사업을 새로 시작한다고 6일 밝혔다. 참여 기업에는 1인당 월 80만 원을 지원한다.",
        "지원 기간은 최대 2년이다. 참여 청년은 지역 기업에서 일하며 직무 교육을 받는다.",
        "김태호 고용노동부 장관은 “청년이 지역에 머물 수 있게 제도를 계속 다듬겠다”고 말했다. "
        "노동부는 내년 상반기 중 사업 효과를 분석해 지원 요건을 바꿀지 정할 예정이다. "
        "참여 기업 신청은 내년 1월 19일부터 누리집에서 받는다.",
    ], "노동부, 청년 지역 일자리 사업 시작")
    assert heads[-1] == GENERIC["plan"], heads


def test_the_doer_after_a_scene_setting_clause_heads_the_title():
    lead = "국내외에서 인공지능에 대한 관심이 커지는 가운데 정부가 AI 투자를 작년보다 늘린다."
    assert _first_title(lead, "AI 투자").startswith("정부, AI 투자 확대")
    # a scene's own subject is no doer
    assert not _first_title("관심이 커지는 가운데 투자가 늘어난다.", "투자").startswith("투자가")


def test_a_bare_kind_of_body_is_named_by_what_it_will_do():
    lead = "교육부는 2027년 지역 인재 육성 지원사업을 운영할 대학을 최종 선정했다고 9일 밝혔다."
    assert _first_title(lead, "교육부 발표") == "교육부, 지역 인재 육성 지원사업 운영 대학 최종 선정"
    heads = _heads_of([lead + " 선정된 대학은 3년간 지원을 받는다."], "교육부 발표")
    assert heads[0] == "지역 인재 육성 지원사업의 개요"  # the story is the programme


def test_a_person_is_not_given_a_topic_of_another_sentence():
    paragraphs = ["올해 국회의 마지막 국정감사가 10일 일제히 막을 올렸다. "
                  "김민수 장관은 이날 “문화 정책을 최우선으로 하겠다”라고 밝혔다."]
    art = Article(url="https://news.example/a/16", title="국감 시작", blocks=[Block("p", p) for p in paragraphs],
                  published=datetime(2026, 10, 10, 9, 0, tzinfo=KST))
    post = stages.compose(stages.source_of(art), Config(feeds=[]), item_id="t", source_label="t").post
    # the last audit is the assembly's, not the minister's
    assert not post.title.startswith("김민수 장관, 마지막"), post.title


def test_a_decision_is_a_plan_in_a_title_but_a_heading_names_only_its_act():
    text = "정부는 내년 예산을 확장적으로 편성하기로 했다."
    assert [p.planned for p in predicates(text)] == [False]
    assert _first_title("산림청은 12개 사업을 선정해 총 380억원을 지원하기로 했다.", "산림청 발표").endswith("지원 예정")


def test_what_money_is_set_aside_to_do_is_no_act_done():
    # `…을 선정해 키우는 데 …원을 편성했다`: the festivals are still to be chosen
    assert not any(p.action.startswith("선정") for p in predicates(
        "세계인이 즐길 수 있는 ‘국제 축제’를 선정해 키우는 데 새로 30억원을 편성했다."))
    assert [p.phrase() for p in predicates("기업을 선정해 집중 육성한다.")] == ["기업 선정·집중 육성"]
