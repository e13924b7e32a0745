"""Dates: absolute (`2024년 3월 7일`, `2024. 3. 7.`, `’24.3.7`, `2024-03-07`) and
relative to the article's publication (`7일`, `지난해`, `내년 1분기`, `오는 4월`).

Korean news dates events by the bare day (`정부는 7일 발표했다`) and leaves the
month and year to the dateline, so resolution needs `published`; without it
only self-contained dates get a value.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from ..models import KST
from .numerals import not_after


@dataclass
class DateSpan:
    start: int
    end: int
    value: str | None
    range: bool = False
    attrs: dict[str, Any] = field(default_factory=dict)


RELATIVE_YEAR = {"지난해": -1, "작년": -1, "지난 해": -1, "올해": 0, "금년": 0, "올": 0,
             "내년": 1, "내후년": 2, "재작년": -2}
_REL_MONTH = {"지난달": -1, "전달": -1, "이달": 0, "이번 달": 0, "이번달": 0,
              "다음 달": 1, "다음달": 1, "내달": 1}
_REL_MONTH_N = {k.replace(" ", ""): v for k, v in _REL_MONTH.items()}
_REL_DAY = {"이날": 0, "오늘": 0, "당일": 0, "어제": -1, "그제": -2, "내일": 1, "모레": 2}
_REL_WEEK = {"지난주": -1, "지난 주": -1, "이번 주": 0, "이번주": 0, "다음 주": 1, "다음주": 1}
_REL_WEEK_N = {k.replace(" ", ""): v for k, v in _REL_WEEK.items()}

_AFTER = (r"(?=$|[^가-힣]|을|를|이|가|의|에|와|과|은|는|도|로|으로|까지|부터|께|쯤|말|초|중|"
          r"이후|이전|였|인|자|만|엔|부|내|중순|하순|상순|보다|대비|기준|현재|들어|동안|"
          r"한|처럼|같|대신|이래|분)")
_YEAR = r"(?:(?P<y>(?:19|20)\d{2})(?:\s?[~∼〜\-]\s?(?P<y2>(?:19|20)\d{2}))?년(?:도)?|(?P<ry>지난해|작년|올해|금년|내년|내후년|재작년))"
_SUB = (r"(?:(?P<m>1[0-2]|0?[1-9])(?:\s?[~∼〜\-]\s?(?P<m2>1[0-2]|0?[1-9]))?월"
        r"(?:\s?(?P<d>3[01]|[12]\d|0?[1-9])(?:\s?[~∼〜\-]\s?(?P<d2>3[01]|[12]\d|0?[1-9]))?일(?![간째치차]))?"
        r"|(?P<q>[1-4])\s?분기|(?P<h>[상하])반기)")
_TIME = r"(?:\s?(?P<ampm>오전|오후|새벽|밤|저녁|낮)?\s?(?P<hh>[01]?\d|2[0-4])시(?![간대])(?:\s?(?P<mi>[0-5]?\d)분|\s?(?P<half>반))?)?"
_KOREAN_BODY = (
    rf"(?=(?:19|20)\d\d|지난해|작년|올해|금년|내년|내후년|재작년|\d{{1,2}}(?:\s?[~∼〜\-]\s?\d{{1,2}})?월|[1-4]\s?분기|[상하]반기)"
    rf"(?:{_YEAR})?(?:\s?{_SUB})?(?:(?<=일){_TIME})?{_AFTER}"
)
_KOREAN = re.compile(rf"(?<![\d.,가-힣]){_KOREAN_BODY}")
# A relative year may follow a particle with no space (`개국이내년 1월`,
# `예산도올해`): run-together words are common in older and wire copy. A
# separate scan, gated, so the common case pays nothing for it.
_GLUED_GATE = re.compile(r"[이가은는을를도의에와과로](?:지난해|작년|올해|금년|내년|내후년|재작년)")
_KOREAN_GLUED = re.compile(rf"(?<=[이가은는을를도의에와과로])(?=지난해|작년|올해|금년|내년|내후년|재작년){_KOREAN_BODY}")
_DAY = re.compile(
    # `(?<![\d.,가-힣])(?P<d>3[01]|[12]\d|0?[1-9])`, alternatives in the same
    # order per first digit, each starting with a literal for the prefix scan.
    r"(?P<d>3(?<![\d.,가-힣].)[01]|1(?<![\d.,가-힣].)\d|2(?<![\d.,가-힣].)\d|0(?<![\d.,가-힣].)[1-9]|"
    + "|".join(f"{k}(?<![\\d.,가-힣].)" for k in range(1, 10)) + ")"
    rf"(?:\s?[~∼〜\-]\s?(?P<d2>3[01]|[12]\d|0?[1-9]))?일(?![간째치차])"
    rf"(?!\s?(?:동안|만에|이내|연속|평균|간격|이상|미만|이하|넘게|가량|정도|남짓|안팎|내외|씩|앞당|늦|연장|단축"
    rf"|(?:전|후|뒤|내)(?![가-힣]))){_TIME}{_AFTER}"
)
# Every _NUMERIC match holds one of these; most articles have none, and this
# scan (literal-first alternatives) is far cheaper than _NUMERIC's.
_NUMERIC_GATE = re.compile(r"19\d\d[.\-/]|20\d\d[.\-/]|’\d\d\.|'\d\d\.|‘\d\d\.")
_NUMERIC = re.compile(
    r"(?<![\d.])(?P<y>(?:19|20)\d{2})(?P<s>[.\-/])\s?(?P<m>1[0-2]|0?[1-9])(?P=s)\s?(?P<d>3[01]|[12]\d|0?[1-9])(?:\.(?!\d))?(?![\d])"
    r"|[’'‘](?P<yy>\d{2})\.\s?(?P<m_>1[0-2]|0?[1-9])\.\s?(?P<d_>3[01]|[12]\d|0?[1-9])\.?(?!\d)"
)
# Government writing abbreviates years with an apostrophe: `’22년`, `‘18~’22`,
# `‘24.3월`, `’19.2Q`, `’28년까지`; the apostrophe is what makes them years.
_APOS = "’‘'"
_APOS_YEAR = re.compile(
    rf"[{_APOS}](?P<y>\d{{2}})(?![\d.,]\d*[%조억만원])"
    rf"(?:\s?[~∼〜\-]\s?[{_APOS}](?P<y2>\d{{2}})(?:년(?:도)?)?"
    rf"|\.\s?(?P<q>[1-4])\s?Q|\.\s?(?P<m>1[0-2]|0?[1-9])(?:월|(?![\d.]))"
    rf"|년(?:도)?(?!\s?(?:만에|간|동안|째|이상|넘게))(?:\s?(?P<m2>1[0-2]|0?[1-9])월)?)"
)
# `(2016∼2025)`, `4년간 (2019~2022)`: a span of years in brackets needs no 년.
_YEAR_RANGE = re.compile(
    r"(?<=[(\[〈<「『‘'\"“])(?P<y>(?:19|20)\d{2})\s?[~∼〜\-–]\s?(?P<y2>(?:19|20)\d{2})(?=[)\]〉>」』’'\"”])"
)
# `8.30.(화)`: month and day with the weekday in brackets, as press releases date events.
_MD_WEEKDAY = re.compile(
    r"(?<![\d.])(?P<m>1[0-2]|0?[1-9])\.\s?(?P<d>3[01]|[12]\d|0?[1-9])\.?\s?(?=\([월화수목금토일]\))"
)
_WEEKDAY_GATE = re.compile(r"\.\s?\([월화수목금토일]\)")
_RELWORD = re.compile(
    r"(?P<w>" + not_after(r"지난달|전달|이달|이번\s?달|다음\s?달|내달|지난\s?주|이번\s?주|다음\s?주|이날|오늘|당일|어제|그제|내일|모레", "가-힣") + ")"
    r"(?P<weekend>(?<=주)말)?"
    r"(?:(?<=달)\s?(?P<d>3[01]|[12]\d|0?[1-9])일(?![간째치차]))?" + _TIME + _AFTER
)
_DOC_TITLE = re.compile(r"\s?경제정책방향")
_SPAN_BEFORE = re.compile(r"(?:최대|최장|최소|최단|평균|무려|약)\s?$")
# `폭염 일수가 24일로`: a number of days (a duration, left to numeric.py).
DAY_COUNT_BEFORE = re.compile(r"일\s?수(?:가|는|도|만|를|은)?\s?$")
# `결과를 4일 발표했다`: the day a report came out is near the dateline, not in
# the month of an earlier date in the sentence (`지난달 19일 치러진 …`).
_REPORTED = re.compile(r"\s?(?:발표|밝혔|밝히|공개|공시|집계|전했|내놨|내놓|알렸|보도|브리핑)")
_MODIFIER = re.compile(r"(?:(?P<past>지난)|(?P<future>오는|다가오는|올|다음))\s$")


# `2030년까지 92조 원, 31년 이후 27조 원`: the year after a bound, clipped to
# its last two digits. Only the very next year, right after `…년까지`, reads so;
# elsewhere `15년 이후` is fifteen years on.
_BOUND_YEAR = re.compile(r"(?<!\d)(?P<c>19|20)(?P<yy>\d\d)년(?:도)?까지")
_CLIPPED_YEAR = re.compile(r"(?<![\d.,’‘'])(?P<yy>\d\d)년(?:도)?(?=\s?(?:이후|부터|이후에는|부터는)(?![가-힣]))")


def _iso(y: int, m: int | None = None, d: int | None = None) -> str:
    if m is None:
        return f"{y:04d}"
    if d is None:
        return f"{y:04d}-{m:02d}"
    return f"{y:04d}-{m:02d}-{d:02d}"


def _add_months(y: int, m: int, k: int) -> tuple[int, int]:
    t = y * 12 + (m - 1) + k
    return t // 12, t % 12 + 1


def _valid(y: int, m: int, d: int) -> bool:
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def _time_attrs(m: re.Match[str], attrs: dict[str, Any]) -> None:
    hh = m.group("hh")
    if hh is None:
        return
    h = int(hh)
    if m.group("ampm") in ("오후", "밤", "저녁") and h < 12 or m.group("ampm") == "낮" and h < 7:
        h += 12
    mi = int(m.group("mi") or (30 if m.group("half") else 0))
    attrs["time"] = f"{h:02d}:{mi:02d}"


def find_dates(text: str, published: datetime | None) -> list[DateSpan]:
    pub = published.astimezone(KST).date() if published is not None else None
    out: list[DateSpan] = []
    mask = bytearray(len(text) + 1)

    def free(s: int, e: int) -> bool:
        return 1 not in mask[s:e]

    def add(span: DateSpan) -> None:
        out.append(span)
        mask[span.start:span.end] = b"\x01" * (span.end - span.start)

    for m in (_NUMERIC.finditer(text) if _NUMERIC_GATE.search(text) else ()):
        if m.group("y"):
            y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        else:
            y, mo, d = 2000 + int(m.group("yy")), int(m.group("m_")), int(m.group("d_"))
        if _valid(y, mo, d):
            add(DateSpan(m.start(), m.end(), _iso(y, mo, d)))

    if any(c in text for c in _APOS):
        for m in _APOS_YEAR.finditer(text):
            if not free(m.start(), m.end()) or (m.start() > 0 and text[m.start() - 1].isdigit()):
                continue
            y = 2000 + int(m.group("y")) if int(m.group("y")) < 70 else 1900 + int(m.group("y"))
            attrs: dict[str, Any] = {}
            if m.group("y2"):
                attrs["high"] = _iso(2000 + int(m.group("y2")))
                add(DateSpan(m.start(), m.end(), _iso(y), range=True, attrs=attrs))
            elif m.group("q"):
                add(DateSpan(m.start(), m.end(), f"{y:04d}-Q{m.group('q')}"))
            elif m.group("m") or m.group("m2"):
                add(DateSpan(m.start(), m.end(), _iso(y, int(m.group("m") or m.group("m2")))))
            else:
                add(DateSpan(m.start(), m.end(), _iso(y)))
    if "~" in text or "∼" in text or "〜" in text or "-" in text or "–" in text:
        for m in _YEAR_RANGE.finditer(text):
            y, y2 = int(m.group("y")), int(m.group("y2"))
            if free(m.start(), m.end()) and 0 < y2 - y <= 50:
                add(DateSpan(m.start(), m.end(), _iso(y), range=True, attrs={"high": _iso(y2)}))
    if pub is not None and _WEEKDAY_GATE.search(text):
        for m in _MD_WEEKDAY.finditer(text):
            mo, d = int(m.group("m")), int(m.group("d"))
            if free(m.start(), m.end()) and _valid(pub.year, mo, d):
                add(DateSpan(m.start(), m.end(), _iso(pub.year, mo, d)))

    korean = _KOREAN.finditer(text)
    if _GLUED_GATE.search(text):
        korean = sorted([*korean, *_KOREAN_GLUED.finditer(text)], key=lambda m: m.start())
    for m in korean:
        if m.end() == m.start() or not free(m.start(), m.end()):
            continue
        if m.group("h") and not (m.group("y") or m.group("ry")) and _DOC_TITLE.match(text, m.end()):
            continue  # `6월 하반기 경제정책방향`: the half names the document, dated by the month before it
        span = _resolve_korean(text, m, pub)
        if span is not None:
            add(span)

    if "년까지" in text:
        for bound in _BOUND_YEAR.finditer(text):
            nxt = (int(bound.group("yy")) + 1) % 100
            for m in _CLIPPED_YEAR.finditer(text, bound.end(), min(len(text), bound.end() + 40)):
                if int(m.group("yy")) == nxt and free(m.start(), m.end()):
                    century = int(bound.group("c")) + (1 if nxt == 0 else 0)
                    add(DateSpan(m.start(), m.end(), _iso(century * 100 + nxt), attrs={"clipped": True}))
                    break

    for m in _RELWORD.finditer(text):
        if not free(m.start(), m.end()):
            continue
        w = m.group("w").replace(" ", "")
        value: str | None = None
        attrs: dict[str, Any] = {}
        _time_attrs(m, attrs)
        if pub is not None:
            if w in _REL_MONTH_N:
                y, mo = _add_months(pub.year, pub.month, _REL_MONTH_N[w])
                d = int(m.group("d")) if m.group("d") else None
                value = _iso(y, mo, d) if d is None or _valid(y, mo, d) else None
            elif w == "이날":
                value = pub.isoformat()
                attrs["this_day"] = True  # resolved below, once every date is known
            elif w in _REL_DAY:
                dd = pub + timedelta(days=_REL_DAY[w])
                value = dd.isoformat()
            else:
                iy, iw, _ = (pub + timedelta(weeks=_REL_WEEK_N[w])).isocalendar()
                value = f"{iy:04d}-W{iw:02d}"
                if m.group("weekend"):
                    attrs["weekend"] = True
        add(DateSpan(m.start(), m.end(), value, attrs=attrs))

    # Full dates by end offset: a bare day continues the month just named.
    anchors = sorted((sp.end, sp.value) for sp in out if sp.value and len(sp.value) == 10)
    for m in _DAY.finditer(text):
        if not free(m.start(), m.end()) or _SPAN_BEFORE.search(text, max(0, m.start() - 4), m.start()):
            continue  # 최대 20일: a length of time, not a date
        if DAY_COUNT_BEFORE.search(text, max(0, m.start() - 6), m.start()):
            continue
        d = int(m.group("d"))
        d2 = int(m.group("d2")) if m.group("d2") else None
        attrs: dict[str, Any] = {}
        _time_attrs(m, attrs)
        value = None
        high = None
        anchor = _recent_month(anchors, m.start(), text)
        direction = _direction(text, m.start())
        if anchor is not None and pub is not None and direction is not None:
            # `1차는 내달 15일까지, 2차는 오는 19일부터`: 오는/지난 points from the
            # dateline, not from the month named before.
            y, mo = _near_pub(pub, d, direction)
            if _valid(y, mo, d):
                anchor = None
        if anchor is not None and pub is not None and d2 is None and (
                _REPORTED.match(text, m.end()) or (d < anchor[2] and anchor[:2] < (pub.year, pub.month))):
            # `지난달 19일 치러진 시험 결과가 4일 나왔다`: a day that is reported, or that
            # would run back before an earlier month's date, is near the dateline.
            y, mo = _near_pub(pub, d, _direction(text, m.start()))
            if _valid(y, mo, d) and date(y, mo, d) <= pub:
                anchor = None  # resolved against the dateline below
        if anchor is not None:
            # `29일부터 31일까지`: a bare day continues the month just named.
            y, mo, _ = anchor
            if _valid(y, mo, d):
                value = _iso(y, mo, d)
            if d2 is not None and _valid(y, mo, d2):
                high = _iso(y, mo, d2)
        elif pub is not None and direction is None and (until := _range_end(out, text, m.end())) is not None:
            # `29일부터 내년 1월 2일까지`: the start is the last such day before the end.
            y, mo = int(until[:4]), int(until[5:7])
            if not _valid(y, mo, d) or _iso(y, mo, d) > until:
                y, mo = _add_months(y, mo, -1)
            if _valid(y, mo, d):
                value = _iso(y, mo, d)
        elif pub is not None:
            y, mo = _near_pub(pub, d, direction)
            if _valid(y, mo, d):
                value = _iso(y, mo, d)
            if d2 is not None and _valid(y, mo, d2):
                high = _iso(y, mo, d2)
        else:
            attrs["day"] = d
        if d2 is not None:
            attrs["high"] = high
        add(DateSpan(m.start(), m.end(), value, range=d2 is not None, attrs=attrs))
        if value is not None:
            bisect.insort(anchors, (m.end(), value))
    out.sort(key=lambda s: s.start)
    # 이날 is the day the story is about: the last full date named before it.
    last: str | None = None
    for sp in out:
        if sp.attrs.pop("this_day", False):
            if last is not None:
                sp.value = last
        elif sp.value and len(sp.value) == 10:
            last = sp.value
    return out


def _near_pub(pub: date, d: int, direction: str | None) -> tuple[int, int]:
    """Year and month of a bare day `d` read against the dateline."""
    y, mo = pub.year, pub.month
    if direction == "past" and d > pub.day:
        return _add_months(y, mo, -1)
    if direction == "future" and d < pub.day:
        return _add_months(y, mo, 1)
    if direction is None and d > pub.day + 15:
        return _add_months(y, mo, -1)  # `28일` in an article of the 3rd is last month's 28th
    if direction is None and d < pub.day - 15:
        return _add_months(y, mo, 1)  # `1일` in an article of the 30th is next month's 1st
    return y, mo


_RANGE_START = re.compile(r"\s?(?:부터|~|∼|〜|-)")


def _range_end(spans: list[DateSpan], text: str, end: int) -> str | None:
    """The full date a `N일부터 …까지` range runs to, named right after it in the same sentence."""
    if not _RANGE_START.match(text, end):
        return None
    best = None
    for sp in spans:
        if end < sp.start <= end + 12 and sp.value and len(sp.value) == 10 and (best is None or sp.start < best.start):
            best = sp
    if best is None or _SENTENCE_BREAK.search(text, end, best.start):
        return None
    return best.value


_SENTENCE_BREAK = re.compile(r"[다요][.!?]|[.!?]\s|\n")


def _recent_month(anchors: list[tuple[int, str]], pos: int, text: str) -> tuple[int, int, int] | None:
    """The full date named last before `pos` in the same sentence, if close."""
    i = bisect.bisect_right(anchors, (pos, "\uffff")) - 1
    if i < 0 or pos - anchors[i][0] > 40:
        return None
    if _SENTENCE_BREAK.search(text, anchors[i][0], pos):
        return None  # a new sentence dates itself against the dateline
    value = anchors[i][1]
    return int(value[:4]), int(value[5:7]), int(value[8:10])


def _direction(text: str, start: int) -> str | None:
    mm = _MODIFIER.search(text, max(0, start - 6), start)
    if not mm:
        return None
    return "past" if mm.group("past") else "future"


def _resolve_korean(text: str, m: re.Match[str], pub: date | None) -> DateSpan | None:
    g = m.groupdict()
    attrs: dict[str, Any] = {}
    if g["hh"] is not None:
        _time_attrs(m, attrs)
    year: int | None = None
    year2: int | None = None
    explicit_year = False
    if g["y"]:
        year, explicit_year = int(g["y"]), True
        year2 = int(g["y2"]) if g["y2"] else None
    elif g["ry"]:
        if pub is not None:
            year = pub.year + RELATIVE_YEAR[g["ry"]]
        explicit_year = True
    direction = _direction(text, m.start())
    has_sub = g["m"] or g["q"] or g["h"]
    if not has_sub:
        if year is None:
            return DateSpan(m.start(), m.end(), None, attrs=attrs)
        if year2 is not None:
            attrs["high"] = _iso(year2)
        return DateSpan(m.start(), m.end(), _iso(year), range=year2 is not None, attrs=attrs)
    if year is None and not explicit_year and pub is not None:
        year = pub.year
        # `지난 11월` written in March is last year's; `오는 2월` in November is next year's.
        if g["m"]:
            mo = int(g["m"])
            if direction == "past" and mo > pub.month:
                year -= 1
            elif direction == "future" and mo < pub.month:
                year += 1
        elif g["q"]:
            q, pq = int(g["q"]), (pub.month - 1) // 3 + 1
            if direction == "past" and q > pq:
                year -= 1
            elif direction == "future" and q < pq:
                year += 1
        elif g["h"]:
            h, ph = (1 if g["h"] == "상" else 2), (1 if pub.month <= 6 else 2)
            if direction == "past" and h > ph:
                year -= 1
            elif direction == "future" and h < ph:
                year += 1
    if g["q"]:
        val = f"{year:04d}-Q{g['q']}" if year is not None else None
        return DateSpan(m.start(), m.end(), val, attrs=attrs)
    if g["h"]:
        val = f"{year:04d}-H{1 if g['h'] == '상' else 2}" if year is not None else None
        return DateSpan(m.start(), m.end(), val, attrs=attrs)
    mo = int(g["m"])
    mo2 = int(g["m2"]) if g["m2"] else None
    d = int(g["d"]) if g["d"] else None
    d2 = int(g["d2"]) if g["d2"] else None
    if year is None:
        attrs["month"] = mo
        if d is not None:
            attrs["day"] = d
        return DateSpan(m.start(), m.end(), None, range=bool(mo2 or d2), attrs=attrs)
    if d is not None and not _valid(year, mo, d):
        return None
    value = _iso(year, mo, d)
    rng = False
    if mo2 is not None:
        rng = True
        if d is None:
            attrs["high"] = _iso(year, mo2)
        elif d2 is not None and _valid(year, mo2, d2):
            attrs["high"] = _iso(year, mo2, d2)
    elif d2 is not None and _valid(year, mo, d2):
        rng = True
        attrs["high"] = _iso(year, mo, d2)
    return DateSpan(m.start(), m.end(), value, range=rng, attrs=attrs)
