"""Figures: a number tied to the metric its sentence, call-out or table row names.

Comparator cues (last year, national, London, statistical neighbours, an earlier year)
in the clause before the number mark figures quoted for comparison.
"""

from __future__ import annotations

import re

from lscp.schemas import BlockKind, FigureMention, metrics

from .comparators import MONTH_POSITIONS, bare_year_older, comparator_of, dated, same_as_before, year_after
from .context import DocContext
from .metrics import (
    blocker_cues, breakdown_of, carried_metric, category_share, cue_right_after, has_number_between, in_context, metric_cues,
    pick_metric, resolve_metric, span_ids,
)
from .numbers import NumberHit, find_numbers
from .figures_phrases import BECAME, BOTH_BECAME, COURSE_OVERALL, NOT_SATISFACTION, ONE_TEAMS_WORK, SOME_MONTHS, course_part, cumulative_until, named_course, one_course, CHANGED_FROM_ALONE, DEATH_REVIEWS, DEATHS_REVIEWED, NAMED_AFTER_REVIEW, OF_THE_PART, changed_to_from, more_specific, part_starts, year_line_figure, count_or_rate, flattened_columns, own_region, phrase_figure, shared_comparator
from .figures_tables import area_line_figure, figures_in_table
from .figures_rows import attendance_line, is_contents_list as _is_contents_list, year_column_rows
from .segments import Segment, TaggedDocument, is_number_block

MAX_CALLOUT_LABEL = 160


def tag(tagged: TaggedDocument, ctx: DocContext) -> list[FigureMention]:
    """The figures of every sentence, call-out and table, in document order."""
    out: list[FigureMention] = []
    carry: dict = {}  # the measure last read, for the comparison figures of the next sentences
    last_block = -1
    flat, done = flattened_columns(tagged, ctx, _figure_fields)
    rows, taken = year_column_rows(tagged, ctx)  # "Contacts   9,812   10,406" under "Front door activity   2022/23   2023/24"
    flat, done = {**flat, **rows}, done | taken
    for number, seg in enumerate(tagged.segments):
        if seg.block_index in done:
            out += flat.get(seg.block_index, [])
            continue
        if seg.block_index - last_block > 2:
            carry = {}
        last_block = seg.block_index
        carry["now"] = number  # sentences read so far: a comparison borrows the measure of the last two only
        block = tagged.document.blocks[seg.block_index]
        if seg.kind is BlockKind.table:
            out += figures_in_table(seg, block.rows or [], ctx, _lead_in(tagged, seg))
            continue
        if seg.kind is BlockKind.list_item and (line := year_line_figure(tagged, seg, ctx, _figure_fields)) is not None:
            out.append(line)
            continue
        if seg.kind is not BlockKind.table and (line := area_line_figure(tagged, seg, ctx, _figure_fields)) is not None:
            out.append(line)  # "Penllech 94" under "Children on the child protection register at 31 March 2023"
            continue
        if is_number_block(tagged.document, block):
            callout = _callout(tagged, seg)
            if callout is not None:
                out += figures_in_segment(callout, ctx, carry)
            continue
        found = figures_in_segment(seg, ctx, carry)
        out += found
        if found:
            carry["mentions"] = found  # a later sentence's bare comparison picks the count or the rate by size
        if not found and not find_numbers(seg.text) and len(named := {c.metric for c in metric_cues(seg)}) == 1 and metrics()[next(iter(named))].unit.value == "count":
            # "The number of children on protection plans is at its highest for a decade. The figure has risen ... to 612."
            carry.update(metric=next(iter(named)), unit="count", seq=number)
    return out


def _lead_in(tagged: TaggedDocument, table: Segment) -> tuple[list[str], str]:
    """The metric cues and text of the short title line a table follows (one or two blocks before it)."""
    cues: list[str] = []
    title = ""
    for back in (1, 2):
        segs = [s for s in tagged.segments if s.block_index == table.block_index - back]
        if len(segs) != 1 or segs[0].kind is BlockKind.table:
            break
        if len(segs[0].text.split()) <= 12:
            title = title or segs[0].text
            cues = [c.metric for c in metric_cues(segs[0])]
            if cues:
                return cues, title
    return cues, title


def _callout(tagged: TaggedDocument, seg: Segment) -> Segment | None:
    """A number alone in its block joined to its label: the next block, or the previous one when it leads in."""
    document = tagged.document
    index = seg.block_index
    blocks = document.blocks
    prev_text = document.block_text(blocks[index - 1]) if index > 0 else ""
    next_text = document.block_text(blocks[index + 1]) if index + 1 < len(blocks) else ""
    next_is_number = index + 1 < len(blocks) and is_number_block(document, blocks[index + 1])
    prev_is_number = index > 0 and is_number_block(document, blocks[index - 1])
    number = seg.text.strip()
    if prev_text.rstrip().endswith((":", " was", " were", " is")) and not prev_is_number:
        label, text = prev_text, f"{prev_text.strip()} {number}"
    elif prev_text and not prev_is_number and _labels_lead(document, index):
        label, text = prev_text, f"{prev_text.strip()} {number}"
    # a next block that opens with a number is a call-out of its own ("1740 missing episodes" after a lone "1831")
    elif next_text and not next_is_number and not next_text.lstrip()[:1].isdigit() and len(next_text) <= MAX_CALLOUT_LABEL * 2:
        label, text = next_text, f"{number} {next_text.strip()}"
    elif prev_text and not prev_is_number and len(prev_text) <= MAX_CALLOUT_LABEL and not re.search(r"\d", prev_text):
        label, text = prev_text, f"{prev_text.strip()} {number}"
    else:
        return None
    doc = tagged.nlp(text)
    return Segment(text, seg.start, seg.end, seg.page, index, BlockKind.paragraph, seg.headings, doc, doc[:], synthetic=True)
def _labels_lead(document, index: int) -> bool:
    """'Contacts / 17,904 / Referrals / 4,126' between headings: a run of label and number lines that opens with a
    label and closes with a number gives each number the label above it (a run that closes on a label reads down)."""
    blocks = document.blocks

    def kind(i: int) -> str:
        if is_number_block(document, blocks[i]):
            return "number"
        text = document.block_text(blocks[i])
        return "break" if blocks[i].kind is BlockKind.heading or len(text) > MAX_CALLOUT_LABEL or re.search(r"\d", text) else "label"

    start = end = index
    while start > 0 and kind(start - 1) not in ("break", kind(start)):
        start -= 1
    while end + 1 < len(blocks) and kind(end + 1) not in ("break", kind(end)):
        end += 1
    return kind(start) == "label" and kind(end) == "number" and end - start >= 3  # two pairs at least: one pair reads either way


_NOT_LOCAL = ("national", "regional", "statistical_neighbour")  # comparison figures are about no one area of the partnership
_CHILDREN = re.compile(r"\b(children|child|young people|under[- ]1[68]s?|aged 0|0-1[789])\b", re.I)


_OLDER_LEAVERS = re.compile(r"^\s*care leavers\s+aged\s+\d+\s*(\+|and over|and older|or over|or older)", re.I)
def figures_in_segment(seg: Segment, ctx: DocContext, carry: dict | None = None) -> list[FigureMention]:
    """Figure mentions of one sentence; ``carry`` holds the last metric seen, for comparison clauses."""
    text = seg.text
    numbers = find_numbers(text)
    # a paragraph that names one course: the counts of its later sentences are that course's ("A total of 164 attended")
    in_course = carry is not None and carry.get("course") == seg.block_index and not COURSE_OVERALL.search(text)
    if carry is not None and (course_part(text) or named_course(text)):
        carry["course"] = seg.block_index
    if not numbers or _is_contents_list(text):
        return []
    cues = metric_cues(seg)
    blockers = blocker_cues(seg)
    comparators = span_ids(seg, "cue", "COMPARATOR")
    comparators = own_region(comparators, text, ctx)  # a regional board's "across the region" is its own area
    breakdowns = span_ids(seg, "cue", "BREAKDOWN")
    out: list[FigureMention] = []
    if seg.synthetic:
        # a call-out: only the number standing alone is read here; its label is read as its own sentence
        numbers = [n for n in numbers if n.start == 0 or n.end >= len(text.rstrip())]
    subset = bool(re.match(r"^\s*(\w+\s*[-–:]\s*)?of\s+(the\s+)?\d", text, re.I))  # "Of 104 new plans ..., 54 (48%) ...": a subset's parts
    if not subset and OF_THE_PART.match(text):
        subset = True  # "Of the referrals received in 2017/18, 1,731 (86%) progressed to a social care assessment": a part
    if subset and _WHOLE_THEN_RATE.match(text):
        subset = False  # "Of the 3,116 referrals to children's social care, 22.4% were re-referrals": the year's total and its rate
    if subset or _AVERAGE.search(text) or _PART_OF_YEAR.search(text) or MONTH_POSITIONS.search(text):
        # "the average weekly number of referrals was 23"; "93% in the first quarter": no figure, but the
        # measure they speak of carries to the comparison that may follow
        first = next((m for n in numbers if (m := pick_metric(n, numbers, cues, text, blockers))), None)
        if first and carry is not None:
            carry.update(metric=first, unit=metrics()[first].unit.value, seq=carry.get("now"))
        return []
    previous: tuple[NumberHit, str, str | None] | None = None  # the last figure read in this sentence
    starts: dict[int, str] = {}  # where the end of a 'from N to M' change begins: the measure of its start
    parts_only: set[str] = set()  # measures this sentence gives only for a part ("care leavers aged 22 and older")
    parts = part_starts(text)  # "486 contacts, made up of 203 referrals and 283 requests for advice": the parts of a whole
    cumulative = cumulative_until(text, ctx)
    for number in numbers:
        if any(c.start <= number.start and number.end <= c.end for c in cues) or _QUOTED_TITLE_AFTER.match(text[number.end :]) or _OUT_OF_AFTER.match(text[number.end :]):
            continue  # "within 45 working days" is a cue, not a figure; "7 'Designated Safeguarding Lead' courses"
        if number.start in parts or number.start < cumulative:
            continue  # a part of a whole read with it; a count since a date years before
        when = dated(number, text, ctx)
        if when == "after_period":
            # "357 care leavers were supported at the end of September 2022"; what it counts still carries
            skipped = pick_metric(number, numbers, cues, text, blockers)
            previous = (number, skipped, None) if skipped else previous
            continue
        if when == "older_period":
            continue
        comparator = comparator_of(number, numbers, comparators, text, ctx)
        if comparator is None and out and previous is not None and shared_comparator(numbers, comparators, out, number.unit, text, ctx):
            comparator = out[-1].comparator  # "the England rates were 42.1 children on plans and 70 children looked after per 10,000"
        if comparator == "older" or bare_year_older(number, text, ctx):
            continue  # "70 in 2019/20" or "(up from 74.2% in 2019)" in a report on 2021/22
        if comparator == "previous_year" and _COMPARED_AFTER.match(text[number.end :]):
            comparator = None  # "stayed close to the previous year (131 occasions compared with 132 in the previous year)": this year's
        pair = _FROM_TO.match(text[number.end :]) if re.search(r"\bfrom\s+(?:around\s+|about\s+)?$", text[: number.start], re.I) else None
        if pair and comparator == "previous_year" and (start_metric := pick_metric(number, numbers, cues, text, blockers)):
            starts[number.end + pair.end()] = start_metric  # "from 691 a year earlier to 709": the end has the start's measure
        if pair and comparator is None:
            # "increased from 290 in March 2021 to 307 in March 2022": the start is the year before only when dated so
            start_metric = pick_metric(number, numbers, cues, text, blockers)
            if start_metric:
                starts[number.end + pair.end()] = start_metric
            if when != "previous_period" and not (ctx.reporting_year and not _ANY_PERIOD.search(text)):
                continue  # "since April 2020 ... from 542 to 759": a start older than the year before
            comparator = "previous_year"  # dated so, or "climbed from 288 to 341" with no period at all: this year's change
        if comparator is None and pair is None and when is None and previous is not None and _CHANGE_FROM.search(text[previous[0].end : number.start]):
            comparator = "previous_year"  # "11,842 contacts, down from 12,307": the figure it changed from, a year before
        if comparator is None and pair is None and when is None and previous is not None and changed_to_from(text, previous[0], number):
            comparator = "previous_year"  # "Referrals to CAMHS rose to 3,905 from 3,512"
        if comparator is None and when == "previous_period" and previous is not None:
            comparator = "previous_year"  # "63 ... as at 31st March 2022, lower than the 79 supported as at March 2021"
        if comparator is None and previous is not None and previous[2] == "previous_year" and _BRACKET_OPEN.fullmatch(text[previous[0].end : number.start]):
            comparator = "previous_year"  # "up from 601 (35.2 per 10,000)": the earlier figure restated as a rate
        carried = carry.get("metric") if carry and carry.get("now", 0) - carry.get("seq", -9) <= 2 else None
        recent = carried if previous is None else previous[1]  # the measure of the figure read last
        if comparator is None and pair is None and when in (None, "previous_period") and CHANGED_FROM_ALONE.search(text[: number.start]) and not _TO_AFTER.match(text[number.end :]):
            comparator = "previous_year"  # "CLA numbers had risen from 296 at the end of March 2022": the year before, the measure named earlier
        if previous is None and any(c.start < number.start for c in cues + blockers):
            carried = None  # the sentence names its own measure: nothing carries over from earlier sentences
        elif previous is not None:
            carried = previous[1]
        special = phrase_figure(number, text, previous, carried, comparator, cues, ctx)
        if special:
            # review counts by the verb that acted on them, the child population inside a rate, parts after a colon
            metric, breakdown, rule = special
            fields = _figure_fields(metric, number, None, ctx.area_for(seg, number.start, number.end), breakdown)
            base = seg.sent.start_char if seg.sent is not None else 0
            out.append(seg.mention(FigureMention, base + number.start, base + number.end, rule, **fields))
            if rule != "figure.population":  # the base of a rate is no measure for the comparisons after it
                previous = (number, metric, None)
            continue
        if number.from_words and number.unit != "pct" and number.value < 100 and not cue_right_after(number, cues, text) and not (comparator and carried and (year_after(number, text) or comparator == "previous_year")):
            continue  # "four Rapid Reviews"; "compared to just five in 2020/21" after a figure ("One hundred and forty-two children were ..." reads as digits)
        choice = pick_metric(number, numbers, cues, text, blockers)
        rule = "figure.sentence"
        if choice is None and attendance_line(number, text, seg, carried):
            choice = "training_attendees"  # "1,466 attendance" on a headline line of the training section
        became = BECAME.match(text[number.end :])
        target = next((c.metric for c in cues if became and c.start == number.end + became.end()), None)
        if target and resolve_metric(target, number.unit):
            choice = resolve_metric(target, number.unit)  # "Four of the serious incident notifications turned into rapid reviews"
        if choice == "child_population" and number.from_words and number.value < 100:
            continue  # "Family P, four children living in a neglected home": a family, not the area's children
        if choice == "child_deaths_notified" and (DEATHS_REVIEWED.match(text[number.end :]) or (DEATH_REVIEWS.match(text[number.end :]) and _NOTIFIED.search(text))):
            continue  # "26 child deaths were reviewed and closed": deaths reviewed, not notified
        if choice and (specific := more_specific(choice, number, cues, parts, comparator, recent, text)):
            choice = specific
        if choice == "training_sessions" and re.match(r"^\s+(?:officers|practitioners|professionals|people|staff|delegates|participants|learners|colleagues)\b", text[number.end :], re.I):
            if not _SESSIONS_TO.search(text[: number.start]):
                continue  # "learning events ... disseminated across the command unit (roughly 1600 officers)": people, not sessions
            choice, rule = "training_attendees", "figure.trained_people"  # "delivered training sessions to over 1,350 people"  # "learning events ... disseminated across the command unit (roughly 1600 officers)": people, not sessions
        if choice == "rapid_reviews" and number.value == 1 and _LED_TO_REVIEW.search(text[number.end :]):
            choice = "lcspr_commissioned"  # "One rapid review, concerning Baby R, led to a local child safeguarding practice review"
        if choice == "lcspr_commissioned" and (_NOT_AFTER.match(text[number.end :]) or (number.value == 1 and NAMED_AFTER_REVIEW.search(text[number.end : number.end + 120]))):
            continue  # "Four were not progressed to a local review"; "One had led to an LCSPR, Child E, ...": the review itself, named
        if choice is None and number.start in starts:
            choice, rule = starts[number.start], "figure.from_to"  # "... to 307 in March 2022": the start's measure
        part = _PART_AFTER.match(text[number.end :]) if previous is not None else None
        if part:
            # "612 missing episodes, 214 of them from care"; "684 episodes ..., 201 children; 390 of the episodes ..."
            noun = (part.group(2) or "")[:6].lower()
            whole = next((m.metric for m in reversed(out) if noun and noun in m.metric), previous[1])
            became = not part.group(2) and choice and choice != whole and any(c.metric == choice and 0 <= c.start - number.end <= 40 for c in cues)
            if whole == "child_deaths_notified" and DEATHS_REVIEWED.match(" deaths " + text[number.end + part.end() :]):
                continue  # "19 child deaths in the period, and 14 of those had been reviewed": deaths reviewed, not notified
            if metrics()[whole].unit.value == number.unit and not became:  # "2,377 of these became referrals": a measure of its own
                choice, rule = whole, "figure.part"
        if choice is None and previous is not None and previous[0].unit == number.unit and _LIST_JOIN.match(text[previous[0].end : number.start]):
            choice, comparator = previous[1], previous[2]  # "met participants' needs (67.1% and 72.0%)"
            rule = "figure.list"
        if (
            choice is None and number.unit == "count" and _PEOPLE_AFTER.match(text[number.end :])
            and (any(c.metric == "training_sessions" for c in cues) or (_SESSIONS_TO.search(text[: number.start]) and re.search(r"\btraining\b", text, re.I)))
            and not _QUOTE_MARK.search(text)
        ):
            choice, rule = "training_attendees", "figure.trained_people"  # "48 training sessions to 1,187 practitioners"
        if (
            choice is None and previous is not None and previous[0].unit == number.unit and comparator is None
            and re.search(r"\b(and|while|with)\s*$", text[previous[0].end : number.start]) and not re.search(r"[.;:]", text[previous[0].end : number.start])
            and ctx.area_after(text[number.end :])
        ):
            choice, rule = previous[1], "figure.area_list"  # "1,927 families in Kestermouth and 1,105 in Linwick"
        if choice is None and carried and (comparator or number.unit == "rate_per_10k" or year_after(number, text) or _ANAPHOR.search(text[: number.start]) or _FIGURE_ANAPHOR.search(text[: number.start]) or (previous is not None and _FIGURE_ANAPHOR.search(text[: number.start].rsplit(";", 1)[-1]))):
            choice = carried_metric(carried, number.unit, text)
            rule = "figure.comparison_carry"
            if choice and number.unit == "count" and metrics()[choice].unit.value == "rate_per_10k":
                choice = count_or_rate(choice, number, out or (carry or {}).get("mentions", []), text[number.end :])
            elif choice and number.unit == "count" and any(n.unit == "rate_per_10k" and (previous[0].end if previous else 0) <= n.start < number.start for n in numbers):
                choice = None  # "4,212 referrals, a rate of 598 per 10,000, higher than the national rate of 533": a rate's comparison
        if choice is None and number.unit == "rate_per_10k" and carry is not None:
            carry.update(metric=None, unit=number.unit, seq=carry.get("now"))  # a rate of something else
        if choice is None:
            choice = category_share(number, seg, breakdowns)
            rule = "figure.category_share"
        if choice is None and comparator is None and carry is not None:
            carry.update(metric=None, seq=carry.get("now"))  # a number of some other measure ends the comparison
        if choice is None or (choice == "child_population_pct" and not _about_children(seg, ctx) and carried != "child_population") or not in_context(choice, seg):
            continue
        if choice in parts_only or (choice == "care_leavers" and _OLDER_LEAVERS.match(text[number.end :])):
            parts_only.add(choice)  # "... lower than the 79 supported as at March 2021": the same age band
            continue  # "63 care leavers aged 22 and older": one age band of the care leavers supported
        if choice == "children_looked_after" and re.search(r"\b(?:relating\s+to|involving|concerning)\s+$", text[: number.start], re.I):
            continue  # "391 incidents relating to 47 Children Looked After": the children some episodes concern
        if choice == "training_attendees" and _ONE_EVENT.search(text[: number.start]):
            continue  # "its spring conference was attended by more than 220 delegates": one event, not the year's training
        if choice.startswith("training_") and (one_course(seg) or course_part(text) or SOME_MONTHS.search(text) or (number.unit == "count" and (named_course(text) or in_course))):
            continue  # "102 people attended our neglect training": one course's figures, a part of the year's training
        if (choice == "training_satisfaction_pct" and NOT_SATISFACTION.search(text)) or (not choice.startswith("training_") and ONE_TEAMS_WORK.search(text[: number.start])):
            continue  # "88% would recommend the training"; "the Designated Nurse team took part in 58 strategy discussions"
        if choice == "partnership_income_gbp" and _ONE_PARTNERS_PART.search(text[: number.start]):
            continue  # "The Council's contribution to the partnership budget was £118,400": one partner's part, not the total
        following = next((n for n in numbers if n.start >= number.end), None)
        paired = rule == "figure.list" or (following is not None and following.unit == number.unit and _LIST_JOIN.match(text[number.end : following.start]))
        if comparator is not None and rule in ("figure.comparison_carry", "figure.list") and paired:
            # "rates of A (301.7) and of B (38.9) were both below the England rates of 334.3 and 42.1": in turn
            mine = [m.metric for m in out if m.comparator is None and m.unit == metrics()[choice].unit.value]
            if len(mine) >= 2 and len(set(mine)) == len(mine):
                done = sum(1 for m in out if m.comparator == comparator and m.metric in mine)
                choice = mine[min(done, len(mine) - 1)]
        own = [b for b in breakdowns if not has_number_between(numbers, min(number.end, b[1]), max(number.start, b[0]))]
        breakdown = breakdown_of(choice, number, own, text, seg)
        if breakdown is None and comparator is not None and out and out[-1].metric == choice and previous is not None and previous[1] == choice:
            breakdown = out[-1].breakdown  # "46.2% of plans were for neglect (England 47.8%)": the same category compared
        if choice == "cp_category_pct" and breakdown is None:
            continue
        area = None if comparator in _NOT_LOCAL else ctx.area_for(seg, number.start, number.end)
        fields = _figure_fields(choice, number, comparator, area, breakdown)
        if seg.synthetic:
            out.append(seg.mention(FigureMention, 0, 0, rule + ".callout", **fields))
        else:
            base = seg.sent.start_char if seg.sent is not None else 0
            out.append(seg.mention(FigureMention, base + number.start, base + number.end, rule, **fields))
        if comparator is None and same_as_before(number, numbers, text, ctx):
            # "15 referrals were made to the LADO during 2021/2022, the same as 2020/21": the same figure a year before
            out.append(out[-1].model_copy(update={"comparator": "previous_year", "rule": out[-1].rule + ".same_as"}))
        both = BOTH_BECAME.match(text[number.end :]) if comparator is None else None
        then = next((c.metric for c in cues if both and c.start == number.end + both.end()), None)
        if then and then != choice and resolve_metric(then, number.unit) == then:
            # "4 serious incident notifications have been received and progressed to Rapid Reviews": all of them, both counts
            out.append(out[-1].model_copy(update={"metric": then, "rule": out[-1].rule + ".both"}))
        previous = (number, choice, comparator)
        if carry is not None:
            carry.update(metric=choice, unit=metrics()[choice].unit.value, seq=carry.get("now"))
    return out


_ONE_PARTNERS_PART = re.compile(r"(['’]s\s+(\w+\s+)?(contribution|share)\b|\bcontributed\b)[^.;£]*$", re.I)
_ONE_EVENT = re.compile(r"\b(?:conference|seminar|launch event)\s+(?:was|were|had\s+been)\s+attended\s+by\s+(?:over\s+|more\s+than\s+|around\s+|about\s+|nearly\s+|almost\s+)?$", re.I)
_SESSIONS_TO = re.compile(r"\b(?:sessions|courses|training)\s+to\s+(?:over\s+|more\s+than\s+|around\s+|about\s+|nearly\s+|almost\s+)?$", re.I)
_BRACKET_OPEN = re.compile(r"\s*\(\s*")
_NOTIFIED = re.compile(r"\bnotifi", re.I)
_FIGURE_ANAPHOR = re.compile(r"^\W*(?:(?:in|for)\s+(?:[A-Z][\w'’-]*\s+){1,3})?the\s+(?:figure|number|total)\b[^.;:\d]{0,80}?\b(?:to|at|was|is|of)\s+(?:around\s+|about\s+|nearly\s+|almost\s+|over\s+|more\s+than\s+|just\s+over\s+)?$", re.I)
_ANAPHOR = re.compile(r"\b(this|that|which|it)\s+(was|is|represents|stood at|equates to|rose to|fell to)\s*(around|about|approximately)?\s*$", re.I)
_AVERAGE = re.compile(r"\baverage\s+(weekly|monthly|daily|attendance)\b|\baverage number of\b|\bon average\b|\bper (event|session|course)\b|\bper (week|month|day)\b|\b(a|each) (week|month|day)\b", re.I)
_PART_OF_YEAR = re.compile(
    r"\b(first|second|third|fourth|final|last) (quarter|half)\b|\bQ[1-4]\b|\bquarter [1-3]\b|(?<!end of )\bquarter 4\b"
    # "By the end of September this year, 398 children were on a plan": a month's position, not the year's
    r"|\b(?:at|by)\s+the\s+end\s+of\s+(?:january|february|april|may|june|july|august|september|october|november|december)\b(?!\s+(?:19|20)\d\d)",
    re.I,
)
_FROM_TO = re.compile(r"(?:\s+(?:in|at|as\s+at|on)\s+(?:the\s+end\s+of\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?(?:[A-Z][a-z]+\s+)?20\d\d(?:\s*[-/–]\s*\d\d)?|\s+(?:at\s+the\s+(?:beginning|start)\s+of\s+the\s+(?:year|period)|a\s+year\s+(?:earlier|before|ago)|the\s+(?:previous\s+)?year\s+before|(?:in\s+)?the\s+previous\s+year|last\s+year))?\s+to\s+(?:around\s+|about\s+)?(?=[£\d])")
_LED_TO_REVIEW = re.compile(r"^\s+rapid review\b[^.;]{0,80}\b(?:(?:led|progressed|proceeded|went on) to|turned into)\s+an?\s+(?:local\s+)?(?:child\s+)?safeguarding practice review|^\s+rapid review\b[^.;]{0,80}\b(?:led|progressed) to\s+an?\s+L?CSPR\b", re.I)
_WHOLE_THEN_RATE = re.compile(
    r"^\s*of\s+the\s+[\d,]+\s+(?:referrals|contacts|section 47 enquiries)\b[^.;\d]{0,60},\s*[\d.]+\s*(?:%|per\s?cent)\s+(?:(?:were|was)\s+(?:re-?referrals|repeat referrals)|(?:led|progressed|proceeded|went\s+on)\s+to\s+an?\s+initial\s+(?:child\s+protection\s+)?conference)", re.I
)
_NOT_AFTER = re.compile(r"^[^.;]{0,20}?\b(?:not|never)\b|^[^.;]{0,20}?n['’]t\b", re.I)
_CHANGE_FROM = re.compile(
    r"^[^.;:\d]{0,90}\b(?:down|up|fallen|fell|dropped|rose|risen|increased?|decreased?|reduced|rise|fall|drop|increase|decrease|reduction)"
    r"\s+(?:of\s+\d+(?:\.\d+)?%\s+)?from\s+(?:around\s+|about\s+|the\s+)?$",
    re.I,
)
# a sentence naming any period or date: a 'from N to M' change in it may span more than the reporting year
_QUOTE_MARK = re.compile(r"(?<![A-Za-z])['‘]|[‘\"“]|['’](?![a-z])")  # a quoted title, not a possessive ("the Board's")
_ANY_PERIOD = re.compile(
    r"\b(?:since|between|until|quarters?|Q[1-4]|months?|weeks?|decade|(?:19|20)\d\d|(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s+years?"
    r"|(?:last|past|previous|recent)\s+(?:few\s+)?(?:years|decade)|(?:january|february|march|april|may|june|july|august|september|october|november|december))\b",
    re.I,
)
_OUT_OF_AFTER = re.compile(r"^[^.;\d]{0,60}?\bout of\s+(?:a\s+total\s+of\s+|the\s+)?[\d£]", re.I)  # "854 came from schools, out of 7,306": a part
_QUOTED_TITLE_AFTER = re.compile(r"^\s*['‘\"“][A-Z][^'’\"”]{3,80}['’\"”]")
_PART_AFTER = re.compile(r"^\s*of (them|these|those|the (\w+))\b", re.I)
_COMPARED_AFTER = re.compile(r"^\s+[a-z][^.;:\d]{0,30}?\bcompared\s+(?:with|to)\s+(?:around\s+|about\s+)?\d", re.I)
_TO_AFTER = re.compile(r"^[^.;]{0,60}?\bto\s+(?:around\s+|about\s+)?[£\d]")


_PEOPLE_AFTER = re.compile(r"^\s+(practitioners|professionals|people|staff|delegates|participants|learners|colleagues|members of (?:the|our) (?:\w+\s+)?workforce)\b", re.I)
_LIST_JOIN = re.compile(r"^\s*(,|and|or|&|,\s*and)\s*$", re.I)


def _about_children(seg: Segment, ctx: DocContext) -> bool:
    """'7.7% of total population' is the children's share only where the sentence, or the lines a short
    call-out continues, speak of children."""
    if _CHILDREN.search(seg.text):
        return True
    return len(seg.text.split()) <= 7 and bool(_CHILDREN.search(ctx.lead_in(seg.block_index)))


def _figure_fields(metric: str, number: NumberHit, comparator: str | None, area: str | None, breakdown: str | None) -> dict:
    return {
        "metric": metric,
        "number": number.text,
        "value": number.value,
        "unit": metrics()[metric].unit.value,
        "comparator": comparator,
        "area": area,
        "breakdown": breakdown,
    }
