"""govlint crawl as users run it: a subprocess whose every connection and name look-up is
checked to stay on 127.0.0.1, against a site the test serves there."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, run_in_pty
from crawl_support import GUARDED_MAIN, Reply, Request, Site, page, serve

TESTS = Path(__file__).resolve().parent
# Each sample page is served under the host of its canonical URL, as it is on the web (the
# page's domain decides which banner it needs).
SAMPLES = {"dod-news-article": "www.defense.gov", "legacy-uswds1": "legacy.agency.gov",
           "mil-page": "www.usar.army.mil", "spanish-page": "www.usa.gov",
           "uswds-agency-home": "www.examples.gov"}


def command(*args: str) -> list[str]:
    return [sys.executable, "-c", GUARDED_MAIN.format(tests=str(TESTS)), *args]


def run(*args: str, env: dict[str, str] | None = None, cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    full = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    full.update(env or {})
    proc = subprocess.run(command(*args), cwd=cwd, capture_output=True, text=True, env=full, timeout=300)
    assert "ELSEWHERE" not in proc.stderr, proc.stderr
    return proc


@pytest.fixture
def site() -> Iterator[Site]:
    with serve(Site()) as served:
        yield served


def test_crawling_the_sample_site_reports_what_linting_its_files_reports(site: Site, tmp_path: Path) -> None:
    site.root = FIXTURES / "pages"
    config = str(FIXTURES / "pages" / "govlint.toml")
    disk = run("--offline", "--no-cache", "--config", config, "--format", "json", "fixtures/pages")
    resolve = [a for host in SAMPLES.values() for a in ("--resolve", f"{host}:{site.port}:127.0.0.1")]
    starts = [f"http://{host}:{site.port}/{name}.html" for name, host in SAMPLES.items()]
    crawled = run("crawl", "--no-external", "--no-cache", "--config", config, "--format", "json",
                  *resolve, *starts)
    assert disk.returncode == crawled.returncode == 1, crawled.stderr
    on_disk, live = json.loads(disk.stdout), json.loads(crawled.stdout)

    def from_disk(file: str) -> str:
        return "/" + re.sub(r"index\.html$", "", file.removeprefix("fixtures/pages/"))

    def from_url(url: str) -> str:
        return "/" + url.split("/", 3)[3]

    expected = Counter((from_disk(v["file"]), v["rule"], v["line"], v["column"], v["severity"], v["message"])
                       for v in on_disk["violations"])
    found = Counter((from_url(v["file"]), v["rule"], v["line"], v["column"], v["severity"],
                     re.sub(rf"http://[a-z.]+:{site.port}", "", v["message"])) for v in live["violations"])
    assert sum(expected.values()) > 50 and on_disk["summary"] == live["summary"]
    # One dead internal link is said differently: a missing file on disk, an HTTP 404 live.
    dead = ("/legacy-uswds1.html", "dead-link", 41, 5, "error")
    assert expected - found == Counter({(*dead, "/programs/grants does not exist in the site"): 1})
    assert found - expected == Counter({(*dead, "/programs/grants is dead: HTTP 404"): 1})
    assert all(v["file"].startswith("http://") for v in live["violations"])
    # Every other format takes URLs for file names.
    for name in ("sarif", "junit", "github", "gitlab", "markdown", "html", "text"):
        out = tmp_path / f"report.{name}"
        again = run("crawl", "--no-external", "--no-cache", "--config", config, "--format",
                    f"{name}={out}", *resolve, starts[0])
        assert again.returncode == 1 and out.stat().st_size > 0, (name, again.stderr)
        shown = f"http://www.defense.gov:{site.port}/dod-news-article.html"
        if name == "github":  # workflow commands escape ':' in a property
            shown = shown.replace(":", "%3A")
        assert shown in out.read_text(), name
        if name == "html":  # its header says what was crawled and with which bounds (never a header)
            header = re.search(r"<header>(.*?)</header>", out.read_text(encoding="utf-8"), re.S)[1]
            assert f"<code>{starts[0]}</code>" in header and 'id="run-time"' in header
            options = re.search(r'<dd id="run-options"><code>(.*?)</code></dd>', header)[1]
            assert f"--config {config}" in options and "--no-cache" in options and "--no-external" in options
            assert all(f"--resolve {r}" in options for r in resolve[1::2])


def test_sigint_then_the_same_command_continues_without_fetching_a_page_twice(site: Site,
                                                                              tmp_path: Path) -> None:
    # Many pages after the interrupt, so that it lands while the crawl still has most to do.
    names = [f"/p{i}.html" for i in range(200)]
    site.page("/", page("Home page of the agency", *names[:5]))
    for i, name in enumerate(names):
        site.page(name, page(f"Page number {i} of the agency", *names[i + 1:i + 6]))
    state = tmp_path / "state"
    args = ["crawl", "--no-external", "--no-cache", "--no-config", "--state", str(state), "--format", "json",
            "--resolve", f"www.agency.gov:{site.port}:127.0.0.1", f"http://www.agency.gov:{site.port}/",
            "--jobs", "1"]
    holder: dict[str, subprocess.Popen[str]] = {}
    pages_served = Counter[str]()

    def interrupt(request: Request, _: int) -> None:
        if request.path.endswith(".html"):
            pages_served[request.path] += 1
            if sum(pages_served.values()) == 12:
                holder["proc"].send_signal(signal.SIGINT)
    site.on_request = interrupt
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    proc = subprocess.Popen(command(*args), cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    holder["proc"] = proc
    _, err = proc.communicate(timeout=300)
    assert proc.returncode == 130, err
    assert "the same command continues it" in err and "ELSEWHERE" not in err
    first = set(site.paths())
    assert len([p for p in first if p.startswith("/p")]) < len(names)
    site.on_request = None
    second = run(*args)
    assert second.returncode in (0, 1), second.stderr
    everything = [p for p in site.paths() if p == "/" or p.startswith("/p")]
    assert Counter(everything) == Counter(["/", *names])  # every page once, over both runs
    report = json.loads(second.stdout)
    assert report["summary"]["files"] == len(names) + 1


def test_progress_line_on_a_terminal_only(site: Site) -> None:
    site.page("/", page("Home page of the agency", "/a.html"))
    site.page("/a.html", page("Page a of the agency site"))
    args = ["crawl", "--no-external", "--no-cache", "--no-config", "--resolve",
            f"www.agency.gov:{site.port}:127.0.0.1", f"http://www.agency.gov:{site.port}/"]
    piped = run(*args)
    assert "crawling:" not in piped.stderr
    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "FORCE_COLOR")}
    shown = run_in_pty(command(*args), env, stdout_too=False)
    assert re.search(r"crawling: \d+ done, \d+ queued, \d+ errors, [\d.]+/s", shown)


def test_header_values_from_the_environment_are_sent_and_never_reported(site: Site, tmp_path: Path) -> None:
    token = "s3cret-t0ken-value"

    def guarded(request: Request) -> Reply:
        if request.headers.get("authorization") != f"Bearer {token}":
            return Reply(401, b"<!DOCTYPE html><title>Login</title>")
        return Reply(200, page("Staging home page of the agency").encode())
    site.routes["/"] = guarded
    out = tmp_path / "report.json"
    args = ["crawl", "--no-external", "--no-cache", "--no-config", "--verbose", "--header",
            "Authorization: Bearer $STAGING_TOKEN", "--format", f"json={out}",
            "--format", f"html={tmp_path / 'report.html'}", "--resolve",
            f"www.agency.gov:{site.port}:127.0.0.1", f"http://www.agency.gov:{site.port}/"]
    done = run(*args, env={"STAGING_TOKEN": token})
    assert done.returncode in (0, 1), done.stderr
    assert json.loads(out.read_text())["summary"]["files"] == 1
    assert token not in done.stdout + done.stderr + out.read_text()
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert token not in html and "Authorization" not in html  # the run's options leave --header out
    missing = run(*args)
    assert missing.returncode == 2 and "STAGING_TOKEN is not set" in missing.stderr


def test_a_site_that_stops_answering_fails_the_gate(site: Site, tmp_path: Path) -> None:
    """A staging server gone mid-crawl: most URLs get no response at all, so most of the site
    was never linted. The run exits 3 (as when the network is down) with a line saying so,
    rather than passing on the few pages it read; one page that does not answer does not."""
    names = [f"/p{i}.html" for i in range(6)]
    site.page("/", page("Home page of the agency", *names))
    for name in names:
        site.routes[name] = Reply(reset=True)
    args = ("crawl", "--no-external", "--no-cache", "--no-config", "--select", "page-title",
            "--resolve", f"www.agency.gov:{site.port}:127.0.0.1", f"http://www.agency.gov:{site.port}/")
    gone = run(*args)
    assert gone.returncode == 3, gone.stderr
    assert gone.stderr.splitlines()[-1] == ("govlint: error: the site stopped answering: 6 of the 7 URLs "
                                            "crawled got no response at all, so most of it was not linted")
    for name in names[1:]:
        site.page(name, page(f"Page {name} of the agency"))
    once = run(*args)
    assert once.returncode == 0 and "stopped answering" not in once.stderr, once.stderr


def test_bad_arguments_are_one_line_errors(site: Site) -> None:
    for args, words in ((["--include", "(a+)+$", "http://x.gov/"], "exponential"),
                        (["--resolve", "x.gov:80", "http://x.gov/"], "HOST:PORT:ADDRESS"),
                        (["ftp://x.gov/"], "http:// or https://")):
        done = run("crawl", "--no-config", *args)
        assert done.returncode == 2 and words in done.stderr and "Traceback" not in done.stderr
        assert len(done.stderr.strip().splitlines()) == 1


def test_render_without_chromium_is_one_line_and_exit_2_before_a_request(site: Site, tmp_path: Path) -> None:
    done = run("crawl", "--no-config", "--render", "--resolve", f"www.agency.gov:{site.port}:127.0.0.1",
               f"http://www.agency.gov:{site.port}/", env={"PATH": str(tmp_path)})
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "govlint: error: --render needs Chromium and none was found on PATH (install the chromium "
        "package, or set render.chromium in the config)"]
    assert site.requests == []
