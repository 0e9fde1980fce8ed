"""Report formats for CI systems, written side by side from one run."""

from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from conftest import FIXTURES, REPO, Run

from govlint.fingerprints import fingerprints
from govlint.locations import Location
from govlint.model import FileResult, InputFailure, Report, Severity, Violation
from govlint.reporters import FORMATS, github_report
from govlint.reporters.sarif_report import FINGERPRINT
from govlint.runner import lint_html
from govlint.version import rule_page_url

PAGES = sorted(str(p.relative_to(REPO)) for p in (FIXTURES / "pages").glob("*.html"))
SITE = ("--no-config", "--offline", "--root", "fixtures/pages")


def _all_formats(govlint: Run, tmp_path: Path, *extra: str) -> dict[str, str]:
    files = {name: tmp_path / f"report.{name}" for name in ("sarif", "junit", "github", "gitlab",
                                                             "markdown", "json")}
    args = [f"--format={name}={path}" for name, path in files.items()]
    proc = govlint(*SITE, "--format", "text", *args, *extra, *PAGES)
    assert proc.returncode == 1, proc.stderr
    out = {name: path.read_text(encoding="utf-8") for name, path in files.items()}
    out["text"] = proc.stdout
    return out


def test_several_formats_from_one_run(govlint: Run, tmp_path: Path) -> None:
    out = _all_formats(govlint, tmp_path)
    violations = json.loads(out["json"])["violations"]
    # The legacy page has no DAP script and no meta description; content outside landmarks and
    # a nameless link are found on the sample pages too.
    assert len(violations) == 14
    assert out["text"].splitlines()[-1] == "6 errors, 8 warnings, 0 info in 5 files"

    sarif = json.loads(out["sarif"])
    run = sarif["runs"][0]
    results = run["results"]
    rules = run["tool"]["driver"]["rules"]
    # A problem is one result, its first place the location and its other places related.
    places = []
    for result in results:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        found = [result["locations"][0], *result.get("relatedLocations", ())]
        assert result["properties"]["places"] == len(found)
        for place in found:
            location = place["physicalLocation"]
            uri = location["artifactLocation"]["uri"]  # relative to the repository root
            places.append((result["ruleId"], uri, location["region"]["startLine"],
                           location["region"]["startColumn"]))
    assert sorted(places) == sorted((v["rule"], v["file"], v["line"], v["column"]) for v in violations)
    assert len(results) == 12  # two problems are found on two pages each
    assert len({r["partialFingerprints"]["govlintProblem/v1"] for r in results}) == len(results)
    banner = next(r for r in rules if r["id"] == "gov-banner")
    assert banner["defaultConfiguration"] == {"level": "error"}
    assert banner["helpUri"] == rule_page_url("gov-banner")
    assert "wcag412" in banner["properties"]["tags"]

    suites = ET.fromstring(out["junit"])
    assert suites.tag == "testsuites"
    pairs = {(v["file"], v["rule"]) for v in violations}  # a case per page and rule
    assert int(suites.get("failures")) == len(pairs) == 12
    cases = [c for c in suites.iter("testcase") if c.find("failure") is not None]
    assert {tuple(c.get("name").rsplit(" ", 1)) for c in cases} == pairs
    assert len(suites.findall("testsuite")) == 5
    failures = suites.findall(".//failure")
    assert {f.get("type") for f in failures} == {"error", "warning"}

    gitlab = json.loads(out["gitlab"])
    assert [i["check_name"] for i in gitlab] == [r["ruleId"] for r in results]  # an issue per problem
    assert [i["fingerprint"] for i in gitlab] == [r["partialFingerprints"][FINGERPRINT] for r in results]
    assert {i["severity"] for i in gitlab} == {"major", "minor"}
    assert gitlab[0]["location"] == {"path": violations[0]["file"], "lines": {"begin": violations[0]["line"]}}

    github = out["github"].splitlines()
    assert len(github) == len(violations)
    assert github[0].startswith(f"::warning file={violations[0]['file']},line={violations[0]['line']},")

    markdown = out["markdown"]
    assert markdown.startswith("## govlint: ❌ 6 errors")
    alt_help = rule_page_url("image-alt")
    assert f"| 1 | [`image-alt`]({alt_help}) | error | Every image has a text alternative |" in markdown
    assert "| `fixtures/pages/legacy-uswds1.html` | 4 | 4 |" in markdown


def test_sarif_is_valid_against_the_official_schema(govlint: Run, tmp_path: Path) -> None:
    schema_path = os.environ.get("GOVLINT_SARIF_SCHEMA")
    if not schema_path:
        if os.environ.get("CI"):
            pytest.fail("GOVLINT_SARIF_SCHEMA is not set: .ci/run fetches the official schema")
        pytest.skip("official SARIF schema not available (set GOVLINT_SARIF_SCHEMA; .ci/run does)")
    schema = json.loads(Path(schema_path).read_text(encoding="utf-8"))
    sarif = json.loads(_all_formats(govlint, tmp_path)["sarif"])
    jsonschema.validators.validator_for(schema)(schema).validate(sarif)
    # An unreadable input becomes a tool notification, and the log stays valid.
    bad = govlint(*SITE, "--format", f"sarif={tmp_path / 'bad.sarif'}", "missing.html", PAGES[0])
    log = json.loads((tmp_path / "bad.sarif").read_text())
    jsonschema.validators.validator_for(schema)(schema).validate(log)
    assert bad.returncode == 2
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_github_annotations_are_escaped() -> None:
    v = Violation(rule="dead-link", severity=Severity.WARNING, message="50% done, see: a\nb",
                  file="news/a,b:c.html", line=3, column=7, selector="a", snippet="<a>", help_url="",
                  tags=())
    report = Report((FileResult("news/a,b:c.html", (v,)),), (InputFailure("x%y.html", "binary file"),))
    assert github_report.render(report).splitlines() == [
        "::warning file=news/a%2Cb%3Ac.html,line=3,col=7,title=govlint dead-link::50% done, see: a%0Ab"
        .replace("50% done", "50%25 done"),
        "::error file=x%25y.html,title=govlint::binary file",
    ]


def test_fingerprints_survive_edits_above_the_element() -> None:
    page = "<body>\n<main>\n<img src=a.png>\n<p>text</p>\n<img src=a.png>\n</main></body>"
    before = lint_html(page, path="p.html").violations
    edited = page.replace("<main>", "<main>\n<nav><a href='#'>new menu</a></nav>\n<div>more</div>")
    after = lint_html(edited, path="p.html").violations
    alt_before = [v for v in before if v.rule == "image-alt"]
    alt_after = [v for v in after if v.rule == "image-alt"]
    assert [v.line for v in alt_before] != [v.line for v in alt_after]
    assert fingerprints(alt_before) == fingerprints(alt_after)
    assert len(set(fingerprints(alt_before))) == 2  # two identical images: occurrence tells them apart


def test_max_warnings_and_format_usage_errors(govlint: Run, tmp_path: Path) -> None:
    page = str(FIXTURES / "pages" / "mil-page.html")  # one warning, no error
    assert govlint(*SITE, page).returncode == 0
    within = govlint(*SITE, "--max-warnings", "1", page)
    assert within.returncode == 0 and "--max-warnings" not in within.stderr
    over = govlint(*SITE, "--max-warnings", "0", page)
    assert over.returncode == 1  # and says why, where the summary shows no error
    assert over.stderr.splitlines()[-1] == "govlint: 1 warnings, more than --max-warnings 0"
    negative = govlint(*SITE, "--max-warnings", "-1", page)
    assert negative.returncode == 2 and "argument --max-warnings: must be 0 or more" in negative.stderr
    two = govlint(*SITE, "--format", "text", "--format", "json", page)
    assert two.returncode == 2 and "only one format can go to standard output" in two.stderr
    unknown = govlint(*SITE, "--format", "yaml", page)
    assert unknown.returncode == 2 and "unknown format 'yaml'" in unknown.stderr
    redirected = govlint(*SITE, "--format", "junit", "--output", str(tmp_path / "r.xml"), page)
    assert redirected.stdout == "" and ET.parse(tmp_path / "r.xml").getroot().tag == "testsuites"


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_every_reporter_takes_the_shared_options(name: str) -> None:
    full = Report((lint_html("<body><img src=a.png></body>", path="a.html"),),
                  (InputFailure("b.html", "binary file, not HTML"),))
    for report in (Report(()), full):
        places = {"a.html": Location("site/a.html", "/repo")}
        text = FORMATS[name](report, color=False, quiet=False, locations=places)
        assert isinstance(text, str)
