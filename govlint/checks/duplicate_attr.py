"""duplicate-attr: an attribute written twice in one start tag.

The parser keeps the first value and drops the second, so the tree hides the mistake; only the
source shows it. Each parser reports the start tags it saw this in (ParsedHTML.duplicate_attributes).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..document import Document
from . import CheckContext, CheckSpec, Finding


def check(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    found = doc.parsed.duplicate_attributes
    if not found:
        return
    at = {pos: el for el, pos in doc.parsed.positions.items()}
    for offset, name in found:
        element = at.get(offset)
        yield Finding("duplicate", element, {"name": name, "value": _kept(element, name)}, offset=offset)


def _kept(element: Any, name: str) -> str:
    """The value the tree kept; '' for a name the tree holds coerced (lxml refuses to look up
    names XML cannot hold, such as one with a brace)."""
    if element is None:
        return ""
    try:
        return element.get(name) or ""
    except ValueError:
        return ""


SPEC = CheckSpec(check, frozenset({"duplicate"}))
