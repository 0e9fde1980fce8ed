"""Big-site benchmark, offline rules. Run by hand; never part of the tests.

    python bench/bench_site.py [--site /tmp/govlint-bench-site-offline] [--pages 2000]

Builds a site with ../shared/corpus/make_site.py (outside the repository), then times
govlint's command line on it: a cold run with --jobs 1, a cold run with --jobs 2 and a warm
run (unchanged pages from the cache). When they are installed, runs html-proofer (Debian's
ruby-html-proofer, --disable-external) and html-validate (npm) on the same pages. Prints
wall time, pages/s and peak memory (max RSS, the process and its children) for each.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAKE_SITE = HERE.parent.parent / "shared" / "corpus" / "make_site.py"
# Runs a command and prints its peak memory (the child and its own children) in MB.
_MEASURE = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, code)
"""


def timed(cmd: list[str], cwd: Path) -> tuple[float, float, int]:
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], cwd=cwd, capture_output=True,
                         text=True, check=True).stdout.split()
    return time.perf_counter() - start, float(out[0]), int(out[1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", type=Path, default=Path("/tmp/govlint-bench-site-offline"))
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--html-validate", default="/tmp/hv/node_modules/.bin/html-validate",
                    help="path of an installed html-validate")
    args = ap.parse_args()
    subprocess.run([sys.executable, str(MAKE_SITE), str(args.site), "--pages", str(args.pages),
                    "--force"], check=True)
    pages = len(list(args.site.rglob("*.html")))
    govlint = [sys.executable, "-m", "govlint", "--offline", "--no-config", "--root", str(args.site),
               "--format", "json", "--output"]
    rows = []
    with tempfile.TemporaryDirectory() as work:
        cwd = Path(work)
        report = str(cwd / "report.json")
        for label, extra in (("govlint cold, --jobs 1", ["--jobs", "1", "--cache-dir", "c1"]),
                             ("govlint cold, --jobs 2", ["--jobs", "2", "--cache-dir", "c2"]),
                             ("govlint warm, --jobs 2", ["--jobs", "2", "--cache-dir", "c2"])):
            wall, peak, code = timed([*govlint, report, *extra, str(args.site)], cwd)
            rows.append((label, wall, peak, code))
        proofer = shutil.which("htmlproofer")
        if proofer:
            wall, peak, code = timed([proofer, str(args.site), "--disable-external",
                                      "--checks", "Links,Images,Scripts"], cwd)
            rows.append(("html-proofer --disable-external", wall, peak, code))
        if Path(args.html_validate).exists():
            wall, peak, code = timed([args.html_validate, str(args.site)], cwd)
            rows.append(("html-validate", wall, peak, code))
    print(f"site: {pages} HTML files in {args.site}")
    print(f"{'tool':34} {'wall s':>8} {'pages/s':>8} {'peak MB':>8} {'exit':>5}")
    for label, wall, peak, code in rows:
        print(f"{label:34} {wall:8.1f} {pages / wall:8.1f} {peak:8.0f} {code:5d}")
    by_label = {label: wall for label, wall, _, _ in rows}
    cold2 = by_label["govlint cold, --jobs 2"]
    print(f"warm vs cold (--jobs 2): {cold2 / by_label['govlint warm, --jobs 2']:.1f}x faster")
    if "html-proofer --disable-external" in by_label:
        print(f"cold --jobs 2 vs html-proofer: {by_label['html-proofer --disable-external'] / cold2:.2f}x "
              "its pages/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
