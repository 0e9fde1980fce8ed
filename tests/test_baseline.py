"""Baselines: adopt govlint on a legacy site, then fail only on new problems."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import Run

LEGACY = """<!DOCTYPE html>
<html lang="en"><head><title>Old page</title></head>
<body>
<main>
<img src="/img/a.png">
<img src="/img/b.png">
<p>Text</p>
</main>
</body></html>
"""
ARGS = ("--no-config", "--offline", "--select", "image-alt")


def test_write_then_only_new_violations_fail(govlint: Run, tmp_path: Path) -> None:
    page = tmp_path / "old.html"
    page.write_text(LEGACY)
    wrote = govlint(*ARGS, "--write-baseline", "baseline.json", "old.html", cwd=tmp_path)
    assert wrote.returncode == 0
    assert wrote.stderr == "govlint: wrote 2 violations to the baseline baseline.json\n"
    data = json.loads((tmp_path / "baseline.json").read_text())
    assert data["format"] == "govlint-baseline/1" and len(data["entries"]) == 2

    same = govlint(*ARGS, "--baseline", "baseline.json", "old.html", cwd=tmp_path)
    assert same.returncode == 0
    assert same.stdout.splitlines()[-1] == ("0 errors, 0 warnings, 0 info in 1 file; "
                                            "2 in the baseline, 0 baseline entries fixed")

    # Unrelated edits above, one old problem fixed, one new problem added.
    edited = LEGACY.replace("<main>", "<main>\n<nav><a href='/'>Home</a></nav>\n<h1>Old page</h1>")
    edited = edited.replace('<img src="/img/a.png">', '<img src="/img/a.png" alt="Chart of 2019 visits">')
    edited = edited.replace("<p>Text</p>", '<p>Text</p>\n<img src="/img/new.png">')
    page.write_text(edited)
    new = govlint(*ARGS, "--baseline", "baseline.json", "--format", "json", "old.html", cwd=tmp_path)
    report = json.loads(new.stdout)
    assert new.returncode == 1
    found = [(v["rule"], v["snippet"]) for v in report["violations"]]
    assert found == [("image-alt", '<img src="/img/new.png">')]
    assert report["baseline"] == {"matched": 1, "fixed": 1}


def test_bad_baseline_is_one_line_exit_2(govlint: Run, tmp_path: Path) -> None:
    (tmp_path / "p.html").write_text(LEGACY)
    (tmp_path / "bad.json").write_text('{"entries": []}')
    cases = (("missing.json", "baseline file not found"), ("bad.json", "not a govlint baseline"))
    for name, message in cases:
        proc = govlint(*ARGS, "--baseline", name, "p.html", cwd=tmp_path)
        assert proc.returncode == 2
        assert message in proc.stderr and len(proc.stderr.splitlines()) == 1
