"""GitHub Actions workflow commands: one annotation per violation, on the file and line."""

from __future__ import annotations

from typing import Any

from ..model import Report, Severity

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, **_: Any) -> str:
    lines = []
    for v in report.violations:
        props = ",".join([f"file={_property(v.file)}", f"line={v.line}", f"col={v.column}",
                          f"title={_property(f'govlint {v.rule}')}"])
        lines.append(f"::{_COMMAND[v.severity]} {props}::{_data(v.message)}")
    for e in report.errors:
        lines.append(f"::error file={_property(e.file)},title=govlint::{_data(e.message)}")
    return "".join(line + "\n" for line in lines)
