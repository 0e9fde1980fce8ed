"""A page's site-scan facts as values (what federal/facts.py collects), kept after its tree is
gone: in page results, the page cache and the JSON report."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ..severity import Severity


@dataclass(frozen=True)
class Spot:
    """Where a compared value sits, and the site rules suppressed there."""

    line: int
    column: int
    selector: str
    snippet: str
    hidden: frozenset[str] = frozenset()


@dataclass(frozen=True)
class PageFacts:
    summary: Mapping[str, Any]  # JSON-able: the page's entry in the report's "pages"
    title: str
    title_at: Spot | None
    description: str
    description_at: Spot | None
    levels: Mapping[str, Severity | None]  # site rules on this page -> severity override

    def __reduce__(self) -> tuple[Any, ...]:
        # A mappingproxy cannot be pickled, and a --jobs worker sends the facts to the run.
        return (_page_facts, (dict(self.summary), self.title, self.title_at, self.description,
                              self.description_at, dict(self.levels)))

    def dump(self) -> dict[str, Any]:
        def spot(s: Spot | None) -> list[Any] | None:
            return None if s is None else [s.line, s.column, s.selector, s.snippet, sorted(s.hidden)]
        return {"summary": dict(self.summary), "title": self.title, "title_at": spot(self.title_at),
                "description": self.description, "description_at": spot(self.description_at),
                "levels": {k: (v.label if v else None) for k, v in self.levels.items()}}

    @classmethod
    def load(cls, data: Mapping[str, Any]) -> PageFacts:
        def spot(raw: list[Any] | None) -> Spot | None:
            if raw is None:
                return None
            line, column, selector, snippet, hidden = raw
            return Spot(int(line), int(column), str(selector), str(snippet), frozenset(hidden))
        return cls(MappingProxyType(dict(data["summary"])), data["title"], spot(data["title_at"]),
                   data["description"], spot(data["description_at"]),
                   MappingProxyType({k: (Severity.parse(v) if v else None)
                                     for k, v in data["levels"].items()}))


def _page_facts(summary: dict[str, Any], title: str, title_at: Spot | None, description: str,
                description_at: Spot | None, levels: dict[str, Severity | None]) -> PageFacts:
    return PageFacts(MappingProxyType(summary), title, title_at, description, description_at,
                     MappingProxyType(levels))
