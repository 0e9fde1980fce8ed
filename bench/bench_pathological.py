"""Parse time and memory on pathological pages, at two sizes. Run by hand; never part of the tests.

    python bench/bench_pathological.py [--parser turbohtml|html5lib] [--sizes 10000 100000]

Each shape is parsed (govlint's parse: the parser plus the lxml tree and source positions) in
a fresh process at each size; the time and peak memory (max RSS) are printed with the ratio
between sizes. Linear growth gives a ratio near the size ratio. An ordinary corpus page
(about 53 KB) is timed the same way for scale.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

SHAPES = {
    "nested <div>": "'<!DOCTYPE html><body>' + '<div>' * n + 'x' + '</div>' * n",
    "nested <table><tr><td>": "'<!DOCTYPE html><body>' + '<table><tr><td>' * n",
    "misnested <b><p> (adoption agency)": "'<!DOCTYPE html><body>' + '<b><p>' * n",
    "<a><div> reopened": "'<!DOCTYPE html><body>' + '<a href=x><div>y</a>' * n",
    "images without alt": "'<!DOCTYPE html><body>' + '<p><img src=a.jpg>' * n",
    "one huge attribute (n x 100 chars)": "\"<!DOCTYPE html><body><p title='\" + 'x' * (n * 100) + \"'>\"",
    "one text node (n x 100 chars)": "'<!DOCTYPE html><body><p>' + 'word ' * (n * 20)",
    "stray </p> end tags": "'<!DOCTYPE html><body>' + '</p>x' * n",
}
_RUN = """
import resource, sys, time
from govlint import parser
n = int(sys.argv[1])
src = eval(sys.argv[2])
start = time.perf_counter()
parser.parse(src, parser=sys.argv[3])
print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, len(src))
"""


def measure(expr: str, n: int, which: str) -> tuple[float, float, int]:
    out = subprocess.run([sys.executable, "-c", _RUN, str(n), expr, which], capture_output=True,
                         text=True, check=True, cwd=Path(__file__).resolve().parent.parent).stdout.split()
    return float(out[0]), float(out[1]), int(out[2])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--parser", default="turbohtml")
    ap.add_argument("--sizes", type=int, nargs=2, default=[10_000, 100_000])
    args = ap.parse_args()
    small, big = args.sizes
    print(f"parser: {args.parser}; sizes {small:,} and {big:,}")
    print(f"{'shape':38} {'MB':>6} {'s':>7} {'MB':>6} {'s':>7} {'x time':>7} {'peak MB':>8}")
    for name, expr in SHAPES.items():
        t1, _, size1 = measure(expr, small, args.parser)
        t2, peak, size2 = measure(expr, big, args.parser)
        print(f"{name:38} {size1 / 1e6:6.2f} {t1:7.3f} {size2 / 1e6:6.2f} {t2:7.3f} {t2 / t1:7.1f} "
              f"{peak:8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
