"""Lint many inputs into one Report. One bad input never stops the others."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from . import __version__, document, inputs
from .config import Config, RawConfig, build
from .engine import LinkContext, RunOptions, lint_page
from .errors import InputError
from .links.local import LocalLookup, PagePlace
from .links.settings import expand_headers
from .links.site import PageLinks, SiteOutcome, SitePass
from .model import FileResult, InputFailure, Report, Violation
from .ruleset import RuleSet, load


@dataclass(frozen=True)
class Linter:
    config: Config
    ruleset: RuleSet
    options: RunOptions = field(default_factory=RunOptions)

    @classmethod
    def default(cls) -> Linter:
        ruleset = load()
        return cls(build(RawConfig(), ruleset), ruleset)

    def lint_bytes(self, data: bytes | str, info: document.PageInfo, rel_path: str,
                   encoding: str | None = None) -> FileResult:
        """One page with no site around it: page rules, then the link checks that need no
        site (same-page anchors, mailto:/tel: syntax), offline."""
        doc = document.from_source(data, info, encoding)
        context = LinkContext(None, None, PagePlace((info.path,), origin=self.config.site.base_url))
        result, links = lint_page(doc, self.config, self.ruleset.names(), rel_path, self.options, context)
        if links is None:
            return result
        site = SitePass(self.config.rules, self.config.links, offline=True, headers={}).run([links])
        return _merge(result, site)

    def lint_sources(self, sources: Iterable[inputs.Source], *, offline: bool,
                     read_stdin: Callable[[], bytes], env: Mapping[str, str] | None = None,
                     progress: Callable[[int, int], None] | None = None) -> Report:
        """Lint every source, then check links across the site. ``env`` fills ${VAR} in
        link headers; ``progress(done, total)`` is told about external URL checks."""
        results: list[FileResult] = []
        failures: list[InputFailure] = []
        pages: list[PageLinks] = []
        names = self.ruleset.names()
        local = LocalLookup(self.config.links.clean_urls)
        for source in sources:
            try:
                page = inputs.read(source, offline=offline, read_stdin=read_stdin,
                                   user_agent=f"govlint/{__version__}")
                info, rel = self.page_info(source, page.url)
                doc = document.from_source(page.data, info, page.encoding)
                result, links = lint_page(doc, self.config, names, rel, self.options,
                                          replace(self.link_context(source, info), local=local))
            except InputError as exc:
                failures.append(InputFailure(source.display, str(exc)))
                continue
            except RecursionError:
                failures.append(InputFailure(source.display, "page is nested too deeply to lint"))
                continue
            results.append(result)
            if links is not None:
                pages.append(links)
        if not pages:
            return Report(tuple(results), tuple(failures), self.ruleset.rules)
        headers = expand_headers(self.config.links.headers, env or {})
        site = SitePass(self.config.rules, self.config.links, offline=offline, headers=headers,
                        progress=progress, local=local).run(pages)
        merged = tuple(_merge(r, site) for r in results)
        return Report(merged, tuple(failures), self.ruleset.rules, site.network_down,
                      tuple(site.notes))

    def link_context(self, source: inputs.Source, info: document.PageInfo) -> LinkContext:
        origin = self.config.site.base_url
        if source.url is not None:
            return LinkContext(None, None, PagePlace((), page_url=info.url, origin=origin))
        path = source.path
        root = self.config.links.root or source.root or _default_root(path)
        segments: tuple[str, ...] = ()
        if path is not None:
            rel = _relative_to(path, root)
            segments = tuple(rel.split("/")) if rel else (path.name,)
        return LinkContext(root, os.path.realpath(path) if path else None,
                           PagePlace(segments, origin=origin))

    def page_info(self, source: inputs.Source, fetched_url: str | None) -> tuple[document.PageInfo, str]:
        """Where the page sits in its site (for path globs) and its URL, if known."""
        if source.url is not None:
            url = fetched_url or source.url
            return document.PageInfo(source.display, url, urlsplit(url).path), source.display
        site = self.config.site
        path = source.path
        rel = source.display
        if path is not None:
            rel = _relative_to(path, self.config.base_dir) or source.display
            site_root = Path(site.root) if site.root else source.root
            site_path = (_relative_to(path, site_root) if site_root else None) or rel
        else:
            site_path = rel
        url = urljoin(site.base_url.rstrip("/") + "/", site_path) if site.base_url else None
        return document.PageInfo(source.display, url, site_path), rel


def _default_root(path: Path | None) -> Path:
    """A file named on its own: the current directory if the file is inside it (as when a
    pre-commit hook runs from the repository root), else the file's own directory."""
    cwd = Path.cwd()
    if path is None or _relative_to(path, cwd) is not None:
        return cwd
    return path.parent


def _merge(result: FileResult, site: SiteOutcome) -> FileResult:
    extra = site.violations.get(result.file, ())
    return replace(result, violations=tuple(sorted((*result.violations, *extra), key=Violation.sort_key)),
                   suppressed=result.suppressed + site.suppressed.get(result.file, 0))


def _relative_to(path: Path, base: Path) -> str | None:
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return None


def lint_paths(args: Iterable[str], linter: Linter | None = None, *, offline: bool = True,
               read_stdin: Callable[[], bytes] = lambda: b"") -> Report:
    """Lint files, directories, globs and URLs (URLs only when ``offline`` is False)."""
    linter = linter or Linter.default()
    sources, failures = inputs.expand(args, linter.config.exclude, linter.config.base_dir)
    report = linter.lint_sources(sources, offline=offline, read_stdin=read_stdin)
    return replace(report, errors=(*failures, *report.errors))


def lint_html(html: bytes | str, *, path: str = "<string>", url: str | None = None,
              linter: Linter | None = None) -> FileResult:
    """Lint one page given as text or bytes."""
    linter = linter or Linter.default()
    return linter.lint_bytes(html, document.PageInfo(path, url, path), path)
