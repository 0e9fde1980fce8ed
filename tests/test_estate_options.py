"""govlint estate gives each site's crawl the options a ``govlint crawl`` takes: --header (its
secret read from the environment where the site is crawled and never written out), --sitemap,
--include/--exclude, robots.txt, --max-depth, --resolve and --render. The CLI runs as a
subprocess under the network guard, against a site on 127.0.0.1."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from crawl_support import Reply, Site, page, serve
from estate_sites import guard_env, refused

HOST = "www.agency.gov"
DOCS = "docs.agency.gov"
SECRET = "estate-s3cret-7f3a9c"


@pytest.fixture
def site() -> Iterator[Site]:
    with serve(Site()) as served:
        yield served


def estate(site: Site, tmp_path: Path, *args: str, env: dict[str, str] | None = None,
           out: str = "out", drop: tuple[str, ...] = ()) -> subprocess.CompletedProcess[str]:
    listing = tmp_path / "sites.txt"
    listing.write_text(f"http://{HOST}:{site.port}/\n", encoding="utf-8")
    resolve = [a for h in (HOST, DOCS) for a in ("--resolve", f"{h}:{site.port}:127.0.0.1")]
    full = {k: v for k, v in {**os.environ, **guard_env(tmp_path / "guard"), **(env or {})}.items()
            if k not in drop}
    return subprocess.run([sys.executable, "-m", "govlint", "estate", str(listing), "--out", out,
                           "--jobs", "1", "--no-config", *resolve, "--format", "json=report.json",
                           "--format", f"sarif={out}.sarif", *args],
                          cwd=tmp_path, env=full, capture_output=True, text=True, timeout=300)


def written(tmp_path: Path, out: str) -> str:
    """Every byte the scan wrote: shards (decompressed), manifest, estate report, reports."""
    texts = [gzip.decompress(p.read_bytes()).decode() for p in (tmp_path / out / "sites").glob("*.gz")]
    texts += [p.read_text(encoding="utf-8") for p in (tmp_path / out).glob("estate.*")]
    texts += [(tmp_path / name).read_text(encoding="utf-8") for name in ("report.json", f"{out}.sarif")]
    return "\n".join(texts)


def test_each_sites_crawl_gets_the_crawl_options(site: Site, tmp_path: Path) -> None:
    site.routes["/robots.txt"] = Reply(200, b"User-agent: *\nDisallow: /private/\n",
                                       (("Content-Type", "text/plain"),))
    site.page("/", page("Home page of the agency", "/a.html", "/private/p.html", "/skip/x.html",
                        "/deep1.html", f"http://{DOCS}:{site.port}/guide.html"))
    for path in ("/a.html", "/private/p.html", "/skip/x.html", "/deep2.html", "/orphan.html", "/guide.html"):
        site.page(path, page(f"The page at {path} of the agency"))
    site.page("/deep1.html", page("One step from the home page", "/deep2.html"))
    site.routes["/maps/extra.xml"] = Reply(200, (
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>http://{HOST}:{site.port}/orphan.html</loc></url></urlset>").encode(),
        (("Content-Type", "application/xml"),))
    options = ("--header", "Authorization: Bearer $ESTATE_TOKEN", "--sitemap",
               f"http://{HOST}:{site.port}/maps/extra.xml", "--no-sitemaps", "--exclude", "/skip/",
               "--include", rf"^http://{DOCS.replace('.', '[.]')}:", "--max-depth", "1", "--no-external")
    proc = estate(site, tmp_path, *options, env={"ESTATE_TOKEN": SECRET})
    assert proc.returncode == 1, proc.stderr
    seen = {(r.host.split(":")[0], r.path) for r in site.requests}
    assert {(HOST, p) for p in ("/", "/a.html", "/deep1.html", "/orphan.html", "/maps/extra.xml")} <= seen
    assert (DOCS, "/guide.html") in seen  # --include widened the site's scope
    assert not {p for _, p in seen} & {"/private/p.html", "/skip/x.html", "/deep2.html", "/sitemap.xml"}
    # The header went with every request of the crawl, its secret filled in by the worker...
    assert {r.headers.get("authorization") for r in site.requests} == {f"Bearer {SECRET}"}
    # ...and was never written out, whatever the scan wrote.
    everything = written(tmp_path, "out")
    assert f"http://{HOST}:{site.port}/orphan.html" in everything
    assert SECRET not in everything
    assert refused(tmp_path / "guard") == []

    # --ignore-robots reaches the page robots.txt keeps the crawl from (a site one runs).
    proc = estate(site, tmp_path, *options, "--ignore-robots", env={"ESTATE_TOKEN": SECRET}, out="again")
    assert proc.returncode == 1, proc.stderr
    assert "/private/p.html" in {r.path for r in site.requests}
    assert SECRET not in written(tmp_path, "again")


def test_a_header_variable_that_is_not_set_is_one_line_and_exit_2(site: Site, tmp_path: Path) -> None:
    proc = estate(site, tmp_path, "--header", "Authorization: Bearer $ESTATE_TOKEN_NOT_SET")
    assert proc.returncode == 2
    assert proc.stderr.strip().splitlines() == [
        "govlint: error: --header Authorization: environment variable ESTATE_TOKEN_NOT_SET is not set"]
    assert site.requests == []


@pytest.mark.browser
@pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")
def test_render_is_passed_to_each_sites_crawl(site: Site, tmp_path: Path) -> None:
    script = ('<script>addEventListener("DOMContentLoaded", () => { '
              'const a = document.createElement("a"); a.href = "/scripted.html"; a.textContent = "Scripted"; '
              'document.querySelector("main").append(a); });</script>')
    site.page("/", page("Home page of the agency", body=script))
    site.page("/scripted.html", page("A page only a script links to"))
    proc = estate(site, tmp_path, "--render", "--render-timeout", "30", "--select", "page-title")
    assert proc.returncode == 0, proc.stderr
    assert "/scripted.html" in {r.path for r in site.requests}
    assert f"http://{HOST}:{site.port}/scripted.html" in written(tmp_path, "out")
    assert refused(tmp_path / "guard") == []


@pytest.mark.slow
def test_on_dask_the_header_secret_comes_from_the_workers_environment(
        site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    distributed = pytest.importorskip("distributed")
    # The workers (spawned from this process) have the variable; the client does not.
    for name, value in {**guard_env(tmp_path / "guard"), "ESTATE_TOKEN": SECRET}.items():
        monkeypatch.setenv(name, value)
    site.page("/", page("Home page of the agency", "/a.html"))
    site.page("/a.html", page("Another page of the agency"))
    cluster = distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=None, silence_logs=40)
    try:
        proc = estate(site, tmp_path, "--scheduler", cluster.scheduler_address, "--header",
                      "Authorization: Bearer $ESTATE_TOKEN", drop=("ESTATE_TOKEN",))
    finally:
        cluster.close()
    assert proc.returncode == 1, proc.stderr
    assert {r.path for r in site.requests} >= {"/", "/a.html"}
    assert {r.headers.get("authorization") for r in site.requests} == {f"Bearer {SECRET}"}
    assert SECRET not in written(tmp_path, "out")
    assert refused(tmp_path / "guard") == []
