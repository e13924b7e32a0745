"""Drafts: which written posts are still drafts, and releasing them.

A post's draft flag lives in its own front matter (Jekyll ``published:
false``, Hugo ``draft: true``), so the site generator, the writer and this
module read one truth and the archive needs no extra state. Publishing
edits that one line in place, atomically; it never re-renders, so what the
operator reviewed is what goes live. It refuses to touch a file that is not
a post this pipeline wrote.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .archive import Archive, Item
from .config import Config
from .write import WriteError, draft_state, publish_file


@dataclass
class Published:
    id: str
    post: str
    status: str  # published | already published | missing


def drafts_waiting(cfg: Config, archive: Archive) -> list[dict[str, str]]:
    """Written items whose post is a draft. Read only in draft mode: with
    drafts off the writer publishes every post it renders."""
    if not cfg.site.draft:
        return []
    out_dir = cfg.resolve(cfg.output_dir)
    waiting = []
    for it in archive.items(state="written"):
        if it.post_path and draft_state(out_dir / it.post_path) == "draft":
            waiting.append({"id": it.id, "title": it.title, "post": it.post_path})
    return waiting


def publish_items(cfg: Config, items: list[Item]) -> list[Published]:
    out_dir = cfg.resolve(cfg.output_dir)
    done = []
    for it in items:
        if not it.post_path:
            continue
        path = Path(out_dir) / it.post_path
        if draft_state(path) is None:
            done.append(Published(it.id, it.post_path, "missing"))
            continue
        try:
            changed = publish_file(out_dir, it.post_path)
        except (OSError, WriteError) as e:
            done.append(Published(it.id, it.post_path, f"not published: {e}"))
            continue
        done.append(Published(it.id, it.post_path, "published" if changed else "already published"))
    return done
