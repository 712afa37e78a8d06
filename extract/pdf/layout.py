"""Reading order of a page: columns, bands, call-out boxes and tables without rules.

The page is cut recursively (an XY-cut): first at a vertical gutter that runs
through the whole region (columns, read left to right), else into horizontal
bands. Bands that share a gutter are put back together before cutting again,
so a two-column stretch between full-width headings is read column by column,
while a full-width heading or table stays where it is. A region whose columns
line up row by row in one type size, with short cells, is a table set without
rules and is read row by row instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator, Protocol, Union

from .page import Segment

_NUMERIC = re.compile(r"^[£$€]?[\d.,]+[%km]?$|^n/?a$|^-$", re.I)


class Box(Protocol):
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass
class TableBox:
    """A table found by its ruling lines."""

    x0: float
    top: float
    x1: float
    bottom: float
    rows: list[list[str]]
    kind: str = "table"


@dataclass
class AlignedTable:
    """Cells lined up in rows and columns with no rules: read row by row."""

    rows: list[list[str]]
    x0: float
    x1: float
    top: float
    bottom: float


Item = Union[Segment, TableBox, AlignedTable]


def reading_order(items: list[Item], min_gutter: float) -> list[Item]:
    """The page's segments and tables in the order a person reads them."""
    return list(_cut(items, min_gutter, depth=0))


def _cut(items: list[Item], gutter: float, depth: int) -> Iterator[Item]:
    if len(items) <= 1 or depth > 40:
        yield from sorted(items, key=lambda b: (b.top, b.x0))
        return
    columns = _split_x(items, gutter)
    if len(columns) > 1:
        table = _aligned_table(items, columns)
        if table is not None:
            yield table
            return
        for column in columns:
            yield from _cut(column, gutter, depth + 1)
        return
    bands = _split_y(items)
    if len(bands) == 1:
        yield from sorted(items, key=lambda b: (b.top, b.x0))
        return
    extent = (min(b.x0 for b in items), max(b.x1 for b in items))
    groups = _merge_bands(bands, extent, gutter)
    if len(groups) == 1:
        yield from sorted(items, key=lambda b: (b.top, b.x0))
        return
    for group in groups:
        yield from _cut(group, gutter, depth + 1)


def _split_x(items: list[Item], gutter: float) -> list[list[Item]]:
    """Columns: runs of boxes separated by an empty vertical strip at least `gutter` wide."""
    ordered = sorted(items, key=lambda b: b.x0)
    columns: list[list[Item]] = [[ordered[0]]]
    right = ordered[0].x1
    for box in ordered[1:]:
        if box.x0 - right >= gutter:
            columns.append([box])
        else:
            columns[-1].append(box)
        right = max(right, box.x1)
    return columns


def _split_y(items: list[Item]) -> list[list[Item]]:
    """Bands: runs of boxes separated by an empty horizontal strip."""
    ordered = sorted(items, key=lambda b: b.top)
    bands: list[list[Item]] = [[ordered[0]]]
    bottom = ordered[0].bottom
    for box in ordered[1:]:
        overlap = bottom - box.top
        if overlap <= 0.25 * min(_height(box), _height(bands[-1][-1])):
            bands.append([box])
        else:
            bands[-1].append(box)
        bottom = max(bottom, box.bottom)
    return bands


def _height(box: Box) -> float:
    return max(box.bottom - box.top, 1.0)


def _free(band: list[Item], extent: tuple[float, float]) -> list[tuple[float, float]]:
    """The horizontal intervals of `extent` that no box of the band covers."""
    out, cursor = [], extent[0]
    for box in sorted(band, key=lambda b: b.x0):
        if box.x0 > cursor:
            out.append((cursor, box.x0))
        cursor = max(cursor, box.x1)
    if cursor < extent[1]:
        out.append((cursor, extent[1]))
    return out


def _intersect(a: list[tuple[float, float]], b: list[tuple[float, float]], width: float) -> list[tuple[float, float]]:
    out = []
    for x0, x1 in a:
        for y0, y1 in b:
            lo, hi = max(x0, y0), min(x1, y1)
            if hi - lo >= width:
                out.append((lo, hi))
    return out


def _merge_bands(bands: list[list[Item]], extent: tuple[float, float], gutter: float) -> list[list[Item]]:
    """Join neighbouring bands that keep a common gutter with text on both sides: they are one stretch of columns.

    The short last line of a full-width paragraph stays with its paragraph, so
    that the empty space beside it is not taken for a gutter."""
    groups: list[list[Item]] = [list(bands[0])]
    common = _free(bands[0], extent)
    for prev, band in zip(bands, bands[1:]):
        joined = groups[-1] + band
        if _ends_paragraph(prev, band, extent, gutter):
            groups[-1] = joined
            common = _free(joined, extent)
            continue
        shared = [gap for gap in _intersect(common, _free(band, extent), gutter) if _splits(joined, *gap)]
        if shared:
            groups[-1] = joined
            common = shared
        else:
            groups.append(list(band))
            common = _free(band, extent)
    return groups


def _ends_paragraph(above: list[Item], band: list[Item], extent: tuple[float, float], gutter: float) -> bool:
    """A single line set tight under a full-width line, starting where it starts."""
    if len(band) != 1 or len(above) != 1 or not isinstance(band[0], Segment) or not isinstance(above[0], Segment):
        return False
    line, over = band[0], above[0]
    full = not any(lo > extent[0] + 1 and hi < extent[1] - 1 for lo, hi in _free(above, extent))
    tight = line.top - over.bottom < 0.5 * _height(over)
    return full and tight and abs(line.x0 - over.x0) <= 2 and over.x1 - over.x0 > 0.8 * (extent[1] - extent[0])


def _splits(items: list[Item], lo: float, hi: float) -> bool:
    """Whether boxes lie on both sides of the strip."""
    return any(b.x1 <= lo + 1 for b in items) and any(b.x0 >= hi - 1 for b in items)


def _aligned_table(items: list[Item], columns: list[list[Item]]) -> AlignedTable | None:
    """Columns that line up row by row, in one type size, with short cells after the first: a table without rules."""
    if any(not isinstance(b, Segment) for b in items):
        return None
    sizes = [b.size for b in items if b.size]
    if not sizes or max(sizes) > 1.15 * min(sizes):
        return None
    # prose columns are lines of many words; table cells after the first column are short or numbers
    if _median_words(columns[0]) > 8:
        return None
    for column in columns[1:]:
        numeric = sum(1 for b in column if _NUMERIC.match(b.text.replace(" ", "")))
        if _median_words(column) > 4 and numeric * 2 < len(column):
            return None
    rows = _split_y(items)
    spanning = sum(1 for row in rows if len({_column_of(b, columns) for b in row}) >= 2)
    # one line of three or more short cells is a table too: often a header row left at the foot of a page
    if len(rows) == 1 and len(columns) < 3 or spanning < min(2, len(rows)) or spanning * 5 < len(rows) * 3:
        return None
    cells: list[list[str]] = []
    previous: list[Item] | None = None
    for row in rows:
        line = [""] * len(columns)
        for box in sorted(row, key=lambda b: b.x0):
            i = _column_of(box, columns)
            line[i] = f"{line[i]} {box.text}".strip()
        if previous is not None and _wrapped(previous, row):
            # lines set tight under a row are its cells' wrapped text
            cells[-1] = [f"{a} {b}".strip() for a, b in zip(cells[-1], line)]
        else:
            cells.append(line)
        previous = row
    return AlignedTable(
        cells, min(b.x0 for b in items), max(b.x1 for b in items), min(b.top for b in items), max(b.bottom for b in items)
    )


def _median_words(boxes: list[Item]) -> int:
    words = sorted(len(b.text.split()) for b in boxes)
    return words[len(words) // 2]


def _wrapped(above: list[Item], row: list[Item]) -> bool:
    """A row set closer under the one above than rows are apart carries the wrapped lines of its cells."""
    gap = min(b.top for b in row) - max(b.bottom for b in above)
    return gap < 0.25 * _height(row[0])


def _column_of(box: Item, columns: list[list[Item]]) -> int:
    for i, column in enumerate(columns):
        if any(b is box for b in column):
            return i
    return 0
