"""Inline directives in HTML comments, applied as a filter after checks run.

    <!-- govlint-disable-next image-alt -- decorative seal, described in caption -->
    <!-- govlint-disable image-credit, image-virin -- wire photos -->
    ...
    <!-- govlint-enable image-credit, image-virin -->

``disable-next`` covers the next element and its subtree; ``disable`` covers everything up
to the matching ``enable`` (or the end of the page).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .document import Document

_DIRECTIVE = re.compile(r"^\s*govlint-(?P<verb>[a-z-]+)(?P<rest>.*)$", re.S)
_VERBS = ("disable-next", "disable", "enable")


@dataclass(frozen=True)
class Directive:
    verb: str
    rules: tuple[str, ...]  # canonical ids
    reason: str
    offset: int


@dataclass(frozen=True)
class Problem:
    offset: int
    code: str  # "malformed", "unknown-rule" or "no-reason"
    detail: str


@dataclass(frozen=True)
class Directives:
    items: tuple[Directive, ...]
    problems: tuple[Problem, ...]


def parse(doc: Document, resolve: Mapping[str, str]) -> Directives:
    """Read every govlint directive; ``resolve`` maps rule ids and aliases to ids."""
    items: list[Directive] = []
    problems: list[Problem] = []
    for comment in doc.comments:
        match = _DIRECTIVE.match(comment.data)
        if not match:
            continue
        verb, rest = match["verb"], match["rest"]
        if verb not in _VERBS or (rest and not rest[0].isspace()):
            problems.append(Problem(comment.offset, "malformed", f"govlint-{verb}"))
            continue
        names_part, _, reason = rest.partition("--")
        names = [n for n in re.split(r"[\s,]+", names_part) if n]
        if not names:
            problems.append(Problem(comment.offset, "malformed", f"govlint-{verb} names no rule"))
            continue
        unknown = [n for n in names if n not in resolve]
        for name in unknown:
            problems.append(Problem(comment.offset, "unknown-rule", name))
        if verb != "enable" and not reason.strip():
            problems.append(Problem(comment.offset, "no-reason", f"govlint-{verb}"))
        known = tuple(resolve[n] for n in names if n in resolve)
        if known:
            items.append(Directive(verb, known, reason.strip(), comment.offset))
    return Directives(tuple(items), tuple(problems))


def _written_at(source: str, offset: int, tag: str) -> bool:
    name = tag.rsplit("}", 1)[-1]
    return source[offset:offset + len(name) + 1].lower() == f"<{name.lower()}"


@dataclass(frozen=True)
class Suppressor:
    """Decides whether a finding (rule, element, offset) is suppressed."""

    next_targets: tuple[tuple[str, Any], ...]  # (rule, element whose subtree is covered)
    ranges: tuple[tuple[str, int, int], ...]  # (rule, start, end)

    @classmethod
    def build(cls, doc: Document, directives: Directives) -> Suppressor:
        if not directives.items:
            return cls((), ())
        # Elements the parser implied (html, head, body, tbody) share the offset of the tag
        # that implied them; "the next element" is the next one written in the source.
        source = doc.source
        order = [el for el in doc.elements_in_order if _written_at(source, doc.offset(el), el.tag)]
        starts = [doc.offset(el) for el in order]
        targets: list[tuple[str, Any]] = []
        open_at: dict[str, int] = {}
        ranges: list[tuple[str, int, int]] = []
        for item in sorted(directives.items, key=lambda d: d.offset):
            if item.verb == "disable-next":
                i = bisect.bisect_right(starts, item.offset)
                if i < len(order):
                    targets.extend((rule, order[i]) for rule in item.rules)
            elif item.verb == "disable":
                for rule in item.rules:
                    open_at.setdefault(rule, item.offset)
            else:
                for rule in item.rules:
                    if rule in open_at:
                        ranges.append((rule, open_at.pop(rule), item.offset))
        end = len(doc.source) + 1
        ranges.extend((rule, start, end) for rule, start in open_at.items())
        return cls(tuple(targets), tuple(ranges))

    @property
    def active(self) -> bool:
        return bool(self.next_targets or self.ranges)

    def suppressed(self, rule: str, element: Any, offset: int) -> bool:
        for r, start, end in self.ranges:
            if r == rule and start <= offset < end:
                return True
        for r, target in self.next_targets:
            if r == rule and element is not None and (
                element is target or any(a is target for a in element.iterancestors())
            ):
                return True
        return False
