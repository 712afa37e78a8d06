#!/usr/bin/env python3
"""Render a report (text, markdown or HTML) into a designed PDF with ReportLab, in the layouts real reports use.

The PDFs are test material for the PDF stage: the same content set in
different designs, so that reading order, running lines, call-outs and tables
can be checked against the facts the text itself gives.

    python scripts/render_pdf.py SRC --layout LAYOUT --out OUT.pdf
    python scripts/render_pdf.py SRC... --all-layouts OUTDIR   # OUTDIR/<layout>/<stem>.pdf
    python scripts/render_pdf.py SRC ... --image-only 300      # the pages as images only: a scan, for OCR

Layouts
  two-column          A4 portrait; main headings and tables across the page, the text between them
                      in two balanced columns; running header, running footer and "Page N" on every page.
  landscape-callouts  A4 landscape, wide lines, running header and footer, tables without rules; a
                      paragraph that is only a number, followed by its label, becomes a boxed call-out
                      (big number over its label), and neighbouring call-outs sit side by side in a row
                      of boxes.
  one-column          A4 portrait, one column, ruled tables whose header row repeats on every page.

The source is read with the project's own readers, so the PDF holds exactly the
blocks (headings, paragraphs, list items, tables) that the text gives.
ReportLab is a development dependency (pyproject's `dev` extra).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    BalancedColumns,
    BaseDocTemplate,
    Frame,
    KeepTogether,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from lscp.extract import read_document  # noqa: E402
from lscp.schemas import BlockKind, Document  # noqa: E402

LAYOUTS = ("two-column", "landscape-callouts", "one-column")
_NUMBER = re.compile(r"^[£$€]?\d[\d,]*(\.\d+)?\s*(%|k|m)?$", re.I)
_YEAR = re.compile(r"\b(20\d\d)\s*[-/–]\s*(\d{2,4})\b")
_FONT = "Vera"


def _register_fonts() -> None:
    """Bitstream Vera ships with ReportLab and covers the Latin text of these reports."""
    if _FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = Path(reportlab.__file__).parent / "fonts"
    for name, file in (("Vera", "Vera.ttf"), ("Vera-Bold", "VeraBd.ttf"), ("Vera-Italic", "VeraIt.ttf"), ("Vera-BoldItalic", "VeraBI.ttf")):
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    pdfmetrics.registerFontFamily("Vera", normal="Vera", bold="Vera-Bold", italic="Vera-Italic", boldItalic="Vera-BoldItalic")


def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=_FONT, fontSize=10, leading=13, spaceAfter=6)
    return {
        "body": body,
        "item": ParagraphStyle("item", parent=body, leftIndent=14, bulletIndent=3, spaceAfter=3),
        "cell": ParagraphStyle("cell", parent=body, fontSize=9, leading=11, spaceAfter=0),
        "h1": ParagraphStyle("h1", parent=body, fontName="Vera-Bold", fontSize=20, leading=24, spaceBefore=6, spaceAfter=10),
        "h2": ParagraphStyle("h2", parent=body, fontName="Vera-Bold", fontSize=15, leading=19, spaceBefore=8, spaceAfter=6),
        "h3": ParagraphStyle("h3", parent=body, fontName="Vera-Bold", fontSize=12.5, leading=16, spaceBefore=6, spaceAfter=4),
        "h4": ParagraphStyle("h4", parent=body, fontName="Vera-Bold", fontSize=10, leading=13, spaceBefore=4, spaceAfter=3),
        "number": ParagraphStyle("number", parent=body, fontName="Vera-Bold", fontSize=26, leading=30, alignment=TA_CENTER, spaceAfter=2),
        "label": ParagraphStyle("label", parent=body, fontSize=9, leading=11, alignment=TA_CENTER, spaceAfter=0),
    }


def _para(text: str, style: ParagraphStyle, **kw) -> Paragraph:
    return Paragraph(escape(text), style, **kw)


def _table(rows: list[list[str]], styles, width: float, *, ruled: bool, repeat: bool) -> Table:
    cells = [[_para(cell, styles["cell"]) for cell in row] for row in rows]
    columns = max(len(r) for r in rows)
    first = min(0.45, 1.6 / (columns + 0.6)) * width
    widths = [first] + [(width - first) / (columns - 1)] * (columns - 1) if columns > 1 else [width]
    table = Table(cells, colWidths=widths, repeatRows=1 if repeat else 0, hAlign="LEFT")
    commands = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 3)]
    if ruled:
        commands += [("GRID", (0, 0), (-1, -1), 0.6, colors.black), ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde4ee"))]
    table.setStyle(TableStyle(commands))
    return table


def _callout_row(pairs: list[tuple[str, str]], styles, width: float) -> Table:
    boxes = [[_para(number, styles["number"]), _para(label, styles["label"])] for number, label in pairs]
    table = Table([boxes], colWidths=[width / len(pairs)] * len(pairs), hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("BOX", (i, 0), (i, 0), 1.2, colors.HexColor("#1f4e79")) for i in range(len(pairs))
            ]
            + [("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("TOPPADDING", (0, 0), (-1, -1), 6), ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]
        )
    )
    return table


def _callouts(blocks: list[tuple[BlockKind, str, object]]) -> list[tuple[str, object]]:
    """Pair a number-only paragraph with the short paragraph after it; group neighbouring pairs."""
    out: list[tuple[str, object]] = []
    i = 0
    while i < len(blocks):
        kind, text, extra = blocks[i]
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        if kind is BlockKind.paragraph and _NUMBER.match(text.strip()) and nxt and nxt[0] is BlockKind.paragraph and len(nxt[1]) <= 90:
            pair = (text.strip(), nxt[1])
            if out and out[-1][0] == "callouts" and len(out[-1][1]) < 4:
                out[-1][1].append(pair)
            else:
                out.append(("callouts", [pair]))
            i += 2
            continue
        out.append(("block", blocks[i]))
        i += 1
    return out


def _blocks(document: Document) -> list[tuple[BlockKind, str, object]]:
    return [(b.kind, document.block_text(b), b.level if b.kind is BlockKind.heading else b.rows) for b in document.blocks]


def _flowables(document: Document, layout: str, width: float) -> list:
    styles = _styles()
    story: list = []
    column: list = []  # text set in two columns, between full-width elements (two-column layout)

    def out(flowable, full_width: bool = False) -> None:
        if layout == "two-column" and not full_width:
            column.append(flowable)
            return
        if column:
            story.append(BalancedColumns(list(column), nCols=2, spaceBefore=2, spaceAfter=6, innerPadding=9))
            column.clear()
        story.append(flowable)

    text_width = (width - 18) / 2 if layout == "two-column" else width
    items = _callouts(_blocks(document)) if layout == "landscape-callouts" else [("block", b) for b in _blocks(document)]
    for what, value in items:
        if what == "callouts":
            out(_callout_row(value, styles, text_width))
            out(Spacer(1, 6))
            continue
        kind, text, extra = value
        if kind is BlockKind.heading:
            level = min(max(int(extra or 2), 1), 4)
            out(_para(text, styles[f"h{level}"]), full_width=level <= 2)
        elif kind is BlockKind.list_item:
            out(_para(text, styles["item"], bulletText="•"))
        elif kind is BlockKind.table and extra:
            full = layout == "two-column"
            out(_table(extra, styles, width if full else text_width, ruled=layout != "landscape-callouts", repeat=layout == "one-column"), full_width=full)
            out(Spacer(1, 8), full_width=full)
        else:
            out(_para(text, styles["body"]))
    out(Spacer(1, 1), full_width=True)
    return story


def _running_text(document: Document, path: Path) -> tuple[str, str]:
    title = next((document.block_text(b) for b in document.blocks if b.kind is BlockKind.heading), path.stem)
    title = title if len(title) <= 90 else title[:87] + "..."
    year = _YEAR.search(document.text[:5000])
    footer = f"Annual Report {year.group(1)}-{year.group(2)[-2:]}" if year else "Annual Report"
    return title, footer


def render(src: Path, layout: str, out: Path) -> Path:
    """Write `src` as a PDF in `layout`; return the path written."""
    if layout not in LAYOUTS:
        raise ValueError(f"unknown layout {layout!r}; expected one of {', '.join(LAYOUTS)}")
    _register_fonts()
    document = read_document(src)
    pagesize = landscape(A4) if layout == "landscape-callouts" else A4
    page_w, page_h = pagesize
    margin = 18 * mm
    header, footer = _running_text(document, src)
    running = layout != "one-column"

    def decorate(canvas, doc) -> None:
        if not running:
            return
        canvas.saveState()
        canvas.setFont(_FONT, 8)
        canvas.setFillColor(colors.HexColor("#444444"))
        canvas.drawString(margin, page_h - 11 * mm, header)
        canvas.drawString(margin, 10 * mm, footer)
        canvas.drawRightString(page_w - margin, 10 * mm, f"Page {doc.page}")
        canvas.restoreState()

    width = page_w - 2 * margin
    frames = [Frame(margin, margin, width, page_h - 2 * margin, id="body")]
    out.parent.mkdir(parents=True, exist_ok=True)
    doc = BaseDocTemplate(str(out), pagesize=pagesize, title=header, author="lscp test material", invariant=1)
    doc.addPageTemplates([PageTemplate(id=layout, frames=frames, onPage=decorate)])
    doc.build(_flowables(document, layout, width))
    return out


def rasterise(pdf: Path, out: Path, dpi: int) -> Path:
    """Write `pdf` again as pages that are only images, rendered at `dpi` in grey: a scan of it, with no
    text layer, for testing OCR. Pillow (which pdfplumber brings) writes the image-only PDF."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        images = [page.render(scale=dpi / 72, grayscale=True).to_pil().convert("L") for page in document]
    finally:
        document.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(out, "PDF", resolution=dpi, save_all=True, append_images=images[1:])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sources", nargs="+", type=Path)
    parser.add_argument("--layout", choices=LAYOUTS)
    parser.add_argument("--out", type=Path, help="the PDF to write (one source, with --layout)")
    parser.add_argument("--all-layouts", type=Path, metavar="OUTDIR", help="write OUTDIR/<layout>/<stem>.pdf for every layout")
    parser.add_argument("--image-only", type=int, metavar="DPI", help="write the pages as images at DPI, with no text layer")
    args = parser.parse_args(argv)

    def render(src: Path, layout: str, out: Path) -> Path:
        written = globals()["render"](src, layout, out)
        return rasterise(written, written, args.image_only) if args.image_only else written

    if args.all_layouts:
        for src in args.sources:
            for layout in LAYOUTS:
                print(render(src, layout, args.all_layouts / layout / f"{src.stem}.pdf"))
        return 0
    if not (args.layout and args.out) or len(args.sources) != 1:
        parser.error("give one source with --layout and --out, or --all-layouts OUTDIR")
    print(render(args.sources[0], args.layout, args.out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
