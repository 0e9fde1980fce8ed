"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..fingerprints import fingerprints
from ..locations import Location
from ..model import Report, Severity

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# GitHub code scanning rejects a run past these (its documented hard limits for SARIF uploads).
MAX_RESULTS = 25_000
MAX_TAGS = 20


def left_out(report: Report, max_results: int = MAX_RESULTS) -> list[str]:
    """What a SARIF report of ``report`` leaves out to stay within code scanning's limits."""
    notes = []
    over = len(report.violations) - max_results
    if over > 0:
        kept = sorted(report.violations, key=lambda v: -v.severity)[max_results - 1].severity
        notes.append(f"SARIF: {over} of {len(report.violations)} results left out (code scanning "
                     f"accepts at most {max_results} a run): the most serious are kept, errors before "
                     f"warnings, so some {kept.label}s and all less serious results are not in it; "
                     "the other reports hold them all")
    for rule_id in sorted(report.rules):
        tags = report.rules[rule_id].all_tags
        if len(tags) > MAX_TAGS:
            notes.append(f"SARIF: rule {rule_id} has {len(tags)} tags; the last "
                         f"{len(tags) - MAX_TAGS} left out (code scanning accepts at most {MAX_TAGS})")
    return notes


def render(report: Report, *, locations: Mapping[str, Location] | None = None,
           max_results: int = MAX_RESULTS, **_: Any) -> str:
    """``locations`` says where each report file is: relative to its repository root (or the
    current directory), given to viewers as an ``originalUriBaseIds`` entry."""
    artifacts, bases = _artifacts(report, locations or {})
    rule_ids = sorted({v.rule for v in report.violations} | set(report.rules))
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    rules = []
    for rule_id in rule_ids:
        rule = report.rules.get(rule_id)
        if rule is None:
            rules.append({"id": rule_id})
            continue
        entry: dict[str, Any] = {
            "id": rule.id,
            "name": "".join(p.capitalize() for p in rule.id.split("-")),
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.docs.why},
            "help": {"text": f"{rule.docs.why}\n\nFix:\n{rule.docs.fix}"},
            "defaultConfiguration": {"level": _LEVEL[rule.severity]},
            # every tag of the rule, its messages' own included; a result carries its own below
            "properties": {"tags": list(rule.all_tags[:MAX_TAGS])},
        }
        if rule.docs.help_url:
            entry["helpUri"] = rule.docs.help_url
        rules.append(entry)
    violations = report.violations
    # Fingerprints count occurrences over the whole report, so they are made before any cut.
    pairs = list(zip(violations, fingerprints(violations), strict=True))
    if len(pairs) > max_results:
        # The most serious are kept (a stable sort: file order within a severity), shown in file order.
        kept = sorted(range(len(pairs)), key=lambda i: -pairs[i][0].severity)[:max_results]
        pairs = [pairs[i] for i in sorted(kept)]
    results = []
    for v, fingerprint in pairs:
        region: dict[str, Any] = {"startLine": v.line, "startColumn": v.column}
        if v.snippet:
            region["snippet"] = {"text": v.snippet}
        result: dict[str, Any] = {
            "ruleId": v.rule,
            "ruleIndex": index[v.rule],
            "level": _LEVEL[v.severity],
            "message": {"text": v.message},
            "locations": [{"physicalLocation": {
                "artifactLocation": artifacts[v.file],
                "region": region,
            }}],
            "partialFingerprints": {"govlint/v1": fingerprint},
        }
        rule = report.rules.get(v.rule)
        if rule is not None and v.tags != rule.all_tags:
            # a message that fails other criteria than the rule's others: its own tags
            result["properties"] = {"tags": list(v.tags[:MAX_TAGS])}
        results.append(result)
    notifications = [{"level": "error", "message": {"text": f"{e.file}: {e.message}"}} for e in report.errors]
    notifications += [{"level": "warning", "message": {"text": note}}
                      for note in left_out(report, max_results)]
    log = {
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "govlint", "version": __version__, "rules": rules}},
            **({"originalUriBaseIds": bases} if bases else {}),
            "results": results,
            "invocations": [{"executionSuccessful": not report.errors,
                             "toolExecutionNotifications": notifications}],
        }],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"


def _artifacts(report: Report, locations: Mapping[str, Location]) -> tuple[dict[str, Any], dict[str, Any]]:
    """An artifactLocation per file, and the base folders they are relative to (SRCROOT, then
    SRCROOT2... when files come from several repositories). A file with no base is an
    absolute file:// URI; a URL input is its own URI."""
    names: dict[str, str] = {}  # root folder -> base id
    artifacts: dict[str, Any] = {}
    for name in {v.file for v in report.violations}:
        found = locations.get(name)
        if found is None:
            artifacts[name] = {"uri": name if "://" in name else quote(name)}
        elif not found.root:
            artifacts[name] = {"uri": found.path}
        else:
            base = names.setdefault(found.root, "SRCROOT" + (str(len(names) + 1) if names else ""))
            artifacts[name] = {"uri": quote(found.path), "uriBaseId": base}
    bases = {base: {"uri": Path(root).as_uri().rstrip("/") + "/"} for root, base in names.items()}
    return artifacts, bases
