"""govlint estate on real Dask clusters bound to 127.0.0.1: a LocalCluster of two worker
processes, and a cluster started as users start one (``dask scheduler``, ``dask worker``),
one of whose workers is killed mid-scan."""

from __future__ import annotations

import csv
import json
import os
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from estate_sites import guard_env, refused, serve
from test_estate_run import estate, rows, site_list, start

from govlint.estate.sites import Site, normalise

distributed = pytest.importorskip("distributed")

DASK = Path(sys.executable).parent / "dask"


@pytest.fixture
def local_cluster(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Two worker processes (spawned, so they run the network guard too)."""
    for name, value in guard_env(tmp_path / "guard").items():
        monkeypatch.setenv(name, value)
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                       dashboard_address=None, silence_logs=40)
    try:
        yield cluster.scheduler_address
    finally:
        cluster.close()


def _same(a: Path, b: Path) -> None:
    assert a.read_bytes() == b.read_bytes(), (a, b)


def test_dask_and_local_runs_give_the_same_merged_result(tmp_path: Path, local_cluster: str) -> None:
    hosts = [f"www.bureau{n}.gov" for n in range(6)]
    with serve({h: 2 + n for n, h in enumerate(hosts)}) as sites:
        listing = tmp_path / "sites.csv"
        listing.write_text("url,agency\n" + "".join(f"{sites.url(h)},Agency {n % 2}\n"
                                                    for n, h in enumerate(hosts)), encoding="utf-8")
        common = (str(listing), "--no-config", *sites.resolve())
        on_dask = estate(*common, "--out", "dask", "--scheduler", local_cluster, "--format", "json=dask.json",
                         "--format", "sarif=dask.sarif", guard=tmp_path / "guard", cwd=tmp_path)
        assert on_dask.returncode == 1, on_dask.stderr
        served = sites.total()
        local = estate(*common, "--out", "local", "--jobs", "2", "--format", "json=local.json",
                       "--format", "sarif=local.sarif", guard=tmp_path / "guard", cwd=tmp_path)
        assert local.returncode == 1, local.stderr
        assert sites.total() == 2 * served  # each run asked for every page once
    for name in ("dask.json", "dask.sarif", "dask/estate.csv"):
        _same(tmp_path / name, tmp_path / name.replace("dask", "local"))
    table = rows(tmp_path / "dask")
    assert [int(r["pages"]) for r in table] == [2 + n for n in range(6)]
    assert [r["agency"] for r in table] == ["Agency 0", "Agency 1"] * 3
    assert refused(tmp_path / "guard") == []


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def user_cluster(tmp_path: Path) -> Iterator[tuple[str, list[subprocess.Popen[bytes]]]]:
    """``dask scheduler --host 127.0.0.1`` and two ``dask worker`` processes, as a user starts
    them (the test's client waits for them to connect: an event, not a time)."""
    env = {**os.environ, **guard_env(tmp_path / "guard")}
    address = f"tcp://127.0.0.1:{_free_port()}"
    started: list[subprocess.Popen[bytes]] = []
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "env": env}
    try:
        started.append(subprocess.Popen([str(DASK), "scheduler", "--host", "127.0.0.1", "--port",
                                         address.rsplit(":", 1)[1], "--no-dashboard"], **quiet))
        for _ in range(2):
            started.append(subprocess.Popen([str(DASK), "worker", address, "--host", "127.0.0.1",
                                             "--nthreads", "1", "--no-nanny", "--no-dashboard"], **quiet))
        yield address, started
    finally:
        for process in reversed(started):
            if process.poll() is None:
                process.terminate()
        for process in reversed(started):
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_a_worker_killed_mid_scan_loses_no_site_and_doubles_no_page(
        tmp_path: Path, user_cluster: tuple[str, list[subprocess.Popen[bytes]]]) -> None:
    address, processes = user_cluster
    workers = processes[1:]
    hosts = [f"www.office{n}.gov" for n in range(6)]
    victim_host = "www.office2.gov"
    with serve(dict.fromkeys(hosts, 3)) as sites, distributed.Client(address, timeout="120s") as client:
        client.wait_for_workers(2, timeout=120)
        gate = sites.gates[victim_host] = threading.Event()
        listing = site_list(tmp_path, sites, hosts)
        scan = start(str(listing), "--out", "out", "--scheduler", address, "--no-config", *sites.resolve(),
                     "--format", "json=report.json", guard=tmp_path / "guard", cwd=tmp_path)
        try:
            sites.wait_for(lambda: sites.waiting[victim_host] > 0)
            # The worker holding the gated site: the one whose task asked for it.
            pids = {pid: worker for worker, pid in client.run(os.getpid).items()}
            processing = client.processing()
            key = site_key(sites.url(victim_host))
            holder = next(pid for pid, worker in pids.items()
                          if any(key in str(task) for task in processing.get(worker, ())))
            victim = next(w for w in workers if w.pid == holder)
            os.kill(victim.pid, signal.SIGKILL)
            victim.wait(timeout=60)
            gate.set()
            _, err = scan.communicate(timeout=300)
        finally:
            if scan.poll() is None:
                scan.kill()
                scan.communicate()
        assert scan.returncode == 1, err
    table = rows(tmp_path / "out")
    assert [(r["url"], r["pages"], r["crawl_status"]) for r in table] == [
        (sites.url(h), "3", "complete") for h in hosts]
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    pages = [p["file"] for p in data["pages"]]
    assert len(pages) == len(set(pages)) == 18  # every page, none twice
    assert sorted(pages) == sorted(sites.url(h) + ("" if n == 0 else f"p{n}.html")
                                   for h in hosts for n in range(3))
    alt = [v["file"] for v in data["violations"] if v["rule"] == "image-alt"]
    assert sorted(alt) == sorted(pages)
    assert refused(tmp_path / "guard") == []
    with (tmp_path / "out" / "estate.csv").open(newline="", encoding="utf-8") as stream:
        assert len(list(csv.reader(stream))) == 7


def site_key(url: str) -> str:
    """The part of a task key that names its site (keys are govlint-site-<key>-<run>)."""
    return Site(0, normalise(url, "test")).key
