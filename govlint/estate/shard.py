"""One finished site, stored as one shard: gzip-compressed JSON lines, a head line (the site,
its crawl status and stats) and then a line per page result or page error.

A shard is complete or absent: it is written to a temporary file beside its place and renamed
there, so an interrupted estate scan leaves only whole shards, and resuming it scans only the
sites without one. Shards are read back one line at a time, so the merge never holds a site
whole. A shard carries the help URL and tags of every rule it mentions: a merge needs no
rule files to rebuild its violations.
"""

from __future__ import annotations

import gzip
import json
import os
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..federal.facts import PageFacts
from ..model import FileResult, InputFailure, Severity, Violation
from .sites import Site

FORMAT = 1
SUFFIX = ".jsonl.gz"
_SEVERITY = {int(s): s for s in Severity}


@dataclass(frozen=True)
class SiteScan:
    """What scanning one site gave: its pages' results, the pages that could not be linted,
    and how the crawl went."""

    status: str  # "complete", "page budget reached", "failed: <why>", ...
    files: Sequence[FileResult] = ()
    errors: Sequence[InputFailure] = ()
    stats: Mapping[str, Any] = field(default_factory=dict)  # the crawl's counts, JSON-able


@dataclass(frozen=True)
class Head:
    """A shard's first line."""

    url: str
    key: str
    columns: tuple[tuple[str, str], ...]
    settings: str  # the fingerprint of what the site was scanned with
    status: str
    pages: int
    errors: int
    stats: Mapping[str, Any]
    rules: Mapping[str, tuple[str, tuple[str, ...]]]  # rule id -> (help URL, tags)

    @property
    def failed(self) -> bool:
        return self.status.startswith("failed")


def encode(site: Site, scan: SiteScan, settings: str) -> bytes:
    rules: dict[str, list[Any]] = {}
    for result in scan.files:
        for v in result.violations:
            if v.rule not in rules:
                rules[v.rule] = [v.help_url, list(v.tags)]
    head = {"govlint_shard": FORMAT, "url": site.url, "key": site.key,
            "columns": [list(c) for c in site.columns], "settings": settings, "status": scan.status,
            "pages": len(scan.files), "errors": len(scan.errors),
            "stats": dict(scan.stats), "rules": rules}
    lines = [json.dumps(head, ensure_ascii=False)]
    for result in scan.files:
        page: dict[str, Any] = {"file": result.file,
                                "violations": [[v.rule, int(v.severity), v.message, v.line, v.column,
                                                v.selector, v.snippet] for v in result.violations],
                                "suppressed": result.suppressed, "applied": sorted(result.applied)}
        if result.facts is not None:
            page["facts"] = result.facts.dump()
        lines.append(json.dumps(page, ensure_ascii=False))
    lines += [json.dumps({"error": e.file, "message": e.message}, ensure_ascii=False) for e in scan.errors]
    return gzip.compress(("\n".join(lines) + "\n").encode(), compresslevel=6, mtime=0)


def path_of(folder: Path, key: str) -> Path:
    return folder / f"{key}{SUFFIX}"


def write(folder: Path, key: str, data: bytes) -> Path:
    """Put a shard in place atomically (temporary file, fsync, rename)."""
    target = path_of(folder, key)
    fd, tmp = tempfile.mkstemp(prefix=f".{key}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


class DamagedShard(Exception):
    """A shard that cannot be read back (not written by govlint, or changed since)."""


def read_head(path: Path) -> Head:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as stream:
            return _head(json.loads(stream.readline()))
    except (OSError, EOFError, ValueError, KeyError, TypeError) as exc:
        raise DamagedShard(f"{path.name}: {exc}") from None


def _head(data: dict[str, Any]) -> Head:
    if data.get("govlint_shard") != FORMAT:
        raise ValueError("not a shard of this version of govlint")
    rules = {rule: (str(url), tuple(tags)) for rule, (url, tags) in data["rules"].items()}
    columns = tuple((str(k), str(v)) for k, v in data["columns"])
    return Head(data["url"], data["key"], columns, data["settings"], data["status"], int(data["pages"]),
                int(data["errors"]), MappingProxyType(data["stats"]),
                MappingProxyType(rules))


def read(path: Path) -> tuple[Head, Iterator[FileResult | InputFailure]]:
    """The head, and the site's pages and page errors one at a time (in the order scanned)."""
    head = read_head(path)
    return head, _entries(path, head)


def _entries(path: Path, head: Head) -> Iterator[FileResult | InputFailure]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as stream:
            stream.readline()
            for line in stream:
                data = json.loads(line)
                if "error" in data:
                    yield InputFailure(data["error"], data["message"])
                else:
                    yield _page(data, head.rules)
    except (OSError, EOFError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise DamagedShard(f"{path.name}: {exc}") from None


def _page(data: dict[str, Any], rules: Mapping[str, tuple[str, tuple[str, ...]]]) -> FileResult:
    file = data["file"]
    violations = []
    for rule, severity, message, line, column, selector, snippet in data["violations"]:
        help_url, tags = rules[rule]
        violations.append(Violation(rule, _SEVERITY[severity], message, file, line, column, selector, snippet,
                                    help_url, tags))
    facts = PageFacts.load(data["facts"]) if "facts" in data else None
    return FileResult(file, tuple(violations), data["suppressed"], facts, frozenset(data["applied"]))


def finished(folder: Path) -> dict[str, Path]:
    """The shards in a folder, by site key."""
    if not folder.is_dir():
        return {}
    return {p.name[: -len(SUFFIX)]: p for p in folder.iterdir() if p.name.endswith(SUFFIX)
            and not p.name.startswith(".")}
