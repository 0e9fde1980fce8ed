"""Where report files are, for formats read by code hosts (SARIF, GitLab, GitHub): a path
relative to the repository that holds the file (the nearest folder above it with a .git),
else to the current directory. Found from the files themselves, so running from outside
the repository on an absolute path gives the same paths as running inside it."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .inputs import display_name


@dataclass(frozen=True)
class Location:
    path: str  # relative to root, with forward slashes; with no root, an absolute file:// URI
    root: str  # absolute folder: the repository root, else the current directory; or ""
    # ``path`` as the file system spells it: bytes that are not UTF-8 held as surrogate
    # escapes (os.fsdecode), where ``path`` shows them escaped (caf\xe9.html), as reports do
    raw: str = ""


def locate(files: Iterable[str], cwd: Path) -> dict[str, Location]:
    """A Location for each local file name (as reports show it; URLs are left out)."""
    repos: dict[str, str | None] = {}  # folder -> repository root above it (memoised)
    here = os.path.realpath(cwd)
    found = {}
    for name in files:
        if name.startswith(("http://", "https://")):
            continue
        real = os.path.realpath(os.path.join(cwd, _on_disk(name, cwd)))
        top = _repository(os.path.dirname(real), repos) or here
        rel = os.path.relpath(real, top)
        if rel == os.pardir or rel.startswith(os.pardir + os.sep):
            found[name] = Location(Path(real).as_uri(), "")
        else:
            raw = Path(rel).as_posix()
            found[name] = Location(display_name(raw), top, raw)
    return found


# What inputs.display_name writes for a byte that is not UTF-8 (\xe9) or a control character
# (\n, \x1b, \u2028).
_ESCAPE = re.compile(r"\\(x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8}|[ntr])")
_CONTROL = {"n": "\n", "t": "\t", "r": "\r"}


def _on_disk(name: str, cwd: Path) -> str:
    """The file a report name stands for: the name itself, or, when only its escapes read
    back make an existing file, that (a name that holds a backslash of its own is taken as
    it is when such a file exists)."""
    if "\\" not in name or os.path.lexists(os.path.join(cwd, name)):
        return name
    for as_byte in (True, False):  # \x80-\xff: a byte that is not UTF-8, else a C1 control
        def back(m: re.Match[str], as_byte: bool = as_byte) -> str:
            code = m[1]
            if code in _CONTROL:
                return _CONTROL[code]
            value = int(code[1:], 16)
            return chr(0xDC00 + value) if as_byte and code[0] == "x" and value >= 0x80 else chr(value)
        candidate = _ESCAPE.sub(back, name)
        if os.path.lexists(os.path.join(cwd, candidate)):
            return candidate
    return name


def percent_bytes(text: str) -> str:
    """``text`` with each byte that is not UTF-8 (a surrogate escape) percent-encoded: the
    file's real name where a report cannot hold the byte itself (caf%E9.html)."""
    if text.isascii() or not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub(lambda m: f"%{ord(m[0]) - 0xDC00:02X}", text)


_SURROGATE = re.compile("[\udc80-\udcff]")


def _repository(folder: str, memo: dict[str, str | None]) -> str | None:
    seen = []
    result = None
    while True:
        if folder in memo:
            result = memo[folder]
            break
        seen.append(folder)
        if os.path.exists(os.path.join(folder, ".git")):
            result = folder
            break
        parent = os.path.dirname(folder)
        if parent == folder:
            break
        folder = parent
    for each in seen:
        memo[each] = result
    return result


def relative(locations: Mapping[str, Location] | None, name: str) -> str:
    """The path a code host expects for a report file name."""
    found = (locations or {}).get(name)
    return found.path if found and found.root else name
