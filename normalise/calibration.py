"""How far to trust a fact: the measured precision of the rule that produced it.

`normalise/data/confidence.tsv` holds, per key, how many facts a rule produced on the answer sets it
was measured on (`scripts/calibrate.py`: the regression set, the samples, the tune half of the
held-out set and the corpus) and how many of them were right. A key is the rule id, optionally
qualified by what the fact says (`figure.sentence|comparator`, `partner.named|funder`): the most
specific key measured is used, then the rule alone, then the rule's prefixes, then the fact kind.
Confidence is the lower end of the Wilson interval of the share right (one-sided 90 %, z = 1.28):
the rules were written against some of these sets, where they are right more often than on documents
they have not seen, and a rule measured on few facts should not be trusted as much as one measured on
many.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from typing import Any

FILE = "confidence.tsv"
COLUMNS = ("key", "facts", "right", "confidence")
DEFAULT = 0.5
OCR_FACTOR = 0.85
"""Facts read from OCR text are trusted less: their confidence is multiplied by this."""


Z = 1.28


def smoothed(right: int, facts: int) -> float:
    """The lower end of the Wilson score interval for ``right`` of ``facts`` (0.5 when nothing was measured)."""
    if facts <= 0:
        return DEFAULT
    share = right / facts
    z2 = Z * Z
    centre = share + z2 / (2 * facts)
    spread = Z * ((share * (1 - share) + z2 / (4 * facts)) / facts) ** 0.5
    return round(max(0.0, (centre - spread) / (1 + z2 / facts)), 3)


@cache
def table() -> dict[str, float]:
    """key -> confidence, from the shipped file (empty when it is missing)."""
    try:
        text = resources.files("lscp.normalise").joinpath("data", FILE).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}
    rows = list(csv.DictReader(text.splitlines(), delimiter="\t"))
    out: dict[str, float] = {}
    for number, row in enumerate(rows, start=2):
        try:
            value = float(row["confidence"])
        except (KeyError, TypeError, ValueError):
            raise ValueError(f"{FILE}, line {number}: no confidence") from None
        if not 0.0 <= value <= 1.0 or not row.get("key"):
            raise ValueError(f"{FILE}, line {number}: a confidence is a number from 0 to 1 with a key")
        out[row["key"]] = value
    return out


def qualifier(kind: str, fields: dict[str, Any]) -> str | None:
    """What a fact says that changes how often its rule is right: a figure's comparator, a partner's or
    person's role, a review's status."""
    if kind == "figure":
        return fields.get("comparator") or "own"
    if kind in ("partner", "person"):
        return fields.get("role")
    if kind == "review":
        return fields.get("review_type")
    return None


def keys(kind: str, rule: str | None, fields: dict[str, Any]) -> list[str]:
    """The keys to look up, most specific first."""
    out: list[str] = []
    if rule:
        extra = qualifier(kind, fields)
        if extra:
            out.append(f"{rule}|{extra}")
        parts = rule.split(".")
        out += [".".join(parts[:n]) for n in range(len(parts), 0, -1)]
    out.append(kind)
    return list(dict.fromkeys(out))


def confidence(kind: str, rule: str | None, fields: dict[str, Any], *, ocr: bool = False) -> float:
    known = table()
    value = next((known[key] for key in keys(kind, rule, fields) if key in known), DEFAULT)
    return round(value * OCR_FACTOR, 3) if ocr else value
