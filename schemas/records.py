"""What passes between stages besides facts and mentions: rejections, per-document results."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field

from .audit import AuditRow
from .document import WordBox
from .facts import Evidence
from .vocab import Status


class Rejection(BaseModel):
    """A candidate fact that failed validation, kept with the reason instead of crashing."""

    kind: str
    reason: str
    candidate: dict[str, Any]
    evidence: Evidence = Field(default_factory=Evidence)


class DocumentResult(BaseModel):
    """The outcome of one file: its record for the ``documents`` table plus what it yielded."""

    path: str
    doc_id: str
    sha256: str | None = None
    media_type: str | None = None
    size_bytes: int | None = None
    pages: int | None = None
    needs_ocr: bool = False
    status: Status
    stage: str | None = Field(default=None, description="the stage that failed, when one did")
    error: str | None = None
    warnings: list[str] = Field(default_factory=list)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    facts: list[dict[str, Any]] = Field(default_factory=list, description="validated facts, as dumped models")
    rejections: list[Rejection] = Field(default_factory=list)
    audit: list[AuditRow] = Field(default_factory=list, description="the statutory audit, for annual reports")
    page_texts: list[PageText] = Field(
        default_factory=list, description="the extracted text page by page, which the evidence offsets point into"
    )
    words: list[WordBox] = Field(default_factory=list, description="a PDF's word boxes (Document.words)")


class PageText(BaseModel):
    """One page of a document's extracted text: ``text`` is Document.text[char_start:char_end]."""

    page: int = Field(ge=1)
    char_start: int = Field(ge=0)
    char_end: int = Field(ge=0)
    text: str
    width: float | None = None
    height: float | None = None


DocumentResult.model_rebuild()
