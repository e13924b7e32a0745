"""The source's own slips that change how it is read, fixed before anything reads it.

A copy editor fixes `지난 해`, `한번에`, a name run into its title
(`김정환의원`) or its title typed as it sounds (`유인촌 장과는`), a closing
quote mark used to open a name (`’직업 특구’`) and a middle dot a page's
encoding lost (`발굴?육성`) or spaced (`패키징· 테스트`) on sight. They are fixed
here, after cleaning and before the sentence split, and not by an engine,
because each one changes what the fact extractor and the guard read:
`지난해` is a date, `한 번` a count, `김정환 의원` a person with a title,
`‘…’` a quoted name, `발굴·육성` one programme. Fixed in the source, every
engine, the facts and the guard see the same text, so a post that says
`한 번에` is supported by its source instead of refused against it.

Slips of layout that change no fact (`2년 간`, `할수`, `교육을실시`) are the
rules engine's (rewrite/transforms.py): it fixes them in the sentences it
rewrites. Direct speech (`“…”`) is left as printed: a quote is said
verbatim or not at all.

Every fix is idempotent (a fixed text is left as it is), so a story's
merged source can pass through here again.
"""
from __future__ import annotations

import dataclasses
import re

from . import korean
from .models import Article, Block

_SPEECH = re.compile(r"“[^“”]*”|\"[^\"]*\"")

_SLIPS = [
    # `지난 해` is one word, `지난해` (the year before); not `지난 해외 순방`.
    (re.compile(r"(?<![가-힣])지난 해(?=[\s,.)]|보다|에|의|와|는|도|를|까지|부터|대비|말|초|동기|수준)"), "지난해"),
    # `한번에` (at one go) is a count of one and two words; `한번` alone (once, some time) is one.
    (re.compile(r"(?<![가-힣])한번에(?=(?:는|도)?(?![가-힣]))"), "한 번에"),
    # A middle dot that a page's encoding turned into `?` (`발굴?육성`): a
    # question mark never stands between two syllables with no space.
    (re.compile(r"(?<=[가-힣])\?(?=[가-힣])"), "·"),
    # `창업정보 포탈`: the web portal is spelled `포털`; `조세 포탈` (evasion) is another word.
    (re.compile(r"(?<!세)(?<!세 )(?<!세금 )포탈(?!하|한|했|죄|액|혐의|범)"), "포털"),
    # `패키징· 테스트`: a middle dot joins two words with no space either side.
    (re.compile(r"(?<=[가-힣A-Za-z])· +(?=[가-힣A-Za-z])"), "·"),
    # `전세 수출의 19.8%`: a lease (`전세`) has no exports; the page meant `전체`.
    (re.compile(r"(?<![가-힣])전세 (?=(?:수출|수입|매출|교역)(?:액|량)?(?: 비중)?[의에은는이가 ])"), "전체 "),
    # `출범에 따르 소요 예산`: a bare stem cannot end a word; before a noun it is `따른`.
    (re.compile(r"(?<=[가-힣]에 )따르(?= [가-힣])"), "따른"),
]
# `「토론회 “교통격차 해소” 」`: no space inside a title's corner brackets
# (around speech, so it is read before speech is set apart).
_BRACKET_SPACE = re.compile(r"(?<=[”’])\s+(?=[」』])|(?<=[「『])\s+(?=[“‘])")

# A 3-syllable name run into its title (`김정환의원`, `이창우구청장은`).
_GLUED_TITLE = re.compile(
    r"(?<![가-힣])(?P<name>[가-힣]{3})"
    r"(?P<title>의원|장관|차관|총리|부총리|시장|군수|구청장|도지사|교육감|위원장|대표|교수|회장|사장|이사장|원장|"
    r"청장|총장|대변인|본부장|센터장)(?=[\s(,.은는이가을를의에과와도]|$)")
_SURNAMES = frozenset(
    "김 이 박 최 정 강 조 윤 장 임 한 오 서 신 권 황 안 송 류 유 전 홍 고 문 양 손 배 백 허 남 심 노 하 곽 성 차 주 "
    "우 구 민 진 나 지 엄 채 원 천 방 공 현 함 변 염 여 추 도 소 석 선 설 마 길 연 위 표 명 기 반 왕 금 옥 육 인 맹 "
    "제 모 탁 국 어 은 편 용 예 경 봉 사 부 태 목 계 형 피 두 감 음 빈 동 온 호 범 좌 승 간 상 시 갈 견 당 화 창 옹 "
    "순 빙 묵 평 대".split())
# Endings of place and body names that look like a name (`강원도지사`, `경기도지사`).
_NOT_GIVEN_END = frozenset("도시군구청부처회당국실과관")


# A title after a name typed as it sounds with its particle (`유인촌 장과는`
# for `장관은`, [장과는]): fixed only where the article itself names that
# person with that title, so `시장과는` or `1장과는` are never touched.
_SOUNDED_TITLE = re.compile(r"(?<![가-힣])(?P<name>[가-힣]{2,4}) (?P<typo>장과는|차과는|의워는)(?= )")
_SOUNDED = {"장과는": ("장관", "장관은"), "차과는": ("차관", "차관은"), "의워는": ("의원", "의원은")}


def correct_article(article: Article) -> Article:
    """`article` with its paragraphs' slips fixed (the title and deck are the page's)."""
    blocks = correct_blocks(article.blocks)
    if all(a.text == b.text for a, b in zip(blocks, article.blocks)):
        return article
    return dataclasses.replace(article, blocks=blocks)


def correct_blocks(blocks: list[Block]) -> list[Block]:
    """The paragraphs with their slips fixed; headings are left as printed.
    A sounded title is judged against all of them together."""
    fixed = [b if b.kind == "h" else Block(b.kind, correct(b.text)) for b in blocks]
    fixed = _whole_names(fixed)
    whole = "\n".join(b.text for b in fixed)
    if not _SOUNDED_TITLE.search(whole):
        return fixed
    return [b if b.kind == "h" else Block(b.kind, _SOUNDED_TITLE.sub(lambda m: _sounded(m, whole), b.text))
            for b in fixed]


# `경공단은 …` after `한국환경공단은 …`: a name the page cut inside a word (one
# syllable left before the kind of body), said whole as the article said
# it before. Only a cut no other word explains: `환경공단` (two syllables) is
# a short name in its own right and stays.
_CUT_NAME = re.compile(r"(?<![가-힣])(?P<cut>[가-힣](?:공단|공사|재단|진흥원|연구원))(?=[은는이가을를의에과와도]|\s)")


def _whole_names(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
    seen = ""  # the article's text before the block being read

    def whole(m: re.Match[str]) -> str:
        full = re.findall(rf"[가-힣]{{1,10}}{re.escape(m.group('cut'))}", seen + m.string[:m.start()])
        return full[-1] if full else m.group(0)

    for b in blocks:
        text = b.text if b.kind == "h" else _CUT_NAME.sub(whole, b.text)
        out.append(b if text == b.text else Block(b.kind, text))
        seen += b.text + "\n"
    return out


def _sounded(m: re.Match[str], whole: str) -> str:
    title, fixed = _SOUNDED[m.group("typo")]
    if re.search(rf"(?<![가-힣]){re.escape(m.group('name'))}[^.\n]{{0,30}}?{title}", whole):
        return f"{m.group('name')} {fixed}"
    return m.group(0)


def correct(text: str) -> str:
    """`text` with the slips fixed outside direct speech."""
    text = _BRACKET_SPACE.sub("", _quote_marks(text))  # first: speech is found by its marks
    out, pos = [], 0
    for m in _SPEECH.finditer(text):
        out.append(_fix(text[pos:m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_fix(text[pos:]))
    return "".join(out)


def _fix(part: str) -> str:
    for rx, repl in _SLIPS:
        part = rx.sub(repl, part)
    return _GLUED_TITLE.sub(_spaced_title, part)


def _spaced_title(m: re.Match[str]) -> str:
    name, title = m.group("name"), m.group("title")
    if name[0] not in _SURNAMES or name[-1] in _NOT_GIVEN_END:
        return m.group(0)
    # Kiwi must read the name as one proper noun and the title as the title:
    # `정무부시장` (정무 + 부시장) or `최대의원` (one word) are no name.
    toks = korean.tokens(m.group(0))
    if len(toks) < 2 or (toks[0].form, toks[0].tag) != (name, "NNP") or (toks[1].form, toks[1].tag) != (title, "NNG"):
        return m.group(0)
    return f"{name} {title}"


_OPENS = {"’": "‘", "”": "“"}
_CLOSES = {"‘": "’", "“": "”"}


def _quote_marks(text: str) -> str:
    """A closing mark used to open (`’직업교육 특구’로`) becomes the opening
    one, and an opening mark used to close (`‘특구‘로`) the closing one,
    where the marks of one kind pair up in the paragraph."""
    chars = list(text)
    for opener, closer in (("‘", "’"), ("“", "”")):
        marks = [i for i, c in enumerate(chars) if c in (opener, closer)]
        if len(marks) % 2:
            continue  # unpaired: which one is wrong cannot be told
        for k, i in enumerate(marks):
            want = opener if k % 2 == 0 else closer
            if chars[i] == want:
                continue
            before = chars[i - 1] if i else " "
            after = chars[i + 1] if i + 1 < len(chars) else " "
            if want == opener and (before.isspace() or before in "([") and _letter(after):
                chars[i] = opener
            elif want == closer and (_hangul(after) or not before.isspace() and not _letter(after)):
                chars[i] = closer
            else:
                break  # not a slip of one mark: leave the rest as printed
    return "".join(chars)


def _letter(c: str) -> bool:
    return _hangul(c) or c.isascii() and c.isalpha()


def _hangul(c: str) -> bool:
    return "가" <= c <= "힣"
