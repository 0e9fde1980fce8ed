"""GitLab Code Quality report (a JSON array of issues)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..fingerprints import fingerprints
from ..locations import Location, relative
from ..model import Report, Severity

_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}


def render(report: Report, *, locations: Mapping[str, Location] | None = None, **_: Any) -> str:
    violations = report.violations
    issues = [{
        "description": f"[{v.rule}] {v.message}",
        "check_name": v.rule,
        "fingerprint": fingerprint,
        "severity": _SEVERITY[v.severity],
        "location": {"path": relative(locations, v.file), "lines": {"begin": v.line}},
    } for v, fingerprint in zip(violations, fingerprints(violations), strict=True)]
    return json.dumps(issues, indent=2, ensure_ascii=False) + "\n"
