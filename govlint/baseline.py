"""Baselines: record today's violations, then report and fail only on new ones.

Entries are matched by fingerprint (rule + file + element start tag + occurrence; see
fingerprints.py), so a baseline survives edits made elsewhere on a page. The file is named by
its place in its repository (as code hosts name it), so a run from another folder, or given
the site's absolute path, matches the same entries; entries written before, under the name
the run was given, still match a run given that name.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import ConfigError
from .fingerprints import fingerprints
from .model import Report
from .version import __version__

FORMAT = "govlint-baseline/1"


@dataclass(frozen=True)
class Baseline:
    entries: dict[str, tuple[str, str]]  # fingerprint -> (file, rule)


def render(report: Report, file_of: Callable[[str], str] = str) -> str:
    """``file_of``: a report file name's place in its repository (locations.relative)."""
    violations = report.violations
    entries = [{"fingerprint": fp, "rule": v.rule, "file": file_of(v.file), "line": v.line,
                "message": v.message}
               for v, fp in zip(violations, fingerprints(violations, file_of), strict=True)]
    return json.dumps({"format": FORMAT, "govlint": __version__, "entries": entries},
                      indent=2, ensure_ascii=False) + "\n"


def read(path: Path) -> Baseline:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: baseline file not found (create it with --write-baseline)") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError(f"{path}: not a readable baseline file: {exc}") from None
    well_formed = isinstance(data, dict) and isinstance(data.get("entries"), list)
    if not well_formed or data.get("format") != FORMAT:
        raise ConfigError(f"{path}: not a govlint baseline (expected \"format\": \"{FORMAT}\")")
    entries = {}
    for entry in data["entries"]:
        if not (isinstance(entry, dict) and all(isinstance(entry.get(k), str)
                                                 for k in ("fingerprint", "file", "rule"))):
            raise ConfigError(f"{path}: baseline entry without fingerprint, file and rule: {entry!r}")
        entries[entry["fingerprint"]] = (entry["file"], entry["rule"])
    return Baseline(entries)


@dataclass(frozen=True)
class Applied:
    report: Report  # only the violations that are not in the baseline
    matched: int  # violations the baseline covers
    fixed: int  # baseline entries, for files linted in this run, that no longer occur


def apply(report: Report, baseline: Baseline, file_of: Callable[[str], str] = str) -> Applied:
    seen = set()
    files = []
    matched = 0
    for result in report.files:
        keep = []
        violations = result.violations
        ours = fingerprints(violations, file_of)
        # entries written under the name the run was given, where that is not the repository's
        given = ours if file_of(result.file) == result.file else fingerprints(violations)
        for v, fp, as_given in zip(violations, ours, given, strict=True):
            found = fp if fp in baseline.entries else as_given if as_given in baseline.entries else None
            if found is not None:
                seen.add(found)
                matched += 1
            else:
                keep.append(v)
        files.append(replace(result, violations=tuple(keep)))
    linted = {name for r in report.files for name in (r.file, file_of(r.file))}
    fixed = sum(1 for fp, (file, _) in baseline.entries.items() if file in linted and fp not in seen)
    return Applied(replace(report, files=tuple(files), baseline=(matched, fixed)), matched, fixed)
