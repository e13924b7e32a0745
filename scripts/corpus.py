"""The real-corpus articles (../shared/real-corpus/articles.jsonl) as Articles.

Shared by the eval scripts; the texts are read at run time only and belong
to their publishers (see that folder's README): nothing here copies them.
"""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from pipeline.models import KST, Article, Block

ROOT = Path(__file__).resolve().parents[1]


def corpus_path() -> Path:
    shared = ROOT.parent / "shared"
    if not shared.is_dir():
        shared = Path("/work/shared")
    return shared / "real-corpus" / "articles.jsonl"


def load_articles(path: Path, undated: datetime | None = None) -> list[tuple[str, Article]]:
    """(id, Article) per line: paragraphs split on blank lines, the date in KST
    unless it says otherwise, `undated` where the corpus has none."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        pub = undated
        if rec.get("published"):
            pub = datetime.fromisoformat(rec["published"])
            if pub.tzinfo is None:
                pub = pub.replace(tzinfo=KST)
        blocks = [Block("p", p.strip()) for p in rec["text"].split("\n\n") if p.strip()]
        out.append((rec["id"], Article(url=rec.get("url") or f"https://example.invalid/{rec['id']}",
                                       title=rec.get("title") or "", blocks=blocks, published=pub)))
    return out
