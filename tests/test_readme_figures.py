"""The counts README.md and docs/ state are the ones measured now (tools/readme_figures.py)."""

from __future__ import annotations

import importlib.util
import sys

import pytest
from conftest import REPO

_spec = importlib.util.spec_from_file_location("readme_figures", REPO / "tools" / "readme_figures.py")
assert _spec and _spec.loader
figures = importlib.util.module_from_spec(_spec)
sys.modules["readme_figures"] = figures
_spec.loader.exec_module(figures)

README = figures.documents_text()  # README.md and docs/*.md


def test_marks_are_found_checked_and_rewritten() -> None:
    text = ("On the <!-- fig:corpus-pages -->140<!-- /fig -->-page corpus, "
            "<!-- fig:corpus-lines -->9<!-- /fig --> lines; <!-- fig:corpus-pages -->146<!-- /fig --> "
            "pages; <!-- fig:site-findings -->1<!-- /fig --> findings")
    measured = {"corpus-pages": "146", "corpus-lines": "11,694"}
    assert figures.marked(text) == {"corpus-pages": ["140", "146"], "corpus-lines": ["9"],
                                    "site-findings": ["1"]}
    assert figures.stale(text, measured) == [("corpus-pages", "140", "146"), ("corpus-lines", "9", "11,694")]
    fixed = figures.rewrite(text, measured)
    assert figures.stale(fixed, measured) == []
    assert "<!-- fig:corpus-lines -->11,694<!-- /fig --> lines" in fixed
    assert "<!-- fig:site-findings -->1<!-- /fig -->" in fixed  # not measured: left as written


def test_readme_marks_only_known_figures_and_every_corpus_figure() -> None:
    marks = figures.marked(README)
    assert set(marks) <= {*figures.CORPUS_FIGURES, *figures.SITE_FIGURES}
    assert set(figures.CORPUS_FIGURES) <= set(marks)


@pytest.mark.skipif(not figures.CORPUS.is_dir(), reason="no ../shared/corpus/real beside the checkout")
def test_readme_corpus_figures_are_current() -> None:
    measured = figures.corpus_figures()
    assert figures.stale(README, measured) == [], "run: python tools/readme_figures.py --write"
