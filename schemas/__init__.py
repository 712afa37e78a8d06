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
from .periods import YEAR_LABEL, financial_year, financial_years, period, reporting_periods, short_financial_year, year_label
from .mentions import (
    MENTION_MODELS,
    FigureMention,
    FinanceMention,
    Mention,
    PartnerMention,
    PersonMention,
    PriorityMention,
    ReportMention,
    ReviewMention,
    ThemeMention,
)
from .records import DocumentResult, PageText, Rejection
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
