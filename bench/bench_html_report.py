"""How fast the HTML report opens and filters in headless Chromium, driven over the DevTools
protocol (aiohttp's WebSocket client; nothing else to install).

    python ../shared/corpus/make_site.py /tmp/site --pages 2000
    govlint --offline --no-config --root /tmp/site /tmp/site --format html=/tmp/r.html
    python bench/bench_html_report.py /tmp/r.html --screenshot /tmp/r.png

Prints the file size per finding, the time from navigation to the report's script being done
(its data-ready-ms), and the time of each filter keystroke (input event to layout done).
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import itertools
import json
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import aiohttp

TYPE = "about"  # typed into the "Contains" filter one key at a time
KEYSTROKE = """(() => {
  const input = document.getElementById("f-text");
  const t0 = performance.now();
  input.value += %s;
  input.dispatchEvent(new Event("input"));
  document.getElementById("view").getBoundingClientRect();  // layout included
  return [performance.now() - t0, document.getElementById("shown-count").textContent];
})()"""


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Tab:
    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws, self.ids = ws, itertools.count(1)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        ident = next(self.ids)
        await self.ws.send_json({"id": ident, "method": method, "params": params})
        async for message in self.ws:
            data = json.loads(message.data)
            if data.get("id") == ident:
                if "error" in data:
                    raise RuntimeError(data["error"])
                return data["result"]
        raise RuntimeError("Chromium closed the connection")

    async def eval(self, expression: str) -> Any:
        result = await self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        return result["result"].get("value")


async def measure(report: Path, screenshot: Path | None) -> dict[str, Any]:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("chromium is not installed")
    port = _port()
    with tempfile.TemporaryDirectory() as profile:
        proc = subprocess.Popen([chromium, "--headless", "--no-sandbox", "--disable-gpu",
                                 "--disable-dev-shm-usage", "--no-first-run",
                                 "--disable-background-networking", "--window-size=1280,1000",
                                 f"--remote-debugging-port={port}", f"--user-data-dir={profile}",
                                 "about:blank"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            async with aiohttp.ClientSession() as http:
                for _ in range(100):
                    try:
                        async with http.get(f"http://127.0.0.1:{port}/json/list") as response:
                            targets = await response.json()
                        break
                    except aiohttp.ClientError:
                        await asyncio.sleep(0.1)
                page = next(t for t in targets if t["type"] == "page")
                async with http.ws_connect(page["webSocketDebuggerUrl"], max_msg_size=0) as ws:
                    tab = Tab(ws)
                    start = time.perf_counter()
                    await tab.call("Page.navigate", url=report.resolve().as_uri())
                    while await tab.eval("document.body && document.body.dataset.ready") != "true":
                        await asyncio.sleep(0.02)
                    wall = time.perf_counter() - start
                    ready_ms = int(await tab.eval("document.body.dataset.readyMs"))
                    keys = [await tab.eval(KEYSTROKE % json.dumps(c)) for c in TYPE]
                    if screenshot is not None:
                        shot = await tab.call("Page.captureScreenshot", format="png")
                        screenshot.write_bytes(base64.b64decode(shot["data"]))
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    findings = count_findings(report)
    return {"bytes": report.stat().st_size, "findings": findings,
            "bytes_per_finding": round(report.stat().st_size / max(findings, 1)),
            "open_ms": ready_ms, "open_wall_s": round(wall, 2),
            "keystroke_ms": [round(k[0], 1) for k in keys], "shown_after_typing": keys[-1][1]}


def count_findings(report: Path) -> int:
    """Findings in the report: its rows hold seven numbers each."""
    text = report.read_text(encoding="utf-8")
    start = text.index('id="report-data">') + len('id="report-data">')
    data = json.loads(text[start:text.index("</script>", start)])
    return len(data["rows"]) // 7


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("report", type=Path)
    p.add_argument("--screenshot", type=Path)
    ns = p.parse_args()
    print(json.dumps(asyncio.run(measure(ns.report, ns.screenshot)), indent=2))


if __name__ == "__main__":
    main()
