"""Rendered-mode speed: govlint --render against axe-core in the same Chromium, same pages.
Run by hand; never part of the tests.

    python bench/bench_render.py ../shared/corpus/real [--jobs 2] [--axe axe-core@4]

govlint is timed as a user runs it (the command line, --render --offline --jobs N, every rule).
axe-core is fetched from the npm registry (`npm pack`) into a temporary folder and run in N
processes, each with one Chromium launched with the same flags, pages served by the same kind
of loopback server with outside requests blocked, loaded to the same point (load event, then
network idle), then `axe.run()` with its default rules. Both report pages/s; the axe run
also says how many pages it produced a result for, so a silent failure cannot pass for speed.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import Any

from govlint.render.server import LoopbackServer, Served
from govlint.render.session import FLAGS, NO_NETWORK
from govlint.render.settings import RenderSettings, find_chromium


def fetch_axe(spec: str, into: Path) -> tuple[str, str]:
    """axe.min.js and its version, from the npm registry."""
    subprocess.run(["npm", "pack", spec, "--silent"], cwd=into, check=True, capture_output=True)
    tgz = next(into.glob("axe-core-*.tgz"))
    with tarfile.open(tgz) as tar:
        script = tar.extractfile("package/axe.min.js")
        meta = tar.extractfile("package/package.json")
        assert script is not None and meta is not None
        return script.read().decode("utf-8"), json.loads(meta.read())["version"]


def run_govlint(folder: Path, jobs: int) -> tuple[float, int, int]:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "govlint", "--render", "--offline", "--no-config",
                           "--no-cache", "--jobs", str(jobs), "--format", "json", str(folder)],
                          capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    report = json.loads(proc.stdout)
    return elapsed, len(report["errors"]), len(report["violations"])


AxeResult = tuple[str, int, int, str]  # page, violated rules, passed rules, error
_STATE: dict[str, Any] = {}  # each axe worker process's browser and server


def _axe_worker(chromium: str, axe: str, root: str) -> None:
    from playwright.sync_api import sync_playwright

    driver = sync_playwright().start()
    browser = driver.chromium.launch(executable_path=chromium, args=[*FLAGS, *NO_NETWORK])
    _STATE.update(driver=driver, browser=browser, axe=axe, server=LoopbackServer(), root=Path(root))


def _axe_page(name: str) -> AxeResult:
    """(page, violations, passes, error) for one page."""
    server: LoopbackServer = _STATE["server"]
    root: Path = _STATE["root"]
    url = server.serve(Served("/" + name, (root / name).read_bytes(), root))
    origin = server.origin + "/"
    context = _STATE["browser"].new_context(service_workers="block")
    try:
        context.route(re.compile(f"^(?!{re.escape(origin)})"), lambda route: route.abort("blockedbyclient"))
        page = context.new_page()
        page.goto(url, wait_until="load", timeout=15000)
        page.wait_for_load_state("networkidle", timeout=15000)
        page.add_script_tag(content=_STATE["axe"])
        result = page.evaluate("async () => { const r = await axe.run(document); "
                               "return [r.violations.length, r.passes.length]; }")
        return name, result[0], result[1], ""
    except Exception as exc:  # the page is counted as not covered
        return name, 0, 0, str(exc).splitlines()[0]
    finally:
        context.close()


def run_axe(folder: Path, jobs: int, axe: str, chromium: str) -> tuple[float, list[AxeResult]]:
    names = sorted(p.name for p in folder.glob("*.html"))
    started = time.perf_counter()
    with multiprocessing.Pool(jobs, initializer=_axe_worker, initargs=(chromium, axe, str(folder))) as pool:
        results = pool.map(_axe_page, names, chunksize=1)
    return time.perf_counter() - started, results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--axe", default="axe-core@4", help="npm package spec of axe-core")
    args = ap.parse_args()
    pages = sorted(args.folder.glob("*.html"))
    chromium = find_chromium(RenderSettings())
    tmp = Path(tempfile.mkdtemp(prefix="bench-render-"))
    try:
        axe, version = fetch_axe(args.axe, tmp)
        g_time, g_errors, g_violations = run_govlint(args.folder, args.jobs)
        a_time, results = run_axe(args.folder, args.jobs, axe, chromium)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    covered = [r for r in results if not r[3] and r[2] > 0]
    print(f"{len(pages)} pages, --jobs {args.jobs}, Chromium {chromium}")
    print(f"govlint --render: {g_time:6.1f} s  {len(pages) / g_time:5.2f} pages/s  "
          f"({g_violations} violations, {g_errors} pages not settled)")
    print(f"axe-core {version}: {a_time:6.1f} s  {len(pages) / a_time:5.2f} pages/s  "
          f"({len(covered)} pages with results, {sum(r[1] for r in covered)} violated rules in all)")
    failed = [r for r in results if r[3]]
    for name, _, _, error in failed[:5]:
        print(f"  axe could not run on {name}: {error}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
