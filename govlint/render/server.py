"""A loopback HTTP server for the pages being rendered, rooted at the site root.

Root-relative URLs, stylesheets, scripts and fetch() resolve as on the real site; the page
being rendered is served from memory (its stamped source), everything else from disk under
the root. It runs in a thread of the process that drives the browser, one page at a time.
"""

from __future__ import annotations

import mimetypes
import posixpath
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit


@dataclass(frozen=True)
class Served:
    """The page the browser is loading now, and the folder its other URLs come from."""

    path: str  # URL path of the page, starting with "/", not percent-encoded
    body: bytes  # its stamped HTML, UTF-8
    root: Path | None  # the site root; None: only the page itself exists


class LoopbackServer:
    def __init__(self) -> None:
        self._current: Served | None = None
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                owner._answer(self, body=True)

            def do_HEAD(self) -> None:
                owner._answer(self, body=False)

            def log_message(self, format: str, *args: object) -> None:
                return  # the browser's requests are not the user's business

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    @property
    def origin(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def serve(self, served: Served) -> str:
        """Serve this page from now on; its URL."""
        self._current = served
        return self.origin + quote(served.path)

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def _answer(self, request: BaseHTTPRequestHandler, *, body: bool) -> None:
        current = self._current
        path = unquote(urlsplit(request.path).path)
        if current is not None and path == current.path:
            self._send(request, HTTPStatus.OK, "text/html; charset=utf-8", current.body, body)
            return
        file = _resolve(current.root if current else None, path)
        if file is None:
            self._send(request, HTTPStatus.NOT_FOUND, "text/plain", b"not found", body)
            return
        try:
            data = file.read_bytes()
        except OSError:
            self._send(request, HTTPStatus.NOT_FOUND, "text/plain", b"not found", body)
            return
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        self._send(request, HTTPStatus.OK, kind, data, body)

    @staticmethod
    def _send(request: BaseHTTPRequestHandler, status: HTTPStatus, kind: str, data: bytes,
              body: bool) -> None:
        try:
            request.send_response(status)
            request.send_header("Content-Type", kind)
            request.send_header("Content-Length", str(len(data)))
            request.send_header("Cache-Control", "no-store")
            request.end_headers()
            if body:
                request.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            return  # the browser gave up on this request (page closed)


def _resolve(root: Path | None, url_path: str) -> Path | None:
    """The file under ``root`` a URL path names (index.html for a folder), never outside it."""
    if root is None:
        return None
    clean = posixpath.normpath("/" + url_path).lstrip("/")
    target = (root / clean) if clean not in ("", ".") else root
    try:
        real_root = root.resolve()
        real = target.resolve()
        real.relative_to(real_root)
    except (OSError, ValueError):
        return None
    if real.is_dir():
        real = real / "index.html"
    return real if real.is_file() else None
