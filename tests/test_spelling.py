"""The source's own slips fixed before facts, engines and the guard read it."""
from __future__ import annotations

from datetime import datetime

import pytest

from pipeline import stages
from pipeline.models import KST, Article, Block
from pipeline.spelling import correct, correct_article


@pytest.mark.parametrize("text, want", [
    ("매출이 지난 해보다 10% 늘었다.", "매출이 지난해보다 10% 늘었다."),
    ("지난 해 12월 문을 열었다.", "지난해 12월 문을 열었다."),
    ("여러 정책을 한번에 찾을 수 있다.", "여러 정책을 한 번에 찾을 수 있다."),
    ("인재 발굴?육성에 나선다.", "인재 발굴·육성에 나선다."),
    ("시의회 김정환의원(무소속)이 밝혔다.", "시의회 김정환 의원(무소속)이 밝혔다."),
    ("이창우구청장은 특구를 반겼다.", "이창우 구청장은 특구를 반겼다."),
    ("전국 처음으로 ’직업교육 특구’로 지정됐다.", "전국 처음으로 ‘직업교육 특구’로 지정됐다."),
    ("구는 ‘청년 특구‘로 지정됐다.", "구는 ‘청년 특구’로 지정됐다."),
    ("정부는 「토론회 “교통 해소” 」를 연다.", "정부는 「토론회 “교통 해소”」를 연다."),
    ("반도체는 전세 수출의 19.8%를 차지했다.", "반도체는 전체 수출의 19.8%를 차지했다."),
    ("공고는 구 누리집과 민원 포탈에 실린다.", "공고는 구 누리집과 민원 포털에 실린다."),
    ("통합포탈(www.example.kr)에서 신청한다.", "통합포털(www.example.kr)에서 신청한다."),
    ("설계·제작· 시험 장비를 들인다.", "설계·제작·시험 장비를 들인다."),
    ("도로 확장에 따르 추가 예산이 든다.", "도로 확장에 따른 추가 예산이 든다."),
])
def test_a_slip_is_fixed(text, want):
    assert correct(text) == want
    assert correct(want) == want  # idempotent: a merged story's source passes again


@pytest.mark.parametrize("text", [
    "지난 해외 순방에서 협약을 맺었다.",  # 지난 + 해외, two words
    "한번 가 볼 만한 곳이다.",  # 한번 (once, some time) is one word
    "강원도지사가 예산을 밝혔다.",  # a province and its governor, no name
    "정무부시장이 회의를 열었다.",  # 정무 + 부시장
    "왜? 그 이유는 간단하다.",
    "McDonald’s 매장이 문을 열었다.",  # an apostrophe, not a quote
    "그는 “지난 해 한번에 다 했다”고 말했다.",  # speech is reproduced as spoken
    "전세 가구는 1.2% 늘었다.",  # a lease household is a lease
    "업체는 조세 포탈 혐의로 기소됐다.",  # 포탈 (evasion) is its own word
    "세금을 포탈한 업체가 적발됐다.",
    "관세포탈죄로 처벌받는다.",
    "규정에 따르면 신청할 수 있다.",  # 따르면, a whole word
])
def test_no_slip_is_left_alone(text):
    assert correct(text) == text


def test_the_facts_and_the_chain_read_the_fixed_text():
    art = Article("https://x.kr/1", "특구 지정", [
        Block("p", "서울 동작구가 지난 해보다 두 배 많은 예산을 청년 교육에 쓴다고 1일 밝혔다."),
        Block("p", "구는 여러 청년 정책을 한번에 찾는 누리집도 연다."),
    ], published=datetime(2024, 3, 1, 9, tzinfo=KST))
    src = stages.source_of(art)
    assert "지난해보다" in src.article.text and "한 번에" in src.article.text
    assert [s.text for s in src.sentences][1] == "구는 여러 청년 정책을 한 번에 찾는 누리집도 연다."
    years = [f for f in src.facts if f.kind == "date" and "지난해" in f.text]
    assert years and years[0].value.startswith("2023")
    for f in src.facts:
        assert src.article.text[f.start:f.end] == f.text  # spans point into the fixed text
    assert correct_article(src.article) is src.article  # nothing left to fix


def _article(*paras: str) -> Article:
    return Article("https://x.kr/2", "업무 보고", [Block("p", p) for p in paras],
                   published=datetime(2024, 1, 2, 9, tzinfo=KST))


def test_a_title_typed_as_it_sounds_is_fixed_where_the_article_names_it():
    art = _article("홍길동 문화부 장관은 2일 업무 계획을 보고했다.", "홍길동 장과는 “문화 예산을 늘리겠다”고 말했다.")
    assert correct_article(art).blocks[1].text == "홍길동 장관은 “문화 예산을 늘리겠다”고 말했다."


@pytest.mark.parametrize("paras", [
    ("홍길동 장과는 이어 말했다.",),  # the article never calls him 장관: nothing to go on
    ("전통 시장과는 다른 길을 간다.", "김철수 장관이 왔다."),  # 시장 + 과는
])
def test_a_sounded_title_without_evidence_stays(paras):
    art = _article(*paras)
    assert [b.text for b in correct_article(art).blocks] == list(paras)


def test_the_facts_command_reads_a_text_file_with_its_slips_fixed(tmp_path, capsys):
    import json

    from pipeline.cli import main

    f = tmp_path / "a.txt"
    f.write_text("홍길동 문화부 장관은 2일 예산을 밝혔다.\n\n홍길동 장과는 지난 해보다 10억 원 늘린다고 말했다.\n",
                 encoding="utf-8")
    assert main(["facts", str(f), "--published", "2024-03-02", "--json"]) == 0
    facts = json.loads(capsys.readouterr().out)
    assert any(x["kind"] == "date" and x["text"] == "지난해" for x in facts)
    # With its title read as a title, the second sentence names a person too.
    assert any(x["kind"] == "person" and x["text"] == "홍길동" and x["sentence"] == 1 for x in facts), facts


def test_a_name_cut_inside_a_word_is_said_whole_as_the_article_said_it_before():
    from pipeline.models import Block
    from pipeline.spelling import correct_blocks

    fixed = correct_blocks([Block("p", "환경부와 한국환경공단은 기업을 모집한다."),
                            Block("p", "경공단은 6월 초 협약을 맺는다. 환경공단은 결과를 알린다.")])
    assert fixed[1].text == "한국환경공단은 6월 초 협약을 맺는다. 환경공단은 결과를 알린다."
    # with no whole name before it, the page's word stays
    alone = correct_blocks([Block("p", "경공단은 6월 초 협약을 맺는다.")])
    assert alone[0].text == "경공단은 6월 초 협약을 맺는다."
