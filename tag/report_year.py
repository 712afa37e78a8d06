"""The year a document reports on: the financial year it ties to its report, names in its title, or (for a
report of a year) names most often early on."""

from __future__ import annotations

import re
from collections import Counter

from lscp.schemas import BlockKind, financial_year as normalise_year, financial_years, reporting_periods, short_financial_year

from .segments import TaggedDocument


def find_reporting_year(tagged: TaggedDocument, strict: bool = False) -> str | None:
    """The year most often attached to 'annual report', else the year the opening lines name, else the most
    frequent financial year early on. ``strict`` (a page that is not itself a report of a year: news, data,
    'about us'): only a year the text ties to a report or a period, never one from a budget or a plan."""
    text = tagged.document.text
    near: Counter[str] = Counter()
    for match in re.finditer(r"(?:annual|yearly)\s+report(?!s)", text, re.I):  # "the annual reports we published up to 2023/24": other years' reports
        after = text[match.end() : match.end() + 30]
        year = normalise_year(after) or short_financial_year(after[:12]) or _period_in(after) or _two_years(after) or _one_digit(after)
        if year:
            near[year] += 2  # "Annual Report 2022-23" names its year right after
            continue
        before = normalise_year(text[max(0, match.start() - 40) : match.start()])
        if before:
            near[before] += 1
            continue
        # "the annual report of the X Partnership for 2022-23", "... which covers the year to March 2021"
        sentence = re.split(r"(?<=[.!?])\s|\n", text[match.end() : match.end() + 160])[0]
        tied = re.search(r"\b(?:for|covering|covers|in)\b(?:\s+(?:the\s+)?(?:financial\s+|reporting\s+)?(?:year|period))?\s*(.{0,40})", sentence)
        year = tied and (_period_in(tied.group(0)) or normalise_year(tied.group(1)[:12]) or short_financial_year(tied.group(1)[:8]))
        if year:
            near[year] += 1
    for match in _REPORT_COVERS.finditer(text[:20000]):
        # "The report, which covers 2022/23, ...", "This report covers 1 April 2024 to 31 March 2025"
        after = match.group(1)
        year = _period_in(after) or normalise_year(after[:12]) or short_financial_year(after[:8])
        if year:
            near[year] += 1
    if near:
        return near.most_common(1)[0][0]
    title = _title_year(tagged)
    if title:
        return title
    periods = Counter(year for year, _, _ in reporting_periods(text[:20000]))
    if strict:
        if periods:
            return periods.most_common(1)[0][0]
        # a data page's figures 'at 31 March 2023' are the position at the end of 2022-23
        at_end = Counter(f"{int(y) - 1}-{int(y) % 100:02d}" for y in re.findall(r"\bat\s+(?:the\s+end\s+of\s+|31(?:st)?\s+)March\s+(20\d\d)\b", text[:20000], re.I))
        return at_end.most_common(1)[0][0] if at_end else None
    years = Counter(financial_years(text[:20000])) + periods
    if years:
        return years.most_common(1)[0][0]
    # only the plans ahead are dated ("reflections and priorities for 2023-25"): they start the year after
    ahead = re.search(r"\b(?:priorities|plans?|strategy|business plan)\s+(?:for\s+)?(20\d\d)\s*[-/–]\s*(?:20)?\d\d\b", text[:20000], re.I)
    if ahead:
        start = int(ahead.group(1)) - 1
        return f"{start}-{(start + 1) % 100:02d}"
    return None


_REPORT_COVERS = re.compile(
    r"\b(?:the|this|our)\s+report,?\s+(?:which\s+)?(?:covers|covering|is for|relates to)\s+(?:the\s+(?:financial\s+|reporting\s+)?(?:year|period)\s+(?:of\s+|from\s+)?)?(.{0,40})",
    re.I,
)


def _two_years(text: str) -> str | None:
    """'Annual Report 2021/23', a report of two years: the year it ends in, '2022-23'."""
    match = re.match(r"\s*(20\d\d)\s*[-/–]\s*(?:20)?(\d\d)\b", text)
    if not match or int(match.group(2)) != int(match.group(1)[2:]) + 2:
        return None
    end = 2000 + int(match.group(2))
    return f"{end - 1}-{end % 100:02d}"


def _one_digit(text: str) -> str | None:
    """'Annual Report 2023/4', 'Yearly Report 2023-4': a financial year whose second year is written by its last digit."""
    match = re.search(r"(?<![\d/])(20\d\d)\s*[-/–]\s*(\d)(?![\d/.,:%])", text)
    if not match or int(match.group(2)) != (int(match.group(1)) + 1) % 10:
        return None
    start = int(match.group(1))
    return f"{start}-{(start + 1) % 100:02d}"


def _period_in(text: str) -> str | None:
    found = reporting_periods(text)
    return found[0][0] if found else None


def title_blocks(document, limit: int = 8) -> list[int]:
    """The blocks of the document's opening lines: up to the first paragraph of running text (more than 25
    words), at most ``limit`` blocks; where a title says what the document is and what year it is for."""
    out = []
    for index, block in enumerate(document.blocks[:limit]):
        words = len(document.block_text(block).split())
        if block.kind is not BlockKind.table and words > 25:
            break
        out.append(index)
    return out


def _title_year(tagged: TaggedDocument) -> str | None:
    """The financial year the opening lines name ('Performance dashboard 2021/22', 'Annual Report 24/25')."""
    document = tagged.document
    for index in title_blocks(document):
        block = document.blocks[index]
        if block.kind is BlockKind.table:
            continue
        line = document.block_text(block)
        if len(line.split()) > 20 or (len(line.split()) >= 8 and line.rstrip().endswith((".", "!", "?"))):
            continue  # a sentence of running text, not a title ("its report for 2021-22 would be published next winter.")
        year = normalise_year(line) or _period_in(line) or short_financial_year(line) or _one_digit(line)
        planned = re.search(r"\b(?:priorities|plans?|strategy)\s+(?:for\s+)?(?:20\d\d\s*[-/–]\s*(?:20)?\d\d)", line, re.I)
        if planned and _period_in(line[: planned.start()]):
            year = _period_in(line[: planned.start()])  # "Report covering September 2010 to March 2012 and priorities 2012-13"
        if year:
            return year
    return None
