"""``govlint crawl URL...``: the command line of the crawler (it prints and sets the exit
status; the crawl itself is crawler.crawl_site)."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TextIO

from .. import baseline, config, locations, runinfo
from ..cliargs import EXIT_NETWORK, StatusLine, gate, write_reports
from ..cliargs import Parser as _Parser
from ..cliargs import color as _color
from ..cliargs import count as _count
from ..cliargs import load_linter as _load
from ..cliargs import number as _number
from ..cliargs import outputs as _outputs
from ..cliargs import positive as _positive
from ..cliargs import seconds as _seconds
from ..errors import UsageError
from ..model import Report
from ..pagecache import PageCache
from ..parser import PARSERS
from ..render.settings import check_ready
from ..reporters import FORMATS, pieces, sarif_report, text_report
from ..severity import FAIL_ON
from .crawler import CrawlOptions, CrawlProgress, crawl_site
from .fetch import Resolve
from .headers import expand_header


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="govlint crawl",
                description="Crawl a live site from its start URLs and lint every page found with every "
                            "check (see docs/crawl.md).")
    p.add_argument("urls", nargs="+", metavar="URL", help="start URLs (http:// or https://)")
    scope = p.add_argument_group("scope and bounds")
    scope.add_argument("--include", action="append", default=[], metavar="REGEX",
                       help="also crawl URLs matching REGEX (repeatable)")
    scope.add_argument("--exclude", action="append", default=[], metavar="REGEX",
                       help="do not crawl URLs matching REGEX (repeatable; wins over --include)")
    scope.add_argument("--sitemap", action="append", default=[], metavar="URL",
                       help="read this sitemap for start URLs too (repeatable)")
    scope.add_argument("--no-sitemaps", action="store_true",
                       help="do not look for sitemaps in robots.txt and at /sitemap.xml")
    scope.add_argument("--max-pages", type=_positive, default=500, metavar="N",
                       help="fetch at most N URLs (default: 500)")
    scope.add_argument("--max-depth", type=_depth, metavar="N",
                       help="follow links at most N steps from a start URL")
    scope.add_argument("--max-per-shape", type=_positive, default=100, metavar="N",
                       help="at most N URLs that differ only in numbers and query values (default: 100)")
    polite = p.add_argument_group("politeness and network")
    polite.add_argument("--delay", type=_number(float, -1e-9, 3600), default=0.0, metavar="SECONDS",
                        help="at least this long between two requests to one host (robots.txt's "
                             "Crawl-delay, when longer, wins)")
    polite.add_argument("--ignore-robots", action="store_true",
                        help="ignore robots.txt (only for a site you run, such as your own staging site)")
    polite.add_argument("--resolve", action="append", default=[], metavar="HOST:PORT:ADDRESS",
                        help="connect to ADDRESS for HOST:PORT, as curl does (repeatable)")
    polite.add_argument("--header", action="append", default=[], metavar="'NAME: VALUE'",
                        help="send this header to the crawled site; $VAR in the value is read from the "
                             "environment (repeatable; never written to a report)")
    polite.add_argument("--no-external", action="store_true",
                        help="do not check links that leave the crawl's scope")
    polite.add_argument("--state", metavar="DIR",
                        help="keep the crawl's state in DIR, so that an interrupted crawl continues")
    out = p.add_argument_group("linting and reports (as for govlint)")
    out.add_argument("--format", action="append", metavar="FORMAT[=FILE]",
                     help=f"report format: {', '.join(FORMATS)} (repeatable; default: text)")
    out.add_argument("--output", "-o", metavar="FILE", help="write the standard-output report to FILE")
    out.add_argument("--select", action="append", metavar="IDS", help="only these rule ids or tags")
    out.add_argument("--ignore", action="append", metavar="IDS", help="skip these rule ids or tags")
    out.add_argument("--fail-on", choices=FAIL_ON, help="lowest severity that makes the exit code 1")
    out.add_argument("--max-warnings", type=_count, metavar="N", help="also exit 1 past N warnings")
    out.add_argument("--baseline", metavar="FILE", help="report only violations that are not in FILE")
    out.add_argument("--config", metavar="FILE", help="use this config file")
    out.add_argument("--no-config", action="store_true", help="ignore config files")
    out.add_argument("--jobs", "-j", type=_positive, default=os.cpu_count() or 1, metavar="N",
                     help="lint pages in N processes (default: the number of CPUs)")
    out.add_argument("--page-timeout", type=_number(float, 0, 86400), metavar="SECONDS",
                     help="a page that takes longer to lint is an error (default: 120)")
    out.add_argument("--parser", choices=PARSERS, help="HTML parser (default: turbohtml)")
    out.add_argument("--render", action="store_true", default=None,
                     help="render each page from its live URL in headless Chromium and lint what it builds; "
                          "links come from the rendered page (needs govlint[render])")
    out.add_argument("--render-timeout", type=_seconds, metavar="SECONDS",
                     help="time a rendered page has to settle (load and network idle; default 15)")
    out.add_argument("--cache-dir", metavar="DIR", help="cache folder (default: .govlint-cache)")
    out.add_argument("--no-cache", action="store_true", help="do not read or write the caches")
    out.add_argument("--max-cache-age", metavar="AGE", help="reuse a link found alive for this long")
    out.add_argument("--max-check-time", metavar="TIME", help="stop checking external URLs after this long")
    out.add_argument("--group", action=argparse.BooleanOptionalAction, default=None,
                     help="group a problem found in many places")
    out.add_argument("--quiet", "-q", action="store_true", help="print violations only, no summary")
    out.add_argument("--verbose", "-v", action="store_true", help="also print notes and crawl figures")
    return p


def _depth(value: str) -> int:
    if not value.isascii() or not value.isdigit():
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number of 0 or more")
    return int(value)


def crawl_command(argv: list[str]) -> int:
    parser = _parser()
    ns = parser.parse_args(argv)
    started = runinfo.started_at(os.environ.get("SOURCE_DATE_EPOCH"))
    shaping = runinfo.shaping_options(parser, ns, runinfo.CRAWL_SHAPING)  # before the lint options are reset
    outputs = _outputs(ns.format or ["text"], ns.output)
    for name in ("root", "clean_urls", "check_external_fragments", "max_file_size"):
        setattr(ns, name, None)
    linter = _load(ns)
    cfg = linter.config
    if cfg.render.enabled:
        check_ready(cfg.render)  # no browser: one line and exit 2, before any request
    try:
        resolve = tuple(Resolve.parse(r) for r in ns.resolve)
    except ValueError as exc:
        raise UsageError(f"--resolve {exc}") from None
    headers = tuple(expand_header(h, os.environ) for h in ns.header)
    options = CrawlOptions(include=tuple(ns.include), exclude=tuple(ns.exclude), max_pages=ns.max_pages,
                           max_depth=ns.max_depth, max_per_shape=ns.max_per_shape, delay=ns.delay,
                           ignore_robots=ns.ignore_robots, use_sitemaps=not ns.no_sitemaps,
                           sitemaps=tuple(ns.sitemap), resolve=resolve, headers=headers,
                           state_dir=Path(ns.state) if ns.state else None,
                           check_external=not ns.no_external and cfg.links.check_external, jobs=ns.jobs)
    progress = _Progress(sys.stderr) if sys.stderr.isatty() and not ns.quiet else None
    cache = PageCache(cfg.links.cache_dir) if cfg.links.cache_dir is not None else None
    try:
        result = crawl_site(ns.urls, options, linter, env=os.environ, cache=cache, progress=progress)
    except KeyboardInterrupt:
        if progress:
            progress.finish()
        if ns.state:
            print(f"govlint: the crawl's state is in {ns.state}; the same command continues it",
                  file=sys.stderr)
        raise
    finally:
        if cache is not None:
            cache.close()
    if progress:
        progress.finish()
    report = result.report
    stats = result.stats
    if ns.verbose:
        reused = stats.html - stats.linted_now
        print(f"govlint: crawled {stats.fetched} URLs ({stats.html} pages, {stats.failed} failed) with "
              f"{stats.requests} requests in {stats.seconds:.1f} s; {stats.linted_now} pages linted, "
              f"{reused} from the cache or the crawl's state", file=sys.stderr)
        if stats.rendered:
            print(f"govlint: the browser made {stats.render_requests} of those requests for the pages it "
                  f"rendered; the address guard refused {stats.render_refused} more", file=sys.stderr)
        for source, target in stats.redirects:
            print(f"govlint: redirect: {source} -> {target}", file=sys.stderr)
    if ns.baseline:
        report = baseline.apply(report, baseline.read(Path(ns.baseline))).report
    for note in report.notes:
        print(f"govlint: note: {note}", file=sys.stderr)
    _emit(report, outputs, ns, cfg, runinfo.RunInfo(tuple(ns.urls), started, shaping, str(cfg.source or "")))
    if stats.unanswered and 2 * stats.unanswered >= stats.fetched:
        # The site stopped answering (a staging server gone mid-crawl): what was never fetched
        # was never linted, so the gate must not pass on what little was.
        print(f"govlint: error: the site stopped answering: {stats.unanswered} of the {stats.fetched} URLs "
              "crawled got no response at all, so most of it was not linted", file=sys.stderr)
        return EXIT_NETWORK
    return gate(report, cfg.fail_on, ns.max_warnings)


def _emit(report: Report, outputs: list[tuple[str, str | None]], ns: argparse.Namespace,
          cfg: config.Config, run: runinfo.RunInfo) -> None:
    if report.network_down:
        urls, hosts = report.network_down
        print(f"govlint: error: the network looks down: none of {urls} external URLs on {hosts} hosts "
              "could be reached, so they were not reported as dead (use --no-external to skip them)",
              file=sys.stderr)
    places = locations.locate([*(r.file for r in report.files), *(e.file for e in report.errors)], Path.cwd())
    group = ns.group if ns.group is not None else cfg.group
    ran = frozenset(rule.id for rule, _ in cfg.plan("") if cfg.render.enabled or "rendered" not in rule.tags)
    write_reports(outputs, lambda name, target: pieces(
        name, report, color=target is None and _color(sys.stdout), quiet=ns.quiet, locations=places,
        group=group, ran=ran, run=run))
    if any(name == "sarif" for name, _ in outputs):
        for note in sarif_report.left_out(report):
            print(f"govlint: note: {note}", file=sys.stderr)
    if not ns.quiet and all(target is not None for _, target in outputs):
        print(text_report.summary(report), file=sys.stderr)


class _Progress(StatusLine):
    """One line on a terminal's stderr: pages done, queued, errors and the rate."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__(stream)
        self.last = 0.0

    def __call__(self, now: CrawlProgress) -> None:
        if time.monotonic() - self.last < 0.1:
            return
        self.last = time.monotonic()
        rate = now.done / now.seconds if now.seconds > 0 else 0.0
        self.show(f"crawling: {now.done} done, {now.queued} queued, {now.errors} errors, {rate:.1f}/s")


__all__ = ["crawl_command", "expand_header"]
