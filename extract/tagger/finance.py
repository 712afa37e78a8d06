"""Budget tables: income by contributor and expenditure by category, with totals."""

from __future__ import annotations

import re

from schemas import Document, Mention

from .segments import Segment

_AMOUNT = re.compile(r"^\s*£?\s*(\d{1,3}(?:,\d{3})+|\d{3,})(?:\.\d\d)?\b")
_LABEL_AND_AMOUNT = re.compile(r"^(?P<label>[^£\d]{3,}?)\s*£\s?(?P<amount>\d{1,3}(?:,\d{3})+|\d+)\s*$")
_DIRECTION = re.compile(r"\b(income|contributions?|funding|expenditure|spend|spending|costs?)\b", re.I)
_TOTAL = re.compile(r"\btotal\b", re.I)
_PERCENT = re.compile(r"^\s*\d+(\.\d+)?\s*%\s*$")
_MIN_AMOUNT = 50


def _direction_of(text: str, *, last: bool = False) -> str | None:
    """The budget side a text names: its first direction word (or its last, for the lines above a table)."""
    words = [m.group(1).lower() for m in _DIRECTION.finditer(text)]
    if not words:
        return None
    word = words[-1] if last else words[0]
    return "income" if word.startswith(("income", "contribution", "funding")) else "expenditure"


def _amount(cell: str) -> float | None:
    match = _AMOUNT.match(cell)
    if not match:
        return None
    value = float(match.group(1).replace(",", ""))
    return value if value >= _MIN_AMOUNT else None


def finance_in_table(seg: Segment, rows: list[list[str]], document: Document, block_index: int) -> list[Mention]:
    """Read (label, amount) pairs from a budget table; the direction comes from column headers or the lines above."""
    before = " ".join(
        document.block_text(b) for b in document.blocks[max(0, block_index - 3) : block_index]
    )[-300:]
    context_direction = _direction_of(before, last=True) if before else None
    header_dirs: dict[int, str] = {}
    first = rows[0]
    for col, cell in enumerate(first):
        direction = _direction_of(cell) if not _amount(cell) else None
        if direction:
            header_dirs[col] = direction
    heading_text = " ".join(seg.headings[-2:])
    if not header_dirs and not context_direction and not re.search(r"budget|financ|income|expenditure", heading_text + before, re.I):
        return []
    out: list[Mention] = []
    body = rows[1:] if header_dirs else rows
    section: str | None = None  # "Expenditure 2023-24 | £" part-way down: the rows below are spending
    for row in body:
        cells = [c.strip() for c in row if c.strip()]
        if cells and _direction_of(cells[0]) and not any(_amount(c) for c in cells) and len(cells[0].split()) <= 5:
            section = _direction_of(cells[0])
            continue
        col = 0
        while col < len(row):
            cell = row[col].strip()
            label, amount = None, None
            combined = _LABEL_AND_AMOUNT.match(cell)
            if combined:
                label, amount = combined.group("label").strip(), float(combined.group("amount").replace(",", ""))
                step = 1
            elif cell and _amount(cell) is None and not _PERCENT.match(cell) and col + 1 < len(row):
                amount = _amount(row[col + 1])
                label = cell
                step = 2
            else:
                step = 1
            if label and amount is not None and amount >= _MIN_AMOUNT and re.search(r"[A-Za-z]{2}", label):
                direction = (
                    (_direction_of(label) if _TOTAL.search(label) else None)
                    or section
                    or _column_direction(header_dirs, col)
                    or context_direction
                    or _direction_of(heading_text)
                )
                if direction:
                    is_total = bool(_TOTAL.search(label))
                    out.append(
                        seg.row_mention("FINANCE", label, row, "finance.table", direction=direction, label=label, amount=amount, is_total=is_total)
                    )
            col += step
    return out


def _column_direction(header_dirs: dict[int, str], col: int) -> str | None:
    """The direction of the nearest header at or to the left of this column (or just right of it,
    when a row is shifted one cell left of its header)."""
    if col not in header_dirs and col + 1 in header_dirs:
        return header_dirs[col + 1]
    left = [c for c in header_dirs if c <= col]
    return header_dirs[max(left)] if left else None
