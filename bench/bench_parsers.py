"""Parse time per page: govlint's parser against the other HTML parsers Python can use.
Run by hand; never part of the tests.

    python bench/bench_parsers.py ../shared/corpus/real [--repeat 3]

govlint needs a spec-conformant HTML5 tree (what browsers and assistive technology see) and
the line and column of every element. This prints, for each parser that is installed, its
best time per page and what it gives: an HTML5 tree or not, positions or not. Parsers that
are not installed are listed as such (pip install selectolax markupever html5-parser to try
them; they are not govlint dependencies).
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from govlint import html5lib_parser, turbo_parser

# name -> (module to import, what the tree is, what positions it has)
_OTHERS = {
    "html5lib (plain, lxml tree)": ("html5lib", "HTML5", "none"),
    "lxml.html (libxml2)": ("lxml.html", "libxml2's own, not HTML5", "line only"),
    "selectolax (lexbor)": ("selectolax.lexbor", "HTML5", "none"),
    "markupever (html5ever)": ("markupever", "HTML5", "none"),
    "html5-parser (gumbo)": ("html5_parser", "HTML5", "line only"),
}


def _parsers() -> list[tuple[str, str, str, Callable[[bytes], Any] | str]]:
    """(name, tree, positions, parse function, or why it cannot run here)."""
    out: list[tuple[str, str, str, Callable[[bytes], Any] | str]] = [
        ("govlint turbohtml, XML in C", "HTML5", "line and column", turbo_parser.parse),
        ("govlint turbohtml, node copy", "HTML5", "line and column",
         lambda data: turbo_parser.parse(data, through_xml=False)),
        ("govlint html5lib + offsets", "HTML5", "line and column", html5lib_parser.parse)]
    for name, (module, tree, positions) in _OTHERS.items():
        try:
            mod = importlib.import_module(module)
        except ImportError:
            out.append((name, tree, positions, "not installed"))
            continue
        except Exception as exc:  # html5-parser refuses to load beside a different libxml2
            out.append((name, tree, positions, f"cannot load: {str(exc).splitlines()[0][:90]}"))
            continue
        out.append((name, tree, positions, _parse_function(module, mod)))
    return out


def _parse_function(module: str, mod: Any) -> Callable[[bytes], Any]:
    if module == "html5lib":
        return lambda data: mod.parse(data, treebuilder="lxml")
    if module == "lxml.html":
        return lambda data: mod.document_fromstring(data)
    if module == "selectolax.lexbor":
        return lambda data: mod.LexborHTMLParser(data)
    if module == "markupever":
        return lambda data: mod.parse(data.decode("utf-8", "replace"), mod.HtmlOptions())
    return lambda data: mod.parse(data, line_number_attr="data-line")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--repeat", type=int, default=3, help="runs over the folder; the best is reported")
    args = ap.parse_args()
    pages = [p.read_bytes() for p in sorted(args.folder.rglob("*")) if p.suffix.lower() in (".html", ".htm")]
    if not pages:
        print(f"no pages in {args.folder}", file=sys.stderr)
        return 2
    warnings.simplefilter("ignore")  # html5lib warns about names that are not XML
    print(f"{len(pages)} pages, {sum(map(len, pages)) / len(pages) / 1000:.1f} KB each on average")
    print(f"{'parser':32} {'ms/page':>8}  {'tree':26} positions")
    for name, tree, positions, parse in _parsers():
        if isinstance(parse, str):
            print(f"{name:32} {'-':>8}  {tree:26} {positions} ({parse})")
            continue
        best = min(_time(parse, pages) for _ in range(args.repeat))
        print(f"{name:32} {best / len(pages) * 1000:8.2f}  {tree:26} {positions}")
    return 0


def _time(parse: Callable[[bytes], Any], pages: list[bytes]) -> float:
    start = time.perf_counter()
    for data in pages:
        parse(data)
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
