"""The site-level consistency rules on the real-page corpus, each host's pages linted as one
site, for checking their findings by hand.

    python bench/consistency_corpus.py [--corpus ../shared/corpus/real] [--sample 20] [--seed 1]

Pages are grouped by the host of their original URL (SOURCES.tsv: an archived copy's original
host; for a saved page with no URL, the host its file name starts with); hosts with fewer than three
pages are left out (the rules never judge fewer). Each group is copied into a temporary folder
(outside the repository) and linted offline with only the consistency rules. Prints every
finding by host, then a reproducible random sample of them to check by hand.
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import shutil
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

from govlint import config, ruleset
from govlint.engine import RunOptions
from govlint.model import Violation
from govlint.runner import Linter, lint_paths

RULES = ("consistent-navigation", "consistent-identification", "consistent-help", "multiple-ways")
HERE = Path(__file__).resolve().parent


def _host(url: str, file: str) -> str:
    """The site a page came from: an archived copy's original host; for a saved page with no URL,
    the host its file name starts with."""
    archived = re.match(r"https?://web\.archive\.org/web/[^/]+/(.+)$", url)
    if archived:
        url = archived[1]
    if url:
        return (urlsplit(url).hostname or "").removeprefix("www.")
    return file.removeprefix("searchgov-fixture_").split("_")[0].removeprefix("www.")


def groups(corpus: Path) -> dict[str, list[Path]]:
    out: dict[str, list[Path]] = defaultdict(list)
    with (corpus / "SOURCES.tsv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            host = _host(row["original_url"], row["file"])
            page = corpus / row["file"]
            if host and page.is_file():
                out[host].append(page)
    return {host: sorted(pages) for host, pages in sorted(out.items()) if len(pages) >= 3}


def _linter() -> Linter:
    rules = ruleset.load()
    return Linter(config.build(config.RawConfig(), rules, config.CliOverrides(select=list(RULES))),
                  rules, RunOptions())


def findings(corpus: Path) -> Iterator[tuple[str, int, Violation | None]]:
    """(host, the host's pages, finding) for every finding, host by host; None in place of the
    finding, once, for a host with none."""
    linter = _linter()
    for host, files in groups(corpus).items():
        with tempfile.TemporaryDirectory() as folder:
            site = Path(folder) / host
            site.mkdir()
            for page in files:
                shutil.copyfile(page, site / page.name)
            report = lint_paths([str(site)], linter)
        if not report.violations:
            yield host, len(files), None
        for v in report.violations:
            yield host, len(files), v


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=HERE.parent.parent / "shared" / "corpus" / "real")
    parser.add_argument("--sample", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    ns = parser.parse_args()
    found = []
    hosts: dict[str, int] = {}
    for host, pages, v in findings(ns.corpus):
        if host not in hosts:
            hosts[host] = pages
            print(f"{host}: {pages} pages")
        if v is not None:
            found.append((host, v))
            print(f"  {Path(v.file).name}:{v.line}:{v.column} {v.rule}: {v.message}")
    print(f"\n{len(found)} findings on {sum(hosts.values())} pages of {len(hosts)} hosts")
    sample = random.Random(ns.seed).sample(found, min(ns.sample, len(found)))
    print(f"\nA sample of {len(sample)} to check by hand:")
    for host, v in sample:
        print(f"  {host} {Path(v.file).name}:{v.line}:{v.column} {v.rule}: {v.message}")


if __name__ == "__main__":
    main()
