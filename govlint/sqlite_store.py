"""Opening the SQLite files in the cache folder, shared by the page and link caches."""

from __future__ import annotations

import sqlite3
from pathlib import Path


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
        db.execute("PRAGMA journal_mode=WAL")
        db.executescript(schema)
        return db, None
    except (OSError, sqlite3.Error) as exc:
        return None, f"{what} in {folder} is not usable ({exc}); continuing without it"
