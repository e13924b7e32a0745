"""Facts of a Korean news article: money, counts, durations, dates, percentages,
organisations, people and quoted programme names.

`extract_facts` is pure and rule-based (precompiled regexes, no tagger) so it
costs well under the page's own extraction time; every Fact's `text` is the
exact source span, which later stages rely on to keep numbers faithful.

Span conventions (the labelled corpus in tests/facts_corpus follows them):
- a number's span is the number and its unit (`10억 원`, `3,500만원`, `4개`,
  `세 곳`, `12.5%`); `여` and `간` inside it belong to it (`10여 개`, `3년간`);
  modifiers around it do not and become flags or attrs instead: 약/가량/안팎
  -> approx, 최대/이상/미만/초과/넘게 -> bound, `1곳당` -> attrs["per"],
  `씩` -> attrs["each"], a `~` range -> range=True, value low, attrs["high"];
- dates span the date words (`2024년 3월`, `내년 1분기`, `4월 1일 오전 9시`,
  `다음 달 2일`), not 오는/지난/까지/부터; 이날 is the last full date named
  before it (else the publication day);
- durations are ISO-8601 (`1년 6개월` -> P1Y6M, `5시간` -> PT5H);
- programme values and spans are the text inside the quotes; a person's span
  is the name (titles in attrs), an anonymised one `A씨`.
Not facts: ordinals (제3차, 22대 국회, 4번 타자, 민선 9기, 3기 펀드, baseball
innings: 7회 말, 연장 11회), ranks (4대 강국에 진입: "one of the top four"),
generations (2세대 칩), ratios (10.8대 1), age bands (30대 남성, 50대였다),
proportions on a round base (10명 중 7명), unit words (2나노), phone numbers,
bylines and e-mail addresses. A day count after 일수 (`폭염 일수가 24일로`) is a
duration, not a date; a number inside a quoted title (`'5월 수출입 동향'`) is
part of the programme name, except `N대` parts (`「3대 혁신 전략」`: a count) and a date the title opens with (`'2024년 주요
정책 추진계획'`) or a span of years in brackets inside it (`(2016∼2025)`),
which are dates too. Two-digit years need their apostrophe
(`’22년`, `‘18~’22`, `‘24.3월`); a span of years in brackets needs no 년
(`(2016∼2025)`).
"""
from __future__ import annotations

import bisect
import re
from datetime import datetime

from ..models import Fact, Sentence
from ..sentences import split_plain
from .dates import find_dates
from .entities import find_entities, find_programmes
from .numeric import ORDINAL_DAE, find_numbers

NUMERIC_KINDS = ("money", "count", "duration", "date", "percent")
# `「교통 분야 3대 혁신 전략」`: a title that names how many parts it has states a count.
_TITLE_COUNT = re.compile(r"(?<![\d.,제])([1-9]\d?)대(?=\s[가-힣])")

__all__ = ["extract_facts", "NUMERIC_KINDS"]


def extract_facts(text: str, sentences: list[Sentence] | None = None,
                  published: datetime | None = None) -> list[Fact]:
    """All facts of `text`, sorted by start offset."""
    if sentences is None:
        sentences = split_plain(text)
    bounds = [(s.start, s.end) for s in sentences] or [(0, len(text))]
    starts = [s.start for s in sentences]

    def sentence_index(pos: int) -> int:
        i = bisect.bisect_right(starts, pos) - 1
        return sentences[i].index if i >= 0 and sentences else 0

    facts: list[Fact] = []
    programmes = find_programmes(text)
    # Numbers inside a programme's name (`'2025년 글로컬대학 30'`) are part of the name.
    blocked = [(p.start, p.end) for p in programmes]
    dates = find_dates(text, published)
    # ... except the year a quoted title opens with (`'2024년 주요 정책 추진계획'`):
    # it dates the programme, and readers take it as the year of the plan.
    # So is a plan's span of years in brackets (`‘제3차 계획(2016∼2025)’`).
    openers = {a for a, _ in blocked}
    dates = [d for d in dates if (d.value and len(d.value) == 4 and (
                 d.start in openers or (d.range and d.start > 0 and text[d.start - 1] in "([")))
             or all(d.end <= a or d.start >= b for a, b in blocked)]
    for d in dates:
        facts.append(Fact("date", text[d.start:d.end], d.value, None, d.start, d.end,
                          sentence_index(d.start), range=d.range, attrs=d.attrs))
    nums = find_numbers(text, bounds, blocked + [(d.start, d.end) for d in dates])
    for n in nums:
        facts.append(Fact(n.kind, text[n.start:n.end], n.value, n.unit, n.start, n.end,
                          sentence_index(n.start), approx=n.approx, range=n.range, bound=n.bound,
                          attrs=n.attrs))
    for p in programmes:
        for m in _TITLE_COUNT.finditer(text, p.start, p.end):
            if not ORDINAL_DAE.match(text, m.end()):
                facts.append(Fact("count", m.group(0), int(m.group(1)), "대", m.start(), m.end(),
                                  sentence_index(m.start()), attrs={"in_title": True}))
    taken = [(f.start, f.end) for f in facts]
    for p in programmes:
        facts.append(Fact("programme", text[p.start:p.end], p.value, None, p.start, p.end,
                          sentence_index(p.start)))
    for e in find_entities(text, taken + blocked):
        facts.append(Fact(e.kind, text[e.start:e.end], e.value, None, e.start, e.end,
                          sentence_index(e.start), attrs=e.attrs))
    facts.sort(key=lambda f: (f.start, f.end))
    return facts
