"""Data tables: td-headers-attr, th-has-data-cells, scope-attr-valid, table-duplicate-name,
empty-table-header.

A table's own rows are those of its <thead>, <tbody> and <tfoot> and its direct <tr>
children (never a nested table's); its grid places each cell by the HTML table model, with
rowspan and colspan. A table whose role is presentation or none is a layout table and has no
headers to check.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .. import text
from ..document import Document
from . import CheckContext, CheckSpec, Finding
from .a11y_facts import Visibility, element_children, explicit_role, is_html, local_name

_HEADER_ROLES = frozenset({"columnheader", "rowheader"})
_SCOPES = frozenset({"row", "col", "rowgroup", "colgroup"})
_MAX_SPAN = 1000


def table_rows(table: Any) -> list[Any]:
    rows = []
    for child in element_children(table):
        name = local_name(child)
        if name == "tr":
            rows.append(child)
        elif name in ("thead", "tbody", "tfoot"):
            rows.extend(r for r in element_children(child) if local_name(r) == "tr")
    return rows


def row_cells(row: Any) -> list[Any]:
    return [c for c in element_children(row) if local_name(c) in ("td", "th")]


def _span(cell: Any, name: str) -> int:
    value = (cell.get(name) or "").strip()
    digits = value[: len(value) - len(value.lstrip("0123456789"))]
    return max(1, min(int(digits), _MAX_SPAN)) if digits else 1


@dataclass(frozen=True)
class Grid:
    """The table's slots, row by row (None where no cell reaches), and where each cell starts."""

    slots: tuple[tuple[Any, ...], ...]
    origin: dict[Any, tuple[int, int]]

    @classmethod
    def of(cls, table: Any) -> Grid:
        rows = table_rows(table)
        slots: list[dict[int, Any]] = [{} for _ in rows]
        origin: dict[Any, tuple[int, int]] = {}
        for y, row in enumerate(rows):
            x = 0
            for cell in row_cells(row):
                while x in slots[y]:
                    x += 1
                origin[cell] = (y, x)
                for dy in range(min(_span(cell, "rowspan"), len(rows) - y)):
                    for dx in range(_span(cell, "colspan")):
                        slots[y + dy].setdefault(x + dx, cell)
                x += _span(cell, "colspan")
        width = max((max(r) + 1 for r in slots if r), default=0)
        return cls(tuple(tuple(r.get(x) for x in range(width)) for r in slots), origin)

    def column(self, x: int) -> list[Any]:
        return [row[x] for row in self.slots]


def table_role(table: Any) -> str:
    return explicit_role(table) or "table"


def is_layout(table: Any) -> bool:
    return table_role(table) in ("presentation", "none")


def is_header_cell(cell: Any) -> bool:
    role = explicit_role(cell)
    if role is not None:
        return role in _HEADER_ROLES
    return local_name(cell) == "th"


def scopes(grid: Grid) -> dict[Any, str | None]:
    """Each cell's scope: 'col', 'row', their group forms, 'auto' (both) or None (not a
    header), by the cell's role, its scope attribute, and for a <th> without one, whether its
    row or column is all headers. Whole rows and columns are judged once per table."""
    def all_th(cells: Iterable[Any]) -> bool:
        return all(c is not None and local_name(c) == "th" for c in cells)

    header_rows = [all_th(row) for row in grid.slots]
    header_columns = [all_th(grid.column(x)) for x in range(len(grid.slots[0]) if grid.slots else 0)]
    out: dict[Any, str | None] = {}
    for cell, (y, x) in grid.origin.items():
        role = explicit_role(cell)
        value = (cell.get("scope") or "").lower()
        if role in ("columnheader", "rowheader"):
            out[cell] = "col" if role == "columnheader" else "row"
        elif value in _SCOPES:
            out[cell] = value
        elif local_name(cell) != "th":
            out[cell] = None
        else:
            out[cell] = "col" if header_rows[y] else "row" if header_columns[x] else "auto"
    return out


def _ids(value: str | None) -> list[str]:
    return (value or "").split()


def check_td_headers(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    visibility = Visibility(doc)
    for table in doc.root.iter("table"):
        if table_role(table) not in ("table", "grid", "treegrid") or visibility.hidden_from_at(table):
            continue
        cells = [c for row in table_rows(table) for c in row_cells(row)]
        by_id = {c.get("id"): c for c in cells if c.get("id")}
        problems: dict[str, Any] = {}
        for cell in cells:
            if cell.get("headers") is None or visibility.hidden_from_at(cell):
                continue
            for ident in _ids(cell.get("headers")):
                if ident == cell.get("id"):
                    problems.setdefault("self", cell)
                elif ident not in by_id:
                    problems.setdefault("outside", cell)
                elif not is_header_cell(by_id[ident]):
                    problems.setdefault("not-header", cell)
        for code in ("self", "outside", "not-header"):
            if code in problems:
                cell = problems[code]
                line, _ = doc.linecol(cell)
                yield Finding(code, table, {"headers": cell.get("headers"), "line": line})
                break


def check_th_has_data_cells(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    """ACT d0f69e: a header cell in the accessibility tree is assigned to at least one data
    cell, by its place in the table (HTML's table model) or by a data cell's headers
    attribute. Hidden cells are not in the tree: a hidden header is not checked, and a hidden
    data cell heads nothing. A header with no content is empty-table-header's finding."""
    visibility = Visibility(doc)
    a = doc.a11y
    for table in doc.root.iter("table"):
        if is_layout(table) or visibility.hidden_from_at(table) or not _may_have_headers(table):
            continue
        grid = Grid.of(table)
        cells = list(grid.origin)
        scope = scopes(grid)
        shown = {c for c in cells if not visibility.hidden_from_at(c)}
        data = [c for c in shown if not is_header_cell(c)]
        referenced = {i for c in data for i in _ids(c.get("headers")) + _ids(c.get("aria-labelledby"))}
        orphans = [c for c in cells if c in shown and is_header_cell(c) and a.name(c)
                   and not (c.get("id") and c.get("id") in referenced)
                   and not _has_data_cells(c, grid, scope, shown)]
        if orphans:
            line, _ = doc.linecol(orphans[0])
            yield Finding("orphan", table, {"header": a.name(orphans[0]),
                                            "line": line, "count": len(orphans)})


def _may_have_headers(table: Any) -> bool:
    """A cheap test before the grid is built: a <th>, or a cell with a role, somewhere inside
    (nested tables included, so never a wrong no)."""
    return next(table.iter("th"), None) is not None or any(
        c.get("role") is not None for c in table.iter("td"))


_HEADS_COLUMN = ("col", "colgroup", "auto")
_HEADS_ROW = ("row", "rowgroup", "auto")


def _has_data_cells(header: Any, grid: Grid, scopes: dict[Any, str | None], shown: set[Any]) -> bool:
    """Whether a shown cell below a column header, or beside a row header, is not a header of
    the same kind. Every column and row the header spans counts."""
    kind = scopes[header]
    y, x = grid.origin[header]
    width, height = _span(header, "colspan"), _span(header, "rowspan")

    def data(c: Any, heads: tuple[str, ...]) -> bool:
        return c is not None and c is not header and c in shown and scopes[c] not in heads

    if kind in _HEADS_COLUMN and any(data(c, _HEADS_COLUMN) for dx in range(width)
                                     if x + dx < len(grid.slots[y])
                                     for c in grid.column(x + dx)[y + 1:]):
        return True
    return kind in _HEADS_ROW and any(data(c, _HEADS_ROW) for dy in range(height)
                                      if y + dy < len(grid.slots)
                                      for c in grid.slots[y + dy][x + 1:])


def _html5(doc: Document) -> bool:
    """A page with the HTML5 doctype, where scope belongs to <th> only (HTML 4 allowed it on
    <td> too)."""
    info = doc.parsed.tree.docinfo
    return (info.root_name or "").lower() == "html" and bool(info.doctype) and not (
        info.public_id or info.system_url)


def check_scope(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    visibility = Visibility(doc)
    html5 = _html5(doc)
    for cell in doc.root.iter("td", "th"):
        value = cell.get("scope")
        if value is None or visibility.hidden_from_at(cell):
            continue
        if html5 and local_name(cell) == "td":
            yield Finding("on-td", cell)
        elif value.lower() not in _SCOPES:
            yield Finding("value", cell, {"value": value})


def check_duplicate_name(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    visibility = Visibility(doc)
    for table in doc.root.iter("table"):
        summary = text.squash(table.get("summary") or "")
        caption = next((c for c in element_children(table) if local_name(c) == "caption"), None)
        if not summary or caption is None or visibility.hidden_from_at(table):
            continue
        if text.squash(doc.text(caption)).lower() == summary.lower():
            yield Finding("same", table)


def check_empty_header(doc: Document, ctx: CheckContext) -> Iterator[Finding]:
    a = doc.a11y
    # From the page's indexes, not a scan: th elements, then those with a role that are not th.
    candidates = [*a.elements("th"), *(el for el in a.with_attribute("role") if local_name(el) != "th")]
    if not candidates:
        return
    visibility = Visibility(doc)
    layout = {cell for table in a.elements("table") if is_layout(table)
              for row in table_rows(table) for cell in row_cells(row)}
    for cell in candidates:
        if not is_html(cell):
            continue
        role = cell.get("role")
        if not ((local_name(cell) == "th" and role is None) or role in _HEADER_ROLES):
            continue
        if cell in layout or explicit_role(cell) in ("presentation", "none"):
            continue
        if visibility.hidden_from_at(cell) or _visible_text(cell, visibility):
            continue
        yield Finding("empty", cell)


def _visible_text(element: Any, visibility: Visibility) -> bool:
    """Whether the element's content gives it text: text or an image's alt, outside hidden
    descendants."""
    stack = [element]
    while stack:
        node = stack.pop()
        if (node.text or "").strip():
            return True
        for child in node:
            if (child.tail or "").strip():
                return True
            if not isinstance(child.tag, str) or visibility.hidden_from_at(child):
                continue
            if local_name(child) in ("img", "area") and (child.get("alt") or "").strip():
                return True
            stack.append(child)
    return False


TD_HEADERS_SPEC = CheckSpec(check_td_headers, frozenset({"self", "outside", "not-header"}))
TH_DATA_CELLS_SPEC = CheckSpec(check_th_has_data_cells, frozenset({"orphan"}))
SCOPE_SPEC = CheckSpec(check_scope, frozenset({"on-td", "value"}))
DUPLICATE_NAME_SPEC = CheckSpec(check_duplicate_name, frozenset({"same"}))
EMPTY_HEADER_SPEC = CheckSpec(check_empty_header, frozenset({"empty"}))
