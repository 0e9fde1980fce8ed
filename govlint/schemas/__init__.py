"""The JSON Schemas shipped with govlint (rule files, config, JSON report)."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from .wording import Problem, find

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


def problems(name: str, data: Any) -> list[Problem]:
    """Every way ``data`` breaks schema ``name``, in the user's words; [] when valid. Values
    nested too deeply or numbers that are not finite are reported alone: the schema is not
    run over such data."""
    shape = _shape_problem(data)
    if shape is not None:
        return [shape]
    return find(_validator(name), data)


def _shape_problem(data: Any) -> Problem | None:
    """What a JSON Schema cannot say: values nested too deeply, numbers that are not finite.
    Checked iteratively, so no depth of nesting can exhaust the stack."""
    stack: list[tuple[tuple[str | int, ...], Any]] = [((), data)]
    while stack:
        where, value = stack.pop()
        if len(where) > MAX_DEPTH:
            return Problem(where[:MAX_DEPTH], TOO_DEEP)
        if isinstance(value, float) and not math.isfinite(value):
            return Problem(where, f"{value} is not a finite number")
        if isinstance(value, Mapping):
            stack.extend(((*where, str(k)), v) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend(((*where, i), v) for i, v in enumerate(value))
    return None
