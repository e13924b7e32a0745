"""The Korean morphological analyser (Kiwi), loaded once per process.

Loading the model takes about a second and 100 MB, so every stage that
needs morphology (the rules engine, the guard's negation and modality
checks) shares this one instance; worker processes each load their own on
first use. The `cong` model is Kiwi's default and its fastest (about half a
millisecond a sentence here).
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def kiwi() -> Any:
    from kiwipiepy import Kiwi

    return Kiwi(model_type="cong")


@lru_cache(maxsize=8192)
def tokens(text: str) -> tuple[Any, ...]:
    """Kiwi tokens of one sentence (form, tag, start, len), cached: the rules
    engine and the guard analyse the same sentences."""
    return tuple(kiwi().tokenize(text))
