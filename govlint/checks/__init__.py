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
        alternatives,
        archive,
        aria,
        banner,
        contrast,
        custom,
        directives,
        duplicate_attr,
        federal,
        images,
        keyboard,
        label_in_name,
        links,
        names,
        structure,
        virin,
    )

    specs = {
        "banner": banner.SPEC,
        "archive-notice": archive.SPEC,
        "image-alt": alternatives.IMAGE_ALT_SPEC,
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
        # Accessibility: all of them rest on the page's semantics (Document.a11y).
        "input-image-alt": alternatives.INPUT_IMAGE_ALT_SPEC,
        "area-alt": alternatives.AREA_ALT_SPEC,
        "role-img-alt": alternatives.ROLE_IMG_ALT_SPEC,
        "svg-img-alt": alternatives.SVG_IMG_ALT_SPEC,
        "object-alt": alternatives.OBJECT_ALT_SPEC,
        "server-side-image-map": alternatives.SERVER_SIDE_IMAGE_MAP_SPEC,
        "image-redundant-alt": alternatives.IMAGE_REDUNDANT_ALT_SPEC,
        "link-name": names.LINK_NAME_SPEC,
        "button-name": names.BUTTON_NAME_SPEC,
        "input-button-name": names.INPUT_BUTTON_NAME_SPEC,
        "label": names.LABEL_SPEC,
        "select-name": names.SELECT_NAME_SPEC,
        "form-field-multiple-labels": names.MULTIPLE_LABELS_SPEC,
        "label-title-only": names.LABEL_TITLE_ONLY_SPEC,
        "label-content-name-mismatch": label_in_name.SPEC,
        "role-name": names.ROLE_NAME_SPEC,
        "summary-name": names.SUMMARY_NAME_SPEC,
        "frame-title": names.FRAME_TITLE_SPEC,
        "frame-title-unique": names.FRAME_TITLE_UNIQUE_SPEC,
        "empty-heading": names.EMPTY_HEADING_SPEC,
        "document-title": names.DOCUMENT_TITLE_SPEC,
        "aria-roles": aria.ARIA_ROLES_SPEC,
        "aria-allowed-role": aria.ARIA_ALLOWED_ROLE_SPEC,
        "aria-deprecated-role": aria.ARIA_DEPRECATED_ROLE_SPEC,
        "aria-valid-attr": aria.ARIA_VALID_ATTR_SPEC,
        "aria-valid-attr-value": aria.ARIA_VALID_ATTR_VALUE_SPEC,
        "aria-allowed-attr": aria.ARIA_ALLOWED_ATTR_SPEC,
        "aria-prohibited-attr": aria.ARIA_PROHIBITED_ATTR_SPEC,
        "aria-required-attr": aria.ARIA_REQUIRED_ATTR_SPEC,
        "aria-conditional-attr": aria.ARIA_CONDITIONAL_ATTR_SPEC,
        "aria-required-children": aria.ARIA_REQUIRED_CHILDREN_SPEC,
        "aria-required-parent": aria.ARIA_REQUIRED_PARENT_SPEC,
        "aria-hidden-body": aria.ARIA_HIDDEN_BODY_SPEC,
        "aria-hidden-focus": aria.ARIA_HIDDEN_FOCUS_SPEC,
        "presentation-role-conflict": aria.PRESENTATION_ROLE_CONFLICT_SPEC,
        "nested-interactive": aria.NESTED_INTERACTIVE_SPEC,
        "landmark-one-main": structure.ONE_MAIN_SPEC,
        "landmark-no-duplicate": structure.NO_DUPLICATE_SPEC,
        "landmark-top-level": structure.TOP_LEVEL_SPEC,
        "landmark-unique": structure.LANDMARK_UNIQUE_SPEC,
        "region": structure.REGION_SPEC,
        "bypass": structure.BYPASS_SPEC,
        "skip-link": structure.SKIP_LINK_SPEC,
        "heading-order": structure.HEADING_ORDER_SPEC,
        "page-has-heading-one": structure.PAGE_HAS_HEADING_ONE_SPEC,
        "frame-focusable-content": keyboard.FRAME_FOCUSABLE_CONTENT_SPEC,
        "color-contrast": contrast.CONTRAST_SPEC,
        "link-in-text-block": contrast.LINK_SPEC,
    }
    return MappingProxyType(specs)


__all__ = ["ArchiveSettings", "CheckContext", "CheckSpec", "Document", "Finding", "SiteSettings",
           "registry"]
