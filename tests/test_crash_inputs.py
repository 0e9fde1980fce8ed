"""Pages that once crashed govlint (found by bench/fuzz.py, kept in tests/crash_inputs/), each
linted again with both parsers: the run must finish with a whole report and its exit code.

crash-21000509.bin: stray '</html' tags before '<main>' gave attribute names XML cannot hold,
and duplicate-attr raised ValueError ("Invalid tag name") looking one up.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import Run

from govlint.parser import PARSERS

INPUTS = Path(__file__).resolve().parent / "crash_inputs"

# Input -> (exit status, rules that must have reported on it: the one that crashed among them).
EXPECTED = {
    "crash-21000509.bin": (1, {"duplicate-attr", "gov-banner", "landmark-no-duplicate-main"}),
}


def test_every_crash_input_has_an_expectation() -> None:
    assert sorted(p.name for p in INPUTS.iterdir()) == sorted(EXPECTED)


@pytest.mark.parametrize("parser", PARSERS)
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_crash_input_is_linted_to_a_whole_report(govlint: Run, tmp_path: Path, name: str,
                                                   parser: str) -> None:
    shutil.copy(INPUTS / name, tmp_path / "page.html")
    proc = govlint("--no-config", "--offline", "--no-cache", "--parser", parser, "--format", "json",
                   "page.html", cwd=tmp_path)
    code, rules = EXPECTED[name]
    assert proc.returncode == code, proc.stderr
    assert proc.stderr == ""
    report = json.loads(proc.stdout)
    assert report["errors"] == [] and report["summary"]["files"] == 1
    assert rules <= {v["rule"] for v in report["violations"]}
