"""Run the rules on one parsed page: check -> message -> suppression filter -> Violation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from . import suppressions
from .checks import CheckContext, Finding, registry
from .config import Config
from .document import Document
from .model import FileResult, Rule, Severity, Violation


@dataclass(frozen=True)
class RunOptions:
    verbose: bool = False
    today: date | None = None


class _Args(dict[str, object]):
    """Message arguments: a placeholder a finding did not fill stays visible, never raises."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def lint_document(doc: Document, config: Config, names: Mapping[str, str], rel_path: str,
                  options: RunOptions = RunOptions()) -> FileResult:
    """``names`` maps every rule id and alias to its id (for directives)."""
    ctx = CheckContext(site=config.site, archive=config.archive,
                       today=options.today or date.today(), rule_ids=frozenset(names))
    checks = registry()
    directives = suppressions.parse(doc, names)
    suppressor = suppressions.Suppressor.build(doc, directives)
    kept: list[Violation] = []
    suppressed = 0
    for rule, level in config.plan(rel_path):
        for finding in checks[rule.check].func(doc, ctx, **rule.options):
            message = rule.messages[finding.code]
            if message.verbose_only and not options.verbose:
                continue
            offset = finding.offset if finding.offset is not None else doc.offset(finding.element)
            if suppressor.suppressed(rule.id, finding.element, offset):
                suppressed += 1
                continue
            severity = level or message.severity or rule.severity
            kept.append(_violation(doc, rule, finding, message.text, severity, offset))
    kept.sort(key=Violation.sort_key)
    return FileResult(doc.info.path, tuple(kept), suppressed)


def _violation(doc: Document, rule: Rule, finding: Finding, template: str, severity: Severity,
               offset: int) -> Violation:
    line, column = doc.offset_linecol(offset)
    element: Any = finding.element
    if element is not None:
        selector, snippet = doc.selector(element), doc.snippet(element)
    else:
        end = doc.source.find("-->", offset)
        snippet = doc.source[offset: end + 3 if end != -1 else offset + 80]
        selector = ""
    return Violation(
        rule=rule.id,
        severity=severity,
        message=template.format_map(_Args(finding.args)),
        file=doc.info.path,
        line=line,
        column=column,
        selector=selector,
        snippet=snippet[:160],
        help_url=rule.docs.help_url,
        tags=rule.tags,
    )
