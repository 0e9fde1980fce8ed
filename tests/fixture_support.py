"""Lint fixture pages the way the fixture tests do."""

from __future__ import annotations

import functools
import tomllib
from datetime import date
from pathlib import Path

import pytest

from govlint import config, ruleset
from govlint.checks.catalog import registry
from govlint.engine import RunOptions
from govlint.inputs import Source
from govlint.model import FileResult
from govlint.runner import Linter

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
# Fixtures are linted "as of" a fixed day, so date rules (VIRIN not in the future) never drift.
TODAY = date(2026, 11, 23)


def linter_for(folder: Path, select: list[str] | None) -> Linter:
    """A linter for a fixture folder: its govlint.toml if any, else defaults."""
    rules = ruleset.load()
    cfg_file = folder / "govlint.toml"
    raw = config.read(cfg_file) if cfg_file.exists() else config.RawConfig(base_dir=folder)
    cfg = config.build(raw, rules, config.CliOverrides(select=select))
    return Linter(cfg, rules, RunOptions(today=TODAY))


def lint_fixture(page: Path) -> FileResult:
    """Lint one fixture page with the site pass too (links), offline, the folder as site root.
    A rule that compares pages (duplicate-title) sees every page of its folder."""
    folder = page.parent
    select = None if folder.name == "pages" else [folder.name]
    linter = linter_for(folder, select)
    if linter.config.render.enabled:
        return _rendered_folder(folder)[page.name]
    rule = linter.config.rules.get(folder.name)
    compares = rule is not None and registry()[rule.check].from_facts
    pages = sorted(folder.glob("*.html")) if compares else [page]
    sources = [Source(display=p.name, path=p, root=folder) for p in pages]
    report = linter.lint_sources(sources, offline=True, read_stdin=lambda _size: b"")
    assert not report.errors, report.errors
    return next(f for f in report.files if f.file == page.name)


@functools.cache
def _rendered_folder(folder: Path) -> dict[str, FileResult]:
    """Every page of a folder linted in rendered mode, in one run: one browser start."""
    linter = linter_for(folder, [folder.name])
    sources = [Source(display=p.name, path=p, root=folder) for p in sorted(folder.glob("*.html"))]
    report = linter.lint_sources(sources, offline=True, read_stdin=lambda _size: b"")
    assert not report.errors, report.errors
    return {result.file: result for result in report.files}


def needs_browser(folder: Path) -> bool:
    """Whether a fixture folder's pages are linted in rendered mode (its govlint.toml says so)."""
    cfg_file = folder / "govlint.toml"
    data = tomllib.loads(cfg_file.read_text(encoding="utf-8")) if cfg_file.exists() else {}
    return bool(data.get("render", {}).get("enabled"))


def marks(folder: Path) -> list[pytest.MarkDecorator]:
    """The markers of a test of a fixture folder: ``browser`` for a rendered one."""
    return [pytest.mark.browser] if needs_browser(folder) else []


def format_expected(result: FileResult) -> list[str]:
    return [f"{v.line}:{v.column} {v.severity.label} {v.rule} | {v.message}" for v in result.violations]


def read_expected(page: Path) -> list[str]:
    expected = page.with_suffix(".expected")
    if not expected.exists():
        return []
    return [line for line in expected.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]
