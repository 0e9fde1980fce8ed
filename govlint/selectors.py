"""CSS selectors, compiled once to XPath with cssselect and run by lxml."""

from __future__ import annotations

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


def matches(element: Any, css: str) -> bool:
    """Whether ``element`` matches ``css`` (evaluated from the element's own tree)."""
    return element in compile_css(css)(element.getroottree())


class PathMemo:
    """path_of for many elements of one document: ancestors' paths and each parent's
    sibling numbering are computed once."""

    def __init__(self) -> None:
        self._paths: dict[Any, str] = {}
        self._steps: dict[Any, str] = {}

    def path_of(self, element: Any) -> str:
        path = self._paths.get(element)
        if path is not None:
            return path
        ident = element.get("id")
        parent = element.getparent()
        if (ident and _simple_ident(ident)) or parent is None or not isinstance(parent.tag, str):
            path = path_of(element)
        else:
            path = f"{self.path_of(parent)} > {self._step(parent, element)}"
        self._paths[element] = path
        return path

    def _step(self, parent: Any, element: Any) -> str:
        if element not in self._steps:
            counts: dict[Any, int] = {}
            for child in parent:
                counts[child.tag] = counts.get(child.tag, 0) + 1
            seen: dict[Any, int] = {}
            for child in parent:
                if not isinstance(child.tag, str):
                    continue
                seen[child.tag] = seen.get(child.tag, 0) + 1
                tag = _local(child.tag)
                nth = seen[child.tag]
                self._steps[child] = tag if counts[child.tag] == 1 else f"{tag}:nth-of-type({nth})"
        return self._steps[element]


def path_of(element: Any) -> str:
    """A short CSS path: from the nearest ancestor with an id, else from html."""
    parts: list[str] = []
    node = element
    while node is not None and isinstance(node.tag, str):
        ident = node.get("id")
        if ident and _simple_ident(ident):
            parts.append(f"#{ident}")
            break
        tag = _local(node.tag)
        parent = node.getparent()
        if parent is None:
            parts.append(tag)
            break
        same = [c for c in parent if c.tag == node.tag]
        parts.append(tag if len(same) == 1 else f"{tag}:nth-of-type({same.index(node) + 1})")
        node = parent
    return " > ".join(reversed(parts))


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _simple_ident(ident: str) -> bool:
    return ident[0].isalpha() and all(c.isalnum() or c in "-_" for c in ident)
