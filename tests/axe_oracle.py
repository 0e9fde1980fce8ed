"""Run axe-core in headless Chromium over pages served from a loopback HTTP server.

Elements are named the same way on both sides, by their place in the tree: a CSS path of
``:nth-child()`` steps from ``html`` (``html > body:nth-child(2) > img:nth-child(3)``). The
browser computes it from the element axe hands back (``elementRef``), govlint from the lxml
element its check returns. Both trees come from an HTML5 parser, so the same markup gives the
same path, whatever ids, classes or duplicate ids the page has; no selector is re-resolved.
"""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cdp import Browser

# In the page: run axe with the given rules and name each node by its tree path.
_RUN = """
(async (rules) => {
  const pathOf = (el) => {
    const steps = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const parent = node.parentElement;
      if (!parent) { steps.unshift(node.localName); break; }
      const nth = Array.prototype.indexOf.call(parent.children, node) + 1;
      steps.unshift(`${node.localName}:nth-child(${nth})`);
    }
    return steps.join(' > ');
  };
  const result = await axe.run(document, {
    runOnly: {type: 'rule', values: rules}, elementRef: true, iframes: false,
    resultTypes: ['violations', 'incomplete'],
  });
  const nodes = (list) => list.map((rule) => [rule.id, rule.nodes.map((n) => ({
    path: n.element ? pathOf(n.element) : 'not in the page: ' + JSON.stringify(n.target),
    html: n.html, summary: n.failureSummary || '',
  }))]);
  return {violations: nodes(result.violations), incomplete: nodes(result.incomplete)};
})(%s)
"""


@dataclass(frozen=True)
class AxeNode:
    path: str
    html: str
    summary: str


@dataclass(frozen=True)
class AxeResult:
    violations: dict[str, tuple[AxeNode, ...]]  # by rule id
    incomplete: dict[str, tuple[AxeNode, ...]]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1; yields the base URL."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


class Axe:
    """axe-core injected into every document a Chromium page loads."""

    def __init__(self, browser: Browser, axe_source: str) -> None:
        self._browser = browser
        self._page = ""
        self._allowed = False
        browser.call("Page.enable")
        browser.call("Page.addScriptToEvaluateOnNewDocument", source=axe_source)
        browser.call("Runtime.evaluate", expression=axe_source)  # and into today's about:blank
        # Every document request is paused: only the page being tested may load. A
        # <meta http-equiv="refresh"> or a link followed would replace it; an aborted
        # navigation commits nothing, so the page stays as it was.
        browser.handlers["Fetch.requestPaused"] = self._paused
        browser.call("Fetch.enable", patterns=[{"resourceType": "Document"}])

    def _paused(self, event: dict[str, Any]) -> None:
        params = event["params"]
        if params["request"]["url"] == self._page and not self._allowed:
            self._allowed = True
            self._browser.send("Fetch.continueRequest", requestId=params["requestId"])
        else:
            self._browser.send("Fetch.failRequest", requestId=params["requestId"],
                               errorReason="Aborted")

    def rule_ids(self) -> frozenset[str]:
        found = self._browser.call("Runtime.evaluate", expression="axe.getRules().map(r => r.ruleId)",
                                   returnByValue=True)
        return frozenset(found["result"]["value"])

    def run(self, url: str, rules: list[str]) -> AxeResult:
        self._page, self._allowed = url, False
        nav = self._browser.call("Page.navigate", url=url)
        if nav.get("errorText"):
            raise RuntimeError(f"{url}: {nav['errorText']}")
        self._browser.wait_for("Page.loadEventFired")
        reply = self._browser.call("Runtime.evaluate", expression=_RUN % json.dumps(rules),
                                   awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in reply:
            raise RuntimeError(f"{url}: axe failed: {reply['exceptionDetails']}")
        value = reply["result"]["value"]
        return AxeResult(*({rule: tuple(AxeNode(**n) for n in nodes) for rule, nodes in value[kind]}
                           for kind in ("violations", "incomplete")))
