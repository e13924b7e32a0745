"""Feed bytes to FeedEntry list.

feedparser does the XML (and its forgiving fallback for broken XML), but
three things are done here because feedparser gets them wrong for Korean
feeds:

* charsets: bytes are decoded by decode.py first (headers and declarations
  lie), then handed over as UTF-8;
* dates: feedparser reads a date without a zone as UTC and misreads Korean
  forms (`2015.09.16 22:53:16` comes out as 1 November), so the raw string is
  parsed here and a missing zone means KST;
* identity: GUID, else canonical link, else a content hash, with duplicates
  inside one feed dropped and reported.

Nothing here raises on bad input: problems are reported in ParsedFeed.
"""
from __future__ import annotations

import html
import io
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_tz
from typing import Any

import feedparser

from .decode import xml_to_utf8
from .models import KST, FeedEntry
from .sentences import split_text
from .urls import article_id, canonical_url, entry_identity, is_http_url

MAX_DERIVED_TITLE = 80  # characters of a title made from a summary


@dataclass
class ParsedFeed:
    title: str | None
    link: str | None
    entries: list[FeedEntry]
    problems: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (what, reason)
    bozo: bool = False
    charset: str = "utf-8"
    charset_source: str = "default"

    @property
    def ok(self) -> bool:
        """False when the document yielded nothing and was not a well-formed feed."""
        return bool(self.entries) or not self.bozo


# ---------------------------------------------------------------- text

_TAG = re.compile(r"<!--.*?-->|<!\[CDATA\[|\]\]>|</?[A-Za-z][^<>]*>", re.S)
_BLOCK_TAG = re.compile(r"<(?:br|/p|/div|/li|/h\d|/tr)\b[^>]*>", re.I)
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")


def clean_text(value: str | None) -> str:
    """Plain text of a feed field: tags out, entities resolved, NFC, one space between words.

    Only tags that start with a Latin
    letter are removed, so `<타워>` (a title in angle brackets) stays.
    """
    if not value:
        return ""
    text = _SCRIPT.sub(" ", value)
    text = _BLOCK_TAG.sub(" ", text)
    text = _TAG.sub("", text)
    # Korean feeds double-escape (`&amp;quot;`), so resolve until stable.
    for _ in range(3):
        if "&" not in text:
            break
        once = html.unescape(text)
        if once == text:
            break
        text = once
    text = _INVISIBLE.sub("", unicodedata.normalize("NFC", text))
    return " ".join(text.split())


def _derive_title(text: str) -> str:
    spans = split_text(text)
    first = text[spans[0][0] : spans[0][1]] if spans else text
    if len(first) <= MAX_DERIVED_TITLE:
        return first
    cut = first[:MAX_DERIVED_TITLE]
    if " " in cut[MAX_DERIVED_TITLE // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.·") + "…"


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def _author(entry: Mapping[str, Any]) -> str | None:
    # The raw string first: feedparser's own split of `name email` cuts
    # long TLDs (`x@y.example` -> name `... ple`).
    detail = entry.get("author_detail") or {}
    raw = entry.get("author") or detail.get("name") or ""
    text = clean_text(raw)
    m = re.fullmatch(r"\s*\S+@\S+\s*\((.+)\)\s*", text)  # RSS `email (Name)`
    if m:
        text = m.group(1)
    text = _EMAIL.sub("", text)
    text = re.sub(r"[<>()\[\]]\s*[<>()\[\]]", "", text)  # leftovers like `()` or `<>`
    text = " ".join(text.split()).strip(" ,/")
    return text or None


# ---------------------------------------------------------------- dates

_TZ_NAMES = {
    "Z": 0, "UT": 0, "UTC": 0, "GMT": 0, "KST": 540, "JST": 540,
    "EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360,
    "PST": -480, "PDT": -420,
}
_DATE_PART = re.compile(
    r"^(?P<y>\d{4})\s*(?:[-./]|년)\s*(?P<mo>\d{1,2})\s*(?:[-./]|월)\s*(?P<d>\d{1,2})\s*(?:일|\.)?"
)
_COMPACT = re.compile(r"^(?P<y>\d{4})(?P<mo>\d{2})(?P<d>\d{2})(?:T?(?P<h>\d{2})(?P<mi>\d{2})(?P<s>\d{2})?)?")
_WEEKDAY = re.compile(
    r"^[(\[]?\s*(?:[월화수목금토일](?:요일)?|(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*\.?)\s*[)\]]?,?",
    re.I,
)
_AMPM = r"오전|오후|AM|PM|a\.m\.|p\.m\."
_TIME_PART = re.compile(
    rf"^(?P<ap1>{_AMPM})?\s*(?P<h>\d{{1,2}})\s*(?::|시)\s*"
    r"(?:(?P<mi>\d{1,2})\s*(?::|분)?\s*(?:(?P<s>\d{1,2})(?:[.,](?P<f>\d{1,9}))?\s*초?)?)?"
    rf"\s*(?P<ap2>{_AMPM})?",
    re.I,
)
_TZ_PART = re.compile(r"^[(\[]?\s*(?P<tz>Z|UTC|GMT|UT|KST|JST|[+-]\d{2}(?::?\d{2})?)?\s*[)\]]?\s*$", re.I)
_RFC822_START = re.compile(r"^(?:[A-Za-z]{3,9},?\s+)?\d{1,2}\s+[A-Za-z]{3,9}\.?\s+\d{2,4}\b")


def _offset(tz: str | None) -> timezone | None:
    if not tz:
        return None
    tz = tz.upper()
    if tz in _TZ_NAMES:
        return timezone(timedelta(minutes=_TZ_NAMES[tz]))
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    hours = int(digits[:2])
    minutes = int(digits[2:4]) if len(digits) >= 4 else 0
    if hours > 14 or minutes > 59:
        return None
    return timezone(sign * timedelta(hours=hours, minutes=minutes))


def _valid_year(dt: datetime) -> datetime | None:
    return dt if 1900 <= dt.year <= 2200 else None


_MONTH_WORD = re.compile(r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?(?=\s)", re.I)
_RFC822_ZONE = re.compile(r"\d:\d{2}(?::\d{2})?\s*(\(?[A-Za-z]{1,5}\)?|[+-]\d{2}:?\d{2})\s*$")


def _parse_rfc822(raw: str) -> datetime | None:
    s = _MONTH_WORD.sub(lambda m: m.group(1), raw)  # `Sept`, `March`, `Mar.`
    s = re.sub(r"(\d{1,2}:\d{2}(?::\d{2})?)([+-]\d{2}:?\d{2})\s*$", r"\1 \2", s)  # `13:47:03+0900`
    s = re.sub(r"([+-]\d{2}):(\d{2})\s*$", r"\1\2", s)
    zone_token = _RFC822_ZONE.search(s)
    token = zone_token.group(1).strip("()").upper() if zone_token else None
    if token in ("KST", "JST"):
        s = s[: zone_token.start(1)].rstrip()
    parts = parsedate_tz(s)
    if parts is None:
        return None
    y, mo, d, h, mi, sec = parts[:6]
    if y < 100:
        y += 2000 if y < 70 else 1900
    try:
        naive = datetime(y, mo, d, h, mi, sec)
    except ValueError:
        return None
    if token is None or token in ("KST", "JST"):
        zone = KST  # no zone written: the outlet's own clock
    elif token in _TZ_NAMES or token[0] in "+-":
        # parsedate_tz reads `-0000` (RFC 2822: UTC, local zone unknown) as 0 too.
        zone = timezone(timedelta(seconds=parts[9] or 0))
    else:
        return None  # a zone name we cannot place; better no date than a wrong one
    return _valid_year(naive.replace(tzinfo=zone))


def _parse_numeric(raw: str) -> datetime | None:
    s = raw.strip()
    m = _DATE_PART.match(s)
    h = mi = sec = micro = 0
    if m:
        rest = s[m.end() :].strip()
        rest = _WEEKDAY.sub("", rest, count=1).strip()
        if rest[:1] in ("T", "t"):
            rest = rest[1:]
        t = _TIME_PART.match(rest)
        if t and t.group("h") is not None:
            h = int(t.group("h"))
            mi = int(t.group("mi") or 0)
            sec = int(t.group("s") or 0)
            micro = int((t.group("f") or "0")[:6].ljust(6, "0"))
            ampm = (t.group("ap1") or t.group("ap2") or "").lower().replace(".", "")
            if ampm in ("오후", "pm") and h < 12:
                h += 12
            elif ampm in ("오전", "am") and h == 12:
                h = 0
            rest = rest[t.end() :]
    else:
        m = _COMPACT.match(s)
        if not m:
            return None
        rest = s[m.end() :]
        h, mi, sec = int(m.group("h") or 0), int(m.group("mi") or 0), int(m.group("s") or 0)
    z = _TZ_PART.match(rest.strip())
    if not z:
        return None  # trailing text we do not understand: refuse rather than guess
    zone = _offset(z.group("tz"))
    if z.group("tz") and zone is None:
        return None
    try:
        naive = datetime(int(m.group("y")), int(m.group("mo")), int(m.group("d")), h, mi, sec, micro)
    except ValueError:
        return None
    return _valid_year(naive.replace(tzinfo=zone or KST))


def parse_date(raw: str | None) -> datetime | None:
    """A feed date as an aware datetime; a date without a zone is KST.

    Reads RFC 822 (`Thu, 07 Mar 2024 09:00:00 +0900`, also `GMT`, `KST`, a
    zone glued to the time), ISO 8601/W3DTF, and Korean forms (`2024.03.07
    09:00:00`, `2024.03.07`, `2024/3/7`, `2024년 3월 7일 오후 3시 5분`).
    """
    if not raw:
        return None
    s = " ".join(unicodedata.normalize("NFKC", raw).split())
    if not s:
        return None
    if _RFC822_START.match(s):
        return _parse_rfc822(s)
    return _parse_numeric(s)


# ---------------------------------------------------------------- entries


def _content_html(entry: Mapping[str, Any]) -> str | None:
    for item in entry.get("content") or []:
        value = (item.get("value") or "").strip()
        if not value:
            continue
        kind = (item.get("type") or "text/html").lower()
        if "html" in kind or "xml" in kind:
            return unicodedata.normalize("NFC", value)
        paras = [p.strip() for p in re.split(r"\n\s*\n", value) if p.strip()]
        return "".join(f"<p>{html.escape(p)}</p>" for p in paras) or None
    return None


def _link(entry: Mapping[str, Any], base_url: str | None) -> tuple[str | None, str | None]:
    """(canonical link, problem) of an entry."""
    candidates: list[str] = []
    if entry.get("link") and not entry.get("guidislink"):
        candidates.append(entry["link"])
    for item in entry.get("links") or []:
        if item.get("rel", "alternate") == "alternate" and item.get("href"):
            candidates.append(item["href"])
    guid_link = entry.get("link") if entry.get("guidislink") else None
    for raw in candidates:
        url = canonical_url(raw, base_url)
        if url:
            return url, None
    if guid_link:
        # A GUID that is not a URL (tag:, urn:) just means the entry has no link.
        return canonical_url(guid_link, base_url), None
    if candidates:
        return None, f"unusable link {candidates[0].strip()[:200]!r}"
    return None, None


def _raw_date(entry: Mapping[str, Any]) -> list[str]:
    # dict.get: FeedParserDict maps a missing `published` to `updated` with a
    # deprecation warning; the fields are read one by one here anyway.
    out = []
    for key in ("published", "updated", "created"):
        value = dict.get(entry, key) if isinstance(entry, dict) else entry.get(key)
        if isinstance(value, str) and value.strip():
            out.append(value)
    return out


def _entry(
    entry: Mapping[str, Any], index: int, base_url: str | None, problems: list[str]
) -> tuple[FeedEntry | None, str, str | None]:
    """(entry or None, label for reports, skip reason)."""
    title = clean_text(entry.get("title"))
    summary = clean_text(entry.get("summary")) or None
    content_html = _content_html(entry)
    link, link_problem = _link(entry, base_url)
    guid = (entry.get("id") or "").strip() or None
    label = title or link or guid or f"entry #{index + 1}"
    if link_problem:
        problems.append(f"{label}: {link_problem}")

    published = None
    raws = _raw_date(entry)
    for raw in raws:
        published = parse_date(raw)
        if published:
            break
    if raws and published is None:
        problems.append(f"{label}: unreadable date {raws[0][:80]!r}")

    if not link and not content_html:
        return None, label, "no link and no content"
    if not title:
        source = summary or clean_text(content_html)
        if not source:
            return None, label, "no title and nothing to derive one from"
        title = _derive_title(source)
        problems.append(f"{label}: no title; derived from {'summary' if summary else 'content'}")

    identity = entry_identity(guid, link, title, published, summary)
    return (
        FeedEntry(
            identity=identity,
            title=title,
            link=link,
            guid=guid,
            published=published,
            summary=summary,
            content_html=content_html,
            author=_author(entry),
        ),
        title,
        None,
    )


_DUPLICATE_REASON = {"guid": "duplicate guid", "url": "duplicate link", "hash": "duplicate content"}


_CDATA_OR_COMMENT = re.compile(rb"<!\[CDATA\[.*?\]\]>|<!--.*?-->", re.S)
_BARE_AMP = re.compile(rb"&(?!(?:#[0-9]+|#[xX][0-9A-Fa-f]+|[A-Za-z][A-Za-z0-9]*);)")


def _escape_bare_ampersands(data: bytes) -> tuple[bytes, int]:
    """Escape `&` that starts no entity (`R&D`, `M&A` in titles), outside CDATA.

    One such character makes the whole feed malformed XML, and feedparser's
    fallback parser then mangles text (`R&D` becomes `R&D;`).
    """
    out: list[bytes] = []
    count = 0
    pos = 0
    for m in _CDATA_OR_COMMENT.finditer(data):
        fixed, n = _BARE_AMP.subn(b"&amp;", data[pos : m.start()])
        out += [fixed, m.group(0)]
        count += n
        pos = m.end()
    fixed, n = _BARE_AMP.subn(b"&amp;", data[pos:])
    out.append(fixed)
    return b"".join(out), count + n


def _looks_like_html(text: bytes) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


def parse_feed(
    content: bytes, headers: Mapping[str, str] | None = None, base_url: str | None = None
) -> ParsedFeed:
    """Parse RSS/Atom bytes into FeedEntry items; never raises on bad input."""
    data, decoded = xml_to_utf8(content or b"", headers)
    feed = ParsedFeed(
        title=None, link=None, entries=[], charset=decoded.charset, charset_source=decoded.source
    )
    if not data.strip():
        feed.bozo = True
        feed.problems.append("empty document")
        return feed

    data, repaired = _escape_bare_ampersands(data)
    if repaired:
        feed.problems.append(f"escaped {repaired} bare '&' (invalid XML)")

    # Only headers that cannot contradict the re-encoded bytes; the base lets
    # feedparser resolve relative links inside summaries and content too.
    # A file:// base (a feed read from disk) must not turn relative links
    # into local paths.
    http_base = base_url if is_http_url(base_url) else None
    response_headers = {"content-type": "application/xml; charset=utf-8"}
    if http_base:
        response_headers["content-location"] = http_base
    try:
        # A file object, never bytes: feedparser opens a bytes value that
        # names an existing path as a local file.
        parsed = feedparser.parse(io.BytesIO(data), response_headers=response_headers)
    except Exception as exc:  # feedparser's fallback parser can still trip on junk
        feed.bozo = True
        feed.problems.append(f"feed parser failed: {type(exc).__name__}: {exc}")
        return feed

    if parsed.get("bozo"):
        feed.bozo = True
        exc = parsed.get("bozo_exception")
        feed.problems.append(f"malformed feed: {type(exc).__name__}: {exc}" if exc else "malformed feed")
    if not parsed.get("version") and not parsed.get("entries"):
        feed.bozo = True
        feed.problems.append(
            "not a feed: an HTML page" if _looks_like_html(data) else "not a feed: no RSS/Atom/RDF root"
        )

    meta = parsed.get("feed") or {}
    feed.title = clean_text(meta.get("title")) or None
    feed.link = canonical_url(meta.get("link"), http_base)

    # Without a fetch URL, the channel's own link is the best base for
    # relative item links.
    entry_base = http_base or feed.link

    seen_ids: set[str] = set()
    seen_links: dict[str, str] = {}  # canonical link -> title
    for index, raw in enumerate(parsed.get("entries") or []):
        try:
            entry, label, reason = _entry(raw, index, entry_base, feed.problems)
        except Exception as exc:  # one odd entry must not lose the rest of the feed
            feed.skipped.append((f"entry #{index + 1}", f"error: {type(exc).__name__}: {exc}"))
            continue
        if entry is None:
            feed.skipped.append((label, reason or "unusable"))
            continue
        if entry.identity in seen_ids:
            feed.skipped.append((label, _DUPLICATE_REASON[entry.identity.split(":", 1)[0]]))
            continue
        if entry.link and entry.link in seen_links and (
            seen_links[entry.link] == entry.title or article_id(entry.link)
        ):
            # Same article under two GUIDs (outlets list it in several
            # sections). A shared link without an article id (every item
            # pointing at the home page) is not evidence of that.
            feed.skipped.append((label, "duplicate link"))
            continue
        seen_ids.add(entry.identity)
        if entry.link:
            seen_links.setdefault(entry.link, entry.title)
        feed.entries.append(entry)
    return feed
