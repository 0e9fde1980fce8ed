"""What a page's site is: its top-level domain, whether it is DoD, its language."""

from __future__ import annotations

from ..document import Document
from . import CheckContext

_DOD_HOSTS = ("defense.gov", "war.gov")


def page_tld(doc: Document, ctx: CheckContext) -> str | None:
    """'gov' or 'mil' from config, else from the page's host; None when unknown."""
    if ctx.site.tld:
        return ctx.site.tld
    host = doc.host
    for tld in ("gov", "mil"):
        if host.endswith("." + tld):
            return tld
    return None


def is_dod(doc: Document, ctx: CheckContext) -> bool:
    if ctx.site.dod is not None:
        return ctx.site.dod
    host = doc.host
    return host.endswith(".mil") or any(host == h or host.endswith("." + h) for h in _DOD_HOSTS)


def page_lang(doc: Document, ctx: CheckContext) -> str:
    return doc.lang or (ctx.site.lang or "en").lower().split("-")[0]
