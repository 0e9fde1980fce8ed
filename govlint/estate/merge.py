"""Merge an estate folder's shards: the estate report (a row per site, as CSV and as an HTML
page) in one pass over the shards, and a Report of every page for the usual formats, whose
pages are read from the shards again each time a reporter goes through them. Only one page
of one site is in memory at a time (plus the estate's counts and its unreadable pages)."""

from __future__ import annotations

import csv
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..model import FileResult, InputFailure, Rule, Severity
from . import html_page, manifest, shard
from .output import AtomicFiles
from .streamed import Replayed, StreamedReport
from .summary import NOT_SCANNED, RowBuilder, header

CSV_NAME, HTML_NAME = "estate.csv", "estate.html"


@dataclass(frozen=True)
class Merged:
    report: StreamedReport
    sites: int
    scanned: int  # sites with a shard
    failed: int  # of those, sites whose crawl failed as a whole
    csv_path: Path
    html_path: Path
    damaged: tuple[str, ...] = ()  # shards that could not be read (their sites count as not scanned)


def merge(folder: Path, rules: Mapping[str, Rule]) -> Merged:
    """Write ``estate.csv`` and ``estate.html`` in ``folder`` and return the pages' Report."""
    found = manifest.read(folder)
    columns = found.estate.columns
    shards = shard.finished(folder / manifest.SHARDS)
    totals = dict.fromkeys(Severity, 0)
    suppressed = pages = scanned = failed = 0
    errors: list[InputFailure] = []
    damaged: list[str] = []
    readable: list[Path] = []  # in site order
    csv_path, html_path = folder / CSV_NAME, folder / HTML_NAME
    with AtomicFiles(csv_path, html_path) as (csv_out, html_out):
        table = csv.writer(csv_out, lineterminator="\n")
        table.writerow(header(columns))
        page = html_page.Writer(html_out, columns, header(columns))
        for site in found.estate.sites:
            path = shards.get(site.key)
            head: shard.Head | None = None
            builder = RowBuilder(site.index, site.url, site.columns, NOT_SCANNED)
            if path is not None:
                try:
                    head, entries = shard.read(path)
                    builder.status = head.status
                    for entry in entries:
                        builder.add(entry)
                        if isinstance(entry, InputFailure):
                            errors.append(entry)
                            continue
                        pages += 1
                        suppressed += entry.suppressed
                        for v in entry.violations:
                            totals[v.severity] += 1
                except shard.DamagedShard as exc:
                    damaged.append(str(exc))
                    builder = RowBuilder(site.index, site.url, site.columns, f"{NOT_SCANNED} (damaged shard)")
                    path = None
            if path is None:
                why = f"site {builder.status}: the estate scan has not finished it"
                errors.append(InputFailure(site.url, why))
            else:
                scanned += 1
                readable.append(path)
                if head is not None and head.failed:
                    failed += 1
                    if not head.pages and not head.errors:  # else its pages' errors say why
                        errors.append(InputFailure(site.url, f"site crawl {head.status}"))
            row = builder.row()
            table.writerow(row.cells(columns))
            page.add(row)
        page.close()
    files = Replayed(pages, lambda: _pages(tuple(readable)))
    # The files are replayed from the shards each time a reporter walks them, never held.
    report = StreamedReport(files, tuple(errors), rules,  # type: ignore[arg-type]
                            totals=totals, total_suppressed=suppressed)
    return Merged(report, len(found.estate.sites), scanned, failed, csv_path, html_path, tuple(damaged))


def _pages(paths: tuple[Path, ...]) -> Iterator[FileResult]:
    for path in paths:
        _, entries = shard.read(path)
        yield from (e for e in entries if isinstance(e, FileResult))

