"""Reports for code hosts hold problems, not places: a problem found in many places is one
SARIF result (one GitLab issue, one JUnit case a page), and caps keep every rule."""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from report_site import make_site

from govlint.locations import locate
from govlint.model import Severity, Violation
from govlint.reporters import Shared, sarif_report
from govlint.reporters.groups import Group
from govlint.runner import lint_paths

PAGES = 30
RULES = {"dead-link", "dap", "gov-banner", "html-has-lang", "image-alt", "image-alt-quality",
         "meta-description", "page-title", "tabindex"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = make_site(tmp_path_factory.mktemp("problems") / "site", PAGES)
    report = lint_paths([str(root)])
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
