"""``govlint crawl --render``: each page rendered from its live URL, every request its browser
makes answered by the crawl itself, under the crawl's rules.

A page's requests (sub-resources, fetch/XHR, frames, each redirect hop) go through the address
guard and the --resolve map (crawl.fetch.get), take a slot of the host's politeness (at most
``per_host`` in flight, Crawl-delay) from the crawl's scheduler, obey robots.txt on the crawl's
own origins, and carry --header only there. A frame's document out of scope is not loaded,
and the page navigating itself (a script, a meta refresh) is stopped: in scope, that URL is a
link the crawl follows. Links are taken from the rendered DOM.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from ..links.extract import page_anchors
from ..render.live import Answer, BrowserRequest
from .fetch import Limits, Network, Response, get
from .robots import Robots
from .scheduler import Scheduler
from .urls import FOLLOWED, REDIRECTS, BadUrl, Scope, canonical, followed

if TYPE_CHECKING:
    from ..render.document import RenderedDocument

MAX_REQUESTS = 300  # requests (redirect hops included) one page's browser may make, at most


@dataclass
class RenderCounts:
    """What the browsers of a crawl asked for, for its notes and figures."""

    requests: int = 0  # made to servers, redirect hops included
    refused: int = 0  # by the address guard
    first_refused: str = ""
    not_followed: int = 0  # frames and navigations out of scope
    disallowed: int = 0  # robots.txt
    over_budget: int = 0  # past MAX_REQUESTS on one page
    failed: int = 0  # no response (time-out, connection refused, too large)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, **counts: int) -> None:
        with self.lock:
            for name, count in counts.items():
                setattr(self, name, getattr(self, name) + count)

    def notes(self) -> list[str]:
        notes = [f"the crawl's browser made {self.requests} requests for the pages it rendered"]
        if self.refused:
            notes.append(f"rendered pages asked for {self.refused} URLs the address guard refused "
                         f"(first: {self.first_refused})")
        if self.not_followed:
            notes.append(f"rendered pages tried {self.not_followed} navigations or frames out of the "
                         "crawl's scope, not followed")
        if self.disallowed:
            notes.append(f"rendered pages asked for {self.disallowed} URLs robots.txt disallows, not fetched")
        if self.over_budget:
            notes.append(f"rendered pages asked for {self.over_budget} URLs past {MAX_REQUESTS} requests "
                         "a page, not fetched")
        return notes


@dataclass(frozen=True)
class Crawler:
    """What a page's gateway needs of the crawl."""

    scope: Scope
    network: Network
    limits: Limits
    headers: dict[str, str]  # for the crawl's own origins only
    scheduler: Scheduler
    robots: Callable[[str], Robots]  # the rules of a URL's origin
    obey_robots: bool
    max_redirects: int
    admit: Callable[[str, int], None]  # queue a page URL at a depth
    depth: Callable[[str], int]
    anchors: Callable[[str, frozenset[str]], None]  # a rendered page's fragment targets
    counts: RenderCounts
    agent: str  # the robots.txt product token


class RenderedCrawl:
    """The crawl as the renderer's LiveSite: one Gateway for each page."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._done: set[str] = set()  # pages whose links were queued (rendered or not)
        self._lock = threading.Lock()

    def gateway(self, page_url: str) -> PageGateway:
        return PageGateway(self, page_url)

    def mark(self, url: str) -> None:
        with self._lock:
            self._done.add(url)

    def handled(self, url: str) -> bool:
        with self._lock:
            return url in self._done


class PageGateway:
    def __init__(self, owner: RenderedCrawl, page_url: str) -> None:
        self.owner = owner
        self.crawler = owner.crawler
        self.page_url = page_url
        self.depth = self.crawler.depth(page_url)
        self.used = 0
        self.closed = False
        self.lock = threading.Lock()

    # --- the browser's requests --------------------------------------------------------

    def answer(self, request: BrowserRequest) -> Answer | None:
        url, method, body = request.url, request.method, request.body
        for _ in range(self.crawler.max_redirects + 1):
            response = self._one(url, method, request, body)
            if response is None:
                return None
            location = response.headers.get("location")
            if response.status not in REDIRECTS or not location:
                return Answer(response.status, tuple(response.headers.items()), response.body or b"")
            # The browser does not follow a redirect it is handed, so each hop is asked here,
            # under the same rules.
            url = urljoin(url, location)
            if response.status in (301, 302, 303) and method not in ("GET", "HEAD"):
                method, body = "GET", None
        return None

    def _one(self, url: str, method: str, request: BrowserRequest, body: bytes | None) -> Response | None:
        c = self.crawler
        if not url.startswith(("http://", "https://")):
            return None
        try:
            key = canonical(url)
        except (BadUrl, ValueError):
            return None
        in_scope = key in c.scope
        if request.navigation and not in_scope:
            c.counts.add(not_followed=1)
            return None
        if in_scope and c.obey_robots and not c.robots(key).allows(key, c.agent):
            c.counts.add(disallowed=1)
            return None
        with self.lock:
            if self.closed:
                return None
            if self.used >= MAX_REQUESTS:
                c.counts.add(over_budget=1)
                return None
            self.used += 1
        if not c.scheduler.acquire(url):
            return None
        try:
            headers = {**dict(request.headers), **(c.headers if in_scope else {})}
            c.counts.add(requests=1)
            response = get(url, c.network, c.limits, headers, True, method, data=body, every_status=True)
        finally:
            c.scheduler.done(url)
        if response.refused:
            with c.counts.lock:
                c.counts.refused += 1
                c.counts.first_refused = c.counts.first_refused or url
            return None
        if response.status == 0:
            c.counts.add(failed=1)
            return None
        return response

    def leaving(self, url: str) -> None:
        try:
            target = canonical(urljoin(self.page_url, url))
        except (BadUrl, ValueError):
            return
        if target in self.crawler.scope:
            self.crawler.admit(target, self.depth + 1)
        else:
            self.crawler.counts.add(not_followed=1)

    # --- the settled page --------------------------------------------------------------

    def rendered(self, doc: RenderedDocument) -> None:
        c = self.crawler
        c.anchors(self.page_url, page_anchors(doc))
        for link in rendered_links(doc.root, self.page_url):
            c.admit(link, self.depth + 1)
        self.owner.mark(self.page_url)

    def close(self) -> None:
        with self.lock:
            self.closed = True


def rendered_links(root: Any, page_url: str) -> list[str]:
    """Canonical URLs of the links a rendered page's DOM holds (``<base href>`` respected)."""
    base = page_url
    for element in root.iter("base"):
        href = element.get("href")
        if href is not None:
            base = urljoin(page_url, href.strip())
            break
    return followed(base, (element.get(FOLLOWED[element.tag]) or "" for element in root.iter(*FOLLOWED)))
