"""--changed-since: the pages a pull request touches, and the pages that link to them."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterable
from pathlib import Path

from .errors import UsageError
from .inputs import Source


def changed_files(ref: str, cwd: Path) -> set[str]:
    """Real paths of files changed (added, modified, deleted, untracked) since ``ref``."""
    top = _git(["rev-parse", "--show-toplevel"], cwd, ref).strip()
    names = _git(["diff", "--name-only", "--no-renames", ref, "--"], cwd, ref).splitlines()
    names += _git(["ls-files", "--others", "--exclude-standard"], Path(top), ref).splitlines()
    return {os.path.realpath(Path(top) / name) for name in names if name}


def select(sources: Iterable[Source], changed: set[str], link_rules: bool) -> list[Source]:
    """The changed pages; with link rules on, also every page whose source mentions a changed
    file's name (a superset of the pages that link to it, found without parsing)."""
    sources = list(sources)
    picked = [s for s in sources if s.path is not None and os.path.realpath(s.path) in changed]
    if not link_rules or not changed:
        return picked
    names = {os.path.basename(p).encode() for p in changed}
    chosen = {id(s) for s in picked}
    for source in sources:
        if id(source) in chosen or source.path is None:
            continue
        try:
            data = source.path.read_bytes()
        except OSError:
            continue
        if any(name in data for name in names):
            picked.append(source)
            chosen.add(id(source))
    order = {id(s): i for i, s in enumerate(sources)}
    return sorted(picked, key=lambda s: order[id(s)])


def _git(args: list[str], cwd: Path, ref: str) -> str:
    try:
        proc = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise UsageError(f"--changed-since needs git: {exc}") from None
    if proc.returncode != 0:
        detail = (proc.stderr.strip().splitlines() or ["git failed"])[-1]
        raise UsageError(f"--changed-since {ref}: {detail}")
    return proc.stdout
