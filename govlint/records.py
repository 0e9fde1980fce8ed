"""A page's results as one typed value: what a --jobs worker sends back to the run, what the
page cache and a crawl's state are read into, and what the site pass takes. The page cache's
JSON form of it is made and read in serialize.py alone."""

from __future__ import annotations

from dataclasses import dataclass

from .links.site import PageLinks
from .localfiles import Reads
from .model import FileResult, InputFailure


@dataclass(frozen=True, slots=True)
class PageRecord:
    result: FileResult
    links: PageLinks | None = None  # what the site pass needs; None when no link rule runs
    reads: Reads = ()  # the local files the results read (style sheets, framed pages)
    blocked: tuple[str, ...] = ()  # rendered mode: URLs outside the site the page asked for
    cached: bool = False  # taken from the page cache, not linted in this run
    # the page cache's form of this record (serialize.dump_record, as JSON text), made by the
    # --jobs worker that linted the page so that the run only writes it
    cache_entry: tuple[str, str | None] | None = None


# One page's outcome: its results, or why it could not be linted.
PageOutcome = PageRecord | InputFailure
