# html5lib's tokenizer and input stream are hooked through their private attributes, which its
# stubs do not declare.
# mypy: disable-error-code="attr-defined, override, assignment"
"""The reference parser: html5lib -> lxml, remembering where every element starts.

html5lib only knows where a tag *ends* (lxml's ``sourceline``), so we hook three places:

* the input stream counts an absolute character offset into the newline-normalised text
  (html5lib folds CRLF and CR to LF, which keeps line numbers and columns unchanged);
* the tokenizer stamps each token with the offset at which it began: the offset is marked
  before every step of a text state, and a tag's ``<`` is always consumed by such a step;
* the tree builder records element -> offset, giving elements the parser implies (html,
  head, body, tbody, reconstructed formatting elements) the offset of the token that
  implied them.

Offsets are turned into 1-based line and column (in characters) by :class:`LineIndex`.
"""

from __future__ import annotations

import re
import warnings
from collections import deque
from collections.abc import Iterator
from typing import Any

from html5lib import _inputstream, _tokenizer, html5parser
from html5lib.constants import DataLossWarning, tokenTypes
from html5lib.treebuilders import etree_lxml
from lxml import etree

from .parsed import ParsedHTML, duplicate_names

_COMMENT = tokenTypes["Comment"]
_PARSE_ERROR = tokenTypes["ParseError"]
_START_TAG = tokenTypes["StartTag"]
# parser.NOT_XML less U+0000: tree construction drops or replaces NUL itself, as the spec says.
_CONTROL = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
_TEXT_TOKENS = frozenset({tokenTypes["Characters"], tokenTypes["SpaceCharacters"], _COMMENT})


class _OffsetStream:
    """Mixin for html5lib input streams: tracks the absolute offset and keeps the text."""

    chunk: str
    chunkSize: int
    chunkOffset: int

    def reset(self) -> None:
        super().reset()  # type: ignore[misc]
        self.base = 0
        self.parts: list[str] = []

    def readChunk(self, chunkSize: int | None = None) -> bool:
        self.base += self.chunkSize
        more = super().readChunk(chunkSize)  # type: ignore[misc]
        if self.chunk:
            self.parts.append(self.chunk)
        return more

    def unget(self, char: Any) -> None:
        # At the start of a chunk html5lib prepends the character to the chunk.
        if char is not _inputstream.EOF and self.chunkOffset == 0:
            self.base -= 1
        super().unget(char)  # type: ignore[misc]

    def offset(self) -> int:
        return self.base + self.chunkOffset

    def text(self) -> str:
        return "".join(self.parts)


class _BinaryStream(_OffsetStream, _inputstream.HTMLBinaryInputStream):
    pass


class _TextStream(_OffsetStream, _inputstream.HTMLUnicodeInputStream):
    pass


class _Tokenizer(_tokenizer.HTMLTokenizer):
    """Stamps every token with ``pos`` (the offset where it began) and keeps comments."""

    def __init__(self, stream: Any, parser: Any = None, **kwargs: Any) -> None:
        super().__init__(b"", parser=parser)
        if isinstance(stream, str):
            self.stream = _TextStream(stream)
        else:
            self.stream = _BinaryStream(stream, useChardet=False, **kwargs)
        self.mark = 0
        self.current = 0
        self.comments: list[tuple[int, str]] = []
        self.duplicate_tags: list[int] = []  # start tags with an attribute written twice
        self._text_states = {
            self.dataState.__func__,  # type: ignore[attr-defined]
            self.rcdataState.__func__,  # type: ignore[attr-defined]
            self.rawtextState.__func__,  # type: ignore[attr-defined]
            self.scriptDataState.__func__,  # type: ignore[attr-defined]
            self.plaintextState.__func__,  # type: ignore[attr-defined]
            self.scriptDataEscapedState.__func__,  # type: ignore[attr-defined]
            self.scriptDataDoubleEscapedState.__func__,  # type: ignore[attr-defined]
            self.cdataSectionState.__func__,  # type: ignore[attr-defined]
        }

    def __iter__(self) -> Iterator[dict[str, Any]]:
        self.tokenQueue: deque[dict[str, Any]] = deque()
        stream = self.stream
        text_states = self._text_states
        while True:
            if self.state.__func__ in text_states:
                self.mark = stream.offset()
            if not self.state():
                break
            while stream.errors:
                yield {"type": _PARSE_ERROR, "data": stream.errors.pop(0)}
            while self.tokenQueue:
                token = self.tokenQueue.popleft()
                pos = token.setdefault("pos", self.mark)
                self.current = pos
                kind = token["type"]
                if kind == _COMMENT:
                    self.comments.append((pos, token["data"]))
                elif kind == _PARSE_ERROR and token["data"] == "duplicate-attribute":
                    self.duplicate_tags.append(pos)
                yield _xml_safe(token, kind)


def _xml_safe(token: dict[str, Any], kind: int) -> dict[str, Any]:
    """Map characters an lxml tree cannot hold (C0 controls, U+FFFE/FFFF, lone surrogates) to
    U+FFFD, one for one, at the boundary: positions come from the source and stay exact."""
    data = token.get("data")
    if kind in _TEXT_TOKENS and isinstance(data, str):
        if _CONTROL.search(data):
            token["data"] = _CONTROL.sub("\ufffd", data)
    elif kind == _START_TAG and isinstance(data, dict):
        for name, value in data.items():
            if isinstance(value, str) and _CONTROL.search(value):
                data[name] = _CONTROL.sub("\ufffd", value)
    return token


class _TreeBuilder(etree_lxml.TreeBuilder):
    """lxml tree builder that records the source offset of every element it creates."""

    def __init__(self, namespaceHTMLElements: bool, fullTree: bool = False) -> None:
        super().__init__(namespaceHTMLElements, fullTree)
        self.positions: dict[Any, int] = {}
        self.tokenizer: _Tokenizer | None = None

    def reset(self) -> None:
        super().reset()
        self.positions = {}

    def _pos(self, token: dict[str, Any]) -> int:
        if "pos" in token:
            return int(token["pos"])
        return self.tokenizer.current if self.tokenizer is not None else 0

    def _record(self, element: Any, token: dict[str, Any]) -> Any:
        self.positions.setdefault(element._element, self._pos(token))
        return element

    def insertRoot(self, token: dict[str, Any]) -> None:
        super().insertRoot(token)
        self._record(self.openElements[-1], token)

    def insertElementNormal(self, token: dict[str, Any]) -> Any:
        return self._record(super().insertElementNormal(token), token)

    def insertElementTable(self, token: dict[str, Any]) -> Any:
        return self._record(super().insertElementTable(token), token)


class _Parser(html5parser.HTMLParser):
    def _parse(self, stream: Any, innerHTML: bool = False, container: str = "div",
               scripting: bool = False, **kwargs: Any) -> None:
        # Same steps as html5lib's own _parse, with our tokenizer in place of its own.
        self.innerHTMLMode = innerHTML
        self.container = container
        self.scripting = scripting
        self.tokenizer = _Tokenizer(stream, parser=self, **kwargs)
        self.tree.tokenizer = self.tokenizer
        self.reset()
        try:
            self.mainLoop()
        except _inputstream._ReparseException:
            # A late <meta charset> changed the encoding: html5lib re-reads from the start.
            self.tokenizer.comments.clear()
            self.reset()
            self.mainLoop()


def sniff_encoding(data: bytes, transport: str | None = None) -> str:
    """The encoding a browser would use: BOM, then the transport's charset, then a
    <meta charset> in the first 1024 bytes, then windows-1252."""
    stream = _inputstream.HTMLBinaryInputStream(data, transport_encoding=transport, useChardet=False)
    return str(stream.charEncoding[0].name)


def parse(source: bytes | str, *, encoding: str | None = None) -> ParsedHTML:
    """Parse HTML the way a browser does. Bytes are decoded like a browser decodes them
    (BOM, then ``encoding`` if given, then ``<meta charset>``, then windows-1252)."""
    if isinstance(source, str) and source.startswith("\ufeff"):
        source = source[1:]
    parser = _Parser(tree=_TreeBuilder, namespaceHTMLElements=False)
    kwargs: dict[str, Any] = {}
    if encoding and not isinstance(source, str):
        kwargs["transport_encoding"] = encoding
    with warnings.catch_warnings():
        # lxml cannot hold "--" in a comment, so html5lib rewrites it and warns; directives
        # ("-- reason") are read from the tokens, which keep the original text.
        warnings.simplefilter("ignore", DataLossWarning)
        document = parser.parse(source, **kwargs)
    tokenizer: _Tokenizer = parser.tokenizer
    stream = tokenizer.stream
    enc = "utf-8" if isinstance(source, str) else stream.charEncoding[0].name
    tree = document if isinstance(document, etree._ElementTree) else document.getroottree()
    return ParsedHTML(
        tree=tree,
        text=stream.text(),
        encoding=enc,
        positions=parser.tree.positions,
        comments=tuple(tokenizer.comments),
        duplicate_attributes=tuple((tag, name) for tag in dict.fromkeys(tokenizer.duplicate_tags)
                                   for name in duplicate_names(stream.text(), tag)),
    )
