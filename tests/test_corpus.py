"""Real government pages (../shared/corpus/real, beside the checkout): every page lints, and
every reported position points at the start of a tag in that page's source."""

from __future__ import annotations

import pytest
from conftest import REPO

from govlint import config, inputs, ruleset
from govlint.document import from_source
from govlint.engine import lint_document
from govlint.globs import GlobSet
from govlint.runner import Linter

CORPUS = REPO.parent / "shared" / "corpus" / "real"
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(not CORPUS.is_dir(), reason="no ../shared/corpus/real beside the checkout")]


def test_every_real_page_lints_and_positions_point_at_tags() -> None:
    rules = ruleset.load()
    linter = Linter(config.build(config.RawConfig({"archive": {"before": "2021-01-01"}}), rules), rules)
    sources, failures = inputs.expand([str(CORPUS)], GlobSet(), CORPUS)
    assert not failures
    assert len(sources) >= 100
    checked = 0
    for source in sources:
        page = inputs.read(source, offline=True, read_stdin=lambda _size: b"")  # raises on a bad page
        info, rel = linter.page_info(source, None)
        doc = from_source(page.data, info)
        result = lint_document(doc, linter.config, rules.names(), rel)
        lines = doc.source.split("\n")
        for v in result.violations:
            assert lines[v.line - 1][v.column - 1] == "<", (source.display, v)
            checked += 1
    assert checked > 300
