"""The few accessibility facts the language, timing, structure and markup checks ask about an
element: is it rendered, is it hidden from assistive technology, what explicit role it names.
Rendered and hidden come from the page's accessibility-semantics layer (Document.a11y), so
these rules see the page's style sheets too and share one walk of the tree with every other
accessibility rule.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

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


class Visibility:
    """Whether elements are rendered and exposed to assistive technology, as the page's
    accessibility-semantics layer (Document.a11y) works it out once for every rule: markup,
    inline styles and the page's own style sheets."""

    def __init__(self, doc: Any) -> None:
        self._a11y = doc.a11y

    def not_rendered(self, element: Any) -> bool:
        """Not rendered: display: none (or the like) on the element or an ancestor, or
        visibility: hidden or collapse."""
        return bool(self._a11y.unrendered(element))

    def on_screen(self, element: Any) -> bool:
        """Rendered and visible (what a sighted user can see, size and position aside)."""
        return not self._a11y.unrendered(element)

    def hidden_from_at(self, element: Any) -> bool:
        """Not exposed to assistive technology: not rendered, invisible, or inside
        ``aria-hidden="true"`` (one set look-up: rules ask this of most elements)."""
        return element in self._a11y.hidden_set
