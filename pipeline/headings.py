"""Section headings cut from the section's own words.

Headings never contain generated words: they are noun phrases copied from
the section's sentences (runs of noun-like words with their trailing
particle removed), quoted programme names, or the article's own subheading.
Korean is head-final, so a phrase is a run of words ending at a particle
(`서울특별시 직업교육 혁신지구가` -> `서울특별시 직업교육 혁신지구`), and the
shorter phrases kept are the ones ending at the same head noun.

Morphological analysis (Kiwi) would find nouns more exactly but costs
~40 ms for a 3,000-character article; this needs well under a millisecond.
"""
from __future__ import annotations

import math
from collections import Counter
from functools import lru_cache
import re
import unicodedata
from dataclasses import dataclass

from . import korean
from .fidelity import scan_numbers

# Particles (and the copula) that end a noun phrase, longest first.
_JOSA = sorted(
    """에서는 에서도 에서의 에게서 으로는 으로도 으로서 으로써 까지는 부터는 이라는 이라고 라는 라고 이라며 이란 이며 이고 이나
    이다 에서 에게 으로 까지 부터 처럼 보다 마다 와의 과의 에의 에는 에도 로는 로도 로서 로써 께서 한테 밖에 조차 마저
    의 은 는 이 가 을 를 에 와 과 도 만 로 며 나 란""".split(),
    key=len,
    reverse=True,
)
# Word endings of predicates and modifiers: such a word is not a noun.
_VERBISH = tuple(
    """다 고 며 면 서 지 게 데 니 자 요 죠 라 던 든 듯 록 려 는 은 을 할 한 된 될 했 였 됐 졌 겠 인 운 하 되 여 워 해 함 됨 적인 스런
    쳐 켜 혀 겨 셔 춰 줘 봐 져 놔 와서 어서 아서 면서 도록 려고 으며
    로운 이라 에서 에게 까지 부터 처럼 보다 위해 위한 통해 대해 대한 따라 따른 관해 관한""".split()
)
# stem.endswith(_VERBISH) as two set lookups (the endings are one or two
# syllables; a one-syllable stem never equals a two-syllable ending).
_VERBISH_1 = frozenset(v for v in _VERBISH if len(v) == 1)
_VERBISH_2 = frozenset(v for v in _VERBISH if len(v) == 2)
assert len(_VERBISH_1) + len(_VERBISH_2) == len(set(_VERBISH))
_STOP = set(
    """이번 이날 지난 올해 내년 작년 지난해 또한 특히 이를 이에 이와 이는 그는 그녀는 그러나 하지만 한편 아울러 이어 다만 또 모두 매우
    가장 함께 오는 현재 최근 이후 당시 이전 앞서 직후 관련 경우 등 것 수 때 중 및 그 이 저 더 약 총 각 전 후 간 내 외 측 쪽 점 바 듯 뿐
    때문 가운데 예정 전망 관계자 이상 이하 미만 초과 가량 정도 부분 상황 방침 입장 설명 강조 발표 설명했다 밝혔다 말했다 덧붙였다 대상 대비
    기자 사진 자료 제공 해당 각각 모든 여러 다른 같은 이런 그런 어떤 무엇 누구 우리 저희 자신 본인 당국 측은 일부 전체 대부분 다수 소수
    결과 계획 방안 문제 내용 과정 상태 필요 가능 예상 기대 달러 원 엔 위안 유로 억 만 조 퍼센트 포인트 동안 사이 관계 경우에 통해 위해 대해 따라 의해 인해 관해 비해 향해 지난달 이달 다음달 오전 오후 내달 전날 이튿날 당일 최대 최소 최고 최저 무려""".split()
)
_PUNCT_EDGE = "\"'“”‘’()[]{}<>《》〈〉「」『』,.·…!?:;~-—–=/※▲△▶▷■□◆◇●○★☆|"
# Single quotes and corner brackets mark names and terms in Korean news;
# double quotes mark speech, which is no heading.
_QUOTED = re.compile(r"[‘'「『《〈]([^‘’'“”\"「」『』《》〈〉]{2,30})[’'」』》〉]")
_JOSA_SET = frozenset(_JOSA)
_JOSA_LENGTHS = sorted({len(j) for j in _JOSA}, reverse=True)
# One-syllable particles that also end common nouns (경기도, 보행로, 어린이, 사업가).
_AMBIGUOUS = {"도", "로", "이", "가", "나", "만", "며", "란", "과", "와", "의"}
# Common nouns whose last syllable looks like a particle.
_WHOLE_NOUNS = frozenset(
    """어린이 아이 놀이 길이 높이 넓이 깊이 나이 사이 차이 고양이 원숭이 먹이 돌이 쓰레기 오이 거리 도로 경로 통로 진로 판로
    항로 선로 보행로 활로 수로 산책로 정도 제도 속도 온도 습도 강도 빈도 태도 각도 용도 한도 밀도 지도 시도 의도 경기도 강원도
    충청도 전라도 경상도 제주도 독도 울릉도 대가 평가 국가 작가 전문가 물가 증가 추가 참가 부가 단가 시가 원가 주가 화가 휴가
    가가 정가 고가 저가 입주자 소비자 사업자 근로자 노동자 투자자 참가자 관계자 피해자 사망자 확진자 만나 하나 기관과 결과 효과
    성과 인과 교과 학과 외과 내과 치과 부과 초과 통과 사과 과자 의의 회의 합의 협의 정의 주의 민주주의""".split()
)
_PLAIN_JOSA = ("가", "는", "은", "의", "를", "을", "에", "와", "과", "도", "로", "으로", "에서", "이")


_SHAPE = {1: 0.8, 2: 1.15, 3: 1.2}
_LEAD_SHAPE = {1: 0.6, 2: 1.0, 3: 0.95}
# (shape, n ** 0.25) and (sqrt(n), shape) by phrase length, computed once.
_LEAD_FACTORS = {n: (_LEAD_SHAPE.get(n, 0.8), n ** 0.25) for n in range(1, 4)}
_FACTORS = {n: (math.sqrt(n), _SHAPE.get(n, 0.9)) for n in range(1, 4)}


@dataclass
class Phrase:
    text: str
    score: float
    first: int  # position of first occurrence, for stable ties


def strip_josa(word: str, vocab: frozenset[str] | set[str] = frozenset()) -> tuple[str, bool]:
    """(stem, had_particle) for one word without edge punctuation.

    A one-syllable particle that can also end a noun is kept when the
    article uses the whole word with another particle (`경기도가` makes
    `경기도` a noun, not `경기` + `도`).
    """
    for n in _JOSA_LENGTHS:
        if len(word) - n >= 2 and word[-n:] in _JOSA_SET:
            j = word[-n:]
            if j in _AMBIGUOUS and (word in _WHOLE_NOUNS or vocab and any(word + k in vocab for k in _PLAIN_JOSA)):
                return word, False
            return word[:-n], True
    return word, False


@lru_cache(maxsize=65536)
def _word(raw: str) -> tuple[str, str, bool, bool, bool, bool, bool]:
    """What a word is, apart from the article: (word, stem without a particle,
    particle is ambiguous, ends a clause, opens a quote, stem is a noun, word
    is a noun). Cached: news vocabulary repeats across a whole run."""
    w = raw.strip(_PUNCT_EDGE)
    changed = raw != w
    broke = changed and not _BREAKS.isdisjoint(raw[len(raw.rstrip(_PUNCT_EDGE)):])
    opened = changed and raw[0] in _PUNCT_EDGE
    stem, ambiguous = w, False
    for n in _JOSA_LENGTHS:
        if len(w) - n >= 2 and w[-n:] in _JOSA_SET:
            stem, ambiguous = w[:-n], w[-n:] in _AMBIGUOUS
            break
    return w, stem, ambiguous, broke, opened, bool(w) and _is_nounish(stem), bool(w) and _is_nounish(w)


@lru_cache(maxsize=65536)
def _word_info(raw: str) -> tuple[str, bool, bool, bool, bool] | None:
    """(stem, had a particle, ends a clause, opens a quote, is a noun) of a
    word, or None when that depends on the article's vocabulary (an
    ambiguous particle: `경기도가` elsewhere makes `경기도` whole)."""
    w, stripped, ambiguous, broke, opened, noun_stripped, noun_whole = _word(raw)
    if stripped == w or ambiguous and w in _WHOLE_NOUNS:
        return (w, False, broke, opened, noun_whole)
    if ambiguous:
        return None
    return (stripped, True, broke, opened, noun_stripped)


@lru_cache(maxsize=65536)
def _alone_ok(stem: str) -> bool:
    """A one-noun run is a candidate phrase (what _close decides for it)."""
    return not (stem.isdigit() or stem in _STOP) and stem not in _MODIFIERS and not _numberish(stem)


@lru_cache(maxsize=8192)
def _numberish(word: str) -> bool:
    return bool(scan_numbers(word))


def vocabulary(texts: list[str]) -> frozenset[str]:
    return frozenset(w.strip(_PUNCT_EDGE) for t in texts for w in t.split())


_BREAKS = frozenset(",.·…!?:;)]」』》〉”’\"'")
_WORDY = re.compile(r"[가-힣A-Za-z0-9]")
_HANGUL_WORD = re.compile(r"[가-힣]+")


def _is_nounish(stem: str) -> bool:
    if len(stem) < 2 and not stem.isdigit():
        return False
    if stem in _STOP:
        return False
    if not _WORDY.search(stem):
        return False
    if (stem[-1:] in _VERBISH_1 or stem[-2:] in _VERBISH_2) and _HANGUL_WORD.fullmatch(stem):
        return False
    return True


def phrases_of(sentence: str, vocab: frozenset[str] = frozenset(),
               memo: dict[str, tuple[str, bool, bool, bool, bool]] | None = None,
               spans: bool = True) -> list[tuple[str, int]]:
    """Candidate noun phrases of a sentence with their word offsets
    (with spans=False only the one-word phrases, which is all counting needs)."""
    out: list[tuple[str, int]] = []
    run: list[str] = []
    run_start = 0
    if memo is None:
        memo = {}
    words = sentence.split()
    get = _ENTRIES.get
    entries = [get(w) or _entry(w) for w in words]
    last = len(words) - 1
    after_native = False
    for i, (info, native, _) in enumerate(entries):
        if after_native and run:
            _close(run, run_start, spans, out)  # `한 명당`: a counter after a native numeral starts no topic
            run = []
        after_native = native
        if info is None:
            raw = words[i]
            info = memo.get(raw)
            if info is None:
                w, stripped, _, broke, opened, noun_stripped, noun_whole = _word(raw)
                if vocab and not vocab.isdisjoint(map(w.__add__, _PLAIN_JOSA)):
                    info = (w, False, broke, opened, noun_whole)
                else:
                    info = (stripped, True, broke, opened, noun_stripped)
                memo[raw] = info
        stem, had, broke, opened, nounish = info
        if nounish and i < last and entries[i + 1][2]:
            nounish = False  # `취약층일 수`: a modifier before a bound noun
        if opened and run:
            _close(run, run_start, spans, out)
            run = []
        if nounish:
            if not run:
                if had or broke:  # a one-noun run, the most common kind
                    if _alone_ok(stem):
                        out.append((stem, i))
                    continue
                run_start = i
            run.append(stem)
            if had or broke:
                _close(run, run_start, spans, out)
                run = []
        elif run:
            _close(run, run_start, spans, out)
            run = []
    if run:
        _close(run, run_start, spans, out)
    return out


# Per raw word: (_word_info, a native numeral, a bound noun once edge
# punctuation is gone), looked up with one dict get per word.
_ENTRIES: dict[str, tuple[tuple[str, bool, bool, bool, bool] | None, bool, bool]] = {}


def _entry(raw: str) -> tuple[tuple[str, bool, bool, bool, bool] | None, bool, bool]:
    if len(_ENTRIES) >= 65536:
        _ENTRIES.clear()  # bounded like the lru caches; news vocabulary refills it
    e = _ENTRIES[raw] = (_word_info(raw), raw in _NATIVE_WORDS, raw.rstrip(_PUNCT_EDGE) in _BOUND_NOUNS)
    return e


def _close(run: list[str], run_start: int, spans: bool, out: list[tuple[str, int]]) -> None:
    """Add a run of nouns and the shorter runs ending at its head noun."""
    skip = 0
    n = len(run)
    while skip < n and (run[skip].isdigit() or run[skip] in _STOP):
        skip += 1
    words = run[skip:] if skip else run
    n -= skip
    if n == 1:
        w = words[0]
        if w not in _MODIFIERS and not _numberish(w):
            out.append((w, run_start))
        return
    # Without particles between them, nouns of two phrases can stand
    # side by side (`선정 결과 서울특별시가`), so every short span is a
    # candidate and the scoring picks the one the section repeats.
    # The rules of _figures_ok, per word instead of per span: a figure
    # may only open a span of two or more words, as a count.
    num = [_numberish(w) for w in words]
    for k in range(n):
        first = words[k]
        if first in _STOP or k and first in _LEANS_BACK:
            continue
        inner_num = False
        for m in range(k + 1, min(n, k + 3 if spans else k + 1) + 1):
            last = words[m - 1]
            if m - 1 > k:
                inner_num = inner_num or num[m - 1]
            if last in _STOP or last in _MODIFIERS or inner_num:
                continue
            if num[k] and (m - k == 1 or not _count_opening(first)):
                continue
            out.append((first if m - k == 1 else " ".join(words[k:m]), run_start + k))


_BOUND_NOUNS = {"수", "것", "때", "뿐", "듯", "줄", "리", "만큼", "데", "바", "수는", "수도", "것이", "것은", "것으로", "것을"}
_NATIVE_WORDS = {"한", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉", "열", "스무", "몇", "수"}
# Nouns that modify the next one: a phrase does not end on them (`혁신지구 신규`,
# `신기술 활용 온·오프라인` of `… 온·오프라인 공연 개발`: the channel of a thing, not the thing).
_MODIFIERS = {"신규", "전문", "주요", "각종", "기존", "현행", "추가", "전체", "일부", "공동", "긴급", "핵심", "최초", "국내", "해외",
              "온라인", "오프라인", "온·오프라인", "온오프라인", "비대면", "대면"}
# Nouns that take the noun before them as their object or base (`신기술 활용
# 공연`, `AI 기반 서비스`): a span opening on one inside a run is cut from it.
_LEANS_BACK = {"활용", "기반", "연계", "중심", "위주", "이용", "적용", "접목"}
_COUNT_UNITS = {"개", "곳", "대", "개교", "개국", "개사", "가구", "종", "가지"}


@lru_cache(maxsize=8192)
def _count_opening(word: str) -> bool:
    """The word is one count (`4개`), the only figure a heading may open with."""
    toks = scan_numbers(word)
    return not (len(toks) != 1 or toks[0].start != 0 or toks[0].end != len(word) or toks[0].unit not in _COUNT_UNITS)


def _figures_ok(sub: list[str]) -> bool:
    """A heading may open with a count (`4개 전략 산업`); no other figure,
    date or bare number belongs in it."""
    for j, w in enumerate(sub):
        if not _numberish(w):
            continue
        if j > 0 or len(sub) == 1:
            return False
        toks = scan_numbers(w)
        if len(toks) != 1 or toks[0].start != 0 or toks[0].end != len(w) or toks[0].unit not in _COUNT_UNITS:
            return False
    return True


def _is_date(word: str) -> bool:
    if not _numberish(word):
        return False
    toks = scan_numbers(word)
    return bool(toks) and toks[0].start == 0 and toks[0].unit in (None, "년", "월", "일", "시", "분")


def quoted_names(sentence: str) -> list[str]:
    """Quoted names (`‘매칭데이 인 서울’`), kept with their quotes, and with
    the noun they name when one follows (`‘매칭데이 인 서울’ 프로그램`)."""
    out = []
    for m in _QUOTED.finditer(sentence):
        inner = m.group(1).strip()
        if len(inner) < 2 or re.fullmatch(r"[\d\s.,%~]+", inner):
            continue
        name = m.group(0)
        nxt = re.match(r"\s?([가-힣A-Za-z]{2,8})", sentence[m.end():])
        if nxt:
            stem, _ = strip_josa(nxt.group(1))
            if _is_nounish(stem) and stem not in ("누리집", "홈페이지", "사이트"):
                out.append(name + nxt.group(0)[: nxt.group(0).index(nxt.group(1))] + stem)
        out.append(name)
    return out


def rank_sections(sections: list[list[str]], boosts: list[list[str]],
                  focus: list[list[int]] | None = None) -> list[list[Phrase]]:
    """Phrases of each section, best heading first.

    A word scores by how often the section uses it and how few other
    sections do (TF-IDF with sections as documents); a phrase sums its
    words, with a mild bonus for two- and three-word phrases, which read
    as headings where a single noun reads as a tag. Quoted names (and those
    in `boosts`, the section's programme names) rank first. `focus` names,
    per section, the sentences candidates are drawn from (default: all);
    every sentence counts towards word frequencies.
    """
    return [[Phrase(text, -neg, first) for neg, first, text in ranked]
            for ranked in _ranked(sections, boosts, focus)]


def ranked_texts(sections: list[list[str]], boosts: list[list[str]],
                 focus: list[list[int]] | None = None) -> list[list[str]]:
    """The texts of rank_sections() in the same order, without Phrase objects."""
    return [[text for _, _, text in ranked] for ranked in _ranked(sections, boosts, focus)]


def _ranked(sections: list[list[str]], boosts: list[list[str]],
            focus: list[list[int]] | None) -> list[list[tuple[float, int, str]]]:
    """(-score, first, text) per phrase, sorted: rank_sections' order."""
    n_sections = max(1, len(sections))
    vocab = vocabulary([s for sec in sections for s in sec])
    memo: dict[str, tuple[str, bool, bool, bool, bool]] = {}
    per_section: list[list[list[tuple[str, int]]]] = [
        [phrases_of(s, vocab, memo, spans=focus is None or i in focus[si]) for i, s in enumerate(sec)]
        for si, sec in enumerate(sections)
    ]
    flat = [[p for phrases in sec for p, _ in phrases] for sec in per_section]
    # Count each word occurrence once: the single-word phrases.
    tfs: list[Counter[str]] = [Counter([p for p in ps if " " not in p]) for ps in flat]
    df: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for tf in tfs:
        df.update(tf.keys())
        total.update(tf)
    out = []
    for si, (sents, phrase_list, tf, boost) in enumerate(zip(sections, flat, tfs, boosts)):
        # The lead section introduces the story: its heading names what the
        # whole article is about, so words count article-wide there, while
        # later sections are named by what sets them apart.
        lead = si == 0 and n_sections > 1
        # Each candidate with its first position (the sort below breaks ties
        # by it, so the dict's order does not matter).
        cands = dict(zip(reversed(phrase_list), range(len(phrase_list) - 1, -1, -1)))
        weights: dict[str, float] = {}
        # (-score, first, text): texts are unique, so sorting these tuples
        # gives the order of the documented key without a key function.
        ranked: list[tuple[float, int, str]] = []
        boosting = [b for b in boost if b]
        for p, first in cands.items():
            if " " in p:
                words = p.split()
                weight = 0.0
                for w in words:
                    wt = weights.get(w)
                    if wt is None:
                        wt = weights[w] = _word_weight(w, lead, tf, total, df, n_sections)
                    weight += wt
                n_words = len(words)
            else:
                # One word: 0.0 + w == w (weights are never -0.0), same score.
                weight = weights.get(p)
                if weight is None:
                    weight = weights[p] = _word_weight(p, lead, tf, total, df, n_sections)
                n_words = 1
            if lead:
                # Article-wide counts favour single frequent nouns; a lead
                # heading should still be a phrase (`직업교육 혁신지구`).
                shape, root = _LEAD_FACTORS[n_words] if n_words < 4 else (0.8, n_words ** 0.25)
                score = weight * shape / root
            else:
                root, shape = _FACTORS[n_words] if n_words < 4 else (math.sqrt(n_words), 0.9)
                score = weight / root * shape
            if boosting:
                for b in boosting:
                    if b in p or p in b:
                        score *= 1.3
                        break
            ranked.append((-score, first, p))
        quoted: dict[str, None] = {}
        for s in sents:
            for q in quoted_names(s):
                quoted.setdefault(q, None)
        for q in quoted:
            if q not in cands:
                # A programme the fact extractor named is the section's topic;
                # any other quoted term is only a good candidate.
                named = any(b and len(b) >= 2 and b in q for b in boost)
                ranked.append((-(1e3 + len(q) / 100 if named else 2.2 + min(len(q), 20) / 20), -1, q))
        ranked.sort()
        out.append(ranked)
    return out


def _word_weight(w: str, lead: bool, tf: Counter[str], total: Counter[str], df: Counter[str],
                 n_sections: int) -> float:
    if _numberish(w):
        return 0.0
    if lead:
        return (1 + math.log(total.get(w, 1))) * (1 + math.log(tf.get(w, 1)))
    return (1 + math.log(tf.get(w, 1))) * (1 + math.log(n_sections / df.get(w, 1)))


def clean_subheading(text: str) -> str:
    t = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    t = re.sub(r"^[\s■□◆◇●○▲△▶▷★☆※#*\-–—·•>]+", "", t)
    t = re.sub(r"^\[(.+)\]$|^<(.+)>$|^【(.+)】$", lambda m: next(g for g in m.groups() if g), t)
    return t.strip(" .·-–—:;")


def cut_at_word(text: str, limit: int) -> tuple[str, bool]:
    """Text cut to at most `limit` characters at a word boundary.

    Never cuts inside a number chain (`1조 2천억`), which would state a
    figure the source does not contain. Returns (text, was_cut).
    """
    text = text.strip()
    if len(text) <= limit:
        return text, False
    cut = text.rfind(" ", 0, limit + 1)
    if cut <= 0:
        cut = limit
    whole = scan_numbers(text)
    for tok in whole:
        if tok.start < cut < tok.end:
            cut = text.rfind(" ", 0, tok.start)
            if cut <= 0:
                cut = tok.start
            break
    out = text[:cut].rstrip(" ,·:;(‘“[")
    # A cut may also change how a figure before it reads (`8.2대 1` cut after
    # `8.2대` is 8.2 machines): back off until the figures read as in the whole.
    while out:
        mine = scan_numbers(out)
        if not mine or [(t.value, t.unit) for t in mine] == [(t.value, t.unit) for t in whole if t.end <= len(out)]:
            break
        cut = text.rfind(" ", 0, mine[-1].start)
        out = text[:max(cut, 0)].rstrip(" ,·:;(‘“[")
    return out, True


# Generated headings come from word runs; these checks drop the fragments a
# run can leave (half a bracket, a counter cut from its number, a clause end).
_PAIRS = [("(", ")"), ("[", "]"), ("‘", "’"), ("“", "”"), ("「", "」"), ("『", "』"), ("<", ">"), ("《", "》")]
# Words that only follow a number or a noun (`1억 원의`, `세 차례`): a heading cannot open with them.
_BOUND_OPENERS = {"원", "원의", "명", "명의", "개", "곳", "곳의", "건", "건의", "차례", "가구", "배", "년", "월", "일",
                  "만", "억", "조", "천", "등", "및", "또는", "그", "이", "저", "각", "약", "총", "중", "간", "당", "여"}
# Verb/adjective forms that end a clause or modify the next word: not in a heading.
_CLAUSE_END = re.compile(r"(?:다|고|며|면|서|니|나|지|요|죠|라|자)[\"”’']?$|[\"”’']고$")
_MODIFIER_VERB = re.compile(r"(?:[춘준둔툰룬운갖]|[한된될할던는])$")


# (`투자 신고`, `시행계획 공고`, `업무보고`: verbal nouns in 고, not a clause's -고)
_GO_NOUNS = ("신고", "공고", "업무보고", "광고", "경고", "예고", "권고")


# Asked of every candidate phrase, the same ones again for each engine; the
# phrases are cut from sentences, so a sentence cache (emptied by korean.forget).
@korean.sentence_cache(korean.CACHE_SIZE)
def heading_ok(text: str) -> bool:
    """Reject fragments: unbalanced quotes/brackets, openers that need a word
    before them, clause endings, a verb modifier as the first word."""
    t = text.strip()
    if not t:
        return False
    for a, b in _PAIRS:
        if t.count(a) != t.count(b):
            return False
    if t.count('"') % 2 or t.count("'") % 2:
        return False
    words = t.split()
    first, last = words[0].strip("‘“\"'("), words[-1].rstrip("’”\"')")
    if first in _BOUND_OPENERS or re.match(r"^(?:원|명|곳|건|개)의$", first):
        return False
    if len(words) > 1 and _MODIFIER_VERB.search(first) and len(first) >= 2 and first[-1] in "춘준한된될할던는":
        return False
    if _CLAUSE_END.search(last) and len(last) >= 2 and not last.endswith(("센터", "제도", *_GO_NOUNS)):
        return False
    if last.endswith("으") and len(last) >= 2:
        return False
    # A phrase ending on a particle stops mid-clause (`정책자금 확대만`, `증가 폭이`).
    if len(words) > 1 and len(last) >= 2 and last.endswith(("만", "은", "는", "을", "를", "에", "의", "로", "폭이")):
        return False
    return True
