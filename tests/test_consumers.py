"""Real Jekyll and Hugo builds of posts written by pipeline.write.

Posts with hostile titles and bodies (YAML syntax, Liquid, shortcodes,
script tags) are written into throwaway copies of the sites in
tests/consumers/, built with the real binaries, and every generated page is
checked for its title, its section headings and the absence of scripts.
Without the binaries the tests skip, unless REQUIRE_CONSUMERS=1 (CI).
"""
from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest
from lxml import html as lxml_html

from pipeline.config import ComposeSettings, Link, SiteProfile
from pipeline.models import KST, OutSentence, Post, Section, SourceLink
from pipeline.slug import make_slug
from pipeline.write import plain_text, safe_url, write_post

pytestmark = pytest.mark.consumers

SKELETONS = Path(__file__).parent / "consumers"
BUILD_TIMEOUT = 180

HOSTILE_TITLES = [
    "속보: 서울 지하철 2호선 운행 중단",
    "[단독] 美 대통령, 北과 정상회담 합의",
    "no",
    '"quoted" 제목의 기사',
    "{{ liquid }} 변수가 든 제목",
    "{% raw %} 태그가 든 제목",
    "<script>alert(1)</script> 제목",
    "*star 로 시작하는 제목",
    "# hash 로 시작하는 제목",
    "2024",
    "12:30",
    "'따옴표' 로 시작 & 끝:",
    "직업교육 혁신지구 ‘서울특별시’ 새로운 기회 열리다!",
]

HOSTILE_SENTENCES = [
    "정부는 {% include evil.html %} 지원을 발표했다.",
    "예산은 {{ site.title }} 10억 원이다.",
    "Hugo 단축코드 {{< youtube id >}} 와 {{% note %}} 는 실행되지 않아야 한다.",
    '<img src=x onerror="alert(1)"> 태그는 글자로 보여야 한다.',
    "<script>alert('x')</script> 역시 글자다.",
    "R&D 투자와 &amp; 기호, javascript:alert(1) 문자열.",
    "*강조* 와 # 제목 기호는 그대로 보인다.",
    "줄바꿈이\n\n두 번 있고\t탭도 있는 문장이다.",
]


def _post(i: int, title: str) -> Post:
    sections = []
    for k in range(3):
        heading = [f"{title} 개요", "{{ 변수 }} 와 {% 태그 %}", "<b>굵게</b> & 정리"][k]
        sents = [
            OutSentence(HOSTILE_SENTENCES[(i + k + j) % len(HOSTILE_SENTENCES)], [j], highlight=(j if j < 3 else None))
            for j in range(4)
        ]
        sections.append(Section(heading, sents))
    item_id = f"item-{i}"
    source_url = f"https://news.example.kr/news/articleView.html?idxno={1000 + i}"
    return Post(
        item_id=item_id,
        title=title,
        categories=["교육", "[단독] 정치"][: 1 + i % 2],
        excerpt=f"# 리드 문장 {i}: 교육부는 2024년 {{{{ x }}}} <b>발표</b>했다…",
        # 15:00 KST on the 6th is 06:00 UTC: a UTC reading would not change
        # the day, 01:30 KST would, so both kinds are mixed in.
        published=datetime(2024, 11, 6 + i % 3, 1 if i % 2 else 15, 30, tzinfo=KST),
        slug=make_slug(title, source_url, item_id),
        source_url=source_url if i % 4 else "javascript:alert(1)",
        source_title=f"원문 제목 {i} <i>태그</i>",
        source_label="뉴스다오",
        sections=sections,
        description=f"설명 {i}: {title}",
        tags=["태그", "no"],
        image="data:image/png;base64,AAAA" if i % 2 else "https://img.example.kr/a b(1).jpg",
        # A story told by several outlets (storyrun.py): hostile labels and links too.
        sources=[SourceLink("뉴스다오", source_url if i % 4 else "javascript:alert(1)"),
                 SourceLink("<b>새벽</b>뉴스 {{ x }}", f"https://saebyeok.example.kr/a?b={i}&c=2"),
                 SourceLink("바른경제", "javascript:alert(1)"),
                 SourceLink("{% raw %}한빛", "https://hanbit.example.kr/n/1")] if i % 3 == 0 else [],
    )


def _site() -> SiteProfile:
    # The seed's branded look (a neutral site has no banner image, which the
    # strict test layout would refuse).
    return SiteProfile(
        name="뉴스다오",
        banner_heading="뉴스다오 실시간 뉴스 속보입니다.",
        banner_image="https://newsdao.kr/res/images/meta/newsdao_breakingnews.jpg",
        banner_alt="뉴스다오 속보",
        use_article_image=True,
        extra_links=[Link("정책 브리핑", "https://https://www.korea.kr"), Link("나쁜 링크", "javascript:alert(1)")],
        closing_html='빠른 뉴스는 <a href="https://newsdao.kr" onclick="x()" rel="dofollow">newsdao.kr</a><script>alert(1)</script>',
    )


def _binary(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("REQUIRE_CONSUMERS") == "1":
            pytest.fail(f"{name} is not installed but REQUIRE_CONSUMERS=1")
        pytest.skip(f"{name} not installed")
    return path


def _run(cmd: list[str], cwd: Path) -> str:
    env = dict(os.environ, LANG="C.UTF-8", LC_ALL="C.UTF-8", JEKYLL_ENV="production")
    env.setdefault("HOME", str(cwd))
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=BUILD_TIMEOUT, env=env)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"{cmd[0]} failed ({proc.returncode}):\n{out}"
    bad = [ln for ln in out.splitlines() if re.search(r"warn|error|deprecat|invalid|skipping", ln, re.I)]
    assert not bad, f"{cmd[0]} reported problems:\n" + "\n".join(bad)
    return out


def _write_all(root: Path, site: SiteProfile) -> list[tuple[Post, str]]:
    settings = ComposeSettings()
    written = []
    for i, title in enumerate(HOSTILE_TITLES):
        post = _post(i, title)
        wp = write_post(post, root, site, settings)
        assert wp.changed
        written.append((post, wp.path))
    return written


def _text(el) -> str:
    return re.sub(r"\s+", " ", el.text_content()).strip()


def _check_page(page: Path, post: Post) -> None:
    assert page.is_file(), f"no page for {post.title!r} at {page}"
    raw = page.read_text(encoding="utf-8")
    doc = lxml_html.fromstring(raw)
    want_title = plain_text(post.title)
    assert [_text(h) for h in doc.xpath("//h1[@class='post-title']")] == [want_title]
    assert _text(doc.xpath("//title")[0]) == want_title
    headings = [_text(h) for h in doc.xpath("//article//h2")]
    assert headings == [re.sub(r"\s+", " ", s.heading).strip() for s in post.sections]
    body_text = _text(doc.xpath("//article")[0])
    for sec in post.sections:
        for s in sec.sentences:
            assert re.sub(r"\s+", " ", s.text).strip() in body_text
    outlets = [o for o in post.sources if safe_url(o.url)]
    block = [p for p in doc.xpath("//p") if _text(p).startswith("함께 보도한 매체")]
    if len(outlets) > 1:
        assert len(block) == 1, raw
        assert [_text(a) for a in block[0].xpath("a")] == [o.label for o in outlets]
        assert [a.get("href") for a in block[0].xpath("a")] == [safe_url(o.url) for o in outlets]
    else:
        assert not block
    # Highlights are real markup, everything from the article is text.
    assert len(doc.xpath("//article//b/span[@style]")) == 3 * len(post.sections)
    assert not doc.xpath("//script | //*[@onerror] | //*[@onclick]")
    assert "<script" not in raw.lower()
    for el in doc.xpath("//*[@href] | //*[@src]"):
        url = el.get("href") or el.get("src")
        assert url.startswith(("https://", "http://", "/")), url
    cats = [_text(li) for li in doc.xpath("//ul[@class='categories']/li")]
    assert cats == post.categories


def _url_parts(relpath: str, post: Post) -> tuple[str, str, str, str]:
    m = re.search(r"/(\d{4})-(\d{2})-(\d{2})-([a-z0-9-]+)\.md$", relpath)
    assert m, relpath
    # File name day = KST publication day, even for 01:30 KST (previous day in UTC).
    assert "-".join(m.group(1, 2, 3)) == post.published.astimezone(KST).date().isoformat()
    return m.group(1), m.group(2), m.group(3), m.group(4)


def test_jekyll_builds_hostile_posts(tmp_path: Path) -> None:
    jekyll = _binary("jekyll")
    src = tmp_path / "site"
    shutil.copytree(SKELETONS / "jekyll", src)
    written = _write_all(src, SiteProfile(**{**_site().__dict__, "generator": "jekyll"}))
    _run([jekyll, "build", "--source", str(src), "--destination", str(tmp_path / "_site")], tmp_path)
    for post, rel in written:
        y, mo, d, slug = _url_parts(rel, post)
        # The page lands under the file name's (KST) day: the site runs in Asia/Seoul.
        page = tmp_path / "_site" / "posts" / y / mo / d / slug / "index.html"
        _check_page(page, post)
        doc = lxml_html.fromstring(page.read_text(encoding="utf-8"))
        feature = _text(doc.xpath("//div[@class='feature-text']")[0])
        assert feature.startswith("뉴스다오 실시간 뉴스 속보입니다.")
        assert f"# 리드 문장 {post.item_id[5:]}: 교육부는 2024년 {{{{ x }}}} <b>발표</b>했다…" in feature
        assert doc.xpath("//div[@class='feature-text']/h2")
        # Printed without markdownify, as jekyll-seo-tag does: still the lead's own characters.
        desc = doc.xpath("//meta[@name='description']/@content")[0]
        assert desc == post.excerpt
    index = (tmp_path / "_site" / "index.html").read_text(encoding="utf-8")
    assert index.count("<li>") == len(HOSTILE_TITLES)


def test_hugo_builds_hostile_posts(tmp_path: Path) -> None:
    hugo = _binary("hugo")
    src = tmp_path / "site"
    shutil.copytree(SKELETONS / "hugo", src)
    written = _write_all(src, SiteProfile(**{**_site().__dict__, "generator": "hugo"}))
    _run([hugo, "--source", str(src), "--destination", str(tmp_path / "public")], tmp_path)
    for post, rel in written:
        y, mo, d, slug = _url_parts(rel, post)
        page = tmp_path / "public" / "posts" / y / mo / d / slug / "index.html"
        _check_page(page, post)
        doc = lxml_html.fromstring(page.read_text(encoding="utf-8"))
        desc = doc.xpath("//meta[@name='description']/@content")[0]
        assert html.unescape(desc) == plain_text(post.description)


# Links with a scheme outside http/https/mailto, anywhere in the lead, and
# Liquid in titles: themes run these front-matter strings through markdownify.
XSS_LEADS = [
    "교육부는 7일 지원을 [발표](javascript:alert(1))했다.",
    "예산은 [10억 원](JaVaScRiPt:alert(document.cookie)) 규모다.",
    "이미지 ![그림](javascript:alert(2)) 과 [링크][r] 도 있다.\n\n[r]: javascript:alert(3)",
    "엔티티 [클릭](&#106;avascript&#58;alert(4)) 과 [빈칸]( java\tscript:alert(5)) 이다.",
    "데이터 [열기](data:text/html;base64,PHNjcmlwdD4=) 와 vbscript:msgbox(1) 그리고 [정상](https://www.korea.kr) 링크.",
]
XSS_TITLES = [
    "{{ site.title }} 예산 확정",
    "{% include evil.html %} 발표",
    "{% endraw %}{{ page.path }} 제목",
    "[클릭](javascript:alert(9)) 제목",
    "{{< youtube x >}} 단축코드 제목",
]


def _xss_post(i: int) -> Post:
    post = _post(i, XSS_TITLES[i % len(XSS_TITLES)])
    post.excerpt = XSS_LEADS[i % len(XSS_LEADS)]
    post.description = XSS_LEADS[(i + 1) % len(XSS_LEADS)]
    post.categories = ["{{ site.title }}", "[x](javascript:alert(1))"][: 1 + i % 2]
    post.tags = ["{% raw %}", "태그"]
    return post


def _assert_inert(page: Path) -> None:
    raw = page.read_text(encoding="utf-8")
    doc = lxml_html.fromstring(raw)
    for el in doc.xpath("//*[@href] | //*[@src]"):
        url = re.sub(r"[\s\x00-\x1f]", "", el.get("href") or el.get("src") or "").lower()
        assert re.match(r"(https?:|mailto:|/|#|$)", url), f"{page}: live link {url!r}"
    assert not re.search(r"(?i)href\s*=\s*[\"']?\s*(javascript|vbscript|data):", raw), page
    # Liquid was not evaluated: the site title never appears in its place.
    assert "consumer test" not in _text(doc.xpath("//body")[0]), page


def test_jekyll_markdownify_renders_no_live_link_and_no_liquid_from_front_matter(tmp_path: Path) -> None:
    jekyll = _binary("jekyll")
    src = tmp_path / "site"
    shutil.copytree(SKELETONS / "jekyll", src)
    layout = src / "_layouts" / "post.html"
    layout.write_text(layout.read_text(encoding="utf-8").replace(
        "<article", '<div class="md">{{ page.title | markdownify }}{{ page.excerpt | markdownify }}'
        "{% for c in page.categories %}{{ c | markdownify }}{% endfor %}"
        "{% for t in page.tags %}{{ t | markdownify }}{% endfor %}</div>\n<article"), encoding="utf-8")
    site = SiteProfile(**{**_site().__dict__, "generator": "jekyll"})
    written = [(p, write_post(p, src, site, ComposeSettings()).path) for p in map(_xss_post, range(10))]
    _run([jekyll, "build", "--source", str(src), "--destination", str(tmp_path / "_site")], tmp_path)
    for post, rel in written:
        y, mo, d, slug = _url_parts(rel, post)
        page = tmp_path / "_site" / "posts" / y / mo / d / slug / "index.html"
        assert page.is_file(), rel
        _assert_inert(page)
        doc = lxml_html.fromstring(page.read_text(encoding="utf-8"))
        # The reader still sees the words, only the link syntax is gone.
        feature = _text(doc.xpath("//div[@class='feature-text']")[0])
        assert "javascript" in feature.lower() or "data" in feature or "엔티티" in feature
        assert _text(doc.xpath("//h1[@class='post-title']")[0]) == plain_text(post.title)
    # The one allowed link survives as a link.
    assert any(lxml_html.fromstring(p.read_text(encoding="utf-8")).xpath("//a[@href='https://www.korea.kr']")
               for p in (tmp_path / "_site" / "posts").rglob("index.html"))


def test_hugo_markdownify_renders_no_live_link_and_no_shortcode_from_front_matter(tmp_path: Path) -> None:
    hugo = _binary("hugo")
    src = tmp_path / "site"
    shutil.copytree(SKELETONS / "hugo", src)
    single = src / "layouts" / "_default" / "single.html"
    single.write_text(single.read_text(encoding="utf-8").replace(
        "<article", '<div class="md">{{ .Title | markdownify }}{{ .Description | markdownify }}'
        "{{ range .Params.categories }}{{ . | markdownify }}{{ end }}"
        "{{ range .Params.tags }}{{ . | markdownify }}{{ end }}</div>\n<article"), encoding="utf-8")
    site = SiteProfile(**{**_site().__dict__, "generator": "hugo"})
    written = [(p, write_post(p, src, site, ComposeSettings()).path) for p in map(_xss_post, range(10))]
    _run([hugo, "--source", str(src), "--destination", str(tmp_path / "public")], tmp_path)
    for post, rel in written:
        y, mo, d, slug = _url_parts(rel, post)
        page = tmp_path / "public" / "posts" / y / mo / d / slug / "index.html"
        assert page.is_file(), rel
        _assert_inert(page)
        md = _text(lxml_html.fromstring(page.read_text(encoding="utf-8")).xpath("//div[@class='md']")[0])
        assert "youtube" in md or "site.title" in md or "include" in md or "page.path" in md or "클릭" in md
