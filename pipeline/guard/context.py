"""What the guard's checks consult about the source, each built once per post on first use.

Most posts keep most sentences as the source wrote them, and those need
nothing from here; a check that runs builds only what it needs (number
tokens of the cited sentences, the source's resolved dates, its text
without spaces).
"""
from __future__ import annotations

import bisect
import unicodedata
from dataclasses import dataclass, field

from ..facts import NUMERIC_KINDS
from ..facts.dates import find_dates
from ..fidelity import NumberToken, scan_numbers
from ..models import Plan


def norm(text: str) -> str:
    """NFC, whitespace collapsed: the form the plan and engines use."""
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def squash(text: str) -> str:
    """NFC without any whitespace: names, quotes and dates compare spacing-blind."""
    return "".join(unicodedata.normalize("NFC", text or "").split())


@dataclass(frozen=True)
class SourceDate:
    surface: str  # squashed source words (`3월7일`)
    values: tuple[str, ...]  # the resolved value, or a range's (low, high)
    range: bool = False
    time: str | None = None  # `오전 10시` -> "10:00"


@dataclass
class Context:
    plan: Plan
    source_text: str  # title + article text, NFC
    _tokens: dict[int, list[NumberToken]] = field(default_factory=dict)
    _whole: list[NumberToken] | None = None
    _dates: dict[int, list[SourceDate]] | None = None  # sentence index -> its dates; -1 the title
    _squashed: dict[tuple[int, ...], str] = field(default_factory=dict)
    _whole_squashed: str | None = None
    memo: dict[tuple[str, tuple[int, ...]], list[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, plan: Plan) -> "Context":
        return cls(plan, norm((plan.article.title or "") + "\n" + plan.article.text))

    # -- texts -----------------------------------------------------------------
    def cited_text(self, cited: list[int]) -> str:
        """The cited sentences, NFC and whitespace collapsed, in citation order."""
        return " ".join(norm(self.plan.sentences[i].text) for i in cited)

    def cited_squashed(self, cited: list[int]) -> str:
        key = tuple(cited)
        s = self._squashed.get(key)
        if s is None:
            s = self._squashed[key] = squash(self.cited_text(cited))
        return s

    def whole_squashed(self) -> str:
        if self._whole_squashed is None:
            self._whole_squashed = squash(self.source_text)
        return self._whole_squashed

    # -- numbers ---------------------------------------------------------------
    def tokens_of(self, index: int) -> list[NumberToken]:
        toks = self._tokens.get(index)
        if toks is None:
            s = self.plan.sentences[index]
            toks = scan_numbers(s.text)
            # A numeric fact's span counts as stated even where the scan reads it differently.
            toks += [t for f in self.plan.facts if f.sentence == index and f.kind in NUMERIC_KINDS
                     for t in scan_numbers(f.text)]
            self._tokens[index] = toks
        return toks

    def whole_tokens(self) -> list[NumberToken]:
        if self._whole is None:
            self._whole = scan_numbers(self.source_text) + [
                t for f in self.plan.facts if f.kind in NUMERIC_KINDS for t in scan_numbers(f.text)]
        return self._whole

    # -- dates -----------------------------------------------------------------
    def _all_dates(self) -> dict[int, list[SourceDate]]:
        """The source's dates resolved in the whole article's context (a bare `7일`
        continues the month named before it), by sentence."""
        if self._dates is None:
            art, sents = self.plan.article, self.plan.sentences
            pub = art.published
            by: dict[int, list[SourceDate]] = {}
            starts = [s.start for s in sents]
            text = art.text
            for d in find_dates(text, pub):
                i = bisect.bisect_right(starts, d.start) - 1
                if i >= 0:
                    by.setdefault(sents[i].index, []).append(_source_date(text[d.start:d.end], d))
            title = art.title or ""
            by[-1] = [_source_date(title[d.start:d.end], d) for d in find_dates(title, pub)]
            self._dates = by
        return self._dates

    def dates_of(self, cited: list[int]) -> list[SourceDate]:
        dates = self._all_dates()
        return [d for i in cited for d in dates.get(i, [])]

    def whole_dates(self) -> list[SourceDate]:
        return [d for ds in self._all_dates().values() for d in ds]


def _source_date(surface: str, d) -> SourceDate:
    high = d.attrs.get("high")
    time = d.attrs.get("time")
    if d.range and d.value and high:
        return SourceDate(squash(surface), (d.value, high), True, time)
    return SourceDate(squash(surface), (d.value,) if d.value else (), False, time)
