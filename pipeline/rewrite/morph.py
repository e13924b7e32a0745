"""Korean morphology for the rules engine: tokens, particles, conjugation.

The rules engine rewrites by editing spans of the source sentence, so the
text it does not change stays byte for byte the source's (re-joining
unchanged morphemes can pick another particle, e.g. after a bracket).
This module says where the spans are (Kiwi's tokens with offsets), which
particle a new word takes (by its final consonant), and how a new stem is
conjugated with the source's endings (`Kiwi.join`).

It refuses to guess: a word whose final sound it cannot tell (a symbol, an
unknown Latin abbreviation) gets no particle repair, and the caller keeps
the source's wording.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import korean


@dataclass(frozen=True)
class Tok:
    form: str
    tag: str
    start: int
    end: int


@korean.sentence_cache(korean.CACHE_SIZE)
def toks(text: str) -> tuple[Tok, ...]:
    raw = korean.tokens(text)
    return tuple(Tok(t.form, t.tag, t.start, t.start + t.len) for t in raw)


# -- final consonants ----------------------------------------------------------

_DIGIT_FINAL = {"0": True, "1": True, "2": False, "3": True, "4": False, "5": False, "6": True,
                "7": True, "8": True, "9": False}
_DIGIT_RIEUL = {"1", "7", "8"}  # 일, 칠, 팔 end in ㄹ
# Latin letters read aloud: L, M, N, R end in a consonant.
_LATIN_FINAL = {c: c in "LMNR" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}


def final(word: str) -> str | None:
    """The final consonant class of `word`'s last sound: "none", "rieul", "other",
    or None when it cannot be told."""
    w = word.rstrip(" )]}’”\"'")
    if not w:
        return None
    ch = w[-1]
    code = ord(ch) - 0xAC00
    if 0 <= code < 11172:
        jong = code % 28
        if jong == 0:
            return "none"
        return "rieul" if jong == 8 else "other"
    if ch in _DIGIT_FINAL:
        if ch == "0" and len(w) > 1 and w[-2].isdigit():
            return "other"  # 십, 백, 천, 만: all end in a consonant
        return ("rieul" if ch in _DIGIT_RIEUL else "other") if _DIGIT_FINAL[ch] else "none"
    up = ch.upper()
    if up in _LATIN_FINAL:
        return "other" if _LATIN_FINAL[up] else "none"
    return None


# (after a consonant, after a vowel); 으로/로 also takes 로 after ㄹ.
PAIRS: dict[str, tuple[str, str]] = {
    "은": ("은", "는"), "는": ("은", "는"),
    "이": ("이", "가"), "가": ("이", "가"),
    "을": ("을", "를"), "를": ("을", "를"),
    "과": ("과", "와"), "와": ("과", "와"),
    "으로": ("으로", "로"), "로": ("으로", "로"),
    "이나": ("이나", "나"), "나": ("이나", "나"),
    "이라": ("이라", "라"), "라": ("이라", "라"),
    "으로는": ("으로는", "로는"), "로는": ("으로는", "로는"),
    "으로도": ("으로도", "로도"), "로도": ("으로도", "로도"),
}


def particle(word: str, josa: str) -> str | None:
    """The form of particle `josa` after `word` (None when the final sound is unknown)."""
    pair = PAIRS.get(josa)
    if pair is None:
        return josa
    f = final(word)
    if f is None:
        return None
    if pair[0].startswith("으로"):
        return pair[1] if f in ("none", "rieul") else pair[0]
    return pair[1] if f == "none" else pair[0]


def with_particle(word: str, josa: str) -> str | None:
    p = particle(word, josa)
    return None if p is None else word + p


# -- conjugation -----------------------------------------------------------------


def join(morphs: list[tuple[str, str]]) -> str:
    return korean.kiwi().join(morphs)


PRESENT = [("ᆫ다", "EF")]  # Kiwi picks ㄴ다/는다 by the stem
PAST = [("었", "EP"), ("다", "EF")]


def conjugate(stem: tuple[str, str], endings: list[tuple[str, str]]) -> str:
    """`stem` (form, tag) with `endings` (morphemes), re-conjugated by Kiwi."""
    return join([stem, *endings])


def parse_stem(spec: str) -> tuple[str, str]:
    """`짓/VV-I` -> ("짓", "VV-I"); a bare stem is a regular verb."""
    form, _, tag = spec.partition("/")
    return form, tag or "VV"
