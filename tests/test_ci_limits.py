"""Reports stay within what CI systems accept: SARIF for GitHub code scanning, GitHub annotations."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Run

OFF = ("--no-config", "--offline")


def _page(root: Path, warnings: int, errors: int) -> Path:
    """One page: ``warnings`` placeholder alt texts first, then ``errors`` dead links."""
    root.mkdir(exist_ok=True)
    images = "".join('<img src="/i.png" alt="Photo">\n' for _ in range(warnings))
    links = "".join(f'<a href="/gone-{n}/">x</a>\n' for n in range(errors))
    page = root / "index.html"
    page.write_text(f'<!DOCTYPE html><html lang="en"><title>T</title>\n{images}{links}</html>\n',
                    encoding="utf-8")
    (root / "i.png").write_bytes(b"\x89PNG")
    return page


@pytest.mark.slow
def test_sarif_run_keeps_within_25000_results_and_every_rule(govlint: Run, tmp_path: Path) -> None:
    # 25,100 dead targets, each its own problem, and one placeholder alt text on 300 images:
    # the warning's rule keeps its share, where keeping the most serious would drop it.
    page = _page(tmp_path / "site", warnings=300, errors=25_100)
    out = tmp_path / "r.sarif"
    config = tmp_path / "govlint.toml"  # one page holds them all: past the default per-page cap
    config.write_text("max_findings = 30000\n", encoding="utf-8")
    proc = govlint("--offline", "--config", str(config), "--select", "dead-link,image-alt-quality",
                   "--root", str(page.parent), "--format", f"sarif={out}", str(page))
    assert proc.returncode == 1
    run = json.loads(out.read_text())["runs"][0]
    results = run["results"]
    assert len(results) == 25_000
    [warning] = [r for r in results if r["level"] == "warning"]
    assert warning["ruleId"] == "image-alt-quality" and warning["properties"]["places"] == 300
    assert len(warning["relatedLocations"]) == 99  # code scanning shows 100 locations of a result
    notes = [n["message"]["text"] for n in run["invocations"][0]["toolExecutionNotifications"]]
    assert notes == [
        "SARIF: 101 of 25101 problems (101 of 25400 findings) left out (code scanning accepts at most "
        "25000 results a run): every rule keeps a share, errors before warnings, so every rule with "
        "findings has results; left out: dead-link 101 of 25100; the other reports hold them all",
        "SARIF: 200 places of 1 problem found in more than 100 places are not listed (code scanning "
        "shows at most 100 locations of a result); each result says how many places it has, and the "
        "other reports list them all"]
    assert all(f"govlint: note: {note}" in proc.stderr.splitlines() for note in notes)


def test_sarif_rule_tags_are_cut_to_20(govlint: Run, tmp_path: Path) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    tags = ", ".join(f'"tag{n}"' for n in range(23))
    source = (Path(__file__).parent.parent / "rules" / "page-title.toml").read_text(encoding="utf-8")
    head, _, rest = source.partition("\ntags = ")
    rest = rest.split("\n", 1)[1]
    custom = f'{head}\ntags = [{tags}]\n{rest}'.replace('id = "page-title"', 'id = "many-tags"', 1)
    (rules / "many-tags.toml").write_text(custom, encoding="utf-8")
    config = tmp_path / ".govlint.toml"
    config.write_text('rules_dirs = ["rules"]\nselect = ["many-tags"]\n', encoding="utf-8")
    page = tmp_path / "p.html"
    page.write_text('<!DOCTYPE html><html lang="en"><p>no title</html>\n', encoding="utf-8")
    out = tmp_path / "r.sarif"
    proc = govlint("--offline", "--config", str(config), "--format", f"sarif={out}", str(page))
    run = json.loads(out.read_text())["runs"][0]
    [rule] = [r for r in run["tool"]["driver"]["rules"] if r["id"] == "many-tags"]
    assert rule["properties"]["tags"] == [f"tag{n}" for n in range(20)]
    assert "govlint: note: SARIF: rule many-tags has 23 tags; the last 3 left out" in proc.stderr


def test_github_annotations_at_most_10_a_severity_rest_in_step_summary(govlint: Run, tmp_path: Path) -> None:
    page = _page(tmp_path / "site", warnings=12, errors=15)
    with page.open("a", encoding="utf-8") as extra:  # one missing page linked 30 times
        extra.write('<a href="/again/">x</a>\n' * 30)
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    proc = govlint(*OFF, "--select", "dead-link,image-alt-quality", "--root", str(page.parent),
                   "--format", "github", str(page), env={"GITHUB_STEP_SUMMARY": str(summary)})
    lines = proc.stdout.splitlines()
    errors = [line for line in lines if line.startswith("::error ")]
    warnings = [line for line in lines if line.startswith("::warning ")]
    assert len(errors) == 10 and len(warnings) == 10
    assert len({line.rsplit("::", 1)[1] for line in errors}) == 10  # no repeat of one problem
    assert lines[-1] == ("govlint: 37 more findings are not annotated (GitHub shows 10 errors and "
                         "10 warnings a step): see the step summary")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n### govlint: 37 findings not shown as annotations\n")
    rows = [line for line in text.splitlines() if line.startswith("| error") or line.startswith("| warning")]
    assert rows[0].startswith("| error | `dead-link` | /again/ does not exist in the site | 30 |")
    assert sum(int(row.split("|")[4]) for row in rows) == 37


def test_github_annotations_within_limits_leave_the_step_summary_alone(govlint: Run, tmp_path: Path) -> None:
    page = _page(tmp_path / "site", warnings=2, errors=3)
    summary = tmp_path / "summary.md"
    proc = govlint(*OFF, "--select", "dead-link,image-alt-quality", "--root", str(page.parent),
                   "--format", "github", str(page), env={"GITHUB_STEP_SUMMARY": str(summary)})
    assert len(proc.stdout.splitlines()) == 5 and not summary.exists()


def test_github_annotations_past_the_limit_without_a_step_summary_point_elsewhere(govlint: Run,
                                                                                  tmp_path: Path) -> None:
    page = _page(tmp_path / "site", warnings=12, errors=15)
    proc = govlint(*OFF, "--select", "dead-link,image-alt-quality", "--root", str(page.parent),
                   "--format", "github", str(page), env={"GITHUB_STEP_SUMMARY": ""})
    assert proc.stdout.splitlines()[-1] == (
        "govlint: 7 more findings are not annotated (GitHub shows 10 errors and 10 warnings a step): "
        "write another format too (--format sarif=FILE) for every place")
