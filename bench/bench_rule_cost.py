"""Time each page rule's check over a folder of pages, each page parsed once. Run by hand.

    python bench/bench_rule_cost.py ../shared/corpus/real [--repeat 3]

Prints, per rule, milliseconds per page (best of the repeats) and its share of parse time,
then the total of the government rules against the total of the accessibility rules.
"""

from __future__ import annotations

import argparse
import time
from collections import defaultdict
from datetime import date
from pathlib import Path

from govlint import config, ruleset
from govlint.checks import CheckContext
from govlint.checks.catalog import registry
from govlint.document import PageInfo, from_source

GOVERNMENT = ("gov-banner", "archive-notice", "image-alt", "image-alt-quality", "image-credit",
              "image-virin")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    rules = ruleset.load()
    cfg = config.build(config.RawConfig({"archive": {"before": "2021-01-01"}}), rules)
    checks = registry()
    page_rules = [r for r in cfg.rules.values() if not checks[r.check].site]
    pages = sorted(args.folder.glob("*.html"))
    best: dict[str, float] = defaultdict(lambda: float("inf"))
    parse_best = float("inf")
    for _ in range(args.repeat):
        spent: dict[str, float] = defaultdict(float)
        parse = 0.0
        for page in pages:
            start = time.perf_counter()
            doc = from_source(page.read_bytes(), PageInfo(path=page.name, site_path=page.name))
            parse += time.perf_counter() - start
            ctx = CheckContext(site=cfg.site, archive=cfg.archive, today=date.today(),
                               rule_ids=frozenset(cfg.rules))
            for rule in page_rules:
                start = time.perf_counter()
                for _finding in checks[rule.check].func(doc, ctx, **rule.options):
                    pass
                spent[rule.id] += time.perf_counter() - start
        parse_best = min(parse_best, parse)
        for rule_id, seconds in spent.items():
            best[rule_id] = min(best[rule_id], seconds)
    n = len(pages)
    print(f"{n} pages, parse {parse_best / n * 1000:.2f} ms/page")
    for rule_id, seconds in sorted(best.items(), key=lambda kv: -kv[1]):
        print(f"  {rule_id:28} {seconds / n * 1000:7.3f} ms/page  {seconds / parse_best:6.1%} of parse")
    government = sum(best[r] for r in GOVERNMENT if r in best)
    others = sum(s for r, s in best.items() if r not in GOVERNMENT)
    print(f"government rules {government / n * 1000:.2f} ms/page; all other page rules "
          f"{others / n * 1000:.2f} ms/page")


if __name__ == "__main__":
    main()
