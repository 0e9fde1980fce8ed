"""Repeated problems shown once with their places (text and Markdown), run as a subprocess."""

from __future__ import annotations

from pathlib import Path

from conftest import Run

from govlint.model import Severity, Violation
from govlint.reporters import groups

OFF = ("--no-config", "--offline")


def _site(root: Path, pages: int) -> Path:
    """``pages`` pages that each link to the same missing page, and one to its own."""
    root.mkdir(exist_ok=True)
    for n in range(pages):
        (root / f"p{n:02d}.html").write_text(
            f'<!DOCTYPE html><html lang="en"><title>Page {n}</title>\n'
            f'<a href="/gone/">Gone</a>\n<a href="/only-{n}/">Only</a>\n</html>\n', encoding="utf-8")
    return root


def test_many_violations_are_grouped_by_default(govlint: Run, tmp_path: Path) -> None:
    site = _site(tmp_path, 30)  # 60 dead links: more than a screenful
    proc = govlint(*OFF, "--select", "dead-link", "--root", str(site), str(site))
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    # The problem with the most places first, once, with its count and first places.
    assert lines[0] == f"{site}/p00.html:2:1: error [dead-link] /gone/ does not exist in the site (30 places)"
    assert lines[1] == f"    also at {site}/p01.html:2:1, {site}/p02.html:2:1 and 27 more"
    # Then the rule's next problems, ten in all, and how many more it has.
    assert sum("/only-" in line for line in lines) == 9
    assert lines[-5] == "    ... and 21 more dead-link problems in 21 places (--no-group lists every place)"
    assert lines[-1] == "60 errors, 0 warnings, 0 info in 30 files"  # after the findings per rule


def test_no_group_lists_every_place(govlint: Run, tmp_path: Path) -> None:
    site = _site(tmp_path, 30)
    proc = govlint(*OFF, "--select", "dead-link", "--root", str(site), "--no-group", str(site))
    lines = proc.stdout.splitlines()
    assert sum("/gone/ does not exist in the site" in line for line in lines) == 30
    assert not any("places)" in line or "also at" in line for line in lines)


def test_config_turns_grouping_off_and_the_option_wins(govlint: Run, tmp_path: Path) -> None:
    site = _site(tmp_path / "site", 30)
    config = tmp_path / ".govlint.toml"
    config.write_text("group = false\n", encoding="utf-8")
    args = ("--offline", "--config", str(config), "--select", "dead-link", "--root", str(site), str(site))
    assert "also at" not in govlint(*args).stdout
    assert "(30 places)" in govlint(*args, "--group").stdout


def test_few_violations_stay_one_line_each_unless_asked(govlint: Run, tmp_path: Path) -> None:
    site = _site(tmp_path, 3)
    plain = govlint(*OFF, "--select", "dead-link", "--root", str(site), str(site))
    assert "places)" not in plain.stdout and len(plain.stdout.splitlines()) == 7
    grouped = govlint(*OFF, "--select", "dead-link", "--root", str(site), "--group", str(site))
    assert "/gone/ does not exist in the site (3 places)" in grouped.stdout
    assert f"    also at {site}/p01.html:2:1, {site}/p02.html:2:1\n" in grouped.stdout
    assert "more" not in grouped.stdout


def test_markdown_lists_the_problems_found_in_many_places(govlint: Run, tmp_path: Path) -> None:
    site = _site(tmp_path, 30)
    proc = govlint(*OFF, "--select", "dead-link", "--root", str(site), "--format", "markdown", str(site))
    table = proc.stdout.split("### Problems found in many places", 1)[1]
    row = next(line for line in table.splitlines() if "/gone/" in line)
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[0] == "`dead-link`" and cells[2] == "30"
    assert cells[3].endswith(" and 27 more") and f"`{site}/p00.html:2`" in cells[3]
    assert "/only-" not in table.split("###")[0]  # found once each: not a repeated problem


def test_reports_all_to_files_still_print_the_summary(govlint: Run, tmp_path: Path) -> None:
    site = _site(tmp_path / "s", 2)
    out = tmp_path / "r.json"
    proc = govlint(*OFF, "--select", "dead-link", "--root", str(site), "--format", f"json={out}", str(site))
    assert proc.returncode == 1 and proc.stdout == ""
    assert proc.stderr == "4 errors, 0 warnings, 0 info in 2 files\n"
    quiet = govlint(*OFF, "-q", "--select", "dead-link", "--root", str(site),
                    "--format", f"json={out}", str(site))
    assert quiet.stderr == ""


def _violation(file: str, line: int, message: str = "m") -> Violation:
    return Violation("gov-banner", Severity.ERROR, message, file, line, 1, "body", "", "", ())


def test_findings_at_one_position_are_each_a_place() -> None:
    """An image naming one dead URL in src and srcset is two findings at one position: grouped
    reports count both, as the JSON report lists both."""
    found = groups.group([_violation("a.html", 3), _violation("a.html", 3), _violation("b.html", 3),
                          _violation("a.html", 3, "other")])
    assert [(g.message, [(v.file, v.line) for v in g.places]) for g in found] == [
        ("m", [("a.html", 3), ("a.html", 3), ("b.html", 3)]), ("other", [("a.html", 3)])]
