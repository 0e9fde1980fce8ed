"""Crawl URLs: one canonical form per page, the crawl's scope, and the bound on URLs that
share a shape (calendar and search traps)."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit

from ..errors import UsageError
from ..links.urls import BadUrl, normalize
from ..regexes import problem

# Query parameters that say where a visitor came from, not what the page is.
_TRACKING = re.compile(r"^(?:utm_[a-z0-9_]*|fbclid|gclid|dclid|msclkid|mc_eid)$", re.IGNORECASE)
# Characters left as they are in a path (RFC 3986 pchar and '/'); the rest percent-encoded.
_PATH_SAFE = "/:@!$&'()*+,;=-._~"
# A path segment that is only a number, a date or an id ('2024', '2024-05-01', '17.5').
_NUMERIC = re.compile(r"^[0-9][0-9._-]*$")
_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")


def _uniform(match: re.Match[str]) -> str:
    char = chr(int(match[1], 16))
    return char if char in _UNRESERVED else f"%{match[1].upper()}"


def canonical(url: str) -> str:
    """The one form of a page's URL the crawl knows it by: http(s) only, host canonical and
    default port dropped (links.urls.normalize), fragment dropped, percent-encoding made
    uniform (unreserved characters decoded, the rest encoded in upper case), an empty path
    made '/', and tracking parameters (utm_*, fbclid, gclid) dropped; the rest of the query
    is kept in order. BadUrl for anything else."""
    url = normalize(url.partition("#")[0])
    parts = urlsplit(url)
    path = _PERCENT.sub(_uniform, quote(parts.path or "/", safe=_PATH_SAFE + "%"))
    query = ""
    if parts.query:
        pairs = parse_qsl(parts.query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs if not _TRACKING.match(k)]
        query = urlencode(kept, quote_via=quote, safe="-._~") if kept else ""
        if kept and len(kept) == len(pairs) and "=" not in parts.query:
            query = parts.query  # a bare query ('?print') stays as written
    return f"{parts.scheme}://{parts.netloc}{path}" + (f"?{query}" if query else "")


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def shape(url: str) -> str:
    """URLs of one shape differ only in numbers and query values: '/events/2024/05/?day=3'
    is '/events/{n}/{n}/?day='. A calendar or a search form makes endless URLs of one shape."""
    parts = urlsplit(url)
    segments = ["{n}" if _NUMERIC.match(s) else s for s in parts.path.split("/")]
    keys = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)})
    query = "&".join(f"{k}=" for k in keys)
    return f"{parts.scheme}://{parts.netloc}{'/'.join(segments)}" + (f"?{query}" if query else "")


@dataclass(frozen=True)
class Scope:
    """Which URLs the crawl follows: the start URLs' origins, then --include patterns widen
    it and --exclude patterns narrow it (regular expressions searched in the canonical URL)."""

    origins: frozenset[str]
    include: tuple[re.Pattern[str], ...] = ()
    exclude: tuple[re.Pattern[str], ...] = ()

    @classmethod
    def build(cls, starts: Iterable[str], include: Iterable[str] = (),
              exclude: Iterable[str] = ()) -> Scope:
        return cls(frozenset(origin(u) for u in starts), compile_patterns(include, "--include"),
                   compile_patterns(exclude, "--exclude"))

    def __contains__(self, url: str) -> bool:
        if any(p.search(url) for p in self.exclude):
            return False
        return origin(url) in self.origins or any(p.search(url) for p in self.include)


# What a crawl follows from a page (not its assets): element -> the attribute holding its URL.
FOLLOWED = {"a": "href", "area": "href", "frame": "src", "iframe": "src"}
REDIRECTS = frozenset({301, 302, 303, 307, 308})  # statuses whose Location a crawl follows
MAX_LINKS = 10_000  # links followed from one page, at most (a hostile page may hold millions)


def followed(base: str, raws: Iterable[str]) -> list[str]:
    """The canonical URLs of a page's links (their attribute values, in order) against its
    base URL; empty, fragment-only and unusable ones left out, at most MAX_LINKS. The one
    reading of links for pages as fetched and as rendered."""
    links: list[str] = []
    for value in raws:
        raw = value.strip()
        if not raw or raw.startswith("#"):
            continue
        try:
            links.append(canonical(urljoin(base, raw)))
        except (BadUrl, ValueError):
            continue
        if len(links) >= MAX_LINKS:
            break
    return links


def compile_patterns(patterns: Iterable[str], option: str) -> tuple[re.Pattern[str], ...]:
    """Regular expressions from the command line, refused (UsageError) when invalid or when
    they could backtrack without bound (govlint.regexes)."""
    out = []
    for pattern in patterns:
        why = problem(pattern)
        if why is not None:
            raise UsageError(f"{option}: {why}")
        out.append(re.compile(pattern))
    return tuple(out)


class ShapeBound:
    """At most ``limit`` URLs of one shape are queued; the shapes that reached it are kept to
    be reported."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.counts: Counter[str] = Counter()
        self.capped: Counter[str] = Counter()  # shape -> URLs left out

    def admit(self, url: str) -> bool:
        key = shape(url)
        if self.counts[key] >= self.limit:
            self.capped[key] += 1
            return False
        self.counts[key] += 1
        return True


__all__ = ["FOLLOWED", "MAX_LINKS", "REDIRECTS", "BadUrl", "Scope", "ShapeBound", "canonical",
           "compile_patterns", "followed", "origin", "shape"]
