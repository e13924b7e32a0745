"""``init DIR --generator jekyll|hugo``: a config and a site that builds.

Writes the smallest Jekyll or Hugo site that shows the posts correctly, set
up as docs/writer-conventions require and measured against the real tools:

* Jekyll: ``timezone: Asia/Seoul`` (a post's day is its KST day),
  ``strict_front_matter``, and a permalink made of the date and the ASCII
  file-name slug, so a change of category rules never moves a URL and no
  Hangul category lands in a path;
* Hugo: ``timeZone``, ``hasCJKLanguage``, the same permalink, and
  ``markup.goldmark.renderer.unsafe = true``: Hugo's default renderer drops
  every HTML body as ``<!-- raw HTML omitted -->``.

The pipeline's config goes in ``DIR/pipeline.yaml``, posts straight into
the site, the archive and reports into ``DIR/.pipeline/`` (both generators
ignore dot folders). It never overwrites a file: an existing one stops it
before anything is written. No theme, no plugin, no network.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from .config import ConfigError, from_dict

CONFIG_NAME = "pipeline.yaml"

_STYLE = """body{max-width:46rem;margin:2rem auto;padding:0 1rem;font-family:system-ui,"Noto Sans CJK KR",sans-serif;line-height:1.7;color:#222}
a{color:#1a5490}h1{line-height:1.3}.meta{color:#666;font-size:.9rem}img{max-width:100%;height:auto}
ul.posts{list-style:none;padding:0}ul.posts li{margin:.6rem 0}"""

_JEKYLL_CONFIG = """# Jekyll site written by `python -m pipeline init` (see docs/site-setup.md).
title: {title}
lang: ko
# Post days are KST days: without this a 01:30 KST post lands on the previous day's URL.
timezone: Asia/Seoul
strict_front_matter: true
# Date and ASCII slug only: category names (Hangul) never appear in URLs,
# so a change of category rules moves no post.
permalink: /:year/:month/:day/:title/
defaults:
  - scope:
      path: ""
      type: posts
    values:
      layout: post
exclude:
  - {config}
  - README.md
"""

_JEKYLL_DEFAULT = """<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% if page.title %}{{ page.title | escape }} | {% endif %}{{ site.title | escape }}</title>
<style>
""" + _STYLE + """
</style>
</head>
<body>
<header><a href="{{ '/' | relative_url }}">{{ site.title | escape }}</a></header>
{{ content }}
</body>
</html>
"""

_JEKYLL_POST = """---
layout: default
---
<article class="post">
<h1 class="post-title">{{ page.title | escape }}</h1>
<p class="meta"><time datetime="{{ page.date | date_to_xmlschema }}">{{ page.date | date: "%Y-%m-%d %H:%M" }}</time>{% for c in page.categories %} · {{ c | escape }}{% endfor %}</p>
<div class="post-content">
{{ content }}
</div>
</article>
"""

_JEKYLL_INDEX = """---
layout: default
---
<ul class="posts">
{% for post in site.posts %}<li><a href="{{ post.url | relative_url }}">{{ post.title | escape }}</a> <span class="meta">{{ post.date | date: "%Y-%m-%d" }}</span></li>
{% endfor %}</ul>
"""

_HUGO_CONFIG = """# Hugo site written by `python -m pipeline init` (see docs/site-setup.md).
baseURL = "/"
languageCode = "ko"
title = "{title}"
timeZone = "Asia/Seoul"
hasCJKLanguage = true
# Category pages would put Hangul in paths; posts are listed on the home page.
disableKinds = ["taxonomy", "term"]
ignoreFiles = ["\\\\.pipeline/", "pipeline\\\\.yaml$"]

[frontmatter]
date = ["date", ":filename", ":default"]
publishDate = ["publishDate", "date", ":filename", ":default"]

# Date and ASCII slug only: no category names in URLs.
[permalinks]
posts = "/posts/:year/:month/:day/:slug/"

# The posts' bodies are HTML (Tistory style); Hugo's default drops them
# as "<!-- raw HTML omitted -->". The pipeline escapes every text it writes.
[markup.goldmark.renderer]
unsafe = true
"""

_HUGO_BASEOF = """<!DOCTYPE html>
<html lang="ko">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ if not .IsHome }}{{ .Title }} | {{ end }}{{ .Site.Title }}</title>
<style>
""" + _STYLE + """
</style>
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ .Site.Title }}</a></header>
{{ block "main" . }}{{ end }}
</body>
</html>
"""

_HUGO_SINGLE = """{{ define "main" }}
<article class="post">
<h1 class="post-title">{{ .Title }}</h1>
<p class="meta"><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "2006-01-02 15:04" }}</time>{{ range .Params.categories }} · {{ . }}{{ end }}</p>
<div class="post-content">
{{ .Content }}
</div>
</article>
{{ end }}
"""

_HUGO_LIST = """{{ define "main" }}
<ul class="posts">
{{ range (where .Site.RegularPages "Section" "posts") }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <span class="meta">{{ .Date.Format "2006-01-02" }}</span></li>
{{ end }}</ul>
{{ end }}
"""

_GITIGNORE = """# the pipeline's archive and reports, and the built site
.pipeline/
_site/
public/
resources/
.jekyll-cache/
.hugo_build.lock
"""


def _config_text(generator: str, name: str, feeds: list[str]) -> str:
    site = {"generator": generator, "name": name, "timezone": "Asia/Seoul"}
    lines = [
        f"# Pipeline config for this {generator} site (every key: docs/config.md).",
        "# Run from anywhere: paths are relative to this file.",
        "#   python -m pipeline ingest --config " + CONFIG_NAME,
        "output_dir: .                       # posts go straight into the site",
        "archive_path: .pipeline/archive.sqlite3",
        "report_dir: .pipeline/reports",
        "",
        yaml.safe_dump({"site": site}, allow_unicode=True, sort_keys=False).rstrip("\n"),
        "  draft: false                      # true: review drafts, then `python -m pipeline publish --all`",
        "",
        "reports:",
        "  keep: 1000",
        "",
    ]
    if feeds:
        entries = [{"name": _feed_name(u, i), "url": u} for i, u in enumerate(feeds, 1)]
        lines.append(yaml.safe_dump({"feeds": entries}, allow_unicode=True, sort_keys=False).rstrip("\n"))
    else:
        lines += [
            "# Replace with your feeds (or `python -m pipeline feeds import-opml FILE`), then set enabled: true.",
            "feeds:",
            "  - name: example",
            "    url: https://news.example/rss/allArticle.xml",
            "    enabled: false",
        ]
    return "\n".join(lines) + "\n"


def _feed_name(url: str, i: int) -> str:
    host = re.sub(r"^https?://(www\.)?", "", url.lower()).split("/")[0]
    return (re.sub(r"[^a-z0-9]+", "-", host).strip("-") or "feed") + (f"-{i}" if i > 1 else "")


def files_for(generator: str, name: str, feeds: list[str]) -> dict[str, str]:
    title = name.replace('"', "'")
    if generator == "jekyll":
        files = {
            "_config.yml": _JEKYLL_CONFIG.format(title=yaml.safe_dump(name, allow_unicode=True).split("\n")[0],
                                                 config=CONFIG_NAME),
            "_layouts/default.html": _JEKYLL_DEFAULT,
            "_layouts/post.html": _JEKYLL_POST,
            "index.html": _JEKYLL_INDEX,
            "_posts/.keep": "",
        }
    elif generator == "hugo":
        files = {
            "hugo.toml": _HUGO_CONFIG.format(title=title),
            "layouts/_default/baseof.html": _HUGO_BASEOF,
            "layouts/_default/single.html": _HUGO_SINGLE,
            "layouts/_default/list.html": _HUGO_LIST,
            "layouts/index.html": _HUGO_LIST,
            "content/posts/.keep": "",
        }
    else:
        raise ConfigError(f"--generator: expected jekyll or hugo, got {generator!r}")
    files[CONFIG_NAME] = _config_text(generator, name, feeds)
    files[".gitignore"] = _GITIGNORE
    return files


def init_site(target: Path, generator: str, name: str = "뉴스", feeds: list[str] | None = None) -> list[Path]:
    """Write the skeleton into ``target``; returns the files written."""
    for url in feeds or []:
        if not url.lower().startswith(("http://", "https://")):
            raise ConfigError(f"--feed: expected an http or https URL, got {url!r}")
    files = files_for(generator, name, feeds or [])
    # The config must load before anything is written.
    from_dict(yaml.safe_load(files[CONFIG_NAME]), source=str(target / CONFIG_NAME))
    if target.exists() and not target.is_dir():
        raise ConfigError(f"{target}: exists and is not a folder")
    clash = [rel for rel in files if (target / rel).exists()]
    if clash:
        raise ConfigError(f"{target}: already has {', '.join(sorted(clash))}; nothing written (choose an empty folder)")
    written = []
    for rel, text in files.items():
        path = target / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
