"""Scores at confidence thresholds, and which extracted facts were right (to measure each rule's precision)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from .scoring import Counts, Fact, _group, _read_gold, score

THRESHOLDS: tuple[float, ...] = (0.5, 0.8)


def judged(extracted: Iterable[Fact], gold: Iterable[Fact]) -> list[tuple[Fact, bool]]:
    """Every extracted fact of a covered document and kind, with whether it matched an answer."""
    extracted, gold = list(extracted), list(gold)
    report = score(extracted, gold)
    wrong = {id(fact) for fact in report.spurious}
    covers, _ = _read_gold(gold)
    covered = [fact for group in _group(extracted, covers).values() for fact in group]
    return [(fact, id(fact) not in wrong) for fact in covered]


def at_thresholds(extracted: Iterable[Fact], gold: Iterable[Fact], thresholds: Sequence[float] = THRESHOLDS) -> dict[float, Counts]:
    """Overall counts when only facts with ``confidence >= t`` are kept, for each threshold t.

    A fact without a confidence counts as 0 (kept only at threshold 0)."""
    extracted, gold = list(extracted), list(gold)
    out: dict[float, Counts] = {}
    for threshold in thresholds:
        kept = [fact for fact in extracted if (fact.get("confidence") or 0.0) >= threshold]
        out[threshold] = score(kept, gold).overall
    return out


def format_thresholds(counts: dict[float, Counts]) -> str:
    lines = [f"{'confidence':<12}{'kept':>9}{'matched':>9}{'P':>7}{'R':>7}{'F1':>7}"]
    for threshold, c in counts.items():
        lines.append(f">= {threshold:<9.2f}{c.extracted:>9}{c.matched:>9}{c.precision:>7.3f}{c.recall:>7.3f}{c.f1:>7.3f}")
    return "\n".join(lines)


def thresholds_dict(counts: dict[float, Counts]) -> dict[str, dict]:
    return {
        f"{threshold:g}": {"extracted": c.extracted, "matched": c.matched, "precision": c.precision, "recall": c.recall, "f1": c.f1}
        for threshold, c in counts.items()
    }
