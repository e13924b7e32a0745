"""The guard never lets a post say one source sentence's content twice.

An engine may say one source sentence in several output sentences (the
rules engine splits `…바꾸고, …하기로 했다` in two). When one piece falls back to
the whole source sentence, its sibling pieces would repeat part of it: the
guard then says that source once, as its own text, in place of the group.
Drafts are built by hand over a real plan of a Korean article written for
these tests, and once through the real rules engine.
"""
from __future__ import annotations

from datetime import datetime

from pipeline.config import ComposeSettings, Config
from pipeline.facts import extract_facts
from pipeline.guard import guard, norm
from pipeline.models import KST, Article, Block, Draft, OutSentence, Section
from pipeline.plan import make_plan
from pipeline.rewrite import get_engine
from pipeline.sentences import split_blocks

BUS = Article(
    url="https://news.example.kr/city/5120",
    title="대전시, 노후 시내버스 전기버스로 교체…정류장 쉼터도 늘려",
    published=datetime(2024, 5, 13, 9, 0, tzinfo=KST),
    blocks=[
        Block("p", "대전시는 올해 시내버스와 정류장 환경을 손보는 대중교통 개선 사업을 벌인다고 13일 밝혔다. "
                   "사업비는 국비와 시비를 합쳐 모두 310억 원이다."),
        Block("p", "시는 노후 버스 120대를 전기버스로 바꾸고, 정류장 40곳에 냉난방 쉼터를 설치하기로 했다. "
                   "전기버스 충전소는 차고지 6곳에 새로 들어선다. "
                   "시 관계자는 \u201c시민이 체감하는 대중교통 개선에 힘쓰겠다\u201d고 말했다."),
    ],
)


def plan_of(art: Article):
    sents = split_blocks(art.blocks)
    return make_plan(art, extract_facts(art.text, sents, art.published), ComposeSettings(), sents)


def at(plan, prefix: str) -> int:
    [i] = [s.index for s in plan.sentences if norm(s.text).startswith(prefix)]
    return i


def body(draft: Draft) -> list[OutSentence]:
    return [s for sec in draft.sections for s in sec.sentences]


def test_a_split_piece_that_falls_back_takes_the_whole_group():
    plan = plan_of(BUS)
    i, j = at(plan, "시는 노후"), at(plan, "전기버스 충전소")
    pieces = [OutSentence("시는 노후 버스 120대를 전기버스로 바꿨다.", [i], None),  # a plan written as done
              OutSentence("정류장 40곳에 냉난방 쉼터를 설치하기로 했다.", [i], 1),
              OutSentence(plan.texts[j], [j])]
    out, report = guard(Draft("test", plan.article.title, "", [Section("머리말", pieces)]), plan)
    said = body(out)
    assert [s.text for s in said] == [plan.texts[i], plan.texts[j]]
    assert said[0].sources == [i] and said[0].highlight == 1  # the second piece's highlight kept
    assert report.fallbacks == {"body:modality": 1, "body:repeat": 1}


def test_the_failing_piece_may_be_the_last_one():
    plan = plan_of(BUS)
    i = at(plan, "시는 노후")
    pieces = [OutSentence("시는 노후 버스 120대를 전기버스로 바꾸기로 했다.", [i], 0),
              OutSentence("정류장 50곳에 냉난방 쉼터를 설치하기로 했다.", [i])]  # a changed figure
    out, report = guard(Draft("test", plan.article.title, "", [Section("머리말", pieces)]), plan)
    said = body(out)
    assert [(s.text, s.sources, s.highlight) for s in said] == [(plan.texts[i], [i], 0)]
    assert report.fallbacks == {"body:number": 1, "body:repeat": 1}


def test_a_piece_merged_with_its_neighbour_brings_the_neighbour_whole():
    plan = plan_of(BUS)
    i, j = at(plan, "시는 노후"), at(plan, "전기버스 충전소")
    pieces = [OutSentence("시는 노후 버스 130대를 전기버스로 바꾸기로 했다.", [i]),  # falls back
              OutSentence("정류장 40곳에 냉난방 쉼터를 설치하기로 했고, 충전소는 차고지 6곳에 새로 들어선다.", [i, j])]
    out, report = guard(Draft("test", plan.article.title, "", [Section("머리말", pieces)]), plan)
    said = body(out)
    assert [(s.text, s.sources) for s in said] == [(plan.texts[i], [i]), (plan.texts[j], [j])]
    assert report.fallbacks == {"body:number": 1, "body:repeat": 1}


def test_pieces_that_all_pass_stand_and_unrelated_sentences_are_untouched():
    plan = plan_of(BUS)
    i, j = at(plan, "시는 노후"), at(plan, "전기버스 충전소")
    pieces = [OutSentence("시는 노후 버스 120대를 전기버스로 바꾸기로 했다.", [i]),
              OutSentence("정류장 40곳에 냉난방 쉼터를 설치하기로 했다.", [i]),
              OutSentence("전기버스 충전소는 차고지 7곳에 새로 들어선다.", [j])]  # falls back, alone
    out, report = guard(Draft("test", plan.article.title, "", [Section("머리말", pieces)]), plan)
    assert [s.text for s in body(out)] == [pieces[0].text, pieces[1].text, plan.texts[j]]
    assert report.fallbacks == {"body:number": 1}


def test_one_source_said_whole_twice_is_said_once():
    plan = plan_of(BUS)
    i = at(plan, "시는 노후")
    twice = [Section("하나", [OutSentence(plan.texts[i], [i])]), Section("둘", [OutSentence(plan.texts[i], [i])])]
    out, report = guard(Draft("test", plan.article.title, "", twice), plan)
    assert [s.text for s in body(out)] == [plan.texts[i]] and len(out.sections) == 1
    assert report.fallbacks == {"body:repeat": 1}


def test_the_rules_engine_s_split_never_says_a_sentence_twice():
    """Through the real engine: whatever piece of a split the guard refuses,
    no source sentence's text stands beside another sentence citing it."""
    plan = plan_of(BUS)
    draft = get_engine("rules", Config(feeds=[])).rewrite(plan)
    out, report = guard(draft, plan)
    said = body(out)
    for s in said:
        if s.text == " ".join(plan.texts[k] for k in s.sources):
            others = [t for t in said if t is not s and set(t.sources) & set(s.sources)]
            assert others == [], (s.text, [t.text for t in others])
    for k in plan.texts:
        bits = [s for s in said if k in s.sources]
        assert len(bits) <= 1 or all(s.text != plan.texts[k] for s in bits)
    # When the engine split a sentence and the guard refused a piece, the
    # siblings were counted as repeats (the rules split `-고` of a plan into a
    # done first half today, which the guard refuses).
    split = [k for k in plan.texts if sum(k in s.sources for s in body(draft)) > 1]
    refused = {k for k in split if any(s.text == plan.texts[k] for s in said)}
    assert bool(refused) == ("body:repeat" in report.fallbacks)


def test_the_audit_names_a_source_said_whole_and_again():
    from pipeline.guard import audit
    from pipeline.models import Post

    plan = plan_of(BUS)
    i = at(plan, "시는 노후")
    twice = [OutSentence(plan.texts[i], [i]), OutSentence("정류장 40곳에 냉난방 쉼터를 설치하기로 했다.", [i])]
    post = Post(item_id="x", title=plan.article.title, categories=[], excerpt="", published=plan.article.published,
                slug="x", source_url=plan.article.url, source_title=plan.article.title, source_label="t",
                sections=[Section("머리말", twice)])
    assert any(r.startswith("body: repeat") for r in audit(post, plan))
    out, _ = guard(Draft("test", plan.article.title, "", [Section("머리말", twice)]), plan)
    assert not any(r.startswith("body: repeat") for r in audit(
        Post(**{**post.__dict__, "sections": out.sections}), plan))
