"""The accessible name and description computation (govlint/a11y/accname.py), step by step
as W3C "Accessible Name and Description Computation 1.2" numbers them (2A hidden not
referenced, 2B aria-labelledby, 2C embedded control, 2D aria-label, 2E host language label,
2F name from content, 2G text node, 2H recursive name from content, 2I tooltip), with the
host language labels HTML-AAM gives HTML elements.

Each page is parsed by both parsers; the names are asked of a fresh ``accname.Names`` with
the page's semantics as its ``Tree``, as ``Semantics`` asks them. CSS generated content
(::before, ::after) is not read: the static cascade keeps display and visibility only.
"""

from __future__ import annotations

import gc
import json
import sys
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import run_govlint

from govlint import recursion
from govlint.a11y import accname
from govlint.document import PageInfo, from_source

PARSERS = ("turbohtml", "html5lib")


def _doc(body: str, parser: str, head: str = ""):
    html = f"<!DOCTYPE html><html lang='en'><head><title>t</title>{head}</head><body>{body}</body></html>"
    return from_source(html, PageInfo("t.html"), parser_name=parser)


def namer(body: str, parser: str, head: str = "") -> tuple[Callable[[str], str], Callable[[str], str]]:
    """(name of the element with this id, its description), from one fresh Names."""
    doc = _doc(body, parser, head)
    tree, names = doc.a11y, accname.Names()

    def element(ident: str):
        found = tree.by_id(ident)
        assert found is not None, ident
        return found

    return (lambda ident: names.name(tree, element(ident)),
            lambda ident: names.description(tree, element(ident)))


def names_of(body: str, parser: str, *idents: str, head: str = "") -> dict[str, str]:
    name, _ = namer(body, parser, head)
    return {ident: name(ident) for ident in idents}


@pytest.fixture(params=PARSERS)
def parser(request: pytest.FixtureRequest) -> str:
    return str(request.param)


# --- 2A: hidden, not referenced -------------------------------------------------------------


def test_2a_hidden_content_adds_nothing(parser: str) -> None:
    body = """<button id="b">Save <span hidden>draft</span><span style="display:none">copy</span>
      <span aria-hidden="true">★</span><span class="off">now</span><span style="visibility:hidden">x</span>
      </button>"""
    assert names_of(body, parser, "b", head="<style>.off { display: none }</style>") == {"b": "Save"}


def test_2a_a_hidden_element_has_no_name_until_shown(parser: str) -> None:
    doc = _doc('<div hidden><button id="b">Go</button></div>', parser)
    tree, names = doc.a11y, accname.Names()
    button = tree.by_id("b")
    assert names.name(tree, button) == ""
    assert names.name_if_shown(tree, button) == "Go"


def test_2a_a_hidden_element_referenced_directly_gives_its_whole_subtree(parser: str) -> None:
    # The referenced element is hidden, and so is what is inside it: all of it counts.
    body = """<button id="b1" aria-labelledby="l1"></button>
      <div id="l1" hidden>Pay <span hidden>now</span></div>
      <button id="b2" aria-labelledby="l2"></button>
      <div id="l2">Pay <span hidden>now</span></div>"""
    # When the referenced element is shown, its hidden content stays out.
    assert names_of(body, parser, "b1", "b2") == {"b1": "Pay now", "b2": "Pay"}


# --- 2B: aria-labelledby ------------------------------------------------------------------


def test_2b_references_in_order_joined_by_spaces_missing_ids_skipped(parser: str) -> None:
    body = """<button id="b" aria-labelledby="second nowhere first">ignored</button>
      <span id="first">Open</span><span id="second">Report</span>"""
    assert names_of(body, parser, "b") == {"b": "Report Open"}


def test_2b_wins_over_aria_label_and_the_host_language_label(parser: str) -> None:
    body = """<label for="i">Label</label>
      <input id="i" aria-label="Aria" aria-labelledby="r"><span id="r">Referenced</span>"""
    assert names_of(body, parser, "i") == {"i": "Referenced"}


def test_2b_an_empty_result_falls_through_to_the_next_steps(parser: str) -> None:
    body = """<button id="b" aria-labelledby="empty">Send</button><span id="empty"> </span>
      <button id="c" aria-labelledby="nowhere" aria-label="Cancel"></button>"""
    assert names_of(body, parser, "b", "c") == {"b": "Send", "c": "Cancel"}


def test_2b_an_element_may_reference_itself_and_is_then_named_from_2d_on(parser: str) -> None:
    body = """<a id="f" href="/files/budget.pdf">budget.pdf</a>
      <span role="button" tabindex="0" id="d" aria-label="Remove" aria-labelledby="d f"></span>"""
    assert names_of(body, parser, "d") == {"d": "Remove budget.pdf"}


def test_2b_is_not_followed_from_inside_a_traversal(parser: str) -> None:
    # one -> two is followed; two's own aria-labelledby (-> three) is not, so two gives its
    # content. Asked for itself, two follows its reference.
    body = """<button id="one" aria-labelledby="two"></button>
      <span id="two" aria-labelledby="three">Second</span><span id="three">Third</span>"""
    assert names_of(body, parser, "one", "two") == {"one": "Second", "two": "Third"}


def test_2b_a_referenced_element_gives_its_content_whatever_its_role(parser: str) -> None:
    # nav and table do not take their name from content, but referenced they give it (2F),
    # and a referenced element's own aria-label comes first (2D).
    body = """<button id="b1" aria-labelledby="n"></button><nav id="n">Site <b>map</b></nav>
      <button id="b2" aria-labelledby="t"></button><table id="t"><tr><td>Cell</td></tr></table>
      <button id="b3" aria-labelledby="z"></button><span id="z" aria-label="Zip code">ZIP</span>"""
    assert names_of(body, parser, "b1", "b2", "b3") == {"b1": "Site map", "b2": "Cell", "b3": "Zip code"}


def test_2b_references_that_form_a_cycle_end(parser: str) -> None:
    body = """<section id="x" aria-labelledby="y">Ex</section>
      <section id="y" aria-labelledby="x">Why</section>"""
    assert names_of(body, parser, "x", "y") == {"x": "Why", "y": "Ex"}


# --- 2C: embedded controls ----------------------------------------------------------------


def test_2c_a_text_field_inside_a_label_gives_its_value(parser: str) -> None:
    body = """<input type="checkbox" id="c">
      <label for="c">Remind me <input type="text" value="3"> days before</label>"""
    assert names_of(body, parser, "c") == {"c": "Remind me 3 days before"}


def test_2c_a_select_inside_a_label_gives_its_chosen_option(parser: str) -> None:
    # (A wrapping label would label the select, its first labelable descendant: for= it is.)
    body = """<input type="checkbox" id="c1"><label for="c1">Repeat every
      <select><option>day</option><option selected>week</option></select></label>
      <input type="checkbox" id="c2"><label for="c2">Every
      <select><option>month</option><option>year</option></select></label>"""
    assert names_of(body, parser, "c1", "c2") == {"c1": "Repeat every week", "c2": "Every month"}


def test_2c_a_range_gives_valuetext_then_valuenow_then_its_value(parser: str) -> None:
    body = """<button id="b1">Volume <span role="slider" tabindex="0" aria-valuenow="7"
      aria-valuetext="loud"></span></button>
      <button id="b2">Level <span role="spinbutton" tabindex="0" aria-valuenow="4"></span></button>
      <button id="b3">Count <input type="number" value="12"></button>"""
    assert names_of(body, parser, "b1", "b2", "b3") == {"b1": "Volume loud", "b2": "Level 4",
                                                       "b3": "Count 12"}


def test_2c_an_embedded_controls_aria_label_is_ignored_inside_content(parser: str) -> None:
    body = """<input type="checkbox" id="c">
      <label for="c">Wait <input type="text" aria-label="minutes" value="10"> minutes</label>"""
    assert names_of(body, parser, "c") == {"c": "Wait 10 minutes"}


def test_2c_a_control_inside_its_own_label_is_visited_once(parser: str) -> None:
    # The field is already being named when its label's content reaches it again: it adds
    # nothing, so its value does not become part of its own name.
    body = '<label>First name <input id="i" type="text" value="Ann"></label>'
    assert names_of(body, parser, "i") == {"i": "First name"}


# --- 2D: aria-label -----------------------------------------------------------------------


def test_2d_aria_label_wins_over_content_and_blank_ones_are_ignored(parser: str) -> None:
    body = """<button id="b1" aria-label="Close">×</button>
      <button id="b2" aria-label="  ">Open</button>
      <a id="a" href="/"><span aria-label="Home">⌂</span> page</a>"""
    assert names_of(body, parser, "b1", "b2", "a") == {"b1": "Close", "b2": "Open", "a": "Home page"}


# --- 2E: the host language's label (HTML-AAM) ---------------------------------------------


def test_2e_labels_for_and_wrapping_each_in_document_order(parser: str) -> None:
    body = """<label for="e">Email</label><input id="e" type="email"><label for="e">(required)</label>
      <label>Phone <input id="p" type="tel"></label>
      <label for="m">Not a labelable element</label><div id="m" role="textbox">x</div>"""
    assert names_of(body, parser, "e", "p", "m") == {"e": "Email (required)", "p": "Phone", "m": ""}


def test_2e_inputs_title_then_placeholder(parser: str) -> None:
    body = """<input id="t" title="Phone" placeholder="555-0100"><input id="p" placeholder="Search">
      <label for="l">Zip</label><input id="l" title="Postal code">
      <textarea id="ta" placeholder="Comments"></textarea>"""
    assert names_of(body, parser, "t", "p", "l", "ta") == {"t": "Phone", "p": "Search", "l": "Zip",
                                                           "ta": "Comments"}


def test_2e_input_buttons_value_or_their_default(parser: str) -> None:
    body = """<input id="s" type="submit"><input id="r" type="reset"><input id="b" type="button">
      <input id="v" type="submit" value="Apply"><input id="i" type="image" src="go.png" alt="Go">"""
    assert names_of(body, parser, "s", "r", "b", "v", "i") == {"s": "Submit", "r": "Reset", "b": "",
                                                               "v": "Apply", "i": "Go"}


def test_2e_alt_and_an_image_made_presentational(parser: str) -> None:
    body = """<img id="a" src="seal.png" alt="Agency seal">
      <img id="e" src="line.png" alt="" title="Divider">
      <img id="t" src="map.png" title="Map of the region">"""
    assert names_of(body, parser, "a", "e", "t") == {"a": "Agency seal", "e": "", "t": "Map of the region"}


def test_2e_legend_caption_figcaption_and_the_first_one_only(parser: str) -> None:
    body = """<fieldset id="fs"><legend>Address</legend><legend>Second</legend></fieldset>
      <table id="tb"><caption>Budget <b>2024</b></caption><tr><td>x</td></tr></table>
      <figure id="fig"><img src="x" alt="Chart"><figcaption>Spending</figcaption></figure>
      <figure id="bare"><p>Text</p></figure>"""
    assert names_of(body, parser, "fs", "tb", "fig", "bare") == {
        "fs": "Address", "tb": "Budget 2024", "fig": "Spending", "bare": ""}


def test_2e_optgroup_iframe_and_svg_title(parser: str) -> None:
    body = """<select><optgroup id="og" label="Fruit"><option>Apple</option></optgroup></select>
      <iframe id="f" title="Video player" src="about:blank"></iframe>
      <svg id="s" role="img"><title>Rainfall</title><text>mm</text></svg>"""
    assert names_of(body, parser, "og", "f", "s") == {"og": "Fruit", "f": "Video player", "s": "Rainfall"}


# --- 2F, 2G, 2H: name from content, text nodes, recursion ---------------------------------


def test_2f_roles_that_take_their_name_from_content(parser: str) -> None:
    body = """<div id="tab" role="tab">Overview</div><h2 id="h">Latest <em>news</em></h2>
      <a id="a" href="/">Contact us</a><table><tr><td id="td">Cell</td></tr></table>
      <div id="opt" role="option">Large</div><div id="tip" role="tooltip">Shortcut: S</div>"""
    assert names_of(body, parser, "tab", "h", "a", "td", "opt", "tip") == {
        "tab": "Overview", "h": "Latest news", "a": "Contact us", "td": "Cell", "opt": "Large",
        "tip": "Shortcut: S"}


def test_2f_roles_that_do_not(parser: str) -> None:
    body = """<nav id="n">Links</nav><div id="dlg" role="dialog">Text</div><ul id="ul"><li>x</li></ul>
      <div id="d">Generic</div><main id="m">Main text</main><select id="sel"><option>One</option></select>"""
    assert names_of(body, parser, "n", "dlg", "ul", "d", "m", "sel") == dict.fromkeys(
        ("n", "dlg", "ul", "d", "m", "sel"), "")


def test_2f_block_elements_are_set_apart_inline_ones_are_not(parser: str) -> None:
    body = """<button id="b"><div>Save</div><div>all</div></button>
      <a id="a" href="/">Ex<span>ample</span><b>s</b></a>
      <a id="br" href="/">Line<br>break</a>"""
    assert names_of(body, parser, "b", "a", "br") == {"b": "Save all", "a": "Examples", "br": "Line break"}


def test_2f_descendants_named_by_their_own_higher_steps(parser: str) -> None:
    body = """<a id="a" href="/"><img src="seal.png" alt="Seal"> of the agency</a>
      <h2 id="h"><a href="/n">News</a> today <img src="x" alt=""></h2>
      <button id="b"><span aria-labelledby="elsewhere">Own text</span></button>
      <span id="elsewhere">Far</span>"""
    # A descendant's aria-labelledby is not followed: only the element named follows its own.
    assert names_of(body, parser, "a", "h", "b") == {"a": "Seal of the agency", "h": "News today",
                                                     "b": "Own text"}


def test_2g_text_nodes_white_space_collapsed_and_comments_ignored(parser: str) -> None:
    body = '<button id="b">\n  Sa<!-- a comment -->ve\n\t changes  </button>'
    assert names_of(body, parser, "b") == {"b": "Save changes"}


def test_2h_content_of_any_role_inside_a_name_counts(parser: str) -> None:
    # nav, list and dialog do not name themselves from content, but inside a link they give it.
    body = """<a id="a" href="/"><nav>Go <ul><li>to</li></ul></nav><div role="dialog">top</div></a>"""
    assert names_of(body, parser, "a") == {"a": "Go to top"}


def test_2f_generic_containers_named_from_content_when_they_are_label_like(parser: str) -> None:
    # label, legend, caption, figcaption, summary and table cells are named from their content.
    body = """<label id="l">Label text</label><details><summary id="s">More</summary>x</details>
      <figure><figcaption id="fc">Caption</figcaption></figure>"""
    assert names_of(body, parser, "l", "s", "fc") == {"l": "Label text", "s": "More", "fc": "Caption"}


# --- 2I: tooltip ----------------------------------------------------------------------------


def test_2i_title_only_when_nothing_else_named_the_element(parser: str) -> None:
    body = """<a id="a1" href="/" title="Help"></a><a id="a2" href="/" title="Help">FAQ</a>
      <button id="b"><span title="Delete"></span></button>
      <a id="a3" href="/"><img src="x" alt="" title="Ignored"></a>"""
    assert names_of(body, parser, "a1", "a2", "b", "a3") == {"a1": "Help", "a2": "FAQ", "b": "Delete",
                                                              "a3": ""}


# --- descriptions -----------------------------------------------------------------------------


def test_description_from_describedby_then_aria_description_then_title(parser: str) -> None:
    body = """<input id="i" aria-label="Zip" aria-describedby="h1 h2"><span id="h1">5 digits</span>
      <span id="h2" hidden>or 9</span>
      <button id="d" aria-description="Opens a dialog">Share</button>
      <a id="t" href="/" title="Frequently asked questions">FAQ</a>
      <a id="same" href="/" title="FAQ">FAQ</a>
      <a id="none" href="/" title="Only a name"></a>"""
    _, description = namer(body, parser)
    assert {k: description(k) for k in ("i", "d", "t", "same", "none")} == {
        "i": "5 digits or 9", "d": "Opens a dialog", "t": "Frequently asked questions", "same": "",
        "none": ""}


def test_a_description_that_references_its_own_element_ends(parser: str) -> None:
    body = '<button id="b" aria-describedby="b n">Print</button><span id="n">the page</span>'
    _, description = namer(body, parser)
    assert description("b") == "Print the page"


# --- the memo and the limits ------------------------------------------------------------------


def test_answers_do_not_depend_on_the_order_names_are_asked_in(parser: str) -> None:
    """Content is kept for the next name unless a cycle or a depth cut shaped it: asked in
    any order, every element gets the same name."""
    body = """<nav id="n" aria-labelledby="h"><h2 id="h"><a id="a" href="/" aria-labelledby="n h">Home</a>
      <span id="s">Site</span></h2><label for="i">Find <input id="i" value="x"></label>
      <section id="sec" aria-labelledby="sec s">Intro</section></nav>"""
    doc = _doc(body, parser)
    tree = doc.a11y
    elements = list(doc.root.iter("*"))
    forward, backward = accname.Names(), accname.Names()
    first = [forward.name(tree, el) for el in elements]
    second = [backward.name(tree, el) for el in reversed(elements)][::-1]
    assert first == second
    named = dict(zip(elements, first, strict=True))
    assert named[tree.by_id("i")] == "Find"  # the field is not part of its own name
    # Each reference is followed in turn; a reaches itself inside nav, named from content.
    assert named[tree.by_id("a")] == "Home Site Find x Intro Home Site"


def test_content_deeper_than_name_depth_adds_nothing() -> None:
    # html5lib nests without limit; turbohtml stops at 512, within NAME_DEPTH.
    depth = accname.NAME_DEPTH + 10
    body = '<a id="a" href="/">Top ' + "<span>" * depth + "deep" + "</span>" * depth + "</a>"
    previous = sys.getrecursionlimit()
    recursion.make_room()
    try:
        assert names_of(body, "html5lib", "a") == {"a": "Top"}
        assert names_of(body, "turbohtml", "a") == {"a": "Top deep"}
    finally:
        sys.setrecursionlimit(previous)


def test_one_name_visits_at_most_name_budget_elements() -> None:
    # Labels inside labels around one control: each label labels it, and each names it anew.
    body = '<label role="heading">Name ' * 30 + '<input id="i">' + "</label>" * 30
    name, _ = namer(body, "turbohtml")
    assert name("i").startswith("Name Name")  # computed, and in bounded time and memory
    assert len(name("i")) <= accname.NAME_CHARS


def test_names_hold_no_reference_to_the_page() -> None:
    """A Names is handed the Tree on each call and keeps none: the page's objects hold no
    cycle, so they are freed as soon as the page is done with (the collector is paused
    while a page is linted)."""
    doc = _doc('<a id="a" href="/">Home</a>', "turbohtml")
    tree = doc.a11y
    assert tree.name(tree.by_id("a")) == "Home"
    gone = weakref.ref(tree)
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        del doc, tree
        assert gone() is None
    finally:
        if was_enabled:
            gc.enable()


# --- the recursion limit: raised at the entry points only -------------------------------------


def test_naming_never_changes_the_recursion_limit() -> None:
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)
    try:
        doc = _doc('<a id="a" href="/">' + "<span>" * 100 + "Deep" + "</span>" * 100 + "</a>", "turbohtml")
        assert doc.a11y.name(doc.a11y.by_id("a")) == "Deep"
        assert sys.getrecursionlimit() == 1000
    finally:
        sys.setrecursionlimit(previous)


def test_make_room_only_raises_the_limit() -> None:
    previous = sys.getrecursionlimit()
    try:
        sys.setrecursionlimit(1000)
        recursion.make_room()
        assert sys.getrecursionlimit() == recursion.FRAMES
        sys.setrecursionlimit(recursion.FRAMES + 5000)
        recursion.make_room()
        assert sys.getrecursionlimit() == recursion.FRAMES + 5000
    finally:
        sys.setrecursionlimit(previous)
    assert recursion.FRAMES >= 4 * accname.NAME_DEPTH + 1000  # four frames a level, and the caller's


DEPTH = 5_000


def _deep_page(path: Path, text: str) -> None:
    """A link around 5,000 nested divs (turbohtml keeps 512 of the levels, html5lib all), and
    a chain of buttons, each labelled by the next (only the first reference is followed)."""
    chain = "".join(f'<button id="b{k}" aria-labelledby="b{k + 1}">Step {k}</button>' for k in range(50))
    path.write_text('<!DOCTYPE html><html lang="en"><head><title>Deep</title></head><body><main>'
                    '<h1>Deep</h1><a href="#top" id="top">' + "<div>" * DEPTH + text + "</div>" * DEPTH
                    + "</a>" + chain + "</main></body></html>", encoding="utf-8")


@pytest.mark.parametrize(("parser", "jobs"), [("turbohtml", "1"), ("turbohtml", "2"), ("html5lib", "2")])
def test_a_deeply_nested_page_is_linted_through_the_command_line(tmp_path: Path, parser: str,
                                                                 jobs: str) -> None:
    """The command line makes room for the names of content nested to the parser's limit,
    in its own process and in its workers, whatever the limit of the process it runs in."""
    for n in range(2):
        _deep_page(tmp_path / f"deep{n}.html", f"Back to top {n}")
    previous = sys.getrecursionlimit()
    sys.setrecursionlimit(1000)  # Python's default: the command line must raise it itself
    try:
        proc = run_govlint("--offline", "--no-config", "--no-cache", "--parser", parser, "--jobs", jobs,
                           "--select", "link-name,button-name", "--format", "json", "deep0.html",
                           "deep1.html", cwd=tmp_path)
    finally:
        sys.setrecursionlimit(previous)
    report = json.loads(proc.stdout)
    assert report["errors"] == [], report["errors"]
    found = sorted((v["rule"], Path(v["file"]).name) for v in report["violations"])
    if parser == "turbohtml":  # 512 levels: the link is named from its text
        assert found == [] and proc.returncode == 0
    else:  # 5,000 levels: the text is past NAME_DEPTH, so the link has no name
        assert found == [("link-name", "deep0.html"), ("link-name", "deep1.html")]
