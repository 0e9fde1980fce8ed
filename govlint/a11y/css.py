"""The part of the CSS cascade that hides content: ``display`` and ``visibility``.

Style sheets are parsed with tinycss2; selectors are matched with cssselect (compiled to
XPath once). Only declarations of the two properties are kept, so a big framework style sheet
costs one parse per file and one XPath run per hiding rule. Rules inside at-rules (@media,
@supports...) are left out: they hold only under conditions a static reading cannot decide,
and guessing "hidden" there would hide content that shows.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

import tinycss2
from cssselect import HTMLTranslator, SelectorError, parse
from lxml import etree

from .simple_selectors import Compound, chain_of, match

PROPERTIES = frozenset({"display", "visibility"})
_TRANSLATOR = HTMLTranslator()
_NAMES = re.compile(r"[.#](-?[_a-zA-Z][\w-]*)")
_INLINE = (1, 0, 0, 0)  # a style attribute outranks every selector


@dataclass(frozen=True)
class Declaration:
    prop: str
    value: str  # lower-case keyword(s)
    important: bool


@dataclass(frozen=True)
class StyleRule:
    xpath: etree.XPath
    chain: tuple[Compound, ...] | None  # its compounds when the attribute index can match it
    names: tuple[str, ...]  # class and id names the selector needs, to skip it cheaply
    specificity: tuple[int, int, int, int]
    declarations: tuple[Declaration, ...]


@lru_cache(maxsize=4096)
def declarations(text: str) -> tuple[Declaration, ...]:
    """The display/visibility declarations of a declaration list (a style attribute's text;
    a pure function of it, memoised: a page, and a site's template, repeat their styles)."""
    out = []
    for item in tinycss2.parse_blocks_contents(text, skip_comments=True, skip_whitespace=True):
        if item.type == "declaration" and item.lower_name in PROPERTIES:
            value = tinycss2.serialize(item.value).strip().lower()
            out.append(Declaration(item.lower_name, value, item.important))
    return tuple(out)


@lru_cache(maxsize=256)
def parse_sheet(text: str) -> tuple[StyleRule, ...]:
    """The hiding-relevant rules of a style sheet, in order (a pure function of its text)."""
    out: list[StyleRule] = []
    for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue
        decls = declarations(tinycss2.serialize(rule.content)) if _mentions(rule.content) else ()
        if not decls:
            continue
        prelude = tinycss2.serialize(rule.prelude)
        try:
            selectors = parse(prelude)
        except SelectorError:
            continue
        for selector in selectors:
            if selector.pseudo_element is not None:
                continue
            try:
                xpath = etree.XPath(_TRANSLATOR.selector_to_xpath(selector))
            except (SelectorError, etree.XPathError):
                continue
            a, b, c = selector.specificity()
            out.append(StyleRule(xpath, chain_of(selector.parsed_tree),
                                 tuple(_NAMES.findall(selector.canonical())), (0, a, b, c), decls))
    return tuple(out)


def _mentions(tokens: Iterable[Any]) -> bool:
    return any(t.type == "ident" and t.lower_value in PROPERTIES for t in tokens)


def page_rules(root: Any, source: str, read_local: Callable[[str], str | None] | None = None,
               ) -> Iterator[StyleRule]:
    """Every hiding rule that applies to the page: its <style> elements and linked sheets
    (``read_local(href)``: a local sheet's text, see localfiles), in document order, each
    skipped when a class or id it needs is not in the page source."""
    for el in root.iter("style", "link"):
        if el.tag == "style":
            sheet = el.text or ""
        elif "stylesheet" in (el.get("rel") or "").lower().split() and _screen(el.get("media")):
            sheet = (read_local(el.get("href") or "") if read_local else None) or ""
        else:
            continue
        if not _screen(el.get("media")) or ("display" not in sheet and "visibility" not in sheet):
            continue
        for rule in parse_sheet(sheet):
            if all(name in source for name in rule.names):
                yield rule


def _screen(media: str | None) -> bool:
    """Whether a media attribute applies on screen regardless of size."""
    return media is None or media.strip().lower() in ("", "all", "screen")


@dataclass
class Computed:
    """The winning display and visibility declaration of each element (only those that
    have one), before inheritance."""

    display: dict[Any, str]
    visibility: dict[Any, str]


def cascade(root: Any, rules: Iterable[StyleRule],
            with_attribute: Callable[[str], Sequence[Any]]) -> Computed:
    """``with_attribute(name)``: the page's elements carrying an attribute, in document order
    (its attribute index: an XPath scan of the page for the styled elements, or for a rule's
    classes, cost more than the rest of the cascade)."""
    best: dict[tuple[Any, str], tuple[tuple[int, ...], str]] = {}
    order = 0
    for rule in rules:
        order += 1
        # Once for all the rule's declarations.
        matched = match(rule.chain, with_attribute) if rule.chain is not None else cast(
            list[Any], rule.xpath(root))
        if not matched:
            continue
        for decl in rule.declarations:
            rank = (int(decl.important), *rule.specificity, order)
            for el in matched:
                key = (el, decl.prop)
                held = best.get(key)
                if held is None or rank >= held[0]:
                    best[key] = (rank, decl.value)
    for el in with_attribute("style"):
        style = el.get("style") or ""
        if "display" not in style and "visibility" not in style:
            continue
        order += 1
        decls = declarations(style)
        for decl in decls:
            rank = (int(decl.important), *_INLINE, order)
            key = (el, decl.prop)
            held = best.get(key)
            if held is None or rank >= held[0]:
                best[key] = (rank, decl.value)
    out = Computed({}, {})
    for (el, prop), (_, value) in best.items():
        (out.display if prop == "display" else out.visibility)[el] = value
    return out
