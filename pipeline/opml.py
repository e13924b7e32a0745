"""OPML in and out: moving a feed list between this pipeline and a reader.

Import parses with defusedxml (no entity expansion, no external entities,
no DTD tricks) and keeps only ``<outline>`` elements with an http(s)
``xmlUrl``; names are made from the title (ASCII slug, unique against the
config). Import never rewrites the operator's YAML through a dumper, which
would drop every comment: new feeds are appended as text to the end of a
config whose last top-level key is ``feeds:``, and the result is loaded and
validated before it replaces the file. Any other layout gets the YAML
printed to paste by hand.
"""
from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from xml.etree.ElementTree import Element, SubElement, tostring

import yaml
from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from .config import Config, ConfigError, FeedConfig, load, read_text


@dataclass
class OpmlFeed:
    title: str
    url: str
    category: str | None = None


def parse(path: Path) -> list[OpmlFeed]:
    text = read_text(path, "OPML file")
    try:
        root = SafeET.fromstring(text.encode("utf-8"))
    except DefusedXmlException as e:
        raise ConfigError(f"{path}: refused: {type(e).__name__} (entities or DTDs are not accepted)") from None
    except SafeET.ParseError as e:
        raise ConfigError(f"{path}: not valid XML: {e}") from None
    if root.tag.lower() != "opml":
        raise ConfigError(f"{path}: expected an <opml> document, got <{root.tag}>")
    feeds: list[OpmlFeed] = []
    seen: set[str] = set()

    def walk(el, category: str | None) -> None:
        for child in el:
            if child.tag.lower() != "outline":
                continue
            url = (child.get("xmlUrl") or child.get("xmlurl") or "").strip()
            title = (child.get("title") or child.get("text") or "").strip()
            if url:
                if url.lower().startswith(("http://", "https://")) and url not in seen:
                    seen.add(url)
                    feeds.append(OpmlFeed(title or url, url, category))
            else:
                walk(child, title or category)

    body = next((c for c in root if c.tag.lower() == "body"), None)
    if body is not None:
        walk(body, None)
    return feeds


def feed_name(title: str, url: str, taken: set[str]) -> str:
    base = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")[:40]
    if not base:
        host = re.sub(r"^https?://(www\.)?", "", url.lower()).split("/")[0]
        base = re.sub(r"[^a-z0-9]+", "-", host).strip("-")[:40] or "feed"
    name, n = base, 1
    while name in taken:
        n += 1
        name = f"{base}-{n}"
    taken.add(name)
    return name


def new_feeds(cfg: Config, found: list[OpmlFeed]) -> list[FeedConfig]:
    have = {f.url for f in cfg.feeds if f.url}
    taken = {f.name for f in cfg.feeds}
    return [FeedConfig(name=feed_name(o.title, o.url, taken), url=o.url, label=o.title)
            for o in found if o.url not in have]


def yaml_items(feeds: list[FeedConfig], indent: int) -> str:
    pad = " " * indent
    lines = []
    for f in feeds:
        entry = {"name": f.name, "url": f.url, "label": f.label}
        dumped = yaml.safe_dump([entry], allow_unicode=True, sort_keys=False, width=10_000).rstrip("\n")
        lines.extend(pad + ln for ln in dumped.split("\n"))
    return "\n".join(lines) + "\n"


def append_to_config(config_path: Path, feeds: list[FeedConfig]) -> bool:
    """Append ``feeds`` to the config's ``feeds:`` list in place, or return
    False when the file's layout does not allow a safe text append."""
    text = read_text(config_path, "YAML file")
    node = yaml.compose(text)
    if not isinstance(node, yaml.MappingNode) or not node.value:
        return False
    key, value = node.value[-1]
    if key.value != "feeds" or not isinstance(value, yaml.SequenceNode) or value.flow_style or not value.value:
        return False
    indent = value.value[0].start_mark.column - 2  # the "- " before the first item's first key
    if indent < 0:
        return False
    new_text = text.rstrip("\n") + "\n" + yaml_items(feeds, indent)
    fd, tmp = tempfile.mkstemp(dir=config_path.parent, prefix=f".{config_path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(new_text)
        load(tmp)  # validated as a whole before it replaces the operator's file
        os.chmod(tmp, config_path.stat().st_mode & 0o777)
        os.replace(tmp, config_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def export(cfg: Config, title: str) -> str:
    root = Element("opml", version="2.0")
    head = SubElement(root, "head")
    SubElement(head, "title").text = title
    body = SubElement(root, "body")
    for f in cfg.feeds:
        if not f.url:
            continue  # a local feed file means nothing to another reader
        SubElement(body, "outline", type="rss", text=f.label or f.name, title=f.label or f.name, xmlUrl=f.url)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="unicode") + "\n"
