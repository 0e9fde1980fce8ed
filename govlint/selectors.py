"""CSS selectors, compiled once to XPath with cssselect and run by lxml."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any, cast

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
    # an XPath over elements gives a list of them
    return list(cast(list[Any], compile_css(css)(context)))


class PathBuilder:
    """Short CSS paths for the elements of one document: from the nearest ancestor with an
    id, else from html. A step is the tag's local name, with :nth-of-type(n) when the parent
    has more than one child of that tag. Each parent's children are numbered once, so a
    page's paths cost linear time however many siblings share a parent (lxml's getpath()
    counts the siblings again for every element)."""

    def __init__(self, tree: Any) -> None:
        self._tree = tree
        self._steps: dict[Any, str] = {}
        self._paths: dict[Any, str] = {}

    def path_of(self, element: Any) -> str:
        paths = self._paths
        held = paths.get(element)
        if held is not None:
            return held
        # One walk up, to the nearest element with a usable id or to an ancestor whose path
        # is known (a page's findings and links sit in the same few regions; no element on
        # the way has an id, so that path starts at our own anchor), then each path is its
        # parent's plus one step.
        pending = []
        node = element
        path = ""
        while node is not None:
            ident = node.get("id")
            if ident and _simple_ident(ident):
                path = paths[node] = f"#{ident}"
                break
            held = paths.get(node)
            if held is not None:
                path = held
                break
            pending.append(node)
            node = node.getparent()
        steps = self._steps
        for node in reversed(pending):
            step = steps.get(node) or self._step(node)
            path = paths[node] = f"{path} > {step}" if path else step
        return path

    def _step(self, element: Any) -> str:
        step = self._steps.get(element)
        if step is not None:
            return step
        parent = element.getparent()
        if parent is None:
            step = self._steps[element] = _local(element.tag)
            return step
        children = list(parent.iterchildren(etree.Element))  # no comments: filtered in C
        counts: dict[str, int] = {}
        for child in children:
            counts[child.tag] = counts.get(child.tag, 0) + 1
        seen: dict[str, int] = {}
        steps = self._steps
        for child in children:
            tag = child.tag
            name = tag if tag[0] != "{" else _local(tag)
            if counts[tag] == 1:
                steps[child] = name
            else:
                seen[tag] = seen.get(tag, 0) + 1
                steps[child] = f"{name}:nth-of-type({seen[tag]})"
        return steps[element]


def path_of(element: Any) -> str:
    return PathBuilder(element.getroottree()).path_of(element)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


# \w of a str pattern is str.isalnum() or "_", character by character (both read
# Py_UNICODE_ISALNUM), so this is ``all(c.isalnum() or c in "-_" for c in ident)``.
_IDENT_CHARS = re.compile(r"[\w-]*")


def _simple_ident(ident: str) -> bool:
    return ident[0].isalpha() and _IDENT_CHARS.fullmatch(ident) is not None
