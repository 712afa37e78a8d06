"""Read Word (.docx) reports with python-docx: paragraphs, headings, list items and tables, in body order.

A heading is a paragraph in the Title style or a Heading N style (or one whose outline level says so);
a list item is a numbered or bulleted paragraph (numbering in the paragraph or its style) or one in a
List style. Headers, footers, footnotes and comments are not part of the body and are left out.

A DOCX has no fixed pages (Word lays them out when it shows the file), so the whole body is page 1 and
every block carries its paragraph number: the 1-based position of its paragraph or table among the
body's paragraphs and tables, empty paragraphs counted. Evidence gives that number (``paragraph``).

The file is checked as a ZIP before python-docx opens it: a file that is no ZIP, a ZIP of something
else, or one that would unpack to more than a set size (a ZIP bomb) is refused with its reason.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from lscp.schemas import BlockKind, Document, EmptyDocument, MalformedDocument

from .builder import DocumentBuilder, strip_bullet

MAX_UNPACKED_BYTES = 500 * 1024 * 1024  # all parts together, as the ZIP's directory states them
MAX_RATIO = 200  # a part that unpacks to more than this many times its packed size is a bomb
_HEADING_STYLE = re.compile(r"^heading\s*(\d)$", re.I)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def read_docx(path: Path, data: bytes, media_type: str) -> Document:
    if not data:
        raise EmptyDocument("file is empty (0 bytes)")
    _check_package(data)
    try:
        import docx
        from docx.opc.exceptions import PackageNotFoundError
    except ImportError:  # pragma: no cover - a core dependency
        raise MalformedDocument("DOCX not read: python-docx is not installed") from None
    try:
        document = docx.Document(io.BytesIO(data))
    except PackageNotFoundError:
        raise MalformedDocument("not a DOCX: no Word document in the package") from None
    except (KeyError, ValueError, zipfile.BadZipFile, OSError) as exc:
        raise MalformedDocument(f"malformed DOCX: {type(exc).__name__}: {exc}") from None
    except Exception as exc:  # lxml's XMLSyntaxError and python-docx's own errors
        raise MalformedDocument(f"malformed DOCX: {type(exc).__name__}: {exc}") from None
    builder = DocumentBuilder()
    builder.start_page(1)
    for number, element in enumerate(_body_elements(document.element.body), start=1):
        if element.tag == _W + "tbl":
            builder.add_table(_table_rows(element, document), paragraph=number)
            continue
        kind, level = _paragraph_kind(element, document)
        text = _paragraph_text(element, document)
        if kind is BlockKind.list_item:
            text = strip_bullet(text)[0]
        builder.add(kind, text, level=level, paragraph=number)
    result = builder.build(path=path, data=data, media_type=media_type)
    if not result.text.strip():
        raise EmptyDocument("DOCX has no text in its body")
    return result


def _check_package(data: bytes) -> None:
    if not data.startswith(b"PK"):
        raise MalformedDocument("not a DOCX: the file is not a ZIP package")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            entries = package.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
        raise MalformedDocument(f"malformed DOCX: not a readable ZIP package ({exc})") from None
    names = {entry.filename for entry in entries}
    if "word/document.xml" not in names and not any(n.lower().endswith("document.xml") and n.startswith("word/") for n in names):
        sample = ", ".join(sorted(names)[:3]) or "nothing"
        raise MalformedDocument(f"not a DOCX: a ZIP with no Word document in it (it holds {sample}{', ...' if len(names) > 3 else ''})")
    unpacked = sum(entry.file_size for entry in entries)
    if unpacked > MAX_UNPACKED_BYTES:
        raise MalformedDocument(f"DOCX not read: it would unpack to {unpacked / 2**20:,.0f} MB, over the limit of {MAX_UNPACKED_BYTES / 2**20:,.0f} MB")
    for entry in entries:
        if entry.file_size > 10 * 2**20 and entry.file_size > MAX_RATIO * max(entry.compress_size, 1):
            raise MalformedDocument(f"DOCX not read: {entry.filename} would unpack {entry.file_size // max(entry.compress_size, 1):,} times its size (a ZIP bomb)")


def _body_elements(body):
    """The body's paragraphs and tables in order; content controls (w:sdt) give up theirs."""
    for child in body.iterchildren():
        if child.tag in (_W + "p", _W + "tbl"):
            yield child
        elif child.tag == _W + "sdt":
            content = child.find(_W + "sdtContent")
            if content is not None:
                yield from _body_elements(content)


def _style_name(element, document) -> str:
    from docx.text.paragraph import Paragraph

    try:
        style = Paragraph(element, document).style
    except Exception:  # a style id the styles part does not define
        return ""
    return (style.name or "") if style is not None else ""


def _paragraph_kind(element, document) -> tuple[BlockKind, int | None]:
    name = _style_name(element, document)
    if name.lower() == "title":
        return BlockKind.heading, 1
    match = _HEADING_STYLE.match(name)
    if match:
        return BlockKind.heading, int(match.group(1))
    ppr = element.find(_W + "pPr")
    if ppr is not None:
        outline = ppr.find(_W + "outlineLvl")
        if outline is not None and (outline.get(_W + "val") or "").isdigit() and int(outline.get(_W + "val")) < 9:
            return BlockKind.heading, int(outline.get(_W + "val")) + 1
        if ppr.find(_W + "numPr") is not None:
            return BlockKind.list_item, None
    if name.lower().startswith("list") or _style_numbered(element, document):
        return BlockKind.list_item, None
    return BlockKind.paragraph, None


def _style_numbered(element, document) -> bool:
    from docx.text.paragraph import Paragraph

    try:
        style = Paragraph(element, document).style
    except Exception:
        return False
    while style is not None:
        ppr = style.element.find(_W + "pPr")
        if ppr is not None and ppr.find(_W + "numPr") is not None:
            return True
        style = style.base_style
    return False


def _paragraph_text(element, document) -> str:
    from docx.text.paragraph import Paragraph

    return Paragraph(element, document).text.replace("\n", " ").replace("\t", " ")


def _table_rows(element, document) -> list[list[str]]:
    from docx.table import Table

    rows: list[list[str]] = []
    for row in Table(element, document).rows:
        cells, last = [], None
        for cell in row.cells:  # a cell merged across columns comes once for each: keep it once
            if cell._tc is last:
                continue
            last = cell._tc
            cells.append(" ".join(p.text for p in cell.paragraphs).replace("\n", " ").replace("\t", " "))
        rows.append(cells)
    return rows


__all__ = ["read_docx"]
