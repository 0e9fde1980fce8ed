"""links/targets.py: classifying a link once per folder, or once per run, gives classify()'s
own answer on every page, whatever pages asked before."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from govlint.links.local import find_local
from govlint.links.resolve import _SCHEME, PagePlace, Target, _path, classify
from govlint.links.targets import Targets

ORIGIN = "https://site.gov"

# Links whose target turns on the folder, the page's own name, the base, the origin or the
# way a browser reads a URL.
HREFS = (
    "", "#", "#top", "#x", "#:~:text=a", "?q=1", "?q=1#f", "a.html", "./a.html", "a.html?x#y",
    "../a.html", "../../a.html", "../../../../a.html", "..", "../", ".", "./", "dir/", "dir/../p.html",
    "p.html", "./p.html", "p.html#f", "p.html?x", "p.html/", "p.html/#f", "%70.html", "p%2Ehtml",
    "../d/p.html", "/d/p.html", "/d/p.html#f", "/", "/a", "/a/", "/a%20b.html", "/a%2Fb.html",
    "/../x.html", "/d/../d/p.html", "a%20b.html", "a%2Fb.html", "%00", "p%00.html", "/d/%00",
    "\x00", "/\t/x", "a\tb.html", "/a\nb", "//cdn.example.com/x.js", "//site.gov/d/p.html",
    "https://site.gov/d/p.html", "HTTPS://SITE.GOV/d/p.html#f", "https://site.gov//x",
    "https://site.gov", "https://site.gov:443/d/", "https://example.gov/x?y#z", "http://[oops/",
    "http://2130706433/", "https://exa mple.gov/", "mailto:a@b.gov", "mailto:", "tel:+1-202-555-0100",
    "tel:", "javascript:void(0)", "data:text/plain,x", "ftp://example.gov/", "1abc:x", "a/b:c",
)
BASES = (None, "", "/", "/d/", "d/", "p.html", "p.html/", "./", "../", "../../..", "q.html",
         "/d/p.html", "%00/", "p%00.html", "https://other.gov/x/", "https://site.gov/d/",
         "//site.gov/e/", "https://site.gov/d/p.html", "https://site.gov/", "http://[bad/")
PAGES = (("p.html",), ("d", "p.html"), ("d", "e", "p.html"), ("d", "q.html"), ("e", "p.html"))


def _places() -> list[PagePlace]:
    places = [PagePlace(segments, base_href=base, origin=origin)
              for segments, base, origin in itertools.product(PAGES, BASES, (None, ORIGIN))]
    places += [PagePlace((), page_url=f"{ORIGIN}/d/p.html", base_href=base, origin=ORIGIN)
               for base in BASES]
    return places


def test_every_page_gets_classify_s_answer_after_any_other_page_asked() -> None:
    places = _places()
    targets = Targets()
    # Twice over, so that the second round answers from what every page of every folder
    # (siblings, other folders, other bases) left in the memo.
    for _ in range(2):
        for place in places:
            at = targets.at(place)
            for href in HREFS:
                assert at(href) == classify(href, place), (href, place)


def test_a_page_named_like_a_folder_or_linked_with_a_trailing_slash() -> None:
    # Under base "p.html/" the empty link is the folder p.html/, not the page p.html; the
    # sibling q.html asks first, so the memo holds the folder's answer.
    targets = Targets()
    sibling = PagePlace(("d", "q.html"), base_href="p.html/")
    page = PagePlace(("d", "p.html"), base_href="p.html/")
    assert targets.at(sibling)("") == Target("local", path=("d", "p.html"), directory=True)
    assert targets.at(page)("") == Target("local", path=("d", "p.html"), directory=True)
    # Without a base, "p.html/" from p.html is the page itself; from q.html it is a folder.
    assert targets.at(PagePlace(("d", "q.html")))("p.html/") == Target(
        "local", path=("d", "p.html"), directory=True)
    assert targets.at(PagePlace(("d", "p.html")))("p.html/") == Target("self")


def test_a_nul_in_the_link_is_not_the_stand_in_page_name() -> None:
    targets = Targets()
    for segments in (("d", "q.html"), ("d", "p.html")):
        place = PagePlace(segments)
        assert targets.at(place)("%00") == Target("local", path=("d", "\0"))
        assert targets.at(place)("%00#f") == Target("local", path=("d", "\0"), fragment="f")
        assert targets.at(place)("/d/%00") == Target("local", path=("d", "\0"))


@pytest.mark.parametrize(("folders", "sites", "size"), [(1, 1, 1), (2, 1, 5), (3, 2, 40)])
def test_bounded_memos_stay_bounded_and_right(folders: int, sites: int, size: int) -> None:
    targets = Targets(folders=folders, sites=sites, size=size)
    for place in _places():
        at = targets.at(place)
        for href in HREFS:
            assert at(href) == classify(href, place)
        # What is held never passes the bounds by more than the page being classified.
        assert targets.held() <= (folders + sites) * size + 2 * len(HREFS)


def test_paths_split_by_hand_agree_with_urlsplit() -> None:
    # Every string of up to four characters over an alphabet of delimiters, white space,
    # controls and brackets, that classify() hands to the path split (no scheme, no '//').
    alphabet = ["/", "?", ":", "a", " ", "\t", "\n", "\x01", "[", "%", ".", "\x7f", "\u200b", "1", "+"]
    checked = 0
    for size in range(5):
        for chars in itertools.product(alphabet, repeat=size):
            url = "".join(chars)
            if _SCHEME.match(url) or url.startswith("//"):
                continue
            assert _outcome(_path, url) == _outcome(lambda u: urlsplit(u).path, url), repr(url)
            checked += 1
    assert checked > 50_000


def _outcome(split: Callable[[str], str], url: str) -> str:
    try:
        return split(url)
    except ValueError:  # urlsplit's complaint about a host, after it drops a tab: "\t//["
        return "ValueError"


def _pathlib_candidates(root: Path, target: Target, clean_urls: bool) -> list[Path]:
    """The candidate files as pathlib names them (find_local's reading of every name)."""
    path = root.joinpath(*target.path)
    paths = [] if target.directory else [path]
    paths += [path / "index.html", path / "index.htm"]
    if clean_urls and not target.directory and target.path:
        paths += [path.with_name(path.name + ".html"), path.with_name(path.name + ".htm")]
    return paths


@pytest.mark.parametrize("clean_urls", [False, True])
def test_plain_names_are_the_files_pathlib_names(tmp_path: Path, clean_urls: bool) -> None:
    site = tmp_path / "site"
    for name in ("a.html", "b/index.html", "c/index.htm", "d.htm", "e.html/index.html", "f", "g.x.html",
                 "h.", ".html", "sp ace.html", "b/c/deep.html", "both.html", "both.htm"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text("x")
    (site / "out.html").symlink_to(tmp_path / "elsewhere.html")
    (tmp_path / "elsewhere.html").write_text("x")
    names = ("", "a.html", "a", "b", "c", "d", "e.html", "f", "g.x", "g.x.html", "h", "h.", ".html",
             "sp ace", "sp ace.html", "out.html", "out", "missing", "b/c", "..", ".", "c/..", "x\0y", "both")
    for path in [(), *[(n,) for n in names], ("b", "c", "deep.html"), ("b", "c", "deep"), ("b", "..", "a")]:
        for directory in (False, True):
            target = Target("local", path=tuple(path), directory=directory)
            found = find_local(site, target, clean_urls)
            expected = next((p for p in _pathlib_candidates(site, target, clean_urls) if p.is_file()
                             and not _has_nul(p)), None)
            if expected is None:
                assert not found.exists and not found.outside, target
            elif expected.resolve().is_relative_to(site.resolve()):
                assert found.exists, target
                html = expected.suffix.lower() in (".html", ".htm")
                assert found.html == (expected.resolve() if html else None), target
            else:
                assert found.outside and not found.exists, target


def _has_nul(path: Path) -> bool:
    return "\0" in str(path)
