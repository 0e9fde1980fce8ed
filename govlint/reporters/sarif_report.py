"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

A result is a problem, not a place: one dead target linked from 1,800 pages, or one
template's banner, is one result whose first place is its location and whose other places
are its ``relatedLocations``. Past code scanning's limit of results a run, every rule keeps
a share (errors before warnings within it), so no rule disappears from the upload."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..locations import Location
from ..model import Report, Severity, Violation
from ..version import __version__
from . import groups
from .shared import Shared, shared

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
# GitHub code scanning rejects a run past these (its documented hard limits for SARIF uploads).
MAX_RESULTS = 25_000
MAX_TAGS = 20
# Places of one result: code scanning shows 100 locations of a result (and rejects more than
# 1,000), so the first place and 99 more are given; the other reports list every place.
MAX_PLACES = 100
# Places listed in a whole run (about 170 bytes each): past it the problems with the most
# places list fewer, so a site with 160,000 findings stays a log of about 16 MB.
MAX_LISTED = 75_000
FINGERPRINT = "govlintProblem/v1"


def keep(found: Sequence[groups.Group], limit: int) -> list[int]:
    """Indices (in ``found``'s order) of the problems a run of at most ``limit`` results keeps.

    Each rule gets an equal share of the limit; a rule with fewer problems than its share
    keeps them all and leaves the rest to the others. Within its share a rule keeps its
    errors first, then its problems with the most places. When there are more rules than
    results, the rules with the most serious and most widespread problems keep one each."""
    if len(found) <= limit:
        return list(range(len(found)))
    by_rule: dict[str, list[int]] = {}
    for i, g in enumerate(found):
        by_rule.setdefault(g.rule, []).append(i)
    for indices in by_rule.values():
        indices.sort(key=lambda i: (-found[i].severity, -len(found[i].places), i))
    quota: dict[str, int] = {}
    if limit < len(by_rule):
        def weight(rule: str) -> tuple[int, int, str]:
            first = found[by_rule[rule][0]]
            return (-first.severity, -sum(len(found[i].places) for i in by_rule[rule]), rule)
        quota = dict.fromkeys(sorted(by_rule, key=weight)[:limit], 1)
    else:
        left = limit
        ordered = sorted(by_rule, key=lambda rule: (len(by_rule[rule]), rule))
        for n, rule in enumerate(ordered):
            quota[rule] = min(len(by_rule[rule]), left // (len(ordered) - n))
            left -= quota[rule]
    return sorted(i for rule, share in quota.items() for i in by_rule[rule][:share])


def places_listed(found: Sequence[groups.Group], kept: Sequence[int], budget: int = MAX_LISTED) -> int:
    """How many places each kept problem lists at most: MAX_PLACES, or fewer when listing
    that many for every problem would pass ``budget`` (the largest count that fits)."""
    sizes = sorted(min(len(found[i].places), MAX_PLACES) for i in kept)
    used = 0
    for n, size in enumerate(sizes):  # problems before n list all their places
        cap = (budget - used) // (len(sizes) - n)
        if cap < size:
            return max(1, cap)
        used += size
    return MAX_PLACES


def left_out(report: Report, max_results: int = MAX_RESULTS, *, data: Shared | None = None) -> list[str]:
    """What a SARIF report of ``report`` leaves out to stay within code scanning's limits."""
    data = data if data is not None and data.report is report else Shared(report)
    found = data.groups
    notes = []
    kept = keep(found, max_results)
    if len(kept) < len(found):
        chosen = set(kept)
        dropped: dict[str, list[int]] = {}
        for i, g in enumerate(found):
            if i not in chosen:
                dropped.setdefault(g.rule, []).append(len(g.places))
        total = {g.rule: 0 for g in found}
        for g in found:
            total[g.rule] += 1
        places = sum(sum(p) for p in dropped.values())
        rules = ", ".join(f"{rule} {len(p)} of {total[rule]}"
                          for rule, p in sorted(dropped.items(), key=lambda item: (-len(item[1]), item[0])))
        notes.append(f"SARIF: {len(found) - len(kept)} of {len(found)} problems ({places} of "
                     f"{len(report.violations)} findings) left out (code scanning accepts at most "
                     f"{max_results} results a run): every rule keeps a share, errors before warnings, "
                     f"so every rule with findings has results; left out: {rules}; the other reports "
                     "hold them all")
    cap = places_listed(found, kept)
    unlisted = [len(found[i].places) - cap for i in kept if len(found[i].places) > cap]
    if unlisted:
        problems = "1 problem" if len(unlisted) == 1 else f"{len(unlisted)} problems"
        why = (f"code scanning shows at most {MAX_PLACES} locations of a result" if cap == MAX_PLACES else
               f"a run lists at most {MAX_LISTED} places, so a result lists {cap}")
        notes.append(f"SARIF: {sum(unlisted)} places of {problems} found in more than {cap} places are "
                     f"not listed ({why}); each result says how many places it has, and the other "
                     "reports list them all")
    for rule_id in sorted(report.rules):
        tags = report.rules[rule_id].all_tags
        if len(tags) > MAX_TAGS:
            notes.append(f"SARIF: rule {rule_id} has {len(tags)} tags; the last "
                         f"{len(tags) - MAX_TAGS} left out (code scanning accepts at most {MAX_TAGS})")
    return notes


def render(report: Report, **options: Any) -> str:
    return "".join(chunks(report, **options))


def chunks(report: Report, *, max_results: int = MAX_RESULTS, **options: Any) -> Iterator[str]:
    """The log in pieces, a result a line, so a big one is never held whole. ``locations``
    says where each report file is: relative to its repository root (or the current
    directory), given to viewers as an ``originalUriBaseIds`` entry."""
    data = shared(report, options)
    found = data.groups
    kept = keep(found, max_results)
    ids = data.problem_ids
    rule_ids = sorted({g.rule for g in found} | set(report.rules))
    index = {rule_id: i for i, rule_id in enumerate(rule_ids)}
    cap = places_listed(found, kept)
    files = {v.file for i in kept for v in found[i].places[:cap]}
    artifacts, bases = _artifacts(files, data.locations)
    tool = {"driver": {"name": "govlint", "version": __version__, "rules": _rules(report, rule_ids)}}
    head = json.dumps({"$schema": SCHEMA, "version": "2.1.0"}, ensure_ascii=False)[:-1]
    head += ', "runs": [{"tool": ' + json.dumps(tool, ensure_ascii=False)
    if bases:
        head += ', "originalUriBaseIds": ' + json.dumps(bases, ensure_ascii=False)
    yield head + ', "results": ['
    batch: list[str] = []
    separator = "\n"
    for i in kept:
        g = found[i]
        count = len(g.places)
        result: dict[str, Any] = {
            "ruleId": g.rule,
            "ruleIndex": index[g.rule],
            "level": _LEVEL[g.severity],
            "message": {"text": g.message if count == 1 else f"{g.message} ({count} places)"},
            "locations": [_location(g.first, artifacts, snippet=True)],
        }
        if count > 1 and cap > 1:
            result["relatedLocations"] = [_location(v, artifacts) for v in g.places[1:cap]]
        result["partialFingerprints"] = {FINGERPRINT: ids[i]}
        result["properties"] = {"places": count}
        rule = report.rules.get(g.rule)
        if rule is not None and g.first.tags != rule.all_tags:
            # a message that fails other criteria than the rule's others: its own tags
            result["properties"]["tags"] = list(g.first.tags[:MAX_TAGS])
        batch.append(separator + json.dumps(result, ensure_ascii=False, separators=(",", ":")))
        separator = ",\n"
        if len(batch) == 1000:
            yield "".join(batch)
            batch.clear()
    yield "".join(batch)
    notifications = [{"level": "error", "message": {"text": f"{e.file}: {e.message}"}} for e in report.errors]
    notifications += [{"level": "warning", "message": {"text": note}}
                      for note in left_out(report, max_results, data=data)]
    invocations = [{"executionSuccessful": not report.errors, "toolExecutionNotifications": notifications}]
    yield "\n], \"invocations\": " + json.dumps(invocations, ensure_ascii=False) + "}]}\n"


def _location(v: Violation, artifacts: Mapping[str, Any], *, snippet: bool = False) -> dict[str, Any]:
    region: dict[str, Any] = {"startLine": v.line, "startColumn": v.column}
    if snippet and v.snippet:
        region["snippet"] = {"text": v.snippet}
    return {"physicalLocation": {"artifactLocation": artifacts[v.file], "region": region}}


def _rules(report: Report, rule_ids: list[str]) -> list[dict[str, Any]]:
    rules: list[dict[str, Any]] = []
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
    return rules


def _artifacts(files: set[str], locations: Mapping[str, Location]) -> tuple[dict[str, Any], dict[str, Any]]:
    """An artifactLocation per file, and the base folders they are relative to (SRCROOT, then
    SRCROOT2... when files come from several repositories). A file with no base is an
    absolute file:// URI; a URL input is its own URI."""
    names: dict[str, str] = {}  # root folder -> base id
    artifacts: dict[str, Any] = {}
    for name in sorted(files):
        found = locations.get(name)
        if found is None:
            artifacts[name] = {"uri": name if "://" in name else quote(name)}
        elif not found.root:
            artifacts[name] = {"uri": found.path}
        else:
            base = names.setdefault(found.root, "SRCROOT" + (str(len(names) + 1) if names else ""))
            # the file's real bytes, percent-encoded (caf%E9.html), not its escaped display name
            artifacts[name] = {"uri": quote(os.fsencode(found.raw or found.path)), "uriBaseId": base}
    bases = {base: {"uri": Path(root).as_uri().rstrip("/") + "/"} for root, base in names.items()}
    return artifacts, bases
