"""Plain dataclasses passed between stages.

Each stage takes and returns these, never another stage's internals, so a
stage can be replaced or tested on its own:

    fetch  -> FetchResult            (fetch.py)
    feeds  -> FeedEntry              (feeds.py)
    extract-> Article                (extract.py, clean.py)
    facts  -> list[Fact]             (facts/)
    compose-> Post                   (compose.py)
    write  -> WrittenPost            (write.py)
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


@dataclass
class Section:
    heading: str
    sentences: list[OutSentence]


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


@dataclass
class WrittenPost:
    path: str  # relative to the output folder
    changed: bool  # False when the file already held these exact bytes
