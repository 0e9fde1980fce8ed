"""Rendered mode in real headless Chromium: scripts run, positions map back to the source,
outside requests are blocked, pages that never settle fail alone, and no browser outlives a run."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from conftest import REPO, Run
from processes import cpu_seconds, poll_until, wait_gone

from govlint.config import CliOverrides, Config, RawConfig, build
from govlint.render import colour
from govlint.render.server import _resolve
from govlint.render.stamp import ATTRIBUTE, stamped
from govlint.ruleset import load

PAGES = Path(__file__).resolve().parent / "render_pages"
needs_chromium = pytest.mark.skipif(shutil.which("chromium") is None, reason="needs Debian's chromium")


def _copy_site(tmp_path: Path, *names: str) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    for name in (*names, "style.css"):
        shutil.copy(PAGES / name, site / name)
    # The shared markup script-built.html fetches its banner from (not a page to lint).
    shutil.copy(REPO / "fixtures" / "gov-banner" / "pass-uswds3.html", site / "banner.inc")
    return site


def _live_processes(token: str) -> list[str]:
    """Processes (not zombies) whose environment carries ``token``: this test's browsers."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            if token.encode() not in (entry / "environ").read_bytes():
                continue
            state = (entry / "stat").read_text().rpartition(")")[2].split()[0]
            name = (entry / "comm").read_text().strip()
        except OSError:
            continue
        if state != "Z":
            found.append(f"{entry.name} {name}")
    return found


def _wait_until_gone(token: str) -> list[str]:
    """This test's browser processes that are left once those seen now have exited."""
    wait_gone(int(line.split()[0]) for line in _live_processes(token))
    return _live_processes(token)


def _spinning(pids: list[int]) -> list[int]:
    """Those of ``pids`` that have spent a quarter of a second of CPU: a renderer does that
    running never-settles.html's endless script, not loading a page or waiting as a spare."""
    return [pid for pid in pids if cpu_seconds(pid) >= 0.25]


# --- pure parts ------------------------------------------------------------------------


def test_contrast_ratios_and_compositing() -> None:
    white, black = colour.parse("rgb(255, 255, 255)"), colour.parse("rgb(0, 0, 0)")
    assert white is not None and black is not None
    assert colour.ratio(white, black) == pytest.approx(21.0)
    grey = colour.parse("rgb(118, 118, 118)")
    assert grey is not None and colour.shown(colour.ratio(grey, white)) == "4.54"
    half = colour.parse("rgba(0, 0, 0, 0.5)")
    assert half is not None and colour.composite([half]).hex == "#808080"
    # Two translucent layers over the white canvas, the inner one painted last.
    layers = [colour.parse("rgba(255, 0, 0, 0.5)"), colour.parse("rgba(0, 0, 255, 0.5)")]
    assert colour.composite([c for c in layers if c is not None]).hex == "#bf4080"
    assert colour.parse("color(display-p3 1 0 0)") is None
    assert colour.shown(4.4999) == "4.49"  # never rounded up to a passing figure


def test_stamps_mark_written_start_tags_only() -> None:
    from govlint import parser

    parsed = parser.parse("<p>One<br/>two</p>")  # html, head and body are implied
    out = stamped(parsed.text, parsed.positions)
    assert out == f'<p {ATTRIBUTE}="0">One<br {ATTRIBUTE}="6"/>two</p>'


def test_server_never_serves_outside_the_root(tmp_path: Path) -> None:
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "index.html").write_text("x")
    (tmp_path / "secret.txt").write_text("x")
    assert _resolve(root, "/sub/") == (root / "sub" / "index.html").resolve()
    assert _resolve(root, "/../secret.txt") is None
    assert _resolve(root, "/sub/../../secret.txt") is None
    assert _resolve(None, "/anything") is None


# --- the command line, in Chromium ---------------------------------------------------------


def test_static_mode_never_imports_playwright(tmp_path: Path) -> None:
    site = _copy_site(tmp_path, "script-built.html")
    code = ("import sys\nfrom govlint.cli import main\n"
            "code = main(['--no-config', '--no-cache', '--offline', '-q', '--select', 'gov-banner', "
            f"{str(site)!r}])\n"
            "print('exit', code, 'playwright' in sys.modules, any('govlint.render.session' in m "
            "for m in sys.modules))\n")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO,
                          timeout=60)
    assert "[gov-banner] No official government banner" in proc.stdout  # the script never ran
    assert proc.stdout.strip().endswith("exit 1 False False")


def test_no_chromium_is_one_line_and_exit_2(govlint: Run, tmp_path: Path) -> None:
    site = _copy_site(tmp_path, "outside.html")
    result = govlint("--render", "--no-config", "--no-cache", str(site), env={"PATH": str(tmp_path)})
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "govlint: error: --render needs Chromium and none was found on PATH (install the chromium "
        "package, or set render.chromium in the config)"]


@needs_chromium
@pytest.mark.browser
def test_rendered_site_with_jobs_2(govlint: Run, tmp_path: Path) -> None:
    site = _copy_site(tmp_path, "script-built.html", "outside.html", "never-settles.html")
    token = f"govlint-test-{uuid.uuid4()}"
    # 20 s for a page to settle: the two ordinary pages do well within it on a busy machine,
    # and never-settles.html never does, whatever the machine.
    result = govlint("--render", "--render-timeout", "20", "--jobs", "2", "--offline", "--no-config",
                     "--no-cache", "--select", "gov-banner,image-alt,color-contrast", "--format", "json",
                     site.name, cwd=tmp_path, env={"GOVLINT_TEST_TOKEN": token}, isolated=True)
    report = json.loads(result.stdout)
    # The page whose script never ends is an input error naming it; the others are linted.
    assert result.returncode == 2
    assert [(e["file"], e["message"]) for e in report["errors"]] == [
        ("site/never-settles.html", "the page did not settle within 20 s (scripts still running or the "
                                   "network still busy; see render.timeout)")]
    found = [(v["file"], v["rule"], v["line"], v["column"], v["selector"], v["message"])
             for v in report["violations"]]
    # The banner a script inserts is seen; the image it builds without alt text is reported at the
    # element it went into, with a selector into the rendered DOM.
    assert not [f for f in found if f[1] == "gov-banner" and f[0] == "site/script-built.html"]
    built = [f for f in found if f[0] == "site/script-built.html"]
    assert built == [("site/script-built.html", "image-alt", 22, 1, "#gallery > img",
                      "Image has no text alternative: add alt text (or alt=\"\" if it is decorative), "
                      "aria-label or aria-labelledby (WCAG 1.1.1) (built by a script)")]
    # The stylesheet came from the loopback server, rooted at the site.
    assert [f[1:4] for f in found if f[0] == "site/outside.html"] == [("gov-banner", 8, 1),
                                                                      ("color-contrast", 10, 1)]
    # Suppressions work on the rendered page: they come from the source's comments.
    assert report["suppressed"] == 1
    # The outside image and fetch() were blocked and counted.
    assert ("govlint: note: rendered pages asked for 2 URLs outside the site, blocked (first: "
            "https://www.example.com/") in result.stderr
    assert _wait_until_gone(token) == []


@needs_chromium
@pytest.mark.browser
def test_same_page_static_reports_the_banner_missing(govlint: Run, tmp_path: Path) -> None:
    site = _copy_site(tmp_path, "script-built.html")
    result = govlint("--no-config", "--no-cache", "--offline", "--select", "gov-banner",
                     str(site / "script-built.html"), cwd=tmp_path)
    assert result.returncode == 1 and "[gov-banner] No official government banner" in result.stdout


@needs_chromium
@pytest.mark.browser
@pytest.mark.parametrize(("jobs", "how"), [("2", "sigterm"), ("1", "ctrl-c")])
def test_interrupted_run_leaves_no_browser(tmp_path: Path, jobs: str, how: str) -> None:
    site = _copy_site(tmp_path, "never-settles.html", "outside.html")
    token = f"govlint-test-{uuid.uuid4()}"
    env = {**os.environ, "GOVLINT_TEST_TOKEN": token}
    proc = subprocess.Popen([sys.executable, "-m", "govlint", "--render", "--render-timeout", "60",
                             "--jobs", jobs, "--offline", "--no-config", "--no-cache", str(site)],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        # The browsers are running pages: never-settles.html's script is spinning in one.
        poll_until(lambda: _spinning(_renderers(token)), proc)
        if how == "sigterm":
            proc.send_signal(signal.SIGTERM)
        else:  # a terminal's Ctrl-C reaches the whole process group
            os.killpg(proc.pid, signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    # 130 and "interrupted" for both, or, where SIGTERM has its own status, 143 and "terminated".
    assert (proc.returncode, err.decode().strip().splitlines()[-1]) in {
        (130, "govlint: error: interrupted"), (143, "govlint: error: terminated")}
    assert "Traceback" not in err.decode()
    assert _wait_until_gone(token) == []


def _renderers(token: str) -> list[int]:
    """This test's Chromium renderer processes (one per page, plus a spare). Chromium's zygote
    starts them with an environment of their own, so they are found by ancestry: descendants
    of the processes that carry ``token``."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit():
                parents[int(entry.name)] = int((entry / "stat").read_text().rpartition(")")[2].split()[1])
        except OSError:
            continue
    ours = {int(line.split()[0]) for line in _live_processes(token)}
    found = []
    for pid in parents:
        ancestor = parents.get(pid, 0)
        while ancestor > 1 and ancestor not in ours:
            ancestor = parents.get(ancestor, 0)
        try:
            if ancestor > 1 and b"--type=renderer" in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(pid)
        except OSError:
            continue
    return found


@needs_chromium
@pytest.mark.browser
def test_a_renderer_that_crashes_fails_its_page_alone(tmp_path: Path) -> None:
    """The renderer of the page being loaded is killed, as an out-of-memory or a Chromium bug
    would: that page is an input error naming it, the next page gets a fresh renderer, and
    the run leaves no browser behind."""
    site = _copy_site(tmp_path, "never-settles.html", "outside.html")
    token = f"govlint-test-{uuid.uuid4()}"
    env = {**os.environ, "GOVLINT_TEST_TOKEN": token}
    proc = subprocess.Popen([sys.executable, "-m", "govlint", "--render", "--render-timeout", "60",
                             "--jobs", "1", "--offline", "--no-config", "--no-cache", "--select",
                             "gov-banner", "--format", "json", site.name],
                            cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True)
    try:
        # never-settles.html (first in order) is spinning in its script in one of them.
        poll_until(lambda: _spinning(_renderers(token)), proc)
        killed = _renderers(token)
        for pid in killed:
            os.kill(pid, signal.SIGKILL)
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    report = json.loads(out)
    assert proc.returncode == 2, err.decode()
    assert [(e["file"], e["message"]) for e in report["errors"]] == [
        ("site/never-settles.html", "the page crashed the browser's renderer")]
    assert [(v["file"], v["rule"]) for v in report["violations"]] == [("site/outside.html", "gov-banner")]
    assert "Traceback" not in err.decode()
    assert _wait_until_gone(token) == []


@needs_chromium
@pytest.mark.browser
def test_hidden_state_and_script_built_elements() -> None:
    from govlint.document import PageInfo
    from govlint.render.page import Renderer
    from govlint.render.settings import RenderSettings

    page = PAGES / "hidden.html"
    with Renderer(RenderSettings(enabled=True), offline=True) as renderer:
        doc = renderer.document(page.read_bytes(), PageInfo("hidden.html", None, "hidden.html"),
                                PAGES, None, "turbohtml")
    by_id = {el.get("id"): el for el in doc.root.iter() if isinstance(el.tag, str) and el.get("id")}
    hidden = {name for name, el in by_id.items() if doc.is_hidden(el)}
    assert hidden == {"gone", "inside-gone", "unseen", "skipped", "hidden-attr"}
    assert ATTRIBUTE not in {attr for el in doc.root.iter() if isinstance(el.tag, str) for attr in el.attrib}
    built, child, shown = by_id["built"], by_id["built-child"], by_id["shown"]
    assert doc.built_by_script(built) and doc.built_by_script(child)
    assert not doc.built_by_script(shown)
    # Built elements sit at the element they were inserted into (here: body, line 6).
    assert doc.linecol(built) == doc.linecol(doc.body) == (6, 1)
    assert doc.linecol(shown) == (7, 1)
    assert doc.snippet(built) == '<p id="built">'
    assert doc.selector(child) == "#built-child"  # a selector into the rendered DOM
    # The accessibility layer takes the browser's answer; content-visibility is one the static
    # cascade does not read, so a static reading of the same page still exposes that paragraph.
    assert doc.a11y.hidden(by_id["skipped"]) and doc.a11y.hidden(by_id["inside-gone"])
    assert not doc.a11y.hidden(by_id["seen-again"]) and not doc.a11y.hidden(built)
    from govlint.document import from_source

    static = from_source(page.read_bytes(), PageInfo("hidden.html", None, "hidden.html"))
    assert not static.a11y.hidden(next(el for el in static.root.iter("p") if el.get("id") == "skipped"))


# --- configuration -----------------------------------------------------------------------


def _config(data: dict[str, Any], **cli: Any) -> Config:
    return build(RawConfig(data), load(), CliOverrides(**cli))


def test_render_settings_from_config_and_command_line() -> None:
    from govlint.render.settings import RenderSettings

    assert _config({}).render == RenderSettings()
    cfg = _config({"render": {"enabled": True, "timeout": 4, "allow_external": True}})
    assert cfg.render == RenderSettings(enabled=True, timeout=4, allow_external=True,
                                        probes=frozenset({"targets", "spacing", "focus", "reflow"}))
    cfg = _config({"render": {"enabled": True, "timeout": 4}}, render=False, render_timeout=9.5)
    assert (cfg.render.enabled, cfg.render.timeout) == (False, 9.5)


def test_enhanced_contrast_is_off_until_asked_for_by_id_or_severity() -> None:
    rule = "color-contrast-enhanced"
    assert rule not in _config({}).enabled
    assert rule not in _config({}, select=("wcag2aaa", "accessibility")).enabled
    assert rule in _config({}, select=(rule,)).enabled
    assert rule in _config({"rules": {rule: "warning"}}).enabled
    assert rule not in _config({"rules": {rule: "warning"}}, ignore=(rule,)).enabled
    assert "color-contrast" in _config({}).enabled


def test_colour_rules_find_nothing_in_static_mode() -> None:
    from govlint.runner import lint_html

    page = ('<!DOCTYPE html><html lang="en"><head><title>t</title></head><body>'
            '<p style="color: #eeeeee">Pale</p><p>Read <a href="/x" style="text-decoration: none">'
            'this</a> now.</p></body></html>')
    rules = {v.rule for v in lint_html(page).violations}
    assert not rules & {"color-contrast", "color-contrast-enhanced", "link-in-text-block"}
