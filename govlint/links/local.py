"""Find a resolved link's file in the site on disk, and read the anchors of target pages."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

import turbohtml

from ..realpaths import RealPaths
from .resolve import PagePlace, Target
from .targets import Targets

# PagePlace and Target stay importable from here, where callers have always found them.
__all__ = ["FileFact", "LocalLookup", "LocalResult", "PagePlace", "Target", "anchors_of", "find_local",
           "fragment_ok", "mailto_ok", "tel_ok"]

_HTML_SUFFIXES = (".html", ".htm")
_MAILTO = re.compile(r"^[^@\s,;<>()\[\]]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9-]+)+$")
# A number with visual separators, then dialling after it connects (a pause "," or p, a wait
# w, keypad * and #: "441234567,88"), then RFC 3966 parameters (";ext=88").
_TEL = re.compile(r"^\+?[\d\s().\-/*#]+(?:[,pPwW][\d\s,pPwW*#]*)?(?:;[A-Za-z-]+=[^;]*)*$")


FileFact = tuple[bool, str | None, bool, str]  # LocalResult as plain data


@dataclass(frozen=True)
class LocalResult:
    exists: bool
    html: Path | None = None  # the HTML file the link lands on (for fragments)
    outside: bool = False  # a symlink leads out of the root
    tried: str = ""

    def fact(self) -> FileFact:
        """The same, as plain data to store and compare."""
        return (self.exists, str(self.html) if self.html else None, self.outside, self.tried)


def find_local(root: Path, target: Target, clean_urls: bool, real_root: str | None = None,
               realpath: Callable[[str], str] = os.path.realpath) -> LocalResult:
    shown = "/" + "/".join(target.path) + ("/" if target.directory and target.path else "")
    for candidate in _candidates(root, target, clean_urls):
        if not os.path.isfile(candidate):
            continue
        # Only a file that exists can lead out of the root (through a symlink); a missing
        # one is never read, so it needs no realpath.
        real = realpath(str(candidate))
        inside = real_root or os.path.realpath(root)
        if real != inside and not real.startswith(inside + os.sep):
            return LocalResult(False, outside=True, tried=shown)
        is_html = Path(candidate).suffix.lower() in _HTML_SUFFIXES
        return LocalResult(True, Path(real) if is_html else None, tried=shown)
    return LocalResult(False, tried=shown)


def _candidates(root: Path, target: Target, clean_urls: bool) -> list[str] | list[Path]:
    """The files a local link may name, most likely first."""
    clean = clean_urls and not target.directory and bool(target.path)
    if all(s and "/" not in s and s not in (".", "..") for s in target.path):
        # Plain names: the same paths as pathlib's below, joined as strings (most links of
        # a site are plain, and most dead; pathlib cost more than the checks of the files).
        base = os.path.join(root, *target.path)
        names = [] if target.directory else [base]
        names += [os.path.join(base, "index.html"), os.path.join(base, "index.htm")]
        return [*names, base + ".html", base + ".htm"] if clean else names
    # A name decoded from %2F, %2E or %2E%2E: pathlib's reading of it, as it always was.
    path = root.joinpath(*target.path)
    paths = [] if target.directory else [path]
    paths += [path / "index.html", path / "index.htm"]
    if clean:
        paths += [path.with_name(path.name + ".html"), path.with_name(path.name + ".htm")]
    return paths


def anchors_of(data: bytes) -> frozenset[str]:
    """ids and <a name>s of an HTML page, for fragment checks on pages that are not linted
    (the default parser, decoding as a browser does, without positions)."""
    if not data.strip():
        return frozenset()
    doc = turbohtml.parse(data, positions=False, allow_declarative_shadow_roots=False)
    found = {el.attr("id") for el in doc.select("[id]")}
    found |= {el.attr("name") for el in doc.select("a[name]")}
    found.discard("")
    found.discard(None)
    return frozenset(f for f in found if isinstance(f, str))


def fragment_ok(fragment: str, anchors: frozenset[str]) -> bool:
    """'#' and '#top' always work; a text fragment (#:~:text=) is not an anchor."""
    anchor = fragment.split(":~:", 1)[0]
    if anchor in ("", "top"):
        return True
    return anchor in anchors or unquote(anchor) in anchors


def mailto_ok(url: str) -> bool:
    """RFC 6068: recipients, header fields, or both. With no recipient, a link that fills a
    header (a share-by-email link: mailto:?subject=...&body=...) opens a message for the
    reader to address; one with nothing at all ("mailto:") is an unfinished link."""
    rest = url.split(":", 1)[1]
    addresses, _, query = rest.partition("?")
    if not unquote(addresses).strip():  # mailto:%20?subject=... is as empty
        return any(name.strip() for name, equals, _ in (f.partition("=") for f in query.split("&")) if equals)
    return all(_MAILTO.match(unquote(a).strip()) for a in addresses.split(","))


def tel_ok(url: str) -> bool:
    number = unquote(url.split(":", 1)[1]).strip()
    return bool(_TEL.match(number)) and sum(c.isdigit() for c in number) >= 3


class LocalLookup:
    """Local target look-ups for one run, memoised (many pages link the same few targets).
    Also decides which links are fine from the page alone, so the page pass can drop them."""

    def __init__(self, clean_urls: bool, check_files: bool = True) -> None:
        self.clean_urls = clean_urls
        self.check_files = check_files  # False: leave local files to the site pass
        self.targets = Targets()  # where the run's links go, classified once per folder
        self._memo: dict[tuple[str, tuple[str, ...], bool], LocalResult] = {}
        # the site roots, the few folders many targets share, and the targets found (each
        # resolved through its folder: RealPaths)
        self._real = RealPaths()

    def find(self, root: Path, target: Target) -> LocalResult:
        key = (str(root), target.path, target.directory)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = find_local(root, target, self.clean_urls, self._real(root), self._real)
        return found

    def fine(self, target: Target, anchors: frozenset[str], root: Path | None) -> bool:
        kind = target.kind
        if kind == "skip":
            return True
        if kind == "self":
            return target.fragment is None or fragment_ok(target.fragment, anchors)
        if kind == "mailto":
            return mailto_ok(target.url)
        if kind == "tel":
            return tel_ok(target.url)
        if kind == "local":
            if root is None:
                return True  # no site on disk to check against
            return self.check_files and target.fragment is None and self.find(root, target).exists
        return False
