"""gov-banner: the official ".gov / HTTPS" banner is present, at the top, and right."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .. import text
from ..document import Document
from . import CheckContext, CheckSpec, Finding, banner_text
from .site import page_lang, page_tld

_MEDIA = frozenset({"img", "svg", "iframe", "video", "audio", "object", "embed", "input", "button",
                    "select", "textarea", "canvas", "picture"})
_INVISIBLE = frozenset({"script", "style", "noscript", "template", "link", "meta", "base"})
_LOCK = ".usa-banner__lock-image, .icon-lock svg, .usa-banner__icon-lock, .header_banner_icon_lock svg"
_TOGGLE = ".usa-banner__button, .usa-banner-button, .usa-banner__header [aria-controls]"


@dataclass(frozen=True)
class _Banner:
    element: Any
    kind: str  # "component" (<usa-banner>), "uswds1", "uswds" (2.x/3.x) or "text" (DoD/DMA)


def check(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    found = find_banner(doc)
    if found is None:
        yield Finding("missing", doc.body)
        return
    banner = found.element
    before = _content_before(doc, banner)
    if before is not None:
        yield Finding("not-at-top", banner, {"element": _describe(before)})
    lang = page_lang(doc, ctx)
    tld = page_tld(doc, ctx)
    if found.kind == "component":
        yield from _component(found.element, lang, tld)
        return
    wording = text.normalize(doc.text(banner))
    banner_lang = "es" if banner_text.OFFICIAL["es"] in wording else "en"
    if banner_text.OFFICIAL[banner_lang] not in wording:
        yield Finding("official-text", banner)
    if lang == "es" and banner_lang != "es":
        yield Finding("spanish-expected", banner)
    if banner_text.OUTDATED_DOMAIN in wording or banner_text.OUTDATED_HTTPS in wording:
        yield Finding("outdated", banner)
    else:
        yield from _explanations(banner, wording, banner_lang, tld)
        yield from _https_heading(doc, banner, banner_lang, tld)
    yield from _toggle(doc, found)
    lock = doc.select(_LOCK, banner)
    # The explanation is collapsed (hidden) until the toggle opens it: ask for the name it
    # has when shown.
    if lock and (doc.a11y.aria_hidden(lock[0]) or not doc.a11y.name_if_shown(lock[0])):
        yield Finding("lock-unnamed", lock[0])
    if found.kind in ("uswds", "uswds1") and not (
        text.squash(banner.get("aria-label") or "") or banner.get("aria-labelledby")
    ):
        yield Finding("no-aria-label", banner)


SPEC = CheckSpec(check, frozenset({
    "missing", "not-at-top", "official-text", "spanish-expected", "outdated", "domain-missing",
    "domain-mismatch", "https-missing", "https-mismatch", "toggle-missing", "toggle-not-button",
    "toggle-no-expanded", "toggle-bad-controls", "toggle-no-controls", "lock-unnamed", "no-aria-label",
    "https-heading",
}))


def find_banner(doc: Document) -> _Banner | None:
    component = next(doc.root.iter("usa-banner"), None)  # by tag: no XPath scan of the page
    if component is not None:
        return _Banner(component, "component")
    # Class selectors scan every element: run them only if the class name is in the source.
    uswds = doc.select(".usa-banner") if "usa-banner" in doc.source else []
    if uswds:
        old = doc.select(".usa-banner-header, .usa-banner-button, .usa-banner-content", uswds[0])
        return _Banner(uswds[0], "uswds1" if old else "uswds")
    dma = doc.select(".header_banner_container") if "header_banner_container" in doc.source else []
    if dma:
        return _Banner(dma[0], "text")
    smallest = _first_smallest(doc, doc.body, tuple(banner_text.OFFICIAL.values()))
    if smallest is None:
        return None
    return _Banner(_text_banner_container(doc, smallest), "text")


def _first_smallest(doc: Document, element: Any, phrases: tuple[str, ...]) -> Any:
    """The deepest element holding any one of ``phrases`` (the first that occurs)."""
    found = [el for el in (doc.smallest_containing(element, p) for p in phrases) if el is not None]
    return min(found, key=doc.offset) if found else None


def _text_banner_container(doc: Document, start: Any) -> Any:
    """Climb from the official sentence to the element that also holds the HTTPS
    explanation (else the 'Here's how you know' action), stopping below <body>."""
    explanations = [p for group in banner_text.HTTPS.values() for p in group]
    explanations.append(banner_text.OUTDATED_HTTPS)
    action_holder = None
    for node in (start, *start.iterancestors()):
        if node is doc.body or node.tag in ("html", "body"):
            break
        if any(doc.contains(node, p) for p in explanations):
            return node
        if action_holder is None and any(doc.contains(node, a) for a in banner_text.ACTION):
            action_holder = node
    if action_holder is not None:
        return action_holder
    # A bare sentence: take in wrappers that add no text of their own (such as the flag).
    node = start
    own = doc.text(start)
    while (parent := node.getparent()) is not None and parent.tag not in ("body", "html") and (
        doc.text(parent) == own
    ):
        node = parent
    return node


def _explanations(banner: Any, wording: str, lang: str, tld: str | None) -> Iterator[Finding]:
    for table, missing, mismatch in (
        (banner_text.DOMAIN, "domain-missing", "domain-mismatch"),
        (banner_text.HTTPS, "https-missing", "https-mismatch"),
    ):
        expected = (tld,) if tld else ("gov", "mil")
        if any(p in wording for t in expected for p in table[(lang, t)]):
            continue
        other = "mil" if tld == "gov" else "gov"
        if tld and any(p in wording for p in table[(lang, other)]):
            yield Finding(mismatch, banner, {"expected": f".{tld}", "found": f".{other}"})
        else:
            yield Finding(missing, banner, {"expected": f".{tld}" if tld else ".gov or .mil"})


_EMPHASIS = ("strong", "b", "h1", "h2", "h3", "h4", "h5", "h6")
_BLOCKS = frozenset({"p", "div", "section", "li", "td"})


def _https_heading(doc: Document, banner: Any, lang: str, tld: str | None) -> Iterator[Finding]:
    """The heading over the HTTPS explanation reads as the official one ("Secure .gov websites
    use HTTPS"): the first emphasised text of the block that holds the explanation."""
    phrases = tuple(p for t in ("gov", "mil") for p in banner_text.HTTPS[(lang, t)])
    explanation = _first_smallest(doc, banner, phrases)
    if explanation is None:
        return  # reported as https-missing
    block = next((a for a in (explanation, *explanation.iterancestors()) if a.tag in _BLOCKS), None)
    if block is None or block is banner:
        return
    # The heading leads the block (<p><strong>…</strong><br>…), or stands just before it.
    previous = block.getprevious()
    containers = (block,) if previous is None else (block, previous)
    # Either domain's heading passes here: a .gov banner on a .mil site is https-mismatch.
    expected = [banner_text.HTTPS_HEADING[(lang, t)] for t in ("gov", "mil")]
    candidates = [el for c in containers for el in c.iter(*_EMPHASIS) if text.normalize(doc.text(el))]
    heading = candidates[0] if candidates else None
    found = text.normalize(doc.text(heading)) if heading is not None else ""
    if found.rstrip(".") not in expected:
        official = banner_text.HTTPS_HEADING[(lang, tld or "gov")]
        shown = text.squash(doc.text(heading)) if heading is not None else ""
        yield Finding("https-heading", heading if heading is not None else block,
                      {"found": shown or "no heading", "expected": official[0].upper() + official[1:]
                       .replace("https", "HTTPS")})


def _component(element: Any, lang: str, tld: str | None) -> Iterator[Finding]:
    """<usa-banner> renders its text in a shadow root: check its attributes only."""
    if lang == "es" and (element.get("lang") or "en").lower() != "es":
        yield Finding("spanish-expected", element)
    declared = (element.get("tld") or "gov").lower()
    if tld and declared != tld:
        yield Finding("domain-mismatch", element, {"expected": f".{tld}", "found": f".{declared}"})


def _toggle(doc: Document, found: _Banner) -> Iterator[Finding]:
    if found.kind == "text":
        toggle = _first_smallest(doc, found.element, banner_text.ACTION)
        if toggle is not None:
            button = next((a for a in (toggle, *toggle.iterancestors()) if a.tag == "button"), None)
            toggle = button if button is not None else toggle
    else:
        candidates = doc.select(_TOGGLE, found.element)
        toggle = candidates[0] if candidates else None
    if toggle is None:
        yield Finding("toggle-missing", found.element)
        return
    if toggle.tag != "button":
        yield Finding("toggle-not-button", toggle, {"element": _describe(toggle)})
        return
    if toggle.get("aria-expanded") not in ("true", "false"):
        yield Finding("toggle-no-expanded", toggle)
    controls = (toggle.get("aria-controls") or "").strip()
    if not controls:
        yield Finding("toggle-no-controls", toggle)
    elif any(i not in doc.ids for i in controls.split()):
        yield Finding("toggle-bad-controls", toggle, {"id": controls})


def _content_before(doc: Document, target: Any) -> Any:
    """The first visible content in <body> before ``target``, other than a skip link."""
    ancestors = set(target.iterancestors())
    node = doc.body
    while True:
        for child in node:
            if child is target:
                return None
            if child in ancestors:
                node = child
                break
            if not _ignorable(doc, child):
                return child
        else:
            return None


def _ignorable(doc: Document, element: Any) -> bool:
    tag = element.tag
    if not isinstance(tag, str) or tag in _INVISIBLE:
        return True
    if element.get("hidden") is not None or (tag == "input" and element.get("type") == "hidden"):
        return True
    content = doc.text(element)
    if any(True for el in element.iter() if isinstance(el.tag, str) and el.tag in _MEDIA) or (
        isinstance(tag, str) and tag in _MEDIA
    ):
        return _only_skip_links(doc, element, content)
    return not content or _only_skip_links(doc, element, content)


def _only_skip_links(doc: Document, element: Any, content: str) -> bool:
    links = [a for a in element.iter("a") if (a.get("href") or "").startswith("#")]
    if not links:
        return False
    return text.squash(" ".join(doc.text(a) for a in links)) == content


def _describe(element: Any) -> str:
    tag = element.tag if isinstance(element.tag, str) else "node"
    tag = tag.rsplit("}", 1)[-1]
    ident = element.get("id")
    classes = (element.get("class") or "").split()
    if ident:
        return f"<{tag} id=\"{ident}\">"
    if classes:
        return f"<{tag} class=\"{' '.join(classes[:2])}\">"
    return f"<{tag}>"
