"""Text of elements and the normalisation used to compare wording."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from lxml import etree

_SKIP = frozenset({"script", "style", "template", "noscript"})
_SVG_NS = "{http://www.w3.org/2000/svg}"
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"', "\u00a0": " "})


def squash(value: str) -> str:
    """Collapse runs of white space to one space and trim (str.split's white space is the
    regex \\s of a str pattern, and splitting is several times faster than re.sub)."""
    return " ".join(value.split())


def normalize(value: str) -> str:
    """For comparing wording: straight quotes, one space, case-folded."""
    return squash(value.translate(_QUOTES)).casefold()


def shorten(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


# An inline SVG's subtree is entered through its root element, so naming that is enough.
_SKIP_SUBTREE = _SKIP | {_SVG_NS + "svg"}
_BREAKS = frozenset({"br", "p", "div", "li", "td", "th", "figcaption", "h1", "h2", "h3", "h4"})


@dataclass(frozen=True)
class TextIndex:
    """A page's visible text, built in one pass, with each element's span in it, so an
    element's text is a slice and a phrase search never copies text.

    Same text as :func:`text_of`: no scripts, styles, comments or inline SVG."""

    text: str
    spans: dict[Any, tuple[int, int]]

    @classmethod
    def build(cls, root: Any) -> TextIndex:
        parts: list[str] = []
        append = parts.append  # bound once: this loop runs for every element of the page
        size = 0
        open_at: list[int] = []  # start offsets of the open elements (-1: skipped subtree)
        push, pop = open_at.append, open_at.pop
        spans: dict[Any, tuple[int, int]] = {}
        skip, breaks = _SKIP_SUBTREE, _BREAKS
        walker = etree.iterwalk(root, events=("start", "end", "comment", "pi"))
        skip_subtree = walker.skip_subtree
        for event, element in walker:
            if event == "start":
                if element.tag in skip:
                    skip_subtree()
                    push(-1)
                    continue
                push(size)
                own = element.text
                if own:
                    append(own)
                    size += len(own)
                continue
            if event == "end":
                start = pop()
                if start >= 0:
                    if element.tag in breaks:
                        append(" ")
                        size += 1
                    spans[element] = (start, size)
            tail = element.tail
            if tail and element is not root:
                append(tail)
                size += len(tail)
        return cls("".join(parts), spans)

    def of(self, element: Any) -> str:
        span = self.spans.get(element)
        return squash(self.text[span[0]:span[1]]) if span else ""

    def contains(self, element: Any, phrase: str) -> bool:
        span = self.spans.get(element)
        # The sieve first: it never misses a match of the pattern, and finds its first letter
        # in C where the case-blind pattern is tried at every character of the span.
        return bool(span and _phrase_sieve(phrase).search(self.text, *span)
                    and phrase_pattern(phrase).search(self.text, *span))

    def smallest_containing(self, element: Any, phrases: tuple[str, ...]) -> Any:
        """The deepest element under ``element`` whose text holds every phrase; None if
        ``element`` itself does not."""
        if not all(self.contains(element, p) for p in phrases):
            return None
        node = element
        while True:
            for child in node:
                if child in self.spans and all(self.contains(child, p) for p in phrases):
                    node = child
                    break
            else:
                return node


@lru_cache(maxsize=256)
def phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A regex finding ``phrase`` (in normalised form) in raw text: any run of white space
    between words, straight or curly quotes, any case."""
    out = []
    for word in normalize(phrase).split(" "):
        out.append("".join("['‘’]" if c == "'" else '["“”]' if c == '"' else re.escape(c) for c in word))
    return re.compile(r"\s+".join(out), re.IGNORECASE)


@lru_cache(maxsize=256)
def _phrase_sieve(phrase: str) -> re.Pattern[str]:
    """A case-sensitive pattern matching wherever phrase_pattern(phrase) does, and a little
    more: an ASCII letter may be either case or any non-ASCII character (the only others
    IGNORECASE can take it for, such as the Kelvin sign for k), any other ASCII character only
    itself, a non-ASCII character anything."""
    out = []
    for word in normalize(phrase).split(" "):
        out.append("".join(_sieve_char(c) for c in word))
    return re.compile(r"\s+".join(out))


def _sieve_char(c: str) -> str:
    if c == "'":
        return "['‘’]"
    if c == '"':
        return '["“”]'
    if not c.isascii():
        return "[\\s\\S]"
    if c.isalpha():
        return f"[{c.lower()}{c.upper()}\\u0080-\\U0010ffff]"
    return re.escape(c)


def text_of(element: Any, *, skip_svg: bool = True) -> str:
    """Visible text of an element: no scripts, styles or comments, and (by default) none of
    an inline SVG's title/desc, which would otherwise run into the sentence around it."""
    out: list[str] = []
    _collect(element, out, skip_svg)
    return squash("".join(out))


def _collect(element: Any, out: list[str], skip_svg: bool) -> None:
    tag = element.tag
    if isinstance(tag, str) and tag not in _SKIP and not (skip_svg and tag.startswith(_SVG_NS)):
        if element.text:
            out.append(element.text)
        for child in element:
            _collect(child, out, skip_svg)
            if child.tail:
                out.append(child.tail)
        if tag in _BREAKS:
            out.append(" ")
    elif tag is not None and not isinstance(tag, str):
        return  # comments and processing instructions carry no text


class _Args(dict[str, object]):
    """Message arguments: a placeholder a finding did not fill stays visible, never raises."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, args: Any) -> str:
    """A rule message with a finding's arguments filled in."""
    return template.format_map(_Args(args))
