"""Remove Korean news boilerplate from an extracted article.

Extraction keeps whatever sits inside the article body: bylines, photo
credits, copyright notices, share widgets, promo and related-article lines.
None of it may reach a post (a reporter's name or a "무단전재" line in a
highlighted sentence is the worst kind of output), but real sentences must
survive, so the rules are deliberately narrow:

* whole lines are dropped only when they consist of boilerplate alone;
* inside a line only anchored forms are cut: a byline at its start
  (`(서울=연합뉴스) 홍길동 기자 =`) or end (`홍길동 기자 hong@x.com`),
  e-mail addresses and bracketed credits (`[사진=…]`);
* `기자` must stand alone after a 2-4 syllable name, so `기자회견`,
  `기자들과` or `한 기자가` never match.

Reporter names found on the way are collected into `Article.reporters`.

A second pass keeps the body to prose. A line that does not end like a
sentence (`…다.`, `…요?`, a closing quote after them) is a deck line when it
comes before the lead (moved to `Article.deck`), a subheading when it is a
short line of its own with prose after it, and otherwise not body text (a
table cell, a bullet label, a caption); a line cut off mid-way keeps its
finished sentences only. It never drops a finished sentence for being short
(`예산은 8억 원이다.` stays).
"""
from __future__ import annotations

import dataclasses
import re
import unicodedata

from .models import Article, Block

# Titles a byline ends with. Longer ones first so `선임기자` wins over `기자`.
_TITLES = (
    r"(?:선임|전문|객원|인턴|수습|취재|사진|영상)\s?기자|기자|특파원|통신원|"
    "논설위원실장|논설위원|논설실장|논설고문|상임논설고문|편집위원|편집국장|칼럼니스트|리포터|앵커|PD"
)
_NAME = r"[가-힣]{2,4}"
_NAMES = rf"{_NAME}(?:\s*[·,ㆍ/]\s*{_NAME}|\s+{_NAME}(?=\s*(?:[·,ㆍ/]|\s)*(?:{_TITLES})))*"
_EMAIL = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+"
# `(서울=연합뉴스)`, `[뉴욕=뉴스핌]`, `【서울=뉴시스】`, `(난퉁 EPA=연합뉴스)`, `(세종=뉴스1)`
_DATELINE = r"[\(\[【<〈]\s*[가-힣A-Za-z0-9·\s]{1,20}?\s*=\s*[가-힣A-Za-z0-9\s]{1,15}?\s*[\)\]】>〉]"
_OUTLET_ANY = r"[가-힣A-Za-z0-9]{1,12}"
# An outlet name before a byline must look like one, or it would eat the
# first of several reporter names (`김민수 이지은 기자`).
_OUTLET = (
    r"[가-힣A-Za-z0-9]{0,8}(?:뉴스|일보|경제|신문|투데이|데일리|타임스|타임즈|방송|미디어|닷컴|뉴시스|뉴스1|저널|"
    r"포커스|프레스|위크|비즈|TV|tv|KBS|MBC|SBS|YTN|JTBC|MBN)"
)
_PLACE = r"(?:[가-힣A-Za-z]{1,10}\s*=\s*)"

_WS = re.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")

# `(서울=연합뉴스) 홍길동 기자 =`, `[서울=뉴시스]홍길동 기자 =`, `홍길동 기자 = `,
# `[뉴욕=뉴스핌] 황숙혜 특파원 =`, `(서울=연합뉴스) 홍길동·김철수 기자 =`
_LEAD_BYLINE = re.compile(
    rf"^\s*(?:{_DATELINE}\s*)?(?:{_OUTLET}\s+)?(?P<names>{_NAMES})\s*(?:{_TITLES})\s*(?:\(?{_EMAIL}\)?\s*)?[=＝]\s*"
)
# `[이데일리 홍길동 기자]`, `[헤럴드경제=홍길동 기자]`, `[데일리안 = 홍길동 기자]`, `(대전=홍길동 기자)`
_LEAD_BRACKET_BYLINE = re.compile(
    rf"^\s*[\[【(<〈]\s*(?:{_OUTLET_ANY}\s*[=|｜\-]\s*|{_OUTLET}\s+)?(?P<names>{_NAMES})\s*(?:{_TITLES})\s*(?:{_EMAIL}\s*)?[\]】)>〉]\s*"
)
# A bare dateline or outlet tag opening the body: `(서울=연합뉴스) `, `[파이낸셜뉴스] `.
_LEAD_DATELINE = re.compile(rf"^\s*{_DATELINE}\s*")
_LEAD_OUTLET_TAG = re.compile(
    r"^\s*[\[【]\s*[가-힣A-Za-z0-9]{0,8}(?:뉴스|일보|경제|신문|투데이|데일리|타임스|타임즈|방송|미디어|닷컴|뉴시스|뉴스1|저널|"
    r"포커스|프레스|위크|비즈|tv|TV)[가-힣A-Za-z0-9]{0,4}\s*[\]】]\s*"
)
# Byline lines: `글·사진=홍길동 기자`, `정리=홍길동 기자`, `홍길동 기자 hong@x.com`, `/홍길동 기자`.
_BYLINE_LINE = re.compile(
    rf"^\s*[/\-–—=]?\s*(?:(?:글|사진|글·사진|글/사진|사진·글|정리|취재|영상|편집|그래픽|대담|진행)\s*[=:]\s*)?"
    rf"(?:{_OUTLET}\s+)?{_PLACE}?(?P<names>{_NAMES})\s*(?:{_TITLES})\s*"
    rf"(?:[\(\[<]?\s*{_EMAIL}\s*[\)\]>]?)?\s*$"
)
# A byline closing a paragraph after a finished sentence: `…밝혔다. 홍길동 기자 hong@x.com`.
_TRAIL_BYLINE = re.compile(
    rf"(?<=[.!?…”\"’')\]])\s*[/\-–—]?\s*(?:{_OUTLET}\s+)?{_PLACE}?(?P<names>{_NAMES})\s*(?:{_TITLES})\s*"
    rf"(?:[\(\[<]?\s*{_EMAIL}\s*[\)\]>]?)?\s*$"
)
_AGENCIES = (
    r"(?:연합뉴스|뉴시스|뉴스1|AP|AFP|로이터|EPA|UPI|신화|교도|게티이미지(?:코리아|뱅크)?|gettyimagesbank|픽사베이|셔터스톡|"
    r"Getty Images|Reuters|연합뉴스TV|뉴스핌|AP\s?연합뉴스|AFP\s?연합뉴스|EPA\s?연합뉴스|로이터\s?연합뉴스)"
)
_CAPTION_CREDIT = re.compile(
    rf"[.!?”’)]\s*/\s*(?:(?:(?P<names>{_NAMES})\s*(?:(?:선임|사진|영상)\s?)?기자)|{_AGENCIES}|[가-힣]{{2,10}}\s?제공)\s*"
    rf"(?:[\(\[<]?\s*{_EMAIL}\s*[\)\]>]?)?\s*$"
)
# Wire photo captions end with the shooting date and the photographer's address.
_CAPTION_STAMP = re.compile(rf"\d{{4}}\.\d{{1,2}}\.\d{{1,2}}\.?\s*\(?{_EMAIL}\)?(?:/[\d\-: ]+/?)?\s*$")
_CREDIT_PREFIX = r"(?:사진\s?(?:제공|출처)|사진|자료|그래픽|영상|출처|제공|자료사진|사진제공|도표|표|인포그래픽|일러스트|캡처|화면 ?캡처)"
# `[사진=…]`, `(사진=교육부 제공)`, `<자료=통계청>`, `/사진=뉴스1`
_BRACKET_CREDIT = re.compile(rf"\s*[\[(<〈【]\s*{_CREDIT_PREFIX}\s*[=:]\s*[^\]\)>〉】\n]{{0,60}}[\])>〉】]")
_SLASH_CREDIT = re.compile(rf"\s*/\s*{_CREDIT_PREFIX}\s*=\s*\S[^.\n]{{0,40}}$")
_CREDIT_LINE = re.compile(rf"^\s*{_CREDIT_PREFIX}\s*[=:]\s*[^.\n]{{0,80}}$")
_PHOTO_TAG = re.compile(r"^\s*[<〈\[]\s*(?:사진|자료사진|그래픽|표|영상)\s*(?:\d+)?\s*[>〉\]]")
_EMAIL_RE = re.compile(
    rf"\s*[\(\[<]\s*(?:문의|이메일|e-?mail|메일|연락처|제보)?\s*[:：]?\s*{_EMAIL}\s*[\)\]>]|\s*{_EMAIL}", re.IGNORECASE
)
_COPYRIGHT = re.compile(
    r"ⓒ|©|Ⓒ|\(c\)|저작권자|재판매\s*(?:및\s*)?DB\s*금지|DB\s*금지|무단\s*[전복]재|무단\s*배포|재배포\s*금지|재배포금지|Copyrights?\b|All rights reserved|"
    r"AI\s*학습\s*및\s*활용\s*금지",
    re.IGNORECASE,
)
_END_MARK = re.compile(r"^\s*(?:\(끝\)|<끝>|/끝/|\[끝\]|-끝-|〈끝〉)\s*$")
_TAIL_END_MARK = re.compile(r"\s*(?:\(끝\)|<끝>|/끝/|\[끝\]|-끝-|〈끝〉)\s*$")
_DATE_STAMP = re.compile(
    r"^\s*(?:(?:기사\s*)?(?:입력|수정|등록|승인|송고|최종\s*수정|업데이트|발행|게재|작성)\s*(?:일|일시|시간)?\s*[:：]?\s*)?"
    r"\d{4}[.\-/년]\s*\d{1,2}[.\-/월]\s*\d{1,2}[.일]?\s*(?:\([월화수목금토일]\))?\s*(?:(?:오전|오후)\s*)?"
    r"(?:\d{1,2}[:시]\s*\d{1,2}(?::\d{2})?분?)?\s*"
    r"(?:(?:입력|수정|등록|승인|송고|업데이트)\s*[:：]?\s*\d{4}[.\-/]\s*\d{1,2}[.\-/]\s*\d{1,2}\.?\s*"
    r"(?:\d{1,2}:\d{2}(?::\d{2})?)?\s*)*$"
)
_WIDGET_WORDS = (
    "기사 URL이 복사되었습니다", "URL이 복사되었습니다", "링크가 복사되었습니다", "URL 복사", "URL복사", "링크 복사",
    "공유하기", "공유", "댓글쓰기", "댓글", "좋아요", "싫어요", "구독하기", "구독", "스크랩", "인쇄하기", "인쇄",
    "글자크기", "글씨크기", "글자 크기", "본문 글자 크기", "가", "페이스북", "트위터", "카카오톡", "카카오스토리",
    "네이버밴드", "밴드", "라인", "텔레그램", "이메일", "기사저장", "북마크", "추천", "추천하기", "닫기", "복사",
    "SNS 퍼가기", "퍼가기", "기사 공유", "뉴스 구독", "기자 구독", "기자구독", "네이버 채널 구독",
    "네이버에서 구독하세요", "다음에서 구독하세요", "기사제보", "제보하기", "제보", "후원하기", "PDF", "목록",
    "이전기사", "다음기사", "맨위로", "TOP", "프린트", "저장", "X", "facebook", "twitter", "kakao", "share",
    "훈훈해요", "슬퍼요", "화나요", "후속기사 원해요", "후속기사원해요", "추천해요", "쏠쏠정보", "흥미진진", "공감백배",
    "분석탁월", "응원해요", "기자 프로필", "기자의 다른 기사", "다른 기사 보기", "이 기사를 추천합니다", "기사 공유하기",
    "본문 듣기", "기사 듣기", "음성으로 듣기", "번역", "폰트", "글자 작게", "글자 크게", "작게", "크게",
)
_WIDGET_RE = re.compile(
    "|".join(re.escape(w) for w in sorted(_WIDGET_WORDS, key=len, reverse=True)), re.IGNORECASE
)
_PROMO = re.compile(
    r"구독|제보|바로가기|클릭|네이버|카카오|유튜브|팩트체크|기사\s*보기|관련\s*기사|더\s*보기|많이\s*본|앱\s*다운|"
    r"무료|이벤트|신청하기|보러\s*가기|추천\s*기사|지금\s*확인|바로\s*확인"
)
_RELATED_HEAD = re.compile(
    r"^\s*[\[【<■▶]?\s*(?:관련\s*기사|관련\s*뉴스|함께\s*보면\s*좋은\s*(?:기사|뉴스)|많이\s*본\s*(?:기사|뉴스)|"
    r"추천\s*기사|이\s*시각\s*(?:주요|인기)\s*뉴스|주요\s*뉴스|인기\s*기사|오늘의\s*(?:주요|인기)\s*뉴스|"
    r"최신\s*기사|이\s*기사와\s*함께\s*많이\s*본\s*뉴스)\s*[\]】>]?\s*[:：]?\s*$"
)
_AD = re.compile(r"^\s*[\[(<]\s*(?:광고|AD|ad|PR|스폰서|Sponsored)\s*[\])>]|^\s*(?:광고|AD|Advertisement)\s*$")
_HASHTAG_LINE = re.compile(r"^\s*(?:#[^\s#]+\s*){1,}$")
# Broadcast transcripts: `<출연 : 홍길동 교수>`, `[앵커]`, `<질문 1>`, `◀ 리포트 ▶`.
_SPEAKER = r"(?:출연|앵커|앵커\s?멘트|기자|리포트|기자\s?멘트|질문|답변|인터뷰|녹취|현장음|영상취재|영상편집|촬영|그래픽|자막|클로징|오프닝|스탠드업|대담|사회|진행)"
_SPEAKER_LINE = re.compile(rf"^\s*[<\[【◀〈(]\s*{_SPEAKER}\s*\d*\s*(?:[:：=]\s*[^>\]】▶〉)]{{0,60}})?[>\]】▶〉)]\s*$")
_SPEAKER_TAG = re.compile(rf"^\s*[<\[【◀〈]\s*{_SPEAKER}\s*\d*\s*[>\]】▶〉]\s*")
# Tip-off and contact lines: `연합뉴스TV 기사문의 및 제보 : 카톡/라인 jebo23`.
_CONTACT = re.compile(r"기사\s*문의|제보\s*[:：]|카톡\s*/\s*라인|제보는\s|제보\s*전화|보도자료\s*[:：]|문의\s*[:：]\s*\d")
# Every byline title above contains one of these: a line without any of them
# cannot hold a byline, so the byline patterns are not tried on it.
_TITLE_WORDS = ("기자", "특파원", "통신원", "논설", "편집", "칼럼니스트", "리포터", "앵커", "PD")
_GLUED_BYLINE = re.compile(rf"{_DATELINE}\s*(?P<names>{_NAMES})\s*(?:{_TITLES})\s*[=＝]\s*")
_DATELINE_RE = re.compile(_DATELINE)
_EMAIL_ONLY = re.compile(_EMAIL)
_WORDY = re.compile(r"[가-힣A-Za-z0-9]")
_WIDGET_REST = re.compile(r"[\s\d|·•/\-_:()\[\]<>{}+,.!?>…※]+")


def _hangul_class_without(chars: set[str]) -> str:
    ranges, start = [], None
    for cp in range(0xAC00, 0xD7A4 + 1):
        inside = cp <= 0xD7A3 and chr(cp) not in chars
        if inside and start is None:
            start = cp
        elif not inside and start is not None:
            ranges.append(f"{chr(start)}-{chr(cp - 1)}" if cp - 1 > start else chr(start))
            start = None
    return "[" + "".join(ranges) + "]"


# A Hangul syllable that no widget word contains survives the widget
# removal (Hangul has no case to fold), so such a line is not widgets only.
_NOT_WIDGET_HANGUL = re.compile(_hangul_class_without({c for w in _WIDGET_WORDS for c in w}))
# Lines that are page furniture in any position (checked before anything else).
_TABLE_ROW = re.compile(r"^\s*\||\|\s*$|\|.*\|")  # `구분 | 2023 | 2024`, `607.7 |`, `|||`
_UNIT_LABEL = re.compile(r"^\s*[(\[<（]?\s*단위\s*[:：]")  # `(단위 : 조원)` over a table
_MD_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)\n]*\)")
_SOURCE_LINE = re.compile(
    r"^\s*[\[(<]?\s*(?:출처|원문|기사\s*원문|원문\s*보기|source)\s*[:：]?\s*(?:https?://|www\.)\S+\s*[\])>]?\s*$"
    r"|^\s*(?:https?://|www\.)\S+\s*$",
    re.I,
)
_STAMP_ANY = re.compile(
    r"(?:입력|수정|등록|작성|승인|송고|업데이트|발행|게재)\s*(?:일|일시|시간)?\s*[:：]?\s*"
    r"(?:\d{4}[./\-]\s?\d{1,2}[./\-]\s?\d{1,2}|\d{4}년\s?\d{1,2}월\s?\d{1,2}일)"
)
_LEAD_DATE = re.compile(r"^\s*\d{4}[./\-]\s?\d{1,2}[./\-]\s?\d{1,2}\.?(?:\s|$)")
_DATE_PREFIX = re.compile(r"^\s*date\s*[:：]?\s*\d{4}-\d{2}-\d{2}\S*\s+", re.I)
# `…점검하고 있다. 2025.3.17/뉴스1`: a wire photo's caption ends with its shooting date and agency.
_PHOTO_STAMP = re.compile(r"\d{4}\.\d{1,2}\.\d{1,2}\.?\s*/\s*[가-힣A-Za-z][가-힣A-Za-z0-9]{0,12}(?:\s.{0,40})?$")
# Cloudflare's e-mail obfuscation, as the page text shows it.
_HIDDEN_EMAIL = re.compile(r"\[\s*email\s*protected\s*\]", re.I)
_DANGLING = re.compile(r"\s*[(\[|｜]\s*$")
_ANCHOR_SPEAKER = re.compile(r"앵커|질문|사회|진행|MC")
# The body is prose: a line ends like a sentence, or it is not body text.
_CLOSERS = "”\"’'」』)\\]"
_PROSE_END = re.compile(rf"(?:(?:다|요|죠)[.!?…]*|[.!?])[{_CLOSERS}]*$")
_INNER_END = re.compile(rf"(?:(?:다|요|죠)[.!?]+|(?<=[가-힣A-Za-z0-9%)])[.!?])[{_CLOSERS}]*(?=\s)")
# Above the lead only a verb ending counts: a deck line may hold `…확정. 내년 시행`.
_INNER_VERB_END = re.compile(rf"(?:다|요|죠)[.!?]+[{_CLOSERS}]*(?=\s)")
_TRAILING_PAREN = re.compile(r"\s*\([^()]{0,60}\)\s*$")
# Not a subheading: captions (▲), notes, list bullets, brackets, figures in motion (→, +).
_NOT_HEADING = re.compile(r"^\s*(?:[▲△※*(\[<•·∙▪-]|[oㅇ○●]\s)|[:：]\s*$|[→+]")
_LEAD_BULLET = re.compile(r"^[•∙▪]\s*")
HEADING_MAX = 40
# `서울경찰청 제공경찰청 국가수사본부가 …`: a photo credit glued to the lead
# (제공 runs straight into the next word, which no form of 제공하다 does).
_GLUED_CREDIT = re.compile(r"^[가-힣A-Za-z·]{2,12}\s제공(?![하한할해했합되된됩받을를은는이가에과와도만까으의])(?=[가-힣A-Za-z])")
_DECK_LINE = re.compile(r"\S+\s+\S+")
_SENTENCE_END = re.compile(r"(?:다|요|죠|까|음|임|함|됨)[.!?…]?[”\"’')\]]*\s*$|[.!?…][”\"’')\]]*\s*$")


def clean_article(article: Article) -> Article:
    """A copy of `article` with boilerplate removed and bylines moved to `reporters`."""
    reporters: list[str] = list(article.reporters)
    title_key = _key(article.title)
    blocks: list[Block] = []
    in_related = False
    speaker = ""  # the broadcast transcript's current speaker tag, if any
    for bi, block in enumerate(article.blocks):
        text = unicodedata.normalize("NFC", block.text)
        if _RELATED_HEAD.match(text):
            in_related = True
            continue
        if in_related:
            # A related-articles list is a run of headlines; real prose
            # (a finished sentence of some length) ends it.
            if len(text) < 100 and not _SENTENCE_END.search(text):
                continue
            in_related = False
        if block.kind == "h":
            heading = _clean_heading(text)
            if heading and not (not blocks and title_key and _key(heading) == title_key):
                blocks.append(Block("h", heading))
            continue
        lines = []
        for raw in text.split("\n"):
            tag = _SPEAKER_LINE.match(raw) or _SPEAKER_TAG.match(raw)
            if tag:
                speaker = tag.group(0)
            line = _clean_line(raw, reporters)
            if line and line.endswith("?") and _ANCHOR_SPEAKER.search(speaker):
                continue  # an anchor's or interviewer's question: the story answers it
            if line:
                lines.append(line)
        if not lines:
            continue
        cleaned = "\n".join(lines)
        if not blocks and title_key and _key(cleaned) == title_key:
            continue  # the headline repeated as the first paragraph
        blocks.append(Block(block.kind, cleaned))
    blocks, deck = _prose_only(blocks, title_key)
    return dataclasses.replace(article, blocks=blocks, reporters=_dedupe(reporters),
                               deck=list(article.deck) + deck)


def is_prose(line: str) -> bool:
    """A line that ends like a sentence (a bracketed aside after the end is allowed)."""
    t = line.rstrip()
    # Only the tail decides: searching a `$`-anchored pattern from the start
    # would try every position of a long paragraph.
    if _PROSE_END.search(t, max(0, len(t) - 12)):
        return True
    if not t.endswith(")"):
        return False
    t = _TRAILING_PAREN.sub("", t[-80:])
    return bool(t) and bool(_PROSE_END.search(t, max(0, len(t) - 12)))


def _prose_only(blocks: list[Block], title_key: str) -> tuple[list[Block], list[str]]:
    """Body blocks reduced to prose and subheadings; the deck lines before the lead."""
    deck: list[str] = []
    out: list[Block] = []
    lead_seen = False
    for block in blocks:
        if block.kind == "h":
            if lead_seen:
                out.append(block)
            elif _key(block.text) != title_key:
                deck.append(block.text)
            continue
        kept: list[str] = []
        raw_lines = block.text.split("\n")
        for line in raw_lines:
            if not lead_seen and title_key and _key(line) == title_key:
                continue  # the headline repeated above the lead
            if not is_prose(line):
                cut = _finished_part(line, _INNER_END if lead_seen else _INNER_VERB_END)
                if cut is None:
                    if not lead_seen:
                        if len(line) >= 8 and _DECK_LINE.search(line):
                            deck.append(line)  # not a lone name or outlet
                    elif (len(raw_lines) == 1 and len(line) <= HEADING_MAX and _WORDY.search(line)
                          and not _NOT_HEADING.search(line)):
                        out.append(Block("h", line))  # a subheading set as a paragraph
                    continue  # else a bullet label, table cell or cut-off fragment
                line = cut
            lead_seen = True
            kept.append(line)
        if kept:
            out.append(Block(block.kind, "\n".join(kept)))
    # A subheading with no prose after it heads nothing.
    body = [b for i, b in enumerate(out) if b.kind != "h" or (i + 1 < len(out) and out[i + 1].kind != "h")]
    return body, deck


def _finished_part(line: str, ends: re.Pattern[str]) -> str | None:
    """The finished sentences of a line cut off mid-way, or None."""
    last = None
    for m in ends.finditer(line):
        last = m.end()
    if last is None or last < 12:
        return None
    return line[:last]


def _clean_heading(text: str) -> str:
    text = _WS.sub(" ", text).strip()
    if _COPYRIGHT.search(text) or _AD.match(text) or _only_widgets(text) or _RELATED_HEAD.match(text):
        return ""
    return text


def _clean_line(line: str, reporters: list[str]) -> str:
    line = _WS.sub(" ", line).strip()
    if not line:
        return ""
    line = _LEAD_BULLET.sub("", line)
    if "!" in line:
        line = _MD_IMAGE.sub("", line).strip()
    if "protected" in line:
        line = _HIDDEN_EMAIL.sub("", line).strip()
    if line.startswith(("date", "Date", "DATE")):
        line = _DATE_PREFIX.sub("", line)
    if not line or _UNIT_LABEL.match(line) or _SOURCE_LINE.match(line):
        return ""
    if "|" in line or "｜" in line:
        bare = line.strip(" |｜")
        m = _BYLINE_LINE.match(bare) if _titled(bare) else None
        if m:
            reporters.extend(_names(m.group("names")))
            return ""
        if _TABLE_ROW.search(line):
            if "|" in bare or "｜" in bare or not is_prose(bare):
                return ""  # a table row or cell: not prose
            line = bare  # a sentence the page ended with a stray bar
    if _DANGLING.search(line) and _titled(line):
        line = _DANGLING.sub("", line)  # `홍길동 기자 (` before an address on the next line
    if len(line) < 100 and not is_prose(line) and (_STAMP_ANY.search(line) or _LEAD_DATE.match(line)):
        return ""  # `수정 : 2024.03.02 09:15기사원문`, `2025.06.10 행정안전부`
    if "/" in line and len(line) <= 400 and _PHOTO_STAMP.search(line):
        return ""  # a wire photo caption
    if "제공" in line[:16]:
        line = _GLUED_CREDIT.sub("", line)
    if _END_MARK.match(line) or _AD.match(line) or _HASHTAG_LINE.match(line) or _PHOTO_TAG.match(line):
        return ""
    if _SPEAKER_LINE.match(line) or (len(line) < 100 and _CONTACT.search(line)):
        return ""
    line = _SPEAKER_TAG.sub("", line, count=1)
    if line.startswith(("☞", "▷▷", "▶▶")):
        return ""
    if line.startswith(("▶", "▷", "►", "→")) and _PROMO.search(line):
        return ""
    if _COPYRIGHT.search(line):
        # A copyright notice is its own line; cut it off when the extractor
        # glued it to the last sentence, and drop it when it stands alone.
        cut = _copyright_cut(line)
        line = line[:cut].rstrip()
        if not line:
            return ""
    if _DATE_STAMP.match(line) or _CREDIT_LINE.match(line) or _only_widgets(line):
        return ""
    titled = _titled(line)
    m = _BYLINE_LINE.match(line) if titled else None
    if m:
        reporters.extend(_names(m.group("names")))
        return ""
    # A paragraph signed `…모습. /홍길동 기자` or `…있다./연합뉴스` is a photo
    # caption (figcaption text the extractor kept), not story text.
    m = _CAPTION_CREDIT.search(line) if "/" in line else None
    if m and len(line) <= 300:
        if m.group("names"):
            reporters.extend(_names(m.group("names")))
        return ""
    if "@" in line and len(line) <= 400 and _CAPTION_STAMP.search(line):
        return ""
    # A photo caption glued before the body: `…모습.(서울=연합뉴스) 홍길동 기자 = 본문`.
    m = _GLUED_BYLINE.search(line) if titled and "=" in line else None
    if m and m.start() > 0:
        before = line[: m.start()]
        if _EMAIL_ONLY.search(before) or _DATELINE_RE.search(before) or len(before) < 200:
            line = line[m.start():]
    m = (_LEAD_BYLINE.match(line) or _LEAD_BRACKET_BYLINE.match(line)) if _titled(line) else None
    if m:
        reporters.extend(_names(m.group("names")))
        line = line[m.end():]
    elif "=" in line:
        line = _LEAD_DATELINE.sub("", line, count=1)
    line = _LEAD_OUTLET_TAG.sub("", line, count=1)
    if "끝" in line:
        line = _TAIL_END_MARK.sub("", line)
    m = _TRAIL_BYLINE.search(line) if _titled(line) else None
    if m:
        reporters.extend(_names(m.group("names")))
        line = line[: m.start()]
    credited = line
    if "=" in line or ":" in line:
        line = _BRACKET_CREDIT.sub("", line)
        if "/" in line:
            line = _SLASH_CREDIT.sub("", line)
    if line != credited and len(line) < 80 and not _SENTENCE_END.search(line):
        return ""  # a photo caption: its credit gone, no sentence remains
    if "@" in line:
        line = _EMAIL_RE.sub("", line)
    if "끝" in line:
        line = _TAIL_END_MARK.sub("", line)
    line = _WS.sub(" ", line).strip()
    if not line or _only_widgets(line) or _CREDIT_LINE.match(line):
        return ""
    if not _WORDY.search(line):
        return ""
    return line


def _titled(line: str) -> bool:
    return any(t in line for t in _TITLE_WORDS)


def _copyright_cut(line: str) -> int:
    m = _COPYRIGHT.search(line)
    assert m is not None
    start = m.start()
    # Back up over an opening bracket or `<저작권자` framing the notice.
    head = line[:start]
    k = max(head.rfind("<"), head.rfind("["), head.rfind("("), head.rfind("〈"))
    last_end = max(head.rfind(". "), head.rfind("다."), head.rfind("다 "))
    if k > last_end and start - k < 20:
        start = k
    # Keep a finished sentence in front of the notice, nothing unfinished.
    prefix = line[:start].rstrip()
    if prefix and not _SENTENCE_END.search(prefix):
        end = max(prefix.rfind(". "), prefix.rfind("다."))
        if end < 0:
            return 0
        return end + (2 if prefix[end:end + 2] == "다." else 1)
    return start


def _only_widgets(line: str) -> bool:
    if len(line) > 120 or _NOT_WIDGET_HANGUL.search(line):
        return False
    rest = _WIDGET_RE.sub(" ", line)
    return _WIDGET_REST.sub("", rest) == ""


_NOT_NAMES = {"선임", "전문", "객원", "인턴", "수습", "취재", "사진", "영상", "상임"}


def _names(group: str) -> list[str]:
    return [n for n in re.split(r"[\s·,ㆍ/]+", group) if re.fullmatch(_NAME, n) and n not in _NOT_NAMES]


def _dedupe(items: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for x in items:
        if x not in seen:
            seen.add(x)
            out.append(x)
    return out


def _key(text: str) -> str:
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFC", text or "")).lower()
