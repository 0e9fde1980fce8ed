"""A run's settled results are kept out of the cycle collector's walks while it lasts, and
handed back to it when it ends, however it ends (govlint/heap.py). Counted with the
collector's own count of what it does not walk, never timed."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from report_site import make_site

from govlint import inputs
from govlint.config import CliOverrides, RawConfig
from govlint.runner import Linter


class _Stop(Exception):
    pass


def _run(root: Path, seen: list[int], stop_after: int | None = None) -> None:
    linter = Linter.build(RawConfig(), CliOverrides(root=str(root), no_cache=True))
    sources, failures = inputs.expand([str(root)], linter.config.exclude, linter.config.base_dir)
    assert not failures

    def progress(done: int, total: int) -> None:
        seen.append(gc.get_freeze_count())
        if stop_after is not None and done == stop_after:
            raise _Stop

    linter.lint_sources(sources, offline=True, read_stdin=lambda _: b"", page_progress=progress)


def test_pages_done_are_not_walked_by_the_collector_until_the_run_ends(tmp_path: Path) -> None:
    make_site(tmp_path / "site", 6)
    gc.unfreeze()
    seen: list[int] = []
    _run(tmp_path / "site", seen)
    assert len(seen) >= 6 and all(count > 0 for count in seen[1:])  # each after a page is settled
    assert gc.get_freeze_count() == 0


def test_a_run_that_fails_hands_everything_back(tmp_path: Path) -> None:
    make_site(tmp_path / "site", 6)
    gc.unfreeze()
    seen: list[int] = []
    with pytest.raises(_Stop):
        _run(tmp_path / "site", seen, stop_after=2)
    assert seen[-1] > 0
    assert gc.get_freeze_count() == 0
