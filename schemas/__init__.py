"""Pydantic models every stage exchanges. The bottom layer: imports nothing of the project.

Each name is imported from its module when it is first used, so that a command which needs only the light
modules (the vocabularies in ``vocab``, the errors in ``errors``) does not build every pydantic model first:
``from lscp.schemas import Status`` costs the enum alone, ``from lscp.schemas import DocumentResult`` what
that model needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

_EXPORTS: dict[str, tuple[str, ...]] = {
    "document": ("Block", "BlockKind", "Document", "Page", "WordBox"),
    "errors": (
        "DocumentTimeout", "EmptyDocument", "EncryptedDocument", "ExtractError", "MalformedDocument", "StageError",
        "UnsupportedFormat",
    ),
    "facts": (
        "FACT_MODELS", "Evidence", "Fact", "FigureFact", "FinanceFact", "PartnerFact", "PersonFact", "PriorityFact",
        "ReportFact", "ReviewFact", "ThemeFact", "fact_adapter",
    ),
    "periods": (
        "YEAR_LABEL", "financial_year", "financial_years", "period", "reporting_periods", "short_financial_year",
        "year_label",
    ),
    "mentions": (
        "MENTION_MODELS", "FigureMention", "FinanceMention", "Mention", "PartnerMention", "PersonMention",
        "PriorityMention", "ReportMention", "ReviewMention", "ThemeMention",
    ),
    "records": ("DocumentResult", "PageText", "Rejection"),
    "taxonomy": ("Metric", "Theme", "metrics", "themes"),
    "vocab": (
        "Comparator", "Direction", "DocumentKind", "FactKind", "OrgType", "PartnerRole", "PersonRole", "ReviewStatus",
        "ReviewType", "Status", "Unit",
    ),
}  # fmt: skip
"""Module -> the names the package exports from it."""

_MODULE_OF: dict[str, str] = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = sorted(_MODULE_OF)


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # found directly from now on
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


if TYPE_CHECKING:  # what type checkers and editors see: the same names, imported at once
    from .document import Block, BlockKind, Document, Page, WordBox
    from .errors import (
        DocumentTimeout, EmptyDocument, EncryptedDocument, ExtractError, MalformedDocument, StageError,
        UnsupportedFormat,
    )
    from .facts import (
        FACT_MODELS, Evidence, Fact, FigureFact, FinanceFact, PartnerFact, PersonFact, PriorityFact, ReportFact,
        ReviewFact, ThemeFact, fact_adapter,
    )
    from .mentions import (
        MENTION_MODELS, FigureMention, FinanceMention, Mention, PartnerMention, PersonMention, PriorityMention,
        ReportMention, ReviewMention, ThemeMention,
    )
    from .periods import YEAR_LABEL, financial_year, financial_years, period, reporting_periods, short_financial_year, year_label
    from .records import DocumentResult, PageText, Rejection
    from .taxonomy import Metric, Theme, metrics, themes
    from .vocab import (
        Comparator, Direction, DocumentKind, FactKind, OrgType, PartnerRole, PersonRole, ReviewStatus, ReviewType, Status,
        Unit,
    )
