"""Real paths of files and folders, resolved once per run: every page of a site is measured
against the same few folders, and resolving a path walks each of its components."""

from __future__ import annotations

import os
from pathlib import Path


class RealPaths:
    def __init__(self) -> None:
        self._memo: dict[str, str] = {}

    def __call__(self, path: Path | str) -> str:
        key = os.fspath(path)
        real = self._memo.get(key)
        if real is None:
            real = self._memo[key] = self._resolve(key)
        return real

    def _resolve(self, path: str) -> str:
        """os.path.realpath, each folder resolved once: a name that is not itself a symlink
        is its folder's real path plus the name (one lstat, where realpath takes one for
        every component of the path)."""
        folder, name = os.path.split(path)
        if not folder or folder == path or name in ("", ".", "..") or os.path.islink(path):
            return os.path.realpath(path)
        return os.path.join(self(folder), name)

    def relative(self, path: Path | str, base: Path | str) -> str | None:
        """``path`` relative to ``base`` (both resolved), in URL form; None if it is outside."""
        real, inside = self(path), self(base)
        if real == inside:
            return "."
        prefix = inside if inside.endswith(os.sep) else inside + os.sep
        if not real.startswith(prefix):
            return None
        return Path(real[len(prefix):]).as_posix()
