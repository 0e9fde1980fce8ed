"""Several report files that appear together or not at all: each is written to a temporary
file beside its place, and all are renamed into place only when every one is complete."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from types import TracebackType
from typing import TextIO


class AtomicFiles:
    def __init__(self, *paths: Path) -> None:
        self.paths = paths
        self.temps: list[str] = []
        self.handles: list[TextIO] = []

    def __enter__(self) -> tuple[TextIO, ...]:
        try:
            for path in self.paths:
                fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
                self.temps.append(tmp)
                self.handles.append(os.fdopen(fd, "w", encoding="utf-8", newline=""))
        except BaseException:
            self._discard()
            raise
        return tuple(self.handles)

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if kind is not None:
            self._discard()
            return
        try:
            umask = os.umask(0)
            os.umask(umask)
            for handle, tmp in zip(self.handles, self.temps, strict=True):
                handle.flush()
                os.fsync(handle.fileno())
                handle.close()
                os.chmod(tmp, 0o666 & ~umask)  # mkstemp's files are private; a report is not
            for tmp, path in zip(self.temps, self.paths, strict=True):
                os.replace(tmp, path)
        except BaseException:
            self._discard()
            raise

    def _discard(self) -> None:
        for handle in self.handles:
            handle.close()
        for tmp in self.temps:
            Path(tmp).unlink(missing_ok=True)
