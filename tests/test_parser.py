"""Source positions and decoding, tested directly on the parser."""

from __future__ import annotations

import pytest

from govlint import parser
from govlint.document import PageInfo, from_source


@pytest.fixture(params=parser.PARSERS)
def which(request: pytest.FixtureRequest) -> str:
    """Every test runs with both parsers: they must agree."""
    return str(request.param)


def positions(source: bytes | str, which: str) -> list[tuple[str, int, int]]:
    parsed = parser.parse(source, parser=which)
    index = parser.LineIndex.of(parsed.text)
    return [(el.tag, *index.linecol(parsed.positions[el]))
            for el in parsed.tree.getroot().iter() if isinstance(el.tag, str)]


def expected_starts(text: str, tags: list[str]) -> list[tuple[str, int, int]]:
    """Independent oracle: where each '<tag' occurs in the text, by plain string search,
    counting CRLF and lone CR as one line break and columns in characters."""
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    out = []
    pos = 0
    for tag in tags:
        pos = text.index(f"<{tag}", pos)
        line = text.count("\n", 0, pos) + 1
        column = pos - (text.rfind("\n", 0, pos) + 1) + 1
        out.append((tag, line, column))
        pos += 1
    return out


SOURCE = (
    "\ufeff<!DOCTYPE html>\r\n<html lang=\"en\">\r\n<head><title>Tést ✓</title></head>\r\n"
    "<body>\r\n\t<p>héllo 🇺🇸 <img src=\"a.jpg\"></p>\r<div>\t\t<span>x</span></div>\n"
    "<section><p>日本語 <a href=\"#x\">link</a></p></section>\n</body></html>"
)
TAGS = ["html", "head", "title", "body", "p", "img", "div", "span", "section", "p", "a"]


@pytest.mark.parametrize("encoding", ["utf-8", "str"])
def test_positions_with_bom_crlf_cr_tabs_and_multibyte(encoding: str, which: str) -> None:
    source = SOURCE if encoding == "str" else SOURCE.encode("utf-8")
    assert positions(source, which) == expected_starts(SOURCE, TAGS)


def test_tab_counts_as_one_column(which: str) -> None:
    assert positions("<p>\t\t<b>x</b></p>", which)[-1] == ("b", 1, 6)


def test_implied_elements_take_the_position_of_the_token_that_implied_them(which: str) -> None:
    src = "<!-- c -->\n  Hello <b>world</b>\n<table><tr><td>cell</td></tr></table>"
    got = dict(((tag, i), (line, col)) for i, (tag, line, col) in enumerate(positions(src, which)))
    # html/head/body are implied by the text "Hello" at line 2, column 3.
    assert got[("html", 0)] == (2, 3)
    assert got[("head", 1)] == (2, 3)
    assert got[("body", 2)] == (2, 3)
    # tbody is implied by <tr>.
    assert [(t, line, c) for t, line, c in positions(src, which) if t in ("tbody", "tr")] == [
        ("tbody", 3, 8), ("tr", 3, 8)]


def test_explicit_html_head_body_keep_their_own_tags(which: str) -> None:
    src = "<!DOCTYPE html>\n<html>\n <head>\n </head>\n <body class=x>\n  <main></main>\n </body>\n</html>"
    assert positions(src, which) == expected_starts(src, ["html", "head", "body", "main"])


def test_foster_parented_element_keeps_its_source_position(which: str) -> None:
    src = "<table>\n  <div>moved out of the table</div>\n  <tr><td>x</td></tr>\n</table>"
    got = {tag: (line, col) for tag, line, col in positions(src, which) if tag in ("div", "table")}
    assert got == {"table": (1, 1), "div": (2, 3)}


def test_long_document_crosses_chunk_boundaries(which: str) -> None:
    # html5lib reads 10240 characters at a time; positions must not drift across chunks.
    filler = "é" * 10237 + "\r\n"
    src = "<body>" + "".join(f"{filler}<p id=p{i}>x</p>" for i in range(5))
    got = [p for p in positions(src, which) if p[0] == "p"]
    assert got == expected_starts(src, ["p"] * 5)


def test_comments_are_recorded_with_their_offsets(which: str) -> None:
    src = "<p>a</p>\r\n<!-- govlint-disable image-alt -- why -->\n<script>// <!-- not a comment --></script>"
    parsed = parser.parse(src, parser=which)
    index = parser.LineIndex.of(parsed.text)
    assert [(index.linecol(pos), data) for pos, data in parsed.comments] == [
        ((2, 1), " govlint-disable image-alt -- why ")]


def test_windows_1252_fallback_decodes_legacy_bytes(which: str) -> None:
    legacy = b"<html><head><title>Caf\xe9</title></head><body><p>\x93quoted\x94</p></body></html>"
    parsed = parser.parse(legacy, parser=which)
    assert parsed.encoding == "windows-1252"
    assert "Café" in parsed.text and "\u201cquoted\u201d" in parsed.text


def test_meta_charset_is_honoured(which: str) -> None:
    data = '<meta charset="iso-8859-2"><p>Łódź</p>'.encode("iso-8859-2")
    parsed = parser.parse(data, parser=which)
    assert "Łódź" in parsed.text


def test_late_meta_charset_reparse_keeps_positions_and_comments_single(which: str) -> None:
    # Past the 1024-byte prescan html5lib finds the charset while parsing, then re-reads.
    padding = "<!-- " + "x" * 1100 + " -->\n"
    meta = '<meta http-equiv="Content-Type" content="text/html; charset=windows-1251">'
    src = padding + meta + "\n<p>Привет</p>"
    parsed = parser.parse(src.encode("windows-1251"), parser=which)
    assert "Привет" in parsed.text
    assert len(parsed.comments) == 1
    p = next(el for el in parsed.tree.getroot().iter() if el.tag == "p")
    assert parser.LineIndex.of(parsed.text).linecol(parsed.positions[p]) == (3, 1)


def test_utf16_with_bom(which: str) -> None:
    data = "<html lang=en><body>\n<img src=x.jpg></body></html>".encode("utf-16")
    assert positions(data, which)[-1] == ("img", 2, 1)


def test_transport_encoding_overrides_the_default(which: str) -> None:
    data = "<p>Ünïcödé</p>".encode()
    doc = from_source(data, PageInfo("x.html"), encoding="utf-8", parser_name=which)
    assert "Ünïcödé" in doc.source


def test_undecodable_bytes_are_replaced_not_fatal(which: str) -> None:
    data = b'<meta charset="utf-8"><p>bad \xff\xfe bytes</p><img src=a>'
    doc = from_source(data, PageInfo("x.html"), parser_name=which)
    assert "\ufffd" in doc.source
    img = doc.select("img")[0]
    assert doc.linecol(img) == (1, 1 + doc.source.index("<img"))


def test_snippet_is_the_start_tag_as_written(which: str) -> None:
    doc = from_source('<body>\n  <img  src="a>b.jpg"\n       alt="">\n</body>', PageInfo("x.html"),
                      parser_name=which)
    assert doc.snippet(doc.select("img")[0]) == '<img src="a>b.jpg" alt="">'


def test_selector_path_is_short_and_unique(which: str) -> None:
    doc = from_source('<body><div id="main"><p>a</p><p><img src=x></p></div></body>', PageInfo("x"),
                      parser_name=which)
    selector = doc.selector(doc.select("img")[0])
    assert selector == "#main > p:nth-of-type(2) > img"
    assert doc.select(selector) == doc.select("img")


def test_every_element_gets_a_position_and_reconstructed_ones_point_at_their_cause(which: str) -> None:
    html = "<!DOCTYPE html><html><body>" + "".join(
        f"<div class=c{i}><b><i>x</b>y</i><table><td>z</table></div>" for i in range(50)) + "</body></html>"
    parsed = parser.parse(html, parser=which)
    doc = from_source(html, PageInfo("x"), parser_name=which)
    elements = [el for el in doc.root.iter() if isinstance(el.tag, str)]
    assert all(el in doc.parsed.positions for el in elements)
    for el in elements:
        pos = doc.parsed.positions[el]
        if el.tag == "i" and el.getparent().tag == "div":
            # <i> reopened after </b> is implied by the text "y" that follows.
            assert parsed.text[pos] == "y"
        elif el.tag in ("html", "head", "tbody", "tr"):
            assert parsed.text[pos] == "<"  # at the tag that implied it
        else:
            assert parsed.text.startswith(f"<{el.tag}", pos)


def test_unknown_declared_charset_falls_back_instead_of_failing(which: str) -> None:
    data = b'<meta charset="x-bogus-9">\n<p>caf\xe9</p><img src=a>'
    doc = from_source(data, PageInfo("x.html"), parser_name=which)
    assert doc.parsed.encoding == "windows-1252"
    assert "café" in doc.source
    assert doc.linecol(doc.select("img")[0]) == (2, 12)


@pytest.mark.slow
def test_a_page_nested_100000_deep_parses_flat_past_chromiums_limit() -> None:
    # turbohtml, like Chromium, stops nesting at depth 512 and appends deeper elements flat,
    # so depth never costs more than breadth (html5lib nests on and is quadratic here).
    n = 100_000
    parsed = parser.parse("<!DOCTYPE html><body>" + "<div>" * n + "x" + "</div>" * n)
    divs = list(parsed.tree.getroot().iter("div"))
    assert len(divs) == n
    depth, node = 0, parsed.tree.getroot().find("body/div")
    while node is not None:  # down the first-child chain, to where nesting stopped
        depth, node = depth + 1, node.find("div")
    assert 500 < depth < 520
    index = parser.LineIndex.of(parsed.text)
    assert index.linecol(parsed.positions[divs[-1]]) == (1, len("<!DOCTYPE html><body>") + 5 * (n - 1) + 1)


def test_foreign_attributes_outside_the_namespaced_table_are_ordinary_names(which: str) -> None:
    # Found by bench/fuzz.py: "xml:" and "xlink:" with no local part made an empty namespaced
    # name. Only WHATWG's "adjust foreign attributes" names get a namespace.
    src = '<svg xml: =1 xlink:foo=2 xlink:href=3 xml:lang=en><path xlink:=5 d=1></path></svg>'
    svg = next(parser.parse(src, parser=which).tree.getroot().iter("{http://www.w3.org/2000/svg}svg"))
    assert dict(svg.attrib) == {"xmlU0003A": "1", "xlinkU0003Afoo": "2",
                                "{http://www.w3.org/1999/xlink}href": "3",
                                "{http://www.w3.org/XML/1998/namespace}lang": "en"}
    assert svg[0].get("xlinkU0003A") == "5"


def test_a_duplicate_attribute_whose_name_xml_cannot_hold_is_reported(which: str) -> None:
    # Found by bench/fuzz.py: looking the kept value up by such a name raised in lxml.
    from govlint.config import CliOverrides, RawConfig
    from govlint.runner import Linter, lint_html

    linter = Linter.build(RawConfig({"parser": which, "select": ["duplicate-attr"]}), CliOverrides())
    found = lint_html('<!DOCTYPE html><p {x=1 {x=2>text</p>', linter=linter).violations
    assert [(v.rule, v.line, v.column) for v in found] == [("duplicate-attr", 1, 16)]
