"""Scoring extracted facts against a hand-made answer file, as the contract's scoring.md says."""

from .audit import AuditScore, audit_answers, audit_to_dict, format_audit, score_audit
from .confidence import THRESHOLDS, at_thresholds, format_thresholds, judged, thresholds_dict
from .scoring import (
    Accuracy,
    Counts,
    ScoreReport,
    format_detail,
    format_table,
    load_jsonl,
    score,
    to_dict,
)

__all__ = [
    "THRESHOLDS",
    "Accuracy",
    "AuditScore",
    "Counts",
    "ScoreReport",
    "at_thresholds",
    "audit_answers",
    "audit_to_dict",
    "format_audit",
    "format_detail",
    "format_table",
    "format_thresholds",
    "judged",
    "load_jsonl",
    "score",
    "score_audit",
    "thresholds_dict",
    "to_dict",
]
