"""The address guard: no packet ever leaves for a metadata, private or other non-global address.

The CLI runs in a subprocess whose first act is to install an audit hook on ``socket.connect``
that records every address and blocks any that is not loopback; the hook is proven to fire by
a loopback connect it must record before govlint starts.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import REPO, Run
from link_server import Log, closed_port, serve

from govlint.links.external import Checker
from govlint.links.settings import LinkSettings

pytestmark = pytest.mark.network

# Installed before govlint is imported; argv: record file, then govlint's arguments.
_HOOKED = """
import socket, sys
record, argv = sys.argv[1], sys.argv[2:]

def hook(event, args):
    if event != "socket.connect":
        return
    address = args[1]
    host = address[0] if isinstance(address, tuple) else "unix"
    with open(record, "a") as out:
        out.write(host + "\\n")
    if not (host.startswith("127.") or host in ("::1", "unix")):
        raise ConnectionRefusedError(f"audit hook: connect to {host} blocked")

sys.addaudithook(hook)
with socket.socket() as probe:  # proves the hook sees connects: it must record this one
    try:
        probe.connect(("127.0.0.1", PORT))
    except OSError:
        pass
from govlint.cli import main
sys.exit(main(argv))
"""

FAST = """
[links]
timeout = 60
retries = 0
host_interval = 0.0
"""


@pytest.fixture
def server() -> Iterator[tuple[str, Log]]:
    with serve() as running:
        yield running


def _hooked(tmp_path: Path, *args: str) -> tuple[subprocess.CompletedProcess[str], list[str]]:
    """govlint under the audit hook; (the run, every address it connected to)."""
    record = tmp_path / "connects.txt"
    code = _HOOKED.replace("PORT", str(closed_port()))
    proc = subprocess.run([sys.executable, "-c", code, str(record), *args], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
    connects = record.read_text().split() if record.exists() else []
    return proc, connects


def _page(tmp_path: Path, links: list[str], config: str = FAST) -> None:
    (tmp_path / ".govlint.toml").write_text('select = ["dead-link"]\n' + config)
    body = "\n".join(f'<a href="{url}">link {i}</a>' for i, url in enumerate(links))
    (tmp_path / "index.html").write_text(f"<!DOCTYPE html>\n<html><body>\n{body}\n</body></html>\n")


def _messages(stdout: str) -> dict[int, tuple[str, str]]:
    return {v["line"]: (v["severity"], v["message"]) for v in json.loads(stdout)["violations"]}


REFUSED = {
    "http://169.254.169.254/latest/meta-data/": "link-local address 169.254.169.254 (cloud metadata)",
    "http://[fd00:ec2::254]/latest/meta-data/": "unique local address fd00:ec2::254 (cloud metadata)",
    "http://10.0.0.1/": "private address 10.0.0.1",
    "http://172.16.5.4/admin": "private address 172.16.5.4",
    "http://192.168.1.1/": "private address 192.168.1.1",
    "http://100.64.0.1/": "shared (carrier-grade NAT) address 100.64.0.1",
    "http://0.0.0.0/": "unspecified address 0.0.0.0",
    "http://[::]/": "unspecified address ::",
    "http://[fe80::1]/": "link-local address fe80::1",
    "http://[fc00::1]/": "unique local address fc00::1",
    "http://224.0.0.1/": "multicast address 224.0.0.1",
    "http://2852039166/": "link-local address 169.254.169.254 (cloud metadata)",  # WHATWG: one number
    "http://0xa9.0xfe.0xa9.0xfe/": "link-local address 169.254.169.254 (cloud metadata)",
    "http://012.1/": "private address 10.0.0.1",  # octal, two parts
    "http://[::ffff:10.0.0.1]/": "private address ::ffff:a00:1",
}


def test_links_to_non_global_addresses_are_refused_before_any_connect(
        tmp_path: Path, server: tuple[str, Log]) -> None:
    base, log = server
    redirected = [f"{base}/to?url=http://169.254.169.254/latest/", f"{base}/to?url=http://0x0a.1/"]
    _page(tmp_path, [*REFUSED, *redirected, f"{base}/ok"])
    proc, connects = _hooked(tmp_path, "--format", "json", "--no-cache", "--jobs", "1", "index.html")
    assert connects[0] == "127.0.0.1"  # the hook's own probe: it fires
    assert len(connects) >= 4, connects  # and it saw govlint's connects (redirects and /ok)
    assert all(c.startswith("127.") for c in connects), connects
    assert proc.returncode == 0, proc.stderr  # refusals are warnings, not dead links
    found = _messages(proc.stdout)
    for line, (url, why) in enumerate(REFUSED.items(), start=3):
        assert found[line] == ("warning", f"{url} was not checked: refused: {why}"), line
    line = 3 + len(REFUSED)
    assert found[line] == ("warning", f"{redirected[0]} was not checked: refused: link-local address "
                           "169.254.169.254 (cloud metadata) (redirected: http://169.254.169.254/latest/)")
    assert found[line + 1] == ("warning", f"{redirected[1]} was not checked: refused: private address "
                               "10.0.0.1 (redirected: http://10.0.0.1/)")
    assert line + 2 not in found  # loopback stays allowed
    assert log.total("/ok") == 1 and log.total("/to?url=http://0x0a.1/") == 1


def test_url_inputs_go_through_the_same_guard(tmp_path: Path, server: tuple[str, Log]) -> None:
    base, log = server
    inputs = ["http://169.254.169.254/latest/meta-data/", "http://[fd00:ec2::254]/",
              f"{base}/to?url=http://192.168.1.1/", "http://0x7f000001.example/", f"{base}/page.html"]
    proc, connects = _hooked(tmp_path, "--no-config", "--select", "dead-link", "--no-cache", *inputs)
    assert connects[0] == "127.0.0.1" and len(connects) >= 3
    assert all(c.startswith("127.") for c in connects), connects
    assert proc.returncode == 2
    assert proc.stdout.splitlines()[:3] == [
        "http://169.254.169.254/latest/meta-data/: error: refused: link-local address 169.254.169.254 "
        "(cloud metadata); see [links] allow_private and allow_networks",
        "http://[fd00:ec2::254]/: error: refused: unique local address fd00:ec2::254 (cloud metadata); "
        "see [links] allow_private and allow_networks",
        f"{base}/to?url=http://192.168.1.1/: error: refused: private address 192.168.1.1; "
        "see [links] allow_private and allow_networks",
    ]
    assert "Traceback" not in proc.stderr
    assert log.total("/page.html") == 1  # the loopback page was fetched and linted


def test_loopback_written_as_browsers_read_it(govlint: Run, tmp_path: Path, server: tuple[str, Log]) -> None:
    base, log = server
    port = base.rsplit(":", 1)[1]
    forms = ["2130706433", "127.1", "017700000001", "0x7f.1", "0X7F.0.0.1", "127.0.0.1."]
    _page(tmp_path, [f"http://{form}:{port}/ok-{i}" for i, form in enumerate(forms)] + ["http://[oops/"])
    proc = govlint("--format", "json", "--no-cache", "index.html", cwd=tmp_path)
    assert _messages(proc.stdout) == {
        3 + len(forms): ("error", "http://[oops/ is not a valid URL: an IPv6 host without its closing ']'")}
    assert [log.total(f"/ok-{i}") for i in range(len(forms))] == [1] * len(forms)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr


def test_invalid_urls_are_findings_offline_too(govlint: Run, tmp_path: Path) -> None:
    _page(tmp_path, ["http://[oops/", "https://[::1/x", "http://exa mple.gov/", "http://1.2.3.4.5/",
                     "http://host:99999/", "http://256.0.0.1/"])
    proc = govlint("--format", "json", "--offline", "index.html", cwd=tmp_path)
    found = _messages(proc.stdout)
    assert sorted(found) == list(range(3, 9))
    assert all(sev == "error" and " is not a valid URL: " in msg for sev, msg in found.values())
    assert found[5][1] == "http://exa mple.gov/ is not a valid URL: the host 'exa mple.gov' holds " \
                          "a character no host may have"
    assert proc.returncode == 1 and "Traceback" not in proc.stderr


def test_the_config_can_allow_networks_and_refuse_loopback(tmp_path: Path, server: tuple[str, Log]) -> None:
    base, log = server
    strict = FAST + 'refuse_private = true\nallow_networks = ["127.0.0.2/32"]\n'
    port = base.rsplit(":", 1)[1]
    _page(tmp_path, [f"{base}/ok-1", f"http://127.0.0.2:{port}/ok-2", "http://10.1.2.3/"], strict)
    proc, connects = _hooked(tmp_path, "--format", "json", "--no-cache", "index.html")
    found = _messages(proc.stdout)
    assert found[3] == ("warning", f"{base}/ok-1 was not checked: refused: loopback address 127.0.0.1")
    # allowed by allow_networks: connected to (nothing listens on 127.0.0.2, so it is dead)
    assert found[4][0] == "error"
    assert found[4][1].startswith(f"http://127.0.0.2:{port}/ok-2 is dead: cannot connect")
    assert found[5] == ("warning", "http://10.1.2.3/ was not checked: refused: private address 10.1.2.3")
    assert "127.0.0.2" in connects and "10.1.2.3" not in connects and log.total("/ok-1") == 0


def test_allow_private_still_refuses_metadata_and_unspecified(tmp_path: Path) -> None:
    _page(tmp_path, ["http://169.254.169.254/", "http://0.0.0.0/", "http://[fd00:ec2::254]/"],
          FAST + "allow_private = true\n")
    proc, connects = _hooked(tmp_path, "--format", "json", "--no-cache", "index.html")
    assert [m.split(" was not checked: refused: ")[1] for _, m in _messages(proc.stdout).values()] == [
        "link-local address 169.254.169.254 (cloud metadata)", "unspecified address 0.0.0.0",
        "unique local address fd00:ec2::254 (cloud metadata)"]
    assert all(c.startswith("127.") for c in connects)


def test_a_bad_network_in_the_config_is_a_config_error(govlint: Run, tmp_path: Path) -> None:
    _page(tmp_path, [], FAST + 'allow_networks = ["10.0.0.0/33"]\n')
    proc = govlint("index.html", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith("links.allow_networks: '10.0.0.0/33' is not an IP network "
                                        "such as 10.20.0.0/16")


class _Answers:
    """A name server that answers from a table (what DNS says is the input here; the guard
    on the answers is what is tested)."""

    def __init__(self, table: dict[str, list[str]]) -> None:
        self.table = table
        self.asked: list[str] = []

    async def resolve(self, host: str, port: int = 0,
                      family: int = socket.AF_INET) -> list[dict[str, object]]:
        self.asked.append(host)
        return [{"hostname": host, "host": a, "port": port, "family": socket.AF_INET6 if ":" in a
                 else socket.AF_INET, "proto": 0, "flags": socket.AI_NUMERICHOST} for a in self.table[host]]

    async def close(self) -> None:
        pass


def test_a_name_resolving_to_a_private_address_is_refused() -> None:
    answers = _Answers({"intranet.agency.example": ["10.20.30.40"],
                        "mixed.agency.example": ["93.184.215.14", "169.254.169.254"],
                        "v6.agency.example": ["fd12::1"]})
    checker = Checker(LinkSettings(retries=0, timeout=60, cache_dir=None), {}, resolver=answers)  # type: ignore[arg-type]
    connects: list[object] = []
    recording = [True]

    def hook(event: str, args: tuple[object, ...]) -> None:
        if event == "socket.connect" and recording[0]:
            connects.append(args[1])
            raise ConnectionRefusedError("audit hook: no connection may be made in this test")

    sys.addaudithook(hook)  # hooks cannot be removed: this one stops acting after the test
    try:
        results = checker.run({f"http://{name}/": False for name in answers.table})
    finally:
        recording[0] = False
    assert {u: (r.outcome, r.reason) for u, r in results.items()} == {
        "http://intranet.agency.example/": ("refused", "refused: intranet.agency.example resolves to "
                                            "private address 10.20.30.40"),
        "http://mixed.agency.example/": ("refused", "refused: mixed.agency.example resolves to "
                                         "link-local address 169.254.169.254 (cloud metadata)"),
        "http://v6.agency.example/": ("refused", "refused: v6.agency.example resolves to "
                                      "unique local address fd12::1"),
    }
    assert sorted(answers.asked) == sorted(answers.table)
    assert connects == []
