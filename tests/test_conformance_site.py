"""The conformance summary's site-level and rendered criteria, in every format that carries it.

Site-level criteria (3.2.3, 3.2.4, 3.2.6, 2.4.5) get one result for the pages linted together:
not applicable when the run cannot decide them (and why), no failure found on a consistent
site, fails (or to review, for a warning rule) where a failure is planted. Criteria only a
rendered page can show passing are manual in a static run, and to review, never passing, where
a rendered page's budget ran out.
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import FIXTURES, Run

from govlint import conformance, schemas
from govlint.config import CliOverrides, RawConfig, build
from govlint.engine import RunOptions
from govlint.inputs import Source
from govlint.reporters import html_report, json_report, markdown_report
from govlint.ruleset import load
from govlint.runner import Linter

SITE = ("3.2.3", "3.2.4", "3.2.6", "2.4.5")
RENDERED = ("1.4.10", "1.4.12", "2.1.2", "2.4.7", "2.4.11", "2.5.8")
SITE_RULES = "consistent-navigation,consistent-identification,consistent-help,multiple-ways"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _copy(folder: Path, *sources: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for source in sources:
        shutil.copyfile(source, folder / source.name)
    return folder


def _json(govlint: Run, *args: str) -> dict[str, Any]:
    proc = govlint("--no-config", "--offline", "--no-cache", "--format", "json", *args)
    assert proc.returncode in (0, 1), proc.stderr
    report = json.loads(proc.stdout)
    jsonschema.validate(report, schemas.schema("report"))
    return report


def _rows(report: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["id"]: row for row in report["conformance"]["criteria"]}


def _markdown(govlint: Run, *args: str) -> str:
    proc = govlint("--no-config", "--offline", "--no-cache", "--format", "markdown", *args)
    assert proc.returncode in (0, 1), proc.stderr
    return proc.stdout.split("### WCAG 2.2 success criteria", 1)[1].split("### Findings by rule", 1)[0]


def _site_line(section: str, criterion: str) -> str:
    return next(line for line in section.splitlines() if line.startswith(f"| {criterion} "))


def test_a_one_page_run_cannot_decide_the_site_criteria_and_says_why(govlint: Run) -> None:
    page = str(FIXTURES / "consistent-navigation" / "pass-news.html")
    report = _json(govlint, "--select", SITE_RULES, page)
    rows = _rows(report)
    for number in SITE:
        row = rows[number]
        assert (row["scope"], row["status"], row["result"]) == ("site", "site", "not applicable")
        assert row["reason"] == "one page: nothing to compare it with" and row["pages"] == 1
        assert "fail" not in row and "passed" not in row  # one result, never counted per page
    assert set(SITE) <= set(report["conformance"]["needs_person"])
    section = _markdown(govlint, "--select", SITE_RULES, page)
    assert _site_line(section, "3.2.3") == (
        "| 3.2.3 Consistent Navigation | AA | yes | `consistent-navigation` | "
        "not applicable | one page: nothing to compare it with |")
    assert "- not decided for the site by this run (4): 2.4.5 Multiple Ways (AA): one page" in section


def test_a_run_of_fewer_pages_than_a_site_is_judged_on_says_so(govlint: Run, tmp_path: Path) -> None:
    site = _copy(tmp_path / "site", *sorted((FIXTURES / "consistent-navigation").glob("pass-*.html"))[:2])
    rows = _rows(_json(govlint, "--select", SITE_RULES, str(site)))
    for number in SITE:
        assert (rows[number]["result"], rows[number]["pages"]) == ("not applicable", 2)
        assert rows[number]["reason"] == "2 pages: it is judged across 3 or more"


def test_a_consistent_site_passes_each_site_criterion_once(govlint: Run, tmp_path: Path) -> None:
    site = _copy(tmp_path / "site", *sorted((FIXTURES / "consistent-navigation").glob("pass-*.html")))
    report = _json(govlint, "--select", SITE_RULES, str(site))
    assert report["violations"] == []
    rows = _rows(report)
    assert {number: rows[number]["result"] for number in SITE} == dict.fromkeys(SITE, "pass")
    assert rows["3.2.3"]["pages"] == 6 and rows["3.2.3"]["findings"] == 0
    assert rows["3.2.3"]["reason"] == "compared the order of links in 2 blocks repeated on 3 or more pages"
    assert rows["2.4.5"]["reason"] == "ways to reach its pages: navigation menus, a site search"
    assert not set(SITE) & set(report["conformance"]["needs_person"])
    section = _markdown(govlint, "--select", SITE_RULES, str(site))
    assert "Across the site: one result for the 6 pages linted together." in section
    assert _site_line(section, "3.2.6").startswith(
        "| 3.2.6 Consistent Help | A | no | `consistent-help` | no failure found | compared the place of 2 ")


def test_a_planted_failure_fails_its_site_criterion_once(govlint: Run, tmp_path: Path) -> None:
    site = _copy(tmp_path / "site", *sorted((FIXTURES / "consistent-navigation").glob("*.html")))
    report = _json(govlint, "--select", SITE_RULES, str(site))
    assert sorted(v["rule"] for v in report["violations"]) == ["consistent-navigation"] * 2
    rows = _rows(report)
    assert (rows["3.2.3"]["result"], rows["3.2.3"]["findings"], rows["3.2.3"]["pages"]) == ("fail", 2, 8)
    assert rows["3.2.3"]["reason"].startswith("2 findings; compared the order of links in 2 blocks")
    assert rows["3.2.4"]["result"] == "pass" and rows["2.4.5"]["result"] == "pass"
    assert "3.2.3" not in report["conformance"]["needs_person"]  # a failure is decided: fix it
    # multiple-ways is a warning (a step in a process is exempt, which a person must tell)
    menus = _copy(tmp_path / "menus", *sorted((FIXTURES / "multiple-ways").glob("*.html")))
    ways = _rows(_json(govlint, "--select", SITE_RULES, str(menus)))["2.4.5"]
    assert (ways["result"], ways["findings"]) == ("review", 1)
    assert ways["reason"] == "1 finding; ways to reach its pages: navigation menus"
    section = _markdown(govlint, "--select", SITE_RULES, str(site))
    assert _site_line(section, "3.2.3").startswith(
        "| 3.2.3 Consistent Navigation | AA | yes | `consistent-navigation` | fails | 2 findings; ")


def test_rendered_criteria_stay_with_a_person_in_a_static_run(govlint: Run, tmp_path: Path) -> None:
    head = '<!DOCTYPE html><html lang="en"><head><title>A page of the example site</title>{}</head>'
    body = '<body><p>Text and <a href="#t" id="t">a link</a>.</p></body></html>'
    (tmp_path / "zoom.html").write_text(head.format('<meta name="viewport" content="width=device-width">')
                                        + body, encoding="utf-8")
    report = _json(govlint, str(tmp_path / "zoom.html"))
    rows = _rows(report)
    for number in RENDERED:
        assert rows[number]["result"] == "manual", rows[number]
        assert rows[number]["reason"] == "only a rendered run (--render) can decide it"
        assert number in report["conformance"]["needs_person"]
    # meta-viewport checks 1.4.10 statically: it can fail it, never pass it
    assert rows["1.4.10"]["rules"] == ["meta-viewport"] and rows["1.4.10"]["undecided"] == 1
    assert rows["1.4.10"]["passed"] == 0 and rows["1.4.10"]["status"] == "manual"
    (tmp_path / "locked.html").write_text(
        head.format('<meta name="viewport" content="width=device-width, user-scalable=no">')
        + "<body><p>Text.</p></body></html>", encoding="utf-8")
    both = _rows(_json(govlint, "--root", str(tmp_path), str(tmp_path / "zoom.html"),
                       str(tmp_path / "locked.html")))
    assert (both["1.4.10"]["result"], both["1.4.10"]["fail"], both["1.4.10"]["undecided"]) == ("fail", 1, 1)
    section = _markdown(govlint, str(tmp_path / "zoom.html"))
    assert ("- only a rendered run (--render) can decide them (8): 1.4.1 Use of Color (A), "
            "1.4.3 Contrast (Minimum) (AA), 1.4.10 Reflow (AA)") in section


def _rendered_report(folder: Path) -> tuple[Any, frozenset[str]]:
    rules = load()
    interaction = ("target-size", "text-spacing", "reflow", "focus-visible", "focus-not-obscured",
                   "no-keyboard-trap")
    config = build(RawConfig({"render": {"enabled": True}}), rules, CliOverrides(select=interaction))
    # a Tab budget of 5 presses: the page of 30 links runs out of it
    config = replace(config, render=replace(config.render, focus_steps=5))
    sources = [Source(display=p.name, path=p, root=folder) for p in sorted(folder.glob("*.html"))]
    report = Linter(config, rules, RunOptions()).lint_sources(sources, offline=True,
                                                              read_stdin=lambda _size: b"")
    assert not report.errors, report.errors
    return report, frozenset(interaction)


@pytest.mark.browser
@pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium")
def test_a_rendered_run_decides_its_criteria_and_never_passes_what_its_budget_missed(tmp_path: Path) -> None:
    style = ("<style>body{{font:16px/1.5 sans-serif;margin:1em}} a{{display:inline-block;padding:8px}}"
             " li{{margin:4px 0}}</style>")
    page = ('<!DOCTYPE html><html lang="en"><head><meta name="viewport" content="width=device-width">'
            '<title>{title}</title>' + style + '</head><body><main><h1>{title}</h1><ul>{links}</ul>'
            '</main></body></html>')
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "few.html").write_text(page.format(title="Two links", links="".join(
        f'<li><a href="/p{n}">Page {n}</a></li>' for n in range(2))), encoding="utf-8")
    (folder / "many.html").write_text(page.format(title="Thirty links", links="".join(
        f'<li><a href="/p{n}">Page {n}</a></li>' for n in range(30))), encoding="utf-8")
    report, ran = _rendered_report(folder)
    found = sorted((v.file, v.rule, v.severity.label) for v in report.violations)
    assert found == [("many.html", rule, "warning")
                     for rule in ("focus-not-obscured", "focus-visible", "no-keyboard-trap")]
    summary = conformance.summarise(report, ran)
    rows = {r.criterion.id: r for r in summary.rows}
    for number in ("2.4.7", "2.4.11", "2.1.2"):  # the budget ran out on many.html: to review
        assert (rows[number].result, rows[number].review, rows[number].passed) == ("review", 1, 1)
        assert rows[number] in summary.needs_person
    for number in ("1.4.10", "1.4.12", "2.5.8"):
        assert (rows[number].result, rows[number].passed, rows[number].undecided) == ("pass", 2, 0)
        assert rows[number] not in summary.needs_person
    data = json.loads(json_report.render(report, ran=ran))
    jsonschema.validate(data, schemas.schema("report"))
    by_id = _rows(data)
    assert by_id["2.4.7"]["result"] == "review" and by_id["2.5.8"]["result"] == "pass"
    person = data["conformance"]["needs_person"]
    assert "2.4.7" in person and "2.5.8" not in person
    section = markdown_report.render(report, ran=ran)
    assert "| 2.4.7 Focus Visible | AA | yes | `focus-visible` | to review | 0 | 1 | 1 | 0 |" in section
    assert "| 1.4.10 Reflow | AA | no | `reflow` | no failure found | 0 | 0 | 2 | 0 |" in section
    assert html_report.data(report, ran)["conformance"] == data["conformance"]


@pytest.mark.browser
def test_the_html_report_shows_the_site_results_and_what_needs_a_person(govlint: Run, tmp_path: Path) -> None:
    if CHROMIUM is None:
        pytest.skip("chromium is not installed")
    site = _copy(tmp_path / "site", *sorted((FIXTURES / "consistent-navigation").glob("*.html")))
    html_file = tmp_path / "report.html"
    govlint("--no-config", "--offline", "--no-cache", "--select", SITE_RULES, "--format", f"html={html_file}",
            str(site))
    from test_html_report import _chromium
    dom = _chromium(tmp_path, "--dump-dom", html_file.as_uri() + "#view=wcag")
    table = dom.split('<table id="wcag-site">', 1)[1].split("</table>", 1)[0]
    assert re.search(r"<tr><td>3\.2\.3 Consistent Navigation</td><td>AA</td><td>yes</td>"
                     r"<td>consistent-navigation</td><td>fails</td><td>2 findings; compared ", table)
    assert ("<td>3.2.4 Consistent Identification</td><td>AA</td><td>yes</td>"
            "<td>consistent-identification</td><td>no failure found</td>") in table
    person = dom.split("<h3>Still needs a person (", 1)[1]
    assert "<li>2.4.7 Focus Visible (AA): only a rendered run (--render) can decide it</li>" in person
    assert "3.2.3 Consistent Navigation" not in person
