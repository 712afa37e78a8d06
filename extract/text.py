"""Read .txt and .md reports: markdown headings, HTML fragments, tab-separated tables."""

from __future__ import annotations

import html
import re
from pathlib import Path

from lscp.schemas import BlockKind, Document, EmptyDocument, ExtractError

from .builder import SENTENCE_END, DocumentBuilder, strip_bullet

_HEADING = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_TAG = re.compile(r"<[^<>]+>")  # [^<>]: a run of "<" without ">" costs one pass, not one per "<"
_PARA_SPLIT = re.compile(r"</p>|<br\s*/?>|</li>|</h\d>|</div>|</tr>", re.I)
_MD_LINK = re.compile(r"\[([^\[\]]*)\]\([^()]*\)")
_EMPHASIS = re.compile(r"(\*\*|__|\*|_)(?=\S)(.{1,300}?)(?<=\S)\1")  # bounded: unclosed marks stay linear
_BOLD_LINE = re.compile(r"^\s*(\*\*|<b>)(.+?)(\*\*|</b>)\s*(\(.*\)|\*\(.*\)\*)?\s*$", re.I)
_PAGE_BREAK = "\f"
_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^[\s|:-]*-{2,}[\s|:-]*$")
_WRAPPED_LINE = 80  # a line this long without an end is text wrapped at a fixed width
_ENTRY_SEPARATOR = re.compile(r"\S\s[-–—]\s\S|\[[^\[\]]{1,30}\]")  # "Director of Nursing - X ICB", "X Council [External Link]"
MAX_HEADING_LINE = 1000  # a longer line is no heading; the heading patterns backtrack on very long lines
_TAB_BULLET = re.compile(r"^\s*[•·▪‣◦●○■□➢➤►*-]\t+(?=[^\S\t]*\S[^\t]*$)")
# "4.3<tab>312 children attended ...": a numbered paragraph of a cover report, not a table row
_NUMBERED_PREFIX = re.compile(r"^\s*\d{1,2}(\.\d{1,2})*\.?\t+")
_LOWER = re.compile(r"[a-z]")


def _numbered_paragraph(raw: str) -> re.Match[str] | None:
    """The number and tabs opening a numbered paragraph whose text (no further tab) has a lower-case word and two
    words after it; checked in two linear steps, so a long line costs one pass."""
    prefix = _NUMBERED_PREFIX.match(raw)
    if prefix is None:
        return None
    rest = raw[prefix.end() :]
    if "\t" in rest:
        return None
    words = rest.split()
    first_lower = next((i for i, word in enumerate(words) if _LOWER.search(word)), None)
    if first_lower is None or len(words) - first_lower < 3:
        return None
    return prefix


def decode_text(data: bytes, path: Path) -> str:
    """Decode UTF-8 (with or without a BOM); anything else is a clear failure."""
    if not data.strip():
        raise EmptyDocument("file is empty (no text)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExtractError(
            f"not valid UTF-8 text (byte 0x{data[exc.start]:02x} at offset {exc.start})"
        ) from None


def inline_markup_to_text(line: str) -> str:
    """Drop markdown emphasis and links and HTML tags, unescape entities."""
    line = _MD_LINK.sub(r"\1", line)
    line = _TAG.sub(" ", line)
    line = html.unescape(line)
    for _ in range(2):
        line = _EMPHASIS.sub(r"\2", line)
    return line.replace("**", "")


def _html_fragments(line: str) -> list[str]:
    """A line carrying HTML paragraphs splits into one piece per paragraph."""
    if "<" not in line:
        return [line]
    return [piece for piece in _PARA_SPLIT.split(line) if _TAG.sub("", piece).strip()]


def read_text(path: Path, data: bytes, media_type: str) -> Document:
    text = decode_text(data, path)
    builder = DocumentBuilder()
    for number, page_text in enumerate(text.split(_PAGE_BREAK), start=1):
        builder.start_page(number)
        _read_lines(builder, page_text.splitlines())
    return builder.build(path=path, data=data, media_type=media_type)


def _read_lines(builder: DocumentBuilder, lines: list[str]) -> None:
    table: list[list[str]] = []
    pipes: list[str] = []  # the lines of a markdown table, '| a | b |'
    paragraph: list[str] = []

    def flush_paragraph() -> None:
        if paragraph:
            builder.add(BlockKind.paragraph, " ".join(paragraph))
            paragraph.clear()

    def flush_pipes() -> None:
        if len(pipes) >= 2:
            builder.add_table([_pipe_cells(line) for line in pipes if not _PIPE_RULE.match(line)])
        elif pipes:
            builder.add(BlockKind.paragraph, inline_markup_to_text(pipes[0]).strip())
        pipes.clear()

    def flush_table() -> None:
        flush_pipes()
        if table:
            if len(table) == 1 and sum(1 for c in table[0] if c.strip()) <= 1:
                builder.add(BlockKind.paragraph, " ".join(table[0]))
            else:
                builder.add_table([list(row) for row in table])
            table.clear()

    for raw in lines:
        if _PIPE_ROW.match(raw):
            flush_paragraph()
            pipes.append(raw)
            continue
        flush_pipes()
        glyph = _TAB_BULLET.match(raw)
        if glyph:
            raw = "• " + raw[glyph.end() :]  # "•<tab>child sexual exploitation;": a list item, not a table row
        numbered = _numbered_paragraph(raw)
        if numbered:
            raw = raw[: numbered.end()].rstrip("\t") + " " + raw[numbered.end() :]
        if "\t" in raw and raw.strip():
            flush_paragraph()
            table.append([inline_markup_to_text(cell) for cell in raw.split("\t")])
            continue
        flush_table()
        if not raw.strip():
            flush_paragraph()
            continue
        heading = _HEADING.match(raw) if len(raw) <= MAX_HEADING_LINE else None
        if heading:
            flush_paragraph()
            builder.add(BlockKind.heading, inline_markup_to_text(heading.group(2)), level=len(heading.group(1)))
            continue
        bold = _BOLD_LINE.match(raw) if len(raw) <= MAX_HEADING_LINE else None
        if bold and len(bold.group(2).split()) <= 20 and not SENTENCE_END.search(bold.group(2)):
            flush_paragraph()
            builder.add(BlockKind.heading, inline_markup_to_text(raw), level=4)
            continue
        for piece in _html_fragments(raw):
            body, is_item = strip_bullet(piece)
            body = inline_markup_to_text(body)
            if is_item:
                flush_paragraph()
                builder.add(BlockKind.list_item, body)
            elif paragraph and _continues(paragraph[-1], body):
                paragraph.append(body.strip())
            else:
                flush_paragraph()
                paragraph.append(body.strip())
    flush_paragraph()
    flush_table()


def _pipe_cells(line: str) -> list[str]:
    """The cells of a markdown table row, without the emphasis around them."""
    text = inline_markup_to_text(line).strip().strip("|")
    return [re.sub(r"^[*_]+|[*_]+$", "", cell.strip()).strip() for cell in text.split("|")]


def _continues(previous: str, line: str) -> bool:
    """A line that starts in lower case after one with no closing punctuation goes on the same sentence."""
    stripped = line.strip()
    if not stripped or SENTENCE_END.search(previous):
        return False
    # a long line cut inside a name or a phrase ("... and NHS Quarlton Integrated Care" / "Board. Its ..."): text
    # wrapped at a fixed width, whose next line (no longer than it) goes on with the sentence though it starts with a
    # capital
    # ... unless both lines are entries of one list laid out alike ("ROLE - ORGANISATION", "ORGANISATION [External
    # Link] ROLE"): a list's long entry is not a wrapped sentence
    return stripped[0].islower() or (len(previous) >= _WRAPPED_LINE and previous[-1].isalpha() and (stripped[0].isupper() or stripped[0] == "(")
        and (len(stripped) >= _WRAPPED_LINE // 2 or bool(SENTENCE_END.search(stripped))) and len(stripped) <= len(previous) + 10
        and not (_ENTRY_SEPARATOR.search(previous) and _ENTRY_SEPARATOR.search(stripped)))
