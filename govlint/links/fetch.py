"""Fetch one page for a URL input: the address guard on every hop, bounded in size and time.

The standard library's HTTP client, with its connections opened here: each name is resolved,
every address it resolves to passes the guard, and only then is a connection made, to one of
those very addresses. Redirects are followed by hand (http and https only, each hop guarded),
and the body is read in chunks up to a size limit. One deadline covers the whole response, status
line and headers included: before every read from the socket its timeout is set to the time
left, so a server that sends a byte every few seconds cannot keep a run waiting.
"""

from __future__ import annotations

import http.client
import io
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin, urlsplit

from .netguard import AddressPolicy, RefusedAddress, connect_first
from .urls import BadUrl, normalize

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_HTML = ("text/html", "application/xhtml+xml")
_CHUNK = 64 * 1024


class FetchError(Exception):
    """The page could not be fetched; the message is one line."""


@dataclass(frozen=True)
class FetchLimits:
    policy: AddressPolicy
    timeout: float  # seconds for each request, connecting to the last byte
    max_bytes: int
    max_redirects: int
    user_agent: str


@dataclass(frozen=True)
class Fetched:
    data: bytes
    charset: str | None  # from Content-Type
    url: str  # after redirects


def fetch_page(url: str, limits: FetchLimits) -> Fetched:
    try:
        current = normalize(url)
    except BadUrl as exc:
        raise FetchError(f"not a valid URL ({exc})") from None
    for _ in range(limits.max_redirects + 1):
        response, location = _get(current, limits)
        if location is None:
            return response
        try:
            current = normalize(urljoin(current, location))
        except (BadUrl, ValueError) as exc:
            raise FetchError(f"redirect to an invalid URL {location!r} ({exc})") from None
    raise FetchError(f"more than {limits.max_redirects} redirects ([links] max_redirects)")


def _get(url: str, limits: FetchLimits) -> tuple[Fetched, str | None]:
    """The page, or (empty, Location) for a redirect."""
    deadline = time.monotonic() + limits.timeout
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port
    named = f"[{host}]" if ":" in host else host  # http.client reads 'a:b' as host and port
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(named, port, timeout=limits.timeout,
                                                 context=ssl.create_default_context())
    else:
        connection = http.client.HTTPConnection(named, port, timeout=limits.timeout)
    # Both classes open their socket through this attribute; TLS is wrapped around it after.
    connection._create_connection = _guarded(limits.policy)  # type: ignore[attr-defined]
    # getresponse() reads the status line, headers and body through the response's file.
    connection.response_class = _deadline_response(deadline)  # type: ignore[assignment]
    path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request("GET", path, headers={
            "User-Agent": limits.user_agent, "Accept": "text/html,application/xhtml+xml",
            "Accept-Encoding": "identity"})
        response = connection.getresponse()
        location = response.getheader("Location")
        if response.status in _REDIRECTS and location:
            return Fetched(b"", None, url), location
        if not 200 <= response.status < 300:
            raise FetchError(f"HTTP {response.status} {response.reason}".strip())
        kind = response.headers.get_content_type()
        if kind not in _HTML:
            raise FetchError(f"not an HTML page (Content-Type: {kind})")
        data = _read(response, limits.max_bytes)
        return Fetched(data, response.headers.get_content_charset(), url), None
    except RefusedAddress as exc:
        raise FetchError(f"refused: {exc}; see [links] allow_private and allow_networks") from None
    except ssl.SSLError as exc:
        raise FetchError(f"TLS error: {exc.reason or exc}") from None
    except _Expired:
        raise FetchError(f"the response took more than {limits.timeout:g} s to arrive "
                         "([links] timeout)") from None
    except TimeoutError:
        raise FetchError(f"timed out after {limits.timeout:g} s ([links] timeout)") from None
    except socket.gaierror as exc:
        raise FetchError(f"host not found (DNS): {host} ({exc.strerror or exc})") from None
    except (OSError, http.client.HTTPException) as exc:
        text = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise FetchError(f"cannot fetch: {text}") from None
    finally:
        connection.close()


def _read(response: http.client.HTTPResponse, limit: int) -> bytes:
    """The body in chunks; an error past the size limit (an endless body costs at most the
    limit; a trickling one meets the response's deadline)."""
    declared = response.getheader("Content-Length")
    too_big = (f"the page is larger than {limit:,} bytes ([links] max_body_size); "
               "it was not linted")
    if declared and declared.isascii() and declared.isdigit() and int(declared) > limit:
        raise FetchError(too_big)
    parts: list[bytes] = []
    size = 0
    while True:
        chunk = response.read1(_CHUNK)
        if not chunk:
            return b"".join(parts)
        size += len(chunk)
        if size > limit:
            raise FetchError(too_big)
        parts.append(chunk)


class _Expired(TimeoutError):
    """The response's deadline passed."""


class _DeadlineReader(io.RawIOBase):
    """A socket's reads with one deadline for all of them: each may wait only for the time
    left (a timeout per read alone lets a trickle go on forever)."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        super().__init__()
        self._sock = sock
        # The socket's own reader keeps its descriptor open until this file is closed, even
        # after the connection closes the socket (it does once a response's headers say so).
        self._raw = sock.makefile("rb", buffering=0)
        self._deadline = deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int | None:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise _Expired
        self._sock.settimeout(left)
        try:
            return self._raw.readinto(buffer)
        except TimeoutError:
            raise _Expired from None

    def close(self) -> None:
        self._raw.close()
        super().close()


class _DeadlineSocket:
    """What HTTPResponse asks of its socket (``makefile``), over a deadline reader."""

    def __init__(self, sock: socket.socket, deadline: float) -> None:
        self._sock = sock
        self._deadline = deadline

    def makefile(self, mode: str = "rb", *_: Any, **__: Any) -> io.BufferedReader:
        return io.BufferedReader(_DeadlineReader(self._sock, self._deadline))


def _deadline_response(deadline: float) -> Any:
    def make(sock: socket.socket, *args: Any, **kwargs: Any) -> http.client.HTTPResponse:
        return http.client.HTTPResponse(_DeadlineSocket(sock, deadline), *args, **kwargs)  # type: ignore[arg-type]
    return make


def _guarded(policy: AddressPolicy) -> Any:
    """socket.create_connection, but every address the host resolves to passes the guard
    before any connection is tried."""
    def create(address: tuple[str, int], timeout: Any = None, source_address: Any = None,
               **_: Any) -> socket.socket:
        host, port = address
        literal = policy.refusal(host)  # an IP literal: refused without even resolving it
        if literal is not None:
            raise RefusedAddress(literal)
        answers = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        why = policy.answer_refusal(str(info[4][0]) for info in answers)
        if why is not None:
            raise RefusedAddress(why if _is_address(host) else f"{host} resolves to {why}")
        return connect_first(answers, host, timeout, source_address)
    return create


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True
