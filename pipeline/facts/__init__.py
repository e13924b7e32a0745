"""Facts of a Korean news article: money, counts, durations, dates, percentages,
organisations, people and quoted programme names.

`extract_facts` is pure and rule-based (precompiled regexes, no tagger) so it
costs well under the page's own extraction time; every Fact's `text` is the
exact source span, which later stages rely on to keep numbers faithful.
"""
from __future__ import annotations

import bisect
from datetime import datetime

from ..models import Fact, Sentence
from ..sentences import split_plain
from .dates import find_dates
from .entities import find_entities, find_programmes
from .numeric import find_numbers

NUMERIC_KINDS = ("money", "count", "duration", "date", "percent")

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
    dates = [d for d in dates if all(d.end <= a or d.start >= b for a, b in blocked)]
    for d in dates:
        facts.append(Fact("date", text[d.start:d.end], d.value, None, d.start, d.end,
                          sentence_index(d.start), range=d.range, attrs=d.attrs))
    nums = find_numbers(text, bounds, blocked + [(d.start, d.end) for d in dates])
    for n in nums:
        facts.append(Fact(n.kind, text[n.start:n.end], n.value, n.unit, n.start, n.end,
                          sentence_index(n.start), approx=n.approx, range=n.range, bound=n.bound,
                          attrs=n.attrs))
    taken = [(f.start, f.end) for f in facts]
    for p in programmes:
        facts.append(Fact("programme", text[p.start:p.end], p.value, None, p.start, p.end,
                          sentence_index(p.start)))
    for e in find_entities(text, taken + blocked):
        facts.append(Fact(e.kind, text[e.start:e.end], e.value, None, e.start, e.end,
                          sentence_index(e.start), attrs=e.attrs))
    facts.sort(key=lambda f: (f.start, f.end))
    return facts
