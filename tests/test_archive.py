"""archive-notice details: the date sources, and notes shown only with --verbose."""

from __future__ import annotations

from datetime import date

import pytest

from govlint import config, ruleset
from govlint.checks.archive import published_date
from govlint.document import PageInfo, from_source
from govlint.engine import RunOptions
from govlint.runner import Linter, lint_html

RULES = ruleset.load()


def _linter(verbose: bool) -> Linter:
    raw = config.RawConfig({"archive": {"before": "2021-01-01"}})
    cfg = config.build(raw, RULES, config.CliOverrides(select=["archive-notice"]))
    return Linter(cfg, RULES, RunOptions(verbose=verbose))


@pytest.mark.parametrize(("head", "expected"), [
    ('<meta property="article:published_time" content="2020-03-12T17:21:00-04:00">', date(2020, 3, 12)),
    ('<script type="application/ld+json">[{"@type":"Thing"},{"datePublished":"2019-01-02"}]</script>',
     date(2019, 1, 2)),
    ('<meta name="dcterms.created" content="2017-05-06">', date(2017, 5, 6)),
    ('<meta name="DC.Date" content="2016-07-08">', date(2016, 7, 8)),
    ('<script type="application/ld+json">{not json</script>', None),
    ('<meta property="article:published_time" content="yesterday">', None),
])
def test_publication_date_sources(head: str, expected: date | None) -> None:
    doc = from_source(f"<html><head>{head}</head><body></body></html>", PageInfo("x.html"))
    assert published_date(doc) == expected


def test_time_in_the_article_is_preferred() -> None:
    html = ('<body><aside><time datetime="2024-01-01">x</time></aside>'
            '<article><time datetime="2019-05-05">y</time></article></body>')
    assert published_date(from_source(html, PageInfo("x"))) == date(2019, 5, 5)


def test_undated_page_is_only_mentioned_with_verbose() -> None:
    html = "<body><h1>No date</h1></body>"
    assert lint_html(html, linter=_linter(False)).violations == ()
    notes = lint_html(html, linter=_linter(True)).violations
    assert [(v.rule, v.severity.label) for v in notes] == [("archive-notice", "info")]
    assert "Could not read this page's publication date" in notes[0].message


def test_without_archive_config_the_rule_is_idle() -> None:
    cfg = config.build(config.RawConfig(), RULES, config.CliOverrides(select=["archive-notice"]))
    html = '<head><meta name="DC.date" content="1999-01-01"></head><body><h1>Old</h1></body>'
    assert lint_html(html, linter=Linter(cfg, RULES)).violations == ()
