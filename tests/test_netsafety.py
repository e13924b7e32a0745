from __future__ import annotations

import asyncio
import ipaddress
import socket

import pytest

from pipeline.netsafety import UnsafeURL, check_ip, check_url, check_url_async, parse_numeric_ipv4

REFUSED = [
    # loopback and friends, written plainly
    "http://127.0.0.1/",
    "http://127.8.9.10:8080/x",
    "http://[::1]/",
    "http://0.0.0.0/",
    "http://[::]/",
    "http://localhost/",
    "http://LOCALHOST./",
    "http://api.localhost/",
    # private, shared, link-local, multicast, reserved, documentation
    "http://10.1.2.3/",
    "http://172.16.0.1/",
    "http://192.168.0.10/",
    "http://100.64.0.1/",
    "http://169.254.1.1/",
    "http://224.0.0.1/",
    "http://240.0.0.1/",
    "http://255.255.255.255/",
    "http://192.0.2.1/",
    "http://[fc00::1]/",
    "http://[fe80::1]/",
    "http://[ff02::1]/",
    # numeric tricks that resolvers and browsers read as 127.0.0.1
    "http://2130706433/",
    "http://0x7f000001/",
    "http://0x7f.1/",
    "http://0x7F.0.0.1/",
    "http://127.1/",
    "http://127.0.1/",
    "http://017700000001/",
    "http://0177.0.0.1/",
    "http://1.2.3.4.5/",
    # IPv6 wrappers around IPv4
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[::ffff:10.0.0.1]/",
    "http://[64:ff9b::127.0.0.1]/",
    "http://[2002:7f00:1::]/",
    # userinfo / backslash parser differentials
    "http://news.example.com@127.0.0.1/",
    "http://news.example.com\\@127.0.0.1/",
    # schemes
    "ftp://example.com/",
    "file:///etc/passwd",
    "gopher://127.0.0.1:6379/_INFO",
    "javascript:alert(1)",
    "http:///nohost",
]

METADATA = [
    "http://169.254.169.254/latest/meta-data/",
    "http://[fd00:ec2::254]/latest/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://METADATA.GOOGLE.INTERNAL./",
    "http://0xa9fea9fe/",  # 169.254.169.254 in hex
    "http://2852039166/",  # ... and in decimal
    "http://[::ffff:169.254.169.254]/",
    "http://100.100.100.200/latest/meta-data/",
]


@pytest.mark.parametrize("url", REFUSED)
def test_refused(url):
    with pytest.raises(UnsafeURL):
        check_url(url)


@pytest.mark.parametrize("url", METADATA)
def test_metadata_refused_even_with_allow_private(url):
    for allow in (False, True):
        with pytest.raises(UnsafeURL):
            check_url(url, allow_private=allow)


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8080/feed", "http://localhost/", "http://10.0.0.5/rss", "http://[::1]/", "http://127.1/",
     "http://192.168.1.20/"],
)
def test_allow_private_lets_intranet_through(url):
    check_url(url, allow_private=True)


@pytest.mark.parametrize("url", ["https://8.8.8.8/", "http://1.1.1.1:8080/a", "https://[2606:4700:4700::1111]/"])
def test_public_ip_literals_pass_without_dns(url):
    check_url(url)


def test_scheme_still_checked_when_private_allowed():
    with pytest.raises(UnsafeURL):
        check_url("ftp://127.0.0.1/", allow_private=True)


def test_names_without_dns_when_not_resolving():
    # Offline transports never touch the network, so only static checks apply.
    check_url("https://www.yna.co.kr/rss/news.xml", resolve=False)
    check_url("https://뉴스.한국/rss", resolve=False)
    with pytest.raises(UnsafeURL):
        check_url("http://localhost/", resolve=False)
    with pytest.raises(UnsafeURL):
        check_url("http://0x7f.1/", resolve=False)


def _loopback_name() -> str | None:
    """A name this machine resolves to loopback (hosts file), other than 'localhost'."""
    for name in (socket.gethostname(), "ip6-localhost", "ip6-loopback"):
        try:
            infos = socket.getaddrinfo(name, None, 0, socket.SOCK_STREAM)
        except OSError:
            continue
        addrs = {ipaddress.ip_address(i[4][0].split("%")[0]) for i in infos}
        if addrs and all(a.is_loopback for a in addrs) and name != "localhost":
            return name
    return None


def test_name_resolving_to_loopback_refused():
    name = _loopback_name()
    if name is None:
        pytest.skip("no non-'localhost' name resolves to loopback here")
    with pytest.raises(UnsafeURL, match="resolves to"):
        check_url(f"http://{name}/feed")
    with pytest.raises(UnsafeURL, match="resolves to"):
        asyncio.run(asyncio.wait_for(check_url_async(f"http://{name}/feed"), 10))
    check_url(f"http://{name}/feed", allow_private=True)


def test_unresolvable_name_is_an_oserror_not_unsafe():
    # .invalid never resolves (RFC 2606), so this needs no network.
    with pytest.raises(OSError):
        check_url("http://no-such-host.invalid/")
    with pytest.raises(OSError):
        asyncio.run(asyncio.wait_for(check_url_async("http://no-such-host.invalid/"), 10))


def test_parse_numeric_ipv4_matches_inet_aton():
    cases = {
        "2130706433": "127.0.0.1",
        "0x7f.1": "127.0.0.1",
        "0177.0.0.1": "127.0.0.1",
        "127.1": "127.0.0.1",
        "10.258": "10.0.1.2",
        "0xa9.0xfe.0xa9.0xfe": "169.254.169.254",
        "1.2.3.4": "1.2.3.4",
    }
    for host, want in cases.items():
        assert str(parse_numeric_ipv4(host)) == want, host
        assert socket.inet_ntoa(socket.inet_aton(host)) == want, host
    for bad in ("1.2.3.4.5", "256.1.1.1", "4294967296", "08.1", "0xg.1"):
        assert parse_numeric_ipv4(bad) is None, bad


def test_check_ip():
    check_ip("93.184.216.34")
    for bad in ("127.0.0.1", "::1", "10.0.0.1", "::ffff:192.168.0.1", "fe80::1%eth0"):
        with pytest.raises(UnsafeURL):
            check_ip(bad)
    check_ip("10.0.0.1", allow_private=True)
    with pytest.raises(UnsafeURL):
        check_ip("169.254.169.254", allow_private=True)


def test_link_local_and_credential_addresses_refused_even_with_allow_private():
    for ip in ("169.254.170.2", "169.254.170.23", "169.254.1.1", "fe80::1", "::ffff:169.254.170.2"):
        with pytest.raises(UnsafeURL):
            check_ip(ip, allow_private=True)
    check_ip("10.0.0.5", allow_private=True)


def test_names_are_resolved_and_every_answer_checked_also_when_private_is_allowed():
    from pipeline.netsafety import resolve_checked

    async def table(host: str) -> list[str]:
        return {"intranet.test": ["10.0.0.7"], "meta.test": ["10.0.0.7", "169.254.169.254"],
                "pub.test": ["93.184.216.34"]}[host]

    async def go(host: str, allow: bool) -> list[str]:
        return await resolve_checked(host, allow, resolver=table)

    assert asyncio.run(go("intranet.test", True)) == ["10.0.0.7"]
    assert asyncio.run(go("pub.test", False)) == ["93.184.216.34"]
    with pytest.raises(UnsafeURL, match="resolves to"):
        asyncio.run(go("intranet.test", False))
    with pytest.raises(UnsafeURL, match="metadata"):
        asyncio.run(go("meta.test", True))  # one bad answer among good ones is enough


def test_host_listed_matches_host_and_port():
    from pipeline.netsafety import authority, host_listed

    assert authority("http://127.0.0.1:8080/feed") == "127.0.0.1:8080"
    assert authority("https://Intranet.Example/rss") == "intranet.example"
    assert host_listed("http://127.0.0.1:8080/a", ["127.0.0.1:8080"])
    assert not host_listed("http://127.0.0.1:6379/", ["127.0.0.1:8080"])
    assert host_listed("https://intranet.example/a", ["intranet.example"])  # default ports, either scheme
    assert not host_listed("http://intranet.example:8080/a", ["intranet.example"])
    assert not host_listed("http://evil.example/a", ["intranet.example"])
    assert host_listed("http://[::1]:81/", ["[::1]:81"])
