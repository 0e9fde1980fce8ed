"""Stable identities for violations, for SARIF, GitLab and baselines.

A fingerprint is rule + file + a signature of the element (its start tag as written, with
white space collapsed) + which occurrence of that signature it is in the file. Line numbers
and CSS paths are left out on purpose: both change when unrelated markup above the element
is edited, and a baseline must survive that.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable

from .model import Severity, Violation
from .text import squash


def fingerprints(violations: Iterable[Violation], file_of: Callable[[str], str] = str) -> list[str]:
    """One fingerprint per violation, in the order given; ``file_of``: the name of its file
    that counts (a baseline's: its place in its repository, however the run was given it)."""
    seen: Counter[tuple[str, str, str]] = Counter()
    out = []
    for v in violations:
        key = (v.rule, file_of(v.file), squash(v.snippet))
        seen[key] += 1
        digest = hashlib.sha256("\x1f".join((*key, str(seen[key]))).encode()).hexdigest()
        out.append(digest[:32])
    return out


def problem(rule: str, severity: Severity, message: str) -> str:
    """One fingerprint for a problem however many places it has (one dead target, one
    template's banner): its rule, severity and message, which names its target. Unique in a
    report, since problems are grouped by exactly these, and unchanged while the problem is."""
    key = "\x1f".join(("problem", rule, severity.label, message))
    return hashlib.sha256(key.encode()).hexdigest()[:32]
