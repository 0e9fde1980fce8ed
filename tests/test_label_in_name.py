"""The word matching behind label-content-name-mismatch (WCAG 2.5.3, ACT 2ee8b8)."""

from __future__ import annotations

import pytest

from govlint.checks.label_in_name import contains, words


def test_words_fold_case_and_drop_punctuation_symbols_and_icon_glyphs() -> None:
    assert words("Read MORE…") == ["read", "more"]
    assert words("Next page →") == ["next", "page"]
    assert words("\uf099 Follow us") == ["follow", "us"]  # a private-use icon glyph
    assert words("U.S. e-mail") == ["u", "s", "e", "mail"]
    assert words("Café 24/7") == ["café", "24", "7"]
    assert words("✕") == []


@pytest.mark.parametrize(("name", "label", "expected"), [
    ("Read more about grants", "Read more", True),
    ("Search the site", "search", True),
    ("US agencies", "U.S. agencies", True),   # punctuation written on one side only
    ("Sign in to your account", "Sign-in", True),
    ("Email us", "E-mail us", True),
    ("Gone", "Go", False),                    # whole words only
    ("more news, read", "Read more news", False),  # in order
    ("Find", "Search", False),
    ("Apply", "", True),                      # nothing visible: nothing to contain
])
def test_contains_whole_words_in_order(name: str, label: str, expected: bool) -> None:
    assert contains(words(name), words(label)) is expected
