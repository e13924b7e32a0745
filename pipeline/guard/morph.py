"""Negation and modality: the checks that need morphology.

A rewrite can keep every number and name and still reverse the claim:
`발견되지 않았다` -> `발견됐다`, `확대할 계획이다` -> `확대했다`. Both are read
from Kiwi's tags (korean.py, one analyser per process, tokens cached), on
the sentences that differ from their source only.

Negation: 않/못하/말 (VX), 안/못 (MAG), 없 (VA), 없이 (MAG), 아니 (VCN), and the
prefixes 미/비/불/무 (XPN), each tied to the predicate it negates. Modality:
each action predicate (a verb, or a noun with 하/되) is read as planned (-ㄹ
것/수, -겠-, -기로, or governed by 예정·계획·검토·추진·방침·전망·목표·구상 …),
done (past tense) or neither; connective clauses (-고, -며) take the mode of
the clause they lean on. Each rewritten clause is first anchored to the
source clause it restates, the one sharing its figures (`150곳`), time words
(`연말까지`, `다음 달`) or verb, and keeps that clause's mode, whatever other
clauses the source has and whatever verb the rewrite chose (`…세웠고, 연말까지
150곳을 더 설치할 계획이다` -> `연말까지 150곳이 더 들어섰다` is refused; `…150곳을 더
세울 계획이다` stands). A clause with no clear anchor is compared by stem;
where a rewrite swaps the verb itself (`활용할 계획이다` -> `이용했다`), the
sentence's main predicate is compared with the source's clauses that no
other rewritten clause restates, where those are all of the other mode.
A planning noun heading a noun phrase (`추진 계획을 발표했다`) plans nothing,
and `늘릴 수 있는 사업` is inside a noun phrase. This module refuses what
it can read, and reads no further: it has no synonyms and no antonyms, so
`늘었다` -> `줄었다` is left to the figures' directions (surface.py).
"""
from __future__ import annotations

from dataclasses import dataclass

from ..fidelity import scan_numbers
from ..korean import CACHE_SIZE, sentence_cache, tokens
from .context import norm

_CONTENT = ("NNG", "NNP", "VV", "VA", "XR")
_NEG_VX = {"않": "않", "못하": "못", "말": "말"}
_NEG_PREFIX = frozenset("미비불무")
# Nouns that put what comes before them in the future or in doubt.
_MARKERS = frozenset("예정 계획 검토 추진 방침 전망 목표 구상 예상 방안 가능성 의향 의사 방향 복안 채비".split())
_PAST = frozenset({"었", "았", "였", "었었", "았었"})
_QUOTATIVE = ("다고", "라고", "다며", "라며", "냐고", "자고")


# Verbs that only link a phrase (`밝히기 위해`, `에 따라`): no claim of their own.
_FUNCTIONAL = frozenset("위하 대하 통하 따르 의하 관하 비하 힘입 맞추 거치 비롯하 걸치 앞두 향하".split())


@dataclass(frozen=True)
class Tok:
    form: str
    tag: str  # Kiwi's tag without the conjugation class (`VV-R` -> `VV`)
    start: int = 0  # character offset in the analysed text
    len: int = 0


@dataclass(frozen=True)
class Clause:
    """One clause of a sentence: its predicate, the predicate's mode (a
    connective clause resolved to the clause it leans on), and what anchors
    it to a clause of another sentence: its figures (`150곳`) and nouns."""
    stem: str
    mode: str  # planned | done | neither
    figures: frozenset[str]
    times: frozenset[str]  # time words (`연말`, `다음`, `달`, `올해`)
    present_action: bool = False  # a verb ending in the present (`설치된다`, `세운다`): not yet done


@dataclass(frozen=True)
class Reading:
    negations: tuple[tuple[str, str | None], ...]  # (negating morpheme, the stem it negates)
    modes: dict[str, frozenset[str]]  # action stem -> {"planned", "done", "neither"}
    stems: frozenset[str]  # every content stem
    finals: frozenset[tuple[str, str]] = frozenset()  # (stem, mode) of each sentence's main predicate
    clauses: tuple[Clause, ...] = ()
    clause_stems: tuple[frozenset[str], ...] = ()  # per clause, every predicate stem inside it
    # The main predicate is a verb of saying after a quote (`"…하겠다"고 말했다`):
    # the act of saying, not a claim of its own (the quote is held verbatim).
    reports: bool = False


def _stem_before(toks, k: int) -> str | None:
    """The predicate stem ending just before token k (`발견되지 않` -> 발견)."""
    j = k - 1
    while j >= 0 and toks[j].tag in ("EC", "EP"):
        j -= 1
    if j >= 1 and toks[j].tag in ("XSV", "XSA") and toks[j - 1].tag in ("NNG", "XR", "NNP"):
        return toks[j - 1].form
    if j >= 0 and toks[j].tag in ("VV", "VA"):
        return toks[j].form
    return None


def _stem_after(toks, k: int) -> str | None:
    for j in range(k + 1, min(len(toks), k + 3)):
        t = toks[j]
        if t.tag in ("VV", "VA"):
            return t.form
        if t.tag in ("NNG", "XR") and j + 1 < len(toks) and toks[j + 1].tag in ("XSV", "XSA"):
            return t.form
    return None


def _noun_before(toks, k: int) -> str | None:
    """The noun that 없다/아니다 speak of (`지장이 없다` -> 지장)."""
    j = k - 1
    while j >= 0 and toks[j].tag.startswith("J"):
        j -= 1
    if j >= 1 and toks[j].tag == "NNB" and toks[j - 1].tag == "ETM":
        return _stem_before(toks, j - 1)  # `신청할 수 없다`: what cannot be done
    if j >= 0 and toks[j].tag in ("NNG", "NNP", "XR", "NNB"):
        return toks[j].form
    return None


def _negations(toks) -> list[tuple[str, str | None]]:
    out = []
    for k, t in enumerate(toks):
        if t.tag == "VX" and t.form in _NEG_VX:
            out.append((_NEG_VX[t.form], _stem_before(toks, k)))
        elif t.tag == "MAG" and t.form in ("안", "못"):
            after_ji = k > 0 and toks[k - 1].tag == "EC" and toks[k - 1].form == "지"
            out.append((t.form, _stem_before(toks, k) if after_ji else _stem_after(toks, k)))
        elif (t.tag == "VA" and t.form == "없") or (t.tag == "MAG" and t.form == "없이"):
            out.append(("없", _noun_before(toks, k)))
        elif t.tag == "VCN":
            out.append(("아니", _noun_before(toks, k)))
        elif t.tag == "XPN" and t.form in _NEG_PREFIX:
            nxt = toks[k + 1] if k + 1 < len(toks) else None
            out.append((t.form, nxt.form if nxt is not None and nxt.tag in ("NNG", "XR") else None))
    return out


def _predicative(toks, j: int) -> bool:
    """A planning noun that is the predicate (`개최 예정이다`, `… 예정.`), not
    a noun phrase's head (`추진 계획을 발표했다`) nor, as `…인`, a name's
    (`확장 계획인 제4차 …계획안을 확정했다`)."""
    if j < len(toks) and toks[j].tag == "VCP" and j + 1 < len(toks) and toks[j + 1].tag == "ETM":
        return False
    return j >= len(toks) or toks[j].tag in ("VCP", "SF", "SP", "SE", "SS") or toks[j].tag.startswith("E")


def _modifies(toks, j: int) -> bool:
    """`늘릴 수 있는 사업`: after `-ㄹ 수`, `있/없` modifying a noun, so the
    prospective is inside a noun phrase, not the sentence's own predicate."""
    while j < len(toks) and toks[j].tag.startswith("J"):
        j += 1
    return (j + 1 < len(toks) and toks[j].form in ("있", "없") and toks[j + 1].tag == "ETM") or (
        j < len(toks) and toks[j - 1].tag == "NNB" and toks[j - 1].form == "것" and toks[j].tag == "JKB")


def _window_mode(toks, k: int) -> tuple[str, bool]:
    """How the predicate at k ends: (planned | done | neither | inherit, embedded).

    `inherit` is a connective clause (-고, -며, -면); `embedded` a clause inside a
    noun phrase (`늘리는 방안`, `밝히기 위해`), which lends its mode to no clause.
    """
    n = len(toks)
    j = k + 1
    if toks[k].tag in ("NNG", "XR"):
        if j < n and toks[j].tag == "NNG" and toks[j].form in _MARKERS:
            return "planned", False  # `5월 개최 예정이다`
        j += 1  # past 하/되
    past = False
    while j < n and j < k + 10:
        t = toks[j]
        nxt = toks[j + 1] if j + 1 < n else None
        if t.tag == "EP":
            if t.form in _PAST:
                past = True
            elif t.form == "겠":
                return "planned", False
        elif t.tag == "ETM":
            if t.form in ("ᆯ", "을", "ㄹ"):
                # `맺을 계획이다`, `오를 수 있다`: the prospective is the sentence's own predicate.
                main = nxt is not None and ((nxt.tag == "NNB" and nxt.form in ("것", "수", "듯", "전망"))
                                            or (nxt.tag == "NNG" and nxt.form in _MARKERS))
                return "planned", not main or _modifies(toks, j + 2)
            if t.form.endswith("다는") and nxt is not None and nxt.tag == "NNG" and nxt.form in _MARKERS:
                return "planned", False  # `혁신한다는 방침이다`: the sentence's own plan
            done = past or (t.form in ("ᆫ", "은") and toks[j - 1].tag in ("VV", "XSV", "VX"))
            return ("done" if done else "neither"), True
        elif t.tag == "ETN":
            if t.form == "기" and nxt is not None and nxt.tag == "JKB" and nxt.form == "로":
                return "planned", False  # `확대하기로 했다`
            return ("done" if past else "neither"), True
        elif t.tag == "EF":
            break
        elif t.tag == "EC":
            if nxt is not None and nxt.tag == "VX":
                j += 1
                continue  # `검토하고 있다`, `전해지다`: an auxiliary follows
            if t.form in ("고자", "려고", "으려고"):
                return "neither", True  # `만들고자 추진했다`: a purpose, as `만들기 위해`, is no act
            if past:
                return "done", False
            return ("neither" if t.form.endswith(_QUOTATIVE) else "inherit"), False
        elif t.tag not in ("VX", "XSV", "XSA", "VCP"):
            break
        j += 1
    return ("done" if past else "neither"), False


def _modes(toks) -> tuple[dict[str, frozenset[str]], tuple[str, str] | None, list[tuple[int, str, str, bool, str]]]:
    found: list[tuple[int, str, str, bool]] = []  # (position, stem, mode, embedded)
    for k, t in enumerate(toks):
        if t.form in _FUNCTIONAL:
            continue
        action = t.tag == "VV" or (t.tag in ("NNG", "XR") and k + 1 < len(toks) and (
            toks[k + 1].tag == "XSV" or (toks[k + 1].tag == "NNG" and toks[k + 1].form in _MARKERS
                                         and _predicative(toks, k + 2))))
        if (t.tag == "NNG" and t.form in _MARKERS and k + 2 < len(toks) and toks[k + 1].form == "중"
                and toks[k + 2].tag == "VCP"):
            found.append((k, t.form, "planned", False))  # `검토 중이다`, `추진 중이다`: a plan under way
            continue
        if action:
            if k >= 2 and toks[k - 1].form == "로" and toks[k - 2].tag == "ETN" and toks[k - 2].form == "기":
                found.append((k, t.form, "planned", False))  # `…하기로 했다/결정했다`: deciding to is a plan
            else:
                found.append((k, t.form, *_window_mode(toks, k)))
    # A connective clause (`발표하며`, `늘고`) has the mode of the clause it leans
    # on: the next one that is not inside a noun phrase.
    modes: dict[str, set[str]] = {}
    later = "neither"
    final: tuple[str, str] | None = None
    resolved: list[tuple[int, str, str, bool, str]] = []  # ..., the clause's own ending's mode
    for k, stem, mode, embedded in reversed(found):
        raw = mode
        if mode == "inherit":
            mode = later
        if not embedded:
            later = mode
            final = final or (stem, mode)
        modes.setdefault(stem, set()).add(mode)
        resolved.append((k, stem, mode, embedded, raw))
    # A planning noun puts the predicate before it in the plan (`늘리는 방안을 검토`).
    for k, t in enumerate(toks):
        if t.tag == "NNG" and t.form in _MARKERS:
            for pk, stem, _, _ in found:
                if k - 5 <= pk < k and stem != t.form:
                    modes.setdefault(stem, set()).add("planned")
    return {s: frozenset(m) for s, m in modes.items()}, final, resolved[::-1]


# Time words that place a clause (`연말까지`, `다음 달`, `지난해`): with the
# figures, what ties a rewritten clause to the source clause it restates.
_TIMES = frozenset("""올해 내년 작년 지난해 재작년 내후년 금년 연말 연초 연내 연중 상반기 하반기 분기 다음 지난 이번 지난달 이달
내달 다음달 전날 이날 당일 오늘 내일 어제 모레 현재 최근 향후 앞으로 당분간 그동안 초 말 중순 초순 하순 주 달 월
해 봄 여름 가을 겨울 오전 오후""".split())


def _progressive(toks, k: int) -> bool:
    """`받고 있다`, `늘어나고 있다`: an action under way, not one still to come."""
    for t in toks[k + 1:k + 6]:
        if t.tag == "VX" and t.form == "있":
            return True
        if t.tag in ("EF", "SF") or t.tag.startswith(("N", "J", "S")):
            return False
    return False


def _clauses(text: str, toks, found) -> tuple[tuple[Clause, ...], tuple[frozenset[str], ...]]:
    """The sentence cut after each predicate that heads a clause (not one inside
    a noun phrase), each clause with its figures and nouns."""
    heads = [(k, stem, mode, raw) for k, stem, mode, embedded, raw in found if not embedded]
    if not heads:
        return (), ()
    numbers = [(n.start, f"{n.value}{n.unit or ''}") for n in scan_numbers(text)]
    out, stems = [], []
    lo = 0
    for m, (k, stem, mode, raw) in enumerate(heads):
        hi = k if m + 1 < len(heads) else len(toks) - 1
        a = toks[lo].start if lo < len(toks) else 0
        b = toks[hi].start + toks[hi].len if m + 1 < len(heads) else len(text)
        figures = frozenset(v for pos, v in numbers if a <= pos < b)
        times = frozenset(t.form for t in toks[lo:hi + 1] if t.tag in ("NNG", "NNB", "MAG") and t.form in _TIMES)
        present = raw == "neither" and not _progressive(toks, k)
        if stem in _MARKERS and mode == "neither":
            mode = "planned"  # `검토하고 있다`, `추진한다`: a planning verb in the present is a plan
            present = False
        out.append(Clause(stem, mode, figures, times, present))
        stems.append(frozenset(st for pk, st, *_ in found if lo <= pk <= hi))
        lo = hi + 1
    return tuple(out), tuple(stems)


_SAYING = frozenset("말 밝히 전하 설명 강조 덧붙이 언급".split())


@sentence_cache(CACHE_SIZE)
def read(text: str) -> Reading:
    toks = [Tok(t.form, t.tag.split("-", 1)[0], t.start, t.len) for t in tokens(text)]
    modes, final, found = _modes(toks)
    clauses, clause_stems = _clauses(text, toks, found)
    at = next((k for k, _, _, embedded, _ in reversed(found) if not embedded), None)
    reports = final is not None and final[0] in _SAYING and at is not None and at >= 1 and toks[at - 1].tag == "JKQ"
    return Reading(tuple(_negations(toks)), modes, frozenset(t.form for t in toks if t.tag in _CONTENT),
                   frozenset([final]) if final else frozenset(), clauses, clause_stems, reports)


def merge(readings: list[Reading]) -> Reading:
    if len(readings) == 1:
        return readings[0]
    modes: dict[str, set[str]] = {}
    for r in readings:
        for s, m in r.modes.items():
            modes.setdefault(s, set()).update(m)
    return Reading(tuple(n for r in readings for n in r.negations), {s: frozenset(m) for s, m in modes.items()},
                   frozenset().union(*(r.stems for r in readings)), frozenset().union(*(r.finals for r in readings)),
                   tuple(c for r in readings for c in r.clauses), tuple(c for r in readings for c in r.clause_stems))


def negation_reasons(out: Reading, src: Reading) -> list[str]:
    reasons = []
    src_negated = {p for _, p in src.negations if p}
    out_negated = {p for _, p in out.negations if p}
    for word, stem in out.negations:
        if stem and stem in src.stems and stem not in src_negated:
            reasons.append(f"negation {word!r} added to {stem!r}")
    if not reasons and len(out.negations) > len(src.negations):
        word, stem = next(((w, s) for w, s in out.negations if s not in src_negated), out.negations[-1])
        reasons.append(f"negation {word!r} added{f' to {stem!r}' if stem else ''}")
    for word, stem in src.negations:
        if stem and stem in out.stems and stem not in out_negated:
            reasons.append(f"negation {word!r} of {stem!r} dropped while {stem!r} stays")
    return reasons


def anchor(clause: Clause, src: Reading) -> Clause | None:
    """The source clause a rewritten clause restates: the one sharing the most
    of its figures (three points each), time words and predicate stem (two
    each), where that is clear: at least two points, and every clause as
    close of one mode. Other nouns do not count: a rewrite moves the subject
    between clauses (`A는 …했다고 밝혔다` -> `…했다고 A가 밝혔다`)."""
    scored = [(3 * len(clause.figures & c.figures) + 2 * len(clause.times & c.times) + 2 * (clause.stem == c.stem), c)
              for c in src.clauses]
    best = max((sc for sc, _ in scored), default=0)
    if best < 2:
        return None
    tops = [c for sc, c in scored if sc == best]
    modes = {(c.mode, c.present_action) for c in tops}
    return tops[0] if len(modes) == 1 else None


def _clause_reason(oc: Clause, sc: Clause) -> str | None:
    if oc.mode == "done" and sc.mode == "planned":
        return f"modality of {oc.stem!r} (planned in the clause of {sc.stem!r} it restates) written as done"
    if oc.mode == "done" and sc.present_action:
        return f"modality of {oc.stem!r} (not yet done in the clause of {sc.stem!r} it restates) written as done"
    if oc.mode == "planned" and sc.mode == "done":
        return f"modality of {oc.stem!r} (done in the clause of {sc.stem!r} it restates) written as planned"
    if oc.present_action and sc.mode == "done":
        return f"modality of {oc.stem!r} (done in the clause of {sc.stem!r} it restates) written as not yet done"
    return None


def modality_reasons(out: Reading, src: Reading) -> list[str]:
    reasons = []
    # Each rewritten clause is first held to the source clause holding the
    # same figures and nouns (`연말까지 150곳을 더 설치할 계획이다` for `연말까지
    # 150곳이 더 들어섰다`), whatever its verb and whatever other clauses the
    # source has; only clauses with no clear anchor are read by stem below.
    judged: set[str] = set()
    restated: list[Clause] = []
    for oc, stems in zip(out.clauses, out.clause_stems):
        sc = anchor(oc, src)
        if sc is None:
            continue
        judged |= stems
        restated.append(sc)
        r = _clause_reason(oc, sc)
        if r:
            reasons.append(r)
    for stem, om in out.modes.items():
        sm = src.modes.get(stem)
        if not sm or stem in judged:
            continue
        if "done" in om and "done" not in sm:
            was = "planned" if "planned" in sm else "not yet done"
            reasons.append(f"modality of {stem!r} ({was} in its source) written as done")
        elif "planned" in om and "planned" not in sm and "done" in sm:
            reasons.append(f"modality of {stem!r} (done in its source) written as planned")
    if reasons:
        return reasons
    # The main verb swapped for another (`활용할 계획이다` -> `이용했다`): no stem
    # to compare, so the sentence's mode is compared, where the source has
    # only that mode (a source with a done clause may be restating that clause).
    # (Clauses inside a noun phrase do not count: `늘릴 수 있는 사업을 선정했다` is done.)
    src_all = {c.mode for c in src.clauses} if src.clauses else (set().union(*src.modes.values()) if src.modes
                                                                 else set())
    # `검토하고 있다`, `추진한다`: a planning verb in the present is a plan.
    src_finals = {"planned" if stem in _MARKERS and m == "neither" else m for stem, m in src.finals}
    # ...or, where the source's other clauses are restated by the rewrite's
    # other clauses, the mode of the clauses left over.
    left = {c.mode for c in src.clauses if all(c is not r for r in restated)} if restated else set()
    for stem, mode in out.finals:
        if stem in src.modes or stem in judged or (out.reports and stem in _SAYING):
            continue
        if mode == "done" and ("done" not in src_all and "planned" in src_finals or left == {"planned"}):
            reasons.append(f"modality of the sentence ({stem!r}) planned in its source, written as done")
        elif mode == "planned" and ("planned" not in src_all and src_finals == {"done"} or left == {"done"}):
            reasons.append(f"modality of the sentence ({stem!r}) done in its source, written as planned")
    return reasons


def _cited(cited: list[int], ctx) -> Reading:
    # The plan's text of a sentence: the string the engine analysed, so Kiwi's cache serves it.
    return merge([read(ctx.plan.texts.get(i) or norm(ctx.plan.sentences[i].text)) for i in cited])


def check_negation(text: str, cited: list[int], ctx) -> list[str]:
    return negation_reasons(read(text), _cited(cited, ctx))


def check_modality(text: str, cited: list[int], ctx) -> list[str]:
    return modality_reasons(read(text), _cited(cited, ctx))
