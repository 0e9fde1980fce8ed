"""Lint many inputs into one Report. One bad input never stops the others."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from . import __version__, document, inputs
from .config import Config, RawConfig, build
from .engine import RunOptions, lint_document
from .errors import InputError
from .model import FileResult, InputFailure, Report
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
        doc = document.from_source(data, info, encoding)
        return lint_document(doc, self.config, self.ruleset.names(), rel_path, self.options)

    def lint_sources(self, sources: Iterable[inputs.Source], *, offline: bool,
                     read_stdin: Callable[[], bytes]) -> tuple[list[FileResult], list[InputFailure]]:
        results: list[FileResult] = []
        failures: list[InputFailure] = []
        for source in sources:
            try:
                page = inputs.read(source, offline=offline, read_stdin=read_stdin,
                                   user_agent=f"govlint/{__version__}")
                info, rel = self.page_info(source, page.url)
                results.append(self.lint_bytes(page.data, info, rel, page.encoding))
            except InputError as exc:
                failures.append(InputFailure(source.display, str(exc)))
            except RecursionError:
                failures.append(InputFailure(source.display, "page is nested too deeply to lint"))
        return results, failures

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
    results, read_failures = linter.lint_sources(sources, offline=offline, read_stdin=read_stdin)
    return Report(tuple(results), tuple(failures + read_failures), linter.ruleset.rules)


def lint_html(html: bytes | str, *, path: str = "<string>", url: str | None = None,
              linter: Linter | None = None) -> FileResult:
    """Lint one page given as text or bytes."""
    linter = linter or Linter.default()
    return linter.lint_bytes(html, document.PageInfo(path, url, path), path)
