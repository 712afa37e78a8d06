"""Reading files into Documents: text, markdown, HTML and PDF."""

from .pdf import load_table_finder
from .reader import SUPPORTED_EXTENSIONS, media_type_for, read_document

__all__ = ["SUPPORTED_EXTENSIONS", "load_table_finder", "media_type_for", "read_document"]
