"""An estate scan: the manifest, then every site without a current shard (resuming an
interrupted scan scans only those), locally or on a Dask cluster."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import UsageError
from . import dask_run, local, manifest, shard
from .settings import EstateSettings
from .sites import Estate, Site


@dataclass(frozen=True)
class Scanned:
    sites: int  # in the estate
    scanned: int  # by this run
    kept: int  # shards of an earlier run, scanned with the same settings


def scan(estate: Estate, folder: Path, settings: EstateSettings, *, scheduler: str | None = None,
         jobs: int = 1, progress: Callable[[int, int], None] | None = None) -> Scanned:
    shards = folder / manifest.SHARDS
    try:
        shards.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot make the estate folder {folder}: {exc.strerror or exc}") from None
    manifest.write(folder, manifest.Manifest(estate, settings.describe(), settings.fingerprint))
    todo = unfinished(estate, shards, settings.fingerprint)
    if scheduler:
        dask_run.run(scheduler, todo, settings, shards, progress)
    else:
        local.run(todo, settings, shards, jobs, progress)
    return Scanned(len(estate.sites), len(todo), len(estate.sites) - len(todo))


def unfinished(estate: Estate, shards: Path, fingerprint: str) -> list[Site]:
    """Sites with no shard, or one that cannot be read or was made with other settings."""
    found = shard.finished(shards)
    todo = []
    for site in estate.sites:
        path = found.get(site.key)
        if path is not None:
            try:
                if shard.read_head(path).settings == fingerprint:
                    continue
            except shard.DamagedShard:
                pass
        todo.append(site)
    return todo
