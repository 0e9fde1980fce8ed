"""The federal pack beyond its fixtures: which pages are home pages, rule options, the
duplicates site pass with the page cache and --jobs, and the report's per-page facts."""

from __future__ import annotations

import json
import shutil
import tomllib
from pathlib import Path

import jsonschema
import pytest
from conftest import FIXTURES, Run

from govlint import config, ruleset, schemas
from govlint.errors import ConfigError
from govlint.runner import Linter, lint_html

RULES = ruleset.load()
HOME_RULES = {"required-links", "site-search", "contact-link"}
BARE = "<!DOCTYPE html><html lang='en'><head><title>x</title></head><body><p>Hello</p></body></html>"


def _linter(toml: str = "", select: tuple[str, ...] = ("federal",)) -> Linter:
    raw = config.RawConfig(tomllib.loads(toml))
    return Linter(config.build(raw, RULES, config.CliOverrides(select=select)), RULES)


def _rules(report_json: str, file_suffix: str) -> set[str]:
    return {v["rule"] for v in json.loads(report_json)["violations"] if v["file"].endswith(file_suffix)}


def test_pack_is_selected_by_its_tag_and_authorities() -> None:
    linter = _linter()
    assert linter.config.enabled == {"required-links", "dap", "page-title", "duplicate-title",
                                     "meta-description", "duplicate-description", "mixed-content",
                                     "site-search", "contact-link"}
    for tag in ("m-17-06", "m-15-13", "idea", "fws-title", "fws-description", "fws-search", "fws-contact"):
        assert _linter(select=(tag,)).config.enabled, tag


def test_home_page_is_the_root_index_of_a_site(govlint: Run, tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "news").mkdir(parents=True)
    for name in ("index.html", "news/index.html", "about.html"):
        (site / name).write_text(BARE)
    args = ("--no-config", "--offline", "--no-cache", "--format", "json", "site")
    report = govlint(*args, cwd=tmp_path).stdout
    assert _rules(report, "site/index.html") >= HOME_RULES
    assert not HOME_RULES & _rules(report, "site/news/index.html")
    assert not HOME_RULES & _rules(report, "site/about.html")
    pages = {p["file"]: p["home"] for p in json.loads(report)["pages"]}
    assert pages == {"site/index.html": True, "site/news/index.html": False, "site/about.html": False}


def test_a_single_file_without_a_site_root_gets_only_every_page_rules(govlint: Run, tmp_path: Path) -> None:
    (tmp_path / "index.html").write_text(BARE)
    fed = ("--no-config", "--offline", "--no-cache", "--format", "json", "--select", "federal")
    alone = govlint(*fed, "index.html", cwd=tmp_path)
    assert _rules(alone.stdout, "index.html") == {"dap", "page-title", "meta-description"}
    rooted = govlint(*fed, "--root", ".", "index.html", cwd=tmp_path)
    assert _rules(rooted.stdout, "index.html") >= HOME_RULES


def test_configured_home_globs_replace_the_root_index(govlint: Run, tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "nps").mkdir(parents=True)
    for name in ("index.html", "nps/index.html", "nps/visit.html"):
        (site / name).write_text(BARE)
    (tmp_path / ".govlint.toml").write_text('[site]\nroot = "site"\nhome = ["nps/index.html"]\n')
    report = govlint("--offline", "--no-cache", "--format", "json", "site", cwd=tmp_path).stdout
    assert _rules(report, "nps/index.html") >= HOME_RULES
    assert not HOME_RULES & _rules(report, "site/index.html")
    assert not HOME_RULES & _rules(report, "visit.html")


def test_home_config_is_validated(tmp_path: Path) -> None:
    bad = tmp_path / ".govlint.toml"
    bad.write_text('[site]\nhome = "index.html"\n')
    with pytest.raises(ConfigError, match="home"):
        config.read(bad)


def test_required_links_options_drop_and_add() -> None:
    page = """<!DOCTYPE html><html lang="en"><head><title>Home of the examples agency</title></head><body>
<footer><a href="/about">About us</a> <a href="/a11y">Accessibility</a> <a href="/foia">FOIA</a>
<a href="/privacy">Privacy policy</a> <a href="https://www.usa.gov/">USA.gov</a></footer></body></html>"""
    home = '[site]\nhome = ["*"]\n'
    default = lint_html(page, linter=_linter(home, ("required-links",))).violations
    assert [v.message.split(" (digital.gov")[0] for v in default] == [
        "The home page has no link to No FEAR Act data, Office of the Inspector General, "
        "Budget and performance"]
    dropped = _linter(home + '[rules.required-links]\ndrop = ["no-fear", "inspector-general", '
                      '"budget-performance"]\n', ("required-links",))
    assert lint_html(page, linter=dropped).violations == ()
    added = _linter(home + '[rules.required-links]\ndrop = ["no-fear", "inspector-general", '
                    '"budget-performance"]\nadd = ["Vulnerability Disclosure Policy"]\n', ("required-links",))
    [only] = lint_html(page, linter=added).violations
    assert "no link to Vulnerability Disclosure Policy (" in only.message
    fixed = page.replace("</footer>", '<a href="/vdp">Vulnerability disclosure policy</a></footer>')
    assert lint_html(fixed, linter=added).violations == ()


def test_unknown_required_link_item_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match=r"unknown item.*no-fears.*known: about"):
        _linter('[rules.required-links]\ndrop = ["no-fears"]\n')


def test_contact_link_on_every_page_when_asked() -> None:
    every = _linter('[rules.contact-link]\nhome_only = false\n', ("contact-link",))
    assert [v.rule for v in lint_html(BARE, linter=every).violations] == ["contact-link"]
    assert lint_html(BARE, linter=_linter("", ("contact-link",))).violations == ()


def test_mixed_content_needs_an_https_site() -> None:
    page = '<html><head><title>x</title></head><body><img src="http://a.gov/x.png" alt="x"></body></html>'
    assert lint_html(page, linter=_linter("", ("mixed-content",))).violations == ()
    http_site = _linter('[site]\nbase_url = "http://www.a.gov"\n', ("mixed-content",))
    assert lint_html(page, linter=http_site).violations == ()
    assert lint_html(page, url="https://www.a.gov/", linter=_linter("", ("mixed-content",))).violations


def test_dap_is_turned_off_for_pages_behind_a_login(govlint: Run, tmp_path: Path) -> None:
    (tmp_path / "site" / "account").mkdir(parents=True)
    (tmp_path / "site" / "account" / "settings.html").write_text(BARE)
    (tmp_path / "site" / "news.html").write_text(BARE)
    login = '[[overrides]]\nfiles = ["account/**"]\nrules = { dap = "off" }\n'
    (tmp_path / ".govlint.toml").write_text(login)
    report = govlint("--offline", "--no-cache", "--format", "json", "--select", "dap", "site", cwd=tmp_path)
    assert [v["file"] for v in json.loads(report.stdout)["violations"]] == ["site/news.html"]


def _duplicate_site(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for name in ("duplicate-title", "duplicate-description", "pages"):
        shutil.copytree(FIXTURES / name, site / name)


def test_duplicates_are_the_same_cold_warm_and_with_jobs(govlint: Run, tmp_path: Path) -> None:
    _duplicate_site(tmp_path)
    args = ("--offline", "--no-config", "--format", "json", "--select", "federal", "site")
    cold = govlint(*args, "--verbose", cwd=tmp_path)
    warm = govlint(*args, "--verbose", cwd=tmp_path)
    jobs = govlint(*args, "--jobs", "2", "--no-cache", cwd=tmp_path)
    assert warm.stderr.splitlines()[-1].endswith("from the cache")
    assert ", 0 from the cache" not in warm.stderr.splitlines()[-1]
    assert cold.stdout == warm.stdout == jobs.stdout
    report = json.loads(warm.stdout)
    duplicates = [v for v in report["violations"] if v["rule"] == "duplicate-title"]
    assert {v["file"] for v in duplicates} == {"site/duplicate-title/fail-news.html",
                                               "site/duplicate-title/fail-press-releases.html"}
    assert report["suppressed"] == 1  # the speeches page's own duplicate title

    # A cached page's title still counts: edit one page, the others come from the cache.
    page = tmp_path / "site" / "duplicate-title" / "fail-press-releases.html"
    page.write_text(page.read_text().replace("NEWS |", "Press releases |"))
    edited = govlint(*args, cwd=tmp_path)
    titles = [v for v in json.loads(edited.stdout)["violations"] if v["rule"] == "duplicate-title"]
    assert [(v["file"], v["message"].split(" is also the title of ")[1].split(":")[0]) for v in titles] == [
        ("site/duplicate-title/fail-news.html", "site/duplicate-title/pass-suppressed-speeches.html")]


def test_duplicate_message_caps_the_pages_it_names(tmp_path: Path) -> None:
    from govlint.runner import lint_paths
    for n in range(8):
        (tmp_path / f"p{n}.html").write_text("<html><head><title>One title, many pages</title></head></html>")
    report = lint_paths([str(tmp_path)], _linter("", ("duplicate-title",)))
    first = report.files[0].violations[0].message
    assert first.count(".html, ") == 4 and "/p5.html and 2 more:" in first


def test_json_report_has_each_pages_site_scan_facts(govlint: Run) -> None:
    proc = govlint("--offline", "--no-cache", "--format", "json", "--config", "fixtures/pages/govlint.toml",
                   "--root", "fixtures/pages",
                   "fixtures/pages/uswds-agency-home.html", "fixtures/pages/legacy-uswds1.html",
                   cwd=FIXTURES.parent)
    report = json.loads(proc.stdout)
    jsonschema.validate(report, schemas.schema("report"))
    home, legacy = sorted(report["pages"], key=lambda p: p["file"], reverse=True)
    assert home["file"] == "fixtures/pages/uswds-agency-home.html" and home["home"] is True
    assert home["title"] == {"text": "Home | U.S. Agency for Examples", "length": 31}
    assert home["description"]["length"] >= 50
    assert home["dap"]["present"] and home["dap"]["parameters"] == {"agency": "USAE"}
    assert (home["dap"]["scheme"], home["dap"]["region"], home["dap"]["line"]) == ("https", "head", 6)
    assert home["uswds"]["detected"] and home["uswds"]["usa_classes"] > 20
    assert home["uswds"]["major_from_classes"] == "2+"
    assert home["required_links"]["missing"] == []
    found = {f["item"]: f for f in home["required_links"]["found"]}
    assert found["no-fear"]["text"] == "No FEAR Act data" and found["no-fear"]["region"] == "identifier"
    assert found["usa-gov"]["href"] == "https://www.usa.gov/"
    assert home["search"] == {"present": True, "how": "search landmark", "search_gov": True,
                              "line": home["search"]["line"], "column": 7, "region": "header"}
    assert home["contact"]["present"] and home["contact"]["href"] == "/contact/"
    assert legacy["home"] is False and legacy["dap"] == {"present": False}
    assert legacy["description"] is None
    assert legacy["uswds"]["detected"] is True and legacy["uswds"]["major_from_classes"] == "1"


def test_uswds_version_from_assets() -> None:
    from govlint.document import PageInfo, from_source
    from govlint.federal import scan
    cases = {
        '<link rel="stylesheet" href="/assets/uswds-2.13.3/css/uswds.min.css">': "2.13.3",
        '<script src="https://cdn.jsdelivr.net/npm/@uswds/uswds@3.8.0/dist/js/uswds.js"></script>': "3.8.0",
        '<link rel="stylesheet" href="/css/uswds.min.css?v=3.7.1">': "3.7.1",
        '<style>/*! uswds v2.10.0 */ .usa-banner{}</style>': "2.10.0",
        '<link rel="stylesheet" href="/css/site.css">': None,
    }
    for markup, version in cases.items():
        doc = from_source(f"<html><head>{markup}</head><body></body></html>", PageInfo("x.html"))
        assert scan.uswds(doc).version == version, markup


def test_a_malformed_base_href_does_not_stop_mixed_content() -> None:
    # Found by bench/fuzz.py: an unparseable <base href> raised inside mixed-content.
    from govlint.config import CliOverrides, RawConfig
    from govlint.runner import Linter, lint_html

    linter = Linter.build(RawConfig({"select": ["mixed-content"],
                                     "site": {"base_url": "https://www.example.gov"}}), CliOverrides())
    page = '<!DOCTYPE html><base href="http://[oops/"><img src="http://cdn.example.com/a.png" alt="A">'
    found = lint_html(page, path="p.html", linter=linter).violations
    assert [(v.rule, v.line) for v in found] == [("mixed-content", 1)]
