"""Read PDF reports with pdfplumber: text lines grouped into blocks, ruled tables as rows of cells."""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdfparser import PDFSyntaxError
from pdfplumber.utils.exceptions import PdfminerException

from schemas import BlockKind, Document, EmptyDocument, EncryptedDocument, MalformedDocument

from .builder import DocumentBuilder, strip_bullet


@dataclass(frozen=True)
class PdfSettings:
    paragraph_gap: float = 0.8  # a vertical gap above this many line heights starts a new block
    heading_size_ratio: float = 1.2  # a line this much larger than the body size is a heading
    margin_band: float = 0.08  # share of the page height at top and bottom where running lines live
    repeat_share: float = 0.5  # a margin line on at least this share of pages is a running header/footer
    min_chars_per_page: int = 10  # fewer characters than this on every page: no text layer
    table_settings: tuple[tuple[str, str], ...] = (("vertical_strategy", "lines"), ("horizontal_strategy", "lines"))


DEFAULT_SETTINGS = PdfSettings()
_PAGE_NUMBER = re.compile(r"^(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$", re.I)
_DIGITS = re.compile(r"\d+")


@dataclass
class _Line:
    text: str
    top: float
    bottom: float
    x0: float
    size: float


def read_pdf(path: Path, data: bytes, media_type: str, settings: PdfSettings = DEFAULT_SETTINGS) -> Document:
    if not data:
        raise EmptyDocument("file is empty (0 bytes)")
    if b"%PDF-" not in data[:1024]:
        raise MalformedDocument("not a PDF: no %PDF- header in the first 1024 bytes")
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as exc:
        raise _classify(exc.args[0] if exc.args else exc) from None
    except (PDFPasswordIncorrect, PDFEncryptionError, PDFSyntaxError) as exc:
        raise _classify(exc) from None
    with pdf:
        try:
            pages = list(pdf.pages)
        except Exception as exc:  # pdfminer raises many kinds on broken page trees
            raise MalformedDocument(f"malformed PDF: cannot read the page tree ({type(exc).__name__}: {exc})") from None
        if not pages:
            raise EmptyDocument("PDF has no pages")
        page_lines, page_tables, char_counts = [], [], []
        for page in pages:
            try:
                char_counts.append(len(page.chars))
                tables = _tables(page, settings)
                page_lines.append(_lines(page, [t.bbox for t in tables]))
                page_tables.append(tables)
            except Exception as exc:
                raise MalformedDocument(f"malformed PDF: page {page.page_number} cannot be read ({type(exc).__name__}: {exc})") from None
    running = _running_lines(page_lines, [p.height for p in pages], settings)
    builder = DocumentBuilder()
    text_pages = 0
    for number, (page, lines, tables, chars) in enumerate(zip(pages, page_lines, page_tables, char_counts), start=1):
        builder.start_page(number)
        kept = [line for line in lines if _signature(line, page.height) not in running and not _PAGE_NUMBER.match(line.text.strip())]
        if chars >= settings.min_chars_per_page:
            text_pages += 1
        _emit(builder, kept, tables, settings)
    needs_ocr = text_pages == 0 or text_pages < len(pages) / 2
    warnings = [] if not needs_ocr else [f"{len(pages) - text_pages} of {len(pages)} pages have no text layer"]
    return builder.build(path=path, data=data, media_type=media_type, needs_ocr=needs_ocr, warnings=warnings)


def _classify(exc: BaseException) -> Exception:
    if isinstance(exc, (PDFPasswordIncorrect, PDFEncryptionError)):
        return EncryptedDocument("PDF is encrypted and needs a password")
    if isinstance(exc, PDFSyntaxError):
        return MalformedDocument(f"malformed PDF: {exc}")
    return MalformedDocument(f"malformed PDF: {type(exc).__name__}: {exc}")


@dataclass
class _Table:
    bbox: tuple[float, float, float, float]
    rows: list[list[str]]


def _tables(page, settings: PdfSettings) -> list[_Table]:
    if not (page.lines or page.rects):
        return []
    found = page.find_tables(dict(settings.table_settings))
    out = []
    for table in found:
        rows = [[(cell or "").replace("\n", " ") for cell in row] for row in table.extract()]
        if len(rows) >= 2 and max(len(r) for r in rows) >= 2:
            out.append(_Table(table.bbox, rows))
    return out


def _inside(line: dict, boxes: list[tuple[float, float, float, float]]) -> bool:
    cx, cy = (line["x0"] + line["x1"]) / 2, (line["top"] + line["bottom"]) / 2
    return any(x0 <= cx <= x1 and top <= cy <= bottom for x0, top, x1, bottom in boxes)


def _lines(page, table_boxes) -> list[_Line]:
    out = []
    for line in page.extract_text_lines(return_chars=True, strip=True):
        if not line["text"].strip() or _inside(line, table_boxes):
            continue
        sizes = [c.get("size", 0) for c in line["chars"] if c["text"].strip()]
        size = Counter(round(s, 1) for s in sizes).most_common(1)[0][0] if sizes else 0
        out.append(_Line(line["text"], line["top"], line["bottom"], line["x0"], size))
    return out


def _signature(line: _Line, height: float) -> str:
    band = "top" if line.top < height / 2 else "bottom"
    return band + ":" + _DIGITS.sub("#", line.text.strip().lower())


def _running_lines(page_lines: list[list[_Line]], heights: list[float], settings: PdfSettings) -> set[str]:
    """Lines in the top or bottom margin that repeat (digits aside) on many pages."""
    if len(page_lines) < 3:
        return set()
    counts: Counter[str] = Counter()
    for lines, height in zip(page_lines, heights):
        band = settings.margin_band * height
        sigs = {_signature(l, height) for l in lines if l.top < band or l.bottom > height - band}
        counts.update(sigs)
    return {sig for sig, n in counts.items() if n >= max(2, settings.repeat_share * len(page_lines))}


def _emit(builder: DocumentBuilder, lines: list[_Line], tables: list[_Table], settings: PdfSettings) -> None:
    items: list[tuple[float, object]] = [(line.top, line) for line in lines] + [(t.bbox[1], t) for t in tables]
    items.sort(key=lambda item: item[0])
    sizes = Counter(round(l.size, 1) for l in lines)
    body = sizes.most_common(1)[0][0] if sizes else 0
    current: list[_Line] = []

    def flush() -> None:
        if not current:
            return
        text = _join(current)
        is_heading = body and current[0].size >= body * settings.heading_size_ratio and len(text) < 200
        if is_heading:
            builder.add(BlockKind.heading, text, level=2)
        else:
            body_text, is_item = strip_bullet(text)
            builder.add(BlockKind.list_item if is_item else BlockKind.paragraph, body_text)
        current.clear()

    for _, item in items:
        if isinstance(item, _Table):
            flush()
            builder.add_table(item.rows)
            continue
        line = item
        if current:
            prev = current[-1]
            gap = line.top - prev.bottom
            height = max(prev.bottom - prev.top, 1)
            starts_item = strip_bullet(line.text)[1]
            size_change = body and abs(line.size - prev.size) > 0.5
            if gap > settings.paragraph_gap * height or starts_item or size_change:
                flush()
        current.append(line)
    flush()


def _join(lines: list[_Line]) -> str:
    """Join a block's lines, rejoining words split by an end-of-line hyphen."""
    text = lines[0].text.strip()
    for line in lines[1:]:
        nxt = line.text.strip()
        if text.endswith("-") and not text.endswith(" -") and nxt[:1].islower():
            text = text[:-1] + nxt
        else:
            text = text + " " + nxt
    return text
