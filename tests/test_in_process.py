"""The tests' in-process command line (tests/in_process.py) is the command line: it gives what
``python -m govlint`` gives, and leaves the test process as it found it, run after run."""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, run_govlint
from in_process import _state

PAGE = str(FIXTURES / "gov-banner" / "pass-uswds3.html")
OFF = ("--offline", "--no-config", "--no-cache")


@pytest.mark.parametrize("args", [
    (*OFF, "--jobs", "1", str(FIXTURES / "pages")),
    (*OFF, "--format", "json", "--select", "images", str(FIXTURES / "pages" / "dod-news-article.html")),
    (*OFF, "--stdin-filename", "news/page.html", "-"),
    (*OFF, "--frobnicate", PAGE),
    (*OFF, "--max-check-time", "soon", PAGE),
    ("--version",),
    ("explain", "image-alt"),
    ("rules", "--format", "nope"),
], ids=["pages", "json", "stdin", "unknown-option", "bad-value", "version", "explain", "bad-choice"])
def test_in_process_and_subprocess_runs_agree(args: tuple[str, ...]) -> None:
    stdin = (FIXTURES / "pages" / "spanish-page.html").read_bytes() if "-" in args else None
    inside = run_govlint(*args, stdin=stdin)
    outside = run_govlint(*args, stdin=stdin, isolated=True)
    assert (inside.returncode, inside.stdout, inside.stderr) == (
        outside.returncode, outside.stdout, outside.stderr)


def test_a_run_leaves_the_process_as_it_found_it(tmp_path: Path) -> None:
    before = _state()
    big = tmp_path / "big.html"
    big.write_text("<body>" + "<img src=a.png>\n" * 30000)
    # A page time limit (SIGALRM and a timer), an environment variable, another folder, stdin.
    proc = run_govlint(*OFF, "--jobs", "1", "--page-timeout", "0.01", "big.html", "-", cwd=tmp_path,
                       stdin=b"<p>x</p>", env={"GOVLINT_SOMETHING": "1"})
    assert proc.returncode == 2 and "page time limit (0.01 s)" in proc.stdout
    after = _state()
    assert {k: v for k, v in after.items() if before[k] != v} == {}
    assert "GOVLINT_SOMETHING" not in os.environ
    assert signal.getsignal(signal.SIGTERM) == before["signals"][signal.SIGTERM]
    assert sys.getrecursionlimit() == before["recursion"]


def test_runs_in_one_process_see_what_changed_on_disk_between_them(tmp_path: Path) -> None:
    """The site root of a file named on its own is the nearest folder with a config file:
    one made between two runs moves it, in a long-lived process too (no cache outlives a run)."""
    site = tmp_path / "site"
    (site / "news").mkdir(parents=True)
    (site / "about.html").write_text("<title>About</title>")
    (site / "news" / "page.html").write_text('<a href="/about.html">About</a>')
    args = (*OFF, "--select", "dead-link", "site/news/page.html")
    first = run_govlint(*args, cwd=tmp_path)
    assert first.returncode == 1 and "/about.html" in first.stdout  # root: site/news
    (site / ".govlint.toml").write_text("")
    for isolated in (False, True):
        again = run_govlint(*args, cwd=tmp_path, isolated=isolated)
        assert again.returncode == 0, again.stdout
        assert again.stdout.splitlines()[-1] == "0 errors, 0 warnings, 0 info in 1 file"
