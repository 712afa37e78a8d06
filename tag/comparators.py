"""What a figure is compared with, and when it is for: comparator cues (last year, national, London,
statistical neighbours, an earlier year) in the clause before the number, dates and years next to it."""

from __future__ import annotations

import re

from lscp.schemas import YEAR_LABEL, year_label

from .context import DocContext
from .metrics import CLAUSE_BREAK, has_number_between
from .numbers import NumberHit
COMPARATOR_WINDOW = 60
# a comparison whose figure a relative clause gives further on: "our statistical neighbour where the rate ... is 125.5"
_WHERE_CLAUSE = re.compile(r"s?\s*(?:averages?\s*)?,?\s+(?:where|whose|in\s+which)\b[^.;:()]{0,110}?\b(?:is|was|are|were|stood\s+at|at)\s+(?:around\s+|about\s+)?", re.I)
_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), start=1)}
_DATE = re.compile(r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(" + "|".join(_MONTHS) + r")\s+(20\d\d)\b", re.I)


_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
_NOT_YEAR_END = r"(?:january|february|april|may|june|july|august|september|october|november)"  # a period ends in March (or December)
# months' positions and part-year counts, never the year's figure: "reduced from 61.2 in April to 58.9 on 31 August",
# "from 160 in August 2020 to 209 in August 2021" (a part-year count beside a comparison is left to the clause rules)
MONTH_POSITIONS = re.compile(
    rf"\bfrom\s+[\d.,]+\s+in\s+{_MONTH}(?:\s+(?:19|20)\d\d)?\s+to\s+[\d.,]+\s+(?:in|on|at|by)\s+(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_NOT_YEAR_END}\b",
    re.I,
)


def dated(number: NumberHit, text: str, ctx: DocContext) -> str | None:
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
        breaks = list(CLAUSE_BREAK.finditer(text, 0, number.start))
        before = list(_DATE.finditer(text, breaks[-1].end() if breaks else 0, number.start))
        found = before[-1] if before else None
    if found is None:
        return None
    month, year = _MONTHS[found.group(1).lower()], int(found.group(2))
    if (year, month) > (first + 1, 3):
        return "after_period"
    if (year, month) <= (first - 1, 3) and is_after:
        return "older_period"  # "This is an increase from 276 at 31 March 2023 and 254 at 31 March 2022": a year before the last
    if (year, month) <= (first, 3) and is_after:
        return "previous_period"
    return None


_SAME_AS = re.compile(
    r"^[^.;]{0,60}?\b(?:the same as|same as|unchanged from|the same number as|no change from)\s+(?:in\s+)?(?:the\s+)?"
    r"(?P<when>previous (?:reporting )?year|last year|year before|(?P<year>20\d\d\s*[-/–]\s*(?:20)?\d\d))",
    re.I,
)


def same_as_before(number: NumberHit, numbers: list[NumberHit], text: str, ctx: DocContext) -> bool:
    match = _SAME_AS.match(text[number.end :])
    if not match or has_number_between(numbers, number.end + 1, number.end + match.start("when")):
        return False
    if match.group("year"):
        year = YEAR_LABEL.search(match.group("year"))
        return bool(year and ctx.reporting_year and year_comparator(year_label(year), ctx.reporting_year) == "previous_year")
    return True


def comparator_of(number: NumberHit, numbers: list[NumberHit], comparators, text: str, ctx: DocContext) -> str | None:
    """A comparator cue in the clause just before the number; else an earlier year or 'the previous year'
    just after it ('from 79 young people in 2020-21', 'in line with 836 the previous year')."""
    label = _BRACKET_LABEL.search(text, 0, number.start)
    if label:
        # "(2022-23: 4,215)", "(England: 43.7)", "(national average 86%)": the bracket's label says what it compares
        year = YEAR_LABEL.search(label.group(1))
        if year and ctx.reporting_year:
            return year_comparator(year_label(year), ctx.reporting_year)
        date = _DATE.search(label.group(1))
        if date and ctx.reporting_year:  # "(31 March 2023: 352)": the position at an earlier year's end
            return _date_comparator(date, ctx.reporting_year)
        named = [cid for start, end, cid in comparators if label.start(1) <= start and end <= label.end(1)]
        if named:
            return named[-1]
    compared = _COMPARED_DATE_BRACKET.search(text, 0, number.start)
    if compared and ctx.reporting_year and compared.group(1).lower() == "march":
        # "287 by the end of March 2023, a fall when compared with the end of March 2022 (316)"; a December a year
        # before is a quarter's position, not the year's
        return _date_comparator(compared, ctx.reporting_year)
    for start, end, cid in comparators:
        if cid != "previous_year" and start >= number.end and _PLACE_AFTER.fullmatch(text[number.end : start]):
            return cid  # "compares with 41.6 in England and 44.9 across the region"
    window_start = max(0, number.start - COMPARATOR_WINDOW)
    previous = [n for n in numbers if n.end <= number.start]
    if previous:
        window_start = max(window_start, previous[-1].end)
    before = text[window_start : number.start]
    breaks = list(CLAUSE_BREAK.finditer(before))
    offset = window_start + (breaks[-1].end() if breaks else 0)
    best: tuple[int, str] | None = None
    for start, end, cid in comparators:
        if previous and not text[previous[-1].end : start].strip():
            continue  # "(162 a year earlier), a rate of 57.9": the cue belongs to the number it follows
        if offset <= start and end <= number.start:
            distance = number.start - end
            if best is None or distance < best[0]:
                best = (distance, cid)
    if best:
        return best[1]
    for start, end, cid in comparators:  # "higher than our statistical neighbour, where the rate of ... per 10,000 is 125.5"
        if end <= number.start and number.start - end <= 140 and _WHERE_CLAUSE.fullmatch(text[end : number.start]):
            return cid
    after_year = year_after(number, text)
    if after_year and ctx.reporting_year:
        return year_comparator(after_year, ctx.reporting_year)
    taken = year_after(previous[-1], text, span=True) if previous else None  # "from 9.7% in 2020/21 to 15%"
    for match in YEAR_LABEL.finditer(text, offset, number.start):
        if taken and match.start() == taken[0]:
            continue
        year = year_label(match)
        if ctx.reporting_year and year < ctx.reporting_year:
            return year_comparator(year, ctx.reporting_year)
    after = text[number.end : number.end + 60]
    for start, end, cid in comparators:
        if start < number.end or start >= number.end + 60:
            continue
        gap = text[number.end : start]
        if cid == "previous_year" and _THE_PAST.search(text, max(0, start - 12), start):
            continue  # "no private fostering notifications in the last year": the year reported on
        if cid == "previous_year" and not re.search(r"\d|[;:,(]|\.\s", gap) and _LEADS_TO_PERIOD.search(gap):
            return cid  # "41 children looked after throughout the previous reporting year"
        if start < number.end + 40 and re.match(r"^\s*\(", after) and cid != "regional":
            return cid
    return None


_THE_PAST = re.compile(r"\b(?:in|during|over|within)\s+the\s+$", re.I)
_COMPARED_DATE_BRACKET = re.compile(
    r"\b(?:compared\s+(?:with|to)|than|from)\s+(?:the\s+)?(?:(?:end|close)\s+of\s+|position\s+(?:at|in)\s+|same\s+point\s+in\s+)?"
    + _DATE.pattern + r"\s*\(\s*$",
    re.I,
)
_PLACE_AFTER = re.compile(r"\s*(?:per\s?(?:10,?000|10k)\s+(?:children\s+)?)?(?:(?:in|across|for|throughout)\s+(?:the\s+)?)?", re.I)
_BRACKET_LABEL = re.compile(
    r"\(\s*([^()\d]{2,40}?|[^()\d]{0,20}20\d\d\s*[-/–]\s*(?:20)?\d\d|(?:at\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?[A-Z][a-z]+\s+20\d\d\s*[:=])\s*[:=]?\s*$"
)


def _date_comparator(date: re.Match, reporting_year: str) -> str | None:
    """A figure dated at or before the end of the year before the reporting year: previous_year for that
    year's end (or within it), 'older' before it."""
    month, year = _MONTHS[date.group(1).lower()], int(date.group(2))
    first = int(reporting_year[:4])
    if (year, month) > (first, 3):
        return None
    return "previous_year" if (year, month) > (first - 1, 3) else "older"
_LEADS_TO_PERIOD = re.compile(r"^\s*([a-z]+\s+){0,3}?((in|during|throughout|for|over|at)\s+)?(the\s+)?$", re.I)


def year_comparator(year: str, reporting_year: str) -> str | None:
    """A figure for the year before the reporting year is a previous-year figure; one for an older year
    compares with nothing the contract keeps ('older')."""
    if year >= reporting_year:
        return None
    return "previous_year" if int(year[:4]) + 1 == int(reporting_year[:4]) else "older"


def year_after(number: NumberHit, text: str, span: bool = False):
    """The financial year a number is given for, named just after it: '20 (81%) in 2020/21', '174 contacts in 2020/21'."""
    after = text[number.end : number.end + 50]
    match = YEAR_LABEL.search(after)
    if not match:
        return None
    if re.match(r"\s*[:=]\s*[£]?\d", after[match.end() :]):
        return None  # "4,870 (2022-23: 4,215)": the bracket gives the earlier year its own figure
    between = re.sub(r"\([^)]*\)", " ", after[: match.start()])
    if re.search(r"\d|[;:,]|\.\s", between) or len(between) > 30 or not re.search(r"(\b(in|during|for)\s*|^\s*\(?\s*)$", between):
        return None
    if span:
        return (number.end + match.start(), number.end + match.end())
    return year_label(match)


_BARE_YEAR_AFTER = re.compile(r"^\s*%?\s*(?:in|during)\s+((?:19|20)\d\d)\b(?!\s*[-/–]\s*\d|/\d)", re.I)


def bare_year_older(number: NumberHit, text: str, ctx: DocContext) -> bool:
    """'(up from 74.2% in 2019)' in a report on 2022/23: a calendar year two or more before the reporting year's start is older
    than the year before."""
    match = _BARE_YEAR_AFTER.match(text[number.end : number.end + 20])
    return bool(match and ctx.reporting_year and int(match.group(1)) < int(ctx.reporting_year[:4]) - 1)

