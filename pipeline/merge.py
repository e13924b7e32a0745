"""One post for a story told by several outlets: what the reports agree on.

Facts are merged with the number of outlets that state each one. Where
outlets state the same thing with different figures (the same sentence,
figures masked, but 120억 원 in one and 120만 원 in another), the figure is
a disagreement: the post may state the value a strict majority of the
outlets in it states; with no majority it states neither. Either way the
sentences of the post's own source that state an outvoted or undecided
value are removed before planning, so no engine ever sees them and the
guard still holds every sentence to its own source.

The post is written from the story's first report (its primary): the file
then keeps its name as later reports arrive. Only when that report's
headline states an outvoted figure does the first report whose headline
does not become the primary (its post replaces the other's file). This module refuses to
rewrite a figure or to take a sentence from one outlet into another's text.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from .models import Block, Fact, Sentence
from .stages import Source, source_of
from .stories import FIGURE_KINDS, fact_figure, figure_key, normalise


@dataclass
class Member:
    """One outlet's report of a story."""

    item_id: str
    outlet: str
    url: str
    title: str
    source: Source


@dataclass
class Disagreement:
    kind: str
    unit: str | None
    # value key -> the outlets stating it: [{item, outlet, url, text, span, sentence}]
    values: dict[str, list[dict[str, Any]]]
    stated: str | None  # the majority value the post may state, or None (left out)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "unit": self.unit,
            "decision": f"majority: {self.values[self.stated][0]['text']}" if self.stated else "left out",
            "values": [{"value": k.split(":", 2)[1], "outlets": v} for k, v in self.values.items()],
        }


@dataclass
class Merged:
    facts: list[dict[str, Any]]  # {kind, value, unit, text, outlets: n, items}
    disagreements: list[Disagreement] = field(default_factory=list)
    dropped: list[int] = field(default_factory=list)  # primary sentences removed
    source: Source | None = None  # the primary's source without them
    primary: int = 0  # index into the members of the report the post is written from

    def to_dict(self) -> dict[str, Any]:
        return {"facts": self.facts, "disagreements": [d.to_dict() for d in self.disagreements],
                "dropped_sentences": len(self.dropped)}


def describe(d: dict[str, Any]) -> str:
    """One line for a disagreement as the run report stores it (Disagreement.to_dict)."""
    vals = " vs ".join(f"{v['outlets'][0]['text']} ({', '.join(o['outlet'] for o in v['outlets'])})"
                       for v in d["values"])
    return f"{d['kind']}: {vals} -> {d['decision']}"


def _masked(sentence: Sentence, facts: list[Fact]) -> set[str]:
    """Character bigrams of a sentence with its figures masked out."""
    t = sentence.text
    for f in sorted(facts, key=lambda f: -f.start):
        a, b = f.start - sentence.start, f.end - sentence.start
        if 0 <= a <= b <= len(t):
            t = t[:a] + "#" + t[b:]
    n = normalise(t.replace("#", "0"))
    return {n[i:i + 2] for i in range(len(n) - 1)}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


@dataclass
class _Said:
    """A sentence of one member that states figures."""

    member: int
    sentence: Sentence
    facts: list[Fact]
    grams: set[str]


def _said(members: list[Member]) -> list[list[_Said]]:
    out = []
    for mi, m in enumerate(members):
        by: dict[int, list[Fact]] = {}
        for f in m.source.facts:
            if f.kind in FIGURE_KINDS:
                by.setdefault(f.sentence, []).append(f)
        sents = {s.index: s for s in m.source.sentences}
        out.append([_Said(mi, sents[i], fs, _masked(sents[i], fs)) for i, fs in sorted(by.items()) if i in sents])
    return out


def _slot_kind(f: Fact) -> tuple[str, str | None, str | None]:
    return f.kind, f.unit, (f.attrs.get("noun") if f.kind == "count" else None)


def merge(members: list[Member], align: float = 0.5) -> Merged:
    """Facts with outlet counts, disagreements, and the primary (members[0],
    see the module doc) without the sentences stating a figure the others outvote."""
    facts = _merged_facts(members)
    said = _said(members)
    # Union-find over (member, sentence index, fact start): figures that the
    # same sentence of two outlets states differently are one slot.
    parent: dict[tuple[int, int, int], tuple[int, int, int]] = {}

    def find(x):
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a, b):
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    node_fact: dict[tuple[int, int, int], tuple[Fact, _Said]] = {}
    disputed: set[tuple[int, int, int]] = set()
    stated = [{k for f in m.source.facts if (k := fact_figure(f))} for m in members]
    for i in range(len(members)):
        for j in range(i + 1, len(members)):
            for sa in said[i]:
                best, score = None, align
                for sb in said[j]:
                    sc = _jaccard(sa.grams, sb.grams)
                    if sc >= score:
                        best, score = sb, sc
                if best is None:
                    continue
                for fa, fb in _pair_figures(sa.facts, best.facts, stated[i], stated[j]):
                    na, nb = (i, sa.sentence.index, fa.start), (j, best.sentence.index, fb.start)
                    node_fact[na], node_fact[nb] = (fa, sa), (fb, best)
                    union(na, nb)
                    if fact_figure(fa) != fact_figure(fb):
                        disputed.update((na, nb))
    slots: dict[tuple[int, int, int], list[tuple[int, int, int]]] = {}
    for n in node_fact:
        slots.setdefault(find(n), []).append(n)
    disagreements: list[Disagreement] = []
    outvoted: set[str] = set()  # figure keys the primary must not state
    for root in sorted(slots):
        nodes = slots[root]
        if not any(n in disputed for n in nodes):
            continue
        values: dict[str, list[dict[str, Any]]] = {}
        voters: dict[str, set[int]] = {}
        for n in sorted(nodes):
            f, s = node_fact[n]
            key = fact_figure(f) or ""
            m = members[n[0]]
            if n[0] in voters.setdefault(key, set()):
                continue
            voters[key].add(n[0])
            values.setdefault(key, []).append({
                "item": m.item_id, "outlet": m.outlet, "url": m.url, "text": f.text,
                "span": [f.start, f.end], "sentence": s.sentence.text})
        if len(values) < 2:
            continue
        outlets = len({n[0] for n in nodes})
        ranked = sorted(values, key=lambda k: -len(voters[k]))
        stated = ranked[0] if len(voters[ranked[0]]) * 2 > outlets else None
        f0 = node_fact[nodes[0]][0]
        disagreements.append(Disagreement(f0.kind, f0.unit, values, stated))
        outvoted.update(k for k in values if k != stated)
    # A headline is never edited: one stating an outvoted figure hands the post to the next report.
    bad = {normalise(f.text) for m in members for f in m.source.facts if fact_figure(f) in outvoted} - {""}
    p = next((i for i, m in enumerate(members) if not any(b in normalise(m.source.article.title) for b in bad)), 0)
    primary = members[p]
    drop = sorted({f.sentence for f in primary.source.facts if fact_figure(f) in outvoted})
    source = primary.source if not drop else _without(primary.source, set(drop))
    return Merged(facts, disagreements, drop, source, p)


def _pair_figures(fa: list[Fact], fb: list[Fact], said_a: set[str], said_b: set[str]) -> list[tuple[Fact, Fact]]:
    """Figures two aligned sentences state: equal values pair up, the rest
    pair in order within the same kind, unit and counted noun, unless the
    other outlet states the value somewhere else (then it does not contradict
    it: the sentences only look alike)."""
    pairs = []
    left = list(fa)
    right = list(fb)
    for a in list(left):
        for b in right:
            if fact_figure(a) == fact_figure(b):
                pairs.append((a, b))
                left.remove(a)
                right.remove(b)
                break
    by: dict[tuple, list[Fact]] = {}
    for b in right:
        if fact_figure(b) not in said_a:
            by.setdefault(_slot_kind(b), []).append(b)
    for a in left:
        if fact_figure(a) in said_b:
            continue
        cands = by.get(_slot_kind(a))
        if cands:
            pairs.append((a, cands.pop(0)))
    return pairs


def _without(src: Source, drop: set[int]) -> Source:
    """The source minus the dropped sentences (facts found again on what is left)."""
    blocks: list[Block] = []
    for bi, block in enumerate(src.article.blocks):
        sents = [s for s in src.sentences if s.block == bi]
        if not any(s.index in drop for s in sents):
            blocks.append(block)
            continue
        kept = " ".join(s.text for s in sents if s.index not in drop)
        if kept.strip():
            blocks.append(Block(block.kind, kept))
    return source_of(replace(src.article, blocks=blocks))


def _merged_facts(members: list[Member]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for m in members:
        for f in m.source.facts:
            key = fact_figure(f) or (figure_key(f.kind, f.value, f.unit) if f.kind == "org" else None)
            if key is None:
                continue
            e = seen.setdefault(key, {"kind": f.kind, "value": key.split(":", 2)[1], "unit": f.unit,
                                      "text": f.text, "outlets": 0, "items": []})
            if m.item_id not in e["items"]:
                e["items"].append(m.item_id)
                e["outlets"] += 1
    return sorted(seen.values(), key=lambda e: -e["outlets"])
