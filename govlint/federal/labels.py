"""The required links of digital.gov's "Required web content and links" and the USWDS
identifier, with the link texts each is recognised by (English and Spanish)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .. import text


@dataclass(frozen=True)
class Item:
    id: str
    label: str  # the English name shown in messages
    label_es: str  # the USWDS identifier's Spanish label
    pattern: re.Pattern[str]  # searched in a link's normalised name


def _item(ident: str, label: str, label_es: str, pattern: str) -> Item:
    return Item(ident, label, label_es, re.compile(pattern))


# In the identifier's order. Patterns run on normalised names: case-folded, "&" read as "and",
# punctuation as space, so "About Us", "ABOUT GSA" and "Budget & Performance" all match.
ITEMS: tuple[Item, ...] = (
    _item("about", "About", "Acerca de", r"^(?:about|acerca de|sobre nosotros|qui[eé]nes somos)\b"),
    _item("accessibility", "Accessibility statement", "Declaración de accesibilidad",
          r"\baccessibility\b|\baccesibilidad\b"),
    _item("foia", "FOIA", "Solicitud a través de FOIA",
          r"\bfoia\b|\bfreedom of information\b|\blibertad de informaci[oó]n\b"),
    _item("no-fear", "No FEAR Act data", "Datos de la ley No FEAR", r"\bno fear\b"),
    _item("inspector-general", "Office of the Inspector General", "Oficina del Inspector General",
          r"\binspector general\b|\boig\b"),
    _item("budget-performance", "Budget and performance", "Informes de desempeño",
          r"\bbudget\b|\bperformance\b|\bdesempe[nñ]o\b|\bpresupuesto\b"),
    _item("privacy", "Privacy policy", "Política de privacidad", r"\bprivacy\b|\bprivacidad\b"),
    _item("usa-gov", "USA.gov", "USAGov en Español", r"\busa ?gov\b"),
)
ITEM_IDS = tuple(item.id for item in ITEMS)
_BY_ID = {item.id: item for item in ITEMS}
_PUNCT = re.compile(r"[^\w\s]+")
USA_GOV_HOSTS = frozenset({"usa.gov", "www.usa.gov"})


def name_key(name: str) -> str:
    """A link name as the patterns read it."""
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
