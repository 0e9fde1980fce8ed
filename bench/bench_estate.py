"""Estate benchmark on loopback only. Run by hand; never part of the tests.

    python bench/bench_estate.py [--sites 200] [--pages 20] [--corpus ../shared/corpus/real]

1. Serves SITES sites of PAGES pages each from one server on 127.0.0.1 (a host name per site,
   reached through --resolve). With a corpus folder, each page is a real government page from
   it (every one gets a list of links to the site's next pages, so a crawl finds them all);
   without one, small synthetic pages. Off-site links are neither followed nor checked
   (--no-external), so nothing leaves the machine.
2. Runs `govlint estate` over the estate twice in one run: in embedded mode (--jobs 2, local
   worker processes) and on a 2-worker Dask LocalCluster (one thread each) bound to
   127.0.0.1, and checks that both give the same merged report.
3. Prints the wall time of each scan (merge included, measured separately too), pages per
   second, the Dask/local ratio (target: at most 1.2), and the CPU seconds a page costs (from
   the wall time and the cores used), the figure docs/estate.md projects machines from.
"""

from __future__ import annotations

import argparse
import http.server
import json
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))


# A corpus page's own links and resources point at its agency's site; here they would be in
# the bench site's scope, and the crawl would spend each site's page budget on their 404s.
_LOCAL_REF = re.compile(rb"""\b(href|src)\s*=\s*(["']?)(?![a-z][a-z0-9+.-]*:|//|#)""", re.I)


def pages_from(corpus: Path | None, count: int) -> list[bytes]:
    """Corpus pages whose links and resources all leave the site (the bench adds its own)."""
    if corpus is None or not corpus.is_dir():
        return []
    return [_LOCAL_REF.sub(rb"\1=\2https://elsewhere.example/", p.read_bytes())
            for p in sorted(corpus.glob("*.html"))[:count]]


def make_handler(sites: dict[str, int], corpus: list[bytes]) -> type[http.server.BaseHTTPRequestHandler]:
    from tests.estate_sites import page

    def body(host: str, number: int, pages: int) -> bytes:
        if not corpus:
            return page(host, number, pages)
        following = range(number + 1, min(pages, number + 4))
        links = "".join(f'<a href="/p{n}.html">next {n}</a> ' for n in following)
        real = corpus[(hash(host) + number) % len(corpus)]
        end = real.rfind(b"</body>")
        nav = f"<nav>{links}</nav>".encode()
        return real[:end] + nav + real[end:] if end >= 0 else real + nav

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
            path = self.path.split("?", 1)[0]
            numbered = path.startswith("/p") and path.endswith(".html") and path[2:-5].isdigit()
            number = 0 if path == "/" else (int(path[2:-5]) if numbered else None)
            count = sites.get(host)
            if count is None or number is None or number >= count:
                data, status, kind = b"not found", 404, "text/plain"
            else:
                data, status, kind = body(host, number, count), 200, "text/html; charset=utf-8"
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Handler


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a crawler closing a connection early is not the bench's business


def cpu() -> float:
    """CPU seconds of this process's finished children and theirs (workers are joined)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(args: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "govlint", "estate", *args], cwd=cwd, capture_output=True,
                          text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode not in (0, 1):
        raise SystemExit(f"govlint estate failed ({proc.returncode}): {proc.stderr.strip()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sites", type=int, default=200)
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="copy the estate folders here when the reports differ")
    parser.add_argument("--corpus", type=Path, default=REPO.parent / "shared" / "corpus" / "real")
    ns = parser.parse_args()
    hosts = [f"www.site{n:04d}.gov" for n in range(ns.sites)]
    corpus = pages_from(ns.corpus, 146)
    handler = make_handler(dict.fromkeys(hosts, ns.pages), corpus)
    server = _Server(("127.0.0.1", 0), handler)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    from distributed import LocalCluster

    with tempfile.TemporaryDirectory(prefix="govlint-bench-estate-") as tmp:
        work = Path(tmp)
        (work / "sites.txt").write_text("".join(f"http://{h}:{port}/\n" for h in hosts), encoding="utf-8")
        common = ["sites.txt", "--no-config", "--no-external", "--quiet", "--max-pages", str(ns.pages + 5),
                  *(a for h in hosts for a in ("--resolve", f"{h}:{port}:127.0.0.1"))]
        before = cpu()
        local = run([*common, "--out", "local", "--jobs", "2", "--format", "json=local.json"], work)
        local_cpu = cpu() - before
        merge_local = run(["--merge", "local", "--no-config", "--quiet", "--format", "json=again.json"], work)
        before = cpu()
        started = time.perf_counter()
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                               dashboard_address=None)
        startup = time.perf_counter() - started
        try:
            dask = run([*common, "--out", "dask", "--scheduler", cluster.scheduler_address,
                        "--format", "json=dask.json"], work)
        finally:
            cluster.close()
        dask_cpu = cpu() - before  # the cluster's workers are joined by now
        same = (work / "local.json").read_bytes() == (work / "dask.json").read_bytes()
        pages = json.loads((work / "local.json").read_text(encoding="utf-8"))["summary"]["files"]
        if not same and ns.keep:
            shutil.copytree(work, ns.keep, dirs_exist_ok=True)
    server.shutdown()
    cores = os.cpu_count() or 1
    load = os.getloadavg()[0]
    print(f"estate: {ns.sites} sites x {ns.pages} pages: {pages} pages linted "
          f"({'corpus pages' if corpus else 'synthetic pages'}), {cores} cores, load average {load:.1f}")
    print(f"local (--jobs 2):        {local:7.1f} s wall ({pages / local:6.1f} pages/s), "
          f"{local_cpu:7.1f} s CPU; merge alone {merge_local:.1f} s")
    print(f"dask (2-worker cluster): {dask:7.1f} s wall ({pages / dask:6.1f} pages/s), "
          f"{dask_cpu:7.1f} s CPU; cluster start {startup:.1f} s")
    print(f"dask / local: {dask / local:.2f} wall, {dask_cpu / local_cpu:.2f} CPU (target <= 1.2); "
          f"same merged report: {same}")
    print(f"cost: {local_cpu / pages * 1000:.1f} ms CPU a page (local run, crawl, lint and merge)")

if __name__ == "__main__":
    main()
