"""Opening the SQLite files in the cache folder, shared by the page and link caches."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

# Two runs that open a new cache at once both hold a read lock and both want to switch the file
# to WAL; SQLite answers one of them "locked" at once, without waiting (waiting could deadlock).
# The switch is made once per file, so trying again after the other run made it succeeds.
_WAL_TRIES = 40


def open_store(folder: Path, name: str, schema: str,
               what: str) -> tuple[sqlite3.Connection | None, str | None]:
    """(connection, None), or (None, a one-line reason) when the folder or file is unusable.
    WAL mode lets two runs read and write the same cache at once."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():  # the cache never shows in the user's `git status`
            ignore.write_text("# made by govlint: its cache is never committed\n*\n", encoding="utf-8")
        db = sqlite3.connect(folder / name, timeout=30, isolation_level=None)
        _use_wal(db)
        db.executescript(schema)
        return db, None
    except (OSError, sqlite3.Error) as exc:
        return None, f"{what} in {folder} is not usable ({exc}); continuing without it"


def _use_wal(db: sqlite3.Connection) -> None:
    for attempt in range(1, _WAL_TRIES + 1):
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == _WAL_TRIES:
                raise
            time.sleep(0.005 * attempt)  # 4 s in all at most
