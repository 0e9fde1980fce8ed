"""Config discovery, validation and the per-file rule plan."""

from __future__ import annotations

from pathlib import Path

import pytest

from govlint import config, ruleset
from govlint.errors import ConfigError
from govlint.model import Severity

RULES = ruleset.load()


def test_found_from_a_subdirectory_upward(tmp_path: Path) -> None:
    (tmp_path / ".govlint.toml").write_text('select = ["image-alt"]\n')
    deep = tmp_path / "site" / "news"
    deep.mkdir(parents=True)
    assert config.find(deep) == tmp_path / ".govlint.toml"


def test_pyproject_without_tool_govlint_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.govlint]\nfail_on = "warning"\n')
    inner = tmp_path / "inner"
    inner.mkdir()
    (inner / "pyproject.toml").write_text('[project]\nname = "x"\n')
    found = config.find(inner)
    assert found == tmp_path / "pyproject.toml"
    assert config.build(config.read(found), RULES).fail_on == "warning"


def test_govlint_toml_wins_over_pyproject_in_the_same_folder(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.govlint]\nfail_on = "warning"\n')
    (tmp_path / ".govlint.toml").write_text('fail_on = "info"\n')
    assert config.find(tmp_path) == tmp_path / ".govlint.toml"


@pytest.mark.parametrize(("content", "message"), [
    ('colour = "red"\n', ":1: colour: unknown key; valid keys: archive, exclude, fail_on, group, "),
    ('[site]\ntld = "com"\n', ":2: site.tld: 'com' is not a valid value; valid values: gov, mil"),
    ('[archive]\nbefore = "March 2020"\n',
     ":2: archive.before: 'March 2020' is not a date written YYYY-MM-DD"),
    ('[archive]\nbefore = "2020-02-30"\n', ":2: archive.before: '2020-02-30' is not a real date"),
    ('select = "image-alt"\n', ":1: select: must be a list, not a string ('image-alt')"),
    ('select = ["image-alts"]\n',
     ":1: select[1]: unknown rule id or tag 'image-alts' (did you mean 'image-alt'?)"),
    ('ignore = ["nope"]\n', ":1: ignore[1]: unknown rule id or tag 'nope'"),
    ('[rules]\nimage-alts = "off"\n', ":2: rules.image-alts: unknown rule id 'image-alts'"),
    ('[rules]\nimage-alt = "fatal"\n', ":2: rules.image-alt: 'fatal' is not a valid value; "
                                       "valid values: error, warning, info, off"),
    ('[[overrides]]\nfiles = ["x/**"]\nrules = { nope = "off" }\n',
     ":3: overrides[1].rules.nope: unknown rule id 'nope'"),
    ("this is = not toml [", "not valid TOML"),
])
def test_bad_config_is_one_clear_line_naming_the_file(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / ".govlint.toml"
    path.write_text(content)
    with pytest.raises(ConfigError) as caught:
        config.build(config.read(path), RULES)
    assert str(caught.value).startswith(str(path))
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_select_by_tag_ignore_by_id_and_severity_override(tmp_path: Path) -> None:
    path = tmp_path / ".govlint.toml"
    path.write_text('select = ["images"]\nignore = ["image-virin"]\n'
                    '[rules]\nimage-credit = "warning"\nimage-alt-quality = { max_length = 80 }\n')
    cfg = config.build(config.read(path), RULES)
    plan = {rule.id: (level, rule.options) for rule, level in cfg.plan("index.html")}
    assert set(plan) == {"image-alt", "image-alt-quality", "image-credit"}
    assert plan["image-credit"][0] is Severity.WARNING
    assert plan["image-alt"][0] is None
    assert plan["image-alt-quality"][1]["max_length"] == 80
    # The built-in default is untouched for other configs.
    assert RULES.rules["image-alt-quality"].options["max_length"] == 150


def test_per_path_overrides(tmp_path: Path) -> None:
    path = tmp_path / ".govlint.toml"
    path.write_text('[rules]\nimage-credit = "off"\n'
                    '[[overrides]]\nfiles = ["legacy/**"]\n'
                    'rules = { gov-banner = "off", image-alt = "warning" }\n'
                    '[[overrides]]\nfiles = ["news/**"]\nrules = { image-credit = "error" }\n')
    cfg = config.build(config.read(path), RULES)

    def plan(p: str) -> dict[str, Severity | None]:
        return {rule.id: level for rule, level in cfg.plan(p)}

    assert "gov-banner" in plan("index.html") and "image-credit" not in plan("index.html")
    assert "gov-banner" not in plan("legacy/old/page.html")
    assert plan("legacy/old/page.html")["image-alt"] is Severity.WARNING
    assert plan("news/2020/story.html")["image-credit"] is Severity.ERROR


def test_an_override_never_turns_on_what_the_command_line_left_out(tmp_path: Path) -> None:
    """An override's severity changes a rule where it applies, and turns on one the config
    leaves off (a later, narrower setting of the same file), but a rule the command line's
    --select or --ignore leaves out stays out: a CI job narrowing its rules gets no finding of
    another from a path's override."""
    path = tmp_path / ".govlint.toml"
    path.write_text('[rules]\nimage-credit = "off"\n'
                    '[[overrides]]\nfiles = ["news/**"]\n'
                    'rules = { dap = "info", html-has-lang = "warning", image-credit = "error" }\n')
    raw = config.read(path)

    def plan(cli: config.CliOverrides, file: str = "news/a.html") -> dict[str, Severity | None]:
        return {rule.id: level for rule, level in config.build(raw, RULES, cli).plan(file)}

    everything = plan(config.CliOverrides())
    assert everything["dap"] is Severity.INFO and everything["image-credit"] is Severity.ERROR
    assert "dap" not in plan(config.CliOverrides(ignore=("dap",)))
    assert set(plan(config.CliOverrides(select=("page-title",)))) == {"page-title"}
    path.write_text('select = ["page-title"]\n' + path.read_text(encoding="utf-8"), encoding="utf-8")
    raw = config.read(path)
    narrowed = plan(config.CliOverrides())
    assert set(narrowed) == {"page-title", "dap", "html-has-lang", "image-credit"}  # the file's own say
    assert set(plan(config.CliOverrides(), "about.html")) == {"page-title"}
    assert set(plan(config.CliOverrides(ignore=("dap",)))) == {"page-title", "html-has-lang", "image-credit"}


def test_a_command_line_select_has_the_last_word_over_rules_off_by_default(tmp_path: Path) -> None:
    off = next(r.id for r in RULES.rules.values() if not r.default_enabled)
    path = tmp_path / ".govlint.toml"
    path.write_text(f'[rules]\n{off} = "warning"\n')
    raw = config.read(path)
    assert off in config.build(raw, RULES).enabled  # a severity turns it on
    assert config.build(raw, RULES, config.CliOverrides(select=("page-title",))).enabled == {"page-title"}


def test_cli_select_replaces_and_ignore_adds(tmp_path: Path) -> None:
    path = tmp_path / ".govlint.toml"
    path.write_text('select = ["image-alt"]\nignore = ["gov-banner"]\n')
    cli = config.CliOverrides(select=["policy"], ignore=["archive-notice"], fail_on="warning")
    cfg = config.build(config.read(path), RULES, cli)
    assert cfg.enabled == {r for r, rule in RULES.rules.items() if "policy" in rule.tags} - {
        "gov-banner", "archive-notice"}
    assert cfg.fail_on == "warning"


def test_site_root_and_rules_dirs_are_relative_to_the_config_file(tmp_path: Path) -> None:
    (tmp_path / "conf").mkdir()
    path = tmp_path / "conf" / ".govlint.toml"
    path.write_text('rules_dirs = ["agency-rules"]\n[site]\nroot = "../public"\ndod = true\n')
    raw = config.read(path)
    assert raw.rules_dirs == (tmp_path / "conf" / "agency-rules",)
    cfg = config.build(raw, RULES)
    assert cfg.site.root == str((tmp_path / "public").resolve())
    assert cfg.site.dod is True


def test_missing_config_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="config file not found"):
        config.read(tmp_path / "nope.toml")
