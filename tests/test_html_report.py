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
    assert dom.count("<tr data-rule=") == summary["violations"]


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


def test_everything_from_pages_is_escaped() -> None:
    v = Violation("image-alt", Severity.ERROR, 'Alt "<script>alert(1)</script>"', "a<b>.html", 1, 1,
                  "div > img", '<img alt="<script>">', "https://example.gov/?a=1&b=2", ())
    page = html_report.render(Report((FileResult("a<b>.html", (v,)),)))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'href="https://example.gov/?a=1&amp;b=2"' in page
