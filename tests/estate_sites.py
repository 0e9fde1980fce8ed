"""Many small government "sites" on one real HTTP server bound to 127.0.0.1, told apart by
the Host header (the crawl reaches each name through --resolve HOST:PORT:127.0.0.1), and a
guard that makes every Python process of a test fail any connection or name lookup that
does not stay on loopback."""

from __future__ import annotations

import http.server
import os
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

# Installed in every Python process a test starts (through PYTHONPATH): the CLI, Dask's
# scheduler and workers, and LocalCluster's spawned workers.
_GUARD = '''
import os, socket, sys

_LOG = os.environ.get("GOVLINT_TEST_CONNECT_LOG")
_LOOPBACK = ("127.0.0.1", "::1", "localhost", "0.0.0.0", "", None)


def _refuse(what):
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(f"{os.getpid()} {what}\\n")
    raise ConnectionRefusedError(f"test guard: {what} refused")


def _hook(event, args):
    if event == "socket.connect":
        sock, address = args
        if sock.family in (socket.AF_INET, socket.AF_INET6) and address[0] not in _LOOPBACK:
            _refuse(f"connect {address[0]}")
    elif event == "socket.getaddrinfo":
        host = args[0]
        if isinstance(host, bytes):
            host = host.decode()
        if host not in _LOOPBACK:
            _refuse(f"getaddrinfo {host}")


if _LOG:
    sys.addaudithook(_hook)
'''


def guard_env(folder: Path) -> dict[str, str]:
    """Environment for processes under the guard; their refusals are logged in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sitecustomize.py").write_text(_GUARD, encoding="utf-8")
    path = os.pathsep.join(p for p in (str(folder), os.environ.get("PYTHONPATH", "")) if p)
    return {"PYTHONPATH": path, "GOVLINT_TEST_CONNECT_LOG": str(folder / "refused.log")}


def refused(folder: Path) -> list[str]:
    log = folder / "refused.log"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def page(site: str, number: int, pages: int) -> bytes:
    """A page of ``site`` with a few real problems (an image with no alt text, no DAP script)
    and links to the next pages, so the crawl finds the whole site from its home page."""
    following = range(number + 1, min(pages, number + 4))
    links = "".join(f'<li><a href="/p{n}.html">Page {n}</a></li>' for n in following)
    title = "Home" if number == 0 else f"Page {number}"
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title} of {site}</title>'
            f'</head><body><main><h1>{title}</h1><img src="/logo.png"><ul>{links}</ul>'
            f"<p>Text of page {number}.</p></main></body></html>").encode()


@dataclass
class Sites:
    """What the server serves and saw: pages per host, and a gate per host that holds its
    requests until the test opens it."""

    pages: dict[str, int]
    port: int = 0
    requests: Counter[tuple[str, str]] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)
    gates: dict[str, threading.Event] = field(default_factory=dict)
    waiting: Counter[str] = field(default_factory=Counter)  # requests held at a gate
    changed: threading.Condition = field(default_factory=threading.Condition)

    def hosts_seen(self) -> set[str]:
        with self.lock:
            return {host for host, _ in self.requests}

    def total(self, host: str | None = None) -> int:
        with self.lock:
            return sum(n for (h, _), n in self.requests.items() if host is None or h == host)

    def wait_for(self, predicate: object, timeout: float = 120) -> None:
        """Until ``predicate()`` holds, woken by each request (a deadline only so that a broken
        run fails instead of hanging)."""
        with self.changed:
            if not self.changed.wait_for(predicate, timeout):  # type: ignore[arg-type]
                raise AssertionError("the server never saw what the test waited for")

    def url(self, host: str) -> str:
        return f"http://{host}:{self.port}/"

    def resolve(self) -> list[str]:
        return [a for host in self.pages for a in ("--resolve", f"{host}:{self.port}:127.0.0.1")]


def _handler(sites: Sites) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_HEAD(self) -> None:
            self._serve(body=False)

        def do_GET(self) -> None:
            self._serve(body=True)

        def _serve(self, body: bool) -> None:
            host = (self.headers.get("Host") or "").rsplit(":", 1)[0].lower()
            with sites.lock:
                sites.requests[(host, self.path)] += 1
                gate = sites.gates.get(host)
                if gate is not None and not gate.is_set():
                    sites.waiting[host] += 1
            with sites.changed:
                sites.changed.notify_all()
            if gate is not None:
                gate.wait()
            count = sites.pages.get(host)
            number = _number(self.path)
            if count is None or number is None or number >= count:
                data, status, kind = b"not found", 404, "text/plain"
            else:
                data, status, kind = page(host, number, count), 200, "text/html; charset=utf-8"
            try:
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if body:
                    self.wfile.write(data)
            except OSError:
                pass  # the client went away (a killed worker)

    return Handler


def _number(path: str) -> int | None:
    path = path.split("?", 1)[0]
    if path == "/":
        return 0
    if path.startswith("/p") and path.endswith(".html") and path[2:-5].isdigit():
        return int(path[2:-5])
    return None


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a client that went away mid-request (a killed worker) is part of the test


@contextmanager
def serve(pages: dict[str, int]) -> Iterator[Sites]:
    sites = Sites(dict(pages))
    server = _Server(("127.0.0.1", 0), _handler(sites))
    server.daemon_threads = True
    sites.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield sites
    finally:
        for gate in sites.gates.values():
            gate.set()
        server.shutdown()
        server.server_close()
        thread.join()
