"""An offline mirror: an httpx transport that serves URLs from local files.

The bundled demo (``configs/default.yaml``) points at sample feeds and
articles under ``samples/``; this transport answers those URLs from disk so
`make ingest` works on a machine with no network, through the very same
fetch code (status codes, headers, charsets) a real run uses.

The index is a YAML list of ``{url, file, content_type}`` with file paths
relative to the index's folder. Unknown URLs get a 404, like a dead link.
"""
from __future__ import annotations

from dataclasses import dataclass
from email.utils import formatdate
from pathlib import Path

import httpx
import yaml

from .config import ConfigError


@dataclass(frozen=True)
class MirrorEntry:
    path: Path
    content_type: str


def load_index(index: str | Path) -> dict[str, MirrorEntry]:
    index = Path(index)
    try:
        raw = yaml.safe_load(index.read_text(encoding="utf-8")) or []
    except FileNotFoundError:
        raise ConfigError(f"{index}: mirror index not found") from None
    if not isinstance(raw, list):
        raise ConfigError(f"{index}: expected a list of {{url, file, content_type}}")
    out: dict[str, MirrorEntry] = {}
    for i, row in enumerate(raw):
        if not isinstance(row, dict) or not row.get("url") or not row.get("file"):
            raise ConfigError(f"{index}: entry {i}: expected keys 'url' and 'file'")
        path = (index.parent / row["file"]).resolve()
        if not path.is_file():
            raise ConfigError(f"{index}: entry {i}: file {row['file']!r} not found")
        out[row["url"]] = MirrorEntry(path, row.get("content_type") or "application/octet-stream")
    return out


class MirrorTransport(httpx.AsyncBaseTransport):
    def __init__(self, index: str | Path):
        self.entries = load_index(index)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        entry = self.entries.get(str(request.url))
        if entry is None:
            return httpx.Response(404, headers={"content-type": "text/plain"}, content=b"not in mirror",
                                  request=request)
        content = entry.path.read_bytes()
        # File mtime as Last-Modified gives the demo real conditional GETs.
        lm = formatdate(entry.path.stat().st_mtime, usegmt=True)
        if request.headers.get("if-modified-since") == lm:
            return httpx.Response(304, headers={"last-modified": lm}, request=request)
        return httpx.Response(
            200,
            headers={"content-type": entry.content_type, "last-modified": lm,
                     "content-length": str(len(content))},
            content=content,
            request=request,
        )
