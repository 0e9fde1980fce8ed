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

from .a11y.roles import local

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


def _tags(doc: Document) -> frozenset[str]:
    return frozenset(local(e) for e in doc.elements_in_order)


def _matches(doc: Document, pattern: Pattern) -> bool:
    if pattern.attr is None:
        return pattern.tag in doc.shared(_tags, lambda: _tags(doc))
    if pattern.tag is not None and pattern.tag not in doc.shared(_tags, lambda: _tags(doc)):
        return False
    a11y = doc.a11y
    carriers: Iterable[Any] = (a11y.with_aria if pattern.attr == "aria-*"
                               else a11y.with_attribute(pattern.attr))
    for element in carriers:
        if pattern.tag is not None and local(element) != pattern.tag:
            continue
        if pattern.token is None:
            return True
        value = element.get(pattern.attr) or ""
        if pattern.token in value.lower().split():
            return True
    return False


def applies(doc: Document, patterns: tuple[str, ...]) -> bool:
    """Whether any pattern matches an element of the page (no patterns: the whole page)."""
    return not patterns or any(_matches(doc, p) for p in _patterns(patterns))
