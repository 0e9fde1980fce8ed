"""Regular expressions from config and rule files, refused when they can backtrack
exponentially: a page's text must never be able to stall a run.

The test is structural, on the parsed pattern: an unbounded quantifier (``*``, ``+``,
``{n,}``) with a quantifier of variable count inside it, as in ``(a+)+``, ``(a{1,5})*``
or ``(\\w*\\s?)*``, is refused unless the outer quantifier is possessive or the inner one
sits in an atomic group (both stop backtracking into the body). Python's own parser reads
the pattern, so the test sees exactly what the regex engine will run.
"""

from __future__ import annotations

import re
from typing import Any

try:  # Python 3.11+ names it re._parser; the module is the engine's own parser.
    from re import _constants as _c  # type: ignore[attr-defined]  # not in the typeshed stubs
    from re import _parser as _p  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older layouts
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

_UNBOUNDED = _c.MAXREPEAT
_REPEATS = (_c.MAX_REPEAT, _c.MIN_REPEAT)


def problem(pattern: str, flags: int = 0) -> str | None:
    """Why ``pattern`` is unsafe or invalid, in one line naming it; None when it is fine."""
    shown = repr(pattern if len(pattern) <= 80 else pattern[:79] + "…")
    try:
        parsed = _p.parse(pattern, flags)
    except (re.error, RecursionError, OverflowError) as exc:
        return f"bad regular expression {shown}: {exc}"
    if _nested(parsed, inside_unbounded=False):
        return (f"regular expression {shown} repeats a quantifier inside an unbounded one, which can "
                "take exponential time (make the outer one possessive, e.g. (?:a+)++, or use an "
                "atomic group (?>...))")
    return None


def _nested(items: Any, *, inside_unbounded: bool) -> bool:
    """Whether a repeat of variable count occurs inside an unbounded repeat."""
    for op, arg in items:
        if op in _REPEATS:
            low, high, body = arg
            unbounded = high == _UNBOUNDED
            if inside_unbounded and (unbounded or low != high):
                return True
            if _nested(body, inside_unbounded=inside_unbounded or unbounded):
                return True
        elif op == _c.POSSESSIVE_REPEAT:
            # No backtracking into a possessive body: what is inside is judged on its own.
            if _nested(arg[2], inside_unbounded=False):
                return True
        elif op == _c.ATOMIC_GROUP:
            if _nested(arg, inside_unbounded=False):
                return True
        elif op == _c.SUBPATTERN:
            if _nested(arg[-1], inside_unbounded=inside_unbounded):
                return True
        elif op == _c.BRANCH:
            if any(_nested(branch, inside_unbounded=inside_unbounded) for branch in arg[1]):
                return True
        elif op in (_c.ASSERT, _c.ASSERT_NOT) and _nested(arg[1], inside_unbounded=inside_unbounded):
            return True
    return False

