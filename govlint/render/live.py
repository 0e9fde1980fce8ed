"""Rendering a page from its live URL (a crawl's): the browser asks, Python answers.

The page's own document is the crawl's response, stamped, answered at its live URL without a
second request; every other request the browser makes (sub-resources, fetch/XHR, frames, a
redirect's next hop) is handed to a Gateway, which reaches the network through the crawl's
address guard, --resolve map, scope, robots.txt and politeness, or refuses. The browser itself
reaches nothing: it runs behind a proxy that does not exist, loopback included.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from .document import RenderedDocument


@dataclass(frozen=True)
class BrowserRequest:
    url: str
    method: str
    headers: tuple[tuple[str, str], ...]  # as the browser would send them (names lower-case)
    body: bytes | None
    navigation: bool  # a frame's document (an iframe's, or the page leaving itself)
    main_frame: bool  # made by (or for) the page's own frame


@dataclass(frozen=True)
class Answer:
    """What the browser is given for a request: the server's response, after redirects."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


class Gateway(Protocol):
    """One page's way to the network while it renders; called from worker threads."""

    def answer(self, request: BrowserRequest) -> Answer | None:
        """The response, or None: refused (guard, scope, robots.txt, the page's budget) or failed."""

    def leaving(self, url: str) -> None:
        """The page tried to navigate itself to ``url`` (script, meta refresh): the renderer
        stays on the page; the crawl may follow it as a link."""

    def rendered(self, doc: RenderedDocument) -> None:
        """The settled page, for the links its DOM holds."""

    def close(self) -> None:
        """The page is done (rendered or not): later requests are refused."""


class LiveSite(Protocol):
    def gateway(self, page_url: str) -> Gateway: ...
