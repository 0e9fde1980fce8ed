"""Config and rule-file errors in the user's words: the file, the line, the key, what is wrong,
what was probably meant and what is allowed; every error in the file at once, exit 2."""

from __future__ import annotations

from pathlib import Path

from conftest import Run

from govlint import tomlpos

PAGE = '<!DOCTYPE html><html lang="en"><title>A page of the example site</title><p>x</p></html>'

CONFIG = """\
ignor = ["x"]
select = "image-alt"
fail_on = "errors"

[rules]
image-alt = "warn"
dead-link = { severity = "eror" }
link-name = 3

[links]
timeout = 900
user_agnt = "govlint"

[[overrides]]
files = ["a/*.html"]
rules = { image-alt = "of" }
"""


def _lines(stderr: str) -> list[str]:
    assert all(line.startswith("govlint: error: ") for line in stderr.splitlines()), stderr
    return [line.removeprefix("govlint: error: ") for line in stderr.splitlines()]


def test_every_schema_error_of_a_config_is_one_line_with_its_line(govlint: Run, tmp_path: Path) -> None:
    (tmp_path / ".govlint.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "p.html").write_text(PAGE, encoding="utf-8")
    proc = govlint("--offline", "p.html", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    f = str(tmp_path / ".govlint.toml")
    assert _lines(proc.stderr) == [
        f"{f}:1: ignor: unknown key (did you mean 'ignore'?); valid keys: archive, exclude, fail_on, "
        "group, ignore, links, max_file_size, max_findings, overrides, page_timeout, parser, render, "
        "results_in_memory, rules, "
        "rules_dirs, select, site",
        f"{f}:2: select: must be a list, not a string ('image-alt')",
        f"{f}:3: fail_on: 'errors' is not a valid value (did you mean 'error'?); valid values: "
        "error, warning, info, never",
        f"{f}:6: rules.image-alt: 'warn' is not a valid value (did you mean 'warning'?); valid values: "
        "error, warning, info, off",
        f"{f}:7: rules.dead-link.severity: 'eror' is not a valid value (did you mean 'error'?); "
        "valid values: error, warning, info, off",
        f"{f}:8: rules.link-name: 3 is not one of error, warning, info, off or a table",
        f"{f}:11: links.timeout: must be at most 600, not 900",
        f"{f}:12: links.user_agnt: unknown key (did you mean 'user_agent'?); valid keys: accept, "
        "allow_networks, allow_private, cache_dir, check_external, check_external_fragments, clean_urls, "
        "exclude_urls, headers, host_concurrency, host_interval, max_body_size, max_cache_age, "
        "max_check_time, max_concurrency, max_host_retry_wait, max_redirects, max_retry_wait, "
        "max_total_retry_wait, refuse_private, remap, retries, retry_wait, timeout, user_agent",
        f"{f}:16: overrides[1].rules.image-alt: 'of' is not a valid value (did you mean 'off'?); "
        "valid values: error, warning, info, off",
    ]


def test_every_unknown_name_and_bad_value_is_reported_at_once(govlint: Run, tmp_path: Path) -> None:
    """Once the file has the right shape: rule ids, options, dates and durations."""
    (tmp_path / ".govlint.toml").write_text(
        'select = ["image-alt", "imag-alt"]\nignore = ["dead-lnk"]\n\n[rules]\nimag-alt = "warning"\n'
        'image-alt-quality = { maxlen = 10 }\n\n[archive]\nbefore = "2020-02-30"\n\n[links]\n'
        'max_cache_age = "3 days"\n', encoding="utf-8")
    (tmp_path / "p.html").write_text(PAGE, encoding="utf-8")
    proc = govlint("--offline", "--ignore", "imagealt", "p.html", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    f = str(tmp_path / ".govlint.toml")
    assert _lines(proc.stderr) == [
        f"{f}:1: select[2]: unknown rule id or tag 'imag-alt' (did you mean 'image-alt'?)",
        f"{f}:2: ignore[1]: unknown rule id or tag 'dead-lnk' (did you mean 'dead-link'?)",
        f"{f}:5: rules.imag-alt: unknown rule id 'imag-alt' (did you mean 'image-alt'?)",
        f"{f}:6: rules.image-alt-quality: unknown option(s) maxlen (did you mean 'max_length'?) "
        "(known: max_length, placeholders, prefixes)",
        f"{f}:9: archive.before: '2020-02-30' is not a real date",
        f"{f}:12: links.max_cache_age: '3 days' is not a duration such as 30s, 15m, 12h or 1d",
        "--ignore: unknown rule id or tag 'imagealt' (did you mean 'image-alt'?)",
    ]


def test_lines_count_in_pyproject_toml(govlint: Run, tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "site"\n\n[tool.govlint]\nparser = "lxml"\n\n[tool.govlint.site]\ntld = "org"\n',
        encoding="utf-8")
    (tmp_path / "p.html").write_text(PAGE, encoding="utf-8")
    proc = govlint("--offline", "p.html", cwd=tmp_path)
    f = str(tmp_path / "pyproject.toml")
    assert proc.returncode == 2
    assert _lines(proc.stderr) == [
        f"{f}:5: parser: 'lxml' is not a valid value; valid values: turbohtml, html5lib",
        f"{f}:8: site.tld: 'org' is not a valid value; valid values: gov, mil",
    ]


def test_every_error_of_a_rule_file_is_one_line(govlint: Run, tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "titled.toml").write_text(
        'id = "titled"\nsummary = "A title"\nseverity = "warn"\ntags = ["agency"]\ncheck = "page-title"\n'
        'colour = "red"\n\n[messages]\nmissing = { text = "No title", tags = ["wcag2a", "4.1.2"] }\n'
        'short = { txt = "Short" }\n\n[docs]\nwhy = "w"\nexample = "e"\n', encoding="utf-8")
    (tmp_path / ".govlint.toml").write_text('rules_dirs = ["rules"]\n', encoding="utf-8")
    (tmp_path / "p.html").write_text(PAGE, encoding="utf-8")
    proc = govlint("--offline", "p.html", cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    f = str(tmp_path / "rules" / "titled.toml")
    assert _lines(proc.stderr) == [
        f"{f}:3: severity: 'warn' is not a valid value (did you mean 'warning'?); valid values: "
        "error, warning, info",
        f"{f}:6: colour: unknown key; valid keys: aliases, applies, check, default_enabled, docs, id, "
        "messages, options, severity, summary, tags",
        f"{f}:9: messages.missing.tags[2]: '4.1.2' is not a WCAG tag: a success criterion such as "
        "wcag412 (4.1.2) or a level such as wcag2a",
        f"{f}:10: messages.short: missing key 'text'",
        f"{f}:10: messages.short.txt: unknown key (did you mean 'text'?); valid keys: severity, tags, "
        "text, verbose_only",
        f"{f}:12: docs: missing key 'fix'",
    ]


def test_key_lines_of_tables_arrays_of_tables_dotted_and_inline_keys() -> None:
    text = ('a = 1\n"quoted key" = 2\nb.c = 3\ns = """\nd = not a key\n"""\n[t]\ne = { f = 1, g = 2 }\n'
            "[[arr]]\nh = 1\n[[arr]]\nh = 2\n[t.sub] # a comment\ni = [\n  1,\n]\n")
    where = tomlpos.positions(text)
    assert where.line(("a",)) == 1 and where.line(("quoted key",)) == 2 and where.line(("b", "c")) == 3
    assert where.line(("d",)) is None  # inside a multi-line string
    assert where.line(("t",)) == 7 and where.line(("t", "e", "g")) == 8
    assert where.line(("arr", 0, "h")) == 10 and where.line(("arr", 1, "h")) == 12
    assert where.line(("t", "sub", "i", 1)) == 14  # an item: the line of its key
    assert where.line(("t", "missing")) == 7  # the nearest key written down


def test_a_site_root_that_is_not_a_folder_is_a_usage_error(govlint: Run, tmp_path: Path) -> None:
    """A mistyped root would turn every root-relative link into a dead link: refused at once."""
    page = tmp_path / "p.html"
    page.write_text(PAGE.replace("<p>x</p>", '<img src="/logo.png" alt="Logo">'), encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    ok = govlint("--offline", "--no-config", "--no-cache", "--select", "dead-link", "--root", str(tmp_path),
                 str(page))
    assert ok.returncode == 0, ok.stdout
    for root, said in ((tmp_path / "typo", "is not there"), (page, "is a file")):
        proc = govlint("--offline", "--no-config", "--no-cache", "--root", str(root), str(page))
        assert proc.returncode == 2 and proc.stdout == ""
        assert proc.stderr == (f"govlint: error: --root: {root} {said}: the site root is the folder local "
                               "links are looked for in\n")
    # A config's root may be a folder a build makes, not there yet; a file is a mistake.
    (tmp_path / ".govlint.toml").write_text('[site]\nroot = "public"\n', encoding="utf-8")
    built_later = govlint("--offline", "--no-cache", "--select", "dead-link", str(page), cwd=tmp_path)
    assert built_later.returncode != 2, built_later.stderr
    (tmp_path / ".govlint.toml").write_text('[site]\nroot = "p.html"\n', encoding="utf-8")
    proc = govlint("--offline", "--no-cache", str(page), cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == (f"govlint: error: {tmp_path / '.govlint.toml'}:2: site.root: {page} is a file: "
                           "the site root is the folder local links are looked for in\n")
