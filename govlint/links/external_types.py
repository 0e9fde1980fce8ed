"""Results of external URL checks (no aiohttp here, so importing them costs nothing)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field


@dataclass(frozen=True)
class UrlResult:
    """``outcome``: 'ok', 'dead', 'unverified' (could not tell: bot wall, rate limit,
    timeout) or 'refused' (not checked: the address guard refused it)."""

    url: str
    outcome: str
    status: int | None = None
    reason: str = ""
    redirects: tuple[str, ...] = ()
    anchors: frozenset[str] | None = None
    connect_failure: bool = False  # the host could not be resolved or connected to
    cached: bool = False
    truncated: bool = False  # anchors were read from the start of a page longer than max_body_size


@dataclass
class HostStats:
    """Request start times per host (for politeness figures)."""

    starts: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    def max_per_second(self, host: str) -> int:
        times = sorted(self.starts.get(host, []))
        best = 0
        j = 0
        for i, t in enumerate(times):
            while times[j] < t - 1.0 + 1e-9:
                j += 1
            best = max(best, i - j + 1)
        return best
