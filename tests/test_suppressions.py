"""Inline directives suppress findings after checks run, and are counted."""

from __future__ import annotations

from govlint import config, ruleset
from govlint.runner import Linter, lint_html

RULES = ruleset.load()
LINTER = Linter(config.build(config.RawConfig(), RULES, config.CliOverrides(select=["images", "govlint"])),
                RULES)


def lint(html: str):
    return lint_html(html, linter=LINTER)


def test_disable_next_covers_the_next_element_and_its_subtree_only() -> None:
    result = lint("""<body>
<!-- govlint-disable-next image-alt -- decorative gallery strip -->
<div><img src=a.png><p><img src=b.png></p></div>
<img src=c.png>
</body>""")
    assert [(v.rule, v.line) for v in result.violations] == [("image-alt", 4)]
    assert result.suppressed == 2


def test_disable_enable_range_and_unclosed_disable() -> None:
    result = lint("""<body>
<img src=1.png>
<!-- govlint-disable image-alt -- legacy widget -->
<img src=2.png>
<img src=3.png>
<!-- govlint-enable image-alt -->
<img src=4.png>
<!-- govlint-disable image-alt -- rest of the page is a third-party embed -->
<img src=5.png>
</body>""")
    assert [v.line for v in result.violations] == [2, 7]
    assert result.suppressed == 3


def test_directive_only_suppresses_the_rules_it_names() -> None:
    result = lint("""<head><link rel="canonical" href="https://www.defense.gov/News/"></head><body><main><article>
<!-- govlint-disable-next image-credit -- wire photo credited at source -->
<figure><img src=wire.jpg alt="IMG_0001.jpg">
<figcaption>Wire photo. VIRIN: 200207-A-DN756-1966</figcaption></figure>
</article></main></body>""")
    assert {v.rule for v in result.violations} == {"image-alt-quality"}
    assert result.suppressed == 1


def test_several_rules_and_aliases_in_one_directive() -> None:
    result = lint("""<head><link rel="canonical" href="https://www.defense.gov/News/"></head><body><main><article>
<!-- govlint-disable-next image-credit, image-alt-quality -- placeholder until the photo desk replies -->
<figure><img src=wire.jpg alt="IMG_0001.jpg">
<figcaption>Wire photo. VIRIN: 200207-A-DN756-1966</figcaption></figure>
</article></main></body>""")
    assert result.violations == ()
    assert result.suppressed == 2


def test_unknown_rule_in_a_directive_is_an_error_at_the_comment() -> None:
    result = lint("<body>\n  <!-- govlint-disable-next img-alt -- typo -->\n<img src=a.png>\n</body>")
    assert [(v.rule, v.severity.label, v.line, v.column) for v in result.violations] == [
        ("invalid-directive", "error", 2, 3), ("image-alt", "error", 3, 1)]
    assert result.violations[0].snippet == "<!-- govlint-disable-next img-alt -- typo -->"


def test_comment_inside_script_is_not_a_directive() -> None:
    script = "<script>var s = '<!-- govlint-disable image-alt -- x -->';</script>"
    result = lint(f"<body>{script}<img src=a.png></body>")
    assert [v.rule for v in result.violations] == ["image-alt"]
    assert result.suppressed == 0


def test_disable_next_before_any_tag_targets_the_first_written_element() -> None:
    # html, head and body are implied by <p> and share its position; the directive means the <p>.
    directive = "<!-- govlint-disable-next image-alt -- logo strip -->"
    result = lint(f"{directive}\n<p><img src=a.png></p>\n<img src=b.png>")
    assert [(v.rule, v.line) for v in result.violations] == [("image-alt", 3)]
    assert result.suppressed == 1
