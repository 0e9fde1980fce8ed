"""The HTML report's header (what was linted, when, with which options) and its address
(#view= switches the view while the page is open), in real headless Chromium."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cdp import Browser
from conftest import Run
from test_html_report import CHROMIUM, PAGES, _chromium

SITE = ("--no-config", "--offline", "--root", "fixtures/pages")
EPOCH = "1764806400"  # 2025-12-04T00:00:00Z


def _lint(govlint: Run, tmp_path: Path, *extra: str, env: dict[str, str] | None = None) -> tuple[Path, dict]:
    html_file, json_file = tmp_path / "report.html", tmp_path / "report.json"
    proc = govlint(*SITE, *extra, "--format", f"html={html_file}", "--format", f"json={json_file}", *PAGES,
                   env=env)
    assert proc.returncode == 1, proc.stderr
    return html_file, json.loads(json_file.read_text(encoding="utf-8"))


def test_header_says_what_when_and_with_which_options(govlint: Run, tmp_path: Path) -> None:
    html_file, _ = _lint(govlint, tmp_path, "--select=federal,images", "--ignore", "dap", "--jobs", "1",
                         "--group", "--fail-on", "warning", env={"SOURCE_DATE_EPOCH": EPOCH})
    dom = _chromium(tmp_path, "--dump-dom", html_file.as_uri())
    assert re.search(r'<body[^>]*data-ready="true"', dom)
    header = re.search(r"<header>(.*?)</header>", dom, re.S)[1]
    inputs = re.search(r'<dd id="run-inputs">(.*?)</dd>', header)[1]
    assert re.findall(r"<code>(.*?)</code>", inputs) == PAGES
    assert '<time id="run-time" datetime="2025-12-04T00:00:00Z">2025-12-04 00:00:00 UTC</time>' in header
    # The options that shape the findings, by their long names, as they could be typed again;
    # not those that shape only the output, the exit status or the speed.
    options = re.search(r'<dd id="run-options"><code>(.*?)</code></dd>', header)[1]
    assert options == "--select federal,images --ignore dap --no-config --offline --root fixtures/pages"
    assert '<dd id="run-config">none</dd>' in header


def test_header_time_is_when_the_run_started(govlint: Run, tmp_path: Path) -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    html_file, _ = _lint(govlint, tmp_path)
    after = datetime.now(UTC)
    page = html_file.read_text(encoding="utf-8")
    stamp = re.search(r'<time id="run-time" datetime="([^"]+)">', page)[1]
    assert before <= datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC) <= after
    options = re.search(r'<dd id="run-options"><code>(.*?)</code></dd>', page)
    assert options[1] == "--no-config --offline --root fixtures/pages"


# Resolves once the report has handled the hashchange (its listener was added first).
_SWITCH = """new Promise(resolve => {
  addEventListener("hashchange", () => resolve({
    view: document.querySelector('.views button[aria-pressed="true"]').dataset.view,
    pages: document.querySelectorAll('#view details[data-id^="p"]').length,
    problems: document.querySelectorAll('#view details[data-id^="g"]').length,
    wcag: document.getElementById("wcag") !== null,
    shown: Number(document.getElementById("shown-count").textContent),
    severity: document.getElementById("f-severity").value}), {once: true});
  location.hash = %s;
})"""


def test_changing_the_view_in_the_address_switches_the_open_page(govlint: Run, tmp_path: Path) -> None:
    if CHROMIUM is None:
        _chromium(tmp_path)  # fails in CI, skips elsewhere
    html_file, data = _lint(govlint, tmp_path)
    files = len({v["file"] for v in data["violations"]})
    summary = data["summary"]
    with Browser(CHROMIUM, tmp_path / "profile") as browser:
        def run(expression: str) -> Any:
            reply = browser.call("Runtime.evaluate", expression=expression, awaitPromise=True,
                                 returnByValue=True)
            assert "exceptionDetails" not in reply, reply
            return reply["result"].get("value")

        def switch(hash_: str) -> dict[str, Any]:
            return run(_SWITCH % json.dumps(hash_))

        browser.call("Page.enable")
        browser.call("Page.navigate", url=html_file.as_uri() + "#view=rules")
        browser.wait_for("Page.loadEventFired")
        assert run("document.body.dataset.ready") == "true"
        assert run("document.querySelectorAll('#view details[data-id^=\"g\"]').length") > 0

        pages = switch("#view=pages")
        assert pages["view"] == "pages" and pages["pages"] == files and pages["problems"] == 0
        wcag = switch("#view=wcag")
        assert wcag["view"] == "wcag" and wcag["wcag"] and wcag["pages"] == 0
        warnings = switch("#view=rules&severity=warning")
        assert warnings["view"] == "rules" and warnings["severity"] == "warning"
        assert warnings["shown"] == summary["warning"] and warnings["problems"] > 0
        # What the address no longer names is reset: every finding again.
        again = switch("#view=pages")
        assert again["severity"] == "" and again["shown"] == summary["violations"]
        # A click on a view names it in the address, so typing another view there still works.
        assert run("document.querySelector('.views button[data-view=\"wcag\"]').click(); location.hash") \
            == "#view=wcag"
        assert switch("#view=pages")["view"] == "pages"



def test_rule_view_puts_errors_first_then_the_most_places(govlint: Run, tmp_path: Path) -> None:
    html_file, data = _lint(govlint, tmp_path)
    dom = _chromium(tmp_path, "--dump-dom", html_file.as_uri())
    rank = {"error": 0, "warning": 1, "info": 2}
    problems = [(rank[sev], -int(n)) for sev, n in re.findall(
        r'<details data-id="g\d+"><summary><span class="msg"><span class="sev sev-(\w+)">.*?'
        r'<span class="n">(\d+) places?</span>', dom)]
    assert len(problems) == len({(v["rule"], v["message"]) for v in data["violations"]})
    assert problems == sorted(problems) and problems[0][0] == 0 and problems[-1][0] == 1
    # The table of rules: a rule with an error before any rule with only warnings.
    table = re.search(r"<h2>Problems by rule</h2><table>(.*?)</table>", dom, re.S)[1]
    rules = re.findall(r"<tr><td>(?:<a [^>]*>)?([\w-]+)", table)
    worst = {}
    for v in data["violations"]:
        worst[v["rule"]] = min(worst.get(v["rule"], 2), rank[v["severity"]])
    assert [worst[r] for r in rules] == sorted(worst[r] for r in rules)
    assert set(rules) == set(worst)
