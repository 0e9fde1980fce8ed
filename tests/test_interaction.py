"""The rules that act on the rendered page (render/probes.js): what the browser is asked, how
its answers are read, and the budget that keeps a page with thousands of links from stalling a
run. The fixture folders (fixtures/target-size, focus-visible, ...) hold each rule's planted
failures and clean twins, linted in real headless Chromium."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from govlint.config import CliOverrides, RawConfig, build
from govlint.engine import RunOptions
from govlint.inputs import Source
from govlint.render.build import interactions
from govlint.ruleset import load
from govlint.runner import Linter, lint_html

INTERACTION_RULES = ("target-size", "text-spacing", "reflow", "focus-visible", "focus-not-obscured",
                     "no-keyboard-trap")
needs_chromium = pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Chromium")


def _settings(data: dict[str, Any], **cli: Any) -> Any:
    return build(RawConfig(data), load(), CliOverrides(**cli)).render


def test_the_browser_is_asked_only_what_the_rules_that_run_need() -> None:
    on = {"render": {"enabled": True}}
    assert _settings(on, select=("target-size",)).probes == {"targets"}
    assert _settings(on, select=("focus-visible", "no-keyboard-trap")).probes == {"focus"}
    assert _settings(on, select=("color-contrast",)).probes == frozenset()
    assert _settings({}, select=("target-size",)).probes == frozenset()  # static: no browser at all
    # An override may turn on a rule off by default somewhere: the browser is asked for it
    # then, beside a config's select; a command line's --select has the last word.
    override = {**on, "select": ["color-contrast"],
                "overrides": [{"files": ["a/**"], "rules": {"reflow": "error"}}]}
    assert _settings(override).probes == {"reflow"}
    assert _settings(override, select=("color-contrast",)).probes == frozenset()


def _tree(count: int) -> list[Any]:
    root = etree.Element("html")
    body = etree.SubElement(root, "body")
    for n in range(count):
        etree.SubElement(body, "a", href=f"/{n}")
    return list(root.iter())  # html, body, a0, a1...


def test_a_cycle_before_every_element_was_reached_is_a_trap_at_the_innermost_holder() -> None:
    elements = _tree(4)
    step = [2, 1, "", "", -1]  # a0, focus visible
    steps = [step, [3, 1, "", "", -1], [2, 1, "", "", -1], [3, 1, "", "", -1]]
    found = interactions({"focus": {"steps": steps, "tabbable": 4, "presses": 6}}, elements)
    assert found.trap == (elements[1], 2)  # cycles a0 -> a1 -> a0 inside <body>
    assert found.unreached == 0  # a trap is reported as such, not as elements to review


def test_leaving_the_page_and_coming_back_is_no_trap() -> None:
    elements = _tree(2)
    steps = [[2, 1, "", "", -1], [3, 0, "a", "a", -1], [-2], [2, 1, "", "", -1]]
    found = interactions({"focus": {"steps": steps, "tabbable": 2, "presses": 4}}, elements)
    assert found.trap is None and found.unreached == 0
    assert [s.visible for s in found.focus.values()] == [True, False]


def test_what_the_budget_did_not_reach_is_counted_never_passed() -> None:
    elements = _tree(10)
    steps = [[2 + n, 1, "", "", -1] for n in range(3)]
    found = interactions({"focus": {"steps": steps, "tabbable": 10, "presses": 3, "budget": 3}}, elements)
    assert (found.unreached, found.tabbable, found.presses) == (7, 10, 3)
    # with presses to spare, Tab went where the page lets it: the rest is not in the tab order
    spare = interactions({"focus": {"steps": steps, "tabbable": 10, "presses": 13, "budget": 250}},
                         elements)
    assert spare.unreached == 0


def test_an_unfinished_probe_is_named_and_not_probed() -> None:
    found = interactions({"incomplete": ["focus"], "targets": []}, _tree(1))
    assert found.incomplete == {"focus"} and found.probed == {"targets"}


def test_the_interaction_rules_find_nothing_in_static_mode() -> None:
    page = ('<!DOCTYPE html><html lang="en"><head><title>t</title><style>a:focus{outline:none}</style>'
            '</head><body><div style="width:2000px"><a href="/x" style="font-size:4px">x</a></div>'
            '</body></html>')
    assert not {v.rule for v in lint_html(page).violations} & set(INTERACTION_RULES)


@pytest.mark.browser
@needs_chromium
def test_a_page_past_the_tab_budget_asks_for_review_of_the_rest(tmp_path: Path) -> None:
    links = "".join(f'<li><a href="/p{n}">Page {n}</a></li>' for n in range(30))
    page = tmp_path / "many.html"
    page.write_text('<!DOCTYPE html><html lang="en"><head><title>Many links in one list</title></head>'
                    f'<body><main><h1>Index</h1><ul>{links}</ul></main></body></html>', encoding="utf-8")
    rules = load()
    config = build(RawConfig({"render": {"enabled": True}}), rules,
                   CliOverrides(select=("focus-visible", "focus-not-obscured")))
    config = replace(config, render=replace(config.render, focus_steps=5))
    report = Linter(config, rules, RunOptions()).lint_sources(
        [Source(display=page.name, path=page, root=tmp_path)], offline=True, read_stdin=lambda _size: b"")
    assert not report.errors, report.errors
    found = sorted((v.rule, v.severity.label, v.message.split(":")[0]) for v in report.violations)
    review = "25 of 30 focusable elements were not reached within 5 Tab presses"
    assert found == [("focus-not-obscured", "warning", review), ("focus-visible", "warning", review)]
