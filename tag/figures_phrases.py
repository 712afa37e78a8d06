"""Figures read from phrasings of their own: review counts given by the verb that acted on them ('commissioned four
local child safeguarding practice reviews', 'and one was published', 'two of them progressed to a practice
review'), the child population inside a rate or after the place that has it, missing episodes split after a colon,
a comparison that governs a list, a two-column table flattened into lines, and a regional board's own region."""

from __future__ import annotations

import math
import re

from lscp.schemas import BlockKind, FigureMention

from .context import DocContext
from .figures_tables import column_meaning
from .metrics import metric_cues, metric_variants, resolve_metric, specific_of
from .numbers import LOCAL_REVIEW, NumberHit, find_numbers
from .segments import Segment, TaggedDocument

NOT_LOCAL = ("national", "regional", "statistical_neighbour")
# "One had led to an LCSPR, Child E, ...": the review itself, named, is no count
NAMED_AFTER_REVIEW = re.compile(r"\b(?:review|LCSPR|CSPR)s?,\s+(?:known as\s+)?['‘\"“]?(?:(?:Child|Baby|Young Person|Family)\s+[A-Z]\b|[A-Z][a-z]+,)")


def phrase_figure(number: NumberHit, text: str, previous, carried: str | None, comparator: str | None, cues, ctx: DocContext) -> tuple[str, str | None, str] | None:
    """(metric, breakdown, rule) of a number one of these phrasings gives, else None."""
    if comparator is not None:
        return None
    after, before = text[number.end :], text[: number.start]
    last = previous[1] if previous is not None else None
    if _PLACES_AFTER.match(after) and _OFFERED_BEFORE.search(before) and _TRAINING_WORDS.search(text):
        return "training_places", None, "figure.places_offered"  # "the partnership offered 2,600 places across its courses"
    missing = missing_episode_phrase(before, after)
    if missing is not None:  # "151 episodes of children missing from care"; "had gone missing on 266 occasions"
        return "missing_episodes", missing or None, "figure.missing_phrase"
    where = (_FROM_PLACE.match(after) or _OF_THEM_MISSING.match(after)) if last == "missing_episodes" else None
    if where:  # "2,476 episodes of children going missing: 1,064 from home and 1,412 from care"
        return "missing_episodes", f"from_{where.group(1).lower()}", "figure.missing_part"
    if _PROGRESSED.match(after) and (carried == "rapid_reviews" or re.search(r"\brapid reviews?\b", before, re.I)) and not (
        number.value == 1 and NAMED_AFTER_REVIEW.search(after[:120])
    ):  # "Six rapid reviews were held, and two of them progressed to a child safeguarding practice review"
        return "lcspr_commissioned", None, "figure.progressed"
    if number.unit == "count" and number.value >= 1000 and _POPULATION_AFTER.match(after) and (_POPULATION_OF_RATE.search(before) or _place_has(before, ctx)):
        return "child_population", None, "figure.population"  # "58 per 10,000 of the county's 27,900 children"; "Ashlow has 44,300 children"
    if last in ("lcspr_commissioned", "lcspr_published"):
        # "One LCSPR was commissioned and one was published"; "commissioned two LCSPRs and published one"
        elided, verb = _ELIDED_AFTER.match(after), _ELIDED_BEFORE.search(before)
        if elided or (verb and _ELIDED_END.match(after)):
            return ("lcspr_published" if (elided or verb).group(1).lower() == "published" else "lcspr_commissioned"), None, "figure.elided_reviews"
    if _NOTIFICATIONS_AFTER.match(after) and _CHILD_DEATH_TALK.search(text):
        return "child_deaths_notified", None, "figure.death_notifications"  # "the CDOP report detailed 38 notifications"
    verb = _REVIEWS_BY_VERB.search(before) if _REVIEWS_AFTER.match(after) else None
    if verb and not any(c.start <= number.start < c.end for c in cues):
        # "held 12 rapid reviews and commissioned four local child safeguarding practice reviews"
        return ("lcspr_published" if verb.group(1).lower() == "published" else "lcspr_commissioned"), None, "figure.reviews_by_verb"
    return None


def changed_to_from(text: str, earlier: NumberHit, number: NumberHit) -> bool:
    """'Referrals to CAMHS rose to 3,905 from 3,512': the number after 'from' is the year before."""
    return bool(re.fullmatch(r"\s*from\s+(?:around\s+|about\s+)?", text[earlier.end : number.start], re.I)) and bool(_CHANGED_TO.search(text[: earlier.start]))


def own_region(comparators, text: str, ctx: DocContext):
    """A regional board's 'across the region' is its own area, not a comparison."""
    if not (ctx.partnership and _REGIONAL_BOARD.search(ctx.partnership)):
        return comparators
    return [c for c in comparators if not (c[2] == "regional" and text[c[0] : c[1]].lower() == "region" and _OWN_REGION.search(text[: c[0]]))]


_PERIOD_LINE = re.compile(
    r"^\s*(?:(?:\d{1,2}(?:st|nd|rd|th)?\s+)?[A-Z][a-z]+\s+(?:\d{1,2}(?:st|nd|rd|th)?\s+)?)?(?:19|20)\d\d"
    r"(?:\s*[-–/]\s*(?:(?:\d{1,2}(?:st|nd|rd|th)?\s+)?[A-Z][a-z]+\s+(?:\d{1,2}(?:st|nd|rd|th)?\s+)?)?(?:(?:19|20)?\d\d))?\s*$"
)


def flattened_columns(tagged: TaggedDocument, ctx: DocContext, figure_fields) -> tuple[dict[int, list[FigureMention]], set[int]]:
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
            fields = figure_fields(metric, hit, comparator, None if comparator in NOT_LOCAL else ctx.area_for(seg, 0), None)
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



def shared_comparator(numbers: list[NumberHit], comparators, out: list[FigureMention], unit: str, text: str, ctx: DocContext) -> bool:
    """A comparison that opens the sentence and governs every figure in it: the cue stands before the first number,
    every figure so far took it, the number has their unit and the sentence says nothing of the partnership's own."""
    first = numbers[0]
    opening = [c for c in comparators if c[1] <= first.start and c[2] in NOT_LOCAL]
    if not opening or any(m.comparator != opening[-1][2] for m in out) or out[-1].unit != unit:
        return False
    if any(c[0] >= first.start for c in comparators):
        return False  # a later cue says what the later numbers compare
    if re.search(r"\b(?:our|we|us|locally|compared\s+(?:with|to)|against|whereas|while|whilst)\b|\(", text, re.I) or ctx.area_after(text[first.start :]) or any(a.lower() in text.lower() for a in ctx.areas):
        return False
    return True


_RATE_IN_BRACKETS_AFTER = re.compile(r"^\s*\(\s*(?:a\s+rate\s+of\s+)?[\d.]+\s*per\s*10", re.I)


def count_or_rate(rate: str, number: NumberHit, out: list[FigureMention], after: str = "") -> str:
    """'188 children on the register, a rate of 41 per 10,000, compared with 203 a year before': a bare number
    compared after a count and its rate is the one it is nearer in size to; one with its rate in brackets after
    it ('an increase from 398 (56 per 10,000 children)') is the count."""
    if _RATE_IN_BRACKETS_AFTER.match(after):
        count = next((cue for cue, table in metric_variants().items() if table.get("rate_per_10k") == rate), None)
        if count is not None:
            return count
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
    r"^\s+(?:new\s+|further\s+|more\s+)?(?:local\s+)?(?:child\s+)?(?:safeguarding\s+practice\s+reviews?|L?CSPRs?|serious\s+case\s+reviews?|SCRs?)\b"
    r"|^\s+reviews\s*[–—:-]\s*['‘\"“]?[A-Z][a-z]",  # "published two reviews – Milo and Aria": plain reviews, named at once
    re.I,
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
_FROM_PLACE = re.compile(r"^\s+(?:were\s+|was\s+)?(?:episodes\s+)?from\s+(home|care)\b(?!\s+or\b|\s+and\s+(?:home|care)\b)", re.I)
OF_THE_PART = re.compile(
    r"^\s*of\s+(?:the|these|those|all)\s+(?:[a-z][\w'’-]*\s+){1,8}?(?:received|made|held|started|open|recorded)\b[^\d,]{0,40}?(?:\s+(?:in|during)\s+[^,]{0,30})?,?\s*"
    r"[\d,]+\s*\(\s*[\d.]+\s*%\s*\)\s+(?:progressed|went|led|resulted|were|was|had|moved|became|proceeded)\b",
    re.I,
)
_REGIONAL_BOARD = re.compile(r"\bRegional\b|\bRegion\b")
_OWN_REGION = re.compile(r"\b(?:across|in|throughout|for|within)\s+the\s+(?:whole\s+)?$", re.I)
_PROGRESSED = re.compile(
    r"^\s+(?:of\s+(?:them|these|those|which)\s+)?(?:were\s+|was\s+|have\s+|has\s+|had\s+)?(?:been\s+)?"
    r"(?:(?:progressed|progressing|led|leading|proceeded|proceeding|went\s+on|going\s+on|moved\s+on|escalated)\s+(?:on\s+)?to|recommended\s+for)\s+(?:an?\s+|full\s+|new\s+|further\s+)*" + LOCAL_REVIEW,
    re.I,
)


# "486 contacts, made up of 203 referrals and 283 requests for advice": the numbers of the parts after a whole
_PARTS_CLAUSE = re.compile(r"\d[\d,]*\s+[^.;:\d]{0,40}?\b(?:made\s+up\s+of|comprising|comprised\s+of|consisting\s+of|broken\s+down\s+into)\s+([^,;.()]*)", re.I)


def part_starts(text: str) -> set[int]:
    """Where the numbers of a whole's parts begin: they count a part of the figure before them, not the year's total."""
    return {m.start(1) + n.start() for m in _PARTS_CLAUSE.finditer(text) for n in re.finditer(r"(?<![\w.,])\d", m.group(1))}


# "Four of the serious incident notifications turned into rapid reviews": the count of what they became
BECAME = re.compile(
    r"^\s+of\s+(?:the|these|those|them)\b[^.;:\d]{0,60}?\b(?:turned\s+into|became|were\s+taken\s+forward\s+as|went\s+on\s+to\s+become|progressed\s+to|resulted\s+in)\s+(?:an?\s+)?"
    r"|^\s+[^.;:,\d]{0,60}?\b(?:turned\s+into|went\s+on\s+to\s+become)\s+(?:an?\s+)?",  # "4 Serious Incident Notifications turned into Rapid Reviews"
    re.I,
)
# "4 serious incident notifications have been received and progressed to Rapid Reviews": all of them became the next
BOTH_BECAME = re.compile(r"^\s+[^.;:,\d]{0,60}?\b(?:received|made|submitted|notified)\s+and\s+(?:all\s+|each\s+)?(?:progressed|proceeded|went\s+on|were\s+taken\s+forward)\s+(?:to|as)\s+(?:an?\s+)?", re.I)
# "fell from 296 at the end of March 2022" with no 'to' after: the figure it changed from, named in the sentence before
CHANGED_FROM_ALONE = re.compile(
    r"\b(?:risen|rose|fallen|fell|increased|decreased|dropped|grown|grew|reduced|up|down"
    r"|(?:this|that|which|it)\s+(?:is|was|represents|represented)\s+an?\s+(?:\w+\s+)?(?:increase|decrease|reduction|rise|fall|drop))\s+from\s+(?:around\s+|about\s+)?$",
    re.I,
)  # "This is a slight decrease from 2,189 at 31 March 2021": a change named by a noun after 'this is'
# "26 child deaths were reviewed and closed by the panel": deaths reviewed, not deaths notified
DEATHS_REVIEWED = re.compile(r"^\s+(?:child\s+)?deaths\s+(?:were\s+|have\s+been\s+|had\s+been\s+)?(?:reviewed|closed|considered)\b", re.I)
# "38 notifications and 23 child death reviews": beside the deaths notified, the reviews are the deaths reviewed
DEATH_REVIEWS = re.compile(r"^\s+(?:child\s+death\s+)?reviews\b", re.I)
# a child death overview panel's count of the deaths it was told of: "38 notifications and 23 child death reviews"
_NOTIFICATIONS_AFTER = re.compile(r"^\s+(?:new\s+)?notifications\b", re.I)
_CHILD_DEATH_TALK = re.compile(r"\bchild\s+deaths?\b|\bCDOP\b|\bdeath\s+overview\b", re.I)


# "April 2023-2024: 142" under "Contacts received by the LADO, by year:": a year's count in a list of years
_YEAR_LINE = re.compile(r"^\s*(?:(?:April|Apr)\s+)?(?P<year>20\d\d)\s*[-/–]\s*(?:20)?(?P<end>\d\d)\s*:\s*(?P<n>\d[\d,]*)\s*\.?\s*$")


def year_line_figure(tagged: TaggedDocument, seg: Segment, ctx: DocContext, figure_fields) -> FigureMention | None:
    """A line of a list of years under a lead-in that names the measure: the reporting year's count, or the year
    before's as its comparison; older years are not figures of this report."""
    line = _YEAR_LINE.match(seg.text)
    if line is None or not ctx.reporting_year or int(line.group("end")) != (int(line.group("year")) + 1) % 100:
        return None
    gap = int(ctx.reporting_year[:4]) - int(line.group("year"))
    if gap not in (0, 1):
        return None
    blocks = tagged.document.blocks
    for back in range(1, 8):
        index = seg.block_index - back
        if index < 0 or blocks[index].kind is not BlockKind.list_item:
            break
    lead = [s for s in tagged.segments if s.block_index == index] if index >= 0 else []
    if not lead or not lead[-1].text.rstrip().endswith(":") or blocks[index].kind is BlockKind.list_item:
        return None
    cues = {c.metric for c in metric_cues(lead[-1]) if resolve_metric(c.metric, "count")}
    cues = [c for c in cues if not set(specific_of(c)) & cues]  # "Contacts received by the LADO": the LADO's contacts
    if len(cues) != 1:
        return None
    number = next(n for n in find_numbers(seg.text) if n.start >= line.start("n"))
    fields = figure_fields(cues[0], number, "previous_year" if gap else None, None, None)
    base = seg.sent.start_char if seg.sent is not None else 0
    return seg.mention(FigureMention, base + number.start, base + number.end, "figure.year_line", **fields)


_EPISODES_OF_MISSING = re.compile(r"^\s+(?:were\s+|was\s+)?(?:episodes|incidents)\s+of\s+(?:[A-Z][\w'’-]*\s+)?(?:children|young\s+people)\s+(?:\w+\s+)?(?:going\s+|being\s+)?missing\s+from\s+(care|home)\b(?!\s+(?:or|and)\b)", re.I)
_GONE_MISSING_ON = re.compile(r"\b(?:gone|went|go|going|been)\s+missing\s+on\s+(?:around\s+|about\s+)?$", re.I)
_ACCOUNTED_FOR = re.compile(r"\b(?:children\s+looked\s+after|looked\s+after\s+children|children\s+in\s+care)\s+(?:accounted\s+for|made\s+up)\s+$", re.I)


def missing_episode_phrase(before: str, after: str) -> str | None:
    """The breakdown ('from_care', 'from_home', or '' for none) of a count of missing episodes said without the words
    'missing episodes' beside it: 'episodes of children missing from care', 'children looked after had gone missing on
    266 occasions', 'children in care accounted for 612 of the episodes'; None when the number is not one."""
    if match := _EPISODES_OF_MISSING.match(after):
        return f"from_{match.group(1).lower()}"
    clause = re.split(r"[.;:]", before)[-1]
    if _GONE_MISSING_ON.search(before) and re.match(r"^\s+(?:separate\s+)?(?:occasions|times)\b", after, re.I):
        place = re.search(r"\b(looked\s+after|in\s+care|from\s+care|from\s+home)\b", clause, re.I)
        return ("from_home" if place.group(1).lower().endswith("home") else "from_care") if place else ""
    if _ACCOUNTED_FOR.search(before) and re.match(r"^\s+of\s+(?:the|these|those)\s+(?:missing\s+)?(?:episodes|incidents)\b", after, re.I):
        return "from_care"
    return None


_PLACES_AFTER = re.compile(r"^\s+(?:training\s+|learning\s+|course\s+)?places\b", re.I)
_OFFERED_BEFORE = re.compile(r"\b(?:offer(?:ed|ing|s)?|provid(?:ed|ing|es)|made\s+available|ran|delivered)\s+(?:a\s+total\s+of\s+|over\s+|more\s+than\s+|around\s+|about\s+|nearly\s+|almost\s+)?$", re.I)
_TRAINING_WORDS = re.compile(r"\b(?:train|course|session|learning|workshop|programme|e-learning)", re.I)
_OF_THEM_MISSING = re.compile(r"^\s+of\s+(?:them|these|those)\s+(?:involving|relating\s+to|concerning|were)\s+(?:episodes\s+of\s+)?(?:children|young\s+people)\s+(?:\w+\s+)?missing\s+from\s+(home|care)\b(?!\s+(?:or|and)\b)", re.I)


def more_specific(choice: str, number: NumberHit, cues, parts: set[int], comparator: str | None, recent: str | None, text: str) -> str | None:
    """A generic measure ('contacts') that is a specific one's here: the comparison after a LADO figure ('This was up from
    412 contacts in 2021/22'), or a whole whose parts stand between it and the LADO ('486 contacts, made up of 203 referrals
    and 283 requests for advice, had been received by the Designated Officer')."""
    specific = specific_of(choice)
    if comparator == "previous_year" and recent in specific and choice in ("contacts", "referrals"):  # not "uasc" for children looked after
        return recent
    if choice in ("contacts", "referrals") and "lado_referrals" in specific and _TO_THE_LADO.match(text[number.end :]):
        return "lado_referrals"  # "96 referrals to the Board's two designated officers for allegations": the LADO's referrals
    if not parts:
        return None
    for cue in cues:
        if cue.metric in specific and cue.start >= number.end and not re.search(r";|\.\s", text[number.end : cue.start]):
            between = [m.start() for m in re.finditer(r"(?<![\w.,])\d", text[number.end : cue.start])]
            if between and all(number.end + b in parts for b in between):
                return cue.metric
    return None


_TO_THE_LADO = re.compile(
    r"^\s+(?:referrals|contacts)\s+(?:were\s+|had\s+been\s+)?(?:made\s+|received\s+)?to\s+(?:the\s+|our\s+)?[^.;,\d]{0,40}?"
    r"\b(?:designated\s+officers?|LADOs?)\b",
    re.I,
)


_SINCE = re.compile(
    r"^\W*since\s+(?:[^.;:\d]{0,60}?\b)?(?:(?P<month>january|february|march|april|may|june|july|august|september|october|november|december)\s+)?(?P<year>(?:19|20)\d\d)\b",
    re.I,
)
_MONTH_NUMBER = {m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                             "september", "october", "november", "december"), start=1)}


def cumulative_until(text: str, ctx: DocContext) -> int:
    """'Since the partnership was formed in September 2019 it has made 14 serious incident notifications': counts
    since a date before the reporting year began are totals over several years, not the year's. The offset where
    that clause ends (0 when the sentence does not open so)."""
    since = _SINCE.match(text)
    if since is None or not ctx.reporting_year:
        return 0
    first = int(ctx.reporting_year[:4])
    month = _MONTH_NUMBER.get((since.group("month") or "").lower(), 4)
    if (int(since.group("year")), month) >= (first, 4):
        return 0  # "Since April 2023" in a report on 2023/24: the year itself
    end = since.end() + re.search(r";|\.\s|$", text[since.end() :]).start()
    if re.search(r"\bfrom\s+[\d,]+\s+to\s+[\d,]+", text[since.end() : end]):
        return 0  # "Since April 2020 ... plans, from 542 to 759 in March 2022": a change whose end is the year's position
    return end


_COURSE_WORDS = {"training", "course", "courses", "session", "sessions", "workshop", "workshops", "module", "modules"}


def one_course(seg: Segment) -> bool:
    """A sentence about one course: a theme names the training ('neglect training', 'Neglect and Emotional
    Abuse courses'), so its counts are a part of the partnership's training, not the year's total."""
    if seg.doc is None:
        return False
    for span in seg.spans("theme"):
        after = [t.lower_ for t in seg.doc[span.end : span.end + 3]]
        if any(word in _COURSE_WORDS for word in after):
            return True
    return False


def named_course(text: str) -> bool:
    """'The Working Together course ran 12 times for 288 staff': one course known by its title, not the year's training."""
    return bool(_NAMED_COURSE.search(text)) and not re.search(r"\b(courses|sessions|events|workshops|briefings)\b", text, re.I)


_NAMED_COURSE = re.compile(r"\b(?:[A-Z][\w'’-]*\s+){1,4}(?:course|briefing|workshop|module)\b(?!s)")


# "nine Adulthood sessions were delivered", "eleven Chronologies workshops": a course known by its title, run several times
_NAMED_RUNS = re.compile(
    r"\b(?:\d[\d,]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    r"(?!(?:Multi|Inter|Training|Safeguarding|Partnership|Board|Learning|Virtual|Online|Core|Level|Face|Bespoke|Briefing|Practitioner)\b)"
    r"[A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*){0,3}\s+(?:sessions|workshops|courses|briefings)\b"
)
# "It ran 9 times"; "around 70 young people completed the course"; "co-produce this training"; "delegates at the X workshop"
_ONE_COURSE_ONLY = re.compile(
    r"\bIt\s+ran\b|\b(?:completed|finished)\s+the\s+course\b|\b(?:this|that)\s+(?:training|course)\b|\battended\s+both\s+days\b"
    r"|\b(?:at|on|attending)\s+(?:the|an?)\s+(?:[A-Z][\w'’-]*\s+){1,4}(?:course|briefing|workshop|session|module)\b"
)
# a sentence that gives the whole programme's figures even after one course was named
COURSE_OVERALL = re.compile(r"\b(?:overall|in total|in all|altogether|across the (?:year|programme)|multi-agency training|training programme|our training)\b", re.I)


def course_part(text: str) -> bool:
    """A sentence about one course, run or event: its counts (and those of the sentences after it in the same
    paragraph) are a part of the year's training, not its totals."""
    return bool(_NAMED_RUNS.search(text) or _ONE_COURSE_ONLY.search(text))


# "workshops were held during early 2023 with over 120 attendees": a few months' training, not the year's
SOME_MONTHS = re.compile(r"\b(?:during|in)\s+(?:the\s+)?(?:early|late|spring|summer|autumn|winter)(?:\s+of)?\s+(?:19|20)\d\d\b", re.I)
# feedback shares that are not the overall satisfaction: course aims, delivery, recommending it, using it later, its organisation, knowledge gained
NOT_SATISFACTION = re.compile(r"\b(?:aims|objectives|learning outcomes|delivery|recommend|would now|better prepared|organisation of (?:the )?training|administration|venue|booking|(?:their|my) knowledge)\b", re.I)
# "The Designated Nurse team took part in 58 strategy discussions"; "participation in 27 strategy discussions": one team's work
ONE_TEAMS_WORK = re.compile(
    r"\bteam\b[^.;]{0,40}?\b(?:took part in|participated in|responded to|answered)\b[^.;]*$|\bparticipation\s+in\s+(?:a\s+total\s+of\s+)?$", re.I
)
