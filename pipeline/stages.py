"""The one stage chain, written once.

    extract -> clean -> spelling -> sentences -> facts -> plan -> rewrite -> guard -> compose

`ingest`, `rerender`, the `compose` and `facts` commands and the benchmark
all go through here, so they cannot drift apart. Rendering and writing
follow in process.py (they need the site profile and the disk).

Pure: bytes in, a Post out; no clock, network or archive access (the llm
engine's cache and client are handed to it at construction).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from urllib.parse import urlsplit

from .clean import clean_article
from .compose import assemble
from .config import ComposeSettings, Config
from .errors import ComposeError, EngineError
from .extract import ExtractError, extract_article
from .facts import extract_facts
from .guard import guard
from .models import Article, Draft, Fact, GuardReport, Plan, Post, Sentence
from .plan import make_plan
from .rewrite import get_engine
from .sentences import split_blocks
from .slug import make_slug
from .spelling import correct_article


class SkipItem(Exception):
    """The item cannot become a post; the message is the reason reported."""


@dataclass
class Source:
    """An article ready to be said: cleaned, split into sentences, with its facts."""

    article: Article
    sentences: list[Sentence]
    facts: list[Fact]


@dataclass
class Built:
    post: Post
    source: Source
    plan: Plan
    engine: str  # the engine that wrote the post (after any fallback)
    guard: GuardReport
    notes: dict = field(default_factory=dict)  # engine figures (calls, tokens, ...) and fallbacks

    @property
    def article(self) -> Article:
        return self.source.article

    @property
    def facts(self) -> list[Fact]:
        return self.source.facts


def read(content: bytes, url: str, headers: dict[str, str] | None = None, *, feed_title: str | None = None,
         feed_published: datetime | None = None, feed_html: str | None = None) -> Source:
    """extract -> clean -> spelling -> sentences -> facts."""
    try:
        article = extract_article(content, url, headers or {}, fallback_title=feed_title,
                                  fallback_published=feed_published, fallback_html=feed_html)
    except ExtractError as e:
        raise SkipItem(f"extract: {e}") from None
    return read_article(article)


def read_article(article: Article) -> Source:
    """An extracted article as ingest reads it: clean -> spelling -> sentences -> facts."""
    return source_of(clean_article(article))


def source_of(article: Article) -> Source:
    """A cleaned article, its slips fixed, split and read for facts."""
    article = correct_article(article)
    sentences = split_blocks(article.blocks)
    return Source(article, sentences, extract_facts(article.text, sentences, article.published))


def compose(src: Source, cfg: Config, *, item_id: str, source_label: str,
            feed_categories: list[str] | None = None, engine: str | None = None) -> Built:
    """plan -> rewrite -> guard -> compose; raises ComposeError when there is no post."""
    if src.article.published is None:
        raise ComposeError("no publication date in the page or the feed")
    plan = make_plan(src.article, src.facts, cfg.compose, src.sentences)
    name = engine or cfg.rewrite.engine
    notes: dict = {}
    try:
        draft = get_engine(name, cfg).rewrite(plan)
    except EngineError as e:
        # An engine that cannot answer never costs the item: the offline engines always can.
        notes["engine_fallback"] = f"{name}: {e.reason}"
        name = "rules" if name != "rules" else "extractive"
        draft = get_engine(name, cfg).rewrite(plan)
    notes.update(draft.notes)
    draft = _with_title_rules(draft, cfg.compose)
    draft, report = guard(draft, plan)
    post = assemble(draft, plan, cfg.compose, item_id=item_id, source_label=source_label,
                    feed_categories=feed_categories)
    post.slug = make_slug(post.title, src.article.url, item_id)
    return Built(post, src, plan, draft.engine, report, notes)


def build(content: bytes, url: str, cfg: Config, *, item_id: str, headers: dict[str, str] | None = None,
          feed_title: str | None = None, feed_published: datetime | None = None, feed_html: str | None = None,
          label: str | None = None, categories: list[str] | None = None, engine: str | None = None) -> Built:
    """The whole chain for one page: bytes in, a guarded Post out."""
    src = read(content, url, headers, feed_title=feed_title, feed_published=feed_published, feed_html=feed_html)
    source_label = label or src.article.site_name or urlsplit(url).hostname or ""
    try:
        return compose(src, cfg, item_id=item_id, source_label=source_label, feed_categories=categories,
                       engine=engine)
    except ComposeError as e:
        raise SkipItem(f"compose: {e.reason}") from None


def _with_title_rules(draft: Draft, settings: ComposeSettings) -> Draft:
    """The operator's title rules apply after any engine, before the guard sees the title."""
    if not settings.title_rules:
        return draft
    return replace(draft, title=apply_title_rules(draft.title, settings),
                   title_fallbacks=[apply_title_rules(t, settings) for t in draft.title_fallbacks])


def apply_title_rules(title: str, settings: ComposeSettings) -> str:
    original = " ".join(title.split())
    t = original
    for rule in settings.title_rules:
        try:
            t = re.sub(rule.pattern, rule.replace, t)
        except re.error as e:
            raise ComposeError(f"title rule {rule.pattern!r}: {e}") from None
    return " ".join(t.split()) or original
