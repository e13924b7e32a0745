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

A run is usually cut short by a cron timeout, so the order of work is part
of not losing it: a feed's items start as soon as that feed is parsed, in
the order of ``FairQueue`` (fetched pages, then new items newest first, then
retries; feeds in turn; never waiting on a busy host), and an attempt is
counted in the archive when it starts, so the page a killed run was stuck on
goes to the back of the next run's queue. Worker processes are forked
before any socket exists (process.start_pool), so none of them ever holds a
connection the fetcher has closed.

What this module refuses to do: decide which private addresses a link may
use beyond a feed's own host and its ``allow_hosts`` (see _private_hosts), or
let ``--force`` override a server's Retry-After.
"""
from __future__ import annotations

import asyncio
import fcntl
import json
import logging
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

from .archive import OPEN_STATES, SKIPPED, SKIPPED_CONTENT, Archive, FeedState, Item, RawPage
from .config import Config, FeedConfig
from .feeds import parse_feed
from .fetch import FetchError, Fetcher
from .health import is_due, record_failure, record_success
from .models import KST, FetchResult
from .netsafety import Resolver, authority
from .process import ItemInput, Outcome, input_for, make_pool, process, start_pool, submit, submit_batch
from .robots import origin

EXIT_OK = 0
EXIT_ALL_FEEDS_FAILED = 1
EXIT_CONFIG = 2
EXIT_LOCKED = 3
EXIT_CONTENT_SKIPPED = 4  # only with --strict (or `strict: true`): items skipped for content reasons

# Article errors that will not change by retrying: skip at once (or use
# the feed's own text). Everything else is retried on later runs.
PERMANENT = {"http_4xx", "unsafe_url", "robots", "bad_scheme", "bad_url", "too_large",
             "too_many_redirects", "redirect_loop", "bad_redirect", "decode"}
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
    moved_to: str | None = None  # the feed moved permanently (301/308); this URL is fetched from now on


@dataclass
class ItemReport:
    id: str
    feed: str
    title: str
    url: str | None
    status: str  # written | unchanged | skipped | skipped_content | failed
    reason: str | None = None
    error_class: str | None = None
    post: str | None = None
    charset: str | None = None
    charset_source: str | None = None  # which source decided the page's charset
    engine: str | None = None  # the rewrite engine that wrote the post
    guard: dict[str, Any] | None = None  # the guard's fallbacks by reason and copy figures
    notes: dict[str, Any] | None = None  # engine figures (llm calls, repairs), engine fallback, llm_retry
    story: dict[str, Any] | None = None  # the story this report joined: outlets, disagreements (storyrun.py)


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
    # Archive-wide, whatever run touched the items: waiting_for_retry,
    # skipped_content, pending.
    backlog: dict[str, int] = field(default_factory=dict)
    drafts: list[dict[str, str]] = field(default_factory=list)  # posts written as drafts, not yet published
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
        for s in ("written", "unchanged", "skipped", SKIPPED_CONTENT, "failed"):
            c[s] = sum(i.status == s for i in self.items)
        c["skipped"] += len(self.skipped_entries)
        c["waiting_for_retry"] = self.backlog.get("waiting_for_retry", 0)
        c["skipped_content_total"] = self.backlog.get("skipped_content", 0)
        c["drafts_waiting"] = len(self.drafts)
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
        # Figures the outlets of a story disagree on, with outlets and spans.
        d["disagreements"] = [{"item": i.id, "post": i.post, "story": i.story["id"],
                               "disagreements": i.story["disagreements"]}
                              for i in self.items if i.story and i.story.get("disagreements")]
        return d

    def summary(self) -> str:
        c = self.counts()
        return (
            f"ingest: {c['feeds']} feeds ({c['fetched']} fetched, {c['not_modified']} not modified, "
            f"{c['feeds_failed']} failed, {c['feeds_in_backoff']} in backoff), {c['new']} new, "
            f"{c['written']} posts written, {c['unchanged']} unchanged, {c['skipped']} skipped, "
            f"{c[SKIPPED_CONTENT]} skipped for content, {c['failed']} failed"
            + (f", {c['drafts_waiting']} drafts waiting" if self.drafts else "")
            + f" in {self.seconds:.1f}s"
            + (f"; llm {self.llm['calls']} calls, {self.llm['cache_hits']} cached, {self.llm['repairs']} repairs"
               + (f", fallbacks {self.llm['fallbacks']}" if self.llm["fallbacks"] else "") if self.llm else "")
            + "; "
            f"archive: {c['waiting_for_retry']} waiting for retry, {c['skipped_content_total']} skipped for content"
            + self._guard_summary()
            + (f"; report {self.path}" if self.path else "")
        )

    def _guard_summary(self) -> str:
        """Guard fallbacks by reason and posts over the copy ceiling, when there are any."""
        r = self.rewrite_summary(self.copy_ceiling)
        parts = []
        by_kind: Counter[str] = Counter()
        for key, n in r["fallbacks"].items():
            by_kind[key.rsplit(":", 1)[-1]] += n
        if by_kind:
            parts.append("guard fallbacks " + ", ".join(f"{k} {n}" for k, n in sorted(by_kind.items())))
        if r.get("over_copy_ceiling"):
            parts.append(f"{r['over_copy_ceiling']} over the copy ceiling {self.copy_ceiling}")
        return "; " + "; ".join(parts) if parts else ""


def now_kst() -> datetime:
    return datetime.now(KST).replace(microsecond=0)


def _transport(cfg: Config):
    if not cfg.mirror:
        return None
    from .mirror import MirrorTransport

    return MirrorTransport(cfg.resolve(cfg.mirror))


class RunObserver:
    """Hooks a caller (the CLI's logs and progress bar) gets during a run.
    The default does nothing; the run never depends on what they do."""

    def feed_done(self, feed: FeedReport) -> None: ...

    def items_total(self, n: int) -> None:
        """Items known so far; grows while feeds are still being read."""

    def item_done(self, item: ItemReport) -> None: ...


class FairQueue:
    """Items waiting to start, in the order a run under a deadline wants them.

    Tiers first: pages already fetched (no network left to do), then items
    never tried, then retries, so old failures cannot starve new items.
    Within a tier, feeds take turns (round-robin), so one large or slow
    feed cannot hold the others; within a feed, newest first. ``pop`` skips
    items whose host is busy, so a slow host never holds a slot that another
    host's item could use.
    """

    _SCAN = 32  # items looked at per feed for one whose host is free

    def __init__(self) -> None:
        self._tiers: list[dict[str, deque[Item]]] = [{}, {}, {}]
        self._turn = [0, 0, 0]
        self._n = 0

    def __len__(self) -> int:
        return self._n

    @staticmethod
    def tier(item: Item) -> int:
        if item.state == "fetched":
            return 0
        return 1 if item.attempts == 0 else 2

    def put(self, item: Item) -> None:
        self._tiers[self.tier(item)].setdefault(item.feed, deque()).append(item)
        self._n += 1

    def pop(self, free: Callable[[Item], bool], *, retries: bool = True) -> Item | None:
        """The next item to start, or None. ``retries=False`` holds retries
        back (new items may still arrive from feeds being fetched)."""
        for t, by_feed in enumerate(self._tiers[:None if retries else 2]):
            feeds = [f for f, q in by_feed.items() if q]
            for k in range(len(feeds)):
                feed = feeds[(self._turn[t] + k) % len(feeds)]
                q = by_feed[feed]
                for i, item in zip(range(self._SCAN), q):
                    if free(item):
                        del q[i]
                        self._n -= 1
                        self._turn[t] = (self._turn[t] + k + 1) % max(1, len(feeds))
                        return item
        return None


class Ingest:
    def __init__(self, cfg: Config, archive: Archive, *, clock: Callable[[], datetime] = now_kst,
                 workers: int | None = None, force: bool = False, pool: Executor | None = None,
                 resolver: Resolver | None = None, observer: RunObserver | None = None):
        self.observer = observer or RunObserver()
        self.cfg = cfg
        self.archive = archive
        self.clock = clock
        self.workers = workers if workers is not None else (os.cpu_count() or 1)
        self.force = force  # ignore our own backoff (manual runs), never a server's Retry-After
        self.report = RunReport(started=clock().isoformat(), config=cfg.source_file,
                                copy_ceiling=cfg.rewrite.copy_ceiling)
        self._pool = pool  # started by ingest() before any network I/O (see process.start_pool)
        self.resolver = resolver
        self._queue = FairQueue()
        self._queued: set[str] = set()
        self._wake = asyncio.Event()
        self._private: dict[str, frozenset[str]] = {}
        self._llm_pool: Executor | None = None  # threads for llm items (see llm_threads)
        self._llm = None

    async def run(self) -> RunReport:
        t0 = _time.monotonic()
        if self.cfg.rewrite.engine == "llm":
            from .rewrite.llm import begin_run

            self._llm = begin_run(self.cfg)
            # Model calls wait on the network: threads, so they never hold up
            # fetching, and `llm.concurrency` of them are in flight at once.
            self._llm_pool = llm_threads(self.cfg)
        transport = _transport(self.cfg)
        enabled = {f.name: f for f in self.cfg.feeds if f.enabled}
        for fc in enabled.values():
            self._private[fc.name] = self._private_hosts(fc, self.archive.feed(fc.name))
        # Work left by earlier runs starts at once, beside the feed fetches.
        left = [i for i in self.archive.open_items(self.clock(), force=self.force) if i.feed in enabled]
        if self._llm is not None:
            from .archive import llm_retry_items

            # Posts `rules` wrote while the llm was unavailable are rewritten now.
            seen = {i.id for i in left}
            left += [i for i in llm_retry_items(self.archive) if i.feed in enabled and i.id not in seen]
        # Retries tried longest ago first; those a killed run was working on go last.
        left.sort(key=lambda i: i.updated if FairQueue.tier(i) == 2 else "")
        self._enqueue(left)
        async with Fetcher(self.cfg.fetch, transport=transport, offline=transport is not None,
                           resolver=self.resolver) as fetcher:
            self.fetcher = fetcher
            feeds = asyncio.gather(*(self._feed_told(f) for f in self.cfg.feeds))
            feeds.add_done_callback(lambda _: self._wake.set())
            await self._dispatch(feeds, enabled)
            await feeds
        if self._llm_pool is not None:
            self._llm_pool.shutdown()
        rep = self.report
        if self._llm is not None:
            rep.llm = self._llm.totals()
        rep.seconds = round(_time.monotonic() - t0, 3)
        rep.finished = self.clock().isoformat()
        rep.backlog = self.archive.backlog()
        # A feed waiting out its backoff is still a failing feed: cron keeps
        # hearing about an outage for as long as it lasts.
        active = [f for f in rep.feeds if f.status != "disabled"]
        failing = [f for f in active if f.status in ("failed", "backoff")]
        rep.exit_code = EXIT_ALL_FEEDS_FAILED if active and len(failing) == len(active) else EXIT_OK
        if rep.exit_code == EXIT_OK and self.cfg.strict and rep.counts()["skipped_content"]:
            rep.exit_code = EXIT_CONTENT_SKIPPED
        return rep

    # scheduling ------------------------------------------------------------
    def _enqueue(self, items: Iterable[Item]) -> None:
        known = len(self._queued)
        for it in items:
            if it.id not in self._queued:
                self._queued.add(it.id)
                self._queue.put(it)
        if len(self._queued) != known:
            self.observer.items_total(len(self._queued))
        self._wake.set()

    def _host(self, item: Item) -> str | None:
        """The origin an item's next step will connect to, or None (no network)."""
        if item.state == "fetched" or not item.url or not self.cfg.fetch.fetch_articles:
            return None
        try:
            return origin(item.url)
        except Exception:  # noqa: BLE001 - a malformed link fails in fetch, with a reason
            return None

    async def _dispatch(self, feeds: asyncio.Future, enabled: dict[str, FeedConfig]) -> None:
        """Start items as they become known, fairly, while feeds are still
        being fetched. An item holds its host only while it is on the
        network; once its page is in, the host is free for the next item
        while this one waits for a worker process. Bounded: at most
        ``concurrency`` items on the network and a few per worker beyond."""
        per_host = max(1, self.cfg.fetch.per_host)
        net_limit = max(1, self.cfg.fetch.concurrency)
        limit = net_limit + 4 * max(1, self.workers) + 2
        if self._llm_pool is not None:
            limit = max(limit, net_limit + 2 * self.cfg.llm.concurrency + 2)  # keep every model slot busy
        busy: Counter[str] = Counter()
        active: set[asyncio.Task] = set()
        on_net = [0]

        def free(item: Item) -> bool:
            host = self._host(item)
            return host is None or busy[host] < per_host

        def leave_net(host: str | None) -> Callable[[], None]:
            left = [False]

            def release() -> None:
                if not left[0]:
                    left[0] = True
                    on_net[0] -= 1
                    if host is not None:
                        busy[host] -= 1
                    self._wake.set()
            return release

        def done(task: asyncio.Task, release: Callable[[], None]) -> None:
            active.discard(task)
            release()
            self._wake.set()

        while True:
            while len(active) < limit and on_net[0] < net_limit:
                # Retries wait until every feed has had its say, so a new item
                # never queues behind an old failure.
                item = self._queue.pop(free, retries=feeds.done())
                if item is None:
                    break
                host = self._host(item)
                if host is not None:
                    busy[host] += 1
                on_net[0] += 1
                release = leave_net(host)
                task = asyncio.create_task(self._item(item, enabled[item.feed], release))
                task.add_done_callback(lambda t, r=release: done(t, r))
                active.add(task)
            if feeds.done() and not active and not len(self._queue):
                return
            # No await between the checks above and this wait: nothing can set
            # the event unseen in between.
            self._wake.clear()
            await self._wake.wait()

    def _private_hosts(self, fc: FeedConfig, st: FeedState) -> frozenset[str]:
        """Hosts whose private addresses this feed may reach: its own (its
        URL, where it moved to) when ``allow_private`` is set, plus
        ``allow_hosts``. Never any other."""
        hosts = {h.strip().lower() for h in fc.allow_hosts if h.strip()}
        if fc.allow_private and fc.url:
            hosts.add(authority(fc.url))
            if st.moved_to:
                hosts.add(authority(st.moved_to))
        return frozenset(hosts)

    # feeds ---------------------------------------------------------------
    async def _feed_told(self, fc: FeedConfig) -> None:
        await self._feed(fc)
        fr = next((f for f in reversed(self.report.feeds) if f.name == fc.name), None)
        if fr is not None:
            self.observer.feed_done(fr)

    async def _feed(self, fc: FeedConfig) -> None:
        st = self.archive.feed(fc.name)
        fr = FeedReport(fc.name, "ok", url=fc.url or fc.path)
        self.report.feeds.append(fr)
        if not fc.enabled:
            fr.status = "disabled"
            return
        now = self.clock()
        if not is_due(st.health, now, force=self.force):
            fr.status = "backoff"
            fr.next_attempt = st.health.next_attempt.isoformat() if st.health.next_attempt else None
            if st.health.not_before and st.health.not_before > now and self.force:
                fr.next_attempt = st.health.not_before.isoformat()  # the server's Retry-After
            fr.error_class = st.health.last_error_class
            fr.error = st.health.last_error
            return
        # A changed URL means the stored validators belong to another resource.
        if st.url != (fc.url or fc.path):
            st.etag = st.last_modified = None
            st.moved_to = None
            st.url = fc.url or fc.path
        try:
            res = await self._fetch_feed(fc, st)
        except FetchError as e:
            if st.moved_to and e.error_class == "http_4xx":
                st.moved_to = None  # the new home is gone: back to the configured URL next time
            self._feed_failed(fc, st, fr, e.error_class, e.message, e.retry_after)
            return
        now = self.clock()
        st.last_status = res.status
        if res.moved_to:
            # A permanent redirect: fetch the new URL directly from now on.
            st.moved_to = res.moved_to
            fr.moved_to = res.moved_to
        if fc.allow_private and res.url.startswith(("http://", "https://")):
            self._private[fc.name] = self._private[fc.name] | {authority(res.url)}
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
        # This feed's items start now, while other feeds are still loading.
        fresh = [it for iid in (*new, *updated) if (it := self.archive.item(iid)) is not None
                 and it.state in OPEN_STATES]
        fresh.sort(key=lambda it: it.published.timestamp() if it.published else 0.0, reverse=True)
        self._enqueue(fresh)

    async def _fetch_feed(self, fc: FeedConfig, st: FeedState) -> FetchResult:
        if fc.path:
            p = self.cfg.resolve(fc.path)
            try:
                data = p.read_bytes()
            except OSError as e:
                raise FetchError(str(p), "file", str(e)) from None
            return FetchResult(url=p.as_uri(), status=200, content=data, headers={})
        url = st.moved_to or fc.url
        # The feed's own URL and the redirects it takes may be private (the
        # operator chose it); its items get only its hosts (see _private_hosts).
        return await self.fetcher.fetch(url, etag=st.etag, last_modified=st.last_modified,
                                        allow_private=fc.allow_private, private_hosts=self._private[fc.name],
                                        check_robots=False)

    def _feed_failed(self, fc: FeedConfig, st: FeedState, fr: FeedReport, error_class: str,
                     message: str, retry_after: float | None) -> None:
        st.health = record_failure(st.health, self.clock(), error_class, message,
                                   self.cfg.fetch.backoff_base, self.cfg.fetch.backoff_max, retry_after)
        self.archive.save_feed(st)
        fr.status = "failed"
        fr.error_class, fr.error = error_class, message
        fr.next_attempt = st.health.next_attempt.isoformat() if st.health.next_attempt else None

    # items ---------------------------------------------------------------
    async def _item(self, item: Item, fc: FeedConfig, off_network: Callable[[], None] = lambda: None) -> None:
        # The feed may have changed the item since it was queued.
        item = self.archive.item(item.id) or item
        rep = ItemReport(item.id, item.feed, item.title, item.url, "failed")
        self.report.items.append(rep)
        try:
            await self._work(item, fc, rep, off_network)
        except Exception as e:  # noqa: BLE001 - one bad item must never stop the run
            self._fail(item, rep, "internal", f"{type(e).__name__}: {e}")
        self.observer.item_done(rep)

    async def _work(self, item: Item, fc: FeedConfig, rep: ItemReport,
                    off_network: Callable[[], None] = lambda: None) -> None:
        raw = self.archive.raw(item.id)
        if raw is not None and item.state != "pending":
            page = (raw.content, raw.url, raw.headers)
        else:
            page = await self._page(item, fc, rep, raw)
            if page is None:
                return
            self.archive.store_raw(item.id, page[1], 200, page[2], page[0], self.clock())
        if self.cfg.site.featured_images.enabled:
            from .images import fetch_featured

            # Before the post is written: the writer links the local copy only if it exists.
            await fetch_featured(self.fetcher, self.cfg, page[0], page[2], private_hosts=self._private[fc.name])
        off_network()  # the host's slot goes to the next item while this one is processed
        inp = input_for(self.cfg, item, page[1], page[0], page[2])
        if self.cfg.stories.enabled:
            from .storyrun import desk_for

            # With the llm, the desk's CPU steps run in the llm threads (see llm_threads).
            out = await desk_for(self).process(item, inp, self._llm_pool or self._pool, self.clock)
        elif self._llm_pool:
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
        # Counted before it is made: a run killed during a slow page leaves
        # a retry, which the next run takes after its new work.
        self.archive.begin_attempt(item.id, self.clock())
        try:
            res = await self.fetcher.fetch(item.url, etag=etag, last_modified=last_modified,
                                           private_hosts=self._private.get(fc.name, frozenset()),
                                           check_robots=self.cfg.fetch.robots)
        except FetchError as e:
            # A page archived before (the feed edited a known item) beats the
            # feed's own text; either beats nothing.
            fallback = (raw.content, raw.url, raw.headers) if raw is not None else feed_page
            if e.error_class in PERMANENT:
                if fallback is None:
                    self._skip(item, rep, f"{e.error_class}: {e.message}", e.error_class)
                return fallback
            state = self._fail(item, rep, e.error_class, e.message, final=fallback is None, counted=True,
                               retry_after=e.retry_after)
            return fallback if state == "exhausted" else None
        if res.not_modified and raw is not None:
            return raw.content, raw.url, raw.headers  # unchanged page: no new bytes to store or parse
        return res.content, res.url, res.headers

    def _record(self, item: Item, rep: ItemReport, out: Outcome) -> None:
        rep.charset, rep.charset_source = out.charset, out.charset_source
        rep.engine, rep.guard, rep.notes = out.engine, out.guard, out.notes or None
        rep.story = out.notes.get("story")
        if out.status == "waiting":
            self._fail(item, rep, "llm_unavailable", out.reason or "llm unavailable")
            return
        if out.status == "skipped":
            content = out.skip_class == "content"
            self._skip(item, rep, out.reason or "skipped", "content" if content else out.skip_class,
                       state=SKIPPED_CONTENT if content else SKIPPED)
            return
        self.archive.mark_written(item.id, out.post_path or "", out.facts, self.clock(),
                                  out.charset, out.charset_source, rewrite=rewrite_record(out))
        rep.status, rep.post, rep.reason, rep.error_class = out.status, out.post_path, None, None

    def _skip(self, item: Item, rep: ItemReport, reason: str, error_class: str | None = None,
              *, state: str = SKIPPED) -> None:
        self.archive.mark_skipped(item.id, reason, self.clock(), error_class, state=state)
        rep.status, rep.reason, rep.error_class = state, reason, error_class

    def _fail(self, item: Item, rep: ItemReport, error_class: str, message: str, final: bool = True,
              *, counted: bool = False, retry_after: float | None = None) -> str:
        """A transient failure: the item pauses and is retried by a later run.
        Once out of attempts it is skipped, unless the caller has a fallback."""
        state, attempts = self.archive.mark_failed(item.id, error_class, message, self.clock(),
                                                   self.cfg.fetch.backoff_base, self.cfg.fetch.backoff_max,
                                                   counted=counted, retry_after=retry_after)
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


def prune_reports(report_dir: Path, keep: int) -> int:
    """Keep the newest ``keep`` run reports (0: all); returns how many went.
    Only ``run-*.json`` files: ``latest.json`` and anything else stay."""
    if keep <= 0 or not report_dir.is_dir():
        return 0
    runs = sorted(p for p in report_dir.glob("run-*.json") if p.is_file() and not p.is_symlink())
    # Names sort by start time; mtime breaks ties between same-second runs.
    runs.sort(key=lambda p: (p.name[:19], p.stat().st_mtime))
    gone = 0
    for p in runs[:-keep]:
        p.unlink(missing_ok=True)
        gone += 1
    return gone


def ingest(cfg: Config, *, clock: Callable[[], datetime] = now_kst, workers: int | None = None,
           force: bool = False, strict: bool | None = None, resolver: Resolver | None = None,
           observer: RunObserver | None = None) -> RunReport:
    """One locked ingest run; raises RunLocked if another run is active.

    ``strict`` (default: the config's ``strict``) makes items skipped for
    content reasons exit with EXIT_CONTENT_SKIPPED. ``resolver`` answers
    host names instead of the system's DNS (tests)."""
    from .metrics import write_textfile
    from .publish import drafts_waiting

    if strict is not None and strict != cfg.strict:
        cfg = replace(cfg, strict=strict)
    archive_path = cfg.resolve(cfg.archive_path)
    workers = workers if workers is not None else (os.cpu_count() or 1)
    with run_lock(archive_path), Archive(archive_path) as archive:
        sweep_temps(cfg)
        pool = None
        if workers > 1 and cfg.rewrite.engine != "llm" and _may_need_pool(cfg, archive, clock(), force):
            # Forked here, before the event loop and any socket exist.
            pool = start_pool(cfg, workers)
        if pool is None and cfg.rewrite.engine != "extractive":
            from .korean import warm_in_background

            warm_in_background()  # posts are made in this process: load the analyser while feeds are fetched
        try:
            runner = Ingest(cfg, archive, clock=clock, workers=workers, force=force, pool=pool, resolver=resolver,
                            observer=observer)
            report = asyncio.run(runner.run())
        finally:
            if pool is not None:
                pool.shutdown(cancel_futures=True)
        report.drafts = drafts_waiting(cfg, archive)
        report_dir = cfg.resolve(cfg.report_dir)
        write_report(report, report_dir)
        prune_reports(report_dir, cfg.reports.keep)
        if cfg.metrics.textfile:
            try:
                write_textfile(cfg.resolve(cfg.metrics.textfile), report, archive)
            except OSError as e:
                # The run itself went fine; monitoring notices the stale file.
                logging.getLogger(__name__).error("metrics textfile %s not written: %s", cfg.metrics.textfile, e)
        return report


def _may_need_pool(cfg: Config, archive: Archive, now: datetime, force: bool) -> bool:
    """Could this run have enough items for worker processes to pay off?
    Decided before any fetch, so the count of new items is a bound."""
    open_now = len(archive.open_items(now, force=force))
    could_add = sum(f.max_items for f in cfg.feeds if f.enabled)
    return open_now + could_add >= POOL_MIN_ITEMS


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
    if cfg.stories.enabled:
        from .storyrun import rerender as rerender_stories

        yield from rerender_stories(cfg, archive, items, workers=workers, clock=clock)
        return
    for it, out in iter_rerender(cfg, archive, items, workers=workers):
        record_outcome(archive, it.id, out, clock())
        yield it, out


def record_outcome(archive: Archive, item_id: str, out: Outcome, now: datetime) -> None:
    """A re-rendered item's outcome in the archive (also storyrun's)."""
    if out.status == "waiting":
        return  # a required llm could not be asked: the post and its record stay as they were
    if out.status == "skipped":
        content = out.skip_class == "content"
        archive.mark_skipped(item_id, out.reason or "skipped", now, "content" if content else out.skip_class,
                             state=SKIPPED_CONTENT if content else SKIPPED)
    else:
        archive.mark_written(item_id, out.post_path or "", out.facts, now, out.charset, out.charset_source,
                             rewrite=rewrite_record(out))


def rewrite_record(out: Outcome) -> dict[str, Any]:
    """What the archive keeps of how a post was written (shown by `show`)."""
    return {"engine": out.engine, "guard": out.guard, **({"notes": out.notes} if out.notes else {})}


def llm_threads(cfg: Config) -> Executor:
    """Threads for items rewritten by the llm: twice the allowed requests
    plus one, so that whenever a request slot frees up an item is already
    extracted and planned, waiting for it."""
    from concurrent.futures import ThreadPoolExecutor

    from . import process as process_mod

    # The story desk hands its CPU steps to this pool as it would to worker
    # processes; those steps read the config the worker initialiser sets.
    process_mod._worker_cfg = cfg
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
