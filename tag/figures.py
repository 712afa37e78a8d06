"""Figures: a number tied to the metric its sentence, call-out or table row names.

Comparator cues (last year, national, London, statistical neighbours, an earlier year)
in the clause before the number mark figures quoted for comparison.
"""

from __future__ import annotations

import math
import re

from lscp.schemas import BlockKind, FigureMention, metrics

from .comparators import comparator_of, dated, same_as_before, year_after
from .context import DocContext
from .metrics import (
    blocker_cues, breakdown_of, carried_metric, category_share, cue_right_after, has_number_between, in_context, metric_cues,
    pick_metric, resolve_metric, span_ids,
)
from .numbers import NumberHit, find_numbers
from .figures_tables import column_meaning, figures_in_table
from .segments import Segment, TaggedDocument, is_number_block

MAX_CALLOUT_LABEL = 160


def tag(tagged: TaggedDocument, ctx: DocContext) -> list[FigureMention]:
    """The figures of every sentence, call-out and table, in document order."""
    out: list[FigureMention] = []
    carry: dict = {}  # the measure last read, for the comparison figures of the next sentences
    last_block = -1
    flat, done = _flattened_columns(tagged, ctx)
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
        if is_number_block(tagged.document, block):
            callout = _callout(tagged, seg)
            if callout is not None:
                out += figures_in_segment(callout, ctx, carry)
            continue
        out += figures_in_segment(seg, ctx, carry)
    return out


_PERIOD_LINE = re.compile(
    r"^\s*(?:(?:\d{1,2}(?:st|nd|rd|th)?\s+)?[A-Z][a-z]+\s+(?:\d{1,2}(?:st|nd|rd|th)?\s+)?)?(?:19|20)\d\d"
    r"(?:\s*[-–/]\s*(?:(?:\d{1,2}(?:st|nd|rd|th)?\s+)?[A-Z][a-z]+\s+(?:\d{1,2}(?:st|nd|rd|th)?\s+)?)?(?:(?:19|20)?\d\d))?\s*$"
)


def _flattened_columns(tagged: TaggedDocument, ctx: DocContext) -> tuple[dict[int, list[FigureMention]], set[int]]:
    """A two- or three-column table flattened into lines: the periods one per line ('1 April 2016 – 31 March
    2017', '1 April 2017 – 31 March 2018'), then the values one per line in the same order ('2,219', '1,580
    (381.5 per 10,000)'), under a title line that names the measure ('Referrals')."""
    document = tagged.document
    blocks = document.blocks
    texts = [document.block_text(b).strip() for b in blocks]
    by_block: dict[int, list[Segment]] = {}
    for seg in tagged.segments:
        by_block.setdefault(seg.block_index, []).append(seg)
    found: dict[int, list[FigureMention]] = {}
    done: set[int] = set()
    index = 0
    while index < len(blocks):
        periods = []
        while index + len(periods) < len(blocks) and blocks[index + len(periods)].kind is not BlockKind.table and _PERIOD_LINE.match(texts[index + len(periods)]):
            periods.append(index + len(periods))
        k = len(periods)
        values = list(range(index + k, index + 2 * k))
        if not 2 <= k <= 3 or values[-1] >= len(blocks) or not all(_lead_number(texts[v]) for v in values):
            index += max(k, 1)
            continue
        metric_ids = []
        for back in range(index - 1, max(-1, index - 4), -1):
            segs = by_block.get(back, [])
            cues = [c.metric for s in segs for c in metric_cues(s)]
            if cues and (len(texts[back].split()) <= 6 or len(set(cues)) == 1):
                metric_ids = cues
                break
        if not metric_ids:
            index += k
            continue
        for period, value in zip(periods, values):
            comparator = column_meaning(texts[period], ctx, set())[0]
            hit = _lead_number(texts[value])
            metric = next((m for m in (resolve_metric(c, hit.unit) for c in metric_ids) if m), None)
            segs = by_block.get(value, [])
            if comparator == "skip" or metric is None or not segs:
                continue
            seg = segs[0]
            fields = _figure_fields(metric, hit, comparator, None if comparator in _NOT_LOCAL else ctx.area_for(seg, 0), None)
            found.setdefault(value, []).append(seg.mention(FigureMention, 0, 0, "figure.flat_columns", **fields))
        done.update(values)
        index += 2 * k
    return found, done


def _lead_number(text: str) -> NumberHit | None:
    """The number a value line opens with: '1,580 (381.5 per 10,000, 0 – 17 population)'."""
    hits = find_numbers(text)
    if not hits or hits[0].start != 0 or hits[0].from_words or len(re.sub(r"\(.*?\)", "", text[hits[0].end :]).strip()) > 0:
        return None
    return hits[0]


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
    # a next block that opens with a number is a call-out of its own ("1740 missing episodes" after a lone "1831")
    elif next_text and not next_is_number and not next_text.lstrip()[:1].isdigit() and len(next_text) <= MAX_CALLOUT_LABEL * 2:
        label, text = next_text, f"{number} {next_text.strip()}"
    elif prev_text and not prev_is_number and len(prev_text) <= MAX_CALLOUT_LABEL and not re.search(r"\d", prev_text):
        label, text = prev_text, f"{prev_text.strip()} {number}"
    else:
        return None
    doc = tagged.nlp(text)
    return Segment(text, seg.start, seg.end, seg.page, index, BlockKind.paragraph, seg.headings, doc, doc[:], synthetic=True)
_NOT_LOCAL = ("national", "regional", "statistical_neighbour")  # comparison figures are about no one area of the partnership
_CHILDREN = re.compile(r"\b(children|child|young people|under[- ]1[68]s?|aged 0|0-1[789])\b", re.I)


_OLDER_LEAVERS = re.compile(r"^\s*care leavers\s+aged\s+\d+\s*(\+|and over|and older|or over|or older)", re.I)
_COURSE_WORDS = {"training", "course", "courses", "session", "sessions", "workshop", "workshops", "module", "modules"}


def _one_course(seg: Segment) -> bool:
    """A sentence about one course: a theme names the training ('neglect training', 'Neglect and Emotional
    Abuse courses'), so its counts are a part of the partnership's training, not the year's total."""
    if seg.doc is None:
        return False
    for span in seg.spans("theme"):
        after = [t.lower_ for t in seg.doc[span.end : span.end + 3]]
        if any(word in _COURSE_WORDS for word in after):
            return True
    return False


def figures_in_segment(seg: Segment, ctx: DocContext, carry: dict | None = None) -> list[FigureMention]:
    """Figure mentions of one sentence; ``carry`` holds the last metric seen, for comparison clauses."""
    text = seg.text
    numbers = find_numbers(text)
    if not numbers or _is_contents_list(text):
        return []
    cues = metric_cues(seg)
    blockers = blocker_cues(seg)
    comparators = span_ids(seg, "cue", "COMPARATOR")
    if ctx.partnership and _REGIONAL_BOARD.search(ctx.partnership):
        # a regional board's "across the region" is its own area, not a comparison
        comparators = [c for c in comparators if not (c[2] == "regional" and text[c[0] : c[1]].lower() == "region" and _OWN_REGION.search(text[: c[0]]))]
    breakdowns = span_ids(seg, "cue", "BREAKDOWN")
    out: list[FigureMention] = []
    if seg.synthetic:
        # a call-out: only the number standing alone is read here; its label is read as its own sentence
        numbers = [n for n in numbers if n.start == 0 or n.end >= len(text.rstrip())]
    subset = bool(re.match(r"^\s*(\w+\s*[-–:]\s*)?of\s+(the\s+)?\d", text, re.I))  # "Of 104 new plans ..., 54 (48%) ...": a subset's parts
    if not subset and _OF_THE_PART.match(text):
        subset = True  # "Of the referrals received in 2017/18, 1,731 (86%) progressed to a social care assessment": a part
    if subset and _WHOLE_THEN_RATE.match(text):
        subset = False  # "Of the 3,116 referrals to children's social care, 22.4% were re-referrals": the year's total and its rate
    if subset or _AVERAGE.search(text) or _PART_OF_YEAR.search(text):
        # "the average weekly number of referrals was 23"; "93% in the first quarter": no figure, but the
        # measure they speak of carries to the comparison that may follow
        first = next((m for n in numbers if (m := pick_metric(n, numbers, cues, text, blockers))), None)
        if first and carry is not None:
            carry.update(metric=first, unit=metrics()[first].unit.value, seq=carry.get("now"))
        return []
    previous: tuple[NumberHit, str, str | None] | None = None  # the last figure read in this sentence
    starts: dict[int, str] = {}  # where the end of a 'from N to M' change begins: the measure of its start
    parts_only: set[str] = set()  # measures this sentence gives only for a part ("care leavers aged 22 and older")
    for number in numbers:
        if any(c.start <= number.start and number.end <= c.end for c in cues) or _QUOTED_TITLE_AFTER.match(text[number.end :]) or _OUT_OF_AFTER.match(text[number.end :]):
            continue  # "within 45 working days" is a cue, not a figure; "7 'Designated Safeguarding Lead' courses"
        when = dated(number, text, ctx)
        if when == "after_period":
            # "357 care leavers were supported at the end of September 2022"; what it counts still carries
            skipped = pick_metric(number, numbers, cues, text, blockers)
            previous = (number, skipped, None) if skipped else previous
            continue
        comparator = comparator_of(number, numbers, comparators, text, ctx)
        if comparator is None and out and previous is not None and _shared_comparator(number, numbers, comparators, out, text, ctx):
            comparator = out[-1].comparator  # "the England rates were 42.1 children on plans and 70 children looked after per 10,000"
        if comparator == "older":
            continue  # "70 in 2019/20" in a report on 2021/22
        pair = _FROM_TO.match(text[number.end :]) if re.search(r"\bfrom\s+(?:around\s+|about\s+)?$", text[: number.start], re.I) else None
        if pair and comparator is None:
            # "increased from 290 in March 2021 to 307 in March 2022": the start is the year before only when dated so
            start_metric = pick_metric(number, numbers, cues, text, blockers)
            if start_metric:
                starts[number.end + pair.end()] = start_metric
            if when != "previous_period":
                continue  # "since April 2020 ... from 542 to 759": a start older than the year before
            comparator = "previous_year"
        if comparator is None and pair is None and when is None and previous is not None and _CHANGE_FROM.search(text[previous[0].end : number.start]):
            comparator = "previous_year"  # "11,842 contacts, down from 12,307": the figure it changed from, a year before
        if (
            comparator is None and pair is None and when is None and previous is not None
            and re.fullmatch(r"\s*from\s+(?:around\s+|about\s+)?", text[previous[0].end : number.start], re.I)
            and _CHANGED_TO.search(text[: previous[0].start])
        ):
            comparator = "previous_year"  # "Referrals to CAMHS rose to 3,905 from 3,512"
        if previous is not None and previous[1] == "missing_episodes" and comparator is None and (where := _FROM_PLACE.match(text[number.end :])):
            # "2,476 episodes of children going missing: 1,064 from home and 1,412 from care"
            fields = _figure_fields("missing_episodes", number, None, ctx.area_for(seg, number.start, number.end), f"from_{where.group(1).lower()}")
            base = seg.sent.start_char if seg.sent is not None else 0
            out.append(seg.mention(FigureMention, base + number.start, base + number.end, "figure.missing_part", **fields))
            continue
        if comparator is None and when == "previous_period" and previous is not None:
            comparator = "previous_year"  # "63 ... as at 31st March 2022, lower than the 79 supported as at March 2021"
        carried = carry.get("metric") if carry and carry.get("now", 0) - carry.get("seq", -9) <= 2 else None
        if previous is None and any(c.start < number.start for c in cues):
            carried = None  # the sentence names its own measure: nothing carries over from earlier sentences
        elif previous is not None:
            carried = previous[1]
        if (
            comparator is None and _PROGRESSED.match(text[number.end :]) and (carried == "rapid_reviews" or re.search(r"\brapid reviews?\b", text[: number.start], re.I))
            and not (number.value == 1 and _NAMED_AFTER_REVIEW.search(text[number.end : number.end + 120]))  # "One had led to an LCSPR, Child E": the review itself
        ):
            # "Six rapid reviews were held, and two of them progressed to a child safeguarding practice review"
            fields = _figure_fields("lcspr_commissioned", number, None, ctx.area_for(seg, number.start, number.end), None)
            base = seg.sent.start_char if seg.sent is not None else 0
            out.append(seg.mention(FigureMention, base + number.start, base + number.end, "figure.progressed", **fields))
            previous = (number, "lcspr_commissioned", None)
            continue
        if comparator is None and number.unit == "count" and number.value >= 1000 and _POPULATION_AFTER.match(text[number.end :]) and (
            _POPULATION_OF_RATE.search(text[: number.start]) or _place_has(text[: number.start], ctx)
        ):
            # "a rate of 58 per 10,000 of the county borough's 27,900 children"; "Ashlow has 44,300 children and young people"
            fields = _figure_fields("child_population", number, None, ctx.area_for(seg, number.start, number.end), None)
            base = seg.sent.start_char if seg.sent is not None else 0
            out.append(seg.mention(FigureMention, base + number.start, base + number.end, "figure.population", **fields))
            continue
        elided = None
        if comparator is None and previous is not None and previous[1] in ("lcspr_commissioned", "lcspr_published"):
            # "One LCSPR was commissioned and one was published"; "commissioned two LCSPRs and published one"
            after, before = _ELIDED_AFTER.match(text[number.end :]), _ELIDED_BEFORE.search(text[: number.start])
            if after or (before and _ELIDED_END.match(text[number.end :])):
                elided = (after or before).group(1).lower()
        if elided in ("published", "commissioned", "initiated"):
            metric = "lcspr_published" if elided == "published" else "lcspr_commissioned"
            fields = _figure_fields(metric, number, None, ctx.area_for(seg, number.start, number.end), None)
            base = seg.sent.start_char if seg.sent is not None else 0
            out.append(seg.mention(FigureMention, base + number.start, base + number.end, "figure.elided_reviews", **fields))
            previous = (number, metric, None)
            continue
        verb = _REVIEWS_BY_VERB.search(text[: number.start]) if comparator is None and _REVIEWS_AFTER.match(text[number.end :]) else None
        if verb and not any(c.start <= number.start < c.end for c in cues):
            # "held 12 rapid reviews and commissioned four local child safeguarding practice reviews"
            metric = "lcspr_published" if verb.group(1).lower() == "published" else "lcspr_commissioned"
            fields = _figure_fields(metric, number, None, ctx.area_for(seg, number.start, number.end), None)
            base = seg.sent.start_char if seg.sent is not None else 0
            out.append(seg.mention(FigureMention, base + number.start, base + number.end, "figure.reviews_by_verb", **fields))
            previous = (number, metric, None)
            continue
        if number.from_words and number.value < 100 and not cue_right_after(number, cues, text) and not (comparator and carried and (year_after(number, text) or comparator == "previous_year")):
            continue  # "four Rapid Reviews"; "compared to just five in 2020/21" after a figure ("One hundred and forty-two children were ..." reads as digits)
        choice = pick_metric(number, numbers, cues, text, blockers)
        rule = "figure.sentence"
        if choice == "training_sessions" and re.match(r"^\s+(?:officers|practitioners|professionals|people|staff|delegates|participants|learners|colleagues)\b", text[number.end :], re.I):
            continue  # "learning events ... disseminated across the command unit (roughly 1600 officers)": people, not sessions
        if choice == "rapid_reviews" and number.value == 1 and _LED_TO_REVIEW.search(text[number.end :]):
            choice = "lcspr_commissioned"  # "One rapid review, concerning Baby R, led to a local child safeguarding practice review"
        if choice == "lcspr_commissioned" and (_NOT_AFTER.match(text[number.end :]) or (number.value == 1 and _NAMED_AFTER_REVIEW.search(text[number.end : number.end + 120]))):
            continue  # "Four were not progressed to a local review"; "One had led to an LCSPR, Child E, ...": the review itself, named
        if choice is None and number.start in starts:
            choice, rule = starts[number.start], "figure.from_to"  # "... to 307 in March 2022": the start's measure
        part = _PART_AFTER.match(text[number.end :]) if previous is not None else None
        if part:
            # "612 missing episodes, 214 of them from care"; "684 episodes ..., 201 children; 390 of the episodes ..."
            noun = (part.group(2) or "")[:6].lower()
            whole = next((m.metric for m in reversed(out) if noun and noun in m.metric), previous[1])
            became = not part.group(2) and choice and choice != whole and any(c.metric == choice and 0 <= c.start - number.end <= 40 for c in cues)
            if metrics()[whole].unit.value == number.unit and not became:  # "2,377 of these became referrals": a measure of its own
                choice, rule = whole, "figure.part"
        if choice is None and previous is not None and previous[0].unit == number.unit and _LIST_JOIN.match(text[previous[0].end : number.start]):
            choice, comparator = previous[1], previous[2]  # "met participants' needs (67.1% and 72.0%)"
            rule = "figure.list"
        if (
            choice is None and number.unit == "count" and _PEOPLE_AFTER.match(text[number.end :])
            and any(c.metric == "training_sessions" for c in cues) and not re.search(r"['‘\"“]", text)
        ):
            choice, rule = "training_attendees", "figure.trained_people"  # "48 training sessions to 1,187 practitioners"
        if (
            choice is None and previous is not None and previous[0].unit == number.unit and comparator is None
            and re.search(r"\b(and|while|with)\s*$", text[previous[0].end : number.start]) and not re.search(r"[.;:]", text[previous[0].end : number.start])
            and ctx.area_after(text[number.end :])
        ):
            choice, rule = previous[1], "figure.area_list"  # "1,927 families in Kestermouth and 1,105 in Linwick"
        if choice is None and carried and (comparator or number.unit == "rate_per_10k" or year_after(number, text) or _ANAPHOR.search(text[: number.start])):
            choice = carried_metric(carried, number.unit, text)
            rule = "figure.comparison_carry"
            if choice and number.unit == "count" and metrics()[choice].unit.value == "rate_per_10k":
                choice = _count_or_rate(choice, number, out)
        if choice is None and number.unit == "rate_per_10k" and carry is not None:
            carry.update(metric=None, unit=number.unit, seq=carry.get("now"))  # a rate of something else
        if choice is None:
            choice = category_share(number, seg, breakdowns)
            rule = "figure.category_share"
        if choice is None and comparator is None and carry is not None:
            carry.update(metric=None, seq=carry.get("now"))  # a number of some other measure ends the comparison
        if choice is None or (choice == "child_population_pct" and not _about_children(seg, ctx)) or not in_context(choice, seg):
            continue
        if choice in parts_only or (choice == "care_leavers" and _OLDER_LEAVERS.match(text[number.end :])):
            parts_only.add(choice)  # "... lower than the 79 supported as at March 2021": the same age band
            continue  # "63 care leavers aged 22 and older": one age band of the care leavers supported
        if choice.startswith("training_") and (_one_course(seg) or (number.unit == "count" and _named_course(seg.text))):
            continue  # "102 people attended our neglect training": one course's figures, a part of the year's training
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


def _shared_comparator(number: NumberHit, numbers: list[NumberHit], comparators, out: list[FigureMention], text: str, ctx: DocContext) -> bool:
    """A comparison that opens the sentence and governs every figure in it: the cue stands before the first number,
    every figure so far took it, the number has their unit and the sentence says nothing of the partnership's own."""
    first = numbers[0]
    opening = [c for c in comparators if c[1] <= first.start and c[2] in _NOT_LOCAL]
    if not opening or any(m.comparator != opening[-1][2] for m in out) or out[-1].unit != number.unit:
        return False
    if any(c[0] >= first.start for c in comparators):
        return False  # a later cue says what the later numbers compare
    if re.search(r"\b(?:our|we|us|locally|compared\s+(?:with|to)|against|whereas|while|whilst)\b|\(", text, re.I) or ctx.area_after(text[first.start :]) or any(a.lower() in text.lower() for a in ctx.areas):
        return False
    return True


def _count_or_rate(rate: str, number: NumberHit, out: list[FigureMention]) -> str:
    """'188 children on the register, a rate of 41 per 10,000, compared with 203 a year before': a bare number
    compared after a count and its rate is the one it is nearer in size to."""
    own = [m for m in out if m.comparator is None]
    counts = [m for m in own if m.unit == "count"]
    rates = [m for m in own if m.metric == rate]
    if not counts or not rates or number.value <= 0 or counts[-1].value <= 0 or rates[-1].value <= 0:
        return rate
    nearer_count = abs(math.log(number.value / counts[-1].value)) < abs(math.log(number.value / rates[-1].value))
    return counts[-1].metric if nearer_count else rate


# a verb right before the count of the local reviews it acted on: "commissioned four local child safeguarding practice reviews"
_REVIEWS_BY_VERB = re.compile(r"\b(commissioned|initiated|instigated|launched|published)\s+(?:a\s+total\s+of\s+|a\s+further\s+)?$", re.I)
_REVIEWS_AFTER = re.compile(
    r"^\s+(?:new\s+|further\s+|more\s+)?(?:local\s+)?(?:child\s+)?(?:safeguarding\s+practice\s+reviews?|L?CSPRs?|serious\s+case\s+reviews?|SCRs?)\b", re.I
)
_POPULATION_AFTER = re.compile(r"^\s+(?:children(?:\s+and\s+young\s+people)?|young\s+people)\b(?!\s+(?:on|in|with|subject|looked|who|were|are|was|had|have|missing|living|known|open|receiving|entered|came|became|attended|referred))", re.I)
_POPULATION_OF_RATE = re.compile(r"\b(?:per|for\s+every|in\s+every|out\s+of\s+every)\s*10,?000\s+(?:of\s+)?(?:the\s+)?(?:[A-Za-z][\w-]*\s+){0,3}?(?:[\w-]+['’]s|its|our|their)\s+(?:around\s+|about\s+|some\s+)?$", re.I)
def _place_has(before: str, ctx: DocContext) -> bool:
    """'Ashlow has 44,300 children': one of the partnership's places is the subject."""
    match = _POPULATION_HAS.search(before)
    if not match:
        return False
    place = match.group("place")
    own = [ctx.partnership or "", *ctx.areas]
    return bool(ctx.area_in(place)) or any(place.lower() == a.lower() or a.lower().startswith(place.lower() + " ") for a in own if a)


_POPULATION_HAS = re.compile(r"(?P<place>[A-Z][\w'’-]+(?:\s+(?:and\s+)?[A-Z][\w'’-]+){0,3})\s+(?:has|had|is\s+home\s+to|was\s+home\s+to)\s+(?:around\s+|about\s+|approximately\s+|some\s+|over\s+|almost\s+|nearly\s+|more\s+than\s+)?$", re.I)
_ELIDED_AFTER = re.compile(r"^\s+(?:was|were|had\s+been|have\s+been|has\s+been)\s+(published|commissioned|initiated)\b", re.I)
_ELIDED_BEFORE = re.compile(r"\b(?:and|but)\s+(?:had\s+|have\s+)?(published|commissioned|initiated)\s+$", re.I)
_ELIDED_END = re.compile(r"^\s*(?:[.;,)]|$|\s(?:of\s+them|during|in|this|that|last|by)\b)", re.I)
_CHANGED_TO = re.compile(r"\b(?:rose|risen|fell|fallen|increased|decreased|dropped|grew|grown|reduced|went\s+up|went\s+down|climbed)\s+to\s+(?:around\s+|about\s+)?$", re.I)
_FROM_PLACE = re.compile(r"^\s+(?:episodes\s+)?from\s+(home|care)\b(?!\s+or\b|\s+and\s+(?:home|care)\b)", re.I)
_OF_THE_PART = re.compile(
    r"^\s*of\s+(?:the|these|those|all)\s+(?:[a-z][\w'’-]*\s+){1,8}?(?:received|made|held|started|open|recorded)\b[^\d,]{0,40}?(?:\s+(?:in|during)\s+[^,]{0,30})?,?\s*"
    r"[\d,]+\s*\(\s*[\d.]+\s*%\s*\)\s+(?:progressed|went|led|resulted|were|was|had|moved|became|proceeded)\b",
    re.I,
)
_REGIONAL_BOARD = re.compile(r"\bRegional\b|\bRegion\b")
_OWN_REGION = re.compile(r"\b(?:across|in|throughout|for|within)\s+the\s+(?:whole\s+)?$", re.I)
_PROGRESSED = re.compile(
    r"^\s+(?:of\s+(?:them|these|those)\s+)?(?:were\s+|was\s+|have\s+|has\s+|had\s+)?(?:been\s+)?(?:progressed|led|proceeded|went\s+on|moved\s+on|escalated)\s+"
    r"(?:on\s+)?to\s+(?:an?\s+|full\s+|new\s+|further\s+)*(?:local\s+)?(?:child\s+)?(?:safeguarding\s+practice\s+reviews?|L?CSPRs?)\b",
    re.I,
)
_ONE_PARTNERS_PART = re.compile(r"(['’]s\s+(\w+\s+)?(contribution|share)\b|\bcontributed\b)[^.;£]*$", re.I)
_ANAPHOR = re.compile(r"\b(this|that|which|it)\s+(was|is|represents|stood at|equates to|rose to|fell to)\s*(around|about|approximately)?\s*$", re.I)
_AVERAGE = re.compile(r"\baverage\s+(weekly|monthly|daily)\b|\baverage number of\b|\bon average\b|\bper (week|month|day)\b|\b(a|each) (week|month|day)\b", re.I)
_PART_OF_YEAR = re.compile(r"\b(first|second|third|fourth|final|last) (quarter|half)\b|\bQ[1-4]\b", re.I)
_FROM_TO = re.compile(r"(?:\s+in\s+(?:[A-Z][a-z]+\s+)?20\d\d(?:\s*[-/–]\s*\d\d)?)?\s+to\s+(?:around\s+|about\s+)?(?=[£\d])")
_LED_TO_REVIEW = re.compile(r"^\s+rapid review\b[^.;]{0,80}\b(?:led|progressed|proceeded|went on) to\s+an?\s+(?:local\s+)?(?:child\s+)?safeguarding practice review|^\s+rapid review\b[^.;]{0,80}\b(?:led|progressed) to\s+an?\s+L?CSPR\b", re.I)
_WHOLE_THEN_RATE = re.compile(
    r"^\s*of\s+the\s+[\d,]+\s+(?:referrals|contacts|section 47 enquiries)\b[^.;\d]{0,60},\s*[\d.]+\s*%\s+(?:were|was)\s+(?:re-?referrals|repeat referrals)", re.I
)
_NAMED_AFTER_REVIEW = re.compile(r"\b(?:review|LCSPR|CSPR)s?,\s+(?:known as\s+)?['‘\"“]?(?:(?:Child|Baby|Young Person|Family)\s+[A-Z]\b|[A-Z][a-z]+,)")
_NOT_AFTER = re.compile(r"^[^.;]{0,20}?\b(?:not|never)\b|^[^.;]{0,20}?n['’]t\b", re.I)
_CHANGE_FROM = re.compile(
    r"^[^.;:\d]{0,90}\b(?:down|up|fallen|fell|dropped|rose|risen|increased?|decreased?|reduced|rise|fall|drop|increase|decrease|reduction)"
    r"\s+(?:of\s+\d+(?:\.\d+)?%\s+)?from\s+(?:around\s+|about\s+|the\s+)?$",
    re.I,
)
_OUT_OF_AFTER = re.compile(r"^[^.;\d]{0,60}?\bout of\s+(?:a\s+total\s+of\s+|the\s+)?[\d£]", re.I)  # "854 came from schools, out of 7,306": a part
_QUOTED_TITLE_AFTER = re.compile(r"^\s*['‘\"“][A-Z][^'’\"”]{3,80}['’\"”]")
_PART_AFTER = re.compile(r"^\s*of (them|these|those|the (\w+))\b", re.I)
def _named_course(text: str) -> bool:
    """'The Working Together course ran 12 times for 288 staff': one course known by its title, not the year's training."""
    return bool(_NAMED_COURSE.search(text)) and not re.search(r"\b(courses|sessions|events|workshops|briefings)\b", text, re.I)


_NAMED_COURSE = re.compile(r"\b(?:[A-Z][\w'’-]*\s+){1,4}(?:course|briefing|workshop|module)\b(?!s)")
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
