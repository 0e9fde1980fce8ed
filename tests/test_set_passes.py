"""The passes over sets of pages (duplicate titles and descriptions, consistency) read only the
pages' facts: with --jobs above 1 on a site of 64 pages or more they run in a forked process
while the run does the link site pass. The report is the one a single process gives, and a
lost process costs nothing but the time to do them again here."""

from __future__ import annotations

import json
import os
import shutil
import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, Run

from govlint import pool, runner

ARGS = ("--offline", "--no-config", "--no-cache", "--format", "json")


def _site(folder: Path) -> Path:
    """68 pages: the consistent-navigation fixtures (two pages out of their template's order)
    and ten more copies of its six passing pages (their titles repeated across the copies)."""
    shutil.copytree(FIXTURES / "consistent-navigation", folder / "part0",
                    ignore=shutil.ignore_patterns("*.expected"))
    for copy in range(1, 11):
        shutil.copytree(FIXTURES / "consistent-navigation", folder / f"part{copy}",
                        ignore=shutil.ignore_patterns("*.expected", "fail-*"))
    return folder


def _rules(stdout: str) -> set[str]:
    return {v["rule"] for v in json.loads(stdout)["violations"]}


def test_forked_set_passes_report_what_one_process_does(govlint: Run, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site(tmp_path / "site")
    entered: list[int] = []
    real = pool.later

    @contextmanager
    def counted(work: Callable[[], Any]) -> Iterator[Callable[[], Any]]:
        entered.append(1)
        with real(work) as result:
            yield result

    monkeypatch.setattr(runner.pool, "later", counted)
    one = govlint(*ARGS, "--jobs", "1", str(site))
    assert entered == []
    two = govlint(*ARGS, "--jobs", "2", str(site))
    assert entered == [1]
    assert one.returncode == two.returncode == 1
    assert {"duplicate-title", "consistent-navigation"} <= _rules(one.stdout)
    assert two.stdout == one.stdout


def test_a_lost_set_pass_process_is_made_up_for(govlint: Run, tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    site = _site(tmp_path / "site")
    here = os.getpid()
    real = runner._set_passes
    forked: list[int] = []

    def dies_when_forked(*args: Any) -> Any:
        if os.getpid() != here:
            os.kill(os.getpid(), signal.SIGKILL)
        forked.append(1)
        return real(*args)

    one = govlint(*ARGS, "--jobs", "1", str(site))
    monkeypatch.setattr(runner, "_set_passes", dies_when_forked)
    two = govlint(*ARGS, "--jobs", "2", str(site))
    assert forked == [1]  # done here once, after the forked process was lost
    assert {"duplicate-title", "consistent-navigation"} <= _rules(one.stdout)
    assert two.stdout == one.stdout
