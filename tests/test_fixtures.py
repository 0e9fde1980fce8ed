"""Every rule's pass and fail pages, with the exact expected violations beside them."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixture_support import FIXTURES, format_expected, lint_fixture, marks, read_expected

from govlint.ruleset import load

PAGES = [pytest.param(p, marks=marks(p.parent), id=f"{p.parent.name}/{p.name}")
         for p in sorted(FIXTURES.glob("*/*.html"))]


@pytest.mark.parametrize("page", PAGES)
def test_fixture_page(page: Path) -> None:
    actual = format_expected(lint_fixture(page))
    if page.name.startswith("pass-"):
        assert actual == [], f"{page.name} must pass"
    else:
        expected = read_expected(page)
        if page.parent.name != "pages":
            assert expected, f"{page.name} is a fail page with no .expected beside it"
        assert actual == expected


def test_every_rule_has_pass_and_fail_fixtures() -> None:
    for rule_id in load().rules:
        folder = FIXTURES / rule_id
        assert list(folder.glob("pass-*.html")), f"no pass fixture for {rule_id}"
        assert list(folder.glob("fail-*.html")), f"no fail fixture for {rule_id}"


def test_fail_fixtures_only_name_their_own_rule() -> None:
    for expected in FIXTURES.glob("*/fail-*.expected"):
        rule_id = expected.parent.name
        for line in read_expected(expected.with_suffix(".html")):
            assert line.split()[2] == rule_id, f"{expected}: {line}"


def test_whole_pages_exist() -> None:
    names = {p.stem for p in (FIXTURES / "pages").glob("*.html")}
    assert {"dod-news-article", "uswds-agency-home", "spanish-page", "mil-page",
            "legacy-uswds1"} <= names
