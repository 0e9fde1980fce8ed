"""WAI-ARIA roles and attributes, and the roles ARIA in HTML allows on each element.

The facts live in aria.json (spec versions recorded there); this module reads them once and
derives what the specs define by inheritance: a role's superclasses and the states and
properties it inherits from them.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from types import MappingProxyType


@dataclass(frozen=True)
class Role:
    name: str
    superclasses: tuple[str, ...]  # direct ones
    ancestors: frozenset[str]  # every superclass, transitively
    abstract: bool
    required: frozenset[str]
    supported: frozenset[str]  # own and inherited, required ones included
    prohibited: frozenset[str]
    context: tuple[str, ...]  # required context roles (any one)
    owned: tuple[str, ...]  # required owned elements (any one)
    name_from: frozenset[str]  # "contents", "author", "prohibited"
    name_required: bool
    children_presentational: bool
    deprecated: bool

    def is_a(self, other: str) -> bool:
        return other == self.name or other in self.ancestors


@dataclass(frozen=True)
class Attribute:
    name: str
    type: str  # boolean, boolean-undefined, tristate, token, tokens, idref, idrefs, integer, number, string
    values: tuple[str, ...]
    is_global: bool
    deprecated: bool
    allow_empty: bool
    min_value: int | None


@dataclass(frozen=True)
class AriaData:
    specs: Mapping[str, str]
    roles: Mapping[str, Role]
    attributes: Mapping[str, Attribute]
    html_allowed_roles: Mapping[str, object]  # key -> "any" or tuple of roles
    global_attributes: frozenset[str]


def _raw() -> dict:
    return json.loads(resources.files("govlint.a11y").joinpath("aria.json").read_text("utf-8"))


@cache
def load() -> AriaData:
    raw = _raw()
    roles_raw = raw["roles"]

    @cache
    def ancestors(name: str) -> frozenset[str]:
        out: set[str] = set()
        for sup in roles_raw[name]["superclasses"]:
            out.add(sup)
            out |= ancestors(sup)
        return frozenset(out)

    @cache
    def supported(name: str) -> frozenset[str]:
        entry = roles_raw[name]
        own = set(entry["supported"]) | set(entry["required"])
        for sup in entry["superclasses"]:
            own |= supported(sup)
        return frozenset(own - set(entry["prohibited"]))

    roles = {
        name: Role(
            name=name, superclasses=tuple(e["superclasses"]), ancestors=ancestors(name),
            abstract=e["abstract"], required=frozenset(e["required"]), supported=supported(name),
            prohibited=frozenset(e["prohibited"]), context=tuple(e["context"]), owned=tuple(e["owned"]),
            name_from=frozenset(e["name_from"]), name_required=e["name_required"],
            children_presentational=e["children_presentational"], deprecated=e["deprecated"],
        )
        for name, e in roles_raw.items()
    }
    attributes = {
        name: Attribute(name=name, type=e["type"], values=tuple(e["values"]), is_global=e["global"],
                        deprecated=e["deprecated"], allow_empty=e["allow_empty"], min_value=e.get("min"))
        for name, e in raw["attributes"].items()
    }
    allowed = {k: v if v == "any" else tuple(v) for k, v in raw["html_allowed_roles"].items()}
    return AriaData(MappingProxyType(raw["specs"]), MappingProxyType(roles), MappingProxyType(attributes),
                    MappingProxyType(allowed), frozenset(a.name for a in attributes.values() if a.is_global))
