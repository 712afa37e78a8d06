"""Budget tables set as lines of text: 'Staffing   £241,900', or a header line 'Expenditure 2016/17   £' over lines
of a label and a bare amount ('Business unit staffing   118,400')."""

from __future__ import annotations

import re

from lscp.schemas import BlockKind, Document

_LINE_AMOUNT = re.compile(r"^\s*(?P<label>[A-Za-z][^£\d:;.]{1,80}?)\s+£\s?(?P<amount>\d{1,3}(?:,\d{3})+|\d+)\s*$")
_BARE_LINE_AMOUNT = re.compile(r"^\s*(?P<label>[A-Za-z][^£\d:;.]{1,80}?)\s+(?P<amount>\d{1,3}(?:,\d{3})+|\d{3,})\s*$")
# "Expenditure 2016/17   £", "Income (£)": a side's header whose amount column is in pounds
_POUND_HEADER = re.compile(r"^\s*(?P<side>Income|Expenditure|Spending|Contributions)\b[^£\d]{0,30}(?:20\d\d\s*[-/–]\s*(?:20)?\d\d)?\s*\(?£\)?\s*$", re.I)
_SIDE_FIRST = re.compile(r"^(?P<side>Income|Expenditure|Spending|Contributions)\s+(?=[A-Z])")


def budget_lines(document: Document, amount_lists: dict[int, list[list[str]]]) -> set[int]:
    """Runs of three or more short lines each a label and an amount, with no colon ('Staffing   £241,900', the first
    of a side led by its name: 'Income   Wendmere County Council   £198,400'), or two or more lines of a label and a
    bare amount under a side's header in pounds: a budget table set as text. Its rows go to ``amount_lists`` under
    its first line; the other lines are returned, to be skipped."""
    skipped: set[int] = set()
    blocks = document.blocks
    text = [document.block_text(b) if b.kind is BlockKind.paragraph else "" for b in blocks]
    run: list[int] = []
    for index in range(len(blocks) + 1):
        if index < len(blocks) and _LINE_AMOUNT.match(text[index]):
            run.append(index)
            continue
        if len(run) >= 3:
            rows: list[list[str]] = []
            for i in run:
                match = _LINE_AMOUNT.match(text[i])
                label = match.group("label").strip()
                side = _SIDE_FIRST.match(label)
                if side:
                    rows.append([side.group("side")])
                    label = label[side.end() :]
                rows.append([label, "£" + match.group("amount")])
            amount_lists[run[0]] = rows
            skipped.update(run[1:])
        run = []
    for index, line in enumerate(text):
        header = _POUND_HEADER.match(line)
        if not header or index in skipped or index in amount_lists:
            continue
        end = index + 1
        while end < len(blocks) and _BARE_LINE_AMOUNT.match(text[end]):
            end += 1
        if end - index - 1 >= 2:
            rows = [[header.group("side").capitalize()]]
            rows += [[m.group("label").strip(), "£" + m.group("amount")] for m in map(_BARE_LINE_AMOUNT.match, text[index + 1 : end])]
            amount_lists[index] = rows
            skipped.update(range(index + 1, end))
    return skipped
