"""Human text: one grep-able line per violation, then a summary."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import Report, Severity

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


def chunks(report: Report, *, color: bool = False, quiet: bool = False, **_: Any) -> Iterator[str]:
    """The report in pieces of up to 1,000 lines, so a big one is never held whole."""
    lines: list[str] = []
    for v in report.violations:
        severity = v.severity.label
        rule = f"[{v.rule}]"
        location = f"{_line(v.file)}:{v.line}:{v.column}:"
        if color:
            severity = f"{_COLORS[v.severity]}{severity}{_RESET}"
            location = f"{_BOLD}{location}{_RESET}"
            rule = f"{_DIM}{rule}{_RESET}"
        lines.append(f"{location} {severity} {rule} {_line(v.message)}\n")
        if len(lines) == 1000:
            yield "".join(lines)
            lines.clear()
    for failure in report.errors:
        lines.append(f"{_line(failure.file)}: error: {_line(failure.message)}\n")
    if not quiet:
        counts = ", ".join([
            _plural(report.count(Severity.ERROR), "error"),
            _plural(report.count(Severity.WARNING), "warning"),
            f"{report.count(Severity.INFO)} info",
        ])
        summary = f"{counts} in {_plural(len(report.files), 'file')}"
        if report.suppressed:
            summary += f" ({report.suppressed} suppressed)"
        if report.baseline is not None:
            matched, fixed = report.baseline
            entries = "entry" if fixed == 1 else "entries"
            summary += f"; {matched} in the baseline, {fixed} baseline {entries} fixed"
        if report.errors:
            summary += f"; {_plural(len(report.errors), 'input')} could not be linted"
        lines.append(summary + "\n")
    yield "".join(lines)
