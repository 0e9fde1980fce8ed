"""ARIA: roles, states and properties used as WAI-ARIA 1.2 and ARIA in HTML define them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from ..a11y.data import Attribute
from ..a11y.roles import allowed_roles_key, implicit_role, input_type
from ..document import Document
from . import CheckContext, CheckSpec, Finding

_INTEGER = re.compile(r"^\s*-?\d+\s*$")
_NUMBER = re.compile(r"^\s*-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$")
_TRANSPARENT = frozenset({"generic", "none", "presentation", None})
_PRESENTATIONAL = frozenset({"none", "presentation"})
# ARIA 1.2 requires these, but gives each an implicit value for the role (heading level 2, a
# combobox collapsed), which ACT 4e8ab6 accepts in place of the attribute.
_DEFAULTED = frozenset({("heading", "aria-level"), ("combobox", "aria-expanded")})


def _explicit_roles(a: Any) -> Iterator[tuple[Any, str]]:
    """(element, role) for elements in the accessibility tree whose role attribute gives
    the role they expose (not overridden by the presentational conflict resolution)."""
    for el in a.with_attribute("role"):
        role = a.explicit_role(el)
        if role is not None and not a.hidden(el) and a.role(el) == role:
            yield el, role


def _role_tokens(el: Any) -> list[str]:
    return (el.get("role") or "").lower().split()


def check_aria_roles(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    a = doc.a11y
    roles = a.data.roles
    for el in a.with_attribute("role"):
        tokens = _role_tokens(el)
        if not tokens or a.hidden(el):
            continue
        abstract = [t for t in tokens if t in roles and roles[t].abstract]
        if abstract:
            yield Finding("abstract", el, {"role": abstract[0]})
        elif not any(t in roles for t in tokens):
            yield Finding("invalid", el, {"role": el.get("role", "").strip()})


ARIA_ROLES_SPEC = CheckSpec(check_aria_roles, frozenset({"invalid", "abstract"}))


def check_aria_deprecated_role(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    a = doc.a11y
    for el in a.with_attribute("role"):
        role = a.explicit_role(el)
        if role is not None and a.data.roles[role].deprecated and not a.hidden(el):
            yield Finding("deprecated", el, {"role": role})


ARIA_DEPRECATED_ROLE_SPEC = CheckSpec(check_aria_deprecated_role, frozenset({"deprecated"}))


def check_aria_allowed_role(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """ARIA in HTML: the role attribute names a role the element may take (its own implicit
    role is always allowed, if redundant)."""
    a = doc.a11y
    table = a.data.html_allowed_roles
    for el in a.with_attribute("role"):
        role = a.explicit_role(el)
        if role is None or a.hidden(el) or not isinstance(el.tag, str):
            continue
        key = allowed_roles_key(el)
        allowed = table.get(key, table.get("input") if el.tag == "input" else "any")
        if allowed == "any" or role in allowed:  # type: ignore[operator]
            continue
        if role in _implicit_roles(a, el):
            continue
        yield Finding("not-allowed", el, {"role": role, "element": _describe(el)})


def _implicit_roles(a: Any, el: Any) -> set[str | None]:
    """The implicit roles the element has, or would have with a name. An aside's also depends
    on where it is (HTML-AAM: generic inside sectioning content unless named), so
    role="complementary" repeats it only where it is complementary already."""
    if el.tag == "aside":
        return {implicit_role(el, named=bool(a.name(el)))}
    return {implicit_role(el, named=True), implicit_role(el, named=False)}


ARIA_ALLOWED_ROLE_SPEC = CheckSpec(check_aria_allowed_role, frozenset({"not-allowed"}))


def _describe(el: Any) -> str:
    if el.tag == "input":
        return f'<input type="{input_type(el) or "text"}">'
    return f"<{el.tag.rsplit('}', 1)[-1]}>"


def _aria_attrs(el: Any) -> list[tuple[str, str]]:
    return [(k, v) for k, v in el.attrib.items() if isinstance(k, str) and k.startswith("aria-")]


def check_aria_valid_attr(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    a = doc.a11y
    known = a.data.attributes
    for el in a.with_aria:
        bad = [k for k, _ in _aria_attrs(el) if k not in known]
        if bad:
            yield Finding("invalid", el, {"attributes": ", ".join(bad)})


ARIA_VALID_ATTR_SPEC = CheckSpec(check_aria_valid_attr, frozenset({"invalid"}))


def check_aria_valid_attr_value(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    a = doc.a11y
    known = a.data.attributes
    for el in a.with_aria:
        if a.hidden(el):
            continue
        for name, value in _aria_attrs(el):
            spec = known.get(name)
            if spec is not None and not _valid_value(doc, el, spec, value):
                yield Finding("invalid", el, {"attribute": name, "value": value})


def _valid_value(doc: Document, el: Any, spec: Attribute, value: str) -> bool:
    stripped = value.strip().lower()
    if not stripped:
        return True  # empty is the attribute's default value
    kind = spec.type
    if kind in ("boolean", "boolean-undefined", "tristate", "token"):
        return stripped in spec.values or spec.name == "aria-current"  # any other value means "true"
    if kind == "tokens":
        return all(t in spec.values for t in stripped.split())
    if kind == "integer":
        return bool(_INTEGER.match(value)) and (spec.min_value is None or int(value) >= spec.min_value)
    if kind == "number":
        return bool(_NUMBER.match(value))
    if kind in ("idref", "idrefs"):
        if spec.name in ("aria-labelledby", "aria-describedby", "aria-errormessage", "aria-details"):
            return True  # a missing target is ignored by the name computation; not a value error
        if spec.name in ("aria-controls", "aria-owns") and el.get("aria-expanded") == "false":
            return True  # the controlled element may be added when it opens
        ids = value.split()
        return any(i in doc.a11y.ids for i in ids) if kind == "idrefs" else value.strip() in doc.a11y.ids
    return True


ARIA_VALID_ATTR_VALUE_SPEC = CheckSpec(check_aria_valid_attr_value, frozenset({"invalid"}))


def check_aria_allowed_attr(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """States and properties that the element's role neither supports nor inherits."""
    a = doc.a11y
    known = a.data.attributes
    for el in a.with_aria:
        role = a.role(el)
        if role is None or role in _PRESENTATIONAL or (a.hidden(el) and el.get("aria-hidden") is None):
            continue
        info = a.data.roles[role]
        bad = [k for k, _ in _aria_attrs(el) if k in known and not known[k].is_global
               and k not in info.supported]
        if bad:
            yield Finding("not-allowed", el, {"attributes": ", ".join(bad), "role": role})


ARIA_ALLOWED_ATTR_SPEC = CheckSpec(check_aria_allowed_attr, frozenset({"not-allowed"}))


def check_aria_prohibited_attr(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """aria-label / aria-labelledby on roles that cannot be named (generic, paragraph...)."""
    a = doc.a11y
    for el in a.with_aria:
        role = a.role(el)
        if role is None or a.hidden(el):
            continue
        prohibited = a.data.roles[role].prohibited
        used = [k for k, v in _aria_attrs(el) if k in prohibited and v.strip()]
        if not used:
            continue
        args = {"attributes": ", ".join(used), "role": role}
        yield Finding("has-text" if a.has_text(el) else "prohibited", el, args)


ARIA_PROHIBITED_ATTR_SPEC = CheckSpec(check_aria_prohibited_attr, frozenset({"prohibited", "has-text"}))


def check_aria_required_attr(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """ACT 4e8ab6: an explicit role's required states and properties are set. A role that
    repeats the element's implicit one (<select role="combobox">) takes them from the element,
    as HTML-AAM maps its native state."""
    a = doc.a11y
    for el, role in _explicit_roles(a):
        if implicit_role(el, named=a.has_name(el)) == role:
            continue
        missing = [attr for attr in sorted(a.data.roles[role].required)
                   if not (el.get(attr) or "").strip() and not _supplied(el, role, attr)]
        if missing:
            yield Finding("missing", el, {"role": role, "attributes": ", ".join(missing)})


def _supplied(el: Any, role: str, attr: str) -> bool:
    """Required attributes a native element or the role's own default already provides."""
    if (role, attr) in _DEFAULTED:
        return True
    if role == "combobox" and attr == "aria-controls":
        return el.get("aria-expanded") != "true"  # only a shown popup has to be referenced
    if attr == "aria-checked" and el.tag == "input" and input_type(el) in ("checkbox", "radio"):
        return True
    return attr == "aria-valuenow" and el.tag == "input" and input_type(el) in ("range", "number")


ARIA_REQUIRED_ATTR_SPEC = CheckSpec(check_aria_required_attr, frozenset({"missing"}))

_ROW_ONLY_IN_TREEGRID = ("aria-posinset", "aria-setsize", "aria-expanded", "aria-level")


def check_aria_conditional_attr(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """ARIA attributes allowed only under a condition: aria-checked on a native checkbox must
    agree with its checked state; row attributes of a tree belong only to rows of a treegrid."""
    a = doc.a11y
    for el in a.with_aria:
        if a.hidden(el):
            continue
        if el.tag == "input" and input_type(el) == "checkbox" and el.get("aria-checked") is not None:
            native = "true" if el.get("checked") is not None else "false"
            value = (el.get("aria-checked") or "").strip().lower()
            if value and value != native:
                yield Finding("checkbox", el, {"value": value, "native": native})
        if a.role(el) == "row":
            used = [k for k in _ROW_ONLY_IN_TREEGRID if el.get(k) is not None]
            if used and not _in_treegrid(a, el):
                yield Finding("row", el, {"attributes": ", ".join(used)})


def _in_treegrid(a: Any, el: Any) -> bool:
    for anc in el.iterancestors():
        role = a.role(anc)
        if role in ("treegrid",):
            return True
        if role in ("grid", "table"):
            return False
    return False


ARIA_CONDITIONAL_ATTR_SPEC = CheckSpec(check_aria_conditional_attr, frozenset({"checkbox", "row"}))


def _owners(a: Any) -> dict[Any, Any]:
    out: dict[Any, Any] = {}
    for el in a.with_attribute("aria-owns"):
        for owned in a.refs(el, "aria-owns"):
            out.setdefault(owned, el)
    return out


def _owned_children(a: Any, el: Any, owners: dict[Any, Any], seen: set[Any] | None = None) -> list[Any]:
    """Children in the accessibility tree: through generic and presentational wrappers,
    plus elements aria-owns moves here (through their wrappers too), less those it moves
    elsewhere. ``seen`` stops an aria-owns loop."""
    seen = {el} if seen is None else seen | {el}
    out: list[Any] = []
    for child in el:
        if not isinstance(child.tag, str) or a.hidden(child) or owners.get(child, el) is not el:
            continue
        _take(a, child, owners, out, seen)
    for owned, owner in owners.items():
        if owner is el and not a.hidden(owned) and not any(owned is o for o in out):
            _take(a, owned, owners, out, seen)
    return out


def _take(a: Any, child: Any, owners: dict[Any, Any], out: list[Any], seen: set[Any]) -> None:
    if child in seen:
        return
    if a.role(child) in _TRANSPARENT:
        out.extend(_owned_children(a, child, owners, seen))
    else:
        out.append(child)


def check_aria_required_children(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """WAI-ARIA 1.2 required owned elements (ACT bc4a75): what a container owns has one of
    the roles it lists. A listed "group" is "group -> option" and the like: a group the
    container owns must itself own only the container's other roles (a listbox's group holds
    options, a menu's group menu items). A subclass role does not stand in for a listed one
    (a treeitem is no listitem)."""
    a = doc.a11y
    owners = _owners(a)
    for el, role in _explicit_roles(a):
        info = a.data.roles[role]
        if not info.owned or el.get("aria-busy") == "true":
            continue
        allowed = set(info.owned)
        # An empty container is allowed (content may arrive later); what it owns must fit.
        wrong = _first_misfit(a, role, _owned_children(a, el, owners), allowed, owners)
        if wrong is not None:
            yield Finding("not-allowed", el, {"role": role, "child": a.role(wrong) or wrong.tag,
                                              "expected": ", ".join(info.owned)})


def _first_misfit(a: Any, role: str, children: list[Any], allowed: set[str],
                  owners: dict[Any, Any]) -> Any:
    members = allowed - {"group"}
    for child in children:
        child_role = a.role(child)
        if child_role == "group" and "group" in allowed and role != "row":
            inner = _first_misfit(a, role, _owned_children(a, child, owners), members, owners)
            if inner is not None:
                return inner
        elif child_role not in allowed:
            return child
    return None


ARIA_REQUIRED_CHILDREN_SPEC = CheckSpec(check_aria_required_children, frozenset({"not-allowed"}))


def check_aria_required_parent(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """WAI-ARIA 1.2 required context roles (ACT ff89c9): the closest ancestor in the
    accessibility tree (through generic and presentational wrappers, and aria-owns) has one of
    the roles the element's role lists. A listed "group" is "group -> menu" and the like: the
    group must itself sit in one of the other listed roles (a tree's nested groups sit in
    tree items, so for a treeitem the walk passes those too)."""
    a = doc.a11y
    owners = _owners(a)
    for el, role in _explicit_roles(a):
        context = a.data.roles[role].context
        if not context:
            continue
        parent = _accessible_parent(a, el, owners)
        parent_role = a.role(parent) if parent is not None else None
        if parent_role == "group" and "group" in context:
            parent_role = _group_context(a, parent, role, owners)
        elif parent_role == "rowgroup" and role == "row":
            continue  # rowgroup is a listed context of row; its own context is checked on it
        if parent_role not in context or parent_role == "group":
            yield Finding("missing", el, {"role": role, "expected": ", ".join(context)})


def _group_context(a: Any, group: Any, role: str, owners: dict[Any, Any]) -> str | None:
    """The role a group holding a ``role`` element sits in, past nested groups (and, in a
    tree, the tree items that hold them)."""
    node = group
    while node is not None:
        node = _accessible_parent(a, node, owners)
        found = a.role(node) if node is not None else None
        if found != "group" and not (role == "treeitem" and found == "treeitem"):
            return found
    return None


def _owner(el: Any, owners: dict[Any, Any]) -> Any:
    """The element that owns ``el`` through aria-owns, else its parent (an lxml element with no
    children is falsy, so ``or`` cannot choose between them)."""
    owner = owners.get(el)
    return owner if owner is not None else el.getparent()


def _accessible_parent(a: Any, el: Any, owners: dict[Any, Any]) -> Any:
    """The closest owner with a role of its own; None past the root, or where aria-owns
    loops back (an element owned by its own descendant: browsers drop such an owns)."""
    seen = {el}
    node = _owner(el, owners)
    while node is not None and isinstance(node.tag, str) and a.role(node) in _TRANSPARENT:
        if node in seen:
            return None
        seen.add(node)
        node = _owner(node, owners)
    return node if node is not None and isinstance(node.tag, str) and node not in seen else None


ARIA_REQUIRED_PARENT_SPEC = CheckSpec(check_aria_required_parent, frozenset({"missing"}))


def check_aria_hidden_body(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    body = doc.root.find("body")
    if body is not None and (body.get("aria-hidden") or "").strip().lower() == "true":
        yield Finding("hidden", body)


ARIA_HIDDEN_BODY_SPEC = CheckSpec(check_aria_hidden_body, frozenset({"hidden"}))


def check_aria_hidden_focus(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """aria-hidden="true" content that keyboard users can still tab into (ACT 6cfa84)."""
    a = doc.a11y
    for el in doc.a11y.with_attribute("aria-hidden"):
        if (el.get("aria-hidden") or "").strip().lower() != "true" or el.tag == "body":
            continue
        if a.unrendered(el):
            continue
        if el.getparent() is not None and a.aria_hidden(el.getparent()):
            continue  # the outermost aria-hidden element is reported
        tabbable = next((d for d in el.iter() if isinstance(d.tag, str) and a.tabbable(d)), None)
        if tabbable is not None:
            yield Finding("focusable", el, {"element": _describe(tabbable)})


ARIA_HIDDEN_FOCUS_SPEC = CheckSpec(check_aria_hidden_focus, frozenset({"focusable"}))


def check_presentation_role_conflict(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """role none/presentation (or alt="") that browsers must ignore, because the element is
    focusable or carries a global ARIA attribute."""
    a = doc.a11y
    candidates = [*a.with_attribute("role"), *(i for i in a.elements("img") if i.get("alt") == "")]
    for el in sorted(set(candidates), key=doc.offset):
        if a.hidden(el):
            continue
        explicit = a.explicit_role(el)
        if explicit in _PRESENTATIONAL:
            if implicit_role(el, named=False) in (None, "generic"):
                continue  # nothing to fall back to: the element stays generic either way
        elif not (explicit is None and el.tag == "img" and el.get("alt") == ""):
            continue
        if a.presentation_conflict(el):
            yield Finding("focusable" if a.focusable(el) else "global", el)


PRESENTATION_ROLE_CONFLICT_SPEC = CheckSpec(check_presentation_role_conflict,
                                            frozenset({"focusable", "global"}))


def check_nested_interactive(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """Controls whose children are presentational (button, checkbox, tab...) must not contain
    focusable content: it is hidden from assistive technology but still takes focus."""
    a = doc.a11y
    candidates = [*a.elements("button", "summary"), *a.with_attribute("role")]
    for el in sorted(set(candidates), key=doc.offset):
        role = a.role(el)
        info = a.data.roles.get(role or "")
        if info is None or not info.children_presentational or info.name == "img" or a.hidden(el):
            continue
        # Focusable at all, not only tabbable: script can still move focus there (ACT 307n5z).
        inner = next((d for d in el.iterdescendants() if isinstance(d.tag, str) and a.focusable(d)), None)
        if inner is not None:
            yield Finding("nested", el, {"role": role, "element": _describe(inner)})


NESTED_INTERACTIVE_SPEC = CheckSpec(check_nested_interactive, frozenset({"nested"}))
