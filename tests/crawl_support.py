"""A site on 127.0.0.1 for crawl tests: each response is given by a route table, every request
is recorded (path, Host, arrival order) with the number in flight per host, and a guard makes
any connection to another address fail the test."""

from __future__ import annotations

import http.server
import socket
import struct
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

Body = bytes | Callable[["Request"], "Reply"]


@dataclass(frozen=True)
class Reply:
    status: int = 200
    body: bytes = b""
    headers: tuple[tuple[str, str], ...] = (("Content-Type", "text/html; charset=utf-8"),)
    drip: bool = False  # a hostile server: its headers one byte at a time, never ending
    reset: bool = False  # a server gone: the connection reset, no answer at all


@dataclass(frozen=True)
class Request:
    path: str
    host: str
    headers: dict[str, str]


@dataclass
class Site:
    routes: dict[str, Reply | Callable[[Request], Reply]] = field(default_factory=dict)
    requests: list[Request] = field(default_factory=list)
    in_flight: Counter[str] = field(default_factory=Counter)
    peak: Counter[str] = field(default_factory=Counter)
    hold: float = 0.0  # seconds each page response is held (woken early past the limit below)
    limit: int = 2
    on_request: Callable[[Request, int], None] | None = None  # (request, number of requests so far)
    port: int = 0
    root: Path | None = None  # files served from here when no route matches
    lock: threading.Condition = field(default_factory=threading.Condition)

    def paths(self, host: str | None = None) -> list[str]:
        with self.lock:
            return [r.path for r in self.requests if host is None or r.host.split(":")[0] == host]

    def page(self, path: str, html: str, status: int = 200) -> None:
        self.routes[path] = Reply(status, html.encode())


def page(title: str, *links: str, body: str = "") -> str:
    anchors = "".join(f'<a href="{href}">link {i}</a>' for i, href in enumerate(links))
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>'
            f"<body><main><h1>{title}</h1><p>{anchors}</p>{body}</main></body></html>")


def _from_folder(root: Path, path: str) -> Reply | None:
    """A file under ``root``, a folder's index.html, or a redirect to the folder's URL with a
    slash (as web servers do)."""
    target = (root / unquote(path).lstrip("/")).resolve()
    if not target.is_relative_to(root.resolve()):
        return None
    if target.is_dir():
        if not path.endswith("/"):
            return Reply(301, b"", (("Location", path + "/"),))
        target = target / "index.html"
    if not target.is_file():
        return None
    kind = "text/html; charset=utf-8" if target.suffix in (".html", ".htm") else "application/octet-stream"
    return Reply(200, target.read_bytes(), (("Content-Type", kind),))


def _handler(site: Site) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            self._serve()

        def do_HEAD(self) -> None:
            self._serve(head=True)

        def _serve(self, head: bool = False) -> None:
            host = self.headers.get("Host", "")
            request = Request(self.path, host, {k.lower(): v for k, v in self.headers.items()})
            name = host.split(":")[0]
            with site.lock:
                site.requests.append(request)
                count = len(site.requests)
                site.in_flight[name] += 1
                site.peak[name] = max(site.peak[name], site.in_flight[name])
                site.lock.notify_all()
            reply: Reply | None = None
            try:
                if site.on_request is not None:
                    site.on_request(request, count)
                if site.hold:
                    with site.lock:  # a request more than the limit wakes everyone: the test sees it
                        site.lock.wait_for(lambda: site.in_flight[name] > site.limit, site.hold)
                route = site.routes.get(self.path) or site.routes.get(self.path.split("?")[0])
                reply = route(request) if callable(route) else route
                if reply is None and site.root is not None:
                    reply = _from_folder(site.root, self.path.split("?")[0])
                if reply is None:
                    reply = Reply(404, b"<!DOCTYPE html><title>Not found</title>")
            finally:
                # Out of flight before the answer leaves: the client can start its next request
                # as soon as it has read this one, maybe before this thread runs again.
                with site.lock:
                    site.in_flight[name] -= 1
            if reply is not None and reply.reset:
                # SO_LINGER 0: closing the socket sends a TCP reset instead of an answer
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.close_connection = True
            elif reply is not None and reply.drip:
                self._drip()
            elif reply is not None:
                self.send_response(reply.status)
                for key, value in reply.headers:
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                if not head:
                    self.wfile.write(reply.body)

        def _drip(self) -> None:
            """Send 'HTTP/1.1 200 OK' and then header bytes, 20 a second, until the client
            hangs up (what a slow-loris server does to a client without an overall deadline)."""
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            gone = threading.Event()
            try:
                while not gone.wait(0.05):
                    self.wfile.write(b"X")
                    self.wfile.flush()
            except OSError:
                self.close_connection = True

    return Handler


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], OSError):  # a client that hung up is no news
            super().handle_error(request, client_address)


@contextmanager
def serve(site: Site) -> Iterator[Site]:
    server = _Server(("127.0.0.1", 0), _handler(site))
    server.daemon_threads = True
    site.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()


# --- nothing leaves 127.0.0.1 ---------------------------------------------------------

_elsewhere: list[str] = []
_guarding = threading.Event()


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if not _guarding.is_set():
        return
    if event == "socket.connect":
        address = args[1]
        if isinstance(address, tuple) and address and address[0] not in ("127.0.0.1",):
            _elsewhere.append(f"connect {address!r}")
            raise OSError(f"test guard: connection to {address!r} refused")
    elif event == "socket.getaddrinfo":
        host = args[0]
        if isinstance(host, bytes):
            host = host.decode()
        if host not in ("127.0.0.1", "localhost", None):  # localhost: /etc/hosts, never the network
            _elsewhere.append(f"getaddrinfo {host!r}")
            raise OSError(f"test guard: name look-up of {host!r} refused")


_installed: list[bool] = []


@contextmanager
def only_loopback() -> Iterator[list[str]]:
    """Every connection and name look-up in this process must be to 127.0.0.1 while inside;
    anything else is refused and listed (the test asserts the list is empty)."""
    if not _installed:
        sys.addaudithook(_audit)
        _installed.append(True)
    _elsewhere.clear()
    _guarding.set()
    try:
        yield _elsewhere
    finally:
        _guarding.clear()


GUARDED_MAIN = (
    "import sys; sys.path.insert(0, {tests!r}); import crawl_support as c; "
    "ctx = c.only_loopback(); seen = ctx.__enter__(); from govlint.cli import main; code = main(); "
    "sys.stderr.write(''.join(f'ELSEWHERE: {{s}}\\n' for s in seen)); sys.exit(code)"
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
