"""One page's accessibility semantics: indexes, hidden, focusable, role, and the name and
description (computed by ``accname``, which reads the page through this object).

Built once per Document (``Document.a11y``) and memoised per element, so every rule asks the
same questions of the same object and each answer is computed at most once. The only eager
work is the CSS cascade for display/visibility, which needs every hiding rule run once.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, KeysView
from functools import cached_property
from itertools import chain
from typing import Any

from lxml import etree

from .. import text
from . import accname, css
from .accname import LABELABLE
from .data import AriaData, load
from .roles import SVG, explicit_role, implicit_role, input_type, local

# Elements that are never rendered (HTML's UA style sheet gives them display: none).
_UNRENDERED = frozenset({"head", "script", "style", "template", "noscript", "title", "meta", "link",
                         "base", "datalist", "param", "source", "track", "area"})
_FORM_CONTROLS = frozenset({"button", "input", "select", "textarea", "optgroup", "option", "fieldset"})


class Semantics:
    def __init__(self, root: Any, source: str, read_local: Callable[[str], str | None] | None = None,
                 rendered_hidden: frozenset[Any] | None = None) -> None:
        self.root = root
        # In rendered mode, the elements the browser does not render (its computed display,
        # visibility and content-visibility): they replace what the static cascade works out.
        self._rendered_hidden = rendered_hidden
        self.data: AriaData = load()
        self._source = source
        self._read_local = read_local  # the text of a local style sheet the page links to
        self._role: dict[Any, str | None] = {}
        self._text: dict[Any, str] = {}
        self._queries: dict[tuple[str, ...], tuple[Any, ...]] = {}

    # --- page indexes -------------------------------------------------------------------

    @cached_property
    def ids(self) -> dict[str, list[Any]]:
        """Every element by id, in document order (a repeated id has several)."""
        out: dict[str, list[Any]] = defaultdict(list)
        for el in self.with_attribute("id"):
            ident = el.get("id")
            if ident:
                out[ident].append(el)
        return dict(out)

    def by_id(self, ident: str) -> Any:
        found = self.ids.get(ident)
        return found[0] if found else None

    def refs(self, element: Any, attr: str) -> list[Any]:
        """The elements an ID-reference list attribute names (missing ids skipped)."""
        return [el for el in (self.by_id(i) for i in (element.get(attr) or "").split()) if el is not None]

    @cached_property
    def labels_by_target(self) -> dict[Any, list[Any]]:
        """label elements by the control they label (label[for] and wrapping labels)."""
        out: dict[Any, list[Any]] = defaultdict(list)
        for label in self.root.iter("label"):
            target = None
            if label.get("for") is not None:
                target = self.by_id(label.get("for") or "")
                if target is not None and local(target) not in LABELABLE:
                    target = None
            else:
                target = next((el for el in label.iter(*LABELABLE) if el is not label and not (
                    local(el) == "input" and input_type(el) == "hidden")), None)
            if target is not None:
                out[target].append(label)
        return dict(out)

    def labels(self, element: Any) -> list[Any]:
        return self.labels_by_target.get(element, [])

    @cached_property
    def _styles(self) -> css.Computed:
        rules = css.page_rules(self.root, self._source, self._read_local)
        return css.cascade(self.root, rules, self.with_attribute)

    # --- hidden -------------------------------------------------------------------------

    @cached_property
    def _hidden_sets(self) -> tuple[frozenset[Any], frozenset[Any]]:
        """(unrendered, aria-hidden) elements. Each is the union of the subtrees below the few
        elements that start one, collected by lxml's own iteration: a walk over every element
        in Python cost more than all but one of the rules that ask."""
        unrendered = self._rendered_hidden if self._rendered_hidden is not None else self._unrendered_set()
        aria_hidden: set[Any] = set()
        for el in self.with_attribute("aria-hidden"):  # in document order: ancestors first
            if el not in aria_hidden and el.get("aria-hidden").strip().lower() == "true":
                aria_hidden.update(el.iter(etree.Element))
        return frozenset(unrendered), frozenset(aria_hidden)

    def _unrendered_set(self) -> set[Any]:
        """display: none (the UA style sheet's, the hidden attribute's, the cascade's, closed
        details content) and visibility: hidden | collapse, each with its subtree."""
        display = self._styles.display
        out: set[Any] = set()
        starts = chain(
            self.root.iter(*_UNRENDERED), self.with_attribute("hidden"),
            (el for el in self.elements("input") if input_type(el) == "hidden"),
            (el for el in self.elements("dialog") if el.get("open") is None),
            (el for el, value in display.items() if value == "none"),
            (child for details in self.elements("details") if details.get("open") is None
             for child in _closed_content(details)))
        for el in starts:
            if el not in out:
                out.update(el.iter(etree.Element))
        visibility = self._styles.visibility
        if visibility:
            # Visibility inherits, and a descendant may declare itself visible again: apply the
            # declarations in document order, each to its whole subtree.
            invisible: set[Any] = set()
            declared = list(visibility) if len(visibility) == 1 else [
                el for el in self.root.iter(etree.Element) if el in visibility]
            for el in declared:
                if visibility[el] in ("hidden", "collapse"):
                    invisible.update(el.iter(etree.Element))
                elif visibility[el] == "visible":
                    invisible.difference_update(el.iter(etree.Element))
            out |= invisible
        return out

    def unrendered(self, element: Any) -> bool:
        """Not rendered: hidden attribute, display:none, visibility:hidden|collapse, template
        content, closed <details> content, never-rendered elements, input type=hidden."""
        return element in self._hidden_sets[0]

    def aria_hidden(self, element: Any) -> bool:
        """aria-hidden="true" on the element or an ancestor."""
        return element in self._hidden_sets[1]

    def hidden(self, element: Any) -> bool:
        """Excluded from the accessibility tree."""
        return element in self.hidden_set

    @cached_property
    def hidden_set(self) -> frozenset[Any]:
        """Every element excluded from the accessibility tree (not rendered, or aria-hidden):
        one set, so that a rule asking of each of a page's elements makes one look-up."""
        unrendered, aria_hidden = self._hidden_sets
        return unrendered | aria_hidden

    # --- focus --------------------------------------------------------------------------

    def inert(self, element: Any) -> bool:
        return any(el.get("inert") is not None for el in (element, *element.iterancestors()))

    def disabled(self, element: Any) -> bool:
        """Disabled form control: the attribute, or inside a disabled fieldset (outside its
        first legend)."""
        tag = local(element)
        if tag not in _FORM_CONTROLS:
            return False
        if element.get("disabled") is not None:
            return True
        for fieldset in element.iterancestors("fieldset"):
            if fieldset.get("disabled") is not None:
                legend = next((c for c in fieldset if c.tag == "legend"), None)
                if legend is None or not any(a is legend for a in element.iterancestors("legend")):
                    return True
        return False

    def tabindex(self, element: Any) -> int | None:
        value = (element.get("tabindex") or "").strip()
        try:
            return int(value)
        except ValueError:
            return None

    def natively_focusable(self, element: Any) -> bool:
        tag = local(element)
        if tag in ("a", "area"):
            return element.get("href") is not None
        if tag in ("button", "select", "textarea", "iframe"):
            return True
        if tag == "input":
            return input_type(element) != "hidden"
        if tag == "summary":
            parent = element.getparent()
            return parent is not None and parent.tag == "details" and next(
                (c for c in parent if c.tag == "summary"), None) is element
        if tag in ("audio", "video"):
            return element.get("controls") is not None
        editable = element.get("contenteditable")
        return editable is not None and editable.strip().lower() in ("", "true", "plaintext-only")

    def focusable(self, element: Any) -> bool:
        """Can take focus (by script or keyboard): rendered, not disabled, not inert."""
        if not isinstance(element.tag, str) or self.unrendered(element) or self.disabled(element):
            return False
        if not (self.natively_focusable(element) or self.tabindex(element) is not None):
            return False
        return not self.inert(element)

    def tabbable(self, element: Any) -> bool:
        """In the sequential focus order (focusable, tabindex not negative)."""
        index = self.tabindex(element)
        return self.focusable(element) and (index is None or index >= 0)

    # --- role ---------------------------------------------------------------------------

    def role(self, element: Any) -> str | None:
        """The role exposed: explicit role (first valid token), else the implicit one; a
        presentational role is ignored when the element is focusable or carries a global
        ARIA attribute (WAI-ARIA 1.2, 9.3 presentational roles conflict resolution)."""
        if element in self._role:
            return self._role[element]
        role = explicit_role(element, self.data)
        if role in ("none", "presentation") and self.presentation_conflict(element):
            role = None
        if role is None:
            role = implicit_role(element, self._author_named(element))
            if role == "presentation" and self.presentation_conflict(element):
                role = "img"
        self._role[element] = role
        return role

    def presentation_conflict(self, element: Any) -> bool:
        if self.focusable(element):
            return True
        glob = self.data.global_attributes
        # aria-hidden hides the element anyway; an empty value states nothing.
        return any(name in glob and name != "aria-hidden" and value.strip()
                   for name, value in element.attrib.items() if name.startswith("aria-"))

    def _author_named(self, element: Any) -> bool:
        """Whether a section, form, aside or img has a name of its own (aria-label, text the
        aria-labelledby ids hold, or, except for an img, title), which decides its implicit
        role. Read from the attributes alone, so that two elements naming each other cannot
        recurse."""
        tag = local(element)
        if tag not in ("section", "form", "aside", "img"):
            return False
        if text.squash(element.get("aria-label") or ""):
            return True
        if tag != "img" and text.squash(element.get("title") or ""):
            return True
        return any(text.text_of(ref) or text.squash(ref.get("aria-label") or "")
                   for ref in self.refs(element, "aria-labelledby"))

    # --- accessible name and description (accname 1.2, in accname.py) -------------------

    @cached_property
    def _names(self) -> accname.Names:
        return accname.Names()

    def name(self, element: Any) -> str:
        return self._names.name(self, element)

    def has_name(self, element: Any) -> bool:
        """Whether name() is not empty (answered without computing it where that is plain)."""
        return self._names.has_name(self, element)

    def name_if_shown(self, element: Any) -> str:
        """The name the element will have once shown (for content collapsed until a toggle
        opens it): as name(), with hidden content taken in."""
        return self._names.name_if_shown(self, element)

    def description(self, element: Any) -> str:
        return self._names.description(self, element)

    # --- memoised queries for rules -----------------------------------------------------

    def elements(self, *tags: str) -> tuple[Any, ...]:
        """Elements with any of these tags, in document order (C-level scan, memoised)."""
        held = self._queries.get(tags)
        if held is None:
            held = self._queries[tags] = tuple(self.root.iter(*tags))
        return held

    @cached_property
    def _by_attribute(self) -> tuple[dict[str, list[Any]], list[Any]]:
        """Every element by each attribute it carries, and those with any aria-* attribute, in
        document order: one pass serves all the rules' attribute queries (an XPath scan per
        attribute name walked the whole tree each time)."""
        index: defaultdict[str, list[Any]] = defaultdict(list)
        aria: list[Any] = []
        # The loop runs for every element of the page: a flag set in the one pass over the
        # names costs half of any() over a generator for each element.
        for el in self.root.iter(etree.Element):
            names = el.keys()
            if not names:
                continue
            marked = False
            for name in names:
                index[name].append(el)
                if name[:5] == "aria-":
                    marked = True
            if marked:
                aria.append(el)
        return dict(index), aria

    @property
    def attribute_names(self) -> KeysView[str]:
        """The names of the attributes the page's elements carry."""
        return self._by_attribute[0].keys()

    def with_attribute(self, name: str) -> tuple[Any, ...]:
        """Elements carrying attribute ``name``, in document order."""
        return tuple(self._by_attribute[0].get(name, ()))

    @cached_property
    def with_aria(self) -> tuple[Any, ...]:
        """Elements carrying any aria-* attribute."""
        return tuple(self._by_attribute[1])

    def explicit_role(self, element: Any) -> str | None:
        return explicit_role(element, self.data)

    def with_role(self, *roles: str) -> list[Any]:
        """Elements whose role attribute resolves to one of ``roles`` (explicit only)."""
        wanted = set(roles)
        return [el for el in self.with_attribute("role") if self.explicit_role(el) in wanted]

    def visible_text(self, element: Any) -> str:
        """Text of the element that is rendered and not aria-hidden, white space collapsed."""
        held = self._text.get(element)
        if held is None:
            parts: list[str] = []
            self._gather_text(element, parts)
            held = self._text[element] = text.squash("".join(parts))
        return held

    def _shown(self, element: Any) -> bool:
        return isinstance(element.tag, str) and not self.hidden(element) and not element.tag.startswith(SVG)

    def _gather_text(self, element: Any, parts: list[str]) -> None:
        """The shown text below ``element`` in document order, with a stack of its own rather
        than recursion, so no depth of nesting can exhaust Python's."""
        if not self._shown(element):
            return
        todo: list[Any] = [element]
        while todo:
            item = todo.pop()
            if isinstance(item, str):  # a tail, due after its element's subtree
                parts.append(item)
                continue
            parts.append(item.text or "")
            for child in reversed(item):
                todo.append(child.tail or "")
                if self._shown(child):
                    todo.append(child)

    def has_text(self, element: Any) -> bool:
        """Whether visible_text would be non-empty, stopping at the first word."""
        if not self._shown(element):
            return False
        todo = [element]
        while todo:
            node = todo.pop()
            if node in self._text:
                if self._text[node]:
                    return True
                continue
            if (node.text or "").strip():
                return True
            for child in node:
                if (child.tail or "").strip():
                    return True
                if self._shown(child):
                    todo.append(child)
        return False


def _closed_content(details: Any) -> Iterator[Any]:
    """The children a closed <details> does not render: all but its first <summary>."""
    summary = next((c for c in details if c.tag == "summary"), None)
    return (c for c in details if c is not summary and isinstance(c.tag, str))
