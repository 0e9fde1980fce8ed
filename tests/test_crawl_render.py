"""govlint crawl --render in real headless Chromium, against a site on 127.0.0.1 reached under a
real-looking name with --resolve: links come from the rendered DOM, every request the browser
makes goes through the crawl (address guard, scope, robots.txt, politeness), and nothing
connects anywhere but 127.0.0.1."""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator

import pytest
from crawl_support import Reply, Site, only_loopback, page, serve

from govlint.config import CliOverrides, RawConfig
from govlint.crawl import CrawlOptions, CrawlResult, Resolve, crawl_site
from govlint.crawl.command import expand_header
from govlint.runner import Linter

HOST = "www.agency.gov"
pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")]

# A script adds a link once the page has loaded; the HTML as sent has none.
SCRIPTED_LINK = """<script>
addEventListener("DOMContentLoaded", () => {
  const a = document.createElement("a");
  a.href = "/scripted.html";
  a.textContent = "A page only the script links to";
  document.querySelector("main").append(a);
});
</script>"""


@pytest.fixture
def site() -> Iterator[Site]:
    with serve(Site()) as served:
        yield served


def linter(*rules: str, render: bool = True) -> Linter:
    select = tuple(rules) or None
    return Linter.build(RawConfig(), CliOverrides(no_cache=True, render=render, render_timeout=30,
                                                  select=select))


def url(site: Site, path: str = "/") -> str:
    return f"http://{HOST}:{site.port}{path}"


class FakeClock:
    """The politeness clock: a wait moves it on at once, so intervals are counted, not timed."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.lock = threading.Lock()

    def __call__(self) -> float:
        with self.lock:
            return self.now

    def sleep(self, seconds: float) -> None:
        with self.lock:
            self.now += max(0.0, seconds)


def crawl(site: Site, lint: Linter, hosts: tuple[str, ...] = (HOST,), clock: FakeClock | None = None,
          **options: object) -> CrawlResult:
    settings = CrawlOptions(resolve=tuple(Resolve(h, site.port, "127.0.0.1") for h in hosts),
                            **{"check_external": False, "use_sitemaps": False, **options})  # type: ignore[arg-type]
    timing = {"clock": clock, "sleep": clock.sleep} if clock is not None else {}
    with only_loopback() as elsewhere:
        result = crawl_site([url(site)], settings, lint, **timing)  # type: ignore[arg-type]
    assert elsewhere == []  # no connection, and no name look-up, anywhere but 127.0.0.1
    return result


def pages_of(result: CrawlResult) -> list[str]:
    return sorted(f.file for f in result.report.files)


def test_a_link_a_script_adds_is_crawled_with_render_and_not_without(site: Site) -> None:
    site.page("/", page("Home page of the agency", "/static.html", body=SCRIPTED_LINK))
    site.page("/static.html", page("A page linked in the HTML"))
    site.page("/scripted.html", page("A page only the script links to"))
    result = crawl(site, linter("page-title"))
    assert pages_of(result) == [url(site), url(site, "/scripted.html"), url(site, "/static.html")]
    assert result.stats.rendered
    # Each page was requested once: the browser got the crawl's response, not a second copy.
    assert sorted(site.paths()) == ["/", "/robots.txt", "/scripted.html", "/static.html"]
    before = len(site.paths())
    result = crawl(site, linter("page-title", render=False))
    assert pages_of(result) == [url(site), url(site, "/static.html")]
    assert "/scripted.html" not in site.paths()[before:]


def test_a_page_that_is_not_rendered_has_the_links_of_its_html_followed(site: Site) -> None:
    # A NUL near the start: binary, not HTML, so an input error that never reaches the browser.
    site.page("/", page("Home page of the agency", "/odd.html"))
    site.routes["/odd.html"] = Reply(200, b'<!DOCTYPE html>\x00<title>Odd</title><a href="/after.html">')
    site.page("/after.html", page("The page after the odd one"))
    result = crawl(site, linter("page-title"))
    assert pages_of(result) == [url(site), url(site, "/after.html")]
    assert [(e.file, e.message) for e in result.report.errors] == [(url(site, "/odd.html"),
                                                                     "binary file, not HTML")]


def test_navigation_out_of_scope_is_not_followed_and_in_scope_is_crawled(site: Site) -> None:
    other = f"http://other.agency.gov:{site.port}"
    script = """<script>
addEventListener("load", () => { location.assign("/moved.html"); });
</script>"""
    frame = f'<iframe src="{other}/frame.html" title="A frame from another site"></iframe>'
    image = f'<img src="{other}/pic.png" alt="A picture from another site">'
    site.page("/", page("Home page of the agency", body=script + frame + image))
    site.page("/moved.html", page("The page the home page sends you to"))
    site.page("/frame.html", page("A page of another site"))
    site.routes["/pic.png"] = Reply(200, b"\x89PNG\r\n\x1a\n", (("Content-Type", "image/png"),))
    result = crawl(site, linter("page-title"), hosts=(HOST, "other.agency.gov"))
    # The page stayed to be linted; where its script sent the browser is crawled as a link.
    assert pages_of(result) == [url(site), url(site, "/moved.html")]
    seen = {(r.host.split(":")[0], r.path) for r in site.requests}
    assert ("other.agency.gov", "/pic.png") in seen  # a resource of another site: loaded, guarded
    assert ("other.agency.gov", "/frame.html") not in seen  # a document out of scope: not loaded
    assert "rendered pages tried 1 navigations or frames out of the crawl's scope, not followed" in (
        result.report.notes)


def test_the_browser_reaches_nothing_the_guard_refuses(site: Site, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CRAWL_TOKEN", "s3cret-crawl-token")
    # The page asks for private, link-local (cloud metadata) and loopback addresses by IP, an
    # API of its own site, and robots.txt-disallowed data: only the API is fetched.
    script = f"""<script>
const tries = ["http://10.0.0.1/internal", "http://169.254.169.254/latest/meta-data/",
               "http://127.0.0.1:{site.port}/direct", "/private/data.json"];
addEventListener("DOMContentLoaded", async () => {{
  for (const target of tries) {{
    try {{ await fetch(target); }} catch (e) {{ /* refused */ }}
  }}
  const data = await (await fetch("/api/data.json")).json();
  const p = document.createElement("p");
  p.id = "from-api";
  p.textContent = data.text;
  document.querySelector("main").append(p);
}});
</script>"""
    site.routes["/robots.txt"] = Reply(200, b"User-agent: *\nDisallow: /private/\n",
                                       (("Content-Type", "text/plain"),))
    site.page("/", page("Home page of the agency", "/other.html", body=script))
    site.page("/other.html", page("Another page of the agency", "/#from-api"))
    site.routes["/api/data.json"] = Reply(200, b'{"text": "Text the API gave"}',
                                          (("Content-Type", "application/json"),))
    header = expand_header("Authorization: Bearer $CRAWL_TOKEN", os.environ)
    result = crawl(site, linter("page-title", "missing-anchor", "dead-link"), headers=(header,))
    # The loopback address the page named itself never reached the server: the browser made
    # no connection of its own (the audit hook in crawl() covers this process's connections).
    assert sorted(site.paths()) == ["/", "/api/data.json", "/other.html", "/robots.txt"]
    api = next(r for r in site.requests if r.path == "/api/data.json")
    assert api.headers.get("authorization") == "Bearer s3cret-crawl-token"
    assert api.headers.get("user-agent", "").startswith("govlint/")
    assert result.stats.render_refused == 3
    notes = "\n".join(result.report.notes)
    assert ("rendered pages asked for 3 URLs the address guard refused (first: "
            "http://10.0.0.1/internal)") in notes
    assert "rendered pages asked for 1 URLs robots.txt disallows, not fetched" in notes
    # The id the script built from the API's answer is a fragment target for other pages too.
    assert [v.rule for f in result.report.files for v in f.violations] == []
    assert "s3cret" not in repr(result)  # the header's value is in no finding, note or figure


def test_the_browser_keeps_to_two_requests_in_flight_per_host(site: Site) -> None:
    site.hold = 0.05
    images = "".join(f'<img src="/img/{i}.png" alt="Picture {i}">' for i in range(12))
    fetches = "<script>for (let i = 0; i < 12; i++) fetch(`/api/${i}.json`);</script>"
    site.page("/", page("Home page of the agency", *(f"/p{i}.html" for i in range(6)), body=images + fetches))
    for i in range(6):
        site.page(f"/p{i}.html", page(f"Page number {i} of the agency", body=images))
    for i in range(12):
        site.routes[f"/img/{i}.png"] = Reply(200, b"\x89PNG\r\n\x1a\n", (("Content-Type", "image/png"),))
        site.routes[f"/api/{i}.json"] = Reply(200, b"{}", (("Content-Type", "application/json"),))
    result = crawl(site, linter("page-title"), threads=8)
    assert len(result.report.files) == 7
    assert sum(1 for p in site.paths() if p.startswith("/api/")) == 12  # the browser's requests arrived
    assert result.stats.render_requests >= 12
    assert site.peak[HOST] <= 2
    assert result.stats.peak_per_host <= 2


def test_a_rendered_only_finding_on_a_crawled_page(site: Site) -> None:
    low = ('<p style="color: #999999; background: #ffffff">Grey text that is too light to read '
           "comfortably</p>")
    site.page("/", page("Home page of the agency", "/grey.html"))
    site.routes["/grey.html"] = Reply(200, (
        '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>A page of grey text here'
        f"</title></head>\n<body><main>\n<h1>Grey text</h1>\n{low}\n</main></body></html>").encode())
    result = crawl(site, linter("color-contrast"))
    found = [(f.file, v.rule, v.line, v.column) for f in result.report.files for v in f.violations]
    assert found == [(url(site, "/grey.html"), "color-contrast", 6, 1)]


def test_crawl_delay_spaces_the_browsers_requests_too(site: Site) -> None:
    site.routes["/robots.txt"] = Reply(200, b"User-agent: *\nCrawl-delay: 5\n",
                                       (("Content-Type", "text/plain"),))
    images = "".join(f'<img src="/img/{i}.png" alt="Picture {i}">' for i in range(4))
    site.page("/", page("Home page of the agency", "/next.html", body=images))
    site.page("/next.html", page("The next page of the agency", body=images))
    for i in range(4):
        site.routes[f"/img/{i}.png"] = Reply(200, b"\x89PNG\r\n\x1a\n", (("Content-Type", "image/png"),))
    result = crawl(site, linter("page-title"), clock=FakeClock())
    assert len(result.report.files) == 2
    assert result.stats.render_requests >= 4
    # On the politeness clock, no two requests to the host (the crawl's or the browser's)
    # started less than the Crawl-delay apart.
    assert result.stats.min_interval is not None and result.stats.min_interval >= 5
