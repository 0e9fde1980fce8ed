"""Local link behaviour through the command line: root, clean URLs, base_url, suppressions."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import REPO, Run, run_in_pty
from link_server import serve


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _found(proc: subprocess.CompletedProcess[str]) -> list[tuple[str, int, str, str]]:
    return [(v["file"], v["line"], v["rule"], v["message"]) for v in json.loads(proc.stdout)["violations"]]


def test_root_flag_and_links_between_pages(govlint: Run, tmp_path: Path) -> None:
    _write(tmp_path, {
        "public/news/story.html": '<a href="/about/#team">About</a>\n<a href="/about/#board">Board</a>\n'
                                  '<a href="../img/photo.jpg">Photo</a>',
        "public/about/index.html": '<h1 id="team">Team</h1>',
        "public/img/photo.jpg": "jpeg",
    })
    args = ("--offline", "--no-config", "--select", "dead-link,missing-anchor", "--format", "json")
    whole = govlint(*args, "public", cwd=tmp_path)
    assert _found(whole) == [("public/news/story.html", 2, "missing-anchor",
                              "#board is not an id or a[name] in /about/")]
    # One page on its own, with no config file or git repository above it: the root is the
    # page's own folder, so root-relative links need --root to resolve.
    alone = govlint(*args, "public/news/story.html", cwd=tmp_path)
    assert [f[3] for f in _found(alone)] == [
        "/about/#team does not exist in the site", "/about/#board does not exist in the site",
        "../img/photo.jpg climbs out of the site root; it was not read"]
    rooted = govlint(*args, "--root", "public", "public/news/story.html", cwd=tmp_path)
    assert _found(rooted) == _found(whole)


def test_clean_urls_flag(govlint: Run, tmp_path: Path) -> None:
    _write(tmp_path, {"index.html": '<a href="/about">About</a>', "about.html": "<h1>About</h1>"})
    args = ("--offline", "--no-config", "--select", "dead-link", "--format", "json", "index.html")
    assert len(_found(govlint(*args, cwd=tmp_path))) == 1
    assert _found(govlint(*args, "--clean-urls", cwd=tmp_path)) == []


def test_links_to_the_sites_own_base_url_are_local(govlint: Run, tmp_path: Path) -> None:
    _write(tmp_path, {
        ".govlint.toml": '[site]\nbase_url = "https://www.agency.gov"\nroot = "."\n',
        "index.html": '<a href="https://www.agency.gov/news/">News</a>\n'
                      '<a href="https://www.agency.gov/gone.html">Gone</a>',
        "news/index.html": "<h1>News</h1>",
    })
    proc = govlint("--format", "json", "--select", "dead-link", "index.html", cwd=tmp_path)  # not offline:
    assert proc.returncode == 1  # nothing here is external, so nothing is fetched
    message = "https://www.agency.gov/gone.html does not exist in the site (looked for /gone.html)"
    assert _found(proc) == [("index.html", 2, "dead-link", message)]


def test_link_findings_can_be_suppressed_and_are_counted(govlint: Run, tmp_path: Path) -> None:
    directive = "<!-- govlint-disable-next dead-link -- page is published next week -->"
    _write(tmp_path, {"index.html": f'{directive}\n<p><a href="/coming-soon.html">Soon</a></p>\n'
                                    '<a href="/gone.html">Gone</a>'})
    proc = govlint("--offline", "--no-config", "--select", "dead-link", "--format", "json", "index.html",
                   cwd=tmp_path)
    report = json.loads(proc.stdout)
    assert [v["line"] for v in report["violations"]] == [3]
    assert report["suppressed"] == 1


@pytest.mark.slow
@pytest.mark.network
def test_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    with serve() as (base, _):
        _write(tmp_path, {"index.html": "".join(f'<a href="{base}/ok-{i}">x</a>' for i in range(5))})
        env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
        cmd = [sys.executable, "-m", "govlint", "--no-config", "--no-cache", "--select", "dead-link",
               str(tmp_path / "index.html")]
        on_terminal = run_in_pty(cmd, env, stdout_too=False)
        piped = subprocess.run(cmd, capture_output=True, text=True, cwd=REPO, env=env)
    assert "linting pages [" in on_terminal and "1/1" in on_terminal
    assert "checking links [" in on_terminal and "5/5" in on_terminal
    assert piped.stderr == ""


def test_symlinks_inside_the_root_are_followed_and_those_leading_out_are_not(govlint: Run,
                                                                            tmp_path: Path) -> None:
    _write(tmp_path, {
        "site/index.html": '<a href="latest.html">Latest</a>\n<a href="current/report.html">Report</a>\n'
                           '<a href="current/../secret.html">Secret</a>\n<a href="leak.html">Leak</a>\n'
                           '<a href="shared/notes.html">Notes</a>',
        "site/2026/report.html": "<h1>Report</h1>",
        "outside/notes.html": "<p>not in the site</p>",
        "outside/leak.html": "<p>not in the site</p>",
    })
    site = tmp_path / "site"
    (site / "latest.html").symlink_to(site / "2026" / "report.html")  # a file symlink, inside
    (site / "current").symlink_to(site / "2026")  # a folder symlink, inside
    (site / "leak.html").symlink_to(tmp_path / "outside" / "leak.html")  # a file symlink, out
    (site / "shared").symlink_to(tmp_path / "outside")  # a folder symlink, out
    proc = govlint("--offline", "--no-config", "--select", "dead-link", "--format", "json", "--root", "site",
                   "site/index.html", cwd=tmp_path)
    assert [(line, message) for _, line, _, message in _found(proc)] == [
        # URLs resolve ".." by their text, as a browser does, not through the symlink
        (3, "current/../secret.html does not exist in the site (looked for /secret.html)"),
        (4, "leak.html climbs out of the site root; it was not read"),
        (5, "shared/notes.html climbs out of the site root; it was not read"),
    ]
