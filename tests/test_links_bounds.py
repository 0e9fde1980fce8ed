"""Bounds on what servers send and how long they may hold a run, against a real loopback server."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Run
from link_server import Log, serve
from virtual_clock import VirtualClock

from govlint.links.external import Checker
from govlint.links.external_types import UrlResult
from govlint.links.settings import LinkSettings

pytestmark = pytest.mark.network


@pytest.fixture
def server() -> Iterator[tuple[str, Log]]:
    with serve() as running:
        yield running


def _site(tmp_path: Path, links: list[str], config: str = "") -> None:
    (tmp_path / ".govlint.toml").write_text('select = ["dead-link", "missing-anchor"]\n[links]\n'
                                            'host_interval = 0.0\n' + config)
    body = "\n".join(f'<a href="{url}">link {i}</a>' for i, url in enumerate(links))
    (tmp_path / "index.html").write_text(f"<!DOCTYPE html>\n<html><body>\n{body}\n</body></html>\n")


def _found(stdout: str) -> dict[int, tuple[str, str, str]]:
    return {v["line"]: (v["rule"], v["severity"], v["message"]) for v in json.loads(stdout)["violations"]}


# Runs govlint and prints its peak memory. A process forked from this test process would count
# the test process's own memory (the peak survives exec), so a small launcher forks govlint.
_LAUNCH = """
import resource, subprocess, sys
code = subprocess.call(sys.argv[1:], timeout=120)
print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, file=sys.stderr)
"""


def _measured(*args: str, cwd: Path) -> tuple[subprocess.CompletedProcess[str], int]:
    """The CLI in a subprocess: (the run, the peak memory of that process in MB)."""
    proc = subprocess.run([sys.executable, "-c", _LAUNCH, sys.executable, "-m", "govlint", *args],
                          cwd=cwd, capture_output=True, text=True, timeout=150)
    *err, last = proc.stderr.splitlines() or [""]
    code, peak = (int(x) for x in last.split())
    return subprocess.CompletedProcess(proc.args, code, proc.stdout, "\n".join(err)), peak


def _socket_buffers() -> int:
    """The most a loopback connection can hold in flight: the largest send buffer of the
    server's socket plus the largest receive buffer of the client's (Linux autotuning caps)."""
    most = 0
    for name in ("tcp_wmem", "tcp_rmem"):
        most += int(Path(f"/proc/sys/net/ipv4/{name}").read_text().split()[2])
    return most


@pytest.mark.slow
def test_an_endless_url_input_stops_at_the_body_limit(tmp_path: Path, server: tuple[str, Log]) -> None:
    base, log = server
    (tmp_path / ".govlint.toml").write_text("[links]\nmax_body_size = 2000000\n")
    proc, peak_mb = _measured("--no-cache", "--select", "dead-link", f"{base}/endless",
                              f"{base}/page.html", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout.splitlines()[0] == (
        f"{base}/endless: error: the page is larger than 2,000,000 bytes ([links] max_body_size); "
        "it was not linted"), proc.stdout
    assert "1 file; 1 input could not be linted" in proc.stdout  # the other page was linted
    # The server could send no more than the limit, what sockets hold and one chunk of its own.
    assert log.sent["/endless"] <= 2_000_000 + _socket_buffers() + 60_000, log.sent
    assert peak_mb < 200, peak_mb


@pytest.mark.slow
def test_an_endless_page_linked_to_is_read_only_up_to_the_limit(govlint: Run, tmp_path: Path,
                                                                 server: tuple[str, Log]) -> None:
    base, log = server
    _site(tmp_path, [f"{base}/endless#late"], "max_body_size = 1000000\n")
    proc, peak_mb = _measured("--format", "json", "--no-cache", "--check-external-fragments",
                              "index.html", cwd=tmp_path)
    assert _found(proc.stdout) == {3: (
        "missing-anchor", "warning", f"#late was not found in the first 1,000,000 bytes of {base}/endless, "
        "and the rest was not read ([links] max_body_size); check it by hand")}
    assert log.sent["/endless"] <= 1_000_000 + _socket_buffers() + 60_000, log.sent
    assert proc.returncode == 0 and peak_mb < 200, peak_mb


@pytest.mark.parametrize("kilobytes", [60, 300, 2048])
def test_fragments_are_looked_for_in_the_whole_page(govlint: Run, tmp_path: Path, server: tuple[str, Log],
                                                    kilobytes: int) -> None:
    base, log = server
    page = f"{base}/big-{kilobytes}k.html"
    _site(tmp_path, [f"{page}#late", f"{page}#absent"])
    proc = govlint("--format", "json", "--no-cache", "--check-external-fragments", "index.html", cwd=tmp_path)
    assert _found(proc.stdout) == {
        4: ("missing-anchor", "error", f"#absent is not an id or a[name] in {page}")}
    assert log.counts[("GET", f"/big-{kilobytes}k.html")] == 1


def _check(urls: list[str], clock: VirtualClock, **settings: object) -> dict[str, UrlResult]:
    """The link checker itself, on the loopback server, with waits timed by ``clock``."""
    checker = Checker(LinkSettings(cache_dir=None, host_interval=0.0, **settings), {},  # type: ignore[arg-type]
                      clock=clock)
    return checker.run(dict.fromkeys(urls, False))


def test_retry_after_beyond_the_cap_is_not_waited_for(govlint: Run, tmp_path: Path,
                                                      server: tuple[str, Log]) -> None:
    base, log = server
    urls = [f"{base}/hour-429-{i}" for i in range(6)]
    clock = VirtualClock(skip_up_to=4000)  # an hour's wait would pass at once, and be seen
    results = _check(urls, clock, max_check_time=86400)  # else the default retry settings
    assert clock.waited == []  # an hour was asked for; nothing was waited
    assert [(r.outcome, r.reason) for r in results.values()] == [
        ("unverified", "HTTP 429, asked to wait 3600 s, more than the 30 s govlint waits")] * 6
    assert all(log.total(f"/hour-429-{i}") == 1 for i in range(6))
    # The same through the command line, in the report.
    _site(tmp_path, urls)
    proc = govlint("--format", "json", "--no-cache", "index.html", cwd=tmp_path)
    found = _found(proc.stdout)
    assert [found[3 + i] for i in range(6)] == [
        ("dead-link", "warning", f"{base}/hour-429-{i} could not be verified: HTTP 429, asked to wait "
         "3600 s, more than the 30 s govlint waits; check it by hand") for i in range(6)]
    assert all(log.total(f"/hour-429-{i}") == 2 for i in range(6))
    assert proc.returncode == 0


def test_retry_waits_are_capped_per_host_and_per_run(server: tuple[str, Log]) -> None:
    base, log = server
    # Each /busy answer asks for 1 s; a host may wait 2.5 s in all: after that, no more retries.
    clock = VirtualClock(skip_up_to=60)
    results = _check([f"{base}/busy-{i}" for i in range(4)], clock, retries=5, retry_wait=0.1,
                     max_host_retry_wait=2.5)
    assert clock.waited == [1.0, 1.0]  # Retry-After honoured; a third second would pass 2.5 s
    budget = [r for r in results.values() if "max_host_retry_wait (2.5 s)" in r.reason]
    assert len(results) == 4 and len(budget) >= 2 and all(r.outcome == "unverified" for r in results.values())
    assert sum(log.total(f"/busy-{i}") for i in range(4)) == 4 + 2  # one retry after each wait
    clock = VirtualClock(skip_up_to=60)
    results = _check([f"{base}/busy-run-{i}" for i in range(4)], clock, retries=5, max_total_retry_wait=1.5)
    assert len(clock.waited) == 1 and 1.0 <= clock.waited[0] <= 1.5, clock.waited
    assert sum("max_total_retry_wait (1.5 s)" in r.reason for r in results.values()) >= 3, results


def test_the_whole_link_check_stops_at_its_time_limit(server: tuple[str, Log]) -> None:
    """The deadline passes (on the checker's clock) while the first /stall request is
    unanswered: that one and the five not started are reported, /ok is kept, and no further
    request is made."""
    base, log = server
    urls = [f"{base}/ok"] + [f"{base}/stall?{i}" for i in range(6)]
    clock = VirtualClock(skip_up_to=60)
    checker = Checker(LinkSettings(cache_dir=None, host_interval=0.0, host_concurrency=1, timeout=600,
                                   max_check_time=90), {}, clock=clock)
    results: dict[str, UrlResult] = {}
    run = threading.Thread(target=lambda: results.update(checker.run(dict.fromkeys(urls, False))))
    run.start()
    log.wait_for_request("/stall")
    clock.advance(90)
    run.join(600)
    assert not run.is_alive()
    assert results[f"{base}/ok"].outcome == "ok"
    assert {u: (r.outcome, r.reason) for u, r in results.items() if u != f"{base}/ok"} == dict.fromkeys(
        urls[1:], ("unverified", "not reached before the link-check time limit (90 s)"))
    assert checker.unfinished == 6
    assert sum(log.total(f"/stall?{i}") for i in range(6)) == 1


def test_the_time_limit_is_reported_with_a_note(govlint: Run, tmp_path: Path,
                                                server: tuple[str, Log]) -> None:
    """No /stall request is ever answered during the run, so whatever the machine's speed the
    one-second limit passes first (requests may take 60 s) and every URL is left unchecked."""
    base, _ = server
    _site(tmp_path, [f"{base}/stall?{i}" for i in range(3)], "timeout = 60\nhost_concurrency = 1\n")
    proc = govlint("--format", "json", "--no-cache", "--max-check-time", "1s", "index.html", cwd=tmp_path)
    assert _found(proc.stdout) == {3 + i: (
        "dead-link", "warning", f"{base}/stall?{i} could not be verified: not reached before the link-check "
        "time limit (1 s); check it by hand") for i in range(3)}
    assert ("govlint: note: 3 of 3 external URLs were not checked before the link-check time limit "
            "(1 s; --max-check-time, [links] max_check_time) and are reported as not verified") in proc.stderr
    assert proc.returncode == 0


@pytest.mark.parametrize("value", ["0s", "-1", "nan", "8d", "soon"])
def test_bad_check_time_is_a_usage_error(govlint: Run, tmp_path: Path, value: str) -> None:
    _site(tmp_path, [])
    proc = govlint("--max-check-time", value, "index.html", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert "--max-check-time" in proc.stderr and "Traceback" not in proc.stderr


_DAMAGE = [
    ("UPDATE alive SET anchors = '{\"late\": 1}'", "anchors as an object"),
    ("UPDATE alive SET anchors = '[1, 2]'", "anchors as numbers"),
    ("UPDATE alive SET anchors = 'not json ['", "anchors not JSON"),
    ("UPDATE alive SET anchors = '" + "[" * 100000 + "'", "anchors nested too deep"),
    ("UPDATE alive SET anchors = x'00ff'", "anchors as bytes"),
    ("UPDATE alive SET checked_at = 'yesterday'", "time as text"),
    ("UPDATE alive SET checked_at = 1e400", "time infinite"),
    ("UPDATE alive SET status = 'ok'", "status as text"),
    ("DROP TABLE alive; CREATE TABLE alive (url TEXT, junk BLOB)", "another table"),
]


@pytest.mark.parametrize(("damage", "what"), _DAMAGE, ids=[w for _, w in _DAMAGE])
def test_a_damaged_link_cache_is_a_miss_with_a_note(govlint: Run, tmp_path: Path, server: tuple[str, Log],
                                                    damage: str, what: str) -> None:
    base, log = server
    page = f"{base}/big-60k.html"
    _site(tmp_path, [f"{page}#late", f"{page}#absent"], 'cache_dir = "cache"\n')
    args = ("--format", "json", "--check-external-fragments", "index.html")
    first = govlint(*args, cwd=tmp_path)
    assert len(_found(first.stdout)) == 1
    with sqlite3.connect(tmp_path / "cache" / "links.sqlite3") as db:
        db.executescript(damage)
    again = govlint(*args, cwd=tmp_path)
    assert "Traceback" not in again.stderr, again.stderr
    assert _found(again.stdout) == _found(first.stdout)
    assert log.counts[("GET", "/big-60k.html")] == 2  # checked again, not taken from the cache
    if "table" not in what and "infinite" not in what:
        assert ("govlint: note: the link cache had a damaged entry; those URLs were checked again"
                in again.stderr)


def test_a_cache_file_that_is_not_sqlite_is_a_note(govlint: Run, tmp_path: Path,
                                                   server: tuple[str, Log]) -> None:
    base, log = server
    _site(tmp_path, [f"{base}/ok"], 'cache_dir = "cache"\n')
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "links.sqlite3").write_bytes(b"garbage, not a database\n" * 100)
    proc = govlint("--format", "json", "index.html", cwd=tmp_path)
    assert proc.returncode == 0 and _found(proc.stdout) == {}
    assert "link cache" in proc.stderr and "not usable" in proc.stderr and "Traceback" not in proc.stderr
    assert log.total("/ok") == 1


def test_url_inputs_follow_few_redirects_and_only_valid_urls(govlint: Run, tmp_path: Path,
                                                              server: tuple[str, Log]) -> None:
    base, log = server
    (tmp_path / ".govlint.toml").write_text("[links]\nmax_redirects = 3\n")
    proc = govlint("--no-cache", "--select", "dead-link", f"{base}/loop-a",
                   f"{base}/to?url=ftp://127.0.0.1/", "http://[oops/", f"{base}/redirect-1", cwd=tmp_path)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert [line for line in proc.stdout.splitlines() if ": error: " in line] == [
        f"{base}/loop-a: error: more than 3 redirects ([links] max_redirects)",
        f"{base}/to?url=ftp://127.0.0.1/: error: redirect to an invalid URL 'ftp://127.0.0.1/' "
        "(not an http or https URL)",
        "http://[oops/: error: not a valid URL (an IPv6 host without its closing ']')",
    ]
    assert log.total("/loop-a") + log.total("/loop-b") == 4  # the first request and 3 redirects
    assert log.total("/ok-final") == 1  # two redirects are fine: that page was linted
    assert "1 file; 3 inputs could not be linted" in proc.stdout
