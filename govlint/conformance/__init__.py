"""A conformance summary by WCAG 2.2 success criterion (and Section 508), from rule tags.

A rule tagged ``wcag111`` checks success criterion 1.1.1. A finding counts against the criteria
of its own tags: the rule's, plus those of its message where a rule's messages fail different
criteria (a banner toggle that is not a button fails 4.1.2; a missing banner fails none), and
a rule checks every criterion any of its messages fails (but passes a page only on the criteria
all of its messages fail). For each A and AA criterion some rule
that ran checks: how many pages fail it (an error from one of its rules), have only warnings
to review, pass (some of its rules had something to check there and found nothing), or were
not applicable (none of its rules had anything to check: no image for 1.1.1's rules). Every
criterion no rule that ran covers needs manual review: it is never reported as passing.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ..model import Report, Rule, Severity

_TAG = re.compile(r"wcag([1-4])([1-9])(\d{1,2})")


@dataclass(frozen=True)
class Criterion:
    id: str  # "1.4.10"
    name: str
    level: str  # "A" or "AA"
    since: str  # the WCAG version that added it
    obsolete: bool = False  # 4.1.1 Parsing: in WCAG 2.0 (and Section 508), not in 2.2

    @property
    def section508(self) -> bool:
        """Section 508 incorporates WCAG 2.0 level A and AA."""
        return self.since == "2.0"


@dataclass(frozen=True)
class Row:
    criterion: Criterion
    rules: tuple[str, ...]  # the rules that ran and check it; () means manual review
    fail: int = 0
    review: int = 0
    passed: int = 0
    not_applicable: int = 0

    @property
    def manual(self) -> bool:
        return not self.rules


@dataclass(frozen=True)
class Summary:
    pages: int
    rows: tuple[Row, ...]  # in criterion order

    @property
    def checked(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if not r.manual)

    @property
    def manual(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.manual and not r.criterion.obsolete)


@cache
def criteria() -> tuple[Criterion, ...]:
    text = resources.files(__name__).joinpath("wcag22.toml").read_text(encoding="utf-8")
    return tuple(Criterion(**entry) for entry in tomllib.loads(text)["criterion"])


def criterion_of(tag: str) -> str | None:
    """"1.4.10" for the tag ``wcag1410``; None for other tags (wcag2a, section508...)."""
    found = _TAG.fullmatch(tag)
    return f"{found[1]}.{found[2]}.{int(found[3])}" if found else None


@cache
def criteria_of(tags: tuple[str, ...]) -> tuple[str, ...]:
    """The success criteria a rule with these tags checks."""
    return tuple(n for n in map(criterion_of, tags) if n is not None)


def summarise(report: Report, ran: Iterable[str] | None = None) -> Summary:
    """``ran``: the ids of the rules that ran (default: every rule the report knows)."""
    rules: Mapping[str, Rule] = report.rules
    ran_ids = set(rules) if ran is None else set(ran) & set(rules)
    covering: dict[str, list[str]] = {}
    # A rule tells a page passes a criterion only when every one of its messages fails that
    # criterion; criteria of some messages only (the banner's toggle and 4.1.2) it can fail,
    # but its silence says nothing about them: the page may have no banner toggle at all.
    vouching: dict[str, set[str]] = {}
    for rule_id in sorted(ran_ids):
        rule = rules[rule_id]
        for tag in rule.all_tags:
            number = criterion_of(tag)
            if number is not None:
                covering.setdefault(number, []).append(rule_id)
                if tag in rule.tags:
                    vouching.setdefault(number, set()).add(rule_id)
    worst: dict[str, list[Severity]] = {number: [] for number in covering}  # per page, in order
    applied: dict[str, int] = dict.fromkeys(covering, 0)  # pages with no finding where it applied
    for page in report.files:
        on_page: dict[str, Severity] = {}
        for v in page.violations:
            for number in criteria_of(v.tags):  # a rule's tags are one tuple: read once
                if number in covering and v.severity > on_page.get(number, 0):
                    on_page[number] = v.severity
        for number, severity in on_page.items():
            worst[number].append(severity)
        for number, rule_ids in vouching.items():
            if number not in on_page and not page.applied.isdisjoint(rule_ids):
                applied[number] += 1
    pages = len(report.files)
    rows = []
    for c in criteria():
        covered = tuple(covering.get(c.id, ()))
        if not covered:
            rows.append(Row(c, ()))
            continue
        fail = sum(s is Severity.ERROR for s in worst[c.id])
        review = len(worst[c.id]) - fail
        passed = applied[c.id]
        rows.append(Row(c, covered, fail, review, passed, pages - fail - review - passed))
    return Summary(pages, tuple(rows))


def as_json(summary: Summary) -> dict[str, Any]:
    """The ``conformance`` object of the JSON report (schema 1.2)."""
    def row(r: Row) -> dict[str, Any]:
        c = r.criterion
        out: dict[str, Any] = {"id": c.id, "name": c.name, "level": c.level, "section508": c.section508,
                               "wcag22": not c.obsolete, "rules": list(r.rules)}
        if r.manual:
            out["status"] = "manual"
        else:
            out.update(status="checked", fail=r.fail, review=r.review, passed=r.passed,
                       not_applicable=r.not_applicable)
        return out
    return {"standard": "WCAG 2.2", "pages": summary.pages,
            "criteria": [row(r) for r in summary.rows if not (r.manual and r.criterion.obsolete)]}


def status(r: Row) -> str:
    """One word for a row in a table."""
    if r.manual:
        return "needs manual review"
    if r.fail or r.review:
        return "fails" if r.fail else "review"
    return "no failures found" if r.passed else "not applicable"
