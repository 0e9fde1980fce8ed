"""Cost of the accessibility rules against the six government rules. Run by hand; never
part of the tests.

    python bench/bench_a11y.py ../shared/corpus/real [--repeat 3] [--counts]

Parses every page once, then times the rule runs on the parsed trees: the six government
rules alone (gov-banner, archive-notice, image-alt, image-alt-quality, image-credit,
image-virin), and every page rule. Each run gets fresh Documents so no memo carries over.
The issue's budget: all rules together at most 2x the government rules. --counts prints the
findings per rule.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from govlint import config, inputs, parser, ruleset
from govlint.a11y import css
from govlint.document import Document
from govlint.engine import RunOptions, lint_page
from govlint.globs import GlobSet
from govlint.runner import Linter

GOVERNMENT = ["gov-banner", "archive-notice", "image-alt", "image-alt-quality", "image-credit", "image-virin"]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--repeat", type=int, default=3, help="runs of each rule set; the best is reported")
    ap.add_argument("--counts", action="store_true", help="print findings per rule")
    args = ap.parse_args()

    rules = ruleset.load()
    raw = config.RawConfig({"archive": {"before": "2021-01-01"}})
    links = ("dead-link", "missing-anchor")
    gov = Linter(config.build(raw, rules, config.CliOverrides(select=GOVERNMENT)), rules, RunOptions())
    every = Linter(config.build(raw, rules, config.CliOverrides(ignore=links)), rules, RunOptions())
    sources, _ = inputs.expand([str(args.folder)], GlobSet(), args.folder)
    parsed = []
    for source in sources:
        data = inputs.read(source, offline=True, read_stdin=bytes).data
        info, rel = every.page_info(source, None)
        parsed.append((info, rel, parser.parse(data)))
    names = rules.names()

    def run(linter: Linter) -> tuple[float, Counter[str]]:
        best = float("inf")
        counts: Counter[str] = Counter()
        for _ in range(args.repeat):
            docs = [(Document(info=info, parsed=p), rel) for info, rel, p in parsed]
            css.parse_sheet.cache_clear()  # each run parses the pages' style sheets anew
            counts = Counter()
            start = time.perf_counter()
            for doc, rel in docs:
                result, _ = lint_page(doc, linter.config, names, rel, linter.options)
                counts.update(v.rule for v in result.violations)
            best = min(best, time.perf_counter() - start)
        return best, counts

    gov_s, _ = run(gov)
    all_s, counts = run(every)
    gov_s = min(gov_s, run(gov)[0])  # again, after the other, so neither gains from going second
    n = len(parsed)
    print(f"pages                 {n}")
    print(f"government rules (6)  {gov_s:.3f} s ({gov_s / n * 1000:.2f} ms/page)")
    count = len(every.config.rules) - len(links)
    print(f"all page rules ({count})  {all_s:.3f} s ({all_s / n * 1000:.2f} ms/page)"
          f" = {all_s / gov_s:.2f}x the government rules (budget: 2x)")
    if args.counts:
        for rule, count in sorted(counts.items()):
            print(f"  {rule:38} {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
