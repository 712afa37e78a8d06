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
