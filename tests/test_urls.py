"""Hosts read as the WHATWG URL Standard reads them, and the address classes of the guard."""

from __future__ import annotations

import pytest

from govlint.links.netguard import AddressPolicy, parse_networks
from govlint.links.urls import BadUrl, normalize

SAME_AS_BROWSERS = [
    ("http://2130706433/", "http://127.0.0.1/"),
    ("http://127.1/", "http://127.0.0.1/"),
    ("http://017700000001/", "http://127.0.0.1/"),
    ("http://0x7f.1/", "http://127.0.0.1/"),
    ("http://0x7F.0.0.0x1:8080/a", "http://127.0.0.1:8080/a"),
    ("http://127.0.0.1./", "http://127.0.0.1/"),
    ("http://0/", "http://0.0.0.0/"),
    ("http://%31%32%37.1/", "http://127.0.0.1/"),
    ("http://127\uff0e1/", "http://127.0.0.1/"),  # a full-width dot is a dot
    ("http://\uff11\uff12\uff17.0.0.1/", "http://127.0.0.1/"),  # and full-width digits are digits
    ("HTTP://WWW.Defense.GOV:80/News?a=1#top", "http://www.defense.gov/News?a=1#top"),
    ("https://www.example.gov:443", "https://www.example.gov/"),
    ("http:\\\\www.example.gov\\a", "http://www.example.gov/a"),
    (" http://www.exa\tmple.gov/\n", "http://www.example.gov/"),
    ("http://[0:0:0:0:0:ffff:a9fe:a9fe]/", "http://[::ffff:a9fe:a9fe]/"),
    ("http://user:pw@0xa.1:81/", "http://user:pw@10.0.0.1:81/"),
    ("https://b\u00fccher.example/", "https://xn--bcher-kva.example/"),
    ("http://foo.0x1g/", "http://foo.0x1g/"),  # the last label is no number: a name
    ("http:///www.example.gov", "http://www.example.gov/"),  # extra slashes are skipped
]


@pytest.mark.parametrize(("url", "canonical"), SAME_AS_BROWSERS)
def test_hosts_are_parsed_as_browsers_do(url: str, canonical: str) -> None:
    assert normalize(url) == canonical


@pytest.mark.parametrize(("url", "why"), [
    ("http://[oops/", "an IPv6 host without its closing ']'"),
    ("http://[::1/", "an IPv6 host without its closing ']'"),
    ("http://[::1]x/", "characters after the IPv6 host"),
    ("http://[fe80::1%25eth0]/", "[fe80::1%25eth0] is not an IPv6 address"),
    ("http://[1.2.3.4]/", "[1.2.3.4] is not an IPv6 address"),
    ("http://1.2.3.4.5/", "1.2.3.4.5 is not an IPv4 address (more than four parts)"),
    ("http://256.1.1.1/", "256.1.1.1 is not an IPv4 address (a part is out of range)"),
    ("http://1.2.3.256/", "1.2.3.256 is not an IPv4 address (a part is out of range)"),
    ("http://4294967296/", "4294967296 is not an IPv4 address (a part is out of range)"),
    ("http://09.1/", "09.1 is not an IPv4 address"),
    ("http://foo.0x/", "foo.0x is not an IPv4 address"),  # '0x' is the number 0
    ("http://a b.gov/", "the host 'a b.gov' holds a character no host may have"),
    ("http://a%25b.gov/", "the host 'a%25b.gov' holds a character no host may have"),
    ("http://%ff.gov/", "the host is not valid UTF-8"),
    ("http://host:65536/", "port '65536' is not a number from 0 to 65535"),
    ("http://host:8o/", "port '8o' is not a number from 0 to 65535"),
    ("http://", "no host"),
    ("http://user@:80/", "no host"),
    ("ftp://example.gov/", "not an http or https URL"),
])
def test_urls_browsers_reject_are_bad(url: str, why: str) -> None:
    with pytest.raises(BadUrl) as caught:
        normalize(url)
    assert str(caught.value) == why


@pytest.mark.parametrize(("address", "refusal"), [
    ("169.254.169.254", "link-local address 169.254.169.254 (cloud metadata)"),
    ("fd00:ec2::254", "unique local address fd00:ec2::254 (cloud metadata)"),
    ("100.100.100.200", "shared (carrier-grade NAT) address 100.100.100.200 (cloud metadata)"),
    ("10.255.255.255", "private address 10.255.255.255"),
    ("172.31.0.1", "private address 172.31.0.1"),
    ("192.168.0.1", "private address 192.168.0.1"),
    ("100.127.255.254", "shared (carrier-grade NAT) address 100.127.255.254"),
    ("0.0.0.0", "unspecified address 0.0.0.0"),
    ("0.1.2.3", "unspecified address 0.1.2.3"),
    ("::", "unspecified address ::"),
    ("fe80::1%eth0", "link-local address fe80::1"),
    ("fd12:3456::1", "unique local address fd12:3456::1"),
    ("ff02::1", "multicast address ff02::1"),
    ("255.255.255.255", "broadcast address 255.255.255.255"),
    ("192.0.2.1", "documentation address 192.0.2.1"),
    ("198.18.0.1", "benchmarking address 198.18.0.1"),
    ("::ffff:192.168.1.1", "private address ::ffff:c0a8:101"),
    ("64:ff9b::a00:1", "private address 64:ff9b::a00:1"),
    ("2002:a9fe:a9fe::", "link-local address 2002:a9fe:a9fe:: (cloud metadata)"),
    ("127.0.0.1", None), ("127.8.9.10", None), ("::1", None), ("::ffff:127.0.0.1", None),
    ("8.8.8.8", None), ("2606:4700::1111", None), ("::ffff:8.8.8.8", None),
    ("www.example.gov", None),  # a name: what it resolves to is checked
])
def test_address_classes(address: str, refusal: str | None) -> None:
    assert AddressPolicy().refusal(address) == refusal


def test_policies() -> None:
    relaxed = AddressPolicy(allow_private=True)
    assert relaxed.refusal("10.0.0.1") is None and relaxed.refusal("fe80::1") is None
    assert relaxed.refusal("169.254.169.254") is not None and relaxed.refusal("0.0.0.0") is not None
    named = AddressPolicy(allow_loopback=False, allow_networks=parse_networks(["169.254.169.254/32"], "x"))
    assert named.refusal("169.254.169.254") is None and named.refusal("::ffff:169.254.169.254") is None
    assert named.refusal("127.0.0.1") == "loopback address 127.0.0.1"
    assert AddressPolicy().answer_refusal(["8.8.8.8", "10.0.0.1"]) == "private address 10.0.0.1"
    assert AddressPolicy().answer_refusal(["not-an-ip"]) == "'not-an-ip', which is not an IP address"
    with pytest.raises(ValueError, match=r"'10\.0\.0\.0/33' is not an IP network"):
        parse_networks(["10.0.0.0/33"], "links.allow_networks")
