"""The extractive engine: the plan's source sentences, verbatim.

Kept for comparison and as the safest form there is: every body sentence is
a whole source sentence (NFC, whitespace collapsed), headings are phrases
cut from the section's own sentences (or the article's subheading), the
title is the source headline. Other engines reuse its headings and
excerpt as their fallbacks.
"""
from __future__ import annotations

import re
import unicodedata
from typing import Iterable, Iterator

from ..config import ComposeSettings, Config
from ..headings import cut_at_word, heading_ok, ranked_texts
from ..models import Draft, OutSentence, Plan, Section

DEFAULT_PATTERNS = ["{topic}"]
_QUOTES = "'\"‘’“”「」『』《》〈〉"
_PLACEHOLDER = re.compile(r"\{(topic|org|programme|person)\}")


def norm(text: str) -> str:
    # str.split() and the regex \s agree on every code point: the same result
    # as sub(r"\s+", " ").strip(), in C.
    return " ".join(unicodedata.normalize("NFC", text or "").split())


class ExtractiveEngine:
    name = "extractive"

    def __init__(self, cfg: Config):
        self.settings = cfg.compose

    def rewrite(self, plan: Plan) -> Draft:
        title = norm(plan.article.title)
        sections = []
        for ps, heading in zip(plan.sections, source_headings(plan, self.settings, title)):
            marks = set(ps.highlights)
            sections.append(Section(heading, [
                OutSentence(plan.texts[i], [i], 0 if i in marks else None) for i in ps.chosen
            ]))
        return Draft(self.name, title, lead_excerpt([plan.texts[i] for i in plan.lead], self.settings.excerpt_chars),
                     sections)


def lead_excerpt(lead: list[str], limit: int) -> str:
    """The lead cut at a word boundary (never inside a number) plus `…`, as in the seed."""
    parts: list[str] = []
    for text in lead:
        parts.append(text)
        if sum(len(x) + 1 for x in parts) > limit:
            break
    text, cut = cut_at_word(" ".join(parts), max(1, limit))
    return text + "…" if cut else text


def source_headings(plan: Plan, settings: ComposeSettings, title: str = "") -> list[str]:
    """One heading per plan section, cut from the section's own words.

    Settings: heading_patterns are templates tried in order for sections
    without a subheading; placeholders {topic} (a key phrase of the
    section), {org}, {programme}, {person} (the section's most frequent fact
    of that kind). A pattern whose placeholders the section cannot fill, or
    whose result is too long or already used, is skipped.
    """
    limit = max(4, settings.heading_max_chars)
    patterns = settings.heading_patterns or DEFAULT_PATTERNS
    # Headings come from the sentences the reader sees under them.
    texts = [[plan.texts[i] for i in ps.chosen] for ps in plan.sections]
    used: list[str] = []
    out = []
    all_names = [entity_names(plan, ps.members) for ps in plan.sections]
    boosts = [n["programme"] for n in all_names]
    if title and boosts:
        boosts[0] = [*boosts[0], title]  # the lead's heading echoes the headline's words
    # Candidates come from each section's three strongest sentences.
    focus = [[k for k, _ in sorted(enumerate(ps.chosen), key=lambda ki: (-plan.scores[ki[1]], ki[0]))[:3]]
             for ps in plan.sections]
    all_ranked = ranked_texts(texts, boosts, focus)
    for ps, sents, names, phrases in zip(plan.sections, texts, all_names, all_ranked):
        ranked = _Filled(p for p in phrases if len(p) <= limit and heading_ok(p))
        heading = ""
        if ps.subheading:
            heading, _ = cut_at_word(ps.subheading, limit)
        if not heading or heading in used:
            heading = _from_patterns(patterns, ranked, names, used, limit) or heading
        if not heading:
            heading = cut_at_word(plan.texts[ps.members[0]], limit)[0]
        if heading in used:
            heading = _suffixed(heading, ranked, used, limit, sents)
        used.append(heading)
        out.append(heading)
    return out


class _Filled:
    """An iterable read again and again that computes each item once, when
    first reached: a section ranks a hundred phrases and its heading is most
    often the first that passes, so the rest are never tested."""

    def __init__(self, items: Iterable[str]):
        self._items = iter(items)
        self._seen: list[str] = []

    def __iter__(self) -> Iterator[str]:
        k = 0
        while True:
            if k == len(self._seen):
                nxt = next(self._items, None)
                if nxt is None:
                    return
                self._seen.append(nxt)
            yield self._seen[k]
            k += 1


def entity_names(plan: Plan, members: list[int]) -> dict[str, list[str]]:
    """The section's organisations, programmes and people, most frequent first."""
    counts: dict[str, dict[str, tuple[int, int]]] = {"org": {}, "programme": {}, "person": {}}
    wanted = set(members)
    for f in sorted(plan.facts, key=lambda f: (f.start, f.end, f.kind)):
        if f.kind in counts and f.sentence in wanted:
            name = norm(f.text).strip(_QUOTES)
            if not name:
                continue
            c, first = counts[f.kind].get(name, (0, f.start))
            counts[f.kind][name] = (c + 1, first)
    return {
        kind: [n for n, _ in sorted(d.items(), key=lambda kv: (-kv[1][0], kv[1][1], kv[0]))]
        for kind, d in counts.items()
    }
def _from_patterns(patterns: list[str], ranked: Iterable[str], names: dict[str, list[str]], used: list[str],
                   limit: int) -> str:
    for pattern in patterns:
        keys = _PLACEHOLDER.findall(pattern)
        topics = ranked if "topic" in keys else [""]
        for topic in topics:
            values = {"topic": topic}
            ok = True
            for key in ("org", "programme", "person"):
                if key in keys:
                    cands = [n for n in names[key] if not topic or (n not in topic and topic not in n)]
                    if not cands:
                        ok = False
                        break
                    values[key] = cands[0]
            if not ok:
                break
            text = norm(_PLACEHOLDER.sub(lambda m: values[m.group(1)], pattern))
            if text and len(text) <= limit and text not in used:
                return text
    return ""


def _suffixed(heading: str, ranked: Iterable[str], used: list[str], limit: int, fallback: list[str]) -> str:
    for p in ranked:
        if p in heading or heading in p:
            continue
        text = f"{heading} {p}"
        if len(text) <= limit and text not in used:
            return text
    for p in ranked:
        if p not in used:
            return p
    # Every phrase is taken (a tiny section repeating another): the opening
    # words of the section's sentences, shortest cut that is still unused.
    for text in fallback:
        for n in range(8, limit + 1):
            cand = cut_at_word(text, n)[0]
            if cand and cand not in used:
                return cand
    return heading

