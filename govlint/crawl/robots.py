"""robots.txt, read with Protego (the parser Scrapy uses; the standard library's
urllib.robotparser reads neither '*' nor '$', so it gets 'Disallow: /*.pdf$' wrong)."""

from __future__ import annotations

from dataclasses import dataclass

from protego import Protego

# RFC 9309 2.5: a crawler must parse at least 500 KiB; what follows is ignored.
MAX_ROBOTS_BYTES = 500 * 1024


@dataclass(frozen=True)
class Robots:
    """One origin's rules for govlint's user agent. ``everything``: True when every path is
    allowed (no robots.txt, a 4xx), False when none is (5xx or unreachable: RFC 9309 2.3.1.4),
    None when the parsed file decides."""

    parsed: Protego | None = None
    everything: bool | None = True
    problem: str = ""  # why the file could not be read, for a note

    @classmethod
    def parse(cls, text: bytes) -> Robots:
        return cls(Protego.parse(text[:MAX_ROBOTS_BYTES].decode("utf-8", "replace")), None)

    def allows(self, url: str, agent: str) -> bool:
        if self.everything is not None or self.parsed is None:
            return self.everything is not False
        return bool(self.parsed.can_fetch(url, agent))

    def delay(self, agent: str) -> float:
        """Crawl-delay for the agent, in seconds (0 when none)."""
        if self.parsed is None:
            return 0.0
        value = self.parsed.crawl_delay(agent)
        rate = self.parsed.request_rate(agent)
        if rate is not None and rate.requests:
            value = max(value or 0.0, rate.seconds / rate.requests)
        return float(value or 0.0)

    def sitemaps(self) -> tuple[str, ...]:
        return tuple(self.parsed.sitemaps) if self.parsed is not None else ()
