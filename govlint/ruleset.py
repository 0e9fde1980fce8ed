"""Read rule files, validate them against the rule schema, and bind them to their checks.

Every problem surfaces here, before any page is read, as a RuleFileError naming the file
and the field.
"""

from __future__ import annotations

import inspect
import json
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from . import applicability, regexes, selectors
from .checks import CheckSpec
from .checks.catalog import registry
from .errors import RuleFileError
from .model import Message, Rule, RuleDocs, Severity
from .version import rule_page_url

_RULE_SUFFIXES = (".toml", ".json")


@dataclass(frozen=True)
class RuleSet:
    rules: Mapping[str, Rule]  # id -> rule, in id order
    aliases: Mapping[str, str]  # alias -> id

    def resolve(self, name: str) -> str | None:
        """A rule id for an id or alias; None when unknown."""
        if name in self.rules:
            return name
        return self.aliases.get(name)

    def names(self) -> dict[str, str]:
        """Every id and alias -> id."""
        out = {rule_id: rule_id for rule_id in self.rules}
        out.update(self.aliases)
        return out

    @property
    def tags(self) -> frozenset[str]:
        return frozenset(t for rule in self.rules.values() for t in rule.all_tags)


def load(extra_dirs: Iterable[Path] = ()) -> RuleSet:
    """The built-in rules plus every rule file in ``extra_dirs``."""
    rules: list[Rule] = []
    builtin = resources.files("govlint.rules")
    for entry in sorted(builtin.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(_RULE_SUFFIXES):
            # Built-in rule files are checked against the schema by the test suite, so a run
            # does not pay for jsonschema (about 0.1 s of start-up) to check them again.
            rules.append(load_rule(entry.read_text(encoding="utf-8"), entry.name,
                                   f"built-in rule {entry.name}", trusted=True))
    for folder in extra_dirs:
        if not folder.is_dir():
            raise RuleFileError(f"{folder}: rules_dirs entry is not a directory")
        for path in sorted(folder.iterdir()):
            if path.suffix in _RULE_SUFFIXES:
                try:
                    raw = path.read_text(encoding="utf-8")
                except (OSError, UnicodeDecodeError) as exc:
                    raise RuleFileError(f"{path}: cannot read rule file: {exc}") from None
                rules.append(load_rule(raw, path.name, str(path)))
    return _assemble(rules)


def _assemble(rules: list[Rule]) -> RuleSet:
    by_id: dict[str, Rule] = {}
    aliases: dict[str, str] = {}
    for rule in rules:
        if rule.id in by_id or rule.id in aliases:
            raise RuleFileError(f"{rule.source}: rule id {rule.id!r} is already defined")
        by_id[rule.id] = rule
        for alias in rule.aliases:
            if alias in by_id or alias in aliases:
                raise RuleFileError(f"{rule.source}: alias {alias!r} is already in use")
            aliases[alias] = rule.id
    clash = set(aliases) & set(by_id)
    if clash:
        name = sorted(clash)[0]
        raise RuleFileError(f"{by_id[name].source}: id {name!r} is also another rule's alias")
    ordered = {rule_id: by_id[rule_id] for rule_id in sorted(by_id)}
    return RuleSet(MappingProxyType(ordered), MappingProxyType(aliases))


def _help_url(rule_id: str, docs: Mapping[str, Any], builtin: bool) -> str:
    """A built-in rule's help is its page in docs/rules/; a custom rule has none there, so its
    own help_url, else its guidance."""
    if builtin:
        return rule_page_url(rule_id)
    return str(docs.get("help_url") or docs.get("guidance_url", ""))


def load_rule(raw: str, file_name: str, source: str, *, trusted: bool = False) -> Rule:
    """One rule file; ``trusted`` (shipped with govlint) skips the schema check."""
    data = _decode(raw, file_name, source)
    if not trusted:
        _validate_schema(data, source, raw, file_name)
    stem = file_name.rsplit(".", 1)[0]
    if data["id"] != stem:
        raise RuleFileError(f"{source}: field 'id': {data['id']!r} must equal the file name {stem!r}")
    spec = registry().get(data["check"])
    if spec is None:
        known = ", ".join(sorted(registry()))
        raise RuleFileError(f"{source}: field 'check': unknown check {data['check']!r} (known: {known})")
    options = bind_options(spec, data.get("options", {}), f"{source}: field 'options'")
    messages = _messages(data["messages"], spec, source, tuple(data["tags"]))
    docs = data["docs"]
    return Rule(
        id=data["id"],
        summary=data["summary"],
        severity=Severity.parse(data["severity"]),
        tags=tuple(data["tags"]),
        check=data["check"],
        options=MappingProxyType(options),
        messages=MappingProxyType(messages),
        docs=RuleDocs(why=docs["why"].strip(), example=docs["example"].strip(),
                      fix=docs["fix"].strip(), help_url=_help_url(data["id"], docs, trusted),
                      config=docs.get("config", "").strip(), guidance_url=docs.get("guidance_url", "")),
        source=source,
        aliases=tuple(data.get("aliases", ())),
        default_enabled=data.get("default_enabled", True),
        applies=_applies(data.get("applies", ()), source),
    )


def _applies(patterns: list[str], source: str) -> tuple[str, ...]:
    for text in patterns:
        try:
            applicability.parse(text)
        except ValueError as exc:
            raise RuleFileError(f"{source}: field 'applies': {exc}") from None
    return tuple(patterns)


def _decode(raw: str, file_name: str, source: str) -> dict[str, Any]:
    try:
        data = json.loads(raw) if file_name.endswith(".json") else tomllib.loads(raw)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise RuleFileError(f"{source}: not valid {file_name.rsplit('.', 1)[-1].upper()}: {exc}") from None
    except RecursionError:
        from .schemas import TOO_DEEP

        raise RuleFileError(f"{source}: {TOO_DEEP}") from None
    if not isinstance(data, dict):
        raise RuleFileError(f"{source}: a rule file must hold one object")
    return data


def _validate_schema(data: dict[str, Any], source: str, raw: str, file_name: str) -> None:
    """Every problem with the file at once, one line each, with the line of its key."""
    from . import schemas, tomlpos  # a custom rule file only: the built-in rules are known good
    from .schemas import wording

    found = schemas.problems("rule", data)
    if found:
        where = tomlpos.positions(raw) if file_name.endswith(".toml") else None
        raise RuleFileError("\n".join(wording.lines(found, source, where)))


def _messages(raw: Mapping[str, Any], spec: CheckSpec, source: str,
              rule_tags: tuple[str, ...]) -> dict[str, Message]:
    missing = sorted(spec.codes - set(raw))
    extra = sorted(set(raw) - spec.codes)
    if missing:
        raise RuleFileError(f"{source}: field 'messages': no message for code(s) {', '.join(missing)}")
    if extra:
        raise RuleFileError(f"{source}: field 'messages': unknown code(s) {', '.join(extra)} "
                            f"(the check emits: {', '.join(sorted(spec.codes))})")
    out = {}
    for code, value in raw.items():
        if isinstance(value, str):
            out[code] = Message(value)
        else:
            severity = value.get("severity")
            tags = tuple(value.get("tags", ()))
            again = [t for t in tags if t in rule_tags]
            if again:
                raise RuleFileError(f"{source}: field 'messages.{code}.tags': {', '.join(again)} "
                                    "already in the rule's tags, which every message carries")
            out[code] = Message(value["text"], Severity.parse(severity) if severity else None,
                                bool(value.get("verbose_only", False)), tags)
    return out


_MAX_NUMBER = 1_000_000  # no option counts or measures anything near this
_TYPES: dict[str, Any] = {"int": int, "str": str, "bool": bool, "float": (int, float)}


def bind_options(spec: CheckSpec, options: Mapping[str, Any], where: str) -> dict[str, Any]:
    """Check ``options`` against the check's keyword-only parameters; return them with
    defaults filled in. Unknown, missing or mistyped options are errors."""
    params = {name: p for name, p in inspect.signature(spec.func).parameters.items()
              if p.kind is inspect.Parameter.KEYWORD_ONLY}
    unknown = sorted(set(options) - set(params))
    if unknown:
        known = ", ".join(sorted(params)) or "none"
        from .suggest import did_you_mean

        hints = "".join(did_you_mean(name, params) for name in unknown)
        raise RuleFileError(f"{where}: unknown option(s) {', '.join(unknown)}{hints} (known: {known})")
    bound: dict[str, Any] = {}
    for name, param in params.items():
        if name in options:
            value = options[name]
            _check_type(name, value, str(param.annotation), where)
            bound[name] = value
        elif param.default is inspect.Parameter.empty:
            raise RuleFileError(f"{where}: missing required option {name!r}")
        else:
            bound[name] = param.default
    problem = spec.validate(bound) if spec.validate is not None else None
    if problem:
        raise RuleFileError(f"{where}: {problem}")
    return bound


def _check_type(name: str, value: Any, annotation: str, where: str) -> None:
    optional = annotation.endswith("| None")
    base = annotation.removesuffix("| None").strip()
    if value is None and optional:
        return
    if base == "list[str]":
        ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
    else:
        expected = _TYPES.get(base, object)
        ok = isinstance(value, expected) and not (base == "int" and isinstance(value, bool))
    if not ok:
        raise RuleFileError(f"{where}: option {name!r} must be {annotation}, not {value!r}")
    if name.endswith("severity") and value not in ("error", "warning", "info"):
        raise RuleFileError(f"{where}: option {name!r} must be error, warning or info, not {value!r}")
    if "selector" in name and isinstance(value, str):
        try:
            selectors.validate(value)
        except RuleFileError as exc:
            raise RuleFileError(f"{where}: option {name!r}: {exc}") from None
    if "pattern" in name:
        for pattern in value if isinstance(value, list) else [value]:
            trouble = regexes.problem(pattern)
            if trouble is not None:
                raise RuleFileError(f"{where}: option {name!r}: {trouble}")
    if isinstance(value, int | float) and not isinstance(value, bool) and not 0 <= value <= _MAX_NUMBER:
        raise RuleFileError(f"{where}: option {name!r} must be a number from 0 to {_MAX_NUMBER:,}, "
                            f"not {value!r}")
