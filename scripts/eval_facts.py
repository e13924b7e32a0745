"""Score pipeline.facts against the hand-labelled corpus in tests/facts_corpus/.

A prediction is a true positive when kind, start and end match a label and the
value (and unit, for numbers) agree. Exits non-zero below the numeric targets
(precision 0.97, recall 0.95). Run from the repo root:
    .venv/bin/python scripts/eval_facts.py [--verbose] [--only 041-055,007]
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.facts import NUMERIC_KINDS, extract_facts  # noqa: E402

CORPUS = ROOT / "tests" / "facts_corpus"
ENTITY_KINDS = ("org", "person", "programme")
MIN_PRECISION = 0.97
MIN_RECALL = 0.95


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class Report:
    by_kind: dict[str, Score] = field(default_factory=dict)
    mismatches: list[str] = field(default_factory=list)
    articles: int = 0
    chars: int = 0
    seconds: float = 0.0

    def score(self, kind: str) -> Score:
        return self.by_kind.setdefault(kind, Score())

    def numeric(self) -> Score:
        total = Score()
        for k in NUMERIC_KINDS:
            s = self.by_kind.get(k, Score())
            total.tp += s.tp
            total.fp += s.fp
            total.fn += s.fn
        return total


def _same_value(kind: str, label: object, got: object) -> bool:
    if kind in ("money", "percent"):
        try:
            return Decimal(str(label)) == Decimal(str(got))
        except Exception:
            return False
    return label == got


def parse_only(spec: str) -> set[int]:
    """`041-055,007` -> the article numbers it names."""
    wanted: set[int] = set()
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        lo, _, hi = part.partition("-")
        a, b = int(lo), int(hi or lo)
        if b < a or b - a > 10000:
            raise ValueError(f"bad range {part!r}")
        wanted.update(range(a, b + 1))
    return wanted


def load_corpus(corpus: Path = CORPUS, only: set[int] | None = None) -> list[tuple[str, dict]]:
    paths = sorted(corpus.glob("*.json"))
    if only is not None:
        paths = [p for p in paths if p.stem.isdigit() and int(p.stem) in only]
    return [(p.name, json.loads(p.read_text(encoding="utf-8"))) for p in paths]


def evaluate(corpus: Path = CORPUS, only: set[int] | None = None) -> Report:
    report = Report()
    extract_facts("약 10억 원을 7일 3곳에")  # warm-up: keep one-off costs out of the timing
    for name, art in load_corpus(corpus, only):
        text = art["text"]
        published = datetime.fromisoformat(art["published"]) if art.get("published") else None
        kinds = NUMERIC_KINDS + (ENTITY_KINDS if art.get("entities_labelled") else ())
        t0 = time.perf_counter()
        facts = extract_facts(text, published=published)
        report.seconds += time.perf_counter() - t0
        report.articles += 1
        report.chars += len(text)
        labels = {(f["kind"], f["start"], f["end"]): f for f in art["facts"] if f["kind"] in kinds}
        preds = {(f.kind, f.start, f.end): f for f in facts if f.kind in kinds}
        for key, lab in labels.items():
            got = preds.get(key)
            kind = key[0]
            ok = got is not None and _same_value(kind, lab["value"], got.value) and (
                kind not in ("money", "percent", "count") or lab["unit"] == got.unit)
            if ok:
                report.score(kind).tp += 1
            else:
                report.score(kind).fn += 1
                if got is None:
                    report.mismatches.append(f"{name} FN {kind:9} {lab['text']!r} @{lab['start']} want {lab['value']} {lab['unit'] or ''}")
                else:
                    report.score(kind).fp += 1
                    report.mismatches.append(
                        f"{name} VAL {kind:9} {lab['text']!r} @{lab['start']} want {lab['value']} {lab['unit'] or ''}"
                        f" got {got.value} {got.unit or ''}")
        for key, got in preds.items():
            if key not in labels:
                report.score(key[0]).fp += 1
                ctx = text[max(0, got.start - 12):got.end + 12].replace("\n", " ")
                report.mismatches.append(f"{name} FP {key[0]:9} {got.text!r} @{got.start} = {got.value} {got.unit or ''}  …{ctx}…")
    return report


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--verbose", "-v", action="store_true", help="print every mismatch")
    ap.add_argument("--only", "--files", metavar="RANGES",
                    help="score only these article numbers, e.g. 041-055 (the blind held-out set)")
    args = ap.parse_args(argv)
    try:
        only = parse_only(args.only) if args.only else None
    except ValueError as exc:
        ap.error(str(exc))
    report = evaluate(only=only)
    if report.articles == 0:
        ap.error("no corpus article matches --only")
    print(f"{'kind':10} {'tp':>5} {'fp':>5} {'fn':>5} {'prec':>7} {'recall':>7}")
    for kind in NUMERIC_KINDS + ENTITY_KINDS:
        s = report.by_kind.get(kind, Score())
        print(f"{kind:10} {s.tp:5d} {s.fp:5d} {s.fn:5d} {s.precision:7.3f} {s.recall:7.3f}")
    num = report.numeric()
    print(f"{'NUMERIC':10} {num.tp:5d} {num.fp:5d} {num.fn:5d} {num.precision:7.3f} {num.recall:7.3f}")
    per_3k = report.seconds / max(report.chars, 1) * 3000 * 1000
    print(f"{report.articles} articles, {report.chars} chars, {per_3k:.2f} ms per 3,000 chars")
    if args.verbose:
        for line in report.mismatches:
            print(line)
    ok = num.precision >= MIN_PRECISION and num.recall >= MIN_RECALL
    if not ok:
        print(f"FAIL: numeric precision/recall below {MIN_PRECISION}/{MIN_RECALL}", file=sys.stderr)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
