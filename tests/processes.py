"""Watching the processes a test started, from /proc: their children, their state and the CPU
time they used, and waiting for them to end. Every wait here ends on an observed event (a
process exits, a state is seen in /proc), never on the passing of time; the limits are only
there so that a broken run fails instead of hanging."""

from __future__ import annotations

import os
import select
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

_TICKS = os.sysconf("SC_CLK_TCK")
_HANG = 300.0  # seconds: only a broken run waits this long


def _stat(pid: int) -> list[str] | None:
    """The fields of /proc/PID/stat after the command name (state first), or None if gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat[stat.rindex(")") + 2:].split()


def children(pid: int) -> set[int]:
    """Live (not zombie) processes whose parent is ``pid``."""
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields is not None and int(fields[1]) == pid and fields[0] != "Z":
                found.add(int(entry.name))
    return found


def alive(pid: int) -> bool:
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"


def cpu_seconds(pid: int) -> float:
    """User and system CPU time ``pid`` has used (0 once it is gone)."""
    fields = _stat(pid)
    return 0.0 if fields is None else (int(fields[11]) + int(fields[12])) / _TICKS


def wait_gone(pids: Iterable[int]) -> list[int]:
    """Wait until every one of ``pids`` has exited (a pidfd becomes readable when its process
    does, whoever its parent is); return those still alive after the hang limit."""
    fds = []
    for pid in pids:
        try:
            fds.append((pid, os.pidfd_open(pid)))
        except ProcessLookupError:
            continue
    try:
        waiting = {fd for _, fd in fds}
        while waiting:
            ready, _, _ = select.select(list(waiting), [], [], _HANG)
            if not ready:
                break
            waiting -= set(ready)
    finally:
        for _, fd in fds:
            os.close(fd)
    return [pid for pid, _ in fds if alive(pid)]


def poll_until(look: Callable[[], T], proc: subprocess.Popen[bytes]) -> T:
    """Look (in /proc) again and again until ``look()`` sees what it waits for (a true value,
    returned) while ``proc`` runs; fail if ``proc`` ends first. Polling is how a state change
    that sends no notification is observed: nothing here assumes that time has made it true.
    Between looks this waits on ``proc``'s pidfd, so its end is noticed at once."""
    pidfd = os.pidfd_open(proc.pid)
    try:
        while True:
            seen = look()
            if seen:
                return seen
            if proc.poll() is not None:
                raise AssertionError(f"the run ended (status {proc.returncode}) before it was seen")
            select.select([pidfd], [], [], 0.01)
    finally:
        os.close(pidfd)
