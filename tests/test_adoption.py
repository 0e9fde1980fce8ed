"""Details new users ask for, each run through the command line as a subprocess."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import Run

OFF = ("--no-config", "--offline")
PAGE = '<!DOCTYPE html><html lang="en"><title>A page of the example agency</title>\n{}\n</html>\n'


def test_tel_links_with_pauses_and_extensions_are_valid(govlint: Run, tmp_path: Path) -> None:
    links = ["tel:441234567,88", "tel:+1-202-555-0100;ext=88", "tel:+1-202-555-0100,,123#",
             "tel:call-us"]
    page = tmp_path / "p.html"
    page.write_text(PAGE.format("\n".join(f'<a href="{h}">Call</a>' for h in links)), encoding="utf-8")
    proc = govlint(*OFF, "--select", "dead-link", str(page))
    lines = proc.stdout.splitlines()
    assert len(lines) == 2 and "tel:call-us is not a valid tel: link" in lines[0], proc.stdout


def test_cache_folder_ignores_itself_in_git(govlint: Run, tmp_path: Path) -> None:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "index.html").write_text(PAGE.format("<p>Hello</p>"), encoding="utf-8")
    govlint("--no-config", "--select", "page-title", "index.html", cwd=tmp_path)
    assert (tmp_path / ".govlint-cache" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"
    status = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=tmp_path,
                            capture_output=True, text=True, check=True).stdout
    assert status == "?? index.html\n"


def test_exclude_option_adds_to_the_config(govlint: Run, tmp_path: Path) -> None:
    for name in ("keep.html", "drafts/a.html", "old/b.html"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(PAGE.format("<p>x</p>"), encoding="utf-8")
    (tmp_path / ".govlint.toml").write_text('exclude = ["old/**"]\nselect = ["page-title"]\n',
                                            encoding="utf-8")
    proc = govlint("--offline", "--exclude", "drafts/**", "--exclude", "nothing/*", ".", cwd=tmp_path)
    assert proc.stdout.splitlines()[-1] == "0 errors, 0 warnings, 0 info in 1 file", proc.stdout


def test_did_you_mean(govlint: Run, tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(PAGE.format(""), encoding="utf-8")
    cases = {
        ("rule",): "govlint: error: unknown command 'rule' (did you mean 'rules'?)",
        ("explian", "image-alt"): "govlint: error: unknown command 'explian' (did you mean 'explain'?)",
        ("explain", "image-alts"): "govlint: error: unknown rule id 'image-alts' (did you mean 'image-alt'?)"
                                   " (see 'govlint rules')",
        (*OFF, "--select", "dead-lnk", str(page)): "govlint: error: command line: select: unknown rule id "
                                                   "or tag 'dead-lnk' (did you mean 'dead-link'?)",
    }
    for args, expected in cases.items():
        proc = govlint(*args, cwd=tmp_path)
        assert proc.returncode == 2 and proc.stderr.splitlines()[-1] == expected, (args, proc.stderr)
    typo = govlint(*OFF, "--formt", "json", str(page))
    assert typo.returncode == 2
    assert typo.stderr.splitlines()[-1].endswith("unrecognized arguments: --formt (did you mean '--format'?)")
