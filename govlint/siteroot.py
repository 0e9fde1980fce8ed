"""The site root for a file named on its own (no --root, no site.root, not inside a folder
argument): the nearest folder with a govlint config file, else the git repository's top
folder, else the file's own folder. Root-relative links (/about/) resolve against it."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .config import find


@cache  # many files share a few folders; what is on disk does not change during a run
def site_root(folder: Path) -> tuple[Path, str]:
    """(root, why) for a file in ``folder`` (an absolute path)."""
    found = find(folder)
    if found is not None:
        return found.parent, f"the nearest folder with a config file ({found.name})"
    for candidate in (folder, *folder.parents):
        if (candidate / ".git").exists():  # a folder, or a file in a worktree or submodule
            return candidate, "the git repository's top folder"
    return folder, "the file's own folder"
