"""What the consistency rules cost inside a whole lint: the per-page facts and the site pass.

    python bench/bench_consistency.py [--site /tmp/site2005]

Lints the site offline with the default rules in one
process and no cache, as ``govlint --offline --no-config --no-cache --jobs 1`` does, and times
``consistency.facts.collect`` on each page and ``consistency.site.find`` once, with
``time.process_time`` (CPU, so a busy machine disturbs it less). Prints the CPU seconds of
the whole run, of collect (and per page) and of the site pass, and the consistency findings.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from govlint import config, engine, ruleset, runner
from govlint.consistency import site
from govlint.runner import Linter

RULES = ("consistent-navigation", "consistent-identification", "consistent-help", "multiple-ways")


def timed(func: Callable[..., Any], spent: list[float]) -> Callable[..., Any]:
    """``func``, adding the CPU time of each call to spent[0]."""
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            spent[0] += time.process_time() - start
    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=Path("/tmp/site2005"))
    ns = parser.parse_args()
    collect_spent, find_spent = [0.0], [0.0]
    # The names the engine and the runner call them by.
    engine.consistency.collect = timed(engine.consistency.collect, collect_spent)  # type: ignore[method-assign]
    runner.consistency_site.find = timed(site.find, find_spent)  # type: ignore[method-assign]
    rules = ruleset.load()
    linter = Linter(config.build(config.RawConfig(), rules), rules, engine.RunOptions())
    start = time.process_time()
    report = runner.lint_paths([str(ns.site)], linter)
    total = time.process_time() - start
    found = sum(1 for v in report.violations if v.rule in RULES)
    print(f"{len(report.files)} pages: {total:.2f} s CPU in all; consistency collect "
          f"{collect_spent[0]:.2f} s ({1000 * collect_spent[0] / max(1, len(report.files)):.2f} ms a page), "
          f"site pass {find_spent[0]:.2f} s; {found} consistency findings")


if __name__ == "__main__":
    main()
