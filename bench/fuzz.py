"""Fuzz govlint in-process with the generators of the fuzz test. Run by hand; never part of
the tests.

    python bench/fuzz.py --count 100000 [--seed 1] [--limit 10] [--out fuzz-out/]

Each input is a mutated fixture page (byte flips, splices, inserted control characters and
junk markup), linted with every rule and rendered in the text, JSON, JUnit and SARIF
formats, which must parse. Every 50th input is instead a mutated config, loaded as the
command line loads one (it must load or raise a one-line config error). Prints, at the end
and every --every inputs: inputs done, crashes (an exception escaping the linter or a
report that does not parse), hangs (past --limit seconds), the slowest input per MB (of
those of 4 KB or more) and the peak memory. Crashing and hanging inputs are saved to --out with their seed.
--out is not committed (.gitignore): once the crash is fixed, its input goes to
tests/crash_inputs/ with its expected exit status and rules in tests/test_crash_inputs.py.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
import traceback
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from fuzzing import mutate_config, mutate_page, seeds

from govlint import config, recursion, reporters
from govlint.document import PageInfo
from govlint.errors import GovlintError
from govlint.model import Report
from govlint.pool import TimeLimit, soft_limit
from govlint.runner import Linter


def _page(linter: Linter, data: bytes) -> None:
    result = linter.lint_bytes(data, _info(), "fuzz.html")
    report = Report((result,), (), linter.ruleset.rules)
    for name in ("text", "json", "junit", "sarif"):
        text = "".join(reporters.pieces(name, report, color=False, quiet=False, locations={}))
        text.encode("utf-8")
        if name == "junit":
            ET.fromstring(text.encode())
        elif name in ("json", "sarif"):
            json.loads(text)


def _config(text: str, folder: Path) -> None:
    path = folder / ".govlint.toml"
    path.write_text(text, encoding="utf-8")
    try:
        raw = config.read(path)
        Linter.build(raw, config.CliOverrides())
    except GovlintError as exc:
        if "\n" in str(exc):
            raise AssertionError(f"a config error of several lines: {exc!r}") from None


def _info() -> PageInfo:
    return PageInfo("fuzz.html", "https://www.example.gov/fuzz.html", "fuzz.html")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--limit", type=float, default=10.0, help="seconds per input before it is a hang")
    ap.add_argument("--out", type=Path, default=Path("fuzz-out"))
    ap.add_argument("--every", type=int, default=10_000, help="print progress every N inputs")
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    recursion.make_room()  # as the command line does: Linter.lint_bytes leaves it to its caller
    linter = Linter.default()
    pool = seeds()
    crashes: Counter[str] = Counter()
    hangs = 0
    slowest = (0.0, -1, 0)  # seconds per MB, input number, size
    configs = 0
    started = time.monotonic()

    def line(done: int) -> str:
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        per_mb, which, size = slowest
        return (f"{done:,} inputs ({configs:,} configs) in {time.monotonic() - started:,.0f} s: "
                f"{sum(crashes.values())} crashes ({len(crashes)} kinds), {hangs} hangs, slowest "
                f"{per_mb:.2f} s/MB (input {which}, {size:,} bytes), peak memory {peak:,.0f} MB")

    for n in range(args.count):
        seed = args.seed * 1_000_003 + n
        rng = random.Random(seed)
        is_config = n % 50 == 49
        data = b""
        begin = time.process_time()  # CPU time: a busy machine must not look like a slow input
        try:
            with soft_limit(args.limit):
                if is_config:
                    configs += 1
                    data = mutate_config(rng).encode("utf-8", "surrogatepass")
                    _config(data.decode("utf-8", "surrogatepass"), args.out)
                else:
                    data = mutate_page(rng.choice(pool), rng, pool)
                    _page(linter, data)
        except TimeLimit:
            hangs += 1
            (args.out / f"hang-{seed}.bin").write_bytes(data)
        except Exception as exc:  # a crash: what the fuzzing is for
            kind = f"{type(exc).__name__}: {str(exc)[:120]}"
            if kind not in crashes:
                (args.out / f"crash-{seed}.bin").write_bytes(data)
                (args.out / f"crash-{seed}.txt").write_text(traceback.format_exc())
            crashes[kind] += 1
        spent = time.process_time() - begin
        if len(data) >= 4096 and not is_config:  # below that, start-up costs dominate
            per_mb = spent / (len(data) / 1e6)
            if per_mb > slowest[0]:
                slowest = (per_mb, seed, len(data))
        if (n + 1) % args.every == 0:
            print(line(n + 1), flush=True)
    print(line(args.count))
    for kind, count in crashes.most_common():
        print(f"  {count:>7}  {kind}")
    return 1 if crashes or hangs else 0


if __name__ == "__main__":
    sys.exit(main())
