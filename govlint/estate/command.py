"""``govlint estate``: the command line of estate scans. Like govlint/cli.py, which hands it
the arguments after ``estate``, it is the only part of the estate code that prints."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable
from pathlib import Path

from .. import config
from ..cliargs import Parser as _Parser
from ..cliargs import StatusLine, exit_code, write_reports
from ..cliargs import number as _number
from ..cliargs import outputs as _outputs
from ..cliargs import positive as _positive
from ..cliargs import seconds as _seconds
from ..cliargs import split_names as _split
from ..crawl import Resolve
from ..crawl.headers import expand_header, header_name
from ..errors import UsageError
from ..model import Report
from ..render.settings import check_ready
from ..reporters import FORMATS, pieces, sarif_report, text_report
from ..severity import FAIL_ON
from . import merge, run, sites
from .settings import EstateSettings
from .streamed import STREAMING


def _parser() -> argparse.ArgumentParser:
    p = _Parser(prog="govlint estate",
                description="Crawl and lint every site of an estate, locally or on a Dask cluster; "
                            "each finished site is kept in DIR, so an interrupted scan resumes.")
    p.add_argument("file", nargs="?", metavar="FILE",
                   help="the sites: one URL (or domain) a line, or a CSV with a url or target_url column "
                        "(its other columns are carried into the estate report)")
    p.add_argument("--out", metavar="DIR", help="the estate folder: one shard per site, the manifest, "
                                                "estate.csv and estate.html")
    p.add_argument("--merge", metavar="DIR", help="only merge the shards of DIR into the reports")
    p.add_argument("--scheduler", metavar="ADDRESS",
                   help="run one Dask task per site on this cluster (tcp://HOST:8786; needs govlint[dask])")
    p.add_argument("--jobs", "-j", type=_positive, default=os.cpu_count() or 1, metavar="N",
                   help="without --scheduler: sites scanned at once, in N local processes (default: CPUs)")
    p.add_argument("--format", action="append", metavar="FORMAT[=FILE]",
                   help=f"report of every page: {', '.join(FORMATS)}; FORMAT=FILE writes it to FILE "
                        "(default: text)")
    p.add_argument("--output", "-o", metavar="FILE", help="write the standard-output report to FILE")
    p.add_argument("--config", metavar="FILE", help="use this config file")
    p.add_argument("--no-config", action="store_true", help="ignore config files")
    p.add_argument("--select", action="append", metavar="IDS", help="only these rule ids or tags")
    p.add_argument("--ignore", action="append", metavar="IDS", help="skip these rule ids or tags")
    p.add_argument("--fail-on", choices=FAIL_ON,
                   help="lowest severity that makes the exit code 1 (default: error)")
    p.add_argument("--group", action=argparse.BooleanOptionalAction, default=None,
                   help="show a problem found in many places once (default: when there are many)")
    p.add_argument("--quiet", "-q", action="store_true", help="no progress or summary")
    crawl = p.add_argument_group("crawl (for each site)")
    crawl.add_argument("--max-pages", type=_positive, metavar="N",
                       help="URLs fetched per site, at most (default: 500)")
    crawl.add_argument("--max-depth", type=int, metavar="N", help="links followed from a site's start URL")
    crawl.add_argument("--max-per-shape", type=_positive, metavar="N",
                       help="URLs of one shape per site (a calendar or search trap), at most (default: 100)")
    crawl.add_argument("--include", action="append", metavar="REGEX", help="URLs also in a site's scope")
    crawl.add_argument("--exclude", action="append", metavar="REGEX",
                       help="URLs out of a site's scope (wins over --include)")
    crawl.add_argument("--delay", type=_number(float, -1e-9, 3600), metavar="SECONDS",
                       help="between two requests to one host, at least (robots.txt's Crawl-delay too)")
    crawl.add_argument("--per-host", type=_positive, metavar="N",
                       help="requests in flight to one host (default: 2)")
    crawl.add_argument("--ignore-robots", action="store_true", default=None, help="do not obey robots.txt")
    crawl.add_argument("--no-sitemaps", action="store_true", help="do not seed the crawl from sitemaps")
    crawl.add_argument("--no-external", action="store_true", help="do not check links that leave a site")
    crawl.add_argument("--resolve", action="append", metavar="HOST:PORT:ADDRESS",
                       help="reach HOST:PORT at ADDRESS (repeatable), as curl's --resolve")
    crawl.add_argument("--sitemap", action="append", metavar="URL",
                       help="also seed the crawl of the site it belongs to from this sitemap (repeatable)")
    crawl.add_argument("--header", action="append", metavar="'NAME: VALUE'",
                       help="send this header to each crawled site; $VAR in the value is read from the "
                            "environment of the process crawling it (repeatable; never written out)")
    crawl.add_argument("--render", action="store_true", default=None,
                       help="render each page from its live URL in headless Chromium (needs govlint[render] "
                            "and Chromium wherever sites are crawled)")
    crawl.add_argument("--render-timeout", type=_seconds, metavar="SECONDS",
                       help="time a rendered page has to settle (default 15)")
    return p


def main(argv: list[str]) -> int:
    ns = _parser().parse_args(argv)
    outputs = _outputs(ns.format or ["text"], ns.output)
    raw = _raw_config(ns)
    overrides = config.CliOverrides(select=tuple(_split(ns.select) or ()) or None,
                                    ignore=tuple(_split(ns.ignore) or ()), fail_on=ns.fail_on,
                                    render=ns.render, render_timeout=ns.render_timeout)
    headers = tuple(ns.header or ())
    for text in headers:
        header_name(text)
        if not ns.scheduler and not ns.merge:  # local workers share this environment: say it now
            expand_header(text, os.environ)
    settings = EstateSettings.make(raw, overrides, _crawl_options(ns), headers)
    linter = settings.linter()  # a config or rule error is reported here, before any site
    if linter.config.render.enabled and not ns.merge:
        check_ready(linter.config.render)  # here at least; Dask workers need Chromium too
    progress = _Progress(sys.stderr) if sys.stderr.isatty() and not ns.quiet else None
    if ns.merge:
        if ns.file or ns.out or ns.scheduler:
            raise UsageError("--merge DIR takes no FILE, --out or --scheduler")
        folder = Path(ns.merge)
    else:
        if not ns.file or not ns.out:
            raise UsageError("give the list of sites and the estate folder: govlint estate FILE --out DIR")
        folder = Path(ns.out)
        estate = sites.read(Path(ns.file))
        if estate.duplicates and not ns.quiet:
            print(f"govlint: note: {estate.duplicates} sites listed twice, scanned once", file=sys.stderr)
        done = run.scan(estate, folder, settings, scheduler=ns.scheduler, jobs=ns.jobs, progress=progress)
        if progress:
            progress.finish()
        if not ns.quiet:
            print(f"govlint: {done.scanned} sites scanned, {done.kept} kept from an earlier run",
                  file=sys.stderr)
    merged = merge.merge(folder, linter.ruleset.rules)
    report = merged.report
    for note in merged.damaged:
        print(f"govlint: note: damaged shard, site counted as not scanned: {note}", file=sys.stderr)
    cfg = linter.config
    ran = frozenset(rule.id for rule, _ in cfg.plan("") if cfg.render.enabled or "rendered" not in rule.tags)
    group = ns.group if ns.group is not None else cfg.group
    whole: Report | None = None

    def render(name: str, target: str | None) -> Iterable[str]:
        nonlocal whole
        if name not in STREAMING and whole is None:
            whole = report.whole()  # the formats that are not streamed hold the report, once
        given = report if name in STREAMING or whole is None else whole
        return pieces(name, given, color=False, quiet=ns.quiet, locations={}, group=group, ran=ran)

    write_reports(outputs, render)
    if any(name == "sarif" for name, _ in outputs):
        for note in sarif_report.left_out(whole or report):
            print(f"govlint: note: {note}", file=sys.stderr)
    if not ns.quiet:
        print(f"govlint: estate report: {merged.csv_path} and {merged.html_path} ({merged.scanned} of "
              f"{merged.sites} sites scanned, {merged.failed} failed)", file=sys.stderr)
        if all(target is not None for _, target in outputs):
            print(text_report.summary(report), file=sys.stderr)
    return exit_code(report, cfg.fail_on)


def _raw_config(ns: argparse.Namespace) -> config.RawConfig:
    if ns.no_config:
        return config.RawConfig(base_dir=Path.cwd())
    if ns.config:
        return config.read(Path(ns.config))
    raw = config.read(config.find(Path.cwd()))
    return raw if raw.source is not None else config.RawConfig(base_dir=Path.cwd())


def _crawl_options(ns: argparse.Namespace) -> dict[str, object]:
    """The CrawlOptions fields the command line sets (the others keep the crawl's defaults)."""
    try:
        resolve = tuple(Resolve.parse(text) for text in ns.resolve or ())
    except ValueError as exc:
        raise UsageError(f"--resolve: {exc}") from None
    given: dict[str, object] = {
        "max_pages": ns.max_pages, "max_depth": ns.max_depth, "max_per_shape": ns.max_per_shape,
        "include": tuple(ns.include or ()) or None, "exclude": tuple(ns.exclude or ()) or None,
        "delay": ns.delay, "per_host": ns.per_host, "ignore_robots": ns.ignore_robots,
        "use_sitemaps": False if ns.no_sitemaps else None,
        "check_external": False if ns.no_external else None,
        "resolve": resolve or None, "sitemaps": tuple(ns.sitemap or ()) or None}
    return {name: value for name, value in given.items() if value is not None}


class _Progress(StatusLine):
    """A one-line count of finished sites on a terminal's stderr."""

    def __call__(self, done: int, total: int) -> None:
        self.show(f"scanning sites {done}/{total}")
