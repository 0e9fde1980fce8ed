"""Caches opened by several runs at once: none of them loses the cache."""

from __future__ import annotations

import threading
from pathlib import Path

from govlint.sqlite_store import open_store

_SCHEMA = "CREATE TABLE IF NOT EXISTS t (k TEXT PRIMARY KEY)"


def test_a_new_store_opened_by_four_runs_at_once_opens_for_all(tmp_path: Path) -> None:
    # Four connections switching one new file to WAL at the same moment made SQLite answer
    # some of them "database is locked" at once (about 1 in 8 opens before the retry).
    problems: list[str | None] = []
    for round_ in range(60):
        folder = tmp_path / str(round_)
        start = threading.Barrier(4)

        def open_one(folder: Path = folder, start: threading.Barrier = start) -> None:
            start.wait()
            db, problem = open_store(folder, "s.sqlite3", _SCHEMA, "test store")
            problems.append(problem)
            if db is not None:
                assert db.execute("PRAGMA journal_mode").fetchone() == ("wal",)
                db.close()

        threads = [threading.Thread(target=open_one) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert len(problems) == 240
    assert [p for p in problems if p is not None] == []
