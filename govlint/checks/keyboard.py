"""Keyboard: frame-focusable-content."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .. import parser
from ..a11y import Semantics
from ..document import Document
from . import CheckContext, CheckSpec, Finding


def check_frame_focusable_content(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """A frame taken out of the tab order (tabindex < 0) whose document has tabbable content
    (ACT akn7bn): keyboard users cannot reach it. The frame's document is read from srcdoc
    or a local file inside the site root; other frames are not decided."""
    a = doc.a11y
    for frame in a.elements("iframe", "frame"):
        index = a.tabindex(frame)
        if index is None or index >= 0 or a.unrendered(frame):
            continue
        inner = _frame_document(doc, frame)
        if inner is not None and any(inner.tabbable(el) for el in inner.root.iter()
                                     if isinstance(el.tag, str)):
            yield Finding("focusable", frame)


def _frame_document(doc: Document, frame: Any) -> Semantics | None:
    source = frame.get("srcdoc")
    if source is None:
        source = doc.local_files.text(frame.get("src") or "")
    if source is None:
        return None
    parsed = parser.parse(source)
    return Semantics(parsed.tree.getroot(), parsed.text)


FRAME_FOCUSABLE_CONTENT_SPEC = CheckSpec(check_frame_focusable_content, frozenset({"focusable"}))
