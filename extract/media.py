"""The media type of a file, from its extension: what is asked of every file before any is read. The readers load
bs4, pdfplumber, pypdfium2 and python-docx; this needs none of them."""

from __future__ import annotations

from pathlib import Path

MEDIA_TYPES = {
    ".pdf": "application/pdf",
    ".html": "text/html",
    ".htm": "text/html",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".txt": "text/plain",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
SUPPORTED_EXTENSIONS = tuple(MEDIA_TYPES)


def media_type_for(path: Path) -> str | None:
    return MEDIA_TYPES.get(path.suffix.lower())
