"""Page results to and from JSON, for the incremental cache (JSON, not pickle: a cache file
is data and must never be able to run code)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .links.extract import LinkRef
from .links.local import PagePlace
from .links.site import PageLinks
from .model import FileResult, Severity, Violation


def _violation(v: Violation) -> list[Any]:
    return [v.rule, v.severity.label, v.message, v.file, v.line, v.column, v.selector, v.snippet,
            v.help_url, list(v.tags)]


def _violation_back(d: list[Any]) -> Violation:
    return Violation(d[0], Severity.parse(d[1]), d[2], d[3], d[4], d[5], d[6], d[7], d[8], tuple(d[9]))


def dump(result: FileResult, links: PageLinks | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "file": result.file,
        "violations": [_violation(v) for v in result.violations],
        "suppressed": result.suppressed,
    }
    if links is not None:
        out["links"] = {
            "root": str(links.root) if links.root else None,
            "real_path": links.real_path,
            "place": [list(links.place.segments), links.place.page_url, links.place.base_href,
                      links.place.origin],
            "refs": [[[r.url, r.attr, r.tag, r.line, r.column, r.offset, r.selector, r.snippet],
                      sorted(hidden)] for r, hidden in links.refs],
            "anchors": sorted(links.anchors),
            "archived": links.archived,
            "levels": {k: (v.label if v else None) for k, v in links.levels.items()},
        }
    return out


def load(data: dict[str, Any]) -> tuple[FileResult, PageLinks | None]:
    result = FileResult(data["file"], tuple(_violation_back(v) for v in data["violations"]),
                        data["suppressed"])
    raw = data.get("links")
    if raw is None:
        return result, None
    segments, page_url, base_href, origin = raw["place"]
    links = PageLinks(
        file=data["file"],
        root=Path(raw["root"]) if raw["root"] else None,
        real_path=raw["real_path"],
        place=PagePlace(tuple(segments), page_url, base_href, origin),
        refs=tuple((LinkRef(*ref), frozenset(hidden)) for ref, hidden in raw["refs"]),
        anchors=frozenset(raw["anchors"]),
        archived=raw["archived"],
        levels={k: (Severity.parse(v) if v else None) for k, v in raw["levels"].items()},
    )
    return result, links
