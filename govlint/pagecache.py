"""The incremental cache: a page whose bytes, place in the site, config, rules and govlint
version are unchanged is not parsed again; its results and the link facts it gives the site
pass are reused. SQLite in WAL mode, so two runs can share it; any failure degrades to no
cache, never to a crash. Entries are JSON (serialize.py), read into and written from typed
records here alone; an entry that cannot be read is a miss."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import serialize
from .links.site import LocalOutcome
from .model import Rule
from .records import PageRecord
from .sqlite_store import open_store

# pages: a page's own results and link facts (depend on its bytes alone). site: its site-pass
# results that need no network, with the facts about other files they rest on.
_SCHEMA = ("CREATE TABLE IF NOT EXISTS pages (key TEXT PRIMARY KEY, data TEXT NOT NULL);"
           "CREATE TABLE IF NOT EXISTS site (key TEXT PRIMARY KEY, data TEXT NOT NULL)")
_TABLES = ("pages", "site")
_BATCH = 256  # rows held before they are written: a big site's results never all wait in memory


def page_key(settings: str, identity: tuple[str, ...], data: bytes) -> str:
    """``settings``: the run's fingerprint; ``identity``: where the page sits in the site."""
    digest = hashlib.sha256()
    for part in (settings, *identity):
        digest.update(part.encode("utf-8", "surrogateescape") + b"\x1f")
    digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


class PageCache:
    def __init__(self, folder: Path) -> None:
        self.problem: str | None = None
        self._reading = True
        self._pending: dict[str, list[tuple[str, str]]] = {table: [] for table in _TABLES}
        self._db: sqlite3.Connection | None
        self._db, self.problem = open_store(folder, "pages.sqlite3", _SCHEMA, "page cache")

    def stop_reading(self) -> None:
        """Answer every get() with a miss from now on (writes go on)."""
        self._reading = False

    def page(self, key: str, rules: Mapping[str, Rule]) -> PageRecord | None:
        """The record stored for a page, marked as cached; ``rules``: the run's."""
        data = self._get(key, "pages")
        try:
            return replace(serialize.load_record(data, rules), cached=True) if data is not None else None
        except serialize.Unreadable:
            return None

    def put_page(self, key: str, record: PageRecord, rules: Mapping[str, Rule]) -> None:
        self._put(key, serialize.dump_record(record, rules), "pages")

    def local(self, key: str, file: str, rules: Mapping[str, Rule]) -> LocalOutcome | None:
        """A page's stored site-pass results (worked out again when unreadable)."""
        data = self._get(key, "site")
        try:
            return serialize.load_local(data, file, rules) if data is not None else None
        except serialize.Unreadable:
            return None

    def put_local(self, key: str, outcome: LocalOutcome, rules: Mapping[str, Rule]) -> None:
        self._put(key, serialize.dump_local(outcome, rules), "site")

    def _get(self, key: str, table: str) -> Any:
        if self._db is None or not self._reading:
            return None
        try:
            row = self._db.execute(f"SELECT data FROM {table} WHERE key = ?", (key,)).fetchone()
            return json.loads(row[0]) if row else None
        except (sqlite3.Error, ValueError):
            return None

    def _put(self, key: str, value: dict[str, Any], table: str) -> None:
        # ASCII JSON: a file name that is not UTF-8 (held with surrogate escapes) round-trips
        # as \udcXX, where raw text would fail to encode.
        self._pending[table].append((key, json.dumps(value)))
        if sum(len(rows) for rows in self._pending.values()) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        """Write what is pending in one transaction; after a failure, stop writing (reads go on)."""
        rows_by_table, self._pending = self._pending, {table: [] for table in _TABLES}
        if self._db is None or self.problem is not None or not any(rows_by_table.values()):
            return
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                for table, rows in rows_by_table.items():
                    self._db.executemany(f"INSERT OR REPLACE INTO {table} VALUES (?, ?)", rows)
        except sqlite3.Error as exc:
            self.problem = f"page cache could not be written ({exc})"

    def close(self) -> None:
        if self._db is None:
            return
        try:
            self._flush()
        finally:
            self._db.close()
            self._db = None
