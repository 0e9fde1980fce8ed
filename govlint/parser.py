"""Parsing a page: the parser choice, and what every parser hands to the rest of govlint.

A parser turns the page into an lxml tree (the document model every rule reads, queried
with cssselect) plus the decoded, newline-normalised source and the character offset of
every element's start tag in it. Two parsers produce the same tree and the same offsets:

* ``turbohtml`` (the default): a C implementation of the WHATWG tokenizer and tree
  construction that records each element's source line and column (turbo_parser.py);
* ``html5lib``: the pure-Python reference implementation, hooked for offsets
  (html5lib_parser.py); about 150 times slower, kept as an independent second reading.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .parsed import NOT_XML, LineIndex, ParsedHTML, duplicate_names, scan_duplicates

PARSERS = ("turbohtml", "html5lib")
DEFAULT_PARSER = "turbohtml"

__all__ = ["DEFAULT_PARSER", "NOT_XML", "PARSERS", "LineIndex", "ParsedHTML", "duplicate_names", "parse",
           "scan_duplicates"]


def parse(source: bytes | str, *, encoding: str | None = None,
          parser: str = DEFAULT_PARSER) -> ParsedHTML:
    """Parse HTML the way a browser does. Bytes are decoded like a browser decodes them
    (BOM, then ``encoding`` if given, then ``<meta charset>``, then a sniff)."""
    if parser == "html5lib":
        from . import html5lib_parser

        return html5lib_parser.parse(source, encoding=encoding)
    if parser == "turbohtml":
        from . import turbo_parser

        return turbo_parser.parse(source, encoding=encoding)
    raise ValueError(f"unknown parser {parser!r}: expected one of {', '.join(PARSERS)}")


def __getattr__(name: str) -> Any:
    # What every parser returns lives in parsed.py, imported on first use, so that the command
    # line can offer the parser choice (--help, --version) without importing it.
    if name in {"NOT_XML", "LineIndex", "ParsedHTML", "duplicate_names", "scan_duplicates"}:
        from . import parsed

        return getattr(parsed, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
