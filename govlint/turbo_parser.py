"""The default parser: turbohtml (C, WHATWG tree construction) -> the same lxml tree as html5lib.

turbohtml builds the tree and records the 1-based line and 0-based column of every element it
built from a start tag; its tokenizer gives comments their line and column. This module copies
that tree into lxml, the document model every rule reads, with the element and attribute
names html5lib's lxml builder would give (SVG and MathML namespaced, xlink/xml/xmlns attributes
of foreign elements namespaced, names XML cannot hold coerced the same way), so the reference
parser and this one hand the rules identical trees.

Elements the parser implies (html, head, body, tbody, tr ...) have no position of their own;
they take the position of the first positioned element at or after them in document order,
which is the token that implied them whenever that token is a tag.
"""

from __future__ import annotations

import bisect
import codecs
import re
import warnings
from functools import cache
from typing import Any

import turbohtml
from lxml import etree

from .parsed import NOT_XML, LineIndex, ParsedHTML, scan_duplicates

_Element = turbohtml.Element
_Text = turbohtml.Text
_Comment = turbohtml.Comment
_Fragment = turbohtml.DocumentFragment
_PI = turbohtml.ProcessingInstruction
_Doctype = turbohtml.Doctype
_HTML = turbohtml.Namespace.HTML
_SVG = turbohtml.Namespace.SVG
_MATHML = turbohtml.Namespace.MATHML
_NS_PREFIX = {_SVG: "{http://www.w3.org/2000/svg}", _MATHML: "{http://www.w3.org/1998/Math/MathML}"}
# Attributes of foreign elements that live in a namespace: exactly the WHATWG "adjust foreign
# attributes" table (any other prefixed name is an ordinary, coerced attribute name).
_XLINK, _XML, _XMLNS = ("{http://www.w3.org/1999/xlink}", "{http://www.w3.org/XML/1998/namespace}",
                        "{http://www.w3.org/2000/xmlns/}")
_FOREIGN_ATTRS = {
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


def _xml_name(name: str) -> str:
    if _PLAIN_NAME.fullmatch(name):
        return name
    if name.isascii() and name:
        first = name[0] if name[0].isalpha() or name[0] == "_" else _escape(name[0])
        return first + _NOT_NAME_CHAR.sub(lambda m: _escape(m.group()), name[1:])
    return str(_filter().coerceElement(name))


def _pubid(public: str) -> str:
    return public if not _NOT_PUBID.search(public) else str(_filter().coercePubid(public))


def _xml_safe(value: str) -> str:
    return NOT_XML.sub("\ufffd", value)


def decode(data: bytes, encoding: str) -> str:
    """Decode bytes with the WHATWG encoding turbohtml chose, replacing what cannot be decoded."""
    try:  # turbohtml names the encoding by its WHATWG name, which Python mostly knows
        info = codecs.lookup(encoding)
    except LookupError:
        import webencodings  # the few WHATWG names Python lacks (x-user-defined ...)

        codec = webencodings.lookup(encoding)
        info = codec.codec_info if codec is not None else codecs.lookup("cp1252")
    return str(info.decode(data, "replace")[0])


def _comment_data(data: str) -> str:
    # lxml cannot hold these in a comment: "--" becomes "- -" and a final "-" gets a space,
    # as html5lib's lxml builder writes them.
    while "--" in data:
        data = data.replace("--", "- -")
    if data.endswith("-"):
        data += " "
    return _xml_safe(data)


class _Builder:
    """Copies a turbohtml tree into lxml, collecting (line, column) of each element."""

    def __init__(self) -> None:
        self.located: list[tuple[Any, tuple[int, int]]] = []  # (lxml element, (line, col0))
        self.unlocated: list[Any] = []
        self.last: Any = None  # the last element built from a tag: comments are found after it
        self.comments: list[tuple[Any, str, str]] = []  # (element before, kind, data)
        self.root: Any = etree.Element("html")  # replaced by one carrying the doctype, if any

    def element(self, node: Any, parent: Any | None) -> Any:
        tag = node.tag
        ns = node.namespace
        prefix = None if ns is _HTML else _NS_PREFIX[ns]
        name = prefix + tag if prefix else tag
        attrs = node.attrs
        if attrs:
            # Token-list attributes (class, rel ...) come split; the tree keeps them as written.
            attrs = {k: v if type(v) is str else node.attr(k) for k, v in attrs.items()}
        try:
            if prefix:  # foreign attributes need namespacing
                raise ValueError
            if parent is None:
                el = self.root
                el.tag = name
                el.attrib.update(attrs or {})
            else:
                el = etree.SubElement(parent, name, attrs) if attrs else etree.SubElement(parent, name)
        except ValueError:
            el = self._element_slow(tag, prefix, attrs, parent)
        where = node.position
        if where is None:
            self.unlocated.append(el)
        else:
            self.last = el
            self.located.append((el, where))
        return el

    def _element_slow(self, tag: str, prefix: str | None, attrs: dict[str, str], parent: Any) -> Any:
        """A name XML cannot hold, a namespaced foreign attribute, or a control character."""
        name = (prefix or "") + _xml_name(tag)
        if parent is None:
            el = self.root
            el.tag = name
            el.attrib.clear()
        else:
            el = etree.SubElement(parent, name)
        for key, value in attrs.items():
            attr = _FOREIGN_ATTRS.get(key) if prefix else None
            el.set(attr or _xml_name(key), _xml_safe(value))
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
        return etree.Comment(_comment_data(data))

    @staticmethod
    def _text(el: Any, last: Any, data: str, more: bool) -> None:
        try:
            if last is None:
                el.text = (el.text or "") + data if more else data
            else:
                last.tail = (last.tail or "") + data if more else data
        except ValueError:
            _Builder._text(el, last, _xml_safe(data), more)


_RAW_TEXT = frozenset({"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"})


def _doctype_root(doctype: Any) -> Any:
    """A root element in a document that carries the page's doctype (lxml keeps a doctype
    only from parsing), written as html5lib's lxml builder writes it, so both parsers' trees
    report the same docinfo (public id, system URL: HTML 4 or HTML5)."""
    name = doctype.name or "html"
    public, system = doctype.public_id, doctype.system_id
    head = f"<!DOCTYPE {name}"
    if public is not None or system is not None:
        head += f' PUBLIC "{_pubid(public or "")}" '
        if system:
            system = system.replace("'", "U00027") if "'" in system and '"' in system else system
            head += f'"{system}"' if "'" in system else f"'{system}'"
        else:
            head += "''"
    try:
        return etree.fromstring(head + "><html/>")
    except etree.XMLSyntaxError:  # a doctype name XML cannot hold: the tree goes without it
        return etree.Element("html")


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


def parse(source: bytes | str, *, encoding: str | None = None) -> ParsedHTML:
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
    builder = _Builder()
    before: list[Any] = []  # comments ahead of <html>: the root's preceding siblings
    root = None
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # html5lib's coercion warns for every name it changes
        for node in doc.children:
            kind = type(node)
            if kind is _Doctype:
                builder.root = _doctype_root(node)
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
    tree = etree.ElementTree(root)
    index = LineIndex.of(text)
    positions: dict[Any, int] = {}
    taken: set[int] = set()
    line_starts = index.line_starts
    for el, (line, col) in builder.located:
        offset = line_starts[line - 1] + col
        if offset in taken:  # a formatting element the parser reopened: it has no tag of its own
            builder.unlocated.append(el)
            continue
        taken.add(offset)
        positions[el] = offset
    if builder.unlocated:
        _place_implied(root, positions, text)
    duplicates = tuple(_duplicates(doc, index, text, sorted(taken))) if doc.errors else ()
    comments = _comment_offsets(text, builder.comments, positions) if builder.comments else ()
    return ParsedHTML(tree=tree, text=text, encoding=enc, positions=positions,
                      comments=comments, duplicate_attributes=duplicates, index=index)


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
