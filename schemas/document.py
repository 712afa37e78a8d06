"""The Document model: what every reader produces and the tagger consumes.

A Document holds the whole text once (``text``); blocks and pages point into it
with character offsets, so that any span found later can be traced back to its
page and block.
"""

from __future__ import annotations

import bisect
from enum import Enum

from pydantic import BaseModel, Field, model_validator


class BlockKind(str, Enum):
    heading = "heading"
    paragraph = "paragraph"
    list_item = "list_item"
    table = "table"


class Block(BaseModel):
    kind: BlockKind
    start: int = Field(ge=0, description="offset of the block's first character in Document.text")
    end: int = Field(ge=0, description="offset one past the block's last character")
    page: int = Field(ge=1, description="1-based page number")
    level: int | None = Field(default=None, description="heading level (1 = top)")
    rows: list[list[str]] | None = Field(default=None, description="table cells, row by row")
    paragraph: int | None = Field(default=None, ge=1, description="DOCX: 1-based number of the body paragraph or table")

    @model_validator(mode="after")
    def _span_ordered(self) -> "Block":
        if self.end < self.start:
            raise ValueError("block end before start")
        return self


class Page(BaseModel):
    number: int = Field(ge=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    has_text: bool = True
    width: float | None = Field(default=None, description="page width in points (PDF pages only)")
    height: float | None = Field(default=None, description="page height in points (PDF pages only)")
    ocr: bool = Field(default=False, description="some of the page's text was read from an image by OCR")


WordBox = tuple[int, int, int, float, float, float, float]
"""A word drawn on a PDF page: (page, start, end, x0, top, x1, bottom); start/end are offsets in
Document.text, the box is in points from the page's top-left corner. Plain tuples: a long report has
a hundred thousand of them."""


class Document(BaseModel):
    doc_id: str = Field(description="file name without extension")
    path: str
    sha256: str
    media_type: str
    text: str
    pages: list[Page]
    blocks: list[Block]
    needs_ocr: bool = False
    warnings: list[str] = Field(default_factory=list)
    words: list[WordBox] = Field(default_factory=list, description="boxes of the words of a PDF's text, in text order")
    banner: str = Field(default="", description="what a web page calls itself outside its text: its <title> and header banner")

    def page_at(self, offset: int) -> int:
        """The page number holding character ``offset`` (1 when there are no pages)."""
        for page in self.pages:
            if page.start <= offset < page.end:
                return page.number
        return self.pages[-1].number if self.pages else 1

    def ocr_at(self, offset: int) -> bool:
        """Whether the text at character ``offset`` is on a page read (wholly or partly) by OCR."""
        return any(page.ocr and page.start <= offset < page.end for page in self.pages)

    def paragraph_at(self, offset: int) -> int | None:
        """The DOCX body paragraph holding character ``offset`` (None for formats with pages)."""
        if not self.blocks or self.blocks[0].paragraph is None:
            return None
        at = bisect.bisect_right([b.start for b in self.blocks], offset) - 1
        return self.blocks[max(at, 0)].paragraph

    def block_text(self, block: Block) -> str:
        return self.text[block.start : block.end]
