"""GitLab Code Quality report (a JSON array of issues), an issue per problem.

GitLab reads ``description``, ``check_name``, ``fingerprint``, ``severity`` and one
``location`` (path and first line) of an issue, and shows only the first issue of a
fingerprint, so fingerprints must be unique in a report. A problem found in many places
(one dead target, one template's banner) is one issue: its fingerprint is the problem's
(rule, severity and message, so it stays the same from run to run while the problem is
there), its location the first place, and its description lists the first places and says
how many there are. Past MAX_ISSUES problems, every rule keeps a share (as in SARIF) and a
last ``info`` issue says what was left out."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..fingerprints import problem
from ..locations import relative
from ..model import Report, Severity
from .sarif_report import keep
from .shared import Shared, shared

_SEVERITY = {Severity.ERROR: "major", Severity.WARNING: "minor", Severity.INFO: "info"}
MAX_ISSUES = 25_000
PLACES = 10  # places named in an issue's description


def left_out(report: Report, max_issues: int = MAX_ISSUES, *, data: Shared | None = None) -> list[str]:
    """What the report leaves out to stay within ``max_issues`` issues."""
    data = data if data is not None and data.report is report else Shared(report)
    found = data.groups
    kept = keep(found, max_issues)
    if len(kept) == len(found):
        return []
    chosen = set(kept)
    places = sum(len(g.places) for i, g in enumerate(found) if i not in chosen)
    return [f"GitLab: {len(found) - len(kept)} of {len(found)} problems ({places} of "
            f"{len(report.violations)} findings) left out to keep the report within {max_issues} "
            "issues: every rule keeps a share, errors before warnings; the other reports hold them all"]


def render(report: Report, **options: Any) -> str:
    return "".join(chunks(report, **options))


def chunks(report: Report, *, max_issues: int = MAX_ISSUES, **options: Any) -> Iterator[str]:
    """The array in pieces, an issue a line, so a big report is never held whole."""
    data = shared(report, options)
    found, ids = data.groups, data.problem_ids
    places = data.locations
    batch: list[str] = []
    separator = "[\n"
    for i in keep(found, max_issues):
        g = found[i]
        description = f"[{g.rule}] {g.message}"
        count = len(g.places)
        if count > 1:
            named = ", ".join(f"{relative(places, v.file)}:{v.line}" for v in g.places[:PLACES])
            more = f" and {count - PLACES} more" if count > PLACES else ""
            description += f" ({count} places: {named}{more})"
        issue = {
            "description": description,
            "check_name": g.rule,
            "fingerprint": ids[i],
            "severity": _SEVERITY[g.severity],
            "location": {"path": relative(places, g.first.file), "lines": {"begin": g.first.line}},
        }
        batch.append(separator + json.dumps(issue, ensure_ascii=False))
        separator = ",\n"
        if len(batch) == 1000:
            yield "".join(batch)
            batch.clear()
    notes = left_out(report, max_issues, data=data)
    if notes:
        where = {"path": relative(places, next(iter(report.violations)).file), "lines": {"begin": 1}}
        issue = {"description": notes[0], "check_name": "govlint-report-cut",
                 "fingerprint": problem("govlint-report-cut", Severity.INFO, notes[0]),
                 "severity": "info", "location": where}
        batch.append(separator + json.dumps(issue, ensure_ascii=False))
        separator = ",\n"
    batch.append("\n]\n" if separator != "[\n" else "[]\n")
    yield "".join(batch)
