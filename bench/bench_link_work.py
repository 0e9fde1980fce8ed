"""The cost of link work alone: the page pass's link reading and the offline site pass. Run by
hand; never part of the tests.

    python bench/bench_link_work.py /tmp/site2005 [--repeat 3]

Lints each page as the command line's offline --jobs 1 run does, timing only the call of
engine._page_links within it (finding the links, where each goes, which may be reported, and
their positions, paths and snippets), so that what the page rules already worked out (paths
of other findings, the archive notice) is not counted again. Then times the site pass (local
files and anchors, offline) over every page's links, best of --repeat. Prints CPU seconds
(process time) and the links and findings counted, so that two versions can be compared on
the same pages.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from govlint import config, engine, inputs, ruleset
from govlint.document import from_source
from govlint.engine import RunOptions, lint_page
from govlint.globs import GlobSet
from govlint.links.local import LocalLookup
from govlint.links.site import PageLinks, SitePass
from govlint.runner import Linter


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--repeat", type=int, default=3, help="site passes; the best is reported")
    args = ap.parse_args()

    rules = ruleset.load()
    linter = Linter(config.build(config.RawConfig({}), rules, config.CliOverrides()), rules, RunOptions())
    names = rules.names()
    sources, _ = inputs.expand([str(args.folder)], GlobSet(), args.folder)
    local = LocalLookup(linter.config.links.clean_urls)
    pages: list[PageLinks] = []
    spent = [0.0]
    page_links = engine._page_links

    def timed(*a: Any) -> PageLinks:
        start = time.process_time()
        try:
            return page_links(*a)
        finally:
            spent[0] += time.process_time() - start

    engine._page_links = timed  # type: ignore[assignment]  # lint_page looks it up at each call
    for source in sources:
        data = inputs.read(source, offline=True, read_stdin=lambda _size: b"").data
        info, rel = linter.page_info(source, None)
        context = replace(linter.link_context(source, info), local=local, external=False)
        _, links = lint_page(from_source(data, info), linter.config, names, rel, linter.options, context)
        if links is not None:
            pages.append(links)
    page_s = spent[0]
    refs = sum(len(p.refs) for p in pages)
    site_s = float("inf")
    found = 0
    for _ in range(args.repeat):
        start = time.process_time()
        outcome = SitePass(linter.config.rules, linter.config.links, offline=True, headers={}).run(pages)
        site_s = min(site_s, time.process_time() - start)
        found = sum(len(v) for v in outcome.violations.values())
    print(f"pages        {len(pages)}")
    print(f"page pass    {page_s:.2f} s of CPU in _page_links ({page_s / len(pages) * 1000:.2f} ms/page), "
          f"{refs} links kept for the site pass")
    print(f"site pass    {site_s:.2f} s of CPU (best of {args.repeat}), {found} findings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
