"""archive-notice: pages of a historical collection carry the notice near the top; current
pages do not. Membership comes from config (path globs, or a publication-date cutoff)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from datetime import date
from urllib.parse import urlsplit

from ..document import Document
from ..globs import GlobSet
from ..model import Rule
from . import CheckContext, CheckSpec, Finding

_ISO_DATE = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
_PUBLISHED = "article:published_time"
_DUBLIN_CORE = ("dc.date", "dc.date.issued", "dc.date.created", "dcterms.issued",
                "dcterms.created", "dcterms.date")


def check(doc: Document, ctx: CheckContext, *, phrases: list[str],
          before_selector: str = "h1") -> Iterator[Finding]:
    settings = ctx.archive
    if not settings.configured:
        return
    notice = doc.smallest_containing(doc.body, *phrases)
    in_collection = _belongs(doc, ctx)
    if in_collection is None:
        yield Finding("undated", doc.root)
        return
    if in_collection and notice is None:
        yield Finding("missing", doc.body)
    elif in_collection and notice is not None:
        marker = doc.select(before_selector)
        if marker and doc.offset(marker[0]) < doc.offset(notice):
            yield Finding("not-near-top", notice, {"before": before_selector})
    elif notice is not None:
        yield Finding("current-page", notice)


SPEC = CheckSpec(check, frozenset({"missing", "not-near-top", "current-page", "undated"}))


def shows_notice(doc: Document, rules: Mapping[str, Rule]) -> bool:
    """Whether the page carries the archive notice, by the phrases its rule looks for (among
    ``rules``, the run's): dead external links on such a page are only warnings."""
    rule = next((r for r in rules.values() if r.check == "archive-notice"), None)
    phrases = rule.options.get("phrases", ()) if rule is not None else ()
    return bool(phrases) and doc.smallest_containing(doc.body, *phrases) is not None


def _belongs(doc: Document, ctx: CheckContext) -> bool | None:
    """True/False when config decides it; None when only a date would and none can be read."""
    settings = ctx.archive
    path = doc.info.site_path
    if path is None and doc.info.url:
        path = urlsplit(doc.info.url).path
    if settings.paths and path is not None and GlobSet(settings.paths).matches(path):
        return True
    if settings.before is None:
        return False
    published = published_date(doc)
    if published is None:
        return None
    return published < settings.before


def published_date(doc: Document) -> date | None:
    """Publication date from article:published_time, JSON-LD datePublished,
    <time datetime> (in the article first) or Dublin Core meta, in that order. Elements are
    found by tag, in document order, as the selectors in the comments would find them (an
    XPath scan of the page for each cost more than the rest of the rule)."""
    metas = doc.a11y.elements("meta")
    # meta[property="article:published_time"], meta[name="article:published_time"]
    for el in metas:
        if el.get("property") == _PUBLISHED or el.get("name") == _PUBLISHED:
            found = _iso(el.get("content"))
            if found:
                return found
    for el in doc.a11y.elements("script"):  # script[type="application/ld+json"]
        if el.get("type") == "application/ld+json":
            found = _iso(_json_ld_date(el.text or ""))
            if found:
                return found
    times = [el for el in doc.a11y.elements("time") if el.get("datetime") is not None]
    for inside in ("article", "main", None):  # article time[datetime], main time..., time...
        for el in times:
            if inside is not None and next(el.iterancestors(inside), None) is None:
                continue
            found = _iso(el.get("datetime"))
            if found:
                return found
    for el in metas:  # meta[name]
        if el.get("name") is not None and el.get("name", "").strip().lower() in _DUBLIN_CORE:
            found = _iso(el.get("content"))
            if found:
                return found
    return None


def _iso(value: str | None) -> date | None:
    match = _ISO_DATE.match(value or "")
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _json_ld_date(raw: str) -> str | None:
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            value = item.get("datePublished")
            if isinstance(value, str):
                return value
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(reversed(item))
    return None
