"""robots.txt per RFC 9309, fetched through our own Fetcher and cached per origin.

urllib.robotparser is not used: it applies the first matching rule instead
of the longest one and ignores ``*``/``$`` wildcards, so a common file like

    User-agent: *
    Disallow: /
    Allow: /rss

would wrongly block the feed. The matcher below follows the RFC: rules of
every group naming our product token are merged (else the ``*`` groups),
the longest matching pattern wins, Allow wins a tie, ``/robots.txt`` itself
is always allowed.

How a failed robots.txt fetch is read (RFC 9309 section 2.3.1):

* 4xx (not 429): no usable robots.txt, so everything is allowed;
* 5xx, 429, timeouts, connection and DNS errors: the site is unreachable,
  so everything is disallowed for ERROR_TTL seconds, then asked again;
* more redirects than the fetcher follows (it follows at least five, as the
  RFC asks): treated as unavailable, so allowed;
* a redirect into a forbidden network (unsafe_url) or any other failure:
  disallowed, the conservative reading.

A good answer is kept for TTL seconds (the RFC says not to cache beyond 24h).
"""
from __future__ import annotations

import asyncio
import re
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING
from urllib.parse import quote

import httpx

if TYPE_CHECKING:
    from .fetch import Fetcher

TTL = 24 * 3600.0
ERROR_TTL = 600.0
MAX_BYTES = 512 * 1024  # the RFC asks parsers to read at least 500 KiB

_ALLOW_ALL_ERRORS = {"http_4xx", "too_many_redirects", "redirect_loop"}


@dataclass
class _Rule:
    allow: bool
    pattern: str  # normalised: percent-encoded, upper-case hex escapes
    regex: re.Pattern[str]


@dataclass
class Robots:
    """A parsed robots.txt; ``Robots.allow_all()`` / ``disallow_all()`` stand
    in for files that could not be fetched."""

    groups: list[tuple[list[str], list[_Rule]]] = field(default_factory=list)
    everything: bool | None = None  # True/False: verdict without parsing
    reason: str = ""
    temporary: bool = False  # a verdict standing in for an unreachable file

    @classmethod
    def allow_all(cls, reason: str = "") -> "Robots":
        return cls(everything=True, reason=reason)

    @classmethod
    def disallow_all(cls, reason: str = "", *, temporary: bool = False) -> "Robots":
        return cls(everything=False, reason=reason, temporary=temporary)

    @classmethod
    def parse(cls, text: str) -> "Robots":
        groups: list[tuple[list[str], list[_Rule]]] = []
        agents: list[str] = []
        rules: list[_Rule] = []
        in_rules = False
        for raw in text.splitlines():
            line = raw.split("#", 1)[0].strip()
            if ":" not in line:
                continue
            key, value = line.split(":", 1)
            key, value = key.strip().lower(), value.strip()
            if key in ("user-agent", "useragent"):
                if in_rules:
                    groups.append((agents, rules))
                    agents, rules, in_rules = [], [], False
                agents.append(value.lower())
            elif key in ("allow", "disallow"):
                if not agents:
                    continue  # rules before any user-agent line belong to no group
                in_rules = True
                if value:  # "Disallow:" with no path is no rule at all
                    rules.append(_compile(key == "allow", value))
        if agents:
            groups.append((agents, rules))
        return cls(groups=groups)

    def rules_for(self, user_agent: str) -> list[_Rule]:
        token = product_token(user_agent)
        mine = [r for agents, rules in self.groups if token in agents for r in rules]
        if mine or any(token in agents for agents, _ in self.groups):
            return mine
        return [r for agents, rules in self.groups if "*" in agents for r in rules]

    def can_fetch(self, url: str, user_agent: str) -> bool:
        if self.everything is not None:
            return self.everything
        path = _target(url)
        if path == "/robots.txt":
            return True
        best: _Rule | None = None
        for rule in self.rules_for(user_agent):
            if rule.regex.match(path):
                if (
                    best is None
                    or len(rule.pattern) > len(best.pattern)
                    or (len(rule.pattern) == len(best.pattern) and rule.allow)
                ):
                    best = rule
        return True if best is None else best.allow


def product_token(user_agent: str) -> str:
    """'kr-news-pipeline/0.1 (+https://...)' -> 'kr-news-pipeline'."""
    token = re.split(r"[/\s]", user_agent.strip(), maxsplit=1)[0]
    return token.lower()


def _normalise(path: str) -> str:
    # Compare octets the same way on both sides: non-ASCII percent-encoded
    # as UTF-8, existing escapes upper-cased, everything else left alone.
    encoded = quote(path, safe="/?&=:;@!$'()*+,-._~%#[]")
    return re.sub(r"%[0-9a-fA-F]{2}", lambda m: m.group(0).upper(), encoded)


def _compile(allow: bool, pattern: str) -> _Rule:
    norm = _normalise(pattern)
    anchored = norm.endswith("$")
    body = norm[:-1] if anchored else norm
    regex = ".*".join(re.escape(part) for part in body.split("*")) + ("$" if anchored else "")
    return _Rule(allow=allow, pattern=norm, regex=re.compile(regex))


def _target(url: str) -> str:
    path = httpx.URL(url).raw_path.decode("ascii", "replace") or "/"
    return _normalise(path)


def origin(url: str) -> str:
    u = httpx.URL(url)
    port = u.port or (443 if u.scheme == "https" else 80)
    return f"{u.scheme}://{u.raw_host.decode('ascii')}:{port}"


class RobotsCache:
    """robots.txt answers per origin, fetched at most once at a time."""

    def __init__(self, fetcher: "Fetcher", *, ttl: float = TTL, error_ttl: float = ERROR_TTL) -> None:
        self._fetcher = fetcher
        self._ttl = ttl
        self._error_ttl = error_ttl
        self._cache: dict[tuple[str, bool], tuple[float, Robots]] = {}
        self._locks: dict[tuple[str, bool], asyncio.Lock] = {}

    async def allowed(self, url: str, user_agent: str | None = None, *, allow_private: bool = False) -> bool:
        robots = await self.get(url, allow_private=allow_private)
        return robots.can_fetch(url, user_agent or self._fetcher.settings.user_agent)

    async def get(self, url: str, *, allow_private: bool = False) -> Robots:
        key = (origin(url), allow_private)
        lock = self._locks.setdefault(key, asyncio.Lock())
        async with lock:
            hit = self._cache.get(key)
            if hit and hit[0] > time.monotonic():
                return hit[1]
            robots, ttl = await self._load(key[0], allow_private)
            self._cache[key] = (time.monotonic() + ttl, robots)
            return robots

    async def _load(self, base: str, allow_private: bool) -> tuple[Robots, float]:
        from .fetch import FetchError  # fetch imports this module
        from .netsafety import authority

        try:
            # Private addresses only for the site's own host: a robots.txt
            # redirect elsewhere gets no such pass.
            res = await self._fetcher.fetch(
                base + "/robots.txt",
                private_hosts=(authority(base),) if allow_private else (),
                check_robots=False,
                accept="text/plain",
                max_bytes=MAX_BYTES,
            )
        except FetchError as e:
            if e.error_class in _ALLOW_ALL_ERRORS:
                return Robots.allow_all(f"robots.txt unavailable ({e.error_class})"), self._ttl
            return (
                Robots.disallow_all(f"robots.txt unreachable ({e.error_class}), so everything is disallowed for now",
                                    temporary=True),
                self._error_ttl,
            )
        text = res.content.decode("utf-8", "replace").lstrip("\ufeff")
        robots = Robots.parse(text)
        robots.reason = f"disallowed by {res.url}"
        return robots, self._ttl
