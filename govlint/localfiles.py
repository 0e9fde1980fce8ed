"""Local files a page's results read besides the page itself: the style sheets it links to
(what they hide) and the pages its frames show (what they can focus).

Each page reads them through its own ``LocalFiles``, which records every file it looked for
with a digest of its bytes, or None when there was no file to read. The page cache stores the
record beside the page's results and reuses them only while every file still reads the same
(a missing sheet that now exists counts as a change), so editing only a style sheet is never
answered from the cache.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, MutableMapping
from functools import lru_cache
from urllib.parse import unquote

from .links import urls

# What a page read: (path as written, SHA-256 of the file's bytes or None where there was none)
Reads = tuple[tuple[str, str | None], ...]


def written_path(href: str, page_file: str | None, site_root: str | None,
                 real: Callable[[str], str] = os.path.realpath) -> str | None:
    """The path a relative or root-relative URL names, joined but not yet resolved (so a
    symlink along it is followed afresh each time); None for any other URL or without a root.
    ``real``: realpath, or a page's memo of it for the page file and the site root."""
    if not page_file or not site_root:
        return None
    parts = urls.split(href.strip())
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    base = real(site_root) if path.startswith("/") else os.path.dirname(real(page_file))
    return os.path.join(base, path.lstrip("/"))


def resolve(written: str, site_root: str, real: Callable[[str], str] = os.path.realpath) -> str | None:
    """The regular file a written path resolves to, if it exists inside the site root."""
    root = real(site_root)
    target = os.path.realpath(written)
    if os.path.commonpath([root, target]) != root or not os.path.isfile(target):
        return None
    return target


def local_file(href: str, page_file: str | None, site_root: str | None) -> str | None:
    """The file a relative or root-relative URL names, if it exists inside the site root."""
    written = written_path(href, page_file, site_root)
    return resolve(written, site_root) if written is not None and site_root else None


def _content(written: str, site_root: str,
             real: Callable[[str], str] = os.path.realpath) -> tuple[str, str] | None:
    """(text, digest) of the file a written path resolves to, or None."""
    target = resolve(written, site_root, real)
    if target is None:
        return None
    try:
        info = os.stat(target)
        return _read(target, info.st_mtime_ns, info.st_size)
    except OSError:
        return None


@lru_cache(maxsize=128)
def _read(path: str, mtime_ns: int, size: int) -> tuple[str, str]:
    """A file's text and the digest of its bytes, once per version of it (many pages link
    the same style sheet)."""
    with open(path, "rb") as handle:
        data = handle.read()
    return data.decode("utf-8", errors="replace"), hashlib.sha256(data).hexdigest()


class LocalFiles:
    """One page's reads of local files, recorded (path as written -> digest, None: no file)."""

    def __init__(self, page_file: str | None, site_root: str | None) -> None:
        self._page_file = page_file
        self._site_root = site_root
        self._read: dict[str, str | None] = {}
        self._real: dict[str, str] = {}

    def _realpath(self, path: str) -> str:
        """The real path of the page file or the site root, worked out once for the page (a
        page links several style sheets; the paths they name are resolved each time)."""
        held = self._real.get(path)
        if held is None:
            held = self._real[path] = os.path.realpath(path)
        return held

    def text(self, href: str) -> str | None:
        """The text of the local file ``href`` names inside the site root, if there is one."""
        written = written_path(href, self._page_file, self._site_root, self._realpath)
        if written is None or self._site_root is None:
            return None
        found = _content(written, self._site_root, self._realpath)
        self._read[written] = found[1] if found else None
        return found[0] if found else None

    def record(self) -> Reads:
        """What was read, in path order."""
        return tuple(sorted(self._read.items()))


def unchanged(record: Reads, site_root: str | None,
              seen: MutableMapping[tuple[str, str], str | None]) -> bool:
    """Whether every file in a page's record still reads the same. ``seen`` memoises digests
    for one run (pages of a site share their style sheets)."""
    if not record:
        return True
    if site_root is None:
        return False
    for written, digest in record:
        key = (written, site_root)
        if key not in seen:
            found = _content(written, site_root)
            seen[key] = found[1] if found else None
        if seen[key] != digest:
            return False
    return True
