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


@cache
def registry() -> Mapping[str, CheckSpec]:
    """Every check by name (imported here, not at module load, to avoid an import cycle)."""
    from . import archive, banner, contrast, custom, directives, duplicate_attr, images, links, virin

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
        "color-contrast": contrast.CONTRAST_SPEC,
        "link-in-text-block": contrast.LINK_SPEC,
    }
    return MappingProxyType(specs)


__all__ = ["ArchiveSettings", "CheckContext", "CheckSpec", "Document", "Finding", "SiteSettings",
           "registry"]
