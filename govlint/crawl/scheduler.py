"""Politeness: which URL may be requested next. At most ``per_host`` requests in flight to one
host, starts to one host at least its interval apart (the larger of --delay and robots.txt's
Crawl-delay), and a host that answered 429 or 503 waits before its next request. The clock
and the wait are injectable, so tests prove the intervals by counting, not by timing."""

from __future__ import annotations

import itertools
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from ..links.urls import host_of


@dataclass
class _Host:
    queue: deque[tuple[str, int, int]] = field(default_factory=deque)  # (url, depth, attempt)
    in_flight: int = 0
    next_start: float = 0.0
    interval: float = 0.0
    wanted: int = 0  # browser requests waiting for a slot (acquire): they go first


class Scheduler:
    def __init__(self, per_host: int, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] | None = None) -> None:
        self.per_host = per_host
        self.clock = clock
        self._sleep = sleep  # None: wait on the condition (woken early by stop())
        self._cond = threading.Condition()
        self._hosts: dict[str, _Host] = {}
        self._stopped = False
        self.in_flight = 0
        self.held = 0  # pages fetched whose links are not known yet (rendered mode): not the end
        self.peak: dict[str, int] = {}  # host -> most requests in flight at once
        self.starts: dict[str, list[float]] = {}  # host -> start times (clock)

    def _host(self, url: str) -> _Host:
        key = _key(url)
        if key not in self._hosts:
            self._hosts[key] = _Host()
        return self._hosts[key]

    def set_interval(self, url: str, seconds: float) -> None:
        with self._cond:
            host = self._host(url)
            host.interval = max(host.interval, seconds)

    def push(self, url: str, depth: int, attempt: int = 0, *, front: bool = False) -> None:
        with self._cond:
            queue = self._host(url).queue
            (queue.appendleft if front else queue.append)((url, depth, attempt))
            self._cond.notify_all()

    def queued(self) -> int:
        with self._cond:
            return sum(len(h.queue) for h in self._hosts.values())

    def back_off(self, url: str, seconds: float) -> None:
        """A 429 or 503 slows every request to the host, not just that URL."""
        with self._cond:
            host = self._host(url)
            host.next_start = max(host.next_start, self.clock() + seconds)

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()

    def take(self) -> tuple[str, int, int] | None:
        """The next (url, depth, attempt) a host is ready for, waiting as politeness asks;
        None when the crawl is over (nothing queued or in flight) or stopped."""
        while True:
            with self._cond:
                if self._stopped:
                    return None
                now = self.clock()
                wait: float | None = None
                for key, host in self._hosts.items():
                    if not host.queue or host.in_flight >= self.per_host or host.wanted:
                        continue
                    if host.next_start <= now:
                        self._grant(key, host, now)
                        return host.queue.popleft()
                    ahead = host.next_start - now
                    wait = ahead if wait is None else min(wait, ahead)
                if wait is None:
                    if self.in_flight == 0 and self.held == 0:
                        self._cond.notify_all()  # the others are waiting for this too
                        return None
                    self._cond.wait()  # until a request ends or a URL is queued
                    continue
                if self._sleep is None:
                    self._cond.wait(wait)
                    continue
            self._sleep(wait)

    def _grant(self, key: str, host: _Host, now: float) -> None:
        host.in_flight += 1
        self.in_flight += 1
        self.peak[key] = max(self.peak.get(key, 0), host.in_flight)
        self.starts.setdefault(key, []).append(now)
        host.next_start = max(now, host.next_start) + host.interval

    def hold(self) -> None:
        """A page whose links will be known later (once rendered): the crawl is not over."""
        with self._cond:
            self.held += 1

    def release(self) -> None:
        """That page's links are queued."""
        with self._cond:
            self.held -= 1
            self._cond.notify_all()

    def acquire(self, url: str) -> bool:
        """A slot for one request outside the queue (a rendering browser's), under the same
        limits as take(): at most ``per_host`` in flight, starts spaced by the host's interval.
        False once the crawl is stopped. End it with done(url)."""
        with self._cond:
            host = self._host(url)
            host.wanted += 1
        try:
            while True:
                with self._cond:
                    if self._stopped:
                        return False
                    now = self.clock()
                    if host.in_flight < self.per_host and host.next_start <= now:
                        self._grant(_key(url), host, now)
                        return True
                    if host.in_flight >= self.per_host or self._sleep is None:
                        wait = None if host.in_flight >= self.per_host else host.next_start - now
                        self._cond.wait(wait)
                        continue
                    wait = host.next_start - now
                self._sleep(wait)
        finally:
            with self._cond:
                host.wanted -= 1
                self._cond.notify_all()

    def min_gap(self) -> float | None:
        """The shortest time between two request starts to one host (None: no two)."""
        gaps = [b - a for times in self.starts.values() for a, b in itertools.pairwise(times)]
        return min(gaps, default=None)

    def done(self, url: str) -> None:
        """The request for ``url`` is over (its follow-up URLs already pushed)."""
        with self._cond:
            self._host(url).in_flight -= 1
            self.in_flight -= 1
            self._cond.notify_all()


def _key(url: str) -> str:
    return url.split("://", 1)[0] + "://" + host_of(url) + ":" + _port(url)


def _port(url: str) -> str:
    authority = url.split("://", 1)[1].split("/", 1)[0]
    if authority.endswith("]") or ":" not in authority.rpartition("@")[2]:
        return ""
    return authority.rpartition(":")[2]
