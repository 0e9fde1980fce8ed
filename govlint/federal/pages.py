"""Which pages are home pages: ``index.html`` at the site root, or the pages that
``[site] home`` names (globs, for sub-agency home pages and major entry points)."""

from __future__ import annotations

from ..checks import CheckContext
from ..document import Document
from ..globs import GlobSet

_ROOT_INDEX = frozenset({"", "index.html", "index.htm"})


def is_home(doc: Document, ctx: CheckContext) -> bool:
    """Configured globs match the page's path in the site (as archive paths do). Without them,
    the home page is the root's index, which needs a site root: a single file given with no
    root is never taken for one."""
    site_path = (doc.info.site_path or "").replace("\\", "/").lstrip("/")
    if ctx.site.home is not None:
        return GlobSet(ctx.site.home).matches(site_path)
    return doc.info.rooted and site_path in _ROOT_INDEX
