"""A clock for the link checker whose time moves only when something waits on it.

A wait of at most ``skip_up_to`` seconds (a retry backoff, the interval between requests to a
host) is recorded and passes at once, moving the clock on; a longer one (the whole check's
deadline) passes only when the test calls ``advance``, from any thread. Network I/O takes no
time on this clock, so what a test proves does not depend on how busy the machine is.
"""

from __future__ import annotations

import asyncio
import threading


class VirtualClock:
    def __init__(self, skip_up_to: float) -> None:
        self.skip_up_to = skip_up_to
        self.waited: list[float] = []  # every wait that passed at once, in order
        self._now = 0.0
        self._sleepers: list[tuple[float, asyncio.Future[None]]] = []
        self._loop: asyncio.AbstractEventLoop | None = None
        self._ready = threading.Event()  # a long wait has begun: advance() has a loop to wake

    def now(self) -> float:
        return self._now

    async def sleep(self, seconds: float) -> None:
        loop = asyncio.get_running_loop()
        self._loop = loop
        if seconds <= self.skip_up_to:
            self.waited.append(seconds)
            self._move(self._now + seconds)
            await asyncio.sleep(0)  # still a point where other tasks run, as a real wait is
            return
        future: asyncio.Future[None] = loop.create_future()
        self._sleepers.append((self._now + seconds, future))
        self._ready.set()
        await future

    def advance(self, seconds: float) -> None:
        """Move the clock on by ``seconds`` from another thread, waking the waits that end."""
        assert self._ready.wait(600), "nothing ever waited on the clock"
        assert self._loop is not None
        self._loop.call_soon_threadsafe(self._move, self._now + seconds)

    def _move(self, to: float) -> None:
        self._now = max(self._now, to)
        for entry in [s for s in self._sleepers if s[0] <= self._now]:
            self._sleepers.remove(entry)
            if not entry[1].done():
                entry[1].set_result(None)
