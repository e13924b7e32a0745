"""Headings and titles of the rules engine, in the seed's manner.

Why: a heading should say what its section does, as an editor would
(`졸업생 취업 연계 강화`, `지원 규모`, `신청 일정`), and a title who did
what to which object (`교육부, 직업계고 15개교 ‘미래 기술 인재 캠퍼스’
선정…총 450억 원`). Both are read off the source's own sentences with
Kiwi: a clause-level predicate on a verbal noun (predicates), its object
with particles dropped, its manner word (`처음` -> `첫`), a quoted name or a
bare noun it takes with 로. Frames (`{topic}의 개요`, `… 규모`, `… 일정`,
`…에 대한 반응과 평가`, `추진 배경`) are used only where the section's
content clearly fits them (section_kinds), each once a post; the topic
frames of headings.ranked_texts are the last resort.

Refuses: a heading that is a fragment (headings.heading_ok), holds a
figure, a reporter's or an analyst's name, a byline or a caption, words
from inside direct speech or a relative clause; a verbal noun the source
does not use; a count without its noun in a title; a title equal to the
source headline (it stays the guard's last fallback).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable

from .. import korean
from ..facts.dates import RELATIVE_YEAR
from ..facts.entities import _PROGRAMME_HEADS
from ..headings import heading_ok, ranked_texts
from ..models import Plan
from .extractive import entity_names, norm
from .morph import Tok, particle, toks
from .transforms import INSTITUTION, REL_MONTH, reporting, respaced, subject_at_start, without_gloss_before_own

# Headings without a topic, for a section no topic fits (the seed's 추진 배경).
GENERIC: dict[str, str] = {
    "lead": "주요 내용", "quote": "반응과 평가", "schedule": "향후 일정", "money": "지원 규모와 대상",
    "background": "추진 배경", "plan": "향후 계획과 전망", "effect": "기대 효과", "issue": "남은 과제", "default": "세부 내용",
    "outlook": "전망과 과제", "who": "지원 대상", "who_how": "지원 대상과 신청 방법",
    "support": "지원 내용", "support_money": "지원 내용과 규모",
}
# Last resorts once 세부 내용 is taken: never the page's own line (a copyright notice can sit there).
_MORE_GENERIC = ("주요 내용", "그 밖의 내용")
# Headings that say nothing of their section (rules.fold_fillers folds them into the lead's).
FILLERS = frozenset((GENERIC["default"], *_MORE_GENERIC))
# `품목별로는 …`: a breakdown, the seed's 현황.
_BREAKDOWN = re.compile(r"^(?:[가-힣]{1,4}\s)?([가-힣]{1,6})별로(?:는)?\s")
BREAKDOWN_HEAD = re.compile(r"[가-힣]{1,6}별 (?:현황|예산|[가-힣]{2,3} 규모)")
# A money section that lists what each item gets (`…에 239억원, …에 145억원`) is
# headed `사업별 예산` (`지원 규모` reads as what one recipient gets); `예산`
# only in a story of a budget, not of a firm's investment.
_BUDGET = re.compile(r"예산|추경|국비|편성")
_PER_RECIPIENT = re.compile(r"\d(?:개교|개사|곳|인|팀|가구|명|개|건)?당 |(?:기업|가구|학교|사람|업체|대학)당 ")


def _itemised(money: list, sents: list[str]) -> bool:
    """Three sums or more, of three amounts, two of them given to an item
    (`…에 239억원`, `…(76억원)`: not one sum said again as it changed), none
    a cap or a share per recipient (`최대 5000만원`, `기업당 3000만원 이내`:
    that is what one gets, the seed's 지원 규모)."""
    if len(money) < 3 or len({f.value for f in money}) < 3 or any(f.bound for f in money) \
            or any(_PER_RECIPIENT.search(t) for t in sents):
        return False
    text = " ".join(sents)
    given = {m.start() for f in money for m in re.finditer(re.escape(f.text), text)
             if re.search(r"(?:\(|(?:에|에는|엔|에도|에만) )$", text[:m.start()])}
    return len(given) >= 2
# Keys of rewrite.heading_frames; {topic} is the section's key phrase.
DEFAULT_FRAMES: dict[str, str] = {
    "lead": "{topic}의 개요",
    "quote": "{topic}에 대한 반응과 평가",
    "explain": "{topic}에 대한 정부 설명",  # the announcing side's own words: no reaction
    "schedule": "{topic} 일정",
    "money": "{topic} 규모",
    "background": "{topic} 추진 배경",
    "default": "{topic}의 주요 내용",
}
FRAME_KEYS = tuple(DEFAULT_FRAMES)

_BARE = {"NNG", "NNP", "SL", "XSN", "XPN", "SN", "NR", "NNB"}
_BYLINE = re.compile(r"기자|특파원|연구원|애널리스트|위원|교수|[\w.+-]+@|ⓒ|©|사진|제공|캡처|뉴스1|연합뉴스")



_SCHEDULE = re.compile(r"신청|접수|모집|마감|공모|개최|설명회|착공|완공|개통|개장|공고|출범")
_SUPPORTS = re.compile(r"지원(?:한다|하며|하고|해|받|을 받|이 이뤄|된다|될|금을)")
_WHO = re.compile(r"(?:[이가] 대상(?:으로|이며|이다)|^대상(?:은|는|자는) )")  # (`투자 대상은 …`: the state heading names it)
_HOW = re.compile(r"신청 ?방법|사용법|이용 ?방법|발급|접수 ?방법|신청하면|신청할 수")
_ELIGIBLE = re.compile(r"대상(?:은|는|이다|자|을 확대|으로 한다|으로 하며|에 (?:포함|해당))|(?:받을|신청할) 수 있는 (?:곳|사람|기업)")
# Events a briefing lists by day (`…기념식이 4월 21일 … 열린다`): their section is a schedule too.
_EVENT = re.compile(r"열린다|열릴|열려|기념식|심포지엄|간담회|박람회|출범식|포럼")
# `…포럼이 4월 8일 서울에서 열린다`: the event's name is the words before 이/가.
_EVENT_HELD = re.compile(r"(?:식|심포지엄|간담회|박람회|포럼|설명회|쇼)(?:이|가) (?:\S+ ){0,6}"
                         r"(?:열린다|열립니다|열릴|개최된다|개최됩니다|있다|있습니다|진행된다|진행됩니다)")
# Words that open the clause rather than name the event (`4월 8일에는`, `오후에는`, `같은 날`).
_NOT_OF_NAME = re.compile(r"\d+(?:월|일|시)|(?:에는|에서|에|엔|는|은|도|로|,)$|^(?:같은|이날|오전|오후|당일|이튿날)$")
_PAST_END = re.compile(r"(?:았|었|였|했|됐)다[.!]?$")
_SCHEDULE_DATE = re.compile(r"\d+월|\d+일|부터|까지|오는|상반기|하반기|연내|내달|다음 ?달")
# A sentence of what is to come: a plan word as its predicate, `-겠다`, `-기로 했다`
# (not any `할`: `청구할 수 있게 하기 위한 조치다` is a decision taken).
_FUTURE = re.compile(r"(?:계획|예정|방침|목표|구상|전망)(?:이다|이며|으로|이고)|겠다|기로 했다|기로 하|"
                     r"(?:할|될|갈|낼|줄|늘릴|높일|만들) (?:계획|예정|방침|것|방안|전망)")
# Why the policy exists, in its own words (`이유로 꼽았다` is a finding, not a reason given).
_BACKGROUND_WORDS = re.compile(r"배경|취지|이유(?:는|다|이다|에서)|때문(?:이다|이라|에 ?이|에 마련|에 추진)")
# A problem still open, in the source's words: the section is what remains to be solved.
_ISSUE = re.compile(r"지적(?:도|이) 나|우려(?:도|가) 나|관건|성패를 (?:가를|좌우)|한계가|숙제|과제로 남|걸림돌|구체화되지 않|미지수|불투명")
_MONEY_TOPICS = (("사업비", "사업비"), ("예산", "예산"), ("투자", "투자"), ("지원", "지원"))


_MINISTRY = re.compile(r"(?:부|처|청|위원회)$")
_OFFICIAL = re.compile(r"(?:장관|차관|제1차관|제2차관|실장|국장|과장|청장|처장|시장|도지사|지사|구청장|군수|본부장|단장|"
                       r"대변인|관계자)(?:은|는|이|가)?(?:\s|$)")


def _own_words(sents: list[str], subject: str) -> bool:
    """Every speaker of the section speaks for the subject that announced the
    story (`김민수 산업통상자원부 장관`, `류재헌 부산광역시장`): their words
    explain it; a reaction is someone else's (experts, 업계, a principal)."""
    if not subject:
        return False
    stem = re.sub(r"(?:특별자치시|특별자치도|광역시|특별시|시|도)$", "", subject) if not _MINISTRY.search(subject) else subject
    own = re.compile(rf"{re.escape(stem)}(?:광역시|특별시|특별자치시|특별자치도|시|도)?\s?" + _OFFICIAL.pattern)
    speakers = [_outside_speech(t) for t in sents if _speech_share(t) >= 0.4]
    return bool(speakers) and all(own.search(sp) and "의회" not in sp and "의원" not in sp for sp in speakers)


# Direct speech, asked of every sentence a heading is weighed against: compiled once.
_SPEECH = re.compile(r"[\"“][^\"”]*[\"”]")


def _outside_speech(text: str) -> str:
    return _SPEECH.sub(" ", text)


def _speech_share(text: str) -> float:
    return sum(b - a for a, b in _speech_spans(text)) / max(1, len(text))


# A sentence that lists figures (`원유(58.5%), 가스(89.7%)`): a breakdown goes on.
_FIGURE_LIST = re.compile(r"(?:\([^()]*\d[^()]*\)[^()]*){2,}|△")


def event_name(sents: list[str]) -> str:
    """The first event a section says will be held (`…얼라이언스 출범식이
    열린다` -> `…얼라이언스 출범식`): at most four words, none of them the
    clause's time or place."""
    for text in sents:
        plain = _outside_speech(text)
        m = _EVENT_HELD.search(plain)
        if not m:
            continue
        head = plain[:m.start()].split()
        last = (head.pop() if head and not plain[m.start() - 1].isspace() else "") + plain[m.start():m.end()].split()[0]
        last = re.sub(r"(?:이|가)$", "", last)
        words = [last]
        while head and len(words) < 4 and not _NOT_OF_NAME.search(head[-1]):
            words.insert(0, head.pop())
        if words[0] == "날":
            words.pop(0)  # `같은 날 …`
        if len(words) >= 2 or len(words[0]) >= 4:
            return " ".join(words)
    return ""


def section_kinds(index: int, texts: list[str], money: list[bool], last: bool = False) -> list[tuple[str, str]]:
    """The frames a section's content clearly fits, best first, as (kind, topic
    hint): quotes when most sentences are direct speech, money when most state
    amounts (the hint is what the money is for), schedule when most give a
    date for an application, a call or an opening, background only on its
    own words (배경, 이유, 취지, 때문), plans for a closing section of plans.
    Everything else is said by what the section does (its predicates)."""
    if index == 0:
        return [("lead", "")]
    if not texts:
        return []
    n = len(texts)
    plain = [_outside_speech(t) for t in texts]
    kinds: list[tuple[str, str]] = []
    if sum(1 for t in texts if _speech_share(t) >= 0.4) * 2 >= n:
        kinds.append(("quote", ""))
    strong = sum(money) * 3 >= 2 * n
    if len(texts) >= 2 and (strong or (n >= 3 and money[0] and sum(money) * 2 >= n)):
        # Names (`‘청년 스타트업 성장 지원’ 사업`) say nothing of what money is for.
        joined = " ".join(_QUOTED.sub(" ", p) for p, m in zip(plain, money) if m)
        # What the money is for: the word most money sentences use, the earliest on a tie.
        found = [(-joined.count(word), joined.find(word), topic) for word, topic in _MONEY_TOPICS if word in joined]
        hint = min(found)[2] if found else ""
        if hint:
            kinds.append(("money" if strong else "money?", hint))
    issues = [bool(_ISSUE.search(p)) for p in plain]
    if issues[0] and ("quote", "") not in kinds:
        kinds.append(("issue", ""))  # `교통 대책은 숙제로 남았다`: what the section is about
    # (a half-year's past figure is no schedule: `상반기 모집 경쟁률이 높았다` under
    # `신청 일정`, a native review; a past act on a named day still is one)
    sched = [p for p in plain if _SCHEDULE_DATE.search(p) and (
        (_SCHEDULE.search(p) and (not _PAST_END.search(p) or re.search(r"\d+월|\d+일", p)))
        or (_EVENT.search(p) and not _PAST_END.search(p)))]
    if sched and re.search(r"신청|접수|모집", " ".join(sched)) and not any(re.search(r"\d+일|부터|까지|기간", p) for p in sched):
        sched = []  # `신청방법은 3월 중 안내된다`: no day to apply is no application schedule
    if sched and (len(sched) * 2 >= n or sched[0] == plain[0]):
        joined = " ".join(sched)
        # (a briefing session or an event names the schedule only where it fills two thirds of it)
        hint = "신청" if re.search(r"신청|접수|모집", joined) else "공모" if "공모" in joined else \
            "설명회" if sum("설명회" in p for p in plain) * 3 >= 2 * n else \
            "행사" if sum(bool(_EVENT.search(p)) for p in plain) * 3 >= 2 * n else "추진"
        kinds.append(("schedule", hint))
    # Open issues late in a section that opens on a pledge (`…하겠다`고 시장이 말했다) do not head it.
    if not issues[0] and sum(issues) * 5 >= n and ("quote", "") not in kinds and _speech_share(texts[0]) < 0.4:
        kinds.append(("issue", ""))
    elif not issues[0] and any(issues) and _speech_share(texts[0]) >= 0.4 and \
            sum(1 for t in texts if _speech_share(t) >= 0.4) * 3 >= n:
        kinds.append(("outlook", ""))  # a pledge, voices and what is still to be solved
    if _WHO.search(plain[0]) and not any(k == "money" for k, _ in kinds):
        # `…16만명이 대상으로 …`, then how to apply: who may have it is what the section says.
        kinds.append(("who_how" if any(_HOW.search(p) for p in plain[1:]) else "who", ""))
    hit = _BREAKDOWN.match(plain[0])
    listed = [k for k, p in enumerate(plain) if k == 0 or re.search(r"각각|별로", p) or _FIGURE_LIST.search(p)]
    if hit and sum(len(plain[k]) for k in listed) * 2 < sum(len(p) for p in plain):
        # The breakdown opens the section but does not fill it: `…현황` alone would hide the rest.
        kinds.append(("breakdown+", hit.group(1)))
    elif hit:
        kinds.append(("breakdown", hit.group(1)))
    own = [p for p, t in zip(plain, texts) if _speech_share(t) < 0.4]
    if len(own) >= 2 and sum(1 for p in own if _SUPPORTS.search(p)) * 3 >= 2 * len(own) and \
            not any(k.startswith(("money", "schedule", "who")) for k, _ in kinds):
        # Every sentence says what is given (`…을 지원한다`, `지원을 받는다`): what and how much.
        kinds.append(("support_money" if any(money) else "support", ""))
    if "효과" in plain[0] and re.search(r"기대|전망|예상|예측", plain[0]):
        kinds.append(("effect", ""))
    if _BACKGROUND_WORDS.search(plain[0]) or sum(1 for p in plain if _BACKGROUND_WORDS.search(p)) * 2 >= n:
        kinds.append(("background", ""))
    # (what is to come: a plan, or a day still ahead to apply or open; voices aside)
    ahead = [p for p in own if _FUTURE.search(p) or (_SCHEDULE.search(p) and _SCHEDULE_DATE.search(p)
                                                   and not _PAST_END.search(p))]
    if last and own and len(ahead) * 3 >= 2 * len(own) and len(texts) >= 2:
        kinds.append(("plan", ""))
    return kinds


_TOPIC_TAGS = {"NNG", "NNP", "SL", "XSN", "XPN", "SSO", "SSC", "SS", "SP", "SW", "JKG", "JC"}
_WEAK_HEADS = {"다음", "출처", "역시", "기간", "이번", "관련", "대상", "경우", "정도", "수준", "등", "중", "간",
               "이날", "당시", "현재", "때", "뒤", "후", "전", "내", "외", "측", "쪽", "말", "초", "이후", "이상",
               "평균", "이름", "결과", "가운데", "모두", "전체", "관계자", "방문", "규모", "분야", "부문", "총"}
# Counters and bound nouns: a topic never starts with one (its number was cut off).
_COUNTERS = {"곳", "명", "개", "건", "개사", "개교", "가구", "세대", "차례", "번", "배", "대", "원", "달러", "가지", "편", "권"}


def phrase_ok(text: str) -> bool:
    """headings.heading_ok, or Kiwi reads the phrase as nouns only: its
    clause-end test is by letters and takes `민간 투자` (자) for a verb form."""
    if heading_ok(text):
        return True
    tk = toks(text)
    balanced = all(text.count(a) == text.count(b) for a, b in (("‘", "’"), ("(", ")"), ("「", "」")))
    return balanced and bool(tk) and tk[-1].tag in ("NNG", "NNP", "SL") and \
        all(t.tag in _TOPIC_TAGS or t.tag in ("MM", "NNB", "XPN") for t in tk)


_DIGIT_OR_BRACKET = re.compile(r"\d|\(")


def _topic_ok(topic: str, banned: list[str]) -> bool:
    """A topic is a noun phrase a reader can name: nouns only (a quoted name,
    `의`/`와` inside), ending on a content noun, no figure, no person."""
    if not phrase_ok(topic) or _BYLINE.search(topic) or _DIGIT_OR_BRACKET.search(topic):
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
    if len(tk) == 1 and tk[0].tag == "NNP" and re.fullmatch(r"[가-힣]{2,4}", topic) and not INSTITUTION.search(topic):
        return False
    return True


def frame_of(heading: str, frames: dict[str, str] | None = None) -> tuple[str, str] | None:
    """(kind, topic) when `heading` is a framed heading."""
    for kind, frame in {**DEFAULT_FRAMES, **(frames or {})}.items():
        pre, _, post = frame.partition("{topic}")
        if heading.startswith(pre) and heading.endswith(post) and len(heading) > len(pre) + len(post):
            return kind, heading[len(pre):len(heading) - len(post)]
    return None


def is_action_heading(heading: str) -> bool:
    """A heading naming what a section does: a noun phrase (a quoted name
    inside) ending on a verbal noun or an activity (`졸업생 취업 연계 강화`)."""
    if not phrase_ok(heading) or re.search(r"\d", heading):
        return False
    tk = toks(heading)
    if not tk or not all(t.tag in _TOPIC_TAGS or t.tag in ("MM", "MAG", "NNB", "XPN") for t in tk) or tk[-1].tag != "NNG":
        return False
    last = heading.split()[-1]
    return heading.endswith(" 결과") or any(_is_activity(p) or _ends_in_activity(p) for p in last.split("·"))


def descriptive(heading: str, frames: dict[str, str] | None = None) -> bool:
    """A heading that says what its section holds: framed around a topic, a
    generic one of the seed's, or an action heading."""
    tail = re.match(r"^(.+?)(?:과|와) (?:반응|추진 일정|향후 계획)$", heading)
    if tail and descriptive(tail.group(1), frames):
        return True  # `신청 일정과 반응`: a heading of the seed's with what the rest is
    named = re.match(r"^(.+)·(‘[^‘’]{2,40}’)$", heading)
    if named and descriptive(named.group(1), frames):
        return True  # `‘성장 촉진 트랙’ 신설·‘재기 지원 자금’`: a second named thing joined
    framed = frame_of(heading, frames)
    if framed and _QUOTED.fullmatch(framed[1]):
        return True  # a programme's quoted name is a topic whatever Kiwi makes of its words
    return bool(framed and phrase_ok(framed[1])) or heading in GENERIC.values() or heading in _MORE_GENERIC \
        or is_action_heading(heading) or bool(BREAKDOWN_HEAD.fullmatch(heading)) \
        or (len(heading.split()) >= 2 and heading.split()[-1] in _STATE_NOUNS and phrase_ok(heading)) \
        or (len(heading.split()) >= 2 and event_name([f"{heading}이 열린다."]) == heading and phrase_ok(heading))


# -- predicates: what a sentence does (object + verbal noun) ----------------------


@dataclass(frozen=True)
class Pred:
    """One clause-level predicate built on a verbal noun (`교육과정을 공동으로 설계한다`).

    obj: the object (or, for a passive or intransitive verbal noun, the
    subject) as the source words it, particles dropped; hobj: the same
    without figures (a heading's form: `직업계고 15개교` -> `직업계고`);
    comp: a quoted name or a bare noun the predicate takes with 로 (`‘…’로
    선정`, `전국으로 확대`); mods: the manner words kept (`첫`, `추가`,
    `공동`); action: the verbal noun(s), `개발·보급` for a serial pair, or
    `운영 결과` for `…을 운영한 결과`; kind: main, reported, coord (a -고/-며
    clause), serial, result or noun (`‘…’ 신설이다`); at: where the verbal
    noun starts; absorbs: where a serial verb it took over starts."""
    obj: str
    hobj: str
    comp: str
    mods: tuple[str, ...]
    action: str
    kind: str
    at: int
    figure: str = ""
    absorbs: int = -1
    subject: bool = False  # obj is the clause's subject (`처리 기간도 단축된다`), not its object
    planned: bool = False  # `확정해 발표할 예정이다`: the heading says 예정, never a thing done

    def phrase(self, numbers: bool = False) -> str:
        obj = self.obj if numbers else self.hobj
        if not obj:
            return ""
        comp = self.comp if numbers or _QUOTED.search(self.comp) or self.comp in _SCOPES else ""
        if comp in _SCOPES and comp.endswith("전역") and comp != "전역":
            comp = f"{comp}으로"  # `도 전역 확대` stumbles (`사업 도`?); `도 전역으로 확대` reads
        action = f"{self.action} 예정" if self.planned and self.action else self.action
        parts = [obj, comp, self.figure if numbers else "", *self.mods, action]
        return norm(" ".join(p for p in parts if p))


# Where a measure reaches (`전국으로 확대`): a heading keeps these, not other nouns with 로.
_SCOPES = {"전국", "전역", "도 전역", "시 전역", "전 지역", "해외", "세계"}
# Manner words a heading or title keeps, in the editor's short form.
_MODS = {"처음": "첫", "새로": "신규", "신규": "신규", "추가": "추가", "추가로": "추가", "공동": "공동",
         "공동으로": "공동", "시범": "시범", "최종": "최종", "본격": "본격", "본격적으로": "본격", "전액": "전액",
         "우선": "우선", "직접": "직접", "대폭": "대폭", "집중": "집중", "특별": "특별"}
_TIME_NOUNS = {"내년", "올해", "내년도", "올해도", "이번", "연내", "내달", "매년", "매달", "매월", "분기", "이달", "다음",
               "상반기", "하반기", "연말", "연초", "오는", "지난", "현재", "당초", "향후", "앞으로", "이후", "중", "안",
               "동안", "간", "년", "월", "일", "주", "해마다", "분기마다", "달", "말", "초", "이날", "오늘", "작년", "지난해",
               "마다", "이르면", "늦어도", "연도"}
# Verbal nouns that report rather than do: no heading is made of them.
_REPORT_VNS = {"기록", "확인", "분석", "조사", "전망", "예상", "기대", "설명", "강조", "지적", "언급", "답변", "응답",
               "집계", "추정", "예측", "평가", "판단", "주장", "요구", "제언", "요청", "감지", "발생", "의미", "해당",
               "차지", "포함", "제외", "참여", "참가", "이용", "반영", "고려", "감안", "위치", "유지",
               "필요", "부족", "가능", "불가능", "관련", "대비", "비교", "통과", "거치", "달성", "기여", "도움",
               "연계", "대상", "중심", "기반", "바탕", "통", "위", "소요"}
# A light verb adds nothing to an object that is itself an activity (`인력 양성도 병행한다`).
_LIGHT_VNS = {"병행", "추진", "진행", "실시", "시행", "본격화"}
# Verbal nouns that take their subject: `처리 기간이 단축된다`, `지원 한도가 확대된다`.
# Kinds of body that name nobody alone (`대학 선정`: which universities?).
_BARE_KINDS = {"대학", "기업", "기관", "학교", "업체", "지역", "지자체", "단체", "사업자", "병원"}
# Acts of taking part, said of where (`국감에 출석`, `박람회에 참가`).
_ATTEND = {"출석", "참석", "참가", "참여", "출전", "입주", "가입", "출마"}
_INTRANSITIVE = {"증가", "감소", "확대", "축소", "단축", "개선", "상승", "하락", "완료", "개통", "출범", "종료", "개막",
                 "강화", "완화", "간소화", "변경", "전환", "도입", "신설",
                 "부담"}  # `설치비와 통신비는 국비로 부담하며`: the topic is what is paid
_FUTURE_NOUNS = {"계획", "예정", "방침", "것", "방안", "목표", "구상", "전망"}
_NUMERAL_MM = {"한", "두", "세", "네", "다섯", "여섯", "일곱", "여덟", "아홉", "열", "스무", "몇", "수십", "수백", "수천"}
_UNIT_WORDS = {"원", "명", "곳", "개", "개교", "개사", "건", "가구", "대", "규모", "가량", "여", "억", "만", "조", "천", "배",
               "%", "팀", "개월", "년", "년간", "회", "차례", "석", "이상", "이하", "미만", "초과", "안팎", "이내", "씩", "여명",
               "남짓", "내외", "정도"}
# Words that belong to a figure, not to what a heading names (`최대 지원` says nothing).
_AMOUNT_WORDS = {"최대", "최소", "연간", "약", "총", "월", "연", "평균", "전액", "일부", "최고", "최저", "매년", "각각"}
# A single-word object a heading cannot stand on: it needs the clause it came from.
_WEAK_OBJECTS = {"방안", "의견", "계획", "방침", "내용", "사항", "부분", "문제", "상황", "제도", "사업", "것", "수", "결과",
                 "목소리", "입장", "방식", "기회", "역할", "점", "곳", "데", "바", "등", "이", "그", "기관", "기업", "대상",
                 "노선", "과정", "지원", "규모", "수준", "기준"}
_AMOUNT_ADVERBIALS = {"수준", "규모", "정도", "비율"}
_NOT_ACTIVITY = {"결과", "기간", "규모", "수준", "비율", "핵심", "목표", "대상", "기준", "시간", "효과", "관건", "변화", "과제"}


def _words(text: str) -> list[tuple[int, int]]:
    """Word spans; a quoted name or a bracket with spaces inside
    (`‘청년 창업 도약 패키지’를`, `원(11억 달러)의`) is one word."""
    spans: list[tuple[int, int]] = []
    depth = 0
    ascii_open = False
    start = None
    for i, ch in enumerate(text):
        if ch in "‘「『《“(":
            depth += 1
        elif ch in "’」』》”)" and depth:
            depth -= 1
        elif ch == "'":
            ascii_open = not ascii_open
        if ch == " " and depth == 0 and not ascii_open:
            if start is not None:
                spans.append((start, i))
                start = None
        elif start is None:
            start = i
    if start is not None:
        spans.append((start, len(text)))
    return spans


def _speech_spans(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _SPEECH.finditer(text)]


def _stem(text: str, ws: tuple[int, int], wt: list[Tok]) -> str:
    """The word without its trailing particles and plural (`졸업생의` -> `졸업생`, `학생들의` -> `학생`)."""
    end = ws[1]
    k = len(wt)
    while k > 0 and (wt[k - 1].tag.startswith("J") or (wt[k - 1].tag == "XSN" and wt[k - 1].form == "들")):
        end = wt[k - 1].start
        k -= 1
    return text[ws[0]:end].strip()


def _is_quote_word(text: str, ws: tuple[int, int]) -> bool:
    return text[ws[0]] in "‘「『《'“"


def _noun_word(wt: list[Tok], allow_genitive: bool = True) -> bool:
    """A word of nouns (and numbers, symbols of a name), optionally ending in 의."""
    core = list(wt)
    while core and allow_genitive and core[-1].tag == "JKG":
        core.pop()
    while core and core[-1].tag == "XSN" and core[-1].form == "들":
        core.pop()
    return bool(core) and all(t.tag in _BARE or t.tag in ("SP", "SSO", "SSC", "SW", "SS", "SO", "MM") for t in core) \
        and core[-1].tag in ("NNG", "NNP", "SL", "NNB", "XSN", "SSC", "NR", "SN", "SW")


def _word_tokens(tk: tuple[Tok, ...], ws: tuple[int, int]) -> list[Tok]:
    return [t for t in tk if ws[0] <= t.start < ws[1]]


def _is_time_word(wt: list[Tok]) -> bool:
    core = [t for t in wt if not t.tag.startswith("J")]
    if not core:
        return False
    if any(t.tag == "SN" for t in core) and core[-1].form in ("년", "월", "일", "년간", "개월", "주", "분기", "일간", "말", "초"):
        return True
    return all(t.form in _TIME_NOUNS or t.tag in ("SN", "NNB") for t in core) and \
        any(t.form in _TIME_NOUNS for t in core)


def _numeric(word: str) -> bool:
    return bool(re.search(r"\d", word)) or word in _NUMERAL_MM


def _heading_object(words: list[tuple[str, bool]]) -> str:
    """A heading's object from (stem, genitive) words: figures go with their
    counters and the genitive they open (`6개월 과정의 ‘…’` -> `‘…’`), and so
    do the words that belong to a figure (`최대`, `연간`)."""
    out: list[str] = []
    after_number = False
    for stem, genitive in words:
        if not stem.startswith(("‘", "「")) and _numeric(stem):
            after_number = True
            continue
        if after_number and (stem in _UNIT_WORDS or genitive):
            after_number = not genitive
            continue
        after_number = False
        if stem in _AMOUNT_WORDS:
            continue
        out.append(stem)
    return " ".join(out)


def _without_numbers(obj: str) -> str:
    return _heading_object([(w, False) for w in _split_keep_quotes(obj)])


def _split_keep_quotes(s: str) -> list[str]:
    return [s[a:b] for a, b in _words(s)]


# Nouns of doing that news headings stand on alone (`민간 투자 유치`, `보안 점검`).
_ACTIVITY = {"유치", "취득", "양성", "육성", "지원", "개발", "구축", "확충", "개선", "보급", "도입", "운영", "관리", "점검",
             "교육", "재교육", "연수", "상담", "채용", "투자", "창업", "연계", "협력", "전환", "확대", "강화", "조성",
             "설치", "건설", "개최", "홍보", "발굴", "인하", "감면", "보호", "예방", "정비", "신설", "혁신", "심사",
             "모집", "선발", "공급", "제공", "지급", "파견", "단속", "검거", "수사", "진료", "치료", "돌봄", "방문",
             "실습", "훈련", "재기", "상용화", "고도화", "표준화", "디지털화", "체계화", "안정화", "활성화", "확보"}


def _is_activity(obj: str) -> bool:
    """The phrase ends on a noun of doing, from the list above (stricter than
    Kiwi's reading, which takes `방식하다` for a verb)."""
    return bool(obj) and re.sub(r"[’」']$", "", obj.split()[-1]) in _ACTIVITY


def _ends_in_activity(obj: str) -> bool:
    """The phrase's last noun names an activity (`양성`, `신설`): Kiwi reads
    `…하다` after it as a verb suffix, and it is not a measure or a result."""
    last = re.sub(r"[’」]$", "", obj.split()[-1])
    if last in _NOT_ACTIVITY or len(last) < 2:
        return False
    tk = toks(f"{last}하다")
    return len(tk) == 3 and tk[0].tag == "NNG" and tk[1].tag == "XSV"


_RESULT_OF = re.compile(r"^(?:[^,\"“]{0,24}?\s)?([가-힣A-Za-z·]{2,12}(?:\s[가-힣A-Za-z·]{1,12}){0,2}\s?(?:조사|분석|보고서|통계|자료|집계))"
                        r"(?:\s결과)?에 따르면")


def predicates(text: str) -> list[Pred]:
    """The sentence's clause-level verbal-noun predicates, in order: not inside
    direct speech, not a relative clause (`연계한 직업계고`), not a purpose
    (`돕기 위한`); a serial verb sharing its object with the next one is
    taken into it (`모델을 개발해 보급한다` is one: `개발·보급`)."""
    return list(_predicates(text))


# Pure and asked again for the same sentence (the title, the headings, the
# covering check); Pred is frozen, so the cached tuple is safe to share.
@korean.sentence_cache(korean.CACHE_SIZE)
def _predicates(text: str) -> tuple[Pred, ...]:
    tk = toks(text)
    if not tk:
        return ()
    speech = _speech_spans(text)
    words = _words(text)
    out: list[Pred] = []
    m = _RESULT_OF.match(text)
    if m and not any(a <= m.start(1) < b for a, b in speech):
        src = norm(m.group(1))
        # `경기도 조사에 따르면` -> `경기도 조사 결과`: what a survey found.
        out.append(Pred(src, _without_numbers(src), "", (), "결과", "result", m.start(1)))
    for i, t in enumerate(tk):
        native = t.tag.startswith("VV") and t.form not in _NATIVE_SKIP and \
            any(ws[0] == t.start for ws in words) and not any(a <= t.start < b for a, b in speech)
        if not (native or (t.tag == "XSV" and t.form in ("하", "되") and i > 0 and tk[i - 1].end == t.start)):
            continue
        if native:
            # A native verb (`민간 투자 유치까지 돕는다`): no verbal noun of the
            # source's to use, so only an object that is itself an activity heads.
            w = next(k for k, ws in enumerate(words) if ws[0] == t.start)
            kind = _clause_kind(tk, i + 1)
            if kind is None or kind == "result":
                continue
            vn, voice = _NATIVE_VN.get(t.form, ("", "하"))
            pred = _with_object(text, tk, words, w, "", voice, kind, t.start)
            if pred is not None and vn and pred.hobj and not _QUOTED.search(pred.hobj) \
                    and pred.hobj not in _WEAK_OBJECTS and (vn != "개최" or _HELD.search(pred.hobj)):
                # `상담 기관을 … 늘린다` -> `상담 기관 확대`: the editor's verbal noun for the verb.
                last = pred.hobj.split()[-1]
                vn = _VN_BY_OBJECT.get((vn, last), _VN_BY_OBJECT.get((vn, last[-2:]), vn))
                pred = replace(pred, action=vn, mods=(), planned=_planned_after(tk, i + 1))
                out.append(pred)
            elif pred is not None and not pred.action and pred.hobj and len(pred.hobj.split()) >= 2 \
                    and not _QUOTED.search(pred.hobj) and _is_activity(pred.hobj) and pred.mods == () \
                    and not pred.subject:
                out.append(pred)
            continue
        v = i - 1
        while v > 0 and tk[v].tag in ("NNG", "XSN") and tk[v - 1].tag == "NNG" and tk[v - 1].end == tk[v].start \
                and tk[v].form == "화":
            v -= 1
        if tk[v].tag != "NNG" or any(a <= tk[v].start < b for a, b in speech):
            continue
        w = next((k for k, ws in enumerate(words) if ws[0] <= tk[v].start < ws[1]), None)
        lead_mod = ""
        if w is not None and words[w][0] != tk[v].start and v > 0 and tk[v - 1].start == words[w][0] \
                and tk[v - 1].form in _MODS and tk[v - 1].end == tk[v].start:
            lead_mod = _MODS[tk[v - 1].form]  # `신규지원한다` -> `신규 지원`
        elif w is None or words[w][0] != tk[v].start:
            continue  # the verbal noun is the tail of a longer word
        action = text[tk[v].start:tk[i - 1].end]
        if lead_mod:
            action = f"{lead_mod} {action}"
        kind = _clause_kind(tk, i + 1)
        if kind is None:
            continue
        if kind == "result":
            action = f"{action} 결과"
        pred = _with_object(text, tk, words, w, action, t.form, kind, tk[v].start)
        if pred is not None and pred.action in _REPORT_VNS and len(pred.hobj.split()) >= 2 \
                and _is_activity(pred.hobj):
            # `기업 재직자 재교육도 포함됐다`: the reporting verb goes, the activity heads.
            pred = Pred(pred.obj, pred.hobj, pred.comp, (), "", pred.kind, pred.at, pred.figure, pred.absorbs)
        if pred is not None and _planned_after(tk, i + 1):
            pred = replace(pred, planned=True)
        if pred is not None:
            out.append(pred)
    noun = _noun_predicate(text, tk, words)
    if noun is not None:
        out.append(noun)
    absorbed = {p.absorbs for p in out if p.absorbs >= 0}
    return tuple(_scheduled(text, p) for p in out if not (p.kind == "serial" and p.at in absorbed))


# `…을 7월 1일 체결한다`: an act set for a day is still to come; a title or a
# heading says `체결 예정`, never a bare `체결` that reads as done.
_PRESENT_END = re.compile(r"^\S*?(?:한다|된다|합니다|됩니다)(?:고\s|\.|$)")
_SET_DAY = re.compile(r"(?<![\d.])\d{1,2}일(?:\([월화수목금토일]\))?\s")


def _scheduled(text: str, p: Pred) -> Pred:
    if p.planned or not p.action or p.kind not in ("main", "reported") or not _PRESENT_END.match(text[p.at:]):
        return p
    day = _SET_DAY.search(text[:p.at])
    if not day or re.search(r"지난|어제|그제", text[:p.at]):
        return p
    tk = toks(text)
    # (`4일 국회를 통과한 예산으로 … 투입한다`: the day is the vote's, a past clause's)
    if any(t.tag == "ETM" and t.form in ("ᆫ", "은") and tk[k - 1].tag in ("VV", "XSV")
           and tk[k - 1].form not in ("위하", "대하", "관하", "통하", "따르", "비롯하")
           for k, t in enumerate(tk) if k and day.end() <= t.start < p.at):
        return p
    return replace(p, planned=True)


# Native verbs and the verbal noun a heading says them with (voice: 되 takes its subject).
_NATIVE_VN = {"늘리": ("확대", "하"), "늘어나": ("확대", "되"), "줄이": ("축소", "하"), "줄어들": ("축소", "되"),
              "돕": ("지원", "하"), "바뀌": ("변경", "되"), "높이": ("제고", "하"), "낮추": ("인하", "하"),
              "덜": ("경감", "하"), "주": ("지급", "하"), "열": ("개최", "하"),
              "만들": ("조성", "하")}
# `설명회를 연다` is held (개최); `문을 연다`, `길을 연다` are not.
_HELD = re.compile(r"(?:회|식|포럼|행사|축제|세미나|심포지엄|쇼|콘퍼런스|컨퍼런스|캠프)$")
# The object decides the word: a period is shortened, a cost cut (`대기 기간 단축`, `배송 비용 절감`).
_VN_BY_OBJECT = {("축소", "기간"): "단축", ("축소", "시간"): "단축", ("축소", "비용"): "절감", ("축소", "부담"): "경감",
                 ("제고", "금리"): "인상", ("제고", "비율"): "상향", ("확대", "기간"): "연장",
                 ("조성", "일자리"): "창출", ("조성", "제도"): "마련", ("조성", "기준"): "마련", ("조성", "방안"): "마련",
                 ("조성", "체계"): "구축", ("조성", "시스템"): "구축", ("조성", "플랫폼"): "구축"}
# Native verbs that say nothing a heading could carry (reporting, being, having).
_NATIVE_SKIP = {"하", "있", "없", "되", "밝히", "말하", "전하", "내다보", "보", "알리", "답하", "꼽", "나타나", "이르",
                "달하", "머무르", "넘", "오르", "내리", "따르", "통하", "위하", "대하", "관하", "비롯하", "받"}


def _clause_kind(tk: tuple[Tok, ...], j: int) -> str | None:
    """What the ending at `j` (after the verb) makes of its clause: main,
    reported, coord, serial, result, or None for a relative clause, a purpose
    or a condition."""
    while j < len(tk) and tk[j].tag == "EP":
        j += 1
    if j >= len(tk):
        return None
    e = tk[j]
    nxt = tk[j + 1] if j + 1 < len(tk) else None
    if e.tag == "EC" and e.form in ("어", "아", "여") and nxt is not None and nxt.tag == "VX" and nxt.form in ("주", "드리"):
        return _clause_kind(tk, j + 2)  # `덜어 준다`: the helper verb's ending is the clause's
    if e.tag == "EF":
        return "main"
    if e.tag == "EC" and e.form.endswith(("다고", "라고")):
        return "reported"
    if e.tag == "EC" and e.form in ("고", "며", "으며"):
        return "coord"
    if e.tag == "EC" and e.form in ("어", "아", "여", "해") and _clause_follows(tk, j + 1):
        return "serial"
    if e.tag == "ETM" and nxt is not None and nxt.form in _FUTURE_NOUNS and nxt.tag in ("NNG", "NNB"):
        return "main"
    if e.tag == "ETM" and nxt is not None and nxt.form == "결과" and e.form in ("ᆫ", "은"):
        return "result"
    if e.tag == "ETN" and e.form == "기" and nxt is not None and nxt.form == "로":
        return "main"
    return None


def _planned_after(tk: tuple[Tok, ...], j: int) -> bool:
    """The verb at `j` is a plan (`발표할 예정이다`, `정할 계획이다`), not a thing done."""
    while j < len(tk) and tk[j].tag == "EP":
        j += 1
    return j + 1 < len(tk) and tk[j].tag == "ETM" and tk[j].form in ("ᆯ", "을", "ㄹ") and \
        tk[j + 1].form in ("예정", "계획", "방침")


def _clause_follows(tk: tuple[Tok, ...], j: int) -> bool:
    """After a serial verb (`채용해`), the next action verb ends a clause, not
    a relative one (`채용해 … 유지한 기업`); a future (`낮출 방침`) is a clause."""
    for k, t in enumerate(tk[j:], j):
        if not (t.tag.startswith("VV") or t.tag == "XSV"):
            continue
        e = k + 1
        while e < len(tk) and tk[e].tag == "EP":
            e += 1
        if e >= len(tk):
            return False
        if tk[e].tag == "ETM":
            if e + 1 < len(tk) and tk[e + 1].form in _FUTURE_NOUNS:
                return True
            if e + 1 < len(tk) and tk[e + 1].form == "데" and tk[e + 1].tag == "NNB":
                return False  # `…을 선정해 키우는 데 25억원을 편성`: what the money is for, not an act done
            # A relative clause on the main verb's object (`잇는 노선 4개를 운영한다`) is
            # inside that clause; one on a subject or a dative (`유지한 기업에는`) holds the serial verb.
            part = next((x for x in tk[e + 1:] if x.tag.startswith("J")), None)
            if part is None or part.tag != "JKO":
                return False
            continue
        if tk[e].tag in ("EC", "EF") and tk[e].form not in ("어", "아", "여", "해", "게", "지"):
            return True
    return False


def _noun_predicate(text: str, tk: tuple[Tok, ...], words: list[tuple[int, int]]) -> Pred | None:
    """`가장 큰 변화는 ‘성장 촉진 트랙’ 신설이다`: the noun phrase before 이다,
    when it ends on an activity."""
    if len(tk) < 4 or tk[-1].tag != "SF" or tk[-2].tag != "EF" or tk[-3].tag != "VCP":
        return None
    w = next((k for k, ws in enumerate(words) if ws[0] <= tk[-3].start < ws[1]), None)
    if w is None:
        return None
    parts: list[tuple[str, bool]] = []
    start = None
    for k in range(w, max(-1, w - 4), -1):
        ws = words[k]
        wt = [x for x in _word_tokens(tk, ws) if x.tag not in ("VCP", "EF", "SF")]
        if not wt or not (_noun_word(wt) or _is_quote_word(text, ws)) or _is_time_word(wt):
            break
        if k < w and any(x.tag.startswith("J") and x.tag != "JKG" for x in wt):
            break
        stem = text[ws[0]:wt[-1].end] if k == w else _stem(text, ws, wt)
        stem = re.sub(r"(의)$", "", stem) if k < w else stem
        parts.insert(0, (stem, k < w and wt[-1].tag == "JKG"))
        start = ws[0]
    if len(parts) < 2 or start is None:
        return None
    obj_words = parts[:-1]
    action = parts[-1][0]
    if not _is_activity(action) or action in _REPORT_VNS or obj_words[0][0] in _UNIT_WORDS:
        return None
    obj = norm(" ".join(p for p, _ in obj_words))
    return Pred(obj, _heading_object(obj_words), "", (), action, "noun", tk[-3].start)


def _with_object(text: str, tk: tuple[Tok, ...], words: list[tuple[int, int]], w: int, action: str,
                 voice: str, kind: str, at: int) -> Pred | None:
    mods: list[str] = []
    comp = ""
    figure = ""
    serial: list[str] = []
    absorbs = -1
    amount = False  # inside an amount adverbial (`전체의 10% 수준으로`)
    k = w - 1
    head = None
    for _ in range(12):
        if k < 0:
            break
        ws = words[k]
        wt = _word_tokens(tk, ws)
        if not wt:
            break
        raw = text[ws[0]:ws[1]]
        last = wt[-1]
        stem = _stem(text, ws, wt)
        if raw in _MODS or (stem in _MODS and last.tag == "JKB"):
            mods.insert(0, _MODS.get(raw) or _MODS.get(stem, ""))
        elif all(x.tag == "MAG" for x in wt) or (len(wt) == 2 and wt[0].tag == "VA" and wt[1].form == "게") \
                or (len(wt) >= 3 and wt[-1].tag == "JKB" and wt[-2].tag == "XSN" and wt[-2].form == "적"):
            pass  # an adverb (`크게`, `단계적으로`) says how, not what
        elif _is_time_word(wt) or raw in _AMOUNT_WORDS:
            pass
        elif last.tag == "JKB" and last.form in ("로", "으로") and stem in _AMOUNT_ADVERBIALS:
            amount = True
        elif amount and (_numeric(raw) or last.tag == "JKG" or stem in _UNIT_WORDS or stem in _AMOUNT_WORDS
                         or last.tag == "ETM" or (last.tag == "JKB" and last.form == "보다")):
            pass  # `올해보다 4,000억 원 늘린 2조 원 규모로`: all of it says how much
        elif last.tag == "JX" and last.form in ("까지", "만") and (_numeric(raw) or stem in _UNIT_WORDS):
            amount = True  # `최대 20만 원까지 지원`: how much, not what
        elif last.tag == "JKB" and last.form in ("로", "으로") and _is_quote_word(text, ws) and not comp:
            comp = stem
        elif last.tag == "JKB" and last.form in ("로", "으로") and len(wt) == 2 and wt[0].tag == "NNG" \
                and wt[0].form not in _TIME_NOUNS and wt[0].form not in _UNIT_WORDS and not comp:
            comp = wt[0].form
            pw = _word_tokens(tk, words[k - 1]) if k > 0 else []
            if len(pw) == 1 and pw[0].tag in ("NNG", "NNP") and pw[0].form not in _TIME_NOUNS:
                comp = f"{pw[0].form} {comp}"  # `도 전역으로`
                k -= 1
        elif last.tag == "JKB" and last.form in ("로", "으로") and 3 <= len(wt) <= 4 and not comp \
                and all(x.tag == "NNG" for x in wt[:-1]) and wt[-2].form not in _TIME_NOUNS \
                and wt[-2].form not in _UNIT_WORDS:
            comp = stem  # one compound noun (`성장촉진지역으로 지정`): what it is made
        elif comp and last.form in ("와", "과") and last.tag in ("JC", "JKB") and len(wt) == 2 and wt[0].tag == "NNG":
            pass  # `국비와 지방비로`: a conjunct of the 로 it takes
        elif wt[0].tag == "SN" and last.tag == "JKB" and last.form == "에서" and figure:
            pass  # `180곳에서 250곳으로 확대`: the figure it grows from
        elif wt[0].tag == "SN" and not figure and all(x.tag in ("SN", "SW", "SL", "NNB", "NR", "NNG", "XSN") for x in
                                                      (wt[:-1] if last.form in ("로", "으로") else wt)):
            figure = raw  # `0.3%p 인하`, `8442억원으로 확정`: how much, said in a title only
        elif len(wt) >= 3 and wt[-1].tag == "EC" and wt[-1].form in ("어", "아", "여", "해") and wt[-2].tag == "XSV" \
                and wt[0].tag == "NNG" and not serial:
            serial.append(text[wt[0].start:wt[-2].start])
            absorbs = wt[0].start
        elif last.tag == "JKO" or (last.tag == "JX" and last.form in ("도", "까지", "만")) or \
                (last.tag in ("JKS", "JX") and last.form in ("이", "가", "은", "는", "도")) or \
                (last.tag == "JKB" and last.form == "에" and action in _ATTEND and len(wt) >= 2):
            head = k  # (`국감에 출석해`: where one attends is what the act is of)
            break
        else:
            return None
        k -= 1
    if head is None:
        return None
    ws = words[head]
    wt = _word_tokens(tk, ws)
    last = wt[-1]
    subject = last.tag == "JKS" or (last.tag == "JX" and last.form in ("은", "는"))
    if subject and not (voice == "되" or action in _INTRANSITIVE):
        return None
    if any(x.tag == "NP" for x in wt) or not _noun_word(wt[:-1] or wt, allow_genitive=False):
        return None
    parts: list[tuple[str, bool]] = [(_stem(text, ws, wt), False)]
    for _ in range(7):
        if sum(1 for w, _ in parts if not _numeric(w)) > (8 if any(w.endswith("·") for w, _ in parts) else 4):
            break
        p = head - 1
        if p < 0:
            break
        pw = _word_tokens(tk, words[p])
        if text[words[p][0]:words[p][1]] == "위한" and p > 0:
            # `예비 창업자를 위한 별도 교육 과정`: whom it is for belongs to the object.
            qw = _word_tokens(tk, words[p - 1])
            whom = _stem(text, words[p - 1], qw) if qw else ""
            if len(qw) >= 2 and qw[-1].tag == "JKO" and _noun_word(qw[:-1], allow_genitive=False) \
                    and not _numeric(whom) and re.search(r"(?:자|인|생|민|층|기업|청년|어르신|가구|세대|아동|학생)$", whom):
                parts.insert(0, (_stem(text, words[p - 1], qw), False))
                head = p - 1
                continue
        if len(parts) == 1 and parts[0][0] in _BARE_KINDS and len(pw) == 3 and pw[0].tag == "NNG" \
                and pw[1].tag == "XSV" and pw[2].tag == "ETM" and p > 0:
            # `…지원사업을 수행할 대학` -> `…지원사업 수행 대학`: a bare kind is named by what it does.
            qw = _word_tokens(tk, words[p - 1])
            if len(qw) >= 2 and qw[-1].tag == "JKO" and _noun_word(qw[:-1], allow_genitive=False):
                said = [_stem(text, words[p - 1], qw)]
                q = p - 2
                while q >= 0 and len(said) < 4:
                    rw = _word_tokens(tk, words[q])
                    if not rw or not all(x.tag in ("NNG", "NNP", "SL") for x in rw):
                        break
                    said.insert(0, text[words[q][0]:words[q][1]])
                    q -= 1
                if not any(_numeric(x) for x in said):
                    parts = [*((x, False) for x in said), (pw[0].form, False), *parts]
                    head = q + 1
                    break
        numeral = len(pw) == 1 and pw[0].form in _NUMERAL_MM
        coord = len(pw) >= 2 and pw[-1].tag in ("JC", "JKB") and pw[-1].form in ("와", "과") and \
            pw[-2].tag in ("NNG", "NNP", "SL") and _noun_word(pw[:-1], allow_genitive=False)
        if not pw or not (numeral or coord or _noun_word(pw) or _is_quote_word(text, words[p])):
            break
        if _is_time_word(pw) or pw[0].form in ("등", "및", "이", "그", "각", "이번", "해당", "이같은"):
            break
        if pw[-1].tag != "JKG" and any(x.tag.startswith("J") for x in pw) and not coord:
            break
        if coord and (_numeric(text[words[p][0]:pw[-2].end]) or pw[-2].form in _COUNTERS):
            break  # `벤처캐피털 40곳과 창업팀`: a count is no conjunct a heading can keep
        if coord:
            # `인공지능 스피커와 동작 감지 센서를`: both conjuncts are the object, kept whole.
            parts.insert(0, (text[words[p][0]:pw[-2].end] + "·", False))
            head = p
            continue
        parts.insert(0, (_stem(text, words[p], pw), pw[-1].tag == "JKG"))
        head = p
    if len(parts) > 1 and parts[-1] != ("내용", True):
        # (`…을 유예하는 내용의 민법 개정안`, `홈페이지 구축 내용의 양해각서`: `내용의` only links)
        parts = [w for w in parts if w != ("내용", True)]
    if len(parts) > 1 and parts[0][1] and head > 0:
        pw = _word_tokens(tk, words[head - 1])
        if pw and (_is_time_word(pw) or _numeric(text[words[head - 1][0]:words[head - 1][1]])):
            parts = parts[1:]  # `6개월 과정의 ‘…’`: the genitive goes with its figure
    if head > 0:
        pw = _word_tokens(tk, words[head - 1])
        before = text[words[head - 1][0]:words[head - 1][1]]
        stem = _stem(text, words[head - 1], pw) if pw else before
        if before in _MODS or (pw and pw[-1].tag == "JKB" and stem in _MODS):
            mods.insert(0, _MODS.get(before) or _MODS[stem])  # `공동으로 교육과정을 설계한다`
    obj = norm(re.sub(r"\([^()]*\)", "", " ".join(s for s, _ in parts))).replace("· ", "·")  # a gloss in brackets is not the object
    hobj = _heading_object([(re.sub(r"\([^()]*\)", "", w), g) for w, g in parts]).replace("· ", "·")
    if obj.startswith("·") or hobj.startswith("·") or hobj.endswith("·"):
        return None
    first = obj.split()[0]
    if first in _COUNTERS or first in _UNIT_WORDS:
        return None
    if subject and (INSTITUTION.search(obj.split()[-1]) and len(obj.split()) == 1):
        return None
    if serial:
        action = f"{serial[0]}·{' '.join([*mods, action])}"  # `선정해 집중 육성` -> `선정·집중 육성`
        mods = []
    if action in _LIGHT_VNS and hobj and not mods and not comp and not _QUOTED.search(hobj) and _is_activity(hobj):
        action = ""
    return Pred(obj, hobj, comp, tuple(m for m in mods if m), action, kind, at, figure, absorbs,
                subject or (last.tag == "JX" and last.form == "도" and voice == "되"))


# -- the story: who did what, for the title and the first heading -------------------


@dataclass(frozen=True)
class Story:
    subject: str  # `교육부`
    pred: Pred | None  # the lead's main predicate
    preds: tuple[Pred, ...]  # its other predicates, for fallbacks
    topic: str  # the story's name for headings: a programme name, else the object
    sentence: str  # the lead sentence it was read from


_QUOTED = re.compile(r"‘[^‘’]{2,40}’|「[^「」]{2,40}」|'[^']{2,40}'")


def _names_count(text: str, name: str, pred: Pred) -> bool:
    """The quoted `name` is what the predicate's bare count counts: a programme
    (selected into), or a name right before the count (`‘…’ 등 세 곳을`), not
    one inside another phrase of the clause (`‘○○파’ 두목 A씨 등 조직폭력배
    278명 …, 총 971명`: the gang is one arrested man's, a native review)."""
    if name.strip("‘’「」' ").endswith(_PROGRAMME_HEADS):
        return True  # `‘…조성 사업’ 공모 결과 … 세 곳을 선정`: a programme is what a count is selected into
    at = text.find(name)
    count = text.rfind(pred.obj.split()[0], 0, pred.at) if pred.obj else -1
    if at < 0 or count < at:
        return False
    between = text[at + len(name):count]
    return bool(re.fullmatch(r"\s?(?:등|에|에는|으로|로|이|가|은|는|을|를|과|와|의)?\s?(?:총\s?|모두\s?)?", between))


def story_of(plan: Plan) -> Story:
    """The lead's subject, main predicate and topic (`교육부`, `직업계고 15개교를
    ‘…’로 선정`, `‘미래 기술 인재 캠퍼스’`)."""
    lead = lead_src_of(plan)
    subject, text = _lead_subject(plan, lead)
    preds = [p for p in predicates(text) if p.action not in _REPORT_VNS and p.kind != "result"] if text else []
    quoted = [p for p in preds if _QUOTED.search(f"{p.obj} {p.comp}")]
    reported = [p for p in preds if p.kind in ("reported", "main")]
    pred = (quoted or reported[-1:] or preds[:1] or [None])[0]
    names = _QUOTED.findall(_outside_speech(text)) if text else []
    if pred is not None and not pred.hobj and names and names[0] not in pred.obj and _names_count(text, names[0], pred):
        # `… 등 세 곳을 선정`: a bare count names nothing; the programme does.
        pred = Pred(f"{names[0]} {pred.obj}", names[0], pred.comp, pred.mods, pred.action, pred.kind, pred.at,
                    pred.figure)
    topic = ""
    if pred is not None:
        hit = _QUOTED.search(f"{pred.obj} {pred.comp}")
        topic = hit.group(0) if hit else pred.hobj
        if hit and hit.group(0) in pred.hobj and len(pred.hobj) <= 20:
            topic = pred.hobj  # `'BIG 3' 분야 중소벤처기업`: the name with what it qualifies
    if pred is not None and not _QUOTED.search(topic):
        # `정책자금을 … 공급하고, 금리를 … 인하한다고`: the story is what its first clause names.
        first = next((p for p in preds if _story_topic_ok(p.hobj, subject)), None)
        if first is not None:
            topic = first.hobj
    if "·" in topic and names and all(INSTITUTION.search(c.strip()) for c in topic.split("·")):
        topic = names[0]  # `안동시와 남원시를 ‘…’ 대상지로 선정`: the story is the programme, not the places
    kinds = topic.split()
    if len(kinds) >= 3 and kinds[-1] in _BARE_KINDS and _ends_in_activity(kinds[-2]):
        topic = " ".join(kinds[:-2])  # `…지원사업 수행 대학`: the story is the programme
    if not _story_topic_ok(topic, subject):
        topic = names[0] if names else ""
    if pred is not None and " " not in pred.hobj and _HELD.search(pred.hobj):
        # `…사업 공모에 참여할 기업을 위해 설명회를 연다`: a session is named by what
        # it is about, the story's topic or the phrase the lead opens on.
        rest = re.sub(rf"^{re.escape(subject)}(?:은|는|이|가)\s", "", text) if subject else text
        opening = re.match(r"((?:[가-힣A-Za-z0-9·]+\s){1,3}[가-힣A-Za-z0-9·]+?)(?:에|에서|을|를|의)\s", rest)
        about = topic or (opening.group(1) if opening and phrase_ok(opening.group(1)) else "")
        if about and about != pred.hobj and pred.hobj not in about and not (subject and subject in about):
            pred = replace(pred, obj=f"{about} {pred.obj}", hobj=f"{about} {pred.hobj}")
    return Story(subject, pred, tuple(p for p in preds if p is not pred), norm(topic), text)


# A noun phrase cannot open with these: they lean on what came before (`중심 지원`, `내용 …`).
_WEAK_FIRST = {"중심", "위주", "내용", "사항", "부분", "것", "수", "등", "특별", "결과", "이", "그", "해당", "관련"}
_TITLES = re.compile(r"(장관|차관|청장|시장|지사|대표|의원|관계자|대변인|대변인실|위원장|총리|대통령)$")


def _story_topic_ok(topic: str, subject: str) -> bool:
    """A topic a whole post can be about: a quoted name, or a noun phrase that
    names something (not `예산`, `대학`, an agency or an official)."""
    if not topic:
        return False
    if _QUOTED.fullmatch(topic):
        return True
    words = topic.split()
    if words[0] in _WEAK_FIRST or words[-1] in _MODS or _TITLES.search(topic):
        return False
    if len(words) == 1 and (topic in _WEAK_OBJECTS or len(topic) < 4 or INSTITUTION.search(topic)):
        return False
    if subject and (topic == subject or subject in topic):
        return False
    return _topic_ok(re.sub(r"[‘’「」']", "", topic), [])


# A designation says what it makes of its object (`70개 시·군을 성장촉진지역으로
# 지정`): the act is `성장촉진지역 지정`, not `시·군 지정`.
_DESIGNATIONS = {"지정", "선정", "편입", "승격", "전환", "확정", "채택", "등록", "인증"}


def _lead_act(story: Story) -> str:
    """What a designation makes (`성장촉진지역 지정`), or what the lead's money is
    (`2020년 예산`), as a topic for the lead's section where the story has no
    topic of its own: the places designated are a list, and one of them picked
    from the section (`전남 영암의 개요`) names a part, not the story (a native
    review of the headings)."""
    pred = story.pred
    if pred is None or not pred.action:
        return ""
    if pred.comp and pred.action in _DESIGNATIONS and phrase_ok(pred.comp):
        return norm(f"{pred.comp} {pred.action}")
    # `2020년 예산으로 6조 원을 확정`, `AI 분야에 1793억원을 투입`: the budget, or what
    # the money is for, heads the story (a native review: `문체부 출범의 개요`
    # named a phrase of one sentence).
    dest = money_use(story.sentence, pred)[1]
    if dest and not re.search(r"\d", re.sub(r"^(?:19|20)\d\d년 ", "", dest)):
        return dest if re.search(r"(?:예산|지원|사업|투자)$", dest) else f"{dest} 예산"
    budget = re.match(r"^(\S.*?예산)(?:\s|$)", pred.hobj)
    if budget and budget.group(1) != "예산" and phrase_ok(budget.group(1)):
        return norm(budget.group(1))  # `…분야 예산 총지출 규모를 … 확정`: the budget is what the lead is about
    return ""  # (any other act: the section's ranked topic names it better, `창업 지원`, not `예산 투입`)


def frame_headings(plan: Plan, ids: list[list[int]], frames: dict[str, str], limit: int,
                   title: str = "", story: Story | None = None) -> list[str]:
    """One heading per section ('' where nothing fits: the caller falls back).
    `ids` are the source sentences each section says (headings use the
    source's own words). A frame is used where the content clearly fits it
    (section_kinds), each at most once a post; otherwise the heading says what
    the section does, from its first sentence with a verbal-noun predicate
    (`졸업생 취업 연계 강화`); the topic frames of old are the last resort."""
    frames = {**DEFAULT_FRAMES, **{k: v for k, v in (frames or {}).items() if "{topic}" in v}}
    story = story or story_of(plan)
    texts = [[plan.texts[i] for i in sec] for sec in ids]
    names = [entity_names(plan, ps.members) for ps in plan.sections]
    banned = [*plan.article.reporters, *[p for n in names for p in n["person"]]]
    boosts = [n["programme"] for n in names]
    if title and boosts:
        boosts[0] = [*boosts[0], title]
    ranked: list[list[str]] | None = None  # the old topic ranking, only for sections nothing else fits
    used: set[str] = set()
    used_kinds: set[str] = set()
    last_said = max((k for k, sec in enumerate(ids) if sec), default=-1)
    main = story.topic
    common = _common_nouns(list(plan.texts.values()))
    budget = any(_BUDGET.search(t) for t in plan.texts.values())

    def fits(h: str, whole: bool = True) -> bool:
        """`whole`: the heading must not read as a fragment (a frame's own
        words, `…의 개요`, are not checked: only its topic is)."""
        return bool(h) and len(h) <= limit and h not in used and (phrase_ok(h) or not whole) and \
            not any(b and b in h for b in banned) and not _BYLINE.search(h)

    def framed(kind: str, topic: str) -> str:
        ok = topic and (phrase_ok(topic) or _QUOTED.fullmatch(topic))
        return norm(frames[kind].replace("{topic}", topic)) if ok else ""

    out = []
    for si, (sec, sents) in enumerate(zip(ids, texts)):
        if not sec:
            out.append("")  # a section with nothing said is dropped by the caller
            continue
        money = [any(f.kind == "money" for f in plan.facts_of(i)) for i in sec]
        heading = ""
        for kind, hint in section_kinds(si, sents, money, si == last_said):
            # (a breakdown by another key is another heading: `품목별 현황`, then `국가별 현황`)
            # (so is another schedule: `신청 일정`, then `설명회 일정`)
            if kind in used_kinds and not (kind.startswith("breakdown") and f"{hint}별 현황" not in used) \
                    and not (kind == "schedule" and (framed("schedule", hint) not in used
                                                     or (hint == "행사" and event_name(sents) not in used))):
                continue
            if kind == "lead":
                cands = [framed("lead", main), framed("lead", _lead_act(story))]
            elif kind == "quote" and "explain" not in used_kinds and _own_words(sents, story.subject):
                kind = "explain"
                # The minister of the ministry that announced it: what it says and plans, not a reaction.
                future = sum(1 for t in sents if _FUTURE.search(t)) * 2 >= len(sents)
                own = framed("explain", main)
                if own and frames["explain"] == DEFAULT_FRAMES["explain"] and not _MINISTRY.search(story.subject) \
                        and story.subject:
                    own = own.replace("정부 설명", f"{story.subject} 설명")
                cands = [GENERIC["plan"]] if future and si == last_said and "plan" not in used_kinds else []
                cands += [own]
            elif kind == "quote":
                cands = [framed("quote", main), GENERIC["quote"]]
            elif kind == "money?":
                # Amounts open the section but do not fill it: what it does first.
                act = _action_heading(sents[:1], fits, main)
                if act:
                    heading = act
                    break
                if "money" in used_kinds:
                    continue
                cands = [framed("money", hint)]
            elif kind == "money":
                # (`…대상으로 선정된 기업` says no one eligible: `대상은 …`, `…을 대상으로 한다` do)
                cands = [GENERIC["money"]] if hint == "지원" and _ELIGIBLE.search(" ".join(sents)) else []
                if _itemised([f for i in sec for f in plan.facts_of(i) if f.kind == "money"], sents):
                    cands = ["사업별 예산" if budget else f"사업별 {hint} 규모"]
                cands.append(framed("money", hint))
            elif kind == "schedule":
                cands = [framed("schedule", hint), GENERIC["schedule"]]
                if hint == "행사":
                    # A second day of events: its own event, or the first of its several.
                    names = {event_name([t]) for t in sents} - {""}
                    name = event_name(sents)
                    cands.insert(1, f"{name} 등 주요 행사" if name and len(names) >= 3 else name)
                voiced = [t for t in sents if _speech_share(t) >= 0.4 or _VOICE.search(_outside_speech(t))]
                if voiced and sum(len(t) for t in voiced) * 3 >= sum(len(t) for t in sents) \
                        and not _own_words(voiced, story.subject):
                    # Half of it is others asking for more: the heading says so.
                    cands = [f"{c}{particle(c, '과') or '과'} 반응" for c in cands if c] + cands
            elif kind == "breakdown":
                cands = [f"{hint}별 현황"]
            elif kind == "breakdown+":
                rest = [t for k, t in enumerate(sents) if k > 0 and not re.search(r"각각|별로", t)
                        and not _FIGURE_LIST.search(t)]
                more = _covering_heading(rest, fits, main, story.subject, common, limit, False) if rest else ""
                cands = [f"{hint}별 현황·{more}"] if more and not more.endswith("현황") else []
                kind = "breakdown"
            elif kind == "issue":
                cands = [GENERIC["issue"]]
            elif kind == "outlook":
                cands = [GENERIC["outlook"]]
            elif kind == "effect":
                cands = [GENERIC["effect"]]
            elif kind in ("who", "who_how", "support", "support_money"):
                cands = [GENERIC[kind], GENERIC[kind.split("_")[0]]]
            elif kind == "background":
                cands = [framed("background", main), GENERIC["background"]]
            else:
                cands = [GENERIC["plan"]]
            heading = next((c for c in cands if fits(c, whole=False)), "")
            if heading:
                used_kinds.add(kind.rstrip("?"))
                break
        if not heading and si > 0:
            heading = _covering_heading(sents, fits, main, story.subject, common, limit,
                                        si == last_said and "plan" not in used_kinds)
            if heading == GENERIC["plan"]:
                used_kinds.add("plan")
        if not heading:
            if ranked is None:
                ranked = ranked_texts(texts, boosts, None)
            phrases = ranked[si] if si < len(ranked) else []
            # Never words from inside direct speech: `국가 번영 K컬처` of a slogan is no topic
            # (and, said as one, misquotes it).
            phrases = [ph for ph in phrases if not any(ph in t for t in sents)
                       or any(ph in _outside_speech(t) for t in sents)]
            if si > 0:
                frame = frames[_topic_kind(si, used_kinds)]
                phrases = _shared_first(phrases, sents, common,
                                        lambda ph: bool(_framed_topic(ph, frame, limit, banned, used)))
            heading = _topic_heading(si, phrases, frames, limit, banned, used, used_kinds)
        used.add(heading)
        out.append(heading)
    return out


# Nouns too general to tie two sentences to one topic.
_LOOSE_NOUNS = {"사업", "지원", "기업", "정부", "지역", "계획", "운영", "도입", "확대", "추진", "대상", "서비스", "올해",
                "내년", "시설", "기관", "참여", "예산", "규모", "관계자", "이번", "전국", "경우", "제도", "정책", "분야"}


def _common_nouns(texts: list[str]) -> set[str]:
    """Nouns in more than a quarter of the post's sentences (the story's own
    words: `특화단지`): they tie every section to every heading, so none counts."""
    counts: dict[str, int] = {}
    for t in texts:
        for n in {x.form for x in toks(_outside_speech(t)) if x.tag in ("NNG", "NNP", "SL")}:
            counts[n] = counts.get(n, 0) + 1
    return {n for n, c in counts.items() if c * 4 > max(4, len(texts))}


def _key_nouns(heading: str, common: set[str]) -> set[str]:
    """The nouns of a heading that name its topic (not its verbal noun). The
    object's own head counts even when it is an activity (`입주 기업 상담`:
    `입주` alone would tie any sentence on 입주 to a heading on counselling)."""
    words = heading.split()
    body = " ".join(words[:-1]) if len(words) > 1 else heading
    head = words[-2] if len(words) > 2 else ""
    return {x.form for x in toks(body) if x.tag in ("NNG", "NNP", "SL") and len(x.form) >= 2
            and x.form not in _LOOSE_NOUNS and x.form not in common and (x.form not in _ACTIVITY or x.form == head)}


def _sentence_heading(text: str, fits, main: str, subject: str) -> str:
    heading = _action_heading([text], fits, main) or _state_heading([text], fits, subject)
    opener = re.match(r"^((?:[가-힣A-Za-z]+\s)?[가-힣A-Za-z]+)도\s\S+\.?$", text)
    if not heading and opener and opener.group(1).split()[-1] in _STATE_NOUNS and fits(opener.group(1)) \
            and len(opener.group(1).split()) >= 2:
        heading = opener.group(1)  # `시범사업 성과도 확인됐다.`: what follows is the pilot's results
    place = _PLACE.match(text) or _PLACE_TOPIC.match(text)
    if heading and place and not heading.startswith(place.group(1)) and fits(f"{place.group(1)} {heading}"):
        heading = f"{place.group(1)} {heading}"  # `(천안) …`: one place's part of a list
    return heading


# A quoted programme's name (`‘재기 지원 자금’`), not a quoted word (`‘비용 부담’`) or a site (`‘고용24’`).
_PROGRAMME = re.compile(r"(?:자금|사업|패키지|트랙|제도|센터|프로그램|펀드|휴직|아카데미|캠퍼스|바우처|서비스|지구|단지|과정|"
                        r"보험|수당|장려금|지원금|카드|플랫폼)[’」']$")
# An opening line (`지방자치단체들도 별도 지원책을 내놨다.`): `…도` + a verb of what follows.
_OPENER = re.compile(r"^\S+(?:\s\S+)?들?도\s|다음과 같다|내놨다\.?$|나섰다\.?$")
# Others' voices in the source's words (`…해야 한다는 목소리도 나왔다`).
_VOICE = re.compile(r"목소리|요구했|요구가|주문했|지적했|지적이|우려가|우려도")
# A finding is a topic of its own (`…을 분석한 결과`, `조사에 따르면`).
_FINDING = re.compile(r"분석한 결과|조사 결과|조사에 따르면|분석에 따르면|것으로 나타났|것으로 집계")
_PLACE_TOPIC = re.compile(r"^([가-힣]{2,4})(?:에서는|에서도)\s")


def _covering_heading(sents: list[str], fits, main: str, subject: str, common: set[str], limit: int,
                      closing: bool) -> str:
    """The heading that describes most of its section: of the headings its
    sentences give, the one whose topic words cover most of the section's
    letters (a sentence that gives none goes with the one before it); two
    joined (`A·B 도입`) where the section has two topics of like weight; the
    places of a list (`천안·순천 주요 사업`); the main one with what the rest
    is (`…과 추진 일정`); else '' for the caller's topic frame. A heading fails
    a reader when a separate topic over a third of its section goes
    unmentioned, so what it names must cover two thirds."""
    weights = [max(1, len(_outside_speech(t).strip()) + len(t) // 4) for t in sents]
    total = sum(weights)
    cands: list[tuple[str, int]] = []
    owner: list[int] = []  # the candidate each sentence belongs to at least (-1: none, -2: to be seen)
    for i, text in enumerate(sents):
        h = _sentence_heading(text, fits, main, subject)
        if not h:
            # `‘재기 지원 자금’도 새로 만든다`: no verbal noun, but a named thing of its own.
            plain = _outside_speech(text)
            named = [m.group(0) for m in _QUOTED.finditer(plain) if m.group(0) != main and fits(m.group(0))
                     and _PROGRAMME.search(m.group(0)) and re.match(r"(?:도|은|는|이|가|을|를)\s", plain[m.end():])]
            h = named[0] if named else ""
        if h and h not in (c for c, _ in cands):
            cands.append((h, i))
            owner.append(len(cands) - 1)
        elif h:
            owner.append(next(k for k, (c, _) in enumerate(cands) if c == h))
        else:
            owner.append(-2)
    if not cands:
        return ""
    # A sentence naming nothing of its own: a short one leads into the next
    # (`지방자치단체들도 별도 지원책을 내놨다.`), a shorter one than its topic's
    # goes on with it (`배차 간격은 15분 이내로 유지한다.`); a place of a
    # list (`(순천) …`) or a long one is a topic of its own.
    for i in range(len(sents) - 1, -1, -1):
        if owner[i] != -2:
            continue
        nxt = owner[i + 1] if i + 1 < len(sents) else -1
        if len(sents[i]) < 30 and nxt >= 0 and (i == 0 or _OPENER.search(sents[i])):
            owner[i] = nxt
    for i in range(len(sents)):
        if owner[i] != -2:
            continue
        prev = owner[i - 1] if i > 0 else -1
        own = cands[prev][1] if prev >= 0 else -1
        # A finding is its own topic, unless it is what the survey just named found.
        surveyed = _FINDING.search(sents[i]) and i > 0 and re.search(r"조사|분석|추산", sents[i - 1])
        finding = _FINDING.search(sents[i]) and not surveyed
        starts = _PLACE.match(sents[i]) or _PLACE_TOPIC.match(sents[i]) or finding
        goes_on = weights[i] <= weights[own] or (len(sents[own]) < 40 and i == own + 1) or surveyed
        owner[i] = prev if prev >= 0 and not starts and goes_on else -1

    def covered(k: int) -> set[int]:
        keys = _key_nouns(cands[k][0], common)
        out = {i for i, o in enumerate(owner) if o == k}
        src = cands[k][1]
        if len(sents[src]) < 40 and src + 1 < len(sents):
            out.add(src + 1)  # a short opening line (`교원 연수도 확대된다.`) heads the one it leads into
        for i, text in enumerate(sents):
            hits = sum(1 for key in keys if key in _outside_speech(text))
            if keys and (hits >= 2 or hits * 2 > len(keys)):
                out.add(i)
        return out

    cover = [(h, covered(k)) for k, (h, _) in enumerate(cands)]
    if __import__("os").environ.get("HEADS_DEBUG"):
        print("SECTION", [(o, t[:30]) for o, t in zip(owner, sents)], cover, weights)

    def share(idx: set[int]) -> float:
        return sum(weights[i] for i in idx) / total

    best = max(cover, key=lambda c: share(c[1]))  # max keeps the earliest on a tie
    if (share(best[1]) >= 0.66 or len(sents) == 1) and not _QUOTED.fullmatch(best[0]):
        return best[0]
    pairs = []
    for a in range(len(cover)):
        for b in range(a + 1, len(cover)):
            (ha, ca), (hb, cb) = cover[a], cover[b]
            if ca <= cb or cb <= ca:
                continue
            joined = _join_headings(ha, hb)
            if joined and len(joined) <= limit and fits(joined):
                pairs.append((share(ca | cb), -a, joined))
    short = [p for p in pairs if len(p[2]) <= 26]
    if short:
        sh, _, joined = max(short)
        if sh >= 0.6 and sh > share(best[1]):
            return joined
    places = []
    for text in sents:
        m = _PLACE.match(text)
        if m and m.group(1) not in places:
            places.append(m.group(1))
    if len(places) >= 2:
        h = f"{'·'.join(places[:3])} 주요 사업"
        if fits(h):
            return h
    if pairs and max(pairs)[0] >= 0.6 and max(pairs)[0] > share(best[1]) + 0.2:
        return max(pairs)[2]  # long, but it names two thirds of the section where one names less
    for k, (head, idx) in enumerate(cover):
        # The section's main topic (the earliest that holds a third) with what the rest is.
        rest = [sents[i] for i in range(len(sents)) if i not in idx]
        if share(idx) < 0.34 or not rest or head.endswith("예정") or _QUOTED.fullmatch(head):
            continue
        # (a dated fact that is past is a result, not a schedule: `상반기 신고는 … 늘었다`)
        dated = sum(1 for t in rest if (_SCHEDULE_DATE.search(t) or re.search(r"\d{4}년", t))
                    and not _PAST_END.search(_outside_speech(t).strip()))
        planned = sum(1 for t in rest if _FUTURE.search(_outside_speech(t)))
        tail = "추진 일정" if dated * 3 >= 2 * len(rest) else "향후 계획" if planned * 3 >= 2 * len(rest) else ""
        if not tail:
            continue
        h = f"{head}{particle(head, '과') or '과'} {tail}"
        place = _PLACE.match(sents[cands[k][1]])
        if not fits(h) and place and head.startswith(place.group(1) + " "):
            h = f"{place.group(1)} 주요 사업과 {tail}"  # `(김해) …` too long with its rest: the place stands
        if fits(h):
            return h
        break
    if closing and sum(1 for t in sents if _FUTURE.search(_outside_speech(t))) * 2 >= len(sents):
        return GENERIC["plan"]
    if pairs and max(pairs)[0] >= 0.8:
        return max(pairs)[2]  # long, but it names the whole section
    if share(best[1]) >= 0.5 and not _QUOTED.fullmatch(best[0]):
        return best[0]
    if pairs and max(pairs)[0] >= 0.5:
        return max(pairs)[2]
    if share(best[1]) >= 0.4 and not _QUOTED.fullmatch(best[0]):
        return best[0]
    return ""


def _join_headings(a: str, b: str) -> str:
    """`A 도입`+`B 도입` -> `A·B 도입`; else `A·B` of two action phrases."""
    # `지구 중심 시설 ‘북항 아트센터’`: in a pair its name is enough.
    a, b = (_QUOTED.search(x).group(0) if _QUOTED.search(x) and x.endswith(("’", "」")) and
            not _QUOTED.fullmatch(x) else x for x in (a, b))
    wa, wb = a.split(), b.split()
    if len(wa) >= 2 and len(wb) >= 2 and wa[-1] == wb[-1] and not a.endswith("예정"):
        return f"{' '.join(wa[:-1])}·{' '.join(wb[:-1])} {wa[-1]}"
    if a.endswith("예정") and b.endswith("예정"):
        return f"{a[:-3]}·{b}"
    return f"{a}·{b}"


def _action_heading(sents: list[str], fits, main: str) -> str:
    """What the section does: its first sentence's verbal-noun predicate with
    its object (`운영 인력 양성`, `업종별 표준 AI 모델 개발·보급`)."""
    for text in sents:
        if _speech_share(text) >= 0.4:
            continue
        preds = [p for p in predicates(text) if p.action not in _REPORT_VNS]
        for p in preds:
            h = p.phrase()
            obj = p.hobj
            if not h or h == main or len(obj) < 2 or obj.split()[-1] in _WEAK_HEADS or obj in _WEAK_OBJECTS \
                    or len(h.split()) < 2 or obj.split()[0] in _WEAK_FIRST:
                continue
            if not _QUOTED.search(obj) and not _topic_ok(re.sub(r"[‘’「」]", "", obj), []):
                continue  # (a quoted name is a topic whatever Kiwi reads: it is not asked)
            if fits(h):
                return h
    return ""


# Nouns of a state a section can be named by alone (`투자 대상`, `수도권과 비수도권 간 격차`).
_STATE_NOUNS = {"격차", "현황", "실적", "성과", "수요", "비중", "만족도", "추이", "대상", "요건", "조건", "자격", "기준",
                "방식", "절차", "한도", "혜택", "구조", "여건", "일정", "재원", "상황", "차이"}


_PLACE = re.compile(r"^\(([가-힣]{2,4})\)\s")
_IS_NAME = re.compile(r"(‘[^‘’]{2,30}’)(?:이)?다\.?$")


def _state_heading(sents: list[str], fits, subject: str) -> str:
    """A section that states rather than does: the subject it opens with,
    when that names a state (`투자 대상은 …이다` -> `투자 대상`)."""
    for text in sents:
        if _speech_share(text) >= 0.4:
            continue
        text = re.sub(r"^(?:이와 달리|반면|다만|한편|또|또한|특히|이에 따라|그러나|하지만|아울러|이어|이처럼),?\s+", "", text)
        sub = subject_at_start(text, toks(text))
        if not sub:
            continue
        phrase = norm(re.sub(r"의(?=\s)", "", sub[0]))
        named = _IS_NAME.search(text)
        if named and 2 <= len(phrase.split()) <= 3 and not re.search(r"\d", phrase) and \
                fits(f"{phrase} {named.group(1)}"):
            return f"{phrase} {named.group(1)}"  # `지구의 중심 시설은 … ‘북항 아트센터’다`
        words = phrase.split()
        if len(words) < 2 or words[-1] not in _STATE_NOUNS or re.search(r"\d", phrase) or \
                (subject and subject in phrase):
            continue  # the string tests first: most subjects fail them, and Kiwi is not asked
        tk = toks(phrase)
        if not tk or any(t.tag not in ("NNG", "NNP", "SL", "XSN", "XPN", "JC", "NNB") for t in tk) or tk[0].tag == "JC":
            continue
        if fits(phrase):
            return phrase
    return ""


def _shared_first(phrases: list[str], sents: list[str], common: set[str],
                  keep: Callable[[str], bool] = lambda ph: True) -> list[str]:
    """The section's key phrases that most of it shares (a phrase one sentence
    names in passing, `원래 소속 기관으로 돌아갈 수 있는`, is no topic of the
    whole): those whose nouns reach half of its letters, the widest first.
    Only phrases `keep` takes are ranked: each ranks by itself (reach, then
    its place in `phrases`), so the order of those kept is the same, and a
    phrase the caller would refuse costs no analysis of its nouns."""
    plain = [_outside_speech(t) for t in sents]
    weights = [len(p) + len(t) // 4 for p, t in zip(plain, sents)]
    total = max(1, sum(weights))
    out = []
    for rank, ph in enumerate(phrases[:12]):
        if not keep(ph):
            continue
        keys = _key_nouns(f"{ph} 것", common)
        if not keys:
            continue
        hits = [any(k in t for k in keys) for t in plain]
        reach = sum(w for hit, w in zip(hits, weights) if hit) / total
        if reach >= 0.5 and (sum(hits) >= 2 or len(sents) <= 2):
            out.append((0, -round(reach, 1), rank, ph))
        elif (reach >= 0.34 and sum(hits) >= 2) or len(sents) <= 2:
            out.append((1, 0, rank, ph))  # a third of it: still more than a word in passing
    return [ph for *_, ph in sorted(out)]


def _topic_kind(si: int, used_kinds: set[str]) -> str:
    return "lead" if si == 0 and "lead" not in used_kinds else "default"


def _framed_topic(topic: str, frame: str, limit: int, banned: list[str], used: set[str]) -> str:
    """`frame` around `topic` where the topic fits it, else ''. The string
    tests come before _topic_ok, which analyses the topic: they refuse most
    phrases without Kiwi."""
    topic = norm(topic)
    if not topic or len(topic) > limit - len(frame.replace("{topic}", "")) or _BYLINE.search(topic) \
            or _DIGIT_OR_BRACKET.search(topic) or any(b and b in topic for b in banned) or _TITLES.search(topic) \
            or topic.split()[0] in _WEAK_FIRST or topic.split()[-1] in _MODS:
        return ""
    if " " not in topic and (len(topic) < 4 or INSTITUTION.search(topic)):
        return ""  # `한국의 주요 내용`, `수출의 주요 내용`: a word, not a topic
    cand = norm(frame.replace("{topic}", topic))
    words = cand.split()
    if cand in used or any(a == b for a, b in zip(words, words[1:])) or not _topic_ok(topic, banned):
        return ""
    return cand


# Activities that also name a field (`고교 교육`): alone they read as a subject, not an act.
_FIELD_NOUNS = {"교육", "운영", "관리", "서비스", "연구", "수출", "투자"}


def _topic_heading(si: int, phrases: list[str], frames: dict[str, str], limit: int, banned: list[str],
                   used: set[str], used_kinds: set[str]) -> str:
    """The old way: a frame (`…의 주요 내용`) around the section's key phrase."""
    kind = _topic_kind(si, used_kinds)
    for topic in phrases:
        cand = _framed_topic(topic, frames[kind], limit, banned, used)
        if cand and kind == "default" and len(topic.split()) >= 2 and _is_activity(topic) and topic not in used \
                and topic.split()[-1] not in _FIELD_NOUNS:
            return norm(topic)  # `조기 상용화 지원`: an act is its own heading (`…지원의 주요 내용` stumbles)
        if cand:
            return cand
    return next((g for g in (GENERIC[kind], GENERIC["default"], *_MORE_GENERIC) if g not in used), "")


# -- title ---------------------------------------------------------------------


def _lead_subject(plan: Plan, lead: list[str]) -> tuple[str, str]:
    """(subject, the lead text it opens) of the first lead sentence with one."""
    for text in lead[:2]:
        sub = subject_at_start(text, toks(text))
        if sub:
            subject = re.sub(r"\([^()]*\)", "", sub[0]).strip()
            subject = re.sub(r"^\d{1,2}일\s+", "", subject)
            subject = _person_short(subject)
            if subject and not re.search(r"\d", subject) and len(subject) <= 20:
                return subject, text
    for text in lead[:1]:
        # `…관심이 커지는 가운데 정부가 AI 투자를 늘린다`: the main clause's doer, after
        # the clause that sets the scene; only a body that acts (not `관심이`).
        m = _SCENE_THEN_DOER.search(text)
        if m and is_actor(m.group(1)) and not re.search(r"\d", m.group(1)):
            return m.group(1), text
    for text in lead[:2]:
        # `14일 환경부와 농림축산식품부에 따르면 …을 지정했다`: a release's source is
        # its actor (a survey's is not: `…조사에 따르면`, _RESULT_OF).
        m = _SOURCE_SUBJECT.match(text)
        if m and not _RESULT_OF.match(text):
            names = re.split(r"(?<=[가-힣])(?:와|과) ", m.group(1))
            if all(INSTITUTION.search(n) for n in names):
                return "·".join(names), text
    return "", lead[0] if lead else ""


_SCENE_THEN_DOER = re.compile(r"(?:가운데|속에|상황에서|와중에)\s([가-힣A-Za-z·]{2,12}(?:\s[가-힣A-Za-z·]{2,12})?)(?:이|가|은|는)\s")
# `(14일) 환경부와 농림축산식품부에 따르면 …`
_SOURCE_SUBJECT = re.compile(r"^(?:\d{1,2}일\s+)?([가-힣]{2,12}(?:(?:와|과) [가-힣]{2,12})?)에 따르면\s")
# `홍길동 부총리 겸 과학기술정보통신부 장관`: a name and its first title say who it is.
_PERSON_TITLES = re.compile(r"^([가-힣]{2,4} (?:부총리|장관|차관|총리|청장|처장|위원장|시장|지사|구청장|군수|의원|원장|대표|회장|사장))(?: 겸 .+)$")


def _person_short(subject: str) -> str:
    m = _PERSON_TITLES.match(subject)
    return m.group(1) if m else subject


_PER_UNIT = re.compile(r"^\d+(?:개교|개사|곳|인|팀|가구|명|개|건)?당$")
_MONEY_NOUNS = {"총사업비", "예산", "사업비", "국비", "기금", "총예산", "재원"}


def _money_label(text: str, start: int) -> tuple[str, int]:
    """The words before a figure that belong to it (`총`, `최대`, `1개교당`,
    `총사업비`) and its rank: a total first, a per-unit figure last."""
    before = text[:start].split()
    words: list[str] = []
    rank = 1
    for w in reversed(before[-3:]):
        bare = re.sub(r"(은|는|이|가)$", "", w)
        if w in ("총", "최대", "약", "연간", "최소"):
            words.insert(0, w)
            rank = 0 if w == "총" else rank
        elif _PER_UNIT.match(w):
            words.insert(0, w)
            rank = 2
        elif bare in _MONEY_NOUNS and not any(x in _MONEY_NOUNS for x in words):
            words.insert(0, bare)
            rank = 0 if bare.startswith("총") else rank
            if bare != w:
                break  # `총사업비는 1조 원`: the noun is the sentence's subject
        else:
            break
    return " ".join(words), rank


def _count_label(text: str, start: int, most: int = 2) -> str:
    """The noun a count is of (`직업계고` of `직업계고 15개교`), up to `most` bare noun words."""
    before = text[:start].split()
    words: list[str] = []
    tags = ("NNG", "NNP", "SL", "XSN") if most <= 2 else ("NNG", "NNP", "SL", "XSN", "SP", "SSO", "SSC")
    for w in reversed(before[-most:]):
        wt = toks(w)
        if not wt or not all(t.tag in tags for t in wt) or _is_time_word(list(wt)) \
                or w in ("등", "및", "총", "약"):
            break
        words.insert(0, w)
    return " ".join(words)


def lead_src_of(plan: Plan) -> list[str]:
    """The lead's source sentences, bylines and captions left out."""
    from .rules import is_junk

    return [plan.texts[i] for i in plan.lead if i in plan.texts and not is_junk(plan.texts[i])]


def key_figure(plan: Plan, core: str, about: str | None = None) -> str:
    """The lead's key figure: its total or largest amount with the words that
    belong to it (`총 450억 원`, `1팀당 최대 3,500만 원`), else a count with
    its noun (`중소 제조기업 3,000곳`); '' when the core already states it.
    With `about`, only a figure of a sentence that names every word of it."""
    text = plan.article.text
    lead = [i for i in plan.lead[:3]]
    money = []
    for f in plan.facts:
        if f.kind == "money" and f.sentence in lead and not f.range:
            label, rank = _money_label(text, f.start)
            try:
                value = float(f.value)
            except (TypeError, ValueError):
                value = 0.0
            # (`2조 원 가량`: about, and said so; `약` is in the label already)
            about_word = re.match(r"\s?(가량|안팎|내외|정도|여|남짓)", text[f.end:]) if f.approx and "약" not in label else None
            money.append((rank, -value, f.start, norm(f"{label} {f.text}{about_word.group(1) if about_word else ''}"),
                          f.sentence))
    for _, _, _, fig, at in sorted(money):
        if about is not None and not _about(plan, at, about):
            continue
        if not _same_figure(fig, core):
            return fig
        return ""
    for f in sorted(plan.facts, key=lambda f: f.start):
        if f.kind == "count" and f.sentence in lead[:2] and not f.range and \
                (about is None or _about(plan, f.sentence, about)):
            noun = _count_label(text, f.start)
            act = _count_action(plan, f)
            if f.sentence != lead[0] and not act:
                continue  # `대학 101곳이 신청했다` after `91개 대학 선정`: another count, of another act
            if noun and not _same_figure(f.text, core):
                return norm(f"{noun} {f.text}{act}")
    return ""


def _about(plan: Plan, i: int, core: str) -> bool:
    """Whether sentence `i` speaks of every word of `core`: a title's figure
    comes from a sentence about what the title names (`상반기 일평균 수출` is
    not the month's `512억 달러`)."""
    hay = plan.texts.get(i, "")
    words = [re.sub(r"[‘’'\"“”「」『』()…·]", "", w) for w in without_gloss_before_own(core).split()]
    # A word, not the start of a longer one (`수출` is not `수출액`).
    return all(re.search(re.escape(w) + _WORD_END, hay) for w in words
               if len(w) >= 2 and not re.search(r"\d", w) and w not in _ACTS)


_WORD_END = r"(?:[은는이가을를의에도와과로만]|으로|에서|에는|에도|까지|부터|이다|다|이며|이고)?(?![가-힣])"


# The acts a title's phrase ends on: a figure's sentence may say them in
# other words (`투자` as `들인다`), so only the nouns must be there.
_ACTS = frozenset("투자 지원 투입 확대 증가 감소 추진 선정 확정 발표 개최 조성 육성 편성 예정 계획 신설 도입 "
                  "구축 마련 시행 실시 운영 공고 지정 모집 확충 강화 개선 증액 배정 집행".split())


def _count_action(plan: Plan, f) -> str:
    """` 지원` of `중소 제조기업 3,000곳에 … 구축을 지원하고`: the verbal noun of
    the clause a count is the dative of, so the figure says what it counts."""
    text = plan.texts.get(f.sentence, "")
    local = text.find(f.text)
    if local < 0 or not text[local + len(f.text):].startswith("에 "):
        return ""
    after = [p for p in predicates(text) if p.at > local]
    if after and after[0].action in ("지원", "선정", "지급", "제공", "보급", "배정") and \
            after[0].kind in ("coord", "main", "reported"):
        return f" {after[0].action}"
    return ""


_PLAN_NOUNS = {"계획", "방안", "전략", "로드맵", "대책", "구상", "청사진"}


def _gloss_short(text: str) -> str:
    """`인공지능(AI) 반도체` -> `AI 반도체`: a title takes the short name the source glosses."""
    return re.sub(r"[가-힣]{2,8}\(([A-Za-z][A-Za-z0-9]{1,9})\)", r"\1", text)


def _same_figure(fig: str, core: str) -> bool:
    digits = re.findall(r"\d[\d,.]*", fig)
    return bool(digits) and all(d in core for d in digits)


# -- a headline of the lead: the sentence itself, said as a headline -------------------
#
# When no verbal noun heads the lead (`1700여명을 붙잡았다`, `설명회를 연다`),
# the title is the lead's clause in a headline's grammar: the subject with a
# comma, no object particles, a verbal noun bare at the end (`선정`), a native
# verb in the present (`연다`) or, done, by its verbal noun (`붙잡았다` -> `검거`).

_LEAD_TIME = re.compile(r"^(?:오는|지난|올해|내년|이날|오늘|현재|최근|앞으로|이달|내달|\d{1,2}일(?:부터|까지|에|엔)?|"
                        r"\d{1,2}월(?:부터|까지|에)?|사흘간|이틀간|나흘간)$")
_ACTOR_WORDS = frozenset("정부 국회 경찰 검찰 당정 여야 여당 야당 법원 군".split())
_REPORTED_BY = re.compile(r"다고 (?:\d{1,2}월 )?(?:\d{1,2}일 )?[가-힣A-Za-z·()]{2,20}(?:이|가) (?:\d{1,2}월 )?(?:\d{1,2}일 |[가-힣]+\(\d{1,2}일\) )?"
                          r"(?:밝혔|전했|발표했|설명했|말했)다\.?$")
# A native verb done, said in a headline by its verbal noun (`1700여명 검거`):
# the -아/-어 form (`붙잡아`) reads to the guard as not yet done.
_HEADLINE_VN = {"붙잡": "검거", "늘리": "확대", "늘": "증가", "늘어나": "증가", "줄": "감소", "줄어들": "감소",
                "줄이": "축소", "뽑": "선정", "들이": "투입", "내놓": "발표", "세우": "수립", "올리": "인상",
                "내리": "인하", "오르": "상승", "떨어지": "하락", "넘어서": "돌파", "키우": "육성"}
_CLAUSE_ENDS = frozenset("고 며 으며 면서 으면서 는데 은데 ᆫ데 지만 나 으나 어도 아도 면 으면 니 으니 므로 으므로 다고 라고".split())


def squash_spaces(text: str) -> str:
    return re.sub(r"\s+", "", text)


def is_actor(subject: str) -> bool:
    """Whether a subject can be a title's `X, …` doer (a body, an official, a company)."""
    last = subject.split()[-1] if subject else ""
    return bool(last) and (bool(INSTITUTION.search(last)) or bool(_TITLES.search(last)) or last in _ACTOR_WORDS
                           or bool(re.fullmatch(r"[A-Za-z][A-Za-z&.\-]{1,12}", last))
                           or bool(re.search(r"(?:그룹|전자|은행|증권|보험|카드|항공|건설|제약|통신)$", last)))


def headline_of(text: str, most: int = 60) -> str:
    """`경찰청 국가수사본부(국수본)가 석 달 동안 … 900여명을 붙잡았다.` ->
    `경찰청 국가수사본부, 4개월 동안 … 1700여명 검거`; '' where the sentence
    is not one clause a headline can say (quotes, no subject, too long)."""
    if any(q in text for q in "“”\"‘’'"):
        return ""
    tk = toks(text)
    sub = subject_at_start(text, tk)
    if not tk or sub is None:
        return ""
    name, ptok = sub
    subject = _person_short(re.sub(r"\s*\([^()]*\)", "", name).strip())
    if not subject or re.search(r"\d", subject) or len(subject) > 20:
        return ""
    rep = reporting(text, tk)
    end = text.find(rep.body, rep.body_start) + len(rep.body) if rep else \
        tk[-1].start if tk[-1].tag == "SF" else len(text)
    said = None if rep else _REPORTED_BY.search(text)
    if said:
        end = said.start() + 2  # `…받는다고 과기정통부가 9일 밝혔다`: the clause, not who said it
    body = [t for t in tk if t.start >= ptok.end and t.end <= end]
    if rep or said:
        # `…연다고`: the reported clause, its quoting ending said as a statement's.
        last = body[-1] if body else None
        if last is None or last.tag != "EC" or not last.form.endswith("다고"):
            return ""
        body = body[:-1] + [Tok(last.form[:-1], "EF", last.start, last.end - 1)]
    if len(body) < 3 or body[-1].tag != "EF" or not body[-1].form.endswith("다"):
        return ""
    if any(t.tag == "JKS" or (t.tag == "JX" and t.form in ("은", "는")) or
           (t.tag == "EC" and t.form in _CLAUSE_ENDS) for t in body[:-1]):
        return ""  # two clauses (`수입이 수출을 웃돌면서 무역수지는 …`): not one headline
    ending = _headline_end(text, body)
    if ending is None:
        return ""
    cut, tail = ending
    pieces, at = [], body[0].start
    for t in body:
        if t.start >= cut:
            break
        nxt = text[t.end:t.end + 1]
        if t.tag == "JKO" and nxt in (" ", ","):
            pieces.append(text[at:t.start])  # `특별단속을 벌여` -> `특별단속 벌여`
            at = t.end
    pieces.append(text[at:cut])
    clause = "".join(pieces).split()
    while clause and _LEAD_TIME.match(clause[0]):
        clause = clause[1:]
    if len(clause) < 2:
        return ""
    line = norm(" ".join(clause) + tail)
    title = f"{subject}, {line}" if is_actor(subject) else f"{subject} {line}"
    return title if len(title) <= most else ""


def _headline_end(text: str, body: list[Tok]) -> tuple[int, str] | None:
    """(where the clause is cut, what ends it) for the clause's last predicate."""
    n = len(body)
    k = n - 1  # the EF
    j = k - 1
    past = False
    while j >= 0 and body[j].tag == "EP":
        past = True
        j -= 1
    if j < 1:
        return None
    v = body[j]
    # `투입할 예정이다`, `늘릴 계획이다`: the plan said as the act + 예정/계획.
    if v.tag == "VCP" and j >= 2 and body[j - 1].form in ("예정", "계획", "방침") and body[j - 2].tag == "ETM":
        m = j - 3
        if m >= 1 and body[m].tag == "XSV" and body[m - 1].tag == "NNG" and body[m - 1].end == body[m].start:
            return body[m].start, f" {body[j - 1].form}"
        return body[j - 1].end, ""
    # `만들기로 했다`: the decision said by its -기로.
    if v.tag.startswith("VV") and v.form == "하" and j >= 2 and body[j - 1].form == "로" and body[j - 2].tag == "ETN":
        return body[j - 1].end, ""
    if v.tag == "XSV" and body[j - 1].tag == "NNG" and body[j - 1].end == v.start:
        return v.start, ""  # `선정했다`, `탈바꿈한다` -> `선정`, `탈바꿈`
    if v.tag.startswith("VV"):
        if not past:
            return body[k].end, ""  # `연다`, `받는다`
        vn = _HEADLINE_VN.get(v.form)
        if vn is None:
            return None
        return v.start, (" " if text[v.start - 1:v.start] == " " else "") + vn  # `붙잡았다` -> `검거`
    return None


# A money object says how much, not on what (`정부, 3200억원 예산 투입`: a
# reader asks "for what?", a native review of the titles): the phrase the
# lead gives the money to (`AI 분야에`) or spends it for (`창업 지원을 위해`).
_MONEY_ONLY = re.compile(r"^(?P<sum>(?:총\s?)?[\d,.]+\s?(?:[조억만천]\s?[\d,.]*\s?)*원)(?:\s?(?:규모|규모의))?"
                         r"(?:\s?(?:예산|자금|사업비|재원|기금))?$")
_GLOSS_IN = re.compile(r"\((?:[A-Za-z&.\- ]{1,12}|[\u4e00-\u9fff]{1,8})\)")
_DEST_NOUNS = ("NNG", "NNP", "SL", "SN", "NNB", "XSN", "XPN")
_DEST_MOST = 16


def money_for(text: str, figure_at: int) -> str:
    """The noun phrase right before the money at `figure_at` that takes it with
    `에` or `을 위해` (`인공지능(AI) 분야에 1793억원 …` -> `AI 분야`), glosses
    dropped, at most _DEST_MOST characters of whole words; "" where none."""
    before = text[:figure_at].rstrip()
    m = re.search(r"(?:에|에게|을 위해|를 위해|을 위하여|를 위하여|(?<=예산)으로)(?:\s총)?$", before)
    if not m:
        return ""
    head = before[:m.start()]
    tk = toks(head)
    i = len(tk) - 1
    while i >= 0 and (tk[i].tag in _DEST_NOUNS or tk[i].tag in ("SSO", "SSC") or tk[i].form == "·"):
        i -= 1
    start = tk[i + 1].start if i + 1 < len(tk) else len(head)
    if i >= 0 and tk[i].form == ",":
        return ""  # the last of a list (`…, 장항선 개량, 시험선로 사업에`): the money is the whole list's
    words_said = [w for w in _GLOSS_IN.sub("", head[start:]).split() if w not in _TIME_NOUNS]
    words: list[str] = []
    for w in reversed(words_said):
        if len(" ".join([w, *words])) > _DEST_MOST:
            break
        words.insert(0, w)
    out = " ".join(words)
    # (a figure of its own first reads as the sum's: `91개 과제에` alone; a year may open it)
    return out if out and not re.match(r"(?!(?:19|20)\d\d년)[\d(]", out) and phrase_ok(out) else ""


def money_use(text: str, pred: Pred) -> tuple[str, str]:
    """(the sum, what it is for) of a predicate whose object is a bare sum
    (`1793억원 규모 예산`), read at the sum's last saying before its verb
    (`…원(…)의 예산을 투입`); ("", "") for any other object."""
    m = _MONEY_ONLY.match(pred.obj)
    if not m:
        return "", ""
    fig = m.group("sum")
    at = text.rfind(fig[:4], 0, pred.at)
    return fig, money_for(text, at) if at >= 0 else ""


# Relative words a title says as dates: every relative year but this one's, every
# relative month the body says with its number (transforms.REL_MONTH).
_REL_TITLE_YEARS = frozenset(w for w, k in RELATIVE_YEAR.items() if k != 0)


def _dated(title: str, plan: Plan) -> str:
    """A title says the lead's relative year or month as its date (`내년 관광
    예산` -> `2027년 관광 예산`, `지난달 수출` -> `6월 수출`), as the body does: a
    headline is read long after its day (a native review of the titles).
    Only where the lead's facts resolved that very word; `올해` stays."""
    if plan.article.published is None:
        return title
    resolved = {}
    for f in plan.facts:
        if f.kind != "date" or not f.value or f.sentence not in plan.lead:
            continue
        text, value = norm(f.text), str(f.value)
        if re.fullmatch(r"\d{4}", value) and text in _REL_TITLE_YEARS:
            resolved.setdefault(text, f"{value}년")
        elif re.fullmatch(r"\d{4}-\d{2}", value) and text in REL_MONTH:
            resolved.setdefault(text, f"{int(value[5:])}월")
    for word, said in resolved.items():
        title = re.sub(rf"(?<![가-힣]){re.escape(word)}(?![가-힣])", said, title, count=1)
    return title


# `산업부는 … 4개 미국 기업이 … 투자를 신고했다고 밝혔다`: the reporter is not the
# doer; the clause's own subject, where it is a body that acts, is.
_DOER_HEADS = {"기업", "기업들", "업체", "업체들", "회사", "기관", "단체", "대학", "학교", "지자체", "병원", "은행", "그룹"}


def reported_doer(text: str, subject: str, pred: Pred) -> str:
    """The subject of the reported clause (`4개 미국 기업`), where the lead
    reports what someone else did, or ''."""
    if pred.kind != "reported" or pred.subject or not subject:
        return ""
    tk = toks(text)
    sub = subject_at_start(text, tk)
    start = sub[1].end if sub else 0
    k = next((i for i, t in enumerate(tk) if t.tag == "JKS" and start < t.start < pred.at), None)
    if k is None or k == 0 or tk[k - 1].form not in _DOER_HEADS:
        return ""
    i = k - 1
    while i > 0 and tk[i - 1].tag in ("NNG", "NNP", "SN", "NNB", "SL") and tk[i - 1].form != "등" \
            and text[tk[i - 1].end:tk[i].start] in ("", " "):
        i -= 1
    doer = text[tk[i].start:tk[k - 1].end]
    return doer if 2 <= len(doer) <= 16 else ""


def make_titles(plan: Plan, lead: list[str], heading_topic: str, other_topics: list[str] = (),
                story: Story | None = None) -> list[str]:
    """Title candidates, fullest first (`교육부, 직업계고 15개교 ‘미래 기술 인재
    캠퍼스’ 선정…총 450억 원`), never the headline; the guard takes the
    first that passes, the headline last."""
    source_title = norm(plan.article.title)
    story = story or story_of(plan)
    subject = story.subject
    cands = []
    text = story.sentence
    money = [f.text for f in plan.facts if f.kind == "money" and f.text in text and not f.range]
    counts = [f for f in plan.facts if f.kind == "count" and f.text in text and not f.range]
    if subject and story.pred is not None:
        main = story.pred.phrase(numbers=True)
        for first in story.preds:
            # `정책자금을 … 2조 원 규모로 공급하고, 금리를 0.3%p 인하한다고`: both clauses,
            # the amount with what it is of.
            if first.kind != "coord" or first.at > story.pred.at or not first.obj or not first.action:
                continue
            span = text[max(0, text.find(first.obj)):first.at]
            # The amount the verb takes is the last (`올해보다 4,000억 원 늘린 2조 8,000억 원 규모로`).
            inside = sorted((span.rfind(m), m) for m in money if m in span)
            fig = inside[-1][1] if inside and not re.match(r"\s?(?:늘|줄|증가|감소|많|적)", span[inside[-1][0] + len(inside[-1][1]):]) else ""
            if fig and phrase_ok(main) and fig not in main:
                cands.append(f"{subject}, {first.obj} {fig} {first.action}…{main}")
            break
        obj_at = text.find(story.pred.obj) if story.pred.obj else -1
        if obj_at > 0 and story.pred.obj.split()[-1] in _PLAN_NOUNS and phrase_ok(main):
            # `AI 반도체 인력 1만 명을 … 길러내는 중장기 인재 양성 계획`: the plan's content is its count.
            before = text[:obj_at]
            for f in counts:
                at = before.find(f.text)
                if at < 0:
                    continue
                label = _count_label(before, at, most=4)
                if label:
                    fig = _gloss_short(f"{label} {f.text}")
                    key = key_figure(plan, main)
                    cands.append(f"{subject}, {main}…{fig}" + (f", {key}" if key and not _same_figure(key, fig) else ""))
                    break
    for pred in [p for p in (story.pred, *story.preds) if p is not None]:
        is_main = pred is story.pred
        if not pred.planned and pred.action and re.match(r"^[^\s.]*?기로 (?:했|한|하였)", text[pred.at:]):
            # `지원하기로 했다`: decided, still to be paid: a title says 예정 (a heading,
            # which names a topic, need not: the decision may be carried out since)
            pred = replace(pred, planned=True)
        core = pred.phrase(numbers=True)
        if not core or not phrase_ok(core) or not pred.action:
            continue
        key = key_figure(plan, core)
        doer = reported_doer(text, subject, pred) if is_main else ""
        if doer:
            cands.append(f"{doer}, {core}")
        fig, dest = money_use(text, pred) if subject else ("", "")
        if dest:
            action = f"{pred.action} 예정" if pred.planned else pred.action
            said = norm(" ".join(x for x in (fig, *pred.mods, action) if x))
            # (`2020년 예산으로 … 확정`: the budget the sum is, said `2020년 예산 6조 원 확정`)
            to = " " if dest.endswith("예산") else "에 "
            cands.append(f"{subject}, {dest}{to}{said}")
        if subject and pred.action in _DESIGNATIONS:
            # `‘…지원사업’에 … 91개 대학이 최종 선정됐다`: what they are selected for is the news.
            into = next((q for q in _QUOTED.findall(text) if 0 <= text.find(f"{q}에 ") < pred.at and q not in core), "")
            if into:
                cands.append(f"{subject}, {into}에 {core}")
        if subject and is_main and not pred.hobj and not any(c.startswith(f"{subject}, ") and pred.action in c
                                                                  for c in cands):
            # `12개 사업을 선정해 총 380억원을 지원`, `특별단속을 벌여 300명을 검거`: a bare
            # sum or count says how much; the act it follows names of what.
            first = next((q for q in story.preds if q.kind == "serial" and q.at < pred.at and q.hobj
                          and not _MONEY_ONLY.match(q.obj) and phrase_ok(q.phrase(numbers=True))), None)
            if first is not None:
                cands.append(f"{subject}, {first.phrase(numbers=True)}…{core}")
        if subject:
            if key:
                cands.append(f"{subject}, {core}…{key}")
            cands.append(f"{subject}, {core}")
            if pred.figure:
                cands.append(f"{subject}, {pred.phrase(numbers=False)}")
        elif pred.hobj and pred.hobj != core and (" " in pred.hobj or len(pred.hobj) >= 4 or _QUOTED.search(pred.hobj)):
            # (an object of one short word names nothing a reader can place: `실형 선고`, `지원 강화`)
            # No doer named in the lead: the act itself heads (`AI 투자 확대…1,630억원`),
            # never a bare noun (`AI 투자…`: no action, a native review of the titles).
            cands.append(f"{core}…{key}" if key and not _same_figure(key, core) else core)
    if not cands:
        # No verbal noun heads the lead: the lead's clause as a headline.
        for t in dict.fromkeys([text, *lead_src_of(plan)[:1], *lead[:1]]):
            head = headline_of(t) if t else ""
            if head:
                cands.append(head)
                break
    topic = heading_topic if heading_topic and heading_topic != subject else ""
    # A topic is no act of the lead's: its figure must be said of it (`상반기
    # 일평균 수출` is not the month's `512억 달러`).
    key = key_figure(plan, topic, about=topic)
    tail = f"…{key}" if key else ""
    # (`수입액, 수출 증가`: a subject that does nothing cannot be given another's topic;
    # nor a person one the sentence with them does not name: `장관, 마지막 국정감사` was
    # the assembly's last audit, named in another sentence)
    if subject and topic and topic not in subject and is_actor(subject) and \
            (not _TITLES.search(subject) or squash_spaces(topic) in squash_spaces(text)):
        cands.append(f"{subject}, {topic}{tail}")
    if topic and tail:
        cands.append(f"{topic}{tail}")
    for other in other_topics:
        if subject and other and other not in subject and is_actor(subject):
            cands.append(f"{subject}, {other}{tail}")
    if topic:
        cands.append(topic)
    out = []
    scope = re.match(r"^([가-힣]{2,})(도|시)$", subject or "")
    for c in cands:
        c = norm(without_gloss_before_own(c))
        c = respaced(c)  # the source's slips, as in the body (`엑셀러레이터`)
        c = _dated(c, plan)
        if scope:
            # `…사업 도 전역으로 확대` stumbles (`사업도`?); a desk writes `경기 전역으로`.
            c = c.replace(f" {scope.group(2)} 전역으로", f" {scope.group(1)} 전역으로")
        if c and c != source_title and c not in out and len(c) <= 80:
            out.append(c)
    return out
