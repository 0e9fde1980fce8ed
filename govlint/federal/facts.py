"""A page's site-scan facts: what the federal rules found on it, kept after its tree is gone.
They go into the JSON report (to compare with GSA's Site Scanning), into the page cache, and
to the site pass that finds duplicate titles and descriptions."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from ..checks import CheckContext, CheckSpec
from ..document import Document
from ..model import Rule, Severity
from ..suppressions import Suppressor
from . import labels, pages, scan
from .values import PageFacts, Spot

# The checks of the pack: a page gets facts when one of them runs on it.
CHECKS = frozenset({"required-links", "dap", "page-title", "duplicate-title", "meta-description",
                    "duplicate-description", "mixed-content", "site-search", "contact-link"})
TITLE, DESCRIPTION = "duplicate-title", "duplicate-description"


def collect(doc: Document, ctx: CheckContext, plan: tuple[tuple[Rule, Severity | None], ...],
            checks: Mapping[str, CheckSpec], suppressor: Suppressor) -> PageFacts | None:
    """The page's facts, or None when no rule of the pack runs on it."""
    mine = [(rule, level) for rule, level in plan if rule.check in CHECKS]
    if not mine:
        return None
    site_rules = {rule.id: level for rule, level in mine if checks[rule.check].from_facts}

    def spot(element: Any, kind: str) -> Spot | None:
        if element is None:
            return None
        offset = doc.offset(element)
        line, column = doc.offset_linecol(offset)
        hidden = frozenset(r.id for r, _ in mine if r.check == kind and r.id in site_rules
                           and suppressor.suppressed(r.id, element, offset))
        return Spot(line, column, doc.selector(element), doc.snippet(element), hidden)

    title_el, description_el = scan.title_element(doc), scan.description_element(doc)
    title, description = scan.title_text(title_el), scan.description_text(description_el)
    rule_options = next((rule.options for rule, _ in mine if rule.check == "required-links"), {})
    every = scan.links(doc)
    summary = {
        "home": pages.is_home(doc, ctx),
        "title": {"text": title, "length": len(title)} if title_el is not None else None,
        "description": ({"text": description, "length": len(description)}
                        if description_el is not None else None),
        "dap": _dap(doc),
        "uswds": scan.uswds(doc).json(),
        "required_links": _required(doc, rule_options, every),
        "search": _search(doc),
        "contact": _contact(doc, every),
    }
    return PageFacts(MappingProxyType(summary), title, spot(title_el, TITLE), description,
                     spot(description_el, DESCRIPTION), MappingProxyType(site_rules))


def _at(doc: Document, element: Any) -> dict[str, Any]:
    line, column = doc.linecol(element)
    return {"line": line, "column": column, "region": scan.region_of(element)}


def _dap(doc: Document) -> dict[str, Any]:
    found = scan.dap(doc)
    if found is None:
        return {"present": False}
    return {"present": True, "src": found.src, "scheme": found.scheme, "inline_loader": found.inline,
            "parameters": found.parameters, **_at(doc, found.element)}


def _required(doc: Document, options: Mapping[str, Any], every: list[scan.Link]) -> dict[str, Any]:
    wanted = labels.items(tuple(options.get("drop") or ()), tuple(options.get("add") or ()))
    found = scan.required_links(doc, wanted, every)
    return {
        "found": [{"item": f.item, "text": doc.a11y.name(f.element), "href": f.href,
                   **_at(doc, f.element)} for f in found.values()],
        "missing": [item.id for item in wanted if item.id not in found],
    }


def _search(doc: Document) -> dict[str, Any]:
    found = scan.search(doc)
    if found is None:
        return {"present": False}
    return {"present": True, "how": found[1], "search_gov": scan.search_gov(doc), **_at(doc, found[0])}


def _contact(doc: Document, every: list[scan.Link]) -> dict[str, Any]:
    found = scan.contact(doc, every)
    if found is None:
        return {"present": False}
    return {"present": True, "text": doc.a11y.name(found[0]), "href": found[1],
            **_at(doc, found[0])}
