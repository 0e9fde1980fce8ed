"""Check external URLs concurrently, politely and within bounds.

Each distinct URL is checked once per run. Requests are limited globally and per host, and
the starts of two requests to one host are at least ``host_interval`` apart. HEAD comes first;
GET when HEAD is refused or a fragment must be read. Redirects are followed by hand so the
chain is known, loops are caught and every hop passes the address guard. 429, 5xx, timeouts
and dropped connections are retried with exponential backoff and jitter, honouring Retry-After
up to a cap per wait, per host and per run; past a cap the URL could not be verified. Bodies
are read up to ``max_body_size``, and the whole check stops at ``max_check_time``.

Every wait and the ``max_check_time`` deadline go through a ``Clock`` (the event loop's by
default), so the waits a run asks for can be counted and its deadline driven in tests.
"""

from __future__ import annotations

import asyncio
import email.utils
import random
import socket
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol
from urllib.parse import urljoin, urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from .external_types import HostStats, UrlResult
from .local import anchors_of
from .netguard import AddressPolicy, RefusedAddress
from .settings import LinkSettings
from .urls import BadUrl, host_of, normalize

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_HEAD_REFUSED = frozenset({400, 403, 405, 501})
_UNVERIFIABLE = frozenset({401, 403, 407, 429, 999})
_CHUNK = 64 * 1024


class GuardedResolver(AbstractResolver):
    """Resolves like ``inner`` (the default resolver), then refuses the whole answer when any
    address in it is refused: no connection is tried to any of them."""

    def __init__(self, policy: AddressPolicy, inner: AbstractResolver | None = None) -> None:
        self._policy = policy
        self._inner = inner or DefaultResolver()

    async def resolve(self, host: str, port: int = 0,
                      family: socket.AddressFamily = socket.AF_INET) -> list[ResolveResult]:
        results = await self._inner.resolve(host, port, family)
        why = self._policy.answer_refusal(item["host"] for item in results)
        if why is not None:
            raise RefusedAddress(f"{host} resolves to {why}")
        return results

    async def close(self) -> None:
        await self._inner.close()


class Clock(Protocol):
    """Where the checker reads the time and waits: retry backoffs, the interval between
    requests to a host and the whole check's deadline (per-request timeouts are aiohttp's)."""

    def now(self) -> float: ...

    async def sleep(self, seconds: float) -> None: ...


class LoopClock:
    """The running event loop's monotonic time."""

    def now(self) -> float:
        return asyncio.get_running_loop().time()

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


class _Host:
    """Per-host politeness: a concurrency limit and a minimum interval between starts."""

    def __init__(self, name: str, concurrency: int, interval: float, stats: HostStats,
                 clock: Clock) -> None:
        self.name = name
        self.clock = clock
        self.slots = asyncio.Semaphore(concurrency)
        self.lock = asyncio.Lock()
        self.interval = interval
        self.next_start = 0.0
        self.stats = stats

    async def start(self) -> None:
        async with self.lock:
            wait = self.next_start - self.clock.now()
            if wait > 0:
                await self.clock.sleep(wait)
            now = self.clock.now()
            self.next_start = max(now, self.next_start) + self.interval
            self.stats.starts[self.name].append(now)

    def back_off(self, delay: float) -> None:
        """A 429 or 503 for one URL slows every request to the host, not just that URL."""
        self.next_start = max(self.next_start, self.clock.now() + delay)


@dataclass(frozen=True)
class _Response:
    status: int
    headers: Mapping[str, str]
    body: bytes | None
    url: str
    truncated: bool = False  # the body was longer than max_body_size; only its start was read


class Checker:
    def __init__(self, settings: LinkSettings, headers: Mapping[str, Mapping[str, str]],
                 progress: Callable[[int, int], None] | None = None,
                 resolver: AbstractResolver | None = None, clock: Clock | None = None) -> None:
        """``resolver``: where names are looked up (default: the system's); the address guard
        is applied to whatever it answers. ``clock``: where waits and the deadline are timed
        (default: the event loop's)."""
        self.settings = settings
        self.headers = {h.lower(): dict(v) for h, v in headers.items()}
        self.progress = progress
        self.stats = HostStats()
        self.policy = settings.policy()
        self.unfinished = 0  # URLs left unchecked at the max_check_time deadline
        self._resolver = resolver
        self._clock = clock or LoopClock()
        self._hosts: dict[str, _Host] = {}
        self._waited: dict[str, float] = {}  # host -> seconds of retry waits so far
        self._waited_total = 0.0

    def run(self, urls: Mapping[str, bool]) -> dict[str, UrlResult]:
        """Check every URL (value: whether its anchors are needed)."""
        if not urls:
            return {}
        return asyncio.run(self._check_all(urls))

    async def _check_all(self, urls: Mapping[str, bool]) -> dict[str, UrlResult]:
        s = self.settings
        connector = aiohttp.TCPConnector(
            limit=s.max_concurrency, limit_per_host=s.host_concurrency, ttl_dns_cache=300,
            resolver=GuardedResolver(self.policy, self._resolver),
        )
        timeout = aiohttp.ClientTimeout(total=s.timeout)
        results: dict[str, UrlResult] = {}
        done = 0
        async with aiohttp.ClientSession(connector=connector, timeout=timeout,
                                         headers={"User-Agent": s.user_agent},
                                         cookie_jar=aiohttp.DummyCookieJar()) as session:
            async def one(url: str, need: bool) -> None:
                nonlocal done
                try:
                    results[url] = await self._check(session, url, need)
                except (ValueError, aiohttp.ClientError, OSError) as exc:  # one URL, not the run
                    results[url] = UrlResult(url, "unverified", reason=f"could not be checked: {_short(exc)}")
                done += 1
                if self.progress:
                    self.progress(done, len(urls))

            tasks = {asyncio.create_task(one(u, need)): u for u, need in urls.items()}
            everything = asyncio.ensure_future(asyncio.wait(tasks))
            deadline = asyncio.ensure_future(self._clock.sleep(s.max_check_time))
            await asyncio.wait({everything, deadline}, return_when=asyncio.FIRST_COMPLETED)
            for waiter in (everything, deadline):
                waiter.cancel()
            pending = {task for task in tasks if not task.done()}
            for task in pending:
                task.cancel()
            await asyncio.gather(everything, deadline, *pending, return_exceptions=True)
        self.unfinished = len(pending)
        for task in pending:
            url = tasks[task]
            results[url] = UrlResult(url, "unverified", reason=(
                f"not reached before the link-check time limit ({s.max_check_time:g} s)"))
        return results

    def _host(self, url: str) -> _Host:
        parts = urlsplit(url)
        key = parts.netloc.lower()
        if key not in self._hosts:
            self._hosts[key] = _Host(key, self.settings.host_concurrency, self.settings.host_interval,
                                     self.stats, self._clock)
        return self._hosts[key]

    async def _check(self, session: aiohttp.ClientSession, url: str, need_anchors: bool) -> UrlResult:
        s = self.settings
        attempt = 0
        try:
            target = normalize(url)
        except BadUrl as exc:
            return UrlResult(url, "dead", reason=f"not a valid URL ({exc})")
        while True:
            try:
                response, chain = await self._follow(session, target, need_anchors)
            except _RedirectProblem as exc:
                return UrlResult(url, "dead", reason=str(exc), redirects=exc.chain)
            except aiohttp.ClientConnectorError as exc:
                return _connect_failure(url, exc)
            except RefusedAddress as exc:
                return UrlResult(url, "refused", reason=f"refused: {exc}")
            except aiohttp.InvalidURL:
                return UrlResult(url, "dead", reason="not a valid URL")
            except (TimeoutError, aiohttp.ServerDisconnectedError, aiohttp.ClientOSError,
                    aiohttp.ClientPayloadError) as exc:
                reason = f"timed out after {s.timeout:g} s" if isinstance(exc, TimeoutError) else (
                    f"connection dropped ({_short(exc)})")
                if attempt < s.retries:
                    delay = self._backoff(attempt, None)
                    if self._spend(target, delay) is None:
                        await self._clock.sleep(delay)
                        attempt += 1
                        continue
                return UrlResult(url, "unverified", reason=reason)
            except aiohttp.ClientSSLError as exc:
                return UrlResult(url, "dead", reason=f"TLS error: {_short(exc)}")
            except aiohttp.ClientError as exc:
                return UrlResult(url, "dead", reason=_short(exc))
            status = response.status
            if (status == 429 or status >= 500) and attempt < s.retries:
                asked = _retry_after_seconds(response.headers.get("Retry-After"))
                if asked is not None and asked > s.max_retry_wait:
                    return UrlResult(url, "unverified", status, redirects=chain, reason=(
                        f"HTTP {status}, asked to wait {asked:g} s, more than the "
                        f"{s.max_retry_wait:g} s govlint waits"))
                delay = self._backoff(attempt, asked)
                over = self._spend(response.url, delay)
                if over is not None:
                    return UrlResult(url, "unverified", status, redirects=chain,
                                     reason=f"HTTP {status}, {over}")
                if status in (429, 503):
                    self._host(response.url).back_off(delay)
                await self._clock.sleep(delay)
                attempt += 1
                continue
            return self._classify(url, response, chain, need_anchors)

    def _spend(self, url: str, delay: float) -> str | None:
        """Book a retry wait against the host's and the run's budgets; the reason it cannot
        be afforded, else None."""
        s = self.settings
        host = self._host(url).name
        if self._waited.get(host, 0.0) + delay > s.max_host_retry_wait:
            return f"retry waits for this host reached max_host_retry_wait ({s.max_host_retry_wait:g} s)"
        if self._waited_total + delay > s.max_total_retry_wait:
            return f"retry waits reached max_total_retry_wait ({s.max_total_retry_wait:g} s)"
        self._waited[host] = self._waited.get(host, 0.0) + delay
        self._waited_total += delay
        return None

    async def _follow(self, session: aiohttp.ClientSession, url: str,
                      need_anchors: bool) -> tuple[_Response, tuple[str, ...]]:
        method = "GET" if need_anchors else "HEAD"
        chain: list[str] = []
        current = url
        while True:
            try:
                response = await self._request(session, method, current, need_anchors)
            except RefusedAddress as exc:
                if chain:  # say where the refused address came from
                    raise RefusedAddress(f"{exc} (redirected: {' -> '.join(chain)})") from None
                raise
            if method == "HEAD" and response.status in _HEAD_REFUSED:
                method = "GET"  # some servers refuse HEAD: ask again the ordinary way
                continue
            location = response.headers.get("Location")
            if response.status in _REDIRECTS and location:
                try:
                    nxt = normalize(urljoin(current, location))
                except (BadUrl, ValueError) as exc:
                    raise _RedirectProblem(f"redirect to an invalid URL ({exc})",
                                           (*chain, location)) from None
                if nxt == url or nxt in chain:
                    raise _RedirectProblem("redirect loop", (*chain, nxt))
                chain.append(nxt)
                if len(chain) > self.settings.max_redirects:
                    raise _RedirectProblem(f"more than {self.settings.max_redirects} redirects",
                                           tuple(chain))
                current = nxt
                continue
            return response, tuple(chain)

    async def _request(self, session: aiohttp.ClientSession, method: str, url: str,
                       read_body: bool) -> _Response:
        host = self._host(url)
        name = host_of(url)
        # aiohttp skips the resolver for IP literals, and a redirect may lead to one.
        why = self.policy.refusal(name)
        if why is not None:
            raise RefusedAddress(why)
        extra = self.headers.get(name, {})
        async with host.slots:
            await host.start()
            async with session.request(method, url, allow_redirects=False, headers=extra) as resp:
                body, truncated = None, False
                if read_body and method == "GET" and resp.status < 300:
                    body, truncated = await _read_bounded(resp.content, self.settings.max_body_size)
                return _Response(resp.status, dict(resp.headers), body, url, truncated)

    def _backoff(self, attempt: int, asked: float | None) -> float:
        s = self.settings
        wait = s.retry_wait * (2 ** attempt) * (0.5 + random.random())
        if asked is not None:
            wait = max(wait, asked)
        return min(wait, s.max_retry_wait)

    def _classify(self, url: str, response: _Response, chain: tuple[str, ...],
                  need_anchors: bool) -> UrlResult:
        status = response.status
        host = (urlsplit(response.url).hostname or "").lower()
        accepted = status in self.settings.accept.get(host, ())
        if 200 <= status < 300 or accepted:
            anchors = anchors_of(response.body) if need_anchors and response.body is not None else None
            return UrlResult(url, "ok", status, redirects=chain, anchors=anchors,
                             truncated=response.truncated)
        lowered = {k.lower(): v for k, v in response.headers.items()}
        if status in _UNVERIFIABLE or "cf-mitigated" in lowered:
            why = "bot protection" if "cf-mitigated" in lowered or status == 999 else {
                401: "login required", 407: "proxy login required", 429: "rate limited",
            }.get(status, "access refused")
            return UrlResult(url, "unverified", status, reason=f"HTTP {status}, {why}", redirects=chain)
        return UrlResult(url, "dead", status, reason=f"HTTP {status}", redirects=chain)


class _RedirectProblem(Exception):
    def __init__(self, message: str, chain: tuple[str, ...]) -> None:
        super().__init__(message)
        self.chain = chain


async def _read_bounded(stream: aiohttp.StreamReader, limit: int) -> tuple[bytes, bool]:
    """The whole body, or its first ``limit`` bytes and True when there is more: read in
    chunks, so an endless body costs no more than the limit."""
    parts: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = await stream.read(min(_CHUNK, limit + 1 - size))
        if not chunk:
            return b"".join(parts), False
        parts.append(chunk)
        size += len(chunk)
    return b"".join(parts)[:limit], True


def _connect_failure(url: str, exc: aiohttp.ClientConnectorError) -> UrlResult:
    cause = exc.os_error
    if isinstance(cause, RefusedAddress):
        return UrlResult(url, "refused", reason=f"refused: {cause}")
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return UrlResult(url, "dead", reason="host not found (DNS)", connect_failure=True)
    if isinstance(exc, aiohttp.ClientConnectorCertificateError | aiohttp.ClientConnectorSSLError):
        return UrlResult(url, "dead", reason=f"TLS error: {_short(cause)}")
    return UrlResult(url, "dead", reason=f"cannot connect: {_short(cause)}", connect_failure=True)


def _retry_after_seconds(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _short(exc: Any) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:160]
