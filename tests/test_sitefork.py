"""The link site pass's local checks shared with forked processes (links/sitefork.py) give
what the run alone gives: the same findings, counts, cache entries and reuse, and a share
whose process is lost is checked by the run itself."""

from __future__ import annotations

import functools
import os
from collections.abc import Collection, Iterator, Sequence
from pathlib import Path

from report_site import make_site

from govlint import inputs, ruleset
from govlint.config import CliOverrides, RawConfig
from govlint.links.extract import LinkRef
from govlint.links.resolve import PagePlace
from govlint.links.settings import LinkSettings
from govlint.links.site import PageLinks, SiteOutcome, SitePass
from govlint.links.sitefork import MIN_PAGES, check_elsewhere
from govlint.model import Report, Violation
from govlint.pagecache import PageCache
from govlint.runner import Linter

ORIGIN = "https://www.agency.gov"
PAGES = MIN_PAGES + 36
# Links decided without the network or other pages: a bad mailto, a missing anchor on the page
# itself, an address no browser could follow, one that is fine, and one to another page.
HREFS = ("mailto:", "#nowhere", "#here", "http://[oops/", "/p1.html")


class _Refs(Sequence[tuple[LinkRef, frozenset[str]]]):
    """A page's links; ``only_in`` set, reading them in any other process ends that process
    (as a crash in it would)."""

    def __init__(self, n: int, only_in: int | None = None) -> None:
        self.n, self.only_in = n, only_in

    def _all(self) -> list[tuple[LinkRef, frozenset[str]]]:
        if self.only_in is not None and os.getpid() != self.only_in:
            os._exit(3)
        return [(LinkRef(href, "href", "a", line, 4, 0, f"a:nth-of-type({line})", f'<a href="{href}">'),
                 frozenset({"dead-link"}) if self.n % 7 == 0 and href == "mailto:" else frozenset())
                for line, href in enumerate(HREFS, start=2)]

    def __len__(self) -> int:
        return len(HREFS)

    def __getitem__(self, index):  # type: ignore[no-untyped-def, override]
        return self._all()[index]

    def __iter__(self) -> Iterator[tuple[LinkRef, frozenset[str]]]:
        return iter(self._all())


def _pages(lost: Collection[int] = ()) -> list[PageLinks]:
    return [PageLinks(file=f"{ORIGIN}/p{n}.html", root=None, real_path=None,
                      place=PagePlace((), page_url=f"{ORIGIN}/p{n}.html"),
                      refs=_Refs(n, os.getpid() if n in lost else None), anchors=frozenset({"here"}),
                      archived=False, levels={"dead-link": None, "missing-anchor": None})
            for n in range(PAGES)]


def _run(pages: list[PageLinks], jobs: int) -> SiteOutcome:
    return SitePass(ruleset.load().rules, LinkSettings(cache_dir=None), offline=True, headers={}).run(
        pages, elsewhere=functools.partial(check_elsewhere, jobs=jobs))


def _found(outcome: SiteOutcome) -> dict[str, tuple[list[Violation], dict[str, int], int]]:
    return {f"{ORIGIN}/p{n}.html": (list(outcome.violations(f"{ORIGIN}/p{n}.html")),
                                    outcome.left_out(f"{ORIGIN}/p{n}.html"),
                                    outcome.suppressed.get(f"{ORIGIN}/p{n}.html", 0))
            for n in range(PAGES)}


def test_pages_checked_in_forked_processes_are_those_the_run_checks() -> None:
    alone, shared = _run(_pages(), jobs=1), _run(_pages(), jobs=2)
    assert _found(shared) == _found(alone)
    assert shared.checked == alone.checked == PAGES
    found = _found(alone).values()
    assert {v.rule for violations, _, _ in found for v in violations} == {"dead-link", "missing-anchor"}
    assert sum(suppressed for _, _, suppressed in found) > 0


def test_a_share_whose_process_is_lost_is_checked_by_the_run() -> None:
    pages = _pages(lost={3, 40})
    site = SitePass(ruleset.load().rules, LinkSettings(cache_dir=None), offline=True, headers={})
    checked = check_elsewhere(site, pages, jobs=2)
    assert checked is not None
    taken = {page.file: checked.take(page.file) for page in pages}
    checked.close()
    lost = {file for file, local in taken.items() if local is None}
    assert f"{ORIGIN}/p3.html" in lost and f"{ORIGIN}/p40.html" in lost
    assert len(lost) < PAGES  # the other shares came back
    assert _found(_run(_pages(lost={3, 40}), jobs=2)) == _found(_run(_pages(), jobs=1))


def test_too_few_pages_are_not_worth_a_fork() -> None:
    site = SitePass(ruleset.load().rules, LinkSettings(cache_dir=None), offline=True, headers={})
    assert check_elsewhere(site, _pages()[:MIN_PAGES - 1], jobs=2) is None
    assert check_elsewhere(site, _pages(), jobs=1) is None


def _lint(root: Path, folder: Path, jobs: int) -> Report:
    linter = Linter.build(RawConfig(), CliOverrides(root=str(root)))
    sources, _ = inputs.expand([str(root)], linter.config.exclude, linter.config.base_dir)
    cache = PageCache(folder)
    try:
        return linter.lint_sources(sources, offline=True, read_stdin=lambda _: b"", jobs=jobs, cache=cache)
    finally:
        cache.close()


def test_a_site_linted_with_jobs_gives_the_same_report_and_cache(tmp_path: Path) -> None:
    root = make_site(tmp_path / "site", MIN_PAGES + 6)
    alone = _lint(root, tmp_path / "c1", jobs=1)
    shared = _lint(root, tmp_path / "c2", jobs=2)
    assert list(shared.violations) == list(alone.violations)
    assert sum(1 for v in alone.violations if v.rule == "dead-link") >= 2 * (MIN_PAGES + 6)
    # The cache entries the forked processes made serve a warm run as the run's own do.
    warm_alone, warm_shared = _lint(root, tmp_path / "c1", jobs=2), _lint(root, tmp_path / "c2", jobs=2)
    assert warm_shared.links_reused == warm_alone.links_reused == (MIN_PAGES + 6, 0)
    assert list(warm_shared.violations) == list(alone.violations)
    assert list(warm_alone.violations) == list(alone.violations)
