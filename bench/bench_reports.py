"""Report-writing benchmark: every format for a big site, with linting kept apart. Run by
hand; never part of the tests.

    python bench/bench_reports.py [--site /tmp/govlint-bench-site-offline] [--pages 2000] [--cache DIR]

Builds the site with ../shared/corpus/make_site.py when it is missing, lints it once (cold)
to fill a page cache, then, in a fresh process, lints it again from that cache (--jobs 1)
and writes the 8 formats one after another exactly as the command line does, timing each
(wall and CPU) and reading the process's peak memory before and after. Last it runs the
command line itself, warm, with all 8 formats at once, and reports its wall time, CPU time
and peak memory (the process and its children). CPU time is given beside wall time
because a busy machine stretches the one and not the other.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAKE_SITE = HERE.parent.parent / "shared" / "corpus" / "make_site.py"
FORMATS = ("text", "json", "sarif", "junit", "github", "gitlab", "markdown", "html")
BASE = ["--offline", "--no-config"]


def _peak_mb() -> float:
    """This process's peak resident memory so far (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    return time.process_time()


def child(site: Path, cache_dir: Path, out: Path) -> None:
    """Lint from the warm cache, then write each format; print the figures as JSON."""
    from govlint import config, inputs, locations, reporters
    from govlint.output import write_atomic
    from govlint.pagecache import PageCache
    from govlint.runner import Linter, RunOptions

    wall, cpu = time.perf_counter(), _cpu()
    raw = config.RawConfig(base_dir=Path.cwd())
    linter = Linter.build(raw, config.CliOverrides(cache_dir=str(cache_dir), root=str(site)), RunOptions())
    sources, _ = inputs.expand([str(site)], linter.config.exclude, linter.config.base_dir)
    cache = PageCache(linter.config.links.cache_dir)
    try:
        report = linter.lint_sources(sources, offline=True, read_stdin=lambda: b"", jobs=1, cache=cache)
    finally:
        cache.close()
    figures = {"violations": len(report.violations), "from_cache": report.from_cache,
               "lint": {"wall": time.perf_counter() - wall, "cpu": _cpu() - cpu, "peak_mb": _peak_mb()}}
    ran = frozenset(rule.id for rule, _ in linter.config.plan("") if "rendered" not in rule.tags)
    places = locations.locate([*(r.file for r in report.files), *(e.file for e in report.errors)], Path.cwd())
    shared = reporters.Shared(report, places)  # what every format reads, found once
    formats = {}
    wall, cpu = time.perf_counter(), _cpu()
    for name in FORMATS:
        target = out / f"report.{name}"
        w, c = time.perf_counter(), _cpu()
        write_atomic(target, reporters.pieces(name, report, color=False, quiet=False, locations=places,
                                              group=None, ran=ran, shared=shared))
        formats[name] = {"wall": time.perf_counter() - w, "cpu": _cpu() - c,
                         "mb": target.stat().st_size / 1e6}
    figures["reports"] = {"wall": time.perf_counter() - wall, "cpu": _cpu() - cpu, "peak_mb": _peak_mb()}
    figures["formats"] = formats
    print(json.dumps(figures))


def measured(cmd: list[str]) -> tuple[float, float, float, int]:
    """(wall s, CPU s, peak MB, status) of a command, its own children included."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    return (time.perf_counter() - start, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
            proc.returncode)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", type=Path, default=Path(tempfile.gettempdir()) / "govlint-bench-site-offline")
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--cache", type=Path, help="page cache to fill and reuse (default: a temporary one)")
    ap.add_argument("--child", nargs=3, metavar=("SITE", "CACHE", "OUT"), help=argparse.SUPPRESS)
    ns = ap.parse_args()
    if ns.child:
        child(*(Path(p) for p in ns.child))
        return
    site = ns.site.resolve()
    if not (site / "index.html").exists():
        subprocess.run([sys.executable, str(MAKE_SITE), str(site), "--pages", str(ns.pages), "--force"],
                       check=True)
    govlint = [sys.executable, "-m", "govlint"]
    with tempfile.TemporaryDirectory(prefix="govlint-bench-reports-") as tmp:
        work = Path(tmp)
        cache = ns.cache.resolve() if ns.cache else work / "cache"
        wall, cpu, peak, _ = measured([*govlint, *BASE, "--cache-dir", str(cache), "--root", str(site),
                                       "-q", "--format", f"json={work / 'cold.json'}", str(site)])
        print(f"lint (fills the cache when it is new): {wall:.1f} s wall, {cpu:.1f} s CPU, "
              f"peak {peak:.0f} MB")
        (work / "each").mkdir()
        figures = json.loads(subprocess.run(
            [sys.executable, __file__, "--child", str(site), str(cache), str(work / "each")],
            check=True, capture_output=True, text=True).stdout)
        lint, reports = figures["lint"], figures["reports"]
        print(f"{figures['violations']} findings, {figures['from_cache']} pages from the cache")
        print(f"lint, warm, --jobs 1: {lint['wall']:.1f} s wall, {lint['cpu']:.1f} s CPU, "
              f"peak {lint['peak_mb']:.0f} MB")
        print(f"{'format':<10}{'wall s':>8}{'CPU s':>8}{'MB':>9}")
        for name, f in figures["formats"].items():
            print(f"{name:<10}{f['wall']:>8.2f}{f['cpu']:>8.2f}{f['mb']:>9.1f}")
        print(f"all 8 reports: {reports['wall']:.1f} s wall, {reports['cpu']:.1f} s CPU, "
              f"peak {reports['peak_mb']:.0f} MB (process, lint included)")
        (work / "cli").mkdir()
        args = [f"--format={name}={work / 'cli' / ('r.' + name)}" for name in FORMATS]
        wall, cpu, peak, code = measured([*govlint, *BASE, "--cache-dir", str(cache), "--root", str(site),
                                          "--jobs", "1", *args, str(site)])
        print(f"command line, warm, 8 formats: {wall:.1f} s wall, {cpu:.1f} s CPU, peak {peak:.0f} MB "
              f"(exit {code})")


if __name__ == "__main__":
    main()
