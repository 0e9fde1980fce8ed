"""What every parser hands to the rest of govlint: the tree, the normalised source, the offset
of each element's start tag, and the line index; and the start-tag reading both parsers use
for attributes written twice. The parser choice is parser.py's, above the parsers."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import accumulate
from typing import Any

# Characters an XML tree cannot hold; each parser maps them to U+FFFD one for one.
NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


@dataclass(frozen=True)
class LineIndex:
    """Maps offsets in the normalised text to 1-based (line, column) in characters."""

    line_starts: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> LineIndex:
        # Line lengths from one C-level split; each start is the sum of the lines before it.
        starts = (0, *accumulate(len(line) + 1 for line in text.split("\n")))
        return cls(starts[:-1])

    def linecol(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def offset(self, line: int, column0: int) -> int:
        """The offset of a 1-based line and a 0-based column."""
        return self.line_starts[line - 1] + column0


@dataclass(frozen=True)
class ParsedHTML:
    tree: Any  # lxml ElementTree
    text: str  # decoded, newline-normalised source
    encoding: str
    positions: dict[Any, int]
    comments: tuple[tuple[int, str], ...]
    # Attribute names written twice in one start tag: (offset of the start tag, name). The tree
    # keeps only the first value, so only the parser can tell.
    duplicate_attributes: tuple[tuple[int, str], ...] = ()
    index: LineIndex | None = None  # the text's line starts, when the parser already built them


_ATTRIBUTE = re.compile(r"""[\t\n\f\r /]*([^\t\n\f\r />][^\t\n\f\r /=>]*)[\t\n\f\r ]*"""
                        r"""(?:=[\t\n\f\r ]*(?:"[^"]*"?|'[^']*'?|[^\t\n\f\r >]*))?""")
_TAG_NAME = re.compile(r"<[^\t\n\f\r />]*")


def duplicate_names(text: str, tag_start: int) -> list[str]:
    """Attribute names written more than once in the start tag at ``tag_start``, read as the
    WHATWG tokenizer reads them (names are case-insensitive; the first value wins)."""
    return scan_duplicates(text, tag_start)[0]


def scan_duplicates(text: str, tag_start: int) -> tuple[list[str], int]:
    """duplicate_names(), and where the reading of the start tag stopped."""
    name = _TAG_NAME.match(text, tag_start)
    if name is None:
        return [], tag_start
    pos = name.end()
    seen: set[str] = set()
    dupes: list[str] = []
    while pos < len(text) and text[pos] != ">":
        found = _ATTRIBUTE.match(text, pos)
        if found is None or found.end() == pos:
            break
        pos = found.end()
        if found.group(1) is None:
            continue
        attr = found.group(1).lower()
        if attr in seen and attr not in dupes:
            dupes.append(attr)
        seen.add(attr)
    return dupes, pos
