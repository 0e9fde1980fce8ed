"""docs/usage.md says it documents every option: each option of the lint command is in its
table, by its long name."""

from __future__ import annotations

import re

from conftest import REPO

from govlint import cli


def test_every_option_of_the_lint_command_is_in_the_usage_table() -> None:
    table = [line for line in (REPO / "docs" / "usage.md").read_text(encoding="utf-8").splitlines()
             if line.startswith("| `-")]
    documented = {name for line in table for name in re.findall(r"`(--[a-z-]+)", line.split(" | ")[0])}
    options = {name for action in cli._lint_parser()._actions for name in action.option_strings
               if name.startswith("--") and name != "--help"}
    assert options - documented == set()
