"""What a page repeats of its site's template, kept after its tree is gone.

Only the content of the header, navigation and footer landmarks (and the search form) is
taken: that is where a template's navigation, identification and help live. Main content
differs from page to page by design and never takes part.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import Any
from urllib.parse import SplitResult, urljoin, urlsplit

from .. import text
from ..document import Document
from ..links.extract import base_href
from ..model import Rule, Severity
from ..suppressions import Suppressor
from .values import Item, Repeated

# The checks of this family: a page gets its facts when one of them runs on it.
CHECKS = frozenset({"consistent-navigation", "consistent-identification", "consistent-help",
                    "multiple-ways"})
# Landmark roles whose content a template repeats, by the word reports use for them.
REGIONS = {"banner": "header", "navigation": "navigation", "contentinfo": "footer"}
# The base of a page with no URL of its own: its place in the site, under a host that cannot exist
# (urljoin resolves relative links only for schemes it knows, so http).
_LOCAL = "http://site.invalid"
_NOT_PAGES = ("javascript:", "mailto:", "tel:", "data:", "#")
_MENU_LINKS = 5  # links of a navigation landmark that make it a menu, a way to reach pages
_INDEX = re.compile(r"/index\.(?:html?|php|aspx?)$", re.I)

# Help mechanisms (WCAG 3.2.6): human contact details and mechanisms, self-help, chat.
_CONTACT = re.compile(r"^(?:contact|cont[aá]ct(?:enos|anos)|contacto|comun[ií]quese|e ?mail us"
                      r"|get in touch|ask a question)\b")
_HELP = re.compile(r"^(?:help|get help|help cent(?:er|re)|faqs?|frequently asked questions|ayuda"
                   r"|preguntas frecuentes|customer (?:service|support)|support)\b")
_CHAT = re.compile(r"\b(?:live chat|chat with us|chat now|chat)\b")
_PHONE = re.compile(r"(?<!\d)(?:1[-. ]?)?(?:\(\d{3}\)\s?|\d{3}[-. ])\d{3}[-. ]\d{4}(?!\d)")
# What every _PHONE match holds; it starts with a digit, so re skips to the digits in C.
_PHONE_DIGITS = re.compile(r"\d{3}[-. ]\d{4}")
# Ways to find pages (WCAG 2.4.5), besides navigation and search.
_SITEMAP_NAME = re.compile(r"\b(?:site ?map|a ?(?:-|to)? ?z (?:index|list)|index a ?z|mapa del sitio)\b")
_SITEMAP_HREF = re.compile(r"(?:^|/)(?:site-?map|a-?z(?:-index)?)(?:\.html?|/)?$", re.I)
# What a URL must hold for its resolved target to match _SITEMAP_HREF: site-?map or a-?z in
# any case (the regex is what the words spell out).
_SITEMAP_HINT = re.compile(r"site-?map|a-?z", re.I)
_SITEMAP_WORDS = ("sitemap", "site-map", "az", "a-z")
_NOT_WORD = re.compile(r"[^\w\s]")
# A root-relative href: path, query, fragment, with no space, control, colon or semicolon.
_ROOTED = re.compile(r"(/[^\x00-\x20:;?#]*)(?:\?([^\x00-\x20:;#]*))?(?:#[^\x00-\x20]*)?\Z")
# A relative path with nothing urljoin would read apart: no scheme, host, query, fragment,
# parameters, white space or control character.
_PLAIN_RELATIVE = re.compile(r"[^\x00-\x20/:;?#\\][^\x00-\x20:;?#\\]*\Z")
_RELATED = re.compile(r"\b(?:related|see also|more (?:news|stories|resources|information)|in this section"
                      r"|you may also)\b")


def collect(doc: Document, plan: tuple[tuple[Rule, Severity | None], ...], suppressor: Suppressor,
            is_home: Callable[[], bool]) -> Repeated | None:
    """The page's facts, or None when no rule of the family runs on it."""
    mine = {rule.id: level for rule, level in plan if rule.check in CHECKS}
    if not mine:
        return None
    base = _base(doc)
    targets = _Targets(base)
    own = targets(base) or "/"
    home = is_home()
    found = _Found(doc, mine, suppressor)
    items = _landmark_items(doc, found, base, targets)
    sitemap, links = _reach(doc, home, targets)
    ways = {"sitemap"} if sitemap else set()
    per_menu = Counter(i.block for i in items if i.region == "navigation" and not i.key.startswith("search:"))
    if (per_menu and max(per_menu.values()) >= _MENU_LINKS) or _has_menu(doc):
        ways.add("navigation")
    if _has_search(doc):
        ways.add("search")
    if _has_related(doc):
        ways.add("related")
    return Repeated(own, home, tuple(items), frozenset(ways), links, found.item(doc.body, None, own, "", ""),
                    MappingProxyType(mine))


class _Found:
    """Items of one page: where each element is, in which landmark (numbered in the order
    first met), and the rules of the family suppressed at it."""

    def __init__(self, doc: Document, mine: Mapping[str, Severity | None], suppressor: Suppressor) -> None:
        self._doc = doc
        self._mine = mine
        self._suppressor = suppressor
        self._blocks: dict[Any, tuple[str, int]] = {}  # landmark element -> (region, its number)

    def item(self, element: Any, landmark: Any, key: str, name: str, help_kind: str) -> Item:
        doc = self._doc
        offset = doc.offset(element)
        line, column = doc.offset_linecol(offset)
        suppressor = self._suppressor
        hidden = frozenset(r for r in self._mine if suppressor.suppressed(r, element, offset)) if (
            suppressor.active) else frozenset()
        if landmark is None:
            region, block = "page", -1
        else:
            region, block = self._blocks.get(landmark) or self._blocks.setdefault(
                landmark, (REGIONS[doc.a11y.role(landmark) or ""], len(self._blocks)))
        return Item(region, block, key, name, help_kind, line, column, doc.selector(element),
                    doc.snippet(element), hidden)


# The elements an item can be: links, search controls, and text that may print a phone number.
_ITEM_TAGS = ("a", "area", "input", "button", "p", "span", "li", "div", "address")


def _landmark_items(doc: Document, found: _Found, base: str, targets: _Targets) -> list[Item]:
    """The links, search controls and help mechanisms of the page's header, navigation and
    footer landmarks, in page order. Only the landmarks' subtrees are read: the rest of the
    page (most of it) can hold no item."""
    a = doc.a11y
    landmark_of = _Landmarks(a)
    items: list[Item] = []
    for top in _outer_landmarks(doc):
        for element in top.iter(*_ITEM_TAGS):
            tag = element.tag
            if tag in ("a", "area"):
                href = element.get("href")
                if href is None or (landmark := landmark_of(element)) is None or a.hidden(element):
                    continue
                target = targets(href.strip())
                name = a.name(element)
                kind = _help_kind(_name_key(name), href)
                if target is None and not kind:
                    continue
                key = _contact_key(kind, href) if kind in ("phone", "email") else (target or f"help:{kind}")
                items.append(found.item(element, landmark, key, text.squash(name), kind))
            elif tag in ("input", "button"):
                control = _search_control(element)
                form = _search_form(element) if control else None
                landmark = landmark_of(element) if form is not None else None
                if landmark is not None and not a.hidden(element):
                    key = f"search:{control}@{_search_signature(base, form)}"
                    items.append(found.item(element, landmark, key, text.squash(a.name(element)), ""))
            elif (words := element.text) and _PHONE_DIGITS.search(words) and (
                    printed := _PHONE.search(words)):
                landmark = landmark_of(element)
                if landmark is not None and a.role(landmark) != "navigation" and not a.hidden(element):
                    number = _contact_key("phone", printed[0])
                    items.append(found.item(element, landmark, number, text.squash(element.text), "phone"))
    return items


def _outer_landmarks(doc: Document) -> list[Any]:
    """The header, navigation and footer landmarks inside no other one, in page order: every
    element whose innermost such landmark exists sits in one of their subtrees."""
    a = doc.a11y
    tagged = (*a.elements("header", "nav", "footer"), *a.with_attribute("role"))
    candidates = dict.fromkeys(el for el in tagged if a.role(el) in REGIONS)
    outer = [el for el in candidates if not any(up in candidates for up in el.iterancestors())]
    return sorted(outer, key=doc.offset)


def _reach(doc: Document, home: bool, targets: _Targets) -> tuple[bool, frozenset[str]]:
    """Whether a link of the page leads to a site map or an A-Z index, and, on a home page,
    every page it links to."""
    a = doc.a11y
    shown = [(element, href) for element in a.elements("a", "area")
             if (href := element.get("href")) is not None and not a.hidden(element)]
    links: set[str] = set()
    if home:
        links = {target for _, href in shown if (target := targets(href.strip())) is not None}
    # Most pages name no site map and link to none: their names, and their hrefs, each read
    # as one text, hold none of the words such a link holds, and no link is tried for them.
    by_name = _may_name_sitemap("\n".join(a.name(element) for element, _ in shown).casefold())
    by_href = targets.may_be_sitemap("\n".join(href for _, href in shown))
    sitemap = any((by_name and _sitemap_named(a.name(element))) or (
        by_href and targets.may_be_sitemap(href) and _sitemap_target(targets(href.strip())))
        for element, href in shown) if by_name or by_href else False
    return sitemap, frozenset(links)


def _sitemap_target(target: str | None) -> bool:
    return bool(target and _SITEMAP_HREF.search(target.split("?")[0]))


def _sitemap_named(name: str) -> bool:
    """_sitemap_name of a link's name, its key made only where it may match."""
    return _may_name_sitemap(name.casefold()) and _sitemap_name(_name_key(name))


def _may_name_sitemap(folded: str) -> bool:
    """Whether case-folded text holds the words every _SITEMAP_NAME match holds: "map", or
    "z" with "index" or "list" (a name's key only turns characters into spaces, so the words
    of the key are words of the name)."""
    return "map" in folded or ("z" in folded and ("index" in folded or "list" in folded))


def _base(doc: Document) -> str:
    place = (doc.info.site_path or doc.info.path).replace("\\", "/").lstrip("/")
    page = doc.info.url or f"{_LOCAL}/{place}"
    declared = base_href(doc)
    return urljoin(page, declared) if declared else page


def _key(base: str, href: str) -> str | None:
    """Where a link goes, the same however it is written: path (and query) on the page's own
    host, the whole URL elsewhere; None for what is not a page (same-page fragments, mailto:)."""
    if not href or href.lower().startswith(_NOT_PAGES):
        return None
    try:
        parts = urlsplit(urljoin(base, href))
        own = urlsplit(base)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https"):
        return None
    return _key_of(parts, own.netloc.lower())


def _key_of(parts: SplitResult, own_host: str | None) -> str:
    """An http(s) URL's key: its path (index pages as their folder) and query, and its scheme
    and host unless it is the page's own host."""
    tail = _INDEX.sub("/", parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    host = parts.netloc.lower()
    return tail if host == own_host else f"{parts.scheme}://{host}{tail}"


class _Targets:
    """_key for one page's links, each href resolved once (a page repeats its navigation in
    its header, menus and footer)."""

    def __init__(self, base: str) -> None:
        self._base = base
        self._memo: dict[str, str | None] = {}
        self._base_hint = _sitemap_hint(base)
        try:
            parts = urlsplit(base)
        except ValueError:
            parts = None
        # Whether a root-relative path is this page's own: an http(s) base with a host.
        self._rooted_own = parts is not None and parts.scheme in ("http", "https") and bool(parts.netloc)
        self._host = parts.netloc.lower() if parts is not None else None
        # The base's folder, as urljoin splits it, where relative paths are resolved here.
        self._directory: list[str] | None = None
        if self._rooted_own and parts is not None and ";" not in parts.path:
            self._directory = parts.path.split("/")
            if self._directory[-1] != "":
                del self._directory[-1]

    def __call__(self, href: str) -> str | None:
        try:
            return self._memo[href]
        except KeyError:
            found = self._memo[href] = (self._rooted(href) or self._relative(href) or self._absolute(href)
                                        or _key(self._base, href))
            return found

    def _relative(self, href: str) -> str | None:
        """_key of a plain relative path ("p00012.html", "../d01/"), resolved as urljoin
        resolves it (RFC 3986's merge and dot segments, its quirks kept: empty segments
        dropped, ".." above the root ignored), without splitting and joining URLs: such an
        href has no scheme, host, query, fragment or parameters to read."""
        if self._directory is None or not _PLAIN_RELATIVE.match(href):
            return None
        segments = [*self._directory, *href.split("/")]
        segments[1:-1] = filter(None, segments[1:-1])
        resolved: list[str] = []
        for segment in segments:
            if segment == "..":
                if resolved:
                    resolved.pop()
            elif segment != ".":
                resolved.append(segment)
        if segments[-1] in (".", ".."):
            resolved.append("")
        path = "/".join(resolved) or "/"
        return _INDEX.sub("/", path if path.startswith("/") else f"/{path}")

    def _absolute(self, href: str) -> str | None:
        """_key of an absolute http(s) URL with a host, without urljoin: urljoin gives it back
        as urlparse reads it, which only differs where a path holds parameters (";")."""
        if not href[:8].lower().startswith(("http://", "https://")):
            return None
        try:
            parts = urlsplit(href)
        except ValueError:
            return None
        if not parts.netloc or ";" in parts.path:
            return None
        return _key_of(parts, self._host)

    def _rooted(self, href: str) -> str | None:
        """_key of a plain root-relative href ("/about/?x=1") on an http(s) page, without urljoin:
        with no empty or dot segment and no parameters, urljoin keeps its path and query as
        written and the page's own host."""
        match = _ROOTED.match(href) if self._rooted_own else None
        if match is None or "//" in match[1] or "/." in match[1]:
            return None
        return _INDEX.sub("/", match[1]) + (f"?{match[2]}" if match[2] else "")

    def may_be_sitemap(self, href: str) -> bool:
        """False when the link's target cannot match _SITEMAP_HREF: the last segment of a
        resolved path is a whole segment of the href or of the base (urljoin never joins
        segments), and urlsplit drops tabs and newlines anywhere in a URL."""
        if self._base_hint:
            return True
        if "\t" in href or "\n" in href or "\r" in href:
            href = href.replace("\t", "").replace("\n", "").replace("\r", "")
        return _sitemap_hint(href)


def _sitemap_hint(url: str) -> bool:
    """Whether _SITEMAP_HINT could match: its words, in the text folded as re.IGNORECASE
    reads letters (plain substring tests where the case-blind search tries every position)."""
    folded = text.fold(url)
    return any(word in folded for word in _SITEMAP_WORDS)


def _sitemap_name(key_name: str) -> bool:
    """_SITEMAP_NAME, tried only on names holding "map" or "z", which each of its matches holds
    (a search starting with \\b costs microseconds on a headline-long link text)."""
    return ("map" in key_name or "z" in key_name) and _SITEMAP_NAME.search(key_name) is not None


@lru_cache(maxsize=4096)  # a site's pages repeat "Read more" and their menus' names
def _name_key(name: str) -> str:
    return text.squash(_NOT_WORD.sub(" ", text.normalize(name)))


def _contact_key(kind: str, written: str) -> str:
    """Which phone number or e-mail address a contact detail gives: "help:phone:2025550100",
    "help:email:info@agency.gov". Help is compared mechanism by mechanism, so a design system's
    sample footer (info@agency.gov) is never taken for the site's own contact address."""
    value = written.strip().lower()
    if kind == "phone":
        digits = re.sub(r"\D", "", value)
        value = digits[-10:] if len(digits) >= 10 else digits  # +1 and 1- prefixes dropped
    else:
        value = value.removeprefix("mailto:").split("?", 1)[0].strip()
    return f"help:{kind}:{value}"


def _help_kind(key_name: str, href: str) -> str:
    lowered = href.strip().lower()
    if lowered.startswith("tel:"):
        return "phone"
    if lowered.startswith("mailto:"):
        return "email"
    if _CONTACT.search(key_name):
        return "contact"
    if "chat" in key_name and _CHAT.search(key_name):  # each match holds "chat"; the search is slow
        return "chat"
    if _HELP.search(key_name):
        return "help"
    return ""


class _Landmarks:
    """The innermost header, navigation or footer landmark an element sits in (None: main
    content, complementary content and the rest), remembered for every ancestor on the way."""

    def __init__(self, a: Any) -> None:
        self._a = a
        self._memo: dict[Any, Any] = {}

    def __call__(self, element: Any) -> Any:
        path = []
        found = None
        node = element.getparent()
        while node is not None:
            if node in self._memo:
                found = self._memo[node]
                break
            path.append(node)
            # Only a role attribute or these tags can give a role of REGIONS or _CONTENT: the
            # role of any other ancestor is never worked out here.
            role = self._a.role(node) if node.tag in _LANDMARK_TAGS or node.get("role") is not None else None
            if role in REGIONS:
                found = node
                break
            if role in _CONTENT or node.tag == "body":
                break
            node = node.getparent()
        for visited in path:
            self._memo[visited] = found
        return found


_CONTENT = frozenset({"main", "complementary", "region", "article", "dialog", "alertdialog"})
# The elements whose implicit role may be one of REGIONS or _CONTENT (a11y/roles.py).
_LANDMARK_TAGS = frozenset({"header", "nav", "footer", "main", "aside", "section", "article", "dialog"})


def _search_form(element: Any) -> Any:
    """The search form (or search landmark) a control belongs to, else None."""
    for node in element.iterancestors():
        if node.tag == "search" or (node.get("role") or "").strip().lower() == "search" or (
                node.tag == "form" and _searchy(node)):
            return node
    return None


def _search_signature(base: str, form: Any) -> str:
    """Which search a form is: where it sends the query and under what name. Forms of one site
    agree on both, so two sites' search boxes are never compared."""
    found = form if form.tag == "form" else next(form.iter("form"), None)
    if found is None:
        found = next((f for f in form.iterancestors("form")), form)
    action = _key(base, (found.get("action") or "").strip() or base) or ""
    field = next((el.get("name") or "" for el in found.iter("input")
                  if (el.get("type") or "text").lower() in ("search", "text")), "")
    # A shared search service (Search.gov) tells its sites apart by hidden fields ("affiliate").
    hidden = sorted(f"{el.get('name')}={el.get('value') or ''}" for el in found.iter("input")
                    if (el.get("type") or "").lower() == "hidden" and el.get("name"))
    return "#".join((action, field, *hidden))


def _searchy(form: Any) -> bool:
    blob = " ".join((form.get(attr) or "") for attr in ("action", "id", "class", "name", "role")).lower()
    return "search" in blob


def _search_control(element: Any) -> str:
    kind = (element.get("type") or ("submit" if element.tag == "button" else "text")).lower()
    if element.tag == "input" and kind in ("search", "text"):
        return "field"
    if kind in ("submit", "image") or (element.tag == "button" and kind == "button"):
        return "button"
    return ""


def _has_search(doc: Document) -> bool:
    a = doc.a11y
    if any(el.get("role") == "search" for el in a.with_attribute("role")) or a.elements("search"):
        return True
    return any((el.get("type") or "").lower() == "search" for el in a.elements("input")) or any(
        _searchy(form) for form in a.elements("form"))


_MENU_CLASS = re.compile(r"nav|menu", re.I)


def _has_menu(doc: Document) -> bool:
    """A menu built without a navigation landmark: an element whose class or id says nav or
    menu, holding at least _MENU_LINKS links (older sites' script menus are built so)."""
    a = doc.a11y
    for attr in ("class", "id"):
        for element in a.with_attribute(attr):
            if _MENU_CLASS.search(element.get(attr) or "") and not a.hidden(element) and sum(
                    1 for _ in zip(_links(element), range(_MENU_LINKS), strict=False)) >= _MENU_LINKS:
                return True
    return False


def _has_related(doc: Document) -> bool:
    """A block of links to related pages: a nav, aside or section named or headed "Related"."""
    a = doc.a11y
    for element in (*a.elements("nav", "aside", "section"), *a.with_role("complementary", "navigation")):
        heading = next(element.iter("h2", "h3", "h4", "h5", "h6"), None)
        label = a.name(element) or (text.squash("".join(heading.itertext())) if heading is not None else "")
        if _RELATED.search(_name_key(label)) and sum(1 for _ in _links(element)) >= 2:
            return True
    return False


def _links(element: Any) -> Iterator[Any]:
    return (el for el in element.iter("a") if el.get("href"))
