"""A Markdown summary for pull-request comments and $GITHUB_STEP_SUMMARY."""

from __future__ import annotations

from typing import Any

from .. import conformance
from ..model import FileResult, Report, Severity
from . import groups, statistics
from .mdtext import code, text


def _repeated(report: Report, limit: int) -> list[str]:
    """The problems found in many places, the most serious and then the most places first, each
    once with its count and first places."""
    repeated = [g for g in groups.group(report.violations) if len(g.places) > 1]
    if not repeated:
        return []
    out = ["### Problems found in many places", "",
           "| rule | problem | places | first places |", "| --- | --- | ---: | --- |"]
    for found in groups.most_serious(repeated, limit):
        first = ", ".join(f"`{code(v.file)}:{v.line}`" for v in found.places[:groups.SHOWN])
        more = len(found.places) - groups.SHOWN
        if more > 0:
            first += f" and {more} more"
        out.append(f"| `{found.rule}` | {text(found.message)} | {len(found.places)} | {first} |")
    if len(repeated) > limit:
        out.append("")
        out.append(f"{len(repeated) - limit} more repeated problems: the text report with "
                   "`--no-group` lists every place.")
    out.append("")
    return out


def _conformance(report: Report, ran: frozenset[str] | None) -> list[str]:
    """By WCAG 2.2 success criterion: the table an accessibility conformance report starts from,
    the site-level criteria once for the site, and what still needs a person."""
    summary = conformance.summarise(report, ran)
    out = ["### WCAG 2.2 success criteria", "",
           f"Automated checks on {summary.pages} pages. A page with no failure found still needs "
           "a person to confirm the criterion.", "",
           "| criterion | level | Section 508 | rules | result | pages failing | pages to review | "
           "no failure found | not applicable |",
           "| --- | --- | --- | --- | --- | ---: | ---: | ---: | ---: |"]
    for r in summary.checked:
        c = r.criterion
        name = f"{c.id} {c.name}" + (" (obsolete in WCAG 2.2)" if c.obsolete else "")
        rules = ", ".join(f"`{rule}`" for rule in r.rules)
        result = conformance.status(r) + (f" ({r.reason})" if r.reason else "")
        out.append(f"| {name} | {c.level} | {'yes' if c.section508 else 'no'} | {rules} | {text(result)} | "
                   f"{r.fail} | {r.review} | {r.passed} | {r.not_applicable} |")
    if summary.site:
        out += ["", f"Across the site: one result for the {summary.pages} pages linted together.", "",
                "| criterion | level | Section 508 | rules | result | why |",
                "| --- | --- | --- | --- | --- | --- |"]
        for r in summary.site:
            c = r.criterion
            rules = ", ".join(f"`{rule}`" for rule in r.rules)
            out.append(f"| {c.id} {c.name} | {c.level} | {'yes' if c.section508 else 'no'} | {rules} | "
                       f"{conformance.status(r)} | {text(r.reason)} |")
    out += ["", f"Still needs a person ({len(summary.needs_person)} A/AA criteria):", ""]
    for label, rows in conformance.needs_person_groups(summary):
        named = ", ".join(f"{r.criterion.id} {r.criterion.name} ({r.criterion.level})"
                          + (f": {r.reason}" if r.site is not None else "") for r in rows)
        out.append(f"- {label} ({len(rows)}): {text(named)}")
    out.append("")
    return out


def render(report: Report, *, limit: int = 10, group: bool | None = None,
           ran: frozenset[str] | None = None, **_: Any) -> str:
    counts = {s: report.count(s) for s in Severity}
    status = "✅ no violations" if not report.violations and not report.errors else (
        f"❌ {counts[Severity.ERROR]} errors" if counts[Severity.ERROR] or report.errors
        else f"⚠️ {counts[Severity.WARNING]} warnings")
    tally = (f"{len(report.files)} files · {counts[Severity.ERROR]} errors · "
             f"{counts[Severity.WARNING]} warnings · {counts[Severity.INFO]} info · "
             f"{report.suppressed} suppressed")
    out = [f"## govlint: {status}", "", tally, ""]
    if report.violations:
        if groups.wanted(group, len(report.violations)):
            out += _repeated(report, limit)

        def badness(f: FileResult) -> tuple[int, int, str]:
            return (-sum(v.severity is Severity.ERROR for v in f.violations), -len(f.violations), f.file)

        worst = sorted(report.files, key=badness)
        worst = [f for f in worst if f.violations][:limit]
        out += ["### Pages with the most problems", "",
                "| page | errors | warnings |", "| --- | ---: | ---: |"]
        for f in worst:
            errors = sum(v.severity is Severity.ERROR for v in f.violations)
            warnings = sum(v.severity is Severity.WARNING for v in f.violations)
            out.append(f"| `{code(f.file)}` | {errors} | {warnings} |")
        out.append("")
    if report.files:
        out += _conformance(report, ran)
    if report.errors:
        out += ["### Inputs that could not be linted", ""]
        out += [f"- `{code(e.file)}`: {text(e.message)}" for e in report.errors]
        out.append("")
    if report.violations:  # last, as the text report ends: every finding counted per rule
        out += ["### Findings by rule", "", *statistics.markdown(statistics.rows(report)), ""]
    return "\n".join(out)
