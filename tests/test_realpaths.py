"""RealPaths resolves each folder once and a file by its folder: it must give what
os.path.realpath gives for every shape of path (symlinked folders and files, '..' after a
symlink, relative paths, names that do not exist, doubled slashes)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from govlint.realpaths import RealPaths

SHAPES = ("{d}/link/b/f.html", "{d}/link/b/l.html", "link/b/f.html", "a/../link/b/x.html", "f.html",
          "./a", "a/b/", "/", "link/..", "link/b/..", "{d}/missing/x/y.html", "link/b/../b/f.html",
          "a//b//f.html", "loop/f.html", ".", "..")


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "b" / "f.html").write_text("")
    (tmp_path / "link").symlink_to(tmp_path / "a")
    (tmp_path / "a" / "b" / "l.html").symlink_to(tmp_path / "a" / "b" / "f.html")
    (tmp_path / "loop").symlink_to(tmp_path / "loop")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("shape", SHAPES)
def test_real_paths_are_os_realpath(tree: Path, shape: str) -> None:
    path = shape.format(d=tree)
    real = RealPaths()
    assert real(path) == os.path.realpath(path)
    assert real(Path(path)) == os.path.realpath(path)  # asked again: from the memo


def test_folders_are_resolved_once_for_all_their_files(tree: Path) -> None:
    real = RealPaths()
    for name in ("f.html", "g.html", "l.html"):
        real(tree / "link" / "b" / name)
    # the files, and each folder above them, once each
    assert str(tree / "link" / "b") in real._memo and str(tree / "link") in real._memo
    assert real(tree / "link" / "b" / "l.html") == str(tree / "a" / "b" / "f.html")
