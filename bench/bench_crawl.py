"""Crawl benchmark. Run by hand; never part of the tests.

    python bench/bench_crawl.py [--site /tmp/govlint-bench-crawl-site] [--pages 2000] [--jobs 2]
    python bench/bench_crawl.py --runs static,render --small 60     # what --render costs

Builds the site with ../shared/corpus/make_site.py (outside the repository), serves it on
127.0.0.1 with a fixed latency per response (20 ms; --latency), and times, with the same
--jobs: linting the files from disk (--offline), crawling the site from its root
(--no-external, reached under a real-looking host name with --resolve), and a crawl bounded
to a quarter of the pages (for memory: a flat crawl's peak does not grow with the pages).
The runs "static" and "render" crawl the first --small URLs without and with --render
(pages/s counts the pages in the report).
Prints wall time, pages/s, peak memory (max RSS of the process and its children), the
requests the server answered and the most it had in flight.
"""

from __future__ import annotations

import argparse
import http.server
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
MAKE_SITE = HERE.parent.parent / "shared" / "corpus" / "make_site.py"
HOST = "www.bench-agency.gov"
_MEASURE = """
import resource, subprocess, sys
with open(sys.argv[1], "wb") as out:
    code = subprocess.call(sys.argv[2:], stdout=out, stderr=subprocess.STDOUT)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, code)
"""


def timed(cmd: list[str], cwd: Path) -> tuple[float, float, int]:
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", _MEASURE, str(cwd / "output.log"), *cmd], cwd=cwd,
                         capture_output=True, text=True, check=True).stdout.split()
    return time.perf_counter() - start, float(out[0]), int(out[1])


class Counts:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.requests = 0
        self.in_flight = 0
        self.peak = 0


def serve(root: Path, latency: float, counts: Counts) -> http.server.ThreadingHTTPServer:
    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(root), **kwargs)

        def log_message(self, *args: object) -> None:
            pass

        def send_head(self) -> Any:
            with counts.lock:
                counts.requests += 1
                counts.in_flight += 1
                counts.peak = max(counts.peak, counts.in_flight)
            time.sleep(latency)  # the network and server time of a real site
            with counts.lock:
                counts.in_flight -= 1
            return super().send_head()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", type=Path, default=Path("/tmp/govlint-bench-crawl-site"))
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--latency", type=float, default=0.02)
    ap.add_argument("--runs", default="disk,crawl,quarter",
                    help="which runs, comma-separated: disk, crawl, quarter, static, render")
    ap.add_argument("--small", type=int, default=60, help="URLs the static and render runs fetch")
    args = ap.parse_args()
    if not (args.site / "index.html").is_file():
        subprocess.run([sys.executable, str(MAKE_SITE), str(args.site), "--pages", str(args.pages),
                        "--force"], check=True)
    pages = len(list(args.site.rglob("*.html")))
    counts = Counts()
    server = serve(args.site, args.latency, counts)
    port = server.server_address[1]
    common = ["--no-config", "--no-cache", "--jobs", str(args.jobs), "--format", "json", "--output"]
    crawl = [sys.executable, "-m", "govlint", "crawl", "--no-external", "--resolve",
             f"{HOST}:{port}:127.0.0.1", *common]
    rows = []
    try:
        with tempfile.TemporaryDirectory() as work:
            cwd = Path(work)
            report = str(cwd / "report.json")
            disk = [sys.executable, "-m", "govlint", "--offline", "--root", str(args.site)]
            runs = {"disk": ("lint from disk", [*disk, *common, report, str(args.site)], pages),
                    "crawl": ("crawl", [*crawl, report, "--max-pages", "20000", f"http://{HOST}:{port}/"],
                              pages),
                    "quarter": ("crawl, a quarter", [*crawl, report, "--max-pages", str(pages // 4),
                                                     f"http://{HOST}:{port}/"], pages // 4),
                    "static": ("crawl, small", [*crawl, report, "--max-pages", str(args.small),
                                                f"http://{HOST}:{port}/"], None),
                    "render": ("crawl --render", [*crawl, report, "--render", "--max-pages", str(args.small),
                                                  f"http://{HOST}:{port}/"], None)}
            for label, cmd, count in (runs[name] for name in args.runs.split(",")):
                with counts.lock:
                    counts.requests = counts.peak = 0
                wall, peak, code = timed(cmd, cwd)
                if count is None:  # the pages the crawl linted
                    count = json.loads(Path(report).read_text(encoding="utf-8"))["summary"]["files"]
                rows.append((label, wall, count, count / wall, peak, code, counts.requests, counts.peak))
    finally:
        server.shutdown()
    print(f"{pages} pages, {args.latency * 1000:g} ms a response, --jobs {args.jobs}")
    print(f"{'run':<18} {'wall s':>7} {'pages':>6} {'pages/s':>8} {'peak MB':>8} {'exit':>4} {'requests':>8} "
          f"{'in flight':>9}")
    for label, wall, count, rate, peak, code, requests, most in rows:
        print(f"{label:<18} {wall:7.1f} {count:6d} {rate:8.2f} {peak:8.0f} {code:4d} {requests:8d} {most:9d}")
    walls = {label: wall for label, wall, *_ in rows}
    if "lint from disk" in walls and "crawl" in walls:
        print(f"crawl / disk: {walls['crawl'] / walls['lint from disk']:.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
