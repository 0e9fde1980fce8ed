"""Rule files: validated at load, every problem named by file and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from govlint import config, ruleset
from govlint.errors import ConfigError, RuleFileError
from govlint.runner import Linter, lint_html

GOOD = '''
id = "{id}"
summary = "Pages carry the agency's contact link"
severity = "error"
tags = ["agency", "policy"]
check = "require-element"

[options]
selector = "a[href$='/contact']"

[messages]
missing = "No link to the contact page ({{selector}})"

[docs]
why = "Agency policy: every page links to /contact."
example = "<p>no link</p>"
fix = "<a href='/contact'>Contact us</a>"
help_url = "https://www.example.gov/web-policy"
'''


def write_rule(folder: Path, rule_id: str, text: str, suffix: str = ".toml") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{rule_id}{suffix}"
    path.write_text(text, encoding="utf-8")
    return path


def test_custom_rule_from_a_folder_is_loaded_and_runs(tmp_path: Path) -> None:
    write_rule(tmp_path, "footer-contact", GOOD.format(id="footer-contact"))
    rules = ruleset.load([tmp_path])
    assert "footer-contact" in rules.rules
    linter = Linter(config.build(config.RawConfig(), rules, config.CliOverrides(select=["agency"])), rules)
    bad = lint_html("<body><p>x</p></body>", linter=linter).violations
    assert [(v.rule, v.message) for v in bad] == [
        ("footer-contact", "No link to the contact page (a[href$='/contact'])")]
    assert lint_html("<body><a href='/contact'>Contact</a></body>", linter=linter).violations == ()


def test_forbid_element_with_text_pattern(tmp_path: Path) -> None:
    text = GOOD.format(id="no-lorem").replace('"require-element"', '"forbid-element"').replace(
        'selector = "a[href$=\'/contact\']"', 'selector = "p"\ntext_pattern = "lorem ipsum"').replace(
        "missing =", "present =")
    write_rule(tmp_path, "no-lorem", text)
    rules = ruleset.load([tmp_path])
    linter = Linter(config.build(config.RawConfig(), rules, config.CliOverrides(select=["no-lorem"])), rules)
    found = lint_html("<body><p>ok</p>\n<p>Lorem ipsum dolor</p></body>", linter=linter).violations
    assert [(v.rule, v.line, v.column) for v in found] == [("no-lorem", 2, 1)]


def test_json_rule_files_are_accepted(tmp_path: Path) -> None:
    import json
    import tomllib

    data = tomllib.loads(GOOD.format(id="json-rule"))
    write_rule(tmp_path, "json-rule", json.dumps(data), suffix=".json")
    assert "json-rule" in ruleset.load([tmp_path]).rules


@pytest.mark.parametrize(("mutate", "message"), [
    (lambda t: t.replace('severity = "error"', 'severity = "fatal"'),
     "severity: 'fatal' is not a valid value; valid values: error, warning, info"),
    (lambda t: t.replace('summary = "Pages carry the agency\'s contact link"\n', ""),
     ": (top level): missing key 'summary'"),
    (lambda t: t.replace('check = "require-element"', 'check = "no-such-check"'),
     "field 'check': unknown check 'no-such-check'"),
    (lambda t: t.replace("[options]", "[options]\ncolour = 'red'"),
     "field 'options': unknown option(s) colour"),
    (lambda t: t.replace('selector = "a[href$=\'/contact\']"', ""),
     "field 'options': missing required option 'selector'"),
    (lambda t: t.replace('selector = "a[href$=\'/contact\']"', 'selector = "a[[["'),
     "option 'selector': invalid CSS selector 'a[[['"),
    (lambda t: t.replace('selector = "a[href$=\'/contact\']"', 'selector = 42'),
     "option 'selector' must be str, not 42"),
    (lambda t: t.replace("missing =", "absent ="),
     "field 'messages': no message for code(s) missing"),
    (lambda t: t.replace('[messages]', '[messages]\nextra = "x"'),
     "field 'messages': unknown code(s) extra"),
    (lambda t: t.replace('id = "custom-rule"', 'id = "other-name"'),
     "field 'id': 'other-name' must equal the file name 'custom-rule'"),
    (lambda t: t.replace('[docs]', '[docs]\nauthor = "me"'),
     "docs.author: unknown key; valid keys: config, example, fix, guidance_url, help_url, why"),
    (lambda t: t + "\n[[[broken", "not valid TOML"),
    (lambda t: t.replace('id = "custom-rule"', 'id = "image-alt"'),
     "field 'id': 'image-alt' must equal the file name 'custom-rule'"),
])
def test_bad_rule_files_name_the_file_and_field(tmp_path: Path, mutate, message: str) -> None:
    path = write_rule(tmp_path, "custom-rule", mutate(GOOD.format(id="custom-rule")))
    with pytest.raises(RuleFileError) as caught:
        ruleset.load([tmp_path])
    text = str(caught.value)
    assert text.startswith(str(path))
    assert message in text
    assert "\n" not in text


def test_custom_rule_cannot_reuse_a_builtin_id(tmp_path: Path) -> None:
    write_rule(tmp_path, "image-alt", GOOD.format(id="image-alt"))
    with pytest.raises(RuleFileError, match="rule id 'image-alt' is already defined"):
        ruleset.load([tmp_path])


def test_bad_regular_expression_option(tmp_path: Path) -> None:
    text = GOOD.format(id="bad-re").replace("[options]", "[options]\ntext_pattern = '(unclosed'")
    write_rule(tmp_path, "bad-re", text)
    with pytest.raises(RuleFileError, match="option 'text_pattern': bad regular expression"):
        ruleset.load([tmp_path])


def test_rules_dirs_that_do_not_exist(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="is not a directory"):
        ruleset.load([tmp_path / "missing"])


def test_config_rule_options_are_validated_against_the_check(tmp_path: Path) -> None:
    rules = ruleset.load()
    raw = config.RawConfig({"rules": {"image-alt-quality": {"max_length": "long"}}}, tmp_path / "x.toml")
    with pytest.raises(ConfigError, match="option 'max_length' must be int"):
        config.build(raw, rules)
    raw = config.RawConfig({"rules": {"image-alt-quality": {"maxlen": 10}}}, tmp_path / "x.toml")
    with pytest.raises(ConfigError, match=r"unknown option\(s\) maxlen"):
        config.build(raw, rules)


def test_every_built_in_rule_file_matches_the_rule_schema() -> None:
    # A run trusts the shipped rule files (no jsonschema at start-up); this is where they are checked.
    from importlib import resources

    from govlint import schemas

    checked = 0
    for entry in resources.files("govlint.rules").iterdir():
        if entry.name.endswith((".toml", ".json")):
            data = ruleset._decode(entry.read_text(encoding="utf-8"), entry.name, entry.name)
            assert schemas.problems("rule", data) == [], entry.name
            checked += 1
    assert checked == len(ruleset.load().rules)
