"""Compare govlint with axe-core on a folder of real pages, rule by rule. Run by hand.

    GOVLINT_AXE_JS=.../axe.min.js python bench/compare_axe.py ../shared/corpus/real RULE,... [OUT.json]
    GOVLINT_AXE_JS=.../axe.min.js python bench/compare_axe.py ../shared/corpus/real all [OUT.json]

Pages are served from 127.0.0.1 with a Content-Security-Policy that blocks their scripts, so
axe sees the page as written (govlint never runs scripts either). Elements are matched by tree
path, as in tests/test_axe_oracle.py. Where html5lib and Chromium build different trees
(html5lib parses <noscript> as if scripting were off), the same element would show twice, once
on each side, with different paths; so both sides read a copy of each page with its
<noscript> tags removed (their content kept), which both parsers build alike. Prints, per
rule: elements both flag, only govlint (and of those, how many axe left for review), only axe;
then the agreement over (page, rule) pairs: a pair agrees when both tools flag exactly the same
elements (govlint's "needs review" findings, listed in tests/test_axe_oracle.py as
GOVLINT_ONLY_CODES, and its verbose-only notes left out).
``all`` compares every rule the two tools share. OUT.json, if given, receives every pair that
disagrees with the paths on each side.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import os
import re
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
from test_axe_oracle import GOVLINT_ONLY_CODES, tree_path

from govlint import config, document, ruleset
from govlint.checks import CheckContext
from govlint.checks.catalog import registry

_NOSCRIPT_TAG = re.compile(rb"</?noscript\b[^>]*>", re.I)


def _unwrapped_copies(folder: Path, into: Path) -> list[Path]:
    """Each page with its <noscript> start and end tags removed, in ``into``."""
    pages = []
    for page in sorted(folder.glob("*.html")):
        copy = into / page.name
        copy.write_bytes(_NOSCRIPT_TAG.sub(b"", page.read_bytes()))
        pages.append(copy)
    return pages


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
    out_file = Path(sys.argv[3]) if len(sys.argv) > 3 else None
    axe_source = Path(os.environ["GOVLINT_AXE_JS"]).read_text(encoding="utf-8")
    rule_set = ruleset.load()
    cfg = config.build(config.RawConfig(), rule_set)
    ctx = CheckContext(site=cfg.site, archive=cfg.archive, today=date.today(),
                       rule_ids=frozenset(rule_set.rules))
    counts: Counter[tuple[str, str]] = Counter()
    pairs = agreeing = 0
    disagreements: list[dict[str, object]] = []
    page_now: dict[str, object] = {}
    pages = _unwrapped_copies(folder, Path(tempfile.mkdtemp()))
    with _serve(pages[0].parent) as base, Browser("/usr/bin/chromium", Path(tempfile.mkdtemp())) as browser:
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
        if rules == ["all"]:
            browser.call("Runtime.evaluate", expression=axe_source)
            reply = browser.call("Runtime.evaluate", expression="axe.getRules().map(r => r.ruleId)",
                                 returnByValue=True)
            rules = sorted(set(reply["result"]["value"]) & set(cfg.rules))
        for page in pages:
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
                findings = registry()[rule.check].func(doc, ctx, **rule.options)
                ours = {tree_path(f.element) for f in findings
                        if (rule_id, f.code) not in GOVLINT_ONLY_CODES
                        and not rule.messages[f.code].verbose_only}
                axe_flags = theirs.get(rule_id, set())
                counts[(rule_id, "both")] += len(ours & axe_flags)
                only = ours - axe_flags
                counts[(rule_id, "govlint")] += len(only)
                counts[(rule_id, "review")] += len(only & review.get(rule_id, set()))
                counts[(rule_id, "axe")] += len(axe_flags - ours)
                pairs += 1
                if ours == axe_flags:
                    agreeing += 1
                else:
                    disagreements.append({"page": page.name, "rule": rule_id,
                                          "govlint": sorted(only), "axe": sorted(axe_flags - ours),
                                          "axe_review": sorted(only & review.get(rule_id, set()))})
    for rule_id in rules:
        n = {kind: counts[(rule_id, kind)] for kind in ("both", "govlint", "review", "axe")}
        print(f"{rule_id:28} both {n['both']:4}  only govlint {n['govlint']:4} "
              f"(axe: review {n['review']:3})  only axe {n['axe']:4}")
    print(f"(page, rule) pairs: {agreeing} of {pairs} agree ({100 * agreeing / max(pairs, 1):.2f}%)")
    if out_file:
        out_file.write_text(json.dumps(disagreements, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
