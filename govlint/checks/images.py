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
        cap = text.normalize(imagery.caption(doc, img))
        # Word for word: the whole caption, or a sentence-sized run of it.
        if cap and (norm == cap or (len(norm.split()) >= 5 and norm in cap)):
            yield Finding("repeats-caption", img)


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
