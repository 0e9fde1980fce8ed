"""docs/rules/ is generated from the rule files: a page per rule and an index, never stale."""

from __future__ import annotations

import importlib.util
import json
import re
import tomllib
from pathlib import Path

from conftest import Run

from govlint import ruledocs, ruleset
from govlint.version import PROJECT_URL, SOURCE_URL, rule_page_url

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs" / "rules"
RULES = ruleset.load().rules


def _tool():  # tools/ is not a package: load the generator from its file
    spec = importlib.util.spec_from_file_location("gen_rule_docs", REPO / "tools" / "gen_rule_docs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_no_rule_page_is_stale_missing_or_left_over() -> None:
    assert _tool().stale(DOCS) == [], "run: python tools/gen_rule_docs.py"


def test_the_check_notices_an_edited_a_missing_and_a_left_over_page(tmp_path: Path) -> None:
    tool = _tool()
    tool.write(tmp_path)
    assert tool.stale(tmp_path) == []
    (tmp_path / "image-alt.md").write_text("edited by hand\n", encoding="utf-8")
    (tmp_path / "dap.md").unlink()
    (tmp_path / "retired-rule.md").write_text("old\n", encoding="utf-8")
    assert tool.stale(tmp_path) == ["dap.md", "image-alt.md", "retired-rule.md"]


def test_the_index_links_every_rule_once() -> None:
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    linked = re.findall(r"\[`([a-z0-9-]+)`\]\(\1\.md\)", index)
    assert sorted(linked) == sorted(RULES)


def test_a_page_shows_the_rule_file_content() -> None:
    rule = RULES["image-alt"]
    text = ruledocs.page(rule)
    assert "1.1.1 Non-text Content (A)" in text
    assert rule.docs.example.strip() in text and rule.docs.fix.strip() in text
    for code, message in rule.messages.items():
        assert f"| `{code}` |" in text and message.text in text


def test_options_and_config_appear_on_the_pages_that_have_them() -> None:
    with_options = next(r for r in RULES.values() if r.options)
    assert "## Options" in ruledocs.page(with_options)
    with_config = next(r for r in RULES.values() if r.docs.config)
    assert r"## Applies under configuration such as" in ruledocs.page(with_config)


def test_the_readme_points_at_the_rule_pages() -> None:
    assert "docs/rules/README.md" in (REPO / "README.md").read_text(encoding="utf-8")


def test_every_rule_helps_with_its_own_generated_page() -> None:
    for rule_id, rule in RULES.items():
        assert rule.docs.help_url == f"{SOURCE_URL}/blob/main/docs/rules/{rule_id}.md"
        page = DOCS / rule.docs.help_url.removeprefix(f"{SOURCE_URL}/blob/main/docs/rules/")
        assert page.is_file(), f"{rule_id}: no page {page}"
        assert page.read_text(encoding="utf-8").startswith(ruledocs.GENERATED.format(id=rule_id))


def test_no_built_in_rule_file_names_a_help_page_of_its_own() -> None:
    # Its page is the generated one; an external link there belongs in guidance_url.
    for path in sorted((REPO / "rules").glob("*.toml")):
        assert "\nhelp_url" not in path.read_text(encoding="utf-8"), path.name


def test_a_rule_page_shows_the_guidance_its_rule_file_names() -> None:
    guided = [r for r in RULES.values() if r.docs.guidance_url]
    assert len(guided) >= len(RULES) - 1  # invalid-directive follows govlint's own syntax only
    for rule in guided:
        text = (DOCS / f"{rule.id}.md").read_text(encoding="utf-8")
        assert f"- Guidance: <{rule.docs.guidance_url}>" in text
        assert rule.docs.guidance_url != rule.docs.help_url


PAGE = "<!DOCTYPE html><html lang=en><title>t</title><body><img src=a.png></body></html>"


def test_every_report_links_a_finding_to_its_rule_page(govlint: Run, tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    wanted = rule_page_url("image-alt")
    outputs = {f: tmp_path / f"report.{f}" for f in ("json", "sarif", "html", "markdown", "junit")}
    proc = govlint("--no-config", "--offline", "--no-cache", "--select", "image-alt",
                   *(a for f, path in outputs.items() for a in ("--format", f"{f}={path}")),
                   "page.html", cwd=tmp_path)
    assert proc.returncode == 1, proc.stderr
    report = json.loads(outputs["json"].read_text(encoding="utf-8"))
    assert [v["help_url"] for v in report["violations"]] == [wanted]
    sarif = json.loads(outputs["sarif"].read_text(encoding="utf-8"))
    described = sarif["runs"][0]["tool"]["driver"]["rules"]
    assert {r["id"]: r["helpUri"] for r in described}["image-alt"] == wanted
    assert all(r["helpUri"] == rule_page_url(r["id"]) for r in described)
    assert f'"image-alt","{wanted}"' in outputs["html"].read_text(encoding="utf-8")  # its script's data
    assert f"[`image-alt`]({wanted})" in outputs["markdown"].read_text(encoding="utf-8")
    assert f"help: {wanted}" in outputs["junit"].read_text(encoding="utf-8")


def test_explain_and_the_rule_list_show_the_page_and_the_guidance(govlint: Run) -> None:
    rule = RULES["image-alt"]
    explained = govlint("explain", "image-alt").stdout.splitlines()
    assert f"Help: {rule_page_url('image-alt')}" in explained
    assert f"Guidance: {rule.docs.guidance_url}" in explained
    listed = {r["id"]: r for r in json.loads(govlint("rules", "--format", "json").stdout)}
    assert listed["image-alt"]["help_url"] == rule_page_url("image-alt")
    assert listed["image-alt"]["guidance_url"] == "https://www.w3.org/WAI/WCAG22/Understanding/non-text-content.html"


CUSTOM = '''id = "{id}"
summary = "Pages link to the agency's contact page"
severity = "error"
tags = ["agency"]
check = "require-element"

[options]
selector = "a[href$='/contact']"

[messages]
missing = "No link to the contact page"

[docs]
why = "Agency policy."
example = "<p>no link</p>"
fix = "<a href='/contact'>Contact us</a>"
{links}
'''


def test_a_custom_rule_helps_with_its_own_page_else_its_guidance(tmp_path: Path) -> None:
    policy, wiki = "https://www.example.gov/web-policy", "https://wiki.example.gov/contact-rule"
    for rule_id, links in (("own-page", f'guidance_url = "{policy}"\nhelp_url = "{wiki}"'),
                           ("guidance-only", f'guidance_url = "{policy}"'), ("neither", "")):
        (tmp_path / f"{rule_id}.toml").write_text(CUSTOM.format(id=rule_id, links=links), encoding="utf-8")
    rules = ruleset.load([tmp_path]).rules
    names = ("own-page", "guidance-only", "neither")
    links = [(rules[r].docs.help_url, rules[r].docs.guidance_url) for r in names]
    assert links == [(wiki, policy), (policy, policy), ("", "")]


def test_the_package_metadata_names_the_same_source_the_rule_pages_live_in() -> None:
    urls = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())["project"]["urls"]
    assert (urls["Source"], urls["Homepage"]) == (SOURCE_URL, PROJECT_URL)
