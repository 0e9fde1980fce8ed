"""List structure: list, listitem, definition-list, dlitem.

A list's structure is what assistive technology announces ("list, 3 items"); it only holds
when the list contains items and the items sit in a list. Children hidden from assistive
technology and elements a browser never renders (script, template) are not part of it.
Elements that carry a role attribute have left HTML's list semantics and are judged by the
ARIA rules instead.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..document import Document
from . import CheckContext, CheckSpec, Finding
from .a11y_facts import Visibility, element_children, explicit_role, is_html, local_name

_PRESENTATIONAL_OR_LIST = frozenset({"presentation", "none", "list"})
# Implicit roles that matter here (HTML-AAM); everything else is some other role.
_IMPLICIT = {"ul": "list", "ol": "list", "menu": "list", "li": "listitem", "dt": "term",
             "dd": "definition"}


_LI, _LISTITEM = frozenset({"li"}), frozenset({"listitem"})


def role_of(element: Any) -> str | None:
    """Explicit role when valid, else the implicit role of list elements (None otherwise)."""
    role = explicit_role(element)
    if role is not None:
        return role
    return _IMPLICIT.get(local_name(element)) if is_html(element) else None


def _applies(element: Any, visibility: Visibility) -> bool:
    """No role attribute (an empty one counts as none) and exposed to assistive technology."""
    return not (element.get("role") or "").strip() and not visibility.hidden_from_at(element)


def _child_text(element: Any) -> bool:
    """Whether the element holds text of its own directly (not inside a child element)."""
    if (element.text or "").strip():
        return True
    return any((child.tail or "").strip() for child in element)


def _misfit(child: Any, names: frozenset[str], roles: frozenset[str]) -> bool:
    role = explicit_role(child)
    if role is not None:
        return role not in roles
    return local_name(child) not in names and role_of(child) not in roles


def check_list(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    visibility = Visibility(doc)
    for element in doc.root.iter("ul", "ol"):
        if not _applies(element, visibility):
            continue
        if _child_text(element):
            yield Finding("text", element)
            continue
        bad = _first_misfit(element, visibility)
        if bad is not None:
            yield Finding("child", element, {"child": _describe(bad)})


def _first_misfit(element: Any, visibility: Visibility) -> Any:
    """The first child of a ul or ol that is not a list item and is exposed, or None."""
    for child in element:
        if child.tag == "li" and child.get("role") is None:
            continue  # an HTML list item, what a list holds: most children need no more
        if isinstance(child.tag, str) and not visibility.hidden_from_at(child) and _misfit(
                child, _LI, _LISTITEM):
            return child
    return None


_LISTS = frozenset({"ul", "ol", "menu"})


def check_listitem(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    visibility = Visibility(doc)
    for item in doc.root.iter("li"):
        parent = item.getparent()
        if parent is not None and parent.tag in _LISTS and parent.get("role") is None:
            continue  # in an HTML list (role list): where an item belongs
        if not _applies(item, visibility):
            continue
        if parent is not None and role_of(parent) not in _PRESENTATIONAL_OR_LIST:
            yield Finding("outside", item, {"parent": _describe(parent)})


def _dl_misfit(dl: Any, visibility: Visibility) -> str | None:
    """What does not belong in this <dl> ("text" or the element, described); None when all
    does. A role-less <div> is a group: its children are judged in its place."""
    names, roles = frozenset({"dt", "dd"}), frozenset({"term", "definition", "listitem"})
    if _child_text(dl):
        return "text"
    for child in element_children(dl):
        members: list[Any] = [child]
        if local_name(child) == "div" and explicit_role(child) is None:
            if _child_text(child):
                return "text"
            members = list(element_children(child))
        for node in members:
            if not visibility.hidden_from_at(node) and _misfit(node, names, roles):
                return _describe(node)
    return None


def _dl_unpaired(dl: Any) -> bool:
    """Terms or definitions directly in the list, but never a definition after a term."""
    seen_term = seen_any = False
    for child in element_children(dl):
        name = local_name(child)
        if name == "dt":
            seen_term = seen_any = True
        elif name == "dd":
            if seen_term:
                return False
            seen_any = True
    return seen_any


def check_definition_list(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    visibility = Visibility(doc)
    for dl in doc.root.iter("dl"):
        if not _applies(dl, visibility):
            continue
        misfit = _dl_misfit(dl, visibility)
        if misfit == "text":
            yield Finding("text", dl)
        elif misfit is not None:
            yield Finding("child", dl, {"child": misfit})
        elif _dl_unpaired(dl):
            yield Finding("unpaired", dl)


def check_dlitem(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    visibility = Visibility(doc)
    for item in doc.root.iter("dt", "dd"):
        if not _applies(item, visibility):
            continue
        parent = item.getparent()
        if parent is not None and local_name(parent) == "div" and explicit_role(parent) in (
                None, "presentation", "none"):
            parent = parent.getparent()
        if parent is None or local_name(parent) != "dl" or explicit_role(parent) not in (
                None, *_PRESENTATIONAL_OR_LIST):
            yield Finding("outside", item, {"item": local_name(item)})


def _describe(element: Any) -> str:
    role = explicit_role(element)
    name = local_name(element)
    return f'<{name} role="{role}">' if role else f"<{name}>"


LIST_SPEC = CheckSpec(check_list, frozenset({"text", "child"}))
LISTITEM_SPEC = CheckSpec(check_listitem, frozenset({"outside"}))
DEFINITION_LIST_SPEC = CheckSpec(check_definition_list, frozenset({"text", "child", "unpaired"}))
DLITEM_SPEC = CheckSpec(check_dlitem, frozenset({"outside"}))
