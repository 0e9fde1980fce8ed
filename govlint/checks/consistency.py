"""The consistency rules (WCAG 3.2.3, 3.2.4, 3.2.6, 2.4.5) compare pages: each page's facts
are kept by govlint/consistency/facts.py and judged by the site pass in
govlint/consistency/site.py. Their options are read there."""

from __future__ import annotations

from collections.abc import Iterator

from ..document import Document
from . import CheckContext, CheckSpec, Finding


def _site_rule(doc: Document, ctx: CheckContext, *, min_pages: int = 3) -> Iterator[Finding]:
    """``min_pages``: on how many pages content must appear to count as repeated."""
    return iter(())


def _valid(options: dict[str, object]) -> str | None:
    value = options.get("min_pages", 3)
    if isinstance(value, bool) or not isinstance(value, int) or value < 2:
        return "min_pages must be a whole number of at least 2"
    return None


NAVIGATION_SPEC = CheckSpec(_site_rule, frozenset({"order"}), site=True, from_facts=True, validate=_valid)
IDENTIFICATION_SPEC = CheckSpec(_site_rule, frozenset({"link", "search"}), site=True, from_facts=True,
                                validate=_valid)
HELP_SPEC = CheckSpec(_site_rule, frozenset({"order"}), site=True, from_facts=True, validate=_valid)
WAYS_SPEC = CheckSpec(_site_rule, frozenset({"few"}), site=True, from_facts=True, validate=_valid)
