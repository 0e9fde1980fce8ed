"""Crawl a live site and lint every page it finds, with every check govlint has."""

from __future__ import annotations

import json
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

import turbohtml

from .. import globs, serialize
from ..errors import UsageError
from ..links.external_types import UrlResult
from ..links.extract import srcset_urls
from ..links.netguard import AddressPolicy
from ..model import InputFailure, Report
from ..pagecache import PageCache
from ..records import PageOutcome, PageRecord
from ..runner import FetchedPage, Linter
from ..version import PROJECT_URL, __version__
from . import sitemaps
from .fetch import Limits, Network, Resolve, Response, get
from .rendering import Crawler, RenderCounts, RenderedCrawl
from .robots import MAX_ROBOTS_BYTES, Robots
from .scheduler import Scheduler
from .state import State, Stored
from .urls import FOLLOWED, MAX_LINKS, REDIRECTS, BadUrl, Scope, ShapeBound, canonical, followed, origin

if TYPE_CHECKING:
    from ..render.page import Renderer

USER_AGENT = f"govlint/{__version__} (+{PROJECT_URL})"
ROBOTS_AGENT = "govlint"  # the product token robots.txt groups are matched against
_HTML = frozenset({"text/html", "application/xhtml+xml"})
_FOLLOWED = ", ".join(f"{tag}[{attr}]" for tag, attr in FOLLOWED.items())
# Resources a page loads: checked (HEAD) while the crawl goes on, never crawled.
_RESOURCES = (("img", "src"), ("img", "srcset"), ("source", "src"), ("source", "srcset"), ("link", "href"),
              ("script", "src"), ("video", "src"), ("video", "poster"), ("audio", "src"), ("track", "src"),
              ("embed", "src"), ("object", "data"))
_HEAD_REFUSED = frozenset({400, 403, 405, 501})
_LOADED_RELS = frozenset({"stylesheet", "icon", "apple-touch-icon", "preload", "modulepreload", "manifest"})
RESOURCE = -1  # the depth that marks a resource in the frontier
_MAX_SITEMAP_FILES = 100  # per crawl, indexes included
_MAX_CRAWL_DELAY = 60.0  # a longer Crawl-delay is honoured as this, with a note


@dataclass(frozen=True)
class CrawlOptions:
    """How a crawl goes. Every field has a default; new fields will too."""

    include: tuple[str, ...] = ()  # regexes: URLs also in scope
    exclude: tuple[str, ...] = ()  # regexes: URLs out of scope
    max_pages: int = 500  # URLs fetched, at most (HTML or not)
    max_depth: int | None = None  # links followed from a start URL, at most
    max_per_shape: int = 100  # URLs of one shape (numbers and query values aside), at most
    delay: float = 0.0  # seconds between two request starts to one host, at least
    per_host: int = 2  # requests in flight to one host, at most
    threads: int = 8  # requests in flight, all hosts together
    ignore_robots: bool = False
    use_sitemaps: bool = True  # robots.txt Sitemap: lines and /sitemap.xml
    sitemaps: tuple[str, ...] = ()  # sitemaps given explicitly (--sitemap)
    resolve: tuple[Resolve, ...] = ()  # --resolve HOST:PORT:ADDRESS
    headers: tuple[tuple[str, str], ...] = ()  # sent with every request to the crawled origins
    state_dir: Path | None = None  # None: in memory, not resumable
    check_external: bool = True  # check links that leave the crawl's scope (in-scope images and
    # other resources are checked either way, as [links] check_external says)
    jobs: int = 1  # processes linting pages (rendered pages: the crawl's own process)
    allow_loopback: bool = False  # names that resolve to loopback (without --resolve)


@dataclass(frozen=True)
class CrawlStats:
    requests: int = 0  # HTTP requests made in this run (robots.txt and sitemaps too)
    fetched: int = 0  # URLs fetched, this run and any run it continued
    html: int = 0  # of those, HTML pages (linted)
    linted_now: int = 0  # pages linted in this run (the rest came from the cache or the state)
    failed: int = 0  # URLs with no usable response (error, refused, HTTP 4xx/5xx)
    unanswered: int = 0  # of those, URLs with no response at all (refused, reset, timed out)
    redirects: tuple[tuple[str, str], ...] = ()  # (from, to), followed or not
    left_scope: tuple[tuple[str, str], ...] = ()  # redirects out of scope, not followed
    disallowed: int = 0  # URLs robots.txt disallowed
    capped: tuple[tuple[str, int], ...] = ()  # (URL shape, URLs left out) past max_per_shape
    max_pages_reached: bool = False
    too_deep: int = 0  # URLs past max_depth
    sitemap_urls: int = 0  # URLs taken from sitemaps
    peak_per_host: int = 0  # most requests in flight to one host at once
    min_interval: float | None = None  # shortest time between two page request starts to one host
    finished: bool = True  # False: stopped early (continue with the same state folder)
    seconds: float = 0.0
    rendered: bool = False  # pages were rendered from their live URLs ([render] enabled)
    render_requests: int = 0  # of ``requests``, those the browser made (redirect hops included)
    render_refused: int = 0  # browser requests the address guard refused


@dataclass(frozen=True)
class CrawlProgress:
    done: int
    queued: int
    errors: int
    seconds: float


@dataclass(frozen=True)
class CrawlResult:
    """``report``: every page's findings (files are the pages' URLs) and the site pass;
    ``stats``: what the crawl did."""

    report: Report
    stats: CrawlStats


def crawl_site(start_urls: Iterable[str], options: CrawlOptions, linter: Linter, *,
               env: Mapping[str, str] | None = None, cache: PageCache | None = None,
               progress: Callable[[CrawlProgress], None] | None = None,
               clock: Callable[[], float] = time.monotonic,
               sleep: Callable[[float], None] | None = None) -> CrawlResult:
    """Crawl from ``start_urls`` and lint every HTML page found with ``linter`` (its config:
    rules, [links] limits and address guard), then run the site pass over the crawled set.

    Links followed: ``<a href>``, ``<area href>``, ``<frame src>``, ``<iframe src>`` whose
    canonical URL (``urls.canonical``) is in scope: the start URLs' origins, widened by
    ``options.include`` and narrowed by ``options.exclude``. Sitemaps seed the frontier too.
    robots.txt is obeyed (unless ``options.ignore_robots``), with Crawl-delay; at most
    ``options.per_host`` requests are in flight to one host. Every connection goes through
    the address guard; ``options.resolve`` maps host names to addresses (a loopback address
    named there is allowed). Header values in ``options.headers`` are sent as given (expand
    ``$VAR`` before), only to the crawl's own origins, and never reported.

    With ``options.state_dir`` the crawl is resumable: after KeyboardInterrupt (re-raised
    once in-flight requests are recorded) the same call continues; a crawl that finished
    starts over, and ``cache`` (the page cache) spares linting pages whose bytes are unchanged.

    Raises UsageError for bad start URLs or patterns (one line), StateError for an unusable
    state folder. ``progress`` is called from the calling thread; ``clock`` and ``sleep``
    are the politeness clock (tests inject one). The Report's errors are start URLs that
    could not be fetched and pages that could not be linted."""
    crawl = _Crawl(list(start_urls), options, linter, env or {}, cache, progress, clock, sleep)
    return crawl.run()


@dataclass
class _Tally:
    requests: int = 0
    linted_now: int = 0
    disallowed: int = 0
    too_deep: int = 0
    sitemap_urls: int = 0
    max_pages_reached: bool = False
    fetched: int = 0  # URLs fetched in this run
    errors: int = 0  # of those, without a usable response
    notes: list[str] = field(default_factory=list)


class _Crawl:
    def __init__(self, starts: list[str], options: CrawlOptions, linter: Linter, env: Mapping[str, str],
                 cache: PageCache | None, progress: Callable[[CrawlProgress], None] | None,
                 clock: Callable[[], float], sleep: Callable[[float], None] | None) -> None:
        if not starts:
            raise UsageError("no start URL")
        try:
            self.starts = [canonical(u) for u in starts]
        except BadUrl as exc:
            raise UsageError(f"not a start URL ({exc}): give http:// or https:// URLs") from None
        self.options = options
        self.linter = _with_home(linter, self.starts)
        self.cache = cache
        self.progress = progress
        self.clock = clock
        self.scope = Scope.build(self.starts, options.include, options.exclude)
        links = linter.config.links
        policy = links.policy()
        self.network = Network(AddressPolicy(policy.allow_private, options.allow_loopback,
                                             policy.allow_networks), options.resolve)
        self.limits = Limits(links.timeout, links.max_body_size, USER_AGENT)
        self.headers = dict(options.headers)
        self.scheduler = Scheduler(options.per_host, clock, sleep)
        self.shapes = ShapeBound(options.max_per_shape)
        self.state = State(options.state_dir)
        self.tally = _Tally()
        self.ready: queue.Queue[str | None] = queue.Queue()  # pages to lint; their bytes wait on disk
        self.robots: dict[str, Robots] = {}
        self.robots_lock = threading.Lock()
        self.lock = threading.Lock()
        self.started = time.monotonic()
        self.known = 0  # URLs in the frontier, fetched or not
        self.resources = 0  # resources queued for a check in this run
        self.waited: dict[str, float] = {}  # origin -> back-off seconds ([links] max_host_retry_wait)
        # Rendered mode: pages are rendered from their live URLs, the browser's requests made by
        # the crawl, and links are taken from the rendered DOM once the page has settled.
        self.render = linter.config.render.enabled
        self.render_counts = RenderCounts()
        self.live = RenderedCrawl(Crawler(
            self.scope, self.network, self.limits, self.headers, self.scheduler, self._robots,
            not options.ignore_robots, links.max_redirects, self._admit, self.state.depth,
            self.state.set_anchors, self.render_counts, ROBOTS_AGENT)) if self.render else None
        self.renderer: Renderer | None = None  # started with the first page to render

    # --- the run ---------------------------------------------------------------------

    def run(self) -> CrawlResult:
        try:
            return self._run()
        finally:
            self.scheduler.stop()  # a browser request of a page cut short waits no longer
            if self.renderer is not None:
                self.renderer.close()
            self.state.close()

    def _run(self) -> CrawlResult:
        key = json.dumps([sorted(self.starts), self.options.include, self.options.exclude])
        if self.state.get_meta("finished") == "1" or self.state.get_meta("starts") not in (None, key):
            self.state.reset()
        self.state.set_meta("starts", key)
        self.known = self.state.known()
        for url in self.starts:
            self._robots(url)
        # Continuing: what was queued when it stopped. Seeding again adds only what is new
        # (a crawl stopped while it read the sitemaps).
        for _, url, depth in self.state.queued():
            self.scheduler.push(url, depth)
        if self.state.get_meta("seeded") != "1":
            for url in self.starts:
                self._admit(url, 0)
            self._seed_sitemaps()
            self.state.set_meta("seeded", "1")
        for url in self.state.unlinted():
            if self.render:
                self.scheduler.hold()  # its links are queued once it is rendered
            self.ready.put(url)
        workers = [threading.Thread(target=self._fetch_loop, daemon=True, name=f"crawl-{i}")
                   for i in range(max(1, self.options.threads))]
        for worker in workers:
            worker.start()
        watcher = threading.Thread(target=self._end_of_fetching, args=(workers,), daemon=True)
        watcher.start()
        try:
            self._lint_loop()
        except BaseException:
            self.scheduler.stop()  # no new request; those in flight are recorded
            for worker in workers:
                worker.join(self.limits.timeout + 5)
            raise
        self.state.set_meta("finished", "1")
        return self._result()

    def _end_of_fetching(self, workers: list[threading.Thread]) -> None:
        for worker in workers:
            worker.join()
        self.ready.put(None)

    def _lint_loop(self) -> None:
        # Whatever waits is linted together (up to a bound), so that workers are started
        # once for many pages when fetching runs ahead.
        batch_size = max(8, 16 * self.options.jobs)
        ended = False
        while not ended:
            first = self.ready.get()
            batch: list[str] = []
            if first is None:
                ended = True
            else:
                batch.append(first)
            while len(batch) < batch_size and not ended:
                try:
                    more = self.ready.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    ended = True
                else:
                    batch.append(more)
            pages = [FetchedPage(url, *body) for url in batch if (body := self.state.body(url)) is not None]
            try:
                self._lint(pages)
            finally:
                if self.live is not None:
                    self._rendered(batch, pages)
            self._progress()

    def _lint(self, pages: list[FetchedPage]) -> None:
        if not pages:
            return
        if self.live is not None and self.renderer is None:
            from ..render.page import Renderer  # the browser machinery, only when rendering

            self.renderer = Renderer(self.linter.config.render, offline=False, live=self.live)
        # A rendered page depends on its scripts, styles and data, so never on the page cache.
        outcomes = self.linter.lint_fetched(pages, jobs=self.options.jobs,
                                            cache=None if self.render else self.cache, renderer=self.renderer)
        rules = self.linter.config.rules
        for page, outcome in zip(pages, outcomes, strict=True):
            if isinstance(outcome, PageRecord):
                self.tally.linted_now += not outcome.cached
            self.state.save_result(page.url, serialize.dump_outcome(outcome, rules))

    def _rendered(self, batch: list[str], pages: list[FetchedPage]) -> None:
        """The batch's pages are done: a page that was not rendered (it did not settle, or is
        not text) has the links of its HTML as sent followed instead; then the crawl may end."""
        assert self.live is not None
        sent = {page.url: page.data for page in pages}  # the state no longer holds linted bytes
        for url in batch:
            if not self.live.handled(url) and url in sent:
                for link in _links(sent[url], url)[1]:
                    self._admit(link, self.state.depth(url) + 1)
            self.scheduler.release()

    def _progress(self) -> None:
        if self.progress is None:
            return
        with self.lock:
            done, errors = self.tally.fetched, self.tally.errors
        self.progress(CrawlProgress(done, self.scheduler.queued(), errors, time.monotonic() - self.started))

    # --- fetching --------------------------------------------------------------------

    def _fetch_loop(self) -> None:
        while True:
            item = self.scheduler.take()
            if item is None:
                return
            url, depth, attempt = item
            try:
                self._fetch(url, depth, attempt)
            except Exception as exc:  # one URL's failure, never the crawl's
                self.state.record(Stored(url, 0, f"internal error: {type(exc).__name__}: {exc}"[:300],
                                         None, False, None, False))
            finally:
                self.scheduler.done(url)

    def _request(self, url: str, body: bool | frozenset[str], method: str = "GET") -> Response:
        with self.lock:
            self.tally.requests += 1
        return get(url, self.network, self.limits, self.headers, body, method)

    def _fetch(self, url: str, depth: int, attempt: int) -> None:
        if depth == RESOURCE:
            response = self._request(url, False, "HEAD")
            if response.status in _HEAD_REFUSED:  # some servers refuse HEAD: ask the ordinary way
                response = self._request(url, False)
        else:
            response = self._request(url, _HTML)
        status = response.status
        with self.lock:
            self.tally.fetched += 1
            self.tally.errors += bool(response.error or status >= 400)
        if status in (429, 503) and attempt < self.linter.config.links.retries:
            wait = self._retry_wait(response, attempt)
            if wait is not None:
                self.scheduler.back_off(url, wait)
                self.scheduler.push(url, depth, attempt + 1, front=True)
                return
        if status in REDIRECTS and response.headers.get("location"):
            self._redirect(url, depth, response.headers["location"], status)
            return
        html = (depth != RESOURCE and 200 <= status < 300 and response.content_type in _HTML
                and response.body is not None)
        if not html:
            self.state.record(Stored(url, status, response.error, None, False, None, response.refused))
            return
        assert response.body is not None
        anchors, links, resources = _links(response.body, url)
        self.state.record(Stored(url, status, "", None, True, anchors, False),
                          (response.body, response.charset))
        if self.render:
            self.scheduler.hold()  # links come from the rendered page (_rendered releases it)
        self.ready.put(url)
        for link in () if self.render else links:
            self._admit(link, depth + 1)
        for resource in resources:
            self._admit_resource(resource)

    def _retry_wait(self, response: Response, attempt: int) -> float | None:
        """Seconds to wait before asking again, or None when the wait asked for is too long."""
        from ..links.external import _retry_after_seconds

        s = self.linter.config.links
        asked = _retry_after_seconds(response.headers.get("retry-after"))
        if asked is not None and asked > s.max_retry_wait:
            return None
        wait = min(max(s.retry_wait * (2 ** attempt), asked or 0.0), s.max_retry_wait)
        host = origin(response.url)
        with self.lock:  # a host that always says "later" cannot stall the crawl
            spent = self.waited.get(host, 0.0)
            if spent + wait > s.max_host_retry_wait:
                return None
            self.waited[host] = spent + wait
        return wait

    def _redirect(self, url: str, depth: int, location: str, status: int) -> None:
        try:
            target = canonical(urljoin(url, location))
        except (BadUrl, ValueError) as exc:
            self.state.record(Stored(url, status, f"redirect to an invalid URL ({exc})", None, False, None,
                                     False))
            return
        self.state.record(Stored(url, status, "", target, False, None, False))
        if depth == RESOURCE:
            self._admit_resource(target)
        elif target in self.scope:
            self._admit(target, depth)  # a redirect is not a step deeper

    def _admit_resource(self, url: str) -> None:
        """Queue an in-scope resource for a check, within its own bound (10 for each page the
        crawl may fetch); robots.txt applies to it too."""
        if url not in self.scope or (not self.options.ignore_robots
                                     and not self._robots(url).allows(url, ROBOTS_AGENT)):
            return
        with self.lock:
            if self.resources >= 10 * self.options.max_pages or self.state.seq(url):
                return
            added = self.state.add(url, RESOURCE)
            self.resources += added
        if added:
            self.scheduler.push(url, RESOURCE)

    def _admit(self, url: str, depth: int) -> None:
        """Queue an in-scope URL unless a bound or robots.txt says no."""
        if url not in self.scope:
            return
        if self.options.max_depth is not None and depth > self.options.max_depth:
            with self.lock:
                self.tally.too_deep += 1
                self.state.leave_out(url)
            return
        robots = self._robots(url)
        with self.lock:
            if self.state.seq(url):
                return  # seen before
            if self.known >= self.options.max_pages:
                self.tally.max_pages_reached = True
                self.state.leave_out(url)
                return
            if not self.options.ignore_robots and not robots.allows(url, ROBOTS_AGENT):
                self.tally.disallowed += 1
                self.state.leave_out(url)
                return
            if not self.shapes.admit(url):
                self.state.leave_out(url)
                return
            added = self.state.add(url, depth)
            self.known += added
        if added:
            self.scheduler.push(url, depth)

    # --- robots.txt and sitemaps -----------------------------------------------------

    def _robots(self, url: str) -> Robots:
        """The rules of the URL's origin, fetched once (through the same politeness)."""
        key = origin(url)
        with self.robots_lock:
            if key in self.robots:
                return self.robots[key]
            if self.options.ignore_robots:
                self.robots[key] = Robots()
                return self.robots[key]
            response = self._follow(key + "/robots.txt", MAX_ROBOTS_BYTES * 4)
            if response.status and 200 <= response.status < 300 and response.body is not None:
                robots = Robots.parse(response.body)
            elif 400 <= response.status < 500:
                robots = Robots()  # RFC 9309: no rules
            else:
                why = response.error or f"HTTP {response.status}"
                robots = Robots(None, False, f"{key}/robots.txt could not be read ({why}), so nothing "
                                             "there was crawled (RFC 9309)")
                self.tally.notes.append(robots.problem)
            delay = robots.delay(ROBOTS_AGENT)
            if delay > _MAX_CRAWL_DELAY:
                self.tally.notes.append(f"{key}/robots.txt asks for a Crawl-delay of {delay:g} s; "
                                        f"{_MAX_CRAWL_DELAY:g} s was used")
                delay = _MAX_CRAWL_DELAY
            self.scheduler.set_interval(key + "/", max(delay, self.options.delay))
            self.robots[key] = robots
            return robots

    def _follow(self, url: str, limit: int) -> Response:
        """GET with redirects followed (robots.txt and sitemaps), each hop guarded and in scope."""
        limits = replace(self.limits, max_bytes=limit)
        for _ in range(self.linter.config.links.max_redirects + 1):
            with self.lock:
                self.tally.requests += 1
            response = get(url, self.network, limits, self.headers, True)
            location = response.headers.get("location")
            if response.status not in REDIRECTS or not location:
                return response
            try:
                url = canonical(urljoin(url, location))
            except (BadUrl, ValueError):
                return Response(url, 0, error="redirect to an invalid URL")
            if url not in self.scope:
                return Response(url, 0, error=f"redirected out of the crawl's scope to {url}")
        return Response(url, 0, error="too many redirects")

    def _seed_sitemaps(self) -> None:
        todo: list[str] = list(self.options.sitemaps)
        if self.options.use_sitemaps:
            for start in self.starts:
                todo += self._robots(start).sitemaps()
                todo.append(origin(start) + "/sitemap.xml")
        seen: set[str] = set()
        explicit = set(self.options.sitemaps)
        while todo and len(seen) < _MAX_SITEMAP_FILES:
            raw = todo.pop(0)
            try:
                url = canonical(raw)
            except BadUrl:
                continue
            if url in seen or url not in self.scope:
                continue
            seen.add(url)
            response = self._follow(url, sitemaps.MAX_BYTES)
            if not (200 <= response.status < 300) or response.body is None:
                if raw in explicit or not url.endswith("/sitemap.xml"):
                    why = response.error or f"HTTP {response.status}"
                    self.tally.notes.append(f"sitemap {url} could not be read ({why})")
                continue
            try:
                found = sitemaps.parse(response.body)
            except sitemaps.SitemapError as exc:
                self.tally.notes.append(f"sitemap {url}: {exc}")
                continue
            if found.cut:
                self.tally.notes.append(f"sitemap {url} lists more than {sitemaps.MAX_URLS:,} URLs; "
                                        "the rest were left out")
            todo += found.sitemaps
            for page in found.pages:
                try:
                    self._admit(canonical(page), 1)
                    self.tally.sitemap_urls += 1
                except BadUrl:
                    continue

    # --- the report ------------------------------------------------------------------

    def _result(self) -> CrawlResult:
        stored = self.state.responses()
        report = self._site_report(stored)
        redirects = tuple((u, s.location) for u, s in stored.items() if s.location)
        left = tuple((u, t) for u, t in redirects if t not in self.scope)
        report = replace(report, notes=(*report.notes, *self.tally.notes, *self._notes(stored, left)))
        stats = CrawlStats(
            requests=self.tally.requests + self.render_counts.requests, fetched=len(stored),
            html=sum(s.html for s in stored.values()),
            linted_now=self.tally.linted_now,
            failed=sum(1 for s in stored.values() if s.error or s.status >= 400),
            unanswered=sum(1 for s in stored.values() if s.status == 0 and s.error
                           and not s.error.startswith("internal error")),
            redirects=redirects, left_scope=left, disallowed=self.tally.disallowed,
            capped=tuple(sorted(self.shapes.capped.items())), max_pages_reached=self.tally.max_pages_reached,
            too_deep=self.tally.too_deep, sitemap_urls=self.tally.sitemap_urls,
            peak_per_host=max(self.scheduler.peak.values(), default=0), min_interval=self.scheduler.min_gap(),
            finished=True, seconds=time.monotonic() - self.started, rendered=self.render,
            render_requests=self.render_counts.requests, render_refused=self.render_counts.refused)
        return CrawlResult(report, stats)

    def _outcomes(self, stored: Mapping[str, Stored]) -> Iterator[PageOutcome]:
        """Each page's results from the state, one at a time, then the start URLs that could
        not be crawled."""
        rules = self.linter.config.rules
        for url, data in self.state.results():
            try:
                yield serialize.load_outcome(data, rules)
            except serialize.Unreadable:
                yield InputFailure(url, "its results in the crawl state could not be read back; "
                                        "crawl again with a new --state folder")
        for url in self.starts:
            answer = stored.get(url)
            if answer is None:
                robots = self._robots(url)
                why = robots.problem or "robots.txt disallows it (--ignore-robots crawls a site you run)"
                yield InputFailure(url, f"not crawled: {why}")
            elif not answer.html and answer.location is None:
                why = answer.error or f"HTTP {answer.status}"
                if answer.status and answer.status < 400:
                    why = f"not an HTML page ({why})"
                yield InputFailure(url, why)

    def _site_report(self, stored: Mapping[str, Stored]) -> Report:
        """The site pass over the crawled pages, the crawl answering for the URLs it fetched,
        and external checks as polite as the crawl (through the --resolve map)."""
        from .aio import MappedResolver

        links = self.linter.config.links
        # The crawl's own politeness: 2 in flight per host, spaced by --delay or the crawled
        # sites' Crawl-delay (one interval for every host: the checker knows no other).
        crawl_delay = max((min(r.delay(ROBOTS_AGENT), _MAX_CRAWL_DELAY) for r in self.robots.values()),
                          default=0.0)
        polite = replace(links, host_concurrency=min(links.host_concurrency, self.options.per_host),
                         host_interval=max(self.options.delay, crawl_delay))
        checker = replace(self.linter, config=replace(self.linter.config, links=polite))
        scope_headers = {h: self.headers for h in {_hostname(u) for u in self.starts}} if self.headers else {}
        known = _Known(stored, self._skipped, links.max_redirects, self.scope, self.options.check_external)
        return checker.site_report(self._outcomes(stored), known_url=known,
                                   resolver=MappedResolver(self.network), headers=scope_headers)

    def _skipped(self, url: str) -> bool:
        """In scope but not to be requested: a bound or robots.txt kept it out of the crawl."""
        if url not in self.scope:
            return False
        if self.state.is_left_out(url):
            return True
        return not self.options.ignore_robots and not self._robots(url).allows(url, ROBOTS_AGENT)

    def _notes(self, stored: Mapping[str, Stored], left: tuple[tuple[str, str], ...]) -> list[str]:
        notes = []
        if self.tally.max_pages_reached:
            notes.append(f"the crawl stopped at --max-pages ({self.options.max_pages}); links to pages "
                         "past it were not checked")
        for key, count in sorted(self.shapes.capped.items()):
            notes.append(f"{count} more URLs shaped like {key} were left out (--max-per-shape "
                         f"{self.options.max_per_shape}: a calendar or search trap?)")
        if self.tally.disallowed:
            notes.append(f"{_were(self.tally.disallowed)} not followed: robots.txt disallows "
                         f"{'it' if self.tally.disallowed == 1 else 'them'}")
        if self.tally.too_deep:
            notes.append(f"{_were(self.tally.too_deep)} past --max-depth {self.options.max_depth}")
        if self.render:
            notes += self.render_counts.notes()
        followed = sum(1 for s in stored.values() if s.location) - len(left)
        if followed or left:
            notes.append(f"{followed} redirects followed within the crawl's scope, {len(left)} out of it "
                         "(checked as external links)")
        return notes


def _were(count: int) -> str:
    """'1 link was', '3 links were'."""
    return "1 link was" if count == 1 else f"{count} links were"


class _Known:
    """A URL's outcome as the crawl saw it, for the site pass: crawled pages are never
    fetched twice. In-scope URLs the crawl left alone (robots.txt, a bound) are 'skipped'
    (not checked, not reported); anything else (images, style sheets, other sites) is
    checked as an external link."""

    def __init__(self, stored: Mapping[str, Stored], skipped: Callable[[str], bool],
                 max_redirects: int, scope: Scope, external: bool) -> None:
        self.stored = stored
        self.skipped = skipped
        self.max_redirects = max_redirects
        self.scope = scope
        self.external = external  # False: links out of scope are not checked

    def __call__(self, url: str) -> UrlResult | None:
        try:
            key = canonical(url)
        except (BadUrl, ValueError):
            return None
        chain: list[str] = []
        for _ in range(self.max_redirects + 1):
            answer = self.stored.get(key)
            if answer is None:
                if self.skipped(key) or (not self.external and key not in self.scope):
                    return UrlResult(url, "skipped", reason="not crawled", redirects=tuple(chain))
                return None  # not a crawled page: checked as an external link
            if answer.location is None:
                return _outcome(url, answer, tuple(chain))
            chain.append(answer.location)
            key = answer.location
        return UrlResult(url, "dead", reason="too many redirects", redirects=tuple(chain))


def _outcome(url: str, answer: Stored, chain: tuple[str, ...]) -> UrlResult:
    if answer.refused:
        return UrlResult(url, "refused", reason=answer.error, redirects=chain)
    if answer.error:
        dead = answer.error.startswith("host not found")
        return UrlResult(url, "dead" if dead else "unverified", reason=answer.error, redirects=chain)
    if 200 <= answer.status < 300:
        return UrlResult(url, "ok", answer.status, redirects=chain, anchors=answer.anchors)
    if answer.status in (401, 403, 407, 429, 999):
        return UrlResult(url, "unverified", answer.status, reason=f"HTTP {answer.status}", redirects=chain)
    return UrlResult(url, "dead", answer.status, reason=f"HTTP {answer.status}", redirects=chain)


def _links(data: bytes, url: str) -> tuple[frozenset[str], list[str], list[str]]:
    """The page's anchors (ids and <a name>), the canonical URLs of the links it follows, and
    those of the resources it loads."""
    doc = turbohtml.parse(data, positions=False, allow_declarative_shadow_roots=False)
    anchors = {el.attr("id") for el in doc.select("[id]")} | {el.attr("name") for el in doc.select("a[name]")}
    base = url
    for el in doc.select("base[href]"):
        base = urljoin(url, (el.attr("href") or "").strip())
        break
    links = followed(base, (el.attr(FOLLOWED[el.tag]) or "" for el in doc.select(_FOLLOWED)))
    resources: list[str] = []
    for tag, attr in _RESOURCES:
        for el in doc.select(f"{tag}[{attr}]"):
            value = (el.attr(attr) or "").strip()
            if tag == "link" and not set((el.attr("rel") or "").lower().split()) & _LOADED_RELS:
                continue  # rel=canonical, alternate, next... name pages, which are crawled or not
            for raw in (srcset_urls(value) if attr == "srcset" else [value]):
                if raw and not raw.startswith(("#", "data:")) and len(resources) < MAX_LINKS:
                    try:
                        resources.append(canonical(urljoin(base, raw)))
                    except (BadUrl, ValueError):
                        continue
    return frozenset(a for a in anchors if isinstance(a, str) and a), links, resources


def _with_home(linter: Linter, starts: list[str]) -> Linter:
    """Home-page rules apply to the site's root and to start URLs that name a page, unless
    the config's [site] home names the home pages. (Globs are anchored with '/'; a start URL
    naming a folder other than the root is left out, as a glob naming a folder would match
    every page inside it.)"""
    site = linter.config.site
    if site.home is not None:
        return linter
    pages = {urlsplit(u).path for u in starts} - {"/"}
    named = {p for p in pages if not p.endswith("/")}
    if not named:
        return linter  # the default already takes the root's index for the home page
    home = ("/", "/index.html", "/index.htm", *sorted(map(globs.literal, named)))
    return replace(linter, config=replace(linter.config, site=replace(site, home=home)))


def _hostname(url: str) -> str:
    from ..links.urls import host_of

    return host_of(url)
