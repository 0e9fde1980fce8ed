"""The line where each key of a TOML document is written, so that an error in a config or
rule file can point at it. tomllib gives values only; this reads the text once more, line by
line, and understands what a key's position needs: table headers, arrays of tables, dotted
and quoted keys, keys inside one-line inline tables, and multi-line strings (skipped)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

Path = tuple[str | int, ...]

_BARE = r"[A-Za-z0-9_-]+"
_QUOTED = r'"(?:[^"\\]|\\.)*"|\'[^\']*\''
_KEY = rf"(?:{_BARE}|{_QUOTED})(?:\s*\.\s*(?:{_BARE}|{_QUOTED}))*"
_HEADER = re.compile(rf"\s*(\[\[?)\s*({_KEY})\s*\]\]?\s*(?:#.*)?$")
_ASSIGN = re.compile(rf"\s*({_KEY})\s*=")
_PART = re.compile(rf"{_BARE}|{_QUOTED}")
_INLINE_KEY = re.compile(rf"[{{,]\s*({_KEY})\s*=")


def _parts(key: str) -> tuple[str, ...]:
    out = []
    for part in _PART.findall(key):
        if part[:1] in "\"'":
            part = part[1:-1]
        out.append(part)
    return tuple(out)


@dataclass(frozen=True)
class Positions:
    """Key path -> line (1-based). Items of an array of tables are numbered from 0."""

    lines: Mapping[Path, int]

    def line(self, path: Sequence[str | int]) -> int | None:
        """The line of ``path``, or of the nearest key above it that is written down."""
        key = tuple(path)
        while key:
            if key in self.lines:
                return self.lines[key]
            key = key[:-1]
        return None


def positions(text: str) -> Positions:
    lines: dict[Path, int] = {}
    table: Path = ()
    arrays: dict[tuple[str, ...], int] = {}  # array of tables -> items seen
    in_string = ""  # the delimiter of a multi-line string being skipped
    for number, line in enumerate(text.splitlines(), 1):
        if in_string:
            if line.count(in_string) % 2 == 1:
                in_string = ""
            continue
        header = _HEADER.match(line)
        if header:
            name = _parts(header[2])
            if header[1] == "[[":
                index = arrays.get(name, 0)
                arrays[name] = index + 1
                table = (*name, index)
            else:
                table = name
            lines.setdefault(table, number)
            continue
        assign = _ASSIGN.match(line)
        if not assign:
            continue
        key = (*table, *_parts(assign[1]))
        lines.setdefault(key, number)
        rest = line[assign.end():]
        for quote in ('"""', "'''"):
            if rest.count(quote) % 2 == 1:
                in_string = quote
        if rest.lstrip().startswith("{"):  # an inline table on this line: its keys are here too
            for inner in _INLINE_KEY.finditer(rest):
                lines.setdefault((*key, *_parts(inner[1])), number)
    return Positions(MappingProxyType(lines))
