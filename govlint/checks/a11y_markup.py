"""Keyboard, forms and markup: tabindex, accesskeys, autocomplete-valid, duplicate-id,
duplicate-id-active, duplicate-id-aria."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..document import Document
from . import CheckContext, CheckSpec, Finding
from .a11y_facts import Visibility, element_children, is_html, local_name

# Attributes that point at other elements by id (WAI-ARIA ID reference and ID reference list).
ID_REFERENCES = ("aria-activedescendant", "aria-controls", "aria-describedby", "aria-details",
                 "aria-errormessage", "aria-flowto", "aria-labelledby", "aria-owns")
_DISABLEABLE = frozenset({"button", "input", "select", "textarea", "optgroup", "option", "fieldset"})

# HTML autofill (the autocomplete attribute's grammar): optional section-*, optional
# shipping/billing, then a field name; a contact kind (home, work, ...) only before the fields
# that take one; optionally "webauthn" last.
_FIELD_NAMES = """
name honorific-prefix given-name additional-name family-name honorific-suffix nickname username
new-password current-password one-time-code organization-title organization street-address
address-line1 address-line2 address-line3 address-level4 address-level3 address-level2
address-level1 country country-name postal-code cc-name cc-given-name cc-additional-name
cc-family-name cc-number cc-exp cc-exp-month cc-exp-year cc-csc cc-type transaction-currency
transaction-amount language bday bday-day bday-month bday-year sex url photo
"""
_CONTACT_NAMES = """
tel tel-country-code tel-national tel-area-code tel-local tel-local-prefix tel-local-suffix
tel-extension email impp
"""
AUTOFILL_FIELDS = frozenset(_FIELD_NAMES.split())
CONTACT_FIELDS = frozenset(_CONTACT_NAMES.split())
CONTACT_KINDS = frozenset({"home", "work", "mobile", "fax", "pager"})
ADDRESS_KINDS = frozenset({"shipping", "billing"})
# Values that claim no purpose: "on"/"off", and words commonly written to switch autofill off,
# which browsers treat the same way.
NO_PURPOSE = frozenset({"", "on", "off", "none", "false", "true", "disabled", "enabled",
                        "undefined", "null", "xoff", "xon"})
# Field names proposed for HTML but not in it yet: not judged either way.
PROPOSED_FIELDS = frozenset({"text", "pronouns", "gender", "message", "content"})
_NOT_AUTOFILLED = frozenset({"submit", "reset", "button", "hidden"})


def parse_integer(value: str | None) -> int | None:
    """The HTML standard's rules for parsing integers: leading white space, a sign, digits;
    whatever follows is ignored. None when there are no digits."""
    if value is None:
        return None
    text = value.strip()
    sign = -1 if text.startswith("-") else 1
    text = text[1:] if text[:1] in "+-" else text
    digits = text[: len(text) - len(text.lstrip("0123456789"))]
    return sign * int(digits) if digits else None


def check_tabindex(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    visibility = Visibility(doc)
    for element in doc.a11y.with_attribute("tabindex"):
        value = parse_integer(element.get("tabindex"))
        if value is not None and value > 0 and not visibility.hidden_from_at(element):
            yield Finding("positive", element, {"value": element.get("tabindex")})


def check_accesskeys(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    visibility = Visibility(doc)
    groups: dict[str, list[Any]] = {}
    for element in doc.a11y.with_attribute("accesskey"):
        key = element.get("accesskey")
        if key and key.strip() and visibility.on_screen(element):  # a blank key is no shortcut
            groups.setdefault(key.upper(), []).append(element)
    for elements in groups.values():
        if len(elements) > 1:
            line, _ = doc.linecol(elements[1])
            yield Finding("duplicate", elements[0], {"key": elements[0].get("accesskey"),
                                                     "others": len(elements) - 1, "line": line})


def autofill_valid(value: str) -> bool | None:
    """Whether an autocomplete value follows the autofill grammar; None for a proposed field
    name HTML does not have yet."""
    value = value.strip().lower()
    if value in NO_PURPOSE:
        return True
    tokens = value.split()
    if tokens[-1] == "webauthn":
        tokens.pop()
        if not tokens:
            return False
    if tokens[0].startswith("section-") and len(tokens[0]) > len("section-"):
        tokens.pop(0)
    if tokens and tokens[0] in ADDRESS_KINDS:
        tokens.pop(0)
    fields = AUTOFILL_FIELDS | CONTACT_FIELDS
    if tokens and tokens[0] in CONTACT_KINDS:
        tokens.pop(0)
        fields = CONTACT_FIELDS
    if len(tokens) != 1:
        return False
    if tokens[0] in PROPOSED_FIELDS:
        return None
    return tokens[0] in fields


def _autofilled(control: Any, visibility: Visibility) -> bool:
    """A form control a user fills in and autofill could fill: not read-only, not disabled,
    not a button or hidden input, exposed to assistive technology."""
    name = local_name(control)
    if name not in ("input", "select", "textarea") or not is_html(control):
        return False
    if control.get("readonly") is not None or control.get("disabled") is not None:
        return False
    if (control.get("aria-readonly") or "").lower() == "true" or (
            control.get("aria-disabled") or "").lower() == "true":
        return False
    if name == "input" and (control.get("type") or "").strip().lower() in _NOT_AUTOFILLED:
        return False
    return not visibility.hidden_from_at(control)


def check_autocomplete(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    visibility = Visibility(doc)
    for control in doc.root.iter("input", "select", "textarea"):
        value = control.get("autocomplete")
        if value is None or not value.strip() or not _autofilled(control, visibility):
            continue
        if autofill_valid(value) is False:
            yield Finding("invalid", control, {"value": value})


# --- duplicate ids --------------------------------------------------------------------------


def _referenced_ids(doc: Document) -> frozenset[str]:
    """Ids that a label's for or an ARIA reference attribute points at."""
    a = doc.a11y
    out = {label.get("for") for label in a.with_attribute("for") if local_name(label) == "label"}
    for name in ID_REFERENCES:
        for element in a.with_attribute(name):
            out.update(element.get(name).split())
    return frozenset(out)


def _disabled(element: Any) -> bool:
    if local_name(element) in _DISABLEABLE and element.get("disabled") is not None:
        return True
    # Only legend and fieldset ancestors decide, in any namespace (as local_name reads them):
    # lxml skips the others in C.
    for ancestor in element.iterancestors("{*}legend", "{*}fieldset"):
        if local_name(ancestor) == "legend":
            return False  # a fieldset's legend stays usable when the fieldset is disabled
        if local_name(ancestor) == "fieldset" and ancestor.get("disabled") is not None:
            return True
    return False


def _natively_focusable(element: Any) -> bool:
    name = local_name(element)
    if name in ("a", "area"):
        return element.get("href") is not None
    if name == "input":
        return (element.get("type") or "").strip().lower() != "hidden"
    if name == "details":
        return not any(local_name(c) == "summary" for c in element_children(element))
    return name in ("textarea", "select", "summary", "button")


def focusable(element: Any, visibility: Visibility) -> bool:
    """Focusable by keyboard or script: natively, or by a tabindex; not disabled, rendered."""
    if _disabled(element) or (local_name(element) != "area" and not visibility.on_screen(element)):
        return False
    return _natively_focusable(element) or parse_integer(element.get("tabindex")) is not None


def _duplicate_groups(doc: Document) -> Iterator[list[Any]]:
    groups: dict[str, list[Any]] = {}
    for element in doc.a11y.with_attribute("id"):
        if element.get("id").strip():
            groups.setdefault(element.get("id"), []).append(element)
    return (elements for elements in groups.values() if len(elements) > 1)


def _duplicates(doc: Document, kind: str) -> Iterator[Finding]:
    """Duplicate ids of one kind: "aria" (something points at the id), else "active" (one of
    the elements is focusable), else "other". The first element with the id is reported."""
    for elements in doc.shared(_duplicates, lambda: _classified(doc)).get(kind, ()):
        line, _ = doc.linecol(elements[1])
        yield Finding("duplicate", elements[0], {"id": elements[0].get("id"),
                                                 "others": len(elements) - 1, "line": line})


def _classified(doc: Document) -> dict[str, list[list[Any]]]:
    """The page's duplicate-id groups by kind, worked out once for the three rules."""
    groups = list(_duplicate_groups(doc))
    if not groups:  # most pages: nothing to classify, so no walk for references
        return {}
    referenced = _referenced_ids(doc)
    visibility = Visibility(doc)
    kinds: dict[str, list[list[Any]]] = {}
    for elements in groups:
        if elements[0].get("id") in referenced:
            found = "aria"
        elif any(focusable(e, visibility) for e in elements):
            found = "active"
        else:
            found = "other"
        kinds.setdefault(found, []).append(elements)
    return kinds


def check_duplicate_id(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    return _duplicates(doc, "other")


def check_duplicate_id_active(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    return _duplicates(doc, "active")


def check_duplicate_id_aria(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    return _duplicates(doc, "aria")


TABINDEX_SPEC = CheckSpec(check_tabindex, frozenset({"positive"}))
ACCESSKEYS_SPEC = CheckSpec(check_accesskeys, frozenset({"duplicate"}))
AUTOCOMPLETE_SPEC = CheckSpec(check_autocomplete, frozenset({"invalid"}))
DUPLICATE_ID_SPEC = CheckSpec(check_duplicate_id, frozenset({"duplicate"}))
DUPLICATE_ID_ACTIVE_SPEC = CheckSpec(check_duplicate_id_active, frozenset({"duplicate"}))
DUPLICATE_ID_ARIA_SPEC = CheckSpec(check_duplicate_id_aria, frozenset({"duplicate"}))
