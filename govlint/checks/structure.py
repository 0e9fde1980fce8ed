"""Page structure: landmarks, region, bypass, skip-link, heading-order, page-has-heading-one."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from .. import text
from ..a11y.roles import SVG
from ..document import Document
from . import CheckContext, CheckSpec, Finding
from .names import headings

LANDMARKS = frozenset({"banner", "complementary", "contentinfo", "form", "main", "navigation", "region",
                       "search"})
_LANDMARK_TAGS = ("header", "footer", "main", "nav", "aside", "section", "form", "search")
_CONTENT_TAGS = frozenset({"img", "svg", "video", "audio", "iframe", "object", "embed", "canvas",
                           "input", "button", "select", "textarea"})


def landmarks(doc: Document) -> list[tuple[Any, str]]:
    """(element, role) of every landmark in the accessibility tree, in document order."""
    a = doc.a11y
    found = {el for el in a.elements(*_LANDMARK_TAGS)} | set(a.with_attribute("role"))
    out = []
    for el in sorted(found, key=doc.offset):
        role = a.role(el)
        if role in LANDMARKS and not a.hidden(el):
            if role == "form" and not a.name(el):
                continue
            out.append((el, role))
    return out


def check_one_main(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    if not any(role == "main" for _, role in landmarks(doc)):
        yield Finding("missing", doc.root)


ONE_MAIN_SPEC = CheckSpec(check_one_main, frozenset({"missing"}))


def check_no_duplicate(doc: Document, ctx: CheckContext, *, role: str) -> Iterator[Finding]:
    """One finding per page, at the first of the landmarks (where axe-core reports it too):
    which one to keep is the author's choice, the count says how many there are."""
    found = [el for el, r in landmarks(doc) if r == role]
    if len(found) > 1:
        yield Finding("duplicate", found[0], {"role": role, "count": len(found)})


NO_DUPLICATE_SPEC = CheckSpec(check_no_duplicate, frozenset({"duplicate"}))


def check_top_level(doc: Document, ctx: CheckContext, *, role: str) -> Iterator[Finding]:
    """A banner, main, contentinfo or complementary landmark inside another landmark
    (complementary content may sit inside main)."""
    marks = landmarks(doc)
    roles = dict(marks)
    for el, own in marks:
        if own != role:
            continue
        outer = next((anc for anc in el.iterancestors() if anc in roles), None)
        if outer is None or (role == "complementary" and roles[outer] == "main"):
            continue
        yield Finding("nested", el, {"role": role, "parent": roles[outer]})


TOP_LEVEL_SPEC = CheckSpec(check_top_level, frozenset({"nested"}))


def check_landmark_unique(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """Landmarks of one role need different names, so a user can tell them apart; reported
    once per group of look-alikes, at its first landmark (as axe-core does)."""
    groups: dict[tuple[str, str], list[Any]] = defaultdict(list)
    for el, role in landmarks(doc):
        groups[(role, text.normalize(doc.a11y.name(el)))].append(el)
    for (role, name), els in groups.items():
        if len(els) > 1:
            yield Finding("duplicate", els[0], {"role": role, "name": name or "no name"})


LANDMARK_UNIQUE_SPEC = CheckSpec(check_landmark_unique, frozenset({"duplicate"}))


def check_region(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """Content outside every landmark: reported at the outermost element holding it."""
    body = doc.root.find("body")
    if body is None:
        return
    marks = {el for el, _ in landmarks(doc)}
    holders = set()
    for el in marks:
        holders.update(el.iterancestors())
    skip = _skip_links(doc)
    yield from _outside(doc, body, marks, holders, skip)


def _outside(doc: Document, node: Any, marks: set[Any], holders: set[Any],
             skip: set[Any]) -> Iterator[Finding]:
    a = doc.a11y
    if text.squash(node.text or ""):
        yield Finding("outside", node)
        return
    for child in node:
        if isinstance(child.tag, str) and child not in marks and child not in skip and not a.hidden(child):
            if child in holders:
                yield from _outside(doc, child, marks, holders, skip)
            elif _has_content(a, child):
                yield Finding("outside", child)
        if text.squash(child.tail or "") and not a.hidden(node):
            yield Finding("outside", node)
            return


def _has_content(a: Any, el: Any) -> bool:
    if a.has_text(el):
        return True
    return any(not a.hidden(d) for d in el.iter(*_CONTENT_TAGS, f"{SVG}svg"))


def _same_page_links(doc: Document) -> list[Any]:
    """Links to a part of this page that come before the first link elsewhere."""
    out = []
    for link in doc.a11y.elements("a"):
        href = (link.get("href") or "").strip()
        if not href:
            continue
        if not (href.startswith("#") or href.startswith("/#")):
            break
        out.append(link)
    return out


def _skip_links(doc: Document) -> set[Any]:
    """Skip links and the wrappers that hold nothing else (content that may stay outside
    the landmarks)."""
    a = doc.a11y
    links = _same_page_links(doc)
    skip = set(links)
    for link in links:
        for anc in link.iterancestors():
            if anc.tag in ("body", "html") or anc in skip:
                break
            inside = text.squash(" ".join(a.visible_text(x) for x in anc.iter("a") if x in skip))
            if a.visible_text(anc) != inside:
                break
            skip.add(anc)
    return skip


REGION_SPEC = CheckSpec(check_region, frozenset({"outside"}))


def _target(doc: Document, href: str) -> Any:
    fragment = href.split("#", 1)[1]
    if not fragment:
        return None
    found = doc.a11y.by_id(fragment)
    if found is None:
        found = next((a for a in doc.a11y.elements("a") if a.get("name") == fragment), None)
    return found


def check_bypass(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """A way past repeated blocks: a main landmark, a heading or a link into the page."""
    a = doc.a11y
    if not any(link.get("href") is not None for link in a.elements("a")):
        return  # nothing to bypass
    if any(role == "main" for _, role in landmarks(doc)) or headings(doc):
        return
    for link in a.elements("a"):
        href = (link.get("href") or "").strip()
        if href.startswith("#") and len(href) > 1 and _target(doc, href) is not None:
            return
    yield Finding("missing", doc.root)


BYPASS_SPEC = CheckSpec(check_bypass, frozenset({"missing"}))


def check_skip_link(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    for link in _same_page_links(doc):
        href = (link.get("href") or "").strip()
        if href in ("#", "/#") or href.startswith("#!") or href.startswith("#/"):
            continue
        if _target(doc, href) is None:
            yield Finding("no-target", link, {"href": href})


SKIP_LINK_SPEC = CheckSpec(check_skip_link, frozenset({"no-target"}))


def level(doc: Document, heading: Any) -> int:
    tag = heading.tag
    if doc.a11y.explicit_role(heading) == "heading" or not (len(tag) == 2 and tag[0] == "h"):
        value = (heading.get("aria-level") or "").strip()
        if value.isdigit() and int(value) > 0:
            return int(value)
        return int(tag[1]) if len(tag) == 2 and tag[0] == "h" and tag[1].isdigit() else 2
    value = (heading.get("aria-level") or "").strip()
    return int(value) if value.isdigit() and int(value) > 0 else int(tag[1])


def check_heading_order(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    previous = None
    for heading in headings(doc):
        current = level(doc, heading)
        if previous is not None and current > previous + 1:
            yield Finding("skipped", heading, {"level": current, "previous": previous,
                                             "expected": previous + 1})
        previous = current


HEADING_ORDER_SPEC = CheckSpec(check_heading_order, frozenset({"skipped"}))


def check_page_has_heading_one(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    if not any(level(doc, h) == 1 for h in headings(doc)):
        yield Finding("missing", doc.root)


PAGE_HAS_HEADING_ONE_SPEC = CheckSpec(check_page_has_heading_one, frozenset({"missing"}))
