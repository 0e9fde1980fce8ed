"""Path globs with ``**``, matched against '/'-separated relative paths.

A pattern without a leading '/' matches at any depth (``vendor/**`` matches
``site/vendor/x.html``); a leading '/' anchors it to the base directory.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache


@lru_cache(maxsize=512)
def _compile(pattern: str) -> re.Pattern[str]:
    anchored = pattern.startswith("/")
    pat = pattern.strip("/")
    out = []
    i = 0
    while i < len(pat):
        if pat.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pat.startswith("**", i):
            out.append(".*")
            i += 2
        elif pat[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pat[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(pat[i]))
            i += 1
    body = "".join(out)
    prefix = "" if anchored else "(?:.*/)?"
    # A pattern naming a directory also matches everything inside it.
    return re.compile(f"^{prefix}{body}(?:/.*)?$")


@dataclass(frozen=True)
class GlobSet:
    patterns: tuple[str, ...] = ()

    def matches(self, path: str) -> bool:
        path = path.replace("\\", "/").lstrip("/")
        return any(_compile(p).match(path) for p in self.patterns)
