"""Text alternatives: image-alt, input-image-alt, area-alt, role-img-alt, svg-img-alt,
object-alt, server-side-image-map, image-redundant-alt."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .. import text
from ..a11y.roles import SVG
from ..document import Document
from . import CheckContext, CheckSpec, Finding

_PRESENTATIONAL = ("none", "presentation")


def _whitespace_only(value: str | None) -> bool:
    return value is not None and value != "" and not value.strip()


def check_image_alt(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """ACT 23a2a8 for <img>: a non-empty name, unless the image is presentational. The role
    comes from the semantics layer, so role="none" loses to tabindex or a global ARIA
    attribute, and alt="" with either of those is an image again."""
    a = doc.a11y
    for img in a.elements("img"):
        if a.hidden(img):
            continue
        role = a.role(img)
        if role != "img":
            # Decorative (a link it leaves without a name is link-name's finding, at the
            # link), or an explicit widget role, whose own rule asks for its name.
            continue
        alt = img.get("alt")
        if _whitespace_only(alt) and not a.name(img):
            yield Finding("whitespace", img)
        elif not a.name(img):
            yield Finding("missing" if alt != "" else "not-presentational", img)


IMAGE_ALT_SPEC = CheckSpec(check_image_alt, frozenset({"missing", "whitespace", "not-presentational"}))


def check_input_image_alt(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    a = doc.a11y
    for el in a.elements("input"):
        if (el.get("type") or "").strip().lower() == "image" and not a.hidden(el) and not a.name(el):
            yield Finding("missing", el)


INPUT_IMAGE_ALT_SPEC = CheckSpec(check_input_image_alt, frozenset({"missing"}))


def check_area_alt(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    a = doc.a11y
    for area in a.elements("area"):
        if area.get("href") is None or a.aria_hidden(area):
            continue
        if not (text.squash(area.get("alt") or "") or text.squash(area.get("aria-label") or "")
                or a.name(area)):
            yield Finding("missing", area)


AREA_ALT_SPEC = CheckSpec(check_area_alt, frozenset({"missing"}))


def check_role_img_alt(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """role="img" on an HTML element other than img, area, input and object (those have
    rules of their own; SVG has svg-img-alt). Name from author only: content does not count."""
    a = doc.a11y
    for el in a.with_role("img"):
        tag = el.tag
        if tag in ("img", "area", "input", "object") or tag.startswith(SVG) or a.hidden(el):
            continue
        if not a.name(el):
            yield Finding("missing", el)


ROLE_IMG_ALT_SPEC = CheckSpec(check_role_img_alt, frozenset({"missing"}))


def check_svg_img_alt(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """ACT 7d6734: every element in the SVG namespace (an <svg>, or a <g>, <path>... inside
    one) whose explicit role is img, graphics-document or graphics-symbol has a name."""
    a = doc.a11y
    for el in a.with_role("img", "graphics-document", "graphics-symbol"):
        if el.tag.startswith(SVG) and a.role(el) == a.explicit_role(el) and not a.hidden(el) \
                and not a.name(el):
            yield Finding("missing", el, {"role": a.explicit_role(el), "tag": el.tag[len(SVG):]})


SVG_IMG_ALT_SPEC = CheckSpec(check_svg_img_alt, frozenset({"missing"}))


def check_object_alt(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """<object data> needs a name from aria-labelledby, aria-label or title (HTML-AAM); role
    none/presentation exempts it. Fallback content is no name: it is shown only when the
    object fails to load, and hidden whenever the object renders."""
    a = doc.a11y
    for obj in a.elements("object"):
        if obj.get("data") is None or a.hidden(obj) or a.role(obj) in _PRESENTATIONAL:
            continue
        if any(c.tag == "object" for c in obj.iterancestors()):
            continue  # nested fallback object: the outer one is the one rendered
        if not a.name(obj):
            yield Finding("missing", obj)


OBJECT_ALT_SPEC = CheckSpec(check_object_alt, frozenset({"missing"}))


def check_server_side_image_map(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    a = doc.a11y
    for img in a.elements("img"):
        if img.get("ismap") is not None and not a.hidden(img):
            yield Finding("ismap", img)


SERVER_SIDE_IMAGE_MAP_SPEC = CheckSpec(check_server_side_image_map, frozenset({"ismap"}))

_REDUNDANT_PARENTS = frozenset({"a", "button", "p", "li", "td", "th"})


def check_image_redundant_alt(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """An image's alt text repeated word for word by the text of the link, button, paragraph,
    list item or cell around it: a screen reader says it twice."""
    a = doc.a11y
    for img in a.elements("img"):
        alt = text.normalize(img.get("alt") or "")
        if not alt or a.hidden(img):
            continue
        parent = next((p for p in img.iterancestors() if p.tag in _REDUNDANT_PARENTS
                       or a.explicit_role(p) == "button"), None)
        if parent is None or (parent.tag == "a" and parent.get("href") is None):
            continue
        if alt == text.normalize(_text_without(a, parent, img)):
            yield Finding("redundant", img, {"alt": text.squash(img.get("alt") or "")})


def _text_without(a: Any, parent: Any, img: Any) -> str:
    parts: list[str] = [parent.text or ""]
    for child in parent:
        if child is not img and isinstance(child.tag, str) and not a.hidden(child):
            parts.append(a.visible_text(child))
        parts.append(child.tail or "")
    return " ".join(parts)


IMAGE_REDUNDANT_ALT_SPEC = CheckSpec(check_image_redundant_alt, frozenset({"redundant"}))
