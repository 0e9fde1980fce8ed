"""What a page carries of the federal requirements, found statically from its tree: the
elements the rules judge, and the facts a site scan reports (title, description, DAP,
USWDS, required links, search, contact). Pure functions of the Document."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl

from .. import text
from ..document import Document
from ..links import urls
from . import labels

DAP_FILE = "universal-federated-analytics"
# The DAP file name, and the names self-hosted copies go by ("…-Min.js", "….1.0.js", "….js").
_DAP_SRC = re.compile(r"(?:^|/)universal-federated-analytics[\w.-]*\.js[^/]*$", re.I)
DAP_ID = "_fed_an_ua_tag"
# A DAP URL written inside an inline loader script.
_DAP_IN_SCRIPT = re.compile(r"""["'`]([^"'`\s]*universal-federated-analytics[\w.-]*\.js[^"'`\s]*)["'`]""",
                            re.I)
# "uswds-3.8.0.min.css", "/uswds/2.13.3/", "@uswds/uswds@3.8.0", "uswds.min.css?v=3.8.0"
_USWDS_ASSET = re.compile(r"uswds(?:[-_@/]|%40)v?(\d+\.\d+(?:\.\d+)?)"
                          r"|uswds[^?#]*\?(?:[^#]*&)?v(?:er|ersion)?=v?(\d+\.\d+(?:\.\d+)?)", re.I)
_USWDS_IN_CSS = re.compile(r"uswds v?(\d+\.\d+(?:\.\d+)?)", re.I)  # Site Scanning's banner-comment test
# Class names only USWDS 1.x used.
_USA_V1 = frozenset({"usa-banner-header", "usa-grid", "usa-footer-primary-link", "usa-button-primary"})
_ASCII_SPACE = re.compile(r"[ \t\n\f\r]+")
_SEARCH_GOV_ACTION = re.compile(r"(?:^|\.)search(?:\.usa)?\.gov$|^search\.[^.]+\.gov$", re.I)
_CONTACT_NAME = re.compile(r"^(?:contact|cont[aá]ct(?:enos|anos)|contacto|comun[ií]quese|e ?mail us"
                           r"|get in touch)\b")
_CONTACT_HREF = re.compile(r"contact", re.I)
# A relative reference urlsplit reads as a bare path: no colon (so no scheme), not starting
# with // (so no authority) or with a C0 control or space (which urlsplit strips), and no tab
# or newline (which it drops).
_PLAIN_PATH = re.compile(r"(?!//)[^\x00-\x20:][^:\t\n\r]*\Z")
# An http(s) URL whose host is plain (ASCII letters, digits, dots and hyphens: no user, port
# or brackets), with no tab or newline (which urlsplit drops): urlsplit would give that host
# and the path up to ? or #.
_PLAIN_HTTP = re.compile(r"https?://([a-z0-9.-]+)([/?#][^\t\n\r]*)?\Z", re.I)


# --- where a missing element belongs ---------------------------------------------------

def head(doc: Document) -> Any:
    found = doc.root.find("head")
    return found if found is not None else doc.root


def footer(doc: Document) -> Any:
    """The site footer: the USWDS identifier, else the last footer landmark, else <body>."""
    for css in (".usa-identifier", "footer, [role=contentinfo]"):
        found = doc.select(css)
        if found:
            return found[0] if css.startswith(".usa") else found[-1]
    return doc.body


def header(doc: Document) -> Any:
    """The site header: .usa-header, else the first header landmark outside the gov banner."""
    for element in doc.select(".usa-header, header, [role=banner]"):
        if not any("usa-banner" in (node.get("class") or "") for node in (element, *element.iterancestors())):
            return element
    return doc.body


def region_of(element: Any) -> str:
    """Where on the page an element sits: identifier, footer, header, nav, head or body."""
    node = element.getparent()
    while node is not None and isinstance(node.tag, str):
        if node.tag == "head":
            return "head"
        classes = (node.get("class") or "").split()
        role = (node.get("role") or "").strip().lower()
        if any(c.startswith("usa-identifier") for c in classes):
            return "identifier"
        if node.tag == "footer" or role == "contentinfo":
            return "footer"
        if node.tag == "header" or role == "banner":
            return "header"
        if node.tag == "nav" or role == "navigation":
            return "nav"
        node = node.getparent()
    return "body"


# --- title and description --------------------------------------------------------------

def title_element(doc: Document) -> Any:
    """The document's title: the first <title> outside SVG."""
    return next(iter(doc.root.iter("title")), None)


def title_text(element: Any) -> str:
    return text.squash("".join(element.itertext())) if element is not None else ""


def description_element(doc: Document) -> Any:
    for element in doc.root.iter("meta"):
        if (element.get("name") or "").strip().lower() == "description":
            return element
    return None


def description_text(element: Any) -> str:
    return text.squash(element.get("content") or "") if element is not None else ""


# --- the Digital Analytics Program ------------------------------------------------------

@dataclass(frozen=True)
class Dap:
    element: Any  # the <script> that loads it (or the inline script that writes it)
    src: str
    inline: bool  # found in an inline loader, not a src attribute

    @property
    def parameters(self) -> dict[str, str]:
        return dict(parse_qsl(urls.split(self.src).query, keep_blank_values=True))

    @property
    def scheme(self) -> str:
        """'https', 'http', 'relative' (same scheme as the page) or 'protocol-relative'."""
        if self.src.startswith("//"):
            return "protocol-relative"
        scheme = urls.split(self.src).scheme.lower()
        return scheme or "relative"


def dap(doc: Document) -> Dap | None:
    """The DAP script: script#_fed_an_ua_tag or a src ending in the DAP file name (self-hosted
    copies too), else an inline script that loads that file. Found once per page: the dap
    rule and the page's facts both ask."""
    return doc.shared(dap, lambda: _dap(doc))


def _dap(doc: Document) -> Dap | None:
    inline = None
    for element in doc.root.iter("script"):
        src = (element.get("src") or "").strip()
        if src and (element.get("id") == DAP_ID or _DAP_SRC.search(urls.split(src).path)):
            return Dap(element, src, inline=False)
        if inline is None and not src and element.text and DAP_FILE in element.text.lower():
            match = _DAP_IN_SCRIPT.search(element.text)
            if match:
                inline = Dap(element, match.group(1), inline=True)
    return inline


# --- USWDS -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Uswds:
    classes: int  # elements with a usa-* class
    version: str | None
    version_from: str | None  # the asset URL or "inline css"
    major_from_classes: str | None  # "2+" (BEM names, usa-banner__header), "1" (usa-banner-header)

    def json(self) -> dict[str, object]:
        return {"detected": bool(self.classes or self.version), "version": self.version,
                "version_from": self.version_from, "usa_classes": self.classes,
                "major_from_classes": self.major_from_classes}


def _major(usa: list[list[str]]) -> str | None:
    """USWDS 2.0 renamed every class to BEM (usa-banner-header -> usa-banner__header).
    ``usa``: the class lists that hold a usa-* class."""
    if any("__" in n for names in usa for n in names):
        return "2+"
    return "1" if any(n in _USA_V1 for names in usa for n in names) else None


def _classes(element: Any) -> list[str]:
    """The element's class names, split at ASCII white space as HTML does."""
    return _ASCII_SPACE.split((element.get("class") or "").strip(" \t\n\f\r"))


def _first(doc: Document, elements: list[Any]) -> Any:
    """The first of some elements in document order."""
    if len(elements) == 1:
        return elements[0]
    wanted = set(elements)
    return next(el for el in doc.elements_in_order if el in wanted)


def uswds(doc: Document) -> Uswds:
    # A class name starting with usa- needs "usa-" in the attribute: only those are split.
    usa = [names for names in map(_classes, (el for el in doc.a11y.with_attribute("class")
                                             if "usa-" in el.get("class")))
           if any(n.startswith("usa-") for n in names)]
    count = len(usa)
    major = _major(usa)
    for tag, attr in (("link", "href"), ("script", "src")):
        for element in doc.root.iter(tag):
            url = element.get(attr) or ""
            match = _USWDS_ASSET.search(url)
            if match:
                return Uswds(count, match.group(1) or match.group(2), url.strip(), major)
    for element in doc.root.iter("style"):
        match = _USWDS_IN_CSS.search(element.text or "")
        if match:
            return Uswds(count, match.group(1), "inline css", major)
    return Uswds(count, None, None, major)


# --- links: required links, contact -------------------------------------------------------

Link = tuple[Any, str, str]  # (element, name key, href)


def links(doc: Document) -> list[Link]:
    """Every link with an href, with the key of its accessible name (made once per page: the
    required-links and contact checks and the page's facts all read them)."""
    return doc.shared(links, lambda: _links(doc))


def _links(doc: Document) -> list[Link]:
    out = []
    keys: dict[str, str] = {}  # a page repeats link names ("Read more", its menus)
    name_of = doc.a11y.name
    for element in doc.root.iter("a", "area"):
        href = element.get("href")
        if href is not None:
            name = name_of(element)
            key = keys.get(name)
            if key is None:
                key = keys[name] = labels.name_key(name)
            out.append((element, key, href.strip()))
    return out


def _host(href: str) -> str:
    return _address(href)[1]


@dataclass(frozen=True)
class Found:
    item: str
    element: Any
    href: str


@lru_cache(maxsize=4096)
def _address(href: str) -> tuple[str, str]:
    """(last path segment, host) of a link, split once: a site's navigation repeats the same
    links on every page, and each page's required-links and contact scans ask for both."""
    if _PLAIN_PATH.match(href):
        # No scheme and no authority: urlsplit would give no host and the path up to ? or #.
        if href.startswith("#"):
            return "", ""
        path = href.partition("#")[0].partition("?")[0]
        return _last_segment(path), ""
    plain = _PLAIN_HTTP.match(href)
    if plain:
        path = (plain.group(2) or "").partition("#")[0].partition("?")[0]
        return _last_segment(path), plain.group(1).lower()
    parts = urls.split(href)
    host = (parts.hostname or "").lower()
    if href.startswith(("#", "javascript:", "mailto:", "tel:")):
        return "", host
    return _last_segment(parts.path), host


def _last_segment(path: str) -> str:
    """The last non-empty segment of a path, in lower case: what follows the last slash once
    the trailing slashes are gone."""
    return path.lower().rstrip("/").rpartition("/")[2]


def required_links(doc: Document, wanted: tuple[labels.Item, ...],
                   every: list[Link] | None = None) -> dict[str, Found]:
    """The first link found for each wanted item: by its name or title, else by its address.
    ``every``: the page's links(), when the caller has them already."""
    found: dict[str, Found] = {}
    every = links(doc) if every is None else every
    sieve = labels.sieve(wanted)
    # The sieve's answer for each name key and each address: a page repeats its links (its
    # menus, "Read more"), and most are no item's.
    maybe: dict[str, bool] = {}
    may_name = sieve.may_name

    for element, key, href in every:
        held = maybe.get(key)
        if held is None:
            held = maybe[key] = may_name(key)
        title = element.get("title")
        if title:
            keys: tuple[str, ...] = (key, labels.name_key(title))
            if not held:
                by_title = maybe.get(keys[1])
                if by_title is None:
                    by_title = maybe[keys[1]] = may_name(keys[1])
                if not by_title:
                    continue
        elif held:
            keys = (key,)
        else:
            continue
        for item in wanted:
            if item.id not in found and labels.named(item, keys):
                found[item.id] = Found(item.id, element, href)
    if len(found) == len(wanted):
        return found
    addressed: dict[str, bool] = {}  # by href
    for element, _, href in every:
        held = addressed.get(href)
        if held is None:
            held = addressed[href] = sieve.may_address(*_address(href))
        if not held:
            continue
        segment, host = _address(href)
        for item in wanted:
            if item.id not in found and labels.addressed(item, segment, host):
                found[item.id] = Found(item.id, element, href)
    return found


def contact(doc: Document, every: list[Link] | None = None) -> tuple[Any, str] | None:
    """A link named Contact / Contact us / Contáctenos, or to a contact page (USA.gov's own
    contact link is not the agency's)."""
    by_href = None
    for element, key, href in links(doc) if every is None else every:
        if _host(href) in labels.USA_GOV_HOSTS:
            continue
        if _CONTACT_NAME.search(key):
            return element, href
        if by_href is None and _CONTACT_HREF.search(urls.split(href).path if "://" in href else href):
            by_href = (element, href)
    return by_href


# --- search ----------------------------------------------------------------------------

def search(doc: Document) -> tuple[Any, str] | None:
    """A search function and how it was recognised."""
    a = doc.a11y  # its tag and attribute indexes: no selector scans the page
    # Each way is looked for only when the ones before found nothing.
    ways: tuple[tuple[Callable[[], list[Any]], str], ...] = (
        (lambda: [*(el for el in a.with_attribute("role") if el.get("role") == "search"),
                  *a.elements("search")], "search landmark"),
        (lambda: [el for el in a.with_attribute("class") if "usa-search" in el.get("class")
                  and "usa-search" in _classes(el)], "usa-search"),
        (lambda: [el for el in a.elements("input") if (el.get("type") or "").lower() == "search"],
         "input type=search"),
    )
    for find, how in ways:
        found = find()
        if found:
            return _first(doc, found), how
    for form in doc.root.iter("form"):
        action = (form.get("action") or "").strip()
        if _SEARCH_GOV_ACTION.search(_host(action)):
            return form, "search.gov form"
        if "search" in urls.split(action).path.lower():
            return form, "form action"
    for element in doc.root.iter("form", "input"):
        if any("search" in (element.get(a) or "").lower() for a in ("name", "id", "class")):
            return element, f"{element.tag} named search"
    return None


def search_gov(doc: Document) -> bool:
    return any(_SEARCH_GOV_ACTION.search(_host(f.get("action") or "")) for f in doc.root.iter("form"))
