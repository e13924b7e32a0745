"""Compose: the front matter and layout around a guarded draft.

The last content stage before rendering. The words are the engine's (and
passed the guard); this module adds what is not wording: highlight styles cycling across the post, categories (rules on
the title and lead, then the feed's), tags (the most frequent organisations
and programmes), the description, and the facts the post states.

Settings (config.ComposeSettings): category_rules, default_category,
highlight_styles. The title rules run in stages.py, before the guard.
"""
from __future__ import annotations

import re
import unicodedata

from .config import ComposeSettings
from .errors import ComposeError
from .models import Draft, Fact, OutSentence, Plan, Post, Section

__all__ = ["ComposeError", "assemble"]


def assemble(draft: Draft, plan: Plan, settings: ComposeSettings, *, item_id: str, source_label: str,
             feed_categories: list[str] | None = None) -> Post:
    if not draft.sections:
        raise ComposeError("no sentence passed the guard")
    title = _norm(draft.title)
    n_styles = len(settings.highlight_styles)
    style = 0
    sections = []
    for sec in draft.sections:
        outs = []
        for s in sec.sentences:
            hl = None
            if s.highlight is not None and n_styles:
                hl = style % n_styles
                style += 1
            outs.append(OutSentence(s.text, list(s.sources), hl))
        sections.append(Section(sec.heading, outs))
    said = {i for sec in draft.sections for s in sec.sentences for i in s.sources}
    lead_texts = [s.text for sec in draft.sections for s in sec.sentences][:3]
    article = plan.article
    return Post(
        item_id=item_id,
        title=title,
        categories=_categories(title, lead_texts, settings, feed_categories),
        excerpt=draft.excerpt,
        published=article.published,
        slug="",
        source_url=article.url,
        source_title=_norm(article.title),
        source_label=source_label,
        sections=sections,
        description=lead_texts[0] if lead_texts else "",
        tags=_tags([f for f in plan.facts if f.sentence in said]),
        image=article.image,
        facts=[f for f in plan.facts if f.sentence in said],
    )


def _norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


# -- front matter ----------------------------------------------------------------


def _categories(title: str, lead: list[str], settings: ComposeSettings,
                feed_categories: list[str] | None) -> list[str]:
    haystack = " ".join([title, *lead])
    out: list[str] = []
    for rule in settings.category_rules:
        try:
            hit = re.search(rule.pattern, haystack)
        except re.error as e:
            raise ComposeError(f"category rule {rule.pattern!r}: {e}") from None
        if hit:
            out.append(_norm(rule.category))
    out.extend(_norm(c) for c in feed_categories or [])
    out = [c for i, c in enumerate(out) if c and c not in out[:i]]
    return out or [settings.default_category]


def _tags(facts: list[Fact]) -> list[str]:
    counts: dict[str, tuple[int, int]] = {}
    for f in facts:
        if f.kind in ("org", "programme"):
            name = _norm(f.text).strip("'\"‘’“”「」『』")
            if name:
                c, first = counts.get(name, (0, f.start))
                counts[name] = (c + 1, min(first, f.start))
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1][0], kv[1][1], kv[0]))
    return [name for name, _ in ranked[:5]]
