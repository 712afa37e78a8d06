"""Markdown tables the reader left as lines of text ('| a | b |'), read as the tables they are."""

from __future__ import annotations

import re

from lscp.schemas import BlockKind, Document

from .segments import Segment, TaggedDocument


_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^[\s|:-]*-{2,}[\s|:-]*$")


def pipe_tables(document: Document) -> dict[int, tuple[int, list[list[str]]]]:
    """Markdown tables written as runs of '| a | b |' lines: first block -> (last block, rows of cells)."""
    out: dict[int, tuple[int, list[list[str]]]] = {}
    start, rows = -1, []
    blocks = document.blocks
    for index in range(len(blocks) + 1):
        text = document.block_text(blocks[index]) if index < len(blocks) else ""
        lines = [line for line in text.splitlines() if line.strip()]
        if index < len(blocks) and blocks[index].kind is not BlockKind.table and lines and all(_PIPE_ROW.match(l) for l in lines):
            if start < 0:
                start, rows = index, []
            for line in lines:
                if not _PIPE_RULE.match(line):
                    rows.append([re.sub(r"^[*_]+|[*_]+$", "", cell.strip()).strip() for cell in line.strip().strip("|").split("|")])
            continue
        if start >= 0 and len(rows) >= 2:
            out[start] = (index - 1, rows)
        start = -1
    return out


def table_segment(tagged: TaggedDocument, first: int, last: int, rows: list[list[str]]) -> Segment:
    blocks = tagged.document.blocks
    text = "\n".join("\t".join(row) for row in rows)
    doc = tagged.nlp(text)
    return Segment(text, blocks[first].start, blocks[last].end, blocks[first].page, first, BlockKind.table, tagged.headings[first], doc, doc[:])
