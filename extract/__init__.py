"""Reading files into Documents: text, markdown, HTML and PDF.

`media_type_for` is imported at once; the readers (`read_document`, `load_table_finder`), which load bs4,
pdfplumber, pypdfium2 and python-docx, when first used."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .media import SUPPORTED_EXTENSIONS, media_type_for

__all__ = ["SUPPORTED_EXTENSIONS", "load_table_finder", "media_type_for", "read_document"]

if TYPE_CHECKING:
    from .pdf import load_table_finder
    from .reader import read_document


def __getattr__(name: str) -> Any:
    if name == "read_document":
        from .reader import read_document as value
    elif name == "load_table_finder":
        from .pdf import load_table_finder as value
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value
