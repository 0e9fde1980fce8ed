"""Write a report so that readers never see a half-written file."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path


def write_atomic(path: Path, content: str | Iterable[str]) -> None:
    """Write to a temporary file beside ``path`` (``content`` whole or in pieces), then rename
    it into place."""
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.writelines([content] if isinstance(content, str) else content)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private (0600); a report gets a normal file's permissions.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
