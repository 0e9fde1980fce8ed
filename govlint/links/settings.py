"""How links are checked: the [links] config table and its command-line overrides."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ConfigError
from .netguard import AddressPolicy, parse_networks

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_MAX_DURATION = 10 * 365 * 86400.0
_ENV_REF = re.compile(r"\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass(frozen=True)
class LinkSettings:
    root: Path | None = None  # site root; None: the directory given on the command line
    clean_urls: bool = False  # /about may be about.html or about/index.html
    check_external: bool = True
    check_external_fragments: bool = False
    exclude_urls: tuple[str, ...] = ()  # regular expressions; matching URLs are not checked
    remap: tuple[tuple[str, str], ...] = ()  # (regular expression, replacement), applied first
    timeout: float = 10.0  # seconds per request
    max_redirects: int = 10
    max_concurrency: int = 64  # requests in flight, all hosts together
    host_concurrency: int = 4  # requests in flight to one host
    host_interval: float = 0.05  # seconds between two request starts to one host
    retries: int = 3  # for 429, 5xx, timeouts and dropped connections
    retry_wait: float = 1.0  # first backoff, doubled each retry, with jitter
    max_retry_wait: float = 30.0  # cap on any wait, Retry-After included
    accept: Mapping[str, tuple[int, ...]] = field(default_factory=dict)  # host -> statuses that are fine
    headers: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # host -> headers (${VAR})
    user_agent: str = "govlint link checker"
    allow_private: bool = False  # connect to private, link-local and other non-global addresses
    allow_networks: tuple[str, ...] = ()  # CIDR networks allowed whatever their class
    refuse_private: bool = False  # refuse loopback addresses as well
    max_body_size: int = 8 * 1024 * 1024  # bytes read of a response body, at most
    max_host_retry_wait: float = 60.0  # seconds of retry waits for one host in a run
    max_total_retry_wait: float = 120.0  # seconds of retry waits in a whole run
    max_check_time: float = 600.0  # seconds for checking external URLs, all together
    cache_dir: Path | None = Path(".govlint-cache")
    max_cache_age: float = 86400.0

    def policy(self) -> AddressPolicy:
        """The address guard these settings ask for (networks were checked when loaded)."""
        return AddressPolicy(allow_private=self.allow_private, allow_loopback=not self.refuse_private,
                             allow_networks=parse_networks(self.allow_networks, "links.allow_networks"))


def duration(value: str | float | int, where: str) -> float:
    """Seconds in '90', '90s', '15m', '12h', '1d' or '2w' (at most ten years)."""
    if isinstance(value, int | float):
        seconds = float(value)
    else:
        match = _DURATION.match(value)
        if not match:
            raise ConfigError(f"{where}: {value[:40]!r} is not a duration such as 30s, 15m, 12h or 1d")
        seconds = float(match[1]) * _UNITS[match[2]]
    if not 0 <= seconds <= _MAX_DURATION:
        raise ConfigError(f"{where}: {value!r} is not a duration from 0 to ten years")
    return seconds


def expand_headers(headers: Mapping[str, Mapping[str, str]],
                   env: Mapping[str, str]) -> dict[str, dict[str, str]]:
    """Fill ${VAR} in header values from the environment (tokens stay out of config files
    and never reach a report). A missing variable is an error naming it."""
    out: dict[str, dict[str, str]] = {}
    for host, values in headers.items():
        filled = {}
        for name, template in values.items():
            missing = [v for v in _ENV_REF.findall(template) if v not in env]
            if missing:
                raise ConfigError(f"links.headers.{host}.{name}: environment variable "
                                  f"{missing[0]} is not set")
            filled[name] = _ENV_REF.sub(lambda m: env[m[1]], template)
        out[host.lower()] = filled
    return out
