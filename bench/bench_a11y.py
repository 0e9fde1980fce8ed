"""Cost of the accessibility rules against the six government rules. Run by hand; never
part of the tests.

    python bench/bench_a11y.py ../shared/corpus/real [--repeat 3] [--counts]

Parses each page once, then times the rule runs on its tree: the six government rules alone
(gov-banner, archive-notice, image-alt, image-alt-quality, image-credit, image-virin), and
every page rule, each the best of --repeat runs on a fresh Document, in CPU seconds of this
process (steady when the machine is busy with other work).
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
from govlint.document import Document, PageInfo
from govlint.engine import RunOptions, lint_page
from govlint.federal import labels, scan
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
    # The accessibility pack with the government rules: the page rules less the federal pack.
    pack = Linter(config.build(raw, rules, config.CliOverrides(ignore=(*links, "federal"))), rules,
                  RunOptions())
    sources, _ = inputs.expand([str(args.folder)], GlobSet(), args.folder)
    names = rules.names()
    gov_s = all_s = pack_s = 0.0
    counts: Counter[str] = Counter()

    def timed(linter: Linter, info: PageInfo, rel: str, tree: parser.ParsedHTML) -> tuple[float, list[str]]:
        """Best of --repeat runs on fresh Documents over one parsed tree (no memo carries
        over; style sheets are parsed anew each time), and the rules that fired."""
        best = float("inf")
        fired: list[str] = []
        for _ in range(args.repeat):
            doc = Document(info=info, parsed=tree)
            css.parse_sheet.cache_clear()
            css.declarations.cache_clear()
            scan._address.cache_clear()  # the split of each link, kept across a site's pages
            labels.name_key.cache_clear()  # link names, kept likewise
            start = time.process_time()
            result, _ = lint_page(doc, linter.config, names, rel, linter.options)
            best = min(best, time.process_time() - start)
            fired = [v.rule for v in result.violations]
        return best, fired

    # One page at a time, so a big site never holds more than one tree.
    for source in sources:
        data = inputs.read(source, offline=True, read_stdin=lambda _size: b"").data
        info, rel = every.page_info(source, None)
        tree = parser.parse(data)
        gov_s += timed(gov, info, rel, tree)[0]
        pack_s += timed(pack, info, rel, tree)[0]
        spent, fired = timed(every, info, rel, tree)
        all_s += spent
        counts.update(fired)
    n = len(sources)
    print(f"pages                 {n}")
    print(f"government rules (6)  {gov_s:.3f} s ({gov_s / n * 1000:.2f} ms/page)")
    count = len(pack.config.enabled)
    print(f"accessibility + government ({count})  {pack_s:.3f} s ({pack_s / n * 1000:.2f} ms/page)"
          f" = {pack_s / gov_s:.2f}x the government rules (budget: 2x)")
    count = len(every.config.enabled)
    print(f"all page rules ({count})  {all_s:.3f} s ({all_s / n * 1000:.2f} ms/page)"
          f" = {all_s / gov_s:.2f}x the government rules (budget: 2x)")
    if args.counts:
        for rule, count in sorted(counts.items()):
            print(f"  {rule:38} {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
