"""Headings and titles of the rules engine, in the seed's manner.

A section heading is a frame chosen from what the section holds (its
first section is the story's 개요, money facts give 규모, dates and
schedule words 일정과 계획, quotes 반응과 평가, reasons 배경) around the
section's topic, a noun phrase ranked by headings.ranked_texts. The
title names who did what and the key figure (`교육부, 서울 직업교육
혁신지구 새로 선정…10억 원`), built from the lead sentence's subject,
object and verbal noun.

Refuses: a heading that is a fragment (headings.heading_ok), holds a
reporter's or an analyst's name, a byline or a caption; a title equal to
the source headline.
"""
from __future__ import annotations

import re

from ..headings import heading_ok, ranked_texts
from ..models import Plan
from .extractive import entity_names, norm
from .morph import Tok, toks
from .transforms import subject_at_start

# Headings without a topic, for a section no topic fits (the seed's 추진 배경).
GENERIC: dict[str, str] = {
    "lead": "주요 내용", "quote": "반응과 평가", "schedule": "향후 일정", "money": "지원 규모와 대상",
    "background": "추진 배경", "default": "세부 내용",
}
# Keys of rewrite.heading_frames; {topic} is the section's key phrase.
DEFAULT_FRAMES: dict[str, str] = {
    "lead": "{topic}의 개요",
    "quote": "{topic}에 대한 반응과 평가",
    "schedule": "{topic} 일정과 계획",
    "money": "{topic} 규모",
    "background": "{topic} 추진 배경",
    "default": "{topic}의 주요 내용",
}
FRAME_KEYS = tuple(DEFAULT_FRAMES)

_SCHEDULE = re.compile(r"일정|신청|접수|모집|마감|개최|열린다|연다|오는 \d|내달|다음 ?달|착공|완공|개통|공모")
_BACKGROUND = re.compile(r"배경|때문|이유|취지|목적|위해|위한|필요성")
_QUOTE = re.compile(r"[\"“][^\"”]{6,}[\"”]")
_BYLINE = re.compile(r"기자|특파원|연구원|애널리스트|위원|교수|[\w.+-]+@|ⓒ|©|사진|제공|캡처|뉴스1|연합뉴스")


def section_kinds(index: int, texts: list[str], facts_kinds: list[str]) -> list[str]:
    """The frames a section's content fits, best first ("default" always last).
    Money outranks schedule words: a section of amounts and their years is
    about the amounts."""
    if index == 0:
        return ["lead", "default"]
    joined = " ".join(texts)
    kinds = []
    if sum(1 for t in texts if _QUOTE.search(t)) * 2 >= max(1, len(texts)):
        kinds.append("quote")
    if "money" in facts_kinds:
        kinds.append("money")
    if _SCHEDULE.search(joined) or ("date" in facts_kinds and re.search(r"부터|까지", joined)):
        kinds.append("schedule")
    if _BACKGROUND.search(joined):
        kinds.append("background")
    return [*kinds, "default"]


_TOPIC_TAGS = {"NNG", "NNP", "SL", "XSN", "XPN", "SSO", "SSC", "SS", "SP", "SW", "JKG", "JC"}
_WEAK_HEADS = {"다음", "출처", "역시", "기간", "이번", "관련", "대상", "경우", "정도", "수준", "등", "중", "간",
               "이날", "당시", "현재", "때", "뒤", "후", "전", "내", "외", "측", "쪽", "말", "초", "이후", "이상",
               "평균", "이름", "결과", "가운데", "모두", "전체", "관계자", "방문", "규모", "분야", "부문", "총"}
# Counters and bound nouns: a topic never starts with one (its number was cut off).
_COUNTERS = {"곳", "명", "개", "건", "개사", "개교", "가구", "세대", "차례", "번", "배", "대", "원", "달러", "가지", "편", "권"}
_INSTITUTION = re.compile(r"(부|청|처|원|회|시|군|구|도|국|단|공사|공단|센터|재단|은행|대학|대|협회|위원회)$")


def _topic_ok(topic: str, banned: list[str]) -> bool:
    """A topic is a noun phrase a reader can name: nouns only (a quoted name,
    `의`/`와` inside), ending on a content noun, no figure, no person."""
    if not heading_ok(topic) or _BYLINE.search(topic) or re.search(r"\d", topic):
        return False
    if any(b and (b in topic) for b in banned):
        return False
    tk = toks(topic)
    if not tk or any(t.tag not in _TOPIC_TAGS for t in tk):
        return False
    last = [t for t in tk if t.tag not in ("SSC", "SS", "SP")]
    if not last or last[-1].tag not in ("NNG", "NNP", "SL") or last[-1].form in _WEAK_HEADS:
        return False
    if tk[0].tag in ("JKG", "JC", "XSN") or tk[0].form in _WEAK_HEADS or tk[0].form in _COUNTERS:
        return False  # a phrase cut from a count (`곳과 창업팀` of `세 곳과 창업팀`)
    # A lone two-to-four-syllable proper noun is most often a person (a reporter, an analyst).
    if len(tk) == 1 and tk[0].tag == "NNP" and re.fullmatch(r"[가-힣]{2,4}", topic) and not _INSTITUTION.search(topic):
        return False
    return True


def frame_of(heading: str, frames: dict[str, str] | None = None) -> tuple[str, str] | None:
    """(kind, topic) when `heading` is a framed heading."""
    for kind, frame in {**DEFAULT_FRAMES, **(frames or {})}.items():
        pre, _, post = frame.partition("{topic}")
        if heading.startswith(pre) and heading.endswith(post) and len(heading) > len(pre) + len(post):
            return kind, heading[len(pre):len(heading) - len(post)]
    return None


def frame_headings(plan: Plan, texts: list[list[str]], frames: dict[str, str], limit: int,
                   title: str = "") -> list[str]:
    """One framed heading per section ('' where no topic fits: the caller falls back).
    `texts` are the source sentences each section says (topics are the source's nouns)."""
    frames = {**DEFAULT_FRAMES, **{k: v for k, v in (frames or {}).items() if "{topic}" in v}}
    names = [entity_names(plan, ps.members) for ps in plan.sections]
    banned = [*plan.article.reporters, *[p for n in names for p in n["person"]]]
    boosts = [n["programme"] for n in names]
    if title and boosts:
        boosts[0] = [*boosts[0], title]
    ranked = ranked_texts(texts, boosts, None)
    used: set[str] = set()
    used_topics: set[str] = set()
    used_kinds: set[str] = set()
    out = []
    for si, (ps, sents, phrases) in enumerate(zip(plan.sections, texts, ranked)):
        kinds = [f.kind for f in ps.facts]
        # A frame says what a section adds; the same frame twice in a post says it twice.
        fits = section_kinds(si, sents, kinds)
        order = [k for k in fits if k not in used_kinds or k == "default"]
        heading = ""
        for k in order:
            frame = frames[k]
            room = limit - len(frame.replace("{topic}", ""))
            for topic in phrases:
                topic = norm(topic)
                if len(topic) > room or topic in used_topics or not _topic_ok(topic, banned):
                    continue
                cand = norm(frame.replace("{topic}", topic))
                words = cand.split()
                if cand in used or any(a == b for a, b in zip(words, words[1:])) or \
                        frame.replace("{topic}", "").strip().split()[:1] == topic.split()[-1:]:
                    continue
                heading = cand
                used_topics.add(topic)
                used_kinds.add(k)
                break
            if heading:
                break
        if not heading:
            for k in order:
                if GENERIC[k] not in used:
                    heading = GENERIC[k]
                    break
        used.add(heading)
        out.append(heading)
    return out


# -- title ---------------------------------------------------------------------

_KEY_KINDS = ("money", "percent", "count")


def _object_and_action(text: str, tk: tuple[Tok, ...]) -> tuple[str, str]:
    """The object phrase and verbal noun of the sentence's main (or reported)
    predicate: `서울 직업교육 혁신지구`, `선정`."""
    # The last verbal noun + 하 before the quoting ending or the end.
    stop = len(tk)
    for i, t in enumerate(tk):
        if t.tag == "EC" and t.form.endswith(("다고", "라고")):
            stop = i
            break
    vn = None
    for i in range(stop - 1, 0, -1):
        if tk[i].tag == "XSV" and tk[i].form == "하" and tk[i - 1].tag == "NNG" and tk[i - 1].end == tk[i].start:
            vn = i - 1
            break
    if vn is None:
        return "", ""
    action = tk[vn].form
    k = vn - 1
    if k >= 0 and tk[k].form == "신규" and tk[k].tag == "NNG":
        action = "신규 " + action
        k -= 1
    # The object: the word ending in 을/를 right before, with up to three bare nouns before it.
    if k < 0 or tk[k].tag != "JKO" or text[tk[k].end:tk[k + 1].start] != " ":
        return "", action
    end = tk[k].start
    start = text.rfind(" ", 0, end) + 1
    for _ in range(3):
        if start <= 1:
            break
        prev = text.rfind(" ", 0, start - 1) + 1
        word = [t for t in tk if prev <= t.start < start - 1]
        if not word or any(t.tag not in _BARE for t in word):
            break
        start = prev
    return norm(text[start:end]), action


_BARE = {"NNG", "NNP", "SL", "XSN", "XPN", "SN", "NR", "NNB"}


def _lead_subject(plan: Plan, lead: list[str]) -> tuple[str, str]:
    """(subject, the lead text it opens) of the first lead sentence with one."""
    for text in lead[:2]:
        sub = subject_at_start(text, toks(text))
        if sub:
            subject = re.sub(r"\([^()]*\)", "", sub[0]).strip()
            subject = re.sub(r"^\d{1,2}일\s+", "", subject)
            if subject and not re.search(r"\d", subject) and len(subject) <= 20:
                return subject, text
    return "", lead[0] if lead else ""


def make_titles(plan: Plan, lead: list[str], heading_topic: str, other_topics: list[str] = ()) -> list[str]:
    """Title candidates, fullest first (subject, action, key figure), never the headline.
    `lead` are the rewritten lead sentences (their source forms give the same subject)."""
    source_title = norm(plan.article.title)
    from .rules import is_junk

    subject, lead_text = _lead_subject(plan, [plan.texts[i] for i in plan.lead
                                              if i in plan.texts and not is_junk(plan.texts[i])])
    tk = toks(lead_text) if lead_text else ()
    obj, action = _object_and_action(lead_text, tk) if tk else ("", "")
    if re.search(r"\d", obj):
        obj = ""  # the figure goes after the ellipsis, once
    key = ""
    lead_set = set(plan.lead[:2])
    for kind in _KEY_KINDS:
        for f in sorted(plan.facts, key=lambda f: f.start):
            if f.kind == kind and f.sentence in lead_set:
                key = norm(f.text)
                break
        if key:
            break
    cands = []
    topic = heading_topic if heading_topic and heading_topic != subject else ""
    if obj and not heading_ok(obj):
        obj = ""
    core = " ".join(p for p in (obj or topic, action) if p)
    tail = f"…{key}" if key and key not in core else ""
    if subject and core:
        cands.append(f"{subject}, {core}{tail}")
        cands.append(f"{subject}, {core}")
    if subject and topic and topic not in subject:
        cands.append(f"{subject}, {topic}{tail}")
    if topic and tail:
        cands.append(f"{topic}{tail}")
    for other in other_topics:
        if subject and other and other not in subject:
            cands.append(f"{subject}, {other}{tail}")
    if topic:
        cands.append(topic)
    out = []
    for c in cands:
        c = norm(c)
        if c and c != source_title and c not in out and len(c) <= 80:
            out.append(c)
    return out
