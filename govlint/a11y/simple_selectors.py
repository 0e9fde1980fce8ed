"""The common shape of a hiding rule's selector (compounds of a tag, classes and an id, joined
by descendant combinators: ``.sr-only``, ``#menu .submenu``, ``ul.nav li.hidden``) matched
from the page's attribute index, as cssselect's XPath for it would match.

An XPath run walks the whole page in libxml2 (about 0.1-0.3 ms on a real page, for each
rule); these selectors look only at the elements carrying the rightmost class or id.
Any other selector (attributes, pseudo-classes, other combinators, namespaces) is left to
XPath: ``chain_of`` gives None for it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from cssselect.parser import Class, CombinedSelector, Element, Hash

from ..text import xml_tokens

# cssselect writes other element names as *[name() = ...] (not matched here).
_SAFE_NAME = re.compile(r"^[a-zA-Z_][a-zA-Z0-9_.-]*$")


@dataclass(frozen=True)
class Compound:
    tag: str | None  # lower case (HTMLTranslator's), None for any element
    classes: tuple[str, ...]
    ids: tuple[str, ...]  # #a#b is allowed, and matches nothing unless a == b

    def matches(self, element: Any) -> bool:
        if self.tag is not None and element.tag != self.tag:
            return False
        if self.ids and any(element.get("id") != ident for ident in self.ids):
            return False
        if not self.classes:
            return True
        value = element.get("class")
        # A class is a substring of the attribute before it is one of its tokens: most
        # elements fail the quick test, and only the rest are split.
        if not value or not all(name in value for name in self.classes):
            return False
        tokens = xml_tokens(value)
        return all(name in tokens for name in self.classes)


def chain_of(tree: Any) -> tuple[Compound, ...] | None:
    """The compounds of a parsed selector (cssselect's tree), left to right, when it has this
    shape and its rightmost compound names a class or an id; None otherwise."""
    chain: list[Compound] = []
    node = tree
    while isinstance(node, CombinedSelector):
        if node.combinator != " ":
            return None
        right = _compound(node.subselector)
        if right is None:
            return None
        chain.append(right)
        node = node.selector
    left = _compound(node)
    if left is None:
        return None
    chain.append(left)
    chain.reverse()
    last = chain[-1]
    return tuple(chain) if last.classes or last.ids else None


def _compound(node: Any) -> Compound | None:
    classes: list[str] = []
    ids: list[str] = []
    while isinstance(node, (Class, Hash)):
        if isinstance(node, Class):
            if not node.class_name or any(c in node.class_name for c in " \t\n\r\f"):
                return None  # cssselect makes this "0": left to it
            classes.append(node.class_name)
        else:
            ids.append(node.id)
        node = node.selector
    if not isinstance(node, Element) or node.namespace is not None:
        return None
    tag = node.element
    if tag is not None and not _SAFE_NAME.match(tag):
        return None
    return Compound(tag.lower() if tag is not None else None, tuple(classes), tuple(ids))


def match(chain: tuple[Compound, ...], with_attribute: Callable[[str], Sequence[Any]]) -> list[Any]:
    """The elements the chain matches, in document order. ``with_attribute(name)``: the
    page's elements carrying that attribute, in document order. An element matches when it
    matches the last compound and has an ancestor matching the one before, which has an
    ancestor matching the one before that, and so on (the nearest such ancestor will do:
    a farther one has fewer ancestors above it)."""
    last = chain[-1]
    if last.ids:
        ident = last.ids[0]
        candidates = [el for el in with_attribute("id") if el.get("id") == ident]
    else:
        name = last.classes[0]
        candidates = [el for el in with_attribute("class") if name in el.get("class")]
    return [el for el in candidates if last.matches(el) and _has_ancestors(el, chain, len(chain) - 1)]


def _has_ancestors(element: Any, chain: tuple[Compound, ...], upto: int) -> bool:
    """Whether the element's ancestors hold matches of chain[:upto], nested in that order."""
    node = element
    for index in range(upto - 1, -1, -1):
        compound = chain[index]
        node = node.getparent()
        while node is not None and not compound.matches(node):
            node = node.getparent()
        if node is None:
            return False
    return True
