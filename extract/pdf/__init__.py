"""Read PDF reports: text in reading order with pdfium, ruled tables with pdfplumber on the pages that have rules.

pdfium extracts text many times faster than pdfminer, so every page's text
comes from it; pdfplumber's table finder runs only on pages whose drawing
holds ruling lines or boxes. A page drawn as an image with no text, and a
large image on a page with text, are read by OCR (ocr.py) where Tesseract is
installed: its words become segments like pdfium's, and the page is marked
as read by OCR. A long document's pages may be read in parts by other
processes (parts.py); the layout is worked out once on the joined pages.
"""

from __future__ import annotations

import contextlib
import io
import math
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from lscp.schemas import BlockKind, Document, EmptyDocument, EncryptedDocument, MalformedDocument

from ..builder import DocumentBuilder
from .blocks import Item as BlockItem
from .blocks import blocks_of_page, finish_blocks, line_spacing
from .layout import TableBox, join_split_rows, reading_order
from . import ocr
from .ocr import OcrSettings, OcrUnavailable
from .page import PageContent, Segment, _ruled, pack, read_page, unpack
from .parts import ForkMap, PageMap, page_ranges
from .words import locate, page_words


@dataclass(frozen=True)
class PdfSettings:
    paragraph_gap: float = 0.3  # a gap this many line heights above the usual line gap starts a new block
    heading_size_ratio: float = 1.2  # a line this much larger than the body size is a heading
    margin_band: float = 0.08  # share of the page height at top and bottom where running lines live
    repeat_share: float = 0.5  # a margin line on at least this share of pages is a running header/footer
    min_chars_per_page: int = 10  # a page with fewer characters has no text layer
    word_gap: float = 1.2  # a horizontal gap above this many line heights ends a segment
    gutter: float = 0.8  # a vertical strip at least this many body sizes wide separates columns
    table_settings: tuple[tuple[str, str], ...] = (("vertical_strategy", "explicit"), ("horizontal_strategy", "explicit"))
    ocr: OcrSettings | None = None  # None: from the environment (LSCP_OCR, LSCP_OCR_DPI) when the file is read


DEFAULT_SETTINGS = PdfSettings()
_PAGE_NUMBER = re.compile(r"^(page\s*)?\d{1,4}(\s*(of|/)\s*\d{1,4})?$", re.I)
_DIGITS = re.compile(r"\d+")


def read_pdf(
    path: Path, data: bytes, media_type: str, settings: PdfSettings = DEFAULT_SETTINGS, *, page_map: PageMap | None = None, parts: int = 1
) -> Document:
    """The document in ``data``. With ``page_map`` (``map``'s shape, see parts.py) a document of more than
    parts.MIN_PAGES pages has its pages read in up to ``parts`` page ranges through it, joined in order before
    the layout is worked out: the same document, sooner where there are cores to spare."""
    if not data:
        raise EmptyDocument("file is empty (0 bytes)")
    if b"%PDF-" not in data[:1024]:
        raise MalformedDocument("not a PDF: no %PDF- header in the first 1024 bytes")
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _classify(exc) from None
    warnings: list[str] = []
    try:
        pages = _read_pages(pdf, settings, data, page_map, parts)
        if pages and any(c.objects for c in pages):
            _read_images(pdf, pages, settings, settings.ocr or OcrSettings.from_env(), warnings)
    finally:
        pdf.close()
    if not pages:
        raise EmptyDocument("PDF has no pages")
    if not any(c.objects for c in pages):
        raise EmptyDocument(f"PDF has no pages with content ({_count(len(pages), 'page')}, all blank: no text, no images)")
    drawn = {c.number: list(c.segments) for c in pages}  # before tables take their segments: the words' boxes
    _add_tables(pages, data, settings, warnings)
    running = _running_lines(pages, settings)
    body = _body_size(pages)
    gutter = settings.gutter * body
    ordered = [
        reading_order([s for s in c.segments if not _is_margin_line(s, c, running, settings)] + c.tables, gutter) for c in pages
    ]
    join_split_rows(ordered, gutter)
    spacing = line_spacing(ordered)
    items = finish_blocks([blocks_of_page(o, c.number, body, spacing, settings) for o, c in zip(ordered, pages)])
    builder = DocumentBuilder()
    for content, page_blocks in zip(pages, _by_page(items, len(pages))):
        builder.start_page(content.number)
        for item in page_blocks:
            if item.kind is BlockKind.table:
                builder.add_table(item.rows)
            else:
                builder.add(item.kind, item.text, level=item.level)
        builder.end_page(has_text=content.chars >= settings.min_chars_per_page, ocr=content.ocr)
    # a page drawn as an image with (almost) no text is a scan: its text needs OCR
    scanned = [c.number for c in pages if c.chars < settings.min_chars_per_page and c.has_images]
    needs_ocr = len(scanned) > len(pages) / 2
    if scanned:
        warnings.insert(0, f"{len(scanned)} of {len(pages)} pages are images with no text layer (pages {_ranges(scanned)})")
    document = builder.build(path=path, data=data, media_type=media_type, needs_ocr=needs_ocr, warnings=warnings)
    _add_word_boxes(document, pages, ordered, drawn)
    return document


def _add_word_boxes(document: Document, pages: list[PageContent], ordered: list[list], drawn: dict[int, list[Segment]]) -> None:
    """Give the document its pages' sizes and the box of every word found in its text."""
    sizes = {c.number: (c.width, c.height) for c in pages}
    for page in document.pages:
        if page.number in sizes:
            page.width, page.height = (round(v, 2) for v in sizes[page.number])
    words = {c.number: page_words(o, drawn[c.number]) for o, c in zip(ordered, pages)}
    document.words = locate(document.text, document.pages, words)


def load_table_finder() -> None:
    """Import pdfplumber's table finder now, not on the first ruled page: a batch about to read PDFs in forked
    workers imports it once for all of them."""
    import pdfplumber.table  # noqa: F401


def _read_pages(pdf: pdfium.PdfDocument, settings: PdfSettings, data: bytes, page_map: PageMap | None, parts: int) -> list[PageContent]:
    ranges = page_ranges(len(pdf), parts) if page_map is not None else []
    if len(ranges) > 1:
        out: list[PageContent] = []
        for packed in page_map(read_page_range, [(data, first, last, settings.word_gap) for first, last in ranges]):
            out += unpack(packed)
        return out
    return _read_range(pdf, 1, len(pdf), settings.word_gap)


def read_page_range(data: bytes, first: int, last: int, word_gap: float) -> list[tuple]:
    """Pages ``first`` to ``last`` (from 1) of the PDF in ``data``, read as read_pdf reads every page and packed
    as plain tuples (page.pack): one part of a long document, for another process."""
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise _classify(exc) from None
    try:
        return pack(_read_range(pdf, first, last, word_gap))
    finally:
        pdf.close()


def _read_range(pdf: pdfium.PdfDocument, first: int, last: int, word_gap: float) -> list[PageContent]:
    out = []
    for number in range(first, last + 1):
        try:
            page = pdf[number - 1]
        except pdfium.PdfiumError as exc:
            raise MalformedDocument(f"malformed PDF: page {number} cannot be loaded ({exc})") from None
        try:
            content = read_page(page, number, gap_ratio=word_gap)
        finally:
            page.close()
        out.append(content)
    return out


def _read_images(pdf: pdfium.PdfDocument, pages: list[PageContent], settings: PdfSettings, options: OcrSettings, warnings: list[str]) -> None:
    """Read by OCR the pages drawn as images with no text, and the large images on pages with text, within the
    document's OCR budget; say in ``warnings`` what was read and what was left, and why."""
    scanned = [c for c in pages if c.chars < settings.min_chars_per_page and c.images]
    pictured = [
        (c, image)
        for c in pages
        if c.chars >= settings.min_chars_per_page
        for image in c.images
        if image.area >= options.min_image_share * c.width * c.height
    ]
    if not scanned and not pictured:
        return
    # only pages without text are worth a warning: the images beside a page's text are read as a bonus
    if len(scanned) > options.max_pages:
        warnings.append(
            f"pages drawn as images not read: {len(scanned)} of them is over the cap of {options.max_pages} pages "
            "OCR reads in one document"
        )
        return
    if not options.enabled:
        if scanned:
            warnings.append("pages drawn as images not read: OCR is turned off (LSCP_OCR=0)")
        return
    skipped: list[str] = []
    jobs: list[tuple[PageContent, object]] = []
    for content, image in [(c, None) for c in scanned] + pictured:
        # rendering any part of the page would decode every image on it: one too large leaves the whole page
        huge = [i for i in content.images if i.pixels > options.max_image_pixels]
        if huge:  # refused by the size its dictionary gives, before pdfium decodes a byte of it
            skipped.append(
                f"page {content.number} not read by OCR: an image of {huge[0].width_px:,} x {huge[0].height_px:,} pixels "
                f"is over the limit of {options.max_image_pixels:,} pixels"
            )
        else:
            jobs.append((content, image))
    if not jobs:
        warnings += list(dict.fromkeys(skipped))
        return
    try:
        engine = ocr.engine(options.language)
    except OcrUnavailable as exc:
        if scanned:
            warnings.append(f"pages drawn as images not read: {exc}")
        warnings += list(dict.fromkeys(skipped))
        return
    started = time.monotonic()
    read: list[int] = []
    new_segments: list[Segment] = []
    for done, (content, image) in enumerate(jobs):
        if time.monotonic() - started >= options.time_budget:
            left = sorted({c.number for c, _ in jobs[done:]})
            skipped.append(f"OCR stopped at its time budget of {options.time_budget:g} s: pages {_ranges(left)} not read")
            break
        try:
            segments = _ocr_area(pdf, content, image, engine, options, settings)
        except Exception as exc:  # an engine failing on one page leaves the others
            skipped.append(f"page {content.number} not read by OCR: {type(exc).__name__}: {exc}")
            continue
        if image is not None:  # text set over the image is already there
            segments = [s for s in segments if not any(_overlaps(s, t) for t in content.segments)]
        if segments or image is None:
            content.segments = content.segments + segments
            content.chars += sum(len(s.text) for s in segments)
            content.ocr = content.ocr or bool(segments)
            new_segments += segments
            read.append(content.number)
    ocr.bold_lines(new_segments)
    ocr.snap_sizes(new_segments)
    if read:
        warnings.append(
            f"{_count(len(set(read)), 'page')} read by OCR (pages {_ranges(sorted(set(read)))}; {engine.name} {engine.version}, {options.dpi} dpi)"
        )
    warnings += list(dict.fromkeys(skipped))


def _ocr_area(pdf: pdfium.PdfDocument, content: PageContent, image, engine, options: OcrSettings, settings: PdfSettings) -> list[Segment]:
    """Render the page (or only the image's area) to a grey bitmap and read it; the words' boxes come back in
    page points."""
    if image is None:
        x0, top, x1, bottom = 0.0, 0.0, content.width, content.height
    else:
        x0, top = max(image.x0, 0.0), max(image.top, 0.0)
        x1, bottom = min(image.x1, content.width), min(image.bottom, content.height)
    scale = options.dpi / 72
    area = max(x1 - x0, 1.0) * max(bottom - top, 1.0)
    if area * scale * scale > options.max_render_pixels:
        scale = math.sqrt(options.max_render_pixels / area)
    page = pdf[content.number - 1]
    try:
        crop = (x0, content.height - bottom, content.width - x1, top)
        bitmap = page.render(scale=scale, grayscale=True, crop=crop)
        picture = bitmap.to_pil()
    finally:
        page.close()
    lines = engine.lines(picture, round(scale * 72), options.min_confidence)
    ocr.stroke_weights(lines, picture)
    if image is None:  # a scanned page's table rules are pixels: find them, so tables are read as on a drawn page
        content.rules = content.rules + ocr.rules_in(picture, 1 / scale)
        content.has_rules = _ruled(content.rules)
    return ocr.segments_of(lines, 1 / scale, x0, top, options.word_gap)


def _overlaps(a: Segment, b: Segment) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.top < b.bottom and b.top < a.bottom


def _classify(exc: pdfium.PdfiumError) -> Exception:
    message = str(exc)
    if "password" in message.lower():
        return EncryptedDocument("PDF is encrypted and needs a password")
    return MalformedDocument(f"malformed PDF: {message}")


def _add_tables(pages: list[PageContent], data: bytes, settings: PdfSettings, warnings: list[str]) -> None:
    """Find ruled tables with pdfplumber's table finder, fed the rules pdfium drew, so pdfminer never has to
    interpret the page; each cell takes the words inside it and the table replaces the lines it covers.

    With explicit lines on both axes (the default) the finder never looks at the page itself, so the file is
    not opened with pdfplumber at all: pdfminer would parse its whole page tree for nothing."""
    ruled = [p for p in pages if p.has_rules and p.segments]
    if not ruled:
        return
    from pdfplumber.table import TableFinder, TableSettings  # imported here: most pages never need it

    options = dict(settings.table_settings)
    explicit = options.get("vertical_strategy") == options.get("horizontal_strategy") == "explicit"
    plumber = None
    if not explicit:
        import pdfplumber

        try:
            plumber = pdfplumber.open(io.BytesIO(data))
        except Exception as exc:  # pdfminer may reject a file pdfium reads
            warnings.append(f"tables not read: pdfplumber cannot open the file ({type(exc).__name__})")
            return
    with plumber or contextlib.nullcontext():
        for content in ruled:
            boxes = [
                {
                    "object_type": "rect", "x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": top,
                    "y0": content.height - bottom, "y1": content.height - top, "width": x1 - x0, "height": bottom - top,
                }
                for x0, top, x1, bottom in content.rules
            ]
            table_settings = TableSettings.resolve({**options, "explicit_vertical_lines": boxes, "explicit_horizontal_lines": boxes})
            try:
                found = TableFinder(plumber.pages[content.number - 1] if plumber else None, table_settings).tables
            except Exception as exc:
                warnings.append(f"tables on page {content.number} not read ({type(exc).__name__}: {exc})")
                continue
            tables = [t for t in (_table_box(table, content.segments) for table in found) if t is not None]
            if tables:
                content.tables = tables
                content.segments = [s for s in content.segments if not any(_inside(s, t) for t in tables)]


def _table_box(table, segments: list[Segment]) -> TableBox | None:
    rows = [[_cell_text(cell, segments) if cell else "" for cell in row.cells] for row in table.rows]
    rows = [row for row in rows if any(row)]
    if len(rows) < 2 or max(len(r) for r in rows) < 2:
        return None
    x0, top, x1, bottom = table.bbox
    width = max(len(row.cells) for row in table.rows)
    column_x0s = tuple(min((row.cells[i][0] for row in table.rows if i < len(row.cells) and row.cells[i]), default=x0) for i in range(width))
    return TableBox(x0, top, x1, bottom, rows, column_x0s)


def _cell_text(cell: tuple[float, float, float, float], segments: list[Segment]) -> str:
    x0, top, x1, bottom = cell
    lines = []
    for seg in segments:
        if top <= (seg.top + seg.bottom) / 2 <= bottom:
            words = [w for w, a, b in seg.words if x0 <= (a + b) / 2 <= x1]
            if words:
                lines.append(" ".join(words))
    return " ".join(lines)


def _inside(seg: Segment, table: TableBox) -> bool:
    cx, cy = (seg.x0 + seg.x1) / 2, (seg.top + seg.bottom) / 2
    return table.x0 <= cx <= table.x1 and table.top <= cy <= table.bottom


def _signature(seg: Segment, content: PageContent) -> str:
    band = "top" if seg.top < content.height / 2 else "bottom"
    return band + ":" + _DIGITS.sub("#", seg.text.strip().lower())


def _in_margin(seg: Segment, content: PageContent, settings: PdfSettings) -> bool:
    band = settings.margin_band * content.height
    return seg.bottom < band or seg.top > content.height - band


def _running_lines(pages: list[PageContent], settings: PdfSettings) -> set[str]:
    """Lines in the top or bottom margin that repeat (digits aside) on many pages."""
    if len(pages) < 3:
        return set()
    counts: Counter[str] = Counter()
    for content in pages:
        counts.update({_signature(s, content) for s in content.segments if _in_margin(s, content, settings)})
    return {sig for sig, n in counts.items() if n >= max(2, settings.repeat_share * len(pages))}


def _is_margin_line(seg: Segment, content: PageContent, running: set[str], settings: PdfSettings) -> bool:
    if not _in_margin(seg, content, settings):
        return False
    return _signature(seg, content) in running or bool(_PAGE_NUMBER.match(seg.text.strip()))


def _body_size(pages: list[PageContent]) -> float:
    sizes: Counter[float] = Counter()
    for content in pages:
        for seg in content.segments:
            if seg.size:
                sizes[seg.size] += len(seg.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _by_page(items: list[BlockItem], count: int) -> list[list[BlockItem]]:
    out: list[list[BlockItem]] = [[] for _ in range(count)]
    for item in items:
        out[item.page - 1].append(item)
    return out


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _ranges(numbers: list[int]) -> str:
    parts, start, prev = [], numbers[0], numbers[0]
    for n in numbers[1:] + [None]:
        if n is not None and n == prev + 1:
            prev = n
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if n is not None:
            start = prev = n
    return ", ".join(parts)


__all__ = ["DEFAULT_SETTINGS", "ForkMap", "OcrSettings", "PdfSettings", "load_table_finder", "read_page_range", "read_pdf"]
