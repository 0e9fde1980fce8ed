"""What a page repeats of its site's template, as values (what consistency/facts.py collects),
kept after its tree is gone: in page results and the page cache."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from ..severity import Severity


@dataclass(frozen=True)
class Item:
    """A link, search control or help mechanism in a repeated region, in page order."""

    region: str  # "header", "navigation" or "footer": the kind of landmark it sits in
    block: int  # which landmark of the page (their order in the page), the unit compared
    key: str  # a link's target; "search:field@ACTION#NAME" / "search:button@..."; "help:phone:NUMBER"
    name: str  # the accessible name, as shown
    help: str  # "contact", "help", "chat", "phone", "email" or ""
    line: int
    column: int
    selector: str
    snippet: str
    hidden: frozenset[str] = frozenset()  # the rules of this family suppressed at it


@dataclass(frozen=True)
class Repeated:
    """One page's candidates for repetition, and the ways it offers to reach other pages."""

    page: str  # the page's own address as link targets are written (its key)
    home: bool
    items: tuple[Item, ...]
    ways: frozenset[str]  # "navigation" (a menu), "search", "sitemap", "related"
    links: frozenset[str]  # every page it links to (kept for home pages only)
    anchor: Item  # where a finding about the whole page goes: its <body>
    levels: Mapping[str, Severity | None]  # rules of this family on the page -> severity override

    def __reduce__(self) -> tuple[Any, ...]:
        # A mappingproxy cannot be pickled, and a --jobs worker sends these to the run.
        return (_repeated, (self.page, self.home, self.items, self.ways, self.links, self.anchor,
                            dict(self.levels)))

    def dump(self) -> dict[str, Any]:
        return {"page": self.page, "home": self.home, "items": [_item_dump(i) for i in self.items],
                "ways": sorted(self.ways), "links": sorted(self.links), "anchor": _item_dump(self.anchor),
                "levels": {k: (v.label if v else None) for k, v in self.levels.items()}}

    @classmethod
    def load(cls, data: Mapping[str, Any]) -> Repeated:
        return cls(str(data["page"]), bool(data["home"]), tuple(_item_load(i) for i in data["items"]),
                   frozenset(data["ways"]), frozenset(data["links"]), _item_load(data["anchor"]),
                   MappingProxyType({k: (Severity.parse(v) if v else None)
                                     for k, v in data["levels"].items()}))


def _repeated(page: str, home: bool, items: tuple[Item, ...], ways: frozenset[str], links: frozenset[str],
              anchor: Item, levels: dict[str, Severity | None]) -> Repeated:
    return Repeated(page, home, items, ways, links, anchor, MappingProxyType(levels))


def _item_dump(item: Item) -> list[Any]:
    return [item.region, item.block, item.key, item.name, item.help, item.line, item.column, item.selector,
            item.snippet, sorted(item.hidden)]


def _item_load(raw: list[Any]) -> Item:
    region, block, key, name, help_kind, line, column, selector, snippet, hidden = raw
    return Item(str(region), int(block), str(key), str(name), str(help_kind), int(line), int(column),
                str(selector), str(snippet), frozenset(hidden))


@dataclass(frozen=True)
class Judgement:
    """What one rule of the site pass had to compare on the pages linted together: what the
    conformance summary's one result for its criterion rests on (compared nothing: not
    applicable; compared something and found nothing: no failure found)."""

    rule: str
    pages: int  # the pages compared
    compared: int  # repeated blocks, names or help mechanisms compared; 1 for a site judged on its ways
    basis: str  # what was compared, or why nothing could be, in a few words
