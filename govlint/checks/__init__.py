"""Checks: the code that rules name. One explicit registry, no discovery.

A check is a pure function ``check(doc, ctx, *, option=default, ...) -> Iterable[Finding]``.
Its keyword-only parameters are its options contract; ``codes`` lists every finding code
it can emit, and each rule that uses it must carry exactly one message per code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from types import MappingProxyType
from typing import Any

from ..document import Document


@dataclass(frozen=True)
class SiteSettings:
    base_url: str | None = None
    root: str | None = None
    tld: str | None = None  # "gov" or "mil"
    dod: bool | None = None
    lang: str | None = None
    home: tuple[str, ...] | None = None  # globs naming the home pages; None: the root's index


@dataclass(frozen=True)
class ArchiveSettings:
    paths: tuple[str, ...] = ()
    before: date | None = None

    @property
    def configured(self) -> bool:
        return bool(self.paths) or self.before is not None


@dataclass(frozen=True)
class CheckContext:
    site: SiteSettings = SiteSettings()
    archive: ArchiveSettings = ArchiveSettings()
    today: date = field(default_factory=date.today)
    rule_ids: frozenset[str] = frozenset()


@dataclass(frozen=True, eq=False)
class Finding:
    code: str
    element: Any  # None for findings about a comment: then ``offset`` says where
    args: Mapping[str, object] = field(default_factory=dict)
    offset: int | None = None


CheckFunc = Callable[..., Iterable[Finding]]


@dataclass(frozen=True)
class CheckSpec:
    func: CheckFunc  # its keyword-only parameters are the options contract
    codes: frozenset[str]
    site: bool = False  # runs once per site after every page (links), not per page
    from_facts: bool = False  # a site rule fed by page facts (federal/site.py), not by links
    # checks bound options beyond their types: a problem as one line, else None
    validate: Callable[[dict[str, Any]], str | None] | None = None


@cache
def registry() -> Mapping[str, CheckSpec]:
    """Every check by name (imported here, not at module load, to avoid an import cycle)."""
    from . import (
        a11y_lang,
        a11y_markup,
        a11y_structure,
        a11y_tables,
        a11y_timing,
        archive,
        banner,
        custom,
        directives,
        duplicate_attr,
        federal,
        images,
        links,
        virin,
    )

    specs = {
        "banner": banner.SPEC,
        "archive-notice": archive.SPEC,
        "image-alt": images.ALT_SPEC,
        "image-alt-quality": images.QUALITY_SPEC,
        "image-credit": images.CREDIT_SPEC,
        "image-virin": virin.SPEC,
        "require-element": custom.REQUIRE_SPEC,
        "forbid-element": custom.FORBID_SPEC,
        "directives": directives.SPEC,
        "duplicate-attr": duplicate_attr.SPEC,
        "dead-link": links.DEAD_LINK_SPEC,
        "missing-anchor": links.MISSING_ANCHOR_SPEC,
        # the federal website standards pack
        "required-links": federal.REQUIRED_LINKS_SPEC,
        "dap": federal.DAP_SPEC,
        "page-title": federal.PAGE_TITLE_SPEC,
        "duplicate-title": federal.DUPLICATE_SPEC,
        "meta-description": federal.META_DESCRIPTION_SPEC,
        "duplicate-description": federal.DUPLICATE_SPEC,
        "mixed-content": federal.MIXED_CONTENT_SPEC,
        "site-search": federal.SITE_SEARCH_SPEC,
        "contact-link": federal.CONTACT_LINK_SPEC,
        "html-has-lang": a11y_lang.HAS_LANG_SPEC,
        "html-lang-valid": a11y_lang.HTML_LANG_VALID_SPEC,
        "html-xml-lang-mismatch": a11y_lang.XML_LANG_MISMATCH_SPEC,
        "valid-lang": a11y_lang.VALID_LANG_SPEC,
        "meta-refresh": a11y_timing.META_REFRESH_SPEC,
        "meta-refresh-no-exceptions": a11y_timing.META_REFRESH_NO_EXCEPTIONS_SPEC,
        "meta-viewport": a11y_timing.META_VIEWPORT_SPEC,
        "meta-viewport-large": a11y_timing.META_VIEWPORT_LARGE_SPEC,
        "blink": a11y_timing.BLINK_SPEC,
        "marquee": a11y_timing.MARQUEE_SPEC,
        "video-caption": a11y_timing.VIDEO_CAPTION_SPEC,
        "list": a11y_structure.LIST_SPEC,
        "listitem": a11y_structure.LISTITEM_SPEC,
        "definition-list": a11y_structure.DEFINITION_LIST_SPEC,
        "dlitem": a11y_structure.DLITEM_SPEC,
        "td-headers-attr": a11y_tables.TD_HEADERS_SPEC,
        "th-has-data-cells": a11y_tables.TH_DATA_CELLS_SPEC,
        "scope-attr-valid": a11y_tables.SCOPE_SPEC,
        "table-duplicate-name": a11y_tables.DUPLICATE_NAME_SPEC,
        "empty-table-header": a11y_tables.EMPTY_HEADER_SPEC,
        "tabindex": a11y_markup.TABINDEX_SPEC,
        "accesskeys": a11y_markup.ACCESSKEYS_SPEC,
        "autocomplete-valid": a11y_markup.AUTOCOMPLETE_SPEC,
        "duplicate-id": a11y_markup.DUPLICATE_ID_SPEC,
        "duplicate-id-active": a11y_markup.DUPLICATE_ID_ACTIVE_SPEC,
        "duplicate-id-aria": a11y_markup.DUPLICATE_ID_ARIA_SPEC,
    }
    return MappingProxyType(specs)


__all__ = ["ArchiveSettings", "CheckContext", "CheckSpec", "Document", "Finding", "SiteSettings",
           "registry"]
