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
    column_x0s: tuple[float, ...] = ()  # left edge of each column's cells


@dataclass
class AlignedTable:
    """Cells lined up in rows and columns with no rules: read row by row."""

    rows: list[list[str]]
    x0: float
    x1: float
    top: float
    bottom: float
    column_x0s: tuple[float, ...] = ()  # left edge of each column's text


Item = Union[Segment, TableBox, AlignedTable]


def reading_order(items: list[Item], min_gutter: float) -> list[Item]:
    """The page's segments and tables in the order a person reads them."""
    return list(_cut(items, min_gutter, depth=0))


def _cut(items: list[Item], gutter: float, depth: int) -> Iterator[Item]:
    if len(items) <= 1 or depth > 40:
        yield from sorted(items, key=lambda b: (b.top, b.x0))
        return
    bands = _split_y(items)
    extent = (min(b.x0 for b in items), max(b.x1 for b in items))
    for group in _merge_bands(bands, extent, gutter):
        boxes = [b for band in group for b in band]
        columns = _split_x(boxes, gutter)
        if len(columns) == 1 or len(boxes) == 1 or not _side_by_side(group, columns):
            # no gutter: the bands one after the other, each line left to right
            for band in group:
                yield from sorted(band, key=lambda b: b.x0)
            continue
        for piece in _with_tables(boxes, columns, gutter) or columns:
            if isinstance(piece, AlignedTable):
                yield piece
            else:
                yield from _cut(piece, gutter, depth + 1)


def join_split_rows(pages: list[list[Item]], gutter: float) -> None:
    """Make a table row that a page break cut off from its table a table of its own, so that the join of tables
    across pages takes it in: the last line of a page, set as cells over the columns of the table that opens
    the next page, or the first line of a page under the columns of the table that closed the page before.

    One line of two cells is no table where it stands, but beside a table of as many columns it is its row."""
    for before, after in zip(pages, pages[1:]):
        if after and isinstance(after[0], (TableBox, AlignedTable)):
            row = _lone_row(before, after[0], gutter, at_end=True)
            if row:
                del before[-len(row.rows[0]) :]
                before.append(row)
        if before and isinstance(before[-1], (TableBox, AlignedTable)):
            row = _lone_row(after, before[-1], gutter, at_end=False)
            if row:
                del after[: len(row.rows[0])]
                after.insert(0, row)


def _lone_row(ordered: list[Item], table: TableBox | AlignedTable, gutter: float, *, at_end: bool) -> AlignedTable | None:
    """The page's last (or first) line as one row of `table`, when its cells fit the table's columns."""
    columns = len(table.rows[0])
    cells = ordered[-columns:] if at_end else ordered[:columns]
    if len(cells) != columns or columns < 2 or not all(isinstance(b, Segment) for b in cells):
        return None
    cells = sorted(cells, key=lambda b: b.x0)
    rest = ordered[:-columns] if at_end else ordered[columns:]
    line_top, line_bottom = max(b.top for b in cells), min(b.bottom for b in cells)
    if line_bottom - line_top < 0.5 * min(_height(b) for b in cells):
        return None  # not one line
    # nothing else on the page below the line (above it, for the first line)
    if any((b.bottom > line_top) if at_end else (b.top < line_bottom) for b in rest):
        return None
    if any(b.x0 - a.x1 < gutter for a, b in zip(cells, cells[1:])):
        return None  # words of one line, not cells
    sizes = [b.size for b in cells if b.size]
    if sizes and max(sizes) > 1.15 * min(sizes):
        return None
    if not _in_columns(cells, table.column_x0s, gutter):
        return None
    first = cells[0].text.strip()
    if len(first.split()) > 8 or _sentence(first) or not all(_value_like(b.text.strip()) for b in cells[1:]):
        return None
    return AlignedTable(
        [[b.text.strip() for b in cells]], cells[0].x0, max(b.x1 for b in cells), min(b.top for b in cells),
        max(b.bottom for b in cells), tuple(b.x0 for b in cells),
    )


def _in_columns(cells: list[Segment], column_x0s: tuple[float, ...], slack: float) -> bool:
    """Whether the first cell starts where the table's labels start, and each other cell inside its own column
    (numbers set flush right start further in)."""
    if len(column_x0s) != len(cells) or abs(cells[0].x0 - column_x0s[0]) > slack:
        return False
    bounds = list(column_x0s[1:]) + [float("inf")]
    return all(left - slack <= cell.x0 < right for cell, left, right in zip(cells, column_x0s, bounds))


def _side_by_side(group: list[list[Item]], columns: list[list[Item]]) -> bool:
    """Whether some line of the stretch has text in two columns: lone lines on either side are read in turn."""
    column_of = {id(b): i for i, column in enumerate(columns) for b in column}
    return any(len({column_of[id(b)] for b in band}) >= 2 for band in group)


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
            if hi - lo >= width and hi > lo:
                out.append((lo, hi))
    return out


def _merge_bands(bands: list[list[Item]], extent: tuple[float, float], gutter: float) -> list[list[list[Item]]]:
    """Group neighbouring bands that keep a common gutter with text on both sides: one stretch of columns each.

    A band joins only when neither it nor the stretch so far has a gutter the
    other crosses: a heading or note set across a table's columns ends the
    table's stretch. The short last line of a full-width paragraph stays with
    its paragraph, so that the empty space beside it is not taken for a gutter."""
    groups: list[list[list[Item]]] = [[bands[0]]]
    free = _free(bands[0], extent)  # the strips of the current stretch that no box covers
    reach = _reach(bands[0])
    for prev, band in zip(bands, bands[1:]):
        band_free, band_reach = _free(band, extent), _reach(band)
        # a gap wider than two lines, across every column, ends a stretch
        near = min(b.top for b in band) - max(b.bottom for b in prev) <= 2 * _height(prev[-1])
        if _ends_paragraph(prev, band, extent) or near and _compatible(reach, free, band, band_reach, band_free, gutter):
            groups[-1].append(band)
            free = _intersect(free, band_free, 0.0)
            reach = (min(reach[0], band_reach[0]), max(reach[1], band_reach[1]))
        else:
            groups.append([band])
            free, reach = band_free, band_reach
    return groups


Reach = tuple[float, float]  # the leftmost right edge and the rightmost left edge of some boxes


def _reach(items: list[Item]) -> Reach:
    return min(b.x1 for b in items), max(b.x0 for b in items)


def _splits(reach: Reach, lo: float, hi: float) -> bool:
    """Whether boxes lie on both sides of the strip."""
    return reach[0] <= lo + 1 and reach[1] >= hi - 1


def _compatible(
    reach: Reach, free: list[tuple[float, float]], band: list[Item], band_reach: Reach, band_free: list[tuple[float, float]], gutter: float
) -> bool:
    """Whether the band keeps every gutter of the stretch, the stretch every gutter of the band, and one is shared."""
    for side, gaps, other in ((reach, free, band_free), (band_reach, band_free, free)):
        for gap in gaps:
            if gap[1] - gap[0] >= gutter and _splits(side, *gap) and not _intersect([gap], other, gutter):
                return False
    # a box set in the middle of a gutter of the stretch, touching neither side, is not part of its columns
    for lo, hi in free:
        if _splits(reach, lo, hi) and any(b.x0 > lo + 1 and b.x1 < hi - 1 for b in band):
            return False
    both = (min(reach[0], band_reach[0]), max(reach[1], band_reach[1]))
    return any(_splits(both, *gap) for gap in _intersect(free, band_free, gutter))


def _ends_paragraph(above: list[Item], band: list[Item], extent: tuple[float, float]) -> bool:
    """A single line set tight under a full-width line, starting where it starts."""
    if len(band) != 1 or len(above) != 1 or not isinstance(band[0], Segment) or not isinstance(above[0], Segment):
        return False
    line, over = band[0], above[0]
    full = not any(lo > extent[0] + 1 and hi < extent[1] - 1 for lo, hi in _free(above, extent))
    tight = line.top - over.bottom < 0.5 * _height(over)
    return full and tight and abs(line.x0 - over.x0) <= 2 and over.x1 - over.x0 > 0.8 * (extent[1] - extent[0])


def _with_tables(items: list[Item], columns: list[list[Item]], gutter: float) -> list | None:
    """The stretch cut into tables set without rules and the text around them; None when it holds no table.

    A table is a run of rows with cells in two or more columns (and the lines
    wrapped under them), in one type size, whose cells after the first column
    are short or numbers."""
    rows = _split_y(items)
    column_of = {id(b): i for i, column in enumerate(columns) for b in column}
    runs: list[tuple[int, int]] = []
    start = None
    for i, row in enumerate(rows):
        spans = len({column_of[id(b)] for b in row}) >= 2
        if spans and start is None:
            start = i
        elif not spans and start is not None and not _wrapped(rows[i - 1], row):
            runs.append((start, i))
            start = None
    if start is not None:
        runs.append((start, len(rows)))
    pieces: list = []
    done = 0
    for lo, hi in runs:
        table = _aligned_table(rows[lo:hi], gutter)
        if table is None:
            continue
        if lo > done:
            pieces.append([b for row in rows[done:lo] for b in row])
        pieces.append(table)
        done = hi
    if not any(isinstance(p, AlignedTable) for p in pieces):
        return None
    if done < len(rows):
        pieces.append([b for row in rows[done:] for b in row])
    return pieces


def _aligned_table(rows: list[list[Item]], gutter: float) -> AlignedTable | None:
    """Rows whose cells line up in columns, in one type size, with short cells after the first: a table without rules."""
    items = [b for row in rows for b in row]
    if any(not isinstance(b, Segment) for b in items):
        return None
    sizes = [b.size for b in items if b.size]
    if not sizes or max(sizes) > 1.15 * min(sizes):
        return None
    columns = _split_x(items, gutter)
    # one line of three or more short cells is a table too: often a header row left at the foot of a page
    if len(columns) < 2 or len(rows) == 1 and len(columns) < 3:
        return None
    # prose columns are lines of many words; table cells after the first column are short or numbers
    # and prose runs on from line to line: many of its lines start in lower case
    first = columns[0]
    if _median_words(first) > 8 or _share(first, lambda t: t[:1].islower()) >= 0.25 or _share(first, _sentence) >= 0.3:
        return None
    for column in columns[1:]:
        if _share(column, _value_like) < 0.7:
            return None
    column_of = {id(b): i for i, column in enumerate(columns) for b in column}
    cells: list[list[str]] = []
    previous: list[Item] | None = None
    for row in rows:
        line = [""] * len(columns)
        for box in sorted(row, key=lambda b: b.x0):
            i = column_of[id(box)]
            line[i] = f"{line[i]} {box.text}".strip()
        if previous is not None and _wrapped(previous, row):
            # lines set tight under a row are its cells' wrapped text
            cells[-1] = [f"{a} {b}".strip() for a, b in zip(cells[-1], line)]
        else:
            cells.append(line)
        previous = row
    return AlignedTable(
        cells, min(b.x0 for b in items), max(b.x1 for b in items), min(b.top for b in items), max(b.bottom for b in items),
        tuple(min(b.x0 for b in column) for column in columns),
    )


def _share(boxes: list[Item], test) -> float:
    return sum(1 for b in boxes if test(b.text.strip())) / max(len(boxes), 1)


def _value_like(text: str) -> bool:
    """A table cell after the first column: a number (with a note in brackets), or a few words that are not a
    number with its label, as call-outs and key-figure lists set them."""
    if _NUMERIC.match(text.replace(" ", "")) or _NUMERIC.match(re.sub(r"\s*\(.*?\)\s*$", "", text).replace(" ", "")):
        return True
    return len(text.split()) <= 3 and not text[:1].isdigit() and not _sentence(text)


def _sentence(text: str) -> bool:
    return text.endswith((".", "!", "?")) and len(text.split()) > 2


def _median_words(boxes: list[Item]) -> int:
    words = sorted(len(b.text.split()) for b in boxes)
    return words[len(words) // 2]


def _wrapped(above: list[Item], row: list[Item]) -> bool:
    """A row set closer under the one above than rows are apart carries the wrapped lines of its cells."""
    gap = min(b.top for b in row) - max(b.bottom for b in above)
    return gap < 0.25 * _height(row[0])
