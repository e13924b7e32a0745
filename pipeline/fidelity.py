"""Number tokens: the figures a text states, as the guard compares them.

`scan_numbers` finds every number token of a text: Arabic digits with `,`/`.`,
Korean magnitude chains like `1조 2천억`, `8만5천162`, Hangul amounts like
`천만 원`, native counts like `세 곳`, day words like `열흘`, each with its
unit. Tokens compare by value string (spaces and thousands commas removed,
a magnitude chain read as its amount, so `10억 원` == `10억원`, `3,500만` ==
`35000000`, `301,364억` == `30조 1,364억`, `1백 50` == `150`) and by unit (`3년간` is `3년`,
`%포인트` is `%p`); a range's first half shares the second half's unit
(`3천억~5천억 원`).

The checks that use them live in the guard (pipeline/guard/): this module
only reads figures, it judges nothing. (The old whole-post check that
required every body sentence to be a verbatim piece of the source is gone:
engines rewrite now, and the guard checks meaning instead of copying.)
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

from .facts.numerals import parse_number

_NUM = r"\d+(?:,\d{3})*(?:\.\d+)*"
_MAG = r"(?:[십백천]?[만억조]|[십백천])"
_UNITS = sorted(
    """%p %포인트 % ‰ 포인트 bp 원 달러 엔 위안 유로 파운드 루블 명 개교 개국 개사 개월 개 곳 건 년 주년 월 일 시간 시 분 초
    주 세 살 배 차례 차 회 번째 번 호 층 위 등 점 대 채 가구 세대 마리 톤 평 km ㎞ kg ㎏ ㎡ m 리터 L 그루 권 편 종 척
    가지 팀 곳씩 쌍 인 석 표 kW MW GW kWh GWh TWh 나노 nm 달 주간 일간 년간 개월간 시간씩""".split(),
    key=len,
    reverse=True,
)
_UNIT_RE = "|".join(re.escape(u) for u in _UNITS)
_NATIVE = "한|두|세|네|다섯|여섯|일곱|여덟|아홉|열|열한|열두|열세|열네|스무|스물|서른|마흔|쉰|예순|일흔|여든|아흔"
_COUNTER = "곳|명|개|가지|차례|번|살|달|해|시간|개월|배|척|대|마리|권|채|군데|사람|분|주|주일|갈래|편|팀"
# What may follow a counter word (`세 명이다`, `두 달 동안`), so `세 대학` is no count.
_AFTER_COUNTER = "(?:이|가|을|를|은|는|의|에|도|만|과|와|씩|째|당|간|으로|로|까지|부터|동안|이나|뿐)"
_DAYS = "하루|이틀|사흘|나흘|닷새|엿새|이레|여드레|아흐레|열흘|보름"
_HNUM = "일이삼사오육칠팔구"

# Order matters: a digit chain first, then Hangul-only amounts, native counts, day words.
# `6.7대 1` is odds (`6.7:1`), not 6.7 machines: 대 before a number is no counter.
_TOKEN = re.compile(
    rf"(?P<digits>(?:{_NUM}{_MAG}\s?)*{_NUM}{_MAG}?)(?:\s?(?P<unit>{_UNIT_RE})(?<!(?<=[\d\s])대(?=\s?\d)))?"
    rf"|(?<![가-힣\d])(?P<hangul>(?:수|몇|[{_HNUM}])?(?:[{_HNUM}]?[십백천])*[{_HNUM}]?[만억조](?:[{_HNUM}]?[십백천]?[{_HNUM}]?)*)"
    rf"\s?(?P<hunit>원|달러|엔|위안|유로|명|개|곳|가구|표)"
    rf"|(?<![가-힣])(?P<native>{_NATIVE})\s(?P<counter>{_COUNTER})(?![가-힣])"
    rf"|(?<![가-힣])(?P<native2>{_NATIVE})\s(?P<counter2>{_COUNTER})(?={_AFTER_COUNTER})"
    rf"|(?<![가-힣])(?P<day>{_DAYS})"
)
# Where a token can start: a digit (the digit chain), or a word start (no
# Hangul syllable before it: every other branch has that lookbehind) with a
# character some Hangul-amount, native-count or day word begins with.
# Trying _TOKEN only there finds the same tokens as finditer, without running
# its five branches at every position of the text.
_FIRST = "".join(sorted(
    set("수몇" + _HNUM + "십백천만억조")
    | {w[0] for w in _NATIVE.split("|")}
    | {w[0] for w in _DAYS.split("|")}
))
# One character class first, so the regex engine skips ahead in C; the
# lookbehinds then keep digits anywhere and the rest only at a word start.
_CANDIDATE = re.compile(rf"[\d{_FIRST}](?:(?<=\d)|(?<![가-힣].))")
_RANGE = "~∼～〜-–—"


class NumberToken(NamedTuple):
    """Immutable like a frozen dataclass; a tuple is built several times faster,
    which counts in an article-wide scan."""

    value: str  # normalised: no spaces, no thousands commas
    unit: str | None
    start: int
    end: int
    raw: str


def scan_numbers(text: str) -> list[NumberToken]:
    """Number tokens of a text, in order."""
    if len(text) <= 64:
        return list(_scan_short(text))  # fact spans, headings, words: they repeat
    return _scan(text)


@lru_cache(maxsize=16384)
def _scan_short(text: str) -> tuple[NumberToken, ...]:
    return tuple(_scan(text))


def _scan(text: str) -> list[NumberToken]:
    text = unicodedata.normalize("NFC", text)
    out: list[NumberToken] = []
    search, match = _CANDIDATE.search, _TOKEN.match
    pos = 0
    while True:
        c = search(text, pos)
        if c is None:
            break
        m = match(text, c.start())
        if m is None:
            pos = c.start() + 1
            continue
        pos = m.end()
        digits, unit, hangul, hunit, native, counter, native2, counter2, day = m.groups()
        if digits:
            value = digits
        elif hangul:
            value, unit = hangul, hunit
        elif native:
            value, unit = native, counter
        elif native2:
            value, unit = native2, counter2
        else:
            value, unit = day, None
        if unit is not None:
            unit = _UNIT_NORM.get(unit) or _norm_unit(unit)
        # Most values are plain digits or words: nothing to remove, no regex run.
        if not value.isalnum():
            value = _VALUE_JUNK.sub("", value)
        if digits and _HAS_MAG.search(value):
            value = _amount(value)
        out.append(NumberToken(value, unit, m.start(), pos, m.group(0)))
    # `3천억~5천억 원`: the first half of a range carries the second's unit.
    for i in range(len(out) - 1, 0, -1):
        prev = out[i - 1]
        if prev.unit is not None:
            continue
        cur = out[i]
        if cur.start - prev.end > 3:
            continue
        gap = text[prev.end:cur.start]
        if gap.strip() and all(c in _RANGE or c.isspace() for c in gap):
            out[i - 1] = NumberToken(prev.value, cur.unit, prev.start, prev.end, prev.raw)
    return out


def _norm_unit(u: str | None) -> str | None:
    # `3년간` states the same figure as `3년`; `%포인트` is `%p`.
    if u is None:
        return None
    u = {"%포인트": "%p", "㎞": "km", "㎏": "kg"}.get(u, u)
    return u[:-1] if len(u) > 1 and u.endswith(("간", "씩")) else u


# Every unit the token pattern can capture, normalised once.
_UNIT_NORM = {u: _norm_unit(u) for u in [*_UNITS, *"원|달러|엔|위안|유로|명|개|곳|가구|표".split("|"), *_COUNTER.split("|")]}


_VALUE_JUNK = re.compile(r"[\s,]")
_HAS_MAG = re.compile(r"[십백천만억조]")


def _amount(chain: str) -> str:
    """A magnitude chain's value (the facts' own parser), so a figure compares
    by what it is, not by how it is written: `301364억` == `30조1364억`,
    `1백50` == `150`, `5천6백6억` == `5606억`."""
    value = parse_number(chain)
    return chain if value is None else str(value)
