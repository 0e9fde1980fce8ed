"""Every way a config or rule file breaks its schema, in the user's words.

jsonschema says "Additional properties are not allowed ('ignor' was unexpected)" and
"'warn' is not valid under any of the given schemas". A user needs the key that is wrong,
what was probably meant and what is allowed: "ignor: unknown key (did you mean 'ignore'?)".
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..suggest import did_you_mean
from ..tomlpos import Positions

if TYPE_CHECKING:
    from jsonschema.exceptions import ValidationError

# What a user calls each JSON type in a TOML file
_TYPE = {"array": "a list", "object": "a table", "string": "a string", "boolean": "true or false",
         "number": "a number", "integer": "a whole number", "null": "nothing"}
# Readable names of the schemas' patterns
_PATTERN = {
    "^https?://": "an http:// or https:// URL",
    "^\\d{4}-\\d{2}-\\d{2}$": "a date written YYYY-MM-DD",
    "^[A-Za-z]{2,3}(-[A-Za-z0-9]+)*$": "a language tag such as en or es-US",
    "^[a-z][a-z0-9]*(-[a-z0-9]+)*$": "lower-case words joined by hyphens (image-alt)",
    "^wcag([1-4][1-9][0-9]{1,2}|2[12]?a{1,3}|2a-obsolete)$":
        "a WCAG tag: a success criterion such as wcag412 (4.1.2) or a level such as wcag2a",
}
_MAX_LISTED = 30  # keys or values listed as the valid ones; past it, "…"


@dataclass(frozen=True)
class Problem:
    path: tuple[str | int, ...]  # where in the file: ("rules", "image-alt"), ("select", 0)
    message: str

    def key(self) -> str:
        """rules.image-alt, select[1] (items are counted from 1, as people count)."""
        out = ""
        for part in self.path:
            out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
        return out or "(top level)"


def find(validator: Any, data: Any) -> list[Problem]:
    """Every problem, each once; [] when ``data`` is valid."""
    found: dict[tuple[tuple[str | int, ...], str], Problem] = {}
    root = validator.schema
    for error in validator.iter_errors(data):
        for problem in _explain(error, root):
            found.setdefault((problem.path, problem.message), problem)
    return list(found.values())


def lines(problems: Iterable[Problem], source: str, where: Positions | None,
          prefix: Sequence[str] = ()) -> list[str]:
    """'FILE:LINE: KEY: message' per problem (no LINE when the key is not written down), in
    the order of the file's lines."""
    placed = []
    for problem in problems:
        line = where.line((*prefix, *problem.path)) if where is not None else None
        place = f"{source}:{line}" if line else source
        placed.append((line or 0, problem.key(), f"{place}: {problem.key()}: {problem.message}"))
    return [text for _, _, text in sorted(placed)]


def _explain(error: ValidationError, root: Mapping[str, Any]) -> Iterator[Problem]:
    path = tuple(error.absolute_path)
    kind, schema, value = error.validator, error.schema, error.instance
    if kind == "additionalProperties" and isinstance(value, Mapping) and isinstance(schema, Mapping):
        allowed = sorted(schema.get("properties", {}))
        for extra in sorted(set(value) - set(allowed)):
            hint = did_you_mean(str(extra), allowed)
            yield Problem((*path, extra), f"unknown key{hint}; valid keys: {_listed(allowed)}")
    elif kind in ("oneOf", "anyOf"):
        yield from _alternatives(error, path, root)
    else:
        yield Problem(path, _simple(kind, error.validator_value, value))


def _alternatives(error: ValidationError, path: tuple[str | int, ...],
                  root: Mapping[str, Any]) -> Iterator[Problem]:
    """A value that may take several shapes (a severity or a table of options): explain it
    against the shapes whose type it has; if none, say which types are allowed."""
    branches: dict[int, list[ValidationError]] = {}
    for sub in error.context or ():
        branches.setdefault(sub.schema_path[0] if sub.schema_path else 0, []).append(sub)
    fitting = [errs for errs in branches.values() if not any(_wrong_shape(e) for e in errs)]
    if len(fitting) == 1:
        for sub in fitting[0]:
            yield from _explain(sub, root)
        return
    shapes = [_shape(_resolve(s, root)) for s in error.validator_value if isinstance(s, Mapping)]
    yield Problem(path, f"{_show(error.instance)} is not {_either(shapes)}")


def _wrong_shape(error: ValidationError) -> bool:
    """The value is not of the kind this alternative describes: a table where a word is
    expected, a number where a table is."""
    if error.relative_path:
        return False
    if error.validator == "type":
        return True
    if error.validator == "enum" and isinstance(error.validator_value, list):
        return not any(type(v) is type(error.instance) for v in error.validator_value)
    return False


def _resolve(schema: Mapping[str, Any], root: Mapping[str, Any]) -> Mapping[str, Any]:
    """A local "$ref" ("#/$defs/level") followed; the shipped schemas use no other kind."""
    ref = schema.get("$ref")
    if not isinstance(ref, str) or not ref.startswith("#/"):
        return schema
    target: Any = root
    for part in ref[2:].split("/"):
        target = target.get(part, {}) if isinstance(target, Mapping) else {}
    return target if isinstance(target, Mapping) else schema


def _shape(schema: Mapping[str, Any]) -> str:
    if "enum" in schema:
        return "one of " + _listed(schema["enum"])
    kind = schema.get("type")
    if isinstance(kind, list):
        return _either([_TYPE.get(k, str(k)) for k in kind])
    return _TYPE.get(str(kind), "a value of another shape")


def _simple(kind: str, expected: Any, value: Any) -> str:
    shown = _show(value)
    if kind == "enum":
        hint = did_you_mean(value, [str(v) for v in expected]) if isinstance(value, str) else ""
        return f"{shown} is not a valid value{hint}; valid values: {_listed(expected)}"
    if kind == "const":
        return f"{shown} is not a valid value; the only valid value is {_show(expected)}"
    if kind == "type":
        kinds = expected if isinstance(expected, list) else [expected]
        wanted = _either([_TYPE.get(k, str(k)) for k in kinds])
        return f"must be {wanted}, not {_what(value)} ({shown})"
    if kind == "required":
        absent = [k for k in expected if not (isinstance(value, Mapping) and k in value)]
        return (f"missing key {_show(absent[0])}" if len(absent) == 1
                else f"missing keys {_listed(repr(k) for k in absent)}")
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bound = {"minimum": "at least", "maximum": "at most", "exclusiveMinimum": "more than",
                 "exclusiveMaximum": "less than"}[kind]
        return f"must be {bound} {expected}, not {shown}"
    if kind == "pattern":
        return f"{shown} is not {_PATTERN.get(expected, f'of the form {expected}')}"
    if kind == "minLength":
        return "must not be empty" if expected == 1 else f"must be at least {expected} characters long"
    if kind == "maxLength":
        return f"must be at most {expected} characters long"
    if kind == "minItems":
        return "must not be an empty list" if expected == 1 else f"must hold at least {expected} items"
    if kind == "maxItems":
        return f"must hold at most {expected} items, not {len(value)}"
    if kind == "uniqueItems":
        return "lists an item twice"
    if kind == "minProperties":
        return "must not be an empty table"
    return f"{shown} is not valid here ({kind})"


def _what(value: Any) -> str:
    for kind, name in (((bool,), "true or false"), ((int,), "a whole number"), ((float,), "a number"),
                       ((str,), "a string"), ((list,), "a list"), ((dict,), "a table")):
        if isinstance(value, kind):
            return name
    return "a value of another type"


def _show(value: Any) -> str:
    if isinstance(value, str):
        text = value if len(value) <= 60 else value[:59] + "…"
        return repr(text)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__


def _listed(names: Iterable[Any]) -> str:
    items = [str(n) for n in names]
    return ", ".join(items[:_MAX_LISTED]) + (", …" if len(items) > _MAX_LISTED else "")


def _either(items: Sequence[str]) -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " or " + items[-1]
