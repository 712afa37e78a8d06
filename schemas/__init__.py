"""Pydantic models every stage exchanges. The bottom layer: imports nothing of the project."""

from .document import Block, BlockKind, Document, Page, WordBox
from .errors import (
    DocumentTimeout,
    EmptyDocument,
    EncryptedDocument,
    ExtractError,
    MalformedDocument,
    StageError,
    UnsupportedFormat,
)
from .facts import (
    FACT_MODELS,
    Evidence,
    Fact,
    FigureFact,
    FinanceFact,
    PartnerFact,
    PersonFact,
    PriorityFact,
    ReportFact,
    ReviewFact,
    ThemeFact,
    fact_adapter,
)
from .periods import financial_year, period
from .records import DocumentResult, Mention, PageText, Rejection
from .taxonomy import Metric, Theme, metrics, themes
from .vocab import (
    Comparator,
    Direction,
    DocumentKind,
    FactKind,
    OrgType,
    PartnerRole,
    PersonRole,
    ReviewStatus,
    ReviewType,
    Status,
    Unit,
)

__all__ = [name for name in dir() if not name.startswith("_")]
