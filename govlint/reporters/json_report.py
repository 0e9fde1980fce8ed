"""JSON for pipelines; the shape is the shipped schema ``report.schema.json``."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from .. import conformance
from ..model import Report, Severity
from ..version import __version__

SCHEMA_VERSION = "1.5"


def _head(report: Report) -> dict[str, Any]:
    """Everything but the violation list."""
    out: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "govlint", "version": __version__},
        "summary": {
            "files": len(report.files),
            "violations": len(report.violations),
            **{s.label: report.count(s) for s in Severity},
        },
        "suppressed": report.suppressed,
        "errors": [{"file": e.file, "message": e.message} for e in report.errors],
    }
    if report.baseline is not None:
        out["baseline"] = {"matched": report.baseline[0], "fixed": report.baseline[1]}
    return out


def render(report: Report, **options: Any) -> str:
    return "".join(chunks(report, **options))


def chunks(report: Report, *, ran: frozenset[str] | None = None, **_: Any) -> Iterator[str]:
    """The report in pieces, so a big one is written as it is made, never held whole. One
    violation per line: readable, and fast. Each line is written field by field with json's
    own string encoder, which gives exactly what json.dumps gives for the same fields."""
    yield json.dumps(_head(report), ensure_ascii=False)[:-1] + ', "violations": ['
    tails: dict[tuple[str, tuple[str, ...]], str] = {}  # the same few help URLs and tags
    files: dict[str, str] = {}
    batch: list[str] = []
    separator = "\n    "
    for v in report.violations:
        tail = tails.get((v.help_url, v.tags))
        if tail is None:
            tags = ", ".join(_text(t) for t in v.tags)
            tail = tails[v.help_url, v.tags] = f'"help_url": {_text(v.help_url)}, "tags": [{tags}]}}'
        file = files.get(v.file) or files.setdefault(v.file, _text(v.file))
        batch.append(f'{separator}{{"rule": {_text(v.rule)}, "severity": "{v.severity.label}", '
                     f'"message": {_text(v.message)}, "file": {file}, "line": {v.line}, '
                     f'"column": {v.column}, "selector": {_text(v.selector)}, '
                     f'"snippet": {_text(v.snippet)}, {tail}')
        separator = ",\n    "
        if len(batch) == 1000:
            yield "".join(batch)
            batch.clear()
    yield "".join(batch)
    yield "\n  ]" if separator != "\n    " else "]"
    yield from _pages(report)
    # schema 1.2: by WCAG success criterion, from the tags of the rules that ran
    summary = conformance.as_json(conformance.summarise(report, ran))
    yield ', "conformance": ' + json.dumps(summary, ensure_ascii=False)
    yield "}\n"


def _pages(report: Report) -> Iterator[str]:
    """Per page, the facts the federal rules found (schema 1.1): a site scan summary."""
    yield ', "pages": ['
    separator = "\n    "
    for result in report.files:
        if result.facts is not None:
            yield separator + json.dumps({"file": result.file, **result.facts.summary}, ensure_ascii=False)
            separator = ",\n    "
    yield "\n  ]" if separator != "\n    " else "]"


_text = json.encoder.encode_basestring  # type: ignore[attr-defined]
