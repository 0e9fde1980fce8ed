"""Each rule's documented example fails it and its documented fix passes it."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from govlint import config, ruleset
from govlint.checks.catalog import registry
from govlint.engine import RunOptions
from govlint.inputs import Source
from govlint.model import Violation
from govlint.runner import Linter, lint_html, lint_paths

RULES = ruleset.load()
ANOTHER_PAGE = "<!-- another page -->"


def _linter(rule_config: str) -> Linter:
    raw = config.RawConfig(tomllib.loads(rule_config)) if rule_config else config.RawConfig()
    return Linter(config.build(raw, RULES), RULES, RunOptions())


def _lint_doc(html: str, linter: Linter, folder: Path) -> tuple[Violation, ...]:
    """One page, or several separated by ANOTHER_PAGE (site rules compare pages), linted together."""
    pieces = html.split(ANOTHER_PAGE)
    if len(pieces) == 1:
        return lint_html(html, linter=linter).violations
    folder.mkdir()
    for n, piece in enumerate(pieces):
        (folder / f"page{n}.html").write_text(piece.strip(), encoding="utf-8")
    report = lint_paths([str(folder)], linter)
    return report.violations


def _marks(rule_id: str) -> list[pytest.MarkDecorator]:
    """``browser`` for a rule whose documented config lints in rendered mode."""
    data = tomllib.loads(RULES.rules[rule_id].docs.config or "")
    return [pytest.mark.browser] if data.get("render", {}).get("enabled") else []


@pytest.mark.parametrize("rule_id", [pytest.param(r, marks=_marks(r), id=r) for r in sorted(RULES.rules)])
def test_example_fails_and_fix_passes(rule_id: str, tmp_path: Path) -> None:
    rule = RULES.rules[rule_id]
    linter = _linter(rule.docs.config)
    if linter.config.render.enabled:  # one browser for both pages
        example, fix = _rendered(linter, rule.docs.example, rule.docs.fix, folder=tmp_path)
    else:
        example = _lint_doc(rule.docs.example, linter, tmp_path / "example")
        fix = _lint_doc(rule.docs.fix, linter, tmp_path / "fix")
    assert [v for v in example if v.rule == rule_id], "the example must fail this rule"
    assert [v for v in fix if v.rule == rule_id] == [], "the fix must pass this rule"


def _rendered(linter: Linter, *pages: str, folder: Path) -> list[tuple[Violation, ...]]:
    sources = []
    for number, page in enumerate(pages):
        path = folder / f"page{number}.html"
        path.write_text(page, encoding="utf-8")
        sources.append(Source(display=path.name, path=path, root=folder))
    report = linter.lint_sources(sources, offline=True, read_stdin=lambda _size: b"")
    assert not report.errors, report.errors
    return [result.violations for result in report.files]


@pytest.mark.parametrize("rule_id", sorted(RULES.rules))
def test_rule_is_documented_and_tagged(rule_id: str) -> None:
    rule = RULES.rules[rule_id]
    assert rule.summary and rule.docs.why and rule.docs.example and rule.docs.fix
    assert rule.tags
    assert set(rule.messages) == registry()[rule.check].codes


def test_builtin_rule_ids_are_stable() -> None:
    # Users, CI configs and suppressions depend on these ids.
    assert {"gov-banner", "archive-notice", "image-alt", "image-alt-quality", "image-credit",
            "image-virin"} <= set(RULES.rules)
