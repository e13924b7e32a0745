"""The shared analyser's caches: shared between stages, and emptied on demand."""
from __future__ import annotations

from pipeline import korean
from pipeline.guard.morph import read
from pipeline.rewrite.morph import toks


def test_a_sentence_is_analysed_once_until_forgotten():
    text = "구는 올해 청년 쉼터 두 곳을 새로 연다고 3일 밝혔다."
    korean.forget()
    before = korean.stats()["analysed"]
    toks(text), read(text), korean.tokens(text)
    assert korean.stats()["analysed"] == before + 1  # the rules and the guard share one analysis
    korean.forget()
    assert toks.cache_info().currsize == 0 and read.cache_info().currsize == 0
    toks(text)
    assert korean.stats()["analysed"] == before + 2  # met again as unseen text
