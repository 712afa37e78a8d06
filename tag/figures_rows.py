"""Figures in a small table flattened into text lines: a title line ending in two or three year labels
('Front door activity   2022/23   2023/24'), then one line per measure with a value per year
('Contacts   9,812   10,406'). Read as the table it was: each value takes its column's year."""

from __future__ import annotations

import re

from lscp.schemas import BlockKind, FigureMention, financial_year

from .context import DocContext
from .figures_tables import figures_in_table
from .numbers import find_numbers
from .segments import Segment, TaggedDocument

_YEAR = r"(?:19|20)\d\d(?:\s*[-/–]\s*(?:19|20)?\d\d)?"
# a title (no digits) and then two or three year labels, nothing else
_HEADER = re.compile(rf"^(?P<title>[^\d]{{0,80}}?)\s*(?P<years>{_YEAR}(?:\s+{_YEAR}){{1,2}})\s*$")
# a label of words ("Section 47 enquiries" too), then only numbers (a per cent sign allowed)
_ROW = re.compile(r"^(?P<label>[A-Za-z](?:[^\d]|(?<=[Ss]ection )47|(?<=[Ss])47){1,80}?(?:\b\d{1,2}(?:st)?\s+(?:months|working\s+days|days|[Mm]arch)\b[^\d]{0,20}?)?)\s+(?P<values>\d[\d,.]*%?(?:\s+\d[\d,.]*%?){1,2})\s*$")


def year_column_rows(tagged: TaggedDocument, ctx: DocContext) -> tuple[dict[int, list[FigureMention]], set[int]]:
    """Mentions by the block index of the title line, and every block the table's lines took."""
    found: dict[int, list[FigureMention]] = {}
    done: set[int] = set()
    if not ctx.reporting_year:
        return found, done
    document = tagged.document
    blocks = document.blocks
    index = 0
    while index < len(blocks):
        block = blocks[index]
        header = _HEADER.match(_cells(document.block_text(block))) if block.kind is not BlockKind.table else None
        years = re.findall(_YEAR, header.group("years")) if header else []
        labels = [financial_year(y) for y in years]
        if not header or not all(labels) or len(set(labels)) != len(labels):
            index += 1
            continue
        rows: list[list[str]] = [[header.group("title").strip(), *years]]
        end = index + 1
        while end < len(blocks) and blocks[end].kind is not BlockKind.table:
            row = _ROW.match(_cells(document.block_text(blocks[end])))
            values = row.group("values").split() if row else []
            if len(values) != len(years) or len(find_numbers(row.group("label"))) > 1:
                break
            rows.append([row.group("label").strip(), *values])
            end += 1
        if len(rows) < 3:
            index += 1
            continue
        first_year = int(ctx.reporting_year[:4])
        wanted = {ctx.reporting_year, f"{first_year - 1}-{first_year % 100:02d}"}
        keep = [0] + [i + 1 for i, label in enumerate(labels) if label in wanted]  # older years are not answered
        rows = [[r[i] for i in keep] for r in rows]
        text = "\n".join("\t".join(r) for r in rows)
        doc = tagged.nlp(text)
        first = blocks[index]
        seg = Segment(text, first.start, blocks[end - 1].end, first.page, index, BlockKind.table,
                      _headings(tagged, index), doc, doc[:], synthetic=True)
        mentions = figures_in_table(seg, rows, ctx, ([], header.group("title")))
        if mentions:
            found[index] = mentions
            done.update(range(index, end))
        index = end
    return found, done


def _cells(text: str) -> str:
    """A line with its cells joined by spaces: 'Contacts received | 11,842 | 12,506' as text comes out of a web page."""
    return re.sub(r"\s*\|\s*", "   ", text.strip().strip("|")).strip()


def _headings(tagged: TaggedDocument, index: int) -> list[str]:
    return next((s.headings for s in tagged.segments if s.block_index == index), [])


# a table of contents run together into one line: titles each followed by a page number, five or more
_CONTENTS_LIST = re.compile(r"(?:[A-Z][^\d.;:!?]{0,80}?\s\d{1,3}\s+){4,}[A-Z][^\d.;:!?]{0,80}?\s\d{1,3}")


def is_contents_list(text: str) -> bool:
    """'Early Help 36 Children in Need of Help and Protection 38 ... MARAC 43': page numbers, never figures."""
    text = text.strip()
    if not _CONTENTS_LIST.fullmatch(text):
        return False
    pages = [int(n) for n in re.findall(r"(?<=\s)\d{1,3}(?=\s|$)", text)]
    return all(a <= b for a, b in zip(pages, pages[1:]))


def attendance_line(number, text: str, seg: Segment, carried: str | None) -> bool:
    """'1,466 attendance' as a line of its own under a training count ('92 learning events') or a training heading
    among headline statistics: the year's attendees."""
    return (number.unit == "count" and not text[: number.start].strip() and bool(re.fullmatch(r"\s*attendances?\s*", text[number.end :], re.I))
            and (carried == "training_sessions" or bool(re.search(r"\btrain|\blearning\b|\bcourses?\b", " ".join(seg.headings[-2:]), re.I))))

