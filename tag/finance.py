"""Budget tables: income by contributor and expenditure by category, with totals."""

from __future__ import annotations

import re

from lscp.schemas import BlockKind, Document, FinanceMention, financial_year

from .context import DocContext
from .orgs import org_spans
from .finance_lines import budget_lines
from .finance_names import short_names
from .segments import Segment, TaggedDocument

_AMOUNT = re.compile(r"^\s*£?\s*(\d{1,3}(?:,\d{3})+|\d{3,})(?:\.\d\d)?\b")
_LABEL_AND_AMOUNT = re.compile(r"^(?P<label>[^£\d]{3,}?)\s*£\s?(?P<amount>\d{1,3}(?:,\d{3})+|\d+)\s*$")
_DIRECTION = re.compile(r"(?<![-\w])(income|contributions?|funding|expenditure|spend|spent|spending|costs?)\b", re.I)
_TOTAL = re.compile(r"\btotal\b", re.I)
_PERCENT = re.compile(r"^\s*\d+(\.\d+)?\s*%\s*$")
_MIN_AMOUNT = 50
_NOT_BUDGET_HEADER = re.compile(r"(indicator|measure|metric|performance measure)s?$", re.I)
_CONTRIBUTOR_HEADER = re.compile(r"^\s*(partners?|contributors?|funders?|funding partners?|partner agenc(y|ies))\s*$", re.I)


def tag(tagged: TaggedDocument, ctx: DocContext) -> list[FinanceMention]:
    """Budget lines from tables, from lists of amounts and from sentences, in document order."""
    out: list[FinanceMention] = []
    amount_lists = _amount_lists(tagged.document)
    in_lines = budget_lines(tagged.document, amount_lists)
    state = {"short_names": short_names(tagged), "block": -1, "direction": None}
    for seg in tagged.segments:
        block = tagged.document.blocks[seg.block_index]
        if seg.kind is BlockKind.table:
            if _is_prose_row(block.rows or []):
                # a numbered paragraph set as a one-row table ('7.1 <tab> The partnership budget was ...')
                out += finance_in_sentence(seg, ctx, state)
            else:
                out += finance_in_table(seg, block.rows or [], tagged.document, seg.block_index, ctx.reporting_year)
            continue
        if seg.block_index in amount_lists:
            # list items that are each a label and an amount: a budget table written as a list
            out += finance_in_table(seg, amount_lists.pop(seg.block_index), tagged.document, seg.block_index)
        elif seg.block_index in in_lines:
            continue  # a line of a budget table set as text, read with its first line
        elif block.kind is not BlockKind.list_item or not amount_list_rows([seg.text], 1):
            out += finance_in_sentence(seg, ctx, state)
    return out


def _is_prose_row(rows: list[list[str]]) -> bool:
    return len(rows) == 1 and any(len(cell.split()) > 12 for cell in rows[0])


def _amount_lists(document: Document) -> dict[int, list[list[str]]]:
    """Runs of list items each giving a label and an amount ('- Staffing: £171,900'): first block -> rows."""
    out: dict[int, list[list[str]]] = {}
    run: list[int] = []
    blocks = document.blocks
    for index in range(len(blocks) + 1):
        if index < len(blocks) and blocks[index].kind is BlockKind.list_item and amount_list_rows([document.block_text(blocks[index])], 1):
            run.append(index)
            continue
        rows = amount_list_rows([document.block_text(blocks[i]) for i in run]) if run else None
        if rows:
            out[run[0]] = rows
        run = []
    return out


def _direction_of(text: str, *, last: bool = False) -> str | None:
    """The budget side a text names: its first direction word (or its last, for the lines above a table)."""
    words = [m.group(1).lower() for m in _DIRECTION.finditer(text)]
    if not words:
        return None
    word = words[-1] if last else words[0]
    return "income" if word.startswith(("income", "contribution", "funding")) else "expenditure"


def _amount(cell: str) -> float | None:
    match = None if _PERCENT.match(cell) else _AMOUNT.match(cell)
    if not match:
        return None
    value = float(match.group(1).replace(",", ""))
    return value if value >= _MIN_AMOUNT else None


def finance_in_table(seg: Segment, rows: list[list[str]], document: Document, block_index: int, year: str | None = None) -> list[FinanceMention]:
    """Read (label, amount) pairs from a budget table; the direction comes from column headers or the lines above.
    A table with a column for each of several years gives the reported year's column only."""
    before = " ".join(
        document.block_text(b) for b in document.blocks[max(0, block_index - 3) : block_index]
    )[-300:]
    context_direction = _direction_of(before, last=True) if before else None
    header_dirs: dict[int, str] = {}
    first = rows[0]
    for col, cell in enumerate(first):
        direction = _direction_of(cell) if not _amount(cell) else None
        if direction is None and _CONTRIBUTOR_HEADER.match(cell):
            direction = "income"  # "Partner | 2022/23 (£)": what each partner put in
        if direction:
            header_dirs[col] = direction
    heading_text = " ".join(seg.headings[-2:])
    if any(_NOT_BUDGET_HEADER.match(cell.strip()) for cell in first):
        return []  # a table of indicators, not a budget
    if not header_dirs and not context_direction and not re.search(r"budget|financ|income|expenditure", heading_text + before, re.I):
        return []
    out: list[FinanceMention] = []
    years = [financial_year(c) if _YEAR_CELL.match(c) else None for c in first]
    if year and sum(1 for y in years if y) >= 2 and year in years:
        if not header_dirs and re.fullmatch(r"\s*(?:agency|agencies|organisations?)\s*", first[0], re.I):
            header_dirs = {0: "income"}  # "Agency | 2020/21 | 2021/22": what each body put in, year by year
        return _year_column(seg, rows[1:], years.index(year), header_dirs, context_direction, heading_text)
    body = rows[1:] if header_dirs else rows
    section: str | None = None  # "Expenditure 2023-24 | £" part-way down: the rows below are spending
    for row in body:
        cells = [c.strip() for c in row if c.strip()]
        if cells and _direction_of(cells[0]) and not any(_amount(c) for c in cells) and len(cells[0].split()) <= 5:
            section = _direction_of(cells[0])
            continue
        col = 0
        while col < len(row):
            cell = row[col].strip()
            label, amount = None, None
            combined = _LABEL_AND_AMOUNT.match(cell)
            if combined:
                label, amount = combined.group("label").strip(), float(combined.group("amount").replace(",", ""))
                step = 1
            elif cell and _amount(cell) is None and not _PERCENT.match(cell) and col + 1 < len(row):
                # "Partner | Share | £": a share column between the label and its amount
                share = _PERCENT.match(row[col + 1]) is not None and col + 2 < len(row)
                amount = _amount(row[col + 2] if share else row[col + 1])
                label = cell
                step = 3 if share else 2
            else:
                step = 1
            if label and amount is not None and amount >= _MIN_AMOUNT and re.search(r"[A-Za-z]{2}", label):
                direction = (
                    (_direction_of(label) if _TOTAL.search(label) else None)
                    or section
                    or _column_direction(header_dirs, col)
                    or context_direction
                    or _direction_of(heading_text)
                )
                if direction:
                    is_total = bool(_TOTAL.search(label))
                    out.append(
                        seg.row_mention(FinanceMention, label, row, "finance.table", direction=direction, label=label, amount=amount, is_total=is_total)
                    )
            col += step
    return out


_YEAR_CELL = re.compile(r"^\s*(?:[A-Za-z]+\s+)?20\d\d\s*[-/–]\s*(?:20)?\d\d\b")


def _year_column(seg: Segment, body: list[list[str]], col: int, header_dirs: dict[int, str], context: str | None, heading: str) -> list[FinanceMention]:
    """'Agency | 2020/21 | 2021/22': each row's label with its amount in the reported year's column."""
    out, section = [], None
    for row in body:
        label = next((c.strip() for c in row if re.search(r"[A-Za-z]{2}", c)), "")
        amount = _amount(row[col]) if col < len(row) else None
        if label and amount is None and _direction_of(label) and len(label.split()) <= 5:
            section = _direction_of(label)  # "Expenditure" part-way down
        if not label or amount is None:
            continue
        direction = (_direction_of(label) if _TOTAL.search(label) else None) or section or _column_direction(header_dirs, 0) or context or _direction_of(heading)
        if direction:
            out.append(seg.row_mention(FinanceMention, label, row, "finance.year_column", direction=direction, label=label, amount=amount, is_total=bool(_TOTAL.search(label))))
    return out


def _column_direction(header_dirs: dict[int, str], col: int) -> str | None:
    """The direction of the nearest header at or to the left of this column (or just right of it,
    when a row is shifted one cell left of its header)."""
    if col not in header_dirs and col + 1 in header_dirs:
        return header_dirs[col + 1]
    left = [c for c in header_dirs if c <= col]
    return header_dirs[max(left)] if left else None


# ---------------------------------------------------------------- budgets in prose and in lists

_GBP = re.compile(r"£\s?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?:\.\d\d)?(?P<suffix>\s?(?:k|m|million)\b)?", re.I)
_FINANCE_SENTENCE = re.compile(
    r"\b(budget|contribut\w*|funded|funding|income|expenditure|spent|spend|spending|remainder|met by)\b"
    r"|\b(?:gives?|gave|pays?|paid)\s+(?:the\s+)?(?:partnership|board)\s+£", re.I)
_TOTAL_BEFORE = re.compile(
    r"\b(?P<what>budget|income|contributions|funding|expenditure|spend|spending|costs)\b[^£;]{0,60}?"
    r"\b(was|were|is|of|totalled|totalling|amounted to|came to|stood at|had been|has been|will be|would be)\s*$",
    re.I,
)
_GIVER_GAP = re.compile(
    r"\s*[(:–-]?\s*|\s*(?:['’]s?\s+)?(?:\w+\s+)?(?:contribution|share)\b[^£;.]{0,60}?\b(?:of|was|is)\s*"
    r"|\s*(?:,\s*(?:which|who)\s+)?(?:had\s+|has\s+|also\s+)?(?:contributed|provided|gave|given|paid|committed|put in|contributing|providing|giving|paying|contributes|provides|gives|pays)"
    r"(?:\s+(?:the\s+)?(?:partnership|board|us))?(?:\s+an?\s+(?:annual\s+|yearly\s+|one-off\s+)?(?:contribution|grant|sum)\s+of)?\s*"
    # "X provided half (£106,000), Y a third (£70,660) and Z the remaining £35,340"
    r"|\s*(?:had\s+|has\s+|also\s+)?(?:contributed|provided|gave|given|paid|met|paying|contributing|providing)?\s*(?:half|a\s+third|a\s+quarter|two\s+thirds|three\s+quarters|a\s+fifth"
    r"|\d+(?:\.\d+)?\s*(?:%|per\s*cent\b)|the\s+(?:remaining|rest|remainder|balance)(?:\s+of)?)(?:\s+of\s+(?:the\s+)?(?:budget|costs?|funding))?\s*[(,:]?\s*",
    re.I,
)
_SHARE = re.compile(r"\b(?:provided|gave|paid|met)\b|\b(?:half|a third|a quarter|the remaining|the rest|the remainder)\b|\d\s*(?:%|per\s*cent\b)", re.I)
_FUTURE_YEAR = re.compile(r"^\s*(?:for|in|during)\s+(?:the\s+)?(?:financial\s+year\s+)?(20\d\d\s*[-/–]\s*(?:20)?\d\d)")
_EACH_COUNCIL = re.compile(
    r"\beach of the (?:two|three|four|five|\d) (?:councils|local authorities)\s+(?:has\s+|had\s+)?(?:contributed|provided|paid|gave)\s*$", re.I
)
_SPENT_ON = re.compile(r"^\s*(?:was\s+|were\s+)?(?:spent\s+)?on\s+(?:the\s+)?(?P<what>[^,;.£()]{3,60}?)\s*(?=,|;|\.|\)|\band\s+£|$)", re.I)
_THE_COUNCIL = re.compile(r"\b[Tt]he Council\b")
# a police and crime commissioner named by the office alone ('the Police and Crime Commissioner £5,000'): a giver, though
# no organisation's full name; not the force (whose short name 'the police' it holds)
BARE_PCC = re.compile(r"\b(?:[Tt]he\s+)?(?:Office\s+of\s+the\s+)?Police\s+(?:and|&)\s+Crime\s+Commissioner(?:['’]s\s+Office)?\b(?!\s+for\s+[A-Z])")
BARE_PCC_LABEL = "Police and Crime Commissioner"
_FUNDING_HEADING = re.compile(r"\b(?:fund\w*|budget|financ\w*|income|contributions?)\b", re.I)


_BUDGET_AFTER = re.compile(r"\s*(?:annual\s+|yearly\s+|pooled\s+|shared\s+|total\s+)?budget\b", re.I)
_OWN_BUDGET_BEFORE = re.compile(r"\b(?:partnership|board|lscb|arrangements)['’]s?\s*$|\b(?:its|their)\s*$", re.I)


def _each_givers(text: str, givers: list[tuple[int, int, str]], amount_start: int) -> list[str]:
    """The givers named just before '£N each', joined by commas or 'and' ('X and Y £1K each'): two or more, else none."""
    chain: list[tuple[int, int, str]] = []
    end = amount_start
    for giver in sorted(givers, key=lambda g: -g[1]):
        if giver[1] <= end and re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|and\s+)?(?:the\s+)?", text[giver[1] : end], re.I) and (
            not chain or re.fullmatch(r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:the\s+)?", text[giver[1] : end], re.I)
        ):
            chain.append(giver)
            end = giver[0]
            if re.search(r"\b(?:the|and|,)\s*$", text[:end], re.I) is None:
                break
    return [g[2] for g in reversed(chain)] if len(chain) >= 2 else []


def _gbp_value(match: re.Match) -> float:
    value = float(match.group("num").replace(",", ""))
    suffix = (match.group("suffix") or "").strip().lower()
    return value * (1000 if suffix == "k" else 1_000_000 if suffix in ("m", "million") else 1)


_LABELLED_LIST = re.compile(r"^\W*(?P<lead>contributions?|income|funding|spending|spend|expenditure|costs)\b[^:£]{0,40}:\s*", re.I)
_ITEM = re.compile(r"(?P<label>[A-Za-z][^£;:]{1,80}?)\s*£\s?(?P<num>\d{1,3}(?:,\d{3})+|\d+)(?P<suffix>\s?(?:k|m|million)\b)?[^;]*")
_TOTAL_ALONE = re.compile(r"^\W*(?:the\s+)?(?:overall\s+|grand\s+)?total\b[^£]{0,30}£", re.I)
_LISTED_ITEM = re.compile(r"\s*(?:[:,;]\s*(?:and\s+)?|and\s+)(?!of\b|which\b|with\b|including\b|a\b|an\b|the\b)(?P<what>[a-z][a-z ]{2,40}?)\s*")
_CATEGORY_IN_BRACKETS = re.compile(r"(?P<label>[A-Za-z][A-Za-z ]{2,40}?)\s*\(\s*$")
_INCOME_FROM = re.compile(r"^\s*(?:coming\s+|came\s+|received\s+)?from\s+(?:(?:charges|fees|income)\s+(?:for|from)\s+(?P<a>\w+)|(?P<b>\w+)\s+(?:charges|fees|income))", re.I)


def _labelled_list(seg: Segment, text: str, base: int, direction: str) -> list[FinanceMention]:
    """'Spending: staffing £131,600; independent scrutiny £14,400. Total £173,400.': each item a line."""
    out = []
    lead = _LABELLED_LIST.match(text)
    for item in _ITEM.finditer(text, lead.end()):
        label = re.sub(r"^(?:and|the)\s+", "", item.group("label").strip(" ,.;"), flags=re.I)
        amount = _gbp_value(item)
        if amount < _MIN_AMOUNT or not label:
            continue
        is_total = bool(_TOTAL.match(label))
        label = ("Total " + direction) if is_total else label[0].upper() + label[1:]
        out.append(seg.mention(FinanceMention, base + item.start(), base + item.end(), "finance.labelled_list",
                               direction=direction, amount=amount, is_total=is_total, label=label))
    return out


def finance_in_sentence(seg: Segment, ctx: DocContext, state: dict | None = None) -> list[FinanceMention]:
    """Budget lines a sentence gives: 'funded by X (£201,000), Y (£94,500)', 'The Council contributed £98,500 to
    the budget of £171,000', 'Expenditure was £386,900, of which £271,400 was spent on staffing, £32,000 on ...'."""
    state = state if state is not None else {"short_names": [], "block": -1, "direction": None}
    if state["block"] != seg.block_index:
        state["block"], state["direction"] = seg.block_index, None
    text = seg.text
    amounts = list(_GBP.finditer(text))
    base = seg.sent.start_char if seg.sent is not None else 0
    if amounts and state["direction"] and _TOTAL_ALONE.match(text) and len(amounts) == 1:
        # "Total £178,000." after a sentence of contributions: the total of that side
        match, direction = amounts[0], state["direction"]
        return [seg.mention(FinanceMention, base + match.start(), base + match.end(), "finance.total_alone",
                            direction=direction, amount=_gbp_value(match), is_total=True, label="Total " + direction)]
    funding_section = bool(seg.headings) and bool(_FUNDING_HEADING.search(seg.headings[-1]))  # "How we are funded"
    if not amounts or not (_FINANCE_SENTENCE.search(text) or funding_section or (state["direction"] == "income" and _SHARE.search(text))):
        return []  # a sentence after the budget's total may give the shares alone: "X provided half (£106,000), ..."
    lead = _LABELLED_LIST.match(text)
    if lead and len(amounts) == 1 and re.fullmatch(r"\s*£[\d,.]+\s*[km]?\s*\.?\s*", text[lead.end() :], re.I):
        direction = state["direction"] = _direction_of(lead.group("lead")) or "income"  # "Income: £200,000."
        return [seg.mention(FinanceMention, base + amounts[0].start(), base + amounts[0].end(), "finance.labelled_total",
                            direction=direction, amount=_gbp_value(amounts[0]), is_total=True, label="Total " + direction)]
    if lead and _direction_of(lead.group("lead")) == "expenditure":
        state["direction"] = "expenditure"
        return _labelled_list(seg, text, base, "expenditure")
    givers = [(start - base, end - base, name) for start, end, name, _ in org_spans(seg)]
    givers += [(m.start(), m.end(), ctx.own_council() or "") for m in _THE_COUNCIL.finditer(text)]
    givers += [(m.start(), m.end(), BARE_PCC_LABEL) for m in BARE_PCC.finditer(text)
               if not any(a < m.end() and m.start() < b for a, b, _ in givers)]
    for pattern, full in state["short_names"]:
        for m in pattern.finditer(text):
            if not any(a < m.end() and m.start() < b for a, b, _ in givers):
                givers.append((m.start(), m.end(), full))
    givers = [g for g in givers if g[2]]
    if lead:
        state["direction"] = "income"
    out: list[FinanceMention] = []
    previous_end = 0
    spending = False  # after 'Expenditure was £X, of which': the amounts that follow are spent on something
    for match in amounts:
        amount = _gbp_value(match)
        before = text[previous_end : match.start()]
        previous_end = match.end()
        if amount < _MIN_AMOUNT:
            continue

        def line(direction: str, label: str, is_total: bool) -> None:
            out.append(seg.mention(FinanceMention, base + match.start(), base + match.end(), "finance.sentence",
                                   direction=direction, amount=amount, is_total=is_total, label=label))

        after = text[match.end() :]
        if re.match(r"\s*each\b(?!\s+(?:year|month|quarter))", after, re.I):
            # "the Probation Service and Cafcass £1K each": a line for each giver named just before
            for giver in _each_givers(text, givers, match.start()):
                line("income", giver, False)
            continue  # "equal funding of £60,000 each": one partner's part, neither a total nor a named line
        ahead = _FUTURE_YEAR.match(after)
        if ahead and ctx.reporting_year and (financial_year(ahead.group(1)) or "") > ctx.reporting_year:
            continue  # "the Council's contribution of £109,200 for 2025-26": a later year's budget
        source = re.match(r"\s*from\s+(?:the\s+)?", after)
        named_source = source and any(g[0] == match.end() + len(source.group(0)) for g in givers)
        total = None if named_source else _TOTAL_BEFORE.search(before)  # "contributions of £106K from X": X's line
        if not total and _BUDGET_AFTER.match(after) and _OWN_BUDGET_BEFORE.search(before):
            line("income", "Total income", True)  # "£118K of the partnership's £231K budget"
            state["direction"] = "income"
            continue
        if total and re.search(r"\b(contribution|share)\b", before[: total.start()], re.I):
            total = None  # "The Council's contribution to the partnership budget was £118,400": one partner's part
        if total:
            direction = _direction_of(total.group("what")) or "income"
            if total.group("what").lower() == "budget":
                direction = "income"  # 'the budget was £412,300, funded by ...': what the partners put in
            line(direction, "Total " + direction, True)
            spending = direction == "expenditure"
            state["direction"] = direction
            continue
        if source:  # "£58,860 from the health board"
            giver = next((g for g in givers if g[0] - match.end() == len(source.group(0)) or
                          (g[0] > match.end() and g[0] - match.end() <= len(source.group(0)) + 4 and
                           re.fullmatch(r"\s*from\s+(?:the\s+)?", text[match.end() : g[0]], re.I))), None)
            if giver is not None:
                line("income", giver[2], False)
                continue
        earned = _INCOME_FROM.match(after)
        if earned:  # "the remaining £2,450 coming from charges for training"
            line("income", (earned.group("a") or earned.group("b")).capitalize() + " income", False)
            continue
        giver = next((g for g in sorted(givers, key=lambda g: -g[1]) if g[1] <= match.start() and _GIVER_GAP.fullmatch(text[g[1] : match.start()])), None)
        if giver is not None and not _SPENT_ON.match(text[match.end() :]):
            line("income", giver[2], False)
            continue
        if _EACH_COUNCIL.search(before) and len(ctx.areas) > 1:
            for area in ctx.areas:  # 'Each of the three councils contributed £74,000'
                council = ctx.council_of(area)
                if council:
                    line("income", council, False)
            continue
        spent = _SPENT_ON.match(text[match.end() :])
        if spent and (spending or re.search(r"\bspent\b", text[match.end() : match.end() + 20], re.I)):
            line("expenditure", spent.group("what").strip(), False)
        elif re.search(r"\bspent\s*$", before, re.I):  # "It spent £298,000 in 2020/21": the year's spending
            line("expenditure", "Total expenditure", True)
            spending = True
        elif spending and (listed := _LISTED_ITEM.fullmatch(before)):
            # "Spending was £151,300: staffing £112,800, training £16,900 and other costs £2,200"
            line("expenditure", listed.group("what")[0].upper() + listed.group("what")[1:], False)
        elif spending and (bracketed := _CATEGORY_IN_BRACKETS.search(before)) and after.lstrip().startswith(")"):
            # "Spending was £329,850, the main items being staffing (£231,400) and independent scrutiny (£22,000)"
            label = re.sub(r"^(?:and|the|being)\s+", "", bracketed.group("label").strip(), flags=re.I)
            label = re.sub(r"^.*\bbeing\s+", "", label)
            line("expenditure", label[0].upper() + label[1:], False)
    return out


_LABELLED_AMOUNT = re.compile(r"^\s*(?P<label>[^£\d:]{2,80}?)\s*[:–-]\s*(?P<amount>£\s?\d{1,3}(?:,\d{3})+|£\s?\d+)\s*\.?\s*$")


def amount_list_rows(texts: list[str], minimum: int = 2) -> list[list[str]] | None:
    """List items that are each a label and an amount ('Staffing: £171,900'): the rows of a budget table."""
    rows = []
    for text in texts:
        match = _LABELLED_AMOUNT.match(text)
        if not match:
            return None
        rows.append([match.group("label").strip(), match.group("amount")])
    return rows if len(rows) >= minimum else None
