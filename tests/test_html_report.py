"""The HTML report, opened in headless Chromium (Debian's chromium)."""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, Run

from govlint.model import FileResult, Report, Severity, Violation
from govlint.reporters import html_report

pytestmark = pytest.mark.browser
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
PAGES = sorted(str(p.relative_to(REPO)) for p in (FIXTURES / "pages").glob("*.html"))


def _chromium(tmp_path: Path, *args: str) -> str:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed: .ci/run installs it")
        pytest.skip("chromium is not installed")
    # The flags keep a headless Chromium off the network entirely.
    cmd = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
           "--no-first-run", "--disable-background-networking", "--disable-component-update",
           "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}", *args]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


def _report(govlint: Run, tmp_path: Path) -> tuple[Path, dict]:
    html_file, json_file = tmp_path / "report.html", tmp_path / "report.json"
    govlint("--no-config", "--offline", "--root", "fixtures/pages", "--format", f"html={html_file}",
            "--format", f"json={json_file}", *PAGES)
    return html_file, json.loads(json_file.read_text())


def test_report_loads_runs_its_script_and_shows_the_counts(govlint: Run, tmp_path: Path) -> None:
    html_file, data = _report(govlint, tmp_path)
    dom = _chromium(tmp_path, "--dump-dom", html_file.as_uri())
    assert re.search(r'<body[^>]*data-ready="true"', dom), "the report's script did not finish"
    summary = data["summary"]
    for ident, value in (("files", summary["files"]), ("errors", summary["error"]),
                         ("warnings", summary["warning"]), ("info", summary["info"])):
        assert f'id="count-{ident}">{value}<' in dom
    assert f'id="shown-count">{summary["violations"]}<' in dom
    # Problems grouped by rule and message, each once with its number of places.
    places = [int(n) for n in re.findall(r'<span class="n">(\d+) places?</span>', dom)]
    assert sum(places) == summary["violations"]
    assert len(places) == len({(v["rule"], v["message"]) for v in data["violations"]})


def test_page_and_wcag_views(govlint: Run, tmp_path: Path) -> None:
    html_file, data = _report(govlint, tmp_path)
    pages = _chromium(tmp_path, "--dump-dom", html_file.as_uri() + "#view=pages")
    assert len(re.findall(r'<details data-id="p\d+"', pages)) == len({v["file"] for v in data["violations"]})
    assert "fixtures/pages/legacy-uswds1.html" in pages
    wcag = _chromium(tmp_path, "--dump-dom", html_file.as_uri() + "#view=wcag")
    row = re.search(r"<tr><td>1\.1\.1 Non-text Content</td>(.*?)</tr>", wcag)
    assert row, "no 1.1.1 row in the WCAG view"
    counts = [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', row[1])]
    assert len(counts) == 4 and sum(counts) == data["summary"]["files"]  # fail, review, passed, n/a
    # 1.3.3 is one no rule can decide from the markup.
    assert "<h3>Still needs a person (" in wcag
    assert "<li>1.3.3 Sensory Characteristics (A): no rule checks it</li>" in wcag


def test_150000_findings_open_fast_in_a_small_file(tmp_path: Path) -> None:
    """The budget at site scale: well under 1 KB a finding, and one page of them drawn."""
    results = []
    for page in range(2000):
        file = f"site/section-{page % 40}/page-{page}.html"
        found = tuple(Violation("dead-link", Severity.ERROR,
                                f"/gone-{(page * 75 + k) % 3000}/ does not exist", file, 10 + k, 5,
                                "a", f'<a href="/gone-{k}/">Item {k}</a>', "", ())
                      for k in range(75))
        results.append(FileResult(file, found))
    html_file = tmp_path / "big.html"
    html_file.write_text(html_report.render(Report(tuple(results))), encoding="utf-8")
    assert html_file.stat().st_size / 150_000 < 300
    dom = _chromium(tmp_path, "--dump-dom", html_file.as_uri())
    assert re.search(r'<body[^>]*data-ready-ms="\d+"', dom)  # its script ran to the end
    assert 'id="shown-count">150000<' in dom
    assert len(re.findall(r'<details data-id="g\d+"', dom)) == 50  # one page drawn, not 150,000 rows
    # What the browser must lay out is bounded by that page, not by the findings (how fast it
    # opens is measured by bench/bench_html_report.py, not asserted here).
    elements = len(re.findall(r"<[a-z]", dom))
    assert elements < 5_000, elements


def test_filters_from_the_address(govlint: Run, tmp_path: Path) -> None:
    html_file, data = _report(govlint, tmp_path)
    warnings = _chromium(tmp_path, "--dump-dom", html_file.as_uri() + "#severity=warning")
    assert f'id="shown-count">{data["summary"]["warning"]}<' in warnings
    one_rule = _chromium(tmp_path, "--dump-dom", html_file.as_uri() + "#rule=dead-link")
    assert 'id="shown-count">1<' in one_rule


def test_screenshot(govlint: Run, tmp_path: Path) -> None:
    html_file, _ = _report(govlint, tmp_path)
    shot = tmp_path / "report.png"
    _chromium(tmp_path, "--window-size=1280,1000", f"--screenshot={shot}", html_file.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) == (1280, 1000)
    assert len(data) > 20_000  # a blank page compresses to a few hundred bytes


def test_everything_from_pages_is_escaped(tmp_path: Path) -> None:
    v = Violation("image-alt", Severity.ERROR, 'Alt "<script>alert(1)</script>"', "a<b>.html", 1, 1,
                  "div > img", '<img alt="<script>">', "https://example.gov/?a=1&b=2", ())
    page = html_report.render(Report((FileResult("a<b>.html", (v,)),)))
    assert "<script>alert" not in page and "</script>\"" not in page  # data cannot leave its element
    assert "a\\u003cb\\u003e.html" in page
    html_file = tmp_path / "escaped.html"
    html_file.write_text(page, encoding="utf-8")
    dom = _chromium(tmp_path, "--dump-dom", html_file.as_uri() + "#view=pages")
    assert re.search(r'<body[^>]*data-ready="true"', dom)
    assert "<span class=\"msg\">a&lt;b&gt;.html</span>" in dom
    rules = _chromium(tmp_path, "--dump-dom", html_file.as_uri())
    assert "Alt \"&lt;script&gt;alert(1)&lt;/script&gt;\"" in rules
    assert 'href="https://example.gov/?a=1&amp;b=2"' in rules
