"""Big-site benchmark, offline rules. Run by hand; never part of the tests.

    python bench/bench_site.py [--site /tmp/govlint-bench-site-offline] [--pages 2000] [--no-peers]

Builds a site with ../shared/corpus/make_site.py (outside the repository; a site that is
there already is used as it is, unless --rebuild), then times govlint's command line on it: a
cold run with --jobs 1, a cold run with --jobs 2 and a warm run (unchanged pages from the
cache). Unless --no-peers, and when they are installed, runs html-proofer (Debian's
ruby-html-proofer, --disable-external) and html-validate (npm) on the same pages. html-proofer
stops at the first page with an attribute name holding a quote, so those pages go to its
--file-ignore; its run counts only if it printed its final "HTML-Proofer found N failures" (or
"finished successfully") line, and its pages/s is over the pages it checked. Prints
wall time, pages/s and peak memory (max RSS, the process and its children) for each.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAKE_SITE = HERE.parent.parent / "shared" / "corpus" / "make_site.py"
# Runs a command, keeps its output in a file (argv[1]) and prints its peak memory (the child
# and its own children) in MB.
_MEASURE = """
import resource, subprocess, sys
with open(sys.argv[1], "wb") as out:
    code = subprocess.call(sys.argv[2:], stdout=out, stderr=subprocess.STDOUT)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, code)
"""
# html-proofer's last line when it ran to the end; anything else means it stopped early.
_PROOFER_DONE = re.compile(r"HTML-Proofer (?:found \d+ failures?|finished successfully)")


def timed(cmd: list[str], cwd: Path, log: Path | None = None) -> tuple[float, float, int]:
    log = log or cwd / "output.log"
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _MEASURE, str(log), *cmd], cwd=cwd,
                         capture_output=True, text=True, check=True).stdout.split()
    return time.perf_counter() - start, float(out[0]), int(out[1])


def proofer_crashers(site: Path) -> list[Path]:
    """Pages html-proofer (Nokogiri) aborts on: an attribute name holding a quote, such as
    target=" target=" _blank"="" (it raises NameError and stops the whole run)."""
    import turbohtml

    bad = []
    for page in sorted(site.rglob("*.html")):
        doc = turbohtml.parse(page.read_bytes(), positions=False)
        if any('"' in name or "'" in name for el in doc.iter_elements() for name in el.attrs):
            bad.append(page)
    return bad


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", type=Path, default=Path("/tmp/govlint-bench-site-offline"))
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--html-validate", default="/tmp/hv/node_modules/.bin/html-validate",
                    help="path of an installed html-validate")
    ap.add_argument("--no-peers", action="store_true", help="time govlint only (html-proofer takes minutes)")
    ap.add_argument("--rebuild", action="store_true", help="build the site again even if it is there")
    args = ap.parse_args()
    if args.rebuild or not (args.site / "index.html").is_file():
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
        proofer = None if args.no_peers else shutil.which("htmlproofer")
        if proofer:
            skipped = proofer_crashers(args.site)
            ignore = ",".join(str(p) for p in skipped)
            log = cwd / "proofer.log"
            cmd = [proofer, str(args.site), "--disable-external", "--checks", "Links,Images,Scripts"]
            wall, peak, code = timed([*cmd, "--file-ignore", ignore] if ignore else cmd, cwd, log)
            last = log.read_text(errors="replace").strip().splitlines()[-1:] or [""]
            if not _PROOFER_DONE.search(last[0]):
                print(f"html-proofer did not finish (exit {code}): {last[0][:200]}")
            else:
                print(f"html-proofer: {last[0].strip()}; {len(skipped)} pages it cannot read were "
                      "passed to --file-ignore and are not counted")
                checked = pages - len(skipped)
                rows.append(("html-proofer --disable-external", wall * pages / checked, peak, code))
        if not args.no_peers and Path(args.html_validate).exists():
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
