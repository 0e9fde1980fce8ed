"""What several report formats read from one report, worked out once however many are written.

Grouping 160,000 findings into problems, ranking them and placing every file in its
repository took a second or more each time a format asked; the command line makes one
``Shared`` for a run and gives it to every reporter."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..fingerprints import problem
from ..locations import Location
from ..model import Report
from . import groups


@dataclass(frozen=True)
class Shared:
    report: Report
    locations: Mapping[str, Location] = field(default_factory=dict)

    @cached_property
    def groups(self) -> list[groups.Group]:
        """The report's problems, in the order of their first place."""
        return groups.group(self.report.violations)

    @cached_property
    def problem_ids(self) -> list[str]:
        """A stable fingerprint for each problem of ``groups``, in that order."""
        return [problem(g.rule, g.severity, g.message) for g in self.groups]


def shared(report: Report, options: Mapping[str, Any]) -> Shared:
    """The ``shared`` a reporter was given for this report, else one of its own."""
    given = options.get("shared")
    if isinstance(given, Shared) and given.report is report:
        return given
    return Shared(report, options.get("locations") or {})
