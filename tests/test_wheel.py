"""The built wheel carries rules/ and works from a fresh venv outside the repository."""

from __future__ import annotations

import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO


@pytest.mark.slow
def test_wheel_installs_and_lints_from_a_fresh_venv(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "--quiet", "-w", str(dist), str(REPO)], check=True, capture_output=True,
                   cwd=tmp_path)
    wheel = next(dist.glob("govlint-*.whl"))

    env_dir = tmp_path / "fresh-venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    ask = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    site = Path(subprocess.run([str(python), "-c", ask], check=True, capture_output=True,
                               text=True).stdout.strip())
    # Install the wheel's files into the new venv (no network: dependencies are borrowed
    # from this interpreter below, not downloaded).
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--no-compile", "--quiet",
                    "--target", str(site), str(wheel)], check=True, capture_output=True)
    # Dependencies (html5lib, lxml, ...) by path, after the venv's own site-packages.
    (site / "zz-borrowed-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    script = site / "bin" / "govlint"
    assert script.exists(), "the wheel must declare the govlint console script"

    page = tmp_path / "work" / "fail-missing.html"
    page.parent.mkdir()
    shutil.copy(FIXTURES / "gov-banner" / "fail-missing.html", page)
    where = subprocess.run(
        [str(python), "-c", "import govlint, importlib.resources as r; "
         "print(govlint.__file__); print(r.files('govlint.rules').joinpath('gov-banner.toml'))"],
        check=True, capture_output=True, text=True, cwd=page.parent).stdout.split()
    assert all(Path(p).is_relative_to(env_dir) for p in where), where

    run = subprocess.run([str(python), str(script), "--no-config", "--offline", "fail-missing.html"],
                         capture_output=True, text=True, cwd=page.parent)
    assert run.returncode == 1, run.stderr
    lines = run.stdout.splitlines()
    assert any(line.startswith("fail-missing.html:8:1: error [gov-banner]") for line in lines)
    assert any(line.startswith("fail-missing.html:3:1: error [dap]") for line in lines)  # govlint.federal
    listing = subprocess.run([str(python), "-m", "govlint", "rules", "--format", "json"],
                             capture_output=True, text=True, cwd=page.parent, check=True).stdout
    assert '"image-virin"' in listing and '"archive-notice"' in listing
