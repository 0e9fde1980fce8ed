"""A real HTTP server on 127.0.0.1 with the behaviours link checkers meet in the wild."""

from __future__ import annotations

import http.server
import re
import socket
import struct
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import unquote

_BIG = re.compile(r"^/big-(\d+)k\.html$")
PAGE = (b"<!DOCTYPE html><html><head><meta charset='utf-8'><title>Target</title></head>"
        b"<body><h1 id='present'>Here</h1><a name='named'></a></body></html>")


@dataclass
class Log:
    """What the server saw: (method, path) counts, and the body bytes it sent per path.
    ``released`` lets the /stall requests answer (set when the server stops)."""

    counts: Counter[tuple[str, str]] = field(default_factory=Counter)
    sent: Counter[str] = field(default_factory=Counter)
    changed: threading.Condition = field(default_factory=threading.Condition)
    released: threading.Event = field(default_factory=threading.Event)

    def hit(self, method: str, path: str) -> int:
        with self.changed:
            self.counts[(method, path)] += 1
            self.changed.notify_all()
            return sum(n for (_, p), n in self.counts.items() if p == path)

    def total(self, path: str) -> int:
        with self.changed:
            return sum(n for (_, p), n in self.counts.items() if p == path)

    def wait_for_request(self, prefix: str) -> None:
        """Return once a request for a path starting with ``prefix`` has arrived."""
        with self.changed:
            arrived = self.changed.wait_for(lambda: any(p.startswith(prefix) for _, p in self.counts), 600)
        assert arrived, f"no request for {prefix} arrived"


def big_page(size: int) -> bytes:
    """An HTML page of about ``size`` bytes whose only id, 'late', is at its very end."""
    head = b"<!DOCTYPE html><html><head><title>Long</title></head><body>\n"
    tail = b'<h2 id="late">The end</h2></body></html>\n'
    filler = b"<p>A paragraph of text that fills the page.</p>\n"
    return head + filler * max(0, (size - len(head) - len(tail)) // len(filler)) + tail


def _handler(log: Log) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def do_HEAD(self) -> None:
            self._serve("HEAD")

        def do_GET(self) -> None:
            self._serve("GET")

        def _send(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None,
                  method: str = "GET") -> None:
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if method == "GET":
                self.wfile.write(body)

        def _endless(self, method: str) -> None:
            """200 and a body that never ends (no Content-Length), until the client leaves."""
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            if method != "GET":
                return
            chunk = b"<p>more</p>\n" * 5000
            try:
                while True:
                    self.wfile.write(chunk)
                    with log.changed:
                        log.sent[self.path] += len(chunk)
            except OSError:
                self.close_connection = True

        def _stall(self, method: str) -> None:
            """No answer until the test (or the server's end) releases it."""
            log.released.wait()
            try:
                self._send(200, b"late", method=method)
            except OSError:  # the client gave up long ago
                self.close_connection = True

        def _serve(self, method: str) -> None:
            path = self.path
            seen = log.hit(method, path)
            big = _BIG.match(path)
            if path.startswith("/to?url="):
                self._send(302, headers={"Location": unquote(path[len("/to?url="):])}, method=method)
            elif path == "/endless":
                self._endless(method)
            elif big:
                self._send(200, big_page(int(big[1]) * 1024), method=method)
            elif path.startswith("/hour-429"):
                self._send(429, b"slow down", {"Retry-After": "3600"}, method=method)
            elif path.startswith("/busy"):
                self._send(503, b"busy", {"Retry-After": "1"}, method=method)
            elif path.startswith("/ok") or path.startswith("/host"):
                self._send(200, b"ok", method=method)
            elif path == "/page.html":
                self._send(200, PAGE, method=method)
            elif path == "/redirect-1":
                self._send(301, headers={"Location": "/redirect-2"}, method=method)
            elif path == "/redirect-2":
                self._send(302, headers={"Location": "/ok-final"}, method=method)
            elif path in ("/loop-a", "/loop-b"):
                other = "/loop-b" if path == "/loop-a" else "/loop-a"
                self._send(302, headers={"Location": other}, method=method)
            elif path == "/missing":
                self._send(404, b"not found", method=method)
            elif path == "/gone":
                self._send(410, b"gone", method=method)
            elif path == "/error":
                self._send(500, b"error", method=method)
            elif path == "/flaky":
                self._send(503 if seen <= 2 else 200, b"busy", method=method)
            elif path == "/limited":
                if seen == 1:
                    self._send(429, b"slow down", {"Retry-After": "1"}, method=method)
                else:
                    self._send(200, b"ok", method=method)
            elif path == "/no-head":
                self._send(405 if method == "HEAD" else 200, b"ok", method=method)
            elif path == "/forbidden":
                self._send(403, b"no", method=method)
            elif path == "/bot-wall":
                self._send(403, b"challenge", {"cf-mitigated": "challenge"}, method=method)
            elif path == "/linkedin":
                self._send(999, b"", method=method)
            elif path == "/auth":
                good = self.headers.get("Authorization") == "Bearer s3cret"
                self._send(200 if good else 401, b"", method=method)
            elif path.startswith("/stall"):
                self._stall(method)
            elif path == "/reset":
                # Drop the connection with a TCP reset, without answering.
                self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                self.connection.close()
                self.close_connection = True
            else:
                self._send(404, b"", method=method)

    return Handler


@contextmanager
def serve(host: str = "127.0.0.1") -> Iterator[tuple[str, Log]]:
    log = Log()
    server = http.server.ThreadingHTTPServer((host, 0), _handler(log))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{host}:{server.server_address[1]}", log
    finally:
        log.released.set()
        server.shutdown()
        server.server_close()


def closed_port() -> int:
    """A loopback port with nothing listening (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
