"""Start-up pays only for what a run uses: after `govlint --version`, `--help` or the lint of one
page with `--format text --no-cache --offline`, the modules those runs do not need are not in
sys.modules. Proved by listing the modules a real command-line process holds at its end (a
count, not a timing), each paired with a run that does need the module, so that every name
below is known to be one the command line can load.
"""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

# Runs the command line in a process of its own and records what it imported, however it ends
# (--version and --help end in SystemExit).
_PROBE = """
import json, sys
from govlint.cli import main
code = None
try:
    code = main(sys.argv[2:])
finally:
    sys.stdout.flush()
    with open(sys.argv[1], "w", encoding="utf-8") as out:
        json.dump({"code": code, "modules": sorted(sys.modules)}, out)
"""

# What no short run needs: the other parser, config-schema validation (there is no config
# file) and the words of errors, the page and link caches (SQLite, orjson), worker processes, sockets and
# the HTTP clients, the crawl, estate and rendered-mode code.
LAZY = (
    "html5lib", "govlint.html5lib_parser",
    "jsonschema", "govlint.schemas", "govlint.tomlpos", "govlint.suggest", "difflib",
    "sqlite3", "govlint.pagecache", "govlint.sqlite_store", "govlint.links.cache", "orjson",
    "multiprocessing", "ctypes",
    "socket", "http.client", "ssl", "email", "asyncio", "aiohttp",
    "govlint.links.fetch", "govlint.links.external",
    "dask", "distributed", "playwright",
    "govlint.crawl", "govlint.estate",
    "govlint.render.page", "govlint.render.session", "govlint.render.server",
    "govlint.baseline", "govlint.changes",
)
OTHER_REPORTERS = tuple(f"govlint.reporters.{name}_report"
                        for name in ("json", "sarif", "junit", "github", "gitlab", "markdown", "html"))
# What --version and --help need none of: the linter itself.
LINTER = ("govlint.runner", "govlint.config", "govlint.ruleset", "govlint.engine", "govlint.document",
          "govlint.checks", "govlint.model", "govlint.reporters.text_report", "lxml", "turbohtml",
          "cssselect", "tinycss2")

# A page with what used to need html5lib in the default parser: an XHTML doctype's public id,
# xml:lang and xmlns: attributes, inline SVG, a comment with "--". And links, local and external.
PAGE = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN"
  "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en" xmlns:og="http://ogp.me/ns#">
<head><title>Lazy</title></head>
<body>
<!-- header -- old template -->
<svg viewBox="0 0 10 10" aria-hidden="true"><path d="M0 0h10v10H0z"/></svg>
<img src="missing.png">
<a href="https://www.example.gov/">Agency</a> <a href="other.html">Other</a>
</body>
</html>
"""


def _loaded(modules: set[str], names: tuple[str, ...]) -> set[str]:
    return {name for name in names if any(m == name or m.startswith(name + ".") for m in modules)}


def _run(tmp_path: Path, *args: str) -> tuple[int | None, set[str], str]:
    """The command's exit code (None when it ended in SystemExit), the modules it held at its
    end, and its standard output."""
    record = tmp_path / "modules.json"
    record.unlink(missing_ok=True)
    proc = subprocess.run([sys.executable, "-c", _PROBE, str(record), *args], cwd=tmp_path,
                          capture_output=True, text=True, timeout=600)
    seen = json.loads(record.read_text(encoding="utf-8"))
    return seen["code"], set(seen["modules"]), proc.stdout


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "site" / "page.html"
    path.parent.mkdir()
    path.write_text(PAGE, encoding="utf-8")
    (path.parent / "other.html").write_text(PAGE.replace("Lazy", "Other"), encoding="utf-8")
    return path


@pytest.mark.parametrize("flag", ["--version", "--help"])
def test_version_and_help_import_no_linter(tmp_path: Path, flag: str) -> None:
    code, modules, out = _run(tmp_path, flag)
    assert code is None  # argparse ended the run
    assert "govlint" in out
    assert _loaded(modules, LAZY + OTHER_REPORTERS + LINTER) == set()


def test_one_page_offline_without_cache_imports_only_the_lint(tmp_path: Path, page: Path) -> None:
    code, modules, out = _run(tmp_path, "--no-config", "--format", "text", "--no-cache", "--offline",
                              str(page))
    assert code == 1
    assert "[image-alt]" in out  # the page was linted, every rule run
    assert _loaded(modules, LINTER) == set(LINTER)
    assert _loaded(modules, LAZY + OTHER_REPORTERS) == set()


@pytest.mark.parametrize(("extra", "needs"), [
    (("--parser", "html5lib"), ("html5lib", "govlint.html5lib_parser")),
    (("--format", "json"), ("govlint.reporters.json_report",)),
    (("--format", "html"), ("govlint.reporters.html_report",)),
    (("--cache-dir", "cache"), ("sqlite3", "govlint.pagecache", "govlint.sqlite_store", "orjson")),
    (("--config", "govlint.toml"), ("jsonschema", "govlint.schemas", "govlint.tomlpos")),
])
def test_what_a_run_asks_for_is_imported(tmp_path: Path, page: Path, extra: tuple[str, ...],
                                         needs: tuple[str, ...]) -> None:
    """The other side of the list above: each lazy module is loaded once the run uses it."""
    no_cache = () if "--cache-dir" in extra else ("--no-cache",)
    no_config = () if "--config" in extra else ("--no-config",)
    (tmp_path / "govlint.toml").write_text('fail_on = "error"\n', encoding="utf-8")
    code, modules, _ = _run(tmp_path, *no_config, "--offline", *no_cache, *extra, str(page))
    assert code == 1
    assert _loaded(modules, needs) == set(needs)
    assert _loaded(modules, OTHER_REPORTERS) <= {f"govlint.reporters.{extra[1]}_report"}


def test_worker_processes_load_multiprocessing(tmp_path: Path, page: Path) -> None:
    code, modules, _ = _run(tmp_path, "--no-config", "--offline", "--no-cache", "--jobs", "2",
                            str(page), str(page.with_name("other.html")))
    assert code == 1
    assert _loaded(modules, ("multiprocessing",)) == {"multiprocessing"}


def test_a_page_with_no_external_links_online_loads_no_http_client(tmp_path: Path, page: Path) -> None:
    local = page.with_name("local.html")
    local.write_text(PAGE.replace('<a href="https://www.example.gov/">Agency</a>', ""), encoding="utf-8")
    code, modules, _ = _run(tmp_path, "--no-config", "--no-cache", str(local))
    assert code == 1
    assert _loaded(modules, ("http.client", "ssl", "aiohttp", "sqlite3")) == set()


NAMES = ["lang", "xml:lang", "xmlns:og", "xlink:href", "data-x.y_z", "_a", "1a", "-a", ".a", "a b", "a@b",
         "a\x00b", "a\x7fb", "A:B:C", "façade", "é", "日本", "a\u0300", "x\U0001f600"]
PUBIDS = ["-//W3C//DTD XHTML 1.0 Strict//EN", "", "a\tb", "a\"b", "a'b", "a<b>&", "é", "a\\b"]


@pytest.mark.parametrize("name", NAMES)
def test_names_are_coerced_as_html5lib_does(name: str) -> None:
    """The default parser coerces ASCII names itself; the result is html5lib's, character for
    character (a name with other characters is still coerced by html5lib)."""
    from html5lib._ihatexml import InfosetFilter

    from govlint import turbo_names

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert turbo_names.xml_name(name) == InfosetFilter().coerceElement(name)
        assert turbo_names.xml_name(name) == InfosetFilter().coerceAttribute(name)


@pytest.mark.parametrize("pubid", PUBIDS)
def test_public_ids_are_coerced_as_html5lib_does(pubid: str) -> None:
    from html5lib._ihatexml import InfosetFilter

    from govlint import turbo_names

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert turbo_names.pubid(pubid) == InfosetFilter().coercePubid(pubid)


def test_both_parsers_give_the_lazy_page_the_same_tree() -> None:
    from lxml import etree

    from govlint import parser

    trees = [etree.tostring(parser.parse(PAGE.replace("<svg ", "<svg data-a:b='1' "), parser=which).tree)
             for which in parser.PARSERS]
    assert trees[0] == trees[1]
    assert b"xmlU0003Alang" in trees[0] and b"data-aU0003Ab" in trees[0]


def test_format_names_are_known_without_importing_a_reporter(tmp_path: Path) -> None:
    code = ("import json, sys\n"
            "from govlint.reporters import FORMATS\n"
            "known = ['html' in FORMATS, 'pdf' in FORMATS, len(FORMATS), list(FORMATS)[-1]]\n"
            "loaded = sorted(m for m in sys.modules if m.startswith('govlint.reporters.'))\n"
            "print(json.dumps([known, loaded]))\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          timeout=600, check=True)
    assert json.loads(proc.stdout) == [[True, False, 8, "html"], []]


def test_the_package_api_and_submodules_load_on_first_use(tmp_path: Path) -> None:
    code = ("import json, sys\n"
            "import govlint\n"
            "bare = 'govlint.runner' in sys.modules\n"
            "names = [govlint.Linter.__name__, govlint.Severity.ERROR.label, govlint.config.FAIL_ON[-1],\n"
            "         hasattr(govlint, 'no_such_name')]\n"
            "print(json.dumps([bare, names, 'govlint.runner' in sys.modules]))\n")
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True,
                          timeout=600, check=True)
    assert json.loads(proc.stdout) == [False, ["Linter", "error", "never", False], True]
