"""A conformance summary by WCAG 2.2 success criterion (and Section 508), from rule tags.

A rule tagged ``wcag111`` checks success criterion 1.1.1. A finding counts against the criteria
of its own tags: the rule's, plus those of its message where a rule's messages fail different
criteria (a banner toggle that is not a button fails 4.1.2; a missing banner fails none), and
a rule checks every criterion any of its messages fails (but passes a page only on the criteria
all of its messages fail). For each A and AA criterion some rule that ran checks: how many
pages fail it (an error from one of its rules), have only warnings to review, pass (some of its
rules had something to check there and found nothing), or were not applicable (none of its
rules had anything to check: no image for 1.1.1's rules).

Three kinds of criterion are not counted so:

- a criterion no rule that ran checks needs a person (manual): it is never reported as passing;
- a criterion only a rendered page can show passing (``rendered`` in wcag22.toml: focus,
  reflow, text spacing, target size, contrast) is passed by rendered rules only: in a run
  without ``--render`` it stays manual, unless a static rule found it failing;
- a criterion about a set of pages (``scope = "site"``: 3.2.3, 3.2.4, 3.2.6, 2.4.5) gets one
  result for the pages linted together, from the site pass's findings and from what it could
  compare (``Report.judged``): a run of one page, or one where nothing repeats, cannot decide
  it, and says why.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ..model import Report, Rule, Severity, kinds_of

_TAG = re.compile(r"wcag([1-4])([1-9])(\d{1,2})")


# A criterion's result: for a page-level criterion the worst over the pages, for a site-level
# one the site's.
FAIL, REVIEW, PASS, NOT_APPLICABLE, MANUAL = "fail", "review", "pass", "not applicable", "manual"


@dataclass(frozen=True)
class Criterion:
    id: str  # "1.4.10"
    name: str
    level: str  # "A" or "AA"
    since: str  # the WCAG version that added it
    obsolete: bool = False  # 4.1.1 Parsing: in WCAG 2.0 (and Section 508), not in 2.2
    scope: str = "page"  # "site": about a set of pages, one result for the pages linted together
    rendered: bool = False  # only a rendered page can show it passes

    @property
    def section508(self) -> bool:
        """Section 508 incorporates WCAG 2.0 level A and AA."""
        return self.since == "2.0"


@dataclass(frozen=True)
class SiteResult:
    """A site-level criterion's one result for the pages linted together."""

    result: str  # FAIL, REVIEW, PASS or NOT_APPLICABLE
    findings: int  # its rules' findings, on every page
    pages: int  # the pages compared
    basis: str  # what the result rests on: what was compared, or why nothing could be


@dataclass(frozen=True)
class Row:
    criterion: Criterion
    rules: tuple[str, ...]  # the rules that ran and check it; () means no rule did
    fail: int = 0
    review: int = 0
    passed: int = 0
    not_applicable: int = 0
    # pages with nothing found where no rule that ran can pass it (a rendered criterion checked
    # by a static rule only: meta-viewport can fail 1.4.10 Reflow, never pass it)
    undecided: int = 0
    site: SiteResult | None = None  # a site-level criterion's result (no per-page counts)

    @property
    def result(self) -> str:
        if self.site is not None:
            return self.site.result
        if self.fail:
            return FAIL
        if self.review:
            return REVIEW
        if not self.rules or self.undecided:
            return MANUAL
        return PASS if self.passed else NOT_APPLICABLE

    @property
    def manual(self) -> bool:
        return self.result == MANUAL

    @property
    def reason(self) -> str:
        """Why the result is what it is, where a number cannot say it."""
        if self.site is not None:
            return self.site.basis
        if self.criterion.rendered and (not self.rules or self.undecided):
            return "only a rendered run (--render) can decide it"
        if not self.rules:
            return "no rule checks it"
        if self.undecided:
            return "no rule that ran can pass it"
        return ""

    @property
    def needs_person(self) -> bool:
        """A person must still decide it: nothing that ran can, its findings are to review, or
        the run could not judge the site. (Every criterion with no failure found still needs a
        person to confirm it; these cannot even be started on from the report.)"""
        if self.criterion.obsolete:
            return False
        return self.result in (MANUAL, REVIEW) or (self.site is not None and self.result == NOT_APPLICABLE)


@dataclass(frozen=True)
class Summary:
    pages: int
    rows: tuple[Row, ...]  # in criterion order

    @property
    def checked(self) -> tuple[Row, ...]:
        """Page-level criteria some rule that ran checks, counted per page."""
        return tuple(r for r in self.rows if r.rules and r.site is None)

    @property
    def site(self) -> tuple[Row, ...]:
        """Site-level criteria some rule that ran checks: one result each."""
        return tuple(r for r in self.rows if r.site is not None)

    @property
    def needs_person(self) -> tuple[Row, ...]:
        return tuple(r for r in self.rows if r.needs_person)


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
    by_id = {c.id: c for c in criteria()}
    covering: dict[str, list[str]] = {}
    # A rule tells a page passes a criterion only when every one of its messages fails that
    # criterion; criteria of some messages only (the banner's toggle and 4.1.2) it can fail,
    # but its silence says nothing about them: the page may have no banner toggle at all. A
    # criterion only a browser can show passing is passed by rendered rules only.
    vouching: dict[str, set[str]] = {}
    for rule_id in sorted(ran_ids):
        rule = rules[rule_id]
        for tag in rule.all_tags:
            number = criterion_of(tag)
            if number is not None:
                covering.setdefault(number, []).append(rule_id)
                known = by_id.get(number)
                browser_only = known is not None and known.rendered and "rendered" not in rule.tags
                if tag in rule.tags and not browser_only:
                    vouching.setdefault(number, set()).add(rule_id)
    site_level = {number for number in covering if number in by_id and by_id[number].scope == "site"}
    worst: dict[str, list[Severity]] = {number: [] for number in covering}  # per page, in order
    applied: dict[str, int] = dict.fromkeys(covering, 0)  # pages with no finding where it applied
    site_found: dict[str, list[int]] = {number: [0, 0] for number in site_level}  # [errors, others]
    for page in report.files:
        on_page: dict[str, Severity] = {}
        # Only tags and severities count here: their tallies, kept as findings are written,
        # spare reading a page's findings back from disk.
        for (tags, severity), count in kinds_of(page.violations).items():
            for number in criteria_of(tags):  # a rule's tags are one tuple: read once
                if number in site_level:
                    site_found[number][0 if severity is Severity.ERROR else 1] += count
                elif number in covering and severity > on_page.get(number, 0):
                    on_page[number] = severity
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
        elif c.id in site_level:
            rows.append(Row(c, covered, site=_site_result(covered, site_found[c.id], report, pages)))
        else:
            fail = sum(s is Severity.ERROR for s in worst[c.id])
            review = len(worst[c.id]) - fail
            passed = applied[c.id]
            rest = pages - fail - review - passed
            if vouching.get(c.id):
                rows.append(Row(c, covered, fail, review, passed, rest))
            else:
                rows.append(Row(c, covered, fail, review, undecided=rest))
    return Summary(pages, tuple(rows))


def _site_result(covered: tuple[str, ...], found: list[int], report: Report, pages: int) -> SiteResult:
    """One result for the pages linted together, from the site pass's findings and from what it
    compared (nothing compared: the run cannot decide it, and says why)."""
    errors, others = found
    judged = [j for j in report.judged if j.rule in covered]
    compared = max((j.pages for j in judged), default=pages)
    bases = "; ".join(dict.fromkeys(j.basis for j in judged)) or "the pages were not compared as one site"
    findings = errors + others
    if findings:
        counted = f"{findings} finding{'s' if findings != 1 else ''}"
        return SiteResult(FAIL if errors else REVIEW, findings, compared, f"{counted}; {bases}")
    if any(j.compared for j in judged):
        return SiteResult(PASS, 0, compared, bases)
    return SiteResult(NOT_APPLICABLE, 0, compared, bases)


def _status(r: Row) -> str:
    """The JSON row's kind: "checked" rows count pages (fail, review, passed...), a "site" row
    has one result for the site (findings, pages), a "manual" one is left to a person."""
    if r.site is not None:
        return "site"
    return "checked" if r.rules and not r.manual else "manual"


def as_json(summary: Summary) -> dict[str, Any]:
    """The ``conformance`` object of the JSON report (schema 1.5)."""
    def row(r: Row) -> dict[str, Any]:
        c = r.criterion
        out: dict[str, Any] = {"id": c.id, "name": c.name, "level": c.level, "section508": c.section508,
                               "wcag22": not c.obsolete, "scope": c.scope, "rules": list(r.rules),
                               "status": _status(r),
                               "result": r.result}
        if r.site is not None:
            out.update(findings=r.site.findings, pages=r.site.pages)
        elif r.rules:
            out.update(fail=r.fail, review=r.review, passed=r.passed, not_applicable=r.not_applicable,
                       undecided=r.undecided)
        if r.reason:
            out["reason"] = r.reason
        return out
    return {"standard": "WCAG 2.2", "pages": summary.pages,
            "criteria": [row(r) for r in summary.rows if not (r.manual and r.criterion.obsolete)],
            "needs_person": [r.criterion.id for r in summary.needs_person]}


def needs_person_groups(summary: Summary) -> list[tuple[str, tuple[Row, ...]]]:
    """What still needs a person, by why: (a few words, the rows), in this order."""
    why: dict[str, list[Row]] = {}
    for r in summary.needs_person:
        if r.site is not None and r.result == NOT_APPLICABLE:
            label = "not decided for the site by this run"
        elif r.result == REVIEW:
            label = "findings to review"
        elif r.criterion.rendered:
            label = "only a rendered run (--render) can decide them"
        elif not r.rules:
            label = "no rule checks them"
        else:
            label = "no rule that ran can pass them"
        why.setdefault(label, []).append(r)
    return [(label, tuple(rows)) for label, rows in why.items()]


WORDS = {FAIL: "fails", REVIEW: "to review", PASS: "no failure found", NOT_APPLICABLE: "not applicable",
         MANUAL: "needs a person"}


def status(r: Row) -> str:
    """A few words for a row's result in a table."""
    return WORDS[r.result]
