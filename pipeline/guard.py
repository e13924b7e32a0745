"""The guard: what a post may say, whatever engine wrote it.

Its own stage, after every engine (as Miniflux runs its sanitizer last), so
no engine can weaken it. Each body sentence is held to the source
sentences it cites, and the title, excerpt and headings to the whole
source. A check is a function `(text, cited, ctx) -> list[reason]` in
SENTENCE_CHECKS; a sentence that fails any of them is replaced by its next
safer form (the engine's lighter rewrite, then the cited source text
itself), never silently dropped: every fallback is counted by reason in the
GuardReport, which the run report and `show` carry.

The guard also measures copying: the share of the body (direct speech
excluded) inside runs of >= COPY_RUN characters that also occur in the
source, the longest such run, and the share of body sentences that are
source sentences verbatim. Spacing and digit-group commas are not counted
as rewording.

It refuses to repair: it never edits a sentence, only chooses among forms
the engine offered and the source's own words.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Callable

from .fidelity import NumberToken, scan_numbers
from .models import Draft, GuardReport, OutSentence, Plan, Section

COPY_RUN = 20  # characters: a shared run this long is copying, not coincidence
_NUMERIC_KINDS = {"money", "count", "duration", "date", "percent"}


@dataclass
class Context:
    """What the checks may consult: the plan and, per sentence, its tokens (built on first use)."""

    plan: Plan
    source_text: str  # title + article text, NFC
    _tokens: dict[int, list[NumberToken]] = field(default_factory=dict)
    _whole: list[NumberToken] | None = None

    def tokens_of(self, index: int) -> list[NumberToken]:
        toks = self._tokens.get(index)
        if toks is None:
            s = self.plan.sentences[index]
            toks = scan_numbers(s.text)
            # A numeric fact's span counts as stated even where the scan reads it differently.
            toks += [t for f in self.plan.facts if f.sentence == index and f.kind in _NUMERIC_KINDS
                     for t in scan_numbers(f.text)]
            self._tokens[index] = toks
        return toks

    def whole_tokens(self) -> list[NumberToken]:
        if self._whole is None:
            self._whole = scan_numbers(self.source_text) + [
                t for f in self.plan.facts if f.kind in _NUMERIC_KINDS for t in scan_numbers(f.text)]
        return self._whole


def _allowed(tokens: list[NumberToken]) -> dict[str, set[str | None]]:
    units: dict[str, set[str | None]] = {}
    for tok in tokens:
        units.setdefault(tok.value, set()).add(tok.unit)
    return units


def _number_reasons(text: str, pool: list[NumberToken]) -> list[str]:
    units = _allowed(pool)
    out = []
    for tok in scan_numbers(text):
        have = units.get(tok.value)
        if have is None:
            out.append(f"number {tok.raw!r} not in its source")
        elif not (tok.unit is None or tok.unit in have or None in have):
            out.append(f"unit of {tok.raw!r} differs from its source ({', '.join(sorted(u or '-' for u in have))})")
    return out


def check_numbers(text: str, cited: list[int], ctx: Context) -> list[str]:
    """Every number with its unit and scale must be in the cited sentences
    (`10억 원` != `1억 원` != `10억 달러`; `3년` != `3개월`; `%` != `%p`)."""
    return _number_reasons(text, [t for i in cited for t in ctx.tokens_of(i)])


# (text, cited source indexes, context) -> reasons; each a short phrase naming what changed.
Check = Callable[[str, list[int], Context], list[str]]
SENTENCE_CHECKS: list[Check] = [check_numbers]


def reason_kind(reason: str) -> str:
    """The report's bucket for a reason: its first word (`number`, `unit`, `date`, ...)."""
    return reason.split(" ", 1)[0]


def sentence_reasons(text: str, cited: list[int], ctx: Context) -> list[str]:
    if not cited or any(not 0 <= i < len(ctx.plan.sentences) for i in cited):
        return [f"citation of sentences {cited} that do not exist"]
    out: list[str] = []
    for check in SENTENCE_CHECKS:
        out.extend(check(text, cited, ctx))
    return out


def whole_reasons(text: str, ctx: Context) -> list[str]:
    """Title, excerpt, headings: held to the whole source."""
    return _number_reasons(text, ctx.whole_tokens())


def source_form(cited: list[int], plan: Plan) -> str:
    return " ".join(norm(plan.sentences[i].text) for i in cited)


def guard(draft: Draft, plan: Plan) -> tuple[Draft, GuardReport]:
    """The draft with every failing part replaced by its safest passing form."""
    ctx = Context(plan, norm((plan.article.title or "") + "\n" + plan.article.text))
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

    sections: list[Section] = []
    for sec in draft.sections:
        outs: list[OutSentence] = []
        for s in sec.sentences:
            forms = [s.text, *s.fallbacks]
            valid = s.sources and all(0 <= i < len(plan.sentences) for i in s.sources)
            if valid:
                forms.append(source_form(s.sources, plan))
            chosen = pick("body", forms, lambda t, c=s.sources: sentence_reasons(t, c, ctx))
            if chosen is None:
                report.dropped += 1
                continue
            outs.append(replace(s, text=chosen, fallbacks=[]))
        if not outs:
            continue
        first = norm(plan.sentences[outs[0].sources[0]].text)
        heading = pick("heading", [sec.heading, *sec.heading_fallbacks], lambda t: whole_reasons(t, ctx))
        sections.append(Section(heading if heading is not None else _plain_heading(first), outs))
    title = pick("title", [draft.title, *draft.title_fallbacks], lambda t: whole_reasons(t, ctx))
    excerpt = pick("excerpt", [draft.excerpt, *draft.excerpt_fallbacks], lambda t: whole_reasons(t, ctx))
    out = replace(draft, sections=sections, title=title if title is not None else norm(plan.article.title),
                  excerpt=excerpt if excerpt is not None else "", title_fallbacks=[], excerpt_fallbacks=[])
    report.fallbacks = dict(fallbacks)
    body = [s.text for sec in sections for s in sec.sentences]
    m = copy_metrics(body, plan)
    report.copy_share, report.longest_copy, report.verbatim_share = m.share, m.longest, m.verbatim
    report.body_chars, report.source_chars = m.body_chars, m.source_chars
    return out, report


def _plain_heading(text: str) -> str:
    from .headings import cut_at_word

    return cut_at_word(text, 30)[0]


# -- copying -------------------------------------------------------------------

_SPEECH = re.compile(r"[\"“][^\"“”]*[\"”]")
_DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d{3})")


def norm(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text or "").split())


def _squash(text: str) -> str:
    """Spacing and digit-group commas are layout, not wording."""
    return "".join(_DIGIT_COMMA.sub("", unicodedata.normalize("NFC", text)).split())


@dataclass
class CopyMetrics:
    share: float  # share of body chars (speech excluded) inside shared runs >= COPY_RUN
    longest: int  # longest shared run, in squashed characters
    verbatim: float  # share of body sentences that equal a source sentence
    body_chars: int
    source_chars: int


def copy_metrics(body: list[str], plan: Plan) -> CopyMetrics:
    source = _squash(plan.article.text)
    grams = {source[i:i + COPY_RUN] for i in range(max(0, len(source) - COPY_RUN + 1))}
    covered = total = longest = 0
    for text in body:
        for part in _SPEECH.split(text):
            s = _squash(part)
            total += len(s)
            marks = bytearray(len(s))
            for i in range(len(s) - COPY_RUN + 1):
                if s[i:i + COPY_RUN] in grams:
                    marks[i:i + COPY_RUN] = b"\x01" * COPY_RUN
            covered += sum(marks)
            run = 0
            for m in marks:
                run = run + 1 if m else 0
                longest = max(longest, run)
    sources = {_squash(s.text) for s in plan.sentences}
    verbatim = sum(1 for t in body if _squash(t) in sources)
    return CopyMetrics(covered / total if total else 0.0, longest, verbatim / len(body) if body else 0.0,
                       sum(len(t) for t in body), len(plan.article.text))

