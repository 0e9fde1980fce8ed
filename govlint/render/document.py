"""The rendered page as a Document: the browser's DOM, with source positions where they exist.

Rules read it exactly as they read a static page. Beyond the base Document it knows:

* ``hidden``: the elements the browser does not render (``Element.checkVisibility`` with
  visibility: display:none, visibility:hidden/collapse, content-visibility:hidden, and
  everything inside a display:none or content-visibility:hidden element). Layers that
  decide what assistive technology gets (hidden state, accessible names) consult
  ``is_hidden``; the static Document has no such facts and answers from markup alone.
* ``built``: elements a script created (no source position of their own). They are placed
  at their nearest source ancestor, and their findings say so.
* ``text_styles`` / ``link_styles``: computed colours and fonts behind each element's own
  text, and around links in blocks of text, for the contrast rules.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from .. import text
from ..document import Document, _tag_end


@dataclass(frozen=True)
class TextStyle:
    """What decides the contrast of an element's own text."""

    color: str  # computed colour of the text
    opacity: float  # the element's opacity times its ancestors'
    backgrounds: tuple[str, ...]  # background colours from the element outwards to an opaque one
    image: bool  # a background image or gradient is among them
    font_size: float  # px
    font_weight: int
    disabled: bool  # part of a disabled control (exempt)
    tiny: bool  # a box of 1 px or less: text clipped away for screen readers only (exempt)
    overlapped: bool  # another element covers the text's centre


@dataclass(frozen=True)
class Cue:
    """The non-colour styles that can set a link apart from the text around it."""

    decoration: str  # text-decoration-line
    border: bool  # a visible bottom border
    font_weight: int
    font_style: str
    color: str


@dataclass(frozen=True)
class LinkStyle:
    link: Cue
    around: Cue  # the text the link sits in (its parent's computed style)
    opacity: float
    backgrounds: tuple[str, ...]
    image: bool


@dataclass(frozen=True)
class FocusStep:
    """An element reached with Tab, the first time."""

    visible: bool  # focused, it looks different (outline, border, shadow, colours, decoration)
    before: str  # how it looks unfocused, in words
    after: str  # and focused
    covered_by: Any  # fixed or sticky content that hides it entirely once in view, else None


@dataclass(frozen=True)
class Interactions:
    """What the browser showed when govlint acted on the page (probes.js)."""

    probed: frozenset[str] = frozenset()  # the probes that ran to the end
    incomplete: frozenset[str] = frozenset()  # the probes the page's time ran out for
    small_targets: Mapping[Any, tuple[float, float, Any]] = field(default_factory=dict)  # w, h, neighbour
    clipped: Mapping[Any, tuple[int, int, int, int]] = field(default_factory=dict)  # box w, h; text w, h
    reflow: tuple[Any, int, int] | None = None  # the widest element, the page's width, its width
    focus: Mapping[Any, FocusStep] = field(default_factory=dict)
    trap: tuple[Any, int] | None = None  # the element focus cycles inside, and how many it cycles
    tabbable: int = 0
    unreached: int = 0  # tabbable elements the Tab budget did not reach
    presses: int = 0


@dataclass(eq=False)
class RenderedDocument(Document):
    hidden: frozenset[Any] = field(default_factory=frozenset)
    built: frozenset[Any] = field(default_factory=frozenset)
    text_styles: Mapping[Any, TextStyle] = field(default_factory=dict)
    link_styles: Mapping[Any, LinkStyle] = field(default_factory=dict)
    blocked: tuple[str, ...] = ()  # URLs outside the site the page asked for, blocked
    interactions: Interactions = field(default_factory=Interactions)

    def is_hidden(self, element: Any) -> bool:
        return element in self.hidden

    def rendered_hidden(self) -> frozenset[Any] | None:
        return self.hidden

    def built_by_script(self, element: Any) -> bool:
        return element in self.built

    def blocked_requests(self) -> tuple[str, ...]:
        return self.blocked

    def snippet(self, element: Any, limit: int = 160) -> str:
        if element not in self.built:
            return super().snippet(element, limit)
        shallow = etree.Element(element.tag, dict(element.attrib))
        tag = etree.tostring(shallow, encoding="unicode", method="html")
        return text.shorten(text.squash(tag[:_tag_end(tag, 0)]), limit)
