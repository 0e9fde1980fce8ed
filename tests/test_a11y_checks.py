"""The parsing the accessibility checks rest on, and their behaviour on hostile pages."""

from __future__ import annotations

from importlib import resources

import pytest

from govlint.checks.a11y_lang import is_valid_lang, language_subtags, primary_subtag
from govlint.checks.a11y_markup import autofill_valid, parse_integer
from govlint.checks.a11y_timing import leading_number, refresh_delay, viewport_limit
from govlint.config import CliOverrides, RawConfig
from govlint.runner import Linter, lint_html


def test_language_data_records_its_registry_date_and_holds_the_primary_subtags() -> None:
    text = resources.files("govlint.data").joinpath("language-subtags.txt").read_text("utf-8")
    assert text.startswith("# IANA Language Subtag Registry, File-Date: 2025-08-25\n")
    subtags = language_subtags()
    assert {"en", "es", "zh", "haw", "tlh", "qaa", "qtz", "iw"} <= subtags  # deprecated iw too
    assert not {"english", "us", "i", "x", "zz", "en-us"} & subtags
    assert len(subtags) > 8000


@pytest.mark.parametrize(("value", "valid"), [
    ("en", True), ("EN-us", True), ("zh-Hant-TW", True), (" es ", True), ("en_US", False),
    ("english", False), ("", False), ("   ", False), ("x-klingon", False), ("i-navajo", False),
])
def test_language_tags_are_judged_by_their_primary_subtag(value: str, valid: bool) -> None:
    assert is_valid_lang(value) is valid
    assert primary_subtag("  Fr-CA ") == "fr"


@pytest.mark.parametrize(("content", "delay"), [
    ("5; url=/x", 5), ("  10", 10), ("0", 0), ("30,url=/x", 30), ("3.9; url=/x", 3), (".5", 0),
    ("5abc", None), ("", None), ("soon", None), ("-1", None), ("\t7\nurl=/x", 7),
])
def test_refresh_delay_follows_the_declarative_refresh_steps(content: str, delay: int | None) -> None:
    assert refresh_delay(content) == delay


@pytest.mark.parametrize(("content", "found"), [
    ("width=device-width, initial-scale=1", None),
    ("width=device-width, user-scalable=no", ("user-scalable", "no")),
    ("user-scalable=0.5", ("user-scalable", "0.5")),
    ("user-scalable=yes; maximum-scale=1.5", ("maximum-scale", "1.5")),
    ("maximum-scale=2", None), ("maximum-scale=-3", None), ("maximum-scale=abc", ("maximum-scale", "abc")),
    ("MAXIMUM-SCALE = 1 , width=device-width", ("maximum-scale", "1")),
])
def test_viewport_limits(content: str, found: tuple[str, str] | None) -> None:
    assert viewport_limit(content, minimum_scale=2.0) == found


def test_viewport_large_leaves_the_small_limits_to_meta_viewport() -> None:
    assert viewport_limit("maximum-scale=3", minimum_scale=5.0, skip_below=2.0) == ("maximum-scale", "3")
    assert viewport_limit("maximum-scale=1, user-scalable=no", minimum_scale=5.0, skip_below=2.0) is None
    assert leading_number("2.5x") == 2.5 and leading_number("x") is None


@pytest.mark.parametrize(("value", "valid"), [
    ("email", True), ("EMAIL", True), ("section-a shipping street-address", True),
    ("billing cc-number", True), ("work tel", True), ("mobile tel webauthn", True),
    ("username webauthn", True), ("off", True), ("none", True),
    ("e-mail", False), ("work street-address", False), ("shipping billing postal-code", False),
    ("name given-name", False), ("webauthn", False), ("section- name", False), ("state", False),
    ("pronouns", None),
])
def test_autofill_grammar(value: str, valid: bool | None) -> None:
    assert autofill_valid(value) is valid


@pytest.mark.parametrize(("value", "number"), [
    ("1", 1), (" 3", 3), ("+5", 5), ("-1", -1), ("2abc", 2), ("abc", None), ("", None), (None, None),
])
def test_integers_parse_as_html_does(value: str | None, number: int | None) -> None:
    assert parse_integer(value) == number


def test_deeply_nested_pages_need_no_deep_stack() -> None:
    # The reference parser nests without limit (turbohtml, like Chromium, stops at depth 512).
    depth = 1500  # past Python's default recursion limit of 1000
    page = ('<!DOCTYPE html><html lang="en"><head><title>Deep</title></head><body>'
            + '<div aria-hidden="false" style="color: red">' * depth
            + '<ul><li lang="xx">Deep item</li><p>stray</p></ul><table><tr><th></th></tr></table>'
            + "</div>" * depth + "</body></html>")
    linter = Linter.build(RawConfig({"parser": "html5lib"}), CliOverrides())
    rules = {v.rule for v in lint_html(page, linter=linter).violations}
    assert {"list", "valid-lang", "empty-table-header"} <= rules
