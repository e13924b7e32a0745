"""Render a Post to Jekyll/Hugo Markdown and write it atomically.

Everything that reaches a post passes one of three gates:

* text (headings, sentences, labels, link titles) is HTML-escaped and every
  ``{`` becomes ``&#123;``, so neither Liquid (``{{``/``{%``) nor Hugo
  shortcodes (``{{<``/``{{%``) can fire and no tag or event handler can be
  injected;
* URLs must be absolute http(s) URLs; anything else is dropped, and the rest
  is percent-encoded so it cannot break out of an attribute, a Markdown link
  or a single-quoted YAML scalar;
* front matter goes through :mod:`pipeline.frontmatter`, and the written file
  is parsed back and compared with what was meant before the write counts.
  Its strings are themselves neutralised, because themes print them through
  ``markdownify`` and Liquid-aware filters: Markdown links and raw URLs whose
  scheme is not http, https or mailto lose their link syntax wherever they
  stand, and Liquid/Hugo openers (``{{``, ``{%``, ``{{<``) cannot survive.

The output depends only on the Post and the settings (no run timestamps), so
re-rendering an unchanged item produces the same bytes and no write at all.
"""
from __future__ import annotations

import functools
import hashlib
import html
import itertools
import os
import re
import tempfile
import time
import unicodedata
from dataclasses import dataclass
from datetime import datetime, tzinfo
from html.parser import HTMLParser
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import quote, urlsplit, urlunsplit

from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import jinja2

from pipeline import frontmatter
from pipeline.config import ComposeSettings, SiteProfile
from pipeline.models import KST, Post, WrittenPost
from pipeline.slug import is_valid_slug, item_hash, make_slug

__all__ = [
    "post_relpath",
    "render",
    "write_post",
    "safe_url",
    "plain_text",
    "escape_text",
    "sanitize_inline_html",
    "WriteError",
    "draft_state",
    "publish_file",
    "featured_relpath",
    "featured_url",
]

PACKAGE_TEMPLATES = Path(__file__).parent / "templates"
_POST_DIRS = {"jekyll": "_posts", "hugo": "content/posts"}
_MAX_SLUG = 100


class WriteError(ValueError):
    """The post cannot be written safely (bad path, template or front matter).

    A ValueError so callers that already treat bad input as "skip this item"
    need no special case."""


# ---------------------------------------------------------------- text gates

_WS = re.compile(r"\s+")
_CTRL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2060\ufeff\ufffe\uffff\ud800-\udfff]")


@functools.lru_cache(maxsize=4096)
def _squash(s: str | None) -> str:
    """NFC, no control/bidi/zero-width characters, one line, single spaces.

    Cached: every text is squashed once for the context and again by the
    template's escape filter, and site strings repeat on every post."""
    s = unicodedata.normalize("NFC", s or "")
    s = _CTRL.sub("", s)
    return _WS.sub(" ", s).strip()


def escape_text(s: str | None) -> str:
    """HTML text node content that also survives Liquid and Hugo shortcodes."""
    return html.escape(_squash(s), quote=False).replace("{", "&#123;")


def _attr(s: str | None) -> str:
    return html.escape(_squash(s), quote=True).replace("{", "&#123;")


_ENTITY_AMP = re.compile(r"&(?=#?[A-Za-z0-9]+;)")
_LIST_MARK = re.compile(r"(\d{1,9})([.)])")


_ALLOWED_SCHEMES = frozenset({"http", "https", "mailto"})
# A scheme as a browser reads one: letters first, then letters, digits, + . -
_SCHEME_AT = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# A raw scheme-like token anywhere in the text ("javascript:alert(1)").
_RAW_SCHEME = re.compile(r"(?<![A-Za-z0-9+.\-])([A-Za-z][A-Za-z0-9+.\-]*)(?=:\S)")
# Markdown link syntax: inline links and images `[t](dest)` and reference
# definitions `[t]: dest`. The destination runs to the closing parenthesis,
# spaces included, so nothing can hide behind a space.
_MD_INLINE_LINK = re.compile(r"\](\s*)\(([^)]*)")
_MD_REF_DEF = re.compile(r"\](\s*):([^\n]*)")
_INVISIBLE = re.compile(r"[\s\x00-\x1f\x7f\\]+")


def _decoded(s: str) -> str:
    """*s* with every layer of character references undone (Markdown decodes
    one, the browser another), for judging, never for output."""
    for _ in range(4):
        d = html.unescape(s)
        if d == s:
            break
        s = d
    return s


def scheme_allowed(target: str) -> bool:
    """Would a browser following *target* stay on http, https or mailto (or
    a relative URL)? Judged after decoding references and dropping the
    whitespace and control characters browsers ignore inside a scheme."""
    t = _INVISIBLE.sub("", _decoded(target)).lstrip("<")
    m = _SCHEME_AT.match(t)
    return m is None or m.group(1).lower() in _ALLOWED_SCHEMES


def _neutralise(s: str, *, entities: bool) -> str:
    """No live link to a scheme outside the allow-list, at any position.

    ``entities``: the text is read as Markdown/HTML, so a numeric character
    reference breaks the syntax without changing what is shown; otherwise
    (titles, which some themes print raw) a full-width look-alike does."""
    paren, colon = ("&#40;", "&#58;") if entities else ("（", "：")

    def inline(m: re.Match[str]) -> str:
        return m.group(0) if scheme_allowed(m.group(2)) else f"]{m.group(1)}{paren}{m.group(2)}"

    def ref(m: re.Match[str]) -> str:
        return m.group(0) if scheme_allowed(m.group(2)) else f"]{m.group(1)}{colon}{m.group(2)}"

    def raw(m: re.Match[str]) -> str:
        return m.group(0) if m.group(1).lower() in _ALLOWED_SCHEMES else m.group(1) + "\x00"

    if "]" in s:
        s = _MD_INLINE_LINK.sub(inline, s)
        s = _MD_REF_DEF.sub(ref, s)
    if ":" in s:
        # The colon of a raw "javascript:..." becomes inert (marked, then replaced).
        s = _RAW_SCHEME.sub(raw, s).replace("\x00:", colon)
    return s


def _no_liquid(s: str) -> str:
    """Braces as full-width look-alikes: no ``{{``, ``{%`` or ``{{<`` can
    open a Liquid tag or Hugo shortcode, in text that cannot carry entities."""
    return s.replace("{", "｛").replace("}", "｝") if ("{" in s or "}" in s) else s


def plain_text(s: str | None) -> str:
    """Title-like plain text: no HTML, no entities, one line.

    Titles are printed raw by some themes (Alembic's ``<h1>``) and escaped by
    others (jekyll-seo-tag, Hugo), so neither a tag nor an entity can be shown
    correctly everywhere. Entities are decoded once and ASCII angle brackets
    become the CJK brackets Korean headlines use for titles of works; braces
    and the colon of a link to a scheme outside http/https/mailto become
    full-width look-alikes, since themes also run titles through
    ``markdownify`` and Liquid.
    """
    s = html.unescape(_squash(s))
    s = s.replace("<", "〈").replace(">", "〉")
    # A decoded "&amp;lt;" would come back as an entity in raw-printing themes.
    s = _ENTITY_AMP.sub("＆", s)
    return _squash(_neutralise(_no_liquid(s), entities=False))


def _md_inline(s: str | None) -> str:
    """Plain text for front-matter fields that themes pass through
    ``markdownify``/``RenderString``: HTML-escaped (raw HTML would pass
    straight through Markdown), free of Liquid/shortcode openers, and with
    no live link outside http/https/mailto."""
    return _neutralise(escape_text(html.unescape(_squash(s))), entities=True)


def _markdown_plain(s: str | None) -> str:
    """:func:`_md_inline`, plus no leading Markdown block marker that would
    turn the lead into a heading, list or quote.

    The marker becomes a numeric character reference rather than a
    backslash escape: Markdown never reads a reference as structure, and
    themes that print the excerpt as HTML without ``markdownify``
    (jekyll-seo-tag's description) show the character instead of a stray
    backslash."""
    s = _md_inline(s)
    m = _LIST_MARK.match(s)
    if m:
        return f"{m.group(1)}&#{ord(m.group(2))};{s[m.end():]}"
    if s[:1] and s[0] in "#*+-=|~`_[!:":
        return f"&#{ord(s[0])};{s[1:]}"
    return s


_STYLE_BAD = re.compile(r"url\s*\(|expression|javascript:|@import|behavior|[<>\"\\{}]", re.I)


def _safe_style(style: str | None) -> str | None:
    s = _squash(style)
    if not s or _STYLE_BAD.search(s):
        return None
    return s


# ------------------------------------------------------------------ URL gate

_URL_SAFE_PATH = "/:@!$&*+,;=%~-._"
_URL_SAFE_QUERY = _URL_SAFE_PATH + "?"


def safe_url(url: str | None) -> str | None:
    """An absolute http(s) URL, percent-encoded for every place a post uses
    it (HTML attribute, Markdown link, single-quoted YAML), or None."""
    if not url or not isinstance(url, str):
        return None
    return _safe_url(url)


@functools.lru_cache(maxsize=1024)  # banner and link URLs repeat on every post
def _safe_url(url: str) -> str | None:
    if _CTRL.search(url) or re.search(r"[\n\r\t]", url.strip()):
        return None
    # Feeds do carry image URLs with raw spaces ("a b.jpg"); they are encoded
    # below like any other unsafe character.
    u = unicodedata.normalize("NFC", url).strip()
    if not u:
        return None
    # A doubled scheme ("https://https://www.korea.kr", in the seed itself)
    # names a host called "https"; the intended URL is obvious.
    u = re.sub(r"^(https?://)+(?=https?://)", "", u, flags=re.I)
    try:
        parts = urlsplit(u)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname or parts.username or parts.password:
        return None
    host = parts.hostname.rstrip(".")
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host.lower()
    except UnicodeError:
        return None
    if not re.fullmatch(r"[a-z0-9.-]+|\[[0-9a-f:.]+\]", host if ":" not in host else f"[{host}]"):
        return None
    if ":" in host:
        host = f"[{host}]"
    netloc = host + (f":{port}" if port is not None else "")
    def enc(part: str, safe: str) -> str:
        # Existing %XX escapes are kept; a stray "%" is encoded itself.
        return re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", quote(part, safe=safe))

    path = enc(parts.path, _URL_SAFE_PATH)
    query = enc(parts.query, _URL_SAFE_QUERY)
    fragment = enc(parts.fragment, _URL_SAFE_QUERY)
    return urlunsplit((scheme, netloc, path, query, fragment))


# --------------------------------------------------- trusted-ish inline HTML

_INLINE_TAGS = {"a", "b", "strong", "i", "em", "span", "br", "small", "p", "u", "s", "sup", "sub"}
_VOID = {"br"}
_DROP_CONTENT = {"script", "style", "iframe", "object", "embed", "template", "noscript", "svg", "math", "textarea"}
_ALLOWED_ATTRS = {"a": {"href", "rel", "title"}, "span": {"style"}, "p": {"style", "data-ke-size"}}


class _InlineSanitizer(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.open: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROP_CONTENT:
            self.skip += 1
            return
        if self.skip or tag not in _INLINE_TAGS:
            return
        kept = []
        for name, value in attrs:
            if name not in _ALLOWED_ATTRS.get(tag, ()):
                continue
            if name == "href":
                value = safe_url(value)
            elif name == "style":
                value = _safe_style(value)
            if value is not None:
                kept.append(f' {name}="{_attr(value)}"')
        self.out.append(f"<{tag}{''.join(kept)}>")
        if tag not in _VOID:
            self.open.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID and not self.skip:
            self.out.append(f"<{tag}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROP_CONTENT:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip or tag not in self.open:
            return
        while self.open:
            t = self.open.pop()
            self.out.append(f"</{t}>")
            if t == tag:
                break

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.out.append(html.escape(data, quote=False).replace("{", "&#123;"))

    def result(self) -> str:
        self.close()
        self.out.extend(f"</{t}>" for t in reversed(self.open))
        self.open = []
        return _WS.sub(" ", "".join(self.out)).strip()


@functools.lru_cache(maxsize=64)  # the same site setting on every post
def sanitize_inline_html(fragment: str | None) -> str:
    """Operator-supplied HTML (``closing_html``) reduced to simple inline
    markup: no scripts, no event handlers, only http(s) links, one line."""
    p = _InlineSanitizer()
    p.feed(_squash(fragment))
    return p.result()


# --------------------------------------------------------------- the layout


@dataclass(frozen=True)
class _Sentence:
    text: str  # raw text; the template escapes it
    style: str | None


@dataclass(frozen=True)
class _Section:
    heading: str
    sentences: tuple[_Sentence, ...]


@dataclass(frozen=True)
class _Link:
    title: str
    url: str


@functools.lru_cache(maxsize=8)
def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise WriteError(f"unknown timezone {name!r}") from None


def _local(dt: datetime, site: SiteProfile) -> datetime:
    """The publication time in the site's zone (KST by default): it names
    the file's day and is the offset written in ``date:``. A naive datetime
    in this pipeline is a KST wall-clock time."""
    aware = dt.replace(tzinfo=KST) if dt.tzinfo is None else dt
    return aware.astimezone(_zone(site.timezone))


def _slug(post: Post) -> str:
    """The post's slug if it is safe and carries the item hash, else a fresh one.

    The hash suffix is what keeps two same-day items apart, so a slug from
    elsewhere without it gets it appended rather than trusted."""
    slug, digest = (post.slug or "").strip(), item_hash(post.item_id)
    if is_valid_slug(slug) and len(slug) <= _MAX_SLUG:
        if slug == digest or slug.endswith("-" + digest):
            return slug
        if len(slug) + 7 <= _MAX_SLUG:
            return f"{slug}-{digest}"
    return make_slug(post.title, post.source_url, post.item_id)


def post_dir(site: SiteProfile) -> str:
    """The folder, relative to the output folder, that posts are written to."""
    folder = _POST_DIRS.get(site.generator)
    if folder is None:
        raise WriteError(f"unknown site generator {site.generator!r}")
    return folder


def post_relpath(post: Post, site: SiteProfile) -> str:
    """``_posts/YYYY-MM-DD-<slug>.md`` (Jekyll) or ``content/posts/…`` (Hugo),
    dated by the KST publication day; always a plain relative POSIX path."""
    folder = _POST_DIRS.get(site.generator)
    if folder is None:
        raise WriteError(f"unknown site generator {site.generator!r}")
    day = _local(post.published, site).date().isoformat()
    rel = f"{folder}/{day}-{_slug(post)}.md"
    if not re.fullmatch(r"[a-z_/]+/\d{4}-\d{2}-\d{2}-[a-z0-9-]+\.md", rel):
        raise WriteError(f"refusing unsafe post path {rel!r}")
    return rel


def _unique(items: list[str]) -> list[str]:
    seen: list[str] = []
    for it in items:
        if it and it not in seen:
            seen.append(it)
    return seen


def _context(post: Post, site: SiteProfile, settings: ComposeSettings, draft: bool,
             local_image: str | None) -> dict[str, Any]:
    styles = settings.highlight_styles
    sections = []
    for sec in post.sections:
        sents = []
        for s in sec.sentences:
            text = _squash(s.text)
            if not text:
                continue
            style = None
            if s.highlight is not None and 0 <= s.highlight < len(styles):
                style = _safe_style(styles[s.highlight])
            sents.append(_Sentence(text, style))
        heading = _squash(sec.heading)
        if sents:
            sections.append(_Section(heading, tuple(sents)))
    source_url = safe_url(post.source_url)
    article_image = local_image or (safe_url(post.image) if site.use_article_image else None)
    banner = safe_url(site.banner_image)
    image = article_image or banner
    links = []
    if source_url:
        links.append(_Link(_squash(site.source_link_text) or source_url, source_url))
    for link in site.extra_links:
        url = safe_url(link.url)
        if url:
            links.append(_Link(_squash(link.title) or url, url))
    excerpt = _markdown_plain(post.excerpt)
    when = _local(post.published, site)
    outlets = [_Link(_squash(s.label) or _squash(s.title) or url, url)
               for s in post.sources if (url := safe_url(s.url))] if len(post.sources) > 1 else []
    return {
        "title": plain_text(post.title) or plain_text(post.source_title) or "(untitled)",
        "categories": _unique([plain_text(c) for c in post.categories]),
        "tags": _unique([plain_text(t) for t in post.tags]),
        "excerpt": excerpt,
        "banner_heading": _md_inline(site.banner_heading),
        "description": plain_text(post.description or post.excerpt),
        "date": when.replace(microsecond=0),
        "draft": draft,
        "slug": _slug(post),
        "image": image,
        "image_alt": plain_text(site.banner_alt if image == banner else post.title),
        "source_url": source_url,
        "source_title": _squash(post.source_title) or _squash(post.title),
        "source_label": _squash(post.source_label),
        "sections": sections,
        "links": links,
        "sources": outlets if len(outlets) > 1 else [],  # "함께 보도한 매체", only for several outlets
        "closing_html": sanitize_inline_html(site.closing_html),
        "site_name": _squash(site.name),
    }


def _md_alt(s: str) -> str:
    return re.sub(r"([\\\[\]`*_])", r"\\\1", escape_text(s))


def _fm(mapping: dict) -> str:
    # Drop keys whose value is missing (no image) instead of writing null.
    return frontmatter.dump({k: v for k, v in mapping.items() if v is not None}).rstrip("\n")


@functools.lru_cache(maxsize=8)
def _env(templates_dir: str | None) -> jinja2.Environment:
    paths = []
    if templates_dir:
        user = Path(templates_dir).expanduser()
        if not user.is_dir():
            raise WriteError(f"site.templates_dir {templates_dir!r} is not a directory")
        paths.append(str(user))
    paths.append(str(PACKAGE_TEMPLATES))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(paths),
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["e"] = escape_text
    env.filters["escape"] = escape_text
    env.filters["attr"] = _attr
    env.filters["md_alt"] = _md_alt
    env.globals["front_matter"] = _fm
    return env


_TRAILING_WS = re.compile(r"[ \t]+\n")
_BLANK_RUN = re.compile(r"\n{3,}")
_ACTIVE = re.compile(r"<\s*script|<[^>]*\son[a-z]+\s*=|=\s*[\"']?\s*javascript:", re.I)


def render(post: Post, site: SiteProfile, settings: ComposeSettings, *, draft: bool | None = None,
           local_image: str | None = None) -> str:
    """The post file's full text (UTF-8 str, LF line endings, one final newline).

    ``draft`` defaults to ``site.draft``; :func:`write_post` passes False for
    a post already published. ``local_image`` is the site URL of a featured
    image downloaded beforehand (see :mod:`pipeline.images`)."""
    ctx = _context(post, site, settings, site.draft if draft is None else draft, local_image)
    try:
        # Resolved before caching, so a relative folder means the same thing
        # for the whole run even if the working directory changes.
        tdir = str(Path(site.templates_dir).expanduser().resolve()) if site.templates_dir else None
        template = _env(tdir).get_template(f"{site.generator}.md.j2")
        text = template.render(**ctx)
    except jinja2.TemplateError as e:
        raise WriteError(f"template {site.generator}.md.j2: {type(e).__name__}: {e}") from None
    text = text.replace("\r\n", "\n")
    # The substring tests are exact prefilters: each pattern needs one.
    if " \n" in text or "\t\n" in text:
        text = _TRAILING_WS.sub("\n", text)
    if "\n\n\n" in text:
        text = _BLANK_RUN.sub("\n\n", text)
    text = text.rstrip("\n") + "\n"
    _verify(text, ctx)
    return text


def _verify(text: str, ctx: dict[str, Any]) -> None:
    """Parse the front matter back and compare it with what was meant."""
    try:
        data, body = frontmatter.load(text)
    except frontmatter.FrontMatterError as e:
        raise WriteError(f"rendered post has broken front matter: {e}") from None
    expected = {"title": ctx["title"], "categories": ctx["categories"], "slug": ctx["slug"]}
    for key, want in expected.items():
        if key in data and data[key] != want:
            raise WriteError(f"front matter {key!r} reads back as {data[key]!r}, expected {want!r}")
    if data.get("title") != ctx["title"]:
        raise WriteError(f"front matter title reads back as {data.get('title')!r}, expected {ctx['title']!r}")
    for key in ("excerpt", "feature_text", "description"):
        if key in data and not isinstance(data[key], str):
            raise WriteError(f"front matter {key!r} is not a string: {data[key]!r}")
    if "excerpt" in data and data["excerpt"].rstrip("\n") != ctx["excerpt"]:
        raise WriteError(f"front matter excerpt reads back as {data['excerpt']!r}")
    # Whatever a custom template put there: no front-matter string may open
    # Liquid or a shortcode, or carry a link outside the allowed schemes.
    for key, value in _strings(data):
        if "{{" in value or "{%" in value:
            raise WriteError(f"front matter {key!r} carries Liquid or shortcode syntax: {value!r}")
        if _neutralise(value, entities=True) != value and _neutralise(value, entities=False) != value:
            raise WriteError(f"front matter {key!r} links to a scheme other than http, https or mailto")
    # Text is escaped, so only real tags can match; a custom template that
    # adds them is refused too.
    if _ACTIVE.search(body):
        raise WriteError("rendered body contains a script, an event handler or a javascript: URL")


# ------------------------------------------------------------ drafts, images

_DRAFT_LINES = {"jekyll": "published: false", "hugo": "draft: true"}


def _front_lines(text: str) -> tuple[list[str], int] | None:
    """The lines of a post and the index of the closing ``---`` of its front matter."""
    lines = text.split("\n")
    if not lines or lines[0] != "---":
        return None
    for i in range(1, min(len(lines), 400)):
        if lines[i] == "---":
            return lines, i
    return None


def draft_state(path: Path) -> str | None:
    """"draft" or "published" for a post file written by this module, None
    when it is missing or is not one."""
    try:
        with open(path, "rb") as fh:
            # The front matter is at the top: a draft scan over thousands of
            # posts reads a few KB of each, not whole files.
            head = fh.read(16384)
            found = _front_lines(head.decode("utf-8", "ignore"))
            if found is None and len(head) == 16384:
                found = _front_lines((head + fh.read()).decode("utf-8"))
    except (OSError, UnicodeDecodeError):
        return None
    if found is None:
        return None
    lines, end = found
    return "draft" if any(ln in _DRAFT_LINES.values() for ln in lines[1:end]) else "published"


def is_published_file(path: Path) -> bool:
    return path.is_file() and draft_state(path) == "published"


def publish_file(out_dir: str | Path, rel: str) -> bool:
    """Turn a draft post into a published one in place (atomically);
    False when it was not a draft."""
    root = Path(out_dir).resolve()
    target = _inside(root, rel)
    if target.is_symlink():
        raise WriteError(f"refusing to write through symlink {rel!r}")
    text = target.read_text(encoding="utf-8")
    found = _front_lines(text)
    if found is None:
        raise WriteError(f"{rel}: no front matter")
    lines, end = found
    kept = [ln for i, ln in enumerate(lines) if not (0 < i < end and ln in _DRAFT_LINES.values())]
    if len(kept) == len(lines):
        return False
    atomic_write(target, "\n".join(kept).encode("utf-8"))
    return True


def featured_relpath(url: str, site: SiteProfile) -> str | None:
    """Where the downloaded copy of an article image lives, relative to the
    output folder: named by a hash of its URL, so the name is known before
    the download and two posts sharing an image share the file."""
    safe = safe_url(url)
    if safe is None:
        return None
    digest = hashlib.sha256(safe.encode("utf-8")).hexdigest()[:20]
    return f"{site.featured_images.folder.strip('/')}/{digest}.jpg"


def featured_url(url: str, site: SiteProfile) -> str | None:
    rel = featured_relpath(url, site)
    if rel is None:
        return None
    return f"{site.featured_images.url_prefix.rstrip('/')}/{rel.rsplit('/', 1)[1]}"


def _strings(data: Any, key: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(data, str):
        yield key, data
    elif isinstance(data, dict):
        for k, v in data.items():
            yield from _strings(v, str(k))
    elif isinstance(data, (list, tuple)):
        for v in data:
            yield from _strings(v, key)


# ------------------------------------------------------------------ writing


def atomic_write(target: Path, data: bytes) -> None:
    """Temp file in the same folder, fsync, rename, fsync the folder."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    _fsync_dir(target.parent)


def _inside(root: Path, rel: str) -> Path:
    """``root/rel`` resolved, refusing anything that lands outside ``root``
    (``..``, absolute paths, symlinked folders or files pointing elsewhere)."""
    if not rel or "\\" in rel or "\x00" in rel or rel.startswith("/") or re.match(r"[A-Za-z]:", rel):
        raise WriteError(f"refusing path {rel!r}: not a plain relative path")
    parts = rel.split("/")
    if any(p in ("", ".", "..") for p in parts):
        raise WriteError(f"refusing path {rel!r}: empty, '.' or '..' component")
    target = root.joinpath(*parts)
    resolved = target.resolve()
    if not resolved.is_relative_to(root):
        raise WriteError(f"refusing path {rel!r}: resolves outside {root}")
    return target


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some filesystems cannot fsync a directory; the data is already synced
    finally:
        os.close(fd)


_STALE_TEMP_SECONDS = 600


_swept: set[Path] = set()


def _remove_stale_temps(target: Path) -> None:
    """Temp files a killed run left in this post's folder (never a live
    writer's: those are younger than a few seconds). Once per folder and
    process: listing a folder of thousands of posts for every write would
    make a large re-render quadratic."""
    if target.parent in _swept:
        return
    _swept.add(target.parent)
    now = time.time()
    for tmp in itertools.islice(target.parent.glob(".*.tmp"), 1000):
        try:
            if tmp.is_file() and not tmp.is_symlink() and now - tmp.stat().st_mtime > _STALE_TEMP_SECONDS:
                tmp.unlink()
        except OSError:
            pass  # another run may have removed it first


def render_for(post: Post, root: Path, site: SiteProfile, settings: ComposeSettings, *,
               previous_relpath: str | None = None) -> tuple[str, bytes]:
    """The relative path and bytes `write_post` would write under `root`: the
    same post renders differently once published or once its image is local."""
    rel = post_relpath(post, site)
    target = _inside(root, rel)
    old = _inside(root, previous_relpath) if previous_relpath and previous_relpath != rel else None
    # Once published (by `publish`, or written before drafts were switched
    # on), a post stays published when it is rendered again.
    draft = site.draft and not any(p is not None and is_published_file(p) for p in (target, old))
    local_image = None
    if site.featured_images.enabled and post.image:
        asset = featured_relpath(post.image, site)
        if asset and _inside(root, asset).is_file():
            local_image = featured_url(post.image, site)
    return rel, render(post, site, settings, draft=draft, local_image=local_image).encode("utf-8")


def write_post(
    post: Post,
    out_dir: str | Path,
    site: SiteProfile,
    settings: ComposeSettings,
    *,
    previous_relpath: str | None = None,
) -> WrittenPost:
    """Write the post under ``out_dir`` atomically; returns its relative path
    and whether the bytes on disk changed.

    When ``previous_relpath`` (where this item was written before) differs from
    the new path, the old file is removed once the new one is in place, so a
    re-rendered item with a new title or date never leaves two files.
    """
    root = Path(out_dir).resolve()
    rel, data = render_for(post, root, site, settings, previous_relpath=previous_relpath)
    target = _inside(root, rel)
    old = None
    if previous_relpath and previous_relpath != rel:
        old = _inside(root, previous_relpath)

    target.parent.mkdir(parents=True, exist_ok=True)
    # mkdir may have walked through a symlink made after the first check.
    target = _inside(root, rel)
    if target.is_symlink():
        raise WriteError(f"refusing to write through symlink {rel!r}")

    _remove_stale_temps(target)
    changed = True
    if target.is_file():
        try:
            changed = target.read_bytes() != data
        except OSError:
            changed = True
    if changed:
        atomic_write(target, data)
        # render() already parsed these exact bytes back; what is left to
        # check is that the disk holds them.
        if target.read_bytes() != data:
            raise WriteError(f"{rel}: file content differs from what was written")

    if old is not None and old != target and (old.is_file() or old.is_symlink()):
        old.unlink()
        _fsync_dir(old.parent)
    return WrittenPost(path=rel, changed=changed)
