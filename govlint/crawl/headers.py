"""--header 'Name: value' for crawls: the name checked, ``$VAR`` and ``${VAR}`` in the value
filled from an environment. The value is never put into an error message."""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..errors import UsageError

_ENV = re.compile(r"\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))")
_HEADER_NAME = re.compile(r"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")


def header_name(text: str) -> str:
    """The name of 'Name: value'; UsageError when it is not one."""
    name, sep, _ = text.partition(":")
    name = name.strip()
    if not sep or not _HEADER_NAME.match(name):
        raise UsageError(f"--header {name[:40]!r}...: give 'Name: value'")
    return name


def expand_header(text: str, env: Mapping[str, str]) -> tuple[str, str]:
    """'Name: value' with $VAR and ${VAR} filled from ``env``; UsageError naming a missing
    variable (never the value)."""
    name = header_name(text)
    value = text.partition(":")[2]
    missing = [m[1] or m[2] for m in _ENV.finditer(value) if (m[1] or m[2]) not in env]
    if missing:
        raise UsageError(f"--header {name}: environment variable {missing[0]} is not set")
    filled = _ENV.sub(lambda m: env[m[1] or m[2]], value).strip()
    if "\n" in filled or "\r" in filled:
        raise UsageError(f"--header {name}: the value holds a line break")
    return name, filled
