"""A small fuzz run on every test run: mutated pages with odd file names, mutated configs
and a damaged cache, each through the command line. Nothing may print a traceback, exit
with a status outside the documented set, or write a report that does not parse."""

from __future__ import annotations

import json
import os
import random
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import Run
from fuzzing import damage, mutate_config, mutate_page, odd_name, seeds

EXIT_CODES = {0, 1, 2, 3, 4}
PAGES = 40
CONFIGS = 12


def _check(proc_stdout: str, stderr: str, code: int, reports: dict[str, Path]) -> None:
    assert "Traceback" not in stderr, stderr
    assert code in EXIT_CODES, (code, stderr)
    assert len(stderr.splitlines()) <= 3, stderr
    for name, path in reports.items():
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        if name == "junit":
            ET.fromstring(text.encode())
        elif name in ("json", "sarif", "gitlab"):
            json.loads(text)
    assert "Traceback" not in proc_stdout


def _reports(folder: Path) -> dict[str, Path]:
    return {name: folder / f"r.{name}" for name in ("json", "sarif", "junit", "gitlab", "github", "html")}


@pytest.mark.slow
def test_mutated_pages_with_odd_names(govlint: Run, tmp_path: Path) -> None:
    rng = random.Random(20261129)
    pool = seeds()
    site = tmp_path / "site"
    site.mkdir()
    for i in range(PAGES):
        name = odd_name(rng) if i % 4 == 0 else f"p{i}.html".encode()
        path = os.path.join(os.fsencode(site), name)
        if os.path.exists(path):
            continue
        with open(path, "wb") as handle:
            handle.write(mutate_page(rng.choice(pool), rng, pool))
    reports = _reports(tmp_path)
    args = ["--no-config", "--offline", "--cache-dir", str(tmp_path / "cache"), "--jobs", "2",
            *(f"--format={n}={p}" for n, p in reports.items()), "--format", "text", str(site)]
    for _ in range(2):  # cold, then from the cache
        proc = govlint(*args)
        _check(proc.stdout, proc.stderr, proc.returncode, reports)
        assert proc.stdout.splitlines()[-1].endswith(("file", "files", "could not be linted"))
    cache = next((tmp_path / "cache").iterdir())
    cache.write_bytes(damage(cache.read_bytes(), rng))
    proc = govlint(*args)
    _check(proc.stdout, proc.stderr, proc.returncode, reports)


def test_mutated_configs(govlint: Run, tmp_path: Path) -> None:
    rng = random.Random(1129)
    page = tmp_path / "p.html"
    page.write_bytes(seeds()[0])
    for _ in range(CONFIGS):
        (tmp_path / ".govlint.toml").write_text(mutate_config(rng), encoding="utf-8")
        proc = govlint("--offline", "--no-cache", "p.html", cwd=tmp_path)
        _check(proc.stdout, proc.stderr, proc.returncode, {})
        if proc.returncode == 2 and not proc.stdout:  # one line per error in the file
            lines = proc.stderr.splitlines()
            assert lines and all(line.startswith("govlint: error: ") for line in lines), proc.stderr
