"""govlint crawl through its API, against a site on 127.0.0.1 reached under real-looking names
with --resolve; nothing may connect anywhere else."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from crawl_support import Reply, Request, Site, only_loopback, page, serve

from govlint.config import CliOverrides, RawConfig
from govlint.crawl import CrawlOptions, CrawlResult, Resolve, crawl_site
from govlint.pagecache import PageCache
from govlint.runner import Linter

HOST = "www.agency.gov"


class FakeClock:
    """The politeness clock: a wait moves it on at once, so intervals are counted, not timed."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.lock = threading.Lock()
        self.waits: list[float] = []

    def __call__(self) -> float:
        with self.lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self.lock:
            self.waits.append(seconds)
            self.now += max(0.0, seconds)


@pytest.fixture
def site() -> Iterator[Site]:
    with serve(Site()) as served:
        yield served


@pytest.fixture(scope="module")
def linter() -> Linter:
    return Linter.build(RawConfig(), CliOverrides(no_cache=True))


def url(site: Site, path: str = "/", host: str = HOST) -> str:
    return f"http://{host}:{site.port}{path}"


def crawl(site: Site, linter: Linter, *starts: str, hosts: tuple[str, ...] = (HOST,),
          clock: FakeClock | None = None, cache: PageCache | None = None, **options: object) -> CrawlResult:
    resolve = tuple(Resolve(h, site.port, "127.0.0.1") for h in hosts)
    settings = CrawlOptions(resolve=resolve, **{"check_external": False, **options})  # type: ignore[arg-type]
    timing = {"clock": clock, "sleep": clock.sleep} if clock is not None else {}
    with only_loopback() as elsewhere:
        result = crawl_site(starts or (url(site),), settings, linter, cache=cache, **timing)  # type: ignore[arg-type]
    assert elsewhere == []
    return result


def pages_of(result: CrawlResult) -> list[str]:
    return sorted(f.file for f in result.report.files)


def test_robots_wildcards_dollar_and_own_group(site: Site, linter: Linter) -> None:
    site.routes["/robots.txt"] = Reply(200, (
        b"User-agent: *\nDisallow: /\n\n"
        b"User-agent: govlint\nDisallow: /*.pdf$\nDisallow: /private/\nAllow: /private/ok.html\n"),
        (("Content-Type", "text/plain"),))
    site.page("/", page("Home page of the agency", "/doc.pdf", "/doc.pdf?download=1", "/private/a.html",
                        "/private/ok.html"))
    site.routes["/doc.pdf?download=1"] = Reply(200, b"%PDF-1.4", (("Content-Type", "application/pdf"),))
    site.page("/private/ok.html", page("Allowed private page here"))
    result = crawl(site, linter)
    seen = site.paths()
    assert "/doc.pdf" not in seen and "/private/a.html" not in seen
    assert "/doc.pdf?download=1" in seen and "/private/ok.html" in seen
    assert result.stats.disallowed == 2
    assert "2 links were not followed: robots.txt disallows them" in result.report.notes
    assert pages_of(result) == [url(site), url(site, "/private/ok.html")]
    # A link to a disallowed page is left alone, not reported dead.
    assert not [v for v in result.report.violations if v.rule == "dead-link"]


def test_crawl_delay_spaces_requests_on_the_injected_clock(site: Site, linter: Linter) -> None:
    clock = FakeClock()
    site.routes["/robots.txt"] = Reply(200, b"User-agent: govlint\nCrawl-delay: 7\n",
                                       (("Content-Type", "text/plain"),))
    site.page("/", page("Home page of the agency", "/a.html", "/b.html", "/c.html"))
    for name in "abc":
        site.page(f"/{name}.html", page(f"Page {name} of the agency site"))
    result = crawl(site, linter, clock=clock, use_sitemaps=False)
    assert sorted(site.paths()) == ["/", "/a.html", "/b.html", "/c.html", "/robots.txt"]
    assert result.stats.min_interval is not None and result.stats.min_interval >= 7
    assert sum(clock.waits) >= 3 * 7  # three waits of a Crawl-delay at least, never a real sleep


def test_sitemap_index_and_gzipped_sitemap_seed_the_crawl(site: Site, linter: Linter) -> None:
    site.routes["/robots.txt"] = Reply(200, f"Sitemap: {url(site, '/maps/index.xml')}\n".encode(),
                                       (("Content-Type", "text/plain"),))
    ns = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
    site.routes["/maps/index.xml"] = Reply(200, (
        f'<?xml version="1.0"?><sitemapindex {ns}><sitemap><loc>{url(site, "/maps/a.xml.gz")}</loc></sitemap>'
        f'<sitemap><loc>{url(site, "/maps/bomb.xml.gz")}</loc></sitemap></sitemapindex>').encode(),
        (("Content-Type", "application/xml"),))
    site.routes["/maps/a.xml.gz"] = Reply(200, gzip.compress(
        f'<urlset {ns}><url><loc>{url(site, "/only-in-sitemap.html")}</loc></url></urlset>'.encode()),
        (("Content-Type", "application/gzip"),))
    # 60 MB of zeros once decompressed: past the protocol's 50 MB, so that file's error only.
    site.routes["/maps/bomb.xml.gz"] = Reply(200, gzip.compress(b"\0" * (60 * 1024 * 1024)),
                                             (("Content-Type", "application/gzip"),))
    site.page("/", page("Home page of the agency"))
    site.page("/only-in-sitemap.html", page("A page only the sitemap lists"))
    result = crawl(site, linter)
    assert url(site, "/only-in-sitemap.html") in pages_of(result)
    assert result.stats.sitemap_urls == 1
    assert any("bomb.xml.gz" in note and "50 MB" in note for note in result.report.notes)


def test_redirects_in_scope_followed_out_of_scope_not(site: Site, linter: Linter) -> None:
    site.page("/", page("Home page of the agency", "/old.html", "/leave.html"))
    site.routes["/old.html"] = Reply(301, b"", (("Location", "/new.html"),))
    site.routes["/leave.html"] = Reply(302, b"", (("Location", url(site, "/x.html", "other.example.com")),))
    site.page("/new.html", page("The page that moved here"))
    site.page("/x.html", page("Another site's page"))
    result = crawl(site, linter, hosts=(HOST, "other.example.com"))
    assert pages_of(result) == [url(site), url(site, "/new.html")]
    assert (url(site, "/old.html"), url(site, "/new.html")) in result.stats.redirects
    assert result.stats.left_scope == ((url(site, "/leave.html"), url(site, "/x.html", "other.example.com")),)
    assert site.paths("other.example.com") == []
    assert site.paths().count("/new.html") == 1


def test_a_calendar_trap_is_capped_and_named(site: Site, linter: Linter) -> None:
    def month(request: Request) -> Reply:
        n = int(request.path.split("=")[1])
        return Reply(200, page(f"Events in month number {n}", f"/events?month={n + 1}").encode())
    site.routes["/events"] = month
    site.page("/", page("Home page of the agency", "/events?month=1"))
    result = crawl(site, linter, max_per_shape=5)
    assert len([p for p in site.paths() if p.startswith("/events")]) == 5
    assert result.stats.capped == ((url(site, "/events?month="), 1),)
    assert any("/events?month=" in note and "--max-per-shape" in note for note in result.report.notes)


def test_non_html_is_fetched_once_counted_for_links_and_not_linted(site: Site, linter: Linter) -> None:
    site.page("/", page("Home page of the agency", "/notes.txt", "/gone.pdf", "/data.json", "/big.pdf"))
    site.routes["/notes.txt"] = Reply(200, b"plain text", (("Content-Type", "text/plain"),))
    # Larger than a page may be, but not a page: it is not read, so it is no error.
    site.routes["/big.pdf"] = Reply(200, b"%PDF" + b"\0" * (9 * 1024 * 1024),
                                    (("Content-Type", "application/pdf"),))
    site.routes["/data.json"] = Reply(200, b"{}", (("Content-Type", "application/json"),))
    result = crawl(site, linter)
    assert pages_of(result) == [url(site)]
    assert sorted(p for p in site.paths() if p not in ("/robots.txt", "/sitemap.xml")) == [
        "/", "/big.pdf", "/data.json", "/gone.pdf", "/notes.txt"]
    dead = [v for v in result.report.violations if v.rule == "dead-link"]
    assert len(dead) == 1 and "/gone.pdf" in dead[0].message and "404" in dead[0].message


def test_duplicate_urls_are_fetched_once(site: Site, linter: Linter) -> None:
    site.page("/", page("Home page of the agency", "/a-b.html", "/a%2db.html#top", "./a-b.html?utm_source=x",
                        f"http://{HOST.upper()}:{site.port}/a-b.html?fbclid=1", "/q.html?b=1&utm_medium=e",
                        "/q.html?b=1#x"))
    site.page("/a-b.html", page("The a-b page of this site"))
    site.page("/q.html", page("The q page of this site"))
    crawl(site, linter)
    seen = [p for p in site.paths() if p not in ("/robots.txt", "/sitemap.xml")]
    assert sorted(seen) == ["/", "/a-b.html", "/q.html?b=1"]


def test_max_pages_bounds_the_urls_fetched(site: Site, linter: Linter) -> None:
    site.page("/", page("Home page of the agency", *(f"/p{i}.html" for i in range(30))))
    for i in range(30):
        site.page(f"/p{i}.html", page(f"Page number {i} of the agency"))
    result = crawl(site, linter, max_pages=10)
    assert len([p for p in site.paths() if p.endswith(".html") or p == "/"]) == 10
    assert result.stats.max_pages_reached and result.stats.fetched == 10
    assert any("--max-pages (10)" in note for note in result.report.notes)
    assert not [v for v in result.report.violations if v.rule == "dead-link"]


def test_max_depth(site: Site, linter: Linter) -> None:
    site.page("/", page("Home page of the agency", "/1.html"))
    site.page("/1.html", page("Depth one page of the site", "/2.html"))
    site.page("/2.html", page("Depth two page of the site"))
    result = crawl(site, linter, max_depth=1)
    assert "/2.html" not in site.paths() and result.stats.too_deep == 1


def test_requests_in_flight_per_host_never_pass_the_limit(site: Site, linter: Linter) -> None:
    site.hold = 0.05
    site.page("/", page("Home page of the agency", *(f"/p{i}.html" for i in range(24))))
    for i in range(24):
        site.page(f"/p{i}.html", page(f"Page number {i} of the agency"))
    result = crawl(site, linter, threads=8)
    assert len(result.report.files) == 25
    assert site.peak[HOST] <= 2
    assert result.stats.peak_per_host <= 2


def test_429_with_retry_after_backs_off_then_succeeds(site: Site, linter: Linter) -> None:
    clock = FakeClock()
    answers = iter([Reply(429, b"", (("Retry-After", "20"),))])

    def busy(request: Request) -> Reply:
        return next(answers, Reply(200, page("Busy page, answered at last").encode()))
    site.routes["/busy.html"] = busy
    site.page("/", page("Home page of the agency", "/busy.html"))
    result = crawl(site, linter, clock=clock)
    assert site.paths().count("/busy.html") == 2
    assert url(site, "/busy.html") in pages_of(result)
    assert any(w >= 19.9 for w in clock.waits)  # the second request waited for Retry-After


def test_network_guard_refuses_names_and_redirects_to_loopback_without_resolve(site: Site,
                                                                                 linter: Linter) -> None:
    # localhost resolves to loopback; only an explicit --resolve lets the crawl go there.
    result = crawl(site, linter, f"http://localhost:{site.port}/", hosts=())
    assert site.paths() == []
    assert any("loopback" in e.message for e in result.report.errors)
    # A page in scope (--include) that redirects to a private address: refused, no connection.
    site.page("/", page("Home page of the agency", "/inside.html"))
    site.routes["/inside.html"] = Reply(302, b"", (("Location", "http://10.1.2.3/admin"),
                                                   ("Content-Type", "text/html")))
    site.page("/link.html", page("Link to metadata", "http://169.254.169.254/latest/"))
    result = crawl(site, linter, url(site), url(site, "/link.html"), include=(r"^http://(10|169)\.",))
    assert not [p for p in site.paths() if "admin" in p or "latest" in p]


def test_resolve_to_a_private_address_is_refused(site: Site, linter: Linter) -> None:
    with only_loopback() as elsewhere:
        result = crawl_site([f"http://{HOST}:{site.port}/"],
                            CrawlOptions(resolve=(Resolve(HOST, site.port, "10.0.0.7"),)), linter)
    assert elsewhere == []
    assert any("private" in e.message for e in result.report.errors)


def test_a_gzip_bomb_page_is_that_urls_error(site: Site, linter: Linter) -> None:
    site.page("/", page("Home page of the agency", "/bomb.html", "/fine.html"))
    site.routes["/bomb.html"] = Reply(200, gzip.compress(b" " * (40 * 1024 * 1024)), (
        ("Content-Type", "text/html"), ("Content-Encoding", "gzip")))
    site.page("/fine.html", page("A fine page of this site"))
    result = crawl(site, linter)
    assert url(site, "/fine.html") in pages_of(result)
    assert url(site, "/bomb.html") not in pages_of(result)
    dead = [v for v in result.report.violations if v.rule == "dead-link"]
    assert any("larger than" in v.message for v in dead)


def test_dead_and_anchor_links_between_pages_come_from_the_crawl(site: Site, linter: Linter) -> None:
    site.page("/", page("Home page of the agency", "/a.html#here", "/a.html#nowhere", "/missing.html"))
    site.page("/a.html", page("Page a of the agency site", body='<h2 id="here">Here</h2>'))
    result = crawl(site, linter)
    found = sorted((v.rule, v.message) for v in result.report.violations
                   if v.rule in ("dead-link", "missing-anchor"))
    assert [rule for rule, _ in found] == ["dead-link", "missing-anchor"]
    assert "#nowhere" in found[1][1]
    assert site.paths().count("/a.html") == 1 and site.paths().count("/missing.html") == 1


def test_duplicate_titles_across_crawled_pages(site: Site, linter: Linter) -> None:
    site.page("/", page("Home page of the agency", "/a.html", "/b.html"))
    site.page("/a.html", page("The same title on two pages"))
    site.page("/b.html", page("The same title on two pages"))
    result = crawl(site, linter)
    assert {v.file for v in result.report.violations if v.rule == "duplicate-title"} == {
        url(site, "/a.html"), url(site, "/b.html")}


def test_page_cache_relints_only_changed_pages(site: Site, tmp_path: Path) -> None:
    linter = Linter.build(RawConfig(), CliOverrides())
    site.page("/", page("Home page of the agency", "/a.html", "/b.html"))
    site.page("/a.html", page("Page a of the agency site"))
    site.page("/b.html", page("Page b of the agency site"))
    runs = []
    for change in (False, False, True):
        if change:
            site.page("/b.html", page("Page b of the agency site, changed"))
        cache = PageCache(tmp_path / "cache")
        try:
            runs.append(crawl(site, linter, state_dir=tmp_path / "state", cache=cache))
        finally:
            cache.close()
    assert [r.stats.linted_now for r in runs] == [3, 0, 1]
    assert [len(r.report.files) for r in runs] == [3, 3, 3]


def test_one_deadline_for_a_whole_response_even_a_dripping_one(site: Site) -> None:
    # Loopback answers in far less than 3 s, even on a busy machine; the drip never ends.
    linter = Linter.build(RawConfig({"links": {"timeout": 3}}), CliOverrides(no_cache=True))
    site.page("/", page("Home page of the agency", "/drip.html", "/fine.html"))
    site.routes["/drip.html"] = Reply(drip=True)
    site.page("/fine.html", page("A fine page of this site"))
    result = crawl(site, linter, ignore_robots=True, use_sitemaps=False)
    assert url(site, "/fine.html") in pages_of(result)
    dead = [v for v in result.report.violations if v.rule == "dead-link"]
    assert len(dead) == 1 and "timed out after 3 s" in dead[0].message


def test_external_links_checked_through_the_resolve_map_without_crawl_headers(site: Site,
                                                                              linter: Linter) -> None:
    other = "www.elsewhere.gov"
    site.page("/", page("Home page of the agency", f"http://{other}:{site.port}/gone.html",
                        f"http://{other}:{site.port}/here.html", "/logo-missing.png"))
    site.page("/here.html", page("A page on another site"))
    result = crawl(site, linter, hosts=(HOST, other), check_external=True,
                   headers=(("X-Staging-Token", "t0ken"),))
    dead = sorted(v.message for v in result.report.violations if v.rule == "dead-link")
    assert len(dead) == 2 and "gone.html" in dead[1] and "logo-missing.png" in dead[0]
    assert "/gone.html" in site.paths(other) and "/here.html" in site.paths(other)
    with site.lock:
        assert all("x-staging-token" not in r.headers for r in site.requests if r.host.startswith(other))
        assert all(r.headers.get("x-staging-token") == "t0ken" for r in site.requests
                   if r.host.startswith(HOST))


def test_home_page_rules_apply_to_a_start_url_naming_a_page(site: Site, linter: Linter) -> None:
    site.page("/start.html", page("The agency's start page", "/inner.html"))
    site.page("/inner.html", page("An inner page of the agency"))
    result = crawl(site, linter, url(site, "/start.html"))
    homes = {v.file for v in result.report.violations if v.rule == "required-links"}
    assert homes == {url(site, "/start.html")}


def test_a_start_page_whose_path_holds_glob_characters_is_a_home_page_alone(site: Site,
                                                                             linter: Linter) -> None:
    # '*' in the start URL's path is matched as itself, not as a glob covering /start-other.html.
    site.page("/start*.html", page("The agency's start page", "/start-other.html"))
    site.page("/start-other.html", page("An inner page of the agency"))
    result = crawl(site, linter, url(site, "/start*.html"))
    homes = {v.file for v in result.report.violations if v.rule == "required-links"}
    assert homes == {url(site, "/start*.html")}


def test_a_host_that_always_says_later_spends_its_retry_budget_only(site: Site, linter: Linter) -> None:
    clock = FakeClock()
    site.page("/", page("Home page of the agency", *(f"/busy{i}.html" for i in range(10))))
    for i in range(10):
        site.routes[f"/busy{i}.html"] = Reply(429, b"", (("Retry-After", "25"),))
    result = crawl(site, linter, clock=clock)
    # [links] max_host_retry_wait (60 s) buys two waits of 25 s, then no more retries.
    assert len([p for p in site.paths() if p.startswith("/busy")]) == 10 + 2
    assert len([v for v in result.report.violations if v.rule == "dead-link"]) == 10


def test_in_scope_resources_are_checked_without_external_links(site: Site, linter: Linter) -> None:
    site.page("/", page("Home page of the agency", f"http://www.elsewhere.gov:{site.port}/x.html",
                        body='<img src="/logo-missing.png" alt="Logo"><img src="/logo.png" alt="Logo">'))
    site.routes["/logo.png"] = Reply(200, b"\x89PNG", (("Content-Type", "image/png"),))
    result = crawl(site, linter)  # check_external=False: the other site is left alone
    dead = [v.message for v in result.report.violations if v.rule == "dead-link"]
    assert len(dead) == 1 and "/logo-missing.png" in dead[0]
    assert "/logo.png" in site.paths() and site.paths("www.elsewhere.gov") == []
    # Checked by the crawl itself (HEAD), under its politeness, not after it.
    assert result.stats.fetched == 3 and result.stats.html == 1
