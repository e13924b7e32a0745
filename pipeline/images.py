"""Featured images: the article's own image copied into the site.

Hot-linking an outlet's image leaks every reader to that outlet and breaks
when it moves the file. With ``site.featured_images.enabled`` the run
downloads the page's ``og:image`` once, through the same fetcher as
everything else (address guard against private and metadata addresses,
redirect limit, streaming size cap), accepts it only when both the
``Content-Type`` and the decoded bytes are an image, scales it down to
``width`` pixels with Pillow and stores it as JPEG under the name
:func:`pipeline.write.featured_relpath` gives. The writer links the local
copy only when that file exists, so a failed download costs the picture,
never the post. It refuses SVG (scripts inside), animations beyond their
first frame, and pictures above ``MAX_PIXELS`` (decompression bombs).
"""
from __future__ import annotations

import io
import logging
from collections.abc import Collection
from pathlib import Path

from .config import Config
from .decode import decode_bytes
from .extract import _head_meta
from .fetch import FetchError, Fetcher
from .write import atomic_write, featured_relpath, safe_url

log = logging.getLogger(__name__)

ACCEPTED_TYPES = {"image/jpeg", "image/png", "image/webp", "image/gif"}
MAX_PIXELS = 40_000_000  # a 40-megapixel limit stops decompression bombs before decoding
JPEG_QUALITY = 85


class ImageError(ValueError):
    pass


def page_image(content: bytes, headers: dict[str, str]) -> str | None:
    """The page's ``og:image`` as an absolute http(s) URL, read the way the
    extractor reads it, so the writer looks for the same file."""
    image = _head_meta(decode_bytes(content, headers, "html").text).get("image")
    if not image or not image.lower().startswith(("http://", "https://")):
        return None
    return image


def resize_to_jpeg(data: bytes, width: int) -> bytes:
    """Decoded, checked, scaled down to ``width`` (never up) and re-encoded:
    nothing of the original file but its pixels reaches the site."""
    from PIL import Image, UnidentifiedImageError

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as probe:
            if probe.format not in ("JPEG", "PNG", "WEBP", "GIF"):
                raise ImageError(f"unsupported image format {probe.format}")
            probe.verify()
        img = Image.open(io.BytesIO(data))
        img.load()
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError) as e:
        raise ImageError(f"not a usable image: {e}") from None
    if img.mode in ("RGBA", "LA", "P"):
        rgba = img.convert("RGBA")
        img = Image.new("RGB", rgba.size, (255, 255, 255))
        img.paste(rgba, mask=rgba.getchannel("A"))
    elif img.mode != "RGB":
        img = img.convert("RGB")
    if img.width > width:
        img = img.resize((width, max(1, round(img.height * width / img.width))), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return out.getvalue()


async def fetch_featured(fetcher: Fetcher, cfg: Config, content: bytes, headers: dict[str, str], *,
                         private_hosts: Collection[str] = ()) -> str:
    """Download and store the page's image if it is not stored yet.
    Returns what happened (for logs); never raises for a bad image."""
    fi = cfg.site.featured_images
    url = page_image(content, headers)
    if url is None or safe_url(url) is None:
        return "no image"
    rel = featured_relpath(url, cfg.site)
    if rel is None:
        return "no image"
    target = cfg.resolve(cfg.output_dir) / rel
    if target.is_file():
        return "stored before"
    try:
        res = await fetcher.fetch(url, private_hosts=private_hosts, check_robots=cfg.fetch.robots,
                                  accept="image/jpeg,image/png,image/webp,image/gif;q=0.8",
                                  max_bytes=fi.max_bytes)
        ctype = (res.headers.get("content-type") or "").split(";")[0].strip().lower()
        if ctype not in ACCEPTED_TYPES:
            raise ImageError(f"content type {ctype or 'missing'!r} is not an accepted image type")
        data = resize_to_jpeg(res.content, fi.width)
    except FetchError as e:
        log.warning("featured image %s not fetched: %s: %s", url, e.error_class, e.message)
        return f"failed: {e.error_class}"
    except ImageError as e:
        log.warning("featured image %s refused: %s", url, e)
        return f"refused: {e}"
    store(target, data)
    log.info("featured image %s stored as %s", url, rel)
    return "stored"


def store(target: Path, data: bytes) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(target, data)
