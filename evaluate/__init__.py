"""Scoring extracted facts against a hand-made answer file, as the contract's scoring.md says."""

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

__all__ = ["Accuracy", "Counts", "ScoreReport", "format_detail", "format_table", "load_jsonl", "score", "to_dict"]
