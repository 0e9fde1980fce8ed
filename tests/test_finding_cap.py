"""At most max_findings violations of one rule on one page, the most serious kept, and one
note per page and rule saying how many were left out. Counted on generated pages."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from conftest import Run

from govlint.findingcap import FindingCap
from govlint.model import Severity, Violation

IMAGES = 2500


def _page(images: int) -> str:
    return ("<!doctype html><html lang=en><title>Many images</title><body><main>\n" +
            '<img src="missing.png">\n' * images + "</main></body></html>\n")


def _report(govlint: Run, site: Path, *args: str) -> tuple[dict[str, int], list[str], int]:
    proc = govlint("--offline", "--format", "json", "--verbose", *args, "many.html", cwd=site)
    assert proc.returncode == 1, proc.stderr
    counts = Counter(v["rule"] for v in json.loads(proc.stdout)["violations"] if v["file"] == "many.html")
    return dict(counts), [line for line in proc.stderr.splitlines() if "left out" in line], proc.returncode


def test_findings_of_a_rule_past_the_cap_are_counted_in_a_note(govlint: Run, tmp_path: Path) -> None:
    (tmp_path / ".govlint.toml").write_text('select = ["image-alt", "dead-link"]\n')
    (tmp_path / "many.html").write_text(_page(IMAGES))
    (tmp_path / "few.html").write_text(_page(3))
    # in this process, in a worker (two pages, two jobs), linted for the cache, from the cache
    for args in (("--no-cache",), ("--no-cache", "--jobs", "2", "few.html"), (), ()):
        counts, notes, _ = _report(govlint, tmp_path, *args)
        assert counts == {"image-alt": 1000, "dead-link": 1000}, args
        assert sorted(notes) == [
            "govlint: note: many.html: 1,500 dead-link findings left out (max_findings keeps 1,000 of "
            "each rule on a page): the most serious are kept, errors before warnings",
            "govlint: note: many.html: 1,500 image-alt findings left out (max_findings keeps 1,000 of "
            "each rule on a page): the most serious are kept, errors before warnings",
        ], args
    cached = govlint("--offline", "--verbose", "--quiet", "many.html", cwd=tmp_path).stderr
    assert "1 page linted, 1 from the cache" in cached and "1,500 image-alt findings left out" in cached


def test_links_to_different_places_are_capped_too(govlint: Run, tmp_path: Path) -> None:
    (tmp_path / ".govlint.toml").write_text('select = ["dead-link"]\n')
    (tmp_path / "many.html").write_text("<!doctype html><body>\n" + "".join(
        f'<a href="gone-{i}.html">{i}</a>\n' for i in range(1200)) + '<a href="mailto:">x</a>\n')
    for args in (("--no-cache",), (), ()):
        proc = govlint("--offline", "--format", "json", *args, "many.html", cwd=tmp_path)
        found = json.loads(proc.stdout)["violations"]
        assert len(found) == 1000 and proc.returncode == 1
        # all errors alike: the first 1,000 found are kept; the other 200 and the bad mailto: counted
        assert [v["line"] for v in found] == list(range(2, 1002))
        assert found[0]["message"].startswith("gone-0.html does not exist in the site")
        assert "many.html: 201 dead-link findings left out" in proc.stderr


def test_the_cap_is_a_config_key(govlint: Run, tmp_path: Path) -> None:
    (tmp_path / ".govlint.toml").write_text('select = ["image-alt"]\nmax_findings = 10\n')
    (tmp_path / "many.html").write_text(_page(25))
    counts, notes, _ = _report(govlint, tmp_path, "--no-cache")
    assert counts == {"image-alt": 10}
    assert len(notes) == 1 and "many.html: 15 image-alt findings left out (max_findings keeps 10" in notes[0]
    (tmp_path / ".govlint.toml").write_text('select = ["image-alt"]\nmax_findings = 5000\n')
    counts, notes, _ = _report(govlint, tmp_path, "--no-cache")
    assert counts == {"image-alt": 25} and notes == []
    (tmp_path / ".govlint.toml").write_text("max_findings = 0\n")
    proc = govlint("--no-cache", "many.html", cwd=tmp_path)
    assert proc.returncode == 2 and "max_findings" in proc.stderr and len(proc.stderr.splitlines()) == 1


def _violation(index: int, severity: Severity) -> Violation:
    return Violation("r", severity, "m", "p.html", index, 1, "", "", "", ())


def test_the_most_serious_are_kept() -> None:
    cap = FindingCap(3)
    order = [Severity.INFO, Severity.WARNING, Severity.INFO, Severity.INFO, Severity.ERROR,
             Severity.WARNING, Severity.INFO, Severity.ERROR]
    for line, severity in enumerate(order, 1):
        if cap.wanted("r", severity):
            cap.add(_violation(line, severity))
    kept = sorted((v.line, v.severity) for v in cap.violations())
    # errors first, then the first warning found; the five others are counted
    assert kept == [(2, Severity.WARNING), (5, Severity.ERROR), (8, Severity.ERROR)]
    assert cap.left_out == {"r": 5} and len(cap) == 3
