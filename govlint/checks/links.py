"""dead-link and missing-anchor run in the site pass (govlint/links/site.py), after every
page has been read, because a link's target may be another page or another server. These
functions carry the rules' options contract; per page there is nothing to do."""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Document
from . import CheckContext, CheckSpec, Finding


def dead_link(doc: Document, ctx: CheckContext, *, archived_severity: str = "warning") -> Iterator[Finding]:
    """``archived_severity``: severity of a dead external link on a page whose archive notice
    warns that links may not function."""
    return iter(())


def missing_anchor(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    return iter(())


DEAD_LINK_SPEC = CheckSpec(dead_link, frozenset({
    "missing-file", "outside-root", "invalid-url", "external", "archived-external", "unverified",
    "not-checked", "bad-mailto", "bad-tel",
}), site=True)
MISSING_ANCHOR_SPEC = CheckSpec(missing_anchor, frozenset({
    "missing", "missing-external", "too-long-external"}), site=True)
