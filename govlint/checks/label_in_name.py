"""label-content-name-mismatch: a widget's visible label is part of its accessible name (WCAG
2.5.3 Label in Name, ACT 2ee8b8).

A speech-input user says what they see ("click Search"); when aria-label or aria-labelledby
replaces the name a control's text would give it, the words shown must still be in the name.

Applicability (ACT 2ee8b8): a widget role named from content, text content that is rendered,
and an aria-label or aria-labelledby attribute. Expectation: the words of the visible text
occur, in order and next to each other, among the words of the accessible name, ignoring case,
white space, punctuation and characters that stand for non-text content (symbols, emoji,
icon-font glyphs in the private use areas), which WCAG's Understanding 2.5.3 sets apart from
the label; punctuation inside a word may be written on one side only ("U.S." and "US").
Text clipped to a 1-pixel box (screen-reader-only text) is not visible; rendered mode knows
which text that is, static mode takes all rendered text as visible.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from .. import text
from ..a11y.roles import SVG
from ..document import Document
from . import CheckContext, CheckSpec, Finding

_SVG_TEXT = frozenset({"text", "tspan", "textPath"})
# ACT 2ee8b8: the widget roles that support name from content.
_ROLES = frozenset({"button", "checkbox", "gridcell", "link", "menuitem", "menuitemcheckbox",
                    "menuitemradio", "option", "radio", "searchbox", "switch", "tab", "treeitem"})


def check_label_in_name(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    a = doc.a11y
    clipped = _clipped(doc)
    for el in a.with_aria:  # in document order
        if el.get("aria-label") is None and el.get("aria-labelledby") is None:
            continue
        if a.role(el) not in _ROLES or a.hidden(el):
            continue
        visible = _visible_text(a, el, clipped)
        label = words(visible)
        if not label:
            continue  # no visible text, or only symbols standing for non-text content
        name = a.name(el)
        if not contains(words(name), label):
            yield Finding("mismatch", el, {"label": text.shorten(text.squash(visible), 60),
                                           "name": text.shorten(name, 60)})


def _clipped(doc: Document) -> frozenset[Any]:
    """Elements whose own text the browser clipped to a 1-pixel box (rendered mode only)."""
    styles = getattr(doc, "text_styles", None) or {}
    return frozenset(el for el, style in styles.items() if style.tiny)


def _visible_text(a: Any, el: Any, clipped: frozenset[Any]) -> str:
    """The text of ``el`` that is rendered: aria-hidden text is still seen, so it counts;
    never-rendered content does not, nor SVG's except what its text elements draw."""
    parts: list[str] = []
    todo: list[Any] = [el]
    while todo:
        item = todo.pop()
        if isinstance(item, str):
            parts.append(item)
            continue
        shown = item not in clipped and _draws_text(item)
        parts.append(item.text or "" if shown else "")
        parts.append(" ")  # element boundaries separate words, as block boxes and images do
        for child in reversed(item):
            todo.append(" " + (child.tail or "") if shown else " ")
            if isinstance(child.tag, str) and not a.unrendered(child):
                todo.append(child)
    return "".join(parts)


def _draws_text(element: Any) -> bool:
    """Whether the element's own text is drawn: in SVG only text content elements draw it
    (a <title> or <desc> is not shown, and white space between shapes is not text)."""
    tag = element.tag
    return not tag.startswith(SVG) or tag[len(SVG):] in _SVG_TEXT


def words(value: str) -> list[str]:
    """The runs of letters, digits and combining marks in ``value``, case-folded: white space,
    punctuation, symbols and private-use glyphs all end a word."""
    out: list[str] = []
    word: list[str] = []
    for c in value.casefold():
        if unicodedata.category(c)[0] in "LNM":
            word.append(c)
        elif word:
            out.append("".join(word))
            word = []
    if word:
        out.append("".join(word))
    return out


def contains(name: list[str], label: list[str]) -> bool:
    """Whether the label's words, run together, are a run of whole words of the name, also run
    together: so "U.S." matches "US" and "Sign-in" matches "sign in", whichever side writes
    the punctuation, but "Go" never matches "Gone"."""
    target = "".join(label)
    if not target:
        return True  # no visible words: nothing to find
    for start in range(len(name)):
        joined = ""
        for word in name[start:]:
            joined += word
            if len(joined) >= len(target):
                if joined == target:
                    return True
                break
    return False


SPEC = CheckSpec(check_label_in_name, frozenset({"mismatch"}))
