"""What XML cannot hold, written as html5lib's lxml builder writes it, for both ways the default
parser builds its tree (turbo_parser's node-by-node copy, turbo_xml's one-call parse): element
and attribute names coerced, foreign attributes namespaced, comment data and doctypes."""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import turbohtml
from lxml import etree

from .parsed import NOT_XML

HTML = turbohtml.Namespace.HTML
NS_PREFIX = {turbohtml.Namespace.SVG: "{http://www.w3.org/2000/svg}",
             turbohtml.Namespace.MATHML: "{http://www.w3.org/1998/Math/MathML}"}
# Attributes of foreign elements that live in a namespace: exactly the WHATWG "adjust foreign
# attributes" table (any other prefixed name is an ordinary, coerced attribute name).
_XLINK, _XML, _XMLNS = ("{http://www.w3.org/1999/xlink}", "{http://www.w3.org/XML/1998/namespace}",
                        "{http://www.w3.org/2000/xmlns/}")
FOREIGN_ATTRS = {
    **{f"xlink:{n}": _XLINK + n for n in ("actuate", "arcrole", "href", "role", "show", "title", "type")},
    "xml:lang": _XML + "lang", "xml:space": _XML + "space",
    "xmlns": _XMLNS + "xmlns", "xmlns:xlink": _XMLNS + "xlink",
}


@cache
def _filter() -> Any:
    """html5lib's name coercion, as its lxml builder applies it; imported only for the rare page
    that needs it (importing html5lib costs 20-40 ms of start-up)."""
    from html5lib._ihatexml import InfosetFilter

    return InfosetFilter()


# The coercion of ASCII names and of public ids, done here because nearly every page that
# needs one needs no more (SVG, MathML, xml:lang, an XHTML doctype), and html5lib is imported
# only for a name with other characters. In an ASCII XML name a letter or "_" comes first, then
# letters, digits, "_", "-", "."; a public id holds XML PubidChars. html5lib writes any other
# character as U and five hex digits (xml:lang becomes xmlU0003Alang).
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_NOT_NAME_CHAR = re.compile(r"[^A-Za-z0-9_.-]")
_NOT_PUBID = re.compile(r"[^ \r\na-zA-Z0-9\-'()+,./:=?;!*#@$_%]")


def _escape(char: str) -> str:
    return f"U{ord(char):05X}"


def xml_name(name: str) -> str:
    if _PLAIN_NAME.fullmatch(name):
        return name
    if name.isascii() and name:
        first = name[0] if name[0].isalpha() or name[0] == "_" else _escape(name[0])
        return first + _NOT_NAME_CHAR.sub(lambda m: _escape(m.group()), name[1:])
    return str(_filter().coerceElement(name))


def pubid(public: str) -> str:
    return public if not _NOT_PUBID.search(public) else str(_filter().coercePubid(public))


def xml_safe(value: str) -> str:
    return NOT_XML.sub("\ufffd", value)


def attributes(node: Any) -> dict[str, str]:
    """A turbohtml element's attributes as written (token lists such as class come split)."""
    attrs = node.attrs
    return {k: v if type(v) is str else node.attr(k) for k, v in attrs.items()} if attrs else {}


def set_attributes(el: Any, attrs: dict[str, str], foreign: bool) -> None:
    """Set attributes one by one, names coerced and foreign ones namespaced: for an element
    whose attributes XML cannot take as they are."""
    for key, value in attrs.items():
        attr = FOREIGN_ATTRS.get(key) if foreign else None
        el.set(attr or xml_name(key), xml_safe(value))


def comment_data(data: str) -> str:
    # lxml cannot hold these in a comment: "--" becomes "- -" and a final "-" gets a space,
    # as html5lib's lxml builder writes them.
    while "--" in data:
        data = data.replace("--", "- -")
    if data.endswith("-"):
        data += " "
    return xml_safe(data)


def doctype_decl(doctype: Any) -> str | None:
    """The page's doctype as html5lib's lxml builder writes it, so both parsers' trees report the
    same docinfo (public id, system URL: HTML 4 or HTML5); None when XML cannot hold its name,
    and the tree goes without it."""
    name = doctype.name or "html"
    public, system = doctype.public_id, doctype.system_id
    head = f"<!DOCTYPE {name}"
    if public is not None or system is not None:
        head += f' PUBLIC "{pubid(public or "")}" '
        if system:
            system = system.replace("'", "U00027") if "'" in system and '"' in system else system
            head += f'"{system}"' if "'" in system else f"'{system}'"
        else:
            head += "''"
    head += ">"
    try:
        etree.fromstring(head + "<html/>")
    except etree.XMLSyntaxError:
        return None
    return head


def doctype_root(doctype: Any) -> Any:
    """A root element in a document that carries the page's doctype (lxml keeps a doctype only
    from parsing)."""
    decl = doctype_decl(doctype)
    return etree.fromstring(decl + "<html/>") if decl else etree.Element("html")
