"""axe-core as the oracle: on every fixture page of a rule that axe-core also has (same id),
govlint and axe must flag the same elements.

axe-core (pinned, from the npm registry; .ci/run fetches it and sets GOVLINT_AXE_JS) runs in
Debian's headless Chromium, driven over the DevTools pipe, on pages served from 127.0.0.1. Each
page gets one axe run with the rules of its folder. Elements are compared by their path in the
tree (see axe_oracle.py), so a difference names the very element on both sides.

Deliberate differences are listed here or at the top of a page, each with its reason:
- GOVLINT_ONLY_CODES: findings of a message code that govlint reports under a rule where axe
  reports nothing (axe may report the same problem under another rule);
- INCOMPLETE_DECIDED: rules where govlint decides, from the markup alone, what axe leaves
  "incomplete" (needs review); elements axe marks incomplete are then not compared;
- a page whose first comment reads ``<!-- differs from axe: reason -->``: the page must then
  really differ from axe (so a stale note is caught), and the reason says why.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from axe_oracle import Axe, AxeResult, serve
from cdp import Browser
from fixture_support import FIXTURES, TODAY, linter_for
from lxml import etree

from govlint import document
from govlint.checks import CheckContext
from govlint.checks.catalog import registry

AXE_JS = os.environ.get("GOVLINT_AXE_JS")
pytestmark = [pytest.mark.browser, pytest.mark.skipif(
    not AXE_JS, reason="GOVLINT_AXE_JS is not set: it names axe-core's axe.min.js (.ci/run sets it)")]

GOVLINT_ONLY_CODES: dict[tuple[str, str], str] = {
    **{(rule, "review"): "a 'needs review' warning (a background image, gradient or covering element "
       "makes the colours undecidable), never a failure: axe leaves these incomplete or passes them"
       for rule in ("color-contrast", "color-contrast-enhanced", "link-in-text-block")},
}

INCOMPLETE_DECIDED: dict[str, str] = {
    "video-caption":
        "axe never fails a video (a missing captions track may mean a video without sound), it "
        "asks for review; govlint fails a video that can play sound (not muted without controls) "
        "and has no <track kind=captions>",
    "th-has-data-cells":
        "axe asks for review of a table with a header that heads no data cell; govlint fails it, "
        "since the table model shows that the header describes nothing",
    "duplicate-id-aria":
        "axe reports a duplicate id that a label or ARIA attribute points at for review only; "
        "govlint fails it, since the reference then reaches only the first element",
    "server-side-image-map":
        "axe asks for review of every <img ismap>; govlint fails it, since the server takes only "
        "the coordinates of a mouse click, which a keyboard cannot give",
    "bypass":
        "axe asks for review of a page with no main landmark, heading or link into the page; "
        "govlint fails it, since none of the ways of bypassing blocks that WCAG 2.4.1 lists is there",
    "frame-title-unique":
        "axe asks for review of frames that share a name; govlint warns when their src differs, "
        "since ACT 4b1c6c asks that frames of one name embed the same resource",
}

_DIFFERS = re.compile(r"^\s*(?:<!DOCTYPE[^>]*>\s*)?<!--\s*differs from axe:\s*(.+?)\s*-->", re.I | re.S)


@dataclass(frozen=True)
class Verdict:
    """The elements one tool flags on one page, by tree path, with what it said; ``extra``
    holds govlint's findings under GOVLINT_ONLY_CODES, which agree with axe when axe flags the
    element too and are no difference when it does not."""

    flagged: dict[str, str]
    extra: frozenset[str] = frozenset()


def tree_path(element: etree._Element) -> str:
    """The element's ``:nth-child()`` path from ``html``, as the browser side computes it."""
    steps = []
    node = element
    while node is not None:
        name = etree.QName(node).localname
        parent = node.getparent()
        if parent is None:
            steps.append(name)
            break
        siblings = [child for child in parent if isinstance(child.tag, str)]
        steps.append(f"{name}:nth-child({siblings.index(node) + 1})")
        node = parent
    return " > ".join(reversed(steps))


def govlint_verdict(page: Path, rule_id: str) -> Verdict:
    """What govlint's check for ``rule_id`` flags on ``page`` (elements, not positions, so the
    comparison does not rest on mapping line numbers back to elements)."""
    linter = linter_for(page.parent, [rule_id])
    rule = linter.config.rules[rule_id]
    info = document.PageInfo(path=page.name, site_path=page.name)
    if linter.config.render.enabled:  # rules that read computed styles: the page Chromium built
        from govlint.render.page import Renderer

        with Renderer(linter.config.render, offline=True) as renderer:
            doc = renderer.document(page.read_bytes(), info, page.parent, None, linter.config.parser)
    else:
        doc = document.from_source(page.read_bytes(), info)
    ctx = CheckContext(site=linter.config.site, archive=linter.config.archive, today=TODAY,
                       rule_ids=frozenset(linter.ruleset.rules))
    flagged: dict[str, str] = {}
    extra = set()
    for finding in registry()[rule.check].func(doc, ctx, **rule.options):
        if rule.messages[finding.code].verbose_only:
            continue
        if (rule_id, finding.code) in GOVLINT_ONLY_CODES:
            extra.add(tree_path(finding.element))
            continue
        line, col = doc.linecol(finding.element)
        flagged.setdefault(tree_path(finding.element), f"{line}:{col} {finding.code}")
    return Verdict(flagged, frozenset(extra))


def axe_verdict(result: AxeResult, rule_id: str) -> tuple[Verdict, frozenset[str]]:
    """axe's violations for ``rule_id``, and the paths it left incomplete."""
    flagged = {node.path: f"{node.html} ({node.summary.strip()})"
               for node in result.violations.get(rule_id, ())}
    incomplete = frozenset(node.path for node in result.incomplete.get(rule_id, ()))
    return Verdict(flagged), incomplete


def differences(page: Path, ours: Verdict, theirs: Verdict, incomplete: frozenset[str]) -> list[str]:
    rule_id = page.parent.name
    skip = incomplete if rule_id in INCOMPLETE_DECIDED else frozenset()
    out = []
    for path in sorted(ours.flagged.keys() - theirs.flagged.keys() - skip):
        seen = " (axe: incomplete)" if path in incomplete else ""
        out.append(f"only govlint flags {path} at {ours.flagged[path]}{seen}")
    for path in sorted(theirs.flagged.keys() - ours.flagged.keys() - ours.extra - skip):
        out.append(f"only axe flags {path}: {theirs.flagged[path]}")
    if page.name.startswith("fail-") and not ours.flagged and not ours.extra and not theirs.flagged:
        out.append("a fail page that neither tool flags")
    return out


@dataclass(frozen=True)
class Oracle:
    axe: Axe
    base_url: str
    rule_ids: frozenset[str]


@pytest.fixture(scope="module")
def oracle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Oracle]:
    assert AXE_JS
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    assert chromium, "chromium is not installed: .ci/run installs Debian's chromium"
    source = Path(AXE_JS).read_text(encoding="utf-8")
    with serve(FIXTURES) as base_url, Browser(chromium, tmp_path_factory.mktemp("profile")) as browser:
        axe = Axe(browser, source)
        yield Oracle(axe, base_url, axe.rule_ids())


def compared_pages(rule_ids: frozenset[str]) -> list[Path]:
    return sorted(p for p in FIXTURES.glob("*/*.html") if p.parent.name in rule_ids)


def test_govlint_flags_what_axe_flags_on_every_shared_fixture(oracle: Oracle) -> None:
    problems = []
    for page in compared_pages(oracle.rule_ids):
        rule_id = page.parent.name
        url = f"{oracle.base_url}{rule_id}/{page.name}"
        ours = govlint_verdict(page, rule_id)
        theirs, incomplete = axe_verdict(oracle.axe.run(url, [rule_id]), rule_id)
        found = differences(page, ours, theirs, incomplete)
        note = _DIFFERS.match(page.read_text(encoding="utf-8"))
        name = f"{rule_id}/{page.name}"
        if note and not found:
            problems.append(f"{name}: says it differs from axe ({note.group(1)}), but both agree")
        elif found and not note:
            problems.extend(f"{name}: {line}" for line in found)
    assert not problems, "govlint and axe-core disagree:\n" + "\n".join(problems)


def test_the_oracle_compares_the_shared_rules(oracle: Oracle) -> None:
    compared = {p.parent.name for p in compared_pages(oracle.rule_ids)}
    assert "image-alt" in compared
    assert not {"gov-banner", "image-credit", "pages"} & compared  # govlint's own rules
    for rule_id, code in GOVLINT_ONLY_CODES:
        assert code in registry()[linter_for(FIXTURES, None).config.rules[rule_id].check].codes, (
            f"GOVLINT_ONLY_CODES names {rule_id}/{code}, which no longer exists")


def test_axe_flags_the_elements_it_should(oracle: Oracle) -> None:
    """The machinery itself: axe's nodes come back as the same tree paths govlint computes."""
    page = FIXTURES / "image-alt" / "fail-missing.html"
    result = oracle.axe.run(f"{oracle.base_url}image-alt/{page.name}", ["image-alt"])
    theirs, _ = axe_verdict(result, "image-alt")
    doc = document.from_source(page.read_bytes(), document.PageInfo(path=page.name))
    first_img = next(doc.root.iter("img"))
    assert tree_path(first_img) == "html > body:nth-child(2) > main:nth-child(1) > img:nth-child(2)"
    assert tree_path(first_img) in theirs.flagged
