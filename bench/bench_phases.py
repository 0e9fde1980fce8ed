"""Where a run's time goes, phase by phase. Run by hand; never part of the tests.

    python bench/bench_phases.py [--jobs 2] [--cache DIR] SITE

Runs the command line (offline, no config, JSON report to a temporary file) in this process
and prints, at the start and end of the site passes and of the reports, the wall time, the
CPU of this process and the CPU of its ended workers (those of the page pass end before the
site passes, those of the site passes before the reports); then the idle core-seconds of
each phase (the cores times its wall time, less the CPU spent in it) and the time Python's
cycle collector took in this process (all collections, and the full ones), read with
gc.callbacks. With --cache, the page cache in DIR
(a warm run when it holds the site); without, a fresh one. It times the govlint Python
imports: another checkout's with PYTHONPATH=CHECKOUT.
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from govlint import cli, cliargs, runner


class _Clock:
    def __init__(self) -> None:
        self.start = time.perf_counter()
        self.marks: list[tuple[str, float, float, float]] = []
        self.gc_all = self.gc_full = 0.0
        self._began = 0.0

    def mark(self, label: str) -> None:
        me = resource.getrusage(resource.RUSAGE_SELF)
        workers = resource.getrusage(resource.RUSAGE_CHILDREN)
        self.marks.append((label, time.perf_counter() - self.start, me.ru_utime + me.ru_stime,
                           workers.ru_utime + workers.ru_stime))

    def collector(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self._began = time.perf_counter()
            return
        spent = time.perf_counter() - self._began
        self.gc_all += spent
        if info["generation"] == 2:
            self.gc_full += spent


def _timed(clock: _Clock, owner: Any, name: str, label: str) -> None:
    original: Callable[..., Any] = getattr(owner, name)

    def wrapped(*args: Any, **kwargs: Any) -> Any:
        clock.mark(f"{label} start")
        try:
            return original(*args, **kwargs)
        finally:
            clock.mark(f"{label} end")

    setattr(owner, name, wrapped)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--cache", type=Path, help="page cache folder (default: a fresh one)")
    args = ap.parse_args()
    clock = _Clock()
    gc.callbacks.append(clock.collector)
    _timed(clock, runner.Linter, "_finish", "site passes")
    _timed(clock, cliargs, "write_reports", "reports")
    cli.write_reports = cliargs.write_reports  # the name the command line calls
    cores = min(args.jobs, os.cpu_count() or 1)
    with tempfile.TemporaryDirectory() as work:
        cache = str(args.cache or Path(work) / "cache")
        code = cli.main(["--offline", "--no-config", "--quiet", "--root", str(args.site), "--format", "json",
                         "--output", str(Path(work) / "report.json"), "--jobs", str(args.jobs),
                         "--cache-dir", cache, str(args.site)])
    clock.mark("exit")
    print(f"exit status {code}; {cores} cores")
    print(f"{'mark':20} {'wall s':>8} {'run CPU s':>10} {'workers CPU s':>14}")
    for label, wall, me, workers in clock.marks:
        print(f"{label:20} {wall:8.2f} {me:10.2f} {workers:14.2f}")
    at = {label: (wall, me + workers) for label, wall, me, workers in clock.marks}
    at["start"] = (0.0, 0.0)
    print("idle core-seconds (cores x wall - CPU):")
    for phase, begin, end in (("start-up and page pass", "start", "site passes start"),
                              ("site passes", "site passes start", "site passes end"),
                              ("reports", "reports start", "reports end")):
        if begin in at and end in at:
            wall, cpu = at[end][0] - at[begin][0], at[end][1] - at[begin][1]
            print(f"  {phase:24} {cores * wall - cpu:6.2f} ({wall:.2f} s wall, {cpu:.2f} s CPU)")
    print(f"cycle collector: {clock.gc_all:.2f} s in all, {clock.gc_full:.2f} s in full collections")
    return 0


if __name__ == "__main__":
    sys.exit(main())
