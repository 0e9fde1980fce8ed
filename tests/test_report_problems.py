"""Reports for code hosts hold problems, not places: a problem found in many places is one
SARIF result (one GitLab issue, one JUnit case a page), and caps keep every rule."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from report_site import make_site

from govlint.config import CliOverrides, RawConfig, read
from govlint.locations import locate
from govlint.model import Severity, Violation
from govlint.reporters import Shared, gitlab_report, junit_report, left_out, sarif_report
from govlint.reporters.groups import Group
from govlint.runner import Linter, lint_paths

PAGES = 30
RULES = {"dead-link", "dap", "gov-banner", "html-has-lang", "image-alt", "image-alt-quality",
         "meta-description", "page-title", "tabindex"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = make_site(tmp_path_factory.mktemp("problems") / "site", PAGES)
    # The site-level multiple-ways finding (these pages have no navigation) is not what these
    # tests count: each rule here has one finding a page.
    linter = Linter.build(RawConfig(), CliOverrides(ignore=("multiple-ways",)))
    report = lint_paths([str(root)], linter)
    return report, locate([f.file for f in report.files], root.parent)


def _schema_check(log: dict[str, Any]) -> None:
    schema_path = os.environ.get("GOVLINT_SARIF_SCHEMA")
    if not schema_path:
        if os.environ.get("CI"):
            pytest.fail("GOVLINT_SARIF_SCHEMA is not set: .ci/run fetches the official schema")
        return
    schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
    jsonschema.validators.validator_for(schema)(schema).validate(log)


def test_sarif_gives_a_problem_found_on_every_page_once(site: Any) -> None:
    report, places = site
    assert {v.rule for v in report.violations} == RULES
    log = json.loads(sarif_report.render(report, shared=Shared(report, places)))
    _schema_check(log)
    results = log["runs"][0]["results"]
    # 30 own dead links + /gone/ + /index.html, 30 page titles, one problem each for 7 rules
    assert len(results) == 32 + 30 + 7
    [gone] = [r for r in results if r["message"]["text"].startswith("/gone/ does not exist")]
    assert gone["message"]["text"].endswith("(30 places)") and gone["properties"]["places"] == 30
    related = gone["relatedLocations"]
    assert [r["physicalLocation"]["artifactLocation"]["uri"] for r in related] == [
        f"site/p{n}.html" for n in sorted(range(PAGES), key=str)[1:]]
    assert all(r["physicalLocation"]["region"]["startLine"] == 3 for r in related)
    fingerprints = [r["partialFingerprints"][sarif_report.FINGERPRINT] for r in results]
    assert len(set(fingerprints)) == len(results)


def test_sarif_cap_keeps_a_share_of_every_rule_errors_first(site: Any) -> None:
    report, places = site
    log = json.loads(sarif_report.render(report, shared=Shared(report, places), max_results=20))
    _schema_check(log)
    run = log["runs"][0]
    results = run["results"]
    assert len(results) == 20
    per_rule = Counter(r["ruleId"] for r in results)
    # seven rules with one problem keep it; the 13 results left are shared by the two big rules
    assert set(per_rule) == RULES
    assert per_rule["page-title"] == 6 and per_rule["dead-link"] == 7
    assert Counter(r["level"] for r in results)["warning"] == 3 + 6  # three one-problem rules
    # dead-link keeps its problems with the most places first
    dead = [r["properties"]["places"] for r in results if r["ruleId"] == "dead-link"]
    assert sorted(dead, reverse=True)[:2] == [30, 30]
    notes = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    assert notes == [
        "SARIF: 49 of 69 problems (49 of 330 findings) left out (code scanning accepts at most 20 "
        "results a run): every rule keeps a share, errors before warnings, so every rule with "
        "findings has results; left out: dead-link 25 of 32, page-title 24 of 30; the other reports "
        "hold them all"]


def test_sarif_cap_takes_a_rule_s_errors_first_and_the_most_serious_rules_first() -> None:
    def problem(rule: str, severity: Severity, places: int) -> Group:
        v = Violation(rule, severity, "m", "a.html", 1, 1, "", "", "", ())
        return Group(rule, severity, f"m{places}", (v,) * places)

    # a warning found in 9 places ranks below an error found once
    found = [problem("r", Severity.WARNING, 9), problem("r", Severity.ERROR, 1),
             problem("s", Severity.ERROR, 1)]
    assert sarif_report.keep(found, 2) == [1, 2]
    assert sarif_report.keep(found, 3) == [0, 1, 2]
    # more rules than results: the rules with errors keep one each
    found = [problem("w", Severity.WARNING, 9), problem("e1", Severity.ERROR, 1),
             problem("e2", Severity.ERROR, 2)]
    assert sarif_report.keep(found, 2) == [1, 2]


def test_junit_has_a_case_per_page_and_rule_with_its_places(site: Any) -> None:
    report, places = site
    suites = ET.fromstring(junit_report.render(report, shared=Shared(report, places)))
    assert len(suites.findall("testsuite")) == PAGES
    cases = suites.findall(".//testcase")
    assert len(cases) == PAGES * len(RULES) == int(suites.get("failures")) == int(suites.get("tests"))
    [case] = [c for c in cases if c.get("name").endswith("/p7.html dead-link")]
    failure = case.find("failure")
    assert failure.get("type") == "error"
    assert failure.get("message") == "3 findings, 3 problems: /gone/ does not exist in the site …"
    lines = failure.text.splitlines()
    assert lines[0].endswith("/p7.html: 3 dead-link findings")
    assert lines[1:4] == ["3:1: /gone/ does not exist in the site",
                          "4:1: /missing-7/ does not exist in the site",
                          "7:1: /index.html does not exist in the site"]


def test_junit_lists_at_most_so_many_problems_and_positions_and_says_so(tmp_path: Path) -> None:
    page = tmp_path / "site" / "index.html"
    page.parent.mkdir()
    links = "".join(f'<a href="/gone-{n}/">x</a>\n' for n in range(junit_report.PROBLEMS + 5))
    again = '<a href="/again/">x</a>\n' * (junit_report.POSITIONS + 8)
    page.write_text(f'<!DOCTYPE html><html lang="en"><title>T</title>\n{again}{links}</html>\n',
                    encoding="utf-8")
    report = lint_paths([str(page.parent)], _linter(tmp_path, "dead-link"))
    failure = ET.fromstring(junit_report.render(report)).find(".//failure")
    lines = failure.text.splitlines()
    also = lines[2]
    assert also.startswith("  also at 3:1, 4:1") and also.endswith(" and 7 more")
    assert len(also.split(", ")) == junit_report.POSITIONS
    assert lines[-2] == "... and 6 more problems in 6 places (the JSON or text report lists every one)"
    assert sum(1 for line in lines if "does not exist" in line) == junit_report.PROBLEMS
    assert left_out("junit", report, Shared(report)) == [
        "JUnit: 13 places on 1 test case are not listed in their failure text (at most 100 problems "
        "a case and 20 more positions a problem); the JSON and text reports list them all"]


def test_gitlab_has_an_issue_per_problem_with_a_stable_unique_fingerprint(site: Any, tmp_path: Path) -> None:
    report, places = site
    issues = json.loads(gitlab_report.render(report, shared=Shared(report, places)))
    assert len(issues) == 32 + 30 + 7
    fingerprints = [i["fingerprint"] for i in issues]
    assert len(set(fingerprints)) == len(issues)  # GitLab shows only the first issue of a fingerprint
    [gone] = [i for i in issues if i["description"].startswith("[dead-link] /gone/ ")]
    assert gone["location"] == {"path": "site/p0.html", "lines": {"begin": 3}}
    assert gone["description"].endswith(" (30 places: site/p0.html:3, site/p1.html:3, site/p10.html:3, "
                                        "site/p11.html:3, site/p12.html:3, site/p13.html:3, site/p14.html:3, "
                                        "site/p15.html:3, site/p16.html:3, site/p17.html:3 and 20 more)")
    # Another run, with lines added above the link and a page fewer: the same fingerprint.
    root = make_site(tmp_path / "again", PAGES - 1)
    for page in root.glob("*.html"):
        page.write_text(page.read_text().replace("<main>", "<main>\n<p>new</p>\n"))
    again = lint_paths([str(root)])
    later = json.loads(gitlab_report.render(again))
    [moved] = [i for i in later if i["description"].startswith("[dead-link] /gone/ ")]
    assert moved["fingerprint"] == gone["fingerprint"] and moved["location"]["lines"]["begin"] == 5


def test_gitlab_cap_keeps_every_rule_and_says_what_was_left_out(site: Any) -> None:
    report, places = site
    issues = json.loads(gitlab_report.render(report, shared=Shared(report, places), max_issues=20))
    *kept, note = issues
    assert len(kept) == 20 and {i["check_name"] for i in kept} == RULES
    assert note["severity"] == "info" and note["check_name"] == "govlint-report-cut"
    assert note["description"] == (
        "GitLab: 49 of 69 problems (49 of 330 findings) left out to keep the report within 20 issues: "
        "every rule keeps a share, errors before warnings; the other reports hold them all")
    assert len({i["fingerprint"] for i in issues}) == 21


def _linter(folder: Path, select: str) -> Linter:
    config = folder / ".govlint.toml"
    config.write_text(f'select = ["{select}"]\n', encoding="utf-8")
    return Linter.build(read(config), CliOverrides())


def test_sarif_lists_fewer_places_of_the_biggest_problems_past_the_run_budget() -> None:
    def problem(places: int) -> Group:
        v = Violation("r", Severity.ERROR, "m", "a.html", 1, 1, "", "", "", ())
        return Group("r", Severity.ERROR, f"m{places}", (v,) * places)

    found = [problem(1), problem(30), problem(1), problem(30)]
    assert sarif_report.places_listed(found, [0, 1, 2, 3], budget=20) == 9  # 1 + 1 + 9 + 9 places
    assert sarif_report.places_listed(found, [0, 1, 2, 3], budget=61) == 29
    assert sarif_report.places_listed(found, [0, 1, 2, 3], budget=62) == sarif_report.MAX_PLACES  # all fit
    assert sarif_report.places_listed([problem(500)], [0], budget=10_000) == sarif_report.MAX_PLACES
