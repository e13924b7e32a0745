"""Command line: ``python -m pipeline <command>`` (or ``kr-news-pipeline``).

Exit codes (for cron): 0 ok, 1 every feed is failing (``status --check``:
a feed is failing past the threshold), 2 configuration, usage or input
error, 3 another run is active (the run lock is held), 4 items were skipped
for content reasons (only with ``ingest --strict`` or ``strict: true``),
70 internal error. Results go to stdout; logs, progress and failures to stderr.
"""
from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import replace
from datetime import datetime, time
from pathlib import Path

from . import __version__
from . import config as config_mod
from .columns import pad, table
from .models import KST
from .run import EXIT_CONFIG, EXIT_LOCKED, RunLocked

DEFAULT_CONFIG = "configs/default.yaml"
EXIT_CHECK_FAILED = 1
EXIT_INTERNAL = 70  # EX_SOFTWARE: a bug, not a feed or config problem

log = logging.getLogger("pipeline.cli")


class InputError(Exception):
    """A file given on the command line cannot be used; the message names it."""


def _date(s: str) -> datetime:
    try:
        dt = datetime.fromisoformat(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD or an ISO timestamp, got {s!r}") from None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=KST) if len(s) > 10 else datetime.combine(dt.date(), time(0), KST)
    return dt


def _common() -> argparse.ArgumentParser:
    """Options accepted before or after the command (defaults live on the main parser)."""
    p = argparse.ArgumentParser(add_help=False)
    g = p.add_argument_group("output")
    g.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS,
                   help="more on stderr: -v each feed and post, -vv debugging")
    g.add_argument("-q", "--quiet", action="store_true", default=argparse.SUPPRESS,
                   help="only errors on stderr, no progress bar")
    g.add_argument("--log-format", choices=("text", "json"), default=argparse.SUPPRESS,
                   help="stderr as text (default) or one JSON object a line")
    return p


def _parser() -> argparse.ArgumentParser:
    common = _common()
    p = argparse.ArgumentParser(prog="python -m pipeline", description=__doc__.splitlines()[0], parents=[common])
    p.set_defaults(verbose=0, quiet=False, log_format="text")
    p.add_argument("--version", action="version", version=f"kr-news-pipeline {__version__}")
    sub = p.add_subparsers(dest="cmd", required=True, metavar="COMMAND")

    def cmd(name: str, help_: str, config: bool = True) -> argparse.ArgumentParser:
        sp = sub.add_parser(name, help=help_, description=help_, parents=[common])
        if config:
            sp.add_argument("--config", default=DEFAULT_CONFIG, help=f"YAML config (default {DEFAULT_CONFIG})")
        return sp

    sp = cmd("ingest", "fetch feeds and write posts for new items")
    sp.add_argument("--force", action="store_true",
                    help="ignore our own backoff for feeds and items (never a server's Retry-After)")
    sp.add_argument("--strict", action="store_true",
                    help="exit 4 when an item is skipped for content reasons (also: strict: true in the config)")
    sp.add_argument("--workers", type=int, default=None, help="processes for extraction (default: CPUs)")

    sp = cmd("status", "feed health, backoff and item counts")
    sp.add_argument("--check", action="store_true",
                    help="exit 1 when an enabled feed has failed --fail-after times in a row (for monitoring)")
    sp.add_argument("--fail-after", type=int, default=None, help="threshold for --check (default status.fail_after)")
    sp.add_argument("--json", action="store_true", help="print JSON")

    sp = cmd("rerender", "rebuild posts from archived pages, no network")
    sp.add_argument("--item", help="one item by id or source URL")
    sp.add_argument("--feed", help="only items of this feed")
    sp.add_argument("--since", type=_date, help="only items published since this date")
    sp.add_argument("--dry-run", action="store_true", help="list what would change, write nothing")
    sp.add_argument("--refresh-llm", action="store_true",
                    help="ask the llm again instead of reusing its cached replies (rewrite.engine: llm)")
    sp.add_argument("--workers", type=int, default=None)

    sp = cmd("list", "archived items")
    sp.add_argument("--state", help="pending, fetched, written, skipped, skipped_content or failed")
    sp.add_argument("--feed")
    sp.add_argument("--limit", type=int, default=50)
    sp.add_argument("--json", action="store_true", help="print a JSON array")

    sp = cmd("show", "one archived item: state, URL, post, facts")
    sp.add_argument("key", help="item id (or prefix) or source URL")
    sp.add_argument("--json", action="store_true", help="everything, as JSON (facts included)")

    sp = cmd("publish", "publish draft posts (site.draft: true)")
    sp.add_argument("keys", nargs="*", metavar="ID", help="item ids (or prefixes) or source URLs")
    sp.add_argument("--all", action="store_true", help="every draft waiting")

    sp = cmd("facts", "facts of an HTML or text file", config=False)
    sp.add_argument("file")
    sp.add_argument("--published", type=_date, help="publication date for relative dates (default: page's)")
    sp.add_argument("--url", default="https://example.invalid/article")
    sp.add_argument("--json", action="store_true", help="print a JSON array")

    sp = cmd("compose", "print the post an HTML file would become")
    sp.add_argument("file")
    sp.add_argument("--url", required=True, help="the article's source URL")
    sp.add_argument("--published", type=_date, help="used when the page has no date")

    sp = cmd("init", "write a config and a minimal Jekyll or Hugo site that builds the posts", config=False)
    sp.add_argument("dir", help="the site folder (created; must not hold the files written)")
    sp.add_argument("--generator", choices=("jekyll", "hugo"), required=True)
    sp.add_argument("--name", default="뉴스", help="site name (banner heading and alt text derive from it)")
    sp.add_argument("--feed", action="append", default=[], metavar="URL", help="a feed to read (repeatable)")

    sp = cmd("feeds", "import or export the feed list as OPML", config=False)
    fsub = sp.add_subparsers(dest="feeds_cmd", required=True, metavar="ACTION")
    ip = fsub.add_parser("import-opml", help="add an OPML file's feeds to the config", parents=[common])
    ip.add_argument("file")
    ip.add_argument("--config", default=DEFAULT_CONFIG)
    ip.add_argument("--print", action="store_true", help="print the YAML instead of editing the config")
    ep = fsub.add_parser("export-opml", help="print the config's feeds as OPML", parents=[common])
    ep.add_argument("--config", default=DEFAULT_CONFIG)
    ep.add_argument("--output", help="write to this file instead of stdout")
    return p


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from .logs import setup

    verbosity = -1 if args.quiet else args.verbose
    setup(verbosity, args.log_format)
    try:
        return _dispatch(args)
    except config_mod.ConfigError as e:
        print(f"config error: {e}", file=sys.stderr)
        return EXIT_CONFIG
    except InputError as e:
        print(f"error: {e}", file=sys.stderr)
        return EXIT_CONFIG
    except FileNotFoundError as e:
        print(f"not found: {e.filename}", file=sys.stderr)
        return EXIT_CONFIG
    except RunLocked as e:
        print(f"not started: {e}", file=sys.stderr)
        return EXIT_LOCKED
    except BrokenPipeError:
        return 0
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception:
        import traceback

        traceback.print_exc()
        print("internal error: please report it with the traceback above", file=sys.stderr)
        return EXIT_INTERNAL


def _dispatch(args: argparse.Namespace) -> int:
    if args.cmd == "facts":
        return _facts(args)
    if args.cmd == "init":
        return _init(args)
    cfg = config_mod.load(args.config)
    if args.cmd == "feeds":
        return _feeds(cfg, args)
    if args.cmd == "ingest":
        return _ingest(cfg, args)
    if args.cmd == "compose":
        from .process import SkipItem, preview, ItemInput
        from .archive import item_id_for

        content = _input_bytes(args.file)
        try:
            sys.stdout.write(preview(ItemInput(item_id_for("url:" + args.url), args.url, content, {},
                                               feed_published=args.published), cfg))
        except SkipItem as e:
            print(f"no post from {args.file}: {e}", file=sys.stderr)
            return 1
        return 0
    from .archive import Archive

    archive_path = cfg.resolve(cfg.archive_path)
    if not archive_path.exists():
        print(f"no archive yet at {archive_path}: run ingest first", file=sys.stderr)
        return EXIT_CONFIG
    with Archive(archive_path) as archive:
        if args.cmd == "status":
            return _status(cfg, archive, args)
        if args.cmd == "list":
            return _list(archive, args)
        if args.cmd == "show":
            return _show(archive, args, cfg.rewrite.copy_ceiling)
        if args.cmd == "publish":
            return _publish(cfg, archive, args)
        if args.cmd == "rerender":
            return _rerender(cfg, archive, args)
    return EXIT_CONFIG


def copy_figures(rewrite: dict | None, ceiling: float) -> dict | None:
    """How much of the post is the source's wording, against the operator's ceiling
    (rewrite.copy_ceiling); None for items written before the guard measured it."""
    guard = (rewrite or {}).get("guard") or {}
    if "copy_share" not in guard:
        return None
    share = guard["copy_share"]
    return {"share": share, "longest_run": guard.get("longest_copy", 0),
            "verbatim_sentences": guard.get("verbatim_share"), "ceiling": ceiling, "over_ceiling": share > ceiling}


# ------------------------------------------------------------------ inputs


def _input_bytes(name: str) -> bytes:
    """A page or text file given on the command line, or InputError."""
    path = Path(name)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise InputError(f"{path}: is a directory, expected an HTML or text file") from None
    except OSError as e:
        raise InputError(f"{path}: cannot read it ({e.strerror or e})") from None
    if not data.strip():
        raise InputError(f"{path}: empty file, expected an HTML page or text")
    return data


# ------------------------------------------------------------------ ingest


class _Progress:
    """The CLI's run observer: a progress bar on a terminal, a log line per
    failure (and per feed and post with -v)."""

    def __init__(self, show_bar: bool):
        self.bar = None
        self.show_bar = show_bar

    def feed_done(self, f) -> None:
        if f.status == "failed":
            log.error("feed %s failed: %s: %s; next attempt %s", f.name, f.error_class, f.error, f.next_attempt,
                      extra={"feed": f.name, "error_class": f.error_class})
        elif f.status == "backoff":
            log.warning("feed %s in backoff after %s: %s; next attempt %s", f.name, f.error_class, f.error,
                        f.next_attempt, extra={"feed": f.name, "error_class": f.error_class})
        else:
            log.info("feed %s: %s, %d entries, %d new, %d updated", f.name, f.status, f.entries, f.new, f.updated,
                     extra={"feed": f.name})

    def items_total(self, n: int) -> None:
        if self.show_bar and n:
            self.bar = _bar(total=n, desc="items")

    def item_done(self, i) -> None:
        if i.status in ("skipped", "skipped_content", "failed"):
            self._log(logging.WARNING, "item %s %s: %s [%s]", i.id, i.status, i.reason, i.url,
                      extra={"item": i.id, "feed": i.feed, "error_class": i.error_class})
        elif i.status == "written":
            self._log(logging.INFO, "item %s written: %s", i.id, i.post, extra={"item": i.id, "feed": i.feed})
        if self.bar is not None:
            self.bar.update(1)

    def _log(self, level: int, msg: str, *a, **kw) -> None:
        if self.bar is not None and log.isEnabledFor(level):
            from tqdm import tqdm

            # Keep the bar intact: print above it.
            tqdm.write(logging.getLogger("pipeline").handlers[0].format(
                log.makeRecord(log.name, level, "", 0, msg, a, None, extra=kw.get("extra"))), file=sys.stderr)
        else:
            log.log(level, msg, *a, **kw)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def _bar(total: int, desc: str):
    import shutil

    from tqdm import tqdm

    # A terminal reporting a 0x0 size (some pseudo-terminals) would get no
    # bar at all; shutil falls back to 80x24 there.
    size = shutil.get_terminal_size()
    return tqdm(total=total, unit="item", desc=desc, file=sys.stderr, leave=False,
                ncols=min(120, size.columns), nrows=max(2, size.lines))


def _show_bar(args: argparse.Namespace) -> bool:
    return not args.quiet and args.log_format == "text" and sys.stderr.isatty()


def _ingest(cfg: config_mod.Config, args: argparse.Namespace) -> int:
    from .run import ingest

    progress = _Progress(_show_bar(args))
    try:
        report = ingest(cfg, workers=args.workers, force=args.force, strict=True if args.strict else None,
                        observer=progress)
    finally:
        progress.close()
    for f in report.feeds:
        if f.moved_to:
            log.warning("feed %s moved permanently to %s; update the config", f.name, f.moved_to,
                        extra={"feed": f.name})
    for d in report.drafts:
        log.info("draft waiting: %s %s", d["id"], d["post"])
    _log_disagreements(report)
    print(report.summary())
    return report.exit_code


def _log_disagreements(report) -> None:
    """Figures the outlets of a story state differently (storyrun.py): one line each."""
    from .merge import describe

    for i in report.items:
        for d in (i.story or {}).get("disagreements", []):
            log.warning("story %s (%s): outlets disagree on %s", i.story["id"], i.post, describe(d))


# ----------------------------------------------------------------- inspect


def _status(cfg: config_mod.Config, archive, args: argparse.Namespace) -> int:
    from .health import describe
    from .run import now_kst

    now = now_kst()
    threshold = args.fail_after if args.fail_after is not None else cfg.status.fail_after
    if threshold < 1:
        raise InputError("--fail-after: expected at least 1")
    known = {f.name: f for f in archive.feeds()}
    rows, failing, out = [], [], []
    for fc in cfg.feeds:
        st = known.get(fc.name)
        state = "disabled" if not fc.enabled else (describe(st.health, now) if st else "never fetched")
        fails = st.health.consecutive_failures if st else 0
        if fc.enabled and fails >= threshold:
            failing.append((fc.name, fails))
        rows.append([fc.name, state])
        out.append({"name": fc.name, "enabled": fc.enabled, "state": state,
                    "health": st.health.to_dict() if st else None})
    counts = archive.counts()
    backlog = archive.backlog()
    # Content skips are final and easy to miss: each one with its reason.
    content = [{"id": it.id, "title": it.title, "reason": it.reason}
               for it in archive.items(state="skipped_content", limit=20)]
    if args.json:
        print(json.dumps({"feeds": out, "items": counts, "backlog": backlog, "skipped_content": content,
                          "failing": [n for n, _ in failing], "fail_after": threshold},
                         ensure_ascii=False, indent=2))
    else:
        print("feeds:")
        for line in table(rows, [None, None]):
            print("  " + line)
        print("items: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())) if counts else "items: none")
        print(f"waiting for retry: {backlog['waiting_for_retry']}; skipped for content: {backlog['skipped_content']}")
        for c in content:
            print(f"  skipped_content {c['id']} {c['title'][:40]}: {c['reason']}")
    if args.check and failing:
        for name, n in failing:
            print(f"check failed: feed {name} has failed {n} times in a row (threshold {threshold})", file=sys.stderr)
        return EXIT_CHECK_FAILED
    return 0


def _list(archive, args: argparse.Namespace) -> int:
    items = list(archive.items(feed=args.feed, state=args.state, limit=args.limit))
    if args.json:
        print(json.dumps([_item_summary(it) for it in items], ensure_ascii=False, indent=2))
        return 0
    rows = []
    for it in items:
        pub = it.published.astimezone(KST).date().isoformat() if it.published else "????-??-??"
        rows.append([it.id, it.state, pub, it.feed, it.title, it.post_path or it.reason or ""])
    for line in table(rows, [16, 8, 10, 14, 40, None]):
        print(line)
    return 0


def _item_summary(it) -> dict:
    return {"id": it.id, "feed": it.feed, "state": it.state, "title": it.title, "url": it.url,
            "published": it.published.isoformat() if it.published else None, "post": it.post_path,
            "reason": it.reason}


def _story(archive, item_id: str) -> dict | None:
    """The story an item belongs to when several outlets told it: outlets,
    facts with the number of outlets stating each, disagreements with spans."""
    from .archive import story_of_item

    return story_of_item(archive, item_id)


def _show(archive, args: argparse.Namespace, copy_ceiling: float) -> int:
    it = archive.item(args.key)
    if it is None:
        print(f"no item {args.key!r}", file=sys.stderr)
        return EXIT_CONFIG
    raw = archive.raw(it.id)
    full = {
        "id": it.id, "feed": it.feed, "state": it.state, "title": it.title, "url": it.url,
        "published": it.published.isoformat() if it.published else None, "reason": it.reason,
        "error_class": it.error_class, "attempts": it.attempts, "post": it.post_path,
        "first_seen": it.first_seen, "updated": it.updated,
        "next_attempt": it.next_attempt.isoformat() if it.next_attempt else None,
        "charset": it.charset, "charset_source": it.charset_source,
        "rewrite": it.rewrite,
        "copy": copy_figures(it.rewrite, copy_ceiling),
        "raw": {"bytes": len(raw.content), "fetched_at": raw.fetched_at,
                "content_type": raw.headers.get("content-type")} if raw else None,
        "entry": it.entry,
        "facts": it.facts or [],
        "story": _story(archive, it.id),
    }
    if args.json:
        print(json.dumps(full, ensure_ascii=False, indent=2))
        return 0
    kinds: dict[str, int] = {}
    for f in it.facts or []:
        kinds[f["kind"]] = kinds.get(f["kind"], 0) + 1
    rows = [
        ["id", it.id], ["title", it.title], ["feed", it.feed], ["state", it.state + (f" ({it.reason})" if it.reason else "")],
        ["published", full["published"] or "-"], ["url", it.url or "-"], ["post", it.post_path or "-"],
    ]
    if it.attempts:
        rows.append(["attempts", f"{it.attempts}, next {full['next_attempt'] or '-'}"])
    if raw:
        rows.append(["page", f"{len(raw.content):,} bytes, {it.charset or '?'} ({it.charset_source or '?'}), "
                             f"fetched {raw.fetched_at}"])
    copy = full["copy"]
    if copy is not None:
        rows.append(["copy", f"{copy['share']:.0%} of the body in runs of 20+ characters of the source, longest "
                             f"{copy['longest_run']}; ceiling {copy['ceiling']:.0%}"
                             + (" (over)" if copy["over_ceiling"] else "")])
    guard = (it.rewrite or {}).get("guard") or {}
    if guard.get("fallbacks"):
        rows.append(["guard", ", ".join(f"{k} {v}" for k, v in sorted(guard["fallbacks"].items()))
                              + f" (engine {it.rewrite.get('engine') or '?'})"])
    rows.append(["facts", f"{len(it.facts or [])}" + (" (" + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) + ")"
                                                      if kinds else "")])
    story = full["story"]
    if story:
        rows.append(["story", f"{len(story['outlets'])} outlets: " + ", ".join(o["outlet"] for o in story["outlets"])])
        from .merge import describe

        for d in story.get("disagreements", []):
            rows.append(["disagrees", describe(d)])
    for line in table(rows, [10, None]):
        print(line)
    for f in (it.facts or [])[:5]:
        print(f"  {pad(f['kind'], 9)} {f['text']}")
    if len(it.facts or []) > 5:
        print(f"  … {len(it.facts) - 5} more: show {it.id} --json")
    return 0


def _facts(args: argparse.Namespace) -> int:
    from .facts import extract_facts
    from .sentences import split_blocks

    data = _input_bytes(args.file)
    if args.file.lower().endswith((".html", ".htm")) or data.lstrip()[:1] == b"<":
        from .stages import SkipItem, read

        try:
            src = read(data, args.url, feed_published=args.published)
        except SkipItem as e:
            raise InputError(f"{args.file}: {e}") from None
        if args.published is None or src.article.published == args.published:
            facts = src.facts
        else:
            facts = extract_facts(src.article.text, src.sentences, args.published)
        return _print_facts(facts, args.json)
    else:
        from .decode import decode_bytes
        from .models import Block

        from .spelling import correct_blocks

        paras = decode_bytes(data, None, "html").text.split("\n\n")
        blocks = correct_blocks([Block("p", b.strip()) for b in paras if b.strip()])
        text, sentences, published = "\n\n".join(b.text for b in blocks), split_blocks(blocks), args.published
    return _print_facts(extract_facts(text, sentences, published), args.json)


def _print_facts(facts: list, as_json: bool) -> int:
    if as_json:
        print(json.dumps([f.to_dict() for f in facts], ensure_ascii=False, indent=2))
        return 0
    rows = []
    for f in facts:
        unit = f" {f.unit}" if f.unit else ""
        rows.append([f.kind, f.text, f"{f.to_dict()['value']}{unit}", f"[{f.start}:{f.end}] s{f.sentence}"])
    for line in table(rows, [9, 30, 28, None]):
        print(line)
    return 0


# ---------------------------------------------------------------- changing


def _publish(cfg: config_mod.Config, archive, args: argparse.Namespace) -> int:
    from .publish import drafts_waiting, publish_items
    from .run import run_lock

    if bool(args.keys) == bool(args.all):
        raise InputError("publish: give item ids, or --all (not both)")
    with run_lock(cfg.resolve(cfg.archive_path)):
        if args.all:
            # Drafts written before drafts were switched off still wait.
            waiting = drafts_waiting(replace(cfg, site=replace(cfg.site, draft=True)), archive)
            items = [archive.item(d["id"]) for d in waiting]
        else:
            items = []
            for key in args.keys:
                it = archive.item(key)
                if it is None:
                    raise InputError(f"publish: no item {key!r}")
                if it.state != "written" or not it.post_path:
                    raise InputError(f"publish: item {it.id} has no post ({it.state})")
                items.append(it)
        done = publish_items(cfg, [i for i in items if i is not None])
    bad = 0
    for p in done:
        print(f"{p.id} {p.status}: {p.post}")
        bad += not p.status.endswith("published")
    print(f"publish: {sum(p.status == 'published' for p in done)} published" + (f", {bad} not" if bad else ""))
    return 1 if bad else 0


def _init(args: argparse.Namespace) -> int:
    from .starter import CONFIG_NAME, init_site

    target = Path(args.dir)
    written = init_site(target, args.generator, args.name, args.feed)
    for p in written:
        log.info("wrote %s", p)
    build = "jekyll build" if args.generator == "jekyll" else "hugo"
    print(f"init: {args.generator} site in {target} ({len(written)} files). Next:\n"
          f"  edit {target / CONFIG_NAME} (feeds, site.name)\n"
          f"  python -m pipeline ingest --config {target / CONFIG_NAME}\n"
          f"  cd {target} && {build}")
    return 0


def _feeds(cfg: config_mod.Config, args: argparse.Namespace) -> int:
    from . import opml

    if args.feeds_cmd == "export-opml":
        text = opml.export(cfg, cfg.site.name)
        if args.output:
            Path(args.output).write_text(text, encoding="utf-8")
            print(f"export-opml: {sum(1 for f in cfg.feeds if f.url)} feeds to {args.output}")
        else:
            sys.stdout.write(text)
        return 0
    found = opml.parse(Path(args.file))
    new = opml.new_feeds(cfg, found)
    if not new:
        print(f"import-opml: {len(found)} feeds in {args.file}, none new")
        return 0
    if args.print:
        sys.stdout.write(opml.yaml_items(new, 2))
        return 0
    if not opml.append_to_config(Path(cfg.source_file), new):
        print(f"import-opml: {args.config} does not end with a block list under feeds:, so it was not edited;"
              " add these entries under feeds: by hand", file=sys.stderr)
        sys.stdout.write(opml.yaml_items(new, 2))
        return EXIT_CONFIG
    print(f"import-opml: {len(new)} feeds added to {args.config} ({len(found) - len(new)} already there)")
    return 0


# ---------------------------------------------------------------- rerender


def _rerender(cfg: config_mod.Config, archive, args: argparse.Namespace) -> int:
    import os

    from .run import run_lock, sweep_temps

    if args.item:
        it = archive.item(args.item)
        if it is None:
            print(f"no item {args.item!r}", file=sys.stderr)
            return EXIT_CONFIG
        items = [it]
        total = 1
    else:
        items = archive.items(feed=args.feed, since=args.since, with_raw=True)
        from .archive import count_items

        total = count_items(archive, feed=args.feed, since=args.since, with_raw=True)
    if args.dry_run:
        return _rerender_dry(cfg, archive, items)
    workers = args.workers if args.workers is not None else (os.cpu_count() or 1)
    cfg.llm.refresh = bool(getattr(args, "refresh_llm", False))
    # Posts and archive rows change: never alongside an ingest.
    with run_lock(cfg.resolve(cfg.archive_path)):
        sweep_temps(cfg)
        return _rerender_write(cfg, archive, items, workers, total, _show_bar(args))


def _rerender_dry(cfg: config_mod.Config, archive, items) -> int:
    if cfg.stories.enabled:
        from .storyrun import dry_run  # a story's reports share one post
    else:
        from .process import dry_run

    counts: dict[str, int] = {}
    for it in items:
        status, detail = dry_run(cfg, archive, it)
        counts[status] = counts.get(status, 0) + 1
        if status != "unchanged":
            print(f"{it.id} {status}: {detail}")
    print("rerender: " + (", ".join(f"{v} {k}" for k, v in sorted(counts.items())) or "nothing to do") + " (dry run)")
    return 0


def _rerender_write(cfg: config_mod.Config, archive, items, workers: int, total: int, bar: bool) -> int:
    from .run import rerender

    counts: dict[str, int] = {}
    llm = None
    if cfg.rewrite.engine == "llm":
        from .rewrite.llm import begin_run

        llm = begin_run(cfg)
    progress = None
    if bar and total:
        progress = _bar(total=total, desc="rerender")
    try:
        for it, out in rerender(cfg, archive, items, workers=workers):
            counts[out.status] = counts.get(out.status, 0) + 1
            line = None
            if out.status == "skipped":
                line = f"{it.id} skipped: {out.reason}"
            elif out.status == "written":
                line = f"{it.id} rewritten: {out.post_path}"
            elif out.status == "waiting":
                line = f"{it.id} kept as it was: {out.reason}"
            if line:
                if progress is not None:
                    progress.write(line, file=sys.stdout)
                else:
                    print(line)
            if progress is not None:
                progress.update(1)
    finally:
        if progress is not None:
            progress.close()
    if llm is not None:
        t = llm.totals()
        print(f"llm: {t['calls']} calls, {t['cache_hits']} cached replies, {t['repairs']} repairs, "
              f"{t['prompt_tokens'] + t['completion_tokens']} tokens"
              + (f", fallbacks {t['fallbacks']}" if t["fallbacks"] else ""))
    print("rerender: " + (", ".join(f"{v} {k}" for k, v in sorted(counts.items())) or "nothing to do"))
    return 0
