"""http(s) URLs read the way browsers read them (the WHATWG URL Standard's host parser).

A browser takes ``http://2130706433/``, ``http://127.1/``, ``http://017700000001/`` and
``http://0x7f.1/`` to be 127.0.0.1, so the address guard must see them that way too; and a URL a
browser cannot parse (``http://[oops/``) is a finding, never a crash.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import SplitResult, unquote_to_bytes, urlsplit

# Code points the WHATWG URL Standard forbids in a domain (forbidden host code points, C0
# controls, '%' and DEL).
_FORBIDDEN_DOMAIN = frozenset("\x00\t\n\r #/:<>?@[\\]^|%\x7f") | frozenset(map(chr, range(0x20)))
_TAB_NEWLINE = re.compile(r"[\t\n\r]")
_C0_SPACE = "".join(map(chr, range(0x21)))
_DEFAULT_PORTS = {"http": 80, "https": 443}


_NO_PARTS = SplitResult("", "", "", "", "")


def split(url: str) -> SplitResult:
    """urllib's split of a URL from a page, which never raises: one it refuses (``http://[oops/``,
    a host that NFKC-normalises to a delimiter) has no parts, so no rule mistakes it for a path."""
    try:
        return urlsplit(url)
    except ValueError:
        return _NO_PARTS


class BadUrl(ValueError):
    """Not a URL a browser could follow; the message says why in a few words."""


def normalize(url: str) -> str:
    """The http(s) URL with its host in canonical form (IPv4 dotted, IPv6 compressed in
    brackets, a domain in lower-case ASCII) and the default port dropped; BadUrl otherwise."""
    url = _TAB_NEWLINE.sub("", url.strip(_C0_SPACE))
    scheme, sep, rest = url.partition(":")
    scheme = scheme.lower()
    if not sep or scheme not in _DEFAULT_PORTS:
        raise BadUrl("not an http or https URL")
    rest = rest.replace("\\", "/")  # special schemes treat a backslash as a slash
    rest = rest.lstrip("/")
    end = min((i for i in (rest.find(c) for c in "/?#") if i >= 0), default=len(rest))
    authority, tail = rest[:end], rest[end:]
    userinfo, at, hostport = authority.rpartition("@")
    host, port = _split_port(hostport)
    canonical = parse_host(host)
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        canonical += f":{port}"
    if not tail.startswith("/"):
        tail = "/" + tail
    return f"{scheme}://{userinfo}{at}{canonical}{tail}"


def _split_port(hostport: str) -> tuple[str, int | None]:
    if hostport.startswith("["):
        close = hostport.find("]")
        if close < 0:
            raise BadUrl("an IPv6 host without its closing ']'")
        host, after = hostport[:close + 1], hostport[close + 1:]
        if after and not after.startswith(":"):
            raise BadUrl("characters after the IPv6 host")
        digits = after[1:] if after else ""
    else:
        host, _, digits = hostport.partition(":")
    if not digits:
        return host, None
    if not digits.isascii() or not digits.isdigit() or int(digits) > 65535:
        raise BadUrl(f"port {digits!r} is not a number from 0 to 65535")
    return host, int(digits)


def parse_host(host: str) -> str:
    """The WHATWG host parser for special schemes: the canonical host, or BadUrl."""
    if not host:
        raise BadUrl("no host")
    if host.startswith("["):
        if not host.endswith("]"):
            raise BadUrl("an IPv6 host without its closing ']'")
        inner = host[1:-1]
        if "%" in inner:  # zone identifiers are not part of URLs
            raise BadUrl(f"{host} is not an IPv6 address")
        try:
            return f"[{ipaddress.IPv6Address(inner).compressed}]"
        except ValueError:
            raise BadUrl(f"{host} is not an IPv6 address") from None
    try:
        domain = unquote_to_bytes(host).decode("utf-8")
    except UnicodeDecodeError:
        raise BadUrl("the host is not valid UTF-8") from None
    ascii_domain = _to_ascii(domain)
    if _FORBIDDEN_DOMAIN & set(ascii_domain):
        raise BadUrl(f"the host {host!r} holds a character no host may have")
    if _ends_in_number(ascii_domain):
        return _parse_ipv4(ascii_domain)
    return ascii_domain


def _to_ascii(domain: str) -> str:
    if domain.isascii():
        return domain.lower()
    try:
        return domain.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise BadUrl(f"the host {domain!r} is not a valid international domain name") from None


def _ends_in_number(domain: str) -> bool:
    parts = domain.split(".")
    if parts[-1] == "":
        if len(parts) == 1:
            return False
        parts.pop()
    last = parts[-1]
    if last and last.isascii() and last.isdigit():
        return True
    return _ipv4_number(last) is not None


def _ipv4_number(part: str) -> int | None:
    if not part:
        return None
    radix = 10
    if part[:2] in ("0x", "0X"):
        part, radix = part[2:], 16
    elif len(part) >= 2 and part[0] == "0":
        part, radix = part[1:], 8
    if not part:
        return 0
    digits = "0123456789abcdef"[:radix]
    if not part.isascii() or any(c not in digits for c in part.lower()):
        return None
    return int(part, radix)


def _parse_ipv4(domain: str) -> str:
    parts = domain.split(".")
    if parts[-1] == "" and len(parts) > 1:
        parts.pop()
    if len(parts) > 4:
        raise BadUrl(f"{domain} is not an IPv4 address (more than four parts)")
    numbers = [_ipv4_number(p) for p in parts]
    if any(n is None for n in numbers):
        raise BadUrl(f"{domain} is not an IPv4 address")
    values = [n for n in numbers if n is not None]
    if any(n > 255 for n in values[:-1]) or values[-1] >= 256 ** (5 - len(values)):
        raise BadUrl(f"{domain} is not an IPv4 address (a part is out of range)")
    address = values[-1]
    for i, n in enumerate(values[:-1]):
        address += n * 256 ** (3 - i)
    return str(ipaddress.IPv4Address(address))


def host_of(url: str) -> str:
    """The canonical host of a normalized URL (without brackets or port)."""
    authority = url.split("://", 1)[1].split("/", 1)[0].rpartition("@")[2]
    if authority.startswith("["):
        return authority[1:authority.index("]")]
    return authority.rsplit(":", 1)[0] if ":" in authority else authority
