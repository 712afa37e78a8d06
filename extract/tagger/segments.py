"""Sentences with their context: block, page, the headings above them, and the spans the rulers found."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from schemas import Block, BlockKind, Document, Mention

NUMBER_ONLY = re.compile(r"^\s*[£]?\d[\d,]*(\.\d+)?\s*(%|k|m)?\s*$", re.I)


@dataclass
class Segment:
    """One sentence (or a table, or a number joined to its label) to read facts from."""

    text: str
    start: int  # offset of text[0] in Document.text (for synthetic segments: of the number)
    end: int
    page: int
    block_index: int
    kind: BlockKind
    headings: list[str]
    doc: Doc | None = None  # the spaCy doc the sentence lives in
    sent: Span | None = None
    synthetic: bool = False  # text assembled from neighbouring blocks (a call-out)

    @property
    def heading(self) -> str:
        return self.headings[-1] if self.headings else ""

    def spans(self, key: str) -> list[Span]:
        if self.doc is None or self.sent is None or key not in self.doc.spans:
            return []
        return [s for s in self.doc.spans[key] if s.start >= self.sent.start and s.end <= self.sent.end]

    def char_offset(self, span_start_char: int) -> int:
        """Document offset of a character position inside the spaCy doc."""
        if self.synthetic:
            return self.start
        return self.start - (self.sent.start_char if self.sent is not None else 0) + span_start_char

    def mention(self, label: str, start_char: int, end_char: int, rule: str, **attrs) -> Mention:
        """A Mention for characters [start_char, end_char) of this segment's spaCy doc."""
        if self.synthetic or self.doc is None:
            start, end, text = self.start, self.end, self.text
        else:
            start, end = self.char_offset(start_char), self.char_offset(end_char)
            text = self.doc.text[start_char:end_char]
        return Mention(label=label, text=text, start=start, end=end, page=self.page, sentence=self.text, rule=rule, attrs=attrs)

    def row_mention(self, kind_label: str, text: str, row: list[str], rule: str, **attrs) -> Mention:
        """A Mention read from one row of this table segment; its sentence is the row's cells."""
        sentence = " | ".join(cell for cell in row if cell)
        return Mention(label=kind_label, text=text, start=self.start, end=self.end, page=self.page, sentence=sentence, rule=rule, attrs=attrs)


@dataclass
class TaggedDocument:
    document: Document
    docs: list[Doc]  # one spaCy doc per block, same order as document.blocks
    headings: list[list[str]]  # the heading path above each block
    segments: list[Segment] = field(default_factory=list)


def heading_paths(document: Document) -> list[list[str]]:
    """For every block, the headings above it (outermost first)."""
    stack: list[tuple[int, str]] = []
    out = []
    for block in document.blocks:
        if block.kind is BlockKind.heading:
            level = block.level or 3
            while stack and stack[-1][0] >= level:
                stack.pop()
            out.append([text for _, text in stack])
            stack.append((level, document.block_text(block)))
        else:
            out.append([text for _, text in stack])
    return out


def build_segments(document: Document, docs: list[Doc], headings: list[list[str]]) -> list[Segment]:
    segments: list[Segment] = []
    for index, (block, doc) in enumerate(zip(document.blocks, docs)):
        if block.kind is BlockKind.table:
            segments.append(
                Segment(document.block_text(block), block.start, block.end, block.page, index, block.kind, headings[index], doc, doc[:])
            )
            continue
        for sent in doc.sents:
            start = block.start + sent.start_char
            segments.append(
                Segment(sent.text, start, start + len(sent.text), block.page, index, block.kind, headings[index], doc, sent)
            )
    return segments


def is_number_block(document: Document, block: Block) -> bool:
    return block.kind is not BlockKind.table and bool(NUMBER_ONLY.match(document.block_text(block)))
