"""Distributed mode: one Dask task per site on an existing cluster. Dask gives a task whose
worker died to another worker (up to the scheduler's ``allowed-failures``, 3 by default);
the client writes each site's shard as its task finishes, so workers need no shared disk.
A site is written once, by the client, whichever worker's attempt finished it."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from ..errors import UsageError
from . import shard, task
from .settings import EstateSettings
from .sites import Site

CONNECT_TIMEOUT = "30s"
RETRIES = 2  # a task that raised (it never should: a site's failure is in its shard) is tried again


def run(address: str, sites: Sequence[Site], settings: EstateSettings, folder: Path,
        progress: Callable[[int, int], None] | None = None) -> None:
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise UsageError("--scheduler needs Dask: pip install 'govlint[dask]'") from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT)
    except (OSError, TimeoutError, ValueError) as exc:
        raise UsageError(f"cannot reach the Dask scheduler at {address}: {_one_line(exc)}") from None
    try:
        _run_on(client, as_completed, sites, settings, folder, progress)
    finally:
        client.close()


def _run_on(client: Any, as_completed: Any, sites: Sequence[Site], settings: EstateSettings, folder: Path,
            progress: Callable[[int, int], None] | None) -> None:
    if not sites:
        return
    run_id = uuid.uuid4().hex[:8]  # keys of this run never meet an earlier run's results
    keys = [f"govlint-site-{site.key}-{run_id}" for site in sites]
    by_key = dict(zip(keys, sites, strict=True))
    futures = client.map(task.scan_site, sites, settings=settings, key=keys, pure=False, retries=RETRIES)
    for done, future in enumerate(as_completed(futures), 1):
        site = by_key[future.key]
        try:
            data = future.result()
        except Exception as exc:  # KilledWorker: its workers kept dying; or the task raised
            data = task.failed(site, settings, f"on the Dask cluster: {_one_line(exc)}")
        shard.write(folder, site.key, data)
        future.release()
        if progress is not None:
            progress(done, len(sites))


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:300]}" if text else type(exc).__name__
