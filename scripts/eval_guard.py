"""Measure the guard on real articles: `make eval-guard`.

Reads ../shared/real-corpus/articles.jsonl at run time (its texts belong to
their publishers: they are measured here, never copied into the
repository). For each engine, every article is planned and rewritten, and:

- refusals: the guard's fallbacks on the engine's own draft, by reason (for
  the extractive engine, whose sentences are the source's, every one would
  be a false refusal);
- catch rate: every body sentence the guard lets stand is changed the way a
  careless rewrite would change it (a figure off by one, 원 -> 달러, % -> %p,
  년 -> 개월, another day, an approximate figure said exactly, a negation
  dropped or added, a plan written as
  done, the final verb swapped for another with its mode flipped (a plan
  written as done, a done thing as planned: no stem left to compare, so
  the clause is anchored by its figures and time words), a word cut from
  inside a quote, another organisation), and the guard must refuse the
  changed sentence.

Prints one line per kind; exits 1 when a kind is caught less than 90% of the
time or the extractive engine is refused anything, 2 when the corpus is
missing.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from corpus import corpus_path, load_articles  # noqa: E402
from pipeline import stages  # noqa: E402
from pipeline.config import Config  # noqa: E402
from pipeline.errors import ComposeError, EngineError  # noqa: E402
from pipeline.facts import extract_facts  # noqa: E402
from pipeline.guard import Context, guard, reason_kind, sentence_reasons  # noqa: E402
from pipeline.guard.morph import read  # noqa: E402
from pipeline.models import KST, Article  # noqa: E402
from pipeline.plan import make_plan  # noqa: E402
from pipeline.rewrite import ENGINES, get_engine  # noqa: E402

UNDATED = datetime(2000, 1, 1, tzinfo=KST)
FLOOR = 0.9


def _other_org(text: str, published: datetime) -> str:
    orgs = [f for f in extract_facts(text, None, published) if f.kind == "org" and f.text != "기획재정부"]
    return text.replace(orgs[0].text, "기획재정부", 1) if orgs else text


_REPORTING = re.compile(r"(밝|말|전|설명|강조|덧붙|당부|주문|지적|발표|했다고|라고|다고)[^ ]*다\.$")


def _final_mode(t: str) -> str | None:
    """The mode of the sentence's main predicate, if it is an action (a verb, or a noun with 하/되)."""
    finals = read(t).finals
    return next(iter(finals))[1] if len(finals) == 1 else None


def _swap_plan(t: str) -> str:
    """`…을 설치할 계획이다.` / `…하기로 했다.` -> `…을 마련했다.`"""
    if _final_mode(t) != "planned":
        return t
    return re.sub(r"\S+(?:[할될울설열일갈볼줄]|[가-힣]ㄹ) (?:계획|예정|방침)이다\.$|\S+기로 했다\.$", "마련했다.", t, count=1)


def _swap_done(t: str) -> str:
    """`…을 설치했다.` -> `…을 마련할 계획이다.` (a reporting verb or speech left alone)."""
    if _REPORTING.search(t) or "“" in t or '"' in t or _final_mode(t) != "done":
        return t
    return re.sub(r"\S+(?:했|됐|었|았|웠|켰|쳤|렸|냈|졌|왔)다\.$", "마련할 계획이다.", t, count=1)


_DONE = {"할": "했다", "될": "됐다", "열": "열었다", "갈": "갔다"}
MUTATIONS = {
    "number": lambda t, p: re.sub(r"(?<![\d,.])(\d+)(?![\d,.])(?!\s?[일월])",
                                  lambda m: str(int(m.group(1)) + 1), t, count=1),
    "unit 원->달러": lambda t, p: re.sub(r"억\s?원", "억 달러", t, count=1),
    "unit %->%p": lambda t, p: re.sub(r"(\d)%(?!p)", r"\1%p", t, count=1),
    "unit 년->개월": lambda t, p: re.sub(r"(\d)\s?년(간| 동안)", r"\1개월\2", t, count=1),
    "date": lambda t, p: re.sub(r"(?<![\d.])(\d{1,2})일(?![간째])", lambda m: f"{int(m.group(1)) % 28 + 1}일", t,
                                count=1),
    # `약 3억 원`, `3억 원가량` said as the exact sum (not `약 2만여 명`: still about)
    "approximation dropped": lambda t, p: re.sub(r"(?<![가-힣])약\s(?=[\d,.천만억조]+(?![\d,.천만억조])(?!여)\s?[가-힣])|(?<=원)\s?가량",
                                                 "", t, count=1),
    "negation dropped (없)": lambda t, p: t.replace("없", "있", 1),
    "negation dropped (않)": lambda t, p: re.sub(r"(\S)지 않", r"\1", t, count=1),
    "negation added": lambda t, p: re.sub(r"(\S+)(했|됐)다\.$",
                                          lambda m: m.group(1) + ("하" if m.group(2) == "했" else "되") + "지 않았다.",
                                          t, count=1),
    "modality": lambda t, p: re.sub(r"(할|될|열|갈) (계획|예정|방침)이다", lambda m: _DONE[m.group(1)],
                                    re.sub(r"하기로 했다", "했다", t, count=1), count=1),
    # The verb swapped too (no stem left to compare), one clause's mode flipped.
    "verb swapped, plan->done": lambda t, p: _swap_plan(t),
    "verb swapped, done->plan": lambda t, p: _swap_done(t),
    "quote": lambda t, p: re.sub(r"“(\S+\s\S+)\s\S+\s", r"“\1 ", t, count=1),
    "name": lambda t, p: _other_org(t, p),
}


def articles(path: Path) -> list[Article]:
    return [a for _, a in load_articles(path, undated=UNDATED)]


def measure(engine: str, arts: list[Article], cfg: Config) -> tuple[Counter, Counter, Counter, int]:
    refused: Counter[str] = Counter()
    tried: Counter[str] = Counter()
    caught: Counter[str] = Counter()
    sentences = 0
    for art in arts:
        src = stages.read_article(art)  # the chain's own reading: clean, spelling, sentences, facts
        try:
            plan = make_plan(src.article, src.facts, cfg.compose, src.sentences)
            draft = get_engine(engine, cfg).rewrite(plan)
        except (ComposeError, EngineError):
            continue
        out, report = guard(draft, plan)
        refused.update(report.fallbacks)
        ctx = Context.of(plan)
        for sec in out.sections:
            for s in sec.sentences:
                sentences += 1
                for kind, mutate in MUTATIONS.items():
                    changed = mutate(s.text, art.published)
                    if changed == s.text:
                        continue
                    tried[kind] += 1
                    caught[kind] += bool(sentence_reasons(changed, s.sources, ctx))
    return refused, tried, caught, sentences


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=None)
    ap.add_argument("--engines", default="extractive,rules")
    args = ap.parse_args()
    path = args.corpus or corpus_path()
    if not path.is_file():
        print(f"eval-guard: no corpus at {path}", file=sys.stderr)
        return 2
    arts = articles(path)
    cfg = Config(feeds=[])
    ok = True
    print(f"eval-guard: {len(arts)} articles from {path}")
    for engine in [e for e in args.engines.split(",") if e]:
        if engine not in ENGINES:
            print(f"{engine}: not a rewrite engine (one of {', '.join(ENGINES)})")
            continue
        try:
            get_engine(engine, cfg)
        except (ImportError, EngineError) as e:
            print(f"{engine}: not available here ({type(e).__name__}: {e})")
            continue
        refused, tried, caught, n = measure(engine, arts, cfg)
        by_kind = Counter()
        for key, c in refused.items():
            by_kind[reason_kind(key.split(":", 1)[1])] += c
        print(f"{engine}: {n} body sentences stand; guard refusals of the engine's own draft: "
              f"{dict(sorted(by_kind.items())) or 'none'}")
        if engine == "extractive" and refused:
            ok = False
        for kind in MUTATIONS:
            if tried[kind]:
                rate = caught[kind] / tried[kind]
                ok &= rate >= FLOOR
                print(f"  {kind:<22} caught {caught[kind]:>4}/{tried[kind]:<4} {rate:6.1%}"
                      + ("" if rate >= FLOOR else "  ! below 90%"))
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
