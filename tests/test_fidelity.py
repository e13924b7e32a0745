"""Fidelity check: invented or altered numbers in a post are caught."""
from __future__ import annotations

import copy
import dataclasses
import random
import unicodedata

import pytest

from pipeline.config import ComposeSettings
from pipeline import fidelity
from pipeline.fidelity import Violation, check, scan_numbers
from pipeline.models import Article, Block, OutSentence, Section
from test_compose import ALL, EDU, EXPORT, HEAT, compose, hand_facts


def _post(key="edu"):
    art = ALL[key]
    facts = hand_facts(art, key)
    return compose(art, facts, ComposeSettings(), item_id="x", source_label="t"), art, facts


def _tokens(text):
    return [(t.value, t.unit) for t in scan_numbers(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("서울특별시는 10억 원의 지원을", [("10억", "원")]),
        ("10억원", [("10억", "원")]),
        ("1조 2천억 원", [("1조2천억", "원")]),
        ("10억5000만원", [("10억5000만", "원")]),
        ("3,500만 원 미만", [("3500만", "원")]),
        ("8만5천162명과 중국(8만1천340명)", [("8만5천162", "명"), ("8만1천340", "명")]),
        ("3천억~5천억 원", [("3천억", "원"), ("5천억", "원")]),
        ("87.3%에 달했다, 0.3%p 올라", [("87.3", "%"), ("0.3", "%p")]),
        ("0.2%포인트씩", [("0.2", "%p")]),
        ("세 곳에 두 명씩", [("세", "곳"), ("두", "명")]),
        ("열흘간 하루도", [("열흘", None), ("하루", None)]),
        ("이천칠백삼십오만원, 수억 원", [("이천칠백삼십오만", "원"), ("수억", "원")]),
        ("3년간 6개월간", [("3", "년"), ("6", "개월")]),
        ("2024. 3. 7. 발표", [("2024", None), ("3", None), ("7", None)]),
        ("세계 최대 세대 교체", []),
        ("한국은행 금융통화위원회", []),
    ],
)
def test_scan_numbers(text, expected):
    assert _tokens(text) == expected


@pytest.mark.parametrize("key", sorted(ALL))
def test_composed_posts_are_clean(key):
    post, art, facts = _post(key)
    assert check(post, art, facts) == []


def test_changed_amount_in_body_is_caught():
    post, art, facts = _post("edu")
    bad = copy.deepcopy(post)
    hit = [o for s in bad.sections for o in s.sentences if "10억 원" in o.text]
    assert hit
    hit[0].text = hit[0].text.replace("10억 원", "12억 원")
    v = check(bad, art, facts)
    # 12억 원 appears elsewhere in the article, but not in the cited sentence.
    assert any(x.where == "body" and "12억" in x.reason for x in v)
    assert any("not verbatim" in x.reason for x in v)


def test_spacing_of_amounts_is_not_a_change():
    post, art, facts = _post("edu")
    ok = copy.deepcopy(post)
    ok.title = ok.title.replace("10억 원", "10억원")
    assert check(ok, art, facts) == []


def test_added_sentence_with_new_date_is_caught():
    post, art, facts = _post("heat")
    bad = copy.deepcopy(post)
    bad.sections[0].sentences.append(OutSentence("도는 2025년 3월 1일부터 신청을 받는다.", [0]))
    v = check(bad, art, facts)
    reasons = " ".join(x.reason for x in v)
    assert "2025" in reasons and "not verbatim" in reasons


def test_invented_number_in_title_heading_excerpt_tags():
    post, art, facts = _post("export")
    for field, value in [("title", "2월 수출 5.8% 증가"), ("excerpt", "수출액이 624억 달러로…"),
                         ("description", "무역수지는 44억 달러 흑자를 기록했다.")]:
        bad = dataclasses.replace(post, **{field: value})
        v = check(bad, art, facts)
        assert [x.where for x in v] == [field], (field, v)
    bad = copy.deepcopy(post)
    bad.sections[1].heading = "반도체 수출 100억 달러"
    assert [x.where for x in check(bad, art, facts)] == ["heading"]
    bad = dataclasses.replace(post, tags=["수출 3천억"])
    assert [x.where for x in check(bad, art, facts)] == ["tags"]


def test_unit_change_is_caught():
    post, art, facts = _post("export")
    # 524억 달러 in the source; the same figure in won is a different claim.
    bad = dataclasses.replace(post, title="2월 수출 524억 원")
    v = check(bad, art, facts)
    assert v and v[0].where == "title" and "524억" in v[0].reason
    fine = dataclasses.replace(post, title="2월 수출 524억")
    assert check(fine, art, facts) == []


def test_native_numerals_and_day_words():
    post, art, facts = _post("bridge")
    bad = dataclasses.replace(post, description="사고 수습에 열흘이 걸렸다.")
    assert [x.where for x in check(bad, art, facts)] == ["description"]
    bad = dataclasses.replace(post, description="부상자는 세 명이다.")
    assert [x.where for x in check(bad, art, facts)] == ["description"]
    ok = dataclasses.replace(post, description="두 사람은 인근 병원으로 옮겨졌다.")
    assert check(ok, art, facts) == []


def test_bad_sources_and_fact_spans():
    post, art, facts = _post("edu")
    bad = copy.deepcopy(post)
    bad.sections[0].sentences[0].sources = [999]
    assert any("no valid source" in x.reason for x in check(bad, art, facts))
    bad = copy.deepcopy(post)
    bad.sections[0].sentences[0].sources = []
    assert any("no valid source" in x.reason for x in check(bad, art, facts))
    bad = copy.deepcopy(post)
    f = bad.facts[0]
    bad.facts[0] = dataclasses.replace(f, start=f.start + 1, end=f.end + 1)
    assert [x.where for x in check(bad, art, facts)] == ["facts"]


def test_substring_sentence_keeps_its_own_numbers_only():
    post, art, facts = _post("export")
    ok = copy.deepcopy(post)
    sec = ok.sections[0]
    first = sec.sentences[0]
    # A verbatim piece of the cited sentence is fine...
    piece = first.text.split(" ", 1)[1]
    sec.sentences[0] = OutSentence(piece, first.sources, first.highlight)
    assert check(ok, art, facts) == []
    # ...citing the wrong sentence for it is not.
    sec.sentences[0] = OutSentence(piece, [first.sources[0] + 5], first.highlight)
    v = check(ok, art, facts)
    assert any("not verbatim" in x.reason for x in v) and any("524억" in x.reason for x in v)


def test_a_title_rule_that_invents_a_figure_falls_back(monkeypatch):
    # A title rule that injects a figure: the guard must refuse it, not publish it.
    from pipeline.config import TitleRule

    s = ComposeSettings(title_rules=[TitleRule(r"^", "[2배] ")])
    post = compose(HEAT, hand_facts(HEAT, "heat"), s, item_id="x", source_label="t")
    assert "2배" not in post.title and post.title


def test_violation_shape():
    v = Violation("body", "x", "y")
    assert (v.where, v.text, v.reason) == ("body", "x", "y")


def test_numbers_from_article_title_allowed():
    art = Article("u", "코스피 2,700 돌파", [Block("p", "코스피가 이틀 연속 올랐다. 외국인이 순매수했다. 개인은 팔았다.")])
    post, _, _ = _post("short")
    post = dataclasses.replace(post, title="코스피 2,700 돌파", sections=[Section("코스피", [OutSentence("코스피가 이틀 연속 올랐다.", [0])])],
                               excerpt="", description="", tags=[], facts=[])
    assert check(post, art, []) == []
    assert EDU and EXPORT  # fixtures shared with test_compose


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
