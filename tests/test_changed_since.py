"""--changed-since: lint what a pull request changed, and the pages that link to it."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from conftest import Run


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


def test_only_changed_pages_and_pages_linking_to_them(govlint: Run, tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "config", "user.email", "ci@example.gov")
    _git(tmp_path, "config", "user.name", "CI")
    pages = {
        "index.html": '<a href="news.html">News</a><img src="logo.png" alt="Agency">',
        "news.html": "<h1>News</h1><img src=a.png>",
        "about.html": "<h1>About</h1><img src=b.png>",
        "old.html": "<h1>Old</h1>",
        "links-old.html": '<a href="old.html">Old page</a>',
    }
    for name, text in pages.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "logo.png").write_bytes(b"png")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "site")
    (tmp_path / "news.html").write_text("<h1>News today</h1><img src=a.png>")  # changed
    (tmp_path / "old.html").unlink()  # deleted: links-old.html now has a dead link
    (tmp_path / "new.html").write_text("<p>New <img src=c.png></p>")  # untracked

    args = ("--offline", "--no-config", "--no-cache", "--select", "image-alt,dead-link",
            "--format", "json", "--changed-since", "HEAD", ".")
    report = json.loads(govlint(*args, cwd=tmp_path).stdout)
    linted = {v["file"] for v in report["violations"]}
    assert linted == {"news.html", "new.html", "links-old.html"}
    assert report["summary"]["files"] == 4  # index.html mentions news.html, so it is linted too
    images_only = json.loads(govlint(*args[:3], "--select", "image-alt", *args[5:], cwd=tmp_path).stdout)
    assert images_only["summary"]["files"] == 2  # no link rules: only the changed pages


def test_bad_ref_is_one_line_exit_2(govlint: Run, tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    (tmp_path / "a.html").write_text("<p>x</p>")
    proc = govlint("--offline", "--no-config", "--changed-since", "no-such-ref", "a.html", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith("govlint: error: --changed-since no-such-ref:")
    assert len(proc.stderr.splitlines()) == 1
