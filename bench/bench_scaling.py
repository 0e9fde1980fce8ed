"""Does linting grow linearly with page size? Run by hand; never part of the tests.

    python bench/bench_scaling.py [--case images|paragraphs] [--out DIR]

Generates pages of two shapes at two sizes each (10,000 and 100,000 ``<img>`` without alt;
500 KB and 5 MB of repeated paragraphs with links and images), lints each in-process and
prints, per page, the parse time, the time of everything after the parse (rules, links,
report), the whole run, and the ratio of the big page to the small one. Times are CPU
seconds of this process, so that other work on a busy machine does not blur the ratios. Linear is a ratio
near the size ratio (10); the target is at most 12.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from govlint import document, reporters
from govlint.engine import LinkContext, lint_page
from govlint.links.local import LocalLookup, PagePlace
from govlint.model import Report
from govlint.runner import Linter

HEAD = '<!doctype html><html lang="en"><head><title>Scaling</title></head><body>\n'
PARAGRAPH = ('<p>The Secretary met troops at <a href="/news/{i}.html">the base</a> and '
             '<a href="https://www.example.gov/p/{i}">the agency</a>.</p>\n'
             '<figure><img src="/img/{i}.jpg" alt="Soldiers at the base"><figcaption>Soldiers '
             '(U.S. Army photo by Sgt. A. Smith)</figcaption></figure>\n')


def images(count: int) -> str:
    """``count`` images without alt text, side by side. No text between them: html5lib's
    tree builder takes quadratic time to append text after many siblings (lxml counts the
    children on every append), which would hide govlint's own figures."""
    return HEAD + '<img src="photo.jpg">' * count + "</body></html>\n"


def paragraphs(size: int) -> str:
    """Repeated paragraphs with a local link, an external link and a credited image, in
    sections of 50, until the page holds ``size`` characters."""
    parts = [HEAD, "<section>"]
    total = len(HEAD)
    i = 0
    while total < size:
        block = PARAGRAPH.format(i=i)
        if i % 50 == 49:  # sections keep html5lib's text appends short (see images())
            block += "</section>\n<section>"
        parts.append(block)
        total += len(block)
        i += 1
    parts.append("</section></body></html>\n")
    return "".join(parts)


CASES = {
    "images": (lambda: images(10_000), lambda: images(100_000)),
    "paragraphs": (lambda: paragraphs(500_000), lambda: paragraphs(5_000_000)),
}


def measure(linter: Linter, html: str) -> tuple[float, float, int]:
    """(parse seconds, seconds after the parse, violations) for one page."""
    info = document.PageInfo("page.html", None, "page.html")
    start = time.process_time()
    doc = document.from_source(html, info)
    parsed = time.process_time()
    context = LinkContext(None, None, PagePlace(("page.html",)), LocalLookup(False))
    result, _ = lint_page(doc, linter.config, linter.ruleset.names(), "page.html", linter.options,
                          context)
    report = Report((result,), (), linter.ruleset.rules)
    for name in ("text", "json", "sarif"):
        for _ in reporters.pieces(name, report, color=False, quiet=False, locations={}):
            pass
    done = time.process_time()
    return parsed - start, done - parsed, len(result.violations)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, help="also write the generated pages to this folder")
    ap.add_argument("--case", choices=sorted(CASES), action="append",
                    help="only this shape (repeatable; default: every shape)")
    args = ap.parse_args()
    linter = Linter.default()
    print(f"{'page':<22} {'bytes':>10} {'parse s':>8} {'rest s':>8} {'total s':>8} {'violations':>10}")
    for name in args.case or CASES:
        small, big = CASES[name]
        rows = []
        for label, make in (("small", small), ("big", big)):
            html = make()
            if args.out:
                args.out.mkdir(parents=True, exist_ok=True)
                (args.out / f"{name}-{label}.html").write_text(html, encoding="utf-8")
            parse_s, rest_s, found = measure(linter, html)
            rows.append((parse_s, rest_s))
            print(f"{name + '-' + label:<22} {len(html):>10,} {parse_s:>8.2f} {rest_s:>8.2f} "
                  f"{parse_s + rest_s:>8.2f} {found:>10,}")
        (ps, rs), (pb, rb) = rows
        print(f"{name + ' ratio':<22} {'':>10} {pb / ps:>8.1f} {rb / rs:>8.1f} "
              f"{(pb + rb) / (ps + rs):>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
