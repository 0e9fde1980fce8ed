"""classify(), worked out once per link and folder of the site, or once per link.

Where a link goes depends on the page's folder, its <base href> and the site's origin; the
page's own name matters only to tell whether the link names the page itself. So a link is
classified once per folder, for a page of that folder with a name no link resolves to, and
only that last question is asked per page. Links whose target does not depend on the folder
at all (absolute URLs, root-relative paths, mailto: ...) are classified once for the run:
a site's pages repeat the same navigation whatever folder they sit in.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Generic, TypeVar

from .resolve import PagePlace, Target, classify

# The stand-in page name: a link resolves to it only through a NUL character, written or
# percent-encoded, which no page's file name holds (see At.__call__).
_NAMELESS = "\0"
# Kinds whose target never depends on the folder: they are decided before any path is
# joined (see resolve._classify).
_FOLDERLESS_KINDS = frozenset({"external", "mailto", "tel", "skip", "invalid"})
_NOT_IN_PATHS = ("\t", "\n", "\r")  # urlsplit() drops them, so "/\t/x" would be "//x"

K = TypeVar("K")


class _Memos(Generic[K]):
    """Classified links by key (a folder, a site), the most recently used last. Bounded: past
    ``count`` memos or ``size`` links in all (a run over a million calendar pages must not
    keep all their links), the least recently used memos are dropped, a page at a time."""

    def __init__(self, count: int, size: int) -> None:
        self._memos: dict[K, dict[str, Target]] = {}
        self._count = count
        self._size = size

    def get(self, key: K) -> dict[str, Target]:
        memo = self._memos.pop(key, None)  # popped and put back: most recent last
        held = self.held()
        while self._memos and (len(self._memos) >= self._count or held > self._size):
            held -= len(self._memos.pop(next(iter(self._memos))))
        if memo is None or len(memo) > self._size:
            memo = {}
        self._memos[key] = memo
        return memo

    def held(self) -> int:
        return sum(map(len, self._memos.values()))


class Targets:
    """Classified links of one run."""

    def __init__(self, folders: int = 64, sites: int = 64, size: int = 100_000) -> None:
        self._folders: _Memos[tuple[tuple[str, ...], str | None, str | None, str | None]] = _Memos(
            folders, size)
        self._sites: _Memos[tuple[str | None, str | None, str | None]] = _Memos(sites, size)

    def at(self, place: PagePlace) -> At:
        """The classifier for one page's links."""
        site = (place.page_url, place.base_href, place.origin)
        return At(place, self._folders.get((place.segments[:-1], *site)), self._sites.get(site))

    def held(self) -> int:
        """Classified links held, all memos together."""
        return self._folders.held() + self._sites.held()


class At:
    """classify(url, place) for one page, memoised for its folder and for its site."""

    def __init__(self, place: PagePlace, folder: dict[str, Target], site: dict[str, Target]) -> None:
        self.place = place
        self._stand_in = replace(place, segments=(*place.segments[:-1], _NAMELESS))
        self._folder = folder
        self._site = site

    def __call__(self, url: str) -> Target:
        target = self._folder.get(url) or self._site.get(url) or self._classify(url)
        kind = target.kind
        if kind == "self":
            # Resolved to the stand-in name: this page, unless a NUL made that name.
            return classify(url, self.place) if _may_name_nul(url, self.place.base_href) else target
        if kind == "local" and target.path == self.place.segments:
            if target.directory:
                # "page.html/", or a base folder named like the page: classify() decides
                # between the page and a folder of that name, which only it can tell apart.
                return classify(url, self.place)
            return Target("self", fragment=target.fragment)
        return target

    def _classify(self, url: str) -> Target:
        target = classify(url, self._stand_in)
        folderless = target.kind in _FOLDERLESS_KINDS or (
            target.kind in ("local", "escape") and _root_relative(url))
        (self._site if folderless else self._folder)[url] = target
        return target


def _root_relative(url: str) -> bool:
    """A path from the site root ('/about?x#y'), which resolves the same from every folder
    (and names no page by the stand-in name, which comes only from the folder)."""
    path = url.partition("#")[0]
    return path.startswith("/") and not path.startswith("//") and not any(c in path for c in _NOT_IN_PATHS)


def _may_name_nul(url: str, base_href: str | None) -> bool:
    """Whether the link or the base could resolve to a segment holding NUL (only '%00'
    decodes to it: unquote() replaces overlong UTF-8 forms)."""
    return any(s is not None and ("\0" in s or "%00" in s) for s in (url, base_href))
