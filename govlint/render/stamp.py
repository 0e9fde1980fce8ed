"""Mark each element of the source with its offset, so the rendered DOM can be mapped back.

The stamp is an attribute inserted right after the tag name of every start tag the parser
located: the page a browser receives is the page as written, plus one attribute per tag.
Elements the parser adds itself (html, head, body without tags) carry no stamp; rendered
elements without one were built by a script.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

ATTRIBUTE = "data-govlint-at"


def stamped(text: str, positions: Mapping[Any, int]) -> str:
    """``text`` with ` data-govlint-at="OFFSET"` after the name of each located start tag."""
    inserts: dict[int, int] = {}  # where the tag name ends -> the tag's offset
    seen: set[int] = set()  # implied elements share the offset of the tag that implied them
    for element, offset in positions.items():
        tag = element.tag
        if not isinstance(tag, str) or offset in seen:
            continue
        seen.add(offset)
        name = tag.rpartition("}")[2]
        end = offset + 1 + len(name)
        if text.startswith("<", offset) and text[offset + 1:end].lower() == name.lower():
            inserts[end] = offset
    pieces = []
    last = 0
    for end in sorted(inserts):
        pieces += [text[last:end], f' {ATTRIBUTE}="{inserts[end]}"']
        last = end
    pieces.append(text[last:])
    return "".join(pieces)
