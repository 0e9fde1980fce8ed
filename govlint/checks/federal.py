"""The federal website standards pack: required links, DAP, page title and description,
mixed content, site search and contact. Facts come from govlint/federal/scan.py; which
pages are home pages from govlint/federal/pages.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

from ..document import Document
from ..federal import labels, pages, scan
from ..links import urls
from ..links.extract import base_href, srcset_urls
from . import CheckContext, CheckSpec, Finding
from .site import page_lang


def required_links(doc: Document, ctx: CheckContext, *, drop: list[str] | None = None,
                   add: list[str] | None = None) -> Iterator[Finding]:
    """``drop``: item ids not required on this site; ``add``: more link texts that are."""
    if not pages.is_home(doc, ctx):
        return
    wanted = labels.items(tuple(drop or ()), tuple(add or ()))
    found = scan.required_links(doc, wanted)
    missing = [item for item in wanted if item.id not in found]
    if not missing:
        return
    spanish = page_lang(doc, ctx) == "es"
    names = [f"{item.label_es} ({item.label})" if spanish and item.label_es != item.label else item.label
             for item in missing]
    yield Finding("missing", scan.footer(doc), {"items": ", ".join(names), "count": len(missing)})


def _validate_required_links(options: dict[str, Any]) -> str | None:
    bad = labels.unknown(list(options.get("drop") or ()))
    if bad:
        return f"option 'drop': unknown item(s) {', '.join(bad)} (known: {', '.join(labels.ITEM_IDS)})"
    return None


def dap(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    found = scan.dap(doc)
    if found is None:
        yield Finding("missing", scan.head(doc))
        return
    if found.scheme in ("http", "protocol-relative"):
        kind = "plain http" if found.scheme == "http" else "protocol-relative"
        yield Finding("insecure", found.element, {"src": found.src, "kind": kind})
    agency = found.parameters.get("agency", "").strip()
    if not agency or agency == "AGENCY":
        yield Finding("no-agency", found.element, {"src": found.src})


def page_title(doc: Document, ctx: CheckContext, *, min_length: int = 20) -> Iterator[Finding]:
    element = scan.title_element(doc)
    return _long_enough(doc, element, scan.title_text(element), min_length)


def meta_description(doc: Document, ctx: CheckContext, *, min_length: int = 50) -> Iterator[Finding]:
    element = scan.description_element(doc)
    return _long_enough(doc, element, scan.description_text(element), min_length)


def _long_enough(doc: Document, element: Any, value: str, min_length: int) -> Iterator[Finding]:
    """A missing or empty value is reported at its element, else at <head>; a short one at it."""
    if not value:
        yield Finding("missing", element if element is not None else scan.head(doc))
    elif len(value) < min_length:
        yield Finding("short", element, {"value": value, "length": len(value), "min_length": min_length})


def _site_rule(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """Duplicates are found by the site pass (govlint/federal/site.py) from each page's facts."""
    return iter(())


# (tag, attribute, what it loads) for every subresource a browser fetches with the page.
_SUBRESOURCES = (
    ("img", "src", "image"), ("img", "srcset", "image"), ("source", "src", "media source"),
    ("source", "srcset", "image"), ("script", "src", "script"), ("iframe", "src", "frame"),
    ("frame", "src", "frame"), ("video", "src", "video"), ("video", "poster", "video poster"),
    ("audio", "src", "audio"), ("track", "src", "text track"), ("object", "data", "object"),
    ("embed", "src", "embed"), ("input", "src", "image button"),
    ("form", "action", "form action"), ("link", "href", "stylesheet"),
)
# <link rel> values whose href the browser fetches with the page.
_FETCHED_RELS = frozenset({"stylesheet", "icon", "shortcut", "apple-touch-icon",
                           "apple-touch-icon-precomposed", "mask-icon", "manifest", "preload",
                           "modulepreload"})


def mixed_content(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    page_url = doc.info.url or ctx.site.base_url or ""
    if urlsplit(page_url).scheme.lower() != "https":
        return
    base = _resolve(page_url, base_href(doc) or "") or page_url  # a malformed <base href> is ignored
    hits: list[tuple[int, Finding]] = []
    for tag, attr, what in _SUBRESOURCES:
        for element in doc.root.iter(tag):
            value = element.get(attr)
            if value is None:
                continue
            if tag == "link":
                rels = set((element.get("rel") or "").lower().split())
                if not rels & _FETCHED_RELS:
                    continue
                what = ("stylesheet" if "stylesheet" in rels
                        else "icon" if "icon" in " ".join(rels) else "resource")
            elif tag == "input" and (element.get("type") or "").lower() != "image":
                continue
            for url in (srcset_urls(value) if attr == "srcset" else [value.strip()]):
                resolved = _resolve(base, url)
                if urls.split(resolved).scheme.lower() == "http":
                    shown = url if resolved == url else f"{url} (resolved against <base href>: {resolved})"
                    hits.append((doc.offset(element), Finding(
                        "insecure", element, {"url": shown, "what": what, "attr": attr})))
    hits.sort(key=lambda hit: hit[0])
    yield from (finding for _, finding in hits)


def _resolve(base: str, url: str) -> str:
    if not url:
        return ""
    try:
        return urljoin(base, url)
    except ValueError:
        return ""


def site_search(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    if pages.is_home(doc, ctx) and scan.search(doc) is None:
        yield Finding("missing", scan.header(doc))


def contact_link(doc: Document, ctx: CheckContext, *, home_only: bool = True) -> Iterator[Finding]:
    """``home_only``: false checks every page (the standard asks for the link in the same place
    on every page)."""
    if home_only and not pages.is_home(doc, ctx):
        return
    if scan.contact(doc) is None:
        yield Finding("missing", scan.footer(doc))


REQUIRED_LINKS_SPEC = CheckSpec(required_links, frozenset({"missing"}), validate=_validate_required_links)
DAP_SPEC = CheckSpec(dap, frozenset({"missing", "insecure", "no-agency"}))
PAGE_TITLE_SPEC = CheckSpec(page_title, frozenset({"missing", "short"}))
META_DESCRIPTION_SPEC = CheckSpec(meta_description, frozenset({"missing", "short"}))
DUPLICATE_SPEC = CheckSpec(_site_rule, frozenset({"duplicate"}), site=True, from_facts=True)
MIXED_CONTENT_SPEC = CheckSpec(mixed_content, frozenset({"insecure"}))
SITE_SEARCH_SPEC = CheckSpec(site_search, frozenset({"missing"}))
CONTACT_LINK_SPEC = CheckSpec(contact_link, frozenset({"missing"}))
