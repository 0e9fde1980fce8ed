"""One unit of an estate scan: one site, crawled and linted by the one task that owns it (so
the site's politeness, its request rate and robots.txt, is kept by that task alone), turned
into the bytes of its shard. A failure is the site's, recorded in its shard; it never
reaches the scheduler as an exception."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

from .. import recursion
from ..model import FileResult, InputFailure
from . import shard
from .settings import EstateSettings
from .sites import Site


def scan_site(site: Site, settings: EstateSettings) -> bytes:
    recursion.make_room()  # a Dask worker never ran govlint's main
    try:
        scan = _crawl(site, settings)
    except Exception as exc:  # whatever goes wrong with one site is that site's failure
        scan = shard.SiteScan(f"failed: {_one_line(exc)}")
    return shard.encode(site, scan, settings.fingerprint)


def failed(site: Site, settings: EstateSettings, why: str) -> bytes:
    """The shard of a site whose scan never finished (its worker died, again and again)."""
    return shard.encode(site, shard.SiteScan(f"failed: {why}"), settings.fingerprint)


def _crawl(site: Site, settings: EstateSettings) -> shard.SiteScan:
    from ..crawl import CrawlOptions, crawl_site  # a worker imports the crawler with its first site
    from ..crawl.headers import expand_header

    # This process's environment: on Dask, the worker's, where the secret was put for it.
    headers = tuple(expand_header(text, os.environ) for text in settings.headers)
    options = CrawlOptions(**{**dict(settings.crawl), "headers": headers})
    result = crawl_site([site.url], options, settings.linter())
    report, stats = result.report, result.stats
    counts = {name: getattr(stats, name) for name in _COUNTS}
    counts["redirects"] = len(stats.redirects)
    counts["left_scope"] = len(stats.left_scope)
    notes = list(report.notes)
    if report.network_down:
        urls, hosts = report.network_down
        notes.append(f"the network looked down: {urls} external URLs on {hosts} hosts were not checked")
    # In URL order: the crawl's order depends on which response came first, and a site's shard
    # (so the merged reports) must not depend on timing, or on where the site was scanned.
    files = sorted(report.files, key=lambda f: f.file)
    errors = sorted(report.errors, key=lambda e: (e.file, e.message))
    return shard.SiteScan(_status(site, files, errors, stats), files, errors, {**counts, "notes": notes})


# The crawl's counts a shard keeps (its seconds too: the per-site cost behind docs/estate.md).
_COUNTS = ("requests", "fetched", "html", "failed", "disallowed", "too_deep", "sitemap_urls",
           "peak_per_host", "max_pages_reached", "finished", "seconds")


def _status(site: Site, files: Sequence[FileResult], errors: Sequence[InputFailure], stats: Any) -> str:
    if not files:
        start = next((e for e in errors if e.file == site.url), None)
        if start is not None:
            return f"failed: {start.message}"
    if stats.max_pages_reached:
        return "page budget reached"
    return "complete" if stats.finished else "stopped early"


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:300]}" if text else type(exc).__name__
