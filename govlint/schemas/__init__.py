"""The JSON Schemas shipped with govlint (rule files, config, JSON report)."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import jsonschema


@cache
def schema(name: str) -> dict[str, Any]:
    """The schema ``name`` ('rule', 'config' or 'report'); read once (it never changes)."""
    raw = resources.files(__name__).joinpath(f"{name}.schema.json").read_text(encoding="utf-8")
    return json.loads(raw)


@cache
def _validator(name: str) -> jsonschema.protocols.Validator:
    import jsonschema  # only when something is validated: a config file, a custom rule file

    spec = schema(name)
    return jsonschema.validators.validator_for(spec)(spec)


# Config and rule files are a few levels deep; far deeper is a mistake (or an attack).
MAX_DEPTH = 32
TOO_DEEP = f"values nested more than {MAX_DEPTH} levels deep"


def first_error(name: str, data: Any) -> str | None:
    """One line describing the most relevant schema error, naming the field; None if valid."""
    shape = _shape_error(data)
    if shape is not None:
        return shape
    from jsonschema.exceptions import best_match

    error = best_match(_validator(name).iter_errors(data))
    if error is None:
        return None
    path = ".".join(str(p) for p in error.absolute_path)
    message = error.message if len(error.message) <= 200 else error.message[:199] + "…"
    if error.validator == "additionalProperties":
        return f"{message}" if not path else f"field '{path}': {message}"
    return f"field '{path or '(top level)'}': {message}"


def _shape_error(data: Any) -> str | None:
    """What a JSON Schema cannot say: values nested too deeply, numbers that are not finite.
    Checked iteratively, so no depth of nesting can exhaust the stack."""
    stack: list[tuple[tuple[str, ...], Any]] = [((), data)]
    while stack:
        where, value = stack.pop()
        name = ".".join(where) or "(top level)"
        if len(where) > MAX_DEPTH:
            return f"field '{name[:120]}': {TOO_DEEP}"
        if isinstance(value, float) and not math.isfinite(value):
            return f"field '{name}': {value} is not a finite number"
        if isinstance(value, Mapping):
            stack.extend(((*where, str(k)), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend(((*where, str(i)), v) for i, v in enumerate(value))
    return None
