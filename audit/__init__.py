"""The statutory audit of a yearly report: which requirements of Working Together (2018, 2023) and which
questions of the national Panel's analyses the report meets, with the sentence that shows it."""

from .requirements import (
    CueSet,
    Requirement,
    Requirements,
    RequirementsError,
    load_requirements,
    parse_requirements,
    requirements_text,
)
from .rules import audit_document, is_annual_report, prepare

__all__ = [
    "CueSet",
    "Requirement",
    "Requirements",
    "RequirementsError",
    "audit_document",
    "is_annual_report",
    "load_requirements",
    "parse_requirements",
    "prepare",
    "requirements_text",
]
