"""The archive: one SQLite file that remembers feeds, items and raw pages.

It is what makes cron runs incremental and crash-safe, and what lets any
item be re-rendered without the network:

- ``feeds``  conditional-GET validators and health (backoff) per feed;
- ``items``  one row per article identity, with its state machine
  ``pending -> fetched -> written`` (or ``skipped`` with a reason when the
  page cannot be had, ``skipped_content`` when the page was had but cannot
  become a post, or ``failed`` to be retried), timestamps and the post path;
- ``raw``    the fetched bytes (zlib-compressed) and response headers.

Every state change is its own committed transaction, so a run killed at any
point leaves each item in the last state it fully reached; the next run
picks up ``pending``/``fetched``/``failed`` items again. An attempt to fetch
a page is counted when it starts (``begin_attempt``), not when it ends, so a
run killed in the middle of a slow page leaves a retry that the next run
takes after its new work.

Identity: an entry with a GUID is ``guid:<GUID>`` plus its link, so two
entries sharing a GUID with different links are two items; a known GUID
whose link changed while its old link left the feed is the same item edited
(see add_entries). Items are looked up by (feed, identity), never by
recomputing their id, so ids stay stable across these rules.
"""
from __future__ import annotations

import hashlib
import json
import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from .health import FeedHealth
from .models import KST, FeedEntry
from .urls import GUID_LINK_SEP

SCHEMA = """
CREATE TABLE IF NOT EXISTS feeds (
    name TEXT PRIMARY KEY,
    url TEXT,
    etag TEXT,
    last_modified TEXT,
    last_status INTEGER,
    last_success TEXT,
    last_attempt TEXT,
    last_error TEXT,
    last_error_class TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_attempt TEXT,
    not_before TEXT,
    moved_to TEXT
);
CREATE TABLE IF NOT EXISTS items (
    id TEXT PRIMARY KEY,
    feed TEXT NOT NULL,
    identity TEXT NOT NULL,
    url TEXT,
    title TEXT NOT NULL,
    published TEXT,
    entry_json TEXT NOT NULL,
    state TEXT NOT NULL,
    reason TEXT,
    error_class TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    post_path TEXT,
    facts_json TEXT,
    first_seen TEXT NOT NULL,
    updated TEXT NOT NULL,
    next_attempt TEXT,
    charset TEXT,
    charset_source TEXT,
    not_before TEXT,
    rewrite_json TEXT
);
CREATE INDEX IF NOT EXISTS items_state ON items(state);
CREATE INDEX IF NOT EXISTS items_url ON items(url);
CREATE INDEX IF NOT EXISTS items_feed ON items(feed);
CREATE INDEX IF NOT EXISTS items_identity ON items(feed, identity);
CREATE TABLE IF NOT EXISTS raw (
    item_id TEXT PRIMARY KEY REFERENCES items(id),
    url TEXT NOT NULL,
    status INTEGER NOT NULL,
    headers_json TEXT NOT NULL,
    content BLOB NOT NULL,
    fetched_at TEXT NOT NULL
);
"""

# States an ingest run (re)works on. "failed" items are retried with a
# growing pause (see mark_failed) until they have used MAX_ATTEMPTS, about
# 40 hours at the default backoff, then skipped with the last error.
OPEN_STATES = ("pending", "fetched", "failed")
# The page was had but cannot become a post (too little text, no date, the
# fidelity guard refused it): final, listed apart so it is never silent.
SKIPPED_CONTENT = "skipped_content"
SKIPPED = "skipped"
FINAL_STATES = ("written", SKIPPED, SKIPPED_CONTENT)
MAX_ATTEMPTS = 10
# A server's Retry-After is honoured up to this long (a bogus "next year"
# must not park an item for good).
RETRY_AFTER_CAP = 7 * 86_400.0
# Columns added after the first release; older archives get them on open.
_MIGRATIONS = {
    "items": {"next_attempt": "TEXT", "charset": "TEXT", "charset_source": "TEXT", "not_before": "TEXT",
              "rewrite_json": "TEXT"},
    "feeds": {"not_before": "TEXT", "moved_to": "TEXT"},
}


def _guid_of(identity: str) -> str | None:
    if not identity.startswith("guid:"):
        return None
    return identity[5:].split(GUID_LINK_SEP, 1)[0]


def item_id_for(identity: str, feed: str | None = None) -> str:
    """Stable id of an item. A GUID is only unique within its feed (two
    outlets may both number items from 1); URLs and content hashes are
    global, so the same article from two feeds is one item."""
    key = f"{feed}\0{identity}" if feed and identity.startswith("guid:") else identity
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


@dataclass
class FeedState:
    name: str
    url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    last_status: int | None = None
    health: FeedHealth = field(default_factory=FeedHealth)
    moved_to: str | None = None  # where the feed's URL permanently redirects (301/308)


@dataclass
class Item:
    id: str
    feed: str
    identity: str
    url: str | None
    title: str
    published: datetime | None
    entry: dict[str, Any]  # guid, summary, content_html, author of the feed entry
    state: str
    reason: str | None = None
    error_class: str | None = None
    attempts: int = 0
    post_path: str | None = None
    first_seen: str = ""
    updated: str = ""
    facts: list[dict[str, Any]] | None = None
    next_attempt: datetime | None = None
    charset: str | None = None
    charset_source: str | None = None
    not_before: datetime | None = None  # a server's Retry-After: even --force waits
    rewrite: dict[str, Any] | None = None  # engine, guard fallbacks, copy figures of the last write


@dataclass
class RawPage:
    url: str
    status: int
    headers: dict[str, str]
    content: bytes
    fetched_at: str


def _iso(dt: datetime | None) -> str | None:
    # One offset for every stored time, so text comparison in SQL orders them.
    return dt.astimezone(KST).isoformat() if dt else None


def _dt(s: str | None) -> datetime | None:
    return datetime.fromisoformat(s) if s else None


class Archive:
    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        # autocommit mode: each statement (or explicit BEGIN block) is durable
        # on its own, which is what crash safety relies on.
        self.db = sqlite3.connect(str(self.path), isolation_level=None, timeout=30)
        self.db.row_factory = sqlite3.Row
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.execute("PRAGMA synchronous=NORMAL")
        self.db.executescript(SCHEMA)
        have = {r[1] for r in self.db.execute("PRAGMA table_info(items)")}
        for table, cols in _MIGRATIONS.items():
            present = {r[1] for r in self.db.execute(f"PRAGMA table_info({table})")}
            for col, decl in cols.items():
                if col not in present:
                    self.db.execute(f"ALTER TABLE {table} ADD COLUMN {col} {decl}")
        if "next_attempt" not in have:
            self._rekey_guid_items()
        self._guid_plus_link()

    def _rekey_guid_items(self) -> None:
        """Archives from before GUIDs were scoped per feed keyed them globally."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            rows = self.db.execute("SELECT id, feed, identity FROM items WHERE identity LIKE 'guid:%'").fetchall()
            for old_id, feed, identity in rows:
                new_id = item_id_for(identity, feed)
                if new_id != old_id:
                    self.db.execute("UPDATE raw SET item_id=? WHERE item_id=?", (new_id, old_id))
                    self.db.execute("UPDATE items SET id=? WHERE id=?", (new_id, old_id))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def _guid_plus_link(self) -> None:
        """Archives from before identities carried the link: the link is
        appended to each GUID identity (ids stay, see module doc)."""
        if self.db.execute("SELECT 1 FROM items WHERE identity LIKE 'guid:%' AND url IS NOT NULL"
                           " AND instr(identity, ?) = 0 LIMIT 1", (GUID_LINK_SEP,)).fetchone() is None:
            return
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.execute("UPDATE items SET identity = identity || ? || url WHERE identity LIKE 'guid:%'"
                            " AND url IS NOT NULL AND instr(identity, ?) = 0", (GUID_LINK_SEP, GUID_LINK_SEP))
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # feeds ---------------------------------------------------------------
    def feed(self, name: str) -> FeedState:
        r = self.db.execute("SELECT * FROM feeds WHERE name=?", (name,)).fetchone()
        if r is None:
            return FeedState(name)
        return FeedState(
            name=r["name"],
            url=r["url"],
            etag=r["etag"],
            last_modified=r["last_modified"],
            last_status=r["last_status"],
            moved_to=r["moved_to"],
            health=FeedHealth(
                last_success=_dt(r["last_success"]),
                last_error=r["last_error"],
                last_error_class=r["last_error_class"],
                last_attempt=_dt(r["last_attempt"]),
                consecutive_failures=r["consecutive_failures"],
                next_attempt=_dt(r["next_attempt"]),
                not_before=_dt(r["not_before"]),
            ),
        )

    def save_feed(self, st: FeedState) -> None:
        h = st.health
        self.db.execute(
            """INSERT INTO feeds(name,url,etag,last_modified,last_status,last_success,last_attempt,
                   last_error,last_error_class,consecutive_failures,next_attempt,not_before,moved_to)
               VALUES(?,?,?,?,?,?,?,?,?,?,?,?,?)
               ON CONFLICT(name) DO UPDATE SET url=excluded.url, etag=excluded.etag,
                   last_modified=excluded.last_modified, last_status=excluded.last_status,
                   last_success=excluded.last_success, last_attempt=excluded.last_attempt,
                   last_error=excluded.last_error, last_error_class=excluded.last_error_class,
                   consecutive_failures=excluded.consecutive_failures, next_attempt=excluded.next_attempt,
                   not_before=excluded.not_before, moved_to=excluded.moved_to""",
            (
                st.name, st.url, st.etag, st.last_modified, st.last_status,
                _iso(h.last_success), _iso(h.last_attempt), h.last_error, h.last_error_class,
                h.consecutive_failures, _iso(h.next_attempt), _iso(h.not_before), st.moved_to,
            ),
        )

    def feeds(self) -> list[FeedState]:
        names = [r[0] for r in self.db.execute("SELECT name FROM feeds ORDER BY name")]
        return [self.feed(n) for n in names]

    # items ---------------------------------------------------------------
    def add_entries(
        self, feed: str, entries: Iterable[FeedEntry], now: datetime
    ) -> tuple[list[str], list[str], list[tuple[str, str]]]:
        """Record new entries as pending and reopen changed ones.

        Returns (new ids, updated ids, [(title, why skipped)]). An entry seen
        before whose title, date or link the feed has changed is reopened so
        its post is refreshed (and moved if its file name changes). One
        transaction: a crash here only means the feed is read again.

        A GUID known with another link is that item edited (a corrected
        link) only when its old link is no longer in the feed under that
        GUID; otherwise the GUID names two articles and both are kept.
        """
        new: list[str] = []
        updated: list[str] = []
        skipped: list[tuple[str, str]] = []
        ts = now.isoformat()
        entries = list(entries)
        links_of_guid: dict[str, set[str]] = {}
        for e in entries:
            g = _guid_of(e.identity)
            if g is not None and e.link:
                links_of_guid.setdefault(g, set()).add(e.link)
        self.db.execute("BEGIN IMMEDIATE")
        try:
            for e in entries:
                row = self._row_for(feed, e.identity, e.link, links_of_guid)
                iid = row["id"] if row is not None else item_id_for(e.identity, feed)
                if row is not None:
                    if row["feed"] != feed:
                        skipped.append((e.title, f"duplicate of an item already taken from feed {row['feed']!r}"))
                    elif (e.title, _iso(e.published), e.link) != (row["title"], row["published"], row["url"]):
                        # Written and skipped items are worked on again (a corrected
                        # link may now work); open ones just pick up the new data.
                        reopen = row["state"] in FINAL_STATES
                        self.db.execute(
                            """UPDATE items SET title=?, published=?, url=?, identity=?, updated=?,
                                   state=CASE WHEN ? THEN 'pending' ELSE state END,
                                   attempts=CASE WHEN ? THEN 0 ELSE attempts END,
                                   next_attempt=CASE WHEN ? THEN NULL ELSE next_attempt END
                               WHERE id=?""",
                            (e.title, _iso(e.published), e.link, e.identity, ts, reopen, reopen, reopen, iid))
                        updated.append(iid)
                    continue  # otherwise seen before: the normal case on every cron run
                if e.link:
                    other = self.db.execute(
                        "SELECT feed FROM items WHERE url=? LIMIT 1", (e.link,)
                    ).fetchone()
                    if other:
                        skipped.append((e.title, f"duplicate of an item already taken from feed {other[0]!r}"))
                        continue
                while self.db.execute("SELECT 1 FROM items WHERE id=?", (iid,)).fetchone():
                    # An edited item kept the id of its first identity, which
                    # a later entry may bring back: derive another.
                    iid = item_id_for(f"{e.identity}\x1e{iid}", feed)
                entry = {
                    "guid": e.guid,
                    "summary": e.summary,
                    "content_html": e.content_html,
                    "author": e.author,
                }
                self.db.execute(
                    """INSERT INTO items(id,feed,identity,url,title,published,entry_json,state,
                           first_seen,updated) VALUES(?,?,?,?,?,?,?,?,?,?)""",
                    (iid, feed, e.identity, e.link, e.title, _iso(e.published),
                     json.dumps(entry, ensure_ascii=False), "pending", ts, ts),
                )
                new.append(iid)
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        return new, updated, skipped

    def _row_for(self, feed: str, identity: str, link: str | None,
                 links_of_guid: dict[str, set[str]]) -> sqlite3.Row | None:
        cols = "id, feed, title, published, url, state"
        guid = _guid_of(identity)
        if guid is None:
            # URL and content identities are global: the same article from two feeds is one item.
            return self.db.execute(f"SELECT {cols} FROM items WHERE id=?", (item_id_for(identity),)).fetchone()
        row = self.db.execute(f"SELECT {cols} FROM items WHERE feed=? AND identity=?", (feed, identity)).fetchone()
        if row is not None:
            return row
        prefix = f"guid:{guid}"
        cands = self.db.execute(
            f"SELECT {cols}, identity FROM items WHERE feed=? AND (identity=? OR substr(identity, 1, ?)=?)",
            (feed, prefix, len(prefix) + 1, prefix + GUID_LINK_SEP),
        ).fetchall()
        # Same GUID and link, identity written another way (an older archive).
        for cand in cands:
            if link and cand["url"] == link:
                return cand
        # The same GUID under a link the feed no longer lists: a corrected link.
        present = links_of_guid.get(guid, set())
        for cand in cands:
            if cand["url"] not in present:
                return cand
        return None

    def _item(self, r: sqlite3.Row) -> Item:
        return Item(
            id=r["id"], feed=r["feed"], identity=r["identity"], url=r["url"], title=r["title"],
            published=_dt(r["published"]), entry=json.loads(r["entry_json"]), state=r["state"],
            reason=r["reason"], error_class=r["error_class"], attempts=r["attempts"],
            post_path=r["post_path"], first_seen=r["first_seen"], updated=r["updated"],
            facts=json.loads(r["facts_json"]) if r["facts_json"] else None,
            next_attempt=_dt(r["next_attempt"]), charset=r["charset"], charset_source=r["charset_source"],
            not_before=_dt(r["not_before"]),
            rewrite=json.loads(r["rewrite_json"]) if r["rewrite_json"] else None,
        )

    def item(self, key: str) -> Item | None:
        """An item by id, id prefix (≥ 6 characters) or source URL."""
        r = self.db.execute("SELECT * FROM items WHERE id=? OR url=?", (key, key)).fetchone()
        if r is None and len(key) >= 6:
            rows = self.db.execute("SELECT * FROM items WHERE id LIKE ? LIMIT 2", (key + "%",)).fetchall()
            r = rows[0] if len(rows) == 1 else None
        return self._item(r) if r else None

    def open_items(self, now: datetime, *, force: bool = False) -> list[Item]:
        """Items to work on now: pending, fetched, and failed ones whose pause
        is over (``force``: whatever our own pause, but never before a
        server's Retry-After). Newest first; run.py orders them fairly."""
        q = (f"SELECT * FROM items WHERE state IN ({','.join('?' * len(OPEN_STATES))})"
             " AND (not_before IS NULL OR not_before <= ?)")
        args: list[Any] = [*OPEN_STATES, _iso(now)]
        if not force:
            q += " AND (next_attempt IS NULL OR next_attempt <= ?)"
            args.append(_iso(now))
        q += " ORDER BY published DESC, id"
        return [self._item(r) for r in self.db.execute(q, args)]

    def begin_attempt(self, item_id: str, now: datetime) -> int:
        """Count an attempt before it is made: a run killed during a slow
        page leaves the item a retry, which the next run takes after new
        items and after retries tried longer ago (see run.FairQueue), so
        it does not start with the same slow page again."""
        self.db.execute("UPDATE items SET attempts=attempts+1, updated=? WHERE id=?", (now.isoformat(), item_id))
        r = self.db.execute("SELECT attempts FROM items WHERE id=?", (item_id,)).fetchone()
        return r[0] if r else 0

    def backlog(self) -> dict[str, int]:
        """Counts that matter whatever run touched the items."""
        c = self.counts()
        return {"waiting_for_retry": c.get("failed", 0), "skipped_content": c.get(SKIPPED_CONTENT, 0),
                "pending": c.get("pending", 0) + c.get("fetched", 0)}

    def items(
        self,
        *,
        feed: str | None = None,
        since: datetime | None = None,
        state: str | None = None,
        with_raw: bool = False,
        limit: int | None = None,
    ) -> Iterator[Item]:
        """Items in publication order; streamed, never all loaded at once."""
        where, args = _item_filter(feed, since, state, with_raw)
        q = "SELECT items.* FROM items" + where + " ORDER BY items.published, items.id"
        if limit:
            q += f" LIMIT {int(limit)}"
        # A separate cursor keeps streaming while callers update other rows.
        cur = self.db.cursor()
        for r in cur.execute(q, args):
            yield self._item(r)

    def counts(self) -> dict[str, int]:
        return {r[0]: r[1] for r in self.db.execute("SELECT state, COUNT(*) FROM items GROUP BY state")}

    def store_raw(self, item_id: str, url: str, status: int, headers: dict[str, str],
                  content: bytes, now: datetime) -> None:
        """Raw bytes and the move to 'fetched' land together or not at all."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            self.db.execute(
                """INSERT INTO raw(item_id,url,status,headers_json,content,fetched_at) VALUES(?,?,?,?,?,?)
                   ON CONFLICT(item_id) DO UPDATE SET url=excluded.url, status=excluded.status,
                   headers_json=excluded.headers_json, content=excluded.content, fetched_at=excluded.fetched_at""",
                (item_id, url, status, json.dumps(headers, ensure_ascii=False),
                 zlib.compress(content, 6), now.isoformat()),
            )
            self.db.execute(
                "UPDATE items SET state='fetched', reason=NULL, error_class=NULL, next_attempt=NULL,"
                " not_before=NULL, updated=? WHERE id=?",
                (now.isoformat(), item_id),
            )
            self.db.execute("COMMIT")
        except BaseException:
            self.db.execute("ROLLBACK")
            raise

    def has_raw(self, item_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM raw WHERE item_id=?", (item_id,)).fetchone() is not None

    def raw(self, item_id: str) -> RawPage | None:
        r = self.db.execute("SELECT * FROM raw WHERE item_id=?", (item_id,)).fetchone()
        if r is None:
            return None
        return RawPage(r["url"], r["status"], json.loads(r["headers_json"]),
                       zlib.decompress(r["content"]), r["fetched_at"])

    def mark_written(self, item_id: str, post_path: str, facts: list[dict[str, Any]], now: datetime,
                     charset: str | None = None, charset_source: str | None = None,
                     rewrite: dict[str, Any] | None = None) -> None:
        self.db.execute(
            """UPDATE items SET state='written', post_path=?, facts_json=?, reason=NULL, error_class=NULL,
                   attempts=0, next_attempt=NULL, charset=COALESCE(?, charset),
                   charset_source=COALESCE(?, charset_source), rewrite_json=COALESCE(?, rewrite_json),
                   updated=? WHERE id=?""",
            (post_path, json.dumps(facts, ensure_ascii=False), charset, charset_source,
             json.dumps(rewrite, ensure_ascii=False) if rewrite else None, now.isoformat(), item_id),
        )

    def mark_skipped(self, item_id: str, reason: str, now: datetime, error_class: str | None = None,
                     *, state: str = SKIPPED) -> None:
        """Final: ``skipped`` (the page cannot be had) or ``skipped_content``
        (it was had and cannot become a post)."""
        if state not in (SKIPPED, SKIPPED_CONTENT):
            raise ValueError(f"not a skip state: {state!r}")
        self.db.execute(
            "UPDATE items SET state=?, reason=?, error_class=?, next_attempt=NULL, updated=? WHERE id=?",
            (state, reason, error_class, now.isoformat(), item_id),
        )

    def mark_failed(self, item_id: str, error_class: str, reason: str, now: datetime,
                    base: float = 300.0, ceiling: float = 86_400.0, *, counted: bool = False,
                    retry_after: float | None = None) -> tuple[str, int]:
        """Pause the item after a failed attempt (base, doubling, up to
        ceiling; at least a server's Retry-After, which even --force waits
        out). ``counted``: begin_attempt already counted this attempt.
        Returns (state, attempts); after MAX_ATTEMPTS the state is
        "exhausted": the caller decides between the feed's own text and a skip."""
        r = self.db.execute("SELECT attempts FROM items WHERE id=?", (item_id,)).fetchone()
        attempts = (r[0] if r else 0) + (0 if counted else 1)
        attempts = max(attempts, 1)
        if attempts >= MAX_ATTEMPTS:
            return "exhausted", attempts
        pause = min(ceiling, base * 2 ** (attempts - 1))
        not_before = None
        if retry_after is not None and retry_after > 0:
            wait = min(retry_after, RETRY_AFTER_CAP)
            pause = max(pause, wait)
            not_before = _iso(now + timedelta(seconds=wait))
        self.db.execute(
            """UPDATE items SET state='failed', attempts=?, error_class=?, reason=?, next_attempt=?,
                   not_before=?, updated=? WHERE id=?""",
            (attempts, error_class, reason, _iso(now + timedelta(seconds=pause)), not_before, now.isoformat(),
             item_id),
        )
        return "failed", attempts


# -- the llm engine's reply cache and retry marks ------------------------------

LLM_CACHE_SCHEMA = """
CREATE TABLE IF NOT EXISTS llm_cache (
    key TEXT PRIMARY KEY,
    model TEXT NOT NULL,
    template_hash TEXT NOT NULL,
    source_hash TEXT NOT NULL,
    params_json TEXT NOT NULL,
    reply TEXT NOT NULL,
    usage_json TEXT NOT NULL,
    created TEXT NOT NULL
);
"""


class LLMCache:
    """Model replies by (model, prompt-template hash, source-text hash,
    parameters, request digest): what makes a re-render of an llm post
    byte-identical and free of requests.

    Its own connection, opened lazily, so the engine can use it in worker
    processes and threads (one lock per connection; SQLite's WAL lets it
    write beside the run's own connection).
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._db: sqlite3.Connection | None = None
        import threading

        self._lock = threading.Lock()

    def _conn(self) -> sqlite3.Connection:
        if self._db is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(str(self.path), isolation_level=None, timeout=30, check_same_thread=False)
            db.execute("PRAGMA journal_mode=WAL")
            db.executescript(LLM_CACHE_SCHEMA)
            self._db = db
        return self._db

    def get(self, key: str) -> tuple[str, dict[str, Any]] | None:
        with self._lock:
            r = self._conn().execute("SELECT reply, usage_json FROM llm_cache WHERE key=?", (key,)).fetchone()
        return (r[0], json.loads(r[1])) if r else None

    def put(self, key: str, *, model: str, template_hash: str, source_hash: str, params: dict[str, Any],
            reply: str, usage: dict[str, Any], now: datetime) -> None:
        with self._lock:
            self._conn().execute(
                """INSERT INTO llm_cache(key,model,template_hash,source_hash,params_json,reply,usage_json,created)
                   VALUES(?,?,?,?,?,?,?,?) ON CONFLICT(key) DO UPDATE SET reply=excluded.reply,
                   usage_json=excluded.usage_json, created=excluded.created""",
                (key, model, template_hash, source_hash, json.dumps(params, sort_keys=True), reply,
                 json.dumps(usage, sort_keys=True), now.isoformat()))

    def count(self) -> int:
        with self._lock:
            return self._conn().execute("SELECT COUNT(*) FROM llm_cache").fetchone()[0]

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None


def llm_retry_items(archive: Archive) -> list[Item]:
    """Written items whose post `rules` wrote because the llm was unavailable
    (rewrite_json notes.llm_retry): a later llm run rewrites them."""
    rows = archive.db.execute(
        "SELECT * FROM items WHERE state='written' AND json_extract(rewrite_json, '$.notes.llm_retry') = 1"
        " ORDER BY published, id")
    return [archive._item(r) for r in rows]


def count_items(archive: Archive, *, feed: str | None = None, since: datetime | None = None,
                 with_raw: bool = False) -> int:
    """How many items :meth:`Archive.items` would yield (for a progress bar's total)."""
    where, args = _item_filter(feed, since, None, with_raw)
    return archive.db.execute("SELECT COUNT(*) FROM items" + where, args).fetchone()[0]


def _item_filter(feed: str | None, since: datetime | None, state: str | None,
                 with_raw: bool) -> tuple[str, list[Any]]:
    """The JOIN and WHERE of an item listing, shared by items() and count_items()."""
    q = " JOIN raw ON raw.item_id = items.id" if with_raw else ""
    conds: list[str] = []
    args: list[Any] = []
    if feed:
        conds.append("items.feed=?")
        args.append(feed)
    if since:
        conds.append("items.published>=?")
        args.append(_iso(since))
    if state:
        conds.append("items.state=?")
        args.append(state)
    return (q + " WHERE " + " AND ".join(conds) if conds else q), args


# ---------------------------------------------------------------- stories
# Reports of one event from several outlets (stories.py, storyrun.py). Own
# tables, created on first use: an archive that never clustered is unchanged.

STORY_SCHEMA = """
CREATE TABLE IF NOT EXISTS story_items (
    item_id TEXT PRIMARY KEY REFERENCES items(id),
    story_id TEXT NOT NULL,
    published TEXT,
    order_key TEXT NOT NULL,
    signature BLOB NOT NULL,
    keys_json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS story_items_story ON story_items(story_id);
CREATE INDEX IF NOT EXISTS story_items_published ON story_items(published);
CREATE TABLE IF NOT EXISTS stories (
    id TEXT PRIMARY KEY,
    post_path TEXT,
    members_json TEXT NOT NULL,
    merged_json TEXT NOT NULL,
    updated TEXT NOT NULL
);
"""


@dataclass
class StoryRow:
    item_id: str
    story_id: str
    published: datetime | None
    order_key: str
    signature: bytes
    keys: dict[str, Any]


def story_tables(archive: Archive) -> None:
    archive.db.executescript(STORY_SCHEMA)


def save_story_item(archive: Archive, row: StoryRow) -> None:
    archive.db.execute(
        """INSERT INTO story_items(item_id,story_id,published,order_key,signature,keys_json) VALUES(?,?,?,?,?,?)
           ON CONFLICT(item_id) DO UPDATE SET story_id=excluded.story_id, published=excluded.published,
           order_key=excluded.order_key, signature=excluded.signature, keys_json=excluded.keys_json""",
        (row.item_id, row.story_id, _iso(row.published), row.order_key, row.signature,
         json.dumps(row.keys, ensure_ascii=False)))


def move_story_items(archive: Archive, moves: dict[str, str]) -> None:
    """item id -> story id, in one transaction (stories joined by a new report)."""
    if not moves:
        return
    archive.db.execute("BEGIN IMMEDIATE")
    try:
        for item_id, story_id in moves.items():
            archive.db.execute("UPDATE story_items SET story_id=? WHERE item_id=?", (story_id, item_id))
        archive.db.execute("COMMIT")
    except BaseException:
        archive.db.execute("ROLLBACK")
        raise


def _story_row(r: sqlite3.Row) -> StoryRow:
    return StoryRow(r["item_id"], r["story_id"], _dt(r["published"]), r["order_key"], r["signature"],
                    json.loads(r["keys_json"]))


def story_items(archive: Archive, since: datetime | None = None) -> Iterator[StoryRow]:
    """Clustered reports in their order; with `since`, those published since
    then (and those of unknown date)."""
    q = "SELECT * FROM story_items"
    args: list[Any] = []
    if since is not None:
        q += " WHERE published IS NULL OR published >= ?"
        args.append(_iso(since))
    cur = archive.db.cursor()
    for r in cur.execute(q + " ORDER BY order_key, item_id", args):
        yield _story_row(r)


def story_item(archive: Archive, item_id: str) -> StoryRow | None:
    r = archive.db.execute("SELECT * FROM story_items WHERE item_id=?", (item_id,)).fetchone()
    return _story_row(r) if r else None


def story_members(archive: Archive, story_id: str) -> list[str]:
    return [r[0] for r in archive.db.execute(
        "SELECT item_id FROM story_items WHERE story_id=? ORDER BY order_key, item_id", (story_id,))]


def save_story(archive: Archive, story_id: str, post_path: str | None, members: list[str],
               merged: dict[str, Any], now: datetime) -> None:
    archive.db.execute(
        """INSERT INTO stories(id,post_path,members_json,merged_json,updated) VALUES(?,?,?,?,?)
           ON CONFLICT(id) DO UPDATE SET post_path=excluded.post_path, members_json=excluded.members_json,
           merged_json=excluded.merged_json, updated=excluded.updated""",
        (story_id, post_path, json.dumps(members), json.dumps(merged, ensure_ascii=False), now.isoformat()))


def drop_story(archive: Archive, story_id: str) -> None:
    archive.db.execute("DELETE FROM stories WHERE id=?", (story_id,))


def story(archive: Archive, story_id: str) -> dict[str, Any] | None:
    try:
        r = archive.db.execute("SELECT * FROM stories WHERE id=?", (story_id,)).fetchone()
    except sqlite3.OperationalError:  # an archive that never clustered
        return None
    if r is None:
        return None
    return {"id": r["id"], "post": r["post_path"], "members": json.loads(r["members_json"]),
            **json.loads(r["merged_json"]), "updated": r["updated"]}


def story_of_item(archive: Archive, item_id: str) -> dict[str, Any] | None:
    """The story an item belongs to, when several outlets told it (for `show`)."""
    try:
        row = story_item(archive, item_id)
    except sqlite3.OperationalError:
        return None
    return story(archive, row.story_id) if row else None


def unsigned_items(archive: Archive) -> list[str]:
    """Archived pages with no story signature yet (archives from before stories)."""
    return [r[0] for r in archive.db.execute(
        """SELECT raw.item_id FROM raw JOIN items ON items.id = raw.item_id
           LEFT JOIN story_items ON story_items.item_id = raw.item_id
           WHERE story_items.item_id IS NULL ORDER BY items.first_seen, items.published, items.id""")]
