"""Rules decided by acting on the rendered page (rendered mode only): Tab through it, measure
its pointer targets, narrow it to 320 px, space its text out (render/probes.js). A static page
gives them nothing to judge, and a probe the page's time ran out for is a finding to review,
never a pass."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..document import Document
from ..render.document import Interactions, RenderedDocument
from . import CheckContext, CheckSpec, Finding

# Each check, and the probe it needs (config.py asks the browser only for what runs).
PROBES = {"target-size": "targets", "text-spacing": "spacing", "reflow": "reflow",
          "focus-visible": "focus", "focus-not-obscured": "focus", "no-keyboard-trap": "focus"}


def _interactions(doc: Document) -> Interactions | None:
    return doc.interactions if isinstance(doc, RenderedDocument) else None


def _unfinished(doc: Document, found: Interactions, probe: str) -> Iterator[Finding]:
    if probe in found.incomplete:
        yield Finding("incomplete", doc.body)


def _describe(doc: Document, element: Any) -> str:
    if element is None:
        return "another element"
    return doc.snippet(element, 80)


def target_size(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    found = _interactions(doc)
    if found is None:
        return
    yield from _unfinished(doc, found, "targets")
    for element, (width, height, near) in found.small_targets.items():
        yield Finding("small", element, {"width": f"{width:g}", "height": f"{height:g}",
                                         "near": _describe(doc, near)})


def text_spacing(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    found = _interactions(doc)
    if found is None:
        return
    yield from _unfinished(doc, found, "spacing")
    for element, (box_w, box_h, text_w, text_h) in found.clipped.items():
        yield Finding("clipped", element, {"box": f"{box_w}×{box_h}", "text": f"{text_w}×{text_h}"})


def reflow(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    found = _interactions(doc)
    if found is None:
        return
    yield from _unfinished(doc, found, "reflow")
    if found.reflow is not None:
        element, page, width = found.reflow
        yield Finding("scrolls", element, {"page": page, "width": width})


def _focus_review(doc: Document, found: Interactions) -> Iterator[Finding]:
    yield from _unfinished(doc, found, "focus")
    if found.unreached:
        yield Finding("unreached", doc.body, {"count": found.unreached, "total": found.tabbable,
                                              "presses": found.presses})


def focus_visible(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    found = _interactions(doc)
    if found is None:
        return
    yield from _focus_review(doc, found)
    for element, step in found.focus.items():
        if not step.visible:
            yield Finding("invisible", element, {"look": step.after})


def focus_not_obscured(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    found = _interactions(doc)
    if found is None:
        return
    yield from _focus_review(doc, found)
    for element, step in found.focus.items():
        if step.covered_by is not None:
            yield Finding("covered", element, {"cover": _describe(doc, step.covered_by)})


def no_keyboard_trap(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    found = _interactions(doc)
    if found is None:
        return
    yield from _focus_review(doc, found)  # a trap past the budget is not ruled out
    if found.trap is not None:
        element, count = found.trap
        yield Finding("trap", element if element is not None else doc.body, {"count": count})


TARGET_SIZE_SPEC = CheckSpec(target_size, frozenset({"small", "incomplete"}))
TEXT_SPACING_SPEC = CheckSpec(text_spacing, frozenset({"clipped", "incomplete"}))
REFLOW_SPEC = CheckSpec(reflow, frozenset({"scrolls", "incomplete"}))
FOCUS_VISIBLE_SPEC = CheckSpec(focus_visible, frozenset({"invisible", "unreached", "incomplete"}))
FOCUS_NOT_OBSCURED_SPEC = CheckSpec(focus_not_obscured, frozenset({"covered", "unreached", "incomplete"}))
NO_KEYBOARD_TRAP_SPEC = CheckSpec(no_keyboard_trap, frozenset({"trap", "unreached", "incomplete"}))
