"""Render one page: stamp its source, serve it, let the browser build it, read it back."""

from __future__ import annotations

import posixpath
from pathlib import Path

from .. import document
from .build import rendered_document
from .document import RenderedDocument
from .live import LiveSite
from .server import Served
from .settings import RenderSettings, check_ready
from .stamp import stamped


class Renderer:
    """A browser for the pages one process lints (imports Playwright when made)."""

    def __init__(self, settings: RenderSettings, *, offline: bool, live: LiveSite | None = None) -> None:
        """``live``: pages are rendered at their own URLs (info.url), every request the browser
        makes answered through ``live`` (a crawl); otherwise they are served from loopback."""
        from .session import Session  # the only import of Playwright, and only here

        self._live = live
        self._session = Session(settings, check_ready(settings), offline=offline, live=live is not None)

    def __enter__(self) -> Renderer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._session.close()

    def document(self, data: bytes | str, info: document.PageInfo, root: Path | None,
                 encoding: str | None, parser_name: str) -> RenderedDocument:
        """The page as the browser builds it; an InputError when it does not settle."""
        static = document.from_source(data, info, encoding, parser_name)
        body = stamped(static.source, static.parsed.positions).encode("utf-8", "surrogatepass")
        if self._live is not None and info.url:
            gateway = self._live.gateway(info.url)
            try:
                snapshot = self._session.render_live(info.url, body, gateway)
                doc = rendered_document(snapshot, static, info)
                gateway.rendered(doc)
            finally:
                gateway.close()
            return doc
        place = info.site_path or posixpath.basename(info.path) or "index.html"
        url_path = "/" + place.replace("\\", "/").lstrip("/")
        snapshot = self._session.render(Served(url_path, body, root))
        return rendered_document(snapshot, static, info)
