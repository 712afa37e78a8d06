"""Figures in statistics tables: a metric named in a row's label (or in the title the table follows), values
in the columns, headers saying which year, area or comparison each column is."""

from __future__ import annotations

import re

from lscp.schemas import FigureMention, financial_year, metrics

from .context import DocContext
from .metrics import metric_cues, resolve_metric, span_ids, specific_of
from .numbers import NumberHit, find_numbers
from .segments import Segment, TaggedDocument

_NOT_LOCAL = ("national", "regional", "statistical_neighbour")
# a quarter or a month range: counts for part of the year, never answered
_QUARTER = re.compile(
    r"^\s*(q[1-4]\b|quarter\s*[1-4]\b|(jan|apr|jul|oct)[a-z]*\s*[-–]\s*(mar|jun|sep|dec)[a-z]*\b)", re.I
)
_NEIGHBOURS = re.compile(r"\bstat(istical|s?\.)?\s*(near(est)?\s+)?neighbo(u)?rs?\b|\bsimilar (areas|authorities)\b|\bcomparator", re.I)
# in a table with a column per council, the column for all of them is the partnership's own figure
_WHOLE = re.compile(r"^\s*(total|all|combined|overall|region|regional total|partnership|board|both)\b", re.I)
_YEAR_END = re.compile(r"\b(?:31(?:st)?\s+)?march\s+(20\d\d)\s*$", re.I)
_RATE_LABEL = re.compile(r"^\s*[-–—]?\s*(rate\s+)?per\s?(10,?000|10k)\b", re.I)
_CATEGORY = re.compile(r"categor|child protection|\bcp\b|\bplans?\b|registration", re.I)
_CATEGORIES = ("neglect", "emotional_abuse", "physical_abuse", "sexual_abuse", "multiple")


def column_meaning(head: str, ctx: DocContext, councils: set[str]) -> tuple[str | None, str | None]:
    """(comparator, area) of a column: 'skip' for quarter and change columns; a date at 31 March is the year
    it ends ('31 March 2017' in a report on 2017/18 is the previous year)."""
    if _QUARTER.match(head):
        return "skip", None
    if _NEIGHBOURS.search(head):
        return "statistical_neighbour", None
    council = next((c for c in councils if re.search(r"^\s*" + re.escape(c) + r"\b", head)), None)
    if council:
        return None, council
    end = _YEAR_END.search(head)
    if end and ctx.reporting_year and financial_year(head) is None:
        year = int(end.group(1))
        label = f"{year - 1}-{year % 100:02d}"
        if label < ctx.reporting_year:
            return ("previous_year" if year == int(ctx.reporting_year[:4]) else "skip"), None
        return (None if label == ctx.reporting_year else "skip"), None
    return ctx.column_meaning(head)


def _is_council(head: str, ctx: DocContext) -> bool:
    """A column headed by one of the partnership's areas, or by a place the document names a council of."""
    if not head or len(head) > 40 or not head[:1].isupper():
        return False
    if ctx.area_in(head) or head in ctx.areas:
        return True
    return ctx.names_council(head)


def _row_ids(spans: list[tuple[int, int, str]], rows: list[list[str]], labels: list[list[int]]) -> list[list[str]]:
    """Per row, the ids of the spans inside its label cells (the table block's text is its rows joined by
    newlines and its cells by tabs)."""
    out: list[list[str]] = []
    offset = 0
    for row, label_cols in zip(rows, labels):
        bounds = []
        position = offset
        for col, cell in enumerate(row):
            if col in label_cols:
                bounds.append((position, position + len(cell)))
            position += len(cell) + 1
        out.append([ident for start, end, ident in spans if any(a <= start and end <= b for a, b in bounds)])
        offset = position
    return out


def _label_cols(row: list[str]) -> list[int]:
    """The label cells of a row: the first two cells without numbers, and a first cell of words that holds a
    number of its own ('Assessments within 45 working days (%)')."""
    cols = [col for col, cell in enumerate(row) if cell.strip() and not find_numbers(cell)][:2]
    numbers = find_numbers(row[0]) if row else []
    if numbers and 0 not in cols and len(re.findall(r"[A-Za-z]{2,}", row[0])) >= 2 and re.search(r"[A-Za-z]{2,}", row[0][numbers[-1].end :]):
        cols = [0] + cols[:1]
    return cols


def _value(cell: str) -> NumberHit | None:
    """The one number of a cell; a bracket after it restates it ('8,115 (204.7 per 10,000)')."""
    hits = [h for h in find_numbers(cell, in_cell=True) if not h.from_words]
    if len(hits) > 1 and re.fullmatch(r"\s*\(.*\)\s*", cell[hits[0].end :], re.S):
        hits = hits[:1]
    return hits[0] if len(hits) == 1 else None


_BRACKET_AFTER = re.compile(r"^\s*\(\s*(?P<label>[^()\d:=]{2,30}?|[^():=]{0,30}?20\d\d(?:\s*[-/–]\s*(?:20)?\d\d)?)\s*[:=]\s*(?P<value>[^()]+?)\s*\)\s*$")


def _bracketed(cell: str, hit: NumberHit, ctx: DocContext) -> tuple[NumberHit, str] | None:
    """The labelled value in brackets after a cell's number, with what it compares: '251 (31 March 2017: 318)',
    '3,412 (2016-17: 3,655)', '42.6 (England: 45.3)'."""
    match = _BRACKET_AFTER.match(cell[hit.end :])
    if not match:
        return None
    label = match.group("label").strip()
    comparator = column_meaning(label, ctx, set())[0]
    date = re.search(r"\b(january|february|march|april|may|june|july|august|september|october|november|december)\s+(20\d\d)\b", label, re.I)
    if comparator is None and date and ctx.reporting_year:
        month = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"].index(date.group(1).lower()) + 1
        first, year = int(ctx.reporting_year[:4]), int(date.group(2))
        comparator = "previous_year" if (first - 1, 3) < (year, month) <= (first, 3) else None
    if comparator in (None, "skip"):
        return None
    offset = hit.end + match.start("value")
    values = [h for h in find_numbers(match.group("value")) if not h.from_words]
    if len(values) != 1:
        return None
    value = values[0]
    return NumberHit(offset + value.start, offset + value.end, value.text, value.value, hit.unit if value.unit == "count" else value.unit), comparator


def figures_in_table(seg: Segment, rows: list[list[str]], ctx: DocContext, lead: tuple[list[str], str] = ([], "")) -> list[FigureMention]:
    """A statistics table. ``lead`` holds the metric cues and text of the title line the table follows, for
    tables whose rows name no measure (a row of values under year headers, a row per category of plan)."""
    if len(rows) < 2:
        return []
    header = rows[0]
    first = 1
    if any(_value(cell) for cell in header[1:]):
        header, first = [""] * len(header), 0  # no header row: 'Neglect | 57%' first
    councils = {head.strip() for head in header if _is_council(head.strip(), ctx)}
    if len(councils) < 2:
        councils = set()  # one council's column is the partnership's own figure
    meanings = [column_meaning(head, ctx, councils) for head in header]
    area_columns = len({area for _, area in meanings if area}) >= 2
    if area_columns:
        meanings = [(None, None) if _WHOLE.match(head) and comparator == "regional" else (comparator, area)
                    for head, (comparator, area) in zip(header, meanings)]
    labels = [_label_cols(row) for row in rows]
    cue_ids = _row_ids([(c.start, c.end, c.metric) for c in metric_cues(seg)], rows, labels)
    kinds = _row_ids(span_ids(seg, "cue", "BREAKDOWN"), rows, labels)
    lead_ids, lead_text = lead
    categories = bool(_CATEGORY.search(lead_text + " " + " ".join(header) + " " + " ".join(seg.headings[-1:])))
    unlabelled = not any(cue_ids[first:]) and not any(kinds[first:])
    out: list[FigureMention] = []
    previous_ids: list[str] = []
    for index in range(first, len(rows)):
        row, ids, label_cols = rows[index], cue_ids[index], labels[index]
        label = " ".join(row[c] for c in label_cols)
        breakdown = None
        if not ids and previous_ids and _RATE_LABEL.match(label):
            ids = previous_ids  # '– per 10,000 children' under 'Children on plans'
        elif not ids and categories and [k for k in kinds[index] if k in _CATEGORIES]:
            ids, breakdown = ["cp_category_pct"], next(k for k in kinds[index] if k in _CATEGORIES)
        elif not ids and unlabelled and not label_cols:
            ids = lead_ids
        previous_ids = cue_ids[index] or previous_ids
        if not ids:
            continue
        for col, cell in enumerate(row):
            if col in label_cols or not cell.strip():
                continue
            hit = _value(cell)
            if hit is None:
                continue
            if hit.unit == "count" and re.search(r"per\s?(10,?000|10k)\b", label, re.I):
                hit = NumberHit(hit.start, hit.end, hit.text, hit.value, "rate_per_10k")  # "Child protection plans per 10,000 children"
            elif hit.unit == "count" and hit.value <= 100 and (
                re.search(r"%|\bper ?cent|\bpercentage\b|\bproportion\b", label, re.I) or (breakdown and "%" in " ".join(header))
            ):
                hit = NumberHit(hit.start, hit.end, hit.text, hit.value, "pct")  # "% of referrals that were re-referrals"
            if hit.unit == "count" and col < len(header) and re.fullmatch(r"\s*(?:%|per\s?cent|percentage|share)\s*", header[col], re.I):
                hit = NumberHit(hit.start, hit.end, hit.text, hit.value, "pct")  # "Total income | 164,000 | 100" under "£ | %": a share
            comparator, area = meanings[col] if col < len(meanings) else (None, None)
            if comparator == "skip":
                continue
            metric = next((m for m in (resolve_metric(c, hit.unit) for c in ids) if m), None)
            if metric is None or (breakdown and metric != "cp_category_pct"):
                continue
            area = None if comparator in _NOT_LOCAL or (area_columns and not area) else area or ctx.area_for(seg, 0)
            fields = {
                "metric": metric, "number": hit.text, "value": hit.value, "unit": metrics()[metric].unit.value,
                "comparator": comparator, "area": area, "breakdown": breakdown,
            }
            out.append(seg.row_mention(FigureMention, cell, row, "figure.table", **fields))
            bracket = _bracketed(cell, hit, ctx) if comparator is None else None
            if bracket and (metric_b := resolve_metric(metric, bracket[0].unit) or metric):
                fields = dict(fields, number=bracket[0].text, value=bracket[0].value, comparator=bracket[1],
                              area=None if bracket[1] in _NOT_LOCAL else fields["area"], metric=metric_b)
                out.append(seg.row_mention(FigureMention, cell, row, "figure.table", **fields))
    return out


# "Ynysfaen 118" / "Penllech 94" / "Region 212" under "Children on the child protection register at 31 March 2023"
_AREA_LINE = re.compile(r"^\s*(?P<label>[A-Z][A-Za-z'’ .-]{1,40}?)\s*[:|–-]?\s+(?P<n>\d[\d,]*)\s*\.?\s*$")
_WHOLE_LABEL = re.compile(r"^(?:the\s+)?(?:region|regional\s+total|total|all|overall|whole\s+region|both\s+areas)$", re.I)


def _area_label(ctx: DocContext, text: str) -> tuple[bool, str | None]:
    """Whether a line is '<area> N' or '<region/total> N', and the area it names."""
    line = _AREA_LINE.match(text)
    if line is None or len(line.group("label").split()) > 3:
        return False, None
    label = line.group("label").strip()
    area = ctx.area_in(label) or (label if label in _places_named(ctx) else None)
    return area is not None or bool(_WHOLE_LABEL.match(label)), area


def _places_named(ctx: DocContext) -> list[str]:
    """The areas of the partnership, else the places its name joins ('A and B Regional Safeguarding Children Board')."""
    if ctx.areas:
        return list(ctx.areas)
    head = re.split(r"\s+(?:Regional|Local|Safeguarding)\b", ctx.partnership or "")[0]
    places = [p.strip() for p in re.split(r",|\s+and\s+|\s*&\s*", head) if p.strip()]
    return places if len(places) >= 2 else []


def area_line_figure(tagged: TaggedDocument, seg: Segment, ctx: DocContext, figure_fields) -> FigureMention | None:
    """One count per area line under a short title line that names one measure (a regional board's figures by
    council); a region or total line has no area."""
    if len(_places_named(ctx)) < 2:
        return None
    ok, area = _area_label(ctx, seg.text)
    if not ok:
        return None
    document = tagged.document
    index = seg.block_index - 1
    while index >= 0 and _area_label(ctx, document.block_text(document.blocks[index]))[0]:
        index -= 1
    lead = [s for s in tagged.segments if s.block_index == index] if index >= 0 else []
    if len(lead) != 1 or len(lead[0].text.split()) > 14 or find_numbers(re.sub(r"\b(?:\d{1,2}\s+)?[A-Z][a-z]+\s+20\d\d\b", "", lead[0].text)):
        return None
    cues = {c.metric for c in metric_cues(lead[0]) if resolve_metric(c.metric, "count")}
    cues = [c for c in cues if not set(specific_of(c)) & cues]
    if len(cues) != 1:
        return None
    digits = _AREA_LINE.match(seg.text)
    if re.fullmatch(r"(?:19|20)\d\d", digits.group("n")):
        return None  # "Annual Report 2023": a year, not a count
    # "Penllech 94": a small number after a capitalised word is a count here, not a title's ("Child 94")
    number = NumberHit(digits.start("n"), digits.end("n"), digits.group("n"), float(digits.group("n").replace(",", "")), "count")
    fields = figure_fields(resolve_metric(cues[0], "count"), number, None, area, None)
    base = seg.sent.start_char if seg.sent is not None else 0
    return seg.mention(FigureMention, base + number.start, base + number.end, "figure.area_line", **fields)

