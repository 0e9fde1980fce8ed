"""Generic checks for declarative rules (an agency's own required or forbidden markup)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..document import Document
from . import CheckContext, CheckSpec, Finding


def _matching(doc: Document, selector: str, pattern: str | None) -> list[object]:
    found = doc.select(selector)
    if pattern is None:
        return found
    regex = re.compile(pattern, re.I)
    return [el for el in found if regex.search(doc.text(el))]


def require_element(doc: Document, ctx: CheckContext, *, selector: str,
                    text_pattern: str | None = None) -> Iterator[Finding]:
    if not _matching(doc, selector, text_pattern):
        yield Finding("missing", doc.body, {"selector": selector})


def forbid_element(doc: Document, ctx: CheckContext, *, selector: str,
                   text_pattern: str | None = None) -> Iterator[Finding]:
    for element in _matching(doc, selector, text_pattern):
        yield Finding("present", element, {"selector": selector})


REQUIRE_SPEC = CheckSpec(require_element, frozenset({"missing"}))
FORBID_SPEC = CheckSpec(forbid_element, frozenset({"present"}))
