"""The shortcuts that make page rules and page facts cheaper give the answers of the plain
computations they skip: URL splits and joins without urllib, site-map links found without
resolving every link, selector paths built from their parent's."""

from __future__ import annotations

import random
import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from govlint import config, ruleset, text
from govlint.consistency import facts as consistency
from govlint.document import PageInfo, from_source
from govlint.engine import lint_page
from govlint.federal import labels, scan
from govlint.selectors import PathBuilder

# Characters that change how urllib reads a URL: delimiters, dot segments, parameters,
# white space it strips or drops, a C0 control, non-ASCII, and letters of index.html.
ALPHABET = "ab/?#:;.\t\n\r \x00\x0b%-_é~[İ" + "index.html"


def _hrefs(prefix: str, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [prefix + "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 10))) for _ in range(count)]


def _address_by_urlsplit(href: str) -> tuple[str, str]:
    try:
        parts = urlsplit(href)
    except ValueError:
        return "", ""
    host = (parts.hostname or "").lower()
    if href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return "", host
    return next((s for s in reversed(parts.path.lower().split("/")) if s), ""), host


def test_a_link_address_split_without_urllib_is_the_one_urlsplit_gives() -> None:
    hrefs = ["", "#", "#top", "/", "//host/x", "a/b?c#d", "About-Us/", "x?y/z", " x", "\x01x", "x\ty",
             "../foia", "x:y", "mailto:a@b.gov", "https://OIG.example.gov/About/", "HTTP://a.gov",
             "https://a.gov:8080/x", "https://u@a.gov/x", "https://[::1]/x", "https://a.gov/x\ty",
             "https://ÉX.gov/a", "https:///x", "http://a.gov/b//", *_hrefs("", 30000, 1),
             *_hrefs("https://Oig.gov", 5000, 2), *_hrefs("http://", 5000, 3)]
    plain = [h for h in hrefs if scan._PLAIN_PATH.match(h)]
    assert len(plain) > 5000  # the shortcut is taken, and checked, on many of them
    assert len([h for h in hrefs if scan._PLAIN_HTTP.match(h)]) > 1500  # and the one for http(s)
    assert [scan._address.__wrapped__(h) for h in hrefs] == [_address_by_urlsplit(h) for h in hrefs]


@pytest.mark.parametrize(("base", "shortcut"), [
    ("http://site.invalid/news/page.html", True), ("https://WWW.Agency.gov/a/index.html?x#y", True),
    ("https://a.gov/", True), ("ftp://files.example/x", False), ("http:/no-host", False)])
def test_a_root_relative_target_found_without_urljoin_is_the_one_urljoin_gives(base: str,
                                                                              shortcut: bool) -> None:
    targets = consistency._Targets(base)
    hrefs = ["/", "/a//b", "/./a", "/a/..", "/a;", "/a?", "/a?b?c#d", "/x/Index.HTM?q", "/a:b", "//h/x",
             *_hrefs("/", 20000, 2)]
    short = [(h, targets._rooted(h)) for h in hrefs]
    taken = [(h, found) for h, found in short if found is not None]
    if shortcut:
        assert len(taken) > 2000
    else:
        assert not taken  # a base that is not http(s) with a host: always urljoin
    assert [found for _, found in taken] == [consistency._key(base, h) for h, _ in taken]
    assert all(targets(h) == consistency._key(base, h) for h in hrefs)


def _ways(html: str, site_path: str) -> frozenset[str]:
    rules = ruleset.load()
    cfg = config.build(config.RawConfig(), rules, config.CliOverrides(select=("multiple-ways",)))
    doc = from_source(html, PageInfo(path=site_path, site_path=site_path, rooted=True))
    result, _ = lint_page(doc, cfg, rules.names(), site_path)
    assert result.repeated is not None
    return result.repeated.ways


def _page(body: str) -> str:
    return f"<!DOCTYPE html><html lang=en><title>t</title><main><h1>t</h1>{body}</main></html>"


@pytest.mark.parametrize(("body", "site_path", "sitemap"), [
    ('<a href="/all-pages/">Every page</a>', "news/a.html", False),
    ('<a href="/a-z/">Every page</a>', "news/a.html", True),
    ('<a href="/help/Site-Map.html">Every page</a>', "news/a.html", True),
    # urlsplit drops a newline or tab inside a URL: "site&#10;map" is /sitemap
    ('<a href="/site&#10;map">Every page</a>', "news/a.html", True),
    ('<a href="/site&#9;map/index.html">Every page</a>', "news/a.html", True),
    # the target comes from the page's own address: a query on the site map page itself
    ('<a href="?view=all">Every page</a>', "help/sitemap.html", True),
    ('<a href="?">Every page</a>', "help/a-z.htm", True),
    ('<a href="">Every page</a>', "help/a-z.htm", False),  # an empty href is no link to a page
    ('<a href="?view=all">Every page</a>', "help/faq.html", False),
])
def test_a_site_map_outside_the_landmarks_is_found_by_its_address(body: str, site_path: str,
                                                                  sitemap: bool) -> None:
    assert ("sitemap" in _ways(_page(body), site_path)) is sitemap


def test_selector_paths_built_from_their_parents_are_the_paths_built_alone() -> None:
    rows = "".join(f"<tr><td><a href=#{i}>{i}</a><span>x</span><span>y</span></td></tr>" for i in range(30))
    html = (f'<!DOCTYPE html><html><body><div><p>a</p><p>b<em>c</em></p></div><section id="main">'
            f'<table>{rows}</table><div id="9bad"><i>deep</i></div></section></body></html>')
    doc = from_source(html, PageInfo(path="p.html"))
    elements = list(doc.root.iter())
    shared = PathBuilder(doc.parsed.tree)
    order = elements[:]
    random.Random(3).shuffle(order)  # children before parents as often as after
    built = {el: shared.path_of(el) for el in order}
    alone = {el: PathBuilder(doc.parsed.tree).path_of(el) for el in elements}
    assert built == alone
    assert built[doc.root.find(".//em")] == "html > body > div > p:nth-of-type(2) > em"
    assert built[doc.root.find(".//i")] == "#main > div > i"
    assert built[doc.root.find(".//section")] == "#main"


# Words of the required links' names in both languages, and some that only look like them.
_NAME_WORDS = (
    "about", "acerca", "de", "sobre", "nosotros", "quiénes", "quienes", "somos", "us", "accessibility",
    "accesibilidad", "foia", "freedom", "of", "information", "libertad", "información", "no", "fear",
    "act", "inspector", "general", "oig", "ig", "big", "budget", "and", "performance", "reports",
    "report", "accountability", "agency", "annual", "informes", "informe", "desempeño", "presupuesto",
    "y", "privacy", "privacidad", "usa", "gov", "usagov", "the", "office", "news", "read", "more", "a", "",
)


def test_the_required_links_sieve_gives_the_answer_of_its_full_pattern() -> None:
    rng = random.Random(4)
    keys = [" ".join(rng.choice(_NAME_WORDS) for _ in range(rng.randint(1, 6))) for _ in range(40000)]
    keys += [rng.choice(_NAME_WORDS) + "".join(rng.choice("abfgilnoprsuy ") for _ in range(rng.randint(0, 9)))
             for _ in range(40000)]
    builtin = labels.sieve(labels.ITEMS)
    assert builtin.hint is not None  # every built-in item has one: the quick scan runs first
    custom = labels.sieve(labels.items(add=("Open government",)))
    assert custom.hint is None  # an added link text has none: the full pattern alone decides
    for sieve in (builtin, custom):
        answers = [sieve.may_name(k) for k in keys]
        assert answers == [sieve.name.search(k) is not None for k in keys]
        assert sum(answers) > 10000  # the keys name items often, not only by chance


def test_a_phrase_is_found_in_page_text_exactly_where_its_case_blind_pattern_finds_it() -> None:
    phrases = ("An official website of the United States government",
               "You have accessed part of a historical collection", "Here's how you know",
               "Un sitio oficial del Gobierno de Estados Unidos", "Secure .gov websites use HTTPS", "“Lock”",
               "kiosk ſ ß")
    # the Kelvin sign, long s, dotted and dotless i: what case folding takes for ASCII letters
    odd = ["\u212a", "\u017f", "\u0130", "\u0131", "’", "‘", "“", "\u00a0", "\n", "\t", "OFFICIAL", "x", "."]
    pieces = [w for p in phrases for w in p.split()] + odd
    rng = random.Random(5)
    texts = []
    for _ in range(3000):
        words = [rng.choice(pieces) for _ in range(rng.randint(1, 14))]
        words = [w.upper() if rng.random() < 0.2 else w for w in words]
        texts.append("".join(w + rng.choice((" ", "  ", "\n", "")) for w in words))
    texts += [p.upper() for p in phrases] + [p.replace("k", "\u212a").replace("s", "\u017f") for p in phrases]
    found = 0
    for phrase in phrases:
        pattern = text.phrase_pattern(phrase)
        for t in texts:
            index = text.TextIndex(t, {"all": (0, len(t)), "tail": (len(t) // 2, len(t))})
            for key in ("all", "tail"):
                expected = pattern.search(t, *index.spans[key]) is not None
                assert index.contains(key, phrase) is expected
                found += expected
    assert found > 50  # matches happen, including through case folding


def test_a_page_keeps_its_own_address_and_the_phone_numbers_of_its_landmarks() -> None:
    rules = ruleset.load()
    cfg = config.build(config.RawConfig(), rules, config.CliOverrides(select=("consistent-help",)))
    html = ("<!DOCTYPE html><html lang=en><title>t</title><header><p>Call 202-555-0100</p></header>"
            "<main><h1>t</h1><p>Room 1234-5678</p><p>plain text</p></main>"
            "<footer><div>Phone: (202) 555-0199</div><span>Fax 12345678</span></footer></html>")
    doc = from_source(html, PageInfo(path="news/a.html", site_path="news/a.html", rooted=True))
    result, _ = lint_page(doc, cfg, rules.names(), "news/a.html")
    assert result.repeated is not None
    assert result.repeated.page == "/news/a.html"
    assert result.repeated.anchor.key == "/news/a.html"
    assert [(i.region, i.key, i.name) for i in result.repeated.items] == [
        ("header", "help:phone:2025550100", "Call 202-555-0100"),
        ("footer", "help:phone:2025550199", "Phone: (202) 555-0199")]


def test_the_folded_text_keeps_its_length_and_turns_what_ignorecase_takes_for_a_letter_into_it() -> None:
    letters = {c: re.compile(c, re.IGNORECASE) for c in "abcdefghijklmnopqrstuvwxyz"}
    anything = re.compile("[a-z]", re.IGNORECASE)
    chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000]
    assert [c for c in chars if len(text.fold(c)) != 1] == []
    taken = [c for c in chars if anything.fullmatch(c)]
    assert len(taken) == 52 + 4  # both cases, dotted and dotless i, long s, the Kelvin sign
    for c in taken:
        assert letters[text.fold(c)].fullmatch(c)


def test_the_site_map_words_answer_as_the_case_blind_pattern_they_spell() -> None:
    rng = random.Random(7)
    alphabet = "sSitemapMAPzZ-a\u017f\u0130\u0131\u212aK/. x"
    urls = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12))) for _ in range(50000)]
    answers = [consistency._sitemap_hint(u) for u in urls]
    assert answers == [consistency._SITEMAP_HINT.search(u) is not None for u in urls]
    assert 1000 < sum(answers) < 45000  # both answers occur often


def _published_by_selectors(doc: Any) -> Any:
    """The publication date as the selectors find it (archive.published_date's reference)."""
    from govlint.checks import archive

    for el in doc.select('meta[property="article:published_time"], meta[name="article:published_time"]'):
        if archive._iso(el.get("content")):
            return archive._iso(el.get("content"))
    for el in doc.select('script[type="application/ld+json"]'):
        if archive._iso(archive._json_ld_date(el.text or "")):
            return archive._iso(archive._json_ld_date(el.text or ""))
    for css in ("article time[datetime]", "main time[datetime]", "time[datetime]"):
        for el in doc.select(css):
            if archive._iso(el.get("datetime")):
                return archive._iso(el.get("datetime"))
    for el in doc.select("meta[name]"):
        if el.get("name", "").strip().lower() in archive._DUBLIN_CORE and archive._iso(el.get("content")):
            return archive._iso(el.get("content"))
    return None


def test_the_publication_date_found_by_tag_is_the_one_the_selectors_find() -> None:
    from govlint.checks import archive

    parts = ['<meta property="article:published_time" content="2001-01-0{n}">',
             '<meta name="article:published_time" content="x{n}">',
             '<meta name="DC.date" content="2003-03-0{n}">', '<meta name="dc.date">',
             '<script type="application/ld+json">{{"datePublished": "2004-04-0{n}"}}</script>',
             '<script type="application/ld+json">not json</script>',
             '<time datetime="2005-05-0{n}"></time>', '<time>2006</time>',
             '<article><p><time datetime="2007-07-0{n}"></time></p></article>',
             '<main><time datetime="2008-08-0{n}"></time></main>',
             '<article><time datetime="bad"></time></article>',
             '<svg><time datetime="2009-09-0{n}"></time></svg>', '<p>text</p>']
    rng = random.Random(5)
    found = set()
    for _ in range(400):
        chosen = [rng.choice(parts).format(n=rng.randint(1, 9)) for _ in range(rng.randint(0, 6))]
        doc = from_source("<!doctype html><html><head></head><body>" + "".join(chosen) + "</body></html>",
                          PageInfo(path="p.html"))
        expected = _published_by_selectors(doc)
        assert archive.published_date(doc) == expected, chosen
        found.add(expected)
    assert len(found) > 20  # dates of every kind were found, and None


@pytest.mark.parametrize("rel", ["canonical", "alternate\tCanonical", "alternate\tcanonical",
                                 "x\x0ccanonical", " canonical\n", "", "canonicals", "\u00a0canonical"])
def test_the_canonical_link_found_by_tag_is_the_one_the_selector_finds(rel: str) -> None:
    doc = from_source(f'<html><head><link rel="{rel}" href="https://a.example.gov/x">'
                      '<meta property="og:url" content="https://b.example.gov/"></head></html>',
                      PageInfo(path="p.html"))
    canonical = [el.get("href") for el in doc.select('link[rel~="canonical"]')]
    assert doc.host == ("a.example.gov" if canonical else "b.example.gov")


def test_an_element_has_text_exactly_when_its_text_is_not_empty() -> None:
    spaces = [chr(c) for c in range(0x110000) if chr(c).isspace()]
    spaces += ["\u200b", "\ufeff", "x", "<b>", "</b>", "<script>y</script>", "<p>", "<br>"]
    rng = random.Random(7)
    checked = 0
    for _ in range(200):
        body = "".join(rng.choice(spaces) for _ in range(rng.randint(0, 12)))
        page = f"<html><body><div>{body}</div><span> </span></body></html>"
        doc = from_source(page, PageInfo(path="p.html"))
        for element in doc.root.iter():
            assert doc.has_text(element) == bool(doc.text(element))
            checked += 1
    assert checked > 1000


def test_alt_text_repeats_a_caption_exactly_when_the_plain_comparison_says_so() -> None:
    from govlint.checks.images import repeats_caption

    words = ["a", "B", "ß", "ss", "ﬁ", "fi", "İ", "i̇", "’", "'", "\u00a0", "Σ", "ς", "σ", "photo", "x"]
    rng = random.Random(11)
    agreed = 0
    for _ in range(40000):
        caption = text.squash(" ".join(rng.choice(words) for _ in range(rng.randint(0, 7))))
        alt = caption if rng.random() < 0.3 else " ".join(rng.choice(words) for _ in range(rng.randint(1, 7)))
        norm = text.normalize(alt)
        cap = text.normalize(caption)
        plain = bool(cap) and (norm == cap or (len(norm.split()) >= 5 and norm in cap))
        assert repeats_caption(norm, caption) == plain, (alt, caption)
        agreed += plain
    assert agreed > 1000  # repeats were found, not only their absence


def test_a_text_only_link_is_named_as_the_full_computation_names_it() -> None:
    from govlint.a11y import accname
    from govlint.a11y.semantics import Semantics

    links = ['<a href="/x">{t}</a>', '<a href="/x" aria-label="{t}">{t}</a>',
             '<a href="/x" aria-label=" ">{t}</a>', '<a href="/x" title="{t}">{t}</a>',
             '<a href="/x" title="{t}"> </a>', '<a href="/x" hidden>{t}</a>',
             '<a href="/x" role="button">{t}</a>', '<a href="/x" role="">{t}</a>', '<a>{t}</a>',
             '<a href="/x" aria-labelledby="l">{t}</a>', '<a href="/x" aria-hidden="true">{t}</a>',
             '<a href="/x" style="display:none">{t}</a>', '<a href="">{t}</a>',
             '<a href="/x"><b>{t}</b></a>']
    texts = ["", " ", "Home", "  About\u00a0us \n", "x" * (accname.NAME_CHARS + 10), "Read\tmore"]
    rng = random.Random(13)
    compared = 0
    for _ in range(150):
        chosen = [rng.choice(links).format(t=rng.choice(texts)) for _ in range(rng.randint(1, 6))]
        page = ('<html><body><span id="l">Label</span><ul>' + "".join(f"<li>{c}</li>" for c in chosen)
                + "</ul></body></html>")
        doc = from_source(page, PageInfo(path="p.html"))
        elements = list(doc.root.iter("a", "li", "ul"))
        for order in (elements, elements[::-1]):
            fast = Semantics(doc.root, doc.source)
            full = Semantics(doc.root, doc.source)
            for element in order:
                full._names._start()
                plain = text.squash(full._names._compute(full, element, set(), root=True))
                assert fast.name(element) == plain, page
                # has_name answers for elements in the accessibility tree (rules ask it there).
                assert fast.hidden(element) or fast.has_name(element) == bool(plain), page
                compared += 1
    assert compared > 2000


def test_an_id_is_a_selector_anchor_exactly_when_every_character_is_alphanumeric_or_a_dash() -> None:
    from govlint.selectors import _simple_ident

    for code in range(0x110000):
        char = chr(code)
        plain = char.isalnum() or char in "-_"
        assert _simple_ident("a" + char) == plain, hex(code)
        assert _simple_ident(char + "a") == (char.isalpha() and plain), hex(code)
    assert not _simple_ident("a\n") and not _simple_ident("a b")
