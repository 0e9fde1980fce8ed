"""One row of the estate report per site, worked out from the site's shard as its pages stream
past (a site is never held whole)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from ..conformance import criterion_of
from ..model import FileResult, InputFailure, Severity, Violation

# The families a site's errors and warnings are counted by, from the rules' tags (first match).
FAMILIES = ("accessibility", "federal", "links", "other")
_FAMILY_TAGS = (("accessibility", "accessibility"), ("links", "links"), ("federal", "federal"),
                ("federal", "policy"), ("federal", "dod"))
BANNER, DAP, MIXED = "gov-banner", "dap", "mixed-content"
NOT_SCANNED = "not scanned"


def family(tags: Iterable[str]) -> str:
    tags = set(tags)
    return next((name for name, tag in _FAMILY_TAGS if tag in tags), "other")


@dataclass(frozen=True)
class SiteRow:
    index: int
    url: str
    columns: tuple[tuple[str, str], ...]
    status: str
    pages: int = 0
    page_errors: int = 0  # pages that could not be read or linted
    banner_pages: int = 0  # pages with a gov-banner error
    dap_missing: int = 0  # pages (of those the federal rules ran on) without the DAP script
    dap_pages: int = 0  # pages the DAP facts cover
    http_pages: int = 0  # pages served over plain http
    mixed_content_pages: int = 0
    required_links_missing: tuple[str, ...] = ()  # missing from the home page (or every home page)
    counts: Mapping[str, int] = field(default_factory=dict)  # "errors.accessibility" -> n, ...
    wcag_failing: tuple[str, ...] = ()  # success criteria an error fails somewhere on the site

    @property
    def errors(self) -> int:
        return sum(self.counts.get(f"errors.{f}", 0) for f in FAMILIES)

    @property
    def warnings(self) -> int:
        return sum(self.counts.get(f"warnings.{f}", 0) for f in FAMILIES)

    @property
    def problems(self) -> int:
        """What the chart ranks sites by: errors, warnings and pages that could not be linted."""
        return self.errors + self.warnings + self.page_errors

    @property
    def https(self) -> str:
        if not self.pages:
            return "https" if self.url.startswith("https:") else "http"
        if self.http_pages == 0:
            return "https"
        return "http" if self.http_pages == self.pages else "partly http"

    @property
    def dap(self) -> str:
        if not self.dap_pages:
            return ""
        if not self.dap_missing:
            return "on every page"
        return "missing" if self.dap_missing == self.dap_pages else f"missing on {self.dap_missing} pages"

    @property
    def banner(self) -> str:
        if not self.pages:
            return ""
        return "ok" if not self.banner_pages else f"problems on {self.banner_pages} pages"

    def cells(self, columns: Iterable[str]) -> list[Any]:
        """The row in the order of ``header(columns)``."""
        own = dict(self.columns)
        return [*(own.get(c, "") for c in columns), self.url, self.status, self.pages, self.page_errors,
                self.banner, self.banner_pages, self.dap, self.dap_missing, self.https,
                self.mixed_content_pages,
                " ".join(self.required_links_missing), self.errors, self.warnings,
                *(self.counts.get(f"{kind}.{f}", 0) for kind in ("errors", "warnings") for f in FAMILIES),
                " ".join(self.wcag_failing), self.problems]


def header(columns: Iterable[str]) -> list[str]:
    return [*columns, "url", "crawl_status", "pages", "page_errors", "banner", "banner_problem_pages",
            "dap", "dap_missing_pages", "https", "mixed_content_pages", "required_links_missing", "errors",
            "warnings", *(f"{kind}_{f}" for kind in ("errors", "warnings") for f in FAMILIES),
            "wcag_failing", "problems"]


class RowBuilder:
    """Takes a site's pages one at a time; ``row()`` then gives the site's row."""

    def __init__(self, index: int, url: str, columns: tuple[tuple[str, str], ...], status: str) -> None:
        self.index, self.url, self.columns, self.status = index, url, columns, status
        self.pages = self.page_errors = self.banner = self.dap_missing = self.dap_pages = 0
        self.http = self.mixed = 0
        self.counts: Counter[str] = Counter()
        self.wcag: set[str] = set()
        self.home_missing: set[str] | None = None
        self.first_missing: tuple[str, ...] | None = None
        self._family: dict[str, str] = {}

    def add(self, entry: FileResult | InputFailure) -> None:
        if isinstance(entry, InputFailure):
            self.page_errors += 1
            return
        self.pages += 1
        if urlsplit(entry.file).scheme == "http":
            self.http += 1
        seen: set[str] = set()
        for v in entry.violations:
            self._count(v)
            if v.severity is Severity.ERROR:
                seen.add(v.rule)
        self.banner += BANNER in seen
        self.mixed += MIXED in seen
        if entry.facts is not None:
            self._facts(entry.facts.summary)

    def _count(self, v: Violation) -> None:
        if v.severity is Severity.INFO:
            return
        name = self._family.get(v.rule)
        if name is None:
            name = self._family[v.rule] = family(v.tags)
        self.counts[f"{'errors' if v.severity is Severity.ERROR else 'warnings'}.{name}"] += 1
        if v.severity is Severity.ERROR:
            self.wcag.update(n for n in map(criterion_of, v.tags) if n is not None)

    def _facts(self, summary: Mapping[str, Any]) -> None:
        dap = summary.get("dap")
        if isinstance(dap, Mapping):
            self.dap_pages += 1
            self.dap_missing += not dap.get("present")
        required = summary.get("required_links")
        if not isinstance(required, Mapping):
            return
        missing = set(required.get("missing") or ())
        if self.first_missing is None:
            self.first_missing = tuple(required.get("missing") or ())
        if summary.get("home"):
            # An item any home page of the site links to is not missing.
            self.home_missing = missing if self.home_missing is None else self.home_missing & missing

    def row(self) -> SiteRow:
        if self.home_missing is not None:
            missing = tuple(sorted(self.home_missing))
        else:  # no page was recognised as the home page: the start page's
            missing = self.first_missing or ()
        return SiteRow(self.index, self.url, self.columns, self.status, self.pages, self.page_errors,
                       self.banner, self.dap_missing, self.dap_pages, self.http, self.mixed, missing,
                       dict(self.counts), tuple(sorted(self.wcag, key=_criterion_order)))


def _criterion_order(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split("."))
