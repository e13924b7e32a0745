"""``init`` sites built by the real Jekyll and Hugo, one page looked at in
headless Chromium.

A starter is only worth writing if the posts it gets show their bodies:
Hugo's default renderer would replace every body by ``<!-- raw HTML
omitted -->``, and Jekyll's default permalink would put Hangul categories
in URLs. The sample feeds are served over loopback, ingested with the
starter's own config (drafts on), built, published, built again. Without
the binaries the tests skip, unless REQUIRE_CONSUMERS=1 (CI).
"""
from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from faultserver import FaultServer
from lxml import html as lxml_html
from sitefixture import config_for, serve_samples
from test_consumers import _binary, _run

from pipeline import cli
from pipeline import config as config_mod
from pipeline.frontmatter import load as load_frontmatter
from pipeline.run import ingest

pytestmark = pytest.mark.consumers

CHROMIUM = "/usr/bin/chromium"


def _init_and_ingest(tmp_path: Path, generator: str) -> tuple[Path, Path, list[Path]]:
    site_dir = tmp_path / "site"
    assert cli.main(["init", str(site_dir), "--generator", generator, "--name", "우리 동네 소식"]) == 0
    cfg_path = site_dir / "pipeline.yaml"
    assert config_mod.load(cfg_path).site.name == "우리 동네 소식"
    with FaultServer() as srv:
        samples = serve_samples(srv)
        raw = yaml.safe_load(cfg_path.read_text(encoding="utf-8"))
        loop = config_for(samples, tmp_path)
        raw["feeds"], raw["fetch"] = loop["feeds"], loop["fetch"]
        raw["site"]["draft"] = True
        cfg_path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
        report = ingest(config_mod.load(cfg_path), workers=1)
    assert report.counts()["written"] == len(samples.articles)
    posts = sorted((site_dir / ("_posts" if generator == "jekyll" else "content/posts")).glob("*.md"))
    assert len(posts) == report.counts()["written"] == len(report.drafts)
    return site_dir, cfg_path, posts


def _build(generator: str, site_dir: Path, out: Path) -> None:
    if out.exists():
        shutil.rmtree(out)
    if generator == "jekyll":
        _run([_binary("jekyll"), "build", "--source", str(site_dir), "--destination", str(out)], site_dir)
    else:
        _run([_binary("hugo"), "--source", str(site_dir), "--destination", str(out)], site_dir)


def _page_for(generator: str, out: Path, md: Path) -> Path:
    y, m, d, slug = re.match(r"(\d{4})-(\d{2})-(\d{2})-([a-z0-9-]+)\.md$", md.name).groups()
    prefix = out if generator == "jekyll" else out / "posts"
    return prefix / y / m / d / slug / "index.html"


def _squash(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _body_sentence(md: Path) -> str:
    """The post's first body sentence, as plain text."""
    _, body = load_frontmatter(md.read_text(encoding="utf-8"))
    para = re.search(r'<p data-ke-size="size16">(.+?)</p>', body).group(1)
    return _squash(html.unescape(re.sub(r"<[^>]+>", " ", para).split("  ")[0]))


@pytest.mark.parametrize("generator", ["jekyll", "hugo"])
def test_init_site_builds_drafts_hidden_then_published(tmp_path, generator):
    _binary(generator)
    site_dir, cfg_path, posts = _init_and_ingest(tmp_path, generator)
    out = tmp_path / "built"
    _build(generator, site_dir, out)
    assert not [p for p in posts if _page_for(generator, out, p).exists()], "drafts must not be built"

    assert cli.main(["publish", "--all", "--config", str(cfg_path)]) == 0
    _build(generator, site_dir, out)
    for md in posts:
        page = _page_for(generator, out, md)
        assert page.is_file(), f"no page for {md.name} at {page}"
        text = page.read_text(encoding="utf-8")
        assert "raw HTML omitted" not in text
        doc = lxml_html.fromstring(text)
        assert len(doc.xpath("//article//h2")) >= 2
        assert _body_sentence(md) in _squash(doc.xpath("//article")[0].text_content())
        # URLs carry date and ASCII slug only: no category name (Hangul) in any path.
        assert page.relative_to(out).as_posix().isascii()
    index = (out / "index.html").read_text(encoding="utf-8")
    assert index.count("<li>") == len(posts)


def _chromium() -> str:
    if not os.access(CHROMIUM, os.X_OK):
        if os.environ.get("REQUIRE_CONSUMERS") == "1":
            pytest.fail("chromium is not installed but REQUIRE_CONSUMERS=1")
        pytest.skip("chromium not installed (apt-get install chromium)")
    return CHROMIUM


def _chrome(args: list[str], profile: Path) -> subprocess.CompletedProcess:
    cmd = [_chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
           "--hide-scrollbars", *args]
    env = dict(os.environ, HOME=str(profile))
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, env=env)


def test_a_built_post_renders_in_chromium(tmp_path):
    from PIL import Image

    _binary("hugo")
    site_dir, cfg_path, posts = _init_and_ingest(tmp_path, "hugo")
    assert cli.main(["publish", "--all", "--config", str(cfg_path)]) == 0
    out = tmp_path / "built"
    _build("hugo", site_dir, out)
    md = posts[0]
    page = _page_for("hugo", out, md).as_uri()
    sentence = _body_sentence(md)

    dom = _chrome(["--dump-dom", page], tmp_path / "profile-dom")
    assert dom.returncode == 0, dom.stderr[-2000:]
    article = lxml_html.fromstring(dom.stdout).xpath("//article")
    assert article and sentence in _squash(article[0].text_content())

    shot = tmp_path / "page.png"
    r = _chrome([f"--screenshot={shot}", "--window-size=900,1400", page], tmp_path / "profile-shot")
    assert r.returncode == 0 and shot.is_file(), r.stderr[-2000:]
    with Image.open(shot) as img:
        gray = img.convert("L")
        assert gray.size == (900, 1400)
        hist = gray.histogram()
    dark = sum(hist[:160]) / sum(hist)
    # Text on a white page: some, but not all, pixels are dark.
    assert 0.005 < dark < 0.5, f"screenshot looks blank or broken ({dark:.4f} dark)"
