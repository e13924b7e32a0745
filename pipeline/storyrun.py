"""Stories inside ingest and rerender: one post per story, updated in place.

Ingest: each item is built in a worker as before (one extraction), but its
post is not written there. The parent, which alone holds the story index,
decides whether the report is a new story (its post is written as it
always was) or joins a known one: then the story's post is composed again
from all its reports (merge.py) and rewritten at the same path, and the
item is recorded as written to that path. A story's post never exists
twice: a report that joins later never gets a file of its own, and a file
left by a report that now belongs to an older story is removed once the
story's post is in place.

Rerender: the stories are clustered again from the stored signatures in
their stored order (deterministic), then single reports re-render as
before and each story is composed once.

It refuses to hold pages or posts of a whole run: the index keeps only
signatures, figure keys and dates of reports inside the window.
"""
from __future__ import annotations

import asyncio
import re
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import numpy as np

from . import archive as archive_mod
from . import process as process_mod
from .archive import Archive, Item, StoryRow
from .config import Config
from .errors import ComposeError, EngineWait
from .merge import Member, merge
from .models import SourceLink
from .process import ItemInput, Outcome, input_for
from .stages import Built, SkipItem, Source, compose
from .stories import Report, StoryIndex, report_of
from .write import write_post


SOURCE_CACHE = 512  # reports of this run kept for stories they may yet join; older ones are read again


@dataclass
class Prepared:
    """An item built but not written: what the parent needs to decide."""

    item_id: str
    built: Built | None = None
    reason: str | None = None  # why there is no post
    skip_class: str | None = None  # as process.Outcome: content | internal


def order_key(item: Item) -> str:
    """Earlier reports found stories: first seen, then published, then id."""
    pub = item.published.isoformat() if item.published else "~"
    return f"{item.first_seen}|{pub}|{item.id}"


def prepare(inp: ItemInput, cfg: Config) -> Prepared:
    try:
        return Prepared(inp.item_id, built=process_mod.build(inp, cfg))
    except SkipItem as e:
        return Prepared(inp.item_id, reason=str(e), skip_class="content")
    except EngineWait as e:  # a required llm could not be asked: the item waits
        return Prepared(inp.item_id, reason=e.reason, skip_class="waiting")
    except Exception as e:  # noqa: BLE001 - a bug on one page must not stop a run
        return Prepared(inp.item_id, reason=f"internal error: {type(e).__name__}: {e}", skip_class="internal")


def _prepare_in_worker(inp: ItemInput) -> Prepared:
    cfg = process_mod._worker_cfg
    assert cfg is not None
    if inp.archived:
        loaded = process_mod._load_archived(inp, cfg)
        if loaded is None:
            return Prepared(inp.item_id, reason="no archived page to render from", skip_class="internal")
        inp = loaded
    return prepare(inp, cfg)


def report_for(item: Item, src: Source, cfg: Config) -> Report:
    return report_of(item.id, src.article.text, src.facts, src.article.published or item.published,
                     cfg.stories, order=order_key(item))


def _row(r: Report, story_id: str) -> StoryRow:
    return StoryRow(r.item_id, story_id, r.published, r.order, r.signature.astype(np.uint32).tobytes(), r.to_row())


def _report(row: StoryRow) -> Report:
    return Report(row.item_id, row.published, np.frombuffer(row.signature, dtype=np.uint32).copy(),
                  frozenset(row.keys.get("figures", [])), frozenset(row.keys.get("orgs", [])), row.order_key)


def outcome_of(item_id: str, built: Built, written_path: str, changed: bool, story: dict | None = None) -> Outcome:
    notes = process_mod.mark_llm_retry(dict(built.notes))
    if story:
        notes["story"] = story
    return Outcome(item_id, "written" if changed else "unchanged", post_path=written_path,
                   facts=[f.to_dict() for f in built.facts], charset=built.article.charset,
                   charset_source=built.article.charset_source, engine=built.engine,
                   guard=built.guard.to_dict(), notes=notes)


def write_built(cfg: Config, built: Built, previous: str | None) -> tuple[str, bool]:
    w = write_post(built.post, cfg.resolve(cfg.output_dir), cfg.site, cfg.compose, previous_relpath=previous)
    return w.path, w.changed


def label_of(cfg: Config, item: Item, src: Source) -> str:
    fc = next((f for f in cfg.feeds if f.name == item.feed), None)
    return (fc.label if fc and fc.label else None) or src.article.site_name or urlsplit(item.url or "").hostname or item.feed


def compose_story(cfg: Config, story_id: str, members: list[tuple[Item, Source]]) -> tuple[Built, dict[str, Any]]:
    """The post of a story: the first report's text without outvoted figures,
    every outlet in its source block. Raises SkipItem when nothing is left."""
    ms = [Member(it.id, label_of(cfg, it, src), it.url or src.article.url, src.article.title, src)
          for it, src in members]
    merged = merge(ms, cfg.stories.align)
    primary_item, _ = members[merged.primary]
    fc = next((f for f in cfg.feeds if f.name == primary_item.feed), None)
    try:
        built = compose(merged.source, cfg, item_id=primary_item.id, source_label=ms[merged.primary].outlet,
                        feed_categories=list(fc.categories) if fc else [])
    except ComposeError as e:
        raise SkipItem(f"compose story: {e.reason}") from None
    # The post's own source first, then the others in the order they reported.
    ordered = [ms[merged.primary]] + [m for i, m in enumerate(ms) if i != merged.primary]
    built.post.sources = [SourceLink(m.outlet, m.url, m.title) for m in ordered]
    info = {"id": story_id, "primary": primary_item.id,
            "outlets": [{"item": m.item_id, "outlet": m.outlet, "url": m.url} for m in ordered],
            **merged.to_dict()}
    return built, info


def _compose_story_in_worker(story_id: str, members: list[tuple[Item, Source]]) -> tuple[Built, dict[str, Any]]:
    assert process_mod._worker_cfg is not None
    return compose_story(process_mod._worker_cfg, story_id, members)


_POST_PATH = re.compile(r"[a-z_/]+/\d{4}-\d{2}-\d{2}-[a-z0-9-]+\.md")


def _remove_old(cfg: Config, paths: Iterable[str | None], keep: str) -> None:
    """Files of reports that now belong to a story's post. Only paths of the
    writer's own shape, inside the output folder, never through a symlink."""
    root = cfg.resolve(cfg.output_dir).resolve()
    for p in sorted({p for p in paths if p and p != keep}):
        if not _POST_PATH.fullmatch(p):
            continue
        target = root / p
        if target.is_file() and not target.is_symlink() and target.resolve().is_relative_to(root):
            target.unlink()


class StoryDesk:
    """The story index of one ingest run, loaded from the archive."""

    def __init__(self, cfg: Config, archive: Archive, now: datetime):
        self.cfg, self.archive = cfg, archive
        archive_mod.story_tables(archive)
        self.index = StoryIndex(cfg.stories)
        window = timedelta(hours=cfg.stories.window_hours)
        pubs = [i.published for i in archive.open_items(now) if i.published]
        since = min([now, *pubs]) - window
        for row in archive_mod.story_items(archive, since):
            self.index.add(_report(row), story_id=row.story_id)
        self.sources: OrderedDict[str, Source] = OrderedDict()  # reports read this run, most recent last
        self.locks: dict[str, asyncio.Lock] = {}
        self.disagreements: list[dict[str, Any]] = []
        # Story posts written this run: a report whose story another report's
        # compose already covered finds the bytes in place, but its post was written.
        self.written: set[str] = set()

    async def process(self, item: Item, inp: ItemInput, pool, clock: Callable[[], datetime]) -> Outcome:
        if pool is not None:
            prep: Prepared = await asyncio.wrap_future(pool.submit(_prepare_in_worker, inp))
        else:
            prep = prepare(inp, self.cfg)
        if prep.built is None:
            status = "waiting" if prep.skip_class == "waiting" else "skipped"
            return Outcome(item.id, status, prep.reason, skip_class=prep.skip_class)
        built = prep.built
        rep = report_for(item, built.source, self.cfg)
        before = self.index.story_of.get(item.id)
        story_id, _, absorbed = self.index.add(rep)
        moves = {k: story_id for k in self.index.members(story_id) if k != item.id}
        archive_mod.save_story_item(self.archive, _row(rep, story_id))
        archive_mod.move_story_items(self.archive, moves)
        members = self.index.members(story_id)
        self._keep(item.id, built.source)  # a later report this run may join its story
        if len(members) == 1:
            try:
                path, changed = write_built(self.cfg, built, inp.previous_path)
            except (OSError, ValueError) as e:
                return Outcome(item.id, "skipped", f"write: {e}", skip_class="write")
            if changed:
                self.written.add(path)
            out = outcome_of(item.id, built, path, changed)
            if before and before != story_id:
                await self._refresh(before, pool, clock)
            return out
        lock = self.locks.setdefault(story_id, asyncio.Lock())
        async with lock:
            out = await self._write_story(story_id, pool, clock, current=(item, built.source), absorbed=absorbed)
        if before and before != story_id:
            await self._refresh(before, pool, clock)
        return out if out is not None else Outcome(item.id, "skipped", "story: no report can be read",
                                                   skip_class="internal")

    def _keep(self, item_id: str, src: Source) -> None:
        self.sources[item_id] = src
        self.sources.move_to_end(item_id)
        while len(self.sources) > SOURCE_CACHE:
            self.sources.popitem(last=False)

    async def _source(self, item: Item, pool) -> Source | None:
        src = self.sources.get(item.id)
        if src is not None:
            return src
        raw = self.archive.raw(item.id)
        if raw is None:
            return None
        inp = input_for(self.cfg, item, raw.url, raw.content, raw.headers)
        if pool is not None:
            prep = await asyncio.wrap_future(pool.submit(_prepare_in_worker, inp))
        else:
            prep = prepare(inp, self.cfg)
        return prep.built.source if prep.built else None

    async def _refresh(self, story_id: str, pool, clock) -> None:
        """A report left this story (its feed changed it): rebuild what is left."""
        members = self.index.members(story_id)
        if members:
            async with self.locks.setdefault(story_id, asyncio.Lock()):
                await self._write_story(story_id, pool, clock)

    async def _write_story(self, story_id: str, pool, clock, current: tuple[Item, Source] | None = None,
                           absorbed: list[str] | None = None) -> Outcome | None:
        items: list[tuple[Item, Source]] = []
        for mid in self.index.members(story_id):
            if current and mid == current[0].id:
                items.append(current)
                continue
            it = self.archive.item(mid)
            src = await self._source(it, pool) if it else None
            if it is not None and src is not None:
                items.append((it, src))
        if not items:
            return None
        old = archive_mod.story(self.archive, story_id)
        previous = [it.post_path for it, _ in items] + [old["post"] if old else None]
        for sid in absorbed or []:
            gone = archive_mod.story(self.archive, sid)
            if gone:
                previous.append(gone["post"])
                archive_mod.drop_story(self.archive, sid)
        primary = items[0][0]  # the first report, unless compose_story hands the post to another
        try:
            if len(items) == 1:
                built = compose(items[0][1], self.cfg, item_id=primary.id,
                                source_label=label_of(self.cfg, primary, items[0][1]),
                                feed_categories=next((list(f.categories) for f in self.cfg.feeds
                                                      if f.name == primary.feed), []))
                info = None
            elif pool is not None:  # composing is CPU work: the parent only decides and writes
                built, info = await asyncio.wrap_future(pool.submit(_compose_story_in_worker, story_id, items))
            else:
                built, info = compose_story(self.cfg, story_id, items)
            if info is not None:
                primary = next(it for it, _ in items if it.id == info["primary"])
            path, changed = write_built(self.cfg, built, (old["post"] if old else None) or items[0][0].post_path)
        except (SkipItem, ComposeError) as e:
            reason = getattr(e, "reason", None) or str(e)
            return Outcome(current[0].id if current else primary.id, "skipped", reason, skip_class="content")
        except (OSError, ValueError) as e:
            return Outcome(current[0].id if current else primary.id, "skipped", f"write: {e}", skip_class="write")
        _remove_old(self.cfg, previous, path)
        now = clock()
        if info is not None:
            archive_mod.save_story(self.archive, story_id, path, [it.id for it, _ in items], info, now)
            if info["disagreements"]:
                self.disagreements.append({"story": story_id, "post": path,
                                           "disagreements": info["disagreements"]})
        summary = _summary(info)
        for it, src in items:
            if current and it.id == current[0].id:
                continue
            self.archive.mark_written(it.id, path, [f.to_dict() for f in src.facts], now,
                                      rewrite={"engine": built.engine, "story": summary} if summary else None)
        if changed:
            self.written.add(path)
        target = current[0] if current else primary
        tsrc = current[1] if current else items[0][1]
        b = replace(built, source=tsrc) if current else built
        return outcome_of(target.id, b, path, changed or path in self.written, summary)


def _summary(info: dict[str, Any] | None) -> dict[str, Any] | None:
    if not info:
        return None
    return {"id": info["id"], "outlets": [o["outlet"] for o in info["outlets"]],
            "disagreements": info["disagreements"], "dropped_sentences": info["dropped_sentences"]}


def desk_for(ingest: Any) -> StoryDesk:
    desk = getattr(ingest, "_story_desk", None)
    if desk is None:
        desk = ingest._story_desk = StoryDesk(ingest.cfg, ingest.archive, ingest.clock())
    return desk


# ------------------------------------------------------------- rerender


def _sign_batch_in_worker(inps: list[ItemInput]) -> list[Report | None]:
    out = []
    for inp in inps:
        prep = _prepare_in_worker(inp)
        out.append(report_of(inp.item_id, prep.built.source.article.text, prep.built.source.facts,
                             prep.built.source.article.published or inp.feed_published, process_mod._worker_cfg.stories)
                   if prep.built else None)
    return out


def sign_unsigned(cfg: Config, archive: Archive, workers: int = 1, batch: int = 16) -> int:
    """Archives from before stories: sign their reports once (one more read of each page)."""
    todo = [archive.item(i) for i in archive_mod.unsigned_items(archive)]
    todo = [it for it in todo if it is not None]
    if not todo:
        return 0

    def save(it: Item, r: Report | None) -> None:
        if r is not None:
            archive_mod.save_story_item(archive, _row(replace(r, order=order_key(it)), it.id))

    if workers <= 1 or len(todo) < 2 * batch:
        for it in todo:
            raw = archive.raw(it.id)
            prep = prepare(input_for(cfg, it, raw.url, raw.content, raw.headers), cfg) if raw else Prepared(it.id)
            save(it, report_for(it, prep.built.source, cfg) if prep.built else None)
        return len(todo)
    pool = process_mod.make_pool(cfg, workers)
    try:
        chunks = [todo[i:i + batch] for i in range(0, len(todo), batch)]
        futs = [(c, pool.submit(_sign_batch_in_worker, [replace(input_for(cfg, it, it.url or "", b"", {}), archived=True)
                                                         for it in c])) for c in chunks]
        for c, fut in futs:
            for it, r in zip(c, fut.result()):
                save(it, r)
    finally:
        pool.shutdown(cancel_futures=True)
    return len(todo)


class _Groups:
    """Story members as a finished clustering knows them (the index itself evicts)."""

    def __init__(self, groups: dict[str, list[str]], story_of: dict[str, str]):
        self.groups, self.story_of = groups, story_of

    def members(self, story_id: str) -> list[str]:
        return list(self.groups.get(story_id, []))


def recluster(cfg: Config, archive: Archive) -> _Groups:
    """Stories again from the stored signatures, in the stored order; the
    archive's assignments follow. Same archive, same stories. Reports older
    than the window leave the index as the replay moves on, so memory and
    time per report stay those of one window."""
    archive_mod.story_tables(archive)
    index = StoryIndex(cfg.stories)
    story_of: dict[str, str] = {}
    groups: dict[str, list[str]] = {}
    moves: dict[str, str] = {}
    latest: datetime | None = None
    for n, row in enumerate(archive_mod.story_items(archive)):
        sid, _, absorbed = index.add(_report(row))
        for gone in absorbed:
            for k in groups.pop(gone, []):
                story_of[k] = sid
                groups.setdefault(sid, []).append(k)
        story_of[row.item_id] = sid
        groups.setdefault(sid, []).append(row.item_id)
        if row.published and (latest is None or row.published > latest):
            latest = row.published
        if latest is not None and n % 256 == 255:
            index.evict_before(latest - timedelta(hours=cfg.stories.window_hours))
    stored = {r.item_id: r.story_id for r in archive_mod.story_items(archive)}
    moves = {k: v for k, v in story_of.items() if stored.get(k) != v}
    archive_mod.move_story_items(archive, moves)
    order = {k: i for i, k in enumerate(stored)}
    for g in groups.values():
        g.sort(key=lambda k: order.get(k, 0))
    return _Groups(groups, story_of)


def rerender(cfg: Config, archive: Archive, items: Iterable[Item], *, workers: int = 1,
             clock: Callable[[], datetime]) -> Iterator[tuple[Item, Outcome]]:
    """run.rerender with stories: single reports stream through the usual
    path; each story of several reports is composed once, after them."""
    from .run import iter_rerender, record_outcome

    archive_mod.story_tables(archive)
    sign_unsigned(cfg, archive, workers)
    groups = recluster(cfg, archive)
    multi = {k for g in groups.groups.values() if len(g) > 1 for k in g}
    held: list[Item] = []

    def singles() -> Iterator[Item]:
        for it in items:
            if it.id in multi:
                held.append(it)
            else:
                yield it

    for it, out in iter_rerender(cfg, archive, singles(), workers=workers):
        record_outcome(archive, it.id, out, clock())
        yield it, out
    desk = _RerenderDesk(cfg, archive, groups)
    done: dict[str, dict[str, Outcome]] = {}
    for it in held:
        sid = groups.story_of[it.id]
        if sid not in done:
            done[sid] = asyncio.run(desk.story(sid, clock))
        yield it, done[sid].get(it.id) or Outcome(it.id, "skipped", "story: no report can be read",
                                                  skip_class="internal")


class _RerenderDesk(StoryDesk):
    """A StoryDesk over a finished clustering (no loading, no pool)."""

    def __init__(self, cfg: Config, archive: Archive, groups: _Groups):
        self.cfg, self.archive, self.index = cfg, archive, groups  # type: ignore[assignment]
        self.sources, self.locks, self.disagreements, self.written = OrderedDict(), {}, [], set()

    async def story(self, story_id: str, clock) -> dict[str, Outcome]:
        from .run import record_outcome

        out = await self._write_story(story_id, None, clock)
        members = self.index.members(story_id)
        if out is None:
            return {}
        # Every report was recorded with the story's post; a skip is recorded for all.
        for mid in members if out.status == "skipped" else members[:1]:
            record_outcome(self.archive, mid, out, clock())
        return {mid: replace(out, item_id=mid) for mid in members}


def dry_run(cfg: Config, archive: Archive, item: Item) -> tuple[str, str]:
    """process.dry_run for a report of a story told by several outlets: the
    story's post as the stored stories would compose it now, nothing written."""
    import sqlite3

    from .process import dry_run as dry_run_single
    from .write import post_relpath, render

    try:
        row = archive_mod.story_item(archive, item.id)
    except sqlite3.OperationalError:  # never clustered
        row = None
    members = archive_mod.story_members(archive, row.story_id) if row else []
    if len(members) < 2:
        return dry_run_single(cfg, archive, item)
    pairs: list[tuple[Item, Source]] = []
    for mid in members:
        it = archive.item(mid)
        raw = archive.raw(mid) if it else None
        if it is None or raw is None:
            continue
        prep = prepare(input_for(cfg, it, raw.url, raw.content, raw.headers), cfg)
        if prep.built is not None:
            pairs.append((it, prep.built.source))
    if not pairs:
        return "would-skip", "no report of the story can be read"
    try:
        built, _ = compose_story(cfg, row.story_id, pairs) if len(pairs) > 1 else (None, None)
    except SkipItem as e:
        return "would-skip", str(e)
    if built is None:
        return dry_run_single(cfg, archive, pairs[0][0])
    rel = post_relpath(built.post, cfg.site)
    stored = archive_mod.story(archive, row.story_id)
    if stored and stored["post"] and stored["post"] != rel:
        return "would-move", f"{stored['post']} -> {rel}"
    target = cfg.resolve(cfg.output_dir) / rel
    if not target.exists():
        return "would-create", rel
    if target.read_bytes() != render(built.post, cfg.site, cfg.compose).encode("utf-8"):
        return "would-change", rel
    return "unchanged", rel
