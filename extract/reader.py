"""One entry for every format: pick the reader by file extension."""

from __future__ import annotations

from pathlib import Path

from lscp.schemas import Document, EmptyDocument, UnsupportedFormat

from .docx import read_docx
from .html import read_html
from .pdf import ForkMap, read_pdf
from .text import read_text
from .media import MEDIA_TYPES, SUPPORTED_EXTENSIONS, media_type_for  # noqa: F401 - importable from here, as before


def read_document(path: Path, data: bytes | None = None, *, processes: int = 1) -> Document:
    """Read one file into a Document; raise an ExtractError subclass with a clear reason if it cannot be read.

    ``processes`` > 1 lets a long PDF have its pages read in that many parts side by side (pdf/parts.py)."""
    media_type = media_type_for(path)
    if media_type is None:
        raise UnsupportedFormat(
            f"unsupported file type {path.suffix or '(no extension)'!r}; expected one of {', '.join(SUPPORTED_EXTENSIONS)}"
        )
    if data is None:
        data = path.read_bytes()
    if not data:
        raise EmptyDocument("file is empty (0 bytes)")
    if media_type == "application/pdf":
        return read_pdf(path, data, media_type, page_map=ForkMap(processes) if processes > 1 else None, parts=processes)
    if media_type == MEDIA_TYPES[".docx"]:
        return read_docx(path, data, media_type)
    if media_type == "text/html":
        return read_html(path, data, media_type)
    return read_text(path, data, media_type)
