"""One item through the stage chain (stages.py), then render and write.

Shared by ingest (fresh bytes), rerender (archived bytes) and the one-shot
``compose`` command, so all three always produce the same post for the same
input. Runs in worker processes for large batches, hence plain picklable
inputs and outputs and no archive access here.
"""
from __future__ import annotations

import json
import os
import sqlite3
import zlib
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from .archive import item_id_for
from .config import Config
from .errors import EngineWait
from .stages import Built, SkipItem, build as build_chain
from .write import render, write_post


@dataclass
class ItemInput:
    item_id: str
    url: str
    content: bytes
    headers: dict[str, str]
    feed_title: str | None = None
    feed_published: datetime | None = None
    feed_html: str | None = None
    label: str | None = None  # outlet label from the feed config
    categories: list[str] = field(default_factory=list)
    previous_path: str | None = None  # where this item's post was written before
    archived: bool = False  # content not loaded yet: the worker reads it from the archive


@dataclass
class Outcome:
    item_id: str
    status: str  # "written" | "unchanged" | "skipped" | "waiting" (a required engine was unavailable)
    reason: str | None = None
    post_path: str | None = None
    facts: list[dict[str, Any]] = field(default_factory=list)
    charset: str | None = None
    charset_source: str | None = None
    engine: str | None = None  # the rewrite engine that wrote the post
    guard: dict[str, Any] | None = None  # GuardReport.to_dict(): fallbacks, copy share
    notes: dict[str, Any] = field(default_factory=dict)  # engine figures (calls, tokens, fallbacks)
    # Why a skip happened: "content" (the page cannot become a post: too
    # little text, no date, refused by the fidelity guard), "write" (the
    # file could not be written) or "internal" (a bug).
    skip_class: str | None = None


def input_for(cfg: Config, item: Any, url: str, content: bytes, headers: dict[str, str]) -> ItemInput:
    """The processing input of an archived item (archive.Item) and its page bytes."""
    fc = next((f for f in cfg.feeds if f.name == item.feed), None)
    return ItemInput(
        item_id=item.id, url=item.url or url, content=content, headers=headers,
        feed_title=item.title, feed_published=item.published, feed_html=item.entry.get("content_html"),
        label=fc.label if fc else None, categories=list(fc.categories) if fc else [],
        previous_path=item.post_path,
    )


def build(inp: ItemInput, cfg: Config) -> Built:
    return build_chain(
        inp.content, inp.url, cfg, item_id=inp.item_id, headers=inp.headers, feed_title=inp.feed_title,
        feed_published=inp.feed_published, feed_html=inp.feed_html, label=inp.label, categories=inp.categories,
    )


# The benchmark's corpus repeats its source sentences; with this set every
# item is analysed as unseen text, as the items of a real feed are.
_FORGET = os.environ.get("KRNEWS_FORGET_SENTENCES") == "1"


def process(inp: ItemInput, cfg: Config) -> Outcome:
    if _FORGET:
        from . import korean

        korean.forget()
    try:
        built = build(inp, cfg)
        post, article, facts = built.post, built.article, built.facts
        written = write_post(post, cfg.resolve(cfg.output_dir), cfg.site, cfg.compose,
                             previous_relpath=inp.previous_path)
    except SkipItem as e:
        return Outcome(inp.item_id, "skipped", str(e), skip_class="content")
    except EngineWait as e:
        return Outcome(inp.item_id, "waiting", e.reason)
    except (OSError, ValueError) as e:
        # The writer refuses unsafe paths and invalid front matter with
        # ValueError; a full disk is an OSError. Either way nothing was
        # half-written (atomic rename), and the reason is reported.
        return Outcome(inp.item_id, "skipped", f"write: {e}", skip_class="write")
    except Exception as e:  # noqa: BLE001 - a bug on one page must not stop a run
        return Outcome(inp.item_id, "skipped", f"internal error: {type(e).__name__}: {e}", skip_class="internal")
    return Outcome(
        inp.item_id,
        "written" if written.changed else "unchanged",
        post_path=written.path,
        facts=[f.to_dict() for f in facts],
        charset=article.charset,
        charset_source=article.charset_source,
        engine=built.engine,
        guard=built.guard.to_dict(),
        notes=mark_llm_retry(built.notes),
    )


def mark_llm_retry(notes: dict[str, Any]) -> dict[str, Any]:
    """Posts `rules` wrote because the llm could not be asked are marked for a later llm run."""
    from .rewrite.llm import retry_later

    return {**notes, "llm_retry": True} if retry_later(notes) else notes


# Worker processes get the config once, at start, instead of with every item.
_worker_cfg: Config | None = None


def _init_worker(cfg: Config) -> None:
    global _worker_cfg
    _worker_cfg = cfg
    from . import korean

    korean.after_fork()
    if cfg.rewrite.engine != "extractive":
        korean.warm_in_background()  # loads while the parent is still fetching
    # Die with the parent: a killed run must not leave idle workers behind.
    try:
        import ctypes
        import signal

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: workers still exit when their queue closes


_worker_db: sqlite3.Connection | None = None


def _load_archived(inp: ItemInput, cfg: Config) -> ItemInput | None:
    """Read the page in the worker: the parent then never decompresses or
    pickles page bytes, which is most of its share of a large re-render."""
    global _worker_db
    if _worker_db is None:
        path = cfg.resolve(cfg.archive_path)
        _worker_db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=30)
    row = _worker_db.execute("SELECT url, headers_json, content FROM raw WHERE item_id=?", (inp.item_id,)).fetchone()
    if row is None:
        return None
    return replace(inp, url=inp.url or row[0], headers=json.loads(row[1]), content=zlib.decompress(row[2]),
                   archived=False)


def _process_in_worker(inp: ItemInput) -> Outcome:
    assert _worker_cfg is not None
    if inp.archived:
        loaded = _load_archived(inp, _worker_cfg)
        if loaded is None:
            return Outcome(inp.item_id, "skipped", "no archived page to render from")
        inp = loaded
    return process(inp, _worker_cfg)


def make_pool(cfg: Config, workers: int, *, load_analyser: bool = True) -> ProcessPoolExecutor:
    """Processes for the CPU-bound part of many items (extraction is most of it).

    With `load_analyser`, Kiwi is loaded here first, once: every worker
    inherits it (its memory shared with this process) instead of each
    loading its own. An ingest starts its pool before any network I/O and
    cannot wait for that; its workers load Kiwi while the feeds are fetched."""
    from . import korean

    korean.settle()  # never fork while a thread is loading Kiwi
    if load_analyser and cfg.rewrite.engine != "extractive":
        korean.kiwi()
    return ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(cfg,))


def _pid() -> int:
    import os

    return os.getpid()


def start_pool(cfg: Config, workers: int) -> ProcessPoolExecutor:
    """make_pool with every worker started now.

    ProcessPoolExecutor forks lazily, at the first submit; an ingest submits
    while fetches are in flight, so workers would inherit open sockets and
    keep connections alive that the parent had closed (servers then see
    more connections than per_host allows). Call this before any network
    I/O (and before the event loop exists, whose self-pipe is a socket too)."""
    pool = make_pool(cfg, workers, load_analyser=False)
    try:
        for fut in [pool.submit(_pid) for _ in range(workers)]:
            fut.result(timeout=60)
    except BaseException:
        pool.shutdown(cancel_futures=True)
        raise
    return pool


def _process_batch_in_worker(inps: list[ItemInput]) -> list[Outcome]:
    return [_process_in_worker(i) for i in inps]


def submit(pool: Executor, inp: ItemInput) -> Future[Outcome]:
    return pool.submit(_process_in_worker, inp)


def submit_batch(pool: Executor, inps: list[ItemInput]) -> Future[list[Outcome]]:
    """Several items per round trip: for large re-renders the per-task IPC adds up."""
    return pool.submit(_process_batch_in_worker, inps)


def preview(inp: ItemInput, cfg: Config) -> str:
    """The post text an item would become, without writing it."""
    return render(build(inp, cfg).post, cfg.site, cfg.compose)


def process_path(path: str | Path, url: str, cfg: Config, published: datetime | None = None) -> str:
    content = Path(path).read_bytes()
    return preview(ItemInput(item_id_for("url:" + url), url, content, {}, feed_published=published), cfg)


def dry_run(cfg: Config, archive: Any, item: Any) -> tuple[str, str]:
    """What a rerender would do to one archived item, without writing.

    Returns (status, detail): unchanged, would-change, would-move (title or
    date changed, so the file name does), would-create or would-skip.
    """
    from .write import render_for

    raw = archive.raw(item.id)
    if raw is None:
        return "no-raw", "nothing archived to render from"
    try:
        post = build(input_for(cfg, item, raw.url, raw.content, raw.headers), cfg).post
    except SkipItem as e:
        return "would-skip", str(e)
    out_dir = cfg.resolve(cfg.output_dir)
    rel, data = render_for(post, out_dir, cfg.site, cfg.compose, previous_relpath=item.post_path)
    if item.post_path and item.post_path != rel:
        return "would-move", f"{item.post_path} -> {rel}"
    target = out_dir / rel
    if not target.exists():
        return "would-create", rel
    if target.read_bytes() != data:
        return "would-change", rel
    return "unchanged", rel
