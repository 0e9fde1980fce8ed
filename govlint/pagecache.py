"""The incremental cache: a page whose bytes, place in the site, config, rules and govlint
version are unchanged is not parsed again; its results and the link facts it gives the site
pass are reused. SQLite in WAL mode, so two runs can share it; any failure degrades to no
cache, never to a crash. Entries are JSON (serialize.py), read into and written from typed
records here alone; an entry that cannot be read is a miss."""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from . import jsontext, serialize
from .links.site import LocalOutcome
from .model import Rule
from .records import PageRecord
from .sqlite_store import open_store

# records: a page's own results and link facts (depend on its bytes alone), its links as JSON
# text of their own. site: its site-pass results that need no network, with the facts about
# other files they rest on.
_SCHEMA = ("CREATE TABLE IF NOT EXISTS records (key TEXT PRIMARY KEY, data TEXT NOT NULL, links TEXT);"
           "CREATE TABLE IF NOT EXISTS site (key TEXT PRIMARY KEY, data TEXT NOT NULL)")
_ROWS = {"records": "INSERT OR REPLACE INTO records VALUES (?, ?, ?)",
         "site": "INSERT OR REPLACE INTO site VALUES (?, ?)"}
_BATCH = 256  # rows held before they are written: a big site's results never all wait in memory
# ... and characters: 256 pages of 800 findings each were 70 MB waiting
_BATCH_CHARS = 8_000_000


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
        self._pending: dict[str, list[tuple[str | None, ...]]] = {table: [] for table in _ROWS}
        self._pending_chars = 0
        self._db: sqlite3.Connection | None
        self._db, self.problem = open_store(folder, "pages.sqlite3", _SCHEMA, "page cache")
        self._drop_old_format()

    def _drop_old_format(self) -> None:
        """Format 7 and before kept pages, links inside, in a table no run reads any more."""
        if self._db is None:
            return
        try:
            old = self._db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'pages'")
            if old.fetchone():
                self._db.execute("DROP TABLE IF EXISTS pages")
        except sqlite3.Error:
            pass  # another run holds it: dropped another time

    def stop_reading(self) -> None:
        """Answer every read with a miss from now on (writes go on)."""
        self._reading = False

    def page(self, key: str, rules: Mapping[str, Rule]) -> PageRecord | None:
        """The record stored for a page, marked as cached; ``rules``: the run's. An entry
        that cannot be read is a miss."""
        # The JSON as bytes (CAST): read as text, SQLite's rows were decoded into str only for
        # orjson to read them as UTF-8 again (half the time of a warm run's lookups).
        row = self._row("SELECT CAST(data AS BLOB), links FROM records WHERE key = ?", key)
        if row is None:
            return None
        try:
            return replace(serialize.load_record(jsontext.loads(row[0]), row[1], rules), cached=True)
        except (serialize.Unreadable, ValueError, TypeError):
            return None

    def put_page(self, key: str, record: PageRecord, rules: Mapping[str, Rule]) -> None:
        if record.cache_entry is not None:  # made by the worker that linted the page
            self._put("records", (key, *record.cache_entry))
            return
        self._put("records", (key, *entry(record, rules)))

    def local(self, key: str, file: str, rules: Mapping[str, Rule]) -> LocalOutcome | None:
        """A page's stored site-pass results (worked out again when unreadable)."""
        row = self._row("SELECT CAST(data AS BLOB) FROM site WHERE key = ?", key)
        if row is None:
            return None
        try:
            return serialize.load_local(jsontext.loads(row[0]), file, rules)
        except (serialize.Unreadable, ValueError, TypeError):
            return None

    def put_local(self, key: str, outcome: LocalOutcome, rules: Mapping[str, Rule]) -> None:
        self._put("site", (key, outcome.cache_text or local_entry(outcome, rules)))

    def _row(self, sql: str, key: str) -> tuple[Any, ...] | None:
        if self._db is None or not self._reading:
            return None
        try:
            row: tuple[Any, ...] | None = self._db.execute(sql, (key,)).fetchone()
            return row
        except sqlite3.Error:
            return None

    def _put(self, table: str, row: tuple[str | None, ...]) -> None:
        self._pending[table].append(row)
        self._pending_chars += sum(len(value) for value in row if value)
        if self._pending_chars >= _BATCH_CHARS or sum(len(rows) for rows in self._pending.values()) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        """Write what is pending in one transaction; after a failure, stop writing (reads go on)."""
        rows_by_table, self._pending = self._pending, {table: [] for table in _ROWS}
        self._pending_chars = 0
        if self._db is None or self.problem is not None or not any(rows_by_table.values()):
            return
        try:
            with self._db:
                self._db.execute("BEGIN IMMEDIATE")
                for table, rows in rows_by_table.items():
                    self._db.executemany(_ROWS[table], rows)
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


def entry(record: PageRecord, rules: Mapping[str, Rule]) -> tuple[str, str | None]:
    """A page's record as the cache stores it: its JSON text and its links' text."""
    data, links = serialize.dump_record(record, rules)
    return jsontext.dumps(data), links


def local_entry(outcome: LocalOutcome, rules: Mapping[str, Rule]) -> str:
    """A page's link results as the cache stores them."""
    return jsontext.dumps(serialize.dump_local(outcome, rules))
