"""Figures: a number tied to the metric its sentence, call-out or table row names.

A number is paired with the nearest metric cue that fits its unit, preferring a cue
right after it ("634 missing episodes") over one before it ("referrals ... was 6,953").
Comparator cues (last year, national, London, statistical neighbours, an earlier year)
in the clause before the number mark figures quoted for comparison.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from schemas import Mention, metrics

from .context import DocContext
from .numbers import NumberHit, find_numbers
from .segments import Segment

MAX_GAP_AFTER = 45  # characters between a number and a cue that follows it
MAX_GAP_BEFORE = 110  # characters between a cue and a number that follows it
COMPARATOR_WINDOW = 60
_CLAUSE_BREAK = re.compile(r"[;:]|\.\s|\bwhile\b|\bwhereas\b|\bcompared (to|with)\b", re.I)
_YEAR_EXPR = re.compile(r"\b(20\d\d)\s*[-/–]\s*(20)?(\d\d)\b")
_SUBJECT_NOUN_AFTER = re.compile(r"^\s*(individual\s+)?(children|young people|child|cases|families)\b", re.I)


@cache
def _variant_data() -> dict:
    text = resources.files("extract").joinpath("patterns", "metric_variants.json").read_text(encoding="utf-8")
    data = json.loads(text)
    known = metrics()
    pairs = [(cue, m) for cue, table in data.items() if not cue.startswith("_") for m in table.values()]
    pairs += [(g, m) for g, ms in data["_specific"].items() for m in ms]
    pairs += list(data["_counted_children"].items())
    for cue, metric in pairs:
        if cue not in known or metric not in known:
            raise ValueError(f"metric_variants.json: unknown metric in {cue} -> {metric}")
    return data


def metric_variants() -> dict[str, dict[str, str]]:
    return {cue: table for cue, table in _variant_data().items() if not cue.startswith("_")}


def resolve_metric(cue_metric: str, unit: str) -> str | None:
    """The metric a cue names for a number of this unit, or None when they do not fit."""
    expected = metrics()[cue_metric].unit.value
    if expected == unit or (expected == "gbp" and unit == "count"):
        return cue_metric
    return metric_variants().get(cue_metric, {}).get(unit)


def _specialise(metric: str, number: NumberHit, cues: list[_Cue]) -> str:
    """'Youth Early Help received 565 referrals': the specific metric named in the same clause wins."""
    specific = _variant_data()["_specific"].get(metric, [])
    for cue in cues:
        if cue.metric in specific and abs(cue.start - number.start) <= 60 and resolve_metric(cue.metric, number.unit):
            return cue.metric
    return metric


@dataclass
class _Cue:
    start: int
    end: int
    metric: str


def _cues(seg: Segment) -> list[_Cue]:
    base = seg.sent.start_char if seg.sent is not None else 0
    return [_Cue(s.start_char - base, s.end_char - base, s.id_) for s in seg.spans("metric")]


def _span_ids(seg: Segment, key: str, label: str) -> list[tuple[int, int, str]]:
    base = seg.sent.start_char if seg.sent is not None else 0
    return [(s.start_char - base, s.end_char - base, s.id_) for s in seg.spans(key) if s.label_ == label]


def figures_in_segment(seg: Segment, ctx: DocContext, carry: dict | None = None) -> list[Mention]:
    """Figure mentions of one sentence; ``carry`` holds the last metric seen, for comparison clauses."""
    text = seg.text
    numbers = find_numbers(text)
    if not numbers:
        return []
    cues = _cues(seg)
    comparators = _span_ids(seg, "cue", "COMPARATOR")
    breakdowns = _span_ids(seg, "cue", "BREAKDOWN")
    out: list[Mention] = []
    if seg.synthetic:
        # a call-out: only the number standing alone is read here; its label is read as its own sentence
        numbers = [n for n in numbers if n.start == 0 or n.end >= len(text.rstrip())]
    subset = bool(re.match(r"^\s*of\s+\d", text, re.I))  # "Of 104 new plans ..., 54 (48%) ...": a breakdown of a subset
    for number in numbers:
        if subset or (number.from_words and not _cue_right_after(number, cues, text)):
            continue
        choice = _pick_metric(number, numbers, cues, text)
        rule = "figure.sentence"
        comparator = _comparator(number, numbers, comparators, text, ctx)
        carried_unit = carry.get("unit") if carry and seg.block_index - carry.get("block", -9) <= 2 else None
        if choice is None and comparator and carried_unit and (number.unit == carried_unit or (carried_unit == "rate_per_10k" and number.unit == "count")):
            choice = carry["metric"]
            rule = "figure.comparison_carry"
        if choice is None:
            choice = _category_share(number, seg, breakdowns)
            rule = "figure.category_share"
        if choice is None:
            continue
        breakdown = _breakdown(choice, number, breakdowns, text, seg)
        if choice == "cp_category_pct" and breakdown is None:
            continue
        attrs = _figure_attrs(choice, number, comparator, ctx.area_for(seg, number.start), breakdown)
        if seg.synthetic:
            out.append(seg.mention("FIGURE", 0, 0, rule + ".callout", **attrs))
        else:
            base = seg.sent.start_char if seg.sent is not None else 0
            out.append(seg.mention("FIGURE", base + number.start, base + number.end, rule, **attrs))
        if carry is not None and comparator is None:
            carry.update(metric=choice, unit=metrics()[choice].unit.value, block=seg.block_index)
    return out


def _figure_attrs(metric: str, number: NumberHit, comparator: str | None, area: str | None, breakdown: str | None) -> dict:
    return {
        "metric": metric,
        "number": number.text,
        "value": number.value,
        "unit": metrics()[metric].unit.value,
        "comparator": comparator,
        "area": area,
        "breakdown": breakdown,
    }


def _cue_right_after(number: NumberHit, cues: list[_Cue], text: str) -> bool:
    return any(0 <= c.start - number.end <= 25 and not re.search(r"[.;:]", text[number.end : c.start]) for c in cues)


def _pick_metric(number: NumberHit, numbers: list[NumberHit], cues: list[_Cue], text: str) -> str | None:
    best: tuple[float, str] | None = None
    for cue in cues:
        metric = resolve_metric(cue.metric, number.unit)
        if metric is None:
            continue
        if cue.start >= number.end:
            gap = text[number.end : cue.start]
            if len(gap) > MAX_GAP_AFTER or _CLAUSE_BREAK.search(gap) or _has_number_between(numbers, number.end, cue.start):
                continue
            score = len(gap)
        elif cue.end <= number.start:
            gap = text[cue.end : number.start]
            if len(gap) > MAX_GAP_BEFORE or re.search(r";|\.\s", gap) or _has_number_between(numbers, cue.end, number.start):
                continue
            if _SUBJECT_NOUN_AFTER.match(text[number.end :]) and metrics()[metric].unit.value == "count":
                # "634 missing episodes relating to 167 children": the number counts children, not the cue's thing
                metric = _variant_data()["_counted_children"].get(metric)
                if metric is None:
                    continue
            score = 8 + len(gap) * 1.3
        else:
            continue
        if best is None or score < best[0]:
            best = (score, metric)
    return _specialise(best[1], number, cues) if best else None


def _has_number_between(numbers: list[NumberHit], start: int, end: int) -> bool:
    return any(start <= n.start and n.end <= end for n in numbers)


def _comparator(number: NumberHit, numbers: list[NumberHit], comparators, text: str, ctx: DocContext) -> str | None:
    """A comparator cue in the clause just before the number (or right after it, in brackets)."""
    right_after = _YEAR_EXPR.search(text[number.end : number.end + 16])
    if right_after and ctx.reporting_year and re.match(r"^\s*(in|during|for|\()?\s*$", text[number.end : number.end + right_after.start()]):
        year = f"{right_after.group(1)}-{right_after.group(3)}"
        return "previous_year" if year < ctx.reporting_year else None
    window_start = max(0, number.start - COMPARATOR_WINDOW)
    previous = [n for n in numbers if n.end <= number.start]
    if previous:
        window_start = max(window_start, previous[-1].end)
    before = text[window_start : number.start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    offset = window_start + (breaks[-1].end() if breaks else 0)
    best: tuple[int, str] | None = None
    for start, end, cid in comparators:
        if offset <= start and end <= number.start:
            distance = number.start - end
            if best is None or distance < best[0]:
                best = (distance, cid)
    if best:
        return best[1]
    for match in _YEAR_EXPR.finditer(text[offset : number.start]):
        year = f"{match.group(1)}-{match.group(3)}"
        if ctx.reporting_year and year < ctx.reporting_year:
            return "previous_year"
    after = text[number.end : number.end + 40]
    for start, end, cid in comparators:
        if number.end <= start < number.end + 40 and re.match(r"^\s*\(", after) and cid != "regional":
            return cid
    return None


def _category_share(number: NumberHit, seg: Segment, breakdowns) -> str | None:
    """'Emotional abuse made up 35%' in a passage about child protection: a category share."""
    if number.unit != "pct" or not breakdowns:
        return None
    if any(s.id_ not in ("cp_plans", "cp_category_pct", "cp_plans_started") for s in seg.spans("metric")):
        return None
    context = " ".join(seg.headings[-2:]) + " " + seg.text
    if re.search(r"child protection|categor|cp plan", context, re.I):
        near = [b for b in breakdowns if b[2] in ("neglect", "emotional_abuse", "physical_abuse", "sexual_abuse", "multiple")]
        if any(abs(b[0] - number.start) < 80 for b in near):
            return "cp_category_pct"
    return None


def _breakdown(metric: str, number: NumberHit, breakdowns, text: str, seg: Segment) -> str | None:
    wanted = {
        "cp_category_pct": {"neglect", "emotional_abuse", "physical_abuse", "sexual_abuse", "multiple"},
        "missing_episodes": {"from_home", "from_care"},
    }.get(metric)
    if not wanted:
        return None
    near = [b for b in breakdowns if b[2] in wanted]
    if metric == "missing_episodes" and (len({b[2] for b in near}) > 1 or re.search(r"home (or|and) care", text, re.I)):
        return None  # "missing from home or care": not split
    if not near:
        return None
    return min(near, key=lambda b: abs(b[0] - number.start))[2]


def _label_cues(seg: Segment, rows: list[list[str]]) -> list[list[str]]:
    """Per row, the metric cues the rulers found in its first two label cells (cells without numbers).

    The table block's text is its rows joined by newlines and its cells by tabs, so each cell's
    span in the already tagged doc is known and nothing is tagged twice.
    """
    cues = [(s.start_char, s.end_char, s.id_) for s in seg.spans("metric")]
    out: list[list[str]] = []
    offset = 0
    for row in rows:
        spans: list[tuple[int, int]] = []
        position = offset
        for cell in row:
            if cell and not find_numbers(cell) and len(spans) < 2:
                spans.append((position, position + len(cell)))
            position += len(cell) + 1
        out.append([ident for start, end, ident in cues if any(a <= start and end <= b for a, b in spans)])
        offset = position
    return out


def figures_in_table(seg: Segment, rows: list[list[str]], ctx: DocContext) -> list[Mention]:
    """A statistics table: a metric named in a row's first cells, values in the columns, headers saying year or area."""
    if len(rows) < 2:
        return []
    header = rows[0]
    out: list[Mention] = []
    for row, cue_ids in list(zip(rows, _label_cues(seg, rows)))[1:]:
        if not cue_ids:
            continue
        for col, cell in enumerate(row):
            hits = find_numbers(cell)
            if len(hits) != 1 or not cell.strip():
                continue
            hit = hits[0]
            head = header[col] if col < len(header) else ""
            comparator, area = ctx.column_meaning(head)
            if comparator == "skip":
                continue
            metric = next((m for m in (resolve_metric(c, hit.unit) for c in cue_ids) if m), None)
            if metric is None:
                continue
            attrs = _figure_attrs(metric, hit, comparator, area or ctx.area_for(seg, 0), None)
            out.append(seg.row_mention("FIGURE", cell, row, "figure.table", **attrs))
    return out
