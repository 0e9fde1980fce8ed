"""govlint estate end to end, in embedded mode: the CLI as a subprocess (as users run it)
against loopback sites, under the network guard."""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from estate_sites import Sites, guard_env, refused, serve

REPO = Path(__file__).resolve().parent.parent


def estate(*args: str, guard: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **guard_env(guard)}
    return subprocess.run([sys.executable, "-m", "govlint", "estate", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


def start(*args: str, guard: Path, cwd: Path) -> subprocess.Popen[str]:
    env = {**os.environ, **guard_env(guard)}
    return subprocess.Popen([sys.executable, "-m", "govlint", "estate", *args], cwd=cwd, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def rows(folder: Path) -> list[dict[str, str]]:
    with (folder / "estate.csv").open(newline="", encoding="utf-8") as stream:
        return list(csv.DictReader(stream))


def report_files(path: Path) -> list[str]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return sorted({v["file"] for v in data["violations"]} | {p["file"] for p in data["pages"]})


def site_list(tmp_path: Path, sites: Sites, hosts: list[str]) -> Path:
    path = tmp_path / "sites.txt"
    path.write_text("".join(sites.url(h) + "\n" for h in hosts), encoding="utf-8")
    return path


def test_every_page_of_every_site_is_linted_once_and_nothing_leaves_loopback(tmp_path: Path) -> None:
    hosts = [f"www.agency{n}.gov" for n in range(4)]
    with serve(dict.fromkeys(hosts, 5)) as sites:
        listing = site_list(tmp_path, sites, hosts)
        proc = estate(str(listing), "--out", "out", "--jobs", "2", "--no-config", *sites.resolve(),
                      "--format", "json=report.json", guard=tmp_path / "guard", cwd=tmp_path)
        assert proc.returncode == 1, proc.stderr  # the pages have errors (images with no alt text)
        assert sites.hosts_seen() == set(hosts)
    assert refused(tmp_path / "guard") == []
    expected = sorted(sites.url(h) + ("" if n == 0 else f"p{n}.html") for h in hosts for n in range(5))
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert sorted(p["file"] for p in data["pages"]) == expected  # each page once
    assert data["summary"]["files"] == 20
    image_alt = [v for v in data["violations"] if v["rule"] == "image-alt"]
    assert sorted(v["file"] for v in image_alt) == expected
    table = rows(tmp_path / "out")
    assert [r["url"] for r in table] == [sites.url(h) for h in hosts]
    assert all(r["pages"] == "5" and r["crawl_status"] == "complete" for r in table)
    assert all(r["wcag_failing"].split()[0] == "1.1.1" for r in table)
    assert all(r["dap"] == "missing" and r["https"] == "http" for r in table)
    assert (tmp_path / "out" / "estate.html").stat().st_size > 0


def test_the_page_budget_is_per_site(tmp_path: Path) -> None:
    hosts = ["big.agency.gov", "small.agency.gov"]
    with serve({"big.agency.gov": 30, "small.agency.gov": 2}) as sites:
        listing = site_list(tmp_path, sites, hosts)
        proc = estate(str(listing), "--out", "out", "--jobs", "1", "--no-config", "--max-pages", "6",
                      *sites.resolve(), "--format", "json=report.json", guard=tmp_path / "guard",
                      cwd=tmp_path)
        assert proc.returncode == 1, proc.stderr
        # Pages fetched (the site pass also checks the pages' image, /logo.png, once)
        page_requests = sum(n for (h, p), n in sites.requests.items()
                            if h == "big.agency.gov" and (p == "/" or p.startswith("/p")))
    big, small = rows(tmp_path / "out")
    assert int(big["pages"]) <= 6 and page_requests <= 6
    assert big["crawl_status"] == "page budget reached"
    assert (small["pages"], small["crawl_status"]) == ("2", "complete")
    assert refused(tmp_path / "guard") == []


def test_a_csv_carries_its_agency_columns_into_the_estate_csv(tmp_path: Path) -> None:
    with serve({"www.one.gov": 1, "www.two.gov": 1}) as sites:
        listing = tmp_path / "sites.csv"
        listing.write_text("agency,bureau,target_url,office\n"
                           f"Department of One,Bureau A,{sites.url('www.one.gov')},Press\n"
                           f'"Two, Inc.",,{sites.url("www.two.gov")},\n', encoding="utf-8")
        proc = estate(str(listing), "--out", "out", "--jobs", "2", "--no-config", *sites.resolve(),
                      "--format", "json=report.json", guard=tmp_path / "guard", cwd=tmp_path)
        assert proc.returncode == 1, proc.stderr
    with (tmp_path / "out" / "estate.csv").open(newline="", encoding="utf-8") as stream:
        table = list(csv.reader(stream))
    assert table[0][:4] == ["agency", "bureau", "office", "url"]
    assert [row[:4] for row in table[1:]] == [
        ["Department of One", "Bureau A", "Press", sites.url("www.one.gov")],
        ["Two, Inc.", "", "", sites.url("www.two.gov")]]


def test_an_interrupted_scan_resumes_with_the_unfinished_sites_only(tmp_path: Path) -> None:
    hosts = [f"site{n}.agency.gov" for n in range(5)]
    shards = tmp_path / "out" / "sites"
    with serve(dict.fromkeys(hosts, 3)) as sites:
        listing = site_list(tmp_path, sites, hosts)
        gate = sites.gates["site2.agency.gov"] = threading.Event()
        args = (str(listing), "--out", "out", "--jobs", "1", "--no-config", *sites.resolve(),
                "--format", "json=report.json")
        first = start(*args, guard=tmp_path / "guard", cwd=tmp_path)
        try:
            # Sites go in order with one worker: once site2 is held at the gate, site0 and
            # site1 are done and their shards are written.
            sites.wait_for(lambda: sites.waiting["site2.agency.gov"] > 0)
            assert len(list(shards.glob("*.jsonl.gz"))) == 2
            first.send_signal(signal.SIGTERM)
            first.communicate(timeout=120)
        finally:
            if first.poll() is None:
                first.kill()
                first.communicate()
        assert first.returncode == 143
        assert not (tmp_path / "report.json").exists()
        gate.set()
        before = {h: sites.total(h) for h in hosts}
        proc = estate(*args, guard=tmp_path / "guard", cwd=tmp_path)
        assert proc.returncode == 1, proc.stderr
        after = {h: sites.total(h) - before[h] for h in hosts}
    assert after["site0.agency.gov"] == after["site1.agency.gov"] == 0  # finished: not asked again
    assert all(after[h] >= 3 for h in hosts[2:])
    assert "3 sites scanned, 2 kept from an earlier run" in proc.stderr
    assert [r["pages"] for r in rows(tmp_path / "out")] == ["3"] * 5
    assert len(report_files(tmp_path / "report.json")) == 15
    assert not [p for p in (tmp_path / "out").rglob(".*")]  # no temporary file left behind
    assert refused(tmp_path / "guard") == []


def test_merge_alone_writes_every_format(tmp_path: Path) -> None:
    with serve({"www.one.gov": 2}) as sites:
        listing = site_list(tmp_path, sites, ["www.one.gov"])
        proc = estate(str(listing), "--out", "out", "--no-config", *sites.resolve(),
                      "--format", "json=a.json", guard=tmp_path / "guard", cwd=tmp_path)
        assert proc.returncode == 1, proc.stderr
    (tmp_path / "out" / "estate.csv").unlink()
    formats = ["text", "json", "sarif", "junit", "github", "gitlab", "markdown", "html"]
    proc = estate("--merge", "out", "--no-config", *(f"--format={f}=r.{f}" for f in formats),
                  guard=tmp_path / "guard", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert (tmp_path / "out" / "estate.csv").exists()
    assert json.loads((tmp_path / "r.json").read_text()) == json.loads((tmp_path / "a.json").read_text())
    for name in formats:
        text = (tmp_path / f"r.{name}").read_text(encoding="utf-8").replace("%3A", ":")
        assert sites.url("www.one.gov") + "p1.html" in text, name


@pytest.mark.parametrize(("args", "message"), [
    (["--out", "x"], "give the list of sites"),
    (["--merge", "nowhere"], "not an estate folder"),
    (["missing.txt", "--out", "x"], "cannot read the list of sites"),
])
def test_bad_input_is_one_line_and_status_2(tmp_path: Path, args: list[str], message: str) -> None:
    proc = estate(*args, "--no-config", guard=tmp_path / "guard", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("govlint: error:") and message in proc.stderr
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr


def _children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def test_a_local_worker_killed_mid_site_costs_nothing_but_a_retry(tmp_path: Path) -> None:
    hosts = [f"site{n}.agency.gov" for n in range(3)]
    with serve(dict.fromkeys(hosts, 3)) as sites:
        listing = site_list(tmp_path, sites, hosts)
        gate = sites.gates["site1.agency.gov"] = threading.Event()
        scan = start(str(listing), "--out", "out", "--jobs", "1", "--no-config", *sites.resolve(),
                     "--format", "json=report.json", guard=tmp_path / "guard", cwd=tmp_path)
        try:
            sites.wait_for(lambda: sites.waiting["site1.agency.gov"] > 0)
            workers = _children(scan.pid)  # --jobs 1: the one worker, holding site1
            assert len(workers) == 1
            os.kill(workers[0], signal.SIGKILL)
            gate.set()
            _, err = scan.communicate(timeout=300)
        finally:
            if scan.poll() is None:
                scan.kill()
                scan.communicate()
        assert scan.returncode == 1, err
    assert [(r["pages"], r["crawl_status"]) for r in rows(tmp_path / "out")] == [("3", "complete")] * 3
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    pages = [p["file"] for p in data["pages"]]
    assert len(pages) == len(set(pages)) == 9
    assert refused(tmp_path / "guard") == []
