"""image-virin: DoD imagery shows a valid VIRIN (DoDI 5040.02; field rules from DIMOC).

Grammars are the reference's section 3.2: the lenient form is what real DoD pages carry
(legacy Field 3, a trailing letter, a leading-zero sequence, a file extension); what passes
only the lenient form is a warning, what fails it an error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

from ..document import Document
from . import CheckContext, CheckSpec, Finding, imagery
from .site import is_dod

LENIENT = re.compile(
    r"^(?P<date>\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01]))-(?P<svc>[A-Z])-"
    r"(?P<id>[A-Z]{2}\d{3}|[A-Z]\d{4}|\d{4}[A-Z])-(?P<seq>\d{3,4})(?P<suffix>[A-Z])?"
    r"(?:-(?P<sub>\d{3})|-(?P<cc>[A-Z]{2}))?(?P<ext>\.(?:jpe?g|png|tiff?))?$",
    re.I,
)
STRICT = re.compile(
    r"^\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])-[ADFGHMNOSZ]-([A-Z]{2}\d{3}|[A-Z]\d{4})-"
    r"(\d{3}|[1-9]\d{3})(-[A-Z]{2})?$"
)
SERVICE_CODES = frozenset("ADFGHMNOSZ")
PLACEHOLDER_ID = "ZZ999"
# Possessive: a run of white space after "VIRIN" is crossed once, never split between the two.
_LABELLED = re.compile(r"\bVIRIN\s*+:?\s*+([^\s|,;]++)", re.I)
_BARE = re.compile(r"(?<![\w-])\d{6}-[A-Z]-[A-Z0-9]{5}-\d{3,4}[A-Z]?(?:-\d{3}|-[A-Z]{2})?(?![\w-])")
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}
_CAPTION_DATE = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s+(\d{1,2}),\s*(\d{4})\b", re.I)


@dataclass(frozen=True)
class Virin:
    raw: str
    core: str  # upper-case, without file extension
    taken: date | None
    service: str
    vision_id: str


def parse(raw: str, today: date) -> Virin | None:
    match = LENIENT.match(raw)
    if not match:
        return None
    core = raw[: match.start("ext")] if match["ext"] else raw
    return Virin(raw=raw, core=core.upper(), taken=_virin_date(match["date"], today),
                 service=match["svc"].upper(), vision_id=match["id"].upper())


def _virin_date(yymmdd: str, today: date) -> date | None:
    """Two-digit years up to one year ahead of today are 20YY; older ones are 19YY
    (historical imagery such as 440606-O-ZZ999-001C is 1944)."""
    yy, mm, dd = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    year = 2000 + yy if 2000 + yy <= today.year + 1 else 1900 + yy
    try:
        return date(year, mm, dd)
    except ValueError:
        return None


def check(doc: Document, ctx: CheckContext, *, selector: str) -> Iterator[Finding]:
    if not is_dod(doc, ctx):
        return
    for img in imagery.content_images(doc, selector):
        caption = imagery.caption(doc, img)
        shown = _shown(caption)
        if not shown:
            named = parse(imagery.file_name(img), ctx.today)  # the file may be named for its VIRIN
            yield Finding("missing", img, {"file": imagery.file_name(img) or "image",
                                           "example": named.core if named else "200207-A-DN756-966R"})
            continue
        for raw in shown:
            yield from _validate(img, raw, caption, ctx.today)
        yield from _file_name_agrees(img, shown, ctx.today)


SPEC = CheckSpec(check, frozenset({
    "missing", "invalid", "not-strict", "bad-date", "future", "service", "placeholder",
    "caption-date", "file-name-mismatch",
}))


def _shown(caption: str) -> list[str]:
    """VIRINs printed in the caption: 'VIRIN: …' labels, plus unlabelled VIRIN-shaped runs."""
    found = [m[1].rstrip(".)") for m in _LABELLED.finditer(caption)]
    found += [m[0] for m in _BARE.finditer(caption) if m[0] not in found]
    return found


def _validate(img: object, raw: str, caption: str, today: date) -> Iterator[Finding]:
    virin = parse(raw, today)
    if virin is None:
        yield Finding("invalid", img, {"virin": raw})
        return
    if virin.taken is None:
        yield Finding("bad-date", img, {"virin": raw})
    elif virin.taken > today:
        yield Finding("future", img, {"virin": raw, "date": virin.taken.isoformat()})
    if virin.service not in SERVICE_CODES:
        yield Finding("service", img, {"virin": raw, "code": virin.service})
    elif not STRICT.match(virin.core):
        yield Finding("not-strict", img, {"virin": raw})
    if virin.vision_id == PLACEHOLDER_ID:
        yield Finding("placeholder", img, {"virin": raw})
    stated = _caption_dates(caption)
    if virin.taken and stated and virin.taken not in stated:
        yield Finding("caption-date", img, {"virin": raw, "virin_date": virin.taken.isoformat(),
                                            "caption_date": stated[0].isoformat()})


def _file_name_agrees(img: object, shown: list[str], today: date) -> Iterator[Finding]:
    named = parse(imagery.file_name(img), today)  # type: ignore[arg-type]
    if named is None:
        return
    printed = [v.core for v in (parse(s, today) for s in shown) if v is not None]
    if printed and named.core not in printed:
        yield Finding("file-name-mismatch", img, {"file": named.core, "virin": printed[0]})


def _caption_dates(caption: str) -> list[date]:
    dates = []
    for match in _CAPTION_DATE.finditer(caption):
        try:
            dates.append(date(int(match[3]), _MONTHS[match[1][:3].lower()], int(match[2])))
        except ValueError:
            continue
    return dates
