"""The default parser's fast way to its lxml tree: turbohtml writes its tree as XML and libxml2
reads it back, both in C, where turbo_parser's copy builds it node by node in Python (a third
of the cost a page, tests/test_turbo_xml.py and bench/bench_parsers.py).

XML cannot hold everything HTML can, so the result is checked as it is taken over, and a page
this way cannot give exactly the copy's tree goes the copy's way (``build`` returns None):
a name XML rejects (prefixed tags), a character it cannot hold, a processing instruction, an
attribute the writer drops (a name such as ``@click``: the attribute counts differ). Attributes
whose names are namespace-prefixed or ``xmlns`` are taken out of the XML (libxml2 would read them
as namespaces) and set again from turbohtml's element, as the copy sets them; foreign elements
(SVG, MathML) get their namespace from turbohtml's element too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import turbohtml
from lxml import etree

from .turbo_names import HTML, NS_PREFIX, attributes, comment_data, doctype_decl, set_attributes, xml_name


@dataclass(frozen=True)
class Built:
    """An lxml tree built from turbohtml's, as both ways build it."""

    root: Any
    located: list[tuple[Any, tuple[int, int]]]  # (element, (line, column0)) in document order
    unlocated: bool  # whether some element has no position of its own (the parser implied it)
    comments: list[tuple[Any, str, str]]  # (positioned element before, "comment" or "pi", data)


_MARK = "govlint.fix"  # an element whose attributes are set again from turbohtml's
# Everything before the root element: comments and the doctype (written again, as html5lib does).
_PROLOG = re.compile(r"(?:<!--.*?-->|<!DOCTYPE[^>]*>|\s)*", re.S)
# Where a tag needs rewriting: an attribute named xmlns or with a prefix (libxml2 would read it
# as a namespace), or a tag name with a prefix (o:p, coerced as the copy coerces it). The writer
# escapes "<" in text and "<", ">", '"' in values, so a tag is "<" to the next ">"; a hit in a
# comment is rewritten too, and the comment then differs from turbohtml's, which sends the page
# the copy's way.
# Three scans, each led by a literal (a scan for all three at once cost 1 ms a page).
_HITS = (re.compile(r':[\w.-]*="'), re.compile(r"xmlns[:=]"), re.compile(r"</?[A-Za-z][\w.-]*:"))
_SUSPECT_ATTR = re.compile(r'\s(?:xmlns|[^\s="<>]*:[^\s="<>]*)="[^"]*"')
_TAG_NAME = re.compile(r"</?([^\s/>]+)")
# Characters XML cannot hold that can reach the tree (the tokenizer drops or replaces U+0000;
# a lone surrogate comes only in a str source, and the copy writes U+FFFD for it).
_UNHOLDABLE = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# A numeric character reference to a character XML cannot hold (U+0001-U+0008, U+000B, U+000C,
# U+000E-U+001F, U+FFFE, U+FFFF): the writer drops it, the copy writes U+FFFD.
_UNHOLDABLE_REF = re.compile(r"&#(?:[xX]0*(?:[1-8bcefBCEF]|1[0-9a-fA-F]|[fF]{3}[eEfF])(?![0-9a-fA-F])"
                             r"|0*(?:[1-8]|1[124-9]|2[0-9]|3[01]|6553[45])(?![0-9]))")


def build(doc: Any, text: str) -> Built | None:
    """The tree of a parsed turbohtml document, or None when this way cannot give it exactly."""
    if _UNHOLDABLE.search(text) or _UNHOLDABLE_REF.search(text):
        return None
    prolog = _prolog(doc)
    if prolog is None:
        return None
    xml = doc.inner_xml
    start = _PROLOG.match(xml)
    body = _namespace_free(xml, start.end() if start else 0)
    parser = etree.XMLParser(huge_tree=True, resolve_entities=False, no_network=True,
                             load_dtd=False, remove_comments=False, remove_pis=False)
    try:
        root = etree.fromstring((prolog + body).encode("utf-8"), parser)
    except etree.XMLSyntaxError:
        return None
    return _take_over(doc, root)


def _prolog(doc: Any) -> str | None:
    """The doctype and the comments before the root, as the copy writes them: the doctype first
    (lxml holds it ahead of every node); None for a processing instruction, which the copy
    turns into a comment."""
    doctype = ""
    comments = []
    for node in doc.children:
        kind = type(node)
        if kind is turbohtml.Element:
            break
        if kind is turbohtml.Doctype:
            doctype = doctype_decl(node) or ""
        elif kind is turbohtml.Comment:
            comments.append(f"<!--{comment_data(node.data)}-->")
        else:
            return None
    return doctype + "".join(comments)


def _namespace_free(xml: str, begin: int) -> str:
    """The XML from ``begin`` with the tags that name namespaces rewritten (few on a page)."""
    out = []
    done = begin
    hits = sorted({hit.start() for scan in _HITS for hit in scan.finditer(xml, begin)})
    for at in hits:
        if at < done:
            continue  # in a tag rewritten already
        start = at if xml.startswith("<", at) else xml.rfind("<", done, at)
        if start < 0 or xml.find(">", start, at) != -1:
            continue  # in text
        end = xml.find(">", at) + 1
        out.append(xml[done:start])
        out.append(_rewritten(xml[start:end]))
        done = end
    if done == begin:
        return xml[begin:]
    out.append(xml[done:])
    return "".join(out)


def _rewritten(tag: str) -> str:
    """A tag with its name coerced and, for a start tag, its prefixed and xmlns attributes taken
    out and the element marked to have its attributes set again from turbohtml's."""
    name = _TAG_NAME.match(tag)
    if name is None:
        return tag
    head = tag[:name.start(1)] + xml_name(name.group(1))
    rest = tag[name.end():]
    if tag.startswith("</"):
        return head + rest
    stripped = _SUSPECT_ATTR.sub("", rest)
    return f'{head} {_MARK}=""{stripped}' if stripped != rest else head + rest


def _take_over(doc: Any, root: Any) -> Built | None:
    """Pair libxml2's elements with turbohtml's in document order: positions, namespaces and the
    marked elements' attributes come from turbohtml; any disagreement gives None."""
    nodes = doc.iter_elements()
    raw = iter([c.data for c in doc.xpath("//comment()")])
    located: list[tuple[Any, tuple[int, int]]] = []
    comments: list[tuple[Any, str, str]] = []
    unlocated = False
    last = None
    before = list(root.itersiblings(preceding=True))
    before.reverse()
    for comment in before:
        data = next(raw, None)
        if data is None or comment.tag is not etree.Comment or (comment.text or "") != comment_data(data):
            return None
        comments.append((None, "comment", data))
    comment_tag = etree.Comment
    for el in root.iter():
        tag = el.tag
        if tag is comment_tag:
            data = next(raw, None)
            if data is None or (el.text or "") != comment_data(data):
                return None
            comments.append((last, "comment", data))
            continue
        node = next(nodes, None)
        if node is None or (tag != node.tag and tag != xml_name(node.tag)) or not tag.isascii():
            # A processing instruction, a name changed, or one outside ASCII, which the copy
            # coerces by html5lib's rules when one of the element's attributes needs it.
            return None
        ns = node.namespace
        foreign = ns is not HTML
        if foreign:
            el.tag = NS_PREFIX[ns] + tag
            if not all(map(str.isascii, el.keys())):
                return None  # the copy coerces a foreign element's names by html5lib's rules
        if el.get(_MARK) is not None:
            _refill(el, attributes(node), foreign)
        where = node.position
        if where is None:
            unlocated = True
        else:
            last = el
            located.append((el, where))
    if next(nodes, None) is not None:
        return None
    after = list(root.itersiblings())
    for comment in after:
        data = next(raw, None)
        if data is None or comment.tag is not etree.Comment or (comment.text or "") != comment_data(data):
            return None
        comments.append((last, "comment", data))
    if next(raw, None) is not None or not _same_attribute_count(doc, root):
        return None
    for comment in after:  # the copy puts each one right after the root: the last comes first
        root.addnext(comment)
    return Built(root, located, unlocated, comments)


def _same_attribute_count(doc: Any, root: Any) -> bool:
    """Whether the tree holds every attribute: the writer drops a name XML cannot hold (an
    attribute named '"' or '@click' left by broken markup); those elements are set again."""
    count = doc.xpath("count(//@*)")
    if count == root.xpath("count(//@*)"):
        return True
    for el, node in zip(root.iter(etree.Element), doc.iter_elements(), strict=True):
        if len(el.attrib) != len(node.attrs or ()):
            _refill(el, attributes(node), type(el.tag) is str and el.tag.startswith("{"))
    return bool(count == root.xpath("count(//@*)"))


def _refill(el: Any, attrs: dict[str, str], foreign: bool) -> None:
    """Set an element's attributes as the copy does: as they are when XML takes them, else
    one by one with names coerced (always so for a foreign element)."""
    el.attrib.clear()
    if not foreign:
        try:
            el.attrib.update(attrs)
            return
        except ValueError:
            el.attrib.clear()
    set_attributes(el, attrs, foreign)
