"""Measure the pipeline on the real Korean articles in ../shared/real-corpus/.

Two checks, both against text the project never wrote:

1. Numeric facts: runs the corpus's own scorer (`score_facts.py`) with this
   Python and prints its per-kind figures.
2. Leaks: composes a post per real article through the same chain as ingest
   (`pipeline.stages.build`: extract, clean, sentences, facts, plan,
   rewrite with the configured engine, guard, compose), the article handed over as a bare HTML
   fragment without <title> (as some CMSs expose bodies) and the corpus
   title as the feed item's title, then counts what is not article prose in
   the post's body, highlights, headings, excerpt and description: bylines,
   timestamp lines, e-mail addresses, copyright lines, photo captions,
   markdown images, table cells, broadcast questions, cut-off sentences and
   deck lines from before the lead.

The leak detectors here are written independently of pipeline/clean.py (a
cleaner cannot grade itself). The corpus texts are read at run time only and
never written anywhere but the temporary folder of the scorer and stdout.

Exits 1 when numeric F1 or precision is below 0.98 or any leak is found, 2
when the corpus is absent. Run from the repo root:
    .venv/bin/python scripts/eval_real.py [--corpus DIR] [--engine rules] [--leaks FILE] [--no-facts]
"""
from __future__ import annotations

import argparse
import html
import json
import re
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipeline.config import load  # noqa: E402
from pipeline.models import KST  # noqa: E402
from pipeline.stages import SkipItem, build  # noqa: E402

MIN_F1 = 0.98
MIN_PRECISION = 0.98
_CANDIDATES = (ROOT.parent / "shared" / "real-corpus", Path("/work/shared/real-corpus"))

# --------------------------------------------------------------- detectors
# Each returns True when the text unit carries that kind of non-article text.
_NAME = r"[가-힣]{2,4}"
LEAKS: dict[str, re.Pattern[str]] = {
    "byline": re.compile(
        rf"(?<![가-힣]){_NAME}\s?(?:선임|전문|객원|수습|인턴)?\s?(?:기자|특파원)(?=$|[\s\]\)=|,(]|[A-Za-z])"
        rf"|[\[(【]\s*[^\]\)】]{{0,15}}[=\-]\s*{_NAME}\s?기자"
    ),
    "timestamp": re.compile(
        r"(?:입력|수정|등록|송고|승인|업데이트)\s*[:：]?\s*\d{4}[.\-/년]"
        r"|^\s*(?:date\s+)?\d{4}[.\-/]\s?\d{1,2}[.\-/]\s?\d{1,2}\.?(?:\s*\([월화수목금토일]\))?(?:\s+\d{1,2}:\d{2})?\s*$"
        r"|\d{4}[.\-/]\d{1,2}[.\-/]\d{1,2}\.?\s+\d{1,2}:\d{2}"
        r"|^\s*date\s+\d{4}-"
    ),
    "email": re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+\.[A-Za-z]|email\s*protected", re.I),
    "copyright": re.compile(r"ⓒ|©|Ⓒ|무단\s*전재|무단\s*복제|재배포|재판매|DB\s*금지|저작권|All rights reserved", re.I),
    "caption": re.compile(r"^\S{2,12}\s?제공(?:[가-힣](?<![하한할해했합되된됩받을를은는이가에과와도만까으의]))|사진\s*[=:]|사진\s*(?:제공|출처)|자료\s*=|^▲[^.!?]*$|/\s*(?:뉴스1|연합뉴스|뉴시스)\b|\d{4}\.\d{1,2}\.\d{1,2}/"),
    "image": re.compile(r"!\[|\]\(https?://"),
    "table": re.compile(r"\|"),
    "url_line": re.compile(r"^\s*(?:출처|원문|기사원문)\s*[:：]|https?://"),
}
# A sentence of the body must end like one (`…다.`, `…요?`, a closing quote
# after them); anything else is a cut-off or a label.
_SENTENCE_END = re.compile(r"(?:[.!?…]|[다요])[”\"’')\]」』]*$")
# A question outside quotation marks: an anchor's or interviewer's line, or a
# briefing's greeting; an article states, it does not ask the reader.
_QUESTION = re.compile(r"\?[”\"’')\]」』]*$")
_QUOTED = re.compile(r"[“\"‘'「『][^”\"’'」』]*\?")
_PROSE_PARA = re.compile(r"(?:다|요|죠)\.[”\"’')\]]*(?:\s|$)")
_WORDS = re.compile(r"[가-힣]{2,}")


def corpus_dir(arg: str | None) -> Path | None:
    for c in ([Path(arg)] if arg else list(_CANDIDATES)):
        if (c / "articles.jsonl").is_file():
            return c
    return None


def fragment_html(text: str) -> bytes:
    """The article text as a body fragment: one <p> per paragraph, no <head>, no <title>."""
    paras = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    body = "".join("<p>" + "<br>".join(html.escape(line) for line in p.split("\n")) + "</p>\n" for p in paras)
    return f"<article>\n{body}</article>\n".encode("utf-8")


def deck_lines(text: str) -> list[str]:
    """Paragraphs before the lead (the first paragraph with a finished sentence)
    that are not sentences themselves: subtitles and summary lines."""
    out = []
    for p in re.split(r"\n\s*\n", text):
        p = p.strip()
        if not p:
            continue
        if _PROSE_PARA.search(p):
            break
        if len(_WORDS.findall(p)) >= 2:
            out.append(_norm(p.strip("-–— ")))
    return out


def _norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def post_units(post) -> list[tuple[str, str]]:
    units = [("excerpt", post.excerpt or ""), ("description", post.description or "")]
    for sec in post.sections:
        units.append(("heading", sec.heading or ""))
        for o in sec.sentences:
            units.append(("highlight" if o.highlight is not None else "body", o.text))
    return [(k, t) for k, t in units if t.strip()]


def leaks_of(post, source_text: str) -> list[dict[str, str]]:
    found = []
    decks = [d for d in deck_lines(source_text) if len(d) >= 8]
    for where, text in post_units(post):
        t = _norm(text)
        for kind, rx in LEAKS.items():
            if rx.search(t):
                found.append({"kind": kind, "where": where, "text": t[:120]})
        if where in ("body", "highlight"):
            if not _SENTENCE_END.search(t):
                found.append({"kind": "cut_off", "where": where, "text": t[-120:]})
            if _QUESTION.search(t) and not _QUOTED.search(t):
                found.append({"kind": "question", "where": where, "text": t[:120]})
        for d in decks:
            if where != "excerpt" and where != "description" and d in t:
                found.append({"kind": "deck", "where": where, "text": d[:120]})
    return found


def compose_post(art: dict, cfg, published: datetime, engine: str | None = None):
    """The post one real article becomes, handed over as a body fragment with the feed's title."""
    built = build(fragment_html(art["text"]), art.get("url") or f"https://real.example/{art['id']}", cfg,
                  item_id=f"real-{art['id']}", headers={"content-type": "text/html; charset=utf-8"},
                  feed_title=art.get("title") or f"{art.get('outlet', '기사').split(' (')[0]} 기사",
                  feed_published=published, engine=engine)
    return built.post


def run_scorer(corpus: Path, errors: str | None) -> tuple[float, float, float, str]:
    cmd = [sys.executable, str(corpus / "score_facts.py"), "--min-f1", "0"]
    if errors:
        cmd += ["--errors", errors]
    r = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=1800)
    out = r.stdout
    m = re.search(r"numeric F1 = ([\d.]+) \(P=([\d.]+), R=([\d.]+)\)", out)
    if not m:
        raise SystemExit(f"score_facts.py gave no result line: {(r.stderr or out).strip()[-300:]}")
    return float(m.group(1)), float(m.group(2)), float(m.group(3)), out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", help="folder with articles.jsonl and score_facts.py")
    ap.add_argument("--config", default=str(ROOT / "configs" / "default.yaml"))
    ap.add_argument("--errors", help="write the scorer's misses and false facts here (JSON lines)")
    ap.add_argument("--leaks", help="write every leak found here (JSON lines)")
    ap.add_argument("--engine", help="rewrite engine for the posts (default: the config's rewrite.engine)")
    ap.add_argument("--no-facts", action="store_true", help="skip the fact scorer, count leaks only")
    a = ap.parse_args()
    corpus = corpus_dir(a.corpus)
    if corpus is None:
        print("eval-real: ../shared/real-corpus/ not found (articles.jsonl); nothing measured", file=sys.stderr)
        return 2
    ok = True
    if not a.no_facts:
        f1, p, r, out = run_scorer(corpus, a.errors)
        print(out.rstrip())
        if f1 < MIN_F1 or p < MIN_PRECISION:
            print(f"FAIL: numeric F1 {f1:.3f} / precision {p:.3f} below {MIN_F1} / {MIN_PRECISION}")
            ok = False

    cfg = load(a.config)
    articles = [json.loads(l) for l in (corpus / "articles.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    leaks: list[dict[str, str]] = []
    skipped = []
    posts = 0
    t0 = time.perf_counter()
    for art in articles:
        pub = datetime.fromisoformat(art["published"][:10]).replace(hour=9, tzinfo=KST) if art.get("published") \
            else datetime(2024, 1, 1, 9, tzinfo=KST)
        try:
            post = compose_post(art, cfg, pub, a.engine)
        except ImportError as e:
            print(f"eval-real: engine {a.engine or cfg.rewrite.engine!r} is not available here: {e}", file=sys.stderr)
            return 2
        except SkipItem as e:
            skipped.append((art["id"], str(e)))
            continue
        posts += 1
        for lk in leaks_of(post, art["text"]):
            leaks.append({"id": art["id"], **lk})
    secs = time.perf_counter() - t0
    by_kind: dict[str, int] = {}
    for lk in leaks:
        by_kind[lk["kind"]] = by_kind.get(lk["kind"], 0) + 1
    leaky_posts = len({lk["id"] for lk in leaks})
    print(f"posts composed {posts} of {len(articles)} in {secs:.1f} s; skipped {len(skipped)}")
    for aid, why in skipped:
        print(f"  skipped {aid}: {why}")
    print(f"leaks = {len(leaks)} in {leaky_posts} posts" + (": " + ", ".join(f"{k} {v}" for k, v in sorted(by_kind.items())) if by_kind else ""))
    for lk in leaks[:40]:
        print(f"  {lk['id']} [{lk['kind']} in {lk['where']}] {lk['text']}")
    if a.leaks:
        with open(a.leaks, "w", encoding="utf-8") as f:
            for lk in leaks:
                f.write(json.dumps(lk, ensure_ascii=False) + "\n")
    if leaks:
        ok = False
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
