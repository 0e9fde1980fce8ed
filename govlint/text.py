"""Text of elements and the normalisation used to compare wording."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
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
    """For comparing wording: straight quotes, one space, case-folded (squash written out:
    every link name and image text of a page passes here)."""
    return " ".join(value.translate(_QUOTES).split()).casefold()


def shorten(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"


# An inline SVG's subtree is entered through its root element, so naming that is enough.
_SKIP_SUBTREE = _SKIP | {_SVG_NS + "svg"}
_NON_SPACE = re.compile(r"\S")
_BREAKS = frozenset({"br", "p", "div", "li", "td", "th", "figcaption", "h1", "h2", "h3", "h4"})


def fold(value: str) -> str:
    """Lower case of the same length, where each character re.IGNORECASE matches an ASCII
    letter with is that letter: besides the other case, only dotted and dotless i, long s and
    the Kelvin sign are (tests check every code point)."""
    return value.replace("\u0130", "i").replace("\u0131", "i").replace("\u017f", "s").lower()


@dataclass(frozen=True)
class TextIndex:
    """A page's visible text, built in one pass, with each element's span in it, so an
    element's text is a slice and a phrase search never copies text.

    Same text as :func:`text_of`: no scripts, styles, comments or inline SVG."""

    text: str
    spans: dict[Any, tuple[int, int]]
    # Each element's text once made (images sharing a container ask for its text each).
    _texts: dict[Any, str] = field(default_factory=dict, compare=False, repr=False)

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

    @cached_property
    def folded(self) -> str:
        """The text in lower case, with every character IGNORECASE takes for an ASCII letter
        written as that letter (str.lower turns the Kelvin sign into k, but keeps long s and
        dotless i, and lengthens only dotted capital I), so its spans still hold."""
        return fold(self.text)

    def of(self, element: Any) -> str:
        held = self._texts.get(element)
        if held is None:
            span = self.spans.get(element)
            held = self._texts[element] = squash(self.text[span[0]:span[1]]) if span else ""
        return held

    def has_text(self, element: Any) -> bool:
        """Whether of(element) is not empty, found without copying the text: \\S is what
        str.split() does not split at (both read Py_UNICODE_ISSPACE)."""
        span = self.spans.get(element)
        return span is not None and _NON_SPACE.search(self.text, *span) is not None

    def contains(self, element: Any, phrase: str) -> bool:
        span = self.spans.get(element)
        if not span:
            return False
        # A match holds each plain word of the phrase, found by str.find in the folded text
        # long before the case-blind pattern, tried at every character, gets there.
        word = _longest_plain_word(phrase)
        if word and self.folded.find(word, *span) == -1:
            return False
        return phrase_pattern(phrase).search(self.text, *span) is not None

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
def _longest_plain_word(phrase: str) -> str:
    """The phrase's longest word of ASCII characters other than quotes (which match curly
    ones too), as normalize() spells it; '' when it has none."""
    plain = [w for w in normalize(phrase).split(" ") if w.isascii() and "'" not in w and '"' not in w]
    return max(plain, key=len, default="")


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


def xml_tokens(value: str | None) -> list[str]:
    """The tokens of an attribute as CSS's ~= and .class read them in cssselect's XPath
    (contains(concat(' ', normalize-space(@class), ' '), ' x ')): split at XML white space
    only (space, tab, CR, LF), not at a form feed."""
    if not value:
        return []
    return value.replace("\t", " ").replace("\n", " ").replace("\r", " ").split(" ")
