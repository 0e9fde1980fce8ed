"""The few accessibility facts the language, timing, structure and markup checks ask about an
element: is it rendered, is it hidden from assistive technology, what explicit role it names.

Only what the page's markup says is read: the ``hidden`` attribute, ``aria-hidden``, an inline
``style`` and the elements a browser never renders. A shared semantics layer with the page's
style sheets and implicit roles may answer these questions for these checks later; until then
these small answers keep the checks self-contained.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

# Elements a browser's own style sheet gives display: none.
NOT_RENDERED = frozenset({"area", "base", "basefont", "datalist", "head", "link", "meta", "noembed",
                          "noframes", "noscript", "param", "rp", "script", "style", "template",
                          "title"})

# WAI-ARIA 1.2 roles, abstract ones excluded (an abstract role is not a valid role value).
_ROLE_NAMES = """
alert alertdialog application article banner blockquote button caption cell checkbox code
columnheader combobox comment complementary contentinfo definition deletion dialog directory
document emphasis feed figure form generic grid gridcell group heading img image insertion link
list listbox listitem log main mark marquee math menu menubar menuitem menuitemcheckbox
menuitemradio meter navigation none note option paragraph presentation progressbar radio
radiogroup region row rowgroup rowheader scrollbar search searchbox separator slider spinbutton
status strong subscript suggestion superscript switch tab table tablist tabpanel term textbox
time timer toolbar tooltip tree treegrid treeitem
doc-abstract doc-acknowledgments doc-afterword doc-appendix doc-backlink doc-biblioentry
doc-bibliography doc-biblioref doc-chapter doc-colophon doc-conclusion doc-cover doc-credit
doc-credits doc-dedication doc-endnote doc-endnotes doc-epigraph doc-epilogue doc-errata
doc-example doc-footnote doc-foreword doc-glossary doc-glossref doc-index doc-introduction
doc-noteref doc-notice doc-pagebreak doc-pagefooter doc-pageheader doc-pagelist doc-part
doc-preface doc-prologue doc-pullquote doc-qna doc-subtitle doc-tip doc-toc
graphics-document graphics-object graphics-symbol
"""
ARIA_ROLES = frozenset(_ROLE_NAMES.split())


def local_name(element: Any) -> str:
    """The tag without its namespace ('' for comments and processing instructions)."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2]


def is_html(element: Any) -> bool:
    return isinstance(element.tag, str) and not element.tag.startswith("{")


def element_children(element: Any) -> Iterator[Any]:
    return (child for child in element if isinstance(child.tag, str))


def explicit_role(element: Any) -> str | None:
    """The first token of ``role`` that is a WAI-ARIA role, lower case; None when none is."""
    for token in (element.get("role") or "").lower().split():
        if token in ARIA_ROLES:
            return token
    return None


def inline_style(element: Any) -> dict[str, str]:
    """The declarations of the ``style`` attribute, property -> value (lower case, without
    ``!important``); a later declaration wins, as in the cascade."""
    out: dict[str, str] = {}
    style = element.get("style")
    if not style:
        return out
    for declaration in _strip_comments(style).split(";"):
        name, colon, value = declaration.partition(":")
        if colon:
            value = value.strip().lower()
            if value.endswith("!important"):
                value = value[: -len("!important")].strip()
            out[name.strip().lower()] = value
    return out


def _strip_comments(css: str) -> str:
    out, pos = [], 0
    while (start := css.find("/*", pos)) != -1:
        out.append(css[pos:start])
        end = css.find("*/", start + 2)
        pos = len(css) if end == -1 else end + 2
    out.append(css[pos:])
    return "".join(out)


# What an element's own markup says about an inherited property: True, False, or None when it
# says nothing and the parent's answer holds.
_Own = Callable[[Any], "bool | None"]


class Visibility:
    """Answers for one page's elements, memoised (an instance lives for one check run).
    Inherited answers are filled in from the top down without recursion, so a deeply nested
    page cannot exhaust the stack."""

    def __init__(self) -> None:
        self._not_rendered: dict[Any, bool] = {}
        self._invisible: dict[Any, bool] = {}
        self._aria_hidden: dict[Any, bool] = {}

    def not_rendered(self, element: Any) -> bool:
        """``display: none`` on the element or an ancestor, by markup or inline style."""
        return _inherited(element, self._not_rendered, lambda el: True if _display_none(el) else None)

    def invisible(self, element: Any) -> bool:
        """``visibility: hidden`` or ``collapse`` inherited from the nearest inline declaration."""
        return _inherited(element, self._invisible, _own_visibility)

    def on_screen(self, element: Any) -> bool:
        """Rendered and visible (what a sighted user can see, size and position aside)."""
        return not self.not_rendered(element) and not self.invisible(element)

    def hidden_from_at(self, element: Any) -> bool:
        """Not exposed to assistive technology: not rendered, invisible, or inside
        ``aria-hidden="true"``."""
        return not self.on_screen(element) or _inherited(element, self._aria_hidden, _own_aria_hidden)


def _inherited(element: Any, memo: dict[Any, bool], own: _Own) -> bool:
    """The element's answer: its own, else its parent's; False at the top."""
    chain = []
    node = element
    answer = False
    while node is not None and isinstance(node.tag, str):
        known = memo.get(node)
        if known is not None:
            answer = known
            break
        chain.append(node)
        node = node.getparent()
    for node in reversed(chain):
        mine = own(node)
        answer = answer if mine is None else mine
        memo[node] = answer
    return answer


def _own_visibility(element: Any) -> bool | None:
    value = inline_style(element).get("visibility")
    if value in ("hidden", "collapse"):
        return True
    return False if value == "visible" else None


def _own_aria_hidden(element: Any) -> bool | None:
    return True if (element.get("aria-hidden") or "").strip().lower() == "true" else None


def _display_none(element: Any) -> bool:
    display = inline_style(element).get("display")
    if display:  # the author's inline style beats the browser's own
        return display.split()[0] == "none"
    name = local_name(element)
    if is_html(element) and (name in NOT_RENDERED or element.get("hidden") is not None):
        return True
    return name == "input" and (element.get("type") or "").strip().lower() == "hidden"
