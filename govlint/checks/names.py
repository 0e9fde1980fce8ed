"""Names: every control, frame, heading and document has an accessible name (accname 1.2,
computed by the semantics layer)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from .. import text
from ..a11y.roles import implicit_role, input_type
from ..document import Document
from . import CheckContext, CheckSpec, Finding

# Elements with a naming method of their own: ARIA-role rules leave them to the HTML rules.
_NATIVE = frozenset({"a", "area", "button", "img", "input", "select", "textarea", "iframe", "frame",
                     "object", "meter", "progress", "summary", "fieldset", "table", "figure"})
_BUTTON_INPUTS = frozenset({"button", "submit", "reset"})
_NOT_LABELLED = frozenset({"hidden", "image", "button", "submit", "reset"})


def _unnamed(doc: Document, el: Any) -> bool:
    a = doc.a11y
    return not a.hidden(el) and not a.has_name(el)


def check_link_name(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    a = doc.a11y
    hidden = a.hidden_set
    for link in a.elements("a"):
        if link.get("href") is None or link in hidden:
            continue
        # An a[href] without a role attribute is a link (HTML-AAM): most of a page's links
        # need no role computed.
        if (link.get("role") is None or a.role(link) == "link") and not a.has_name(link):
            yield Finding("missing", link)


LINK_NAME_SPEC = CheckSpec(check_link_name, frozenset({"missing"}))


def check_button_name(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    a = doc.a11y
    for button in a.elements("button"):
        if a.role(button) == "button" and _unnamed(doc, button):
            yield Finding("missing", button)


BUTTON_NAME_SPEC = CheckSpec(check_button_name, frozenset({"missing"}))


def check_input_button_name(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    a = doc.a11y
    for el in a.elements("input"):
        if input_type(el) in _BUTTON_INPUTS and a.role(el) == "button" and _unnamed(doc, el):
            yield Finding("missing", el, {"type": input_type(el)})


INPUT_BUTTON_NAME_SPEC = CheckSpec(check_input_button_name, frozenset({"missing"}))


def _fields(doc: Document) -> Iterator[Any]:
    """input (not hidden/image/button types) and textarea elements in the accessibility tree
    whose role is still a form field (role none on a focusable field is ignored)."""
    a = doc.a11y
    for el in a.elements("input", "textarea"):
        if el.tag == "input" and input_type(el) in _NOT_LABELLED:
            continue
        if not a.hidden(el) and a.role(el) not in ("none", "presentation"):
            yield el


def check_label(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    for el in _fields(doc):
        if not doc.a11y.name(el):
            yield Finding("missing", el)


LABEL_SPEC = CheckSpec(check_label, frozenset({"missing"}))


def check_select_name(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    a = doc.a11y
    for el in a.elements("select"):
        if a.role(el) not in ("none", "presentation") and _unnamed(doc, el):
            yield Finding("missing", el)


SELECT_NAME_SPEC = CheckSpec(check_select_name, frozenset({"missing"}))


def check_multiple_labels(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    a = doc.a11y
    for el, labels in a.labels_by_target.items():
        shown = [lab for lab in labels if not a.hidden(lab)]
        if len(shown) > 1 and not a.hidden(el):
            yield Finding("multiple", el, {"count": len(shown)})


MULTIPLE_LABELS_SPEC = CheckSpec(check_multiple_labels, frozenset({"multiple"}))


def check_label_title_only(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """A field labelled by nothing but title or aria-describedby (a tooltip or a description
    is not a visible label)."""
    a = doc.a11y
    fields = [*_fields(doc), *(el for el in a.elements("select") if not a.hidden(el))]
    for el in sorted(fields, key=doc.offset):
        labelled = (text.squash(el.get("aria-label") or "") or a.refs(el, "aria-labelledby")
                    or any(text.squash(doc.a11y.visible_text(lab)) for lab in a.labels(el)))
        if labelled:
            continue
        if text.squash(el.get("title") or "") or a.refs(el, "aria-describedby"):
            yield Finding("title-only", el)


LABEL_TITLE_ONLY_SPEC = CheckSpec(check_label_title_only, frozenset({"title-only"}))


def check_role_name(doc: Document, ctx: CheckContext, *, roles: list[str]) -> Iterator[Finding]:
    """Elements given one of ``roles`` with the role attribute need an accessible name (ACT
    m6b1q3 for menu items, 97a4e1 for buttons...). A native element is left to its own rule
    while it keeps its own role; given another one (<button role="menuitem">, <summary
    role="button">), only this rule asks for the name of what it now is."""
    a = doc.a11y
    for el in a.with_role(*roles):
        if isinstance(el.tag, str) and el.tag in _NATIVE and _native_rule_covers(doc, el):
            continue
        if a.role(el) in roles and _unnamed(doc, el):
            yield Finding("missing", el, {"role": a.role(el)})


def _native_rule_covers(doc: Document, el: Any) -> bool:
    """Whether a rule for the HTML element itself (link-name, button-name, label...) checks
    this element's name: form fields are always checked by label and select-name; any other
    native element only while its role is its implicit one."""
    tag = el.tag
    if tag in ("select", "textarea") or (tag == "input" and input_type(el) not in _NOT_LABELLED):
        return True
    a = doc.a11y
    return a.role(el) == implicit_role(el, named=a.has_name(el))


ROLE_NAME_SPEC = CheckSpec(check_role_name, frozenset({"missing"}))


def check_summary_name(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    a = doc.a11y
    for summary in a.elements("summary"):
        parent = summary.getparent()
        first = parent is not None and parent.tag == "details" and next(
            (c for c in parent if c.tag == "summary"), None) is summary
        # A role the summary keeps (role="none" is ignored on it: it is focusable) hands the
        # name to that role's rule.
        if first and a.role(summary) is None and _unnamed(doc, summary):
            yield Finding("missing", summary)


SUMMARY_NAME_SPEC = CheckSpec(check_summary_name, frozenset({"missing"}))


def _frames(doc: Document) -> Iterator[Any]:
    a = doc.a11y
    for frame in a.elements("iframe", "frame"):
        if a.hidden(frame) or a.role(frame) in ("none", "presentation"):
            continue
        if (a.tabindex(frame) or 0) < 0:
            continue  # out of the focus order: never reached by a frame name
        yield frame


def check_frame_title(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    for frame in _frames(doc):
        if not doc.a11y.name(frame):
            yield Finding("missing", frame)


FRAME_TITLE_SPEC = CheckSpec(check_frame_title, frozenset({"missing"}))


def check_frame_title_unique(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """Frames that share a name but show different documents (ACT 4b1c6c)."""
    groups: dict[str, list[Any]] = defaultdict(list)
    for frame in _frames(doc):
        name = text.normalize(doc.a11y.name(frame))
        if name:
            groups[name].append(frame)
    for frames in groups.values():
        sources = {(f.get("src") or "").strip() for f in frames}
        if len(frames) > 1 and len(sources) > 1:
            for frame in frames[1:]:
                yield Finding("duplicate", frame, {"title": doc.a11y.name(frame)})


FRAME_TITLE_UNIQUE_SPEC = CheckSpec(check_frame_title_unique, frozenset({"duplicate"}))


def headings(doc: Document) -> list[Any]:
    """Elements in the accessibility tree whose role is heading, in document order."""
    a = doc.a11y
    found = [el for el in a.elements("h1", "h2", "h3", "h4", "h5", "h6") if a.role(el) == "heading"]
    found += [el for el in a.with_role("heading") if el not in found]
    return sorted((el for el in found if not a.hidden(el)), key=doc.offset)


def check_empty_heading(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    for heading in headings(doc):
        if not doc.a11y.name(heading):
            yield Finding("empty", heading)


EMPTY_HEADING_SPEC = CheckSpec(check_empty_heading, frozenset({"empty"}))


def check_document_title(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    head = doc.root.find("head")
    titles = list(head.iter("title")) if head is not None else []
    titles = titles or [t for t in doc.root.iter("title")]
    if not titles:
        yield Finding("missing", doc.root)
    elif not text.squash(text.text_of(titles[0])):
        yield Finding("empty", doc.root)  # a page-level finding, like "missing"


DOCUMENT_TITLE_SPEC = CheckSpec(check_document_title, frozenset({"missing", "empty"}))
