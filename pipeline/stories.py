"""Which reports are one story: the same event told by several outlets.

Korean outlets re-lay the same press release within hours. Two reports are
one story when, within `stories.window_hours` of each other,

* their texts are near-duplicates (MinHash of character n-grams with spaces
  and punctuation removed, so particles and spacing barely move it) and they
  share at least one figure, or
* they are rewrites (text similarity above `stories.min_text`) that agree on
  at least `stories.min_shared_figures` key figures (money, counts,
  percentages: the numbers outlets copy from the release),

and, when both name organisations, they share one. Dates are not required
to agree: outlets cite the event day, the release day or "지난 30일".

Candidates come only from two LSH indexes (datasketch MinHashLSH): the text
signature's bands find re-layouts, one-row bands over the figure set find
rewrites. Pairs the bands do not bring together are never compared, so the
cost of a new report depends on how many similar reports are in the window,
not on how many there are. Fixed seeds and permutations: the same reports in
the same order always give the same stories.

Pure: no archive, no clock. It refuses to decide what a post says; that is
merge.py's job.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any, Iterable

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from .config import StoriesSettings
from .models import Fact

FIGURE_KINDS = ("money", "count", "percent")
SCHEME = "affine32"  # named, so a datasketch upgrade cannot change stored signatures silently
_KEEP = re.compile(r"[^0-9A-Za-z\uac00-\ud7a3\u3131-\u318e\u4e00-\u9fff]+")


def normalise(text: str) -> str:
    """NFC, lower case, letters and digits only: spacing and punctuation never count."""
    return _KEEP.sub("", unicodedata.normalize("NFC", text).lower())


_MIX = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F), np.uint64(0x165667B19E3779F9))


def shingles(text: str, n: int) -> np.ndarray:
    """32-bit hashes of the character n-grams of the normalised text, unique
    and sorted: computed with numpy in one pass (hashing each n-gram in
    Python cost more than the rest of detection). Fixed constants, so the
    same text always gives the same values."""
    t = normalise(text)
    codes = np.frombuffer(t.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if len(codes) < n:
        codes = np.concatenate([codes, np.zeros(n - len(codes), dtype=np.uint64)]) if len(codes) else codes
    if not len(codes):
        return np.zeros(0, dtype=np.uint32)
    m = len(codes) - n + 1
    with np.errstate(over="ignore"):  # multiplication modulo 2**64 is the point
        h = np.full(m, np.uint64(n), dtype=np.uint64)
        for k in range(n):
            h = (h ^ codes[k:k + m]) * _MIX[k % 3]
            h ^= h >> np.uint64(29)
    return np.unique((h >> np.uint64(32)).astype(np.uint32))


@functools.lru_cache(maxsize=8)
def _permutations(num_perm: int, seed: int) -> Any:
    # One template per (size, seed): permutations drawn once, not per report.
    return MinHash(num_perm=num_perm, seed=seed, scheme=SCHEME).permutations


def minhash(tokens: Iterable[bytes] | np.ndarray, num_perm: int, seed: int) -> LeanMinHash:
    """MinHash of byte tokens (hashed by datasketch) or of 32-bit values already hashed."""
    if isinstance(tokens, np.ndarray):
        m = MinHash(num_perm=num_perm, seed=seed, permutations=_permutations(num_perm, seed), scheme=SCHEME,
                    hashfunc=int)
        m.update_batch(tokens.tolist())
    else:
        m = MinHash(num_perm=num_perm, seed=seed, permutations=_permutations(num_perm, seed), scheme=SCHEME)
        m.update_batch(list(tokens))
    return LeanMinHash(m)


def _value(v: Any) -> str:
    if isinstance(v, Decimal):
        return str(int(v)) if v == v.to_integral_value() else format(v.normalize(), "f")
    if isinstance(v, float):
        return str(int(v)) if v.is_integer() else repr(v)
    return str(v)


def figure_key(kind: str, value: Any, unit: str | None) -> str:
    """One figure as outlets state it: 1조 3,115억 원 and 1조3115억원 are the same key."""
    return f"{kind}:{_value(value)}:{unit or ''}"


def fact_figure(f: Fact | dict) -> str | None:
    kind, value, unit = (f.kind, f.value, f.unit) if isinstance(f, Fact) else (f["kind"], f["value"], f.get("unit"))
    if kind not in FIGURE_KINDS:
        return None
    return figure_key(kind, value, unit)


@dataclass
class Report:
    """What detection needs of one report: small, picklable, storable."""

    item_id: str
    published: datetime | None
    signature: np.ndarray  # MinHash values (uint32) of the text's n-grams
    figures: frozenset[str]
    orgs: frozenset[str]
    order: str  # deterministic order key: earlier reports found stories

    def to_row(self) -> dict[str, Any]:
        return {"figures": sorted(self.figures), "orgs": sorted(self.orgs)}


def report_of(item_id: str, text: str, facts: Iterable[Fact | dict], published: datetime | None,
              settings: StoriesSettings, order: str = "") -> Report:
    facts = list(facts)
    figures = frozenset(k for f in facts if (k := fact_figure(f)) is not None)
    orgs = frozenset(normalise(str(f.value if isinstance(f, Fact) else f["value"])) for f in facts
                     if (f.kind if isinstance(f, Fact) else f["kind"]) == "org")
    sig = minhash(shingles(text, settings.ngram), settings.num_perm, settings.seed)
    return Report(item_id, published, np.asarray(sig.hashvalues, dtype=np.uint32), figures, orgs, order or item_id)


@dataclass
class Match:
    item_id: str
    story_id: str
    text: float  # estimated Jaccard of the texts
    shared: int  # figures both state

    def to_dict(self) -> dict[str, Any]:
        return {"item": self.item_id, "story": self.story_id, "text": round(self.text, 3), "shared": self.shared}


def agrees(a: Report, b: Report, text: float, s: StoriesSettings) -> int | None:
    """The number of shared figures when a and b are one story, else None."""
    if a.published and b.published and abs(a.published - b.published) > timedelta(hours=s.window_hours):
        return None
    if a.orgs and b.orgs and not (a.orgs & b.orgs):
        return None
    shared = len(a.figures & b.figures)
    fewer = min(len(a.figures), len(b.figures))
    if text >= s.near_duplicate:
        # A re-layout states the release's figures: most of them must agree
        # (the same template with other numbers is another event).
        return shared if shared * 2 >= fewer and (shared or not fewer) else None
    if text >= s.min_text and shared >= s.min_shared_figures and shared >= s.min_figure_share * fewer:
        return shared
    return None


@dataclass
class StoryIndex:
    """Reports seen so far, by story, behind two LSH indexes."""

    settings: StoriesSettings
    reports: dict[str, Report] = field(default_factory=dict)
    story_of: dict[str, str] = field(default_factory=dict)
    compared: int = 0  # candidate pairs verified (for the benchmark: no all-pairs)

    def __post_init__(self) -> None:
        s = self.settings
        self._members: dict[str, list[str]] = {}  # story id -> report ids in order
        self._last: tuple[Report, LeanMinHash] | None = None
        self._text = MinHashLSH(threshold=s.text_candidates, num_perm=s.num_perm)
        self._figs = MinHashLSH(num_perm=s.fact_perm, params=(s.fact_perm, 1))

    def _fig_hash(self, r: Report) -> LeanMinHash:
        # Once per report: asked for by the query and again by the insert.
        if self._last is None or self._last[0] is not r:
            self._last = (r, minhash(sorted(f.encode("utf-8") for f in r.figures), self.settings.fact_perm,
                                     self.settings.seed))
        return self._last[1]

    def candidates(self, r: Report) -> list[str]:
        lean = LeanMinHash(seed=self.settings.seed, hashvalues=r.signature, scheme=SCHEME)
        found = set(self._text.query(lean))
        if r.figures:
            found.update(self._figs.query(self._fig_hash(r)))
        found.discard(r.item_id)
        return sorted(found, key=lambda k: self.reports[k].order)

    def matches(self, r: Report) -> list[Match]:
        """Every indexed report that r is one story with, best first."""
        found: list[Match] = []
        for cid in self.candidates(r):
            other = self.reports[cid]
            self.compared += 1
            text = float(np.count_nonzero(other.signature == r.signature)) / len(r.signature)
            shared = agrees(r, other, text, self.settings)
            if shared is not None:
                found.append(Match(cid, self.story_of[cid], text, shared))
        # Most shared figures first, then the closer text; ties keep the earlier report.
        found.sort(key=lambda m: (-m.shared, -m.text))
        return found

    def add(self, r: Report, story_id: str | None = None) -> tuple[str, list[Match], list[str]]:
        """Index r; returns (story id, the matches that decided it, stories
        absorbed into it). A report that agrees with two stories joins them:
        they were one story whose reports only now have a link."""
        if r.item_id in self.reports:
            self.remove(r.item_id)
        found: list[Match] = []
        absorbed: list[str] = []
        if story_id is None:
            found = self.matches(r)
            stories = {m.story_id for m in found}
            if stories:
                # The story whose first report came first keeps its id (and its post).
                story_id = min(stories, key=lambda sid: self.reports[self._members[sid][0]].order)
                absorbed = sorted(stories - {story_id})
                for sid in absorbed:
                    for k in self._members.pop(sid):
                        self.story_of[k] = story_id
                        self._members[story_id].append(k)
                self._members[story_id].sort(key=lambda k: self.reports[k].order)
            else:
                story_id = r.item_id
        self.reports[r.item_id] = r
        self.story_of[r.item_id] = story_id
        group = self._members.setdefault(story_id, [])
        group.append(r.item_id)
        if len(group) > 1 and self.reports[group[-2]].order > r.order:
            group.sort(key=lambda k: self.reports[k].order)
        self._text.insert(r.item_id, LeanMinHash(seed=self.settings.seed, hashvalues=r.signature, scheme=SCHEME))
        if r.figures:
            self._figs.insert(r.item_id, self._fig_hash(r))
        return story_id, found, absorbed

    def remove(self, item_id: str) -> None:
        r = self.reports.pop(item_id, None)
        if r is None:
            return
        sid = self.story_of.pop(item_id, None)
        group = self._members.get(sid or "", [])
        if item_id in group:
            group.remove(item_id)
            if not group:
                del self._members[sid]
        self._text.remove(item_id)
        if r.figures:
            self._figs.remove(item_id)

    def evict_before(self, when: datetime) -> int:
        """Forget reports published more than a window before `when`: no later
        report can join them, and the index stays the size of one window."""
        limit = when - timedelta(hours=self.settings.window_hours)
        old = [k for k, r in self.reports.items() if r.published is not None and r.published < limit]
        for k in old:
            self.remove(k)
        return len(old)

    def members(self, story_id: str) -> list[str]:
        return list(self._members.get(story_id, []))


def cluster(reports: Iterable[Report], settings: StoriesSettings) -> dict[str, str]:
    """item id -> story id, reports taken in their order key (deterministic)."""
    index = StoryIndex(settings)
    for r in sorted(reports, key=lambda r: r.order):
        index.add(r)
    return dict(index.story_of)


def pairwise(predicted: dict[str, str], gold: dict[str, str]) -> tuple[float, float, set, set]:
    """Pairwise precision and recall of a clustering against gold labels
    (item -> cluster); returns (precision, recall, false pairs, missed pairs)."""
    def pairs(labels: dict[str, str]) -> set[tuple[str, str]]:
        by: dict[str, list[str]] = {}
        for k, c in labels.items():
            by.setdefault(c, []).append(k)
        return {(a, b) for ks in by.values() for i, a in enumerate(sorted(ks)) for b in sorted(ks)[i + 1:]}

    p, g = pairs(predicted), pairs(gold)
    precision = len(p & g) / len(p) if p else 1.0
    recall = len(p & g) / len(g) if g else 1.0
    return precision, recall, p - g, g - p
