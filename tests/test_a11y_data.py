"""The ARIA data file is internally consistent: every name it mentions is defined."""

from __future__ import annotations

from govlint.a11y import load
from govlint.a11y.data import _raw

DATA = load()
ROLES = DATA.roles
ATTRS = DATA.attributes


def test_spec_versions_are_recorded() -> None:
    assert {"wai-aria", "html-aria", "html-aam"} <= set(DATA.specs)
    assert "1.2" in DATA.specs["wai-aria"]
    for role in _raw()["roles"].values():
        assert role["spec"] in ("wai-aria-1.2", "dpub-aria-1.0", "graphics-aria-1.0")


def test_superclasses_exist_and_never_loop() -> None:
    for role in ROLES.values():
        for sup in role.superclasses:
            assert sup in ROLES, (role.name, sup)
        assert role.name not in role.ancestors, role.name
    assert ROLES["roletype"].superclasses == ()
    assert all("roletype" in r.ancestors for r in ROLES.values() if r.name != "roletype")


def test_context_and_owned_roles_exist() -> None:
    for role in ROLES.values():
        for other in (*role.context, *role.owned):
            assert other in ROLES and not ROLES[other].abstract, (role.name, other)


def test_every_attribute_a_role_names_is_defined_and_not_global() -> None:
    for role in ROLES.values():
        for attr in role.required | role.supported | role.prohibited:
            assert attr in ATTRS, (role.name, attr)
        assert role.required <= role.supported, role.name
        assert not (role.prohibited & role.supported), role.name


def test_inheritance_reaches_subclasses() -> None:
    # checkbox -> menuitemcheckbox -> menuitemradio
    assert "aria-readonly" in ROLES["menuitemradio"].supported
    assert ROLES["treegrid"].is_a("table") and ROLES["searchbox"].is_a("input")


def test_name_from_and_prohibited_names_agree() -> None:
    for role in ROLES.values():
        assert role.name_from <= {"contents", "author", "prohibited"}, role.name
        if "prohibited" in role.name_from and role.name not in ("none", "presentation"):
            assert {"aria-label", "aria-labelledby"} <= role.prohibited, role.name
        if role.name_required:
            assert "prohibited" not in role.name_from, role.name


def test_attribute_types_and_values() -> None:
    kinds = {"boolean", "boolean-undefined", "tristate", "token", "tokens", "idref", "idrefs", "integer",
             "number", "string"}
    for attr in ATTRS.values():
        assert attr.name.startswith("aria-") and attr.type in kinds, attr.name
        assert bool(attr.values) == (attr.type in ("boolean", "boolean-undefined", "tristate", "token",
                                                   "tokens")), attr.name


def test_html_allowed_roles_are_concrete_roles() -> None:
    for element, allowed in DATA.html_allowed_roles.items():
        if allowed != "any":
            for role in allowed:  # type: ignore[union-attr]
                assert role in ROLES and not ROLES[role].abstract, (element, role)


def test_deprecated_entries() -> None:
    assert ROLES["directory"].deprecated and not ROLES["list"].deprecated
    assert ATTRS["aria-grabbed"].deprecated and ATTRS["aria-dropeffect"].deprecated
