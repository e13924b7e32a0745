"""The guard: what a post may say, whatever engine wrote it.

Its own stage, after every engine (as Miniflux runs its sanitizer last), so
no engine can weaken it. Each body sentence is held to the source
sentences it cites, and the title, excerpt and headings to the whole
source:

- numbers with their units and scale (`10억 원` != `10억 달러` != `1억 원`;
  `3년` != `3개월`; `%` != `%p`), a dropped unit only where the cited value
  exists, bounds (`이상` != `이하`), approximation (`약 2조 원` != `2조 원`)
  and a percentage's direction (`증가` != `감소`) kept (surface.py);
- dates after resolution against the publication day: `7일` written as
  `3월 7일` passes, `8일` or `4월 7일` does not (surface.py);
- organisations, people with each of their titles, programme names
  (surface.py);
- direct quotes and quoted names: verbatim, or not quoted at all (surface.py);
- negation and modality, from Kiwi's tags (morph.py).

A check is a function `(text, cited, ctx) -> list[reason]` in
SENTENCE_CHECKS; each reason starts with its kind word (`number`, `unit`,
`date`, `name`, `quote`, `negation`, `modality`, `citation`, `repeat`), which the run
report buckets fallbacks by. A sentence that fails any check is replaced by
its next safer form (the engine's lighter rewrite, then the cited source
text itself), never silently dropped: every fallback is counted by reason
in the GuardReport, which the run report and `show` carry. Where a
sentence an engine said in several pieces (a split) falls back to the whole
source sentence, its sibling pieces go (`repeat`): a post never says one
source sentence's content twice.

Fast and deterministic: a sentence equal to its cited source text (spacing
aside) is not checked at all, results are cached per post, Kiwi runs only
on sentences that differ.

It refuses to repair: it never edits a sentence, only chooses among forms
the engine offered and the source's own words. It also measures copying
(copying.py), but never refuses a post for it: the ceiling is the
operator's, shown in the run report and `show`.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Callable

from ..models import Draft, GuardReport, OutSentence, Plan, Post, Section
from .context import Context, norm, squash
from .copying import COPY_RUN, CopyMetrics, copy_metrics
from .morph import check_modality, check_negation, merge, modality_reasons, negation_reasons, read
from .surface import check_dates, check_names, check_numbers, check_qualifiers, check_quotes, whole_surface_reasons

REASON_KINDS = ("citation", "date", "number", "unit", "name", "quote", "negation", "modality", "repeat")

# (text, cited source indexes, context) -> reasons; each a short phrase naming what changed.
Check = Callable[[str, list[int], Context], list[str]]
# Dates before numbers: a changed day is reported as a date, not as its digits.
SENTENCE_CHECKS: list[Check] = [check_dates, check_numbers, check_qualifiers, check_names, check_quotes,
                                check_negation, check_modality]


def reason_kind(reason: str) -> str:
    """The report's bucket for a reason: its first word (`number`, `unit`, `date`, ...)."""
    return reason.split(" ", 1)[0]


def sentence_reasons(text: str, cited: list[int], ctx: Context) -> list[str]:
    """Why `text` may not stand for the cited source sentences; empty when it may."""
    if not cited or any(not 0 <= i < len(ctx.plan.sentences) for i in cited):
        return [f"citation of sentences {cited} that do not exist"]
    key = (text, tuple(cited))
    hit = ctx.memo.get(key)
    if hit is not None:
        return hit
    if squash(text) == ctx.cited_squashed(cited):
        out: list[str] = []  # the source's own words: nothing changed to check
    else:
        out = []
        for check in SENTENCE_CHECKS:
            out.extend(check(text, cited, ctx))
    ctx.memo[key] = out
    return out


def whole_reasons(text: str, ctx: Context) -> list[str]:
    """Title, excerpt, headings: numbers, dates, names and quotes held to the whole source."""
    key = (text, ())
    hit = ctx.memo.get(key)
    if hit is None:
        hit = ctx.memo[key] = whole_surface_reasons(text, ctx)
    return hit


def title_reasons(text: str, ctx: Context) -> list[str]:
    """The title: whole_reasons, and where it is not the source headline, its
    negation and modality held to the headline and the lead (which state the
    story's key claim; the lead's analyses are cached by the engine)."""
    out = whole_reasons(text, ctx)
    plan = ctx.plan
    if out or squash(text) == squash(plan.article.title or ""):
        return out
    src = merge([read(t) for t in [norm(plan.article.title), *(plan.texts[i] for i in plan.lead)] if t])
    own = read(text)
    return negation_reasons(own, src) + modality_reasons(own, src)


def source_form(cited: list[int], plan: Plan) -> str:
    return " ".join(norm(plan.sentences[i].text) for i in cited)


def guard(draft: Draft, plan: Plan) -> tuple[Draft, GuardReport]:
    """The draft with every failing part replaced by its safest passing form."""
    ctx = Context.of(plan)
    report = GuardReport()
    fallbacks: Counter[str] = Counter()

    def note(where: str, text: str, reasons: list[str]) -> None:
        fallbacks[f"{where}:{reason_kind(reasons[0])}"] += 1
        if len(report.violations) < 10:
            report.violations.append(f"{where}: {reasons[0]}: {text[:60]!r}")

    def pick(where: str, forms: list[str], test: Callable[[str], list[str]]) -> str | None:
        for form in forms:
            if not form:
                continue
            reasons = test(form)
            if not reasons:
                return form
            note(where, form, reasons)
        return None

    chosen: list[list[OutSentence]] = []  # per draft section, the forms that passed
    fell: set[int] = set()  # id() of those that are not the engine's first form (already counted)
    for sec in draft.sections:
        outs: list[OutSentence] = []
        for s in sec.sentences:
            forms = [s.text, *s.fallbacks]
            valid = s.sources and all(0 <= i < len(plan.sentences) for i in s.sources)
            if valid:
                forms.append(source_form(s.sources, plan))
            text = pick("body", forms, lambda t, c=s.sources: sentence_reasons(t, c, ctx))
            if text is None:
                report.dropped += 1
                continue
            outs.append(replace(s, text=text, fallbacks=[]))
            if text != s.text:
                fell.add(id(outs[-1]))
        chosen.append(outs)
    for where, n in _say_once(chosen, plan, fell).items():
        fallbacks[where] += n
    sections: list[Section] = []
    for sec, outs in zip(draft.sections, chosen):
        if not outs:
            continue
        first = norm(plan.sentences[outs[0].sources[0]].text)
        heading = pick("heading", [sec.heading, *sec.heading_fallbacks], lambda t: whole_reasons(t, ctx))
        sections.append(Section(heading if heading is not None else _plain_heading(first), outs))
    title = pick("title", [draft.title, *draft.title_fallbacks], lambda t: title_reasons(t, ctx))
    excerpt = pick("excerpt", [draft.excerpt, *draft.excerpt_fallbacks], lambda t: whole_reasons(t, ctx))
    out = replace(draft, sections=sections, title=title if title is not None else norm(plan.article.title),
                  excerpt=excerpt if excerpt is not None else "", title_fallbacks=[], excerpt_fallbacks=[])
    report.fallbacks = dict(fallbacks)
    body = [s.text for sec in sections for s in sec.sentences]
    m = copy_metrics(body, plan)
    report.copy_share, report.longest_copy, report.verbatim_share = m.share, m.longest, m.verbatim
    report.body_chars, report.source_chars = m.body_chars, m.source_chars
    return out, report


def _say_once(chosen: list[list[OutSentence]], plan: Plan, fell: set[int]) -> Counter[str]:
    """Each source sentence's content said once, in place (edits `chosen`).

    An engine may say one source sentence in several output sentences (the
    rules engine's split halves, a half merged with its neighbour, a model's
    two sentences from one source). Where one of them fell back to the whole
    cited text, the others would repeat part of it: every sentence sharing a
    source with a whole-text fallback is then said as the source's own text
    too (growing to a fixed point: a sentence citing [i, j] drags j in), each
    source once, at the place of its first sentence, highlighted if any of
    its sentences was. Counted as `body:repeat`, one for each engine sentence
    given up this way (a sentence that had fallen back is counted already).
    """
    flat = [s for outs in chosen for s in outs]
    whole: set[int] = set()
    for s in flat:
        if squash(s.text) == squash(source_form(s.sources, plan)) and any(i in t.sources for t in flat if t is not s
                                                          for i in s.sources):
            whole.update(s.sources)
    if not whole:
        return Counter()
    grew = True
    while grew:
        grew = False
        for s in flat:
            if whole.intersection(s.sources) and not whole.issuperset(s.sources):
                whole.update(s.sources)
                grew = True
    marks = {i: s.highlight for s in flat if whole.intersection(s.sources) and s.highlight is not None
             for i in s.sources}
    said: set[int] = set()
    replaced = 0
    for outs in chosen:
        kept: list[OutSentence] = []
        for s in outs:
            if not whole.intersection(s.sources):
                kept.append(s)
                continue
            todo = [i for i in s.sources if i not in said]
            said.update(todo)
            new = None
            if todo:
                hl = next((marks[i] for i in todo if i in marks), None)
                new = OutSentence(source_form(todo, plan), todo, hl)
                kept.append(new)
            changed = new is None or new.text != s.text or new.sources != s.sources
            replaced += changed and id(s) not in fell
        outs[:] = kept
    return Counter({"body:repeat": replaced}) if replaced else Counter()


def audit(post: Post, plan: Plan) -> list[str]:
    """Every reason a finished post departs from its source (`where: reason`);
    empty when the guard would let each part of it stand. For tests and
    `compose` checks of posts built outside the chain."""
    ctx = Context.of(plan)
    text = plan.article.text
    out = [f"title: {r}" for r in title_reasons(post.title, ctx)]
    out += [f"{where}: {r}" for where, value in [("excerpt", post.excerpt),
                                                ("description", post.description),
                                                *[("tags", t) for t in post.tags]]
           for r in whole_reasons(value, ctx)]
    for sec in post.sections:
        out += [f"heading: {r}" for r in whole_reasons(sec.heading, ctx)]
        for s in sec.sentences:
            out += [f"body: {r}" for r in sentence_reasons(s.text, s.sources, ctx)]
    body = [s for sec in post.sections for s in sec.sentences]
    for s in body:
        if s.sources and squash(s.text) == ctx.cited_squashed(s.sources):
            again = sorted({i for t in body if t is not s for i in t.sources if i in s.sources})
            out += [f"body: repeat of source sentence {i}, said whole and again" for i in again]
    for f in post.facts:
        if not (0 <= f.start <= f.end <= len(text)) or text[f.start:f.end] != f.text:
            out.append(f"facts: citation of span {f.start}:{f.end} that does not match the article text")
    return out


def _plain_heading(text: str) -> str:
    from ..headings import cut_at_word

    return cut_at_word(text, 30)[0]


__all__ = ["COPY_RUN", "Check", "Context", "CopyMetrics", "REASON_KINDS", "SENTENCE_CHECKS", "audit",
           "copy_metrics", "guard", "norm", "reason_kind", "sentence_reasons", "source_form", "title_reasons",
           "whole_reasons"]
