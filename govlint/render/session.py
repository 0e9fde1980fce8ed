"""One headless Chromium per process, driven by Playwright, reused for every page it renders.

Playwright's asyncio API runs on a private event loop so that every step of a page (load,
network idle, the snapshot) can be given a deadline even when the page's scripts never
yield: a timed-out page's browser context is closed, which ends its renderer. The browser
gets a fresh profile from Playwright and is told not to reach any Google service; unless
external requests are allowed, a dead proxy makes every non-loopback request fail at the
network level, and a route handler blocks and counts them before they get that far. A page
rendered at its live URL (render_live, a crawl's) reaches nothing itself, loopback included:
its route hands every request to the crawl's Gateway (live.py).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import re
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from importlib import resources
from typing import Any

from playwright.async_api import Browser, Playwright, Route, async_playwright
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeout

from ..errors import InputError
from .build import Snapshot
from .live import BrowserRequest, Gateway
from .server import LoopbackServer, Served
from .settings import RenderSettings
from .stamp import ATTRIBUTE

FLAGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
         "--disable-default-apps", "--disable-extensions", "--mute-audio")
# Loopback is never proxied, so this port (nothing listens on it) catches everything else.
NO_NETWORK = ("--proxy-server=http://127.0.0.1:9",)
# Live pages: loopback goes to that dead proxy too, so every request the browser makes is
# answered by the route handler or by nothing.
NO_NETWORK_AT_ALL = (*NO_NETWORK, "--proxy-bypass-list=<-loopback>")
GATEWAY_THREADS = 8  # a live page's requests waiting on the crawl's politeness at once
# Request headers a live page's requests do not pass on: the connection's own, and encodings
# the crawl's client cannot decode.
_HOP_HEADERS = frozenset({"host", "connection", "content-length", "accept-encoding", "user-agent",
                          "keep-alive", "transfer-encoding", "upgrade", "proxy-authorization", "te"})
# Response headers the browser is not given: the body it gets is whole and decoded.
_DECODED_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding", "connection",
                              "keep-alive"})
CLOSE_WAIT = 5.0  # seconds to close a page's context before the browser is restarted
SNAPSHOT_MIN = 5.0  # seconds the snapshot always gets, even when loading used the page's time
PROBE_MIN = 2.0  # seconds each probe step always gets
REFLOW_VIEWPORT = {"width": 320, "height": 256}  # WCAG 1.4.10: 320 CSS px wide


class Session:
    """Renders pages one at a time; close() (or the with block) ends the browser."""

    def __init__(self, settings: RenderSettings, chromium: str, *, offline: bool, live: bool = False) -> None:
        self._settings = settings
        self._chromium = chromium
        self._live = live
        self._allow_external = settings.allow_external and not offline and not live
        self._threads: ThreadPoolExecutor | None = None
        self._script = resources.files(__package__).joinpath("snapshot.js").read_text(encoding="utf-8")
        self._probes = resources.files(__package__).joinpath("probes.js").read_text(encoding="utf-8")
        self._loop = asyncio.new_event_loop()
        self._server = LoopbackServer()
        self._driver: Playwright | None = None
        self._browser: Browser | None = None
        self._task: asyncio.Task[Snapshot] | None = None  # the page being rendered

    def __enter__(self) -> Session:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def render(self, served: Served) -> Snapshot:
        """The settled page's DOM, or an InputError saying why there is none."""
        return self._run(lambda: self._attempt(served))

    def render_live(self, url: str, body: bytes, gateway: Gateway) -> Snapshot:
        """The page at ``url``, its document ``body``, every other request through ``gateway``."""
        return self._run(lambda: self._attempt_live(url, body, gateway))

    def _run(self, attempt: Callable[[], Awaitable[Snapshot]]) -> Snapshot:
        self._end_leftover()
        self._task = self._loop.create_task(self._render(attempt))
        return self._loop.run_until_complete(self._task)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self._end_leftover()
            self._loop.run_until_complete(self._stop())
        with contextlib.suppress(Exception):
            self._loop.close()
        self._server.close()
        if self._threads is not None:
            self._threads.shutdown(wait=False, cancel_futures=True)

    async def _ensure(self) -> Browser:
        if self._browser is not None and not self._browser.is_connected():
            await self._stop()  # the browser died (or was closed under a page): start afresh
        if self._browser is None:
            if self._driver is None:
                self._driver = await async_playwright().start()
            network = NO_NETWORK_AT_ALL if self._live else () if self._allow_external else NO_NETWORK
            args = [*FLAGS, *network]
            try:
                # govlint stops the browser itself on Ctrl-C and SIGTERM (see runner.py).
                self._browser = await self._driver.chromium.launch(
                    executable_path=self._chromium, args=args, headless=True, handle_sigint=False,
                    handle_sigterm=False, handle_sighup=False)
            except PlaywrightError as exc:
                raise InputError(f"Chromium ({self._chromium}) did not start: {_first_line(exc)}") from None
        return self._browser

    def _end_leftover(self) -> None:
        """A page interrupted mid-render (Ctrl-C, SIGTERM, a time limit raised from outside)
        left its task on the loop: cancel it (which closes its page) so it cannot run on into
        the next page. Only that task: Playwright keeps its own tasks on the loop."""
        task = self._task
        if task is not None and not task.done():
            task.cancel()
            self._loop.run_until_complete(asyncio.gather(task, return_exceptions=True))

    async def _stop(self) -> None:
        if self._browser is not None:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self._browser.close(), CLOSE_WAIT)
            self._browser = None
        if self._driver is not None:
            with contextlib.suppress(Exception):
                await self._driver.stop()
            self._driver = None

    async def _render(self, attempt: Callable[[], Awaitable[Snapshot]]) -> Snapshot:
        try:
            return await attempt()
        except (TimeoutError, PlaywrightTimeout):
            limit = self._settings.timeout
            raise InputError(f"the page did not settle within {limit:g} s (scripts still running or "
                             "the network still busy; see render.timeout)") from None
        except PlaywrightError as exc:  # a browser that died is started again for the next page
            message = _first_line(exc)
            if "crash" in message.lower():
                raise InputError("the page crashed the browser's renderer") from None
            raise InputError(f"the browser could not render the page: {message}") from None

    async def _attempt(self, served: Served) -> Snapshot:
        browser = await self._ensure()
        url = self._server.serve(served)
        origin = self._server.origin + "/"
        blocked: list[str] = []

        async def block(request: Route) -> None:
            blocked.append(request.request.url)
            await request.abort("blockedbyclient")

        async def routes(context: Any) -> None:
            if not self._allow_external:
                # Matched in the browser, so the site's own requests never come through Python.
                await context.route(re.compile(f"^(?!{re.escape(origin)})"), block)

        tree, probes = await self._read_in_context(browser, url, routes)
        return Snapshot(tree, tuple(blocked), probes)

    async def _attempt_live(self, url: str, body: bytes, gateway: Gateway) -> Snapshot:
        browser = await self._ensure()
        loop = asyncio.get_running_loop()
        if self._threads is None:
            self._threads = ThreadPoolExecutor(GATEWAY_THREADS, thread_name_prefix="govlint-gateway")
        threads = self._threads
        document_served = False

        async def handle(route: Route) -> None:
            nonlocal document_served
            request = route.request
            navigation = request.is_navigation_request()
            try:
                main = request.frame.parent_frame is None
            except PlaywrightError:  # a worker's request has no frame
                main = False
            try:
                if navigation and main and not document_served:
                    document_served = True  # the crawl's response, stamped: no second request
                    await route.fulfill(status=200, content_type="text/html; charset=utf-8", body=body)
                    return
                if navigation and main:
                    gateway.leaving(request.url)  # the page stays; the crawl may follow it
                    await route.abort("blockedbyclient")
                    return
                headers = tuple((k.lower(), v) for k, v in (await request.all_headers()).items()
                                if k.lower() not in _HOP_HEADERS and not k.startswith(":"))
                asked = BrowserRequest(request.url, request.method, headers, request.post_data_buffer,
                                       navigation, main)
                answer = await loop.run_in_executor(threads, gateway.answer, asked)
                if answer is None:
                    await route.abort("blockedbyclient")
                    return
                kept = {k: v for k, v in answer.headers if k.lower() not in _DECODED_HEADERS}
                await route.fulfill(status=answer.status, headers=kept, body=answer.body)
            except PlaywrightError:
                return  # the page was closed while its request was answered

        async def routes(context: Any) -> None:
            await context.route("**/*", handle)

        tree, probes = await self._read_in_context(browser, url, routes)
        return Snapshot(tree, (), probes)

    async def _read_in_context(self, browser: Any, url: str, routes: Callable[[Any], Awaitable[None]]
                               ) -> tuple[list[Any], dict[str, Any]]:
        """The page at ``url`` loaded, settled and read in a fresh context (service workers off)
        whose requests ``routes`` sets up; the context is closed whatever happens."""
        context = await browser.new_context(service_workers="block")
        try:
            await routes(context)
            page = await context.new_page()
            return await self._settle_and_read(page, url, self._settings.timeout)
        finally:
            try:
                await asyncio.wait_for(context.close(), CLOSE_WAIT)
            except (TimeoutError, PlaywrightError):
                await self._stop()  # a browser that cannot close a page is started again

    async def _settle_and_read(self, page: Any, url: str, limit: float) -> tuple[list[Any], dict[str, Any]]:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + limit
        ms = limit * 1000
        # Playwright's own timeouts end waits cleanly; asyncio's cover a renderer that never
        # answers at all (a script in an endless loop).
        await asyncio.wait_for(page.goto(url, wait_until="load", timeout=ms), limit + 1)
        left = max(deadline - loop.time(), 0.001)
        await asyncio.wait_for(page.wait_for_load_state("networkidle", timeout=left * 1000), left + 1)
        left = max(deadline - loop.time(), SNAPSHOT_MIN)
        # One JSON string: Playwright's own encoding of a large object tree is slow to decode.
        text = await asyncio.wait_for(page.evaluate(self._script, ATTRIBUTE), left)
        tree = json.loads(text)
        probes = await self._probe(page, deadline) if self._settings.probes else {}
        return tree, probes

    async def _probe(self, page: Any, deadline: float) -> dict[str, Any]:
        """What the interaction rules need (probes.js), each within what is left of the page's
        time; a probe that does not finish is named in "incomplete", never taken as passed."""
        loop = asyncio.get_running_loop()
        wanted = self._settings.probes
        out: dict[str, Any] = {"incomplete": []}

        async def run(phase: str) -> Any:
            left = max(deadline - loop.time(), PROBE_MIN)
            return json.loads(await asyncio.wait_for(page.evaluate(self._probes, phase), left))

        for phase in ("targets", "spacing"):
            if phase in wanted:
                try:
                    out[phase] = await run(phase)
                except (TimeoutError, PlaywrightTimeout):
                    out["incomplete"].append(phase)
        if "focus" in wanted:
            try:
                tabbable = await run("focusStart")
                # A few presses more than the count: frames and the way out of the page take some.
                presses = min(tabbable + 10, self._settings.focus_steps)
                for _ in range(presses):
                    if loop.time() > deadline:
                        break
                    await asyncio.wait_for(page.keyboard.press("Tab"), PROBE_MIN)
                out["focus"] = {**await run("focusRead"), "presses": presses,
                                "budget": self._settings.focus_steps}
            except (TimeoutError, PlaywrightTimeout):
                out["incomplete"].append("focus")
        if "reflow" in wanted:
            try:
                await page.set_viewport_size(REFLOW_VIEWPORT)
                out["reflow"] = await run("reflow")
            except (TimeoutError, PlaywrightTimeout):
                out["incomplete"].append("reflow")
        return out


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
