"""The worker pool (govlint/pool.py) takes its items as workers are free for them: making an
item (reading a page) overlaps the work on those before it, and a worker starts only when an
item waits for one. Shown by what the items see when they are made, never by timing."""

from __future__ import annotations

import functools
import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from processes import children

from govlint import pool


def _mark(folder: Path, item: int) -> int:
    """The work: leaves a file saying it ran on ``item``."""
    (folder / f"ran-{item}").write_text("")
    return item * 10


def _items(folder: Path, count: int, seen: list[tuple[int, int]]) -> Iterator[int]:
    """Items, noting when each is made how many of the work's marks exist already and how
    many workers the pool has (processes of this one that were not there before)."""
    before = children(os.getpid())
    for item in range(count):
        seen.append((len(list(folder.glob("ran-*"))), len(children(os.getpid()) - before)))
        yield item


def test_items_are_made_while_workers_work_on_those_before(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    done = pool.run(functools.partial(_mark, tmp_path), _items(tmp_path, 8, seen), jobs=2)
    assert list(done) == [i * 10 for i in range(8)]
    for made, (ran, _) in enumerate(seen):
        assert ran >= made - 1  # only once a worker is free: the work on those before ran
    assert len(list(tmp_path.glob("ran-*"))) == 8


def test_a_worker_starts_only_for_an_item(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    assert list(pool.run(functools.partial(_mark, tmp_path), _items(tmp_path, 1, seen), jobs=8)) == [0]
    assert seen == [(0, 0)]  # no worker before the first item is made



def _dies_on_three(item: int) -> int:
    if item == 3:
        os._exit(3)  # as a crash in native code would end it
    return item * 10


def test_a_worker_holding_the_next_item_dies_and_only_its_own_is_lost() -> None:
    """With an item held ahead, a worker that dies costs only the item it was working on:
    the one it held is given to a new worker."""
    done = list(pool.run(_dies_on_three, range(6), jobs=1, ahead=1))
    assert done[:3] == [0, 10, 20] and done[4:] == [40, 50]
    assert isinstance(done[3], pool.Lost) and done[3].reason == "exit status 3"


def test_a_worker_holds_at_most_one_item_ahead(tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    done = pool.run(functools.partial(_mark, tmp_path), _items(tmp_path, 8, seen), jobs=2, ahead=1)
    assert list(done) == [i * 10 for i in range(8)]
    for made, (ran, _) in enumerate(seen):
        assert ran >= made - 3  # two for each worker at most: one at work, one waiting


def _own_pid() -> int:
    return os.getpid()


def _killed() -> int:
    os.kill(os.getpid(), signal.SIGKILL)
    return 0


def test_later_gives_the_result_of_a_forked_process_and_ends_it() -> None:
    with pool.later(_own_pid) as result:
        pid = result()
        assert pid != os.getpid() and pid in children(os.getpid())
    assert pid not in children(os.getpid())  # ended (and reaped) with the block


def test_later_says_lost_when_its_process_is() -> None:
    with pool.later(_killed) as result:
        outcome = result()
    assert isinstance(outcome, pool.Lost) and outcome.reason == "killed by SIGKILL"


def test_later_says_lost_when_no_process_can_be_started(monkeypatch: pytest.MonkeyPatch) -> None:
    """fork(2) failing (EAGAIN when the user's processes run out) is a Lost, not the run's end."""
    import errno
    import multiprocessing.process

    def refused(self: object) -> None:
        raise OSError(errno.EAGAIN, os.strerror(errno.EAGAIN))

    monkeypatch.setattr(multiprocessing.process.BaseProcess, "start", refused)
    before = children(os.getpid())
    with pool.later(_own_pid) as result:
        outcome = result()
    assert isinstance(outcome, pool.Lost) and outcome.reason == f"no process: {os.strerror(errno.EAGAIN)}"
    assert children(os.getpid()) == before
