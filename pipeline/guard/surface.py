"""Checks on what a text states in so many words: numbers, dates, names, quotes.

Each check has a sentence form (held to the cited source sentences) and a
whole form (title, excerpt, headings: held to the whole source). All compare
spacing-blind, since spacing is layout, not meaning; none consults the
morphological analyser (morph.py does).

They refuse; they never repair. A date the engine made explicit (`7일` ->
`3월 7일`) passes because it resolves to the same day, not because it is
close enough.
"""
from __future__ import annotations

import re
from collections import Counter
from datetime import datetime
from functools import lru_cache

from ..facts import extract_facts
from ..facts.entities import NAME_VARIANTS
from ..facts.dates import DateSpan, find_dates
from ..fidelity import NumberToken, scan_numbers
from ..korean import CACHE_SIZE, sentence_cache
from ..plan import ENTITY_KINDS
from .context import Context, SourceDate, norm, squash


# -- numbers and dates -------------------------------------------------------


@sentence_cache(CACHE_SIZE)
def _out_dates(text: str, published: datetime | None) -> tuple[DateSpan, ...]:
    return tuple(d for d in find_dates(text, published) if d.value)


def _coarser(value: str, source: str) -> bool:
    # The same day, or a coarser statement of it (`3월` of `3월 7일`).
    return source == value or source.startswith(value + "-")


def _date_ok(surface: str, values: tuple[str, ...], pool: list[SourceDate], time: str | None = None,
             clock_said: bool = False) -> bool:
    """A date is the source's own words, or resolves to one of its dates; a range
    (`1~10월`) only to a range with both ends, a single date never to one end of
    a range (`10월` is not `1~10월`); a time of day stated is the source's time:
    its date's own, or (`clock_said`: `pool` is one sentence's, which says these
    clock words apart from its untimed date: `오늘 기념식이 오후 2시 …`) that one."""
    for d in pool:
        if d.surface == surface:
            return True
        if time is not None and d.time != time and not (clock_said and d.time is None):
            continue
        if len(values) == 2:
            if d.range and all(_coarser(v, s) for v, s in zip(values, d.values)):
                return True
        elif not d.range and d.values and _coarser(values[0], d.values[0]):
            return True
    return False


# The clock words of a date with a time (`3월7일오후2시`, squashed as compared).
_CLOCK_WORDS = re.compile(r"(?:오전|오후|낮|밤|새벽|저녁|아침)?\d{1,2}시(?:\d{1,2}분|반)?$")


def _clock_joins(surface: str, values: tuple[str, ...], time: str,
                 sentences: list[tuple[list[SourceDate], str]]) -> bool:
    """One source sentence has the day untimed and says the clock words itself."""
    clock = _CLOCK_WORDS.search(surface)
    return bool(clock) and any(clock.group() in said and _date_ok(surface, values, pool, time, clock_said=True)
                               for pool, said in sentences)


# Date words the date finder leaves unresolved in the source, and the everyday
# words an engine writes for them (`금주` is also "abstinence": the finder is
# right not to read it as a date everywhere, but where the output says `이번 주`
# for it, the two are the same week).
_SAME_WEEKS = {"이번주": ("금주",), "다음주": ("차주", "내주"), "지난주": ("전주",)}


def date_reasons(text: str, pool: list[SourceDate], published: datetime | None, hay: str = "",
                 sentences: list[tuple[list[SourceDate], str]] = ()) -> list[str]:
    """Dates of `text` that are not the source's. `sentences`: (dates, squashed
    text) of each source sentence, whose clock words may join its untimed day."""
    out = []
    said: Counter[tuple[str, ...]] = Counter()
    for d in _out_dates(text, published):
        high = d.attrs.get("high")
        values = (d.value, high) if d.range and high else (d.value,)
        surface = squash(text[d.start:d.end])
        if any(w in hay for w in _SAME_WEEKS.get(surface, ())):
            continue
        time = d.attrs.get("time")
        if not _date_ok(surface, values, pool, time) and not (time and _clock_joins(surface, values, time, sentences)):
            have = sorted({"~".join(s.values) + (f" {s.time}" if s.time else "") for s in pool if s.values}) or ["none"]
            out.append(f"date {text[d.start:d.end]!r} ({'~'.join(values)}{f' {time}' if time else ''}) is not a date "
                       f"of its source ({', '.join(have)})")
            continue
        said[values] += 1
        # Each date passes on its own, but `작년 51%에서 올해 60%로` said `2025년 51%에서
        # 2025년 60%로` states one year twice where the source has it once: the
        # other figure is pinned to the wrong year.
        times = sum(1 for s in pool if s.values == values)
        if times and said[values] > times:
            out.append(f"date {text[d.start:d.end]!r} ({'~'.join(values)}) said {said[values]} times, "
                       f"its source {times}")
    return out


def number_reasons(text: str, pool: list[NumberToken], published: datetime | None) -> list[str]:
    """Every number with its unit and scale must be in `pool` (`10억 원` != `1억 원`
    != `10억 달러`; `3년` != `3개월`; `%` != `%p`). A number without its unit is
    fine where the pool has the value; a number inside a resolved date is the
    date check's to judge (`3월 7일` written for the source's `7일`)."""
    units: dict[str, set[str | None]] = {}
    for tok in pool:
        units.setdefault(tok.value, set()).add(tok.unit)
    dates = _out_dates(text, published)
    out = []
    for tok in scan_numbers(text):
        if any(tok.start < d.end and d.start < tok.end for d in dates):
            continue
        have = units.get(tok.value)
        if have is None:
            out.append(f"number {tok.raw!r} not in its source")
        elif tok.unit is not None and tok.unit not in have and have != {None}:
            out.append(f"unit of {tok.raw!r} differs from its source ({', '.join(sorted(u or '-' for u in have))})")
        elif tok.unit is not None and have == {None} and tok.unit not in _BARE_OK:
            # The source states the bare figure (`코스피 2,700`): a unit adds a claim.
            out.append(f"unit of {tok.raw!r} is not in its source, which has the bare number")
    return out


# Units a bare source number reads as anyway (a range's lost half, a plain count).
_BARE_OK = frozenset({"개", "번", "차례"})


def check_dates(text: str, cited: list[int], ctx: Context) -> list[str]:
    """Every date, resolved against the publication day, is a date of the cited sentences."""
    each = [(ctx.dates_of([i]), ctx.cited_squashed([i])) for i in cited]
    return date_reasons(text, ctx.dates_of(cited), ctx.plan.article.published, ctx.cited_squashed(cited), each)


def check_numbers(text: str, cited: list[int], ctx: Context) -> list[str]:
    pub = ctx.plan.article.published
    out = number_reasons(text, [t for i in cited for t in ctx.tokens_of(i)], pub)
    if not out:
        out = _count_reasons(text, ctx.cited_text(cited), pub)
    return out


def _count_reasons(text: str, cited: str, published: datetime | None) -> list[str]:
    """A figure said more often than its source says it has taken another's place
    (`연 1회에서 2회로` -> `연 2회에서 2회로`)."""
    have = Counter(t.value for t in scan_numbers(cited))
    dates = _out_dates(text, published)
    said = Counter(t.value for t in scan_numbers(text)
                   if not any(t.start < d.end and d.start < t.end for d in dates))
    return [f"number {v!r} stated {n} times, {have[v]} in its source" for v, n in said.items() if n > have[v]]


# A bound's side is what a reader takes from it: `넘게` and `이상` both say "at
# least", `이하` and `미만` "at most"; `이상` written as `이하` reverses the claim.
_SIDE = {"min": "over", "gt": "over", "max": "under", "lt": "under", None: None}
_AMOUNT_KINDS = ("money", "count", "duration", "percent")


@sentence_cache(CACHE_SIZE)
def _facts_of(text: str, published: datetime | None) -> tuple:
    return tuple(extract_facts(text, None, published))


def _qualified(facts) -> dict[tuple, tuple[set, set, set]]:
    """(kind, value) -> (bound sides, percentage directions, approximate or
    exact) the text gives that figure."""
    out: dict[tuple, tuple[set, set, set]] = {}
    for f in facts:
        if f.kind in _AMOUNT_KINDS:
            sides, dirs, approx = out.setdefault((f.kind, str(f.value), f.unit), (set(), set(), set()))
            sides.add(_SIDE.get(f.bound))
            dirs.add((f.attrs or {}).get("direction"))
            approx.add(bool(f.approx))
    return out


def qualifier_reasons(text: str, source: str, published: datetime | None) -> list[str]:
    """A figure keeps its bound (`65세 이상` is not `65세 이하`, `최대 12개월` not
    `12개월`), a percentage its direction (`4.8% 증가` is not `4.8% 감소`) and an
    approximate figure its `약`/`가량` (`2조 원가량` said `2조 원` states a sum
    the source did not)."""
    amounts = [f for f in _facts_of(text, published) if f.kind in _AMOUNT_KINDS]
    if not amounts:
        return []  # nothing to qualify: the source's facts need not be extracted
    have = _qualified(_facts_of(source, published))
    out = []
    for f in amounts:
        src = have.get((f.kind, str(f.value), f.unit))
        if src is None:
            continue  # the number check judges figures the source lacks
        sides, dirs, approx = src
        if bool(f.approx) not in approx:
            out.append(f"number {f.text!r} said {'about' if f.approx else 'exactly'}; its source says "
                       f"{'exactly' if False in approx else 'about'}")
        side = _SIDE.get(f.bound)
        if side not in sides:
            out.append(f"number {f.text!r} bound ({side or 'exact'}) differs from its source "
                       f"({', '.join(sorted(s or 'exact' for s in sides))})")
        d = (f.attrs or {}).get("direction")
        if d is not None and d not in dirs and dirs - {None}:
            out.append(f"number {f.text!r} direction ({d}) differs from its source")
    return out


def check_qualifiers(text: str, cited: list[int], ctx: Context) -> list[str]:
    return qualifier_reasons(text, ctx.cited_text(cited), ctx.plan.article.published)


# -- names -------------------------------------------------------------------


def _out_names(text: str, published: datetime | None) -> tuple:
    return tuple(f for f in _facts_of(text, published) if f.kind in ENTITY_KINDS)


# The short names Korean news uses for bodies the source may name in full: a
# short name passes where its full name is in the source (never the reverse:
# the source's `산업부` does not say which ministry a rewrite's full name is).
_ALIASES = {
    "산업부": ("산업통상자원부", "산업통상부"), "국토부": ("국토교통부",), "복지부": ("보건복지부",),
    "과기정통부": ("과학기술정보통신부",), "기재부": ("기획재정부",), "중기부": ("중소벤처기업부",),
    "행안부": ("행정안전부",), "문체부": ("문화체육관광부",), "농식품부": ("농림축산식품부",), "해수부": ("해양수산부",),
    "고용부": ("고용노동부",), "노동부": ("고용노동부",), "여가부": ("여성가족부",),
    "한은": ("한국은행",), "금감원": ("금융감독원",), "공정위": ("공정거래위원회",), "금융위": ("금융위원회",),
    "방통위": ("방송통신위원회",), "권익위": ("국민권익위원회",), "선관위": ("선거관리위원회",),
    "인권위": ("국가인권위원회",), "현대차": ("현대자동차",), "한전": ("한국전력",), "한수원": ("한국수력원자력",),
    "중대본": ("중앙재난안전대책본부",), "중수본": ("중앙사고수습본부",), "금통위": ("금융통화위원회",),
    "평가원": ("한국교육과정평가원",), "서울시": ("서울특별시",), "부산시": ("부산광역시",), "대구시": ("대구광역시",),
    "인천시": ("인천광역시",), "광주시": ("광주광역시",), "대전시": ("대전광역시",), "울산시": ("울산광역시",),
    "세종시": ("세종특별자치시",),
}


def name_reasons(text: str, hay: str, plain: str, published: datetime | None, whole: str = "") -> list[str]:
    """Every organisation, person (with each title) and programme the text names
    is in `hay` (the squashed source); `plain` is the same source with its spaces,
    for the full name behind a `김 장관`; `whole`, the whole source squashed, for
    a body's informal short name said by the name the source gives it."""
    out = []
    for f in _out_names(text, published):
        name = squash(f.value if isinstance(f.value, str) else f.text)
        if f.kind != "person":
            if not _said(name, hay) and not _variant_of(name, hay, whole or hay):
                out.append(f"name {f.text!r} ({f.kind}) not in its source")
            continue
        attrs = f.attrs or {}
        if attrs.get("surname_only"):
            title = attrs.get("title", "")
            if squash(name + title) not in hay and not _full_name(plain, name, title):
                out.append(f"name {name + ' ' + title!r} names nobody of its source")
            continue
        if name not in hay:
            out.append(f"name {f.text!r} (person) not in its source")
            continue
        titles = attrs.get("titles") or ([attrs["title"]] if attrs.get("title") and attrs["title"] != "씨" else [])
        for t in titles:
            if not _said(squash(t), hay):
                out.append(f"name {f.text!r} with title {t!r}: title not in its source")
    return out


def _variant_of(name: str, hay: str, whole: str) -> bool:
    """`과기정통부` for the cited `과기부`, where the whole source names the body
    so (facts.entities.NAME_VARIANTS)."""
    return any(names[0] == name and variant in hay and any(n in whole for n in names)
               for variant, names in NAME_VARIANTS.items())


def _said(words: str, hay: str) -> bool:
    """`words` (squashed) are in the source, or are with a short name written out
    (`산업부장관` for the source's `산업통상자원부 장관`)."""
    if words in hay:
        return True
    return any(full in hay and words.replace(short, full) in hay
               for short, fulls in _ALIASES.items() if short in words for full in fulls)


@lru_cache(maxsize=4096)
def _full_name(plain: str, surname: str, title: str) -> bool:
    """`김 장관` may stand for `김철수 장관` or `김철수 교육부 장관` of the source."""
    rx = rf"(?<![가-힣]){re.escape(surname)}[가-힣]{{1,3}}\s(?:\S+\s){{0,4}}?\S*{re.escape(title)}"
    return re.search(rx, plain) is not None


def check_names(text: str, cited: list[int], ctx: Context) -> list[str]:
    return name_reasons(text, ctx.cited_squashed(cited), ctx.cited_text(cited), ctx.plan.article.published,
                        ctx.whole_squashed())


# -- quotes ------------------------------------------------------------------

# Direct speech in double quotes, names in single quotes or corner brackets.
# An opening mark without its closing one runs to the end of the text.
_QUOTED = re.compile(r"“([^“”]*)(?:”|$)|\"([^\"]*)(?:\"|$)|‘([^‘’]*)(?:’|$)|「([^「」]*)(?:」|$)|『([^『』]*)(?:』|$)"
                     r"|(?<![\w])'([^'\n]+)'")


def quote_reasons(text: str, hay: str) -> list[str]:
    """Quoted words are the source's own, or not quoted at all."""
    out = []
    for m in _QUOTED.finditer(text):
        inner = squash(next(g for g in m.groups() if g is not None)).rstrip("…")
        if inner and inner not in hay:
            out.append(f"quote {m.group(0)[:40]!r} not verbatim from its source")
    return out


def check_quotes(text: str, cited: list[int], ctx: Context) -> list[str]:
    return quote_reasons(text, ctx.cited_squashed(cited))


# -- the whole source ----------------------------------------------------------


def whole_surface_reasons(text: str, ctx: Context) -> list[str]:
    pub = ctx.plan.article.published
    if squash(text) in ctx.whole_squashed():
        # The source's own words (a heading cut from a sentence, the headline):
        # its names, quotes and dates are there as written; only a number cut
        # short (`10억` of `110억`) could still mislead.
        return number_reasons(text, ctx.whole_tokens(), pub)
    hay = ctx.whole_squashed()
    each = [(ctx.dates_of([s.index]), ctx.cited_squashed([s.index])) for s in ctx.plan.sentences]
    return (date_reasons(text, ctx.whole_dates(), pub, hay, each) + number_reasons(text, ctx.whole_tokens(), pub)
            + name_reasons(text, hay, ctx.source_text, pub) + quote_reasons(text, hay))


__all__ = ["check_dates", "check_numbers", "check_qualifiers", "check_names", "check_quotes", "whole_surface_reasons", "norm"]
