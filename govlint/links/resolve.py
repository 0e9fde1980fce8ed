"""Where a link goes, from the page that carries it: another page of the site, this page, an
external URL, or a URL no browser could follow."""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote, urljoin, urlsplit

from .urls import normalize

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


@dataclass(frozen=True)
class Target:
    """Where a link goes. ``kind``: 'local', 'external', 'self' (this page), 'mailto', 'tel',
    'escape' (climbs out of the root), 'invalid' (not a URL a browser could follow) or 'skip'
    (a scheme govlint does not check)."""

    kind: str
    path: tuple[str, ...] = ()  # local: segments under the root
    directory: bool = False  # local: the URL names a directory (trailing slash)
    url: str = ""  # external: absolute URL without fragment; mailto/tel: the link
    fragment: str | None = None
    reason: str = ""  # invalid: why the URL cannot be followed


@dataclass(frozen=True)
class PagePlace:
    """Where the linking page sits, for resolving its relative links."""

    segments: tuple[str, ...]  # site path of the page, split ("news", "a.html")
    page_url: str | None = None  # a fetched page's own URL
    base_href: str | None = None
    origin: str | None = None  # the site's base_url, whose links are local


def classify(raw: str, place: PagePlace) -> Target:
    """Where a link goes; 'invalid' (with the reason) for a URL no browser could follow."""
    try:
        target = _classify(raw, place)
        if target.kind == "external":
            normalize(target.url)
    except ValueError as exc:  # BadUrl, or urllib's own complaint about a host
        return Target("invalid", url=raw, reason=str(exc))
    return target


def _classify(raw: str, place: PagePlace) -> Target:
    url, hash_sign, fragment = raw.partition("#")
    frag = fragment if hash_sign else None
    scheme = _SCHEME.match(url)
    if scheme and scheme[1].lower() not in ("http", "https"):
        kind = scheme[1].lower()
        return Target(kind if kind in ("mailto", "tel") else "skip", url=raw)
    if place.page_url is not None:  # a fetched page: all but its own fragments is external
        base = urljoin(place.page_url, place.base_href or "")
        if not url and not place.base_href:
            return Target("self", fragment=frag)
        return Target("external", url=urljoin(base, url), fragment=frag)
    base_doc = _base_document(place)
    if base_doc is None:  # <base href> names another site
        return Target("external", url=urljoin(place.base_href or "", url), fragment=frag)
    if scheme or url.startswith("//"):
        absolute = url if scheme else "https:" + url
        local = _local_path(absolute, place.origin)
        if local is None:
            return Target("external", url=absolute, fragment=frag)
        url = local
    path = _path(url)
    joined = _join(base_doc[:-1], path) if path else base_doc
    if joined is None:
        return Target("escape", url=raw)
    if joined == place.segments:
        return Target("self", fragment=frag)
    directory = path.endswith("/") or (not path and base_doc[-1:] == ("",))
    path_segments = tuple(s for s in joined if s) if "" in joined else joined
    return Target("local", path=path_segments, directory=directory, fragment=frag)


def _base_document(place: PagePlace) -> tuple[str, ...] | None:
    """The path relative links resolve against: the page, or its <base href>; None when
    <base href> names another site. A directory ends in an empty segment."""
    href = place.base_href
    if not href:
        return place.segments
    if _SCHEME.match(href) or href.startswith("//"):
        local = _local_path(href if _SCHEME.match(href) else "https:" + href, place.origin)
        if local is None:
            return None
        href = local
    path = _path(href)
    if not path:
        return place.segments
    joined = _join(place.segments[:-1], path)
    if joined is None:
        return place.segments  # a base that climbs out of the root is ignored
    return (*joined, "") if path.endswith("/") else joined


def _path(url: str) -> str:
    """urlsplit(url).path of a URL without a scheme or fragment. Split by hand when it has
    nothing for urlsplit to clean (leading white space and controls, tabs and newlines it
    drops) and no host ('//'): a site's links are mostly such paths, and urlsplit cost more
    than the rest of their resolving."""
    if url.isprintable() and not url.startswith((" ", "//")):
        return url.partition("?")[0]
    return urlsplit(url).path


def _join(directory: tuple[str, ...], path: str) -> tuple[str, ...] | None:
    """Join a URL path to a directory; None if it climbs above the root."""
    segments = [] if path.startswith("/") else [s for s in directory if s]
    for piece in path.split("/"):
        if piece in ("", "."):
            continue
        if piece == "..":
            if not segments:
                return None
            segments.pop()
        else:
            segments.append(unquote(piece) if "%" in piece else piece)  # the call costs more
    return tuple(segments)


def _local_path(absolute: str, origin: str | None) -> str | None:
    """The root-relative path of an absolute URL on the site's own origin, else None."""
    if not origin:
        return None
    parts, own = urlsplit(absolute), urlsplit(origin)
    if (parts.hostname or "").lower() != (own.hostname or "").lower() or parts.port != own.port:
        return None
    prefix = own.path.rstrip("/")
    if prefix and not (parts.path == prefix or parts.path.startswith(prefix + "/")):
        return None
    rest = parts.path[len(prefix):] or "/"
    return rest + (f"?{parts.query}" if parts.query else "")
