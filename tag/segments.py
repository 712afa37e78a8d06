"""Sentences with their context: block, page, the headings above them, and the spans the rulers found."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import TypeVar

from spacy.language import Language
from spacy.tokens import Doc, Span

from lscp.schemas import Block, BlockKind, Document, Mention

from .nlp import LISTED_SPANS

NUMBER_ONLY = re.compile(r"^\s*[£]?\d[\d,]*(\.\d+)?\s*(%|k|m)?\s*$", re.I)
MAX_NAME_ITEM_WORDS = 15  # a list item or short line longer than this is a sentence, not a name


M = TypeVar("M", bound=Mention)


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
    _spans: dict[str, tuple[Span, ...]] = field(default_factory=dict, init=False, repr=False, compare=False)
    orgs: list | None = field(default=None, init=False, repr=False, compare=False)  # what orgs.org_spans found, once

    @property
    def heading(self) -> str:
        return self.headings[-1] if self.headings else ""

    def spans(self, key: str) -> tuple[Span, ...]:
        """The spans under ``key`` inside this sentence, found once per segment (rules ask many times)."""
        found = self._spans.get(key)
        if found is None:
            if self.doc is None or self.sent is None:
                found = ()
            else:
                found = spans_within(self.doc, key, self.sent.start, self.sent.end)
            self._spans[key] = found
        return found

    def char_offset(self, span_start_char: int) -> int:
        """Document offset of a character position inside the spaCy doc."""
        if self.synthetic:
            return self.start
        return self.start - (self.sent.start_char if self.sent is not None else 0) + span_start_char

    def mention(self, model: type[M], start_char: int, end_char: int, rule: str, **fields) -> M:
        """A mention of kind ``model`` for characters [start_char, end_char) of this segment's spaCy doc."""
        if self.synthetic or self.doc is None:
            start, end, text = self.start, self.end, self.text
        else:
            start, end = self.char_offset(start_char), self.char_offset(end_char)
            text = doc_text(self.doc)[start_char:end_char]
        return model(text=text, start=start, end=end, page=self.page, sentence=self.text, rule=rule, **fields)

    def row_mention(self, model: type[M], text: str, row: list[str], rule: str, **fields) -> M:
        """A mention read from one row of this table segment; its sentence is the row's cells."""
        sentence = " | ".join(cell for cell in row if cell)
        start, end = self._row_span(text, row)
        return model(text=text, start=start, end=end, page=self.page, sentence=sentence, rule=rule, **fields)

    def _row_span(self, text: str, row: list[str]) -> tuple[int, int]:
        """The span of ``text`` in its row of this table (else of the row's first cell), so that the evidence
        offsets point at words of the sentence, not at the whole table; the table's span when the row is not
        found as written."""
        line = "\t".join(row)
        at = self.text.find(line) if line and not self.synthetic else -1
        if at < 0:
            return self.start, self.end
        for needle in (text, *(cell for cell in row if cell)):
            found = line.find(needle) if needle else -1
            if found >= 0:
                return self.start + at + found, self.start + at + found + len(needle)
        return self.start + at, self.start + at + len(line)


def doc_text(doc: Doc) -> str:
    """``doc.text``: the text the doc was made from when known (spaCy keeps it exactly), else joined from
    the tokens, once per doc."""
    text = doc.user_data.get("lscp_text")
    if text is None:
        text = doc.user_data["lscp_text"] = doc.text
    return text


def remember_text(doc: Doc, text: str) -> None:
    """Record the text a doc was made from, so that ``doc_text`` need not join its tokens."""
    doc.user_data["lscp_text"] = text


def doc_spans(doc: Doc, key: str) -> list[Span]:
    """The spans the rulers found under ``key`` (none when the key is absent), as the rulers listed them or
    listed once per doc."""
    cached = doc.user_data.get((LISTED_SPANS, key))
    if cached is None:
        cached = doc.user_data[(LISTED_SPANS, key)] = list(doc.spans[key]) if key in doc.spans else []
    return cached


def spans_within(doc: Doc, key: str, start: int, end: int) -> tuple[Span, ...]:
    """The spans under ``key`` lying inside tokens [start, end), in the order ``doc_spans`` lists them.

    A block of many sentences asks once per sentence: the spans are indexed by start once per doc, as plain
    numbers (a Span's attributes cost a call each), and a range holding all of them is answered at once."""
    index = doc.user_data.get(("lscp_span_index", key))
    if index is None:
        spans = doc_spans(doc, key)
        if not spans:
            return ()
        ordered = sorted((span.start, position, span.end) for position, span in enumerate(spans))
        index = doc.user_data[("lscp_span_index", key)] = (
            [first for first, _, _ in ordered], ordered, tuple(spans), ordered[0][0], max(last for _, _, last in ordered)
        )
    starts, ordered, spans, lowest, highest = index
    if start <= lowest and highest <= end:
        return spans
    inside = [position for _, position, last in ordered[bisect_left(starts, start) : bisect_left(starts, end)] if last <= end]
    if len(inside) > 1:
        inside.sort()
    return tuple(spans[position] for position in inside)


@dataclass
class TaggedDocument:
    """A document read once for every component: its blocks' spaCy docs, headings and sentences."""

    document: Document
    nlp: Language  # the pipeline the docs were made with, for text assembled later (call-outs, role phrases)
    docs: list[Doc]  # one spaCy doc per block, same order as document.blocks
    headings: list[list[str]]  # the heading path above each block
    segments: list[Segment] = field(default_factory=list)


def read(document: Document, nlp: Language) -> TaggedDocument:
    """Run the pipeline over every block once and cut the blocks into sentences."""
    texts = [document.block_text(b) for b in document.blocks]
    docs = list(nlp.pipe(texts, batch_size=256))
    for doc, text in zip(docs, texts):
        remember_text(doc, text)
    tagged = TaggedDocument(document, nlp, docs, heading_paths(document))
    tagged.segments = build_segments(document, docs, tagged.headings)
    return tagged


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
        text = doc_text(doc)
        for sent in doc.sents:
            start = block.start + sent.start_char
            sent_text = text[sent.start_char : sent.end_char]  # what sent.text joins from its tokens
            segments.append(
                Segment(sent_text, start, start + len(sent_text), block.page, index, block.kind, headings[index], doc, sent)
            )
    return segments


_NUMBERED_ROW = re.compile(r"^\s*\(?(\d{1,2}|[a-z])[.)]?\t")


def is_numbered_table(seg: Segment) -> bool:
    """A numbered list the reader took for a table ('1.<tab>Neglect: ...' on each line): read as a list."""
    if seg.kind is not BlockKind.table:
        return False
    lines = [line for line in seg.text.splitlines() if line.strip()]
    return bool(lines) and all(_NUMBERED_ROW.match(line) for line in lines)


def is_number_block(document: Document, block: Block) -> bool:
    return block.kind is not BlockKind.table and bool(NUMBER_ONLY.match(document.block_text(block)))


def section_title(tagged: TaggedDocument, block_index: int) -> str:
    """The heading above a block, or the last short capitalised title line (text without headings)."""
    blocks = tagged.document.blocks
    for index in range(block_index - 1, max(-1, block_index - 40), -1):
        text = tagged.document.block_text(blocks[index]).strip()
        if blocks[index].kind is BlockKind.heading or (blocks[index].kind is BlockKind.paragraph and text.isupper() and 2 <= len(text.split()) <= 16):
            return text
    return tagged.headings[block_index][-1] if tagged.headings[block_index] else ""
