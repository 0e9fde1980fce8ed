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
    fingerprint: str = ""  # of everything above: set by make()

    @classmethod
    def make(cls, raw: RawConfig, overrides: CliOverrides, crawl: Mapping[str, Any]) -> EstateSettings:
        options = tuple(sorted(crawl.items()))
        state = [__version__, raw.data, asdict(overrides), options]
        digest = hashlib.sha256(json.dumps(state, sort_keys=True, default=str).encode()).hexdigest()
        return cls(raw, overrides, options, digest)

    def linter(self) -> Linter:
        return _linter(self)

    def describe(self) -> dict[str, Any]:
        """For the manifest: what a person reading it wants to know."""
        return {"govlint": __version__, "config": str(self.raw.source) if self.raw.source else None,
                "overrides": {k: v for k, v in asdict(self.overrides).items() if v not in (None, (), False)},
                "crawl": {k: v if isinstance(v, str | int | float | bool) or v is None else str(v)
                          for k, v in self.crawl}}


@functools.lru_cache(maxsize=4)
def _linter(settings: EstateSettings) -> Linter:
    """One Linter per process and settings (rule files are read once, not once a site)."""
    return Linter.build(settings.raw, settings.overrides)
