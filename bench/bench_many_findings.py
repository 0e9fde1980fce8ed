"""Peak memory and time of a run with a very large number of findings.

    .venv/bin/python bench/bench_many_findings.py [IMAGES]
    .venv/bin/python bench/bench_many_findings.py --site /tmp/site2005 [--images 400] [--jobs 2]

Builds a page of IMAGES (default 1,000,000) <img> elements without alt text (about 16 bytes
each: 1,000,000 make a 15 MB page, under the default 20 MB input limit), lints it with the
command line (offline, no cache, the JSON report to /dev/null) and prints the peak resident
memory of the govlint process, the seconds it took, and the findings the report holds.

With --site, lints a whole site twice, cold (offline, a fresh cache, the JSON report to a
file), as bench_site.py's cold run does: as it is, and a copy (in a temporary folder; the site
is never changed) with --images images on every page that have no alt text and point at files
that are not there (an image-alt and a dead-link finding each). Prints the findings, the peak
memory (max RSS of govlint and its workers) and the CPU seconds of each run, and how much the
peak grew with the findings.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Runs govlint and prints its peak memory: a child forked from this process would count
# this process's own memory (the peak survives exec), so a small launcher forks govlint.
_LAUNCH = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[1:])
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, file=sys.stderr)
"""


_BODY_END = re.compile(rb"</body\s*>", re.I)


def with_images(site: Path, copy: Path, images: int) -> None:
    """``site`` copied to ``copy``, ``images`` images without alt text and without a file
    added before the end of every page's body (or at the end of a page with no </body>)."""
    shutil.copytree(site, copy, symlinks=True)
    added = b"".join(b'<img src="/nowhere/%d.png">\n' % n for n in range(images))
    for page in copy.rglob("*.html"):
        data = page.read_bytes()
        ends = list(_BODY_END.finditer(data))
        at = ends[-1].start() if ends else len(data)
        page.write_bytes(data[:at] + added + data[at:])


def run_site(site: Path, work: Path, jobs: int) -> tuple[int, float, float, int]:
    """(findings, peak MB, CPU seconds, exit status) of a cold run over ``site``."""
    report, cache = work / "report.json", work / f"cache-{site.name}"
    args = [sys.executable, "-m", "govlint", "--offline", "--no-config", "--root", str(site), "--jobs",
            str(jobs), "--cache-dir", str(cache), "--format", "json", "--output", str(report), str(site)]
    proc = subprocess.run([sys.executable, "-c", _SITE_LAUNCH, *args], cwd=work, capture_output=True,
                          text=True)
    code, peak, cpu = proc.stderr.splitlines()[-1].split()
    found = json.loads(report.read_text(encoding="utf-8"))["summary"]["violations"]
    shutil.rmtree(cache, ignore_errors=True)
    return found, float(peak), float(cpu), int(code)


# Like _LAUNCH, with the CPU time of govlint and its workers.
_SITE_LAUNCH = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
use = resource.getrusage(resource.RUSAGE_CHILDREN)
print(code, use.ru_maxrss / 1024, use.ru_utime + use.ru_stime, file=sys.stderr)
"""


def main_site(site: Path, images: int, jobs: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        copy = work / "site-with-images"
        with_images(site, copy, images)
        rows = [("as it is", *run_site(site, work, jobs)),
                (f"+{images} images a page", *run_site(copy, work, jobs))]
    pages = len(list(site.rglob("*.html")))
    print(f"{site}: {pages} pages, cold, --jobs {jobs}, JSON report")
    print(f"{'site':<22} {'findings':>10} {'peak MB':>8} {'CPU s':>7} {'exit':>5}")
    for label, found, peak, cpu, code in rows:
        print(f"{label:<22} {found:>10,} {peak:8.0f} {cpu:7.1f} {code:5d}")
    (_, few, low, _, _), (_, many, high, _, _) = rows
    print(f"{many / few:.1f}x the findings, {high / low:.2f}x the peak memory")


def main() -> None:
    if "--site" in sys.argv:
        ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
        ap.add_argument("--site", type=Path, required=True)
        ap.add_argument("--images", type=int, default=400)
        ap.add_argument("--jobs", type=int, default=2)
        args = ap.parse_args()
        main_site(args.site, args.images, args.jobs)
        return
    images = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "images.html"
        page.write_text("<!doctype html><html lang=en><title>Many images</title><body>\n" +
                        "<img src=a.png>\n" * images + "</body></html>\n")
        report = Path(folder) / "report.json"
        start = time.monotonic()
        args = ["--no-config", "--offline", "--no-cache", "--page-timeout", "3600", "--format",
                f"json={report}", str(page)]
        proc = subprocess.run([sys.executable, "-c", _LAUNCH, sys.executable, "-m", "govlint", *args],
                              cwd=folder, capture_output=True, text=True)
        seconds = time.monotonic() - start
        code, peak = (int(x) for x in proc.stderr.splitlines()[-1].split())
        found = json.loads(report.read_text())["violations"] if report.exists() else []
        size_mb = page.stat().st_size / 1e6
    by_rule: dict[str, int] = {}
    for v in found:
        by_rule[v["rule"]] = by_rule.get(v["rule"], 0) + 1
    print(f"{images:,} images, {size_mb:.1f} MB page: exit {code}, {seconds:.1f} s, peak {peak:,} MB, "
          f"{len(found):,} findings {by_rule}")
    notes = [line for line in proc.stderr.splitlines()[:-1] if "note:" in line]
    for line in notes[:5]:
        print(line)


if __name__ == "__main__":
    main()
