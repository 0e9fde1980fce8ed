"""A crawl's state in SQLite: the frontier, each URL's response, pages fetched but not yet
linted, and each page's results. With a folder (--state DIR) an interrupted crawl continues
where it stopped; without one it lives in memory. One connection, shared by the fetching
threads under a lock."""

from __future__ import annotations

import json
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import GovlintError

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS frontier (seq INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT UNIQUE NOT NULL,
    depth INTEGER NOT NULL, done INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS responses (url TEXT PRIMARY KEY, status INTEGER NOT NULL, error TEXT NOT NULL,
    location TEXT, html INTEGER NOT NULL, anchors TEXT, refused INTEGER NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS bodies (url TEXT PRIMARY KEY, charset TEXT, data BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS results (url TEXT PRIMARY KEY, seq INTEGER NOT NULL, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS left_out (url TEXT PRIMARY KEY);
"""
FILE = "crawl.sqlite3"


@dataclass(frozen=True)
class Stored:
    """One URL's response as the crawl recorded it."""

    url: str
    status: int
    error: str
    location: str | None  # a redirect's target (canonical)
    html: bool
    anchors: frozenset[str] | None
    refused: bool


class StateError(GovlintError):
    """The state folder cannot be used; one line."""


class State:
    def __init__(self, folder: Path | None) -> None:
        """``folder`` None: a temporary folder, removed by close() (pages wait for linting on
        disk, not in memory)."""
        self._lock = threading.Lock()
        self._temporary = tempfile.TemporaryDirectory(prefix="govlint-crawl-") if folder is None else None
        try:
            if self._temporary is not None:
                folder = Path(self._temporary.name)
            assert folder is not None
            folder.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(folder / FILE, check_same_thread=False, isolation_level=None,
                                       timeout=30)
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.executescript(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise StateError(f"cannot use the crawl state in {folder}: {exc}") from None

    def _run(self, sql: str, args: tuple[Any, ...] = ()) -> list[Any]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # --- the crawl as a whole ----------------------------------------------------------

    def get_meta(self, key: str) -> str | None:
        rows = self._run("SELECT value FROM meta WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        self._run("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))

    def reset(self) -> None:
        """Forget an earlier crawl (a finished one, or another site's)."""
        with self._lock, self._db:
            for table in ("meta", "frontier", "responses", "bodies", "results", "left_out"):
                self._db.execute(f"DELETE FROM {table}")

    # --- the frontier ------------------------------------------------------------------

    def add(self, url: str, depth: int) -> bool:
        """Queue a URL; False when it was seen before."""
        with self._lock:
            cursor = self._db.execute("INSERT OR IGNORE INTO frontier (url, depth) VALUES (?, ?)",
                                      (url, depth))
            return cursor.rowcount == 1

    def known(self) -> int:
        """URLs in the frontier that are pages (resources, of depth -1, aside)."""
        return int(self._run("SELECT COUNT(*) FROM frontier WHERE depth >= 0")[0][0])

    def queued(self) -> list[tuple[int, str, int]]:
        """(seq, url, depth) of every URL not fetched yet, in the order found."""
        rows = self._run("SELECT seq, url, depth FROM frontier WHERE done = 0 ORDER BY seq")
        return [(int(seq), url, int(depth)) for seq, url, depth in rows]

    def all_urls(self) -> list[str]:
        return [r[0] for r in self._run("SELECT url FROM frontier")]

    def depth(self, url: str) -> int:
        """Steps from a start URL to this one (0 when it is not in the frontier)."""
        rows = self._run("SELECT depth FROM frontier WHERE url = ?", (url,))
        return max(0, int(rows[0][0])) if rows else 0

    def seq(self, url: str) -> int:
        rows = self._run("SELECT seq FROM frontier WHERE url = ?", (url,))
        return int(rows[0][0]) if rows else 0

    # --- responses ---------------------------------------------------------------------

    def record(self, stored: Stored, body: tuple[bytes, str | None] | None = None) -> None:
        """A URL's response (and an HTML page's bytes, kept until it is linted), and the URL
        marked fetched, in one transaction: an interrupted crawl never fetches it again."""
        anchors = json.dumps(sorted(stored.anchors)) if stored.anchors is not None else None
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("INSERT OR REPLACE INTO responses VALUES (?, ?, ?, ?, ?, ?, ?)",
                             (stored.url, stored.status, stored.error, stored.location, int(stored.html),
                              anchors, int(stored.refused)))
            if body is not None:
                self._db.execute("INSERT OR REPLACE INTO bodies VALUES (?, ?, ?)",
                                 (stored.url, body[1], body[0]))
            self._db.execute("UPDATE frontier SET done = 1 WHERE url = ?", (stored.url,))

    def set_anchors(self, url: str, anchors: frozenset[str]) -> None:
        """A rendered page's fragment targets, which its scripts may have added to."""
        with self._lock, self._db:
            self._db.execute("UPDATE responses SET anchors = ? WHERE url = ?",
                             (json.dumps(sorted(anchors)), url))

    def responses(self) -> dict[str, Stored]:
        out = {}
        for url, status, error, location, html, anchors, refused in self._run("SELECT * FROM responses"):
            out[url] = Stored(url, status, error, location, bool(html),
                              frozenset(json.loads(anchors)) if anchors is not None else None, bool(refused))
        return out

    def unlinted(self) -> list[str]:
        """Pages fetched but not linted (yet, or when the crawl stopped)."""
        return [u for (u,) in self._run("SELECT url FROM bodies ORDER BY rowid")]

    def body(self, url: str) -> tuple[bytes, str | None] | None:
        rows = self._run("SELECT data, charset FROM bodies WHERE url = ?", (url,))
        return (rows[0][0], rows[0][1]) if rows else None

    def leave_out(self, url: str) -> None:
        """An in-scope URL a bound or robots.txt kept out: links to it are not checked."""
        self._run("INSERT OR IGNORE INTO left_out VALUES (?)", (url,))

    def is_left_out(self, url: str) -> bool:
        return bool(self._run("SELECT 1 FROM left_out WHERE url = ?", (url,)))

    # --- results -----------------------------------------------------------------------

    def save_result(self, url: str, outcome: dict[str, Any]) -> None:
        """A page's results; its bytes are no longer needed."""
        seq = self.seq(url)
        with self._lock, self._db:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.execute("INSERT OR REPLACE INTO results VALUES (?, ?, ?)",
                             (url, seq, json.dumps(outcome)))
            self._db.execute("DELETE FROM bodies WHERE url = ?", (url,))

    def results(self) -> Iterator[tuple[str, Any]]:
        """(URL, its results as stored) for every page, in the order the pages were found,
        read a few at a time (a big crawl's results are never all in memory as text)."""
        with self._lock:
            cursor = self._db.execute("SELECT url, data FROM results ORDER BY seq, url")
        while True:
            with self._lock:
                rows = cursor.fetchmany(64)
            if not rows:
                return
            for url, data in rows:
                try:
                    yield url, json.loads(data)
                except ValueError:
                    yield url, None  # unreadable: the page's error, said by the crawl

    def close(self) -> None:
        with self._lock:
            self._db.close()
        if self._temporary is not None:
            self._temporary.cleanup()
