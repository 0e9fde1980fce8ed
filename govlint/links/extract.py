"""Every link and resource a page refers to, with the position of the element that carries it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from ..document import Document

# (tag, attribute) pairs that hold one URL; srcset attributes hold several.
_SINGLE = (
    ("a", "href"), ("area", "href"), ("link", "href"), ("img", "src"), ("source", "src"),
    ("script", "src"), ("iframe", "src"), ("video", "src"), ("video", "poster"), ("audio", "src"),
    ("object", "data"), ("embed", "src"), ("track", "src"),
)
_SRCSET = (("img", "srcset"), ("source", "srcset"))
_TAGS = tuple(dict.fromkeys(tag for tag, _ in (*_SINGLE, *_SRCSET, ("meta", "content"), ("base", "href"))))
# <link rel> values that name no fetchable resource for a visitor.
_LINK_RELS_SKIPPED = frozenset({"preconnect", "dns-prefetch"})


@dataclass(frozen=True)
class LinkRef:
    url: str  # as written, white space trimmed
    attr: str  # the attribute that carries it ("href", "srcset", "content" ...)
    tag: str
    line: int
    column: int
    offset: int
    selector: str
    snippet: str
    # Later links of the page with the same URL and suppressions, past max_findings of them:
    # they would give the same findings, so they are only counted (see findingcap).
    repeats: int = 0


def link_ref(doc: Document, element: Any, attr: str, url: str) -> LinkRef:
    line, column = doc.linecol(element)
    return LinkRef(url=url, attr=attr, tag=element.tag, line=line, column=column,
                   offset=doc.offset(element), selector=doc.selector(element),
                   snippet=doc.snippet(element))


def scan(doc: Document) -> tuple[str | None, Iterator[tuple[Any, str, str]]]:
    """base_href(doc), and (element, attribute, URL) for every link, cheaply (no positions
    yet), from one walk of the tree. Links come by (tag, attribute) in the order of _SINGLE,
    _SRCSET, then refresh, each in document order."""
    by_tag = _by_tag(doc)
    return _base(by_tag["base"]), _links(by_tag)


def _by_tag(doc: Document) -> dict[str, list[Any]]:
    """The elements that may carry a link, by tag, each in document order: one walk of the
    tree (a walk per tag took sixteen)."""
    by_tag: dict[str, list[Any]] = {tag: [] for tag in _TAGS}
    for element in doc.root.iter(*_TAGS):
        by_tag[element.tag].append(element)
    return by_tag


def _links(by_tag: dict[str, list[Any]]) -> Iterator[tuple[Any, str, str]]:
    for tag, attr in _SINGLE:
        for element in by_tag[tag]:
            value = element.get(attr)
            if value is None:
                continue
            if tag == "link" and set((element.get("rel") or "").lower().split()) & _LINK_RELS_SKIPPED:
                continue
            if value.strip().startswith("#") and _script_widget(element):
                continue
            yield element, attr, value.strip()
    for tag, attr in _SRCSET:
        for element in by_tag[tag]:
            for url in srcset_urls(element.get(attr) or ""):
                yield element, attr, url
    for element in by_tag["meta"]:
        if (element.get("http-equiv") or "").strip().lower() == "refresh":
            target = refresh_url(element.get("content") or "")
            if target and not target.replace(".", "").isdigit():
                yield element, "content", target


def refresh_url(content: str) -> str | None:
    """The URL of a refresh directive ('5; url=/next', "0;URL='/next'", '/next'), or None.
    A scan, not a regular expression: the content is the page's, and runs of white space
    must cost linear time."""
    text = content.strip()
    pos = _skip(text, 0, str.isdigit)
    pos += text.startswith(".", pos)
    pos = _skip(text, pos, str.isdigit)
    pos = _skip(text, pos, str.isspace)
    pos += text.startswith((";", ","), pos)
    rest = text[_skip(text, pos, str.isspace):]
    if rest[:3].lower() == "url":
        after = _skip(rest, 3, str.isspace)
        if rest.startswith("=", after):
            rest = rest[_skip(rest, after + 1, str.isspace):]
    if len(rest) > 1 and rest[0] in "'\"" and rest.endswith(rest[0]):
        rest = rest[1:-1]
    url = rest.strip()
    return url if url and "\n" not in rest else None


def _skip(text: str, pos: int, kind: Callable[[str], bool]) -> int:
    while pos < len(text) and kind(text[pos]):
        pos += 1
    return pos


def _script_widget(element: Any) -> bool:
    """A link that a script runs as a widget (a Bootstrap collapse or tab, role=button): its
    '#target' is often rendered by that script, and it is not navigation."""
    return any(element.get(a) is not None for a in ("data-toggle", "data-bs-toggle")) or (
        (element.get("role") or "").strip().lower() in ("button", "tab"))


def srcset_urls(value: str) -> list[str]:
    """URLs of a srcset attribute (candidates are 'URL [descriptor]', comma-separated; a URL
    may itself contain commas, so split at white space first as the HTML spec does)."""
    urls = []
    pos = 0
    n = len(value)
    while pos < n:
        while pos < n and (value[pos].isspace() or value[pos] == ","):
            pos += 1
        start = pos
        while pos < n and not value[pos].isspace():
            pos += 1
        url = value[start:pos]
        if url.endswith(","):
            url = url.rstrip(",")
        else:
            while pos < n and value[pos] != ",":  # skip the descriptor
                pos += 1
        if url:
            urls.append(url)
    return urls


def page_anchors(doc: Document) -> frozenset[str]:
    """Fragment targets of a page: every id, and the name of every <a name>, read from the
    page's attribute index (one walk of the tree for every rule that asks, see Semantics)."""
    a = doc.a11y
    names = [name for el in a.with_attribute("name") if el.tag == "a" and (name := el.get("name"))]
    return frozenset((*a.ids, *names))


def base_href(doc: Document) -> str | None:
    return _base(doc.root.iter("base"))


def _base(elements: Iterable[Any]) -> str | None:
    for element in elements:
        href = element.get("href")
        if href is not None:
            return href.strip()
    return None
