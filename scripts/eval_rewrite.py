"""Measure the rewrite engines on real articles: `make eval-rewrite`.

Reads ../shared/real-corpus/articles.jsonl at run time (its texts belong to
their publishers: they are measured here, never copied into the repository),
composes one post per article with each engine through pipeline.stages,
and prints the issue-9 figures side by side. Exits 1 when a target of the
`rules` engine fails, 2 when the corpus is missing.

Definitions (the targets are about what a reader of the post sees):
- copy share: guard.copy_metrics, body characters (direct speech excluded)
  inside runs of >= 20 characters also in the source, pooled over posts;
- verbatim: share of body sentences that are source sentences verbatim;
- first-two numbers: every number of the source's first two sentences a
  reader gets (the plan's lead, bylines and photo credits excluded) is in
  the post;
- lead facts: every fact of those sentences is in the post;
- descriptive heading: a framed heading (rules), one of the seed's generic
  ones, an action heading (a noun phrase ending on a verbal noun:
  `졸업생 취업 연계 강화`; heads.descriptive) or the article's own
  subheading;
- unsupported: what the post states that its cited source sentences do not
  (guard.audit: numbers with units, dates, names, quotes, negation,
  modality), after the guard.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus import corpus_path, load_articles  # noqa: E402
from pipeline import stages  # noqa: E402
from pipeline.guard import audit  # noqa: E402
from pipeline.config import Config  # noqa: E402
from pipeline.errors import ComposeError  # noqa: E402
from pipeline.fidelity import scan_numbers  # noqa: E402
from pipeline.models import KST, Article  # noqa: E402
from pipeline.rewrite.extractive import norm  # noqa: E402
from pipeline.rewrite.heads import descriptive  # noqa: E402
from pipeline.rewrite.transforms import DAY_WORDS, REL_DAY, REL_MONTH, RELATIVE_YEAR_WORD, lexicon, respaced  # noqa: E402
from pipeline.rewrite.rules import _BYLINE_OPEN, is_junk  # noqa: E402

ENGINES = ("extractive", "rules")
LONG = 1500
UNDATED = datetime(2000, 1, 1, tzinfo=KST)


@dataclass
class Figures:
    posts: int = 0
    skipped: int = 0
    covered: float = 0.0
    body: int = 0
    sentences: int = 0
    verbatim: int = 0
    title_same: int = 0
    headings: int = 0
    descriptive: int = 0
    headings_rewritten: int = 0
    excerpt_rewritten: int = 0
    long_sources: int = 0
    long_ok: int = 0
    lead_facts: int = 0
    lead_facts_kept: int = 0
    first_numbers: int = 0
    first_numbers_kept: int = 0
    unsupported: int = 0
    fallbacks: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    # (rewritten body sentence, its cited source text, the whole source), for the review
    samples: list[tuple[str, str, str]] = field(default_factory=list)

    def copy_share(self) -> float:
        return self.covered / self.body if self.body else 0.0


def _squash(text: str) -> str:
    return "".join(text.replace(",", "").split())


def _said(text: str, value: object = None) -> list[str]:
    """A fact's text and its paraphrases from the reviewed lexicon (지난해 = 작년),
    a relative year written as its resolved year (`내년 3월` = `2027년 3월`)
    and a relative day or a relative month's day as its resolved date
    (`오늘`, `지난달 25일` = `8월 25일`)."""
    nouns = lexicon().nouns
    out = [text, *[text.replace(old, new) for old, new in nouns.items() if old in text]]
    # The source's own spelling fixed (`2백 50억원` said as `250억원`).
    out.append(respaced(text))
    year = re.match(r"(\d{4})(?:-|$)", str(value or ""))
    rel = RELATIVE_YEAR_WORD.match(text)
    if year and rel:
        out.append(f"{year.group(1)}년" + text[rel.end():])
    day = re.match(r"\d{4}-(\d{2})-(\d{2})$", str(value or ""))
    if day and (text.strip() in DAY_WORDS or text.strip() == "이날"):
        # (`이날`: the day just named, said as that date where the sentence moves it)
        out.append(f"{int(day.group(1))}월 {int(day.group(2))}일")
    month = re.fullmatch(r"\d{4}-(\d{2})", str(value or ""))
    if month and text.strip() in REL_MONTH:
        out.append(f"{int(month.group(1))}월")  # `지난달` said `지난 6월`
    # A day the rules name with its month (`지난달 30일`, `지난 7일` = `1월 30일`,
    # `3월 7일`), as date_edits does; a bare `25일` stays as given.
    rel_day = REL_DAY.match(text.strip())
    if day and rel_day and rel_day.group(1):
        out.append(f"{int(day.group(1))}월 {int(day.group(2))}일")
    return out


def measure(articles: list[tuple[str, Article]], cfg: Config) -> dict[str, Figures]:
    figs = {e: Figures() for e in ENGINES}
    for item_id, article in articles:
        src = stages.read_article(article)  # as ingest reads a page: clean, spelling, sentences, facts
        if src.article.published is None:
            # Facts were resolved without a date (no day gets a month it was not
            # given); composing needs one, and no figure below depends on it.
            src.article.published = UNDATED
        built = {}
        for engine in ENGINES:
            t0 = time.perf_counter()
            try:
                b = stages.compose(src, cfg, item_id=item_id, source_label="eval", engine=engine)
            except ComposeError:
                figs[engine].skipped += 1
                continue
            figs[engine].seconds += time.perf_counter() - t0
            built[engine] = b
        base = built.get("extractive")
        for engine, b in built.items():
            f = figs[engine]
            post, plan, g = b.post, b.plan, b.guard
            f.posts += 1
            body = [s.text for sec in post.sections for s in sec.sentences]
            f.covered += g.copy_share * sum(len(_squash(t)) for t in body)
            f.body += sum(len(_squash(t)) for t in body)
            sources = {_squash(s.text) for s in plan.sentences}
            f.sentences += len(body)
            f.verbatim += sum(1 for t in body if _squash(t) in sources)
            f.title_same += norm(post.title) == norm(article.title)
            own = {norm(ps.subheading) for ps in plan.sections if ps.subheading}
            base_heads = [s.heading for s in base.post.sections] if base else []
            for k, sec in enumerate(post.sections):
                f.headings += 1
                f.descriptive += descriptive(sec.heading) or sec.heading in own
                f.headings_rewritten += not (k < len(base_heads) and base_heads[k] == sec.heading)
            f.excerpt_rewritten += not (base and base.post.excerpt == post.excerpt)
            text = article.text
            if len(text) > LONG:
                f.long_sources += 1
                f.long_ok += 0.45 <= g.body_chars / len(text) <= 0.70
            post_all = _squash(" ".join([post.title, post.excerpt, *[s.heading for s in post.sections], *body]))
            first = [i for i in plan.lead if not is_junk(plan.texts[i])][:2]
            # A byline or metadata prefix (`date 2025-…`, `[홍길동 기자]`) is not the lead's content.
            lead_text = {i: _BYLINE_OPEN.sub("", plan.texts[i], count=1) for i in first}
            for fact in plan.facts:
                if fact.sentence in first and fact.text in lead_text[fact.sentence]:
                    f.lead_facts += 1
                    f.lead_facts_kept += any(_squash(v) in post_all for v in _said(fact.text, fact.value))
            post_values = {t.value for t in scan_numbers(" ".join(body))}
            # A year clipped after a bound (`2030년까지 …, 31년 이후`) is said whole (`2031년`).
            clipped = {(fact.sentence, fact.text): str(fact.value) for fact in plan.facts
                       if fact.kind == "date" and fact.attrs.get("clipped")}
            for i in first:
                for tok in scan_numbers(lead_text[i]):
                    f.first_numbers += 1
                    whole = clipped.get((i, tok.raw))
                    f.first_numbers_kept += tok.value in post_values or whole in post_values
            # After the guard: what the post still states that its sources do not
            # (numbers, units, dates, names, quotes, negation, modality).
            f.unsupported += len(audit(post, plan))
            for k, v in g.fallbacks.items():
                f.fallbacks[k] = f.fallbacks.get(k, 0) + v
            if engine == "rules":
                srcs = {norm(s.text) for s in plan.sentences}
                source = " ".join(norm(plan.sentences[i].text) for i in range(len(plan.sentences)))
                f.samples += [(s.text, " ".join(norm(plan.sentences[i].text) for i in s.sources), source)
                              for sec in post.sections for s in sec.sentences if norm(s.text) not in srcs]
    return figs


def abbreviate(text: str, cited: str, source: str, keep: int = 5) -> str:
    """`text` with every stretch it shares with `cited` (15+ characters) cut to
    its ends around `…`: the review may show what the rules changed, never
    the publisher's sentence. Checked: no 20-character run of the result
    (spacing and commas ignored) is in the source."""
    from difflib import SequenceMatcher

    sm = SequenceMatcher(None, text, cited, autojunk=False)
    out, pos = [], 0
    for a, _, size in sm.get_matching_blocks():
        if size >= 15:
            out.append(text[pos:a + keep])
            out.append("…")
            pos = a + size - keep
    out.append(text[pos:])
    short = "".join(out)
    src = _squash(source)
    sq = _squash(short)
    for i in range(len(sq) - 19):
        if sq[i:i + 20] in src and "…" not in sq[i:i + 20]:
            return abbreviate(text, cited, source, keep=max(1, keep - 2)) if keep > 1 else "…"
    return short


def targets(f: Figures) -> list[tuple[str, str, bool]]:
    def share(a: float, b: float) -> float:
        return a / b if b else 1.0

    return [
        ("copy share <= 0.80", f"{f.copy_share():.3f}", f.copy_share() <= 0.80),
        ("verbatim body sentences <= 30%", f"{share(f.verbatim, f.sentences):.1%}", share(f.verbatim, f.sentences) <= 0.30),
        ("title equal to the source headline: never", f"{f.title_same}", f.title_same == 0),
        ("headings rewritten >= 95%", f"{share(f.headings_rewritten, f.headings):.1%}", share(f.headings_rewritten, f.headings) >= 0.95),
        ("excerpt rewritten >= 90%", f"{share(f.excerpt_rewritten, f.posts):.1%}", share(f.excerpt_rewritten, f.posts) >= 0.90),
        (f"long sources (> {LONG} chars) at 45-70% length", f"{f.long_ok}/{f.long_sources}", f.long_ok == f.long_sources),
        ("every lead fact kept", f"{f.lead_facts_kept}/{f.lead_facts}", f.lead_facts_kept == f.lead_facts),
        ("every number of the first two sentences kept", f"{f.first_numbers_kept}/{f.first_numbers}",
         f.first_numbers_kept == f.first_numbers),
        ("unsupported number/name/date after the guard: none", f"{f.unsupported}", f.unsupported == 0),
        ("descriptive headings >= 95%", f"{share(f.descriptive, f.headings):.1%}", share(f.descriptive, f.headings) >= 0.95),
    ]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=None)
    ap.add_argument("--sample", type=int, default=0, help="print N random rewritten sentences (seeded)")
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--full", action="store_true", help="with --sample: whole sentences (never commit these)")
    args = ap.parse_args(argv)
    path = args.corpus or corpus_path()
    if not path.is_file():
        print(f"eval-rewrite: corpus not found at {path}", file=sys.stderr)
        return 2
    articles = load_articles(path)
    cfg = Config(feeds=[])
    figs = measure(articles, cfg)
    print(f"eval-rewrite: {len(articles)} articles from {path}")
    rows = {e: targets(figs[e]) for e in ENGINES}
    width = max(len(name) for name, _, _ in rows["rules"])
    print(f"{'target':<{width}}  " + "  ".join(f"{e:>12}" for e in ENGINES))
    for k, (name, _, _) in enumerate(rows["rules"]):
        cells = []
        for e in ENGINES:
            _, value, ok = rows[e][k]
            cells.append(f"{value + (' ' if ok else '!'):>12}")
        print(f"{name:<{width}}  " + "  ".join(cells))
    for e in ENGINES:
        f = figs[e]
        fb = ", ".join(f"{k} {v}" for k, v in sorted(f.fallbacks.items())) or "none"
        print(f"{e}: {f.posts} posts ({f.skipped} skipped), {f.seconds * 1000 / max(1, f.posts):.1f} ms a post; "
              f"guard fallbacks: {fb}")
    if args.sample:
        # Rewritten sentences for a reader's review, cut to what the rules changed
        # (docs/review-rewrite.md); --full shows them whole, for the reviewer only.
        rnd = random.Random(args.seed)
        pool = figs["rules"].samples
        for k, (text, cited, source) in enumerate(rnd.sample(pool, min(args.sample, len(pool))), 1):
            print(f"{k:3d}. {text if args.full else abbreviate(text, cited, source)}")
    failed = [name for name, _, ok in rows["rules"] if not ok]
    if failed:
        print("rules: targets missed: " + "; ".join(failed))
        return 1
    print("rules: every target met")
    return 0


if __name__ == "__main__":
    if os.environ.get("PYTHONHASHSEED") is None:
        pass  # nothing here depends on hash order
    raise SystemExit(main())
