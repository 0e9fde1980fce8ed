"""The default parser: turbohtml (C, WHATWG tree construction) -> the same lxml tree as html5lib.

turbohtml builds the tree and records the 1-based line and 0-based column of every element it
built from a start tag; its tokenizer gives comments their line and column. This module turns
that tree into lxml, the document model every rule reads, with the element and attribute
names html5lib's lxml builder would give (SVG and MathML namespaced, xlink/xml/xmlns attributes
of foreign elements namespaced, names XML cannot hold coerced the same way), so the reference
parser and this one hand the rules identical trees: through XML in C (turbo_xml.py) for nearly
every page, else by copying it node by node (the pages XML cannot carry exactly).

Elements the parser implies (html, head, body, tbody, tr ...) have no position of their own;
they take the position of the first positioned element at or after them in document order,
which is the token that implied them whenever that token is a tag.
"""

from __future__ import annotations

import bisect
import codecs
import re
import warnings
from typing import Any

import turbohtml
from lxml import etree

from . import turbo_xml
from .parsed import LineIndex, ParsedHTML, scan_duplicates
from .turbo_names import (
    HTML,
    NS_PREFIX,
    attributes,
    comment_data,
    doctype_root,
    set_attributes,
    xml_name,
    xml_safe,
)

_Element = turbohtml.Element
_Text = turbohtml.Text
_Comment = turbohtml.Comment
_Fragment = turbohtml.DocumentFragment
_PI = turbohtml.ProcessingInstruction
_Doctype = turbohtml.Doctype


def decode(data: bytes, encoding: str) -> str:
    """Decode bytes with the WHATWG encoding turbohtml chose, replacing what cannot be decoded."""
    try:  # turbohtml names the encoding by its WHATWG name, which Python mostly knows
        info = codecs.lookup(encoding)
    except LookupError:
        import webencodings  # the few WHATWG names Python lacks (x-user-defined ...)

        codec = webencodings.lookup(encoding)
        info = codec.codec_info if codec is not None else codecs.lookup("cp1252")
    return str(info.decode(data, "replace")[0])


class _Builder:
    """Copies a turbohtml tree into lxml, collecting (line, column) of each element."""

    def __init__(self) -> None:
        self.located: list[tuple[Any, tuple[int, int]]] = []  # (lxml element, (line, col0))
        self.unlocated = False  # whether some element has no position of its own
        self.last: Any = None  # the last element built from a tag: comments are found after it
        self.comments: list[tuple[Any, str, str]] = []  # (element before, kind, data)
        self.root: Any = etree.Element("html")  # replaced by one carrying the doctype, if any

    def element(self, node: Any, parent: Any | None) -> Any:
        tag = node.tag
        ns = node.namespace
        prefix = None if ns is HTML else NS_PREFIX[ns]
        name = prefix + tag if prefix else tag
        attrs = attributes(node)
        try:
            if prefix:  # foreign attributes need namespacing
                raise ValueError
            if parent is None:
                el = self.root
                el.tag = name
                el.attrib.update(attrs)
            else:
                el = etree.SubElement(parent, name, attrs) if attrs else etree.SubElement(parent, name)
        except ValueError:
            el = self._element_slow(tag, prefix, attrs, parent)
        where = node.position
        if where is None:
            self.unlocated = True
        else:
            self.last = el
            self.located.append((el, where))
        return el

    def _element_slow(self, tag: str, prefix: str | None, attrs: dict[str, str], parent: Any) -> Any:
        """A name XML cannot hold, a namespaced foreign attribute, or a control character."""
        name = (prefix or "") + xml_name(tag)
        if parent is None:
            el = self.root
            el.tag = name
            el.attrib.clear()
        else:
            el = etree.SubElement(parent, name)
        set_attributes(el, attrs, prefix is not None)
        return el

    def children(self, nodes: Any, el: Any) -> None:
        """Copy ``nodes`` under ``el`` (text goes to .text and .tail)."""
        last = None
        text = False  # whether the previous node was text (turbohtml may split a run)
        for child in nodes:
            kind = type(child)
            if kind is _Text:
                self._text(el, last, child.data, text)
                text = True
                continue
            text = False
            if kind is _Element:
                last = self.element(child, el)
                content = child.children
                if content:
                    self.children(content, last)
            elif kind is _Comment or kind is _PI:
                last = self.comment(child, kind)
                el.append(last)
            elif kind is _Fragment:  # a <template>'s content: children of the template, as html5lib
                self.children(child.children, el)
                last = el[-1] if len(el) else None

    def comment(self, node: Any, kind: type) -> Any:
        if kind is _Comment:
            data = node.data
            self.comments.append((self.last, "comment", data))
        else:  # WHATWG reads <?...> as a bogus comment; turbohtml keeps a processing instruction
            data = f"?{node.target} {node.data}?" if node.data else f"?{node.target}?"
            self.comments.append((self.last, "pi", data[1:]))
        return etree.Comment(comment_data(data))

    @staticmethod
    def _text(el: Any, last: Any, data: str, more: bool) -> None:
        try:
            if last is None:
                el.text = (el.text or "") + data if more else data
            else:
                last.tail = (last.tail or "") + data if more else data
        except ValueError:
            _Builder._text(el, last, xml_safe(data), more)


_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"})


def _comment_offsets(text: str, found: list[tuple[Any, str, str]],
                     positions: dict[Any, int]) -> tuple[tuple[int, str], ...]:
    """Each comment's offset: the first place at or after the element before it in document
    order where it is written (past that element's raw text, where '<!--' is not a comment)."""
    out = []
    cursor = 0
    for before, kind, data in found:
        if before is not None:
            start = positions.get(before, 0)
            if start > cursor:
                cursor = start
                if before.tag in _RAW_TEXT:
                    close = text.find("</" + before.tag, cursor)
                    cursor = close if close != -1 else cursor
        candidates: tuple[str, ...]
        if kind == "pi":
            candidates = ("<?" + data,)
        else:
            candidates = ("<!--" + data, "<!" + data, "</" + data, "<?" + data.removeprefix("?"))
        pos = -1
        for needle in candidates:
            pos = text.find(needle, cursor)
            if pos != -1:
                break
        if pos == -1:
            pos = cursor
        out.append((pos, data if kind == "comment" else "?" + data))
        cursor = pos + 1
    return tuple(out)


def parse(source: bytes | str, *, encoding: str | None = None, through_xml: bool = True) -> ParsedHTML:
    """Parse a page; ``through_xml=False`` always copies node by node (to compare both ways)."""
    if isinstance(source, str):
        text = source.removeprefix("\ufeff")
        doc = turbohtml.parse(text, allow_declarative_shadow_roots=False)
        enc = "utf-8"
    else:
        try:
            doc = turbohtml.parse(source, encoding=encoding, allow_declarative_shadow_roots=False)
        except LookupError:  # a transport charset that is not a WHATWG label: sniff instead
            doc = turbohtml.parse(source, allow_declarative_shadow_roots=False)
        enc = (doc.encoding or "windows-1252").lower()
        text = decode(source, enc).removeprefix("\ufeff")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # html5lib's coercion warns for every name it changes
        built = (turbo_xml.build(doc, text) if through_xml else None) or _copy(doc)
    root = built.root
    tree = etree.ElementTree(root)
    index = LineIndex.of(text)
    positions: dict[Any, int] = {}
    taken: set[int] = set()
    line_starts = index.line_starts
    unlocated = built.unlocated
    for el, (line, col) in built.located:
        offset = line_starts[line - 1] + col
        if offset in taken:  # a formatting element the parser reopened: it has no tag of its own
            unlocated = True
            continue
        taken.add(offset)
        positions[el] = offset
    if unlocated:
        _place_implied(root, positions, text)
    duplicates = tuple(_duplicates(doc, index, text, sorted(taken))) if doc.errors else ()
    comments = _comment_offsets(text, built.comments, positions) if built.comments else ()
    return ParsedHTML(tree=tree, text=text, encoding=enc, positions=positions,
                      comments=comments, duplicate_attributes=duplicates, index=index)


def _copy(doc: Any) -> turbo_xml.Built:
    """The tree copied node by node: for the pages turbo_xml cannot take over exactly."""
    builder = _Builder()
    before: list[Any] = []  # comments ahead of <html>: the root's preceding siblings
    root = None
    for node in doc.children:
        kind = type(node)
        if kind is _Doctype:
            builder.root = doctype_root(node)
        elif kind is _Element and root is None:
            root = builder.element(node, None)
            builder.children(node.children, root)
        elif kind is _Comment or kind is _PI:
            comment = builder.comment(node, kind)
            before.append(comment) if root is None else root.addnext(comment)
    if root is None:
        root = etree.Element("html")
    for comment in before:
        root.addprevious(comment)
    return turbo_xml.Built(root, builder.located, builder.unlocated, builder.comments)


# A stray </p> or </br> makes the parser insert an empty <p> or <br>: the end tag is its token.
_STRAY_END = {tag: re.compile(f"</{tag}[\\s/>]", re.I) for tag in ("p", "br")}


# What may stand between tokens without implying anything: white space, comments, doctypes.
_SKIP = re.compile(r"(?:\s+|<!--.*?-->|<![^>]*>)*", re.S)
_TAG_END = re.compile(r"""<[^\s>]*+(?:[^>"']++|"[^"]*+"|'[^']*+')*+>""")


def _place_implied(root: Any, positions: dict[Any, int], text: str) -> None:
    """Give each unpositioned element the position of the token that implied it:
    * an empty <p> or <br>: the last stray end tag before the next positioned element;
    * at the start of the page or after an empty element: text that comes first;
    * else the next positioned element in document order (its first positioned descendant,
      else the one after it), which is the implying tag."""
    pending: list[Any] = []
    after = 0  # where the token after the last positioned element may begin, if known
    previous = 0
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        pos = positions.get(el)
        if pos is None:
            pending.append(el)
            continue
        _settle(pending, positions, text, previous, after, pos)
        previous = pos
        after = -1
        if len(el) == 0 and not el.text:  # empty: the next token follows its start tag
            tag = _TAG_END.match(text, pos)
            after = tag.end() if tag else -1
    _settle(pending, positions, text, previous, after, len(text))


def _settle(pending: list[Any], positions: dict[Any, int], text: str, start: int, after: int,
            end: int) -> None:
    if not pending:
        return
    first_text = -1
    if after >= 0:
        skip = _SKIP.match(text, after, end)
        skipped = skip.end() if skip is not None else after
        if skipped < end and text[skipped] != "<":
            first_text = skipped
    for el in pending:
        stray = _STRAY_END.get(el.tag) if len(el) == 0 else None
        last = None
        if stray is not None:
            for last in stray.finditer(text, start, end):  # noqa: B007 - the last one is wanted
                pass
        if last is not None:
            positions[el] = last.start()
        elif first_text >= 0:
            positions[el] = first_text
        else:
            positions[el] = _own_text(el, text, start, end)
    pending.clear()


def _own_text(el: Any, text: str, start: int, end: int) -> int:
    """Where an element that begins with text (a reopened formatting element) was implied: at
    that text, when it is written as is before ``end``; else at ``end``."""
    own = (el.text or "").strip()[:16]
    if own:
        found = text.find(own, start, end)
        if found != -1:
            return found
    return end


def _duplicates(doc: Any, index: LineIndex, text: str, starts: list[int]) -> list[tuple[int, str]]:
    """Start tags with an attribute written twice: turbohtml reports where the second name is,
    and the tag is the positioned start tag that holds that place, else the '<' before it."""
    out: list[tuple[int, str]] = []
    seen: set[int] = set()
    reaches: dict[int, int] = {}  # a tag with a thousand duplicates is measured once
    read_to = -1  # where the last start tag read for its names ended
    for error in doc.errors:
        if error.code != "duplicate-attribute":
            continue
        at = index.offset(error.line, error.col)
        if at < read_to:
            # In the tag read last (errors come in source order): reading it again from a '<'
            # inside it cost the square of its length (a tag of 4,000 names took seconds).
            continue
        i = bisect.bisect_right(starts, at) - 1
        tag = starts[i] if i >= 0 else -1
        if tag >= 0 and tag not in reaches:
            reaches[tag] = _tag_reaches(text, tag)
        if tag < 0 or reaches[tag] < at:
            tag = text.rfind("<", 0, at)
        if tag in seen or tag < 0:
            continue
        seen.add(tag)
        names, read_to = scan_duplicates(text, tag)
        out.extend((tag, name) for name in names)
    return out


def _tag_reaches(text: str, tag: int) -> int:
    found = _TAG_END.match(text, tag)
    return found.end() if found else tag
