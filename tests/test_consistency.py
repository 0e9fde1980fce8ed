"""The consistency rules compare pages: WCAG 3.2.3, 3.2.4, 3.2.6 and 2.4.5 across a site.

The fixture folders (fixtures/consistent-*, fixtures/multiple-ways) hold the planted
inconsistencies with their exact findings; these tests hold what needs whole sites: what
repetition means, runs too small to judge, several templates in one run, the cache and workers.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from conftest import Run

from govlint import config, ruleset
from govlint.engine import RunOptions
from govlint.model import Report
from govlint.runner import Linter, lint_paths

RULES = ("consistent-navigation", "consistent-identification", "consistent-help", "multiple-ways")
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
NAV = [("/news/", "News"), ("/programs/", "Programs"), ("/resources/", "Resources"), ("/about/", "About us")]
FOOTER = [("/privacy/", "Privacy policy"), ("/foia/", "FOIA"), ("/contact/", "Contact us")]


def page(title: str, nav: list[tuple[str, str]] = NAV, footer: list[tuple[str, str]] = FOOTER, *,
         home: str = "Agency home", search: bool = True, before_footer: str = "") -> str:
    def items(pairs: list[tuple[str, str]]) -> str:
        return "".join(f'<li><a href="{href}">{name}</a></li>' for href, name in pairs)
    form = ('<form role="search" action="/search/"><label for="q">Search</label>'
            '<input id="q" type="search" name="q"><button>Search</button></form>') if search else ""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><title>{title}</title></head>\n<body>\n'
            f'<header><a href="/">{home}</a>{form}\n<nav aria-label="Main"><ul>{items(nav)}</ul></nav>\n'
            f'</header>\n<main><h1>{title}</h1></main>\n{before_footer}'
            f'<footer><ul>{items(footer)}</ul><p>Call 202-555-0100</p></footer>\n</body></html>\n')


def site(folder: Path, pages: dict[str, str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, html in pages.items():
        (folder / name).write_text(html, encoding="utf-8")
    return folder


def lint(folder: Path, rule_config: str = "") -> Report:
    rules = ruleset.load()
    raw = config.RawConfig(_toml(rule_config)) if rule_config else config.RawConfig()
    linter = Linter(config.build(raw, rules, config.CliOverrides(select=list(RULES))), rules, RunOptions())
    return lint_paths([str(folder)], linter)


def _toml(text: str) -> dict[str, object]:
    import tomllib
    return tomllib.loads(text)


def found(report: Report) -> list[tuple[str, str, int]]:
    return sorted((Path(v.file).name, v.rule, v.line) for v in report.violations)


def test_a_site_built_from_one_template_has_no_findings(tmp_path: Path) -> None:
    pages = {f"page{n:02}.html": page(f"Page {n}") for n in range(30)}
    # what a template varies legitimately: a link added, one left out, the current page marked
    pages["page30.html"] = page("Events", [*NAV[:2], ("/events/", "Events"), *NAV[2:]])
    pages["page31.html"] = page("About", NAV[:3])
    pages["page32.html"] = page("News", [(NAV[0][0], "News (current page)"), *NAV[1:]])
    assert found(lint(site(tmp_path / "site", pages))) == []


def test_a_run_of_one_page_or_of_too_few_pages_is_never_judged(tmp_path: Path) -> None:
    one = site(tmp_path / "one", {"a.html": page("A", search=False)})
    assert found(lint(one)) == []
    # two pages that disagree: neither order is the site's, and two pages are too few for 2.4.5
    two = site(tmp_path / "two", {"a.html": page("A", search=False),
                                  "b.html": page("B", [NAV[1], NAV[0], *NAV[2:]], search=False)})
    assert found(lint(two)) == []


def test_the_planted_inconsistencies_are_found_on_a_bigger_site(tmp_path: Path) -> None:
    pages = {f"page{n:02}.html": page(f"Page {n}") for n in range(12)}
    pages["reordered.html"] = page("R", [NAV[0], NAV[2], NAV[1], NAV[3]])
    pages["renamed.html"] = page("N", footer=[*FOOTER[:2], ("/contact/", "Write to us")])
    pages["help-moved.html"] = page("H", footer=[FOOTER[2], *FOOTER[:2]])
    assert found(lint(site(tmp_path / "site", pages))) == [
        ("help-moved.html", "consistent-help", 8),
        ("help-moved.html", "consistent-navigation", 8),
        ("renamed.html", "consistent-identification", 8),
        ("reordered.html", "consistent-navigation", 5)]


def test_two_links_to_one_target_are_two_components(tmp_path: Path) -> None:
    """A footer that links home twice (its seal and a text link) names each consistently on
    its own: a page that renames the seal is reported, a page that adds a third link home (a
    button) beside the usual two is not, nor one that adds a button to a target it keeps."""
    footer = [("/", "Seal of the agency"), *FOOTER, ("/", "Agency home")]
    pages = {f"page{n:02}.html": page(f"Page {n}", footer=footer) for n in range(6)}
    pages["seal.html"] = page("Seal", footer=[("/", "Department seal"), *footer[1:]])
    pages["button.html"] = page("Button", footer=[("/", "Back to the start"), *footer])
    pages["privacy.html"] = page("Privacy", footer=[("/privacy/", "Read how we use your data"), *footer])
    assert found(lint(site(tmp_path / "site", pages))) == [("seal.html", "consistent-identification", 8)]


def test_two_sites_in_one_run_are_compared_each_with_itself(tmp_path: Path) -> None:
    """Landmarks with different links are different templates: both sites' home links go to
    "/" under different names, and neither is an inconsistency."""
    other_nav = [("/benefits/", "Benefits"), ("/claims/", "Claims"), ("/careers/", "Careers")]
    other_footer = [("/privacy-act/", "Privacy Act"), ("/no-fear/", "No FEAR Act"), ("/inspector/", "OIG")]
    pages = {f"a{n}.html": page(f"A{n}") for n in range(4)}
    pages |= {f"b{n}.html": page(f"B{n}", other_nav, other_footer, home="Department home") for n in range(4)}
    assert found(lint(site(tmp_path / "site", pages))) == []


def test_an_order_or_name_many_pages_share_is_a_variant_not_an_outlier(tmp_path: Path) -> None:
    pages = {f"page{n:02}.html": page(f"Page {n}") for n in range(8)}
    # a section of three pages with its own order: a template variant (min_pages is 3)
    pages |= {f"section{n}.html": page(f"S{n}", [NAV[1], NAV[0], *NAV[2:]]) for n in range(3)}
    assert found(lint(site(tmp_path / "site", pages))) == []
    # asking for more pages before a variant counts makes the section an inconsistency
    stricter = "[rules]\nconsistent-navigation = { min_pages = 4 }\n"
    assert [f for f in found(lint(tmp_path / "site", stricter)) if f[1] == "consistent-navigation"] == [
        (f"section{n}.html", "consistent-navigation", 5) for n in range(3)]


def test_two_versions_of_a_template_are_two_sets_of_pages(tmp_path: Path) -> None:
    """Pages whose footer links where the others' never does, and lacks a link theirs all
    have, are of another version of the template (a site revised between two captures): they
    are compared with each other, never with the current version, however few they are. A
    page that only adds a link keeps its version, and its rename is still found."""
    footer = [*FOOTER, ("/accessibility/", "Accessibility")]
    old_footer = [*FOOTER[:2], ("/section-508/", "Section 508"), ("/contact/", "Write to us")]
    pages = {f"page{n:02}.html": page(f"Page {n}", footer=footer) for n in range(6)}
    pages |= {f"old{n}.html": page(f"Old {n}", [NAV[3], *NAV[:3]], old_footer) for n in range(2)}
    pages["renamed.html"] = page("N", footer=[*FOOTER[:2], ("/contact/", "Write to us"), footer[3]])
    added = page("A", [*NAV, ("/events/", "Events")], footer=[*footer, ("/jobs/", "Careers")])
    pages["added.html"] = added.replace(">Programs<", ">Our programs<").replace(">News<", ">Latest<")
    assert found(lint(site(tmp_path / "site", pages))) == [
        ("added.html", "consistent-identification", 5),
        ("renamed.html", "consistent-identification", 8)]


def test_a_name_with_words_added_names_the_same_component(tmp_path: Path) -> None:
    """Consistent is not identical (Understanding 3.2.4): "Search the site" and "Search", or
    a label a remote style sheet hides beside the visible one, name one search field."""
    pages = {f"page{n:02}.html": page(f"Page {n}") for n in range(5)}
    label = '<label for="q">Search</label>'
    pages["site.html"] = page("S").replace(label, '<label for="q">Search the site</label>')
    pages["clear.html"] = page("C").replace('<input id="q"', '<label for="q" class="u-visually-hidden-js">'
                                            'Clear search</label><input id="q"')
    pages["find.html"] = page("F").replace(label, '<label for="q">Find</label>')
    assert found(lint(site(tmp_path / "site", pages))) == [("find.html", "consistent-identification", 4)]


def test_multiple_ways_counts_search_site_maps_related_links_and_the_home_page(tmp_path: Path) -> None:
    def only_menus(**kw: str) -> dict[str, str]:
        return {f"p{n}.html": page(f"P{n}", search=False, **kw) for n in range(4)}

    assert [f[1] for f in found(lint(site(tmp_path / "menus", only_menus())))] == ["multiple-ways"]
    with_map = only_menus(footer=[*FOOTER, ("/sitemap/", "Site map")])
    assert found(lint(site(tmp_path / "map", with_map))) == []
    related = '<aside><h2>Related resources</h2><a href="/a/">A</a> <a href="/b/">B</a></aside>\n'
    assert found(lint(site(tmp_path / "related", only_menus(before_footer=related)))) == []
    home = only_menus()
    home["index.html"] = page("Home", search=False, before_footer="".join(
        f'<a href="p{n}.html">P{n}</a>' for n in range(4)))
    assert found(lint(site(tmp_path / "home", home))) == []


def test_a_finding_is_reported_on_the_home_page_when_there_is_one(tmp_path: Path) -> None:
    pages = {f"p{n}.html": page(f"P{n}", search=False) for n in range(3)}
    pages["index.html"] = page("Home", search=False)
    report = lint(site(tmp_path / "site", pages))
    assert [(Path(v.file).name, v.rule) for v in report.violations] == [("index.html", "multiple-ways")]


def test_a_suppression_at_the_link_holds(tmp_path: Path) -> None:
    pages = {f"page{n:02}.html": page(f"Page {n}") for n in range(4)}
    pages["renamed.html"] = page("N", footer=[*FOOTER[:2], ("/contact/", "Write to us")]).replace(
        '<li><a href="/contact/">', '<li><!-- govlint-disable-next consistent-identification -- the '
        'bureau asks for this wording --><a href="/contact/">')
    report = lint(site(tmp_path / "site", pages))
    assert found(report) == [] and report.suppressed == 1


@pytest.mark.slow
def test_the_cache_and_the_workers_keep_what_the_pages_repeat(govlint: Run, tmp_path: Path) -> None:
    folder = tmp_path / "site"
    for fixture in (FIXTURES / "consistent-navigation").glob("*.html"):
        (folder / fixture.name).parent.mkdir(exist_ok=True)
        (folder / fixture.name).write_bytes(fixture.read_bytes())
    args = ("--offline", "--select", ",".join(RULES), "--format", "json", "--cache-dir",
            str(tmp_path / "cache"), str(folder))
    runs = [govlint(*args, "--jobs", "1"), govlint(*args, "--jobs", "1"), govlint(*args, "--jobs", "2")]
    reports = [json.loads(proc.stdout) for proc in runs]
    assert [proc.returncode for proc in runs] == [1, 1, 1]
    violations = [[(Path(v["file"]).name, v["rule"], v["line"], v["column"]) for v in r["violations"]]
                  for r in reports]
    assert violations[0] == violations[1] == violations[2] == [
        ("fail-reordered-footer.html", "consistent-navigation", 26, 9),
        ("fail-reordered-menu.html", "consistent-navigation", 14, 11)]


def test_min_pages_below_two_is_refused(govlint: Run, tmp_path: Path) -> None:
    settings = "[rules]\nconsistent-help = { min_pages = 1 }\n"
    (tmp_path / ".govlint.toml").write_text(settings, encoding="utf-8")
    (tmp_path / "a.html").write_text(page("A"), encoding="utf-8")
    proc = govlint("--offline", "a.html", cwd=tmp_path)
    assert proc.returncode == 2
    assert re.search(r"consistent-help.*min_pages", proc.stderr), proc.stderr
    assert "Traceback" not in proc.stderr
