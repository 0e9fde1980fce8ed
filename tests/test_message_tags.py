"""WCAG tags per message: a finding counts against a criterion only when that finding fails it.

gov-banner's messages fail different criteria: a banner toggle that is not a button fails
4.1.2; a missing or misworded banner fails no WCAG criterion at all.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import jsonschema
from conftest import REPO, Run

from govlint import schemas

_HEAD = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Forest permits and passes | Example Agency</title>
<meta name="description"
 content="How to get a permit or a pass for a national forest, and what each one costs.">
<script async id="_fed_an_ua_tag"
 src="https://dap.digitalgov.gov/Universal-Federated-Analytics-Min.js?agency=GSA"></script>
</head>
<body>
<a class="usa-skipnav" href="#main-content">Skip to main content</a>
"""
_TAIL = """<header><a href="permits.html">Example Agency home</a></header>
<main id="main-content"><h1>Forest permits and passes</h1>
<p>Permits are sold at every ranger station.</p></main>
</body>
</html>
"""
# The USWDS banner, except that its toggle is a <div>
_DIV_BANNER = """<section class="usa-banner" aria-label="Official website of the United States government">
<div class="usa-accordion"><header class="usa-banner__header"><div class="usa-banner__inner">
<div class="grid-col-fill tablet:grid-col-auto" aria-hidden="true">
<p class="usa-banner__header-text">An official website of the United States government</p>
<p class="usa-banner__header-action">Here’s how you know</p></div>
<div class="usa-accordion__button usa-banner__button" aria-controls="gov-banner-default">
<span>Here’s how you know</span></div>
</div></header>
<div class="usa-banner__content usa-accordion__content" id="gov-banner-default" hidden>
<p><strong>Official websites use .gov</strong><br>A <strong>.gov</strong> website belongs to an
official government organization in the United States.</p>
<p><strong>Secure .gov websites use HTTPS</strong><br>A <strong>lock</strong> or
<strong>https://</strong> means you’ve safely connected to the .gov website.
Share sensitive information only on official, secure websites.</p>
</div></div></section>
"""


def _page(folder: Path, banner: str) -> Path:
    folder.mkdir()
    page = folder / "permits.html"
    page.write_text(_HEAD + banner + _TAIL, encoding="utf-8")
    return page


def _json(govlint: Run, page: Path, *args: str) -> dict[str, Any]:
    proc = govlint("--no-config", "--offline", "--no-cache", "--root", str(page.parent), "--format", "json",
                   *args, str(page))
    assert proc.returncode in (0, 1), proc.stderr
    report = json.loads(proc.stdout)
    jsonschema.validate(report, schemas.schema("report"))
    return report


def _failing(report: dict[str, Any]) -> dict[str, tuple[int, int]]:
    return {c["id"]: (c["fail"], c["review"]) for c in report["conformance"]["criteria"]
            if c["status"] == "checked" and (c["fail"] or c["review"])}


def _line(page: Path, start: str) -> int:
    """The line of the page that starts with ``start``."""
    lines = page.read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if line.startswith(start))


def test_a_page_whose_only_problem_is_a_missing_banner_fails_no_criterion(govlint: Run,
                                                                          tmp_path: Path) -> None:
    page = _page(tmp_path / "site", "")
    report = _json(govlint, page)
    found = [(v["rule"], v["line"], v["column"]) for v in report["violations"]]
    assert found == [("gov-banner", _line(page, "<body>"), 1)]  # "No official government banner"
    assert not any(t.startswith("wcag") for t in report["violations"][0]["tags"])
    assert _failing(report) == {}
    rows = {c["id"]: c for c in report["conformance"]["criteria"]}
    assert rows["2.4.1"]["rules"] == ["bypass"] and rows["2.4.1"]["passed"] == 1
    assert "gov-banner" in rows["4.1.2"]["rules"] and rows["4.1.2"]["passed"] == 1  # by the other rules


def test_a_banner_toggle_that_is_a_div_fails_4_1_2_and_nothing_else(govlint: Run, tmp_path: Path) -> None:
    page = _page(tmp_path / "site", _DIV_BANNER)
    report = _json(govlint, page)
    [toggle] = report["violations"]
    where = (toggle["rule"], toggle["line"], toggle["column"])
    assert where == ("gov-banner", _line(page, '<div class="usa-accordion__button'), 1)
    assert "not a <button>" in toggle["message"]
    assert [t for t in toggle["tags"] if t.startswith("wcag")] == ["wcag2a", "wcag412"]
    assert _failing(report) == {"4.1.2": (1, 0)}  # not 2.4.1, not 1.1.1
    # The SARIF result carries the message's tags; the rule lists every tag it can carry.
    proc = govlint("--no-config", "--offline", "--no-cache", "--root", str(tmp_path / "site"),
                   "--format", "sarif", str(tmp_path / "site" / "permits.html"))
    run = json.loads(proc.stdout)["runs"][0]
    [result] = run["results"]
    assert "wcag412" in result["properties"]["tags"] and "policy" in result["properties"]["tags"]
    rule = next(r for r in run["tool"]["driver"]["rules"] if r["id"] == "gov-banner")
    assert {"wcag412", "wcag111"} <= set(rule["properties"]["tags"])
    assert "wcag241" not in rule["properties"]["tags"]


def test_selecting_a_tag_some_messages_carry_reports_only_those_messages(govlint: Run,
                                                                         tmp_path: Path) -> None:
    missing = _page(tmp_path / "missing", "")
    div = _page(tmp_path / "div", _DIV_BANNER)
    assert _json(govlint, missing, "--select", "wcag412")["violations"] == []
    assert [v["rule"] for v in _json(govlint, div, "--select", "wcag412")["violations"]] == ["gov-banner"]
    # --ignore a message's tag drops those findings, and keeps the rule's others
    assert _json(govlint, div, "--ignore", "wcag412")["violations"] == []
    kept = _json(govlint, missing, "--ignore", "wcag412")["violations"]
    assert [(v["rule"], v["line"]) for v in kept] == [("gov-banner", _line(missing, "<body>"))]
    # a tag the rule itself carries still selects every message
    assert [v["rule"] for v in _json(govlint, missing, "--select", "banner")["violations"]] == ["gov-banner"]


def test_message_tags_survive_the_page_cache_and_worker_processes(govlint: Run, tmp_path: Path) -> None:
    site = tmp_path / "site"
    _page(site, _DIV_BANNER)
    (site / "other.html").write_text((site / "permits.html").read_text(encoding="utf-8").replace(
        "Forest permits", "Campground permits"), encoding="utf-8")
    args = ("--no-config", "--offline", "--root", str(site), "--format", "json", "--jobs", "2", str(site))
    cold = json.loads(govlint(*args, cwd=tmp_path).stdout)
    assert (tmp_path / ".govlint-cache").is_dir()
    warm = json.loads(govlint(*args, cwd=tmp_path).stdout)
    tags = [v["tags"] for v in cold["violations"] if v["rule"] == "gov-banner"]
    assert len(tags) == 2 and all("wcag412" in t for t in tags)
    assert warm["violations"] == cold["violations"] and warm["conformance"] == cold["conformance"]


def test_rules_lists_the_tags_of_each_message(govlint: Run) -> None:
    rules = {r["id"]: r for r in json.loads(govlint("rules", "--format", "json", cwd=REPO).stdout)}
    banner = rules["gov-banner"]
    assert banner["message_tags"] == {"toggle-not-button": ["wcag2a", "wcag412"],
                                      "toggle-no-expanded": ["wcag2a", "wcag412"],
                                      "lock-unnamed": ["wcag2a", "wcag111"]}
    assert "wcag412" in banner["tags"] and "wcag241" not in banner["tags"]
    assert rules["bypass"]["message_tags"] == {}
    text = govlint("rules", cwd=REPO).stdout
    assert "toggle-not-button also: wcag2a, wcag412" in text


def _custom_rule(folder: Path, messages: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "titled.toml").write_text(
        'id = "titled"\nsummary = "A title"\nseverity = "error"\ntags = ["agency", "wcag2a"]\n'
        f'check = "page-title"\n\n[messages]\n{messages}\n\n[docs]\nwhy = "w"\nexample = "e"\nfix = "f"\n',
        encoding="utf-8")
    config = folder.parent / ".govlint.toml"
    config.write_text('rules_dirs = ["rules"]\n', encoding="utf-8")
    return config


def test_custom_rules_may_tag_messages_and_the_file_is_checked(govlint: Run, tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text('<!DOCTYPE html><html lang="en"><title>Short</title></html>', encoding="utf-8")
    config = _custom_rule(tmp_path / "rules", 'missing = { text = "No title", tags = ["wcag242"] }\n'
                                              'short = "Short title {value}"')
    proc = govlint("--config", str(config), "--select", "titled", "--offline", "--format", "json", str(page))
    report = json.loads(proc.stdout)
    assert [v["tags"] for v in report["violations"]] == [["agency", "wcag2a"]]  # "short": no 2.4.2
    rows = {c["id"]: c for c in report["conformance"]["criteria"]}
    assert rows["2.4.2"]["rules"] == ["titled"] and rows["2.4.2"]["fail"] == 0
    for messages, field in (
        ('missing = { text = "No title", tags = ["wcag2a"] }\nshort = "s"', "messages.missing.tags"),
        ('missing = { text = "No title", tags = ["WCAG 2.4.2"] }\nshort = "s"', "messages.missing.tags"),
    ):
        bad = tmp_path / "bad"
        config = _custom_rule(bad / "rules", messages)
        proc = govlint("--config", str(config), str(page))
        assert proc.returncode == 2 and proc.stderr.count("\n") == 1, proc.stderr
        assert "titled.toml" in proc.stderr and field in proc.stderr
        for leftover in (bad / "rules" / "titled.toml", config):
            leftover.unlink()
        (bad / "rules").rmdir()
        bad.rmdir()
