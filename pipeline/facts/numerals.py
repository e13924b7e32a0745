"""Korean number phrases: `1조 2천억`, `10억5000만`, `3,500만`, `이천칠백삼십오만`, `세`.

Korean groups digits by 10^4 (만, 억, 조) and writers mix Arabic digits, the
small multipliers 천/백/십 and Sino-Korean numerals freely inside one phrase,
so a phrase is parsed group by group rather than with float arithmetic; values
are exact Decimals.
"""
from __future__ import annotations

import re
from decimal import Decimal
from functools import lru_cache

_BIG = {"조": Decimal(10) ** 12, "억": Decimal(10) ** 8, "만": Decimal(10) ** 4}
_SMALL_MULT = {"십": 10, "백": 100, "천": 1000}
_SINO = {"일": 1, "이": 2, "삼": 3, "사": 4, "오": 5, "육": 6, "칠": 7, "팔": 8, "구": 9}

# Regex building blocks shared by the extractors.
# Possessive: a number cut short is followed by a digit, comma or point, which
# nothing after a number phrase accepts, so giving digits back can never help;
# not trying it saves about a tenth of the number scan.
ARABIC = r"\d{1,3}+(?:,\d{3})++(?:\.\d++)?|\d++(?:\.\d++)?"
ARABIC_PLAIN = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"  # the same language, for tests
_SINO_CH = "일이삼사오육칠팔구십백천"
# A Sino-Korean run must carry a multiplier (`오천`, `이천칠백삼십오`) so lone
# syllables such as 이/사/오 (also ordinary words) are not read as numbers.
# Bounded so that a pathological run (`천천천…`) cannot make the scan quadratic.
_SINO_RUN = rf"[{_SINO_CH}]{{0,7}}[십백천][{_SINO_CH}]{{0,7}}"
# `8천165`: Arabic digits may interleave with 천/백/십 inside one group, and
# older or wire copy puts a space after the multiplier (`2백 50억`,
# `5천6백 6억`); a spaced part is at most the digits that multiplier leaves.
_AFTER_CHEON = r"(?:\s?\d[백십](?:\s?\d{1,2}(?![\d,]))?|\s?\d{1,3}(?![\d,]))"
_AFTER_BAEK = r"(?:\s?\d십(?:\s?\d(?![\d,]))?|\s?\d{1,2}(?![\d,]))"
SMALL = (rf"(?:(?:{ARABIC})(?:천{_AFTER_CHEON}?|백{_AFTER_BAEK}?|십(?:\d(?![\d,]))?"
         rf"|[천백십](?:\d{{1,3}}[백십]?){{0,3}})?|{_SINO_RUN})")
# After a space only a "heavy" tail continues a phrase (`3만 5천`, `1억 5,000`),
# so `10억 2건` is not read as 1,000,000,002.
_HEAVY_TAIL = rf"(?:(?:\d{{1,3}}(?:,\d{{3}})+|\d{{3,}}|\d+[천백십])|{_SINO_RUN})"
# One 만/억/조 group; the number may be absent (`만 원`) or a single Sino
# digit (`오만 원`), and `여` marks "over" (`10여억 원`).
GROUP = rf"(?:(?:{SMALL}|[{_SINO_CH}])여?[조억만])"
# A bare 만 only as the price `만 원`; bare 조/억/만 elsewhere start words (조건, 만기).
PHRASE = rf"(?:{GROUP}(?:\s?{GROUP}){{0,3}}(?:{SMALL}|\s{_HEAVY_TAIL})?|만(?=\s?원)|{SMALL})"

_TOKEN = re.compile(r"(\d+(?:\.\d+)?)|([일이삼사오육칠팔구])|([십백천])|([조억만])")

_PLAIN = re.compile(r"\d+(?:\.\d+)?")

NATIVE = {
    "한": 1, "두": 2, "세": 3, "네": 4, "다섯": 5, "여섯": 6, "일곱": 7, "여덟": 8, "아홉": 9,
    "열": 10, "열한": 11, "열두": 12, "열세": 13, "열네": 14, "열다섯": 15, "스무": 20, "스물": 20,
    "서른": 30, "마흔": 40, "쉰": 50,
}
NATIVE_RE = "|".join(sorted(NATIVE, key=len, reverse=True))


def not_after(words: list[str] | str, cls: str) -> str:
    """`(?<![cls])(?:w1|w2…)` rewritten as `w1[0](?<![cls].)w1[1:]|…`: the same
    matches, but every alternative now starts with a literal, so the regex
    engine jumps between candidate characters instead of trying every position
    (a leading lookbehind hides the first character from its prefix scan).
    Words are plain text apart from `\\s?`, which must not come first."""
    if isinstance(words, str):
        words = words.split("|")
    return "|".join(f"{w[0]}(?<![{cls}].){w[1:]}" for w in words)


@lru_cache(maxsize=65536)
def parse_number(phrase: str) -> Decimal | None:
    """Exact value of a number phrase, or None if it holds no number."""
    s = phrase.replace(",", "").replace(" ", "").replace("여", "")
    if not s:
        return None
    if _PLAIN.fullmatch(s):
        return normalise(Decimal(s))
    total = Decimal(0)  # sum of completed 만/억/조 groups
    group = Decimal(0)  # current group below 10^4
    cur: Decimal | None = None  # pending digit(s)
    seen = False
    for m in _TOKEN.finditer(s):
        num, sino, small, big = m.groups()
        seen = True
        if num is not None:
            cur = Decimal(num)
        elif sino is not None:
            cur = Decimal(_SINO[sino])
        elif small is not None:
            group += (cur if cur is not None else Decimal(1)) * _SMALL_MULT[small]
            cur = None
        else:
            if cur is not None:
                group += cur
            if group == 0:
                group = Decimal(1)  # bare `만 원`
            total += group * _BIG[big]
            group = Decimal(0)
            cur = None
    if not seen:
        return None
    if cur is not None:
        group += cur
    return normalise(total + group)


def normalise(v: Decimal) -> Decimal:
    """Drop a meaningless fractional part (`1.5조` → 1500000000000, not ...0.0)."""
    if v == v.to_integral_value():
        return Decimal(int(v))
    return v.normalize()


def leading_multiplier(phrase: str) -> Decimal | None:
    """Scale of a single-group phrase (`5천억` → 10^11) for ranges like `3~5천억`."""
    s = phrase.replace(",", "").replace(" ", "").replace("여", "")
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([천백십]?)([조억만]?)", s)
    if not m or not (m.group(2) or m.group(3)):
        return None
    mult = Decimal(1)
    if m.group(2):
        mult *= _SMALL_MULT[m.group(2)]
    if m.group(3):
        mult *= _BIG[m.group(3)]
    return mult


def has_unit(phrase: str) -> bool:
    return any(c in phrase for c in "조억만천백십")
