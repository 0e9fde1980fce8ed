"""A parsed page: its tree, where each element starts, and the facts rules ask about."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, TypeVar
from urllib.parse import urlsplit

from lxml import etree

from . import parser, selectors, text
from .a11y import Semantics
from .localfiles import LocalFiles

T = TypeVar("T")

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@dataclass(frozen=True)
class Comment:
    offset: int
    data: str


@dataclass(frozen=True)
class PageInfo:
    """What govlint knows about a page apart from its HTML."""

    path: str  # shown in reports
    url: str | None = None  # the page's own URL (fetched URL, or base_url + path)
    site_path: str | None = None  # path relative to the site root, for path globs
    rooted: bool = False  # site_path is relative to a known site root (or the page is fetched)
    disk_path: str | None = None  # the page file, for the local files it links to (localfiles)
    site_root: str | None = None  # the site root on disk: those files stay inside it


@dataclass(eq=False)
class Document:
    info: PageInfo
    parsed: parser.ParsedHTML
    _index: parser.LineIndex = field(init=False, repr=False)
    # Answers several checks share (one per key), computed by the first that asks.
    _shared: dict[Any, Any] = field(default_factory=dict, init=False, repr=False)

    def __post_init__(self) -> None:
        self._index = self.parsed.index or parser.LineIndex.of(self.parsed.text)

    def shared(self, key: Any, make: Callable[[], T]) -> T:
        """``make()``'s result for this page, made once: a memo rules share, so that one walk of
        the tree serves every rule that asks the same question."""
        try:
            return self._shared[key]  # type: ignore[no-any-return]
        except KeyError:
            value = self._shared[key] = make()
            return value

    # --- source positions -------------------------------------------------------------

    @property
    def root(self) -> Any:
        return self.parsed.tree.getroot()

    @property
    def source(self) -> str:
        return self.parsed.text

    def offset(self, element: Any) -> int:
        """Offset of the element's start tag; elements without one use their nearest
        positioned ancestor (only clones made by the adoption agency lack one)."""
        positions = self.parsed.positions
        node = element
        while node is not None:
            pos = positions.get(node)
            if pos is not None:
                return pos
            node = node.getparent()
        return 0

    def linecol(self, element: Any) -> tuple[int, int]:
        return self._index.linecol(self.offset(element))

    def built_by_script(self, element: Any) -> bool:
        """Whether a script made the element (only a rendered page knows; see render/)."""
        return False

    def blocked_requests(self) -> tuple[str, ...]:
        """URLs outside the site the page asked for, blocked (only a rendered page asks)."""
        return ()

    def offset_linecol(self, offset: int) -> tuple[int, int]:
        return self._index.linecol(offset)

    @cached_property
    def comments(self) -> tuple[Comment, ...]:
        return tuple(Comment(pos, data) for pos, data in self.parsed.comments)

    @cached_property
    def elements_in_order(self) -> tuple[Any, ...]:
        """Every element, in source order of its start tag."""
        return tuple(sorted(self.parsed.positions, key=self.parsed.positions.__getitem__))

    def snippet(self, element: Any, limit: int = 160) -> str:
        """The element's start tag as written in the source, shortened to ``limit``."""
        start = self.offset(element)
        src = self.parsed.text
        if not src.startswith("<", start):
            return text.shorten(text.squash(etree.tostring(element, encoding="unicode",
                                                           with_tail=False)), limit)
        end = _tag_end(src, start)
        # text.shorten(text.squash(...)) written out: every reported link takes a snippet.
        tag = " ".join(src[start:end].split())
        return tag if len(tag) <= limit else tag[: limit - 1] + "…"

    def selector(self, element: Any) -> str:
        return self._paths.path_of(element)

    @cached_property
    def _paths(self) -> selectors.PathBuilder:
        return selectors.PathBuilder(self.parsed.tree)

    # --- page facts -------------------------------------------------------------------

    def select(self, css: str, context: Any = None) -> list[Any]:
        return selectors.select(self.root if context is None else context, css)

    @cached_property
    def text_index(self) -> text.TextIndex:
        return text.TextIndex.build(self.root)

    def text(self, element: Any) -> str:
        """The element's visible text, white space collapsed (see text.text_of)."""
        return self.text_index.of(element)

    def has_text(self, element: Any) -> bool:
        """Whether the element has visible text (text(element) is not empty)."""
        return self.text_index.has_text(element)

    def contains(self, element: Any, phrase: str) -> bool:
        """Whether the element's text holds ``phrase`` (case, spacing and quotes ignored)."""
        return self.text_index.contains(element, phrase)

    def smallest_containing(self, element: Any, *phrases: str) -> Any:
        return self.text_index.smallest_containing(element, phrases)

    @cached_property
    def a11y(self) -> Semantics:
        """Roles, hidden, focusable and accessible names, memoised for this page."""
        return Semantics(self.root, self.source, self.local_files.text, self.rendered_hidden())

    @cached_property
    def local_files(self) -> LocalFiles:
        """The local files the page's results read (linked style sheets, framed pages),
        recorded for the page cache."""
        return LocalFiles(self.info.disk_path, self.info.site_root)

    def rendered_hidden(self) -> frozenset[Any] | None:
        """What the browser did not render, in rendered mode; None for a static reading."""
        return None

    @cached_property
    def body(self) -> Any:
        found = self.root.find("body")
        return found if found is not None else self.root

    @cached_property
    def lang(self) -> str:
        """The page language, lower-case primary subtag ('' when not declared)."""
        root = self.root
        # html5lib's lxml builder stores xml:lang under a coerced name.
        value = root.get("lang") or root.get(XML_LANG) or root.get("xmlU0003Alang") or ""
        return value.strip().lower().split("-")[0]

    @cached_property
    def ids(self) -> frozenset[str]:
        """Every id on the page, from its attribute index (Semantics: one walk of the tree)."""
        return frozenset(self.a11y.ids)

    @cached_property
    def host(self) -> str:
        """Host of the page: its URL, else its canonical or og:url link ('' if unknown)."""
        candidates = [self.info.url]
        # link[rel~="canonical"] and meta[property="og:url"], found by tag (an XPath scan of
        # the page cost more than the rest of this): ~= splits at XML white space.
        candidates += [el.get("href") for el in self.root.iter("link")
                       if "canonical" in text.xml_tokens(el.get("rel"))]
        candidates += [el.get("content") for el in self.root.iter("meta") if el.get("property") == "og:url"]
        for url in candidates:
            if url:
                try:
                    host = urlsplit(url.strip()).hostname
                except ValueError:  # a malformed URL (http://[oops/) names no host
                    continue
                if host:
                    return host.lower()
        return ""


# A start tag up to its '>', with quoted attribute values (which may hold '>') skipped whole.
_START_TAG = re.compile(r"""<[^\s>]*(?:[^>"']|"[^"]*"|'[^']*')*>?""")


def _tag_end(src: str, start: int) -> int:
    """End of the tag starting at ``start``, honouring quoted attribute values."""
    match = _START_TAG.match(src, start, min(len(src), start + 4000))
    return match.end() if match else min(len(src), start + 4000)


def from_source(source: bytes | str, info: PageInfo, encoding: str | None = None,
                parser_name: str = parser.DEFAULT_PARSER) -> Document:
    return Document(info=info, parsed=parser.parse(source, encoding=encoding, parser=parser_name))
