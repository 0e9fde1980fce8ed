"""JSON for pipelines; the shape is the shipped schema ``report.schema.json``."""

from __future__ import annotations

import json
from typing import Any

from .. import __version__
from ..model import Report, Severity

SCHEMA_VERSION = "1.0"


def as_dict(report: Report) -> dict[str, Any]:
    out = _as_dict(report)
    if report.baseline is not None:
        out["baseline"] = {"matched": report.baseline[0], "fixed": report.baseline[1]}
    return out


def _as_dict(report: Report) -> dict[str, Any]:
    return {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "govlint", "version": __version__},
        "violations": [
            {
                "rule": v.rule,
                "severity": v.severity.label,
                "message": v.message,
                "file": v.file,
                "line": v.line,
                "column": v.column,
                "selector": v.selector,
                "snippet": v.snippet,
                "help_url": v.help_url,
                "tags": list(v.tags),
            }
            for v in report.violations
        ],
        "summary": {
            "files": len(report.files),
            "violations": len(report.violations),
            **{s.label: report.count(s) for s in Severity},
        },
        "suppressed": report.suppressed,
        "errors": [{"file": e.file, "message": e.message} for e in report.errors],
    }


def render(report: Report, **_: Any) -> str:
    """One violation per line: readable, and fast (json's C encoder only runs without indent)."""
    data = as_dict(report)
    violations = data.pop("violations")
    head = json.dumps(data, ensure_ascii=False)[:-1]
    items = ",\n    ".join(json.dumps(v, ensure_ascii=False) for v in violations)
    body = f"[\n    {items}\n  ]" if violations else "[]"
    return f"{head}, \"violations\": {body}}}\n"
