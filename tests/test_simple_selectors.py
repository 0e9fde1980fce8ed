"""The hiding rules' common selectors, matched from the attribute index, match exactly what
cssselect's XPath matches (random pages and selectors), and the others are left to XPath."""

from __future__ import annotations

import random

from cssselect import HTMLTranslator, parse
from lxml import etree

from govlint.a11y.semantics import Semantics
from govlint.a11y.simple_selectors import chain_of, match
from govlint.document import PageInfo, from_source

TAGS = ["div", "span", "ul", "li", "p", "section", "svg", "DIV"]
CLASSES = ["a", "b", "c", "A", "a-b", "é"]
IDS = ["x", "y", "X"]
SPACES = [" ", "  ", "\t", "\n", "\f", "\r\n", "\u00a0"]


def _page(rng: random.Random) -> str:
    out: list[str] = []

    def element(depth: int) -> None:
        tag = rng.choice(TAGS[:7])
        attrs = ""
        if rng.random() < 0.7:
            names = [rng.choice(CLASSES) for _ in range(rng.randint(0, 3))]
            attrs += ' class="' + rng.choice(SPACES).join(names) + rng.choice(["", " "]) + '"'
        if rng.random() < 0.3:
            attrs += f' id="{rng.choice(IDS)}"'
        out.append(f"<{tag}{attrs}>")
        for _ in range(rng.randint(0, 3) if depth < 4 else 0):
            element(depth + 1)
        out.append(f"</{tag}>")

    for _ in range(rng.randint(1, 4)):
        element(0)
    return "<html><body>" + "".join(out) + "</body></html>"


def _compound(rng: random.Random) -> str:
    text = rng.choice(["", "*", *TAGS])
    text += "".join("." + rng.choice(CLASSES) for _ in range(rng.randint(0, 2)))
    if rng.random() < 0.3:
        text += "#" + rng.choice(IDS)
    return text or "*"


def _selector(rng: random.Random) -> str:
    parts = [_compound(rng) for _ in range(rng.randint(1, 3))]
    joined = parts[0]
    for part in parts[1:]:
        joined += rng.choice([" ", " ", " ", " > ", " + "]) + part
    return joined + rng.choice(["", "", "", ":hover", "[title]"])


def test_the_index_matches_the_elements_xpath_matches_in_document_order() -> None:
    rng = random.Random(3)
    translator = HTMLTranslator()
    compared = matched = 0
    for _ in range(300):
        doc = from_source(_page(rng), PageInfo(path="p.html"))
        semantics = Semantics(doc.root, doc.source)
        for _ in range(20):
            selector = parse(_selector(rng))[0]
            chain = chain_of(selector.parsed_tree)
            if chain is None:
                continue
            expected = etree.XPath(translator.selector_to_xpath(selector))(doc.root)
            assert match(chain, semantics.with_attribute) == expected, selector.canonical()
            compared += 1
            matched += bool(expected)
    assert compared > 1500 and matched > 200  # many selectors compared, many matching something


def test_selectors_of_another_shape_are_left_to_xpath() -> None:
    for css in ("div > .a", ".a + .b", ".a:hover", "[hidden]", "svg|rect.a", "div", "*", ".a .b:not(.c)",
                r".a\ b", "ul li"):
        assert chain_of(parse(css)[0].parsed_tree) is None, css
    for css in (".a", "#x", "ul.nav li.hidden", "#menu .sub", "* .a", "div#x.a"):
        assert chain_of(parse(css)[0].parsed_tree) is not None, css
