"""The site root for a file named on its own (no --root, no site.root, not inside a folder
argument): the nearest folder with a govlint config file, else the git repository's top
folder, else the file's own folder. Root-relative links (/about/) resolve against it."""

from __future__ import annotations

from pathlib import Path

from .config import find


class SiteRoots:
    """``site_root`` of each folder, worked out once per run (many files share a few folders).
    Nothing outlives the run: a config file or repository made between two runs in one
    process (a library caller, an editor) is seen by the second."""

    def __init__(self) -> None:
        self._memo: dict[Path, tuple[Path, str]] = {}

    def __call__(self, folder: Path) -> tuple[Path, str]:
        found = self._memo.get(folder)
        if found is None:
            found = self._memo[folder] = site_root(folder)
        return found


def site_root(folder: Path) -> tuple[Path, str]:
    """(root, why) for a file in ``folder`` (an absolute path)."""
    found = find(folder)
    if found is not None:
        return found.parent, f"the nearest folder with a config file ({found.name})"
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():  # a folder, or a file in a worktree or submodule
            return candidate, "the git repository's top folder"
    return folder, "the file's own folder"
