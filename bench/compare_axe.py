"""Compare govlint with axe-core on a folder of real pages, rule by rule. Run by hand.

    GOVLINT_AXE_JS=.../axe.min.js python bench/compare_axe.py ../shared/corpus/real RULE,RULE...

Pages are served from 127.0.0.1 with a Content-Security-Policy that blocks their scripts, so
axe sees the page as written (govlint never runs scripts either). Elements are matched by tree
path, as in tests/test_axe_oracle.py. A page where html5lib and Chromium build different trees
(html5lib parses <noscript> as if scripting were off) shows the same element twice, once on
each side, with different paths. Prints, per rule: elements both flag, only govlint (and of
those, how many axe left for review), only axe.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from axe_oracle import _RUN
from cdp import Browser
from test_axe_oracle import tree_path

from govlint import config, document, ruleset
from govlint.checks import CheckContext
from govlint.checks.catalog import registry


class _NoScripts(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Content-Security-Policy", "script-src 'none'")
        super().end_headers()


@contextlib.contextmanager
def _serve(folder: Path) -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_NoScripts, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    folder, rules = Path(sys.argv[1]), sys.argv[2].split(",")
    axe_source = Path(os.environ["GOVLINT_AXE_JS"]).read_text(encoding="utf-8")
    rule_set = ruleset.load()
    cfg = config.build(config.RawConfig(), rule_set)
    ctx = CheckContext(site=cfg.site, archive=cfg.archive, today=date.today(),
                       rule_ids=frozenset(rule_set.rules))
    counts: Counter[tuple[str, str]] = Counter()
    page_now: dict[str, object] = {}
    with _serve(folder) as base, Browser("/usr/bin/chromium", Path(tempfile.mkdtemp())) as browser:
        def paused(event: dict) -> None:
            params = event["params"]
            if params["request"]["url"] == page_now.get("url") and not page_now.get("loaded"):
                page_now["loaded"] = True
                browser.send("Fetch.continueRequest", requestId=params["requestId"])
            else:
                browser.send("Fetch.failRequest", requestId=params["requestId"], errorReason="Aborted")

        browser.call("Page.enable")
        browser.handlers["Fetch.requestPaused"] = paused
        browser.call("Fetch.enable", patterns=[{"resourceType": "Document"}])
        for page in sorted(folder.glob("*.html")):
            page_now.clear()
            page_now["url"] = base + page.name
            browser.call("Page.navigate", url=page_now["url"])
            browser.wait_for("Page.loadEventFired")
            browser.call("Runtime.evaluate", expression=axe_source)
            reply = browser.call("Runtime.evaluate", expression=_RUN % json.dumps(rules),
                                 awaitPromise=True, returnByValue=True)
            value = reply["result"]["value"]
            theirs = {rule: {n["path"] for n in nodes} for rule, nodes in value["violations"]}
            review = {rule: {n["path"] for n in nodes} for rule, nodes in value["incomplete"]}
            doc = document.from_source(page.read_bytes(), document.PageInfo(path=page.name))
            for rule_id in rules:
                rule = cfg.rules[rule_id]
                ours = {tree_path(f.element) for f in registry()[rule.check].func(doc, ctx, **rule.options)}
                axe_flags = theirs.get(rule_id, set())
                counts[(rule_id, "both")] += len(ours & axe_flags)
                only = ours - axe_flags
                counts[(rule_id, "govlint")] += len(only)
                counts[(rule_id, "review")] += len(only & review.get(rule_id, set()))
                counts[(rule_id, "axe")] += len(axe_flags - ours)
    for rule_id in rules:
        n = {kind: counts[(rule_id, kind)] for kind in ("both", "govlint", "review", "axe")}
        print(f"{rule_id:28} both {n['both']:4}  only govlint {n['govlint']:4} "
              f"(axe: review {n['review']:3})  only axe {n['axe']:4}")


if __name__ == "__main__":
    main()
