"""Turn a browser snapshot (snapshot.js) into a RenderedDocument."""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any

from html5lib._ihatexml import DataLossWarning, InfosetFilter  # type: ignore[attr-defined]
from lxml import etree

from .. import parser
from ..document import Document, PageInfo
from .document import Cue, FocusStep, Interactions, LinkStyle, RenderedDocument, TextStyle
from .stamp import ATTRIBUTE


@dataclass(frozen=True)
class Snapshot:
    tree: list[Any]  # see snapshot.js
    blocked: tuple[str, ...]  # URLs outside the site the page tried to fetch
    probes: dict[str, Any] = field(default_factory=dict)  # see probes.js and Session._probe


_NAMESPACES = {"http://www.w3.org/2000/svg", "http://www.w3.org/1998/Math/MathML"}
_FILTER = InfosetFilter(preventDoubleDashComments=True)  # names XML cannot hold, as the parsers
_IMPLIED = ("html", "head", "body")


def rendered_document(snapshot: Snapshot, static: Document, info: PageInfo) -> RenderedDocument:
    """The rendered DOM as a Document whose positions come from the source stamps; the
    page's comments (suppressions) and source text come from the static parse."""
    positions: dict[Any, int] = {}
    built: set[Any] = set()
    hidden: set[Any] = set()
    texts: dict[Any, TextStyle] = {}
    links: dict[Any, LinkStyle] = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DataLossWarning)  # coerced names, as the parsers do
        root = _build(snapshot.tree, positions, built, hidden, texts, links)
    _place_implied(root, static, positions)
    parsed = parser.ParsedHTML(
        tree=etree.ElementTree(root), text=static.parsed.text, encoding=static.parsed.encoding,
        positions=positions, comments=static.parsed.comments,
        duplicate_attributes=static.parsed.duplicate_attributes, index=static.parsed.index)
    return RenderedDocument(info=info, parsed=parsed, hidden=frozenset(hidden), built=frozenset(built),
                            text_styles=texts, link_styles=links, blocked=snapshot.blocked,
                            interactions=interactions(snapshot.probes, list(root.iter())))


def interactions(probes: dict[str, Any], elements: list[Any]) -> Interactions:
    """The probes' findings with their elements: probes.js names an element by its place in the
    snapshot, which is its place in a walk of the tree built from it."""
    def at(number: int) -> Any:
        return elements[number] if 0 <= number < len(elements) else None

    incomplete = frozenset(probes.get("incomplete", ()))
    probed = frozenset(k for k in ("targets", "spacing", "focus", "reflow") if k in probes) - incomplete
    small = {at(n): (float(w), float(h), at(o)) for n, w, h, o in probes.get("targets") or ()
             if at(n) is not None}
    clipped = {at(n): (int(a), int(b), int(c), int(d)) for n, a, b, c, d in probes.get("spacing") or ()
               if at(n) is not None}
    flow = probes.get("reflow")
    reflow = (at(flow[0]), int(flow[1]), int(flow[2])) if flow and at(flow[0]) is not None else None
    focus: dict[Any, FocusStep] = {}
    trap = None
    raw = probes.get("focus") or {}
    steps = raw.get("steps") or []
    seen: dict[int, int] = {}  # element number -> step, since focus last left the page
    left = False
    for n, step in enumerate(steps):
        if step[0] == -2:
            seen.clear()
            left = True
            continue
        number, changed, before, after, cover = step
        element = at(number)
        if element is not None and changed >= 0 and element not in focus:
            focus[element] = FocusStep(bool(changed), before, after, at(cover))
        if trap is None and number in seen:
            cycle = {s[0] for s in steps[seen[number]:n]}
            if len(cycle) < int(raw.get("tabbable", 0)) and not left:
                trap = (_around(at(c) for c in cycle), len(cycle))
        seen.setdefault(number, n)
    tabbable, presses = int(raw.get("tabbable", 0)), int(raw.get("presses", 0))
    # Elements left over when the budget ran out need review. With presses to spare, Tab went
    # wherever the page lets it: what it never reached is not in the tab order after all.
    exhausted = presses >= int(raw.get("budget", presses + 1))
    reached = len({s[0] for s in steps if s[0] >= 0})
    unreached = max(tabbable - reached, 0) if exhausted and not left and trap is None else 0
    return Interactions(probed, incomplete, small, clipped, reflow, focus, trap, tabbable, unreached,
                        presses)


def _around(elements: Any) -> Any:
    """The innermost element holding all of them."""
    found = [e for e in elements if e is not None]
    if not found:
        return None
    chain = [found[0], *found[0].iterancestors()]
    for candidate in chain:
        if all(candidate is e or any(candidate is a for a in e.iterancestors()) for e in found):
            return candidate
    return chain[-1]


def _build(tree: list[Any], positions: dict[Any, int], built: set[Any], hidden: set[Any],
           texts: dict[Any, TextStyle], links: dict[Any, LinkStyle]) -> Any:
    """The lxml tree of a snapshot, collecting each element's facts on the way."""
    root = _element(tree, None)
    stack: list[tuple[list[Any], Any]] = [(tree, root)]
    while stack:
        node, el = stack.pop()
        _namespace, _name, _attrs, children, facts = node
        stamp = el.attrib.pop(ATTRIBUTE, None)
        if stamp is not None and stamp.isdigit():
            positions[el] = int(stamp)
        elif el.tag not in _IMPLIED:
            built.add(el)
        if facts:
            if facts.get("h"):
                hidden.add(el)
            if "t" in facts:
                texts[el] = _text_style(facts["t"])
            if "l" in facts:
                links[el] = _link_style(facts["l"])
        last = None
        for child in children:
            if isinstance(child, str):
                _append_text(el, last, parser.NOT_XML.sub("\ufffd", child))
                continue
            last = _element(child, el)
            stack.append((child, last))
    return root


def _element(node: list[Any], parent: Any) -> Any:
    namespace, name, attrs, _children, _facts = node
    tag = f"{{{namespace}}}{name}" if namespace in _NAMESPACES else name
    try:
        el = etree.Element(tag) if parent is None else etree.SubElement(parent, tag)
    except ValueError:
        coerced = _FILTER.coerceElement(name)
        tag = f"{{{namespace}}}{coerced}" if namespace in _NAMESPACES else coerced
        el = etree.Element(tag) if parent is None else etree.SubElement(parent, tag)
    for key, value in attrs:
        value = parser.NOT_XML.sub("\ufffd", value)
        try:
            el.set(key, value)
        except ValueError:  # a name XML cannot hold (":" prefixes, "@click"...)
            el.set(str(_FILTER.coerceAttribute(key)), value)
    return el


def _append_text(el: Any, last: Any, data: str) -> None:
    if last is None:
        el.text = (el.text or "") + data
    else:
        last.tail = (last.tail or "") + data


def _place_implied(root: Any, static: Document, positions: dict[Any, int]) -> None:
    """html, head and body take the static tree's positions when their tags were not written."""
    static_root = static.root
    pairs = [(root, static_root)]
    for name in _IMPLIED[1:]:
        mine, theirs = root.find(name), static_root.find(name)
        if mine is not None and theirs is not None:
            pairs.append((mine, theirs))
    for mine, theirs in pairs:
        if mine not in positions and theirs in static.parsed.positions:
            positions[mine] = static.parsed.positions[theirs]


def _text_style(t: dict[str, Any]) -> TextStyle:
    return TextStyle(color=t["fg"], opacity=float(t["op"]), backgrounds=tuple(t["bgs"]),
                     image=bool(t["img"]), font_size=float(t["fs"]), font_weight=int(t["fw"]),
                     disabled=bool(t["dis"]), tiny=bool(t["tiny"]), overlapped=bool(t["ov"]))


def _cue(c: dict[str, Any]) -> Cue:
    return Cue(decoration=c["deco"], border=bool(c["border"]), font_weight=int(c["fw"]),
               font_style=c["fst"], color=c["fg"])


def _link_style(link: dict[str, Any]) -> LinkStyle:
    return LinkStyle(link=_cue(link["link"]), around=_cue(link["text"]), opacity=float(link["op"]),
                     backgrounds=tuple(link["bgs"]), image=bool(link["img"]))
