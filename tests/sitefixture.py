"""The bundled sample site served for real over HTTP on 127.0.0.1.

Every URL of ``samples/mirror/index.yaml`` (``https://news.example/...``
and friends) is served by a FaultServer under ``/<host>/<path>``, with the
sample feeds rewritten to link to the loopback copies. Tests then run
real ingests over real sockets, and can swap any route for a fault.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from faultserver import FaultServer, Request, Route

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
_HOSTS = re.compile(rb"https?://([a-z0-9.-]+\.example)")


@dataclass
class SampleSite:
    srv: FaultServer
    feeds: dict[str, str] = field(default_factory=dict)  # feed file stem -> loopback URL
    articles: dict[str, Path] = field(default_factory=dict)  # loopback URL -> sample file
    routes: dict[str, dict[str, Route]] = field(default_factory=dict)  # path -> query -> Route

    def local(self, url: str) -> str:
        u = urlsplit(url)
        return f"{self.srv.base}/{u.hostname}{u.path}" + (f"?{u.query}" if u.query else "")

    def rewrite(self, data: bytes) -> bytes:
        # ASCII-only substitution, so EUC-KR bytes stay intact.
        return _HOSTS.sub(lambda m: f"{self.srv.base}/{m.group(1).decode()}".encode(), data)

    def set(self, url: str, route: Route) -> None:
        """Serve route at (loopback) url, replacing whatever was there."""
        u = urlsplit(url)
        by_query = self.routes.setdefault(u.path, {})
        by_query[u.query] = route
        self.srv.add(u.path, self._dispatch(u.path))

    def _dispatch(self, path: str):
        def handler(req: Request) -> Route:
            return self.routes[path].get(req.query or "", Route(404, body="not found"))

        return handler


def serve_samples(srv: FaultServer, *, last_modified: str = "Mon, 23 Nov 2026 00:00:00 GMT") -> SampleSite:
    site = SampleSite(srv)
    index = yaml.safe_load((SAMPLES / "mirror" / "index.yaml").read_text(encoding="utf-8"))
    for row in index:
        path = (SAMPLES / "mirror" / row["file"]).resolve()
        ctype = row.get("content_type") or "application/octet-stream"
        base_type, _, params = ctype.partition(";")
        charset = None
        m = re.search(r"charset=([\w-]+)", params)
        if m:
            charset = m.group(1)
        data = path.read_bytes()
        is_feed = path.parent.name == "feeds"
        if is_feed:
            data = site.rewrite(data)
        local = site.local(row["url"])
        site.set(local, Route(body=data, content_type=base_type.strip(), charset=charset,
                              last_modified=last_modified if is_feed else None))
        if is_feed:
            site.feeds[path.stem] = local
        else:
            site.articles[local] = path
    return site


def config_for(site: SampleSite, tmp: Path, **overrides) -> dict:
    """A config dict reading the sample feeds from the loopback server."""
    labels = {"news-example": "뉴스예시", "press-example-euckr": "정책브리핑 예시", "local-example": "지역신문 예시"}
    raw = {
        "feeds": [
            {"name": stem, "url": url, "label": labels.get(stem, stem), "allow_private": True}
            for stem, url in sorted(site.feeds.items())
        ],
        "output_dir": str(tmp / "out"),
        "archive_path": str(tmp / "archive.sqlite3"),
        "report_dir": str(tmp / "reports"),
        "fetch": {"retries": 2, "retry_wait_max": 0.2, "read_timeout": 5.0, "total_timeout": 10.0},
    }
    raw.update(overrides)
    return raw
