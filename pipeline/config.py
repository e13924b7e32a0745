"""YAML configuration, validated against the dataclasses below.

The dataclasses are the schema: an unknown key, a missing required key or a
value of the wrong type stops loading with a ConfigError that names the file,
the key path and what was expected. Paths in the file are resolved against
the directory the config file sits in, so a config can be run from anywhere.
"""
from __future__ import annotations

import dataclasses
import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

import yaml
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


class ConfigError(Exception):
    pass


@dataclass
class Link:
    title: str
    url: str


@dataclass
class FeaturedImages:
    """Download the article's own image into the site instead of hot-linking it."""
    enabled: bool = False
    folder: str = "assets/images/posts"  # relative to output_dir
    url_prefix: str = "/assets/images/posts"  # how the site serves that folder
    max_bytes: int = 5_000_000
    width: int = 1200  # wider images are scaled down to this many pixels


@dataclass
class SiteProfile:
    """Site-specific strings. Left out, they are derived from ``name`` and
    point nowhere outside the post's own source: a new site never carries
    another site's banner, links or closing line (newsdao's look is the
    example profile in configs/newsdao.example.yaml)."""
    generator: str = "jekyll"  # "jekyll" (seed format) or "hugo"
    name: str = "뉴스"
    banner_heading: str | None = None  # default: "<name> 새 소식입니다."
    banner_image: str | None = None  # an absolute http(s) URL; none by default
    banner_alt: str | None = None  # default: name
    use_article_image: bool = False  # True: the article's og:image instead of the banner
    source_link_text: str = "기사 원문"
    extra_links: list[Link] = field(default_factory=list)
    closing_html: str | None = None  # inline HTML after the links; none by default
    templates_dir: str | None = None  # a folder of .j2 files overriding the bundled ones
    draft: bool = False  # write drafts (Jekyll published: false, Hugo draft: true); `publish` releases them
    timezone: str = "Asia/Seoul"  # IANA zone of post dates and file-name days
    featured_images: FeaturedImages = field(default_factory=FeaturedImages)

    def __post_init__(self) -> None:
        if self.banner_heading is None:
            self.banner_heading = f"{self.name} 새 소식입니다."
        if self.banner_alt is None:
            self.banner_alt = self.name


@dataclass
class TitleRule:
    pattern: str  # regular expression
    replace: str = ""


@dataclass
class CategoryRule:
    pattern: str  # regular expression searched in title and lead
    category: str


@dataclass
class ComposeSettings:
    sections: int = 6
    sentences_per_section: int = 6
    highlights_per_section: int = 3
    highlight_styles: list[str] = field(
        default_factory=lambda: [
            "color: #ee2323;",
            "background-color: #21538527;",
            "color: #1a5490;",
        ]
    )
    heading_max_chars: int = 30
    heading_patterns: list[str] = field(default_factory=list)
    excerpt_chars: int = 60
    title_rules: list[TitleRule] = field(
        default_factory=lambda: [TitleRule(r"^\s*(\[[^\]]{1,12}\]\s*)+"), TitleRule(r"^\s*속보\s*[:：]\s*")]
    )
    default_category: str = "뉴스"
    category_rules: list[CategoryRule] = field(default_factory=list)
    min_sentences: int = 1  # fewer usable source sentences than this: item skipped
    # A source longer than summary_min_source characters becomes a post of
    # about summary_ratio of its length; a shorter one is said whole.
    summary_ratio: float = 0.6
    summary_min_source: int = 1500


@dataclass
class RewriteSettings:
    engine: str = "rules"  # "rules" (offline, the default), "extractive" (source sentences), "llm"
    # Share of the body inside runs of 20+ characters copied from the source
    # above which the report flags the post (see guard.copy_metrics).
    copy_ceiling: float = 0.8
    # Heading frames of the rules engine, by what a section holds; {topic} is
    # the section's key phrase. Keys: lead, quote, schedule, money, background,
    # default (rewrite/heads.py DEFAULT_FRAMES); keys not given keep the
    # built-in frame, a frame without {topic} is ignored.
    heading_frames: dict[str, str] = field(default_factory=dict)


@dataclass
class LLMSettings:
    """The `llm` rewrite engine: any server speaking OpenAI's chat-completions protocol."""

    base_url: str = "http://127.0.0.1:11434/v1"  # Ollama's default; vLLM, llama.cpp, OpenAI alike
    model: str = ""
    api_key_env: str | None = None  # NAME of the environment variable holding the key, never the key
    temperature: float = 0.2
    seed: int | None = 7
    max_output_tokens: int = 2048
    timeout_s: float = 120.0  # per attempt, the whole reply included
    concurrency: int = 2  # requests in flight at once
    max_calls_per_run: int = 1000  # 0: no limit
    max_tokens_per_run: int = 2_000_000  # prompt + completion; 0: no limit
    prompts_dir: str | None = None  # a folder with system.j2 / user.j2 (/ repair.j2) replacing the bundled ones
    required: bool = False  # true: an item waits (item back-off) rather than being written by `rules`
    max_copy: float = 0.3  # copy share above which the reply gets one repair request
    retries: int = 3  # attempts per request for 429, 5xx, timeouts and dropped connections
    retry_wait_max: float = 30.0  # a longer Retry-After is not slept on: the server counts as unavailable
    max_reply_bytes: int = 1_000_000
    response_format: str = "json_schema"  # "json_schema", "json_object" or "none" (tried in that order)
    refresh: bool = False  # set by `rerender --refresh-llm`; not a YAML key


@dataclass
class StoriesSettings:
    """Reports of one event from several outlets become one post (stories.py).

    The thresholds were measured with `make eval-stories` (README)."""

    enabled: bool = True
    window_hours: float = 72.0  # reports further apart than this are different stories
    ngram: int = 3  # character n-grams (spaces and punctuation removed) for the text signature
    num_perm: int = 128  # MinHash permutations of the text signature
    seed: int = 1  # fixed: the same archive always clusters the same way
    near_duplicate: float = 0.6  # text Jaccard from which two reports are re-layouts: half their figures must agree
    min_text: float = 0.025  # text Jaccard below which reports never merge
    min_shared_figures: int = 3  # shared money/count/percent values that make two rewrites one story
    min_figure_share: float = 0.25  # ... and at least this share of the figures of the shorter report
    text_candidates: float = 0.3  # LSH threshold of the text index (re-layouts)
    fact_perm: int = 32  # MinHash permutations (one row per band) of the figure index (rewrites)
    align: float = 0.5  # sentence similarity (figures masked) at which two outlets say the same thing


@dataclass
class FetchSettings:
    user_agent: str = "kr-news-pipeline/0.1 (+https://github.com/; feed reader)"
    connect_timeout: float = 5.0
    read_timeout: float = 10.0
    total_timeout: float = 30.0
    retries: int = 3
    retry_wait_max: float = 10.0
    max_bytes: int = 5_000_000
    max_redirects: int = 20  # as browsers; loops are caught separately
    concurrency: int = 8
    per_host: int = 2
    robots: bool = True
    backoff_base: float = 300.0  # seconds after the first failure
    backoff_max: float = 86_400.0  # ceiling for a failing feed
    fetch_articles: bool = True  # False: use the feed's own content only


@dataclass
class FeedConfig:
    name: str
    url: str | None = None  # http(s) feed URL
    path: str | None = None  # or a local feed file (links resolve to files beside it)
    label: str | None = None  # outlet label shown after the source link
    categories: list[str] = field(default_factory=list)
    # Loopback/private addresses for this feed's own host only (its URL, its
    # redirects, article links on that host) and the hosts in allow_hosts
    # ("intranet", "10.0.0.7:8080"); never for any other host (tests, intranets).
    allow_private: bool = False
    allow_hosts: list[str] = field(default_factory=list)
    enabled: bool = True
    max_items: int = 50


@dataclass
class ReportSettings:
    keep: int = 500  # run reports kept in report_dir (oldest removed first); 0 keeps all


@dataclass
class MetricsSettings:
    textfile: str | None = None  # Prometheus textfile written after every run (node_exporter's collector)


@dataclass
class StatusSettings:
    fail_after: int = 3  # `status --check` fails when a feed has this many consecutive failures


@dataclass
class Config:
    feeds: list[FeedConfig]
    output_dir: str = "output/posts"
    archive_path: str = "output/archive.sqlite3"
    report_dir: str = "output/reports"
    site: SiteProfile = field(default_factory=SiteProfile)
    compose: ComposeSettings = field(default_factory=ComposeSettings)
    rewrite: RewriteSettings = field(default_factory=RewriteSettings)
    stories: StoriesSettings = field(default_factory=StoriesSettings)
    fetch: FetchSettings = field(default_factory=FetchSettings)
    llm: LLMSettings = field(default_factory=LLMSettings)
    reports: ReportSettings = field(default_factory=ReportSettings)
    metrics: MetricsSettings = field(default_factory=MetricsSettings)
    status: StatusSettings = field(default_factory=StatusSettings)
    # Serve listed URLs from local files instead of the network (the bundled
    # offline demo, or replaying a captured site); None: real network.
    mirror: str | None = None
    # Items skipped for content reasons (too little text, no date, refused
    # by the fidelity guard) make `ingest` exit 4, as `ingest --strict` does.
    strict: bool = False
    source_file: str = ""  # set by load(); not a YAML key

    def resolve(self, p: str) -> Path:
        base = Path(self.source_file).parent if self.source_file else Path.cwd()
        q = Path(p)
        return q if q.is_absolute() else (base / q).resolve()


_INTERNAL = {"source_file", "refresh"}


class _UniqueKeyLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """SafeLoader that refuses a key given twice in one mapping: YAML keeps
    the last silently, so a second ``feeds:`` would drop the first list."""


def _construct_mapping(loader: yaml.SafeLoader, node: yaml.MappingNode, deep: bool = False) -> dict:
    loader.flatten_mapping(node)
    seen: dict[Any, Any] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            line = key_node.start_mark.line + 1
            raise ConfigError(f"line {line}: duplicate key {key!r} (first given on line {seen[key]})")
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_text(path: Path, what: str = "file") -> str:
    """A text file's content as UTF-8, or a ConfigError naming the file and
    why not (missing, a folder, unreadable, binary, not UTF-8)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory, expected a {what}") from None
    except PermissionError:
        raise ConfigError(f"{path}: cannot read it (permission denied)") from None
    except OSError as e:
        raise ConfigError(f"{path}: cannot read it ({e.strerror or e})") from None
    if b"\x00" in data:
        raise ConfigError(f"{path}: binary data, expected a UTF-8 text {what}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}: not UTF-8 (byte {e.start}), expected a UTF-8 text {what}") from None


def load(path: str | Path) -> Config:
    path = Path(path)
    text = read_text(path, "YAML file")
    try:
        raw = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except ConfigError as e:
        raise ConfigError(f"{path}: {e}") from None
    except yaml.YAMLError as e:
        raise ConfigError(f"{path}: not valid YAML: {e}") from None
    if isinstance(raw, dict) and "timezone" in raw:
        raise ConfigError(f"{path}: timezone: moved to site.timezone (an IANA zone name such as Asia/Seoul)")
    cfg = from_dict(raw, source=str(path))
    cfg.source_file = str(path.resolve())
    if cfg.site.templates_dir:
        # Like every other path in the file: relative to the config's folder.
        cfg.site.templates_dir = str(cfg.resolve(cfg.site.templates_dir))
        wanted = Path(cfg.site.templates_dir) / f"{cfg.site.generator}.md.j2"
        if not Path(cfg.site.templates_dir).is_dir():
            raise ConfigError(f"{path}: site.templates_dir: expected a folder, {cfg.site.templates_dir} is not one")
        if not wanted.is_file():
            raise ConfigError(f"{path}: site.templates_dir: expected {wanted.name} in {cfg.site.templates_dir}")
    if cfg.llm.prompts_dir:
        cfg.llm.prompts_dir = str(cfg.resolve(cfg.llm.prompts_dir))
        _check_prompts_dir(cfg.llm.prompts_dir, str(path))
    return cfg


def from_dict(raw: Any, source: str = "<config>") -> Config:
    cfg = _build(Config, raw, source, "")
    if not cfg.feeds:
        raise ConfigError(f"{source}: feeds: expected at least one feed (a list of name + url or path)")
    try:
        ZoneInfo(cfg.site.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigError(
            f"{source}: site.timezone: expected an IANA zone name such as Asia/Seoul, got {cfg.site.timezone!r}"
        ) from None
    for i, feed in enumerate(cfg.feeds):
        where = f"feeds[{i}]"
        if not feed.url and not feed.path:
            raise ConfigError(f"{source}: {where}: missing feed URL: expected 'url' (http/https) or 'path'")
        if feed.url and not feed.url.lower().startswith(("http://", "https://")):
            raise ConfigError(f"{source}: {where}.url: expected an http or https URL, got {feed.url!r}")
        if feed.url and feed.path:
            raise ConfigError(f"{source}: {where}: expected either 'url' or 'path', not both")
        if feed.max_items < 1:
            raise ConfigError(f"{source}: {where}.max_items: expected at least 1, got {feed.max_items}")
        for k, host in enumerate(feed.allow_hosts):
            if not _HOST_ENTRY.fullmatch(host.strip()):
                raise ConfigError(f"{source}: {where}.allow_hosts[{k}]: expected a host name or host:port "
                                  f"(IPv6 as [addr]:port), got {host!r}")
    _check_values(cfg, source)
    for key in ("near_duplicate", "min_text", "text_candidates", "align", "min_figure_share"):
        if getattr(cfg.stories, key) > 1:
            raise ConfigError(f"{source}: stories.{key}: expected a share between 0 and 1, got {getattr(cfg.stories, key)}")
    names = [f.name for f in cfg.feeds]
    dupes = sorted({n for n in names if names.count(n) > 1})
    if dupes:
        raise ConfigError(f"{source}: feeds: duplicate feed name(s) {', '.join(dupes)}")
    from .rewrite import ENGINES  # the registry is the one list of engine names

    if cfg.rewrite.engine not in ENGINES:
        raise ConfigError(f"{source}: rewrite.engine: expected one of {', '.join(ENGINES)}, got {cfg.rewrite.engine!r}")
    _check_llm(cfg, source)
    if cfg.site.generator not in ("jekyll", "hugo"):
        raise ConfigError(f"{source}: site.generator: expected 'jekyll' or 'hugo', got {cfg.site.generator!r}")
    return cfg


_HOST_ENTRY = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?")

# (section, key, smallest allowed value): numbers the type check cannot judge.
_MINIMA = [
    ("compose", "sections", 1), ("compose", "sentences_per_section", 1), ("compose", "highlights_per_section", 0),
    ("compose", "heading_max_chars", 8), ("compose", "excerpt_chars", 10), ("compose", "min_sentences", 1),
    ("fetch", "connect_timeout", 0.1), ("fetch", "read_timeout", 0.1), ("fetch", "total_timeout", 0.1),
    ("fetch", "retries", 1), ("fetch", "retry_wait_max", 0), ("fetch", "max_bytes", 1024),
    ("fetch", "max_redirects", 0), ("fetch", "concurrency", 1), ("fetch", "per_host", 1),
    ("fetch", "backoff_base", 1), ("fetch", "backoff_max", 1),
    ("llm", "temperature", 0.0), ("llm", "max_output_tokens", 16), ("llm", "timeout_s", 0.1),
    ("llm", "concurrency", 1), ("llm", "max_calls_per_run", 0), ("llm", "max_tokens_per_run", 0),
    ("llm", "max_copy", 0.0), ("llm", "retries", 1), ("llm", "retry_wait_max", 0), ("llm", "max_reply_bytes", 1024),
    ("compose", "summary_ratio", 0.1), ("compose", "summary_min_source", 0), ("rewrite", "copy_ceiling", 0.0),
    ("reports", "keep", 0), ("status", "fail_after", 1),
    ("stories", "window_hours", 0.0), ("stories", "ngram", 1), ("stories", "num_perm", 16), ("stories", "near_duplicate", 0.0),
    ("stories", "min_text", 0.0), ("stories", "min_shared_figures", 1), ("stories", "min_figure_share", 0.0), ("stories", "text_candidates", 0.01),
    ("stories", "fact_perm", 4), ("stories", "align", 0.0),
]


def _check_values(cfg: Config, source: str) -> None:
    for section, key, least in _MINIMA:
        value = getattr(getattr(cfg, section), key)
        if value < least:
            raise ConfigError(f"{source}: {section}.{key}: expected at least {least}, got {value}")
    fi = cfg.site.featured_images
    if fi.max_bytes < 1024 or fi.width < 16:
        raise ConfigError(f"{source}: site.featured_images: expected max_bytes ≥ 1024 and width ≥ 16")
    if not re.fullmatch(r"[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*", fi.folder):
        raise ConfigError(f"{source}: site.featured_images.folder: expected a plain relative folder, got {fi.folder!r}")
    if not cfg.compose.highlight_styles:
        raise ConfigError(f"{source}: compose.highlight_styles: expected at least one style")
    if cfg.fetch.backoff_max < cfg.fetch.backoff_base:
        raise ConfigError(f"{source}: fetch.backoff_max: expected at least backoff_base ({cfg.fetch.backoff_base})")
    rules = [(f"compose.title_rules[{i}].pattern", r.pattern) for i, r in enumerate(cfg.compose.title_rules)]
    rules += [(f"compose.category_rules[{i}].pattern", r.pattern) for i, r in enumerate(cfg.compose.category_rules)]
    for where, pattern in rules:
        try:
            re.compile(pattern)
        except re.error as e:
            raise ConfigError(f"{source}: {where}: expected a regular expression, got {pattern!r} ({e})") from None


_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _check_llm(cfg: Config, source: str) -> None:
    llm = cfg.llm
    if not llm.base_url.lower().startswith(("http://", "https://")):
        raise ConfigError(f"{source}: llm.base_url: expected an http or https URL, got {llm.base_url!r}")
    if llm.response_format not in ("json_schema", "json_object", "none"):
        raise ConfigError(f"{source}: llm.response_format: expected json_schema, json_object or none, "
                          f"got {llm.response_format!r}")
    if llm.api_key_env is not None and not _ENV_NAME.match(llm.api_key_env):
        # Never echo the value: it may be a pasted key.
        raise ConfigError(f"{source}: llm.api_key_env: expected the NAME of an environment variable "
                          "(letters, digits, _), not the key itself")
    if cfg.rewrite.engine == "llm" and not llm.model:
        raise ConfigError(f"{source}: llm.model: missing: rewrite.engine is llm, so name the model to ask")


def _check_prompts_dir(folder: str, source: str) -> None:
    if not Path(folder).is_dir():
        raise ConfigError(f"{source}: llm.prompts_dir: expected a folder, {folder} is not one")
    for name in ("system.j2", "user.j2"):
        if not (Path(folder) / name).is_file():
            raise ConfigError(f"{source}: llm.prompts_dir: expected {name} in {folder}")


def _type_name(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        return " or ".join(_type_name(a) for a in typing.get_args(tp))
    if origin is list:
        return f"a list of {_type_name(typing.get_args(tp)[0])}"
    if origin is dict:
        return f"a mapping of {_type_name(typing.get_args(tp)[1])}"
    if dataclasses.is_dataclass(tp):
        return "a mapping"
    return {str: "a string", int: "an integer", float: "a number", bool: "true/false", type(None): "nothing"}.get(
        tp, getattr(tp, "__name__", str(tp))
    )


def _build(tp: Any, value: Any, source: str, key: str) -> Any:
    where = key or "top level"
    origin = typing.get_origin(tp)
    if origin in (Union, types.UnionType):
        args = typing.get_args(tp)
        if value is None and type(None) in args:
            return None
        errors = []
        for a in args:
            if a is type(None):
                continue
            try:
                return _build(a, value, source, key)
            except ConfigError as e:
                errors.append(e)
        raise ConfigError(f"{source}: {where}: expected {_type_name(tp)}, got {value!r}")
    if origin is list:
        if not isinstance(value, list):
            raise ConfigError(f"{source}: {where}: expected {_type_name(tp)}, got {type(value).__name__}")
        (item_tp,) = typing.get_args(tp)
        return [_build(item_tp, v, source, f"{key}[{i}]") for i, v in enumerate(value)]
    if origin is dict:
        if not isinstance(value, dict):
            raise ConfigError(f"{source}: {where}: expected {_type_name(tp)}, got {type(value).__name__}")
        key_tp, val_tp = typing.get_args(tp)
        return {_build(key_tp, k, source, f"{key}.{k}"): _build(val_tp, v, source, f"{key}.{k}")
                for k, v in value.items()}
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise ConfigError(f"{source}: {where}: expected a mapping, got {type(value).__name__}")
        hints = typing.get_type_hints(tp)
        fields = {f.name: f for f in dataclasses.fields(tp) if f.name not in _INTERNAL}
        unknown = [k for k in value if k not in fields]
        if unknown:
            known = ", ".join(sorted(fields))
            raise ConfigError(f"{source}: {_join(key, str(unknown[0]))}: unknown key (expected one of: {known})")
        kwargs = {}
        for name, f in fields.items():
            if name in value:
                kwargs[name] = _build(hints[name], value[name], source, _join(key, name))
            elif f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING:
                raise ConfigError(f"{source}: {_join(key, name)}: missing required key ({_type_name(hints[name])})")
        return tp(**kwargs)
    if tp is float and isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if tp in (str, int, float, bool):
        if isinstance(value, bool) and tp is not bool:
            raise ConfigError(f"{source}: {where}: expected {_type_name(tp)}, got {value!r}")
        if not isinstance(value, tp):
            raise ConfigError(f"{source}: {where}: expected {_type_name(tp)}, got {value!r}")
        return value
    raise ConfigError(f"{source}: {where}: unsupported type {tp}")


def _join(key: str, name: str) -> str:
    return f"{key}.{name}" if key else name


def reference() -> list[tuple[str, str, str]]:
    """Every config key as (dotted path, type, default), from the schema
    itself: docs/config.md is checked against this list by the tests, so
    a key cannot be added without being documented."""
    rows: list[tuple[str, str, str]] = []

    def default_of(f: dataclasses.Field) -> Any:
        if f.default is not dataclasses.MISSING:
            return f.default
        if f.default_factory is not dataclasses.MISSING:
            return f.default_factory()
        return dataclasses.MISSING

    def show(value: Any) -> str:
        if isinstance(value, str):
            return value if value else '""'
        if value is dataclasses.MISSING:
            return "required"
        if value is None:
            return "none"
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, list):
            return "[]" if not value else f"{len(value)} entries"
        return str(value)

    def walk(tp: Any, prefix: str) -> None:
        hints = typing.get_type_hints(tp)
        for f in dataclasses.fields(tp):
            if f.name in _INTERNAL:
                continue
            path = _join(prefix, f.name)
            hint = hints[f.name]
            if dataclasses.is_dataclass(hint):
                walk(hint, path)
                continue
            item = typing.get_args(hint)[0] if typing.get_origin(hint) is list else None
            default = default_of(f)
            if tp is SiteProfile and f.name in ("banner_heading", "banner_alt"):
                default = "derived from name"
            kind = _type_name(hint).replace("a list of a mapping", "list of mappings").replace("a list of a string",
                                                                                              "list of strings")
            kind = re.sub(r"\b(an?) ", "", kind).replace(" or nothing", " or null")
            rows.append((path, kind, show(default)))
            if item is not None and dataclasses.is_dataclass(item):
                walk(item, path + "[]")

    walk(Config, "")
    return rows
