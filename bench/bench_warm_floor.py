"""What any warm run of a site must do, timed part by part: the floor under a warm run's wall
time. Run by hand; never part of the tests.

    python bench/bench_warm_floor.py SITE [--cache DIR]

A warm run (every page unchanged since the run that filled the page cache) must still start
Python and import what it runs, read and hash every page to know it is unchanged, look up
each page's entry in the cache, and write the report of every finding. This times each of
those alone, with govlint's own functions, and nothing else of the run: not decoding the
entries, not the site passes, not reading the findings back from disk (the report is
written from findings held in memory). Their sum is a bound no warm run of this design goes
below. With --cache, the page cache in DIR (filled first when it does not hold the site).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from govlint import cli, inputs, runner
from govlint.output import write_atomic
from govlint.pagecache import page_key
from govlint.reporters import json_report

_IMPORTS = ("import govlint.cli, govlint.runner, govlint.pagecache, govlint.jsontext, "
            "govlint.reporters.json_report, govlint.links.site, govlint.consistency.site")


def _start_up() -> float:
    """Wall seconds for a fresh interpreter to import what a warm run imports (best of 5)."""
    best = float("inf")
    for _ in range(5):
        began = time.perf_counter()
        subprocess.run([sys.executable, "-c", _IMPORTS], check=True)
        best = min(best, time.perf_counter() - began)
    return best


def _warm_report(site: Path, cache: Path, work: Path) -> Any:
    """The Report of a warm run over ``site`` (run in this process; the cache is filled first
    if it is empty), its findings read into memory."""
    held: list[Any] = []
    original = runner.Linter.lint_sources

    def keep(self: runner.Linter, *args: Any, **kwargs: Any) -> Any:
        report = original(self, *args, **kwargs)
        held.append(report)
        return report

    runner.Linter.lint_sources = keep  # type: ignore[method-assign]
    argv = ["--offline", "--no-config", "--quiet", "--root", str(site), "--format", "json",
            "--output", str(work / "warm.json"), "--cache-dir", str(cache), str(site)]
    try:
        cli.main(argv)
        held.clear()
        cli.main(argv)  # warm now, whatever the cache held before
    finally:
        runner.Linter.lint_sources = original  # type: ignore[method-assign]
    report = held[-1]
    files = tuple(dataclasses.replace(r, violations=tuple(r.violations)) for r in report.files)
    return dataclasses.replace(report, files=files)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("--cache", type=Path, help="page cache folder (default: a fresh one, filled first)")
    args = ap.parse_args()
    pages = sorted(p for p in args.site.rglob("*") if p.suffix in (".html", ".htm") and p.is_file())
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        cache = args.cache or work / "cache"
        report = _warm_report(args.site, cache, work)
        findings = sum(len(r.violations) for r in report.files)

        start_up = _start_up()

        began = time.perf_counter()
        keys = []
        for page in pages:
            data = inputs.read(inputs.Source(display=str(page), path=page), offline=True,
                               read_stdin=lambda _n: b"").data
            keys.append(page_key("settings", (str(page),), data))
        reading = time.perf_counter() - began

        db = sqlite3.connect(cache / "pages.sqlite3")
        stored = [row[0] for row in db.execute("SELECT key FROM records LIMIT ?", (len(pages),))]
        began = time.perf_counter()
        # as many stored entries as the site has pages (the warm run's, when the cache holds
        # nothing else), each looked up as PageCache.page looks one up
        for key in stored:
            db.execute("SELECT CAST(data AS BLOB), links FROM records WHERE key = ?", (key,)).fetchone()
        lookups = time.perf_counter() - began
        db.close()

        began = time.perf_counter()
        write_atomic(work / "floor.json", json_report.chunks(report))
        writing = time.perf_counter() - began
        size = os.path.getsize(work / "floor.json")

    total = start_up + reading + lookups + writing
    print(f"{len(pages)} pages, {findings} findings ({size / 1e6:.1f} MB of JSON report)")
    print(f"  start Python and import what a warm run runs  {start_up:6.3f} s")
    print(f"  read and hash every page                      {reading:6.3f} s")
    print(f"  look up {len(stored)} cache entries (not decoded)     {lookups:6.3f} s")
    print(f"  write the JSON report from memory             {writing:6.3f} s")
    print(f"  floor                                         {total:6.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
