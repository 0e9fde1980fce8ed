"""Every link and resource a page refers to, with the position of the element that carries it."""

from __future__ import annotations

import re
from collections.abc import Iterator
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
_REFRESH_URL = re.compile(r"^\s*\d*\.?\d*\s*[;,]?\s*(?:url\s*=\s*)?(['\"]?)(?P<url>.+?)\1\s*$", re.I)
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


def link_ref(doc: Document, element: Any, attr: str, url: str) -> LinkRef:
    line, column = doc.linecol(element)
    return LinkRef(url=url, attr=attr, tag=element.tag, line=line, column=column,
                   offset=doc.offset(element), selector=doc.selector(element),
                   snippet=doc.snippet(element))


def raw_links(doc: Document) -> Iterator[tuple[Any, str, str]]:
    """(element, attribute, URL) for every link, cheaply: no positions yet."""
    root = doc.root
    for tag, attr in _SINGLE:
        for element in root.iter(tag):
            value = element.get(attr)
            if value is None:
                continue
            if tag == "link" and set((element.get("rel") or "").lower().split()) & _LINK_RELS_SKIPPED:
                continue
            if value.strip().startswith("#") and _script_widget(element):
                continue
            yield element, attr, value.strip()
    for tag, attr in _SRCSET:
        for element in root.iter(tag):
            for url in srcset_urls(element.get(attr) or ""):
                yield element, attr, url
    for element in root.iter("meta"):
        if (element.get("http-equiv") or "").strip().lower() == "refresh":
            match = _REFRESH_URL.match(element.get("content") or "")
            if match and not match["url"].strip().replace(".", "").isdigit():
                yield element, "content", match["url"].strip()


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
    """Fragment targets of a page: every id, and the name of every <a name>."""
    names = {el.get("name") for el in doc.root.iter("a") if el.get("name")}
    return doc.ids | frozenset(names)


def base_href(doc: Document) -> str | None:
    for element in doc.root.iter("base"):
        href = element.get("href")
        if href is not None:
            return href.strip()
    return None
