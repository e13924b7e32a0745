"""Ingest orchestration: feeds -> archive -> items -> posts, plus the run report.

The order of durable steps is what makes a run safe to kill at any point:

1. a feed's new entries are recorded as ``pending`` in one transaction,
   and only then are the feed's validators (ETag/Last-Modified) saved, so
   a crash before that simply re-reads the feed;
2. an article's bytes and the move to ``fetched`` are one transaction;
3. the post is written atomically (temp file + rename) and only then is
   the item marked ``written``; a crash in between re-renders the same
   bytes to the same path on the next run, which is a no-op.

A run lock (``flock`` beside the archive) keeps two runs from interleaving.
"""
from __future__ import annotations

import asyncio
import fcntl
import json
import os
import time as _time
from collections.abc import Callable, Iterable, Iterator
from collections import Counter, deque
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from .archive import Archive, FeedState, Item, RawPage
from .config import Config, FeedConfig
from .feeds import parse_feed
from .fetch import FetchError, Fetcher
from .health import is_due, record_failure, record_success
from .models import KST, FetchResult
from .process import ItemInput, Outcome, input_for, make_pool, process, submit, submit_batch

EXIT_OK = 0
EXIT_ALL_FEEDS_FAILED = 1
EXIT_CONFIG = 2
EXIT_LOCKED = 3

# Article errors that will not change by retrying: skip at once (or use
# the feed's own text). Everything else is retried on later runs.
PERMANENT = {"http_4xx", "unsafe_url", "robots", "bad_scheme", "bad_url", "too_large",
             "too_many_redirects", "redirect_loop", "bad_redirect"}
# Below this many items, worker processes cost more to start than they save.
POOL_MIN_ITEMS = 12


class RunLocked(Exception):
    pass


@contextmanager
def run_lock(archive_path: Path) -> Iterator[None]:
    """An exclusive lock beside the archive, held for the whole run.

    A POSIX record lock (lockf), not flock: it belongs to this process only,
    so worker processes forked from it never inherit it and a killed run
    always frees it.
    """
    lock_path = archive_path.with_name(archive_path.name + ".lock")
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.pread(fd, 32, 0).decode(errors="replace").strip() or "?"
            raise RunLocked(f"another run holds {lock_path} (pid {holder})") from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        yield
    finally:
        os.close(fd)  # releases the lock; the kernel does the same if the process dies


@dataclass
class FeedReport:
    name: str
    status: str  # ok | not_modified | failed | backoff | disabled
    url: str | None = None
    entries: int = 0
    new: int = 0
    updated: int = 0  # known items the feed changed (title, date, link): their posts are refreshed
    error_class: str | None = None
    error: str | None = None
    problems: list[str] = field(default_factory=list)
    charset: str | None = None
    charset_source: str | None = None
    next_attempt: str | None = None


@dataclass
class ItemReport:
    id: str
    feed: str
    title: str
    url: str | None
    status: str  # written | unchanged | skipped | failed
    reason: str | None = None
    error_class: str | None = None
    post: str | None = None
    charset: str | None = None
    charset_source: str | None = None  # which source decided the page's charset
    engine: str | None = None  # the rewrite engine that wrote the post
    guard: dict[str, Any] | None = None  # the guard's fallbacks by reason and copy figures
    notes: dict[str, Any] | None = None  # engine figures (llm calls, repairs), engine fallback, llm_retry


@dataclass
class RunReport:
    started: str
    finished: str = ""
    seconds: float = 0.0
    config: str = ""
    exit_code: int = 0
    feeds: list[FeedReport] = field(default_factory=list)
    items: list[ItemReport] = field(default_factory=list)
    skipped_entries: list[dict[str, str]] = field(default_factory=list)
    path: str | None = None
    copy_ceiling: float | None = None  # rewrite.copy_ceiling of the run's config
    llm: dict[str, Any] | None = None  # llm engine: calls, requests, tokens, cache hits, repairs, fallbacks by reason

    def counts(self) -> dict[str, int]:
        c = {
            "feeds": len(self.feeds),
            "fetched": sum(f.status == "ok" for f in self.feeds),
            "not_modified": sum(f.status == "not_modified" for f in self.feeds),
            "feeds_failed": sum(f.status == "failed" for f in self.feeds),
            "feeds_in_backoff": sum(f.status == "backoff" for f in self.feeds),
            "new": sum(f.new for f in self.feeds),
        }
        for s in ("written", "unchanged", "skipped", "failed"):
            c[s] = sum(i.status == s for i in self.items)
        c["skipped"] += len(self.skipped_entries)
        return c

    def rewrite_summary(self, copy_ceiling: float | None = None) -> dict[str, Any]:
        """Per run: posts by engine, guard fallbacks by reason, copy share."""
        engines: Counter[str] = Counter()
        fallbacks: Counter[str] = Counter()
        shares = []
        over = 0
        engine_fallbacks: Counter[str] = Counter()  # "llm: unavailable" -> posts another engine wrote
        marked = 0
        for i in self.items:
            if i.notes and i.notes.get("engine_fallback"):
                name, _, why = str(i.notes["engine_fallback"]).partition(": ")
                engine_fallbacks[f"{name}: {why.split(':', 1)[0]}"] += 1
                marked += bool(i.notes.get("llm_retry"))
            if i.engine:
                engines[i.engine] += 1
            if i.guard:
                fallbacks.update(i.guard.get("fallbacks", {}))
                shares.append(i.guard.get("copy_share", 0.0))
                if copy_ceiling is not None and i.guard.get("copy_share", 0.0) > copy_ceiling:
                    over += 1
        return {
            "engines": dict(sorted(engines.items())), "fallbacks": dict(sorted(fallbacks.items())),
            "copy_share_mean": round(sum(shares) / len(shares), 3) if shares else None,
            "copy_share_max": round(max(shares), 3) if shares else None,
            **({"over_copy_ceiling": over} if copy_ceiling is not None else {}),
            **({"engine_fallbacks": dict(sorted(engine_fallbacks.items())), "llm_retry_later": marked}
               if engine_fallbacks else {}),
        }

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["counts"] = self.counts()
        d["rewrite"] = self.rewrite_summary(self.copy_ceiling)
        return d

    def summary(self) -> str:
        c = self.counts()
        return (
            f"ingest: {c['feeds']} feeds ({c['fetched']} fetched, {c['not_modified']} not modified, "
            f"{c['feeds_failed']} failed, {c['feeds_in_backoff']} in backoff), {c['new']} new, "
            f"{c['written']} posts written, {c['unchanged']} unchanged, {c['skipped']} skipped, "
            f"{c['failed']} failed in {self.seconds:.1f}s"
            + (f"; llm {self.llm['calls']} calls, {self.llm['cache_hits']} cached, {self.llm['repairs']} repairs"
               + (f", fallbacks {self.llm['fallbacks']}" if self.llm["fallbacks"] else "") if self.llm else "")
            + (f"; report {self.path}" if self.path else "")
        )


def now_kst() -> datetime:
    return datetime.now(KST).replace(microsecond=0)


def _transport(cfg: Config):
    if not cfg.mirror:
        return None
    from .mirror import MirrorTransport

    return MirrorTransport(cfg.resolve(cfg.mirror))


class Ingest:
    def __init__(self, cfg: Config, archive: Archive, *, clock: Callable[[], datetime] = now_kst,
                 workers: int | None = None, force: bool = False):
        self.cfg = cfg
        self.archive = archive
        self.clock = clock
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self.force = force  # ignore feed backoff (manual runs)
        self.report = RunReport(started=clock().isoformat(), config=cfg.source_file,
                                copy_ceiling=cfg.rewrite.copy_ceiling)
        self._pool: Executor | None = None
        self._llm_pool: Executor | None = None
        self._llm = None

    async def run(self) -> RunReport:
        t0 = _time.monotonic()
        if self.cfg.rewrite.engine == "llm":
            from .rewrite.llm import begin_run

            self._llm = begin_run(self.cfg)
        transport = _transport(self.cfg)
        feeds = [f for f in self.cfg.feeds]
        async with Fetcher(self.cfg.fetch, transport=transport, offline=transport is not None) as fetcher:
            self.fetcher = fetcher
            await asyncio.gather(*(self._feed(f) for f in feeds))
            await self._items([f for f in feeds if f.enabled])
        if self._pool:
            self._pool.shutdown()
        if self._llm_pool:
            self._llm_pool.shutdown()
        rep = self.report
        if self._llm is not None:
            rep.llm = self._llm.totals()
        rep.seconds = round(_time.monotonic() - t0, 3)
        rep.finished = self.clock().isoformat()
        # A feed waiting out its backoff is still a failing feed: cron keeps
        # hearing about an outage for as long as it lasts.
        active = [f for f in rep.feeds if f.status != "disabled"]
        failing = [f for f in active if f.status in ("failed", "backoff")]
        rep.exit_code = EXIT_ALL_FEEDS_FAILED if active and len(failing) == len(active) else EXIT_OK
        return rep

    # feeds ---------------------------------------------------------------
    async def _feed(self, fc: FeedConfig) -> None:
        st = self.archive.feed(fc.name)
        fr = FeedReport(fc.name, "ok", url=fc.url or fc.path)
        self.report.feeds.append(fr)
        if not fc.enabled:
            fr.status = "disabled"
            return
        now = self.clock()
        if not self.force and not is_due(st.health, now):
            fr.status = "backoff"
            fr.next_attempt = st.health.next_attempt.isoformat() if st.health.next_attempt else None
            fr.error_class = st.health.last_error_class
            fr.error = st.health.last_error
            return
        # A changed URL means the stored validators belong to another resource.
        if st.url != (fc.url or fc.path):
            st.etag = st.last_modified = None
            st.url = fc.url or fc.path
        try:
            res = await self._fetch_feed(fc, st)
        except FetchError as e:
            self._feed_failed(fc, st, fr, e.error_class, e.message, e.retry_after)
            return
        now = self.clock()
        st.last_status = res.status
        if res.not_modified:
            fr.status = "not_modified"
            st.health = record_success(st.health, now)
            self.archive.save_feed(st)
            return
        parsed = parse_feed(res.content, res.headers, base_url=res.url)
        fr.problems = list(parsed.problems)
        fr.charset, fr.charset_source = parsed.charset, parsed.charset_source
        for what, why in parsed.skipped:
            self.report.skipped_entries.append({"feed": fc.name, "entry": what, "reason": why})
        if not parsed.entries and not parsed.ok:
            self._feed_failed(fc, st, fr, "bad_feed", "; ".join(parsed.problems) or "not a feed", None)
            return
        entries = parsed.entries[: fc.max_items]
        fr.entries = len(entries)
        new, updated, skipped = self.archive.add_entries(fc.name, entries, now)
        fr.new, fr.updated = len(new), len(updated)
        for title, why in skipped:
            self.report.skipped_entries.append({"feed": fc.name, "entry": title, "reason": why})
        # Validators only after the entries are safely recorded (see module doc).
        st.etag, st.last_modified = res.etag, res.last_modified
        st.health = record_success(st.health, now)
        self.archive.save_feed(st)

    async def _fetch_feed(self, fc: FeedConfig, st: FeedState) -> FetchResult:
        if fc.path:
            p = self.cfg.resolve(fc.path)
            try:
                data = p.read_bytes()
            except OSError as e:
                raise FetchError(str(p), "file", str(e)) from None
            return FetchResult(url=p.as_uri(), status=200, content=data, headers={})
        return await self.fetcher.fetch(fc.url, etag=st.etag, last_modified=st.last_modified,
                                        allow_private=fc.allow_private, check_robots=False)

    def _feed_failed(self, fc: FeedConfig, st: FeedState, fr: FeedReport, error_class: str,
                     message: str, retry_after: float | None) -> None:
        st.health = record_failure(st.health, self.clock(), error_class, message,
                                   self.cfg.fetch.backoff_base, self.cfg.fetch.backoff_max, retry_after)
        self.archive.save_feed(st)
        fr.status = "failed"
        fr.error_class, fr.error = error_class, message
        fr.next_attempt = st.health.next_attempt.isoformat() if st.health.next_attempt else None

    # items ---------------------------------------------------------------
    async def _items(self, feeds: list[FeedConfig]) -> None:
        by_name = {f.name: f for f in feeds}
        items = [i for i in self.archive.open_items(self.clock()) if i.feed in by_name]
        if self._llm is not None:
            from .archive import llm_retry_items

            seen = {i.id for i in items}
            items += [i for i in llm_retry_items(self.archive) if i.feed in by_name and i.id not in seen]
        if not items:
            return
        if self._llm is not None:
            # Model calls wait on the network: threads, so they never hold up
            # fetching, and `llm.concurrency` of them are in flight at once.
            self._llm_pool = llm_threads(self.cfg)
        elif len(items) >= POOL_MIN_ITEMS and self.workers > 1:
            self._pool = make_pool(self.cfg, self.workers)
        await asyncio.gather(*(self._item(i, by_name[i.feed]) for i in items))

    async def _item(self, item: Item, fc: FeedConfig) -> None:
        rep = ItemReport(item.id, item.feed, item.title, item.url, "failed")
        self.report.items.append(rep)
        try:
            await self._work(item, fc, rep)
        except Exception as e:  # noqa: BLE001 - one bad item must never stop the run
            self._fail(item, rep, "internal", f"{type(e).__name__}: {e}")

    async def _work(self, item: Item, fc: FeedConfig, rep: ItemReport) -> None:
        raw = self.archive.raw(item.id)
        if raw is not None and item.state != "pending":
            page = (raw.content, raw.url, raw.headers)
        else:
            page = await self._page(item, fc, rep, raw)
            if page is None:
                return
            self.archive.store_raw(item.id, page[1], 200, page[2], page[0], self.clock())
        inp = input_for(self.cfg, item, page[1], page[0], page[2])
        if self._llm_pool:
            out = await asyncio.wrap_future(self._llm_pool.submit(process, inp, self.cfg))
        elif self._pool:
            out: Outcome = await asyncio.wrap_future(submit(self._pool, inp))
        else:
            out = process(inp, self.cfg)
        self._record(item, rep, out)

    async def _page(self, item: Item, fc: FeedConfig, rep: ItemReport,
                    raw: RawPage | None) -> tuple[bytes, str, dict[str, str]] | None:
        """The article page's (bytes, url, headers), or None when the item was
        skipped or will be retried. ``raw`` is the page archived before, for
        a conditional GET when the feed has changed a known item."""
        feed_text = item.entry.get("content_html")
        feed_page = (feed_text.encode("utf-8"), item.url or "", {"content-type": "text/html; charset=utf-8"}
                     ) if feed_text else None
        if not item.url or not self.cfg.fetch.fetch_articles:
            if feed_page is None:
                self._skip(item, rep, "no link and no content in the feed entry")
            return feed_page
        etag = raw.headers.get("etag") if raw else None
        last_modified = raw.headers.get("last-modified") if raw else None
        try:
            res = await self.fetcher.fetch(item.url, etag=etag, last_modified=last_modified,
                                           allow_private=fc.allow_private, check_robots=self.cfg.fetch.robots)
        except FetchError as e:
            # A page archived before (the feed edited a known item) beats the
            # feed's own text; either beats nothing.
            fallback = (raw.content, raw.url, raw.headers) if raw is not None else feed_page
            if e.error_class in PERMANENT:
                if fallback is None:
                    self._skip(item, rep, f"{e.error_class}: {e.message}", e.error_class)
                return fallback
            state = self._fail(item, rep, e.error_class, e.message, final=fallback is None)
            return fallback if state == "exhausted" else None
        if res.not_modified and raw is not None:
            return raw.content, raw.url, raw.headers  # unchanged page: no new bytes to store or parse
        return res.content, res.url, res.headers

    def _record(self, item: Item, rep: ItemReport, out: Outcome) -> None:
        rep.charset, rep.charset_source = out.charset, out.charset_source
        rep.engine, rep.guard, rep.notes = out.engine, out.guard, out.notes or None
        if out.status == "waiting":
            self._fail(item, rep, "llm_unavailable", out.reason or "llm unavailable")
            return
        if out.status == "skipped":
            self._skip(item, rep, out.reason or "skipped")
            return
        self.archive.mark_written(item.id, out.post_path or "", out.facts, self.clock(),
                                  out.charset, out.charset_source, rewrite=rewrite_record(out))
        rep.status, rep.post, rep.reason, rep.error_class = out.status, out.post_path, None, None

    def _skip(self, item: Item, rep: ItemReport, reason: str, error_class: str | None = None) -> None:
        self.archive.mark_skipped(item.id, reason, self.clock(), error_class)
        rep.status, rep.reason, rep.error_class = "skipped", reason, error_class

    def _fail(self, item: Item, rep: ItemReport, error_class: str, message: str, final: bool = True) -> str:
        """A transient failure: the item pauses and is retried by a later run.
        Once out of attempts it is skipped, unless the caller has a fallback."""
        state, attempts = self.archive.mark_failed(item.id, error_class, message, self.clock(),
                                                   self.cfg.fetch.backoff_base, self.cfg.fetch.backoff_max)
        if state == "exhausted":
            if final:
                self._skip(item, rep, f"gave up after {attempts} attempts: {error_class}: {message}", error_class)
        else:
            rep.status, rep.error_class, rep.reason = "failed", error_class, message
        return state


def write_report(report: RunReport, report_dir: Path) -> Path:
    """Report file per run plus ``latest.json``, both written atomically."""
    report_dir.mkdir(parents=True, exist_ok=True)
    stamp = report.started.replace(":", "").replace("-", "")[:15]
    path = report_dir / f"run-{stamp}.json"
    n = 1
    while path.exists():  # two runs in one second keep both reports
        n += 1
        path = report_dir / f"run-{stamp}-{n}.json"
    report.path = str(path)
    data = json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
    for target in (path, report_dir / "latest.json"):
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        tmp.write_text(data, encoding="utf-8")
        os.replace(tmp, target)
    return path


def sweep_temps(cfg: Config) -> int:
    """Remove temp files a killed run left mid-write in the posts folder.

    Only the writer's own pattern (``.<post>.md.<random>.tmp``) in the one
    folder posts go to, and only under the run lock, when no other writer
    can be active: anything else in the output folder is not ours to touch.
    """
    from .write import post_dir

    folder = cfg.resolve(cfg.output_dir) / post_dir(cfg.site)
    n = 0
    if folder.is_dir():
        for p in folder.glob(".*.md.*.tmp"):
            if p.is_file() and not p.is_symlink():
                p.unlink(missing_ok=True)
                n += 1
    return n


def ingest(cfg: Config, *, clock: Callable[[], datetime] = now_kst, workers: int | None = None,
           force: bool = False) -> RunReport:
    """One locked ingest run; raises RunLocked if another run is active."""
    archive_path = cfg.resolve(cfg.archive_path)
    with run_lock(archive_path), Archive(archive_path) as archive:
        sweep_temps(cfg)
        runner = Ingest(cfg, archive, clock=clock, workers=workers, force=force)
        report = asyncio.run(runner.run())
        write_report(report, cfg.resolve(cfg.report_dir))
        return report


def iter_rerender(cfg: Config, archive: Archive, items: Iterable[Item], *, workers: int = 1,
                  batch: int = 8) -> Iterator[tuple[Item, Outcome]]:
    """Re-render archived items, in order, streaming: at most a small window
    of pages is in memory, so 10,000 items cost what 1,000 do."""
    if cfg.rewrite.engine == "llm":
        # The engine's threads write replies to the archive on their own
        # connection: a read cursor left open here would pin an old snapshot
        # and make this connection's next write fail, so take the ids first.
        ids = [it.id for it in items]
        pages = ((it, raw) for i in ids if (it := archive.item(i)) and (raw := archive.raw(i)) is not None)
        yield from _rerender_threads(cfg, pages)
        return
    inputs = ((it, raw) for it in items if (raw := archive.raw(it.id)) is not None)
    if workers <= 1:
        for it, raw in inputs:
            yield it, process(input_for(cfg, it, raw.url, raw.content, raw.headers), cfg)
        return
    window: deque[tuple[list[Item], Future[list[Outcome]]]] = deque()
    pool = make_pool(cfg, workers)
    # Workers read the pages themselves (see process._load_archived).
    archived = (it for it in items if archive.has_raw(it.id))

    def drain(keep: int) -> Iterator[tuple[Item, Outcome]]:
        while len(window) > keep:
            its, fut = window.popleft()
            yield from zip(its, fut.result())

    try:
        chunk: list[tuple[Item, ItemInput]] = []
        for it in archived:
            chunk.append((it, replace(input_for(cfg, it, it.url or "", b"", {}), archived=True)))
            if len(chunk) == batch:
                window.append(([c[0] for c in chunk], submit_batch(pool, [c[1] for c in chunk])))
                chunk = []
                # Enough in flight to keep every worker busy while this process
                # reads the archive and records results.
                yield from drain(workers * 3)
        if chunk:
            window.append(([c[0] for c in chunk], submit_batch(pool, [c[1] for c in chunk])))
        yield from drain(0)
    finally:
        pool.shutdown(cancel_futures=True)


def rerender(cfg: Config, archive: Archive, items: Iterable[Item], *, workers: int = 1,
             clock: Callable[[], datetime] = now_kst) -> Iterator[tuple[Item, Outcome]]:
    """iter_rerender, with each outcome recorded in the archive as it comes."""
    for it, out in iter_rerender(cfg, archive, items, workers=workers):
        if out.status == "waiting":
            pass  # a required llm could not be asked: the post and its record stay as they were
        elif out.status == "skipped":
            archive.mark_skipped(it.id, out.reason or "skipped", clock())
        else:
            archive.mark_written(it.id, out.post_path or "", out.facts, clock(), out.charset, out.charset_source,
                                 rewrite=rewrite_record(out))
        yield it, out


def rewrite_record(out: Outcome) -> dict[str, Any]:
    """What the archive keeps of how a post was written (shown by `show`)."""
    return {"engine": out.engine, "guard": out.guard, **({"notes": out.notes} if out.notes else {})}


def llm_threads(cfg: Config) -> Executor:
    """Threads for items rewritten by the llm: twice the allowed requests
    plus one, so that whenever a request slot frees up an item is already
    extracted and planned, waiting for it."""
    from concurrent.futures import ThreadPoolExecutor

    return ThreadPoolExecutor(2 * cfg.llm.concurrency + 1, thread_name_prefix="llm")


def _rerender_threads(cfg: Config, inputs: Iterable[tuple[Item, RawPage]]) -> Iterator[tuple[Item, Outcome]]:
    """Re-render with the llm engine, in order: cache hits cost no wait,
    misses (and --refresh-llm) overlap up to `llm.concurrency` requests."""
    pool = llm_threads(cfg)
    window: deque[tuple[Item, Future[Outcome]]] = deque()
    try:
        for it, raw in inputs:
            window.append((it, pool.submit(process, input_for(cfg, it, raw.url, raw.content, raw.headers), cfg)))
            while len(window) > 16 * cfg.llm.concurrency:  # room for slow items (repairs) at the head
                done, fut = window.popleft()
                yield done, fut.result()
        while window:
            done, fut = window.popleft()
            yield done, fut.result()
    finally:
        pool.shutdown(cancel_futures=True)
