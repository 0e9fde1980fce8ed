"""Check, or rewrite, the figures README.md states that a script can measure: counts, never times.

A figure is marked where it stands in the README, with its name:

    On the <!-- fig:corpus-pages -->146<!-- /fig -->-page corpus ...

(an HTML comment, which Markdown does not show). Every mark of one name must hold the value
measured now. The corpus figures (pages, findings, lines of the grouped and the full text
report of ../shared/corpus/real, beside the checkout) take seconds and are checked by
tests/test_readme_figures.py; the site figures (the 2,005-page site that
../shared/corpus/make_site.py builds, its findings and the size of its HTML report) take
minutes and are measured only with --site.

    python tools/readme_figures.py              # check; exit 1 naming each stale figure
    python tools/readme_figures.py --write      # rewrite the stale figures in place
    python tools/readme_figures.py --site ...   # the site figures too
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"


def documents() -> list[Path]:
    """README.md and the pages of docs/ (the README's details live there)."""
    return [README, *sorted((REPO / "docs").glob("*.md"))]


def documents_text() -> str:
    return "\n".join(path.read_text(encoding="utf-8") for path in documents())
CORPUS = REPO.parent / "shared" / "corpus" / "real"
MAKE_SITE = REPO.parent / "shared" / "corpus" / "make_site.py"
SITE_PAGES = 2000  # make_site.py's default: 2,000 pages and 5 index pages

MARK = re.compile(r"<!-- fig:([a-z0-9-]+) -->(.*?)<!-- /fig -->")
CORPUS_FIGURES = ("corpus-pages", "corpus-findings", "corpus-grouped-lines", "corpus-lines",
                  "consistency-corpus-findings")
# The consistency rules' findings on make_site.py sites of these sizes (seed 1)
CONSISTENCY_SITES = (100, 300, 700, 1200, 2000)
SITE_FIGURES = ("site-pages", "site-findings", "site-html-mb", "site-html-bytes-per-finding",
                *(f"consistency-site-{pages}" for pages in CONSISTENCY_SITES))


def marked(text: str) -> dict[str, list[str]]:
    """Every marked figure: its name and the values written at each of its marks."""
    found: dict[str, list[str]] = {}
    for name, value in MARK.findall(text):
        found.setdefault(name, []).append(value)
    return found


def stale(text: str, measured: dict[str, str]) -> list[tuple[str, str, str]]:
    """(name, written, measured) for each mark whose value is not the one measured."""
    return [(name, value, measured[name]) for name, values in marked(text).items()
            if name in measured for value in values if value != measured[name]]


def rewrite(text: str, measured: dict[str, str]) -> str:
    """The text with every mark of a measured figure holding its measured value."""
    def put(match: re.Match[str]) -> str:
        name = match[1]
        value = measured.get(name, match[2])
        return f"<!-- fig:{name} -->{value}<!-- /fig -->"
    return MARK.sub(put, text)


def _count(n: int) -> str:
    return f"{n:,}"


def corpus_figures(corpus: Path = CORPUS) -> dict[str, str]:
    """Lint the corpus as `govlint --no-config --offline --no-cache CORPUS` does, once, and
    count the findings and the lines of its text report grouped (the default) and not."""
    from govlint import config
    from govlint.reporters import text_report
    from govlint.runner import Linter, lint_paths

    linter = Linter.build(config.RawConfig(base_dir=Path.cwd()), config.CliOverrides(no_cache=True))
    shown = os.path.relpath(corpus)  # as the README's commands name it, from the checkout
    report = lint_paths([shown], linter, offline=True)
    if report.errors:
        raise SystemExit(f"readme_figures: {len(report.errors)} corpus pages could not be linted")
    return {
        "corpus-pages": _count(len(report.files)),
        "corpus-findings": _count(len(report.violations)),
        "corpus-grouped-lines": _count(text_report.render(report).count("\n")),
        "corpus-lines": _count(text_report.render(report, group=False).count("\n")),
        "consistency-corpus-findings": _count(len(_consistency_corpus(corpus))),
    }


def _bench(name: str) -> object:
    """A script of bench/, loaded as a module (bench/ is not a package)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(name, REPO / "bench" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _consistency_corpus(corpus: Path) -> list[object]:
    """The consistency rules' findings on the corpus's pages grouped by host, as
    bench/consistency_corpus.py finds them (docs/checks.md judges each by hand)."""
    bench = _bench("consistency_corpus")
    return [v for _, _, v in bench.findings(corpus) if v is not None]  # type: ignore[attr-defined]


def consistency_site_figures(make_site: Path = MAKE_SITE) -> dict[str, str]:
    """The consistency rules' findings on make_site.py sites of each size in CONSISTENCY_SITES,
    as bench/consistency_sites.py counts them."""
    bench = _bench("consistency_sites")
    with tempfile.TemporaryDirectory() as tmp:
        return {f"consistency-site-{pages}": _count(len(bench.site_findings(  # type: ignore[attr-defined]
            Path(tmp) / f"site-{pages}", pages, 1, make_site)[1].violations)) for pages in CONSISTENCY_SITES}


def site_figures(make_site: Path = MAKE_SITE, corpus: Path = CORPUS) -> dict[str, str]:
    """Build the site in a temporary folder and lint it with the command line (two processes),
    counting its pages and findings and weighing its HTML report. The site is named ``site``
    from its parent folder, so the file names in the report (and its size) never depend on
    where the temporary folder is."""
    import json

    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        subprocess.run([sys.executable, str(make_site), str(site), "--pages", str(SITE_PAGES),
                        "--corpus", str(corpus)], check=True, capture_output=True)
        pages = sum(1 for _ in site.rglob("*.html"))
        out_json, out_html = Path(tmp) / "r.json", Path(tmp) / "r.html"
        lint = subprocess.run([sys.executable, "-m", "govlint", "--no-config", "--offline", "--no-cache",
                               "--jobs", "2", "--root", "site", "site", "--format", f"json={out_json}",
                               "--format", f"html={out_html}"], capture_output=True, text=True, cwd=tmp)
        if lint.returncode not in (0, 1):  # 1: findings, as expected
            raise SystemExit(f"readme_figures: linting the site failed: {lint.stderr.strip()}")
        findings = json.loads(out_json.read_text(encoding="utf-8"))["summary"]["violations"]
        size = out_html.stat().st_size
    return {
        "site-pages": _count(pages),
        "site-findings": _count(findings),
        "site-html-mb": f"{size / 1e6:.1f}",
        "site-html-bytes-per-finding": str(round(size / findings)),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--write", action="store_true", help="rewrite stale figures in README.md")
    p.add_argument("--site", action="store_true", help="also measure the 2,005-page site (minutes)")
    ns = p.parse_args(argv)
    text = documents_text()
    unknown = sorted(set(marked(text)) - set(CORPUS_FIGURES) - set(SITE_FIGURES))
    if unknown:
        print(f"readme_figures: the docs mark figures this script does not know: {', '.join(unknown)}")
        return 2
    measured = corpus_figures()
    if ns.site:
        measured.update(site_figures())
        measured.update(consistency_site_figures())
    for name, value in sorted(measured.items()):
        print(f"{name} = {value}")
    wrong = stale(text, measured)
    if ns.write:
        for path in documents():
            page = path.read_text(encoding="utf-8")
            if MARK.search(page):
                path.write_text(rewrite(page, measured), encoding="utf-8")
        print(f"readme_figures: {len(wrong)} figures rewritten")
        return 0
    for name, written, value in wrong:
        print(f"readme_figures: the docs say {name} is {written}, measured {value}")
    if not ns.site:
        print("readme_figures: site figures not checked (--site measures them)")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
