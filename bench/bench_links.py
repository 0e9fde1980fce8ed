"""External-link benchmark on loopback only. Run by hand; never part of the tests.

    python bench/bench_links.py [--site /tmp/govlint-bench-site] [--pages 2000] [--urls 5000]
                                [--hosts 50] [--latency 0.02]

1. Builds a site with ../shared/corpus/make_site.py (outside the repository) and adds to its
   pages links to URLS distinct URLs spread over HOSTS loopback hosts (127.0.0.1 ... 127.0.0.N),
   each URL linked from two pages.
2. Starts a server process answering every request after LATENCY seconds, logging each
   request's host and time.
3. Lints the site with dead-link and missing-anchor on (no cache; the corpus pages' own
   internet links are excluded, so nothing leaves the machine) and reports URLs/s, wall time,
   peak memory, and the highest number of requests any host received in one second.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import signal
import subprocess
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAKE_SITE = HERE.parent.parent / "shared" / "corpus" / "make_site.py"


def serve(port: int, hosts: int, latency: float, log_path: str) -> None:
    from aiohttp import web

    seen: list[tuple[str, float]] = []

    async def handle(request: web.Request) -> web.Response:
        seen.append((request.host, time.monotonic()))
        await asyncio.sleep(latency)
        return web.Response(text="ok")

    async def main() -> None:
        app = web.Application()
        app.router.add_route("*", "/{tail:.*}", handle)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        for i in range(1, hosts + 1):
            await web.TCPSite(runner, f"127.0.0.{i}", port, backlog=1024).start()
        print("ready", flush=True)
        stop = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        await stop.wait()
        Path(log_path).write_text(json.dumps(seen))
        await runner.cleanup()

    asyncio.run(main())


def add_links(site: Path, urls: list[str]) -> int:
    pages = sorted(site.glob("s*/d*/p*.html"))
    per_page: dict[Path, list[str]] = defaultdict(list)
    for i, url in enumerate(urls * 2):  # every URL from two pages: checked once all the same
        per_page[pages[(i * 7919) % len(pages)]].append(url)
    for page, links in per_page.items():
        data = page.read_bytes()
        block = ("<ul class='bench-links'>" + "".join(f"<li><a href='{u}'>x</a></li>" for u in links)
                 + "</ul>").encode()
        end = data.rfind(b"</body>")
        page.write_bytes(data[:end] + block + data[end:] if end != -1 else data + block)
    return len(pages)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--site", type=Path, default=Path("/tmp/govlint-bench-site"))
    ap.add_argument("--pages", type=int, default=2000)
    ap.add_argument("--urls", type=int, default=5000)
    ap.add_argument("--hosts", type=int, default=50)
    ap.add_argument("--latency", type=float, default=0.02)
    ap.add_argument("--port", type=int, default=18080)
    ap.add_argument("--host-interval", type=float, default=0.01,
                    help="seconds between request starts to one host (the politeness limit)")
    ap.add_argument("--host-concurrency", type=int, default=16)
    ap.add_argument("--max-concurrency", type=int, default=512)
    ap.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--log", default="", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        serve(args.port, args.hosts, args.latency, args.log)
        return 0

    subprocess.run([sys.executable, str(MAKE_SITE), str(args.site), "--pages", str(args.pages),
                    "--force"], check=True)
    urls = [f"http://127.0.0.{k % args.hosts + 1}:{args.port}/u{k}" for k in range(args.urls)]
    pages = add_links(args.site, urls)

    log_path = str(args.site.parent / "govlint-bench-server.json")
    server = subprocess.Popen([sys.executable, __file__, "--serve", "--port", str(args.port),
                               "--hosts", str(args.hosts), "--latency", str(args.latency),
                               "--log", log_path], stdout=subprocess.PIPE, text=True)
    assert server.stdout is not None and server.stdout.readline().strip() == "ready"
    try:
        report, t, stats = run_govlint(args)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)

    seen = json.loads(Path(log_path).read_text())
    per_host_second: Counter[tuple[str, int]] = Counter((h, int(t)) for h, t in seen)
    worst = max(per_host_second.values())
    allowed = 1 / args.host_interval if args.host_interval else float("inf")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    dead = sum(1 for v in report.violations if v.rule == "dead-link")
    print(f"site             {pages} pages (+ index pages), {args.urls} distinct URLs on "
          f"{args.hosts} hosts, {args.latency * 1000:.0f} ms latency")
    print(f"limits           max_concurrency {args.max_concurrency}, host_concurrency "
          f"{args.host_concurrency}, host_interval {args.host_interval} s (= {allowed:.0f} req/s per host)")
    print(f"requests served  {len(seen)}")
    print(f"external checks  {t['http']:.2f} s -> {args.urls / t['http']:.0f} URLs/s")
    print(f"whole run        {t['total']:.1f} s: page pass {t['total'] - t['site']:.1f} s "
          f"({pages / (t['total'] - t['site']):.1f} pages/s), site pass {t['site']:.1f} s "
          f"(local links {t['site'] - t['http']:.1f} s, external {t['http']:.1f} s)")
    print(f"peak memory      {peak_mb:.0f} MB (max RSS of the linting process)")
    print(f"busiest host     {worst} requests in one second (allowed {allowed:.0f}); "
          f"checker's own count: {max(stats.max_per_second(h) for h in stats.starts)}")
    print(f"findings         {dead} dead-link (the corpus pages' own dead local links)")
    return 0


def run_govlint(args: argparse.Namespace):
    from govlint import config, inputs, ruleset
    from govlint.globs import GlobSet
    from govlint.links import site as site_module
    from govlint.runner import Linter

    rules = ruleset.load()
    data = {"links": {
        "exclude_urls": [r"^(?!http://127\.0\.0\.)"],  # the corpus pages' internet links
        "max_concurrency": args.max_concurrency, "host_concurrency": args.host_concurrency,
        "host_interval": args.host_interval, "timeout": 30, "retries": 1,
    }}
    cfg = config.build(config.RawConfig(data), rules,
                       config.CliOverrides(select=["dead-link", "missing-anchor"], no_cache=True))
    linter = Linter(cfg, rules)
    sources, _ = inputs.expand([str(args.site)], GlobSet(), args.site)

    timings = {}
    original = site_module.SitePass.run

    def timed_run(self, pages):
        start = time.perf_counter()
        outcome = original(self, pages)
        timings["site"] = time.perf_counter() - start
        timings["stats"] = outcome.stats
        return outcome

    from govlint.links import external

    original_check = external.Checker.run

    def timed_check(self, urls):
        start = time.perf_counter()
        results = original_check(self, urls)
        timings["http"] = time.perf_counter() - start
        return results

    site_module.SitePass.run = timed_run  # measure the site pass alone
    external.Checker.run = timed_check  # and the HTTP checks within it
    start = time.perf_counter()
    report = linter.lint_sources(sources, offline=False, read_stdin=lambda _size: b"", env=os.environ)
    total = time.perf_counter() - start
    timings["total"] = total
    return report, timings, timings["stats"]


if __name__ == "__main__":
    sys.exit(main())
