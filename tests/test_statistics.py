"""What matters first: grouped reports ordered by severity, then by count, and the closing
table of findings per rule (text and Markdown)."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import Run

from govlint.model import FileResult, Report, Severity, Violation
from govlint.reporters import markdown_report, text_report

OFF = ("--no-config", "--offline", "--no-cache")


def _v(rule: str, severity: Severity, message: str, file: str, line: int) -> Violation:
    return Violation(rule, severity, message, file, line, 1, "body", "", "", ())


def _report() -> Report:
    """50 region warnings, 5 dead-link errors and 2 gov-banner errors on 50 pages."""
    files = []
    for n in range(50):
        found = [_v("region", Severity.WARNING, "Content outside every landmark", f"p{n:02d}.html", 9)]
        if n < 5:
            found.append(_v("dead-link", Severity.ERROR, f"/gone-{n}/ does not exist", f"p{n:02d}.html", 3))
        if n < 2:
            found.append(_v("gov-banner", Severity.ERROR, "No official government banner",
                            f"p{n:02d}.html", 1))
        files.append(FileResult(f"p{n:02d}.html", tuple(sorted(found, key=Violation.sort_key))))
    return Report(tuple(files))


def _rules_in_order(text: str) -> list[str]:
    order: list[str] = []
    for rule in re.findall(r"^\S+:\d+:\d+: \w+ \[([\w-]+)\]", text, re.M):
        if rule not in order:
            order.append(rule)
    return order


def test_grouped_text_puts_errors_before_warnings_then_the_most_findings() -> None:
    text = text_report.render(_report(), group=True)
    # region has the most findings, but they are warnings: every error rule comes first.
    assert _rules_in_order(text) == ["dead-link", "gov-banner", "region"]


def test_within_a_rule_an_error_comes_before_a_warning_found_in_more_places() -> None:
    files = [FileResult(f"p{n}.html", (
        _v("dead-link", Severity.WARNING, "https://x.example/ could not be verified", f"p{n}.html", 2),
        *((_v("dead-link", Severity.ERROR, "/gone/ does not exist", f"p{n}.html", 3),) if n == 0 else ())))
        for n in range(5)]
    lines = text_report.render(Report(tuple(files)), group=True).splitlines()
    assert lines[0] == "p0.html:3:1: error [dead-link] /gone/ does not exist"
    assert lines[1].startswith(
        "p0.html:2:1: warning [dead-link] https://x.example/ could not be verified (5 places)")


def test_grouped_text_ends_with_the_findings_per_rule() -> None:
    lines = text_report.render(_report(), group=True).splitlines()
    assert lines[-1] == "7 errors, 50 warnings, 0 info in 50 files"
    start = lines.index("count  rule        severity  description")
    assert lines[start - 1] == ""
    assert lines[start + 1:-1] == [
        "    5  dead-link   error",
        "    2  gov-banner  error",
        "   50  region      warning",
    ]


def test_the_table_is_part_of_the_grouped_report_only() -> None:
    report = _report()
    assert "count  rule" not in text_report.render(report, group=False)
    assert "count  rule" not in text_report.render(report, group=True, quiet=True)
    assert "count  rule" in text_report.render(report)  # 57 findings: grouped by default


def _site(root: Path) -> Path:
    """45 pages that link to one missing page, and one page with an image without alt text."""
    root.mkdir()
    for n in range(45):
        (root / f"p{n:02d}.html").write_text(
            f'<!DOCTYPE html><html lang="en"><title>Page {n}</title>\n<a href="/gone/">Gone</a>\n'
            + ('<img src="p00.html">\n' if n == 0 else ""), encoding="utf-8")
    return root


def test_cli_table_describes_every_rule_and_counts_every_finding(govlint: Run, tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    proc = govlint(*OFF, "--select", "dead-link,image-alt,page-title", "--root", str(site), str(site))
    lines = proc.stdout.splitlines()
    start = lines.index(next(line for line in lines if line.startswith("count  rule")))
    table = lines[start + 1:-1]
    assert [row.split()[:3] for row in table] == [
        ["45", "dead-link", "error"], ["1", "image-alt", "error"], ["45", "page-title", "warning"]]
    assert table[0].endswith("Links and resources resolve: local files exist, external URLs answer")
    assert table[1].endswith("Every image has a text alternative")
    assert lines[-1] == "46 errors, 45 warnings, 0 info in 45 files"
    plain = govlint(*OFF, "--select", "dead-link,image-alt,page-title", "--root", str(site), "--no-group",
                    str(site))
    assert "count  rule" not in plain.stdout and len(plain.stdout.splitlines()) == 91 + 1


def test_markdown_ends_with_the_findings_per_rule(govlint: Run, tmp_path: Path) -> None:
    site = _site(tmp_path / "site")
    proc = govlint(*OFF, "--select", "dead-link,image-alt,page-title", "--root", str(site),
                   "--format", "markdown", str(site))
    last = proc.stdout.rstrip("\n").split("\n### ")[-1].splitlines()
    assert last[:4] == ["Findings by rule", "", "| count | rule | severity | description |",
                        "| ---: | --- | --- | --- |"]
    rows = [[c.strip() for c in row.strip("|").split("|")] for row in last[4:]]
    assert [(r[0], r[2]) for r in rows] == [("45", "error"), ("1", "error"), ("45", "warning")]
    assert rows[0][1].startswith("[`dead-link`](https://") and rows[2][1].startswith("[`page-title`](")
    # A description is text: "<title>" in it must not become a tag in a pull-request comment.
    assert rows[2][3] == "The page has a &lt;title&gt; of at least 20 characters"
    assert sum(int(r[0]) for r in rows) == 91


def test_markdown_problems_in_many_places_most_serious_first() -> None:
    out = markdown_report.render(_report(), group=True)
    table = out.split("### Problems found in many places", 1)[1].split("###")[0]
    rows = [line for line in table.splitlines() if line.startswith("| `")]
    assert rows[0].startswith("| `gov-banner` | No official government banner | 2 |")
    assert rows[1].startswith("| `region` |")
