"""Scoring extracted facts against a hand-made answer file, as the contract's scoring.md says."""

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
    "Counts",
    "ScoreReport",
    "at_thresholds",
    "format_detail",
    "format_table",
    "format_thresholds",
    "judged",
    "load_jsonl",
    "score",
    "thresholds_dict",
    "to_dict",
]
