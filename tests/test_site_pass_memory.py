"""The link site pass holds no page's links longer than it needs them: links between a crawl's
own pages are answered as each page is checked, and a page whose links wait for the network
keeps its findings so far (and its cap) when the network's are added."""

from __future__ import annotations

import weakref
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from link_server import serve

from govlint import ruleset
from govlint.links.external_types import UrlResult
from govlint.links.extract import LinkRef
from govlint.links.resolve import PagePlace
from govlint.links.settings import LinkSettings
from govlint.links.site import PageLinks, SitePass
from govlint.model import Severity

ORIGIN = "https://www.agency.gov"
PAGES, LINKS = 40, 25


class _OnDisk(Sequence[tuple[LinkRef, frozenset[str]]]):
    """A page's links as a cached page holds them: made anew on each read, each made one
    watched, so the test sees how many are alive at once."""

    def __init__(self, urls: list[str], alive: weakref.WeakSet[LinkRef]) -> None:
        self.urls = urls
        self.alive = alive

    def __len__(self) -> int:
        return len(self.urls)

    def __getitem__(self, index):  # type: ignore[no-untyped-def, override]
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        ref = LinkRef(self.urls[index], "href", "a", index + 1, 5, 0, f"a:nth-of-type({index + 1})",
                      f'<a href="{self.urls[index]}">')
        self.alive.add(ref)
        return ref, frozenset()

    def __iter__(self) -> Iterator[tuple[LinkRef, frozenset[str]]]:
        return (self[i] for i in range(len(self)))


def _page(n: int, urls: list[str], alive: weakref.WeakSet[LinkRef]) -> PageLinks:
    url = f"{ORIGIN}/p{n}.html"
    return PageLinks(file=url, root=None, real_path=None, place=PagePlace((), page_url=url, origin=None),
                     refs=_OnDisk(urls, alive), anchors=frozenset(), archived=False,
                     levels={"dead-link": None, "missing-anchor": None})


def test_links_between_crawled_pages_are_never_all_held() -> None:
    alive: weakref.WeakSet[LinkRef] = weakref.WeakSet()
    peak = 0

    def crawled(url: str) -> UrlResult | None:
        nonlocal peak
        peak = max(peak, len(alive))
        number = int(url.rsplit("/p", 1)[1].split(".")[0])
        return UrlResult(url, "dead" if number % 10 == 3 else "ok", 404 if number % 10 == 3 else 200,
                         reason="HTTP 404")

    pages = [_page(n, [f"{ORIGIN}/p{(n + k) % PAGES}.html" for k in range(LINKS)], alive)
             for n in range(PAGES)]
    rules = ruleset.load().rules
    outcome = SitePass(rules, LinkSettings(cache_dir=None), offline=True, headers={},
                       known_url=crawled).run(pages)
    # Every page's links to p3, p13, p23, p33 are dead, at the line of the link.
    for n, page in enumerate(pages):
        found = {(v.rule, v.line) for v in outcome.violations(page.file)}
        assert found == {("dead-link", k + 1) for k in range(LINKS) if (n + k) % PAGES % 10 == 3}
    assert len(outcome.found) == 0  # every page finished
    # One page's links at most (and the last one of the page before, which a loop variable
    # still holds), where deferring them all held 40 pages' (1,000).
    assert 0 < peak <= LINKS + 1


@pytest.mark.network
def test_a_page_waiting_for_the_network_keeps_its_findings_and_its_cap(tmp_path: Path) -> None:
    (tmp_path / "here.html").write_text("<p>here</p>")
    page = f"{ORIGIN}/p0.html"
    with serve() as (base, _log):
        alive: weakref.WeakSet[LinkRef] = weakref.WeakSet()
        links = [f"{ORIGIN}/gone-{i}.html" for i in range(3)] + [f"{base}/missing", f"{base}/ok"]
        pages = [_page(0, links, alive)]

        def crawled(url: str) -> UrlResult | None:
            return UrlResult(url, "dead", 404, reason="HTTP 404") if url.startswith(ORIGIN) else None

        rules = ruleset.load().rules
        settings = LinkSettings(cache_dir=None, host_interval=0.0, retries=0)
        uncapped = SitePass(rules, settings, offline=False, headers={}, known_url=crawled).run(pages)
        capped = SitePass(rules, settings, offline=False, headers={}, known_url=crawled,
                          max_findings=2).run(pages)
    assert [(v.line, v.severity) for v in sorted(uncapped.violations(page), key=lambda v: v.line)] == [
        (1, Severity.ERROR), (2, Severity.ERROR), (3, Severity.ERROR), (4, Severity.ERROR)]
    # Two kept of the four, the first found (the crawled pages' links), and the rest counted.
    assert [v.line for v in capped.violations(page)] == [1, 2]
    assert capped.left_out(page) == {"dead-link": 2}
