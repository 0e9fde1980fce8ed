"""The default parser builds its tree two ways: turbo_xml's (turbohtml writes XML, libxml2 reads
it, both in C) and turbo_parser's node-by-node copy for the pages XML cannot carry exactly. The
two must give the same tree (names, namespaces, attributes, text, comments, doctype), the same
element positions and the same comments with their places: on every fixture page, on
hand-written pages for each way XML differs from HTML, and on mutated pages."""

from __future__ import annotations

import random
import warnings
from pathlib import Path
from typing import Any

import pytest
import turbohtml
from fuzzing import mutate_page, seeds
from lxml import etree

from govlint import turbo_parser, turbo_xml

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO.parent / "shared" / "corpus" / "real"


def _doc(data: bytes | str) -> tuple[Any, str]:
    doc = turbohtml.parse(data, allow_declarative_shadow_roots=False)
    if isinstance(data, str):
        text = data
    else:
        text = turbo_parser.decode(data, (doc.encoding or "windows-1252").lower()).removeprefix("\ufeff")
    return doc, text.replace("\r\n", "\n").replace("\r", "\n")


def _described(built: turbo_xml.Built) -> tuple[Any, ...]:
    """Everything a rule can read of a built tree, elements named by document-order index."""
    tree = built.root.getroottree()
    order = {el: i for i, el in enumerate(built.root.iter())}
    return (etree.tostring(tree), tree.docinfo.doctype, tree.docinfo.public_id, tree.docinfo.system_url,
            [(order[el], where) for el, where in built.located], built.unlocated,
            [(order.get(el), kind, data) for el, kind, data in built.comments])


def _both(data: bytes | str) -> tuple[turbo_xml.Built | None, turbo_xml.Built]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        doc, text = _doc(data)  # neither build nor the copy changes turbohtml's document
        fast = turbo_xml.build(doc, text)
        copy = turbo_parser._copy(doc)
    return fast, copy


def _agree(data: bytes | str) -> bool:
    """Whether the fast way took the page (and then it must give the copy's tree exactly)."""
    fast, copy = _both(data)
    if fast is None:
        return False
    assert _described(fast) == _described(copy)
    return True


def test_every_fixture_page_is_taken_over_exactly() -> None:
    pages = sorted((REPO / "fixtures").rglob("*.htm*"))
    taken = sum(_agree(page.read_bytes()) for page in pages)
    assert len(pages) > 300
    assert taken > 0.9 * len(pages)


@pytest.mark.skipif(not CORPUS.is_dir(), reason="the corpus is beside the repository in CI")
def test_every_corpus_page_is_taken_over_exactly() -> None:
    pages = sorted(CORPUS.glob("*.html"))
    assert sum(_agree(page.read_bytes()) for page in pages) > 0.9 * len(pages)


# Pages the fast way must take, each about one way XML differs from HTML.
TAKEN = {
    "xhtml namespace and xml:lang on html": '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" '
                                            'lang="en"><p>x</p></html>',
    "namespace prefix declared on html": '<html xmlns:fb="http://ogp.me/ns/fb#"><p fb:like="1">x</p>',
    "svg written with its namespaces": '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink='
                                       '"http://www.w3.org/1999/xlink" viewBox="0 0 1 1">'
                                       '<use xlink:href="#a"/><foreignObject><p>h</p></foreignObject></svg>',
    "svg and mathml without namespaces": "<svg><g><title>t</title></g></svg><math><mi>x</mi></math>",
    "foreign attributes on mathml": '<math><mi xlink:href="a" xml:lang="en">x</mi></math>',
    "a prefixed tag name": "<p><o:p>word</o:p></p><sl:translate x=1>t</sl:translate>",
    "attribute names XML cannot hold": '<a href=x "foo=1 @click=y [x]=1 1a=2 é=4>t</a>'
                                       '<div _blank"="">d</div>',
    "comments everywhere": "<!--a--><!DOCTYPE html><!-- b -- c --><html><!--in--><body>x<!---->"
                           "</body></html><!--after1--><!--after2-->",
    "a public doctype": '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" '
                        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd"><p>x',
    "template content": "<template><p id=t class='a  b'>t</p><!--c--></template><table><tr><td>x</table>",
    "values with markup characters": "<p title='a>b<c\"d&amp;e' data-x=\"\t\n\">x &gt; y &lt; z</p>",
    "a reopened formatting element": "<p><b><i>x</p>y</b>z",
    "a bogus comment before the doctype": '<?xml version="1.0"?><!DOCTYPE html><p>x</p>',
    "a NUL the tokenizer drops": "<p>a\x00b</p>",
    "a text that looks like an attribute": '<p> xmlns="x" a:b="c" </p><pre>&lt;o:p&gt;</pre>',
}
# Pages it must leave to the copy, which then writes them as html5lib does.
LEFT = {  # page, and what the copy holds for what XML could not
    "a control character": ("<p>a\x01b</p>", "a\ufffdb"),
    "a reference to one": ("<p>a&#11;b</p>", "a\ufffdb"),
    "a form feed in text": ("<p>a\x0cb</p>", "a\ufffdb"),
    "a noncharacter reference": ("<p>a&#xFFFF;b</p>", "a\ufffdb"),
    "a lone surrogate in a str source": ("<p>a\ud800b</p>", "a\ufffdb"),
    "a tag name outside ASCII with an attribute XML cannot hold": ("<bod\ufffd <x=1>t</bod\ufffd>",
                                                                   "bodU0FFFD"),
    "an svg attribute name outside ASCII": ("<svg><g rol\ufffde=img></g></svg>", "rolU0FFFDe"),
    "a processing instruction in the body": ("<p>x<?php echo 1 ?></p>", "<!--?php echo 1 ?-->"),
}


@pytest.mark.parametrize("name", sorted(TAKEN))
def test_pages_xml_can_carry_are_taken_over_exactly(name: str) -> None:
    assert _agree(TAKEN[name]), name


@pytest.mark.parametrize("name", sorted(LEFT))
def test_pages_xml_cannot_carry_go_to_the_copy(name: str) -> None:
    page, held = LEFT[name]
    fast, copy = _both(page)
    assert fast is None
    assert held in etree.tostring(copy.root, encoding="unicode")


def test_the_parser_gives_the_same_result_either_way() -> None:
    """parse() end to end: positions, comments, duplicate attributes as the copy gives them."""
    page = (REPO / "fixtures").rglob("*.html").__next__().read_bytes() + b'<p a=1 a=2><!--x-->'
    fast = turbo_parser.parse(page)
    copy = turbo_parser.parse(page, through_xml=False)
    assert etree.tostring(fast.tree) == etree.tostring(copy.tree)
    assert sorted(fast.positions.values()) == sorted(copy.positions.values())
    assert fast.comments == copy.comments and fast.duplicate_attributes == copy.duplicate_attributes


def test_mutated_pages_are_taken_over_exactly_or_left() -> None:
    rng = random.Random(20261204)
    pages = seeds()
    taken = 0
    for i in range(800):
        page = mutate_page(rng.choice(pages), rng, pages)
        if i % 2:  # half without control characters, which send a page to the copy
            page = bytes(b for b in page if b >= 32 or b in b"\t\n\r")
        taken += _agree(page)
    assert taken > 300
