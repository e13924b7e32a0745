"""Command line: ``python -m pipeline <command>`` (or ``kr-news-pipeline``).

Exit codes (for cron): 0 ok, 1 every feed is failing, 2 configuration or
usage error, 3 another run is active (the run lock is held), 70 internal error.
"""
from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime, time
from pathlib import Path

from . import config as config_mod
from .models import KST
from .run import EXIT_CONFIG, EXIT_LOCKED, RunLocked

DEFAULT_CONFIG = "configs/default.yaml"


def _date(s: str) -> datetime:
    try:
        dt = datetime.fromisoformat(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD or an ISO timestamp, got {s!r}") from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=KST) if len(s) > 10 else datetime.combine(dt.date(), time(0), KST)
    return dt


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="cmd", required=True)

    def with_config(sp: argparse.ArgumentParser) -> argparse.ArgumentParser:
        sp.add_argument("--config", default=DEFAULT_CONFIG, help=f"YAML config (default {DEFAULT_CONFIG})")
        return sp

    sp = with_config(sub.add_parser("ingest", help="fetch feeds and write posts for new items"))
    sp.add_argument("--force", action="store_true", help="also fetch feeds that are in backoff")
    sp.add_argument("--workers", type=int, default=None, help="processes for extraction (default: CPUs)")
    sp.add_argument("--quiet", action="store_true", help="print only the summary line")

    with_config(sub.add_parser("status", help="feed health, backoff and item counts"))

    sp = with_config(sub.add_parser("rerender", help="rebuild posts from archived pages, no network"))
    sp.add_argument("--item", help="one item by id or source URL")
    sp.add_argument("--feed", help="only items of this feed")
    sp.add_argument("--since", type=_date, help="only items published since this date")
    sp.add_argument("--dry-run", action="store_true", help="list what would change, write nothing")
    sp.add_argument("--refresh-llm", action="store_true",
                    help="ask the llm again instead of reusing its cached replies (rewrite.engine: llm)")
    sp.add_argument("--workers", type=int, default=None)

    sp = with_config(sub.add_parser("list", help="archived items"))
    sp.add_argument("--state", help="pending, fetched, written, skipped or failed")
    sp.add_argument("--feed")
    sp.add_argument("--limit", type=int, default=50)

    sp = with_config(sub.add_parser("show", help="one archived item: state, URL, post, facts"))
    sp.add_argument("key", help="item id (or prefix) or source URL")

    sp = sub.add_parser("facts", help="facts of an HTML or text file")
    sp.add_argument("file")
    sp.add_argument("--published", type=_date, help="publication date for relative dates (default: page's)")
    sp.add_argument("--url", default="https://example.invalid/article")
    sp.add_argument("--json", action="store_true", help="print a JSON array")

    sp = with_config(sub.add_parser("compose", help="print the post an HTML file would become"))
    sp.add_argument("file")
    sp.add_argument("--url", required=True, help="the article's source URL")
    sp.add_argument("--published", type=_date, help="used when the page has no date")
    return p


EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug, not a feed or config problem


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _dispatch(args)
    except FileNotFoundError as e:
        print(f"not found: {e.filename}", file=sys.stderr)
        return EXIT_CONFIG
    except config_mod.ConfigError as e:
        print(f"config error: {e}", file=sys.stderr)
        return EXIT_CONFIG
    except RunLocked as e:
        print(f"not started: {e}", file=sys.stderr)
        return EXIT_LOCKED
    except BrokenPipeError:
        return 0
    except Exception:
        import traceback

        traceback.print_exc()
        print("internal error: please report it with the traceback above", file=sys.stderr)
        return EXIT_INTERNAL


def _dispatch(args: argparse.Namespace) -> int:
    if args.cmd == "facts":
        return _facts(args)
    cfg = config_mod.load(args.config)
    if args.cmd == "ingest":
        from .run import ingest

        report = ingest(cfg, workers=args.workers, force=args.force)
        if not args.quiet:
            for f in report.feeds:
                if f.status in ("failed", "backoff"):
                    print(f"feed {f.name}: {f.status} ({f.error_class}: {f.error}); next attempt {f.next_attempt}")
            for i in report.items:
                if i.status in ("skipped", "failed"):
                    print(f"item {i.id} {i.status}: {i.reason} [{i.url}]")
        print(report.summary())
        return report.exit_code
    if args.cmd == "compose":
        from .process import SkipItem, process_path

        try:
            sys.stdout.write(process_path(args.file, args.url, cfg, args.published))
        except SkipItem as e:
            print(f"no post: {e}", file=sys.stderr)
            return 1
        return 0
    from .archive import Archive

    archive_path = cfg.resolve(cfg.archive_path)
    if not archive_path.exists():
        print(f"no archive yet at {archive_path}: run ingest first", file=sys.stderr)
        return EXIT_CONFIG
    with Archive(archive_path) as archive:
        if args.cmd == "status":
            return _status(cfg, archive)
        if args.cmd == "list":
            for it in archive.items(feed=args.feed, state=args.state, limit=args.limit):
                pub = it.published.astimezone(KST).date().isoformat() if it.published else "????-??-??"
                print(f"{it.id}  {it.state:<8} {pub}  {it.feed:<12} {it.title[:40]}  {it.post_path or it.reason or ''}")
            return 0
        if args.cmd == "show":
            it = archive.item(args.key)
            if it is None:
                print(f"no item {args.key!r}", file=sys.stderr)
                return EXIT_CONFIG
            raw = archive.raw(it.id)
            print(json.dumps({
                "id": it.id, "feed": it.feed, "state": it.state, "title": it.title, "url": it.url,
                "published": it.published.isoformat() if it.published else None, "reason": it.reason,
                "error_class": it.error_class, "attempts": it.attempts, "post": it.post_path,
                "first_seen": it.first_seen, "updated": it.updated,
                "next_attempt": it.next_attempt.isoformat() if it.next_attempt else None,
                "charset": it.charset, "charset_source": it.charset_source,
                "rewrite": it.rewrite,
                "raw": {"bytes": len(raw.content), "fetched_at": raw.fetched_at,
                        "content_type": raw.headers.get("content-type")} if raw else None,
                "facts": it.facts or [],
            }, ensure_ascii=False, indent=2))
            return 0
        if args.cmd == "rerender":
            return _rerender(cfg, archive, args)
    return EXIT_CONFIG


def _facts(args: argparse.Namespace) -> int:
    from .facts import extract_facts
    from .sentences import split_blocks

    data = Path(args.file).read_bytes()
    if args.file.lower().endswith((".html", ".htm")) or data.lstrip()[:1] == b"<":
        from .stages import SkipItem, read

        try:
            src = read(data, args.url, feed_published=args.published)
        except SkipItem as e:
            print(f"{args.file}: {e}", file=sys.stderr)
            return EXIT_CONFIG
        if args.published is None or src.article.published == args.published:
            facts = src.facts
        else:
            facts = extract_facts(src.article.text, src.sentences, args.published)
        return _print_facts(facts, args.json)
    else:
        from .decode import decode_bytes
        from .models import Block

        blocks = [Block("p", b.strip()) for b in decode_bytes(data, None, "html").text.split("\n\n") if b.strip()]
        text, sentences, published = "\n\n".join(b.text for b in blocks), split_blocks(blocks), args.published
    return _print_facts(extract_facts(text, sentences, published), args.json)


def _print_facts(facts: list, as_json: bool) -> int:
    if as_json:
        print(json.dumps([f.to_dict() for f in facts], ensure_ascii=False, indent=2))
    else:
        for f in facts:
            unit = f" {f.unit}" if f.unit else ""
            print(f"{f.kind:<9} {f.text!r:<30} -> {f.to_dict()['value']}{unit}  [{f.start}:{f.end}] s{f.sentence}")
    return 0


def _status(cfg: config_mod.Config, archive) -> int:
    from .health import describe
    from .run import now_kst

    now = now_kst()
    known = {f.name: f for f in archive.feeds()}
    print("feeds:")
    for fc in cfg.feeds:
        st = known.get(fc.name)
        state = "disabled" if not fc.enabled else (describe(st.health, now) if st else "never fetched")
        print(f"  {fc.name:<16} {state}")
    counts = archive.counts()
    print("items: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) if counts else "items: none")
    return 0


def _rerender(cfg: config_mod.Config, archive, args: argparse.Namespace) -> int:
    import os

    from .run import run_lock, sweep_temps

    if args.item:
        it = archive.item(args.item)
        if it is None:
            print(f"no item {args.item!r}", file=sys.stderr)
            return EXIT_CONFIG
        items = [it]
    else:
        items = archive.items(feed=args.feed, since=args.since, with_raw=True)
    if args.dry_run:
        return _rerender_dry(cfg, archive, items)
    workers = args.workers if args.workers is not None else (os.cpu_count() or 1)
    cfg.llm.refresh = bool(getattr(args, "refresh_llm", False))
    # Posts and archive rows change: never alongside an ingest.
    with run_lock(cfg.resolve(cfg.archive_path)):
        sweep_temps(cfg)
        return _rerender_write(cfg, archive, items, workers)


def _rerender_dry(cfg: config_mod.Config, archive, items) -> int:
    from .process import dry_run

    counts: dict[str, int] = {}
    for it in items:
        status, detail = dry_run(cfg, archive, it)
        counts[status] = counts.get(status, 0) + 1
        if status != "unchanged":
            print(f"{it.id} {status}: {detail}")
    print("rerender: " + (", ".join(f"{v} {k}" for k, v in sorted(counts.items())) or "nothing to do") + " (dry run)")
    return 0


def _rerender_write(cfg: config_mod.Config, archive, items, workers: int) -> int:
    from .run import rerender

    counts: dict[str, int] = {}
    llm = None
    if cfg.rewrite.engine == "llm":
        from .rewrite.llm import begin_run

        llm = begin_run(cfg)
    for it, out in rerender(cfg, archive, items, workers=workers):
        counts[out.status] = counts.get(out.status, 0) + 1
        if out.status == "skipped":
            print(f"{it.id} skipped: {out.reason}")
        elif out.status == "written":
            print(f"{it.id} rewritten: {out.post_path}")
        elif out.status == "waiting":
            print(f"{it.id} kept as it was: {out.reason}")
    if llm is not None:
        t = llm.totals()
        print(f"llm: {t['calls']} calls, {t['cache_hits']} cached replies, {t['repairs']} repairs, "
              f"{t['prompt_tokens'] + t['completion_tokens']} tokens"
              + (f", fallbacks {t['fallbacks']}" if t["fallbacks"] else ""))
    print("rerender: " + (", ".join(f"{v} {k}" for k, v in sorted(counts.items())) or "nothing to do"))
    return 0
