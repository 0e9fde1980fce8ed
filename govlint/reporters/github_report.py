"""GitHub Actions workflow commands: one annotation per violation, on the file and line."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..locations import Location, relative
from ..model import Report, Severity

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def _data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    return _data(value).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, *, locations: Mapping[str, Location] | None = None, **_: Any) -> str:
    lines = []
    for v in report.violations:
        path = _property(relative(locations, v.file))
        props = ",".join([f"file={path}", f"line={v.line}", f"col={v.column}",
                          f"title={_property(f'govlint {v.rule}')}"])
        lines.append(f"::{_COMMAND[v.severity]} {props}::{_data(v.message)}")
    for e in report.errors:
        path = _property(relative(locations, e.file))
        lines.append(f"::error file={path},title=govlint::{_data(e.message)}")
    return "".join(line + "\n" for line in lines)
