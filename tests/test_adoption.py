"""Details new users ask for, each run through the command line as a subprocess."""

from __future__ import annotations

import subprocess
from pathlib import Path

from conftest import Run

OFF = ("--no-config", "--offline")
REPO_PARENT = Path("/")  # a current folder outside every test folder
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
        (*OFF, "--select", "dead-lnk", str(page)): "govlint: error: --select: unknown rule id "
                                                   "or tag 'dead-lnk' (did you mean 'dead-link'?)",
        # a command after options: neither a file named crawl nor the URL fetched as a page
        ("--offline", "--jobs", "1", "crawl", "http://www.example.gov/", "--max-pages", "5"):
            "govlint: error: 'crawl' is a command: write it first, then its options (govlint crawl ...)",
    }
    for args, expected in cases.items():
        proc = govlint(*args, cwd=tmp_path)
        assert proc.returncode == 2 and proc.stderr.splitlines()[-1] == expected, (args, proc.stderr)
    typo = govlint(*OFF, "--formt", "json", str(page))
    assert typo.returncode == 2
    assert typo.stderr.splitlines()[-1].endswith("unrecognized arguments: --formt (did you mean '--format'?)")


def _linked_page(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / "page.html"
    page.write_text(PAGE.format('<a href="/about/">About</a>'), encoding="utf-8")
    return page


def test_site_root_of_a_file_named_on_its_own(govlint: Run, tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    (repo / "about").mkdir()
    (repo / "about" / "index.html").write_text(PAGE.format(""), encoding="utf-8")
    page = _linked_page(repo / "docs" / "news")
    args = ("--offline", "--no-cache", "--select", "dead-link", "--verbose")
    # No config anywhere up the tree: the repository's top folder, whatever the current folder.
    proc = govlint(*args, "--no-config", str(page.relative_to(tmp_path)), cwd=tmp_path)
    assert proc.returncode == 0, proc.stdout
    assert f"govlint: site root for files named on their own: {repo} (the git repository's top folder)" \
        in proc.stderr.splitlines()
    # A config file nearer than the repository's top: its folder is the site root.
    site = repo / "docs"
    (site / ".govlint.toml").write_text('select = ["dead-link"]\n', encoding="utf-8")
    proc = govlint(*args, str(page), cwd=tmp_path)
    assert proc.returncode == 1 and "/about/ does not exist in the site" in proc.stdout
    assert f"site root for files named on their own: {site} (the nearest folder with a config file " \
           "(.govlint.toml))" in proc.stderr
    # Neither: the file's own folder.
    alone = _linked_page(tmp_path / "alone")
    (alone.parent / "about").mkdir()
    (alone.parent / "about" / "index.html").write_text(PAGE.format(""), encoding="utf-8")
    proc = govlint(*args, "--no-config", str(alone), cwd=REPO_PARENT)
    assert proc.returncode == 0, proc.stdout
    assert f"{alone.parent} (the file's own folder)" in proc.stderr


def test_exclude_urls_and_remap_apply_to_local_links(govlint: Run, tmp_path: Path) -> None:
    (tmp_path / "new").mkdir()
    (tmp_path / "new" / "y.html").write_text(PAGE.format(""), encoding="utf-8")
    links = ["/guides/a.html", "/old/y.html", "/gone.html", "https://www.example.gov/missing.html"]
    (tmp_path / "index.html").write_text(PAGE.format("\n".join(f'<a href="{h}">x</a>' for h in links)),
                                         encoding="utf-8")
    (tmp_path / ".govlint.toml").write_text(
        'select = ["dead-link"]\n[links]\nexclude_urls = ["^/guides/"]\n'
        'remap = [{pattern = "^/old/", replace = "/new/"},\n'
        '         {pattern = "^https://www\\\\.example\\\\.gov/", replace = "/"}]\n', encoding="utf-8")
    proc = govlint("--offline", "index.html", cwd=tmp_path)
    assert proc.stdout.splitlines()[:-1] == [
        "index.html:4:1: error [dead-link] /gone.html does not exist in the site",
        "index.html:5:1: error [dead-link] https://www.example.gov/missing.html does not exist in the site "
        "(looked for /missing.html)"], proc.stdout + proc.stderr
    (tmp_path / ".govlint.toml").write_text('[links]\nremap = [{pattern = "(", replace = "/"}]\n',
                                            encoding="utf-8")
    bad = govlint("--offline", "index.html", cwd=tmp_path)
    assert bad.returncode == 2 and "links.remap" in bad.stderr and "Traceback" not in bad.stderr
