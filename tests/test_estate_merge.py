"""Estate scans without the network: the list of sites, shards, the merge into the estate
report and into every report format (pages linted by the real linter, written as shards)."""

from __future__ import annotations

import csv
import gzip
import json
import tracemalloc
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from govlint.config import CliOverrides, RawConfig
from govlint.errors import UsageError
from govlint.estate import manifest, merge, shard, sites
from govlint.estate.settings import EstateSettings
from govlint.estate.streamed import STREAMING
from govlint.model import InputFailure, Report
from govlint.output import write_atomic
from govlint.reporters import FORMATS, pieces
from govlint.runner import Linter, lint_html

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def test_a_list_of_urls_skips_blanks_comments_and_repeats() -> None:
    estate = sites.parse("# agency sites\nhttps://www.agency.gov/\n\nagency.gov\nhttps://WWW.Agency.gov/\n")
    assert [s.url for s in estate.sites] == ["https://www.agency.gov/", "https://agency.gov/"]
    assert estate.duplicates == 1 and estate.columns == ()
    assert [s.index for s in estate.sites] == [0, 1]


def test_a_csv_carries_its_other_columns_and_takes_site_scannings_bare_domains() -> None:
    text = ("target_url,agency,bureau\n"
            "18f.gov,General Services Administration,Technology Transformation Services\n"
            "\"www.usa.gov\",\"General Services Administration\",\"Office of Customer Experience, USAGov\"\n")
    estate = sites.parse(text, "sites.csv")
    assert estate.columns == ("agency", "bureau")
    assert [s.url for s in estate.sites] == ["https://18f.gov/", "https://www.usa.gov/"]
    assert estate.sites[1].columns == (("agency", "General Services Administration"),
                                       ("bureau", "Office of Customer Experience, USAGov"))


@pytest.mark.parametrize(("text", "message"), [
    ("https://ok.gov/\nftp://files.agency.gov/\n",
     "sites.csv:2: 'ftp://files.agency.gov/' is not an http(s) URL"),
    ("url,agency\n,GSA\n", "sites.csv:2: no URL in the 'url' column"),
    ("# nothing\n\n", "sites.csv: no site listed"),
    ("url,agency\nhttps://a b.gov/,GSA\n", "sites.csv:2: 'https://a b.gov/' is not an http(s) URL"),
])
def test_a_bad_line_is_one_clear_error_naming_it(text: str, message: str) -> None:
    with pytest.raises(UsageError) as caught:
        sites.parse(text, "sites.csv")
    assert str(caught.value).startswith(message)


def test_reading_a_missing_or_binary_list_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="cannot read the list of sites"):
        sites.read(tmp_path / "none.csv")
    (tmp_path / "bin.txt").write_bytes(b"\xff\xfe\x00junk")
    with pytest.raises(UsageError, match="not UTF-8"):
        sites.read(tmp_path / "bin.txt")


def _scan(linter: Linter, base: str, names: list[str]) -> shard.SiteScan:
    """Real lint results of fixture pages, as if crawled at ``base``."""
    files = [lint_html((FIXTURES / name).read_bytes(), path=base + name, url=base + name, linter=linter)
             for name in names]
    return shard.SiteScan("complete", files, [InputFailure(base + "broken.html", "HTTP 500")],
                          {"fetched": len(names) + 1})


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter.default()


def _estate(tmp_path: Path, linter: Linter) -> tuple[Path, list[shard.SiteScan]]:
    """An estate folder of three sites, the second never scanned."""
    estate = sites.parse("agency,office,url\nDoD,News,https://www.defense.gov/\n"
                         "GSA,,https://www.gsa.gov/\nEd,Press,http://www.ed.gov/\n")
    settings = EstateSettings.make(RawConfig(), CliOverrides(), {})
    manifest.write(tmp_path, manifest.Manifest(estate, settings.describe(), settings.fingerprint))
    folder = tmp_path / manifest.SHARDS
    folder.mkdir()
    dod = ["dod-news-article.html", "legacy-uswds1.html", "mil-page.html"]
    scans = [_scan(linter, "https://www.defense.gov/", dod),
             _scan(linter, "http://www.ed.gov/", ["spanish-page.html"])]
    for site, scan in zip((estate.sites[0], estate.sites[2]), scans, strict=True):
        shard.write(folder, site.key, shard.encode(site, scan, settings.fingerprint))
    return tmp_path, scans


def test_a_shard_gives_back_the_pages_it_was_made_of(tmp_path: Path, linter: Linter) -> None:
    site = sites.Site(0, "https://www.defense.gov/", (("agency", "DoD"),))
    scan = _scan(linter, site.url, ["dod-news-article.html", "legacy-uswds1.html", "mil-page.html"])
    path = shard.write(tmp_path, site.key, shard.encode(site, scan, "abc"))
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]  # no temporary file left
    head, entries = shard.read(path)
    assert (head.url, head.columns, head.status, head.pages, head.errors) == (
        site.url, site.columns, "complete", 3, 1)
    back = list(entries)
    assert back[:3] == list(scan.files)  # violations, facts, applied rules: all equal
    assert back[3] == scan.errors[0]
    assert sum(len(f.violations) for f in scan.files) >= 3  # the round trip has something to carry
    assert shard.finished(tmp_path) == {site.key: path}


def test_a_damaged_shard_is_named_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / f"abc{shard.SUFFIX}"
    path.write_bytes(gzip.compress(b'{"govlint_shard": 1, "url": "x"}\n'))
    with pytest.raises(shard.DamagedShard, match="abc"):
        shard.read_head(path)
    path.write_bytes(b"not gzip")
    with pytest.raises(shard.DamagedShard):
        shard.read_head(path)


def test_the_estate_report_has_a_row_per_site_with_its_columns(tmp_path: Path, linter: Linter) -> None:
    folder, scans = _estate(tmp_path, linter)
    merged = merge.merge(folder, linter.ruleset.rules)
    assert (merged.sites, merged.scanned, merged.failed) == (3, 2, 0)
    with merged.csv_path.open(newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert [(r["agency"], r["office"], r["url"], r["crawl_status"]) for r in rows] == [
        ("DoD", "News", "https://www.defense.gov/", "complete"),
        ("GSA", "", "https://www.gsa.gov/", "not scanned"),
        ("Ed", "Press", "http://www.ed.gov/", "complete")]
    dod, gsa, ed = rows
    assert (dod["pages"], dod["page_errors"], ed["pages"], gsa["pages"]) == ("3", "1", "1", "0")
    errors = [v for f in scans[0].files for v in f.violations if v.severity.label == "error"]
    assert int(dod["errors"]) == len(errors)
    families = sum(int(dod[f"errors_{f}"]) for f in ("accessibility", "federal", "links", "other"))
    assert families == len(errors)
    wcag = {t for v in errors for t in v.tags if t.startswith("wcag") and t[4:].isdigit()}
    assert len(dod["wcag_failing"].split()) == len(wcag) > 0
    assert ed["https"] == "http" and dod["https"] == "https"
    banner_pages = sum(any(v.rule == "gov-banner" and v.severity.label == "error" for v in f.violations)
                       for f in scans[0].files)
    assert int(dod["banner_problem_pages"]) == banner_pages
    dap_missing = sum(not f.facts.summary["dap"]["present"] for f in scans[0].files if f.facts)
    assert int(dod["dap_missing_pages"]) == dap_missing
    assert int(dod["problems"]) == int(dod["errors"]) + int(dod["warnings"]) + 1


def test_the_estate_page_is_self_contained_and_holds_every_row(tmp_path: Path, linter: Linter) -> None:
    folder, _ = _estate(tmp_path, linter)
    merged = merge.merge(folder, linter.ruleset.rules)
    page = merged.html_path.read_text(encoding="utf-8")
    assert "src=" not in page and "<link" not in page and "http-equiv" not in page
    start = page.index('id="estate-data">') + len('id="estate-data">')
    data = json.loads(page[start:page.index("</script>", start)])
    assert [row[data["columns"].index("url")] for row in data["rows"]] == [
        "https://www.defense.gov/", "https://www.gsa.gov/", "http://www.ed.gov/"]
    with merged.csv_path.open(newline="", encoding="utf-8") as stream:
        table = list(csv.reader(stream))
    assert data["columns"] == table[0]
    assert [[str(cell) for cell in row] for row in data["rows"]] == table[1:]


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_format_of_the_merged_report_is_the_report_of_the_same_pages(
        name: str, tmp_path: Path, linter: Linter) -> None:
    folder, scans = _estate(tmp_path, linter)
    merged = merge.merge(folder, linter.ruleset.rules).report
    files = tuple(f for scan in scans for f in scan.files)
    errors = (scans[0].errors[0], InputFailure("https://www.gsa.gov/",
                                               "site not scanned: the estate scan has not finished it"),
              scans[1].errors[0])
    whole = Report(files, errors, linter.ruleset.rules)
    options = {"locations": {}, "group": None, "ran": frozenset(linter.ruleset.rules)}
    given = merged if name in STREAMING else merged.whole()  # as the estate command does
    assert "".join(pieces(name, given, **options)) == "".join(pieces(name, whole, **options))
    assert len(merged.files) == 4 and len(merged.violations) == len(whole.violations)


def test_merging_a_folder_that_is_not_an_estate_is_a_usage_error(tmp_path: Path, linter: Linter) -> None:
    with pytest.raises(UsageError, match="not an estate folder"):
        merge.merge(tmp_path, linter.ruleset.rules)


def _estate_of(tmp_path: Path, linter: Linter, count: int) -> Path:
    """An estate folder of ``count`` sites, each with the same three linted pages (11 findings)."""
    estate = sites.parse("".join(f"https://www.site{n}.gov/\n" for n in range(count)))
    settings = EstateSettings.make(RawConfig(), CliOverrides(), {})
    folder = tmp_path / str(count)
    (folder / manifest.SHARDS).mkdir(parents=True)
    manifest.write(folder, manifest.Manifest(estate, settings.describe(), settings.fingerprint))
    scan = _scan(linter, "https://x.gov/", ["legacy-uswds1.html", "mil-page.html", "spanish-page.html"])
    for site in estate.sites:
        files = [replace(f, file=site.url + f.file, violations=tuple(replace(v, file=site.url + v.file)
                                                                     for v in f.violations))
                 for f in scan.files]
        shard.write(folder / manifest.SHARDS, site.key,
                    shard.encode(site, replace(scan, files=files), settings.fingerprint))
    return folder


def _peak(work: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_merging_takes_memory_that_does_not_grow_with_the_findings(tmp_path: Path, linter: Linter) -> None:
    """The estate report and the text and JSON reports of 250 sites take little more memory
    than those of 100 (both past the reporters' 1,000-line batches): a path, the page errors
    and the JSON report's memo of page names per site, never the findings."""
    def merge_and_report(folder: Path) -> None:
        report = merge.merge(folder, linter.ruleset.rules).report
        for name in ("text", "json"):
            write_atomic(folder / f"report.{name}", pieces(name, report, group=False, locations={}))

    few, many = _estate_of(tmp_path, linter, 100), _estate_of(tmp_path, linter, 250)
    streamed = _peak(lambda: merge_and_report(few))
    grown = _peak(lambda: merge_and_report(many)) - streamed
    bound = 150 * 2_000
    assert grown < bound, grown
    # What 150 sites' findings take when they are held: far over that bound.
    held = _peak(lambda: merge.merge(few, linter.ruleset.rules).report.whole()) - _peak(
        lambda: merge.merge(few, linter.ruleset.rules))
    assert held * 150 / 100 > 3 * bound, held
    report = json.loads((many / "report.json").read_text(encoding="utf-8"))
    assert len(report["violations"]) == 250 * 10 and len(report["pages"]) == 750


def test_the_estate_page_escapes_what_the_list_of_sites_says(tmp_path: Path, linter: Linter) -> None:
    hostile = '</script><img src=x onerror="alert(1)"><!--'
    estate = sites.parse(f'agency,url\n"{hostile.replace(chr(34), chr(34) * 2)}",https://www.a.gov/\n')
    settings = EstateSettings.make(RawConfig(), CliOverrides(), {})
    manifest.write(tmp_path, manifest.Manifest(estate, settings.describe(), settings.fingerprint))
    page = merge.merge(tmp_path, linter.ruleset.rules).html_path.read_text(encoding="utf-8")
    assert "<img" not in page and "<!--" not in page
    start = page.index('id="estate-data">') + len('id="estate-data">')
    data = json.loads(page[start:page.index("</script>", start)])
    assert data["rows"][0][0] == hostile
