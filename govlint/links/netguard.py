"""Which addresses govlint may connect to.

A page under review must never make the machine that lints it reach its cloud metadata service
or its internal network. Every address a request would go to (an IP literal in a URL or a
redirect, and every address a name resolves to) is checked here before any connection is made.
Only global addresses pass by default, and loopback (tests and local previews); the config can
allow private addresses or named networks.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # sockets are made only when a URL is fetched, not by every run's settings
    import socket

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# First match names the class of a non-global address. Python's is_global decides the rest.
_CLASSES: tuple[tuple[str, str], ...] = (
    ("0.0.0.0/8", "unspecified"), ("::/128", "unspecified"),
    ("127.0.0.0/8", "loopback"), ("::1/128", "loopback"),
    ("169.254.0.0/16", "link-local"), ("fe80::/10", "link-local"),
    ("10.0.0.0/8", "private"), ("172.16.0.0/12", "private"), ("192.168.0.0/16", "private"),
    ("100.64.0.0/10", "shared (carrier-grade NAT)"),
    ("fc00::/7", "unique local"),
    ("224.0.0.0/4", "multicast"), ("ff00::/8", "multicast"),
    ("255.255.255.255/32", "broadcast"),
    ("192.0.2.0/24", "documentation"), ("198.51.100.0/24", "documentation"),
    ("203.0.113.0/24", "documentation"), ("2001:db8::/32", "documentation"),
    ("198.18.0.0/15", "benchmarking"),
    ("240.0.0.0/4", "reserved"), ("::/8", "reserved"),
)
_NETWORKS = tuple((ipaddress.ip_network(net), name) for net, name in _CLASSES)
# Instance metadata services of the large clouds: never reached unless named in allow_networks.
_METADATA = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "169.254.169.123", "fd00:ec2::254", "fd00:ec2::23",
    "100.100.100.200", "192.0.0.192",
))
_NEVER_BY_CLASS = frozenset({"unspecified"})
# IPv6 prefixes that carry an IPv4 address in their last 32 bits: the IPv4 address decides.
_EMBEDDING = tuple(ipaddress.ip_network(n) for n in ("::ffff:0:0/96", "64:ff9b::/96"))


class RefusedAddress(OSError):
    """An address the guard refuses; an OSError so that HTTP clients treat it as a connection
    failure. The message names the address class ('private address 10.0.0.1')."""


@dataclass(frozen=True)
class AddressPolicy:
    allow_private: bool = False  # every non-global address but metadata and unspecified ones
    allow_loopback: bool = True
    allow_networks: tuple[IPNetwork, ...] = ()  # allowed whatever their class

    def refusal(self, host: str) -> str | None:
        """Why a connection to this IP address is refused ('link-local address 169.254.169.254
        (cloud metadata)'), or None when it is allowed. A name (not an address) is None: what
        it resolves to is checked instead."""
        try:  # a zone ('fe80::1%eth0') names an interface, not another address
            address = ipaddress.ip_address(host.strip("[]").partition("%")[0])
        except ValueError:
            return None
        effective = _embedded(address)
        if any(a in net for net in self.allow_networks for a in {address, effective}):
            return None
        name = address_class(effective)
        if name is None:
            return None
        metadata = address in _METADATA or effective in _METADATA
        if name == "loopback" and self.allow_loopback:
            return None
        if self.allow_private and name not in _NEVER_BY_CLASS and name != "loopback" and not metadata:
            return None
        return f"{name} address {address}" + (" (cloud metadata)" if metadata else "")

    def answer_refusal(self, addresses: Iterable[str]) -> str | None:
        """Why a name's resolved addresses are refused: the first refused one (or one that is
        not an IP address at all), else None."""
        for address in addresses:
            try:
                ipaddress.ip_address(address.partition("%")[0])
            except ValueError:
                return f"{address!r}, which is not an IP address"
            why = self.refusal(address)
            if why is not None:
                return why
        return None


def _embedded(address: IPAddress) -> IPAddress:
    if isinstance(address, ipaddress.IPv6Address):
        if address.sixtofour is not None:
            return address.sixtofour
        if any(address in net for net in _EMBEDDING):
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def address_class(address: IPAddress) -> str | None:
    """The class of a non-global address ('private', 'link-local' ...), None for a global one."""
    for net, name in _NETWORKS:
        if address.version == net.version and address in net:
            return name
    return None if address.is_global else "non-global"


def parse_networks(values: Iterable[str], where: str) -> tuple[IPNetwork, ...]:
    """CIDR networks from the config; ValueError naming the bad one."""
    out = []
    for value in values:
        try:
            out.append(ipaddress.ip_network(value, strict=False))
        except ValueError:
            raise ValueError(f"{where}: {value!r} is not an IP network such as 10.20.0.0/16") from None
    return tuple(out)


def connect_first(answers: Iterable[tuple[Any, ...]], host: str, timeout: Any,
                  source_address: Any = None) -> socket.socket:
    """A socket connected to the first of ``answers`` (getaddrinfo's tuples, already passed by
    the guard) that accepts, as socket.create_connection tries them; else the last error."""
    import socket

    error: OSError | None = None
    for family, kind, proto, _canonical_name, sockaddr in answers:
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            sock.close()
            error = exc
    raise error or OSError(f"no address for {host}")
