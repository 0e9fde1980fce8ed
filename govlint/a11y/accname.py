"""Accessible name and description (W3C accname 1.2, with HTML-AAM's host-language labels).

One ``Names`` per page keeps every name it computed and the content of every subtree it named,
so each is worked out once for all the names that reach it. The page's structure (roles,
hidden state, id references, labels) comes through ``Tree``, which ``Semantics`` provides and
passes in on each call: this module never imports it, and a ``Names`` holds no reference back.

A name is computed recursively, a few Python frames for each level of nesting it reads, down
to NAME_DEPTH levels: the entry points make room for that (``govlint.recursion``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from .. import text
from .data import Role, load
from .roles import SVG, input_type, local

# Labelable elements (HTML): what a label names, by its for attribute or by wrapping it.
LABELABLE = frozenset({"button", "input", "meter", "output", "progress", "select", "textarea"})
# Content nested deeper than this below the element being named adds nothing to its name.
# turbohtml (like Chromium) nests at most 512 deep, so its trees are named whole; html5lib's
# have no limit. The computation recurses up to four frames per level (content, a label, a
# referenced element): govlint.recursion.FRAMES leaves room for that above the caller's.
NAME_DEPTH = 520
# Elements one name may visit. Labels inside labels around form controls inside them make the
# computation branch at every level (a 3 KB page took 4 s and 1.2 GB); a real name never
# comes near this, and the bound keeps every name, and so every page, linear.
NAME_BUDGET = 10_000
NAME_CHARS = 20_000  # and the text one piece of content may give (the same labels, doubled)
_OWN_TEXT_NAMED = frozenset({"link", "button", "heading"})  # roles named from their content
# Roles whose value, not content, names them inside another element's name (accname 2C).
_EMBEDDED = frozenset({"textbox", "searchbox", "combobox", "listbox", "slider", "spinbutton"})
_BUTTON_TYPES = frozenset({"button", "submit", "reset", "image"})
# Elements laid out as blocks: their text is set apart from the text around it.
_BLOCK = frozenset({"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt",
                    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5",
                    "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table",
                    "td", "th", "tr", "ul", "caption", "legend", "summary", "details", "img", "input"})
# Generic (and role-less) elements named from their content when they are the element named.
_CONTENT_NAMED_TAGS = frozenset({"label", "legend", "caption", "figcaption", "summary", "td", "th"})


class Tree(Protocol):
    """What a name needs to know of the page, answered by the page's semantics."""

    def role(self, element: Any) -> str | None: ...

    def hidden(self, element: Any) -> bool: ...

    def refs(self, element: Any, attr: str) -> list[Any]: ...

    def labels(self, element: Any) -> list[Any]: ...


class Names:
    """The accessible names and descriptions of one page's elements, memoised. The Tree is an
    argument of every call, down the recursion, never an attribute: a Names that held the
    Semantics holding it would make a cycle of every page's objects."""

    def __init__(self) -> None:
        self._names: dict[Any, str] = {}
        self._content: dict[tuple[Any, bool], str] = {}  # by (node, inside hidden content)
        self._roles: Mapping[str, Role] = load().roles
        self._budget = NAME_BUDGET  # elements the name being computed may still visit
        self._cuts = 0  # computations cut short by a cycle or NAME_DEPTH, so far
        # The ancestors of each control whose labels are being named on the current path: the
        # content of one of them would reach that control, already visited (see _content_of).
        self._inside: list[frozenset[Any]] = []

    def name(self, tree: Tree, element: Any) -> str:
        held = self._names.get(element)
        if held is None:
            held = self._text_link_name(tree, element)
            if held is None:
                self._start()
                held = text.squash(self._compute(tree, element, set(), root=True))
            self._names[element] = held
        return held

    def _text_link_name(self, tree: Tree, element: Any) -> str | None:
        """The name of a link holding only text (most of a page's links), as _compute gives
        it, without its steps: an a[href] with no role attribute is a link (not hidden, no
        aria-labelledby), whose name is its aria-label, else its content, else its title. The
        content is kept for later names as _content_of keeps it. None for any other element."""
        if (len(element) or not _plain_link(element) or element.get("aria-labelledby")
                or tree.hidden(element)):
            return None
        label = element.get("aria-label")
        if label and not label.isspace():
            return text.squash(label)
        content = (element.text or "")[:NAME_CHARS]
        self._content.setdefault((element, False), content)
        return text.squash(content) if content.strip() else text.squash(element.get("title") or "")

    def has_name(self, tree: Tree, element: Any) -> bool:
        """Whether name() is not empty, without computing it where the answer is plain: a
        link, button or heading with no aria-labelledby and with an aria-label, or text of its
        own (before, between or after its children), which name from content always takes in."""
        if element.get("aria-labelledby") is None and (
                _plain_link(element) or tree.role(element) in _OWN_TEXT_NAMED):
            label = element.get("aria-label")
            if label and not label.isspace():
                return True
            if (element.text or "").strip() or any((c.tail or "").strip() for c in element):
                return True
        return bool(self.name(tree, element))

    def name_if_shown(self, tree: Tree, element: Any) -> str:
        """The name the element will have once shown (for content collapsed until a toggle
        opens it): as name(), with hidden content taken in."""
        self._start()
        return text.squash(self._compute(tree, element, set(), root=True, in_hidden=True))

    def description(self, tree: Tree, element: Any) -> str:
        """aria-describedby's elements, else aria-description, else a title that is not
        already the name."""
        refs = tree.refs(element, "aria-describedby")
        if refs:
            self._start()  # one budget for all the referenced elements
            found = text.squash(" ".join(self._compute(tree, r, set(), root=False, referenced=True)
                                         for r in refs))
            if found:
                return found
        own = text.squash(element.get("aria-description") or "")
        if own:
            return own
        title = text.squash(element.get("title") or "")
        return title if title and title != self.name(tree, element) else ""

    def _start(self) -> None:
        """A new computation: a whole budget (and nothing left of one an exception ended)."""
        self._budget = NAME_BUDGET
        self._inside.clear()

    def _compute(self, tree: Tree, node: Any, visited: set[Any], *, root: bool, referenced: bool = False,
                 in_hidden: bool = False) -> str:
        if not isinstance(node.tag, str):
            return ""
        if node in visited or len(visited) >= NAME_DEPTH:
            self._cuts += 1  # an answer that depends on the path here: see _content_of
            return ""
        self._budget -= 1
        if self._budget < 0:
            # Not a cut: content named short of the budget is kept and reused as it is, so
            # the next name that reaches it does not spend its own budget again.
            return ""
        visited = visited | {node}
        # 2A: hidden, unless referenced or already inside hidden content being named.
        if tree.hidden(node):
            if not (referenced or in_hidden):
                return ""
            in_hidden = True
        # 2B: aria-labelledby, unless already following one.
        if not referenced and root and node.get("aria-labelledby"):
            # The element may name itself (aria-labelledby="self other"): it is then taken
            # from step 2C on, which never follows aria-labelledby again.
            found = self._labelledby_name(tree, node, visited - {node})
            if found:
                return found
        role = tree.role(node)
        # 2C: an embedded control inside another element's name gives its value.
        if not root and role in _EMBEDDED and not referenced:
            return _embedded_value(node, role)
        # 2D: aria-label.
        label = node.get("aria-label")
        if label and not label.isspace():
            return text.squash(label)
        presentational = role in ("none", "presentation")
        # 2E: the host language's own label.
        if not presentational:
            native = self._native(tree, node, visited, in_hidden)
            if native is not None and native.strip():
                return native
        # 2F: name from content, for roles that allow it and inside another name.
        tag = local(node)
        from_content = (not root or referenced or presentational or role is None
                        or "contents" in self._roles[role].name_from or tag == "label")
        if root and role in ("generic", "none", "presentation", None) and not referenced:
            from_content = tag in _CONTENT_NAMED_TAGS
        if from_content and tag not in ("select", "textarea"):
            found = self._content_of(tree, node, visited, in_hidden)
            if found.strip():
                return found
        # 2I: tooltip; an image made presentational by alt="" has none (HTML-AAM).
        if presentational and tag == "img":
            return ""
        return text.squash(node.get("title") or "")

    def _labelledby_name(self, tree: Tree, element: Any, visited: set[Any]) -> str:
        refs = tree.refs(element, "aria-labelledby")
        return text.squash(" ".join(self._compute(tree, r, visited, root=False, referenced=True)
                                    for r in refs))

    def _content_of(self, tree: Tree, node: Any, visited: set[Any], in_hidden: bool) -> str:
        """The names of the node's content, joined (2F, 2G). Kept for the next name that
        reaches this node (a link inside a list item inside a landmark...: without it, nested
        names cost the square of the nesting), unless a cycle or depth cut shaped it, which
        depends on the path taken here; a name's own content is kept as before.

        Only a label's jump back up the tree can bring a path to content holding an element
        it already visited (a text field inside its own label): there the content is worked
        out anew, as what was kept did not skip that element."""
        key = (node, in_hidden)
        fresh = not self._inside or not any(node in ancestors for ancestors in self._inside)
        held = self._content.get(key) if fresh else None
        if held is not None:
            return held
        cuts = self._cuts
        parts = [node.text or ""]
        for child in node:
            if isinstance(child.tag, str):
                piece = self._compute(tree, child, visited, root=False, in_hidden=in_hidden)
                if local(child) in _BLOCK or child.tag.startswith(SVG):
                    piece = f" {piece} "
                parts.append(piece)
            if child.tail:
                parts.append(child.tail)
        found = "".join(parts)
        if len(found) > NAME_CHARS:
            found = found[:NAME_CHARS]
        self._budget -= len(found) // 1_000  # long text spends the budget as elements do
        if fresh and (self._cuts == cuts or (not in_hidden and len(visited) == 1)):
            self._content[key] = found
        return found

    def _native(self, tree: Tree, node: Any, visited: set[Any], in_hidden: bool) -> str | None:
        """The host language's label (HTML-AAM 5.x), None when the element has none."""
        tag = local(node)
        if tag == "input":
            kind = input_type(node)
            if kind in ("button", "submit", "reset"):
                value = node.get("value")
                if value is not None:
                    return value
                return {"submit": "Submit", "reset": "Reset"}.get(kind, "")
            if kind == "image":
                return node.get("alt") or ""
        if tag in LABELABLE and not (tag == "input" and input_type(node) in _BUTTON_TYPES):
            labels = tree.labels(node)
            if labels:
                self._inside.append(frozenset(node.iterancestors()))
                found = " ".join(self._compute(tree, lab, visited, root=False, in_hidden=in_hidden)
                                 for lab in labels)
                self._inside.pop()
                if found.strip():
                    return found
            if tag == "button":
                return None
            title = text.squash(node.get("title") or "")
            if title:
                return title
            placeholder = node.get("placeholder") or node.get("aria-placeholder") or ""
            return placeholder if tag in ("input", "textarea") else ""
        if tag in ("img", "area"):
            alt = node.get("alt")
            return alt if alt is not None else None
        if tag == "fieldset":
            return self._first_child_text(tree, node, "legend", visited, in_hidden)
        if tag == "table":
            return self._first_child_text(tree, node, "caption", visited, in_hidden)
        if tag == "figure":
            return self._first_child_text(tree, node, "figcaption", visited, in_hidden)
        if tag == "optgroup":
            return node.get("label")
        if tag in ("iframe", "frame"):
            return node.get("title")
        if tag.startswith(SVG):
            svg_title = next((c for c in node if c.tag == SVG + "title"), None)
            return text.text_of(svg_title, skip_svg=False) if svg_title is not None else None
        return None

    def _first_child_text(self, tree: Tree, node: Any, tag: str, visited: set[Any],
                          in_hidden: bool) -> str | None:
        child = next((c for c in node if c.tag == tag), None)
        if child is None:
            return None
        return self._compute(tree, child, visited, root=False, in_hidden=in_hidden)


def _plain_link(element: Any) -> bool:
    """An HTML a[href] without a role attribute, which is a link (HTML-AAM): most of a page's
    links, whose role needs no computing."""
    return element.tag == "a" and element.get("role") is None and element.get("href") is not None


def _embedded_value(node: Any, role: str) -> str:
    """The value an embedded control gives the name around it (accname 2C)."""
    tag = local(node)
    if role in ("textbox", "searchbox"):
        return node.get("value") or "" if tag == "input" else text.text_of(node)
    if role in ("combobox", "listbox"):
        if tag == "select":
            options = list(node.iter("option"))
            chosen = [o for o in options if o.get("selected") is not None] or options[:1]
            return " ".join(text.text_of(o) for o in chosen)
        if tag == "input":
            return node.get("value") or ""
        selected = [el for el in node.iter() if el.get("aria-selected") == "true"]
        return " ".join(text.text_of(el) for el in selected)
    return node.get("aria-valuetext") or node.get("aria-valuenow") or node.get("value") or ""
