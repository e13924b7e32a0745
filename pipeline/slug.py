"""Stable ASCII slugs for post file names and Hugo's ``slug:``.

Korean titles are romanised (Revised Romanization, syllable by syllable,
without the sound-change rules) because Jekyll's ``ascii``/``latin`` slugify
turns Hangul into an empty string and percent-encoded Hangul makes ugly,
fragile URLs. The slug always ends with a short hash of the item id, so two
posts with the same title on the same day can never share a file.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import parse_qsl, urlsplit

__all__ = ["make_slug", "item_hash", "romanize", "is_valid_slug"]

_HASH_LEN = 6
_MAX_ID_LEN = 20

# Revised Romanization jamo tables in Unicode composition order
# (U+AC00 + (initial * 21 + medial) * 28 + final).
_INITIALS = (
    "g", "kk", "n", "d", "tt", "r", "m", "b", "pp", "s", "ss", "", "j", "jj", "ch", "k", "t", "p", "h",
)
_MEDIALS = (
    "a", "ae", "ya", "yae", "eo", "e", "yeo", "ye", "o", "wa", "wae", "oe", "yo", "u", "wo", "we", "wi",
    "yu", "eu", "ui", "i",
)
# Final consonants use their representative (neutralised) sound, as RR does
# at the end of a syllable.
_FINALS = (
    "", "k", "k", "k", "n", "n", "n", "t", "l", "k", "m", "l", "l", "l", "p", "l", "m", "p", "p", "t", "t",
    "ng", "t", "t", "k", "t", "p", "t",
)
# A final consonant before a syllable starting with silent ㅇ is carried
# over and read as an initial (직업 -> jigeop, 서울역 -> seoulyeok stays).
_LIAISON = (
    "", "g", "kk", "ks", "n", "nj", "n", "d", "r", "lg", "lm", "lb", "ls", "lt", "lp", "r", "m", "b", "bs",
    "s", "ss", "ng", "j", "ch", "k", "t", "p", "",
)
# Standalone compatibility jamo (ㄱ, ㅏ …) occasionally appear in headlines
# (ㄱ자, ㅋㅋ); read them as their initial/medial sound.
_COMPAT_CONSONANTS = {
    "ㄱ": "g", "ㄲ": "kk", "ㄴ": "n", "ㄷ": "d", "ㄸ": "tt", "ㄹ": "r", "ㅁ": "m", "ㅂ": "b", "ㅃ": "pp",
    "ㅅ": "s", "ㅆ": "ss", "ㅇ": "", "ㅈ": "j", "ㅉ": "jj", "ㅊ": "ch", "ㅋ": "k", "ㅌ": "t", "ㅍ": "p",
    "ㅎ": "h",
}
_COMPAT_VOWELS = dict(zip("ㅏㅐㅑㅒㅓㅔㅕㅖㅗㅘㅙㅚㅛㅜㅝㅞㅟㅠㅡㅢㅣ", _MEDIALS))

# One-character Hanja abbreviations that Korean headlines use all the time
# (美 for the US, 北 for North Korea, 與野 for the parties …). Anything else
# outside Hangul/Latin/digits is dropped.
_HANJA = {
    "美": "mi", "中": "jung", "日": "il", "韓": "han", "北": "buk", "南": "nam", "英": "yeong", "獨": "dok",
    "佛": "bul", "伊": "i", "露": "ro", "印": "in", "與": "yeo", "野": "ya", "靑": "cheong", "青": "cheong",
    "軍": "gun", "檢": "geom", "警": "gyeong", "法": "beop", "銀": "eun", "前": "jeon", "現": "hyeon",
    "文": "mun", "尹": "yun", "李": "i", "朴": "bak", "故": "go", "新": "sin", "株": "ju", "對": "dae",
    "反": "ban", "親": "chin", "號": "ho", "弗": "bul", "兆": "jo", "億": "eok", "萬": "man", "女": "yeo",
    "男": "nam", "外": "oe", "內": "nae", "大": "dae", "小": "so", "乙": "eul",
    "甲": "gap", "黨": "dang", "詩": "si", "社": "sa", "家": "ga", "歐": "gu", "亞": "a", "臺": "dae",
    "台": "dae",
}

_ID_PARAMS = ("idxno", "no", "aid", "articleid", "article_id", "newsid", "news_id", "idx", "artid")


def item_hash(item_id: str) -> str:
    """Short, stable hex digest of an item id (the slug's uniqueness suffix)."""
    return hashlib.sha256(item_id.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH_LEN]


def romanize(text: str) -> str:
    """Romanise Hangul (and common headline Hanja) into ASCII; other scripts
    are folded to ASCII where a decomposition exists, dropped otherwise."""
    out: list[str] = []
    # NFKC turns fullwidth digits/letters (２０２４, ＡＩ) into ASCII, but it
    # would also turn compatibility jamo (ㅋ) into conjoining jamo, so those
    # are kept as they are.
    chars = "".join(
        ch if "\u3131" <= ch <= "\u318e" else unicodedata.normalize("NFKC", ch)
        for ch in unicodedata.normalize("NFC", text)
    )
    for i, ch in enumerate(chars):
        code = ord(ch)
        if 0xAC00 <= code <= 0xD7A3:
            s = code - 0xAC00
            final = _FINALS[s % 28]
            nxt = ord(chars[i + 1]) - 0xAC00 if i + 1 < len(chars) else -1
            if final and 0 <= nxt <= 0xD7A3 - 0xAC00 and nxt // 588 == 11:
                final = _LIAISON[s % 28]
            out.append(_INITIALS[s // 588] + _MEDIALS[(s % 588) // 28] + final)
        elif ch in _COMPAT_CONSONANTS:
            out.append(_COMPAT_CONSONANTS[ch])
        elif ch in _COMPAT_VOWELS:
            out.append(_COMPAT_VOWELS[ch])
        elif ch in _HANJA:
            # Hanja glued to Hangul (美대통령) reads as a separate word.
            out.append(" " + _HANJA[ch] + " ")
        elif code < 128:
            out.append(ch)
        else:
            folded = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode("ascii")
            out.append(folded if folded else " ")
    return "".join(out)


def is_valid_slug(slug: str) -> bool:
    return bool(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", slug or ""))


def _clean(text: str) -> str:
    text = text.lower()
    text = re.sub(r"[^a-z0-9]+", "-", text)
    return text.strip("-")


def _trim(slug: str, limit: int) -> str:
    """Cut at a dash boundary so words are never chopped in half."""
    if limit <= 0:
        return ""
    if len(slug) <= limit:
        return slug
    cut = slug[: limit + 1]
    if cut[-1] == "-":
        return cut[:-1].strip("-")
    head = cut.rsplit("-", 1)[0] if "-" in cut else ""
    # A single overlong word: a hard cut beats dropping the title entirely.
    return (head or slug[:limit]).strip("-")


def _local_article_id(url: str) -> str | None:
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    params = {k.lower(): v for k, v in parse_qsl(parts.query, keep_blank_values=False)}
    for name in _ID_PARAMS:
        value = params.get(name)
        if value and re.fullmatch(r"[A-Za-z0-9_-]{1,40}", value):
            return value
    # Path ids such as /3287, /news/articleView/20240101000123 or /view/123.html
    last = parts.path.rstrip("/").rsplit("/", 1)[-1]
    m = re.fullmatch(r"(\d{3,})(?:\.[a-z]{2,5})?", last)
    return m.group(1) if m else None


def _article_id(url: str | None) -> str | None:
    if not url:
        return None
    try:
        # Written by the URL helper; optional so this module stands alone.
        from pipeline.urls import article_id  # type: ignore[import-not-found]
    except Exception:  # noqa: BLE001 - any failure to import means "use the local rule"
        article_id = None
    if article_id is not None:
        try:
            aid = article_id(url)
        except Exception:  # noqa: BLE001 - a bad URL must not stop the post
            aid = None
        if aid:
            return aid
    return _local_article_id(url)


def make_slug(title: str, url: str | None, item_id: str, *, max_len: int = 60) -> str:
    """Slug = romanised title, then the outlet's article id, then a hash of item_id.

    Deterministic: the same inputs always give the same slug. The result
    matches ``[a-z0-9]+(-[a-z0-9]+)*`` and is at most ``max_len`` characters
    (never shorter than the ``post-<hash>`` fallback).
    """
    digest = item_hash(item_id)
    aid = _clean(_article_id(url) or "")
    if len(aid) > _MAX_ID_LEN:
        aid = aid[-_MAX_ID_LEN:].strip("-")
    suffix = "-".join(p for p in (aid, digest) if p)
    words = _clean(romanize(title or ""))
    room = max_len - len(suffix) - 1
    head = _trim(words, room)
    if not head:
        head = "post"
    slug = f"{head}-{suffix}"
    if len(slug) > max_len:
        # Only when max_len is tiny: the hash is the part that must survive.
        slug = f"post-{digest}"
    return slug
