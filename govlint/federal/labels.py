"""The required links of digital.gov's "Required web content and links" and the USWDS
identifier, with the link texts each is recognised by (English and Spanish)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .. import text


@dataclass(frozen=True)
class Item:
    id: str
    label: str  # the English name shown in messages
    label_es: str  # the USWDS identifier's Spanish label
    pattern: re.Pattern[str]  # searched in a link's normalised name (or title)
    page: re.Pattern[str] | None = None  # matched at the start of the last segment of its URL path
    host: re.Pattern[str] | None = None  # searched in its host
    # Words every match of ``pattern`` holds, as plain alternatives: re scans for them in C,
    # where ``pattern`` (each word after \b) is tried at every position of a long link text.
    hint: re.Pattern[str] | None = None


def _item(ident: str, label: str, label_es: str, pattern: str, page: str | None = None,
          host: str | None = None, *, hint: str) -> Item:
    return Item(ident, label, label_es, re.compile(pattern), re.compile(page) if page else None,
                re.compile(host) if host else None, re.compile(hint))


# In the identifier's order. Patterns run on normalised names: case-folded, "&" read as "and",
# punctuation as space, so "About Us", "ABOUT GSA" and "Budget & Performance" all match. A link
# whose address is plainly the page (/about-us/, /foia, oig.hhs.gov) counts whatever its text.
_WEBSITE = r"(?:web[-_]?site[-_]?|web[-_]?|site[-_]?)?"  # "website-privacy-policy", "web-accessibility"
ITEMS: tuple[Item, ...] = (
    _item("about", "About", "Acerca de", r"^(?:about|acerca de|sobre nosotros|qui[eé]nes somos)\b",
          page=r"about(?:[-_]|$)|acerca", hint="about|acerca|sobre|qui"),
    _item("accessibility", "Accessibility statement", "Declaración de accesibilidad",
          r"\baccessibility\b|\baccesibilidad\b", page=_WEBSITE + "accessibility", hint="acces"),
    _item("foia", "FOIA", "Solicitud a través de FOIA",
          r"\bfoia\b|\bfreedom of information\b|\blibertad de informaci[oó]n\b", page=r"foia",
          hint="foia|freedom|libertad"),
    _item("no-fear", "No FEAR Act data", "Datos de la ley No FEAR", r"\bno fear\b", page=r"no[-_]?fear",
          hint="no fear"),
    _item("inspector-general", "Office of the Inspector General", "Oficina del Inspector General",
          r"\binspector general\b|\bo?ig\b", host=r"(?:^|\.)oig\.|ig\.(?:gov|mil)$",
          page=r"(?:office[-_]of[-_](?:the[-_])?)?inspector[-_]general|oig$", hint="inspector|ig"),
    _item("budget-performance", "Budget and performance", "Informes de desempeño",
          r"\bbudget and performance\b|\bperformance (?:reports?|and accountability)\b"
          r"|^(?:agency |annual )?(?:budget|performance)$|\binformes? de desempe[nñ]o\b"
          r"|\bpresupuesto y desempe[nñ]o\b",
          page=r"budget[-_](?:and[-_])?performance|performance[-_](?:reports?|and[-_]accountability)",
          hint="budget|performance|informe|presupuesto"),
    _item("privacy", "Privacy policy", "Política de privacidad", r"\bprivacy\b|\bprivacidad\b",
          page=_WEBSITE + "privacy", hint="privac"),
    _item("usa-gov", "USA.gov", "USAGov en Español", r"\busa ?gov\b", host=r"^(?:www\.)?usa\.gov$",
          hint="usa"),
)
ITEM_IDS = tuple(item.id for item in ITEMS)
_BY_ID = {item.id: item for item in ITEMS}
_PUNCT = re.compile(r"[^\w\s]+")
USA_GOV_HOSTS = frozenset({"usa.gov", "www.usa.gov"})


@dataclass(frozen=True)
class Sieve:
    """One regex for all the wanted items' names, one for their pages and one for their hosts:
    a link none of them matches is no item's, at one search per link instead of one per item."""

    name: re.Pattern[str]
    page: re.Pattern[str] | None
    host: re.Pattern[str] | None
    hint: re.Pattern[str] | None = None  # the items' hints, when every item has one

    def may_name(self, key: str) -> bool:
        if self.hint is not None and self.hint.search(key) is None:
            return False
        return self.name.search(key) is not None

    def may_address(self, segment: str, host: str) -> bool:
        return ((bool(segment) and self.page is not None and self.page.match(segment) is not None)
                or (bool(host) and self.host is not None and self.host.search(host) is not None))


@lru_cache(maxsize=64)
def sieve(wanted: tuple[Item, ...]) -> Sieve:
    def any_of(patterns: list[str]) -> re.Pattern[str] | None:
        return re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None

    name = any_of([item.pattern.pattern for item in wanted]) or re.compile(r"(?!)")
    hints = [item.hint.pattern for item in wanted if item.hint is not None]
    return Sieve(name, any_of([i.page.pattern for i in wanted if i.page is not None]),
                 any_of([i.host.pattern for i in wanted if i.host is not None]),
                 re.compile("|".join(hints)) if hints and len(hints) == len(wanted) else None)


def named(item: Item, keys: tuple[str, ...]) -> bool:
    """Whether a link with these name keys (its name, its title) is this item."""
    return any(item.pattern.search(key) for key in keys)


def addressed(item: Item, segment: str, host: str) -> bool:
    """Whether a link to this host, with this last path segment, is this item."""
    return ((item.page is not None and bool(segment) and item.page.match(segment) is not None)
            or (item.host is not None and bool(host) and item.host.search(host) is not None))


@lru_cache(maxsize=4096)
def name_key(name: str) -> str:
    """A link name as the patterns read it (a pure function of the name, memoised: a site's
    navigation repeats the same link names on every page)."""
    folded = text.normalize(name).replace("&", " and ").replace("usa.gov", "usagov")
    return text.squash(_PUNCT.sub(" ", folded)).replace("usagov", "usa gov")


def items(drop: tuple[str, ...] = (), add: tuple[str, ...] = ()) -> tuple[Item, ...]:
    """The catalogue without ``drop`` (item ids), plus one item per link text in ``add``."""
    kept = [item for item in ITEMS if item.id not in drop]
    for label in add:
        key = name_key(label)
        kept.append(Item(f"custom:{key}", label, label, re.compile(r"\b" + re.escape(key) + r"\b")))
    return tuple(kept)


def unknown(ids: list[str]) -> list[str]:
    return [i for i in ids if i not in _BY_ID]
