"""What every site of an estate is scanned with, in a form that travels to worker processes
and Dask workers (pickled): the config as read, the command-line overrides and the crawl's
options. Each process builds its Linter from it once."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from ..config import CliOverrides, RawConfig
from ..runner import Linter
from ..version import __version__


@dataclass(frozen=True)
class EstateSettings:
    raw: RawConfig = field(default_factory=RawConfig, compare=False)  # pickled, not hashed
    overrides: CliOverrides = field(default_factory=CliOverrides)
    crawl: tuple[tuple[str, Any], ...] = ()  # the crawl's options, by name (all hashable)
    fingerprint: str = ""  # of everything above and the headers: set by make()
    # --header 'Name: value' as given: $VAR in a value is filled from the environment of the
    # process that crawls the site (a Dask worker's own), so no secret travels with the task.
    headers: tuple[str, ...] = ()

    @classmethod
    def make(cls, raw: RawConfig, overrides: CliOverrides, crawl: Mapping[str, Any],
             headers: tuple[str, ...] = ()) -> EstateSettings:
        options = tuple(sorted(crawl.items()))
        state = [__version__, raw.data, asdict(overrides), options, list(headers)]
        digest = hashlib.sha256(json.dumps(state, sort_keys=True, default=str).encode()).hexdigest()
        return cls(raw, overrides, options, digest, headers)

    def linter(self) -> Linter:
        return _linter(self)

    def describe(self) -> dict[str, Any]:
        """For the manifest: what a person reading it wants to know."""
        return {"govlint": __version__, "config": str(self.raw.source) if self.raw.source else None,
                "overrides": {k: v for k, v in asdict(self.overrides).items() if v not in (None, (), False)},
                "crawl": {k: v if isinstance(v, str | int | float | bool) or v is None else str(v)
                          for k, v in self.crawl},
                # names only: a value may be a secret written out in full
                "headers": [text.partition(":")[0].strip() for text in self.headers]}


@functools.lru_cache(maxsize=4)
def _linter(settings: EstateSettings) -> Linter:
    """One Linter per process and settings (rule files are read once, not once a site)."""
    return Linter.build(settings.raw, settings.overrides)
