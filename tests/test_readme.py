"""The README's commands are the ones CI runs, and the documented config and custom rule load
and work."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import REPO

from govlint import config, ruleset
from govlint.runner import Linter, lint_html

README = (REPO / "README.md").read_text(encoding="utf-8")
# The configuration and custom-rule examples live in docs/configuration.md.
CONFIGURATION = (REPO / "docs" / "configuration.md").read_text(encoding="utf-8")
TOML_BLOCKS = re.findall(r"```toml\n(.*?)```", CONFIGURATION, re.S)


def test_readme_starts_with_the_two_setup_commands() -> None:
    blocks = re.findall(r"```sh\n(.*?)```", README, re.S)[:2]
    assert README.index("```sh") < README.index("\n## ")
    assert README.startswith("# govlint\n\n```sh\n")
    assert "pip install ." in blocks[0]
    assert "govlint --offline --root fixtures/pages fixtures/pages/*.html" in blocks[0]
    readme_tests = re.search(r"python -m pytest(.*)\n", blocks[1])
    assert readme_tests is not None
    # CI runs the same command (the same pytest arguments: every test) in its own fresh venv.
    ci_tests = re.search(r'/bin/python"? -m pytest(.*)\n', (REPO / ".ci" / "run").read_text())
    assert ci_tests is not None and ci_tests[1] == readme_tests[1] == ' -m ""'


def test_readme_custom_rule_and_config_examples(tmp_path: Path) -> None:
    rule_text = next(b for b in TOML_BLOCKS if b.startswith("# agency-rules/footer-contact.toml"))
    folder = tmp_path / "agency-rules"
    folder.mkdir()
    (folder / "footer-contact.toml").write_text(rule_text)
    config_text = next(b for b in TOML_BLOCKS if "[[overrides]]" in b)
    config_text = config_text.replace('select = ["policy", "accessibility"]',
                                      'select = ["policy", "accessibility", "agency"]')
    (tmp_path / ".govlint.toml").write_text(config_text)
    raw = config.read(tmp_path / ".govlint.toml")
    rules = ruleset.load(raw.rules_dirs)
    cfg = config.build(raw, rules)
    linter = Linter(cfg, rules)
    page = "<body><footer><a href='/about'>About</a></footer></body>"
    assert "footer-contact" in {v.rule for v in lint_html(page, linter=linter).violations}
    fixed = "<body><footer><a href='/contact'>Contact us</a></footer></body>"
    assert "footer-contact" not in {v.rule for v in lint_html(fixed, linter=linter).violations}
