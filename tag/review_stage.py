"""What a sentence says about a named review: its type (the cue that introduces the name, else the type the passage
is about) and the stage it reached (the status cues of the name's own clause, else of the sentence)."""

from __future__ import annotations

import re

from .segments import Segment

STATUS_ORDER = ["awaiting_publication", "published", "completed", "in_progress", "commissioned"]
LOCAL_TYPES = ("lcspr", "scr")  # the types a plain "review" later in the passage goes on meaning
PARTNERSHIPS_FROM = "2019-20"  # the year local safeguarding children boards and their serious case reviews gave way

# between a review type and the name it introduces: "LCSPR into Mason", "review, known as Sam", "Review, CPR Derwen 2/2016"
_CUE_GAP = re.compile(
    r"^s?\s*(?:\([A-Z]{2,6}\)\s*)?[,:–—-]?\s*(?:(?:into|of|for|on|about|called|titled|entitled|named|known\s+as)\s+)?"
    r"(?:the\s+(?:death|case|care)\s+of\s+)?(?:\((?:Cases?\s+)?)?['‘\"“*]*$",  # "two serious case reviews (Cases BK and BM)"
    re.I,
)
_GENERIC_INTRO = re.compile(
    r"\b[Rr]eviews?\b,?\s+(?:(?:was|has\s+been|had\s+been)\s+(?:commissioned|undertaken|carried\s+out|published|completed|started|launched|begun|initiated|conducted)\s+)?"
    r"(?:into|of|known\s+as|concerning|regarding|relat(?:ing|ed)\s+to|in\s+relation\s+to|in\s+respect\s+of|after|following)\b[^.;]{0,60}$"
)
_OTHER_PROCESS = re.compile(r"\b(?:proceedings|investigations?|trials?|inquests?|prosecutions?)\s+(?:(?:are|is|were|was|remain|remains)\s+)?(?:still\s+)?$", re.I)
# "awaiting publication because of an ongoing criminal trial": the trial is under way, not the review
_PROCESS_AFTER = re.compile(r"\s+(?:criminal\s+|police\s+|court\s+|coroner'?s?\s+)?(?:proceedings|investigations?|trials?|inquests?|prosecutions?)\b", re.I)
_HOLD_UP = re.compile(r"\b(?:until|before|pending|once|while|yet|trial|inquest|proceedings|prosecution|court)\b", re.I)
_LISTED_NAME = r"(?:(?:Child|Baby|Young\s+Person)\s+)?[A-Z][\w'’-]*"
# the names of a list between a review type and the last name: "practice reviews – Finn and Isla", "LCSPRs into Ava, Jo and Kit"
_LIST_GAP = re.compile(
    r"^s?\s*[,:–—-]?\s*(?:(?:into|of|for|on|about|known\s+as)\s+)?(?:\((?:Cases?\s+)?)?(?:['‘\"“]?" + _LISTED_NAME + r"['’\"”]?\s*[,;]\s*)*['‘\"“]?" + _LISTED_NAME
    + r"['’\"”]?\s*[,;]?\s+(?:and|&)\s+['‘\"“]?$"
)
_NOT_YET = re.compile(r"\b(?:not|never|yet to|will|would|to be|until|before|when|once)\s+(?:\w+\s+){0,2}$", re.I)


def cues(seg: Segment, label: str) -> list[tuple[int, int, str]]:
    """(start, end, id) of the sentence's cues of one label, in characters of the sentence."""
    base = seg.sent.start_char if seg.sent is not None else 0
    found = [(s.start_char - base, s.end_char - base, s.id_) for s in seg.spans("cue") if s.label_ == label]
    if label == "REVIEW_TYPE":  # "the Child Safeguarding Practice Review Panel" is the national Panel, not a review
        found = [c for c in found if not re.match(r"\s+Panel\b", seg.text[c[1] :])]
    return found


def status_ids(seg: Segment, lo: int = 0, hi: int | None = None) -> set[str]:
    """The stages the cues in characters [lo, hi) of the sentence name; 'published' inside 'could not be published',
    'will be published' or 'until it is published' is no publication."""
    found = cues(seg, "STATUS")
    hi = len(seg.text) if hi is None else hi
    out = set()
    for start, end, ident in found:
        if not lo <= start < hi:
            continue
        if ident == "commissioned" and re.match(r"\s+by\b", seg.text[end:]) and re.search(r"\b(?:review|DHR|SAR)\b[^.;]{0,80}$", seg.text[:start], re.I):
            continue  # "the Domestic Homicide Review into Ms D, commissioned by the community safety partnership": who, not when
        if ident == "in_progress" and (_OTHER_PROCESS.search(seg.text[:start]) or _PROCESS_AFTER.match(seg.text[end:])):
            continue  # "delayed because criminal proceedings are still under way": the trial is, not the review
        if ident == "awaiting_publication" and re.search(r"\bwill not be published$", seg.text[: end]) and not _HOLD_UP.search(seg.text):
            out.add("completed")  # "It will be shared with practitioners but will not be published": kept back for good
            continue
        if ident == "completed" and re.search(r"\b(?:when|once|until|before)\s+(?:\w+\s+){0,3}$", seg.text[max(0, start - 40) : start], re.I):
            continue  # "will publish the report when the review is complete": not finished yet
        if ident == "published":
            inside = any(i != "published" and s <= start and end <= e for s, e, i in found)
            if inside or _NOT_YET.search(seg.text[max(0, start - 30) : start]):
                continue
        out.add(ident)
    return out


def stage(statuses: set[str]) -> str:
    """The furthest stage named. A review 'under way' whose report 'will not be published until the trial' is in
    progress: it is awaiting publication only once it is finished."""
    if {"awaiting_publication", "in_progress"} <= statuses and not {"completed", "published"} & statuses:
        return "in_progress"
    return next((s for s in STATUS_ORDER if s in statuses), "unknown")


def status_of(seg: Segment) -> str:
    return stage(status_ids(seg))


def status_for(seg: Segment, start: int, starts: list[int]) -> str:
    """The stage of the review named at ``start``: the cues from its name to the next name the sentence gives,
    else the sentence's ('The review into Child M was published in January; the review into Child P followed').
    A review the sentence says was published, by its type and name ('the partnership published Local Child
    Safeguarding Practice Review Child V, which could not be published until the trial ended'), is published."""
    if _published_before(seg, start):
        return "published"
    following = [s for s in starts if s > start]
    own = status_ids(seg, start, following[0] if following else None)
    return stage(own) if own else status_of(seg)


_COUNTED = r"\s+(?:the\s+|its\s+|a\s+|their\s+|(?:one|two|three|four|five|six|\d)\s+)?(?:(?:local|child)\s+){0,2}"  # "published two practice reviews"


def _published_before(seg: Segment, start: int) -> bool:
    text = seg.text
    for _, end, ident in cues(seg, "STATUS"):
        if ident != "published" or end > start or not text[:end].endswith("published"):
            continue
        for type_start, type_end, _ in cues(seg, "REVIEW_TYPE"):
            gap = text[type_end:start]
            if type_start >= end and re.fullmatch(_COUNTED, text[end:type_start]) and (_CUE_GAP.match(gap) or _LIST_GAP.match(gap)):
                return True
    return False


_BECAME = re.compile(r"\b(?:gone|went|go)\s+on\s+to\s+(?:become\s+|be\s+)?(?:an?|the\s+subject\s+of\s+an?)\s+(?:full\s+|local\s+)?$|\b(?:progressed|escalated|led)\s+to\s+an?\s+(?:full\s+)?$")


def passage_type(recent: list[tuple[int, str]], block_index: int, reporting_year: str | None) -> str:
    """The review type a plain 'review' means here: the local type the passage last named (within three blocks),
    else a serious case review before the partnerships began and a practice review after."""
    for index, review_type in reversed(recent):
        if index < block_index - 3:
            break
        if review_type in LOCAL_TYPES:
            return review_type
    return "scr" if reporting_year and reporting_year < PARTNERSHIPS_FROM else "lcspr"


def type_for(seg: Segment, start: int, end: int, others: list[int], generic: bool, context: str) -> str | None:
    """The type of the review named at [start, end): the type cue that introduces the name ('the serious case
    review into Child D'), or that follows it ('the Jake SPR'); for a name after a plain 'review' ('the review into
    Child F'), the type of the passage; else the nearest cue that introduces no other name."""
    text = seg.text
    found = [c for c in cues(seg, "REVIEW_TYPE") if c[2] != "national_review" or not generic]
    own = [c for c in found if c[1] <= start and (_CUE_GAP.match(text[c[1] : start]) or _LIST_GAP.match(text[c[1] : start]))]
    if own:  # the cue nearest the name; of cues ending there, the longest ("National CSPR", not its "CSPR")
        return max(own, key=lambda c: (c[1], -c[0]))[2]
    after = [c for c in found if c[0] >= end and re.fullmatch(r"['’\"”*]?\s*\(?", text[end : c[0]])]
    if after:
        return after[0][2]
    introduced = [c for c in found if c[1] <= start and _ends_intro(text, c[1], start)]
    if generic and introduced and introduced[-1][2] != "national_review":
        return introduced[-1][2]  # "A Child Safeguarding Practice Review into the death of a girl, known as Amira"
    became = [c for c in found if c[0] >= end and _BECAME.search(text[end : c[0]])]
    if generic and became:
        return became[0][2]  # "One, concerning a baby known as Tilly, went on to become a local practice review"
    if generic or _GENERIC_INTRO.search(text[:start]) and not introduced:
        return context
    free = [c for c in found if not any(c[1] <= s and _CUE_GAP.match(text[c[1] : s]) for s in others)]
    if free:
        return min(free, key=lambda c: abs(c[0] - start))[2]
    return None


def _ends_intro(text: str, cue_end: int, start: int) -> bool:
    """Whether the 'review' of the plain intro before the name is the end of a type cue ('practice review into X')."""
    intro = _GENERIC_INTRO.search(text[:start])
    return intro is not None and abs(intro.start() - cue_end) <= 8 and cue_end >= intro.start()
