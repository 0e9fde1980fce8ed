"""The Python stack a lint needs, made room for once by each entry point.

An accessible name is computed recursively, up to four frames for each level of content it
reads (``a11y.accname.NAME_DEPTH`` levels at most, past turbohtml's nesting limit of 512), so
Python's default limit of 1,000 frames would fail such a page. The limit is process-wide: it
is raised where a process or a library call begins (the command line, a ``pool`` worker, an
estate task, ``lint_paths`` and ``lint_html``), never by the code that needs the room.
"""

from __future__ import annotations

import sys

FRAMES = 4_000  # 4 x NAME_DEPTH, and room for the caller's frames above the name


def make_room() -> None:
    """Raise the recursion limit to FRAMES; a limit set higher is left as it is."""
    if sys.getrecursionlimit() < FRAMES:
        sys.setrecursionlimit(FRAMES)
