"""Story clustering measured: pairwise precision and recall against labels.

    python scripts/eval_stories.py [--corpus PATH] [--set tests/data/stories] [--min 0.95]

Clusters the real articles of ../shared/real-corpus/articles.jsonl (read at
run time, never copied: field `cluster` marks reports of one event) and the
project's own multi-outlet sets in tests/data/stories/, with the same
detector and settings an ingest run uses (`stories:` defaults), then prints
precision and recall of the pairs each puts in one story, the pairs it got
wrong, and the figures the outlets of each story disagree on. Exits 1 when
precision or recall of a set is below --min, 2 when a set cannot be read.

tests/data/stories/real-amendments.json lists, by article id only, pairs the
real set's `cluster` field leaves apart although both articles report the
same event (with the evidence). Both figures are printed; the target is
checked on the amended labels, and an amendment the corpus itself now
carries is reported so it can be removed.
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipeline.config import StoriesSettings  # noqa: E402
from pipeline.merge import Member, describe, merge  # noqa: E402
from pipeline.models import KST, Article, Block  # noqa: E402
from pipeline.stages import read_article  # noqa: E402
from pipeline.stories import StoryIndex, pairwise, report_of  # noqa: E402


def shared_dir() -> Path:
    here = ROOT.parent / "shared"
    return here if here.is_dir() else Path("/work/shared")


def load_set(path: Path) -> list[dict]:
    """Articles of a JSONL file (one per line) or of every *.json in a folder."""
    if path.is_dir():
        rows = []
        for p in sorted(path.glob("*.json")):
            data = json.loads(p.read_text(encoding="utf-8"))
            if isinstance(data, dict) and "articles" in data:
                rows.extend(data["articles"])
        return rows
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _published(value: str | None) -> datetime | None:
    if not value:
        return None
    dt = datetime.fromisoformat(value)
    return dt if dt.tzinfo else dt.replace(tzinfo=KST)


def members_of(rows: list[dict]) -> list[Member]:
    out = []
    for r in rows:
        blocks = [Block("p", b.strip()) for b in r["text"].split("\n\n") if b.strip()]
        art = Article(r.get("url") or "", r.get("title") or "", blocks, published=_published(r.get("published")))
        out.append(Member(r["id"], r.get("outlet") or r["id"], r.get("url") or "", r.get("title") or "",
                          read_article(art)))
    return out


def evaluate(rows: list[dict], settings: StoriesSettings, amendments: list[list[str]] | None = None) -> dict:
    members = members_of(rows)
    by_id = {m.item_id: m for m in members}
    index = StoryIndex(settings)
    # Publication order (unknown dates last), then id: the order an archive replays.
    order = {r["id"]: f"{r.get('published') or '9999'} {r['id']}" for r in rows}
    for m in sorted(members, key=lambda m: order[m.item_id]):
        index.add(report_of(m.item_id, m.source.article.text, m.source.facts, m.source.article.published,
                            settings, order=order[m.item_id]))
    predicted = dict(index.story_of)
    gold = {r["id"]: r.get("cluster") or r["id"] for r in rows}
    p, r_, false_pairs, missed = pairwise(predicted, gold)
    result = {"articles": len(rows), "precision": p, "recall": r_, "false": sorted(false_pairs),
              "missed": sorted(missed), "compared": index.compared, "stories": [], "already_labelled": []}
    if amendments:
        amended = dict(gold)
        for a, b in amendments:
            if a in amended and b in amended:
                if amended[a] == amended[b]:
                    result["already_labelled"].append((a, b))
                old = amended[b]
                for k, v in list(amended.items()):
                    if v == old:
                        amended[k] = amended[a]
        ap, ar, af, am = pairwise(predicted, amended)
        result.update(amended_precision=ap, amended_recall=ar, amended_false=sorted(af), amended_missed=sorted(am))
    for sid in sorted(set(predicted.values())):
        ids = index.members(sid)
        if len(ids) < 2:
            continue
        merged = merge([by_id[i] for i in ids], settings.align)
        result["stories"].append({"story": sid, "members": ids,
                                  "agreed": sum(1 for f in merged.facts if f["outlets"] > 1),
                                  "disagreements": [describe(d.to_dict()) for d in merged.disagreements],
                                  "dropped": len(merged.dropped)})
    return result


def report(name: str, res: dict, floor: float) -> bool:
    p, r = res.get("amended_precision", res["precision"]), res.get("amended_recall", res["recall"])
    print(f"{name}: {res['articles']} articles, {res['compared']} candidate pairs verified")
    print(f"  pairwise precision {res['precision']:.3f}, recall {res['recall']:.3f} (labels as given)")
    if "amended_precision" in res:
        print(f"  pairwise precision {p:.3f}, recall {r:.3f} (with tests/data/stories/real-amendments.json)")
    for a, b in res.get("amended_false", res["false"]):
        print(f"  merged, labelled apart: {a} + {b}")
    for a, b in res.get("amended_missed", res["missed"]):
        print(f"  labelled together, kept apart: {a} + {b}")
    for a, b in res.get("already_labelled", []):
        print(f"  amendment now in the labels (remove it): {a} + {b}")
    for s in res["stories"]:
        print(f"  story {s['story']}: {len(s['members'])} outlets, {s['agreed']} figures stated by several,"
              f" {len(s['disagreements'])} disagreements, {s['dropped']} sentences left out")
        for d in s["disagreements"]:
            print(f"    disagreement {d}")
    ok = p >= floor and r >= floor
    print(f"  {'ok' if ok else 'BELOW TARGET'} (target precision and recall >= {floor})")
    return ok


def sweep(rows: list[dict], amendments: list[list[str]]) -> None:
    """One threshold at a time around the defaults, on the real and own sets together."""
    from dataclasses import replace

    base = StoriesSettings()
    grid = {"min_shared_figures": [1, 2, 3, 4, 5], "min_figure_share": [0.0, 0.1, 0.25, 0.4, 0.6],
            "min_text": [0.0, 0.01, 0.025, 0.05, 0.1], "near_duplicate": [0.3, 0.45, 0.6, 0.8, 0.95]}
    print("sweep (real + own sets, amended labels): key value -> precision recall")
    for key, values in grid.items():
        cells = []
        for v in values:
            res = evaluate(rows, replace(base, **{key: v}), amendments)
            mark = "*" if v == getattr(base, key) else ""
            cells.append(f"{v}{mark}: {res['amended_precision']:.3f}/{res['amended_recall']:.3f}")
        print(f"  {key:<19} " + "  ".join(cells))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=shared_dir() / "real-corpus" / "articles.jsonl")
    ap.add_argument("--set", type=Path, default=ROOT / "tests" / "data" / "stories")
    ap.add_argument("--min", type=float, default=0.95)
    ap.add_argument("--json", action="store_true", help="print the results as JSON too")
    ap.add_argument("--sweep", action="store_true",
                    help="also print precision and recall around the default thresholds (how they were chosen)")
    args = ap.parse_args(argv)
    settings = StoriesSettings()
    ok = True
    results = {}
    amend_path = ROOT / "tests" / "data" / "stories" / "real-amendments.json"
    amendments = [a["pair"] for a in json.loads(amend_path.read_text(encoding="utf-8"))["pairs"]] \
        if amend_path.is_file() else []
    for name, path, amend in (("real set", args.corpus, amendments), ("own sets", args.set, None)):
        try:
            rows = load_set(path)
        except (OSError, ValueError, KeyError) as e:
            print(f"{name}: cannot read {path}: {e}", file=sys.stderr)
            return 2
        if not rows:
            print(f"{name}: no articles in {path}", file=sys.stderr)
            return 2
        results[name] = res = evaluate(rows, settings, amend)
        ok = report(name, res, args.min) and ok
    if args.sweep:
        sweep(load_set(args.corpus) + load_set(args.set), amendments)
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1, default=list))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
