"""The site pass of the pack: pages that share a title or a description, found from each
page's facts (which the page cache keeps, so a warm run finds the same duplicates)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence

from .. import text
from ..model import FileResult, Found, Rule, Violation
from .facts import DESCRIPTION, TITLE
from .values import PageFacts, Spot

_SHOWN = 5  # other pages named in one message


def _value(facts: PageFacts, kind: str) -> tuple[str, Spot | None]:
    return (facts.title, facts.title_at) if kind == TITLE else (facts.description, facts.description_at)


def find(results: Sequence[FileResult], rules: Mapping[str, Rule]) -> list[Found | None]:
    """Each page's duplicate-title and duplicate-description violations (None: none), read
    from the pages' facts alone: nothing is written (a forked process may find them)."""
    with_facts = [r for r in results if r.facts is not None]
    if not any(r.facts.levels for r in with_facts if r.facts is not None):
        return [None] * len(results)
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    for result in with_facts:
        assert result.facts is not None
        for kind in (TITLE, DESCRIPTION):
            value, where = _value(result.facts, kind)
            if value and where is not None:
                groups[kind, text.normalize(value)].append(result.file)
    out: list[Found | None] = []
    for result in results:
        facts = result.facts
        if facts is None or not facts.levels:
            out.append(None)
            continue
        extra: list[Violation] = []
        suppressed = 0
        for rule_id, level in facts.levels.items():
            rule = rules[rule_id]
            value, where = _value(facts, rule.check)
            others = [f for f in groups.get((rule.check, text.normalize(value)), ()) if f != result.file]
            if not value or where is None or not others:
                continue
            if rule_id in where.hidden:
                suppressed += 1
                continue
            message = rule.messages["duplicate"]
            named = ", ".join(others[:_SHOWN]) + (f" and {len(others) - _SHOWN} more" if len(others) > _SHOWN
                                                   else "")
            extra.append(Violation(
                rule=rule_id, severity=level or message.severity or rule.severity,
                message=text.fill(message.text, {"value": text.shorten(value, 80), "others": named,
                                                 "count": len(others)}),
                file=result.file, line=where.line, column=where.column, selector=where.selector,
                snippet=where.snippet, help_url=rule.docs.help_url, tags=rule.message_tags["duplicate"]))
        out.append(Found(tuple(extra), suppressed) if extra or suppressed else None)
    return out
