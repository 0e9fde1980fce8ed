"""Findings per rule, as a closing table: count, rule, severity and what the rule checks.

One row per rule and severity (a rule can report errors and warnings, as ``dead-link`` does for
a link that could not be verified), the most serious first and the most findings first among
equals, so what matters first is at the top. Every finding counts, as in the summary line."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..model import Report, Severity
from . import mdtext


@dataclass(frozen=True)
class Row:
    count: int
    rule: str
    severity: Severity
    description: str  # the rule's summary; "" for a rule the report does not describe
    help_url: str = ""


def rows(report: Report) -> list[Row]:
    counts: Counter[tuple[str, Severity]] = Counter((v.rule, v.severity) for v in report.violations)
    out = []
    for (rule_id, severity), count in counts.items():
        rule = report.rules.get(rule_id)
        out.append(Row(count, rule_id, severity, rule.summary if rule else "",
                       rule.docs.help_url if rule else ""))
    return sorted(out, key=lambda r: (-r.severity, -r.count, r.rule))


def text(table: list[Row]) -> list[str]:
    """Aligned columns for the text report, with a header line."""
    if not table:
        return []
    count_width = max(len("count"), *(len(str(r.count)) for r in table))
    rule_width = max(len("rule"), *(len(r.rule) for r in table))
    severity_width = len("severity")

    def line(count: str, rule: str, severity: str, description: str) -> str:
        cells = f"{count:>{count_width}}  {rule:<{rule_width}}  {severity:<{severity_width}}"
        return f"{cells}  {description}".rstrip()

    return [line("count", "rule", "severity", "description"),
            *(line(str(r.count), r.rule, r.severity.label, r.description) for r in table)]


def markdown(table: list[Row]) -> list[str]:
    """A Markdown table, each rule linked to its help page where it has one."""
    if not table:
        return []
    out = ["| count | rule | severity | description |", "| ---: | --- | --- | --- |"]
    for r in table:
        name = f"[`{r.rule}`]({r.help_url})" if r.help_url else f"`{r.rule}`"
        out.append(f"| {r.count} | {name} | {r.severity.label} | {mdtext.text(r.description)} |")
    return out
