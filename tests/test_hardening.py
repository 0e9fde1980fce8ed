"""What no input, file name, config or signal can do to a run: crash it, hang it, read what
it must not, or leave processes and files behind. Every test runs the command line."""

from __future__ import annotations

import functools
import json
import os
import re
import signal
import subprocess
import sys
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from conftest import FIXTURES, REPO, Run, run_govlint
from processes import alive, children, poll_until, wait_gone

from govlint.inputs import display_name
from govlint.locations import locate

OFF = ("--no-config", "--offline", "--no-cache")
NO_ALT = "<!doctype html><html lang=en><title>t</title><body><img src=a.png></body></html>\n"
FORMATS = ("json", "sarif", "junit", "gitlab", "github", "markdown", "html")


def _workers_of(proc: subprocess.Popen[bytes]) -> set[int]:
    """The worker processes of a run, as soon as there are any."""
    return poll_until(lambda: children(proc.pid), proc)


def _slow_site(folder: Path, pages: int, images: int) -> list[Path]:
    folder.mkdir()
    body = '<img src="p.jpg">\n' * images
    paths = []
    for i in range(pages):
        path = folder / f"page{i:03}.html"
        path.write_text(f"<!doctype html><html lang=en><title>{i}</title><body>{body}</body></html>")
        paths.append(path)
    return paths


def _all_reports(govlint: Run, tmp_path: Path, *args: str, cwd: Path | None = None,
                 ) -> tuple[subprocess.CompletedProcess[str], dict[str, str]]:
    """One run writing every format to a file, plus text on standard output."""
    outputs = {name: tmp_path / f"report.{name}" for name in FORMATS}
    proc = govlint(*args, "--format", "text", *(f"--format={n}={p}" for n, p in outputs.items()), cwd=cwd)
    return proc, {name: path.read_text(encoding="utf-8") for name, path in outputs.items()}


def _well_formed(reports: dict[str, str]) -> None:
    json.loads(reports["json"])
    json.loads(reports["sarif"])
    json.loads(reports["gitlab"])
    ET.fromstring(reports["junit"].encode())


# --- isolation -----------------------------------------------------------------------------


@pytest.mark.slow
def test_a_killed_worker_costs_only_its_page(tmp_path: Path) -> None:
    """Fault injection: kill a worker process mid-run; every other page is still linted and
    the lost one is an input error in every report format."""
    pages = _slow_site(tmp_path / "site", 12, 2000)
    outputs = {name: tmp_path / f"report.{name}" for name in ("json", "junit", "sarif")}
    cmd = [sys.executable, "-m", "govlint", *OFF, "--jobs", "2", "--select", "image-alt",
           *(f"--format={n}={p}" for n, p in outputs.items()), str(tmp_path / "site")]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    # A worker is given its first page as it starts and is busy until the pages run out (12
    # pages for 2 workers), so the first one seen dies holding a page, given or about to be.
    victim = min(_workers_of(proc))
    os.kill(victim, signal.SIGKILL)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 2, err
    assert b"Traceback" not in err
    report = json.loads(outputs["json"].read_text(encoding="utf-8"))
    assert len(report["errors"]) == 1
    lost = report["errors"][0]
    assert "the process linting this page stopped (killed by SIGKILL)" in lost["message"]
    assert report["summary"]["files"] == len(pages) - 1
    linted = {v["file"] for v in report["violations"]}
    assert linted | {lost["file"]} == {p.as_posix() for p in pages}
    suites = ET.parse(outputs["junit"]).getroot()
    assert suites.get("errors") == "1"
    sarif = json.loads(outputs["sarif"].read_text(encoding="utf-8"))
    notes = sarif["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    errors = [n["message"]["text"] for n in notes if n["level"] == "error"]
    assert errors == [f"{lost['file']}: {lost['message']}"]


@pytest.mark.slow
def test_sigterm_leaves_no_worker_and_no_temporary_file(tmp_path: Path) -> None:
    _slow_site(tmp_path / "site", 40, 3000)
    out = tmp_path / "out"
    out.mkdir()
    cmd = [sys.executable, "-m", "govlint", *OFF, "--jobs", "2", "--format", "json",
           "-o", str(out / "report.json"), str(tmp_path / "site")]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    workers = _workers_of(proc)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 143
    assert err.decode().strip() == "govlint: error: terminated"
    assert not [pid for pid in workers if alive(pid)]
    assert list(out.iterdir()) == []


@pytest.mark.slow
def test_workers_die_with_a_killed_parent(tmp_path: Path) -> None:
    """SIGKILL gives the parent no chance to clean up: its workers must still go."""
    _slow_site(tmp_path / "site", 40, 3000)
    proc = subprocess.Popen([sys.executable, "-m", "govlint", *OFF, "--jobs", "2", str(tmp_path / "site")],
                            cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    workers = _workers_of(proc)
    proc.kill()
    proc.wait(timeout=60)
    assert wait_gone(workers) == []


@pytest.mark.slow
def test_an_internal_error_is_one_line_and_exit_4() -> None:
    """Standard output closed (as under some schedulers): not a finding, not a traceback."""
    proc = subprocess.run([sys.executable, "-m", "govlint", *OFF, str(FIXTURES / "pages")], cwd=REPO,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, timeout=120,
                          preexec_fn=lambda: os.close(1))
    assert proc.returncode == 4
    lines = proc.stderr.decode().splitlines()
    assert len(lines) == 1 and lines[0].startswith("govlint: error: internal error: ")


@pytest.mark.slow
def test_page_time_limit_is_that_pages_error(govlint: Run, tmp_path: Path) -> None:
    big = tmp_path / "big.html"
    big.write_text("<body>" + "<img src=a.png>\n" * 30000)
    for jobs in ("1", "2"):
        proc = govlint(*OFF, "--jobs", jobs, "--page-timeout", "0.01", "--format", "json", str(big),
                       str(FIXTURES / "gov-banner" / "pass-uswds3.html"), isolated=True)
        assert proc.returncode == 2, proc.stderr
        errors = {e["file"]: e["message"] for e in json.loads(proc.stdout)["errors"]}
        assert errors[big.as_posix()] == "linting took longer than the page time limit (0.01 s)"
    (tmp_path / ".govlint.toml").write_text("page_timeout = 0.01\n")
    proc = govlint("--offline", "--no-cache", "big.html", cwd=tmp_path)
    assert proc.returncode == 2 and "page time limit (0.01 s)" in proc.stdout


def test_jobs_are_capped_by_the_pages(tmp_path: Path) -> None:
    """--jobs 300 for three pages starts three workers (two on a one-CPU machine). They are
    counted as each page comes back, when every worker of the run is alive, so the count can
    neither miss them nor be empty."""
    from govlint.config import CliOverrides, RawConfig
    from govlint.globs import GlobSet
    from govlint.inputs import expand
    from govlint.runner import Linter, max_jobs

    pages = _slow_site(tmp_path / "site", 3, 3000)
    linter = Linter.build(RawConfig(base_dir=tmp_path), CliOverrides(no_cache=True, select=("image-alt",)))
    sources, failures = expand(map(str, pages), GlobSet(()), tmp_path)
    before = children(os.getpid())
    seen: list[int] = []
    report = linter.lint_sources(sources, offline=True, read_stdin=bytes, jobs=300,
                                 page_progress=lambda done, total: seen.append(
                                     len(children(os.getpid()) - before)))
    assert failures == [] and len(report.files) == 3 and not report.errors
    assert len(seen) == 3  # one look per page
    assert seen[0] == min(3, max_jobs()) and max(seen) <= 3, seen



def _note(seen: list[tuple[int, int]], done: int, total: int) -> None:
    seen.append((done, total))


def test_progress_counts_every_page_those_from_the_cache_too(tmp_path: Path) -> None:
    """A page from the cache is done at once and counted then: a warm run's bar reaches the
    total, which is every page of the run, as a cold run's does."""
    from govlint.config import CliOverrides, RawConfig
    from govlint.globs import GlobSet
    from govlint.inputs import expand
    from govlint.pagecache import PageCache
    from govlint.runner import Linter

    pages = _slow_site(tmp_path / "site", 5, 3)
    linter = Linter.build(RawConfig(base_dir=tmp_path), CliOverrides(cache_dir=str(tmp_path / "cache")))
    sources, failures = expand([str(tmp_path / "site")], GlobSet(()), tmp_path)
    runs = []
    for _ in range(2):
        seen: list[tuple[int, int]] = []
        cache = PageCache(tmp_path / "cache")
        report = linter.lint_sources(sources, offline=True, read_stdin=bytes, jobs=2, cache=cache,
                                     page_progress=functools.partial(_note, seen))
        cache.close()
        runs.append((seen, report.from_cache))
    assert len(pages) == 5 and not failures
    for seen, _ in runs:
        assert seen == [(n, 5) for n in range(1, 6)]
    assert [cached for _, cached in runs] == [0, 5]


# --- inputs and outputs --------------------------------------------------------------------


def test_file_names_that_are_not_utf8_in_every_format(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    name = os.fsdecode(b"caf\xe9.html")
    (site / name).write_text(NO_ALT)
    args = ["--no-config", "--offline", "--cache-dir", str(tmp_path / "cache"), "--select", "image-alt",
            "--write-baseline", str(tmp_path / "baseline.json"), "site"]
    for _ in range(2):  # the second run reads the page cache
        proc, reports = _all_reports(run_govlint, tmp_path, *args, cwd=tmp_path)
        assert proc.returncode == 0, proc.stderr
        assert "Traceback" not in proc.stderr
        _well_formed(reports)
        shown = "site/caf\\xe9.html"
        assert proc.stdout.startswith(f"{shown}:1:")
        assert json.loads(reports["json"])["violations"][0]["file"] == shown
        assert "site/caf\\\\xe9.html" in (tmp_path / "baseline.json").read_text(encoding="utf-8")
        for name in set(FORMATS) - {"sarif", "github"}:  # escaped once more in JSON
            assert {"caf\\xe9", "caf\\\\xe9"} & {*re.findall(r"caf[^.]*", reports[name])}, name
        # A URI and a GitHub file= carry the file's real bytes, percent-encoded: é in Latin-1.
        sarif = json.loads(reports["sarif"])["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        assert sarif["artifactLocation"] == {"uri": "site/caf%E9.html", "uriBaseId": "SRCROOT"}
        assert reports["github"].startswith("::error file=site/caf%E9.html,line=1,")
        assert b"caf\xe9.html" in os.listdir(os.fsencode(site))  # the name the URI spells exists


def test_a_report_name_finds_its_file_whatever_its_escapes(tmp_path: Path) -> None:
    latin1 = os.fsdecode(b"caf\xe9.html")
    literal = "caf\\xe9.html"  # a name with a backslash of its own, shown as it is
    newline = "a\nb.html"
    for name in (latin1, newline):
        (tmp_path / name).write_text(NO_ALT)
    found = locate([display_name(latin1), display_name(newline)], tmp_path)
    assert found[display_name(latin1)].raw == latin1 and found[display_name(latin1)].path == literal
    assert found[display_name(newline)].raw == newline and found[display_name(newline)].path == "a\\nb.html"
    (tmp_path / literal).write_text(NO_ALT)  # now the name as shown is a file too: it wins
    assert locate([literal], tmp_path)[literal].raw == literal


def test_a_newline_in_a_file_name_cannot_fake_a_report_line(govlint: Run, tmp_path: Path) -> None:
    fake = "x.html:1:1: error [gov-banner] fake\ny.html"
    (tmp_path / fake).write_text(NO_ALT)
    proc = govlint("--no-config", "--offline", "--no-cache", "--select", "image-alt", ".", cwd=tmp_path)
    lines = proc.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("x.html:1:1: error [gov-banner] fake\\ny.html:1:")
    assert lines[1] == "1 error, 0 warnings, 0 info in 1 file"


def test_a_symlink_out_of_the_site_is_never_read(govlint: Run, tmp_path: Path) -> None:
    secret = tmp_path / "secret.html"
    secret.write_text('<body><img src="TOP-SECRET-VALUE.png"></body>')
    work = tmp_path / "work"
    site = work / "site"
    site.mkdir(parents=True)
    (site / "p.html").symlink_to(secret)
    (site / "ok.html").write_text(NO_ALT)
    for args in (["site"], ["site/p.html", "site/ok.html"]):
        proc, reports = _all_reports(govlint, tmp_path, *OFF, *args, cwd=work)
        assert proc.returncode == 2
        refused = "site/p.html: error: a symlink to a file outside the site root, so it is not read"
        assert refused in proc.stdout
        assert "site/ok.html:1:" in proc.stdout
        for text in (proc.stdout, *reports.values()):
            assert "TOP-SECRET" not in text


def test_devices_fifos_and_big_files_are_refused(govlint: Run, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    big = tmp_path / "big.html"
    big.write_text(NO_ALT + "<p>filler</p>" * 100_000)
    proc = govlint(*OFF, "--max-file-size", "1", "/dev/zero", "/dev/urandom", str(fifo), str(big),
                   str(FIXTURES / "gov-banner" / "pass-uswds3.html"))
    assert proc.returncode == 2
    assert proc.stdout.splitlines()[-5:-1] == [
        "/dev/zero: error: not a regular file (a character device), so it is not read",
        "/dev/urandom: error: not a regular file (a character device), so it is not read",
        f"{fifo.as_posix()}: error: not a regular file (a FIFO), so it is not read",
        f"{big.as_posix()}: error: larger than the input size limit of 1 MB (--max-file-size)",
    ]
    assert proc.stderr == ""
    (tmp_path / ".govlint.toml").write_text("max_file_size = 0.001\n")
    small = govlint("--offline", "--no-cache", "big.html", cwd=tmp_path)
    assert small.returncode == 2 and "input size limit of 1,048 bytes" in small.stdout


def test_output_onto_a_symlink_or_fifo_writes_through(govlint: Run, tmp_path: Path) -> None:
    target = tmp_path / "real.txt"
    target.write_text("old")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    page = str(FIXTURES / "gov-banner" / "pass-uswds3.html")
    assert govlint(*OFF, "--select", "gov-banner", "-o", str(link), page).returncode == 0
    assert link.is_symlink() and target.read_text() == "0 errors, 0 warnings, 0 info in 1 file\n"
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    proc = govlint(*OFF, "--select", "gov-banner", "--format", "json", "-o", str(fifo), page)
    reader.join(timeout=60)
    assert proc.returncode == 0
    assert json.loads(received[0])["summary"]["files"] == 1
    assert fifo.is_fifo()


def test_control_characters_never_raw_in_xml_or_json_reports(govlint: Run, tmp_path: Path) -> None:
    page = tmp_path / "nul.html"
    page.write_bytes(b"<!doctype html><html lang=en><title>t</title><body>" + b"x" * 2000 +
                     b'<img src="a\x00.png">\x00</body></html>')
    proc, reports = _all_reports(govlint, tmp_path, *OFF, "--select", "image-alt", str(page))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    _well_formed(reports)
    assert "\\u0000" in reports["sarif"]  # the snippet, escaped
    for name in ("junit", "sarif", "json", "gitlab"):
        assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f]", reports[name]), name


def test_empty_select_and_empty_folder_are_errors(govlint: Run, tmp_path: Path) -> None:
    page = str(FIXTURES / "gov-banner" / "pass-uswds3.html")
    proc = govlint(*OFF, "--select", "", page)
    assert proc.returncode == 2
    assert proc.stderr.startswith("govlint: error: --select names no rule")
    assert len(proc.stderr.splitlines()) == 1
    (tmp_path / "empty").mkdir()
    proc = govlint(*OFF, "empty", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout.splitlines()[0] == "empty: error: no HTML files (*.html, *.htm) in this folder"


@pytest.mark.slow
def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    govlint = f"{sys.executable} -m govlint"
    for command in (f"{govlint} rules | head -1",
                    f"{govlint} --no-config --offline --no-cache {FIXTURES / 'pages'} | head -2"):
        proc = subprocess.run(["bash", "-o", "pipefail", "-c", command], cwd=REPO, capture_output=True,
                              timeout=120)
        assert proc.stderr == b"", command
        assert len(proc.stdout.splitlines()) in (1, 2)
        assert proc.returncode in (0, 1, 141)


# --- paths for code hosts ------------------------------------------------------------------


def test_code_host_paths_are_relative_to_the_repository_of_the_files(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "site").mkdir()
    page = repo / "site" / "page.html"
    page.write_text(NO_ALT)
    stray = tmp_path / "elsewhere" / "stray.html"
    stray.parent.mkdir()
    stray.write_text(NO_ALT)
    outside = tmp_path / "cwd"
    outside.mkdir()
    proc, reports = _all_reports(run_govlint, tmp_path, *OFF, "--select", "image-alt", str(page), str(stray),
                                 cwd=outside)
    assert proc.returncode == 1
    run = json.loads(reports["sarif"])["runs"][0]
    assert run["originalUriBaseIds"] == {"SRCROOT": {"uri": repo.as_uri() + "/"}}
    # the same image in both files is one problem: its first place and a related one
    locations = [place["physicalLocation"]["artifactLocation"] for r in run["results"]
                 for place in (*r["locations"], *r.get("relatedLocations", ()))]
    assert {"uri": "site/page.html", "uriBaseId": "SRCROOT"} in locations
    assert {"uri": stray.as_uri()} in locations
    for location in locations:
        assert "uriBaseId" in location or location["uri"].startswith("file://")
    [issue] = json.loads(reports["gitlab"])  # one problem, found in both files
    assert issue["location"]["path"] == "site/page.html"
    assert f"site/page.html:1, {stray}:1)" in issue["description"]
    assert "file=site/page.html," in reports["github"]


# --- config --------------------------------------------------------------------------------

NUMBERS = ["links.timeout", "links.retry_wait", "links.retries", "links.max_redirects",
           "links.max_concurrency", "links.host_concurrency", "links.host_interval",
           "links.max_retry_wait", "links.max_cache_age", "max_file_size", "page_timeout", "max_findings",
           "rules.image-alt-quality.max_length"]


def _config_with(key: str, value: str) -> str:
    *tables, name = key.split(".")
    head = f'[rules."{tables[1]}"]\n' if tables[:1] == ["rules"] else (f"[{tables[0]}]\n" if tables else "")
    return f"{head}{name} = {value}\n"


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "1e12"])
@pytest.mark.parametrize("key", NUMBERS)
def test_config_numbers_must_be_sensible(govlint: Run, tmp_path: Path, key: str, value: str) -> None:
    (tmp_path / ".govlint.toml").write_text(_config_with(key, value))
    (tmp_path / "p.html").write_text(NO_ALT)
    proc = govlint("--offline", "--no-cache", "p.html", cwd=tmp_path)
    assert proc.returncode == 2, (key, value, proc.stdout)
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("govlint: error: ")
    assert key.rsplit(".", 1)[-1] in lines[0]


def test_deeply_nested_config_is_a_config_error(govlint: Run, tmp_path: Path) -> None:
    for text in ("select = " + "[" * 5000 + "]" * 5000 + "\n", "[links]\ntimeout = " + "[" * 50 + "]" * 50):
        (tmp_path / ".govlint.toml").write_text(text)
        proc = govlint("--offline", "x.html", cwd=tmp_path)
        assert proc.returncode == 2
        lines = proc.stderr.splitlines()
        assert len(lines) == 1 and len(lines[0]) < 300 and "Traceback" not in proc.stderr


# --- regular expressions -------------------------------------------------------------------


def test_pages_built_to_make_regexes_backtrack_are_linted(govlint: Run, tmp_path: Path) -> None:
    refresh = tmp_path / "refresh.html"
    refresh.write_text('<meta http-equiv="refresh" content="' + "\n" * 800 + '">'
                       '<meta http-equiv="refresh" content="' + "&#10;" * 1600 + '">' + NO_ALT)
    caption = tmp_path / "caption.html"
    caption.write_text("<article><figure><img src=a.jpg alt='A soldier'><figcaption>"
                       + "(U.S. " * 5000 + "</figcaption></figure></article>")
    virin = tmp_path / "virin.html"
    virin.write_text("<article><figure><img src=a.jpg alt='A soldier'><figcaption>VIRIN"
                     + " " * 20000 + ":" + "</figcaption></figure></article>")
    dod = tmp_path / "dod.toml"  # image-credit runs on DoD sites only
    dod.write_text("[site]\ndod = true\n")
    proc = govlint("--offline", "--no-cache", "--config", str(dod), "--format", "json", str(refresh),
                   str(caption), str(virin))
    assert proc.returncode == 1, proc.stderr
    found = {(v["file"].rsplit("/", 1)[-1], v["rule"]) for v in json.loads(proc.stdout)["violations"]}
    assert ("caption.html", "image-credit") in found
    assert ("refresh.html", "image-alt") in found


@pytest.mark.parametrize("where", ["rule-file", "config-option", "exclude-urls"])
def test_regexes_that_can_backtrack_are_refused_at_load(govlint: Run, tmp_path: Path, where: str) -> None:
    (tmp_path / "p.html").write_text(NO_ALT)
    if where == "rule-file":
        (tmp_path / "agency").mkdir()
        (tmp_path / "agency" / "contact-link.toml").write_text(
            'id = "contact-link"\nsummary = "s"\nseverity = "error"\ntags = ["agency"]\n'
            'check = "require-element"\n[options]\nselector = "a"\ntext_pattern = "(a+)+$"\n'
            '[messages]\nmissing = "m"\n[docs]\nwhy = "w"\nexample = "<p></p>"\nfix = "<a>aa</a>"\n')
        config, key = 'rules_dirs = ["agency"]\n', "text_pattern"
    elif where == "config-option":
        config, key = '[rules.image-credit]\npatterns = ["(\\\\w+\\\\s?)*:"]\n', "patterns"
    else:
        config, key = '[links]\nexclude_urls = ["^https://(a|b+)*$"]\n', "exclude_urls"
    (tmp_path / ".govlint.toml").write_text(config)
    proc = govlint("--offline", "--no-cache", "p.html", cwd=tmp_path)
    assert proc.returncode == 2
    lines = proc.stderr.splitlines()
    assert len(lines) == 1 and key in lines[0] and "exponential" in lines[0], lines


def test_malformed_urls_in_a_page_are_not_a_failure(govlint: Run, tmp_path: Path) -> None:
    """Found by bench/fuzz.py: an image or canonical URL that urllib cannot split."""
    page = tmp_path / "oops.html"
    page.write_text('<html lang=en><link rel=canonical href="http://[oops/"><body><article><figure>'
                    '<img src="http://[oops/a.jpg" alt="A soldier"><figcaption>Soldiers</figcaption>'
                    "</figure></article>")
    dod = tmp_path / "dod.toml"  # image-credit runs on DoD sites only
    dod.write_text("[site]\ndod = true\n")
    proc = govlint("--offline", "--no-cache", "--config", str(dod), "--select", "image-credit,gov-banner",
                   "--format", "json", str(page))
    assert proc.returncode == 1, proc.stdout
    report = json.loads(proc.stdout)
    assert report["errors"] == []
    assert "Content image a.jpg has no credit" in {v["rule"]: v["message"] for v in report["violations"]}[
        "image-credit"]


def test_malformed_urls_seen_by_the_federal_and_accessibility_layers(govlint: Run, tmp_path: Path) -> None:
    """Found by bench/fuzz.py: a contact link to http://[oops/ crashed the federal facts; the
    DAP script, the search form and a linked stylesheet went through the same unguarded split."""
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        '<!DOCTYPE html><html lang="en"><head><title>Home page of the example agency</title>'
        '<link rel="stylesheet" href="http://[oops/site.css">'
        '<script id="_fed_an_ua_tag" src="https://[oops/Universal-Federated-Analytics-Min.js?agency=X">'
        '</script></head><body><main><h1>Home</h1><a href="http://[oops/contact">Reach us</a>'
        '<form action="http://[oops/search"><input name="q" aria-label="Search"></form>'
        '<img src="http://[oops/a.png" alt="A seal"></main></body></html>', encoding="utf-8")
    config = tmp_path / ".govlint.toml"
    config.write_text('[site]\nbase_url = "https://www.example.gov/"\n', encoding="utf-8")
    proc = govlint("--offline", "--no-cache", "--config", str(config), "--root", str(site),
                   "--format", "json", str(site))
    report = json.loads(proc.stdout)
    assert proc.returncode == 1 and report["errors"] == [], proc.stderr
    rules = {v["rule"] for v in report["violations"]}
    assert {"required-links", "contact-link"} <= rules  # judged, not crashed


def test_a_start_tag_written_with_thousands_of_duplicate_attributes(govlint: Run, tmp_path: Path) -> None:
    """Found by bench/fuzz.py: each duplicate-attribute error measured its start tag again, and
    a stray quote sent every measurement to the end of the page (20,000 duplicates: minutes)."""
    page = tmp_path / "dupes.html"
    page.write_text('<!DOCTYPE html><html lang="en"><title>Duplicates</title><p><img alt="A seal" '
                    + 'data-x="1" ' * 20_000 + ' src=a.png title=x"y>' + "<p>text</p>" * 5_000,
                    encoding="utf-8")
    proc = govlint("--offline", "--no-config", "--no-cache", "--select",
                   "duplicate-attr", "--format", "json", str(page))
    report = json.loads(proc.stdout)
    assert report["errors"] == [], report["errors"]
    assert [(v["rule"], v["line"], v["column"]) for v in report["violations"]] == [("duplicate-attr", 1, 60)]


def test_names_of_nested_named_elements_are_linear(govlint: Run, tmp_path: Path) -> None:
    """Found by bench/fuzz.py: each of 400 nested role="link" elements named itself from the
    same 20,000 spans below them (50 s); the content of a subtree is now worked out once."""
    page = tmp_path / "nested.html"
    page.write_text('<!DOCTYPE html><html lang="en"><title>Nested names</title><main>'
                    + '<div role="link" tabindex="0">' * 400 + "<span>word</span>" * 20_000
                    + "</div>" * 400 + "</main>", encoding="utf-8")
    proc = govlint("--offline", "--no-config", "--no-cache", "--select",
                   "accessibility", "--format", "json", str(page))
    report = json.loads(proc.stdout)
    assert report["errors"] == [], report["errors"]
    assert {v["rule"] for v in report["violations"]} == {"page-has-heading-one"}  # every link is named


def test_labels_inside_labels_around_one_control(govlint: Run, tmp_path: Path) -> None:
    """Found by bench/fuzz.py: every label around a control labels it, and naming each label
    named the control from every label again: 21 nested labels took 21 s and 3.8 GB. One
    name now visits at most NAME_BUDGET elements and keeps at most NAME_CHARS of text."""
    page = tmp_path / "labels.html"
    page.write_text('<!DOCTYPE html><html lang="en"><title>Labels in labels</title><main><h1>Form</h1>'
                    + '<label role="heading">Name ' * 30 + '<select role="button"><option>A</option>'
                    "</select></main>", encoding="utf-8")
    proc = govlint("--offline", "--no-config", "--no-cache", "--select",
                   "accessibility", "--format", "json", str(page))
    report = json.loads(proc.stdout)
    assert report["errors"] == [], report["errors"]
    rules = {v["rule"] for v in report["violations"]}
    assert rules == {"aria-allowed-role", "form-field-multiple-labels"}, rules


def test_a_start_tag_with_lt_signs_in_its_attribute_names(govlint: Run, tmp_path: Path) -> None:
    """Found by bench/fuzz.py: a second <html> start tag (its attributes merge into the first,
    so no element holds its place) whose attribute names hold '<'. Each duplicate was read
    again from the '<' before it: a 4.8 KB page took 0.8 s for 3,858 findings, mostly read
    from the middle of the tag. The tag is read once, as html5lib reads it: one finding per
    name written twice."""
    page = tmp_path / "lt.html"
    page.write_text('<!DOCTYPE html><html lang="en"><title>t</title><p>x</p>\n<html '
                    + "a<b c<d " * 6_000 + 'lang="en">\n', encoding="utf-8")
    proc = govlint("--offline", "--no-config", "--no-cache", "--select",
                   "duplicate-attr", "--format", "json", str(page))
    report = json.loads(proc.stdout)
    assert report["errors"] == [], report["errors"]
    assert sorted(v["message"].split('"')[1] for v in report["violations"]) == ["a<b", "c<d"]
