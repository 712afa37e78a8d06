"""Scoring the audit against hand-made audit answers (lines ``{"doc", "kind": "audit", "requirement", "status"}``):
precision and recall per answer value (met, partly, not_found) and overall accuracy."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

STATUSES = ("met", "partly", "not_found")


@dataclass
class AuditScore:
    pairs: list[tuple[str, str, str, str | None]] = field(default_factory=list)  # doc, requirement, answer, audited

    @property
    def total(self) -> int:
        return len(self.pairs)

    @property
    def correct(self) -> int:
        return sum(1 for *_, answer, got in self.pairs if answer == got)

    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None

    def per_value(self) -> dict[str, dict[str, Any]]:
        out = {}
        for value in STATUSES:
            tp = sum(1 for *_, a, g in self.pairs if a == value and g == value)
            predicted = sum(1 for *_, a, g in self.pairs if g == value)
            gold = sum(1 for *_, a, g in self.pairs if a == value)
            out[value] = {
                "gold": gold, "audited": predicted, "correct": tp,
                "precision": tp / predicted if predicted else None,
                "recall": tp / gold if gold else None,
            }
        return out

    def misses(self) -> list[tuple[str, str, str, str | None]]:
        return [pair for pair in self.pairs if pair[2] != pair[3]]


def audit_answers(lines: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """The audit lines of an answer file (other lines are facts for the fact scoring)."""
    return [line for line in lines if line.get("kind") == "audit"]


def score_audit(audited: Iterable[tuple[str, str, str]], answers: Iterable[dict[str, Any]]) -> AuditScore:
    """Compare (doc, requirement, status) rows with the answers; an answered requirement with no row counts as wrong."""
    found = {(doc, requirement): status for doc, requirement, status in audited}
    score = AuditScore()
    for answer in answers:
        key = (answer["doc"], answer["requirement"])
        score.pairs.append((key[0], key[1], answer["status"], found.get(key)))
    return score


def audit_to_dict(score: AuditScore) -> dict[str, Any]:
    return {"answers": score.total, "correct": score.correct, "accuracy": score.accuracy, "per_value": score.per_value()}


def format_audit(score: AuditScore, *, detail: bool = False) -> str:
    def ratio(value: float | None) -> str:
        return "-" if value is None else f"{value:.3f}"

    lines = ["", "audit (met / partly / not_found against the hand answers)", f"{'value':<10} {'gold':>5} {'audited':>8} {'precision':>9} {'recall':>7}"]
    for value, counts in score.per_value().items():
        lines.append(f"{value:<10} {counts['gold']:>5} {counts['audited']:>8} {ratio(counts['precision']):>9} {ratio(counts['recall']):>7}")
    lines.append(f"accuracy {ratio(score.accuracy)} ({score.correct} of {score.total})")
    if detail:
        for doc, requirement, answer, got in score.misses():
            lines.append(f"  {doc}  {requirement}: answer {answer}, audit {got or 'no row'}")
    return "\n".join(lines)
