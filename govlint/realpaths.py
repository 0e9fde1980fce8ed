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
            real = self._memo[key] = os.path.realpath(key)
        return real

    def relative(self, path: Path | str, base: Path | str) -> str | None:
        """``path`` relative to ``base`` (both resolved), in URL form; None if it is outside."""
        real, inside = self(path), self(base)
        if real == inside:
            return "."
        prefix = inside if inside.endswith(os.sep) else inside + os.sep
        if not real.startswith(prefix):
            return None
        return Path(real[len(prefix):]).as_posix()
