"""The estate report as one self-contained HTML page: a sortable, filterable table of the
sites and a chart of the sites with the most problems, drawn by the page's own script from
the rows embedded as JSON. No request leaves the page. The rows are written one at a time, as
the merge makes them."""

from __future__ import annotations

import html
import json
from importlib import resources
from typing import Any, TextIO

from ..version import __version__
from .summary import SiteRow

TOP = 20  # sites in the chart


def _asset(name: str) -> str:
    return resources.files(__package__).joinpath(name).read_text(encoding="utf-8")


def _embed(value: Any) -> str:
    """JSON that cannot end its <script> element or open a comment in it."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class Writer:
    def __init__(self, stream: TextIO, columns: tuple[str, ...], header: list[str]) -> None:
        self.stream, self.columns = stream, columns
        self.separator = ""
        stream.write('<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
                     '<meta name="viewport" content="width=device-width, initial-scale=1">'
                     f"<title>govlint estate report</title><style>{_asset('estate.css')}</style></head><body>"
                     "<header><h1>govlint estate report</h1>"
                     f"<p>govlint {html.escape(__version__)}</p></header>"
                     f"{_asset('estate.html')}"
                     '<script type="application/json" id="estate-data">'
                     f'{{"top":{TOP},"carried":{len(columns)},"columns":{_embed(header)},"rows":[')

    def add(self, row: SiteRow) -> None:
        self.stream.write(self.separator + _embed(row.cells(self.columns)))
        self.separator = ","

    def close(self) -> None:
        self.stream.write(f"]}}</script><script>{_asset('estate.js')}</script></body></html>\n")
