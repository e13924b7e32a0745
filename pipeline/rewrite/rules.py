"""The rules engine: an offline, deterministic rewrite on Kiwi's morphology.

Why: the extractive engine re-lays the source out; an operator cannot
publish that. Rules cannot reword deeply (that is the llm engine's job),
but they can give a safe, natural, shorter post with a title, headings and
sentences of its own: reporting clauses recast (`…다고 교육부가 3월 7일
전했다`), long sentences split at -고/-며/-지만, a reviewed paraphrase
lexicon with particles corrected, glosses and boilerplate dropped, the
seed's plain -다 style (transforms.py); framed headings and a title of
subject, action and key figure (heads.py).

Every body sentence offers the guard its lighter forms, heaviest first
(without explicit dates, then without the structural change); the guard
falls back to the source sentence itself last. Bylines, captions and
copyright lines the plan let through are not said.

Refuses: to change a number, name, quote, negation or modality; to use
randomness or the clock (same plan, byte-identical draft).
"""
from __future__ import annotations

import dataclasses
import re
from collections import Counter

from .. import korean
from ..config import Config
from ..errors import ComposeError
from ..models import Draft, OutSentence, Plan, Section
from ..plan import is_anaphoric
from ..facts.dates import RELATIVE_YEAR
from ..facts.entities import NAME_VARIANTS, _CITIES, _COUNTIES
from . import morph
from .extractive import lead_excerpt, norm, source_headings
from .heads import BREAKDOWN_HEAD, FILLERS, event_name, frame_headings, frame_of, lead_src_of, make_titles, story_of
from .transforms import (OPENERS, SPLIT, apply, approx_edits, bare_object_edits, bare_uses, date_edits,
                         day_twice_edits, day_word_edits, front_time_edits, gloss_edits, glosses, inverts_report, lexicon_edits,
                         front_purpose_edits, lost_space_edits, merge_edits, merge_pair, noun_stop_edits, plain_style_edits, plan_form_edits, purpose_edits,
                         repeat_name_edits, reporting, reporting_variants, respaced, spacing_edits, split_edits,
                         case_topic_edits, spoken_connective_edits, spoken_opener_edits, swap_edits, through_edits, two_quote_edits, unsaid_quote_edits, verb_stems, year_edits, after_edits, with_targets, lexicon_targets, RELATIVE_YEAR_WORD,
                         quoted)

_JUNK = re.compile(
    r"[\w.+-]+@[\w-]+\.[A-Za-z]{2,}|ⓒ|©|copyright|무단\s?전재|재배포\s?금지|^!\[|^\W*입력\s*:?\s*\d{4}|입력\s*:\s*\d{4}[./-]\d{1,2}[./-]\d{1,2}|"
    r"/\s?뉴스1|=\s?연합뉴스|^\[?사진\]?\s|기자\s*$|^작성\s*\d{4}|조회수|\[[가-힣]{1,6}=[^\]]{1,12}\]|\[자료=",
    re.I,
)
_BYLINE_OPEN = re.compile(
    r"^\[[^\]\d]{1,30}(기자|특파원)\]\s*|^\([^)\d]{1,20}=[^)]{1,20}\)\s*(?:[가-힣]{2,4}\s?[가-힣]{0,10}기자\s*=\s*)?"
    r"|^[가-힣]{2,4}\s?[가-힣]{0,10}기자\s*=\s*|^[□■◆◇○●]\s+|^date\s+\d{4}-\d{2}-\d{2}\s+"
    r"|^[^□]{4,60}□\s+"  # a release's sub-headline run into its first bullet
)


_LAYOUT = re.compile(
    r"^(?:[oㅇ]\s*\(|[oㅇ]\s+\d|-\s*\d+\s*-|[❶❷❸❹❺•▲△▶*]|[-–]\s|\d\.\s|<|\(KTV|수정\s*:|출처\s*:|\d{4}\.\d{2}\.\d{2})"
    r"|\|\s*$|기사원문|https?://|^문의\s*[:：]|\d{2,4}-\d{3,4}-\d{4}"
)


# A briefing's own formulas (`대변인실 홍길동입니다.`, `…말씀드리겠습니다.`,
# `브리핑을 시작하겠습니다.`): the speaker addressing the room, not news, and
# in a register the post does not speak in; and a list's lead-in (`주요 사업은
# 다음과 같다.`), whose list the post does not carry.
_FORMULA = re.compile(
    r"다음과 같(?:다|습니다)\.?$|말씀드리겠|드리겠습니다|시작하겠습니다|마치겠습니다|(시작|마치)하겠다\.?$|"
    r"주시기 바랍니다|주시기 바란다\.?$"
)
_INTRO = re.compile(r"^[가-힣A-Za-z ]{2,30}입니다\.?$")
# A briefing's note on its own schedule (`이번 주 보도계획은 총 12건입니다.`,
# `오늘 보도자료는 3건이다.`): the ministry's paperwork, not its news.
_BRIEFING_META = re.compile(
    r"^(?:(?:금주|이번\s?주|이번|오늘|금일|내일|다음\s?주|차주)\s)?(?:주요\s)?"
    r"(?:보도\s?계획|보도\s?자료|브리핑\s?일정|배포\s?자료|장차관\s?일정)(?:은|는|이|가|도)\s"
)
# A briefing's line that only says when and where the event it named before
# takes place (`4월 22일 화요일 오후 3시 회의실에서 본부장 주재로 개최가
# 됩니다.`): spoken, with no subject, it cannot say what is held on its own,
# and no rule can give it the subject without inventing the link.
_HELD_ONLY = re.compile(r"^\d{1,2}월 \d{1,2}일 .*(?:(?:개최|진행)(?:이|가)? ?(?:된다|됩니다)|열린다|열립니다)\.?$")


def _held_only(text: str) -> bool:
    if not _HELD_ONLY.match(text):
        return False
    return not korean.names_subject(morph.toks(text))


def _self_introduction(text: str) -> bool:
    """`과기정통부 대변인실 김세준입니다.`: nothing but nouns before 입니다."""
    if not _INTRO.match(text):
        return False
    tk = morph.toks(text)
    k = next((j for j, t in enumerate(tk) if t.tag == "VCP"), None)
    # Kiwi may read a name as anything (`김세준` as 김/NNP 세/MM 준/NNG); what
    # marks a statement is a particle, a predicate or an ending before 입니다.
    return k is not None and k >= 2 and not any(t.tag[0] in "JVE" or t.tag in ("XSV", "XSA") for t in tk[:k])


@korean.sentence_cache(korean.CACHE_SIZE)  # asked of a lead sentence up to three times a post
def is_junk(text: str) -> bool:
    """A byline, photo credit, copyright line, image, press-release layout
    (`o (장애인) …`, `- 1 -`, a table cell), a briefing's formula or a
    photo caption (a noun phrase closed by a full stop): nothing a reader
    needs as a sentence."""
    if _JUNK.search(text) or _LAYOUT.search(text):
        return True
    if len(text) <= 80 and not re.search(r"[“\"][^”\"]+[”\"]", text) and \
            (_FORMULA.search(text) or _BRIEFING_META.match(text) or _held_only(text) or _self_introduction(text)):
        return True
    return is_caption(text) or is_cut_off(text)


def is_cut_off(text: str) -> bool:
    """A sentence the page cut off mid-way (`…특화도시’를`, `…산업 클`, `…국내 최`)."""
    if re.search(r"[.!?\"”’)」』]$|다$", text):
        return False
    if text.count("“") > text.count("”") or text.count("(") > text.count(")"):
        return True  # speech or a bracket left open at the page's cut
    tk = morph.toks(text)
    # No stop and no final ending: a particle, a connective or a bare noun
    # (`…하는 내용의 관세사법`) where the page stopped.
    return bool(tk) and (tk[-1].tag.startswith("J") or tk[-1].tag in ("EC", "ETM", "ETN", "XPN")
                         or tk[-1].tag in ("NNG", "NNP") and len(text) >= 30)


# A photo's caption written as a sentence: a titled person at a place, in the
# present progressive (`홍길동 장관이 6일 오후 정부청사에서 계획을 발표하고 있다.`);
# news prose says what the person did, a caption what the picture shows.
_PHOTO_CAPTION = re.compile(
    r"(장관|차관|시장|도지사|지사|관계자|위원장|대표|청장|총리|대통령|본부장|원장|이사장|의원|관계자들|참석자들|참가자들)"
    r"(이|가|들이) .*[가-힣](?:고 있다|고 있습니다)\.$"
)
_PHOTO_PLACE = re.compile(r"[가-힣]에서 |[가-힣](?:을|를) 찾아 ")
# `… 발표후 기념촬영을 하고 있다.`: what a photo shows, whoever is in it.
_PHOTO_ACT = re.compile(r"(?:기념\s?촬영|기념사진|포즈를 취|손을 흔들)[^.]{0,12}(?:고 있다|고 있습니다)\.$")


def is_caption(text: str) -> bool:
    if _PHOTO_ACT.search(text) and "“" not in text and '"' not in text:
        return True
    if _PHOTO_CAPTION.search(text) and _PHOTO_PLACE.search(text) and not re.search(r"[가-힣](은|는) ", text) \
            and '"' not in text and "“" not in text:
        return True
    if not text.endswith(".") or len(text) > 120:
        return False
    tk = morph.toks(text)
    return len(tk) >= 3 and tk[-1].tag == "SF" and tk[-2].tag in ("NNG", "NNP", "NNB", "SL", "SN")


class RulesEngine:
    name = "rules"

    def __init__(self, cfg: Config):
        self.settings = cfg.compose
        self.frames = dict(cfg.rewrite.heading_frames or {})

    def rewrite(self, plan: Plan) -> Draft:
        chosen = [i for ps in plan.sections for i in ps.chosen]
        wanted = list(dict.fromkeys([*chosen, *plan.lead]))
        forms = post_forms(plan, wanted)
        counts = {"split": 0, "merged": 0, "changed": 0, "dropped_junk": 0}
        sections: list[Section] = []
        kept_ids: list[list[int]] = []  # per plan section, the sentences said (none: section dropped)
        junk = {i for i in chosen if is_junk(plan.texts[i])}
        if chosen and len(junk) == len(chosen):
            # A page of bullets, table cells and captions has no sentence to say:
            # the item is skipped with this reason rather than posted as layout.
            raise ComposeError("nothing but layout lines (bullets, table cells, captions) to say")
        said_ids = {i for ps in plan.sections for i in ps.chosen if i not in junk}
        for ps in plan.sections:
            marks = set(ps.highlights)
            outs: list[OutSentence] = []
            keep = [i for i in ps.chosen if i not in junk]
            counts["dropped_junk"] += len(ps.chosen) - len(keep)
            kept_ids.append(keep)
            if not keep:
                continue  # a section of bylines and captions says nothing
            for i in keep:
                best, lighter = forms[i]
                if i + 1 not in said_ids:
                    best = SPLIT.join(without_pointer(p) for p in best.split(SPLIT))
                pieces = best.split(SPLIT)
                if len(pieces) > 1:
                    counts["split"] += 1
                if best != plan.texts[i]:
                    counts["changed"] += 1
                for k, piece in enumerate(pieces):
                    fallback = [f.split(SPLIT)[k] for f in lighter
                                if len(f.split(SPLIT)) == len(pieces)]
                    if len(pieces) == 1:
                        fallback = [f for f in lighter if SPLIT not in f]
                    outs.append(OutSentence(piece, [i], 0 if (i in marks and k == 0) else None,
                                            [f for f in dict.fromkeys(fallback) if f != piece]))
            outs = _merge_neighbours(outs, counts)
            outs = _lead_in_once(outs, counts)
            outs = _note_back(outs)
            outs = _opener_once(outs)
            outs[0] = _without_opener(outs[0])
            if not sections:
                outs[0] = _post_opening(outs[0], outs[1].text if len(outs) > 1 else "")
            sections.append(Section("", outs))
        _held_once(sections, plan.texts)
        _purpose_once(sections, plan.texts)
        _names_once(sections, plan)
        _one_name(sections, plan)
        title_src = norm(plan.article.title)
        extractive = source_headings(plan, self.settings, title_src)
        limit = max(8, self.settings.heading_max_chars)
        story = story_of(plan)
        framed = frame_headings(plan, kept_ids, self.frames, limit, title_src, story)
        said = [k for k, ids in enumerate(kept_ids) if ids]
        framed = [framed[k] for k in said]
        extractive = [extractive[k] for k in said]
        for sec, head, plain in zip(sections, framed, extractive):
            sec.heading = head or plain
            sec.heading_fallbacks = [plain] if head and plain != head else []
        lead_rewritten = [forms[i][0].replace(SPLIT, " ") for i in plan.lead if i in forms]
        lead_rewritten = [t for t in lead_rewritten if not is_junk(t)] or lead_rewritten
        topic = _topic_of(framed[0], self.frames) if framed and framed[0] else ""
        others = [_topic_of(h, self.frames) for h in framed[1:] if h]
        titles = _events_title(framed[0] if framed else "", sections, self.frames) or \
            make_titles(plan, lead_rewritten, topic, [t for t in others if t], story)
        if not titles:
            # The first section's heading names the story's opening before a
            # later section's bare topic (`신청`) does.
            titles = [t for t in (topic, *framed[:1], *others, *framed[1:]) if t and t != title_src][:1]
        sections = fold_fillers(sections, [kept_ids[k] for k in said], self.settings.sentences_per_section,
                                self.settings.highlights_per_section)
        # The excerpt opens at the first lead sentence the rules changed, so it is
        # the post's own words where the rules found any.
        lead_src = lead_src_of(plan)
        plain_src = [plan.texts[i] for i in plan.lead]
        if not lead_src:
            # A briefing that opens on its own formulas (greeting, schedule):
            # the excerpt opens where the post does.
            lead_src = plain_src = [plan.texts[i] for i in chosen if i not in junk][:2]
        # Days made explicit as in the body: an excerpt's `오늘` or `7일` is read
        # beside the post's date, long after the day it meant.
        at = {t: i for i, t in plan.texts.items()}
        years = plan.article.published is not None
        lead_out = [rewrite_sentence(t, _dates_of(plan, at[t]) if t in at else None, years=years)[0].replace(SPLIT, " ")
                    for t in lead_src]
        if lead_out:
            lead_out[0] = opening_text(lead_out[0], lead_out[1] if len(lead_out) > 1 else "")
        n = self.settings.excerpt_chars
        # Never at a sentence that leans on the one before it (`이후 5년마다 …`).
        start = next((k for k in range(len(lead_out))
                      if lead_excerpt(lead_out[k:], n) != lead_excerpt(lead_src[k:], n)
                      and (k == 0 or not is_anaphoric(lead_src[k]))), 0)
        excerpt = lead_excerpt(lead_out[start:], n)
        plain_excerpt = lead_excerpt(plain_src, self.settings.excerpt_chars)
        return Draft(self.name, titles[0] if titles else title_src, excerpt, sections,
                     title_fallbacks=[*titles[1:], title_src] if titles else [],
                     excerpt_fallbacks=[plain_excerpt] if plain_excerpt != excerpt else [],
                     notes={"rules": counts})


def _events_title(heading: str, sections: list[Section], frames: dict[str, str]) -> list[str]:
    """A briefing that opens on the week's events (`행사 일정`): its title
    names the first event (`…의 날 기념식 등 주요 행사 일정`), not the bare
    word `행사`."""
    if not sections or frame_of(heading, frames) != ("schedule", "행사"):
        return []
    name = event_name([s.text for s in sections[0].sentences])
    return [f"{name} 등 주요 행사 일정"] if name else ["주요 행사 일정"]


def fold_fillers(sections: list[Section], ids: list[list[int]], most: int, marks: int) -> list[Section]:
    """Sections headed by a filler (`세부 내용`) said under the lead's
    overview or a breakdown (`품목별 현황`) instead, where the two fit one
    section (`most` source sentences, at most `marks` highlighted). Why:
    readers fail a heading that says nothing; the details right after the
    lead are what an overview covers, and figures after a breakdown go on
    with its list. A filler after any other heading stays, since that
    heading names one thing the details are not."""
    if not sections or sections[0].heading in FILLERS:
        return sections
    out = [sections[0]]
    size = len(ids[0])
    for sec, sec_ids in zip(sections[1:], ids[1:]):
        takes = len(out) == 1 or BREAKDOWN_HEAD.fullmatch(out[-1].heading)
        if takes and sec.heading in FILLERS and size + len(sec_ids) <= most:
            lit = sum(1 for s in out[-1].sentences if s.highlight is not None)
            more = []
            for s in sec.sentences:
                if s.highlight is not None:
                    if lit >= marks:
                        s = dataclasses.replace(s, highlight=None)
                    else:
                        lit += 1
                more.append(s)
            out[-1] = dataclasses.replace(out[-1], sentences=[*out[-1].sentences, *more])
            size += len(sec_ids)
            continue
        out.append(sec)
        size = len(sec_ids)
    return out


# `다음 달`, `다음 단계`: the next one in time or order, not a list below.
_NEXT_IN_TIME = frozenset("달 주 해 날 날짜 회 회기 단계 차례 차 순서 세대 정부 학기 분기 시즌 경기 대회 총선 선거 번".split())


def without_pointer(text: str) -> str:
    """`…를 위해 다음 3대 전략을 추진한다` where the list it points to is not
    said (a bullet list dropped as layout): `다음` goes, the rest stands."""
    if "다음 " not in text:
        return text
    tk = morph.toks(text)
    for a, b in zip(tk, tk[1:]):
        if a.form == "다음" and a.tag == "NNG" and b.tag in ("NNG", "NNP") and b.form not in _NEXT_IN_TIME \
                and text[a.end:b.start] == " " and (a.start == 0 or text[a.start - 1] == " "):
            return text[:a.start] + text[b.start:]
    return text


def _reworded(out: OutSentence, text: str) -> OutSentence:
    """`out` said as `text`, what it said before kept as its first fallback
    (the guard falls back to it if the new wording fails)."""
    return out if text == out.text else dataclasses.replace(out, text=text, fallbacks=[out.text, *out.fallbacks])


def _without_opener(out: OutSentence) -> OutSentence:
    """A section's first sentence without `또한`/`아울러`: under a new heading
    there is nothing before it for the connective to add to."""
    for opener in OPENERS:
        if out.text.startswith(opener) and len(out.text) > len(opener) + 8:
            rest = out.text[len(opener):].lstrip(", ")
            return _reworded(out, rest)
    return out


# A page stored from mid-article opens on words that point back (`같은 기간
# 수입액은`, `공단은 우선`); opening a post, they point at nothing.
_POINTS_BACK = re.compile(r"^(?:같은|이) 기간(?:에|에는|동안)? (?=\S)|^[^\s,]{2,20}(?:은|는|이|가) (?P<first>우선 )")


# A next sentence that answers a first's `우선` (`우선 …. 이어 하반기에는 …`).
_PAIRED_NEXT = (*OPENERS, "이어", "다음으로", "그다음")


def opening_text(text: str, after: str = "") -> str:
    """`text` opening a post, without words that point back at nothing;
    `after` is the sentence said after it, which a `우선` may pair with."""
    m = _POINTS_BACK.search(text)
    if m is None or (m.group("first") and after.startswith(_PAIRED_NEXT)):
        return text
    a, b = m.span("first") if m.group("first") else m.span()
    return text[:a] + text[b:] if len(text) - (b - a) >= 12 else text


def _post_opening(out: OutSentence, after: str) -> OutSentence:
    text = opening_text(out.text, after)
    return _reworded(out, text)


def _pairs_joined(outs: list[OutSentence], join, counts: dict[str, int], key: str) -> list[OutSentence]:
    """Neighbours, one source sentence each, that `join(a, b)` says as one
    (its text, else None) become one sentence citing both, the two as said
    before as its fallback; `counts[key]` counts them."""
    out: list[OutSentence] = []
    k = 0
    while k < len(outs):
        a = outs[k]
        b = outs[k + 1] if k + 1 < len(outs) else None
        text = join(a, b) if b is not None and len(a.sources) == 1 and len(b.sources) == 1 else None
        if text:
            hl = a.highlight if a.highlight is not None else b.highlight
            out.append(OutSentence(text, [*a.sources, *b.sources], hl, [f"{a.text} {b.text}"]))
            counts[key] = counts.get(key, 0) + 1
            k += 2
            continue
        out.append(a)
        k += 1
    return out


def _merge_neighbours(outs: list[OutSentence], counts: dict[str, int]) -> list[OutSentence]:
    """Short neighbours with the same subject become one sentence citing both."""
    return _pairs_joined(outs, lambda a, b: a.sources != b.sources and merge_pair(a.text, b.text) or None,
                         counts, "merged")


# `같은 날, 연구소 운영방향 논의가 이뤄진다.` then `연구소 현장을 찾아 운영방향을
# 논의한다.`: a briefing's lead-in said right before the detail that restates
# it reads as the same thing twice (two native reviews); the detail is said
# once, with the lead-in's day. Only where the detail names nearly every noun
# of the lead-in: one that names more (`현장 의견 청취가 진행된다`) keeps it.
_LEAD_IN = re.compile(r"^(같은 날|이날|이튿날|다음 날),? (?=\S)")
_RESTATED = 0.75


def _lead_in_once(outs: list[OutSentence], counts: dict[str, int]) -> list[OutSentence]:
    def join(a: OutSentence, b: OutSentence) -> str | None:
        m = _LEAD_IN.match(a.text)
        if m and b.sources == [a.sources[0] + 1] and not _LEAD_IN.match(b.text) \
                and _restates(b.text, a.text[m.end():]):
            return f"{m.group(1)} {_as_occasion(b.text)}"
        return None

    return _pairs_joined(outs, join, counts, "lead_in_merged")


def _as_occasion(detail: str) -> str:
    """`…현장을 찾아 운영방향을 논의한다.` -> `…논의하는 자리가 마련된다.`: the
    lead-in said an item is on the programme and named no one holding it; its
    detail, said alone, makes an act with no doer (`찾아` whom? a native
    review). An act still to come is said as the occasion the lead-in announced."""
    tk = morph.toks(detail)
    if len(tk) < 4 or tk[-1].form != "." or tk[-2].tag != "EF" or tk[-2].form not in ("ᆫ다", "는다"):
        return detail
    verb = tk[-3]
    if verb.tag.split("-")[0] not in ("VV", "XSV") or verb.form in ("되", "지"):
        return detail
    said = morph.join([(verb.form, verb.tag), ("는", "ETM")])
    return f"{detail[:verb.start]}{said} 자리가 마련된다."


def _restates(detail: str, lead_in: str) -> bool:
    """`detail` names no subject of its own and nearly every noun of `lead_in`."""
    tk = morph.toks(detail)
    if korean.names_subject(tk):
        return False
    nouns = {t.form for t in morph.toks(lead_in) if t.tag in ("NNG", "NNP", "SL") and len(t.form) > 1}
    return bool(nouns) and sum(n in detail for n in nouns) >= _RESTATED * len(nouns)


# `(2030년까지 92.3조 원, 이후 27.7조 원) 재원은 …` after `투자 규모는 119.8조
# 원이다.`: a page's note on the figure before, left in front of the next
# sentence; it goes back to the figure it breaks down.
_NOTE_FIRST = re.compile(r"^\((?=[^()]*\d)([^()]{4,60})\) (?=[가-힣])")
_ENDS_ON_FIGURE = re.compile(r"\d(?:[\d.,]*)\s?(?:[조억만천]\s?)?(?:원|달러|명|개|곳|건|%)(?=(?:이다|다)\.$)")


def _note_back(outs: list[OutSentence]) -> list[OutSentence]:
    out = list(outs[:1])
    for b in outs[1:]:
        a = out[-1]
        m = _NOTE_FIRST.match(b.text)
        fig = _ENDS_ON_FIGURE.search(a.text) if m else None
        rest = b.text[m.end():] if m else ""
        if m is None or fig is None or len(rest) < 12:
            out.append(b)
            continue
        note = f"({m.group(1)})"
        a_text = a.text[:fig.end()] + note + a.text[fig.end():]
        out[-1] = OutSentence(a_text, [*a.sources, *(i for i in b.sources if i not in a.sources)], a.highlight,
                              [a.text, *a.fallbacks])
        out.append(OutSentence(rest, b.sources, b.highlight,
                               [f[m.end():] if f.startswith(m.group(0)) else f for f in b.fallbacks]))
    return out


def _opener_once(outs: list[OutSentence]) -> list[OutSentence]:
    """`특히 올해는 …. 특히 올해는 ….`: two sentences in a row opening on the
    same emphasis read as a stutter; the second says it is one more (`또`)."""
    out = list(outs[:1])
    for b in outs[1:]:
        a = out[-1]
        if b.text.startswith("특히 ") and a.text.startswith("특히 ") and len(b.text) > 12:
            b = _reworded(b, "또 " + b.text[len("특히 "):])
        out.append(b)
    return out


# The verb the rules give an event no one is said to hold, and the one a desk
# varies it with when the sentence before already ends so.
_HELD_AGAIN = {"열린다.": "진행된다.", "진행된다.": "이뤄진다."}


def _held_once(sections: list[Section], sources: dict[int, str]) -> None:
    """`…출범식이 열린다. …간담회가 열린다.`: where the rules made an event
    `열린다` or `진행된다` (its source said `있습니다`, `개최합니다`) right after
    a sentence that ends on the same verb, in the post's order across its
    headings, the second is varied (`진행된다`, `이뤄진다`). Edits `sections`."""
    before = ""
    for sec in sections:
        for k, b in enumerate(sec.sentences):
            verb = next((v for v in _HELD_AGAIN if b.text.endswith(v)), None)
            if verb and before.endswith(verb) and re.search(r"[이가] " + verb[:-1] + r"\.$", b.text) \
                    and not any(verb[:2] in sources.get(i, "") for i in b.sources):
                b = sec.sentences[k] = _reworded(b, b.text[:-len(verb)] + _HELD_AGAIN[verb])
            before = b.text


def _each_said(sections: list[Section], edits_of) -> None:
    """`edits_of(sentence)` applied to each body sentence in the post's order,
    the old form kept as its first fallback (edits `sections`)."""
    for sec in sections:
        for k, out in enumerate(sec.sentences):
            edits = edits_of(out)
            if edits:
                sec.sentences[k] = _reworded(out, apply(out.text, edits))


_PURPOSE = re.compile(r"(?<=[가-힣])고자(?=[ ,])")


def _purpose_once(sections: list[Section], sources: dict[int, str]) -> None:
    """The formal `-고자` the rules make of `-기 위해` is said once a post: said
    again it reads as a formula (two native reviews counted five in one
    draw), so after the first the others keep their source's `-기 위해`.
    A `-고자` the source wrote itself stays (edits `sections`)."""
    said = False

    def edits_of(out: OutSentence) -> list:
        nonlocal said
        edits = []
        for m in _PURPOSE.finditer(out.text):
            stem = re.search(r"[가-힣]+$", out.text[:m.start()]).group(0)
            if quoted(out.text, m.start(), m.end()):
                continue
            if not any(re.search(rf"{re.escape(stem)}기 위해", sources.get(i, "")) for i in out.sources):
                continue  # the source's own -고자
            if said:
                edits.append((m.start(), m.end(), "기 위해"))
            said = True
        return edits

    _each_said(sections, edits_of)


def _one_name(sections: list[Section], plan: Plan) -> None:
    """A body the source names by its own name and an outlet's informal one
    (`과기정통부`, `과기부`) is said by its own throughout, outside quotes
    (three native reviews failed the mix; edits `sections`)."""
    text = plan.article.text
    for variant, names in NAME_VARIANTS.items():
        if variant not in text or not any(n in text for n in names):
            continue
        rx = re.compile(rf"(?<![가-힣]){re.escape(variant)}(?=[은는이가의을를도와과에로,.\s)]|$)")
        _each_said(sections, lambda out, rx=rx, name=names[0]: [
            (m.start(), m.end(), name) for m in rx.finditer(out.text) if not quoted(out.text, m.start(), m.end())])


# Titles a desk writes after a surname alone once the full name is said
# (`유인촌 장관은 …. 유 장관은 …`).
_SHORT_TITLES = ("장관", "차관", "의원", "시장", "군수", "구청장", "청장", "지사", "도지사", "위원장", "본부장",
                 "원장", "이사장", "총장", "사장", "회장", "대표", "교수", "국장", "실장", "과장", "처장", "소장")
_TWO_SYLLABLE_SURNAMES = ("남궁", "황보", "제갈", "선우", "독고", "사공", "서문", "동방", "망절")


def _names_once(sections: list[Section], plan: Plan) -> None:
    """A person the post has named in full is named by surname and title
    after (`유인촌 장관은` a second time -> `유 장관은`), outside quotes, as
    news prose does; only names the facts read as people, with their title
    right after the name (edits `sections`)."""
    names = {f.value for f in plan.facts if f.kind == "person" and isinstance(f.value, str)
             and not (f.attrs or {}).get("surname_only") and len(f.value) == 3
             and re.fullmatch(r"[가-힣]{3}", f.value) and not f.value.startswith(_TWO_SYLLABLE_SURNAMES)}
    if not names:
        return
    pattern = re.compile(r"(?<![가-힣])(" + "|".join(sorted(names)) + r") (?=(?:" + "|".join(_SHORT_TITLES)
                         + r")(?:[은는이가의도와과을를께]|에게|\s|,))")
    said: set[str] = set()

    def edits_of(out: OutSentence) -> list:
        edits = [(m.start(), m.start() + 3, m.group(1)[0]) for m in pattern.finditer(out.text)
                 if m.group(1) in said and not quoted(out.text, m.start(), m.end())]
        said.update(n for n in names if n in out.text)
        return edits

    _each_said(sections, edits_of)


def _topic_of(heading: str, frames: dict[str, str]) -> str:
    hit = frame_of(heading, frames)
    return hit[1] if hit else ""


def _dates_of(plan: Plan, i: int) -> list[tuple[str, str]]:
    return [(norm(f.text), str(f.value)) for f in plan.facts_of(i) if f.kind == "date" and f.value]


def post_forms(plan: Plan, wanted: list[int]) -> dict[int, tuple[str, list[str]]]:
    """(best form, lighter forms heaviest first) of each source sentence in
    `wanted`; SPLIT marks a split. A word swap does not repeat a verb of the
    sentences said around it, and only the first _MOST_INVERTED reports put
    the reporter last. Those choices are the post's, made once here: made per
    sentence they cost a post quadratic time."""
    said = set(wanted)
    stems: dict[int, frozenset[str]] = {}
    made: dict[tuple[int, frozenset[str], bool], tuple[str, list[str]]] = {}

    def around(i: int) -> frozenset[str]:
        prev, nxt = _said_next_to(plan, i, said)
        near = [j for j in (prev, nxt) if j is not None]
        for j in near:
            if j not in stems:
                tk = morph.toks(plan.texts[j])
                # (every verb it says, a serial one too: `500억원을 더해 …` then
                # `300억원을 추가했다` must not become `더했다`)
                stems[j] = verb_stems(tk) | {t.form for t in tk if t.tag.startswith("VV")} | \
                    {a.form + b.form for a, b in zip(tk, tk[1:]) if b.tag == "XSV" and a.end == b.start}
        # The sentence before may have been said in the lexicon's words
        # (`진행됩니다` -> `이뤄진다`): this one does not repeat them (`구성됩니다`
        # stays). Only the one before, so of two such neighbours one still swaps.
        before = with_targets(stems[prev]) if prev is not None else frozenset()
        return frozenset().union(before, *(stems[j] for j in near))

    def forms(i: int, avoid: frozenset[str], invert: bool = True) -> tuple[str, list[str]]:
        key = (i, avoid, invert)
        if key not in made:
            made[key] = _forms(plan, i, avoid, said, invert=invert)
        return made[key]

    body = sorted(j for ps in plan.sections for j in ps.chosen if j in plan.texts)
    inverted = [j for j in body if inverts_report(plan.texts[j], forms(j, around(j))[0])][_MOST_INVERTED:]
    # A word the post has said _MOST_SWAPS times is not brought in again by a
    # swap (`…원을 들여` four times in one budget post, `만든다` three times in
    # six sentences: native reviews); the later sentences keep their own verb.
    # (Only a sentence whose best form brings one in is said again: most
    # posts say `밝혔다` twice early, and rewriting every later sentence with
    # a new `avoid` cost the engine a tenth of its time.)
    worn: Counter[str] = Counter()
    out: dict[int, tuple[str, list[str]]] = {}
    for i in body:
        invert = i not in inverted
        got = forms(i, around(i), invert=invert)
        verbs = _said_in(got[0])
        tired = frozenset(s for s, n in worn.items() if n >= _MOST_SWAPS)
        if verbs & tired - _stems_of(morph.toks(plan.texts[i])):
            got = forms(i, around(i) | tired, invert=invert)
            verbs = _said_in(got[0])
        out[i] = got
        worn.update(verbs & lexicon_targets())
    for i in wanted:
        if i in plan.texts and i not in out:
            out[i] = forms(i, around(i), invert=i not in inverted)
    return out


def _stems_of(tk) -> frozenset[str]:
    # (`이뤄진다` is 이루 + 어 + 지 to Kiwi: the passive counts as the one verb `이루어지`)
    return verb_stems(tk) | {t.form for t in tk if t.tag.startswith("VV")} | {
        a.form + "어지" for a, b, c in zip(tk, tk[1:], tk[2:])
        if a.tag.startswith("VV") and b.tag == "EC" and b.form in ("어", "아") and c.tag.startswith("VX") and c.form == "지"}


def _said_in(form: str) -> frozenset[str]:
    return frozenset().union(*(_stems_of(morph.toks(piece)) for piece in form.split(SPLIT)))


# `…했다고 A가 밝혔다` is wire style once or twice a post; on every report it
# reads as a formula (three native reviews), so later reports keep their order.
_MOST_INVERTED = 2
_MOST_SWAPS = 2


def _forms(plan: Plan, i: int, around: frozenset[str], said: set[int] | None, *,
           invert: bool = True) -> tuple[str, list[str]]:
    later = [plan.texts[j] for j in plan.texts if j > i and (said is None or j in said)]
    used_later = frozenset(g for g in glosses(plan.texts[i]) if any(bare_uses(t, g) for t in later))
    years = plan.article.published is not None
    return rewrite_sentence(plan.texts[i], _dates_of(plan, i), years=years,
                            this_year_named=years and _year_said_before(plan, i, said),
                            avoid=around, used_later=used_later, invert=invert)


def _said_next_to(plan: Plan, i: int, said: set[int] | None) -> tuple[int | None, int | None]:
    """The sentences said just before and after sentence `i` in the post (the
    plan may drop the ones between: `…을 더해` two source sentences back is
    the one before)."""
    ids = [j for j in plan.texts if said is None or j in said]
    return max((j for j in ids if j < i), default=None), min((j for j in ids if j > i), default=None)


def _year_said_before(plan: Plan, i: int, said: set[int] | None) -> bool:
    """The post has named the year this sentence's `올해` would be written as,
    and no other year since (`2023년 …. 올해 …` stays `올해`: the year said
    again reads as an echo, two sentences on as much as one; once named, news
    says `올해`; after `2027년 상반기에 …` it is said again)."""
    # Only this year's `올해`: a past `지난해` left relative reads as the
    # year before the reader's today (a reader marked `작년 대비` down).
    dates = _dates_of(plan, i)
    mine = {iso[:4] for span, iso in dates if iso and re.match(r"(?:올해|금년)(?![가-힣])", span)}
    if len(mine) != 1:
        return False
    if any(iso and (m := RELATIVE_YEAR_WORD.match(span)) and RELATIVE_YEAR[m.group(1)] < 0 for span, iso in dates):
        return False  # its `지난해` is said as its year, and `올해 … 2018년` in one sentence reads mixed
    (year,) = mine
    for j in sorted((j for j in plan.texts if j < i and (said is None or j in said)), reverse=True):
        named = set(re.findall(r"(?<!\d)((?:19|20)\d\d)년", plan.texts[j]))
        named |= {iso[:4] for span, iso in _dates_of(plan, j) if iso and RELATIVE_YEAR_WORD.match(span)}
        if named - {year}:
            return False
        if year in named:
            return True
    return False


def rewrite_sentence(text: str, dates: list[tuple[str, str]] | None = None, *,
                     years: bool = False, this_year_named: bool = False, avoid: frozenset[str] = frozenset(),
                     used_later: frozenset[str] = frozenset(), invert: bool = True) -> tuple[str, list[str]]:
    """The rules on one sentence: (best form, lighter forms heaviest first).

    `dates` are the sentence's date facts (source span, ISO date), used to
    make a day explicit (`7일` -> `3월 7일`) and, with `years` (the article
    says when it was published), a relative year (`내년` -> `2027년`); with
    `this_year_named` (the post has named this year before) only a past one:
    `올해` and `내년` then read against the year just named.
    `avoid` holds the verb stems of the sentences around it, which a word
    swap must not repeat; `used_later` the abbreviations of its glosses that
    sentences said after it use, so the gloss introducing them stays; without
    `invert` a report keeps its reporter first.
    """
    best, lighter = _rewrite(text, tuple(dates or ()), years, frozenset(avoid), frozenset(used_later), invert,
                             this_year_named)
    return best, list(lighter)


# A pure function of its arguments, and most of the engine's time: a lead
# sentence is rewritten twice per post (its forms, then the excerpt), and a
# story's other reports meet the same sentences again. A sentence cache, so
# korean.forget() (the benchmark, before each page) empties it.
@korean.sentence_cache(korean.CACHE_SIZE)
def _rewrite(text: str, dates: tuple[tuple[str, str], ...], years: bool,
             avoid: frozenset[str], used_later: frozenset[str] = frozenset(),
             invert: bool = True, this_year_named: bool = False) -> tuple[str, tuple[str, ...]]:
    m = _BYLINE_OPEN.match(text)
    if m and len(text) - m.end() >= 12:
        text = text[m.end():]  # `[홍길동 기자] 국토부는 …`: the byline goes, the sentence stays
    text = without_stray_figure(bullet_label(text))
    tk = morph.toks(text)
    if not tk:
        return text, ()
    days = day_word_edits(text, dates)
    dated = date_edits(text, dates) + (year_edits(text, tk, dates, past_only=this_year_named) if years else [])
    date_text = {text[a:b]: new for a, b, new in [*days, *dated]}
    rep = reporting(text, tk)
    base = merge_edits(
        day_twice_edits(text), spoken_opener_edits(text), plan_form_edits(text, tk), purpose_edits(text, tk),
        through_edits(text, tk), repeat_name_edits(text, tk), lexicon_edits(text, tk, reporting_verb=rep.verb if rep else None, avoid=avoid), gloss_edits(text, tk, used_later),
        # The spelling fixes before the plain style: `진행이 됩니다` -> `진행된다` whole.
        approx_edits(text), spaced := spacing_edits(text), lost_space_edits(text, tk), bare_object_edits(text, tk), case_topic_edits(text, tk),
        plain_style_edits(text, tk), spoken_connective_edits(text, tk),
        front_time_edits(text, tk), noun_stop_edits(text, tk), front_purpose_edits(text, tk),
    )
    structural: list[list] = reporting_variants(text, tk, date_text, invert=invert) if rep else []
    if not structural:
        structural = [q] if (q := two_quote_edits(text) or unsaid_quote_edits(text)) else []
    if not structural:
        # A split where one is safe, else two coordinated clauses swapped.
        sp = split_edits(text, tk) or swap_edits(text, tk)
        if sp:
            structural = [sp]
    # A resolved date comes before every word swap on the same words: `내달 15일`
    # is `3월 15일`, not the lexicon's `다음 달 15일`; `지난해` is `2018년`, not `작년`.
    forms: list[str] = []
    for st in structural:
        # A structural edit moves whole clauses as the source printed them,
        # so a spacing slip inside a moved clause is fixed on the result
        # (only the source's own slips: moving clauses makes none).
        for f in (_tidy(apply(text, merge_edits(st, days, dated, base))), _tidy(apply(text, merge_edits(st, base)))):
            forms.append(respaced(f) if spaced else f)
    forms.append(_tidy(apply(text, merge_edits(days, dated, base))))
    forms.append(_tidy(apply(text, base)))
    # Read again once rewritten: some sayings show only in the plain style.
    # (Variants often coincide before that reading: each is read once.)
    forms = [f for f in dict.fromkeys(_tidy(apply(f, after_edits(f))) for f in dict.fromkeys(forms)) if f]
    if not forms:
        return text, ()
    return forms[0], tuple(forms[1:])


_LABEL = re.compile(r"^\(([가-힣]{1,8}(?: [가-힣]{1,8})?)\)\s+")
_SHORT_PROVINCES = frozenset("서울 부산 대구 인천 광주 대전 울산 세종 경기 강원 충북 충남 전북 전남 경북 경남 제주".split())


def bullet_label(text: str) -> str:
    """A release's bullet label at a sentence's start (`(천안) 천안아산역 일대에 …`):
    a place label becomes the sentence's frame (`천안에서는 …`), so the item
    still says whose it is; any other label is layout and goes. A label the
    sentence goes on to name (`(천안) 천안시는 …`) just goes; one that only
    opens a longer word (`(천안) 천안아산역 …`) frames it like its siblings."""
    m = _LABEL.match(text)
    if not m or len(text) - m.end() < 12:
        return text
    label, rest = m.group(1), text[m.end():]
    if label in _KEEP_LABELS:
        return text
    if re.match(rf"{re.escape(label)}(?:시|군|구|도)?(?:은|는|이|가|에서는?|의)?\s", rest):
        return rest  # `(천안) 천안시는 …`: the sentence names it itself
    if label in _PLACES:
        return f"{label}에서는 {rest}"
    return rest


# A figure in brackets opening a sentence (`(8,000억 원) 도심 구간은 …`): a
# table's cell, or the end of the sentence before, that the page's flattening
# left in front. The sentence after it is whole, and reads as one without it.
_STRAY_FIGURE = re.compile(r"^\((?:약\s?)?\d[\d,.]*\s?(?:조|억|만|천)?\s?(?:원|달러|명|개|건|곳|%)?\)\s*(?=[가-힣])")


def without_stray_figure(text: str) -> str:
    m = _STRAY_FIGURE.match(text)
    rest = text[m.end():] if m else ""
    return rest if len(rest) >= 12 and re.search(r"다[.!]?$", rest) else text


_KEEP_LABELS = frozenset("가칭 예정 잠정 미정".split())
_PLACES = frozenset([*_CITIES, *_COUNTIES, *_SHORT_PROVINCES])


# `지난 30일, 중소벤처기업부 주관 …`: a date opening a sentence (as a
# report's inversion leaves it) runs on into the clause without a comma.
_DATE_COMMA = re.compile(r"^((?:지난|오는) )?((?:\d{1,2}월 )?\d{1,2}일), (?=[가-힣])")


def _tidy(text: str) -> str:
    parts = [_DATE_COMMA.sub(r"\1\2 ", " ".join(p.split())) for p in text.split(SPLIT)]
    return SPLIT.join(p for p in parts if p)
