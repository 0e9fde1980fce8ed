"""The site-level consistency rules on make_site.py sites of several sizes, for checking every
finding by hand.

    python bench/consistency_sites.py [--pages 100 300 700 1200 2000] [--seeds 1] [--keep DIR]

Each site is built by ../shared/corpus/make_site.py (outside the repository: a temporary
folder, or --keep DIR) and linted offline with only the four consistency rules, as
``govlint --offline --no-cache --no-config --select RULES SITE`` does. Prints, per site, the
number of findings and each one with the corpus pages the reported page and the page it was
compared with were copied from (site-manifest.tsv), so a finding can be traced to the two
captures it compares.
"""

from __future__ import annotations

import argparse
import csv
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from govlint import config, ruleset
from govlint.engine import RunOptions
from govlint.model import Report
from govlint.runner import Linter, lint_paths

RULES = ("consistent-navigation", "consistent-identification", "consistent-help", "multiple-ways")
HERE = Path(__file__).resolve().parent
MAKE_SITE = HERE.parent.parent / "shared" / "corpus" / "make_site.py"
_OTHER = re.compile(r"such as (\S+?):")


def build_site(folder: Path, pages: int, seed: int, make_site: Path = MAKE_SITE) -> dict[str, str]:
    """Build the site; its manifest: page path (relative to the site) -> corpus file."""
    subprocess.run([sys.executable, str(make_site), str(folder), "--pages", str(pages), "--seed", str(seed),
                    "--force"], check=True, capture_output=True)
    with (folder / "site-manifest.tsv").open(encoding="utf-8") as handle:
        return {row["page"]: row["source"] for row in csv.DictReader(handle, delimiter="\t")}


def _linter() -> Linter:
    rules = ruleset.load()
    return Linter(config.build(config.RawConfig(), rules, config.CliOverrides(select=list(RULES))),
                  rules, RunOptions())


def site_findings(folder: Path, pages: int, seed: int, make_site: Path = MAKE_SITE,
                  linter: Linter | None = None) -> tuple[dict[str, str], Report]:
    """Build a site of ``pages`` pages into ``folder`` and lint it: its manifest and report."""
    manifest = build_site(folder, pages, seed, make_site)
    return manifest, lint_paths([str(folder)], linter or _linter())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[100, 300, 700, 1200, 2000])
    parser.add_argument("--seeds", type=int, nargs="+", default=[1])
    parser.add_argument("--keep", type=Path, help="build the sites here (outside the repository), kept")
    ns = parser.parse_args()
    linter = _linter()
    with tempfile.TemporaryDirectory() as scratch:
        root = ns.keep or Path(scratch)
        table = []
        for seed in ns.seeds:
            for pages in ns.pages:
                site = root / f"site-{pages}-seed{seed}"
                manifest, report = site_findings(site, pages, seed, linter=linter)
                table.append((pages, seed, len(report.files), len(report.violations)))
                print(f"--pages {pages} --seed {seed}: {len(report.files)} pages, "
                      f"{len(report.violations)} findings")
                for v in report.violations:
                    page = Path(v.file).resolve().relative_to(site.resolve()).as_posix()
                    other = _OTHER.search(v.message)
                    compared = ""
                    if other:
                        path = Path(other[1]).resolve()
                        if path.is_relative_to(site.resolve()):
                            compared = manifest.get(path.relative_to(site.resolve()).as_posix(), "")
                    print(f"  {page}:{v.line}:{v.column} {v.rule}: {v.message}")
                    print(f"    copied from {manifest.get(page, '?')}; compared with {compared or '?'}")
    print("\npages  seed  linted  findings")
    for pages, seed, linted, findings in table:
        print(f"{pages:5}  {seed:4}  {linted:6}  {findings:8}")


if __name__ == "__main__":
    main()
