"""Which WCAG success criteria each rule's findings fail.

The table below is the expected mapping. For a rule axe-core also has (same id) it is axe's
rule metadata (its ``wcag111``-style tags), plus the criteria a W3C ACT rule maps the same
check to where axe names fewer (``ACT_ADDED``); the test against ``axe.getRules()`` runs when
GOVLINT_AXE_JS names axe.min.js. A wrong tag in a rule file fails a test here.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

import pytest

from govlint import conformance
from govlint.model import Rule
from govlint.ruleset import load

# rule id -> the criteria every finding of the rule fails (its rule-level tags)
EXPECTED: dict[str, frozenset[str]] = {rule_id: frozenset(numbers.split()) for rule_id, numbers in {
    "accesskeys": "", "archive-notice": "", "area-alt": "2.4.4 4.1.2", "aria-allowed-attr": "4.1.2",
    "aria-allowed-role": "", "aria-command-name": "4.1.2", "aria-conditional-attr": "4.1.2",
    "aria-deprecated-role": "4.1.2", "aria-dialog-name": "", "aria-hidden-body": "1.3.1 4.1.2",
    "aria-hidden-focus": "4.1.2", "aria-input-field-name": "4.1.2", "aria-meter-name": "1.1.1",
    "aria-progressbar-name": "1.1.1", "aria-prohibited-attr": "4.1.2", "aria-required-attr": "4.1.2",
    "aria-required-children": "1.3.1", "aria-required-parent": "1.3.1", "aria-roles": "4.1.2",
    "aria-toggle-field-name": "4.1.2", "aria-tooltip-name": "4.1.2", "aria-valid-attr": "4.1.2",
    "aria-valid-attr-value": "4.1.2", "autocomplete-valid": "1.3.5", "blink": "2.2.2",
    "button-name": "4.1.2", "bypass": "2.4.1", "color-contrast": "1.4.3",
    "color-contrast-enhanced": "1.4.6", "contact-link": "", "dap": "", "dead-link": "",
    "definition-list": "1.3.1", "dlitem": "1.3.1", "document-title": "2.4.2",
    "duplicate-attr": "4.1.1", "duplicate-description": "", "duplicate-id": "4.1.1",
    "duplicate-id-active": "4.1.1", "duplicate-id-aria": "4.1.2", "duplicate-title": "",
    "empty-heading": "", "empty-table-header": "", "form-field-multiple-labels": "3.3.2",
    "frame-focusable-content": "2.1.1", "frame-title": "4.1.2", "frame-title-unique": "4.1.2",
    "gov-banner": "", "heading-order": "", "html-has-lang": "3.1.1", "html-lang-valid": "3.1.1",
    "html-xml-lang-mismatch": "3.1.1", "image-alt": "1.1.1", "image-alt-quality": "1.1.1",
    "image-credit": "", "image-redundant-alt": "", "image-virin": "", "input-button-name": "4.1.2",
    "input-image-alt": "1.1.1 4.1.2", "invalid-directive": "", "label": "4.1.2",
    "label-title-only": "", "label-content-name-mismatch": "2.5.3", "landmark-banner-is-top-level": "",
    "landmark-complementary-is-top-level": "", "landmark-contentinfo-is-top-level": "",
    "landmark-main-is-top-level": "", "landmark-no-duplicate-banner": "",
    "landmark-no-duplicate-contentinfo": "", "landmark-no-duplicate-main": "",
    "landmark-one-main": "", "landmark-unique": "", "link-in-text-block": "1.4.1",
    "link-name": "2.4.4 4.1.2", "list": "1.3.1", "listitem": "1.3.1", "marquee": "2.2.2",
    "meta-description": "", "meta-refresh": "2.2.1", "meta-refresh-no-exceptions": "2.2.4 3.2.5",
    "meta-viewport": "1.4.4 1.4.10", "meta-viewport-large": "", "missing-anchor": "",
    "mixed-content": "", "nested-interactive": "4.1.2", "object-alt": "1.1.1",
    "page-has-heading-one": "", "page-title": "", "presentation-role-conflict": "", "region": "",
    "required-links": "", "role-img-alt": "1.1.1", "scope-attr-valid": "", "select-name": "4.1.2",
    "server-side-image-map": "2.1.1", "site-search": "", "skip-link": "", "summary-name": "4.1.2",
    "svg-img-alt": "1.1.1", "tabindex": "", "table-duplicate-name": "", "td-headers-attr": "1.3.1",
    "th-has-data-cells": "1.3.1", "valid-lang": "3.1.2", "video-caption": "1.2.2",
    # across the site, and by acting on the rendered page (no axe-core counterpart)
    "consistent-navigation": "3.2.3", "consistent-identification": "3.2.4", "consistent-help": "3.2.6",
    "multiple-ways": "2.4.5", "focus-visible": "2.4.7", "focus-not-obscured": "2.4.11",
    "no-keyboard-trap": "2.1.2", "target-size": "2.5.8", "reflow": "1.4.10", "text-spacing": "1.4.12",
}.items()}

# (rule id, message code) -> the criteria only that message's findings fail besides the rule's
MESSAGE_EXPECTED: dict[tuple[str, str], frozenset[str]] = {
    ("gov-banner", "toggle-not-button"): frozenset({"4.1.2"}),  # no button role, no expanded state
    ("gov-banner", "toggle-no-expanded"): frozenset({"4.1.2"}),  # the state is not exposed
    ("gov-banner", "lock-unnamed"): frozenset({"1.1.1"}),  # an image with no name
}

# Criteria a W3C ACT rule maps a check to that axe-core's tags leave out: rule id -> (ACT
# rule, tags). b4f0c3 "meta viewport allows for zoom" maps to 1.4.4 Resize Text and 1.4.10
# Reflow (text that cannot grow to 200% cannot reflow into 320 CSS pixels either).
ACT_ADDED: dict[str, tuple[str, frozenset[str]]] = {
    "meta-viewport": ("act-b4f0c3", frozenset({"wcag21aa", "wcag1410"})),
}

# The level tag each criterion's level and WCAG version call for (axe-core's names).
_LEVEL_TAG = {("A", "2.0"): "wcag2a", ("AA", "2.0"): "wcag2aa", ("A", "2.1"): "wcag21a",
              ("AA", "2.1"): "wcag21aa", ("A", "2.2"): "wcag22a", ("AA", "2.2"): "wcag22aa"}


def _rules() -> Mapping[str, Rule]:
    return load().rules


def _criteria(tags: tuple[str, ...]) -> frozenset[str]:
    return frozenset(conformance.criteria_of(tags))


def test_every_rule_fails_the_criteria_the_table_says() -> None:
    rules = _rules()
    assert set(EXPECTED) == set(rules), "a rule was added or removed: add it to EXPECTED"
    wrong = {rule_id: sorted(_criteria(rule.tags)) for rule_id, rule in rules.items()
             if _criteria(rule.tags) != EXPECTED[rule_id]}
    assert wrong == {}


def test_messages_that_fail_criteria_of_their_own_are_the_table_s() -> None:
    found = {(rule.id, code): _criteria(message.tags) for rule in _rules().values()
             for code, message in rule.messages.items() if message.tags}
    assert found == MESSAGE_EXPECTED


def test_a_criterion_tag_comes_with_its_level_tag() -> None:
    """wcag412 with wcag2a, wcag1410 with wcag21aa, 4.1.1 with wcag2a-obsolete (as axe-core
    tags them): the level tags select rules too (--select wcag21aa)."""
    levels = {c.id: ("wcag2a-obsolete" if c.obsolete else _LEVEL_TAG[c.level, c.since])
              for c in conformance.criteria()}
    missing = []
    for rule in _rules().values():
        tag_sets = [rule.tags, *((*rule.tags, *m.tags) for m in rule.messages.values() if m.tags)]
        for tags in tag_sets:
            missing += [(rule.id, n) for n in conformance.criteria_of(tags)
                        if n in levels and levels[n] not in tags]
    assert missing == []


def _axe_rules(axe_js: Path, tmp_path: Path) -> dict[str, list[str]]:
    """axe.getRules() of that axe.min.js: in Node when it is installed, else in headless
    Chromium (axe-core needs no page for its rule metadata)."""
    script = "JSON.stringify(axe.getRules().map(r => [r.ruleId, r.tags]))"
    node = shutil.which("node")
    if node is not None:
        proc = subprocess.run([node, "-e", f"const axe = require({json.dumps(str(axe_js))});"
                               f"process.stdout.write({script});"],
                              capture_output=True, text=True, timeout=120, check=True)
        return dict(json.loads(proc.stdout))
    from cdp import Browser

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "neither node nor chromium is installed"
    with Browser(chromium, tmp_path / "profile") as browser:
        browser.call("Runtime.evaluate", expression=axe_js.read_text(encoding="utf-8"))
        found = browser.call("Runtime.evaluate", expression=script, returnByValue=True)
    return dict(json.loads(found["result"]["value"]))


@pytest.mark.skipif(not os.environ.get("GOVLINT_AXE_JS"), reason="GOVLINT_AXE_JS names no axe.min.js")
def test_the_table_is_axe_cores_mapping_for_the_rules_axe_has(tmp_path: Path) -> None:
    axe = _axe_rules(Path(os.environ["GOVLINT_AXE_JS"]), tmp_path)
    assert len(axe) > 90  # the whole rule list came back
    shared = sorted(set(axe) & set(EXPECTED))
    assert len(shared) > 80
    rules = _rules()
    table_wrong, tags_wrong = {}, {}
    for rule_id in shared:
        act, added = ACT_ADDED.get(rule_id, ("", frozenset()))
        assert not act or act in rules[rule_id].tags  # the ACT rule that adds a criterion is named
        axe_wcag = {t for t in axe[rule_id] if t.startswith("wcag")} | added
        if EXPECTED[rule_id] != _criteria(tuple(axe_wcag)):
            table_wrong[rule_id] = sorted(_criteria(tuple(axe_wcag)))
        ours = {t for t in rules[rule_id].tags if t.startswith("wcag")}
        if ours != axe_wcag:
            tags_wrong[rule_id] = (sorted(ours), sorted(axe_wcag))
    assert table_wrong == {}
    assert tags_wrong == {}  # level tags too: wcag2a, wcag21aa, wcag2a-obsolete
