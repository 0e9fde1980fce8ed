"""The accessibility semantics layer: roles, hidden, focusable, names (accname 1.2)."""

from __future__ import annotations

from pathlib import Path

import pytest

from govlint.document import PageInfo, from_source


def page(body: str, head: str = "", info: PageInfo | None = None):
    html = f"<!DOCTYPE html><html lang='en'><head><title>t</title>{head}</head><body>{body}</body></html>"
    doc = from_source(html, info or PageInfo("t.html"))
    return doc, doc.a11y


def el(a, ident):
    found = a.by_id(ident)
    assert found is not None, ident
    return found


def test_one_semantics_object_per_document() -> None:
    doc, a = page("<p>x</p>")
    assert doc.a11y is a


def test_implicit_roles_depend_on_context() -> None:
    _, a = page("""
      <header id="h1">Site</header><article><header id="h2">Post</header></article>
      <footer id="f1">x</footer><main><footer id="f2">y</footer></main>
      <a id="a1" href="/">x</a><a id="a2">x</a>
      <img id="i1" src="x" alt=""><img id="i2" src="x" alt="Seal"><img id="i3" src="x">
      <section id="s1" aria-label="News">x</section><section id="s2">x</section>
      <input id="t" type="text"><input id="l" list="dl"><input id="c" type="checkbox">
      <input id="r" type="range"><input id="n" type="number"><input id="hid" type="hidden">
      <select id="sel"><option>a</option></select><select id="multi" multiple><option>a</option></select>
      <table><tr><th id="colh">A</th><th id="colh2">B</th></tr><tr><th id="rowh">R</th><td>1</td></tr>
      <tr><th id="sc" scope="row">S</th><th>T</th></tr></table>""")
    expected = {"h1": "banner", "h2": "generic", "f1": "contentinfo", "f2": "generic", "a1": "link",
                "a2": "generic", "i1": "presentation", "i2": "img", "i3": "img", "s1": "region",
                "s2": "generic", "t": "textbox", "l": "combobox", "c": "checkbox", "r": "slider",
                "n": "spinbutton", "hid": None, "sel": "combobox", "multi": "listbox",
                "colh": "columnheader", "rowh": "rowheader", "sc": "rowheader"}
    assert {k: a.role(el(a, k)) for k in expected} == expected


def test_aside_is_complementary_only_at_the_top_or_when_named() -> None:
    """HTML-AAM: aside scoped to body or main is complementary; inside sectioning content
    (article, aside, nav, section) it is complementary only with a name, else generic."""
    _, a = page("""
      <aside id="top">x</aside><main><aside id="in-main">x</aside></main>
      <nav><aside id="in-nav">x</aside><aside id="named" aria-label="Tools">x</aside></nav>
      <article><aside id="in-article" title="Glossary">x</aside></article>
      <section><div><aside id="deep">x</aside></div></section>
      <aside><aside id="in-aside">x</aside></aside>
      <nav><aside id="by-ref" aria-labelledby="ref">x</aside></nav><span id="ref">Links</span>""")
    expected = {"top": "complementary", "in-main": "complementary", "in-nav": "generic",
                "named": "complementary", "in-article": "complementary", "deep": "generic",
                "in-aside": "generic", "by-ref": "complementary"}
    assert {k: a.role(el(a, k)) for k in expected} == expected


def test_an_image_with_empty_alt_is_presentational_whatever_its_title() -> None:
    _, a = page('<img id="t" src="x" alt="" title="Poppy"><img id="l" src="x" alt="" aria-label="Poppy">'
                '<img id="n" src="x" title="Poppy">')
    assert [a.role(el(a, k)) for k in ("t", "l", "n")] == ["presentation", "img", "img"]
    assert [a.name(el(a, k)) for k in ("t", "l", "n")] == ["", "Poppy", "Poppy"]


def test_explicit_role_takes_the_first_valid_token() -> None:
    _, a = page('<div id="d" role="foo button link">x</div><div id="e" role="widget">x</div>')
    assert a.role(el(a, "d")) == "button"
    assert a.role(el(a, "e")) == "generic"  # abstract roles are not valid author roles


def test_presentational_conflict_resolution() -> None:
    _, a = page("""<img id="p1" src="x" role="presentation">
      <img id="p2" src="x" role="presentation" aria-label="Seal">
      <img id="p3" src="x" role="none" tabindex="-1">
      <img id="p4" src="x" alt="" aria-describedby="p1">
      <h2 id="p5" role="none" aria-hidden="true">x</h2>""")
    assert a.role(el(a, "p1")) == "presentation"
    assert a.role(el(a, "p2")) == "img"
    assert a.role(el(a, "p3")) == "img"
    assert a.role(el(a, "p4")) == "img"
    assert a.role(el(a, "p5")) == "none"  # aria-hidden is no reason to keep the role


def test_hidden_from_the_tree() -> None:
    _, a = page("""
      <div id="h1" hidden><span id="in1">x</span></div>
      <div aria-hidden="true"><span id="in2">x</span></div>
      <div style="display:none"><span id="in3">x</span></div>
      <div style="visibility:hidden"><span id="in4">x</span>
        <span id="vis" style="visibility: visible">y</span></div>
      <div class="gone"><span id="in5">x</span></div>
      <div class="gone shown"><span id="shown">x</span></div>
      <div id="imp" class="gone2" style="display:block">x</div>
      <template><p id="tpl">x</p></template>
      <details><summary id="sum">s</summary><p id="det">x</p></details>
      <details open><summary>s</summary><p id="det2">x</p></details>
      <input id="hid" type="hidden"><p id="plain">x</p>""",
      head="""<style>.gone { display: none } div.shown { display: block }
               .gone2 { display: none !important } @media print { #plain { display: none } }</style>""")
    for ident in ("h1", "in1", "in2", "in3", "in4", "in5", "imp", "det", "hid"):
        assert a.hidden(el(a, ident)), ident
    for ident in ("vis", "shown", "sum", "det2", "plain"):
        assert not a.hidden(el(a, ident)), ident
    tpl = next(a.root.iter("template"))
    assert all(a.hidden(x) for x in tpl.iter())


def test_linked_style_sheet_inside_the_root(tmp_path: Path) -> None:
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "site.css").write_text(".offscreen-none { display: none }")
    (tmp_path / "page.html").write_text("x")
    outside = tmp_path.parent / "outside.css"
    outside.write_text(".far { display: none }")
    info = PageInfo("page.html", disk_path=str(tmp_path / "page.html"), site_root=str(tmp_path))
    _, a = page('<p id="p" class="offscreen-none">x</p><p id="q" class="far">y</p>',
                head='<link rel="stylesheet" href="/css/site.css">'
                     f'<link rel="stylesheet" href="../{outside.name}">',
                info=info)
    assert a.hidden(el(a, "p"))
    assert not a.hidden(el(a, "q"))  # outside the site root: never read


def test_focusable() -> None:
    _, a = page("""<a id="a" href="/">x</a><a id="b">x</a><button id="c" disabled>x</button>
      <fieldset disabled><legend><input id="in-legend"></legend><input id="d"></fieldset>
      <div id="e" tabindex="-1">x</div><div id="f" inert><button id="g">x</button></div>
      <span id="h" contenteditable>x</span><button id="i" style="display:none">x</button>""")
    focusable = {k: a.focusable(el(a, k)) for k in "abcdefghi"}
    assert focusable == {"a": True, "b": False, "c": False, "d": False, "e": True, "f": False,
                         "g": False, "h": True, "i": False}
    assert a.focusable(el(a, "in-legend"))
    assert not a.tabbable(el(a, "e"))


def test_accessible_names() -> None:
    _, a = page("""
      <button id="b1" aria-labelledby="l1 l2">ignored</button><span id="l1">Save</span>
      <span id="l2" hidden>draft</span>
      <a id="a1" href="/"><img src="x" alt="Home"> page <span aria-hidden="true">→</span></a>
      <label for="f1">Email</label><input id="f1">
      <label>Amount <input id="f2" type="text"></label>
      <label for="f3">Quantity <input type="number" value="5"> items</label><input id="f3" type="text">
      <input id="f4" title="Phone"><input id="f5" placeholder="Search">
      <input id="s1" type="submit"><input id="s2" type="button"><input id="s3" type="reset" value="Clear">
      <fieldset id="fs"><legend>Address</legend></fieldset>
      <table id="tb"><caption>Budget</caption><tr><td>x</td></tr></table>
      <figure id="fig"><img src="x" alt=""><figcaption>Map</figcaption></figure>
      <svg id="svg" role="img"><title>Chart</title></svg>
      <button id="b2"><span aria-label="Close"></span></button>
      <div id="d1" role="button">Press <div>now</div></div>
      <div id="g1" aria-label="Named generic">x</div>
      <a id="a2" href="/" title="Tip"></a>
      <a id="a3" href="/" aria-labelledby="a3 x3">Download</a><span id="x3">PDF</span>
      <a id="a4" href="/"><img src="x" alt="" title="Land cover map"></a>""")
    names = {k: a.name(el(a, k)) for k in ("b1", "a1", "f1", "f2", "f3", "f4", "f5", "s1", "s2", "s3", "fs",
                                           "tb", "fig", "svg", "b2", "d1", "a2", "a3", "a4")}
    assert names == {"b1": "Save draft", "a1": "Home page", "f1": "Email", "f2": "Amount",
                     "f3": "Quantity 5 items", "f4": "Phone", "f5": "Search", "s1": "Submit", "s2": "",
                     "s3": "Clear", "fs": "Address",
                     "tb": "Budget", "fig": "Map", "svg": "Chart", "b2": "Close", "d1": "Press now",
                     "a2": "Tip", "a3": "Download PDF",
                     "a4": ""}  # HTML-AAM: alt="" makes the image presentational, title and all


def test_description() -> None:
    _, a = page('<input id="i" aria-label="Zip" aria-describedby="h"><span id="h">5 digits</span>'
                '<button id="b" title="More info">Info</button>')
    assert a.description(el(a, "i")) == "5 digits"
    assert a.description(el(a, "b")) == "More info"


def test_names_that_reference_each_other_terminate() -> None:
    _, a = page('<section id="x" aria-labelledby="y">a</section>'
                '<section id="y" aria-labelledby="x">b</section>')
    assert a.role(el(a, "x")) == "region"
    assert a.name(el(a, "x")) == "b"


def test_name_if_shown_reads_collapsed_content() -> None:
    _, a = page('<div hidden><svg id="lock" role="img"><title>Lock</title></svg></div>')
    lock = el(a, "lock")
    assert a.name(lock) == "" and a.name_if_shown(lock) == "Lock"


def test_cascade_order_specificity_important_and_at_rules() -> None:
    _, a = page("""<p id="a" class="x">a</p><p id="b" class="x y">b</p><p id="c" class="z">c</p>
      <p id="d" class="w" style="display: block">d</p><p id="e" class="m">e</p>
      <p id="f" class="late">f</p>""",
                head="""<style>
        p.x { display: none } .x.y { display: block }
        .z { display: none !important } p#c { display: block }
        .w { display: none !important }
        @media screen { .m { display: none } }
        .late { display: none }</style><style>.late { display: inline }</style>""")
    hidden = {k: a.hidden(el(a, k)) for k in "abcdef"}
    # a: matched; b: more specific rule shows it; c: !important beats specificity; d: an
    # important sheet rule beats a normal inline style; e: inside an at-rule, not applied;
    # f: the later sheet wins at equal specificity.
    assert hidden == {"a": True, "b": False, "c": True, "d": True, "e": False, "f": False}


def test_a_page_nested_as_deep_as_the_parser_allows_is_linted_whole() -> None:
    # turbohtml nests up to depth 512 (as Chromium does); the semantics layer walks text with
    # its own stack, so every rule runs on such a page instead of failing it.
    from govlint.runner import lint_html

    depth = 2_000  # past the parser's limit and past Python's recursion limit of 1000
    page = ('<!DOCTYPE html><html lang="en"><head><title>Deep</title></head><body>'
            + "<div>" * depth + '<a href="#"><img src="a.jpg"></a>' + "</div>" * depth + "</body></html>")
    result = lint_html(page)
    assert {"link-name", "image-alt"} <= {v.rule for v in result.violations}


def test_a_link_around_content_nested_to_the_parsers_limit_gets_its_name(tmp_path) -> None:
    # Found by bench/fuzz.py: naming a link from content nested ~500 deep recursed past
    # Python's default limit, and the page became an input error.
    import json
    import subprocess
    import sys

    page = tmp_path / "deep.html"
    page.write_text('<!DOCTYPE html><html lang="en"><head><title>Deep link</title></head><body><main>'
                    '<a href="#top" id="top">' + "<span>" * 600 + "Back to top" + "</span>" * 600
                    + "</a></main></body></html>")
    proc = subprocess.run([sys.executable, "-m", "govlint", "--offline", "--no-config", "--no-cache",
                           "--select", "link-name", "--format", "json", str(page)],
                          capture_output=True, text=True, timeout=120)
    report = json.loads(proc.stdout)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert report["errors"] == [] and report["violations"] == []


@pytest.mark.parametrize("parser", ["turbohtml", "html5lib"])
def test_names_of_deep_content_need_no_caller_to_raise_the_recursion_limit(parser: str) -> None:
    # Found by bench/fuzz.py, which calls the library with Python's default limit of 1000:
    # naming a link around content nested to turbohtml's limit (512) recursed past it. The
    # library's entry points (lint_html here) make room. html5lib nests without limit;
    # content deeper than NAME_DEPTH adds nothing to a name.
    import subprocess
    import sys

    code = f"""
import sys
from govlint import config
from govlint.runner import Linter, lint_html
assert sys.getrecursionlimit() == 1000
linter = Linter.build(config.RawConfig(), config.CliOverrides(parser="{parser}"))
for depth in (500, 3000):
    page = ('<!DOCTYPE html><html lang="en"><title>Deep</title><main><a href="#">'
            + "<span>" * depth + "Back to top" + "</span>" * depth + "</a></main>")
    print(depth, "link-name" in {{v.rule for v in lint_html(page, linter=linter).violations}})
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    # 500 deep: named from its text; 3000 (html5lib only): the text is past NAME_DEPTH.
    expected = "500 False\n3000 False\n" if parser == "turbohtml" else "500 False\n3000 True\n"
    assert proc.stdout == expected
