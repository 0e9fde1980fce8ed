"""The default parser (turbohtml) and the reference parser (html5lib) must give the same
violations: rule, file, line, column and message, on every fixture and every corpus page."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import REPO
from fixture_support import FIXTURES, TODAY, marks

from govlint import config, inputs, ruleset
from govlint.engine import RunOptions
from govlint.model import Report
from govlint.runner import Linter

CORPUS = REPO.parent / "shared" / "corpus" / "real"

# Pages that declare no charset and hold UTF-8 bytes: turbohtml's structural UTF-8 check reads
# them as UTF-8 (as browsers with an encoding detector do); html5lib falls back to
# windows-1252, so every character after the first non-ASCII one shifts columns on its line
# and text differs. These are the only pages where the two parsers may disagree.
ENCODING_SNIFF = frozenset({
    "af.mil_article_print_617349.html",
    "af.mil_article_print_617488.html",
    "af.mil_article_print_628021.html",
    "af.mil_article_print_633486.html",
    "af.mil_article_print_637137.html",
    "af.mil_article_print_642974.html",
    "cpo.noaa.gov_About_CPO_All_News__a.html",
    "cpo.noaa.gov_About_CPO_All_News__b.html",
    "energy.gov_ia_initiatives_us_china_clean_energy_research_center_cerc__a.html",
    "energy.gov_ia_initiatives_us_china_clean_energy_research_center_cerc__b.html",
    "searchgov-fixture_gsa-forms_GPO2511.html",
    "searchgov-fixture_gsa-forms_GSA1241.html",
    "searchgov-fixture_gsa-forms_GSA1241A.html",
    "searchgov-fixture_gsa-forms_GSA1364.html",
})


def _lint(folder: Path, pages: list[Path], parser: str, raw: dict[str, object]) -> list[tuple]:
    rules = ruleset.load()
    cfg_file = folder / "govlint.toml"
    base = config.read(cfg_file) if cfg_file.exists() else config.RawConfig(base_dir=folder)
    data = {**base.data, **raw}
    cfg = config.build(config.RawConfig(data, base.source, base.base_dir), rules,
                       config.CliOverrides(parser=parser))
    linter = Linter(cfg, rules, RunOptions(today=TODAY))
    sources = [inputs.Source(display=p.name, path=p, root=folder) for p in pages]
    report: Report = linter.lint_sources(sources, offline=True, read_stdin=lambda _size: b"")
    assert not report.errors, report.errors
    return [(f.file, v.rule, v.line, v.column, v.message) for f in report.files for v in f.violations]


@pytest.mark.parametrize("folder", [pytest.param(p, marks=marks(p), id=p.name)
                                    for p in sorted(FIXTURES.iterdir()) if p.is_dir()])
def test_fixtures_give_the_same_violations_with_both_parsers(folder: Path) -> None:
    pages = sorted(folder.glob("*.html"))
    fast = _lint(folder, pages, "turbohtml", {})
    reference = _lint(folder, pages, "html5lib", {})
    assert fast == reference
    if any(p.name.startswith("fail-") for p in pages):
        assert fast, "a folder with fail pages must report something"


@pytest.mark.slow
@pytest.mark.skipif(not CORPUS.is_dir(), reason="no ../shared/corpus/real beside the checkout")
def test_corpus_gives_the_same_violations_with_both_parsers() -> None:
    pages = sorted(CORPUS.glob("*.htm*"))
    assert len(pages) >= 100
    assert {p.name for p in pages} >= ENCODING_SNIFF
    same = [p for p in pages if p.name not in ENCODING_SNIFF]
    raw = {"archive": {"before": "2021-01-01"}}
    fast = _lint(CORPUS, same, "turbohtml", raw)
    assert len(fast) > 1000
    assert fast == _lint(CORPUS, same, "html5lib", raw)
    # Where the sniff differs, the rules still run and the pages read as UTF-8 by turbohtml
    # keep their typographic quotes instead of windows-1252 mojibake.
    sniffed = sorted(CORPUS / name for name in ENCODING_SNIFF)
    fast_sniffed = _lint(CORPUS, sniffed, "turbohtml", raw)
    assert not any("\u00e2\u20ac" in message for *_, message in fast_sniffed)
