"""duplicate-attr: an attribute written twice in one start tag.

The parser keeps the first value and drops the second, so the tree hides the mistake; only the
source shows it. Each parser reports the start tags it saw this in (ParsedHTML.duplicate_attributes).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Document
from . import CheckContext, CheckSpec, Finding


def check(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    found = doc.parsed.duplicate_attributes
    if not found:
        return
    at = {pos: el for el, pos in doc.parsed.positions.items()}
    for offset, name in found:
        element = at.get(offset)
        value = element.get(name) if element is not None else None
        yield Finding("duplicate", element, {"name": name, "value": value or ""}, offset=offset)


SPEC = CheckSpec(check, frozenset({"duplicate"}))
