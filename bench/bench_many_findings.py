"""Peak memory and time of one page with a very large number of findings of one rule.

    .venv/bin/python bench/bench_many_findings.py [IMAGES]

Builds a page of IMAGES (default 1,000,000) <img> elements without alt text (about 16 bytes
each: 1,000,000 make a 15 MB page, under the default 20 MB input limit), lints it with the
command line (offline, no cache, the JSON report to /dev/null) and prints the peak resident
memory of the govlint process, the seconds it took, and the findings the report holds.
"""

from __future__ import annotations

import json
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


def main() -> None:
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
