"""Checks: the code that rules name, and what they share (registered in catalog.py, one
explicit registry, no discovery).

A check is a pure function ``check(doc, ctx, *, option=default, ...) -> Iterable[Finding]``.
Its keyword-only parameters are its options contract; ``codes`` lists every finding code
it can emit, and each rule that uses it must carry exactly one message per code.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
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


__all__ = ["ArchiveSettings", "CheckContext", "CheckSpec", "Document", "Finding", "SiteSettings"]
