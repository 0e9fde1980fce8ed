"""The command line, run as a subprocess."""

from __future__ import annotations

import http.server
import json
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import jsonschema
import pytest
from conftest import FIXTURES, REPO, Run, run_in_pty

from govlint import schemas

OFF = ("--no-config", "--offline")  # no config file, and never the internet
BANNER_OK = FIXTURES / "gov-banner" / "pass-uswds3.html"
BANNER_MISSING = FIXTURES / "gov-banner" / "fail-missing.html"
LINE = re.compile(r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<sev>error|warning|info) "
                  r"\[(?P<rule>[a-z0-9-]+)\] (?P<msg>.+)$")


def test_text_report_lines_and_summary(govlint: Run) -> None:
    proc = govlint(*OFF, "--select", "gov-banner", str(BANNER_MISSING.relative_to(REPO)))
    assert proc.returncode == 1
    lines = proc.stdout.splitlines()
    first = LINE.match(lines[0])
    assert first and first["file"] == "fixtures/gov-banner/fail-missing.html"
    assert (first["line"], first["col"], first["sev"], first["rule"]) == ("8", "1", "error", "gov-banner")
    assert lines[-1] == "1 error, 0 warnings, 0 info in 1 file"
    assert "\x1b[" not in proc.stdout  # not a terminal: no colour
    assert proc.stderr == ""


def test_clean_page_exits_zero(govlint: Run) -> None:
    proc = govlint(*OFF, "--select", "gov-banner", str(BANNER_OK))
    assert proc.returncode == 0
    assert proc.stdout == "0 errors, 0 warnings, 0 info in 1 file\n"


def test_json_report_matches_the_shipped_schema(govlint: Run) -> None:
    pages = sorted(str(p) for p in (FIXTURES / "pages").glob("*.html"))
    proc = govlint(*OFF, "--root", str(FIXTURES / "pages"), "--format", "json", *pages)
    assert proc.returncode == 1
    report = json.loads(proc.stdout)
    jsonschema.validate(report, schemas.schema("report"))
    assert report["schema_version"] == "1.5"
    assert report["summary"]["files"] == 5
    first = report["violations"][0]
    assert set(first) == {"rule", "severity", "message", "file", "line", "column", "selector", "snippet",
                          "help_url", "tags"}
    assert report["summary"]["violations"] == len(report["violations"])
    spanish = [v for v in report["violations"] if v["file"].endswith("spanish-page.html")]
    assert [(v["rule"], v["line"], v["column"], v["snippet"]) for v in spanish] == [
        ("image-alt", 32, 5, '<img src="/images/familia-en-la-cocina.jpg">')]
    assert spanish[0]["help_url"].startswith("https://")
    assert "wcag111" in spanish[0]["tags"]


def test_output_file_is_written_whole_and_stdout_stays_empty(govlint: Run, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    proc = govlint(*OFF, "--format", "json", "--output", str(out), str(BANNER_MISSING))
    assert proc.returncode == 1 and proc.stdout == ""
    jsonschema.validate(json.loads(out.read_text()), schemas.schema("report"))
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]  # no temporary file left


def test_unwritable_output_is_an_error_and_leaves_nothing(govlint: Run, tmp_path: Path) -> None:
    proc = govlint(*OFF, "--output", str(tmp_path / "missing-dir" / "r.txt"), str(BANNER_OK))
    assert proc.returncode == 2
    assert proc.stderr.startswith("govlint: error: cannot write report to")
    assert len(proc.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "missing-dir").exists()


def test_bad_inputs_do_not_stop_the_others(govlint: Run, tmp_path: Path) -> None:
    binary = tmp_path / "photo.html"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    denied = tmp_path / "denied.html"
    denied.write_text("<p>x</p>")
    denied.chmod(0)
    legacy = tmp_path / "legacy.html"
    legacy.write_bytes(b"<html><body><p>Caf\xe9 \x93quoted\x94</p><img src=a.png></body></html>")
    args = [*OFF, "--format", "json", "--select", "image-alt", str(tmp_path / "nope.html"),
            str(binary), str(legacy), str(denied)]
    proc = govlint(*args)
    assert proc.returncode == 2
    report = json.loads(proc.stdout)
    errors = {Path(e["file"]).name: e["message"] for e in report["errors"]}
    assert errors["nope.html"] == "no such file or directory"
    assert errors["photo.html"] == "binary file, not HTML"
    if os.geteuid() != 0:  # root can read anything
        assert errors["denied.html"] == "permission denied"
    assert [(Path(v["file"]).name, v["rule"]) for v in report["violations"]] == [("legacy.html", "image-alt")]
    assert "Traceback" not in proc.stderr


def test_unreadable_input_in_text_mode_is_one_line(govlint: Run) -> None:
    proc = govlint(*OFF, "missing.html", str(BANNER_OK))
    assert proc.returncode == 2
    assert "missing.html: error: no such file or directory" in proc.stdout.splitlines()
    assert proc.stdout.splitlines()[-1].endswith("1 input could not be linted")


def test_stdin_with_a_reported_file_name(govlint: Run) -> None:
    proc = govlint(*OFF, "--select", "image-alt", "--stdin-filename", "site/about.html", "-",
                   stdin=b"<body>\n\n  <img src=x.png></body>")
    assert proc.returncode == 1
    assert proc.stdout.splitlines()[0].startswith("site/about.html:3:3: error [image-alt]")
    alone = govlint(*OFF, "--stdin-filename", "site/about.html", str(FIXTURES / "pages" / "mil-page.html"))
    assert alone.returncode == 2 and alone.stdout == ""
    assert alone.stderr == ("govlint: error: --stdin-filename names the input read from standard input: "
                            "give - as an input\n")


def test_two_reports_to_one_file_is_a_usage_error(govlint: Run, tmp_path: Path) -> None:
    page = str(FIXTURES / "pages" / "mil-page.html")
    target = tmp_path / "r.json"
    for formats in (("--format", f"json={target}", "--format", f"json={target}"),
                    ("--format", f"sarif={target}", "--format", "json", "--output", str(target))):
        proc = govlint(*OFF, *formats, page)
        assert proc.returncode == 2 and not target.exists()
        assert proc.stderr == (f"govlint: error: two reports would be written to {target}; "
                               "give each its own file\n")


def test_directories_are_searched_recursively_and_exclude_applies(govlint: Run, tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "vendor").mkdir()
    for rel in ("index.html", "a/page.htm", "a/b/deep.HTML", "vendor/lib.html", "a/notes.txt"):
        (tmp_path / rel).write_text("<body><img src=x.png></body>")
    (tmp_path / ".govlint.toml").write_text('exclude = ["vendor/**"]\nselect = ["image-alt"]\n')
    proc = govlint("--offline", "--format", "json", ".", cwd=tmp_path)
    files = sorted({v["file"] for v in json.loads(proc.stdout)["violations"]})
    assert files == ["a/b/deep.HTML", "a/page.htm", "index.html"]


def test_glob_input(govlint: Run) -> None:
    proc = govlint(*OFF, "--format", "json", "fixtures/gov-banner/pass-*.html")
    assert json.loads(proc.stdout)["summary"]["files"] == 5


def test_select_and_ignore_by_tag_and_fail_on(govlint: Run) -> None:
    page = str(FIXTURES / "pages" / "legacy-uswds1.html")
    only_images = json.loads(govlint(*OFF, "--format", "json", "--select", "images", page).stdout)
    # Its decorative image alone in a link is link-name's finding (at the link), not an images one.
    assert {v["rule"] for v in only_images["violations"]} == {"image-alt-quality"}
    no_quality = json.loads(govlint(*OFF, "--format", "json", "--select", "images",
                                    "--ignore", "image-alt-quality,image-alt", page).stdout)
    assert no_quality["violations"] == []
    warnings_only = [page, *OFF, "--select", "image-alt-quality"]
    assert govlint(*warnings_only).returncode == 0
    assert govlint(*warnings_only, "--fail-on", "warning").returncode == 1
    assert govlint(page, *OFF, "--fail-on", "never").returncode == 0


def test_unknown_rule_id_on_the_command_line(govlint: Run) -> None:
    proc = govlint(*OFF, "--select", "image-alts", str(BANNER_OK))
    assert proc.returncode == 2
    assert proc.stderr == ("govlint: error: --select: unknown rule id or tag 'image-alts' "
                           "(did you mean 'image-alt'?)\n")


def test_quiet_and_verbose(govlint: Run, tmp_path: Path) -> None:
    assert govlint(*OFF, "-q", "--select", "gov-banner", str(BANNER_OK)).stdout == ""
    (tmp_path / ".govlint.toml").write_text('[archive]\nbefore = "2021-01-01"\n')
    (tmp_path / "p.html").write_text("<body><h1>No date</h1></body>")
    quiet = govlint("--select", "archive-notice", "p.html", cwd=tmp_path)
    verbose = govlint("--select", "archive-notice", "--verbose", "p.html", cwd=tmp_path)
    assert quiet.stdout == "0 errors, 0 warnings, 0 info in 1 file\n"
    assert "p.html:1:1: info [archive-notice] Could not read this page's publication date" in verbose.stdout
    assert "govlint: config:" in verbose.stderr and ".govlint.toml" in verbose.stderr


@pytest.mark.slow
def test_colour_only_on_a_terminal_and_never_with_no_color() -> None:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    cmd = [sys.executable, "-m", "govlint", *OFF, str(BANNER_MISSING)]
    assert "\x1b[31merror\x1b[0m" in run_in_pty(cmd, env)
    # No colour (SGR) at all; the progress line's erase-line sequence is not colour.
    assert not re.search(r"\x1b\[[0-9;]*m", run_in_pty(cmd, {**env, "NO_COLOR": "1"}))


def test_rules_and_explain(govlint: Run) -> None:
    listing = govlint("rules")
    assert listing.returncode == 0
    assert re.search(r"^image-virin\s+error\s+On DoD sites", listing.stdout, re.M)
    as_json = json.loads(govlint("rules", "--format", "json").stdout)
    assert {r["id"] for r in as_json} >= {"gov-banner", "archive-notice", "image-alt", "image-credit"}
    explained = govlint("explain", "image-virin")
    assert explained.returncode == 0
    for heading in ("Why", "Options (defaults)", "Applies with config such as", "Example (fails)",
                    "Fix (passes)"):
        assert f"\n{heading}\n" in explained.stdout
    unknown = govlint("explain", "image-alts")
    assert unknown.returncode == 2
    assert unknown.stderr == ("govlint: error: unknown rule id 'image-alts' (did you mean 'image-alt'?) "
                              "(see 'govlint rules')\n")


def test_broken_config_and_rule_file_are_one_line_exit_2(govlint: Run, tmp_path: Path) -> None:
    (tmp_path / ".govlint.toml").write_text("select = [\n")
    (tmp_path / "p.html").write_text("<p>x</p>")
    proc = govlint("p.html", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"govlint: error: {tmp_path / '.govlint.toml'}: not valid TOML")
    assert len(proc.stderr.splitlines()) == 1 and proc.stdout == ""

    (tmp_path / ".govlint.toml").write_text('rules_dirs = ["agency"]\n')
    (tmp_path / "agency").mkdir()
    (tmp_path / "agency" / "bad-rule.toml").write_text('id = "bad-rule"\nseverity = "loud"\n')
    proc = govlint("p.html", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"govlint: error: {tmp_path / 'agency' / 'bad-rule.toml'}:")
    # every problem of the file, one line each: the severity on line 2, and the keys missing
    assert "bad-rule.toml:2: severity: 'loud' is not a valid value" in proc.stderr
    assert all(line.startswith("govlint: error: ") for line in proc.stderr.splitlines())
    assert "Traceback" not in proc.stderr


def test_config_flag_and_no_config(govlint: Run, tmp_path: Path) -> None:
    (tmp_path / ".govlint.toml").write_text('select = ["image-alt"]\n')
    (tmp_path / "other.toml").write_text('select = ["gov-banner"]\n')
    (tmp_path / "p.html").write_text("<body><img src=x></body>")
    rules = lambda *a: {v["rule"] for v in json.loads(  # noqa: E731
        govlint("--offline", "--format", "json", *a, "p.html", cwd=tmp_path).stdout)["violations"]}
    assert rules() == {"image-alt"}
    assert rules("--config", "other.toml") == {"gov-banner"}
    assert "gov-banner" in rules(*OFF) and "image-alt" in rules(*OFF)
    missing = govlint("--config", "nope.toml", "p.html", cwd=tmp_path)
    assert missing.returncode == 2 and "config file not found" in missing.stderr


def test_usage_errors(govlint: Run) -> None:
    assert govlint().returncode == 2
    assert govlint("--format", "yaml", "x.html").returncode == 2
    assert govlint("--version").stdout.startswith("govlint ")


class _Pages(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        pages = {
            "/news/story.html": (200, "text/html; charset=windows-1252",
                                 b"<html><body>\n<p>Caf\xe9</p><img src=x.jpg></body></html>"),
            "/data.json": (200, "application/json", b"{}"),
        }
        status, kind, body = pages.get(self.path, (404, "text/html", b"not found"))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_inputs_are_fetched_for_real(govlint: Run, server: str) -> None:
    proc = govlint("--no-config", "--format", "json", "--select", "image-alt", f"{server}/news/story.html",
                   f"{server}/missing.html", f"{server}/data.json")
    report = json.loads(proc.stdout)
    assert proc.returncode == 2
    assert [(v["file"], v["line"], v["column"]) for v in report["violations"]] == [
        (f"{server}/news/story.html", 2, 12)]
    errors = {e["file"].rsplit("/", 1)[-1]: e["message"] for e in report["errors"]}
    assert errors == {"missing.html": "HTTP 404 Not Found",
                      "data.json": "not an HTML page (Content-Type: application/json)"}


def test_offline_refuses_url_inputs(govlint: Run, server: str) -> None:
    proc = govlint(*OFF, f"{server}/news/story.html")
    assert proc.returncode == 2
    assert proc.stderr == f"govlint: error: --offline is set but {server}/news/story.html is a URL\n"


def test_module_and_console_script_agree(govlint: Run) -> None:
    script = Path(sys.executable).with_name("govlint")
    direct = subprocess.run([str(script), *OFF, str(BANNER_MISSING)], capture_output=True,
                            text=True, cwd=REPO)
    assert direct.stdout == govlint(*OFF, str(BANNER_MISSING)).stdout
