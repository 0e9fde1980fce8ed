"""Lint a folder of pages and report speed and memory. Run by hand; never part of the tests.

    python bench/bench_lint.py ../shared/corpus/real [--repeat 3]

Prints pages/s, MB/s, peak memory (max RSS), and the cost of all rules together as a share of
the parse time (each page is parsed once; every rule runs on that one tree).
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path

from govlint import config, inputs, ruleset
from govlint.document import from_source
from govlint.engine import RunOptions, lint_page
from govlint.globs import GlobSet
from govlint.links.local import LocalLookup
from govlint.links.site import SitePass
from govlint.runner import Linter


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--repeat", type=int, default=3, help="runs over the folder; the best is reported")
    ap.add_argument("--archive-before", default="2021-01-01", help="archive.before for the run")
    ap.add_argument("--no-links", action="store_true",
                    help="leave out dead-link and missing-anchor (page rules only)")
    args = ap.parse_args()

    rules = ruleset.load()
    raw = config.RawConfig({"archive": {"before": args.archive_before}})
    ignore = ("dead-link", "missing-anchor") if args.no_links else ()
    linter = Linter(config.build(raw, rules, config.CliOverrides(ignore=ignore)), rules, RunOptions())
    sources, failures = inputs.expand([str(args.folder)], GlobSet(), args.folder)
    pages = [(s, inputs.read(s, offline=True, read_stdin=lambda _size: b"").data) for s in sources]
    total_bytes = sum(len(d) for _, d in pages)
    names = rules.names()

    best = None
    for _ in range(args.repeat):
        parse_s = rules_s = 0.0
        per_rule: Counter[str] = Counter()
        violations = 0
        facts = []
        local = LocalLookup(linter.config.links.clean_urls)
        start = time.perf_counter()
        for source, data in pages:
            info, rel = linter.page_info(source, None)
            t0 = time.perf_counter()
            doc = from_source(data, info)
            t1 = time.perf_counter()
            result, links = lint_page(doc, linter.config, names, rel, linter.options,
                                      replace(linter.link_context(source, info), local=local))
            t2 = time.perf_counter()
            parse_s += t1 - t0
            rules_s += t2 - t1
            violations += len(result.violations)
            per_rule.update(v.rule for v in result.violations)
            if links is not None:
                facts.append(links)
        t3 = time.perf_counter()
        site = SitePass(linter.config.rules, linter.config.links, offline=True, headers={},
                        local=local).run(facts)
        site_s = time.perf_counter() - t3
        for found in site.violations.values():
            violations += len(found)
            per_rule.update(v.rule for v in found)
        wall = time.perf_counter() - start
        if best is None or wall < best[0]:
            best = (wall, parse_s, rules_s, site_s, violations, per_rule)

    assert best is not None
    wall, parse_s, rules_s, site_s, violations, per_rule = best
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"pages            {len(pages)} ({total_bytes / 1e6:.1f} MB), {len(failures)} unreadable")
    print(f"wall (best of {args.repeat})  {wall:.2f} s  ->  {len(pages) / wall:.1f} pages/s, "
          f"{total_bytes / 1e6 / wall:.2f} MB/s")
    print(f"parse            {parse_s:.2f} s ({parse_s / len(pages) * 1000:.1f} ms/page)")
    print(f"all rules        {rules_s:.3f} s ({rules_s / len(pages) * 1000:.2f} ms/page) = "
          f"{100 * rules_s / parse_s:.1f}% of parse time (target: under 10%)"
          + ("" if args.no_links else ", link extraction included"))
    print(f"site pass        {site_s:.3f} s (local links and anchors, offline)")
    print(f"peak memory      {peak_mb:.0f} MB (max RSS)")
    print(f"violations       {violations}: " + ", ".join(f"{k} {n}" for k, n in per_rule.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
