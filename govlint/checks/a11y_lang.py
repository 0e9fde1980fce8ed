"""Language of the page and of its parts: html-has-lang, html-lang-valid, html-xml-lang-mismatch,
valid-lang.

A language tag is valid when its primary language subtag (what comes before the first "-",
case ignored) is a language subtag of the IANA Language Subtag Registry (BCP 47), shipped as
govlint/data/language-subtags.txt. Only the primary subtag is judged, as the ACT rules do: a
screen reader picks its voice by it.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from importlib import resources
from typing import Any

from ..document import XML_LANG, Document
from . import CheckContext, CheckSpec, Finding
from .a11y_facts import Visibility, local_name

# html5lib's lxml tree keeps xml:lang on HTML elements under this coerced name.
_XML_LANG_HTML = "xmlU0003Alang"
# Attributes whose text is in the element's language, as its name or description.
_TEXT_ATTRIBUTES = ("alt", "aria-label", "title", "placeholder")


@cache
def language_subtags() -> frozenset[str]:
    text = resources.files("govlint.data").joinpath("language-subtags.txt").read_text("utf-8")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def primary_subtag(value: str) -> str:
    return value.strip().split("-")[0].lower()


def is_valid_lang(value: str) -> bool:
    return primary_subtag(value) in language_subtags()


def xml_lang(element: Any) -> str | None:
    value = element.get(_XML_LANG_HTML)
    return value if value is not None else element.get(XML_LANG)


def lang_attributes(element: Any) -> list[tuple[str, str]]:
    """(name, value) of the element's lang and xml:lang attributes, those present."""
    pairs = [("lang", element.get("lang")), ("xml:lang", xml_lang(element))]
    return [(name, value) for name, value in pairs if value is not None]


def _root(doc: Document) -> Any:
    root = doc.root
    return root if local_name(root) == "html" else None


def check_has_lang(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    html = _root(doc)
    if html is None:
        return
    if (html.get("lang") or "").strip():
        return
    if (xml_lang(html) or "").strip():
        yield Finding("xml-lang-only", html)
    else:
        yield Finding("missing", html)


def _invalid(element: Any) -> tuple[str, str] | None:
    """The first lang or xml:lang attribute whose value is not a valid language; an empty
    value is no claim and not judged, white space alone is a claim of nothing."""
    for name, value in lang_attributes(element):
        if value and not is_valid_lang(value):
            return name, value
    return None


def check_html_lang_valid(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    html = _root(doc)
    if html is not None and (bad := _invalid(html)):
        yield Finding("invalid", html, {"attribute": bad[0], "value": bad[1]})


def check_xml_lang_mismatch(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    html = _root(doc)
    if html is None:
        return
    lang, xml = html.get("lang"), xml_lang(html)
    if lang is None or xml is None or not (is_valid_lang(lang) and is_valid_lang(xml)):
        return
    if primary_subtag(lang) != primary_subtag(xml):
        yield Finding("mismatch", html, {"lang": lang, "xml_lang": xml})


def check_valid_lang(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    visibility = Visibility(doc)
    html = _root(doc)
    a = doc.a11y
    carriers = [*a.with_attribute("lang"), *a.with_attribute(_XML_LANG_HTML), *a.with_attribute(XML_LANG)]
    for element in dict.fromkeys(carriers):  # once each; the findings are sorted later
        if element is html:
            continue
        bad = _invalid(element)
        if bad and not visibility.not_rendered(element) and _has_own_text(element, visibility):
            yield Finding("invalid", element, {"attribute": bad[0], "value": bad[1]})


def _has_own_text(element: Any, visibility: Visibility) -> bool:
    """Whether some rendered text takes its language from this element: text inside it and
    outside any descendant that declares its own language, or a text alternative (alt,
    aria-label, title) on such an element."""
    stack = [element]
    while stack:
        node = stack.pop()
        if any((node.get(name) or "").strip() for name in _TEXT_ATTRIBUTES) or (node.text or "").strip():
            return True
        for child in node:
            if (child.tail or "").strip():
                return True
            own_lang = isinstance(child.tag, str) and lang_attributes(child)
            if isinstance(child.tag, str) and not own_lang and not visibility.not_rendered(child):
                stack.append(child)
    return False


HAS_LANG_SPEC = CheckSpec(check_has_lang, frozenset({"missing", "xml-lang-only"}))
HTML_LANG_VALID_SPEC = CheckSpec(check_html_lang_valid, frozenset({"invalid"}))
XML_LANG_MISMATCH_SPEC = CheckSpec(check_xml_lang_mismatch, frozenset({"mismatch"}))
VALID_LANG_SPEC = CheckSpec(check_valid_lang, frozenset({"invalid"}))
