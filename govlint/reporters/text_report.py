"""Human text: one grep-able line per violation, then a summary."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import Report, Severity, Violation
from . import groups, statistics

_COLORS = {Severity.ERROR: "\x1b[31m", Severity.WARNING: "\x1b[33m", Severity.INFO: "\x1b[36m"}
_BOLD, _DIM, _RESET = "\x1b[1m", "\x1b[2m", "\x1b[0m"


# One violation, one line: a control character in a name or message (a newline in a
# file name, a link) is shown escaped, so it can never fake a line of the report.
_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7f)}
_CONTROLS.update({ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"})


def _line(text: str) -> str:
    return text if text.isprintable() else text.translate(_CONTROLS)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def render(report: Report, **options: Any) -> str:
    return "".join(chunks(report, **options))


def _violation(v: Violation, color: bool, extra: str = "") -> str:
    severity = v.severity.label
    rule = f"[{v.rule}]"
    location = f"{_line(v.file)}:{v.line}:{v.column}:"
    if color:
        severity = f"{_COLORS[v.severity]}{severity}{_RESET}"
        location = f"{_BOLD}{location}{_RESET}"
        rule = f"{_DIM}{rule}{_RESET}"
    return f"{location} {severity} {rule} {_line(v.message)}{extra}\n"


def _grouped(report: Report, color: bool) -> Iterator[str]:
    """Rule by rule, the most serious first (a rule ranks by its worst finding) and among equals
    the most findings first; a rule's problems the same way, each once with its count and first
    places, and how many more the rule has. The first line of a problem keeps the
    file:line:col: form, so editors and grep still find it."""
    for rule, found in groups.by_rule(groups.group(report.violations)):
        top = groups.most_serious(found, groups.PER_RULE)
        for problem in top:
            count = len(problem.places)
            yield _violation(problem.first, color, f" ({count} places)" if count > 1 else "")
            if count > 1:
                others = ", ".join(f"{_line(v.file)}:{v.line}:{v.column}"
                                   for v in problem.places[1:groups.SHOWN])
                more = f" and {count - groups.SHOWN} more" if count > groups.SHOWN else ""
                yield f"    also at {others}{more}\n"
        if len(found) > len(top):
            rest = len(found) - len(top)
            places = sum(len(g.places) for g in found) - sum(len(g.places) for g in top)
            yield (f"    ... and {_plural(rest, 'more ' + rule + ' problem')} in "
                   f"{_plural(places, 'place')} (--no-group lists every place)\n")


def chunks(report: Report, *, color: bool = False, quiet: bool = False, group: bool | None = None,
           **_: Any) -> Iterator[str]:
    """The report in pieces of up to 1,000 lines, so a big one is never held whole."""
    lines: list[str] = []
    grouped = groups.wanted(group, len(report.violations))
    if grouped:
        rows: Iterator[str] = _grouped(report, color)
    else:
        rows = (_violation(v, color) for v in report.violations)
    for row in rows:
        lines.append(row)
        if len(lines) == 1000:
            yield "".join(lines)
            lines.clear()
    for failure in report.errors:
        lines.append(f"{_line(failure.file)}: error: {_line(failure.message)}\n")
    if not quiet:
        # A grouped report is a digest of a big run: it ends with the findings per rule.
        table = statistics.text(statistics.rows(report)) if grouped else []
        if table:
            lines.append("\n")
            lines += [row + "\n" for row in table]
        lines.append(summary(report) + "\n")
    yield "".join(lines)


def summary(report: Report) -> str:
    """The one-line tally that ends the text report."""
    counts = ", ".join([
        _plural(report.count(Severity.ERROR), "error"),
        _plural(report.count(Severity.WARNING), "warning"),
        f"{report.count(Severity.INFO)} info",
    ])
    text = f"{counts} in {_plural(len(report.files), 'file')}"
    if report.suppressed:
        text += f" ({report.suppressed} suppressed)"
    if report.baseline is not None:
        matched, fixed = report.baseline
        entries = "entry" if fixed == 1 else "entries"
        text += f"; {matched} in the baseline, {fixed} baseline {entries} fixed"
    if report.errors:
        text += f"; {_plural(len(report.errors), 'input')} could not be linted"
    return text
