"""Scoring extracted facts against an answer file, by the rules of the contract's scoring.md.

Per document and kind, extracted facts are matched one-to-one to answer facts:
a greedy pass takes the best pairs first (exact before alike, closer before
farther), then augmenting paths make the matching maximum, so that no answer
fact is missed only because a greedy choice took its partner.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz

from lscp.schemas import Evidence, FactKind

KINDS: tuple[str, ...] = tuple(kind.value for kind in FactKind)
EVIDENCE_FIELDS: tuple[str, ...] = tuple(Evidence.model_fields)

NAME_ALIKE = 90.0  # token-set similarity for partnership, case and organisation/person names
COUNTERPARTY_ALIKE = 85.0  # token-set similarity for finance counterparties
VALUE_REL_TOL = 0.005  # figure values: within 0.5 % of the answer ...
VALUE_ABS_TOL = 0.05  # ... or within 0.05
AMOUNT_TOL = 1.0  # finance amounts: within £1
SENTENCE_WIDTH = 160  # sentence length shown in the detail listing

ATTRIBUTES: dict[str, tuple[str, ...]] = {"review": ("status",), "partner": ("org_type", "role")}
"""Fields scored apart, as the share of matched facts that have them right."""

Fact = dict[str, Any]
Score = tuple[float, ...]


# ---------------------------------------------------------------- reading


def load_jsonl(path: Path | str) -> list[Fact]:
    """The JSON objects of a JSONL file; blank lines are skipped, bad lines raise ValueError."""
    facts = []
    with open(path, encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                facts.append(_parse_line(path, number, line))
    return facts


def _parse_line(path: Path | str, number: int, line: str) -> Fact:
    try:
        value = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}, line {number}: not valid JSON ({exc.msg})") from exc
    if not isinstance(value, dict):
        raise ValueError(f"{path}, line {number}: expected a JSON object, got {type(value).__name__}")
    return value


# ---------------------------------------------------------------- report


@dataclass
class Counts:
    """Answer, extracted and matched facts, with precision, recall and F1."""

    gold: int = 0
    extracted: int = 0
    matched: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


@dataclass
class Accuracy:
    """How many matched facts have an attribute right."""

    right: int = 0
    total: int = 0

    @property
    def value(self) -> float | None:
        return self.right / self.total if self.total else None


@dataclass
class ScoreReport:
    """Per-kind counts, attribute accuracies, and the facts that did not match."""

    kinds: dict[str, Counts]
    attributes: dict[str, Accuracy] = field(default_factory=dict)
    misses: list[Fact] = field(default_factory=list)
    spurious: list[Fact] = field(default_factory=list)
    mismatches: list[Fact] = field(default_factory=list)

    @property
    def overall(self) -> Counts:
        return Counts(
            gold=sum(counts.gold for counts in self.kinds.values()),
            extracted=sum(counts.extracted for counts in self.kinds.values()),
            matched=sum(counts.matched for counts in self.kinds.values()),
        )


# ---------------------------------------------------------------- match rules


def _normal(text: Any) -> str:
    return "" if text is None else str(text).lower().replace("&", "and")


def similarity(a: Any, b: Any) -> float:
    """Token-set similarity (0-100) after lower-casing and ``&`` -> ``and``."""
    return fuzz.token_set_ratio(_normal(a), _normal(b))


def _alike(a: Any, b: Any, threshold: float) -> Score | None:
    """(exact, similarity) when alike, else None."""
    if _normal(a) == _normal(b):
        return (1.0, 100.0)
    score = similarity(a, b)
    return (0.0, score) if score >= threshold else None


def _number(value: Any) -> float | None:
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) else None


def _gap(a: Any, b: Any) -> float | None:
    x, y = _number(a), _number(b)
    return None if x is None or y is None else abs(x - y)


def _equal(e: Fact, g: Fact, *names: str) -> bool:
    return all(e.get(name) == g.get(name) for name in names)


def _report(e: Fact, g: Fact) -> Score | None:
    if not _equal(e, g, "document_kind", "reporting_year"):
        return None
    return _alike(e.get("partnership"), g.get("partnership"), NAME_ALIKE)


def _figure(e: Fact, g: Fact) -> Score | None:
    if not _equal(e, g, "metric", "breakdown", "comparator"):
        return None
    if g.get("area") is not None and str(e.get("area")).casefold() != str(g["area"]).casefold():
        return None
    gap, answer = _gap(e.get("value"), g.get("value")), _number(g.get("value"))
    if gap is None or gap > max(VALUE_ABS_TOL, VALUE_REL_TOL * abs(answer)):
        return None
    return (float(gap == 0), -gap)


def _review(e: Fact, g: Fact) -> Score | None:
    if not _equal(e, g, "review_type"):
        return None
    alike = _alike(e.get("case_name"), g.get("case_name"), NAME_ALIKE)
    return None if alike is None else (*alike, float(_equal(e, g, "status")))


def _partner(e: Fact, g: Fact) -> Score | None:
    alike = _alike(e.get("name"), g.get("name"), NAME_ALIKE)
    return None if alike is None else (*alike, float(_equal(e, g, "org_type") + _equal(e, g, "role")))


def _person(e: Fact, g: Fact) -> Score | None:
    return _alike(e.get("name"), g.get("name"), NAME_ALIKE) if _equal(e, g, "role") else None


def _theme(e: Fact, g: Fact) -> Score | None:
    return (1.0,) if _equal(e, g, "theme") else None


def _priority(e: Fact, g: Fact) -> Score | None:
    return (float(_equal(e, g, "period")),) if _equal(e, g, "theme") else None


def _finance(e: Fact, g: Fact) -> Score | None:
    gap = _gap(e.get("amount_gbp"), g.get("amount_gbp"))
    if not _equal(e, g, "direction") or gap is None or gap > AMOUNT_TOL:
        return None
    alike = _alike(e.get("counterparty"), g.get("counterparty"), COUNTERPARTY_ALIKE)
    return None if alike is None else (float(alike[0] == 1.0 and gap == 0), alike[1], -gap)


RULES: dict[str, Callable[[Fact, Fact], Score | None]] = {
    "report": _report,
    "figure": _figure,
    "review": _review,
    "partner": _partner,
    "person": _person,
    "theme": _theme,
    "priority": _priority,
    "finance": _finance,
}
"""Per kind: None when an extracted fact cannot match an answer fact, else a score (higher is better)."""


# ---------------------------------------------------------------- matching


def match(extracted: list[Fact], gold: list[Fact], rule: Callable[[Fact, Fact], Score | None]) -> dict[int, int]:
    """A maximum one-to-one matching, answer index -> extracted index; best pairs first."""
    candidates = [
        (score, i, j)
        for i, e in enumerate(extracted)
        for j, g in enumerate(gold)
        if (score := rule(e, g)) is not None
    ]
    candidates.sort(key=lambda c: (tuple(-s for s in c[0]), c[1], c[2]))
    adjacency: dict[int, list[int]] = {}
    owner: dict[int, int] = {}
    taken: set[int] = set()
    for _, i, j in candidates:
        adjacency.setdefault(i, []).append(j)
        if i not in taken and j not in owner:
            owner[j] = i
            taken.add(i)
    for i in sorted(set(adjacency) - taken):
        _augment(i, adjacency, owner, set())
    return owner


def _augment(i: int, adjacency: dict[int, list[int]], owner: dict[int, int], seen: set[int]) -> bool:
    """Kuhn's step: find an answer for extracted fact ``i``, moving earlier pairs along if needed."""
    for j in adjacency[i]:
        if j in seen:
            continue
        seen.add(j)
        if j not in owner or _augment(owner[j], adjacency, owner, seen):
            owner[j] = i
            return True
    return False


# ---------------------------------------------------------------- scoring


def score(extracted: Iterable[Fact], gold: Iterable[Fact]) -> ScoreReport:
    """Score ``extracted`` against ``gold``: only covered documents and kinds count."""
    covers, answers = _read_gold(gold)
    found = _group(extracted, covers)
    covered = [kind for kind in KINDS if any(kind in kinds for kinds in covers.values())]
    report = ScoreReport(
        kinds={kind: Counts() for kind in covered},
        attributes={f"{kind}.{name}": Accuracy() for kind in covered for name in ATTRIBUTES.get(kind, ())},
    )
    for doc, kinds in covers.items():
        for kind in covered:
            if kind in kinds:
                _score_group(report, kind, found.get((doc, kind), []), answers.get((doc, kind), []))
    return report


def _read_gold(gold: Iterable[Fact]) -> tuple[dict[str, set[str]], dict[tuple[str, str], list[Fact]]]:
    """Covered kinds per document, and answer facts per (document, kind)."""
    covers: dict[str, set[str]] = {}
    facts: list[Fact] = []
    for fact in gold:
        if fact.get("kind") == "covers":
            covers.setdefault(fact["doc"], set()).update(fact.get("kinds", []))
        else:
            facts.append(fact)
    return covers, _group(facts, covers)


def _group(facts: Iterable[Fact], covers: dict[str, set[str]]) -> dict[tuple[str, str], list[Fact]]:
    groups: dict[tuple[str, str], list[Fact]] = {}
    for fact in facts:
        doc, kind = fact.get("doc"), fact.get("kind")
        if kind in covers.get(doc, ()):
            groups.setdefault((doc, kind), []).append(fact)
    return groups


def _score_group(report: ScoreReport, kind: str, extracted: list[Fact], gold: list[Fact]) -> None:
    pairs = match(extracted, gold, RULES[kind])
    counts = report.kinds[kind]
    counts.gold += len(gold)
    counts.extracted += len(extracted)
    counts.matched += len(pairs)
    for j, i in sorted(pairs.items()):
        _score_attributes(report, kind, extracted[i], gold[j])
    report.misses.extend(fact for j, fact in enumerate(gold) if j not in pairs)
    used = set(pairs.values())
    report.spurious.extend(fact for i, fact in enumerate(extracted) if i not in used)


def _score_attributes(report: ScoreReport, kind: str, extracted: Fact, answer: Fact) -> None:
    for name in ATTRIBUTES.get(kind, ()):
        accuracy = report.attributes[f"{kind}.{name}"]
        accuracy.total += 1
        if extracted.get(name) == answer.get(name):
            accuracy.right += 1
        else:
            report.mismatches.append({"field": name, "answer": answer, "extracted": extracted})


# ---------------------------------------------------------------- output


def to_dict(report: ScoreReport) -> dict[str, Any]:
    """The report as plain JSON-ready data."""
    return {
        "kinds": {kind: _counts_dict(counts) for kind, counts in report.kinds.items()},
        "overall": _counts_dict(report.overall),
        "attributes": {
            name: {"right": acc.right, "total": acc.total, "accuracy": acc.value}
            for name, acc in report.attributes.items()
        },
        "misses": report.misses,
        "spurious": report.spurious,
        "mismatches": report.mismatches,
    }


def _counts_dict(counts: Counts) -> dict[str, Any]:
    return {
        "gold": counts.gold,
        "extracted": counts.extracted,
        "matched": counts.matched,
        "precision": counts.precision,
        "recall": counts.recall,
        "f1": counts.f1,
    }


def format_table(report: ScoreReport) -> str:
    """Per-kind and overall counts with P/R/F1, then the attribute accuracies, as aligned text."""
    rows = [["kind", "gold", "extracted", "matched", "P", "R", "F1"]]
    rows += [_counts_row(kind, counts) for kind, counts in report.kinds.items()]
    rows.append(_counts_row("overall", report.overall))
    lines = _aligned(rows)
    if report.attributes:
        accuracy = [["attribute", "right", "total", "accuracy"]]
        accuracy += [[name, str(a.right), str(a.total), _ratio(a.value)] for name, a in report.attributes.items()]
        lines += ["", *_aligned(accuracy)]
    return "\n".join(lines)


def _counts_row(label: str, counts: Counts) -> list[str]:
    numbers = [str(counts.gold), str(counts.extracted), str(counts.matched)]
    return [label, *numbers, _ratio(counts.precision), _ratio(counts.recall), _ratio(counts.f1)]


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _aligned(rows: list[list[str]]) -> list[str]:
    """First column left-aligned, the others right-aligned."""
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in zip(row[1:], widths[1:])]
        lines.append("  ".join(cells))
    return lines


def format_detail(report: ScoreReport) -> str:
    """Misses, spurious facts and wrong attributes, grouped by document and kind, with evidence."""
    groups: dict[tuple[str, str], list[str]] = {}
    for label, facts in (("missed", report.misses), ("spurious", report.spurious)):
        for fact in facts:
            groups.setdefault(_group_key(fact), []).append(f"  {label:<9}{_describe(fact)}")
    for wrong in report.mismatches:
        extracted, answer = wrong["extracted"], wrong["answer"]
        line = f"  {'wrong':<9}{wrong['field']}: {extracted.get(wrong['field'])} (answer {answer.get(wrong['field'])})"
        groups.setdefault(_group_key(answer), []).append(f"{line} for {_describe(answer)}")
    lines = []
    for doc, kind in sorted(groups, key=lambda key: (str(key[0]), KINDS.index(key[1]))):
        lines += [f"{doc} / {kind}", *groups[(doc, kind)]]
    return "\n".join(lines)


def _group_key(fact: Fact) -> tuple[str, str]:
    return fact["doc"], fact["kind"]


def _describe(fact: Fact) -> str:
    """The fact's own fields (nulls left out), then its evidence when it has any."""
    hidden = {"doc", "kind", *EVIDENCE_FIELDS}
    shown = [(name, value) for name, value in fact.items() if name not in hidden and value is not None]
    text = " ".join(f"{name}={json.dumps(value, ensure_ascii=False)}" for name, value in shown)
    evidence = _evidence(fact)
    return f"{text}  [{evidence}]" if evidence else text


def _evidence(fact: Fact) -> str:
    parts = []
    if fact.get("page") is not None:
        parts.append(f"p. {fact['page']}")
    if fact.get("rule"):
        parts.append(f"rule {fact['rule']}")
    if fact.get("sentence"):
        parts.append(json.dumps(shorten(fact["sentence"]), ensure_ascii=False))
    return ", ".join(parts)


def shorten(text: str, width: int = SENTENCE_WIDTH) -> str:
    """Whitespace collapsed; cut to ``width`` characters with an ellipsis."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= width else flat[: width - 1].rstrip() + "…"
