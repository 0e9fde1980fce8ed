"""What the glob dialect costs on a big site: expanding input patterns on disk, and matching
exclude patterns against every page's path. Run by hand; never part of the tests.

    python3 ../shared/corpus/make_site.py /tmp/site --pages 2000
    python bench/bench_globs.py /tmp/site

Prints the best of --repeat runs of each step (the standard library's glob beside govlint's for
the plain '**' pattern, which both read the same way).
"""

from __future__ import annotations

import argparse
import glob
import os
import time
from collections.abc import Callable
from pathlib import Path

from govlint import globs

EXCLUDE = ("vendor/**", "s0[0-3]/d0[!0]/**", "{s01,s02}/**/p0001?.html", "!s01/d01/**", "/drafts")


def _best(step: Callable[[], object], repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = step()
        times.append(time.perf_counter() - started)
    return min(times), result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path)
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    os.chdir(args.site)

    for label, pattern in (("**", "**/*.html"), ("braces + class", "{s00,s01}/d0[0-4]/*.html")):
        seconds, found = _best(lambda p=pattern: globs.find(p), args.repeat)
        print(f"input {pattern!r} ({label}): {len(found)} files in {seconds * 1000:.1f} ms")  # type: ignore[arg-type]
    seconds, found = _best(lambda: glob.glob("**/*.html", recursive=True), args.repeat)
    print(f"stdlib glob '**/*.html': {len(found)} files in {seconds * 1000:.1f} ms")  # type: ignore[arg-type]

    paths = sorted(p.as_posix() for p in Path(".").rglob("*.html"))
    exclude = globs.GlobSet(EXCLUDE)
    exclude.matches("warm/the/cache.html")
    seconds, hits = _best(lambda: sum(exclude.matches(p) for p in paths), args.repeat)
    print(f"exclude, {len(EXCLUDE)} patterns x {len(paths)} paths: {hits} excluded in "
          f"{seconds * 1000:.1f} ms ({seconds / len(paths) * 1e6:.1f} us a path)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
