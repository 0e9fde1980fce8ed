"""External link checks against a real HTTP server on 127.0.0.1 (nothing leaves the machine)."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Run
from link_server import Log, closed_port, serve
from virtual_clock import VirtualClock

from govlint.links.external import Checker
from govlint.links.settings import LinkSettings

pytestmark = pytest.mark.network

# Short waits between retries; a request timeout no loopback answer comes near, however busy
# the machine (only /stall, which never answers, reaches it).
FAST = """
[links]
timeout = 60
retries = 2
retry_wait = 0.05
max_retry_wait = 1.5
host_interval = 0.0
cache_dir = "cache"
"""


@pytest.fixture
def server() -> Iterator[tuple[str, Log]]:
    with serve() as running:
        yield running


def _site(tmp_path: Path, links: list[str], config: str = FAST, name: str = "index.html") -> Path:
    (tmp_path / ".govlint.toml").write_text('select = ["dead-link", "missing-anchor"]\n' + config)
    body = "\n".join(f'<a href="{url}">link {i}</a>' for i, url in enumerate(links))
    (tmp_path / name).write_text(f"<!DOCTYPE html>\n<html><body>\n{body}\n</body></html>\n")
    return tmp_path


def _by_line(stdout: str) -> dict[int, tuple[str, str, str]]:
    report = json.loads(stdout)
    return {v["line"]: (v["rule"], v["severity"], v["message"]) for v in report["violations"]}


def test_status_policy(govlint: Run, tmp_path: Path, server: tuple[str, Log]) -> None:
    base, log = server
    paths = ["/ok", "/redirect-1", "/loop-a", "/missing", "/gone", "/error", "/flaky", "/limited",
             "/no-head", "/forbidden", "/bot-wall", "/linkedin", "/reset"]
    _site(tmp_path, [base + p for p in paths])
    proc = govlint("--format", "json", "--no-cache", "index.html", cwd=tmp_path)
    found = _by_line(proc.stdout)
    line = {p: i + 3 for i, p in enumerate(paths)}  # links start on line 3
    for alive in ("/ok", "/redirect-1", "/flaky", "/limited", "/no-head"):
        assert line[alive] not in found, (alive, found.get(line[alive]))
    assert found[line["/loop-a"]][:2] == ("dead-link", "error")
    assert "redirect loop" in found[line["/loop-a"]][2]
    assert found[line["/missing"]] == ("dead-link", "error", f"{base}/missing is dead: HTTP 404")
    assert found[line["/gone"]] == ("dead-link", "error", f"{base}/gone is dead: HTTP 410")
    assert found[line["/error"]] == ("dead-link", "error", f"{base}/error is dead: HTTP 500")
    for wall, why in (("/forbidden", "HTTP 403, access refused"), ("/bot-wall", "HTTP 403, bot protection"),
                      ("/linkedin", "HTTP 999, bot protection")):
        assert found[line[wall]] == ("dead-link", "warning",
                                     f"{base}{wall} could not be verified: {why}; check it by hand")
    assert found[line["/reset"]][1] == "warning" and "connection dropped" in found[line["/reset"]][2]
    assert proc.returncode == 1
    # HEAD first; GET only where HEAD was refused; retries for 503, 429 and 500.
    assert log.counts[("HEAD", "/ok")] == 1 and log.counts[("GET", "/ok")] == 0
    assert log.counts[("HEAD", "/no-head")] == 1 and log.counts[("GET", "/no-head")] == 1
    assert log.total("/flaky") == 3
    assert log.total("/error") == 3  # 1 + 2 retries, then dead
    assert log.total("/missing") == 1  # a 404 is not retried


def test_a_server_that_never_answers_times_out(govlint: Run, tmp_path: Path, server: tuple[str, Log]) -> None:
    """/stall answers only when the test ends, so every attempt must reach the timeout."""
    base, log = server
    _site(tmp_path, [f"{base}/stall"], FAST.replace("timeout = 60", "timeout = 0.5"))
    found = _by_line(govlint("--format", "json", "--no-cache", "index.html", cwd=tmp_path).stdout)
    assert found == {3: ("dead-link", "warning", f"{base}/stall could not be verified: timed out after "
                                                 "0.5 s; check it by hand")}
    assert log.total("/stall") == 3  # 1 + 2 retries


def test_retry_after_is_waited_for_and_slows_the_host(server: tuple[str, Log]) -> None:
    base, log = server
    clock = VirtualClock(skip_up_to=60)
    checker = Checker(LinkSettings(cache_dir=None, host_interval=0.0, retry_wait=0.05, host_concurrency=1),
                      {}, clock=clock)
    results = checker.run({f"{base}/limited": False, f"{base}/ok": False})
    assert [r.outcome for r in results.values()] == ["ok", "ok"]
    assert log.total("/limited") == 2
    # Retry-After: 1 was honoured for the 429, and the host's next request started no sooner.
    assert clock.waited[0] == 1.0
    starts = checker.stats.starts[base.removeprefix("http://")]
    assert len(starts) == 3 and starts[-1] - starts[0] >= 1.0, starts


def test_redirect_chain_is_reported_with_a_dead_end(govlint: Run, tmp_path: Path,
                                                     server: tuple[str, Log]) -> None:
    base, _ = server
    _site(tmp_path, [f"{base}/redirect-1", f"{base}/loop-a"])
    found = _by_line(govlint("--format", "json", "--no-cache", "index.html", cwd=tmp_path).stdout)
    assert list(found) == [4]
    assert f"(redirected: {base}/loop-b -> {base}/loop-a)" in found[4][2]


def test_each_url_is_checked_once_and_successes_are_cached(govlint: Run, tmp_path: Path,
                                                            server: tuple[str, Log]) -> None:
    base, log = server
    _site(tmp_path, [f"{base}/ok", f"{base}/missing", f"{base}/ok"])
    (tmp_path / "other.html").write_text(f'<a href="{base}/ok">again</a><a href="{base}/missing">x</a>')
    first = govlint("--format", "json", ".", cwd=tmp_path)
    assert log.counts[("HEAD", "/ok")] == 1 and log.counts[("HEAD", "/missing")] == 1
    assert len(json.loads(first.stdout)["violations"]) == 2  # /missing, once from each page
    second = govlint("--format", "json", ".", cwd=tmp_path)
    assert json.loads(second.stdout)["violations"] == json.loads(first.stdout)["violations"]
    assert log.counts[("HEAD", "/ok")] == 1  # served from the cache
    assert log.counts[("HEAD", "/missing")] == 2  # failures are never cached
    third = govlint("--format", "json", "--max-cache-age", "0s", ".", cwd=tmp_path)
    assert third.returncode == 1
    assert log.counts[("HEAD", "/ok")] == 2  # too old: checked again


def test_external_fragments(govlint: Run, tmp_path: Path, server: tuple[str, Log]) -> None:
    base, log = server
    _site(tmp_path, [f"{base}/page.html#present", f"{base}/page.html#named", f"{base}/page.html#absent"])
    plain = _by_line(govlint("--format", "json", "--no-cache", "index.html", cwd=tmp_path).stdout)
    assert plain == {}
    checked = _by_line(govlint("--format", "json", "--no-cache", "--check-external-fragments",
                               "index.html", cwd=tmp_path).stdout)
    assert checked == {5: ("missing-anchor", "error", f"#absent is not an id or a[name] in {base}/page.html")}
    assert log.counts[("GET", "/page.html")] == 1  # fetched once for three fragments


def test_network_down_is_one_error_with_its_own_exit_code(govlint: Run, tmp_path: Path) -> None:
    urls = [f"http://127.0.0.1:{closed_port()}/a", f"http://127.0.0.1:{closed_port()}/b"]
    _site(tmp_path, urls)
    proc = govlint("--format", "json", "--no-cache", "index.html", cwd=tmp_path)
    assert proc.returncode == 3
    assert json.loads(proc.stdout)["violations"] == []
    assert proc.stderr.strip().splitlines() == [
        "govlint: error: the network looks down: none of 2 external URLs on 2 hosts could be reached, "
        "so they were not reported as dead (use --offline to skip external links)"]


def test_one_unreachable_host_among_live_ones_is_a_dead_link(govlint: Run, tmp_path: Path,
                                                             server: tuple[str, Log]) -> None:
    base, _ = server
    _site(tmp_path, [f"{base}/ok", f"http://127.0.0.1:{closed_port()}/x"])
    proc = govlint("--format", "json", "--no-cache", "index.html", cwd=tmp_path)
    assert proc.returncode == 1
    (line, (rule, severity, message)), = _by_line(proc.stdout).items()
    assert (line, rule, severity) == (4, "dead-link", "error")
    assert "cannot connect" in message


def test_offline_and_exclude_urls_skip_external(govlint: Run, tmp_path: Path,
                                                server: tuple[str, Log]) -> None:
    base, log = server
    _site(tmp_path, [f"{base}/missing", f"{base}/gone"], FAST + 'exclude_urls = ["/gone$"]\n')
    offline = govlint("--format", "json", "--offline", "index.html", cwd=tmp_path)
    assert offline.returncode == 0 and log.total("/missing") == 0
    online = _by_line(govlint("--format", "json", "--no-cache", "index.html", cwd=tmp_path).stdout)
    assert list(online) == [3]
    assert log.total("/gone") == 0


def test_per_host_statuses_and_headers_from_the_environment(govlint: Run, tmp_path: Path,
                                                            server: tuple[str, Log]) -> None:
    base, _ = server
    config = FAST + '[links.accept]\n"127.0.0.1" = [403]\n[links.headers."127.0.0.1"]\n' \
                    'Authorization = "Bearer ${AGENCY_TOKEN}"\n'
    _site(tmp_path, [f"{base}/forbidden", f"{base}/auth"], config)
    ok = govlint("--format", "json", "--no-cache", "index.html", cwd=tmp_path,
                 env={"AGENCY_TOKEN": "s3cret"})
    assert ok.returncode == 0, ok.stdout
    assert "s3cret" not in ok.stdout + ok.stderr
    missing = govlint("--no-cache", "index.html", cwd=tmp_path)
    assert missing.returncode == 2
    assert "environment variable AGENCY_TOKEN is not set" in missing.stderr


def test_loopback_can_be_refused_too(govlint: Run, tmp_path: Path, server: tuple[str, Log]) -> None:
    base, log = server
    by_name = base.replace("127.0.0.1", "localhost")  # a name: refused after resolving it
    _site(tmp_path, [f"{base}/ok", f"{by_name}/ok-by-name"], FAST + "refuse_private = true\n")
    found = _by_line(govlint("--format", "json", "--no-cache", "index.html", cwd=tmp_path).stdout)
    assert found[3] == ("dead-link", "warning",
                        f"{base}/ok was not checked: refused: loopback address 127.0.0.1")
    assert found[4][:2] == ("dead-link", "warning")
    assert re.search(r"was not checked: refused: localhost resolves to loopback address (127\.0\.0\.1|::1)$",
                     found[4][2]), found[4][2]
    assert log.total("/ok") == 0 and log.total("/ok-by-name") == 0


def test_archived_pages_get_external_dead_links_as_warnings(govlint: Run, tmp_path: Path,
                                                            server: tuple[str, Log]) -> None:
    base, _ = server
    _site(tmp_path, [f"{base}/missing"])
    page = tmp_path / "index.html"
    notice = ("<div>You have accessed part of a historical collection on defense.gov. Some of the "
              "information contained within may be outdated and links may not function.</div>")
    page.write_text(page.read_text().replace("<body>", "<body>" + notice))
    found = _by_line(govlint("--format", "json", "--no-cache", "index.html", cwd=tmp_path).stdout)
    assert found[3][:2] == ("dead-link", "warning")
    assert "archive notice says links may not function" in found[3][2]


def test_requests_to_one_host_respect_the_interval(server: tuple[str, Log]) -> None:
    base, log = server
    clock = VirtualClock(skip_up_to=60)
    checker = Checker(LinkSettings(cache_dir=None, host_interval=0.2), {}, clock=clock)
    results = checker.run({f"{base}/host-{i}": False for i in range(6)})
    assert [r.outcome for r in results.values()] == ["ok"] * 6
    assert sum(log.total(f"/host-{i}") for i in range(6)) == 6
    starts = checker.stats.starts[base.removeprefix("http://")]
    gaps = [b - a for a, b in itertools.pairwise(starts)]
    assert len(starts) == 6 and min(gaps) >= 0.2 - 1e-9, gaps
    assert len(clock.waited) == 5  # each start after the first waited its turn


@pytest.mark.slow
def test_link_cache_shared_by_two_runs_at_once(tmp_path: Path, server: tuple[str, Log]) -> None:
    import subprocess
    import sys

    base, _ = server
    _site(tmp_path, [f"{base}/ok-{i}" for i in range(40)])
    cmd = [sys.executable, "-m", "govlint", "--format", "json", "index.html"]
    runs = [subprocess.Popen(cmd, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(2)]
    outputs = [r.communicate(timeout=120) for r in runs]
    assert [r.returncode for r in runs] == [0, 0], outputs
    assert all(b"note" not in err for _, err in outputs), [err for _, err in outputs]
    assert re.search(rb'"violations": \[\]', outputs[0][0])
