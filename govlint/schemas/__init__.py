"""The JSON Schemas shipped with govlint (rule files, config, JSON report)."""

from __future__ import annotations

import json
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


def first_error(name: str, data: Any) -> str | None:
    """One line describing the most relevant schema error, naming the field; None if valid."""
    from jsonschema.exceptions import best_match

    error = best_match(_validator(name).iter_errors(data))
    if error is None:
        return None
    path = ".".join(str(p) for p in error.absolute_path)
    if error.validator == "additionalProperties":
        return f"{error.message}" if not path else f"field '{path}': {error.message}"
    return f"field '{path or '(top level)'}': {error.message}"
