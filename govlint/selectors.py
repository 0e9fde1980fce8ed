"""CSS selectors, compiled once to XPath with cssselect and run by lxml."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from cssselect import HTMLTranslator, SelectorError
from lxml import etree

from .errors import RuleFileError

_TRANSLATOR = HTMLTranslator()


@lru_cache(maxsize=1024)
def compile_css(css: str) -> etree.XPath:
    """Compile a selector (a pure function of its text, so memoised)."""
    try:
        return etree.XPath(_TRANSLATOR.css_to_xpath(css))
    except SelectorError as exc:
        raise RuleFileError(f"invalid CSS selector {css!r}: {exc}") from None


def validate(css: str) -> None:
    compile_css(css)


def select(context: Any, css: str) -> list[Any]:
    return list(compile_css(css)(context))


# lxml getpath() steps: drop namespace prefixes, turn [n] (same-tag index) into :nth-of-type(n).
_PREFIX = re.compile(r"(?<=/)[^/:\[]+:")


class PathBuilder:
    """Short CSS paths for the elements of one document: from the nearest ancestor with an
    id, else from html. Built from lxml's getpath() (C code, whose [n] counts same-tag
    siblings as :nth-of-type does); each element's id-bearing ancestor is found once."""

    def __init__(self, tree: Any) -> None:
        self._tree = tree
        self._anchor: dict[Any, Any] = {}

    def path_of(self, element: Any) -> str:
        anchor = self._nearest_id(element)
        full = self._tree.getpath(element)
        if anchor is element:
            return f"#{element.get('id')}"
        head = ""
        if anchor is not None:
            full = full[len(self._tree.getpath(anchor)):]
            head = f"#{anchor.get('id')} > "
        if ":" in full:  # namespaced (SVG, MathML) steps carry a prefix to drop
            full = _PREFIX.sub("", full)
        steps = full.replace("[", ":nth-of-type(").replace("]", ")").strip("/")
        return head + steps.replace("/", " > ")

    def _nearest_id(self, element: Any) -> Any:
        chain = []
        node = element
        found = None
        while node is not None:
            if node in self._anchor:
                found = self._anchor[node]
                break
            ident = node.get("id")
            if ident and _simple_ident(ident):
                found = node
                break
            chain.append(node)
            node = node.getparent()
        for seen in chain:
            self._anchor[seen] = found
        return found


def path_of(element: Any) -> str:
    return PathBuilder(element.getroottree()).path_of(element)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _simple_ident(ident: str) -> bool:
    return ident[0].isalpha() and all(c.isalnum() or c in "-_" for c in ident)
