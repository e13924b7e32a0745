"""Refuse URLs that would make the pipeline fetch from places it must not.

Feed configs and, worse, links inside third-party feeds decide what we fetch,
so a hostile or broken feed could point us at the machine's own services,
the LAN or a cloud metadata endpoint (server-side request forgery). The
fetcher calls this for the first URL and again for every redirect hop.

Rules (``allow_private=False``):

* scheme must be http or https;
* the host is parsed with httpx's own URL parser, the same one that makes the
  request, so a parser differential (``http://evil\\@127.0.0.1/``) cannot
  check one host and connect to another;
* numeric hosts that are not a canonical dotted quad (``2130706433``,
  ``0x7f.1``, ``0177.0.0.1``, ``127.1``) are refused outright: resolvers and
  browsers read them as IPv4 addresses, and nobody writes them in good faith;
* every address the name resolves to (bounded by a timeout) must be public:
  no loopback, private, shared (CGNAT), link-local, multicast, unspecified,
  reserved or documentation ranges, also when wrapped in IPv6 (IPv4-mapped,
  6to4, NAT64);
* ``localhost`` / ``*.localhost`` are refused without asking DNS.

Cloud metadata endpoints (169.254.169.254, fd00:ec2::254, the ECS/EKS
credential addresses 169.254.170.2/.23, metadata.google.internal, ...) and
every link-local address are refused even with ``allow_private=True``:
intranet feeds never need them and they hold credentials.

``allow_private`` is a decision about one host, made by the caller (the
fetcher admits it only for a feed's own host, see fetch.PrivatePolicy); the
name is still resolved and every address it resolves to is checked against
that decision, so a name pointing at a metadata address never passes.

A check done before connecting cannot stop a DNS answer that changes between
our lookup and the connection (rebinding); the fetcher therefore connects
only to an address it resolved and checked itself, and checks the peer
address of the connection it actually got as well (see ``check_ip``).

Name resolution goes through a ``Resolver`` (``async (host) -> [ip, ...]``),
so tests can answer with any address without real DNS.
"""
from __future__ import annotations

import asyncio
import concurrent.futures
import ipaddress
import socket
from collections.abc import Awaitable, Callable

import httpx

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

DNS_TIMEOUT = 5.0

_METADATA_IPS = {
    ipaddress.ip_address("169.254.169.254"),  # AWS, GCP, Azure, OpenStack, ...
    ipaddress.ip_address("fd00:ec2::254"),  # AWS IPv6
    ipaddress.ip_address("100.100.100.200"),  # Alibaba Cloud
    ipaddress.ip_address("192.0.0.192"),  # Oracle Cloud (classic)
    ipaddress.ip_address("169.254.170.2"),  # AWS ECS task credentials
    ipaddress.ip_address("169.254.170.23"),  # AWS EKS pod identity
    ipaddress.ip_address("fd00:ec2::23"),  # AWS EKS pod identity (IPv6)
}
_METADATA_NAMES = {
    "metadata.google.internal",
    "metadata.goog",
    "metadata",
    "instance-data",
    "instance-data.ec2.internal",
    "metadata.azure.internal",
}
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


Resolver = Callable[[str], Awaitable[list[str]]]


class UnsafeURL(Exception):
    """The URL must not be fetched; the message says why."""


async def system_resolver(host: str) -> list[str]:
    """The system's answer for *host*, as IP strings (getaddrinfo, in a thread)."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return [info[4][0] for info in infos]


def check_url(url: str, allow_private: bool = False, *, resolve: bool = True, timeout: float = DNS_TIMEOUT) -> None:
    """Raise UnsafeURL if *url* must not be fetched.

    Name resolution runs in a worker thread so a stuck resolver cannot hold
    the caller longer than *timeout*; a failed lookup raises OSError (the
    URL is not unsafe, just unreachable). ``resolve=False`` skips DNS (used
    when requests go to an offline transport and never touch the network).
    """
    host = _static_checks(url, allow_private)
    if host is None or not resolve:
        return
    pool = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    try:
        fut = pool.submit(socket.getaddrinfo, host, None, 0, socket.SOCK_STREAM)
        try:
            infos = fut.result(timeout=timeout)
        except concurrent.futures.TimeoutError:
            raise TimeoutError(f"resolving {host} took longer than {timeout}s") from None
    finally:
        pool.shutdown(wait=False)
    check_resolved(host, [i[4][0] for i in infos], allow_private)


async def check_url_async(
    url: str, allow_private: bool = False, *, resolve: bool = True, timeout: float = DNS_TIMEOUT,
    resolver: Resolver | None = None,
) -> list[str]:
    """check_url for coroutines: the lookup does not block the event loop.
    Returns the checked addresses (empty for IP literals and ``resolve=False``)."""
    host = _static_checks(url, allow_private)
    if host is None or not resolve:
        return []
    return await resolve_checked(host, allow_private, timeout=timeout, resolver=resolver)


async def resolve_checked(host: str, allow_private: bool = False, *, timeout: float = DNS_TIMEOUT,
                          resolver: Resolver | None = None) -> list[str]:
    """Every address *host* resolves to, each checked; raises UnsafeURL,
    TimeoutError or OSError (no answer)."""
    literal = _ip_literal(host.strip("[]"))
    if literal is not None:
        check_ip(literal, allow_private)
        return [str(literal)]
    try:
        addrs = await asyncio.wait_for((resolver or system_resolver)(host), timeout)
    except asyncio.TimeoutError:
        raise TimeoutError(f"resolving {host} took longer than {timeout}s") from None
    check_resolved(host, addrs, allow_private)
    return list(addrs)


def check_ip(ip: str | IPAddress, allow_private: bool = False) -> None:
    """Raise UnsafeURL if connecting to *ip* is not allowed."""
    addr = ipaddress.ip_address(ip.split("%", 1)[0]) if isinstance(ip, str) else ip
    problem = ip_problem(addr, allow_private)
    if problem:
        raise UnsafeURL(f"address {addr} is {problem}")


def ip_problem(ip: IPAddress, allow_private: bool = False) -> str | None:
    """Why *ip* must not be contacted, or None if it may be."""
    inner = _embedded_ipv4(ip)
    if inner is not None:
        why = ip_problem(inner, allow_private)
        return f"{why} ({inner} wrapped in IPv6)" if why else None
    if ip in _METADATA_IPS:
        return "a cloud metadata endpoint"
    if ip.is_link_local:
        # 169.254/16 and fe80::/10 hold more credential services than the
        # list above names; no intranet feed lives there.
        return "link-local"
    if allow_private:
        return None
    for attr, label in (
        ("is_loopback", "loopback"),
        ("is_unspecified", "unspecified"),
        ("is_link_local", "link-local"),
        ("is_multicast", "multicast"),
        ("is_private", "private"),
        ("is_reserved", "reserved"),
    ):
        if getattr(ip, attr):
            return label
    if not ip.is_global:
        return "not a public address"
    return None


def _embedded_ipv4(ip: IPAddress) -> ipaddress.IPv4Address | None:
    if not isinstance(ip, ipaddress.IPv6Address):
        return None
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def _static_checks(url: str, allow_private: bool) -> str | None:
    """Checks that need no DNS. Returns the ASCII host name still to resolve,
    or None when the host is an IP literal (already fully checked)."""
    try:
        parsed = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as e:
        raise UnsafeURL(f"not a valid URL: {e}") from None
    if parsed.scheme not in ("http", "https"):
        raise UnsafeURL(f"scheme {parsed.scheme!r} is not http or https")
    host = parsed.raw_host.decode("ascii").lower().rstrip(".")
    if not host:
        raise UnsafeURL("URL has no host")
    if host in _METADATA_NAMES:
        raise UnsafeURL(f"host {host} is a cloud metadata endpoint")
    literal = _ip_literal(host)
    if literal is not None:
        check_ip(literal, allow_private)
        return None
    if _ends_in_number(host):
        numeric = parse_numeric_ipv4(host)
        if numeric is None:
            raise UnsafeURL(f"host {host!r} is a malformed numeric address")
        if allow_private:
            check_ip(numeric, allow_private)  # still refuses metadata in disguise
            return None
        raise UnsafeURL(f"host {host!r} is an obfuscated numeric address ({numeric})")
    if not allow_private and (host == "localhost" or host.endswith(".localhost")):
        raise UnsafeURL(f"host {host} is loopback")
    return host


def _ip_literal(host: str) -> IPAddress | None:
    """The address if *host* is written the canonical way (dotted quad or an
    IPv6 literal); obfuscated forms are handled by _ends_in_number."""
    try:
        addr = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return None
    if isinstance(addr, ipaddress.IPv4Address) and str(addr) != host:
        return None
    return addr


def _ends_in_number(host: str) -> bool:
    """WHATWG URL rule: a host whose last label is a number is parsed as an
    IPv4 address (in decimal, octal or hex, with 1 to 4 parts), so such a
    host is either an IP in disguise or invalid. Either way: not a name."""
    last = host.split(".")[-1]
    if last.isdigit():
        return True
    return last[:2] == "0x" and all(c in "0123456789abcdef" for c in last[2:])


def parse_numeric_ipv4(host: str) -> ipaddress.IPv4Address | None:
    """What a WHATWG parser (or inet_aton) makes of a numeric host such as
    ``0x7f.1`` or ``2130706433``; None if it is not a valid IPv4 form."""
    parts = host.rstrip(".").split(".")
    if not 1 <= len(parts) <= 4:
        return None
    nums = []
    for p in parts:
        try:
            if p[:2] in ("0x", "0X"):
                nums.append(int(p[2:] or "0", 16))
            elif len(p) > 1 and p.startswith("0"):
                nums.append(int(p[1:], 8))
            else:
                nums.append(int(p, 10))
        except ValueError:
            return None
    if any(n > 255 for n in nums[:-1]) or nums[-1] >= 256 ** (5 - len(nums)):
        return None
    value = nums[-1]
    for i, n in enumerate(nums[:-1]):
        value += n << (8 * (3 - i))
    return ipaddress.IPv4Address(value)


def check_resolved(host: str, addrs: list[str], allow_private: bool = False) -> None:
    """Every address of *host* must be allowed: one bad answer among good
    ones is how rebinding attacks start."""
    if not addrs:
        raise OSError(f"{host} did not resolve to any address")
    for addr in addrs:
        try:
            ip = ipaddress.ip_address(str(addr).split("%", 1)[0])
        except ValueError:
            raise UnsafeURL(f"host {host} resolves to {addr!r}, which is not an IP address") from None
        problem = ip_problem(ip, allow_private)
        if problem:
            raise UnsafeURL(f"host {host} resolves to {addr}, which is {problem}")


def authority(url: str) -> str:
    """``host`` for a URL on its scheme's default port, else ``host:port``
    (IPv6 hosts in brackets): the form ``allow_hosts`` entries are written in."""
    u = httpx.URL(url)
    host = u.host.lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    return host if u.port is None else f"{host}:{u.port}"


def host_listed(url: str, hosts: "frozenset[str] | set[str] | tuple[str, ...] | list[str]") -> bool:
    """Is *url*'s host one of *hosts*? ``intranet`` covers the default ports
    (http and https alike); ``intranet:8080`` only that port."""
    if not hosts:
        return False
    try:
        u = httpx.URL(url)
    except (httpx.InvalidURL, TypeError):
        return False
    host = u.host.lower().rstrip(".")
    if ":" in host:
        host = f"[{host}]"
    port = u.port or {"http": 80, "https": 443}.get(u.scheme)
    for entry in hosts:
        entry = entry.strip().lower().rstrip(".")
        name, sep, p = entry.rpartition(":") if entry.rsplit("]", 1)[-1].count(":") else ("", "", "")
        if not sep:
            if entry == host and u.port is None:
                return True
        elif name == host and p.isdigit() and int(p) == port:
            return True
    return False
