"""Problems that repeat: one dead target linked from many pages is one problem with N places.

Violations are grouped by (rule, severity, message): a rule's message names its target (the
missing URL, the absent anchor), so the same target gives the same message on every page.
Identical findings at one position (a banner reported twice at the same element) count once.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..model import Severity, Violation

# More violations than this do not fit on a screen: grouping is on unless asked otherwise.
SCREENFUL = 40
# Places listed under a repeated problem before "and N more".
SHOWN = 3
# Problems of one rule shown in a grouped text report, the most serious first.
PER_RULE = 10


@dataclass(frozen=True)
class Group:
    rule: str
    severity: Severity
    message: str
    places: tuple[Violation, ...]  # in report order (file, then position), no duplicates

    @property
    def first(self) -> Violation:
        return self.places[0]


def wanted(group: bool | None, count: int) -> bool:
    """``group`` as the user set it (None: not set, so on when the report is long)."""
    return count > SCREENFUL if group is None else group


def group(violations: Iterable[Violation]) -> list[Group]:
    """Groups in the order of their first place. Every finding is a place, even one at the
    position of another (an image naming one dead URL in src and srcset is found twice), so
    every format that groups counts the findings the JSON report lists."""
    places: dict[tuple[str, Severity, str], list[Violation]] = {}
    for v in violations:
        places.setdefault((v.rule, v.severity, v.message), []).append(v)
    return [Group(rule, severity, message, tuple(found))
            for (rule, severity, message), found in places.items()]


def largest(groups: Iterable[Group], limit: int) -> list[Group]:
    """The ``limit`` groups with the most places, most serious first among equals."""
    ranked = sorted(groups, key=lambda g: (-len(g.places), -g.severity, g.rule, g.message))
    return ranked[:limit]


def most_serious(groups: Iterable[Group], limit: int) -> list[Group]:
    """The ``limit`` most serious groups, the most places first among equals."""
    ranked = sorted(groups, key=lambda g: (-g.severity, -len(g.places), g.rule, g.message))
    return ranked[:limit]


def by_rule(groups: Iterable[Group]) -> list[tuple[str, list[Group]]]:
    """Groups rule by rule: the rule with the most serious finding first, then the rule with
    the most places, so an error found once comes before a warning found everywhere."""
    rules: dict[str, list[Group]] = {}
    for found in groups:
        rules.setdefault(found.rule, []).append(found)

    def rank(item: tuple[str, list[Group]]) -> tuple[int, int, str]:
        worst = max(g.severity for g in item[1])
        return (-worst, -sum(len(g.places) for g in item[1]), item[0])

    return sorted(rules.items(), key=rank)
