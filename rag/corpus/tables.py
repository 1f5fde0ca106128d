"""Table rows: cells of a tab- or space-separated row, and the reading text of a row (and back)."""

from __future__ import annotations

import re

_SPACE_ROW_CELLS = re.compile(r"^(\d{1,3})\s+(.+?)\s+(\d.*)$")
_SPACE_HEADER = re.compile(r"^(序号)\s+(\S+)\s+(.+)$")


def tab_cells(row: str) -> list[str]:
    """Cells of a tab-separated row, stripped; trailing empty cells kept."""
    return [cell.strip() for cell in row.split("\t")]


def space_cells(row: str) -> list[str] | None:
    """Cells of a space-separated indicator row such as `1 产业规模 1000 亿元` (3 columns)."""
    match = _SPACE_HEADER.match(row) or _SPACE_ROW_CELLS.match(row)
    return [cell.strip() for cell in match.groups()] if match else None


def is_group_row(cells: list[str]) -> bool:
    """A row whose only filled cell is the first: a group heading such as 一、厚植产业根基."""
    filled = [cell for cell in cells if cell]
    return len(filled) == 1 and bool(cells[0])


CELL_SEPARATOR = "；"
HEADER_SEPARATOR = "："
MAX_HEADER_CHARS = 20  # a longer text before a colon is a cell's own words, not a column header


def row_text(header: list[str], cells: list[str]) -> str:
    """Reading text of a row: each filled cell behind its column header."""
    parts: list[str] = []
    for index, cell in enumerate(cells):
        if not cell:
            continue
        name = header[index] if index < len(header) and header[index] else f"第{index + 1}列"
        parts.append(f"{name}{HEADER_SEPARATOR}{cell}")
    return CELL_SEPARATOR.join(parts)


def row_fields(text: str) -> list[tuple[str, str]]:
    """The (column header, cell) pairs of a row's reading text (`row_text`). A piece without a header
    joins the cell before it (a cell holding the separator), or stands alone with header '' when it
    comes first."""
    fields: list[tuple[str, str]] = []
    for piece in text.split(CELL_SEPARATOR):
        name, separator, cell = piece.partition(HEADER_SEPARATOR)
        if separator and name and len(name) <= MAX_HEADER_CHARS:
            fields.append((name.strip(), cell.strip()))
        elif fields:
            fields[-1] = (fields[-1][0], fields[-1][1] + CELL_SEPARATOR + piece)
        elif piece.strip():
            fields.append(("", piece.strip()))
    return fields


_NUMBER_COLUMN = re.compile(r"^(?:序号|编号|序次)$")


def content_fields(text: str) -> list[tuple[str, str]]:
    """`row_fields` without a column numbering the rows (序号, 编号)."""
    return [(name, cell) for name, cell in row_fields(text) if not _NUMBER_COLUMN.match(name)]
