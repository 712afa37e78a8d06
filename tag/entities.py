"""Themes, priorities, named reviews, partner organisations and people."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

from lscp.schemas import BlockKind, Mention, period as period_in

from .context import DocContext
from .segments import Segment, TaggedDocument, is_numbered_table

# ---------------------------------------------------------------- themes and priorities



def themes(tagged: TaggedDocument) -> list[Mention]:
    out = []
    for seg in tagged.segments:
        for span in seg.spans("theme"):
            out.append(seg.mention("THEME", span.start_char, span.end_char, "theme.phrase", theme=span.id_, cue=span.text))
    return out


_OWN_PRIORITY = re.compile(
    r"\b(our|partnership'?s?|board'?s?|[A-Z]*SCP'?s?|key|strategic|safeguarding|new|agreed|three|four|five|six|these|its|the)\s+"
    r"(\w+\s+)?priorit|^\W*(new\s+)?priority\b|\bpriorit(y|ies)\s*(\d|one|two|three|four|five|for\s+20|are\b|:|were\s+agreed)"
    r"|\b(remains?|is|continues? to be)\s+an?\s+(\w+\s+)?priority\b"
    r"|\b(we|partnership|partners|board|executive)\s+(will|would|shall)\s+(focus|concentrate)\s+on\b",
    re.I,
)
_NOT_OWN_PRIORITY = re.compile(r"\bnot\b[^.]{0,40}priorit|priorities (are|were) (based on|informed by)|\b(council|city|government|mayor|home office)'?s?\s+(\w+\s+)?priorit|links? to the"
    r"|\bpriority action\b|\bpriorit(y|ies) for (the )?[A-Z][\w-]*['’]s\b", re.I)
_LIST_NOT_PRIORITIES = re.compile(r"progress|achiev|has seen|values|ethos|we have|completed|delivered", re.I)


def _has_priority_cue(seg: Segment) -> bool:
    """A sentence naming the partnership's own priorities ('Our priorities for 2023-24 are'), not anyone's
    ('links to the Council's priorities', 'has not been identified as a Priority Area')."""
    return (
        any(s.label_ == "PRIORITY" for s in seg.spans("cue"))
        and bool(_OWN_PRIORITY.search(seg.text))
        and not _NOT_OWN_PRIORITY.search(seg.text)
    )


def priorities(tagged: TaggedDocument) -> list[Mention]:
    """Themes the partnership names as priorities: in a sentence or heading about priorities, or the list it introduces."""
    out: list[Mention] = []
    intro_period: str | None = None
    in_list_after_intro = False
    list_intro = ""
    focus: tuple[str, int] | None = None  # "areas for attention in 2022-23": (period, block) of the last such sentence
    for seg in tagged.segments:
        block = tagged.document.blocks[seg.block_index]
        title_line = _FOCUS_TITLE.fullmatch(seg.text.strip()) is not None and not seg.text.strip().isupper()
        if block.kind is BlockKind.heading or seg.text.strip().isupper():
            focus = None
        elif focus and title_line and seg.block_index - focus[1] <= _FOCUS_SPAN_BLOCKS and seg.kind is BlockKind.paragraph:
            # the short titles of the sections that follow name the areas, one each
            for span in seg.spans("theme"):
                out.append(seg.mention("PRIORITY", span.start_char, span.end_char, "priority.focus_title", theme=span.id_, period=focus[0]))
            continue
        if seg.kind is not BlockKind.table and _AREAS_OF_FOCUS.search(seg.text) and period_in(seg.text):
            period = period_in(seg.text)
            years = re.findall(r"20\d\d\s*[-/–]\s*\d\d", seg.text)
            focus = (period_in(years[-1]) if years else period, seg.block_index)  # "Our 2021-22 report identified areas for attention in 2022-23"
        heading_cue = [h for h in seg.headings[-2:] if re.search(r"\bpriorit", h, re.I)]
        as_list = seg.kind is BlockKind.list_item or is_numbered_table(seg)
        own_cue = _has_priority_cue(seg) and not is_numbered_table(seg)
        if not as_list:
            in_list_after_intro = own_cue and seg.text.rstrip().endswith(":") and not _LIST_NOT_PRIORITIES.search(seg.text)
            list_intro = seg.text
            if in_list_after_intro:
                intro_period = period_in(seg.text)
        elif not in_list_after_intro and _LIST_NOT_PRIORITIES.search(list_intro):
            continue  # "Progress to date has seen:", "This ethos is reflected in our shared values."
        if own_cue and not re.search(r"\b(progress against|previous|last year)\b|\b(were|was)\b(?!\s+the\s+(\w+['’]s\s+)?priorities\s+for\b)", seg.text, re.I):
            period = period_in(seg.text) or (period_in(heading_cue[-1]) if heading_cue else None)
            rule = "priority.sentence"
        elif as_list and (in_list_after_intro or (heading_cue and not _is_progress(heading_cue))):
            period = intro_period if in_list_after_intro else period_in(heading_cue[-1])
            rule = "priority.list"
        else:
            continue
        if seg.kind is BlockKind.table and not as_list:
            continue
        for span in seg.spans("theme"):
            out.append(seg.mention("PRIORITY", span.start_char, span.end_char, rule, theme=span.id_, period=period))
    return out


_AREAS_OF_FOCUS = re.compile(r"\b(areas?|themes?) (for|of) (attention|focus)\b|\bfocus areas\b", re.I)
_FOCUS_TITLE = re.compile(r"[A-Z][\w'’&/-]*(?:\s+[\w'’&/-]+){0,5}")
_FOCUS_SPAN_BLOCKS = 40


def _is_progress(headings: list[str]) -> bool:
    return any(re.search(r"progress|achiev|review of|last year", h, re.I) for h in headings)


# ---------------------------------------------------------------- reviews

_CASE_CODE = re.compile(r"\b(Child|Baby|Infant|Young Person|Sibling|Family|Children)\s+([A-Z]{1,2})(?![\w'’])(\s*\([^)]{1,30}\))?")
_REVIEW_ACRONYM = r"(?:LCSPR|CSPR|SPR|SCR|SAR|DHR|Rapid Review|Serious Case Review|Safeguarding Practice Review|Safeguarding Adults? Review|Domestic Homicide Review|Learning Review|Thematic Review)"
_NAMED_AFTER = re.compile("(?i:" + _REVIEW_ACRONYM[3:] + r"s?\s*(?:[-–:]\s*|\s+)?(?:for\s+|into\s+|of\s+|on\s+)?(?:the\s+(?:death|case)\s+of\s+)?['‘\"“]?([A-Z][^\W\d_]{2,}(?:\s+[A-Z][^\W\d_]+)?)['’\"”]?")
_NAMED_BEFORE = re.compile(r"['‘\"“]?([A-Z][^\W\d_]{2,})['’\"”]?\s+" + _REVIEW_ACRONYM + r"s?\b")
_NAMED_PAIR_BEFORE = re.compile(r"\b([A-Z][^\W\d_]{2,})\s+(?:and|&)\s+[A-Z][^\W\d_]{2,}\s+" + _REVIEW_ACRONYM + r"s\b")
_QUOTED_TITLE = re.compile(r"['‘\"“]((?:[A-Z][\w&-]*|and|of|the|in|for|a|to|&)(?:\s+(?:[A-Z][\w&-]*|and|of|the|in|for|a|to|&)){1,9})['’\"”]")
_NOT_NAMES = {
    "The", "This", "These", "That", "Local", "National", "Child", "Children", "Review", "Reviews", "Safeguarding", "Practice",
    "Partnership", "Panel", "Serious", "Rapid", "Case", "Learning", "Thematic", "Report", "Reports", "Action", "Plan", "Group",
    "Board", "Our", "All", "Each", "Both", "Two", "Three", "Four", "One", "Five", "Its", "Their", "Key", "Following", "Findings",
    "Published", "Recommendations", "Themes", "Multi", "Agency", "Executive", "Summary", "Annual", "Independent", "Police",
    "Council", "Health", "Social", "Care", "Domestic", "Homicide", "Adults", "Adult", "Where", "When", "Within", "From", "With",
    "Update", "Briefing", "Briefings", "Page", "Appendix", "Priority", "Since", "During", "After", "Before", "Further", "Quality",
    "Assurance", "Early", "Help", "Family", "Voice", "Subgroup", "Sub", "Meeting", "Meetings", "Process", "Processes", "Committee",
    "Scrutiny", "Strategic", "Stage", "Phase", "Team", "Teams", "Lessons", "Learnt", "Training", "Programme", "Section",
}
_CONDUCTED = re.compile(
    r"\b((?:[A-Z][\w'’-]+\s+(?:&|and)\s+)?[A-Z][\w'’-]+)\s+(?:Safeguarding\s+Children\s+Partnership|CSCP|SCP|LCSPR|Safeguarding\s+Adults\s+Board)"
)
_ADULTS_BOARD = re.compile(r"\b((?:[A-Z][\w'’-]+\s+(?:&|and)\s+)?[A-Z][\w'’-]+\s+Safeguarding\s+Adults?\s+Board)")


def reviews(tagged: TaggedDocument, ctx: DocContext) -> list[Mention]:
    out: list[Mention] = []
    last_type: tuple[str, int] | None = None  # the review type the text last named, and in which block
    proper = _proper_words(tagged.document.text)
    published = {  # review types the document says were published: "3 CSPRs were published between April and March"
        t.id_ for seg in tagged.segments for t in seg.spans("cue")
        if t.label_ == "REVIEW_TYPE" and "published" in {c.id_ for c in seg.spans("cue") if c.label_ == "STATUS"}
    }
    by_block: dict[int, list[Segment]] = {}
    for seg in tagged.segments:
        by_block.setdefault(seg.block_index, []).append(seg)
    for seg in tagged.segments:
        if seg.kind is BlockKind.table:
            continue
        base = seg.sent.start_char if seg.sent is not None else 0
        titled = _titled_review(seg, by_block, tagged, proper, ctx)
        if titled is not None:
            out.append(titled)
        for name, start, end, rule in _review_names(seg.text, ctx):
            review_type, status = _review_type(seg, start), _status(seg)
            if status in ("unknown", "commissioned"):
                status = _status_after(seg, by_block) if status == "unknown" else _later_stage(status, _status_after(seg, by_block))
            coded = rule in ("review.case_code", "review.case_pair")
            if review_type is None and (coded or rule == "review.quoted_after_type") and re.search(r"\breview\b", seg.text, re.I):
                review_type = "lcspr"  # "the recommendations from the review" of a coded case: a practice review
            if review_type is None and not coded:
                continue  # a coded case named without a review type still says what stage its review is at
            if rule == "review.quoted_after_type" and (review_type == "national_review" or not _plain_name(name, proper, ctx, learning=review_type == "learning_review")):
                continue
            out.append(
                seg.mention(
                    "REVIEW", base + start, base + end, rule,
                    case_name=name, review_type=review_type, status=status, conducted_by=_conducted_by(seg, ctx, review_type),
                )
            )
        for span in seg.spans("cue"):
            if span.label_ == "NATIONAL_REVIEW":  # a review of the national Panel, known by its title
                status = _status(seg)
                out.append(seg.mention("REVIEW", span.start_char, span.end_char, "review.national_title", case_name=span.id_,
                                       review_type="national_review", status="completed" if status == "unknown" else status, conducted_by=None))
        types = [s.id_ for s in seg.spans("cue") if s.label_ == "REVIEW_TYPE"]
        if seg.kind is not BlockKind.list_item and types:
            last_type = (types[0], seg.block_index)
        listed = _listed_review(seg, last_type, proper) or _section_review(seg, tagged, proper)
        if listed and listed.attrs["status"] == "unknown" and listed.attrs["review_type"] in published:
            listed = listed.model_copy(update={"attrs": {**listed.attrs, "status": "published"}})
        if listed:
            out.append(listed)
    return out


_FOLLOW_ON = re.compile(r"^\W*(it|its|the review|this review|the lcspr|the report|the partners?|publication|its publication)\b", re.I)


def _status_after(seg: Segment, by_block: dict[int, list[Segment]], limit: int = 3) -> str:
    """A review named without its stage: the stage the next sentences of its paragraph give ('It is in progress.',
    'The review had been completed, but its publication was being held back ...')."""
    later = [s for s in by_block.get(seg.block_index, []) if s.start > seg.start][:limit]
    for other in later:
        if not _FOLLOW_ON.match(other.text) and not re.search(r"\breview\b", other.text, re.I):
            continue
        status = _status(other)
        if status != "unknown":
            return status
    return "unknown"


def _later_stage(status: str, later: str) -> str:
    """'has commissioned a review ... The review is in progress': the later sentence tells the stage reached."""
    return later if later in ("in_progress", "completed", "published", "awaiting_publication") else status


_TITLE_NAME = r"['‘\"“]?(?P<name>[^\W\d_][^()\"“”:–—]{1,60}?)['’\"”]?"
_TITLE_LINES = (
    # "Olivia – local child safeguarding practice review", "Archie (LCSPR) — published December 2023",
    # "\"Leo\" (published September 2024)", "Harmful sexual behaviour in schools (multi-agency learning review) — completed"
    re.compile(r"^\s*" + _TITLE_NAME + r"\s*(?:\((?P<inner>[^()]{2,60})\))?\s*(?:[–—:-]\s*(?P<rest>.{2,80}?))?\s*\.?\s*$"),
)
_TYPE_THEN_TITLE = re.compile(r"^\s*(?P<type>(?:thematic|learning|multi-agency learning|practice) review)\s*:\s*(?P<name>[^\W\d_][^()]{2,80}?)\s*\.?\s*$", re.I)
_RUN_IN = re.compile(
    r"^\s*(?:\d+(?:\.\d+)*\s+)?['‘\"“]?(?P<name>(?:Child|Baby|Family|Young Person|Adult)\s+[A-Z](?:\s+(?:and|&)\s+(?:(?:Child|Baby)\s+)?[A-Z])?"
    r"|[A-Z][^\W\d_]{2,}(?:\s+[A-Z][^\W\d_]{2,})?)['’\"”]?\s*(?P<sep>\.|\s[–—]|:)\s+(?P<rest>\S.*)$",
    re.S,
)


def _plain_name(name: str, proper: set[str], ctx: DocContext, *, learning: bool) -> bool:
    """A case name: a coded case ('Child F and Child G'), a name the document never writes in lower case, or, for a
    learning or thematic review, its title."""
    name = name.strip()
    if _CASE_CODE.fullmatch(name) or re.fullmatch(r"(?:Child|Baby|Young Person|Adult|Family|Mr|Mrs|Ms|Miss)\s+[A-Z](?:\s+(?:and|&)\s+(?:(?:Child|Baby)\s+)?[A-Z])?", name):
        return True
    words = name.split()
    if learning:
        return 2 <= len(words) <= 10 and words[0] not in _NOT_NAMES
    return 1 <= len(words) <= 2 and all(w in proper and w not in _NOT_NAMES for w in words) and name.lower() not in ctx.area_ids


def _titled_review(seg: Segment, by_block: dict[int, list[Segment]], tagged: TaggedDocument, proper: set[str], ctx: DocContext) -> Mention | None:
    """A review named by a line of its own, or by the run-in name that opens its paragraph ('Ellie. Ellie was 16 ...
    The review, published in January 2023, ...'), with its type and stage from the line or the paragraph."""
    block_segments = by_block.get(seg.block_index, [])
    block_text = tagged.document.block_text(tagged.document.blocks[seg.block_index]).strip()
    whole_line = len(block_segments) == 1 and len(block_text.split()) <= 16
    name = review_type = None
    status = "unknown"
    types = [s.id_ for s in seg.spans("cue") if s.label_ == "REVIEW_TYPE"]
    if whole_line:
        typed = _TYPE_THEN_TITLE.match(seg.text)
        titled = None if typed else _TITLE_LINES[0].match(seg.text)
        if typed:
            name, review_type = typed.group("name"), "learning_review"
        elif titled and (titled.group("inner") or titled.group("rest")) and (types or _status(seg) != "unknown"):
            name = titled.group("name")
            review_type = types[0] if types else None
        if name is None:
            return None
        status = _status(seg)
        following = [s for i in range(seg.block_index + 1, min(seg.block_index + 3, len(tagged.document.blocks))) for s in by_block.get(i, [])]
        if review_type is None or status == "unknown":
            # the paragraph under the title says what was done: "The review was published in March 2021."
            for other in following[:4]:
                if review_type is None:
                    named = [s.id_ for s in other.spans("cue") if s.label_ == "REVIEW_TYPE"]
                    review_type = named[0] if named else None
                if status == "unknown" and (_FOLLOW_ON.match(other.text) or re.search(r"\breview\b", other.text, re.I)):
                    status = _status(other)
        review_type = review_type or "lcspr"
    elif block_segments and seg is block_segments[0]:
        run_in = _RUN_IN.match(block_text)
        if not run_in:
            return None
        name = run_in.group("name")
        rest = block_segments
        named = [s.id_ for other in rest for s in other.spans("cue") if s.label_ == "REVIEW_TYPE"]
        if not named and not re.search(r"\breview\b", run_in.group("rest"), re.I):
            return None
        if run_in.group("sep") != "." and not named:
            return None  # "Lily – our local child safeguarding practice review ...": the line itself names the review
        review_type = named[0] if named else "lcspr"
        statuses = {_status(other) for other in rest}
        status = next((s for s in ["awaiting_publication", "published", "completed", "in_progress", "commissioned"] if s in statuses), "unknown")
    else:
        return None
    name = name.strip().strip("'‘’\"“”").strip()
    if not _plain_name(name, proper, ctx, learning=review_type in ("learning_review",)):
        return None
    if review_type == "national_review":
        return None
    base = seg.sent.start_char if seg.sent is not None else 0
    conducted = None
    if review_type == "other":
        board = _ADULTS_BOARD.search(" ".join(s.text for s in block_segments))
        conducted = board.group(1) if board else None
    return seg.mention("REVIEW", base, base + len(seg.text), "review.title_line" if whole_line else "review.run_in",
                       case_name=name[:1].upper() + name[1:], review_type=review_type, status=status, conducted_by=conducted)


def _section_title(tagged: TaggedDocument, block_index: int) -> str:
    """The heading above a block, or the last short capitalised title line (text without headings)."""
    blocks = tagged.document.blocks
    for index in range(block_index - 1, max(-1, block_index - 40), -1):
        text = tagged.document.block_text(blocks[index]).strip()
        if blocks[index].kind is BlockKind.heading or (blocks[index].kind is BlockKind.paragraph and text.isupper() and 2 <= len(text.split()) <= 16):
            return text
    return tagged.headings[block_index][-1] if tagged.headings[block_index] else ""


def _section_review(seg: Segment, tagged: TaggedDocument, proper: set[str]) -> Mention | None:
    """A line that is only a name ('Stephen', 'Child D') in a section titled for practice reviews: a review listed
    in a table flattened into lines."""
    text = seg.text.strip()
    if seg.kind is not BlockKind.paragraph or tagged.document.block_text(tagged.document.blocks[seg.block_index]).strip() != text:
        return None
    coded = _CASE_CODE.fullmatch(text)
    if not coded and not (re.fullmatch(r"[A-Z][^\W\d_]{2,}", text) and text in proper and text not in _NOT_NAMES):
        return None
    if seg.spans("theme") or seg.spans("org") or seg.spans("area") or seg.spans("metric"):
        return None
    title = _section_title(tagged, seg.block_index)
    if not re.search(r"\breview|\bLCSPR|\bCSPR|\bSCR\b|\bSPR", title, re.I) or re.search(r"\bnational\b", title, re.I):
        return None
    low = title.lower()
    review_type = "scr" if "serious case" in low else "rapid_review" if "rapid" in low else "learning_review" if "thematic" in low or "learning review" in low else "lcspr"
    return seg.mention("REVIEW", seg.sent.start_char if seg.sent is not None else 0, len(text), "review.section_list",
                       case_name=text, review_type=review_type, status="unknown", conducted_by=None)


_LISTED = re.compile(
    r"^\s*(?P<name>(?:Child|Baby|Family|Young Person)\s+[A-Z]{1,2}\b|[A-Z][^\W\d_]{2,}(?:\s+[A-Z][^\W\d_]+)?)\s*[-–:,]?\s+"
    r"(?=(?:was\s+|is\s+|has been\s+)?(published|awaiting|completed|concluded|finalised|commissioned|ongoing|in progress|underway))"
)


def _listed_review(seg: Segment, last_type: tuple[str, int] | None, proper: set[str]) -> Mention | None:
    """'- Jake published July 2023' in the list after 'we finalised three Safeguarding Practice Reviews': a named
    review in a list under a paragraph that names the review type."""
    if seg.kind is not BlockKind.list_item or last_type is None or seg.block_index - last_type[1] > 4:
        return None
    match = _LISTED.match(seg.text)
    if not match:
        return None
    name = match.group("name")
    if name.split()[0] in _NOT_NAMES or (len(name.split()) == 1 and name not in proper):
        return None
    base = seg.sent.start_char if seg.sent is not None else 0
    return seg.mention("REVIEW", base + match.start("name"), base + match.end("name"), "review.listed",
                       case_name=name, review_type=last_type[0], status=_status(seg), conducted_by=None)


def _proper_words(text: str) -> set[str]:
    """Capitalised words the document never writes in lower case: names ('Jake'), not words ('Suicide')."""
    lower = set(re.findall(r"\b[a-z][^\W\d_]+\b", text))
    return {w for w in set(re.findall(r"\b[A-Z][a-z][^\W\d_]*\b", text)) if w.lower() not in lower}


_CASE_PAIR = re.compile(r"\b(?:(?:Child|Baby)\s+[A-Z]\s+(?:and|&)\s+(?:Child|Baby)\s+[A-Z]|(?:Siblings|Twins|Children|Babies)\s+[A-Z]\s+(?:and|&)\s+[A-Z])(?![\w'’])")
_QUOTED_AFTER_REVIEW = re.compile(r"\breview\b(?:,|\s+(?:of|into|in|on|called|titled|entitled|named|known as))?(?:\s+the\s+(?:death|case)\s+of)?\s*['‘\"“](?P<title>[^'’\"”]{2,60})['’\"”]", re.I)


# a sentence holding none of these cannot match any pattern below (the review words as _NAMED_AFTER reads
# them, without regard to case, so "sar" in "necessary" counts): most sentences are ruled out by substring tests
_REVIEW_HINT_CASED = ("Child", "Bab", "Infant", "Young Person", "Sibling", "Family", "Twins")
_REVIEW_HINT_WORDS = ("review", "spr", "scr", "sar", "dhr", "panel")


def _review_names(text: str, ctx: DocContext):
    if not any(word in text for word in _REVIEW_HINT_CASED):
        low = text.lower()
        if not any(word in low for word in _REVIEW_HINT_WORDS):
            return
    pairs = list(_CASE_PAIR.finditer(text))
    for match in pairs:  # "Child F and Child G", "Siblings D and E": one review of both
        yield match.group(0), match.start(), match.end(), "review.case_pair"
    codes = [m for m in _CASE_CODE.finditer(text) if not any(p.start() <= m.start() < p.end() for p in pairs)]
    quoted = [] if re.search(r"national (review|panel)|review panel", text, re.I) else list(_QUOTED_AFTER_REVIEW.finditer(text))
    for match in quoted:
        title = match.group("title").strip()
        if any(p.start() <= match.start("title") < p.end() for p in pairs) or _CASE_CODE.fullmatch(title):
            continue
        yield title, match.start("title"), match.end("title"), "review.quoted_after_type"
    for match in codes:
        name = f"{match.group(1)} {match.group(2)}"
        before = re.search(r"([A-Z][^\W\d_]{2,})\s*\(\s*$", text[: match.start()])
        if before and before.group(1) not in _NOT_NAMES:
            # "Tashaûn (Child C)": the name the case is known by, with its code
            yield f"{before.group(1)} ({name})", before.start(1), match.end() + 1, "review.named_code"
            continue
        if match.group(3) and re.match(r"\s*\(Child [A-Z]\)", match.group(3)):
            name += match.group(3)
        yield name.strip(), match.start(), match.end(), "review.case_code"
    for pattern, rule in ((_NAMED_AFTER, "review.named_after_type"), (_NAMED_BEFORE, "review.named_before_type")):
        for match in pattern.finditer(text):
            name = match.group(1)
            if any(q.start("title") <= match.start(1) < q.end("title") for q in quoted) or re.match(r"\s+[A-Z](?![\w'’])", text[match.end(1) :]):
                continue  # a word of a quoted title read above; "Baby H", a coded case read above
            first = name.split()[0]
            if first in _NOT_NAMES or name.isupper():
                continue
            if len(name.split()) > 1 and name.split()[1] in _NOT_NAMES:
                name = first
            if name.lower() in ctx.area_ids or re.match(r"\s*\(\s*(Child|Baby|Young Person|Family)\s+[A-Z]", text[match.end(1) :]):
                continue  # "City & Hackney LCSPR": a place, not a case; "Tashaûn (Child C)" already read
            yield name, match.start(1), match.end(1), rule
    for match in _NAMED_PAIR_BEFORE.finditer(text):  # "the Madeleine and Sylvia SARs"
        if match.group(1) not in _NOT_NAMES and match.group(1).lower() not in ctx.area_ids:
            yield match.group(1), match.start(1), match.end(1), "review.named_pair"
    if re.search(r"national (review|panel)|review panel", text, re.I):
        for match in _QUOTED_TITLE.finditer(text):
            yield match.group(1), match.start(1), match.end(1), "review.quoted_title"


def _review_type(seg: Segment, position: int) -> str | None:
    types = [s for s in seg.spans("cue") if s.label_ == "REVIEW_TYPE"]
    heading_types = [h for h in seg.headings[-2:] if re.search(r"review|LCSPR|SCR|SPR", h)]
    if not types:
        if heading_types:
            low = heading_types[-1].lower()
            if "national" in low:
                return "national_review"
            if "serious case" in low or "scr" in low:
                return "scr"
            if "rapid" in low:
                return "rapid_review"
            return "lcspr"
        return None
    base = seg.sent.start_char if seg.sent is not None else 0
    nearest = min(types, key=lambda s: abs(s.start_char - base - position))
    return nearest.id_


def _status(seg: Segment) -> str:
    statuses = [s.id_ for s in seg.spans("cue") if s.label_ == "STATUS"]
    order = ["awaiting_publication", "published", "completed", "in_progress", "commissioned"]
    for status in order:
        if status in statuses:
            return status
    return "unknown"


def _conducted_by(seg: Segment, ctx: DocContext, review_type: str) -> str | None:
    text = seg.text + " " + " ".join(seg.headings[-1:])
    if review_type == "other":
        match = _ADULTS_BOARD.search(text)
        if match:
            return match.group(1)
    for match in _CONDUCTED.finditer(text):
        place = match.group(1)
        if ctx.partnership and place.split()[0].lower() in ctx.partnership.lower():
            continue
        if any(place.lower() == a.lower() for a in ctx.areas):
            continue
        return place
    return None


# ---------------------------------------------------------------- partners

_STATUTORY_CONTEXT = re.compile(
    r"statutory (safeguarding )?partners?|three (safeguarding |statutory )?partners|safeguarding partners are|lead (safeguarding )?partners"
    r"|safeguarding partners\b[^.;]{0,90}?\b(are|comprise|consist of)\b|\bpartners (who|that) lead\b"
    r"|^\W*(statutory |lead )?safeguarding partners?\s*(\t|\||$)",
    re.I,
)
_MEMBER_CONTEXT = re.compile(
    r"relevant agenc|represented on|agencies represented|board members|membership|member agencies|partners include|attendance"
    r"|accompanied by|^\W*(also\s+)?present\b|officers and partners",
    re.I,
)
_ORG_SUFFIX = re.compile(r"\b(Council|Board|Police|Trust|Constabulary|Service|Services|Group|Team|Brigade|Commissioner)\b")
_LEADING = re.compile(r"^((The|A|An|Our|In|At|By|From|With|And|For|To|Of|Both|All|Each|This|That|These|Local|Key|Also|Including|Whilst|While|Where|When)\s+)+")


def org_spans(seg: Segment) -> list[tuple[int, int, str, str]]:
    """(start, end, surface, canonical) of the organisations a sentence names: the register's names, and names
    of a known form ('Amberleigh Council', 'NHS Greywold Integrated Care Board') that the register lacks."""
    spans = seg.spans("org")
    spans = [s for s in spans if not any(o.start <= s.start and s.end <= o.end and len(o) > len(s) for o in spans)]
    found = [(s.start_char, s.end_char, s.text, s.id_) for s in spans]
    shapes = []
    for span in seg.spans("org_shape"):
        text = span.text
        trimmed = _LEADING.sub("", text)
        start = span.start_char + len(text) - len(trimmed)
        head = trimmed[: -len(trimmed.split()[-1])] if trimmed.split() else ""
        if len(trimmed.split()) < 2 or _ORG_SUFFIX.search(head.rsplit(" ", 3)[0] if len(head.split()) > 3 else "") or re.search(
            r"\b(Council|Board|Police|Trust|Constabulary|Group)\b\s+(and|&)\s", trimmed
        ):
            continue
        if _GENERIC_SHAPE.search(trimmed):
            continue  # "the Chief Officer of Police": the role, not a force; "Health, Housing and Police": sectors
        shapes.append((start, span.end_char, trimmed, ""))
    shapes.sort(key=lambda s: s[0] - s[1])  # longest first
    for shape in shapes:
        if not any(a < shape[1] and shape[0] < b for a, b, _, _ in found):
            found.append(shape)
    return found


_PLACES_BEFORE_VERB = re.compile(
    r"\bpartners?\s+(?:in|for|across|covering|of)\s+(?P<places>[^.;:]{0,160}?)\s+(?:are|is|comprise|consist of|include)\b", re.I
)


_MAX_NAME_ITEM_WORDS = 15
_TITLE_LINE = re.compile(r"[A-Z][\w'’&-]*(?:\s+[\w'’&-]+){0,5}")  # a few words, no sentence punctuation
_GENERIC_SHAPE = re.compile(
    r"^((Chief )?Officers? of Police|Chief Constable|Local Authorit(y|ies)|Police and Crime Commissioner)\b"
    r"|^(Health|Housing|Education|Schools?|Probation|Police|Social Care|Children'?s Services)\s*(,|and|&)\s", re.I
)


# words one of which every _MEMBER_CONTEXT phrase holds (as every _STATUTORY_CONTEXT phrase holds "partner"):
# a line without them is ruled out by substring tests, far quicker than the patterns
_MEMBER_CONTEXT_WORDS = ("agenc", "represented", "member", "partners", "attendance", "accompanied", "present")


@lru_cache(maxsize=8192)  # headings and list lead-ins are asked about once per sentence under them
def _line_role(text: str, *, table: bool) -> str | None:
    """The role a sentence (or a table line) gives the organisations it names."""
    low = text.lower()
    if "partner" in low and _STATUTORY_CONTEXT.search(text):
        return "statutory_partner"
    if not table and any(word in low for word in _MEMBER_CONTEXT_WORDS) and _MEMBER_CONTEXT.search(text):
        return "relevant_agency"
    return None


@lru_cache(maxsize=4096)
def _title_role(title: str) -> str | None:
    """The role a heading gives the organisations listed under it."""
    if _STATUTORY_CONTEXT.search(title):
        return "statutory_partner"
    if _MEMBER_CONTEXT.search(title) or re.search(r"agencies|partners\b", title, re.I):
        return "relevant_agency"
    return None


def partners(tagged: TaggedDocument) -> list[Mention]:
    """Organisations in the arrangements, with the role the sentence, its list's lead-in or its heading gives them.

    An organisation named where nothing gives it a role is kept as 'named': the normaliser keeps it only when
    it is a statutory partner by what it is (the local authority of the partnership's own area)."""
    out: list[Mention] = []
    role_context: str | None = None
    last_block = -1
    for seg in tagged.segments:
        own_role = _line_role(seg.text, table=seg.kind is BlockKind.table)
        heading_role = None
        titles = seg.headings[-2:] + ([_section_title(tagged, seg.block_index)] if seg.kind is BlockKind.list_item else [])
        for heading in titles:
            title_role = _title_role(heading)
            if title_role == "statutory_partner":
                heading_role = title_role
            elif title_role:
                heading_role = heading_role or title_role
        if seg.kind is BlockKind.table:
            out += _table_partners(seg, role_context or heading_role)
            continue
        short_line = (
            seg.kind is BlockKind.paragraph and len(seg.text.split()) <= _MAX_NAME_ITEM_WORDS and own_role is None
            and not seg.text.rstrip().endswith(":") and not seg.text.strip().isupper()
        )
        listed = seg.kind is BlockKind.list_item or (short_line and role_context is not None and seg.block_index - last_block <= 1)
        if not listed:
            # a list takes the role of the sentence that introduces it ("The safeguarding partners are:"), as do
            # the short lines that follow such a sentence when the text has no list marks; a title line set as
            # text ("Relevant agencies") introduces them as a heading would
            role_context = own_role if seg.text.rstrip().endswith(":") or own_role == "statutory_partner" else None
            if role_context is None and seg.kind is BlockKind.paragraph and _TITLE_LINE.fullmatch(seg.text.strip()):
                role_context = _title_role(seg.text.strip())
        last_block = seg.block_index
        role = own_role or (role_context if listed else None)
        if role is None and seg.kind is BlockKind.list_item and len(seg.text.split()) <= _MAX_NAME_ITEM_WORDS:
            role = heading_role  # a list of names under a heading about partners; not a list of sentences about them
        places = _PLACES_BEFORE_VERB.search(seg.text) if role == "statutory_partner" else None
        base = seg.sent.start_char if seg.sent is not None else 0
        for start, end, text, canonical in org_spans(seg):
            if places and places.start("places") <= start - base < places.end("places"):
                continue  # "The safeguarding partners in the London Borough of Harbourside are ...": a place
            out.append(seg.mention("PARTNER", start, end, f"partner.{role or 'named'}", name=text, canonical=canonical, role=role or "named"))
    return out


def _table_partners(seg: Segment, context_role: str | None) -> list[Mention]:
    """A table gives roles line by line: a line saying 'statutory partners' its own organisations, a header line
    saying so every line below; an attendance table's organisations are members."""
    lines = seg.text.split("\n")
    header_role = _line_role(lines[0], table=True)
    table_role = header_role or context_role or ("relevant_agency" if _is_attendance_table(seg) else None)
    bounds, offset = [], 0
    for line in lines:
        bounds.append((offset, offset + len(line), _line_role(line, table=True) or table_role))
        offset += len(line) + 1
    out = []
    base = seg.sent.start_char if seg.sent is not None else 0
    for start, end, text, canonical in org_spans(seg):
        role = next((r for a, b, r in bounds if a <= start - base < b), table_role)
        out.append(seg.mention("PARTNER", start, end, f"partner.{role or 'named'}", name=text, canonical=canonical, role=role or "named"))
    return out


def _is_attendance_table(seg: Segment) -> bool:
    return bool(re.search(r"^(organisation|agency|partner)", seg.text, re.I)) and bool(re.search(r"\b(yes|no)\b", seg.text, re.I))


# ---------------------------------------------------------------- people

_TITLE = r"(?:Dr|Cllr|Councillor|Professor|Prof|Reverend|Revd|Rev|Mrs|Mr|Ms|Miss)\.?"
_NAME = r"((?:" + _TITLE + r"\s+)?[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?\s+(?:(?:Mc|Mac|O')?[A-Z][a-z]+(?:-[A-Z][a-z]+)?))"
_TWO_CAPITALISED = re.compile(r"[A-Z][a-z]+(?:[-'][A-Z][a-z]+)?\s+(?:Mc|Mac|O')?[A-Z][a-z]")  # what any _NAME holds
_NAME_THEN_ROLE = re.compile(_NAME + r"(?:\s+(?:QPM|OBE|MBE|CBE))?\s*(?:,|\(|–|-|:)\s*(?:the\s+|our\s+)?([^)\n;]{3,120})")
_ROLE_THEN_NAME = re.compile(r"(?:[Ii]ndependent [A-Z]?[a-z]+(?: [A-Z]?[a-z]+)?|[Cc]hair|[Dd]irector[^,.;]{0,60}|[Ss]cru[a-z]+|[Mm]anager|[Cc]ommander|[Ss]uperintendent|[Nn]urse)\s*,?\s+" + _NAME)
_NOT_PERSON_WORDS = {
    "Safeguarding", "Children", "Council", "Police", "Partnership", "Board", "Service", "Services", "Trust", "Health", "Care",
    "Executive", "Director", "Independent", "Local", "National", "Chief", "Young", "People", "Child", "Review", "Annual", "Report",
    "London", "Borough", "City", "County", "Integrated", "North", "South", "East", "West", "Central", "Basic", "Command", "Unit",
    "Metropolitan", "Early", "Help", "Public", "Social", "Family", "Families", "Education", "Learning", "Practice", "Panel",
    "Group", "Team", "Commissioner", "Scrutineer", "Chair", "Manager", "Head", "Lead", "Designated", "Officer", "Deputy", "Assistant",
    "Detective", "Superintendent", "Nurse", "Section", "Priority", "Working", "Together", "Domestic",
    "Abuse", "Multi", "Agency", "The", "Our", "Dear", "Thank", "Mental", "Community", "Strategic", "Corporate", "Clinical",
    "Commissioning", "Quality", "Assurance", "Youth", "Justice", "Probation", "Fire", "Brigade", "Ambulance", "Foundation", "Royal",
    "Department", "Ofsted", "Cabinet", "Member", "Members", "Committee", "Scrutiny", "Chairs", "Adult", "Adults", "Voluntary",
    "Reviews", "Practise", "Action", "By", "Town", "Clerk", "Report", "Reports", "Summary", "Contact", "Details", "Date",
    "District", "Constabulary", "Hospital", "Councillors", "Present", "Apologies", "Hospitals", "Integrated", "Borough", "Healthwatch", "Diocese", "Commander",
    # words of addresses and venues ('Civic Offices, Market Street', '5 Pancras Square'), never a surname
    "Offices", "Office", "Street", "Road", "Avenue", "Square", "Centre", "Center", "Chamber", "Chambers", "Building", "Buildings", "Crescent",
}
_ROLE_WORDS = re.compile(
    r"(independent [a-z]+|chair|director|scrutineer|commissioner|commander|superintendent|nurse|manager|head of|chief|"
    r"officer|lead|clerk|advisor|adviser)", re.I)
_COUNCILLOR = re.compile(r"(?:Councillor|Cllr)\b")
_MEMBER_WORDS = re.compile(r"\b(member|vice[- ]chair|chair|co-opted|clerk|officer|representative)\b", re.I)
_ATTENDANCE_LINE = re.compile(r"^\W*(also\s+)?(present|in attendance|attendees|members present)\b", re.I)
_SUCCESSOR = re.compile(r"\b(?:replaced by|succeeded by|taking over from|took over from|succeeding|replacing)\s+" + _NAME)


_ROLE_LEAD = re.compile(
    r"(Independent|Chair|Director|Executive|Head of|Business Manager|Partnership Manager|Chief|Detective|Superintendent|Commander|"
    r"Scrutineer|Commissioner|Designated|Corporate|Strategic|Assistant|Deputy|Accountable)\b")


def _plausible_name(name: str, places: frozenset[str] = frozenset()) -> bool:
    """Two or more words, none a word of organisations or roles, and not opening with a place the areas
    register knows ('Harbourside Learning', 'Kingsbridge Youth'): a place phrase, not a person."""
    words = re.sub(r"^" + _TITLE + r"\s+", "", name).split()
    if len(words) < 2 or any(w in _NOT_PERSON_WORDS for w in words):
        return False
    return words[0].casefold() not in places and " ".join(words).casefold() not in places


def _names_then_roles(text: str, plausible) -> Iterator[re.Match]:
    """'Rachel Okafor, Director of Children's Services': each plausible name with the role after it. A match
    whose 'name' is no person's ('Northmoor Council – represented by Rachel Okafor, ...') gives up only its
    name, so that a name in the text after it is still read."""
    position = 0
    while match := _NAME_THEN_ROLE.search(text, position):
        if plausible(match.group(1)):
            yield match
            position = match.end()
        else:
            position = match.end(1)


def people(tagged: TaggedDocument, places: frozenset[str] = frozenset()) -> list[Mention]:
    """People named with a role. ``places`` are the area names of the areas register, lower-cased."""
    def plausible(name: str) -> bool:
        return _plausible_name(name, places)

    out: list[Mention] = []
    blocks = tagged.document.blocks
    for seg in tagged.segments:
        base = seg.sent.start_char if seg.sent is not None else 0
        if seg.kind is BlockKind.table:
            # "Report of:<tab>Jon Chapman: Chair of ...": a cover sheet's rows name people with their roles
            for line in seg.text.splitlines():
                cells = [c.strip() for c in line.split("\t")]
                for col, cell in enumerate(cells):
                    match = re.match(_NAME + r"\s*(?::|,|–|-)?\s*(.{3,160})$", cell)
                    if match and plausible(match.group(1)) and _ROLE_WORDS.search(match.group(2)):
                        out.append(seg.row_mention("PERSON", match.group(1), line.split("\t"), "person.table_row", name=match.group(1), role_text=match.group(2)))
                        continue
                    alone = re.fullmatch(_NAME + r"(?:\s*\(([^)]{3,80})\))?", cell)
                    after = next((c for c in cells[col + 1 :] if c), "")
                    # an attendance table: "Councillor Jo Bell | Vice-Chair | Present"
                    if alone and plausible(alone.group(1)) and (_ROLE_WORDS.search(after) or _COUNCILLOR.match(alone.group(1)) or _MEMBER_WORDS.search(after)):
                        role_text = alone.group(2) or after
                        out.append(seg.row_mention("PERSON", alone.group(1), line.split("\t"), "person.table_cells", name=alone.group(1), role_text=role_text))
                        continue
                    if len(cell.split()) > _MAX_NAME_ITEM_WORDS:
                        # a cover sheet's prose set in a cell: "... Contact Officer: Rachel Okafor, Director of ..."
                        for named in _names_then_roles(cell, plausible):
                            out.append(seg.row_mention("PERSON", named.group(1), line.split("\t"), "person.table_prose",
                                                       name=named.group(1), role_text=named.group(2)))
            continue
        if not _TWO_CAPITALISED.search(seg.text):
            continue  # every pattern below reads a _NAME: two capitalised words in a row
        if _ATTENDANCE_LINE.match(seg.text):
            # "PRESENT: Councillor Ann Tate (Chair); Councillors Joe Bloggs, Mary Major and Raj Patel."
            for group in re.finditer(r"\b(?:Councillors|Cllrs)\s+((?:[A-Z][\w'’-]+\s+[A-Z][\w'’-]+(?:\s*,\s*|\s+and\s+)?)+)", seg.text):
                for name in re.finditer(_NAME, group.group(1)):
                    if plausible(name.group(1)):
                        start = group.start(1) + name.start(1)
                        out.append(seg.mention("PERSON", base + start, base + start + len(name.group(1)), "person.councillors",
                                               name="Councillor " + name.group(1), role_text="councillor"))
        named = set()
        for match in _names_then_roles(seg.text, plausible):
            name, role_text = match.group(1), match.group(2)
            named.add(match.start(1))
            out.append(seg.mention("PERSON", base + match.start(1), base + match.end(1), "person.name_then_role", name=name, role_text=role_text))
            for successor in _SUCCESSOR.finditer(seg.text, match.end(1)):  # "(retired ... and replaced by Mark Carroll in July 2021)"
                if plausible(successor.group(1)):
                    out.append(seg.mention("PERSON", base + successor.start(1), base + successor.end(1), "person.successor",
                                           name=successor.group(1), role_text=role_text))
        for match in re.finditer(_NAME + r"(?:\s+(?:QPM|OBE|MBE|CBE))?\s+(?=[A-Z])", seg.text):
            # "Keith Makin Independent Scrutineer", "Joanne Procter Head of Service": a signature line, no comma
            rest = seg.text[match.end() : match.end() + 80]
            if match.start(1) not in named and plausible(match.group(1)) and re.match(_ROLE_LEAD, rest):
                named.add(match.start(1))
                out.append(seg.mention("PERSON", base + match.start(1), base + match.end(1), "person.name_role_line", name=match.group(1), role_text=rest))
        for match in _SUCCESSOR.finditer(seg.text):  # "appointed as the new Independent Scrutineer ..., taking over from Eleanor Brazil"
            if match.start(1) not in named and plausible(match.group(1)):
                named.add(match.start(1))
                out.append(seg.mention("PERSON", base + match.start(1), base + match.end(1), "person.predecessor",
                                       name=match.group(1), role_text=seg.text[: match.start()][-120:]))
        for match in re.finditer(r"\(\s*" + _NAME + r"\s*\)", seg.text):  # "a new Independent Scrutineer has been appointed (Keith Makin)"
            if match.start(1) not in named and plausible(match.group(1)):
                named.add(match.start(1))
                out.append(seg.mention("PERSON", base + match.start(1), base + match.end(1), "person.role_then_bracketed_name",
                                       name=match.group(1), role_text=seg.text[max(0, match.start() - 80) : match.start()]))
        for match in _ROLE_THEN_NAME.finditer(seg.text):
            name = match.group(1)
            bracket = re.match(r"\s*\(([^)]*)\)", seg.text[match.end(1) :])
            if bracket and _ROLE_WORDS.search(bracket.group(1)):
                continue  # "accompanied by Dominic Clout (Independent Scrutineer)": the bracket says the role
            if plausible(name):
                role_text = seg.text[max(0, match.start() - 40) : match.start(1)]
                out.append(seg.mention("PERSON", base + match.start(1), base + match.end(1), "person.role_then_name", name=name, role_text=role_text))
    # signatures: a block that is only a name, followed by a block naming the role
    for index, block in enumerate(blocks[:-1]):
        text = tagged.document.block_text(block).strip()
        match = re.fullmatch(r"(?:[A-Z]{2,6}\s+)?" + _NAME + r"(?:\s+(?:QPM|OBE|MBE|CBE))?", text)
        if match and plausible(match.group(1)):
            role_text = tagged.document.block_text(blocks[index + 1])[:160]
            out.append(
                Mention(label="PERSON", text=match.group(1), start=block.start, end=block.start + len(match.group(1)), page=block.page,
                        sentence=text + " / " + role_text, rule="person.signature", attrs={"name": match.group(1), "role_text": role_text})
            )
    return out
