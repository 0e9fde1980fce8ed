"""Where report files are, for formats read by code hosts (SARIF, GitLab, GitHub): a path
relative to the repository that holds the file (the nearest folder above it with a .git),
else to the current directory. Found from the files themselves, so running from outside
the repository on an absolute path gives the same paths as running inside it."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    path: str  # relative to root, with forward slashes; with no root, an absolute file:// URI
    root: str  # absolute folder: the repository root, else the current directory; or ""


def locate(files: Iterable[str], cwd: Path) -> dict[str, Location]:
    """A Location for each local file name (as reports show it; URLs are left out)."""
    repos: dict[str, str | None] = {}  # folder -> repository root above it (memoised)
    here = os.path.realpath(cwd)
    found = {}
    for name in files:
        if name.startswith(("http://", "https://")):
            continue
        real = os.path.realpath(os.path.join(cwd, name))
        top = _repository(os.path.dirname(real), repos) or here
        rel = os.path.relpath(real, top)
        if rel == os.pardir or rel.startswith(os.pardir + os.sep):
            found[name] = Location(Path(real).as_uri(), "")
        else:
            found[name] = Location(Path(rel).as_posix(), top)
    return found


def _repository(folder: str, memo: dict[str, str | None]) -> str | None:
    seen = []
    result = None
    while True:
        if folder in memo:
            result = memo[folder]
            break
        seen.append(folder)
        if os.path.exists(os.path.join(folder, ".git")):
            result = folder
            break
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    for each in seen:
        memo[each] = result
    return result


def relative(locations: Mapping[str, Location] | None, name: str) -> str:
    """The path a code host expects for a report file name."""
    found = (locations or {}).get(name)
    return found.path if found and found.root else name
