"""Run one function over many items in worker processes, where a worker that dies (a crash in
native code, a kill, memory exhausted) or runs past the time limit costs only the item it
was working on: that item's outcome is a ``Lost`` naming why, a new worker takes its place,
and every other item is done as usual. Outcomes come back in input order, each as soon as it
and those before it are ready. However the run ends (normally, an exception, Ctrl-C or
SIGTERM turned into an exception), no worker outlives it."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:  # multiprocessing is imported by the first worker: one page never needs it
    from multiprocessing.connection import Connection

from . import recursion

T = TypeVar("T")
R = TypeVar("R")

_PR_SET_PDEATHSIG = 1  # prctl(2)
# A worker past the time limit gets this long to stop by itself before it is killed.
_GRACE = 2.0


@dataclass(frozen=True)
class Lost:
    """An item whose worker did not give a result."""

    reason: str


class TimeLimit(Exception):
    """Raised inside the work when the soft time limit passes."""


@contextmanager
def soft_limit(seconds: float | None) -> Iterator[None]:
    """Raise TimeLimit in this thread after ``seconds`` (Python code only; a worker's parent
    also kills it a little later, which stops native code too). Only the main thread can
    receive signals, so elsewhere this does nothing."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise TimeLimit

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _die_with_parent() -> None:
    """Linux: be killed when the parent dies, even by SIGKILL (forked siblings hold copies of
    each other's pipes, so the end of a pipe alone cannot tell a worker that it is alone)."""
    import ctypes

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass  # elsewhere, the parent's finally is what stops workers


def _serve(conn: Connection, work: Callable[[Any], Any], parent: int) -> None:
    """A worker: results for items until the parent says stop (None), goes away, or kills it."""
    _die_with_parent()
    if os.getppid() != parent:  # the parent died before the line above took effect
        return
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    recursion.make_room()  # whoever started the pool
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return  # a normal exit, which runs the finalisers (a rendering worker's browser)
        index, item = message
        conn.send((index, work(item)))


class _Worker(Generic[T]):
    def __init__(self, work: Callable[[T], Any]) -> None:
        # fork: the worker inherits what the parent built (config, rules) instead of
        # rebuilding it, and starts in milliseconds.
        import multiprocessing

        context = multiprocessing.get_context("fork")
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_serve, args=(child, work, os.getpid()), daemon=True)
        self.process.start()
        child.close()
        self.pending: deque[tuple[int, T]] = deque()  # given, in order: the first is being worked on
        self.started = 0.0  # when the first of them was begun

    def give(self, index: int, item: T) -> None:
        if not self.pending:
            self.started = time.monotonic()
        self.pending.append((index, item))
        # If it died before taking the item, the next look sees it dead and the item Lost.
        with suppress(OSError):
            self.conn.send((index, item))

    def finished(self) -> int:
        """The index of the item it has just given back; the next one it holds begins now."""
        index, _ = self.pending.popleft()
        self.started = time.monotonic()
        return index

    def stop(self, *, kill: bool = False) -> None:
        """An idle worker is asked to end (its pipe closes, so it returns and runs its
        finalisers: a rendering worker closes its browser); a busy or stuck one is killed."""
        if not kill and not self.pending and self.process.is_alive():
            # Said, not signalled by closing the pipe: workers forked later hold copies of this
            # pipe's end, so the worker would not see it close.
            try:
                self.conn.send(None)
                self.process.join(_GRACE)
            except OSError:
                pass
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        if not self.conn.closed:
            self.conn.close()


def run(work: Callable[[T], R], items: Iterable[T], jobs: int, time_limit: float | None = None,
        ahead: int = 0) -> Generator[R | Lost, None, None]:
    """``work(item)`` for each item in at most ``jobs`` processes, in input order. ``work``
    must not raise (an exception would end its worker, and the item would be Lost). Items are
    taken from ``items`` as workers are free for them, so making them (reading a page)
    overlaps the work on those before; a worker starts only when an item waits for one.
    ``ahead``: how many more items a worker holds beside the one it works on, so that it
    never waits for this process between short items (none for long ones, which would wait
    behind another while a worker is free). A lost worker's items it had not begun are
    given to another."""
    from multiprocessing.connection import wait

    source = enumerate(items)
    again: deque[tuple[int, T]] = deque()  # items a lost worker held but had not begun
    given = 0  # items taken from ``items`` so far
    exhausted = False
    done: dict[int, R | Lost] = {}
    workers: list[_Worker[T]] = []
    deadline = time_limit + _GRACE if time_limit else None
    following = 0

    def take() -> tuple[int, T] | None:
        nonlocal given, exhausted
        if again:
            return again.popleft()
        if exhausted:
            return None
        item = next(source, None)
        if item is None:
            exhausted = True
        else:
            given += 1
        return item

    try:
        while True:
            # Every worker gets an item (a new worker while fewer than ``jobs``), then up to
            # ``ahead`` more each, while any are left.
            for depth in range(1, ahead + 2):
                while True:
                    worker = next((w for w in workers if len(w.pending) < depth), None)
                    if worker is None and (depth > 1 or len(workers) >= jobs):
                        break
                    item = take()
                    if item is None:
                        break
                    if worker is None:
                        worker = _Worker(work)
                        workers.append(worker)
                    worker.give(*item)
            while following in done:
                yield done.pop(following)
                following += 1
            if exhausted and not again and following >= given:
                break
            busy = [w for w in workers if w.pending]
            timeout = None
            if deadline is not None:
                timeout = max(0.0, min(w.started + deadline for w in busy) - time.monotonic())
            wait([w.conn for w in busy] + [w.process.sentinel for w in busy], timeout)
            for worker in busy:
                while worker.pending and (outcome := _collect(worker, deadline)) is not None:
                    done[worker.finished()] = outcome
                    if isinstance(outcome, Lost):  # another worker takes what it held, if needed
                        again.extendleft(reversed(worker.pending))
                        worker.pending.clear()
                        worker.stop(kill=True)
                        workers.remove(worker)
    finally:
        for worker in workers:
            worker.stop()


@contextmanager
def later(work: Callable[[], R]) -> Iterator[Callable[[], R | Lost]]:
    """``work()`` begun at once in a forked process while this one goes on; the function
    given waits for its result (a Lost if the process was lost: ``work`` must not raise).
    The process ends with the block, whatever ends it."""
    from multiprocessing.connection import wait

    try:
        worker: _Worker[None] = _Worker(lambda _item: work())
    except OSError as exc:  # no process to be had (EAGAIN, memory): the caller does the work
        lost = Lost(f"no process: {exc.strerror or exc}")
        yield lambda: lost
        return
    worker.give(0, None)

    def result() -> R | Lost:
        while worker.pending:
            outcome = _collect(worker, None)
            if outcome is not None:
                worker.finished()
                return outcome  # type: ignore[no-any-return]
            wait([worker.conn, worker.process.sentinel])
        return Lost("its result was taken already")

    try:
        yield result
    finally:
        worker.stop()


def _collect(worker: _Worker[Any], deadline: float | None) -> Any:
    """The worker's outcome if it has one now (a result or a Lost), else None."""
    try:
        if worker.conn.poll():
            _, result = worker.conn.recv()
            return result
    except (EOFError, OSError):
        pass  # it died while sending: decided below from how it ended
    if not worker.process.is_alive():
        worker.process.join()
        return Lost(_how_it_died(worker.process.exitcode))
    if deadline is not None and time.monotonic() - worker.started > deadline:
        return Lost("time limit")
    return None


def _how_it_died(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return f"killed by {signal.Signals(-code).name}"
        except ValueError:
            return f"killed by signal {-code}"
    return f"exit status {code}"
