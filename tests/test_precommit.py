"""The pre-commit hook, run by pre-commit itself against this checkout."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO

GOOD = FIXTURES / "gov-banner" / "pass-uswds3.html"
BAD = FIXTURES / "gov-banner" / "fail-missing.html"
HEAD_EXTRAS = (
    '<meta name="description" content="Services, news and contact details of the Agency for Examples.">\n'
    '<script async id="_fed_an_ua_tag" '
    'src="https://dap.digitalgov.gov/Universal-Federated-Analytics-Min.js?agency=USAE"></script>\n</head>'
)


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.mark.slow
def test_pre_commit_try_repo_on_a_good_and_a_bad_page(tmp_path: Path) -> None:
    wheelhouse = os.environ.get("GOVLINT_WHEELHOUSE")
    if not wheelhouse:
        if os.environ.get("CI"):
            pytest.fail("GOVLINT_WHEELHOUSE is not set: .ci/run builds it")
        pytest.skip("no wheelhouse for an offline hook install (set GOVLINT_WHEELHOUSE; .ci/run does)")
    site = tmp_path / "site"
    site.mkdir()
    _git(site, "init", "-q")
    for page in (GOOD, BAD):
        shutil.copy(page, site / page.name)
    # Every page of a federal site also loads the analytics script and has a description.
    good = site / GOOD.name
    good.write_text(good.read_text(encoding="utf-8").replace("</head>", HEAD_EXTRAS, 1), encoding="utf-8")
    # What the fixture pages link to: a home page and the banner's images.
    (site / "index.html").write_text("<!DOCTYPE html><title>Home</title>")
    (site / "img").mkdir()
    for image in ("us_flag_small.png", "icon-dot-gov.svg", "icon-https.svg"):
        (site / "img" / image).write_bytes(b"image")
    _git(site, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"), "PIP_NO_INDEX": "1",
           "PIP_FIND_LINKS": wheelhouse, "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
    pre_commit = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "govlint", "--files"]

    good = subprocess.run([*pre_commit, GOOD.name], cwd=site, env=env, capture_output=True, text=True,
                          timeout=600)
    assert good.returncode == 0, good.stdout + good.stderr
    assert "govlint" in good.stdout and "Passed" in good.stdout

    bad = subprocess.run([*pre_commit, BAD.name], cwd=site, env=env, capture_output=True, text=True,
                         timeout=600)
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout
    assert "fail-missing.html:8:1: error [gov-banner] No official government banner" in bad.stdout
