"""Page bytes -> Article: decoding, main text with structure, metadata.

Bytes are decoded here (decode.py) rather than by trafilatura, because
Korean pages are often EUC-KR/CP949 with missing or lying declarations.
trafilatura finds the main text; we walk its element tree so paragraph
boundaries and in-article subheadings survive. Pages that render their
body from embedded JSON (Arc/Fusion sites, JSON-LD ``articleBody``) give
trafilatura nothing, so that JSON is read as a fallback, and the feed's own
``content:encoded`` after that. A bare body fragment (no <head>, no
<title>, as some CMSs expose article bodies) is read paragraph by paragraph
when trafilatura finds nothing in it, and takes the feed item's title.
"""
from __future__ import annotations

import html as htmlmod
import json
import re
import unicodedata
from collections.abc import Mapping
from datetime import datetime, time

import trafilatura
from lxml import etree

from .decode import decode_bytes
from .models import KST, Article, Block


class ExtractError(Exception):
    pass


# Subheads that newsrooms mark with a leading symbol inside a plain <p>.
_SUBHEAD_MARK = re.compile(r"^\s*[■▶▷◆◇▲△◎]\s*")
# Press releases bullet every paragraph (□ ○ - ▪); the bullet is layout, not text.
_BULLET = re.compile(r"^\s*(?:[□○●◦▪•·∙]|-(?=\s))\s*")
_SENT_END = re.compile(r"[다요까죠음함됨임][.!?]?[\"”’']?\s*$|[.!?]\s*$")
_WS = re.compile(r"[ \t\u00a0\u3000\r\f\v]+")
_META_DATE = re.compile(
    r"""<meta[^>]+(?:property|name|itemprop)\s*=\s*["'](?:article:published_time|og:published_time|"""
    r"""datePublished|pubdate|publish-date|article\.published|dcterms\.date)["'][^>]*>""",
    re.I,
)
_CONTENT_ATTR = re.compile(r"""content\s*=\s*["']([^"']+)["']""", re.I)
_JSON_LD = re.compile(r"""<script[^>]+application/ld\+json[^>]*>(.*?)</script>""", re.I | re.S)
_ARC = re.compile(r"Fusion\.globalContent\s*=\s*(\{.*?\});\s*Fusion\.", re.S)
_TAG = re.compile(r"<[^>]+>")

MIN_BODY_CHARS = 80


def norm(s: str) -> str:
    s = unicodedata.normalize("NFC", s)
    return _WS.sub(" ", s).strip()


def extract_article(
    content: bytes,
    url: str,
    headers: Mapping[str, str] | None = None,
    *,
    fallback_title: str | None = None,
    fallback_published: datetime | None = None,
    fallback_html: str | None = None,
) -> Article:
    decoded = decode_bytes(content, headers, "html")
    page = decoded.text
    doc = None
    try:
        # Body only: trafilatura's metadata pass costs as much as the body
        # extraction itself, and news pages state their metadata in <head>
        # tags (read by _head_meta); its metadata is the fallback below.
        doc = trafilatura.bare_extraction(
            page, url=url, with_metadata=False, include_formatting=True,
            include_comments=False, include_tables=False, include_images=False, deduplicate=False,
        )
    except Exception:  # trafilatura raises on some pathological markup
        doc = None
    blocks = _blocks_from_tree(doc.body) if doc is not None and doc.body is not None else []
    if _chars(blocks) < MIN_BODY_CHARS:
        blocks = _blocks_from_json(page) or blocks
    fragment = _is_fragment(page)
    if _chars(blocks) < MIN_BODY_CHARS and fragment:
        # trafilatura wants a page around the text; a fragment is all text.
        blocks = _blocks_from_fragment(page) or blocks
    if _chars(blocks) < MIN_BODY_CHARS and fallback_html:
        blocks = _blocks_from_html(fallback_html) or blocks
    if _chars(blocks) < MIN_BODY_CHARS:
        # Navigation crumbs are not an article; better no post than a bad one.
        raise ExtractError(f"no article text found in the page ({_chars(blocks)} characters)")
    head = _head_meta(page)
    published = _published(page, fallback_published)
    if not head.get("og_title") or published is None:
        # A page without Open Graph tags (or any date): trafilatura's
        # heuristics (title from h1/<title>, date from the page) decide.
        for key, value in _trafilatura_meta(page, url).items():
            if key == "title" and fallback_title and not head.get("title"):
                continue  # no <title>: the feed's headline beats a guess from the body
            if value and (key != "title" or not head.get("og_title")):
                head[key] = value
        if published is None and head.get("date"):
            published = _day(head["date"])
    title = _without_site(norm(head.get("title") or fallback_title or ""), head.get("site_name"))
    if fallback_title and (not title or title == head.get("site_name")):
        title = norm(fallback_title)
    if not title:
        raise ExtractError("the page has no title")
    # A first block repeating the headline is page chrome, not body.
    if blocks and norm(blocks[0].text) == title:
        blocks = blocks[1:]
    image = head.get("image")
    if image and not image.lower().startswith(("http://", "https://")):
        image = None
    return Article(
        url=url,
        title=title,
        blocks=blocks,
        published=published,
        author=head.get("author"),
        image=image,
        site_name=head.get("site_name"),
        description=head.get("description"),
        charset=decoded.charset,
        charset_source=decoded.source,
    )


_PAGE_TAG = re.compile(r"<(?:head|title)[\s>]", re.I)


def _is_fragment(page: str) -> bool:
    """Markup with no page around it: no <head> and no <title> (a bare <html><body>
    wrapper, as scrapers save article bodies, is still a fragment)."""
    return _PAGE_TAG.search(page[:20_000]) is None


def _without_site(title: str, site: str | None) -> str:
    """`기사 제목 | 한국뉴스` -> `기사 제목`: outlets often append their name."""
    if not site:
        return title
    m = re.match(rf"^(.*\S)\s*(?:\||::|:|-|–|—|·|<|>)\s*{re.escape(site)}\s*$", title)
    return m.group(1) if m else title


def _trafilatura_meta(page: str, url: str) -> dict[str, str]:
    try:
        from trafilatura.metadata import extract_metadata
        from trafilatura.utils import load_html

        tree = load_html(page)
        meta = extract_metadata(tree, default_url=url) if tree is not None else None
    except Exception:  # metadata is best effort; the feed still has title and date
        return {}
    if meta is None:
        return {}
    out = {"title": meta.title, "date": meta.date, "author": meta.author, "image": meta.image,
           "site_name": meta.sitename, "description": meta.description}
    return {k: norm(v) for k, v in out.items() if isinstance(v, str) and v.strip()}


def _chars(blocks: list[Block]) -> int:
    return sum(len(b.text) for b in blocks if b.kind == "p")


def _is_subhead(text: str, emphasised: bool) -> bool:
    # A marked or bold line that ends like a sentence is a lead-in, not a heading.
    if len(text) > 60 or _SENT_END.search(text):
        return False
    return emphasised or bool(_SUBHEAD_MARK.match(text))


def _blocks_from_tree(body: etree._Element) -> list[Block]:
    out: list[Block] = []

    def add(kind: str, raw: str) -> None:
        text = norm(raw)
        text = _SUBHEAD_MARK.sub("", text).strip() if kind == "h" else _BULLET.sub("", text)
        if text:
            out.append(Block(kind, text))

    for el in body:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag == "head":
            add("h", "".join(el.itertext()))
        elif tag in ("p", "quote"):
            text = norm("".join(el.itertext()))
            hi = el.findall("hi")
            emphasised = bool(hi) and norm("".join("".join(h.itertext()) for h in hi)) == text
            add("h" if _is_subhead(text, emphasised) else "p", text)
        elif tag == "list":
            # Lists inside news bodies are mostly related-link farms; keep
            # only items that read like prose.
            for item in el.iter("item"):
                text = norm("".join(item.itertext()))
                if len(text) >= 40 and _SENT_END.search(text):
                    add("p", text)
    return out


def _blocks_from_text(paragraphs: list[str]) -> list[Block]:
    out = []
    for p in paragraphs:
        text = norm(p)
        if _is_subhead(text, False):
            out.append(Block("h", _SUBHEAD_MARK.sub("", text).strip()))
        elif text := _BULLET.sub("", text):
            out.append(Block("p", text))
    return out


def _blocks_from_html(fragment: str) -> list[Block]:
    parts = re.split(r"(?i)</p\s*>|<br\s*/?>\s*<br\s*/?>|<p[^>]*>|\n\s*\n", fragment)
    return _blocks_from_text([htmlmod.unescape(_TAG.sub("", p)) for p in parts])


_BLOCK_TAG = re.compile(r"(?i)</?(?:div|figure|figcaption|img|table|tbody|thead|tr|td|th|ul|ol|li|h[1-6]|section|article|blockquote)\b[^>]*>")
_BR = re.compile(r"(?i)<br\s*/?>")


def _blocks_from_fragment(fragment: str) -> list[Block]:
    """Paragraphs of bare body markup, read as a browser would: a raw newline
    is a space, `<br>` a line break, two of them or a block element a new
    paragraph (an image or a figure between lines separates them)."""
    text = re.sub(r"\s*\n\s*", " ", fragment)
    text = _BLOCK_TAG.sub("<br><br>", text)
    parts = re.split(r"(?i)</p\s*>|<p[^>]*>|(?:<br\s*/?>\s*){2,}", text)
    return _blocks_from_text([htmlmod.unescape(_TAG.sub("", _BR.sub("\n", p))) for p in parts])


def _blocks_from_json(page: str) -> list[Block]:
    for m in _JSON_LD.finditer(page):
        try:
            data = json.loads(m.group(1).strip())
        except ValueError:
            continue
        for obj in data if isinstance(data, list) else [data]:
            body = obj.get("articleBody") if isinstance(obj, dict) else None
            if isinstance(body, str) and len(body) >= MIN_BODY_CHARS:
                return _blocks_from_text(re.split(r"\n\s*\n|\n", body))
    m = _ARC.search(page)
    if m:
        try:
            data = json.loads(m.group(1))
        except ValueError:
            return []
        out: list[Block] = []
        for el in data.get("content_elements") or []:
            if not isinstance(el, dict) or not isinstance(el.get("content"), str):
                continue
            text = norm(htmlmod.unescape(_TAG.sub("", el["content"])))
            if not text:
                continue
            out.append(Block("h" if el.get("type") == "header" else "p", text))
        return out
    return []


_OG = re.compile(r"""<meta\s[^>]*(?:property|name)\s*=\s*["'](og:title|og:image|og:site_name|og:description|description|author|article:author|dable:author)["'][^>]*>""", re.I)
_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.I | re.S)


def _head_meta(page: str) -> dict[str, str]:
    """Open Graph and <title> metadata, for pages trafilatura gave up on."""
    out: dict[str, str] = {}
    head = page[:200_000]
    for m in _OG.finditer(head):
        c = _CONTENT_ATTR.search(m.group(0))
        if c:
            key = {"og:title": "og_title", "og:image": "image", "og:site_name": "site_name",
                   "og:description": "description", "description": "description"}.get(m.group(1).lower(), "author")
            value = norm(htmlmod.unescape(c.group(1)))
            if value:
                out.setdefault(key, value)
    if "og_title" in out:
        out["title"] = out["og_title"]
    elif (t := _TITLE.search(head)):
        out["title"] = norm(htmlmod.unescape(_TAG.sub("", t.group(1))))
    return out


def _published(page: str, fallback: datetime | None) -> datetime | None:
    """Full timestamp from page metadata, else the feed's (naive times are KST).

    Both beat a date found by heuristics in the page, which only knows the day.
    """
    for m in _META_DATE.finditer(page[:200_000]):
        c = _CONTENT_ATTR.search(m.group(0))
        if not c:
            continue
        dt = _parse_dt(c.group(1).strip())
        if dt:
            return dt
    return fallback


def _day(day: str) -> datetime | None:
    try:
        d = datetime.strptime(day[:10], "%Y-%m-%d").date()
    except ValueError:
        return None
    return datetime.combine(d, time(0, 0), KST)


def _parse_dt(s: str) -> datetime | None:
    s = s.replace("Z", "+00:00")
    for cand in (s, s.replace(" ", "T", 1)):
        try:
            dt = datetime.fromisoformat(cand)
        except ValueError:
            continue
        return dt if dt.tzinfo else dt.replace(tzinfo=KST)
    return None
