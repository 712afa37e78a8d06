"""Scoring extracted facts against a hand-made answer file, as the contract's scoring.md says."""

from .audit import AuditScore, audit_answers, audit_to_dict, format_audit, score_audit
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
    "AuditScore",
    "audit_answers",
    "audit_to_dict",
    "format_audit",
    "score_audit",
    "Accuracy", "Counts", "ScoreReport", "format_detail", "format_table", "load_jsonl", "score", "to_dict"]
