"""The estate folder's manifest, ``estate.json``: the sites in their order with their columns,
and the settings they are scanned with. A merge (``govlint estate --merge DIR``) needs nothing
else; a resumed scan compares its settings with it."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import UsageError
from ..output import write_atomic
from .sites import Estate, Site

NAME = "estate.json"
SHARDS = "sites"
FORMAT = 1


@dataclass(frozen=True)
class Manifest:
    estate: Estate
    settings: Mapping[str, Any]  # EstateSettings.dump(): what every site is scanned with
    fingerprint: str


def write(folder: Path, manifest: Manifest) -> None:
    data = {"govlint_estate": FORMAT, "fingerprint": manifest.fingerprint, "settings": manifest.settings,
            "columns": list(manifest.estate.columns),
            "sites": [[s.url, [v for _, v in s.columns]] for s in manifest.estate.sites]}
    write_atomic(folder / NAME, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def read(folder: Path) -> Manifest:
    path = folder / NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("govlint_estate") != FORMAT:
            raise ValueError("written by another version of govlint")
        columns = tuple(str(c) for c in data["columns"])
        sites = tuple(Site(i, str(url), tuple(zip(columns, map(str, values), strict=True)))
                      for i, (url, values) in enumerate(data["sites"]))
        return Manifest(Estate(sites, columns), data["settings"], str(data["fingerprint"]))
    except FileNotFoundError:
        raise UsageError(f"{folder} is not an estate folder (no {NAME}: run 'govlint estate FILE --out "
                         f"{folder}' first)") from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise UsageError(f"{path}: cannot read the estate manifest: {exc}") from None
