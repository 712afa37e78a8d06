"""Errors a stage raises for a bad input; the pipeline turns them into failed records."""

from __future__ import annotations


class StageError(Exception):
    """A document could not go through a stage; ``reason`` is shown to the user."""

    stage = "pipeline"

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class ExtractError(StageError):
    stage = "extract"


class UnsupportedFormat(ExtractError):
    pass


class EmptyDocument(ExtractError):
    pass


class EncryptedDocument(ExtractError):
    pass


class MalformedDocument(ExtractError):
    pass


class DocumentTimeout(StageError):
    stage = "timeout"
