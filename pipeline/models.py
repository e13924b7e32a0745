"""Plain dataclasses passed between stages.

Each stage takes and returns these, never another stage's internals, so a
stage can be replaced or tested on its own:

    fetch  -> FetchResult            (fetch.py)
    feeds  -> FeedEntry              (feeds.py)
    extract-> Article                (extract.py, clean.py)
    facts  -> list[Fact]             (facts/)
    plan   -> Plan                   (plan.py: what to say)
    rewrite-> Draft                  (rewrite/: how to say it, per engine)
    guard  -> Draft, GuardReport     (guard.py: what may be said)
    compose-> Post                   (compose.py: front matter around the draft)
    write  -> WrittenPost            (write.py)

The whole chain is written once, in stages.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

KST = timezone(timedelta(hours=9), "KST")

# Blocks of an article are joined with this separator to form Article.text;
# every character offset in the pipeline (facts, sentences) refers to that text.
BLOCK_SEP = "\n\n"


@dataclass
class FetchResult:
    url: str  # final URL after redirects
    status: int
    content: bytes
    headers: dict[str, str]
    not_modified: bool = False
    etag: str | None = None
    last_modified: str | None = None
    moved_to: str | None = None  # the URL reached through permanent redirects (301/308) only


@dataclass
class FeedEntry:
    identity: str  # stable id: GUID, then canonical URL, then content hash
    title: str
    link: str | None
    guid: str | None = None
    published: datetime | None = None  # timezone-aware
    summary: str | None = None
    content_html: str | None = None  # full text some feeds carry (content:encoded)
    author: str | None = None


@dataclass
class Block:
    kind: str  # "p" paragraph, "h" in-article subheading
    text: str


@dataclass
class Sentence:
    index: int
    start: int  # offsets into Article.text
    end: int
    text: str
    block: int  # index into Article.blocks


@dataclass
class Article:
    url: str
    title: str
    blocks: list[Block]
    published: datetime | None = None  # timezone-aware
    author: str | None = None
    image: str | None = None
    site_name: str | None = None
    description: str | None = None
    reporters: list[str] = field(default_factory=list)  # bylines removed from text
    # Subtitle lines printed above the lead (no sentence of their own), kept
    # out of the body by the cleaner; for an excerpt or a subtitle.
    deck: list[str] = field(default_factory=list)
    charset: str | None = None
    charset_source: str | None = None  # "http", "bom", "meta", "detected", "default"

    @property
    def text(self) -> str:
        return BLOCK_SEP.join(b.text for b in self.blocks)


@dataclass
class Fact:
    kind: str  # money | count | duration | date | percent | org | person | programme
    text: str  # exact source span: text == article_text[start:end]
    value: Any  # Decimal/int for numbers, ISO string for dates/durations, str for names
    unit: str | None
    start: int
    end: int
    sentence: int
    approx: bool = False
    range: bool = False
    bound: str | None = None  # "min" (이상), "max" (최대/이하), "lt" (미만), "gt" (초과)
    attrs: dict[str, Any] = field(default_factory=dict)  # noun, members, direction, ...

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "text": self.text,
            "value": _jsonable(self.value),
            "unit": self.unit,
            "start": self.start,
            "end": self.end,
            "sentence": self.sentence,
            "approx": self.approx,
            "range": self.range,
            "bound": self.bound,
            **({"attrs": _jsonable(self.attrs)} if self.attrs else {}),
        }


def _jsonable(v: Any) -> Any:
    if isinstance(v, Decimal):
        return int(v) if v == v.to_integral_value() else float(v)
    if isinstance(v, dict):
        return {k: _jsonable(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    return v


@dataclass
class OutSentence:
    text: str
    sources: list[int]  # indexes of the source sentences it came from
    highlight: int | None = None  # index into compose.highlight_styles; None = plain
    # Safer forms, lightest rewrite first, that the guard tries in order when
    # `text` fails; the cited source text itself is always the last resort.
    fallbacks: list[str] = field(default_factory=list)


@dataclass
class Section:
    heading: str
    sentences: list[OutSentence]
    heading_fallbacks: list[str] = field(default_factory=list)


@dataclass
class PlanSection:
    """What one section says: source sentences chosen, in story order."""

    subheading: str | None  # the article's own subheading over these sentences
    members: list[int]  # every usable source sentence of the section
    chosen: list[int]  # the ones the post says
    highlights: list[int]  # subset of chosen worth highlighting, best first
    facts: list[Fact] = field(default_factory=list)  # facts inside chosen sentences


@dataclass
class Plan:
    """What to say, before any engine decides how: built by plan.py."""

    article: Article
    sentences: list[Sentence]
    facts: list[Fact]
    sections: list[PlanSection]
    lead: list[int]  # the first usable sentences, in order (excerpt, title)
    texts: dict[int, str]  # sentence index -> NFC, whitespace-collapsed text
    scores: dict[int, float]  # sentence index -> centrality + position + density
    target_chars: int  # the body length the engine should aim for
    settings: Any = None  # ComposeSettings (typed Any: models imports nothing of config)

    def facts_of(self, index: int) -> list[Fact]:
        return [f for f in self.facts if f.sentence == index]


@dataclass
class Draft:
    """An engine's answer: the words of a post, each body sentence citing its sources."""

    engine: str
    title: str
    excerpt: str
    sections: list[Section]
    title_fallbacks: list[str] = field(default_factory=list)
    excerpt_fallbacks: list[str] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)  # engine-specific figures for the report


@dataclass
class GuardReport:
    """What the guard changed and measured; lands in the run report and `show`."""

    fallbacks: dict[str, int] = field(default_factory=dict)  # reason -> count
    dropped: int = 0  # sentences with no safe form at all (never silently: counted)
    copy_share: float = 0.0  # share of body chars (speech excluded) in runs >= 20 shared with the source
    longest_copy: int = 0  # longest such run, in characters
    verbatim_share: float = 0.0  # share of body sentences equal to a source sentence
    body_chars: int = 0
    source_chars: int = 0
    violations: list[str] = field(default_factory=list)  # first few, for show

    def to_dict(self) -> dict[str, Any]:
        return {
            "fallbacks": dict(sorted(self.fallbacks.items())), "dropped": self.dropped,
            "copy_share": round(self.copy_share, 3), "longest_copy": self.longest_copy,
            "verbatim_share": round(self.verbatim_share, 3), "body_chars": self.body_chars,
            "source_chars": self.source_chars, "violations": self.violations[:10],
        }


@dataclass
class SourceLink:
    """One outlet's report of the story a post tells (see merge.py)."""

    label: str
    url: str
    title: str = ""


@dataclass
class Post:
    item_id: str
    title: str
    categories: list[str]
    excerpt: str
    published: datetime  # timezone-aware; file name uses its KST date
    slug: str
    source_url: str
    source_title: str
    source_label: str  # outlet label shown after the source link
    sections: list[Section]
    description: str = ""
    tags: list[str] = field(default_factory=list)
    image: str | None = None  # the article's own image, if any
    facts: list[Fact] = field(default_factory=list)
    # Every outlet of a story told by several (merge.py), first the post's own
    # source; empty for a single report, whose post is then as it always was.
    sources: list[SourceLink] = field(default_factory=list)


@dataclass
class WrittenPost:
    path: str  # relative to the output folder
    changed: bool  # False when the file already held these exact bytes
