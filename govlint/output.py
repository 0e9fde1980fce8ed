"""Write a report so that readers never see a half-written file."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path


def write_atomic(path: Path, content: str | Iterable[str]) -> None:
    """Write to a temporary file beside ``path`` (``content`` whole or in pieces), then rename
    it into place. As the shell's ``>`` does, a symlink is written through (the file it
    points to is replaced, the link stays) and a FIFO or device (``/dev/stdout``, a pipe
    from ``>(command)``) is written to directly, never replaced by a regular file."""
    try:
        special = not stat.S_ISREG(os.stat(path).st_mode)  # follows symlinks
    except FileNotFoundError:
        special = False
    if special:
        with open(path, "w", encoding="utf-8", newline="") as stream:
            stream.writelines([content] if isinstance(content, str) else content)
        return
    path = Path(os.path.realpath(path))  # a symlink's target is what gets replaced
    folder = path.parent
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
