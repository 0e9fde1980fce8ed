"""image-alt-quality and image-credit (image-alt is in alternatives.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from .. import text
from ..document import Document
from . import CheckContext, CheckSpec, Finding, imagery
from .site import is_dod
from .virin import LENIENT

_FILE_NAME = re.compile(
    r"^[\w\-. ()]+\.(jpe?g|png|gif|svg|webp|bmp|tiff?|heic|avif)$"
    r"|^(img|dsc|dscn|dcim|pxl|screen ?shot)[_\- ]?\d+",
    re.I,
)


def check_alt_quality(doc: Document, ctx: CheckContext, *, max_length: int = 150,
                      placeholders: list[str], prefixes: list[str]) -> Iterator[Finding]:
    placeholder_set = {text.normalize(p) for p in placeholders}
    prefix_list = [text.normalize(p) for p in prefixes]
    for img in doc.root.iter("img"):
        alt = text.squash(img.get("alt") or "")
        if not alt:
            continue
        norm = text.normalize(alt)
        if _FILE_NAME.match(alt) or LENIENT.match(alt):
            yield Finding("file-name", img, {"alt": alt})
        elif norm.strip(".:!") in placeholder_set:
            yield Finding("placeholder", img, {"alt": alt})
        elif any(norm.startswith(p) for p in prefix_list):
            prefix = next(p for p in prefix_list if norm.startswith(p))
            yield Finding("redundant-prefix", img, {"prefix": prefix})
        if len(alt) > max_length:
            yield Finding("too-long", img, {"length": len(alt), "max": max_length})
        if repeats_caption(norm, imagery.caption(doc, img)):
            yield Finding("repeats-caption", img)


def repeats_caption(norm: str, caption: str) -> bool:
    """Whether normalised alt text repeats a (squashed) caption word for word: the whole
    caption, or a sentence-sized run of it. An alt of fewer than five words can only equal
    it, which a longer caption cannot once normalised (case folding never shortens text, and
    a squashed text holds no white space that normalising would collapse): the caption, often
    a whole container's text, is normalised only when it may match."""
    sentence = len(norm.split()) >= 5
    if not caption or not (sentence or len(caption) <= len(norm)):
        return False
    cap = text.normalize(caption)
    return bool(cap) and (norm == cap or (sentence and norm in cap))


QUALITY_SPEC = CheckSpec(check_alt_quality, frozenset({
    "file-name", "placeholder", "redundant-prefix", "too-long", "repeats-caption",
}))


def check_credit(doc: Document, ctx: CheckContext, *, selector: str, patterns: list[str],
                 dod_only: bool = True) -> Iterator[Finding]:
    if dod_only and not is_dod(doc, ctx):  # the credit line is DoD visual-information policy
        return
    credit = re.compile("|".join(f"(?:{p})" for p in patterns), re.I)
    for img in imagery.content_images(doc, selector):
        if not credit.search(imagery.caption(doc, img)):
            yield Finding("missing", img, {"file": imagery.file_name(img) or "image"})


CREDIT_SPEC = CheckSpec(check_credit, frozenset({"missing"}))
