"""Embedded mode: the sites in local worker processes (govlint's own pool, where a worker
that dies costs only the site it held). Each worker writes the shard of the site it scanned,
so a site is on disk as soon as it is done, whatever order the others finish in."""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path

from .. import pool
from . import shard, task
from .settings import EstateSettings
from .sites import Site

# A site whose worker died is given to a new worker this many times more; then it is failed.
RETRIES = 1


def run(sites: Sequence[Site], settings: EstateSettings, folder: Path, jobs: int,
        progress: Callable[[int, int], None] | None = None) -> None:
    settings.linter()  # built once here, inherited by the forked workers
    work = functools.partial(_scan_and_write, settings=settings, folder=folder)
    todo = list(sites)
    done = 0
    for attempt in range(RETRIES + 1):
        lost: list[tuple[Site, pool.Lost]] = []
        for site, outcome in zip(todo, pool.run(work, todo, max(1, min(jobs, len(todo)))), strict=True):
            if isinstance(outcome, pool.Lost):
                lost.append((site, outcome))
                continue
            done += 1
            if progress is not None:
                progress(done, len(sites))
        if attempt == RETRIES:
            for site, outcome in lost:
                why = f"the process scanning this site stopped ({outcome.reason}), {RETRIES + 1} times"
                shard.write(folder, site.key, task.failed(site, settings, why))
                done += 1
                if progress is not None:
                    progress(done, len(sites))
        todo = [site for site, _ in lost]
        if not todo:
            break


def _scan_and_write(site: Site, *, settings: EstateSettings, folder: Path) -> str:
    shard.write(folder, site.key, task.scan_site(site, settings))
    return site.key
