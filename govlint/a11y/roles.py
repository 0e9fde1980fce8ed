"""Implicit roles from HTML-AAM / ARIA in HTML, and the explicit role of a role attribute."""

from __future__ import annotations

from typing import Any

from .data import AriaData

SVG = "{http://www.w3.org/2000/svg}"
_SCOPING = frozenset({"article", "aside", "main", "nav", "section"})
_SECTIONING = frozenset({"article", "aside", "nav", "section"})  # HTML's sectioning content
_SIMPLE = {
    "article": "article", "blockquote": "blockquote", "button": "button",
    "caption": "caption", "code": "code", "datalist": "listbox", "dd": "definition", "del": "deletion",
    "details": "group", "dfn": "term", "dialog": "dialog", "dt": "term", "em": "emphasis",
    "fieldset": "group", "figure": "figure", "h1": "heading", "h2": "heading", "h3": "heading",
    "h4": "heading", "h5": "heading", "h6": "heading", "hgroup": "group", "hr": "separator",
    "html": "document", "ins": "insertion", "li": "listitem", "main": "main", "math": "math",
    "menu": "list", "meter": "meter", "nav": "navigation", "ol": "list", "optgroup": "group",
    "option": "option", "output": "status", "p": "paragraph", "progress": "progressbar",
    "search": "search", "strong": "strong", "sub": "subscript", "sup": "superscript", "table": "table",
    "tbody": "rowgroup", "tfoot": "rowgroup", "thead": "rowgroup", "textarea": "textbox", "time": "time",
    "tr": "row", "ul": "list", "address": "group", SVG + "svg": "graphics-document",
    "b": "generic", "bdi": "generic", "bdo": "generic", "data": "generic", "div": "generic",
    "i": "generic", "pre": "generic", "q": "generic", "samp": "generic", "small": "generic",
    "span": "generic", "u": "generic", "body": "generic",
}
_INPUT = {
    "button": "button", "image": "button", "reset": "button", "submit": "button",
    "checkbox": "checkbox", "radio": "radio", "range": "slider", "number": "spinbutton",
    "search": "searchbox", "email": "textbox", "tel": "textbox", "text": "textbox", "url": "textbox",
}
TEXT_INPUTS = frozenset({"", "text", "search", "email", "tel", "url"})


def local(element: Any) -> str:
    tag = element.tag
    return tag if isinstance(tag, str) else ""


def input_type(element: Any) -> str:
    return (element.get("type") or "").strip().lower()


def explicit_role(element: Any, data: AriaData) -> str | None:
    """The first token of the role attribute that names a concrete role."""
    for token in (element.get("role") or "").lower().split():
        role = data.roles.get(token)
        if role is not None and not role.abstract:
            return token
    return None


def implicit_role(element: Any, named: bool) -> str | None:
    """``named``: whether the element has an author-given name (section, form, aside)."""
    tag = local(element)
    if tag in ("a", "area"):
        return "link" if element.get("href") is not None else ("generic" if tag == "a" else None)
    if tag == "img":
        # HTML-AAM: alt="" makes an image presentational; only an ARIA name (a presentational
        # role conflict, see Semantics.role) brings it back, never its title.
        return "presentation" if element.get("alt") == "" and not named else "img"
    if tag == "input":
        kind = input_type(element)
        if kind in _NO_ROLE_INPUTS:
            return None
        if kind in _INPUT and kind not in TEXT_INPUTS:
            return _INPUT[kind]
        # Text-like, and every unknown type (which is text).
        if element.get("list") is not None:
            return "combobox"
        return "searchbox" if kind == "search" else "textbox"
    if tag == "select":
        size = (element.get("size") or "").strip()
        multi = element.get("multiple") is not None or (size.isdigit() and int(size) > 1)
        return "listbox" if multi else "combobox"
    if tag in ("header", "footer"):
        if any(local(a) in _SCOPING for a in element.iterancestors()):
            return "generic"
        return "banner" if tag == "header" else "contentinfo"
    if tag == "section":
        return "region" if named else "generic"
    if tag == "aside":
        # HTML-AAM: complementary when scoped to body or main; inside sectioning content
        # (a sidebar of an article, a nav...) only when it has a name, else generic.
        if named or not any(local(a) in _SECTIONING for a in element.iterancestors()):
            return "complementary"
        return "generic"
    if tag == "form":
        return "form" if named else None
    if tag == "td":
        return "cell"
    if tag == "th":
        return header_role(element)
    return _SIMPLE.get(tag) or None


_NO_ROLE_INPUTS = frozenset({"hidden", "password", "color", "date", "datetime-local", "file", "month",
                             "time", "week"})


def header_role(th: Any) -> str:
    scope = (th.get("scope") or "").strip().lower()
    if scope in ("row", "rowgroup"):
        return "rowheader"
    if scope in ("col", "colgroup"):
        return "columnheader"
    row = th.getparent()
    if row is not None and any(local(c) == "td" for c in row):
        return "rowheader"
    return "columnheader"


def allowed_roles_key(element: Any) -> str:
    """The ARIA in HTML table key for an element (its conditions spelled as selectors)."""
    tag = local(element)
    if tag in ("a", "area") and element.get("href") is not None:
        return f"{tag}[href]"
    if tag == "img" and element.get("alt") is not None:
        return 'img[alt=""]' if element.get("alt") == "" else "img[alt]"
    if tag == "input":
        kind = input_type(element) or "text"
        if kind in ("text", "search", "email", "tel", "url") and element.get("list") is not None:
            return "input"
        return f"input[type={kind}]"
    return tag
