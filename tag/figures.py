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

from lscp.schemas import Mention, metrics

from .context import DocContext
from .numbers import NumberHit, find_numbers
from .segments import Segment

MAX_GAP_AFTER = 45  # characters between a number and a cue that follows it
MAX_GAP_BEFORE = 110  # characters between a cue and a number that follows it
COMPARATOR_WINDOW = 60
_NOT_LOCAL = ("national", "regional", "statistical_neighbour")  # comparison figures are about no one area of the partnership
_CLAUSE_BREAK = re.compile(r"[;:]|\.\s|\)\s+(?=[A-Z])|\bwhile\b|\bwhereas\b|\bcompared (to|with)\b", re.I)
_YEAR_EXPR = re.compile(r"\b(20\d\d)\s*[-/–]\s*(20)?(\d\d)\b")
_CHILDREN = re.compile(r"\b(children|child|young people|under[- ]1[68]s?|aged 0|0-1[789])\b", re.I)
_SUBJECT_NOUN_AFTER = re.compile(r"^\s*(individual\s+)?(children|young people|child|cases|families)\b", re.I)


@cache
def _variant_data() -> dict:
    text = resources.files("lscp.tag").joinpath("patterns", "metric_variants.json").read_text(encoding="utf-8")
    data = json.loads(text)
    known = metrics()
    pairs = [(cue, m) for cue, table in data.items() if not cue.startswith("_") for m in table.values()]
    pairs += [(g, m) for g, ms in data["_specific"].items() for m in ms]
    pairs += list(data["_counted_children"].items())
    pairs += [(m, m) for m in data["_children_metrics"]]
    for cue, metric in pairs:
        if cue not in known or metric not in known:
            raise ValueError(f"metric_variants.json: unknown metric in {cue} -> {metric}")
    return data


def metric_variants() -> dict[str, dict[str, str]]:
    return {cue: table for cue, table in _variant_data().items() if not cue.startswith("_")}


def resolve_metric(cue_metric: str, unit: str, text: str | None = None) -> str | None:
    """The metric a cue names for a number of this unit, or None when they do not fit.

    A variant that needs words of its own ('_variant_context': '72% of assessments' is about timeliness
    only where the sentence speaks of timescales) is taken only when ``text`` has them."""
    expected = metrics()[cue_metric].unit.value
    if expected == unit or (expected == "gbp" and unit == "count"):
        return cue_metric
    variant = metric_variants().get(cue_metric, {}).get(unit)
    needs = _variant_data().get("_variant_context", {}).get(variant) if variant else None
    if needs and text is not None and not re.search(needs, text, re.I):
        return None
    return variant


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
    label: str = "METRIC"
    text: str = ""


def _all_cues(seg: Segment) -> list[_Cue]:
    """The metric cues of a sentence; of two overlapping cues the longer wins ('children living in poverty'
    over 'children living in'), and a NOT_METRIC phrase ('children missing education') silences the cue in it."""
    base = seg.sent.start_char if seg.sent is not None else 0
    cues = [_Cue(s.start_char - base, s.end_char - base, s.id_, s.label_, s.text) for s in seg.spans("metric")]
    return [c for c in cues if not any(_covers(o, c) for o in cues)]


def _cues(seg: Segment) -> list[_Cue]:
    return [c for c in _all_cues(seg) if c.label == "METRIC"]


def _blockers(seg: Segment) -> list[_Cue]:
    """NOT_METRIC phrases: a number that counts one of them ('301 MARAC meetings') is no figure."""
    return [c for c in _all_cues(seg) if c.label != "METRIC"]


def _covers(longer: _Cue, shorter: _Cue) -> bool:
    return (
        longer is not shorter
        and longer.start <= shorter.start
        and shorter.end <= longer.end
        and longer.end - longer.start > shorter.end - shorter.start
    )


def _span_ids(seg: Segment, key: str, label: str) -> list[tuple[int, int, str]]:
    base = seg.sent.start_char if seg.sent is not None else 0
    spans = [s for s in seg.spans(key) if s.label_ == label]
    if label == "COMPARATOR":
        spans = [s for s in spans if not _in_name(s, seg)]
    return [(s.start_char - base, s.end_char - base, s.id_) for s in spans]


_NAME_JOINERS = {"The", "In", "And", "For", "With", "Across", "Than", "To", "Of", "Compared", "Whilst", "While", "Within", "Outside"}


def _in_name(span, seg: Segment) -> bool:
    """'London' in 'City of London', 'London Fire Brigade' or 'London Southbank University', 'England' in
    'NHS England': a place word inside a name compares nothing."""
    for key in ("org", "area"):
        if any(o.start <= span.start and span.end <= o.end and (o.end - o.start) > (span.end - span.start) for o in seg.spans(key)):
            return True
    doc = span.doc
    after = doc[span.end] if span.end < len(doc) else None
    before = doc[span.start - 1] if span.start > 0 else None
    if after is not None and after.is_title and after.text not in _NAME_JOINERS and span.end < seg.sent.end:
        return True
    if before is not None and before.i >= seg.sent.start and (before.is_upper or before.is_title) and len(before.text) > 1 and before.text not in _NAME_JOINERS and not before.is_sent_start:
        return True
    return False


def figures_in_segment(seg: Segment, ctx: DocContext, carry: dict | None = None) -> list[Mention]:
    """Figure mentions of one sentence; ``carry`` holds the last metric seen, for comparison clauses."""
    text = seg.text
    numbers = find_numbers(text)
    if not numbers or _is_contents_list(text):
        return []
    cues = _cues(seg)
    blockers = _blockers(seg)
    comparators = _span_ids(seg, "cue", "COMPARATOR")
    breakdowns = _span_ids(seg, "cue", "BREAKDOWN")
    out: list[Mention] = []
    if seg.synthetic:
        # a call-out: only the number standing alone is read here; its label is read as its own sentence
        numbers = [n for n in numbers if n.start == 0 or n.end >= len(text.rstrip())]
    subset = bool(re.match(r"^\s*(\w+\s*[-–:]\s*)?of\s+(the\s+)?\d", text, re.I))  # "Of 104 new plans ..., 54 (48%) ...": a subset's parts
    if subset or _AVERAGE.search(text) or _PART_OF_YEAR.search(text):
        # "the average weekly number of referrals was 23"; "93% in the first quarter": no figure, but the
        # measure they speak of carries to the comparison that may follow
        first = next((m for n in numbers if (m := _pick_metric(n, numbers, cues, text, blockers))), None)
        if first and carry is not None:
            carry.update(metric=first, unit=metrics()[first].unit.value, seq=carry.get("now"))
        return []
    previous: tuple[NumberHit, str, str | None] | None = None  # the last figure read in this sentence
    for number in numbers:
        if any(c.start <= number.start and number.end <= c.end for c in cues) or _QUOTED_TITLE_AFTER.match(text[number.end :]):
            continue  # "within 45 working days" is a cue, not a figure; "7 'Designated Safeguarding Lead' courses"
        dated = _dated(number, text, ctx)
        if dated == "after_period":
            # "357 care leavers were supported at the end of September 2022"; what it counts still carries
            skipped = _pick_metric(number, numbers, cues, text, blockers)
            previous = (number, skipped, None) if skipped else previous
            continue
        comparator = _comparator(number, numbers, comparators, text, ctx)
        if comparator == "older":
            continue  # "70 in 2019/20" in a report on 2021/22
        if comparator is None and dated == "previous_period" and previous is not None:
            comparator = "previous_year"  # "63 ... as at 31st March 2022, lower than the 79 supported as at March 2021"
        carried = carry.get("metric") if carry and carry.get("now", 0) - carry.get("seq", -9) <= 2 else None
        if previous is None and any(c.start < number.start for c in cues):
            carried = None  # the sentence names its own measure: nothing carries over from earlier sentences
        elif previous is not None:
            carried = previous[1]
        if number.from_words and not _cue_right_after(number, cues, text) and not (comparator and carried and _year_after(number, text)):
            continue  # "four Rapid Reviews"; "compared to just five in 2020/21" after a figure
        choice = _pick_metric(number, numbers, cues, text, blockers)
        rule = "figure.sentence"
        if choice is None and previous is not None and previous[0].unit == number.unit and _LIST_JOIN.match(text[previous[0].end : number.start]):
            choice, comparator = previous[1], previous[2]  # "met participants' needs (67.1% and 72.0%)"
            rule = "figure.list"
        if (
            choice is None and previous is not None and previous[0].unit == number.unit and comparator is None
            and re.search(r"\b(and|while|with)\s*$", text[previous[0].end : number.start]) and not re.search(r"[.;:]", text[previous[0].end : number.start])
            and ctx.area_after(text[number.end :])
        ):
            choice, rule = previous[1], "figure.area_list"  # "1,927 families in Kestermouth and 1,105 in Linwick"
        if choice is None and carried and (comparator or number.unit == "rate_per_10k" or _year_after(number, text) or _ANAPHOR.search(text[: number.start])):
            choice = _carried_metric(carried, number.unit, text)
            rule = "figure.comparison_carry"
        if choice is None and number.unit == "rate_per_10k" and carry is not None:
            carry.update(metric=None, unit=number.unit, seq=carry.get("now"))  # a rate of something else
        if choice is None:
            choice = _category_share(number, seg, breakdowns)
            rule = "figure.category_share"
        if choice is None and comparator is None and carry is not None:
            carry.update(metric=None, seq=carry.get("now"))  # a number of some other measure ends the comparison
        if choice is None or (choice == "child_population_pct" and not _about_children(seg, ctx)) or not _in_context(choice, seg):
            continue
        if choice == "partnership_income_gbp" and _ONE_PARTNERS_PART.search(text[: number.start]):
            continue  # "The Council's contribution to the partnership budget was £118,400": one partner's part, not the total
        breakdown = _breakdown(choice, number, breakdowns, text, seg)
        if choice == "cp_category_pct" and breakdown is None:
            continue
        area = None if comparator in _NOT_LOCAL else ctx.area_for(seg, number.start, number.end)
        attrs = _figure_attrs(choice, number, comparator, area, breakdown)
        if seg.synthetic:
            out.append(seg.mention("FIGURE", 0, 0, rule + ".callout", **attrs))
        else:
            base = seg.sent.start_char if seg.sent is not None else 0
            out.append(seg.mention("FIGURE", base + number.start, base + number.end, rule, **attrs))
        if comparator is None and _same_as_before(number, numbers, text, ctx):
            # "15 referrals were made to the LADO during 2021/2022, the same as 2020/21": the same figure a year before
            out.append(out[-1].model_copy(update={"attrs": {**attrs, "comparator": "previous_year"}, "rule": out[-1].rule + ".same_as"}))
        previous = (number, choice, comparator)
        if carry is not None:
            carry.update(metric=choice, unit=metrics()[choice].unit.value, seq=carry.get("now"))
    return out


# a table of contents run together into one line: titles each followed by a page number, five or more
_CONTENTS_LIST = re.compile(r"(?:[A-Z][^\d.;:!?]{0,80}?\s\d{1,3}\s+){4,}[A-Z][^\d.;:!?]{0,80}?\s\d{1,3}")


def _is_contents_list(text: str) -> bool:
    """'Early Help 36 Children in Need of Help and Protection 38 ... MARAC 43': page numbers, never figures."""
    text = text.strip()
    if not _CONTENTS_LIST.fullmatch(text):
        return False
    pages = [int(n) for n in re.findall(r"(?<=\s)\d{1,3}(?=\s|$)", text)]
    return all(a <= b for a, b in zip(pages, pages[1:]))


_ONE_PARTNERS_PART = re.compile(r"(['’]s\s+(\w+\s+)?(contribution|share)\b|\bcontributed\b)[^.;£]*$", re.I)
_ANAPHOR = re.compile(r"\b(this|that|which|it)\s+(was|is|represents|stood at|equates to|rose to|fell to)\s*(around|about|approximately)?\s*$", re.I)
_AVERAGE = re.compile(r"\baverage\s+(weekly|monthly|daily)\b|\baverage number of\b|\bon average\b|\bper (week|month|day)\b|\b(a|each) (week|month|day)\b", re.I)
_PART_OF_YEAR = re.compile(r"\b(first|second|third|fourth|final|last) (quarter|half)\b|\bQ[1-4]\b", re.I)
_QUOTED_TITLE_AFTER = re.compile(r"^\s*['‘\"“][A-Z][^'’\"”]{3,80}['’\"”]")
_LIST_JOIN = re.compile(r"^\s*(,|and|or|&|,\s*and)\s*$", re.I)
_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), start=1)}
_DATE = re.compile(r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(" + "|".join(_MONTHS) + r")\s+(20\d\d)\b", re.I)


def _dated(number: NumberHit, text: str, ctx: DocContext) -> str | None:
    """Whether a date next to the number puts it after the reporting period ('at the end of September 2022')
    or at the end of the period before it ('as at March 2021'): the first date after the number in its clause,
    else the last one before it."""
    if not ctx.reporting_year:
        return None
    first = int(ctx.reporting_year[:4])
    after = text[number.end :]
    cut = re.search(r"[,;:]|\.\s", after)
    found = _DATE.search(after[: cut.start() if cut else len(after)])
    is_after = found is not None
    if found is None:
        breaks = list(_CLAUSE_BREAK.finditer(text, 0, number.start))
        before = list(_DATE.finditer(text, breaks[-1].end() if breaks else 0, number.start))
        found = before[-1] if before else None
    if found is None:
        return None
    month, year = _MONTHS[found.group(1).lower()], int(found.group(2))
    if (year, month) > (first + 1, 3):
        return "after_period"
    if (year, month) <= (first, 3) and is_after:
        return "previous_period"
    return None


_SAME_AS = re.compile(
    r"^[^.;]{0,60}?\b(?:the same as|same as|unchanged from|the same number as|no change from)\s+(?:in\s+)?(?:the\s+)?"
    r"(?P<when>previous (?:reporting )?year|last year|year before|(?P<year>20\d\d\s*[-/–]\s*(?:20)?\d\d))",
    re.I,
)


def _same_as_before(number: NumberHit, numbers: list[NumberHit], text: str, ctx: DocContext) -> bool:
    match = _SAME_AS.match(text[number.end :])
    if not match or _has_number_between(numbers, number.end + 1, number.end + match.start("when")):
        return False
    if match.group("year"):
        year = _YEAR_EXPR.search(match.group("year"))
        return bool(year and ctx.reporting_year and _year_comparator(f"{year.group(1)}-{year.group(3)}", ctx.reporting_year) == "previous_year")
    return True


def _carried_metric(carried: str, unit: str, text: str) -> str | None:
    """The metric a comparison figure takes from the figure before it: the same one, or its rate when the
    figure before was a rate ('at 33 per 10k ... statistical neighbours (42)')."""
    if metrics()[carried].unit.value == "rate_per_10k" and unit == "count":
        return carried
    return resolve_metric(carried, unit, text) if unit != "count" or metrics()[carried].unit.value == "count" else None


def _same_clause(text: str, a: int, b: int) -> bool:
    low, high = min(a, b), max(a, b)
    return not _CLAUSE_BREAK.search(text[low:high])


def _in_context(metric: str, seg: Segment) -> bool:
    """Some measures are named only in their own subject's passages ('_metric_context'): '100% of referrals
    were rated as good' is not about training."""
    needs = _variant_data().get("_metric_context", {}).get(metric)
    return not needs or bool(re.search(needs, seg.text + " " + " ".join(seg.headings[-2:]), re.I))


def _about_children(seg: Segment, ctx: DocContext) -> bool:
    """'7.7% of total population' is the children's share only where the sentence, or the lines a short
    call-out continues, speak of children."""
    if _CHILDREN.search(seg.text):
        return True
    return len(seg.text.split()) <= 7 and bool(_CHILDREN.search(ctx.lead_in(seg.block_index)))


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
    """'four Rapid Reviews', 'two half-day training sessions', 'we have published three case reviews': a number
    in words counts only the thing it names ('no' only the thing right after it: 'No LCSPRs were instigated')."""
    if number.value == 0:  # "no LCSPRs were instigated", not "no looked after child had three moves"
        return any(0 <= c.start - number.end <= 2 and re.match(r"^\S+(\s+\([^)]*\))?\s+(were|was|have been|has been)\b", text[c.start :]) for c in cues)
    return any(
        (0 <= c.start - number.end <= 12 and not re.search(r"[.;:]", text[number.end : c.start]))
        or (0 <= number.start - c.end <= 1)
        for c in cues
    )


def _owner(cue: _Cue, numbers: list[NumberHit], cues: list[_Cue], text: str) -> NumberHit | None:
    """The number a cue directly follows ('634 missing episodes', '1031 delegates'): the cue names that number
    when it is the first cue after it."""
    for other in numbers:
        if other.end <= cue.start:
            gap = text[other.end : cue.start]
            if len(gap) <= MAX_GAP_AFTER and not _CLAUSE_BREAK.search(gap) and not re.search(r"[,(]", gap) and not _has_number_between(numbers, other.end, cue.start):
                first = min((c for c in cues if c.start >= other.end), key=lambda c: c.start, default=None)
                return other if first is cue else None
    return None


def _pick_metric(number: NumberHit, numbers: list[NumberHit], cues: list[_Cue], text: str, blockers: list[_Cue] = ()) -> str | None:
    for blocker in blockers:
        gap = text[number.end : blocker.start]
        if blocker.start >= number.end and len(gap) <= MAX_GAP_AFTER and not re.search(r"[.;:,(]|\d", gap):
            return None  # "301 MARAC meetings involving children": the number counts meetings
    best: tuple[float, str] | None = None
    for cue in cues:
        metric = resolve_metric(cue.metric, number.unit, text)
        if metric is None:
            continue
        if cue.start >= number.end:
            gap = text[number.end : cue.start]
            if len(gap) > MAX_GAP_AFTER or _CLAUSE_BREAK.search(gap) or _has_number_between(numbers, number.end, cue.start):
                continue
            if gap.strip() and _SUBJECT_NOUN_AFTER.match(gap) and metric in _variant_data()["_counted_children"]:
                # "15 children went missing from care": the number counts children
                metric = _variant_data()["_counted_children"][metric]
            score = len(gap)
        elif cue.end <= number.start:
            gap = text[cue.end : number.start]
            if len(gap) > MAX_GAP_BEFORE or re.search(r";|\.\s", gap) or _has_number_between(numbers, cue.end, number.start):
                continue
            if number.unit != "rate_per_10k" and re.search(r"per\s?(10,?000|10k)\b", gap, re.I):
                continue  # "a rate of 129 Section 47 investigations per 10,000, ... (175 in 2020-21)"
            if not gap.strip() and re.search(r"\b(in|of|to|for|at|from)$", cue.text, re.I):
                continue  # "children living in 3 residential settings": the cue wants a place, not a number
            if (
                _SUBJECT_NOUN_AFTER.match(text[number.end :])
                and metrics()[metric].unit.value == "count"
                and metric not in _variant_data()["_children_metrics"]
            ):
                # "634 missing episodes relating to 167 children": the number counts children, not the cue's thing
                metric = _variant_data()["_counted_children"].get(metric)
                if metric is None:
                    continue
            owner = _owner(cue, numbers, cues, text)
            if owner is not None and owner is not number and resolve_metric(cue.metric, owner.unit, text) == metric:
                continue  # "1031 delegates attended, 420 (29%) cancelled": the cue already names 1031
            score = 8 + len(gap) * 1.3
        else:
            continue
        if best is None or score < best[0]:
            best = (score, metric)
    return _specialise(best[1], number, cues) if best else None


def _has_number_between(numbers: list[NumberHit], start: int, end: int) -> bool:
    return any(start <= n.start and n.end <= end for n in numbers)


def _comparator(number: NumberHit, numbers: list[NumberHit], comparators, text: str, ctx: DocContext) -> str | None:
    """A comparator cue in the clause just before the number; else an earlier year or 'the previous year'
    just after it ('from 79 young people in 2020-21', 'in line with 836 the previous year')."""
    label = _BRACKET_LABEL.search(text, 0, number.start)
    if label:
        # "(2022-23: 4,215)", "(England: 43.7)", "(national average 86%)": the bracket's label says what it compares
        year = _YEAR_EXPR.search(label.group(1))
        if year and ctx.reporting_year:
            return _year_comparator(f"{year.group(1)}-{year.group(3)}", ctx.reporting_year)
        named = [cid for start, end, cid in comparators if label.start(1) <= start and end <= label.end(1)]
        if named:
            return named[-1]
    for start, end, cid in comparators:
        if cid != "previous_year" and start >= number.end and _PLACE_AFTER.fullmatch(text[number.end : start]):
            return cid  # "compares with 41.6 in England and 44.9 across the region"
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
    after_year = _year_after(number, text)
    if after_year and ctx.reporting_year:
        return _year_comparator(after_year, ctx.reporting_year)
    taken = _year_after(previous[-1], text, span=True) if previous else None  # "from 9.7% in 2020/21 to 15%"
    for match in _YEAR_EXPR.finditer(text, offset, number.start):
        if taken and match.start() == taken[0]:
            continue
        year = f"{match.group(1)}-{match.group(3)}"
        if ctx.reporting_year and year < ctx.reporting_year:
            return _year_comparator(year, ctx.reporting_year)
    after = text[number.end : number.end + 60]
    for start, end, cid in comparators:
        if start < number.end or start >= number.end + 60:
            continue
        gap = text[number.end : start]
        if cid == "previous_year" and not re.search(r"\d|[;:,(]|\.\s", gap) and _LEADS_TO_PERIOD.search(gap):
            return cid  # "41 children looked after throughout the previous reporting year"
        if start < number.end + 40 and re.match(r"^\s*\(", after) and cid != "regional":
            return cid
    return None


_PLACE_AFTER = re.compile(r"\s*(?:per\s?(?:10,?000|10k)\s+(?:children\s+)?)?(?:in|across|for|throughout)\s+(?:the\s+)?|\s*", re.I)
_BRACKET_LABEL = re.compile(r"\(\s*([^()\d]{2,40}?|[^()\d]{0,20}20\d\d\s*[-/–]\s*(?:20)?\d\d)\s*[:=]?\s*$")
_LEADS_TO_PERIOD = re.compile(r"^\s*([a-z]+\s+){0,3}?((in|during|throughout|for|over|at)\s+)?(the\s+)?$", re.I)


def _year_comparator(year: str, reporting_year: str) -> str | None:
    """A figure for the year before the reporting year is a previous-year figure; one for an older year
    compares with nothing the contract keeps ('older')."""
    if year >= reporting_year:
        return None
    return "previous_year" if int(year[:4]) + 1 == int(reporting_year[:4]) else "older"


def _year_after(number: NumberHit, text: str, span: bool = False):
    """The financial year a number is given for, named just after it: '20 (81%) in 2020/21', '174 contacts in 2020/21'."""
    after = text[number.end : number.end + 50]
    match = _YEAR_EXPR.search(after)
    if not match:
        return None
    if re.match(r"\s*[:=]\s*[£]?\d", after[match.end() :]):
        return None  # "4,870 (2022-23: 4,215)": the bracket gives the earlier year its own figure
    between = re.sub(r"\([^)]*\)", " ", after[: match.start()])
    if re.search(r"\d|[;:,]|\.\s", between) or len(between) > 30 or not re.search(r"(\b(in|during|for)\s*|^\s*\(?\s*)$", between):
        return None
    if span:
        return (number.end + match.start(), number.end + match.end())
    return f"{match.group(1)}-{match.group(3)}"


def _category_share(number: NumberHit, seg: Segment, breakdowns) -> str | None:
    """'Emotional abuse made up 35%' in a passage about child protection: a category share."""
    if number.unit != "pct" or not breakdowns:
        return None
    if any(c.metric not in ("cp_plans", "cp_category_pct", "cp_plans_started") for c in _cues(seg)):
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
    cues = [(c.start, c.end, c.metric) for c in _cues(seg)]
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
    # a table with a column per area: its other columns (total, partnership) are about no one area
    area_columns = any(ctx.column_meaning(head)[1] for head in header)
    for row, cue_ids in list(zip(rows, _label_cues(seg, rows)))[1:]:
        if not cue_ids:
            continue
        for col, cell in enumerate(row):
            hits = [h for h in find_numbers(cell) if not h.from_words]
            if len(hits) != 1 or not cell.strip():
                continue
            hit = hits[0]
            label = " ".join(c for c in row[:2] if not find_numbers(c))
            if hit.unit == "count" and re.search(r"per\s?(10,?000|10k)\b", label, re.I):
                hit = NumberHit(hit.start, hit.end, hit.text, hit.value, "rate_per_10k")  # "Child protection plans per 10,000 children"
            elif hit.unit == "count" and re.search(r"%|\bper ?cent|\bpercentage\b|\bproportion\b", label, re.I) and hit.value <= 100:
                hit = NumberHit(hit.start, hit.end, hit.text, hit.value, "pct")  # "% of referrals that were re-referrals"
            head = header[col] if col < len(header) else ""
            comparator, area = ctx.column_meaning(head)
            if comparator == "skip":
                continue
            metric = next((m for m in (resolve_metric(c, hit.unit) for c in cue_ids) if m), None)
            if metric is None:
                continue
            area = None if comparator in _NOT_LOCAL or (area_columns and not area) else area or ctx.area_for(seg, 0)
            attrs = _figure_attrs(metric, hit, comparator, area, None)
            out.append(seg.row_mention("FIGURE", cell, row, "figure.table", **attrs))
    return out
