"""Reading files into Documents and tagging them with spaCy rules."""

from .pdf import load_table_finder
from .reader import SUPPORTED_EXTENSIONS, media_type_for, read_document
from .tagger import PATTERN_SET, Tagger, TaggerData

__all__ = ["PATTERN_SET", "SUPPORTED_EXTENSIONS", "Tagger", "TaggerData", "load_table_finder", "media_type_for", "read_document"]
