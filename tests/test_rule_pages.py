"""docs/rules/ is generated from the rule files: a page per rule and an index, never stale."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from govlint import ruledocs, ruleset

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs" / "rules"
RULES = ruleset.load().rules


def _tool():  # tools/ is not a package: load the generator from its file
    spec = importlib.util.spec_from_file_location("gen_rule_docs", REPO / "tools" / "gen_rule_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_rule_page_is_stale_missing_or_left_over() -> None:
    assert _tool().stale(DOCS) == [], "run: python tools/gen_rule_docs.py"


def test_the_check_notices_an_edited_a_missing_and_a_left_over_page(tmp_path: Path) -> None:
    tool = _tool()
    tool.write(tmp_path)
    assert tool.stale(tmp_path) == []
    (tmp_path / "image-alt.md").write_text("edited by hand\n", encoding="utf-8")
    (tmp_path / "dap.md").unlink()
    (tmp_path / "retired-rule.md").write_text("old\n", encoding="utf-8")
    assert tool.stale(tmp_path) == ["dap.md", "image-alt.md", "retired-rule.md"]


def test_the_index_links_every_rule_once() -> None:
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    linked = re.findall(r"\[`([a-z0-9-]+)`\]\(\1\.md\)", index)
    assert sorted(linked) == sorted(RULES)


def test_a_page_shows_the_rule_file_content() -> None:
    rule = RULES["image-alt"]
    text = ruledocs.page(rule)
    assert "1.1.1 Non-text Content (A)" in text
    assert rule.docs.example.strip() in text and rule.docs.fix.strip() in text
    for code, message in rule.messages.items():
        assert f"| `{code}` |" in text and message.text in text


def test_options_and_config_appear_on_the_pages_that_have_them() -> None:
    with_options = next(r for r in RULES.values() if r.options)
    assert "## Options" in ruledocs.page(with_options)
    with_config = next(r for r in RULES.values() if r.docs.config)
    assert r"## Applies under configuration such as" in ruledocs.page(with_config)


def test_the_readme_points_at_the_rule_pages() -> None:
    assert "docs/rules/README.md" in (REPO / "README.md").read_text(encoding="utf-8")
