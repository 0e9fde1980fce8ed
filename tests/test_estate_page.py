"""The estate page in headless Chromium: its table sorts and filters, its chart shows the
sites with the most problems (Debian's chromium, over the DevTools pipe)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest
from cdp import Browser
from test_estate_merge import _estate

from govlint.estate import merge
from govlint.runner import Linter

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def page(tmp_path: Path) -> Any:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run installs it")
        pytest.skip("chromium is not installed")
    linter = Linter.default()
    folder, _ = _estate(tmp_path, linter)
    merged = merge.merge(folder, linter.ruleset.rules)
    with Browser(CHROMIUM, tmp_path / "profile") as browser:
        browser.call("Page.enable")
        browser.call("Page.navigate", url=merged.html_path.as_uri())
        browser.wait_for("Page.loadEventFired")

        def run(expression: str) -> Any:
            reply = browser.call("Runtime.evaluate", expression=expression, returnByValue=True)
            assert "exceptionDetails" not in reply, reply
            return reply["result"].get("value")
        yield run


# Set a control as a person would, and tell the page (an input event).
SET = "{ const c = document.getElementById('%s'); c.%s = %s; c.dispatchEvent(new Event('input')); }"
URLS = "[...document.querySelectorAll('#rows tr')].map(tr => tr.children[2].textContent)"


def test_the_sites_are_ranked_by_problems_and_sort_by_any_column(page: Any) -> None:
    assert page("document.getElementById('total-count').textContent") == "3"
    # Most problems first: the DoD site (three pages with findings and an unreadable page).
    assert page(URLS) == ["https://www.defense.gov/", "http://www.ed.gov/", "https://www.gsa.gov/"]
    page("[...document.querySelectorAll('#head button')].find(b => b.textContent === 'url').click()")
    assert page(URLS) == ["http://www.ed.gov/", "https://www.defense.gov/", "https://www.gsa.gov/"]
    assert page("document.querySelector('th[aria-sort]').textContent") == "url"
    page("[...document.querySelectorAll('#head button')].find(b => b.textContent === 'url').click()")
    assert page(URLS) == ["https://www.gsa.gov/", "https://www.defense.gov/", "http://www.ed.gov/"]


def test_the_table_filters_by_text_status_and_errors(page: Any) -> None:
    page(SET % ("f-text", "value", "'press'"))
    assert page(URLS) == ["http://www.ed.gov/"]  # the office column holds "Press"
    assert page("document.getElementById('shown-count').textContent") == "1"
    page(SET % ("f-text", "value", "''"))
    page(SET % ("f-status", "value", "'not scanned'"))
    assert page(URLS) == ["https://www.gsa.gov/"]
    page(SET % ("f-status", "value", "''"))
    page(SET % ("f-problems", "checked", "true"))
    assert page(URLS) == ["https://www.defense.gov/", "http://www.ed.gov/"]


def test_the_chart_shows_the_sites_with_problems_most_first(page: Any) -> None:
    labels = page("[...document.querySelectorAll('#chart .label')].map(e => e.textContent)")
    assert labels == ["DoD / News: https://www.defense.gov/", "Ed / Press: http://www.ed.gov/"]
    counts = page("[...document.querySelectorAll('#chart .count')].map(e => parseInt(e.textContent))")
    assert counts[0] > counts[1] > 0
