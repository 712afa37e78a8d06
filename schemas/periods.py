"""Financial years and periods: the one place that turns '2022/23', '2022-2023' or 'April 2022 - March 2023' into '2022-23'."""

from __future__ import annotations

import re

_YEAR_PAIR = re.compile(r"\b(20\d\d|19\d\d)\s*(?:[-/–—]|\s+to\s+)\s*((?:20|19)?\d\d)\b")
_MONTH_SPAN = re.compile(
    r"\b(?:april|apr)\s+(20\d\d)\s*(?:-|–|—|to|until)\s*(?:march|mar)\s+(20\d\d)\b", re.I
)


def _pair(match: re.Match[str]) -> tuple[int, int]:
    start = int(match.group(1))
    end_text = match.group(2)
    end = int(end_text) if len(end_text) == 4 else start - start % 100 + int(end_text)
    if end < start:
        end += 100
    return start, end


def financial_year(text: str) -> str | None:
    """The first financial year named in ``text`` as 'YYYY-YY', or None."""
    match = _MONTH_SPAN.search(text)
    if match and int(match.group(2)) == int(match.group(1)) + 1:
        return f"{match.group(1)}-{match.group(2)[2:]}"
    for match in _YEAR_PAIR.finditer(text):
        start, end = _pair(match)
        if end == start + 1:
            return f"{start}-{end % 100:02d}"
    return None


def period(text: str) -> str | None:
    """'2023-24' -> '2023-24'; '2023-25' -> '2023-24..2024-25'; None when no period is named."""
    match = _MONTH_SPAN.search(text)
    if match:
        start, end = int(match.group(1)), int(match.group(2))
    else:
        match = _YEAR_PAIR.search(text)
        if not match:
            return None
        start, end = _pair(match)
    if end == start + 1:
        return f"{start}-{end % 100:02d}"
    if start + 1 < end <= start + 5:
        return f"{start}-{(start + 1) % 100:02d}..{end - 1}-{end % 100:02d}"
    return None


def financial_years(text: str) -> list[str]:
    """Every financial year ``text`` names as a pair of years ('2022-23', '2022/2023', '2022 to 23'), in order,
    as 'YYYY-YY'; pairs that are not one year apart ('2023-25') are left out."""
    out = []
    for match in _YEAR_PAIR.finditer(text):
        start, end = _pair(match)
        if end == start + 1:
            out.append(f"{start}-{end % 100:02d}")
    return out


# a pair of years as a sentence writes it next to a figure ('174 contacts in 2020/21', '(2022-23: 4,215)');
# its label keeps the years as written, one apart or not, for comparing with the reporting year
YEAR_LABEL = re.compile(r"\b(20\d\d)\s*[-/–]\s*(20)?(\d\d)\b")


def year_label(match: re.Match[str]) -> str:
    """'2020/21' or '2020-2021' -> '2020-21', from a match of ``YEAR_LABEL``."""
    return f"{match.group(1)}-{match.group(3)}"


# ---- reporting periods written as spans of dates or months, or as the year ending on a date
_MONTHS = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"), 1)}
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
_DASH = r"\s*(?:-|–|—|to|until|through)\s*"
# 'January 2021 - March 2022', '1 July 2019 – 30 June 2020', 'September 2019 to March 2020'
_NAMED_SPAN = re.compile(r"\b" + _DAY + _MONTH + r",?\s+(20\d\d)" + _DASH + _DAY + _MONTH + r",?\s+(20\d\d)\b", re.I)
# 'between April 2021 and March 2022'
_BETWEEN_SPAN = re.compile(r"\bbetween\s+" + _DAY + _MONTH + r",?\s+(20\d\d)\s+and\s+" + _DAY + _MONTH + r",?\s+(20\d\d)\b", re.I)
# '01.04.2019 to 31.03.2020', '1/4/2019 - 31/3/2020'
_NUMERIC_SPAN = re.compile(r"\b\d{1,2}[./](\d{1,2})[./](20\d\d)" + _DASH + r"\d{1,2}[./](\d{1,2})[./](20\d\d)\b")
# 'the year to March 2021', 'the year ending 31 March 2023', 'year ended 31.03.2020', 'twelve months to March 2021'
_YEAR_TO = re.compile(
    r"\b(?:year|twelve months|12 months)\s+(?:to|ending|ended|up to)\s+(?:" + _DAY + _MONTH + r",?\s+(20\d\d)|\d{1,2}[./](\d{1,2})[./](20\d\d))\b",
    re.I,
)
# '24/25' or '16-17' standing alone (not part of a date such as 12/05/2024, nor a span of days: '16-17 March')
_SHORT_PAIR = re.compile(r"(?<![\d/.\-–])(\d\d)[/\-–](\d\d)(?![\d/\-–]|\.\d)(?!\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\b)")


def _month(name: str) -> int:
    name = name.lower().rstrip(".")
    return next(number for month, number in _MONTHS.items() if month.startswith(name[:3]))


def _year_of(month: int, year: int) -> str:
    """The financial year (April to March) a month falls in."""
    start = year if month >= 4 else year - 1
    return f"{start}-{(start + 1) % 100:02d}"


def _span_year(m1: int, y1: int, m2: int, y2: int) -> str | None:
    months = (y2 - y1) * 12 + (m2 - m1)
    if not 2 <= months <= 24:  # a span of a few months up to two years; a reporting period, not a date range
        return None
    if 10 <= months <= 12 and y2 == y1 + 1 and m2 != 3:  # a year on another cycle ('1 July 2019 - 30 June 2020'): its two years
        return f"{y1}-{y2 % 100:02d}"
    return _year_of(m2, y2)  # else the financial year the period ends in (an interim or 15-month report)


def reporting_periods(text: str) -> list[tuple[str, int, int]]:
    """Every reporting period ``text`` writes as a span or as the year ending on a date, as (financial year the
    period ends in, start, end offsets): 'January 2021 - March 2022' -> '2021-22', 'the year to March 2021' ->
    '2020-21', '01.04.2019 to 31.03.2020' -> '2019-20'."""
    out: list[tuple[str, int, int]] = []
    for match in [*_NAMED_SPAN.finditer(text), *_BETWEEN_SPAN.finditer(text)]:
        year = _span_year(_month(match.group(1)), int(match.group(2)), _month(match.group(3)), int(match.group(4)))
        if year:
            out.append((year, match.start(), match.end()))
    for match in _NUMERIC_SPAN.finditer(text):
        m1, y1, m2, y2 = (int(g) for g in match.groups())
        year = _span_year(m1, y1, m2, y2) if 1 <= m1 <= 12 and 1 <= m2 <= 12 else None
        if year:
            out.append((year, match.start(), match.end()))
    for match in _YEAR_TO.finditer(text):
        if match.group(2):
            month, year = _month(match.group(1)), int(match.group(2))
        else:
            month, year = int(match.group(3)), int(match.group(4))
        if 1 <= month <= 12:
            # the year ends with that month: ending in March it is the financial year just closed
            out.append((_year_of(month - 1 if month > 1 else 12, year if month > 1 else year - 1), match.start(), match.end()))
    return sorted(out, key=lambda item: item[1])


def short_financial_year(text: str) -> str | None:
    """A financial year written with two digits each ('24/25'), the first in ``text``, as 'YYYY-YY'.
    Only for short windows already known to name a period (after 'report for', in a title)."""
    for match in _SHORT_PAIR.finditer(text):
        start, end = int(match.group(1)), int(match.group(2))
        if end == (start + 1) % 100 and 10 <= start <= 40:
            return f"20{start:02d}-{end:02d}"
    return None
