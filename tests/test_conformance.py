"""The conformance summary by WCAG 2.2 success criterion, derived from rule tags."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from conftest import REPO, Run

from govlint import conformance, schemas


def test_the_criteria_list_is_every_wcag22_a_and_aa_criterion() -> None:
    found = conformance.criteria()
    current = [c for c in found if not c.obsolete]
    assert len(current) == 55 and len({c.id for c in found}) == len(found)
    assert sum(c.level == "A" for c in current) == 31 and sum(c.level == "AA" for c in current) == 24
    assert sum(c.section508 for c in found) == 38  # WCAG 2.0 A and AA, 4.1.1 included
    assert [c.id for c in found if c.obsolete] == ["4.1.1"]
    assert conformance.criterion_of("wcag1410") == "1.4.10" and conformance.criterion_of("wcag2aa") is None


def _site(root: Path) -> Path:
    root.mkdir()
    page = '<!DOCTYPE html><html lang="en"><title>A page of the example site</title>{}</html>\n'
    (root / "a.html").write_text(page.format('<img src="x.png">'), encoding="utf-8")  # no alt
    (root / "b.html").write_text(page.format('<img src="x.png" alt="Photo">'), encoding="utf-8")
    (root / "c.html").write_text(page.format('<img src="x.png" alt="A ranger at the gate">'),
                                 encoding="utf-8")
    (root / "d.html").write_text('<!DOCTYPE html><html lang="en"><p>untitled</html>\n', encoding="utf-8")
    return root


def _custom_rules(folder: Path) -> Path:
    """A custom rule tagged with a criterion no shipped rule names: 2.4.2 Page Titled."""
    folder.mkdir()
    source = (REPO / "rules" / "page-title.toml").read_text(encoding="utf-8")
    head, _, rest = source.partition("\ntags = ")
    custom = f'{head}\ntags = ["wcag2a", "wcag242"]\n{rest.split(chr(10), 1)[1]}'
    (folder / "titled.toml").write_text(custom.replace('id = "page-title"', 'id = "titled"', 1),
                                        encoding="utf-8")
    return folder


def test_json_counts_pages_by_criterion_from_the_tags_of_the_rules_that_ran(govlint: Run,
                                                                           tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    _custom_rules(tmp_path / "rules")
    config = tmp_path / ".govlint.toml"
    config.write_text('rules_dirs = ["rules"]\nselect = ["image-alt", "image-alt-quality", "titled"]\n',
                      encoding="utf-8")
    proc = govlint("--offline", "--config", str(config), "--root", str(site), "--format", "json", str(site))
    report = json.loads(proc.stdout)
    jsonschema.validate(report, schemas.schema("report"))
    rows = {c["id"]: c for c in report["conformance"]["criteria"]}
    assert report["conformance"]["pages"] == 4
    assert rows["1.1.1"] == {"id": "1.1.1", "name": "Non-text Content", "level": "A", "section508": True,
                             "wcag22": True, "scope": "page", "rules": ["image-alt", "image-alt-quality"],
                             "status": "checked", "result": "fail", "fail": 1, "review": 1, "passed": 1,
                             "not_applicable": 1, "undecided": 0}  # d.html has no image
    assert rows["2.4.2"]["rules"] == ["titled"] and rows["2.4.2"]["review"] == 1  # a warning rule
    assert rows["1.3.1"] == {"id": "1.3.1", "name": "Info and Relationships", "level": "A",
                             "section508": True, "wcag22": True, "scope": "page", "rules": [],
                             "status": "manual", "result": "manual", "reason": "no rule checks it"}
    assert rows["2.5.8"]["section508"] is False  # added in WCAG 2.2: not in Section 508
    assert "4.1.1" not in rows  # obsolete, and no rule that ran checks it
    # image-alt checks 1.1.1 alone (an image alone in a link leaves the link unnamed: link-name's
    # finding), and dead-link is tagged with no criterion: nothing that ran checks 2.4.4
    assert rows["2.4.4"]["rules"] == [] and rows["2.4.4"]["status"] == "manual"


def test_markdown_table_and_manual_review_list(govlint: Run, tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    proc = govlint("--no-config", "--offline", "--select", "image-alt,image-alt-quality", "--root", str(site),
                   "--format", "markdown", str(site))
    section = proc.stdout.split("### WCAG 2.2 success criteria", 1)[1]
    row = "| 1.1.1 Non-text Content | A | yes | `image-alt`, `image-alt-quality` | fails | 1 | 1 | 1 | 1 |"
    assert row in section  # failing, to review, no failure found, not applicable
    # image-alt checks 1.1.1 only: every other criterion still needs a person
    assert "Still needs a person (54 A/AA criteria):" in section
    manual = next(line for line in section.splitlines() if line.startswith("- no rule checks them"))
    assert manual.startswith("- no rule checks them (46): 1.2.1 ")
    assert "1.1.1 " not in manual and "2.4.4 Link Purpose" in manual
    assert "2.4.2 Page Titled (A)" in manual
    rendered = next(line for line in section.splitlines() if line.startswith("- only a rendered run"))
    assert rendered.startswith("- only a rendered run (--render) can decide them (8): 1.4.1 Use of Color (A)")
    assert "3.2.3 Consistent Navigation (AA)" in manual  # its rule did not run: no site result either
    assert "Across the site" not in section


# Rules that inspect the page itself (its title, language, banner, skip link, every start
# tag, its text in a browser) and so apply to every page; every other rule tagged with a
# criterion must say what it inspects, or its criterion would pass on pages it never looked at.
PAGE_LEVEL = {"bypass", "color-contrast", "color-contrast-enhanced", "document-title", "duplicate-attr",
              "gov-banner", "html-has-lang", "multiple-ways", "reflow", "text-spacing"}


def test_every_rule_tagged_with_a_criterion_says_what_it_inspects() -> None:
    from govlint.runner import Linter

    rules = Linter.default().ruleset.rules.values()
    silent = {r.id for r in rules if conformance.criteria_of(r.all_tags) and not r.applies}
    assert silent == PAGE_LEVEL


def test_pass_and_not_applicable_follow_what_the_rules_inspect(govlint: Run, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    head = '<!DOCTYPE html><html lang="en"><head><title>A page of the example site</title></head><body>'
    pages = {"plain.html": "<p>Text only.</p>",
             "table.html": "<table><tr><th>Year</th></tr><tr><td>2020</td></tr></table>",
             "role.html": '<div role="img" aria-label="A seal"></div>',
             "meter.html": '<div role="meter" aria-valuenow="3"></div>'}
    for name, body in pages.items():
        (site / name).write_text(head + body + "</body></html>\n", encoding="utf-8")
    args = ("--no-config", "--offline", "--root", str(site), "--format", "json", str(site))
    rows = {c["id"]: c for c in json.loads(govlint(*args, cwd=tmp_path).stdout)["conformance"]["criteria"]}
    one = rows["1.1.1"]  # role-img-alt applies to role.html, aria-meter-name fails meter.html
    assert (one["fail"], one["review"], one["passed"], one["not_applicable"]) == (1, 0, 1, 2)
    three = rows["1.3.1"]  # th-has-data-cells applies to table.html only (and the [role] rules)
    assert (three["fail"], three["passed"], three["not_applicable"]) == (0, 3, 1)
    assert rows["2.4.2"]["passed"] == 4 and rows["2.4.2"]["not_applicable"] == 0  # every page
    # A warm run reads the pages from the cache and must tell the same.
    assert (tmp_path / ".govlint-cache").is_dir()
    again = json.loads(govlint(*args, cwd=tmp_path).stdout)["conformance"]["criteria"]
    assert {c["id"]: c for c in again} == rows


def test_rules_that_need_a_browser_leave_their_criteria_to_manual_review_in_a_static_run(
        govlint: Run, tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text('<!DOCTYPE html><html lang="en"><title>A page of the example site</title>'
                    '<p>Text and <a href="#x" id="x">a link</a>.</p></html>', encoding="utf-8")
    proc = govlint("--no-config", "--offline", "--format", "json", str(page))
    rows = {c["id"]: c for c in json.loads(proc.stdout)["conformance"]["criteria"]}
    assert rows["1.4.3"]["status"] == "manual" and rows["1.4.1"]["status"] == "manual"
    assert rows["2.4.4"]["status"] == "checked" and rows["2.4.4"]["passed"] == 1


def test_a_rule_file_with_a_bad_applies_pattern_is_refused_naming_the_field(govlint: Run,
                                                                           tmp_path: Path) -> None:
    folder = _custom_rules(tmp_path / "rules")
    rule = folder / "titled.toml"
    rule.write_text(rule.read_text(encoding="utf-8").replace('check = "page-title"',
                                                             'check = "page-title"\napplies = ["img > a"]'),
                    encoding="utf-8")
    config = tmp_path / ".govlint.toml"
    config.write_text('rules_dirs = ["rules"]\n', encoding="utf-8")
    page = tmp_path / "p.html"
    page.write_text("<!DOCTYPE html><title>t</title>", encoding="utf-8")
    proc = govlint("--config", str(config), str(page))
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
    assert "titled.toml" in proc.stderr and "applies" in proc.stderr


def test_applies_patterns_match_tags_attributes_and_tokens() -> None:
    from govlint import applicability
    from govlint.document import PageInfo, from_source

    doc = from_source('<!DOCTYPE html><html lang="en"><title>t</title><body>'
                      '<svg role="graphics-document img"><title>Seal</title></svg>'
                      '<input type="IMAGE" alt="Go"><p aria-live="polite">x</p></body></html>',
                      PageInfo("p.html", None, "p.html"))
    index = applicability.PageIndex(doc)
    matches = {p: index.applies((p,)) for p in (
        "svg", "svg[role=img]", "svg[role=graphics-symbol]", "input[type=image]", "[type=image]",
        "img", "[aria-*]", "[role]", "p[role]", "[alt]", "input[alt=go]")}
    assert matches == {"svg": True, "svg[role=img]": True, "svg[role=graphics-symbol]": False,
                       "input[type=image]": True, "[type=image]": True, "img": False, "[aria-*]": True,
                       "[role]": True, "p[role]": False, "[alt]": True, "input[alt=go]": True}
    assert index.applies(()) and not index.applies(("img", "video"))
    for bad in ("img > a", "[role=img", "IMG", "a.b", ""):
        with pytest.raises(ValueError):
            applicability.parse(bad)
