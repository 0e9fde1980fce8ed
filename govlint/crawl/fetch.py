"""One HTTP request of a crawl: every connection through the address guard (with the
--resolve map), one deadline for the whole response, headers included, and bounded bodies,
decompressed ones too. Redirects are not followed here: the crawler decides about each hop."""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import socket
import ssl
import threading
import time
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ..links.netguard import AddressPolicy, RefusedAddress, connect_first
from ..links.urls import host_of

_CHUNK = 64 * 1024
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True)
class Resolve:
    """curl's --resolve HOST:PORT:ADDRESS: this host and port are reached at this address."""

    host: str
    port: int
    address: str

    @classmethod
    def parse(cls, text: str) -> Resolve:
        """ValueError with the reason when ``text`` is not HOST:PORT:ADDRESS."""
        host, sep, rest = text.partition(":")
        port, sep2, address = rest.partition(":")
        if not (host and sep and sep2 and address) or not port.isdigit() or not 0 < int(port) < 65536:
            raise ValueError(f"{text!r} is not HOST:PORT:ADDRESS (e.g. www.agency.gov:443:127.0.0.1)")
        try:
            ipaddress.ip_address(address.strip("[]"))
        except ValueError:
            raise ValueError(f"{text!r}: {address!r} is not an IP address") from None
        return cls(host.lower(), int(port), address.strip("[]"))


@dataclass(frozen=True)
class Network:
    """How a crawl reaches hosts: the address guard for names it resolves, and --resolve
    entries, whose loopback address is allowed because the user named it."""

    policy: AddressPolicy = field(default_factory=lambda: AddressPolicy(allow_loopback=False))
    resolve: tuple[Resolve, ...] = ()

    def mapped(self, host: str, port: int) -> str | None:
        for entry in self.resolve:
            if entry.host == host.lower() and entry.port == port:
                return entry.address
        return None

    def addresses(self, host: str, port: int) -> list[tuple[Any, ...]]:
        """getaddrinfo-style answers for a connection, every one past the guard; RefusedAddress
        or socket.gaierror otherwise."""
        address = self.mapped(host, port)
        if address is not None:
            explicit = AddressPolicy(allow_private=self.policy.allow_private, allow_loopback=True,
                                     allow_networks=self.policy.allow_networks)
            why = explicit.refusal(address)
            if why is not None:
                raise RefusedAddress(f"{host} (--resolve) is {why}")
            return socket.getaddrinfo(address, port, type=socket.SOCK_STREAM,
                                      flags=socket.AI_NUMERICHOST)
        literal = self.policy.refusal(host)
        if literal is not None:
            raise RefusedAddress(literal)
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        why = self.policy.answer_refusal(str(info[4][0]) for info in answers)
        if why is not None:
            raise RefusedAddress(f"{host} resolves to {why}")
        return answers


@dataclass(frozen=True)
class Response:
    url: str
    status: int  # 0 when there was no response (``error`` says why)
    headers: Mapping[str, str] = field(default_factory=dict)  # lower-case names
    body: bytes | None = None  # read only when asked for and the status is 2xx
    error: str = ""
    refused: bool = False  # the address guard refused it

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        for part in self.headers.get("content-type", "").split(";")[1:]:
            name, _, value = part.strip().partition("=")
            if name.strip().lower() == "charset" and value.strip():
                return value.strip().strip("\"'")
        return None


@dataclass(frozen=True)
class Limits:
    timeout: float = 10.0  # seconds for the whole response: connect, headers and body
    max_bytes: int = 8 * 1024 * 1024  # body size, after decompression too
    user_agent: str = "govlint"


class TooLarge(Exception):
    pass


def get(url: str, network: Network, limits: Limits, headers: Mapping[str, str],
        want_body: bool | frozenset[str], method: str = "GET", *, data: bytes | None = None,
        every_status: bool = False) -> Response:
    """One GET. ``want_body``: read the body of a 2xx response (up to the limit), or only when
    its content type is one of these; otherwise it is left unread (a large PDF costs nothing).
    ``data`` is sent as the request body (a browser's POST); ``every_status`` reads the body
    of any response, not only a 2xx one (what a browser's script sees of an error page).
    Failures are a Response with ``error`` set, never an exception."""
    parts = urlsplit(url)
    host = host_of(url)
    port = parts.port or _DEFAULT_PORTS.get(parts.scheme, 80)
    deadline = time.monotonic() + limits.timeout
    connection: http.client.HTTPConnection
    named = f"[{host}]" if ":" in host else host
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(named, port, timeout=limits.timeout,
                                                 context=ssl.create_default_context())
    else:
        connection = http.client.HTTPConnection(named, port, timeout=limits.timeout)
    watchdog = _Watchdog(deadline)
    connection._create_connection = _connector(network, watchdog)  # type: ignore[attr-defined]
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    sent = {"User-Agent": limits.user_agent, "Accept": "text/html,application/xhtml+xml,*/*;q=0.5",
            "Accept-Encoding": "gzip, deflate", **headers}
    try:
        connection.request(method, path, body=data, headers=sent)
        response = connection.getresponse()
        watchdog.check()  # headers cut short by the deadline are no response
        got = {k.lower(): v for k, v in response.getheaders()}
        body = None
        kind = got.get("content-type", "").split(";")[0].strip().lower()
        wanted = want_body if isinstance(want_body, bool) else kind in want_body
        if wanted and method != "HEAD" and (every_status or 200 <= response.status < 300):
            body = _read(response, got.get("content-encoding", ""), limits.max_bytes, watchdog)
        return Response(url, response.status, got, body)
    except RefusedAddress as exc:
        return Response(url, 0, error=f"refused: {exc}", refused=True)
    except TooLarge:
        return Response(url, 0, error=f"larger than {limits.max_bytes:,} bytes ([links] max_body_size)")
    except (TimeoutError, _Expired):
        return Response(url, 0, error=f"timed out after {limits.timeout:g} s ([links] timeout)")
    except ssl.SSLError as exc:
        return Response(url, 0, error=f"TLS error: {exc.reason or exc}")
    except socket.gaierror as exc:
        return Response(url, 0, error=f"host not found (DNS): {host} ({exc.strerror or exc})")
    except (OSError, http.client.HTTPException, zlib.error) as exc:
        if watchdog.fired:
            return Response(url, 0, error=f"timed out after {limits.timeout:g} s ([links] timeout)")
        text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return Response(url, 0, error=f"cannot fetch: {text[:200]}")
    finally:
        watchdog.cancel()
        connection.close()


class _Expired(Exception):
    pass


class _Watchdog:
    """Shuts the socket down at the deadline, so that a server trickling its headers or body
    a byte at a time cannot hold a request longer than the time limit."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.fired = False
        self._timer: threading.Timer | None = None

    def watch(self, sock: socket.socket) -> None:
        def fire() -> None:
            self.fired = True
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self._timer = threading.Timer(max(0.0, self.deadline - time.monotonic()), fire)
        self._timer.daemon = True
        self._timer.start()

    def check(self) -> None:
        if self.fired or time.monotonic() > self.deadline:
            raise _Expired

    def cancel(self) -> None:
        if self._timer is not None:
            self._timer.cancel()


def _connector(network: Network, watchdog: _Watchdog) -> Any:
    def create(address: tuple[str, int], timeout: Any = None, source_address: Any = None,
               **_: Any) -> socket.socket:
        host, port = address
        sock = connect_first(network.addresses(host.strip("[]"), port), host, timeout)
        watchdog.watch(sock)
        return sock
    return create


def _read(response: http.client.HTTPResponse, encoding: str, limit: int, watchdog: _Watchdog) -> bytes:
    """The body, decompressed (gzip, deflate) and bounded after decompression: a small
    compressed bomb is TooLarge, not gigabytes in memory."""
    declared = response.getheader("Content-Length")
    if declared and declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise TooLarge
    encoding = encoding.strip().lower()
    inflate = None
    if encoding in ("gzip", "x-gzip", "deflate"):
        inflate = zlib.decompressobj(16 + zlib.MAX_WBITS if encoding != "deflate" else zlib.MAX_WBITS)
    parts: list[bytes] = []
    size = 0
    while True:
        watchdog.check()
        chunk = response.read1(_CHUNK)
        if not chunk:
            break
        if inflate is not None:
            chunk = inflate.decompress(chunk, limit + 1 - size)
            if inflate.unconsumed_tail:
                raise TooLarge
        size += len(chunk)
        if size > limit:
            raise TooLarge
        parts.append(chunk)
    watchdog.check()
    return b"".join(parts)


def decompress(data: bytes, limit: int) -> bytes:
    """A gzip file's content (a sitemap.xml.gz), at most ``limit`` bytes: TooLarge past it."""
    inflate = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = inflate.decompress(data, limit + 1)
    if len(out) > limit or inflate.unconsumed_tail:
        raise TooLarge
    return out
