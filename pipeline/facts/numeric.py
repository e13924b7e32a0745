"""Money, counts, durations and percentages.

One regex finds "number phrase + unit"; everything that decides what the
number means (approximation, bounds, `1곳당`, ratios like `10.8대 1`, age
bands like `30대 남성`) looks at a few characters on either side, which keeps
the scan linear and the rules readable.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from .dates import DAY_COUNT_BEFORE
from .numerals import NATIVE, NATIVE_RE, PHRASE, not_after, leading_multiplier, normalise, parse_number

CURRENCY = {"원": "KRW", "달러": "USD", "유로": "EUR", "엔": "JPY", "위안": "CNY", "파운드": "GBP"}
PERCENT = {"%p": "%p", "％p": "%p", "%포인트": "%p", "퍼센트포인트": "%p", "%": "%", "％": "%",
           "퍼센트": "%", "배": "x"}
DURATION = {"개월": "M", "개년": "Y", "년": "Y", "주일": "W", "주": "W", "일": "D", "시간": "H", "분": "MIN", "초": "S"}
COUNTERS = ("개교", "개국", "개사", "개소", "개팀", "개", "곳", "명", "건", "대", "가구", "세대", "가지",
            "차례", "번", "회", "척", "채", "마리", "그루", "권", "편", "종", "팀", "기", "군데",
            "승", "무", "패", "골", "경기", "홈런", "안타", "타점", "장", "명분", "문", "석", "실")


def _alt(words: Any) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


# Particles and endings that may follow a unit; anything else glued to it means
# the "unit" is the start of another word (`원전`, `대학`, `명단`, `건설`).
_AFTER_OK = (r"(?=$|[^가-힣]|을|를|이|가|의|에|와|과|은|는|도|로|으로|씩|가량|만|까지|부터|이상|이하|미만|"
             r"초과|안팎|내외|정도|께|당|째|나|며|고|다|였|인|라|란|쯤|뿐|밖|마다|간|대|화|어치|꼴|여|선|"
             r"수준|규모|상당|내|남짓|넘|보다|일|서|치|분|짜리|꼴|권|입니)")
_UNIT = (rf"(?P<cur>{_alt(CURRENCY)})|(?P<pct>{_alt(PERCENT)})"
         rf"|(?P<dur>개월|개년|년|주일|주|일|시간|분|초)|(?P<cnt>{_alt(COUNTERS)})")
_MAIN = re.compile(
    rf"(?=[\d일이삼사오육칠팔구십백천만억조])(?:(?<![\d.,A-Za-z천백십만억조])(?=\d)|(?<![가-힣\d.,A-Za-z])(?=[일이삼사오육칠팔구십백천만억조]))"
    rf"(?P<a>{PHRASE})(?P<ay>여)?"
    rf"(?:\s?(?P<sep>[~∼〜\-–])\s?(?P<b>{PHRASE})(?P<by>여)?)?"
    rf"\s?(?:{_UNIT})(?P<gan>간)?{_AFTER_OK}"
)
# `세대`, `MZ세대` are words: 대 after a native numeral needs the space (`세 대`).
_NATIVE_COUNT = re.compile(
    rf"(?P<n>{not_after(NATIVE_RE, '가-힣A-Za-z0-9')})(?P<ay>여)?(?:\s?(?P<cnt>곳|명|개|가지|차례|채|척|마리|권|군데|팀|개국|개사|가구)|\s(?P<cnt2>대|번))"
    rf"(?!\s?째){_AFTER_OK}"
)
_SYMBOLS = {"$": "USD", "€": "EUR", "¥": "JPY", "£": "GBP", "₩": "KRW"}
_SYMBOL_MONEY = re.compile(rf"(?<![A-Za-z\d])(?P<sym>(?:US)?\$|[€¥£₩])\s?(?P<a>{PHRASE})(?![\d.,])")
_NATIVE_TIMES = re.compile(rf"(?P<n>{not_after('두|세|네|다섯|여섯|일곱|여덟|아홉|열', '가-힣')})\s?배{_AFTER_OK}")
_NATIVE_DUR = re.compile(
    r"(?P<w>" + not_after(r"일주일|하루|이틀|사흘|나흘|닷새|엿새|이레|여드레|아흐레|열흘|보름|한\s?달|두\s?달|석\s?달|넉\s?달|한\s?해|두\s?해", "가-힣") + ")"
    r"(?P<gan>간)?(?!빨리|하루|살이|종일|아침|새|치기)" + _AFTER_OK
)
_NATIVE_DAYS = {"일주일": 7, "하루": 1, "이틀": 2, "사흘": 3, "나흘": 4, "닷새": 5, "엿새": 6, "이레": 7, "여드레": 8,
                "아흐레": 9, "열흘": 10, "보름": 15}
_NATIVE_MONTHS = {"한달": ("M", 1), "두달": ("M", 2), "석달": ("M", 3), "넉달": ("M", 4),
                  "한해": ("Y", 1), "두해": ("Y", 2)}

_PREFIX = re.compile(
    r"(?:(?P<approx>약|대략|얼추|대강|추정)|(?P<max>최대|최고|많게는|무려)|(?P<min>최소|최저|적게는|적어도)"
    r"|(?P<per>(?:\d+|한)\s?[가-힣]{1,3}당)|(?P<period>연간|연평균|월평균|매월|매년|매달|분기별|분기마다|일평균|하루평균|하루 평균|평균|연|월|하루)"
    r"|(?P<soft>총|각각|각|모두|전체|향후|앞으로|지난|오는|올해|내년|올|합계|누적))\s?$"
)
_SUFFIX = re.compile(
    # (`5000만원 내에서`: within a sum, as `이내`)
    r"\s?(?:(?P<min>이상|넘게|넘는|넘어|초과|이상을|남짓)|(?P<max>이하|이내|까지|내(?=에서|로(?![가-힣])))|(?P<lt>미만)"
    r"|(?P<approx>가량|안팎|내외|정도|쯤|여|상당|선|대(?![가-힣]))|(?P<each>씩))"
)
_BOUND_WORD = {"이상": "min", "넘게": "gt", "넘는": "gt", "넘어": "gt", "초과": "gt", "이상을": "min",
               "남짓": "min", "이하": "max", "이내": "max", "미만": "lt"}
_RATIO_TAIL = re.compile(r"\s?\d+(?:\.\d+)?(?![\d.]*\s?(?:곳|명|개|건|대|원|억|만|조|%))")
_AGE_NOUN = re.compile(
    r"\s?(?:였|이었|인(?![가-힣])|이다|이며|이고|이라|라는|베테랑|선수|직원|교사|가장|남성|여성|남자|여자|남녀|청년|직장인|가구주|연령|초반|중반|후반|이상|이하|[A-Z]씨|주부|환자|운전자|부부|"
    r"아들|딸|엄마|아빠|남편|아내|어머니|아버지|노인|여|남|의|가|는|에서|에|와|과|층|젊은|세대|대학생|취업자|자영업자|근로자|"
    r"1인|고객|소비자|사이)"
)
ORDINAL_DAE = re.compile(r"\s?(?:국회|총선|대선|대통령|국회의원|지방선거|의회|정부|총장|회장|이사장|원장|교황)")
# `4대 방산 수출국에 오른다`, `4대 강국 진입`: "one of the top N", a rank, not N things.
_RANK_DAE = re.compile(
    r"\s?(?:[가-힣]{1,4}\s)?[가-힣]{0,3}?(?:수출국|수입국|강국|대국|경제국|생산국|교역국|무역국)"
    r"(?:[으로에의이가은는]{0,2})\s?(?:진입|오[르른를]|올[라랐]|도약|등극|반열|안에|자리|꼽|들)"
)
# `민선 9기`, `3기 펀드`, `2기 신도시`: a term or series number, not N units (원전 2기).
_ORDINAL_GI_BEFORE = re.compile(r"민선\s?$")
_ORDINAL_GI_AFTER = re.compile(
    r"\s?(?:펀드|신도시|위원회|지도부|내각|정부|체제|행정부|집행부|이사회|졸업생|수료생|입학생|교육생|멤버|출범|임기|"
    r"의회|경영진|사령탑|라인업|모집|회원|원우|동기|시정|도정|군정|구정)"
    r"|\s?[A-Z]{2,}(?![a-z])"  # `1기 GTX`, `2기 KTX`: a phase of a named line or programme
)
# `지난 1백 50회 임시국회`, `150회 정기국회`: a session number, not a tally.
_ORDINAL_HOE_AFTER = re.compile(r"\s?(?:임시|정기)?\s?(?:국회|총회|임시회|정기회|본회의)")
# `2세대 칩`, `5세대 이동통신`: a technology generation; households are counted
# in larger numbers and followed by a particle or 규모 (`1,200세대 규모`).
_GENERATION_AFTER = re.compile(r"\s(?!규모|가구|이상|이하|미만|가량|안팎|정도|남짓|중)[가-힣A-Za-z]")
# Baseball innings are ordinals (`7회 말`, `연장 11회`, `6회까지 던졌다`);
# `회의를 3회 열었다` is a frequency.
_INNING_AFTER = re.compile(r"\s?(?:[말초](?![가-힣])|말에|초에|말까지|초까지)")
_INNING_BEFORE = re.compile(r"연장\s?$")
_BASEBALL = re.compile(r"이닝|타자|투수|홈런|안타|타점|불펜|마운드|타석|볼넷|삼진|세이브|KBO|프로야구|구원")
_FREQUENCY_AFTER = re.compile(r"\s?(?:연속|우승|준우승|출전|진출|정상|연패|연승|수상|선정|발령|개최|실시|진행|이상|넘게|째)")
_DRAW_BEFORE = re.compile(r"승\s?$")
_DRAW_AFTER = re.compile(r"\s?\d+패")
_PER_AFTER = re.compile(r"당")
_DIRECTION = re.compile(
    r"(?P<inc>증가|상승|늘|확대|올랐|올라|오른|높아|뛰|급등|성장|개선|불어)|(?P<dec>감소|하락|줄|축소|내렸|내린|내려|떨어|낮아|급락|감축|둔화|악화)"
)
_NOUN_WORD = re.compile(r"\s([가-힣A-Za-z][가-힣A-Za-z0-9]*)")
_PARTICLE_END = re.compile(
    r"(?:을|를|이|가|의|에|에서|와|과|은|는|도|로|으로|만|까지|부터|에게|이다|이며|이고|과의|와의|에는|에도|으로의|로의|까지의|씩)$"
)
_STOP_NOUN = {"이상", "이하", "미만", "초과", "가량", "안팎", "내외", "정도", "등", "모두", "중", "각각", "규모",
              "수준", "이내", "남짓", "넘게", "뿐", "전", "후", "뒤", "가운데", "또는", "및", "이", "그", "각"}
_ENUM_SPLIT = re.compile(r"\s*(?:,|·|및|와\s|과\s)\s*")


_DUR_TAIL = re.compile(r"\s?(?:동안|만에|째|연속|이내|넘게|가량|정도|남짓|안팎|내외|씩|앞당|늦|연장|단축|(?:전|후|뒤)(?![가-힣]))")
_DUR_BEFORE = re.compile(r"(?:최대|최장|최소|최단|평균|무려|약)\s?$")
_NUMBER_LABEL = re.compile(r"째|\s?(?:타자|출구|국도|고속도로|버스|홀|게이트|선|방|채널|트랙|레인|주자|확진자|환자)")
_AGE_BEFORE = re.compile(r"생후\s?$")
_OF_N = re.compile(r"\s?(?:중|가운데)\s?(?:\d+|한|두|세|네|다섯|여섯|일곱|여덟|아홉)\s?(?:명|곳|개|가구)")
# Only a round base makes a proportion (`10명 중 7명`); `6명 가운데 2명` counts people.
_N_OF_BEFORE = re.compile(r"(?<![\d,])(?:10|100|1,?000|10,?000)\s?(?:명|곳|개|가구)\s?(?:중|가운데)\s?$")
# A native duration is one only when followed by what follows a time span;
# `하루 평균`, `하루 2번`, `한 달 교통비` use it as a rate's base.
_NATIVE_DUR_OK = re.compile(
    r"간|\s?동안|\s?만[에의이]|\s?가까이|째|\s?연속|\s?가량|\s?여|\s?이상|\s?넘게|\s?남짓|\s?이내|\s?내|\s?(?:후|뒤|전)(?![가-힣])|\s?사이|\s?새"
    r"|이|가|을|를|은|는|도|만|에만|에도|까지|부터|로|[,.)\]」’”]|$"
)
_ONCE_IDIOM = re.compile(r"뿐|쯤|은|만|\s더|\s?해|\s?보")
_NEVER_AGAIN = re.compile(r"\s?다시")
_PER_ONE = re.compile(r"(?:에|마다|당|도)(?![가-힣])|[을를이가]\s[가-힣]+\s?(?:때마다|마다)")
_SPAN_AFTER = re.compile(r"\s?(?:시대|동안|만에|이내|가량|넘게|이상|내|여|남짓|씩|정도|째|(?:후|뒤|전)(?![가-힣])|마다|간격|사이|안에|늦|빨리|일찍|단축|연장|소요|걸|거리)")
_ROUND_BASES = frozenset({10, 100, 1000, 10000})
_VAGUE_BEFORE = re.compile(r"수\s?$")
_GENERATION = re.compile(r"[1-9]0[1-9]0")
_CLOCK_BEFORE = re.compile(r"\d시\s?$")
_ELAPSED = re.compile(r"\s?만[에의이]")
_EVERY = re.compile(r"\s?마다")
_AGE_LIST_BEFORE = re.compile(r"\d0[·,]\s?$")
_CONVERSION_GAP = re.compile(r"\s?[(\[]\s?(?:약|한화\s?약?|원화\s?약?)?\s?")
# Last characters of the words _PREFIX knows; anything else cannot end a prefix.
_PREFIX_LAST = frozenset("약략정강대고려소저도당간균월년달별루총각체후난해올계적연")


@dataclass
class Num:
    kind: str
    start: int
    end: int
    value: Any
    unit: str | None
    approx: bool = False
    range: bool = False
    bound: str | None = None
    attrs: dict[str, Any] = field(default_factory=dict)


def _dur_iso(n: Decimal, code: str) -> str:
    v = normalise(n)
    s = str(v)
    if code == "H":
        return f"PT{s}H"
    if code == "MIN":
        return f"PT{s}M"
    if code == "S":
        return f"PT{s}S"
    return f"P{s}{code}"


def _apply_prefix(text: str, start: int, num: Num) -> None:
    pos = start
    for _ in range(4):
        c = text[pos - 1] if pos > 0 else ""
        if c == " " and pos > 1:
            c = text[pos - 2]
        if c not in _PREFIX_LAST:
            return
        m = _PREFIX.search(text, max(0, pos - 14), pos)
        if not m:
            return
        if m.group("approx"):
            num.approx = True
        elif m.group("max") and num.bound is None:
            if m.group("max") != "무려":
                num.bound = "max"
        elif m.group("min") and num.bound is None:
            num.bound = "min"
        elif m.group("per"):
            num.attrs["per"] = m.group("per").replace(" ", "")
        elif m.group("period"):
            num.attrs.setdefault("period", m.group("period"))
        pos = m.start()


def _apply_suffix(text: str, end: int, num: Num) -> None:
    pos = end
    for _ in range(2):
        m = _SUFFIX.match(text, pos)
        if not m:
            return
        if m.group("min") or m.group("max") or m.group("lt"):
            word = m.group("min") or m.group("max") or m.group("lt")
            if word == "까지":
                if num.kind != "money":
                    return
            num.bound = _BOUND_WORD.get(word, "max")
        elif m.group("approx"):
            num.approx = True
        elif m.group("each"):
            num.attrs["each"] = True
        pos = m.end()


def _counted_noun(text: str, end: int, limit: int) -> str | None:
    words: list[str] = []
    pos = end
    for _ in range(2):
        m = _NOUN_WORD.match(text, pos, limit)
        if not m:
            break
        w = m.group(1)
        stripped = _PARTICLE_END.sub("", w)
        if not stripped or stripped in _STOP_NOUN or stripped in NATIVE:
            break
        words.append(stripped)
        if stripped != w:
            break
        pos = m.end()
        # A second word only continues a compound noun (`전략 산업을`), not a clause.
        nxt = _NOUN_WORD.match(text, pos, limit)
        if not nxt or _PARTICLE_END.search(nxt.group(1)) is None or len(nxt.group(1)) > 5:
            break
    return " ".join(words) or None


def _members(text: str, start: int, sent_start: int) -> list[str] | None:
    head = text[sent_start:start].rstrip()
    if not head.endswith("등"):
        return None
    head = head[:-1].rstrip()
    # The list runs back to the clause start; the first item keeps only its last word.
    seg = re.split(r"[\"“”'‘’()\[\]]", head)[-1]
    parts = [p.strip() for p in _ENUM_SPLIT.split(seg) if p.strip()]
    if len(parts) < 2:
        return None
    parts[0] = parts[0].split()[-1]
    items = [p for p in parts if len(p.split()) <= 3]
    return items if len(items) >= 2 else None


def find_numbers(text: str, sent_bounds: list[tuple[int, int]], blocked: list[tuple[int, int]]) -> list[Num]:
    out: list[Num] = []
    import bisect

    starts = [s for s, _ in sent_bounds]

    def sent_of(pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(starts, pos) - 1
        return sent_bounds[i] if i >= 0 else (0, len(text))

    mask = bytearray(len(text) + 1)
    for a, b in blocked:
        mask[a:b] = b"\x01" * (b - a)

    def is_blocked(s: int, e: int) -> bool:
        return 1 in mask[s:e]

    baseball: list[bool] = []  # computed on the first `N회`: most articles have none

    for m in _MAIN.finditer(text):
        s, e = m.start(), m.end()
        if is_blocked(s, e):
            continue
        if s > 0 and text[s - 1] == "제":  # 제3차, 제21대: ordinals
            continue
        if _VAGUE_BEFORE.search(text, max(0, s - 2), s):
            continue  # 수 십 년: "several tens", no number
        a_txt, b_txt = m.group("a"), m.group("b")
        low = parse_number(a_txt)
        if low is None:
            continue
        high = parse_number(b_txt) if b_txt else None
        if high is not None and not any(c in a_txt for c in "조억만천백십") and (mult := leading_multiplier(b_txt)):
            low = normalise(low * mult)  # `3~5천억` means 3천억~5천억
        approx = bool(m.group("ay") or m.group("by") or "여" in a_txt)
        if m.group("cur"):
            if text.startswith("당", e):
                continue  # 100엔당, 달러당: the base of a rate, not an amount
            num = Num("money", s, e, low, CURRENCY[m.group("cur")])
        elif m.group("pct"):
            num = Num("percent", s, e, low, PERCENT[m.group("pct")])
        elif m.group("dur"):
            code = DURATION[m.group("dur")]
            tail = text[e:e + 8]
            if code == "D" and not (m.group("gan") or _DUR_TAIL.match(tail) or _DUR_BEFORE.search(text, max(0, s - 4), s)
                                    or DAY_COUNT_BEFORE.search(text, max(0, s - 6), s)):
                continue  # a bare `N일` is a date, handled elsewhere
            if code == "W" and not (m.group("gan") or _DUR_TAIL.match(tail)) and low > 10:
                continue  # `100주` are shares
            if code == "Y" and low >= 1000:
                continue
            if code == "Y" and tail[:1] in ("생", "차", "대", "제"):
                continue
            if code == "MIN" and text.startswith("의", e):
                continue  # 3분의 1: a fraction
            if code in ("MIN", "S") and not (m.group("gan") or _SPAN_AFTER.match(text, e)):
                continue  # 전반 23분, 9시 30분: a point in time
            if code in ("MIN", "S") and _CLOCK_BEFORE.search(text, max(0, s - 5), s):
                continue  # 9시 30분 is a clock time
            if code == "M" and _AGE_BEFORE.search(text, max(0, s - 4), s):
                continue  # 생후 6개월: an age
            num = Num("duration", s, e, _dur_iso(low, code), None)
            if _ELAPSED.match(tail):
                num.attrs["elapsed"] = True
            if _EVERY.match(tail):
                num.attrs["every"] = True
        else:
            unit = m.group("cnt")
            if b_txt is None and "." in a_txt and not has_big(a_txt):
                continue
            if text.startswith("당", e):
                continue  # `1곳당`, `10만 명당`: a per-basis, not a count
            if unit == "대":
                if _RATIO_TAIL.match(text, e):
                    continue  # 10.8대 1: a ratio
                if 10 <= low <= 90 and low % 10 == 0 and (_AGE_NOUN.match(text, e) or _AGE_LIST_BEFORE.search(text, max(0, s - 4), s)):
                    continue  # 30대 남성: an age band
                if high is not None and low % 10 == 0 and high % 10 == 0 and 10 <= low < high <= 90:
                    continue  # 20~30대: a range of age bands, whatever follows
                if ORDINAL_DAE.match(text, e):
                    continue  # 22대 국회
                if b_txt is None and low <= 20 and _RANK_DAE.match(text, e):
                    continue  # 4대 방산 수출국에 오른다: a rank
            if unit == "기" and (_ORDINAL_GI_BEFORE.search(text, max(0, s - 3), s) or _ORDINAL_GI_AFTER.match(text, e)):
                continue  # 민선 9기, 3기 펀드: a term or series
            if unit == "세대" and b_txt is None and low < 10 and _GENERATION_AFTER.match(text, e):
                continue  # 2세대 칩: a generation
            if unit == "무" and not (_DRAW_BEFORE.search(text, max(0, s - 2), s) or _DRAW_AFTER.match(text, e)):
                continue  # 무 counts draws only inside a record (56승 2무 35패)
            if unit == "회" and _ORDINAL_HOE_AFTER.match(text, e):
                continue  # 150회 임시국회: a session number
            if unit == "회" and _is_inning(text, s, e, baseball):
                continue  # 7회 말, 연장 11회: an inning
            if unit == "세대" and _GENERATION.fullmatch(a_txt):
                continue  # 2030세대: people in their 20s and 30s
            if unit == "번" and _NUMBER_LABEL.match(text, e):
                continue  # 4번 타자, 3번 출구: a number used as a label
            if low != low.to_integral_value():
                continue
            if unit in ("명", "곳", "개", "가구") and b_txt is None and (
                    (low in _ROUND_BASES and _OF_N.match(text, e)) or _N_OF_BEFORE.search(text, max(0, s - 12), s)):
                continue  # 10명 중 7명: a proportion
            num = Num("count", s, e, int(low), unit)
            sent = sent_of(s)
            noun = _counted_noun(text, e, sent[1])
            if noun:
                num.attrs["noun"] = noun
            members = _members(text, s, sent[0])
            if members:
                num.attrs["members"] = members
        num.approx = num.approx or approx
        if approx and "여" in (m.group("ay") or "") + (m.group("by") or "") + a_txt:
            num.bound = "min"
        if high is not None:
            num.range = True
            if num.kind == "duration":
                num.attrs["high"] = _dur_iso(high, DURATION[m.group("dur")])
            else:
                num.attrs["high"] = int(high) if num.kind == "count" else high
        _apply_prefix(text, s, num)
        _apply_suffix(text, e, num)
        out.append(num)

    for n in out:
        mask[n.start:n.end] = b"\x01" * (n.end - n.start)

    def free(s: int, e: int) -> bool:
        return 1 not in mask[s:e]

    for m in _NATIVE_COUNT.finditer(text):
        if not free(m.start(), m.end()) or text.startswith("당", m.end()):
            continue
        if m.group("n") == "한" and _PER_ONE.match(text, m.end()):
            continue  # 한 곳에 최대 50만 원 (a rate's unit), 한 명도 (not even one)
        if m.group("cnt2") == "번" and (
                (m.group("n") == "한" and _ONCE_IDIOM.match(text, m.end()))
                or (m.group("n") == "두" and _NEVER_AGAIN.match(text, m.end()))):
            continue  # 한 번뿐인 인생, 한 번쯤, 두 번 다시: idioms, not a tally
        num = Num("count", m.start(), m.end(), NATIVE[m.group("n")], m.group("cnt") or m.group("cnt2"),
                  approx=bool(m.group("ay")))
        noun = _counted_noun(text, m.end(), sent_of(m.start())[1])
        if noun:
            num.attrs["noun"] = noun
        _apply_prefix(text, m.start(), num)
        _apply_suffix(text, m.end(), num)
        out.append(num)
    symbol_hits = _SYMBOL_MONEY.finditer(text) if any(c in text for c in "$€¥£₩") else ()
    for m in symbol_hits:
        if not free(m.start(), m.end()):
            continue
        value = parse_number(m.group("a"))
        if value is None:
            continue
        num = Num("money", m.start(), m.end(), value, _SYMBOLS[m.group("sym").replace("US", "")])
        _apply_prefix(text, m.start(), num)
        _apply_suffix(text, m.end(), num)
        out.append(num)
    for m in (_NATIVE_TIMES.finditer(text) if "배" in text else ()):  # half the articles have no 배
        if free(m.start(), m.end()):
            out.append(Num("percent", m.start(), m.end(), Decimal(NATIVE[m.group("n")]), "x"))
    for m in _NATIVE_DUR.finditer(text):
        if not free(m.start(), m.end()):
            continue
        w = m.group("w").replace(" ", "")
        end = m.end()
        if not m.group("gan") and not _NATIVE_DUR_OK.match(text, end):
            continue
        if w == "일주일":
            val = "P1W"
        elif w in _NATIVE_DAYS:
            val = f"P{_NATIVE_DAYS[w]}D"
        else:
            code, n = _NATIVE_MONTHS[w]
            val = f"P{n}{code}"
        num = Num("duration", m.start(), m.end(), val, None)
        if _ELAPSED.match(text, m.end()):
            num.attrs["elapsed"] = True
        out.append(num)

    out.sort(key=lambda n: n.start)
    _link_conversions(text, out)
    _merge_durations(text, out)
    _directions(text, out, sent_of)
    return out


def _is_inning(text: str, s: int, e: int, baseball: list[bool]) -> bool:
    if _INNING_AFTER.match(text, e) or _INNING_BEFORE.search(text, max(0, s - 3), s):
        return True
    if not baseball:
        baseball.append(len(_BASEBALL.findall(text)) >= 2)
    return baseball[0] and not _FREQUENCY_AFTER.match(text, e)


def has_big(s: str) -> bool:
    return any(c in s for c in "조억만")


def _link_conversions(text: str, nums: list[Num]) -> None:
    # `50억 달러(약 6조 7천억 원)`: the bracketed amount restates the first.
    for a, b in zip(nums, nums[1:]):
        if a.kind == b.kind == "money" and a.unit != b.unit:
            between = text[a.end:b.start]
            if _CONVERSION_GAP.fullmatch(between):
                a.attrs["converted"] = {"value": b.value, "unit": b.unit}
                b.attrs["conversion_of"] = {"value": a.value, "unit": a.unit, "start": a.start}


def _merge_durations(text: str, nums: list[Num]) -> None:
    # `1년 6개월` is one duration.
    i = 0
    while i + 1 < len(nums):
        a, b = nums[i], nums[i + 1]
        if (a.kind == b.kind == "duration" and not a.range and not b.range
                and text[a.end:b.start] in (" ", "") and a.value.startswith("P") and "T" not in a.value
                and b.value.startswith("P") and "T" not in b.value):
            order = "YMWD"
            ua, ub = a.value[-1], b.value[-1]
            if order.index(ua) < order.index(ub):
                a.value = a.value + b.value[1:]
                a.end = b.end
                a.attrs.update(b.attrs)
                del nums[i + 1]
                continue
        i += 1


def _directions(text: str, nums: list[Num], sent_of: Any) -> None:
    for i, n in enumerate(nums):
        if n.kind != "percent":
            continue
        _, send = sent_of(n.start)
        limit = send
        if i + 1 < len(nums) and nums[i + 1].start < limit:
            limit = nums[i + 1].start
        m = _DIRECTION.search(text, n.end, limit)
        if m:
            n.attrs["direction"] = "increase" if m.group("inc") else "decrease"
