"""URL canonicalisation and entry identity.

Korean outlets hand out the same article under many URLs: RSS links carry
`utm_*` and outlet-specific tracking (`cloc`, `_fr`, `input`), portals add
`sc_*`/`from`, and parameter order varies. Identity and de-duplication need
one spelling per article, while the parameters that *are* the article
(`idxno`, `aid`/`oid`, `artid`, `no`) must survive.
"""
from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from datetime import datetime
from urllib.parse import parse_qsl, quote, unquote, unquote_plus, urljoin, urlsplit, urlunsplit

# Query parameters that only say how a reader arrived. Matched case-insensitively.
_TRACKING = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "msclkid", "yclid", "twclid", "ttclid", "igshid",
        "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi", "mkt_tok", "vero_id", "wt.mc_id",
        "ref", "ref_src", "ref_url", "referrer", "from", "share", "shared", "spm", "ocid", "cmpid",
        "rss", "rssid", "fromrss", "cloc", "_fr", "hmb_campaign",
    }
)
_TRACKING_PREFIXES = ("utm_", "sc_", "pk_", "mtm_", "hmb_")
# Outlet-specific trackers that are ordinary words elsewhere.
_TRACKING_BY_HOST = {
    "yna.co.kr": frozenset({"input", "site"}),
    "yonhapnewstv.co.kr": frozenset({"input"}),
}

_DEFAULT_PORTS = {"http": 80, "https": 443}
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_QUERY_SAFE = "/:@!$'()*,;-._~%?"
_PCT = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def is_http_url(url: str | None) -> bool:
    """True for an absolute http(s) URL with a host."""
    if not url or not isinstance(url, str):
        return False
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError for a malformed port
        return parts.scheme.lower() in _DEFAULT_PORTS and bool(parts.hostname)
    except ValueError:
        return False


def _norm_pct(s: str) -> str:
    """Upper-case escapes and decode the ones that stand for unreserved characters."""

    def fix(m: re.Match[str]) -> str:
        ch = chr(int(m.group(1), 16))
        return ch if ch in _UNRESERVED else "%" + m.group(1).upper()

    return _PCT.sub(fix, s)


def _remove_dot_segments(path: str) -> str:
    if "." not in path:
        return path
    trailing = path.endswith(("/", "/.", "/.."))
    norm = posixpath.normpath(path)
    if norm.startswith("//"):
        norm = "/" + norm.lstrip("/")
    if trailing and not norm.endswith("/"):
        norm += "/"
    return norm


def _is_tracking(key: str, host: str) -> bool:
    k = key.lower()
    if k in _TRACKING or k.startswith(_TRACKING_PREFIXES):
        return True
    for domain, keys in _TRACKING_BY_HOST.items():
        if (host == domain or host.endswith("." + domain)) and k in keys:
            return True
    return False


def _canonical_query(query: str, host: str) -> str:
    if not query:
        return ""
    # Latin-1 round-trips any percent-encoded bytes exactly, so EUC-KR-encoded
    # search terms survive; raw non-ASCII is first escaped as UTF-8.
    query = quote(query, safe="".join(chr(c) for c in range(0x21, 0x7F)), encoding="utf-8")
    pairs: list[tuple[str, str | None]] = []
    for piece in query.split("&"):
        if not piece:
            continue
        k, eq, v = piece.partition("=")
        key = unquote_plus(k, encoding="latin-1")
        # `?12345` and `?12345=` are different URLs to some servers.
        pairs.append((key, unquote_plus(v, encoding="latin-1") if eq else None))
    kept = [(k, v) for k, v in pairs if k and not _is_tracking(k, host)]
    kept.sort(key=lambda kv: (kv[0], kv[1] is not None, kv[1] or ""))

    def enc(s: str) -> str:
        return _norm_pct(quote(s, safe=_QUERY_SAFE, encoding="latin-1"))

    return "&".join(enc(k) if v is None else enc(k) + "=" + enc(v) for k, v in kept)


def canonical_url(url: str | None, base: str | None = None) -> str | None:
    """One spelling per article URL, or None when it is not http(s)."""
    if not url or not isinstance(url, str):
        return None
    url = "".join(url.split()) if "\n" in url or "\t" in url else url.strip()
    if not url:
        return None
    try:
        if base:
            url = urljoin(base.strip(), url)
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in _DEFAULT_PORTS:
            return None
        host = parts.hostname
        port = parts.port
    except ValueError:
        return None
    if not host:
        return None
    host = host.rstrip(".").lower()
    try:
        host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        return None
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if parts.username:
        netloc = parts.username + (f":{parts.password}" if parts.password else "") + "@" + netloc
    path = _norm_pct(quote(_remove_dot_segments(parts.path or "/"), safe=_PATH_SAFE, encoding="utf-8"))
    query = _canonical_query(parts.query, host)
    return urlunsplit((scheme, netloc, path, query, ""))


def _ws(s: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", s or "").split())


GUID_LINK_SEP = "\x1f"


def guid_identity(guid: str, link: str | None) -> str:
    """``guid:<GUID>`` plus the link: one GUID reused for two links is two items."""
    return f"guid:{guid}{GUID_LINK_SEP}{link}" if link else f"guid:{guid}"


def entry_identity(
    guid: str | None,
    link: str | None,
    title: str | None,
    published: datetime | str | None,
    summary: str | None,
) -> str:
    """Stable id of a feed entry: its GUID plus its canonical link, else its
    canonical link, else a content hash.

    The link is part of a GUID identity because feeds do reuse one GUID for
    different articles (a CMS numbering per section, a template bug); two
    such entries are two items. A corrected link under a known GUID is told
    apart from that by the archive (see archive.add_entries)."""
    g = (guid or "").strip()
    url = canonical_url(link)
    if g:
        return guid_identity(g, url)
    if url:
        return "url:" + url
    when = published.isoformat() if isinstance(published, datetime) else _ws(published)
    key = "\x1f".join((_ws(title), when, _ws(summary)))
    return "hash:" + hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]


# Query keys that carry an article number, most specific first. `oid`+`aid`
# (Naver) together name one article; `aid` alone repeats across outlets.
_ID_KEYS = (
    "idxno", "article_id", "articleid", "artid", "arcid", "art_id", "news_id", "newsid",
    "aid", "nid", "no", "idx", "seq", "num", "id", "key",
)
_ID_TOKEN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_DATE_LIKE = re.compile(r"^(?:(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01])|(?:19|20)\d{2}|\d{1,2})$")
_EXT = re.compile(r"\.(?:html?|shtml|php\d?|aspx?|jsp|do|cms|nhn)$", re.I)


def _looks_like_id(token: str) -> bool:
    return (
        len(token) >= 3
        and bool(_ID_TOKEN.match(token))
        and any(c.isdigit() for c in token)
        and not _DATE_LIKE.match(token)
    )


def _id_from_value(value: str) -> str | None:
    value = value.strip()
    if value.isascii() and value.isdigit() or _looks_like_id(value):
        return value
    # e.g. `id=blog/100403`: the last id-like piece.
    for piece in reversed(re.split(r"[/:|]", value)):
        if _looks_like_id(piece):
            return piece
    return None


def article_id(url: str | None) -> str | None:
    """The outlet's own article id in a URL (for slugs), or None."""
    canon = canonical_url(url)
    if not canon:
        return None
    parts = urlsplit(canon)
    params: dict[str, str] = {}
    for k, v in parse_qsl(parts.query, keep_blank_values=True):
        params.setdefault(k.lower(), v)
    if params.get("oid") and params.get("aid"):
        oid, aid = params["oid"].strip(), params["aid"].strip()
        if _ID_TOKEN.match(oid) and _ID_TOKEN.match(aid):
            return f"{oid}-{aid}"
    for key in _ID_KEYS:
        if key in params:
            found = _id_from_value(params[key])
            if found:
                return found
    segments = [unquote(s) for s in parts.path.split("/") if s]
    # Naver's path form /article/{oid: 3 digits}/{aid: 10 digits}
    for i in range(len(segments) - 2):
        oid, aid = segments[i + 1], segments[i + 2]
        if segments[i] == "article" and len(oid) == 3 and oid.isdigit() and len(aid) >= 7 and aid.isdigit():
            return f"{segments[i + 1]}-{segments[i + 2]}"
    for seg in reversed(segments):
        seg = _EXT.sub("", seg)
        if _looks_like_id(seg) and "-" not in seg:
            return seg
        tail = re.search(r"[-_](\d{4,})$", seg)  # slug-12345
        if tail:
            return tail.group(1)
    return None
