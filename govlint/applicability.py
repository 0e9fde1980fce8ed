"""Whether a rule had anything to check on a page: what tells "passed" from "not applicable"
in the conformance summary.

A rule file names what it inspects in ``applies``: patterns ``tag``, ``[attr]``,
``[attr=token]`` and ``tag[attr=token]`` (the token is one of the attribute's white-space
separated, lower-cased values; ``[aria-*]`` is any aria-* attribute). A rule without
``applies`` inspects the page itself (its title, its language, its banner) and applies to
every page. Patterns are answered from indexes the accessibility layer builds once per page,
never by a selector scan per rule (an XPath per rule cost milliseconds a page).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .document import Document

_PATTERN = re.compile(r"(?P<tag>[a-z][a-z0-9-]*)?(?:\[(?P<attr>[a-z][a-z0-9_:-]*|aria-\*)"
                      r"(?:=(?P<token>[a-z0-9_-]+))?\])?")


@dataclass(frozen=True)
class Pattern:
    tag: str | None
    attr: str | None
    token: str | None


def parse(text: str) -> Pattern:
    """A pattern from a rule file; ValueError names what is wrong with it."""
    found = _PATTERN.fullmatch(text)
    if found is None or not (found["tag"] or found["attr"]):
        raise ValueError(f"{text!r} is not tag, [attr], [attr=token] or tag[attr=token]")
    return Pattern(found["tag"], found["attr"], found["token"])


@cache
def _patterns(texts: tuple[str, ...]) -> tuple[Pattern, ...]:
    return tuple(parse(t) for t in texts)


class PageIndex:
    """One page's answers, each pattern worked out once however many rules name it."""

    def __init__(self, doc: Document) -> None:
        self._doc = doc
        self._tags: frozenset[str] | None = None
        self._held: dict[Pattern, bool] = {}

    def applies(self, patterns: tuple[str, ...]) -> bool:
        """Whether any pattern matches an element of the page (no patterns: the whole page)."""
        if not patterns:
            return True
        for pattern in _patterns(patterns):
            held = self._held.get(pattern)
            if held is None:
                held = self._held[pattern] = self._matches(pattern)
            if held:
                return True
        return False

    def _matches(self, pattern: Pattern) -> bool:
        if pattern.tag is not None:
            if self._tags is None:  # local names: svg is svg in SVG's namespace too
                tags = {el.tag for el in self._doc.elements_in_order}
                self._tags = frozenset(_local(t) for t in tags if isinstance(t, str))
            if pattern.tag not in self._tags:
                return False
            if pattern.attr is None:
                return True
        a11y = self._doc.a11y
        if pattern.attr == "aria-*":
            carriers: Iterable[Any] = a11y.with_aria
        elif pattern.attr not in a11y.attribute_names:
            return False
        elif pattern.tag is None and pattern.token is None:
            return True
        else:
            carriers = a11y.with_attribute(pattern.attr or "")
        for element in carriers:
            if pattern.tag is not None and _local(element.tag) != pattern.tag:
                continue
            if pattern.token is None:
                return True
            if pattern.token in (element.get(pattern.attr) or "").lower().split():
                return True
        return False


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]
