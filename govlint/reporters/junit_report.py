"""JUnit XML, as GitLab and Jenkins display it: a test suite per page, a failed test case per
rule that found something there (its problems and their places in the failure text), a
passing case for a clean page, an error case for an unreadable input.

The XML is written as it is made, a page at a time: a 2,005-page site with 160,000 findings
was 110 MB as a case per finding; as a case per page and rule, each problem once with its
positions on the page, it is a tenth of that."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import Any

from ..model import FileResult, Report, Violation

# Problems of one rule listed in a case, and positions listed for one problem on the page;
# past them the failure says how many more (the JSON and text reports list every one).
PROBLEMS = 100
POSITIONS = 20

# Characters XML 1.0 cannot hold at all (a page's snippet or a file name may carry them).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _clean(text: str) -> str:
    if text.isprintable():  # the common case, checked in C
        return text
    return _NOT_XML.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


# str.replace, not str.translate: translate looks every character up in a dict, several
# times slower on 20 MB of failure text.
def _text(text: str) -> str:
    return _clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _attr(text: str) -> str:
    text = _text(text).replace('"', "&quot;")
    if text.isprintable():
        return text
    return text.replace("\n", "&#10;").replace("\r", "&#13;").replace("\t", "&#9;")


def _by_rule(result: FileResult) -> dict[str, list[Violation]]:
    found: dict[str, list[Violation]] = {}
    for v in result.violations:  # every finding, as the JSON report lists them
        found.setdefault(v.rule, []).append(v)
    return found


def cut(report: Report) -> tuple[int, int]:
    """(cases, places) whose places are not all listed in their failure text."""
    cases = places = 0
    for result in report.files:
        for found in _by_rule(result).values():
            listed = _listed(found)
            if listed < len(found):
                cases += 1
                places += len(found) - listed
    return cases, places


def _listed(found: Sequence[Violation]) -> int:
    by_message: dict[str, int] = {}
    for v in found:
        by_message[v.message] = by_message.get(v.message, 0) + 1
    return sum(min(n, 1 + POSITIONS) for n in list(by_message.values())[:PROBLEMS])


def _case(file: str, rule: str, found: list[Violation]) -> str:
    worst = max(v.severity for v in found)
    by_message: dict[str, list[Violation]] = {}
    for v in found:
        by_message.setdefault(v.message, []).append(v)
    problems = list(by_message.items())
    # The page and rule are the case's name: a line gives a problem's position and message
    # (its severity too when the rule found both), then its other positions on the page.
    lines = [f"{file}: {len(found)} {rule} {'finding' if len(found) == 1 else 'findings'}"]
    for message, places in problems[:PROBLEMS]:
        first = places[0]
        severity = f"{first.severity.label}: " if first.severity is not worst else ""
        lines.append(f"{first.line}:{first.column}: {severity}{message}")
        if len(places) > 1:
            shown = ", ".join(f"{v.line}:{v.column}" for v in places[1:1 + POSITIONS])
            more = len(places) - 1 - POSITIONS
            lines.append(f"  also at {shown}" + (f" and {more} more" if more > 0 else ""))
    if len(problems) > PROBLEMS:
        rest = problems[PROBLEMS:]
        lines.append(f"... and {len(rest)} more problems in {sum(len(p) for _, p in rest)} places "
                     "(the JSON or text report lists every one)")
    if found[0].help_url:
        lines.append(f"help: {found[0].help_url}")
    summary = (found[0].message if len(found) == 1 else
               f"{len(found)} findings, {len(problems)} {'problem' if len(problems) == 1 else 'problems'}: "
               f"{problems[0][0]}" + (" …" if len(problems) > 1 else ""))
    return (f'    <testcase classname="govlint.{_attr(rule)}" name="{_attr(file)} {_attr(rule)}">\n'
            f'      <failure type="{worst.label}" message="{_attr(summary)}">{_text(chr(10).join(lines))}'
            "</failure>\n    </testcase>\n")


def render(report: Report, **options: Any) -> str:
    return "".join(chunks(report, **options))


def chunks(report: Report, **_: Any) -> Iterator[str]:
    """The XML in pieces, a page at a time, so a big report is never held whole."""
    failures = sum(len({v.rule for v in result.violations}) for result in report.files)
    clean = sum(1 for result in report.files if not result.violations)
    errors = len(report.errors)
    yield ('<?xml version="1.0" encoding="UTF-8"?>\n'
           f'<testsuites name="govlint" tests="{failures + clean + errors}" failures="{failures}" '
           f'errors="{errors}">\n')
    batch: list[str] = []
    for result in report.files:
        name = _attr(result.file)
        by_rule = _by_rule(result)
        cases = len(by_rule)
        batch.append(f'  <testsuite name="{name}" tests="{max(1, cases)}" failures="{cases}" errors="0">\n')
        if not by_rule:
            batch.append(f'    <testcase classname="govlint" name="{name}" />\n')
        # the most serious rules first, then by name
        for rule in sorted(by_rule, key=lambda r: (-max(v.severity for v in by_rule[r]), r)):
            batch.append(_case(result.file, rule, by_rule[rule]))
        batch.append("  </testsuite>\n")
        if len(batch) > 1000:
            yield "".join(batch)
            batch.clear()
    for failure in report.errors:
        name = _attr(failure.file)
        batch.append(f'  <testsuite name="{name}" tests="1" failures="0" errors="1">\n'
                     f'    <testcase classname="govlint" name="{name}">\n'
                     f'      <error type="input" message="{_attr(failure.message)}" />\n'
                     "    </testcase>\n  </testsuite>\n")
    batch.append("</testsuites>\n")
    yield "".join(batch)
