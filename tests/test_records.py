"""Page records: what a --jobs worker sends back, what the page cache and a crawl's state
store and read back, and what happens to stored results that cannot be read."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, Run
from crawl_support import Site, only_loopback, page, serve

from govlint import serialize
from govlint.config import CliOverrides, RawConfig
from govlint.crawl import CrawlOptions, Resolve, crawl_site
from govlint.crawl.state import FILE as STATE_FILE
from govlint.model import InputFailure
from govlint.pagecache import PageCache
from govlint.records import PageRecord
from govlint.runner import FetchedPage, Linter

PAGES = sorted((FIXTURES / "pages").glob("*.html"))
BASE = "https://www.example.gov/"


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter.build(RawConfig(), CliOverrides(no_cache=True))


@pytest.fixture(scope="module")
def records(linter: Linter) -> list[PageRecord]:
    """The sample pages, linted here (one process)."""
    pages = [FetchedPage(BASE + p.name, p.read_bytes()) for p in PAGES]
    out = list(linter.lint_fetched(pages, jobs=1))
    assert all(isinstance(r, PageRecord) for r in out)
    return out  # type: ignore[return-value]


def _plain(record: PageRecord) -> PageRecord:
    """The record with its links decoded (a stored record keeps them as text until read)."""
    if record.links is None:
        return record
    return replace(record, links=replace(record.links, refs=tuple(record.links.refs)))


def test_records_from_worker_processes_are_the_records_linted_here(linter: Linter,
                                                                    records: list[PageRecord]) -> None:
    pages = [FetchedPage(BASE + p.name, p.read_bytes()) for p in PAGES]
    from_workers = list(linter.lint_fetched(pages, jobs=2))
    assert from_workers == records
    # what the pickled values carry besides findings: page facts, template facts, links
    assert all(r.result.facts is not None and r.result.repeated is not None and r.links is not None
               for r in records)
    assert any(r.result.violations for r in records)
    assert not any(r.cached or r.blocked for r in records)


def test_a_record_read_back_from_its_stored_form_is_the_same_record(linter: Linter,
                                                                    records: list[PageRecord]) -> None:
    rules = linter.config.rules
    reads = (("/site/css/gone.css", None), ("/site/css/site.css", "0" * 64))
    for record in records:
        for stored in (replace(record, reads=reads), replace(record, blocked=("https://cdn.example.com/a.js",),
                                                             cached=True)):
            data, refs = serialize.dump_record(stored, rules)
            text = json.dumps(data)
            back = serialize.load_record(json.loads(text), refs, rules)
            assert back.links is not None and isinstance(back.links.refs, serialize.LazyRefs)
            # stored again before anything read its links: the same text
            assert serialize.dump_record(back, rules) == (data, refs)
            assert _plain(back) == stored


def test_the_page_cache_gives_back_what_it_was_given_marked_as_cached(
        linter: Linter, records: list[PageRecord], tmp_path: Path) -> None:
    rules = linter.config.rules
    cache = PageCache(tmp_path)
    for index, record in enumerate(records):
        cache.put_page(f"key{index}", record, rules)
    cache.close()
    cache = PageCache(tmp_path)
    try:
        back = [cache.page(f"key{index}", rules) for index in range(len(records))]
        assert cache.page("no such key", rules) is None
    finally:
        cache.close()
    assert [_plain(b) for b in back if b is not None] == [replace(r, cached=True) for r in records]


@pytest.mark.parametrize("change", [
    {"reads": [["/site/a.css"]]},  # a read without its digest
    {"reads": None},
    {"blocked": [1]},
    {"applied": ["no-such-rule"]},
    {"violations": [["no-such-rule", 2, "m", 1, 1, "", ""]]},
    {"links": {"place": []}},
    {"facts": {"summary": {}}},
])
def test_a_cache_entry_of_another_shape_is_a_miss(linter: Linter, records: list[PageRecord],
                                                  tmp_path: Path, change: dict[str, Any]) -> None:
    rules = linter.config.rules
    cache = PageCache(tmp_path)
    cache.put_page("key", records[0], rules)
    cache.close()
    db = sqlite3.connect(tmp_path / "pages.sqlite3")
    with db:
        (data,) = db.execute("SELECT data FROM records").fetchone()
        db.execute("UPDATE records SET data = ?", (json.dumps({**json.loads(data), **change}),))
    db.close()
    cache = PageCache(tmp_path)
    try:
        assert cache.page("key", rules) is None
    finally:
        cache.close()


def test_a_cache_of_the_format_before_is_ignored_and_its_table_dropped(govlint: Run, tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text('<!doctype html><html lang="en"><title>Home</title><img src="a.png">')
    (tmp_path / "cache").mkdir()
    db = sqlite3.connect(tmp_path / "cache" / "pages.sqlite3")
    with db:  # format 7: links inside each page's JSON, in a table of its own
        db.execute("CREATE TABLE pages (key TEXT PRIMARY KEY, data TEXT NOT NULL)")
        db.execute("""INSERT INTO pages VALUES ('k', '{"file": "site/index.html", "violations": []}')""")
    db.close()
    args = ("--offline", "--no-config", "--verbose", "--select", "image-alt", "--cache-dir", "cache", "site")
    runs = [govlint(*args, cwd=tmp_path) for _ in range(2)]
    assert [r.returncode for r in runs] == [1, 1] and runs[0].stdout == runs[1].stdout
    assert "[image-alt]" in runs[0].stdout
    assert [r.stderr.splitlines()[-1] for r in runs] == [
        "govlint: 1 page linted, 0 from the cache", "govlint: 1 page linted, 1 from the cache"]
    db = sqlite3.connect(tmp_path / "cache" / "pages.sqlite3")
    tables = sorted(name for (name,) in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
    db.close()
    assert tables == ["records", "site"]


@pytest.mark.parametrize("data", [None, [], "text", {}, {"file": "a.html"}, {"error": 1, "file": "a.html"}])
def test_stored_outcomes_of_another_shape_are_unreadable(linter: Linter, data: Any) -> None:
    with pytest.raises(serialize.Unreadable):
        serialize.load_outcome(data, linter.config.rules)


def test_an_input_error_is_stored_and_read_back(linter: Linter) -> None:
    failure = InputFailure("https://www.example.gov/a.html", "not an HTML page")
    rules = linter.config.rules
    stored = json.loads(json.dumps(serialize.dump_outcome(failure, rules)))
    assert serialize.load_outcome(stored, rules) == failure


def _crawl(site: Site, linter: Linter, state: Path, cache: PageCache | None = None) -> Any:
    options = CrawlOptions(resolve=(Resolve("www.agency.gov", site.port, "127.0.0.1"),), check_external=False,
                           state_dir=state)
    with only_loopback() as elsewhere:
        result = crawl_site([f"http://www.agency.gov:{site.port}/"], options, linter, cache=cache)
    assert elsewhere == []
    return result


def _site(site: Site) -> None:
    site.page("/", page("Home page of the agency", "/a.html", "/b.html"))
    site.page("/a.html", page("Same title", "/missing.html"))
    site.page("/b.html", page("Same title"))


def test_a_crawl_from_the_page_cache_reports_what_a_fresh_crawl_does(tmp_path: Path) -> None:
    linter = Linter.build(RawConfig(), CliOverrides())
    with serve(Site()) as site:
        _site(site)
        runs = []
        for _ in range(2):
            cache = PageCache(tmp_path / "cache")
            try:
                runs.append(_crawl(site, linter, tmp_path / "state", cache))
            finally:
                cache.close()
    cold, warm = runs
    assert (cold.report.from_cache, warm.report.from_cache) == (0, 3)
    assert warm.report.violations == cold.report.violations
    assert {v.rule for v in cold.report.violations} >= {"duplicate-title", "dead-link"}


def test_a_page_whose_results_the_crawl_state_cannot_read_back_is_that_pages_error(linter: Linter,
                                                                                   tmp_path: Path) -> None:
    with serve(Site()) as site:
        _site(site)
        first = _crawl(site, linter, tmp_path / "state")
        target = f"http://www.agency.gov:{site.port}/b.html"
        db = sqlite3.connect(tmp_path / "state" / STATE_FILE)
        with db:
            db.execute("UPDATE meta SET value = '0' WHERE key = 'finished'")  # as if it had stopped
            db.execute("UPDATE results SET data = '{\"file\": 1}' WHERE url = ?", (target,))
        db.close()
        again = _crawl(site, linter, tmp_path / "state")
    assert len(first.report.files) == 3 and first.report.errors == ()
    assert sorted(f.file for f in again.report.files) == sorted(f.file for f in first.report.files
                                                                if f.file != target)
    why = "its results in the crawl state could not be read back; crawl again with a new --state folder"
    assert [(e.file, e.message) for e in again.report.errors] == [(target, why)]
