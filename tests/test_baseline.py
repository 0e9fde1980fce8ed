"""Baselines: adopt govlint on a legacy site, then fail only on new problems."""

from __future__ import annotations

import json
import subprocess
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


def test_a_baseline_matches_however_the_run_names_the_site(govlint: Run, tmp_path: Path) -> None:
    """Entries name a file by its place in its repository: a CI job that gives the site's
    absolute path, or runs from another folder, matches the entries written from the root."""
    repo = tmp_path / "repo"
    (repo / "public").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True, capture_output=True)
    (repo / "public" / "old.html").write_text(LEGACY)
    wrote = govlint(*ARGS, "--write-baseline", ".govlint-baseline.json", "public", cwd=repo)
    assert wrote.returncode == 0
    entries = json.loads((repo / ".govlint-baseline.json").read_text())["entries"]
    assert {e["file"] for e in entries} == {"public/old.html"}
    for cwd, site in ((repo, str(repo / "public")), (tmp_path, "repo/public"), (repo / "public", ".")):
        baseline = str(repo / ".govlint-baseline.json")
        run = govlint(*ARGS, "--baseline", baseline, site, cwd=cwd)
        assert run.returncode == 0, (cwd, site, run.stdout)
        assert run.stdout.endswith("; 2 in the baseline, 0 baseline entries fixed\n")


def test_a_baseline_written_under_the_names_given_still_matches(govlint: Run, tmp_path: Path) -> None:
    """Entries written before they named files by their place in the repository matched the
    name the run was given: a run given that name still matches them."""
    from govlint.fingerprints import fingerprints
    from govlint.model import Severity, Violation

    repo = tmp_path / "repo"
    (repo / "public").mkdir(parents=True)
    subprocess.run(["git", "init", "-q", str(repo)], check=True, capture_output=True)
    (repo / "public" / "old.html").write_text(LEGACY)
    given = str(repo / "public" / "old.html")  # an absolute name, as a run given it showed it
    old = [Violation(rule="image-alt", severity=Severity.ERROR, message="m", file=given, line=5, column=1,
                     selector="img", snippet=f'<img src="/img/{name}.png">', help_url="", tags=())
           for name in ("a", "b")]
    entries = [{"fingerprint": fp, "rule": "image-alt", "file": given} for fp in fingerprints(old)]
    (tmp_path / "old-baseline.json").write_text(json.dumps({"format": "govlint-baseline/1",
                                                            "entries": entries}))
    run = govlint(*ARGS, "--baseline", str(tmp_path / "old-baseline.json"), given, cwd=tmp_path)
    assert run.returncode == 0, run.stdout
    assert run.stdout.endswith("; 2 in the baseline, 0 baseline entries fixed\n")
