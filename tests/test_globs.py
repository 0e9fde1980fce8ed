"""One glob dialect: every construct, as an input pattern and as an exclude pattern, through the
command line; hidden files; negation; bad patterns as one-line usage errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import Run

from govlint.globs import GlobError, GlobSet, find, literal

OFF = ("--offline", "--no-cache", "--select", "image-alt", "--format", "json")
PAGE = "<body><img src=x.png></body>"  # one image-alt violation per page
SITE = ("index.html", "news/a.html", "news/b.html", "news/draft-1.html", "news/draft-10.html",
        "news/2019/old.html", "about/team.htm", "about/b.html")
HIDDEN = ("news/.draft.html", ".well-known/page.html")

# (construct, pattern inside the site folder, the pages it names)
CONSTRUCTS = [
    ("star", "news/*.html", {"news/a.html", "news/b.html", "news/draft-1.html", "news/draft-10.html"}),
    ("question mark", "news/draft-?.html", {"news/draft-1.html"}),
    ("globstar", "news/**/*.html", {"news/a.html", "news/b.html", "news/draft-1.html",
                                    "news/draft-10.html", "news/2019/old.html"}),
    ("globstar at the start", "**/b.html", {"news/b.html", "about/b.html"}),
    ("class", "news/[ab].html", {"news/a.html", "news/b.html"}),
    ("range class", "news/draft-[0-9].html", {"news/draft-1.html"}),
    ("negated class", "news/[!a-c]*.html", {"news/draft-1.html", "news/draft-10.html"}),
    ("braces", "{news,about}/b.htm{,l}", {"news/b.html", "about/b.html"}),
    ("numeric braces", "news/draft-{1..9}.html", {"news/draft-1.html"}),
]


def _site(root: Path, hidden: bool = False) -> Path:
    for rel in SITE + (HIDDEN if hidden else ()):
        page = root / "site" / rel
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(PAGE)
    return root


def _files(stdout: str, prefix: str = "site/") -> set[str]:
    return {v["file"].removeprefix(prefix) for v in json.loads(stdout)["violations"]}


@pytest.mark.parametrize(("construct", "pattern", "named"), CONSTRUCTS, ids=[c[0] for c in CONSTRUCTS])
def test_an_input_pattern_is_expanded_by_govlint(govlint: Run, tmp_path: Path, construct: str,
                                                 pattern: str, named: set[str]) -> None:
    proc = govlint("--no-config", *OFF, f"site/{pattern}", cwd=_site(tmp_path))
    assert proc.returncode == 1, proc.stderr
    assert _files(proc.stdout) == named


@pytest.mark.parametrize(("construct", "pattern", "named"), CONSTRUCTS, ids=[c[0] for c in CONSTRUCTS])
def test_an_exclude_pattern_matches_the_same_pages(govlint: Run, tmp_path: Path, construct: str,
                                                   pattern: str, named: set[str]) -> None:
    _site(tmp_path)
    kept = set(SITE) - named
    # On the command line, floating (at any depth: the path seen from the current folder is
    # site/news/a.html) ...
    proc = govlint("--no-config", *OFF, "--exclude", pattern, "site", cwd=tmp_path)
    assert _files(proc.stdout) == kept, proc.stderr
    # ... and in the config file, anchored to the folder argument with a leading '/'.
    (tmp_path / ".govlint.toml").write_text(f"exclude = [{json.dumps('/' + pattern)}]\n")
    proc = govlint(*OFF, "site", cwd=tmp_path)
    assert _files(proc.stdout) == kept, proc.stderr


def test_override_files_use_the_same_dialect(govlint: Run, tmp_path: Path) -> None:
    _site(tmp_path)
    (tmp_path / ".govlint.toml").write_text(
        '[[overrides]]\nfiles = ["news/{a,b}.html", "about/[!b]*"]\nrules = { image-alt = "off" }\n')
    proc = govlint(*OFF, "site", cwd=tmp_path)
    assert _files(proc.stdout) == set(SITE) - {"news/a.html", "news/b.html", "about/team.htm"}


def test_negated_patterns_take_pages_back(govlint: Run, tmp_path: Path) -> None:
    _site(tmp_path)
    (tmp_path / ".govlint.toml").write_text('exclude = ["news", "!news/2019/**"]\n')
    proc = govlint(*OFF, "site", cwd=tmp_path)
    assert _files(proc.stdout) == {"index.html", "about/team.htm", "about/b.html", "news/2019/old.html"}
    # A command-line pattern joins the config's list: its negation works on the config's patterns.
    proc = govlint(*OFF, "--exclude", "!news/draft-1*", "site", cwd=tmp_path)
    assert _files(proc.stdout) == {"index.html", "about/team.htm", "about/b.html", "news/2019/old.html",
                                   "news/draft-1.html", "news/draft-10.html"}


def test_hidden_names_in_inputs_need_the_dot_spelled(govlint: Run, tmp_path: Path) -> None:
    _site(tmp_path, hidden=True)
    everything = set(SITE) | set(HIDDEN)
    assert _files(govlint("--no-config", *OFF, "site/**/*.html", cwd=tmp_path).stdout) == (
        {p for p in SITE if p.endswith(".html")})
    assert _files(govlint("--no-config", *OFF, "site/news/.*.html", cwd=tmp_path).stdout) == (
        {"news/.draft.html"})
    assert _files(govlint("--no-config", *OFF, "site/.*/*.html", cwd=tmp_path).stdout) == (
        {".well-known/page.html"})
    # A folder argument reads every page below it, hidden or not.
    assert _files(govlint("--no-config", *OFF, "site", cwd=tmp_path).stdout) == everything


def test_exclude_patterns_cover_hidden_names(govlint: Run, tmp_path: Path) -> None:
    _site(tmp_path, hidden=True)
    proc = govlint("--no-config", *OFF, "--exclude", "news/*.html", "--exclude", "/site/*/page.html",
                   "site", cwd=tmp_path)
    assert _files(proc.stdout) == {"index.html", "news/2019/old.html", "about/team.htm", "about/b.html"}


@pytest.mark.parametrize("where", ["input", "--exclude"])
def test_a_bad_pattern_on_the_command_line_is_a_usage_error(govlint: Run, tmp_path: Path, where: str) -> None:
    _site(tmp_path)
    bad = "site/{1..5000}.html"
    args = ("site", "--exclude", bad) if where == "--exclude" else ("site/index.html", bad)
    proc = govlint("--no-config", *OFF, *args, cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == f"govlint: error: glob pattern {bad!r} expands to more than 1,000 patterns\n"


def test_a_negated_input_pattern_is_a_usage_error(govlint: Run, tmp_path: Path) -> None:
    _site(tmp_path)
    proc = govlint("--no-config", *OFF, "site", "!site/news/*", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stderr == ("govlint: error: glob pattern '!site/news/*': a negated pattern belongs in "
                           "exclude or --exclude\n")


def test_bad_patterns_in_the_config_are_errors_at_their_lines(govlint: Run, tmp_path: Path) -> None:
    _site(tmp_path)
    (tmp_path / ".govlint.toml").write_text(
        'exclude = ["ok/**", "{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}{o,p}{q,r}{s,t}"]\n'
        '[site]\nhome = ["!"]\n'
        '[archive]\npaths = ["y/{1..3000}"]\n'
        '[[overrides]]\nfiles = ["x/{1..2000}"]\nrules = { image-alt = "off" }\n')
    proc = govlint(*OFF, "site", cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.replace(f"{tmp_path}/", "").splitlines() == [
        "govlint: error: .govlint.toml:1: exclude[2]: glob pattern "
        "'{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}{o,p}{q,r}{s,t}' expands to more than 1,000 patterns",
        "govlint: error: .govlint.toml:3: site.home[1]: empty glob pattern '!'",
        "govlint: error: .govlint.toml:5: archive.paths[1]: glob pattern 'y/{1..3000}' expands to more "
        "than 1,000 patterns",
        "govlint: error: .govlint.toml:7: overrides[1].files[1]: glob pattern 'x/{1..2000}' expands to "
        "more than 1,000 patterns",
    ]


@pytest.mark.parametrize(("patterns", "path", "hit"), [
    (("vendor/**",), "vendor/a.html", True),
    (("vendor/**",), "site/vendor/a/b.html", True),
    (("/vendor/**",), "site/vendor/a.html", False),
    (("/vendor/**",), "/vendor/a.html", True),
    (("*.htm",), "a/b/c.htm", True),
    (("*.htm",), "a/b/.c.htm", True),
    (("news/*.html",), "news/a/b.html", False),
    (("news/**/*.html",), "news/a/b.html", True),
    (("news",), "news/a.html", True),
    (("news/",), "news/a.html", True),
    (("news",), "newsroom/a.html", False),
    (("draft-?.html",), "draft-1.html", True),
    (("draft-?.html",), "draft-10.html", False),
    (("[!.]*.html",), "a/.b.html", False),
    (("news/{a,b}.html",), "news/c.html", False),
    (("News/*.html",), "news/a.html", False),  # case-sensitive on every platform
    (("vendor/**",), "../vendor/a.html", True),  # a path outside the base folder, as given
    (("a", "!a/keep.html"), "a/keep.html", False),
    (("a", "!a/keep.html"), "a/drop.html", True),
    (("!a/keep.html",), "a/drop.html", False),  # negations alone match nothing
    ((), "a.html", False),
    (("/",), "", True),  # '/' alone is the root itself: a URL path of '/'
    (("/",), "a.html", False),
    (("*",), "", False),
    (("/", "!/"), "", False),
    ((literal("/a[1]{b,c}*?.html"),), "a[1]{b,c}*?.html", True),
    ((literal("/a[1]{b,c}*?.html"),), "a1b*?.html", False),
])
def test_globset(patterns: tuple[str, ...], path: str, hit: bool) -> None:
    assert GlobSet(patterns).matches(path) is hit


def test_a_globset_refuses_a_bad_pattern() -> None:
    with pytest.raises(GlobError, match=r"^glob pattern '\{1\.\.1001\}' expands to more than 1,000"):
        GlobSet(("ok", "{1..1001}"))
    with pytest.raises(GlobError, match=r"^empty glob pattern"):
        find("!")


def test_input_patterns_follow_symlinked_folders(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.html").write_text(PAGE)
    (tmp_path / "link").symlink_to("real")
    assert find(f"{tmp_path}/**/*.html") == [f"{tmp_path}/link/a.html", f"{tmp_path}/real/a.html"]
