"""How much of a post is the source's own wording.

The copy share is the share of the body (direct speech excluded: a quote
must stay verbatim) inside runs of >= COPY_RUN characters that also occur in
the source; the longest run is the longest stretch of the body found whole
in the source. Spacing and digit-group commas are layout, not wording, so
both are removed before comparing: re-spacing `10억원` or writing `1200명`
for `1,200명` is no rewording.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from ..models import Plan

COPY_RUN = 20  # characters: a shared run this long is copying, not coincidence

_SPEECH = re.compile(r"[\"“][^\"“”]*[\"”]")
_DIGIT_COMMA = re.compile(r"(?<=\d),(?=\d{3})")


def squash(text: str) -> str:
    """Spacing and digit-group commas are layout, not wording."""
    return "".join(_DIGIT_COMMA.sub("", unicodedata.normalize("NFC", text)).split())


@dataclass
class CopyMetrics:
    share: float  # share of body chars (speech excluded) inside shared runs >= COPY_RUN
    longest: int  # longest body stretch found whole in the source, in squashed characters
    verbatim: float  # share of body sentences that equal a source sentence
    body_chars: int
    source_chars: int


def copy_metrics(body: list[str], plan: Plan) -> CopyMetrics:
    source = squash(plan.article.text)
    grams = {source[i:i + COPY_RUN] for i in range(max(0, len(source) - COPY_RUN + 1))}
    covered = total = longest = 0
    for text in body:
        for part in _SPEECH.split(text):
            s = squash(part)
            total += len(s)
            marks = bytearray(len(s))
            for i in range(len(s) - COPY_RUN + 1):
                if s[i:i + COPY_RUN] in grams:
                    marks[i:i + COPY_RUN] = b"\x01" * COPY_RUN
            covered += sum(marks)
            if any(marks):
                longest = max(longest, _longest_shared(s, source))
    sources = {squash(s.text) for s in plan.sentences}
    verbatim = sum(1 for t in body if squash(t) in sources)
    return CopyMetrics(covered / total if total else 0.0, longest, verbatim / len(body) if body else 0.0,
                       sum(len(t) for t in body), len(plan.article.text))


def _longest_shared(s: str, source: str) -> int:
    """The longest substring of `s` that occurs in `source` (two pointers: a
    substring of a shared stretch is shared, so the end never moves back)."""
    best = 0
    j = 0
    for i in range(len(s)):
        j = max(j, i)
        while j < len(s) and s[i:j + 1] in source:
            j += 1
        best = max(best, j - i)
        if j == len(s):
            break
    return best
