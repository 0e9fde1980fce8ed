"""Colour rules, decided from the browser's computed styles (rendered mode only).

A static page has no computed styles, so these checks find nothing there. The text colour is
painted over the background layers behind the element (its own and its ancestors' background
colours, composited down to the first opaque one, over a white canvas); a background image or
gradient, another element on top, or a colour outside sRGB makes the result undecidable, and
the finding asks for a review instead of failing.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..document import Document
from ..render import colour
from ..render.document import Cue, RenderedDocument, TextStyle
from . import CheckContext, CheckSpec, Finding

# Symbols that, like punctuation, set text apart rather than say anything (a "|" between links).
_SEPARATORS = frozenset("|~^`+<=>")
LARGE_PX = 24.0  # 18 pt
LARGE_BOLD_PX = 18.66  # 14 pt, bold
BOLD = 700


@dataclass(frozen=True)
class Measured:
    ratio: float
    text: colour.RGBA  # the text colour as painted (its alpha applied over the background)
    background: colour.RGBA


def large(style: TextStyle) -> bool:
    return style.font_size >= LARGE_PX or (style.font_size >= LARGE_BOLD_PX and style.font_weight >= BOLD)


def backdrop(layers: Iterable[str]) -> colour.RGBA | None:
    parsed = [colour.parse(value) for value in layers]
    if any(p is None for p in parsed):
        return None
    return colour.composite(p for p in parsed if p is not None)


def measure(text: str, opacity: float, layers: Iterable[str]) -> Measured | None:
    """The contrast of text of colour ``text`` over ``layers``; None when not sRGB."""
    fg = colour.parse(text)
    bg = backdrop(layers)
    if fg is None or bg is None:
        return None
    painted = fg.with_alpha(opacity).over(bg)
    return Measured(colour.ratio(painted, bg), painted, bg)


def color_contrast(doc: Document, ctx: CheckContext, *, normal: float = 4.5,
                   large_text: float = 3.0) -> Iterable[Finding]:
    if not isinstance(doc, RenderedDocument):
        return
    for element, style in doc.text_styles.items():
        if style.disabled or style.tiny:
            continue  # inactive controls and text clipped away are exempt (WCAG 1.4.3)
        if _punctuation_only(element):
            continue
        required = large_text if large(style) else normal
        size = "large" if large(style) else "normal"
        fg = colour.parse(style.color)
        if fg is not None and fg.a * style.opacity == 0:
            continue  # fully transparent text is not seen at all
        reason = _undecidable(style)
        found = measure(style.color, style.opacity, style.backgrounds) if reason is None else None
        if found is None:
            shown = fg.hex if fg is not None else style.color
            yield Finding("review", element, {"reason": reason or "a colour is not in sRGB",
                                              "fg": shown, "required": f"{required:g}"})
        elif found.ratio < required:
            yield Finding("low", element, {"ratio": colour.shown(found.ratio), "required": f"{required:g}",
                                           "size": size, "fg": found.text.hex, "bg": found.background.hex})


def _punctuation_only(element: Any) -> bool:
    """Whether the element's own text is only punctuation (a rule of dashes, a lone full stop,
    a "|" between links): WCAG 1.4.3 is about text, a sequence of characters that expresses
    something in human language, and these express nothing. A form field's value is read by
    the browser, not from the tree, and is always measured."""
    if element.tag in ("input", "textarea"):
        return False
    own = [element.text or "", *(child.tail or "" for child in element)]
    chars = [c for piece in own for c in piece if not c.isspace()]
    return bool(chars) and all(unicodedata.category(c).startswith("P") or c in _SEPARATORS
                               for c in chars)


def _undecidable(style: TextStyle) -> str | None:
    if style.image:
        return "a background image or gradient is behind it"
    if style.overlapped:
        return "another element covers it"
    return None


def link_in_text_block(doc: Document, ctx: CheckContext, *, minimum: float = 3.0) -> Iterable[Finding]:
    if not isinstance(doc, RenderedDocument):
        return
    for element, style in doc.link_styles.items():
        if _cue(style.link, style.around) or style.image:
            continue
        link = measure(style.link.color, style.opacity, style.backgrounds)
        around = measure(style.around.color, style.opacity, style.backgrounds)
        if link is None or around is None:
            continue
        ratio = colour.ratio(link.text, around.text)
        args = {"ratio": colour.shown(ratio), "link": link.text.hex, "text": around.text.hex,
                "minimum": f"{minimum:g}"}
        yield Finding("colour-only" if ratio < minimum else "review", element, args)


def _cue(link: Cue, around: Cue) -> bool:
    """Whether something besides colour sets the link apart from the text around it."""
    lines = set(link.decoration.split()) - {"none"}
    return (bool(lines - set(around.decoration.split()))
            or (link.border and not around.border)
            or abs(link.font_weight - around.font_weight) >= 300
            or link.font_style != around.font_style)




CONTRAST_SPEC = CheckSpec(color_contrast, frozenset({"low", "review"}))
LINK_SPEC = CheckSpec(link_in_text_block, frozenset({"colour-only", "review"}))
