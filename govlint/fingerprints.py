"""Stable identities for violations, for SARIF, GitLab and baselines.

A fingerprint is rule + file + a signature of the element (its start tag as written, with
white space collapsed) + which occurrence of that signature it is in the file. Line numbers
and CSS paths are left out on purpose: both change when unrelated markup above the element
is edited, and a baseline must survive that.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

from .model import Violation
from .text import squash


def fingerprints(violations: Iterable[Violation]) -> list[str]:
    """One fingerprint per violation, in the order given."""
    seen: Counter[tuple[str, str, str]] = Counter()
    out = []
    for v in violations:
        key = (v.rule, v.file, squash(v.snippet))
        seen[key] += 1
        digest = hashlib.sha256("\x1f".join((*key, str(seen[key]))).encode()).hexdigest()
        out.append(digest[:32])
    return out
