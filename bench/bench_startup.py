"""Start-up cost of the command line: wall time of short runs and what they import. Run by hand;
never part of the tests.

    python bench/bench_startup.py [PAGE] [--repeat 5] [--source CHECKOUT]

Times, with /usr/bin/time, the best of ``--repeat`` runs (wall time, and the least CPU time)
of ``govlint --version``, ``govlint --help`` and ``govlint PAGE`` (without and with the page
cache, offline and online), then prints the import time ``python -X importtime`` adds up for
``--version`` and for one page.
Online runs check the page's external links, so they measure the network as well. Each
command runs once before it is timed, with bytecode caching on (PYTHONDONTWRITEBYTECODE unset),
as an installed govlint runs. --source times the govlint of another checkout (an older commit,
from `git archive`) with the same interpreter and dependencies.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

_DEFAULT_PAGE = Path(__file__).resolve().parents[1] / ".." / "shared" / "corpus" / "real" / \
    "digital.gov_guides_search__2025-10-29.html"


def _time(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (user and system) and peak KB of one run, as /usr/bin/time
    reports them."""
    done = subprocess.run(["/usr/bin/time", "-f", "%e %U %S %M", *command], cwd=cwd,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, check=False, env=env)
    wall, user, system, kb = done.stderr.strip().splitlines()[-1].split()
    return float(wall), float(user) + float(system), int(kb)


def _import_total(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int]:
    """Milliseconds of import time (the sum of every top-level import) and modules imported."""
    done = subprocess.run([sys.executable, "-X", "importtime", *command], cwd=cwd, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, check=False, env=env)
    total = count = 0
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        count += 1
        _, cumulative, name = line[len("import time:"):].split("|")
        if not name.startswith("  "):  # top level: its cumulative time holds its children's
            total += int(cumulative)
    return total / 1000, count


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("page", type=Path, nargs="?", default=_DEFAULT_PAGE)
    ap.add_argument("--repeat", type=int, default=5, help="runs of each command; the best is reported")
    ap.add_argument("--source", type=Path, help="a checkout whose govlint package is timed instead")
    args = ap.parse_args()
    page = str(args.page.resolve())
    govlint = str(Path(sys.executable).with_name("govlint"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if args.source is not None:
        env["PYTHONPATH"] = str(args.source.resolve())
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)  # no config file here, and the page cache is made here
        runs = {
            "govlint --version": ["--version"],
            "govlint --help": ["--help"],
            "govlint --offline --no-cache PAGE": ["--offline", "--no-cache", page],
            "govlint --offline PAGE (page cache warm)": ["--offline", page],
            "govlint --no-cache PAGE (online)": ["--no-cache", page],
            "govlint PAGE (online, page cache warm)": [page],
        }
        print(f"{'command':<44} {'best s':>7} {'CPU s':>6} {'peak MB':>8}")
        for label, argv in runs.items():
            shutil.rmtree(work / ".govlint-cache", ignore_errors=True)
            _time([govlint, *argv], work, env)  # bytecode cached; for "warm", the page cache filled
            if "warm" not in label:
                shutil.rmtree(work / ".govlint-cache", ignore_errors=True)
            runs = [_time([govlint, *argv], work, env) for _ in range(args.repeat)]
            wall, _, kb = min(runs)
            cpu = min(run[1] for run in runs)  # steadier than wall time on a busy machine
            print(f"{label:<44} {wall:>7.2f} {cpu:>6.2f} {kb / 1024:>8.1f}")
        for label, argv in {"--version": ["--version"],
                            "--offline --no-cache PAGE": ["--offline", "--no-cache", page]}.items():
            ms, count = min(_import_total(["-m", "govlint", *argv], work, env) for _ in range(args.repeat))
            print(f"python -X importtime -m govlint {label}: {ms:.0f} ms, {count} modules")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
