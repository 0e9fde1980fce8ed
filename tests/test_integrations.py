"""The GitHub Action and the GitLab CI template, run here as their runners would run them."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES, REPO

BIN = str(Path(sys.executable).parent)
PAGES = " ".join(str(p) for p in sorted((FIXTURES / "pages").glob("*.html")))
SITE_ARGS = f"--offline --no-config --root {FIXTURES / 'pages'}"


def test_action_inputs_steps_and_script_agree() -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text())
    assert action["runs"]["using"] == "composite"
    text = (REPO / "action.yml").read_text()
    used = set(re.findall(r"inputs\.([a-z-]+)", text))
    assert used <= set(action["inputs"]), used - set(action["inputs"])
    lint = next(s for s in action["runs"]["steps"] if s.get("id") == "lint")
    assert "action/lint.sh" in lint["run"] and (REPO / "action" / "lint.sh").exists()
    script = (REPO / "action" / "lint.sh").read_text()
    for variable in lint["env"]:
        assert variable in script
    upload = next(s for s in action["runs"]["steps"] if "upload-sarif" in s.get("uses", ""))
    assert upload["if"].startswith("always()")


def test_action_working_directory_cache_and_fork_safe_upload() -> None:
    action = yaml.safe_load((REPO / "action.yml").read_text())
    steps = action["runs"]["steps"]
    assert action["inputs"]["working-directory"]["default"] == "."
    lint = next(s for s in steps if s.get("id") == "lint")
    assert lint["working-directory"] == "${{ inputs.working-directory }}"
    cache = next(s for s in steps if s.get("uses", "").startswith("actions/cache@"))
    assert cache["with"]["path"] == "${{ inputs.working-directory }}/.govlint-cache"
    assert cache["with"]["restore-keys"] and steps.index(cache) < steps.index(lint)
    upload = next(s for s in steps if "upload-sarif" in s.get("uses", ""))
    assert "!(github.event.pull_request.head.repo.fork)" in upload["if"]
    assert upload["continue-on-error"] is True
    assert upload["with"]["sarif_file"].startswith("${{ inputs.working-directory }}/")
    gitlab = yaml.safe_load((REPO / "ci" / "govlint.gitlab-ci.yml").read_text())["govlint"]
    assert gitlab["cache"]["paths"] == [".govlint-cache/"] and gitlab["cache"]["when"] == "always"


@pytest.mark.slow
def test_action_lint_step_writes_annotations_sarif_summary_and_output(tmp_path: Path) -> None:
    summary, output = tmp_path / "summary.md", tmp_path / "output.txt"
    summary.write_text("earlier step\n")
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}", "GOVLINT_PATHS": PAGES,
           "GOVLINT_ARGS": SITE_ARGS, "GOVLINT_SARIF": "govlint.sarif",
           "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_OUTPUT": str(output)}
    proc = subprocess.run(["bash", str(REPO / "action" / "lint.sh")], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0  # the step itself succeeds; the exit status is an output
    assert output.read_text() == "exit-code=1\n"
    annotations = proc.stdout.splitlines()
    assert len(annotations) == 14 and all(a.startswith(("::error ", "::warning ")) for a in annotations)
    assert summary.read_text().startswith("earlier step\n## govlint: ❌ 6 errors")
    sarif = json.loads((tmp_path / "govlint.sarif").read_text())
    results = sarif["runs"][0]["results"]  # 14 findings, two of them repeats of a problem
    assert len(results) == 12 and sum(r["properties"]["places"] for r in results) == 14


@pytest.mark.slow
def test_gitlab_template_produces_junit_and_code_quality(tmp_path: Path) -> None:
    template = yaml.safe_load((REPO / "ci" / "govlint.gitlab-ci.yml").read_text())
    job = template["govlint"]
    assert job["artifacts"]["when"] == "always"
    reports = job["artifacts"]["reports"]
    lint_line = next(line for line in job["script"] if line.startswith("govlint "))
    env = {**os.environ, "PATH": f"{BIN}:{os.environ['PATH']}", "GOVLINT_PATHS": PAGES,
           "GOVLINT_ARGS": SITE_ARGS}
    proc = subprocess.run(["bash", "-c", lint_line], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[-1] == "6 errors, 8 warnings, 0 info in 5 files"
    junit = ET.parse(tmp_path / reports["junit"]).getroot()
    assert junit.get("failures") == "12"  # a case per page and rule
    quality = json.loads((tmp_path / reports["codequality"]).read_text())
    assert len(quality) == 12 and {"description", "check_name", "fingerprint", "severity", "location"} <= set(
        quality[0])
