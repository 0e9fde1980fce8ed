"""Which images are content, and where their caption is. Shared by the image rules."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import unquote, urlsplit

from ..document import Document

# Words in a class, id or file name that mark an image as chrome rather than content.
_ICON_WORDS = re.compile(
    r"(?:^|[^a-z])(icon|logo|seal|flag|avatar|badge|sprite|spacer|pixel|emblem|overlay|play|button"
    r"|arrow|spinner|loader)",
    re.I,
)
# The same, in alt text: a seal, logo or screenshot is not public-affairs photography.
_CHROME_ALT = re.compile(r"\b(?:seal|logo|emblem|icon|screen\s*shot|screen\s*capture)s?\b", re.I)
# In file names words run together ("dodseal.png", "nihlogo.svg", "Screenshot2024.png").
_CHROME_FILE = re.compile(r"seal|logo|emblem|screen[\s_-]?shot|screen[\s_-]?capture", re.I)
_BLOCKS = frozenset({"article", "main", "body", "section", "html"})
_SMALL = 64


def is_decorative(img: Any) -> bool:
    alt = img.get("alt")
    role = (img.get("role") or "").strip().lower()
    return (alt is not None and not alt.strip()) or role in ("presentation", "none") or (
        img.get("aria-hidden") == "true"
    )


def _dimension(img: Any, name: str) -> int | None:
    value = (img.get(name) or "").strip().lower().removesuffix("px")
    return int(value) if value.isdigit() else None


def is_icon_or_pixel(img: Any) -> bool:
    sizes = [d for d in (_dimension(img, "width"), _dimension(img, "height")) if d is not None]
    if sizes and min(sizes) <= _SMALL:
        return True
    hints = " ".join((img.get("class") or "", img.get("id") or "", file_name(img)))
    return bool(_ICON_WORDS.search(hints) or _CHROME_FILE.search(file_name(img))
                or _CHROME_ALT.search(img.get("alt") or ""))


def file_name(img: Any) -> str:
    src = (img.get("src") or "").strip()
    if not src:
        return ""
    try:
        path = urlsplit(src).path
    except ValueError:  # a malformed URL such as http://[oops/a.jpg: its last segment will do
        path = src.split("?", 1)[0].split("#", 1)[0]
    return unquote(path.rsplit("/", 1)[-1])


def content_images(doc: Document, selector: str) -> list[Any]:
    """Images that need a credit: in ``selector``, not decorative, icons, logos or pixels."""
    return [img for img in doc.select(selector)
            if img.tag == "img" and not is_decorative(img) and not is_icon_or_pixel(img)]


def container(doc: Document, img: Any) -> Any:
    """The figure holding the image, else the nearest ancestor (up to four levels, not a
    whole article or section) that carries text of its own; else the parent."""
    for ancestor in img.iterancestors():
        if ancestor.tag == "figure":
            return ancestor
        if ancestor.tag in _BLOCKS:
            break
    parent = img.getparent()
    node = parent
    for _ in range(4):
        if node is None or node.tag in _BLOCKS:
            break
        if doc.has_text(node):
            return node
        node = node.getparent()
    return parent


def caption(doc: Document, img: Any) -> str:
    """The caption text: the figure's figcaption, else the container's text."""
    box = container(doc, img)
    if box is None:
        return ""
    if box.tag == "figure":
        captions = box.findall(".//figcaption")
        if captions:
            return doc.text(captions[0])
    return doc.text(box)
