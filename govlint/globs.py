"""govlint's one glob dialect, from wcmatch: ``*``, ``?``, ``[...]``, ``[!...]``, ``**`` (any
number of folders) and ``{a,b}`` / ``{1..3}``, the same in command-line inputs and in config
patterns (``exclude``, ``[[overrides]] files``, ``[archive] paths``, ``[site] home``).

Config patterns match '/'-separated relative paths. One without a leading '/' matches at any
depth (``vendor/**`` matches ``site/vendor/x.html``); a leading '/' anchors it to the base
folder. A pattern matching a folder matches everything inside it. ``!pattern`` takes back what
the other patterns of the list match; the order does not matter. ``*`` and ``**`` match names
that start with '.' too, so an exclude never lets a hidden file through.

Input patterns are paths, matched on disk from the current folder (or absolute), and follow the
shell: a name that starts with '.' is matched only by a pattern that spells the dot, and ``**``
does not enter hidden folders (a folder argument, by contrast, reads every page below it).

Extended globs (``@(a|b)``, ``*(...)``) are left out on purpose: they compile to regular
expressions that backtrack exponentially (``*(*a)b`` took 26 s against a 29-character name).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from wcmatch import glob as wcglob
from wcmatch._wcparse import PatternLimitException  # documented as wcmatch's limit error

from .errors import UsageError

# Brace expansion is bounded: '{1..100000}' would compile a hundred thousand patterns.
MAX_EXPANSIONS = 1000
# Case-sensitive everywhere (as a web server's paths are), whatever the platform's default.
_DIALECT = wcglob.GLOBSTAR | wcglob.BRACE | wcglob.CASE
_MATCH = _DIALECT | wcglob.DOTGLOB | wcglob.FORCEUNIX
_FIND = _DIALECT | wcglob.FOLLOW  # '**' follows symlinked folders, as Python's glob did
_CHARS = frozenset("*?[{")


class GlobError(UsageError):
    """A pattern govlint cannot use; the message names it in one line."""


def is_pattern(text: str) -> bool:
    """Whether ``text`` holds a glob character (a path that exists is read as a path first)."""
    return not _CHARS.isdisjoint(text)


@lru_cache(maxsize=1024)  # a page's check makes its GlobSet again for every page
def problem(pattern: str) -> str | None:
    """Why ``pattern`` cannot be used, in one line naming it; None when it is fine."""
    shown = repr(pattern if len(pattern) <= 80 else pattern[:79] + "…")
    positive = pattern.removeprefix("!")
    if not positive.startswith("/") and not _body(positive):
        return f"empty glob pattern {shown}"
    try:
        wcglob.translate(pattern, flags=_MATCH | wcglob.NEGATE, limit=MAX_EXPANSIONS)
    except PatternLimitException:
        return f"glob pattern {shown} expands to more than {MAX_EXPANSIONS:,} patterns"
    return None


def find(pattern: str) -> list[str]:
    """The paths on disk that an input pattern names, sorted; GlobError if it is unusable."""
    trouble = problem(pattern)
    if trouble is None and pattern.startswith("!"):
        trouble = f"glob pattern {pattern!r}: a negated pattern belongs in exclude or --exclude"
    if trouble is not None:
        raise GlobError(trouble)
    return sorted(wcglob.glob(pattern, flags=_FIND, limit=MAX_EXPANSIONS))


def literal(path: str) -> str:
    """A pattern that matches ``path`` and nothing else (its glob characters escaped)."""
    return wcglob.escape(path, unix=True)


def _body(pattern: str) -> str:
    return pattern.strip("/")


@dataclass(frozen=True)
class _Side:
    """The plain or the negated patterns of a set."""

    matcher: wcglob.WcMatcher[str] | None
    root: bool  # '/' alone: the root itself, the empty path (a URL path of '/')

    def matches(self, prefixes: list[str]) -> bool:
        if not prefixes:
            return self.root
        return self.matcher is not None and any(self.matcher.match(p) for p in prefixes)


def _side(patterns: list[str]) -> _Side:
    def floating(pattern: str) -> str:
        return _body(pattern) if pattern.startswith("/") else f"**/{_body(pattern)}"

    written = [floating(p) for p in patterns if _body(p)]
    matcher = wcglob.compile(written, flags=_MATCH, limit=MAX_EXPANSIONS) if written else None
    return _Side(matcher, any(not _body(p) for p in patterns))


@lru_cache(maxsize=256)
def _compile(patterns: tuple[str, ...]) -> tuple[_Side, _Side]:
    return (_side([p for p in patterns if not p.startswith("!")]),
            _side([p[1:] for p in patterns if p.startswith("!")]))


@dataclass(frozen=True)
class GlobSet:
    """Config patterns; every one is checked when the set is made (GlobError names the first
    bad one)."""

    patterns: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for pattern in self.patterns:
            trouble = problem(pattern)
            if trouble is not None:
                raise GlobError(trouble)

    def matches(self, path: str) -> bool:
        if not self.patterns:
            return False
        plain, negated = _compile(self.patterns)
        # The path and each folder above it: a pattern naming a folder covers what is inside.
        parts = [p for p in path.replace("\\", "/").split("/") if p not in ("", ".", "..")]
        prefixes = ["/".join(parts[:end]) for end in range(len(parts), 0, -1)]
        return plain.matches(prefixes) and not negated.matches(prefixes)
