"""From segments in reading order to blocks: paragraphs, headings, list items and tables.

Within a page, lines of one flow that follow closely, in one type size, form a
paragraph. Across column and page breaks, a paragraph that stops mid-sentence
is joined to the next one when that starts in lower case or the first ends on
a word no sentence ends with ("the", "of", "30th"), and a table that
runs onto the next page gets the header row of its first part. Words split by
an end-of-line hyphen are rejoined; the hyphen stays when the document uses the
second half as a word of its own and never the joined form ("multi-agency").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from lscp.schemas import BlockKind

from ..builder import SENTENCE_END, strip_bullet
from .layout import AlignedTable, TableBox
from .page import HYPHEN_JOIN, Segment

if TYPE_CHECKING:
    from . import PdfSettings

_NUMBER_ONLY = re.compile(r"^[£$€]?\s*[\d.,]+\s*(%|k|m|million)?$", re.I)
_SECTION_NUMBER = re.compile(r"^\d{1,2}(\.\d{1,2})+\.?\s+[A-Z]")  # "3.5 The report ..." opens a numbered paragraph
_WORDS = re.compile(r"[A-Za-z]+")
_JOINED = re.compile(r"([A-Za-z]*)" + HYPHEN_JOIN + r"([A-Za-z]*)")
_LINE_END_HYPHEN = re.compile(r"(?<=[A-Za-z])-$")
# a paragraph ending on a word no sentence ends with goes on in the next one, whatever that starts with
# ("... supported as at 30th" / "September 2022 ...")
# (in lower case only: 'Child A', 'Appendix A' end a title)
_OPEN_END = re.compile(r"\b(the|a|an|of|at|to|in|on|and|or|by|for|with|from|as|than|into|between|per|\d{1,2}(st|nd|rd|th))$")


@dataclass
class Item:
    kind: BlockKind
    page: int
    text: str = ""
    level: int | None = None
    rows: list[list[str]] = field(default_factory=list)


def blocks_of_page(ordered: list, page: int, body: float, spacing: float, settings: "PdfSettings") -> list[Item]:
    """Group a page's segments, already in reading order, into blocks; `spacing` is the document's line gap."""
    out: list[Item] = []
    current: list[Segment] = []

    def flush() -> None:
        if current:
            out.append(_block(current, page, body, settings))
            current.clear()

    for item in ordered:
        if isinstance(item, (TableBox, AlignedTable)):
            flush()
            out.append(Item(BlockKind.table, page, rows=item.rows))
            continue
        if current and _starts_block(current, item, spacing, settings):
            flush()
        current.append(item)
    flush()
    return out


def line_spacing(pages: list[list]) -> float:
    """The document's gap between the lines of a paragraph, as a share of the line height.

    Paragraph gaps are wider and single-line paragraphs are common, so the gap
    taken is a low one (the tenth percentile), not the most frequent."""
    gaps: list[float] = []
    for ordered in pages:
        for prev, seg in zip(ordered, ordered[1:]):
            if isinstance(prev, Segment) and isinstance(seg, Segment) and _overlaps(prev, seg):
                gap = (seg.top - prev.bottom) / prev.height
                if -0.3 <= gap < 1.5:
                    gaps.append(gap)
    if not gaps:
        return 0.1
    gaps.sort()
    return max(gaps[len(gaps) // 10], 0.0)


def _overlaps(a: Segment, b: Segment) -> bool:
    return b.x0 < a.x1 and b.x1 > a.x0


def _starts_block(current: list[Segment], seg: Segment, spacing: float, settings: "PdfSettings") -> bool:
    prev = current[-1]
    gap = (seg.top - prev.bottom) / prev.height
    left, right = min(s.x0 for s in current), max(s.x1 for s in current)
    if gap < -0.3 or gap > spacing + settings.paragraph_gap or seg.x0 >= right or seg.x1 <= left:
        return True
    if abs(seg.size - prev.size) > 0.5 or strip_bullet(seg.text)[1] or _SECTION_NUMBER.match(seg.text):
        return True
    # a line set left of a list item's text (its hanging indent) is the next paragraph
    first = current[0]
    if strip_bullet(first.text)[1] and len(first.words) > 1 and seg.x0 < first.words[1][1] - 2:
        return True
    # a short bold line over regular text is a heading of its own
    return prev.bold and not seg.bold and (prev.x1 - prev.x0) < 0.7 * (seg.x1 - seg.x0)


def _block(lines: list[Segment], page: int, body: float, settings: "PdfSettings") -> Item:
    text = _join(lines)
    size = lines[0].size
    number_only = bool(_NUMBER_ONLY.match(text))
    if body and size >= body * settings.heading_size_ratio and len(text) < 200 and not number_only:
        ratio = size / body
        return Item(BlockKind.heading, page, text, level=1 if ratio >= 1.8 else 2 if ratio >= 1.4 else 3)
    words = len(text.split())
    if all(line.bold for line in lines) and words <= 12 and not number_only and not SENTENCE_END.search(text):
        body_text, is_item = strip_bullet(text)
        if not is_item:
            return Item(BlockKind.heading, page, text, level=4)
    body_text, is_item = strip_bullet(text)
    return Item(BlockKind.list_item if is_item else BlockKind.paragraph, page, body_text)


def _join(lines: list[Segment]) -> str:
    """A block's lines as one text; a word broken by a line-end hyphen is marked for `finish_blocks` to rejoin."""
    text = lines[0].text.strip()
    for line in lines[1:]:
        nxt = line.text.strip()
        if _LINE_END_HYPHEN.search(text) and nxt[:1].islower():
            text = text[:-1] + HYPHEN_JOIN + nxt
        else:
            text = f"{text} {nxt}"
    return text


def finish_blocks(pages: list[list[Item]]) -> list[Item]:
    """Join what column and page breaks split, and rejoin hyphenated words with the document's own vocabulary."""
    items: list[Item] = []
    for page_items in pages:
        for i, item in enumerate(page_items):
            prev = items[-1] if items else None
            if prev and i == 0 and _continues_table(prev, item):
                # one table: its rows on the next page join it, less the header row when it is repeated
                prev.rows += item.rows[1:] if item.rows[0] == prev.rows[0] else item.rows
                continue
            if prev and _continues_paragraph(prev, item):
                prev.text = f"{prev.text} {item.text}"
                continue
            items.append(item)
    texts = [_all_text(item) for item in items]
    if not any(HYPHEN_JOIN in text for text in texts):
        return items  # no word was broken at a line end
    # the document's own words, leaving out the halves of broken ones
    words = set(_WORDS.findall(_JOINED.sub(" ", " ".join(texts))))
    vocabulary = {w.lower() for w in words}
    for item in items:
        item.text = _rejoin(item.text, vocabulary)
        item.rows = [[_rejoin(cell, vocabulary) for cell in row] for row in item.rows]
    return items


def _all_text(item: Item) -> str:
    return item.text + " " + " ".join(c for row in item.rows for c in row)


def _continues_table(prev: Item, item: Item) -> bool:
    return (
        prev.kind is BlockKind.table and item.kind is BlockKind.table and item.page == prev.page + 1
        and _same_columns(prev.rows, item.rows)
    )


def _continues_paragraph(prev: Item, item: Item) -> bool:
    if prev.kind is not BlockKind.paragraph and prev.kind is not BlockKind.list_item:
        return False
    if item.kind is not BlockKind.paragraph or not (item.text[:1].islower() or _OPEN_END.search(prev.text)):
        return False
    return not SENTENCE_END.search(prev.text)


def _same_columns(a: list[list[str]], b: list[list[str]]) -> bool:
    return bool(a and b) and len(a[0]) == len(b[0])


def _rejoin(text: str, vocabulary: set[str]) -> str:
    if HYPHEN_JOIN not in text:
        return text

    def choose(match: re.Match) -> str:
        left, right = match.group(1), match.group(2)
        joined = (left + right).lower()
        if joined not in vocabulary and right.lower() in vocabulary and len(left) > 1:
            return f"{left}-{right}"
        return left + right

    return _JOINED.sub(choose, text).replace(HYPHEN_JOIN, "")
