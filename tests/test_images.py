"""Featured images: downloaded through the guarded fetcher, checked, scaled
with Pillow, stored in the site and linked instead of the outlet's URL.
Real loopback HTTP (tests/faultserver.py), real Pillow images."""
from __future__ import annotations

import asyncio
import io
import json
from pathlib import Path

import yaml
from faultserver import FaultServer, Route
from PIL import Image

from pipeline import config as config_mod
from pipeline.fetch import Fetcher
from pipeline.frontmatter import load as load_frontmatter
from pipeline.images import fetch_featured, resize_to_jpeg
from pipeline.run import ingest

ROOT = Path(__file__).resolve().parents[1]
PAGE = (ROOT / "samples" / "articles" / "news-1001.html").read_bytes()
OG = b"https://news.example/images/photo/202611/1001_1.jpg"


def png(w: int, h: int) -> bytes:
    img = Image.new("RGBA", (w, h), (30, 90, 160, 255))
    for x in range(0, w, 7):
        img.putpixel((x, h // 2), (255, 0, 0, 0))  # some transparency to flatten
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def rss(link: str) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>t</title>'
            f"<item><guid>g1</guid><title>기사</title><link>{link}</link>"
            "<pubDate>Tue, 17 Nov 2026 01:32:00 +0000</pubDate></item></channel></rss>")


def _run(tmp: Path, image_route: Route, **featured) -> tuple[str, dict, Path]:
    with FaultServer() as srv:
        img_url = srv.url("/img/photo.png")
        srv.add("/img/photo.png", image_route)
        srv.add("/a/1", Route(body=PAGE.replace(OG, img_url.encode()), content_type="text/html"))
        srv.add("/feed.xml", Route(body=rss(srv.url("/a/1")), content_type="application/rss+xml"))
        raw = {
            "feeds": [{"name": "f", "url": srv.url("/feed.xml"), "allow_private": True}],
            "output_dir": "out", "archive_path": "a.sqlite3", "report_dir": "rep",
            "fetch": {"robots": False, "retries": 1},
            "site": {"name": "시험", "featured_images": {"enabled": True, **featured}},
        }
        tmp.mkdir(parents=True, exist_ok=True)
        p = tmp / "c.yaml"
        p.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        report = ingest(config_mod.load(p), workers=1)
    assert report.counts()["written"] == 1  # a bad image never costs the post
    post = tmp / "out" / report.items[0].post
    fm, body = load_frontmatter(post.read_text(encoding="utf-8"))
    return body, fm, tmp / "out" / "assets" / "images" / "posts"


def test_image_is_downloaded_scaled_and_linked_locally(tmp_path):
    body, fm, folder = _run(tmp_path, Route(body=png(2400, 1600), content_type="image/png", charset=None))
    stored = list(folder.glob("*.jpg"))
    assert len(stored) == 1
    with Image.open(stored[0]) as img:
        assert img.format == "JPEG" and img.size == (1200, 800)
    assert fm["image"] == f"/assets/images/posts/{stored[0].name}" == fm["feature_image"]
    assert f"](/assets/images/posts/{stored[0].name})" in body and "127.0.0.1" not in json.dumps(fm, default=str)


def test_wrong_type_and_oversized_images_are_refused(tmp_path):
    body, fm, folder = _run(tmp_path / "a", Route(body=b"<html>not an image</html>", content_type="text/html"))
    assert not folder.exists() and "image" not in fm
    body, fm, folder = _run(tmp_path / "b", Route(body=png(3000, 3000), content_type="image/png", charset=None),
                            max_bytes=2048)
    assert not folder.exists() and "image" not in fm
    # Lying about the type does not help either: the bytes are decoded.
    body, fm, folder = _run(tmp_path / "c", Route(body=b"GIF89a" + b"\x00" * 64, content_type="image/gif", charset=None))
    assert not folder.exists() and "image" not in fm


def test_private_addresses_are_refused_without_allow_private(tmp_path):
    with FaultServer() as srv:
        srv.add("/img.png", Route(body=png(50, 50), content_type="image/png", charset=None))
        page = PAGE.replace(OG, srv.url("/img.png").encode())
        p = tmp_path / "c.yaml"
        p.write_text(yaml.safe_dump({"feeds": [{"name": "f", "url": "https://x.example/rss"}], "output_dir": "out",
                                     "site": {"featured_images": {"enabled": True}}}), encoding="utf-8")
        cfg = config_mod.load(p)

        async def go() -> str:
            async with Fetcher(cfg.fetch) as fetcher:
                return await fetch_featured(fetcher, cfg, page, {"content-type": "text/html"}, private_hosts=())

        assert asyncio.run(go()) == "failed: unsafe_url"
        assert srv.hits["/img.png"] == 0
    assert not (tmp_path / "out").exists()


def test_small_images_are_not_enlarged():
    with Image.open(io.BytesIO(resize_to_jpeg(png(300, 200), 1200))) as img:
        assert img.size == (300, 200) and img.mode == "RGB"
