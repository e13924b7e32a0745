"""Sentence splitting of Korean news prose."""
from pipeline.models import BLOCK_SEP, Block
from pipeline.sentences import sentence_at, split_blocks, split_plain, split_text


def texts(s: str) -> list[str]:
    return [s[a:b] for a, b in split_text(s)]


def test_splits_on_korean_sentence_ends():
    s = "정부는 7일 대책을 발표했다. 지원 규모는 10억 원이다. 시행은 내년부터입니까? 그렇다!"
    assert texts(s) == ["정부는 7일 대책을 발표했다.", "지원 규모는 10억 원이다.", "시행은 내년부터입니까?", "그렇다!"]


def test_quotes_and_numeric_dots_do_not_split():
    s = '장관은 "예산을 늘리겠다. 현장을 돕겠다"고 말했다. 발표는 2024. 3. 7. 오전에 있었고 성장률은 1.5%였다.'
    assert texts(s) == ['장관은 "예산을 늘리겠다. 현장을 돕겠다"고 말했다.',
                        "발표는 2024. 3. 7. 오전에 있었고 성장률은 1.5%였다."]
    s2 = "김 장관은 “올해 안에 끝내겠다. 약속한다”라고 밝혔다. 이어 질의가 있었다."
    assert len(texts(s2)) == 2


def test_offsets_index_the_joined_article_text():
    blocks = [Block("h", "지원 확대"), Block("p", "첫 문장이다. 둘째 문장이다."), Block("p", "셋째다.")]
    text = BLOCK_SEP.join(b.text for b in blocks)
    sents = split_blocks(blocks)
    assert [s.text for s in sents] == ["지원 확대", "첫 문장이다.", "둘째 문장이다.", "셋째다."]
    for s in sents:
        assert text[s.start:s.end] == s.text
    assert [s.block for s in sents] == [0, 1, 1, 2]
    assert sentence_at(sents, text.index("둘째")) == 2


def test_split_plain_keeps_exact_offsets_with_repeated_paragraphs():
    text = "같은 문장이다.\n\n같은 문장이다.\n\n  다른 문장이다."
    sents = split_plain(text)
    assert [text[s.start:s.end] for s in sents] == ["같은 문장이다.", "같은 문장이다.", "다른 문장이다."]
    assert sents[1].start > sents[0].end
