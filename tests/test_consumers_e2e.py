"""The sample corpus, ingested end to end, builds in real Jekyll and Hugo."""
from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
import yaml
from faultserver import FaultServer
from lxml import html as lxml_html
from sitefixture import config_for, serve_samples
from test_consumers import SKELETONS, _binary, _run

from pipeline import config as config_mod
from pipeline.frontmatter import load as load_frontmatter
from pipeline.run import ingest

pytestmark = pytest.mark.consumers


def _ingest_into(site_dir: Path, tmp: Path, generator: str) -> list[Path]:
    with FaultServer() as srv:
        site = serve_samples(srv)
        raw = config_for(site, tmp, output_dir=str(site_dir))
        raw["site"] = {"generator": generator}
        cfg_path = tmp / "config.yaml"
        cfg_path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
        cfg = config_mod.load(cfg_path)
        report = ingest(cfg, workers=1)
        assert report.counts()["written"] == len(site.articles)
    # The default engine rewrites: every post stays under the copy ceiling.
    written = [i for i in report.items if i.status == "written"]
    assert written and all(i.engine == "rules" for i in written)
    over = [(i.title, i.guard["copy_share"]) for i in written if i.guard["copy_share"] > cfg.rewrite.copy_ceiling]
    assert not over, over
    return sorted(site_dir.rglob("*.md"))


def _expect(md: Path) -> tuple[str, list[str], str]:
    fm, body = load_frontmatter(md.read_text(encoding="utf-8"))
    heads = [html.unescape(re.sub(r"<[^>]+>", "", h)).strip()
             for h in re.findall(r'<h2 data-ke-size="size26">(.*?)</h2>', body)]
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})-([a-z0-9-]+)\.md$", md.name)
    assert m, md.name
    return fm["title"], heads, "/".join(m.groups())


def _check(page: Path, title: str, heads: list[str]) -> None:
    assert page.is_file(), page
    doc = lxml_html.fromstring(page.read_text(encoding="utf-8"))
    text = lambda el: re.sub(r"\s+", " ", el.text_content()).strip()  # noqa: E731
    assert [text(h) for h in doc.xpath("//h1[@class='post-title']")] == [re.sub(r"\s+", " ", title).strip()]
    assert [text(h) for h in doc.xpath("//article//h2")] == heads
    assert len(heads) >= 2
    assert not doc.xpath("//script | //*[@onclick] | //*[@onmouseover]")


def test_sample_corpus_builds_in_jekyll(tmp_path):
    jekyll = _binary("jekyll")
    src = tmp_path / "site"
    shutil.copytree(SKELETONS / "jekyll", src)
    posts = _ingest_into(src, tmp_path, "jekyll")
    assert posts and all(p.parent.name == "_posts" for p in posts)
    _run([jekyll, "build", "--source", str(src), "--destination", str(tmp_path / "_site")], tmp_path)
    for md in posts:
        title, heads, path = _expect(md)
        _check(tmp_path / "_site" / "posts" / path / "index.html", title, heads)


def test_sample_corpus_builds_in_hugo(tmp_path):
    hugo = _binary("hugo")
    src = tmp_path / "site"
    shutil.copytree(SKELETONS / "hugo", src)
    posts = _ingest_into(src, tmp_path, "hugo")
    assert posts and all(p.parent == src / "content" / "posts" for p in posts)
    _run([hugo, "--source", str(src), "--destination", str(tmp_path / "public")], tmp_path)
    for md in posts:
        title, heads, path = _expect(md)
        _check(tmp_path / "public" / "posts" / path / "index.html", title, heads)
