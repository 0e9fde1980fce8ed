"""At most so many findings of one rule on one page, the most serious kept.

A 15 MB page of a million images without alt text made three million violations (image-alt,
region, dead-link), each with its message, CSS path and snippet, and took one process to
2.5 GB. A page past the cap keeps ``max_findings`` violations of the rule (errors before
warnings before info, then in the order found) and counts the rest, which the run states in
one note per page and rule, as the SARIF report does for the results it leaves out.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field

from .model import Severity, Violation

DEFAULT_MAX_FINDINGS = 1000


@dataclass
class _Kept:
    violations: list[Violation] = field(default_factory=list)
    by_severity: dict[Severity, int] = field(default_factory=lambda: dict.fromkeys(Severity, 0))

    def least(self) -> Severity:
        return next(s for s in sorted(Severity) if self.by_severity[s])


class FindingCap:
    """One page's violations, at most ``limit`` of each rule, and how many were left out.
    ``wanted`` is asked before a violation is built, so one past the cap costs no message,
    path or snippet."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._kept: dict[str, _Kept] = {}
        self.left_out: dict[str, int] = {}

    def wanted(self, rule: str, severity: Severity) -> bool:
        """Whether a violation of this rule and severity would be kept; if not, it is counted
        as left out here."""
        kept = self._kept.get(rule)
        if kept is None or len(kept.violations) < self.limit or severity > kept.least():
            return True
        self.left_out[rule] = self.left_out.get(rule, 0) + 1
        return False

    def add(self, violation: Violation) -> None:
        """Keep a violation ``wanted`` said yes to (or one an earlier run kept)."""
        kept = self._kept.get(violation.rule)
        if kept is None:  # made only when needed: a _Kept for every call cost a third of add()
            kept = self._kept[violation.rule] = _Kept()
        if len(kept.violations) >= self.limit:
            least = kept.least()
            if violation.severity <= least:
                self.left_out[violation.rule] = self.left_out.get(violation.rule, 0) + 1
                return
            # Drop the latest-found of the least serious kept; this happens at most twice per
            # kept place (info -> warning -> error), so the scans stay linear in the cap.
            index = next(i for i in range(len(kept.violations) - 1, -1, -1)
                         if kept.violations[i].severity == least)
            kept.violations.pop(index)
            kept.by_severity[least] -= 1
            self.left_out[violation.rule] = self.left_out.get(violation.rule, 0) + 1
        kept.violations.append(violation)
        kept.by_severity[violation.severity] += 1

    def count_left_out(self, counts: Mapping[str, int]) -> None:
        """Add what an earlier run left out (its kept violations come through ``add``)."""
        for rule, count in counts.items():
            self.left_out[rule] = self.left_out.get(rule, 0) + count

    def violations(self) -> Iterator[Violation]:
        for kept in self._kept.values():
            yield from kept.violations

    def in_order(self) -> tuple[Violation, ...]:
        """The kept violations in report order (they are held rule by rule)."""
        return tuple(sorted(self.violations(), key=Violation.sort_key))

    def __len__(self) -> int:
        return sum(len(kept.violations) for kept in self._kept.values())


def merge_left_out(*counts: Mapping[str, int]) -> tuple[tuple[str, int], ...]:
    """Left-out counts of one page from several passes, by rule id."""
    total: dict[str, int] = {}
    for one in counts:
        for rule, count in one.items():
            total[rule] = total.get(rule, 0) + count
    return tuple(sorted(total.items()))


def notes(pages: Iterable[tuple[str, Iterable[tuple[str, int]]]], limit: int) -> list[str]:
    """One note per page and rule that went past the cap."""
    return [f"{file}: {count:,} {rule} findings left out (max_findings keeps {limit:,} of each rule "
            f"on a page): the most serious are kept, errors before warnings"
            for file, left in pages for rule, count in left]
