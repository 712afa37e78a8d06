"""Assemble a Document from blocks, keeping one text and exact offsets."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from lscp.schemas import Block, BlockKind, Document, Page

BLOCK_SEPARATOR = "\n\n"
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
SENTENCE_END = re.compile(r"[.!?:;)\]\"”’]\s*$")  # a line ending like this closes its sentence
_BULLETS = "•·▪‣◦●○■□➢➤►–—-*"
_BULLET_PREFIX = re.compile(r"^\s*(?:[" + re.escape(_BULLETS) + r"]|\d{1,2}[.)]|[a-z][.)])\s+")


MAX_WORD = 100
"""Longest run of characters without a space kept whole: the tokenizer's cost grows with the square of a word's length,
and no word, number or name in a report comes near it."""
_OVERLONG_WORD = re.compile(r"(\S{%d})(?=\S)" % MAX_WORD)


def clean_inline(text: str) -> str:
    """Collapse runs of spaces inside a block and trim it; cut words longer than MAX_WORD characters."""
    return _OVERLONG_WORD.sub(r"\1 ", _SPACES.sub(" ", text)).strip()


def strip_bullet(text: str) -> tuple[str, bool]:
    """Remove a leading bullet glyph; say whether there was one."""
    match = _BULLET_PREFIX.match(text)
    if match and not re.match(r"^\s*\d{1,2}[.)]\s+\d", text):
        return text[match.end() :], True
    return text, False


MAX_BLOCK = 3000
"""Longest paragraph kept as one block (the longest in the corpus is about 2,200 characters). The tagger's work on a
sentence grows faster than its length, so a page-long run of text without a full stop is cut into blocks of this size."""


def split_long(text: str, limit: int = MAX_BLOCK) -> list[str]:
    """Cut ``text`` into pieces of at most ``limit`` characters, after a sentence's full stop where one is in the second
    half of the piece, else at a space."""
    pieces = []
    while len(text) > limit:
        cut = text.rfind(". ", limit // 2, limit)
        if cut < 0:
            cut = text.rfind(" ", limit // 2, limit)
        cut = limit if cut < 0 else cut + 1
        pieces.append(text[:cut].strip())
        text = text[cut:].lstrip()
    pieces.append(text)
    return [piece for piece in pieces if piece]


class DocumentBuilder:
    """Collects blocks page by page and produces a Document with consistent offsets."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.blocks: list[Block] = []
        self.pages: list[Page] = []
        self._page_start: int | None = None
        self._page_number = 0

    def start_page(self, number: int | None = None) -> None:
        self.end_page()
        self._page_number = number if number is not None else self._page_number + 1
        self._page_start = self._length

    def end_page(self, has_text: bool | None = None, *, ocr: bool = False) -> None:
        if self._page_start is None:
            return
        had_text = any(b.page == self._page_number for b in self.blocks[-200:])
        self.pages.append(
            Page(
                number=self._page_number,
                start=self._page_start,
                end=self._length,
                has_text=had_text if has_text is None else has_text,
                ocr=ocr,
            )
        )
        self._page_start = None

    def add(
        self, kind: BlockKind, text: str, *, level: int | None = None, rows: list[list[str]] | None = None, paragraph: int | None = None
    ) -> None:
        if kind is not BlockKind.table:
            text = clean_inline(text)
            if len(text) > MAX_BLOCK:
                for piece in split_long(text):
                    self._add(kind, piece, level=level, rows=None, paragraph=paragraph)
                return
        self._add(kind, text, level=level, rows=rows, paragraph=paragraph)

    def _add(
        self, kind: BlockKind, text: str, *, level: int | None, rows: list[list[str]] | None, paragraph: int | None
    ) -> None:
        if not text.strip():
            return
        if self._page_start is None:
            self.start_page()
        if self._parts:
            self._parts.append(BLOCK_SEPARATOR)
            self._length += len(BLOCK_SEPARATOR)
        start = self._length
        self._parts.append(text)
        self._length += len(text)
        self.blocks.append(
            Block(kind=kind, start=start, end=self._length, page=self._page_number, level=level, rows=rows, paragraph=paragraph)
        )

    def add_table(self, rows: list[list[str]], *, paragraph: int | None = None) -> None:
        rows = [[clean_inline(cell) for cell in row] for row in rows]
        rows = [row for row in rows if any(row)]
        if not rows:
            return
        width = max(len(row) for row in rows)
        rows = [row + [""] * (width - len(row)) for row in rows]
        text = "\n".join("\t".join(row) for row in rows)
        self.add(BlockKind.table, text, rows=rows, paragraph=paragraph)

    def build(self, *, path: Path, data: bytes, media_type: str, needs_ocr: bool = False, warnings: list[str] | None = None) -> Document:
        self.end_page()
        return Document(
            doc_id=path.stem,
            path=str(path),
            sha256=hashlib.sha256(data).hexdigest(),
            media_type=media_type,
            text="".join(self._parts),
            pages=self.pages or [Page(number=1, start=0, end=self._length, has_text=bool(self._parts))],
            blocks=self.blocks,
            needs_ocr=needs_ocr,
            warnings=warnings or [],
        )
