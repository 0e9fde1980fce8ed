"""A persistent cache of external URLs that were found alive, shared safely between runs.

SQLite in WAL mode: two runs can read and write the same cache at once. Only successes are
stored (a dead, unverified or failed URL is always checked again), each with the time it was
checked, and entries older than the maximum age are ignored.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..sqlite_store import open_store

_SCHEMA = """CREATE TABLE IF NOT EXISTS alive (
    url TEXT PRIMARY KEY,
    checked_at REAL NOT NULL,
    status INTEGER NOT NULL,
    anchors TEXT
)"""


@dataclass(frozen=True)
class CachedUrl:
    status: int
    anchors: frozenset[str] | None  # None: the page's anchors were not read


class LinkCache:
    """Opened on a folder; any failure to use it degrades to no cache, never to a crash."""

    def __init__(self, folder: Path | None, max_age: float) -> None:
        self.max_age = max_age
        self.problem: str | None = None
        self._db: sqlite3.Connection | None = None
        if folder is None:
            return
        self._db, self.problem = open_store(folder, "links.sqlite3", _SCHEMA, "link cache")

    def get(self, url: str, need_anchors: bool) -> CachedUrl | None:
        if self._db is None:
            return None
        try:
            row = self._db.execute("SELECT checked_at, status, anchors FROM alive WHERE url = ?",
                                   (url,)).fetchone()
        except sqlite3.Error as exc:
            self._damaged(f"could not be read ({exc})")
            return None
        if row is None:
            return None
        entry = _entry(row)
        if entry is None:
            self._damaged("had a damaged entry")
            return None
        checked_at, cached = entry
        if not 0 <= time.time() - checked_at <= self.max_age:
            return None
        if need_anchors and cached.anchors is None:
            return None
        return cached

    def _damaged(self, what: str) -> None:
        if self.problem is None:
            self.problem = f"the link cache {what}; those URLs were checked again"

    def put_many(self, entries: Iterable[tuple[str, int, frozenset[str] | None]]) -> None:
        if self._db is None:
            return
        now = time.time()
        rows = [(url, now, status, json.dumps(sorted(a)) if a is not None else None)
                for url, status, a in entries]
        if not rows:
            return
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                self._db.executemany("INSERT OR REPLACE INTO alive VALUES (?, ?, ?, ?)", rows)
        except sqlite3.Error as exc:
            self.problem = f"link cache could not be written ({exc})"

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


def _entry(row: tuple[object, ...]) -> tuple[float, CachedUrl] | None:
    """A stored row as (checked_at, CachedUrl), or None when any part of it is not what this
    module writes (another program, a disk fault or an older format touched it)."""
    checked_at, status, anchors = row
    if not isinstance(checked_at, int | float) or isinstance(checked_at, bool) or checked_at != checked_at:
        return None
    if not isinstance(status, int) or not 100 <= status <= 999:
        return None
    if anchors is None:
        return float(checked_at), CachedUrl(status, None)
    if not isinstance(anchors, str):
        return None
    try:
        names = json.loads(anchors)
    except (ValueError, RecursionError):  # not JSON, numbers too long, nesting too deep
        return None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        return None
    return float(checked_at), CachedUrl(status, frozenset(names))
