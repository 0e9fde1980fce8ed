"""GitHub Actions workflow commands: annotations on the file and line.

GitHub shows at most 10 error and 10 warning annotations of a step (and 10 notices): past
that they are lost. So a distinct problem is annotated before a repeat of one, at most 10 of
each severity, and what is left is one log line here and a table in the step summary."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..locations import Location, percent_bytes, relative
from ..model import Report, Severity, Violation
from . import groups, mdtext
from .shared import shared

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
INLINE = 10  # annotations of one severity that GitHub shows for a step
_ROWS = 100  # rows of the step summary's table of problems not annotated


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def _file(locations: Mapping[str, Location] | None, name: str) -> str:
    """The file= property: the path in the repository, a byte that is not UTF-8 percent-encoded
    from the file's real name (caf%E9.html), not its escaped display form."""
    found = (locations or {}).get(name)
    if found and found.root and found.raw:
        return percent_bytes(_property(found.raw))
    return _property(relative(locations, name))


def split(report: Report, found: list[groups.Group] | None = None) -> tuple[list[Violation], list[Violation]]:
    """(annotated, left out): first places of distinct problems first, then their repeats,
    at most INLINE of each severity; input failures take error annotations first. ``found``:
    the report's problems, when they are known already."""
    violations = report.violations
    if not isinstance(violations, tuple):  # read again on each pass: pair up one pass's objects
        violations, found = tuple(violations), None
    found = groups.group(violations) if found is None else found
    # Every other place is a repeat, even one identical to a first place (one dead URL in an
    # image's src and srcset), so the annotated and the left out add up to every finding.
    ordered = [g.first for g in found] + [v for g in found for v in g.places[1:]]
    budget = {s: INLINE for s in Severity}
    budget[Severity.ERROR] -= min(len(report.errors), INLINE)
    shown: set[int] = set()
    for v in ordered:
        if budget[v.severity] > 0:
            budget[v.severity] -= 1
            shown.add(id(v))
    annotated = [v for v in violations if id(v) in shown]  # in report order
    return annotated, [v for v in ordered if id(v) not in shown]


def render(report: Report, *, locations: Mapping[str, Location] | None = None, step_summary: bool = False,
           **options: Any) -> str:
    """Annotations; ``step_summary``: the rest go to $GITHUB_STEP_SUMMARY (step_summary())."""
    annotated, rest = split(report, shared(report, {**options, "locations": locations}).groups)
    lines = []
    for v in annotated:
        path = _file(locations, v.file)
        props = ",".join([f"file={path}", f"line={v.line}", f"col={v.column}",
                          f"title={_property(f'govlint {v.rule}')}"])
        lines.append(f"::{_COMMAND[v.severity]} {props}::{_data(v.message)}")
    for e in report.errors[:INLINE]:
        path = _file(locations, e.file)
        lines.append(f"::error file={path},title=govlint::{_data(e.message)}")
    if rest or len(report.errors) > INLINE:
        more = len(rest) + max(0, len(report.errors) - INLINE)
        where = ("see the step summary" if step_summary else
                 "write another format too (--format sarif=FILE) for every place")
        lines.append(f"govlint: {more} more findings are not annotated (GitHub shows {INLINE} errors "
                     f"and {INLINE} warnings a step): {where}")
    return "".join(line + "\n" for line in lines)


def step_summary(report: Report, *, locations: Mapping[str, Location] | None = None, **options: Any) -> str:
    """Markdown for $GITHUB_STEP_SUMMARY: the problems left without an annotation."""
    _, rest = split(report, shared(report, {**options, "locations": locations}).groups)
    if not rest and len(report.errors) <= INLINE:
        return ""
    out = [f"### govlint: {len(rest)} findings not shown as annotations", "",
           "| severity | rule | problem | places | first place |", "| --- | --- | --- | ---: | --- |"]
    problems = groups.group(rest)
    left = groups.largest(problems, _ROWS)
    for g in left:
        where = mdtext.code(f"{relative(locations, g.first.file)}:{g.first.line}")
        message = mdtext.text(g.message)
        out.append(f"| {g.severity.label} | `{g.rule}` | {message} | {len(g.places)} | `{where}` |")
    hidden = len(problems) - len(left)
    if hidden > 0:
        out += ["", f"{hidden} more problems: download the SARIF or text report for every place."]
    out += [f"- input not annotated: `{mdtext.code(e.file)}`: {mdtext.text(e.message)}"
            for e in report.errors[INLINE:]]
    return "\n".join(out) + "\n\n"
