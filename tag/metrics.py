"""Metric cues: which measure a number in a sentence or a table row is of.

A number is paired with the nearest metric cue that fits its unit, preferring a cue
right after it ("634 missing episodes") over one before it ("referrals ... was 6,953").
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from lscp.schemas import metrics

from .numbers import NumberHit, find_numbers
from .segments import Segment

MAX_GAP_AFTER = 45  # characters between a number and a cue that follows it
MAX_GAP_BEFORE = 110  # characters between a cue and a number that follows it
CLAUSE_BREAK = re.compile(r"[;:]|\.\s|\)\s+(?=[A-Z])|\bwhile\b|\bwhereas\b|\bcompared (to|with)\b", re.I)
_COUNTED_AS_CASES = {"lado_referrals"}
_SUBJECT_NOUN_AFTER = re.compile(r"^\s*(individual\s+|(?-i:[A-Z][a-z]+)\s+)?(children|young people|child|cases|families)\b", re.I)  # "involving 344 Wendle children"


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


_NEW_CLAUSE = re.compile(r",\s+(?:and\s+)?there\s+(?:were|was|had been|have been)\b", re.I)


def _specialise(metric: str, number: NumberHit, cues: list[Cue], numbers: list[NumberHit] = (), text: str = "") -> str:
    """'Youth Early Help received 565 referrals': the specific metric named in the same clause wins, unless it
    names a number of its own ('1,006 children were referred to early help, there were 2,861 referrals')."""
    specific = _variant_data()["_specific"].get(metric, [])
    for cue in cues:
        if cue.metric in specific and abs(cue.start - number.start) <= 60 and resolve_metric(cue.metric, number.unit):
            if cue.start < number.start and _NEW_CLAUSE.search(text[cue.end : number.start]) and any(
                n is not number and n.end <= cue.start and cue.start - n.end <= 40 for n in numbers
            ):
                continue
            if cue.start >= number.end and any(number.end <= n.start and n.end <= cue.start for n in numbers):
                continue  # "846 were looked after, 61 of them unaccompanied asylum-seeking children"
            return cue.metric
    return metric


@dataclass
class Cue:
    start: int
    end: int
    metric: str
    label: str = "METRIC"
    text: str = ""


def _all_cues(seg: Segment) -> list[Cue]:
    """The metric cues of a sentence; of two overlapping cues the longer wins ('children living in poverty'
    over 'children living in'), and a NOT_METRIC phrase ('children missing education') silences the cue in it."""
    base = seg.sent.start_char if seg.sent is not None else 0
    cues = [Cue(s.start_char - base, s.end_char - base, s.id_, s.label_, s.text) for s in seg.spans("metric")]
    return [c for c in cues if not any(_covers(o, c) for o in cues)]


def metric_cues(seg: Segment) -> list[Cue]:
    return [c for c in _all_cues(seg) if c.label == "METRIC"]


def blocker_cues(seg: Segment) -> list[Cue]:
    """NOT_METRIC phrases: a number that counts one of them ('301 MARAC meetings') is no figure."""
    return [c for c in _all_cues(seg) if c.label != "METRIC"]


def _covers(longer: Cue, shorter: Cue) -> bool:
    return (
        longer is not shorter
        and longer.start <= shorter.start
        and shorter.end <= longer.end
        and longer.end - longer.start > shorter.end - shorter.start
    )


def span_ids(seg: Segment, key: str, label: str) -> list[tuple[int, int, str]]:
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


def carried_metric(carried: str, unit: str, text: str) -> str | None:
    """The metric a comparison figure takes from the figure before it: the same one, or its rate when the
    figure before was a rate ('at 33 per 10k ... statistical neighbours (42)')."""
    if metrics()[carried].unit.value == "rate_per_10k" and unit == "count":
        return carried
    return resolve_metric(carried, unit, text) if unit != "count" or metrics()[carried].unit.value == "count" else None


def in_context(metric: str, seg: Segment) -> bool:
    """Some measures are named only in their own subject's passages ('_metric_context'): '100% of referrals
    were rated as good' is not about training."""
    needs = _variant_data().get("_metric_context", {}).get(metric)
    return not needs or bool(re.search(needs, seg.text + " " + " ".join(seg.headings[-2:]), re.I))


def cue_right_after(number: NumberHit, cues: list[Cue], text: str) -> bool:
    """'four Rapid Reviews', 'two half-day training sessions', 'we have published three case reviews': a number
    in words counts only the thing it names ('no' only the thing right after it: 'No LCSPRs were instigated')."""
    if number.value == 0:  # "no LCSPRs were instigated", not "no looked after child had three moves"
        there = bool(_THERE_WERE.search(text[: number.start]))  # "there were no private fostering notifications in the year"
        return any(0 <= c.start - number.end <= 2 and (there or any(re.match(r"^\S*(\s+\([^)]*\))?\s+(were|was|have been|has been)\b", text[at:]) for at in (c.start, c.end))) for c in cues)
    # the children opening their clause: "Twelve children were ...", not "a review looking at six young people known to ..."
    children = re.match(r"\s+(?:children|young people)\b", text[number.end :], re.I) and re.search(r"(?:^\W*|[;:]\s*|\b(?:and|but|while|whereas)\s+)$", text[: number.start])
    return any(
        (0 <= c.start - number.end <= 12 and not re.search(r"[.;:]", text[number.end : c.start]))
        or (0 <= number.start - c.end <= 1)
        # "Twelve children were known to be privately fostered": the children the measure counts
        or (children and c.metric in _variant_data()["_children_metrics"] and c.metric != "child_population"
            and 0 <= c.start - number.end <= 50 and not re.search(r"[.;:,]", text[number.end : c.start]))
        for c in cues
    )


_LADO_WHOLE = re.compile(
    r"^\s+(?:notifications|contacts|enquiries)\s*,?\s*(?:made\s+up\s+of|comprising(?:\s+of)?|consisting\s+of)\s[^.;]*\b(?:LADO|designated\s+officers?)\b", re.I)
_THERE_WERE = re.compile(r"\bthere\s+(?:were|had\s+been|have\s+been)\s+$", re.I)  # "there were no rapid reviews", not "there has been no contact from"


def specific_of(metric: str) -> list[str]:
    """The specific metrics a generic one gives way to ('contacts' to LADO contacts)."""
    return _variant_data()["_specific"].get(metric, [])


def _owner(cue: Cue, numbers: list[NumberHit], cues: list[Cue], text: str) -> NumberHit | None:
    """The number a cue directly follows ('634 missing episodes', '1031 delegates'): the cue names that number
    when it is the first cue after it."""
    for other in numbers:
        if other.end <= cue.start:
            gap = text[other.end : cue.start]
            if len(gap) <= MAX_GAP_AFTER and not CLAUSE_BREAK.search(gap) and not re.search(r"[,(]", gap) and not has_number_between(numbers, other.end, cue.start):
                first = min((c for c in cues if c.start >= other.end), key=lambda c: c.start, default=None)
                return other if first is cue else None
    return None


def pick_metric(number: NumberHit, numbers: list[NumberHit], cues: list[Cue], text: str, blockers: list[Cue] = ()) -> str | None:
    for blocker in blockers:
        gap = text[number.end : blocker.start]
        if blocker.start >= number.end and len(gap) <= MAX_GAP_AFTER and not re.search(r"[.;:,(]|\d", gap):
            return None  # "301 MARAC meetings involving children": the number counts meetings
    if _LADO_WHOLE.match(text[number.end :]):
        return "lado_referrals"  # "874 notifications, comprising of 569 referrals and 305 advice requests, ... by the LADO service"
    best: tuple[float, str] | None = None
    for cue in cues:
        metric = resolve_metric(cue.metric, number.unit, text)
        if metric is None:
            continue
        if cue.start >= number.end:
            gap = text[number.end : cue.start]
            if _gap_length(gap) > MAX_GAP_AFTER or CLAUSE_BREAK.search(gap) or has_number_between(numbers, number.end, cue.start) or re.search(r",\s+and\s", gap) or _CONJOINED_CLAUSE.search(gap):
                continue
            if gap.strip() and _SUBJECT_NOUN_AFTER.match(gap) and metric in _variant_data()["_counted_children"]:
                # "15 children went missing from care": the number counts children
                metric = _variant_data()["_counted_children"][metric]
            score = _gap_length(gap)
        elif cue.end <= number.start:
            gap = text[cue.end : number.start]
            if len(gap) > MAX_GAP_BEFORE or re.search(r";|\.\s", gap):
                continue
            between = [n for n in numbers if cue.end <= n.start and n.end <= number.start]
            if between and not (number.unit == "count" and all(n.unit == "pct" for n in between) and _CHANGE_TO.search(gap)):
                continue  # a number between the cue and this one counts it, unless it is the change: "rose by 9% to 14,312"
            if number.unit != "rate_per_10k" and re.search(r"per\s?(10,?000|10k)\b", gap, re.I):
                continue  # "a rate of 129 Section 47 investigations per 10,000, ... (175 in 2020-21)"
            deaths_of = bool(re.search(r"\bdeaths of$", cue.text, re.I))  # "notified of the deaths of 19 Eastholme children"
            if not gap.strip() and not deaths_of and re.search(r"\b(in|of|to|for|at|from)$", cue.text, re.I) and not re.search(r"\b(delivered to|attended by)$", cue.text, re.I) and not (
                re.search(r"\bnotified of$", cue.text, re.I) and re.match(r"\s*(?:child\s+)?deaths\b", text[number.end :], re.I)
            ):  # "the panel had been notified of 25 deaths"
                continue  # "children living in 3 residential settings": the cue wants a place, not a number
            if (
                _SUBJECT_NOUN_AFTER.match(text[number.end :])
                and not deaths_of
                and metrics()[metric].unit.value == "count"
                and metric not in _variant_data()["_children_metrics"]
                and not (metric in _COUNTED_AS_CASES and re.match(r"\s*cases\b", text[number.end :], re.I))
            ):  # "the designated officer dealt with 187 cases": a LADO's cases are its referrals
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
    return _specialise(best[1], number, cues, numbers, text) if best else None


# "198 children and young people were the subject of a plan": the subject's usual long form counts as one word
_CHILDREN_AND_YOUNG_PEOPLE = re.compile(r"\b(?:children|child)\s+(?:and|&)\s+young\s+(?:people|persons)\b", re.I)


def _gap_length(gap: str) -> int:
    return len(_CHILDREN_AND_YOUNG_PEOPLE.sub("children", gap))


# ", even though referrals fell": a cue after a comma and a conjunction is another clause's subject
_CONJOINED_CLAUSE = re.compile(r",\s*(?:even\s+though|although|though|but|whilst|because|despite|as\s+well\s+as)\b", re.I)
_CHANGE_TO = re.compile(
    r"\b(?:rose|risen|fell|fallen|increased|decreased|dropped|reduced|grew|grown|up|down)\s+(?:by\s+)?(?:around\s+|about\s+|some\s+|nearly\s+|almost\s+)?"
    r"[\d.]+\s*(?:%|per\s*cent)\s+(?:to|at)\s+(?:around\s+|about\s+)?$",
    re.I,
)


def has_number_between(numbers: list[NumberHit], start: int, end: int) -> bool:
    return any(start <= n.start and n.end <= end for n in numbers)


def category_share(number: NumberHit, seg: Segment, breakdowns) -> str | None:
    """'Emotional abuse made up 35%' in a passage about child protection: a category share."""
    if number.unit != "pct" or not breakdowns:
        return None
    if any(c.metric not in ("cp_plans", "cp_category_pct", "cp_plans_started") for c in metric_cues(seg)):
        return None
    context = " ".join(seg.headings[-2:]) + " " + seg.text
    # "Emotional abuse accounted for 31% of plans": an abuse category's share of plans is a CP category share
    if re.search(r"child protection|categor|cp plan|\bof\s+(?:all\s+)?(?:the\s+)?plans\b", context, re.I):
        near = [b for b in breakdowns if b[2] in ("neglect", "emotional_abuse", "physical_abuse", "sexual_abuse", "multiple")]
        if any(abs(b[0] - number.start) < 80 for b in near):
            return "cp_category_pct"
    return None


def breakdown_of(metric: str, number: NumberHit, breakdowns, text: str, seg: Segment) -> str | None:
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
    # "Neglect was the main category for 52% of plans and emotional abuse for 31%": a category after the number
    # that leads straight into a number of its own is that number's
    own = [b for b in near if not (b[0] >= number.end and _LEADS_TO_NUMBER.match(text[b[1] :]))]
    return min(own or near, key=lambda b: abs(b[0] - number.start))[2]


_LEADS_TO_NUMBER = re.compile(r"^\s*(?:[:(–-]|for|at|was|were|is|made\s+up|accounted\s+for)?\s*(?:around\s+|about\s+|just\s+)?\d", re.I)


def label_cues(seg: Segment, rows: list[list[str]]) -> list[list[str]]:
    """Per row, the metric cues the rulers found in its first two label cells (cells without numbers).

    The table block's text is its rows joined by newlines and its cells by tabs, so each cell's
    span in the already tagged doc is known and nothing is tagged twice.
    """
    cues = [(c.start, c.end, c.metric) for c in metric_cues(seg)]
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
