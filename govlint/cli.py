"""Command line. The only module that reads argv or the environment, prints, or exits.

Exit codes: 0 nothing at or above --fail-on; 1 violations at or above --fail-on;
2 usage, config or rule-file error, or an input that could not be read (or linted);
3 the network is down, so external links could not be checked; 4 an internal error;
130 interrupted (Ctrl-C); 141 standard output closed early (a pipe); 143 terminated (SIGTERM).
"""

from __future__ import annotations

import argparse
import functools
import os
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

# Only what every command needs, so that --version and --help stay quick: each command imports
# its own modules (a lint with --no-cache never loads SQLite, a text report never the HTML one).
from .cliargs import (
    EXIT_ERROR,
    EXIT_INTERNAL,
    EXIT_OK,
    StatusLine,
    gate,
    write_reports,
)
from .cliargs import Parser as _Parser
from .cliargs import color as _color
from .cliargs import count as _count
from .cliargs import load_linter as _load
from .cliargs import number as _number
from .cliargs import outputs as _outputs
from .cliargs import positive as _positive
from .cliargs import seconds as _seconds
from .errors import GovlintError, UsageError
from .parser import PARSERS
from .reporters import FORMATS
from .severity import FAIL_ON
from .version import __version__

if TYPE_CHECKING:
    from .model import Rule

EXIT_INTERRUPTED, EXIT_PIPE, EXIT_TERMINATED = 130, 141, 143


class _Terminated(BaseException):
    """SIGTERM, raised where the program is so that every cleanup runs (workers stopped,
    temporary report files removed), as Ctrl-C does with KeyboardInterrupt."""


def _terminate(signum: int, frame: object) -> None:
    raise _Terminated


_COMMANDS = ("rules", "explain", "crawl", "estate")


def _lint_parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="govlint",
        description="Lint U.S. government web pages: official banner, archive notice, image alt "
                    "text, photo credits and VIRINs. Also: 'govlint rules', 'govlint explain RULE'.",
    )
    p.add_argument("inputs", nargs="*", metavar="INPUT",
                   help="HTML files, directories (searched for *.html, *.htm), globs, http(s) URLs, "
                        "or - for standard input")
    p.add_argument("--format", action="append", metavar="FORMAT[=FILE]",
                   help=f"report format: {', '.join(FORMATS)}; repeat for several at once, "
                        "FORMAT=FILE writes that one to FILE (default: text)")
    p.add_argument("--output", "-o", metavar="FILE",
                   help="write the report that would go to standard output to FILE instead")
    p.add_argument("--select", action="append", metavar="IDS",
                   help="only these rule ids or tags (comma-separated; replaces the config's select)")
    p.add_argument("--ignore", action="append", metavar="IDS",
                   help="skip these rule ids or tags (comma-separated; added to the config's ignore)")
    p.add_argument("--fail-on", choices=FAIL_ON,
                   help="lowest severity that makes the exit code 1 (default: error)")
    p.add_argument("--max-warnings", type=_count, metavar="N",
                   help="also exit 1 when there are more than N warnings")
    adopt = p.add_mutually_exclusive_group()
    adopt.add_argument("--write-baseline", metavar="FILE",
                       help="record every violation found now in FILE, and exit 0")
    adopt.add_argument("--baseline", metavar="FILE",
                       help="report (and fail on) only violations that are not in FILE")
    p.add_argument("--exclude", action="append", metavar="GLOB",
                   help="skip input files matching GLOB (repeatable; added to the config's exclude)")
    p.add_argument("--config", metavar="FILE", help="use this config file")
    p.add_argument("--no-config", action="store_true", help="ignore config files")
    p.add_argument("--offline", action="store_true",
                   help="never use the network: external links are not checked and URL inputs fail")
    p.add_argument("--root", metavar="DIR",
                   help="site root for local links (default: site.root, else the directory given)")
    p.add_argument("--clean-urls", action="store_true", default=None,
                   help="let /about mean about.html or about/index.html")
    p.add_argument("--check-external-fragments", action="store_true", default=None,
                   help="also check #fragments in external HTML pages (fetches them with GET)")
    p.add_argument("--max-check-time", metavar="TIME",
                   help="stop checking external URLs after this long (e.g. 90s, 5m; default 10m); "
                        "what is left is reported as not verified")
    p.add_argument("--cache-dir", metavar="DIR", help="link cache folder (default: .govlint-cache)")
    p.add_argument("--max-cache-age", metavar="AGE",
                   help="reuse a link found alive for this long (e.g. 12h, 1d; default 1d)")
    p.add_argument("--no-cache", action="store_true",
                   help="do not read or write the caches (pages already linted, links found alive)")
    p.add_argument("--changed-since", metavar="REF",
                   help="lint only HTML files changed since this git ref (and, for link rules, the "
                        "pages that mention them)")
    p.add_argument("--jobs", "-j", type=_positive, default=os.cpu_count() or 1, metavar="N",
                   help="lint pages in N processes (default: the number of CPUs; at most twice the CPUs "
                        "and never more than the pages); output is the same")
    p.add_argument("--max-file-size", type=_number(float, 0, 4096), metavar="MB",
                   help="an input larger than this is an input error (default: 20)")
    p.add_argument("--page-timeout", type=_number(float, 0, 86400), metavar="SECONDS",
                   help="a page that takes longer to lint is an input error (default: 120)")
    p.add_argument("--parser", choices=PARSERS,
                   help="HTML parser: turbohtml (default, C) or html5lib (the pure-Python reference)")
    p.add_argument("--render", action="store_true", default=None,
                   help="lint the page headless Chromium builds (scripts run; needs govlint[render])")
    p.add_argument("--render-timeout", type=_seconds, metavar="SECONDS",
                   help="time a rendered page has to settle (load and network idle; default 15)")
    p.add_argument("--stdin-filename", metavar="PATH", help="path to report for input read from -")
    p.add_argument("--group", action=argparse.BooleanOptionalAction, default=None,
                   help="show a problem found in many places once, with its count and first places "
                        "(default: when there are more than 40 violations)")
    p.add_argument("--quiet", "-q", action="store_true", help="print violations only, no summary")
    p.add_argument("--verbose", "-v", action="store_true",
                   help="also print notes (such as pages whose date could not be read)")
    p.add_argument("--version", action="version", version=f"govlint {__version__}")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    from . import recursion

    recursion.make_room()  # for accessible names of deep content (forked workers inherit it)
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if main_thread else None
    try:
        if args[:1] == ["rules"]:
            code = _rules_command(args[1:])
        elif args[:1] == ["explain"]:
            code = _explain_command(args[1:])
        elif args[:1] == ["crawl"]:
            from .crawl.command import crawl_command  # the crawler is imported only to crawl

            code = crawl_command(args[1:])
        elif args[:1] == ["estate"]:
            from .estate.command import main as estate_command  # imports the estate code only when used

            code = estate_command(args[1:])
        else:
            misplaced = _misplaced_command(args)
            if misplaced is not None:
                raise UsageError(f"{misplaced!r} is a command: write it first, then its options "
                                 f"(govlint {misplaced} ...)")
            code = _lint_command(args)
        sys.stdout.flush()  # a closed pipe shows here, not at exit
        return code
    except GovlintError as exc:
        for line in str(exc).splitlines():  # a config or rule file may have several problems
            _error(line)
        return EXIT_ERROR
    except KeyboardInterrupt:
        _error("interrupted")
        return EXIT_INTERRUPTED
    except _Terminated:
        _error("terminated")
        return EXIT_TERMINATED
    except BrokenPipeError:
        # The reader went away (`govlint rules | head -1`): stop quietly. Standard output is
        # pointed at /dev/null so that flushing it at exit cannot fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
        return EXIT_PIPE
    except Exception as exc:  # a bug: one line and its own status, never a traceback
        _error(f"internal error: {type(exc).__name__}: {' '.join(str(exc).split())[:300]}")
        return EXIT_INTERNAL
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)


def _error(message: str) -> None:
    print(f"govlint: error: {message}", file=sys.stderr)



def _misplaced_command(args: list[str]) -> str | None:
    """A command named after options ("govlint --jobs 1 crawl URL"), which would otherwise be
    linted as a file named crawl, and the URL fetched as one page."""
    if not any(a in _COMMANDS and not os.path.exists(a) for a in args[1:]):
        return None
    named, _ = _lint_parser().parse_known_args(args)
    return next((i for i in named.inputs if i in _COMMANDS and not os.path.exists(i)), None)


def _lint_command(argv: list[str]) -> int:
    parser = _lint_parser()
    ns = parser.parse_args(argv)
    from dataclasses import replace

    from . import heap, inputs, locations, runinfo
    from .globs import GlobSet
    from .reporters import Shared, left_out, pieces, text_report

    started = runinfo.started_at(os.environ.get("SOURCE_DATE_EPOCH"))
    first = ns.inputs[0] if ns.inputs else ""
    if len(ns.inputs) <= 2 and first.isalpha() and first not in _COMMANDS and not os.path.exists(first):
        from .suggest import did_you_mean

        hint = did_you_mean(first, _COMMANDS)
        if hint:  # "govlint rule" or "govlint explian image-alt": a command, not a missing page
            raise UsageError(f"unknown command {first!r}{hint}")
    if not ns.inputs:
        raise UsageError("no input: give HTML files, directories, globs, URLs, or - for stdin")
    outputs = _outputs(ns.format or ["text"], ns.output)
    linter = _load(ns)
    cfg = linter.config
    if ns.verbose:
        print(f"govlint: config: {cfg.source or 'none (defaults)'}", file=sys.stderr)
    if cfg.render.enabled:
        from .render.settings import check_ready

        check_ready(cfg.render)  # no browser: one line and exit 2, before any page is read
    if ns.offline:
        urls = [i for i in ns.inputs if inputs.is_url(i)]
        if urls:
            raise UsageError(f"--offline is set but {urls[0]} is a URL")
    if ns.stdin_filename is not None and "-" not in ns.inputs:
        raise UsageError("--stdin-filename names the input read from standard input: give - as an input")
    exclude = GlobSet((*cfg.exclude.patterns, *(ns.exclude or ())))
    sources, failures = inputs.expand(ns.inputs, exclude, cfg.base_dir, ns.stdin_filename)
    if ns.verbose and cfg.links.root is None:
        from .siteroot import site_root

        folders = {os.path.abspath(s.path.parent) for s in sources if s.path is not None and s.root is None}
        for root, why in sorted({site_root(Path(f)) for f in folders}):
            print(f"govlint: site root for files named on their own: {root} ({why})", file=sys.stderr)
    if ns.changed_since:
        from . import changes
        from .checks.catalog import registry

        link_rules = any(registry()[rule.check].site for rule, _ in cfg.plan(""))
        sources = changes.select(sources, changes.changed_files(ns.changed_since, Path.cwd()), link_rules)
    progress = _Progress(sys.stderr) if sys.stderr.isatty() and not ns.quiet else None
    cache = None
    if cfg.links.cache_dir is not None:
        from .pagecache import PageCache  # SQLite: only with the cache

        cache = PageCache(cfg.links.cache_dir)
    try:
        report = linter.lint_sources(sources, offline=ns.offline, read_stdin=sys.stdin.buffer.read,
                                     env=os.environ, progress=progress, jobs=ns.jobs, cache=cache,
                                     page_progress=progress.pages if progress else None)
    finally:
        if cache is not None:
            cache.close()
    if cache is not None and cache.problem:
        print(f"govlint: note: {cache.problem}", file=sys.stderr)
    if ns.verbose:
        if cache is not None and any(report.links_reused):
            reused, again = report.links_reused
            print(f"govlint: link results of {reused} {'page' if reused == 1 else 'pages'} reused, "
                  f"{again} checked again", file=sys.stderr)
        count = len(report.files)
        print(f"govlint: {count} {'page' if count == 1 else 'pages'} linted, {report.from_cache} "
              "from the cache", file=sys.stderr)
    if progress:
        progress.finish()
    report = replace(report, errors=(*failures, *report.errors))
    places = locations.locate([*(r.file for r in report.files), *(e.file for e in report.errors)], Path.cwd())
    if ns.write_baseline:
        from . import baseline
        from .output import write_atomic

        try:
            write_atomic(Path(ns.write_baseline),
                         baseline.render(report, functools.partial(locations.relative, places)))
        except OSError as exc:
            raise UsageError(f"cannot write baseline to {ns.write_baseline}: {exc.strerror or exc}") from None
        print(f"govlint: wrote {len(report.violations)} violations to the baseline {ns.write_baseline}",
              file=sys.stderr)
    elif ns.baseline:
        from . import baseline

        report = baseline.apply(report, baseline.read(Path(ns.baseline)),
                                functools.partial(locations.relative, places)).report
    for note in report.notes:
        print(f"govlint: note: {note}", file=sys.stderr)
    if report.network_down:
        down_urls, down_hosts = report.network_down
        _error(f"the network looks down: none of {down_urls} external URLs on {down_hosts} hosts could be "
               "reached, so they were not reported as dead (use --offline to skip external links)")
    group = ns.group if ns.group is not None else cfg.group
    # What the conformance summary rests on: rules that need a browser check nothing statically.
    ran = frozenset(rule.id for rule, _ in cfg.plan("") if cfg.render.enabled or "rendered" not in rule.tags)
    run = runinfo.RunInfo(tuple(ns.inputs), started, runinfo.shaping_options(parser, ns),
                          str(cfg.source or ""))
    shared = Shared(report, places)  # problems found once for every format
    heap.settled()  # the report lives until the process ends: the collector need not walk it
    summary = bool(os.environ.get("GITHUB_STEP_SUMMARY"))
    write_reports(outputs, lambda name, target: pieces(
        name, report, color=target is None and _color(sys.stdout), quiet=ns.quiet, locations=places,
        group=group, ran=ran, run=run, shared=shared, step_summary=summary))
    if any(name == "github" for name, _ in outputs) and summary:
        from .reporters import github_report

        _append(Path(os.environ["GITHUB_STEP_SUMMARY"]), github_report.step_summary(report, locations=places,
                                                                                  shared=shared))
    for name in dict.fromkeys(name for name, _ in outputs):  # what a capped format left out
        for note in left_out(name, report, shared):
            print(f"govlint: note: {note}", file=sys.stderr)
    if not ns.quiet and all(target is not None for _, target in outputs):
        print(text_report.summary(report), file=sys.stderr)  # else a run to files says nothing
    if ns.write_baseline:
        return EXIT_ERROR if report.errors else EXIT_OK
    return gate(report, cfg.fail_on, ns.max_warnings)


def _append(path: Path, text: str) -> None:
    """Add to a file the CI system reads after the step (GitHub's step summary)."""
    if not text:
        return
    try:
        with path.open("a", encoding="utf-8") as stream:
            stream.write(text)
    except OSError as exc:
        raise UsageError(f"cannot write to {path}: {exc.strerror or exc}") from None



class _Progress(StatusLine):
    """A one-line counter on a terminal's stderr: pages being linted, then external URL checks."""

    def __call__(self, done: int, total: int) -> None:
        self._show("checking links", done, total)

    def pages(self, done: int, total: int) -> None:
        self._show("linting pages", done, total)

    def _show(self, label: str, done: int, total: int) -> None:
        width = 30
        filled = width * done // total
        self.show(f"{label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")


def _rules_command(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="govlint rules", description="List the available rules.")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p.add_argument("--config", metavar="FILE", help="also list custom rules from this config")
    ns = p.parse_args(argv)
    import json

    from . import config, ruleset

    raw = config.read(Path(ns.config)) if ns.config else config.read(config.find(Path.cwd()))
    rules = ruleset.load(raw.rules_dirs).rules.values()
    if ns.format == "json":
        print(json.dumps([{"id": r.id, "severity": r.severity.label, "tags": list(r.all_tags),
                           "message_tags": {c: list(m.tags) for c, m in r.messages.items() if m.tags},
                           "summary": r.summary, "help_url": r.docs.help_url,
                           "guidance_url": r.docs.guidance_url} for r in rules],
                         indent=2, ensure_ascii=False))
        return EXIT_OK
    width = max(len(r.id) for r in rules)
    for r in rules:
        print(f"{r.id:<{width}}  {r.severity.label:<7}  {r.summary}")
        print(f"{'':<{width}}  {'':<7}  tags: {', '.join(r.tags)}")
        for code, message in r.messages.items():  # tags of some messages only
            if message.tags:
                print(f"{'':<{width}}  {'':<7}  {code} also: {', '.join(message.tags)}")
    return EXIT_OK


def _explain_command(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="govlint explain", description="Show a rule's documentation.")
    p.add_argument("rule", help="rule id (or alias)")
    p.add_argument("--config", metavar="FILE", help="also look in custom rules from this config")
    ns = p.parse_args(argv)
    from . import config, ruleset

    raw = config.read(Path(ns.config)) if ns.config else config.read(config.find(Path.cwd()))
    rules = ruleset.load(raw.rules_dirs)
    rule_id = rules.resolve(ns.rule)
    if rule_id is None:
        from .suggest import did_you_mean

        hint = did_you_mean(ns.rule, [*rules.rules, *rules.aliases])
        raise UsageError(f"unknown rule id {ns.rule!r}{hint} (see 'govlint rules')")
    sys.stdout.write(explain_text(rules.rules[rule_id]))
    return EXIT_OK


def explain_text(rule: Rule) -> str:
    import json

    docs = rule.docs
    parts = [f"{rule.id} ({rule.severity.label}): {rule.summary}",
             f"Tags: {', '.join(rule.tags)}"]
    parts += [f"  {code} also: {', '.join(m.tags)}" for code, m in rule.messages.items() if m.tags]
    if docs.help_url:
        parts.append(f"Help: {docs.help_url}")
    if docs.guidance_url and docs.guidance_url != docs.help_url:
        parts.append(f"Guidance: {docs.guidance_url}")
    parts += ["", "Why", _indent(docs.why)]
    if rule.options:
        parts += ["", "Options (defaults)"]
        parts += [f"  {k} = {json.dumps(v, ensure_ascii=False)}" for k, v in rule.options.items()]
    if docs.config:
        parts += ["", "Applies with config such as", _indent(docs.config)]
    parts += ["", "Example (fails)", _indent(docs.example), "", "Fix (passes)", _indent(docs.fix)]
    return "\n".join(parts) + "\n"


def _indent(block: str) -> str:
    return "\n".join(f"    {line}" if line else "" for line in block.splitlines())
